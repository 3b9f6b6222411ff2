"""The results of 'Site outlets': outlet rows, the output layers, the project and the log."""

import numpy as np
from qgis.core import (
    QgsFeatureRequest,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from .core import schema
from .core.errors import format_ids
from .core.siting_store import project_outlet_ids, store_siting
from .qgis_io import (
    new_field,
    write_features,
)

#: Fields of OUTPUT_OUTLETS: (name, type, Chinese alias).
OUTLET_FIELDS = (
    ("outlet_id", schema.TEXT, schema.OUTLETS.get("outlet_id").alias_zh),
    ("name", schema.TEXT, schema.OUTLETS.get("name").alias_zh),
    ("kind", schema.TEXT, schema.OUTLETS.get("kind").alias_zh),
    ("capacity", schema.INT, schema.OUTLETS.get("capacity").alias_zh),
    ("status", schema.TEXT, schema.OUTLETS.get("status").alias_zh),
    ("is_new", schema.INT, "新增网点"),
    ("population_covered", schema.INT64, "覆盖人口"),
    ("grids_assigned", schema.INT, "服务网格数"),
)


def outlet_rows(result, existing, candidates, capacities, feedback):
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
            QCoreApplication.translate(
                "SiteOutletsAlgorithm",
                "Candidate ids also used by existing outlets got the prefix 'new-': {ids}.",
            ).format(ids=format_ids(renamed))
        )
    for row, outlet in enumerate(rows):
        outlet["population_covered"] = int(round(float(result.outlet_covered[row])))
        outlet["population"] = float(result.outlet_population[row])
        outlet["grids_assigned"] = int(result.outlet_points[row])
    return rows


def write_outlets(alg, parameters, context, crs, outlets, result):
    fields = QgsFields()
    for name, kind, alias in OUTLET_FIELDS:
        fields.append(new_field(name, kind, alias))
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
        alg, parameters, alg.OUTPUT_OUTLETS, context, fields, QgsWkbTypes.Type.Point, crs, rows
    )


def write_grids(alg, parameters, context, crs, source, grids, grid_outlet, distance, feedback):
    """The input grids (all their fields) with outlet_id and distance_m, in the working
    CRS; ``None`` when the user cancelled."""
    fields = QgsFields(source.fields())
    positions = {}
    for name, kind, alias in (
        ("outlet_id", schema.TEXT, schema.GRIDS.get("outlet_id").alias_zh),
        ("distance_m", schema.REAL, "距网点距离(米)"),
    ):
        index = fields.indexOf(name)
        if index < 0:
            fields.append(new_field(name, kind, alias))
            index = fields.count() - 1
        positions[name] = index
    raw = grids["raw"]
    row_of = {fid: row for row, fid in enumerate(raw.fids)}

    def rows():
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
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
    progress = (0.0, 100.0, len(raw))
    output = (parameters, alg.OUTPUT_GRIDS, context, fields, wkb_type, crs)
    return write_features(alg, *output, rows(), feedback, progress)


def check_project_grids(grids):
    """With PROJECT, the grids must have the field grid_id (checked before solving)."""
    if not grids["id_field"]:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "SiteOutletsAlgorithm",
                "To store the result in a project GeoPackage, site outlets for the project's "
                "own grids layer (it has the field grid_id).",
            )
        )


def store(project, grids, grid_outlet, outlets, crs, feedback):
    """Store the new outlets and the grids' outlet ids in the project (one transaction)."""
    new = [o for o in outlets if o["is_new"]]
    known = set(project_outlet_ids(project))
    stored = store_siting(project, grids["grid_ids"], grid_outlet, new, crs.toWkt())
    replanned = [o["outlet_id"] for o in new if o["outlet_id"] in known]
    if replanned:
        feedback.pushInfo(
            QCoreApplication.translate(
                "SiteOutletsAlgorithm", "Outlets already in the project were updated: {ids}."
            ).format(ids=format_ids(replanned))
        )
    if stored["grids"] < len(grids["grid_ids"]):
        feedback.pushWarning(
            QCoreApplication.translate(
                "SiteOutletsAlgorithm", "{n} grid(s) are not in the project and were not stored."
            ).format(n=len(grids["grid_ids"]) - stored["grids"])
        )
    feedback.pushInfo(
        QCoreApplication.translate(
            "SiteOutletsAlgorithm",
            "Stored in {path}: {added} new planned outlet(s), {updated} updated; {grids} "
            "grids carry their outlet id.",
        ).format(
            path=project,
            added=stored["outlets_added"],
            updated=stored["outlets_updated"],
            grids=stored["grids"],
        )
    )


def method_label(method):
    """The METHOD choice (``coverage`` / ``p-median``) as the log names it."""
    labels = {
        "coverage": QCoreApplication.translate("SiteOutletsAlgorithm", "maximal coverage"),
        "p-median": QCoreApplication.translate("SiteOutletsAlgorithm", "p-median"),
    }
    return labels.get(method, method)


def solver_label(result):
    labels = {
        "heuristic": QCoreApplication.translate(
            "SiteOutletsAlgorithm",
            "greedy start, fast interchange and variable neighbourhood search, {swaps} swaps",
        ).format(swaps=result.swaps),
        "exact": QCoreApplication.translate("SiteOutletsAlgorithm", "exact, HiGHS MILP"),
        "relax_and_fix": QCoreApplication.translate(
            "SiteOutletsAlgorithm", "LP relaxation and MILP with HiGHS"
        ),
        "existing": QCoreApplication.translate("SiteOutletsAlgorithm", "existing outlets only"),
        "all": QCoreApplication.translate("SiteOutletsAlgorithm", "every candidate"),
        "none": QCoreApplication.translate("SiteOutletsAlgorithm", "no population"),
    }
    return labels.get(result.solver, result.solver)


def report(feedback, method, result, outlets, radius):
    new_ids = [o["outlet_id"] for o in outlets if o["is_new"]]
    feedback.pushInfo(
        QCoreApplication.translate("SiteOutletsAlgorithm", "New outlets: {ids}.").format(
            ids=", ".join(new_ids) if new_ids else "–"
        )
    )
    feedback.pushInfo(
        QCoreApplication.translate(
            "SiteOutletsAlgorithm",
            "{covered:,.0f} of {total:,.0f} people ({share:.1%}) live within {radius:,.0f} m "
            "of an outlet; population-weighted mean distance {mean:,.0f} m.",
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
            QCoreApplication.translate(
                "SiteOutletsAlgorithm",
                "Method {method} ({solver}): objective {objective:,.0f}; at most {gap:.2%} "
                "from the optimum (bound {bound:,.0f}).",
            ).format(
                method=method_label(method),
                solver=solver_label(result),
                objective=result.objective,
                gap=result.gap,
                bound=result.bound,
            )
        )
    else:
        feedback.pushInfo(
            QCoreApplication.translate(
                "SiteOutletsAlgorithm", "Method {method} ({solver}): objective {objective:,.0f}."
            ).format(
                method=method_label(method), solver=solver_label(result), objective=result.objective
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
            QCoreApplication.translate(
                "SiteOutletsAlgorithm",
                "{n} outlet(s) serve more people than their capacity: {ids}.",
            ).format(n=len(over), ids=format_ids(over))
        )
