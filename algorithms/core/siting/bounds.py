"""Bounds on the optimum: the Lagrangian lower bound of the (capacitated) p-median and the LP
upper bound of maximal covering, so that every run states its largest possible gap."""

from typing import Optional, Tuple

import numpy as np

from ..deps import scipy_sparse as sp
from ..solver_process import linprog
from .heuristic import Interchange
from .model import IsCanceled, check_cancel


def lagrangian_bound(
    C: np.ndarray,
    base: Optional[np.ndarray],
    p: int,
    upper: float,
    start: Optional[np.ndarray] = None,
    iterations: int = 300,
    weights: Optional[np.ndarray] = None,
    capacity: Optional[np.ndarray] = None,
    fixed_capacity: Optional[np.ndarray] = None,
    fixed_costs: Optional[np.ndarray] = None,
    near: Optional[Interchange] = None,
    is_canceled: IsCanceled = None,
) -> float:
    """Lower bound on the (capacitated) p-median cost by Lagrangian relaxation of the
    assignment constraints, maximised by subgradient ascent (Polyak steps towards ``upper``,
    each point's step scaled by its weight).

    Uncapacitated: ``L(λ) = Σλ + Σ_{p smallest} ρ_j + ρ_base`` with ``ρ_j = Σ_i min(0,
    C[j,i] − λ_i)``. Capacitated (``capacity`` per site, ``weights`` per point, and the always
    open outlets given as ``fixed_costs`` rows with ``fixed_capacity``): ``ρ_j`` is minus the
    best fractional knapsack of points with ``λ_i > C[j,i]`` within the capacity. Every ``λ``
    gives a valid bound; the best one found is returned. ``near`` (an :class:`Interchange`
    on the same costs) lets the uncapacitated case visit only each point's cheapest sites.
    """
    m, n = C.shape
    lam = np.array(start if start is not None else (C.min(axis=0) if m else base), dtype=float)
    scale = np.asarray(weights, dtype=float) if weights is not None else None
    best = -np.inf
    theta = 1.0
    stall = 0
    capacitated = capacity is not None
    if near is not None:
        near._prepare_sparse()

    def knapsack(costs, caps, lam):
        # fractional knapsack of every row: points sorted by profit per person.
        profit = lam[None, :] - costs
        ratio = np.where(profit > 0, profit / weights[None, :], -np.inf)
        order = np.argsort(-ratio, axis=1, kind="stable")
        w_sorted = weights[order]
        before = np.cumsum(w_sorted, axis=1) - w_sorted
        take = np.clip((caps[:, None] - before) / w_sorted, 0.0, 1.0)
        take[np.take_along_axis(profit, order, axis=1) <= 0] = 0.0
        x = np.empty_like(take)
        np.put_along_axis(x, order, take, axis=1)
        return -(x * profit).sum(axis=1), x

    def uncapacitated(lam):
        # ρ_j and, per point, the sites with C < λ (as a count over chosen sites later)
        if near is None:
            below = np.minimum(C - lam[None, :], 0.0)
            return below.sum(axis=1), None
        sparse = lam <= near.kth
        rho = np.zeros(m)
        rows = np.flatnonzero(sparse)
        diff = np.minimum(near.near_cost[rows] - lam[rows, None], 0.0)
        rho += np.bincount(near.near_idx[rows].ravel(), weights=diff.ravel(), minlength=m)
        dense = np.flatnonzero(~sparse)
        if dense.size:
            rho += np.minimum(near.CT[dense] - lam[dense, None], 0.0).sum(axis=0)
        return rho, (rows, dense)

    for _it in range(iterations):
        check_cancel(is_canceled)
        if capacitated:
            rho, x = knapsack(C, capacity, lam)
        else:
            rho, parts = uncapacitated(lam)
        if p >= m:
            chosen = np.arange(m)
        elif p > 0:
            chosen = np.argpartition(rho, p - 1)[:p]
        else:
            chosen = np.arange(0)
        value = float(lam.sum() + rho[chosen].sum())
        if capacitated:
            cover = x[chosen].sum(axis=0)
            if fixed_costs is not None and len(fixed_costs):
                frho, fx = knapsack(fixed_costs, fixed_capacity, lam)
                value += float(frho.sum())
                cover = cover + fx.sum(axis=0)
        else:
            if near is None:  # then parts is None: every point's sites were visited
                cover = (C[chosen] < lam[None, :]).sum(axis=0).astype(float)
            else:
                is_open = np.zeros(m, bool)
                is_open[chosen] = True
                rows, dense = parts
                cover = np.zeros(n)
                cover[rows] = (
                    (near.near_cost[rows] < lam[rows, None]) & is_open[near.near_idx[rows]]
                ).sum(axis=1)
                if dense.size:
                    cover[dense] = (near.CT[dense][:, chosen] < lam[dense, None]).sum(axis=1)
            if base is not None:
                value += float(np.minimum(base - lam, 0.0).sum())
                cover += base < lam
        if value > best + 1e-12 * abs(best if np.isfinite(best) else 0.0):
            best = value
            stall = 0
        else:
            stall += 1
            if stall >= 15:
                theta /= 2.0
                stall = 0
        subgradient = 1.0 - cover
        direction = subgradient * scale if scale is not None else subgradient
        norm = float((subgradient * direction).sum())
        if norm == 0.0 or upper - best <= 1e-7 * abs(upper) or theta < 1e-5:
            break
        lam = lam + theta * max(upper - value, 1e-9 * abs(upper)) / norm * direction
    return best


def coverage_sets(
    D: np.ndarray, radius: float, base_covered: np.ndarray
) -> Tuple[np.ndarray, np.ndarray]:
    """Points that matter (not covered by an existing outlet, coverable by a site) and the
    site × point incidence among them."""
    within = D <= radius
    open_points = np.flatnonzero(~base_covered & within.any(axis=0))
    return open_points, within[:, open_points]


def coverage_matrix(within: np.ndarray) -> "sp.csr_matrix":
    """The MCLP's rows over the variables ``[y (sites)…, z (points)…]``: one row
    ``z_i − Σ_j a_ij y_j`` per point (``≤ 0``), then ``Σ y`` (``= p``)."""
    m, k = within.shape
    jj, ii = np.nonzero(within)
    nvar = m + k
    return sp.vstack(
        [
            sp.csr_matrix(
                (
                    np.r_[np.ones(k), -np.ones(len(jj))],
                    (np.r_[np.arange(k), ii], np.r_[m + np.arange(k), jj]),
                ),
                shape=(k, nvar),
            ),
            sp.csr_matrix((np.ones(m), (np.zeros(m, dtype=int), np.arange(m))), shape=(1, nvar)),
        ]
    ).tocsr()


def coverage_relaxation(
    D: np.ndarray, weights: np.ndarray, p: int, radius: float, base_covered: np.ndarray
) -> Tuple[float, Optional[np.ndarray]]:
    """The MCLP's LP relaxation (HiGHS): an upper bound on the covered population and the
    fractional openings of the sites (``None`` when nothing is left to cover)."""

    points, within = coverage_sets(D, radius, base_covered)
    fixed = float(weights[base_covered].sum())
    m, k = within.shape
    if k == 0 or p == 0:
        return fixed, None
    # z_i − Σ_j a_ij y_j ≤ 0; Σ y = p
    matrix = coverage_matrix(within)
    res = linprog(
        np.r_[np.zeros(m), -weights[points]],
        A_ub=matrix[:k],
        b_ub=np.zeros(k),
        A_eq=matrix[k:],
        b_eq=[p],
        bounds=(0, 1),
        method="highs",
    )
    return fixed - float(res.fun), res.x[:m]


def coverage_upper_bound(
    D: np.ndarray, weights: np.ndarray, p: int, radius: float, base_covered: np.ndarray
) -> float:
    """Upper bound on the covered population: the MCLP's LP relaxation (HiGHS)."""
    return coverage_relaxation(D, weights, p, radius, base_covered)[0]
