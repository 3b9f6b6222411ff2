"""``servicegrid:servicequality``: service quality per grid from the customer feedback.

A thin Processing layer over :mod:`core.quality`: it reads the project's feedback with the
core, then writes the project's grids with the quality columns added. Loaded on the map, the
layer gets ``resources/styles/quality.qml`` and Chinese aliases (a post-processor); a
GeoPackage output also keeps that style as its default.
"""

from qgis.core import QgsProcessingException, QgsProcessingParameterDateTime, QgsVectorLayer
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QDate, Qt

from .base import POLYGONS, TABLE, ServiceGridAlgorithm
from .core import gpkg, staff_quality
from .core import quality as core
from .project_template import layer_uri
from .service_quality_output import style_output, summary, warn, write_quality
from .service_quality_staff import staff_summary, write_staff_quality

#: DATE_FROM and DATE_TO are days.
DAY = QgsProcessingParameterDateTime.Type.Date


class ServiceQualityAlgorithm(ServiceGridAlgorithm):
    """Per grid: feedback count, rating, complaints, response times against a standard,
    rating trend, flags and a suggested staff change."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP(
        "ServiceQualityAlgorithm",
        "Service quality per grid",
    )
    TAGS = QT_TRANSLATE_NOOP(
        "ServiceQualityAlgorithm",
        "quality,feedback,rating,complaint,response,standard,staff,服务质量,反馈,评分,投诉,响应",
    )
    HELP = QT_TRANSLATE_NOOP(
        "ServiceQualityAlgorithm",
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
        "grids are hatched in red.\n\n"
        "Per person (OUTPUT_STAFF, optional table): feedback_count, avg_rating, "
        "complaint_share, response_p90, followups_due and on_time_share (follow-up visits "
        "done by the end of their due day, from the project's visits table when it has one), "
        "and training_need with training_reasons. A person needs training when below a "
        "standard with enough evidence: at least 20 ratings with a mean below "
        "RATING_STANDARD by at least twice its standard error; at least 20 feedback with a "
        "complaint share above COMPLAINT_STANDARD (%) by at least twice its standard error; "
        "at least 10 response times with the 90th percentile above the response standard; "
        "at least 5 follow-ups due with an on-time share below FOLLOWUP_STANDARD (%) by at "
        "least twice its standard error.",
    )

    ALGORITHM_ID = "servicequality"
    GROUP_ID = "field"

    PROJECT = "PROJECT"
    RESPONSE_STANDARD = "RESPONSE_STANDARD"
    DATE_FROM = "DATE_FROM"
    DATE_TO = "DATE_TO"
    RATING_STANDARD = "RATING_STANDARD"
    COMPLAINT_STANDARD = "COMPLAINT_STANDARD"
    FOLLOWUP_STANDARD = "FOLLOWUP_STANDARD"
    OUTPUT = "OUTPUT"
    OUTPUT_STAFF = "OUTPUT_STAFF"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        default = core.DEFAULT_RESPONSE_STANDARD
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        standard = self.tr("Response standard (minutes)")
        self.add_number(self.RESPONSE_STANDARD, standard, default, 0.1, 1e6, decimals=1)
        first = self.tr("Feedback from (UTC day, included)")
        self.add(QgsProcessingParameterDateTime(self.DATE_FROM, first, DAY, optional=True))
        last = self.tr("Feedback to (UTC day, included)")
        self.add(QgsProcessingParameterDateTime(self.DATE_TO, last, DAY, optional=True))
        rating = self.tr("Rating standard per person (stars)")
        self.add_number(
            self.RATING_STANDARD, rating, staff_quality.DEFAULT_RATING_STANDARD, 1.0, 5.0
        )
        complaints = self.tr("Complaint standard per person (% of feedback, at most)")
        default = 100.0 * staff_quality.DEFAULT_COMPLAINT_STANDARD
        self.add_number(self.COMPLAINT_STANDARD, complaints, default, 0.0, 100.0)
        followups = self.tr("Follow-up standard per person (% on time, at least)")
        default = 100.0 * staff_quality.DEFAULT_FOLLOWUP_STANDARD
        self.add_number(self.FOLLOWUP_STANDARD, followups, default, 0.0, 100.0)
        self.add_sink(self.OUTPUT, self.tr("Service quality per grid"), POLYGONS)
        staff = self.tr("Service quality and training needs per person")
        self.add_sink(self.OUTPUT_STAFF, staff, TABLE, optional=True)
        self.add_outputs(
            {
                "GRID_COUNT": self.tr("Grids"),
                "FLAGGED_GRIDS": self.tr("Flagged grids"),
                "FEEDBACK_COUNT": self.tr("Feedback counted"),
                "STAFF_CHANGE": self.tr("Extra staff suggested (total)"),
                "STAFF_COUNT": self.tr("Staff measured"),
                "TRAINING_NEEDS": self.tr("Staff who need training"),
            }
        )

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
                ).format(param=self.param(key), value=raw)
            )
        return value.date().toString(Qt.DateFormat.ISODate)

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        if not project or not gpkg.is_project(project):
            raise QgsProcessingException(
                self.tr(
                    "{param}: {path} is not a Service Grid project GeoPackage. Choose the "
                    "project file (made by 'Create service grid project')."
                ).format(param=self.param(self.PROJECT), path=project)
            )
        standard = self.parameterAsDouble(parameters, self.RESPONSE_STANDARD, context)
        if not standard > 0:
            raise QgsProcessingException(
                self.tr("{param} must be a number of minutes above 0 (got {value}).").format(
                    param=self.param(self.RESPONSE_STANDARD),
                    value=parameters.get(self.RESPONSE_STANDARD),
                )
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
        warn(feedback, report, date_from, date_to)

        grids = QgsVectorLayer(layer_uri(project, "grids"), "grids", "ogr")
        if not grids.isValid():
            raise QgsProcessingException(
                self.tr("{param}: the grids layer of {path} cannot be read.").format(
                    param=self.param(self.PROJECT), path=project
                )
            )
        dest_id = write_quality(self, parameters, context, grids, report, feedback)
        if dest_id is None:
            return {}
        style_output(dest_id, context, feedback)
        people = self._staff(parameters, context, feedback, standard, date_from, date_to)
        if people is None:
            return {}
        results, staff_report = people
        results.update(
            {
                self.OUTPUT: dest_id,
                "GRID_COUNT": report.grid_count,
                "FLAGGED_GRIDS": report.flagged,
                "FEEDBACK_COUNT": report.counted,
                "STAFF_CHANGE": report.staff_change,
            }
        )
        summary(feedback, report)
        staff_summary(feedback, staff_report)
        return results

    def _staff(self, parameters, context, feedback, standard, date_from, date_to):
        """Per person: the OUTPUT_STAFF table (when asked for); ``(results, report)``, or
        ``None`` when cancelled."""
        standards = staff_quality.Standards(
            response=standard,
            rating=self.parameterAsDouble(parameters, self.RATING_STANDARD, context),
            complaint=self.parameterAsDouble(parameters, self.COMPLAINT_STANDARD, context) / 100,
            followup=self.parameterAsDouble(parameters, self.FOLLOWUP_STANDARD, context) / 100,
        )
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        report = staff_quality.staff_report(project, standards, date_from, date_to)
        results = {"STAFF_COUNT": report.staff_count, "TRAINING_NEEDS": report.training_needs}
        if parameters.get(self.OUTPUT_STAFF) is not None:
            dest = write_staff_quality(self, parameters, context, report, feedback)
            if dest is None:
                return None
            results[self.OUTPUT_STAFF] = dest
        return results, report
