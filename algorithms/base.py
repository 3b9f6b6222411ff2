"""The thin base class of every Service Grid Processing algorithm."""

import os

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .core.deps import missing_dependencies

ROOT = os.path.dirname(os.path.dirname(__file__))
ICON_PATH = os.path.join(ROOT, "resources", "icons", "icon.svg")
HELP_URL = "https://github.com/service-grid/service_grid#readme"


class ServiceGridAlgorithm(QgsProcessingAlgorithm):
    """Common behaviour: translation, instance creation, icon and help.

    Subclasses define ``name()`` as a fixed lowercase id (never derived from the class name),
    and ``displayName()``, ``group()``, ``groupId()`` and ``shortHelpString()``.
    """

    def tr(self, text: str) -> str:  # noqa: D102 (context = the subclass, as pylupdate5 sees it)
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self):  # noqa: N802 (QGIS API)
        return type(self)()

    def icon(self):
        return QIcon(ICON_PATH)

    def helpUrl(self):  # noqa: N802 (QGIS API)
        return HELP_URL

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        """Refuse to start, with install instructions, when a required package is missing."""
        problems = missing_dependencies()
        if problems:
            raise QgsProcessingException("\n".join(problems))
        return super().prepareAlgorithm(parameters, context, feedback)
