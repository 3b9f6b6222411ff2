"""``servicegrid:refreshfieldpackage``: an existing field package takes the office's later
changes, losing nothing entered in the field (see core/fieldsync/refresh.py)."""

from qgis.core import (
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import ServiceGridAlgorithm
from .core import fieldsync, gpkg, paths
from .core.errors import InputError, ServiceGridError
from .core.fieldsync import refresh
from .create_field_package import embed_package_project
from .project_refresh import require_not_open


class RefreshFieldPackageAlgorithm(ServiceGridAlgorithm):
    """Sync a field package, then rewrite it from the project as it is now."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("RefreshFieldPackageAlgorithm", "Refresh field package")
    TAGS = QT_TRANSLATE_NOOP(
        "RefreshFieldPackageAlgorithm",
        "offline,field,package,refresh,update,visits,qfield,sync,外业,更新,回访",
    )
    HELP = QT_TRANSLATE_NOOP(
        "RefreshFieldPackageAlgorithm",
        "Brings an existing field package up to date with the office: new and cancelled "
        "visits, grids assigned to or taken from the staff member, corrected outlets and "
        "units, feedback logged by others in the staff member's grids.\n\n"
        "Nothing entered in the field is lost: the package is first synced into the project "
        "(as 'Sync field packages' does; a package synced before adds nothing), then a new "
        "package is written for the same staff member from the project, and the rows the sync "
        "rejected (which exist only on the device) are put back into it unchanged. Grids the "
        "staff member no longer covers are left out, with their data. The old file is kept "
        "beside the new one as [name].[time].bak.gpkg.\n\n"
        "Leave the output empty to replace the package where it is (close it in QGIS or "
        "QField first).",
    )

    ALGORITHM_ID = "refreshfieldpackage"
    GROUP_ID = "field"

    PROJECT = "PROJECT"
    PACKAGE = "PACKAGE"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        behaviour = QgsProcessingParameterFile.Behavior.File
        self.add(
            QgsProcessingParameterFile(self.PACKAGE, self.tr("Field package"), behaviour, "gpkg")
        )
        self.add(
            QgsProcessingParameterFileDestination(
                self.OUTPUT,
                self.tr("Refreshed package (empty: replace the package)"),
                self.tr("GeoPackage (*.gpkg)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputString("PACKAGE_ID", self.tr("New package id")))
        self.add_outputs(
            {
                "SYNCED": self.tr("Rows synced into the project"),
                "CARRIED": self.tr("Rejected rows kept in the package"),
                "GRIDS_DROPPED": self.tr("Grids dropped"),
                "GRIDS_ADDED": self.tr("Grids added"),
                "VISITS": self.tr("Visits in the package"),
            }
        )

    def process(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        package = self.parameterAsFile(parameters, self.PACKAGE, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context) or package
        if not output.lower().endswith(".gpkg"):
            output += ".gpkg"
        if paths.same_file(output, project) or paths.same_file(package, project):
            raise InputError(
                self.tr(
                    "The project itself was given as the package or the output: choose the "
                    "field package file."
                )
            )
        require_not_open(output, context.project())
        info = refresh.check_package(project, package)
        steps.setCurrentStep(1)
        refresh.refresh_sync(project, package, info, is_canceled=feedback.isCanceled)
        report = info.report
        steps.setCurrentStep(2)
        if feedback.isCanceled():  # the sync is done (and harmless): the package stays
            raise ServiceGridError(self.tr("Cancelled: the package was synced, not refreshed."))
        with gpkg.atomic_output(output, overwrite=True) as tmp:
            try:
                new = fieldsync.export_field_package(
                    project, info.staff_id, tmp, expires_at=info.expires_at
                )
            except InputError as err:  # e.g. no grids left: the field work is safe all the same
                raise InputError(
                    self.tr(
                        "The package's field work was synced into the project, but the package "
                        "was not refreshed (it is unchanged): {reason}"
                    ).format(reason=err)
                ) from err
            language = gpkg.read_meta(project).get("language", "zh")
            embed_package_project(
                tmp, info.staff_id, new.package_id, language, expires_at=info.expires_at
            )
            steps.setCurrentStep(3)
            fieldsync.register_package(project, tmp, new)
            carried = refresh.finish_refresh(tmp, info)
        dropped, added = refresh.grid_changes(info.old_grids, new.grid_ids)
        synced = report.inserted + report.updated + report.deleted if report else 0
        feedback.pushInfo(
            self.tr(
                "Package {old} of {staff} synced ({synced} rows into the project, {conflicts} "
                "conflicts) and refreshed as {new} in {path}: {grids} grids ({added} added, "
                "{dropped} dropped), {visits} visits, {feedback_rows} feedback rows, {carried} "
                "rejected rows kept."
            ).format(
                old=info.package_id,
                staff=info.staff_id,
                synced=synced,
                conflicts=report.conflicts if report else 0,
                new=new.package_id,
                path=output,
                grids=len(new.grid_ids),
                added=len(added),
                dropped=len(dropped),
                visits=new.counts.get("visits", 0),
                feedback_rows=new.counts.get("feedback", 0),
                carried=sum(carried.values()),
            )
        )
        if report is not None:
            for key, reason in report.rejected[:50]:
                feedback.pushWarning(
                    self.tr("Kept in the package, not synced: {row}: {reason}").format(
                        row=key, reason=reason
                    )
                )
        steps.setProgress(100)
        return {
            self.OUTPUT: output,
            "PACKAGE_ID": new.package_id,
            "SYNCED": synced,
            "CARRIED": sum(carried.values()),
            "GRIDS_DROPPED": len(dropped),
            "GRIDS_ADDED": len(added),
            "VISITS": new.counts.get("visits", 0),
        }
