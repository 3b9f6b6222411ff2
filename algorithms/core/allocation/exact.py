"""The model as a MILP solved by HiGHS (``scipy.optimize.milp``): the exact method (and,
node-limited, the heuristic's neighbourhoods). The model's arrays are shared with the LP
relaxation and its column generation (``bound``).
"""

import warnings
from typing import Any, Dict, Optional

import numpy as np

from .model import AllocationOptions, Problem


def _model_arrays(p: Problem):
    """Cost, variable bounds and constraints of the model; variables:
    x (pairs) | z (unfilled slots per grid) | v (uncovered) | b (load above fair share)."""
    from scipy.sparse import coo_matrix, hstack, vstack

    n, g, s = len(p.pair_grid), p.grids, p.people
    size_pair = p.size[p.pair_grid]
    cost = np.concatenate(
        [
            size_pair * p.pair_km,
            p.p_z * p.size,
            np.where(p.needs_cover, p.p_v, 0.0),
            np.full(s, p.p_b),
        ]
    )
    cols = np.arange(n)
    by_grid = coo_matrix((np.ones(n), (p.pair_grid, cols)), shape=(g, n))
    by_staff = coo_matrix((size_pair, (p.pair_staff, cols)), shape=(s, n))
    eye_g = coo_matrix((np.ones(g), (np.arange(g), np.arange(g))), shape=(g, g))
    eye_s = coo_matrix((np.ones(s), (np.arange(s), np.arange(s))), shape=(s, s))

    def zeros(rows, columns):
        return coo_matrix((rows, columns))

    matrix = vstack(
        [
            hstack([by_grid, eye_g, zeros(g, g), zeros(g, s)]),  # Σx + z = r
            hstack([by_grid, zeros(g, g), eye_g, zeros(g, s)]),  # Σx + v ≥ 1
            hstack([by_staff, zeros(s, g), zeros(s, g), zeros(s, s)]),  # Σ s x ≤ c
            hstack([by_staff, zeros(s, g), zeros(s, g), -eye_s]),  # Σ s x − b ≤ ρ c
        ]
    ).tocsr()
    slots = p.slots.astype(float)
    lower = np.concatenate([slots, np.where(p.needs_cover, 1.0, 0.0), np.full(2 * s, -np.inf)])
    upper = np.concatenate([slots, np.full(g, np.inf), p.capacity, p.fair])
    var_upper = np.concatenate([np.ones(n), slots, np.ones(g), np.full(s, np.inf)])
    return cost, var_upper, matrix, lower, upper


def highs(p: Problem, integer: bool, limits: Optional[Dict[str, Any]] = None):
    """Solve the model by HiGHS: the LP relaxation, or the MILP with the solver ``limits``
    (node_limit, time_limit, mip_rel_gap, ...)."""
    from scipy.optimize import Bounds, LinearConstraint

    from ..solver_process import milp

    cost, var_upper, matrix, lower, upper = _model_arrays(p)
    integrality = np.zeros(len(cost))
    settings: Dict[str, Any] = {"disp": False, "presolve": True}
    if integer:
        integrality[: len(p.pair_grid)] = 1
        settings.update(limits or {})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return milp(
            cost,
            integrality=integrality,
            bounds=Bounds(np.zeros(len(cost)), var_upper),
            constraints=LinearConstraint(matrix, lower, upper),
            options=settings,
        )


def solve_milp(p: Problem, options: AllocationOptions):
    """(taken pairs or None, status, gap, dual bound) of the MILP."""
    limits = {
        "node_limit": int(options.node_limit),
        "time_limit": float(options.time_limit),
        "mip_rel_gap": float(options.mip_gap),
    }
    result = highs(p, integer=True, limits=limits)
    gap = getattr(result, "mip_gap", None)
    dual = getattr(result, "mip_dual_bound", None)
    dual = float(dual) if dual is not None and np.isfinite(dual) else None
    if result.x is None:
        return None, result.status, gap, dual
    return result.x[: len(p.pair_grid)] > 0.5, result.status, gap, dual
