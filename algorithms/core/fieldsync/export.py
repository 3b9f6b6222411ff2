"""Exporting a staff member's field package and registering its base snapshot in the
project."""

import contextlib
import datetime as _dt
import json
import os
import re
import sqlite3
import uuid as _uuid
from typing import Iterable, List, Optional

import numpy as np
from osgeo import gdal, ogr

from .. import gpkg, migrate, schema
from ..deps import shapely
from ..errors import InputError, format_ids
from ..i18n import translate
from ..labels import core_parameter
from ..ogr_errors import ogr_exceptions
from ..timestamps import local_offset_minutes, now_utc
from .base import _write_base
from .model import FIELD_PACKAGE_KIND, SYNC_TABLES, PackageInfo, _sql_text
from .project import _ensure_tables, _grid_geometries, _require_project, _ro, ensure_project_id
from .rows import _trusted_rows
from .visits import BASE_TABLE as _VISIT_BASE
from .visits import base_rows as _visit_base_rows
from .visits import export_where as _visits_where


def _staff_grids(con: sqlite3.Connection, staff_id: str) -> List[str]:
    return [
        g
        for (g,) in con.execute(
            "SELECT DISTINCT grid_id FROM assignments WHERE staff_id = ? AND grid_id IS NOT NULL "
            "ORDER BY grid_id",
            (staff_id,),
        )
    ]


def _copy_filtered(src_ds, dst_ds, definition: schema.Layer, where: Optional[str], srs):
    src = src_ds.GetLayerByName(definition.name)
    dst = gpkg.create_layer(dst_ds, definition, srs)
    if src is None:
        return 0
    src.SetAttributeFilter(where)
    defn = dst.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    src_defn = src.GetLayerDefn()
    # the package's column of each source column (-1: not carried), copied in C++ by SetFromWithMap
    mapping = [-1] * src_defn.GetFieldCount()
    for k, n in enumerate(names):
        j = src_defn.GetFieldIndex(n)
        if j >= 0:
            mapping[j] = k
    count = 0
    dst_ds.StartTransaction()
    for feature in src:
        out = ogr.Feature(defn)
        out.SetFromWithMap(feature, 1, mapping)  # (the geometry too, where the layer has one)
        out.SetFID(-1)
        dst.CreateFeature(out)
        count += 1
    dst_ds.CommitTransaction()
    return count


def _in_list(column: str, values: Iterable[str]) -> str:
    values = list(values)
    if not values:
        return "0 = 1"
    return '"{}" IN ({})'.format(column, ", ".join(_sql_text(v) for v in values))


#: The columns of the units a field package carries.
PACKAGE_UNITS = schema.Layer(
    "units",
    schema.POLYGON,
    schema.UNITS.title_zh,
    schema.UNITS.title_en,
    tuple(
        f
        for f in schema.UNITS.fields
        if f.name in ("unit_id", "name", "nest", "population", "households", "grid_id")
    ),
)


@ogr_exceptions()
def export_field_package(
    project: str, staff_id: str, path: str, package_id: Optional[str] = None
) -> PackageInfo:
    """Write the field package of ``staff_id`` to the new file ``path`` (see module doc)."""
    meta = _require_project(project)
    staff_id = str(staff_id).strip()
    with contextlib.closing(_ro(project)) as con:
        known = [s for (s,) in con.execute("SELECT staff_id FROM staff ORDER BY staff_id")]
        if staff_id not in known:
            raise InputError(
                translate(
                    "core",
                    "Staff id {staff} is not in the project's staff table (known ids: "
                    "{ids}). Check the {staff_id}.",
                ).format(
                    staff=staff_id, ids=format_ids(known, 10), staff_id=core_parameter("STAFF_ID")
                )
            )
        grid_ids = _staff_grids(con, staff_id)
        if not grid_ids:
            raise InputError(
                translate(
                    "core",
                    "{staff} has no grids assigned, so a field package would be empty. "
                    "Assign grids first (Allocate staff, or the Staff and outlets "
                    "dock).",
                ).format(staff=staff_id)
            )
        outlet_ids = {
            o
            for (o,) in con.execute(
                "SELECT DISTINCT outlet_id FROM grids WHERE outlet_id IS NOT NULL AND "
                + _in_list("grid_id", grid_ids)
            )
        }
        outlet_ids |= {
            o
            for (o,) in con.execute(
                "SELECT outlet_id FROM staff WHERE staff_id = ? AND outlet_id IS NOT NULL",
                (staff_id,),
            )
        }
    project_id = ensure_project_id(project)
    if package_id is None:
        safe = re.sub(r"[^0-9A-Za-z_-]+", "_", staff_id)[:40] or "staff"
        package_id = "{}-{}-{}".format(
            safe,
            _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
            _uuid.uuid4().hex[:8],
        )
    if os.path.exists(path):
        raise InputError(
            translate("core", "The output file {path} already exists.").format(path=path)
        )
    src = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_READONLY)
    dst = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    counts = {}
    try:
        srs = src.GetLayerByName("grids").GetSpatialRef()
        grid_where = _in_list("grid_id", grid_ids)
        counts["feedback"] = _copy_filtered(src, dst, schema.FEEDBACK, grid_where, srs)
        counts["visits"] = _copy_filtered(
            src, dst, schema.VISITS, _visits_where(staff_id, grid_where), srs
        )
        counts["outlets"] = _copy_filtered(
            src, dst, schema.OUTLETS, _in_list("outlet_id", sorted(outlet_ids)), srs
        )
        counts["grids"] = _copy_filtered(src, dst, schema.GRIDS, grid_where, srs)
        counts["units"] = _copy_filtered(src, dst, PACKAGE_UNITS, grid_where, srs)
        counts["staff"] = _copy_filtered(
            src, dst, schema.STAFF, _in_list("staff_id", [staff_id]), None
        )
        counts["assignments"] = _copy_filtered(
            src, dst, schema.ASSIGNMENTS, _in_list("staff_id", [staff_id]), None
        )
        created = now_utc()
        gpkg.write_meta(
            dst,
            {
                "schema_version": str(schema.SCHEMA_VERSION),
                "crs": meta.get("crs", ""),
                "created_with": meta.get("created_with", ""),
                "kind": FIELD_PACKAGE_KIND,
                "project_id": project_id,
                "language": meta.get("language", "zh"),
            },
        )
        gpkg.write_meta(
            dst,
            {
                "package_id": package_id,
                "project_id": project_id,
                "staff_id": staff_id,
                "grid_ids": json.dumps(grid_ids, ensure_ascii=False),
                "schema_version": str(schema.SCHEMA_VERSION),
                "created_at": created,
                "utc_offset_minutes": str(local_offset_minutes()),
            },
            table=schema.MANIFEST_TABLE,
        )
    finally:
        src = dst = None  # noqa: F841
    return PackageInfo(
        package_id=package_id,
        staff_id=staff_id,
        grid_ids=grid_ids,
        project_id=project_id,
        counts=counts,
    )


@ogr_exceptions()
def register_package(
    project: str, package_path: str, info: PackageInfo, file_name: Optional[str] = None
) -> None:
    """Keep the office's base snapshot of a new package in the project (one transaction)."""
    _require_project(project)
    _ensure_tables(project, SYNC_TABLES)
    # our own new file: a read-write connection, so closing it never leaves a -wal behind
    with contextlib.closing(sqlite3.connect(package_path)) as con:
        base = _trusted_rows(con)
        visit_base = _visit_base_rows(con)
    ids, grid_geoms = _grid_geometries(project)
    wanted = set(info.grid_ids)
    mine = [g for gid, g in zip(ids, grid_geoms) if gid in wanted and g is not None]
    area = shapely.union_all(np.array(mine, dtype=object)) if mine else shapely.Point()
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    try:
        ds.StartTransaction()
        since = migrate.mark(ds, [schema.SYNC_PACKAGES.name])
        packages = ds.GetLayerByName(schema.SYNC_PACKAGES.name)
        feature = ogr.Feature(packages.GetLayerDefn())
        feature.SetField("package_id", info.package_id)
        feature.SetField("staff_id", info.staff_id)
        feature.SetField("grid_ids", json.dumps(info.grid_ids, ensure_ascii=False))
        feature.SetField("area_wkb", shapely.to_wkb(area, hex=True))
        feature.SetField("file_name", file_name or os.path.basename(package_path))
        feature.SetField("created_at", now_utc())
        packages.CreateFeature(feature)
        _write_base(ds, info.package_id, base.items())
        _write_base(ds, info.package_id, visit_base.items(), table=_VISIT_BASE)
        migrate.fix_short_times(ds, [(schema.SYNC_PACKAGES.name, "created_at")], since)
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841
