"""The conditional formats of the sheets: which cells turn red (over capacity, flagged, nobody
assigned) or amber (understaffed, below the response standard)."""

from typing import Dict, Optional, Sequence, Tuple

from .model import ALERT_FILL, ALERT_FONT, GRID_POS, OUTLET_POS, STAFF_POS, WARN_FILL
from .values import column_cells, column_letter


def fill(color: str):
    """A solid fill of ``color``."""
    from openpyxl.styles import PatternFill

    return PatternFill("solid", start_color=color, end_color=color)


def red_font(bold: Optional[bool] = None):
    """The alert font (dark red), bold when ``bold``."""
    from openpyxl.styles import Font

    return Font(color=ALERT_FONT, bold=bold)


def when(formula: str, fill=None, font=None, stop: Optional[bool] = None):
    """A rule that formats the cells where ``formula`` (of the first row, 2) is true."""
    from openpyxl.formatting.rule import FormulaRule

    return FormulaRule(formula=[formula], stopIfTrue=stop, font=font, fill=fill)


def compare(operator: str, value: str, fill=None, font=None):
    """A rule that formats the cells whose value is ``operator`` ``value``."""
    from openpyxl.formatting.rule import CellIsRule

    return CellIsRule(operator=operator, formula=[value], font=font, fill=fill)


def add(ws, rules: Sequence[Tuple[str, object]]) -> None:
    """Add ``(cells, rule)`` to the sheet ``ws``, in order (the first has priority)."""
    for cells, rule in rules:
        ws.conditional_formatting.add(cells, rule)


def grid_rules(ws, n: int) -> None:
    """Grids sheet (``n`` rows): flagged grids, the p90 below the standard, staffing."""
    if n == 0:
        return
    last_row = n + 1
    col = {key: column_letter(k) for key, k in GRID_POS.items()}
    alert, warn = fill(ALERT_FILL), fill(WARN_FILL)
    flagged = "${}2=1".format(col["flagged"])
    rec, got = col["recommended_staff"], col["assigned_staff"]
    staffing = column_cells(rec, last_row, col["staff_gap"])
    add(
        ws,
        [
            # flagged grids: the id and the quality columns in red
            (column_cells(col["grid_id"], last_row), when(flagged, alert, red_font(bold=True))),
            (column_cells(col["feedback_count"], last_row, col["reasons"]), when(flagged, alert)),
            # below the response standard: the p90 in amber (also when not flagged otherwise)
            (
                column_cells(col["response_p90"], last_row),
                when("${}2=1".format(col["below_standard"]), warn, red_font()),
            ),
            # fewer staff than recommended: amber; nobody: red
            (staffing, when("AND(${}2>0,${}2=0)".format(rec, got), alert, stop=True)),
            (staffing, when("AND(ISNUMBER(${0}2),${1}2<${0}2)".format(rec, got), warn)),
        ],
    )


def staff_rules(ws, n: int) -> None:
    """Staff sheet (``n`` rows): utilisation over 100 % in red, negative spare capacity."""
    if n == 0:
        return
    add(
        ws,
        [
            (
                column_cells(column_letter(STAFF_POS["utilisation"]), n + 1),
                compare("greaterThan", "1", fill(ALERT_FILL), red_font(bold=True)),
            ),
            (
                column_cells(column_letter(STAFF_POS["spare"]), n + 1),
                compare("lessThan", "0", font=red_font()),
            ),
        ],
    )


def outlet_rules(ws, n: int) -> None:
    """Outlets sheet (``n`` rows): more staff based than the outlet holds in red."""
    if n == 0:
        return
    use = column_cells(column_letter(OUTLET_POS["outlet_use"]), n + 1)
    add(ws, [(use, compare("greaterThan", "1", fill(ALERT_FILL)))])


def summary_rules(ws, rows: int, letter: Dict[str, str]) -> None:
    """Summary sheet (``rows`` districts, then the totals): staff gap below 0, understaffed,
    below the standard and flagged grids."""
    end = rows + 1
    warn = fill(WARN_FILL)
    add(
        ws,
        [
            (
                column_cells(letter["staff_gap"], end + 1),
                compare("lessThan", "0", font=red_font(bold=True)),
            ),
            (column_cells(letter["understaffed"], end), compare("greaterThan", "0", warn)),
            (column_cells(letter["below_grids"], end), compare("greaterThan", "0", warn)),
            (
                column_cells(letter["flagged_grids"], end),
                compare("greaterThan", "0", fill(ALERT_FILL)),
            ),
        ],
    )
