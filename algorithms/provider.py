"""The ``servicegrid`` Processing provider: it only lists the algorithms."""

import logging

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .base import ICON_PATH

LOG = logging.getLogger(__name__)

#: ``(module, class)`` of each algorithm, in the toolbox's order.
ALGORITHMS = (
    ("create_project", "CreateProjectAlgorithm"),
    ("set_nest_names", "SetNestNamesAlgorithm"),
    ("build_grids", "BuildGridsAlgorithm"),
    ("build_cell_grid", "BuildCellGridAlgorithm"),
    ("move_units", "MoveUnitsAlgorithm"),
    ("merge_grids", "MergeGridsAlgorithm"),
    ("split_grid", "SplitGridAlgorithm"),
    ("lock_grids", "LockGridsAlgorithm"),
    ("save_grid_version", "SaveGridVersionAlgorithm"),
    ("restore_grid_version", "RestoreGridVersionAlgorithm"),
    ("compare_grid_versions", "CompareGridVersionsAlgorithm"),
    ("classify_grids", "ClassifyGridsAlgorithm"),
    ("allocate_staff", "AllocateStaffAlgorithm"),
    ("site_outlets", "SiteOutletsAlgorithm"),
    ("create_field_package", "CreateFieldPackageAlgorithm"),
    ("create_field_packages", "CreateFieldPackagesAlgorithm"),
    ("sync_field_packages", "SyncFieldPackagesAlgorithm"),
    ("assign_visits", "AssignVisitsAlgorithm"),
    ("refresh_field_package", "RefreshFieldPackageAlgorithm"),
    ("service_quality", "ServiceQualityAlgorithm"),
    ("import_customers", "ImportCustomersAlgorithm"),
    ("export_staffing", "ExportStaffingAlgorithm"),
)


def algorithm_classes():
    """The algorithm classes whose module loads; one that does not (a broken or missing
    package the lazy imports of ``core.deps`` do not cover) is logged and left out, so the
    others still work."""
    classes = []
    for module_name, class_name in ALGORITHMS:
        try:
            # __import__ (not importlib): QGIS's import hook records the module, and
            # unloading the plugin removes it
            module = __import__(module_name, globals(), None, [class_name], 1)
            classes.append(getattr(module, class_name))
        except Exception:  # noqa: BLE001 (one algorithm must not stop the plugin loading)
            LOG.exception("Service Grid: the algorithm module %s did not load", module_name)
    return classes


class ServiceGridProvider(QgsProcessingProvider):
    """Processing provider ``servicegrid``."""

    def id(self):
        return "servicegrid"

    def name(self):
        return QCoreApplication.translate("ServiceGridProvider", "Service Grid")

    def longName(self):  # noqa: N802 (QGIS API)
        return QCoreApplication.translate(
            "ServiceGridProvider", "Service Grid: service grids, staff and field feedback"
        )

    def icon(self):
        return QIcon(ICON_PATH)

    def loadAlgorithms(self):  # noqa: N802 (QGIS API)
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
