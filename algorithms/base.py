"""The thin base class of every Service Grid Processing algorithm."""

import os
from typing import Tuple

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .core.deps import missing_dependencies
from .core.errors import CancelledError, ServiceGridError

ROOT = os.path.dirname(os.path.dirname(__file__))
ICON_PATH = os.path.join(ROOT, "resources", "icons", "icon.svg")
HELP_URL = "https://github.com/service-grid/service_grid#readme"


def group_names():
    """The translated name of each algorithm group, by group id."""
    return {
        "project": QCoreApplication.translate("ServiceGridAlgorithm", "Project"),
        "grids": QCoreApplication.translate("ServiceGridAlgorithm", "Grids"),
        "staff": QCoreApplication.translate("ServiceGridAlgorithm", "Staff and outlets"),
        "field": QCoreApplication.translate("ServiceGridAlgorithm", "Field work"),
    }


class ServiceGridAlgorithm(QgsProcessingAlgorithm):
    """Common behaviour: id and group, translation, instance creation, icon and help, and the
    translation of the core's errors into Processing errors.

    Subclasses set ``ALGORITHM_ID`` to a fixed lowercase literal (never derived from the class
    name) and ``GROUP_ID`` to a key of :func:`group_names`, define ``displayName()``,
    ``tags()`` and ``shortHelpString()`` with ``self.tr("literal")``, and implement
    :meth:`process` instead of ``processAlgorithm()``.
    """

    #: The algorithm id (``servicegrid:<id>``): public, never changes.
    ALGORITHM_ID = ""
    #: The group id: ``project``, ``grids``, ``staff`` or ``field``.
    GROUP_ID = ""
    #: The third-party packages it needs: keys of :data:`core.deps.REQUIREMENTS`
    #: (``shapely``, ``scipy``, ``scipy.milp``, ``openpyxl``).
    REQUIRES: Tuple[str, ...] = ()

    def name(self):
        return self.ALGORITHM_ID

    def group(self):
        return group_names()[self.GROUP_ID]

    def groupId(self):  # noqa: N802 (QGIS API)
        return self.GROUP_ID

    def tr(self, text: str) -> str:  # noqa: D102 (context = the subclass, as pylupdate5 sees it)
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self):  # noqa: N802 (QGIS API)
        return type(self)()

    def icon(self):
        return QIcon(ICON_PATH)

    def helpUrl(self):  # noqa: N802 (QGIS API)
        return HELP_URL

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        """Refuse to start, with install instructions, when a package it needs
        (:attr:`REQUIRES`) is missing or too old."""
        problems = missing_dependencies(self.REQUIRES)
        if problems:
            raise QgsProcessingException("\n".join(problems))
        return super().prepareAlgorithm(parameters, context, feedback)

    def add_source(self, key, label, types, optional=False):
        """Add a feature source parameter."""
        self.addParameter(QgsProcessingParameterFeatureSource(key, label, types, optional=optional))

    def add_sink(self, key, label, kind):
        """Add a feature sink parameter (an output layer)."""
        self.addParameter(QgsProcessingParameterFeatureSink(key, label, kind))

    def add_field(self, key, label, default, parent, kind, optional=False):
        """Add a field parameter of the layer parameter ``parent``."""
        self.addParameter(
            QgsProcessingParameterField(key, label, default, parent, kind, optional=optional)
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        """Run :meth:`process`; a cancelled core returns no results, a core error becomes a
        QgsProcessingException with its message."""
        try:
            return self.process(parameters, context, feedback)
        except CancelledError:
            return {}
        except ServiceGridError as err:
            raise QgsProcessingException(str(err)) from err

    def process(self, parameters, context, feedback):
        """The algorithm's work (``processAlgorithm`` of QGIS); core errors may propagate."""
        raise NotImplementedError
