"""A division's grids from their units: sums and people-weighted means per grid, the grid
polygons (the union of their units) and the check that no grid crosses a nest. No QGIS."""

from typing import Dict

import numpy as np

from .deps import shapely
from .errors import CancelledError
from .i18n import translate
from .tables import polygonal

#: Profile columns summed per grid.
SUMMED = ("households", "enterprises", "customers")
#: Profile columns averaged per grid, weighted by population.
WEIGHTED = ("income", "elderly_share", "youth_share")


def aggregate(unit_part, count, pop, area, profile) -> Dict[str, list]:
    """Per-grid sums and population-weighted means."""
    out: Dict[str, list] = {}
    out["unit_count"] = np.bincount(unit_part, minlength=count).tolist()
    grid_pop = np.bincount(unit_part, weights=pop, minlength=count)
    out["population"] = [int(round(v)) for v in grid_pop]
    km2 = np.bincount(unit_part, weights=area, minlength=count) / 1e6
    out["area_km2"] = [round(float(v), 4) for v in km2]
    out["density"] = [round(float(p / a), 1) if a > 0 else None for p, a in zip(grid_pop, km2)]
    for name in SUMMED + WEIGHTED:
        values = profile.get(name)
        if values is None:
            out[name] = [None] * count
            continue
        arr = np.array([np.nan if v is None else float(v) for v in values])
        ok = ~np.isnan(arr)
        if name in SUMMED:
            has = np.bincount(unit_part, weights=ok, minlength=count)
            sums = np.bincount(unit_part, weights=np.nan_to_num(arr), minlength=count)
            out[name] = [int(round(s)) if h else None for s, h in zip(sums, has)]
        else:  # WEIGHTED
            w = np.where(ok, pop, 0.0)
            wsum = np.bincount(unit_part, weights=w, minlength=count)
            vsum = np.bincount(unit_part, weights=np.where(ok, arr * pop, 0.0), minlength=count)
            digits = 1 if name == "income" else 4
            out[name] = [round(float(v / s), digits) if s > 0 else None for v, s in zip(vsum, wsum)]
    return out


def dissolve(geoms, unit_part, count, is_canceled=None) -> np.ndarray:
    """One MultiPolygon per grid (union of its units)."""
    order = np.argsort(unit_part, kind="stable")
    bounds = np.searchsorted(unit_part[order], np.arange(count + 1))
    out = np.empty(count, dtype=object)
    for g in range(count):
        if is_canceled is not None and g % 500 == 0 and is_canceled():
            raise CancelledError(translate("core", "Cancelled: nothing was written."))
        members = geoms[order[bounds[g] : bounds[g + 1]]]
        merged = members[0]
        if len(members) > 1:
            try:  # fast for clean coverages (shared vertices)
                merged = shapely.coverage_union_all(members)
                if not shapely.is_valid(merged):
                    raise shapely.errors.GEOSException("invalid coverage union")
            except shapely.errors.GEOSException:  # vertices not shared: the general union
                merged = shapely.union_all(members)
        out[g] = polygonal(merged) or shapely.MultiPolygon()
    return out


def nest_violations(unit_part, nest_of, count) -> int:
    pairs = np.unique(np.column_stack([unit_part, nest_of]), axis=0)
    return int(np.sum(np.bincount(pairs[:, 0], minlength=count) > 1))
