"""Write the QML styles of resources/styles/ (symbology and labels of the project layers).

Run with the project's Python (``.venv/bin/python scripts/make_styles.py [name ...]``, e.g.
``quality``; no name: every style); the QML files are committed, so this is only needed to
change a style.
"""

import os
import sys

from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsLinePatternFillSymbolLayer,
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
    breaks = [
        (0, 300, "#fff5eb"),
        (300, 1500, "#fdd0a2"),
        (1500, 6000, "#fd8d3c"),
        (6000, 15000, "#d94801"),
        (15000, 1e9, "#7f2704"),
    ]
    ranges = []
    for low, high, colour in breaks:
        symbol = QgsFillSymbol.createSimple(
            {"color": colour, "outline_color": "#ffffff", "outline_width": "0.15"}
        )
        label = "≥ {:,}".format(low) if high >= 1e9 else "{:,} – {:,}".format(low, high)
        ranges.append(QgsRendererRange(low, high, symbol, label + " 人/km²"))
    renderer = QgsGraduatedSymbolRenderer('"population" / ($area / 1000000)', ranges)
    layer.setRenderer(renderer)


def grids(layer):
    root = QgsRuleBasedRenderer.Rule(None)
    colours = (
        ("urban_core", "178,24,43", "城市核心"),
        ("urban", "239,138,98", "城区"),
        ("suburban", "166,217,106", "城郊"),
        ("rural", "255,255,191", "农村"),
    )
    for code, colour, label in colours:
        # QGIS reads "#rrggbbaa" as #aarrggbb: give the transparency as "r,g,b,a"
        symbol = QgsFillSymbol.createSimple(
            {"color": colour + ",170", "outline_color": "#08306b", "outline_width": "0.5"}
        )
        root.appendChild(
            QgsRuleBasedRenderer.Rule(symbol, 0, 0, "\"density_class\" = '{}'".format(code), label)
        )
    outline = QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "#08306b", "outline_width": "0.5"}
    )
    other = QgsRuleBasedRenderer.Rule(outline, 0, 0, "", "网格")
    other.setIsElse(True)
    root.appendChild(other)
    layer.setRenderer(QgsRuleBasedRenderer(root))
    layer.setLabeling(labels('"grid_id"', 8, 60000, bold=True))
    layer.setLabelsEnabled(True)


def outlets(layer):
    kinds = (
        ("branch", "star", "#d7191c", 5.0, "分支机构"),
        ("service_center", "square", "#2b83ba", 3.6, "服务中心"),
        ("service_point", "circle", "#1a9641", 3.0, "服务点"),
        ("mobile", "triangle", "#7b3294", 3.0, "流动服务"),
    )
    categories = []
    for code, shape, colour, size, label in kinds:
        symbol = QgsMarkerSymbol.createSimple(
            {"name": shape, "color": colour, "outline_color": "white", "size": str(size)}
        )
        categories.append(QgsRendererCategory(code, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("kind", categories))
    layer.setLabeling(labels('"name"', 7.5, 150000))
    layer.setLabelsEnabled(True)


def feedback(layer):
    from qgis_session import import_package

    import_package()
    from service_grid.algorithms.core.schema import FEEDBACK_CATEGORIES

    # one colour a category, in FEEDBACK_CATEGORIES' order (claims … other)
    colours = "#1f78b4 #33a02c #ff7f00 #fb9a99 #6a3d9a #e31a1c #b2df8a #999999".split()
    categories = []
    for (code, label, _english), colour in zip(FEEDBACK_CATEGORIES, colours):
        symbol = QgsMarkerSymbol.createSimple(
            {"name": "circle", "color": colour, "outline_color": "white", "size": "2.2"}
        )
        categories.append(QgsRendererCategory(code, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("category", categories))


def visits(layer):
    """Follow-up visits: a flag by status (open orange, done green, not reached grey,
    cancelled faint); labels: the due date of open visits."""
    from qgis_session import import_package

    import_package()
    from service_grid.algorithms.core.schema import VISIT_STATUS

    looks = {
        "open": ("diamond", "#ff7f00", "3.4"),
        "done": ("diamond", "#1a9641", "3.0"),
        "not_reached": ("diamond", "#7f7f7f", "3.0"),
        "cancelled": ("cross", "#bdbdbd", "2.6"),
    }
    categories = []
    for code, label, _english in VISIT_STATUS:
        shape, colour, size = looks[code]
        symbol = QgsMarkerSymbol.createSimple(
            {"name": shape, "color": colour, "outline_color": "white", "size": size}
        )
        categories.append(QgsRendererCategory(code, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("status", categories))
    layer.setLabeling(labels("if(\"status\" = 'open', \"due_date\", '')", 7, 50000))
    layer.setLabelsEnabled(True)


def quality(layer):
    """Service quality: fill by average rating (red = poor), grey without feedback; flagged
    grids hatched and outlined in red; labels: grid id, rating and extra staff."""
    root = QgsRuleBasedRenderer.Rule(None)
    classes = (
        (None, 3.0, "215,25,28", "平均评分 < 3.0"),
        (3.0, 3.5, "253,174,97", "3.0 – 3.5"),
        (3.5, 4.0, "255,255,191", "3.5 – 4.0"),
        (4.0, 4.5, "166,217,106", "4.0 – 4.5"),
        (4.5, None, "26,150,65", "≥ 4.5"),
    )
    for low, high, colour, label in classes:
        symbol = QgsFillSymbol.createSimple(
            {"color": colour + ",190", "outline_color": "#606060", "outline_width": "0.3"}
        )
        conditions = ['"avg_rating" IS NOT NULL']
        if low is not None:
            conditions.append('"avg_rating" >= {}'.format(low))
        if high is not None:
            conditions.append('"avg_rating" < {}'.format(high))
        root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, " AND ".join(conditions), label))
    empty = QgsFillSymbol.createSimple(
        {"color": "230,230,230,160", "outline_color": "#a0a0a0", "outline_width": "0.3"}
    )
    root.appendChild(QgsRuleBasedRenderer.Rule(empty, 0, 0, '"avg_rating" IS NULL', "无反馈"))
    # flagged grids: red hatching and a thick red outline over the fill
    flagged = QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "200,0,0,255", "outline_width": "1.0"}
    )
    hatch = QgsLinePatternFillSymbolLayer.create(
        {"lineangle": "45", "distance": "2.0", "color": "200,0,0,255", "linewidth": "0.35"}
    )
    flagged.insertSymbolLayer(0, hatch)
    for k in range(flagged.symbolLayerCount()):  # drawn over every neighbour's outline
        flagged.symbolLayer(k).setRenderingPass(1)
    root.appendChild(
        QgsRuleBasedRenderer.Rule(flagged, 0, 0, '"flagged" = 1', "需关注 (未达响应标准或评分下降)")
    )
    renderer = QgsRuleBasedRenderer(root)
    renderer.setUsingSymbolLevels(True)
    layer.setRenderer(renderer)
    expression = (
        "\"grid_id\" || if(\"avg_rating\" IS NULL, '', '\\n' || "
        "format_number(\"avg_rating\", 1) || '★') || "
        "if(coalesce(\"staff_change\", 0) > 0, ' +' || \"staff_change\" || '人', "
        "'')"
    )
    layer.setLabeling(labels(expression, 8, 150000, bold=True))
    layer.setLabelsEnabled(True)


def main():
    app = QgsApplication([], False)
    app.initQgis()
    os.makedirs(OUT, exist_ok=True)
    specs = {
        "units": ("MultiPolygon", "population:integer", units),
        "grids": ("MultiPolygon", "grid_id:string&density_class:string", grids),
        "outlets": ("Point", "kind:string&name:string", outlets),
        "feedback": ("Point", "category:string", feedback),
        "visits": ("Point", "status:string&due_date:string", visits),
        "quality": (
            "MultiPolygon",
            "grid_id:string&avg_rating:double&flagged:integer&staff_change:integer",
            quality,
        ),
    }
    wanted = sys.argv[1:] or list(specs)
    for name, (geometry, fields, style) in specs.items():
        if name not in wanted:
            continue
        fields_uri = "&".join("field=" + f for f in fields.split("&"))
        layer = QgsVectorLayer("{}?crs=EPSG:32650&{}".format(geometry, fields_uri), name, "memory")
        style(layer)
        path = os.path.join(OUT, name + ".qml")
        layer.saveNamedStyle(path)
        print(path)
    app.exitQgis()


if __name__ == "__main__":
    main()
