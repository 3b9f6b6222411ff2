"""``servicegrid:assignvisits``: follow-up visits (回访) for customers or places, each given to
the staff of the grid it lies in (or to one named staff member), with a due date."""

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingParameterExpression,
    QgsProcessingParameterString,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import POINTS, POLYGONS, ServiceGridAlgorithm
from .core import schema
from .core.errors import CancelledError
from .core.labels import ui_label
from .core.visit_assign import VisitRequest, assign_visits, due_date_of
from .project_template import layer_uri

PURPOSES = [code for code, _zh, _en in schema.VISIT_PURPOSES]


class AssignVisitsAlgorithm(ServiceGridAlgorithm):
    """Write open visits into the project's visits layer."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("AssignVisitsAlgorithm", "Assign follow-up visits")
    TAGS = QT_TRANSLATE_NOOP(
        "AssignVisitsAlgorithm",
        "visit,follow-up,revisit,customers,renewal,due,field,回访,续保,任务,派发",
    )
    HELP = QT_TRANSLATE_NOOP(
        "AssignVisitsAlgorithm",
        "Assigns follow-up visits (回访) to field staff: one open visit per point of the "
        "input (customers, or any places), in the grid the point lies in, with a purpose and "
        "a due date.\n\n"
        "Without a staff id, each visit goes to the staff assigned to its grid (when several "
        "are, to the one with the fewest open visits); with one, all go to that person. "
        "Without an input layer, the project's customers layer is used. The expression "
        "chooses which points (e.g. \"type\" = 'enterprise'). Points outside every grid, "
        "grids nobody covers and customers who already have an open visit of the same "
        "purpose are skipped and counted, so running it twice adds nothing twice.\n\n"
        "The visits travel in the staff members' field packages (make or refresh them), "
        "are marked done in the field and come back with the sync.",
    )

    ALGORITHM_ID = "assignvisits"
    GROUP_ID = "field"

    PROJECT = "PROJECT"
    INPUT = "INPUT"
    EXPRESSION = "EXPRESSION"
    CUSTOMER_ID_FIELD = "CUSTOMER_ID_FIELD"
    STAFF_ID = "STAFF_ID"
    PURPOSE = "PURPOSE"
    DUE_DATE = "DUE_DATE"
    DUE_DAYS = "DUE_DAYS"
    ASSIGNED_BY = "ASSIGNED_BY"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        self.add_source(
            self.INPUT,
            self.tr("Customers or places (empty: the project's customers)"),
            POINTS,
            POLYGONS,
            optional=True,
        )
        self.add(
            QgsProcessingParameterExpression(
                self.EXPRESSION,
                self.tr("Only the points where this expression is true"),
                parentLayerParameterName=self.INPUT,
                optional=True,
            )
        )
        self.add_field(
            self.CUSTOMER_ID_FIELD,
            self.tr("Customer id field"),
            self.INPUT,
            default="customer_id",
            optional=True,
        )
        self.add(
            QgsProcessingParameterString(
                self.STAFF_ID, self.tr("Staff id (empty: the staff of each grid)"), optional=True
            )
        )
        labels = [ui_label(schema.VISIT_PURPOSES, code) for code in PURPOSES]
        self.add_enum(self.PURPOSE, self.tr("Purpose"), labels)
        self.add(
            QgsProcessingParameterString(
                self.DUE_DATE, self.tr("Due date (YYYY-MM-DD; empty: in N days)"), optional=True
            )
        )
        self.add_number(self.DUE_DAYS, self.tr("Due in days"), 14, 0, 3650, integer=True)
        self.add(
            QgsProcessingParameterString(self.ASSIGNED_BY, self.tr("Assigned by"), optional=True),
            advanced=True,
        )
        self.add_outputs(
            {
                "CREATED": self.tr("Visits assigned"),
                "OUTSIDE": self.tr("Points outside every grid"),
                "NO_STAFF": self.tr("Points in grids nobody covers"),
                "DUPLICATES": self.tr("Customers with an open visit already"),
            }
        )

    def _source(self, parameters, context, project):
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is not None:
            return source, source.sourceCrs()
        layer = QgsVectorLayer(layer_uri(project, "customers"), "customers", "ogr")
        if not layer.isValid():
            raise QgsProcessingException(
                self.tr(
                    "Choose the customers or places in {param}: the project has no customers "
                    "layer to take them from."
                ).format(param=self.param(self.INPUT))
            )
        context.temporaryLayerStore().addMapLayer(layer)
        return layer, layer.crs()

    def process(self, parameters, context, feedback):
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        source, crs = self._source(parameters, context, project)
        expression = self.parameterAsExpression(parameters, self.EXPRESSION, context)
        id_field = self.parameterAsString(parameters, self.CUSTOMER_ID_FIELD, context)
        staff_id = self.parameterAsString(parameters, self.STAFF_ID, context).strip() or None
        purpose = PURPOSES[self.parameterAsEnum(parameters, self.PURPOSE, context)]
        due = due_date_of(
            self.parameterAsString(parameters, self.DUE_DATE, context).strip() or None,
            self.parameterAsInt(parameters, self.DUE_DAYS, context),
        )
        by = self.parameterAsString(parameters, self.ASSIGNED_BY, context).strip()
        grids = QgsVectorLayer(layer_uri(project, "grids"), "grids", "ogr")
        if not grids.isValid():
            raise QgsProcessingException(
                self.tr("{path} has no grids layer: build the grids first.").format(path=project)
            )
        transform = QgsCoordinateTransform(crs, grids.crs(), context.transformContext())
        id_index = source.fields().lookupField(id_field) if id_field else -1
        request = QgsFeatureRequest()
        if expression:
            request.setFilterExpression(expression)
        requests = []
        total = max(source.featureCount(), 1)
        for n, feature in enumerate(source.getFeatures(request)):
            if feedback.isCanceled():
                raise CancelledError(self.tr("Cancelled: nothing was written."))
            geometry = feature.geometry()
            if geometry is None or geometry.isEmpty():
                continue
            point = geometry.pointOnSurface()
            point.transform(transform)
            xy = point.asPoint()
            customer = feature.attribute(id_index) if id_index >= 0 else None
            customer_id = None if customer in (None, "") else str(customer)
            requests.append(VisitRequest(xy.x(), xy.y(), customer_id=customer_id))
            feedback.setProgress(50.0 * (n + 1) / total)
        report = assign_visits(project, requests, purpose, due, by, staff_id)
        feedback.pushInfo(
            self.tr(
                "{created} visits assigned (due {due}); skipped: {outside} outside every grid, "
                "{no_staff} in grids nobody covers, {duplicates} with an open visit already."
            ).format(
                created=len(report.created),
                due=due,
                outside=report.outside,
                no_staff=len(requests) - len(report.created) - report.outside - report.duplicates,
                duplicates=report.duplicates,
            )
        )
        for person, count in sorted(report.per_staff.items()):
            feedback.pushInfo(self.tr("{staff}: {n} visits").format(staff=person, n=count))
        if report.no_staff:
            feedback.pushWarning(
                self.tr("Grids with visits but no staff assigned: {grids}").format(
                    grids=", ".join(report.no_staff[:20])
                )
            )
        feedback.setProgress(100)
        return {
            "CREATED": len(report.created),
            "OUTSIDE": report.outside,
            "NO_STAFF": len(requests) - len(report.created) - report.outside - report.duplicates,
            "DUPLICATES": report.duplicates,
        }
