"""The office's base snapshot of each package (``sync_base``): the rows as last exchanged,
written, replaced and read back for the three-way merge."""

import json
import sqlite3
from typing import Iterable, Optional, Sequence, Tuple

from osgeo import ogr

from .. import schema
from .model import _Row, _sql_text


def _data_json(row: _Row) -> str:
    return json.dumps(row.values, ensure_ascii=False, separators=(",", ":"))


def _write_base(
    ds, package_id: str, rows: Iterable[Tuple[str, _Row]], table: str = schema.SYNC_BASE.name
) -> None:
    lyr = ds.GetLayerByName(table)
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


def _delete_base(
    ds, package_id: str, keys: Sequence[str], table: str = schema.SYNC_BASE.name
) -> None:
    keys = list(keys)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        ds.ExecuteSQL(
            'DELETE FROM "{}" WHERE package_id = {} AND uuid IN ({})'.format(
                table, _sql_text(package_id), ", ".join(_sql_text(k) for k in chunk)
            )
        )


def _replace_base(ds, changes: dict, existing: dict, table: str = schema.SYNC_BASE.name) -> None:
    """Write the new base rows ``{package id: {uuid key: row}}`` over the old ones (the keys
    each package had in ``existing``; a row ``None``: the key leaves the base)."""
    for package_id, rows in changes.items():
        had = existing.get(package_id, set())
        _delete_base(ds, package_id, [k for k in rows if k in had], table=table)
        _write_base(ds, package_id, ((k, r) for k, r in rows.items() if r is not None), table)


def _read_base(con: sqlite3.Connection, package_id: str, table: str = schema.SYNC_BASE.name):
    """The base of a package: ``({uuid key: values}, {uuid key: (rev, updated_at)})``
    (of its feedback; of its visits with ``table="sync_base_visits"``)."""
    values, meta = {}, {}
    for key, data, rev, updated in con.execute(
        'SELECT uuid, data, rev, updated_at FROM "{}" WHERE package_id = ?'.format(table),
        (package_id,),
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
