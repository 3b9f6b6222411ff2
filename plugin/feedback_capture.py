"""Adding and editing feedback in the Feedback dock: a click on the map (with
:class:`.FeedbackPointTool`) creates feedback there and opens the layer's own attribute form
(value maps, ranges, defaults and constraints come from the project embedded in the
GeoPackage); a double-click in the list opens an item's form. The feature is written through
the QGIS layer (``startEditing`` → form → ``commitChanges``), so the GeoPackage's triggers and
the form's constraints apply.

Strings are translated in the context ``FeedbackDock``, as they were in the dock.
"""

from typing import Optional

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
    QgsVectorLayerTools,
    QgsVectorLayerUtils,
)
from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext, QgsMapCanvas, QgsVertexMarker
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QObject, Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QWidget

from ..algorithms.core import schema
from ..algorithms.project_template import alias, configure_layer
from .feedback_tool import FeedbackPointTool
from .i18n import qgis_locale

translate = QCoreApplication.translate


class FeedbackCapture(QObject):
    """The dock's "Add feedback" button, map tool and attribute forms (one form at a time)."""

    def __init__(self, dock):
        super().__init__(dock)
        self.dock = dock
        self.tool: Optional[FeedbackPointTool] = None
        self.form: Optional[QgsAttributeDialog] = None
        self._form_state = None
        self._marker: Optional[QgsVertexMarker] = None
        self._pinned = None  # (layer, field index, its default) while a form is open
        self.committing = False  # True while a form's feature is committed
        dock.addButton.setIcon(QgsApplication.getThemeIcon("/mActionCapturePoint.svg"))
        dock.addButton.toggled.connect(self._add_toggled)
        dock.feedbackTable.doubleClicked.connect(self._row_double_clicked)

    def layers_removed(self, layer_ids) -> None:
        """A form whose layer is removed from QGIS's project is closed."""
        if (
            self.form is not None
            and not sip.isdeleted(self.form)
            and self._form_state is not None
            and self._form_state[0].id() in layer_ids
        ):
            self.close_form()

    def _canvas(self):
        return self.dock.iface.mapCanvas() if self.dock.iface is not None else None

    def _add_toggled(self, checked: bool) -> None:
        if checked:
            self.start_adding()
        else:
            self.stop_adding()

    def start_adding(self) -> Optional[FeedbackPointTool]:
        """Make the map tool active: each click adds feedback there."""
        canvas = self._canvas()
        if canvas is None or self.dock.store is None:
            self.dock.addButton.setChecked(False)
            return None
        if self.tool is None:
            self.tool = FeedbackPointTool(canvas)
            self.tool.clicked.connect(self._map_clicked)
            self.tool.finished.connect(self.stop_adding)
            self.tool.deactivated.connect(lambda: self.dock.addButton.setChecked(False))
        if canvas.mapTool() is not self.tool:
            canvas.setMapTool(self.tool)
        self.dock.addButton.setChecked(True)
        return self.tool

    def stop_adding(self) -> None:
        canvas = self._canvas()
        if self.tool is not None and canvas is not None and canvas.mapTool() is self.tool:
            canvas.unsetMapTool(self.tool)
        self.dock.addButton.setChecked(False)

    def _map_clicked(self, point: QgsPointXY) -> None:
        canvas = self._canvas()
        crs = canvas.mapSettings().destinationCrs() if canvas is not None else None
        self.add_feedback_at(point, crs)

    def grid_at(self, point: QgsPointXY, crs: QgsCoordinateReferenceSystem) -> Optional[str]:
        """The id of the file's grid containing ``point`` (in ``crs``), or ``None``."""
        grids = self.dock.store.layer("grids")
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
        if self.dock.store is None:
            return None
        layer = self.dock.store.layer("feedback")
        grid_id = self.grid_at(point, crs)
        if grid_id is None:
            self.dock._message(
                translate(
                    "FeedbackDock",
                    "This point is outside every grid: feedback is logged inside the grids.",
                ),
                Qgis.MessageLevel.Warning,
            )
            return None
        if self._has_unsaved_edits(layer):
            return None
        self.close_form()
        self.prepare_form(layer)
        if crs is not None and crs.isValid() and crs != layer.crs():
            point = QgsCoordinateTransform(crs, layer.crs(), QgsProject.instance()).transform(point)
        fields = layer.fields()
        given = {}
        staff = self.dock.filter.staff or (
            self.dock.data.manifest.get("staff_id") if self.dock.data else None
        )
        if staff and fields.indexOf("staff_id") >= 0:
            given[fields.indexOf("staff_id")] = staff
        context = layer.createExpressionContext()
        feature = QgsVectorLayerUtils.createFeature(
            layer, QgsGeometry.fromPointXY(point), given, context
        )
        # what the form's defaults cannot know on this machine (no grids layer in the
        # project, no package variables): the grid clicked and the package's identity
        fill = {"grid_id": grid_id}
        if self.dock.data is not None and self.dock.data.manifest.get("package_id"):
            fill["package_id"] = self.dock.data.manifest["package_id"]
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
            self.dock._message(
                translate(
                    "FeedbackDock",
                    "The layer '{layer}' has edits that are not saved. Save or discard them first.",
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
            self.dock._message(
                translate(
                    "FeedbackDock", "The layer '{layer}' cannot be edited: is {path} read-only?"
                ).format(layer=layer.name(), path=self.dock.store.path),
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
        self.open_form(self.dock.model.record(index.row()))

    def open_form(self, record: int):
        """Open the attribute form of one feedback record (edits are saved on OK)."""
        if self.dock.store is None or self.dock.data is None:
            return None
        layer = self.dock.store.layer("feedback")
        feature = layer.getFeature(self.dock.data.fids[record])
        if not feature.isValid():
            self.dock._message(
                translate("FeedbackDock", "This feedback is no longer in the file."),
                Qgis.MessageLevel.Warning,
            )
            self.dock.reload()
            return None
        if self._has_unsaved_edits(layer):
            return None
        self.close_form()
        self.prepare_form(layer)
        started = self._start_editing(layer)
        if started is None:
            return None
        if feature.hasGeometry():
            self._pin_grid(layer, feature, self.grid_at(feature.geometry().asPoint(), layer.crs()))
        return self._open_form(layer, feature, started, adding=None)

    def prepare_form(self, layer) -> bool:
        """Give the feedback form QGIS's language (aliases, value maps, messages) and a
        rating that starts empty and must be chosen, when the layer's form is not so
        already (a project written in the other language, or by an older plugin whose range
        widget showed 1 for an empty rating). Returns True when the form was changed."""
        language = "zh" if qgis_locale().lower().startswith("zh") else "en"
        fields = layer.fields()
        index = fields.indexOf("rating")
        if index < 0:
            return False
        widget = layer.editorWidgetSetup(index)
        wanted = alias(schema.FEEDBACK.get("rating"), language)
        if layer.attributeAlias(index) == wanted and (
            widget.type() != "Range" or widget.config().get("AllowNull")
        ):
            return False
        grids = self.dock.store.project_layer("grids") if self.dock.store is not None else None
        manifest = self.dock.data.manifest if self.dock.data is not None else {}
        configure_layer(
            layer,
            schema.FEEDBACK,
            grids.id() if grids is not None else "",
            language,
            manifest.get("expires_at") or None,
        )
        return True

    def _open_form(self, layer, feature, started: bool, adding: Optional[dict]):
        """Show the layer's attribute form of ``feature``; ``adding``: the values a new
        feature must keep whatever the form's defaults give (``None`` to edit)."""
        context = QgsAttributeEditorContext()
        canvas = self._canvas()
        if isinstance(canvas, QgsMapCanvas):
            context.setMapCanvas(canvas)
        tools = self.dock.iface.vectorLayerTools() if self.dock.iface is not None else None
        if isinstance(tools, QgsVectorLayerTools):
            context.setVectorLayerTools(tools)
        context.setFormMode(QgsAttributeEditorContext.FormMode.StandaloneDialog)
        parent = self.dock.iface.mainWindow() if self.dock.iface is not None else None
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
            translate("FeedbackDock", "New feedback")
            if adding is not None
            else translate("FeedbackDock", "Feedback")
        )
        dialog.setEditCommandMessage(
            translate("FeedbackDock", "Add feedback")
            if adding is not None
            else translate("FeedbackDock", "Edit feedback")
        )
        # the dialog refers to the feature without owning it: keep both alive together
        self._form_state = (layer, feature, started, adding)
        self.form = dialog
        dialog.accepted.connect(lambda: self._form_accepted(dialog))
        dialog.rejected.connect(lambda: self._form_rejected(dialog))
        dialog.show()
        dialog.raise_()
        self.dock.formOpened.emit(dialog)
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
        self.committing = True
        try:
            ok = layer.commitChanges(started)
            errors = "; ".join(layer.commitErrors())
            if not ok:
                layer.rollBack(started)
        finally:
            self.committing = False
            self._unpin_grid()
        if not ok:
            self.dock._message(
                translate("FeedbackDock", "Could not save the feedback to {path}: {errors}").format(
                    path=self.dock.store.path if self.dock.store else "", errors=errors
                ),
                Qgis.MessageLevel.Critical,
            )
            return
        layer.triggerRepaint()
        self.dock.undo_stack.clear()  # rows changed outside the stored commands
        self.dock.reload()
        if adding is not None:
            self.dock.select_uuids([uuid])
            self.dock.feedbackAdded.emit(uuid)
            self.dock._message(
                translate("FeedbackDock", "Feedback saved in grid {grid}.").format(
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

    def close_form(self) -> None:
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
