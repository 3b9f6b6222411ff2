"""The Feedback dock's **Visits** tab: the follow-up visits (回访) of the file shown — in a
field package the staff member's own — with their due dates, overdue ones marked; "Mark
done" / "Not reached" with a result and notes, and "Reopen".

Reads use the store's read-only connection; writes go through the store's one write path
(:meth:`.project_store.ProjectStore._ogr_table`: OGR, one transaction on the file in place),
each visit written as a new revision (``rev`` + 1, ``updated_at`` now) for the sync. Strings
are translated in the context ``FeedbackDock``.
"""

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, List, Optional, Sequence

from qgis.core import Qgis
from qgis.PyQt.QtCore import (
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from qgis.PyQt.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QWidget

from ..algorithms.core import schema
from ..algorithms.core.labels import ui_label
from .dock_parts import load_form
from .project_store import StoreError

translate = QCoreApplication.translate
FORM: Any = load_form("feedback_visits.ui")

#: Columns of the visits layer the tab reads (missing ones read as NULL).
COLUMNS = (
    "fid uuid due_date status purpose customer_id grid_id staff_id result notes done_at "
    "customer_name customer_phone".split()
)
#: Columns shown, in order.
SHOWN = ("due_date", "status", "purpose", "customer_id", "grid_id", "result", "notes")
FID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE = QColor(190, 30, 30)


@dataclass
class Visit:
    """One visit as read from the file."""

    fid: int
    values: dict = field(default_factory=dict)

    def overdue(self, today: str) -> bool:
        due = self.values.get("due_date")
        return self.values.get("status") == "open" and bool(due) and str(due) < today


def read_visits(store) -> List[Visit]:
    """The visits of the store's file (empty when it has no visits table)."""
    con = store._connection()
    present = store._columns(con, "visits")
    if not present:
        return []
    select = ", ".join('"{}"'.format(c) if c in present else "NULL" for c in COLUMNS)
    rows = con.execute(
        "SELECT {} FROM visits ORDER BY due_date IS NULL, due_date, fid".format(select)
    ).fetchall()
    return [Visit(int(row[0]), dict(zip(COLUMNS, row))) for row in rows]


def write_outcome(
    store, fids: Sequence[int], status: str, result: Optional[str], notes: Optional[str], now: str
) -> int:
    """Set the outcome of visits (by fid) in one transaction: status, done_at (now for done
    and not reached, cleared for open), result and notes when given; ``rev`` + 1 and
    ``updated_at`` now. Returns the number of visits written."""
    fids = [int(f) for f in fids]
    if not fids:
        return 0

    def literal(value):
        return "NULL" if value is None else "'{}'".format(str(value).replace("'", "''"))

    sets = [
        "status = {}".format(literal(status)),
        "done_at = {}".format(literal(now if status != "open" else None)),
        "rev = COALESCE(rev, 0) + 1",
        "updated_at = {}".format(literal(now)),
    ]
    if status == "open":
        sets.append("result = NULL")
    elif result is not None:
        sets.append("result = {}".format(literal(result)))
    if notes:
        sets.append("notes = {}".format(literal(notes)))
    with store._ogr_table("visits") as (dataset, _lyr):
        for start in range(0, len(fids), 500):
            chunk = fids[start : start + 500]
            dataset.ExecuteSQL(
                "UPDATE visits SET {} WHERE fid IN ({})".format(
                    ", ".join(sets), ",".join(str(f) for f in chunk)
                )
            )
    return len(fids)


class _Proxy(QSortFilterProxyModel):
    """Open visits only, when asked."""

    open_only = True

    def filterAcceptsRow(self, row, parent):  # noqa: N802 (Qt API)
        if not self.open_only:
            return True
        status = self.sourceModel().index(row, SHOWN.index("status"), parent)
        return status.data(Qt.ItemDataRole.UserRole) == "open"


class FeedbackVisits(QObject):
    """The Visits tab of the Feedback dock."""

    def __init__(self, dock):
        super().__init__(dock)
        self.dock = dock
        self.panel = FORM()
        self.widget = QWidget(dock)
        self.panel.setupUi(self.widget)
        self.widget.setObjectName("visitsTab")
        dock.tabs.insertTab(1, self.widget, translate("FeedbackDock", "Visits"))
        self.visits: List[Visit] = []
        self.model = QStandardItemModel(0, len(SHOWN), self)
        self.model.setHorizontalHeaderLabels(
            [
                translate("FeedbackDock", "Due"),
                translate("FeedbackDock", "Status"),
                translate("FeedbackDock", "Purpose"),
                translate("FeedbackDock", "Customer"),
                translate("FeedbackDock", "Grid"),
                translate("FeedbackDock", "Result"),
                translate("FeedbackDock", "Notes"),
            ]
        )
        self.proxy = _Proxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        p = self.panel
        p.visitsView.setModel(self.proxy)
        p.visitResult.addItem(translate("FeedbackDock", "(no result)"), None)
        for code, _zh, _en in schema.VISIT_RESULTS:
            p.visitResult.addItem(ui_label(schema.VISIT_RESULTS, code), code)
        p.visitsOpenOnly.toggled.connect(self._open_only)
        p.visitDoneButton.clicked.connect(self.mark_done)
        p.visitNotReachedButton.clicked.connect(self.mark_not_reached)
        p.visitReopenButton.clicked.connect(self.reopen)
        p.visitsView.selectionModel().selectionChanged.connect(self.update_buttons)
        dock.reloaded.connect(self.reload)
        self.update_buttons()

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        """Read the visits of the dock's file again."""
        store = self.dock.store
        try:
            self.visits = read_visits(store) if store is not None else []
        except Exception as err:  # noqa: BLE001 (a file gone or broken is shown)
            self.visits = []
            self.panel.visitsLabel.setText(str(err))
        self._fill()

    def clear(self) -> None:
        self.visits = []
        self._fill()

    def _fill(self) -> None:
        today = _dt.date.today().isoformat()
        self.model.removeRows(0, self.model.rowCount())
        catalogues = {"status": schema.VISIT_STATUS, "purpose": schema.VISIT_PURPOSES}
        catalogues["result"] = schema.VISIT_RESULTS
        for visit in self.visits:
            items = []
            overdue = visit.overdue(today)
            for name in SHOWN:
                value = visit.values.get(name)
                text = "" if value is None else str(value)
                if name in catalogues and value is not None:
                    text = ui_label(catalogues[name], value) or text
                if name == "customer_id":  # who to call on: the name and phone when given
                    contact = " ".join(
                        str(v)
                        for v in (
                            visit.values.get("customer_name"),
                            visit.values.get("customer_phone"),
                        )
                        if v not in (None, "")
                    )
                    text = " ".join(t for t in (text, contact) if t)
                if name == "due_date" and overdue:
                    text = translate("FeedbackDock", "{date} (overdue)").format(date=text)
                item = QStandardItem(text)
                item.setEditable(False)
                item.setData(value, Qt.ItemDataRole.UserRole)
                item.setData("" if value is None else str(value), SORT_ROLE)
                item.setData(visit.fid, FID_ROLE)
                if overdue:
                    item.setForeground(QBrush(OVERDUE))
                items.append(item)
            self.model.appendRow(items)
        self.proxy.invalidateFilter()
        self.panel.visitsView.resizeColumnsToContents()
        open_count = sum(v.values.get("status") == "open" for v in self.visits)
        overdue_count = sum(v.overdue(today) for v in self.visits)
        self.panel.visitsLabel.setText(
            translate("FeedbackDock", "{open} open, {overdue} overdue, {total} in all").format(
                open=open_count, overdue=overdue_count, total=len(self.visits)
            )
        )
        self.update_buttons()

    def _open_only(self, checked: bool) -> None:
        self.proxy.open_only = bool(checked)
        self.proxy.invalidateFilter()

    # ------------------------------------------------------------------ selection

    def shown_fids(self) -> List[int]:
        """The fids of the visits listed, top to bottom."""
        return [
            int(self.proxy.index(row, 0).data(FID_ROLE)) for row in range(self.proxy.rowCount())
        ]

    def selected_fids(self) -> List[int]:
        rows = self.panel.visitsView.selectionModel().selectedRows()
        return sorted({int(index.data(FID_ROLE)) for index in rows})

    def select_fids(self, fids) -> None:
        wanted = {int(f) for f in fids}
        selection = QItemSelection()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if int(index.data(FID_ROLE)) in wanted:
                selection.select(index, self.proxy.index(row, len(SHOWN) - 1))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.panel.visitsView.selectionModel().select(selection, flags)

    def update_buttons(self, *_args) -> None:
        status = {v.fid: v.values.get("status") for v in self.visits}
        chosen = [status.get(f) for f in self.selected_fids()]
        idle = self.dock.run is None and self.dock.store is not None
        p = self.panel
        p.visitDoneButton.setEnabled(idle and "open" in chosen)
        p.visitNotReachedButton.setEnabled(idle and "open" in chosen)
        p.visitReopenButton.setEnabled(idle and any(s in ("done", "not_reached") for s in chosen))

    # ------------------------------------------------------------------ writing

    def mark_done(self) -> int:
        """Mark the selected open visits done, with the chosen result and notes."""
        return self._write("done", ("open",))

    def mark_not_reached(self) -> int:
        """Mark the selected open visits as not reached (the customer could not be met)."""
        return self._write("not_reached", ("open",))

    def reopen(self) -> int:
        """Open the selected done / not reached visits again."""
        return self._write("open", ("done", "not_reached"))

    def _write(self, status: str, from_statuses) -> int:
        store = self.dock.store
        if store is None:
            return 0
        by_fid = {v.fid: v for v in self.visits}
        fids = [f for f in self.selected_fids() if by_fid[f].values.get("status") in from_statuses]
        if not fids:
            return 0
        result = self.panel.visitResult.currentData()
        notes = self.panel.visitNotes.text().strip() or None
        try:
            count = write_outcome(store, fids, status, result, notes, store.now_utc())
        except (StoreError, RuntimeError) as err:
            self.dock._message(str(err), Qgis.MessageLevel.Critical)
            return 0
        self.panel.visitNotes.clear()
        self.reload()
        self.select_fids(fids)
        self.dock._message(translate("FeedbackDock", "{count} visits saved.").format(count=count))
        return count
