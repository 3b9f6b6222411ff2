"""Reading an untrusted package: a quarantined copy (with its ``-wal``) opened with plain
``sqlite3`` (no extensions, ``trusted_schema=OFF``), real tables only, schema, manifest,
limits, geometry and location checks; the rows that pass in canonical form."""

import hashlib
import json
import os
import shutil
import sqlite3
from typing import Dict, Sequence, Tuple

import numpy as np
import shapely

from .. import migrate, schema
from ..errors import InputError, format_ids
from ..i18n import translate
from ..timestamps import local_offset_minutes
from .geometry import _point_errors, parse_gpkg_blobs
from .model import (
    _SELECT,
    PACKAGE_TABLES,
    REQUIRED_COLUMNS,
    Limits,
    PackageReport,
    _Package,
    uuid_key,
)
from .project import _feature_srs_id, _srs_definition
from .rows import _read_feedback, _rows_from


def _table_kinds(con: sqlite3.Connection) -> Dict[str, Tuple[str, str]]:
    return {
        name: (kind, sql or "")
        for name, kind, sql in con.execute("SELECT name, type, sql FROM sqlite_master")
    }


def _sha256(paths: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _manifest_offset(manifest: Dict[str, str]) -> int:
    """The UTC offset the devices of a package write local times in (from its manifest)."""
    try:
        offset = int(manifest.get("utc_offset_minutes", ""))
    except ValueError:
        return local_offset_minutes()
    return offset if -840 <= offset <= 840 else local_offset_minutes()


def _quarantine(path: str, folder: str, limits: Limits) -> Tuple[str, str]:
    """Copy the package (with its ``-wal``) into ``folder``; return (copy, sha256)."""
    size = os.path.getsize(path)
    wal = path + "-wal"
    if os.path.exists(wal):
        size += os.path.getsize(wal)
    if size > limits.max_file_bytes:
        raise InputError(
            translate("core", "the package is {:.0f} MB, above the limit of {:.0f} MB").format(
                size / 1e6, limits.max_file_bytes / 1e6
            )
        )
    copy = os.path.join(folder, "package.gpkg")
    shutil.copyfile(path, copy)
    parts = [copy]
    if os.path.exists(wal):  # rows not yet checkpointed live here
        shutil.copyfile(wal, copy + "-wal")
        parts.append(copy + "-wal")
    # The -shm is only an index of the -wal that SQLite rebuilds: a foreign one is not copied.
    return copy, _sha256(parts)


def _open_package(copy: str, limits: Limits, report: PackageReport):
    con = sqlite3.connect(copy)
    con.execute("PRAGMA trusted_schema=OFF")
    con.execute("PRAGMA cell_size_check=ON")
    check = con.execute("PRAGMA quick_check").fetchall()
    if check != [("ok",)]:
        con.close()
        raise InputError(
            translate("core", "the file is damaged (quick_check: {})").format(
                "; ".join(str(r[0]) for r in check[:3])
            )
        )
    kinds = _table_kinds(con)
    for table in (
        "feedback",
        schema.MANIFEST_TABLE,
        "gpkg_geometry_columns",
        "gpkg_spatial_ref_sys",
    ):
        kind, sql = kinds.get(table, ("", ""))
        if kind != "table" or sql.upper().lstrip().startswith("CREATE VIRTUAL"):
            con.close()
            raise InputError(
                translate("core", "'{}' is missing or is not a plain table (found: {})").format(
                    table, kind or "nothing"
                )
            )
    extra = sorted(
        n
        for n, (kind, _sql) in kinds.items()
        if kind == "table"
        and n not in PACKAGE_TABLES
        and not n.startswith(("gpkg_", "rtree_", "sqlite_"))
    )
    if extra:
        report.warnings.append(
            translate("core", "ignored extra tables: {}").format(", ".join(extra[:10]))
        )
    ignored = sorted(
        "{} {}".format(kind, n)
        for n, (kind, _sql) in kinds.items()
        if kind in ("view", "trigger") and not n.startswith(("rtree_", "gpkg_", "trigger_"))
    )
    if ignored:
        report.warnings.append(
            translate("core", "ignored (never run): {}").format(", ".join(ignored[:10]))
        )
    columns = [r[1] for r in con.execute('PRAGMA table_info("feedback")')]
    geom_row = con.execute(
        "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'feedback'"
    ).fetchone()
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if geom_row is None or geom_row[0] not in columns:
        missing.append("geometry")
    if missing:
        con.close()
        raise InputError(
            translate(
                "core", "the feedback table lacks the columns {} (schema drift: make a new package)"
            ).format(", ".join(missing))
        )
    extra_cols = [c for c in columns if c not in REQUIRED_COLUMNS + ("fid", geom_row[0])]
    if extra_cols:
        report.warnings.append(
            translate("core", "ignored extra columns of feedback: {}").format(
                ", ".join(extra_cols[:10])
            )
        )
    count = con.execute("SELECT count(*) FROM feedback").fetchone()[0]
    if count > limits.max_rows:
        con.close()
        raise InputError(
            translate("core", "the package has {} feedback rows, above the limit of {}").format(
                count, limits.max_rows
            )
        )
    return con, geom_row[0]


def _read_package(
    path: str,
    project: str,
    folder: str,
    limits: Limits,
    project_id: str,
    packages: Dict[str, dict],
    master_srs: str,
    grid_index,
    done_hashes: Dict[Tuple[str, str], str],
) -> _Package:
    report = PackageReport(path=path)
    copy, report.sha256 = _quarantine(path, folder, limits)
    con, geom_column = _open_package(copy, limits, report)
    try:
        manifest = {
            str(k): str(v)
            for k, v in con.execute("SELECT key, value FROM {}".format(schema.MANIFEST_TABLE))
            if k is not None
        }
        report.package_id = manifest.get("package_id", "")
        report.staff_id = manifest.get("staff_id", "")
        if manifest.get("project_id") != project_id:
            raise InputError(
                translate(
                    "core", "the package was made from another project (project id {} ≠ {})"
                ).format(manifest.get("project_id"), project_id)
            )
        if manifest.get("schema_version") not in migrate.READABLE_PACKAGE_VERSIONS:
            raise InputError(
                translate("core", "schema version {} of the package is not {}").format(
                    manifest.get("schema_version"), schema.SCHEMA_VERSION
                )
            )
        registered = packages.get(report.package_id)
        if registered is None:
            raise InputError(
                translate("core", "package {} is not one this project made").format(
                    report.package_id
                )
            )
        try:
            claimed_grids = json.loads(manifest.get("grid_ids") or "[]")
        except ValueError:
            claimed_grids = None
        if (
            manifest.get("staff_id") != registered["staff_id"]
            or claimed_grids != registered["grid_ids"]
        ):
            # a manifest copied from another package must not speak for it (its rows would
            # count as deleted on the device)
            raise InputError(
                translate(
                    "core",
                    "the manifest does not match package {} as the project made it (staff "
                    "{}, grids {}): the file was altered or mixed up",
                ).format(
                    report.package_id, registered["staff_id"], format_ids(registered["grid_ids"], 5)
                )
            )
        report.staff_id = registered["staff_id"]
        if (report.package_id, report.sha256) in done_hashes:
            report.status = "unchanged"
            report.message = translate("core", "already synced (run {})").format(
                done_hashes[(report.package_id, report.sha256)]
            )
            return _Package(report, manifest, {}, set())
        srs_id = _feature_srs_id(con, "feedback")
        if _srs_definition(con, srs_id) != master_srs:
            raise InputError(
                translate(
                    "core",
                    "the feedback layer's coordinate reference system differs from the project's",
                )
            )
        raw = _read_feedback(con, geom_column)
    finally:
        con.close()
    geoms, srs_ids, errors = parse_gpkg_blobs([r[-1] for r in raw], limits.max_geometry_bytes)
    point_errors = _point_errors(geoms)
    area = registered["area"]
    grid_ids, tree = grid_index
    bad: Dict[int, str] = {}
    for i in range(len(raw)):
        problem = errors[i] or point_errors[i]
        if problem is None and srs_ids[i] != srs_id:
            problem = translate("core", "geometry in srs {} instead of {}").format(
                srs_ids[i], srs_id
            )
        if problem:
            bad[i] = problem
    candidates = [i for i in range(len(raw)) if i not in bad]
    if candidates:
        points = np.array([geoms[i] for i in candidates], dtype=object)
        shapely.prepare(area)
        inside = shapely.covers(area, points)  # the prepared geometry must come first
        for i, ok in zip(candidates, inside):
            if not ok:
                bad[i] = translate("core", "the point lies outside the package's grids")
    # grid_id from the location (the project's grids now), never from the device
    located: Dict[int, str] = {}
    good = [i for i in range(len(raw)) if i not in bad]
    if good and tree is not None:
        pairs = tree.query(np.array([geoms[i] for i in good], dtype=object), predicate="intersects")
        for point_idx, grid_idx in sorted(zip(pairs[0].tolist(), pairs[1].tolist())):
            located.setdefault(good[point_idx], grid_ids[grid_idx])
    rows_raw = []
    grid_pos = 2 + _SELECT.index("grid_id")
    for i, row in enumerate(raw):
        if i in bad:
            fid, raw_uuid = row[0], row[1]
            key = (
                uuid_key(raw_uuid)
                if isinstance(raw_uuid, str) and raw_uuid.strip()
                else "fid {}".format(fid)
            )
            report.rejected.append((key, bad[i]))
            continue
        cells = list(row)
        cells[grid_pos] = located.get(i)
        rows_raw.append((cells, geoms[i]))
    rows, rejected, seen = _rows_from(
        [r for r, _g in rows_raw],
        limits,
        [g for _r, g in rows_raw],
        strict=True,
        offset=_manifest_offset(manifest),
    )
    report.rejected.extend(rejected)
    seen |= {k for k, _reason in report.rejected if not k.startswith("fid ")}
    return _Package(report, manifest, rows, seen)
