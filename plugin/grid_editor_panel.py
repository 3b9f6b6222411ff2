"""The Grid editor's live panel: every grid an edit touches, before → after, against the
target population and its tolerance band (:class:`TotalsModel`), the message line under it
(:func:`message_html`: the refusal, or the warnings) and the list of target grids
(:func:`fill_targets`).

The model is fed from rows shaped like the core's ``GridTotals`` (attributes ``grid_id``,
``population_before`` … ``locked``); it keeps no reference to the core.
"""

import html
from typing import List, Optional, Sequence

from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, Qt
from qgis.PyQt.QtGui import QBrush, QColor

#: Cell colours of the population after the edit (and of the status column).
BAND_COLOURS = {
    "ok": QColor("#d9f0d3"),  # within the band
    "low": QColor("#fde0c5"),  # below it
    "high": QColor("#f8c6c6"),  # above it
    "new": QColor("#d6e6f7"),
    "retired": QColor("#e4e4e4"),
}
#: Colour of the message line: a refusal, warnings.
REFUSAL_COLOUR = "#b00020"
WARNING_COLOUR = "#8a5a00"


def _number(value: float) -> str:
    return "{:,.0f}".format(value)


def _change(before: float, after: float) -> str:
    """``"12,000 → 13,500"`` (one figure when nothing changed)."""
    if round(before) == round(after):
        return _number(after)
    return "{} → {}".format(_number(before), _number(after))


class TotalsModel(QAbstractTableModel):
    """One row per affected grid of the previewed edit."""

    GRID, STATUS, POPULATION, HOUSEHOLDS, WORKLOAD, UNITS, PIECES = range(7)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: List = []
        self._headers = [
            self.tr("Grid"),
            self.tr("Status"),
            self.tr("Population"),
            self.tr("Households"),
            self.tr("Workload"),
            self.tr("Units"),
            self.tr("Pieces"),
        ]
        self._status = {
            "ok": self.tr("within band"),
            "low": self.tr("below band"),
            "high": self.tr("above band"),
            "new": self.tr("new"),
            "retired": self.tr("retired"),
        }

    def set_rows(self, rows: Sequence) -> None:
        """Show ``rows`` (``GridTotals``-like objects); an empty list empties the panel."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, grid_id: str) -> int:
        """The row showing ``grid_id`` (-1 when none)."""
        for row, totals in enumerate(self.rows):
            if totals.grid_id == grid_id:
                return row
        return -1

    def status_text(self, totals) -> str:
        """What the status column says of one row (a locked grid says so too)."""
        text = self._status.get(totals.status, totals.status)
        if totals.status == "new" and totals.band != "ok":
            text += " · " + self._status[totals.band]
        if totals.locked:
            text += " · " + self.tr("locked")
        return text

    def band(self, totals) -> str:
        """The colour key of a row's population after the edit."""
        if totals.status in ("retired", "new") and totals.band == "ok":
            return totals.status
        return totals.band if totals.status == "new" else totals.status

    # ------------------------------------------------------------------ Qt

    def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        t = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(t, column)
        if role == Qt.ItemDataRole.BackgroundRole and column in (self.STATUS, self.POPULATION):
            return QBrush(BAND_COLOURS[self.band(t)])
        if role == Qt.ItemDataRole.ToolTipRole and column == self.POPULATION:
            return self.tr("Target {target} people, band {low} – {high}").format(
                target=_number(t.target), low=_number(t.low), high=_number(t.high)
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.POPULATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, t, column: int) -> Optional[str]:
        if column == self.GRID:
            return t.grid_id
        if column == self.STATUS:
            return self.status_text(t)
        if column == self.POPULATION:
            return _change(t.population_before, t.population_after)
        if column == self.HOUSEHOLDS:
            return _change(t.households_before, t.households_after)
        if column == self.WORKLOAD:
            return _change(t.workload_before, t.workload_after)
        if column == self.UNITS:
            return _change(t.units_before, t.units_after)
        if column == self.PIECES:
            if t.pieces_before == t.pieces_after:
                return str(t.pieces_after)
            return "{} → {}".format(t.pieces_before, t.pieces_after)
        return None


def message_html(refusal: str, warnings: Sequence[str], hint: str = "") -> str:
    """The panel's message line: the refusal in red (the edit cannot be applied), else the
    warnings (it may still be applied), else a neutral hint (what to choose next)."""
    if hint and not refusal and not warnings:
        return "<span>{}</span>".format(html.escape(hint))
    if refusal:
        return '<span style="color:{}">{}</span>'.format(REFUSAL_COLOUR, html.escape(refusal))
    if warnings:
        return "<br>".join(
            '<span style="color:{}">⚠ {}</span>'.format(WARNING_COLOUR, html.escape(w))
            for w in warnings
        )
    return ""


def fill_targets(combo, division, none_text: str, locked_text: str = "locked") -> None:
    """The target list: ``none_text`` then every grid of ``division`` with its population
    (and ``locked_text`` when locked); the grid chosen before stays chosen (no signal)."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(none_text, None)
    for grid in sorted(division.grids):
        text = "{} ({})".format(grid, _number(float(division.grids[grid].get("population") or 0)))
        combo.addItem(text + (" · " + locked_text if division.locked(grid) else ""), grid)
    index = combo.findData(current) if current else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
