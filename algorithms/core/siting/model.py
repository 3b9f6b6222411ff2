"""Shared vocabulary of outlet siting: constants, result records, and the two calls every
solver makes (the cancellation check and the HiGHS MILP). Imports nothing from its siblings.
"""

import math
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Tuple, Union

import numpy as np

from ..errors import CancelledError, InputError
from ..i18n import translate
from ..solver_process import milp

METHODS = ("coverage", "pmedian")

#: Default service radius (metres).
DEFAULT_RADIUS = 3000.0
#: Population one member of staff can serve, to turn an outlet's capacity in staff into people.
DEFAULT_POPULATION_PER_STAFF = 10000.0
#: Exact solves are tried automatically (``exact="auto"``) up to these sizes: p-median arcs
#: (point–site pairs closer than the nearest existing outlet), coverage points × sites.
AUTO_EXACT_PMEDIAN_ARCS = 40_000
AUTO_EXACT_COVERAGE_PAIRS = 200_000
#: Time limit of an automatic exact solve (seconds); the heuristic result is kept otherwise.
AUTO_EXACT_SECONDS = 10.0
#: The capacity-aware p-median solves its LP and MILP over each point's nearest sites up to
#: this many point–site arcs; beyond, it sites without capacities and assigns with them.
CAPACITATED_ARCS_PER_POINT = 20
CAPACITATED_MILP_ARCS = 60_000
#: When the outlets cannot hold everybody, every capacity is raised to the shortfall times
#: this margin (whole grids rarely fill outlets exactly).
SHORTFALL_MARGIN = 1.03

#: ``is_canceled`` callbacks: true when the user asked to stop.
IsCanceled = Optional[Callable[[], bool]]


def check_cancel(is_canceled: IsCanceled) -> None:
    if is_canceled is not None and is_canceled():
        raise CancelledError(translate("core", "Cancelled: nothing was written."))


def no_capacity_error() -> InputError:
    """The error raised when the outlets can hold nobody."""
    return InputError(
        translate(
            "core",
            "The outlets have no capacity: give them a capacity (staff) above 0 "
            "or switch off the capacity-aware assignment.",
        )
    )


def run_milp(c, A, lo, hi, integrality, bounds, time_limit=None, gap=1e-9):
    """:func:`scipy.optimize.milp` (HiGHS) over the rows ``lo ≤ A x ≤ hi``, quietly."""
    from scipy.optimize import LinearConstraint  # milp: scipy ≥ 1.9 (deps: "scipy.milp")

    options = {"disp": False, "mip_rel_gap": gap}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    return milp(
        c,
        constraints=LinearConstraint(A, lo, hi),
        integrality=integrality,
        bounds=bounds,
        options=options,
    )


def dual_bound(res: Any) -> float:
    """The MILP's dual bound (NaN when HiGHS did not report one)."""
    bound = getattr(res, "mip_dual_bound", None)
    return float(bound) if bound is not None else math.nan


@dataclass
class ExactResult:
    chosen: List[int]
    objective: float
    optimal: bool
    bound: float
    seconds: float


@dataclass
class ModelSolution:
    """A solution of the capacitated model (:class:`~.capacitated.CapacitatedModel`)."""

    chosen: List[int]  # opened free sites (rows of D)
    assignment: np.ndarray  # site row per point
    objective: float  # Σ w d (without penalties)
    overload: float  # people above capacity in total
    optimal: bool
    bound: float


@dataclass
class SitingResult:
    """What :func:`site_outlets` found. Outlet rows are the existing outlets (in input order)
    followed by the chosen candidates (in candidate order)."""

    method: str
    #: Indices of the chosen candidates (ascending).
    chosen: List[int]
    #: Per outlet row: index among the existing outlets or among the candidates; new or not.
    outlet_source: np.ndarray
    outlet_is_new: np.ndarray
    #: Per demand point: outlet row, distance (m), within the radius of any open outlet.
    assignment: np.ndarray
    distance: np.ndarray
    covered: np.ndarray
    #: Per outlet row: population and points assigned, the assigned population within the
    #: radius of this outlet, and the capacity in people (NaN without capacities).
    outlet_population: np.ndarray
    outlet_points: np.ndarray
    outlet_covered: np.ndarray
    outlet_capacity: np.ndarray
    total_population: float
    #: Population within the radius of at least one open outlet, and its share.
    covered_population: float
    coverage_share: float
    #: Population-weighted mean distance to the assigned outlet (m).
    mean_distance: float
    #: p-median: Σ population × distance to the assigned outlet (person·metres);
    #: coverage: the covered population.
    objective: float
    #: p-median: a lower bound on the objective; coverage: an upper bound on the coverage.
    bound: Optional[float] = None
    #: Relative distance to the bound (0 = proven optimal); None if no bound was computed.
    gap: Optional[float] = None
    proven_optimal: bool = False
    #: Capacity-aware only: factor applied to every capacity when they fall short (1 = none),
    #: and the people above capacity in total (against the unscaled capacities).
    capacity_scale: float = 1.0
    overload: float = 0.0
    #: How the locations were found: ``heuristic`` (greedy + fast interchange + VNS),
    #: ``exact`` (HiGHS MILP), ``relax_and_fix`` (capacitated: LP + MILP), ``existing``
    #: (no new outlet), ``all`` (every candidate), ``none`` (no population).
    solver: str = ""
    #: Swaps made by the local search (heuristic only).
    swaps: int = 0
    seconds: float = 0.0
    notes: List[str] = field(default_factory=list)


@dataclass
class Location:
    """Where the outlets go, as :func:`~.locate.locate` found it."""

    chosen: List[int]
    solver: str
    swaps: int = 0
    bound: Optional[float] = None
    proven: bool = False
    #: capacity-aware p-median: outlet per active point over [existing…, candidates…]
    sites: Optional[np.ndarray] = None
    scale: float = 1.0


@dataclass
class Instance:
    """One location problem, as :func:`~.locate.locate` solves it: the demand points with
    population, the candidate sites and the existing (always open) outlets."""

    method: str
    #: Distances (m), site-major: candidate × point and existing outlet × point.
    dist_c: np.ndarray
    dist_e: np.ndarray
    #: Population per point.
    w: np.ndarray
    #: Number of candidates to open.
    p: int
    radius: float
    #: Capacities in people (existing, candidates) when capacity-aware, else None.
    capacities: Optional[Tuple[np.ndarray, np.ndarray]]
    #: ``True``, ``False`` or ``"auto"`` (see :func:`~.api.site_outlets`).
    exact: Union[bool, str]
    want_bound: bool
    rounds: int
    time_limit: float
    #: Candidates near each candidate (:func:`~.geometry.site_neighbours`), or None.
    neighbours: Optional[np.ndarray]
    report: Callable[[float], None]
    is_canceled: IsCanceled
