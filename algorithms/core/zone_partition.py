"""One zone divided into grids: its adjacency graph, the first cut (recursive bisection, or
the previous grids split or merged to the number wanted), contiguity repair and the local
search (balance on every variable, compactness, income homogeneity, stability). No QGIS."""

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

import numpy as np

from .grid_balance import Balance
from .local_search import LocalSearch
from .partition import Graph, bisect, repair_contiguity

if TYPE_CHECKING:
    from .gridding import GridOptions

#: The weight of the income term in the bisection's choice of cut, per unit of homogeneity.
BISECT_HOMOGENEITY = 1.0


def income_terms(pop, x, known, k) -> Tuple[np.ndarray, np.ndarray]:
    """(w, z) for the income homogeneity of one zone: people with a known income as a share
    of one grid's people, and the standardised log income (people weighted)."""
    w = np.where(known, pop, 0.0)
    per_grid = max(float(pop.sum()) / max(k, 1), 1e-9)
    if w.sum() <= 0:
        return w, np.zeros(len(w))
    mean = float((w * x).sum() / w.sum())
    std = math.sqrt(float((w * (x - mean) ** 2).sum() / w.sum())) or 1.0
    return w / per_grid, np.where(known, (x - mean) / std, 0.0)


def subgraph(members, pairs, lengths, pop, area, perimeter, cx, cy, n) -> Graph:
    """The adjacency graph among ``members``, renumbered 0..m-1."""
    inside = np.zeros(n, dtype=bool)
    inside[members] = True
    keep = inside[pairs[:, 0]] & inside[pairs[:, 1]] if len(pairs) else np.zeros(0, bool)
    local_pairs = np.searchsorted(members, pairs[keep])
    local_len = lengths[keep]
    m = len(members)
    neighbours: List[List[tuple]] = [[] for _ in range(m)]
    for (a, b), length in zip(local_pairs.tolist(), local_len.tolist()):
        neighbours[a].append((b, length))
        neighbours[b].append((a, length))
    return Graph(
        pop[members].tolist(),
        area[members].tolist(),
        perimeter[members].tolist(),
        cx[members],
        cy[members],
        neighbours,
        local_pairs.astype(np.int64),
    )


def partition_zone(
    graph: Graph,
    members,
    big_local,
    k_free,
    loads: np.ndarray,
    balance: Balance,
    income,
    options: "GridOptions",
    prev,
    is_canceled,
):
    """Partition one zone; return (local part per unit 0..k-1, previous id per part).
    ``loads``: the units' balance values divided by one grid's worth; ``income``: the
    homogeneity terms (:func:`income_terms`) or ``None``."""
    m = graph.n
    weights = np.asarray(graph.weight)
    part = np.full(m, -1, dtype=np.int64)
    next_part = 0
    prev_ids: List[Optional[str]] = []
    for i in np.flatnonzero(big_local):
        part[i] = next_part
        prev_ids.append(None)
        next_part += 1
    free = np.flatnonzero(~big_local)
    fixed = big_local.copy()
    if len(free) == 0:
        return part, prev_ids
    previous_local = None
    stable = prev is not None and any(prev[members[i]] for i in free)
    homogeneity = options.weights.homogeneity if income is not None else 0.0
    if stable:
        part, prev_ids, next_part = _from_previous(
            graph, members, part, prev_ids, next_part, free, prev, k_free
        )
        previous_local = part.copy()
    else:
        pieces: List[np.ndarray] = []
        bisect(
            graph,
            free,
            k_free,
            weights,
            pieces,
            is_canceled,
            income=income,
            homogeneity=homogeneity * BISECT_HOMOGENEITY,
        )
        for piece in pieces:
            part[piece] = next_part
            prev_ids.append(None)
            next_part += 1
    k = next_part
    fixed_parts = frozenset(int(part[i]) for i in np.flatnonzero(fixed))
    repair_contiguity(graph, part, k, fixed_parts)
    weights_used = options.weights
    if stable:
        weights_used = replace(
            options.weights,
            balance=1.0,
            compactness=options.weights.compactness / 4,
            stability=0.05,
        )
    search = LocalSearch(
        graph,
        part,
        k,
        weights_used,
        loads.tolist(),
        balance.tolerances.tolist(),
        balance.weights.tolist(),
        previous=previous_local,
        fixed=fixed,
        income=income,
    )
    search.run(is_canceled)
    search.polish()
    part = np.asarray(search.part, dtype=np.int64)
    repair_contiguity(graph, part, k, fixed_parts)
    # drop parts that became empty, keep numbering dense
    used = np.unique(part)
    if len(used) != k:
        remap = np.full(k, -1, dtype=np.int64)
        remap[used] = np.arange(len(used))
        part = remap[part]
        prev_ids = [prev_ids[u] for u in used]
    return part, prev_ids


def _from_previous(
    graph: Graph,
    members: np.ndarray,
    part: np.ndarray,
    prev_ids: List[Optional[str]],
    next_part: int,
    free: np.ndarray,
    prev: np.ndarray,
    k_free: int,
) -> Tuple[np.ndarray, List[Optional[str]], int]:
    """Start from the previous grids; split or merge to reach ``k_free`` grids."""
    codes = [prev[members[i]] for i in free]
    names = sorted({c for c in codes if c})
    index = {name: next_part + j for j, name in enumerate(names)}
    for i, code in zip(free, codes):
        if code:
            part[i] = index[code]
    prev_ids = prev_ids + list(names)
    next_part += len(names)
    # units without a previous grid join a neighbouring grid (breadth first)
    pending = [i for i in free if part[i] < 0]
    for _round in range(graph.n):
        if not pending:
            break
        still = []
        for i in pending:
            owners = sorted({int(part[j]) for j, _l in graph.neighbours[i] if part[j] >= 0})
            if owners:
                part[i] = owners[0]
            else:
                still.append(i)
        if len(still) == len(pending):
            for i in still:
                part[i] = next_part
            prev_ids.append(None)
            next_part += 1
            break
        pending = still
    weights = np.asarray(graph.weight)
    free_mask = np.zeros(graph.n, dtype=bool)
    free_mask[free] = True
    current = len({int(part[i]) for i in free})
    wanted = k_free
    while current < wanted:  # split the most populated grid in two
        sums = np.bincount(part[free], weights=weights[free], minlength=next_part)
        largest = int(np.argmax(sums))
        members_largest = np.flatnonzero((part == largest) & free_mask)
        if len(members_largest) < 2:
            break
        halves: List[np.ndarray] = []
        bisect(graph, members_largest, 2, weights, halves)
        part[halves[1]] = next_part
        prev_ids.append(None)
        next_part += 1
        current += 1
    while current > wanted and current > 1:  # merge the least populated grid away
        sums = np.bincount(part[free], weights=weights[free], minlength=next_part)
        alive = sorted({int(part[i]) for i in free})
        smallest = min(alive, key=lambda p: (sums[p], p))
        shared: Dict[int, float] = {}
        for i in np.flatnonzero(part == smallest):
            for j, length in graph.neighbours[i]:
                q = int(part[j])
                if q != smallest and free_mask[j]:
                    shared[q] = shared.get(q, 0.0) + length + 1e-9
        if not shared:
            break
        into = min(shared, key=lambda q: (sums[q], q))
        part[part == smallest] = into
        current -= 1
    return part, prev_ids, next_part
