"""The Grid editor's screenshots (docs/grid-editor.png, docs/grid-editor-zh.png), set up
inside the real QGIS desktop by scripts/desktop_shot.py (``SG_SHOT=grid_editor`` or
``grid_editor_zh``): the editor open with units of one grid selected on its border (QGIS's
yellow selection) and the neighbouring grid as the target, the live panel showing the move,
the map zoomed to the two grids, outlined and labelled with their codes."""

from qgis.core import (
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayerSimpleLabeling,
)
from qgis.gui import QgsHighlight
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtGui import QColor, QFont
from qgis.PyQt.QtWidgets import QDockWidget
from qgis.utils import iface, plugins

#: Width of the editor dock and of the Layers panel (pixels of the 1600 px screen): the map
#: gets the rest.
DOCK_WIDTH, LAYERS_WIDTH = 600, 190
#: Margin around the two grids (the extent of both, scaled by this).
MARGIN = 1.25
#: Outline of the two grids of the move.
OUTLINE = QColor("#0a84ff")


def border_units(division, count=3):
    """Two neighbouring grids of one nest (small ones first) and ``count`` units of the first
    on their border whose move leaves both grids within the band (else the best move found:
    most grids in the band, then most units)."""
    pop = division.values["population"]
    low = division.target * (1 - division.tolerance)
    high = division.target * (1 + division.tolerance)
    best = None
    # the smallest grids first: the dense centre, where the map shows units and labels
    by_area = sorted(division.grids, key=lambda g: float(division.grids[g].get("area_km2") or 0))
    for a in by_area:
        members_a = division.members(a)
        if len(members_a) <= count:
            continue
        geoms_a = division.geometries(members_a)
        total_a = float(pop[members_a].sum())
        for b in sorted(division.grids):
            if b == a or division.grid_nest(b) != division.grid_nest(a):
                continue
            members_b = division.members(b)
            geoms_b = division.geometries(members_b)
            total_b = float(pop[members_b].sum())
            touching = sorted(
                (
                    int(i)
                    for i in members_a
                    if any(geoms_a[int(i)].intersection(g).length > 0 for g in geoms_b.values())
                ),
                key=lambda i: pop[i],
            )[:count]
            if not touching:
                continue
            moved = float(pop[touching].sum())
            score = sum(low <= v <= high for v in (total_a - moved, total_b + moved))
            key = (score, len(touching))
            if best is None or key > best[0]:
                best = (key, a, b, [str(division.unit_ids[i]) for i in touching])
            if key == (2, count):
                return best[1:]
    if best is None:
        raise RuntimeError("no neighbouring grids in the sample project")
    return best[1:]


def _style(units, grids, codes):
    """Units on top, outlines only (the selection shows in full yellow); the grids below,
    opaque; only the two grids of the move labelled with their codes."""
    symbol = QgsFillSymbol.createSimple(
        {"style": "no", "outline_color": "110,110,110,160", "outline_width": "0.15"}
    )
    units.setRenderer(QgsSingleSymbolRenderer(symbol))
    units.setLabelsEnabled(False)
    grids.setOpacity(1.0)
    root = QgsProject.instance().layerTreeRoot()
    node = root.findLayer(units.id())
    clone = node.clone()
    node.parent().insertChildNode(0, clone)
    node.parent().removeChildNode(node)
    settings = QgsPalLayerSettings()
    settings.isExpression = True
    settings.fieldName = "CASE WHEN grid_id IN ({}) THEN grid_id END".format(
        ", ".join("'{}'".format(c) for c in codes)
    )
    text = QgsTextFormat()
    font = QFont()
    font.setBold(True)
    text.setFont(font)
    text.setSize(11)
    text.setColor(QColor("#0b2a66"))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(1.2)
    buffer.setColor(QColor("white"))
    text.setBuffer(buffer)
    settings.setFormat(text)
    settings.placement = QgsPalLayerSettings.Placement.OverPoint
    grids.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    grids.setLabelsEnabled(True)
    units.triggerRepaint()
    grids.triggerRepaint()


def _outline(canvas, grids, codes):
    """Thick outlines of the grids ``codes`` (canvas items, kept by the caller)."""
    request = QgsFeatureRequest().setFilterExpression(
        "grid_id IN ({})".format(", ".join("'{}'".format(c) for c in codes))
    )
    marks = []
    for feature in grids.getFeatures(request):
        mark = QgsHighlight(canvas, feature.geometry(), grids)
        mark.setColor(OUTLINE)
        mark.setFillColor(QColor(0, 0, 0, 0))
        mark.setWidth(5)
        mark.show()
        marks.append(mark)
    return marks


def shot(name, sample_project, fit_window, table, grab, quit_later, language):
    """Set the scene and grab ``docs/<name>.png`` (the helpers are desktop_shot's)."""
    plugin = plugins["service_grid"]
    path = sample_project(grids=True, language=language)
    plugin.open_project(path)
    fit_window()
    project = QgsProject.instance()
    layers = {}
    for node in project.layerTreeRoot().findLayers():
        node.setItemVisibilityChecked(table(node.layer()) in ("grids", "units"))
        node.setExpanded(False)
        layers[table(node.layer())] = node.layer()
    window = iface.mainWindow()
    browser = window.findChild(QDockWidget, "Browser")
    if browser is not None:
        browser.hide()  # the map gets the room
    dock = plugin.toggle_grid_editor_dock(True)
    division = dock.division
    a, b, units = border_units(division)
    _style(layers["units"], layers["grids"], (a, b))
    dock.select_units(units)
    dock.set_target(b)
    dock.update_preview()
    extent = QgsRectangle()
    for grid in (a, b):
        for geom in division.geometries(division.members(grid)).values():
            xmin, ymin, xmax, ymax = geom.bounds
            extent.combineExtentWith(QgsRectangle(xmin, ymin, xmax, ymax))
    extent.scale(MARGIN)
    canvas = iface.mapCanvas()
    marks = _outline(canvas, layers["grids"], (a, b))

    def zoom():
        # (again once the window and the docks have their sizes: opening the project zooms
        # to the whole city after a moment)
        layers_panel = window.findChild(QDockWidget, "Layers")
        if layers_panel is not None:
            window.resizeDocks([layers_panel], [LAYERS_WIDTH], Qt.Orientation.Horizontal)
        window.resizeDocks([dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        dock.totalsTable.resizeColumnsToContents()
        canvas.setExtent(extent)
        canvas.refresh()

    zoom()
    QTimer.singleShot(3000, zoom)
    QTimer.singleShot(8000, lambda: (grab(name), marks.clear(), quit_later()))
