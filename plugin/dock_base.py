"""What the Staff & outlets dock and the Feedback dock share: :class:`ServiceGridDock`.

Both docks show one GeoPackage, chosen in the file widget or found among QGIS's layers
("Loaded"); follow QGIS's project (a layer of the file added or removed, edits of the file
saved in QGIS, the project closed); keep their selection in step with one layer of the file
on the map; have undo / redo buttons; run one Processing algorithm at a time as a background
task (:class:`.AlgorithmRun`); and are torn down with :meth:`ServiceGridDock.cleanup` before
they are deleted.

The base is a plain :class:`QgsDockWidget` of our own (no QGIS internals) that owns small parts
(:mod:`.dock_parts`), each made in :meth:`ServiceGridDock._setup_parts` after ``setupUi``:
``undo`` (:class:`.UndoButtons`), ``files`` (:class:`.ProjectFileWidgets`), ``map``
(:class:`.MapSelection`), ``runner`` (:class:`.BackgroundRun`) and ``qgis``
(:class:`.QgisConnections`). The base builds the subclass's form (``setupUi``) and names the
dock ``OBJECT_NAME``. A dock's form has the widgets ``projectFile`` (a QgsFileWidget),
``loadedButton``, ``reloadButton``, ``summaryLabel``, ``undoButton``, ``redoButton``,
``progressBar``, ``cancelButton``, ``runLabel`` and ``zoomButton``. The dock provides only
what shows its file: :meth:`~ServiceGridDock._show_store`, :meth:`~ServiceGridDock._clear_views`,
:meth:`~ServiceGridDock._show_selection_in_table`, :meth:`~ServiceGridDock._selection_updated`,
:meth:`~ServiceGridDock._update_buttons`, :meth:`~ServiceGridDock._message` and
:meth:`~ServiceGridDock.reload`. Strings of this module are translated in the context
``ServiceGridDock`` (PyQt's ``self.tr`` would look them up under the subclass's name).
"""

from typing import Callable, Iterable, List, Optional, Sequence

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal

from .algorithm_task import AlgorithmRun
from .dock_parts import (
    BackgroundRun,
    MapSelection,
    ProjectFileWidgets,
    QgisConnections,
    UndoButtons,
    row_runs,
    without_gc,
)
from .project_store import ProjectStore

__all__ = ["ServiceGridDock", "row_runs", "without_gc"]


class ServiceGridDock(QgsDockWidget):
    """A dock showing one GeoPackage of Service Grid (see the module's docstring)."""

    #: The GeoPackage shown changed ("" when none).
    projectChanged = pyqtSignal(str)  # noqa: N815 (Qt signal naming)

    #: The store class opening a file (``STORE(path)``; ``read()`` gives its snapshot).
    STORE = ProjectStore
    #: The dock's object name (QGIS keeps the dock's place under it).
    OBJECT_NAME = ""

    def __init__(self, iface=None, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.store: Optional[ProjectStore] = None
        self.data = None  # what the dock shows of the file (has ``fids``, ``record_of_fid``)
        self.selected: List[int] = []  # records, sorted
        self._sized = False
        self._cleaned = False
        self.qgis = QgisConnections()
        # made by _setup_parts (they need the widgets of the form)
        self.undo: UndoButtons
        self.files: ProjectFileWidgets
        self.map: MapSelection
        self.runner: BackgroundRun
        self.setupUi(self)  # the subclass's Designer form
        self.setObjectName(self.OBJECT_NAME)

    def _setup_parts(
        self,
        *,
        file_dialog_title: str,
        loaded_files: Callable[[], List[str]],
        nothing_loaded_text: str,
        busy_text: str,
        map_table: str,
        watched_tables: Sequence[str],
        committed_elsewhere: Callable[[], None],
        map_bound: Optional[Callable[[], None]] = None,
        claim_undo_keys: bool = False,
        remember: Callable[[ProjectStore], bool] = lambda _store: True,
        closes_once_on_map: bool = False,
    ) -> None:
        """Make the parts (call after ``setupUi``): ``loaded_files()`` lists the files the
        dock can show whose layers are loaded in QGIS (preferred first); the texts say that
        none is loaded and why no other file can be opened during a run; the selection
        follows the file's ``map_table`` layer; ``committed_elsewhere()`` is called when edits
        of ``watched_tables`` were saved in QGIS; ``map_bound()`` after the map layer was
        bound or removed. ``remember(store)``: whether file dialogs start in the folder of
        ``store`` from now on. When QGIS closes its project, the file is closed too if its
        layer is on the map (``closes_once_on_map``: if it was since the file was opened)."""
        self._loaded_files = loaded_files
        self._remembered = remember
        self._closes_once_on_map = closes_once_on_map
        self._nothing_loaded_text = nothing_loaded_text
        self._busy_text = busy_text
        self.undo = UndoButtons(self, lambda: self.run is not None, claim_undo_keys)
        self.files = ProjectFileWidgets(self, file_dialog_title)
        self.map = MapSelection(
            self,
            map_table,
            watched_tables,
            shown=self._map_selected,
            committed=committed_elsewhere,
            bound=map_bound,
        )
        self.runner = BackgroundRun(self, self._message, self._update_buttons)
        self.zoomButton.setIcon(QgsApplication.getThemeIcon("/mActionZoomToSelected.svg"))
        self.zoomButton.clicked.connect(lambda: self.zoom_to_selected())
        project = QgsProject.instance()
        self.qgis.connect(project.layersAdded, self._layers_added)
        self.qgis.connect(project.layersWillBeRemoved, self.map.layers_removed)
        self.qgis.connect(project.cleared, self._project_cleared)

    def _follow_algorithms(self, slot) -> None:
        """Call ``slot`` when algorithms are registered or removed."""
        registry = QgsApplication.processingRegistry()
        self.qgis.connect(registry.providerAdded, slot)
        self.qgis.connect(registry.providerRemoved, slot)

    # ------------------------------------------------------------------ the parts, as before

    @property
    def undo_stack(self):
        return self.undo.stack

    @property
    def undo_action(self):
        return self.undo.undo_action

    @property
    def redo_action(self):
        return self.undo.redo_action

    @property
    def run(self) -> Optional[AlgorithmRun]:
        """The background run going on (``None`` when idle)."""
        return self.runner.run

    @staticmethod
    def _failure(errors: str, cancelled: bool) -> str:
        return BackgroundRun.failure(errors, cancelled)

    def cancel_run(self) -> None:
        self.runner.cancel()

    # ------------------------------------------------------------------ the dock provides

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

    # ------------------------------------------------------------------ teardown

    def cleanup(self) -> None:
        """Cancel a run, close the file and disconnect from QGIS (before deleting)."""
        if self._cleaned:
            return
        self._cleaned = True
        self.runner.detach()
        self.qgis.disconnect_all()
        self.close_project()

    # ------------------------------------------------------------------ file

    def use_loaded_project(self) -> bool:
        """Show the file whose layers are loaded in QGIS, if any (the first one)."""
        files = self._loaded_files()
        if not files:
            if self.store is None:
                self.summaryLabel.setText(self._nothing_loaded_text)
            return False
        if self.store is not None and self.store.same_file(files[0]):
            self.map.bind()
            return True
        return self.open_project(files[0])

    def open_project(self, path: str) -> bool:
        """Show the GeoPackage ``path``. Returns False (and says why) if it cannot."""
        if self.run is not None:
            self._message(self._busy_text)
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
        self.files.show_path(store.path)
        if self._remembered(store):
            self.files.remember(store.path)
        self._show_store(snapshot)
        self.projectChanged.emit(store.path)
        return True

    def close_project(self) -> None:
        """Forget the file (nothing is written)."""
        self.map.forget()
        self.undo_stack.clear()
        if self.store is not None:
            self.store.release()
        self.store = self.data = None
        self.selected = []
        self._clear_views()
        self.files.show_path("")
        self._selection_updated()
        self.projectChanged.emit("")

    # ------------------------------------------------------------------ QGIS's project

    def _layers_added(self, layers) -> None:
        if self.store is None:
            self.use_loaded_project()
        elif any(self.store.owns(layer) for layer in layers):
            self.map.bind()

    def _file_on_map(self) -> bool:
        """Whether closing QGIS's project closes the file too."""
        return self.map.layer is not None or (self._closes_once_on_map and self.map.was_on_map)

    def _project_cleared(self) -> None:
        """QGIS closed its project: a file that was on the map is closed too."""
        if self._file_on_map():
            self.close_project()
        else:
            self.map.unbind()
            self.map.unwatch()

    # ------------------------------------------------------------------ selection

    def _map_selected(self) -> None:
        """The map changed the selection."""
        self._show_selection_in_table()
        self._selection_updated()

    def select_records(self, records: Iterable[int]) -> None:
        """Select these records in the table and on the map."""
        if self.data is None:
            return
        self.selected = sorted(set(records))
        self._show_selection_in_table()
        self.map.push()
        self._selection_updated()

    def zoom_to_selected(self, flash: bool = False) -> None:
        """Zoom the map to the selected records (and flash them when on the map)."""
        if self.iface is None or self.store is None or not self.selected:
            return
        layer = self.map.layer or self.store.layer(self.map.table)
        fids = [self.data.fids[r] for r in self.selected]
        canvas = self.iface.mapCanvas()
        canvas.zoomToFeatureIds(layer, fids)
        if flash and self.map.layer is not None:
            canvas.flashFeatureIds(layer, fids)
        canvas.refresh()

    # ------------------------------------------------------------------ state

    def _update_shared_buttons(self, idle: bool, has_file: bool) -> None:
        """Undo / redo and the file's buttons (no other file while a run is going on)."""
        self.undo.set_enabled(idle)
        self.files.set_enabled(idle, has_file)
