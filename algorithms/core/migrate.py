"""Upgrading a project GeoPackage written by an older version of the plugin to the current
schema version (``sg_meta.schema_version``), in place and in one transaction.

Version 4: ``units.grid_target`` (the grid editor judges each grid against its own target when
the grids were built with targets by area); the customer register, the names of the nests and
the grids' customer columns (:data:`schema.CUSTOMER_TABLES`, :data:`schema.GRID_CUSTOMER_FIELDS`);
follow-up visits (:data:`schema.VISIT_TABLES`).

Version 3: the grid editor's tables (see :data:`schema.EDIT_TABLES`).

Version 2: every stored time in the one canonical form of :mod:`.timestamps`
(``2026-11-20T08:00:00.000Z``). Version-1 projects used under QGIS 3.40 hold ``…:00Z`` beside
``…:00.000Z``, and QGIS 3.22 forms wrote local times without a zone.

Called where our code opens a project for writing: :func:`upgrade` from the plugin when it
opens a project (``plugin/plugin.py``) and from the field sync's project check
(``fieldsync/project.py``), which the sync and the package export pass through.
"""

import contextlib
from typing import Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple

from osgeo import gdal

from . import gpkg, schema, timestamps
from .ogr_errors import ogr_exceptions

#: Schema versions of field package manifests the sync reads (the package layout did not
#: change in versions 2 and 3; its times are normalised when read).
READABLE_PACKAGE_VERSIONS = frozenset({"1", "2", "3", "4"})

#: ``sg_meta.kind`` of a field package: packages are never upgraded (see above).
_PACKAGE_KIND = "field_package"


def stored_time_columns() -> Iterator[Tuple[str, str]]:
    """``(table, column)`` of every stored time of a project: the schema's datetime columns and
    the sync base's update time (a text column)."""
    for layer in schema.PROJECT_LAYERS + schema.EDIT_TABLES:
        for field in layer.fields:
            if field.type == schema.DATETIME:
                yield layer.name, field.name
    yield schema.SYNC_BASE.name, "updated_at"
    yield schema.SYNC_BASE_VISITS.name, "updated_at"


def _quote(text: str) -> str:
    return "'{}'".format(text.replace("'", "''"))


def time_columns(path: str) -> List[Tuple[str, str]]:
    """``(table, column)`` of the stored times the GeoPackage ``path`` has."""
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        found = []
        for table, column in stored_time_columns():
            if table in tables:
                columns = {row[1] for row in con.execute('PRAGMA table_info("{}")'.format(table))}
                if column in columns:
                    found.append((table, column))
    return found


def mark(ds, tables: Iterable[str]) -> Dict[str, int]:
    """The last fid of each table, before writing through OGR (see :func:`fix_short_times`)."""
    last = {}
    for table in set(tables):
        result = ds.ExecuteSQL('SELECT MAX(fid) FROM "{}"'.format(table))
        try:
            feature = result.GetNextFeature()
            value = feature.GetField(0) if feature is not None else None
        finally:
            ds.ReleaseResultSet(result)
        last[table] = int(value) if value is not None else 0
    return last


def fix_short_times(
    ds,
    columns: List[Tuple[str, str]],
    since: Mapping[str, int],
    changed: Optional[Mapping[str, Iterable[Optional[int]]]] = None,
) -> None:
    """Give the times OGR just wrote in the short form (GDAL 3.7+ drops ``.000``) their
    milliseconds back, in the dataset's open transaction: the rows added after ``since``
    (:func:`mark`) and the ``changed`` fids of each table; other rows stay as they are."""
    for table, column in columns:
        rows = "fid > {}".format(int(since.get(table, 0)))
        fids = sorted({int(f) for f in (changed or {}).get(table, ()) if f is not None})
        if fids:
            rows += " OR fid IN ({})".format(", ".join(str(fid) for fid in fids))
        ds.ExecuteSQL(timestamps.short_form_fix_sql(table, column, rows))


def _canonical_times(path: str, ds) -> None:
    """Version 2: rewrite every stored time that is not canonical (local times without a zone
    are this machine's local time, as the sync reads them); texts that are no time stay."""
    offset = timestamps.local_offset_minutes()
    columns = time_columns(path)
    changes: Dict[Tuple[str, str], List[Tuple[str, str]]] = {}
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        for table, column in columns:
            sql = 'SELECT DISTINCT CAST("{c}" AS TEXT) FROM "{t}" WHERE "{c}" IS NOT NULL'
            for (value,) in con.execute(sql.format(t=table, c=column)):
                if timestamps.CANONICAL.fullmatch(value):
                    continue
                try:
                    fixed = timestamps.canonical(value, offset)
                except ValueError:
                    continue
                if fixed is not None and fixed != value:
                    changes.setdefault((table, column), []).append((value, fixed))
    for (table, column), pairs in changes.items():
        for old, new in pairs:
            ds.ExecuteSQL(
                'UPDATE "{t}" SET "{c}" = {new} WHERE "{c}" = {old}'.format(
                    t=table, c=column, new=_quote(new), old=_quote(old)
                )
            )


def _edit_tables(path: str, ds) -> None:
    """Version 3: the grid editor's tables (codes, journal, decisions, versions); the codes of
    the grids the project has are registered (sequence from their trailing digits)."""
    gpkg.create_edit_tables(ds)
    ds.ExecuteSQL(
        "INSERT INTO grid_codes (code, nest, seq) SELECT grid_id, nest, NULL FROM grids "
        "WHERE grid_id IS NOT NULL AND grid_id NOT IN (SELECT code FROM grid_codes)"
    )


def _unit_targets(path: str, ds) -> None:
    """Version 4: ``units.grid_target`` (NULL: the project's one target applies)."""
    gpkg.add_columns(ds, schema.UNITS, ["grid_target"])


def _customer_tables(path: str, ds) -> None:
    """Version 4 (customers): the customer register and the nest names (empty), and the grids'
    customer columns (NULL until ``importcustomers`` runs)."""
    gpkg.create_customer_tables(ds)


def _visit_tables(path: str, ds) -> None:
    """Version 4 (visits): the follow-up visits layer (in the CRS of the feedback layer) and
    the base snapshot of the packages' visits (see :data:`schema.VISIT_TABLES`)."""
    gpkg.create_visit_tables(ds)


def _step4(path: str, ds) -> None:
    """Version 4: every addition of that version."""
    for step in (_unit_targets, _customer_tables, _visit_tables):
        step(path, ds)


#: The step that brings a project from version ``n - 1`` to ``n``.
STEPS: Dict[int, Callable[[str, object], None]] = {
    2: _canonical_times,
    3: _edit_tables,
    4: _step4,
}


@ogr_exceptions()
def upgrade(path: str) -> bool:
    """Bring the project GeoPackage ``path`` to :data:`schema.SCHEMA_VERSION` in one
    transaction (all steps or none). ``False`` when there is nothing to do: the file is current,
    newer, a field package or not a project."""
    if not gpkg.is_project(path):
        return False
    meta = gpkg.read_meta(path)
    try:
        version = int(meta.get("schema_version", ""))
    except ValueError:
        return False
    if meta.get("kind") == _PACKAGE_KIND or version >= schema.SCHEMA_VERSION:
        return False
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    try:
        ds.StartTransaction()
        try:
            for step in range(version + 1, schema.SCHEMA_VERSION + 1):
                STEPS[step](path, ds)
            ds.ExecuteSQL(
                "UPDATE {} SET value = {} WHERE key = 'schema_version'".format(
                    schema.META_TABLE, _quote(str(schema.SCHEMA_VERSION))
                )
            )
        except BaseException:
            ds.RollbackTransaction()
            raise
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841 (closes the file)
    return True
