"""Where the outlets go: runs the heuristic, the exact solves and the bounds that fit the
method and the instance, and keeps the best locations found (:func:`locate`)."""

from dataclasses import replace

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
    Instance,
    Location,
    no_capacity_error,
)


def locate(problem: Instance) -> Location:
    """Choose the sites (see :func:`site_outlets`)."""
    if problem.method == "pmedian" and problem.capacities is not None:
        return _locate_capacitated(problem, *problem.capacities)
    dist_c, dist_e, w, p = problem.dist_c, problem.dist_e, problem.w, problem.p
    method, radius, exact = problem.method, problem.radius, problem.exact
    rounds, neighbours = problem.rounds, problem.neighbours
    report, is_canceled = problem.report, problem.is_canceled
    m, n = dist_c.shape
    e = len(dist_e)
    if p == 0:
        return Location([], "existing", proven=True)
    if p == m:
        return Location(list(range(m)), "all", proven=True)
    auto = exact == "auto"
    if method == "coverage":
        base_covered = (dist_e <= radius).any(axis=0) if e else np.zeros(n, bool)
        # coverage first; among equal coverage, shorter distances (ties broken by a term
        # worth less than one person in total when populations are whole numbers)
        scale = float(max(dist_c.max(), dist_e.max() if e else 0.0, 1.0))
        integral = bool(np.all(np.abs(w - np.round(w)) < 1e-9))
        unit = 1.0 if integral else float(w.min()) * 1e-3
        delta = 0.5 * unit / (float(w.sum()) + 1.0)
        costs = (w[:, None] * ((dist_c.T > radius) + delta * dist_c.T / scale)).T
        base = w * (~base_covered + delta * dist_e.min(axis=0) / scale) if e else big_base(costs)
    else:
        costs = (w[:, None] * dist_c.T).T  # a view of a points × sites array: no copy below
        base = w * dist_e.min(axis=0) if e else big_base(costs)
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
                hit |= (dist_c[list(sites)] <= radius).any(axis=0)
            return float(w[hit].sum())

        upper, proven = None, False
        if problem.want_bound:
            # the LP gives the bound and a second start: its p largest openings
            upper, opening = coverage_relaxation(dist_c, w, p, radius, base_covered)
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
                dist_c, w, p, radius, base_covered, None if exact is True else AUTO_EXACT_SECONDS
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
    if lower is None and problem.want_bound:
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


def _locate_capacitated(problem: Instance, caps_e: np.ndarray, caps_c: np.ndarray) -> Location:
    dist_c, dist_e, w, p = problem.dist_c, problem.dist_e, problem.w, problem.p
    exact, time_limit, is_canceled = problem.exact, problem.time_limit, problem.is_canceled
    m, n = dist_c.shape
    e = len(dist_e)
    need = float(w.sum())
    best_cap = float(caps_e.sum()) + float(np.sort(caps_c)[::-1][:p].sum())
    if best_cap <= 0:
        raise no_capacity_error()
    # short of capacity: every capacity is raised by the same factor (with a margin, as
    # whole grids rarely fill outlets exactly)
    scale = need / best_cap * SHORTFALL_MARGIN if best_cap < need else 1.0
    caps_c_eff, caps_e_eff = caps_c * scale, caps_e * scale
    fixed_dist = dist_e if e else None
    fixed_cap = caps_e_eff if e else None
    all_dist = np.vstack([dist_e, dist_c]) if e else dist_c
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
            dist_c,
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
        where = locate(replace(problem, method="pmedian", radius=0.0, capacities=None, exact=False))
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
    problem.report(60)
    proven, lower = False, None
    if exact is True:
        res = exact_capacitated(dist_c, w, caps_c_eff, p, fixed_dist, fixed_cap)
        if res is not None and res.objective < value - 1e-9 * abs(value):
            chosen, value, solver = res.chosen, res.objective, "exact"
            sites = assign(chosen)
        if res is not None and res.optimal:
            proven, lower = True, value
    if lower is None and problem.want_bound:
        lower = lagrangian_bound(
            w[None, :] * dist_c,
            None,
            p,
            value,
            weights=w,
            capacity=caps_c_eff,
            fixed_costs=w[None, :] * dist_e if e else None,
            fixed_capacity=caps_e_eff if e else None,
            iterations=150,
            start=prices,
            is_canceled=is_canceled,
        )
    return Location(chosen, solver, 0, lower, proven, sites=sites, scale=scale)
