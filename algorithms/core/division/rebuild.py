"""What a rebuild (``buildgrids`` with PROJECT) carries over from the division it replaces,
inside its write transaction: the outlet of every grid that keeps its code, the staff and
outlets of grids that disappear as pending decisions (never silently dropped), and the
feedback points, which follow their unit to its new grid."""

from typing import Dict, List, Optional, Sequence

import numpy as np

from ..deps import shapely
from . import journal as jr


def _suggestions(old: Sequence[Optional[str]], new: Sequence[str], population, gone) -> Dict:
    """For each grid that disappears: the new grid holding most of its people."""
    share: Dict[str, Dict[str, float]] = {}
    for o, n, p in zip(old, new, population):
        if o is not None and o in gone:
            weights = share.setdefault(o, {})
            weights[n] = weights.get(n, 0.0) + float(p or 0.0) + 1e-9
    return {g: max(sorted(w), key=lambda k: w[k]) for g, w in share.items()}


def carry_over(
    ds,
    old_grid: Sequence[Optional[str]],
    new_grid: Sequence[str],
    population: Sequence,
    unit_geoms,
    old_outlets: Dict[str, Optional[str]],
) -> Dict[str, int]:
    """Run inside the rebuild's write transaction, after the new grids and units.grid_id are
    written. ``old_grid`` / ``new_grid``: each unit's grid before and after; ``old_outlets``:
    the outlet of each grid before. Returns counts for the log: outlets kept, decisions,
    feedback points moved."""
    new_ids = set(new_grid)
    gone = {g for g in old_outlets if g not in new_ids} | {
        g for g in old_grid if g and g not in new_ids
    }
    kept = 0
    for grid in sorted(new_ids):
        outlet = old_outlets.get(grid)
        if outlet:
            ds.ExecuteSQL(
                "UPDATE grids SET outlet_id = {} WHERE grid_id = {} AND outlet_id IS NULL".format(
                    jr.quote(outlet), jr.quote(grid)
                )
            )
            kept += 1
    suggested = _suggestions(old_grid, new_grid, population, gone)
    outlets_now = {g: old_outlets.get(g) for g in new_ids}
    decisions, _removed = jr.retire_grids(
        ds,
        {g: {"outlet_id": old_outlets.get(g)} for g in sorted(gone)},
        suggested,
        None,
        outlets_now,
    )
    moved = relocate_feedback(ds, unit_geoms, new_grid)
    return {
        "outlets_kept": kept,
        "decisions": len(decisions),
        "feedback": moved,
    }


def relocate_feedback(ds, unit_geoms, unit_grid: Sequence[str]) -> int:
    """Every feedback point takes the grid of the unit it lies in (revision and update time
    bumped where it changes); points outside every unit keep theirs. Returns how many moved."""
    layer = ds.GetLayerByName("feedback")
    if layer is None:
        return 0
    try:
        rows: List[tuple] = []
        for feature in layer:
            geom = feature.GetGeometryRef()
            if geom is not None:
                rows.append(
                    (feature.GetField("uuid"), feature.GetField("grid_id"), geom.ExportToWkb())
                )
    finally:
        layer = None  # noqa: F841 (a layer must not outlive its dataset, even in a traceback)
    if not rows:
        return 0
    tree = shapely.STRtree(np.asarray(unit_geoms, dtype=object))
    points = shapely.from_wkb(np.array([bytes(r[2]) for r in rows], dtype=object))
    hits_point, hits_unit = tree.query(points, predicate="intersects")
    changes: Dict[str, str] = {}
    for p, u in zip(hits_point, hits_unit):
        uuid, grid = rows[int(p)][0], rows[int(p)][1]
        new = str(unit_grid[int(u)])
        if uuid not in changes and new != grid:
            changes[uuid] = new
    jr.set_feedback_grids(ds, sorted(changes.items()))
    return len(changes)
