"""``servicegrid:createfieldpackage``: a staff member's offline GeoPackage."""

from typing import Optional

from qgis.core import (
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputString,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import ServiceGridAlgorithm
from .basemap import add_basemap_parameters, basemap_step, prepare_basemap_layers
from .core import fieldsync, gpkg, paths
from .core.errors import ServiceGridError
from .project_refresh import require_not_open
from .project_template import embed_project, text
from .qfield_project import QFIELD_PROJECT, add_qfield_output, write_qfield_project

#: Layers of the project a field package shows (the tables ride along for reference).
PACKAGE_LAYERS = ("feedback", "visits", "outlets", "grids", "units", "staff", "assignments")


def embed_package_project(
    path: str,
    staff_id: str,
    package_id: str,
    language: str,
    expires_at: Optional[str] = None,
    view_extent=None,
) -> None:
    """The embedded project of a field package: its title (with the expiry date when it has
    one), the package's project variables and its layers (one package, a team's template, a
    refreshed package)."""
    title = text("package_of", language).format(staff_id)
    variables = {"sg_package_id": package_id, "sg_staff_id": staff_id}
    if expires_at:
        title += text("expires", language).format(expires_at[:10])
        variables["sg_expires_at"] = expires_at
    embed_project(
        path,
        title=title,
        variables=variables,
        shown=PACKAGE_LAYERS,
        language=language,
        view_extent=view_extent,
    )


class CreateFieldPackageAlgorithm(ServiceGridAlgorithm):
    """Write the field package of one staff member and keep its base snapshot."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP(
        "CreateFieldPackageAlgorithm",
        "Create field package",
    )
    TAGS = QT_TRANSLATE_NOOP(
        "CreateFieldPackageAlgorithm",
        "offline,field,package,qfield,feedback,sync,外业,离线,反馈",
    )
    HELP = QT_TRANSLATE_NOOP(
        "CreateFieldPackageAlgorithm",
        "Writes a GeoPackage for one staff member to take offline in QGIS or QField: "
        "only their grids (from the assignments), the units of those grids, their "
        "outlets and the feedback already logged in those grids, with a ready project "
        "whose feedback form fills the uuid, times, device, staff and grid by itself.\n\n"
        "The project keeps a copy of the feedback as it went out (the base snapshot), so "
        "'Sync field packages' can later tell field edits from office edits and never "
        "loses or duplicates a row. Give each staff member their own package.",
    )

    ALGORITHM_ID = "createfieldpackage"
    GROUP_ID = "field"

    PROJECT = "PROJECT"
    STAFF_ID = "STAFF_ID"
    OVERWRITE = "OVERWRITE"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        staff_id = QgsProcessingParameterString(self.STAFF_ID, self.tr("Staff id (工号)"))
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        self.add(staff_id)
        replace = self.tr("Replace an existing file (keeps a backup)")
        self.add_boolean(self.OVERWRITE, replace, advanced=True)
        self.add_file_output(self.OUTPUT, self.tr("Field package"), self.tr("GeoPackage (*.gpkg)"))
        self.addOutput(QgsProcessingOutputString("PACKAGE_ID", self.tr("Package id")))
        self.add_outputs(
            {"GRID_COUNT": self.tr("Grids"), "FEEDBACK_COUNT": self.tr("Feedback rows")}
        )
        add_basemap_parameters(self)
        add_qfield_output(self)

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        ready = super().prepareAlgorithm(parameters, context, feedback)
        self._basemap_layers = prepare_basemap_layers(self, parameters, context)
        return ready

    def process(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(3, feedback)
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        staff_id = self.parameterAsString(parameters, self.STAFF_ID, context).strip()
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not output.lower().endswith(".gpkg"):
            output += ".gpkg"
        overwrite = self.parameterAsBoolean(parameters, self.OVERWRITE, context)
        if not staff_id:
            raise QgsProcessingException(
                self.tr("Fill in {param}: the staff id of the person the package is for.").format(
                    param=self.param(self.STAFF_ID)
                )
            )
        if paths.same_file(output, project):
            raise QgsProcessingException(
                self.tr(
                    "The field package cannot be written over the project itself: choose another "
                    "output file."
                )
            )
        if overwrite:
            require_not_open(output, context.project())
        with gpkg.atomic_output(output, overwrite) as tmp:
            info = fieldsync.export_field_package(project, staff_id, tmp)
            steps.setCurrentStep(1)
            if feedback.isCanceled():
                raise ServiceGridError(self.tr("Cancelled: nothing was written."))
            language = gpkg.read_meta(project).get("language", "zh")  # older projects: zh
            embed_package_project(tmp, staff_id, info.package_id, language)
            steps.setCurrentStep(2)
            layers = getattr(self, "_basemap_layers", None)
            basemap = basemap_step(self, parameters, context, tmp, project, steps, layers)
            if feedback.isCanceled():
                raise ServiceGridError(self.tr("Cancelled: nothing was written."))
            fieldsync.register_package(project, tmp, info)
        qfield = write_qfield_project(output)
        feedback.pushInfo(
            self.tr(
                "Field package {package} for {staff} written to {path}: {grids} grids, {units} "
                "units, {outlets} outlets, {feedback} feedback rows."
            ).format(
                package=info.package_id,
                staff=staff_id,
                path=output,
                grids=len(info.grid_ids),
                units=info.counts.get("units", 0),
                outlets=info.counts.get("outlets", 0),
                feedback=info.counts.get("feedback", 0),
            )
        )
        steps.setProgress(100)
        return {
            self.OUTPUT: output,
            "PACKAGE_ID": info.package_id,
            "GRID_COUNT": len(info.grid_ids),
            "FEEDBACK_COUNT": info.counts.get("feedback", 0),
            QFIELD_PROJECT: qfield,
            **basemap,
        }
