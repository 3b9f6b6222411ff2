"""Service grids from polygon units: balanced, contiguous, nested, compact, stable.

:func:`build_grids` is the whole job without QGIS: adjacency → per nest: number of grids,
oversized units, islands → partition (:mod:`partition`) of the units outside locked grids →
codes (:mod:`.division.codes`) → aggregates → dissolved grid polygons → quality figures. See
docs/manual/02-build-grids.md.
"""

import math
from dataclasses import dataclass, field
from typing import AbstractSet, Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from .adjacency import link_pieces, shared_boundaries
from .deps import shapely
from .errors import CancelledError, InputError, format_ids
from .i18n import translate
from .partition import (
    Graph,
    LocalSearch,
    PartitionWeights,
    bisect,
    count_non_contiguous,
    repair_contiguity,
)
from .tables import polygonal

#: Profile columns summed per grid.
SUMMED = ("households", "enterprises", "customers")
#: Profile columns averaged per grid, weighted by population.
WEIGHTED = ("income", "elderly_share", "youth_share")


@dataclass
class GridOptions:
    """What the planner asks for."""

    #: People per grid (ignored when ``grid_count`` is set).
    target_population: Optional[float] = None
    #: Number of grids over the whole area (split between nests by population).
    grid_count: Optional[int] = None
    #: Allowed relative deviation from the target (0.10 = ±10 %).
    tolerance: float = 0.10
    #: Text put in front of every grid code, as given.
    id_prefix: str = ""
    #: Digits of the sequence number of a grid code (1–6).
    id_width: int = 3
    #: Codes never to give (a project's register ``grid_codes``: every code it ever gave).
    reserved_codes: AbstractSet[str] = frozenset()
    weights: PartitionWeights = field(default_factory=PartitionWeights)


@dataclass
class GridResult:
    """Grids and how good they are."""

    #: Index into ``grid_ids`` of each unit's grid.
    unit_grid: np.ndarray
    grid_ids: List[str]
    grid_nest: List[Optional[str]]
    #: Dissolved grid polygons (MultiPolygon), aligned with ``grid_ids``.
    geometries: np.ndarray
    #: Per grid: unit_count, population, households, area_km2, density, income, elderly_share,
    #: youth_share, enterprises, customers, polsby_popper.
    attributes: Dict[str, list]
    #: GRID_COUNT, POPULATION_CV, MIN_RATIO, MAX_RATIO, NON_CONTIGUOUS, NEST_VIOLATIONS,
    #: MEAN_POLSBY_POPPER, WITHIN_TOLERANCE, ISLAND_LINKS, UNITS_KEPT (stability mode).
    stats: Dict[str, float]
    #: Notes for the log: what could not be balanced and why, islands attached, nulls…
    messages: List[str] = field(default_factory=list)
    #: Per grid: a locked grid kept as it was (``locked`` of :func:`build_grids`).
    grid_locked: List[bool] = field(default_factory=list)


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


def build_grids(
    geoms,
    population,
    nest=None,
    previous=None,
    profile: Optional[Dict[str, Sequence]] = None,
    options: Optional[GridOptions] = None,
    unit_ids: Optional[Sequence] = None,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
    *,
    current: Optional[Sequence] = None,
    locked: Optional[Sequence] = None,
) -> GridResult:
    """Divide units into service grids.

    ``geoms``: unit polygons (shapely, metric CRS); ``population``: numbers (None/NaN = 0);
    ``nest``: codes grids must not cross (None = one area); ``previous``: previous grid id per
    unit (stability mode); ``profile``: optional columns aggregated per grid (households,
    income, elderly_share, youth_share, enterprises, customers); ``unit_ids`` name units in
    messages. ``current``: the grid code each unit has now (a project's grids): a grid keeps
    the code of a current grid when it holds more than half of its population, instead of the
    previous ids; ``locked``: per unit the id of the locked grid it belongs to (None: free):
    locked grids keep their units and ids, the other units are divided around them.
    """
    # here, not at the top: the division package (the grid editor) builds on this module
    from .division.codes import CodeScheme, number_grids

    options = options or GridOptions()
    scheme = CodeScheme(options.id_prefix, options.id_width).check()
    profile = profile or {}
    geoms = np.asarray(geoms, dtype=object)
    n = len(geoms)
    if n == 0:
        raise InputError(translate("core", "There are no units to divide into grids."))
    names = (
        [str(u) for u in unit_ids] if unit_ids is not None else ["#{}".format(i) for i in range(n)]
    )
    messages: List[str] = []

    def step(value: float) -> None:
        if is_canceled is not None and is_canceled():
            raise CancelledError(translate("core", "Cancelled: nothing was written."))
        if progress is not None:
            progress(value)

    pop = np.array([np.nan if v is None else float(v) for v in population], dtype=float)
    nulls = np.flatnonzero(np.isnan(pop))
    if len(nulls):
        messages.append(
            translate(
                "core", "{n} unit(s) have no population (NULL) and count as 0: {ids}."
            ).format(n=len(nulls), ids=format_ids([names[i] for i in nulls]))
        )
        pop[nulls] = 0.0
    if np.any(pop < 0):
        bad = np.flatnonzero(pop < 0)
        raise InputError(
            translate(
                "core",
                "{n} unit(s) have a negative population: {ids}. Correct them, then run again.",
            ).format(n=len(bad), ids=format_ids([names[i] for i in bad]))
        )
    total = float(pop.sum())
    if total <= 0:
        raise InputError(
            translate("core", "The units have no population at all: check the population field.")
        )
    if options.grid_count is None and not options.target_population:
        raise InputError(
            translate("core", "Give either a target population per grid or a number of grids.")
        )
    if options.tolerance < 0 or options.tolerance >= 1:
        raise InputError(
            translate("core", "The tolerance must be between 0 and 1 (e.g. 0.1 for ±10 %).")
        )

    nest_codes = ["" if v is None else str(v) for v in nest] if nest is not None else [""] * n
    nest_names, nest_of = np.unique(np.array(nest_codes, dtype=object), return_inverse=True)
    lock = _Locked(locked, nest_of, n)
    step(2)

    # ---------------------------------------------------------------- geometry and adjacency
    area = shapely.area(geoms)
    perimeter = shapely.length(geoms)
    centroids = shapely.centroid(geoms)
    cx = shapely.get_x(centroids)
    cy = shapely.get_y(centroids)
    pairs, lengths = shared_boundaries(geoms)
    step(15)
    same_nest = nest_of[pairs[:, 0]] == nest_of[pairs[:, 1]] if len(pairs) else np.zeros(0, bool)
    nest_pairs = pairs[same_nest]
    nest_lengths = lengths[same_nest]

    # ---------------------------------------------------------------- grids per nest
    free = ~lock.is_locked
    nest_pop = np.bincount(nest_of[free], weights=pop[free], minlength=len(nest_names))
    has_free = np.bincount(nest_of[free], minlength=len(nest_names)) > 0
    k_nest = _grids_per_nest(nest_pop, has_free, lock, options, messages)
    target_nest = [p / k if k else p for p, k in zip(nest_pop, k_nest)]
    reference = (
        float(options.target_population)
        if options.target_population
        else total / max(sum(k_nest) + lock.count, 1)
    )

    # oversized units: alone above the maximum, they become grids of their own
    big = np.zeros(n, dtype=bool)
    for g_idx in range(len(nest_names)):
        if k_nest[g_idx] <= 1:
            continue
        members = np.flatnonzero((nest_of == g_idx) & free)
        limit = target_nest[g_idx] * (1 + options.tolerance)
        over = members[pop[members] > limit]
        if len(over):
            big[over] = True
    if big.any():
        ids = np.flatnonzero(big)
        messages.append(
            translate(
                "core",
                "{n} unit(s) alone have more people than a grid may hold and each became "
                "a grid of its own: {ids}.",
            ).format(n=len(ids), ids=format_ids([names[i] for i in ids]))
        )
    for g_idx, name in enumerate(nest_names):
        low = reference * (1 - options.tolerance)
        high = reference * (1 + options.tolerance)
        if not has_free[g_idx]:
            continue
        if nest_pop[g_idx] < low and options.target_population:
            messages.append(
                translate(
                    "core",
                    "Nest {nest} has {pop:,.0f} people, fewer than one grid should hold "
                    "({low:,.0f}–{high:,.0f}): it is one grid.",
                ).format(nest=name or "-", pop=nest_pop[g_idx], low=low, high=high)
            )
        elif (
            options.target_population
            and k_nest[g_idx] > 1
            and not (low <= nest_pop[g_idx] / k_nest[g_idx] <= high)
        ):
            messages.append(
                translate(
                    "core",
                    "Nest {nest} ({pop:,.0f} people) cannot be split into grids of "
                    "{low:,.0f}–{high:,.0f}: its {k} grids hold {mean:,.0f} people on average.",
                ).format(
                    nest=name or "-",
                    pop=nest_pop[g_idx],
                    low=low,
                    high=high,
                    k=k_nest[g_idx],
                    mean=nest_pop[g_idx] / k_nest[g_idx],
                )
            )

    # islands and separate pieces of a nest join the nearest piece of the same nest; locked
    # units stay out (each its own group), so free pieces they cut off are linked too
    groups = nest_of.astype(np.int64).copy()
    alone = big | lock.is_locked
    groups[alone] = len(nest_names) + np.arange(int(alone.sum()))
    usable = (
        ~alone[nest_pairs[:, 0]] & ~alone[nest_pairs[:, 1]]
        if len(nest_pairs)
        else np.zeros(0, bool)
    )
    virtual = link_pieces(geoms, groups, nest_pairs[usable])
    if len(virtual):
        island_units = sorted({names[int(v)] for v in virtual[:, 0]})
        messages.append(
            translate(
                "core",
                "{n} island(s) or separate piece(s) of a nest were attached to the nearest "
                "units of the same nest (near {ids}).",
            ).format(n=len(virtual), ids=format_ids(island_units))
        )
    step(25)

    # ---------------------------------------------------------------- partition each nest
    unit_part = np.full(n, -1, dtype=np.int64)
    part_nest: List[int] = []
    part_prev_id: List[Optional[str]] = []
    kept = 0
    prev = None
    if previous is not None:
        prev = np.array(["" if v is None else str(v) for v in previous], dtype=object)
    all_pairs = np.concatenate([nest_pairs, virtual]) if len(virtual) else nest_pairs
    all_lengths = (
        np.concatenate([nest_lengths, np.zeros(len(virtual))]) if len(virtual) else nest_lengths
    )
    done_pop = 0.0
    for g_idx in np.argsort(-nest_pop, kind="stable"):
        members = np.flatnonzero((nest_of == g_idx) & free)
        if len(members) == 0:
            continue
        local = _subgraph(members, all_pairs, all_lengths, pop, area, perimeter, cx, cy, n)
        big_local = big[members]
        k_total = max(int(k_nest[g_idx]), 1)
        k_free = max(k_total - int(big_local.sum()), 1) if big_local.any() else k_total
        parts, prev_ids = _partition_nest(
            local, members, big_local, k_free, target_nest[g_idx], options, prev, is_canceled
        )
        base = len(part_nest)
        unit_part[members] = base + parts
        part_nest.extend([int(g_idx)] * (int(parts.max()) + 1))
        part_prev_id.extend(prev_ids)
        if prev is not None:
            kept += int(
                sum(1 for i, p in zip(members, parts) if prev[i] and prev_ids[p] == prev[i])
            )
        done_pop += nest_pop[g_idx]
        step(25 + 50 * done_pop / max(float(nest_pop.sum()), 1e-9))
    free_count = len(part_nest)
    lock.place(unit_part, part_nest, part_prev_id)
    if prev is not None:
        kept += int(np.sum(lock.is_locked & (prev == lock.ids)))

    # ---------------------------------------------------------------- ids, aggregates, shapes
    grid_count = len(part_nest)
    grid_locked = [p >= free_count for p in range(grid_count)]
    fixed = [
        pid if (grid_locked[p] or current is None) else None for p, pid in enumerate(part_prev_id)
    ]
    taken = set(options.reserved_codes)
    taken.update(str(v) for v in (current if current is not None else ()) if v)
    taken.update(str(v) for v in (prev if prev is not None else ()) if v)
    grid_ids = number_grids(
        unit_part,
        part_nest,
        fixed,
        nest_names,
        (cx, cy, area, pop),
        scheme,
        taken,
        current,
    )
    attributes = _aggregate(unit_part, grid_count, pop, area, profile)
    step(80)
    geometries = _dissolve(geoms, unit_part, grid_count, is_canceled)
    step(95)
    grid_area = shapely.area(geometries)
    grid_perimeter = shapely.length(geometries)
    with np.errstate(divide="ignore", invalid="ignore"):
        pp = np.where(grid_perimeter > 0, 4 * math.pi * grid_area / grid_perimeter**2, 0.0)
    attributes["polsby_popper"] = [round(float(v), 4) for v in pp]

    grid_pop = np.bincount(unit_part, weights=pop, minlength=grid_count)
    mean = grid_pop.mean()
    stats = {
        "GRID_COUNT": grid_count,
        "POPULATION_CV": float(grid_pop.std() / mean) if mean else 0.0,
        "MIN_RATIO": float(grid_pop.min() / mean) if mean else 0.0,
        "MAX_RATIO": float(grid_pop.max() / mean) if mean else 0.0,
        "NON_CONTIGUOUS": count_non_contiguous(n, all_pairs, unit_part),
        "NEST_VIOLATIONS": _nest_violations(unit_part, nest_of, grid_count),
        "MEAN_POLSBY_POPPER": float(pp.mean()) if grid_count else 0.0,
        "WITHIN_TOLERANCE": float(
            np.mean(np.abs(grid_pop / reference - 1) <= options.tolerance + 1e-9)
        ),
        "ISLAND_LINKS": int(len(virtual)),
        "TARGET_POPULATION": reference,
    }
    if prev is not None:
        stats["UNITS_KEPT"] = kept / n
    step(100)
    return GridResult(
        unit_part,
        grid_ids,
        [str(nest_names[g]) or None for g in part_nest],
        geometries,
        attributes,
        stats,
        messages,
        grid_locked,
    )


class _Locked:
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


def _grids_per_nest(
    free_pop: np.ndarray,
    has_free: np.ndarray,
    lock: _Locked,
    options: GridOptions,
    messages: List[str],
) -> List[int]:
    """The number of grids to make from each nest's units that are not locked: those that give
    the target, or a share of the number of grids asked for (less the locked grids) by
    population; at least one for each nest with such units."""
    if options.grid_count is None:
        target = options.target_population
        assert target, "without a grid count there is a target (checked by build_grids)"
        return [
            choose_grid_count(p, target, options.tolerance) if has else 0
            for p, has in zip(free_pop, has_free)
        ]
    asked = int(options.grid_count)
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


def _subgraph(members, pairs, lengths, pop, area, perimeter, cx, cy, n) -> Graph:
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


def _partition_nest(graph: Graph, members, big_local, k_free, target, options, prev, is_canceled):
    """Partition one nest; return (local part per unit 0..k-1, previous id per part)."""
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
    if stable:
        part, prev_ids, next_part = _from_previous(
            graph, members, part, prev_ids, next_part, free, prev, k_free, target, options
        )
        previous_local = part.copy()
    else:
        pieces: List[np.ndarray] = []
        bisect(graph, free, k_free, weights, pieces, is_canceled)
        for piece in pieces:
            part[piece] = next_part
            prev_ids.append(None)
            next_part += 1
    k = next_part
    fixed_parts = frozenset(int(part[i]) for i in np.flatnonzero(fixed))
    repair_contiguity(graph, part, k, fixed_parts)
    weights_used = options.weights
    if stable:
        weights_used = PartitionWeights(
            balance=1.0,
            violation=options.weights.violation,
            compactness=options.weights.compactness / 4,
            stability=0.05,
            passes=options.weights.passes,
        )
    search = LocalSearch(
        graph,
        part,
        k,
        target,
        options.tolerance,
        weights_used,
        previous=previous_local,
        fixed=fixed,
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
    target: float,
    options: GridOptions,
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


def _aggregate(unit_part, count, pop, area, profile) -> Dict[str, list]:
    """Per-grid sums and population-weighted means."""
    out: Dict[str, list] = {}
    out["unit_count"] = np.bincount(unit_part, minlength=count).tolist()
    grid_pop = np.bincount(unit_part, weights=pop, minlength=count)
    out["population"] = [int(round(v)) for v in grid_pop]
    km2 = np.bincount(unit_part, weights=area, minlength=count) / 1e6
    out["area_km2"] = [round(float(v), 4) for v in km2]
    out["density"] = [round(float(p / a), 1) if a > 0 else None for p, a in zip(grid_pop, km2)]
    for name in SUMMED + WEIGHTED:
        values = profile.get(name)
        if values is None:
            out[name] = [None] * count
            continue
        arr = np.array([np.nan if v is None else float(v) for v in values])
        ok = ~np.isnan(arr)
        if name in SUMMED:
            has = np.bincount(unit_part, weights=ok, minlength=count)
            sums = np.bincount(unit_part, weights=np.nan_to_num(arr), minlength=count)
            out[name] = [int(round(s)) if h else None for s, h in zip(sums, has)]
        else:  # WEIGHTED
            w = np.where(ok, pop, 0.0)
            wsum = np.bincount(unit_part, weights=w, minlength=count)
            vsum = np.bincount(unit_part, weights=np.where(ok, arr * pop, 0.0), minlength=count)
            digits = 1 if name == "income" else 4
            out[name] = [round(float(v / s), digits) if s > 0 else None for v, s in zip(vsum, wsum)]
    return out


def _dissolve(geoms, unit_part, count, is_canceled=None) -> np.ndarray:
    """One MultiPolygon per grid (union of its units)."""
    order = np.argsort(unit_part, kind="stable")
    bounds = np.searchsorted(unit_part[order], np.arange(count + 1))
    out = np.empty(count, dtype=object)
    for g in range(count):
        if is_canceled is not None and g % 500 == 0 and is_canceled():
            raise CancelledError(translate("core", "Cancelled: nothing was written."))
        members = geoms[order[bounds[g] : bounds[g + 1]]]
        merged = members[0]
        if len(members) > 1:
            try:  # fast for clean coverages (shared vertices)
                merged = shapely.coverage_union_all(members)
                if not shapely.is_valid(merged):
                    raise shapely.errors.GEOSException("invalid coverage union")
            except shapely.errors.GEOSException:  # vertices not shared: the general union
                merged = shapely.union_all(members)
        out[g] = polygonal(merged) or shapely.MultiPolygon()
    return out


def _nest_violations(unit_part, nest_of, count) -> int:
    pairs = np.unique(np.column_stack([unit_part, nest_of]), axis=0)
    return int(np.sum(np.bincount(pairs[:, 0], minlength=count) > 1))
