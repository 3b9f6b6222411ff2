"""Barriers: which adjacencies between units a barrier line (river, motorway, railway) cuts.

Two units that share a boundary are no longer neighbours when most of that shared boundary
runs along a barrier, unless a crossing (a bridge, an underpass) lies on it. Everything is
vectorised with numpy and shapely 2 over the few pairs near a barrier:

1. The barriers (polygon barriers: their rings) are cut into pieces about a tolerance long;
   an STRtree of the units finds the units within the tolerance of a piece. Only pairs
   whose two units are both near a barrier are candidates.
2. The shared boundary of a candidate pair is the intersection of the two units' boundaries
   (where that has no length, because the edges meet a hair apart: the first unit's boundary
   within 1 cm of the second's).
3. Each shared boundary is cut into short stretches (a quarter of the tolerance, 32 to 64 per
   boundary); a stretch whose midpoint is within the tolerance of a barrier piece lies along
   the barrier. The length along the barrier against the whole decides the cut (≥ 50 %).
4. A crossing within the tolerance of a shared boundary keeps the pair.

A barrier that crosses a shared boundary instead of following it is near a stretch of about
twice the tolerance: a boundary shorter than that is cut. Keep the tolerance well below the
length of the units' edges.
"""

from dataclasses import dataclass, field
from typing import Tuple

import numpy as np

from .deps import shapely
from .errors import InputError
from .i18n import translate

#: Share of the shared boundary that must lie along a barrier for the pair to be cut.
CUT_SHARE = 0.5
#: The smallest distance used for the tolerance (metres): a tolerance of 0 means "on the
#: barrier", to within a millimetre.
QUANTUM = 1e-3
#: How far a neighbour's edge may be from a unit's edge and still be its shared boundary, when
#: the two boundaries do not meet exactly (as in :func:`adjacency.shared_boundaries`).
NEAR_EDGE = 1e-2

#: The most stretches a shared boundary is measured in (see :func:`_sample_spacing`).
MAX_SAMPLES = 64
#: The shortest barrier piece (metres); see :func:`_piece_length`.
MIN_PIECE = 20.0

#: shapely's type ids (``shapely.GeometryType``), literal so that importing this module does
#: not import shapely: LineString, LinearRing, MultiLineString; Polygon, MultiPolygon.
_LINE_TYPES = (1, 2, 5)
_POLYGON_TYPES = (3, 6)
_LINESTRING = 1


@dataclass
class Barriers:
    """Barrier lines and the crossings over them, in the units' metric CRS."""

    #: Shapely (Multi)LineStrings; polygons count by their boundary.
    lines: np.ndarray
    #: Shapely geometries (points or lines: bridges, underpasses); may be empty.
    crossings: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    #: Metres: how near a shared boundary must be to a barrier (and a crossing to it).
    tolerance: float = 50.0


@dataclass
class BarrierCut:
    """What the barriers did to the adjacency pairs given to :func:`cut_by_barriers`."""

    #: One per input pair: True = still adjacent.
    keep: np.ndarray
    #: Pairs cut.
    cut: int
    #: Pairs along a barrier kept because a crossing lies on their shared boundary.
    kept_by_crossing: int
    #: Barrier and crossing geometries skipped: missing, empty, invalid or of the wrong kind.
    skipped: int = 0


def cut_by_barriers(geoms, pairs, barriers: Barriers) -> BarrierCut:
    """Which of the adjacency ``pairs`` (int m×2 of indices into ``geoms``, the unit
    polygons in a metric CRS) are cut by ``barriers``. Deterministic; raises
    :class:`InputError` for a negative tolerance."""
    tolerance = _checked_tolerance(barriers.tolerance)
    geoms = np.asarray(geoms, dtype=object)
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    keep = np.ones(len(pairs), dtype=bool)
    distance = max(tolerance, QUANTUM)
    pieces, skipped_lines = _barrier_pieces(barriers.lines, distance)
    crossings, skipped_crossings = _usable(barriers.crossings)
    skipped = skipped_lines + skipped_crossings
    if len(pieces) == 0 or len(pairs) == 0:
        return BarrierCut(keep, 0, 0, skipped)
    candidates = _candidate_pairs(geoms, pairs, pieces, distance)
    if len(candidates) == 0:
        return BarrierCut(keep, 0, 0, skipped)
    shared = _shared_boundaries(geoms, pairs[candidates])
    along = _along_barrier(shared, pieces, distance)
    rescued = np.zeros(len(candidates), dtype=bool)
    if along.any() and len(crossings):
        rescued[along] = _touched(shared[along], crossings, distance)
    cut = along & ~rescued
    keep[candidates[cut]] = False
    return BarrierCut(keep, int(cut.sum()), int(rescued.sum()), skipped)


def _checked_tolerance(tolerance) -> float:
    """The tolerance as a float; :class:`InputError` unless it is a finite number ≥ 0."""
    try:
        value = float(tolerance)
    except (TypeError, ValueError):
        value = float("nan")
    if not np.isfinite(value) or value < 0:
        raise InputError(
            translate(
                "core",
                "The barrier tolerance must be a distance of 0 metres or more (it is {value}). "
                "Give how near a shared boundary must be to a barrier, e.g. 50.",
            ).format(value=tolerance)
        )
    return value


def _usable(values) -> Tuple[np.ndarray, int]:
    """The non-empty valid geometries of ``values``, and how many other values (missing,
    empty or invalid geometries) there were."""
    values = np.asarray(values, dtype=object).ravel()
    if len(values) == 0:
        return values, 0
    present = shapely.is_geometry(values)
    ok = present.copy()
    ok[present] = ~shapely.is_empty(values[present]) & shapely.is_valid(values[present])
    return values[ok], int((~ok).sum())


def _barrier_pieces(lines, distance) -> Tuple[np.ndarray, int]:
    """The usable barrier lines (polygons: their boundary) cut into pieces of about
    :func:`_piece_length` along their length, as LineStrings, and the number of barriers
    skipped (unusable, or neither lines nor polygons)."""
    usable, skipped = _usable(lines)
    kinds = shapely.get_type_id(usable)
    is_line = np.isin(kinds, _LINE_TYPES)
    is_polygon = np.isin(kinds, _POLYGON_TYPES)
    skipped += int((~is_line & ~is_polygon).sum())
    parts = np.concatenate([usable[is_line], shapely.boundary(usable[is_polygon])])
    coords, part = shapely.get_coordinates(shapely.get_parts(parts), return_index=True)
    same = part[:-1] == part[1:]
    start, end, part = coords[:-1][same], coords[1:][same], part[:-1][same]
    length = np.hypot(*(end - start).T)
    moves = length > 0
    start, end, part, length = start[moves], end[moves], part[moves], length[moves]
    if len(part) == 0:
        return np.empty(0, dtype=object), skipped
    # the length along its part at which each segment starts, and the piece it falls in
    first = np.r_[True, part[1:] != part[:-1]]
    run = np.cumsum(length) - length
    along = run - np.maximum.accumulate(np.where(first, run, 0.0))
    bucket = np.floor(along / _piece_length(distance)).astype(np.int64)
    new = first | np.r_[True, bucket[1:] != bucket[:-1]]
    piece = np.cumsum(new) - 1
    # each piece: the start of each of its segments, then the end of its last one
    last = np.r_[new[1:], True]
    rows = 1 + last.astype(np.int64)
    at = np.cumsum(rows) - rows
    points = np.empty((int(rows.sum()), 2))
    owner = np.empty(len(points), dtype=np.int64)
    points[at], owner[at] = start, piece
    points[at[last] + 1], owner[at[last] + 1] = end[last], piece[last]
    return shapely.linestrings(points, indices=owner), skipped


def _piece_length(distance: float) -> float:
    """How long the barrier pieces are (they are cut at vertices, so a long straight segment
    stays whole): a tolerance, so that a point is near a few short pieces only, and never
    less than :data:`MIN_PIECE` metres."""
    return max(distance, MIN_PIECE)


def _candidate_pairs(geoms, pairs, pieces, distance) -> np.ndarray:
    """Indices of the pairs whose two units are both within ``distance`` of a barrier piece."""
    tree = shapely.STRtree(geoms)
    _piece, units = tree.query(pieces, predicate="dwithin", distance=distance)
    near = np.zeros(len(geoms), dtype=bool)
    near[units] = True
    return np.flatnonzero(near[pairs[:, 0]] & near[pairs[:, 1]])


def _shared_boundaries(geoms, pairs) -> np.ndarray:
    """The shared boundary of each pair: the intersection of the two boundaries or, where
    that has no length (edges that meet a hair apart), the first unit's boundary within
    :data:`NEAR_EDGE` of the second's."""
    first = shapely.boundary(geoms[pairs[:, 0]])
    second = shapely.boundary(geoms[pairs[:, 1]])
    shared = shapely.intersection(first, second)
    flat = shapely.length(shared) <= 0
    if flat.any():
        shared[flat] = shapely.intersection(first[flat], shapely.buffer(second[flat], NEAR_EDGE))
    return shared


def _along_barrier(shared, pieces, distance) -> np.ndarray:
    """True where at least :data:`CUT_SHARE` of a shared boundary's length lies within
    ``distance`` of the barrier pieces, measured on :func:`_sample_spacing` stretches."""
    total = shapely.length(shared)
    lines, owner = shapely.get_parts(shared, return_index=True)
    lineal = shapely.get_type_id(lines) == _LINESTRING
    lines, owner = lines[lineal], owner[lineal]
    dense = shapely.segmentize(lines, _sample_spacing(total[owner], distance))
    coords, line = shapely.get_coordinates(dense, return_index=True)
    same = line[:-1] == line[1:]
    start, end, pair = coords[:-1][same], coords[1:][same], owner[line[:-1][same]]
    mids = shapely.points((start + end) / 2.0)
    hit, _piece = shapely.STRtree(pieces).query(mids, predicate="dwithin", distance=distance)
    near = np.zeros(len(mids), dtype=bool)
    near[hit] = True
    stretch = np.hypot(*(end - start).T)
    inside = np.bincount(pair[near], weights=stretch[near], minlength=len(shared))
    return (total > 0) & (inside >= CUT_SHARE * total)


def _sample_spacing(total: np.ndarray, distance: float) -> np.ndarray:
    """The length of the stretches of a shared boundary of length ``total`` that are each
    judged near or far by their midpoint: a quarter of the tolerance, within 32 to
    :data:`MAX_SAMPLES` stretches per boundary (a misjudged stretch, where the boundary enters
    or leaves the tolerance, moves the share by at most 1/32)."""
    return np.maximum(np.minimum(distance / 4.0, total / 32.0), total / MAX_SAMPLES)


def _touched(shared, crossings, distance) -> np.ndarray:
    """True where a crossing lies within ``distance`` of the shared boundary."""
    tree = shapely.STRtree(crossings)
    pair, _crossing = tree.query(shared, predicate="dwithin", distance=distance)
    touched = np.zeros(len(shared), dtype=bool)
    touched[pair] = True
    return touched
