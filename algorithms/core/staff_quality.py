"""Service quality per staff member, and who needs training, from the feedback (and the
follow-up visits, when the project has them) of a project GeoPackage.

Pure Python and numpy, no QGIS; ``servicequality`` (its OUTPUT_STAFF table) and the
workbook's People sheet call :func:`staff_report`. One row per person of the roster (by
``staff_id``), with :data:`COLUMNS`:

==================  =====  ==============================================================
feedback_count      int    feedback rows logged for the person in the period
avg_rating          float  mean rating (1–5, 2 decimals); NULL without ratings
complaint_share     float  share (0–1, 3 decimals) of complaints (category ``complaint``
                           or a rating of 1–2: the same rule as per grid)
response_p90        float  90th percentile of the response times (minutes, 1 decimal)
followups_due       int    follow-up visits due in the period (NULL: no ``visits`` table)
on_time_share       float  share of those done by the end of their due day (NULL: none due)
low_rating, many_complaints, slow_response, late_followups
                    int    1 when the person is below that standard, significantly
training_need       int    1 when any of the four
training_reasons    str    why (translated), NULL without a need
==================  =====  ==============================================================

**Significance**, as per grid (:mod:`core.quality`): a figure is only judged with enough
observations, and a shortfall must be more than chance explains (at least
:data:`SIGNIFICANCE` standard errors, about 95 % one-sided, as the falling-ratings test):

* ratings: at least :data:`MIN_RATINGS`; the mean is below the rating standard and
  ``standard − mean ≥ 2 · s/√n``;
* complaints: at least :data:`MIN_FEEDBACK` feedback; the share is above the complaint
  standard p₀ and ``share − p₀ ≥ 2 · √(p₀(1 − p₀)/n)``;
* response: at least :data:`~core.quality.MIN_RESPONSES` response times and the p90 above
  the response standard (the per-grid rule: a promise kept for nearly every customer);
* follow-ups: at least :data:`MIN_FOLLOWUPS` due; the on-time share is below the standard
  p₀ and ``p₀ − share ≥ 2 · √(p₀(1 − p₀)/n)``.

**Follow-ups** come from the ``visits`` table (``staff_id``, ``due_date`` YYYY-MM-DD,
``status`` open / done / not_reached / cancelled, ``done_at``), read only when the project
has it. A visit is *due* when it is not cancelled and either done or its due day has ended
(before ``now``); it is *on time* when done by the end of its due day (UTC). With a period,
visits count by their due day. Without the table the follow-up columns are NULL ("no
visits"), never an error.

The loop back to staffing is per grid (``staff_change`` of :mod:`core.quality`); a person
below the standard is trained, not replaced. Fast: one query, the staff ids mapped by a dict
lookup in C and a numpy group-by (no Python loop per row or per person); 1,000,000 feedback
rows and 5,000 staff within the 5 s target (``bench/bench_staff_quality.py``).
"""

import contextlib
import datetime as _dt
import gc
import itertools
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np

from . import schema
from .errors import InputError
from .gpkg import connect_ro
from .i18n import translate
from .quality import (
    COMPLAINT_CATEGORY,
    COMPLAINT_RATING,
    DEFAULT_RESPONSE_STANDARD,
    MIN_RESPONSES,
    _check_standard,
    _column,
    _group_quantiles,
    _julian,
    _text,
    parse_range,
)

COLUMNS: Tuple[str, ...] = (
    "staff_id",
    "name",
    "feedback_count",
    "avg_rating",
    "complaint_share",
    "response_p90",
    "followups_due",
    "on_time_share",
    "low_rating",
    "many_complaints",
    "slow_response",
    "late_followups",
    "training_need",
    "training_reasons",
)

_YES = schema.YES_NO
#: The columns as fields (types and Chinese aliases), without staff_id and name.
FIELDS: Tuple[schema.Field, ...] = (
    schema.Field("feedback_count", schema.INT, "反馈数", "Feedback"),
    schema.Field("avg_rating", schema.REAL, "平均评分", "Average rating"),
    schema.Field("complaint_share", schema.REAL, "投诉占比", "Complaint share"),
    schema.Field("response_p90", schema.REAL, "响应时间90分位(分钟)", "Response p90 (min)"),
    schema.Field("followups_due", schema.INT, "应回访数", "Follow-ups due"),
    schema.Field("on_time_share", schema.REAL, "按时回访率", "Follow-ups on time"),
    schema.Field("low_rating", schema.INT, "评分偏低", "Low rating", values=_YES),
    schema.Field("many_complaints", schema.INT, "投诉偏多", "Many complaints", values=_YES),
    schema.Field("slow_response", schema.INT, "响应偏慢", "Slow response", values=_YES),
    schema.Field("late_followups", schema.INT, "回访不及时", "Late follow-ups", values=_YES),
    schema.Field("training_need", schema.INT, "需培训", "Training need", values=_YES),
    schema.Field("training_reasons", schema.TEXT, "培训原因", "Training reasons"),
)
#: The output table as the schema sees it (aliases and value maps).
STAFF_QUALITY = schema.Layer(
    "staff_quality",
    schema.NONE,
    "人员服务质量",
    "Service quality per person",
    (
        schema.Field("staff_id", schema.TEXT, "工号", "Staff id"),
        schema.Field("name", schema.TEXT, "姓名", "Name"),
        *FIELDS,
    ),
)

DEFAULT_RATING_STANDARD = 3.5
DEFAULT_COMPLAINT_STANDARD = 0.15
DEFAULT_FOLLOWUP_STANDARD = 0.8
MIN_RATINGS = 20
MIN_FEEDBACK = 20
MIN_FOLLOWUPS = 5
SIGNIFICANCE = 2.0

VISITS_TABLE = "visits"
_VISIT_COLUMNS = ("staff_id", "due_date", "status", "done_at")


@dataclass
class Standards:
    """The standards a person is measured against."""

    response: float = DEFAULT_RESPONSE_STANDARD
    rating: float = DEFAULT_RATING_STANDARD
    complaint: float = DEFAULT_COMPLAINT_STANDARD
    followup: float = DEFAULT_FOLLOWUP_STANDARD

    def check(self) -> "Standards":
        self.response = _check_standard(self.response)
        limits = (("rating", 1.0, 5.0), ("complaint", 0.0, 1.0), ("followup", 0.0, 1.0))
        messages = {
            "rating": translate(
                "core", "The rating standard must be between 1 and 5 (got {value})."
            ),
            "complaint": translate(
                "core", "The complaint standard must be a share between 0 and 1 (got {value})."
            ),
            "followup": translate(
                "core",
                "The follow-up standard must be a share between 0 and 1 (got {value}).",
            ),
        }
        for name, low, high in limits:
            value = getattr(self, name)
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = float("nan")
            if not (math.isfinite(number) and low <= number <= high):
                raise InputError(messages[name].format(value=value))
            setattr(self, name, number)
        return self


@dataclass
class StaffQualityReport:
    """The result of :func:`staff_report`."""

    columns: Dict[str, list]
    standards: Standards
    feedback_rows: int = 0
    #: Feedback rows counted (in the period, for a person of the roster).
    counted: int = 0
    #: Rows in the period without a staff id, and with one not on the roster (ids kept).
    without_staff: int = 0
    unknown_staff: int = 0
    unknown_ids: List[str] = field(default_factory=list)
    #: Whether the project has a ``visits`` table, and the visits counted as due.
    has_visits: bool = False
    visits_due: int = 0
    #: Per person: ratings, feedback and follow-ups due counted (the reasons' ``n``).
    counts: Dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def staff_count(self) -> int:
        return len(self.columns["staff_id"])

    @property
    def training_needs(self) -> int:
        return int(sum(self.columns["training_need"]))


def staff_report(
    project_path: str,
    standards: Optional[Standards] = None,
    date_from: Optional[str] = None,
    date_to: Optional[str] = None,
    now: Optional[_dt.datetime] = None,
) -> StaffQualityReport:
    """Service quality and training needs per person of a project (see the module doc)."""
    standards = (standards or Standards()).check()
    low, high = parse_range(date_from, date_to)
    moment = now or _dt.datetime.now(_dt.timezone.utc)
    with contextlib.closing(connect_ro(project_path)) as con:
        tables = {
            name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        staff: List[Tuple[str, Optional[str]]] = []
        if "staff" in tables:
            staff = [
                (str(s), n)
                for s, n in con.execute(
                    "SELECT staff_id, name FROM staff WHERE staff_id IS NOT NULL AND "
                    "staff_id <> '' ORDER BY staff_id"
                )
            ]
        report = StaffQualityReport(columns={}, standards=standards)
        index_of = {s: i for i, s in enumerate(s for s, _n in staff)}
        figures = _feedback(con, tables, index_of, low, high, report)
        due, on_time = _visits(con, tables, index_of, low, high, _julian(moment), report)
    return compute(staff, figures, due, on_time, report)


# ------------------------------------------------------------------ input


def _period_sql(column: str, low, high) -> Tuple[str, list]:
    """A WHERE clause (``""`` without a period) on the julian day of ``column``."""
    parts, args = [], []
    if low is not None:
        parts.append("julianday({}) >= ?".format(column))
        args.append(low[0])
    if high is not None:
        parts.append("julianday({}) {} ?".format(column, "<=" if high[1] else "<"))
        args.append(high[0])
    return (" WHERE " + " AND ".join(parts)) if parts else "", args


@contextlib.contextmanager
def _no_gc():
    """The garbage collector off while a million row tuples are made (it would walk them all,
    again and again, and find nothing: rows hold no cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _feedback(con, tables, index_of: Dict[str, int], low, high, report) -> Dict[str, np.ndarray]:
    """Per person (roster index): counts and sums of the feedback in the period, and the 90th
    percentile of the response times (numpy group-by over the rows; the staff ids are mapped
    by a dict lookup in C, no Python loop per row)."""
    n = len(index_of)
    figures: Dict[str, np.ndarray] = {
        k: np.zeros(n) for k in ("count", "rated", "total", "squares", "unhappy", "timed")
    }
    figures["p90"] = np.full(n, np.nan)
    if schema.FEEDBACK.name not in tables:
        return figures
    where, args = _period_sql("collected_at", low, high)
    with _no_gc():
        report.feedback_rows = con.execute(
            "SELECT count(*) FROM {}".format(schema.FEEDBACK.name)
        ).fetchone()[0]
        # "+ 0.0": a number, or NULL; text that is not a number becomes 0 (out of range)
        rows = con.execute(
            "SELECT staff_id, rating + 0.0, response_minutes + 0.0, "
            "lower(trim(category)) = ? FROM {}{}".format(schema.FEEDBACK.name, where),
            [COMPLAINT_CATEGORY] + args,
        ).fetchall()
        sid, rating_in, minutes_in, complaint_in = zip(*rows) if rows else ((), (), (), ())
        del rows
        sidx = np.fromiter(
            map(index_of.get, sid, itertools.repeat(-1)), dtype=np.int64, count=len(sid)
        )
        rating = np.array(rating_in, dtype=float).reshape(-1)
        minutes = np.array(minutes_in, dtype=float).reshape(-1)
        complaint = np.array(complaint_in, dtype=bool).reshape(-1)
        del rating_in, minutes_in, complaint_in
    outside = np.flatnonzero(sidx < 0)
    if len(outside):
        other = Counter(_text(sid[i]) for i in outside)
        report.without_staff = sum(c for t, c in other.items() if not t.strip())
        report.unknown_staff = sum(c for t, c in other.items() if t.strip())
        report.unknown_ids = sorted(t for t in other if t.strip())[:20]
    keep = sidx >= 0
    report.counted = int(keep.sum())
    s = sidx[keep]
    rating, minutes, complaint = rating[keep], minutes[keep], complaint[keep]
    with np.errstate(invalid="ignore"):
        rating[~((rating >= 1) & (rating <= 5))] = np.nan
        minutes[~(minutes >= 0)] = np.nan
    rated = ~np.isnan(rating)
    figures["count"] = np.bincount(s, minlength=n).astype(float)
    figures["rated"] = np.bincount(s[rated], minlength=n).astype(float)
    figures["total"] = np.bincount(s[rated], weights=rating[rated], minlength=n)
    figures["squares"] = np.bincount(s[rated], weights=rating[rated] ** 2, minlength=n)
    with np.errstate(invalid="ignore"):
        unhappy = complaint | (rating <= COMPLAINT_RATING)  # NaN compares False
    figures["unhappy"] = np.bincount(s, weights=unhappy.astype(float), minlength=n)
    timed = ~np.isnan(minutes)
    figures["timed"] = np.bincount(s[timed], minlength=n).astype(float)
    (figures["p90"],) = _group_quantiles(s[timed], minutes[timed], n, (0.9,))
    return figures


def _visits(con, tables, index_of, low, high, now: float, report):
    """Follow-ups due and done on time per person (roster index), or ``(None, None)`` when
    the project has no visits table or no visit was ever assigned."""
    n = len(index_of)
    if VISITS_TABLE not in tables:
        return None, None
    names = {r[1] for r in con.execute("PRAGMA table_info({})".format(VISITS_TABLE))}
    if not set(_VISIT_COLUMNS) <= names:
        return None, None
    if con.execute("SELECT 1 FROM {} LIMIT 1".format(VISITS_TABLE)).fetchone() is None:
        return None, None  # the table (schema 4) but no visit was ever assigned
    report.has_visits = True
    due_day = "julianday(substr(due_date, 1, 10))"
    where, args = _period_sql("substr(due_date, 1, 10)", low, high)
    where = (where + " AND " if where else " WHERE ") + (
        "{d} IS NOT NULL AND lower(trim(coalesce(status, ''))) <> 'cancelled' AND "
        "(lower(trim(coalesce(status, ''))) = 'done' OR {d} + 1.0 <= ?)".format(d=due_day)
    )
    groups = con.execute(
        "SELECT staff_id, count(*), total(lower(trim(coalesce(status, ''))) = 'done' AND "
        "julianday(done_at) < {d} + 1.0) FROM {t}{w} GROUP BY staff_id".format(
            d=due_day, t=VISITS_TABLE, w=where
        ),
        args + [now],
    ).fetchall()
    due = np.zeros(n, dtype=np.int64)
    on_time = np.zeros(n, dtype=np.int64)
    for staff_id, count, timely in groups:
        i = index_of.get(_text(staff_id), -1)
        if i >= 0:
            due[i] = count
            on_time[i] = int(timely)
            report.visits_due += count
    return due, on_time


# ------------------------------------------------------------------ compute


def compute(
    staff: List[Tuple[str, Optional[str]]],
    figures: Dict[str, np.ndarray],
    due: Optional[np.ndarray],
    on_time: Optional[np.ndarray],
    report: StaffQualityReport,
) -> StaffQualityReport:
    """The columns and the training needs from the per-person figures of :func:`_feedback`
    and :func:`_visits` (``due`` ``None``: no visits table)."""
    n = len(staff)
    count = figures["count"].astype(np.int64)
    n_rated = figures["rated"].astype(np.int64)
    n_timed = figures["timed"].astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        avg = figures["total"] / n_rated
        spread = np.sqrt(np.maximum(figures["squares"] - n_rated * avg**2, 0.0) / (n_rated - 1))
        share = figures["unhappy"] / count
    has_visits = due is not None
    if due is None or on_time is None:
        due = np.zeros(n, dtype=np.int64)
        on_time = np.zeros(n, dtype=np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        on_time_share = np.where(due > 0, on_time / np.maximum(due, 1), np.nan)
    columns: Dict[str, list] = {
        "staff_id": [s for s, _n in staff],
        "name": [nm for _s, nm in staff],
        "feedback_count": [int(c) for c in count],
        "avg_rating": _column(avg, 2),
        "complaint_share": _column(share, 3),
        "response_p90": _column(figures["p90"], 1),
        "followups_due": [int(d) if has_visits else None for d in due],
        "on_time_share": _column(on_time_share, 3),
    }
    shown = {
        k: np.array([np.nan if v is None else v for v in columns[k]], dtype=float).reshape(-1)
        for k in ("avg_rating", "complaint_share", "response_p90", "on_time_share")
    }
    z = SIGNIFICANCE
    st = report.standards
    with np.errstate(invalid="ignore", divide="ignore"):
        low_rating = (
            (n_rated >= MIN_RATINGS)
            & (shown["avg_rating"] < st.rating)
            & (st.rating - avg >= z * spread / np.sqrt(n_rated) - 1e-9)
        )
        complaint_error = math.sqrt(st.complaint * (1 - st.complaint))
        many = (
            (count >= MIN_FEEDBACK)
            & (shown["complaint_share"] > st.complaint)
            & (share - st.complaint >= z * complaint_error / np.sqrt(count) - 1e-9)
        )
        slow = (n_timed >= MIN_RESPONSES) & (shown["response_p90"] > st.response)
        followup_error = math.sqrt(st.followup * (1 - st.followup))
        late = (
            (due >= MIN_FOLLOWUPS)
            & (shown["on_time_share"] < st.followup)
            & (st.followup - on_time_share >= z * followup_error / np.sqrt(due) - 1e-9)
        )
    need = low_rating | many | slow | late
    columns["low_rating"] = [int(v) for v in low_rating]
    columns["many_complaints"] = [int(v) for v in many]
    columns["slow_response"] = [int(v) for v in slow]
    columns["late_followups"] = [int(v) for v in late]
    columns["training_need"] = [int(v) for v in need]
    report.counts = {"rated": n_rated, "feedback": count, "due": due}
    columns["training_reasons"] = reasons(columns, report.counts, st)
    report.columns = {name: columns[name] for name in COLUMNS}
    return report


def _g(value: float) -> str:
    return "{:g}".format(value)


def _pct(value: float) -> str:
    return "{:.0f} %".format(100.0 * value)


def reasons(
    columns: Dict[str, list],
    counts: Dict[str, np.ndarray],
    st: Standards,
    language: Optional[str] = None,
) -> List[Optional[str]]:
    """Why each person needs training (translated), ``None`` without a need.

    ``language`` ``"zh"`` / ``"en"`` gives that language whatever the interface's (for the
    workbook); ``None`` the interface's language.
    """
    n_rated, count, due = counts["rated"], counts["feedback"], counts["due"]
    words = _WORDS if language is None else {k: v[language] for k, v in _FIXED.items()}
    sep = "；" if (language or "") == "zh" else "; "
    out: List[Optional[str]] = []
    for i, need in enumerate(columns["training_need"]):
        if not need:
            out.append(None)
            continue
        parts = []
        if columns["low_rating"][i]:
            parts.append(
                words["rating"]().format(
                    rating="{:.2f}".format(columns["avg_rating"][i]),
                    standard=_g(st.rating),
                    n=int(n_rated[i]),
                )
            )
        if columns["many_complaints"][i]:
            parts.append(
                words["complaints"]().format(
                    share=_pct(columns["complaint_share"][i]),
                    n=int(count[i]),
                    standard=_pct(st.complaint),
                )
            )
        if columns["slow_response"][i]:
            parts.append(
                words["response"]().format(
                    p90=_g(columns["response_p90"][i]), standard=_g(st.response)
                )
            )
        if columns["late_followups"][i]:
            parts.append(
                words["followups"]().format(
                    share=_pct(columns["on_time_share"][i]),
                    n=int(due[i]),
                    standard=_pct(st.followup),
                )
            )
        out.append(sep.join(parts))
    return out


_WORDS = {
    "rating": lambda: translate(
        "core", "rating {rating} below the {standard} standard over {n} ratings"
    ),
    "complaints": lambda: translate(
        "core", "complaints {share} of {n} feedback (standard {standard})"
    ),
    "response": lambda: translate(
        "core", "response p90 {p90} min above the {standard} min standard"
    ),
    "followups": lambda: translate(
        "core", "follow-ups on time {share} of {n} due (standard {standard})"
    ),
}


def _fixed(text: str):
    return lambda: text


#: The reasons in a fixed language (the workbook's, whatever the interface's).
_FIXED = {
    "rating": {
        "zh": _fixed("评分 {rating} 低于标准 {standard}(共 {n} 个评分)"),
        "en": _fixed("rating {rating} below the {standard} standard over {n} ratings"),
    },
    "complaints": {
        "zh": _fixed("投诉占 {n} 条反馈的 {share}(标准 {standard})"),
        "en": _fixed("complaints {share} of {n} feedback (standard {standard})"),
    },
    "response": {
        "zh": _fixed("响应时间90分位 {p90} 分钟，超过 {standard} 分钟标准"),
        "en": _fixed("response p90 {p90} min above the {standard} min standard"),
    },
    "followups": {
        "zh": _fixed("按时回访率 {share}(应回访 {n} 次，标准 {standard})"),
        "en": _fixed("follow-ups on time {share} of {n} due (standard {standard})"),
    },
}
