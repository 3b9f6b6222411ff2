"""Storing the result of outlet siting in a project GeoPackage (OGR, no QGIS), atomically.

One update does both: the chosen new outlets are written to the project's ``outlets`` layer
(status ``planned``; an outlet whose id is already there is updated in place, so running the
tool again does not duplicate it) and every grid gets its ``outlet_id``. Both happen in one
transaction on the project file (``gpkg.write_transaction``), so a failure or a cancel leaves
the project as it was and a concurrent writer's commit is never undone.
"""

from typing import Dict, List, Mapping, Optional, Sequence

from osgeo import ogr, osr

from . import schema
from .errors import InputError, format_ids
from .gpkg import open_ro, require_project, set_grid_columns, write_transaction
from .i18n import translate
from .ogr_errors import ogr_exceptions

#: Status given to the new outlets in the project.
PLANNED = "planned"


@ogr_exceptions()
def project_outlet_ids(path: str) -> List[str]:
    """The outlet ids of a project GeoPackage (read-only)."""
    require_project(path)
    ds = open_ro(path)
    try:
        layer = ds.GetLayerByName(schema.OUTLETS.name)
        return [feature.GetField("outlet_id") for feature in layer]
    finally:
        ds = None  # noqa: F841


@ogr_exceptions()
def project_staff_capacity(path: str) -> Optional[float]:
    """The mean ``capacity`` (population one person can serve) of the project's active staff,
    or None when the roster gives none."""
    require_project(path)
    ds = open_ro(path)
    try:
        layer = ds.GetLayerByName(schema.STAFF.name)
        if layer is None:
            return None
        values = []
        for feature in layer:
            active = feature.GetField("active")
            capacity = feature.GetField("capacity")
            if capacity is not None and capacity > 0 and active != 0:
                values.append(float(capacity))
        return sum(values) / len(values) if values else None
    finally:
        ds = None  # noqa: F841


@ogr_exceptions()
def store_siting(
    path: str,
    grid_ids: Sequence[str],
    grid_outlets: Sequence[Optional[str]],
    new_outlets: Sequence[Mapping],
    crs_wkt: Optional[str] = None,
) -> Dict[str, int]:
    """Write the new outlets and ``grids.outlet_id`` into the project ``path`` in one
    transaction.

    ``new_outlets`` are dicts with ``outlet_id``, ``name``, ``kind``, ``capacity`` (staff or
    None), ``x``, ``y`` (in ``crs_wkt``; transformed to the project's CRS when it differs).
    Every outlet id in ``grid_outlets`` must be in the project after the update (existing
    outlets must come from the project's own outlets layer). Returns the numbers of outlets
    added, outlets updated and grids updated.
    """
    require_project(path)
    if len(grid_ids) != len(grid_outlets):
        raise ValueError("grid_ids and grid_outlets differ in length")
    known = set(project_outlet_ids(path))
    new_ids = {str(o["outlet_id"]) for o in new_outlets}
    missing = sorted({str(o) for o in grid_outlets if o is not None} - known - new_ids)
    if missing:
        raise InputError(
            translate(
                "core",
                "The grids were assigned to outlets that are not in the project's outlets layer: "
                "{ids}. To store the result in the project, use the project's own outlets layer "
                "as existing outlets.",
            ).format(ids=format_ids(missing))
        )
    kinds = {code for code, _zh, _en in schema.OUTLET_KINDS}
    added = updated = 0
    with write_transaction(path) as ds:
        layer = ds.GetLayerByName(schema.OUTLETS.name)
        transform = _transform(crs_wkt, layer.GetSpatialRef())
        defn = layer.GetLayerDefn()
        for outlet in new_outlets:
            outlet_id = str(outlet["outlet_id"])
            layer.SetAttributeFilter("outlet_id = '{}'".format(outlet_id.replace("'", "''")))
            feature = layer.GetNextFeature()
            layer.SetAttributeFilter(None)
            exists = feature is not None
            if not exists:
                feature = ogr.Feature(defn)
                feature.SetField("outlet_id", outlet_id)
            feature.SetField("name", str(outlet.get("name") or outlet_id))
            kind = outlet.get("kind")
            feature.SetField("kind", kind if kind in kinds else "service_point")
            capacity = outlet.get("capacity")
            if capacity is None:
                feature.SetFieldNull("capacity")
            else:
                feature.SetField("capacity", int(round(float(capacity))))
            feature.SetField("status", PLANNED)
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(float(outlet["x"]), float(outlet["y"]))
            if transform is not None:
                point.Transform(transform)
            feature.SetGeometry(point)
            if exists:
                layer.SetFeature(feature)
                updated += 1
            else:
                layer.CreateFeature(feature)
                added += 1
        grids = set_grid_columns(
            ds,
            [str(g) for g in grid_ids],
            {"outlet_id": [None if o is None else str(o) for o in grid_outlets]},
        )
        if grids == 0 and len(grid_ids):
            raise InputError(
                translate(
                    "core",
                    "None of the grids is in the project {path}: to store the result there, site "
                    "outlets for the project's own grids layer.",
                ).format(path=path)
            )
    return {"outlets_added": added, "outlets_updated": updated, "grids": grids}


def _transform(crs_wkt: Optional[str], target: Optional[osr.SpatialReference]):
    if not crs_wkt or target is None:
        return None
    source = osr.SpatialReference()
    source.ImportFromWkt(crs_wkt)
    source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    target = target.Clone()
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if source.IsSame(target):
        return None
    return osr.CoordinateTransformation(source, target)
