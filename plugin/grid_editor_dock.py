"""The Grid editor dock (网格编辑): finish a division by hand.

Works on a project GeoPackage (the one whose layers are loaded, or one chosen in the file
widget) and on the current selection of its units layer in QGIS, however it was made (the
editor's own map tool, QGIS's freehand or expression selection, the attribute table). The
Edit tab previews the chosen operation (move to the target grid, new grid, merge, split,
lock, unlock) live in a table (:mod:`.grid_editor_panel`), refuses what the rules refuse,
applies it as a background task (:mod:`.grid_editor_task`), then reloads the file's layers;
Undo / Redo follow the journal kept in the file; the "Needs a decision" list is
:mod:`.grid_editor_decisions`, the Versions tab :mod:`.grid_versions_panel`.
"""

import logging
from typing import Any, Callable, List, Optional

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import QButtonGroup

from ..algorithms.core.division import EditError, apply_edit, preview, redo, undo
from ..algorithms.core.errors import InputError
from . import log
from .dock_parts import ProjectFileWidgets, QgisConnections, disconnect_quietly, load_form
from .grid_editor_decisions import DecisionsPanel
from .grid_editor_panel import TotalsModel, fill_targets, message_html
from .grid_editor_state import (
    LOCK,
    MERGE,
    MOVE,
    NEW,
    SPLIT,
    UNLOCK,
    EditorFile,
    EditorState,
    plan_edit,
    project_layer,
    read_state,
    reload_edited_layers,
    state_after,
    unsaved_layers,
)
from .grid_editor_task import CoreTask
from .grid_editor_tool import EditorTools
from .grid_versions_panel import VersionsPanel
from .project_store import project_files

LOG = logging.getLogger(__name__)
FORM: Any = load_form("grid_editor_dock.ui")  # (a class made at run time)

__all__ = ["LOCK", "MERGE", "MOVE", "NEW", "SPLIT", "UNLOCK", "GridEditorDock"]
#: Milliseconds the preview waits for the selection to settle.
PREVIEW_DELAY = 40


class GridEditorDock(QgsDockWidget, FORM):
    """Move units between grids, make, merge, split and lock grids, with a live preview."""

    #: The GeoPackage shown changed ("" when none).
    projectChanged = pyqtSignal(str)  # noqa: N815 (Qt signal naming)
    #: The panel shows the preview of the current selection, target and operation.
    previewUpdated = pyqtSignal()  # noqa: N815
    #: A write finished (True when it succeeded) and the editor shows the file again.
    taskFinished = pyqtSignal(bool)  # noqa: N815

    OBJECT_NAME = "ServiceGridGridEditorDock"

    def __init__(self, iface=None, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName(self.OBJECT_NAME)
        self.iface = iface
        self.store: Optional[EditorFile] = None
        self.state: Optional[EditorState] = None
        self.units_layer = None
        self._fid_index: dict = {}
        self.edit = None  # the planned edit (None: nothing to apply)
        self.refusal = ""
        self.warnings: List[str] = []
        self.hint = ""  # what the chosen operation still needs (neutral)
        self.task: Optional[CoreTask] = None
        self._cleaned = False
        self.qgis = QgisConnections()
        self.files = ProjectFileWidgets(self, self.tr("Open service-grid project"))

        self.model = TotalsModel(self)
        self.totalsTable.setModel(self.model)
        self.totalsTable.verticalHeader().setVisible(False)
        self.totalsTable.horizontalHeader().setStretchLastSection(True)
        self.operations = QButtonGroup(self)
        for button, key in (
            (self.moveButton, MOVE),
            (self.newGridButton, NEW),
            (self.mergeButton, MERGE),
            (self.splitButton, SPLIT),
            (self.lockButton, LOCK),
            (self.unlockButton, UNLOCK),
        ):
            button.setProperty("operation", key)
            self.operations.addButton(button)
        self.moveButton.setChecked(True)
        self.operations.buttonClicked.connect(lambda _b: self.schedule_preview())
        self.partsSpin.valueChanged.connect(lambda _v: self.schedule_preview())
        self.targetCombo.currentIndexChanged.connect(lambda _i: self.schedule_preview())
        self.applyButton.clicked.connect(lambda: self.apply())
        self.undoButton.clicked.connect(lambda: self.undo())
        self.redoButton.clicked.connect(lambda: self.redo())
        self.undoButton.setIcon(QgsApplication.getThemeIcon("/mActionUndo.svg"))
        self.redoButton.setIcon(QgsApplication.getThemeIcon("/mActionRedo.svg"))
        self.decisions = DecisionsPanel(self)
        self.versions = VersionsPanel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY)
        self._timer.timeout.connect(self.update_preview)

        # map tools and QGIS's own ways of selecting
        self.tools = EditorTools(self)
        self.tools.picked.connect(self.pick_unit_grid)

        project = QgsProject.instance()
        self.qgis.connect(project.layersAdded, self._layers_added)
        self.qgis.connect(project.layersWillBeRemoved, self._layers_removed)
        self.qgis.connect(project.cleared, self.close_project)
        self.progressBar.setVisible(False)
        self._update_buttons()
        self.use_loaded_project()

    # ------------------------------------------------------------------ teardown

    def cleanup(self) -> None:
        """Forget a running task, hand the map back, disconnect (before deleting)."""
        if self._cleaned:
            return
        self._cleaned = True
        self._timer.stop()
        if self.task is not None:
            self.task.forget()
            self.task = None
        self.tools.release()
        self.versions.detach()
        self.qgis.disconnect_all()
        self.close_project()

    # ------------------------------------------------------------------ file

    select_tool = property(lambda self: self.tools.select_tool)
    pick_tool = property(lambda self: self.tools.pick_tool)

    @property
    def path(self) -> str:
        return self.store.path if self.store is not None else ""

    @property
    def division(self):
        return self.state.division if self.state is not None else None

    def use_loaded_project(self) -> bool:
        """Edit the project GeoPackage whose grids layer is loaded in QGIS, if any."""
        files = project_files(QgsProject.instance())
        if not files:
            if self.store is None:
                self.summaryLabel.setText(
                    self.tr(
                        "No Service Grid project is loaded. Open one (Service Grid ▸ Open "
                        "project GeoPackage…) or choose its GeoPackage above."
                    )
                )
            return False
        if self.store is not None and self.store.same_file(files[0]):
            self._bind_layers()
            return True
        return self.open_project(files[0])

    def open_project(self, path: str) -> bool:
        """Edit the project GeoPackage ``path``. Returns False (and says why) if it cannot."""
        if not self.idle():
            self._message(self.tr("Wait until the running edit has finished."))
            return False
        try:
            state = read_state(path)
        except Exception as err:  # noqa: BLE001 (whatever makes the file unusable is shown)
            self._message(
                self.tr("Cannot edit the grids of {path}: {error}").format(path=path, error=err),
                Qgis.MessageLevel.Warning,
            )
            return False
        self.close_project()
        self.store = EditorFile(path)
        self.files.show_path(self.store.path)
        self.files.remember(self.store.path)
        self._show_state(state)
        self._bind_layers()
        self.projectChanged.emit(self.store.path)
        return True

    def close_project(self) -> None:
        """Forget the file (nothing is written)."""
        self._unbind_layers()
        self.store = self.state = None
        self.edit = None
        self.refusal = ""
        self.warnings = []
        self.model.set_rows([])
        self.messageLabel.setText("")
        self.targetCombo.clear()
        self.decisions.show([])
        self.versions.show(None)
        self.files.show_path("")
        self.summaryLabel.setText(self.tr("Open a project GeoPackage with grids."))
        self._selection_changed()
        self.projectChanged.emit("")

    def reload(self) -> None:
        """Read the file again (after another program or an algorithm wrote it)."""
        if self.store is not None and self.idle():
            try:
                self._show_state(read_state(self.store.path))
            except Exception as err:  # noqa: BLE001
                self._message(str(err), Qgis.MessageLevel.Warning)

    def _show_state(self, state: EditorState) -> None:
        self.state = state
        d = state.division
        self._fid_index = {int(f): i for i, f in enumerate(d.fids)}
        fill_targets(self.targetCombo, d, self.tr("(choose a grid)"), self.tr("locked"))
        span = d.target_range()
        if span is None:
            summary = self.tr(
                "{grids} grids, {units} units. Target {target} people per grid ± {tol} %."
            )
        else:
            summary = self.tr(
                "{grids} grids, {units} units. Targets by area: {low}–{high} people per grid "
                "± {tol} % (each grid is judged against its own target)."
            )
        self.summaryLabel.setText(
            summary.format(
                grids=len(d.grids),
                units=len(d.unit_ids),
                target="{:,.0f}".format(d.target),
                low="{:,.0f}".format(span[0]) if span else "",
                high="{:,.0f}".format(span[1]) if span else "",
                tol="{:.0f}".format(d.tolerance * 100),
            )
        )
        self.decisions.show(state.decisions)
        self.versions.show(state.versions)
        self._selection_changed()

    # ------------------------------------------------------------------ QGIS's layers

    def _bind_layers(self) -> None:
        layer = project_layer(self.path, "units") if self.store is not None else None
        if layer is self.units_layer:
            return
        self._unbind_layers()
        self.units_layer = layer
        if layer is not None:
            layer.selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def _unbind_layers(self) -> None:
        if self.units_layer is not None:
            disconnect_quietly(self.units_layer.selectionChanged, self._selection_changed)
        self.units_layer = None

    def _layers_added(self, _layers) -> None:
        if self.store is None:
            self.use_loaded_project()
        else:
            self._bind_layers()

    def _layers_removed(self, layer_ids) -> None:
        if self.units_layer is not None and self.units_layer.id() in layer_ids:
            self._unbind_layers()
            self._selection_changed()

    # ------------------------------------------------------------------ selection, target

    def selected_units(self) -> List[str]:
        """Unit ids of the units layer's selection (those the editor read)."""
        d = self.division
        if d is None or self.units_layer is None:
            return []
        index = self._fid_index
        rows = [index[f] for f in self.units_layer.selectedFeatureIds() if f in index]
        return [str(d.unit_ids[i]) for i in sorted(rows)]

    def selected_grids(self) -> List[str]:
        """The grids of the selected units."""
        d = self.division
        if d is None:
            return []
        return sorted({str(d.grid_of[d.index[u]]) for u in self.selected_units()} - {""})

    def select_units(self, unit_ids) -> None:
        """Select these units on the units layer (as a user would on the map)."""
        d = self.division
        if d is None or self.units_layer is None:
            return
        self.units_layer.selectByIds([int(d.fids[d.index[str(u)]]) for u in unit_ids])

    def target_grid(self) -> Optional[str]:
        return self.targetCombo.currentData()

    def set_target(self, grid_id: Optional[str]) -> None:
        index = self.targetCombo.findData(grid_id) if grid_id else 0
        self.targetCombo.setCurrentIndex(max(index, 0))

    def grid_ids(self) -> List[str]:
        return sorted(self.division.grids) if self.division is not None else []

    def pick_unit_grid(self, fid: int) -> None:
        """The pick tool clicked the unit ``fid``: its grid becomes the target."""
        d = self.division
        if d is None:
            return
        row = self._fid_index.get(int(fid))
        if row is not None:
            self.set_target(str(d.grid_of[row]))

    def operation(self) -> str:
        button = self.operations.checkedButton()
        return button.property("operation") if button is not None else MOVE

    def set_operation(self, key: str) -> None:
        for button in self.operations.buttons():
            if button.property("operation") == key:
                button.setChecked(True)
        self.schedule_preview()

    def _selection_changed(self, *_args) -> None:
        units = self.selected_units()
        if self.units_layer is None and self.store is not None:
            self.selectionLabel.setText(
                self.tr(
                    "The project's units layer is not on the map: open the project to select units."
                )
            )
        elif not units:
            self.selectionLabel.setText(self.tr("No unit selected."))
        else:
            d = self.division
            people = sum(float(d.values["population"][d.index[u]] or 0) for u in units)
            grids = self.selected_grids()
            if len(units) == 1:
                text = self.tr("Unit {unit} of grid {grid} selected ({people} people).")
            elif len(grids) == 1:
                text = self.tr("{n} units of grid {grid} selected ({people} people).")
            else:
                text = self.tr("{n} units selected in {g} grids ({people} people).")
            self.selectionLabel.setText(
                text.format(
                    n=len(units),
                    g=len(grids),
                    unit=units[0],
                    grid=grids[0] if grids else "—",
                    people="{:,.0f}".format(people),
                )
            )
        self.schedule_preview()

    # ------------------------------------------------------------------ preview

    def schedule_preview(self) -> None:
        """Update the panel once the selection settles."""
        self._timer.start()

    def plan(self):
        """The edit the chosen operation would make now (raises :class:`EditError`)."""
        return plan_edit(
            self.division,
            self.operation(),
            self.selected_units(),
            self.selected_grids(),
            self.target_grid(),
            self.partsSpin.value(),
        )

    def update_preview(self) -> None:
        """Plan the chosen operation and show its preview (nothing is written)."""
        self._timer.stop()
        self.edit, self.refusal, self.warnings = None, "", []
        rows: list = []
        self.hint = self.missing_input()
        if not self.hint and self.division is not None:
            try:
                self.edit = self.plan()
                result = preview(self.division, self.edit)
                rows, self.warnings = result.totals, list(result.warnings)
            except InputError as err:
                self.refusal = str(err)
            except Exception as err:  # noqa: BLE001 (shown, the edit is not applied)
                LOG.warning("Preview failed", exc_info=True)
                self.refusal = self.tr("The preview failed: {error}").format(error=err)
        self.model.set_rows(rows)
        self.totalsTable.resizeColumnsToContents()
        self.messageLabel.setText(message_html(self.refusal, self.warnings, self.hint))
        self._update_buttons()
        self.previewUpdated.emit()

    def missing_input(self) -> str:
        """What the chosen operation still needs (a neutral hint, not a refusal): units for
        Move and New grid, two grids for Merge, a grid for Split, Lock and Unlock."""
        if self.division is None:
            return ""
        operation, units = self.operation(), self.selected_units()
        grids = set(self.selected_grids()) | ({self.target_grid()} if self.target_grid() else set())
        if operation in (MOVE, NEW) and not units:
            return self.tr("Select units on the map (or in the attribute table).")
        if operation == MOVE and not self.target_grid():
            return self.tr("Choose the target grid (list or Pick on map).")
        if operation == MERGE and len(grids) < 2:
            return self.tr("Select units of the grids to merge and choose the grid they go into.")
        if operation in (SPLIT, LOCK, UNLOCK) and not grids:
            return self.tr("Choose a grid (list or Pick on map).")
        return ""

    # ------------------------------------------------------------------ writes

    def idle(self) -> bool:
        return self.task is None

    def apply(self):
        """Write the planned edit (a background task); returns the task."""
        if self.edit is None or self.refusal or not self._may_write():
            return None
        edit, path = self.edit, self.path
        # after the edit: the units moved (a selection kept would preview "already in that
        # grid"); a split, merge or lock is not offered again until something is chosen
        operation = self.operation()

        def after():
            if operation not in (LOCK, UNLOCK):
                self.tools.clear_selection()
            if operation != MOVE:
                self.set_target(None)
            self.update_preview()  # nothing stale offered, not even for the 40 ms debounce

        state = self.state
        return self.run_core(
            self.tr("Service Grid: {label}").format(label=edit.label),
            lambda: apply_edit(path, edit),
            self.tr("Done: {label}.").format(label=edit.label),
            after=after,
            # the edit's units and the grid rows, not the whole project read again
            read=lambda: state_after(state, edit, path),
        )

    def undo(self):
        """Undo the last edit (journal in the file); returns the task."""
        path = self.path
        label = self.state.history.can_undo if self.state is not None else None
        if not label or not self._may_write():
            return None
        gone = self.tr(
            "There is nothing to undo any more: the project changed since the editor read it "
            "(a rebuild starts the history again). The editor has been reloaded."
        )
        return self.run_core(
            self.tr("Service Grid: undo"),
            lambda: _or_refuse(undo(path), gone),
            self.tr("Undone: {label}.").format(label=label),
        )

    def redo(self):
        """Redo the last undone edit; returns the task."""
        path = self.path
        label = self.state.history.can_redo if self.state is not None else None
        if not label or not self._may_write():
            return None
        gone = self.tr(
            "There is nothing to redo any more: the project changed since the editor read it. "
            "The editor has been reloaded."
        )
        return self.run_core(
            self.tr("Service Grid: redo"),
            lambda: _or_refuse(redo(path), gone),
            self.tr("Redone: {label}.").format(label=label),
        )

    def _may_write(self) -> bool:
        if self.store is None or not self.idle():
            return False
        unsaved = unsaved_layers(self.path)
        if unsaved:
            self._message(
                self.tr(
                    "Save or discard the edits of {layers} first: the editor writes the GeoPackage."
                ).format(layers=", ".join(unsaved)),
                Qgis.MessageLevel.Warning,
            )
            return False
        return True

    def run_core(
        self,
        description: str,
        work: Callable[[], Any],
        success: str,
        after: Optional[Callable[[], None]] = None,
        read: Optional[Callable[[], EditorState]] = None,
    ):
        """Run ``work()`` (a write of the core) and read the project again (``read()``,
        :func:`read_state` by default) in the background; then show it, reload the file's
        layers, call ``after()`` and say ``success``."""
        if self.store is None or not self.idle():
            return None
        path = self.path

        def job():
            value = work()
            return value, (read or (lambda: read_state(path)))()

        self.task = CoreTask(
            description, job, lambda ok, value, error: self._done(ok, value, error, success, after)
        )
        self.progressBar.setVisible(True)
        self._update_buttons()
        return self.task.start()

    def _done(self, ok: bool, value, error: str, success: str, after=None) -> None:
        self.task = None
        self.progressBar.setVisible(False)
        if self.store is None:
            return
        reload_edited_layers(self.path)
        if ok:
            self._show_state(value[1])
            self.versions.task_done(value[0])
            if after is not None:
                after()
            self._message(success)
        else:
            self.reload()
            self._message(
                self.tr("The edit was not applied: {error}").format(error=error),
                Qgis.MessageLevel.Warning,
            )
        self._update_buttons()
        self.taskFinished.emit(ok)

    # ------------------------------------------------------------------ state

    def _update_buttons(self, *_args) -> None:
        idle, has = self.idle(), self.state is not None
        ok = idle and has and self.edit is not None and not self.refusal
        self.applyButton.setEnabled(ok)
        label = self.edit.label if self.edit is not None and not self.refusal else ""
        self.applyButton.setText(
            self.tr("Apply: {label}").format(label=label) if label else self.tr("Apply")
        )
        self.applyButton.setToolTip(
            self.refusal or self.tr("Write the edit into the project (undoable)")
        )
        history = self.state.history if has else None
        for button, label, text, plain in (
            (
                self.undoButton,
                history and history.can_undo,
                self.tr("Undo: {label}"),
                self.tr("Undo"),
            ),
            (
                self.redoButton,
                history and history.can_redo,
                self.tr("Redo: {label}"),
                self.tr("Redo"),
            ),
        ):
            button.setEnabled(idle and bool(label))
            button.setText(text.format(label=label) if label else plain)
        for widget in (self.files.widget, self.loadedButton):
            widget.setEnabled(idle)
        self.reloadButton.setEnabled(idle and has)
        self.decisions.update_buttons()
        self.versions.update_buttons()

    def _message(self, text: str, level=Qgis.MessageLevel.Info) -> None:
        log.push_message(text, level)


def _or_refuse(label, message: str):
    """``label`` (what undo / redo did), or :class:`EditError` with ``message`` when the
    journal had nothing (the history the dock showed is gone)."""
    if label is None:
        raise EditError(message)
    return label
