"""A field device, simulated: edits of a field package GeoPackage the way QField / QGIS make them.

Ordinary edits (:func:`add_feedback`, :func:`edit_feedback`, :func:`delete_feedback`,
:func:`attach_photo`, or several at once with :func:`run_device`) run in a **separate process**
(the venv's Python with a small script) that writes through OGR with the SQLite journal in WAL
mode, in one transaction, like a device: new rows get a fresh uuid (``uuid4`` or QGIS's
``'{...}'`` form), a random point inside one of the package's grids, valid values, ``rev = 1``
and UTC timestamps; an edit sets columns, ``rev + 1`` and ``updated_at``. ``keep_wal=True``
turns automatic checkpoints off and leaves the process with ``os._exit`` without closing the
dataset: the new rows then live only in the ``-wal`` file beside the package, as when a phone
is unplugged after saving.

Hostile edits (triggers, a view in place of ``feedback``, extra tables, schema drift, an oversized
blob, a malformed geometry blob) are plain ``sqlite3`` DDL/DML in this process: nothing in a
real app would make them, an attacker or a broken tool would.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from typing import Dict, Iterable, List, Optional

from service_grid.algorithms.core.schema import FEEDBACK_CATEGORIES

#: The Python that runs the device process (the project's venv, with GDAL and shapely).
PYTHON = os.environ.get("SG_DEVICE_PYTHON") or (
    os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".venv", "bin", "python"
    )
    if os.path.exists(
        os.path.join(
            os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".venv", "bin", "python"
        )
    )
    else sys.executable
)

#: Valid values a device picks from (the value lists of algorithms/core/schema.py).
CATEGORIES = tuple(code for code, _zh, _en in FEEDBACK_CATEGORIES)
CHANNELS = ("visit", "phone", "outlet", "online")
CUSTOMER_TYPES = ("individual", "enterprise")

#: QField numbers new features from the epoch in milliseconds: above the int32 range.
BIG_FID = 2**31 + 5

_SCRIPT = r"""
import datetime, json, os, random, sys, uuid
from osgeo import gdal, ogr
ogr.UseExceptions()
spec = json.loads(sys.stdin.read())
if spec.get("wal", True):
    gdal.SetConfigOption("OGR_SQLITE_JOURNAL", "WAL")
CATEGORIES = spec["categories"]; CHANNELS = spec["channels"]; TYPES = spec["customer_types"]


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


ds = gdal.OpenEx(spec["path"], gdal.OF_VECTOR | gdal.OF_UPDATE)
if spec.get("keep_wal"):
    ds.ExecuteSQL("PRAGMA wal_autocheckpoint=0")
lyr = ds.GetLayerByName("feedback")
defn = lyr.GetLayerDefn()
names = {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}

manifest = {}
if ds.GetLayerByName("sg_manifest") is not None:
    for f in ds.GetLayerByName("sg_manifest"):
        manifest[f.GetField("key")] = f.GetField("value")
grids = {}
glyr = ds.GetLayerByName("grids")
if glyr is not None:
    for f in glyr:
        grids[f.GetField("grid_id")] = f.GetGeometryRef().Clone()
    glyr.ResetReading()


def random_point(rng, grid_ids):
    gid = grid_ids[rng.randrange(len(grid_ids))]
    geom = grids[gid]
    minx, maxx, miny, maxy = geom.GetEnvelope()
    while True:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        pt = ogr.Geometry(ogr.wkbPoint)
        pt.AddPoint_2D(x, y)
        if geom.Contains(pt):
            return gid, pt


uuid_index = None


def fid_of(u):
    global uuid_index
    if uuid_index is None:
        uuid_index = {}
        sql = ds.ExecuteSQL('SELECT fid, uuid FROM feedback')
        for f in sql:
            uuid_index[f.GetField("uuid")] = f.GetFID()
        ds.ReleaseResultSet(sql)
    return uuid_index[u]


def set_values(feature, values):
    for key, value in values.items():
        if key == "wkt":
            feature.SetGeometry(ogr.CreateGeometryFromWkt(value) if value else None)
        elif value is None:
            feature.SetFieldNull(key)
        else:
            feature.SetField(key, value)


result = {"added": [], "fids": [], "edited": [], "deleted": []}
ds.StartTransaction()
for op in spec["ops"]:
    kind = op["op"]
    if kind == "add":
        rng = random.Random(op.get("seed", 0))
        grid_ids = op.get("grid_ids") or sorted(grids)
        fid = op.get("fid_start")
        for k in range(op.get("n", 1)):
            u = str(uuid.uuid4())
            if op.get("uuid_style") == "braces":
                u = "{" + u + "}"
            feature = ogr.Feature(defn)
            stamp = op.get("stamp") or now()
            values = {"uuid": u, "staff_id": manifest.get("staff_id"),
                      "collected_at": stamp, "category": CATEGORIES[rng.randrange(len(CATEGORIES))],
                      "channel": CHANNELS[rng.randrange(len(CHANNELS))],
                      "rating": rng.randint(1, 5),
                      "response_minutes": round(rng.uniform(1, 240), 1),
                      "customer_type": TYPES[rng.randrange(len(TYPES))],
                      "product_interest": rng.choice(["auto", "home", "health", "life"]),
                      "notes": "device note {}".format(k), "status": "open",
                      "device_id": op.get("device_id", "device-1"),
                      "package_id": manifest.get("package_id"), "rev": 1, "updated_at": stamp}
            if "wkt" not in op.get("values", {}):
                gid, pt = random_point(rng, grid_ids)
                values["grid_id"] = gid
                feature.SetGeometry(pt)
            values.update(op.get("values", {}))
            set_values(feature, {k2: v for k2, v in values.items() if k2 in names or k2 == "wkt"})
            if fid is not None:
                feature.SetFID(fid)
                fid += 1
            lyr.CreateFeature(feature)
            result["added"].append(u)
            result["fids"].append(feature.GetFID())
            if uuid_index is not None:
                uuid_index[u] = feature.GetFID()
    elif kind == "edit":
        for u, values in op["edits"].items():
            feature = lyr.GetFeature(fid_of(u))
            rev = feature.GetField("rev") or 0
            values = dict(values)
            values.setdefault("rev", rev + 1)
            values.setdefault("updated_at", now())
            set_values(feature, values)
            lyr.SetFeature(feature)
            result["edited"].append(u)
    elif kind == "delete":
        for u in op["uuids"]:
            lyr.DeleteFeature(fid_of(u))
            result["deleted"].append(u)
    else:
        raise SystemExit("unknown op " + kind)
ds.CommitTransaction()
sys.stdout.write(json.dumps(result))
sys.stdout.flush()
if spec.get("keep_wal"):
    os._exit(0)
ds = None
"""


class DeviceError(RuntimeError):
    pass


def run_device(
    package: str, ops: List[dict], keep_wal: bool = False, wal: bool = True, timeout: float = 600
) -> dict:
    """Run device operations on ``package`` in a separate process (OGR, WAL, one transaction).

    ``ops``: dicts with ``op`` = ``"add"`` (``n``, ``seed``, ``grid_ids``, ``fid_start``,
    ``uuid_style`` ``"plain"|"braces"``, ``values`` overriding columns, ``device_id``,
    ``stamp``), ``"edit"`` (``edits``: {uuid: {column: value}}; rev+1 and updated_at unless
    given) or ``"delete"`` (``uuids``). Returns {"added": [uuids], "fids": [...], "edited",
    "deleted"}. ``wal=False`` keeps the file's journal mode (for office edits of a master in
    the same way)."""
    spec = {
        "path": package,
        "ops": ops,
        "keep_wal": keep_wal,
        "wal": wal,
        "categories": CATEGORIES,
        "channels": CHANNELS,
        "customer_types": CUSTOMER_TYPES,
    }
    proc = subprocess.run(
        [PYTHON, "-c", _SCRIPT],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise DeviceError(
            "device process failed ({}): {}".format(proc.returncode, proc.stderr[-3000:])
        )
    return json.loads(proc.stdout)


def add_feedback(
    package: str,
    n: int = 1,
    seed: int = 0,
    grid_ids: Optional[List[str]] = None,
    fid_start: Optional[int] = None,
    uuid_style: str = "plain",
    values: Optional[dict] = None,
    device_id: str = "device-1",
    keep_wal: bool = False,
    stamp: Optional[str] = None,
    wal: bool = True,
) -> List[str]:
    """Add ``n`` feedback rows (random valid values, points inside the package's grids, or
    inside ``grid_ids``); ``values`` overrides columns (``wkt`` for the geometry). Returns the
    new rows' uuids."""
    op = {
        "op": "add",
        "n": n,
        "seed": seed,
        "grid_ids": grid_ids,
        "fid_start": fid_start,
        "uuid_style": uuid_style,
        "values": values or {},
        "device_id": device_id,
        "stamp": stamp,
    }
    return run_device(package, [op], keep_wal=keep_wal, wal=wal)["added"]


def edit_feedback(
    package: str, edits: Dict[str, dict], keep_wal: bool = False, wal: bool = True
) -> List[str]:
    """Set columns of rows by uuid (``rev`` + 1, ``updated_at`` now, unless given)."""
    return run_device(package, [{"op": "edit", "edits": edits}], keep_wal=keep_wal, wal=wal)[
        "edited"
    ]


def delete_feedback(
    package: str, uuids: Iterable[str], keep_wal: bool = False, wal: bool = True
) -> List[str]:
    return run_device(
        package, [{"op": "delete", "uuids": list(uuids)}], keep_wal=keep_wal, wal=wal
    )["deleted"]


def attach_photo(
    package: str, uuid: str, data: bytes, name: str = "DCIM/photo.jpg", keep_wal: bool = False
) -> str:
    """Save a photo under the package's folder (``DCIM/...``) and point the row's ``photo``
    column to it (a path relative to the package's folder, as the attachment widget stores).
    Returns the relative path."""
    target = os.path.join(os.path.dirname(os.path.abspath(package)), name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(data)
    edit_feedback(package, {uuid: {"photo": name}}, keep_wal=keep_wal)
    return name


# ------------------------------------------------------------------------------ inspection


def sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(package: str) -> Dict[str, str]:
    """sha256 of the package, of its ``-wal`` file (if any) and of every other file in its
    folder (photos): whatever a sync might touch. The ``-shm`` file is left out: it is SQLite's
    shared-memory index of the WAL, rewritten by any reader."""
    folder = os.path.dirname(os.path.abspath(package))
    found = {}
    for base, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith("-shm"):
                continue
            path = os.path.join(base, name)
            found[os.path.relpath(path, folder)] = sha256(path)
    return found


def wal_path(package: str) -> str:
    return package + "-wal"


def main_file_uuids(package: str) -> List[str]:
    """The feedback uuids in the main file alone (ignoring its ``-wal``): a copy of the bare
    file, read with sqlite3. Shows which rows live only in the WAL."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "bare.gpkg")
        shutil.copyfile(package, copy)
        con = sqlite3.connect(copy)
        try:
            return [r[0] for r in con.execute("SELECT uuid FROM feedback")]
        finally:
            con.close()


# ------------------------------------------------------------------- hostile edits (sqlite3)


def _connect(package: str) -> sqlite3.Connection:
    """sqlite3 on a GeoPackage, with stand-ins for the ST_* functions that GDAL's rtree
    triggers name (so an UPDATE of non-geometry columns compiles; they never run because the
    fid does not change)."""
    con = sqlite3.connect(package)
    for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        con.create_function(name, 1, lambda _blob: 0)
    return con


def _execute(package: str, statements: Iterable, params: Optional[list] = None) -> None:
    con = _connect(package)
    try:
        for k, sql in enumerate(statements):
            con.execute(sql, params[k] if params else ())
        con.commit()
    finally:
        con.close()


def drop_rtree_triggers(package: str, table: str = "feedback") -> List[str]:
    con = sqlite3.connect(package)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE ?",
                ("rtree_{}_%".format(table),),
            )
        ]
        for name in names:
            con.execute('DROP TRIGGER "{}"'.format(name))
        con.commit()
        return names
    finally:
        con.close()


#: The table the hostile triggers write into (created by :func:`add_triggers`).
EVIL_TABLE = "sg_evil_log"


def add_triggers(package: str) -> List[str]:
    """Malicious triggers: every insert, update or delete on ``feedback`` (and any write to the
    manifest) logs into ``sg_evil_log`` and blanks the notes of every row. If a sync ever ran
    them (by writing to the package, or by carrying the schema over into the master), the log
    table would not be empty / notes would read 'pwned'."""
    statements = ['CREATE TABLE "{}" (id INTEGER PRIMARY KEY, what TEXT)'.format(EVIL_TABLE)]
    names = []
    for event in ("INSERT", "UPDATE", "DELETE"):
        name = "sg_evil_{}".format(event.lower())
        names.append(name)
        statements.append(
            'CREATE TRIGGER "{name}" AFTER {event} ON feedback BEGIN '
            "INSERT INTO \"{log}\"(what) VALUES ('{event}'); "
            "UPDATE feedback SET notes = 'pwned'; END".format(
                name=name, event=event, log=EVIL_TABLE
            )
        )
    statements.append(
        'CREATE TRIGGER "sg_evil_manifest" AFTER UPDATE ON sg_manifest BEGIN '
        "INSERT INTO \"{}\"(what) VALUES ('manifest'); END".format(EVIL_TABLE)
    )
    names.append("sg_evil_manifest")
    con = sqlite3.connect(package)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sg_manifest'").fetchone():
            statements.pop()
            names.pop()
        for sql in statements:
            con.execute(sql)
        con.commit()
    finally:
        con.close()
    return names


def feedback_as_view(package: str) -> None:
    """Replace the ``feedback`` table by a view of the same name over the renamed table."""
    drop_rtree_triggers(package)
    _execute(
        package,
        [
            "ALTER TABLE feedback RENAME TO feedback_data",
            "CREATE VIEW feedback AS SELECT * FROM feedback_data",
        ],
    )


def add_view(package: str, name: str = "sg_extra_view") -> None:
    _execute(package, ['CREATE VIEW "{}" AS SELECT uuid, notes FROM feedback'.format(name)])


def add_table(package: str, name: str = "extra_notes", rows: int = 3) -> None:
    """An extra, unknown table with a few rows (a device app's own table)."""
    _execute(
        package,
        ['CREATE TABLE "{}" (id INTEGER PRIMARY KEY, note TEXT)'.format(name)]
        + ["INSERT INTO \"{}\"(note) VALUES ('extra {}')".format(name, k) for k in range(rows)],
    )


def add_column(
    package: str, column: str = "extra_col", sql_type: str = "TEXT", value: Optional[str] = "extra"
) -> None:
    statements = ['ALTER TABLE feedback ADD COLUMN "{}" {}'.format(column, sql_type)]
    if value is not None:
        statements.append("UPDATE feedback SET \"{}\" = '{}'".format(column, value))
    _execute(package, statements)


def drop_column(package: str, column: str) -> None:
    _execute(package, ['ALTER TABLE feedback DROP COLUMN "{}"'.format(column)])


def rename_column(package: str, old: str, new: str) -> None:
    _execute(package, ['ALTER TABLE feedback RENAME COLUMN "{}" TO "{}"'.format(old, new)])


def set_notes_blob(package: str, uuid: str, size: int, text: bool = False) -> None:
    """Store ``size`` bytes (a blob, or text with ``text=True``) in the row's notes."""
    value = ("x" * size) if text else os.urandom(size)
    _execute(package, ["UPDATE feedback SET notes = ? WHERE uuid = ?"], [[value, uuid]])


def malformed_geometry(package: str, uuid: str, kind: str = "random") -> bytes:
    """Write a malformed geometry blob into the row (the rtree triggers of the file are dropped
    first: they would choke on it). ``kind``: ``random`` bytes, ``truncated`` GeoPackage header,
    ``bad_wkb`` (a valid header followed by garbage), ``wkb_no_header`` (plain WKB),
    ``polygon`` (a valid GPKG polygon where a point is expected)."""
    import struct

    if kind == "random":
        blob = os.urandom(37)
    elif kind == "truncated":
        blob = b"GP\x00\x01\xe6"
    elif kind == "bad_wkb":
        blob = b"GP\x00\x01" + struct.pack("<i", 32650) + b"\x01\x01\x00\x00\xff\xff"
    elif kind == "wkb_no_header":
        blob = b"\x01\x01\x00\x00\x00" + struct.pack("<dd", 401000.0, 3501000.0)
    elif kind == "polygon":
        ring = [
            (401000.0, 3501000.0),
            (401010.0, 3501000.0),
            (401010.0, 3501010.0),
            (401000.0, 3501000.0),
        ]
        blob = (
            b"GP\x00\x01"
            + struct.pack("<i", 32650)
            + b"\x01\x03\x00\x00\x00"
            + struct.pack("<ii", 1, len(ring))
            + b"".join(struct.pack("<dd", x, y) for x, y in ring)
        )
    else:
        raise ValueError(kind)
    drop_rtree_triggers(package)
    _execute(package, ["UPDATE feedback SET geom = ? WHERE uuid = ?"], [[blob, uuid]])
    return blob
