"""The results of 'Service quality per grid': the grids with the quality columns, their style
(on the map and in a GeoPackage output) and the log."""

import os

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingLayerPostProcessorInterface,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from .core import quality as core
from .core import schema
from .core.errors import format_ids
from .core.labels import ui_language
from .project_template import configure_layer, load_style
from .qgis_io import fields_with_columns, mapped_attributes, new_field, write_features

#: QVariant type of each quality column (grid_id comes from the grids layer).
#: The output layer as the schema sees it: the grids' fields and the quality fields (for
#: aliases and value maps).
OUTPUT_LAYER = schema.Layer(
    "service_quality",
    schema.POLYGON,
    "服务质量",
    "Service quality",
    schema.GRIDS.fields + core.FIELDS,
)
STYLE_NAME = "quality"
#: Quality columns that are 0 (not empty) for a grid without feedback.
WITHOUT_FEEDBACK_ZERO = ("feedback_count", "below_standard", "falling", "flagged", "staff_change")


def style_quality_layer(layer: QgsVectorLayer) -> bool:
    """Apply the quality style, Chinese aliases and yes/no value maps to a layer."""
    ok = load_style(layer, STYLE_NAME)
    configure_layer(layer, OUTPUT_LAYER)
    layer.triggerRepaint()
    return ok


class QualityLayerStyler(QgsProcessingLayerPostProcessorInterface):
    """Styles the output when Processing loads it on the map."""

    #: Processing does not own post-processors: Python keeps the last one alive.
    instance = None

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API)
        if isinstance(layer, QgsVectorLayer) and layer.isValid():
            style_quality_layer(layer)

    @staticmethod
    def create() -> "QualityLayerStyler":
        QualityLayerStyler.instance = QualityLayerStyler()
        return QualityLayerStyler.instance


def write_quality(alg, parameters, context, grids, report, feedback):
    """The project's grids with the quality columns, to the sink OUTPUT; its id, or ``None``
    when the user cancelled."""
    columns = []
    for definition in core.FIELDS:
        columns.append(new_field(definition.name, definition.type, definition.alias(ui_language())))
    fields, targets, positions = fields_with_columns(grids.fields(), columns)
    index_of = {g: i for i, g in enumerate(report.columns["grid_id"])}
    id_index = grids.fields().indexOf("grid_id")

    def rows():
        for feature in grids.getFeatures(QgsFeatureRequest()):
            attrs = mapped_attributes(feature, targets, fields.count())
            i = index_of.get(feature.attribute(id_index) if id_index >= 0 else None)
            for name, position in positions.items():
                if i is not None:
                    attrs[position] = report.columns[name][i]
                elif name in WITHOUT_FEEDBACK_ZERO:
                    attrs[position] = 0  # a grid without a grid_id: no feedback
            yield feature.geometry(), attrs

    progress = (30.0, 65.0, grids.featureCount())
    output = (parameters, alg.OUTPUT, context, fields, grids.wkbType(), grids.crs())
    return write_features(alg, *output, rows(), feedback, progress)


def style_output(dest_id, context, feedback):
    """Style the output: a GeoPackage keeps the style (and aliases) as its default style; a
    layer loaded on the map is styled when it is loaded."""
    path = str(dest_id).split("|")[0]
    if path.lower().endswith(".gpkg") and os.path.isfile(path):
        layer = QgsVectorLayer(dest_id, "service_quality", "ogr")
        if layer.isValid():
            style_quality_layer(layer)
            message = layer.saveStyleToDatabase(STYLE_NAME, OUTPUT_LAYER.title_zh, True, "")
            if message:
                feedback.pushInfo(message)
        del layer
    if context.willLoadLayerOnCompletion(dest_id):
        details = context.layerToLoadOnCompletionDetails(dest_id)
        details.setPostProcessor(QualityLayerStyler.create())


def warn(feedback, report, date_from, date_to):
    """Warn of a project without feedback, an empty period and feedback outside the grids."""
    if report.feedback_rows == 0:
        feedback.pushWarning(
            QCoreApplication.translate(
                "ServiceQualityAlgorithm",
                "The project has no feedback yet: every grid gets a count of 0 and no "
                "statistics. Sync the field packages first (or log feedback in the Feedback "
                "dock).",
            )
        )
    elif report.counted == 0 and (date_from or date_to):
        feedback.pushWarning(
            QCoreApplication.translate(
                "ServiceQualityAlgorithm",
                "None of the {n} feedback rows falls between {start} and {end}: every grid "
                "gets a count of 0.",
            ).format(n=report.feedback_rows, start=date_from or "…", end=date_to or "…")
        )
    if report.unmatched:
        feedback.pushWarning(
            QCoreApplication.translate(
                "ServiceQualityAlgorithm",
                "{n} feedback row(s) are not in any grid of the project (grid ids: {ids}) and "
                "were left out.",
            ).format(n=report.unmatched, ids=core.describe_unmatched(report))
        )


def summary(feedback, report):
    """Log the period, the counts and the flagged grids with their reasons."""
    start, middle, end = report.period
    if start:
        feedback.pushInfo(
            QCoreApplication.translate(
                "ServiceQualityAlgorithm",
                "Period {start} to {end}; the rating trend compares before and after {middle}.",
            ).format(start=start, end=end, middle=middle)
        )
    feedback.pushInfo(
        QCoreApplication.translate(
            "ServiceQualityAlgorithm",
            "{counted} feedback rows in {grids} grids ({with_feedback} with feedback); "
            "response standard {standard:g} min.",
        ).format(
            counted=report.counted,
            grids=report.grid_count,
            with_feedback=sum(1 for c in report.columns["feedback_count"] if c),
            standard=report.response_standard,
        )
    )
    flagged = [i for i, f in enumerate(report.columns["flagged"]) if f]
    if not flagged:
        feedback.pushInfo(
            QCoreApplication.translate("ServiceQualityAlgorithm", "No grid is flagged.")
        )
        return
    feedback.pushInfo(
        QCoreApplication.translate(
            "ServiceQualityAlgorithm", "{n} grid(s) flagged, {staff} extra staff suggested: {ids}"
        ).format(
            n=len(flagged),
            staff=report.staff_change,
            ids=format_ids([report.columns["grid_id"][i] for i in flagged]),
        )
    )
    for i in flagged[:20]:
        feedback.pushInfo(
            "  {}: {}".format(report.columns["grid_id"][i], report.columns["reasons"][i])
        )
