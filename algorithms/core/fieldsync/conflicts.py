"""Reviewing sync conflicts: listing them and settling one (keep the office value or take
the field's), with an audit row in ``sync_log``."""

import contextlib
import json
import uuid as _uuid
from typing import Dict, List, Optional

from osgeo import gdal, ogr

from .. import migrate, schema
from ..deps import shapely
from ..errors import InputError
from ..i18n import translate
from ..ogr_errors import ogr_exceptions
from ..timestamps import now_utc
from .apply import _WRITTEN_TIMES, _insert, _set_value, _write_logs
from .model import _INT_COLUMNS, _REAL_COLUMNS, Conflict, uuid_key
from .project import _ro, _tables_exist
from .rows import read_master_rows
from .visits import insert_visit, read_master_visits


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


@ogr_exceptions()
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
    table = "visits" if item.table_name == "visits" else "feedback"
    master = read_master_visits(project) if table == "visits" else read_master_rows(project)
    row = master.get(uuid_key(item.uuid))
    now = now_utc()
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    try:
        ds.StartTransaction()
        since = migrate.mark(ds, [table for table, _column in _WRITTEN_TIMES])
        lyr = ds.GetLayerByName(table)
        if choice == "field":
            if table == "visits" and item.kind == "delete_update":
                if row is None:  # the office deleted the visit: bring the field's back
                    insert_visit(lyr, item.uuid, json.loads(item.field_value or "{}"), now)
            elif item.kind == "update_delete":  # the field deleted the row
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
        changed: Dict[str, List[Optional[int]]] = {
            schema.SYNC_CONFLICTS.name: [conflict_fid],
            table: [row.fid if row is not None else None],
        }
        migrate.fix_short_times(ds, _WRITTEN_TIMES, since, changed)
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841
