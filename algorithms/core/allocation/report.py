"""What is reported about an assignment: the :class:`Assignment` of a solved state, and the
shortfall message for the log."""

import math
from typing import List, Optional, Sequence

import numpy as np

from ..errors import format_ids
from ..i18n import translate
from ..labels import core_parameter
from .model import Assignment, Problem
from .state import State


def report_assignment(
    p: Problem,
    state: State,
    unit: float,
    slots: np.ndarray,
    value: float,
    bound: Optional[float],
    gap: Optional[float],
    label: str,
    exact: bool,
    messages: List[str],
) -> Assignment:
    pairs = sorted((i, j) for i, people in enumerate(state.holders) for j in people)
    gi = np.array([i for i, _j in pairs], dtype=np.int64)
    sj = np.array([j for _i, j in pairs], dtype=np.int64)
    assigned = np.bincount(gi, minlength=p.grids)
    size = p.size * unit
    load = np.bincount(sj, weights=size[gi], minlength=p.people)
    capacity = p.capacity * unit
    utilisation = np.divide(load, capacity, out=np.zeros_like(load), where=capacity > 0)
    uncovered = [int(i) for i in np.flatnonzero((slots >= 1) & (assigned == 0))]
    missing = np.maximum(slots - assigned, 0)
    understaffed = {int(i): int(missing[i]) for i in np.flatnonzero(missing > 0)}
    over = np.maximum(load - capacity, 0.0)
    overloaded = {int(j): float(over[j]) for j in np.flatnonzero(over > 1e-6 * unit)}
    km = np.array([state.km[pair] for pair in pairs]) if pairs else np.zeros(0)
    travel = float((size[gi] * km).sum())
    served = float(size[gi].sum())
    return Assignment(
        grid_index=gi,
        staff_index=sj,
        assigned=assigned,
        load=load,
        utilisation=utilisation,
        uncovered=uncovered,
        understaffed=understaffed,
        overloaded=overloaded,
        unserved=float((missing * size).sum()),
        overload=float(over[over > 1e-6 * unit].sum()),
        idle=float(np.maximum(capacity - load, 0.0).sum()),
        travel=travel,
        mean_travel_km=travel / served if served > 0 else 0.0,
        max_utilisation=float(utilisation.max()) if len(utilisation) else 0.0,
        objective=value,
        lower_bound=bound,
        gap=gap,
        method=label,
        exact=exact,
        candidate_pairs=len(p.pair_grid),
        messages=messages,
    )


def shortfall_message(
    result: Assignment,
    grid_ids: Sequence,
    staff_ids: Sequence,
    staff_capacity: float,
    total_workload: float,
    total_capacity: float,
) -> Optional[str]:
    """What the roster lacks, for the log, or ``None`` when every grid has its people."""
    if not (result.uncovered or result.understaffed or result.overloaded):
        return None
    people = int(math.ceil(result.shortfall_capacity / staff_capacity - 1e-9))
    parts = [
        translate(
            "core",
            "The roster is too small: {missing:,.0f} population equivalents of workload are not "
            "served within capacity (about {people} more people at {capacity:,.0f} each). The "
            "grids need {workload:,.0f} in all; the active staff can serve {available:,.0f}.",
        ).format(
            missing=result.shortfall_capacity,
            people=people,
            capacity=staff_capacity,
            workload=total_workload,
            available=total_capacity,
        )
    ]
    if result.understaffed and result.idle >= 0.005 * total_capacity:
        parts.append(
            translate(
                "core",
                "{idle:,.0f} of the staff's capacity is left over in pieces too small for one more "
                "share of a grid within reach: a smaller {staff_capacity} (smaller shares) or "
                "more people at the busiest outlets use it better.",
            ).format(idle=result.idle, staff_capacity=core_parameter("STAFF_CAPACITY"))
        )
    if result.uncovered:
        parts.append(
            translate("core", "Grids without anybody ({n}): {ids}.").format(
                n=len(result.uncovered), ids=format_ids([grid_ids[i] for i in result.uncovered])
            )
        )
    if result.understaffed:
        items = ["{} (−{})".format(grid_ids[i], k) for i, k in result.understaffed.items()]
        parts.append(
            translate("core", "Grids with fewer people than recommended ({n}): {ids}.").format(
                n=len(items), ids=format_ids(items)
            )
        )
    if result.overloaded:
        items = ["{} (+{:,.0f})".format(staff_ids[j], v) for j, v in result.overloaded.items()]
        parts.append(
            translate(
                "core", "Staff above their capacity, to cover a grid nobody else can ({n}): {ids}."
            ).format(n=len(items), ids=format_ids(items))
        )
    return " ".join(parts)


def quality_sentence(result: Assignment) -> str:
    """How good the plan is, in a planner's words, from its proven lower bound."""
    if result.gap is None:
        return translate(
            "core", "No lower bound was computed for this plan: its quality is not proven."
        )
    beyond = result.shortfall_capacity - result.forced_unserved
    if beyond > 1e-6 * max(1.0, result.shortfall_capacity):
        text = translate(
            "core",
            "{extra:,.0f} population equivalents of workload are not served within capacity "
            "beyond what the roster's total capacity forces (whole shares do not fill every "
            "person's capacity exactly). Counting each share left open at its penalty, the "
            "plan costs at most {gap:.1%} more than the best possible plan.",
        ).format(extra=beyond, gap=result.gap)
    elif result.gap < 5e-4:
        text = translate(
            "core",
            "The best possible plan (proven): no other plan serves as much with less travel.",
        )
    else:
        text = translate(
            "core",
            "At most {gap:.1%} more travel than the best possible plan (proven), and it "
            "serves all the workload the roster's capacity can serve.",
        ).format(gap=result.gap)
    if not result.bound_all_pairs:
        text += " " + translate(
            "core",
            "(Proven among the people considered for each grid: the nearest ones and those "
            "priced in.)",
        )
    return text
