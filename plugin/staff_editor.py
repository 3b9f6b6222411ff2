"""Changes made in the Staff & outlets dock: assign and unassign staff, set the outlet of grids.

Every change is written to the project GeoPackage at once (:class:`ProjectStore`), applied to
the data in memory (:class:`DockData`) and pushed on a :class:`QUndoStack` as a command whose
undo and redo write to the file again. Assignment rows keep their uuid and assigned_at through
undo and redo, so a row that comes back is the same row.
"""

import uuid
from typing import Callable, Iterable, List, Optional, Sequence, Set

from qgis.PyQt.QtCore import QObject, pyqtSignal
from qgis.PyQt.QtWidgets import QUndoCommand, QUndoStack

from .grid_model import DockData
from .project_store import Assignment, ProjectStore, StoreError


class _Command(QUndoCommand):
    """A change already written when pushed: the first ``redo()`` does nothing."""

    def __init__(self, editor: "StaffEditor", text: str):
        super().__init__(text)
        self.editor = editor
        self._done = True

    def redo(self):
        if self._done:
            self._done = False
            return
        self.editor.replay(self.apply)

    def undo(self):
        self.editor.replay(self.revert)

    def apply(self) -> Set[int]:
        raise NotImplementedError

    def revert(self) -> Set[int]:
        raise NotImplementedError


class AssignCommand(_Command):
    def __init__(self, editor, text, rows: List[Assignment]):
        super().__init__(editor, text)
        self.rows = rows

    def apply(self):
        self.editor.store.add_assignments(self.rows)
        return self.editor.data.add_assignments(self.rows)

    def revert(self):
        self.editor.store.delete_assignments(self.rows)
        return self.editor.data.remove_assignments(self.rows)


class UnassignCommand(AssignCommand):
    def apply(self):
        return AssignCommand.revert(self)

    def revert(self):
        return AssignCommand.apply(self)


class SetOutletCommand(_Command):
    def __init__(
        self, editor, text, records: List[int], new: Optional[str], old: List[Optional[str]]
    ):
        super().__init__(editor, text)
        self.records = records
        self.new = new
        self.old = old

    def _write(self, values: Sequence[Optional[str]]) -> Set[int]:
        data = self.editor.data
        self.editor.store.set_outlets([data.fids[r] for r in self.records], values)
        for record, value in zip(self.records, values):
            data.outlet[record] = value
        return set(self.records)

    def apply(self):
        return self._write([self.new] * len(self.records))

    def revert(self):
        return self._write(self.old)


class StaffEditor(QObject):
    """Writes the dock's changes and keeps them undoable."""

    #: Grid records whose row changed (staff, outlet); the workload changed too.
    changed = pyqtSignal(object)
    #: An undo or redo could not be written (message); the dock reads the file again.
    failed = pyqtSignal(str)

    def __init__(
        self,
        store: ProjectStore,
        data: DockData,
        undo_stack: Optional[QUndoStack] = None,
        parent=None,
    ):
        super().__init__(parent)
        self.store = store
        self.data = data
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)

    # ------------------------------------------------------------------ changes

    def assign(self, staff_ids: Iterable[str], records: Iterable[int]) -> int:
        """Assign every staff member to every grid (pairs already assigned are skipped).
        Returns the number of assignments written. Raises :class:`StoreError`."""
        staff_ids = list(dict.fromkeys(staff_ids))
        records = sorted(set(records))
        now = self.store.now_utc()
        rows = []
        for record in records:
            grid_id = self.data.grid_ids[record]
            for staff_id in staff_ids:
                if not self.data.is_assigned(staff_id, record):
                    role = (self.data.staff_by_id.get(staff_id) or {}).get("role")
                    rows.append(Assignment(str(uuid.uuid4()), staff_id, grid_id, role, now))
        if not rows:
            return 0
        return self._write_rows(
            AssignCommand, self.tr("Assign {staff} staff to {grids} grids"), rows
        )

    def unassign(self, staff_ids: Iterable[str], records: Iterable[int]) -> int:
        """Remove these staff from these grids. Returns the number of rows deleted."""
        rows = self.data.assignment_rows(staff_ids, records)
        if not rows:
            return 0
        return self._write_rows(
            UnassignCommand, self.tr("Unassign {staff} staff from {grids} grids"), rows
        )

    def _write_rows(self, command_class, text: str, rows: List[Assignment]) -> int:
        """Write ``rows`` as ``command_class`` does (its undo text: ``text`` with the number
        of staff and grids) and push the command; returns the number of rows."""
        command = command_class(
            self,
            text.format(
                staff=len({r.staff_id for r in rows}), grids=len({r.grid_id for r in rows})
            ),
            rows,
        )
        changed = command.apply()
        self.undo_stack.push(command)
        self.changed.emit(changed)
        return len(rows)

    def set_outlet(self, records: Iterable[int], outlet_id: Optional[str]) -> int:
        """Set (or clear, with ``None``) the outlet of these grids. Returns the count changed."""
        records = [r for r in sorted(set(records)) if self.data.outlet[r] != outlet_id]
        if not records:
            return 0
        old = [self.data.outlet[r] for r in records]
        self.store.set_outlets([self.data.fids[r] for r in records], [outlet_id] * len(records))
        for record in records:
            self.data.outlet[record] = outlet_id
        text = (
            self.tr("Set outlet {outlet} for {grids} grids").format(
                outlet=outlet_id, grids=len(records)
            )
            if outlet_id
            else self.tr("Clear the outlet of {grids} grids").format(grids=len(records))
        )
        self.undo_stack.push(SetOutletCommand(self, text, records, outlet_id, old))
        self.changed.emit(set(records))
        return len(records)

    # ------------------------------------------------------------------ undo / redo

    def replay(self, step: Callable[[], Set[int]]) -> None:
        """Run an undo or redo step; report a failure instead of raising into Qt."""
        try:
            changed = step()
        except StoreError as err:
            self.failed.emit(str(err))
            return
        self.changed.emit(changed)
