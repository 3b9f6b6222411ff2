"""What a rebuild (``buildgrids`` with PROJECT) carries over from the division it replaces,
inside its write transaction: the outlet of every grid that keeps its code, the staff and
outlets of grids that disappear as pending decisions (never silently dropped), and the
feedback points, which follow their unit to its new grid."""

from typing import Dict, Optional, Sequence

from . import journal as jr


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
    suggested = jr.suggested_grids(
        (o, n, p) for o, n, p in zip(old_grid, new_grid, population) if o in gone
    )
    outlets_now = {g: old_outlets.get(g) for g in new_ids}
    decisions, _removed = jr.retire_grids(
        ds,
        {g: {"outlet_id": old_outlets.get(g)} for g in sorted(gone)},
        suggested,
        None,
        outlets_now,
    )
    moved = len(jr.relocate_feedback(ds, unit_geoms, new_grid))
    return {
        "outlets_kept": kept,
        "decisions": len(decisions),
        "feedback": moved,
    }
