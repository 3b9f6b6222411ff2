"""The Sync tab of the Feedback dock (projects only): pick field packages, run
``servicegrid:syncfieldpackages`` as a background task, show its report, then the open
conflicts with "Keep office" / "Take field".

Strings are translated in the context ``FeedbackDock``, as they were in the dock.
"""

import functools
import logging
import os
from typing import List

from osgeo import ogr
from qgis.core import Qgis
from qgis.PyQt.QtCore import QCoreApplication, QItemSelection, QItemSelectionModel, QObject, Qt
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import QFileDialog, QHeaderView, QTableWidgetItem, QTreeWidgetItem

from .algorithm_task import parameter_names
from .dock_parts import tune_table, without_gc
from .feedback_model import FeedbackData
from .feedback_store import FeedbackStore
from .project_store import normalise
from .team_packages import TEAM, TeamPackagesDialog

LOG = logging.getLogger(__name__)
translate = QCoreApplication.translate

SYNC = "servicegrid:syncfieldpackages"
_SELECT = QItemSelectionModel.SelectionFlag
UUID_ROLE = Qt.ItemDataRole.UserRole + 1


def _fieldsync():
    """The sync core, or ``None`` while it is not installed."""
    try:
        from ..algorithms.core import fieldsync
    except ImportError:
        return None
    return fieldsync


def read_feedback_data(path: str) -> FeedbackData:
    """The feedback rows of ``path``, read on their own connection (for a worker thread:
    plain Python objects, no layers)."""
    store = FeedbackStore(path)
    try:
        return without_gc(FeedbackData, store.read())
    finally:
        store.release()


class FeedbackSync(QObject):
    """The dock's Sync tab: packages, the run and its report, the open conflicts."""

    def __init__(self, dock):
        super().__init__(dock)
        self.dock = dock
        self.report: List[dict] = []  # rows of the last sync report (dicts)
        dock.addFilesButton.clicked.connect(self._choose_package_files)
        dock.addFolderButton.clicked.connect(self._choose_package_folder)
        dock.removePackageButton.clicked.connect(self.remove_selected_packages)
        dock.packageList.itemSelectionChanged.connect(dock._update_buttons)
        dock.syncButton.clicked.connect(self.run_sync)
        dock.teamButton.clicked.connect(self.show_team_dialog)
        self.team_dialog = None
        dock.keepOfficeButton.clicked.connect(lambda: self.resolve_selected_conflicts("office"))
        dock.takeFieldButton.clicked.connect(lambda: self.resolve_selected_conflicts("field"))
        dock.conflictTable.itemSelectionChanged.connect(self._conflict_selection_changed)
        tune_table(dock.conflictTable)
        dock.reportTree.header().setStretchLastSection(False)
        dock.reportTree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        dock.syncSplitter.setStretchFactor(0, 1)
        dock.syncSplitter.setStretchFactor(1, 2)

    def clear(self) -> None:
        """The file was closed."""
        self.dock.conflictTable.setRowCount(0)
        self.dock.conflictsLabel.setText(translate("FeedbackDock", "No open conflicts."))

    def update_buttons(self, idle: bool, has_file: bool, is_project: bool) -> None:
        dock = self.dock
        available = bool(parameter_names(SYNC))
        dock.syncButton.setEnabled(idle and is_project and available and bool(self.packages()))
        if not available:
            dock.syncButton.setToolTip(
                translate("FeedbackDock", "The algorithm {id} is not available.").format(id=SYNC)
            )
        elif has_file and not is_project:
            dock.syncButton.setToolTip(
                translate(
                    "FeedbackDock", "This is a field package: sync it from the office's project."
                )
            )
        else:
            dock.syncButton.setToolTip(
                translate(
                    "FeedbackDock", "Merge the packages into this project (a backup is taken first)"
                )
            )
        for button in (dock.addFilesButton, dock.addFolderButton):
            button.setEnabled(idle and is_project)
        dock.teamButton.setEnabled(idle and is_project and bool(parameter_names(TEAM)))
        dock.removePackageButton.setEnabled(idle and bool(dock.packageList.selectedItems()))
        conflicts = bool(dock.conflictTable.selectionModel().hasSelection())
        core = _fieldsync() is not None
        dock.keepOfficeButton.setEnabled(idle and is_project and conflicts and core)
        dock.takeFieldButton.setEnabled(idle and is_project and conflicts and core)

    def packages(self) -> List[str]:
        return [self.dock.packageList.item(i).text() for i in range(self.dock.packageList.count())]

    def add_packages(self, paths) -> None:
        """Add package files or folders to the list (each once)."""
        have = {normalise(p) for p in self.packages()}
        for path in paths:
            if path and normalise(path) not in have:
                self.dock.packageList.addItem(os.path.abspath(path))
                have.add(normalise(path))
        self.dock._update_buttons()

    def remove_selected_packages(self) -> None:
        for item in self.dock.packageList.selectedItems():
            self.dock.packageList.takeItem(self.dock.packageList.row(item))
        self.dock._update_buttons()

    def _choose_package_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            translate("FeedbackDock", "Field packages to sync"),
            self._package_root(),
            translate("FeedbackDock", "GeoPackage (*.gpkg)"),
        )
        self.add_packages(paths)

    def _choose_package_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, translate("FeedbackDock", "Folder of field packages"), self._package_root()
        )
        if path:
            self.add_packages([path])

    def _package_root(self) -> str:
        packages = self.packages()
        if packages:
            return os.path.dirname(packages[-1])
        return os.path.dirname(self.dock.store.path) if self.dock.store is not None else ""

    # ------------------------------------------------------------------ run

    def sync_parameters(self) -> dict:
        """Parameters of syncfieldpackages for this project and the listed packages."""
        names = parameter_names(SYNC)
        params = {"PROJECT": self.dock.store.path, "PACKAGES": self.packages()}
        if "OUTPUT" in names:
            folder = self.dock.runner.scratch_folder("service-grid-sync-")
            params["OUTPUT"] = os.path.join(
                folder, "report_{}.gpkg".format(len(os.listdir(folder)))
            )
        return params

    def run_sync(self):
        """Run syncfieldpackages on the listed packages in the background; returns the task."""
        if self.dock.store is None or self.dock.store.is_package:
            return None
        if self.dock.run is not None:
            self.dock._message(translate("FeedbackDock", "A sync is already running."))
            return None
        if not self.packages():
            self.dock._message(
                translate("FeedbackDock", "Add the field packages to sync first."),
                Qgis.MessageLevel.Warning,
            )
            return None
        unsaved = self.dock.store.unsaved_layers()
        if unsaved:
            self.dock._message(
                translate(
                    "FeedbackDock",
                    "Save or discard the edits of {layers} first: the sync writes the GeoPackage.",
                ).format(layers=", ".join(unsaved)),
                Qgis.MessageLevel.Warning,
            )
            return None
        self.dock.capture.close_form()
        params = self.sync_parameters()
        task = self.dock.runner.start(
            SYNC,
            params,
            translate("FeedbackDock", "Service Grid: syncing field packages"),
            self._sync_done,
            translate("FeedbackDock", "Syncing {count} package entries…").format(
                count=len(params["PACKAGES"])
            ),
            prefetch=functools.partial(read_feedback_data, self.dock.store.path),
        )
        if task is not None:
            self.dock.reportTree.clear()  # (the report of the run before)
        return task

    def _file_rewritten(self, data=None) -> None:
        """The project was written outside the dock's commands (sync, resolved conflicts):
        its layers, rows (or ``data`` read in the background) and conflicts are read again;
        nothing before can be undone."""
        self.dock.store.reload_layers()
        self.dock.undo_stack.clear()
        self.dock.reload(data)
        self.load_conflicts()

    def _sync_done(self, ok: bool, results: dict, errors: str) -> None:
        run = self.dock.runner.finish(ok)
        cancelled = run is not None and run.cancelled
        output = run.parameters.get("OUTPUT") if run is not None else None
        if self.dock.store is not None:
            self._file_rewritten(self.dock.runner.take_prefetched())
        if ok:
            self.report = self._read_report(results.get("OUTPUT") or output)
            self._show_report(self.report)
            text = translate(
                "FeedbackDock",
                "Sync finished: {inserted:,} inserted, {updated:,} updated, "
                "{deleted:,} deleted, {conflicts:,} conflicts, {rejected:,} "
                "rejected, {unchanged:,} unchanged.",
            ).format(
                **{
                    key: int(results.get(key.upper()) or 0)
                    for key in (
                        "inserted",
                        "updated",
                        "deleted",
                        "conflicts",
                        "rejected",
                        "unchanged",
                    )
                }
            )
            if results.get("BACKUP"):
                text += " " + translate("FeedbackDock", "Backup: {path}").format(
                    path=results["BACKUP"]
                )
            self.dock.runLabel.setText(text)
            self.dock._message(text)
        else:
            text = translate("FeedbackDock", "The sync did not finish: {reason}").format(
                reason=self.dock._failure(errors, cancelled)
            )
            self.dock.runLabel.setText(text)
            self.dock._message(text, Qgis.MessageLevel.Warning)
        self.dock._update_buttons()
        self.dock.syncFinished.emit(ok)

    @staticmethod
    def _read_report(path) -> List[dict]:
        """The rows of the report table the algorithm wrote (``entry``: package, rejected
        or warning), as dicts."""
        if not path or not isinstance(path, str):
            return []
        source, _sep, options = path.partition("|")
        if not os.path.exists(source):
            return []
        try:
            ds = ogr.Open(source)
        except RuntimeError:
            return []
        rows = []
        try:
            layer = ds.GetLayer(0) if ds is not None else None
            if "layername=" in options:
                layer = ds.GetLayerByName(options.split("layername=")[1].split("|")[0])
            if layer is None:
                return []
            defn = layer.GetLayerDefn()
            names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
            for feature in layer:
                rows.append({name: feature.GetField(name) for name in names})
        finally:
            ds = None  # noqa: F841 (closes the file)
        return rows

    def _show_report(self, rows: List[dict]) -> None:
        """One line per package (status and counts), its rejected rows and warnings below."""
        self.dock.reportTree.clear()
        statuses = {
            "synced": translate("FeedbackDock", "synced"),
            "unchanged": translate("FeedbackDock", "unchanged"),
            "rejected": translate("FeedbackDock", "refused"),
        }
        packages = {}
        for row in rows:
            key = row.get("package") or row.get("package_id") or ""
            entry = row.get("entry") or "package"
            if entry == "package":
                name = os.path.basename(str(row.get("package") or "")) or row.get("package_id")
                status = str(row.get("status") or "")
                values = [str(name or ""), statuses.get(status, status)]
                values += [
                    "" if row.get(k) is None else "{:,}".format(int(row[k]))
                    for k in ("inserted", "updated", "deleted", "conflicts", "rejected")
                ]
                item = QTreeWidgetItem(values)
                for column in range(2, 7):
                    item.setTextAlignment(
                        column, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    )
                tip = "\n".join(
                    str(v)
                    for v in (
                        row.get("package"),
                        row.get("package_id"),
                        row.get("staff_id"),
                        row.get("message"),
                    )
                    if v
                )
                for column in range(7):
                    item.setToolTip(column, tip)
                if status == "rejected":
                    item.setForeground(1, QBrush(QColor(200, 40, 40)))
                self.dock.reportTree.addTopLevelItem(item)
                packages[key] = item
                if row.get("message") and status == "rejected":  # (else: the counts again)
                    self._report_line(item, str(row["message"]))
            else:
                parent = packages.get(key)
                if parent is None:
                    continue
                if entry == "rejected":
                    text = translate("FeedbackDock", "Rejected {row}: {reason}").format(
                        row=row.get("uuid") or "?", reason=row.get("message") or ""
                    )
                else:
                    text = str(row.get("message") or "")
                self._report_line(parent, text)
        for item in packages.values():
            item.setExpanded(item.childCount() > 0)
        for column in range(1, 7):
            self.dock.reportTree.resizeColumnToContents(column)

    @staticmethod
    def _report_line(parent: QTreeWidgetItem, text: str) -> None:
        child = QTreeWidgetItem([text])
        child.setToolTip(0, text)
        parent.addChild(child)
        child.setFirstColumnSpanned(True)

    def report_lines(self) -> List[List[str]]:
        """What the report shows: per package its columns, then its detail lines."""
        lines = []
        for k in range(self.dock.reportTree.topLevelItemCount()):
            item = self.dock.reportTree.topLevelItem(k)
            lines.append([item.text(c) for c in range(7)])
            lines.extend([item.child(i).text(0)] for i in range(item.childCount()))
        return lines

    # ------------------------------------------------------------------ team packages

    def show_team_dialog(self):
        """Open the staff chooser (window-modal); its OK starts the run. Returns it."""
        if self.dock.store is None or self.dock.store.is_package or self.dock.run is not None:
            return None
        parent = self.dock.iface.mainWindow() if self.dock.iface is not None else None
        dialog = TeamPackagesDialog(self.dock.store.path, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.run_team(dialog.parameters()))
        self.team_dialog = dialog
        dialog.open()
        return dialog

    def run_team(self, params: dict):
        """Run createfieldpackages with ``params`` in the background; returns the task."""
        if self.dock.run is not None:
            self.dock._message(translate("FeedbackDock", "A sync is already running."))
            return None
        folder = params.get("OUTPUT_FOLDER") or ""
        if not folder:
            self.dock._message(
                translate("FeedbackDock", "Choose the folder for the packages."),
                Qgis.MessageLevel.Warning,
            )
            return None
        count = len([s for s in str(params.get("STAFF_IDS") or "").split(",") if s])
        self.team_folder = folder
        return self.dock.runner.start(
            TEAM,
            params,
            translate("FeedbackDock", "Service Grid: field packages for the team"),
            self._team_done,
            translate("FeedbackDock", "Writing {count} field packages…").format(count=count),
        )

    def _team_done(self, ok: bool, results: dict, errors: str) -> None:
        run = self.dock.runner.finish(ok)
        cancelled = (run is not None and run.cancelled) or bool(results.get("CANCELLED"))
        folder = results.get("OUTPUT_FOLDER") or getattr(self, "team_folder", "")
        if ok and not cancelled:
            text = translate("FeedbackDock", "{count} field packages written to {folder}.").format(
                count=int(results.get("PACKAGE_COUNT") or 0), folder=folder
            )
            if results.get("SKIPPED"):
                text += " " + str(results["SKIPPED"])
            level = Qgis.MessageLevel.Info
        elif cancelled:
            text = translate(
                "FeedbackDock",
                "Cancelled: the packages finished before are kept (and ready to sync) in "
                "{folder}; no other package was made.",
            ).format(folder=folder)
            level = Qgis.MessageLevel.Warning
        else:
            text = translate("FeedbackDock", "No field packages were made: {reason}").format(
                reason=self.dock._failure(errors, False)
            )
            level = Qgis.MessageLevel.Warning
        self.dock.runLabel.setText(text)
        self.dock._message(text, level)
        self.dock._update_buttons()
        self.dock.teamFinished.emit(ok and not cancelled)

    # ------------------------------------------------------------------ conflicts

    def load_conflicts(self) -> list:
        """List the project's open conflicts (empty for a field package)."""
        self.dock.conflictTable.setRowCount(0)
        core = _fieldsync()
        conflicts = []
        if self.dock.store is not None and not self.dock.store.is_package and core is not None:
            try:
                conflicts = core.list_conflicts(self.dock.store.path, open_only=True)
            except Exception as err:  # noqa: BLE001 (an older project without the tables)
                LOG.warning("Cannot list the conflicts of %s: %s", self.dock.store.path, err)
                conflicts = []
        kinds = {
            "both_changed": translate("FeedbackDock", "changed on both sides"),
            "update_delete": translate(
                "FeedbackDock", "deleted in the field, changed in the office"
            ),
            "delete_update": translate(
                "FeedbackDock", "changed in the field, deleted in the office"
            ),
            "insert_insert": translate("FeedbackDock", "inserted on both sides"),
        }
        self.dock.conflictTable.setRowCount(len(conflicts))
        for row, conflict in enumerate(conflicts):
            values = (
                self._feedback_label(conflict.uuid),
                conflict.column_name,
                conflict.office_value,
                conflict.field_value,
                conflict.base_value,
                kinds.get(conflict.kind, conflict.kind),
                conflict.package_id,
            )
            for column, value in enumerate(values):
                text = "" if value is None else str(value)
                item = QTableWidgetItem(text.replace("\n", " ")[:80])
                item.setToolTip(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, conflict.fid)
                    item.setData(UUID_ROLE, conflict.uuid)
                    item.setToolTip(str(conflict.uuid))
                self.dock.conflictTable.setItem(row, column, item)
        if conflicts:
            self.dock.conflictsLabel.setText(
                translate(
                    "FeedbackDock",
                    "Open conflicts: {count}. The office value is kept until you choose.",
                ).format(count=len(conflicts))
            )
            self.dock.conflictTable.resizeColumnsToContents()
        else:
            self.dock.conflictsLabel.setText(translate("FeedbackDock", "No open conflicts."))
        self.dock._update_buttons()
        return conflicts

    def _feedback_label(self, uuid: str) -> str:
        """A conflict's feedback as the office knows it: grid, category and a short id."""
        short = str(uuid or "").strip("{}")[:8]
        record = self.dock.data.record(uuid) if self.dock.data is not None and uuid else None
        if record is None:
            return short
        code = self.dock.data.category[record]
        return "{} · {} · {}".format(
            self.dock.data.grid[record] or "-", self.dock.model.categories.get(code, code), short
        )

    def _conflict_selection_changed(self) -> None:
        """Show the feedback of the selected conflicts on the map (and in the list)."""
        uuids = [
            self.dock.conflictTable.item(r, 0).data(UUID_ROLE)
            for r in sorted({i.row() for i in self.dock.conflictTable.selectedIndexes()})
        ]
        if uuids:
            self.dock.select_uuids(uuids)
        self.dock._update_buttons()

    def selected_conflicts(self) -> List[int]:
        rows = sorted({i.row() for i in self.dock.conflictTable.selectedIndexes()})
        return [
            int(self.dock.conflictTable.item(r, 0).data(Qt.ItemDataRole.UserRole)) for r in rows
        ]

    def select_conflicts(self, fids) -> None:
        wanted = set(fids)
        selection = QItemSelection()
        model = self.dock.conflictTable.model()
        for row in range(self.dock.conflictTable.rowCount()):
            if self.dock.conflictTable.item(row, 0).data(Qt.ItemDataRole.UserRole) in wanted:
                selection.select(model.index(row, 0), model.index(row, 0))
        self.dock.conflictTable.selectionModel().select(
            selection, _SELECT.ClearAndSelect | _SELECT.Rows
        )

    def resolve_selected_conflicts(self, choice: str) -> int:
        """Resolve the selected conflicts keeping the office value (``office``) or taking the
        field value (``field``); returns how many were resolved."""
        core = _fieldsync()
        fids = self.selected_conflicts()
        if core is None or self.dock.store is None or not fids:
            return 0
        if self.dock.run is not None or not self.dock.status.layers_saved():
            return 0
        done = 0
        try:
            for fid in fids:
                core.resolve_conflict(self.dock.store.path, fid, choice)
                done += 1
        except Exception as err:  # noqa: BLE001 (shown; the others stay open)
            self.dock._message(
                translate("FeedbackDock", "Could not resolve the conflict: {error}").format(
                    error=err
                ),
                Qgis.MessageLevel.Critical,
            )
        self._file_rewritten()
        if done:
            self.dock._message(
                translate("FeedbackDock", "{count} conflicts resolved.").format(count=done)
            )
        return done
