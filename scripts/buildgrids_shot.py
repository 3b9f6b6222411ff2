"""The Build service grids dialog's screenshots (docs/desktop_buildgrids_dialog.png and
docs/desktop_buildgrids_dialog_zh.png), set up inside the real QGIS desktop by
scripts/desktop_shot.py (``SG_SHOT=buildgrids_dialog`` or ``buildgrids_dialog_zh``): the
dialog as the toolbox opens it on the sample project's units, the advanced parameters
expanded and scrolled so that the balance variables, income homogeneity and the targets by
density class are in view."""

from qgis.core import QgsApplication, QgsProject
from qgis.gui import QgsCollapsibleGroupBox
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QGroupBox, QLabel, QScrollArea, QSplitter, QTextBrowser
from qgis.utils import iface, plugins

#: What the dialog is opened with: two balance variables and two density class targets.
PARAMETERS = {
    "POPULATION_FIELD": "population",
    "INCOME_FIELD": "income",
    "NEST_FIELD": "nest",
    "TARGET_POPULATION": 30000,
    "TOLERANCE": 10,
    "BALANCE": ["population", 1, 10, "households", 1, 15],
    "HOMOGENEITY": 0.5,
    "DENSITY_TARGETS": ["urban_core", 20000, "rural", 60000],
}


def _label(dialog, text_start):
    """The dialog's label whose text starts like the parameter's description."""
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.text().startswith(text_start):
            return label
    return None


def shot(name, sample_project, fit_window, table, grab, quit_later, language):
    """Open the dialog on a fresh sample project (of ``language``, createproject's LANGUAGE)
    on its units; grab ``name`` and quit."""
    import processing

    path = sample_project(language=language)
    plugins["service_grid"].open_project(path)
    fit_window()
    units = [
        layer for layer in QgsProject.instance().mapLayers().values() if table(layer) == "units"
    ][0]
    algorithm = QgsApplication.processingRegistry().algorithmById("servicegrid:buildgrids")
    dialog = processing.createAlgorithmDialog(
        "servicegrid:buildgrids", dict(PARAMETERS, INPUT=units.id())
    )
    dialog.show()
    window = iface.mainWindow().geometry()
    dialog.resize(1340, 900)
    dialog.move(window.x() + 240, window.y() + 50)
    for splitter in dialog.findChildren(QSplitter):  # the long labels whole, the help beside
        splitter.setSizes([1030, 300])

    def expand():
        # (after the group box restored its saved state, which it does when first shown)
        # (findChildren hands the C++ group box over as a plain QGroupBox: cast it)
        for box in dialog.findChildren(QGroupBox):
            if box.metaObject().className() == "QgsCollapsibleGroupBox":
                sip.cast(box, QgsCollapsibleGroupBox).setCollapsed(False)
        QTimer.singleShot(700, scroll)

    def scroll():
        # the balance variables near the top of the view: homogeneity and density targets follow
        balance = algorithm.parameterDefinition("BALANCE").description()
        label = _label(dialog, balance[:20])
        for area in dialog.findChildren(QScrollArea):
            if label is not None and area.isAncestorOf(label):
                top = label.mapTo(area.widget(), label.rect().topLeft()).y()
                area.verticalScrollBar().setValue(max(top - 120, 0))
        for browser in dialog.findChildren(QTextBrowser):  # the help's last paragraphs
            browser.verticalScrollBar().setValue(browser.verticalScrollBar().maximum())
        QTimer.singleShot(1500, lambda: (grab(name), dialog.close(), quit_later()))

    QTimer.singleShot(2500, expand)
