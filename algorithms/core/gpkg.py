"""Creating, checking and writing project GeoPackages with GDAL/OGR (no QGIS).

A new file is first written in a private temporary folder beside the destination and moved
into place only when complete (:func:`atomic_output`), so a failure or a cancel never leaves a
half-written file, and an existing file is never overwritten unless asked (and then kept as a
backup). An existing project is never replaced: every write into it is one SQLite transaction
on the file in place (:func:`write_transaction`, see :mod:`.project_write`). Functions that
call GDAL/OGR run with its exceptions on (:mod:`.ogr_errors`); the error mode of other code is
left as it was.
"""

import contextlib
import datetime as _dt
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional

from osgeo import gdal, ogr, osr

from . import paths, project_write, schema
from .deps import shapely
from .errors import InputError
from .i18n import translate
from .ogr_errors import ogr_exceptions
from .project_write import (  # noqa: F401 (re-exported: the one write path of the core)
    BUSY_TIMEOUT_MS,
    KEEP_BACKUPS,
    ProjectLockedError,
    backup_project,
    backups_to_keep,
    is_busy,
    locked_error,
    recover_journal,
    set_backups_to_keep,
    write_transaction,
)
from .tables import Table

LOG = logging.getLogger(__name__)

_OGR_TYPES = {
    schema.TEXT: (ogr.OFTString, None),
    schema.INT: (ogr.OFTInteger, None),
    schema.INT64: (ogr.OFTInteger64, None),
    schema.REAL: (ogr.OFTReal, None),
    schema.DATETIME: (ogr.OFTDateTime, None),
}
_OGR_GEOMETRY = {schema.POLYGON: ogr.wkbMultiPolygon, schema.POINT: ogr.wkbPoint, None: ogr.wkbNone}


#: Prefix of the temporary folders :func:`atomic_output` makes beside an output.
TEMP_PREFIX = ".service-grid-"


def sidecars(path: str):
    """The SQLite journal files that belong to ``path``."""
    return [path + "-wal", path + "-shm", path + "-journal"]


@contextlib.contextmanager
def atomic_output(final_path: str, overwrite: bool = False) -> Iterator[str]:
    """Yield a temporary path to write; move it to ``final_path`` when the block succeeds.

    The temporary file has the same base name as ``final_path`` (the QGIS project stored in a
    GeoPackage refers to its own file by name), in a folder ``.service-grid-<pid>-…`` removed
    on every exit; such folders left by killed runs (their process is gone, or an
    hour old) are removed first. With ``overwrite`` an existing file is kept as
    ``<name>.<timestamp>.bak.gpkg`` beside it.

    Every handle on the temporary file must be closed when the block ends (on Windows an open
    file cannot be moved: for QGIS layers see ``project_template.release_layers``). A
    destination that another program holds open (on Windows) is refused with a translated
    :class:`InputError` that says what to do, and the old file stays where it was.
    """
    final = os.path.abspath(final_path)
    folder = os.path.dirname(final)
    if os.path.exists(final) and not overwrite:
        raise InputError(
            translate(
                "core",
                "The output file {path} already exists and was left untouched. Choose another "
                "file name, delete the old file, or tick 'Replace an existing file' (the old file "
                "is then kept as a backup).",
            ).format(path=final)
        )
    if not os.path.isdir(folder):
        raise InputError(
            translate("core", "The output folder {folder} does not exist.").format(folder=folder)
        )
    from .fieldsync.quarantine import sweep_stale  # here: fieldsync imports this module

    sweep_stale(folder, prefix=TEMP_PREFIX)
    tmpdir = tempfile.mkdtemp(prefix="{}{}-".format(TEMP_PREFIX, os.getpid()), dir=folder)
    tmp = os.path.join(tmpdir, os.path.basename(final))
    try:
        yield tmp
        for extra in sidecars(tmp):
            if os.path.exists(extra):
                raise RuntimeError("unclosed GeoPackage: {} remains".format(extra))
        _move_into_place(tmp, final)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


#: How long a move waits for a file that another program (a virus scanner, the Windows search
#: indexer, a sync client) holds open for a moment: attempts and the pause between them.
MOVE_ATTEMPTS = 5
MOVE_PAUSE_S = 0.2


def _move(source: str, target: str) -> None:
    """``os.replace`` that waits a moment for a file held open briefly. On Windows a file
    that another program has open cannot be moved or replaced (PermissionError); on Linux and
    macOS the move always succeeds."""
    for attempt in range(MOVE_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == MOVE_ATTEMPTS - 1:
                raise
            time.sleep(MOVE_PAUSE_S)


def file_in_use_error(path: str, err: OSError) -> InputError:
    """The message for a file that cannot be replaced because a program holds it open."""
    return InputError(
        translate(
            "core",
            "The file {path} cannot be replaced: it is open in QGIS or another program "
            "({error}). Remove its layers from the QGIS project (or close the project or the "
            "program), then run again; or write to another file.",
        ).format(path=path, error=err.strerror or err)
    )


def _move_into_place(tmp: str, final: str) -> None:
    """Move the finished ``tmp`` to ``final``; an existing ``final`` (and its journal files)
    is kept as ``<name>.<timestamp>.bak.gpkg`` first, and put back if the move fails."""
    backup = None
    try:
        if os.path.exists(final):
            stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            stem, ext = os.path.splitext(final)
            backup = "{}.{}.bak{}".format(stem, stamp, ext)
            _move(final, backup)
            for extra in sidecars(final):
                if os.path.exists(extra):
                    _move(extra, backup + extra[len(final) :])
            LOG.info(translate("core", "Kept the previous file as {backup}.").format(backup=backup))
        _move(tmp, final)
    except PermissionError as err:
        if backup is not None and os.path.exists(backup) and not os.path.exists(final):
            with contextlib.suppress(OSError):
                os.replace(backup, final)
        raise file_in_use_error(final, err) from err


def _srs(crs_wkt: str) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromWkt(crs_wkt)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


@ogr_exceptions()
def create_layer(ds, layer: schema.Layer, srs: Optional[osr.SpatialReference]):
    """Create an empty layer or table of the schema in an open OGR GeoPackage dataset."""
    options = ["FID=fid", "DESCRIPTION=" + layer.title_zh, "IDENTIFIER=" + layer.name]
    if layer.geometry is not None:
        options += ["GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES"]
    lyr = ds.CreateLayer(
        layer.name, srs if layer.geometry else None, _OGR_GEOMETRY[layer.geometry], options=options
    )
    for fld in layer.fields:
        lyr.CreateField(_field_definition(fld))
    return lyr


def _field_definition(fld: schema.Field):
    """The OGR definition of a schema column (type, alias, constraints)."""
    ogr_type, subtype = _OGR_TYPES[fld.type]
    definition = ogr.FieldDefn(fld.name, ogr_type)
    if subtype is not None:
        definition.SetSubType(subtype)
    definition.SetAlternativeName(fld.alias_zh)
    if fld.not_null:
        definition.SetNullable(False)
    if fld.unique:
        definition.SetUnique(True)
    return definition


def _has_column(ds, table: str, column: str) -> bool:
    """True when the layer ``table`` of the open dataset has the column."""
    lyr = ds.GetLayerByName(table)
    return lyr is not None and lyr.GetLayerDefn().GetFieldIndex(column) >= 0


@ogr_exceptions()
def add_columns(ds, layer: schema.Layer, names) -> List[str]:
    """Add the columns ``names`` of ``layer`` (as the schema defines them) that the table of
    the open OGR dataset ``ds`` lacks (a schema upgrade); returns the names added."""
    lyr = ds.GetLayerByName(layer.name)
    if lyr is None:
        return []
    defn = lyr.GetLayerDefn()
    have = {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}
    added = [name for name in names if name not in have]
    for name in added:
        lyr.CreateField(_field_definition(layer.get(name)))
    return added


@ogr_exceptions()
def write_table(lyr, table: Table, progress=None) -> int:
    """Append the rows of a checked :class:`Table` to an OGR layer; return the count."""
    defn = lyr.GetLayerDefn()
    names = [f.name for f in table.layer.fields if f.name in table.columns]
    indexes = [defn.GetFieldIndex(n) for n in names]
    columns = [table.columns[n] for n in names]
    kinds = [table.layer.get(n).type for n in names]
    count = len(table)
    wkbs = shapely.to_wkb(table.geometries) if table.geometries is not None else None
    for row in range(count):
        feature = ogr.Feature(defn)
        for idx, values, kind in zip(indexes, columns, kinds):
            value = values[row]
            if value is None:
                feature.SetFieldNull(idx)
            elif kind in (schema.INT, schema.INT64):
                feature.SetField(idx, int(value))
            elif kind == schema.REAL:
                feature.SetField(idx, float(value))
            else:
                feature.SetField(idx, str(value))
        if wkbs is not None:
            feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkbs[row]))
        lyr.CreateFeature(feature)
        if progress is not None and row % 1000 == 0:
            progress(row, count)
    return count


@ogr_exceptions()
def write_meta(ds, meta: Mapping[str, str], table: str = schema.META_TABLE) -> None:
    """Write a key/value table (``sg_meta`` unless ``table`` says otherwise)."""
    lyr = ds.CreateLayer(
        table, None, ogr.wkbNone, options=["FID=fid", "DESCRIPTION=Service Grid metadata"]
    )
    key = ogr.FieldDefn("key", ogr.OFTString)
    key.SetNullable(False)
    key.SetUnique(True)
    lyr.CreateField(key)
    lyr.CreateField(ogr.FieldDefn("value", ogr.OFTString))
    for k, v in meta.items():
        feature = ogr.Feature(lyr.GetLayerDefn())
        feature.SetField("key", k)
        feature.SetField("value", str(v))
        lyr.CreateFeature(feature)


@ogr_exceptions()
def create_project_gpkg(
    path: str, crs_wkt: str, tables: Dict[str, Table], meta: Mapping[str, str], is_canceled=None
) -> Dict[str, int]:
    """Create a project GeoPackage with every layer of the schema and the given rows.

    ``tables`` maps layer names (``units``, ``outlets``, ``staff``…) to checked tables; the
    other layers are created empty. Returns the number of rows written per layer.
    """
    srs = _srs(crs_wkt)
    driver = ogr.GetDriverByName("GPKG")
    ds = driver.CreateDataSource(path)
    counts = {}
    try:
        for layer in schema.PROJECT_LAYERS:
            if is_canceled is not None and is_canceled():
                raise InputError(translate("core", "Cancelled: nothing was written."))
            lyr = create_layer(ds, layer, srs)
            table = tables.get(layer.name)
            ds.StartTransaction()
            counts[layer.name] = write_table(lyr, table) if table is not None else 0
            ds.CommitTransaction()
        create_edit_tables(ds)
        create_visit_tables(ds)
        full = dict(meta)
        full.setdefault("schema_version", str(schema.SCHEMA_VERSION))
        full.setdefault("crs", srs.ExportToWkt())
        write_meta(ds, full)
    finally:
        ds = None  # noqa: F841 (closing the dataset flushes it)
    return counts


@ogr_exceptions()
def create_edit_tables(ds) -> None:
    """Create the grid editor's tables and indexes (:data:`schema.EDIT_TABLES`) that the open
    dataset ``ds`` lacks."""
    have = {ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())}
    for layer in schema.EDIT_TABLES:
        if layer.name not in have:
            create_layer(ds, layer, None)
    for sql in schema.EDIT_INDEXES:
        ds.ExecuteSQL(sql)
    if "feedback" in have or ds.GetLayerByName("feedback") is not None:
        ds.ExecuteSQL("CREATE INDEX IF NOT EXISTS feedback_grid_idx ON feedback(grid_id)")


@ogr_exceptions()
def create_customer_tables(ds) -> None:
    """Create the customer register and the nest names (:data:`schema.CUSTOMER_TABLES`) that
    the open dataset ``ds`` lacks, and add the grids' customer columns
    (:data:`schema.GRID_CUSTOMER_FIELDS`) they lack."""
    have = {ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())}
    grids = ds.GetLayerByName(schema.GRIDS.name)
    for layer in schema.CUSTOMER_TABLES:
        if layer.name not in have:
            srs = grids.GetSpatialRef() if grids is not None and layer.geometry else None
            create_layer(ds, layer, srs)
    if grids is not None:
        defn = grids.GetLayerDefn()
        for fld in schema.GRID_CUSTOMER_FIELDS:
            if defn.GetFieldIndex(fld.name) < 0:
                definition = ogr.FieldDefn(fld.name, _OGR_TYPES[fld.type][0])
                definition.SetAlternativeName(fld.alias_zh)
                grids.CreateField(definition)


def create_visit_tables(ds) -> None:
    """Create the visits layer (in the CRS of the feedback layer, else the grids') and its
    sync base table when the open dataset ``ds`` lacks them, with their indexes."""
    have = {ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())}
    srs = None
    for name in ("feedback", "grids"):
        lyr = ds.GetLayerByName(name) if name in have else None
        if lyr is not None and lyr.GetSpatialRef() is not None:
            srs = lyr.GetSpatialRef()
            break
    for layer in schema.VISIT_TABLES:
        if layer.name not in have:
            create_layer(ds, layer, srs if layer.geometry else None)
    for sql in schema.VISIT_INDEXES:
        ds.ExecuteSQL(sql)


def connect_ro(path: str, **kwargs) -> sqlite3.Connection:
    """A read-only ``sqlite3`` connection to a GeoPackage (any file name, drive letter or
    network share: the path is given as a ``file:`` URI, see :func:`.paths.sqlite_uri`), with
    ``trusted_schema=OFF``. Plain reads need no GeoPackage functions.

    A hot journal left by a killed writer is rolled back first (a read-only connection cannot);
    reads wait up to :data:`BUSY_TIMEOUT_MS` for another program's lock."""
    recover_journal(path)
    kwargs.setdefault("timeout", project_write.BUSY_TIMEOUT_MS / 1000.0)
    con = sqlite3.connect(paths.sqlite_uri(path, mode="ro"), uri=True, **kwargs)
    con.execute("PRAGMA trusted_schema=OFF")
    return con


def open_ro(path: str, attempts: int = 3):
    """``ogr.Open(path)`` read-only, for reading a project or a package.

    A hot journal left by a killed writer makes every read-only open fail ("attempt to write a
    readonly database"): it is rolled back first, and again if a writer is killed between the
    roll-back and the open. Returns None (or raises, with OGR exceptions on) as ``ogr.Open``
    does when the file still cannot be opened."""
    for attempt in range(attempts):
        recover_journal(path)
        last = attempt == attempts - 1
        try:
            ds = ogr.Open(path, 0)
        except RuntimeError as err:
            if last or "readonly" not in str(err):
                raise
            continue
        if ds is not None or last or "readonly" not in gdal.GetLastErrorMsg():
            return ds
    return None


def read_meta(path: str, table: str = schema.META_TABLE) -> Dict[str, str]:
    """Read ``sg_meta`` (or another key/value ``table``) of a GeoPackage (read-only sqlite3)."""
    with contextlib.closing(connect_ro(path)) as con:
        rows = con.execute("SELECT key, value FROM {}".format(table)).fetchall()
    return dict(rows)


def is_project(path: str) -> bool:
    """True when ``path`` is a Service Grid project GeoPackage (it has ``sg_meta``)."""
    if not os.path.isfile(path):
        return False
    try:
        return "schema_version" in read_meta(path)
    except sqlite3.Error:
        return False


def require_project(path: str, error=InputError) -> None:
    """Raise ``error`` (an :class:`InputError` by default) with a translated message that says
    what to do, unless ``path`` is a Service Grid project GeoPackage this plugin can use: a
    project locked by another program past the busy timeout, and one written by a newer
    plugin (its ``schema_version`` is newer than :data:`schema.SCHEMA_VERSION`), are refused
    with their own message."""
    meta: Dict[str, str] = {}
    if os.path.isfile(path):
        try:
            meta = read_meta(path)
        except sqlite3.Error as err:
            if is_busy(err):
                locked = locked_error(path)
                raise (locked if isinstance(locked, error) else error(str(locked))) from err
    if "schema_version" not in meta:
        raise error(
            translate(
                "core",
                "{path} is not a Service Grid project GeoPackage. Create one with 'Create "
                "service grid project' first.",
            ).format(path=path)
        )
    version = str(meta["schema_version"]).strip()
    if schema.is_newer_version(version) or not version.isdigit():
        raise error(
            translate(
                "core",
                "The project {path} has schema version {found}, which this plugin (schema "
                "version {known}) does not know: it was written by a newer version of Service "
                "Grid. Update the plugin, then run again; the project was not changed.",
            ).format(path=path, found=version[:20] or "?", known=schema.SCHEMA_VERSION)
        )


def require_grids(path: str) -> None:
    """Check, read-only, that ``path`` is a project GeoPackage with grids (a ``grids`` table
    with at least one grid id); :class:`InputError` (translated) when it is not."""
    require_project(path)
    with contextlib.closing(connect_ro(path)) as con:
        has_table = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grids'"
        ).fetchone()
        has_grid = (
            has_table
            and con.execute(
                "SELECT 1 FROM grids WHERE grid_id IS NOT NULL AND grid_id <> '' LIMIT 1"
            ).fetchone()
        )
    if not has_grid:
        raise InputError(
            translate(
                "core",
                "The project {path} has no grids yet. Build the grids first "
                "('Build service grids' with the project).",
            ).format(path=path)
        )


def _count(ds, sql: str) -> int:
    found = ds.ExecuteSQL(sql)
    try:
        return int(found.GetNextFeature().GetField(0))
    finally:
        ds.ReleaseResultSet(found)


@ogr_exceptions()
def store_grids(
    path: str,
    grids: Table,
    unit_grid: Mapping[str, str],
    keep: Optional[int] = None,
    *,
    keep_locked: bool = False,
    meta: Optional[Mapping[str, str]] = None,
    also: Optional[Callable[[Any], None]] = None,
    unit_target: Optional[Mapping[str, float]] = None,
) -> Dict[str, int]:
    """Replace the grids of a project GeoPackage and set ``units.grid_id``, in one transaction
    on the file (:func:`write_transaction`; the project is backed up first, ``keep`` backups
    kept).

    ``grids`` holds columns of the project's grids layer (others stay NULL); ``unit_grid``
    maps unit ids to grid ids; ``unit_target`` (targets by area) gives ``units.grid_target``,
    which is cleared without it. With ``keep_locked``  the locked grids' rows (``locked = 1``)
    stay as they are and only the others are replaced. ``meta`` entries are set in
    ``sg_meta``, and ``also(ds)`` runs inside the same transaction (the register of codes, the
    edit journal). Returns the counts of grids in the project, grids kept (locked) and units
    with a grid id.
    """
    require_project(path)
    with write_transaction(path, backup="grids", keep=keep) as ds:
        kept = _count(ds, "SELECT count(*) FROM grids WHERE locked = 1") if keep_locked else 0
        ds.ExecuteSQL(
            "DELETE FROM grids WHERE locked IS NULL OR locked <> 1"
            if keep_locked
            else "DELETE FROM grids"
        )
        write_table(ds.GetLayerByName("grids"), grids)
        tmp_layer = ds.CreateLayer("sg_tmp_unit_grid", None, ogr.wkbNone, options=["FID=fid"])
        tmp_layer.CreateField(ogr.FieldDefn("unit_id", ogr.OFTString))
        tmp_layer.CreateField(ogr.FieldDefn("grid_id", ogr.OFTString))
        tmp_layer.CreateField(ogr.FieldDefn("grid_target", ogr.OFTReal))
        defn = tmp_layer.GetLayerDefn()
        targets = unit_target or {}
        for unit_id, grid_id in unit_grid.items():
            feature = ogr.Feature(defn)
            feature.SetField(0, str(unit_id))
            feature.SetField(1, str(grid_id))
            if unit_id in targets:
                feature.SetField(2, float(targets[unit_id]))
            tmp_layer.CreateFeature(feature)
        ds.ExecuteSQL("CREATE INDEX sg_tmp_unit_grid_idx ON sg_tmp_unit_grid(unit_id)")
        set_target = (
            ", grid_target = (SELECT t.grid_target FROM sg_tmp_unit_grid t "
            "WHERE t.unit_id = units.unit_id)"
            if _has_column(ds, "units", "grid_target")
            else ""
        )
        ds.ExecuteSQL(
            "UPDATE units SET grid_id = (SELECT t.grid_id FROM sg_tmp_unit_grid t "
            "WHERE t.unit_id = units.unit_id){}".format(set_target)
        )
        _delete_layer(ds, "sg_tmp_unit_grid")
        set_meta(ds, meta or {})
        if also is not None:
            also(ds)
        written = _count(ds, "SELECT count(*) FROM grids")
        updated = _count(ds, "SELECT count(*) FROM units WHERE grid_id IS NOT NULL")
    return {"grids": written, "kept": kept, "units": updated}


@ogr_exceptions()
def update_grid_columns(path: str, grid_ids, columns: Mapping[str, list]) -> int:
    """Set attribute columns of the project's grids by grid id, in one transaction on the file
    (through OGR: the GeoPackage's triggers need its SQL functions). Returns the number of
    grids updated."""
    require_project(path)
    with write_transaction(path) as ds:
        return set_grid_columns(ds, grid_ids, columns)


@ogr_exceptions()
def set_grid_columns(ds, grid_ids, columns: Mapping[str, list]) -> int:
    """:func:`update_grid_columns` inside an open write transaction ``ds``."""
    known = {f.name: f for f in schema.GRIDS.fields}
    unknown = [name for name in columns if name not in known]
    if unknown:
        raise ValueError("not columns of the grids layer: {}".format(unknown))
    names = list(columns)
    scratch = ds.CreateLayer("sg_tmp_update", None, ogr.wkbNone, options=["FID=fid"])
    scratch.CreateField(ogr.FieldDefn("grid_id", ogr.OFTString))
    for name in names:
        scratch.CreateField(ogr.FieldDefn(name, _OGR_TYPES[known[name].type][0]))
    defn = scratch.GetLayerDefn()
    for row, gid in enumerate(grid_ids):
        feature = ogr.Feature(defn)
        feature.SetField(0, str(gid))
        for k, name in enumerate(names, start=1):
            value = columns[name][row]
            if value is None:
                feature.SetFieldNull(k)
            else:
                feature.SetField(k, value)
        scratch.CreateFeature(feature)
    ds.ExecuteSQL("CREATE INDEX sg_tmp_update_idx ON sg_tmp_update(grid_id)")
    template = '"{0}" = (SELECT t."{0}" FROM sg_tmp_update t WHERE t.grid_id = grids.grid_id)'
    assignments = ", ".join(template.format(name) for name in names)
    ds.ExecuteSQL(
        "UPDATE grids SET {} WHERE grid_id IN (SELECT grid_id FROM sg_tmp_update)".format(
            assignments
        )
    )
    updated = _count(
        ds, "SELECT count(*) FROM grids WHERE grid_id IN (SELECT grid_id FROM sg_tmp_update)"
    )
    _delete_layer(ds, "sg_tmp_update")
    return updated


def _delete_layer(ds, name: str) -> None:
    for index in range(ds.GetLayerCount()):
        if ds.GetLayerByIndex(index).GetName() == name:
            ds.DeleteLayer(index)
            return


def set_meta(ds, meta: Mapping[str, object]) -> None:
    """Set ``sg_meta`` entries inside the open write transaction ``ds``."""
    for key, value in meta.items():
        quoted = "'{}'".format(str(key).replace("'", "''"))
        ds.ExecuteSQL("DELETE FROM {} WHERE key = {}".format(schema.META_TABLE, quoted))
        ds.ExecuteSQL(
            "INSERT INTO {} (key, value) VALUES ({}, '{}')".format(
                schema.META_TABLE, quoted, str(value).replace("'", "''")
            )
        )


@ogr_exceptions()
def replace_assignments(
    path: str,
    table: Table,
    grid_ids=None,
    grid_columns: Optional[Mapping[str, list]] = None,
    keep: Optional[int] = None,
    meta: Optional[Mapping[str, object]] = None,
) -> Dict[str, int]:
    """Replace the ``assignments`` table of a project GeoPackage with ``table`` (checked rows
    of :data:`schema.ASSIGNMENTS`); with ``grid_ids`` and ``grid_columns`` also set those
    columns of the project's grids (see :func:`update_grid_columns`). One transaction on the
    file, so it never holds new assignments beside old recommendations; the project is backed
    up first (``keep`` backups kept); ``meta`` entries are set in ``sg_meta`` in the same
    transaction.

    Returns ``{"assignments": rows written, "grids": grids updated}``.
    """
    require_project(path)
    updated = 0
    with write_transaction(path, backup="assignments", keep=keep) as ds:
        if grid_columns:
            updated = set_grid_columns(ds, grid_ids, grid_columns)
        layer = ds.GetLayerByName(schema.ASSIGNMENTS.name)
        if layer is None:  # a project written before the table existed
            layer = create_layer(ds, schema.ASSIGNMENTS, None)
        ds.ExecuteSQL("DELETE FROM {}".format(schema.ASSIGNMENTS.name))
        written = write_table(layer, table)
        set_meta(ds, meta or {})
    return {"assignments": written, "grids": updated}
