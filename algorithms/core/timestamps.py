"""The stored time format: ISO-8601 UTC with milliseconds and ``Z``
(``2026-10-01T08:30:00.000Z``), as the sync, the docks and the field packages write it.

Texts in this form sort as times. :func:`parse_iso` reads the other ISO-8601 forms devices
write (a zone, no zone, a space for the ``T``); :func:`format_utc` turns any aware time back
into the stored form.
"""

import datetime as _dt
import re

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
