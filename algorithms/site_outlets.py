"""``servicegrid:siteoutlets``: choose new outlet sites among candidates, keep the existing
outlets, and assign every grid to an outlet.

A thin Processing layer over :mod:`core.siting`: it reads the grids (their representative
points and population), the existing outlets and the candidate sites in one projected CRS,
calls the core and writes the outlets and the grids; with PROJECT it also stores the new
outlets and ``grids.outlet_id`` in the project GeoPackage (:mod:`core.siting_store`).
"""

import math
from statistics import median

import numpy as np
import shapely
from qgis.core import (
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .base import ServiceGridAlgorithm
from .core import schema, siting
from .core.errors import format_ids
from .core.siting_store import project_outlet_ids, project_staff_capacity, store_siting
from .core.tables import guess_fields, parse_number, prepare_outlets
from .qgis_io import (
    geometry_kind,
    grid_fields,
    grids_source,
    read_grids,
    read_table,
    require_crs,
    write_features,
)

#: METHOD enum values, in order, and the core's names for them.
METHODS = ("coverage", "p-median")
CORE_METHODS = {"coverage": "coverage", "p-median": "pmedian"}

#: Names under which a candidate layer stores its site id (first found wins).
CANDIDATE_ID_NAMES = (
    "candidate_id",
    "site_id",
    "outlet_id",
    "id",
    "code",
    "候选编号",
    "候选点编号",
    "编号",
)

#: Fields of OUTPUT_OUTLETS: (name, type, Chinese alias).
OUTLET_FIELDS = (
    ("outlet_id", QVariant.String, schema.OUTLETS.get("outlet_id").alias_zh),
    ("name", QVariant.String, schema.OUTLETS.get("name").alias_zh),
    ("kind", QVariant.String, schema.OUTLETS.get("kind").alias_zh),
    ("capacity", QVariant.Int, schema.OUTLETS.get("capacity").alias_zh),
    ("status", QVariant.String, schema.OUTLETS.get("status").alias_zh),
    ("is_new", QVariant.Int, "新增网点"),
    ("population_covered", QVariant.LongLong, "覆盖人口"),
    ("grids_assigned", QVariant.Int, "服务网格数"),
)


class SiteOutletsAlgorithm(ServiceGridAlgorithm):
    """Site new outlets (maximal coverage or p-median) and assign grids to outlets."""

    ALGORITHM_ID = "siteoutlets"
    GROUP_ID = "staff"

    GRIDS = "GRIDS"
    OUTLETS = "OUTLETS"
    CANDIDATES = "CANDIDATES"
    NEW_OUTLETS = "NEW_OUTLETS"
    METHOD = "METHOD"
    SERVICE_RADIUS = "SERVICE_RADIUS"
    CAPACITY_AWARE = "CAPACITY_AWARE"
    OUTPUT_OUTLETS = "OUTPUT_OUTLETS"
    OUTPUT_GRIDS = "OUTPUT_GRIDS"
    PROJECT = "PROJECT"

    NUMBER_OUTPUTS = ("COVERED_POPULATION", "COVERAGE_SHARE", "MEAN_DISTANCE", "OBJECTIVE", "GAP")

    def displayName(self):  # noqa: N802 (QGIS API)
        return self.tr("Site outlets")

    def tags(self):
        return self.tr(
            "outlet,site,location,coverage,MCLP,p-median,allocation,capacity,网点,选址,覆盖"
        ).split(",")

    def shortHelpString(self):  # noqa: N802 (QGIS API)
        return self.tr(
            "Chooses the given number of new outlet sites among the candidate points, keeping "
            "every existing outlet (open or planned; closed ones are ignored), then assigns "
            "every grid to an outlet.\n\n"
            "Coverage: as many people as possible within the service radius of an outlet "
            "(maximal covering; among equal coverage, shorter distances). p-median: the "
            "shortest population-weighted distance from the grids to their nearest outlet.\n\n"
            "A grid counts at its centroid (or a point inside it when the centroid falls "
            "outside) with its population; distances are straight lines in metres (a layer in "
            "degrees is reprojected to its UTM zone).\n\n"
            "Grids go to their nearest outlet, or, with the capacity-aware assignment, each "
            "whole grid to one outlet without exceeding its capacity: capacity (staff) × the "
            "population one person serves (the mean capacity of the project's active staff "
            "with a project, else 10,000). A candidate without a capacity gets the median of "
            "the others. If the outlets cannot hold everybody, all are loaded by the same "
            "factor and the log says so.\n\n"
            "Outputs: the outlets (existing and new, is_new = 1) with the population of their "
            "grids within the radius and the number of grids they serve; the grids with "
            "outlet_id and distance_m. With a project GeoPackage, the new outlets are added to "
            "its outlets layer as planned and the grids get their outlet_id, in one step.\n\n"
            "Results: COVERED_POPULATION (within the radius of any outlet), COVERAGE_SHARE, "
            "MEAN_DISTANCE (m, population-weighted), OBJECTIVE (coverage: covered population; "
            "p-median: population × metres), GAP (how far from optimal the result can at most "
            "be, from a bound; 0 = proven optimal) and METHOD."
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
                self.OUTLETS,
                self.tr("Existing outlets (points; kept)"),
                [QgsProcessing.SourceType.TypeVectorPoint],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.CANDIDATES,
                self.tr("Candidate sites for new outlets (points)"),
                [QgsProcessing.SourceType.TypeVectorPoint],
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.NEW_OUTLETS,
                self.tr("Number of new outlets"),
                QgsProcessingParameterNumber.Integer,
                5,
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.METHOD,
                self.tr("Method"),
                [
                    self.tr("Coverage: most people within the service radius"),
                    self.tr("p-median: shortest population-weighted distance"),
                ],
                defaultValue=0,
            )
        )
        radius = QgsProcessingParameterDistance(
            self.SERVICE_RADIUS,
            self.tr("Service radius (m)"),
            siting.DEFAULT_RADIUS,
            None,
            False,
            1.0,
        )
        radius.setDefaultUnit(QgsUnitTypes.DistanceMeters)
        self.addParameter(radius)
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.CAPACITY_AWARE,
                self.tr("Capacity-aware assignment (outlet capacity in staff)"),
                False,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_OUTLETS,
                self.tr("Outlets (existing and new)"),
                QgsProcessing.SourceType.TypeVectorPoint,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_GRIDS,
                self.tr("Grids with their outlet"),
                QgsProcessing.SourceType.TypeVectorPolygon,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.PROJECT,
                self.tr(
                    "Also store the result in this project GeoPackage (grids: its "
                    "grids layer; outlets: its outlets layer)"
                ),
                QgsProcessingParameterFile.File,
                "gpkg",
                optional=True,
            )
        )
        labels = {
            "COVERED_POPULATION": self.tr("Population within the service radius"),
            "COVERAGE_SHARE": self.tr("Share of the population within the radius"),
            "MEAN_DISTANCE": self.tr("Population-weighted mean distance (m)"),
            "OBJECTIVE": self.tr("Objective"),
            "GAP": self.tr("Gap to the bound (0 = proven optimal)"),
        }
        for key in self.NUMBER_OUTPUTS:
            self.addOutput(QgsProcessingOutputNumber(key, labels[key]))
        self.addOutput(QgsProcessingOutputString("METHOD", self.tr("Method")))

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        source, label, crs = grids_source(self, parameters, self.GRIDS, context, feedback)
        method = METHODS[self.parameterAsEnum(parameters, self.METHOD, context)]
        new_outlets = self.parameterAsInt(parameters, self.NEW_OUTLETS, context)
        radius = self.parameterAsDouble(parameters, self.SERVICE_RADIUS, context)
        capacity_aware = self.parameterAsBoolean(parameters, self.CAPACITY_AWARE, context)
        project = self.parameterAsFile(parameters, self.PROJECT, context) or None
        if radius <= 0:
            raise QgsProcessingException(self.tr("The service radius must be above 0 m."))

        # 1. read the three layers in the working CRS
        grids = self._read_grids(source, label, crs, steps, context)
        existing = self._read_outlets(parameters, context, crs, feedback)
        candidates = self._read_candidates(parameters, context, crs)
        if candidates["count"] == 0 and new_outlets > 0:
            raise QgsProcessingException(
                self.tr(
                    "The candidate layer has no sites: add candidate points for new outlets, or "
                    "set the number of new outlets to 0."
                )
            )
        if new_outlets > candidates["count"]:
            raise QgsProcessingException(
                self.tr(
                    "{p} new outlets were asked for (NEW_OUTLETS) but the candidate layer has only "
                    "{m} sites: lower the number or add candidates."
                ).format(p=new_outlets, m=candidates["count"])
            )
        capacities = self._capacities(existing, candidates, project, capacity_aware, feedback)
        steps.setCurrentStep(1)

        # 2. solve
        result = siting.site_outlets(
            grids["xy"],
            grids["population"],
            candidates["xy"],
            new_outlets,
            method=CORE_METHODS[method],
            radius=radius,
            existing_xy=existing["xy"] if existing["count"] else None,
            existing_capacity=capacities["existing"],
            candidate_capacity=capacities["candidates"],
            capacity_aware=capacity_aware,
            progress=steps.setProgress,
            is_canceled=feedback.isCanceled,
        )
        for note in result.notes:
            feedback.pushWarning(note)
        steps.setCurrentStep(2)

        # 3. outputs
        outlets = self._outlet_rows(result, existing, candidates, capacities, feedback)
        outlets_dest = self._write_outlets(parameters, context, crs, outlets, result)
        grid_outlet = [outlets[row]["outlet_id"] for row in result.assignment]
        grids_dest = self._write_grids(
            parameters, context, crs, source, grids, grid_outlet, result.distance, steps
        )
        if grids_dest is None:
            return {}
        steps.setCurrentStep(3)

        # 4. the project
        if project:
            self._store(project, grids, grid_outlet, outlets, crs, feedback)
        steps.setProgress(100)
        self._report(feedback, method, result, outlets, radius)
        out = {
            self.OUTPUT_OUTLETS: outlets_dest,
            self.OUTPUT_GRIDS: grids_dest,
            "COVERED_POPULATION": result.covered_population,
            "COVERAGE_SHARE": result.coverage_share,
            "MEAN_DISTANCE": result.mean_distance,
            "OBJECTIVE": result.objective,
            "GAP": result.gap,
            "METHOD": method,
        }
        return out

    # ------------------------------------------------------------------ reading

    def _read_grids(self, source, label, crs, steps, context):
        mapping = grid_fields(source, label)
        raw, grids = read_grids(source, label, mapping, steps, crs, context)
        return {
            "raw": raw,
            "ids": grids.ids,
            "grid_ids": raw.columns.get("grid_id"),
            "id_field": mapping.get("grid_id"),
            "population": grids.population,
            "xy": grids.xy,
        }

    def _point_source(self, parameters, key, context, required):
        source = self.parameterAsSource(parameters, key, context)
        if source is None:
            if required:
                raise QgsProcessingException(self.invalidSourceError(parameters, key))
            return None, None
        label = source.sourceName() or key.lower()
        kind = geometry_kind(source)
        if kind != "point":
            raise QgsProcessingException(
                self.tr(
                    "Layer '{layer}' ({param}) holds {kind} geometries, but outlets and candidate "
                    "sites must be points. Choose a point layer (or make points with 'Centroids' "
                    "or 'Point on surface')."
                ).format(layer=label, param=key, kind=kind)
            )
        require_crs(source, label)
        return source, label

    def _read_points(self, source, label, mapping, crs, context):
        raw = read_table(source, label, mapping, None, crs, context=context)
        xy, bad = [], []
        for i, wkb in enumerate(raw.geometries or []):
            geom = shapely.from_wkb(wkb) if wkb is not None else None
            if geom is not None and geom.geom_type == "MultiPoint" and len(geom.geoms) == 1:
                geom = geom.geoms[0]
            if geom is None or geom.is_empty or geom.geom_type != "Point":
                bad.append(raw.fids[i])
                xy.append((math.nan, math.nan))
            else:
                xy.append((geom.x, geom.y))
        if bad:
            raise QgsProcessingException(
                self.tr(
                    "{n} feature(s) of layer '{layer}' have no location or more than one point "
                    "(feature ids {fids}). Fix their location, then run again."
                ).format(n=len(bad), layer=label, fids=format_ids(bad))
            )
        return raw, np.array(xy, dtype=float).reshape(-1, 2)

    def _read_outlets(self, parameters, context, crs, feedback):
        source, label = self._point_source(parameters, self.OUTLETS, context, required=False)
        empty = {
            "count": 0,
            "xy": np.zeros((0, 2)),
            "ids": [],
            "names": [],
            "kinds": [],
            "capacity": [],
            "status": [],
        }
        if source is None:
            return empty
        names = source.fields().names()
        mapping = guess_fields(names, ["outlet_id", "name", "kind", "capacity", "status"])
        raw, _xy = self._read_points(source, label, mapping, crs, context)
        table = prepare_outlets(raw)
        for note in table.notes:
            feedback.pushInfo(note)
        keep = [i for i, status in enumerate(table.columns["status"]) if status != "closed"]
        closed = len(table) - len(keep)
        if closed:
            feedback.pushInfo(self.tr("{n} closed outlet(s) were left out.").format(n=closed))
        cols = table.columns
        return {
            "count": len(keep),
            "xy": np.array(
                [(table.geometries[i].x, table.geometries[i].y) for i in keep], dtype=float
            ).reshape(-1, 2),
            "ids": [cols["outlet_id"][i] for i in keep],
            "names": [cols["name"][i] for i in keep],
            "kinds": [cols["kind"][i] for i in keep],
            "capacity": [cols["capacity"][i] for i in keep],
            "status": [cols["status"][i] for i in keep],
        }

    def _read_candidates(self, parameters, context, crs):
        source, label = self._point_source(parameters, self.CANDIDATES, context, required=True)
        names = source.fields().names()
        lower = {n.lower(): n for n in names}
        mapping = guess_fields(names, ["name", "kind", "capacity"])
        id_field = next((lower[c] for c in CANDIDATE_ID_NAMES if c in lower), None)
        if id_field:
            mapping["candidate_id"] = id_field
        raw, xy = self._read_points(source, label, mapping, crs, context)
        if id_field:
            ids = [
                str(v).strip() if v not in (None, "") else None for v in raw.columns["candidate_id"]
            ]
            blank = [fid for fid, v in zip(raw.fids, ids) if v is None]
            if blank:
                raise QgsProcessingException(
                    self.tr(
                        "Id field '{field}' of layer '{layer}' is empty for {n} site(s) "
                        "(feature ids {fids}). Give every candidate an id, then run again."
                    ).format(field=id_field, layer=label, n=len(blank), fids=format_ids(blank))
                )
            seen = {}
            for v in ids:
                seen[v] = seen.get(v, 0) + 1
            twice = sorted(v for v, k in seen.items() if k > 1)
            if twice:
                raise QgsProcessingException(
                    self.tr(
                        "Id field '{field}' of layer '{layer}' must be unique, but these ids occur "
                        "more than once: {ids}."
                    ).format(field=id_field, layer=label, ids=format_ids(twice))
                )
        else:
            ids = ["C{:03d}".format(i + 1) for i in range(len(raw))]
        kinds_ok = {code for code, _zh, _en in schema.OUTLET_KINDS}
        kinds = [
            str(v).strip() if v is not None and str(v).strip() in kinds_ok else "service_point"
            for v in raw.columns.get("kind") or [None] * len(raw)
        ]
        capacity = []
        for fid, value in zip(raw.fids, raw.columns.get("capacity") or [None] * len(raw)):
            try:
                number = parse_number(value)
            except (TypeError, ValueError):
                raise QgsProcessingException(
                    self.tr(
                        "Capacity of candidate site (feature id {fid}) in layer '{layer}' is not a "
                        "number: {value!r}."
                    ).format(fid=fid, layer=label, value=value)
                ) from None
            capacity.append(number)
        site_names = [
            str(v) if v not in (None, "") else ids[i]
            for i, v in enumerate(raw.columns.get("name") or [None] * len(raw))
        ]
        return {
            "count": len(raw),
            "xy": xy,
            "ids": ids,
            "names": site_names,
            "kinds": kinds,
            "capacity": capacity,
            "label": label,
        }

    def _capacities(self, existing, candidates, project, capacity_aware, feedback):
        """Capacities in staff (for the outputs) and in people (for the core)."""
        known = [float(c) for c in existing["capacity"] + candidates["capacity"] if c is not None]
        # the median, as a whole number of staff (as stored in the outlets layer)
        fallback = float(math.floor(median(known) + 0.5)) if known else None
        staff_e = [c if c is not None else fallback for c in existing["capacity"]]
        staff_c = [c if c is not None else fallback for c in candidates["capacity"]]
        out = {
            "staff_existing": staff_e,
            "staff_candidates": staff_c,
            "existing": None,
            "candidates": None,
            "per_staff": None,
        }
        if not capacity_aware:
            return out
        if fallback is None:
            raise QgsProcessingException(
                self.tr(
                    "The capacity-aware assignment needs outlet capacities (staff), but neither "
                    "the outlets nor the candidates have a capacity field with values. Add a "
                    "capacity field (staff the outlet can host) or switch the option off."
                )
            )
        missing = sum(c is None for c in existing["capacity"] + candidates["capacity"])
        if missing:
            feedback.pushInfo(
                self.tr(
                    "{n} outlet(s) or site(s) without a capacity count with the median capacity, "
                    "{value:g} staff."
                ).format(n=missing, value=fallback)
            )
        per_staff = None
        if project:
            per_staff = project_staff_capacity(project)
        if per_staff:
            feedback.pushInfo(
                self.tr(
                    "Capacity in people = staff × {value:,.0f} (the mean capacity of the project's "
                    "active staff)."
                ).format(value=per_staff)
            )
        else:
            per_staff = siting.DEFAULT_POPULATION_PER_STAFF
            feedback.pushInfo(
                self.tr(
                    "Capacity in people = staff × {value:,.0f} (the default population one person "
                    "serves)."
                ).format(value=per_staff)
            )
        out["per_staff"] = per_staff
        out["existing"] = np.array(staff_e, dtype=float) * per_staff if staff_e else None
        out["candidates"] = np.array(staff_c, dtype=float) * per_staff
        return out

    # ------------------------------------------------------------------ writing

    def _outlet_rows(self, result, existing, candidates, capacities, feedback):
        """One dict per outlet row of the result (existing first, then the new ones)."""
        rows = []
        taken = set(existing["ids"])
        renamed = []
        for row, source_index in enumerate(result.outlet_source):
            i = int(source_index)
            if not result.outlet_is_new[row]:
                capacity = capacities["staff_existing"][i] if existing["count"] else None
                rows.append(
                    {
                        "outlet_id": existing["ids"][i],
                        "name": existing["names"][i],
                        "kind": existing["kinds"][i],
                        "capacity": capacity,
                        "status": existing["status"][i],
                        "is_new": 0,
                        "x": existing["xy"][i, 0],
                        "y": existing["xy"][i, 1],
                    }
                )
                continue
            outlet_id = candidates["ids"][i]
            if outlet_id in taken:
                renamed.append(outlet_id)
                outlet_id = "new-" + outlet_id
            taken.add(outlet_id)
            rows.append(
                {
                    "outlet_id": outlet_id,
                    "name": candidates["names"][i],
                    "kind": candidates["kinds"][i],
                    "capacity": capacities["staff_candidates"][i],
                    "status": "planned",
                    "is_new": 1,
                    "x": candidates["xy"][i, 0],
                    "y": candidates["xy"][i, 1],
                }
            )
        if renamed:
            feedback.pushWarning(
                self.tr(
                    "Candidate ids also used by existing outlets got the prefix 'new-': {ids}."
                ).format(ids=format_ids(renamed))
            )
        for row, outlet in enumerate(rows):
            outlet["population_covered"] = int(round(float(result.outlet_covered[row])))
            outlet["population"] = float(result.outlet_population[row])
            outlet["grids_assigned"] = int(result.outlet_points[row])
        return rows

    def _write_outlets(self, parameters, context, crs, outlets, result):
        fields = QgsFields()
        for name, kind, alias in OUTLET_FIELDS:
            field = QgsField(name, kind)
            field.setAlias(alias)
            fields.append(field)
        rows = (
            (
                QgsGeometry.fromPointXY(QgsPointXY(outlet["x"], outlet["y"])),
                [
                    outlet["outlet_id"],
                    outlet["name"],
                    outlet["kind"],
                    None if outlet["capacity"] is None else int(round(outlet["capacity"])),
                    outlet["status"],
                    outlet["is_new"],
                    outlet["population_covered"],
                    outlet["grids_assigned"],
                ],
            )
            for outlet in outlets
        )
        return write_features(
            self, parameters, self.OUTPUT_OUTLETS, context, fields, QgsWkbTypes.Point, crs, rows
        )

    def _write_grids(
        self, parameters, context, crs, source, grids, grid_outlet, distance, feedback
    ):
        """The input grids (all their fields) with outlet_id and distance_m, in the working
        CRS; ``None`` when the user cancelled."""
        fields = QgsFields(source.fields())
        positions = {}
        for name, kind, alias in (
            ("outlet_id", QVariant.String, schema.GRIDS.get("outlet_id").alias_zh),
            ("distance_m", QVariant.Double, "距网点距离(米)"),
        ):
            index = fields.indexOf(name)
            if index < 0:
                field = QgsField(name, kind)
                field.setAlias(alias)
                fields.append(field)
                index = fields.count() - 1
            positions[name] = index
        raw = grids["raw"]
        row_of = {fid: row for row, fid in enumerate(raw.fids)}

        def rows():
            request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
            for feature in source.getFeatures(request):
                row = row_of.get(feature.id())
                if row is None:
                    continue
                attributes = feature.attributes()
                attributes += [None] * (fields.count() - len(attributes))
                attributes[positions["outlet_id"]] = grid_outlet[row]
                attributes[positions["distance_m"]] = round(float(distance[row]), 1)
                geometry = QgsGeometry()
                geometry.fromWkb(raw.geometries[row])
                yield geometry, attributes

        wkb_type = QgsWkbTypes.multiType(source.wkbType())
        return write_features(
            self,
            parameters,
            self.OUTPUT_GRIDS,
            context,
            fields,
            wkb_type,
            crs,
            rows(),
            feedback,
            (0.0, 100.0, len(raw)),
        )

    def _store(self, project, grids, grid_outlet, outlets, crs, feedback):
        if not grids["id_field"]:
            raise QgsProcessingException(
                self.tr(
                    "To store the result in a project GeoPackage, site outlets for the project's "
                    "own grids layer (it has the field grid_id)."
                )
            )
        new = [o for o in outlets if o["is_new"]]
        known = set(project_outlet_ids(project))
        stored = store_siting(project, grids["grid_ids"], grid_outlet, new, crs.toWkt())
        replanned = [o["outlet_id"] for o in new if o["outlet_id"] in known]
        if replanned:
            feedback.pushInfo(
                self.tr("Outlets already in the project were updated: {ids}.").format(
                    ids=format_ids(replanned)
                )
            )
        if stored["grids"] < len(grids["grid_ids"]):
            feedback.pushWarning(
                self.tr("{n} grid(s) are not in the project and were not stored.").format(
                    n=len(grids["grid_ids"]) - stored["grids"]
                )
            )
        feedback.pushInfo(
            self.tr(
                "Stored in {path}: {added} new planned outlet(s), {updated} updated; {grids} "
                "grids carry their outlet id."
            ).format(
                path=project,
                added=stored["outlets_added"],
                updated=stored["outlets_updated"],
                grids=stored["grids"],
            )
        )

    def _solver_label(self, result):
        labels = {
            "heuristic": self.tr(
                "greedy start, fast interchange and variable neighbourhood search, {swaps} swaps"
            ).format(swaps=result.swaps),
            "exact": self.tr("exact, HiGHS MILP"),
            "relax_and_fix": self.tr("LP relaxation and MILP with HiGHS"),
            "existing": self.tr("existing outlets only"),
            "all": self.tr("every candidate"),
            "none": self.tr("no population"),
        }
        return labels.get(result.solver, result.solver)

    def _report(self, feedback, method, result, outlets, radius):
        new_ids = [o["outlet_id"] for o in outlets if o["is_new"]]
        feedback.pushInfo(
            self.tr("New outlets: {ids}.").format(ids=", ".join(new_ids) if new_ids else "–")
        )
        feedback.pushInfo(
            self.tr(
                "{covered:,.0f} of {total:,.0f} people ({share:.1%}) live within {radius:,.0f} m "
                "of an outlet; population-weighted mean distance {mean:,.0f} m."
            ).format(
                covered=result.covered_population,
                total=result.total_population,
                share=result.coverage_share,
                radius=radius,
                mean=result.mean_distance,
            )
        )
        if result.gap is not None:
            feedback.pushInfo(
                self.tr(
                    "Method {method} ({solver}): objective {objective:,.0f}; at most {gap:.2%} "
                    "from the optimum (bound {bound:,.0f})."
                ).format(
                    method=method,
                    solver=self._solver_label(result),
                    objective=result.objective,
                    gap=result.gap,
                    bound=result.bound,
                )
            )
        else:
            feedback.pushInfo(
                self.tr("Method {method} ({solver}): objective {objective:,.0f}.").format(
                    method=method, solver=self._solver_label(result), objective=result.objective
                )
            )
        capacity = result.outlet_capacity
        over = [
            o["outlet_id"]
            for o, cap in zip(outlets, capacity)
            if np.isfinite(cap) and o["population"] > cap * (1 + 1e-9)
        ]
        if over:
            feedback.pushWarning(
                self.tr("{n} outlet(s) serve more people than their capacity: {ids}.").format(
                    n=len(over), ids=format_ids(over)
                )
            )
