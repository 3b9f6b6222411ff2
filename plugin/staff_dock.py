"""The Staff & outlets dock (人员与网点): who covers which grid, and from which outlet.

Opens on a project GeoPackage (the one whose layers are loaded, or one chosen in the file
widget) and shows its grids in a table synchronised with the map, the staff roster, the
workload of every person and warnings. Assignments and outlets are changed by hand here
(written to the GeoPackage at once, undoable), or by running ``servicegrid:allocatestaff`` /
``servicegrid:siteoutlets`` as a background task.
"""

import functools
import html
import logging
import os
from typing import Any, Iterable, List, Optional

from qgis.core import (
    QgsMapLayerProxyModel,
    QgsProcessing,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QItemSelection, QItemSelectionModel, Qt, pyqtSignal

from ..algorithms.core import schema
from ..algorithms.core.errors import format_ids
from ..algorithms.project_template import layer_uri
from . import log
from .algorithm_task import algorithm, parameter_names
from .dock_base import ServiceGridDock
from .dock_parts import load_form, row_runs, tune_table, without_gc
from .grid_model import (
    OVERSTAFFED,
    UNCOVERED,
    UNDERSTAFFED,
    DockData,
    GridFilterProxy,
    GridTableModel,
    StaffFilterProxy,
    StaffTableModel,
)
from .project_store import ProjectStore, StoreError, project_files
from .staff_editor import StaffEditor
from .workload_chart import Bar, GridBalanceChart, WorkloadChart

LOG = logging.getLogger(__name__)
FORM: Any = load_form("staff_dock.ui")  # (a class made at run time)

ALLOCATE = "servicegrid:allocatestaff"
SITE = "servicegrid:siteoutlets"
_SELECT = QItemSelectionModel.SelectionFlag


def read_dock_data(store_class, path: str) -> DockData:
    """What the dock shows of the file ``path``, read on its own connection (for a worker
    thread: plain Python objects, no layers)."""
    store = store_class(path)
    try:
        return without_gc(DockData, store.read())
    finally:
        store.release()


class StaffDock(ServiceGridDock, FORM):
    """Assign staff and outlets to grids, by hand or with the allocation algorithms."""

    #: A background run of allocatestaff / siteoutlets finished (True when it succeeded).
    runFinished = pyqtSignal(bool)  # noqa: N815

    STORE = ProjectStore
    OBJECT_NAME = "ServiceGridStaffDock"
    data: Optional[DockData]  # (None until a project is shown: the base sets it)

    def __init__(self, iface=None, parent=None):
        super().__init__(iface, parent)
        self.editor: Optional[StaffEditor] = None
        self._syncing = False  # True while the dock selects rows in the grid table itself

        # grid table
        self.grid_model = GridTableModel(self)
        self.grid_proxy = GridFilterProxy(self)
        self.grid_proxy.setSourceModel(self.grid_model)
        self.gridTable.setModel(self.grid_proxy)
        self.gridTable.sortByColumn(GridTableModel.GRID, Qt.SortOrder.AscendingOrder)
        tune_table(self.gridTable)
        self.gridTable.selectionModel().selectionChanged.connect(self._table_selection_changed)
        self.gridTable.doubleClicked.connect(lambda _index: self.zoom_to_selected(flash=True))
        self.gridFilter.textChanged.connect(self._filter_changed)
        for code, label in (
            (GridFilterProxy.ALL, self.tr("All grids")),
            (UNCOVERED, self.tr("No staff")),
            (UNDERSTAFFED, self.tr("Fewer staff than recommended")),
            (OVERSTAFFED, self.tr("More staff than recommended")),
        ):
            self.statusCombo.addItem(label, code)
        self.statusCombo.currentIndexChanged.connect(self._filter_changed)
        self.showOnMapButton.clicked.connect(self.show_grids_on_map)

        # staff list
        self.staff_model = StaffTableModel(self)
        self.staff_proxy = StaffFilterProxy(self)
        self.staff_proxy.setSourceModel(self.staff_model)
        self.staffTable.setModel(self.staff_proxy)
        tune_table(self.staffTable)
        self.staffTable.selectionModel().selectionChanged.connect(self._update_buttons)
        self.staffFilter.textChanged.connect(self.staff_proxy.setFilterFixedString)
        self.assignButton.clicked.connect(self.assign_selected)
        self.unassignButton.clicked.connect(self.unassign_selected)
        self.setOutletButton.clicked.connect(self.set_outlet_of_selected)

        # undo / redo buttons (and Ctrl+Z / Ctrl+Shift+Z while the focus is in the dock),
        # the project file, the grids on the map, the progress of background runs
        self._setup_parts(
            file_dialog_title=self.tr("Open service-grid project"),
            loaded_files=lambda: project_files(QgsProject.instance()),
            nothing_loaded_text=self.tr(
                "No Service Grid project is loaded. Open one (Service Grid ▸ Open "
                "project GeoPackage…) or choose its GeoPackage above."
            ),
            busy_text=self.tr("Wait until the running task has finished."),
            map_table="grids",
            watched_tables=("grids", "staff", "outlets", "assignments"),
            committed_elsewhere=self._committed_elsewhere,
            map_bound=self._map_bound,
            claim_undo_keys=True,
        )

        # workload
        self.workload_chart = WorkloadChart(self.workloadHolder)
        self.workloadHolderLayout.addWidget(self.workload_chart)
        self.workloadHolderLayout.addStretch(1)
        self.balance_chart = GridBalanceChart(self.balanceHolder)
        self.balanceLayout.addWidget(self.balance_chart)
        self.workload_chart.staffClicked.connect(self.select_grids_of_staff)
        self.balance_chart.statusClicked.connect(self.show_status)
        self.warningsLabel.linkActivated.connect(self._warning_link)

        # background runs
        self.candidatesCombo.setFilters(QgsMapLayerProxyModel.Filter.PointLayer)
        self.candidatesCombo.setAllowEmptyLayer(True)
        self.candidatesCombo.setLayer(None)
        self.allocateButton.clicked.connect(self.run_allocate)
        self.siteButton.clicked.connect(self.run_site)
        self._algorithms_changed()

        self._follow_algorithms(self._algorithms_changed)
        self._update_buttons()
        self.use_loaded_project()

    # ------------------------------------------------------------------ project

    def _show_store(self, snapshot) -> None:
        self._load(snapshot)
        self.map.bind()

    def _clear_views(self) -> None:
        self.editor = None
        self.grid_model.set_data(None)
        self.staff_model.set_data(None)
        self.outletCombo.clear()
        self.workload_chart.set_bars([])
        self.balance_chart.set_counts({})
        self.warningsLabel.setText("")
        self.summaryLabel.setText(self.tr("Open a project GeoPackage."))

    def reload(self, data: Optional[DockData] = None) -> None:
        """Read the GeoPackage again (after another program or an algorithm wrote it), or
        show ``data`` read from it in the background. Changes made before can no longer be
        undone."""
        if self.store is None:
            return
        self.undo_stack.clear()
        self._load(data if data is not None else self.store.read())
        if self.map.layer is not None:
            self.map.pull()

    def _load(self, snapshot) -> None:
        """Show a snapshot of the file (or the :class:`DockData` made of one)."""
        self.data = snapshot if isinstance(snapshot, DockData) else without_gc(DockData, snapshot)
        self.editor = StaffEditor(self.store, self.data, self.undo_stack, self)
        self.editor.changed.connect(self._changed)
        self.editor.failed.connect(self._undo_failed)
        self.grid_model.set_data(self.data)
        self.staff_model.set_data(self.data)
        self.staff_proxy.invalidate()
        self._fill_outlets()
        self.selected = [r for r in self.selected if r < len(self.data)]
        if not self._sized and len(self.data):
            self.gridTable.resizeColumnsToContents()
            self.staffTable.resizeColumnsToContents()
            for column, width in ((GridTableModel.STAFF, 140), (GridTableModel.OUTLET, 110)):
                if self.gridTable.columnWidth(column) < width:
                    self.gridTable.setColumnWidth(column, width)
            self._sized = True
        self._refresh_workload()
        self._selection_updated()

    def _fill_outlets(self) -> None:
        self.outletCombo.clear()
        self.outletCombo.addItem(self.tr("(no outlet)"), None)
        for outlet in self.data.outlets:
            outlet_id = str(outlet["outlet_id"])
            self.outletCombo.addItem(self.data.outlet_label(outlet_id), outlet_id)

    # ------------------------------------------------------------------ map layer

    def _committed_elsewhere(self) -> None:
        if self.store is not None and not self.store.writing and self.run is None:
            self.reload()

    def _map_bound(self) -> None:
        self.showOnMapButton.setVisible(self.store is not None and self.map.layer is None)

    def grids_layer(self) -> Optional[QgsVectorLayer]:
        """The project's grids layer of the GeoPackage shown (``None`` if not on the map)."""
        return self.map.layer

    def show_grids_on_map(self) -> None:
        """Add the GeoPackage's grids layer (with its stored style) to the map."""
        if self.store is None:
            return
        layer = QgsVectorLayer(layer_uri(self.store.path, "grids"), schema.GRIDS.title_zh, "ogr")
        if layer.isValid():
            QgsProject.instance().addMapLayer(layer)

    # ------------------------------------------------------------------ selection

    def _show_selection_in_table(self) -> None:
        rows = sorted(self.grid_model.row_of(r) for r in self.selected)
        selection = QItemSelection()
        for first, last in row_runs(rows):
            selection.select(self.grid_model.index(first, 0), self.grid_model.index(last, 0))
        self._syncing = True
        try:
            self.gridTable.selectionModel().select(
                self.grid_proxy.mapSelectionFromSource(selection),
                _SELECT.ClearAndSelect | _SELECT.Rows,
            )
        finally:
            self._syncing = False
        if rows:
            first = self.grid_proxy.mapFromSource(self.grid_model.index(rows[0], 0))
            if first.isValid():
                self.gridTable.scrollTo(first)

    def _table_selection_changed(self, *_args) -> None:
        if self._syncing or self.data is None:
            return
        proxy, model = self.grid_proxy, self.grid_model
        self.selected = sorted(
            model.record(proxy.mapToSource(i).row())
            for i in self.gridTable.selectionModel().selectedRows(0)
        )
        self.map.push()
        self._selection_updated()

    def select_grids(self, grid_ids: Iterable[str]) -> None:
        """Select grids by id."""
        if self.data is not None:
            index = self.data.record_of_grid
            self.select_records(index[g] for g in grid_ids if g in index)

    def select_staff(self, staff_ids: Iterable[str]) -> None:
        """Select these staff members in the staff list."""
        wanted = set(staff_ids)
        selection = QItemSelection()
        for row in range(self.staff_model.rowCount()):
            if self.staff_model.staff_id(row) in wanted:
                selection.select(self.staff_model.index(row, 0), self.staff_model.index(row, 0))
        self.staffTable.selectionModel().select(
            self.staff_proxy.mapSelectionFromSource(selection),
            _SELECT.ClearAndSelect | _SELECT.Rows,
        )

    def selected_staff(self) -> List[str]:
        return self.staff_proxy.selected_staff(self.staffTable.selectionModel().selectedRows(0))

    def select_grids_of_staff(self, staff_id: str) -> None:
        """Select the grids of one staff member (and the person in the list)."""
        if self.data is not None:
            self.select_grids(self.data.by_staff.get(staff_id, ()))
            self.select_staff([staff_id])

    def _selection_updated(self) -> None:
        d = self.data
        if d is None or not self.selected:
            self.selectionLabel.setText(self.tr("No grid selected."))
            self.staff_model.set_highlight(set())
        else:
            people = sum(d.population[r] for r in self.selected)
            visible = len(self.gridTable.selectionModel().selectedRows(0))
            text = self.tr("{count} grids selected ({people:,} people).").format(
                count=len(self.selected), people=people
            )
            if visible < len(self.selected):
                text += " " + self.tr("{hidden} hidden by the filter.").format(
                    hidden=len(self.selected) - visible
                )
            self.selectionLabel.setText(text)
            on_selected = set()
            for r in self.selected:
                on_selected.update(d.by_grid.get(d.grid_ids[r], ()))
            self.staff_model.set_highlight(on_selected)
            outlets = {d.outlet[r] for r in self.selected}
            if len(outlets) == 1:
                index = self.outletCombo.findData(outlets.pop())
                if index >= 0:
                    self.outletCombo.setCurrentIndex(index)
        self._update_buttons()

    def _filter_changed(self, *_args) -> None:
        self._syncing = True
        try:
            self.grid_proxy.set_text(self.gridFilter.text())
            self.grid_proxy.set_status(self.statusCombo.currentData() or GridFilterProxy.ALL)
        finally:
            self._syncing = False
        self._show_selection_in_table()
        self._selection_updated()

    def show_status(self, status: str) -> None:
        """Show only grids of this staffing status (from the balance chart)."""
        index = self.statusCombo.findData(status)
        self.statusCombo.setCurrentIndex(max(index, 0))

    # ------------------------------------------------------------------ changes

    def assign_selected(self) -> int:
        """Assign the selected staff to the selected grids; return the rows written."""
        return self._change_staff("assign", self.tr("They are already assigned to these grids."))

    def unassign_selected(self) -> int:
        """Remove the selected staff from the selected grids; return the rows deleted."""
        return self._change_staff("unassign", self.tr("None of them is assigned to these grids."))

    def _change_staff(self, change: str, nothing_text: str) -> int:
        """``editor.assign`` or ``editor.unassign`` the selected staff on the selected grids
        (``nothing_text`` when no row changed); return the rows changed."""
        staff = self.selected_staff()
        if self.editor is None or not staff or not self.selected:
            self._message(self.tr("Select grids (table or map) and staff (list) first."))
            return 0
        try:
            count = getattr(self.editor, change)(staff, self.selected)
        except StoreError as err:
            self._message(str(err), log.Qgis.MessageLevel.Critical)
            return 0
        if count == 0:
            self._message(nothing_text)
        return count

    def set_outlet_of_selected(self) -> int:
        """Set the outlet chosen in the list for the selected grids."""
        if self.editor is None or not self.selected:
            self._message(self.tr("Select grids (table or map) first."))
            return 0
        try:
            return self.editor.set_outlet(self.selected, self.outletCombo.currentData())
        except StoreError as err:
            self._message(str(err), log.Qgis.MessageLevel.Critical)
            return 0

    def _changed(self, records) -> None:
        self.grid_model.records_changed(records)
        if self.grid_proxy.is_filtering():
            self._filter_changed()
        self.staff_model.all_changed()
        self._refresh_workload()
        self._selection_updated()

    def _undo_failed(self, message: str) -> None:
        self._message(message, log.Qgis.MessageLevel.Critical)
        self.reload()

    # ------------------------------------------------------------------ workload

    def _refresh_workload(self) -> None:
        d = self.data
        if d is None:
            return
        load = d.workload()
        known = [str(s["staff_id"]) for s in d.staff]
        extra = sorted(set(load) - set(known))  # assigned ids missing from the roster
        self.workload_chart.set_bars(
            [Bar(s, d.staff_label(s), load.get(s, 0.0), d.capacity(s)) for s in known + extra]
        )
        counts = d.status_counts()
        self.balance_chart.set_counts(counts)
        self.warningsLabel.setText(self.warnings_html())
        self.summaryLabel.setText(
            self.tr(
                "{grids:,} grids · {people:,} people · {staff} staff ({assigned} assigned) · "
                "{outlets} outlets"
            ).format(
                grids=len(d),
                people=sum(d.population),
                staff=len(d.staff),
                assigned=sum(1 for s in known if d.by_staff.get(s)),
                outlets=len(d.outlets),
            )
        )

    def warnings_html(self) -> str:
        """The warnings shown on the Workload tab (rich text)."""
        d = self.data
        if d is None:
            return ""
        if not len(d):
            return self.tr(
                "This project has no grids yet: build them with Build service grids first."
            )
        parts = []
        uncovered = d.uncovered()
        if uncovered:
            parts.append(
                self.tr(
                    '⚠ <b>Grids without staff: {count}</b> ({ids}). <a href="uncovered">Select '
                    "them</a>"
                ).format(
                    count=len(uncovered),
                    ids=html.escape(format_ids([d.grid_ids[r] for r in uncovered], limit=8)),
                )
            )
        over = d.overloaded()
        if over:
            load = d.workload()
            names = ["{} ({:.0%})".format(d.staff_label(s), load[s] / d.capacity(s)) for s in over]
            parts.append(
                self.tr(
                    '⚠ <b style="color:#c82828">Staff over capacity: {count}</b> ({names}). '
                    '<a href="overloaded">Select their grids</a>'
                ).format(count=len(over), names=html.escape(format_ids(names, limit=6)))
            )
        under = d.status_counts()[UNDERSTAFFED]
        if under:
            parts.append(
                self.tr(
                    "Grids with fewer staff than recommended: {count}. "
                    '<a href="understaffed">Show them</a>'
                ).format(count=under)
            )
        if not uncovered and not over:
            parts.insert(0, self.tr("✓ Every grid has staff and nobody is over capacity."))
        return "<br>".join(parts)

    def _warning_link(self, link: str) -> None:
        d = self.data
        if d is None:
            return
        if link == "uncovered":
            self.select_records(d.uncovered())
        elif link == "overloaded":
            over = d.overloaded()
            self.select_grids({g for s in over for g in d.by_staff.get(s, ())})
            self.select_staff(over)
        elif link == "understaffed":
            self.show_status(UNDERSTAFFED)

    # ------------------------------------------------------------------ background runs

    def _algorithms_changed(self, *_args) -> None:
        """Take the algorithms' defaults (they may be registered after the dock opened)."""
        allocate = parameter_names(ALLOCATE)
        site = parameter_names(SITE)
        for names, key, spin in (
            (allocate, "TOTAL_STAFF", self.totalStaffSpin),
            (allocate, "MIN_STAFF_PER_GRID", self.minStaffSpin),
            (allocate, "STAFF_CAPACITY", self.capacitySpin),
            (site, "NEW_OUTLETS", self.newOutletsSpin),
            (site, "SERVICE_RADIUS", self.radiusSpin),
        ):
            definition = names.get(key)
            spin.setEnabled(definition is not None or not names)
            if definition is None:
                continue
            try:
                default = int(round(float(definition.defaultValue())))
            except (TypeError, ValueError):
                continue
            spin.setClearValue(default)
            spin.setValue(default)
        self.capacityAwareCheck.setVisible("CAPACITY_AWARE" in site)
        method = site.get("METHOD")
        self.methodCombo.clear()
        if isinstance(method, QgsProcessingParameterEnum):
            for index, option in enumerate(method.options()):
                self.methodCombo.addItem(option, index)
            default = method.defaultValue()
            if isinstance(default, int) and 0 <= default < self.methodCombo.count():
                self.methodCombo.setCurrentIndex(default)
        self._update_buttons()

    def _base_parameters(self, alg_id: str) -> dict:
        names = parameter_names(alg_id)
        path = self.store.path
        params = {}
        for key, table in (("GRIDS", "grids"), ("STAFF", "staff"), ("OUTLETS", "outlets")):
            if key in names:
                params[key] = layer_uri(path, table)
        if "PROJECT" in names:
            params["PROJECT"] = path
        for definition in names.values():
            if definition.isDestination():
                params[definition.name()] = QgsProcessing.TEMPORARY_OUTPUT
        return params

    def allocate_parameters(self) -> dict:
        """Parameters of allocatestaff for this project and the dock's settings."""
        params = self._base_parameters(ALLOCATE)
        names = parameter_names(ALLOCATE)
        for key, spin in (
            ("TOTAL_STAFF", self.totalStaffSpin),
            ("MIN_STAFF_PER_GRID", self.minStaffSpin),
            ("STAFF_CAPACITY", self.capacitySpin),
        ):
            if key in names:
                params[key] = spin.value()
        return params

    def site_parameters(self) -> dict:
        """Parameters of siteoutlets for this project and the dock's settings."""
        params = self._base_parameters(SITE)
        names = parameter_names(SITE)
        candidates = self.candidatesCombo.currentLayer()
        if "CANDIDATES" in names and candidates is not None:
            params["CANDIDATES"] = self._file_source(candidates)
        if "NEW_OUTLETS" in names:
            params["NEW_OUTLETS"] = self.newOutletsSpin.value()
        if "METHOD" in names and self.methodCombo.currentData() is not None:
            params["METHOD"] = self.methodCombo.currentData()
        if "SERVICE_RADIUS" in names:
            params["SERVICE_RADIUS"] = self.radiusSpin.value()
        if "CAPACITY_AWARE" in names:
            params["CAPACITY_AWARE"] = self.capacityAwareCheck.isChecked()
        return params

    def _file_source(self, layer) -> str:
        """A data source the background task can open on its own: the layer's file, or a
        copy in a temporary GeoPackage (memory layers, databases)."""
        if layer.providerType() == "ogr":
            return layer.source()
        path = os.path.join(
            self.runner.scratch_folder("service-grid-dock-"), "{}.gpkg".format(layer.id())
        )
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = "candidates"
        if os.path.exists(path):
            os.remove(path)
        error = QgsVectorFileWriter.writeAsVectorFormatV3(
            layer, path, QgsProject.instance().transformContext(), options
        )
        if error[0] != QgsVectorFileWriter.WriterError.NoError:
            raise StoreError(
                self.tr("Cannot copy the layer {layer} for the task: {error}").format(
                    layer=layer.name(), error=error[1]
                )
            )
        return "{}|layername=candidates".format(path)

    def run_allocate(self):
        """Run allocatestaff on this project in the background; returns the task."""
        if self.store is None:
            return None
        return self._start(
            ALLOCATE, self.allocate_parameters(), self.tr("Service Grid: allocating staff")
        )

    def run_site(self):
        """Run siteoutlets on this project in the background; returns the task."""
        if self.store is None:
            return None
        candidates = parameter_names(SITE).get("CANDIDATES")
        if (
            candidates is not None
            and not (candidates.flags() & QgsProcessingParameterDefinition.Flag.FlagOptional)
            and self.candidatesCombo.currentLayer() is None
        ):
            self._message(
                self.tr("Choose the layer of candidate sites (points) first."),
                log.Qgis.MessageLevel.Warning,
            )
            return None
        try:
            params = self.site_parameters()
        except StoreError as err:
            self._message(str(err), log.Qgis.MessageLevel.Warning)
            return None
        return self._start(SITE, params, self.tr("Service Grid: siting outlets"))

    def _start(self, alg_id: str, params: dict, description: str):
        if self.run is not None:
            self._message(self.tr("A task is already running."))
            return None
        unsaved = self.store.unsaved_layers()
        if unsaved:
            self._message(
                self.tr(
                    "Save or discard the edits of {layers} first: the task rewrites the GeoPackage."
                ).format(layers=", ".join(unsaved)),
                log.Qgis.MessageLevel.Warning,
            )
            return None
        alg = algorithm(alg_id)
        name = alg.displayName() if alg is not None else alg_id
        return self.runner.start(
            alg_id,
            params,
            description,
            self._run_done,
            self.tr("Running {id}…").format(id=name),
            prefetch=functools.partial(read_dock_data, self.STORE, self.store.path),
        )

    def _run_done(self, ok: bool, results: dict, errors: str) -> None:
        run = self.runner.finish(ok)
        alg_id = run.alg_id if run is not None else ""
        alg = algorithm(alg_id) if alg_id else None
        outputs = (
            {} if alg is None else {o.name(): o.description() for o in alg.outputDefinitions()}
        )
        name = alg.displayName() if alg is not None else alg_id
        cancelled = run is not None and run.cancelled
        if ok and self.store is not None:
            self.store.reload_layers()
            self.reload(self.runner.take_prefetched())  # (read in the background)
            # results by their output labels, in the algorithm's order of outputs
            order = {key: i for i, key in enumerate(outputs)}
            numbers = [
                "{}: {:,}".format(outputs.get(k, k), v)
                if isinstance(v, int)
                else "{}: {:,.0f}".format(outputs.get(k, k), v)
                if abs(v) >= 100
                else "{}: {:.3g}".format(outputs.get(k, k), v)
                for k, v in sorted(results.items(), key=lambda kv: (order.get(kv[0], 1e9), kv[0]))
                if isinstance(v, (int, float)) and not isinstance(v, bool)
            ]
            # (a few numbers: a longer text squeezes the Run tab's fields; all in the tooltip)
            text = self.tr("{id} finished. {numbers}").format(
                id=name, numbers="; ".join(numbers[:4]) + (" …" if len(numbers) > 4 else "")
            )
            # the plan's quality in words ("at most 1.6 % more travel than the best plan")
            quality = results.get("PLAN_QUALITY")
            if isinstance(quality, str) and quality:
                text += "\n" + quality
                numbers.insert(0, quality)
            self.runLabel.setText(text)
            self.runLabel.setToolTip("\n".join(numbers))
            log.push_message(
                self.tr("{id} finished: the dock and the map show its results.").format(id=name)
            )
        else:
            reason = self._failure(errors, cancelled)
            self.runLabel.setText(
                self.tr("{id} did not finish: {reason}").format(id=name, reason=reason)
            )
            self.runLabel.setToolTip("")
            log.push_message(
                self.tr("{id} did not finish: {reason}").format(id=name, reason=reason),
                log.Qgis.MessageLevel.Warning,
            )
        self._update_buttons()
        self.runFinished.emit(ok)

    # ------------------------------------------------------------------ state

    def _update_buttons(self, *_args) -> None:
        idle = self.run is None
        has_project = self.store is not None and self.data is not None
        grids = bool(self.selected)
        staff = bool(self.staffTable.selectionModel().hasSelection())
        self.assignButton.setEnabled(idle and has_project and grids and staff)
        self.unassignButton.setEnabled(idle and has_project and grids and staff)
        self.setOutletButton.setEnabled(idle and has_project and grids)
        self.zoomButton.setEnabled(has_project and grids)
        self._update_shared_buttons(idle, has_project)
        self.assignTab.setEnabled(idle)
        for button, alg_id in ((self.allocateButton, ALLOCATE), (self.siteButton, SITE)):
            available = bool(parameter_names(alg_id))
            button.setEnabled(idle and has_project and available)
            button.setToolTip(
                ""
                if available
                else self.tr("The algorithm {id} is not available.").format(id=alg_id)
            )
        self.cancelButton.setEnabled(not idle)

    def _message(self, text: str, level=log.Qgis.MessageLevel.Info) -> None:
        log.push_message(text, level)
        if self.tabs.currentWidget() is self.runTab:
            self.runLabel.setText(text)
