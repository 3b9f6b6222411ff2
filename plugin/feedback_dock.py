"""The Feedback dock (客户反馈): customer feedback of a project or a field package, and the
sync of field packages back into the project.

- **Feedback** tab: a list filtered by grid, category, staff, status and collection date, with
  the per-grid count and average rating of the same filter (:mod:`.feedback_list`); "Add
  feedback" (a click on the map opens the layer's own attribute form) and a double-click
  opening an item's form (:mod:`.feedback_capture`); resolve / reopen the selected items,
  undoable (:mod:`.feedback_status`). Rows selected in the list are selected on the map.
- **Visits** tab (:mod:`.feedback_visits`): the follow-up visits of the file, due dates and
  overdue ones; mark done / not reached with a result and notes, reopen.
- **Sync** tab (projects only, :mod:`.feedback_sync`): pick packages, run
  ``servicegrid:syncfieldpackages`` as a background task, show its report, then the open
  conflicts with "Keep office" / "Take field".

This module is the shell: the dock opens the file, keeps the parts in step and enables
their buttons.
"""

import logging
from typing import Any, List, Optional

from qgis.core import Qgis, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import pyqtSignal

from . import log
from .dock_base import ServiceGridDock
from .dock_parts import load_form, without_gc
from .feedback_capture import FeedbackCapture
from .feedback_list import FeedbackList
from .feedback_model import FeedbackData, FeedbackFilter
from .feedback_status import FeedbackStatus
from .feedback_store import FeedbackStore, feedback_files
from .feedback_sync import SYNC, UUID_ROLE, FeedbackSync
from .feedback_visits import FeedbackVisits

__all__ = ["SYNC", "UUID_ROLE", "FeedbackDock"]

LOG = logging.getLogger(__name__)
FORM: Any = load_form("feedback_dock.ui")  # (a class made at run time)


class FeedbackDock(ServiceGridDock, FORM):
    """Log, review and resolve customer feedback; sync field packages."""

    #: The rows were read again from the file.
    reloaded = pyqtSignal()
    #: New feedback was saved (its uuid).
    feedbackAdded = pyqtSignal(str)  # noqa: N815
    #: An attribute form opened by the dock (to add or to edit feedback).
    formOpened = pyqtSignal(object)  # noqa: N815
    #: A sync run finished (True when it succeeded).
    syncFinished = pyqtSignal(bool)  # noqa: N815
    teamFinished = pyqtSignal(bool)  # noqa: N815 (the team packages run ended)

    STORE = FeedbackStore
    OBJECT_NAME = "ServiceGridFeedbackDock"
    # (None until a file is shown: the base sets them)
    store: Optional[FeedbackStore]
    data: Optional[FeedbackData]

    def __init__(self, iface=None, parent=None):
        super().__init__(iface, parent)
        self.list = FeedbackList(self)  # the list, its summary and filters
        self.capture = FeedbackCapture(self)  # "Add feedback", the forms
        self.status = FeedbackStatus(self)  # resolve / reopen
        # undo / redo buttons, the file, the feedback on the map, the progress of a sync
        self._setup_parts(
            file_dialog_title=self.tr("Open a project GeoPackage or a field package"),
            loaded_files=lambda: feedback_files(QgsProject.instance()),
            nothing_loaded_text=self.tr(
                "No Service Grid project is loaded. Open one (Service Grid ▸ Open "
                "project GeoPackage…) or choose a project or field package above."
            ),
            busy_text=self.tr("Wait until the running sync has finished."),
            map_table="feedback",
            watched_tables=("feedback",),
            committed_elsewhere=self._committed_elsewhere,
            remember=lambda store: not store.is_package,  # (a package goes to a device)
            closes_once_on_map=True,  # (even if its layer was removed since)
        )
        self.undo_stack.indexChanged.connect(self._update_buttons)
        self.sync = FeedbackSync(self)  # the Sync tab
        self.visits = FeedbackVisits(self)  # the Visits tab

        project = QgsProject.instance()
        self.qgis.connect(project.layersWillBeRemoved, self.capture.layers_removed)
        self.qgis.connect(project.cleared, self.capture.close_form)
        self._follow_algorithms(self._update_buttons)
        self._update_buttons()
        self.use_loaded_project()

    def cleanup(self) -> None:
        """Cancel a run, close forms and the file, give the map tool back (before deleting)."""
        super().cleanup()
        self.capture.tool = None

    # ------------------------------------------------------------------ the parts, as before

    model = property(lambda self: self.list.model)
    summary_model = property(lambda self: self.list.summary_model)
    filter = property(lambda self: self.list.filter)
    tool = property(lambda self: self.capture.tool)
    form = property(lambda self: self.capture.form)
    _marker = property(lambda self: self.capture._marker)
    report = property(lambda self: self.sync.report)

    def current_filter(self) -> FeedbackFilter:
        return self.list.current_filter()

    def set_filter(self, *args, **kwargs) -> None:
        """Set every filter at once (see :meth:`.FeedbackList.set_filter`)."""
        self.list.set_filter(*args, **kwargs)

    def clear_filters(self) -> None:
        self.list.clear_filters()

    def resolve_selected(self) -> int:
        """Resolve the selected open feedback (resolved_at = now, UTC); returns the count."""
        return self.status.resolve_selected()

    def reopen_selected(self) -> int:
        """Open the selected resolved feedback again; returns the count."""
        return self.status.reopen_selected()

    def start_adding(self):
        """Make the map tool active: each click adds feedback there."""
        return self.capture.start_adding()

    def stop_adding(self) -> None:
        self.capture.stop_adding()

    def grid_at(self, point, crs) -> Optional[str]:
        """The id of the file's grid containing ``point`` (in ``crs``), or ``None``."""
        return self.capture.grid_at(point, crs)

    def add_feedback_at(self, point, crs=None):
        """Create feedback at ``point`` and open its form (see
        :meth:`.FeedbackCapture.add_feedback_at`)."""
        return self.capture.add_feedback_at(point, crs)

    def open_form(self, record: int):
        """Open the attribute form of one feedback record (edits are saved on OK)."""
        return self.capture.open_form(record)

    def packages(self) -> List[str]:
        return self.sync.packages()

    def add_packages(self, paths) -> None:
        """Add package files or folders to the list (each once)."""
        self.sync.add_packages(paths)

    def remove_selected_packages(self) -> None:
        self.sync.remove_selected_packages()

    def sync_parameters(self) -> dict:
        """Parameters of syncfieldpackages for this project and the listed packages."""
        return self.sync.sync_parameters()

    def run_sync(self):
        """Run syncfieldpackages on the listed packages in the background; returns the task."""
        return self.sync.run_sync()

    def report_lines(self) -> List[List[str]]:
        """What the report shows: per package its columns, then its detail lines."""
        return self.sync.report_lines()

    def load_conflicts(self) -> list:
        """List the project's open conflicts (empty for a field package)."""
        return self.sync.load_conflicts()

    def selected_conflicts(self) -> List[int]:
        return self.sync.selected_conflicts()

    def select_conflicts(self, fids) -> None:
        self.sync.select_conflicts(fids)

    def resolve_selected_conflicts(self, choice: str) -> int:
        """Keep the office value (``office``) or take the field value (``field``) of the
        selected conflicts; returns how many were resolved."""
        return self.sync.resolve_selected_conflicts(choice)

    # ------------------------------------------------------------------ file

    def _show_store(self, snapshot) -> None:
        self._load(snapshot)
        self.map.bind()
        self.sync.load_conflicts()
        self._update_buttons()

    def close_project(self) -> None:
        """Forget the file (nothing is written); an open form is closed unsaved."""
        self.capture.stop_adding()
        self.capture.close_form()
        super().close_project()

    def _clear_views(self) -> None:
        self.list.clear()
        self.sync.clear()
        if hasattr(self, "visits"):  # (not yet made while the base class sets up)
            self.visits.clear()
        self.summaryLabel.setText(self.tr("Open a project GeoPackage or a field package."))

    def reload(self, data: Optional[FeedbackData] = None) -> None:
        """Read the file again (after a sync, a form or another program wrote it), or show
        ``data`` read from it in the background."""
        if self.store is None:
            return
        if data is not None:
            self._load(data)
            return
        try:
            snapshot = self.store.read()
        except Exception as err:  # noqa: BLE001 (a file gone or broken is shown)
            self._message(
                self.tr("Cannot read {path}: {error}").format(path=self.store.path, error=err),
                Qgis.MessageLevel.Warning,
            )
            return
        self._load(snapshot)

    def _load(self, snapshot) -> None:
        keep = [self.data.fids[r] for r in self.selected] if self.data is not None else []
        d = snapshot if isinstance(snapshot, FeedbackData) else without_gc(FeedbackData, snapshot)
        self.data = d
        self.selected = sorted(d.record_of_fid[f] for f in keep if f in d.record_of_fid)
        self.list.show_rows(d)
        self.reloaded.emit()

    def feedback_layer(self) -> Optional[QgsVectorLayer]:
        """The project's feedback layer of the file shown (``None`` if not on the map)."""
        return self.map.layer

    def _committed_elsewhere(self) -> None:
        if self.store is not None and not self.store.writing and not self.capture.committing:
            self.undo_stack.clear()  # the rows may have changed under the stored commands
            self.reload()

    # ------------------------------------------------------------------ selection

    def _show_selection_in_table(self) -> None:
        self.list.show_selection()

    def select_uuids(self, uuids) -> None:
        if self.data is not None:
            records = [self.data.record(u) for u in uuids]
            self.select_records(r for r in records if r is not None)

    def selected_uuids(self) -> List[str]:
        return [self.data.uuids[r] for r in self.selected] if self.data is not None else []

    def _selection_updated(self) -> None:
        self.list.show_selection_label()
        self._update_buttons()

    # ------------------------------------------------------------------ state

    def _update_buttons(self, *_args) -> None:
        idle = self.run is None
        store = self.store
        has_file = store is not None and self.data is not None
        is_project = has_file and store is not None and not store.is_package
        self.listTab.setEnabled(idle)
        self.addButton.setEnabled(idle and has_file and self.iface is not None)
        self.status.update_buttons(idle, has_file)
        self.zoomButton.setEnabled(has_file and bool(self.selected))
        self._update_shared_buttons(idle, has_file)
        self.sync.update_buttons(idle, has_file, is_project)
        if hasattr(self, "visits"):
            self.visits.update_buttons()
        self.cancelButton.setEnabled(not idle)

    def _message(self, text: str, level=Qgis.MessageLevel.Info) -> None:
        """Show ``text`` in QGIS's message bar (and the log)."""
        LOG.log(
            {
                Qgis.MessageLevel.Critical: logging.ERROR,
                Qgis.MessageLevel.Warning: logging.WARNING,
            }.get(level, logging.INFO),
            text,
        )
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is not None:
            bar.pushMessage(log.bar_title(), text, level, 5)
        if self.tabs.currentWidget() is self.syncTab:
            self.runLabel.setText(text)
