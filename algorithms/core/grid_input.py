"""Service grids as the algorithms read them, checked by one set of rules.

Every algorithm that takes a grids layer (allocate staff, site outlets, classify grids) hands
the plain rows it read to :func:`prepare_grids`: grid ids, numeric columns and geometries. The
rules are the same for all of them:

* a population must be a number of 0 or more; an empty (NULL) population is refused, since
  "nobody lives here" is 0 and a forgotten value would silently count as nobody;
* a value that is not a number is refused, naming the grids and the values;
* a grid without a geometry is refused where the algorithm needs one;
* a grid counts at its centroid, or at a point on its surface when the centroid falls outside
  it (a concave or multi-part grid); invalid geometries are repaired first.
"""

from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Set

import numpy as np

from .deps import shapely
from .errors import InputError, format_ids, listed_error
from .i18n import translate
from .tables import parse_numbers


@dataclass
class GridInput:
    """The checked grids, in the order they were read."""

    #: Grid id per grid: its grid_id, or ``fid N`` when the layer has no grid_id (messages).
    ids: List[str]
    #: True when the layer has a grid_id field.
    has_id: bool
    #: Population per grid (0 or more, never missing).
    population: np.ndarray
    #: Every other numeric column: a float or ``None`` (empty) per grid.
    columns: Dict[str, List[Optional[float]]] = field(default_factory=dict)
    #: The (repaired) shapely geometries, when geometries were given.
    geometries: Optional[np.ndarray] = None
    #: The point each grid counts at, ``(n, 2)``, when geometries were given.
    xy: Optional[np.ndarray] = None


def prepare_grids(
    fids: Sequence[int],
    columns: Mapping[str, Sequence],
    fields: Mapping[str, str],
    layer: str,
    *,
    wkbs: Optional[Sequence[Optional[bytes]]] = None,
    unique_ids: bool = False,
    non_negative: Iterable[str] = ("population",),
) -> GridInput:
    """Check the grids read from ``layer`` and return them as :class:`GridInput`.

    ``columns`` maps our names (``population``, optionally ``grid_id`` and other numeric
    columns) to one raw value per grid; ``fields`` maps our names to the user's field names
    (for messages). ``unique_ids`` refuses empty and repeated grid ids (for results that are
    stored per grid). ``non_negative`` names the columns that must not be below 0 (the
    population always). ``wkbs`` (one WKB or ``None`` per grid) asks for the geometries and the
    point of each grid. Raises :class:`InputError` with what to correct.
    """
    ids = _grid_ids(fids, columns.get("grid_id"), layer, unique_ids)
    must_be_positive = set(non_negative) | {"population"}
    numbers: Dict[str, List[Optional[float]]] = {}
    for ours, values in columns.items():
        if ours == "grid_id":
            continue
        parsed = _numbers(values, fields.get(ours, ours), ids, layer)
        if ours == "population":
            empty = [ids[i] for i, v in enumerate(parsed) if v is None]
            if empty:
                raise listed_error(
                    translate(
                        "grid_input",
                        "Population field '{field}' is empty (NULL) for {n} grid(s): {ids}. "
                        "Every grid needs its population: enter 0 where nobody lives.",
                    ),
                    empty,
                    field=fields.get(ours, ours),
                )
        if ours in must_be_positive:
            negative = [ids[i] for i, v in enumerate(parsed) if v is not None and v < 0]
            if negative:
                raise listed_error(
                    translate(
                        "grid_input",
                        "Field '{field}' has negative values for {n} grid(s): {ids}. Correct "
                        "them, then run again.",
                    ),
                    negative,
                    field=fields.get(ours, ours),
                )
        numbers[ours] = parsed
    population = np.array(numbers.pop("population", [0.0] * len(ids)), dtype=float)
    out = GridInput(ids, "grid_id" in columns, population, numbers)
    if wkbs is not None:
        out.geometries = _geometries(wkbs, ids, layer)
        out.xy = representative_points(out.geometries)
    return out


def representative_points(geometries: np.ndarray) -> np.ndarray:
    """``(n, 2)``: each grid's centroid, or a point on its surface when the centroid is
    outside (concave or multi-part grids)."""
    points = shapely.centroid(geometries)
    outside = ~shapely.within(points, geometries)
    if outside.any():
        points[outside] = shapely.point_on_surface(geometries[outside])
    return np.c_[shapely.get_x(points), shapely.get_y(points)]


def _grid_ids(
    fids: Sequence[int], values: Optional[Sequence], layer: str, unique: bool
) -> List[str]:
    if values is None:
        return ["fid {}".format(fid) for fid in fids]
    if not unique:
        return [str(v) if v not in (None, "") else "fid {}".format(f) for v, f in zip(values, fids)]
    ids = [str(v).strip() if v not in (None, "") else "" for v in values]
    empty = [fid for v, fid in zip(ids, fids) if not v]
    if empty:
        raise InputError(
            translate(
                "grid_input",
                "Field grid_id of layer '{layer}' is empty for {n} grid(s) (feature ids "
                "{fids}). Give every grid an id, then run again.",
            ).format(layer=layer, n=len(empty), fids=format_ids(empty))
        )
    seen: Set[str] = set()
    duplicates: Set[str] = set()
    for value in ids:
        (duplicates if value in seen else seen).add(value)
    if duplicates:
        raise InputError(
            translate(
                "grid_input",
                "Grid ids must be unique, but {n} occur more than once in layer '{layer}': {ids}.",
            ).format(n=len(duplicates), layer=layer, ids=format_ids(sorted(duplicates)))
        )
    return ids


def _numbers(
    values: Sequence, field_name: str, ids: List[str], layer: str
) -> List[Optional[float]]:
    parsed, bad = parse_numbers(values)
    if bad:
        raise listed_error(
            translate(
                "grid_input",
                "Field '{field}' of layer '{layer}' must hold numbers, but {n} grid(s) have other "
                "text: {ids} (values: {values}). Correct these values or choose another field.",
            ),
            [ids[i] for i in bad],
            field=field_name,
            layer=layer,
            values=format_ids([repr(values[i]) for i in bad], 5),
        )
    return parsed


def _geometries(wkbs: Sequence[Optional[bytes]], ids: List[str], layer: str) -> np.ndarray:
    geoms = shapely.from_wkb(np.array(list(wkbs), dtype=object))
    missing = [ids[i] for i in np.flatnonzero(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    if missing:
        raise InputError(
            translate(
                "grid_input",
                "{n} grid(s) of layer '{layer}' have no geometry: {ids}. Fix or remove them, "
                "then run again.",
            ).format(n=len(missing), layer=layer, ids=format_ids(missing))
        )
    return np.where(shapely.is_valid(geoms), geoms, shapely.make_valid(geoms))
