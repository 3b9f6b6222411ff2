"""Outlet siting: choose new outlets among candidate sites, keep the existing ones, assign demand.

Plain numpy/scipy (no QGIS). Demand points are the grids' representative points with their
population; distances are straight lines in the projected CRS (metres). Facilities are the
existing outlets (always open) plus ``p`` chosen candidates.

* **p-median** (``method="pmedian"``): minimise Σ population × distance to the nearest open
  outlet. Greedy construction, best-improvement *fast interchange* (Whitaker 1983, with the
  gain / loss / extra bookkeeping of Resende & Werneck 2007, updated only for the points a
  swap affects, sparsely over each point's cheapest sites), then a seeded *variable
  neighbourhood search* (Hansen & Mladenović 1997: swap two sites for nearby candidates,
  descend again, keep if better). A **lower bound** comes from the Lagrangian relaxation of
  the assignment constraints (subgradient ascent; its limit is the LP bound), so every run
  states how far from the optimum it can at most be (``gap``).
* **maximal covering** (``method="coverage"``, MCLP, Church & ReVelle 1974): maximise the
  population within ``radius`` of an open outlet. It is a p-median with 0/1 costs, so the same
  search solves it; ties are broken by population-weighted distance (a term worth less than
  one person in total with whole populations). An **upper bound** comes from the LP
  relaxation (HiGHS).
* **capacity-aware assignment**: every point (grid) goes *whole* to one outlet (single
  sourcing: a grid is never split), no outlet above its capacity (people), least population ×
  distance — a generalised assignment problem: the transportation LP, each point to the
  outlet holding its largest share, then repair and improving moves (:func:`assign_capacitated`).
  When the open outlets cannot hold everybody, every capacity is raised by the same factor
  (all outlets equally overloaded) and the shortfall reported.
* **capacitated p-median** (``method="pmedian"`` with capacities): LP relax-and-fix — the LP
  relaxation over each point's nearest sites fixes the sites it opens fully and closes those
  it does not use; HiGHS solves the single-sourcing MILP over the rest
  (:func:`capacitated_pmedian`). Lower bound: the Lagrangian relaxation with fractional
  knapsacks per outlet, started from the LP's prices.
* **exact** solves (HiGHS MILP through :func:`scipy.optimize.milp`) of all three problems, for
  instances small enough; they measure the heuristics' gap in tests and benchmarks.

Costs of point *i* at site *j* are site-major views (``C[j, i]``) of point-major arrays,

The package, bottom up: :mod:`.model` (constants, result records, shared calls),
:mod:`.geometry` (distances, nearby sites), :mod:`.heuristic` (fast interchange and VNS),
:mod:`.bounds` (Lagrangian and LP bounds), :mod:`.capacitated` (the capacitated model and
assignment), :mod:`.exact` (MILPs), :mod:`.locate` (which solvers run) and :mod:`.api`
(:func:`site_outlets`, the whole job).
"""

from .api import site_outlets
from .bounds import coverage_relaxation, coverage_upper_bound, lagrangian_bound
from .capacitated import assign_capacitated, capacitated_pmedian
from .exact import exact_capacitated, exact_coverage, exact_pmedian
from .geometry import distances, site_neighbours
from .heuristic import Interchange, big_base
from .model import (
    AUTO_EXACT_COVERAGE_PAIRS,
    AUTO_EXACT_PMEDIAN_ARCS,
    AUTO_EXACT_SECONDS,
    CAPACITATED_ARCS_PER_POINT,
    CAPACITATED_MILP_ARCS,
    DEFAULT_POPULATION_PER_STAFF,
    DEFAULT_RADIUS,
    METHODS,
    SHORTFALL_MARGIN,
    ExactResult,
    SitingResult,
)

#: The former private name, still used by tests and benchmarks.
_big_base = big_base

__all__ = [
    "AUTO_EXACT_COVERAGE_PAIRS",
    "AUTO_EXACT_PMEDIAN_ARCS",
    "AUTO_EXACT_SECONDS",
    "CAPACITATED_ARCS_PER_POINT",
    "CAPACITATED_MILP_ARCS",
    "DEFAULT_POPULATION_PER_STAFF",
    "DEFAULT_RADIUS",
    "METHODS",
    "SHORTFALL_MARGIN",
    "ExactResult",
    "Interchange",
    "SitingResult",
    "assign_capacitated",
    "big_base",
    "capacitated_pmedian",
    "coverage_relaxation",
    "coverage_upper_bound",
    "distances",
    "exact_capacitated",
    "exact_coverage",
    "exact_pmedian",
    "lagrangian_bound",
    "site_neighbours",
    "site_outlets",
]
