"""The Feedback dock (客户反馈): customer feedback of a project or a field package, and the
sync of field packages back into the project.

- **Feedback** tab: a list filtered by grid, category, staff, status and collection date, with
  the per-grid count and average rating of the same filter; "Add feedback" (a click on the
  map opens the layer's own attribute form: value maps, ranges, defaults and constraints come
  from the project embedded in the GeoPackage); resolve / reopen the selected items (undoable);
  a double-click opens the item's form. Rows selected in the list are selected on the map.
- **Sync** tab (projects only): pick packages, run ``servicegrid:syncfieldpackages`` as a
  background task, show its report, then the open conflicts with "Keep office" / "Take field".

The list is read with a read-only ``sqlite3`` connection (100,000 rows in well under a second).
New feedback is written through the QGIS layer (``startEditing`` → form → ``commitChanges``),
so the GeoPackage's triggers and the form's constraints apply; status changes are written with
OGR in one transaction (see :mod:`.feedback_store`).
"""

import logging
import os
from typing import List, Optional

from osgeo import ogr
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDefaultValue,
    QgsExpression,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorLayerTools,
    QgsVectorLayerUtils,
)
from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext, QgsMapCanvas, QgsVertexMarker
from qgis.PyQt import sip, uic
from qgis.PyQt.QtCore import QDate, QItemSelection, QItemSelectionModel, Qt, pyqtSignal
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QTableWidgetItem,
    QTreeWidgetItem,
    QUndoCommand,
    QWidget,
)

from . import log
from .algorithm_task import parameter_names
from .dock_base import ServiceGridDock, row_runs, without_gc
from .feedback_model import (
    NO_GRID,
    OPEN,
    RESOLVED,
    FeedbackData,
    FeedbackFilter,
    FeedbackTableModel,
    GridSummaryModel,
    is_open,
)
from .feedback_store import FeedbackStore, feedback_files
from .feedback_tool import FeedbackPointTool
from .project_store import StoreError, layer_file, normalise

LOG = logging.getLogger(__name__)
FORM, _BASE = uic.loadUiType(
    os.path.join(os.path.dirname(os.path.dirname(__file__)), "forms", "feedback_dock.ui")
)

SYNC = "servicegrid:syncfieldpackages"
_SELECT = QItemSelectionModel.SelectionFlag
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Combo value for "any" (a QComboBox item's data cannot be None reliably across bindings).
_ANY = "\x00any"


def _fieldsync():
    """The sync core, or ``None`` while it is not installed."""
    try:
        from ..algorithms.core import fieldsync
    except ImportError:
        return None
    return fieldsync


class _StatusCommand(QUndoCommand):
    """Set the status of feedback rows; undo writes their previous status back. Both ways
    are new revisions (rev + 1, updated_at now): the sync sees every change."""

    def __init__(self, dock: "FeedbackDock", after, before, text: str, at: str):
        super().__init__(text)
        self.dock = dock
        self.after = after  # [(fid, status, resolved_at)]
        self.before = before  # same fids, as they were
        self.at = at  # the time of the action: its first write is stamped with it
        self.failed = False

    def redo(self):
        self.failed = not self.dock._write_statuses(self.after, self.at)
        self.at = None  # a redo after an undo is a new revision, at its own time

    def undo(self):
        self.failed = not self.dock._write_statuses(self.before)


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

    STORE = FeedbackStore
    MAP_TABLE = "feedback"
    WATCHED_TABLES = ("feedback",)

    def __init__(self, iface=None, parent=None):
        super().__init__(iface, parent)
        self.setupUi(self)
        self.setObjectName("ServiceGridFeedbackDock")
        self.store: Optional[FeedbackStore] = None
        self.data: Optional[FeedbackData] = None
        self.filter = FeedbackFilter()
        self.form: Optional[QgsAttributeDialog] = None
        self.tool: Optional[FeedbackPointTool] = None
        self.report = []  # rows of the last sync report (dicts)
        self._on_map = False  # the file's feedback layer was on the map (in QGIS's project)
        self._form_state = None
        self._marker: Optional[QgsVertexMarker] = None
        self._pinned = None  # (layer, field index, its default) while a form is open
        self._committing = False

        # list and per-grid summary
        self.model = FeedbackTableModel(self)
        self.feedbackTable.setModel(self.model)
        self.feedbackTable.horizontalHeader().setSortIndicator(
            FeedbackTableModel.WHEN, Qt.SortOrder.DescendingOrder
        )
        self._tune_table(self.feedbackTable)
        self.feedbackTable.selectionModel().selectionChanged.connect(self._table_selection_changed)
        self.feedbackTable.doubleClicked.connect(self._row_double_clicked)
        self.summary_model = GridSummaryModel(self)
        self.summaryTable.setModel(self.summary_model)
        self.summaryTable.horizontalHeader().setSortIndicator(
            GridSummaryModel.GRID, Qt.SortOrder.AscendingOrder
        )
        self._tune_table(self.summaryTable)
        self.summaryTable.doubleClicked.connect(self._summary_double_clicked)
        self.listSplitter.setStretchFactor(0, 3)
        self.listSplitter.setStretchFactor(1, 1)

        # filters
        self.categoryCombo.addItem(self.tr("All categories"), _ANY)
        for code, label in self.model.categories.items():
            self.categoryCombo.addItem(label, code)
        for label, code in (
            (self.tr("All"), _ANY),
            (self.tr("Open"), OPEN),
            (self.tr("Resolved"), RESOLVED),
        ):
            self.statusCombo.addItem(label, code)
        self.gridCombo.addItem(self.tr("All grids"), _ANY)
        self.staffCombo.addItem(self.tr("All staff"), _ANY)
        for combo in (self.gridCombo, self.categoryCombo, self.staffCombo, self.statusCombo):
            combo.currentIndexChanged.connect(self._filter_changed)
        today = QDate.currentDate()
        self.fromDate.setDate(today.addMonths(-1))
        self.toDate.setDate(today)
        for check, edit in ((self.fromCheck, self.fromDate), (self.toCheck, self.toDate)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._filter_changed)
            edit.dateChanged.connect(self._filter_changed)
        self.clearFilterButton.clicked.connect(self.clear_filters)

        # actions
        self.addButton.setIcon(QgsApplication.getThemeIcon("/mActionCapturePoint.svg"))
        self.addButton.toggled.connect(self._add_toggled)
        self.resolveButton.clicked.connect(self.resolve_selected)
        self.reopenButton.clicked.connect(self.reopen_selected)
        self.zoomButton.setIcon(QgsApplication.getThemeIcon("/mActionZoomToSelected.svg"))
        self.zoomButton.clicked.connect(lambda: self.zoom_to_selected())
        # undo / redo buttons, the file, the progress of a sync
        self._setup_shared_widgets(self.tr("Open a project GeoPackage or a field package"))
        self.undo_stack.indexChanged.connect(self._update_buttons)

        # sync
        self.addFilesButton.clicked.connect(self._choose_package_files)
        self.addFolderButton.clicked.connect(self._choose_package_folder)
        self.removePackageButton.clicked.connect(self.remove_selected_packages)
        self.packageList.itemSelectionChanged.connect(self._update_buttons)
        self.syncButton.clicked.connect(self.run_sync)
        self.keepOfficeButton.clicked.connect(lambda: self.resolve_selected_conflicts("office"))
        self.takeFieldButton.clicked.connect(lambda: self.resolve_selected_conflicts("field"))
        self.conflictTable.itemSelectionChanged.connect(self._conflict_selection_changed)
        self._tune_table(self.conflictTable)
        self.reportTree.header().setStretchLastSection(False)
        self.reportTree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.syncSplitter.setStretchFactor(0, 1)
        self.syncSplitter.setStretchFactor(1, 2)

        self._connect_qgis()  # layers added and removed, project closed, algorithms
        self._update_buttons()
        self.use_loaded_project()

    def _stop_work(self) -> None:
        self.stop_adding()
        self._close_form()

    def cleanup(self) -> None:
        """Cancel a run, close forms and the file, give the map tool back (before deleting)."""
        super().cleanup()
        self.tool = None

    # ------------------------------------------------------------------ file

    def _loaded_files(self) -> List[str]:
        """Projects (first) and field packages whose feedback layer is loaded in QGIS."""
        return feedback_files(QgsProject.instance())

    def _nothing_loaded_text(self) -> str:
        return self.tr(
            "No Service Grid project is loaded. Open one (Service Grid ▸ Open "
            "project GeoPackage…) or choose a project or field package above."
        )

    def _busy_text(self) -> str:
        return self.tr("Wait until the running sync has finished.")

    def _remembered(self, store) -> bool:
        return not store.is_package  # (a package is a copy that goes to a device)

    def _show_store(self, snapshot) -> None:
        self._load(snapshot)
        self._bind_map_layer()
        self.load_conflicts()
        self._update_buttons()

    def close_project(self) -> None:
        """Forget the file (nothing is written); an open form is closed unsaved."""
        self.stop_adding()
        self._close_form()
        super().close_project()

    def _clear_views(self) -> None:
        self._on_map = False
        self.model.set_data(None)
        self.summary_model.set_summary([])
        self.conflictTable.setRowCount(0)
        self.conflictsLabel.setText(self.tr("No open conflicts."))
        self.summaryLabel.setText(self.tr("Open a project GeoPackage or a field package."))
        self.countLabel.setText("")

    def reload(self) -> None:
        """Read the file again (after a sync, a form or another program wrote it)."""
        if self.store is None:
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
        self.data = d = without_gc(FeedbackData, snapshot)
        self.selected = sorted(d.record_of_fid[f] for f in keep if f in d.record_of_fid)
        self.model.set_data(d)
        self._fill_filters()
        self._apply_filter()
        if not self._sized and len(d):
            self.feedbackTable.resizeColumnsToContents()
            self.summaryTable.resizeColumnsToContents()
            self._sized = True
        if d.kind == "field_package":
            staff = d.manifest.get("staff_id", "")
            text = self.tr("Field package of {staff}: {count:,} feedback, {open:,} open.")
            self.summaryLabel.setText(
                text.format(
                    staff=d.staff_label(staff) if staff else "?",
                    count=len(d),
                    open=sum(1 for s in d.status if is_open(s)),
                )
            )
        else:
            self.summaryLabel.setText(
                self.tr("{count:,} feedback in {grids:,} grids, {open:,} open.").format(
                    count=len(d),
                    grids=len(set(d.grid) - {NO_GRID}),
                    open=sum(1 for s in d.status if is_open(s)),
                )
            )
        self.reloaded.emit()

    def _fill_filters(self) -> None:
        """Offer the file's grids and staff in the filters (keeping the current choices)."""
        d = self.data
        for combo, values, label in (
            (self.gridCombo, d.filter_grid_ids(), None),
            (self.staffCombo, d.staff_ids(), d.staff_label),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            if combo is self.gridCombo and NO_GRID in d.grid:
                combo.addItem(self.tr("(no grid)"), NO_GRID)
            for value in values:
                combo.addItem(label(value) if label else value, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        dates = d.date_range()
        if dates is not None:
            for check, edit, value in (
                (self.fromCheck, self.fromDate, dates[0]),
                (self.toCheck, self.toDate, dates[1]),
            ):
                if not check.isChecked():
                    edit.blockSignals(True)
                    edit.setDate(QDate.fromString(value, "yyyy-MM-dd"))
                    edit.blockSignals(False)

    # ------------------------------------------------------------------ filters

    def current_filter(self) -> FeedbackFilter:
        def value(combo):
            data = combo.currentData()
            return None if data is None or data == _ANY else data

        return FeedbackFilter(
            grid=value(self.gridCombo),
            category=value(self.categoryCombo),
            staff=value(self.staffCombo),
            status=value(self.statusCombo),
            date_from=self.fromDate.date().toString("yyyy-MM-dd")
            if self.fromCheck.isChecked()
            else None,
            date_to=self.toDate.date().toString("yyyy-MM-dd") if self.toCheck.isChecked() else None,
        )

    def set_filter(
        self,
        grid=_ANY,
        category=_ANY,
        staff=_ANY,
        status=_ANY,
        date_from: Optional[str] = None,
        date_to: Optional[str] = None,
    ) -> None:
        """Set every filter at once (``None`` dates: no bound); the list follows."""
        self._syncing = True
        try:
            for combo, value in (
                (self.gridCombo, grid),
                (self.categoryCombo, category),
                (self.staffCombo, staff),
                (self.statusCombo, status),
            ):
                index = combo.findData(value)
                combo.setCurrentIndex(max(index, 0))
            for check, edit, value in (
                (self.fromCheck, self.fromDate, date_from),
                (self.toCheck, self.toDate, date_to),
            ):
                if value is not None:
                    edit.setDate(QDate.fromString(value, "yyyy-MM-dd"))
                check.setChecked(value is not None)
        finally:
            self._syncing = False
        self._filter_changed()

    def clear_filters(self) -> None:
        self.set_filter()

    def _filter_changed(self, *_args) -> None:
        if not self._syncing:
            self._apply_filter()

    def _apply_filter(self) -> None:
        d = self.data
        if d is None:
            return
        self.filter = self.current_filter()
        records = d.matching(self.filter)
        self._syncing = True
        try:
            self.model.set_records(records)
        finally:
            self._syncing = False
        self.summary_model.set_summary(d.per_grid(records))
        average = d.average_rating(records)
        text = self.tr("{shown:,} of {total:,} shown").format(shown=len(records), total=len(d))
        if average is not None:
            text += " · " + self.tr("average rating {average:.2f}").format(average=average)
        self.countLabel.setText(text)
        self._show_selection_in_table()
        self._selection_updated()

    def _summary_double_clicked(self, index) -> None:
        grid_id = self.summary_model.grid_id(index.row())
        position = self.gridCombo.findData(grid_id)
        if position >= 0:
            self.gridCombo.setCurrentIndex(position)

    # ------------------------------------------------------------------ map layer

    def feedback_layer(self) -> Optional[QgsVectorLayer]:
        """The project's feedback layer of the file shown (``None`` if not on the map)."""
        return self._map_layer

    def _bind_map_layer(self) -> None:
        super()._bind_map_layer()
        if self._map_layer is not None:
            self._on_map = True

    def _committed_elsewhere(self) -> None:
        if self.store is not None and not self.store.writing and not self._committing:
            self.undo_stack.clear()  # the rows may have changed under the stored commands
            self.reload()

    def _layers_removed(self, layer_ids) -> None:
        super()._layers_removed(layer_ids)
        if (
            self.form is not None
            and not sip.isdeleted(self.form)
            and self._form_state is not None
            and self._form_state[0].id() in layer_ids
        ):
            self._close_form()

    def _file_on_map(self) -> bool:
        return self._on_map  # (even if its layer was removed since)

    def _project_cleared(self) -> None:
        """QGIS closed its project: a file that was on the map is closed too."""
        self._close_form()
        super()._project_cleared()

    # ------------------------------------------------------------------ selection

    def _show_selection_in_table(self) -> None:
        rows = self.model.rows_of(self.selected)
        selection = QItemSelection()
        for first, last in row_runs(rows):
            selection.select(self.model.index(first, 0), self.model.index(last, 0))
        self._syncing = True
        try:
            self.feedbackTable.selectionModel().select(
                selection, _SELECT.ClearAndSelect | _SELECT.Rows
            )
        finally:
            self._syncing = False
        if rows:
            self.feedbackTable.scrollTo(self.model.index(rows[0], 0))

    def _table_selection_changed(self, *_args) -> None:
        if self._syncing or self.data is None:
            return
        rows = set()
        for part in self.feedbackTable.selectionModel().selection():  # ranges: fast at 100k
            rows.update(range(part.top(), part.bottom() + 1))
        self.selected = sorted(self.model.record(r) for r in rows)
        self._push_selection_to_map()
        self._selection_updated()

    def select_uuids(self, uuids) -> None:
        if self.data is not None:
            records = [self.data.record(u) for u in uuids]
            self.select_records(r for r in records if r is not None)

    def selected_uuids(self) -> List[str]:
        return [self.data.uuids[r] for r in self.selected] if self.data is not None else []

    def _selection_updated(self) -> None:
        d = self.data
        if d is None or not self.selected:
            self.selectionLabel.setText(self.tr("No feedback selected."))
        else:
            opened = sum(1 for r in self.selected if is_open(d.status[r]))
            text = self.tr("{count:,} selected ({open:,} open, {resolved:,} resolved).").format(
                count=len(self.selected), open=opened, resolved=len(self.selected) - opened
            )
            visible = len(self.model.rows_of(self.selected))
            if visible < len(self.selected):
                text += " " + self.tr("{hidden:,} hidden by the filter.").format(
                    hidden=len(self.selected) - visible
                )
            self.selectionLabel.setText(text)
        self._update_buttons()

    # ------------------------------------------------------------------ resolve / reopen

    def resolve_selected(self) -> int:
        """Resolve the selected open feedback (resolved_at = now, UTC); returns the count."""
        return self._set_status(RESOLVED)

    def reopen_selected(self) -> int:
        """Open the selected resolved feedback again; returns the count."""
        return self._set_status(OPEN)

    def _set_status(self, status: str) -> int:
        d = self.data
        if d is None or self.store is None:
            return 0
        if status == RESOLVED:
            records = [r for r in self.selected if is_open(d.status[r])]
        else:
            records = [r for r in self.selected if not is_open(d.status[r])]
        if not records:
            self._message(
                self.tr("Select open feedback to resolve.")
                if status == RESOLVED
                else self.tr("Select resolved feedback to reopen.")
            )
            return 0
        if not self._layers_saved():
            return 0
        fids = [d.fids[r] for r in records]
        before = self.store.statuses(fids)
        now = self.store.now_utc()
        after = [(fid, status, now if status == RESOLVED else None) for fid in fids]
        text = (
            self.tr("Resolve {count:,} feedback")
            if status == RESOLVED
            else self.tr("Reopen {count:,} feedback")
        ).format(count=len(fids))
        command = _StatusCommand(self, after, before, text, now)
        self.undo_stack.push(command)
        if command.failed:
            self.undo_stack.clear()
            return 0
        return len(fids)

    def _layers_saved(self) -> bool:
        unsaved = [
            layer.name()
            for layer in self.store.file_layers()
            if layer_file(layer)[1] == "feedback" and layer.isEditable() and layer.isModified()
        ]
        if unsaved:
            self._message(
                self.tr("Save or discard the edits of {layers} first.").format(
                    layers=", ".join(unsaved)
                ),
                Qgis.MessageLevel.Warning,
            )
            return False
        return True

    def _write_statuses(self, rows, now: Optional[str] = None) -> bool:
        """Write ``(fid, status, resolved_at)`` rows as a new revision stamped ``now`` (the
        current time by default) and update the list (for the commands)."""
        if self.store is None:
            return False
        now = now or self.store.now_utc()
        try:
            self.store.write_statuses(rows, now)
        except (StoreError, RuntimeError) as err:
            self._message(str(err), Qgis.MessageLevel.Critical)
            return False
        d = self.data
        changed = []
        for fid, status, resolved_at in rows:
            record = d.record_of_fid.get(int(fid))
            if record is not None:
                d.status[record] = status
                d.resolved_at[record] = resolved_at
                d.rev[record] = (d.rev[record] or 0) + 1
                changed.append(record)
        if self.filter.status is not None:
            self._apply_filter()
        else:
            self.model.records_changed(changed)
            self.summary_model.set_summary(d.per_grid(self.model.records()))
            self._selection_updated()
        return True

    # ------------------------------------------------------------------ add feedback

    def _canvas(self):
        return self.iface.mapCanvas() if self.iface is not None else None

    def _add_toggled(self, checked: bool) -> None:
        if checked:
            self.start_adding()
        else:
            self.stop_adding()

    def start_adding(self) -> Optional[FeedbackPointTool]:
        """Make the map tool active: each click adds feedback there."""
        canvas = self._canvas()
        if canvas is None or self.store is None:
            self.addButton.setChecked(False)
            return None
        if self.tool is None:
            self.tool = FeedbackPointTool(canvas)
            self.tool.clicked.connect(self._map_clicked)
            self.tool.finished.connect(self.stop_adding)
            self.tool.deactivated.connect(lambda: self.addButton.setChecked(False))
        if canvas.mapTool() is not self.tool:
            canvas.setMapTool(self.tool)
        self.addButton.setChecked(True)
        return self.tool

    def stop_adding(self) -> None:
        canvas = self._canvas()
        if self.tool is not None and canvas is not None and canvas.mapTool() is self.tool:
            canvas.unsetMapTool(self.tool)
        self.addButton.setChecked(False)

    def _map_clicked(self, point: QgsPointXY) -> None:
        canvas = self._canvas()
        crs = canvas.mapSettings().destinationCrs() if canvas is not None else None
        self.add_feedback_at(point, crs)

    def grid_at(self, point: QgsPointXY, crs: QgsCoordinateReferenceSystem) -> Optional[str]:
        """The id of the file's grid containing ``point`` (in ``crs``), or ``None``."""
        grids = self.store.layer("grids")
        if grids is None or not grids.isValid() or grids.fields().indexOf("grid_id") < 0:
            return None
        if crs is not None and crs.isValid() and crs != grids.crs():
            point = QgsCoordinateTransform(crs, grids.crs(), QgsProject.instance()).transform(point)
        geometry = QgsGeometry.fromPointXY(point)
        request = QgsFeatureRequest().setFilterRect(QgsRectangle(point, point))
        for feature in grids.getFeatures(request):
            if feature.geometry().contains(geometry):
                value = feature["grid_id"]
                return None if value is None else str(value)
        return None

    def add_feedback_at(
        self, point: QgsPointXY, crs: Optional[QgsCoordinateReferenceSystem] = None
    ):
        """Create feedback at ``point`` (``crs``: of the point; default the layer's) with the
        layer's default values and open its attribute form. Returns the form (``None`` when
        the point is outside every grid or the layer cannot be edited)."""
        if self.store is None:
            return None
        layer = self.store.layer("feedback")
        grid_id = self.grid_at(point, crs)
        if grid_id is None:
            self._message(
                self.tr("This point is outside every grid: feedback is logged inside the grids."),
                Qgis.MessageLevel.Warning,
            )
            return None
        if self._has_unsaved_edits(layer):
            return None
        self._close_form()
        if crs is not None and crs.isValid() and crs != layer.crs():
            point = QgsCoordinateTransform(crs, layer.crs(), QgsProject.instance()).transform(point)
        fields = layer.fields()
        given = {}
        staff = self.filter.staff or (self.data.manifest.get("staff_id") if self.data else None)
        if staff and fields.indexOf("staff_id") >= 0:
            given[fields.indexOf("staff_id")] = staff
        context = layer.createExpressionContext()
        feature = QgsVectorLayerUtils.createFeature(
            layer, QgsGeometry.fromPointXY(point), given, context
        )
        # what the form's defaults cannot know on this machine (no grids layer in the
        # project, no package variables): the grid clicked and the package's identity
        fill = {"grid_id": grid_id}
        if self.data is not None and self.data.manifest.get("package_id"):
            fill["package_id"] = self.data.manifest["package_id"]
        for name, value in fill.items():
            if fields.indexOf(name) >= 0 and feature[name] in (None, ""):
                feature[name] = value
        started = self._start_editing(layer)
        if started is None:
            return None
        self._pin_grid(layer, feature, grid_id)
        dialog = self._open_form(layer, feature, started, adding=fill)
        self._mark(point, layer.crs())
        return dialog

    def _has_unsaved_edits(self, layer) -> bool:
        """Say so when ``layer`` has edits that are not saved (a form would mix with them)."""
        if layer.isEditable() and layer.isModified():
            self._message(
                self.tr(
                    "The layer '{layer}' has edits that are not saved. Save or discard them first."
                ).format(layer=layer.name()),
                Qgis.MessageLevel.Warning,
            )
            return True
        return False

    def _start_editing(self, layer) -> Optional[bool]:
        """Put ``layer`` in edit mode: True when this started it, False when it already was,
        ``None`` (and says why) when it cannot be edited."""
        started = not layer.isEditable()
        if started and not layer.startEditing():
            self._message(
                self.tr("The layer '{layer}' cannot be edited: is {path} read-only?").format(
                    layer=layer.name(), path=self.store.path
                ),
                Qgis.MessageLevel.Critical,
            )
            return None
        return started

    def _pin_grid(self, layer, feature, grid_id: Optional[str]) -> None:
        """While the form is open, make the grid id's default give ``grid_id`` when the
        layer's own default cannot (it looks the point up in the project's grids layer, which
        is not there when the file is not on the map); the definition is put back when the
        form closes."""
        self._unpin_grid()
        index = layer.fields().indexOf("grid_id")
        if index < 0 or not grid_id:
            return
        definition = layer.defaultValueDefinition(index)
        if not definition.isValid():
            return
        context = layer.createExpressionContext()
        context.setFeature(feature)
        if layer.defaultValue(index, feature, context) == grid_id:
            return
        self._pinned = (
            layer,
            index,
            QgsDefaultValue(definition.expression(), definition.applyOnUpdate()),
        )
        layer.setDefaultValueDefinition(
            index, QgsDefaultValue(QgsExpression.quotedValue(grid_id), definition.applyOnUpdate())
        )

    def _unpin_grid(self) -> None:
        pinned, self._pinned = self._pinned, None
        if pinned is not None:
            layer, index, definition = pinned
            if not sip.isdeleted(layer):
                layer.setDefaultValueDefinition(index, definition)

    def _mark(self, point: QgsPointXY, crs: QgsCoordinateReferenceSystem) -> None:
        """Show where the new feedback goes while its form is open."""
        self._unmark()
        canvas = self._canvas()
        if not isinstance(canvas, QgsMapCanvas):
            return
        target = canvas.mapSettings().destinationCrs()
        if crs.isValid() and target.isValid() and crs != target:
            point = QgsCoordinateTransform(crs, target, QgsProject.instance()).transform(point)
        marker = QgsVertexMarker(canvas)
        marker.setCenter(point)
        marker.setIconType(QgsVertexMarker.IconType.ICON_CIRCLE)
        marker.setIconSize(20)
        marker.setPenWidth(4)
        marker.setColor(QColor(220, 30, 30))
        self._marker = marker

    def _unmark(self) -> None:
        marker, self._marker = self._marker, None
        if marker is not None and not sip.isdeleted(marker):
            canvas = self._canvas()
            if isinstance(canvas, QgsMapCanvas):
                canvas.scene().removeItem(marker)

    # ------------------------------------------------------------------ forms

    def _row_double_clicked(self, index) -> None:
        self.open_form(self.model.record(index.row()))

    def open_form(self, record: int):
        """Open the attribute form of one feedback record (edits are saved on OK)."""
        if self.store is None or self.data is None:
            return None
        layer = self.store.layer("feedback")
        feature = layer.getFeature(self.data.fids[record])
        if not feature.isValid():
            self._message(
                self.tr("This feedback is no longer in the file."), Qgis.MessageLevel.Warning
            )
            self.reload()
            return None
        if self._has_unsaved_edits(layer):
            return None
        self._close_form()
        started = self._start_editing(layer)
        if started is None:
            return None
        if feature.hasGeometry():
            self._pin_grid(layer, feature, self.grid_at(feature.geometry().asPoint(), layer.crs()))
        return self._open_form(layer, feature, started, adding=None)

    def _open_form(self, layer, feature, started: bool, adding: Optional[dict]):
        """Show the layer's attribute form of ``feature``; ``adding``: the values a new
        feature must keep whatever the form's defaults give (``None`` to edit)."""
        context = QgsAttributeEditorContext()
        canvas = self._canvas()
        if isinstance(canvas, QgsMapCanvas):
            context.setMapCanvas(canvas)
        tools = self.iface.vectorLayerTools() if self.iface is not None else None
        if isinstance(tools, QgsVectorLayerTools):
            context.setVectorLayerTools(tools)
        context.setFormMode(QgsAttributeEditorContext.FormMode.StandaloneDialog)
        parent = self.iface.mainWindow() if self.iface is not None else None
        if not isinstance(parent, QWidget):
            parent = self
        dialog = QgsAttributeDialog(layer, feature, False, parent, True, context)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setMode(
            QgsAttributeEditorContext.Mode.AddFeatureMode
            if adding is not None
            else QgsAttributeEditorContext.Mode.SingleEditMode
        )
        dialog.setWindowTitle(
            self.tr("New feedback") if adding is not None else self.tr("Feedback")
        )
        dialog.setEditCommandMessage(
            self.tr("Add feedback") if adding is not None else self.tr("Edit feedback")
        )
        # the dialog refers to the feature without owning it: keep both alive together
        self._form_state = (layer, feature, started, adding)
        self.form = dialog
        dialog.accepted.connect(lambda: self._form_accepted(dialog))
        dialog.rejected.connect(lambda: self._form_rejected(dialog))
        dialog.show()
        dialog.raise_()
        self.formOpened.emit(dialog)
        return dialog

    def _form_done(self, dialog):
        if dialog is not self.form or self._form_state is None:
            return None
        state = self._form_state
        self.form = None
        self._form_state = None
        self._unmark()
        return state

    def _form_accepted(self, dialog) -> None:
        state = self._form_done(dialog)
        if state is None:
            return
        layer, _feature, started, adding = state
        saved = dialog.feature()
        uuid = (
            str(saved["uuid"]) if saved is not None and saved.fields().indexOf("uuid") >= 0 else ""
        )
        if adding is not None:
            self._keep_values(layer, adding)
        self._committing = True
        try:
            ok = layer.commitChanges(started)
            errors = "; ".join(layer.commitErrors())
            if not ok:
                layer.rollBack(started)
        finally:
            self._committing = False
            self._unpin_grid()
        if not ok:
            self._message(
                self.tr("Could not save the feedback to {path}: {errors}").format(
                    path=self.store.path if self.store else "", errors=errors
                ),
                Qgis.MessageLevel.Critical,
            )
            return
        layer.triggerRepaint()
        self.undo_stack.clear()  # rows changed outside the stored commands
        self.reload()
        if adding is not None:
            self.select_uuids([uuid])
            self.feedbackAdded.emit(uuid)
            self._message(
                self.tr("Feedback saved in grid {grid}.").format(
                    grid=saved["grid_id"] if saved is not None else ""
                )
            )

    @staticmethod
    def _keep_values(layer, values: dict) -> None:
        """Fill what the form left empty in the new feature (its defaults may not evaluate
        here: e.g. the grid when the project's grids layer is not loaded)."""
        fields = layer.fields()
        buffer = layer.editBuffer()
        if buffer is None:
            return
        for fid, feature in buffer.addedFeatures().items():
            for name, value in values.items():
                index = fields.indexOf(name)
                if index >= 0 and feature[index] in (None, ""):
                    # (skip the defaults: the revision and update time stay as created)
                    layer.changeAttributeValue(fid, index, value, feature[index], True)

    def _form_rejected(self, dialog) -> None:
        state = self._form_done(dialog)
        if state is None:
            return
        layer, _feature, started, _adding = state
        if started and layer.isEditable():
            layer.rollBack(True)
        self._unpin_grid()

    def _close_form(self) -> None:
        """Close an open form without saving."""
        dialog = self.form
        if dialog is not None and not sip.isdeleted(dialog):
            dialog.reject()
        elif dialog is not None:
            state = self._form_done(dialog)
            if state is not None and state[2] and state[0].isEditable():
                state[0].rollBack(True)
        self.form = None
        self._form_state = None
        self._unmark()
        self._unpin_grid()

    # ------------------------------------------------------------------ sync: packages

    def packages(self) -> List[str]:
        return [self.packageList.item(i).text() for i in range(self.packageList.count())]

    def add_packages(self, paths) -> None:
        """Add package files or folders to the list (each once)."""
        have = {normalise(p) for p in self.packages()}
        for path in paths:
            if path and normalise(path) not in have:
                self.packageList.addItem(os.path.abspath(path))
                have.add(normalise(path))
        self._update_buttons()

    def remove_selected_packages(self) -> None:
        for item in self.packageList.selectedItems():
            self.packageList.takeItem(self.packageList.row(item))
        self._update_buttons()

    def _choose_package_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Field packages to sync"),
            self._package_root(),
            self.tr("GeoPackage (*.gpkg)"),
        )
        self.add_packages(paths)

    def _choose_package_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Folder of field packages"), self._package_root()
        )
        if path:
            self.add_packages([path])

    def _package_root(self) -> str:
        packages = self.packages()
        if packages:
            return os.path.dirname(packages[-1])
        return os.path.dirname(self.store.path) if self.store is not None else ""

    # ------------------------------------------------------------------ sync: run

    def sync_parameters(self) -> dict:
        """Parameters of syncfieldpackages for this project and the listed packages."""
        names = parameter_names(SYNC)
        params = {"PROJECT": self.store.path, "PACKAGES": self.packages()}
        if "OUTPUT" in names:
            folder = self._scratch_folder("service-grid-sync-")
            params["OUTPUT"] = os.path.join(
                folder, "report_{}.gpkg".format(len(os.listdir(folder)))
            )
        return params

    def run_sync(self):
        """Run syncfieldpackages on the listed packages in the background; returns the task."""
        if self.store is None or self.store.is_package:
            return None
        if self.run is not None:
            self._message(self.tr("A sync is already running."))
            return None
        if not self.packages():
            self._message(
                self.tr("Add the field packages to sync first."), Qgis.MessageLevel.Warning
            )
            return None
        unsaved = self.store.unsaved_layers()
        if unsaved:
            self._message(
                self.tr(
                    "Save or discard the edits of {layers} first: the sync writes the GeoPackage."
                ).format(layers=", ".join(unsaved)),
                Qgis.MessageLevel.Warning,
            )
            return None
        self._close_form()
        params = self.sync_parameters()
        task = self._start_run(
            SYNC,
            params,
            self.tr("Service Grid: syncing field packages"),
            self._sync_done,
            self.tr("Syncing {count} package entries…").format(count=len(params["PACKAGES"])),
        )
        if task is not None:
            self.reportTree.clear()  # (the report of the run before)
        return task

    def _sync_done(self, ok: bool, results: dict, errors: str) -> None:
        run = self.run
        cancelled = run is not None and run.cancelled
        output = run.parameters.get("OUTPUT") if run is not None else None
        self.run = None
        self.progressBar.setValue(100 if ok else 0)
        if self.store is not None:
            self.store.reload_layers()
            self.undo_stack.clear()
            self.reload()
            self.load_conflicts()
        if ok:
            self.report = self._read_report(results.get("OUTPUT") or output)
            self._show_report(self.report)
            text = self.tr(
                "Sync finished: {inserted:,} inserted, {updated:,} updated, "
                "{deleted:,} deleted, {conflicts:,} conflicts, {rejected:,} "
                "rejected, {unchanged:,} unchanged."
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
                text += " " + self.tr("Backup: {path}").format(path=results["BACKUP"])
            self.runLabel.setText(text)
            self._message(text)
        else:
            text = self.tr("The sync did not finish: {reason}").format(
                reason=self._failure(errors, cancelled)
            )
            self.runLabel.setText(text)
            self._message(text, Qgis.MessageLevel.Warning)
        self._update_buttons()
        self.syncFinished.emit(ok)

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
        self.reportTree.clear()
        statuses = {
            "synced": self.tr("synced"),
            "unchanged": self.tr("unchanged"),
            "rejected": self.tr("refused"),
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
                self.reportTree.addTopLevelItem(item)
                packages[key] = item
                if row.get("message") and status == "rejected":  # (else: the counts again)
                    self._report_line(item, str(row["message"]))
            else:
                parent = packages.get(key)
                if parent is None:
                    continue
                if entry == "rejected":
                    text = self.tr("Rejected {row}: {reason}").format(
                        row=row.get("uuid") or "?", reason=row.get("message") or ""
                    )
                else:
                    text = str(row.get("message") or "")
                self._report_line(parent, text)
        for item in packages.values():
            item.setExpanded(item.childCount() > 0)
        for column in range(1, 7):
            self.reportTree.resizeColumnToContents(column)

    @staticmethod
    def _report_line(parent: QTreeWidgetItem, text: str) -> None:
        child = QTreeWidgetItem([text])
        child.setToolTip(0, text)
        parent.addChild(child)
        child.setFirstColumnSpanned(True)

    def report_lines(self) -> List[List[str]]:
        """What the report shows: per package its columns, then its detail lines."""
        lines = []
        for k in range(self.reportTree.topLevelItemCount()):
            item = self.reportTree.topLevelItem(k)
            lines.append([item.text(c) for c in range(7)])
            lines.extend([item.child(i).text(0)] for i in range(item.childCount()))
        return lines

    # ------------------------------------------------------------------ sync: conflicts

    def load_conflicts(self) -> list:
        """List the project's open conflicts (empty for a field package)."""
        self.conflictTable.setRowCount(0)
        core = _fieldsync()
        conflicts = []
        if self.store is not None and not self.store.is_package and core is not None:
            try:
                conflicts = core.list_conflicts(self.store.path, open_only=True)
            except Exception as err:  # noqa: BLE001 (an older project without the tables)
                LOG.warning("Cannot list the conflicts of %s: %s", self.store.path, err)
                conflicts = []
        kinds = {
            "both_changed": self.tr("changed on both sides"),
            "update_delete": self.tr("deleted in the field, changed in the office"),
            "delete_update": self.tr("changed in the field, deleted in the office"),
            "insert_insert": self.tr("inserted on both sides"),
        }
        self.conflictTable.setRowCount(len(conflicts))
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
                self.conflictTable.setItem(row, column, item)
        if conflicts:
            self.conflictsLabel.setText(
                self.tr(
                    "Open conflicts: {count}. The office value is kept until you choose."
                ).format(count=len(conflicts))
            )
            self.conflictTable.resizeColumnsToContents()
        else:
            self.conflictsLabel.setText(self.tr("No open conflicts."))
        self._update_buttons()
        return conflicts

    def _feedback_label(self, uuid: str) -> str:
        """A conflict's feedback as the office knows it: grid, category and a short id."""
        short = str(uuid or "").strip("{}")[:8]
        record = self.data.record(uuid) if self.data is not None and uuid else None
        if record is None:
            return short
        code = self.data.category[record]
        return "{} · {} · {}".format(
            self.data.grid[record] or "-", self.model.categories.get(code, code), short
        )

    def _conflict_selection_changed(self) -> None:
        """Show the feedback of the selected conflicts on the map (and in the list)."""
        uuids = [
            self.conflictTable.item(r, 0).data(UUID_ROLE)
            for r in sorted({i.row() for i in self.conflictTable.selectedIndexes()})
        ]
        if uuids:
            self.select_uuids(uuids)
        self._update_buttons()

    def selected_conflicts(self) -> List[int]:
        rows = sorted({i.row() for i in self.conflictTable.selectedIndexes()})
        return [int(self.conflictTable.item(r, 0).data(Qt.ItemDataRole.UserRole)) for r in rows]

    def select_conflicts(self, fids) -> None:
        wanted = set(fids)
        selection = QItemSelection()
        model = self.conflictTable.model()
        for row in range(self.conflictTable.rowCount()):
            if self.conflictTable.item(row, 0).data(Qt.ItemDataRole.UserRole) in wanted:
                selection.select(model.index(row, 0), model.index(row, 0))
        self.conflictTable.selectionModel().select(selection, _SELECT.ClearAndSelect | _SELECT.Rows)

    def resolve_selected_conflicts(self, choice: str) -> int:
        """Resolve the selected conflicts keeping the office value (``office``) or taking the
        field value (``field``); returns how many were resolved."""
        core = _fieldsync()
        fids = self.selected_conflicts()
        if core is None or self.store is None or not fids:
            return 0
        if self.run is not None or not self._layers_saved():
            return 0
        done = 0
        try:
            for fid in fids:
                core.resolve_conflict(self.store.path, fid, choice)
                done += 1
        except Exception as err:  # noqa: BLE001 (shown; the others stay open)
            self._message(
                self.tr("Could not resolve the conflict: {error}").format(error=err),
                Qgis.MessageLevel.Critical,
            )
        self.store.reload_layers()
        self.undo_stack.clear()
        self.reload()
        self.load_conflicts()
        if done:
            self._message(self.tr("{count} conflicts resolved.").format(count=done))
        return done

    # ------------------------------------------------------------------ state

    def _update_buttons(self, *_args) -> None:
        idle = self.run is None
        has_file = self.store is not None and self.data is not None
        is_project = has_file and not self.store.is_package
        d = self.data
        selected_open = has_file and any(is_open(d.status[r]) for r in self.selected)
        selected_resolved = has_file and any(not is_open(d.status[r]) for r in self.selected)
        self.listTab.setEnabled(idle)
        self.addButton.setEnabled(idle and has_file and self.iface is not None)
        self.resolveButton.setEnabled(idle and selected_open)
        self.reopenButton.setEnabled(idle and selected_resolved)
        self.zoomButton.setEnabled(has_file and bool(self.selected))
        self._update_shared_buttons(idle, has_file)
        available = bool(parameter_names(SYNC))
        self.syncButton.setEnabled(idle and is_project and available and bool(self.packages()))
        if not available:
            self.syncButton.setToolTip(
                self.tr("The algorithm {id} is not available.").format(id=SYNC)
            )
        elif has_file and not is_project:
            self.syncButton.setToolTip(
                self.tr("This is a field package: sync it from the office's project.")
            )
        else:
            self.syncButton.setToolTip(
                self.tr("Merge the packages into this project (a backup is taken first)")
            )
        self.cancelButton.setEnabled(not idle)
        for button in (self.addFilesButton, self.addFolderButton):
            button.setEnabled(idle and is_project)
        self.removePackageButton.setEnabled(idle and bool(self.packageList.selectedItems()))
        conflicts = bool(self.conflictTable.selectionModel().hasSelection())
        core = _fieldsync() is not None
        self.keepOfficeButton.setEnabled(idle and is_project and conflicts and core)
        self.takeFieldButton.setEnabled(idle and is_project and conflicts and core)

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
            bar.pushMessage(log.TAG, text, level, 5)
        if self.tabs.currentWidget() is self.syncTab:
            self.runLabel.setText(text)
