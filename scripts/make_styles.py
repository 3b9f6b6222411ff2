"""Write the QML styles of resources/styles/ (symbology and labels of the project layers).

Run with the project's Python (``.venv/bin/python scripts/make_styles.py``); the QML files are
committed, so this is only needed to change a style.
"""

import os

from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsRendererRange,
    QgsRuleBasedRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "resources", "styles")


def labels(expression: str, size: float, max_scale: float, bold=False):
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    fmt = QgsTextFormat()
    font = QFont("Noto Sans CJK SC")
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("white"))
    fmt.setBuffer(buffer)
    settings.setFormat(fmt)
    settings.scaleVisibility = True
    settings.maximumScale = 1
    settings.minimumScale = max_scale
    return QgsVectorLayerSimpleLabeling(settings)


def units(layer):
    breaks = [(0, 300, "#fff5eb"), (300, 1500, "#fdd0a2"), (1500, 6000, "#fd8d3c"),
              (6000, 15000, "#d94801"), (15000, 1e9, "#7f2704")]
    ranges = []
    for low, high, colour in breaks:
        symbol = QgsFillSymbol.createSimple({"color": colour, "outline_color": "#ffffff",
                                             "outline_width": "0.15"})
        label = "≥ {:,}".format(low) if high >= 1e9 else "{:,} – {:,}".format(low, high)
        ranges.append(QgsRendererRange(low, high, symbol, label + " 人/km²"))
    renderer = QgsGraduatedSymbolRenderer('"population" / ($area / 1000000)', ranges)
    layer.setRenderer(renderer)


def grids(layer):
    root = QgsRuleBasedRenderer.Rule(None)
    colours = (("urban_core", "178,24,43", "城市核心"), ("urban", "239,138,98", "城区"),
               ("suburban", "166,217,106", "城郊"), ("rural", "255,255,191", "农村"))
    for code, colour, label in colours:
        # QGIS reads "#rrggbbaa" as #aarrggbb: give the transparency as "r,g,b,a"
        symbol = QgsFillSymbol.createSimple({"color": colour + ",170", "outline_color": "#08306b",
                                             "outline_width": "0.5"})
        root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0,
                                                   "\"density_class\" = '{}'".format(code),
                                                   label))
    outline = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": "#08306b",
                                          "outline_width": "0.5"})
    other = QgsRuleBasedRenderer.Rule(outline, 0, 0, "", "网格")
    other.setIsElse(True)
    root.appendChild(other)
    layer.setRenderer(QgsRuleBasedRenderer(root))
    layer.setLabeling(labels('"grid_id"', 8, 60000, bold=True))
    layer.setLabelsEnabled(True)


def outlets(layer):
    kinds = (("branch", "star", "#d7191c", 5.0, "分支机构"),
             ("service_center", "square", "#2b83ba", 3.6, "服务中心"),
             ("service_point", "circle", "#1a9641", 3.0, "服务点"),
             ("mobile", "triangle", "#7b3294", 3.0, "流动服务"))
    categories = []
    for code, shape, colour, size, label in kinds:
        symbol = QgsMarkerSymbol.createSimple({"name": shape, "color": colour,
                                               "outline_color": "white", "size": str(size)})
        categories.append(QgsRendererCategory(code, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("kind", categories))
    layer.setLabeling(labels('"name"', 7.5, 150000))
    layer.setLabelsEnabled(True)


def feedback(layer):
    colours = (("claims", "#1f78b4", "理赔"), ("sales_inquiry", "#33a02c", "销售咨询"),
               ("service_speed", "#ff7f00", "服务速度"), ("attitude", "#fb9a99", "服务态度"),
               ("product_need", "#6a3d9a", "产品需求"), ("complaint", "#e31a1c", "投诉"),
               ("praise", "#b2df8a", "表扬"), ("other", "#999999", "其他"))
    categories = []
    for code, colour, label in colours:
        symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": colour,
                                               "outline_color": "white", "size": "2.2"})
        categories.append(QgsRendererCategory(code, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("category", categories))


def main():
    app = QgsApplication([], False)
    app.initQgis()
    os.makedirs(OUT, exist_ok=True)
    specs = {"units": ("MultiPolygon", "population:integer", units),
             "grids": ("MultiPolygon", "grid_id:string&density_class:string", grids),
             "outlets": ("Point", "kind:string&name:string", outlets),
             "feedback": ("Point", "category:string", feedback)}
    for name, (geometry, fields, style) in specs.items():
        fields_uri = "&".join("field=" + f for f in fields.split("&"))
        layer = QgsVectorLayer("{}?crs=EPSG:32650&{}".format(geometry, fields_uri), name,
                               "memory")
        style(layer)
        path = os.path.join(OUT, name + ".qml")
        layer.saveNamedStyle(path)
        print(path)
    app.exitQgis()


if __name__ == "__main__":
    main()
