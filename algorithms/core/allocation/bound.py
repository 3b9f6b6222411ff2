"""The proven lower bound over *all* (grid, person) pairs: the LP relaxation on the candidate
pairs, widened by column generation.

The LP over the candidate pairs only bounds plans that use those pairs. To bound every plan,
the LP duals price all the other pairs: with θ_i the dual of grid i's rows (places and
coverage) and π_j ≥ 0 the price of person j's capacity (capacity and fair-share rows), a pair
not in the LP lowers its value only if its reduced cost

    rc_ij = s_i · (km_ij + π_j) − θ_i  <  0.

People of one outlet share the distance, so the cheapest person of each outlet (lowest π)
decides for the whole outlet: the pricing is one pass over grids × outlets. Pairs with a
negative reduced cost are added and the LP solved again, until none is left (then the LP over
the candidates *is* the LP over all pairs) or the round limit is reached. After any round,

    LP value + Σ_i r_i · min(0, min_j rc_ij)

is a valid lower bound for every plan (Lagrangian argument: with the duals fixed, grid i's
places can gain at most r_i times its most negative reduced cost), so the bound is proven
whether or not the generation converged.
"""

import warnings
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np

from .exact import _model_arrays
from .model import Problem

#: Grids priced at once (grids × outlets distances in memory).
CHUNK = 2048


@dataclass
class Relaxation:
    """An LP solution with its duals."""

    x: np.ndarray  # pair values
    value: float
    theta: np.ndarray  # per grid (places + coverage duals)
    price: np.ndarray  # per person, ≥ 0 (capacity + fair-share duals)
    places: np.ndarray  # per grid, the dual of its places row (θ = places + cover)
    cover: np.ndarray  # per grid, ≥ 0, the dual of its coverage row


def solve_relaxation(p: Problem) -> Optional[Relaxation]:
    """The LP relaxation with its duals (HiGHS through ``linprog``), or ``None``."""
    from scipy.sparse import diags

    from ..solver_process import linprog

    cost, var_upper, matrix, lower, upper = _model_arrays(p)
    g, s = p.grids, p.people
    a_eq = matrix[:g]
    # coverage Σx + v ≥ cover  →  −Σx − v ≤ −cover
    a_ub = (diags(np.concatenate([-np.ones(g), np.ones(2 * s)])) @ matrix[g:]).tocsr()
    b_ub = np.concatenate([-lower[g : 2 * g], upper[2 * g :]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = linprog(
            cost,
            A_ub=a_ub,
            b_ub=b_ub,
            A_eq=a_eq,
            b_eq=lower[:g],
            bounds=np.column_stack([np.zeros(len(cost)), var_upper]),
            method="highs",
        )
    if result.status != 0 or result.x is None:
        return None
    y = np.asarray(result.eqlin["marginals"], dtype=float)
    u = np.asarray(result.ineqlin["marginals"], dtype=float)
    cover = np.maximum(-u[:g], 0.0)
    price = np.maximum(-(u[g : g + s] + u[g + s :]), 0.0)
    x = np.asarray(result.x[: len(p.pair_grid)])
    return Relaxation(x, float(result.fun), y + cover, price, y, cover)


class _Pricing:
    """Reduced costs of all pairs, grids by chunks × outlets (people of one outlet share the
    distance; within an outlet, people by price, the cheapest first)."""

    def __init__(self, p: Problem, lp: Relaxation, grid_xy: np.ndarray, staff_xy: np.ndarray):
        self.p, self.lp, self.grid_xy = p, lp, grid_xy
        self.locations, where = np.unique(staff_xy, axis=0, return_inverse=True)
        where = where.ravel()
        self.order = np.lexsort((np.arange(p.people), lp.price, where))
        counts = np.bincount(where, minlength=len(self.locations))
        self.first = np.concatenate(([0], np.cumsum(counts)))
        self.cheapest = lp.price[self.order[self.first[:-1]]]
        self.existing = set((p.pair_grid * p.people + p.pair_staff).tolist())
        scale = max(1.0, float(np.abs(lp.theta).max()) if len(lp.theta) else 1.0)
        self.tol = 1e-7 * scale

    def chunks(self):
        """(first grid, km, reduced cost of each outlet's cheapest person) per chunk."""
        p, loc = self.p, self.locations
        for a in range(0, p.grids, CHUNK):
            b = min(p.grids, a + CHUNK)
            km = (
                np.hypot(
                    self.grid_xy[a:b, 0, None] - loc[None, :, 0],
                    self.grid_xy[a:b, 1, None] - loc[None, :, 1],
                )
                / 1000.0
            )
            rc = p.size[a:b, None] * (km + self.cheapest[None, :]) - self.lp.theta[a:b, None]
            yield a, km, rc

    def first_new(self, i: int, loc: int, km: float) -> Tuple[float, int]:
        """(reduced cost, person) of the cheapest person of outlet ``loc`` not yet paired with
        grid i, or (inf, −1)."""
        p, lp = self.p, self.lp
        for j in self.order[self.first[loc] : self.first[loc + 1]].tolist():
            if i * p.people + j not in self.existing:
                return float(p.size[i] * (km + lp.price[j]) - lp.theta[i]), j
        return np.inf, -1


def price_pairs(
    p: Problem,
    lp: Relaxation,
    grid_xy: np.ndarray,
    staff_xy: np.ndarray,
    per_grid: int,
) -> Tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """(Lagrangian correction ≤ 0, new pairs: grid, person, km) from the duals of ``lp``.

    ``per_grid``: most pairs added per grid (the cheapest person of each outlet not yet
    paired with the grid, cheapest first)."""
    pricing = _Pricing(p, lp, grid_xy, staff_xy)
    tol = pricing.tol
    correction = 0.0
    new_g, new_s, new_km = [], [], []
    for a, km, rc in pricing.chunks():
        best = rc.min(axis=1) if rc.shape[1] else np.zeros(len(rc))
        for row in np.flatnonzero((p.slots[a : a + len(rc)] > 0) & (best < -tol)).tolist():
            i = a + row
            found = []
            for loc in np.flatnonzero(rc[row] < -tol).tolist():
                value, j = pricing.first_new(i, loc, km[row, loc])
                if value < -tol:
                    found.append((value, loc, j))
            if not found:
                continue
            found.sort()
            correction += float(p.slots[i]) * found[0][0]
            for _value, loc, j in found[:per_grid]:
                new_g.append(i)
                new_s.append(j)
                new_km.append(km[row, loc])
    return (
        correction,
        np.array(new_g, dtype=np.int64),
        np.array(new_s, dtype=np.int64),
        np.array(new_km, dtype=float),
    )


def least_excluded(
    p: Problem, lp: Relaxation, grid_xy: np.ndarray, staff_xy: np.ndarray, ceiling: float
) -> float:
    """min(``ceiling``, the lowest reduced cost of a pair outside ``p``).

    With duals that price no pair outside below 0, a plan that uses a pair outside costs at
    least the LP value plus that pair's reduced cost; so a bound proven for plans within the
    pairs of ``p`` (the MILP's) holds for every plan up to LP value + this."""
    pricing = _Pricing(p, lp, grid_xy, staff_xy)
    least = ceiling
    for a, km, rc in pricing.chunks():
        rows, locs = np.nonzero(rc < least)
        for row, loc in zip(rows.tolist(), locs.tolist()):
            if p.slots[a + row] > 0 and rc[row, loc] < least:
                least = min(least, pricing.first_new(a + row, loc, km[row, loc])[0])
    return least
