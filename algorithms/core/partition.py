"""Balanced, contiguous, compact partition of a unit adjacency graph into k parts.

The method (per nest, on the units' rook adjacency graph):

1. **Recursive inertial bisection.** The units are split in two along the straight line (tried
   in several directions) that divides their population in the ratio of the grids wanted on
   each side, choosing the cut that leaves each side in one connected piece of the graph and
   closest to the wanted ratio; each side is split again until every part is one grid. Straight
   cuts give compact parts and balance is exact up to one unit. O(n log k).
2. **Contiguity repair.** Any piece of a part cut off from the rest of its part joins the
   neighbouring part it shares most boundary with.
3. **Boundary local search.** Units on part boundaries move to a neighbouring part when that
   lowers ``balance + compactness`` (population deviation from the target, squared, with a
   steep penalty outside the tolerance; plus the parts' isoperimetric quotient P²/4πA, computed
   from unit areas, perimeters and shared boundary lengths, so no geometry is touched). A move
   never disconnects the part it leaves (checked by a bounded search from the unit's
   neighbours).

Everything is deterministic: ties break by unit index.
"""

import math
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np

from .adjacency import components

FOUR_PI = 4.0 * math.pi


@dataclass
class PartitionWeights:
    """Weights of the local-search objective (see the module docstring)."""

    #: Weight of the squared relative deviation from the target population.
    balance: float = 20.0
    #: Weight of the squared excess beyond the tolerance (makes the tolerance nearly hard).
    violation: float = 5000.0
    #: Weight of the isoperimetric quotient P²/(4πA) (1 for a disc).
    compactness: float = 0.04
    #: Cost of moving a unit away from its previous grid (stability mode).
    stability: float = 0.0
    #: Passes of boundary local search.
    passes: int = 6
    #: Weight of the within-part income dispersion (0 = not considered).
    homogeneity: float = 0.0


@dataclass
class Graph:
    """The subgraph of one nest, with local indices 0..n-1 and Python lists for speed."""

    weight: List[float]
    area: List[float]
    perimeter: List[float]
    x: np.ndarray
    y: np.ndarray
    #: neighbours[i] = list of (j, shared length)
    neighbours: List[List[tuple]]
    #: CSR arrays for vectorised work (component labelling).
    pairs: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))

    @property
    def n(self) -> int:
        return len(self.weight)


def _side_excess(m: int, local_pairs: np.ndarray, side: np.ndarray, weights: np.ndarray) -> float:
    """Population outside the largest connected piece of the local units where ``side``."""
    lab = components(m, local_pairs, side)[side]
    if len(lab) == 0:
        return 0.0
    uniq, inverse = np.unique(lab, return_inverse=True)
    if len(uniq) == 1:
        return 0.0
    sums = np.bincount(inverse, weights=weights[side] + 1e-9)
    return float(sums.sum() - sums.max())


def _local_pairs(graph: "Graph", members: np.ndarray) -> np.ndarray:
    """The graph's pairs among ``members`` (sorted), renumbered 0..len(members)-1."""
    pairs = graph.pairs
    if len(pairs) == 0:
        return pairs
    inside = np.zeros(graph.n, dtype=bool)
    inside[members] = True
    sub = pairs[inside[pairs[:, 0]] & inside[pairs[:, 1]]]
    return np.searchsorted(members, sub)


def _split_pairs(local_pairs: np.ndarray, side: np.ndarray) -> np.ndarray:
    """The local pairs inside ``side``, renumbered for the members where ``side``."""
    if len(local_pairs) == 0:
        return local_pairs
    keep = side[local_pairs[:, 0]] & side[local_pairs[:, 1]]
    renumber = np.cumsum(side) - 1
    return renumber[local_pairs[keep]]


def bisect(
    graph: "Graph",
    members: np.ndarray,
    k: int,
    weights: np.ndarray,
    out: List[np.ndarray],
    is_canceled: Optional[Callable[[], bool]] = None,
    directions: int = 4,
    income: Optional[Tuple[np.ndarray, np.ndarray]] = None,
    homogeneity: float = 0.0,
) -> None:
    """Recursive inertial bisection of ``members`` into ``k`` parts appended to ``out``.

    With ``income`` = (w, x) per unit (people and standardised log income) and
    ``homogeneity`` > 0, the straight cut that best separates richer from poorer units is
    preferred: each cut's score adds ``homogeneity`` × the income variance left within its
    two sides (as a share of the variance of the units cut)."""
    members = np.sort(members)
    stack = [(members, k, _local_pairs(graph, members))]
    use_income = income is not None and homogeneity > 0
    while stack:
        members, k, local_pairs = stack.pop()
        if k <= 1 or len(members) <= 1 or (is_canceled is not None and is_canceled()):
            out.append(members)
            continue
        side = _best_cut(
            graph,
            members,
            k,
            weights,
            local_pairs,
            directions,
            income if use_income else None,
            homogeneity,
        )
        k_left = k // 2
        stack.append((members[~side], k - k_left, _split_pairs(local_pairs, ~side)))
        stack.append((members[side], k_left, _split_pairs(local_pairs, side)))


def _best_cut(graph, members, k, weights, local_pairs, directions, income, homogeneity):
    """The side (bool over ``members``) of the best cut of ``members`` into ``k // 2`` and the
    rest: sides in one connected piece first, then the balance error (+ income term)."""
    m = len(members)
    local_w = weights[members]
    k_left = k // 2
    total = local_w.sum()
    want = total * k_left / k
    per_part = max(total / k, 1e-9)
    xs = graph.x[members]
    ys = graph.y[members]
    angles = [math.pi * d / directions for d in range(directions)]
    w = local_w + 1e-9
    if m > 2:
        cx, cy = np.average(xs, weights=w), np.average(ys, weights=w)
        cov = np.cov(np.vstack([xs - cx, ys - cy]), aweights=w)
        if np.all(np.isfinite(cov)):
            _vals, vecs = np.linalg.eigh(cov)
            angles.insert(0, math.atan2(vecs[1, -1], vecs[0, -1]))
    orderings = []
    for angle in angles:
        proj = xs * math.cos(angle) + ys * math.sin(angle)
        orderings.append(proj)
    if income is not None:
        hw, hx = income[0][members], income[1][members]
        total_h = float((hw * hx * hx).sum() - (hw * hx).sum() ** 2 / max(hw.sum(), 1e-12))
    if income is None:  # straight cuts in the order of the directions: the first good one
        best = None
        for key in orderings:
            order = np.lexsort((members, key))
            cum = np.cumsum(local_w[order])
            cut = int(np.searchsorted(cum, want))
            for c in sorted({min(max(c, 1), m - 1) for c in (cut, cut + 1)}):
                err = abs(cum[c - 1] - want) / per_part
                side, frag = _cut_side(m, order, c, local_pairs, local_w, per_part)
                full = (bool(frag > 0), float(frag + err), float(err))
                if best is None or full < best[0]:
                    best = (full, side)
                if not best[0][0] and best[0][2] < 0.02:
                    return best[1]
        assert best is not None, "every direction gives at least one cut"
        return best[1]
    candidates = []
    for o_idx, key in enumerate(orderings):
        order = np.lexsort((members, key))
        cum = np.cumsum(local_w[order])
        cut = int(np.searchsorted(cum, want))
        cw = np.cumsum(hw[order])
        c1 = np.cumsum(hw[order] * hx[order])
        c2 = np.cumsum(hw[order] * hx[order] ** 2)
        for c in sorted({min(max(c, 1), m - 1) for c in (cut, cut + 1)}):
            err = abs(cum[c - 1] - want) / per_part
            score = err
            if total_h > 0:
                wl, sl, ql = cw[c - 1], c1[c - 1], c2[c - 1]
                wr, sr, qr = cw[-1] - wl, c1[-1] - sl, c2[-1] - ql
                within = (ql - sl * sl / wl if wl > 0 else 0.0) + (
                    qr - sr * sr / wr if wr > 0 else 0.0
                )
                score += homogeneity * within / total_h
            candidates.append((score, err, o_idx, c, order))
    candidates.sort(key=lambda t: (t[0], t[1], t[2], t[3]))
    best = None
    for score, err, _o, c, order in candidates:
        side, frag = _cut_side(m, order, c, local_pairs, local_w, per_part)
        full = (bool(frag > 0), float(frag + score), float(err))
        if best is None or full < best[0]:
            best = (full, side)
        if not full[0]:
            break  # the best unbroken cut by score (candidates are sorted by it)
    assert best is not None, "every ordering gives at least one cut"
    return best[1]


def _cut_side(m, order, c, local_pairs, local_w, per_part):
    """The side of the first ``c`` units of ``order`` and its fragmentation: the people
    outside the largest connected piece of each side, per grid's worth."""
    side = np.zeros(m, dtype=bool)
    side[order[:c]] = True
    frag = (
        _side_excess(m, local_pairs, side, local_w) + _side_excess(m, local_pairs, ~side, local_w)
    ) / per_part
    return side, frag


def repair_contiguity(
    graph: Graph, part: np.ndarray, k: int, fixed_parts: frozenset = frozenset()
) -> int:
    """Give every piece of a part cut off from its largest piece to the neighbouring part it
    shares most boundary with. Returns the number of units moved."""
    moved_total = 0
    for _round in range(20):
        moved = 0
        pieces = _pieces(graph, part)
        for piece, p in pieces:
            if p in fixed_parts:
                continue
            shared: Dict[int, float] = {}
            for i in piece:
                for j, length in graph.neighbours[i]:
                    q = int(part[j])
                    if q != p and q not in fixed_parts:
                        shared[q] = shared.get(q, 0.0) + length + 1e-9
            if not shared:
                continue
            target = max(sorted(shared), key=lambda q: shared[q])
            part[np.asarray(piece)] = target
            moved += len(piece)
        moved_total += moved
        if moved == 0:
            break
    return moved_total


def _pieces(graph: Graph, part: np.ndarray):
    """(units, part) for every connected piece of a part that is not its largest piece."""
    n = graph.n
    pairs = graph.pairs
    labels = _part_components(n, pairs, part)
    weights = np.asarray(graph.weight) + 1e-9
    out = []
    order = np.lexsort((labels, part))
    boundaries = np.flatnonzero(np.diff(part[order]) != 0) + 1
    for group in np.split(order, boundaries):
        labs = labels[group]
        uniq = np.unique(labs)
        if len(uniq) < 2:
            continue
        sums = {int(lab): float(weights[group[labs == lab]].sum()) for lab in uniq}
        keep = max(sorted(sums), key=lambda lab: (sums[lab], -lab))
        for lab in uniq:
            if lab != keep:
                out.append((group[labs == lab].tolist(), int(part[group[0]])))
    return out


def _part_components(n: int, pairs: np.ndarray, part: np.ndarray) -> np.ndarray:
    """Connected component of each unit over the edges inside its own part."""
    same = part[pairs[:, 0]] == part[pairs[:, 1]] if len(pairs) else np.zeros(0, bool)
    return components(n, pairs[same])


def count_non_contiguous(n: int, pairs: np.ndarray, part: np.ndarray) -> int:
    """Number of parts that are not one connected piece of the graph given by ``pairs``."""
    labels = _part_components(n, pairs, part)
    pieces = np.unique(np.column_stack([part, labels]), axis=0)
    per_part = np.bincount(pieces[:, 0])
    return int(np.sum(per_part > 1))
