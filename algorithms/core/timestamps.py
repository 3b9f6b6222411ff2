"""The stored time format: ISO-8601 UTC with milliseconds and ``Z``
(``2026-10-01T08:30:00.000Z``), the one form of every time a project holds (feedback, sync log,
conflicts, field packages, sync base), whoever wrote it.

Texts in this form have one width, so they sort as times; mixed forms do not
(``…00.000Z`` sorts before ``…00Z``, the same instant). Writers differ: GDAL 3.6 (QGIS 3.22)
writes a datetime column as ``…00.000Z``, GDAL 3.7 and later (QGIS 3.40, QField) as ``…00Z``
when the milliseconds are zero, QGIS 3.22 forms write local times without a zone. So every
time is normalised when it is read (:func:`canonical`, :func:`parse_iso`) and after it is
written through OGR (:func:`short_form_fix_sql`); projects of schema version 1 are rewritten
once (:mod:`.migrate`).
"""

import datetime as _dt
import re
from typing import Optional

#: A time exactly as stored.
CANONICAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def format_utc(value: _dt.datetime) -> str:
    """The stored text of an aware time (converted to UTC, milliseconds truncated)."""
    value = value.astimezone(_dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + "{:03d}Z".format(value.microsecond // 1000)


def now_utc() -> str:
    """The current time as stored: ISO-8601 UTC with milliseconds and ``Z``."""
    return format_utc(_dt.datetime.now(_dt.timezone.utc))


def horizon(days: float = 2) -> str:
    """The stored text of the time ``days`` from now (the latest time a device may write)."""
    return format_utc(_dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(days=days))


def local_offset_minutes() -> int:
    """This machine's UTC offset now, in minutes (China: 480)."""
    offset = _dt.datetime.now().astimezone().utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)


def parse_iso(value: str, offset: int = 0) -> _dt.datetime:
    """An ISO-8601 date-time text as an aware time; a time without a zone is local time at
    ``offset`` minutes from UTC (QGIS 3.22 writes form times as local times without a zone).
    Raises ``ValueError`` when the text is not ISO-8601."""
    text = value.strip().replace(" ", "T", 1)
    if text.endswith("z"):
        text = text[:-1] + "Z"
    parsed = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.timezone(_dt.timedelta(minutes=offset)))
    return parsed


def canonical(value, offset: int = 0) -> Optional[str]:
    """The stored text of a time: a text in any ISO-8601 form (a time without a zone is local
    time at ``offset`` minutes from UTC) or a ``datetime`` (naive: the same rule); ``None`` for
    no time (``None`` or ``""``). Raises ``ValueError`` when ``value`` is not a time."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if CANONICAL.fullmatch(value):
            return value
        return format_utc(parse_iso(value, offset))
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone(_dt.timedelta(minutes=offset)))
        return format_utc(value)
    raise ValueError("not a date-time: {!r}".format(value))


#: SQL ``GLOB`` of the short form GDAL 3.7+ writes for a whole second (``…T08:00:00Z``).
_SHORT_FORM = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z"


def short_form_fix_sql(table: str, column: str, rows: str = "1") -> str:
    """An ``UPDATE`` that gives the short form (``…:00Z``, written by GDAL 3.7 and later for
    canonical text with zero milliseconds) its milliseconds back (``…:00.000Z``), in the rows
    that the SQL condition ``rows`` selects (default: all)."""
    template = (
        'UPDATE "{t}" SET "{c}" = substr("{c}", 1, 19) || ' + "'.000Z' "
        'WHERE "{c}" GLOB ' + "'{g}' AND ({rows})"
    )
    return template.format(t=table, c=column, g=_SHORT_FORM, rows=rows)
