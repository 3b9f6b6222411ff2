"""The map tool of the Feedback dock's "Add feedback": a click on the map gives a point."""

from qgis.core import QgsApplication, QgsPointXY
from qgis.gui import QgsMapTool
from qgis.PyQt.QtCore import Qt, pyqtSignal


class FeedbackPointTool(QgsMapTool):
    """Emits ``clicked(point)`` (map canvas CRS, snapped when snapping is on) for each
    left click; right click or Esc hands the map back to the previous tool."""

    clicked = pyqtSignal(object)  # QgsPointXY in the canvas CRS
    #: The user asked to stop adding (right click, Esc).
    finished = pyqtSignal()

    def __init__(self, canvas):
        super().__init__(canvas)
        self.setCursor(QgsApplication.getThemeCursor(QgsApplication.Cursor.CapturePoint))

    def flags(self):
        return QgsMapTool.Flag.EditTool

    def canvasReleaseEvent(self, event):  # noqa: N802 (QGIS API)
        if event.button() == Qt.MouseButton.LeftButton:
            point = event.snapPoint() if hasattr(event, "snapPoint") else event.mapPoint()
            self.clicked.emit(QgsPointXY(point))
        elif event.button() == Qt.MouseButton.RightButton:
            self.finished.emit()

    def keyPressEvent(self, event):  # noqa: N802 (QGIS API)
        if event.key() == Qt.Key.Key_Escape:
            self.finished.emit()
            event.accept()
        else:
            event.ignore()
