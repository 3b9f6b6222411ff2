"""The Grid editor's "Needs a decision" list: staff assignments and outlets of grids an edit
retired (the core's ``pending_decisions``), given to the suggested grid, to a grid the planner
chooses, or dropped (``resolve_decision``, journaled: Undo brings a decision back)."""

from typing import List, Optional, Sequence, Tuple

from qgis.PyQt.QtCore import QObject, Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QTableWidgetItem,
    QTableWidgetSelectionRange,
)

from ..algorithms.core.division import resolve_decision

#: Item data role holding a row's decision uuid.
UUID_ROLE = Qt.ItemDataRole.UserRole + 1


class DecisionsPanel(QObject):
    """The list and its three buttons, on the dock's widgets ``decisionsTable``,
    ``suggestedButton``, ``assignToButton`` and ``dropButton``; writes go through
    ``dock.run_core`` (a background task)."""

    def __init__(self, dock):
        super().__init__(dock)
        self.dock = dock
        self.rows: List[dict] = []
        table = dock.decisionsTable
        table.setColumnCount(3)
        table.setHorizontalHeaderLabels(
            [self.tr("Staff or outlet"), self.tr("Retired grid"), self.tr("Suggested grid")]
        )
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.itemSelectionChanged.connect(self.update_buttons)
        dock.suggestedButton.clicked.connect(lambda: self.assign_suggested())
        dock.assignToButton.clicked.connect(lambda: self.assign_to())
        dock.dropButton.clicked.connect(lambda: self.drop())

    def show(self, rows: Sequence[dict]) -> None:
        """Show the pending decisions ``rows`` (dicts of the core)."""
        self.rows = list(rows)
        table = self.dock.decisionsTable
        table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            if row.get("kind") == "staff":
                who = self.tr("Staff {staff}").format(staff=row.get("staff_id") or "")
                if row.get("role"):
                    who += " ({})".format(row["role"])
            else:
                who = self.tr("Outlet {outlet}").format(outlet=row.get("outlet_id") or "")
            cells = (who, row.get("grid_id") or "", row.get("suggested_grid") or "—")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setData(UUID_ROLE, row.get("uuid"))
                table.setItem(r, c, item)
        box = self.dock.decisionsBox
        box.setTitle(
            self.tr("Needs a decision ({n})").format(n=len(self.rows))
            if self.rows
            else self.tr("Needs a decision")
        )
        self.update_buttons()

    def selected(self) -> List[dict]:
        """The decisions whose rows are selected."""
        rows = sorted({i.row() for i in self.dock.decisionsTable.selectedIndexes()})
        return [self.rows[r] for r in rows if r < len(self.rows)]

    def select(self, uuids: Sequence[str]) -> None:
        """Select the rows of these decisions."""
        table = self.dock.decisionsTable
        table.clearSelection()
        for r, row in enumerate(self.rows):
            if row.get("uuid") in uuids:
                table.setRangeSelected(
                    QTableWidgetSelectionRange(r, 0, r, table.columnCount() - 1), True
                )

    def update_buttons(self) -> None:
        chosen = bool(self.selected()) and self.dock.idle()
        self.dock.suggestedButton.setEnabled(
            chosen and all(row.get("suggested_grid") for row in self.selected())
        )
        self.dock.assignToButton.setEnabled(chosen)
        self.dock.dropButton.setEnabled(chosen)

    # ------------------------------------------------------------------ decisions

    def assign_suggested(self):
        """Give each selected decision to its suggested grid; returns the task."""
        return self._resolve([(row["uuid"], row.get("suggested_grid")) for row in self.selected()])

    def assign_to(self, grid_id: Optional[str] = None):
        """Give the selected decisions to ``grid_id`` (asked for when ``None``)."""
        if grid_id is None:
            grids = self.dock.grid_ids()
            if not grids:
                return None
            current = self.dock.target_grid()
            grid_id, ok = QInputDialog.getItem(
                self.dock,
                self.tr("Assign to a grid"),
                self.tr("Grid"),
                grids,
                grids.index(current) if current in grids else 0,
                False,
            )
            if not ok:
                return None
        return self._resolve([(row["uuid"], grid_id) for row in self.selected()])

    def drop(self):
        """Drop the selected decisions (undoable); returns the task."""
        return self._resolve([(row["uuid"], None) for row in self.selected()])

    def _resolve(self, choices: List[Tuple[str, Optional[str]]]):
        if not choices:
            return None
        path = self.dock.path

        def work():
            for uuid, grid in choices:
                resolve_decision(path, uuid, grid or None)

        return self.dock.run_core(
            self.tr("Service Grid: deciding assignments of retired grids"),
            work,
            self.tr("{n} decisions taken.").format(n=len(choices)),
        )
