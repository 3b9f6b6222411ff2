"""``servicegrid:allocatestaff``: recommended staff per grid, and named staff assigned to grids.

A thin Processing layer over :mod:`core.allocation`: it reads the grids, the roster and the
outlets, checks them, calls the core and writes the grids with their staff counts and the
assignments table (and, with PROJECT, stores both in the project GeoPackage).
"""

import uuid

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsField,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDateTime, Qt, QVariant

from .base import ServiceGridAlgorithm
from .core import allocation as core
from .core import schema
from .core.errors import format_ids
from .core.gpkg import replace_assignments
from .core.tables import (
    Table,
    guess_fields,
    prepare_outlets,
    prepare_staff,
)
from .qgis_io import (
    fields_with_columns,
    grid_fields,
    grids_source,
    lower_names,
    mapped_attributes,
    read_grids,
    read_table,
    require_crs,
    schema_fields,
    write_features,
)

#: Namespace of the assignment uuids: the same grid and person always give the same uuid.
ASSIGNMENT_NAMESPACE = uuid.UUID("5d1c7c1e-3f0b-4e39-9a61-6a1f7e0b2c44")

#: Columns added to (or replaced in) the grids output.
OUTPUT_COLUMNS = (
    ("workload", QVariant.Double),
    ("recommended_staff", QVariant.Int),
    ("assigned_staff", QVariant.Int),
)


def assignment_uuid(grid_id: str, staff_id: str) -> str:
    """A stable uuid for a grid–person pair, in QGIS's ``{…}`` form."""
    return "{" + str(uuid.uuid5(ASSIGNMENT_NAMESPACE, "{}|{}".format(grid_id, staff_id))) + "}"


class AllocateStaffAlgorithm(ServiceGridAlgorithm):
    """Recommend staff numbers per grid and assign named staff to grids."""

    ALGORITHM_ID = "allocatestaff"
    GROUP_ID = "staff"

    GRIDS = "GRIDS"
    STAFF = "STAFF"
    OUTLETS = "OUTLETS"
    TOTAL_STAFF = "TOTAL_STAFF"
    MIN_STAFF_PER_GRID = "MIN_STAFF_PER_GRID"
    STAFF_CAPACITY = "STAFF_CAPACITY"
    QUALITY_FIELD = "QUALITY_FIELD"
    OUTPUT_GRIDS = "OUTPUT_GRIDS"
    OUTPUT_ASSIGNMENTS = "OUTPUT_ASSIGNMENTS"
    PROJECT = "PROJECT"

    NUMBER_OUTPUTS = (
        "TOTAL_RECOMMENDED",
        "TOTAL_ASSIGNED",
        "UNCOVERED_GRIDS",
        "UNDERSTAFFED_GRIDS",
        "OVERLOADED_STAFF",
        "SHORTFALL_CAPACITY",
        "SHORTFALL_STAFF",
        "OBJECTIVE",
        "MEAN_TRAVEL_KM",
        "MAX_UTILISATION",
        "GAP",
    )

    def displayName(self):  # noqa: N802 (QGIS API)
        return self.tr("Allocate staff to grids")

    def tags(self):
        return self.tr(
            "staff,allocation,assignment,apportionment,workload,capacity,人员,配置,分配,网格"
        ).split(",")

    def shortHelpString(self):  # noqa: N802 (QGIS API)
        return self.tr(
            "Recommends how many people each service grid needs and assigns named staff from "
            "the roster to grids.\n\n"
            "Workload per grid (population equivalents) = population × (1 + 0.5 × (demand "
            "index ÷ its population-weighted mean − 1)) + quality × staff capacity. Without a "
            "demand_index field it is the population. The optional quality field (e.g. "
            "staff_change from a service-quality run) adds that many people's worth of "
            "workload to a grid (negative values remove it).\n\n"
            "Recommended staff: with a total headcount, the total is apportioned exactly by "
            "the Webster (Sainte-Laguë) method, at least the minimum per grid; without it, "
            "workload ÷ staff capacity rounded up, at least the minimum.\n\n"
            "Assignment: only active staff; each works from their outlet (distance from the "
            "outlet to the grid), carries an equal share of each grid they cover and never "
            "more than their capacity (staff capacity where the roster has none). Every grid "
            "gets somebody, then its recommended number of people where the roster allows; "
            "loads are balanced against capacities and travel kept short. An exact "
            "optimisation (MILP) is used when the problem is small enough, a heuristic "
            "beyond. When the roster is too small, the missing capacity, the grids without "
            "enough people and anybody overloaded (only to cover a grid nobody else can) are "
            "reported.\n\n"
            "Results: TOTAL_RECOMMENDED, TOTAL_ASSIGNED, UNCOVERED_GRIDS, UNDERSTAFFED_GRIDS, "
            "OVERLOADED_STAFF, SHORTFALL_CAPACITY (population equivalents), SHORTFALL_STAFF, "
            "OBJECTIVE (workload-weighted travel, population equivalents × km), "
            "MEAN_TRAVEL_KM, MAX_UTILISATION, GAP (to the proven lower bound) and METHOD."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.GRIDS,
                self.tr("Service grids (polygons with population)"),
                [QgsProcessing.SourceType.TypeVectorPolygon],
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.STAFF, self.tr("Staff roster (table)"), [QgsProcessing.SourceType.TypeVector]
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.OUTLETS,
                self.tr("Outlets (points; travel is measured from them)"),
                [QgsProcessing.SourceType.TypeVectorPoint],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TOTAL_STAFF,
                self.tr("Total staff to apportion (0 = as many as recommended)"),
                QgsProcessingParameterNumber.Integer,
                0,
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MIN_STAFF_PER_GRID,
                self.tr("Minimum staff per grid"),
                QgsProcessingParameterNumber.Integer,
                1,
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.STAFF_CAPACITY,
                self.tr("Population one person can serve"),
                QgsProcessingParameterNumber.Double,
                10000.0,
                False,
                1.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.QUALITY_FIELD,
                self.tr("Extra staff suggested per grid (e.g. staff_change from service quality)"),
                None,
                self.GRIDS,
                QgsProcessingParameterField.Numeric,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_GRIDS,
                self.tr("Grids with staff"),
                QgsProcessing.SourceType.TypeVectorPolygon,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_ASSIGNMENTS, self.tr("Assignments"), QgsProcessing.SourceType.TypeVector
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.PROJECT,
                self.tr(
                    "Also store the result in this project GeoPackage (input: its grids layer)"
                ),
                QgsProcessingParameterFile.File,
                "gpkg",
                optional=True,
            )
        )
        descriptions = {
            "TOTAL_RECOMMENDED": self.tr("Recommended staff"),
            "TOTAL_ASSIGNED": self.tr("Assignments made"),
            "UNCOVERED_GRIDS": self.tr("Grids without anybody"),
            "UNDERSTAFFED_GRIDS": self.tr("Grids with fewer people than recommended"),
            "OVERLOADED_STAFF": self.tr("Staff above capacity"),
            "SHORTFALL_CAPACITY": self.tr("Workload not served within capacity"),
            "SHORTFALL_STAFF": self.tr("People missing"),
            "OBJECTIVE": self.tr("Workload-weighted travel"),
            "MEAN_TRAVEL_KM": self.tr("Mean travel (km)"),
            "MAX_UTILISATION": self.tr("Highest utilisation"),
            "GAP": self.tr("Gap to the lower bound"),
        }
        for key in self.NUMBER_OUTPUTS:
            self.addOutput(QgsProcessingOutputNumber(key, descriptions[key]))
        self.addOutput(QgsProcessingOutputString("METHOD", self.tr("Method")))

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        options = core.AllocationOptions(
            min_staff=self.parameterAsInt(parameters, self.MIN_STAFF_PER_GRID, context),
            total_staff=self.parameterAsInt(parameters, self.TOTAL_STAFF, context),
            staff_capacity=self.parameterAsDouble(parameters, self.STAFF_CAPACITY, context),
        )
        options.validate()

        # 1. read and check the grids, the outlets and the roster
        grids = self._read_grids(parameters, context, steps)
        steps.setCurrentStep(1)
        outlets = self._read_outlets(parameters, context, grids["crs"], steps)
        staff = self._read_staff(parameters, context, outlets, options, steps)
        if feedback.isCanceled():
            return {}
        steps.setCurrentStep(2)

        # 2. workload, recommendation, assignment
        load = core.workload(
            grids["population"],
            grids["demand_index"],
            grids["quality"],
            options.demand_weight,
            options.staff_capacity,
        )
        recommended = core.recommend(load, options)
        result = core.assign(
            grids["xy"],
            load,
            recommended,
            staff["capacity"],
            staff["xy"],
            options,
            progress=steps.setProgress,
            is_canceled=feedback.isCanceled,
        )
        for message in result.messages:
            feedback.pushWarning(message)
        steps.setCurrentStep(3)

        # 3. write
        ids = grids["ids"]
        staff_ids = staff["ids"]
        stamp = QDateTime.currentDateTimeUtc()
        stamp.setTime(stamp.time().addMSecs(-stamp.time().msec()))
        rows = self._assignment_rows(result, ids, staff)
        out = {}
        out[self.OUTPUT_GRIDS] = self._write_grids(
            parameters, context, grids, load, recommended, result.assigned
        )
        out[self.OUTPUT_ASSIGNMENTS] = self._write_assignments(parameters, context, rows, stamp)
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        if project:
            self._store_in_project(project, grids, recommended, rows, stamp, feedback)

        # 4. report
        total_workload = float(load.sum())
        total_capacity = float(np.sum(staff["capacity"]))
        message = core.shortfall_message(
            result, ids, staff_ids, options.staff_capacity, total_workload, total_capacity
        )
        if message:
            feedback.reportError(message, fatalError=False)
        shortfall_staff = int(np.ceil(result.shortfall_capacity / options.staff_capacity - 1e-9))
        feedback.pushInfo(
            self.tr(
                "{grids} grids, workload {workload:,.0f}; {recommended} staff recommended; "
                "{people} active staff with capacity {capacity:,.0f}; {assigned} assignments. "
                "Mean travel {km:.2f} km, highest utilisation {util:.0%}. Method: {method}; "
                "{pairs:,} candidate pairs."
            ).format(
                grids=len(ids),
                workload=total_workload,
                recommended=int(recommended.sum()),
                people=len(staff_ids),
                capacity=total_capacity,
                assigned=len(rows),
                km=result.mean_travel_km,
                util=result.max_utilisation,
                method=result.method,
                pairs=result.candidate_pairs,
            )
        )
        if result.gap is not None:
            feedback.pushInfo(
                self.tr(
                    "Objective {value:,.1f}, proven lower bound {bound:,.1f} (gap {gap:.2%})."
                ).format(value=result.objective, bound=result.lower_bound, gap=result.gap)
            )
        steps.setProgress(100)
        out.update(
            {
                "TOTAL_RECOMMENDED": int(recommended.sum()),
                "TOTAL_ASSIGNED": len(rows),
                "UNCOVERED_GRIDS": len(result.uncovered),
                "UNDERSTAFFED_GRIDS": len(result.understaffed),
                "OVERLOADED_STAFF": len(result.overloaded),
                "SHORTFALL_CAPACITY": round(result.shortfall_capacity, 1),
                "SHORTFALL_STAFF": shortfall_staff,
                "OBJECTIVE": round(result.travel, 1),
                "MEAN_TRAVEL_KM": round(result.mean_travel_km, 3),
                "MAX_UTILISATION": round(result.max_utilisation, 4),
                "GAP": None if result.gap is None else round(result.gap, 6),
                "METHOD": result.method,
            }
        )
        return out

    # ------------------------------------------------------------------ reading

    def _read_grids(self, parameters, context, feedback):
        source, label, crs = grids_source(self, parameters, self.GRIDS, context, feedback)
        names = source.fields().names()
        mapping = grid_fields(source, label)
        demand_index = lower_names(source).get("demand_index")
        if demand_index:
            mapping["demand_index"] = demand_index
        quality = self.parameterAsString(parameters, self.QUALITY_FIELD, context)
        if quality:
            if quality not in names:
                raise QgsProcessingException(
                    self.tr(
                        "Field '{field}' (QUALITY_FIELD) not found in the grids layer. Its fields "
                        "are: {fields}."
                    ).format(field=quality, fields=", ".join(names))
                )
            mapping["quality"] = quality
        raw, grids = read_grids(
            source,
            label,
            mapping,
            feedback,
            crs,
            context,
            unique_ids=True,
            non_negative=("population", "demand_index"),
        )
        return {
            "source": source,
            "crs": crs,
            "fids": raw.fids,
            "ids": grids.ids,
            "has_id": grids.has_id,
            "xy": grids.xy,
            "population": grids.population,
            "demand_index": grids.columns.get("demand_index"),
            "quality": grids.columns.get("quality"),
        }

    def _read_outlets(self, parameters, context, crs, feedback):
        source = self.parameterAsSource(parameters, self.OUTLETS, context)
        if source is None:
            feedback.pushInfo(self.tr("No outlets: travel is not taken into account."))
            return None
        label = source.sourceName() or self.tr("outlets")
        require_crs(source, label)
        mapping = guess_fields(source.fields().names(), schema.OUTLETS.field_names())
        if "outlet_id" not in mapping:
            raise QgsProcessingException(
                self.tr(
                    "The outlets layer '{layer}' has no outlet id field (outlet_id or 网点编号), "
                    "so the roster's outlet_id cannot be matched. Its fields are: {fields}."
                ).format(layer=label, fields=", ".join(source.fields().names()))
            )
        raw = read_table(source, label, mapping, feedback, crs, context=context)
        table = prepare_outlets(raw)
        return {
            "ids": table.columns["outlet_id"],
            "xy": {oid: (p.x, p.y) for oid, p in zip(table.columns["outlet_id"], table.geometries)},
        }

    def _read_staff(self, parameters, context, outlets, options, feedback):
        source = self.parameterAsSource(parameters, self.STAFF, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.STAFF))
        label = source.sourceName() or self.tr("staff")
        names = source.fields().names()
        mapping = guess_fields(names, schema.STAFF.field_names())
        raw = read_table(source, label, mapping, feedback, with_geometry=False, context=context)
        raw.source_fields["_all"] = names
        if len(raw) == 0:
            raise QgsProcessingException(
                self.tr(
                    "The staff roster '{layer}' is empty. Choose the roster with staff_id, name, "
                    "role, outlet_id, capacity and active."
                ).format(layer=label)
            )
        table = prepare_staff(raw, None)
        cols = table.columns
        active = [i for i, flag in enumerate(cols["active"]) if flag == 1]
        if not active:
            raise QgsProcessingException(
                self.tr(
                    "Nobody in the staff roster '{layer}' is active (active = 1). Mark the staff "
                    "who can be assigned as active."
                ).format(layer=label)
            )
        inactive = len(cols["staff_id"]) - len(active)
        if inactive:
            feedback.pushInfo(self.tr("{n} inactive staff left out.").format(n=inactive))
        capacity = []
        zero = []
        keep = []
        for i in active:
            value = cols["capacity"][i]
            if value is None:
                value = options.staff_capacity
            if value <= 0:
                zero.append(cols["staff_id"][i])
                continue
            keep.append(i)
            capacity.append(float(value))
        if zero:
            feedback.pushWarning(
                self.tr("{n} active staff have capacity 0 and take no grid: {ids}.").format(
                    n=len(zero), ids=format_ids(zero)
                )
            )
        if not keep:
            raise QgsProcessingException(
                self.tr(
                    "No active staff member has a capacity above 0. Set their capacity (population "
                    "one person can serve) or leave it empty to use the staff capacity."
                )
            )
        defaulted = sum(1 for i in keep if cols["capacity"][i] is None)
        if defaulted:
            feedback.pushInfo(
                self.tr(
                    "{n} staff without a capacity count {capacity:,.0f} each (staff capacity)."
                ).format(n=defaulted, capacity=options.staff_capacity)
            )
        xy = None
        if outlets is not None:
            known = outlets["xy"]
            unknown = sorted(
                {
                    cols["outlet_id"][i]
                    for i in keep
                    if cols["outlet_id"][i] is not None and cols["outlet_id"][i] not in known
                }
            )
            if unknown:
                who = [cols["staff_id"][i] for i in keep if cols["outlet_id"][i] in unknown]
                raise QgsProcessingException(
                    self.tr(
                        "The roster names {n} outlet id(s) that are not in the outlets layer: "
                        "{outlets} (staff {staff}). Correct the staff's outlet_id or add the "
                        "outlets."
                    ).format(n=len(unknown), outlets=format_ids(unknown), staff=format_ids(who))
                )
            nowhere = [cols["staff_id"][i] for i in keep if cols["outlet_id"][i] is None]
            if nowhere:
                raise QgsProcessingException(
                    self.tr(
                        "{n} active staff have no outlet: {ids}. Each person works from an outlet: "
                        "fill in their outlet_id (a mobile team has an outlet of kind 'mobile'), "
                        "or leave OUTLETS empty to ignore travel."
                    ).format(n=len(nowhere), ids=format_ids(nowhere))
                )
            xy = np.array([known[cols["outlet_id"][i]] for i in keep], dtype=float)
        return {
            "ids": [cols["staff_id"][i] for i in keep],
            "roles": [cols["role"][i] for i in keep],
            "capacity": np.array(capacity),
            "xy": xy,
        }

    # ------------------------------------------------------------------ writing

    @staticmethod
    def _assignment_rows(result, grid_ids, staff):
        rows = []
        for g, s in zip(result.grid_index.tolist(), result.staff_index.tolist()):
            grid_id, staff_id = grid_ids[g], staff["ids"][s]
            rows.append((assignment_uuid(grid_id, staff_id), staff_id, grid_id, staff["roles"][s]))
        return rows

    def _write_grids(self, parameters, context, grids, load, recommended, assigned):
        source = grids["source"]
        columns = []
        for name, kind in OUTPUT_COLUMNS:
            field = QgsField(name, kind)
            if name in schema.GRIDS.field_names():
                field.setAlias(schema.GRIDS.get(name).alias_zh)
            columns.append(field)
        fields, targets, positions = fields_with_columns(source.fields(), columns)
        row_of = {fid: row for row, fid in enumerate(grids["fids"])}

        def rows():
            request = QgsFeatureRequest()
            flags = QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks
            for feature in source.getFeatures(request, flags):
                row = row_of.get(feature.id())
                if row is None:
                    continue
                attrs = mapped_attributes(feature, targets, fields.count())
                attrs[positions["workload"]] = round(float(load[row]), 1)
                attrs[positions["recommended_staff"]] = int(recommended[row])
                attrs[positions["assigned_staff"]] = int(assigned[row])
                yield feature.geometry(), attrs

        return write_features(
            self,
            parameters,
            self.OUTPUT_GRIDS,
            context,
            fields,
            source.wkbType(),
            source.sourceCrs(),
            rows(),
        )

    def _write_assignments(self, parameters, context, rows, stamp):
        fields = schema_fields(schema.ASSIGNMENTS)
        return write_features(
            self,
            parameters,
            self.OUTPUT_ASSIGNMENTS,
            context,
            fields,
            QgsWkbTypes.NoGeometry,
            QgsCoordinateReferenceSystem(),
            ((None, list(row) + [stamp]) for row in rows),
        )

    def _store_in_project(self, project, grids, recommended, rows, stamp, feedback):
        if not grids["has_id"]:
            raise QgsProcessingException(
                self.tr(
                    "To store the result in a project GeoPackage, allocate staff to the project's "
                    "own grids layer (it has the field grid_id)."
                )
            )
        when = stamp.toString(Qt.ISODate)
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
        counts = replace_assignments(
            project, table, grids["ids"], {"recommended_staff": [int(v) for v in recommended]}
        )
        if counts["grids"] < len(grids["ids"]):
            feedback.pushWarning(
                self.tr(
                    "Only {found} of the {grids} grids were found in {path}: allocate the "
                    "project's own grids layer so that every grid gets its recommended "
                    "staff."
                ).format(found=counts["grids"], grids=len(grids["ids"]), path=project)
            )
        feedback.pushInfo(
            self.tr(
                "Stored {assignments} assignments and the recommended staff of {updated} grids in "
                "{path}."
            ).format(assignments=counts["assignments"], updated=counts["grids"], path=project)
        )
