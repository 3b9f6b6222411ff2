"""Writing the merged state into the project through OGR (inside the caller's
transaction): feedback rows, conflicts, base snapshots and ``sync_log`` rows."""

from typing import Dict, List, Optional

from osgeo import ogr

from .. import migrate, schema
from ..errors import CancelledError
from ..i18n import translate
from .base import _replace_base
from .model import _COL, _INT_COLUMNS, _REAL_COLUMNS, MERGE_COLUMNS, _State

#: The stored times :func:`_apply` writes through OGR (GDAL 3.7+ shortens ``.000Z``).
_WRITTEN_TIMES = [
    (table, column)
    for table, column in migrate.stored_time_columns()
    if table in ("feedback", "visits", schema.SYNC_LOG.name, schema.SYNC_CONFLICTS.name)
]


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
    since = migrate.mark(ds, [table for table, _column in _WRITTEN_TIMES])
    changed: List[Optional[int]] = []
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
        changed.append(old.fid)
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
    _replace_base(ds, state.base_changes, state.base_keys)
    _write_logs(ds, state.logs)
    migrate.fix_short_times(ds, _WRITTEN_TIMES, since, {"feedback": changed})
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
