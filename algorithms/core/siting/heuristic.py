"""The p-median heuristic: greedy construction, fast interchange and variable neighbourhood
search (:class:`Interchange`), on site-major costs with always-open base costs."""

from typing import List, Optional, Sequence

import numpy as np

from .model import IsCanceled, check_cancel


class Interchange:
    """min Σ_i min(base_i, min_{j∈S} C[j, i]) over sets S of ``p`` sites.

    ``base`` is the cost of the best always-open facility (the existing outlets) for each
    point, or a value above every ``C[:, i]`` when there is none. Greedy construction, then
    best-improvement swaps with incremental gain/loss/extra updates. Two scratch buffers of the
    size of ``C`` are reused, so no large array is allocated per step.
    """

    #: Points per block of the dense computations (bounds the scratch memory).
    BLOCK = 4096

    # Sparse neighbourhoods (:meth:`_prepare_sparse`): each point's cheapest sites, their
    # costs, and the largest of them (inf when every site is listed).
    near_idx: np.ndarray
    near_cost: np.ndarray
    kth: np.ndarray
    # Local search state (:meth:`_start`): open sites per slot, their costs per point, each
    # point's best and second-best cost and slot (−1 = base), and the swap bookkeeping.
    open: np.ndarray
    open_costs: np.ndarray
    c1: np.ndarray
    c2: np.ndarray
    f1: np.ndarray
    f2: np.ndarray
    gain: np.ndarray
    loss: np.ndarray
    extra_t: np.ndarray
    _since_rebuild: int

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
        self._near: Optional[int] = None

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

    def _descend(self, limit: int, is_canceled: IsCanceled = None, confirm: bool = True) -> None:
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
            check_cancel(is_canceled)
            self._swap(j, slot)
            self.swaps += 1
            done += 1

    def local_search(
        self, chosen: Sequence[int], max_swaps: Optional[int] = None, is_canceled: IsCanceled = None
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
        is_canceled: IsCanceled = None,
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
            check_cancel(is_canceled)
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
                now = [int(j) for j in self.open]
                missing = sorted(best - set(now))
                extra_slots = [s for s, j in enumerate(now) if j not in best]
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


def big_base(C: np.ndarray) -> np.ndarray:
    """A base cost above every site's cost (no existing outlet)."""
    if C.shape[0] == 0:
        return np.ones(C.shape[1])
    return C.max(axis=0) * 2.0 + 1.0
