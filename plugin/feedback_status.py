"""Resolving and reopening feedback in the Feedback dock, undoable.

A status change is written with OGR in one transaction (see :mod:`.feedback_store`) as a new
revision of each row; undo writes the previous status back, again as a new revision.

Strings are translated in the context ``FeedbackDock``, as they were in the dock.
"""

from typing import Optional

from qgis.core import Qgis
from qgis.PyQt.QtCore import QCoreApplication, QObject
from qgis.PyQt.QtWidgets import QUndoCommand

from .feedback_model import OPEN, RESOLVED, is_open
from .project_store import StoreError, layer_file

translate = QCoreApplication.translate


class _StatusCommand(QUndoCommand):
    """Set the status of feedback rows; undo writes their previous status back. Both ways
    are new revisions (rev + 1, updated_at now): the sync sees every change."""

    def __init__(self, panel: "FeedbackStatus", after, before, text: str, at: str):
        super().__init__(text)
        self.panel = panel
        self.after = after  # [(fid, status, resolved_at)]
        self.before = before  # same fids, as they were
        self.at = at  # the time of the action: its first write is stamped with it
        self.failed = False

    def redo(self):
        self.failed = not self.panel.write_statuses(self.after, self.at)
        self.at = None  # a redo after an undo is a new revision, at its own time

    def undo(self):
        self.failed = not self.panel.write_statuses(self.before)


class FeedbackStatus(QObject):
    """The dock's "Resolve" and "Reopen" buttons."""

    def __init__(self, dock):
        super().__init__(dock)
        self.dock = dock
        dock.resolveButton.clicked.connect(self.resolve_selected)
        dock.reopenButton.clicked.connect(self.reopen_selected)

    def update_buttons(self, idle: bool, has_file: bool) -> None:
        d, selected = self.dock.data, self.dock.selected
        selected_open = has_file and any(is_open(d.status[r]) for r in selected)
        selected_resolved = has_file and any(not is_open(d.status[r]) for r in selected)
        self.dock.resolveButton.setEnabled(idle and selected_open)
        self.dock.reopenButton.setEnabled(idle and selected_resolved)

    def resolve_selected(self) -> int:
        """Resolve the selected open feedback (resolved_at = now, UTC); returns the count."""
        return self._set_status(RESOLVED)

    def reopen_selected(self) -> int:
        """Open the selected resolved feedback again; returns the count."""
        return self._set_status(OPEN)

    def _set_status(self, status: str) -> int:
        d = self.dock.data
        if d is None or self.dock.store is None:
            return 0
        if status == RESOLVED:
            records = [r for r in self.dock.selected if is_open(d.status[r])]
        else:
            records = [r for r in self.dock.selected if not is_open(d.status[r])]
        if not records:
            self.dock._message(
                translate("FeedbackDock", "Select open feedback to resolve.")
                if status == RESOLVED
                else translate("FeedbackDock", "Select resolved feedback to reopen.")
            )
            return 0
        if not self.layers_saved():
            return 0
        fids = [d.fids[r] for r in records]
        before = self.dock.store.statuses(fids)
        now = self.dock.store.now_utc()
        after = [(fid, status, now if status == RESOLVED else None) for fid in fids]
        text = (
            translate("FeedbackDock", "Resolve {count:,} feedback")
            if status == RESOLVED
            else translate("FeedbackDock", "Reopen {count:,} feedback")
        ).format(count=len(fids))
        command = _StatusCommand(self, after, before, text, now)
        self.dock.undo_stack.push(command)
        if command.failed:
            self.dock.undo_stack.clear()
            return 0
        return len(fids)

    def layers_saved(self) -> bool:
        unsaved = [
            layer.name()
            for layer in self.dock.store.file_layers()
            if layer_file(layer)[1] == "feedback" and layer.isEditable() and layer.isModified()
        ]
        if unsaved:
            self.dock._message(
                translate("FeedbackDock", "Save or discard the edits of {layers} first.").format(
                    layers=", ".join(unsaved)
                ),
                Qgis.MessageLevel.Warning,
            )
            return False
        return True

    def write_statuses(self, rows, now: Optional[str] = None) -> bool:
        """Write ``(fid, status, resolved_at)`` rows as a new revision stamped ``now`` (the
        current time by default) and update the list (for the commands)."""
        if self.dock.store is None:
            return False
        now = now or self.dock.store.now_utc()
        try:
            self.dock.store.write_statuses(rows, now)
        except (StoreError, RuntimeError) as err:
            self.dock._message(str(err), Qgis.MessageLevel.Critical)
            return False
        d = self.dock.data
        changed = []
        for fid, status, resolved_at in rows:
            record = d.record_of_fid.get(int(fid))
            if record is not None:
                d.status[record] = status
                d.resolved_at[record] = resolved_at
                d.rev[record] = (d.rev[record] or 0) + 1
                changed.append(record)
        self.dock.list.records_changed(changed)
        return True
