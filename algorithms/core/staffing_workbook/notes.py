"""The Notes sheet (the project, when the workbook was made, and what every derived figure
means) and the workbook's document properties."""

import datetime as _dt
import os
from typing import Optional

from .labels import NOTE_TEXT, NOTES, SHEETS, WORDS, pick
from .model import Figures, ProjectData, WorkbookResult
from .values import safe_text
from .xlsx import Writer


def made_at(now: Optional[_dt.datetime]) -> _dt.datetime:
    """When the workbook is made: ``now`` (else the clock) in UTC, naive, whole seconds."""
    return (
        (now or _dt.datetime.now(_dt.timezone.utc))
        .astimezone(_dt.timezone.utc)
        .replace(tzinfo=None, microsecond=0)
    )


def write_notes(
    writer: Writer,
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
    made = made_at(now)
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
        "counts": pick(NOTE_TEXT["counts"], lang).format(
            grids="{:,}".format(len(data.grids["grid_id"])),
            staff="{:,}".format(len(data.staff["staff_id"])),
            outlets="{:,}".format(len(data.outlets["outlet_id"])),
            feedback="{:,}".format(len(data.feedback["grid_id"])),
            assignments="{:,}".format(len(data.assignments)),
        ),
    }
    ws.append([styles.cell(ws, pick(WORDS["title"], lang), styles.label, text=True)])
    for key, zh, en in NOTES:
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
            cell = styles.cell(ws, pick(NOTE_TEXT[key], lang), styles.wrap, text=True)
        ws.append([styles.cell(ws, label, styles.label, text=True), cell])


def properties(wb, language: str, data: ProjectData, now: Optional[_dt.datetime]) -> None:
    made = made_at(now)
    props = wb.properties
    props.title = pick(WORDS["title"], language)
    props.subject = pick(WORDS["subject"], language)
    props.keywords = pick(WORDS["keywords"], language)
    props.creator = "Service Grid"
    props.lastModifiedBy = "Service Grid"
    props.description = safe_text(os.path.basename(data.path))
    props.created = made
    props.modified = made
    props.language = "zh-CN" if language == "zh" else "en"
    props.category = pick(SHEETS["summary"], language)
