"""What goes into a cell, and how cells are named: project text made safe (never a formula),
numbers made finite, sheet titles, display widths, column letters and sheet references."""

import math
import re
import unicodedata
from typing import Optional, Union

from .model import MAX_CELL_TEXT, MAX_SHEET_NAME

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


def as_number(value) -> Optional[float]:
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


def safe_div(a: float, b: float) -> Union[float, str]:
    """``a / b``, or an empty text (what the formulas show) when ``b`` is 0."""
    return a / b if b else ""


def column_letter(index: int) -> str:
    """The letter of the column at ``index`` (0 → ``A``)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def quote_title(title: str) -> str:
    """A sheet title as a formula names it (``'Grids'``)."""
    return "'{}'".format(title.replace("'", "''"))


def column_cells(first: str, last_row: int, last: Optional[str] = None) -> str:
    """The data cells of column ``first`` (to column ``last``), rows 2 to ``last_row``."""
    return "{}2:{}{}".format(first, last or first, last_row)
