"""The small parts a Service Grid dock is composed of (see :mod:`.dock_base`).

- :func:`load_form`, :func:`tune_table`, :func:`row_runs`, :func:`without_gc`: small helpers.
- :class:`QgisConnections`: the signals of QGIS a dock follows, disconnected together.
- :class:`UndoButtons`: the dock's undo stack, its Undo / Redo buttons and (optionally) its
  Ctrl+Z / Ctrl+Shift+Z keys.
- :class:`ProjectFileWidgets`: the file widget, "Loaded" and "Reload".
- :class:`MapSelection`: the dock's selection in step with one layer of its file on the map,
  and the tables whose edits saved in QGIS make the dock read the file again.
- :class:`BackgroundRun`: one Processing algorithm at a time as a background task, with the
  progress bar, "Cancel" and the run label; after a run the file is read again in a second
  background task (:class:`ReadTask`), so the GUI thread only shows what was read.

Strings are translated in the context ``ServiceGridDock``, as they were in the dock base.
"""

import gc
import logging
import os
import tempfile
from typing import Any, Callable, Iterator, List, Optional, Sequence, Set, Tuple

from qgis.core import Qgis, QgsApplication, QgsTask, QgsVectorLayer
from qgis.gui import QgsFileWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QObject, Qt
from qgis.PyQt.QtGui import QKeyEvent, QKeySequence
from qgis.PyQt.QtWidgets import QAbstractItemView, QHeaderView, QUndoStack

from .algorithm_task import AlgorithmRun
from .settings import Settings

LOG = logging.getLogger(__name__)


def load_form(name: str) -> Any:
    """The form class of the Designer file ``forms/<name>`` (``class Dock(..., FORM)``
    calls ``setupUi(self)``)."""
    folder = os.path.join(os.path.dirname(os.path.dirname(__file__)), "forms")
    return uic.loadUiType(os.path.join(folder, name))[0]


def row_runs(rows: List[int]) -> Iterator[Tuple[int, int]]:
    """Contiguous runs ``(first, last)`` of sorted row numbers."""
    run: Optional[List[int]] = None  # [first, last] of the run going on
    for row in rows:
        if run is not None and row == run[1] + 1:
            run[1] = row
        else:
            if run is not None:
                yield run[0], run[1]
            run = [row, row]
    if run is not None:
        yield run[0], run[1]


def without_gc(build, *args):
    """``build(*args)`` with Python's cyclic garbage collector paused: it makes tens of
    thousands of small objects, and a collection over QGIS's whole heap in the middle would
    make that several times slower."""
    gc.disable()
    try:
        return build(*args)
    finally:
        gc.enable()


def tune_table(view) -> None:
    """Uniform rows and no per-row sizing, so 100,000 rows stay quick."""
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 6)
    vertical.setResizeContentsPrecision(200)
    view.horizontalHeader().setResizeContentsPrecision(200)
    view.horizontalHeader().setStretchLastSection(True)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)


def disconnect_quietly(signal, slot=None) -> None:
    """Disconnect ``slot`` (or every slot) from ``signal``; nothing if it was not connected
    or its object is gone."""
    try:
        if slot is None:
            signal.disconnect()
        else:
            signal.disconnect(slot)
    except (TypeError, RuntimeError):
        pass


class QgisConnections:
    """Signals of QGIS (its project, the Processing registry) with the slots a dock
    connected to them; :meth:`disconnect_all` before the dock is deleted."""

    def __init__(self):
        self._pairs: list = []

    def connect(self, signal, slot) -> None:
        signal.connect(slot)
        self._pairs.append((signal, slot))

    def disconnect_all(self) -> None:
        for signal, slot in self._pairs:
            disconnect_quietly(signal, slot)
        self._pairs = []


class UndoButtons(QObject):
    """The dock's undo stack and its Undo / Redo buttons. With ``claim_keys``, Ctrl+Z /
    Ctrl+Shift+Z undo and redo while the focus is in the dock (claimed before QGIS's global
    shortcuts: a shortcut on an action would be ambiguous with QGIS's own Ctrl+Z), except in
    a text box, which undoes its own typing; not while ``busy()``."""

    def __init__(self, dock, busy: Callable[[], bool], claim_keys: bool = False):
        super().__init__(dock)
        self.stack = QUndoStack(dock)
        self._busy = busy
        self.undo_action = self.stack.createUndoAction(
            dock, QCoreApplication.translate("ServiceGridDock", "Undo")
        )
        self.redo_action = self.stack.createRedoAction(
            dock, QCoreApplication.translate("ServiceGridDock", "Redo")
        )
        for button, action, icon in (
            (dock.undoButton, self.undo_action, "/mActionUndo.svg"),
            (dock.redoButton, self.redo_action, "/mActionRedo.svg"),
        ):
            action.setIcon(QgsApplication.getThemeIcon(icon))
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        if claim_keys:
            dock.installEventFilter(self)

    def set_enabled(self, idle: bool) -> None:
        self.undo_action.setEnabled(idle and self.stack.canUndo())
        self.redo_action.setEnabled(idle and self.stack.canRedo())

    def _key(self, event) -> Optional[str]:
        if self._busy() or not isinstance(event, QKeyEvent):
            return None
        if event.matches(QKeySequence.StandardKey.Undo):
            return "undo"
        if event.matches(QKeySequence.StandardKey.Redo):
            return "redo"
        return None

    def eventFilter(self, _watched, event):  # noqa: N802 (Qt API)
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and self._key(event):
            event.accept()
            return True
        if kind == QEvent.Type.KeyPress:
            key = self._key(event)
            if key == "undo":
                self.stack.undo()
            elif key == "redo":
                self.stack.redo()
            if key is not None:
                event.accept()
                return True
        return False


class ProjectFileWidgets:
    """The file widget (``projectFile``) with "Loaded" and "Reload": choosing a file opens
    it in the dock; the dialog starts in the folder of the last project."""

    def __init__(self, dock, dialog_title: str):
        self.dock = dock
        self.widget = dock.projectFile
        self.widget.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.widget.setDialogTitle(dialog_title)
        last = Settings.load().last_project
        if last:
            self.widget.setDefaultRoot(os.path.dirname(last))
        self.widget.fileChanged.connect(self._chosen)
        dock.loadedButton.clicked.connect(dock.use_loaded_project)
        dock.reloadButton.clicked.connect(dock.reload)

    def _chosen(self, path: str) -> None:
        store = self.dock.store
        if path and (store is None or not store.same_file(path)):
            self.dock.open_project(path)

    def show_path(self, path: str) -> None:
        """Show ``path`` in the file widget (not taken as a choice of the user's)."""
        self.widget.blockSignals(True)
        self.widget.setFilePath(path)
        self.widget.blockSignals(False)

    @staticmethod
    def remember(path: str) -> None:
        """File dialogs start in the folder of ``path`` from now on."""
        settings = Settings.load()
        settings.last_project = path
        settings.save()

    def set_enabled(self, idle: bool, has_file: bool) -> None:
        """No other file while a run is going on."""
        self.widget.setEnabled(idle)
        self.dock.loadedButton.setEnabled(idle)
        self.dock.reloadButton.setEnabled(idle and has_file)


class MapSelection:
    """The dock's selection (``dock.selected``: records of ``dock.data``, which has
    ``fids`` and ``record_of_fid``) in step with the file's ``table`` layer when it is on the
    map. ``shown(records)`` is called when the map changed the selection; ``committed()``
    when edits of ``watched`` tables were saved in QGIS; ``bound()`` after a layer was bound
    (or a bound layer was removed)."""

    def __init__(
        self,
        dock,
        table: str,
        watched: Sequence[str],
        shown: Callable[[], None],
        committed: Callable[[], None],
        bound: Optional[Callable[[], None]] = None,
    ):
        self.dock = dock
        self.table = table
        self.watched_tables = tuple(watched)
        self._shown = shown
        self._committed = committed
        self._bound = bound or (lambda: None)
        self.layer: Optional[QgsVectorLayer] = None
        self.was_on_map = False  # a layer of the file was bound since it was opened
        self.syncing = False  # True while the dock moves a selection itself
        self._watched: List[QgsVectorLayer] = []

    def watch(self) -> None:
        """Read the file again when someone saves edits of its tables in QGIS (attribute
        table, forms): the dock shows what is in the file."""
        self.unwatch()
        store = self.dock.store
        if store is None:
            return
        for table in self.watched_tables:
            layer = store.project_layer(table)
            if layer is not None:
                layer.afterCommitChanges.connect(self._committed)
                self._watched.append(layer)

    def unwatch(self) -> None:
        for layer in self._watched:
            disconnect_quietly(layer.afterCommitChanges, self._committed)
        self._watched = []

    def bind(self) -> None:
        """Follow the selection of the file's layer when it is on the map."""
        self.watch()
        store = self.dock.store
        layer = store.project_layer(self.table) if store is not None else None
        if layer is not self.layer:
            self.unbind()
            self.layer = layer
            if layer is not None:
                layer.selectionChanged.connect(self.pull)
                if layer.selectedFeatureCount() or not self.dock.selected:
                    self.pull()  # the map's selection wins…
                else:
                    self.push()  # …unless it has none
        if self.layer is not None:
            self.was_on_map = True
        self._bound()

    def unbind(self) -> None:
        if self.layer is not None:
            disconnect_quietly(self.layer.selectionChanged, self.pull)
        self.layer = None

    def forget(self) -> None:
        """The file is closed."""
        self.unbind()
        self.unwatch()
        self.was_on_map = False

    def layers_removed(self, layer_ids) -> None:
        if self.layer is not None and self.layer.id() in layer_ids:
            self.unbind()
            self._bound()
        self._watched = [lyr for lyr in self._watched if lyr.id() not in layer_ids]

    def pull(self, *_args) -> None:
        """The map's selection becomes the dock's."""
        data = self.dock.data
        if self.syncing or data is None or self.layer is None:
            return
        index = data.record_of_fid
        self.dock.selected = sorted(index[f] for f in self.layer.selectedFeatureIds() if f in index)
        self._shown()

    def push(self) -> None:
        """The dock's selection becomes the map's."""
        data = self.dock.data
        if self.layer is None or data is None:
            return
        self.syncing = True
        try:
            self.layer.selectByIds([data.fids[r] for r in self.dock.selected])
        finally:
            self.syncing = False


#: Read tasks not finished yet (kept alive until QGIS has called their ``finished``).
_READING: Set["ReadTask"] = set()


class ReadTask(QgsTask):
    """``read()`` in a worker thread (no GUI calls there: it reads a file into plain Python
    objects); ``done(value)`` on the GUI thread when it has finished (``None`` when it failed
    or was cancelled: the caller then reads on its own). The task is not touched after that."""

    def __init__(self, description: str, read: Callable[[], Any], done: Callable[[Any], None]):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self._read: Optional[Callable[[], Any]] = read
        self._done: Optional[Callable[[Any], None]] = done
        self.value: Any = None

    def start(self) -> None:
        _READING.add(self)
        QgsApplication.taskManager().addTask(self)

    def run(self) -> bool:
        try:
            self.value = self._read() if self._read is not None else None
        except Exception as err:  # noqa: BLE001 (the GUI thread reads again and says why)
            LOG.warning("Reading in the background failed: %s", err)
            self.value = None
        return True

    def finished(self, _result: bool) -> None:
        _READING.discard(self)
        done, value = self._done, self.value
        self._read = self._done = None
        self.value = None
        if done is not None:
            done(value)


class BackgroundRun:
    """One Processing algorithm at a time in the background (:class:`.AlgorithmRun`), with
    the dock's ``progressBar``, ``cancelButton`` and ``runLabel``; ``message(text, level)``
    says why a run cannot start, ``changed()`` updates the dock's buttons. With a
    ``prefetch`` callable, a successful run is followed by ``prefetch()`` in a
    :class:`ReadTask` before ``on_done`` is called; the dock takes its value with
    :meth:`take_prefetched` (the run stays "going on" until then)."""

    def __init__(self, dock, message: Callable, changed: Callable[[], None]):
        self.dock = dock
        self._message = message
        self._changed = changed
        self.run: Optional[AlgorithmRun] = None
        self._scratch: Optional[tempfile.TemporaryDirectory] = None
        self._on_done: Optional[Callable] = None
        self._prefetch: Optional[Callable[[], Any]] = None
        self._prefetched: Any = None
        dock.cancelButton.clicked.connect(self.cancel)
        dock.progressBar.setRange(0, 100)
        dock.progressBar.setValue(0)

    def start(
        self,
        alg_id: str,
        params: dict,
        description: str,
        on_done,
        label: str,
        prefetch: Optional[Callable[[], Any]] = None,
    ):
        """Run ``alg_id`` in the background (``on_done(ok, results, errors)`` when it has
        finished, after ``prefetch()`` when it succeeded); returns the task, or ``None`` (and
        says why)."""
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
        self._on_done, self._prefetch, self._prefetched = on_done, prefetch, None
        run.progress.connect(lambda value: self.dock.progressBar.setValue(int(value)))
        run.done.connect(self._run_done)
        self.dock.progressBar.setValue(0)
        self.dock.runLabel.setText(label)
        self._changed()
        LOG.debug("Running %s with %s", alg_id, params)  # (ids and codes: for debugging)
        return run.start()

    def _run_done(self, ok: bool, results: dict, errors: str) -> None:
        on_done, prefetch = self._on_done, self._prefetch
        if on_done is None:
            return
        if not ok or prefetch is None:
            on_done(ok, results, errors)
            return

        def read(value) -> None:
            if self._on_done is on_done:  # (not detached meanwhile)
                self._prefetched = value
                on_done(ok, results, errors)

        ReadTask(self.run.description if self.run else "", prefetch, read).start()

    def take_prefetched(self) -> Any:
        """What ``prefetch()`` read after the run (``None`` when it did not or failed)."""
        value, self._prefetched = self._prefetched, None
        return value

    def finish(self, ok: bool) -> Optional[AlgorithmRun]:
        """The run has finished (from its ``on_done``): forget it, show 100 % or 0 %."""
        run, self.run = self.run, None
        self.dock.progressBar.setValue(100 if ok else 0)
        return run

    def cancel(self) -> None:
        if self.run is not None:
            self.run.cancel()

    def detach(self) -> None:
        """Cancel the run; when it finishes on its own, nothing of the dock is touched."""
        self.cancel()
        self._on_done = self._prefetch = self._prefetched = None
        if self.run is not None:
            for signal in (self.run.progress, self.run.done):
                disconnect_quietly(signal)
            if self.run.finished:  # only the read after it was going on
                self.run = None
        if self._scratch is not None and self.run is None:
            self._scratch.cleanup()
            self._scratch = None

    def scratch_folder(self, prefix: str) -> str:
        """A temporary folder of the dock's (removed by :meth:`detach` unless a run is
        still going)."""
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix=prefix)
        return self._scratch.name

    @staticmethod
    def failure(errors: str, cancelled: bool) -> str:
        """Why a run did not finish: the last error it reported, or "cancelled"."""
        lines = [line for line in (errors or "").splitlines() if line.strip()]
        if cancelled or not lines:
            return QCoreApplication.translate("ServiceGridDock", "cancelled")
        return lines[-1]
