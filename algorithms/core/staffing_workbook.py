"""The Excel staffing workbook for head office (``servicegrid:exportstaffing``).

No QGIS: the project GeoPackage is read with Python's ``sqlite3`` (read-only) and the workbook
written with openpyxl (Debian 12's 3.0.9 and newer) in **write-only** mode: openpyxl makes the
workbook (styles, sheet set-up, header rows, conditional formats, chart, properties) and the
data rows are streamed into the sheets as XML while it saves (see :class:`_Writer`), so memory
stays bounded and 50,000 grids take a few seconds: nothing is kept per cell.

Sheets (headers in Chinese or English, ``language`` = ``"zh"`` or ``"en"``):

* **Summary** (汇总), one row per district (the grids' ``nest``): grids, population, staff
  recommended and assigned, the gap, grids with fewer staff than recommended, staff coverage,
  outlets, outlet coverage, feedback, average rating and flagged grids. Every figure is a
  formula over the *Grids* sheet (``COUNTIF`` / ``SUMIFS`` / ``SUMPRODUCT`` by district), and
  the totals row is a formula over the district rows, so edits in *Grids* recompute the
  summary. The values are also stored with the formulas (cached values), so viewers that do
  not calculate (previews, Protected View, pandas, OGR) show the numbers too. A clustered bar
  chart compares recommended and assigned staff per district.
* **Grids** (网格): one row per grid with every column of the project's grids layer, labels
  for the classes, the workload, the staff assigned (count, ids and names), the outlet and the
  service-quality figures of :func:`quality.grid_quality` (for ``response_standard``).
* **Staff** (人员): one row per person: grids, workload against capacity and utilisation.
* **Outlets** (网点): staff based there, grids and population served.
* **Feedback** (反馈): feedback per district and category, ratings and response times.
* **Notes** (说明): the project, when the workbook was made, and what every derived figure
  means.

Definitions (also written to the Notes sheet):

* **Workload of a grid**: :func:`allocation.workload` (the same function as
  ``allocatestaff``: population weighted by the demand index, β = 0.5, people served).
* **Workload of a person**: as ``allocatestaff`` counts it, each grid's workload is shared
  equally among its places: ``n = max(recommended staff, people assigned)`` (the people
  assigned when there is no recommendation); a person carries one share of each grid they are
  assigned to. Places left empty are unserved workload, not load on the people there (as in
  ``allocatestaff``); when more people are assigned than recommended, they share the grid.
  Utilisation = workload ÷ capacity (empty without a capacity).
* **Staff coverage** of a district: the share of its population living in grids with at least
  one person assigned. **Outlet coverage**: the share of its grids that have an outlet.

Safety: no text from the project can become a formula. Every text cell is written as a string
(never through openpyxl's formula detection); text that starts with ``= + - @``, their
full-width forms, a tab or a line break gets a leading apostrophe ``'`` (visible: it marks the
text and keeps it text when the cell is edited or the sheet saved as CSV); characters XML
cannot hold (control characters, lone surrogates) are removed; text longer than Excel's
32,767 characters is cut with "…". Only the formulas this module builds are formulas.

The workbook is written to a temporary file beside the output and moved into place when
complete (``os.replace``): a failure or a cancel never leaves a half-written workbook, and an
output open in Excel, WPS or LibreOffice (their lock file is beside it) is refused.
"""

import contextlib
import datetime as _dt
import math
import os
import re
import shutil
import unicodedata
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import allocation, classify, gpkg, quality, schema
from .errors import CancelledError, InputError
from .i18n import translate

LANGUAGES = ("zh", "en")

#: Excel's limit of characters in one cell.
MAX_CELL_TEXT = 32767
#: Excel's limit of a sheet name.
MAX_SHEET_NAME = 31

# ------------------------------------------------------------------ text safety

#: Characters that make a spreadsheet read the text as a formula (also full-width forms),
#: and a leading tab / line break (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Characters that XML 1.0 cannot hold (C0 controls except tab, LF, CR; lone surrogates;
#: U+FFFE/U+FFFF), plus DEL and the C1 controls (invisible, never meant in a name or a note).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SHEET_BAD_RE = re.compile(r"[\[\]:*?/\\]")


def safe_text(value) -> str:
    """``value`` as text that a spreadsheet shows as it is and never runs as a formula."""
    text = value if isinstance(value, str) else str(value)
    text = _CONTROL_RE.sub("", text)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def sheet_title(name: str) -> str:
    """A valid sheet name: no ``[]:*?/\\``, no leading/trailing apostrophe, ≤ 31 characters."""
    text = _SHEET_BAD_RE.sub("_", _CONTROL_RE.sub("", str(name))).strip().strip("'")
    return text[:MAX_SHEET_NAME] or "Sheet"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: East Asian wide characters count double."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _number(value) -> Optional[float]:
    """A finite number, or ``None`` (NULL, text, NaN, infinity)."""
    if value is None or isinstance(value, bool):
        return None if value is None else float(value)
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


# ------------------------------------------------------------------ labels

_SHEETS = {
    "summary": ("汇总", "Summary"),
    "grids": ("网格", "Grids"),
    "staff": ("人员", "Staff"),
    "outlets": ("网点", "Outlets"),
    "feedback": ("反馈", "Feedback"),
    "notes": ("说明", "Notes"),
}

_QUALITY = {f.name: (f.alias_zh, f.alias_en) for f in quality.FIELDS}
_GRID_FIELDS = {f.name: (f.alias_zh, f.alias_en) for f in schema.GRIDS.fields}

#: Column headers (Chinese, English); the grid and quality columns use the project's aliases.
LABELS: Dict[str, Tuple[str, str]] = dict(_GRID_FIELDS, **_QUALITY)
LABELS.update(
    {
        "nest": ("区县(上级区划)", "District (nest)"),
        "district": ("区县(上级区划)", "District (nest)"),
        "grids": ("网格数", "Grids"),
        "workload": ("工作量(服务人口当量)", "Workload (people served)"),
        "assigned_staff": ("已分配人员数", "Staff assigned"),
        "staff_gap": ("人员缺口(已分配−建议)", "Staff gap (assigned − recommended)"),
        "staff_list": ("已分配人员", "Assigned staff"),
        "outlet_name": ("网点名称", "Outlet name"),
        "understaffed": ("人员不足网格数", "Understaffed grids"),
        "staff_coverage": ("人员覆盖率(人口)", "Staff coverage (population)"),
        "outlets_serving": ("服务网点数", "Outlets serving"),
        "outlet_coverage": ("网点覆盖率(网格)", "Outlet coverage (grids)"),
        "feedback": ("反馈数", "Feedback"),
        "flagged_grids": ("需关注网格数", "Flagged grids"),
        "below_grids": ("未达响应标准网格数", "Grids below the standard"),
        "staff_id": ("工号", "Staff id"),
        "name": ("姓名", "Name"),
        "role": ("岗位", "Role"),
        "outlet_id": ("所属网点", "Outlet"),
        "active": ("在岗", "Active"),
        "grid_count": ("负责网格数", "Grids"),
        "grid_list": ("负责网格", "Grid ids"),
        "staff_workload": ("工作量(服务人口当量)", "Workload (people served)"),
        "capacity": ("服务人口容量", "Capacity (population)"),
        "utilisation": ("负荷率", "Utilisation"),
        "spare": ("剩余容量", "Spare capacity"),
        "outlet": ("网点编号", "Outlet id"),
        "outlet_label": ("网点名称", "Name"),
        "kind": ("网点类型", "Kind"),
        "status": ("状态", "Status"),
        "outlet_capacity": ("可容纳人员数", "Capacity (staff)"),
        "staff_based": ("驻点人员数", "Staff based here"),
        "outlet_use": ("人员占用率", "Staff / capacity"),
        "grids_served": ("服务网格数", "Grids served"),
        "population_served": ("服务人口", "Population served"),
        "districts_served": ("服务区县", "Districts served"),
        "open": ("待处理", "Open"),
        "rated": ("有评分", "Rated"),
        "complaints": ("投诉(含1-2分)", "Complaints (incl. 1–2 stars)"),
        "timed": ("有响应时间", "Timed"),
        "over_standard": ("超过响应标准", "Over the standard"),
        "over_share": ("超标占比", "Share over the standard"),
    }
)

_WORDS = {
    "total": ("合计", "Total"),
    "none": ("(无)", "(none)"),
    "chart_title": ("各区县人员：建议与已分配", "Staff per district: recommended and assigned"),
    "chart_y": ("人数", "People"),
    "title": ("服务网格人员配置表", "Service Grid staffing workbook"),
    "subject": (
        "各区县、网格的人口、人员配置、网点与服务质量",
        "Population, staffing, outlets and service quality per district and grid",
    ),
    "keywords": (
        "服务网格,人员配置,网点,服务质量,总部",
        "service grid,staffing,outlets,service quality,head office",
    ),
}

_NOTES = (
    ("project", "项目文件", "Project file"),
    ("project_id", "项目标识", "Project id"),
    ("created_at", "生成时间(UTC)", "Made at (UTC)"),
    ("created_with", "生成工具", "Made with"),
    ("response_standard", "响应标准(分钟)", "Response standard (min)"),
    ("quality_period", "反馈期间(UTC)", "Feedback period (UTC)"),
    ("counts", "数量", "Counts"),
    ("def_workload", "网格工作量", "Workload of a grid"),
    ("def_person", "人员工作量与负荷率", "Workload and utilisation of a person"),
    ("def_coverage", "覆盖率", "Coverage"),
    ("def_quality", "服务质量", "Service quality"),
    ("def_formulas", "公式", "Formulas"),
    ("def_safety", "文本安全", "Text safety"),
)

_NOTE_TEXT = {
    "counts": (
        "{grids} 个网格、{staff} 名人员、{outlets} 个网点、{feedback} 条反馈、{assignments} 条分配",
        "{grids} grids, {staff} staff, {outlets} outlets, {feedback} feedback rows, "
        "{assignments} assignments",
    ),
    "def_workload": (
        "人口按需求指数加权(β=0.5，与“人员配置”算法相同)：人口 × (1 + 0.5 × (需求指数 ÷ 人口加权"
        "平均需求指数 − 1))。没有需求指数时等于人口。",
        "Population weighted by the demand index (β = 0.5, as 'Allocate staff to grids' "
        "counts it): population × (1 + 0.5 × (demand index ÷ population-weighted mean − 1)); "
        "the population where there is no demand index.",
    ),
    "def_person": (
        "每个网格的工作量平均分给它的岗位：岗位数 = max(建议人员数, 已分配人数)；"
        "一人承担其每个网格的一份，合计即工作量。空缺岗位的工作量不计入在岗人员"
        "(与“人员配置”算法相同)。负荷率 = 工作量 ÷ 服务人口容量，超过 100% 标红。",
        "Each grid's workload is shared equally among its places: places = max(recommended "
        "staff, people assigned); a person carries one share of each of their grids, and the "
        "shares add up to their workload. Empty places are unserved workload, not load on the "
        "people there (as in 'Allocate staff to grids'). Utilisation = workload ÷ capacity; "
        "above 100 % in red.",
    ),
    "def_coverage": (
        "人员覆盖率：区县人口中，所在网格至少分配了一名人员的比例。网点覆盖率：区县网格中已指定服务"
        "网点的比例。服务网点数：为该区县网格服务的不同网点数(一个网点可服务多个区县，合计为服务任一"
        "网格的网点数)。",
        "Staff coverage: the share of the district's population living in grids with at least "
        "one person assigned. Outlet coverage: the share of the district's grids that have an "
        "outlet. Outlets serving: the distinct outlets of the district's grids (an outlet may "
        "serve several districts; the total counts outlets serving any grid).",
    ),
    "def_quality": (
        "来自客户反馈(“服务质量”算法)：投诉包括类别为投诉或评分 1-2 分的反馈；"
        "响应时间 90 分位数超过响应标准(至少 10 条)为未达标准；评分下降：后半期平均评分"
        "比前半期低 0.5 分以上且超过两倍标准误。需关注 = 未达标准或评分下降。",
        "From the customer feedback ('Service quality per grid'): complaints are feedback "
        "filed as a complaint or rated 1–2; below the standard: the 90th percentile of the "
        "response times (at least 10) above the standard; falling: the later half's mean "
        "rating at least half a star below the earlier half's, and by more than twice its "
        "standard error. Flagged = below the standard or falling.",
    ),
    "def_formulas": (
        "“汇总”表各区县数字均为对“网格”表的公式(COUNTIF、SUMIFS、SUMPRODUCT)，合计行为对各区县行的"
        "公式：修改“网格”表后自动重算。",
        "Every figure of the Summary sheet is a formula over the Grids sheet (COUNTIF, SUMIFS, "
        "SUMPRODUCT by district) and its totals row a formula over the district rows: edit "
        "the Grids sheet and the summary recomputes.",
    ),
    "def_safety": (
        "来自项目的文本一律按文本写入，不会成为公式：以 = + - @、制表符或换行开头的文本前加撇号 '；"
        "无法保存的控制字符已删除；超过 32,767 个字符的文本被截断(…)。",
        "Text from the project is always written as text and never becomes a formula: text "
        "starting with = + - @, a tab or a line break gets a leading apostrophe '; control "
        "characters are removed; text longer than 32,767 characters is cut (…).",
    ),
}

_REASONS = {
    "slow": (
        "响应时间90分位 {p90} 分钟 ≥ {standard} 分钟标准的 1.5 倍(+1 人)",
        "response p90 {p90} min ≥ 1.5 × the {standard} min standard (+1 staff)",
    ),
    "below": (
        "响应时间90分位 {p90} 分钟高于 {standard} 分钟标准",
        "response p90 {p90} min above the {standard} min standard",
    ),
    "falling": ("评分下降 {trend} 分(+1 人)", "ratings falling {trend} stars (+1 staff)"),
}


def _pick(pair: Tuple[str, str], language: str) -> str:
    return pair[0] if language == "zh" else pair[1]


def _catalogue(values, language: str) -> Dict[str, str]:
    return {code: (zh if language == "zh" else en) for code, zh, en in values}


# ------------------------------------------------------------------ formats

TEXT, INT, DEC1, DEC2, PCT, SIGNED, YESNO = "text", "int", "dec1", "dec2", "pct", "signed", "yesno"
#: Small whole numbers (staff, grids, feedback per grid): written without a cell style (General
#: shows them as they are), which saves openpyxl a styled cell each.
COUNT = "count"
NUMBER_FORMATS = {
    INT: "#,##0",
    DEC1: "#,##0.0",
    DEC2: "0.00",
    PCT: "0.0%",
    SIGNED: "+#,##0;-#,##0;0",
}
YES_NO_FORMATS = {"zh": '"是";"是";"否"', "en": '"Yes";"Yes";"No"'}
#: Widest a column gets (characters), by kind; text wraps beyond.
_MAX_WIDTH = {TEXT: 50}
_NUMBER_MAX_WIDTH = 18
_MIN_WIDTH = 6

_HEADER_FILL = "DDE5F0"
_TOTAL_FILL = "F2F2F2"
_ALERT_FILL = "F4C7C3"  # red: over capacity, flagged
_WARN_FILL = "FCE5C1"  # amber: understaffed, below the standard
_ALERT_FONT = "9C0006"


@dataclass
class Column:
    """One column of a sheet: key (header label), kind (format) and the values."""

    key: str
    kind: str
    values: Sequence = ()
    #: Header text when not in :data:`LABELS`.
    header: Optional[str] = None


# ------------------------------------------------------------------ reading


@dataclass
class ProjectData:
    """What the workbook shows, read from the project (columns as lists)."""

    path: str
    meta: Dict[str, str]
    grids: Dict[str, list]
    staff: Dict[str, list]
    outlets: Dict[str, list]
    assignments: List[Tuple[str, str]]
    feedback: Dict[str, list]


_connect = gpkg.connect_ro


def _columns_of(con, table: str) -> List[str]:
    return [row[1] for row in con.execute('PRAGMA table_info("{}")'.format(table))]


def _select(con, table: str, wanted: Sequence[str], order: Optional[str] = None) -> Dict[str, list]:
    """``{column: values}`` of the columns of ``wanted`` (absent ones: all ``None``)."""
    present = set(_columns_of(con, table))
    have = [c for c in wanted if c in present]
    out: Dict[str, list] = {c: [] for c in wanted}
    if not have:
        return out
    query = 'SELECT {} FROM "{}"'.format(", ".join('"{}"'.format(c) for c in have), table)
    if order and order in present:
        query += ' ORDER BY "{}"'.format(order)
    rows = con.execute(query).fetchall()
    for k, name in enumerate(have):
        out[name] = [row[k] for row in rows]
    count = len(rows)
    for name in wanted:
        if name not in present:
            out[name] = [None] * count
    return out


def read_project(path: str) -> ProjectData:
    """Read the tables the workbook needs (read-only); :class:`InputError` when ``path`` is not
    a project GeoPackage or has no grids."""
    from .gpkg import require_grids

    require_grids(path)
    with contextlib.closing(_connect(path)) as con:
        tables = {
            name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        meta = dict(con.execute("SELECT key, value FROM {}".format(schema.META_TABLE)))
        grids = _select(con, "grids", schema.GRIDS.field_names(), "grid_id")
        keep = [i for i, g in enumerate(grids["grid_id"]) if g not in (None, "")]
        if len(keep) < len(grids["grid_id"]):
            grids = {k: [v[i] for i in keep] for k, v in grids.items()}
        grids["grid_id"] = [str(g) for g in grids["grid_id"]]
        staff = (
            _select(con, "staff", schema.STAFF.field_names(), "staff_id")
            if "staff" in tables
            else {c: [] for c in schema.STAFF.field_names()}
        )
        outlets = (
            _select(con, "outlets", schema.OUTLETS.field_names(), "outlet_id")
            if "outlets" in tables
            else {c: [] for c in schema.OUTLETS.field_names()}
        )
        assignments = []
        if "assignments" in tables:
            assignments = [
                (str(s), str(g))
                for s, g in con.execute(
                    "SELECT staff_id, grid_id FROM assignments WHERE staff_id IS NOT NULL AND "
                    "grid_id IS NOT NULL ORDER BY staff_id, grid_id"
                )
            ]
        wanted = ("grid_id", "category", "rating", "response_minutes", "status")
        feedback = (
            _select(con, "feedback", wanted) if "feedback" in tables else {c: [] for c in wanted}
        )
    return ProjectData(
        path=path,
        meta=meta,
        grids=grids,
        staff=staff,
        outlets=outlets,
        assignments=assignments,
        feedback=feedback,
    )


# ------------------------------------------------------------------ figures


@dataclass
class Figures:
    """Everything computed from the project, per grid, person, outlet and district."""

    workload: np.ndarray
    assigned: List[List[str]]  # staff ids per grid
    person_load: Dict[str, float]
    person_grids: Dict[str, List[str]]
    districts: List[str]  # district keys (nest, or the "none" label)
    grid_district: List[str]
    quality: Dict[str, list]
    quality_report: Optional[object] = None
    unknown_assignments: int = 0


def compute(data: ProjectData, language: str, response_standard: float) -> Figures:
    """Workloads, assignments per grid and person, districts and quality figures."""
    grids = data.grids
    n = len(grids["grid_id"])
    options = allocation.AllocationOptions()
    load = allocation.workload(
        [_number(v) or 0.0 for v in grids["population"]],
        [_number(v) for v in grids["demand_index"]],
        demand_weight=options.demand_weight,
    )
    index = {g: i for i, g in enumerate(grids["grid_id"])}
    assigned: List[List[str]] = [[] for _ in range(n)]
    unknown = 0
    for staff_id, grid_id in data.assignments:
        i = index.get(grid_id)
        if i is None:
            unknown += 1
        elif staff_id not in assigned[i]:
            assigned[i].append(staff_id)
    person_load: Dict[str, float] = defaultdict(float)
    person_grids: Dict[str, List[str]] = defaultdict(list)
    for i, people in enumerate(assigned):
        if not people:
            continue
        recommended = _number(grids["recommended_staff"][i]) or 0.0
        places = max(recommended, float(len(people)))
        share = float(load[i]) / places
        for staff_id in people:
            person_load[staff_id] += share
            person_grids[staff_id].append(grids["grid_id"][i])
    none = _pick(_WORDS["none"], language)
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
                _pick(_REASONS["slow" if slow else "below"], language).format(
                    p90="{:g}".format(q["response_p90"][k]), standard="{:g}".format(standard)
                )
            )
        if falling:
            trend = q["rating_trend"][k]
            parts.append(
                _pick(_REASONS["falling"], language).format(
                    trend="" if trend is None else "{:+.2f}".format(trend)
                )
            )
        out.append(sep.join(parts))
    return out


# ------------------------------------------------------------------ writing


@dataclass
class WorkbookResult:
    """What was written."""

    path: str
    language: str
    grids: int = 0
    staff: int = 0
    outlets: int = 0
    feedback: int = 0
    districts: int = 0
    overloaded_staff: int = 0
    flagged_grids: int = 0
    unknown_assignments: int = 0
    sheets: List[str] = field(default_factory=list)


class _CancelledError(Exception):
    """Raised inside the writer when the user cancels."""


class _Styles:
    """The workbook's cell styles, made once and shared by every cell of a kind."""

    def __init__(self, wb, ws, language: str):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self._cell = WriteOnlyCell
        formats = dict(NUMBER_FORMATS, **{YESNO: YES_NO_FORMATS[language]})
        self.number = {}
        self.total = {}
        # the workbook's default font, bold (a font without a name prints in a serif face)
        bold = Font(name="Calibri", family=2, size=11, bold=True)
        total_fill = PatternFill("solid", start_color=_TOTAL_FILL, end_color=_TOTAL_FILL)
        top = Border(top=Side(style="thin"))
        for kind, fmt in formats.items():
            cell = WriteOnlyCell(ws)
            cell.number_format = fmt
            self.number[kind] = cell._style
            cell = WriteOnlyCell(ws)
            cell.number_format = fmt
            cell.font, cell.fill, cell.border = bold, total_fill, top
            self.total[kind] = cell._style
        cell = WriteOnlyCell(ws)
        cell.font, cell.fill, cell.border = bold, total_fill, top
        self.total[TEXT] = cell._style
        cell = WriteOnlyCell(ws)
        cell.font = bold
        cell.fill = PatternFill("solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(bottom=Side(style="thin"))
        self.header = cell._style
        cell = WriteOnlyCell(ws)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.wrap = cell._style
        cell = WriteOnlyCell(ws)
        cell.font = bold
        cell.alignment = Alignment(vertical="top")
        self.label = cell._style
        cell = WriteOnlyCell(ws)
        cell.number_format = "yyyy-mm-dd hh:mm"
        cell.alignment = Alignment(horizontal="left", vertical="top")
        self.date = cell._style

    def cell(self, ws, value, style=None, text: bool = False):
        cell = self._cell(ws, value)
        if text:
            cell.data_type = "s"
        if style is not None:
            cell._style = style
        return cell


class Formula:
    """A formula this module built, with the value it computes (stored as cached value)."""

    __slots__ = ("text", "value")

    def __init__(self, text: str, value=None):
        self.text = text if text.startswith("=") else "=" + text
        self.value = value


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _quote(title: str) -> str:
    return "'{}'".format(title.replace("'", "''"))


def _width(column: Column, header: str, total=None) -> float:
    """A column width that fits the header's longest word and the values (CJK double)."""
    values = [v.value if isinstance(v, Formula) else v for v in column.values]
    if total is not None:
        values.append(total.value if isinstance(total, Formula) else total)
    words = [display_width(w) for w in re.split(r"[\s/]+", header) if w] or [1]
    head = max(min(display_width(header), 24), max(words))
    if column.kind == TEXT:
        widest = 0
        for value in values:
            if value is not None:
                text = value if isinstance(value, str) else str(value)
                w = display_width(text) if len(text) < 200 else 200
                if w > widest:
                    widest = w
        return float(min(max(widest, head, _MIN_WIDTH) + 2, _MAX_WIDTH[TEXT]))
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if column.kind == YESNO:
        widest = 3
    elif numbers:
        big = max(abs(min(numbers)), abs(max(numbers)))
        digits = {INT: 0, COUNT: 0, SIGNED: 0, DEC1: 1, DEC2: 2, PCT: 1}.get(column.kind, 2)
        scale = 100.0 if column.kind == PCT else 1.0
        widest = len("{:,.{d}f}".format(big * scale, d=digits)) + 2
    else:
        widest = 4
    return float(min(max(widest, head, _MIN_WIDTH) + 2, _NUMBER_MAX_WIDTH))


class _Body:
    """The data rows (and totals row) of one sheet, written as XML when the workbook is
    saved (see :class:`_Writer`)."""

    def __init__(
        self,
        columns: List[Column],
        rows: int,
        totals: Optional[List],
        number_ids: List[Optional[int]],
        total_ids: List[int],
    ):
        self.columns = columns
        self.rows = rows
        self.totals = totals
        self.number_ids = number_ids
        self.total_ids = total_ids
        self.written = False


class _Writer:
    """Writes the sheets of one workbook.

    The workbook is an openpyxl **write-only** workbook: openpyxl writes every sheet's
    structure (column widths, frozen panes, header row, autofilter, conditional formats,
    print titles), the chart, the styles, the properties and the package. The data rows —
    the bulk of a large workbook — are streamed as worksheet XML by :func:`_body_xml` into
    the sheet's part when openpyxl stores it in the archive (:class:`_SplicingZip`), with
    the style ids openpyxl registered for their formats: about 1 µs per cell instead of the
    8 µs of a styled openpyxl cell, and nothing is kept per cell. Text is always an inline
    string there, never a formula; formulas carry their computed value (``<v>``), as Excel
    saves them.
    """

    def __init__(
        self, language: str, progress: Callable[[float], None], is_canceled: Callable[[], bool]
    ):
        from openpyxl import Workbook

        self.language = language
        self.wb = Workbook(write_only=True)
        self.progress = progress
        self.is_canceled = is_canceled
        self.titles = {key: sheet_title(_pick(pair, language)) for key, pair in _SHEETS.items()}
        self.sheets = {}
        for key in ("summary", "grids", "staff", "outlets", "feedback", "notes"):
            self.sheets[key] = self.wb.create_sheet(self.titles[key])
        self.styles = _Styles(self.wb, self.sheets["summary"], language)
        #: Data rows per sheet part (``xl/worksheets/sheetN.xml``).
        self.bodies: Dict[str, _Body] = {}

    def header(self, key: str) -> str:
        return _pick(LABELS[key], self.language)

    def check(self):
        if self.is_canceled():
            raise _CancelledError()

    def style_id(self, style) -> int:
        """The workbook's cell-format index of a style (registered with openpyxl)."""
        cell = self.styles.cell(self.sheets["summary"], None, style)
        return cell.style_id

    # -------------------------------------------------------------- one table

    def table(
        self,
        key: str,
        columns: List[Column],
        rows: int,
        freeze: str = "B2",
        totals: Optional[List] = None,
        fit: bool = True,
    ) -> None:
        """Sheet ``key``: widths, frozen header, autofilter over the data rows, print set-up
        and the header row now; ``rows`` rows of ``columns`` (then ``totals``) when saved."""
        ws = self.sheets[key]
        headers = [c.header or self.header(c.key) for c in columns]
        for k, column in enumerate(columns):
            ws.column_dimensions[_letter(k)].width = _width(
                column, headers[k], None if totals is None else totals[k]
            )
        ws.freeze_panes = freeze
        last = _letter(len(columns) - 1)
        ws.auto_filter.ref = "A1:{}{}".format(last, rows + 1)
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        if fit:  # small sheets: one page wide when printed
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
        styles = self.styles
        ws.append([styles.cell(ws, h, styles.header, text=True) for h in headers])
        number_ids = [
            None if c.kind not in styles.number else self.style_id(styles.number[c.kind])
            for c in columns
        ]
        total_ids = [self.style_id(styles.total.get(c.kind, styles.total[TEXT])) for c in columns]
        part = "xl/worksheets/sheet{}.xml".format(list(self.sheets).index(key) + 1)
        self.bodies[part] = _Body(columns, rows, totals, number_ids, total_ids)

    def discard(self) -> None:
        """Close and delete the sheets' temporary files after a failure or a cancel (openpyxl
        would only remove them when the process ends)."""
        try:
            from openpyxl.worksheet import _writer as sheet_writer
        except ImportError:  # pragma: no cover (another openpyxl layout)
            return
        for ws in self.wb.worksheets:
            writer = getattr(ws, "_writer", None)
            if writer is None:
                continue
            rows = getattr(ws, "_rows", None)
            if rows is not None:  # end the row stream first, then the sheet's XML
                with contextlib.suppress(Exception):
                    rows.close()
            with contextlib.suppress(Exception):
                writer.xf.close()
            out = getattr(writer, "out", None)
            if isinstance(out, str) and os.path.exists(out):
                with contextlib.suppress(OSError):
                    os.remove(out)
                with contextlib.suppress(ValueError, AttributeError):
                    sheet_writer.ALL_TEMP_FILES.remove(out)

    # -------------------------------------------------------------- save

    def save(self, path: str, progress: Tuple[float, float] = (20.0, 75.0)) -> None:
        """Save the workbook to ``path``, the data rows streamed into their sheets."""
        from openpyxl.writer.excel import ExcelWriter

        total = max(1, sum(body.rows for body in self.bodies.values()))
        done = [0]
        start, span = progress

        def tick(rows: int) -> None:
            done[0] += rows
            self.check()
            self.progress(start + span * done[0] / total)

        with _SplicingZip(path, self.bodies, tick) as archive:
            ExcelWriter(self.wb, archive).save()
        missing = [part for part, body in self.bodies.items() if not body.written]
        if missing:  # an openpyxl that stores its sheets another way: never lose rows
            raise RuntimeError(
                "openpyxl {} did not store the sheets {} through ZipFile.write".format(
                    _openpyxl_version(), missing
                )
            )


def _openpyxl_version() -> str:
    import openpyxl

    return openpyxl.__version__


class _SplicingZip(zipfile.ZipFile):
    """The workbook's zip archive: when openpyxl stores a sheet part that has a
    :class:`_Body`, the data rows are streamed into it before ``</sheetData>``."""

    def __init__(self, path: str, bodies: Dict[str, _Body], tick: Callable[[int], None]):
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._bodies = bodies
        self._tick = tick

    def write(self, filename, arcname=None, *args, **kwargs):  # noqa: D102
        body = self._bodies.get(arcname)
        if body is None:
            return super().write(filename, arcname, *args, **kwargs)
        with open(filename, "rb") as handle:
            xml = handle.read()
        cut = xml.rindex(b"</sheetData>")
        with self.open(arcname, "w", force_zip64=True) as stream:
            stream.write(xml[:cut])
            for chunk in _body_xml(body, self._tick):
                stream.write(chunk)
            stream.write(xml[cut:])
        body.written = True
        return None


def _xml_text(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _xml_number(number: float) -> str:
    if number.is_integer() and abs(number) < 1e15:
        return "%d" % number
    return repr(number)


def _text_cell(ref: str, text: str, style: Optional[int] = None) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return '<c r="{}"{} t="inlineStr"><is><t{}>{}</t></is></c>'.format(
        ref, "" if style is None else ' s="{}"'.format(style), space, _xml_text(text)
    )


def _formula_cell(ref: str, formula: "Formula", style: Optional[int]) -> str:
    value = formula.value
    attrs = "" if style is None else ' s="{}"'.format(style)
    if value is None:
        cached = ""
    elif isinstance(value, str):
        attrs += ' t="str"'
        cached = "<v>{}</v>".format(_xml_text(value))
    else:
        cached = "<v>{}</v>".format(_xml_number(float(value)))
    return '<c r="{}"{}><f>{}</f>{}</c>'.format(ref, attrs, _xml_text(formula.text[1:]), cached)


def _body_xml(body: _Body, tick: Callable[[int], None], chunk_rows: int = 1000):
    """The ``<row>`` elements of a sheet's data rows (from row 2) and totals, UTF-8 chunks."""
    columns = body.columns
    letters = [_letter(k) for k in range(len(columns))]
    kinds = [c.kind for c in columns]
    values = [c.values for c in columns]
    ids = body.number_ids
    parts: List[str] = []
    width = range(len(columns))
    for r in range(body.rows):
        row = r + 2
        parts.append('<row r="{}">'.format(row))
        for k in width:
            value = values[k][r]
            if value is None:
                continue
            ref = "{}{}".format(letters[k], row)
            kind = kinds[k]
            if isinstance(value, Formula):
                parts.append(_formula_cell(ref, value, ids[k]))
            elif kind == TEXT:
                text = safe_text(value)
                if text:
                    parts.append(_text_cell(ref, text))
            else:
                number = _number(value)
                if number is None:
                    continue
                if ids[k] is None:
                    parts.append('<c r="{}"><v>{}</v></c>'.format(ref, _xml_number(number)))
                else:
                    parts.append(
                        '<c r="{}" s="{}"><v>{}</v></c>'.format(ref, ids[k], _xml_number(number))
                    )
        parts.append("</row>")
        if (r + 1) % chunk_rows == 0:
            yield "".join(parts).encode("utf-8")
            parts = []
            tick(chunk_rows)
    if body.totals is not None:
        row = body.rows + 2
        parts.append('<row r="{}">'.format(row))
        for k, value in enumerate(body.totals):
            ref = "{}{}".format(letters[k], row)
            style = body.total_ids[k]
            if isinstance(value, Formula):
                parts.append(_formula_cell(ref, value, style))
            elif isinstance(value, str):
                parts.append(_text_cell(ref, safe_text(value), style))
            elif value is None:
                parts.append('<c r="{}" s="{}"/>'.format(ref, style))
            else:
                parts.append(
                    '<c r="{}" s="{}"><v>{}</v></c>'.format(ref, style, _xml_number(float(value)))
                )
        parts.append("</row>")
    yield "".join(parts).encode("utf-8")
    tick(body.rows % chunk_rows)


# ------------------------------------------------------------------ the sheets


def _criteria(ref: str, key: str) -> str:
    """The COUNTIF/SUMIFS criteria that matches exactly the text in cell ``ref`` (``key``)."""
    if key.startswith(("<", ">", "=")) or any(ch in key for ch in "*?~"):
        return '"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({},"~","~~"),"*","~*"),"?","~?")'.format(ref)
    return ref


def _safe_div(a: float, b: float):
    return a / b if b else ""


def write_workbook(
    project_path: str,
    output_path: str,
    language: str = "zh",
    response_standard: float = quality.DEFAULT_RESPONSE_STANDARD,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
    now: Optional[_dt.datetime] = None,
) -> WorkbookResult:
    """Write the staffing workbook of ``project_path`` to ``output_path`` (see the module
    documentation). ``language`` is ``"zh"`` or ``"en"``; ``progress`` gets 0–100.

    Raises :class:`InputError` (not a project, no grids, bad output) or
    :class:`CancelledError`; nothing is written then.
    """
    if language not in LANGUAGES:
        raise ValueError("language must be one of {}".format(LANGUAGES))
    progress = progress or (lambda value: None)
    is_canceled = is_canceled or (lambda: False)
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise InputError(
            translate(
                "core",
                "Writing Excel workbooks needs the Python package openpyxl. Install it "
                "(Debian/Ubuntu: apt install python3-openpyxl; elsewhere: python3 -m pip "
                "install openpyxl) and restart QGIS.",
            )
        ) from None
    final = _check_output(output_path, project_path)
    data = read_project(project_path)
    progress(5)
    figures = compute(data, language, response_standard)
    progress(15)
    if is_canceled():
        raise CancelledError(translate("core", "Cancelled: nothing was written."))
    writer = _Writer(language, progress, is_canceled)
    result = WorkbookResult(path=final, language=language)
    folder = os.path.dirname(final)
    # a new file gets the usual permissions (the umask), unlike mkstemp's private 0600
    tmp = os.path.join(folder, ".~sg-{}.xlsx".format(uuid.uuid4().hex[:12]))
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        _write_grids(writer, data, figures, result)
        _write_summary(writer, data, figures, result)
        _write_staff(writer, data, figures, result)
        _write_outlets(writer, data, figures, result)
        _write_feedback(writer, data, figures, response_standard, result)
        _write_notes(writer, data, figures, response_standard, result, now)
        _properties(writer.wb, language, data, now)
        writer.check()
        progress(20)
        writer.save(tmp, progress=(20.0, 78.0))
        with open(tmp, "rb") as stream:
            os.fsync(stream.fileno())
        _check_unlocked(final)
        if os.path.exists(final):
            shutil.copymode(final, tmp)
        os.replace(tmp, final)
    except _CancelledError:
        writer.discard()
        raise CancelledError(translate("core", "Cancelled: nothing was written.")) from None
    except PermissionError as err:
        writer.discard()
        raise InputError(
            translate(
                "core",
                "The workbook {path} cannot be written ({error}). If it is open in Excel, "
                "WPS or LibreOffice, close it and run again; else choose another "
                "file.",
            ).format(path=final, error=err.strerror or err)
        ) from err
    except BaseException:
        writer.discard()
        raise
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    result.sheets = [writer.titles[k] for k in writer.sheets]
    progress(100)
    return result


def _lock_files(path: str) -> List[str]:
    folder, name = os.path.split(path)
    candidates = [
        os.path.join(folder, ".~lock.{}#".format(name)),  # LibreOffice
        os.path.join(folder, "~$" + name),  # Excel
        os.path.join(folder, "~$" + name[2:]),  # Excel, long names
        os.path.join(folder, ".~" + name),
    ]  # WPS
    return [c for c in dict.fromkeys(candidates) if os.path.exists(c)]


def _check_unlocked(final: str) -> None:
    locks = _lock_files(final)
    if locks:
        raise InputError(
            translate(
                "core",
                "The workbook {path} is open in a spreadsheet program (lock file {lock}). "
                "Close it there and run again; if it is not open anywhere, delete the lock "
                "file.",
            ).format(path=final, lock=locks[0])
        )


def _check_output(output_path: str, project_path: str) -> str:
    if not output_path:
        raise InputError(translate("core", "Choose the file to write the workbook to."))
    final = os.path.abspath(output_path)
    if not final.lower().endswith(".xlsx"):
        final += ".xlsx"
    folder = os.path.dirname(final)
    if not os.path.isdir(folder):
        raise InputError(
            translate(
                "core", "The folder {folder} does not exist. Choose a file in an existing folder."
            ).format(folder=folder)
        )
    if os.path.isdir(final):
        raise InputError(
            translate("core", "{path} is a folder. Choose a file name ending in .xlsx.").format(
                path=final
            )
        )
    if os.path.exists(project_path) and os.path.abspath(project_path) == final:
        raise InputError(
            translate(
                "core",
                "The workbook cannot be written over the project itself: choose another "
                "output file.",
            )
        )
    _check_unlocked(final)
    return final


def _district_sums(figures: Figures, values, mask=None) -> Dict[str, float]:
    out: Dict[str, float] = defaultdict(float)
    for k, district in enumerate(figures.grid_district):
        if mask is None or mask[k]:
            out[district] += _number(values[k]) or 0.0
    return out


#: Grids sheet: (key, kind) in order; the positions are used by the Summary's formulas.
_GRID_COLUMNS = (
    ("grid_id", TEXT),
    ("nest", TEXT),
    ("unit_count", COUNT),
    ("population", INT),
    ("households", INT),
    ("area_km2", DEC2),
    ("density", INT),
    ("income", INT),
    ("elderly_share", PCT),
    ("youth_share", PCT),
    ("enterprises", INT),
    ("customers", INT),
    ("polsby_popper", DEC2),
    ("density_class", TEXT),
    ("income_tier", TEXT),
    ("demand_index", DEC1),
    ("products", TEXT),
    ("strategy", TEXT),
    ("locked", YESNO),
    ("workload", INT),
    ("recommended_staff", COUNT),
    ("assigned_staff", COUNT),
    ("staff_gap", SIGNED),
    ("staff_list", TEXT),
    ("outlet_id", TEXT),
    ("outlet_name", TEXT),
    ("feedback_count", COUNT),
    ("avg_rating", DEC2),
    ("complaint_share", PCT),
    ("response_median", DEC1),
    ("response_p90", DEC1),
    ("below_standard", YESNO),
    ("rating_trend", DEC2),
    ("falling", YESNO),
    ("flagged", YESNO),
    ("staff_change", SIGNED),
    ("reasons", TEXT),
)
_GRID_POS = {key: k for k, (key, _kind) in enumerate(_GRID_COLUMNS)}


def _write_grids(
    writer: _Writer, data: ProjectData, figures: Figures, result: WorkbookResult
) -> None:
    lang = writer.language
    grids = data.grids
    n = len(grids["grid_id"])
    density = _catalogue(schema.DENSITY_CLASSES, lang)
    tiers = _catalogue(schema.INCOME_TIERS, lang)
    strategies = _catalogue(classify.STRATEGIES, lang)
    product_cache: Dict[str, str] = {}

    def products(codes):
        if codes in (None, ""):
            return None
        if codes not in product_cache:
            product_cache[codes] = classify.product_labels(str(codes), lang)
        return product_cache[codes]

    staff_names = dict(zip(data.staff["staff_id"], data.staff["name"]))
    outlet_names = dict(zip(data.outlets["outlet_id"], data.outlets["name"]))
    sep = "、" if lang == "zh" else ", "
    staff_list = [
        sep.join("{} {}".format(s, staff_names.get(s) or "").strip() for s in people) or None
        for people in figures.assigned
    ]
    assigned = [len(people) for people in figures.assigned]
    recommended = [_number(v) for v in grids["recommended_staff"]]
    gap = [None if r is None else a - r for a, r in zip(assigned, recommended)]
    values = {
        "nest": figures.grid_district,
        "density_class": [density.get(v, v) for v in grids["density_class"]],
        "income_tier": [tiers.get(v, v) for v in grids["income_tier"]],
        "products": [products(v) for v in grids["products"]],
        "strategy": [strategies.get(v, v) for v in grids["strategy"]],
        "workload": [float(round(v)) for v in figures.workload],
        "assigned_staff": assigned,
        "staff_gap": gap,
        "staff_list": staff_list,
        "outlet_name": [outlet_names.get(o) if o else None for o in grids["outlet_id"]],
    }
    values.update(figures.quality)
    columns = [
        Column(key, kind, values[key] if key in values else grids[key])
        for key, kind in _GRID_COLUMNS
    ]
    writer.table("grids", columns, n, fit=False)
    ws = writer.sheets["grids"]
    _grid_rules(ws, n)
    result.grids = n
    result.flagged_grids = int(sum(1 for v in figures.quality["flagged"] if v))
    result.unknown_assignments = figures.unknown_assignments


def _grid_rules(ws, n: int) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    if n == 0:
        return
    last_row = n + 1
    col = {key: _letter(k) for key, k in _GRID_POS.items()}
    alert = PatternFill("solid", start_color=_ALERT_FILL, end_color=_ALERT_FILL)
    warn = PatternFill("solid", start_color=_WARN_FILL, end_color=_WARN_FILL)
    # flagged grids: the id and the quality columns in red
    ws.conditional_formatting.add(
        "{0}2:{0}{1}".format(col["grid_id"], last_row),
        FormulaRule(
            formula=["${}2=1".format(col["flagged"])],
            fill=alert,
            font=Font(color=_ALERT_FONT, bold=True),
        ),
    )
    ws.conditional_formatting.add(
        "{}2:{}{}".format(col["feedback_count"], col["reasons"], last_row),
        FormulaRule(formula=["${}2=1".format(col["flagged"])], fill=alert),
    )
    # below the response standard: the p90 in amber (also when not flagged for other reasons)
    ws.conditional_formatting.add(
        "{0}2:{0}{1}".format(col["response_p90"], last_row),
        FormulaRule(
            formula=["${}2=1".format(col["below_standard"])],
            fill=warn,
            font=Font(color=_ALERT_FONT),
        ),
    )
    # fewer staff than recommended: amber; nobody: red
    rec, got = col["recommended_staff"], col["assigned_staff"]
    cells = "{}2:{}{}".format(rec, col["staff_gap"], last_row)
    ws.conditional_formatting.add(
        cells,
        FormulaRule(formula=["AND(${}2>0,${}2=0)".format(rec, got)], fill=alert, stopIfTrue=True),
    )
    ws.conditional_formatting.add(
        cells, FormulaRule(formula=["AND(ISNUMBER(${0}2),${1}2<${0}2)".format(rec, got)], fill=warn)
    )


_SUMMARY_KEYS = (
    "district",
    "grids",
    "population",
    "recommended_staff",
    "assigned_staff",
    "staff_gap",
    "understaffed",
    "staff_coverage",
    "outlets_serving",
    "outlet_coverage",
    "feedback",
    "avg_rating",
    "below_grids",
    "flagged_grids",
)


def _write_summary(
    writer: _Writer, data: ProjectData, figures: Figures, result: WorkbookResult
) -> None:
    """One row per district: formulas over the Grids sheet; totals over the rows; chart."""
    lang = writer.language
    grids_title = _quote(writer.titles["grids"])
    n = len(data.grids["grid_id"])
    last = n + 1

    def rng(key):
        letter = _letter(_GRID_POS[key])
        return "{0}!${1}$2:${1}${2}".format(grids_title, letter, max(last, 2))

    nest = rng("nest")
    districts = figures.districts
    rows = len(districts)
    pop = [_number(v) or 0.0 for v in data.grids["population"]]
    rec = [_number(v) or 0.0 for v in data.grids["recommended_staff"]]
    has_rec = [_number(v) is not None for v in data.grids["recommended_staff"]]
    assigned = [len(p) for p in figures.assigned]
    q = figures.quality
    count = {d: 0 for d in districts}
    for d in figures.grid_district:
        count[d] += 1
    s_pop = _district_sums(figures, pop)
    s_rec = _district_sums(figures, rec)
    s_ass = _district_sums(figures, assigned)
    s_covered = _district_sums(figures, pop, [a > 0 for a in assigned])
    s_under = _district_sums(
        figures, [1] * n, [h and a < r for h, a, r in zip(has_rec, assigned, rec)]
    )
    s_outlet = _district_sums(figures, [1] * n, [bool(o) for o in data.grids["outlet_id"]])
    s_fb = _district_sums(figures, q["feedback_count"])
    s_rating = _district_sums(
        figures, [(c or 0) * (r or 0) for c, r in zip(q["feedback_count"], q["avg_rating"])]
    )
    s_rated = _district_sums(figures, q["feedback_count"], [r is not None for r in q["avg_rating"]])
    s_below = _district_sums(figures, q["below_standard"])
    s_flag = _district_sums(figures, q["flagged"])
    outlets_of: Dict[str, set] = defaultdict(set)
    for district, outlet in zip(figures.grid_district, data.grids["outlet_id"]):
        if outlet:
            outlets_of[district].add(outlet)

    cols: Dict[str, list] = {key: [] for key in _SUMMARY_KEYS}
    for r, district in enumerate(districts):
        row = r + 2
        key = _criteria("$A{}".format(row), district)
        ref = {k: "{}{}".format(_letter(i), row) for i, k in enumerate(_SUMMARY_KEYS)}
        cols["district"].append(district)
        cols["grids"].append(Formula("COUNTIF({},{})".format(nest, key), count[district]))
        cols["population"].append(
            Formula("SUMIFS({},{},{})".format(rng("population"), nest, key), s_pop[district])
        )
        cols["recommended_staff"].append(
            Formula("SUMIFS({},{},{})".format(rng("recommended_staff"), nest, key), s_rec[district])
        )
        cols["assigned_staff"].append(
            Formula("SUMIFS({},{},{})".format(rng("assigned_staff"), nest, key), s_ass[district])
        )
        cols["staff_gap"].append(
            Formula(
                "{}-{}".format(ref["assigned_staff"], ref["recommended_staff"]),
                s_ass[district] - s_rec[district],
            )
        )
        cols["understaffed"].append(
            Formula(
                "SUMPRODUCT(({0}={1})*ISNUMBER({2})*({3}<{2}))".format(
                    nest, "$A{}".format(row), rng("recommended_staff"), rng("assigned_staff")
                ),
                s_under[district],
            )
        )
        cols["staff_coverage"].append(
            Formula(
                'IF({0}>0,SUMIFS({1},{2},{3},{4},">0")/{0},"")'.format(
                    ref["population"], rng("population"), nest, key, rng("assigned_staff")
                ),
                _safe_div(s_covered[district], s_pop[district]),
            )
        )
        cols["outlets_serving"].append(len(outlets_of[district]))
        cols["outlet_coverage"].append(
            Formula(
                'IF({0}>0,COUNTIFS({1},{2},{3},"<>")/{0},"")'.format(
                    ref["grids"], nest, key, rng("outlet_id")
                ),
                _safe_div(s_outlet[district], count[district]),
            )
        )
        cols["feedback"].append(
            Formula("SUMIFS({},{},{})".format(rng("feedback_count"), nest, key), s_fb[district])
        )
        cols["avg_rating"].append(
            Formula(
                'IF(SUMIFS({0},{1},{2},{3},"<>")>0,SUMPRODUCT(({1}=$A{4})*{0}*{3})/'
                'SUMIFS({0},{1},{2},{3},"<>"),"")'.format(
                    rng("feedback_count"), nest, key, rng("avg_rating"), row
                ),
                _safe_div(s_rating[district], s_rated[district]),
            )
        )
        cols["below_grids"].append(
            Formula("SUMIFS({},{},{})".format(rng("below_standard"), nest, key), s_below[district])
        )
        cols["flagged_grids"].append(
            Formula("SUMIFS({},{},{})".format(rng("flagged"), nest, key), s_flag[district])
        )

    kinds = {
        "district": TEXT,
        "grids": INT,
        "population": INT,
        "recommended_staff": INT,
        "assigned_staff": INT,
        "staff_gap": SIGNED,
        "understaffed": INT,
        "staff_coverage": PCT,
        "outlets_serving": INT,
        "outlet_coverage": PCT,
        "feedback": INT,
        "avg_rating": DEC2,
        "below_grids": INT,
        "flagged_grids": INT,
    }
    first, end = 2, rows + 1
    letter = {k: _letter(i) for i, k in enumerate(_SUMMARY_KEYS)}

    def col_sum(key):
        return "SUM({0}{1}:{0}{2})".format(letter[key], first, end)

    total_pop = sum(s_pop.values())
    total_grids = n
    total_fb = sum(s_fb.values())
    total_rated = sum(s_rated.values())
    outlets_title = _quote(writer.titles["outlets"])
    served = "{0}!${1}$2:${1}${2}".format(
        outlets_title,
        _letter(_OUTLET_POS["grids_served"]),
        max(len(data.outlets["outlet_id"]) + 1, 2),
    )
    totals = [
        _pick(_WORDS["total"], lang),
        Formula(col_sum("grids"), total_grids),
        Formula(col_sum("population"), total_pop),
        Formula(col_sum("recommended_staff"), sum(s_rec.values())),
        Formula(col_sum("assigned_staff"), sum(s_ass.values())),
        Formula(
            "{0}{2}-{1}{2}".format(letter["assigned_staff"], letter["recommended_staff"], end + 1),
            sum(s_ass.values()) - sum(s_rec.values()),
        ),
        Formula(col_sum("understaffed"), sum(s_under.values())),
        Formula(
            'IF({0}{2}>0,SUMPRODUCT({0}{1}:{0}{3},{4}{1}:{4}{3})/{0}{2},"")'.format(
                letter["population"], first, end + 1, end, letter["staff_coverage"]
            ),
            _safe_div(sum(s_covered.values()), total_pop),
        ),
        Formula(
            'COUNTIF({},">0")'.format(served),
            len({o for o in data.grids["outlet_id"] if o} & set(data.outlets["outlet_id"])),
        ),
        Formula(
            'IF({0}{2}>0,SUMPRODUCT({0}{1}:{0}{3},{4}{1}:{4}{3})/{0}{2},"")'.format(
                letter["grids"], first, end + 1, end, letter["outlet_coverage"]
            ),
            _safe_div(sum(s_outlet.values()), total_grids),
        ),
        Formula(col_sum("feedback"), total_fb),
        Formula(
            'IF(SUMIFS({0}{1}:{0}{2},{3}{1}:{3}{2},"<>")>0,SUMPRODUCT({0}{1}:{0}{2},'
            '{3}{1}:{3}{2})/SUMIFS({0}{1}:{0}{2},{3}{1}:{3}{2},"<>"),"")'.format(
                letter["feedback"], first, end, letter["avg_rating"]
            ),
            _safe_div(sum(s_rating.values()), total_rated),
        ),
        Formula(col_sum("below_grids"), sum(s_below.values())),
        Formula(col_sum("flagged_grids"), sum(s_flag.values())),
    ]
    columns = [Column(key, kinds[key], cols[key]) for key in _SUMMARY_KEYS]
    writer.table("summary", columns, rows, totals=totals)
    _summary_extras(writer, rows, letter)
    result.districts = rows


def _summary_extras(writer: _Writer, rows: int, letter: Dict[str, str]) -> None:
    """Conditional formats and the chart of the Summary sheet."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    ws = writer.sheets["summary"]
    if rows == 0:
        return
    end = rows + 1
    alert = PatternFill("solid", start_color=_ALERT_FILL, end_color=_ALERT_FILL)
    warn = PatternFill("solid", start_color=_WARN_FILL, end_color=_WARN_FILL)
    ws.conditional_formatting.add(
        "{0}2:{0}{1}".format(letter["staff_gap"], end + 1),
        CellIsRule(operator="lessThan", formula=["0"], font=Font(color=_ALERT_FONT, bold=True)),
    )
    for key in ("understaffed", "below_grids"):
        ws.conditional_formatting.add(
            "{0}2:{0}{1}".format(letter[key], end),
            CellIsRule(operator="greaterThan", formula=["0"], fill=warn),
        )
    ws.conditional_formatting.add(
        "{0}2:{0}{1}".format(letter["flagged_grids"], end),
        CellIsRule(operator="greaterThan", formula=["0"], fill=alert),
    )
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = _pick(_WORDS["chart_title"], writer.language)
    chart.y_axis.title = _pick(_WORDS["chart_y"], writer.language)
    chart.y_axis.majorGridlines = None
    chart.x_axis.title = writer.header("district")
    # openpyxl ≥ 3.1 hides axes unless told (delete = False); 3.0 shows them either way
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    recommended = _SUMMARY_KEYS.index("recommended_staff") + 1
    data = Reference(ws, min_col=recommended, max_col=recommended + 1, min_row=1, max_row=end)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=end))
    chart.width = max(16.0, min(40.0, 1.2 * rows + 6))
    chart.height = 9.0
    chart.legend.position = "b"
    ws.add_chart(chart, "B{}".format(end + 4))


_STAFF_COLUMNS = (
    ("staff_id", TEXT),
    ("name", TEXT),
    ("role", TEXT),
    ("outlet_id", TEXT),
    ("outlet_name", TEXT),
    ("active", YESNO),
    ("grid_count", COUNT),
    ("grid_list", TEXT),
    ("staff_workload", INT),
    ("capacity", INT),
    ("utilisation", PCT),
    ("spare", SIGNED),
)


def _write_staff(
    writer: _Writer, data: ProjectData, figures: Figures, result: WorkbookResult
) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    lang = writer.language
    staff = data.staff
    n = len(staff["staff_id"])
    roles = _catalogue(schema.STAFF_ROLES, lang)
    outlet_names = dict(zip(data.outlets["outlet_id"], data.outlets["name"]))
    sep = "、" if lang == "zh" else ", "
    ids = [None if s is None else str(s) for s in staff["staff_id"]]
    load = [figures.person_load.get(s, 0.0) for s in ids]
    capacity = [_number(c) for c in staff["capacity"]]
    utilisation = [load[k] / c if c else None for k, c in enumerate(capacity)]
    values = {
        "staff_id": ids,
        "role": [roles.get(v, v) for v in staff["role"]],
        "outlet_name": [outlet_names.get(o) if o else None for o in staff["outlet_id"]],
        "active": [None if v is None else (1 if _number(v) else 0) for v in staff["active"]],
        "grid_count": [len(figures.person_grids.get(s, ())) for s in ids],
        "grid_list": [sep.join(figures.person_grids.get(s, ())) or None for s in ids],
        "staff_workload": [float(round(v)) for v in load],
        "capacity": capacity,
        "utilisation": utilisation,
        "spare": [None if c is None else float(round(c - w)) for c, w in zip(capacity, load)],
    }
    columns = [
        Column(key, kind, values[key] if key in values else staff[key])
        for key, kind in _STAFF_COLUMNS
    ]
    writer.table("staff", columns, n, freeze="C2", fit=False)
    if n:
        ws = writer.sheets["staff"]
        util = _letter([k for k, _ in _STAFF_COLUMNS].index("utilisation"))
        spare = _letter([k for k, _ in _STAFF_COLUMNS].index("spare"))
        ws.conditional_formatting.add(
            "{0}2:{0}{1}".format(util, n + 1),
            CellIsRule(
                operator="greaterThan",
                formula=["1"],
                fill=PatternFill("solid", start_color=_ALERT_FILL, end_color=_ALERT_FILL),
                font=Font(color=_ALERT_FONT, bold=True),
            ),
        )
        ws.conditional_formatting.add(
            "{0}2:{0}{1}".format(spare, n + 1),
            CellIsRule(operator="lessThan", formula=["0"], font=Font(color=_ALERT_FONT)),
        )
    result.staff = n
    result.overloaded_staff = sum(1 for u in utilisation if u is not None and u > 1 + 1e-9)


_OUTLET_COLUMNS = (
    ("outlet", TEXT),
    ("outlet_label", TEXT),
    ("kind", TEXT),
    ("status", TEXT),
    ("outlet_capacity", COUNT),
    ("staff_based", COUNT),
    ("outlet_use", PCT),
    ("grids_served", COUNT),
    ("population_served", INT),
    ("districts_served", TEXT),
)
_OUTLET_POS = {key: k for k, (key, _kind) in enumerate(_OUTLET_COLUMNS)}


def _write_outlets(
    writer: _Writer, data: ProjectData, figures: Figures, result: WorkbookResult
) -> None:
    lang = writer.language
    outlets = data.outlets
    n = len(outlets["outlet_id"])
    kinds = _catalogue(schema.OUTLET_KINDS, lang)
    status = _catalogue(schema.OUTLET_STATUS, lang)
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
            pop_of[o] += _number(data.grids["population"][k]) or 0.0
            d = figures.grid_district[k]
            if d not in districts_of[o]:
                districts_of[o].append(d)
    sep = "、" if lang == "zh" else ", "
    ids = outlets["outlet_id"]
    capacity = [_number(c) for c in outlets["capacity"]]
    values = {
        "outlet": ids,
        "outlet_label": outlets["name"],
        "kind": [kinds.get(v, v) for v in outlets["kind"]],
        "status": [status.get(v, v) for v in outlets["status"]],
        "outlet_capacity": capacity,
        "staff_based": [based.get(o, 0) for o in ids],
        "outlet_use": [based.get(o, 0) / c if c else None for o, c in zip(ids, capacity)],
        "grids_served": [grids_of.get(o, 0) for o in ids],
        "population_served": [pop_of.get(o, 0.0) for o in ids],
        "districts_served": [sep.join(sorted(districts_of.get(o, ()))) or None for o in ids],
    }
    columns = [Column(key, kind, values[key]) for key, kind in _OUTLET_COLUMNS]
    writer.table("outlets", columns, n)
    if n:
        from openpyxl.formatting.rule import CellIsRule
        from openpyxl.styles import PatternFill

        use = _letter(_OUTLET_POS["outlet_use"])
        writer.sheets["outlets"].conditional_formatting.add(
            "{0}2:{0}{1}".format(use, n + 1),
            CellIsRule(
                operator="greaterThan",
                formula=["1"],
                fill=PatternFill("solid", start_color=_ALERT_FILL, end_color=_ALERT_FILL),
            ),
        )
    result.outlets = n


def _write_feedback(
    writer: _Writer, data: ProjectData, figures: Figures, standard: float, result: WorkbookResult
) -> None:
    """Feedback per district and category (rows: districts; totals: formulas)."""
    lang = writer.language
    fb = data.feedback
    none = _pick(_WORDS["none"], lang)
    district_of = dict(zip(data.grids["grid_id"], figures.grid_district))
    categories = [code for code, _zh, _en in schema.FEEDBACK_CATEGORIES]
    cat_label = _catalogue(schema.FEEDBACK_CATEGORIES, lang)
    per: Dict[str, dict] = {}
    ratings: Dict[str, List[float]] = defaultdict(list)
    minutes: Dict[str, List[float]] = defaultdict(list)
    for k in range(len(fb["grid_id"])):
        district = district_of.get(str(fb["grid_id"][k]) if fb["grid_id"][k] else None, none)
        row = per.setdefault(district, defaultdict(int))
        row["feedback"] += 1
        category = (fb["category"][k] or "").strip().lower()
        row[category if category in categories else "other"] += 1
        if (fb["status"][k] or "open") == "open":
            row["open"] += 1
        rating = _number(fb["rating"][k])
        if rating is not None and 1 <= rating <= 5:
            ratings[district].append(rating)
        if category == quality.COMPLAINT_CATEGORY or (
            rating is not None and rating <= quality.COMPLAINT_RATING
        ):
            row["complaints"] += 1
        time = _number(fb["response_minutes"][k])
        if time is not None and time >= 0:
            minutes[district].append(time)
            if time > standard:
                row["over_standard"] += 1
    districts = sorted(per)
    count_keys = ["feedback", "open"] + categories + ["complaints"]
    columns = [Column("district", TEXT, districts)]
    for key in count_keys:
        header = cat_label[key] if key in cat_label else None
        columns.append(Column(key, INT, [per[d].get(key, 0) for d in districts], header=header))
    columns.append(Column("rated", INT, [len(ratings[d]) for d in districts]))
    columns.append(
        Column(
            "avg_rating",
            DEC2,
            [round(float(np.mean(ratings[d])), 2) if ratings[d] else None for d in districts],
        )
    )
    columns.append(Column("timed", INT, [len(minutes[d]) for d in districts]))
    columns.append(
        Column(
            "response_median",
            DEC1,
            [round(float(np.median(minutes[d])), 1) if minutes[d] else None for d in districts],
        )
    )
    columns.append(
        Column(
            "response_p90",
            DEC1,
            [
                round(float(np.percentile(minutes[d], 90)), 1) if minutes[d] else None
                for d in districts
            ],
        )
    )
    columns.append(
        Column("over_standard", INT, [per[d].get("over_standard", 0) for d in districts])
    )
    rows = len(districts)
    first, end = 2, rows + 1
    pos = {c.key: k for k, c in enumerate(columns)}
    letter = {key: _letter(k) for key, k in pos.items()}
    share = []
    for r in range(rows):
        row = r + 2
        share.append(
            Formula(
                'IF({0}{2}>0,{1}{2}/{0}{2},"")'.format(
                    letter["timed"], letter["over_standard"], row
                ),
                _safe_div(columns[pos["over_standard"]].values[r], columns[pos["timed"]].values[r]),
            )
        )
    columns.append(Column("over_share", PCT, share))
    letter["over_share"] = _letter(len(columns) - 1)
    everything_r = [v for d in districts for v in ratings[d]]
    everything_m = [v for d in districts for v in minutes[d]]
    totals: List = [_pick(_WORDS["total"], lang)]
    for column in columns[1:]:
        key = column.key
        if column.kind == INT:
            totals.append(
                Formula("SUM({0}{1}:{0}{2})".format(letter[key], first, end), sum(column.values))
            )
        elif key == "avg_rating":
            totals.append(
                Formula(
                    "IF(SUM({0}{1}:{0}{2})>0,SUMPRODUCT({0}{1}:{0}{2},{3}{1}:{3}{2})/"
                    'SUM({0}{1}:{0}{2}),"")'.format(letter["rated"], first, end, letter[key]),
                    _safe_div(
                        sum(
                            len(ratings[d]) * (column.values[r] or 0.0)
                            for r, d in enumerate(districts)
                        ),
                        len(everything_r),
                    ),
                )
            )
        elif key == "response_median":
            totals.append(round(float(np.median(everything_m)), 1) if everything_m else None)
        elif key == "response_p90":
            totals.append(
                round(float(np.percentile(everything_m, 90)), 1) if everything_m else None
            )
        elif key == "over_share":
            over = sum(columns[pos["over_standard"]].values)
            timed = sum(columns[pos["timed"]].values)
            totals.append(
                Formula(
                    'IF({0}{2}>0,{1}{2}/{0}{2},"")'.format(
                        letter["timed"], letter["over_standard"], end + 1
                    ),
                    _safe_div(over, timed),
                )
            )
        else:
            totals.append(None)
    writer.table("feedback", columns, rows, totals=totals)
    result.feedback = len(fb["grid_id"])


def _write_notes(
    writer: _Writer,
    data: ProjectData,
    figures: Figures,
    standard: float,
    result: WorkbookResult,
    now: Optional[_dt.datetime],
) -> None:
    lang = writer.language
    ws = writer.sheets["notes"]
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 100
    styles = writer.styles
    made = (
        (now or _dt.datetime.now(_dt.timezone.utc))
        .astimezone(_dt.timezone.utc)
        .replace(tzinfo=None, microsecond=0)
    )
    report = figures.quality_report
    period = (
        ""
        if report is None or report.period[0] is None
        else "{} – {}".format(report.period[0], report.period[2])
    )
    values = {
        "project": os.path.basename(data.path),
        "project_id": data.meta.get("project_id", ""),
        "created_at": made,
        "created_with": data.meta.get("created_with", ""),
        "response_standard": standard,
        "quality_period": period,
        "counts": _pick(_NOTE_TEXT["counts"], lang).format(
            grids="{:,}".format(len(data.grids["grid_id"])),
            staff="{:,}".format(len(data.staff["staff_id"])),
            outlets="{:,}".format(len(data.outlets["outlet_id"])),
            feedback="{:,}".format(len(data.feedback["grid_id"])),
            assignments="{:,}".format(len(data.assignments)),
        ),
    }
    ws.append([styles.cell(ws, _pick(_WORDS["title"], lang), styles.label, text=True)])
    for key, zh, en in _NOTES:
        label = zh if lang == "zh" else en
        if key in values:
            value = values[key]
            if isinstance(value, _dt.datetime):
                cell = styles.cell(ws, value, styles.date)
            elif isinstance(value, str):
                cell = styles.cell(ws, safe_text(value), styles.wrap, text=True)
            else:
                cell = value
        else:
            cell = styles.cell(ws, _pick(_NOTE_TEXT[key], lang), styles.wrap, text=True)
        ws.append([styles.cell(ws, label, styles.label, text=True), cell])


def _properties(wb, language: str, data: ProjectData, now: Optional[_dt.datetime]) -> None:
    made = (
        (now or _dt.datetime.now(_dt.timezone.utc))
        .astimezone(_dt.timezone.utc)
        .replace(tzinfo=None, microsecond=0)
    )
    props = wb.properties
    props.title = _pick(_WORDS["title"], language)
    props.subject = _pick(_WORDS["subject"], language)
    props.keywords = _pick(_WORDS["keywords"], language)
    props.creator = "Service Grid"
    props.lastModifiedBy = "Service Grid"
    props.description = safe_text(os.path.basename(data.path))
    props.created = made
    props.modified = made
    props.language = "zh-CN" if language == "zh" else "en"
    props.category = _pick(_SHEETS["summary"], language)
