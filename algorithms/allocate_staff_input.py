"""Reading the layers of 'Allocate staff to grids': the grids, the outlets and the roster."""

import numpy as np
from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from .core import schema
from .core.errors import format_ids
from .core.tables import guess_fields, prepare_outlets, prepare_staff
from .qgis_io import grid_fields, grids_source, lower_names, read_grids, read_table, require_crs


def read_staff_grids(alg, parameters, context, feedback):
    source, label, crs = grids_source(alg, parameters, alg.GRIDS, context, feedback)
    names = source.fields().names()
    mapping = grid_fields(source, label)
    demand_index = lower_names(source).get("demand_index")
    if demand_index:
        mapping["demand_index"] = demand_index
    quality = alg.parameterAsString(parameters, alg.QUALITY_FIELD, context)
    if quality:
        if quality not in names:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "AllocateStaffAlgorithm",
                    "Field '{field}' chosen for {param} not found in the grids layer. Its "
                    "fields are: {fields}.",
                ).format(field=quality, param=alg.param(alg.QUALITY_FIELD), fields=", ".join(names))
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


def read_outlets(alg, parameters, context, crs, feedback):
    source = alg.parameterAsSource(parameters, alg.OUTLETS, context)
    if source is None:
        feedback.pushInfo(
            QCoreApplication.translate(
                "AllocateStaffAlgorithm", "No outlets: travel is not taken into account."
            )
        )
        return None
    label = source.sourceName() or QCoreApplication.translate("AllocateStaffAlgorithm", "outlets")
    require_crs(source, label)
    mapping = guess_fields(source.fields().names(), schema.OUTLETS.field_names())
    if "outlet_id" not in mapping:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "AllocateStaffAlgorithm",
                "The outlets layer '{layer}' has no outlet id field (outlet_id or 网点编号), "
                "so the roster's outlet_id cannot be matched. Its fields are: {fields}.",
            ).format(layer=label, fields=", ".join(source.fields().names()))
        )
    raw = read_table(source, label, mapping, feedback, crs, context=context)
    table = prepare_outlets(raw)
    return {
        "ids": table.columns["outlet_id"],
        "xy": {oid: (p.x, p.y) for oid, p in zip(table.columns["outlet_id"], table.geometries)},
    }


def read_staff(alg, parameters, context, outlets, options, feedback):
    source = alg.parameterAsSource(parameters, alg.STAFF, context)
    if source is None:
        raise QgsProcessingException(alg.invalidSourceError(parameters, alg.STAFF))
    label = source.sourceName() or QCoreApplication.translate("AllocateStaffAlgorithm", "staff")
    names = source.fields().names()
    mapping = guess_fields(names, schema.STAFF.field_names())
    raw = read_table(source, label, mapping, feedback, with_geometry=False, context=context)
    raw.source_fields["_all"] = names
    if len(raw) == 0:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "AllocateStaffAlgorithm",
                "The staff roster '{layer}' is empty. Choose the roster with staff_id, name, "
                "role, outlet_id, capacity and active.",
            ).format(layer=label)
        )
    table = prepare_staff(raw, None)
    cols = table.columns
    active = [i for i, flag in enumerate(cols["active"]) if flag == 1]
    if not active:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "AllocateStaffAlgorithm",
                "Nobody in the staff roster '{layer}' is active (active = 1). Mark the staff "
                "who can be assigned as active.",
            ).format(layer=label)
        )
    inactive = len(cols["staff_id"]) - len(active)
    if inactive:
        feedback.pushInfo(
            QCoreApplication.translate(
                "AllocateStaffAlgorithm", "{n} inactive staff left out."
            ).format(n=inactive)
        )
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
            QCoreApplication.translate(
                "AllocateStaffAlgorithm",
                "{n} active staff have capacity 0 and take no grid: {ids}.",
            ).format(n=len(zero), ids=format_ids(zero))
        )
    if not keep:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "AllocateStaffAlgorithm",
                "No active staff member has a capacity above 0. Set their capacity (population "
                "one person can serve) or leave it empty to use the staff capacity.",
            )
        )
    defaulted = sum(1 for i in keep if cols["capacity"][i] is None)
    if defaulted:
        feedback.pushInfo(
            QCoreApplication.translate(
                "AllocateStaffAlgorithm",
                "{n} staff without a capacity count {capacity:,.0f} each (staff capacity).",
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
                QCoreApplication.translate(
                    "AllocateStaffAlgorithm",
                    "The roster names {n} outlet id(s) that are not in the outlets layer: "
                    "{outlets} (staff {staff}). Correct the staff's outlet_id or add the "
                    "outlets.",
                ).format(n=len(unknown), outlets=format_ids(unknown), staff=format_ids(who))
            )
        nowhere = [cols["staff_id"][i] for i in keep if cols["outlet_id"][i] is None]
        if nowhere:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "AllocateStaffAlgorithm",
                    "{n} active staff have no outlet: {ids}. Each person works from an outlet: "
                    "fill in their outlet_id (a mobile team has an outlet of kind 'mobile'), "
                    "or leave {param} empty to ignore travel.",
                ).format(n=len(nowhere), ids=format_ids(nowhere), param=alg.param(alg.OUTLETS))
            )
        xy = np.array([known[cols["outlet_id"][i]] for i in keep], dtype=float)
    return {
        "ids": [cols["staff_id"][i] for i in keep],
        "roles": [cols["role"][i] for i in keep],
        "capacity": np.array(capacity),
        "xy": xy,
    }
