"""Maps of grids by density and by income on the sample city, for README and the manual:
docs/grids-by-density.png and docs/grids-by-income.png (``make maps``).

Each picture shows the bundled sample city divided twice by ``servicegrid:buildgrids`` (the
same entry point as the toolbox), side by side: grid outlines over the communities coloured by
density class (as the targets by density class see it: people per km² of each community with
its neighbours) or by income tier (people-weighted percentile, as ``classifygrids`` ranks
it). Drawn with QGIS's renderer onto a QImage; titles and legends with QPainter.
"""

import os
import sys
from typing import Dict, List, Sequence, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
SAMPLE = os.path.join(ROOT, "resources", "sample", "sample_city.gpkg")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.join(ROOT, "scripts"))

#: One target for the whole city, and the targets by density class that replace it.
TARGET = 30000
CLASS_TARGETS = (("urban_core", 20000), ("urban", 30000), ("suburban", 45000), ("rural", 60000))

#: Density classes and income tiers: (code, legend label, colour). The density colours are
#: those of the project's grids style (resources/styles/grids.qml).
DENSITY_COLOURS = (
    ("urban_core", "urban core", "#b2182b"),
    ("urban", "urban", "#ef8a62"),
    ("suburban", "suburban", "#a6d96a"),
    ("rural", "rural", "#ffffbf"),
)
TIER_COLOURS = (
    ("2", "high income (top 20 % of people)", "#d94801"),
    ("1", "middle", "#fdae6b"),
    ("0", "basic (bottom 40 %)", "#feedde"),
)
OUTLINE = "#08306b"
BACKGROUND = "#f4f1ea"

#: The grids of every run: nested in districts, ±10 %, the sample's income field.
COMMON = {
    "POPULATION_FIELD": "population",
    "INCOME_FIELD": "income",
    "NEST_FIELD": "district_code",
    "TARGET_POPULATION": TARGET,
    "TOLERANCE": 10,
}


def sample_units():
    """The sample city's communities as a memory layer with each one's density class (of the
    targets by density class) and income tier (0 basic, 1 middle, 2 high)."""
    import numpy as np
    from qgis.core import QgsFeature, QgsVectorLayer

    from service_grid.algorithms.core.adjacency import shared_boundaries
    from service_grid.algorithms.core.deps import shapely
    from service_grid.algorithms.core.grid_balance import (
        density_class_of,
        neighbourhood_density,
        unit_income_tiers,
    )
    from service_grid.algorithms.core.schema import TEXT
    from service_grid.algorithms.qgis_io import new_field

    source = QgsVectorLayer(SAMPLE + "|layername=communities", "communities", "ogr")
    if not source.isValid():
        raise RuntimeError("cannot open {}".format(SAMPLE))
    features = list(source.getFeatures())
    geoms = shapely.from_wkb([bytes(f.geometry().asWkb()) for f in features])
    population = np.array([float(f["population"]) for f in features])
    income = [f["income"] for f in features]
    pairs, _lengths = shared_boundaries(geoms)
    classes = density_class_of(neighbourhood_density(population, shapely.area(geoms), pairs))
    tiers = unit_income_tiers(income, population)

    layer = QgsVectorLayer("MultiPolygon?crs=" + source.crs().authid(), "units", "memory")
    provider = layer.dataProvider()
    provider.addAttributes([new_field(name, TEXT) for name in ("unit_id", "density_class", "tier")])
    layer.updateFields()
    out = []
    for feature, klass, tier in zip(features, classes, tiers):
        copy = QgsFeature(layer.fields())
        copy.setGeometry(feature.geometry())
        copy.setAttributes([feature["unit_id"], str(klass), str(int(tier))])
        out.append(copy)
    provider.addFeatures(out)
    layer.updateExtents()
    return layer


def divide(folder: str, name: str, extra: Dict) -> Tuple[object, Dict, Dict[str, str]]:
    """Run buildgrids on the sample city: (grids layer, results, grid id per unit id)."""
    import processing
    from qgis.core import QgsVectorLayer

    grids = os.path.join(folder, "grids_{}.gpkg".format(name))
    units = os.path.join(folder, "units_{}.gpkg".format(name))
    params = dict(COMMON, INPUT=SAMPLE + "|layername=communities", OUTPUT=grids)
    params.update(extra, OUTPUT_UNITS=units)
    results = processing.run("servicegrid:buildgrids", params)
    layer = QgsVectorLayer(results["OUTPUT"], name, "ogr")
    unit_layer = QgsVectorLayer(results["OUTPUT_UNITS"], "units", "ogr")
    grid_of = {str(f["unit_id"]): str(f["grid_id"]) for f in unit_layer.getFeatures()}
    return layer, results, grid_of


def _categorized(layer, field: str, colours: Sequence[Tuple[str, str, str]]) -> None:
    from qgis.core import (
        QgsCategorizedSymbolRenderer,
        QgsFillSymbol,
        QgsRendererCategory,
    )

    categories = []
    for code, label, colour in colours:
        # an outline of the fill's colour covers the antialiasing seams between units
        symbol = QgsFillSymbol.createSimple(
            {"color": colour, "outline_color": colour, "outline_width": "0.15", "style": "solid"}
        )
        categories.append(QgsRendererCategory(code, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer(field, categories))


def _outlined(layer, width_mm: float) -> None:
    from qgis.core import QgsFillSymbol, QgsSingleSymbolRenderer

    symbol = QgsFillSymbol.createSimple(
        {
            "style": "no",
            "outline_color": OUTLINE,
            "outline_width": str(width_mm),
            "outline_width_unit": "MM",
            "joinstyle": "round",
        }
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


def render(layers: List, extent, width: int, height: int):
    """The layers (top first) drawn at ``extent`` into a width × height QImage; returns the
    image and its map settings (for map → pixel)."""
    from qgis.core import QgsMapRendererCustomPainterJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor, QImage, QPainter

    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(layers[-1].crs())
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor(BACKGROUND))
    settings.setExtent(extent)
    settings.setFlag(QgsMapSettings.Flag.Antialiasing, True)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(BACKGROUND))
    painter = QPainter(image)
    job = QgsMapRendererCustomPainterJob(settings, painter)
    job.start()
    job.waitForFinished()
    painter.end()
    return image, settings


def _pixel_rect(settings, rect):
    """``rect`` (map units) in the pixels of the image drawn with ``settings``."""
    from qgis.core import QgsPointXY
    from qgis.PyQt.QtCore import QPointF, QRectF

    to_pixel = settings.mapToPixel()
    a = to_pixel.transform(QgsPointXY(rect.xMinimum(), rect.yMaximum()))
    b = to_pixel.transform(QgsPointXY(rect.xMaximum(), rect.yMinimum()))
    return QRectF(QPointF(a.x(), a.y()), QPointF(b.x(), b.y()))


def fewer_colours(image):
    """The picture with its 256 most frequent colours (each pixel → the nearest of them):
    flat map colours survive, and the PNG is a third of the size."""
    import numpy as np
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pointer = image.constBits()
    pointer.setsize(image.sizeInBytes())
    pixels = np.frombuffer(pointer, dtype=np.uint32).copy()
    colours, counts = np.unique(pixels, return_counts=True)
    table = [int(c) for c in colours[np.argsort(-counts)[:256]]]
    return image.convertToFormat(
        QImage.Format.Format_Indexed8, table, Qt.ImageConversionFlag.ThresholdDither
    )


def compose(
    path: str,
    panels: Sequence[Tuple[object, Sequence[str]]],
    legend: Sequence[Tuple[str, str, str]],
    caption: str,
    width: int,
    height: int,
) -> str:
    """Two maps side by side, each under its title lines; the legend and caption below."""
    from qgis.PyQt.QtCore import QRect, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter, QPen

    unit, margin, head, foot = _layout(width, height)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    panel_width = (width - 3 * margin) // 2
    for k, (map_image, titles) in enumerate(panels):
        x = margin + k * (panel_width + margin)
        font = QFont("DejaVu Sans")
        for line, text in enumerate(titles):
            font.setPixelSize(max(int((22 if line == 0 else 17) * unit), 6))
            font.setBold(line == 0)
            painter.setFont(font)
            painter.setPen(QColor("#222222" if line == 0 else "#444444"))
            top = margin + int(line * 32 * unit)
            painter.drawText(
                QRect(x, top, panel_width, int(30 * unit)),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
        painter.drawImage(x, head, map_image)
        painter.setPen(QPen(QColor("#999999"), 1))
        painter.drawRect(x, head, map_image.width() - 1, map_image.height() - 1)
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(int(16 * unit), 6))
    painter.setFont(font)
    metrics = painter.fontMetrics()
    x, y = margin, height - foot + int(10 * unit)
    box = int(16 * unit)
    for entry in list(legend) + [("", "grid boundary", "")]:
        _code, label, colour = entry
        if colour:
            painter.setPen(QPen(QColor("#777777"), 1))
            painter.setBrush(QColor(colour))
        else:
            painter.setPen(QPen(QColor(OUTLINE), max(2 * unit, 1)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(x, y, box, box)
        painter.setPen(QColor("#222222"))
        painter.drawText(x + box + int(6 * unit), y + box - int(2 * unit), label)
        x += box + int(24 * unit) + metrics.horizontalAdvance(label)
    painter.setPen(QColor("#555555"))
    painter.drawText(
        QRect(margin, y + box + int(8 * unit), width - 2 * margin, foot - box - int(18 * unit)),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
        caption,
    )
    painter.end()
    if not fewer_colours(image).save(path, "PNG"):
        raise RuntimeError("cannot write {}".format(path))
    return path


def _layout(width: int, height: int) -> Tuple[float, int, int, int]:
    """(size unit, margin, title band, legend band) in pixels: they follow the height."""
    unit = max(height / 900.0, 0.3)
    return unit, int(12 * unit), int(74 * unit), int(92 * unit)


def _maps(units, grids: Sequence, width: int, height: int) -> List:
    """The two panels' map images: the units under each division's grid outlines, the city
    centre (urban core and urban) enlarged in the lower right corner."""
    from qgis.core import QgsRectangle
    from qgis.PyQt.QtCore import QRectF, Qt
    from qgis.PyQt.QtGui import QColor, QPainter, QPen

    unit, margin, head, foot = _layout(width, height)
    size = ((width - 3 * margin) // 2, height - head - foot)
    city = units.extent()
    extent = QgsRectangle(
        city.xMinimum() - 0.02 * city.width(),
        city.yMinimum() - 0.22 * city.height(),
        city.xMaximum() + 0.22 * city.width(),
        city.yMaximum() + 0.02 * city.height(),
    )
    centre = QgsRectangle()
    for feature in units.getFeatures():
        if feature["density_class"] in ("urban_core", "urban"):
            centre.combineExtentWith(feature.geometry().boundingBox())
    centre.scale(1.05)
    inset_size = (int(size[0] * 0.42), int(size[1] * 0.42))
    out = []
    for layer in grids:
        _outlined(layer, 0.45 * unit)
        image, settings = render([layer, units], extent, *size)
        inset, inset_settings = render([layer, units], centre, *inset_size)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#333333"), max(1.5 * unit, 1), Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        shown = inset_settings.visibleExtent()
        painter.drawRect(_pixel_rect(settings, shown))
        x = size[0] - inset_size[0] - margin
        y = size[1] - inset_size[1] - margin
        painter.drawImage(x, y, inset)
        painter.setPen(QPen(QColor("#333333"), max(1.5 * unit, 1)))
        painter.drawRect(QRectF(x, y, inset_size[0], inset_size[1]))
        painter.end()
        out.append(image)
    return out


def _grids_per_class(grid_of: Dict[str, str], units) -> Dict[str, int]:
    """How many grids have most of their communities in each density class."""
    from collections import Counter

    votes: Dict[str, Counter] = {}
    for feature in units.getFeatures():
        grid = grid_of.get(str(feature["unit_id"]))
        if grid is not None:
            votes.setdefault(grid, Counter())[feature["density_class"]] += 1
    return dict(Counter(v.most_common(1)[0][0] for v in votes.values()))


def density_map(folder: str, path: str, units, width: int = 1600, height: int = 900) -> Dict:
    """docs/grids-by-density.png: one target against targets by density class."""
    flat, flat_results, flat_of = divide(folder, "one_target", {})
    targets = [value for pair in CLASS_TARGETS for value in pair]
    by_class, class_results, class_of = divide(folder, "by_density", {"DENSITY_TARGETS": targets})
    _categorized(units, "density_class", DENSITY_COLOURS)
    maps = _maps(units, [flat, by_class], width, height)

    def counts(grid_of, results):
        per = _grids_per_class(grid_of, units)
        return "{} grids: {} in the urban core, {} rural".format(
            results["GRID_COUNT"], per.get("urban_core", 0), per.get("rural", 0)
        )

    names = dict((code, label) for code, label, _c in DENSITY_COLOURS)
    compose(
        path,
        [
            (
                maps[0],
                [
                    "One target: {:,} people per grid".format(TARGET),
                    counts(flat_of, flat_results),
                ],
            ),
            (
                maps[1],
                [
                    "Targets by density class: {} {:,} … {} {:,}".format(
                        names[CLASS_TARGETS[0][0]],
                        CLASS_TARGETS[0][1],
                        names[CLASS_TARGETS[-1][0]],
                        CLASS_TARGETS[-1][1],
                    ),
                    counts(class_of, class_results),
                ],
            ),
        ],
        [
            (c, "{} ({:,})".format(label, dict(CLASS_TARGETS)[c]), colour)
            for c, label, colour in DENSITY_COLOURS
        ],
        "Synthetic sample city: 1,507 communities, 3 million people; grids inside districts, "
        "±10 %; the centre enlarged in the corner. Density class: people per km² of a "
        "community with its neighbours (urban core ≥ 10,000, urban ≥ 3,000, suburban ≥ 500). "
        "The right map's targets in brackets.",
        width,
        height,
    )
    return {"one_target": flat_results, "by_density": class_results}


def income_map(folder: str, path: str, units, width: int = 1600, height: int = 900) -> Dict:
    """docs/grids-by-income.png: population-only grids against income-homogeneous grids."""
    plain, plain_results, _of = divide(folder, "population_only", {})
    even, even_results, _of = divide(folder, "homogeneity", {"HOMOGENEITY": 1.0})
    _categorized(units, "tier", TIER_COLOURS)
    maps = _maps(units, [plain, even], width, height)

    def figures(results):
        return "income dispersion within grids {:.3f} · grids in one income tier {:.0%}".format(
            results["INCOME_DISPERSION"], results["ONE_TIER_SHARE"]
        )

    compose(
        path,
        [
            (maps[0], ["Population only (income homogeneity 0)", figures(plain_results)]),
            (maps[1], ["Income homogeneity 1.0", figures(even_results)]),
        ],
        TIER_COLOURS,
        "Synthetic sample city; {:,} people per grid ±10 %, inside districts. Income tier of a "
        "community: people-weighted percentile of its income per capita. Dispersion: share of "
        "the income variance within grids (0 = one income per grid); one tier: 80 % of a "
        "grid's people in one tier.".format(TARGET),
        width,
        height,
    )
    return {"population_only": plain_results, "homogeneity": even_results}


def make_maps(folder: str, out: str = DOCS, width: int = 1600, height: int = 900) -> Dict:
    """Both pictures into ``out`` (QGIS, Processing and the plugin's provider must be up;
    buildgrids writes into ``folder``). Returns {picture path: {run: results}}."""
    units = sample_units()
    density = os.path.join(out, "grids-by-density.png")
    income = os.path.join(out, "grids-by-income.png")
    return {
        density: density_map(folder, density, units, width, height),
        income: income_map(folder, income, units, width, height),
    }


def main() -> int:
    import tempfile

    from qgis_session import load_plugin, start_qgis

    app = start_qgis()
    plugin = load_plugin()
    with tempfile.TemporaryDirectory() as folder:
        for path, runs in make_maps(folder).items():
            print("{} ({} KB)".format(os.path.relpath(path, ROOT), os.path.getsize(path) // 1024))
            for name, results in runs.items():
                print(
                    "  {}: {} grids, income dispersion {:.3f}, one tier {:.0%}; {}".format(
                        name,
                        results["GRID_COUNT"],
                        results["INCOME_DISPERSION"],
                        results["ONE_TIER_SHARE"],
                        results["BALANCE_REPORT"],
                    )
                )
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
