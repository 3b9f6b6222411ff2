"""Offline field packages and their sync back into the project GeoPackage (see docs/design/sync.md).

No QGIS here: GDAL/OGR writes, ``sqlite3`` reads, shapely geometry.

- :func:`export_field_package` writes a staff member's package (their grids, the units of those
  grids, their outlets, the feedback of their grids, a manifest); :func:`register_package` keeps
  the office's **base snapshot** of the exported feedback rows in the project (``sync_packages``,
  ``sync_base``).
- :func:`sync_packages` merges packages back: **three-way merge by uuid** against the base
  (fids are never compared across files), conflicts kept in ``sync_conflicts`` (the office value
  stays, both values are stored), **idempotent** (``sync_log`` ledger of file hashes and the
  per-row base), **atomic** (backup first, one OGR transaction, ``PRAGMA quick_check`` after;
  a process killed mid-way leaves the project as it was), and the package is **untrusted
  input** (quarantined copy read with plain ``sqlite3``, no extensions, ``trusted_schema=OFF``,
  real tables only, schema and domain checks, limits, our own geometry parsing, photos copied to
  content-hashed paths).
- :func:`list_conflicts` / :func:`resolve_conflict` for the review (keep office / take field),
  with an audit row in ``sync_log``.
"""

import contextlib
import datetime as _dt
import glob
import hashlib
import json
import logging
import math
import os
import re
import shutil
import sqlite3
import struct
import tempfile
import uuid as _uuid
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
import shapely
from osgeo import gdal, ogr

from . import gpkg, schema
from .errors import CancelledError, InputError, format_ids
from .i18n import translate

LOG = logging.getLogger(__name__)

gdal.UseExceptions()
ogr.UseExceptions()

#: Columns of ``feedback`` merged column by column (``geom`` is the point, as WKB hex).
MERGE_COLUMNS: Tuple[str, ...] = (
    "grid_id",
    "staff_id",
    "collected_at",
    "category",
    "channel",
    "rating",
    "response_minutes",
    "customer_type",
    "product_interest",
    "notes",
    "photo",
    "status",
    "resolved_at",
    "device_id",
    "geom",
)
_COL = {name: i for i, name in enumerate(MERGE_COLUMNS)}
#: Every feedback column a package must have (plus the geometry).
REQUIRED_COLUMNS = tuple(schema.FEEDBACK.field_names())
_TIME_COLUMNS = frozenset({"collected_at", "resolved_at", "updated_at"})
_INT_COLUMNS = frozenset({"rating", "rev"})
_REAL_COLUMNS = frozenset({"response_minutes"})
_DOMAINS = {
    "category": frozenset(code for code, _zh, _en in schema.FEEDBACK_CATEGORIES),
    "channel": frozenset(code for code, _zh, _en in schema.CHANNELS),
    "customer_type": frozenset(code for code, _zh, _en in schema.CUSTOMER_TYPES),
    "status": frozenset(code for code, _zh, _en in schema.FEEDBACK_STATUS),
}
_LONG_TEXT = frozenset({"notes", "product_interest"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n]")
_CANONICAL_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
_PHOTO_TYPES = {
    ".jpg": (b"\xff\xd8",),
    ".jpeg": (b"\xff\xd8",),
    ".png": (b"\x89PNG",),
    ".webp": (b"RIFF",),
    ".heic": (b"",),
    ".gif": (b"GIF8",),
}
#: Tables a package has besides the GeoPackage's own (gpkg_*, rtree_*, sqlite_*).
PACKAGE_TABLES = frozenset(
    {
        "feedback",
        "grids",
        "units",
        "outlets",
        "staff",
        "assignments",
        schema.META_TABLE,
        schema.MANIFEST_TABLE,
        "layer_styles",
        "qgis_projects",
    }
)
FIELD_PACKAGE_KIND = "field_package"
#: How many master backups of earlier syncs are kept beside the project.
KEEP_BACKUPS = 10


class SyncError(InputError):
    """The sync cannot run on this project (the project is unchanged)."""


@dataclass
class Limits:
    """Limits on untrusted packages (a package above them is refused, a row is rejected)."""

    max_file_bytes: int = 4 * 1024**3
    max_rows: int = 2_000_000
    max_text: int = 4000
    max_short_text: int = 200
    max_geometry_bytes: int = 1024
    max_photo_bytes: int = 25 * 1024**2


@dataclass
class PackageInfo:
    """What :func:`export_field_package` wrote."""

    package_id: str
    staff_id: str
    grid_ids: List[str]
    project_id: str
    counts: Dict[str, int] = field(default_factory=dict)


@dataclass
class PackageReport:
    """The outcome of one package in a sync run."""

    path: str
    package_id: str = ""
    staff_id: str = ""
    sha256: str = ""
    status: str = "rejected"  # "synced" | "unchanged" | "rejected"
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0
    rejected: List[Tuple[str, str]] = field(default_factory=list)
    photos: int = 0
    warnings: List[str] = field(default_factory=list)
    message: str = ""


@dataclass
class SyncRun:
    """A sync run: its id, the backup taken first and one report per package."""

    run_id: str
    backup: str = ""
    reports: List[PackageReport] = field(default_factory=list)

    def totals(self) -> Dict[str, int]:
        keys = ("inserted", "updated", "deleted", "unchanged", "conflicts", "photos")
        out = {k: sum(getattr(r, k) for r in self.reports) for k in keys}
        out["rejected"] = sum(len(r.rejected) for r in self.reports)
        out["packages_rejected"] = sum(r.status == "rejected" for r in self.reports)
        return out


@dataclass
class Conflict:
    """One row of ``sync_conflicts``."""

    fid: int
    run_id: str
    package_id: str
    table_name: str
    uuid: str
    column_name: str
    base_value: Optional[str]
    office_value: Optional[str]
    field_value: Optional[str]
    #: "both_changed", "insert_insert", "update_delete" (changed in the office, deleted in the
    #: field) or "delete_update" (deleted in the office, changed in the field)
    kind: str
    resolution: Optional[str]
    resolved_at: Optional[str]


@dataclass
class _Row:
    """A feedback row in canonical form (values aligned with :data:`MERGE_COLUMNS`)."""

    uuid: str  # as stored
    values: tuple
    rev: int = 0
    updated_at: Optional[str] = None
    fid: Optional[int] = None
    package_id: Optional[str] = None


# --------------------------------------------------------------------------- small helpers


def now_utc() -> str:
    """The current time as stored: ISO-8601 UTC with milliseconds and ``Z``."""
    return _format_time(_dt.datetime.now(_dt.timezone.utc))


def _format_time(value: _dt.datetime) -> str:
    value = value.astimezone(_dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + "{:03d}Z".format(value.microsecond // 1000)


def uuid_key(value) -> str:
    """The comparable form of a uuid: ``{ABC-…}`` and ``abc-…`` are the same row."""
    return str(value).strip().strip("{}").lower()


def _sql_text(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


_ro = gpkg.connect_ro


def _table_kinds(con: sqlite3.Connection) -> Dict[str, Tuple[str, str]]:
    return {
        name: (kind, sql or "")
        for name, kind, sql in con.execute("SELECT name, type, sql FROM sqlite_master")
    }


def _tables_exist(path: str, names: Iterable[str]) -> Dict[str, bool]:
    with contextlib.closing(_ro(path)) as con:
        have = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return {n: n in have for n in names}


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
    gpkg.require_project(path, SyncError)
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


# --------------------------------------------------------------------------- geometry


def parse_gpkg_blobs(blobs: Sequence, max_bytes: int = 1 << 30):
    """Parse GeoPackage geometry blobs ourselves (no SQLite extension, no GDAL on the blob).

    Returns ``(geometries, srs_ids, errors)``: shapely geometries (``None`` where invalid),
    the srs id of each blob and an error text (``None`` when fine) per blob.
    """
    n = len(blobs)
    wkbs: List[Optional[bytes]] = [None] * n
    srs_ids = np.full(n, -1, dtype=np.int64)
    errors: List[Optional[str]] = [None] * n
    env_sizes = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
    for i, blob in enumerate(blobs):
        if blob is None:
            errors[i] = translate("core", "no geometry")
            continue
        if not isinstance(blob, (bytes, bytearray, memoryview)):
            errors[i] = translate("core", "geometry is not a blob")
            continue
        blob = bytes(blob)
        if len(blob) > max_bytes:
            errors[i] = translate("core", "geometry blob of {} bytes (limit {})").format(
                len(blob), max_bytes
            )
            continue
        if len(blob) < 8 or blob[:2] != b"GP" or blob[2] != 0:
            errors[i] = translate("core", "not a GeoPackage geometry blob")
            continue
        flags = blob[3]
        env = env_sizes.get((flags >> 1) & 0x07)
        if env is None or flags & 0x20:
            errors[i] = translate("core", "unsupported GeoPackage geometry header")
            continue
        srs_ids[i] = struct.unpack("<i" if flags & 1 else ">i", blob[4:8])[0]
        if len(blob) < 8 + env + 5:
            errors[i] = translate("core", "truncated geometry blob")
            continue
        wkbs[i] = blob[8 + env :]
    geoms = np.full(n, None, dtype=object)
    good = [i for i in range(n) if wkbs[i] is not None]
    if good:
        parsed = shapely.from_wkb(
            np.array([wkbs[i] for i in good], dtype=object), on_invalid="ignore"
        )
        for i, geom in zip(good, parsed):
            if geom is None:
                errors[i] = translate("core", "malformed geometry (WKB cannot be read)")
            geoms[i] = geom
    return geoms, srs_ids, errors


def _point_errors(geoms) -> List[Optional[str]]:
    geoms = np.asarray(geoms, dtype=object)
    out: List[Optional[str]] = [None] * len(geoms)
    types = shapely.get_type_id(geoms)
    empty = shapely.is_empty(geoms)
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(shapely.get_x(geoms)) & np.isfinite(shapely.get_y(geoms))
    for i in np.flatnonzero((types >= 0) & ((types != 0) | empty | ~finite)):
        if types[i] != 0:
            out[i] = "geometry is a {}, not a point".format(geoms[i].geom_type)
        elif empty[i]:
            out[i] = "empty point"
        else:
            out[i] = "point with non-finite coordinates"
    return out


def _wkb_hex(geoms) -> List[Optional[str]]:
    flat = shapely.force_2d(np.asarray(geoms, dtype=object))
    return list(shapely.to_wkb(flat, hex=True, output_dimension=2, byte_order=1))


# --------------------------------------------------------------------------- values


def local_offset_minutes() -> int:
    """This machine's UTC offset now, in minutes (China: 480)."""
    return int(_dt.datetime.now().astimezone().utcoffset().total_seconds() // 60)


def _norm_time(value, offset: int = 0) -> Tuple[Optional[str], Optional[str]]:
    """Canonical UTC text of a time; a time without a zone is local time at ``offset``
    minutes from UTC (QGIS 3.22 writes form times as local times without a zone)."""
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        return None, translate("core", "not a date-time")
    if _CANONICAL_TIME.fullmatch(value) and "2000" <= value < _HORIZON:
        return value, None
    text = value.strip().replace(" ", "T", 1)
    if text.endswith("z"):
        text = text[:-1] + "Z"
    try:
        parsed = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None, translate("core", "not an ISO-8601 date-time: {!r}").format(value[:40])
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.timezone(_dt.timedelta(minutes=offset)))
    if parsed.year < 2000 or parsed > _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(days=2):
        return None, translate("core", "date-time out of range: {}").format(value[:40])
    return _format_time(parsed), None


_HORIZON = ""  # latest acceptable time (canonical text), set when a read starts


def _time_horizon() -> str:
    return _format_time(_dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(days=2))


def _norm_value(name: str, value, limits: Limits, offset: int = 0) -> Tuple[object, Optional[str]]:
    """Canonical value of column ``name`` and an error text (``None`` when valid)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None, translate("core", "binary data in {} ({} bytes)").format(name, len(value))
    if name in _TIME_COLUMNS:
        return _norm_time(value, offset)
    if value is None:
        return None, None
    if name in _INT_COLUMNS:
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                return None, translate("core", "{} is not a number: {!r}").format(name, value[:40])
        if isinstance(value, float):
            if not value.is_integer():
                return None, translate("core", "{} is not a whole number: {}").format(name, value)
            value = int(value)
        return int(value), None
    if name in _REAL_COLUMNS:
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                return None, translate("core", "{} is not a number: {!r}").format(name, value[:40])
        value = float(value)
        if not math.isfinite(value):
            return None, translate("core", "{} is not finite").format(name)
        return value, None
    if not isinstance(value, str):
        value = str(value)
    limit = limits.max_text if name in _LONG_TEXT else limits.max_short_text
    if len(value) > limit:
        return None, translate("core", "{} has {} characters (limit {})").format(
            name, len(value), limit
        )
    if _CONTROL.search(value):
        return None, translate("core", "{} holds control characters").format(name)
    if name not in _LONG_TEXT and _LINE_BREAK.search(value):
        return None, translate("core", "{} holds a line break").format(name)
    return value, None


def _domain_error(name: str, value) -> Optional[str]:
    """The domain rule of one column (value already normalised)."""
    allowed = _DOMAINS.get(name)
    if allowed is not None and value is not None and value not in allowed:
        return translate("core", "{} {!r} is not one of {}").format(
            name, value, ", ".join(sorted(allowed))
        )
    if value is None and name in ("category", "rating", "collected_at"):
        return translate("core", "{} is missing").format(name)
    if name == "rating" and not 1 <= value <= 5:
        return translate("core", "rating {} is not between 1 and 5").format(value)
    if name == "response_minutes" and value is not None and not 0 <= value <= 1e6:
        return translate("core", "response_minutes {} is out of range").format(value)
    return None


# --------------------------------------------------------------------------- reading rows

_SELECT = [c for c in REQUIRED_COLUMNS if c != "uuid"]


def _read_feedback(con: sqlite3.Connection, geom_column: str = "geom") -> List[tuple]:
    """``(fid, uuid, *columns of _SELECT, geometry blob)`` of every feedback row."""
    cols = ", ".join('"{}"'.format(c) for c in _SELECT)
    return con.execute(
        'SELECT fid, uuid, {}, "{}" FROM feedback'.format(cols, geom_column)
    ).fetchall()


def _normalise_column(name: str, values: Sequence, limits: Limits, strict: bool, offset: int = 0):
    """Canonical values of one column and ``{row index: error}`` (cached per value)."""
    cache: Dict[object, Tuple[object, Optional[str]]] = {}
    out = []
    errors: Dict[int, str] = {}
    for i, value in enumerate(values):
        try:
            hit = cache.get(value)
        except TypeError:  # unhashable (never from sqlite3, but be safe)
            hit = None
        if hit is None:
            clean, problem = _norm_value(name, value, limits, offset)
            if strict and problem is None:
                problem = _domain_error(name, clean)
            hit = (clean, problem)
            if len(cache) < 100_000:
                with contextlib.suppress(TypeError):
                    cache[value] = hit
        clean, problem = hit
        if problem:
            errors[i] = problem
            out.append(value if not strict else None)
        else:
            out.append(clean)
    return out, errors


def _rows_from(
    raw: Sequence[tuple], limits: Limits, geoms, strict: bool, offset: Optional[int] = None
):
    """Canonical rows; with ``strict`` also the rejections ``(key, reason)``.

    ``raw`` rows are ``(fid, uuid, *_SELECT columns, blob)``; ``geoms`` the parsed points;
    ``offset``: the UTC offset (minutes) of times written without a zone (default: this
    machine's).
    """
    offset = local_offset_minutes() if offset is None else offset
    global _HORIZON
    _HORIZON = _time_horizon()
    rows: Dict[str, _Row] = {}
    rejected: List[Tuple[str, str]] = []
    seen: Dict[str, int] = {}
    if not raw:
        return rows, rejected, set()
    columns = list(zip(*raw))
    fids, uuids = columns[0], columns[1]
    clean: Dict[str, list] = {}
    bad: Dict[int, str] = {}
    for k, name in enumerate(_SELECT, start=2):
        values, errors = _normalise_column(name, columns[k], limits, strict, offset)
        clean[name] = values
        if strict:
            for i, problem in errors.items():
                bad.setdefault(i, problem)
    clean["geom"] = _wkb_hex(geoms)
    merged = [clean[c] for c in MERGE_COLUMNS]
    revs, updated, packages = clean["rev"], clean["updated_at"], clean["package_id"]
    for i, (fid, raw_uuid) in enumerate(zip(fids, uuids)):
        label = "fid {}".format(fid)
        if raw_uuid is None or not isinstance(raw_uuid, str) or not raw_uuid.strip():
            rejected.append((label, translate("core", "no uuid")))
            continue
        if len(raw_uuid) > 64 or _CONTROL.search(raw_uuid):
            rejected.append((label, translate("core", "uuid is not a uuid")))
            continue
        key = uuid_key(raw_uuid)
        seen[key] = seen.get(key, 0) + 1
        if i in bad:
            rejected.append((key, bad[i]))
            continue
        rev = revs[i]
        rows[key] = _Row(
            uuid=raw_uuid,
            values=tuple(col[i] for col in merged),
            rev=int(rev) if isinstance(rev, (int, float)) else 0,
            updated_at=updated[i],
            fid=fid,
            package_id=packages[i],
        )
    if strict:
        for key, count in seen.items():
            if count > 1:
                rows.pop(key, None)
                reason = translate("core", "the uuid appears {} times in the package")
                rejected.append((key, reason.format(count)))
    return rows, rejected, set(seen)


def _trusted_rows(con: sqlite3.Connection) -> Dict[str, _Row]:
    """Feedback rows of a file of ours in canonical form, by uuid key (values as stored, no
    rejections, no limits)."""
    raw = _read_feedback(con)
    geoms, _srs, _errors = parse_gpkg_blobs([r[-1] for r in raw])
    rows, _rejected, _seen = _rows_from(
        raw, Limits(max_text=1 << 30, max_short_text=1 << 30), geoms, strict=False
    )
    return rows


def read_master_rows(path: str) -> Dict[str, _Row]:
    """The project's feedback rows in canonical form, by uuid key (values as stored)."""
    with contextlib.closing(_ro(path)) as con:
        return _trusted_rows(con)


# --------------------------------------------------------------------------- packages


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
    pairs = [
        (k, src_defn.GetFieldIndex(n))
        for k, n in enumerate(names)
        if src_defn.GetFieldIndex(n) >= 0
    ]
    count = 0
    dst_ds.StartTransaction()
    for feature in src:
        out = ogr.Feature(defn)
        for k, j in pairs:
            if feature.IsFieldSetAndNotNull(j):
                out.SetField(k, feature.GetField(j))
        geom = feature.GetGeometryRef()
        if geom is not None and definition.geometry is not None:
            out.SetGeometry(geom)
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
                    "{ids}). Check the STAFF_ID.",
                ).format(staff=staff_id, ids=format_ids(known, 10))
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


def _data_json(row: _Row) -> str:
    return json.dumps(row.values, ensure_ascii=False, separators=(",", ":"))


def register_package(
    project: str, package_path: str, info: PackageInfo, file_name: Optional[str] = None
) -> None:
    """Keep the office's base snapshot of a new package in the project (one transaction)."""
    _require_project(project)
    _ensure_tables(
        project, (schema.SYNC_PACKAGES, schema.SYNC_BASE, schema.SYNC_LOG, schema.SYNC_CONFLICTS)
    )
    # our own new file: a read-write connection, so closing it never leaves a -wal behind
    with contextlib.closing(sqlite3.connect(package_path)) as con:
        base = _trusted_rows(con)
    ids, grid_geoms = _grid_geometries(project)
    wanted = set(info.grid_ids)
    mine = [g for gid, g in zip(ids, grid_geoms) if gid in wanted and g is not None]
    area = shapely.union_all(np.array(mine, dtype=object)) if mine else shapely.Point()
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    try:
        ds.StartTransaction()
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
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841


def _write_base(ds, package_id: str, rows: Iterable[Tuple[str, _Row]]) -> None:
    lyr = ds.GetLayerByName(schema.SYNC_BASE.name)
    defn = lyr.GetLayerDefn()
    for key, row in rows:
        feature = ogr.Feature(defn)
        feature.SetFieldString(0, package_id)
        feature.SetFieldString(1, key)
        feature.SetFieldInteger64(2, int(row.rev))
        feature.SetFieldString(3, _data_json(row))
        if row.updated_at:
            feature.SetFieldString(4, row.updated_at)
        lyr.CreateFeature(feature)


def _delete_base(ds, package_id: str, keys: Sequence[str]) -> None:
    keys = list(keys)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        ds.ExecuteSQL(
            "DELETE FROM sync_base WHERE package_id = {} AND uuid IN ({})".format(
                _sql_text(package_id), ", ".join(_sql_text(k) for k in chunk)
            )
        )


def _read_base(con: sqlite3.Connection, package_id: str):
    """The base of a package: ``({uuid key: values}, {uuid key: (rev, updated_at)})``."""
    values, meta = {}, {}
    for key, data, rev, updated in con.execute(
        "SELECT uuid, data, rev, updated_at FROM sync_base WHERE package_id = ?", (package_id,)
    ):
        values[key] = tuple(json.loads(data))
        meta[key] = (int(rev or 0), updated or "")
    return values, meta


def _older(row: _Row, meta: Optional[Tuple[int, str]]) -> bool:
    """True when the package's row is older than what was last exchanged (an old copy)."""
    if meta is None:
        return False
    rev, updated = meta
    if row.rev != rev:
        return row.rev < rev
    return bool(row.updated_at and updated and row.updated_at < updated)


# --------------------------------------------------------------------------- quarantine


@dataclass
class _Package:
    report: PackageReport
    manifest: Dict[str, str]
    rows: Dict[str, _Row]
    seen: set


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
        if manifest.get("schema_version") != str(schema.SCHEMA_VERSION):
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
    located = {}
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
        row = list(row)
        row[grid_pos] = located.get(i)
        rows_raw.append((row, geoms[i]))
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


# --------------------------------------------------------------------------- merge


@dataclass
class _State:
    """The project's feedback as the run goes (rows by uuid key) and what changed."""

    rows: Dict[str, _Row]
    original: Dict[str, _Row]
    conflicts: List[dict] = field(default_factory=list)
    base_changes: Dict[str, Dict[str, Optional[_Row]]] = field(default_factory=dict)
    base_keys: Dict[str, set] = field(default_factory=dict)
    logs: List[dict] = field(default_factory=list)


def _text(column: str, value) -> Optional[str]:
    if value is None:
        return None
    if column == "geom":
        return shapely.to_wkt(shapely.from_wkb(value), rounding_precision=3)
    return str(value)


def _merge(
    pkg: _Package,
    base: Dict[str, tuple],
    state: _State,
    run_id: str,
    now: str,
    photo,
    base_meta: Optional[Dict[str, Tuple[int, str]]] = None,
) -> None:
    report = pkg.report
    conflicts = state.conflicts
    changes: Dict[str, Optional[_Row]] = state.base_changes.setdefault(report.package_id, {})
    state.base_keys.setdefault(report.package_id, set()).update(base)
    photo_col = _COL["photo"]

    def conflict(key, column, base_value, office, field_value, kind):
        conflicts.append(
            {
                "package_id": report.package_id,
                "uuid": key,
                "column_name": column,
                "base_value": base_value,
                "office_value": office,
                "field_value": field_value,
                "kind": kind,
                "run_id": run_id,
            }
        )

    base_meta = base_meta or {}
    stale = 0
    for key, prow in pkg.rows.items():
        bvals = base.get(key)
        pvals = prow.values
        if bvals is not None and bvals == pvals:
            report.unchanged += 1
            continue
        if bvals is not None and _older(prow, base_meta.get(key)):
            stale += 1  # an older copy of the package: never reverts newer field edits
            report.unchanged += 1
            continue
        mrow = state.rows.get(key)
        changes[key] = prow
        if bvals is None:
            if mrow is None:  # new in the package → insert
                values = list(pvals)
                values[photo_col] = photo(report, key, pvals[photo_col])
                state.rows[key] = _Row(
                    uuid=key,
                    values=tuple(values),  # canonical form
                    rev=max(prow.rev, 1),
                    updated_at=prow.updated_at or now,
                    package_id=report.package_id,
                )
                report.inserted += 1
                continue
            base_like = (None,) * len(MERGE_COLUMNS)  # an unknown uuid the office has too
            kind = "insert_insert"
        else:
            base_like = bvals
            kind = "both_changed"
            if mrow is None:  # deleted in the office, changed in the field
                conflict(
                    key,
                    "*",
                    None,
                    None,
                    json.dumps(dict(zip(MERGE_COLUMNS, pvals)), ensure_ascii=False),
                    "delete_update",
                )
                report.conflicts += 1
                continue
        mvals = list(mrow.values)
        changed = False
        had_conflict = False
        for c, name in enumerate(MERGE_COLUMNS):
            p, b, m = pvals[c], base_like[c], mvals[c]
            if p == b or p == m:
                continue
            if m == b:
                mvals[c] = photo(report, key, p) if c == photo_col else p
                changed = True
            else:
                conflict(
                    key,
                    name,
                    _text(name, b) if bvals is not None else None,
                    _text(name, m),
                    _text(name, p),
                    kind,
                )
                had_conflict = True
        if had_conflict:
            report.conflicts += 1
        if changed:
            state.rows[key] = _Row(
                uuid=mrow.uuid,
                values=tuple(mvals),
                rev=max(mrow.rev + 1, prow.rev),
                updated_at=now,
                fid=mrow.fid,
                package_id=mrow.package_id,
            )
            report.updated += 1
        elif not had_conflict:
            report.unchanged += 1
    # rows of the base the package no longer has: deleted on the device — unless this is an
    # older copy of the package (its newest row is older than what was last exchanged)
    newest = max((row.updated_at or "" for row in pkg.rows.values()), default="")
    exchanged = max((updated for _rev, updated in base_meta.values()), default="")
    older_copy = stale > 0 or (newest and exchanged and newest < exchanged)
    if older_copy:
        report.warnings.append(
            translate(
                "core",
                "an older copy of this package: {} rows older than the last sync were "
                "skipped and rows it lacks were not deleted",
            ).format(stale)
        )
    for key, bvals in base.items():
        if key in pkg.seen or older_copy:
            continue
        changes[key] = None
        mrow = state.rows.get(key)
        if mrow is None:
            continue
        if mrow.values == bvals:
            del state.rows[key]
            report.deleted += 1
        else:
            conflict(
                key,
                "*",
                None,
                json.dumps(dict(zip(MERGE_COLUMNS, mrow.values)), ensure_ascii=False),
                None,
                "update_delete",
            )
            report.conflicts += 1


class _Photos:
    """Copies a package's photos to content-hashed files beside the project."""

    def __init__(self, project: str, package_path: str, limits: Limits):
        self.project_dir = os.path.dirname(os.path.abspath(project))
        stem = os.path.splitext(os.path.basename(project))[0]
        self.folder = os.path.join(self.project_dir, stem + "_photos")
        self.package_dir = os.path.realpath(os.path.dirname(os.path.abspath(package_path)))
        self.limits = limits

    def __call__(self, report: PackageReport, key: str, value):
        if value is None:
            return None
        problem, target = self._copy(str(value), report)
        if problem:
            report.warnings.append(
                translate("core", "photo of {}: {} (the row is kept without it)").format(
                    key, problem
                )
            )
            return None
        return target

    def _copy(self, value: str, report: PackageReport):
        if os.path.isabs(value) or re.match(r"^[A-Za-z]:", value) or value.startswith("\\\\"):
            return translate(
                "core", "absolute path {!r} (must be inside the package folder)"
            ).format(value), None
        source = os.path.realpath(os.path.join(self.package_dir, value))
        if not source.startswith(self.package_dir + os.sep):
            return translate("core", "path {!r} leaves the package folder").format(value), None
        ext = os.path.splitext(source)[1].lower()
        if ext not in _PHOTO_TYPES:
            return translate("core", "{!r} is not a photo (jpg, png, webp, heic, gif)").format(
                value
            ), None
        if not os.path.isfile(source):
            return translate("core", "file {!r} is missing").format(value), None
        size = os.path.getsize(source)
        if size > self.limits.max_photo_bytes:
            return translate("core", "file {!r} is {:.1f} MB (limit {:.0f} MB)").format(
                value, size / 1e6, self.limits.max_photo_bytes / 1e6
            ), None
        with open(source, "rb") as handle:
            data = handle.read()
        if not data.startswith(_PHOTO_TYPES[ext]):
            return translate("core", "file {!r} is not a {} image").format(value, ext[1:]), None
        digest = hashlib.sha256(data).hexdigest()
        folder = os.path.join(self.folder, digest[:2])
        target = os.path.join(folder, digest + (".jpg" if ext == ".jpeg" else ext))
        if not os.path.exists(target):
            os.makedirs(folder, exist_ok=True)
            tmp = target + ".part"
            with open(tmp, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
            report.photos += 1
        return None, os.path.relpath(target, self.project_dir).replace(os.sep, "/")


# --------------------------------------------------------------------------- writing


def _setter(name: str):
    """The fastest OGR setter for a non-null value of column ``name``."""
    if name in _INT_COLUMNS:
        return lambda feature, idx, value: feature.SetFieldInteger64(idx, int(value))
    if name in _REAL_COLUMNS:
        return lambda feature, idx, value: feature.SetField(idx, float(value))
    return lambda feature, idx, value: feature.SetFieldString(idx, str(value))


def _set_value(feature, idx: int, name: str, value) -> None:
    if value is None:
        feature.SetFieldNull(idx)
    elif name in _INT_COLUMNS:
        feature.SetField(idx, int(value))
    elif name in _REAL_COLUMNS:
        feature.SetField(idx, float(value))
    else:
        feature.SetField(idx, str(value))


def _apply(ds, state: _State, now: str, is_canceled) -> Dict[str, int]:
    lyr = ds.GetLayerByName("feedback")
    defn = lyr.GetLayerDefn()
    index = {defn.GetFieldDefn(i).GetName(): i for i in range(defn.GetFieldCount())}
    attrs = [(index[name], name, c) for c, name in enumerate(MERGE_COLUMNS) if name in index]
    geom_c = _COL["geom"]
    counts = {"inserted": 0, "updated": 0, "deleted": 0}
    setters = [(idx, _setter(name), c) for idx, name, c in attrs]
    uuid_idx, rev_idx = index["uuid"], index["rev"]
    updated_idx, package_idx = index["updated_at"], index["package_id"]
    for n, (key, row) in enumerate(state.rows.items()):
        if n % 5000 == 0 and is_canceled():
            raise CancelledError(translate("core", "Cancelled: the project is unchanged."))
        if key in state.original:
            continue
        feature = ogr.Feature(defn)
        feature.SetFieldString(uuid_idx, row.uuid)
        values = row.values
        for idx, setter, c in setters:
            value = values[c]
            if value is not None:
                setter(feature, idx, value)
        feature.SetFieldInteger64(rev_idx, int(row.rev))
        feature.SetFieldString(updated_idx, row.updated_at or now)
        if row.package_id:
            feature.SetFieldString(package_idx, row.package_id)
        if values[geom_c]:
            feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(bytes.fromhex(values[geom_c])))
        lyr.CreateFeature(feature)
        counts["inserted"] += 1
    for key, row in state.rows.items():
        old = state.original.get(key)
        if old is None or old is row:
            continue
        feature = lyr.GetFeature(old.fid)
        for idx, name, c in attrs:
            if row.values[c] != old.values[c]:
                _set_value(feature, idx, name, row.values[c])
        if row.values[geom_c] != old.values[geom_c]:
            feature.SetGeometryDirectly(
                ogr.CreateGeometryFromWkb(bytes.fromhex(row.values[geom_c]))
            )
        feature.SetField(index["rev"], int(row.rev))
        feature.SetField(index["updated_at"], row.updated_at or now)
        lyr.SetFeature(feature)
        counts["updated"] += 1
    for key, old in state.original.items():
        if key not in state.rows:
            lyr.DeleteFeature(old.fid)
            counts["deleted"] += 1
    conflicts = ds.GetLayerByName(schema.SYNC_CONFLICTS.name)
    cdefn = conflicts.GetLayerDefn()
    for item in state.conflicts:
        feature = ogr.Feature(cdefn)
        feature.SetField("table_name", "feedback")
        for name, value in item.items():
            if value is not None:
                feature.SetField(name, value)
        conflicts.CreateFeature(feature)
    for package_id, changes in state.base_changes.items():
        existing = state.base_keys.get(package_id, set())
        _delete_base(ds, package_id, [k for k in changes if k in existing])
        _write_base(ds, package_id, ((k, r) for k, r in changes.items() if r is not None))
    _write_logs(ds, state.logs)
    return counts


def _write_logs(ds, logs: List[dict]) -> None:
    lyr = ds.GetLayerByName(schema.SYNC_LOG.name)
    defn = lyr.GetLayerDefn()
    for item in logs:
        feature = ogr.Feature(defn)
        for name, value in item.items():
            if value is not None:
                feature.SetField(name, value)
        lyr.CreateFeature(feature)


def _backup(project: str, run_id: str) -> str:
    folder = os.path.join(
        os.path.dirname(os.path.abspath(project)),
        os.path.splitext(os.path.basename(project))[0] + "_backups",
    )
    os.makedirs(folder, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = os.path.splitext(os.path.basename(project))[0]
    target = os.path.join(folder, "{}.sync-{}-{}.gpkg".format(stem, stamp, run_id[:8]))
    with (
        contextlib.closing(sqlite3.connect(project)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
    old = sorted(glob.glob(os.path.join(folder, "{}.sync-*.gpkg".format(glob.escape(stem)))))
    for stale in old[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            os.remove(stale)
    return target


def _restore(backup: str, project: str) -> None:
    with (
        contextlib.closing(sqlite3.connect(backup)) as src,
        contextlib.closing(sqlite3.connect(project)) as dst,
    ):
        src.backup(dst)


def expand_paths(paths: Iterable[str], project: str = "") -> List[str]:
    """Package files from files and folders (every ``*.gpkg`` directly in a folder, except
    the project itself)."""
    out: List[str] = []
    for path in paths:
        path = os.path.abspath(str(path))
        if os.path.isdir(path):
            found = [
                f
                for f in sorted(glob.glob(os.path.join(glob.escape(path), "*.gpkg")))
                if os.path.abspath(f) != project
            ]
        else:
            found = [path]
        for item in found:
            if item not in out:
                out.append(item)
    return out


def sync_packages(
    project: str,
    paths: Iterable[str],
    limits: Optional[Limits] = None,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
) -> SyncRun:
    """Merge field packages into the project (see the module doc and docs/design/sync.md)."""
    limits = limits or Limits()
    progress = progress or (lambda _p: None)
    is_canceled = is_canceled or (lambda: False)
    project = os.path.abspath(project)
    _require_project(project)
    files = expand_paths(paths, project)
    if not files:
        raise SyncError(translate("core", "No field packages (.gpkg files) were given."))
    for path in files:
        if os.path.abspath(path) == project:
            raise SyncError(
                translate(
                    "core",
                    "The project itself was given as a package: choose the field "
                    "packages, not {path}.",
                ).format(path=path)
            )
    _ensure_tables(
        project, (schema.SYNC_PACKAGES, schema.SYNC_BASE, schema.SYNC_LOG, schema.SYNC_CONFLICTS)
    )
    project_id = ensure_project_id(project)
    run = SyncRun(run_id=str(_uuid.uuid4()))
    started = now_utc()
    with contextlib.closing(_ro(project)) as con:
        packages = {}
        for pid, staff, grid_ids, area in con.execute(
            "SELECT package_id, staff_id, grid_ids, area_wkb FROM sync_packages"
        ):
            packages[pid] = {
                "staff_id": staff,
                "grid_ids": json.loads(grid_ids or "[]"),
                "area": shapely.buffer(shapely.from_wkb(area), 1.0) if area else shapely.Point(),
            }
        done = {
            (pid, sha): rid
            for pid, sha, rid in con.execute(
                "SELECT package_id, file_sha256, run_id FROM sync_log WHERE status IN "
                "('synced', 'unchanged') AND file_sha256 IS NOT NULL"
            )
        }
        master_srs = _srs_definition(con, _feature_srs_id(con, "feedback"))
    grid_ids, grid_geoms = _grid_geometries(project)
    keep = [i for i, g in enumerate(grid_geoms) if g is not None]
    tree = shapely.STRtree(np.array([grid_geoms[i] for i in keep], dtype=object)) if keep else None
    grid_index = ([grid_ids[i] for i in keep], tree)
    progress(5.0)
    state: Optional[_State] = None  # the project's rows, read when a package needs a merge
    now = now_utc()
    quarantine = tempfile.mkdtemp(prefix="service-grid-sync-")
    try:
        for n, path in enumerate(files):
            if is_canceled():
                raise CancelledError(translate("core", "Cancelled: the project is unchanged."))
            folder = tempfile.mkdtemp(dir=quarantine)
            try:
                pkg = _read_package(
                    path,
                    project,
                    folder,
                    limits,
                    project_id,
                    packages,
                    master_srs,
                    grid_index,
                    done,
                )
            except (InputError, sqlite3.DatabaseError, OSError, ValueError) as err:
                report = PackageReport(
                    path=path,
                    status="rejected",
                    message=translate("core", "package refused: {}").format(err),
                )
                _identify(path, report)
                run.reports.append(report)
                LOG.warning("%s: %s", path, report.message)
            else:
                report = pkg.report
                run.reports.append(report)
                if report.status != "unchanged":
                    with contextlib.closing(_ro(project)) as con:
                        base, base_meta = _read_base(con, report.package_id)
                    if _differs(pkg, base):
                        if state is None:
                            original = read_master_rows(project)
                            state = _State(rows=dict(original), original=original)
                        _merge(
                            pkg,
                            base,
                            state,
                            run.run_id,
                            now,
                            _Photos(project, path, limits),
                            base_meta,
                        )
                    else:  # every row as last exchanged: nothing to merge
                        report.unchanged = len(pkg.rows)
                    changed = report.inserted + report.updated + report.deleted
                    report.status = "synced" if changed or report.conflicts else "unchanged"
                    summary = translate(
                        "core", "{} inserted, {} updated, {} deleted, {} conflicts, {} rejected"
                    )
                    report.message = report.message or summary.format(
                        report.inserted,
                        report.updated,
                        report.deleted,
                        report.conflicts,
                        len(report.rejected),
                    )
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            progress(5.0 + 45.0 * (n + 1) / len(files))
        logs = []
        for report in run.reports:
            logs.append(
                {
                    "run_id": run.run_id,
                    "package_id": report.package_id or None,
                    "file_sha256": report.sha256 or None,
                    "status": report.status,
                    "inserted": report.inserted,
                    "updated": report.updated,
                    "conflicts": report.conflicts,
                    "rejected": len(report.rejected),
                    "started_at": started,
                    "finished_at": now_utc(),
                    "message": (
                        report.message
                        + ("; " + "; ".join(report.warnings) if report.warnings else "")
                    )[:2000],
                }
            )
        if is_canceled():
            raise CancelledError(translate("core", "Cancelled: the project is unchanged."))
        if state is None or not _has_changes(state):  # only the ledger is written
            state = _State(rows={}, original={})
        else:
            run.backup = _backup(project, run.run_id)
        state.logs = logs
        progress(60.0)
        ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
        try:
            ds.StartTransaction()
            try:
                _apply(ds, state, now, is_canceled)
                if os.environ.get("SERVICE_GRID_SYNC_PAUSE"):  # crash tests: kill point
                    _pause(os.environ["SERVICE_GRID_SYNC_PAUSE"])
                ds.CommitTransaction()
            except BaseException:
                ds.RollbackTransaction()
                raise
        finally:
            ds = None  # noqa: F841
        progress(95.0)
        with contextlib.closing(sqlite3.connect(project)) as con:
            check = con.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            _restore(run.backup, project)
            raise SyncError(
                translate(
                    "core",
                    "The project failed its integrity check after the sync and was "
                    "restored from the backup {backup}.",
                ).format(backup=run.backup)
            )
    finally:
        shutil.rmtree(quarantine, ignore_errors=True)
    progress(100.0)
    for report in run.reports:
        LOG.info("%s: %s %s", os.path.basename(report.path), report.status, report.message)
    return run


def _differs(pkg: _Package, base: Dict[str, tuple]) -> bool:
    """True when the package has a row that is not exactly its base (or lost one)."""
    if any(base.get(key) != row.values for key, row in pkg.rows.items()):
        return True
    return any(key not in pkg.seen for key in base)


def _has_changes(state: _State) -> bool:
    if state.conflicts or any(state.base_changes.values()):
        return True
    if state.rows.keys() != state.original.keys():
        return True
    return any(state.original[key] is not row for key, row in state.rows.items())


def _pause(marker: str) -> None:
    """Crash tests: say the write transaction is open, then wait to be killed."""
    import time

    with open(marker, "w") as handle:
        handle.write(str(os.getpid()))
    time.sleep(3600)


def _identify(path: str, report: PackageReport) -> None:
    """Best effort: the package id of a refused package, for the report."""
    with contextlib.suppress(Exception):
        report.package_id = gpkg.read_meta(path, schema.MANIFEST_TABLE).get("package_id", "")


# --------------------------------------------------------------------------- conflicts


def list_conflicts(project: str, open_only: bool = True) -> List[Conflict]:
    """Rows of ``sync_conflicts`` (only the unresolved ones unless ``open_only`` is false)."""
    if not _tables_exist(project, [schema.SYNC_CONFLICTS.name])[schema.SYNC_CONFLICTS.name]:
        return []
    query = (
        "SELECT fid, run_id, package_id, table_name, uuid, column_name, base_value, "
        "office_value, field_value, kind, resolution, resolved_at FROM sync_conflicts"
    )
    if open_only:
        query += " WHERE resolution IS NULL"
    with contextlib.closing(_ro(project)) as con:
        return [Conflict(*row) for row in con.execute(query + " ORDER BY fid")]


def _typed(column: str, text: Optional[str]):
    if text is None:
        return None
    if column in _INT_COLUMNS:
        return int(float(text))
    if column in _REAL_COLUMNS:
        return float(text)
    return text


def resolve_conflict(project: str, conflict_fid: int, choice: str) -> None:
    """Settle one conflict: ``"office"`` keeps the project's value, ``"field"`` takes the
    package's; the choice, its time and an audit row in ``sync_log`` are written together."""
    if choice not in ("office", "field"):
        raise ValueError("choice must be 'office' or 'field'")
    found = [c for c in list_conflicts(project, open_only=False) if c.fid == conflict_fid]
    if not found:
        raise InputError(
            translate("core", "There is no conflict {fid} in the project.").format(fid=conflict_fid)
        )
    item = found[0]
    if item.resolution:
        raise InputError(
            translate("core", "Conflict {fid} was already resolved ({choice}).").format(
                fid=conflict_fid, choice=item.resolution
            )
        )
    master = read_master_rows(project)
    row = master.get(uuid_key(item.uuid))
    now = now_utc()
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    try:
        ds.StartTransaction()
        lyr = ds.GetLayerByName("feedback")
        if choice == "field":
            if item.kind == "update_delete":  # the field deleted the row
                if row is not None:
                    lyr.DeleteFeature(row.fid)
            elif item.kind == "delete_update":  # the office deleted it: bring it back
                values = json.loads(item.field_value or "{}")
                if row is None:
                    _insert(lyr, item.uuid, values, item.package_id, now)
            elif row is not None:
                feature = lyr.GetFeature(row.fid)
                if item.column_name == "geom":
                    geom = shapely.from_wkt(item.field_value) if item.field_value else None
                    feature.SetGeometryDirectly(
                        None if geom is None else ogr.CreateGeometryFromWkb(shapely.to_wkb(geom))
                    )
                else:
                    _set_value(
                        feature,
                        feature.GetFieldIndex(item.column_name),
                        item.column_name,
                        _typed(item.column_name, item.field_value),
                    )
                feature.SetField("rev", int(row.rev) + 1)
                feature.SetField("updated_at", now)
                lyr.SetFeature(feature)
        conflicts = ds.GetLayerByName(schema.SYNC_CONFLICTS.name)
        feature = conflicts.GetFeature(conflict_fid)
        feature.SetField("resolution", choice)
        feature.SetField("resolved_at", now)
        conflicts.SetFeature(feature)
        _write_logs(
            ds,
            [
                {
                    "run_id": str(_uuid.uuid4()),
                    "package_id": item.package_id,
                    "status": "resolved",
                    "started_at": now,
                    "finished_at": now,
                    "message": "conflict {} on {} {}: kept the {} value".format(
                        conflict_fid, item.uuid, item.column_name, choice
                    ),
                }
            ],
        )
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841


def _insert(lyr, raw_uuid: str, values: dict, package_id: str, now: str) -> None:
    defn = lyr.GetLayerDefn()
    feature = ogr.Feature(defn)
    feature.SetField("uuid", raw_uuid)
    for name in MERGE_COLUMNS:
        idx = defn.GetFieldIndex(name)
        if idx >= 0:
            _set_value(feature, idx, name, values.get(name))
    feature.SetField("package_id", package_id)
    feature.SetField("rev", 1)
    feature.SetField("updated_at", now)
    if values.get("geom"):
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(bytes.fromhex(values["geom"])))
    lyr.CreateFeature(feature)
