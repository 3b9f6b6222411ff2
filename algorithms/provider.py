"""The ``servicegrid`` Processing provider: it only lists the algorithms."""

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .allocate_staff import AllocateStaffAlgorithm
from .base import ICON_PATH
from .build_cell_grid import BuildCellGridAlgorithm
from .build_grids import BuildGridsAlgorithm
from .classify_grids import ClassifyGridsAlgorithm
from .create_field_package import CreateFieldPackageAlgorithm
from .create_project import CreateProjectAlgorithm
from .export_staffing import ExportStaffingAlgorithm
from .service_quality import ServiceQualityAlgorithm
from .site_outlets import SiteOutletsAlgorithm
from .sync_field_packages import SyncFieldPackagesAlgorithm


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
        for alg in (
            CreateProjectAlgorithm(),
            BuildGridsAlgorithm(),
            BuildCellGridAlgorithm(),
            ClassifyGridsAlgorithm(),
            AllocateStaffAlgorithm(),
            SiteOutletsAlgorithm(),
            CreateFieldPackageAlgorithm(),
            SyncFieldPackagesAlgorithm(),
            ServiceQualityAlgorithm(),
            ExportStaffingAlgorithm(),
        ):
            self.addAlgorithm(alg)
