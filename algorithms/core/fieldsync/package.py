"""Reading an untrusted package: a quarantined copy (with its ``-wal``) opened with plain
``sqlite3`` (no extensions, ``trusted_schema=OFF``), real tables only, schema, manifest,
limits, geometry and location checks; the rows that pass in canonical form."""

import contextlib
import json
import re
import sqlite3
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Tuple

import numpy as np

from .. import migrate, schema
from ..deps import shapely
from ..errors import CancelledError, InputError, format_ids
from ..i18n import translate
from ..timestamps import local_offset_minutes
from .geometry import _point_errors, parse_gpkg_blobs
from .model import (
    _SELECT,
    PACKAGE_TABLES,
    PACKAGE_TRIGGERS,
    REQUIRED_COLUMNS,
    InvalidText,
    Limits,
    PackageReport,
    _Package,
    uuid_key,
)
from .project import _feature_srs_id, _srs_definition
from .quarantine import copy_package
from .rows import _read_feedback, _rows_from
from .team import expiry_warning

#: A column name that may go into SQL read from a package (and is quoted all the same).
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _table_kinds(con: sqlite3.Connection) -> Dict[str, Tuple[str, str]]:
    return {
        name: (kind, sql or "")
        for name, kind, sql in con.execute("SELECT name, type, sql FROM sqlite_master")
    }


def _manifest_offset(manifest: Dict[str, str]) -> int:
    """The UTC offset the devices of a package write local times in (from its manifest)."""
    try:
        offset = int(manifest.get("utc_offset_minutes", ""))
    except ValueError:
        return local_offset_minutes()
    return offset if -840 <= offset <= 840 else local_offset_minutes()


class _SqlGuard:
    """Progress handler of the SQL on a package: stops it on cancel or past the time limit
    (a crafted file must never hang the sync)."""

    def __init__(self, is_canceled: Callable[[], bool], seconds: float):
        self.is_canceled = is_canceled
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.stopped = ""

    def __call__(self) -> int:
        if self.is_canceled():
            self.stopped = "cancel"
        elif time.monotonic() > self.deadline:
            self.stopped = "time"
        return 1 if self.stopped else 0

    def raise_if_stopped(self) -> None:
        if self.stopped == "cancel":
            raise CancelledError(translate("core", "Cancelled: the project is unchanged."))
        if self.stopped == "time":
            raise InputError(
                translate(
                    "core", "reading the package took longer than {:.0f} s: it was stopped"
                ).format(self.seconds)
            )


def _decode(data: bytes) -> str:
    """Text of a package cell: invalid UTF-8 becomes an :class:`InvalidText` (its row is
    rejected) instead of failing the whole read."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return InvalidText(data.decode("utf-8", "replace"))


def _connect(copy: str, guard: _SqlGuard) -> sqlite3.Connection:
    con = sqlite3.connect(copy)
    con.text_factory = _decode
    con.set_progress_handler(guard, 2000)
    con.execute("PRAGMA trusted_schema=OFF")
    con.execute("PRAGMA cell_size_check=ON")
    return con


def _open_package(copy: str, limits: Limits, report: PackageReport, guard: _SqlGuard):
    con = _connect(copy, guard)
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
        if kind in ("view", "trigger")
        and not n.startswith(("rtree_", "gpkg_", "trigger_"))
        and n not in PACKAGE_TRIGGERS
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
    elif not isinstance(geom_row[0], str) or not _PLAIN_NAME.fullmatch(geom_row[0]):
        con.close()  # the name goes into SQL: only a plain one is accepted (and it is quoted)
        raise InputError(
            translate(
                "core",
                "the geometry column's name {!r} is not a plain name (letters, digits, _): "
                "the package was altered",
            ).format(str(geom_row[0])[:60])
        )
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


@dataclass
class Office:
    """What a package is checked against: the office project's side of one sync run."""

    limits: Limits
    project_id: str
    packages: Dict[str, dict]
    master_srs: str
    grid_index: Any
    done_hashes: Dict[Tuple[str, str], str]


def _read_package(
    report: PackageReport,
    folder: str,
    office: Office,
    is_canceled: Optional[Callable[[], bool]] = None,
) -> _Package:
    """Read the package ``report.path`` from a copy in ``folder``; every problem of the
    package is an :class:`InputError` (a cancel a :class:`CancelledError`), with
    ``report.package_id`` and ``report.sha256`` set as far as they are known."""
    copy, report.sha256 = copy_package(report.path, folder, office.limits)
    guard = _SqlGuard(is_canceled or (lambda: False), office.limits.max_seconds)
    try:
        return _read_copy(copy, report, guard, office)
    except sqlite3.Error as err:
        guard.raise_if_stopped()
        if not report.package_id:
            _identify(copy, report, guard)
        raise InputError(
            translate("core", "the file cannot be read as a GeoPackage ({})").format(err)
        ) from err
    except InputError:
        if not report.package_id:
            _identify(copy, report, guard)
        raise


def _identify(copy: str, report: PackageReport, guard: _SqlGuard) -> None:
    """Best effort: the package id of a refused package (from its quarantined copy)."""
    guard.deadline = time.monotonic() + min(guard.seconds, 10.0)
    with contextlib.suppress(Exception), contextlib.closing(_connect(copy, guard)) as con:
        row = con.execute(
            "SELECT value FROM {} WHERE key = 'package_id'".format(schema.MANIFEST_TABLE)
        ).fetchone()
        if row and isinstance(row[0], str) and not isinstance(row[0], InvalidText):
            report.package_id = row[0][:64]


def _read_copy(copy: str, report: PackageReport, guard: _SqlGuard, office: Office) -> _Package:
    con, geom_column = _open_package(copy, office.limits, report, guard)
    try:
        manifest = {
            str(k): str(v)
            for k, v in con.execute("SELECT key, value FROM {}".format(schema.MANIFEST_TABLE))
            if k is not None
        }
        report.package_id = manifest.get("package_id", "")
        report.staff_id = manifest.get("staff_id", "")
        if manifest.get("project_id") != office.project_id:
            raise InputError(
                translate(
                    "core", "the package was made from another project (project id {} ≠ {})"
                ).format(manifest.get("project_id"), office.project_id)
            )
        if manifest.get("schema_version") not in migrate.READABLE_PACKAGE_VERSIONS:
            raise InputError(
                translate("core", "schema version {} of the package is not {}").format(
                    manifest.get("schema_version"), schema.SCHEMA_VERSION
                )
            )
        registered = office.packages.get(report.package_id)
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
        expired = expiry_warning(manifest.get("expires_at"))
        if expired:
            report.warnings.append(expired)
        if (report.package_id, report.sha256) in office.done_hashes:
            report.status = "unchanged"
            report.message = translate("core", "already synced (run {})").format(
                office.done_hashes[(report.package_id, report.sha256)]
            )
            return _Package(report, manifest, {}, set())
        srs_id = _feature_srs_id(con, "feedback")
        if _srs_definition(con, srs_id) != office.master_srs:
            raise InputError(
                translate(
                    "core",
                    "the feedback layer's coordinate reference system differs from the project's",
                )
            )
        raw = _read_feedback(con, geom_column)
    finally:
        con.close()
    geoms, srs_ids, errors = parse_gpkg_blobs(
        [r[-1] for r in raw], office.limits.max_geometry_bytes
    )
    point_errors = _point_errors(geoms)
    area = registered["area"]
    grid_ids, tree = office.grid_index
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
        office.limits,
        [g for _r, g in rows_raw],
        strict=True,
        offset=_manifest_offset(manifest),
    )
    report.rejected.extend(rejected)
    seen |= {k for k, _reason in report.rejected if not k.startswith("fid ")}
    return _Package(report, manifest, rows, seen)
