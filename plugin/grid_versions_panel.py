"""The Grid editor's Versions tab: the project's named versions of the division (name, who,
when, note, kind), "Save version…", "Restore" (asks first; undoable) and "Compare with…"
(``servicegrid:comparegridversions`` as a background run when it is registered, else the
core's ``compare_versions`` as a task): a layer of the units that changed grid on the map and
a short summary under the table."""

import os
import tempfile
from typing import List, Optional

from qgis.core import QgsFeature, QgsFeatureRequest, QgsFields, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QDateTime, QObject, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidgetItem,
)

from ..algorithms.core import schema
from ..algorithms.qgis_io import new_field
from . import log
from .algorithm_task import AlgorithmRun, algorithm
from .dock_parts import BackgroundRun, disconnect_quietly
from .grid_editor_state import project_layer, versions_module

#: The current division in the "Compare with" list.
CURRENT = -1
COMPARE = "servicegrid:comparegridversions"
COLUMNS = ("name", "author", "created_at", "note", "kind")


def local_time(stored: str) -> str:
    """A stored UTC time (``2026-12-04T08:00:00.000Z``) as this computer's local time,
    ``2026-12-04 16:00`` (unchanged when it is no time)."""
    value = QDateTime.fromString(stored[:19], "yyyy-MM-ddTHH:mm:ss")
    if not value.isValid():
        return stored
    value.setTimeSpec(Qt.TimeSpec.UTC)
    return value.toLocalTime().toString("yyyy-MM-dd HH:mm")


def style_changes(layer) -> None:
    """The units that changed grid, drawn to stand out above the grids: a see-through orange
    fill with a dark red outline, labelled "grid A → grid B"."""
    from qgis.core import (
        QgsFillSymbol,
        QgsPalLayerSettings,
        QgsSingleSymbolRenderer,
        QgsVectorLayerSimpleLabeling,
    )

    symbol = QgsFillSymbol.createSimple(
        {"color": "255,140,0,110", "outline_color": "160,20,20,255", "outline_width": "0.6"}
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    labels = QgsPalLayerSettings()
    labels.fieldName = "coalesce(\"grid_a\", '–') || ' → ' || coalesce(\"grid_b\", '–')"
    labels.isExpression = True
    layer.setLabeling(QgsVectorLayerSimpleLabeling(labels))
    layer.setLabelsEnabled(True)


class VersionDialog(QDialog):
    """Name and note of a version to save."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save version"))
        form = QFormLayout(self)
        self.name = QLineEdit(self)
        self.note = QPlainTextEdit(self)
        self.note.setMaximumHeight(80)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class VersionsPanel(QObject):
    """The Versions tab on the dock's widgets ``versionsTable``, ``saveVersionButton``,
    ``restoreButton``, ``compareButton``, ``compareCombo`` and ``compareLabel``."""

    #: A comparison finished (True when it succeeded) and is shown.
    compared = pyqtSignal(bool)

    def __init__(self, dock):
        super().__init__(dock)
        self.dock = dock
        self.run: Optional[AlgorithmRun] = None
        self._names = ("", "")
        self.rows: Optional[List[dict]] = None
        self.layer: Optional[QgsVectorLayer] = None  # the last comparison layer
        self._compare_pending = False
        table = dock.versionsTable
        table.setColumnCount(len(COLUMNS))
        table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Saved by"),
                self.tr("Saved at"),
                self.tr("Note"),
                self.tr("Kind"),
            ]
        )
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.itemSelectionChanged.connect(self.update_buttons)
        self.kinds = {
            "manual": self.tr("saved"),
            "before_restore": self.tr("before a restore"),
            "before_rebuild": self.tr("before a rebuild"),
        }
        dock.saveVersionButton.clicked.connect(lambda: self.save_dialog())
        dock.restoreButton.clicked.connect(lambda: self.restore_selected())
        dock.compareButton.clicked.connect(lambda: self.compare_selected())

    def detach(self) -> None:
        """The dock is going away: a comparison still running reaches nothing of it."""
        if self.run is not None:
            disconnect_quietly(self.run.done, self._compared)
            self.run = None

    def show(self, rows: Optional[List[dict]]) -> None:
        """Show the versions ``rows`` (``None``: versions are not available)."""
        self.rows = rows
        table, combo = self.dock.versionsTable, self.dock.compareCombo
        table.setRowCount(len(rows or []))
        combo.clear()
        combo.addItem(self.tr("the current division"), CURRENT)
        for r, row in enumerate(rows or []):
            for c, key in enumerate(COLUMNS):
                value = row.get(key)
                text = self.kinds.get(value, value) if key == "kind" else value
                if key == "created_at" and value:
                    text = local_time(str(value))
                item = QTableWidgetItem("" if text is None else str(text))
                item.setData(Qt.ItemDataRole.UserRole, row.get("version_id"))
                table.setItem(r, c, item)
            combo.addItem(str(row.get("name")), row.get("version_id"))
        if rows is None and self.dock.store is not None:
            self.dock.compareLabel.setText(
                self.tr("Versions are not available in this build of Service Grid.")
            )
        self.update_buttons()

    def selected(self) -> List[int]:
        """The version ids of the selected rows (in the table's order)."""
        rows = sorted({i.row() for i in self.dock.versionsTable.selectedIndexes()})
        return [self.rows[r]["version_id"] for r in rows if self.rows and r < len(self.rows)]

    def select(self, version_ids) -> None:
        table = self.dock.versionsTable
        table.clearSelection()
        for r, row in enumerate(self.rows or []):
            if row.get("version_id") in version_ids:
                for c in range(table.columnCount()):
                    table.item(r, c).setSelected(True)

    def update_buttons(self) -> None:
        ready = self.rows is not None and self.dock.idle() and self.dock.store is not None
        chosen = len(self.selected())
        self.dock.saveVersionButton.setEnabled(ready)
        self.dock.restoreButton.setEnabled(ready and chosen == 1)
        self.dock.compareButton.setEnabled(ready and chosen in (1, 2) and self.run is None)

    # ------------------------------------------------------------------ actions

    def save_dialog(self):
        dialog = VersionDialog(self.dock)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.name.text().strip():
            return None
        return self.save(dialog.name.text().strip(), dialog.note.toPlainText().strip())

    def save(self, name: str, note: str = ""):
        """Save the current division as the version ``name``; returns the task."""
        module, path = versions_module(), self.dock.path
        if module is None:
            return None
        return self.dock.run_core(
            self.tr("Service Grid: saving version {name}").format(name=name),
            lambda: module.save_version(path, name, note=note),
            self.tr("Version {name} saved.").format(name=name),
        )

    def restore_selected(self, ask: bool = True):
        """Make the selected version the current division (asks first); returns the task."""
        module, path, chosen = versions_module(), self.dock.path, self.selected()
        if module is None or len(chosen) != 1:
            return None
        name = self.dock.compareCombo.itemText(self.dock.compareCombo.findData(chosen[0]))
        if ask:
            answer = QMessageBox.question(
                self.dock,
                self.tr("Restore version"),
                self.tr(
                    "Make version {name} the current division? The current division is saved "
                    "as a version first, and Undo brings it back."
                ).format(name=name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        return self.dock.run_core(
            self.tr("Service Grid: restoring version {name}").format(name=name),
            lambda: module.restore_version(path, chosen[0]),
            self.tr("Version {name} restored.").format(name=name),
        )

    def compare_selected(self):
        """Compare two selected versions, or the selected one with the version (or current
        division) chosen in "Compare with": ``servicegrid:comparegridversions`` when it is
        registered (a background run), else the core's ``compare_versions`` (a task)."""
        module, path, chosen = versions_module(), self.dock.path, self.selected()
        if module is None or not chosen or self.run is not None:
            return None
        a = chosen[0]
        b = chosen[1] if len(chosen) > 1 else self.dock.compareCombo.currentData()
        b = None if b == CURRENT else b
        self._names = (self._name(a), self._name(b))
        description = self.tr("Service Grid: comparing versions")
        if algorithm(COMPARE) is None:
            self._compare_pending = True
            return self.dock.run_core(
                description,
                lambda: module.compare_versions(path, a, b),
                self.tr("Compared {a} with {b}.").format(a=self._names[0], b=self._names[1]),
            )
        folder = tempfile.mkdtemp(prefix="service-grid-compare-")
        params = {
            "PROJECT": path,
            "VERSION_A": self._names[0],  # (names are unique; a name wins over a number)
            "VERSION_B": "" if b is None else self._names[1],
            "OUTPUT": os.path.join(folder, "comparison.gpkg"),
        }
        self.run = AlgorithmRun(COMPARE, params, description)
        self.run.done.connect(self._compared)
        self.update_buttons()
        return self.run.start()

    def _compared(self, ok: bool, results: dict, errors: str) -> None:
        """The comparison algorithm finished: its layer on the map, its totals here."""
        self.run = None
        self.update_buttons()
        if not ok:
            log.push_message(
                self.tr("The comparison did not finish: {reason}").format(
                    reason=BackgroundRun.failure(errors, False)
                ),
                log.Qgis.MessageLevel.Warning,
            )
            self.compared.emit(False)
            return
        self._summary(
            results.get("UNITS_CHANGED", 0),
            results.get("POPULATION_MOVED", 0.0),
            results.get("GRIDS_CREATED", 0),
            results.get("GRIDS_RETIRED", 0),
            [],
        )
        layer = QgsVectorLayer(str(results.get("OUTPUT")), self._layer_name(), "ogr")
        if layer.isValid():
            style_changes(layer)
            QgsProject.instance().addMapLayer(layer)
            self.layer = layer
        self.compared.emit(True)

    def _name(self, version_id) -> str:
        for row in self.rows or []:
            if row.get("version_id") == version_id:
                return str(row.get("name"))
        return self.tr("the current division")

    def _layer_name(self) -> str:
        return self.tr("Changed units: {a} → {b}").format(a=self._names[0], b=self._names[1])

    def task_done(self, value) -> None:
        """A write of the dock finished with ``value``: show a comparison's result."""
        if self._compare_pending:
            self._compare_pending = False
            self.show_comparison(value)
            self.compared.emit(True)

    def show_comparison(self, result) -> None:
        """The core's comparison: its summary under the table, its layer on the map."""
        changes = list(result.changes)
        per_nest = [(n.nest, n.units_changed, n.population_moved) for n in result.per_nest]
        self._summary(
            len(changes),
            result.population_moved,
            len(result.grids_created),
            len(result.grids_retired),
            per_nest,
        )
        self.layer = self._comparison_layer(changes)

    def _summary(self, units, people, created, retired, per_nest) -> None:
        lines = [
            self.tr(
                "{a} → {b}: {units} units changed grid, {people} people moved; {created} grids "
                "created, {retired} retired."
            ).format(
                a=self._names[0],
                b=self._names[1],
                units=units,
                people="{:,.0f}".format(float(people or 0)),
                created=created,
                retired=retired,
            )
        ]
        for nest, count, moved in per_nest:
            lines.append(
                self.tr("Nest {nest}: {units} units, {people} people moved.").format(
                    nest=nest or "—", units=count, people="{:,.0f}".format(float(moved or 0))
                )
            )
        self.dock.compareLabel.setText("\n".join(lines))

    def _comparison_layer(self, changes) -> Optional[QgsVectorLayer]:
        """A memory layer of the units that changed grid (their polygons from the project's
        units layer), added to the map."""
        units = project_layer(self.dock.path, "units")
        if units is None or not changes:
            return None
        fields = QgsFields()
        for name, kind in (
            ("unit_id", schema.TEXT),
            ("grid_a", schema.TEXT),
            ("grid_b", schema.TEXT),
            ("population", schema.REAL),
        ):
            fields.append(new_field(name, kind))
        layer = QgsVectorLayer(
            "MultiPolygon?crs={}".format(units.crs().authid()), self._layer_name(), "memory"
        )
        layer.dataProvider().addAttributes(fields)
        layer.updateFields()
        by_fid = {c.fid: c for c in changes if c.fid is not None}
        features = []
        for feature in units.getFeatures(QgsFeatureRequest().setFilterFids(list(by_fid))):
            change = by_fid[feature.id()]
            out = QgsFeature(layer.fields())
            out.setGeometry(feature.geometry())
            out.setAttributes([change.unit_id, change.grid_a, change.grid_b, change.population])
            features.append(out)
        layer.dataProvider().addFeatures(features)
        style_changes(layer)
        QgsProject.instance().addMapLayer(layer)
        return layer
