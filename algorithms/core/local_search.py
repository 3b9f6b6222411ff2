"""Boundary local search over a partition of one nest (or zone) into grids.

Units on part boundaries move to a neighbouring part when that lowers the objective, a sum
over parts of:

* **balance**, per balance variable ``v`` (values divided by one grid's worth, so the target
  is 1): ``balance · weight_v · (load_v − 1)²`` plus ``violation · excess²`` beyond the
  variable's tolerance (the tolerance is nearly hard);
* **compactness**: the isoperimetric quotient P²/(4πA) from unit areas, perimeters and shared
  boundary lengths (no geometry is touched);
* **income homogeneity** (optional): ``h · Σ w·(x − x̄)²`` over the part's units, x the
  standardised log income and w the people (a grid's worth = 1), kept as three running sums
  so a move costs O(1);
* **stability** (optional): a cost for moving a unit out of its previous grid.

A move never disconnects the part it leaves (a bounded search from the unit's neighbours).
:meth:`LocalSearch.polish` then only reduces tolerance violations (single moves and chains
of two). Deterministic: units in index order, ties by part index.
"""

import math
from collections import deque
from typing import Callable, Dict, List, Optional, Sequence, Set

import numpy as np

from .partition import Graph, PartitionWeights

FOUR_PI = 4.0 * math.pi


class LocalSearch:
    """Boundary local search (see the module docstring)."""

    def __init__(
        self,
        graph: Graph,
        part: np.ndarray,
        k: int,
        weights: PartitionWeights,
        loads: Sequence[Sequence[float]],
        tolerances: Sequence[float],
        variable_weights: Optional[Sequence[float]] = None,
        previous: Optional[np.ndarray] = None,
        fixed: Optional[np.ndarray] = None,
        income: Optional[tuple] = None,
    ):
        """``loads[i]``: unit ``i``'s balance values, each divided by one grid's worth;
        ``tolerances``: per variable; ``variable_weights``: relative weights (normalised to
        sum 1); ``income``: ``(w, x)`` per unit for the homogeneity term, or ``None``."""
        self.g = graph
        self.part = [int(p) for p in part]
        self.k = k
        self.w = weights
        self.loads = [tuple(float(v) for v in row) for row in loads]
        self.nv = len(tolerances)
        self.tols = [float(t) for t in tolerances]
        vw = list(variable_weights) if variable_weights is not None else [1.0] * self.nv
        total = sum(vw) or 1.0
        self.bw = [weights.balance * v / total for v in vw]
        self.previous = None if previous is None else [int(p) for p in previous]
        self.fixed = None if fixed is None else [bool(f) for f in fixed]
        self.h = float(weights.homogeneity) if income is not None else 0.0
        if self.h > 0:
            assert income is not None
            self.hw = [float(v) for v in income[0]]
            self.hx = [float(v) for v in income[1]]
        else:
            self.hw = [0.0] * graph.n
            self.hx = [0.0] * graph.n
        self.load = [[0.0] * self.nv for _ in range(k)]
        self.area = [0.0] * k
        self.perim = [0.0] * k
        self.size = [0] * k
        self.s0 = [0.0] * k
        self.s1 = [0.0] * k
        self.s2 = [0.0] * k
        self._members: Optional[List[Set[int]]] = None
        for i, p in enumerate(self.part):
            row = self.loads[i]
            acc = self.load[p]
            for v in range(self.nv):
                acc[v] += row[v]
            self.area[p] += graph.area[i]
            self.perim[p] += graph.perimeter[i]
            self.size[p] += 1
            w, x = self.hw[i], self.hx[i]
            self.s0[p] += w
            self.s1[p] += w * x
            self.s2[p] += w * x * x
        for i, nbrs in enumerate(graph.neighbours):
            p = self.part[i]
            for j, length in nbrs:
                if j > i and self.part[j] == p:
                    self.perim[p] -= 2.0 * length
        self.cost = [self._part_cost(p) for p in range(k)]

    # -- objective
    def _balance(self, load: Sequence[float]) -> float:
        cost = 0.0
        for v in range(self.nv):
            dev = load[v] - 1.0
            cost += self.bw[v] * dev * dev
            excess = abs(dev) - self.tols[v]
            if excess > 0:
                cost += self.w.violation * excess * excess
        return cost

    def _cost(self, load, perimeter, area, s0, s1, s2) -> float:
        cost = self._balance(load)
        if area > 0:
            cost += self.w.compactness * perimeter * perimeter / (FOUR_PI * area)
        if self.h and s0 > 0:
            cost += self.h * (s2 - s1 * s1 / s0)
        return cost

    def _part_cost(self, p: int) -> float:
        return self._cost(
            self.load[p], self.perim[p], self.area[p], self.s0[p], self.s1[p], self.s2[p]
        )

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
        au, pu = g.area[u], g.perimeter[u]
        row = self.loads[u]
        la, lb = self.load[a], self.load[b]
        if self.nv == 1:
            new_a: Sequence[float] = (la[0] - row[0],)
            new_b: Sequence[float] = (lb[0] + row[0],)
        else:
            new_a = [la[v] - row[v] for v in range(self.nv)]
            new_b = [lb[v] + row[v] for v in range(self.nv)]
        w, x = self.hw[u], self.hx[u]
        wx, wxx = w * x, w * x * x
        after = self._cost(
            new_a,
            self.perim[a] - pu + 2 * shared_a,
            self.area[a] - au,
            self.s0[a] - w,
            self.s1[a] - wx,
            self.s2[a] - wxx,
        ) + self._cost(
            new_b,
            self.perim[b] + pu - 2 * shared_b,
            self.area[b] + au,
            self.s0[b] + w,
            self.s1[b] + wx,
            self.s2[b] + wxx,
        )
        gain = self.cost[a] + self.cost[b] - after
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
        row = self.loads[u]
        la, lb = self.load[a], self.load[b]
        for v in range(self.nv):
            la[v] -= row[v]
            lb[v] += row[v]
        self.area[a] -= g.area[u]
        self.area[b] += g.area[u]
        self.perim[a] += -g.perimeter[u] + 2 * shared_a
        self.perim[b] += g.perimeter[u] - 2 * shared_b
        self.size[a] -= 1
        self.size[b] += 1
        w, x = self.hw[u], self.hx[u]
        self.s0[a] -= w
        self.s0[b] += w
        self.s1[a] -= w * x
        self.s1[b] += w * x
        self.s2[a] -= w * x * x
        self.s2[b] += w * x * x
        if self._members is not None:
            self._members[a].discard(u)
            self._members[b].add(u)
        self.cost[a] = self._part_cost(a)
        self.cost[b] = self._part_cost(b)

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
    def _violation_of(self, load: Sequence[float]) -> float:
        total = 0.0
        for v in range(self.nv):
            excess = abs(load[v] - 1.0) - self.tols[v]
            if excess > 0:
                total += excess
        return total

    def _violation_moved(self, p: int, u: int, sign: float) -> float:
        """The violation of part ``p`` with unit ``u`` added (sign 1) or taken out (−1)."""
        row = self.loads[u]
        load = self.load[p]
        return self._violation_of([load[v] + sign * row[v] for v in range(self.nv)])

    def _violation(self, p: int) -> float:
        return self._violation_of(self.load[p])

    def _over(self, p: int) -> bool:
        """Is part ``p`` above its target on the variable it misses most?"""
        worst = max(range(self.nv), key=lambda v: (abs(self.load[p][v] - 1.0) - self.tols[v], -v))
        return self.load[p][worst] > 1.0

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
                if self._violation(p) > 0 and not (self.fixed is not None and self._part_fixed(p))
            ]
            if not bad:
                break
            progress = False
            for p in sorted(bad, key=lambda q: (-self._violation(q), q)):
                if self._violation(p) > 0 and self._fix(p):
                    moves += 1
                    progress = True
            if not progress:
                break
        return moves

    def _moves_for(self, p: int) -> List[tuple]:
        """Single moves (unit, from, to) that push part ``p`` towards the target: out of
        ``p`` when it is over, into ``p`` when it is under."""
        out = []
        if self._over(p):
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
            before = self._violation(a) + self._violation(b)
            after = self._violation_moved(a, u, -1.0) + self._violation_moved(b, u, 1.0)
            if after < before - 1e-9 and (best is None or (after - before, u, b) < best[0]):
                best = ((after - before, u, b), u, b)
        if best is not None:
            self._apply(best[1], best[2])
            return True
        # two-step chains: u: a→b puts a neighbour out of range, a second move v fixes it
        for u, a, b in candidates:
            if not self._movable(u) or not self._stays_connected(u, a):
                continue
            before_u = {x: self._violation(x) for x in (a, b)}
            self._apply(u, b)
            worst = max((a, b), key=lambda x: (self._violation(x), x))
            for v, src, dst in self._moves_for(worst):
                if v == u or not self._movable(v) or not self._stays_connected(v, src):
                    continue
                touched = {a, b, src, dst}
                before = sum(before_u[x] if x in before_u else self._violation(x) for x in touched)
                after = sum(
                    self._violation_moved(x, v, -1.0)
                    if x == src
                    else self._violation_moved(x, v, 1.0)
                    if x == dst
                    else self._violation(x)
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
            self._fixed_cache = {self.part[i] for i, f in enumerate(self.fixed or ()) if f}
        return self._fixed_cache
