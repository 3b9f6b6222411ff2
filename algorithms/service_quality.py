"""``servicegrid:servicequality``: service quality per grid from the customer feedback.

A thin Processing layer over :mod:`core.quality`: it reads the project's feedback with the
core, then writes the project's grids with the quality columns added. Loaded on the map, the
layer gets ``resources/styles/quality.qml`` and Chinese aliases (a post-processor); a
GeoPackage output also keeps that style as its default.
"""

import os

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, Qt

from .base import ServiceGridAlgorithm
from .core import gpkg, schema
from .core import quality as core
from .core.errors import format_ids
from .project_template import configure_layer, layer_uri, load_style
from .qgis_io import fields_with_columns, mapped_attributes, new_field, write_features

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


class ServiceQualityAlgorithm(ServiceGridAlgorithm):
    """Per grid: feedback count, rating, complaints, response times against a standard,
    rating trend, flags and a suggested staff change."""

    ALGORITHM_ID = "servicequality"
    GROUP_ID = "field"

    PROJECT = "PROJECT"
    RESPONSE_STANDARD = "RESPONSE_STANDARD"
    DATE_FROM = "DATE_FROM"
    DATE_TO = "DATE_TO"
    OUTPUT = "OUTPUT"

    def displayName(self):  # noqa: N802 (QGIS API)
        return self.tr("Service quality per grid")

    def tags(self):
        return self.tr(
            "quality,feedback,rating,complaint,response,standard,staff,服务质量,反馈,评分,投诉,响应"
        ).split(",")

    def shortHelpString(self):  # noqa: N802 (QGIS API)
        return self.tr(
            "Measures the service quality of every grid of a project from its customer "
            "feedback, optionally between two dates (UTC days, both included), and writes the "
            "grids with these columns: feedback_count, avg_rating, complaint_share (feedback "
            "filed as a complaint or rated 1–2), response_median and response_p90 (minutes), "
            "below_standard, rating_trend, falling, flagged, staff_change and reasons.\n\n"
            "Below standard: the 90th percentile of the response times is above the response "
            "standard (at least 10 response times). Rating trend: the mean rating of the "
            "later half of the period (the dates given, else the first to the last feedback "
            "of the project) minus the earlier half; falling when it dropped by half "
            "a star or more and by at least twice its standard error (at least 5 ratings in "
            "each half). Flagged: below standard or falling.\n\n"
            "staff_change, the extra staff suggested: +1 when the 90th percentile is at least "
            "1.5 × the standard, +1 when ratings are falling (never negative). Give it to "
            "'Allocate staff to grids' as the quality field (QUALITY_FIELD = staff_change) "
            "with this layer as the grids: flagged grids are recommended more staff.\n\n"
            "Grids without feedback get a count of 0 and empty statistics. On the map the "
            "grids are coloured by average rating (red: poor, grey: no feedback) and flagged "
            "grids are hatched in red."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.addParameter(
            QgsProcessingParameterFile(
                self.PROJECT, self.tr("Project GeoPackage"), extension="gpkg"
            )
        )
        standard = QgsProcessingParameterNumber(
            self.RESPONSE_STANDARD,
            self.tr("Response standard (minutes)"),
            QgsProcessingParameterNumber.Double,
            core.DEFAULT_RESPONSE_STANDARD,
            False,
            0.1,
            1e6,
        )
        standard.setMetadata({"widget_wrapper": {"decimals": 1}})
        self.addParameter(standard)
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.DATE_FROM,
                self.tr("Feedback from (UTC day, included)"),
                QgsProcessingParameterDateTime.Date,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.DATE_TO,
                self.tr("Feedback to (UTC day, included)"),
                QgsProcessingParameterDateTime.Date,
                optional=True,
            )
        )
        self.add_sink(
            self.OUTPUT,
            self.tr("Service quality per grid"),
            QgsProcessing.SourceType.TypeVectorPolygon,
        )
        for key, label in (
            ("GRID_COUNT", self.tr("Grids")),
            ("FLAGGED_GRIDS", self.tr("Flagged grids")),
            ("FEEDBACK_COUNT", self.tr("Feedback counted")),
            ("STAFF_CHANGE", self.tr("Extra staff suggested (total)")),
        ):
            self.addOutput(QgsProcessingOutputNumber(key, label))

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        if not project or not gpkg.is_project(project):
            raise QgsProcessingException(
                self.tr(
                    "PROJECT: {path} is not a Service Grid project GeoPackage. Choose the project "
                    "file (made by 'Create service grid project')."
                ).format(path=project)
            )
        standard = self.parameterAsDouble(parameters, self.RESPONSE_STANDARD, context)
        if not standard > 0:
            raise QgsProcessingException(
                self.tr(
                    "RESPONSE_STANDARD must be a number of minutes above 0 (got {value})."
                ).format(value=parameters.get(self.RESPONSE_STANDARD))
            )
        date_from = self._date(parameters, self.DATE_FROM, context)
        date_to = self._date(parameters, self.DATE_TO, context)
        if date_from and date_to and date_from > date_to:
            raise QgsProcessingException(
                self.tr(
                    "The period is empty: DATE_FROM ({start}) is after DATE_TO ({end}). Swap the "
                    "dates or correct one of them."
                ).format(start=date_from, end=date_to)
            )
        report = core.quality_report(project, standard, date_from, date_to)
        feedback.setProgress(30)
        if feedback.isCanceled():
            return {}
        self._warn(feedback, report, date_from, date_to)

        grids = QgsVectorLayer(layer_uri(project, "grids"), "grids", "ogr")
        if not grids.isValid():
            raise QgsProcessingException(
                self.tr("PROJECT: the grids layer of {path} cannot be read.").format(path=project)
            )
        columns = []
        for definition in core.FIELDS:
            column = new_field(definition.name, definition.type)
            column.setAlias(definition.alias_zh)
            columns.append(column)
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

        dest_id = write_features(
            self,
            parameters,
            self.OUTPUT,
            context,
            fields,
            grids.wkbType(),
            grids.crs(),
            rows(),
            feedback,
            (30.0, 65.0, grids.featureCount()),
        )
        if dest_id is None:
            return {}
        self._store_style(dest_id, feedback)
        if context.willLoadLayerOnCompletion(dest_id):
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(
                QualityLayerStyler.create()
            )
        results = {
            self.OUTPUT: dest_id,
            "GRID_COUNT": report.grid_count,
            "FLAGGED_GRIDS": report.flagged,
            "FEEDBACK_COUNT": report.counted,
            "STAFF_CHANGE": report.staff_change,
        }
        self._summary(feedback, report)
        return results

    # ------------------------------------------------------------------ helpers

    def _date(self, parameters, key, context):
        """The parameter as ``YYYY-MM-DD`` (a UTC day), ``None`` when empty."""
        raw = parameters.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, QDate) and raw.isNull():
            return None
        value = self.parameterAsDateTime(parameters, key, context)
        if not value.isValid():
            raise QgsProcessingException(
                self.tr(
                    "{param}: '{value}' is not a date. Give a day as YYYY-MM-DD (UTC), or leave it "
                    "empty."
                ).format(param=key, value=raw)
            )
        return value.date().toString(Qt.DateFormat.ISODate)

    def _store_style(self, dest_id, feedback):
        """A GeoPackage output keeps the style (and aliases) as its default style."""
        path = str(dest_id).split("|")[0]
        if not path.lower().endswith(".gpkg") or not os.path.isfile(path):
            return
        layer = QgsVectorLayer(dest_id, "service_quality", "ogr")
        if not layer.isValid():
            return
        style_quality_layer(layer)
        message = layer.saveStyleToDatabase(STYLE_NAME, OUTPUT_LAYER.title_zh, True, "")
        if message:
            feedback.pushInfo(message)
        del layer

    def _warn(self, feedback, report, date_from, date_to):
        if report.feedback_rows == 0:
            feedback.pushWarning(
                self.tr(
                    "The project has no feedback yet: every grid gets a count of 0 and no "
                    "statistics. Sync the field packages first (or log feedback in the Feedback "
                    "dock)."
                )
            )
        elif report.counted == 0 and (date_from or date_to):
            feedback.pushWarning(
                self.tr(
                    "None of the {n} feedback rows falls between {start} and {end}: every grid "
                    "gets a count of 0."
                ).format(n=report.feedback_rows, start=date_from or "…", end=date_to or "…")
            )
        if report.unmatched:
            feedback.pushWarning(
                self.tr(
                    "{n} feedback row(s) are not in any grid of the project (grid ids: {ids}) and "
                    "were left out."
                ).format(n=report.unmatched, ids=core.describe_unmatched(report))
            )

    def _summary(self, feedback, report):
        start, middle, end = report.period
        if start:
            feedback.pushInfo(
                self.tr(
                    "Period {start} to {end}; the rating trend compares before and after {middle}."
                ).format(start=start, end=end, middle=middle)
            )
        feedback.pushInfo(
            self.tr(
                "{counted} feedback rows in {grids} grids ({with_feedback} with feedback); "
                "response standard {standard:g} min."
            ).format(
                counted=report.counted,
                grids=report.grid_count,
                with_feedback=sum(1 for c in report.columns["feedback_count"] if c),
                standard=report.response_standard,
            )
        )
        flagged = [i for i, f in enumerate(report.columns["flagged"]) if f]
        if not flagged:
            feedback.pushInfo(self.tr("No grid is flagged."))
            return
        feedback.pushInfo(
            self.tr("{n} grid(s) flagged, {staff} extra staff suggested: {ids}").format(
                n=len(flagged),
                staff=report.staff_change,
                ids=format_ids([report.columns["grid_id"][i] for i in flagged]),
            )
        )
        for i in flagged[:20]:
            feedback.pushInfo(
                "  {}: {}".format(report.columns["grid_id"][i], report.columns["reasons"][i])
            )
