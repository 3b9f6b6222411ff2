"""Refreshing a field package with the office's later changes, losing nothing entered in the
field (see docs/manual/06-field-sync.md, "Refreshing a package").

The package file is the field's: it is never written in place. A refresh

1. checks the package (a field package of this project that the project made;
   :func:`check_package`) without writing anything;
2. **syncs** it into the project (:func:`.sync.sync_packages`: idempotent, so a package
   synced before adds nothing), so every field row and edit that passes the checks is in the
   project; a refused package stops the refresh with the project unchanged;
3. keeps the rows the sync **rejected** (:func:`carried_rows`: values as the device wrote
   them, read from a quarantined copy) — they exist only in the package;
4. writes a **new package** for the same staff member from the project as it is now (their
   current grids, units, outlets, feedback and open visits; grids no longer theirs are
   dropped, grids newly theirs come in) under a new package id, registered with its own base
   snapshot (:func:`.export.export_field_package`, :func:`.export.register_package`;
   the QGIS project is embedded by the algorithm between the two), then puts the rejected
   rows back into it (:func:`finish_refresh`: a carried row replaces the office's copy of
   the same uuid, so the field's unsynced version is what the device sees) and records in
   its manifest which package it replaces.

The algorithm then moves the new file into place (the old one kept beside it as
``<name>.<time>.bak.gpkg``). A run stopped anywhere leaves either the old package (still
registered, its base as synced: syncing it again works) or the new one.
"""

import contextlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from osgeo import gdal, ogr

from .. import schema
from ..errors import InputError
from ..i18n import translate
from ..ogr_errors import ogr_exceptions
from ..timestamps import now_utc
from .geometry import parse_gpkg_blobs
from .model import FIELD_PACKAGE_KIND, InvalidText, Limits, PackageReport, uuid_key
from .package import _decode
from .project import _require_project, _ro, ensure_project_id
from .quarantine import copy_package, quarantine_folder
from .sync import sync_packages


@dataclass
class RefreshInfo:
    """What a refresh found and did."""

    package_id: str
    staff_id: str
    old_grids: List[str]
    report: Optional[PackageReport] = None
    #: table → rows carried over (dicts of column values, ``"geom"``: WKB bytes or None)
    carried: Dict[str, List[dict]] = field(default_factory=dict)
    #: the old package's expiry (UTC ISO-8601), carried to the refreshed one
    expires_at: Optional[str] = None


def _manifest(path: str, limits: Limits) -> Dict[str, str]:
    """The manifest and metadata of a package, read from a quarantined copy."""
    with quarantine_folder() as folder:
        try:
            copy, _sha = copy_package(path, folder, limits)
        except OSError as err:
            raise InputError(
                translate("core", "The package {path} cannot be read ({error}).").format(
                    path=path, error=err.strerror or err
                )
            ) from err
        try:
            with contextlib.closing(sqlite3.connect(copy)) as con:
                con.execute("PRAGMA trusted_schema=OFF")
                found: Dict[str, str] = {}
                for table in (schema.META_TABLE, schema.MANIFEST_TABLE):
                    kind = con.execute(
                        "SELECT type FROM sqlite_master WHERE name = ?", (table,)
                    ).fetchone()
                    if kind == ("table",):
                        for key, value in con.execute(
                            "SELECT key, value FROM {}".format(table)
                        ).fetchall():
                            found.setdefault("{}.{}".format(table, key), str(value))
        except sqlite3.Error as err:
            raise InputError(
                translate("core", "{path} is not a GeoPackage that can be read ({error}).").format(
                    path=path, error=err
                )
            ) from err
    return found


def check_package(project: str, package: str, limits: Optional[Limits] = None) -> RefreshInfo:
    """Check that ``package`` is a field package this project made (nothing is written)."""
    limits = limits or Limits()
    _require_project(project)
    found = _manifest(package, limits)
    meta = "{}.".format(schema.META_TABLE)
    manifest = "{}.".format(schema.MANIFEST_TABLE)
    if found.get(meta + "kind") != FIELD_PACKAGE_KIND or manifest + "package_id" not in found:
        raise InputError(
            translate(
                "core",
                "{path} is not a field package (it has no package manifest). Choose a "
                "package made by 'Create field package'.",
            ).format(path=package)
        )
    project_id = ensure_project_id(project)
    if found.get(manifest + "project_id") != project_id:
        raise InputError(
            translate(
                "core",
                "The package {path} was made from another project (project id {found}, this "
                "project {ours}). Refresh it with the project it came from.",
            ).format(path=package, found=found.get(manifest + "project_id"), ours=project_id)
        )
    package_id = found[manifest + "package_id"]
    with contextlib.closing(_ro(project)) as con:
        row = con.execute(
            "SELECT staff_id, grid_ids FROM sync_packages WHERE package_id = ?", (package_id,)
        ).fetchone()
    if row is None:
        raise InputError(
            translate(
                "core",
                "The package {package} is not one this project made (it is not in the "
                "project's list of packages): make a new package for the staff member "
                "instead.",
            ).format(package=package_id)
        )
    expires = found.get(manifest + "expires_at")
    if expires and expires < now_utc():
        raise InputError(
            translate(
                "core",
                "The package {package} expired on {date}: sync it, then make a new package.",
            ).format(package=package_id, date=expires[:10])
        )
    return RefreshInfo(
        package_id=package_id,
        staff_id=str(row[0]),
        old_grids=json.loads(row[1] or "[]"),
        expires_at=expires or None,
    )


def refresh_sync(
    project: str, package: str, info: RefreshInfo, limits: Optional[Limits] = None, **kwargs
) -> RefreshInfo:
    """Step 2 and 3: sync the package into the project, then read the rows it rejected."""
    limits = limits or Limits()
    run = sync_packages(project, [package], limits, **kwargs)
    report = run.reports[0]
    info.report = report
    if report.status == "rejected":
        raise InputError(
            translate(
                "core",
                "The package could not be synced, so it was not refreshed (the project and the "
                "package are unchanged): {message}",
            ).format(message=report.message)
        )
    if report.rejected:
        info.carried = carried_rows(package, report, limits)
    return info


def _wanted(report: PackageReport) -> Tuple[set, set, set]:
    """uuid keys (feedback, visits) and fids (``"fid N"`` entries) of the rejected rows."""
    prefix = translate("core", "visit {}").format("")
    feedback, visit_keys, fids = set(), set(), set()
    for key, _reason in report.rejected:
        if key.startswith(prefix):
            visit_keys.add(key[len(prefix) :])
        elif key.startswith("fid "):
            fids.add(key[4:])
        else:
            feedback.add(key)
    return feedback, visit_keys, fids


def carried_rows(package: str, report: PackageReport, limits: Limits) -> Dict[str, List[dict]]:
    """The rows the sync rejected, as the device wrote them (plain values of the schema's
    columns; binary cells and invalid text are left out, the geometry as WKB when it parses)."""
    feedback_keys, visit_keys, fids = _wanted(report)
    out: Dict[str, List[dict]] = {}
    with quarantine_folder() as folder:
        copy, _sha = copy_package(package, folder, limits)
        with contextlib.closing(sqlite3.connect(copy)) as con:
            con.text_factory = _decode
            con.execute("PRAGMA trusted_schema=OFF")
            for definition, keys in ((schema.FEEDBACK, feedback_keys), (schema.VISITS, visit_keys)):
                kind = con.execute(
                    "SELECT type FROM sqlite_master WHERE name = ?", (definition.name,)
                ).fetchone()
                if kind != ("table",):
                    continue
                have = {
                    r[1] for r in con.execute('PRAGMA table_info("{}")'.format(definition.name))
                }
                names = [n for n in definition.field_names() if n in have]
                geom = "geom" if "geom" in have else "NULL"
                sql = 'SELECT fid, {}, {} FROM "{}"'.format(
                    ", ".join('"{}"'.format(n) for n in names), geom, definition.name
                )
                rows = []
                for row in con.execute(sql):
                    values = dict(zip(names, row[1:-1]))
                    key = uuid_key(values.get("uuid")) if values.get("uuid") else None
                    by_fid = definition.name == "feedback" and str(row[0]) in fids
                    if key not in keys and not by_fid:
                        continue
                    clean = {
                        n: v
                        for n, v in values.items()
                        if v is not None and not isinstance(v, (bytes, InvalidText))
                    }
                    geoms, _srs, errors = parse_gpkg_blobs([row[-1]], limits.max_geometry_bytes)
                    clean["geom"] = None if errors[0] else geoms[0].wkb
                    rows.append(clean)
                if rows:
                    out[definition.name] = rows
    return out


@ogr_exceptions()
def finish_refresh(path: str, info: RefreshInfo) -> Dict[str, int]:
    """Step 4 (after the new package ``path`` was exported, embedded and registered): put
    the carried rows back and record the refresh in the manifest. Returns the rows carried
    per table."""
    counts = {}
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    try:
        ds.StartTransaction()
        for table, rows in info.carried.items():
            lyr = ds.GetLayerByName(table)
            defn = lyr.GetLayerDefn()
            for values in rows:
                if values.get("uuid"):
                    lyr.SetAttributeFilter(
                        "uuid = '{}'".format(str(values["uuid"]).replace("'", "''"))
                    )
                    for old in [f.GetFID() for f in lyr]:
                        lyr.DeleteFeature(old)
                    lyr.SetAttributeFilter(None)
                feature = ogr.Feature(defn)
                for name, value in values.items():
                    idx = defn.GetFieldIndex(name)
                    if idx < 0 or name == "geom":
                        continue
                    try:
                        feature.SetField(idx, value)
                    except (TypeError, RuntimeError):
                        feature.SetField(idx, str(value))
                if values.get("geom"):
                    feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(values["geom"]))
                lyr.CreateFeature(feature)
            counts[table] = len(rows)
        manifest = ds.GetLayerByName(schema.MANIFEST_TABLE)
        for key, value in (("refreshed_from", info.package_id), ("refreshed_at", now_utc())):
            feature = ogr.Feature(manifest.GetLayerDefn())
            feature.SetField("key", key)
            feature.SetField("value", value)
            manifest.CreateFeature(feature)
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841
    return counts


def grid_changes(old: List[str], new: List[str]) -> Tuple[List[str], List[str]]:
    """(grids dropped, grids added) between the old and the new package."""
    return sorted(set(old) - set(new)), sorted(set(new) - set(old))


__all__ = [
    "RefreshInfo",
    "carried_rows",
    "check_package",
    "finish_refresh",
    "grid_changes",
    "refresh_sync",
]
