"""The per-person results of 'Service quality per grid': the OUTPUT_STAFF table (service
quality and training needs of every person, :mod:`core.staff_quality`) and its log."""

from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

from .core import staff_quality as core
from .core.errors import format_ids
from .project_template import configure_layer
from .qgis_io import schema_fields, write_features


def write_staff_quality(alg, parameters, context, report, feedback):
    """The table of :data:`core.STAFF_QUALITY` to the sink OUTPUT_STAFF; its id (``None`` when
    cancelled)."""
    layer = core.STAFF_QUALITY
    fields = schema_fields(layer)
    names = layer.field_names()
    columns = report.columns
    rows = ((None, [columns[name][i] for name in names]) for i in range(report.staff_count))
    output = (
        parameters,
        alg.OUTPUT_STAFF,
        context,
        fields,
        QgsWkbTypes.Type.NoGeometry,
        QgsCoordinateReferenceSystem(),
    )
    progress = (70.0, 25.0, report.staff_count)
    dest = write_features(alg, *output, rows, feedback, progress)
    path = str(dest or "").split("|")[0]
    if path.lower().endswith(".gpkg"):
        table = QgsVectorLayer(dest, layer.name, "ogr")
        if table.isValid():
            configure_layer(table, layer)
            table.saveStyleToDatabase("staff_quality", layer.title_zh, True, "")
        del table
    return dest


def staff_summary(feedback, report):
    """Log the people measured and those who need training, with their reasons."""
    c = report.columns
    measured = sum(1 for n in c["feedback_count"] if n)
    feedback.pushInfo(
        QCoreApplication.translate(
            "ServiceQualityAlgorithm",
            "Per person: {measured} of {staff} staff have feedback; {needs} need training "
            "(rating standard {rating:g}, complaints up to {complaints:.0%}, follow-ups on "
            "time at least {followups:.0%}).",
        ).format(
            measured=measured,
            staff=report.staff_count,
            needs=report.training_needs,
            rating=report.standards.rating,
            complaints=report.standards.complaint,
            followups=report.standards.followup,
        )
    )
    if not report.has_visits:
        feedback.pushInfo(
            QCoreApplication.translate(
                "ServiceQualityAlgorithm",
                "No visits table in the project: follow-ups on time are left empty (no visits).",
            )
        )
    if report.without_staff:
        feedback.pushInfo(
            QCoreApplication.translate(
                "ServiceQualityAlgorithm",
                "{n} feedback row(s) have no staff id and count for no person.",
            ).format(n=report.without_staff)
        )
    if report.unknown_staff:
        feedback.pushWarning(
            QCoreApplication.translate(
                "ServiceQualityAlgorithm",
                "{n} feedback row(s) name staff ids that are not on the roster ({ids}); add them "
                "to the staff table to measure them.",
            ).format(n=report.unknown_staff, ids=format_ids(report.unknown_ids))
        )
    shown = 0
    for i, need in enumerate(c["training_need"]):
        if need and shown < 20:
            shown += 1
            label = "{} {}".format(c["staff_id"][i], c["name"][i] or "").strip()
            feedback.pushInfo("  {}: {}".format(label, c["training_reasons"][i]))
