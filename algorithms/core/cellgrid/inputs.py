"""Checked input of the cell grid: population of points or polygons, and the boundary."""

import math
import re
from typing import Dict, List, Optional, Sequence, Tuple, Union, overload

import numpy as np

from ..deps import shapely
from ..errors import InputError, format_ids
from ..i18n import translate

# The column checks and polygon repair are shared with the project tables (same messages).
from ..tables import RawTable, _numeric_column, _repair_polygons, _text
from .model import CHUNK, SLIVER, CellInput, Region


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
    column = _column(raw, "population", ids, required=True)
    assert column is not None, "the population field is always given"
    population: np.ndarray = column
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


class _FeatureLabels(Sequence[str]):
    """``fid 12`` for each feature, made only when a message needs it."""

    def __init__(self, fids: Sequence[int]):
        self.fids = fids

    def __len__(self) -> int:
        return len(self.fids)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[str, Sequence[str]]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        return "fid {}".format(self.fids[index])


def _column(
    raw: RawTable, name: str, ids: Sequence[str], required: bool = False
) -> Optional[np.ndarray]:
    """A checked numeric column as floats (NaN where empty), or ``None`` when absent."""
    if name not in raw.columns:
        return None
    values = _numeric_column(raw, name, ids, required=required, integer=False)
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _points(raw: RawTable, ids: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
    """x, y of the points (multi-points split), and for each point the index of its feature.

    Geometries (WKB or shapely) are converted in chunks to keep memory low."""
    geometries = raw.geometries or [None] * len(raw)
    xy: List[np.ndarray] = []
    feature_of: List[np.ndarray] = []
    missing: List[int] = []
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


def _natural_key(text: str) -> List[Tuple[int, int, str]]:
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
    assert data.xy is not None, "points have their x, y"
    (minx, miny), (maxx, maxy) = data.xy.min(axis=0), data.xy.max(axis=0)
    x0 = math.floor(minx / cell_size) * cell_size
    y1 = math.ceil(maxy / cell_size) * cell_size
    x1 = x0 + cell_size * max(1, math.ceil((maxx - x0) / cell_size))
    y0 = y1 - cell_size * max(1, math.ceil((y1 - miny) / cell_size))
    return [Region(None, shapely.box(x0, y0, x1, y1))]
