"""The QGIS plugin class: menu, toolbar, Processing provider, options page."""

import logging
import os
import sqlite3
from functools import partial

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QDockWidget, QFileDialog, QMenu, QMessageBox

from ..algorithms.base import ICON_PATH
from ..algorithms.core import migrate, solver_process
from ..algorithms.core.deps import missing_dependencies
from ..algorithms.project_template import read_project
from . import dependencies, dependency_install, i18n, log
from .options import ServiceGridOptionsFactory
from .settings import Settings

LOG = logging.getLogger(__name__)
ICONS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons")
FEEDBACK_ICON = os.path.join(ICONS, "feedback.svg")
GRID_EDITOR_ICON = os.path.join(ICONS, "grid_editor.svg")
#: The packages each dock needs (keys of ``core.deps.REQUIREMENTS``): it opens only then.
STAFF_DOCK_REQUIRES = ("shapely", "scipy.milp")
FEEDBACK_DOCK_REQUIRES = ("shapely",)
GRID_EDITOR_REQUIRES = ("shapely", "scipy")
SAMPLE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "sample")


class ServiceGridPlugin:
    """Service Grid (服务网格) in the QGIS desktop."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.menu = None
        self.toolbar = None
        self.actions = []
        self.options_factory = None
        self.staff_dock = None
        self.staff_action = None
        self.feedback_dock = None
        self.feedback_action = None
        self.grid_editor_dock = None
        self.grid_editor_action = None
        self._started = False
        self.installer = dependency_install.Installer(iface)
        self.deps_folder = None
        self._start()

    def _start(self):
        """Install the translator and the log routing (again after an unload)."""
        if not self._started:
            # the packages installed by "Install missing Python packages…" come first
            self.deps_folder = dependency_install.activate_private_folder()
            i18n.install_translator()
            log.setup(self.iface)
            self._started = True

    @staticmethod
    def tr(text: str) -> str:
        return QCoreApplication.translate("ServiceGridPlugin", text)

    # ------------------------------------------------------------------ life cycle

    def initProcessing(self):  # noqa: N802 (QGIS API)
        """Register the ``servicegrid`` provider (also called by qgis_process)."""
        from ..algorithms.provider import ServiceGridProvider

        self._start()
        if self.provider is None:
            self.provider = ServiceGridProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (QGIS API)
        self.initProcessing()
        title = self.tr("Service Grid")
        self.menu = QMenu(title, self.iface.mainWindow())
        self.menu.setObjectName("serviceGridMenu")
        self.toolbar = self.iface.addToolBar(title)
        self.toolbar.setObjectName("serviceGridToolbar")
        self._add_action(
            "create",
            self.tr("Create project…"),
            self.create_project,
            self.tr("Create a service-grid project GeoPackage from your units"),
            toolbar=True,
        )
        self._add_action(
            "open",
            self.tr("Open project GeoPackage…"),
            self.open_project_dialog,
            self.tr("Open the project stored in a service-grid GeoPackage"),
            toolbar=True,
        )
        self._add_action(
            "sample",
            self.tr("Open sample city data"),
            self.open_sample,
            self.tr("Add the bundled sample city layers to the map"),
        )
        self.staff_action = self._add_action(
            "staff",
            self.tr("Staff and outlets…"),
            self.toggle_staff_dock,
            self.tr("Assign staff and outlets to grids, see workloads and warnings"),
            toolbar=True,
        )
        self.staff_action.setCheckable(True)
        self.feedback_action = self._add_action(
            "feedback",
            self.tr("Customer feedback…"),
            self.toggle_feedback_dock,
            self.tr("Log and review customer feedback, resolve it, sync field packages"),
            toolbar=True,
        )
        self.feedback_action.setIcon(QIcon(FEEDBACK_ICON))
        self.feedback_action.setCheckable(True)
        self.grid_editor_action = self._add_action(
            "gridEditor",
            self.tr("Grid editor…"),
            self.toggle_grid_editor_dock,
            self.tr("Move units between grids, merge, split and lock grids, save versions"),
            toolbar=True,
        )
        self.grid_editor_action.setIcon(QIcon(GRID_EDITOR_ICON))
        self.grid_editor_action.setCheckable(True)
        self.menu.addSeparator()
        self._add_action(
            "installDeps",
            self.tr("Install missing Python packages…"),
            self.install_dependencies,
            self.tr("Install the Python packages Service Grid needs (shapely, scipy, openpyxl)"),
        )
        self._add_action(
            "toolbox",
            self.tr("Service Grid tools in Processing"),
            self.show_toolbox,
            self.tr("Show the Service Grid algorithms"),
        )
        self._add_action(
            "options", self.tr("Options…"), self.show_options, self.tr("Service Grid settings")
        )
        menubar = self.iface.mainWindow().menuBar()
        help_menu = self.iface.helpMenu() if hasattr(self.iface, "helpMenu") else None
        if help_menu is not None and help_menu.menuAction() in menubar.actions():
            menubar.insertMenu(help_menu.menuAction(), self.menu)
        else:
            menubar.addMenu(self.menu)
        self.options_factory = ServiceGridOptionsFactory()
        self.iface.registerOptionsWidgetFactory(self.options_factory)
        self._report_missing(missing_dependencies())

    def unload(self):
        """Remove everything the plugin added; unload + reload leaves nothing behind."""
        for key in ("staff", "feedback", "grid_editor"):
            dock = getattr(self, key + "_dock")
            if dock is not None:
                dock.cleanup()
                self.iface.removeDockWidget(dock)
                dock.deleteLater()
            setattr(self, key + "_dock", None)
            setattr(self, key + "_action", None)
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        for action in self.actions:
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions = []
        if self.menu is not None:
            self.menu.menuAction().setVisible(False)
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        solver_process.shutdown()
        log.teardown()
        i18n.remove_translator()
        if self.deps_folder is not None:
            dependencies.deactivate(self.deps_folder)
        self._started = False

    # ------------------------------------------------------------------ actions

    def _add_action(self, key, text, slot, tip, toolbar=False):
        action = QAction(QIcon(ICON_PATH), text, self.iface.mainWindow())
        action.setObjectName("serviceGrid_" + key)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self.actions.append(action)
        return action

    def install_dependencies(self, _checked=None):
        """Install the missing Python packages (asks first; a background task)."""
        return self.installer.ask()

    def _report_missing(self, problems) -> bool:
        """Show ``problems`` (missing packages) in the message bar with the install button;
        ``True`` if there were any."""
        if problems:
            self.installer.push_missing(problems)
        return bool(problems)

    def toggle_staff_dock(self, checked=None):
        """Show or hide the Staff and outlets dock (created the first time)."""
        if self._report_missing(missing_dependencies(STAFF_DOCK_REQUIRES)):
            if self.staff_action is not None:
                self.staff_action.setChecked(False)
            return None
        from .staff_dock import StaffDock

        return self._toggle_dock("staff", StaffDock, checked)

    def toggle_feedback_dock(self, checked=None):
        """Show or hide the Customer feedback dock (created the first time)."""
        if self._report_missing(missing_dependencies(FEEDBACK_DOCK_REQUIRES)):
            if self.feedback_action is not None:
                self.feedback_action.setChecked(False)
            return None
        from .feedback_dock import FeedbackDock

        return self._toggle_dock("feedback", FeedbackDock, checked)

    def toggle_grid_editor_dock(self, checked=None):
        """Show or hide the Grid editor dock (created the first time)."""
        if self._report_missing(missing_dependencies(GRID_EDITOR_REQUIRES)):
            if self.grid_editor_action is not None:
                self.grid_editor_action.setChecked(False)
            return None
        from .grid_editor_dock import GridEditorDock

        return self._toggle_dock("grid_editor", GridEditorDock, checked)

    def _toggle_dock(self, key, dock_class, checked):
        """Show or hide the dock ``<key>_dock`` (made of ``dock_class`` the first time);
        ``checked``: show it or not (``None``: the other way round)."""
        dock = getattr(self, key + "_dock")
        if dock is None:
            dock = dock_class(self.iface, self.iface.mainWindow())
            setattr(self, key + "_dock", dock)
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            # beside the other dock as a tab: stacked, the second gets a sliver of the height
            others = [getattr(self, k + "_dock") for k in ("staff", "feedback", "grid_editor")]
            other = next((d for d in others if d not in (None, dock) and d.isUserVisible()), None)
            if other is not None:
                self.iface.mainWindow().tabifyDockWidget(other, dock)
            dock.visibilityChanged.connect(partial(self._dock_visible, key))
            dock.setUserVisible(True)
        else:
            visible = (not dock.isUserVisible()) if checked is None else bool(checked)
            dock.setUserVisible(visible)
            if visible:
                dock.use_loaded_project()
        return dock

    def _dock_visible(self, key, _visible=None):
        """The dock's action stays checked while the dock is shown."""
        action, dock = getattr(self, key + "_action"), getattr(self, key + "_dock")
        if action is not None and dock is not None:
            action.setChecked(dock.isUserVisible())

    def create_project(self):
        """Open the Create project algorithm dialog; offer to open the result."""
        import processing

        results = processing.execAlgorithmDialog("servicegrid:createproject", {})
        path = (results or {}).get("OUTPUT")
        if path and os.path.exists(path):
            answer = QMessageBox.question(
                self.iface.mainWindow(),
                self.tr("Service Grid"),
                self.tr("The project was created:\n{}\n\nOpen it now?").format(path),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.open_project(path)

    def open_project_dialog(self):
        settings = Settings.load()
        path, _filter = QFileDialog.getOpenFileName(
            self.iface.mainWindow(),
            self.tr("Open service-grid project"),
            settings.last_project,
            self.tr("GeoPackage (*.gpkg)"),
        )
        if path:
            self.open_project(path)

    def open_project(self, path: str) -> bool:
        """Open the QGIS project stored in the GeoPackage ``path`` (a project of an older schema
        version is upgraded first: the docks write into it)."""
        try:
            migrate.upgrade(path)
        except (RuntimeError, OSError, sqlite3.Error) as error:  # read-only: open it as it is
            LOG.warning("%s: not upgraded: %s", path, error)
        project = QgsProject.instance()
        ok = read_project(project, path)
        if ok:
            settings = Settings.load()
            settings.last_project = path
            settings.save()
            log.push_message(self.tr("Opened {}").format(path))
        else:
            log.push_message(
                self.tr(
                    "{} holds no Service Grid project. Create one with 'Create project…'."
                ).format(path),
                log.Qgis.MessageLevel.Warning,
            )
        return ok

    def open_sample(self):
        """Add the sample city's layers to the current project."""
        path = os.path.join(SAMPLE_DIR, "sample_city.gpkg")
        for name in ("communities", "outlets"):
            self.iface.addVectorLayer("{}|layername={}".format(path, name), name, "ogr")

    def show_toolbox(self):
        """Show the Processing toolbox filtered to our algorithms."""
        toolbox = self.iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
        if toolbox is not None:
            toolbox.setVisible(True)
            toolbox.raise_()
            search = getattr(toolbox, "searchBox", None)
            if search is not None:
                search.setText("servicegrid")

    def show_options(self):
        self.iface.showOptionsDialog(self.iface.mainWindow(), currentPage="serviceGridOptions")
