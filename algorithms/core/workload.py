"""One workload and one "over capacity" for the whole plugin.

``allocatestaff`` (its OVERLOADED_STAFF), the Staff & outlets dock (its Workload tab) and the
staffing workbook (its Staff sheet) all call these functions, so the three always agree:

* **Workload of a grid** (population equivalents): :func:`grid_workloads`, the population
  weighted by the demand index (β = :data:`DEMAND_WEIGHT`), as ``allocatestaff`` computes it
  (:func:`allocation.workload`) before any quality term. The extra staff a quality run
  suggests (``QUALITY_FIELD``) raises the number of people a grid gets, not the number of
  people it has to serve, so it is not part of the load a person carries.
* **Workload of a person**: :func:`person_loads`. Each grid's workload is shared equally
  among its places, ``n = max(recommended staff, people assigned)`` (the people assigned
  when the grid has no recommendation); a person carries one share of each grid they are
  assigned to. Places left empty are unserved workload, not load on the people there (as in
  ``allocatestaff``'s model, where a grid of ``r`` slots carries ``workload / r`` per slot).
* **Over capacity**: :func:`is_over`, load above capacity by more than a rounding error
  (:data:`TOLERANCE`, relative); an empty capacity counts the staff capacity allocatestaff
  used (kept in ``sg_meta``, :data:`DEFAULT_CAPACITY_KEY`); a capacity of 0 is never over.

Plain numpy, no QGIS.
"""

from collections import defaultdict
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from .allocation.apportion import workload as _workload

#: β of the workload formula, as ``allocatestaff`` uses it.
DEMAND_WEIGHT = 0.5
#: Load above capacity × (1 + TOLERANCE) is over capacity (rounding of stored values).
TOLERANCE = 1e-6


def _number(value) -> Optional[float]:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def grid_workloads(population: Sequence, demand_index: Optional[Sequence] = None) -> np.ndarray:
    """Workload per grid (population equivalents) from its population and demand index."""
    pop = [_number(v) or 0.0 for v in population]
    index = None if demand_index is None else [_number(v) for v in demand_index]
    return _workload(pop, index, None, DEMAND_WEIGHT)


def places(recommended, assigned: int) -> float:
    """The places a grid's workload is shared among: max(recommended, people assigned)."""
    r = _number(recommended)
    return float(max(r if r is not None else 0.0, assigned))


def person_loads(
    grid_ids: Sequence[str],
    workloads: "Sequence[float] | np.ndarray",
    recommended: Sequence,
    pairs: Iterable[Tuple[str, str]],
) -> Tuple[Dict[str, float], Dict[str, List[str]]]:
    """The load of every person and their grids (in grid order) from ``(staff_id, grid_id)``
    assignment pairs. A pair repeated counts once; pairs of unknown grids are ignored."""
    index = {g: i for i, g in enumerate(grid_ids)}
    staff_of: List[List[str]] = [[] for _ in grid_ids]
    for staff_id, grid_id in pairs:
        i = index.get(grid_id)
        if i is not None and staff_id not in staff_of[i]:
            staff_of[i].append(staff_id)
    load: Dict[str, float] = defaultdict(float)
    grids_of: Dict[str, List[str]] = defaultdict(list)
    for i, people in enumerate(staff_of):
        if not people:
            continue
        share = float(workloads[i]) / places(recommended[i], len(people))
        for staff_id in people:
            load[staff_id] += share
            grids_of[staff_id].append(grid_ids[i])
    return dict(load), dict(grids_of)


#: ``sg_meta`` key: the staff capacity allocatestaff gave staff with an empty capacity
#: (its STAFF_CAPACITY), so the dock and the workbook count them the same way.
DEFAULT_CAPACITY_KEY = "staff_capacity_default"


def capacity_of(value, default=None) -> Optional[float]:
    """A roster capacity as a number, ``None`` when not above 0; an empty capacity takes
    ``default`` (allocatestaff's STAFF_CAPACITY, :data:`DEFAULT_CAPACITY_KEY`)."""
    number = _number(value)
    if number is None:
        number = _number(default)
    return number if number is not None and number > 0 else None


def is_over(load: float, capacity) -> bool:
    """True when ``load`` is above ``capacity`` (beyond rounding); never without a capacity."""
    cap = capacity_of(capacity)
    return cap is not None and load > cap * (1.0 + TOLERANCE)


def over_capacity(loads: Mapping[str, float], capacities: Mapping[str, object]) -> List[str]:
    """The staff ids over capacity, worst utilisation first (then by id)."""
    over = []
    for staff_id, load in loads.items():
        capacity = capacities.get(staff_id)
        if is_over(load, capacity):
            over.append((-load / float(capacity_of(capacity) or 1.0), staff_id))
    return [s for _u, s in sorted(over)]
