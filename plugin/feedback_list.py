"""The Feedback tab's list of the Feedback dock: feedback filtered by grid, category, staff,
status and collection date, with the per-grid count and average rating of the same filter.
Rows selected in the list are the dock's selection (and selected on the map).

The list is read with a read-only ``sqlite3`` connection (100,000 rows in well under a
second, see :mod:`.feedback_store`). Strings are translated in the context ``FeedbackDock``,
as they were in the dock.
"""

import datetime as _dt
from typing import Optional, Set

from qgis.PyQt.QtCore import (
    QCoreApplication,
    QDate,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    Qt,
    QTimer,
)

from ..algorithms.core.timestamps import parse_iso
from .dock_parts import row_runs, tune_table
from .feedback_model import (
    NO_GRID,
    OPEN,
    RESOLVED,
    FeedbackData,
    FeedbackFilter,
    FeedbackTableModel,
    GridSummaryModel,
    is_open,
)

translate = QCoreApplication.translate
_SELECT = QItemSelectionModel.SelectionFlag
#: Combo value for "any" (a QComboBox item's data cannot be None reliably across bindings).
_ANY = "\x00any"


def _expired(value: str) -> bool:
    """True when a package's ``expires_at`` (UTC text) has passed."""
    try:
        return _dt.datetime.now(_dt.timezone.utc) > parse_iso(value)
    except ValueError:
        return False


class FeedbackList(QObject):
    """The feedback table, the per-grid summary and the filters of the Feedback tab."""

    def __init__(self, dock):
        super().__init__(dock)
        self.dock = dock
        self.filter = FeedbackFilter()
        self._syncing = False  # True while the list changes its own selection or filters

        # list and per-grid summary
        self.model = FeedbackTableModel(dock)
        dock.feedbackTable.setModel(self.model)
        dock.feedbackTable.horizontalHeader().setSortIndicator(
            FeedbackTableModel.WHEN, Qt.SortOrder.DescendingOrder
        )
        tune_table(dock.feedbackTable)
        dock.feedbackTable.selectionModel().selectionChanged.connect(self._table_selection_changed)
        self.summary_model = GridSummaryModel(dock)
        dock.summaryTable.setModel(self.summary_model)
        dock.summaryTable.horizontalHeader().setSortIndicator(
            GridSummaryModel.GRID, Qt.SortOrder.AscendingOrder
        )
        tune_table(dock.summaryTable)
        dock.summaryTable.doubleClicked.connect(self._summary_double_clicked)
        dock.listSplitter.setStretchFactor(0, 3)
        dock.listSplitter.setStretchFactor(1, 1)

        # filters
        dock.categoryCombo.addItem(translate("FeedbackDock", "All categories"), _ANY)
        for code, label in self.model.categories.items():
            dock.categoryCombo.addItem(label, code)
        for label, code in (
            (translate("FeedbackDock", "All"), _ANY),
            (translate("FeedbackDock", "Open"), OPEN),
            (translate("FeedbackDock", "Resolved"), RESOLVED),
        ):
            dock.statusCombo.addItem(label, code)
        dock.gridCombo.addItem(translate("FeedbackDock", "All grids"), _ANY)
        dock.staffCombo.addItem(translate("FeedbackDock", "All staff"), _ANY)
        for combo in (dock.gridCombo, dock.categoryCombo, dock.staffCombo, dock.statusCombo):
            combo.currentIndexChanged.connect(self._filter_changed)
        today = QDate.currentDate()
        dock.fromDate.setDate(today.addMonths(-1))
        dock.toDate.setDate(today)
        for check, edit in ((dock.fromCheck, dock.fromDate), (dock.toCheck, dock.toDate)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._filter_changed)
            edit.dateChanged.connect(self._filter_changed)
        dock.clearFilterButton.clicked.connect(self.clear_filters)

    def show_rows(self, d: FeedbackData) -> None:
        """Show the rows just read (the dock's ``data``), under the current filter."""
        self.model.set_data(d)
        self._fill_filters()
        self.apply_filter()
        if not self.dock._sized and len(d):
            self.dock._sized = True
            # (a pass of its own through the event loop: sizing thousands of rows takes a while)
            QTimer.singleShot(0, self._size_columns)
        if d.kind == "field_package":
            staff = d.manifest.get("staff_id", "")
            text = translate(
                "FeedbackDock", "Field package of {staff}: {count:,} feedback, {open:,} open."
            )
            text = text.format(
                staff=d.staff_label(staff) if staff else "?",
                count=len(d),
                open=sum(1 for s in d.status if is_open(s)),
            )
            expires = d.manifest.get("expires_at") or ""
            if expires and _expired(expires):
                text += " " + translate(
                    "FeedbackDock",
                    "It expired on {date}: new feedback is still saved and synced; ask the "
                    "office for a new package.",
                ).format(date=expires[:10])
            elif expires:
                text += " " + translate("FeedbackDock", "Valid until {date}.").format(
                    date=expires[:10]
                )
            self.dock.summaryLabel.setText(text)
        else:
            self.dock.summaryLabel.setText(
                translate(
                    "FeedbackDock", "{count:,} feedback in {grids:,} grids, {open:,} open."
                ).format(
                    count=len(d),
                    grids=len(set(d.grid) - {NO_GRID}),
                    open=sum(1 for s in d.status if is_open(s)),
                )
            )

    def _size_columns(self) -> None:
        self.dock.feedbackTable.resizeColumnsToContents()
        self.dock.summaryTable.resizeColumnsToContents()

    def clear(self) -> None:
        """The file was closed."""
        self.model.set_data(None)
        self.summary_model.set_summary([])
        self.dock.countLabel.setText("")

    def _fill_filters(self) -> None:
        """Offer the file's grids and staff in the filters (keeping the current choices)."""
        d = self.dock.data
        for combo, values, label in (
            (self.dock.gridCombo, d.filter_grid_ids(), None),
            (self.dock.staffCombo, d.staff_ids(), d.staff_label),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            if combo is self.dock.gridCombo and NO_GRID in d.grid:
                combo.addItem(translate("FeedbackDock", "(no grid)"), NO_GRID)
            for value in values:
                combo.addItem(label(value) if label else value, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        dates = d.date_range()
        if dates is not None:
            for check, edit, value in (
                (self.dock.fromCheck, self.dock.fromDate, dates[0]),
                (self.dock.toCheck, self.dock.toDate, dates[1]),
            ):
                if not check.isChecked():
                    edit.blockSignals(True)
                    edit.setDate(QDate.fromString(value, "yyyy-MM-dd"))
                    edit.blockSignals(False)

    # ------------------------------------------------------------------ filters

    def current_filter(self) -> FeedbackFilter:
        def value(combo):
            data = combo.currentData()
            return None if data is None or data == _ANY else data

        return FeedbackFilter(
            grid=value(self.dock.gridCombo),
            category=value(self.dock.categoryCombo),
            staff=value(self.dock.staffCombo),
            status=value(self.dock.statusCombo),
            date_from=self.dock.fromDate.date().toString("yyyy-MM-dd")
            if self.dock.fromCheck.isChecked()
            else None,
            date_to=self.dock.toDate.date().toString("yyyy-MM-dd")
            if self.dock.toCheck.isChecked()
            else None,
        )

    def set_filter(
        self,
        grid=_ANY,
        category=_ANY,
        staff=_ANY,
        status=_ANY,
        date_from: Optional[str] = None,
        date_to: Optional[str] = None,
    ) -> None:
        """Set every filter at once (``None`` dates: no bound); the list follows."""
        self._syncing = True
        try:
            for combo, value in (
                (self.dock.gridCombo, grid),
                (self.dock.categoryCombo, category),
                (self.dock.staffCombo, staff),
                (self.dock.statusCombo, status),
            ):
                index = combo.findData(value)
                combo.setCurrentIndex(max(index, 0))
            for check, edit, value in (
                (self.dock.fromCheck, self.dock.fromDate, date_from),
                (self.dock.toCheck, self.dock.toDate, date_to),
            ):
                if value is not None:
                    edit.setDate(QDate.fromString(value, "yyyy-MM-dd"))
                check.setChecked(value is not None)
        finally:
            self._syncing = False
        self._filter_changed()

    def clear_filters(self) -> None:
        self.set_filter()

    def _filter_changed(self, *_args) -> None:
        if not self._syncing:
            self.apply_filter()

    def apply_filter(self) -> None:
        d = self.dock.data
        if d is None:
            return
        self.filter = self.current_filter()
        records = d.matching(self.filter)
        self._syncing = True
        try:
            self.model.set_records(records)
        finally:
            self._syncing = False
        self.summary_model.set_summary(d.per_grid(records))
        average = d.average_rating(records)
        text = translate("FeedbackDock", "{shown:,} of {total:,} shown").format(
            shown=len(records), total=len(d)
        )
        if average is not None:
            text += " · " + translate("FeedbackDock", "average rating {average:.2f}").format(
                average=average
            )
        self.dock.countLabel.setText(text)
        self.show_selection()
        self.dock._selection_updated()

    def _summary_double_clicked(self, index) -> None:
        grid_id = self.summary_model.grid_id(index.row())
        position = self.dock.gridCombo.findData(grid_id)
        if position >= 0:
            self.dock.gridCombo.setCurrentIndex(position)

    def records_changed(self, records) -> None:
        """The status of these records changed (the selection's labels follow)."""
        if self.filter.status is not None:
            self.apply_filter()
        else:
            d = self.dock.data
            self.model.records_changed(records)
            self.summary_model.set_summary(d.per_grid(self.model.records()))
            self.dock._selection_updated()

    # ------------------------------------------------------------------ selection

    def show_selection(self) -> None:
        rows = self.model.rows_of(self.dock.selected)
        selection = QItemSelection()
        for first, last in row_runs(rows):
            selection.select(self.model.index(first, 0), self.model.index(last, 0))
        self._syncing = True
        try:
            self.dock.feedbackTable.selectionModel().select(
                selection, _SELECT.ClearAndSelect | _SELECT.Rows
            )
        finally:
            self._syncing = False
        if rows:
            self.dock.feedbackTable.scrollTo(self.model.index(rows[0], 0))

    def _table_selection_changed(self, *_args) -> None:
        if self._syncing or self.dock.data is None:
            return
        rows: Set[int] = set()
        for part in self.dock.feedbackTable.selectionModel().selection():  # ranges: fast at 100k
            rows.update(range(part.top(), part.bottom() + 1))
        self.dock.selected = sorted(self.model.record(r) for r in rows)
        self.dock.map.push()
        self.dock._selection_updated()

    def show_selection_label(self) -> None:
        d = self.dock.data
        if d is None or not self.dock.selected:
            self.dock.selectionLabel.setText(translate("FeedbackDock", "No feedback selected."))
        else:
            opened = sum(1 for r in self.dock.selected if is_open(d.status[r]))
            text = translate(
                "FeedbackDock", "{count:,} selected ({open:,} open, {resolved:,} resolved)."
            ).format(
                count=len(self.dock.selected),
                open=opened,
                resolved=len(self.dock.selected) - opened,
            )
            visible = len(self.model.rows_of(self.dock.selected))
            if visible < len(self.dock.selected):
                text += " " + translate("FeedbackDock", "{hidden:,} hidden by the filter.").format(
                    hidden=len(self.dock.selected) - visible
                )
            self.dock.selectionLabel.setText(text)
