"""The Grid editor's screenshots (docs/grid-editor.png, docs/grid-editor-zh.png), set up
inside the real QGIS desktop by scripts/desktop_shot.py (``SG_SHOT=grid_editor`` or
``grid_editor_zh``): the sample city's grids, the editor open with units of one grid
selected on its border and the neighbouring grid as the target, the live panel showing
the move."""

from qgis.core import QgsProject, QgsRectangle
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.utils import iface, plugins


def border_units(division, count=3):
    """Two neighbouring grids of one nest (small ones first) and up to ``count`` units of
    the first on their border whose move leaves both grids within the band (the best such
    move found)."""
    pop = division.values["population"]
    low = division.target * (1 - division.tolerance)
    high = division.target * (1 + division.tolerance)
    best = None
    # the smallest grids first: the dense centre, where the map shows units and labels
    by_area = sorted(division.grids, key=lambda g: float(division.grids[g].get("area_km2") or 0))
    for k, a in enumerate(by_area):
        if k == 80 and best is not None:
            break  # the best move among the 80 smallest grids: the map shows it closely
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


def shot(name, sample_project, fit_window, table, grab, quit_later, language):
    """Set the scene and grab ``docs/<name>.png`` (the helpers are desktop_shot's)."""
    plugin = plugins["service_grid"]
    path = sample_project(grids=True, language=language)
    plugin.open_project(path)
    fit_window()
    project = QgsProject.instance()
    for node in project.layerTreeRoot().findLayers():
        node.setItemVisibilityChecked(table(node.layer()) in ("grids", "units"))
        node.setExpanded(False)
        if table(node.layer()) == "grids":
            node.layer().setOpacity(0.6)  # the selected units (below) show through
    dock = plugin.toggle_grid_editor_dock(True)
    iface.mainWindow().resizeDocks([dock], [620], Qt.Orientation.Horizontal)
    division = dock.division
    a, b, units = border_units(division)
    dock.select_units(units)
    dock.set_target(b)
    dock.update_preview()
    extent = QgsRectangle()
    for grid in (a, b):
        for geom in division.geometries(division.members(grid)).values():
            xmin, ymin, xmax, ymax = geom.bounds
            extent.combineExtentWith(QgsRectangle(xmin, ymin, xmax, ymax))
    extent.scale(1.8)
    canvas = iface.mapCanvas()

    def zoom():
        # (again once the window and the docks have their sizes: opening the project zooms
        # to the whole city after a moment)
        canvas.setExtent(extent)
        canvas.refresh()

    zoom()
    QTimer.singleShot(3000, zoom)
    QTimer.singleShot(8000, lambda: (grab(name), quit_later()))
