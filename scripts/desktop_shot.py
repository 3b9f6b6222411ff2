"""Run inside the real QGIS desktop (``qgis.bin --code``) by scripts/screenshots.sh.

Sets the scene for the screenshot named by $SG_SHOT, grabs the screen into docs/, and quits.
"""

import os
import tempfile

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface, plugins

ROOT = os.environ["SG_ROOT"]
SHOT = os.environ.get("SG_SHOT", "menu")
DOCS = os.path.join(ROOT, "docs")


def grab(name: str) -> None:
    screen = QgsApplication.primaryScreen()
    screen.grabWindow(0).save(os.path.join(DOCS, name + ".png"), "PNG")


def quit_later(delay=500):
    QTimer.singleShot(delay, QgsApplication.instance().quit)


def sample_project(grids=False) -> str:
    """A project GeoPackage made from the sample city with the plugin's algorithms."""
    import processing

    folder = tempfile.mkdtemp()
    out = os.path.join(folder, "sample_project.gpkg")
    sample = os.path.join(ROOT, "resources", "sample")
    processing.run("servicegrid:createproject", {
        "INPUT": os.path.join(sample, "sample_city.gpkg") + "|layername=communities",
        "POPULATION_FIELD": "population", "NEST_FIELD": "district_code",
        "OUTLETS": os.path.join(sample, "sample_city.gpkg") + "|layername=outlets",
        "STAFF": os.path.join(sample, "staff.csv"), "OUTPUT": out})
    if grids:
        processing.run("servicegrid:buildgrids", {
            "INPUT": out + "|layername=units", "POPULATION_FIELD": "population",
            "NEST_FIELD": "nest", "TARGET_POPULATION": 20000, "TOLERANCE": 10,
            "OUTPUT": "TEMPORARY_OUTPUT", "OUTPUT_UNITS": "TEMPORARY_OUTPUT", "PROJECT": out})
        processing.run("servicegrid:classifygrids", {
            "INPUT": out + "|layername=grids", "OUTPUT": "TEMPORARY_OUTPUT", "PROJECT": out})
    return out


def fit_window():
    """Fill the virtual screen (Xvfb has no window manager to maximise windows)."""
    window = iface.mainWindow()
    window.setGeometry(QgsApplication.primaryScreen().availableGeometry())
    for node in QgsProject.instance().layerTreeRoot().findLayers():
        node.setExpanded(node.layer().name() in ("服务网点", "基础单元"))


def shot_menu():
    plugin = plugins["service_grid"]
    plugin.open_project(sample_project())
    fit_window()

    def open_menu():
        menubar = iface.mainWindow().menuBar()
        menubar.setActiveAction(plugin.menu.menuAction())
        name = "desktop_menu_zh" if SHOT.endswith("_zh") else "desktop_menu"
        QTimer.singleShot(1500, lambda: (grab(name), quit_later()))

    QTimer.singleShot(4000, open_menu)


def shot_grids():
    """The sample city's classified grids over the units, zoomed to the city centre."""
    plugin = plugins["service_grid"]
    plugin.open_project(sample_project(grids=True))
    fit_window()
    project = QgsProject.instance()
    for node in project.layerTreeRoot().findLayers():
        name = node.layer().name()
        node.setItemVisibilityChecked(name != "客户反馈")
        node.setExpanded(name == "服务网格")
    grids = [lyr for lyr in project.mapLayers().values() if lyr.name() == "服务网格"][0]
    canvas = iface.mapCanvas()
    extent = grids.extent()
    extent.scale(0.55)
    canvas.setExtent(extent)
    canvas.refresh()
    QTimer.singleShot(5000, lambda: (grab("desktop_grids"), quit_later()))


def shot_dock():
    """The Staff and outlets dock on the sample city: staff allocated (by allocatestaff when
    it is there, else by hand through the dock), a few grids selected on the map. The
    Workload tab is shown; SG_DOCK_TAB=assign or run shows another (to check the layout)."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import Qt

    plugin = plugins["service_grid"]
    path = sample_project(grids=True)
    registry = QgsApplication.processingRegistry()
    if registry.algorithmById("servicegrid:allocatestaff") is not None:
        import processing

        processing.run("servicegrid:allocatestaff", {
            "GRIDS": path + "|layername=grids", "STAFF": path + "|layername=staff",
            "OUTLETS": path + "|layername=outlets", "PROJECT": path,
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT", "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT"})
    plugin.open_project(path)
    fit_window()
    project = QgsProject.instance()
    for node in project.layerTreeRoot().findLayers():
        name = node.layer().name()
        node.setItemVisibilityChecked(name in ("服务网格", "服务网点"))
        node.setExpanded(False)
    dock = plugin.toggle_staff_dock(True)
    window = iface.mainWindow()
    window.resizeDocks([dock], [620], Qt.Orientation.Horizontal)
    data = dock.data
    if not data.assignments:  # no allocation algorithm yet: assign by hand, two per grid
        staff = [str(s["staff_id"]) for s in data.staff]
        for k in range(len(data) - 6):
            dock.editor.assign(staff[(2 * k) % len(staff):(2 * k) % len(staff) + 2], [k])
        dock.undo_stack.clear()
    grids = dock.grids_layer()
    central = sorted(range(len(data)), key=lambda r: -data.population[r])[:6]
    grids.selectByIds([data.fids[r] for r in central])
    tab = {"assign": dock.assignTab, "run": dock.runTab}.get(os.environ.get("SG_DOCK_TAB"),
                                                             dock.workloadTab)
    dock.tabs.setCurrentWidget(tab)
    dock.select_staff(["S0001", "S0002"])
    dock.splitter.setSizes([430, 470])
    canvas = iface.mapCanvas()
    extent = grids.extent()
    extent.scale(0.6)
    canvas.setExtent(extent)
    canvas.refresh()
    QTimer.singleShot(5000, lambda: (grab("desktop_dock"), quit_later()))


def start():
    {"menu": shot_menu, "menu_zh": shot_menu, "grids": shot_grids, "dock": shot_dock}[SHOT]()


QTimer.singleShot(1000, start)
