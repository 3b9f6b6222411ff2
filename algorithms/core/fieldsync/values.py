"""Value checks of feedback columns: the canonical value of a cell (times in the stored UTC
form, whole numbers, finite reals, bounded clean text) and the domain rules of a column."""

import contextlib
import datetime as _dt
import math
from typing import Dict, List, Optional, Sequence, Tuple

from .. import timestamps
from ..i18n import translate
from .model import (
    _CONTROL,
    _DOMAINS,
    _INT_COLUMNS,
    _LINE_BREAK,
    _LONG_TEXT,
    _REAL_COLUMNS,
    _TIME_COLUMNS,
    INT64_RANGE,
    MAX_REV,
    InvalidText,
    Limits,
)

_HORIZON = ""  # latest acceptable time (canonical text), set when a read starts


def refresh_horizon() -> None:
    """Set the latest acceptable time (now + 2 days) before a read of rows."""
    global _HORIZON
    _HORIZON = timestamps.horizon()


def _norm_time(value, offset: int = 0) -> Tuple[Optional[str], Optional[str]]:
    """Canonical UTC text of a time; a time without a zone is local time at ``offset``
    minutes from UTC (QGIS 3.22 writes form times as local times without a zone)."""
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        return None, translate("core", "not a date-time")
    if timestamps.CANONICAL.fullmatch(value) and "2000" <= value < _HORIZON:
        return value, None
    try:
        parsed = timestamps.parse_iso(value, offset)
    except ValueError:
        return None, translate("core", "not an ISO-8601 date-time: {!r}").format(value[:40])
    if parsed.year < 2000 or parsed > _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(days=2):
        return None, translate("core", "date-time out of range: {}").format(value[:40])
    return timestamps.format_utc(parsed), None


def _norm_value(name: str, value, limits: Limits, offset: int = 0) -> Tuple[object, Optional[str]]:
    """Canonical value of column ``name`` and an error text (``None`` when valid)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None, translate("core", "binary data in {} ({} bytes)").format(name, len(value))
    if isinstance(value, InvalidText):
        return None, translate("core", "{} is not valid UTF-8 text").format(name)
    if name in _TIME_COLUMNS:
        return _norm_time(value, offset)
    if value is None:
        return None, None
    if name in _INT_COLUMNS:
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                return None, translate("core", "{} is not a number: {!r}").format(name, value[:40])
        if isinstance(value, float):
            if not value.is_integer():
                return None, translate("core", "{} is not a whole number: {}").format(name, value)
            value = int(value)
        value = int(value)
        if not INT64_RANGE[0] <= value <= INT64_RANGE[1]:
            return None, translate("core", "{} {} is out of range").format(name, value)
        return value, None
    if name in _REAL_COLUMNS:
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                return None, translate("core", "{} is not a number: {!r}").format(name, value[:40])
        value = float(value)
        if not math.isfinite(value):
            return None, translate("core", "{} is not finite").format(name)
        return value, None
    if not isinstance(value, str):
        value = str(value)
    limit = limits.max_text if name in _LONG_TEXT else limits.max_short_text
    if len(value) > limit:
        return None, translate("core", "{} has {} characters (limit {})").format(
            name, len(value), limit
        )
    if _CONTROL.search(value):
        return None, translate("core", "{} holds control characters").format(name)
    if name not in _LONG_TEXT and _LINE_BREAK.search(value):
        return None, translate("core", "{} holds a line break").format(name)
    return value, None


def _domain_error(name: str, value) -> Optional[str]:
    """The domain rule of one column (value already normalised)."""
    allowed = _DOMAINS.get(name)
    if allowed is not None and value is not None and value not in allowed:
        return translate("core", "{} {!r} is not one of {}").format(
            name, value, ", ".join(sorted(allowed))
        )
    if value is None and name in ("category", "rating", "collected_at"):
        return translate("core", "{} is missing").format(name)
    if name == "rating" and not 1 <= value <= 5:
        return translate("core", "rating {} is not between 1 and 5").format(value)
    if name == "rev" and value is not None and not 0 <= value <= MAX_REV:
        return translate("core", "{} {} is out of range").format(name, value)
    if name == "response_minutes" and value is not None and not 0 <= value <= 1e6:
        return translate("core", "response_minutes {} is out of range").format(value)
    return None


def _normalise_column(
    name: str, values: Sequence, limits: Limits, strict: bool, offset: int = 0
) -> Tuple[List[object], Dict[int, str]]:
    """Canonical values of one column and ``{row index: error}`` (cached per value)."""
    cache: Dict[object, Tuple[object, Optional[str]]] = {}
    out: List[object] = []
    errors: Dict[int, str] = {}
    # a text column of a file of ours: its text is kept as it is whatever the checks say
    # (not strict), so the checks are skipped
    as_is = not strict and name not in _TIME_COLUMNS | _INT_COLUMNS | _REAL_COLUMNS
    for i, value in enumerate(values):
        if as_is and type(value) is str:  # (never an InvalidText)
            out.append(value)
            continue
        try:
            # an invalid text equals its repaired form as a str: never served from the cache
            hit = None if isinstance(value, InvalidText) else cache.get(value)
        except TypeError:  # unhashable (never from sqlite3, but be safe)
            hit = None
        if hit is None:
            clean, problem = _norm_value(name, value, limits, offset)
            if strict and problem is None:
                problem = _domain_error(name, clean)
            hit = (clean, problem)
            if len(cache) < 100_000 and not isinstance(value, InvalidText):
                with contextlib.suppress(TypeError):
                    cache[value] = hit
        clean, problem = hit
        if problem:
            errors[i] = problem
            out.append(value if not strict else None)
        else:
            out.append(clean)
    return out, errors
