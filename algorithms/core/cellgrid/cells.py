"""Cells of one level: the lattice clipped to the boundary, and the split of dense cells."""

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..deps import shapely
from .lattice import Lattice
from .model import SLIVER, Region

_CELL_FIELDS = ("nest", "rows", "cols", "part", "whole", "geometry")


@dataclass
class Cells:
    """Cells of one level: boundary index, lattice index, piece number and geometry."""

    nest: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    #: 0 when the lattice cell is in one piece, else 1, 2… in reading order.
    part: np.ndarray
    #: True where the cell is its whole lattice cell (not clipped).
    whole: np.ndarray
    geometry: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)

    def take(self, index) -> "Cells":
        return Cells(*(getattr(self, name)[index] for name in _CELL_FIELDS))

    @staticmethod
    def concat(sets: Sequence["Cells"]) -> "Cells":
        return Cells(*(np.concatenate([getattr(s, name) for s in sets]) for name in _CELL_FIELDS))

    @staticmethod
    def lattice_cells(nest, rows, cols, polygons) -> "Cells":
        n = len(rows)
        return Cells(nest, rows, cols, np.zeros(n, dtype=int), np.ones(n, dtype=bool), polygons)

    def sorted(self) -> "Cells":
        """In nest, row, column and piece order (the order points on edges are settled in)."""
        return self.take(np.lexsort((self.part, self.cols, self.rows, self.nest)))


def _pieces(nest, rows, cols, geoms, lattice: Lattice) -> Cells:
    """One cell per polygon piece of clipped lattice cells; slivers and lines are dropped."""
    parts, source = shapely.get_parts(geoms, return_index=True)
    while len(parts):
        kinds = shapely.get_type_id(parts)
        nested = (kinds == shapely.GeometryType.MULTIPOLYGON) | (
            kinds == shapely.GeometryType.GEOMETRYCOLLECTION
        )
        if not nested.any():
            break
        parts, inner = shapely.get_parts(parts, return_index=True)
        source = source[inner]
    keep = (shapely.get_type_id(parts) == shapely.GeometryType.POLYGON) & (
        shapely.area(parts) > SLIVER * lattice.area
    )
    parts, source = parts[keep], source[keep]
    bounds = shapely.bounds(parts).reshape(-1, 4)
    order = np.lexsort((bounds[:, 0], -bounds[:, 3], source))
    parts, source = parts[order], source[order]
    starts = (
        np.flatnonzero(np.r_[True, source[1:] != source[:-1]])
        if len(source)
        else np.zeros(0, dtype=int)
    )
    sizes = np.diff(np.r_[starts, len(source)])
    number = np.arange(len(source)) - np.repeat(starts, sizes) + 1
    number[np.repeat(sizes, sizes) == 1] = 0
    return Cells(
        nest[source], rows[source], cols[source], number, np.zeros(len(source), dtype=bool), parts
    )


def first_level(lattice: Lattice, regions: Sequence[Region]) -> Cells:
    """Level-0 cells: the lattice clipped to each boundary polygon."""
    sets = []
    for n, region in enumerate(regions):
        geom = region.geometry
        rows, cols = lattice.covering(geom.bounds)
        polys = lattice.polygons(rows, cols)
        nest = np.full(len(rows), n)
        shapely.prepare(geom)
        hit = shapely.intersects(geom, polys)
        whole = hit & shapely.contains(geom, polys)
        cut = hit & ~whole
        shapely.destroy_prepared(geom)
        sets.append(Cells.lattice_cells(nest[whole], rows[whole], cols[whole], polys[whole]))
        sets.append(
            _pieces(
                nest[cut], rows[cut], cols[cut], shapely.intersection(polys[cut], geom), lattice
            )
        )
    return Cells.concat(sets).sorted()


def split_cells(parents: Cells, lattice: Lattice, child: Lattice) -> Cells:
    """The cells of the ``child`` level that tile ``parents`` (cells of ``lattice``).

    A child lattice cell inside the area being refined stays whole; one reaching outside it
    is clipped to the parents it overlaps (per nest) and cut into pieces where needed.
    """
    position, rows, cols, share = lattice.children(parents.rows, parents.cols)
    nest = parents.nest[position]
    polys = child.polygons(rows, cols)
    pieces = np.empty(len(rows), dtype=object)
    clipped = ~parents.whole[position]
    pieces[clipped] = shapely.intersection(polys[clipped], parents.geometry[position[clipped]])
    share[clipped] = shapely.area(pieces[clipped]) / child.area
    keep = share > SLIVER
    position, rows, cols, share, nest, polys, pieces, clipped = (
        a[keep] for a in (position, rows, cols, share, nest, polys, pieces, clipped)
    )

    _keys, first, group = np.unique(
        np.stack([nest, rows, cols], axis=1), axis=0, return_index=True, return_inverse=True
    )
    group = group.ravel()
    complete = np.bincount(group, weights=share) >= 1.0 - 1e-9
    whole = first[complete]
    sets = [Cells.lattice_cells(nest[whole], rows[whole], cols[whole], polys[whole])]

    # The others: the union of their pieces in the parents that split.
    partial = np.flatnonzero(~complete[group])
    missing = partial[~clipped[partial]]
    pieces[missing] = shapely.intersection(polys[missing], parents.geometry[position[missing]])
    partial = partial[np.argsort(group[partial], kind="stable")]
    starts = (
        np.flatnonzero(np.r_[True, np.diff(group[partial]) != 0])
        if len(partial)
        else np.zeros(0, dtype=int)
    )
    heads = partial[starts]
    merged = pieces[heads]
    for k, (start, end) in enumerate(zip(starts, np.r_[starts[1:], len(partial)])):
        if end - start > 1:
            merged[k] = shapely.union_all(pieces[partial[start:end]])
    sets.append(_pieces(nest[heads], rows[heads], cols[heads], merged, child))
    return Cells.concat(sets).sorted()
