"""Exact solves (HiGHS MILP through :func:`scipy.optimize.milp`) of the p-median, maximal
covering and the capacitated p-median, for instances small enough; they measure the
heuristics' gap in tests and benchmarks."""

import time
from typing import Optional

import numpy as np

from ..deps import scipy_sparse as sp
from .bounds import coverage_matrix, coverage_sets
from .capacitated import CapacitatedModel, stack_fixed
from .heuristic import Interchange, big_base
from .model import ExactResult, dual_bound, run_milp


def exact_pmedian(
    C: np.ndarray, base: Optional[np.ndarray], p: int, time_limit: Optional[float] = None
) -> Optional[ExactResult]:
    """Solve the p-median exactly (HiGHS). Points may also use the base (existing outlets);
    arcs no better than the base are left out. ``None`` if no solution was found in time."""
    from scipy.optimize import Bounds

    m, n = C.shape
    started = time.perf_counter()
    if base is None:
        base = big_base(C)
    jj, ii = np.nonzero(C < base[None, :])
    arcs = len(jj)
    # variables: y (m), x arcs, x_base (n)
    nvar = m + arcs + n
    cost = np.concatenate([np.zeros(m), C[jj, ii], base])
    rows_assign = sp.csr_matrix(
        (
            np.ones(arcs + n),
            (np.r_[ii, np.arange(n)], np.r_[m + np.arange(arcs), m + arcs + np.arange(n)]),
        ),
        shape=(n, nvar),
    )
    link = sp.csr_matrix(
        (
            np.r_[np.ones(arcs), -np.ones(arcs)],
            (np.r_[np.arange(arcs), np.arange(arcs)], np.r_[m + np.arange(arcs), jj]),
        ),
        shape=(arcs, nvar),
    )
    count = sp.csr_matrix((np.ones(m), (np.zeros(m, dtype=int), np.arange(m))), shape=(1, nvar))
    matrix = sp.vstack([rows_assign, link, count]).tocsr()
    lo = np.r_[np.ones(n), np.full(arcs, -np.inf), p]
    hi = np.r_[np.ones(n), np.zeros(arcs), p]
    integrality = np.r_[np.ones(m), np.zeros(arcs + n)]
    res = run_milp(cost, matrix, lo, hi, integrality, Bounds(0, 1), time_limit)
    if res.x is None:
        return None
    chosen = sorted(int(j) for j in np.flatnonzero(res.x[:m] > 0.5))
    objective = Interchange(C, base).cost(chosen)
    return ExactResult(
        chosen,
        objective,
        res.status == 0,
        dual_bound(res),
        time.perf_counter() - started,
    )


def exact_coverage(
    D: np.ndarray,
    weights: np.ndarray,
    p: int,
    radius: float,
    base_covered: np.ndarray,
    time_limit: Optional[float] = None,
) -> Optional[ExactResult]:
    """Solve the MCLP exactly (HiGHS): the chosen sites and the covered population."""
    from scipy.optimize import Bounds

    started = time.perf_counter()
    points, within = coverage_sets(D, radius, base_covered)
    fixed = float(weights[base_covered].sum())
    m, k = within.shape
    if k == 0 or p == 0:
        return ExactResult(list(range(p)), fixed, True, fixed, 0.0)
    matrix = coverage_matrix(within)
    lo = np.r_[np.full(k, -np.inf), p]
    hi = np.r_[np.zeros(k), p]
    res = run_milp(
        np.r_[np.zeros(m), -weights[points]],
        matrix,
        lo,
        hi,
        np.r_[np.ones(m), np.zeros(k)],
        Bounds(0, 1),
        time_limit,
    )
    if res.x is None:
        return None
    chosen = sorted(int(j) for j in np.flatnonzero(res.x[:m] > 0.5))
    covered = base_covered.copy()
    if chosen:
        covered |= (D[chosen] <= radius).any(axis=0)
    return ExactResult(
        chosen,
        float(weights[covered].sum()),
        res.status == 0,
        fixed - dual_bound(res),
        time.perf_counter() - started,
    )


def exact_capacitated(
    D: np.ndarray,
    weights: np.ndarray,
    capacity: np.ndarray,
    p: int,
    fixed_D: Optional[np.ndarray] = None,
    fixed_capacity: Optional[np.ndarray] = None,
    time_limit: Optional[float] = None,
) -> Optional[ExactResult]:
    """The single-sourcing capacitated p-median, exactly (HiGHS, every point–site arc)."""
    started = time.perf_counter()
    sites, caps, nf = stack_fixed(D, capacity, fixed_D, fixed_capacity)
    model = CapacitatedModel(
        sites,
        weights,
        caps,
        np.arange(nf),
        np.arange(nf, len(sites)),
        p,
        arcs_per_point=len(sites),
        soft=False,
    )
    res = model.solve(time_limit)
    if res is None:
        return None
    return ExactResult(
        [j - nf for j in res.chosen],
        res.objective,
        res.optimal,
        res.bound,
        time.perf_counter() - started,
    )
