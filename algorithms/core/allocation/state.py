"""A mutable assignment over the candidate pairs: who holds which slot, loads, objective."""

import math
from typing import Dict, List, Tuple

import numpy as np

from .model import EPS, Problem


class State:
    """A mutable assignment: people per grid, grids per person, loads."""

    def __init__(self, p: Problem):
        self.p = p
        self.load = np.zeros(p.people)
        self.holders: List[List[int]] = [[] for _ in range(p.grids)]
        self.held: List[List[int]] = [[] for _ in range(p.people)]
        self.km: Dict[Tuple[int, int], float] = {}
        self.cands: List[List[int]] = []
        self.nearest: List[float] = []
        grid_list = p.pair_grid.tolist()
        staff_list = p.pair_staff.tolist()
        km_list = p.pair_km.tolist()
        self.km = dict(zip(zip(grid_list, staff_list), km_list))
        for i in range(p.grids):
            a, b = int(p.start[i]), int(p.start[i + 1])
            self.cands.append(staff_list[a:b])
            self.nearest.append(km_list[a] if b > a else 0.0)
        self.cand_sets = [set(c) for c in self.cands]
        self.size = p.size.tolist()
        self.cap = p.capacity.tolist()
        self.fair = p.fair.tolist()

    def set(self, taken: np.ndarray) -> None:
        for i, j in zip(self.p.pair_grid[taken].tolist(), self.p.pair_staff[taken].tolist()):
            self.add(i, j)

    def add(self, i: int, j: int) -> None:
        self.holders[i].append(j)
        self.held[j].append(i)
        self.load[j] += self.size[i]

    def remove(self, i: int, j: int) -> None:
        self.holders[i].remove(j)
        self.held[j].remove(i)
        self.load[j] -= self.size[i]

    def excess(self, j: int, load: float) -> float:
        """Balance cost of person j at ``load``."""
        return self.p.p_b * max(0.0, load - self.fair[j])

    def fits(self, j: int, load: float) -> bool:
        return load <= self.cap[j] + EPS

    def add_delta(self, i: int, j: int) -> float:
        """Objective change if person j takes one more slot of grid i (no capacity check)."""
        s = self.size[i]
        delta = s * self.km[(i, j)] - self.p.p_z * s
        if not self.holders[i] and self.p.slots[i] >= 1:
            delta -= self.p.p_v
        load = self.load[j]
        return delta + self.excess(j, load + s) - self.excess(j, load)

    def best_two(self, i: int):
        """Best and second-best (delta, person) among candidates with room for a slot of i."""
        best = second = (math.inf, -1)
        s = self.size[i]
        holders = self.holders[i]
        for j in self.cands[i]:
            if j in holders or not self.fits(j, self.load[j] + s):
                continue
            key = (self.add_delta(i, j), j)
            if key < best:
                best, second = key, best
            elif key < second:
                second = key
        return best, second

    def objective(self) -> float:
        """The model objective of the current assignment."""
        return self.part(range(self.p.grids), range(self.p.people))

    def part(self, grids, people) -> float:
        """The objective's terms of ``grids`` (coverage, open places, travel) and of
        ``people`` (balance)."""
        p = self.p
        total = 0.0
        for i in grids:
            holders = self.holders[i]
            s = self.size[i]
            if p.slots[i] >= 1 and not holders:
                total += p.p_v
            total += p.p_z * max(0, int(p.slots[i]) - len(holders)) * s
            total += sum(s * self.km[(i, j)] for j in holders)
        return total + sum(self.excess(j, self.load[j]) for j in people)

    def taken(self) -> np.ndarray:
        p = self.p
        chosen = {(i, j) for i, people in enumerate(self.holders) for j in people}
        return np.fromiter(
            ((i, j) in chosen for i, j in zip(p.pair_grid.tolist(), p.pair_staff.tolist())),
            dtype=bool,
            count=len(p.pair_grid),
        )
