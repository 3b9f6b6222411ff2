"""The shared vocabulary of the allocation: its settings, its result, the assignment instance.

At the bottom of the package: it imports nothing from its siblings.
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional

import numpy as np

from ..errors import InputError
from ..i18n import translate

METHOD_EXACT = "exact"
METHOD_HEURISTIC = "heuristic"

EPS = 1e-9


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
    lns_limit: int = 0  # (after column generation: slower and no better at 1,000 grids)
    #: HiGHS node limit of one neighbourhood.
    lns_node_limit: int = 10
    #: People in one neighbourhood (the nearest candidates of the grid with an open slot).
    lns_people: int = 12
    #: Largest number of candidate pairs for which the neighbourhoods are re-solved.
    lns_pair_limit: int = 100_000
    #: Rounds of column generation: pairs outside the candidates that the LP duals price
    #: below zero are added and the LP solved again (0 = the LP over the candidates only;
    #: the bound is then valid for plans within the candidates only).
    pricing_rounds: int = 8
    #: Penalties from the region's diameter (filling a place beats any travel at all)
    #: instead of the longest candidate pair (beats any travel within the candidates' reach).
    global_reach: bool = False
    #: Also the Lagrangian bound with a 0-1 knapsack per person (whole places) at the LP's
    #: duals (``knapsack``); the larger bound is kept.
    knapsack_bound: bool = True
    #: Most pairs added per grid and round of column generation.
    pricing_per_grid: int = 16

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
    #: Workload no plan can serve within capacity (population equivalents): the grids'
    #: workload above the roster's capacity, and places beyond the roster's head count.
    forced_unserved: float = 0.0
    #: True when the lower bound holds for every plan (all pairs priced), False when only for
    #: plans within the candidate pairs.
    bound_all_pairs: bool = False

    @property
    def shortfall_capacity(self) -> float:
        """Workload the roster cannot serve within capacity (unserved + overload)."""
        return self.unserved + self.overload


@dataclass
class Problem:
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
