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


def sample_project() -> str:
    """A project GeoPackage made from the sample city with the plugin's algorithm."""
    import processing

    folder = tempfile.mkdtemp()
    out = os.path.join(folder, "sample_project.gpkg")
    sample = os.path.join(ROOT, "resources", "sample")
    processing.run("servicegrid:createproject", {
        "INPUT": os.path.join(sample, "sample_city.gpkg") + "|layername=communities",
        "POPULATION_FIELD": "population", "NEST_FIELD": "street_code",
        "OUTLETS": os.path.join(sample, "sample_city.gpkg") + "|layername=outlets",
        "STAFF": os.path.join(sample, "staff.csv"), "OUTPUT": out})
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


def start():
    {"menu": shot_menu, "menu_zh": shot_menu}[SHOT]()


QTimer.singleShot(1000, start)
