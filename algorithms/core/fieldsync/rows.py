"""Feedback rows in canonical form: read from a file of ours or an untrusted package, each
value checked and normalised (see :mod:`.values`), keyed by uuid."""

import contextlib
import sqlite3
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from .. import gpkg, timestamps
from ..i18n import translate
from .geometry import _wkb_hex, parse_gpkg_blobs
from .model import _CONTROL, _SELECT, MERGE_COLUMNS, InvalidText, Limits, _Row, uuid_key
from .values import _normalise_column, refresh_horizon


def quote_identifier(name: str) -> str:
    """An SQL identifier in double quotes, inner quotes doubled (safe for any name)."""
    return '"' + str(name).replace('"', '""') + '"'


def uuid_forms(keys: Iterable[str]) -> List[str]:
    """The stored forms a uuid key may have (``abc…``, ``ABC…``, ``{abc…}``, ``{ABC…}``: as
    our tools, QGIS's ``uuid()`` and devices write it)."""
    out: Set[str] = set()
    for key in keys:
        upper = key.upper()
        out.update((key, upper, "{" + key + "}", "{" + upper + "}"))
    return sorted(out)


def select_by_uuid(
    con: sqlite3.Connection, sql: str, table: str, keys: Optional[Iterable[str]]
) -> List[tuple]:
    """The rows of ``sql`` (a ``SELECT … FROM table``), all of them, or with ``keys`` only
    those whose uuid is one of these keys (through the uuid's unique index, in chunks; all
    rows are read when the keys are many against the table's size)."""
    if keys is None:
        return con.execute(sql).fetchall()
    keys = sorted(set(keys))
    total = con.execute("SELECT count(*) FROM {}".format(quote_identifier(table))).fetchone()[0]
    if len(keys) * 4 >= total:
        return con.execute(sql).fetchall()
    rows: List[tuple] = []
    for start in range(0, len(keys), 200):
        forms = uuid_forms(keys[start : start + 200])
        rows.extend(
            con.execute(
                "{} WHERE uuid IN ({})".format(sql, ",".join("?" * len(forms))), forms
            ).fetchall()
        )
    return rows


def _read_feedback(
    con: sqlite3.Connection, geom_column: str = "geom", keys: Optional[Iterable[str]] = None
) -> List[tuple]:
    """``(fid, uuid, *columns of _SELECT, geometry blob)`` of every feedback row (of the
    uuid ``keys`` only, when given)."""
    cols = ", ".join(quote_identifier(c) for c in _SELECT)
    sql = "SELECT fid, uuid, {}, {} FROM feedback".format(cols, quote_identifier(geom_column))
    return select_by_uuid(con, sql, "feedback", keys)


def _rows_from(
    raw: Sequence[Sequence], limits: Limits, geoms, strict: bool, offset: Optional[int] = None
) -> Tuple[Dict[str, _Row], List[Tuple[str, str]], Set[str]]:
    """Canonical rows; with ``strict`` also the rejections ``(key, reason)``.

    ``raw`` rows are ``(fid, uuid, *_SELECT columns, blob)``; ``geoms`` the parsed points;
    ``offset``: the UTC offset (minutes) of times written without a zone (default: this
    machine's).
    """
    offset = timestamps.local_offset_minutes() if offset is None else offset
    refresh_horizon()
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
        if isinstance(raw_uuid, InvalidText) or len(raw_uuid) > 64 or _CONTROL.search(raw_uuid):
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


def _trusted_rows(con: sqlite3.Connection, keys: Optional[Iterable[str]] = None) -> Dict[str, _Row]:
    """Feedback rows of a file of ours in canonical form, by uuid key (values as stored, no
    rejections, no limits); only the uuid ``keys`` when given."""
    raw = _read_feedback(con, keys=keys)
    geoms, _srs, _errors = parse_gpkg_blobs([r[-1] for r in raw])
    rows, _rejected, _seen = _rows_from(
        raw, Limits(max_text=1 << 30, max_short_text=1 << 30), geoms, strict=False
    )
    return rows


def read_master_rows(path: str, keys: Optional[Iterable[str]] = None) -> Dict[str, _Row]:
    """The project's feedback rows in canonical form, by uuid key (values as stored); only
    the uuid ``keys`` when given (a sync reads the rows its packages can touch)."""
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        return _trusted_rows(con, keys)
