"""Service grids from polygon units: balanced, contiguous, nested, compact, stable.

:func:`build_grids` is the whole job without QGIS: adjacency → per nest: number of grids,
oversized units, islands → partition (:mod:`partition`) of the units outside locked grids →
codes (:mod:`.division.codes`) → aggregates → dissolved grid polygons → quality figures. See
docs/manual/02-build-grids.md.
"""

import math
from dataclasses import dataclass, field, replace
from typing import (
    TYPE_CHECKING,
    AbstractSet,
    Callable,
    Dict,
    List,
    Optional,
    Sequence,
)

import numpy as np

from .adjacency import link_pieces, shared_boundaries
from .deps import shapely
from .errors import CancelledError, InputError, format_ids
from .grid_balance import (
    BalanceVariable,
    check_balance,
    income_dispersion,
    log_income,
    neighbourhood_density,
    one_tier_share,
    unit_targets,
    variable_report,
)
from .grid_counts import (  # noqa: F401 (apportion, choose_grid_count: re-exported)
    LockedGrids,
    apportion,
    choose_grid_count,
    grids_per_zone,
    size_messages,
)
from .grid_shapes import SUMMED, WEIGHTED, aggregate, dissolve, nest_violations  # noqa: F401
from .grid_zones import find_zones, zone_names
from .i18n import translate
from .partition import (
    PartitionWeights,
    count_non_contiguous,
)
from .zone_partition import income_terms, partition_zone, subgraph

if TYPE_CHECKING:
    from .barriers import BarrierCut, Barriers

__all__ = ["BalanceVariable", "GridOptions", "GridResult", "build_grids"]

#: The local search's homogeneity coefficient at the planner's weight 1 (calibrated on the
#: benchmark cities so that 1 gives clearly income-homogeneous grids within the tolerance).
HOMOGENEITY_SCALE = 1.0


def barrier_messages(cut: "BarrierCut") -> List[str]:
    """The log lines of a barrier cut."""
    lines = [
        translate(
            "core",
            "Barriers cut {n} adjacencies between units; {kept} near a barrier were kept "
            "because a crossing lies on them.",
        ).format(n=cut.cut, kept=cut.kept_by_crossing)
    ]
    if cut.skipped:
        lines.append(
            translate(
                "core",
                "{n} barrier or crossing geometries were empty, invalid or of the wrong kind "
                "and were skipped. Repair them (Processing ▸ Fix geometries) to use them.",
            ).format(n=cut.skipped)
        )
    return lines


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
    #: Income homogeneity: 0 (off) to 1 (strong): how much within-grid income dispersion
    #: counts against compactness (balance stays within the tolerance).
    homogeneity: float = 0.0
    #: Target population per density class (``urban_core``, ``urban``, ``suburban``,
    #: ``rural``; see :data:`.grid_balance.DENSITY_THRESHOLDS`), by the density of each unit
    #: with its neighbours; classes not given use ``target_population``.
    class_targets: Optional[Dict[str, float]] = None


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
    #: Per balance variable: CV, MIN_RATIO, MAX_RATIO, WITHIN_TOLERANCE (each grid against
    #: its own target).
    balance: Dict[str, Dict[str, float]] = field(default_factory=dict)
    #: Per grid: the population it should hold (its units' targets; the same for all grids
    #: without targets by area).
    grid_target: List[float] = field(default_factory=list)
    #: Per unit: its target population (targets by area), or ``None`` when every unit has the
    #: division's target.
    unit_target: Optional[np.ndarray] = None


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
    balance: Optional[Sequence[BalanceVariable]] = None,
    targets: Optional[Sequence] = None,
    barriers: Optional["Barriers"] = None,
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
    ``balance``: the variables to balance (default: population); ``targets``: a target
    population per unit (None: from ``options``); ``barriers``: lines grids do not cross
    (see :mod:`.barriers` and :mod:`.grid_zones`).
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
    if options.grid_count is None and not options.target_population and targets is None:
        raise InputError(
            translate("core", "Give either a target population per grid or a number of grids.")
        )
    if options.tolerance < 0 or options.tolerance >= 1:
        raise InputError(
            translate("core", "The tolerance must be between 0 and 1 (e.g. 0.1 for ±10 %).")
        )

    nest_codes = ["" if v is None else str(v) for v in nest] if nest is not None else [""] * n
    nest_names, nest_of = np.unique(np.array(nest_codes, dtype=object), return_inverse=True)
    nest_of = nest_of.reshape(-1)
    lock = LockedGrids(locked, nest_of, n)
    balance_vars, notes = check_balance(balance or (), pop, options.tolerance, names)
    messages.extend(notes)
    income, income_known = log_income(profile.get("income"), n)
    if options.homogeneity < 0 or options.homogeneity > 1:
        raise InputError(
            translate(
                "core", "The income homogeneity weight must be between 0 (off) and 1 (strong)."
            )
        )
    if options.homogeneity > 0 and not income_known.any():
        raise InputError(
            translate(
                "core",
                "Income-homogeneous grids need the units' income: choose the income per capita "
                "field (with values above 0), or set the homogeneity weight to 0.",
            )
        )
    step(2)

    # ---------------------------------------------------------------- geometry and adjacency
    area = shapely.area(geoms)
    perimeter = shapely.length(geoms)
    centroids = shapely.centroid(geoms)
    cx = shapely.get_x(centroids)
    cy = shapely.get_y(centroids)
    pairs, lengths = shared_boundaries(geoms)
    step(12)
    same_nest = nest_of[pairs[:, 0]] == nest_of[pairs[:, 1]] if len(pairs) else np.zeros(0, bool)
    nest_pairs = pairs[same_nest]
    nest_lengths = lengths[same_nest]
    stats_extra: Dict[str, float] = {}
    kept_pairs = np.ones(len(nest_pairs), dtype=bool)
    if barriers is not None:
        from .barriers import cut_by_barriers

        cut = cut_by_barriers(geoms, nest_pairs, barriers)
        kept_pairs = cut.keep
        stats_extra["BARRIER_CUTS"] = int(cut.cut)
        messages.extend(barrier_messages(cut))
    step(15)

    # ---------------------------------------------------------------- targets and zones
    unit_target, notes = unit_targets(
        n,
        options.target_population,
        targets,
        options.class_targets,
        neighbourhood_density(pop, area, pairs) if options.class_targets else np.zeros(n),
        names,
    )
    messages.extend(notes)
    if unit_target is None:
        scale = np.ones(n)
        t_ref = options.target_population
    else:
        t_ref = options.target_population or float(np.average(unit_target, weights=pop + 1e-9))
        scale = t_ref / unit_target
    load = pop * scale
    zones = find_zones(geoms, nest_of, lock.is_locked, nest_pairs, nest_pairs[kept_pairs])
    zone_label = zone_names(zones, nest_names, names)
    free = ~lock.is_locked
    zone_load = np.bincount(zones.of[free], weights=load[free], minlength=zones.count)
    has_free = np.bincount(zones.of[free], minlength=zones.count) > 0
    k_zone = grids_per_zone(
        zone_load, has_free, lock, options.grid_count, options.tolerance, t_ref, messages
    )
    if len(zones.split_nests()):
        messages.append(
            translate(
                "core",
                "Barriers divide {m} nest(s) into {z} areas that share no boundary except "
                "across a barrier; grids never cross a barrier, so each area has its own "
                "grids: {names}.",
            ).format(
                m=len(zones.split_nests()),
                z=sum(1 for z in range(zones.count) if zones.nest[z] in zones.split_nests()),
                names=format_ids(
                    [
                        zone_label[z]
                        for z in range(zones.count)
                        if zones.nest[z] in zones.split_nests()
                    ]
                ),
            )
        )
    # one grid's worth of each (scaled) balance variable in each zone
    scaled = balance_vars.values * scale[:, None]
    zone_sums = np.zeros((zones.count, balance_vars.count))
    for v in range(balance_vars.count):
        zone_sums[:, v] = np.bincount(
            zones.of[free], weights=scaled[free, v], minlength=zones.count
        )
    worth = zone_sums / np.maximum(np.array(k_zone, dtype=float), 1.0)[:, None]
    reference = float(t_ref) if t_ref else total / max(sum(k_zone) + lock.count, 1)

    # oversized units: alone above the maximum of a variable, they become grids of their own
    big = np.zeros(n, dtype=bool)
    free_idx = np.flatnonzero(free)
    if len(free_idx):
        z_of = zones.of[free_idx]
        many = np.array(k_zone, dtype=int)[z_of] > 1
        limit = worth[z_of] * (1 + balance_vars.tolerances)[None, :]
        over = np.any(scaled[free_idx] > limit, axis=1) & many
        big[free_idx[over]] = True
    if big.any():
        ids = np.flatnonzero(big)
        messages.append(
            translate(
                "core",
                "{n} unit(s) alone have more people than a grid may hold and each became "
                "a grid of its own: {ids}.",
            ).format(n=len(ids), ids=format_ids([names[i] for i in ids]))
        )
    if unit_target is None and options.target_population:
        size_messages(
            zone_load, k_zone, has_free, zone_label, reference, options.tolerance, messages
        )

    # pieces of a zone cut off by oversized or locked units join the nearest piece of it
    groups = zones.of.copy()
    alone = big | lock.is_locked
    groups[alone] = zones.count + np.arange(int(alone.sum()))
    zone_pairs = np.concatenate([nest_pairs[kept_pairs], zones.island_links])
    zone_lengths = np.concatenate([nest_lengths[kept_pairs], np.zeros(len(zones.island_links))])
    usable = (
        ~alone[zone_pairs[:, 0]] & ~alone[zone_pairs[:, 1]]
        if len(zone_pairs)
        else zone_pairs[:, 0] > 0
    )
    more_links = link_pieces(geoms, groups, zone_pairs[usable])
    virtual = (
        np.concatenate([zones.island_links, more_links]) if len(more_links) else zones.island_links
    )
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

    # ---------------------------------------------------------------- partition each zone
    unit_part = np.full(n, -1, dtype=np.int64)
    part_nest: List[int] = []
    part_zone: List[int] = []
    part_prev_id: List[Optional[str]] = []
    kept = 0
    prev = None
    if previous is not None:
        prev = np.array(["" if v is None else str(v) for v in previous], dtype=object)
    all_pairs = np.concatenate([zone_pairs, more_links]) if len(more_links) else zone_pairs
    all_lengths = (
        np.concatenate([zone_lengths, np.zeros(len(more_links))])
        if len(more_links)
        else zone_lengths
    )
    combined = balance_vars.combined(scale) * max(total, 1.0)
    search_weights = replace(options.weights, homogeneity=options.homogeneity * HOMOGENEITY_SCALE)
    done_load = 0.0
    for z in np.argsort(-zone_load, kind="stable"):
        members = np.flatnonzero((zones.of == z) & free)
        if len(members) == 0:
            continue
        local = subgraph(members, all_pairs, all_lengths, combined, area, perimeter, cx, cy, n)
        big_local = big[members]
        k_total = max(int(k_zone[z]), 1)
        k_free = max(k_total - int(big_local.sum()), 1) if big_local.any() else k_total
        rest = members[~big_local]
        goal = scaled[rest].sum(axis=0) / k_free
        goal[goal <= 0] = 1.0
        loads = scaled[members] / goal[None, :]
        hom = None
        if options.homogeneity > 0:
            hom = income_terms(pop[members], income[members], income_known[members], k_free)
        parts, prev_ids = partition_zone(
            local,
            members,
            big_local,
            k_free,
            loads,
            balance_vars,
            hom,
            replace(options, weights=search_weights),
            prev,
            is_canceled,
        )
        base = len(part_nest)
        unit_part[members] = base + parts
        count = int(parts.max()) + 1
        part_nest.extend([int(zones.nest[z])] * count)
        part_zone.extend([int(z)] * count)
        part_prev_id.extend(prev_ids)
        if prev is not None:
            kept += int(
                sum(1 for i, p in zip(members, parts) if prev[i] and prev_ids[p] == prev[i])
            )
        done_load += zone_load[z]
        step(25 + 50 * done_load / max(float(zone_load.sum()), 1e-9))
    free_count = len(part_nest)
    lock.place(unit_part, part_nest, part_prev_id)
    part_zone.extend([-1] * lock.count)
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
    attributes = aggregate(unit_part, grid_count, pop, area, profile)
    step(80)
    geometries = dissolve(geoms, unit_part, grid_count, is_canceled)
    step(95)
    grid_area = shapely.area(geometries)
    grid_perimeter = shapely.length(geometries)
    with np.errstate(divide="ignore", invalid="ignore"):
        pp = np.where(grid_perimeter > 0, 4 * math.pi * grid_area / grid_perimeter**2, 0.0)
    attributes["polsby_popper"] = [round(float(v), 4) for v in pp]

    grid_pop = np.bincount(unit_part, weights=pop, minlength=grid_count)
    grid_load = np.bincount(unit_part, weights=load, minlength=grid_count)
    with np.errstate(divide="ignore", invalid="ignore"):
        grid_target = np.where(grid_load > 0, grid_pop / grid_load * reference, reference)
    mean = grid_pop.mean()
    goal_per_grid = np.zeros((grid_count, balance_vars.count))
    overall = scaled.sum(axis=0) / max(grid_count, 1)
    for p in range(grid_count):
        goal_per_grid[p] = worth[part_zone[p]] if part_zone[p] >= 0 else overall
    stats = {
        "GRID_COUNT": grid_count,
        "POPULATION_CV": float(grid_pop.std() / mean) if mean else 0.0,
        "MIN_RATIO": float(grid_pop.min() / mean) if mean else 0.0,
        "MAX_RATIO": float(grid_pop.max() / mean) if mean else 0.0,
        "NON_CONTIGUOUS": count_non_contiguous(n, all_pairs, unit_part),
        "NEST_VIOLATIONS": nest_violations(unit_part, nest_of, grid_count),
        "MEAN_POLSBY_POPPER": float(pp.mean()) if grid_count else 0.0,
        "WITHIN_TOLERANCE": float(
            np.mean(np.abs(grid_load / reference - 1) <= options.tolerance + 1e-9)
        ),
        "ISLAND_LINKS": int(len(virtual)),
        "TARGET_POPULATION": reference,
    }
    stats.update(stats_extra)
    dispersion = income_dispersion(unit_part, grid_count, profile.get("income"), pop)
    if dispersion is not None:
        stats["INCOME_DISPERSION"] = dispersion
        tiers = one_tier_share(unit_part, grid_count, profile.get("income"), pop)
        if tiers is not None:
            stats["ONE_TIER_SHARE"] = tiers
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
        balance=variable_report(unit_part, grid_count, balance_vars, scale, goal_per_grid),
        grid_target=[float(v) for v in grid_target],
        unit_target=unit_target,
    )
