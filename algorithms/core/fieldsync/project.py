"""The office project as the sync sees it: its checks, its id, the sync tables it needs,
its grids and the coordinate reference system of a layer."""

import contextlib
import re
import sqlite3
import uuid as _uuid
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, ogr

from .. import gpkg, migrate, schema
from ..i18n import translate
from ..ogr_errors import ogr_exceptions
from .geometry import parse_gpkg_blobs
from .model import FIELD_PACKAGE_KIND, SyncError

_ro = gpkg.connect_ro


def _tables_exist(path: str, names: Iterable[str]) -> Dict[str, bool]:
    with contextlib.closing(_ro(path)) as con:
        have = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return {n: n in have for n in names}


@ogr_exceptions()
def _ensure_tables(path: str, layers: Sequence[schema.Layer]) -> None:
    """Create missing tables of the schema (projects made before they existed)."""
    missing = [
        layer
        for layer, ok in zip(layers, _tables_exist(path, [layer.name for layer in layers]).values())
        if not ok
    ]
    if missing:
        ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
        try:
            for layer in missing:
                gpkg.create_layer(ds, layer, None)
        finally:
            ds = None  # noqa: F841
    if any(layer.name == schema.SYNC_BASE.name for layer in layers):
        _ensure_base_index(path)


def _ensure_base_index(path: str) -> None:
    with contextlib.closing(_ro(path)) as con:
        found = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'sync_base_package_uuid'"
        ).fetchone()
    if not found:
        with contextlib.closing(sqlite3.connect(path)) as con, con:
            con.execute(
                "CREATE INDEX IF NOT EXISTS sync_base_package_uuid ON sync_base(package_id, uuid)"
            )


def _require_project(path: str) -> Dict[str, str]:
    """The project's ``sg_meta``; a :class:`SyncError` for a file that is not a project, is a
    field package or has a schema newer than this plugin (:func:`gpkg.require_project`)."""
    gpkg.require_project(path, SyncError)
    migrate.upgrade(path)
    meta = gpkg.read_meta(path)
    if meta.get("kind") == FIELD_PACKAGE_KIND:
        raise SyncError(
            translate(
                "core",
                "{path} is a field package, not the office project. Choose the project "
                "GeoPackage the package was made from.",
            ).format(path=path)
        )
    return meta


@ogr_exceptions()
def ensure_project_id(path: str) -> str:
    """The project's id in ``sg_meta`` (created on first use); packages carry it."""
    meta = _require_project(path)
    if meta.get("project_id"):
        return meta["project_id"]
    project_id = str(_uuid.uuid4())
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    try:
        lyr = ds.GetLayerByName(schema.META_TABLE)
        feature = ogr.Feature(lyr.GetLayerDefn())
        feature.SetField("key", "project_id")
        feature.SetField("value", project_id)
        lyr.CreateFeature(feature)
    finally:
        ds = None  # noqa: F841
    return project_id


def _grid_geometries(project: str) -> Tuple[List[str], np.ndarray]:
    with contextlib.closing(_ro(project)) as con:
        rows = con.execute("SELECT grid_id, geom FROM grids").fetchall()
    geoms, _srs, _err = parse_gpkg_blobs([r[1] for r in rows])
    return [r[0] for r in rows], geoms


def _feature_srs_id(con: sqlite3.Connection, table: str) -> Optional[int]:
    row = con.execute(
        "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (table,)
    ).fetchone()
    return None if row is None else int(row[0])


def _srs_definition(con: sqlite3.Connection, srs_id: Optional[int]) -> str:
    row = con.execute(
        "SELECT organization, organization_coordsys_id, definition FROM "
        "gpkg_spatial_ref_sys WHERE srs_id = ?",
        (srs_id,),
    ).fetchone()
    if row is None:
        return ""
    org, code, definition = row
    if org and str(org).upper() == "EPSG" and code:
        return "EPSG:{}".format(code)
    return re.sub(r"\s+", " ", str(definition or "")).strip()
