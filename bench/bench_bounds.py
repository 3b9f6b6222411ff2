"""Staff assignment (issue 17): which bound, which plan — the evidence behind
docs/design/allocation-scale.md, on the bench instance of 1,000 grids × 600 staff.

Bounds over *all* (grid, person) pairs, from weakest to strongest:

- the LP relaxation over the priced pairs (column generation, ``allocation.bound``);
- the Lagrangian bound with a 0-1 knapsack per person at the LP's duals (what allocatestaff
  reports, ``allocation.knapsack``);
- the same after subgradient steps (Polyak steps against our plan's value);
- the Dantzig–Wolfe (pattern) formulation: a column is the set of grids one person holds,
  whole places within capacity; its LP bound equals the best Lagrangian bound. Column
  generation from the subgradient's patterns, priced by the same knapsacks; the master's LP
  value over the patterns found is an *upper* estimate of that bound (the master is
  restricted), the best Lagrangian value a lower one.

And, for comparison, what HiGHS proves by branch and bound on the priced pairs after a few
seconds (a bound for plans *within those pairs* only), and the plan HiGHS finds when given only
the pairs of the LP's support and of our plan (a restricted MILP, solved to 0.1 %).

Everything here is a study: allocatestaff itself uses only the first two bounds.
"""

import dataclasses
import os
import sys
import time
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from bench_allocate import STAFF_CAPACITY, _core, instance  # noqa: E402

CASE = "1,000 grids × 600 staff (60 outlets)"


class Outlets:
    """People grouped by outlet (same distances) and the knapsack pricing of patterns."""

    def __init__(self, p, grid_xy, staff_xy, steps=400):
        from service_grid.algorithms.core.allocation.knapsack import capacity_steps

        self.p, self.grid_xy = p, grid_xy
        self.locations, where = np.unique(staff_xy, axis=0, return_inverse=True)
        where = where.ravel()
        self.members = [np.flatnonzero(where == k) for k in range(len(self.locations))]
        self.delta, self.limit = capacity_steps(p, steps)
        self.w_low = np.floor(p.size / self.delta).astype(np.int64)  # the bound: relaxed
        self.w_high = np.ceil(p.size / self.delta - 1e-9).astype(np.int64)  # patterns: fit
        self.active = p.slots > 0

    def km(self, k):
        loc = self.locations[k]
        return np.hypot(self.grid_xy[:, 0] - loc[0], self.grid_xy[:, 1] - loc[1]) / 1000.0

    def price(self, theta, pi=None, check=None, patterns=None, counts=None):
        """Σ_j K_j at ``theta`` (y + μ); each person's best pattern is counted in ``counts``
        and added to ``patterns`` when its reduced cost at (``check``, ``pi``) is < 0."""
        from service_grid.algorithms.core.allocation.knapsack import best_by_weight

        p = self.p
        check = theta if check is None else check
        pi = np.zeros(p.people) if pi is None else pi
        gain, added = 0.0, 0
        for k, members in enumerate(self.members):
            km = self.km(k)
            unit_cost = p.size * km - theta
            items = np.flatnonzero(self.active & (unit_cost < 0))
            if not len(items):
                continue
            value = -unit_cost[items]
            top = int(self.limit[members].max())
            loads = np.arange(top + 1) * self.delta
            best = best_by_weight(value, self.w_low[items], top)
            for j in members.tolist():
                c = int(self.limit[j]) + 1
                net = best[:c] - p.p_b * np.maximum(0.0, loads[:c] - p.fair[j])
                gain += max(0.0, float(net.max()))
            if patterns is None and counts is None:
                continue
            weights = self.w_high[items]
            best, take = best_by_weight(value, weights, top, keep=True)
            for j in members.tolist():
                c = int(self.limit[j]) + 1
                net = best[:c] - p.p_b * np.maximum(0.0, loads[:c] - p.fair[j])
                w = int(np.argmax(net))
                if net[w] <= 1e-9:
                    continue
                grids = items[_backtrack(take, weights, w)]
                load = float(p.size[grids].sum())
                if load > p.capacity[j] + 1e-9:
                    continue
                if counts is not None:
                    counts[grids] += 1
                if patterns is not None:
                    cost = float((p.size[grids] * km[grids]).sum())
                    cost += p.p_b * max(0.0, load - p.fair[j])
                    if cost - float(check[grids].sum()) + float(pi[j]) < -1e-7:
                        added += patterns.add(j, grids, cost)
        return gain, added


def _backtrack(take, weight, w):
    chosen = []
    for k in range(take.shape[0] - 1, -1, -1):
        if w >= 0 and take[k, w]:
            chosen.append(k)
            w -= int(weight[k])
    return np.asarray(chosen[::-1], dtype=np.int64)


class Patterns:
    def __init__(self):
        self.person, self.grids, self.cost, self.seen = [], [], [], set()

    def add(self, j, grids, cost):
        key = (j, tuple(sorted(grids.tolist())))
        if key in self.seen:
            return 0
        self.seen.add(key)
        self.person.append(j)
        self.grids.append(np.asarray(key[1], dtype=np.int64))
        self.cost.append(cost)
        return 1


def _master(p, patterns):
    """The pattern master LP: (value, y, μ, π)."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix, diags, hstack, vstack

    g, s, n = p.grids, p.people, len(patterns.person)
    lengths = np.array([len(x) for x in patterns.grids])
    by_grid = csr_matrix(
        (
            np.ones(lengths.sum()),
            (np.concatenate(patterns.grids), np.repeat(np.arange(n), lengths)),
        ),
        shape=(g, n),
    )
    by_person = csr_matrix((np.ones(n), (patterns.person, np.arange(n))), shape=(s, n))
    cover = p.needs_cover.astype(float)
    cost = np.concatenate([patterns.cost, p.p_z * p.size, np.where(cover > 0, p.p_v, 0.0)])
    zero = csr_matrix((g, g))
    a_eq = hstack([by_grid, diags(np.ones(g)), zero]).tocsr()
    a_ub = vstack(
        [
            hstack([-by_grid, zero, -diags(cover)]),
            hstack([by_person, csr_matrix((s, g)), csr_matrix((s, g))]),
        ]
    ).tocsr()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # no upper bounds: the rows imply them, and a bound's dual would hide a person's price
        res = linprog(
            cost,
            A_ub=a_ub,
            b_ub=np.concatenate([-cover, np.ones(s)]),
            A_eq=a_eq,
            b_eq=p.slots.astype(float),
            bounds=(0, None),
            method="highs",
        )
    m = np.asarray(res.ineqlin["marginals"])
    return (
        float(res.fun),
        np.asarray(res.eqlin["marginals"]),
        np.maximum(-m[:g], 0.0),
        np.maximum(-m[g:], 0.0),
    )


def _subgradient(p, out, y, mu, upper, steps, patterns=None):
    """Polyak subgradient steps on the Lagrangian bound from (y, μ): (best, y, μ)."""
    from service_grid.algorithms.core.allocation.knapsack import fixed_terms

    r = p.slots.astype(float)
    cover = p.needs_cover
    best, best_y, best_mu, scale, stall = -np.inf, y, mu, 1.0, 0
    for _ in range(steps):
        counts = np.zeros(p.grids)
        gain, _ = out.price(y + mu, patterns=patterns, counts=counts)
        value = fixed_terms(p, y, mu) - gain
        if value > best + 1e-6:
            best, best_y, best_mu, stall = value, y, mu, 0
        else:
            stall += 1
            if stall >= 5:
                scale, stall = scale * 0.7, 0
        g_y = r - counts - np.where(p.p_z * p.size < y, r, 0.0)
        g_mu = np.where(cover, 1.0 - counts - np.where(cover & (p.p_v < mu), 1.0, 0.0), 0.0)
        g_mu[(mu <= 0) & (g_mu < 0)] = 0.0
        norm = float((g_y**2).sum() + (g_mu**2).sum())
        if norm < 1e-12:
            break
        step = scale * (upper - value) / norm
        y, mu = y + step * g_y, np.maximum(0.0, mu + step * g_mu)
    return best, best_y, best_mu


def _row(rows, tool, seconds, value, plan, note, gap=None):
    """A row of the section; gap: our plan against ``value`` unless given."""
    if gap is None and value is not None and value <= plan:
        gap = (plan - value) / plan
    row = {
        "bench": "allocation bounds",
        "input": CASE,
        "tool": tool,
        "seconds": seconds,
        "peak_mb": None,
        "objective": value,
        "gap": gap,
        "note": note,
    }
    rows.append(row)
    print(
        "{:<70} {:>8}s value {:>10,.1f} gap {} {}".format(
            tool,
            "–" if seconds is None else "{:.2f}".format(seconds),
            value,
            "{:.2%}".format(gap) if gap is not None else "–",
            note,
        ),
        flush=True,
    )


def run(rows: list, folder: str, quick: bool = False) -> None:
    from service_grid.algorithms.core.allocation import exact, heuristic, state
    from service_grid.algorithms.core.allocation.knapsack import fixed_terms

    core = _core()
    gxy, pop, oxy, where, cap = instance(1000, 600, 60, 2)
    sxy = oxy[where]
    options = core.AllocationOptions(staff_capacity=STAFF_CAPACITY)
    load = core.workload(pop)
    rec = core.recommend(load, options)
    seen: dict = {}
    t0 = time.perf_counter()
    result = core.assign(gxy, load, rec, cap, sxy, options, diagnostics=seen)
    seconds = time.perf_counter() - t0
    p, lp, plan_state = seen["problem"], seen["relaxation"], seen["state"]
    plan = result.objective
    _row(
        rows,
        "allocatestaff auto: its plan and bound",
        seconds,
        result.lower_bound,
        plan,
        "plan {:,.0f}; the bound allocatestaff reports (the larger of the two below); gap "
        "column: our plan against each bound".format(plan),
    )
    _row(
        rows,
        "LP relaxation over the priced pairs: its value",
        None,
        lp.value,
        plan,
        "{:,} pairs; a bound for plans within those pairs".format(len(lp.x)),
    )
    _row(
        rows,
        "LP relaxation + the Lagrangian correction (pairs left out priced)",
        None,
        seen["lp_bound"],
        plan,
        "proven for all pairs (the best value over the rounds of column generation)",
    )
    out = Outlets(p, gxy, sxy)
    t0 = time.perf_counter()
    knap = fixed_terms(p, lp.places, lp.cover) - out.price(lp.places + lp.cover)[0]
    _row(
        rows,
        "Lagrangian, a knapsack per person at the LP's duals",
        time.perf_counter() - t0,
        knap,
        plan,
        "whole places; all pairs",
    )
    patterns = Patterns()
    for j, grids in enumerate(seen["held"]):  # the plan before the coverage step: it fits
        if grids and p.size[grids].sum() <= p.capacity[j] + 1e-9:
            gs = np.asarray(sorted(grids), dtype=np.int64)
            km = np.array([plan_state.km[(i, j)] for i in gs.tolist()])
            load_j = float(p.size[gs].sum())
            patterns.add(
                j, gs, float((p.size[gs] * km).sum()) + p.p_b * max(0.0, load_j - p.fair[j])
            )
    steps = 50 if quick else 150
    t0 = time.perf_counter()
    best, y, mu = _subgradient(p, out, lp.places, lp.cover, plan, steps, patterns)
    sub_seconds = time.perf_counter() - t0
    _row(
        rows,
        "Lagrangian after {} subgradient steps".format(steps),
        sub_seconds,
        best,
        plan,
        "Polyak steps against our plan; {:,} patterns seen".format(len(patterns.person)),
    )
    t0 = time.perf_counter()
    limit, master, rounds = (5 if quick else 15), None, 0
    for _ in range(limit):
        rounds += 1
        master, my, mmu, pi = _master(p, patterns)
        added = 0
        for share in (0.7, 0.0):  # Wentges smoothing towards the best bound's duals
            ty, tmu = share * y + (1 - share) * my, share * mu + (1 - share) * mmu
            gain, added = out.price(ty + tmu, pi=pi, check=my + mmu, patterns=patterns)
            value = fixed_terms(p, ty, tmu) - gain
            if value > best:
                best, y, mu = value, ty, tmu
            if added:
                break
        if not added:
            break
    cg_seconds = time.perf_counter() - t0
    _row(
        rows,
        "Dantzig–Wolfe: best Lagrangian bound after column generation",
        sub_seconds + cg_seconds,
        best,
        plan,
        "{} master LPs; {:,} patterns".format(rounds, len(patterns.person)),
    )
    _row(
        rows,
        "Dantzig–Wolfe: the master LP over the patterns found",
        sub_seconds + cg_seconds,
        master,
        plan,
        "an upper estimate of the Dantzig–Wolfe bound (restricted master): no "
        "bound over all pairs can be proven from this formulation above it",
    )
    for limit in (3.0, 6.0, 12.0):
        t0 = time.perf_counter()
        res = exact.highs(p, True, {"time_limit": limit, "mip_rel_gap": 1e-3})
        bound = getattr(res, "mip_dual_bound", None)
        _row(
            rows,
            "HiGHS branch and bound, {:.0f} s".format(limit),
            time.perf_counter() - t0,
            float(bound),
            plan,
            "bound for plans within the {:,} priced pairs only; its plan {:,.0f}".format(
                len(p.pair_grid), float(res.fun) if res.x is not None else float("nan")
            ),
        )
    # the plan side: HiGHS on the pairs of the LP's support and of our plan
    held = {(i, j) for j, gs in enumerate(seen["held"]) for i in gs}
    pairs = set(zip(p.pair_grid[lp.x > 1e-6].tolist(), p.pair_staff[lp.x > 1e-6].tolist())) | held
    pg = np.array([i for i, _ in pairs], dtype=np.int64)
    ps = np.array([j for _, j in pairs], dtype=np.int64)
    km = np.array([plan_state.km[pair] for pair in pairs])
    order = np.lexsort((ps, km, pg))
    pg, ps, km = pg[order], ps[order], km[order]
    restricted = dataclasses.replace(
        p,
        pair_grid=pg,
        pair_staff=ps,
        pair_km=km,
        start=np.searchsorted(pg, np.arange(p.grids + 1)),
    )
    t0 = time.perf_counter()
    res = exact.highs(restricted, True, {"time_limit": 60.0, "mip_rel_gap": 1e-3})
    better = state.State(restricted)
    better.set(res.x[: len(pg)] > 0.5)
    heuristic.local_search(better, options, lambda value: None)
    value = better.objective()
    _row(
        rows,
        "plan: HiGHS on the LP's support + our plan's pairs, then local search",
        time.perf_counter() - t0,
        value,
        plan,
        "{:,} pairs; {:.1%} below our plan; gap column: against the best Lagrangian bound "
        "above".format(len(pg), 1 - value / plan),
        gap=(value - best) / value,
    )
