"""How many people each grid needs: its workload and the apportionment of the headcount.

Steps 1 and 2 of the package docstring: :func:`workload` (population equivalents) and
:func:`recommend` (Webster / Sainte-Laguë with a total headcount, else workload / capacity).
"""

import heapq
import math
from typing import Optional, Sequence

import numpy as np
import numpy.typing as npt

from ..errors import InputError
from ..i18n import translate
from ..labels import core_parameter
from .model import AllocationOptions


def workload(
    population: Sequence,
    demand_index: Optional[Sequence] = None,
    quality: Optional[Sequence] = None,
    demand_weight: float = 0.5,
    staff_capacity: float = 10000.0,
) -> np.ndarray:
    """Workload per grid in population equivalents (see the package docstring).

    ``demand_index`` and ``quality`` may hold ``None`` (no value for that grid).
    """
    pop = np.asarray([0.0 if v is None else float(v) for v in population], dtype=float)
    out = pop.copy()
    if demand_index is not None:
        raw = [None if v is None else float(v) for v in demand_index]
        known = np.array([v is not None for v in raw])
        index = np.array([0.0 if v is None else v for v in raw], dtype=float)
        weight = pop[known].sum()
        mean = float((pop[known] * index[known]).sum() / weight) if weight > 0 else 0.0
        if mean > 0:
            factor = 1.0 + demand_weight * (index / mean - 1.0)
            out = np.where(known, pop * factor, pop)
    if quality is not None:
        extra = np.array([0.0 if v is None else float(v) for v in quality], dtype=float)
        out = out + extra * staff_capacity
    return np.maximum(out, 0.0)


def webster(weights: npt.ArrayLike, total: int, minimum: int = 0) -> np.ndarray:
    """Apportion ``total`` seats by Webster / Sainte-Laguë with a minimum per grid.

    The result is exactly the sequential rule "start everybody at ``minimum``; give each
    further seat to the grid with the highest ``weight / (n + 0.5)``, ties to the lower
    index", so it is house-monotone. Raises :class:`InputError` when
    ``total < len(weights) × minimum``. With all weights 0 the seats are shared equally.
    """
    w = np.asarray(weights, dtype=float)
    count = len(w)
    need = count * minimum
    if total < need:
        raise InputError(
            translate(
                "core",
                "A total of {total} staff cannot give {grids} grids at least {minimum} each: that "
                "needs {need}. Raise {total_staff} to at least {need}, or lower "
                "{min_staff} to {fit} (or 0), or set {total_staff} to 0 to get the "
                "recommended number.",
            ).format(
                total_staff=core_parameter("TOTAL_STAFF"),
                min_staff=core_parameter("MIN_STAFF_PER_GRID"),
                total=total,
                grids=count,
                minimum=minimum,
                need=need,
                fit=total // count if count else 0,
            )
        )
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    if not (w > 0).any():
        w = np.ones(count)
    seats = total - need
    n = np.full(count, minimum, dtype=np.int64)
    if seats == 0:
        return n
    positive = w > 0
    # A divisor d gives n_i = max(m, floor(w_i / d + ½)); bisect d so that the total is
    # close, then finish seat by seat in priority order (exact, whatever floating point does).
    lo, hi = w.sum() / (total + count + 1.0), w.max() * 2.0 + 1.0

    def size(d):
        return np.maximum(minimum, np.floor(w / d + 0.5)).sum()

    for _ in range(100):
        mid = math.sqrt(lo * hi)
        if size(mid) > total:
            lo = mid
        else:
            hi = mid
        if hi / lo < 1 + 1e-12:
            break
    n = np.maximum(minimum, np.floor(w / hi + 0.5)).astype(np.int64)
    n[~positive] = minimum
    _webster_finish(w, n, total, minimum)
    return n


def _webster_finish(w: np.ndarray, n: np.ndarray, total: int, minimum: int) -> None:
    """Bring ``n`` to ``total`` seats and make it the top-``total`` set of Webster priorities.

    Taken seat k (k > minimum) of grid i has priority w_i / (k − ½); the next seat
    w_i / (n_i + ½). Order: priority descending, then grid index ascending.
    """

    def next_key(i):  # smaller is better
        return (-w[i] / (n[i] + 0.5), i)

    def last_key(i):  # larger is worse
        return (-w[i] / (n[i] - 0.5), i)

    while True:
        add = [next_key(i) for i in range(len(w)) if w[i] > 0]
        heapq.heapify(add)
        while n.sum() < total:
            _key, i = heapq.heappop(add)
            n[i] += 1
            heapq.heappush(add, next_key(i))
        drop = [tuple(-x for x in last_key(i)) for i in range(len(w)) if n[i] > minimum]
        heapq.heapify(drop)
        while n.sum() > total:
            _key, i = heapq.heappop(drop)
            i = -i
            n[i] -= 1
            if n[i] > minimum:
                heapq.heappush(drop, tuple(-x for x in last_key(i)))
        # prefix check: the best seat not taken must come after the worst seat taken
        taken = [last_key(i) for i in range(len(w)) if n[i] > minimum]
        untaken = [next_key(i) for i in range(len(w)) if w[i] > 0]
        if not taken or not untaken:
            return
        worst, best = max(taken), min(untaken)
        if best > worst:
            return
        n[worst[1]] -= 1
        n[best[1]] += 1


def recommend(workloads: Sequence[float], options: AllocationOptions) -> np.ndarray:
    """Recommended staff per grid (see the package docstring)."""
    w = np.asarray(workloads, dtype=float)
    if options.total_staff > 0:
        return webster(w, options.total_staff, options.min_staff)
    return np.maximum(options.min_staff, np.ceil(w / options.staff_capacity - 1e-9)).astype(
        np.int64
    )
