"""``servicegrid:comparegridversions``: the units that changed grid between two versions (or
a version and the current division), as a layer and a short HTML report."""

from qgis.core import (
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import POLYGONS, ServiceGridAlgorithm
from .compare_grid_versions_output import log_summary, write_changes, write_report
from .core import gpkg
from .core.division import compare


class CompareGridVersionsAlgorithm(ServiceGridAlgorithm):
    """Compare two versions of the division: units moved, population moved, grids created
    and retired, per nest."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("CompareGridVersionsAlgorithm", "Compare grid versions")
    TAGS = QT_TRANSLATE_NOOP(
        "CompareGridVersionsAlgorithm",
        "grid,version,compare,difference,changes,division,history,网格,版本,比较,差异",
    )
    HELP = QT_TRANSLATE_NOOP(
        "CompareGridVersionsAlgorithm",
        "Compares two saved versions of a project's division (give their names or numbers), "
        "or a version with the current division (leave version B empty).\n\n"
        "The output layer holds the units that are in another grid in B than in A, with "
        "unit_id, name, nest, population (as the project's units hold them now), grid_a and "
        "grid_b, on the units' polygons. The optional report (.html) gives the totals — "
        "units that changed grid, the population they hold, grids created (in B, not in A) "
        "and retired (in A, not in B) — and the same per nest. Units that exist in only one "
        "of the two are counted apart (added, removed), not as changes.",
    )

    ALGORITHM_ID = "comparegridversions"
    GROUP_ID = "grids"

    PROJECT = "PROJECT"
    VERSION_A = "VERSION_A"
    VERSION_B = "VERSION_B"
    OUTPUT = "OUTPUT"
    OUTPUT_REPORT = "OUTPUT_REPORT"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        first = self.tr("Version A (name or number)")
        self.add(QgsProcessingParameterString(self.VERSION_A, first))
        second = self.tr("Version B (name or number; empty: the current division)")
        self.add(QgsProcessingParameterString(self.VERSION_B, second, "", optional=True))
        self.add_sink(self.OUTPUT, self.tr("Units that changed grid"), POLYGONS)
        report = QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT,
            self.tr("Comparison report"),
            self.tr("HTML files (*.html)"),
            optional=True,
            createByDefault=False,
        )
        self.add(report)
        self.add_outputs(
            {
                "UNITS_CHANGED": self.tr("Units that changed grid"),
                "POPULATION_MOVED": self.tr("Population moved"),
                "GRIDS_CREATED": self.tr("Grids created"),
                "GRIDS_RETIRED": self.tr("Grids retired"),
            }
        )

    def process(self, parameters, context, feedback):
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        gpkg.require_grids(project)
        first = self.parameterAsString(parameters, self.VERSION_A, context)
        second = (self.parameterAsString(parameters, self.VERSION_B, context) or "").strip()
        result = compare.compare_versions(project, first, second or None)
        feedback.setProgress(30)
        if feedback.isCanceled():
            return {}
        dest = write_changes(self, parameters, context, project, result, feedback)
        if dest is None:
            return {}
        outputs = {
            self.OUTPUT: dest,
            "UNITS_CHANGED": result.units_changed,
            "POPULATION_MOVED": result.population_moved,
            "GRIDS_CREATED": len(result.grids_created),
            "GRIDS_RETIRED": len(result.grids_retired),
        }
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        if report:
            write_report(report, project, result)
            outputs[self.OUTPUT_REPORT] = report
        log_summary(feedback, result)
        return outputs
