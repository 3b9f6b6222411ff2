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
    theta = y - u[:g]
    price = np.maximum(-(u[g : g + s] + u[g + s :]), 0.0)
    return Relaxation(np.asarray(result.x[: len(p.pair_grid)]), float(result.fun), theta, price)


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
    locations, where = np.unique(staff_xy, axis=0, return_inverse=True)
    where = where.ravel()
    # people of each location by price (cheapest first)
    order = np.lexsort((np.arange(p.people), lp.price, where))
    counts = np.bincount(where, minlength=len(locations))
    first = np.concatenate(([0], np.cumsum(counts)))
    cheapest = lp.price[order[first[:-1]]]
    existing = set((p.pair_grid * p.people + p.pair_staff).tolist())
    scale = max(1.0, float(np.abs(lp.theta).max()) if len(lp.theta) else 1.0)
    tol = 1e-7 * scale
    correction = 0.0
    new_g, new_s, new_km = [], [], []
    size = p.size
    for a in range(0, p.grids, CHUNK):
        b = min(p.grids, a + CHUNK)
        km = (
            np.hypot(
                grid_xy[a:b, 0, None] - locations[None, :, 0],
                grid_xy[a:b, 1, None] - locations[None, :, 1],
            )
            / 1000.0
        )
        rc = size[a:b, None] * (km + cheapest[None, :]) - lp.theta[a:b, None]
        best = rc.min(axis=1) if len(locations) else np.zeros(b - a)
        for row in np.flatnonzero((p.slots[a:b] > 0) & (best < -tol)).tolist():
            i = a + row
            # the cheapest person of each outlet not yet paired with grid i, then the
            # cheapest of those pairs first
            found = []
            for loc in np.flatnonzero(rc[row] < -tol).tolist():
                for j in order[first[loc] : first[loc + 1]].tolist():
                    if i * p.people + j not in existing:
                        value = size[i] * (km[row, loc] + lp.price[j]) - lp.theta[i]
                        if value < -tol:
                            found.append((value, loc, j))
                        break
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
