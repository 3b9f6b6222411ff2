"""The thin base class of every Service Grid Processing algorithm."""

import logging
import os
import traceback
from typing import Dict, Tuple

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .core.deps import missing_dependencies
from .core.errors import CancelledError, ServiceGridError
from .core.labels import parameter_name
from .project_refresh import loaded_project_file, project_parameter, refresh_file_layers
from .validation import (
    existing_files,
    number_problem,
    output_files,
    remove_new_outputs,
    validate,
    write_error_message,
)

LOG = logging.getLogger(__name__)

ROOT = os.path.dirname(os.path.dirname(__file__))
ICON_PATH = os.path.join(ROOT, "resources", "icons", "icon.svg")
HELP_URL = "https://github.com/service-grid/service_grid#readme"

#: Layer types of feature sources and sinks.
POINTS = QgsProcessing.SourceType.TypeVectorPoint
POLYGONS = QgsProcessing.SourceType.TypeVectorPolygon
TABLE = QgsProcessing.SourceType.TypeVector


def group_names():
    """The translated name of each algorithm group, by group id."""
    return {
        "project": QCoreApplication.translate("ServiceGridAlgorithm", "Project"),
        "grids": QCoreApplication.translate("ServiceGridAlgorithm", "Grids"),
        "staff": QCoreApplication.translate("ServiceGridAlgorithm", "Staff and outlets"),
        "field": QCoreApplication.translate("ServiceGridAlgorithm", "Field work"),
    }


#: What algorithms need beyond shapely, by algorithm id (keys of core.deps.REQUIREMENTS).
NEEDS: Dict[str, Tuple[str, ...]] = {
    "allocatestaff": ("scipy.milp",),
    "siteoutlets": ("scipy.milp",),
    "buildgrids": ("scipy",),
    "exportstaffing": ("openpyxl",),
    "moveunits": ("scipy",),
    "mergegrids": ("scipy",),
    "splitgrid": ("scipy",),
    "lockgrids": ("scipy",),
}


class ServiceGridAlgorithm(QgsProcessingAlgorithm):
    """Common behaviour: id, group, names and help, translation, instance creation, icon, the
    parameter helpers, and the translation of the core's errors into Processing errors.

    Subclasses set ``ALGORITHM_ID`` to a fixed lowercase literal (never derived from the class
    name), ``GROUP_ID`` to a key of :func:`group_names`, and ``DISPLAY_NAME``, ``TAGS``
    (comma-separated) and ``HELP`` to English texts marked
    ``QT_TRANSLATE_NOOP("<their class name>", "literal")``, so that pylupdate5 files them under
    the class whose ``tr()`` translates them. They implement :meth:`process` instead of
    ``processAlgorithm()``; parameter labels are ``self.tr("literal")`` at the call site.
    """

    #: The algorithm id (``servicegrid:<id>``): public, never changes.
    ALGORITHM_ID = ""
    #: The group id: ``project``, ``grids``, ``staff`` or ``field``.
    GROUP_ID = ""
    #: The name in the Processing toolbox, its search tags and its help (untranslated).
    DISPLAY_NAME = ""
    TAGS = ""
    HELP = ""

    def name(self):
        return self.ALGORITHM_ID

    def requires(self) -> Tuple[str, ...]:
        """The third-party packages this algorithm needs (keys of
        :data:`core.deps.REQUIREMENTS`): shapely for all, more for some (:data:`NEEDS`)."""
        return ("shapely",) + NEEDS.get(self.ALGORITHM_ID, ())

    def displayName(self):  # noqa: N802 (QGIS API)
        return self.tr(self.DISPLAY_NAME)

    def tags(self):
        return self.tr(self.TAGS).split(",")

    def shortHelpString(self):  # noqa: N802 (QGIS API)
        return self.tr(self.HELP)

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
        (:meth:`requires`) is missing or too old."""
        problems = missing_dependencies(self.requires())
        if problems:
            raise QgsProcessingException("\n".join(problems))
        self._project_file = project_parameter(self, parameters, context)
        return super().prepareAlgorithm(parameters, context, feedback)

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802 (QGIS API)
        """On the main thread after a run: the open layers of the project file read it again."""
        refresh_file_layers(getattr(self, "_project_file", ""))
        return super().postProcessAlgorithm(context, feedback)

    # ------------------------------------------------------------------ parameters

    def param(self, key: str) -> str:
        """How messages name the parameter ``key``: by its label, with the id in English
        (:func:`core.labels.parameter_name`)."""
        definition = self.parameterDefinition(key)
        return parameter_name(definition.description() if definition else key, key)

    def add(self, parameter, advanced=False):
        """Add ``parameter`` (under "Advanced parameters" when ``advanced``); return it."""
        if advanced:
            parameter.setFlags(
                parameter.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced
            )
        self.addParameter(parameter)
        return parameter

    def add_source(self, key, label, *types, optional=False):
        """Add a feature source parameter of the layer ``types`` (:data:`POINTS`…)."""
        self.add(QgsProcessingParameterFeatureSource(key, label, list(types), optional=optional))

    def add_sink(self, key, label, kind, optional=False):
        """Add a feature sink parameter (an output layer; an optional one is made by default)."""
        self.add(QgsProcessingParameterFeatureSink(key, label, kind, optional=optional))

    def add_field(
        self, key, label, parent, default=None, optional=False, numeric=False, advanced=False
    ):
        """Add a field parameter of the layer parameter ``parent``."""
        kind = (
            QgsProcessingParameterField.DataType.Numeric
            if numeric
            else QgsProcessingParameterField.DataType.Any
        )
        field = QgsProcessingParameterField(key, label, default, parent, kind, optional=optional)
        self.add(field, advanced)

    def add_number(
        self,
        key,
        label,
        default,
        low=None,
        high=None,
        integer=False,
        optional=False,
        advanced=False,
        decimals=None,
    ):
        """Add a number parameter (a double unless ``integer``) from ``low`` to ``high``,
        shown with ``decimals`` decimals in the dialog (QGIS's default: 6, e.g. 60.000000);
        return it."""
        number = QgsProcessingParameterNumber
        kind = number.Integer if integer else number.Double
        limits = {"minValue": low} if low is not None else {}
        if high is not None:
            limits["maxValue"] = high
        parameter = number(key, label, kind, default, optional, **limits)
        if decimals is not None:
            parameter.setMetadata({"widget_wrapper": {"decimals": decimals}})
        return self.add(parameter, advanced)

    def add_distance(self, key, label, default, parent, low):
        """Add a distance of at least ``low`` in the units of the layer parameter ``parent``
        (metres without one)."""
        distance = QgsProcessingParameterDistance(key, label, default, parent, False, low)
        distance.setDefaultUnit(QgsUnitTypes.DistanceUnit.DistanceMeters)
        self.add(distance)

    def add_enum(self, key, label, options):
        """Add a choice among ``options`` (the first is the default)."""
        self.add(QgsProcessingParameterEnum(key, label, options, defaultValue=0))

    def add_boolean(self, key, label, optional=False, advanced=False):
        """Add a check box, unticked by default."""
        self.add(QgsProcessingParameterBoolean(key, label, False, optional=optional), advanced)

    def add_gpkg(self, key, label, optional=False):
        """Add an existing GeoPackage file (a project). The project parameter starts with the
        project GeoPackage whose grids layer is loaded in QGIS, so a planner working in the
        project does not browse for it each time."""
        behaviour = QgsProcessingParameterFile.Behavior.File
        default = loaded_project_file() if key == "PROJECT" else None
        self.add(
            QgsProcessingParameterFile(
                key, label, behaviour, "gpkg", defaultValue=default, optional=optional
            )
        )

    def add_file_output(self, key, label, file_filter):
        """Add a file to write, chosen with ``file_filter`` (e.g. ``Excel (*.xlsx)``)."""
        self.add(QgsProcessingParameterFileDestination(key, label, file_filter))

    def add_outputs(self, labels, kind=QgsProcessingOutputNumber):
        """Declare the outputs ``{key: label}`` (numbers unless ``kind`` says otherwise)."""
        for key, label in labels.items():
            self.addOutput(kind(key, label))

    # ------------------------------------------------------------------ run

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API)
        """QGIS's checks, then: every number is a finite number (QGIS lets NaN through)."""
        ok, message = super().checkParameterValues(parameters, context)
        if ok:
            problem = number_problem(self, parameters, context)
            if problem:
                return False, problem
        return ok, message

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        """Check every parameter (:func:`validation.validate`: numbers, outputs, the
        PROJECT) before anything is computed or written, then run :meth:`process`. A
        cancelled core returns no results; a core error becomes a QgsProcessingException with
        its message; a write that failed for the disk's sake, a translated message naming the
        file. A failed run removes the output files it created."""
        outputs = list(output_files(self, parameters, context).values())
        before = existing_files(outputs)
        try:
            validate(self, parameters, context)
            return self.process(parameters, context, feedback)
        except CancelledError:
            return {}
        except ServiceGridError as err:
            self._discard(err, outputs, before)
            raise QgsProcessingException(str(err)) from err
        except QgsProcessingException as err:
            self._discard(err, outputs, before)
            raise
        except Exception as err:
            paths = [getattr(self, "_project_file", "")] + outputs
            message = write_error_message(err, paths)
            if message is None:
                remove_new_outputs(outputs, before)
                raise  # a programming error: its traceback stays visible
            details = "".join(traceback.format_exception(type(err), err, err.__traceback__))
            feedback.pushDebugInfo(details)
            LOG.info("%s", details)
            self._discard(err, outputs, before)
            raise QgsProcessingException(message) from err

    @staticmethod
    def _discard(err, outputs, before):
        """Close what the failed run still holds (its frames' sinks) and remove the output
        files it created."""
        traceback.clear_frames(err.__traceback__)
        remove_new_outputs(outputs, before)

    def process(self, parameters, context, feedback):
        """The algorithm's work (``processAlgorithm`` of QGIS); core errors may propagate."""
        raise NotImplementedError
