"""Where the outlets go: runs the heuristic, the exact solves and the bounds that fit the
method and the instance, and keeps the best locations found (:func:`locate`)."""

import numpy as np

from .bounds import coverage_relaxation, lagrangian_bound
from .capacitated import assign_open, assignment_cost, capacitated_pmedian
from .exact import exact_capacitated, exact_coverage, exact_pmedian
from .heuristic import Interchange, big_base
from .model import (
    AUTO_EXACT_COVERAGE_PAIRS,
    AUTO_EXACT_PMEDIAN_ARCS,
    AUTO_EXACT_SECONDS,
    CAPACITATED_ARCS_PER_POINT,
    CAPACITATED_MILP_ARCS,
    SHORTFALL_MARGIN,
    Location,
    no_capacity_error,
)


def locate(
    method,
    D,
    E,
    w,
    p,
    radius,
    capacity_aware,
    caps_e,
    caps_c,
    exact,
    want_bound,
    rounds,
    time_limit,
    neighbours,
    report,
    is_canceled,
) -> Location:
    """Choose the sites (see :func:`site_outlets`)."""
    m, n = D.shape
    e = len(E)
    if method == "pmedian" and capacity_aware:
        return _locate_capacitated(
            D,
            E,
            w,
            p,
            caps_e,
            caps_c,
            exact,
            want_bound,
            time_limit,
            rounds,
            neighbours,
            report,
            is_canceled,
        )
    if p == 0:
        return Location([], "existing", proven=True)
    if p == m:
        return Location(list(range(m)), "all", proven=True)
    auto = exact == "auto"
    if method == "coverage":
        base_covered = (E <= radius).any(axis=0) if e else np.zeros(n, bool)
        # coverage first; among equal coverage, shorter distances (ties broken by a term
        # worth less than one person in total when populations are whole numbers)
        scale = float(max(D.max(), E.max() if e else 0.0, 1.0))
        integral = bool(np.all(np.abs(w - np.round(w)) < 1e-9))
        unit = 1.0 if integral else float(w.min()) * 1e-3
        delta = 0.5 * unit / (float(w.sum()) + 1.0)
        costs = (w[:, None] * ((D.T > radius) + delta * D.T / scale)).T
        base = w * (~base_covered + delta * E.min(axis=0) / scale) if e else big_base(costs)
    else:
        costs = (w[:, None] * D.T).T  # a view of a points × sites array: no copy below
        base = w * E.min(axis=0) if e else big_base(costs)
    search = Interchange(costs, base)
    chosen = search.shake_and_descend(
        search.greedy(p), rounds=rounds, neighbours=neighbours, is_canceled=is_canceled
    )
    solver = "heuristic"
    report(50)

    if method == "coverage":

        def coverage_of(sites):
            hit = base_covered.copy()
            if len(sites):
                hit |= (D[list(sites)] <= radius).any(axis=0)
            return float(w[hit].sum())

        upper, proven = None, False
        if want_bound:
            # the LP gives the bound and a second start: its p largest openings
            upper, opening = coverage_relaxation(D, w, p, radius, base_covered)
            if opening is not None:
                start = [int(j) for j in np.argsort(-opening, kind="stable")[:p]]
                other = search.shake_and_descend(
                    start, rounds=rounds, neighbours=neighbours, is_canceled=is_canceled
                )
                if search.cost(other) < search.cost(chosen) - 1e-9 * abs(search.cost(chosen)):
                    chosen = other
            report(65)
        value = coverage_of(chosen)
        if exact is True or (auto and n * m <= AUTO_EXACT_COVERAGE_PAIRS):
            res = exact_coverage(
                D, w, p, radius, base_covered, None if exact is True else AUTO_EXACT_SECONDS
            )
            if res is not None and res.objective > value + 1e-9:
                chosen, value, solver = res.chosen, res.objective, "exact"
            if res is not None and res.optimal:
                proven, upper = True, value
        return Location(chosen, solver, search.swaps, upper, proven)

    value = search.cost(chosen)
    lower, proven = None, False
    arcs = int((costs < base[None, :]).sum())
    if exact is True or (auto and arcs <= AUTO_EXACT_PMEDIAN_ARCS):
        res = exact_pmedian(costs, base, p, None if exact is True else AUTO_EXACT_SECONDS)
        if res is not None and res.objective < value - 1e-9 * abs(value):
            chosen, value, solver = res.chosen, res.objective, "exact"
        if res is not None and res.optimal:
            proven, lower = True, value
    if lower is None and want_bound:
        lower = lagrangian_bound(
            costs,
            base if e else None,
            p,
            value,
            start=search.c1,
            weights=w,
            near=search,
            is_canceled=is_canceled,
        )
    return Location(chosen, solver, search.swaps, lower, proven)


def _locate_capacitated(
    D,
    E,
    w,
    p,
    caps_e,
    caps_c,
    exact,
    want_bound,
    time_limit,
    rounds,
    neighbours,
    report,
    is_canceled,
) -> Location:
    m, n = D.shape
    e = len(E)
    need = float(w.sum())
    best_cap = float(caps_e.sum()) + float(np.sort(caps_c)[::-1][:p].sum())
    if best_cap <= 0:
        raise no_capacity_error()
    # short of capacity: every capacity is raised by the same factor (with a margin, as
    # whole grids rarely fill outlets exactly)
    scale = need / best_cap * SHORTFALL_MARGIN if best_cap < need else 1.0
    caps_c_eff, caps_e_eff = caps_c * scale, caps_e * scale
    fixed_dist = E if e else None
    fixed_cap = caps_e_eff if e else None
    all_dist = np.vstack([E, D]) if e else D
    all_caps = np.r_[caps_e_eff, caps_c_eff]
    penalty = 2.0 * float(all_dist.max()) + 1.0

    def assign(chosen):
        return assign_open(all_dist, w, all_caps, e, chosen)

    def penalised(sites):
        load = np.bincount(sites, weights=w, minlength=len(all_caps))
        return assignment_cost(all_dist, w, sites) + penalty * float(
            np.maximum(load - all_caps, 0.0).sum()
        )

    found = None
    if 0 < p < m and n * min(CAPACITATED_ARCS_PER_POINT, m + e) <= CAPACITATED_MILP_ARCS:
        found = capacitated_pmedian(
            D,
            w,
            caps_c_eff,
            p,
            fixed_D=fixed_dist,
            fixed_capacity=fixed_cap,
            time_limit=time_limit,
            is_canceled=is_canceled,
        )
    if found is None:
        # too large for the MILP (or its LP did not finish): the sites of the uncapacitated
        # p-median, then the capacity-aware assignment; its bound is valid here too
        where = locate(
            "pmedian",
            D,
            E,
            w,
            p,
            0.0,
            False,
            None,
            None,
            False,
            want_bound,
            rounds,
            time_limit,
            neighbours,
            report,
            is_canceled,
        )
        return Location(
            where.chosen,
            where.solver,
            where.swaps,
            where.bound,
            False,
            sites=assign(where.chosen),
            scale=scale,
        )
    chosen, sites, value, prices = found
    solver = "relax_and_fix"
    alternative = assign(chosen)  # the assignment heuristic on the same sites
    if penalised(alternative) < penalised(sites) - 1e-9 * abs(value):
        sites = alternative
    value = assignment_cost(all_dist, w, sites)
    report(60)
    proven, lower = False, None
    if exact is True:
        res = exact_capacitated(D, w, caps_c_eff, p, fixed_dist, fixed_cap)
        if res is not None and res.objective < value - 1e-9 * abs(value):
            chosen, value, solver = res.chosen, res.objective, "exact"
            sites = assign(chosen)
        if res is not None and res.optimal:
            proven, lower = True, value
    if lower is None and want_bound:
        lower = lagrangian_bound(
            w[None, :] * D,
            None,
            p,
            value,
            weights=w,
            capacity=caps_c_eff,
            fixed_costs=w[None, :] * E if e else None,
            fixed_capacity=caps_e_eff if e else None,
            iterations=150,
            start=prices,
            is_canceled=is_canceled,
        )
    return Location(chosen, solver, 0, lower, proven, sites=sites, scale=scale)
