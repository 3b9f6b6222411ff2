"""The results of 'Allocate staff to grids': assignment rows, the output layers and the project."""

import uuid

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, Qt

from .core import allocation as core
from .core import schema, workload
from .core.gpkg import replace_assignments
from .core.labels import ui_language
from .core.tables import Table
from .qgis_io import (
    fields_with_columns,
    mapped_attributes,
    new_field,
    schema_fields,
    write_features,
)

#: Namespace of the assignment uuids: the same grid and person always give the same uuid.
ASSIGNMENT_NAMESPACE = uuid.UUID("5d1c7c1e-3f0b-4e39-9a61-6a1f7e0b2c44")

#: Columns added to (or replaced in) the grids output.
OUTPUT_COLUMNS = (
    ("workload", schema.REAL),
    ("recommended_staff", schema.INT),
    ("assigned_staff", schema.INT),
)


def assignment_uuid(grid_id: str, staff_id: str) -> str:
    """A stable uuid for a grid–person pair, in QGIS's ``{…}`` form."""
    return "{" + str(uuid.uuid5(ASSIGNMENT_NAMESPACE, "{}|{}".format(grid_id, staff_id))) + "}"


def assignment_rows(result, grid_ids, staff):
    rows = []
    for g, s in zip(result.grid_index.tolist(), result.staff_index.tolist()):
        grid_id, staff_id = grid_ids[g], staff["ids"][s]
        rows.append((assignment_uuid(grid_id, staff_id), staff_id, grid_id, staff["roles"][s]))
    return rows


def write_grids(alg, parameters, context, grids, load, recommended, assigned):
    source = grids["source"]
    columns = []
    for name, kind in OUTPUT_COLUMNS:
        alias = (
            schema.GRIDS.get(name).alias(ui_language())
            if name in schema.GRIDS.field_names()
            else None
        )
        columns.append(new_field(name, kind, alias))
    fields, targets, positions = fields_with_columns(source.fields(), columns)
    row_of = {fid: row for row, fid in enumerate(grids["fids"])}

    def rows():
        request = QgsFeatureRequest()
        flags = QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks
        for feature in source.getFeatures(request, flags):
            row = row_of.get(feature.id())
            if row is None:
                continue
            attrs = mapped_attributes(feature, targets, fields.count())
            attrs[positions["workload"]] = round(float(load[row]), 1)
            attrs[positions["recommended_staff"]] = int(recommended[row])
            attrs[positions["assigned_staff"]] = int(assigned[row])
            yield feature.geometry(), attrs

    output = (parameters, alg.OUTPUT_GRIDS, context, fields, source.wkbType(), source.sourceCrs())
    return write_features(alg, *output, rows())


def write_assignments(alg, parameters, context, rows, stamp):
    fields = schema_fields(schema.ASSIGNMENTS)
    output = (
        parameters,
        alg.OUTPUT_ASSIGNMENTS,
        context,
        fields,
        QgsWkbTypes.Type.NoGeometry,
        QgsCoordinateReferenceSystem(),
    )
    return write_features(alg, *output, ((None, list(row) + [stamp]) for row in rows))


def check_project_grids(grids):
    """With PROJECT, the grids allocated must have the field grid_id (checked before the
    allocation is computed)."""
    if not grids["has_id"]:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "AllocateStaffAlgorithm",
                "To store the result in a project GeoPackage, allocate staff to the project's "
                "own grids layer (it has the field grid_id).",
            )
        )


def store_in_project(project, grids, recommended, rows, stamp, feedback, staff_capacity=None):
    """Store the assignments and the recommended staff in the project (one transaction), and
    the staff capacity that staff without one counted (for the dock and the workbook)."""
    when = stamp.toString(Qt.DateFormat.ISODate)
    table = Table(
        schema.ASSIGNMENTS,
        {
            "uuid": [r[0] for r in rows],
            "staff_id": [r[1] for r in rows],
            "grid_id": [r[2] for r in rows],
            "role": [r[3] for r in rows],
            "assigned_at": [when] * len(rows),
        },
    )
    meta = {}
    if staff_capacity:
        meta[workload.DEFAULT_CAPACITY_KEY] = repr(float(staff_capacity))
    counts = replace_assignments(
        project,
        table,
        grids["ids"],
        {"recommended_staff": [int(v) for v in recommended]},
        meta=meta,
    )
    if counts["grids"] < len(grids["ids"]):
        feedback.pushWarning(
            QCoreApplication.translate(
                "AllocateStaffAlgorithm",
                "Only {found} of the {grids} grids were found in {path}: allocate the "
                "project's own grids layer so that every grid gets its recommended "
                "staff.",
            ).format(found=counts["grids"], grids=len(grids["ids"]), path=project)
        )
    feedback.pushInfo(
        QCoreApplication.translate(
            "AllocateStaffAlgorithm",
            "Stored {assignments} assignments and the recommended staff of {updated} grids in "
            "{path}.",
        ).format(assignments=counts["assignments"], updated=counts["grids"], path=project)
    )


def overloaded_staff(grids, recommended, rows, staff):
    """The staff over capacity as the dock and the workbook count them
    (:mod:`core.workload`: the grids' workload without the quality term, shared among
    max(recommended, assigned) places)."""
    served = workload.grid_workloads(grids["population"], grids["demand_index"])
    loads, _grids = workload.person_loads(
        grids["ids"], served, [int(v) for v in recommended], ((r[1], r[2]) for r in rows)
    )
    return workload.over_capacity(loads, dict(zip(staff["ids"], staff["capacity"])))


def number_results(result, recommended, assignments, shortfall_staff, overloaded):
    """The numeric outputs (and METHOD) of the algorithm, from the core's result;
    ``overloaded``: the number of staff over capacity (:func:`overloaded_staff`)."""
    return {
        "TOTAL_RECOMMENDED": int(recommended.sum()),
        "TOTAL_ASSIGNED": assignments,
        "UNCOVERED_GRIDS": len(result.uncovered),
        "UNDERSTAFFED_GRIDS": len(result.understaffed),
        "OVERLOADED_STAFF": overloaded,
        "SHORTFALL_CAPACITY": round(result.shortfall_capacity, 1),
        "SHORTFALL_STAFF": shortfall_staff,
        "OBJECTIVE": round(result.travel, 1),
        "MEAN_TRAVEL_KM": round(result.mean_travel_km, 3),
        "MAX_UTILISATION": round(result.max_utilisation, 4),
        "GAP": None if result.gap is None else round(result.gap, 6),
        "UNSERVED_WORKLOAD": round(result.unserved, 1),
        "FORCED_SHORTFALL": round(result.forced_unserved, 1),
        "METHOD": result.method,
        "PLAN_QUALITY": core.quality_sentence(result),
    }
