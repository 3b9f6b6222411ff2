"""The workbook's words in Chinese and English: sheet names, column headers, the Notes sheet's
definitions and the reasons a grid is flagged (``language`` = ``"zh"`` or ``"en"``)."""

from typing import Dict, Iterable, Sequence, Tuple

from .. import quality, schema

SHEETS = {
    "summary": ("汇总", "Summary"),
    "grids": ("网格", "Grids"),
    "staff": ("人员", "Staff"),
    "people": ("人员质量与培训", "People"),
    "outlets": ("网点", "Outlets"),
    "feedback": ("反馈", "Feedback"),
    "customers": ("客户", "Customers"),
    "map": ("地图", "Map"),
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
        # names beside the codes, the Customers sheet
        "nest_name": ("区划名称", "Area name"),
        "district_name": ("区划名称", "Area name"),
        "parent_name": ("上级区划名称", "Parent area"),
        "customers_total": ("客户合计", "Customers"),
        "consented": ("同意使用信息的客户", "Customers with consent"),
        "products": ("推荐产品", "Recommended products"),
    }
)

WORDS = {
    "total": ("合计", "Total"),
    "none": ("(无)", "(none)"),
    "chart_title": ("各区县人员：建议与已分配", "Staff per district: recommended and assigned"),
    "chart_y": ("人数", "People"),
    "map_title": ("服务网格分布图(按密度等级)", "Service grids by density class"),
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

NOTES = (
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
    ("def_training", "人员质量与培训", "Quality per person and training"),
    ("def_customers", "客户", "Customers"),
    ("def_formulas", "公式", "Formulas"),
    ("def_safety", "文本安全", "Text safety"),
)

NOTE_TEXT = {
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
        "(与“人员配置”算法及“人员与网点”面板相同)。"
        "负荷率 = 工作量 ÷ 服务人口容量，超过 100% 标红。",
        "Each grid's workload is shared equally among its places: places = max(recommended "
        "staff, people assigned); a person carries one share of each of their grids, and the "
        "shares add up to their workload. Empty places are unserved workload, not load on the "
        "people there (as in 'Allocate staff to grids' and the Staff & outlets dock). "
        "Utilisation = workload ÷ capacity; above 100 % in red.",
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
    "def_training": (
        "“人员质量与培训”表：按工号统计反馈(评分、投诉占比、响应时间 90 分位数)和回访(按"
        "时回访率，项目尚无回访任务时为“无回访记录”)。证据充分且低于标准时需培训：至少 20"
        " 个评分且平均分低于 3.5 超过两倍标准误；至少 20 条反馈且投诉占比高于 15% 超过两"
        "倍标准误；至少 10 个响应时间且 90 分位数超过响应标准；至少 5 次应回访且按时率低"
        "于 80% 超过两倍标准误。",
        "People sheet: feedback by staff id (ratings, complaint share, response p90) and foll"
        'ow-up visits (share done on time; "no visits" when the project has no visits assigne'
        "d yet). Training is needed below a standard with enough evidence: at least 20 rating"
        "s with a mean below 3.5 by more than twice its standard error; at least 20 feedback "
        "with complaints above 15 % by more than twice its standard error; at least 10 respon"
        "se times with the 90th percentile above the response standard; at least 5 follow-ups"
        " due with under 80 % on time by more than twice its standard error.",
    ),
    "def_customers": (
        "来自客户登记(“导入客户”算法)，按客户所在单元的当前网格统计：个人客户渗透率 = 个人客户数 ÷ "
        "人口；企业客户渗透率 = 企业客户数 ÷ 企业数；产品缺口：“网格分类”为该网格推荐、但持有率"
        "低于 10% 的产品(团体福利、企业财产险按企业客户计，其余按个人客户计)。只统计人数，不列出"
        "客户姓名和电话。",
        "From the customer register ('Import customers'), counted in the current grid of each "
        "customer's unit: penetration = individual customers ÷ population; enterprise "
        "penetration = enterprise customers ÷ enterprises; product gaps: the products "
        "'Classify grids' recommends for the grid that fewer than 10 % of its customers hold "
        "(group benefits and commercial property among enterprise customers, the others among "
        "individuals). Only counts: no customer's name or phone is listed.",
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

REASONS = {
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


def pick(pair: Tuple[str, str], language: str) -> str:
    """The Chinese or the English of ``pair``."""
    return pair[0] if language == "zh" else pair[1]


def catalogue(values: Iterable[Tuple[str, str, str]], language: str) -> Dict[str, str]:
    """``{code: label}`` of a ``(code, zh, en)`` catalogue of the schema."""
    return {code: (zh if language == "zh" else en) for code, zh, en in values}


def separator(language: str) -> str:
    """What separates the items of a list in one cell."""
    return "、" if language == "zh" else ", "


def labelled(values: Sequence, codes: Iterable[Tuple[str, str, str]], language: str) -> list:
    """``values`` with each code of the catalogue ``codes`` as its label (others as they are)."""
    labels = catalogue(codes, language)
    return [labels.get(v, v) for v in values]
