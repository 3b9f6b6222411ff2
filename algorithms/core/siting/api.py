"""The whole siting job (:func:`site_outlets`): checks the input, has the outlets located,
assigns every demand point to an open outlet (within capacity if asked) and reports."""

import time
from typing import Callable, List, Optional, Tuple

import numpy as np

from ..errors import InputError
from ..i18n import translate
from .capacitated import assign_capacitated, open_rows
from .geometry import distances, site_neighbours
from .locate import locate
from .model import (
    DEFAULT_RADIUS,
    METHODS,
    SHORTFALL_MARGIN,
    Instance,
    Location,
    SitingResult,
    check_cancel,
    no_capacity_error,
)


def site_outlets(
    demand_xy,
    population,
    candidate_xy,
    new_outlets: int,
    method: str = "pmedian",
    radius: float = DEFAULT_RADIUS,
    existing_xy=None,
    existing_capacity=None,
    candidate_capacity=None,
    capacity_aware: bool = False,
    exact="auto",
    bound: bool = True,
    search_rounds: Optional[int] = None,
    time_limit: float = 8.0,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
) -> SitingResult:
    """Choose ``new_outlets`` of the candidates, keep every existing outlet, assign demand.

    ``population`` weights the demand points; capacities are in **people** (the Processing
    algorithm turns an outlet's capacity in staff into people). With ``capacity_aware``
    every point goes whole to one outlet within capacity (p-median: the locations are chosen
    with the capacities; coverage: the locations maximise coverage, then the assignment
    respects capacity); without, every point goes to its nearest outlet.

    ``exact``: ``True`` solves the location exactly (HiGHS MILP; small instances only),
    ``"auto"`` does so when the instance is small and keeps the heuristic result if the
    exact solve does not finish in :data:`AUTO_EXACT_SECONDS`, ``False`` never. ``bound``
    computes a bound and the gap. ``search_rounds`` is the number of variable neighbourhood
    search rounds after the local search (default 30 for the p-median; 150 for coverage, run
    from the greedy start and from the LP's largest openings;
    seeded: the same input gives the same result). ``time_limit`` bounds the MILP of the
    capacity-aware p-median (seconds).
    """
    started = time.perf_counter()
    report = progress or (lambda _value: None)
    demand_xy = np.asarray(demand_xy, dtype=float).reshape(-1, 2)
    weights_all = np.asarray(population, dtype=float)
    candidate_xy = np.asarray(candidate_xy, dtype=float).reshape(-1, 2)
    existing_xy = (
        np.zeros((0, 2))
        if existing_xy is None
        else np.asarray(existing_xy, dtype=float).reshape(-1, 2)
    )
    n, m, e = len(demand_xy), len(candidate_xy), len(existing_xy)
    p = int(new_outlets)
    if search_rounds is None:
        search_rounds = 150 if method == "coverage" else 30
    _validate(
        n,
        m,
        e,
        p,
        method,
        radius,
        weights_all,
        capacity_aware,
        existing_capacity,
        candidate_capacity,
    )
    notes: List[str] = []
    capacities: Optional[Tuple[np.ndarray, np.ndarray]] = None  # existing, candidates
    if capacity_aware:
        capacities = (
            np.asarray(existing_capacity, dtype=float).reshape(-1) if e else np.zeros(0),
            np.asarray(candidate_capacity, dtype=float).reshape(-1),
        )
    # Points without population change no objective: they only get their nearest outlet.
    active = np.flatnonzero(weights_all > 0)
    w = weights_all[active]
    dist_c = distances(demand_xy[active], candidate_xy)
    dist_e = distances(demand_xy[active], existing_xy)
    neighbours = site_neighbours(candidate_xy) if m > 1 else None
    report(5)
    check_cancel(is_canceled)
    if len(active) == 0:
        where = Location(list(range(p)), "none")
    else:
        where = locate(
            Instance(
                method=method,
                dist_c=dist_c,
                dist_e=dist_e,
                w=w,
                p=p,
                radius=radius,
                capacities=capacities,
                exact=exact,
                want_bound=bound,
                rounds=search_rounds,
                time_limit=time_limit,
                neighbours=neighbours,
                report=report,
                is_canceled=is_canceled,
            )
        )
    chosen = sorted(where.chosen)
    report(85)
    check_cancel(is_canceled)

    # ---- assignment of every point to an open outlet
    open_xy = np.vstack([existing_xy, candidate_xy[chosen]])
    dist_open = distances(demand_xy, open_xy)
    assignment = np.argmin(dist_open, axis=0)
    capacity = np.full(len(open_xy), np.nan)
    scale, overload = 1.0, 0.0
    if capacities is not None:  # capacity-aware
        caps_e, caps_c = capacities
        capacity = np.r_[caps_e, caps_c[chosen]]
        total = float(w.sum())
        if capacity.sum() <= 0:
            raise no_capacity_error()
        short = total / float(capacity.sum()) * SHORTFALL_MARGIN
        scale = max(where.scale, short if short > SHORTFALL_MARGIN else 1.0)
        if where.sites is not None:
            row_of = {int(site): row for row, site in enumerate(open_rows(e, chosen))}
            assignment[active] = [row_of[int(site)] for site in where.sites]
        elif len(active):
            assignment[active] = assign_capacitated(dist_open[:, active], w, capacity * scale)
        load = np.bincount(assignment, weights=weights_all, minlength=len(open_xy))
        overload = float(np.maximum(load - capacity, 0.0).sum())
        if scale > 1.0:
            notes.append(
                translate(
                    "core",
                    "The outlets can serve {cap:,.0f} people but {pop:,.0f} live in the grids "
                    "(short by {short:,.0f}): every outlet was loaded up to {pct:.0%} of its "
                    "capacity.",
                ).format(
                    cap=float(capacity.sum()),
                    pop=total,
                    short=max(total - float(capacity.sum()), 0.0),
                    pct=scale,
                )
            )
        elif overload > 0.5:
            notes.append(
                translate(
                    "core",
                    "{people:,.0f} people could not be placed within capacity (grids too large "
                    "for the capacity left near them): their outlets are loaded above "
                    "capacity.",
                ).format(people=overload)
            )
    distance = dist_open[assignment, np.arange(n)]
    covered = (dist_open <= radius).any(axis=0)

    rows = len(open_xy)
    outlet_population = np.bincount(assignment, weights=weights_all, minlength=rows)
    outlet_points = np.bincount(assignment, minlength=rows)
    outlet_covered = np.bincount(
        assignment, weights=weights_all * (distance <= radius), minlength=rows
    )
    total_population = float(weights_all.sum())
    covered_population = float(weights_all[covered].sum())
    weighted = float((weights_all * distance).sum())
    objective = covered_population if method == "coverage" else weighted
    gap = None
    if where.bound is not None:
        if method == "coverage":
            gap = (where.bound - objective) / where.bound if where.bound > 0 else 0.0
        else:
            gap = (objective - where.bound) / objective if objective > 0 else 0.0
        gap = max(gap, 0.0)
    report(100)
    return SitingResult(
        method=method,
        chosen=chosen,
        outlet_source=np.r_[np.arange(e), np.array(chosen, dtype=int)].astype(int),
        outlet_is_new=np.r_[np.zeros(e, bool), np.ones(len(chosen), bool)],
        assignment=assignment,
        distance=distance,
        covered=covered,
        outlet_population=outlet_population,
        outlet_points=outlet_points,
        outlet_covered=outlet_covered,
        outlet_capacity=capacity,
        total_population=total_population,
        covered_population=covered_population,
        coverage_share=covered_population / total_population if total_population > 0 else 0.0,
        mean_distance=weighted / total_population if total_population > 0 else 0.0,
        objective=objective,
        bound=where.bound,
        gap=gap,
        proven_optimal=where.proven or (gap is not None and gap <= 1e-9),
        capacity_scale=scale,
        overload=overload,
        solver=where.solver,
        swaps=where.swaps,
        seconds=time.perf_counter() - started,
        notes=notes,
    )


def _validate(
    n, m, e, p, method, radius, weights, capacity_aware, existing_capacity, candidate_capacity
):
    if method not in METHODS:
        raise InputError(
            translate("core", "Unknown siting method '{method}': use coverage or pmedian.").format(
                method=method
            )
        )
    if n == 0:
        raise InputError(
            translate(
                "core",
                "There are no grids to serve: choose a layer of grids with their population.",
            )
        )
    if p < 0:
        raise InputError(translate("core", "The number of new outlets cannot be negative."))
    if p > 0 and m == 0:
        raise InputError(
            translate(
                "core",
                "The candidate layer has no sites: add candidate points for new outlets, "
                "or ask for 0 new outlets.",
            )
        )
    if p > m:
        raise InputError(
            translate(
                "core",
                "{p} new outlets were asked for but there are only {m} candidate sites: "
                "lower the number of new outlets or add candidates.",
            ).format(p=p, m=m)
        )
    if p == 0 and e == 0:
        raise InputError(
            translate(
                "core",
                "There are no existing outlets and no new outlets were asked for: ask for "
                "at least one new outlet.",
            )
        )
    if len(weights) != n or not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise InputError(
            translate("core", "Population must be a number of 0 or more in every grid.")
        )
    if not radius > 0:
        raise InputError(translate("core", "The service radius must be above 0 m."))
    if capacity_aware:
        if e and (existing_capacity is None or len(existing_capacity) != e):
            raise InputError(
                translate(
                    "core", "Capacity-aware assignment needs the capacity of every existing outlet."
                )
            )
        if candidate_capacity is None or len(candidate_capacity) != m:
            raise InputError(
                translate(
                    "core", "Capacity-aware assignment needs the capacity of every candidate site."
                )
            )
        for values in (existing_capacity, candidate_capacity):
            if (
                values is not None
                and len(values)
                and (not np.all(np.isfinite(values)) or np.any(np.asarray(values) < 0))
            ):
                raise InputError(translate("core", "Capacities must be numbers of 0 or more."))
