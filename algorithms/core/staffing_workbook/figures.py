"""The workbook's figures: workloads (as ``allocatestaff`` counts them), the staff assigned
per grid and the load per person, the districts, and the service quality per grid."""

from collections import defaultdict
from typing import Dict, List, Optional, Sequence

from .. import quality, workload
from .labels import REASONS, WORDS, pick
from .model import Figures, ProjectData
from .values import as_number, safe_text


def compute(data: ProjectData, language: str, response_standard: float) -> Figures:
    """Workloads, assignments per grid and person, districts and quality figures."""
    grids = data.grids
    n = len(grids["grid_id"])
    load = workload.grid_workloads(grids["population"], grids["demand_index"])
    index = {g: i for i, g in enumerate(grids["grid_id"])}
    assigned: List[List[str]] = [[] for _ in range(n)]
    unknown = 0
    for staff_id, grid_id in data.assignments:
        i = index.get(grid_id)
        if i is None:
            unknown += 1
        elif staff_id not in assigned[i]:
            assigned[i].append(staff_id)
    person_load, person_grids = workload.person_loads(
        grids["grid_id"], load, grids["recommended_staff"], data.assignments
    )
    none = pick(WORDS["none"], language)
    grid_district = [none if v in (None, "") else safe_text(v) for v in grids["nest"]]
    districts = sorted(set(grid_district))
    report = quality.quality_report(data.path, response_standard)
    by_id = {g: k for k, g in enumerate(report.columns["grid_id"])}
    columns = {}
    for name in quality.COLUMNS[1:]:
        source = report.columns[name]
        columns[name] = [source[by_id[g]] if g in by_id else None for g in grids["grid_id"]]
    columns["reasons"] = _reasons(columns, response_standard, language)
    return Figures(
        workload=load,
        assigned=assigned,
        person_load=dict(person_load),
        person_grids=dict(person_grids),
        districts=districts,
        grid_district=grid_district,
        quality=columns,
        quality_report=report,
        unknown_assignments=unknown,
    )


def _reasons(q: Dict[str, list], standard: float, language: str) -> List[Optional[str]]:
    """Why each grid is flagged, in the workbook's language (from the quality columns)."""
    out: List[Optional[str]] = []
    sep = "；" if language == "zh" else "; "
    for k, flagged in enumerate(q["flagged"]):
        if not flagged:
            out.append(None)
            continue
        parts = []
        falling = bool(q["falling"][k])
        if q["below_standard"][k]:
            slow = (q["staff_change"][k] or 0) - (1 if falling else 0) > 0
            parts.append(
                pick(REASONS["slow" if slow else "below"], language).format(
                    p90="{:g}".format(q["response_p90"][k]), standard="{:g}".format(standard)
                )
            )
        if falling:
            trend = q["rating_trend"][k]
            parts.append(
                pick(REASONS["falling"], language).format(
                    trend="" if trend is None else "{:+.2f}".format(trend)
                )
            )
        out.append(sep.join(parts))
    return out


def district_sums(
    figures: Figures, values: Sequence, mask: Optional[Sequence] = None
) -> Dict[str, float]:
    """The sums of ``values`` (per grid) by district, of the grids where ``mask`` is true."""
    out: Dict[str, float] = defaultdict(float)
    for k, district in enumerate(figures.grid_district):
        if mask is None or mask[k]:
            out[district] += as_number(values[k]) or 0.0
    return out
