"""Exporting a staff member's field package and registering its base snapshot in the
project."""

import contextlib
import datetime as _dt
import json
import os
import re
import sqlite3
import uuid as _uuid
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, ogr

from .. import gpkg, migrate, schema
from ..deps import shapely
from ..errors import CancelledError, InputError, format_ids
from ..i18n import translate
from ..labels import core_parameter
from ..ogr_errors import ogr_exceptions
from ..timestamps import local_offset_minutes, now_utc
from . import contents
from .base import _write_base
from .model import FIELD_PACKAGE_KIND, SYNC_TABLES, PackageInfo, _Row, _sql_text
from .project import _ensure_tables, _grid_geometries, _require_project, _ro, ensure_project_id
from .rows import _trusted_rows
from .visits import BASE_TABLE as _VISIT_BASE
from .visits import trusted_rows as _visit_base_rows


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


@ogr_exceptions()
def export_field_package(
    project: str,
    staff_id: str,
    path: str,
    package_id: Optional[str] = None,
    expires_at: Optional[str] = None,
) -> PackageInfo:
    """Write the field package of ``staff_id`` to the new file ``path`` (see module doc);
    ``expires_at`` (UTC ISO-8601) goes into the manifest (see :mod:`.team`)."""
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
        package_id = new_package_id(staff_id)
    if os.path.exists(path):
        raise InputError(
            translate("core", "The output file {path} already exists.").format(path=path)
        )
    src = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_READONLY)
    dst = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    counts = {}
    try:
        srs = src.GetLayerByName("grids").GetSpatialRef()
        for table in contents.package_tables():
            keys = contents.scope_keys(table, staff_id, grid_ids, sorted(outlet_ids))
            where = _in_list(table.key, keys)
            extra = table.sql_condition(staff_id)
            if extra:
                where = "{} AND {}".format(where, extra)
            counts[table.name] = _copy_filtered(
                src, dst, table.definition, where, srs if table.definition.geometry else None
            )
        created = now_utc()
        gpkg.write_meta(dst, package_meta(meta, project_id))
        gpkg.write_meta(
            dst,
            manifest(package_id, project_id, staff_id, grid_ids, created, expires_at),
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


def safe_name(staff_id: str) -> str:
    """``staff_id`` as a part of a file name or package id (letters, digits, ``_``, ``-``)."""
    return re.sub(r"[^0-9A-Za-z_-]+", "_", str(staff_id))[:40].strip("_") or "staff"


def new_package_id(staff_id: str) -> str:
    """A new package id: the staff id, the time and a random part."""
    return "{}-{}-{}".format(
        safe_name(staff_id),
        _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
        _uuid.uuid4().hex[:8],
    )


def package_meta(meta: Dict[str, str], project_id: str) -> Dict[str, str]:
    """The ``sg_meta`` of a package made from a project whose ``sg_meta`` is ``meta``."""
    return {
        "schema_version": str(schema.SCHEMA_VERSION),
        "crs": meta.get("crs", ""),
        "created_with": meta.get("created_with", ""),
        "kind": FIELD_PACKAGE_KIND,
        "project_id": project_id,
        "language": meta.get("language", "zh"),
    }


def manifest(
    package_id: str,
    project_id: str,
    staff_id: str,
    grid_ids: List[str],
    created: str,
    expires_at: Optional[str] = None,
) -> Dict[str, str]:
    """The rows of a package's ``sg_manifest`` (``expires_at`` only when it expires)."""
    rows = {
        "package_id": package_id,
        "project_id": project_id,
        "staff_id": staff_id,
        "grid_ids": json.dumps(grid_ids, ensure_ascii=False),
        "schema_version": str(schema.SCHEMA_VERSION),
        "created_at": created,
        "utc_offset_minutes": str(local_offset_minutes()),
    }
    if expires_at:
        rows["expires_at"] = expires_at
    return rows


@ogr_exceptions()
def register_package(
    project: str, package_path: str, info: PackageInfo, file_name: Optional[str] = None
) -> None:
    """Keep the office's base snapshot of a new package in the project (one transaction)."""
    register_packages(project, [(package_path, info, file_name)])


@ogr_exceptions()
def register_packages(
    project: str,
    packages: Sequence[Tuple[str, PackageInfo, Optional[str]]],
    is_canceled: Optional[Callable[[], bool]] = None,
    bases: Optional[Sequence[Dict[str, _Row]]] = None,
) -> None:
    """Keep the base snapshots of new packages ``(path, info, file name or None)`` in the
    project, all in one transaction (the project's grids are read once). ``bases``: the
    packages' feedback rows in canonical form when the caller has them (else each package
    is read)."""
    _require_project(project)
    _ensure_tables(project, SYNC_TABLES)
    if not packages:
        return
    ids, grid_geoms = _grid_geometries(project)
    geometry_of = {gid: g for gid, g in zip(ids, grid_geoms) if g is not None}
    prepared = []
    for k, (package_path, info, file_name) in enumerate(packages):
        if is_canceled is not None and is_canceled():
            raise CancelledError(translate("core", "Cancelled: nothing was written."))
        # our own new file: a read-write connection, so closing it never leaves a -wal
        with contextlib.closing(sqlite3.connect(package_path)) as con:
            base = bases[k] if bases is not None else _trusted_rows(con)
            visit_base = _visit_base_rows(con)
        mine = [geometry_of[g] for g in info.grid_ids if g in geometry_of]
        area = shapely.union_all(np.array(mine, dtype=object)) if mine else shapely.Point()
        prepared.append((info, base, visit_base, area, file_name or os.path.basename(package_path)))
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    try:
        ds.StartTransaction()
        since = migrate.mark(ds, [schema.SYNC_PACKAGES.name])
        table = ds.GetLayerByName(schema.SYNC_PACKAGES.name)
        for info, base, visit_base, area, file_name in prepared:
            feature = ogr.Feature(table.GetLayerDefn())
            feature.SetField("package_id", info.package_id)
            feature.SetField("staff_id", info.staff_id)
            feature.SetField("grid_ids", json.dumps(info.grid_ids, ensure_ascii=False))
            feature.SetField("area_wkb", shapely.to_wkb(area, hex=True))
            feature.SetField("file_name", file_name)
            feature.SetField("created_at", now_utc())
            table.CreateFeature(feature)
            _write_base(ds, info.package_id, base.items())
            _write_base(ds, info.package_id, visit_base.items(), table=_VISIT_BASE)
        migrate.fix_short_times(ds, [(schema.SYNC_PACKAGES.name, "created_at")], since)
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841
