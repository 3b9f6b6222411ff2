"""A stronger lower bound: the Lagrangian relaxation of the grid rows, a 0-1 knapsack per person.

The LP relaxation lets a person hold 1.875 places of 8,000 in a capacity of 15,000; whole
places do not fit like that, and that is where the LP bound is weak. Relaxing instead the
grid rows (places and coverage) with multipliers ``y`` (places) and ``μ ≥ 0`` (coverage) leaves
one problem per person: which grids to hold, whole places within capacity, at cost
``s_i · km_ij − (y_i + μ_i)`` per place plus ``P_b`` per unit above the fair share — a 0-1
knapsack over *all* grids. For any multipliers,

    L(y, μ) = Σ_i y_i r_i + Σ_i μ_i cover_i + Σ_i r_i min(0, P_z s_i − y_i)
              + Σ_i min(0, P_v,i − μ_i) + Σ_j K_j(y + μ)

is a lower bound for every plan; at the LP's duals it is at least the LP's value, and above
it by what whole places cost. People of one outlet share the items (the distances), so one
dynamic programme per outlet serves them all (each reads it up to their own capacity). The
weights are rounded down to ``1/steps`` of the largest capacity, which only relaxes the
knapsack further (the bound stays valid).
"""

import numpy as np

from .bound import Relaxation
from .model import EPS, Problem


def fixed_terms(p: Problem, y: np.ndarray, mu: np.ndarray) -> float:
    """The terms of L(y, μ) without the knapsacks (see the module docstring)."""
    r = p.slots.astype(float)
    cover = p.needs_cover
    p_v = np.where(cover, p.p_v, 0.0)
    return float(
        (y * r).sum()
        + mu[cover].sum()
        + (r * np.minimum(0.0, p.p_z * p.size - y)).sum()
        + np.minimum(0.0, p_v - mu).sum()
    )


def capacity_steps(p: Problem, steps: int = 400):
    """(delta, each person's capacity in steps of delta = 1/``steps`` of the largest)."""
    delta = float(p.capacity.max()) / steps
    # (+EPS, +1e-9: a capacity ÷ delta can come out as 399.99999999999994 in floating point —
    # the largest always does, about one in twenty others too; a step too few would make the
    # knapsack tighter than the model (which allows load ≤ capacity + EPS), and the bound wrong)
    limit = np.floor((p.capacity + EPS) / delta + 1e-9).astype(np.int64)
    return delta, limit


def best_by_weight(value: np.ndarray, weight: np.ndarray, top: int, keep: bool = False):
    """The best total ``value`` of a 0-1 knapsack at each total weight 0..``top`` (−inf where
    none); with ``keep`` also the item × weight table of improvements, for a backtrack."""
    best = np.full(top + 1, -np.inf)
    best[0] = 0.0
    take = np.zeros((len(value), top + 1), dtype=bool) if keep else None
    for k in range(len(value)):
        w = int(weight[k])
        if w > top:
            continue
        shifted = best[: top + 1 - w] + value[k]  # a new array: 0-1, not unbounded
        if take is not None:
            take[k, w:] = shifted > best[w:]
        np.maximum(best[w:], shifted, out=best[w:])
    return (best, take) if keep else best


def knapsack_bound(
    p: Problem, lp: Relaxation, grid_xy: np.ndarray, staff_xy: np.ndarray, steps: int = 400
) -> float:
    """L(y, μ) at the duals of ``lp`` (see the module docstring)."""
    value = fixed_terms(p, lp.places, lp.cover)
    if not p.people or not float(p.capacity.max()) > 0:
        return value
    delta, limit = capacity_steps(p, steps)
    weight = np.floor(p.size / delta).astype(np.int64)
    active = p.slots > 0
    locations, where = np.unique(staff_xy, axis=0, return_inverse=True)
    where = where.ravel()
    for loc in range(len(locations)):
        members = np.flatnonzero(where == loc)
        km = np.hypot(grid_xy[:, 0] - locations[loc, 0], grid_xy[:, 1] - locations[loc, 1])
        cost = p.size * km / 1000.0 - lp.theta
        items = np.flatnonzero(active & (cost < 0))
        top = int(limit[members].max())
        best = best_by_weight(-cost[items], weight[items], top)
        loads = np.arange(top + 1) * delta
        for j in members.tolist():
            c = int(limit[j]) + 1
            net = best[:c] - p.p_b * np.maximum(0.0, loads[:c] - p.fair[j])
            value -= float(net.max())
    return value
