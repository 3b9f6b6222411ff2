"""What the Staff & outlets dock and the Feedback dock share: :class:`ServiceGridDock`.

Both docks show one GeoPackage, chosen in the file widget or found among QGIS's layers
("Loaded"); follow QGIS's project (a layer of the file added or removed, edits of the file
saved in QGIS, the project closed); keep their selection in step with one layer of the file
on the map; have undo / redo buttons; run one Processing algorithm at a time as a background
task (:class:`.AlgorithmRun`); and are torn down with :meth:`ServiceGridDock.cleanup` before
they are deleted.

The base is a plain :class:`QgsDockWidget` of our own (no QGIS internals). A dock's form has
the widgets ``projectFile`` (a QgsFileWidget), ``loadedButton``, ``reloadButton``,
``summaryLabel``, ``undoButton``, ``redoButton``, ``progressBar``, ``cancelButton`` and
``runLabel``. The dock sets :attr:`~ServiceGridDock.STORE`, :attr:`~ServiceGridDock.MAP_TABLE`
and :attr:`~ServiceGridDock.WATCHED_TABLES` and provides the methods listed under "the dock
provides" in the class. Strings of this module are translated in the context
``ServiceGridDock`` (PyQt's ``self.tr`` would look them up under the subclass's name).
"""

import gc
import logging
import os
import tempfile
from typing import Iterable, List, Optional

from qgis.core import Qgis, QgsApplication, QgsProject, QgsVectorLayer
from qgis.gui import QgsDockWidget, QgsFileWidget
from qgis.PyQt.QtCore import QCoreApplication, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QAbstractItemView, QHeaderView, QUndoStack

from .algorithm_task import AlgorithmRun
from .project_store import ProjectStore
from .settings import Settings

LOG = logging.getLogger(__name__)


def row_runs(rows: List[int]):
    """Contiguous runs ``(first, last)`` of sorted row numbers."""
    start = previous = None
    for row in rows:
        if start is None:
            start = previous = row
        elif row == previous + 1:
            previous = row
        else:
            yield start, previous
            start = previous = row
    if start is not None:
        yield start, previous


def without_gc(build, *args):
    """``build(*args)`` with Python's cyclic garbage collector paused: it makes tens of
    thousands of small objects, and a collection over QGIS's whole heap in the middle would
    make that several times slower."""
    gc.disable()
    try:
        return build(*args)
    finally:
        gc.enable()


class ServiceGridDock(QgsDockWidget):
    """A dock showing one GeoPackage of Service Grid (see the module's docstring)."""

    #: The GeoPackage shown changed ("" when none).
    projectChanged = pyqtSignal(str)  # noqa: N815 (Qt signal naming)

    #: The store class opening a file (``STORE(path)``; ``read()`` gives its snapshot).
    STORE = ProjectStore
    #: The table whose layer on the map follows the dock's selection (and the reverse).
    MAP_TABLE = ""
    #: Tables whose edits saved in QGIS make the dock read the file again.
    WATCHED_TABLES = ()

    def __init__(self, iface=None, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.store: Optional[ProjectStore] = None
        self.data = None  # what the dock shows of the file (has ``fids``, ``record_of_fid``)
        self.run: Optional[AlgorithmRun] = None
        self.selected: List[int] = []  # records, sorted
        self._map_layer: Optional[QgsVectorLayer] = None
        self._watched: List[QgsVectorLayer] = []
        self._syncing = False  # True while the dock moves a selection itself
        self._sized = False
        self._cleaned = False
        self._scratch: Optional[tempfile.TemporaryDirectory] = None
        self.undo_stack = QUndoStack(self)

    # ------------------------------------------------------------------ the dock provides

    def _loaded_files(self) -> List[str]:
        """The files the dock can show whose layers are loaded in QGIS (preferred first)."""
        raise NotImplementedError

    def _nothing_loaded_text(self) -> str:
        """The summary shown when no file is open and none is loaded in QGIS."""
        raise NotImplementedError

    def _busy_text(self) -> str:
        """Why another file cannot be opened while a run is going on."""
        raise NotImplementedError

    def _show_store(self, snapshot) -> None:
        """Show the file just opened (``self.store``) from its first ``snapshot``."""
        raise NotImplementedError

    def _clear_views(self) -> None:
        """Empty the views when the file is closed (``store`` and ``data`` are gone)."""
        raise NotImplementedError

    def _show_selection_in_table(self) -> None:
        """Select the rows of ``self.selected`` in the dock's table."""
        raise NotImplementedError

    def _selection_updated(self) -> None:
        """Labels and buttons after ``self.selected`` changed."""
        raise NotImplementedError

    def _committed_elsewhere(self) -> None:
        """Edits of a watched table were saved in QGIS."""
        raise NotImplementedError

    def _update_buttons(self, *_args) -> None:
        """Enable what can be done now (see :meth:`_update_shared_buttons`)."""
        raise NotImplementedError

    def _message(self, text: str, level=Qgis.MessageLevel.Info) -> None:
        """Tell the user ``text`` (message bar and log; each dock also shows it on its run
        tab)."""
        raise NotImplementedError

    def reload(self) -> None:
        """Read the file again."""
        raise NotImplementedError

    def _remembered(self, store) -> bool:
        """Whether file dialogs start in the folder of ``store`` from now on."""
        return True

    def _file_on_map(self) -> bool:
        """Whether closing QGIS's project closes the file too."""
        return self._map_layer is not None

    def _stop_work(self) -> None:
        """What the dock ends before it is torn down (after its run was cancelled)."""

    def _algorithms_changed(self, *_args) -> None:
        """Algorithms were registered or removed."""
        self._update_buttons()

    # ------------------------------------------------------------------ set-up and teardown

    def _setup_shared_widgets(self, file_dialog_title: str) -> None:
        """Undo / redo buttons, the file widget with "Loaded" and "Reload", the progress bar
        and "Cancel" of a run (call after ``setupUi``)."""
        self.undo_action = self.undo_stack.createUndoAction(
            self, QCoreApplication.translate("ServiceGridDock", "Undo")
        )
        self.redo_action = self.undo_stack.createRedoAction(
            self, QCoreApplication.translate("ServiceGridDock", "Redo")
        )
        for button, action, icon in (
            (self.undoButton, self.undo_action, "/mActionUndo.svg"),
            (self.redoButton, self.redo_action, "/mActionRedo.svg"),
        ):
            action.setIcon(QgsApplication.getThemeIcon(icon))
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

        self.projectFile.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.projectFile.setDialogTitle(file_dialog_title)
        last = Settings.load().last_project
        if last:
            self.projectFile.setDefaultRoot(os.path.dirname(last))
        self.projectFile.fileChanged.connect(self._file_chosen)
        self.loadedButton.clicked.connect(self.use_loaded_project)
        self.reloadButton.clicked.connect(self.reload)

        self.cancelButton.clicked.connect(self.cancel_run)
        self.progressBar.setRange(0, 100)
        self.progressBar.setValue(0)

    @staticmethod
    def _tune_table(view) -> None:
        """Uniform rows and no per-row sizing, so 100,000 rows stay quick."""
        vertical = view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(view.fontMetrics().height() + 6)
        vertical.setResizeContentsPrecision(200)
        view.horizontalHeader().setResizeContentsPrecision(200)
        view.horizontalHeader().setStretchLastSection(True)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def _qgis_connections(self):
        """The signals of QGIS the dock follows, with their slots."""
        project = QgsProject.instance()
        registry = QgsApplication.processingRegistry()
        return (
            (project.layersAdded, self._layers_added),
            (project.layersWillBeRemoved, self._layers_removed),
            (project.cleared, self._project_cleared),
            (registry.providerAdded, self._algorithms_changed),
            (registry.providerRemoved, self._algorithms_changed),
        )

    def _connect_qgis(self) -> None:
        for signal, slot in self._qgis_connections():
            signal.connect(slot)

    def cleanup(self) -> None:
        """Cancel a run, close the file and disconnect from QGIS (before deleting)."""
        if self._cleaned:
            return
        self._cleaned = True
        self.cancel_run()
        if self.run is not None:  # it finishes on its own: nothing of the dock is touched then
            for signal in (self.run.progress, self.run.done):
                try:
                    signal.disconnect()
                except TypeError:
                    pass
        self._stop_work()
        if self._scratch is not None and self.run is None:
            self._scratch.cleanup()
            self._scratch = None
        for signal, slot in self._qgis_connections():
            try:
                signal.disconnect(slot)
            except TypeError:
                pass
        self.close_project()

    def _scratch_folder(self, prefix: str) -> str:
        """A temporary folder of the dock's (removed by :meth:`cleanup` unless a run is
        still going)."""
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix=prefix)
        return self._scratch.name

    # ------------------------------------------------------------------ file

    def use_loaded_project(self) -> bool:
        """Show the file whose layers are loaded in QGIS, if any (the first one)."""
        files = self._loaded_files()
        if not files:
            if self.store is None:
                self.summaryLabel.setText(self._nothing_loaded_text())
            return False
        if self.store is not None and self.store.same_file(files[0]):
            self._bind_map_layer()
            return True
        return self.open_project(files[0])

    def _file_chosen(self, path: str) -> None:
        if path and (self.store is None or not self.store.same_file(path)):
            self.open_project(path)

    def open_project(self, path: str) -> bool:
        """Show the GeoPackage ``path``. Returns False (and says why) if it cannot."""
        if self.run is not None:
            self._message(self._busy_text())
            return False
        try:
            store = self.STORE(path)
            snapshot = store.read()
        except Exception as err:  # noqa: BLE001 (whatever makes the file unreadable is shown)
            self._message(
                QCoreApplication.translate("ServiceGridDock", "Cannot open {path}: {error}").format(
                    path=path, error=err
                ),
                Qgis.MessageLevel.Warning,
            )
            return False
        self.close_project()
        self.store = store
        self._show_path(store.path)
        if self._remembered(store):
            settings = Settings.load()
            settings.last_project = store.path
            settings.save()
        self._show_store(snapshot)
        self.projectChanged.emit(store.path)
        return True

    def close_project(self) -> None:
        """Forget the file (nothing is written)."""
        self._unbind_map_layer()
        self._unwatch_layers()
        self.undo_stack.clear()
        if self.store is not None:
            self.store.release()
        self.store = self.data = None
        self.selected = []
        self._clear_views()
        self._show_path("")
        self._selection_updated()
        self.projectChanged.emit("")

    def _show_path(self, path: str) -> None:
        """Show ``path`` in the file widget (not taken as a choice of the user's)."""
        self.projectFile.blockSignals(True)
        self.projectFile.setFilePath(path)
        self.projectFile.blockSignals(False)

    # ------------------------------------------------------------------ QGIS's project

    def _watch_layers(self) -> None:
        """Read the file again when someone saves edits of its tables in QGIS (attribute
        table, forms): the dock shows what is in the file."""
        self._unwatch_layers()
        if self.store is None:
            return
        for table in self.WATCHED_TABLES:
            layer = self.store.project_layer(table)
            if layer is not None:
                layer.afterCommitChanges.connect(self._committed_elsewhere)
                self._watched.append(layer)

    def _unwatch_layers(self) -> None:
        for layer in self._watched:
            try:
                layer.afterCommitChanges.disconnect(self._committed_elsewhere)
            except (TypeError, RuntimeError):
                pass
        self._watched = []

    def _bind_map_layer(self) -> None:
        """Follow the selection of the file's :attr:`MAP_TABLE` layer when it is on the map."""
        self._watch_layers()
        layer = self.store.project_layer(self.MAP_TABLE) if self.store is not None else None
        if layer is not self._map_layer:
            self._unbind_map_layer()
            self._map_layer = layer
            if layer is not None:
                layer.selectionChanged.connect(self._map_selection_changed)
                if layer.selectedFeatureCount() or not self.selected:
                    self._map_selection_changed()  # the map's selection wins…
                else:
                    self._push_selection_to_map()  # …unless it has none

    def _unbind_map_layer(self) -> None:
        if self._map_layer is not None:
            try:
                self._map_layer.selectionChanged.disconnect(self._map_selection_changed)
            except (TypeError, RuntimeError):
                pass
        self._map_layer = None

    def _layers_added(self, layers) -> None:
        if self.store is None:
            self.use_loaded_project()
        elif any(self.store.owns(layer) for layer in layers):
            self._bind_map_layer()

    def _layers_removed(self, layer_ids) -> None:
        if self._map_layer is not None and self._map_layer.id() in layer_ids:
            self._unbind_map_layer()
        self._watched = [lyr for lyr in self._watched if lyr.id() not in layer_ids]

    def _project_cleared(self) -> None:
        """QGIS closed its project: a file that was on the map is closed too."""
        if self._file_on_map():
            self.close_project()
        else:
            self._unbind_map_layer()
            self._unwatch_layers()

    # ------------------------------------------------------------------ selection

    def _map_selection_changed(self, *_args) -> None:
        if self._syncing or self.data is None or self._map_layer is None:
            return
        index = self.data.record_of_fid
        self.selected = sorted(index[f] for f in self._map_layer.selectedFeatureIds() if f in index)
        self._show_selection_in_table()
        self._selection_updated()

    def _push_selection_to_map(self) -> None:
        if self._map_layer is None or self.data is None:
            return
        self._syncing = True
        try:
            self._map_layer.selectByIds([self.data.fids[r] for r in self.selected])
        finally:
            self._syncing = False

    def select_records(self, records: Iterable[int]) -> None:
        """Select these records in the table and on the map."""
        if self.data is None:
            return
        self.selected = sorted(set(records))
        self._show_selection_in_table()
        self._push_selection_to_map()
        self._selection_updated()

    def zoom_to_selected(self, flash: bool = False) -> None:
        """Zoom the map to the selected records (and flash them when on the map)."""
        if self.iface is None or self.store is None or not self.selected:
            return
        layer = self._map_layer or self.store.layer(self.MAP_TABLE)
        fids = [self.data.fids[r] for r in self.selected]
        canvas = self.iface.mapCanvas()
        canvas.zoomToFeatureIds(layer, fids)
        if flash and self._map_layer is not None:
            canvas.flashFeatureIds(layer, fids)
        canvas.refresh()

    # ------------------------------------------------------------------ background runs

    def _start_run(self, alg_id: str, params: dict, description: str, on_done, label: str):
        """Run ``alg_id`` in the background (``on_done(ok, results, errors)`` when it has
        finished); returns the task, or ``None`` (and says why)."""
        try:
            run = AlgorithmRun(alg_id, params, description)
        except LookupError:
            self._message(
                QCoreApplication.translate(
                    "ServiceGridDock", "The algorithm {id} is not available."
                ).format(id=alg_id),
                Qgis.MessageLevel.Warning,
            )
            return None
        self.run = run
        run.progress.connect(lambda value: self.progressBar.setValue(int(value)))
        run.done.connect(on_done)
        self.progressBar.setValue(0)
        self.runLabel.setText(label)
        self._update_buttons()
        LOG.info("Running %s with %s", alg_id, params)
        return run.start()

    def cancel_run(self) -> None:
        if self.run is not None:
            self.run.cancel()

    @staticmethod
    def _failure(errors: str, cancelled: bool) -> str:
        """Why a run did not finish: the last error it reported, or "cancelled"."""
        lines = [line for line in (errors or "").splitlines() if line.strip()]
        if cancelled or not lines:
            return QCoreApplication.translate("ServiceGridDock", "cancelled")
        return lines[-1]

    # ------------------------------------------------------------------ state

    def _update_shared_buttons(self, idle: bool, has_file: bool) -> None:
        """Undo / redo and the file's buttons (no other file while a run is going on)."""
        self.undo_action.setEnabled(idle and self.undo_stack.canUndo())
        self.redo_action.setEnabled(idle and self.undo_stack.canRedo())
        self.projectFile.setEnabled(idle)
        self.loadedButton.setEnabled(idle)
        self.reloadButton.setEnabled(idle and has_file)
