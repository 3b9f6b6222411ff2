"""The staffing workbook's map page: the project's grids (in the project's grid style: by
density class, labelled) and outlets, drawn by QGIS's renderer into a PNG with a legend, for
``exportstaffing`` to insert as the Map sheet.

Drawn onto a ``QImage`` with ``QgsMapRendererCustomPainterJob`` (synchronous, no pixmaps):
safe in the Processing worker thread.
"""

from typing import List, Optional

from qgis.core import (
    QgsMapRendererCustomPainterJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

from .project_template import layer_uri, load_style

#: Size of the picture (pixels; about an A4 landscape page at 120 dpi).
WIDTH, HEIGHT = 1400, 950
BACKGROUND = "#f4f1ea"


def _legend(layer: QgsVectorLayer) -> List[tuple]:
    """``(label, QImage of the symbol)`` of the layer's legend."""
    renderer = layer.renderer()
    items = []
    if renderer is None:
        return items
    for item in renderer.legendSymbolItems():
        symbol = item.symbol()
        if symbol is None or not item.label():
            continue
        items.append((item.label(), symbol.asImage(QSize(28, 18))))
    return items


def render_grids(project: str, png_path: str, language: str = "zh") -> Optional[str]:
    """Draw the grids and outlets of ``project`` into ``png_path`` with a legend (the sheet
    holds the title); ``None`` when the project has no grid to draw."""
    grids = QgsVectorLayer(layer_uri(project, "grids"), "grids", "ogr")
    if not grids.isValid() or grids.featureCount() == 0:
        return None
    load_style(grids, "grids", language)
    outlets = QgsVectorLayer(layer_uri(project, "outlets"), "outlets", "ogr")
    layers = [grids]
    if outlets.isValid() and outlets.featureCount() > 0:
        load_style(outlets, "outlets", language)
        layers.insert(0, outlets)
    extent = QgsRectangle(grids.extent())
    extent.scale(1.05)
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(grids.crs())
    settings.setOutputSize(QSize(WIDTH, HEIGHT))
    settings.setOutputDpi(120)
    settings.setBackgroundColor(QColor(BACKGROUND))
    settings.setExtent(extent)
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32)
    image.fill(QColor(BACKGROUND))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        job = QgsMapRendererCustomPainterJob(settings, painter)
        job.renderSynchronously()
        _draw_legend(painter, _legend(grids))
    finally:
        painter.end()
    if not image.save(png_path, "PNG"):
        raise OSError("cannot write {}".format(png_path))
    return png_path


def _draw_legend(painter: QPainter, items: List[tuple]) -> None:
    """The legend in a white box at the bottom left."""
    if not items:
        return
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(18)
    painter.setFont(font)
    row = 26
    box = QRectF(16, HEIGHT - 16 - row * len(items) - 12, 260, row * len(items) + 12)
    painter.setPen(QColor("#888888"))
    painter.setBrush(QColor(255, 255, 255, 220))
    painter.drawRect(box)
    painter.setPen(QColor("#222222"))
    for k, (label, symbol) in enumerate(items):
        top = box.top() + 6 + k * row
        painter.drawImage(QPointF(box.left() + 8, top + 3), symbol)
        painter.drawText(
            QRectF(box.left() + 44, top, box.width() - 50, row),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            label,
        )
