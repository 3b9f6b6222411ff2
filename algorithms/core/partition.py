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
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Set, Tuple

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
) -> None:
    """Recursive inertial bisection of ``members`` into ``k`` parts appended to ``out``."""
    members = np.sort(members)
    stack = [(members, k, _local_pairs(graph, members))]
    while stack:
        members, k, local_pairs = stack.pop()
        if k <= 1 or len(members) <= 1 or (is_canceled is not None and is_canceled()):
            out.append(members)
            continue
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
        best: Optional[Tuple[Tuple[bool, float, float], np.ndarray]] = None
        good_enough = False
        for angle in angles:
            proj = xs * math.cos(angle) + ys * math.sin(angle)
            order = np.lexsort((members, proj))
            cum = np.cumsum(local_w[order])
            cut = int(np.searchsorted(cum, want))
            for c in sorted({min(max(c, 1), m - 1) for c in (cut, cut + 1)}):
                err = abs(cum[c - 1] - want) / per_part
                side = np.zeros(m, dtype=bool)
                side[order[:c]] = True
                frag = (
                    _side_excess(m, local_pairs, side, local_w)
                    + _side_excess(m, local_pairs, ~side, local_w)
                ) / per_part
                score = (bool(frag > 0), float(frag + err), float(err))
                if best is None or score < best[0]:
                    best = (score, side)
                good_enough = best[0][0] is False and best[0][2] < 0.02
                if good_enough:
                    break
            if good_enough:
                break
        assert best is not None, "every direction tries at least one cut"
        _score, side = best
        stack.append((members[~side], k - k_left, _split_pairs(local_pairs, ~side)))
        stack.append((members[side], k_left, _split_pairs(local_pairs, side)))


class LocalSearch:
    """Boundary local search over a partition of one nest (see the module docstring)."""

    def __init__(
        self,
        graph: Graph,
        part: np.ndarray,
        k: int,
        target: float,
        tolerance: float,
        weights: PartitionWeights,
        previous: Optional[np.ndarray] = None,
        fixed: Optional[np.ndarray] = None,
    ):
        self.g = graph
        self.part = [int(p) for p in part]
        self.k = k
        self.target = max(target, 1e-9)
        self.tol = tolerance
        self.w = weights
        self.previous = None if previous is None else [int(p) for p in previous]
        self.fixed = None if fixed is None else [bool(f) for f in fixed]
        self.pop = [0.0] * k
        self.area = [0.0] * k
        self.perim = [0.0] * k
        self.size = [0] * k
        self._members: Optional[List[Set[int]]] = None
        for i, p in enumerate(self.part):
            self.pop[p] += graph.weight[i]
            self.area[p] += graph.area[i]
            self.perim[p] += graph.perimeter[i]
            self.size[p] += 1
        for i, nbrs in enumerate(graph.neighbours):
            p = self.part[i]
            for j, length in nbrs:
                if j > i and self.part[j] == p:
                    self.perim[p] -= 2.0 * length
        self.cost = [self._cost(p, self.pop[p], self.perim[p], self.area[p]) for p in range(k)]

    # -- objective
    def _balance(self, population: float) -> float:
        dev = (population - self.target) / self.target
        excess = abs(dev) - self.tol
        cost = self.w.balance * dev * dev
        if excess > 0:
            cost += self.w.violation * excess * excess
        return cost

    def _compact(self, perimeter: float, area: float) -> float:
        if area <= 0:
            return 0.0
        return self.w.compactness * perimeter * perimeter / (FOUR_PI * area)

    def _cost(self, p: int, population: float, perimeter: float, area: float) -> float:
        return self._balance(population) + self._compact(perimeter, area)

    # -- connectivity
    def _stays_connected(self, u: int, p: int) -> bool:
        """Would part ``p`` stay connected without unit ``u``?"""
        part = self.part
        targets = [j for j, _l in self.g.neighbours[u] if part[j] == p]
        if len(targets) <= 1:
            return True
        remaining = set(targets[1:])
        seen = {u, targets[0]}
        queue = deque([targets[0]])
        budget = self.size[p] + 1
        while queue and remaining:
            i = queue.popleft()
            budget -= 1
            if budget < 0:
                break
            for j, _l in self.g.neighbours[i]:
                if j not in seen and part[j] == p:
                    seen.add(j)
                    remaining.discard(j)
                    queue.append(j)
        return not remaining

    # -- moves
    def _gain(self, u: int, a: int, b: int, shared_a: float, shared_b: float) -> float:
        g = self.g
        wu, au, pu = g.weight[u], g.area[u], g.perimeter[u]
        before = self.cost[a] + self.cost[b]
        after = self._cost(
            a, self.pop[a] - wu, self.perim[a] - pu + 2 * shared_a, self.area[a] - au
        ) + self._cost(b, self.pop[b] + wu, self.perim[b] + pu - 2 * shared_b, self.area[b] + au)
        gain = before - after
        if self.previous is not None and self.w.stability:
            prev = self.previous[u]
            if prev == a:
                gain -= self.w.stability
            elif prev == b:
                gain += self.w.stability
        return gain

    def _move(self, u: int, a: int, b: int, shared_a: float, shared_b: float) -> None:
        g = self.g
        self.part[u] = b
        self.pop[a] -= g.weight[u]
        self.pop[b] += g.weight[u]
        self.area[a] -= g.area[u]
        self.area[b] += g.area[u]
        self.perim[a] += -g.perimeter[u] + 2 * shared_a
        self.perim[b] += g.perimeter[u] - 2 * shared_b
        self.size[a] -= 1
        self.size[b] += 1
        if self._members is not None:
            self._members[a].discard(u)
            self._members[b].add(u)
        self.cost[a] = self._cost(a, self.pop[a], self.perim[a], self.area[a])
        self.cost[b] = self._cost(b, self.pop[b], self.perim[b], self.area[b])

    def run(self, is_canceled: Optional[Callable[[], bool]] = None) -> int:
        """Improve the partition in place; return the number of moves made."""
        g = self.g
        part = self.part
        moves = 0
        order = list(range(g.n))
        for _pass in range(self.w.passes):
            moved = 0
            for u in order:
                if self.fixed is not None and self.fixed[u]:
                    continue
                a = part[u]
                if self.size[a] <= 1:
                    continue
                shared: Dict[int, float] = {}
                for j, length in g.neighbours[u]:
                    p = part[j]
                    shared[p] = shared.get(p, 0.0) + length
                if len(shared) == 1 and a in shared:
                    continue
                best = None
                shared_a = shared.get(a, 0.0)
                for b in sorted(shared):
                    if b == a:
                        continue
                    if self.fixed is not None and self._part_fixed(b):
                        continue
                    gain = self._gain(u, a, b, shared_a, shared[b])
                    if gain > 1e-12 and (best is None or gain > best[0]):
                        best = (gain, b)
                if best is None:
                    continue
                if not self._stays_connected(u, a):
                    continue
                b = best[1]
                self._move(u, a, b, shared_a, shared[b])
                moved += 1
            moves += moved
            if moved == 0 or (is_canceled is not None and is_canceled()):
                break
        return moves

    # -- balance polish: moves and two-step chains that only reduce tolerance violations
    def _violation(self, population: float) -> float:
        return max(0.0, abs(population - self.target) - self.tol * self.target)

    def _shared(self, u: int, p: int) -> float:
        return sum(length for j, length in self.g.neighbours[u] if self.part[j] == p)

    def _movable(self, u: int) -> bool:
        return not (self.fixed is not None and self.fixed[u]) and self.size[self.part[u]] > 1

    def _apply(self, u: int, b: int) -> int:
        a = self.part[u]
        self._move(u, a, b, self._shared(u, a), self._shared(u, b))
        return a

    def _boundary(self, p: int) -> List[int]:
        if self._members is None:
            self._members = [set() for _ in range(self.k)]
            for i, q in enumerate(self.part):
                self._members[q].add(i)
        return sorted(
            i for i in self._members[p] if any(self.part[j] != p for j, _l in self.g.neighbours[i])
        )

    def polish(self, rounds: int = 30) -> int:
        """Bring parts outside the tolerance inside it where one move, or a chain of two moves
        (u: A→B, then v: B→C), lowers the total violation. Compactness is ignored here."""
        moves = 0
        for _round in range(rounds):
            bad = [
                p
                for p in range(self.k)
                if self._violation(self.pop[p]) > 0
                and not (self.fixed is not None and self._part_fixed(p))
            ]
            if not bad:
                break
            progress = False
            for p in sorted(bad, key=lambda q: (-self._violation(self.pop[q]), q)):
                if self._violation(self.pop[p]) > 0 and self._fix(p):
                    moves += 1
                    progress = True
            if not progress:
                break
        return moves

    def _moves_for(self, p: int) -> List[tuple]:
        """Single moves (unit, from, to) that push part ``p`` towards the target: out of
        ``p`` when it is over, into ``p`` when it is under."""
        out = []
        if self.pop[p] > self.target:
            for u in self._boundary(p):
                for q in sorted({self.part[j] for j, _l in self.g.neighbours[u]} - {p}):
                    out.append((u, p, q))
        else:
            seen = set()
            for i in self._boundary(p):
                for j, _l in self.g.neighbours[i]:
                    if self.part[j] != p and j not in seen:
                        seen.add(j)
                        out.append((j, self.part[j], p))
        return [
            (u, a, b)
            for u, a, b in sorted(out)
            if not (self.fixed is not None and (self._part_fixed(a) or self._part_fixed(b)))
        ]

    def _fix(self, p: int) -> bool:
        candidates = self._moves_for(p)
        best = None
        for u, a, b in candidates:
            if not self._movable(u) or not self._stays_connected(u, a):
                continue
            wu = self.g.weight[u]
            before = self._violation(self.pop[a]) + self._violation(self.pop[b])
            after = self._violation(self.pop[a] - wu) + self._violation(self.pop[b] + wu)
            if after < before - 1e-9 and (best is None or (after - before, u, b) < best[0]):
                best = ((after - before, u, b), u, b)
        if best is not None:
            self._apply(best[1], best[2])
            return True
        # two-step chains: u: a→b puts a neighbour out of range, a second move v fixes it
        for u, a, b in candidates:
            if not self._movable(u) or not self._stays_connected(u, a):
                continue
            wu = self.g.weight[u]
            self._apply(u, b)
            worst = max((a, b), key=lambda x: (self._violation(self.pop[x]), x))
            for v, src, dst in self._moves_for(worst):
                if v == u or not self._movable(v) or not self._stays_connected(v, src):
                    continue
                wv = self.g.weight[v]
                touched = {a, b, src, dst}
                # populations before the chain, and after u and v moved
                before = sum(
                    self._violation(self.pop[x] + (wu if x == a else 0) - (wu if x == b else 0))
                    for x in touched
                )
                after = sum(
                    self._violation(self.pop[x] - (wv if x == src else 0) + (wv if x == dst else 0))
                    for x in touched
                )
                if after < before - 1e-9:
                    self._apply(v, dst)
                    return True
            self._apply(u, a)  # undo the first move
        return False

    def _part_fixed(self, p: int) -> bool:
        return p in self._fixed_parts

    @property
    def _fixed_parts(self):
        if not hasattr(self, "_fixed_cache"):
            self._fixed_cache = {self.part[i] for i, f in enumerate(self.fixed) if f}
        return self._fixed_cache


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
