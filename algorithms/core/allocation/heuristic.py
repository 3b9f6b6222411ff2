"""The heuristic: LP-guided rounding, regret greedy, local search, exact neighbourhoods.

Deterministic; every move stays within capacity (see the package docstring, "heuristic").
"""

import heapq
import math
from typing import List, Optional, Tuple

import numpy as np

from .exact import highs
from .model import EPS, AllocationOptions, Problem
from .state import State

#: One move of an ejection chain: (grid, from person, to person), −1 for nobody.
Move = Tuple[int, int, int]


def round_lp(state: State, lp_x: np.ndarray) -> None:
    """Take pairs in order of their LP value (then distance, grid, person) where they fit."""
    p = state.p
    order = np.lexsort((p.pair_staff, p.pair_grid, p.pair_km, -np.round(lp_x, 9)))
    order = order[lp_x[order] > 1e-6].tolist()
    for coverage in (True, False):  # first one person per grid, then the other slots
        for k in order:
            i, j = int(p.pair_grid[k]), int(p.pair_staff[k])
            if coverage and state.holders[i]:
                continue
            if (
                len(state.holders[i]) < p.slots[i]
                and j not in state.holders[i]
                and state.fits(j, state.load[j] + state.size[i])
            ):
                state.add(i, j)


def _regret(best, second) -> float:
    if best[1] < 0:
        return -math.inf
    return (second[0] - best[0]) if second[1] >= 0 else 1e300


def greedy_fill(state: State, tick) -> None:
    """Fill open slots by regret: coverage slots first, then the others."""
    p = state.p
    for phase in (0, 1):
        heap = []
        for i in range(p.grids):
            if len(state.holders[i]) >= p.slots[i] or (phase == 0 and state.holders[i]):
                continue
            best, second = state.best_two(i)
            if best[1] >= 0:
                heap.append((-_regret(best, second), i, 0))
        heapq.heapify(heap)
        steps = 0
        while heap:
            _neg, i, pushes = heapq.heappop(heap)
            best, second = state.best_two(i)
            if best[1] < 0:
                continue
            regret = _regret(best, second)
            if heap and pushes < 3 and -regret > heap[0][0] + 1e-12:
                heapq.heappush(heap, (-regret, i, pushes + 1))
                continue
            if best[0] < -EPS:
                state.add(i, best[1])
                if phase == 1 and len(state.holders[i]) < p.slots[i]:
                    nb, ns = state.best_two(i)
                    if nb[1] >= 0:
                        heapq.heappush(heap, (-_regret(nb, ns), i, 0))
            steps += 1
            if steps % 2000 == 0:
                tick(20.0 + 15.0 * phase + 15.0 * min(1.0, steps / max(p.grids, 1)))


def fill(state: State, grids) -> int:
    """Fill the open slots of ``grids``: directly, or along an ejection chain."""
    moves = 0
    for i in grids:
        while len(state.holders[i]) < state.p.slots[i]:
            best, _second = state.best_two(i)
            if best[1] >= 0 and best[0] < -EPS:
                state.add(i, best[1])
            elif not _augment(state, i):
                break
            moves += 1
    return moves


def local_search(state: State, options: AllocationOptions, tick) -> None:
    """Fill / eject, shift and swap moves (all within capacity) until none improves.
    Swaps that only relieve a person above their fair share are tried up to
    ``lns_pair_limit`` candidate pairs (beyond, swaps must shorten travel)."""
    p = state.p
    balance_swaps = len(p.pair_grid) <= options.lns_pair_limit
    for npass in range(options.max_passes):
        moves = fill(state, range(p.grids))
        tick(50.0 + 30.0 * (npass + 0.3) / options.max_passes)
        for i in range(p.grids):
            for j in list(state.holders[i]):
                moves += _shift(state, i, j)
        tick(50.0 + 30.0 * (npass + 0.6) / options.max_passes)
        for i in range(p.grids):
            for j in list(state.holders[i]):
                if j in state.holders[i] and (
                    state.km[(i, j)] > state.nearest[i] + EPS
                    or (balance_swaps and state.load[j] > state.fair[j] + EPS)
                ):
                    moves += _swap(state, i, j, balance_swaps)
        tick(50.0 + 30.0 * (npass + 1.0) / options.max_passes)
        if not moves:
            break


def _shift(state: State, i: int, j: int) -> int:
    """Move grid i's slot from person j to a candidate with room, if that improves."""
    s = state.size[i]
    lj = state.load[j]
    out = -s * state.km[(i, j)] + state.excess(j, lj - s) - state.excess(j, lj)
    best = (-1e-9, -1)
    holders = state.holders[i]
    for k in state.cands[i]:
        lk = state.load[k]
        if k == j or k in holders or not state.fits(k, lk + s):
            continue
        delta = out + s * state.km[(i, k)] + state.excess(k, lk + s) - state.excess(k, lk)
        if delta < best[0]:
            best = (delta, k)
    if best[1] < 0:
        return 0
    state.remove(i, j)
    state.add(i, best[1])
    return 1


def _swap(state: State, i: int, j: int, balance: bool = True) -> int:
    """Exchange grid i (person j) with a grid i2 of a candidate k of grid i, if better."""
    si = state.size[i]
    lj = state.load[j]
    km = state.km
    excess = state.excess
    base_j = excess(j, lj)
    km_ij = km[(i, j)]
    holders_i = state.holders[i]
    cand_sets = state.cand_sets
    best: Tuple[float, Optional[Tuple[int, int]]] = (-1e-9, None)
    for k in state.cands[i]:
        if k == j or k in holders_i:
            continue
        move_i = si * (km[(i, k)] - km_ij)
        if move_i >= 0 and (base_j <= 0 or not balance):
            continue  # neither nearer nor relieving j (the other way round is tried from i2)
        lk = state.load[k]
        base_k = excess(k, lk)
        for i2 in state.held[k]:
            if i2 == i or j not in cand_sets[i2] or j in state.holders[i2]:
                continue
            s2 = state.size[i2]
            travel = move_i + s2 * (km[(i2, j)] - km[(i2, k)])
            if travel - base_j - base_k >= best[0]:
                continue  # balance cannot make up for it
            new_j, new_k = lj - si + s2, lk - s2 + si
            if not (state.fits(j, new_j) and state.fits(k, new_k)):
                continue
            delta = travel + excess(j, new_j) - base_j + excess(k, new_k) - base_k
            if delta < best[0]:
                best = (delta, (k, i2))
    if best[1] is None:
        return 0
    k, i2 = best[1]
    state.remove(i, j)
    state.remove(i2, k)
    state.add(i, k)
    state.add(i2, j)
    return 1


def _augment(state: State, i: int, max_depth: int = 12, budget: int = 50000) -> bool:
    """Fill an open slot of grid i along an ejection chain, found breadth first: i goes to
    a candidate j0; if j0 has no room, one of j0's grids moves to one of its candidates, and
    so on, until somebody has room, or the last person gives up a slot of a grid that keeps
    somebody else (worth it to cover a grid, or for a larger slot). The first chain that
    lowers the objective is applied. Each person appears once in a chain, so its cost is
    summed along the way."""
    p = state.p
    km = state.km
    size_i = state.size[i]
    gain = -p.p_z * size_i - (p.p_v if not state.holders[i] and p.slots[i] >= 1 else 0.0)
    visited = set(state.holders[i])
    queue: List[Tuple[int, float, Tuple[Move, ...], float]] = []
    for j in state.cands[i]:
        if j not in visited:
            visited.add(j)
            queue.append((j, size_i, ((i, -1, j),), gain + size_i * km[(i, j)]))
    head = 0
    while head < len(queue) and head < budget:
        j, need, path, acc = queue[head]
        head += 1
        load = state.load[j]
        room = state.cap[j] - load
        base = state.excess(j, load)
        if need <= room + EPS:
            if acc + state.excess(j, load + need) - base < -EPS:
                _apply_chain(state, path)
                return True
            continue
        if len(path) >= max_depth:
            continue
        moved = {g for g, _a, _b in path}
        for g in state.held[j]:
            s_g = state.size[g]
            if g in moved or need - s_g > room + EPS:
                continue
            after = acc + state.excess(j, load + need - s_g) - base - s_g * km[(g, j)]
            # end the chain by giving up a slot of a grid that keeps somebody
            if len(state.holders[g]) >= 2 and after + p.p_z * s_g < -EPS:
                _apply_chain(state, path + ((g, j, -1),))
                return True
            for k in state.cands[g]:
                if k in visited or k in state.holders[g]:
                    continue
                visited.add(k)
                queue.append((k, s_g, path + ((g, j, k),), after + s_g * km[(g, k)]))
    return False


def _apply_chain(state: State, path: Tuple[Move, ...]) -> None:
    """Apply the moves of an ejection chain: (grid, from, to), −1 for nobody."""
    for grid, source, target in path:
        if source >= 0:
            state.remove(grid, source)
        if target >= 0:
            state.add(grid, target)


def neighbourhoods(state: State, options: AllocationOptions, tick) -> int:
    """Large-neighbourhood search: for each grid with an open slot (in grid order), re-solve
    exactly (MILP, HiGHS, node-limited) who among its candidates holds which of their grids,
    everybody else fixed; keep the result if the objective decreases. Returns the number of
    neighbourhoods solved."""
    p = state.p
    solved = 0
    for i in range(p.grids):
        if solved >= options.lns_limit:
            break
        if len(state.holders[i]) >= p.slots[i]:
            continue
        people = list(dict.fromkeys(state.cands[i]))[: options.lns_people]
        resolve(state, people, {i}, options)
        solved += 1
        tick(80.0)
    return solved


def resolve(state: State, people: List[int], extra: set, options: AllocationOptions) -> bool:
    """Re-solve exactly (MILP, node-limited) who among ``people`` holds which of their grids
    (and of the grids ``extra``), everybody else fixed; keep the result if the objective
    decreases. Returns True when it was kept."""
    p = state.p
    members = set(people)
    grids = sorted(set(extra).union(*(state.held[j] for j in people)))
    local_g = {g: n for n, g in enumerate(grids)}
    local_p = {j: n for n, j in enumerate(people)}
    pg, ps, km = [], [], []
    for g in grids:
        for j in state.cands[g]:
            if j in members:
                pg.append(local_g[g])
                ps.append(local_p[j])
                km.append(state.km[(g, j)])
    outside = [sum(1 for j in state.holders[g] if j not in members) for g in grids]
    inside = np.zeros(len(people))
    for j in people:
        inside[local_p[j]] = sum(state.size[g] for g in state.held[j] if g in local_g)
    fixed = state.load[people] - inside
    slots = np.array([p.slots[g] - k for g, k in zip(grids, outside)], dtype=np.int64)
    sub = Problem(
        slots,
        p.size[grids],
        p.capacity[people] - fixed,
        p.fair[people] - fixed,
        np.array(pg, dtype=np.int64),
        np.array(ps, dtype=np.int64),
        np.array(km),
        np.zeros(0, dtype=np.int64),
        p.p_v,
        p.p_z,
        p.p_b,
        cover=np.array([p.slots[g] >= 1 and k == 0 for g, k in zip(grids, outside)]),
    )
    result = highs(
        sub,
        integer=True,
        limits={
            "node_limit": int(options.lns_node_limit),
            "time_limit": 10.0,
            "mip_rel_gap": 1e-6,
            "presolve": False,
        },
    )
    if result.x is None:
        return False
    before = state.part(grids, people)
    old = [(g, j) for g in grids for j in state.holders[g] if j in members]
    for g, j in old:
        state.remove(g, j)
    chosen = np.flatnonzero(result.x[: len(pg)] > 0.5)
    new = [(grids[pg[k]], people[ps[k]]) for k in chosen.tolist()]
    for g, j in new:
        state.add(g, j)
    if state.part(grids, people) > before - 1e-9:
        for g, j in new:
            state.remove(g, j)
        for g, j in old:
            state.add(g, j)
        return False
    return True
