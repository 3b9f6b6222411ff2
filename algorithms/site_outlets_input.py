"""Reading the layers of 'Site outlets': the grids, the existing outlets and the candidate
sites, and the capacities of the outlets."""

import math
from statistics import median

import numpy as np
from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from .core import schema, siting
from .core.deps import shapely
from .core.errors import format_ids
from .core.siting_store import project_staff_capacity
from .core.tables import guess_fields, parse_number, prepare_outlets
from .qgis_io import geometry_kind, grid_fields, read_grids, read_table, require_crs

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


def read_grid_points(source, label, crs, steps, context):
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


def point_source(alg, parameters, key, context, required):
    source = alg.parameterAsSource(parameters, key, context)
    if source is None:
        if required:
            raise QgsProcessingException(alg.invalidSourceError(parameters, key))
        return None, None
    label = source.sourceName() or key.lower()
    kind = geometry_kind(source)
    if kind != "point":
        raise QgsProcessingException(
            QCoreApplication.translate(
                "SiteOutletsAlgorithm",
                "Layer '{layer}' chosen for {param} holds {kind} geometries, but outlets and "
                "candidate "
                "sites must be points. Choose a point layer (or make points with 'Centroids' "
                "or 'Point on surface').",
            ).format(layer=label, param=alg.param(key), kind=kind)
        )
    require_crs(source, label)
    return source, label


def read_points(source, label, mapping, crs, context):
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
            QCoreApplication.translate(
                "SiteOutletsAlgorithm",
                "{n} feature(s) of layer '{layer}' have no location or more than one point "
                "(feature ids {fids}). Fix their location, then run again.",
            ).format(n=len(bad), layer=label, fids=format_ids(bad))
        )
    return raw, np.array(xy, dtype=float).reshape(-1, 2)


def read_outlets(alg, parameters, context, crs, feedback):
    source, label = point_source(alg, parameters, alg.OUTLETS, context, required=False)
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
    raw, _xy = read_points(source, label, mapping, crs, context)
    table = prepare_outlets(raw)
    for note in table.notes:
        feedback.pushInfo(note)
    keep = [i for i, status in enumerate(table.columns["status"]) if status != "closed"]
    closed = len(table) - len(keep)
    if closed:
        feedback.pushInfo(
            QCoreApplication.translate(
                "SiteOutletsAlgorithm", "{n} closed outlet(s) were left out."
            ).format(n=closed)
        )
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


def read_candidates(alg, parameters, context, crs):
    source, label = point_source(alg, parameters, alg.CANDIDATES, context, required=True)
    names = source.fields().names()
    lower = {n.lower(): n for n in names}
    mapping = guess_fields(names, ["name", "kind", "capacity"])
    id_field = next((lower[c] for c in CANDIDATE_ID_NAMES if c in lower), None)
    if id_field:
        mapping["candidate_id"] = id_field
    raw, xy = read_points(source, label, mapping, crs, context)
    if id_field:
        ids = [str(v).strip() if v not in (None, "") else None for v in raw.columns["candidate_id"]]
        blank = [fid for fid, v in zip(raw.fids, ids) if v is None]
        if blank:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "SiteOutletsAlgorithm",
                    "Id field '{field}' of layer '{layer}' is empty for {n} site(s) "
                    "(feature ids {fids}). Give every candidate an id, then run again.",
                ).format(field=id_field, layer=label, n=len(blank), fids=format_ids(blank))
            )
        seen = {}
        for v in ids:
            seen[v] = seen.get(v, 0) + 1
        twice = sorted(v for v, k in seen.items() if k > 1)
        if twice:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "SiteOutletsAlgorithm",
                    "Id field '{field}' of layer '{layer}' must be unique, but these ids occur "
                    "more than once: {ids}.",
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
                QCoreApplication.translate(
                    "SiteOutletsAlgorithm",
                    "Capacity of candidate site (feature id {fid}) in layer '{layer}' is not a "
                    "number: {value!r}.",
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


def outlet_capacities(existing, candidates, project, capacity_aware, feedback):
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
            QCoreApplication.translate(
                "SiteOutletsAlgorithm",
                "The capacity-aware assignment needs outlet capacities (staff), but neither "
                "the outlets nor the candidates have a capacity field with values. Add a "
                "capacity field (staff the outlet can host) or switch the option off.",
            )
        )
    missing = sum(c is None for c in existing["capacity"] + candidates["capacity"])
    if missing:
        feedback.pushInfo(
            QCoreApplication.translate(
                "SiteOutletsAlgorithm",
                "{n} outlet(s) or site(s) without a capacity count with the median capacity, "
                "{value:g} staff.",
            ).format(n=missing, value=fallback)
        )
    per_staff = None
    if project:
        per_staff = project_staff_capacity(project)
    if per_staff:
        feedback.pushInfo(
            QCoreApplication.translate(
                "SiteOutletsAlgorithm",
                "Capacity in people = staff × {value:,.0f} (the mean capacity of the project's "
                "active staff).",
            ).format(value=per_staff)
        )
    else:
        per_staff = siting.DEFAULT_POPULATION_PER_STAFF
        feedback.pushInfo(
            QCoreApplication.translate(
                "SiteOutletsAlgorithm",
                "Capacity in people = staff × {value:,.0f} (the default population one person "
                "serves).",
            ).format(value=per_staff)
        )
    out["per_staff"] = per_staff
    out["existing"] = np.array(staff_e, dtype=float) * per_staff if staff_e else None
    out["candidates"] = np.array(staff_c, dtype=float) * per_staff
    return out
