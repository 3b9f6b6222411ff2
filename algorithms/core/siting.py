"""Outlet siting: choose new outlets among candidate sites, keep the existing ones, assign demand.

Plain numpy/scipy (no QGIS). Demand points are the grids' representative points with their
population; distances are straight lines in the projected CRS (metres). Facilities are the
existing outlets (always open) plus ``p`` chosen candidates.

* **p-median** (``method="pmedian"``): minimise Σ population × distance to the nearest open
  outlet. Greedy construction, best-improvement *fast interchange* (Whitaker 1983, with the
  gain / loss / extra bookkeeping of Resende & Werneck 2007, updated only for the points a
  swap affects, sparsely over each point's cheapest sites), then a seeded *variable
  neighbourhood search* (Hansen & Mladenović 1997: swap two sites for nearby candidates,
  descend again, keep if better). A **lower bound** comes from the Lagrangian relaxation of
  the assignment constraints (subgradient ascent; its limit is the LP bound), so every run
  states how far from the optimum it can at most be (``gap``).
* **maximal covering** (``method="coverage"``, MCLP, Church & ReVelle 1974): maximise the
  population within ``radius`` of an open outlet. It is a p-median with 0/1 costs, so the same
  search solves it; ties are broken by population-weighted distance (a term worth less than
  one person in total with whole populations). An **upper bound** comes from the LP
  relaxation (HiGHS).
* **capacity-aware assignment**: every point (grid) goes *whole* to one outlet (single
  sourcing: a grid is never split), no outlet above its capacity (people), least population ×
  distance — a generalised assignment problem: the transportation LP, each point to the
  outlet holding its largest share, then repair and improving moves (:func:`assign_capacitated`).
  When the open outlets cannot hold everybody, every capacity is raised by the same factor
  (all outlets equally overloaded) and the shortfall reported.
* **capacitated p-median** (``method="pmedian"`` with capacities): LP relax-and-fix — the LP
  relaxation over each point's nearest sites fixes the sites it opens fully and closes those
  it does not use; HiGHS solves the single-sourcing MILP over the rest
  (:func:`capacitated_pmedian`). Lower bound: the Lagrangian relaxation with fractional
  knapsacks per outlet, started from the LP's prices.
* **exact** solves (HiGHS MILP through :func:`scipy.optimize.milp`) of all three problems, for
  instances small enough; they measure the heuristics' gap in tests and benchmarks.

Costs of point *i* at site *j* are site-major views (``C[j, i]``) of point-major arrays,
computed in blocks; memory is O(sites × points), never points × points.
"""

import math
import time
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Sequence

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from .errors import CancelledError, InputError
from .i18n import translate

METHODS = ("coverage", "pmedian")

#: Default service radius (metres).
DEFAULT_RADIUS = 3000.0
#: Population one member of staff can serve, to turn an outlet's capacity in staff into people.
DEFAULT_POPULATION_PER_STAFF = 10000.0
#: Exact solves are tried automatically (``exact="auto"``) up to these sizes: p-median arcs
#: (point–site pairs closer than the nearest existing outlet), coverage points × sites.
AUTO_EXACT_PMEDIAN_ARCS = 40_000
AUTO_EXACT_COVERAGE_PAIRS = 200_000
#: Time limit of an automatic exact solve (seconds); the heuristic result is kept otherwise.
AUTO_EXACT_SECONDS = 10.0
#: The capacity-aware p-median solves its LP and MILP over each point's nearest sites up to
#: this many point–site arcs; beyond, it sites without capacities and assigns with them.
CAPACITATED_ARCS_PER_POINT = 20
CAPACITATED_MILP_ARCS = 60_000
#: When the outlets cannot hold everybody, every capacity is raised to the shortfall times
#: this margin (whole grids rarely fill outlets exactly).
SHORTFALL_MARGIN = 1.03


# ---------------------------------------------------------------------------- helpers


def distances(points: np.ndarray, sites: np.ndarray) -> np.ndarray:
    """Euclidean distances, site-major: ``D[j, i]`` from site ``j`` to point ``i`` (float64).

    Computed in blocks of points, so temporary memory stays below ~16 MB.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    sites = np.asarray(sites, dtype=float).reshape(-1, 2)
    out = np.empty((len(sites), len(points)))
    block = max(1, 1_000_000 // max(len(sites), 1))
    for start in range(0, len(points), block):
        chunk = points[start : start + block]
        dx = sites[:, 0:1] - chunk[None, :, 0]
        dy = sites[:, 1:2] - chunk[None, :, 1]
        np.sqrt(dx * dx + dy * dy, out=out[:, start : start + block])
    return out


def _check_cancel(is_canceled):
    if is_canceled is not None and is_canceled():
        raise CancelledError(translate("core", "Cancelled: nothing was written."))


def _milp(c, A, lo, hi, integrality, bounds, time_limit=None, gap=1e-9):
    options = {"disp": False, "mip_rel_gap": gap}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    return milp(
        c,
        constraints=LinearConstraint(A, lo, hi),
        integrality=integrality,
        bounds=bounds,
        options=options,
    )


# ---------------------------------------------------------------------------- fast interchange


class Interchange:
    """min Σ_i min(base_i, min_{j∈S} C[j, i]) over sets S of ``p`` sites.

    ``base`` is the cost of the best always-open facility (the existing outlets) for each
    point, or a value above every ``C[:, i]`` when there is none. Greedy construction, then
    best-improvement swaps with incremental gain/loss/extra updates. Two scratch buffers of the
    size of ``C`` are reused, so no large array is allocated per step.
    """

    #: Points per block of the dense computations (bounds the scratch memory).
    BLOCK = 4096

    def __init__(self, C: np.ndarray, base: np.ndarray):
        #: Costs are kept point-major (gathering the rows of some points is contiguous);
        #: pass ``C`` as the transpose of a C-contiguous points × sites array to avoid a copy.
        self.CT = np.ascontiguousarray(np.asarray(C, dtype=float).T)
        self.C = self.CT.T
        self.base = np.asarray(base, dtype=float)
        self.m, self.n = self.C.shape
        self.swaps = 0
        size = min(self.n, self.BLOCK) * self.m
        self._buf1 = np.empty(size)
        self._buf2 = np.empty(size)
        self._near = None

    def _prepare_sparse(self, size: int = 32) -> None:
        """Each point's ``size`` cheapest sites (sorted) for the sparse updates."""
        if self._near is not None:
            return
        size = min(size, self.m)
        self.near_idx = np.empty((self.n, size), dtype=np.int64)
        self.near_cost = np.empty((self.n, size))
        for start in range(0, self.n, self.BLOCK):
            part = self.CT[start : start + self.BLOCK]
            if size < self.m:
                idx = np.argpartition(part, size - 1, axis=1)[:, :size]
            else:
                idx = np.broadcast_to(np.arange(self.m), part.shape)
            cost = np.take_along_axis(part, idx, axis=1)
            order = np.argsort(cost, axis=1, kind="stable")
            self.near_idx[start : start + self.BLOCK] = np.take_along_axis(idx, order, axis=1)
            self.near_cost[start : start + self.BLOCK] = np.take_along_axis(cost, order, axis=1)
        self.kth = self.near_cost[:, -1] if size < self.m else np.full(self.n, np.inf)
        self._near = size

    def _rows(self, rows: np.ndarray, buf: np.ndarray) -> np.ndarray:
        """``C.T[rows]`` (points × sites) in a scratch buffer (at most BLOCK rows)."""
        out = buf[: self.m * len(rows)].reshape(len(rows), self.m)
        np.take(self.CT, rows, axis=0, out=out)
        return out

    def _gain_of(self, c1: np.ndarray, rows: Optional[np.ndarray]) -> np.ndarray:
        """Σ_i max(0, c1_i − C[j, i]) for every site j, over ``rows`` (all if None)."""
        rows = np.arange(self.n) if rows is None else rows
        total = np.zeros(self.m)
        for start in range(0, len(rows), self.BLOCK):
            chunk = rows[start : start + self.BLOCK]
            part = self._rows(chunk, self._buf1)
            np.subtract(c1[chunk][:, None], part, out=part)
            np.maximum(part, 0.0, out=part)
            total += part.sum(axis=0)
        return total

    # ---- construction

    def greedy(self, p: int, start: Sequence[int] = ()) -> List[int]:
        """Add sites one at a time, each time the one that lowers the cost most."""
        costs = self.C
        c1 = self.base.copy()
        chosen = list(start)
        for j in chosen:
            np.minimum(c1, costs[j], out=c1)
        gain = self._gain_of(c1, None)
        while len(chosen) < p:
            g = gain.copy()
            g[chosen] = -np.inf
            j = int(np.argmax(g))
            chosen.append(j)
            hit = np.flatnonzero(costs[j] < c1)
            if hit.size * 3 > self.n:
                np.minimum(c1, costs[j], out=c1)
                gain = self._gain_of(c1, None)
            elif hit.size:
                old = self._gain_of(c1, hit)
                c1[hit] = costs[j, hit]
                gain -= old - self._gain_of(c1, hit)
        return chosen

    # ---- local search state

    def _nearest(self, rows: np.ndarray) -> None:
        """Best and second-best open site (slot, −1 = base) and costs for points ``rows``."""
        k = len(self.open)
        base = self.base[rows]
        if k == 0:
            self.c1[rows], self.f1[rows] = base, -1
            self.c2[rows], self.f2[rows] = np.inf, -1
            return
        costs = self.open_costs[rows]  # points × slots (a copy)
        ar = np.arange(len(rows))
        f1 = np.argmin(costs, axis=1)
        c1 = costs[ar, f1]
        if k > 1:
            costs[ar, f1] = np.inf
            f2 = np.argmin(costs, axis=1)
            c2 = costs[ar, f2]
        else:
            f2 = np.full(len(rows), -1)
            c2 = np.full(len(rows), np.inf)
        below1 = base < c1
        below2 = ~below1 & (base < c2)
        c2 = np.where(below1, c1, np.where(below2, base, c2))
        f2 = np.where(below1, f1, np.where(below2, -1, f2))
        c1 = np.where(below1, base, c1)
        f1 = np.where(below1, -1, f1)
        self.c1[rows], self.f1[rows], self.c2[rows], self.f2[rows] = c1, f1, c2, f2

    def _contribute(self, rows: np.ndarray, sign: float) -> None:
        """Add (sign=+1) or remove (−1) the points' share of gain, loss and extra.

        A point whose nearest open site is in slot s adds, for every site j,
        ``max(0, c1 − C[j])`` to gain[j], ``c2 − c1`` to loss[s] and
        ``max(0, c2 − C[j]) − max(0, c1 − C[j]) = clip(c2 − C[j], 0, c2 − c1)`` to extra[s, j].
        The profit of swapping site j in for slot s is gain[j] − loss[s] + extra[s, j].
        Only sites cheaper than c2 contribute: for most points they are among the point's
        ``K`` cheapest sites (a sparse update); the others are updated densely.
        """
        k = len(self.open)
        c2 = self.c2[rows]
        sparse = c2 <= self.kth[rows]
        if sparse.all():
            self._contribute_sparse(rows, sign)
        elif sparse.any():
            self._contribute_sparse(rows[sparse], sign)
            self._contribute_dense(rows[~sparse], sign)
        else:
            self._contribute_dense(rows, sign)
        slots = self.f1[rows]
        mine = slots >= 0
        self.loss += sign * np.bincount(
            slots[mine], weights=(c2 - self.c1[rows])[mine], minlength=k
        )

    def _contribute_sparse(self, rows: np.ndarray, sign: float) -> None:
        k, m = len(self.open), self.m
        idx = self.near_idx[rows]
        cost = self.near_cost[rows]
        c1 = self.c1[rows][:, None]
        c2 = self.c2[rows][:, None]
        g = np.maximum(c1 - cost, 0.0)
        self.gain += sign * np.bincount(idx.ravel(), weights=g.ravel(), minlength=m)
        slots = self.f1[rows]
        mine = slots >= 0
        if not mine.any():
            return
        t = np.minimum(np.maximum(c2[mine] - cost[mine], 0.0), (c2 - c1)[mine])
        flat = (slots[mine][:, None] * m + idx[mine]).ravel()
        self.extra_t += sign * np.bincount(flat, weights=t.ravel(), minlength=k * m).reshape(k, m)

    def _contribute_dense(self, rows: np.ndarray, sign: float) -> None:
        if len(rows) > self.BLOCK:
            for start in range(0, len(rows), self.BLOCK):
                self._contribute_dense(rows[start : start + self.BLOCK], sign)
            return
        slots = self.f1[rows]
        order = np.argsort(slots, kind="stable")
        rows = rows[order]
        slots = slots[order]
        c1 = self.c1[rows]
        c2 = self.c2[rows]
        part = self._rows(rows, self._buf1)
        g = self._buf2[: part.size].reshape(part.shape)
        np.subtract(c1[:, None], part, out=g)
        np.maximum(g, 0.0, out=g)
        self.gain += sign * g.sum(axis=0)
        first = int(np.searchsorted(slots, 0))  # points served by the base come first
        if first == len(rows):
            return
        span = c2[first:] - c1[first:]
        mine = part[first:]
        np.subtract(c2[first:, None], mine, out=mine)
        np.maximum(mine, 0.0, out=mine)
        np.minimum(mine, span[:, None], out=mine)
        keys = slots[first:]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        self.extra_t[keys[starts]] += sign * np.add.reduceat(mine, starts, axis=0)

    def _swap(self, j: int, slot: int) -> None:
        """Open site ``j`` in place of the site in ``slot``, updating only affected points."""
        rows = np.flatnonzero((self.C[j] < self.c2) | (self.f1 == slot) | (self.f2 == slot))
        self._contribute(rows, -1.0)
        self.open[slot] = j
        self.open_costs[:, slot] = self.C[j]
        self._nearest(rows)
        self._contribute(rows, 1.0)
        self._since_rebuild += 1
        if self._since_rebuild >= 64:
            self._rebuild()

    def _rebuild(self) -> None:
        k = len(self.open)
        self.gain = np.zeros(self.m)
        self.loss = np.zeros(k)
        self.extra_t = np.zeros((k, self.m))
        self.open_costs = np.ascontiguousarray(self.CT[:, self.open])
        everyone = np.arange(self.n)
        self._nearest(everyone)
        self._contribute(everyone, 1.0)
        self._since_rebuild = 0

    def _start(self, chosen: Sequence[int]) -> None:
        self._prepare_sparse()
        self.open = np.array(chosen, dtype=int)
        self.c1 = np.empty(self.n)
        self.c2 = np.empty(self.n)
        self.f1 = np.empty(self.n, dtype=int)
        self.f2 = np.empty(self.n, dtype=int)
        self._rebuild()

    def _descend(self, limit: int, is_canceled=None, confirm: bool = True) -> None:
        """Best-improvement swaps until none lowers the cost (or ``limit`` swaps); with
        ``confirm``, a local optimum reached on incrementally updated sums is checked again
        on sums computed afresh."""
        k = len(self.open)
        if k == 0 or k == self.m:
            return
        done = 0
        while done < limit:
            profit = self.gain[None, :] - self.loss[:, None] + self.extra_t
            profit[:, self.open] = -np.inf
            slot, j = divmod(int(np.argmax(profit)), self.m)
            tol = 1e-10 * (abs(float(self.c1.sum())) + 1.0)
            if profit[slot, j] <= tol:
                if confirm and self._since_rebuild:
                    self._rebuild()
                    continue
                return
            _check_cancel(is_canceled)
            self._swap(j, slot)
            self.swaps += 1
            done += 1

    def local_search(
        self, chosen: Sequence[int], max_swaps: Optional[int] = None, is_canceled=None
    ) -> List[int]:
        """Best-improvement swaps until none lowers the cost; returns the new site list."""
        self._start(chosen)
        k = len(self.open)
        self._descend(max_swaps if max_swaps is not None else 20 * k + 200, is_canceled)
        return list(self.open)

    def shake_and_descend(
        self,
        chosen: Sequence[int],
        rounds: int = 20,
        depth: int = 2,
        seed: int = 0,
        neighbours: Optional[np.ndarray] = None,
        is_canceled=None,
    ) -> List[int]:
        """Variable neighbourhood search (Hansen & Mladenović 1997) from a local optimum:
        ``rounds`` times, swap ``depth`` random sites for random nearby candidates, descend,
        keep the result if it is cheaper, else go back. Seeded, hence deterministic.

        ``neighbours[j]`` lists candidates near site ``j`` (nearest first); without it the
        replacement is any closed site.
        """
        rng = np.random.default_rng(seed)
        self._start(chosen)
        k = len(self.open)
        if k == 0 or k == self.m:
            return list(self.open)
        self._descend(20 * k + 200, is_canceled)
        best = set(int(j) for j in self.open)
        best_cost = float(self.c1.sum())
        draws = rng.random((rounds, depth, 2))
        for round_ in range(rounds):
            _check_cancel(is_canceled)
            for step in range(depth):
                slot = int(draws[round_, step, 0] * k)
                current = set(self.open.tolist())
                if neighbours is not None:
                    pool = [int(j) for j in neighbours[self.open[slot]] if j not in current]
                else:
                    pool = []
                if not pool:
                    pool = [j for j in range(self.m) if j not in current]
                self._swap(pool[int(draws[round_, step, 1] * len(pool))], slot)
            self._descend(20 * k + 200, is_canceled, confirm=False)
            cost = float(self.c1.sum())
            if cost < best_cost - 1e-10 * abs(best_cost):
                best_cost = cost
                best = set(int(j) for j in self.open)
            else:  # back to the best set, swap by swap
                current = [int(j) for j in self.open]
                missing = sorted(best - set(current))
                extra_slots = [s for s, j in enumerate(current) if j not in best]
                for j, slot in zip(missing, extra_slots):
                    self._swap(j, slot)
        self._start(sorted(best))
        self._descend(20 * k + 200, is_canceled)
        return sorted(int(j) for j in self.open)

    def cost(self, chosen: Sequence[int]) -> float:
        best = self.base.copy()
        for j in chosen:
            np.minimum(best, self.C[j], out=best)
        return float(best.sum())


def _big_base(C: np.ndarray) -> np.ndarray:
    """A base cost above every site's cost (no existing outlet)."""
    if C.shape[0] == 0:
        return np.ones(C.shape[1])
    return C.max(axis=0) * 2.0 + 1.0


# ---------------------------------------------------------------------------- bounds


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
    near: Optional["Interchange"] = None,
    is_canceled=None,
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
        _check_cancel(is_canceled)
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
            if parts is None:
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


# ---------------------------------------------------------------------------- exact solves


@dataclass
class ExactResult:
    chosen: List[int]
    objective: float
    optimal: bool
    bound: float
    seconds: float


def exact_pmedian(
    C: np.ndarray, base: Optional[np.ndarray], p: int, time_limit: Optional[float] = None
) -> Optional[ExactResult]:
    """Solve the p-median exactly (HiGHS). Points may also use the base (existing outlets);
    arcs no better than the base are left out. ``None`` if no solution was found in time."""
    m, n = C.shape
    started = time.perf_counter()
    if base is None:
        base = _big_base(C)
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
    res = _milp(cost, matrix, lo, hi, integrality, Bounds(0, 1), time_limit)
    if res.x is None:
        return None
    chosen = sorted(int(j) for j in np.flatnonzero(res.x[:m] > 0.5))
    objective = Interchange(C, base).cost(chosen)
    bound = getattr(res, "mip_dual_bound", None)
    return ExactResult(
        chosen,
        objective,
        res.status == 0,
        float(bound) if bound is not None else math.nan,
        time.perf_counter() - started,
    )


def _coverage_sets(D: np.ndarray, radius: float, base_covered: np.ndarray):
    """Points that matter (not covered by an existing outlet, coverable by a site) and the
    site × point incidence among them."""
    within = D <= radius
    open_points = np.flatnonzero(~base_covered & within.any(axis=0))
    return open_points, within[:, open_points]


def coverage_relaxation(
    D: np.ndarray, weights: np.ndarray, p: int, radius: float, base_covered: np.ndarray
):
    """The MCLP's LP relaxation (HiGHS): an upper bound on the covered population and the
    fractional openings of the sites (``None`` when nothing is left to cover)."""
    points, within = _coverage_sets(D, radius, base_covered)
    fixed = float(weights[base_covered].sum())
    m, k = within.shape
    if k == 0 or p == 0:
        return fixed, None
    jj, ii = np.nonzero(within)
    nvar = m + k
    # z_i − Σ_j a_ij y_j ≤ 0; Σ y = p
    matrix = sp.vstack(
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


def exact_coverage(
    D: np.ndarray,
    weights: np.ndarray,
    p: int,
    radius: float,
    base_covered: np.ndarray,
    time_limit: Optional[float] = None,
) -> Optional[ExactResult]:
    """Solve the MCLP exactly (HiGHS): the chosen sites and the covered population."""
    started = time.perf_counter()
    points, within = _coverage_sets(D, radius, base_covered)
    fixed = float(weights[base_covered].sum())
    m, k = within.shape
    if k == 0 or p == 0:
        return ExactResult(list(range(p)), fixed, True, fixed, 0.0)
    jj, ii = np.nonzero(within)
    nvar = m + k
    matrix = sp.vstack(
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
    lo = np.r_[np.full(k, -np.inf), p]
    hi = np.r_[np.zeros(k), p]
    res = _milp(
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
    bound = getattr(res, "mip_dual_bound", None)
    return ExactResult(
        chosen,
        float(weights[covered].sum()),
        res.status == 0,
        fixed - float(bound) if bound is not None else math.nan,
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
    sites = D if fixed_D is None else np.vstack([fixed_D, D])
    caps = capacity if fixed_D is None else np.r_[fixed_capacity, capacity]
    nf = 0 if fixed_D is None else len(fixed_D)
    model = _CapacitatedModel(
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


# ---------------------------------------------------------------------------- capacitated


@dataclass
class _ModelSolution:
    chosen: List[int]  # opened free sites (rows of D)
    assignment: np.ndarray  # site row per point
    objective: float  # Σ w d (without penalties)
    overload: float  # people above capacity in total
    optimal: bool
    bound: float


class _CapacitatedModel:
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

    def solve(self, time_limit=None, gap=1e-9) -> Optional[_ModelSolution]:
        a = self._arrays()
        ns, na, nl, n = a["ns"], a["na"], a["nl"], a["n"]
        matrix = sp.vstack([a["assign"], a["link"], a["capacity"], a["count"]]).tocsr()
        lo = np.r_[np.ones(n), np.full(nl + ns, -np.inf), self.p]
        hi = np.r_[np.ones(n), np.zeros(nl + ns), self.p]
        slack = ns if self.soft else 0
        integrality = np.r_[np.ones(ns + na), np.zeros(slack)]
        res = _milp(
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
        bound = getattr(res, "mip_dual_bound", None)
        return _ModelSolution(
            chosen,
            assignment,
            objective,
            overload,
            res.status == 0,
            float(bound) if bound is not None else math.nan,
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
    model = _CapacitatedModel(
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


def site_neighbours(site_xy: np.ndarray, count: int = 8) -> np.ndarray:
    """For every site, the ``count`` nearest other sites (nearest first; k-d tree)."""
    from scipy.spatial import cKDTree

    site_xy = np.asarray(site_xy, dtype=float).reshape(-1, 2)
    k = min(count + 1, len(site_xy))
    if k <= 1:
        return np.zeros((len(site_xy), 0), dtype=int)
    _dist, idx = cKDTree(site_xy).query(site_xy, k=k)
    out = np.empty((len(site_xy), k - 1), dtype=int)
    for j, row in enumerate(idx):
        others = [int(x) for x in row if x != j][: k - 1]
        out[j] = others + [others[-1]] * (k - 1 - len(others))
    return out


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
    is_canceled=None,
):
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
    nf = 0 if fixed_D is None else len(fixed_D)
    sites = D if fixed_D is None else np.vstack([fixed_D, D])
    caps = capacity if fixed_D is None else np.r_[fixed_capacity, capacity]
    if p == 0 or p >= m:
        chosen = list(range(m)) if p else []
        rows = np.r_[np.arange(nf), nf + np.array(chosen, dtype=int)].astype(int)
        assign = rows[assign_capacitated(sites[rows], weights, caps[rows])]
        return chosen, assign, _cost(sites, weights, assign), None
    free_all = np.arange(nf, nf + m)
    model = _CapacitatedModel(
        sites, weights, caps, np.arange(nf), free_all, p, arcs_per_point=arcs_per_point
    )
    relaxed = model.relax(time_limit)
    _check_cancel(is_canceled)
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
    mip = _CapacitatedModel(
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
        rows = np.r_[np.arange(nf), nf + np.array(chosen, dtype=int)].astype(int)
        assign = rows[assign_capacitated(sites[rows], weights, caps[rows])]
        return chosen, assign, _cost(sites, weights, assign), prices
    chosen = sorted([j - nf for j in sure] + [j - nf for j in solution.chosen])
    return chosen, solution.assignment, solution.objective, prices


def _cost(sites, weights, assign):
    return float((weights * sites[assign, np.arange(len(assign))]).sum())


# ---------------------------------------------------------------------------- the whole job


@dataclass
class SitingResult:
    """What :func:`site_outlets` found. Outlet rows are the existing outlets (in input order)
    followed by the chosen candidates (in candidate order)."""

    method: str
    #: Indices of the chosen candidates (ascending).
    chosen: List[int]
    #: Per outlet row: index among the existing outlets or among the candidates; new or not.
    outlet_source: np.ndarray
    outlet_is_new: np.ndarray
    #: Per demand point: outlet row, distance (m), within the radius of any open outlet.
    assignment: np.ndarray
    distance: np.ndarray
    covered: np.ndarray
    #: Per outlet row: population and points assigned, the assigned population within the
    #: radius of this outlet, and the capacity in people (NaN without capacities).
    outlet_population: np.ndarray
    outlet_points: np.ndarray
    outlet_covered: np.ndarray
    outlet_capacity: np.ndarray
    total_population: float
    #: Population within the radius of at least one open outlet, and its share.
    covered_population: float
    coverage_share: float
    #: Population-weighted mean distance to the assigned outlet (m).
    mean_distance: float
    #: p-median: Σ population × distance to the assigned outlet (person·metres);
    #: coverage: the covered population.
    objective: float
    #: p-median: a lower bound on the objective; coverage: an upper bound on the coverage.
    bound: Optional[float] = None
    #: Relative distance to the bound (0 = proven optimal); None if no bound was computed.
    gap: Optional[float] = None
    proven_optimal: bool = False
    #: Capacity-aware only: factor applied to every capacity when they fall short (1 = none),
    #: and the people above capacity in total (against the unscaled capacities).
    capacity_scale: float = 1.0
    overload: float = 0.0
    #: How the locations were found: ``heuristic`` (greedy + fast interchange + VNS),
    #: ``exact`` (HiGHS MILP), ``relax_and_fix`` (capacitated: LP + MILP), ``existing``
    #: (no new outlet), ``all`` (every candidate), ``none`` (no population).
    solver: str = ""
    #: Swaps made by the local search (heuristic only).
    swaps: int = 0
    seconds: float = 0.0
    notes: List[str] = field(default_factory=list)


@dataclass
class _Location:
    chosen: List[int]
    solver: str
    swaps: int = 0
    bound: Optional[float] = None
    proven: bool = False
    #: capacity-aware p-median: outlet per active point over [existing…, candidates…]
    sites: Optional[np.ndarray] = None
    scale: float = 1.0


def site_outlets(
    demand_xy,
    population,
    candidate_xy,
    new_outlets: int,
    method: str = "pmedian",
    radius: float = DEFAULT_RADIUS,
    existing_xy=None,
    existing_capacity=None,
    candidate_capacity=None,
    capacity_aware: bool = False,
    exact="auto",
    bound: bool = True,
    search_rounds: Optional[int] = None,
    time_limit: float = 8.0,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
) -> SitingResult:
    """Choose ``new_outlets`` of the candidates, keep every existing outlet, assign demand.

    ``population`` weights the demand points; capacities are in **people** (the Processing
    algorithm turns an outlet's capacity in staff into people). With ``capacity_aware``
    every point goes whole to one outlet within capacity (p-median: the locations are chosen
    with the capacities; coverage: the locations maximise coverage, then the assignment
    respects capacity); without, every point goes to its nearest outlet.

    ``exact``: ``True`` solves the location exactly (HiGHS MILP; small instances only),
    ``"auto"`` does so when the instance is small and keeps the heuristic result if the
    exact solve does not finish in :data:`AUTO_EXACT_SECONDS`, ``False`` never. ``bound``
    computes a bound and the gap. ``search_rounds`` is the number of variable neighbourhood
    search rounds after the local search (default 30 for the p-median; 150 for coverage, run
    from the greedy start and from the LP's largest openings;
    seeded: the same input gives the same result). ``time_limit`` bounds the MILP of the
    capacity-aware p-median (seconds).
    """
    started = time.perf_counter()
    report = progress or (lambda _value: None)
    demand_xy = np.asarray(demand_xy, dtype=float).reshape(-1, 2)
    weights_all = np.asarray(population, dtype=float)
    candidate_xy = np.asarray(candidate_xy, dtype=float).reshape(-1, 2)
    existing_xy = (
        np.zeros((0, 2))
        if existing_xy is None
        else np.asarray(existing_xy, dtype=float).reshape(-1, 2)
    )
    n, m, e = len(demand_xy), len(candidate_xy), len(existing_xy)
    p = int(new_outlets)
    if search_rounds is None:
        search_rounds = 150 if method == "coverage" else 30
    _validate(
        n,
        m,
        e,
        p,
        method,
        radius,
        weights_all,
        capacity_aware,
        existing_capacity,
        candidate_capacity,
    )
    notes: List[str] = []
    caps_e = caps_c = None
    if capacity_aware:
        caps_e = np.asarray(existing_capacity, dtype=float).reshape(-1) if e else np.zeros(0)
        caps_c = np.asarray(candidate_capacity, dtype=float).reshape(-1)
    # Points without population change no objective: they only get their nearest outlet.
    active = np.flatnonzero(weights_all > 0)
    w = weights_all[active]
    dist_c = distances(demand_xy[active], candidate_xy)
    dist_e = distances(demand_xy[active], existing_xy)
    neighbours = site_neighbours(candidate_xy) if m > 1 else None
    report(5)
    _check_cancel(is_canceled)
    if len(active) == 0:
        where = _Location(list(range(p)), "none")
    else:
        where = _locate(
            method,
            dist_c,
            dist_e,
            w,
            p,
            radius,
            capacity_aware,
            caps_e,
            caps_c,
            exact,
            bound,
            search_rounds,
            time_limit,
            neighbours,
            report,
            is_canceled,
        )
    chosen = sorted(where.chosen)
    report(85)
    _check_cancel(is_canceled)

    # ---- assignment of every point to an open outlet
    open_xy = np.vstack([existing_xy, candidate_xy[chosen]])
    dist_open = distances(demand_xy, open_xy)
    assignment = np.argmin(dist_open, axis=0)
    capacity = np.full(len(open_xy), np.nan)
    scale, overload = 1.0, 0.0
    if capacity_aware:
        capacity = np.r_[caps_e, caps_c[chosen]]
        total = float(w.sum())
        if capacity.sum() <= 0:
            raise InputError(
                translate(
                    "core",
                    "The outlets have no capacity: give them a capacity (staff) above 0 "
                    "or switch off the capacity-aware assignment.",
                )
            )
        short = total / float(capacity.sum()) * SHORTFALL_MARGIN
        scale = max(where.scale, short if short > SHORTFALL_MARGIN else 1.0)
        if where.sites is not None:
            row_of = {
                int(site): row
                for row, site in enumerate(np.r_[np.arange(e), e + np.array(chosen, dtype=int)])
            }
            assignment[active] = [row_of[int(site)] for site in where.sites]
        elif len(active):
            assignment[active] = assign_capacitated(dist_open[:, active], w, capacity * scale)
        load = np.bincount(assignment, weights=weights_all, minlength=len(open_xy))
        overload = float(np.maximum(load - capacity, 0.0).sum())
        if scale > 1.0:
            notes.append(
                translate(
                    "core",
                    "The outlets can serve {cap:,.0f} people but {pop:,.0f} live in the grids "
                    "(short by {short:,.0f}): every outlet was loaded up to {pct:.0%} of its "
                    "capacity.",
                ).format(
                    cap=float(capacity.sum()),
                    pop=total,
                    short=max(total - float(capacity.sum()), 0.0),
                    pct=scale,
                )
            )
        elif overload > 0.5:
            notes.append(
                translate(
                    "core",
                    "{people:,.0f} people could not be placed within capacity (grids too large "
                    "for the capacity left near them): their outlets are loaded above "
                    "capacity.",
                ).format(people=overload)
            )
    distance = dist_open[assignment, np.arange(n)]
    covered = (dist_open <= radius).any(axis=0)

    rows = len(open_xy)
    outlet_population = np.bincount(assignment, weights=weights_all, minlength=rows)
    outlet_points = np.bincount(assignment, minlength=rows)
    outlet_covered = np.bincount(
        assignment, weights=weights_all * (distance <= radius), minlength=rows
    )
    total_population = float(weights_all.sum())
    covered_population = float(weights_all[covered].sum())
    weighted = float((weights_all * distance).sum())
    objective = covered_population if method == "coverage" else weighted
    gap = None
    if where.bound is not None:
        if method == "coverage":
            gap = (where.bound - objective) / where.bound if where.bound > 0 else 0.0
        else:
            gap = (objective - where.bound) / objective if objective > 0 else 0.0
        gap = max(gap, 0.0)
    report(100)
    return SitingResult(
        method=method,
        chosen=chosen,
        outlet_source=np.r_[np.arange(e), np.array(chosen, dtype=int)].astype(int),
        outlet_is_new=np.r_[np.zeros(e, bool), np.ones(len(chosen), bool)],
        assignment=assignment,
        distance=distance,
        covered=covered,
        outlet_population=outlet_population,
        outlet_points=outlet_points,
        outlet_covered=outlet_covered,
        outlet_capacity=capacity,
        total_population=total_population,
        covered_population=covered_population,
        coverage_share=covered_population / total_population if total_population > 0 else 0.0,
        mean_distance=weighted / total_population if total_population > 0 else 0.0,
        objective=objective,
        bound=where.bound,
        gap=gap,
        proven_optimal=where.proven or (gap is not None and gap <= 1e-9),
        capacity_scale=scale,
        overload=overload,
        solver=where.solver,
        swaps=where.swaps,
        seconds=time.perf_counter() - started,
        notes=notes,
    )


def _validate(
    n, m, e, p, method, radius, weights, capacity_aware, existing_capacity, candidate_capacity
):
    if method not in METHODS:
        raise InputError(
            translate("core", "Unknown siting method '{method}': use coverage or pmedian.").format(
                method=method
            )
        )
    if n == 0:
        raise InputError(
            translate(
                "core",
                "There are no grids to serve: choose a layer of grids with their population.",
            )
        )
    if p < 0:
        raise InputError(translate("core", "The number of new outlets cannot be negative."))
    if p > 0 and m == 0:
        raise InputError(
            translate(
                "core",
                "The candidate layer has no sites: add candidate points for new outlets, "
                "or ask for 0 new outlets.",
            )
        )
    if p > m:
        raise InputError(
            translate(
                "core",
                "{p} new outlets were asked for but there are only {m} candidate sites: "
                "lower the number of new outlets or add candidates.",
            ).format(p=p, m=m)
        )
    if p == 0 and e == 0:
        raise InputError(
            translate(
                "core",
                "There are no existing outlets and no new outlets were asked for: ask for "
                "at least one new outlet.",
            )
        )
    if len(weights) != n or not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise InputError(
            translate("core", "Population must be a number of 0 or more in every grid.")
        )
    if not radius > 0:
        raise InputError(translate("core", "The service radius must be above 0 m."))
    if capacity_aware:
        if e and (existing_capacity is None or len(existing_capacity) != e):
            raise InputError(
                translate(
                    "core", "Capacity-aware assignment needs the capacity of every existing outlet."
                )
            )
        if candidate_capacity is None or len(candidate_capacity) != m:
            raise InputError(
                translate(
                    "core", "Capacity-aware assignment needs the capacity of every candidate site."
                )
            )
        for values in (existing_capacity, candidate_capacity):
            if (
                values is not None
                and len(values)
                and (not np.all(np.isfinite(values)) or np.any(np.asarray(values) < 0))
            ):
                raise InputError(translate("core", "Capacities must be numbers of 0 or more."))


def _locate(
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
) -> _Location:
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
        return _Location([], "existing", proven=True)
    if p == m:
        return _Location(list(range(m)), "all", proven=True)
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
        base = w * (~base_covered + delta * E.min(axis=0) / scale) if e else _big_base(costs)
    else:
        costs = (w[:, None] * D.T).T  # a view of a points × sites array: no copy below
        base = w * E.min(axis=0) if e else _big_base(costs)
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
        return _Location(chosen, solver, search.swaps, upper, proven)

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
    return _Location(chosen, solver, search.swaps, lower, proven)


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
) -> _Location:
    m, n = D.shape
    e = len(E)
    need = float(w.sum())
    best_cap = float(caps_e.sum()) + float(np.sort(caps_c)[::-1][:p].sum())
    if best_cap <= 0:
        raise InputError(
            translate(
                "core",
                "The outlets have no capacity: give them a capacity (staff) above 0 or "
                "switch off the capacity-aware assignment.",
            )
        )
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
        rows = np.r_[np.arange(e), e + np.array(chosen, dtype=int)].astype(int)
        return rows[assign_capacitated(all_dist[rows], w, all_caps[rows])]

    def penalised(sites):
        load = np.bincount(sites, weights=w, minlength=len(all_caps))
        return _cost(all_dist, w, sites) + penalty * float(np.maximum(load - all_caps, 0.0).sum())

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
        where = _locate(
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
        return _Location(
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
    value = _cost(all_dist, w, sites)
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
    return _Location(chosen, solver, 0, lower, proven, sites=sites, scale=scale)
