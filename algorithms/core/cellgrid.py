"""Regular cells (squares or hexagons) over a boundary, split where dense, with the population
of points (summed) or polygons (area-weighted) aggregated into them.

How the cells are made
----------------------
* **Lattices.** Level 0 is a lattice of ``cell_size`` cells; level *k* has cells of
  ``cell_size / 2**k``. Every level shares one origin near the north-west corner of the
  boundary's extent (snapped to a multiple of ``cell_size``), so each level refines the one
  above: a square of level *k* is exactly four squares of level *k + 1* (a quadtree).
* **Hexagons** are *pointy-topped* (a vertex at the top and at the bottom, flat sides to the
  east and west), in rows running west → east, odd rows shifted east by half a cell. Their size
  is the distance across the flats, which is also the distance between neighbouring centres
  (a 1,000 m hexagon has 0.866 km²). The lattice of half-size hexagons holds every centre and
  every vertex of the lattice above (aperture 4): a hexagon is covered by one child at its
  centre and six children centred on the midpoints of its sides, each half inside it.
* **Clipping.** Cells are lattice cells intersected with the boundary, per boundary polygon,
  so no cell crosses from one ``nest`` into another. A lattice cell cut into separate pieces
  gives one cell per piece; pieces with no area (below :data:`SLIVER` of a cell: rounding
  noise) are dropped. The cells tile the boundary: no gap, no overlap.
* **Splitting.** A cell whose population exceeds ``max_population`` is split while the child
  size stays at least ``min_cell_size``. The children are the next level's lattice cells
  clipped to the *area being refined* (the union of the cells that split, per nest). For
  squares this is the plain quadtree. For hexagons, a half-size hexagon straddling two parents
  that both split is one whole hexagon; only where a split parent meets one that did not split
  is a child cut in half along the parent's side. Children get their population from the data
  again, never as a share of the parent's.

Aggregation
-----------
* **Points:** the population (and households) of the points in a cell are summed; income is
  the population-weighted mean. A point on an edge shared by several cells counts once, in
  the first of them in reading order at that level (the northern, then the western one;
  between two boundary polygons, the first in id order).
* **Polygons:** each polygon's population is spread by area, ``population × area of the part
  in the cell / polygon area``; income is weighted by the population so attributed.
* Cell populations are rounded to integers by the largest-remainder method, so the cells add
  up exactly to the (rounded) population inside the boundary.

Ids
---
``C{level}-{row}-{col}``, e.g. ``C0-004-017`` or ``C2-019-070``: the level (0 = full size),
then the row (north → south) and column (west → east) of the cell in that level's lattice. A
lattice cell cut into several pieces by the boundary gets ``a``, ``b``… in reading order
(``C0-004-017b``). With several boundary polygons the id starts with the boundary's id
(``S03-C1-008-035``). The same input and parameters always give the same cells and ids.
"""

import math
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import shapely

from .errors import CancelledError, InputError, format_ids
from .i18n import translate

# The column checks and polygon repair are shared with the project tables (same messages).
from .tables import RawTable, _numeric_column, _repair_polygons, _text

SQUARE = "square"
HEXAGON = "hexagon"
SHAPES = (SQUARE, HEXAGON)

#: More cells than this is refused: the output would be unusable and the run very long.
MAX_CELLS = 5_000_000
#: A clipped piece smaller than this fraction of its lattice cell is rounding noise.
SLIVER = 1e-9
#: Geometry operations run in chunks of this size (cancel is checked in between).
CHUNK = 250_000

#: Output fields (named and typed as in the grids layer, :data:`schema.GRIDS`).
OUTPUT_FIELDS = (
    "grid_id",
    "nest",
    "unit_count",
    "population",
    "households",
    "area_km2",
    "density",
    "income",
)

_SQRT3 = math.sqrt(3.0)
_CELL_FIELDS = ("nest", "rows", "cols", "part", "whole", "geometry")


# ---------------------------------------------------------------- inputs


@dataclass
class CellInput:
    """Checked features whose population goes into the cells (projected coordinates)."""

    #: ``point`` or ``polygon``.
    kind: str
    population: np.ndarray
    #: Households per feature, or ``None`` when the layer has none.
    households: Optional[np.ndarray] = None
    #: Income per capita per feature (NaN where unknown), or ``None``.
    income: Optional[np.ndarray] = None
    #: Polygons: shapely MultiPolygons (``None`` for points).
    polygons: Optional[np.ndarray] = None
    #: Points: their x, y, one row per point (plain numbers: a million shapely points would
    #: cost hundreds of MB; they are made in chunks when needed).
    xy: Optional[np.ndarray] = None
    notes: List[str] = field(default_factory=list)


@dataclass
class Region:
    """One boundary polygon (the features with the same id, dissolved)."""

    nest: Optional[str]
    geometry: object


def prepare_cell_input(raw: RawTable, kind: str) -> CellInput:
    """Check the population, households and income of points or polygons.

    ``raw`` holds ``population`` and optionally ``households`` and ``income``; bad values
    raise :class:`InputError` naming the feature ids.
    """
    if len(raw) == 0:
        raise InputError(
            translate(
                "core",
                "Layer '{layer}' has no features. Choose a layer of points or polygons with their "
                "population.",
            ).format(layer=raw.layer_name)
        )
    ids = _FeatureLabels(raw.fids)
    notes: List[str] = []
    population = _column(raw, "population", ids, required=True)
    households = _column(raw, "households", ids)
    if households is not None:
        households = np.nan_to_num(households, nan=0.0)
    income = _column(raw, "income", ids)
    if kind == "polygon":
        return CellInput(
            kind,
            population,
            households,
            income,
            polygons=_repair_polygons(raw, ids, notes),
            notes=notes,
        )
    xy, feature_of = _points(raw, ids)
    if len(feature_of) != len(raw):
        notes.append(
            translate(
                "core",
                "Multi-point features were split into their points, each with an equal share of "
                "the feature's population.",
            )
        )
        shares = np.bincount(feature_of, minlength=len(raw))[feature_of]
        population = population[feature_of] / shares
        if households is not None:
            households = households[feature_of] / shares
        if income is not None:
            income = income[feature_of]
    return CellInput(kind, population, households, income, xy=xy, notes=notes)


class _FeatureLabels:
    """``fid 12`` for each feature, made only when a message needs it."""

    def __init__(self, fids: Sequence[int]):
        self.fids = fids

    def __len__(self) -> int:
        return len(self.fids)

    def __getitem__(self, index):
        return "fid {}".format(self.fids[index])


def _column(
    raw: RawTable, name: str, ids: Sequence, required: bool = False
) -> Optional[np.ndarray]:
    """A checked numeric column as floats (NaN where empty), or ``None`` when absent."""
    if name not in raw.columns:
        return None
    values = _numeric_column(raw, name, ids, required=required, integer=False)
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _points(raw: RawTable, ids: Sequence) -> Tuple[np.ndarray, np.ndarray]:
    """x, y of the points (multi-points split), and for each point the index of its feature.

    Geometries (WKB or shapely) are converted in chunks to keep memory low."""
    geometries = raw.geometries or [None] * len(raw)
    xy, feature_of, missing = [], [], []
    for start in range(0, len(geometries), CHUNK):
        chunk = np.empty(len(geometries[start : start + CHUNK]), dtype=object)
        chunk[:] = geometries[start : start + CHUNK]
        if any(isinstance(g, (bytes, bytearray)) for g in chunk):
            chunk = shapely.from_wkb(chunk)
        missing.extend(start + np.flatnonzero(shapely.is_missing(chunk) | shapely.is_empty(chunk)))
        if (shapely.get_type_id(chunk) == shapely.GeometryType.POINT).all():
            parts, index = chunk, np.arange(len(chunk))
        else:
            parts, index = shapely.get_parts(chunk, return_index=True)
        xy.append(shapely.get_coordinates(parts))
        feature_of.append(start + index)
    if missing:
        raise InputError(
            translate(
                "core",
                "Layer '{layer}' has {n} feature(s) without a location: {ids}. Place or delete "
                "them, then run again.",
            ).format(
                layer=raw.layer_name, n=len(missing), ids=format_ids([ids[i] for i in missing])
            )
        )
    return np.concatenate(xy), np.concatenate(feature_of)


def prepare_boundary(raw: RawTable) -> Tuple[List[Region], List[str]]:
    """Boundary polygons dissolved by id (the ``nest`` column, else the feature id), sorted.

    Area claimed by two boundary polygons goes to the first in id order, and a note says so.
    """
    if len(raw) == 0:
        raise InputError(
            translate(
                "core",
                "The boundary layer '{layer}' has no features. Choose a polygon layer with the "
                "area to cover, or leave 'Boundary' empty.",
            ).format(layer=raw.layer_name)
        )
    notes: List[str] = []
    geometries = _repair_polygons(raw, _FeatureLabels(raw.fids), notes)
    if "nest" in raw.columns:
        keys = [_text(v) or "" for v in raw.columns["nest"]]
    else:
        keys = [str(fid) for fid in raw.fids]
    groups: Dict[str, list] = {}
    for key, geom in zip(keys, geometries):
        groups.setdefault(key, []).append(geom)
    names = sorted(groups, key=_natural_key)
    regions = [
        Region(name if len(names) > 1 else None, shapely.union_all(groups[name])) for name in names
    ]
    _remove_overlaps(regions, raw.layer_name, notes)
    return [r for r in regions if r.geometry.area > 0], notes


_NUMBER_OR_TEXT = re.compile(r"\d+|\D+")


def _natural_key(text: str):
    """Sort ``S2`` before ``S10``."""
    return [
        (0, int(piece), "") if piece.isdigit() else (1, 0, piece)
        for piece in _NUMBER_OR_TEXT.findall(text)
    ]


def _remove_overlaps(regions: List[Region], layer: str, notes: List[str]) -> None:
    """Give area claimed by several boundary polygons to the first of them (in place)."""
    if len(regions) < 2:
        return
    geoms = np.array([r.geometry for r in regions], dtype=object)
    first, second = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = []
    for i, j in zip(first[second > first], second[second > first]):
        shared = shapely.intersection(regions[i].geometry, regions[j].geometry).area
        if shared > SLIVER * regions[j].geometry.area:
            regions[j].geometry = shapely.difference(regions[j].geometry, regions[i].geometry)
            pairs.append("{}/{}".format(regions[i].nest, regions[j].nest))
    if pairs:
        notes.append(
            translate(
                "core",
                "Boundary polygons of '{layer}' overlap ({pairs}); each overlap was given to the "
                "first of the two in id order.",
            ).format(layer=layer, pairs=format_ids(pairs))
        )


def default_boundary(data: CellInput, cell_size: float) -> List[Region]:
    """Without a boundary: the union of the polygons, or the points' extent in whole cells."""
    if data.kind == "polygon":
        return [Region(None, shapely.union_all(data.polygons))]
    (minx, miny), (maxx, maxy) = data.xy.min(axis=0), data.xy.max(axis=0)
    x0 = math.floor(minx / cell_size) * cell_size
    y1 = math.ceil(maxy / cell_size) * cell_size
    x1 = x0 + cell_size * max(1, math.ceil((maxx - x0) / cell_size))
    y0 = y1 - cell_size * max(1, math.ceil((y1 - miny) / cell_size))
    return [Region(None, shapely.box(x0, y0, x1, y1))]


# ---------------------------------------------------------------- lattices


class Lattice:
    """The cells of one level: squares or pointy-topped hexagons indexed by (row, col).

    Rows count north → south from ``y0``, columns west → east from ``x0``. Vertices are
    integer multiples of one step per level, so neighbouring cells, and the levels above and
    below, share bit-identical vertices.
    """

    def __init__(self, shape: str, base_size: float, x0: float, y0: float, level: int = 0):
        self.shape = shape
        self.base_size = base_size
        self.level = level
        self.size = base_size / 2**level
        self.x0 = x0
        self.y0 = y0
        if shape == SQUARE:
            self.area = self.size**2
        else:
            # Vertex steps: half the width across flats, half the circumradius.
            self.dx = self.size / 2.0
            self.dy = base_size / (2.0 * _SQRT3) / 2**level
            self.area = _SQRT3 / 2.0 * self.size**2

    def finer(self) -> "Lattice":
        return Lattice(self.shape, self.base_size, self.x0, self.y0, self.level + 1)

    def _ranges(self, bounds) -> Tuple[int, int, int, int]:
        minx, miny, maxx, maxy = bounds
        if self.shape == SQUARE:
            c0 = math.floor((minx - self.x0) / self.size)
            r0 = math.floor((self.y0 - maxy) / self.size)
            c1 = max(c0 + 1, math.ceil((maxx - self.x0) / self.size))
            r1 = max(r0 + 1, math.ceil((self.y0 - miny) / self.size))
            return r0, r1, c0, c1
        row_step = 3.0 * self.dy  # a cell reaches 2·dy above and below its centre
        r0 = math.floor((self.y0 - maxy - 2 * self.dy) / row_step)
        r1 = math.ceil((self.y0 - miny + 2 * self.dy) / row_step) + 1
        c0 = math.floor((minx - self.x0) / self.size) - 1
        c1 = math.ceil((maxx - self.x0) / self.size) + 1
        return r0, r1, c0, c1

    def count_covering(self, bounds) -> int:
        """How many cells :meth:`covering` returns, without making them."""
        r0, r1, c0, c1 = self._ranges(bounds)
        return (r1 - r0) * (c1 - c0)

    def covering(self, bounds) -> Tuple[np.ndarray, np.ndarray]:
        """(rows, cols) of the cells that may meet ``bounds`` (a few more for hexagons)."""
        r0, r1, c0, c1 = self._ranges(bounds)
        rows, cols = np.meshgrid(np.arange(r0, r1), np.arange(c0, c1), indexing="ij")
        return rows.ravel(), cols.ravel()

    def polygons(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The cells as shapely Polygons."""
        if self.shape == SQUARE:
            return shapely.box(
                self.x0 + self.size * cols,
                self.y0 - self.size * (rows + 1),
                self.x0 + self.size * (cols + 1),
                self.y0 - self.size * rows,
            )
        centre_i = 2 * cols + (rows & 1)
        centre_j = 3 * rows
        # top, upper-left, lower-left, bottom, lower-right, upper-right, top (anticlockwise)
        di = np.array([0, -1, -1, 0, 1, 1, 0])
        dj = np.array([-2, -1, 1, 2, 1, -1, -2])
        xs = self.x0 + self.dx * (centre_i[:, None] + di)
        ys = self.y0 - self.dy * (centre_j[:, None] + dj)
        return shapely.polygons(np.stack([xs, ys], axis=-1))

    def centres(self, rows: np.ndarray, cols: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Position of the cell centres in units of the level-0 size (for ordering)."""
        scale = 2.0**self.level
        if self.shape == SQUARE:
            return rows / scale, cols / scale
        return rows / scale, (cols + (rows & 1) / 2.0) / scale

    def children(self, rows: np.ndarray, cols: np.ndarray):
        """The next level's cells that overlap each cell (row, col).

        Returns ``(parent_position, child_rows, child_cols, share)``; ``share`` is the part of
        each child inside its parent lattice cell.
        """
        if self.shape == SQUARE:
            dr, dc = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
            share = np.ones(4)
            centre_r, centre_c = 2 * rows, 2 * cols
        else:  # the child at the centre, then the six centred on the sides (even row)
            dr, dc = np.array([0, 0, 0, -1, -1, 1, 1]), np.array([0, -1, 1, -1, 0, -1, 0])
            share = np.array([1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
            centre_r, centre_c = 2 * rows, 2 * cols + (rows & 1)
        position = np.repeat(np.arange(len(rows)), len(dr))
        child_rows = (centre_r[:, None] + dr).ravel()
        child_cols = (centre_c[:, None] + dc).ravel()
        return position, child_rows, child_cols, np.tile(share, len(rows))


def make_lattice(shape: str, cell_size: float, regions: Sequence[Region]) -> Lattice:
    """The level-0 lattice, anchored at the north-west corner of the regions' extent."""
    minx, _miny, _maxx, maxy = shapely.total_bounds([r.geometry for r in regions])
    x0 = math.floor(minx / cell_size) * cell_size
    y0 = math.ceil(maxy / cell_size) * cell_size
    if shape == HEXAGON:  # a margin of one cell keeps every row and column number positive
        x0 -= cell_size
        y0 += cell_size
    return Lattice(shape, cell_size, x0, y0)


# ---------------------------------------------------------------- cells of one level


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


# ---------------------------------------------------------------- aggregation


@dataclass
class _Totals:
    """Float aggregates per cell."""

    population: np.ndarray
    households: Optional[np.ndarray]
    income_weight: Optional[np.ndarray]
    income_sum: Optional[np.ndarray]
    units: np.ndarray

    def take(self, index) -> "_Totals":
        return _Totals(*(None if v is None else v[index] for v in self._values()))

    @staticmethod
    def concat(parts: Sequence["_Totals"]) -> "_Totals":
        columns = zip(*(p._values() for p in parts))
        return _Totals(
            *(None if values[0] is None else np.concatenate(values) for values in columns)
        )

    def _values(self):
        return (self.population, self.households, self.income_weight, self.income_sum, self.units)


class _Aggregator:
    """Attributes the input's population to the cells, level by level."""

    def __init__(self, data: CellInput, regions: Sequence[Region], check: Callable[[], None]):
        self.data = data
        self.check = check
        if data.income is not None:
            self.income_known = ~np.isnan(data.income)
            self.income = np.where(self.income_known, data.income, 0.0)
        if data.kind == "polygon":
            self.tree = shapely.STRtree(data.polygons)
            self.polygon_area = shapely.area(data.polygons)
        else:
            #: Index of each point's cell at the latest level (-1: finished or outside).
            self.cell_of = np.full(len(data.xy), -1)
            self.region = shapely.union_all([r.geometry for r in regions])
            shapely.prepare(self.region)

    def totals(self, cells: Cells, split: Optional[np.ndarray] = None) -> _Totals:
        """Aggregates of ``cells``; ``split`` are the indexes of the cells (one level up)
        they replace, ``None`` for the first level."""
        if self.data.kind == "polygon":
            return self._from_polygons(cells)
        return self._from_points(cells, split)

    def _from_polygons(self, cells: Cells) -> _Totals:
        cell_idx, poly_idx = self.tree.query(cells.geometry, predicate="intersects")
        area = np.empty(len(cell_idx))
        for start in range(0, len(cell_idx), CHUNK):
            self.check()
            part = slice(start, start + CHUNK)
            area[part] = shapely.area(
                shapely.intersection(
                    cells.geometry[cell_idx[part]], self.data.polygons[poly_idx[part]]
                )
            )
        inside = area > 0
        cell_idx, poly_idx = cell_idx[inside], poly_idx[inside]
        return self._sum(len(cells), cell_idx, poly_idx, area[inside] / self.polygon_area[poly_idx])

    def _from_points(self, cells: Cells, split: Optional[np.ndarray]) -> _Totals:
        if split is None:
            todo = np.arange(len(self.cell_of))
        else:
            todo = np.flatnonzero(np.isin(self.cell_of, split))
        self.cell_of[:] = -1
        found = self._match(todo, cells.geometry, first_level=split is None)
        self.cell_of[todo] = found
        inside = found >= 0
        return self._sum(len(cells), found[inside], todo[inside], np.ones(inside.sum()))

    def _match(self, todo: np.ndarray, geoms: np.ndarray, first_level: bool) -> np.ndarray:
        """The cell of each point in ``todo`` (-1: outside the boundary)."""
        tree = shapely.STRtree(geoms)
        found = np.full(len(todo), -1)
        for start in range(0, len(todo), CHUNK):
            self.check()
            points = shapely.points(self.data.xy[todo[start : start + CHUNK]])
            pt_idx, cell_idx = _lowest(*tree.query(points, predicate="intersects"))
            found[start + pt_idx] = cell_idx
        lost = np.flatnonzero(found < 0)
        if first_level and len(lost):
            lost = lost[shapely.intersects(self.region, shapely.points(self.data.xy[todo[lost]]))]
        if len(lost):  # inside, but on a dropped sliver: the nearest cell
            points = shapely.points(self.data.xy[todo[lost]])
            pt_idx, cell_idx = _lowest(*tree.query_nearest(points))
            found[lost[pt_idx]] = cell_idx
        return found

    def _sum(self, n: int, cell_idx, unit_idx, weight) -> _Totals:
        data = self.data
        population = data.population[unit_idx] * weight
        households = income_weight = income_sum = None
        if data.households is not None:
            households = np.bincount(cell_idx, data.households[unit_idx] * weight, n)
        if data.income is not None:
            known = population * self.income_known[unit_idx]
            income_weight = np.bincount(cell_idx, known, n)
            income_sum = np.bincount(cell_idx, known * self.income[unit_idx], n)
        return _Totals(
            np.bincount(cell_idx, population, n),
            households,
            income_weight,
            income_sum,
            np.bincount(cell_idx, minlength=n),
        )


def _lowest(keys: np.ndarray, values: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Each distinct key once, with its lowest value."""
    if not len(keys):
        return keys, values
    order = np.lexsort((values, keys))
    keys, values = keys[order], values[order]
    first = np.r_[True, keys[1:] != keys[:-1]]
    return keys[first], values[first]


# ---------------------------------------------------------------- the whole grid


@dataclass
class CellGrid:
    """The finished cells: ``columns`` named as :data:`OUTPUT_FIELDS`, MultiPolygons."""

    columns: Dict[str, list]
    geometries: np.ndarray
    #: Cells made at each level (0 = full size), split ones included.
    cells_per_level: List[int]
    #: Population inside the boundary: the cells' integer total.
    population: int
    #: Population of the input outside the boundary (not counted).
    outside: float
    #: Cells still above the maximum population at the minimum size.
    still_over: int
    notes: List[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.geometries)


def check_sizes(cell_size: float, min_cell_size: float, max_population: float) -> None:
    """Refuse impossible sizes and population limits."""
    if not cell_size > 0 or not min_cell_size > 0:
        raise InputError(
            translate("core", "The cell size and the minimum cell size must be greater than 0.")
        )
    if min_cell_size > cell_size:
        raise InputError(
            translate(
                "core",
                "The minimum cell size ({min}) is larger than the cell size ({size}). Cells are "
                "only ever split into smaller ones: choose a minimum cell size no larger than "
                "the cell size.",
            ).format(min=_number(min_cell_size), size=_number(cell_size))
        )
    if max_population < 0:
        raise InputError(
            translate(
                "core", "The maximum population per cell cannot be negative (0 means: never split)."
            )
        )


def nice_size(size: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ not below ``size``."""
    power = 10.0 ** math.floor(math.log10(size))
    for step in (1, 2, 2.5, 5):
        if step * power >= size * (1 - 1e-12):
            return step * power
    return 10 * power


def _number(value: float) -> str:
    return "{:,.0f}".format(value) if value >= 10 else "{:g}".format(value)


def build_cell_grid(
    data: CellInput,
    regions: Sequence[Region],
    shape: str,
    cell_size: float,
    min_cell_size: float,
    max_population: float,
    *,
    metres_per_unit: float = 1.0,
    max_cells: int = MAX_CELLS,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
) -> CellGrid:
    """Cells over ``regions``, split where dense, with the input aggregated into them.

    Sizes are in the coordinates' units; ``metres_per_unit`` converts areas to km². Raises
    :class:`InputError` for impossible parameters and :class:`CancelledError` when cancelled.
    """
    if shape not in SHAPES:
        raise ValueError(shape)
    check_sizes(cell_size, min_cell_size, max_population)

    def check():
        if is_canceled is not None and is_canceled():
            raise CancelledError(translate("core", "Cancelled: nothing was written."))

    steps = 2 + math.floor(math.log2(cell_size / min_cell_size) + 1e-9)

    def report(done):
        if progress is not None:
            progress(min(100.0, 100.0 * done / steps))

    lattice = make_lattice(shape, cell_size, regions)
    estimate = sum(lattice.count_covering(r.geometry.bounds) for r in regions)
    if estimate > max_cells:
        raise InputError(
            translate(
                "core",
                "Cells of {size} would make about {n} cells over the boundary, more than the "
                "limit of {limit}. Choose a cell size of at least {suggestion} (and check that "
                "it is in the layer's units, e.g. metres).",
            ).format(
                size=_number(cell_size),
                n="{:,}".format(estimate),
                limit="{:,}".format(max_cells),
                suggestion=_number(nice_size(cell_size * math.sqrt(estimate / max_cells))),
            )
        )
    check()
    aggregator = _Aggregator(data, regions, check)
    cells = first_level(lattice, regions)
    totals = aggregator.totals(cells)
    report(1)

    done_cells: List[Cells] = []
    done_totals: List[_Totals] = []
    done_levels: List[Lattice] = []
    made = [len(cells)]
    while True:
        check()
        child = lattice.finer()
        can_split = max_population > 0 and child.size >= min_cell_size * (1 - 1e-12)
        split = (
            totals.population > max_population if can_split else np.zeros(len(cells), dtype=bool)
        )
        done_cells.append(cells.take(~split))
        done_totals.append(totals.take(~split))
        done_levels.append(lattice)
        if not split.any():
            break
        candidates = (4 if shape == SQUARE else 7) * int(split.sum())
        if sum(len(c) for c in done_cells) + candidates > max_cells:
            raise InputError(
                translate(
                    "core",
                    "Splitting dense cells down to {size} would make more than {limit} cells. "
                    "Raise the minimum cell size (to {suggestion} or more) or the maximum "
                    "population per cell.",
                ).format(
                    size=_number(child.size),
                    limit="{:,}".format(max_cells),
                    suggestion=_number(child.size * 2),
                )
            )
        split = np.flatnonzero(split)
        cells = split_cells(cells.take(split), lattice, child)
        totals = aggregator.totals(cells, split)
        lattice = child
        made.append(len(cells))
        report(len(made))

    grid = _finish(done_cells, done_totals, done_levels, regions, metres_per_unit)
    grid.cells_per_level = made
    counted = sum(float(t.population.sum()) for t in done_totals)
    grid.outside = max(0.0, float(data.population.sum()) - counted)
    if max_population > 0:
        grid.still_over = int(
            np.count_nonzero(np.array(grid.columns["population"]) > max_population)
        )
    report(steps)
    return grid


def _finish(
    done_cells: List[Cells],
    done_totals: List[_Totals],
    levels: List[Lattice],
    regions: Sequence[Region],
    metres_per_unit: float,
) -> CellGrid:
    """Round, name and order the cells of every level."""
    cells = Cells.concat(done_cells)
    totals = _Totals.concat(done_totals)
    level = np.concatenate([np.full(len(c), lat.level) for c, lat in zip(done_cells, levels)])
    positions = [lat.centres(c.rows, c.cols) for c, lat in zip(done_cells, levels)]
    row_pos = np.concatenate([p[0] for p in positions])
    col_pos = np.concatenate([p[1] for p in positions])
    order = np.lexsort((cells.part, level, col_pos, row_pos, cells.nest))
    cells, totals, level = cells.take(order), totals.take(order), level[order]

    population = largest_remainder(totals.population)
    households = None if totals.households is None else largest_remainder(totals.households)
    area_km2 = shapely.area(cells.geometry) * metres_per_unit**2 / 1e6
    width = max(3, len(str(int(max(cells.rows.max(), cells.cols.max()))))) if len(cells) else 3
    nests = [r.nest for r in regions]
    income: List[Optional[float]] = [None] * len(cells)
    if totals.income_weight is not None:
        income = [
            float(s / w) if w > 0 else None for s, w in zip(totals.income_sum, totals.income_weight)
        ]
    columns = {
        "grid_id": [
            _cell_id(nests[n], k, r, c, p, width)
            for n, k, r, c, p in zip(cells.nest, level, cells.rows, cells.cols, cells.part)
        ],
        "nest": [nests[n] for n in cells.nest],
        "unit_count": totals.units.astype(int).tolist(),
        "population": population.tolist(),
        "households": [None] * len(cells) if households is None else households.tolist(),
        "area_km2": area_km2.tolist(),
        "density": np.divide(
            population, area_km2, out=np.zeros(len(cells)), where=area_km2 > 0
        ).tolist(),
        "income": income,
    }
    geometries = shapely.multipolygons(cells.geometry, indices=np.arange(len(cells)))
    return CellGrid(columns, geometries, [], int(population.sum()), 0.0, 0)


def _cell_id(nest: Optional[str], level: int, row: int, col: int, part: int, width: int) -> str:
    text = "C{}-{:0{w}d}-{:0{w}d}{}".format(level, row, col, _letters(part), w=width)
    return text if nest is None else "{}-{}".format(nest, text)


def _letters(part: int) -> str:
    """'' for 0, then a, b, … z, aa, ab…"""
    text = ""
    while part > 0:
        part, rest = divmod(part - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def largest_remainder(values: np.ndarray, total: Optional[int] = None) -> np.ndarray:
    """Integers adding up to ``total`` (default: the rounded sum), each the floor or ceiling
    of its value; the largest fractions get the extra units (ties: the first in order)."""
    values = np.clip(np.asarray(values, dtype=float), 0.0, None)
    if total is None:
        total = int(round(float(values.sum())))
    floors = np.floor(values)
    result = floors.astype(np.int64)
    missing = total - int(result.sum())
    if missing > 0:
        order = np.lexsort((np.arange(len(values)), -(values - floors)))
        result[order[:missing]] += 1
    return result
