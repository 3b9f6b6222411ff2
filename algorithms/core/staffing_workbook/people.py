"""The People sheet (人员质量与培训): service quality per person and who needs training, from
:func:`staff_quality.staff_report` (the figures ``servicequality`` writes to OUTPUT_STAFF),
with the reasons in the workbook's language. People who need training are shown in red."""

from typing import List, Tuple

from .. import schema, staff_quality
from .labels import labelled, pick
from .model import ALERT_FILL, COUNT, DEC1, DEC2, PCT, TEXT, YESNO, Column, ProjectData
from .rules import add, fill, red_font, when
from .values import column_cells, column_letter
from .xlsx import Writer

SHEET = "people"

#: (key, kind, Chinese header, English header), in order.
LAYOUT: Tuple[Tuple[str, str, str, str], ...] = (
    ("staff_id", TEXT, "工号", "Staff id"),
    ("name", TEXT, "姓名", "Name"),
    ("role", TEXT, "岗位", "Role"),
    ("outlet_id", TEXT, "所属网点", "Outlet"),
    ("feedback_count", COUNT, "反馈数", "Feedback"),
    ("avg_rating", DEC2, "平均评分", "Average rating"),
    ("complaint_share", PCT, "投诉占比", "Complaint share"),
    ("response_p90", DEC1, "响应时间90分位(分钟)", "Response p90 (min)"),
    ("followups_due", COUNT, "应回访数", "Follow-ups due"),
    ("on_time_share", PCT, "按时回访率", "Follow-ups on time"),
    ("training_need", YESNO, "需培训", "Training need"),
    ("training_reasons", TEXT, "培训原因", "Training reasons"),
)


def people_columns(data: ProjectData, language: str, response_standard: float) -> List[Column]:
    """The sheet's columns, one row per person of the roster (in roster order)."""
    standards = staff_quality.Standards(response=response_standard)
    report = staff_quality.staff_report(data.path, standards)
    c = report.columns
    row_of = {s: k for k, s in enumerate(c["staff_id"])}
    reasons = staff_quality.reasons(c, report.counts, report.standards, language)
    ids = [None if s is None else str(s) for s in data.staff["staff_id"]]
    rows = [row_of.get(s) if s is not None else None for s in ids]

    def pick_column(name, source=None):
        source = c[name] if source is None else source
        return [None if k is None else source[k] for k in rows]

    no_visits = pick(("无回访记录", "no visits"), language)
    due = pick_column("followups_due")
    values = {
        "staff_id": ids,
        "name": data.staff["name"],
        "role": labelled(data.staff["role"], schema.STAFF_ROLES, language),
        "outlet_id": data.staff["outlet_id"],
        "feedback_count": [0 if v is None else v for v in pick_column("feedback_count")],
        "avg_rating": pick_column("avg_rating"),
        "complaint_share": pick_column("complaint_share"),
        "response_p90": pick_column("response_p90"),
        "followups_due": due if report.has_visits else [no_visits] * len(ids),
        "on_time_share": pick_column("on_time_share"),
        "training_need": [0 if v is None else v for v in pick_column("training_need")],
        "training_reasons": pick_column("training_reasons", reasons),
    }
    header = 2 if language == "en" else 1
    out = []
    for key, kind, *names in LAYOUT:
        shown = TEXT if key == "followups_due" and not report.has_visits else kind
        out.append(Column(key, shown, values[key], header=names[header - 1]))
    return out


def write_people(writer: Writer, data: ProjectData, response_standard: float) -> int:
    """The People sheet; the number of people who need training."""
    columns = people_columns(data, writer.language, response_standard)
    n = len(data.staff["staff_id"])
    writer.table(SHEET, columns, n, freeze="C2", fit=False)
    keys = [c.key for c in columns]
    if n:
        need = column_letter(keys.index("training_need"))
        last = column_letter(len(keys) - 1)
        add(
            writer.sheets[SHEET],
            [
                (
                    column_cells("A", n + 1, last),
                    when("${}2=1".format(need), fill(ALERT_FILL), red_font()),
                )
            ],
        )
    return sum(1 for v in columns[keys.index("training_need")].values if v)
