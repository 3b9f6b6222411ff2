"""Follow-up visits (回访) in field packages: their columns, who owns which, their rows in
canonical form (from a file of ours or from an untrusted package, every value checked) and
the package export of a staff member's visits.

The office owns a visit's assignment (grid, staff, customer, purpose, due date, location); the
field owns its outcome (:data:`FIELD_COLUMNS`: status, done time, result, notes, the feedback
logged during the visit). The sync takes only the field's columns from a package
(:mod:`.visit_merge`); a package that changed an office column is told so in a warning and
the office value stays.
"""

import contextlib
import datetime as _dt
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from .. import gpkg, schema, timestamps
from ..errors import InputError
from ..i18n import translate
from .geometry import _point_errors, _wkb_hex, parse_gpkg_blobs
from .model import _CONTROL, InvalidText, Limits, _Row, uuid_key
from .rows import quote_identifier, select_by_uuid
from .values import _norm_time, _norm_value, refresh_horizon

TABLE = schema.VISITS.name
BASE_TABLE = schema.SYNC_BASE_VISITS.name
#: Columns of a visit compared by the merge (``geom`` is the point, as WKB hex).
COLUMNS: Tuple[str, ...] = (
    "grid_id",
    "staff_id",
    "customer_id",
    "purpose",
    "due_date",
    "assigned_at",
    "assigned_by",
    "status",
    "done_at",
    "result",
    "notes",
    "feedback_uuid",
    "device_id",
    "geom",
)
COL = {name: i for i, name in enumerate(COLUMNS)}
#: The columns the field owns (the sync takes them from a package).
FIELD_COLUMNS: Tuple[str, ...] = ("status", "done_at", "result", "notes", "feedback_uuid")
#: Columns read from a file besides ``fid``, ``uuid`` and the geometry.
SELECT: Tuple[str, ...] = tuple(c for c in COLUMNS if c != "geom") + (
    "rev",
    "updated_at",
    "package_id",
)
_TIMES = frozenset({"assigned_at", "done_at", "updated_at"})
STATUSES = frozenset(code for code, _zh, _en in schema.VISIT_STATUS)
RESULTS = frozenset(code for code, _zh, _en in schema.VISIT_RESULTS)
PURPOSES = frozenset(code for code, _zh, _en in schema.VISIT_PURPOSES)
#: Statuses the field may set (only the office cancels a visit).
FIELD_STATUSES = frozenset({"open", "done", "not_reached"})
#: Statuses a package carries (a cancelled visit is not sent out again).
EXPORTED_STATUSES = ("open", "done", "not_reached")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_date(value: str) -> Optional[str]:
    """The date ``YYYY-MM-DD`` as stored, or ``None`` when it is not one."""
    text = str(value).strip()
    if not _DATE.fullmatch(text):
        return None
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return None
    return text


@dataclass
class VisitPackage:
    """The visits of a package read from quarantine: the rows that passed, every uuid key the
    package holds and the keys of the rejected rows."""

    rows: Dict[str, _Row] = field(default_factory=dict)
    seen: Set[str] = field(default_factory=set)
    rejected: Set[str] = field(default_factory=set)


def _raw_rows(
    con: sqlite3.Connection, geom_column: str = "geom", keys: Optional[Iterable[str]] = None
) -> List[tuple]:
    cols = ", ".join(quote_identifier(c) for c in SELECT)
    sql = "SELECT fid, uuid, {}, {} FROM {}".format(cols, quote_identifier(geom_column), TABLE)
    return select_by_uuid(con, sql, TABLE, keys)


def _clean(name: str, value, limits: Limits, offset: int):
    """Canonical value of a visit column and an error text (``None`` when valid)."""
    if name in _TIMES:
        if isinstance(value, InvalidText):
            return None, translate("core", "{} is not valid UTF-8 text").format(name)
        if isinstance(value, (bytes, bytearray, memoryview)):
            return None, translate("core", "binary data in {} ({} bytes)").format(name, len(value))
        return _norm_time(value, offset)
    return _norm_value(name, value, limits, offset)


def _domain(values: Dict[str, object]) -> Optional[str]:
    """The rules of a visit row coming from the field (values already canonical)."""
    status = values["status"]
    if status not in STATUSES:
        return translate("core", "status {!r} is not one of {}").format(
            status, ", ".join(sorted(STATUSES))
        )
    result = values["result"]
    if result is not None and result not in RESULTS:
        return translate("core", "result {!r} is not one of {}").format(
            result, ", ".join(sorted(RESULTS))
        )
    if status in ("done", "not_reached") and values["done_at"] is None:
        return translate("core", "the visit is marked {} but done_at is missing").format(status)
    due = values["due_date"]
    if due is not None and check_date(str(due)) is None:
        return translate("core", "due_date {!r} is not a date (YYYY-MM-DD)").format(str(due)[:20])
    rev = values["rev"]
    if rev is not None and not 0 <= int(rev) <= 2**31 - 1:  # type: ignore[call-overload]
        return translate("core", "rev {} is out of range").format(rev)
    return None


def rows_from(
    raw: Sequence[Sequence], limits: Limits, geoms, strict: bool, offset: Optional[int] = None
) -> Tuple[Dict[str, _Row], List[Tuple[str, str]], Set[str]]:
    """Canonical visit rows by uuid key; with ``strict`` the rejections ``(key, reason)``.
    ``raw`` rows are ``(fid, uuid, *SELECT columns, blob)``."""
    offset = timestamps.local_offset_minutes() if offset is None else offset
    refresh_horizon()
    rows: Dict[str, _Row] = {}
    rejected: List[Tuple[str, str]] = []
    counts: Dict[str, int] = {}
    hexes = _wkb_hex(geoms) if len(raw) else []
    caches: Dict[str, dict] = {name: {} for name in SELECT}
    for i, row in enumerate(raw):
        fid, raw_uuid = row[0], row[1]
        if not isinstance(raw_uuid, str) or not raw_uuid.strip():
            rejected.append(("fid {}".format(fid), translate("core", "no uuid")))
            continue
        if isinstance(raw_uuid, InvalidText) or len(raw_uuid) > 64 or _CONTROL.search(raw_uuid):
            rejected.append(("fid {}".format(fid), translate("core", "uuid is not a uuid")))
            continue
        key = uuid_key(raw_uuid)
        counts[key] = counts.get(key, 0) + 1
        values: Dict[str, object] = {}
        problem = None
        for name, value in zip(SELECT, row[2:-1]):
            cache = caches[name]
            plain = type(value) in (str, int, float) or value is None  # (never InvalidText)
            hit = cache.get(value) if plain else None
            if hit is None:
                hit = _clean(name, value, limits, offset)
                if plain and len(cache) < 50_000:
                    cache[value] = hit
            clean, error = hit
            if error and strict:
                problem = problem or error
            values[name] = clean if not error else (None if strict else value)
        if strict and problem is None:
            problem = _domain(values)
        if problem:
            rejected.append((key, problem))
            continue
        values["geom"] = hexes[i]
        rev = values["rev"]
        rows[key] = _Row(
            uuid=raw_uuid,
            values=tuple(values[c] for c in COLUMNS),
            rev=int(rev) if isinstance(rev, (int, float)) else 0,
            updated_at=values["updated_at"],  # type: ignore[arg-type]
            fid=fid,
            package_id=values["package_id"],  # type: ignore[arg-type]
        )
    if strict:
        for key, count in counts.items():
            if count > 1:
                rows.pop(key, None)
                reason = translate("core", "the uuid appears {} times in the package")
                rejected.append((key, reason.format(count)))
    return rows, rejected, set(counts)


def has_visits(con: sqlite3.Connection) -> bool:
    """True when the file has a visits table."""
    return (
        con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
        ).fetchone()
        is not None
    )


def trusted_rows(con: sqlite3.Connection, keys: Optional[Iterable[str]] = None) -> Dict[str, _Row]:
    """Visit rows of a file of ours (values as stored, no rejections), by uuid key; only the
    uuid ``keys`` when given."""
    if not has_visits(con):
        return {}
    raw = _raw_rows(con, keys=keys)
    geoms, _srs, _errors = parse_gpkg_blobs([r[-1] for r in raw])
    rows, _rejected, _seen = rows_from(
        raw, Limits(max_text=1 << 30, max_short_text=1 << 30), geoms, strict=False
    )
    return rows


def read_master_visits(path: str, keys: Optional[Iterable[str]] = None) -> Dict[str, _Row]:
    """The project's visits in canonical form, by uuid key (only the uuid ``keys`` when
    given)."""
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        return trusted_rows(con, keys)


def read_package_visits(
    con: sqlite3.Connection, limits: Limits, master_srs: str, offset: int
) -> Tuple[Optional[VisitPackage], List[Tuple[str, str]]]:
    """The visits of an untrusted package (``con``: its quarantined copy, opened as the
    sync opens it). Returns ``(visits or None when the package has no visits table,
    rejections)``; a visits table that is not a plain table, lacks columns, holds
    too many rows or uses another CRS refuses the package (:class:`InputError`)."""
    from .project import _feature_srs_id, _srs_definition  # noqa: PLC0415 (import cycle)

    kind = con.execute("SELECT type, sql FROM sqlite_master WHERE name = ?", (TABLE,)).fetchone()
    if kind is None:
        return None, []
    if kind[0] != "table" or str(kind[1] or "").upper().lstrip().startswith("CREATE VIRTUAL"):
        raise InputError(
            translate("core", "'{}' is not a plain table (found: {})").format(TABLE, kind[0])
        )
    columns = [r[1] for r in con.execute('PRAGMA table_info("{}")'.format(TABLE))]
    geom_row = con.execute(
        "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (TABLE,)
    ).fetchone()
    missing = [c for c in ("uuid",) + SELECT if c not in columns]
    if geom_row is None or geom_row[0] not in columns:
        missing.append("geometry")
    elif not isinstance(geom_row[0], str) or not re.fullmatch(r"[A-Za-z_]\w{0,62}", geom_row[0]):
        raise InputError(translate("core", "the geometry column of the visits is not a plain name"))
    if missing:
        raise InputError(
            translate(
                "core", "the visits table lacks the columns {} (schema drift: refresh the package)"
            ).format(", ".join(missing))
        )
    count = con.execute("SELECT count(*) FROM {}".format(TABLE)).fetchone()[0]
    if count > limits.max_rows:
        raise InputError(
            translate("core", "the package has {} visits, above the limit of {}").format(
                count, limits.max_rows
            )
        )
    if _srs_definition(con, _feature_srs_id(con, TABLE)) != master_srs:
        raise InputError(
            translate(
                "core", "the visits layer's coordinate reference system differs from the project's"
            )
        )
    raw = _raw_rows(con, geom_row[0])
    geoms, _srs_ids, errors = parse_gpkg_blobs([r[-1] for r in raw], limits.max_geometry_bytes)
    point_errors = _point_errors(geoms)
    rejected: List[Tuple[str, str]] = []
    good, good_geoms = [], []
    for i, row in enumerate(raw):
        problem = errors[i] or point_errors[i]
        if problem:
            key = uuid_key(row[1]) if isinstance(row[1], str) else "fid {}".format(row[0])
            rejected.append((key, problem))
        else:
            good.append(row)
            good_geoms.append(geoms[i])
    rows, bad, seen = rows_from(good, limits, good_geoms, strict=True, offset=offset)
    rejected.extend(bad)
    seen |= {k for k, _r in rejected if not k.startswith("fid ")}
    visits = VisitPackage(rows=rows, seen=seen, rejected={k for k, _r in rejected})
    label = translate("core", "visit {}")
    return visits, [(label.format(k), reason) for k, reason in rejected]


def read_visits_of(pkg, copy: str, office, is_canceled=None) -> None:
    """Read the visits of the package ``pkg`` from its quarantined copy ``copy`` (the sync's
    hook after the feedback was read): ``pkg.visits`` is set, rejected visits go into its
    report; a hostile visits table refuses the package (:class:`InputError`)."""
    from .package import _connect, _manifest_offset, _SqlGuard  # noqa: PLC0415 (import cycle)

    if pkg.report.status == "unchanged":
        return
    guard = _SqlGuard(is_canceled or (lambda: False), office.limits.max_seconds)
    try:
        with contextlib.closing(_connect(copy, guard)) as con:
            visits, rejected = read_package_visits(
                con, office.limits, office.master_srs, _manifest_offset(pkg.manifest)
            )
    except sqlite3.Error as err:
        guard.raise_if_stopped()
        raise InputError(
            translate("core", "the visits of the package cannot be read ({})").format(err)
        ) from err
    pkg.visits = visits
    pkg.report.rejected.extend(rejected)


def insert_visit(lyr, raw_uuid: str, values: Dict[str, object], now: str) -> None:
    """Insert a visit from its column values (a settled ``delete_update`` conflict): the
    office columns as they were, the location lost with the office's row (no geometry)."""
    from osgeo import ogr  # noqa: PLC0415 (GDAL only where a visit is written)

    defn = lyr.GetLayerDefn()
    feature = ogr.Feature(defn)
    feature.SetField("uuid", raw_uuid)
    for name in COLUMNS:
        idx = defn.GetFieldIndex(name)
        value = values.get(name)
        if idx >= 0 and value is not None and name != "geom":
            feature.SetField(idx, str(value))
    feature.SetField("rev", 1)
    feature.SetField("updated_at", now)
    lyr.CreateFeature(feature)
