"""The Grid editor's map tools: :class:`UnitSelectTool` selects units of the project's units
layer (click, Shift+click adds, Ctrl+click removes, drag a rectangle), :class:`GridPickTool`
picks the grid under a click (the grid of the unit there); :class:`EditorTools` puts them and
QGIS's own ways of selecting (freehand, expression, attribute table) on the dock's buttons."""

from typing import Callable, Optional

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsRectangle,
    QgsWkbTypes,
)
from qgis.gui import QgsExpressionSelectionDialog, QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import QObject, QPoint, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor

#: How far (pixels) the mouse must move with the button down to drag a rectangle.
DRAG_PIXELS = 4
_BEHAVIOUR = Qgis.SelectBehavior


def unit_at(layer, canvas, point: QgsPointXY) -> Optional[int]:
    """The fid of ``layer``'s polygon under ``point`` (map canvas CRS), ``None`` when there is
    none (the nearest of those within the search radius when none contains it)."""
    if layer is None:
        return None
    tool_radius = QgsMapTool.searchRadiusMU(canvas)
    rect = QgsRectangle(
        point.x() - tool_radius,
        point.y() - tool_radius,
        point.x() + tool_radius,
        point.y() + tool_radius,
    )
    settings = canvas.mapSettings()
    rect = settings.mapToLayerCoordinates(layer, rect)
    here = QgsGeometry.fromPointXY(settings.mapToLayerCoordinates(layer, point))
    request = QgsFeatureRequest().setFilterRect(rect).setNoAttributes()
    best, distance = None, None
    for feature in layer.getFeatures(request):
        geometry = feature.geometry()
        if geometry.contains(here):
            return feature.id()
        gap = geometry.distance(here)
        if distance is None or gap < distance:
            best, distance = feature.id(), gap
    return best


class _LayerTool(QgsMapTool):
    """A tool working on the layer ``layer()`` gives (the units layer of the dock's project);
    right click or Esc hands the map back (``finished``)."""

    finished = pyqtSignal()

    def __init__(self, canvas, layer: Callable[[], object]):
        super().__init__(canvas)
        self._layer = layer

    def layer(self):
        return self._layer()

    def keyPressEvent(self, event):  # noqa: N802 (QGIS API)
        if event.key() == Qt.Key.Key_Escape:
            self.finished.emit()
            event.accept()
        else:
            event.ignore()


class UnitSelectTool(_LayerTool):
    """Selects units: a click selects the unit under it, Shift+click adds it, Ctrl+click
    removes it; dragging selects the units the rectangle touches (with the same keys)."""

    def __init__(self, canvas, layer: Callable[[], object]):
        super().__init__(canvas, layer)
        self._start: Optional[QPoint] = None
        self._band: Optional[QgsRubberBand] = None

    @staticmethod
    def behaviour(modifiers):
        """Replace, add to or remove from the selection, by the keys held."""
        if modifiers & Qt.KeyboardModifier.ShiftModifier:
            return _BEHAVIOUR.AddToSelection
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            return _BEHAVIOUR.RemoveFromSelection
        return _BEHAVIOUR.SetSelection

    def canvasPressEvent(self, event):  # noqa: N802 (QGIS API)
        if event.button() == Qt.MouseButton.LeftButton:
            self._start = event.pos()

    def canvasMoveEvent(self, event):  # noqa: N802 (QGIS API)
        if self._start is None:
            return
        if (event.pos() - self._start).manhattanLength() < DRAG_PIXELS and self._band is None:
            return
        if self._band is None:
            self._band = QgsRubberBand(self.canvas(), QgsWkbTypes.GeometryType.PolygonGeometry)
            self._band.setColor(QColor(255, 140, 0, 60))
            self._band.setStrokeColor(QColor(255, 140, 0))
            self._band.setWidth(1)
        self._band.setToGeometry(QgsGeometry.fromRect(self._rectangle(event.pos())), None)

    def _rectangle(self, end: QPoint) -> QgsRectangle:
        transform = self.canvas().getCoordinateTransform()
        a = transform.toMapCoordinates(self._start)
        b = transform.toMapCoordinates(end)
        return QgsRectangle(a, b)

    def canvasReleaseEvent(self, event):  # noqa: N802 (QGIS API)
        if event.button() == Qt.MouseButton.RightButton:
            self.finished.emit()
            return
        if event.button() != Qt.MouseButton.LeftButton or self._start is None:
            return
        layer = self.layer()
        dragged = (event.pos() - self._start).manhattanLength() >= DRAG_PIXELS
        behaviour = self.behaviour(event.modifiers())
        rect = self._rectangle(event.pos()) if dragged else None
        self._start = None
        self._clear_band()
        if layer is None:
            return
        if rect is not None:
            layer.selectByRect(
                self.canvas().mapSettings().mapToLayerCoordinates(layer, rect), behaviour
            )
            return
        fid = unit_at(layer, self.canvas(), event.mapPoint())
        if fid is None:
            if behaviour == _BEHAVIOUR.SetSelection:
                layer.removeSelection()
            return
        layer.selectByIds([fid], behaviour)

    def _clear_band(self) -> None:
        if self._band is not None:
            self.canvas().scene().removeItem(self._band)
            self._band = None

    def deactivate(self):
        self._clear_band()
        self._start = None
        super().deactivate()


class GridPickTool(_LayerTool):
    """Emits ``picked(fid)``: the unit under a left click (its grid is the one picked)."""

    picked = pyqtSignal(int)

    def canvasReleaseEvent(self, event):  # noqa: N802 (QGIS API)
        if event.button() == Qt.MouseButton.RightButton:
            self.finished.emit()
        elif event.button() == Qt.MouseButton.LeftButton:
            fid = unit_at(self.layer(), self.canvas(), event.mapPoint())
            if fid is not None:
                self.picked.emit(int(fid))


class EditorTools(QObject):
    """The dock's selection buttons: its map tools (``selectToolButton``, ``pickGridButton``),
    QGIS's freehand selection, the select-by-expression dialog and the attribute table of the
    units layer (``dock.units_layer``). ``picked(fid)``: the pick tool clicked a unit."""

    picked = pyqtSignal(int)

    def __init__(self, dock):
        super().__init__(dock)
        self.dock = dock
        iface = dock.iface
        canvas = iface.mapCanvas() if iface is not None else None
        layer = lambda: dock.units_layer  # noqa: E731 (the layer bound at the time)
        self.select_tool = UnitSelectTool(canvas, layer) if canvas is not None else None
        self.pick_tool = GridPickTool(canvas, layer) if canvas is not None else None
        for tool, button in (
            (self.select_tool, dock.selectToolButton),
            (self.pick_tool, dock.pickGridButton),
        ):
            if tool is None:
                button.setEnabled(False)
                continue
            tool.setButton(button)
            tool.finished.connect(self.release)
            button.toggled.connect(lambda on, t=tool: self._use(t, on))
        if self.pick_tool is not None:
            self.pick_tool.picked.connect(self.picked)
        for button, icon in (
            (dock.selectToolButton, "/mActionSelectRectangle.svg"),
            (dock.freehandButton, "/mActionSelectFreehand.svg"),
            (dock.expressionButton, "/mIconExpressionSelect.svg"),
            (dock.tableButton, "/mActionOpenTable.svg"),
            (dock.clearButton, "/mActionDeselectAll.svg"),
        ):
            button.setIcon(QgsApplication.getThemeIcon(icon))
        dock.freehandButton.clicked.connect(self.select_freehand)
        dock.expressionButton.clicked.connect(self.select_by_expression)
        dock.tableButton.clicked.connect(self.open_attribute_table)
        dock.clearButton.clicked.connect(self.clear_selection)
        dock.freehandButton.setVisible(self._qgis_action("actionSelectFreehand") is not None)

    def _use(self, tool, on: bool) -> None:
        canvas = tool.canvas()
        if on:
            if self.dock.units_layer is None:
                self.dock._message(self.tr("Add the project's units layer to the map first."))
            canvas.setMapTool(tool)
        elif canvas.mapTool() is tool:
            canvas.unsetMapTool(tool)

    def release(self) -> None:
        """Hand the map back to QGIS's previous tool."""
        for tool in (self.select_tool, self.pick_tool):
            if tool is not None and tool.canvas().mapTool() is tool:
                tool.canvas().unsetMapTool(tool)

    def _qgis_action(self, name: str):
        iface = self.dock.iface
        getter = getattr(iface, name, None) if iface is not None else None
        return getter() if callable(getter) else None

    def select_freehand(self) -> None:
        """QGIS's freehand selection on the units layer."""
        action = self._qgis_action("actionSelectFreehand")
        if self.dock.units_layer is not None and action is not None:
            self.dock.iface.setActiveLayer(self.dock.units_layer)
            action.trigger()

    def select_by_expression(self) -> None:
        """QGIS's select-by-expression dialog on the units layer."""
        if self.dock.units_layer is None:
            return
        dialog = QgsExpressionSelectionDialog(self.dock.units_layer, "", self.dock)
        if self.dock.iface is not None:
            dialog.setMapCanvas(self.dock.iface.mapCanvas())
        dialog.exec()

    def open_attribute_table(self) -> None:
        """The units layer's attribute table: rows selected there are the selection."""
        if self.dock.units_layer is not None and self.dock.iface is not None:
            self.dock.iface.showAttributeTable(self.dock.units_layer)

    def clear_selection(self) -> None:
        if self.dock.units_layer is not None:
            self.dock.units_layer.removeSelection()
