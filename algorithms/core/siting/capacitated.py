"""Capacities: the single-sourcing capacitated location/assignment model
(:class:`CapacitatedModel`), the capacity-aware assignment of points to open outlets
(:func:`assign_capacitated`) and the LP relax-and-fix capacitated p-median
(:func:`capacitated_pmedian`)."""

import time
from typing import List, Optional, Sequence, Tuple

import numpy as np

from ..deps import scipy_sparse as sp
from ..solver_process import linprog
from .model import (
    CAPACITATED_ARCS_PER_POINT,
    IsCanceled,
    ModelSolution,
    check_cancel,
    dual_bound,
    run_milp,
)


class CapacitatedModel:
    """Single-sourcing capacitated location/assignment model over the sites ``fixed`` (always
    open) and ``free`` (``p`` of them to open), with arcs from each point to its
    ``arcs_per_point`` nearest of these sites (more can be added).

    Variables: y per site, x per arc, and with ``soft`` an overload per site paid ``penalty``
    per person (more than any distance), so that the model always has a solution. Rows: each
    point assigned once; x ≤ y (the strong linking); load ≤ capacity·y + overload; Σ free y =
    p. :meth:`relax` solves the LP (with column generation over the missing arcs, so that its
    value is a valid lower bound of the full problem), :meth:`solve` the MILP.
    """

    def __init__(
        self, D, weights, capacity, fixed, free, p, arcs_per_point=12, soft=True, extra_arcs=None
    ):
        self.D, self.w, self.cap = D, weights, capacity
        self.fixed = np.asarray(fixed, dtype=int)
        self.free = np.asarray(free, dtype=int)
        self.p, self.soft = p, soft
        self.sites = np.r_[self.fixed, self.free].astype(int)
        ns, n = len(self.sites), D.shape[1]
        k = min(arcs_per_point, ns)
        sub = D[self.sites]
        if k < ns:
            near = np.argpartition(sub, k - 1, axis=0)[:k]
        else:
            near = np.broadcast_to(np.arange(ns)[:, None], sub.shape)
        self.has_arc = np.zeros((ns, n), bool)
        self.has_arc[near, np.arange(n)[None, :]] = True
        if extra_arcs is not None:
            local = {int(j): s for s, j in enumerate(self.sites)}
            for site, point in zip(*extra_arcs):
                if int(site) in local:
                    self.has_arc[local[int(site)], point] = True
        self.penalty = 2.0 * float(sub.max()) + 1.0 if soft else 0.0

    def _arrays(self):
        ns, n = len(self.sites), self.D.shape[1]
        arc_site, arc_point = np.nonzero(self.has_arc)
        na = len(arc_site)
        nfix = len(self.fixed)
        slack = ns if self.soft else 0
        nvar = ns + na + slack
        arc_cost = self.w[arc_point] * self.D[self.sites[arc_site], arc_point]
        cost = np.r_[np.zeros(ns), arc_cost, np.full(slack, self.penalty)]
        arcs = np.arange(na)
        assign = sp.csr_matrix((np.ones(na), (arc_point, ns + arcs)), shape=(n, nvar))
        # x ≤ y only for arcs to sites that may stay closed (fixed sites are open)
        linked = arcs[arc_site >= nfix]
        nl = len(linked)
        link = sp.csr_matrix(
            (
                np.r_[np.ones(nl), -np.ones(nl)],
                (np.r_[np.arange(nl), np.arange(nl)], np.r_[ns + linked, arc_site[linked]]),
            ),
            shape=(nl, nvar),
        )
        values = [self.w[arc_point], -self.cap[self.sites]]
        rows = [arc_site, np.arange(ns)]
        cols = [ns + arcs, np.arange(ns)]
        if self.soft:
            values.append(-np.ones(ns))
            rows.append(np.arange(ns))
            cols.append(ns + na + np.arange(ns))
        capacity = sp.csr_matrix(
            (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(ns, nvar)
        )
        count = sp.csr_matrix(
            (np.ones(ns - nfix), (np.zeros(ns - nfix, dtype=int), np.arange(nfix, ns))),
            shape=(1, nvar),
        )
        lower = np.zeros(nvar)
        lower[:nfix] = 1.0
        upper = np.r_[np.ones(ns + na), np.full(slack, np.inf)]
        return dict(
            arc_site=arc_site,
            arc_point=arc_point,
            cost=cost,
            assign=assign,
            link=link,
            capacity=capacity,
            count=count,
            lower=lower,
            upper=upper,
            ns=ns,
            na=na,
            nl=nl,
            n=n,
        )

    def relax(self, time_limit: Optional[float] = None):
        """The LP relaxation over the model's arcs (HiGHS). Returns ``(result, arrays)``,
        or None if it was not solved (in ``time_limit`` seconds). Its value bounds the full
        problem only if no missing arc would help, which is not checked here (see
        :func:`lagrangian_bound` for a bound)."""

        a = self._arrays()
        options = {"time_limit": float(time_limit)} if time_limit else {}
        upper_rows = sp.vstack([a["link"], a["capacity"]]).tocsr()
        equal_rows = sp.vstack([a["assign"], a["count"]]).tocsr()
        res = linprog(
            a["cost"],
            A_ub=upper_rows,
            b_ub=np.zeros(upper_rows.shape[0]),
            A_eq=equal_rows,
            b_eq=np.r_[np.ones(a["n"]), self.p],
            bounds=np.c_[a["lower"], a["upper"]],
            method="highs",
            options=options,
        )
        if res.status != 0:
            return None
        return res, a

    def solve(self, time_limit=None, gap=1e-9) -> Optional[ModelSolution]:
        from scipy.optimize import Bounds

        a = self._arrays()
        ns, na, nl, n = a["ns"], a["na"], a["nl"], a["n"]
        matrix = sp.vstack([a["assign"], a["link"], a["capacity"], a["count"]]).tocsr()
        lo = np.r_[np.ones(n), np.full(nl + ns, -np.inf), self.p]
        hi = np.r_[np.ones(n), np.zeros(nl + ns), self.p]
        slack = ns if self.soft else 0
        integrality = np.r_[np.ones(ns + na), np.zeros(slack)]
        res = run_milp(
            a["cost"], matrix, lo, hi, integrality, Bounds(a["lower"], a["upper"]), time_limit, gap
        )
        if res.x is None:
            return None
        x = res.x
        fixed = set(self.fixed.tolist())
        chosen = sorted(int(j) for j in self.sites[x[:ns] > 0.5] if int(j) not in fixed)
        on = x[ns : ns + na] > 0.5
        assignment = np.full(n, -1)
        assignment[a["arc_point"][on]] = self.sites[a["arc_site"][on]]
        objective = float((self.w * self.D[assignment, np.arange(n)]).sum())
        load = np.bincount(assignment, weights=self.w, minlength=len(self.D))
        overload = float(np.maximum(load - self.cap, 0.0)[self.sites].sum())
        return ModelSolution(
            chosen, assignment, objective, overload, res.status == 0, dual_bound(res)
        )


def assign_capacitated(
    D_open: np.ndarray, weights: np.ndarray, capacity: np.ndarray, arcs_per_point: int = 12
) -> np.ndarray:
    """Single-sourcing assignment of points to open outlets within capacity, least total
    population × distance (a generalised assignment problem). Returns the outlet row per
    point.

    1. The transportation LP (HiGHS; points may split; each point linked to its
       ``arcs_per_point`` nearest outlets; an overload allowed at a penalty above any
       distance) — a basic solution splits at most one point per outlet.
    2. Every point goes whole to the outlet holding its largest share.
    3. Repair: while an outlet is over capacity, the move out of an overloaded outlet into
       an outlet with room that costs least (population × extra distance) is made.
    4. Improve: moves of a point to a nearer outlet with room, best first, until none.
    When no move can relieve an overloaded outlet, the overload stays (and is reported).
    """
    k, n = D_open.shape
    w = np.asarray(weights, dtype=float)
    cap = np.asarray(capacity, dtype=float)
    model = CapacitatedModel(
        D_open, w, cap, np.arange(k), np.arange(0), 0, arcs_per_point=arcs_per_point
    )
    relaxed = model.relax()
    if relaxed is None:
        assignment = np.argmin(D_open, axis=0)
    else:
        res, a = relaxed
        share = np.zeros((k, n))
        share[a["arc_site"], a["arc_point"]] = res.x[a["ns"] : a["ns"] + a["na"]]
        assignment = np.argmax(share, axis=0)
    cost = w[None, :] * D_open
    load = np.bincount(assignment, weights=w, minlength=k)
    tolerance = cap * 1e-9 + 1e-9
    points = np.arange(n)
    # 3. repair
    for _step in range(4 * n):
        over = load > cap + tolerance
        if not over.any():
            break
        movers = np.flatnonzero(over[assignment])
        room = cap - load
        extra = cost[:, movers] - cost[assignment[movers], movers][None, :]
        fits = (room[:, None] >= w[movers][None, :] - tolerance[:, None]) & ~over[:, None]
        extra[~fits] = np.inf
        if not np.isfinite(extra).any():
            break
        target, which = np.unravel_index(int(np.argmin(extra)), extra.shape)
        point = movers[which]
        load[assignment[point]] -= w[point]
        load[target] += w[point]
        assignment[point] = target
    # 4. improve
    for _step in range(4 * n):
        room = cap - load
        current = cost[assignment, points]
        saving = current[None, :] - cost
        fits = room[:, None] >= w[None, :] - tolerance[:, None]
        saving[~fits | (saving <= 1e-9 * (current[None, :] + 1.0))] = 0.0
        saving[assignment, points] = 0.0
        if not saving.any():
            break
        target, point = np.unravel_index(int(np.argmax(saving)), saving.shape)
        load[assignment[point]] -= w[point]
        load[target] += w[point]
        assignment[point] = target
    return assignment


def capacitated_pmedian(
    D: np.ndarray,
    weights: np.ndarray,
    capacity: np.ndarray,
    p: int,
    fixed_D: Optional[np.ndarray] = None,
    fixed_capacity: Optional[np.ndarray] = None,
    arcs_per_point: int = CAPACITATED_ARCS_PER_POINT,
    mip_arcs_per_point: int = 12,
    time_limit: float = 8.0,
    is_canceled: IsCanceled = None,
) -> Optional[Tuple[List[int], np.ndarray, float, Optional[np.ndarray]]]:
    """LP relax-and-fix for the single-sourcing capacitated p-median.

    1. The LP relaxation (HiGHS) over each point's ``arcs_per_point`` nearest sites gives
       fractional openings y and the prices of the points (the duals of "assigned once").
    2. Sites with y = 1 are fixed open and sites with y = 0 closed (unless too few remain
       to choose from: then the closed sites whose opening the LP prices cheapest are
       added); the MILP over the fractional rest, each point linked to its
       ``mip_arcs_per_point`` nearest remaining sites and to the arcs the LP used, is solved
       with HiGHS within the time left.
    Returns ``(chosen, site row per point over [fixed…, D…], objective, point prices)``, or
    None when the LP is not solved within ``time_limit``.
    """
    started = time.perf_counter()
    m, n = D.shape
    sites, caps, nf = stack_fixed(D, capacity, fixed_D, fixed_capacity)
    if p == 0 or p >= m:
        chosen = list(range(m)) if p else []
        assign = assign_open(sites, weights, caps, nf, chosen)
        return chosen, assign, assignment_cost(sites, weights, assign), None
    free_all = np.arange(nf, nf + m)
    model = CapacitatedModel(
        sites, weights, caps, np.arange(nf), free_all, p, arcs_per_point=arcs_per_point
    )
    relaxed = model.relax(time_limit)
    check_cancel(is_canceled)
    if relaxed is None:
        return None
    res, a = relaxed
    y_free = res.x[: a["ns"]][nf:]
    sure = [int(j) for j in free_all[y_free > 1 - 1e-6]]
    maybe = [int(j) for j in free_all[(y_free > 1e-6) & (y_free <= 1 - 1e-6)]]
    need = p - len(sure)
    if len(maybe) < need + 3:
        cheapest = np.argsort(res.lower.marginals[: a["ns"]][nf:], kind="stable")
        for j in free_all[cheapest]:
            if len(maybe) >= need + 3:
                break
            if int(j) not in maybe and int(j) not in sure:
                maybe.append(int(j))
    lp_arcs = res.x[a["ns"] : a["ns"] + a["na"]] > 1e-9
    extra = (model.sites[a["arc_site"][lp_arcs]], a["arc_point"][lp_arcs])
    mip = CapacitatedModel(
        sites,
        weights,
        caps,
        np.r_[np.arange(nf), sure].astype(int),
        np.array(sorted(maybe), dtype=int),
        need,
        arcs_per_point=mip_arcs_per_point,
        extra_arcs=extra,
    )
    remaining = max(time_limit - (time.perf_counter() - started), 1.0)
    solution = mip.solve(remaining, gap=1e-6)
    prices = res.eqlin.marginals[:n]
    if solution is None:  # no MILP solution in time: round the LP and assign
        by_y = sorted(maybe, key=lambda j: (-y_free[j - nf], j))[:need]
        chosen = sorted(j - nf for j in sure + by_y)
        assign = assign_open(sites, weights, caps, nf, chosen)
        return chosen, assign, assignment_cost(sites, weights, assign), prices
    chosen = sorted([j - nf for j in sure] + [j - nf for j in solution.chosen])
    return chosen, solution.assignment, solution.objective, prices


def assignment_cost(sites: np.ndarray, weights: np.ndarray, assign: np.ndarray) -> float:
    """Σ population × distance of the points to their sites (``assign``: row per point)."""
    return float((weights * sites[assign, np.arange(len(assign))]).sum())


def stack_fixed(
    D: np.ndarray,
    capacity: np.ndarray,
    fixed_D: Optional[np.ndarray] = None,
    fixed_capacity: Optional[np.ndarray] = None,
) -> Tuple[np.ndarray, np.ndarray, int]:
    """The always-open sites stacked above the free ones: distances, capacities, and how
    many rows are always open."""
    if fixed_D is None:
        return D, capacity, 0
    return np.vstack([fixed_D, D]), np.r_[fixed_capacity, capacity], len(fixed_D)


def open_rows(fixed: int, chosen: Sequence[int]) -> np.ndarray:
    """Rows of the open sites over ``[fixed…, free…]``: the ``fixed`` always-open rows and
    the ``chosen`` free sites."""
    return np.r_[np.arange(fixed), fixed + np.array(chosen, dtype=int)].astype(int)


def assign_open(
    sites: np.ndarray, weights: np.ndarray, caps: np.ndarray, fixed: int, chosen: Sequence[int]
) -> np.ndarray:
    """:func:`assign_capacitated` to the open sites (see :func:`open_rows`); returns the
    site row per point over ``[fixed…, free…]``."""
    rows = open_rows(fixed, chosen)
    return rows[assign_capacitated(sites[rows], weights, caps[rows])]
