"""Staff allocation: how many people each grid needs, and who covers which grid.

Plain numpy/scipy (no QGIS). Three steps, each usable on its own:

1. :func:`workload` — the workload of each grid, in *population equivalents*::

       workload = population × (1 + β × (demand_index / D̄ − 1)) + quality × C

   where D̄ is the population-weighted mean demand index of the grids that have one, β the
   demand weight (0–1, default 0.5), C the capacity of one person (STAFF_CAPACITY) and
   ``quality`` the extra staff suggested for the grid by a later service-quality run (e.g.
   ``staff_change``; may be negative). A grid without a demand index (or when D̄ = 0) counts
   its population. Dividing by the *population-weighted* mean keeps the total: the demand
   index shifts workload from low-demand to high-demand grids, but Σ workload = Σ population
   (before the quality term), so capacities stated in people keep their meaning. With β ≤ 1
   the factor is ≥ 1 − β ≥ 0. A negative result is clamped to 0.

2. :func:`recommend` — the recommended staff per grid. With a total headcount the total is
   apportioned exactly by **Webster / Sainte-Laguë** (:func:`webster`): grid *i* gets
   ``max(m, round(workload_i / d))`` people for a divisor *d* chosen so that the total is
   met; computed as "each further person goes to the grid with the highest
   ``workload / (n + ½)``". Why Webster: it is the divisor method without bias between large
   and small grids (Balinski & Young), it is house-monotone (no Alabama paradox: one more
   person never takes anybody from a grid) and population-monotone, and unlike
   Huntington–Hill it is defined for grids that may get 0 people (a minimum of 0).
   Without a total: ``max(m, ceil(workload / C))``.

3. :func:`assign` — named staff to grids. Each grid *i* has ``r_i`` *slots* (its
   recommended staff), each carrying ``s_i = workload_i / r_i``. A person *j* with capacity
   ``c_j`` may hold slots of several grids, never two slots of the same grid; their load is
   the sum of the slots they hold and never exceeds ``c_j`` in the model. Minimise
   (workloads in population equivalents, distances in km)::

       P_v · Σ_i uncovered_i                      every grid with r ≥ 1 gets somebody
     + P_z · Σ_i unfilled_slots_i × s_i           the recommended number of people
     + P_b · Σ_j max(0, load_j − ρ·c_j)           balance: load above the fair share
     + Σ_(i,j) assigned s_i × km(outlet_j, grid_i)        travel, weighted by workload

   with ρ = min(1, Σ slot workload / Σ capacity): if everybody had the same utilisation ρ
   the roster would be perfectly balanced, and load above that fair share costs P_b per
   unit. P_b = ``balance_km`` (default 5): relieving a person above their fair share of one
   unit of workload is worth sending it 5 km further. P_z = 2·(D + P_b) + 1, D the longest
   candidate distance: filling a slot always beats any travel or balance cost.
   P_v = 4·(P_z + D + P_b)·max(s) + 1: covering a grid beats filling the other slots it
   displaces. So the priorities are lexicographic: coverage, then the recommended head
   counts, then balance against travel at the stated rate.

   Then the **coverage step**: a grid that no arrangement within capacity covers (the
   roster is too small there) gets the candidate with the lowest utilisation after taking
   it (then the nearest). This is the only way anybody goes above capacity, and it is
   reported.

   Methods, chosen by ``method`` ("auto": by size):

   - **exact**: the model as a MILP solved by HiGHS (``scipy.optimize.milp``; binary
     assignment variables; continuous unfilled, uncovered and excess variables) when there
     are at most ``exact_pair_limit`` candidate pairs. HiGHS stops at ``mip_gap`` (relative
     gap between the solution and its proven lower bound) or at ``node_limit`` nodes
     (deterministic) or, as a safety net, after ``time_limit`` seconds; the gap reached is
     reported. The heuristic below runs first and the better of the two is kept.
   - **heuristic**: LP-guided rounding, regret greedy, local search and exact
     neighbourhoods; deterministic. (a) The LP relaxation of the model (HiGHS) gives a
     lower bound and fractional assignments; pairs are taken in order of their LP value
     where they fit, first one person per grid, then the other slots. (b) Open slots are
     filled by *regret*: the grid whose best and second-best candidates differ most is
     served first (costs re-evaluated lazily). (c) Local search until no move improves (at
     most ``max_passes`` passes): fill open slots, directly or along an *ejection chain*
     found breadth first (a candidate takes the slot and passes one of their grids on, and
     so on, until somebody has room, or the last one gives up a slot of a grid that keeps
     somebody else); shift a slot to another person; swap two slots between two people
     (beyond ``lns_pair_limit`` pairs only swaps that shorten travel). (d) Up to
     ``lns_limit`` neighbourhoods around grids that still have open slots (the grid's
     ``lns_people`` nearest candidates and all their grids, everybody else fixed) are
     re-solved as small MILPs (node-limited) and kept where better; only up to
     ``lns_pair_limit`` candidate pairs. The gap to the LP bound is reported; it is mostly
     the LP's freedom to split places between people, so it overstates the true gap when
     places stay open. Above ``lp_pair_limit`` pairs the LP step is skipped.

   Afterwards, grids that still have open slots get more candidates: the nearest people
   beyond their list who have room for a share, and the open slots are filled again (for
   every solution, the best one is kept).

   Candidates: for each grid its ``candidates_per_grid`` nearest people (at least
   2·r + 2; whole outlets in order of distance, then roster order) and for each person
   their ``grids_per_person`` nearest grids. Without outlets every distance is 0 and the
   candidates are all pairs when few enough, else a rotation over the roster.
"""

import heapq
import math
import warnings
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .errors import CancelledError, InputError, format_ids
from .i18n import translate

METHOD_EXACT = "exact"
METHOD_HEURISTIC = "heuristic"

_EPS = 1e-9


@dataclass
class AllocationOptions:
    """Every setting of the allocation (the Processing parameters and the tuning constants)."""

    #: Minimum staff per grid (MIN_STAFF_PER_GRID).
    min_staff: int = 1
    #: Total headcount to apportion (TOTAL_STAFF); 0 = ceil(workload / staff_capacity).
    total_staff: int = 0
    #: Population one person can serve (STAFF_CAPACITY): recommendation and default capacity.
    staff_capacity: float = 10000.0
    #: β in the workload formula (0 = population only, 1 = fully by demand index).
    demand_weight: float = 0.5
    #: People considered for each grid (nearest first, whole outlets); at least 2·r + 2.
    candidates_per_grid: int = 24
    #: Grids considered for each person (nearest first), so that nobody is out of reach.
    grids_per_person: int = 4
    #: Travel (km) worth spending to relieve a person above their fair share of one unit.
    balance_km: float = 5.0
    #: "auto" (exact when small enough), "exact" or "heuristic".
    method: str = "auto"
    #: Largest number of candidate pairs solved by the MILP ("auto").
    exact_pair_limit: int = 5_000
    #: Largest number of candidate pairs for the LP step of the heuristic.
    lp_pair_limit: int = 2_000_000
    #: HiGHS branch-and-bound node limit (deterministic, unlike a time limit).
    node_limit: int = 200
    #: Safety time limit of the MILP, seconds (the heuristic's answer is kept if better).
    time_limit: float = 60.0
    #: Relative MIP gap at which HiGHS stops.
    mip_gap: float = 1e-3
    #: Largest number of local search passes.
    max_passes: int = 6
    #: Largest number of neighbourhoods re-solved exactly by the heuristic (0 = none).
    lns_limit: int = 10
    #: HiGHS node limit of one neighbourhood.
    lns_node_limit: int = 10
    #: People in one neighbourhood (the nearest candidates of the grid with an open slot).
    lns_people: int = 12
    #: Largest number of candidate pairs for which the neighbourhoods are re-solved.
    lns_pair_limit: int = 100_000

    def validate(self) -> None:
        if self.min_staff < 0:
            raise InputError(translate("core", "The minimum staff per grid cannot be negative."))
        if not self.staff_capacity > 0:
            raise InputError(
                translate(
                    "core", "The staff capacity (population one person can serve) must be above 0."
                )
            )
        if self.total_staff < 0:
            raise InputError(
                translate(
                    "core", "The total staff cannot be negative (0 = as many as recommended)."
                )
            )
        if not 0 <= self.demand_weight <= 1:
            raise InputError(translate("core", "The demand weight must be between 0 and 1."))
        if self.method not in ("auto", METHOD_EXACT, METHOD_HEURISTIC):
            raise ValueError("method must be auto, exact or heuristic")


# ---------------------------------------------------------------- 1. workload


def workload(
    population: Sequence,
    demand_index: Optional[Sequence] = None,
    quality: Optional[Sequence] = None,
    demand_weight: float = 0.5,
    staff_capacity: float = 10000.0,
) -> np.ndarray:
    """Workload per grid in population equivalents (see the module docstring).

    ``demand_index`` and ``quality`` may hold ``None`` (no value for that grid).
    """
    pop = np.asarray([0.0 if v is None else float(v) for v in population], dtype=float)
    out = pop.copy()
    if demand_index is not None:
        raw = [None if v is None else float(v) for v in demand_index]
        known = np.array([v is not None for v in raw])
        index = np.array([0.0 if v is None else v for v in raw], dtype=float)
        weight = pop[known].sum()
        mean = float((pop[known] * index[known]).sum() / weight) if weight > 0 else 0.0
        if mean > 0:
            factor = 1.0 + demand_weight * (index / mean - 1.0)
            out = np.where(known, pop * factor, pop)
    if quality is not None:
        extra = np.array([0.0 if v is None else float(v) for v in quality], dtype=float)
        out = out + extra * staff_capacity
    return np.maximum(out, 0.0)


# ---------------------------------------------------------------- 2. recommendation


def webster(weights: Sequence[float], total: int, minimum: int = 0) -> np.ndarray:
    """Apportion ``total`` seats by Webster / Sainte-Laguë with a minimum per grid.

    The result is exactly the sequential rule "start everybody at ``minimum``; give each
    further seat to the grid with the highest ``weight / (n + 0.5)``, ties to the lower
    index", so it is house-monotone. Raises :class:`InputError` when
    ``total < len(weights) × minimum``. With all weights 0 the seats are shared equally.
    """
    w = np.asarray(weights, dtype=float)
    count = len(w)
    need = count * minimum
    if total < need:
        raise InputError(
            translate(
                "core",
                "A total of {total} staff cannot give {grids} grids at least {minimum} each: that "
                "needs {need}. Raise TOTAL_STAFF to at least {need}, or lower "
                "MIN_STAFF_PER_GRID to {fit} (or 0), or set TOTAL_STAFF to 0 to get the "
                "recommended number.",
            ).format(
                total=total,
                grids=count,
                minimum=minimum,
                need=need,
                fit=total // count if count else 0,
            )
        )
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    if not (w > 0).any():
        w = np.ones(count)
    seats = total - need
    n = np.full(count, minimum, dtype=np.int64)
    if seats == 0:
        return n
    positive = w > 0
    # A divisor d gives n_i = max(m, floor(w_i / d + ½)); bisect d so that the total is
    # close, then finish seat by seat in priority order (exact, whatever floating point does).
    lo, hi = w.sum() / (total + count + 1.0), w.max() * 2.0 + 1.0

    def size(d):
        return np.maximum(minimum, np.floor(w / d + 0.5)).sum()

    for _ in range(100):
        mid = math.sqrt(lo * hi)
        if size(mid) > total:
            lo = mid
        else:
            hi = mid
        if hi / lo < 1 + 1e-12:
            break
    n = np.maximum(minimum, np.floor(w / hi + 0.5)).astype(np.int64)
    n[~positive] = minimum
    _webster_finish(w, n, total, minimum)
    return n


def _webster_finish(w: np.ndarray, n: np.ndarray, total: int, minimum: int) -> None:
    """Bring ``n`` to ``total`` seats and make it the top-``total`` set of Webster priorities.

    Taken seat k (k > minimum) of grid i has priority w_i / (k − ½); the next seat
    w_i / (n_i + ½). Order: priority descending, then grid index ascending.
    """

    def next_key(i):  # smaller is better
        return (-w[i] / (n[i] + 0.5), i)

    def last_key(i):  # larger is worse
        return (-w[i] / (n[i] - 0.5), i)

    while True:
        add = [next_key(i) for i in range(len(w)) if w[i] > 0]
        heapq.heapify(add)
        while n.sum() < total:
            _key, i = heapq.heappop(add)
            n[i] += 1
            heapq.heappush(add, next_key(i))
        drop = [tuple(-x for x in last_key(i)) for i in range(len(w)) if n[i] > minimum]
        heapq.heapify(drop)
        while n.sum() > total:
            _key, i = heapq.heappop(drop)
            i = -i
            n[i] -= 1
            if n[i] > minimum:
                heapq.heappush(drop, tuple(-x for x in last_key(i)))
        # prefix check: the best seat not taken must come after the worst seat taken
        taken = [last_key(i) for i in range(len(w)) if n[i] > minimum]
        untaken = [next_key(i) for i in range(len(w)) if w[i] > 0]
        if not taken or not untaken:
            return
        worst, best = max(taken), min(untaken)
        if best > worst:
            return
        n[worst[1]] -= 1
        n[best[1]] += 1


def recommend(workloads: Sequence[float], options: AllocationOptions) -> np.ndarray:
    """Recommended staff per grid (see the module docstring)."""
    w = np.asarray(workloads, dtype=float)
    if options.total_staff > 0:
        return webster(w, options.total_staff, options.min_staff)
    return np.maximum(options.min_staff, np.ceil(w / options.staff_capacity - 1e-9)).astype(
        np.int64
    )


# ---------------------------------------------------------------- 3. assignment


@dataclass
class Assignment:
    """The named assignment and everything reported about it (indexes into the inputs)."""

    #: Assignment pairs, sorted by grid then person: grid index and staff index.
    grid_index: np.ndarray
    staff_index: np.ndarray
    #: People assigned per grid; load (population equivalents) and utilisation per person.
    assigned: np.ndarray
    load: np.ndarray
    utilisation: np.ndarray
    #: Grids (indexes) with r ≥ 1 and nobody (only when there are no candidates at all).
    uncovered: List[int]
    #: Grids with fewer people than recommended → how many are missing.
    understaffed: Dict[int, int]
    #: People above capacity (coverage step) → load above capacity.
    overloaded: Dict[int, float]
    #: Workload of the slots nobody holds, the sum of overloads, and the capacity left
    #: unused (population equivalents).
    unserved: float
    overload: float
    idle: float
    #: Σ slot workload × km (population equivalents × km) and its mean (km).
    travel: float
    mean_travel_km: float
    max_utilisation: float
    #: The model objective (before the coverage step) and the best proven lower bound (both
    #: in the solver's units), their relative gap, and how it was minimised.
    objective: float
    lower_bound: Optional[float]
    gap: Optional[float]
    method: str
    exact: bool
    candidate_pairs: int
    messages: List[str] = field(default_factory=list)

    @property
    def shortfall_capacity(self) -> float:
        """Workload the roster cannot serve within capacity (unserved + overload)."""
        return self.unserved + self.overload


@dataclass
class _Problem:
    """The assignment instance over candidate pairs (sorted by grid, distance, person)."""

    slots: np.ndarray  # r_i (at most the number of people)
    size: np.ndarray  # s_i (in units of the mean slot)
    capacity: np.ndarray  # c_j (same units)
    fair: np.ndarray  # ρ c_j
    pair_grid: np.ndarray
    pair_staff: np.ndarray
    pair_km: np.ndarray
    start: np.ndarray  # offsets of each grid's pairs
    p_v: float
    p_z: float
    p_b: float
    #: Grids that need somebody (default: r ≥ 1); a neighbourhood's grid already held by
    #: somebody outside it does not.
    cover: Optional[np.ndarray] = None

    @property
    def needs_cover(self) -> np.ndarray:
        return self.slots >= 1 if self.cover is None else self.cover

    @property
    def grids(self) -> int:
        return len(self.slots)

    @property
    def people(self) -> int:
        return len(self.capacity)


def candidate_pairs(
    grid_xy: np.ndarray, staff_xy: np.ndarray, slots: np.ndarray, options: AllocationOptions
) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate (grid, person, km) pairs when people have locations (their outlet)."""
    from scipy.spatial import cKDTree

    grids, people = len(grid_xy), len(staff_xy)
    per_grid = np.minimum(np.maximum(options.candidates_per_grid, 2 * slots + 2), people)
    # people grouped by location: whole outlets, nearest first, then roster order
    locations, person_location = np.unique(staff_xy, axis=0, return_inverse=True)
    person_location = person_location.ravel()
    members = np.lexsort((np.arange(people), person_location))
    counts = np.bincount(person_location, minlength=len(locations))
    first = np.concatenate(([0], np.cumsum(counts)))
    tree = cKDTree(locations)
    k = 1
    while True:
        k = min(k, len(locations))
        _dist, idx = tree.query(grid_xy, k=k)
        idx = np.asarray(idx).reshape(grids, k)
        reach = counts[idx].sum(axis=1)
        if k == len(locations) or (reach >= per_grid).all():
            break
        k *= 2
    cum = np.cumsum(counts[idx], axis=1)
    # outlets needed per grid: up to and including the one that reaches per_grid people
    used = np.minimum((cum < per_grid[:, None]).sum(axis=1) + 1, k)
    gi, sj = [], []
    for i in range(grids):
        chosen = np.concatenate(
            [members[first[loc] : first[loc + 1]] for loc in idx[i, : used[i]]]
        )[: per_grid[i]]
        gi.append(np.full(len(chosen), i, dtype=np.int64))
        sj.append(chosen.astype(np.int64))
    if options.grids_per_person > 0 and grids:
        kg = min(options.grids_per_person, grids)
        _dist, gidx = cKDTree(grid_xy).query(locations, k=kg)
        near = np.asarray(gidx).reshape(len(locations), kg)[person_location]
        gi.append(near.ravel().astype(np.int64))
        sj.append(np.repeat(np.arange(people, dtype=np.int64), kg))
    pg, ps = np.concatenate(gi), np.concatenate(sj)
    key = np.unique(pg * people + ps)
    pg, ps = key // people, key % people
    km = np.hypot(grid_xy[pg, 0] - staff_xy[ps, 0], grid_xy[pg, 1] - staff_xy[ps, 1]) / 1000.0
    return pg, ps, km


def candidate_pairs_without_locations(
    grids: int, people: int, slots: np.ndarray, options: AllocationOptions
):
    """Candidate pairs when nobody has a location (every distance 0)."""
    if grids * people <= options.exact_pair_limit:
        pg = np.repeat(np.arange(grids, dtype=np.int64), people)
        ps = np.tile(np.arange(people, dtype=np.int64), grids)
        return pg, ps, np.zeros(len(pg))
    per_grid = np.minimum(np.maximum(options.candidates_per_grid, 2 * slots + 2), people)
    pg = np.repeat(np.arange(grids, dtype=np.int64), per_grid)
    offsets = np.concatenate([np.arange(k, dtype=np.int64) for k in per_grid])
    base = (np.arange(grids, dtype=np.int64) * people) // max(grids, 1)
    ps = (np.repeat(base, per_grid) + offsets) % people
    key = np.unique(pg * people + ps)
    pg, ps = key // people, key % people
    return pg, ps, np.zeros(len(pg))


def _build_problem(slots, size, capacity, pg, ps, km, options) -> _Problem:
    order = np.lexsort((ps, km, pg))
    pg, ps, km = pg[order], ps[order], km[order]
    start = np.searchsorted(pg, np.arange(len(slots) + 1))
    demand = float((slots * size).sum())
    total_capacity = float(capacity.sum())
    rho = min(1.0, demand / total_capacity) if total_capacity > 0 else 1.0
    reach = float(km.max()) if len(km) else 0.0
    p_b = float(options.balance_km)
    p_z = 2.0 * (reach + p_b) + 1.0
    biggest = float(size.max()) if len(size) else 1.0
    p_v = 4.0 * (p_z + reach + p_b) * max(biggest, 1.0) + 1.0
    return _Problem(
        slots.astype(np.int64),
        size.astype(float),
        capacity.astype(float),
        rho * capacity.astype(float),
        pg,
        ps,
        km,
        start,
        p_v,
        p_z,
        p_b,
    )


def assign(
    grid_xy: Optional[np.ndarray],
    workloads: Sequence[float],
    recommended: Sequence[int],
    capacity: Sequence[float],
    staff_xy: Optional[np.ndarray] = None,
    options: Optional[AllocationOptions] = None,
    progress=None,
    is_canceled=None,
) -> Assignment:
    """Assign people to grids (see the module docstring).

    ``grid_xy``: a representative point per grid (metres); ``staff_xy``: the location of each
    person's outlet (metres), or ``None`` for no travel; ``capacity``: per person, in
    population equivalents (> 0).
    """
    options = options or AllocationOptions()
    w = np.asarray(workloads, dtype=float)
    slots = np.asarray(recommended, dtype=np.int64)
    cap = np.asarray(capacity, dtype=float)
    grids, people = len(w), len(cap)
    if people == 0:
        raise InputError(
            translate(
                "core",
                "There is nobody to assign: the roster has no active staff with a capacity "
                "above 0.",
            )
        )
    size = np.where(slots > 0, w / np.maximum(slots, 1), 0.0)
    # one slot per person and grid: slots beyond the roster's head count stay open
    slots_model = np.minimum(slots, people)
    if staff_xy is None:
        pg, ps, km = candidate_pairs_without_locations(grids, people, slots_model, options)
    else:
        pg, ps, km = candidate_pairs(
            np.asarray(grid_xy, dtype=float),
            np.asarray(staff_xy, dtype=float),
            slots_model,
            options,
        )
    positive = size[slots_model > 0]
    unit = float(positive.mean()) if len(positive) and positive.mean() > 0 else 1.0
    p = _build_problem(slots_model, size / unit, cap / unit, pg, ps, km, options)
    method = options.method
    if method == "auto":
        method = METHOD_EXACT if len(pg) <= options.exact_pair_limit else METHOD_HEURISTIC
    messages: List[str] = []

    def tick(value):
        if progress is not None:
            progress(value)
        if is_canceled is not None and is_canceled():
            raise CancelledError(translate("core", "Cancelled: nothing was written."))

    lp_x, bound = None, None
    if len(pg) <= options.lp_pair_limit:
        lp_x, bound = _solve_lp(p)
    tick(20.0)
    state = _State(p)
    if lp_x is not None:
        _round_lp(state, lp_x)
    _greedy_fill(state, tick)
    tick(50.0)
    _local_search(state, options, tick)
    solved = 0
    if method == METHOD_HEURISTIC and len(pg) <= options.lns_pair_limit:
        solved = _neighbourhoods(state, options, tick)
    label = (
        "heuristic: LP-guided rounding, regret greedy, local search"
        if lp_x is not None
        else "heuristic: regret greedy, local search"
    )
    if solved:
        label += ", {} neighbourhoods re-solved by MILP".format(solved)
    # (state, value within the candidate pairs, label, proven optimal)
    solutions = [(state, state.objective(), label, False)]
    if method == METHOD_EXACT:
        tick(80.0)
        milp_taken, status, gap, dual = _solve_milp(p, options)
        if dual is not None:
            bound = dual if bound is None else max(bound, dual)
        if milp_taken is not None:
            candidate = _State(p)
            candidate.set(milp_taken)
            optimal = status == 0
            text = (
                "exact: MILP (HiGHS), optimal"
                if optimal
                else "MILP (HiGHS) stopped at its node or time limit"
            )
            if gap is not None:
                text += " (gap {:.2g} %)".format(100.0 * gap)
            solutions.insert(0, (candidate, candidate.objective(), text, optimal))
    tick(90.0)
    # grids left without enough people get candidates further away; keep the best result
    finals = []
    for candidate, _value, _text, optimal in solutions:
        further = _reach_further(
            candidate, grid_xy if staff_xy is not None else None, staff_xy, options, tick
        )
        finals.append((candidate.objective(), -int(optimal), len(finals), further))
    _final, _opt, index, further = min(finals)
    state, value, label, exact = solutions[index]
    if index == len(solutions) - 1 and len(solutions) > 1:
        label += " (better than the MILP's best solution)"
    if further:
        messages.append(
            translate(
                "core",
                "{n} grid(s) had no candidate with room nearby; people with room further away "
                "were considered for them.",
            ).format(n=further)
        )
    relgap = None
    if bound is not None and value > 0:
        relgap = max(0.0, (value - bound) / value)
    _cover_with_overload(state)
    return _report(p, state, unit, slots, value, bound, relgap, label, exact, messages)


# ---------------------------------------------------------------- LP and MILP (HiGHS)


def _model_arrays(p: _Problem):
    """Cost, variable bounds and constraints of the model; variables:
    x (pairs) | z (unfilled slots per grid) | v (uncovered) | b (load above fair share)."""
    from scipy.sparse import coo_matrix, hstack, vstack

    n, g, s = len(p.pair_grid), p.grids, p.people
    size_pair = p.size[p.pair_grid]
    cost = np.concatenate(
        [
            size_pair * p.pair_km,
            p.p_z * p.size,
            np.where(p.needs_cover, p.p_v, 0.0),
            np.full(s, p.p_b),
        ]
    )
    cols = np.arange(n)
    by_grid = coo_matrix((np.ones(n), (p.pair_grid, cols)), shape=(g, n))
    by_staff = coo_matrix((size_pair, (p.pair_staff, cols)), shape=(s, n))
    eye_g = coo_matrix((np.ones(g), (np.arange(g), np.arange(g))), shape=(g, g))
    eye_s = coo_matrix((np.ones(s), (np.arange(s), np.arange(s))), shape=(s, s))

    def zeros(rows, columns):
        return coo_matrix((rows, columns))

    matrix = vstack(
        [
            hstack([by_grid, eye_g, zeros(g, g), zeros(g, s)]),  # Σx + z = r
            hstack([by_grid, zeros(g, g), eye_g, zeros(g, s)]),  # Σx + v ≥ 1
            hstack([by_staff, zeros(s, g), zeros(s, g), zeros(s, s)]),  # Σ s x ≤ c
            hstack([by_staff, zeros(s, g), zeros(s, g), -eye_s]),  # Σ s x − b ≤ ρ c
        ]
    ).tocsr()
    slots = p.slots.astype(float)
    lower = np.concatenate([slots, np.where(p.needs_cover, 1.0, 0.0), np.full(2 * s, -np.inf)])
    upper = np.concatenate([slots, np.full(g, np.inf), p.capacity, p.fair])
    var_upper = np.concatenate([np.ones(n), slots, np.ones(g), np.full(s, np.inf)])
    return cost, var_upper, matrix, lower, upper


def _highs(
    p: _Problem,
    integer: bool,
    options: Optional[AllocationOptions] = None,
    limits: Optional[dict] = None,
):
    from scipy.optimize import Bounds, LinearConstraint, milp

    cost, var_upper, matrix, lower, upper = _model_arrays(p)
    integrality = np.zeros(len(cost))
    settings = {"disp": False, "presolve": True}
    if integer:
        integrality[: len(p.pair_grid)] = 1
        settings.update(
            limits
            or {
                "node_limit": int(options.node_limit),
                "time_limit": float(options.time_limit),
                "mip_rel_gap": float(options.mip_gap),
            }
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return milp(
            cost,
            integrality=integrality,
            bounds=Bounds(np.zeros(len(cost)), var_upper),
            constraints=LinearConstraint(matrix, lower, upper),
            options=settings,
        )


def _solve_lp(p: _Problem):
    """The LP relaxation: fractional x and the lower bound, or (None, None)."""
    result = _highs(p, integer=False)
    if result.status != 0 or result.x is None:
        return None, None
    return result.x[: len(p.pair_grid)], float(result.fun)


def _solve_milp(p: _Problem, options: AllocationOptions):
    """(taken pairs or None, status, gap, dual bound) of the MILP."""
    result = _highs(p, integer=True, options=options)
    gap = getattr(result, "mip_gap", None)
    dual = getattr(result, "mip_dual_bound", None)
    dual = float(dual) if dual is not None and np.isfinite(dual) else None
    if result.x is None:
        return None, result.status, gap, dual
    return result.x[: len(p.pair_grid)] > 0.5, result.status, gap, dual


# ---------------------------------------------------------------- heuristic


class _State:
    """A mutable assignment: people per grid, grids per person, loads."""

    def __init__(self, p: _Problem):
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
        return load <= self.cap[j] + _EPS

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
        p = self.p
        total = 0.0
        for i, people in enumerate(self.holders):
            s = self.size[i]
            if p.slots[i] >= 1 and not people:
                total += p.p_v
            total += p.p_z * max(0, int(p.slots[i]) - len(people)) * s
            total += sum(s * self.km[(i, j)] for j in people)
        return total + sum(self.excess(j, self.load[j]) for j in range(p.people))

    def taken(self) -> np.ndarray:
        p = self.p
        chosen = {(i, j) for i, people in enumerate(self.holders) for j in people}
        return np.fromiter(
            ((i, j) in chosen for i, j in zip(p.pair_grid.tolist(), p.pair_staff.tolist())),
            dtype=bool,
            count=len(p.pair_grid),
        )


def _round_lp(state: _State, lp_x: np.ndarray) -> None:
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


def _greedy_fill(state: _State, tick) -> None:
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
            if best[0] < -_EPS:
                state.add(i, best[1])
                if phase == 1 and len(state.holders[i]) < p.slots[i]:
                    nb, ns = state.best_two(i)
                    if nb[1] >= 0:
                        heapq.heappush(heap, (-_regret(nb, ns), i, 0))
            steps += 1
            if steps % 2000 == 0:
                tick(20.0 + 15.0 * phase + 15.0 * min(1.0, steps / max(p.grids, 1)))


def _fill(state: _State, grids) -> int:
    """Fill the open slots of ``grids``: directly, or along an ejection chain."""
    moves = 0
    for i in grids:
        while len(state.holders[i]) < state.p.slots[i]:
            best, _second = state.best_two(i)
            if best[1] >= 0 and best[0] < -_EPS:
                state.add(i, best[1])
            elif not _augment(state, i):
                break
            moves += 1
    return moves


def _local_search(state: _State, options: AllocationOptions, tick) -> None:
    """Fill / eject, shift and swap moves (all within capacity) until none improves.
    Swaps that only relieve a person above their fair share are tried up to
    ``lns_pair_limit`` candidate pairs (beyond, swaps must shorten travel)."""
    p = state.p
    balance_swaps = len(p.pair_grid) <= options.lns_pair_limit
    for npass in range(options.max_passes):
        moves = _fill(state, range(p.grids))
        tick(50.0 + 30.0 * (npass + 0.3) / options.max_passes)
        for i in range(p.grids):
            for j in list(state.holders[i]):
                moves += _shift(state, i, j)
        tick(50.0 + 30.0 * (npass + 0.6) / options.max_passes)
        for i in range(p.grids):
            for j in list(state.holders[i]):
                if j in state.holders[i] and (
                    state.km[(i, j)] > state.nearest[i] + _EPS
                    or (balance_swaps and state.load[j] > state.fair[j] + _EPS)
                ):
                    moves += _swap(state, i, j, balance_swaps)
        tick(50.0 + 30.0 * (npass + 1.0) / options.max_passes)
        if not moves:
            break


def _shift(state: _State, i: int, j: int) -> int:
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


def _swap(state: _State, i: int, j: int, balance: bool = True) -> int:
    """Exchange grid i (person j) with a grid i2 of a candidate k of grid i, if better."""
    si = state.size[i]
    lj = state.load[j]
    km = state.km
    excess = state.excess
    base_j = excess(j, lj)
    km_ij = km[(i, j)]
    holders_i = state.holders[i]
    cand_sets = state.cand_sets
    best = (-1e-9, None)
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


def _augment(state: _State, i: int, max_depth: int = 12, budget: int = 50000) -> bool:
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
    queue = []
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
        if need <= room + _EPS:
            if acc + state.excess(j, load + need) - base < -_EPS:
                _apply_chain(state, path)
                return True
            continue
        if len(path) >= max_depth:
            continue
        moved = {g for g, _a, _b in path}
        for g in state.held[j]:
            s_g = state.size[g]
            if g in moved or need - s_g > room + _EPS:
                continue
            after = acc + state.excess(j, load + need - s_g) - base - s_g * km[(g, j)]
            # end the chain by giving up a slot of a grid that keeps somebody
            if len(state.holders[g]) >= 2 and after + p.p_z * s_g < -_EPS:
                _apply_chain(state, path + ((g, j, -1),))
                return True
            for k in state.cands[g]:
                if k in visited or k in state.holders[g]:
                    continue
                visited.add(k)
                queue.append((k, s_g, path + ((g, j, k),), after + s_g * km[(g, k)]))
    return False


def _apply_chain(state: _State, path) -> None:
    """Apply the moves of an ejection chain: (grid, from, to), −1 for nobody."""
    for grid, source, target in path:
        if source >= 0:
            state.remove(grid, source)
        if target >= 0:
            state.add(grid, target)


def _neighbourhoods(state: _State, options: AllocationOptions, tick) -> int:
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
        members = set(people)
        grids = sorted({i}.union(*(state.held[j] for j in people)))
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
        sub = _Problem(
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
        result = _highs(
            sub,
            integer=True,
            limits={
                "node_limit": int(options.lns_node_limit),
                "time_limit": 10.0,
                "mip_rel_gap": 1e-6,
                "presolve": False,
            },
        )
        solved += 1
        tick(80.0)
        if result.x is None:
            continue
        before = state.objective()
        old = [(g, j) for g in grids for j in state.holders[g] if j in members]
        for g, j in old:
            state.remove(g, j)
        chosen = np.flatnonzero(result.x[: len(pg)] > 0.5)
        new = [(grids[pg[k]], people[ps[k]]) for k in chosen.tolist()]
        for g, j in new:
            state.add(g, j)
        if state.objective() > before - 1e-9:
            for g, j in new:
                state.remove(g, j)
            for g, j in old:
                state.add(g, j)
    return solved


def _reach_further(
    state: _State,
    grid_xy: Optional[np.ndarray],
    staff_xy: Optional[np.ndarray],
    options: AllocationOptions,
    tick,
) -> int:
    """Grids with open slots get more candidates: the nearest people (beyond their list)
    with room for one of their slots; then open slots are filled again. Returns the number of
    grids that got more candidates."""
    p = state.p
    open_grids = [i for i in range(p.grids) if len(state.holders[i]) < p.slots[i]]
    if not open_grids:
        return 0
    room = np.asarray(state.cap) - state.load
    extended = 0
    for i in open_grids:
        s = state.size[i]
        mask = room >= s - _EPS
        mask[list(state.cand_sets[i])] = False
        people = np.flatnonzero(mask)
        if not len(people):
            continue
        if staff_xy is not None:
            km = (
                np.hypot(staff_xy[people, 0] - grid_xy[i, 0], staff_xy[people, 1] - grid_xy[i, 1])
                / 1000.0
            )
        else:
            km = np.zeros(len(people))
        order = np.lexsort((people, km))[: options.candidates_per_grid]
        for j, d in zip(people[order].tolist(), km[order].tolist()):
            state.cands[i].append(j)
            state.cand_sets[i].add(j)
            state.km[(i, j)] = d
        extended += 1
    if extended:
        _fill(state, open_grids)
        tick(95.0)
    return extended


def _cover_with_overload(state: _State) -> None:
    """Give every grid still without anybody the candidate with the lowest utilisation
    after taking it (then the nearest): the only place where a person may go above
    capacity, spread over the people who can reach the grid."""
    p = state.p
    for i in range(p.grids):
        if p.slots[i] < 1 or state.holders[i] or not state.cands[i]:
            continue
        s = state.size[i]

        def key(j, i=i, s=s):
            return ((state.load[j] + s) / state.cap[j], state.km[(i, j)], j)

        state.add(i, min(state.cands[i], key=key))


# ---------------------------------------------------------------- report


def _report(
    p: _Problem,
    state: _State,
    unit: float,
    slots: np.ndarray,
    value: float,
    bound: Optional[float],
    gap: Optional[float],
    label: str,
    exact: bool,
    messages: List[str],
) -> Assignment:
    pairs = sorted((i, j) for i, people in enumerate(state.holders) for j in people)
    gi = np.array([i for i, _j in pairs], dtype=np.int64)
    sj = np.array([j for _i, j in pairs], dtype=np.int64)
    assigned = np.bincount(gi, minlength=p.grids)
    size = p.size * unit
    load = np.bincount(sj, weights=size[gi], minlength=p.people)
    capacity = p.capacity * unit
    utilisation = np.divide(load, capacity, out=np.zeros_like(load), where=capacity > 0)
    uncovered = [int(i) for i in np.flatnonzero((slots >= 1) & (assigned == 0))]
    missing = np.maximum(slots - assigned, 0)
    understaffed = {int(i): int(missing[i]) for i in np.flatnonzero(missing > 0)}
    over = np.maximum(load - capacity, 0.0)
    overloaded = {int(j): float(over[j]) for j in np.flatnonzero(over > 1e-6 * unit)}
    km = np.array([state.km[pair] for pair in pairs]) if pairs else np.zeros(0)
    travel = float((size[gi] * km).sum())
    served = float(size[gi].sum())
    return Assignment(
        grid_index=gi,
        staff_index=sj,
        assigned=assigned,
        load=load,
        utilisation=utilisation,
        uncovered=uncovered,
        understaffed=understaffed,
        overloaded=overloaded,
        unserved=float((missing * size).sum()),
        overload=float(over[over > 1e-6 * unit].sum()),
        idle=float(np.maximum(capacity - load, 0.0).sum()),
        travel=travel,
        mean_travel_km=travel / served if served > 0 else 0.0,
        max_utilisation=float(utilisation.max()) if len(utilisation) else 0.0,
        objective=value,
        lower_bound=bound,
        gap=gap,
        method=label,
        exact=exact,
        candidate_pairs=len(p.pair_grid),
        messages=messages,
    )


def shortfall_message(
    result: Assignment,
    grid_ids: Sequence,
    staff_ids: Sequence,
    staff_capacity: float,
    total_workload: float,
    total_capacity: float,
) -> Optional[str]:
    """What the roster lacks, for the log, or ``None`` when every grid has its people."""
    if not (result.uncovered or result.understaffed or result.overloaded):
        return None
    people = int(math.ceil(result.shortfall_capacity / staff_capacity - 1e-9))
    parts = [
        translate(
            "core",
            "The roster is too small: {missing:,.0f} population equivalents of workload are not "
            "served within capacity (about {people} more people at {capacity:,.0f} each). The "
            "grids need {workload:,.0f} in all; the active staff can serve {available:,.0f}.",
        ).format(
            missing=result.shortfall_capacity,
            people=people,
            capacity=staff_capacity,
            workload=total_workload,
            available=total_capacity,
        )
    ]
    if result.understaffed and result.idle >= 0.005 * total_capacity:
        parts.append(
            translate(
                "core",
                "{idle:,.0f} of the staff's capacity is left over in pieces too small for one more "
                "share of a grid within reach: a smaller STAFF_CAPACITY (smaller shares) or more "
                "people at the busiest outlets use it better.",
            ).format(idle=result.idle)
        )
    if result.uncovered:
        parts.append(
            translate("core", "Grids without anybody ({n}): {ids}.").format(
                n=len(result.uncovered), ids=format_ids([grid_ids[i] for i in result.uncovered])
            )
        )
    if result.understaffed:
        items = ["{} (−{})".format(grid_ids[i], k) for i, k in result.understaffed.items()]
        parts.append(
            translate("core", "Grids with fewer people than recommended ({n}): {ids}.").format(
                n=len(items), ids=format_ids(items)
            )
        )
    if result.overloaded:
        items = ["{} (+{:,.0f})".format(staff_ids[j], v) for j, v in result.overloaded.items()]
        parts.append(
            translate(
                "core", "Staff above their capacity, to cover a grid nobody else can ({n}): {ids}."
            ).format(n=len(items), ids=format_ids(items))
        )
    return " ".join(parts)
