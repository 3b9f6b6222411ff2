"""``servicegrid:syncfieldpackages``: merge field packages back into the project."""

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterMultipleLayers,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import TABLE, ServiceGridAlgorithm
from .core import fieldsync, schema
from .core.errors import CancelledError
from .qgis_io import new_field

#: Columns of the report table (one row per package, rejected row, conflict and warning).
REPORT_FIELDS = (
    *((name, schema.TEXT) for name in "package package_id staff_id entry status uuid".split()),
    *((name, schema.INT) for name in "inserted updated deleted conflicts rejected".split()),
    ("message", schema.TEXT),
)

#: The PACKAGES parameter takes files (and folders).
TYPE_FILE = QgsProcessing.SourceType.TypeFile


class SyncFieldPackagesAlgorithm(ServiceGridAlgorithm):
    """Three-way merge of field packages into the project GeoPackage (see docs/design/sync.md)."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP(
        "SyncFieldPackagesAlgorithm",
        "Sync field packages",
    )
    TAGS = QT_TRANSLATE_NOOP(
        "SyncFieldPackagesAlgorithm",
        "offline,field,package,qfield,feedback,sync,merge,外业,同步,反馈",
    )
    HELP = QT_TRANSLATE_NOOP(
        "SyncFieldPackagesAlgorithm",
        "Brings the feedback logged offline back into the project. Give package files "
        "or folders (every .gpkg inside is taken), in any order, as often as you like: "
        "rows are matched by their uuid, never by feature id, so nothing is duplicated and "
        "a package synced twice changes nothing.\n\n"
        "A row changed in the field and not in the office is updated; a column changed "
        "on both sides is a conflict: the office value stays and both values are kept in "
        "the sync_conflicts table for review (Feedback dock → Sync). Rows that break the "
        "rules (rating 1–5, category, a point outside the staff member's grids, damaged "
        "geometry, oversized text) are rejected with the reason; a damaged or foreign "
        "package is refused whole. The project is backed up first (folder "
        "[project]_backups) and written in one transaction: it is never half-updated.\n\n"
        "The report lists each package, each rejected row and each conflict.",
    )

    ALGORITHM_ID = "syncfieldpackages"
    GROUP_ID = "field"

    PROJECT = "PROJECT"
    PACKAGES = "PACKAGES"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        packages = self.tr("Field packages (files or folders)")
        self.add(QgsProcessingParameterMultipleLayers(self.PACKAGES, packages, TYPE_FILE))
        self.add_sink(self.OUTPUT, self.tr("Sync report"), TABLE)
        self.add_outputs(
            {
                "INSERTED": self.tr("Rows inserted"),
                "UPDATED": self.tr("Rows updated"),
                "DELETED": self.tr("Rows deleted"),
                "CONFLICTS": self.tr("Conflicts"),
                "REJECTED": self.tr("Rows rejected"),
                "UNCHANGED": self.tr("Rows unchanged"),
                "PACKAGES_REJECTED": self.tr("Packages refused"),
            }
        )
        texts = {"RUN_ID": self.tr("Sync run id"), "BACKUP": self.tr("Backup of the project")}
        self.add_outputs(texts, QgsProcessingOutputString)

    def process(self, parameters, context, feedback):
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        paths = self.parameterAsFileList(parameters, self.PACKAGES, context)
        if not paths:
            raise QgsProcessingException(
                self.tr("Choose at least one field package file or folder in {param}.").format(
                    param=self.param(self.PACKAGES)
                )
            )
        fields = QgsFields()
        for name, kind in REPORT_FIELDS:
            fields.append(new_field(name, kind))
        sink, dest = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        try:
            run = fieldsync.sync_packages(
                project, paths, progress=feedback.setProgress, is_canceled=feedback.isCanceled
            )
        except CancelledError as err:
            feedback.reportError(str(err))
            return {}
        for report in run.reports:
            self._report(feedback, report)
            self._rows(sink, fields, report, run)
        totals = run.totals()
        feedback.pushInfo(
            self.tr(
                "Sync {run}: {inserted} inserted, {updated} updated, {deleted} deleted, "
                "{conflicts} conflicts, {rejected} rejected, {unchanged} unchanged. Backup: "
                "{backup}"
            ).format(run=run.run_id, backup=run.backup, **totals)
        )
        return {
            self.OUTPUT: dest,
            "INSERTED": totals["inserted"],
            "UPDATED": totals["updated"],
            "DELETED": totals["deleted"],
            "CONFLICTS": totals["conflicts"],
            "REJECTED": totals["rejected"],
            "UNCHANGED": totals["unchanged"],
            "PACKAGES_REJECTED": totals["packages_rejected"],
            "RUN_ID": run.run_id,
            "BACKUP": run.backup,
        }

    def _report(self, feedback, report):
        if report.status == "rejected":
            feedback.reportError(
                self.tr("{path}: refused: {message}").format(
                    path=report.path, message=report.message
                )
            )
        else:
            feedback.pushInfo(
                self.tr("{path} ({package}): {status}: {message}").format(
                    path=report.path,
                    package=report.package_id,
                    status=report.status,
                    message=report.message,
                )
            )
        for key, reason in report.rejected[:50]:
            feedback.pushWarning(self.tr("Rejected {row}: {reason}").format(row=key, reason=reason))
        if len(report.rejected) > 50:
            feedback.pushWarning(
                self.tr("… and {n} more rejected rows (see the report)").format(
                    n=len(report.rejected) - 50
                )
            )
        for warning in report.warnings:
            feedback.pushWarning(warning)

    @staticmethod
    def _rows(sink, fields, report, run):
        def add(entry, status, uuid=None, message="", counts=False):
            feature = QgsFeature(fields)
            values = {
                "package": report.path,
                "package_id": report.package_id,
                "staff_id": report.staff_id,
                "entry": entry,
                "status": status,
                "uuid": uuid,
                "message": message,
            }
            if counts:
                values.update(
                    inserted=report.inserted,
                    updated=report.updated,
                    deleted=report.deleted,
                    conflicts=report.conflicts,
                    rejected=len(report.rejected),
                )
            feature.setAttributes([values.get(name) for name, _kind in REPORT_FIELDS])
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)

        add("package", report.status, message=report.message, counts=True)
        for key, reason in report.rejected:
            add("rejected", "rejected", key, reason)
        for warning in report.warnings:
            add("warning", "warning", message=warning)
