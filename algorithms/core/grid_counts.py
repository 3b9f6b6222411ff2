"""How many grids where: the locked grids kept as they are, the number of grids of each zone
(from the target or the number asked for), and the notes on zones that cannot be balanced.
No QGIS."""

import math
from typing import List, Optional, Sequence, Union

import numpy as np

from .i18n import translate


def choose_grid_count(population: float, target: float, tolerance: float) -> int:
    """Grids for ``population`` so that the mean grid is closest to ``target`` (at least 1)."""
    if population <= 0 or target <= 0:
        return 1
    raw = population / target
    low = max(1, int(math.floor(raw)))
    high = max(1, int(math.ceil(raw)))
    return min((low, high), key=lambda k: (abs(population / k - target), k))


def apportion(
    total: int, weights: Union[Sequence[float], np.ndarray], minimum: int = 1
) -> List[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder), each at
    least ``minimum``; the parts always add up to ``max(total, minimum * len(weights))``."""
    values = np.asarray(weights, dtype=float)
    count = len(values)
    total = max(int(total), minimum * count)
    spare = total - minimum * count
    if values.sum() <= 0:
        shares = np.full(count, spare / max(count, 1))
    else:
        shares = spare * values / values.sum()
    base = np.floor(shares).astype(int)
    rest = spare - base.sum()
    order = np.lexsort((np.arange(count), -(shares - base)))
    base[order[:rest]] += 1
    return [int(b) + minimum for b in base]


class LockedGrids:
    """The locked grids of a build: which units they hold, their ids and nests."""

    def __init__(self, locked: Optional[Sequence], nest_of: np.ndarray, n: int) -> None:
        self.ids = np.array(
            ["" if v is None else str(v) for v in (locked if locked is not None else [None] * n)],
            dtype=object,
        )
        self.is_locked = self.ids != ""
        self.names: List[str] = sorted({str(v) for v in self.ids[self.is_locked]})
        self.count = len(self.names)
        #: The nest of each locked grid: the nest of most of its units.
        self.nest: List[int] = []
        for name in self.names:
            found, counts = np.unique(nest_of[self.ids == name], return_counts=True)
            self.nest.append(int(found[np.argmax(counts)]))

    def place(
        self, unit_part: np.ndarray, part_nest: List[int], part_ids: List[Optional[str]]
    ) -> None:
        """Add the locked grids after the grids made so far."""
        for name, g_idx in zip(self.names, self.nest):
            unit_part[self.ids == name] = len(part_nest)
            part_nest.append(g_idx)
            part_ids.append(name)


def grids_per_zone(
    free_pop: np.ndarray,
    has_free: np.ndarray,
    lock: LockedGrids,
    grid_count: Optional[int],
    tolerance: float,
    target: Optional[float],
    messages: List[str],
) -> List[int]:
    """The number of grids to make from each zone's units that are not locked: those that give
    the target, or a share of the number of grids asked for (less the locked grids) by
    population; at least one for each zone with such units. With targets by area,
    ``free_pop`` is the scaled population (see :mod:`.grid_balance`)."""
    if grid_count is None:
        assert target, "without a grid count there is a target (checked by build_grids)"
        return [
            choose_grid_count(p, target, tolerance) if has else 0
            for p, has in zip(free_pop, has_free)
        ]
    asked = int(grid_count)
    k_nest = [0] * len(free_pop)
    with_free = np.flatnonzero(has_free)
    if len(with_free):
        shares = apportion(asked - lock.count, free_pop[with_free], minimum=1)
        for g_idx, k in zip(with_free, shares):
            k_nest[int(g_idx)] = k
    made = sum(k_nest) + lock.count
    if made != asked and lock.count:
        messages.append(
            translate(
                "core",
                "{k} grids were asked for; {locked} grids are locked and each of the {m} "
                "nests with units that are not locked needs at least one grid: {total} grids "
                "were made.",
            ).format(k=asked, locked=lock.count, m=len(with_free), total=made)
        )
    elif made != asked:
        messages.append(
            translate(
                "core",
                "{k} grids were asked for but there are {m} nests, and each needs at "
                "least one grid: {total} grids were made.",
            ).format(k=asked, m=len(free_pop), total=made)
        )
    return k_nest


def size_messages(zone_pop, k_zone, has_free, zone_label, reference, tolerance, messages):
    """Zones whose people cannot make grids of the target within the tolerance."""
    low = reference * (1 - tolerance)
    high = reference * (1 + tolerance)
    for z, name in enumerate(zone_label):
        if not has_free[z]:
            continue
        if zone_pop[z] < low:
            messages.append(
                translate(
                    "core",
                    "Nest {nest} has {pop:,.0f} people, fewer than one grid should hold "
                    "({low:,.0f}–{high:,.0f}): it is one grid.",
                ).format(nest=name, pop=zone_pop[z], low=low, high=high)
            )
        elif k_zone[z] > 1 and not (low <= zone_pop[z] / k_zone[z] <= high):
            messages.append(
                translate(
                    "core",
                    "Nest {nest} ({pop:,.0f} people) cannot be split into grids of "
                    "{low:,.0f}–{high:,.0f}: its {k} grids hold {mean:,.0f} people on average.",
                ).format(
                    nest=name,
                    pop=zone_pop[z],
                    low=low,
                    high=high,
                    k=k_zone[z],
                    mean=zone_pop[z] / k_zone[z],
                )
            )
