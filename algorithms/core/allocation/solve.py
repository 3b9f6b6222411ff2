"""Named staff to grids: :func:`assign` runs the methods, keeps the best solution and
reports it, with its lower bound and gap (see the package docstring, step 3)."""

from typing import List, Optional, Sequence, Tuple

import numpy as np

from ..errors import CancelledError, InputError
from ..i18n import translate
from .bound import least_excluded, price_pairs, solve_relaxation
from .candidates import build_problem, candidate_pairs, candidate_pairs_without_locations
from .exact import solve_milp
from .finish import cover_with_overload, reach_further
from .heuristic import greedy_fill, local_search, neighbourhoods, round_lp
from .knapsack import knapsack_bound
from .model import METHOD_EXACT, METHOD_HEURISTIC, AllocationOptions, Assignment
from .report import report_assignment
from .state import State


def assign(
    grid_xy: Optional[np.ndarray],
    workloads: Sequence[float],
    recommended: Sequence[int],
    capacity: Sequence[float],
    staff_xy: Optional[np.ndarray] = None,
    options: Optional[AllocationOptions] = None,
    progress=None,
    is_canceled=None,
    diagnostics: Optional[dict] = None,
) -> Assignment:
    """Assign people to grids (see the package docstring).

    ``diagnostics``: a dict that receives the final instance (``problem``), its last LP
    relaxation (``relaxation``, None when the LP step was skipped), the proven bound before the
    knapsack (``lp_bound``), the plan (``state``, and ``held``: each person's grids before the
    coverage step) and the workload ``unit``, for the bound studies of bench/bench_bounds.py.

    ``grid_xy``: a representative point per grid (metres); ``staff_xy``: the location of each
    person's outlet (metres), or ``None`` for no travel; ``capacity``: per person, in
    population equivalents (> 0).
    """
    options = options or AllocationOptions()
    w = np.asarray(workloads, dtype=float)
    slots = np.asarray(recommended, dtype=np.int64)
    cap = np.asarray(capacity, dtype=float)
    grids, people = len(w), len(cap)
    if people == 0:
        raise InputError(
            translate(
                "core",
                "There is nobody to assign: the roster has no active staff with a capacity "
                "above 0.",
            )
        )
    size = np.where(slots > 0, w / np.maximum(slots, 1), 0.0)
    # one slot per person and grid: slots beyond the roster's head count stay open
    slots_model = np.minimum(slots, people)
    if staff_xy is None:
        pg, ps, km = candidate_pairs_without_locations(grids, people, slots_model, options)
    else:
        pg, ps, km = candidate_pairs(
            np.asarray(grid_xy, dtype=float),
            np.asarray(staff_xy, dtype=float),
            slots_model,
            options,
        )
    positive = size[slots_model > 0]
    unit = float(positive.mean()) if len(positive) and positive.mean() > 0 else 1.0
    if staff_xy is None:
        gxy, sxy = np.zeros((grids, 2)), np.zeros((people, 2))
    else:
        gxy, sxy = np.asarray(grid_xy, dtype=float), np.asarray(staff_xy, dtype=float)
    # the penalties stay those of the first candidate pairs while pairs are priced in (else
    # each farther pair would raise the value of a place and price in farther ones)
    reach = _diameter_km(gxy, sxy) if options.global_reach else float(km.max() if len(km) else 0)
    p = build_problem(slots_model, size / unit, cap / unit, pg, ps, km, options, reach)
    method = options.method
    if method == "auto":
        method = METHOD_EXACT if len(pg) <= options.exact_pair_limit else METHOD_HEURISTIC
    messages: List[str] = []

    def tick(value):
        if progress is not None:
            progress(value)
        if is_canceled is not None and is_canceled():
            raise CancelledError(translate("core", "Cancelled: nothing was written."))

    lp_x, bound, all_pairs = None, None, False
    lp, converged = None, False
    rounds = 0
    while len(p.pair_grid) <= options.lp_pair_limit:
        lp = solve_relaxation(p)
        if lp is None:
            break
        lp_x = lp.x
        if options.pricing_rounds <= 0:  # the candidates only: a bound for plans within them
            bound = lp.value
            break
        correction, ng, ns, nk = price_pairs(p, lp, gxy, sxy, options.pricing_per_grid)
        lagrange = lp.value + correction
        bound = lagrange if bound is None else max(bound, lagrange)
        all_pairs = True
        converged = not len(ng)
        tick(5.0 + 2.0 * rounds)
        # the heuristic stops when the pairs left out can lower the bound by at most 0.1 %;
        # the exact method prices until none is left, so that the MILP's bound counts
        close = method != METHOD_EXACT and correction > -1e-3 * abs(lp.value)
        if not len(ng) or rounds >= options.pricing_rounds or close:
            break
        rounds += 1
        pg, ps, km = np.concatenate([pg, ng]), np.concatenate([ps, ns]), np.concatenate([km, nk])
        p = build_problem(slots_model, size / unit, cap / unit, pg, ps, km, options, reach)
    lp_bound = bound
    if all_pairs and lp is not None and bound is not None and options.knapsack_bound:
        # whole places: the Lagrangian bound with a knapsack per outlet's people
        bound = max(bound, knapsack_bound(p, lp, gxy, sxy))
    tick(20.0)
    state = State(p)
    if lp_x is not None:
        round_lp(state, lp_x)
    greedy_fill(state, tick)
    tick(50.0)
    local_search(state, options, tick)
    solved = 0
    if method == METHOD_HEURISTIC and len(pg) <= options.lns_pair_limit:
        solved = neighbourhoods(state, options, tick)
    label = (
        translate("core", "heuristic: LP-guided rounding, regret greedy, local search")
        if lp_x is not None
        else translate("core", "heuristic: regret greedy, local search")
    )
    if solved:
        label += translate("core", ", {n} neighbourhoods re-solved by MILP").format(n=solved)
    # (state, value within the candidate pairs, label, proven optimal)
    solutions = [(state, state.objective(), label, False)]
    if method == METHOD_EXACT:
        tick(80.0)
        milp_taken, status, gap, dual = solve_milp(p, options)
        if dual is not None and lp is not None and converged and bound is not None:
            # the MILP's bound holds within its pairs; a plan using a pair outside costs at
            # least the LP value plus that pair's reduced cost
            outside = least_excluded(p, lp, gxy, sxy, dual - lp.value)
            bound = max(bound, min(dual, lp.value + outside))
        if dual is not None and (bound is None or dual > bound * (1 + 1e-9) + 1e-9):
            # what the MILP proves holds within the pairs it was given only
            bound, all_pairs = dual, False
        if milp_taken is not None:
            candidate = State(p)
            candidate.set(milp_taken)
            optimal = status == 0
            text = (
                translate("core", "exact: MILP (HiGHS), optimal")
                if optimal
                else translate("core", "MILP (HiGHS) stopped at its node or time limit")
            )
            if gap is not None:
                text += translate("core", " (gap {gap:.2g} %)").format(gap=100.0 * gap)
            solutions.insert(0, (candidate, candidate.objective(), text, optimal))
    tick(90.0)
    # grids left without enough people get candidates further away; keep the best result
    finals: List[Tuple[float, int, int, int]] = []
    for candidate, _value, _text, optimal in solutions:
        further = reach_further(
            candidate, grid_xy if staff_xy is not None else None, staff_xy, options, tick
        )
        finals.append((candidate.objective(), -int(optimal), len(finals), further))
    value, _opt, index, further = min(finals)
    state, _value, label, exact = solutions[index]
    if index == len(solutions) - 1 and len(solutions) > 1:
        label += translate("core", " (better than the MILP's best solution)")
    if further:
        messages.append(
            translate(
                "core",
                "{n} grid(s) had no candidate with room nearby; people with room further away "
                "were considered for them.",
            ).format(n=further)
        )
    # workload no plan serves: above the roster's capacity, and places beyond its head count
    forced = max(0.0, float((slots_model * size).sum()) - float(cap.sum()))
    relgap = None
    if bound is not None:
        # the gap of the cost above the penalty every plan pays for the forced shortfall:
        # travel (imbalance at its km rate) when the plan serves all that can be served
        floor = p.p_z * forced / unit
        relgap = (
            min(1.0, max(0.0, (value - bound) / (value - floor))) if value - floor > 1e-12 else 0.0
        )
    if diagnostics is not None:
        diagnostics.update(
            problem=p,
            relaxation=lp if lp is not None and len(lp.x) == len(p.pair_grid) else None,
            lp_bound=lp_bound,
            state=state,
            held=[list(grids) for grids in state.held],
            unit=unit,
        )
    cover_with_overload(state)
    result = report_assignment(p, state, unit, slots, value, bound, relgap, label, exact, messages)
    result.forced_unserved = forced + float(((slots - slots_model) * size).sum())
    result.bound_all_pairs = all_pairs
    return result


def _diameter_km(grid_xy: np.ndarray, staff_xy: np.ndarray) -> float:
    """The longest distance between any grid and any person (km, bounding box diagonal)."""
    if not len(grid_xy) or not len(staff_xy):
        return 0.0
    both = np.vstack([grid_xy, staff_xy])
    return float(np.hypot(*(both.max(axis=0) - both.min(axis=0)))) / 1000.0
