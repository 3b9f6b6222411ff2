"""Service quality per grid, from the customer feedback of a project GeoPackage.

Pure Python and numpy (the project is read with a read-only sqlite3 connection), no QGIS.
The public function, which ``servicequality`` and the Excel workbook (``exportstaffing``)
call::

    grid_quality(project_path: str, response_standard: float = 60.0,
                 date_from: Optional[str] = None, date_to: Optional[str] = None) -> dict

returns ``{column: list}`` with one entry per grid of the project's ``grids`` table, in
``grid_id`` order, for these columns (:data:`COLUMNS`):

=================  ======  ==============================================================
column             type    meaning (NULL = ``None``)
=================  ======  ==============================================================
grid_id            str     the grid
feedback_count     int     feedback rows of the grid in the period (0 when none)
avg_rating         float   mean rating (1–5), 2 decimals; NULL without rated feedback
complaint_share    float   share (0–1, 3 decimals) of the feedback that is a complaint:
                           category ``complaint`` **or** a rating of 1 or 2
response_median    float   median response time (minutes, 1 decimal)
response_p90       float   90th percentile of the response times (minutes, 1 decimal;
                           ``numpy.percentile``, linear interpolation)
below_standard     int     1 when ``response_p90`` > ``response_standard`` and the grid has
                           at least :data:`MIN_RESPONSES` response times, else 0
rating_trend       float   mean rating of the later half of the period minus that of the
                           earlier half (stars, 2 decimals); NULL unless each half has at
                           least :data:`MIN_RATINGS_PER_HALF` ratings
falling            int     1 when ``rating_trend`` ≤ −:data:`FALLING_DROP` (half a star)
                           and the drop is at least twice its standard error
flagged            int     1 when below_standard or falling
staff_change       int     extra staff suggested (≥ 0): +1 when ``response_p90`` ≥
                           :data:`SLOW_FACTOR` × the standard (at least 50 % over it, with
                           enough response times), +1 when falling; so 0, 1 or 2
reasons            str     why the grid is flagged (translated text), NULL when not flagged
=================  ======  ==============================================================

The rules, and why:

* **Period.** ``date_from`` / ``date_to`` restrict the feedback by ``collected_at`` (UTC).
  A date (``2026-11-01``) means the whole UTC day, both ends included; an ISO-8601 time
  (``2026-11-01T08:00:00Z``, ``…+08:00``; without a zone: UTC) is an exact bound, included.
  With a range, rows without a readable time are left out; without one, every row counts.
* **Complaints** are what customers are unhappy about, however the form was filled: a
  feedback filed as a complaint, or one rated 1 or 2 of 5 (the ratings the Feedback dock shows
  in red).
* **Response standard** (minutes, default 60): a service promise such as "we respond within
  an hour" is kept when (nearly) every customer gets it, so it is tested on the **90th
  percentile**, not the median: a grid whose slowest tenth waited longer than the standard is
  below it, even if the typical customer was served quickly. Fewer than ten response times
  say too little to judge (the 90th percentile of five is nearly their maximum).
* **Trend.** The period (the range given, else the first to the last feedback time of the
  whole project, so every grid is compared over the same calendar halves) is cut in two at
  its midpoint; the trend is the later half's mean rating minus the earlier half's (a halves
  comparison reads more easily than a regression slope: "from 4.2 to 3.5 stars"). Ratings
  are **falling** when they dropped by at least half a star, with at least five ratings on
  each side, and by more than chance explains: the drop is at least twice its standard
  error (√(s₁²/n₁ + s₂²/n₂), Welch; about 95 % one-sided). With ten ratings of typical spread
  (standard deviation about 1.1 stars) on each side, chance alone lowers the mean by half a
  star in about one grid in six; the error test keeps such noise from adding staff.
* **Staff change.** A grid that is *clearly* slow (p90 at least 1.5 × the standard) needs
  another person to answer sooner; a grid whose ratings fall needs someone to look after its
  customers; both: two. A grid just over the standard is flagged for a look but gets no
  extra person. Never negative: good feedback is no reason to take people away (the
  workload already sets the base number in ``allocatestaff``), and grids with too little
  feedback get 0. ``allocatestaff``'s ``QUALITY_FIELD`` adds one ``STAFF_CAPACITY`` of
  workload per person suggested.

Flags are decided on the rounded values that are shown, so a table never shows "60.0" as
above a standard of 60. :func:`quality_report` returns the same columns with totals and the
period used. Fast: 100,000 feedback rows and 10,000 grids in well under a second (numpy
group-by, no loop per grid).
"""

import contextlib
import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np

from . import schema
from .errors import InputError, format_ids
from .gpkg import connect_ro, require_grids
from .i18n import translate

#: Output columns of :func:`grid_quality`, in order.
COLUMNS: Tuple[str, ...] = (
    "grid_id",
    "feedback_count",
    "avg_rating",
    "complaint_share",
    "response_median",
    "response_p90",
    "below_standard",
    "rating_trend",
    "falling",
    "flagged",
    "staff_change",
    "reasons",
)

#: The quality columns as fields (types and Chinese aliases for layers and workbooks).
FIELDS: Tuple[schema.Field, ...] = (
    schema.Field("feedback_count", schema.INT, "反馈数", "Feedback"),
    schema.Field("avg_rating", schema.REAL, "平均评分", "Average rating"),
    schema.Field("complaint_share", schema.REAL, "投诉占比", "Complaint share"),
    schema.Field("response_median", schema.REAL, "响应时间中位数(分钟)", "Response median (min)"),
    schema.Field("response_p90", schema.REAL, "响应时间90分位(分钟)", "Response p90 (min)"),
    schema.Field(
        "below_standard", schema.INT, "未达响应标准", "Below standard", values=schema.YES_NO
    ),
    schema.Field("rating_trend", schema.REAL, "评分变化", "Rating trend"),
    schema.Field("falling", schema.INT, "评分下降", "Falling ratings", values=schema.YES_NO),
    schema.Field("flagged", schema.INT, "需关注", "Flagged", values=schema.YES_NO),
    schema.Field("staff_change", schema.INT, "建议增加人员", "Extra staff suggested"),
    schema.Field("reasons", schema.TEXT, "关注原因", "Reasons"),
)

DEFAULT_RESPONSE_STANDARD = 60.0
#: Response times a grid needs before it can be below the standard.
MIN_RESPONSES = 10
#: p90 at least this many times the standard: one more person.
SLOW_FACTOR = 1.5
#: Ratings needed in each half of the period for a trend.
MIN_RATINGS_PER_HALF = 5
#: A trend of this many stars down (or more) is falling...
FALLING_DROP = 0.5
#: ... when the drop is also at least this many standard errors.
FALLING_SE = 2.0
#: Ratings up to this count as complaints.
COMPLAINT_RATING = 2
COMPLAINT_CATEGORY = "complaint"

_UNIX_EPOCH_JD = 2440587.5


@dataclass
class QualityReport:
    """The result of :func:`quality_report`."""

    #: ``{column: list}`` as returned by :func:`grid_quality`.
    columns: Dict[str, list]
    response_standard: float
    #: Feedback rows in the project, and how many were counted (in the period, in a grid).
    feedback_rows: int = 0
    counted: int = 0
    #: Rows outside the period (or without a readable time when a period is given).
    outside_period: int = 0
    #: Rows whose grid_id is empty or not a grid of the project (up to 20 ids kept).
    unmatched: int = 0
    unmatched_ids: List[str] = field(default_factory=list)
    #: The trend's period as ISO-8601 UTC times: start, midpoint, end (``None`` without
    #: dated feedback).
    period: Tuple[Optional[str], Optional[str], Optional[str]] = (None, None, None)

    @property
    def grid_count(self) -> int:
        return len(self.columns["grid_id"])

    @property
    def flagged(self) -> int:
        return int(sum(self.columns["flagged"]))

    @property
    def staff_change(self) -> int:
        return int(sum(self.columns["staff_change"]))


def grid_quality(
    project_path: str,
    response_standard: float = 60.0,
    date_from: Optional[str] = None,
    date_to: Optional[str] = None,
) -> dict:
    """Service quality per grid of a project GeoPackage: ``{column: list}`` (see the module
    documentation for the columns and rules)."""
    return quality_report(project_path, response_standard, date_from, date_to).columns


def quality_report(
    project_path: str,
    response_standard: float = DEFAULT_RESPONSE_STANDARD,
    date_from: Optional[str] = None,
    date_to: Optional[str] = None,
) -> QualityReport:
    """:func:`grid_quality` with totals and the period used (see :class:`QualityReport`)."""
    standard = _check_standard(response_standard)
    low, high = parse_range(date_from, date_to)
    grid_ids, rows = _read(project_path)
    return compute(grid_ids, rows, standard, low, high)


# ------------------------------------------------------------------ input


def _check_standard(value) -> float:
    try:
        standard = float(value)
    except (TypeError, ValueError):
        standard = float("nan")
    if not math.isfinite(standard) or standard <= 0:
        raise InputError(
            translate(
                "core", "The response standard must be a number of minutes above 0 (got {value})."
            ).format(value=value)
        )
    return standard


def _julian(moment: _dt.datetime) -> float:
    """Julian day of a time (naive = UTC), as SQLite's ``julianday()`` gives it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    epoch = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
    delta = moment - epoch
    return _UNIX_EPOCH_JD + (delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400.0)


def _iso(julian: float) -> str:
    seconds = (julian - _UNIX_EPOCH_JD) * 86400.0
    moment = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc) + _dt.timedelta(
        seconds=round(seconds)
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_bound(value, end: bool) -> Optional[Tuple[float, bool]]:
    """``(julian day, inclusive)`` of one end of the period, or ``None`` when not given.

    A date is a whole UTC day: its start, or (``end``) the start of the next day, excluded.
    """
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return _julian(value), True
    if isinstance(value, _dt.date):
        day = _dt.datetime(value.year, value.month, value.day)
        return (_julian(day + _dt.timedelta(days=1)), False) if end else (_julian(day), True)
    text = str(value).strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            day = _dt.datetime.strptime(text, "%Y-%m-%d")
            return (_julian(day + _dt.timedelta(days=1)), False) if end else (_julian(day), True)
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        return _julian(_dt.datetime.fromisoformat(text.replace(" ", "T", 1))), True
    except ValueError:
        raise InputError(
            translate(
                "core",
                "'{value}' is not a date (YYYY-MM-DD) or an ISO-8601 time "
                "(YYYY-MM-DDTHH:MM:SS, optionally with Z or +08:00).",
            ).format(value=value)
        ) from None


def parse_range(date_from=None, date_to=None):
    """The period as ``(low, high)`` bounds of :func:`_parse_bound` (``None``: open)."""
    low = _parse_bound(date_from, end=False)
    high = _parse_bound(date_to, end=True)
    if low is not None and high is not None:
        empty = low[0] > high[0] or (low[0] == high[0] and not high[1])
        if empty:
            raise InputError(
                translate(
                    "core",
                    "The period is empty: it starts ({start}) after it ends ({end}). "
                    "Swap the dates or correct one of them.",
                ).format(start=date_from, end=date_to)
            )
    return low, high


def _read(path: str):
    """The project's grid ids (sorted, unique) and its feedback rows."""
    require_grids(path)
    with contextlib.closing(connect_ro(path)) as con:
        tables = {
            name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        grid_ids = sorted(
            {
                str(g)
                for (g,) in con.execute(
                    "SELECT grid_id FROM grids WHERE grid_id IS NOT NULL AND grid_id <> ''"
                )
            }
        )
        if "feedback" not in tables:
            rows = []
        else:
            # julianday() reads ISO-8601 with Z or an offset as UTC (no zone: taken as UTC)
            rows = con.execute(
                "SELECT grid_id, julianday(collected_at), "
                "CASE WHEN rating BETWEEN 1 AND 5 THEN rating END, "
                "CASE WHEN response_minutes >= 0 THEN response_minutes END, "
                "lower(trim(coalesce(category, ''))) = ? "
                "FROM {}".format(schema.FEEDBACK.name),
                (COMPLAINT_CATEGORY,),
            ).fetchall()
    return grid_ids, rows


# ------------------------------------------------------------------ compute


def _group_quantiles(group, values, n_groups, probabilities):
    """Per-group quantiles (``numpy.percentile``'s linear interpolation) of ``values``.

    ``group`` holds the group index of each value; groups without values get NaN.
    """
    order = np.lexsort((values, group))
    group = group[order]
    values = values[order]
    counts = np.bincount(group, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    has = counts > 0
    out = []
    for p in probabilities:
        result = np.full(n_groups, np.nan)
        n = counts[has]
        h = (n - 1) * p
        lo = np.floor(h).astype(np.int64)
        hi = np.minimum(lo + 1, n - 1)
        frac = h - lo
        base = starts[has]
        a = values[base + lo]
        b = values[base + hi]
        result[has] = a + frac * (b - a)
        out.append(result)
    return out


def _text(value) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _column(values: np.ndarray, digits: int) -> list:
    return [None if math.isnan(v) else round(float(v), digits) for v in values]


def compute(
    grid_ids: List[str],
    rows,
    standard: float = DEFAULT_RESPONSE_STANDARD,
    low: Optional[Tuple[float, bool]] = None,
    high: Optional[Tuple[float, bool]] = None,
) -> QualityReport:
    """The quality columns from the grid ids (sorted) and feedback rows
    ``(grid_id, julian day or None, rating or None, response minutes or None, is complaint)``.
    """
    n_grids = len(grid_ids)
    report = QualityReport(columns={}, response_standard=standard, feedback_rows=len(rows))
    if rows:
        gid, when_in, rating_in, minutes_in, complaint_in = zip(*rows)
    else:
        gid, when_in, rating_in, minutes_in, complaint_in = (), (), (), (), ()
    when = np.array(when_in, dtype=float).reshape(-1)
    rating = np.array(rating_in, dtype=float).reshape(-1)
    minutes = np.array(minutes_in, dtype=float).reshape(-1)
    complaint = np.nan_to_num(np.array(complaint_in, dtype=float).reshape(-1)) > 0

    # the period
    keep = np.ones(len(rows), dtype=bool)
    if low is not None:
        keep &= when >= low[0]  # NaN (no time) compares False: left out
    if high is not None:
        keep &= (when <= high[0]) if high[1] else (when < high[0])
    report.outside_period = int((~keep).sum())

    # rows → grid index (unknown or empty grid ids are counted apart)
    index_of = {g: i for i, g in enumerate(grid_ids)}
    gidx = np.fromiter((index_of.get(_text(g), -1) for g in gid), dtype=np.int64, count=len(rows))
    unmatched = keep & (gidx < 0)
    report.unmatched = int(unmatched.sum())
    if report.unmatched:
        seen = []
        for i in np.flatnonzero(unmatched):
            value = _text(gid[i])
            if value not in seen:
                seen.append(value)
            if len(seen) >= 20:
                break
        report.unmatched_ids = seen
    keep &= gidx >= 0
    report.counted = int(keep.sum())
    g = gidx[keep]
    when, rating, minutes, complaint = when[keep], rating[keep], minutes[keep], complaint[keep]

    count = np.bincount(g, minlength=n_grids)
    rated = ~np.isnan(rating)
    n_rated = np.bincount(g[rated], minlength=n_grids)
    with np.errstate(invalid="ignore", divide="ignore"):
        avg = np.bincount(g[rated], weights=rating[rated], minlength=n_grids) / n_rated
        unhappy = complaint | (rating <= COMPLAINT_RATING)  # NaN compares False
        share = np.bincount(g, weights=unhappy.astype(float), minlength=n_grids) / count
    timed = ~np.isnan(minutes)
    n_timed = np.bincount(g[timed], minlength=n_grids)
    median, p90 = _group_quantiles(g[timed], minutes[timed], n_grids, (0.5, 0.9))

    # the trend: later half of the period against the earlier half
    trend = np.full(n_grids, np.nan)
    before = np.full(n_grids, np.nan)
    after = np.full(n_grids, np.nan)
    error = np.full(n_grids, np.nan)  # standard error of the trend
    dated = ~np.isnan(when)
    if dated.any():
        start = low[0] if low is not None else float(when[dated].min())
        end = high[0] if high is not None else float(when[dated].max())
        middle = (start + end) / 2.0
        report.period = (_iso(start), _iso(middle), _iso(end))
        use = dated & rated
        late = when >= middle
        early_sel = use & ~late
        late_sel = use & late
        n_early = np.bincount(g[early_sel], minlength=n_grids)
        n_late = np.bincount(g[late_sel], minlength=n_grids)
        enough = (n_early >= MIN_RATINGS_PER_HALF) & (n_late >= MIN_RATINGS_PER_HALF)
        stats = []
        for sel, n in ((early_sel, n_early), (late_sel, n_late)):
            total = np.bincount(g[sel], weights=rating[sel], minlength=n_grids)[enough]
            squares = np.bincount(g[sel], weights=rating[sel] ** 2, minlength=n_grids)[enough]
            k = n[enough].astype(float)
            mean = total / k
            variance = np.maximum(squares - k * mean**2, 0.0) / (k - 1)  # sample variance
            stats.append((mean, variance / k))
        before[enough] = stats[0][0]
        after[enough] = stats[1][0]
        trend[enough] = after[enough] - before[enough]
        error[enough] = np.sqrt(stats[0][1] + stats[1][1])

    columns: Dict[str, list] = {
        "grid_id": list(grid_ids),
        "feedback_count": [int(c) for c in count],
        "avg_rating": _column(avg, 2),
        "complaint_share": _column(share, 3),
        "response_median": _column(median, 1),
        "response_p90": _column(p90, 1),
        "rating_trend": _column(trend, 2),
    }
    # decide on the values shown
    p90_shown = np.array(
        [np.nan if v is None else v for v in columns["response_p90"]], dtype=float
    ).reshape(-1)
    trend_shown = np.array(
        [np.nan if v is None else v for v in columns["rating_trend"]], dtype=float
    ).reshape(-1)
    judged = n_timed >= MIN_RESPONSES
    with np.errstate(invalid="ignore"):
        below = judged & (p90_shown > standard)
        slow = judged & (p90_shown >= SLOW_FACTOR * standard)
        falling = (trend_shown <= -FALLING_DROP) & (-trend >= FALLING_SE * error - 1e-9)
    flagged = below | falling
    change = slow.astype(int) + falling.astype(int)
    columns["below_standard"] = [int(v) for v in below]
    columns["falling"] = [int(v) for v in falling]
    columns["flagged"] = [int(v) for v in flagged]
    columns["staff_change"] = [int(v) for v in change]
    columns["reasons"] = _reasons(flagged, below, slow, falling, columns, before, after, standard)
    report.columns = {name: columns[name] for name in COLUMNS}
    return report


def _number(value: float) -> str:
    return "{:g}".format(value)


def _reasons(
    flagged: np.ndarray,
    below: np.ndarray,
    slow: np.ndarray,
    falling: np.ndarray,
    columns: Dict[str, list],
    before: np.ndarray,
    after: np.ndarray,
    standard: float,
) -> List[Optional[str]]:
    out: List[Optional[str]] = [None] * len(flagged)
    for i in np.flatnonzero(flagged):
        parts = []
        if below[i]:
            template = (
                translate(
                    "core", "response p90 {p90} min ≥ 1.5 × the {standard} min standard (+1 staff)"
                )
                if slow[i]
                else translate("core", "response p90 {p90} min above the {standard} min standard")
            )
            parts.append(
                template.format(p90=_number(columns["response_p90"][i]), standard=_number(standard))
            )
        if falling[i]:
            parts.append(
                translate("core", "ratings falling {before} → {after} ({trend}) (+1 staff)").format(
                    before="{:.1f}".format(before[i]),
                    after="{:.1f}".format(after[i]),
                    trend="{:+.2f}".format(columns["rating_trend"][i]),
                )
            )
        out[i] = "; ".join(parts)
    return out


def describe_unmatched(report: QualityReport) -> str:
    """The grid ids of feedback that matched no grid, for a warning."""
    return format_ids([g or "NULL" for g in report.unmatched_ids])
