"""The row-per-item sheets: Grids (every column of the grids layer, the classes as labels,
workload, staff assigned, outlet and service quality), Staff (grids, workload against
capacity, utilisation) and Outlets (staff based there, grids and population served)."""

from collections import defaultdict
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from .. import classify, schema, workload
from .labels import labelled, separator
from .model import (
    GRID_COLUMNS,
    OUTLET_COLUMNS,
    STAFF_COLUMNS,
    Column,
    Figures,
    ProjectData,
    WorkbookResult,
)
from .rules import grid_rules, outlet_rules, staff_rules
from .values import as_number
from .xlsx import Writer


def _columns(
    layout: Sequence[Tuple[str, str]],
    values: Mapping[str, Sequence],
    table: Optional[Mapping[str, Sequence]] = None,
) -> List[Column]:
    """The columns of ``layout``: the values computed, else the table's column of that name."""
    return [
        Column(key, kind, values[key] if key in values or table is None else table[key])
        for key, kind in layout
    ]


def _outlet_names(data: ProjectData, outlet_ids: Sequence) -> List[Optional[str]]:
    """The names of the outlets ``outlet_ids`` (``None`` where none or unknown)."""
    names = dict(zip(data.outlets["outlet_id"], data.outlets["name"]))
    return [names.get(o) if o else None for o in outlet_ids]


def write_grids(
    writer: Writer, data: ProjectData, figures: Figures, result: WorkbookResult
) -> None:
    """One row per grid, with the conditional formats of flagged and understaffed grids."""
    lang = writer.language
    grids = data.grids
    n = len(grids["grid_id"])
    product_cache: Dict[str, str] = {}

    def products(codes):
        if codes in (None, ""):
            return None
        if codes not in product_cache:
            product_cache[codes] = classify.product_labels(str(codes), lang)
        return product_cache[codes]

    staff_names = dict(zip(data.staff["staff_id"], data.staff["name"]))
    sep = separator(lang)
    staff_list = [
        sep.join("{} {}".format(s, staff_names.get(s) or "").strip() for s in people) or None
        for people in figures.assigned
    ]
    assigned = [len(people) for people in figures.assigned]
    recommended = [as_number(v) for v in grids["recommended_staff"]]
    gap = [None if r is None else a - r for a, r in zip(assigned, recommended)]
    names = data.nest_names
    values: Dict[str, Sequence] = {
        "nest": figures.grid_district,
        "nest_name": [
            (names.get(str(code)) or (None, None))[0] if code is not None else None
            for code in grids["nest"]
        ],
        "density_class": labelled(grids["density_class"], schema.DENSITY_CLASSES, lang),
        "income_tier": labelled(grids["income_tier"], schema.INCOME_TIERS, lang),
        "products": [products(v) for v in grids["products"]],
        "strategy": labelled(grids["strategy"], classify.STRATEGIES, lang),
        "workload": [float(round(v)) for v in figures.workload],
        "assigned_staff": assigned,
        "staff_gap": gap,
        "staff_list": staff_list,
        "outlet_name": _outlet_names(data, grids["outlet_id"]),
    }
    values.update(figures.quality)
    writer.table("grids", _columns(GRID_COLUMNS, values, grids), n, fit=False)
    grid_rules(writer.sheets["grids"], n)
    result.grids = n
    result.flagged_grids = int(sum(1 for v in figures.quality["flagged"] if v))
    result.unknown_assignments = figures.unknown_assignments


def write_staff(
    writer: Writer, data: ProjectData, figures: Figures, result: WorkbookResult
) -> None:
    """One row per person: grids, workload against capacity, utilisation (over 100 % red)."""
    lang = writer.language
    staff = data.staff
    n = len(staff["staff_id"])
    sep = separator(lang)
    ids = [None if s is None else str(s) for s in staff["staff_id"]]
    load = [0.0 if s is None else figures.person_load.get(s, 0.0) for s in ids]
    grids_of = [() if s is None else figures.person_grids.get(s, ()) for s in ids]
    default = workload.capacity_of(data.meta.get(workload.DEFAULT_CAPACITY_KEY))
    capacity = [workload.capacity_of(as_number(c), default) for c in staff["capacity"]]
    utilisation = [load[k] / c if c else None for k, c in enumerate(capacity)]
    values: Dict[str, Sequence] = {
        "staff_id": ids,
        "role": labelled(staff["role"], schema.STAFF_ROLES, lang),
        "outlet_name": _outlet_names(data, staff["outlet_id"]),
        "active": [None if v is None else (1 if as_number(v) else 0) for v in staff["active"]],
        "grid_count": [len(g) for g in grids_of],
        "grid_list": [sep.join(g) or None for g in grids_of],
        "staff_workload": [float(round(v)) for v in load],
        "capacity": capacity,
        "utilisation": utilisation,
        "spare": [None if c is None else float(round(c - w)) for c, w in zip(capacity, load)],
    }
    writer.table("staff", _columns(STAFF_COLUMNS, values, staff), n, freeze="C2", fit=False)
    staff_rules(writer.sheets["staff"], n)
    result.staff = n
    result.overloaded_staff = sum(1 for w, c in zip(load, capacity) if workload.is_over(w, c))


def write_outlets(
    writer: Writer, data: ProjectData, figures: Figures, result: WorkbookResult
) -> None:
    """One row per outlet: staff based there (over its capacity red), grids and population
    served, the districts served."""
    lang = writer.language
    outlets = data.outlets
    n = len(outlets["outlet_id"])
    based: Dict[str, int] = defaultdict(int)
    for o in data.staff["outlet_id"]:
        if o:
            based[o] += 1
    grids_of: Dict[str, int] = defaultdict(int)
    pop_of: Dict[str, float] = defaultdict(float)
    districts_of: Dict[str, List[str]] = defaultdict(list)
    for k, o in enumerate(data.grids["outlet_id"]):
        if o:
            grids_of[o] += 1
            pop_of[o] += as_number(data.grids["population"][k]) or 0.0
            d = figures.grid_district[k]
            if d not in districts_of[o]:
                districts_of[o].append(d)
    sep = separator(lang)
    ids = outlets["outlet_id"]
    capacity = [as_number(c) for c in outlets["capacity"]]
    values: Dict[str, Sequence] = {
        "outlet": ids,
        "outlet_label": outlets["name"],
        "kind": labelled(outlets["kind"], schema.OUTLET_KINDS, lang),
        "status": labelled(outlets["status"], schema.OUTLET_STATUS, lang),
        "outlet_capacity": capacity,
        "staff_based": [based.get(o, 0) for o in ids],
        "outlet_use": [based.get(o, 0) / c if c else None for o, c in zip(ids, capacity)],
        "grids_served": [grids_of.get(o, 0) for o in ids],
        "population_served": [pop_of.get(o, 0.0) for o in ids],
        "districts_served": [sep.join(sorted(districts_of.get(o, ()))) or None for o in ids],
    }
    writer.table("outlets", _columns(OUTLET_COLUMNS, values), n)
    outlet_rules(writer.sheets["outlets"], n)
    result.outlets = n
