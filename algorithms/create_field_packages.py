"""``servicegrid:createfieldpackages``: the field packages of a whole team in one run."""

import datetime as _dt
import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputFolder,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import ServiceGridAlgorithm
from .basemap import (
    BASEMAP_MAX_ZOOM,
    add_basemap_parameters,
    prepare_basemap_layers,
    team_basemaps,
)
from .core import fieldsync, paths
from .create_field_package import embed_package_project
from .qfield_project import write_qfield_project


def embed_template(template) -> None:
    """The embedded project of a team run's template package (placeholders for the staff id,
    the package id and the map extent; the run's expiry as it is)."""
    embed_package_project(
        template.path,
        template.staff_id,
        template.package_id,
        template.language,
        expires_at=template.expires_at,
        view_extent=template.extent,
    )


class CreateFieldPackagesAlgorithm(ServiceGridAlgorithm):
    """Write one field package per chosen staff member, reading the project once."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("CreateFieldPackagesAlgorithm", "Create field packages (team)")
    TAGS = QT_TRANSLATE_NOOP(
        "CreateFieldPackagesAlgorithm",
        "offline,field,package,team,batch,qfield,expiry,外业,离线,团队,批量",
    )
    HELP = QT_TRANSLATE_NOOP(
        "CreateFieldPackagesAlgorithm",
        "Writes the field packages of a team in one run: one GeoPackage per staff member, "
        "named [staff id]_[YYYYMMDD].gpkg (or a .zip with a README), each holding only that "
        "person's grids, the units and outlets of those grids, the feedback already logged "
        "there, their own staff record and assignments (no colleague's name or phone).\n\n"
        "Choose the staff: all active staff, the staff of some outlets or districts (comma-"
        "separated ids), or a list of staff ids. Active staff without grids are skipped and "
        "named; a listed id that is unknown, inactive or has no grids stops the run before "
        "anything is written.\n\n"
        "Expires after (days): the package carries its expiry date; after it the form warns "
        "but still saves, and the sync still takes the work (with a warning). 0: never.\n\n"
        "Cancelling between two people keeps the packages finished so far (registered in the "
        "project, ready to sync) and writes no other file.\n\n"
        "Each package written as a file (not zipped) gets the project QField opens, "
        "[staff id]_[YYYYMMDD].qgz, beside it; with Basemap: highest zoom level above 0 "
        "(advanced) each also carries an offline basemap of its grids within the size bound.",
    )

    ALGORITHM_ID = "createfieldpackages"
    GROUP_ID = "field"

    PROJECT = "PROJECT"
    STAFF_SELECTION = "STAFF_SELECTION"
    OUTLETS = "OUTLETS"
    DISTRICTS = "DISTRICTS"
    STAFF_IDS = "STAFF_IDS"
    EXPIRES_DAYS = "EXPIRES_DAYS"
    ZIP = "ZIP"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        self.add_enum(
            self.STAFF_SELECTION,
            self.tr("Whose packages"),
            [
                self.tr("All active staff"),
                self.tr("Active staff of the outlets"),
                self.tr("Active staff of the districts"),
                self.tr("The listed staff ids"),
            ],
        )
        for key, label in (
            (self.OUTLETS, self.tr("Outlet ids (comma-separated)")),
            (self.DISTRICTS, self.tr("District codes (comma-separated)")),
            (self.STAFF_IDS, self.tr("Staff ids (comma-separated)")),
        ):
            self.add(QgsProcessingParameterString(key, label, optional=True))
        self.add_number(
            self.EXPIRES_DAYS,
            self.tr("Expires after (days, 0 = never)"),
            30,
            low=0,
            high=3650,
            integer=True,
        )
        self.add(QgsProcessingParameterBoolean(self.ZIP, self.tr("One zip per person"), False))
        self.add(
            QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, self.tr("Output folder"))
        )
        self.addOutput(QgsProcessingOutputFolder(self.OUTPUT_FOLDER, self.tr("Output folder")))
        self.addOutput(QgsProcessingOutputString("PACKAGES", self.tr("Package files")))
        self.addOutput(QgsProcessingOutputString("SKIPPED", self.tr("Staff skipped")))
        self.addOutput(QgsProcessingOutputString("EXPIRES_AT", self.tr("Expires at (UTC)")))
        self.addOutput(QgsProcessingOutputBoolean("CANCELLED", self.tr("Cancelled")))
        self.add_outputs({"PACKAGE_COUNT": self.tr("Packages")})
        add_basemap_parameters(self)

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        ready = super().prepareAlgorithm(parameters, context, feedback)
        self._basemap_layers = prepare_basemap_layers(self, parameters, context)
        return ready

    def process(self, parameters, context, feedback):
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        choice = fieldsync.SELECTIONS[
            self.parameterAsEnum(parameters, self.STAFF_SELECTION, context)
        ]
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        if paths.same_file(folder, project):
            raise QgsProcessingException(self.tr("The output folder cannot be the project."))
        os.makedirs(folder, exist_ok=True)
        members, notes = fieldsync.choose_team(
            fieldsync.read_team(project),
            choice,
            outlets=[self.parameterAsString(parameters, self.OUTLETS, context)],
            districts=[self.parameterAsString(parameters, self.DISTRICTS, context)],
            staff_ids=[self.parameterAsString(parameters, self.STAFF_IDS, context)],
        )
        for note in notes:
            feedback.pushWarning(note)
        days = self.parameterAsInt(parameters, self.EXPIRES_DAYS, context)
        feedback.pushInfo(
            self.tr("Writing {count} field packages into {folder}…").format(
                count=len(members), folder=folder
            )
        )

        def progress(fraction, staff_id):
            feedback.setProgress(100.0 * fraction)
            if staff_id:
                feedback.setProgressText(self.tr("Package of {staff}").format(staff=staff_id))

        with_basemap = self.parameterAsInt(parameters, BASEMAP_MAX_ZOOM, context) > 0
        result = fieldsync.export_team(
            project,
            members,
            folder,
            embed=embed_template,
            day=_dt.date.today(),
            expires=fieldsync.expires_at(days),
            zip_output=self.parameterAsBoolean(parameters, self.ZIP, context),
            progress=progress,
            is_canceled=feedback.isCanceled,
            # the QField projects: from the template at once, unless each gets a basemap
            qfield=None if with_basemap else write_qfield_project,
        )
        # packages as files (not zipped): their basemap and the project QField opens
        files = [p for _m, p, _i in result.written if p.lower().endswith(".gpkg")]
        basemap = team_basemaps(
            self,
            parameters,
            context,
            files,
            project,
            feedback,
            getattr(self, "_basemap_layers", None),
        )
        if with_basemap:  # the QField project after the basemap, which it shows
            for path in files:
                write_qfield_project(path)
        for member, path, info in result.written:
            feedback.pushInfo(
                self.tr("{staff}: {file} ({grids} grids, {feedback} feedback rows)").format(
                    staff=member.staff_id,
                    file=os.path.basename(path),
                    grids=len(info.grid_ids),
                    feedback=info.counts.get("feedback", 0),
                )
            )
        if result.cancelled:
            feedback.reportError(
                self.tr(
                    "Cancelled: {done} of {count} packages were written and registered; the "
                    "others were not made."
                ).format(done=len(result.written), count=len(members))
            )
        return {
            self.OUTPUT_FOLDER: folder,
            "PACKAGES": ";".join(p for _m, p, _i in result.written),
            "PACKAGE_COUNT": len(result.written),
            **basemap,
            "SKIPPED": " ".join(notes),
            "EXPIRES_AT": result.expires_at or "",
            "CANCELLED": result.cancelled,
        }
