"""Writing the division in an open write transaction: units' grids, grid rows recomputed from
their units, the codes registry, pending decisions and the edit journal (SQL through the OGR
dataset of :func:`gpkg.write_transaction`, so the GeoPackage's triggers run)."""

import json
import uuid as _uuid
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import ogr

from .. import schema, timestamps
from ..deps import shapely
from ..errors import format_ids
from ..i18n import translate
from . import codes
from .model import STAT_COLUMNS, UNIT_VALUES, EditError
from .state import GRID_COLUMNS

_TYPES = {f.name: f.type for f in schema.GRIDS.fields}
_CHUNK = 500


def quote(value) -> str:
    """An SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value)) if np.isfinite(value) else "NULL"
    return "'{}'".format(str(value).replace("'", "''"))


def _in_list(values: Iterable) -> str:
    return ", ".join(quote(v) for v in values)


def select(ds, sql: str) -> List[tuple]:
    """Rows of an SQL query on the open dataset."""
    layer = ds.ExecuteSQL(sql)
    if layer is None:
        return []
    try:
        count = layer.GetLayerDefn().GetFieldCount()
        rows = []
        for feature in layer:
            rows.append(
                tuple(
                    None if not feature.IsFieldSet(k) else feature.GetField(k) for k in range(count)
                )
            )
        return rows
    finally:
        ds.ReleaseResultSet(layer)


# ---------------------------------------------------------------------------- units


def check_current(ds, expected: Dict[str, str]) -> None:
    """Every unit must still be in the grid ``expected`` says (else the project changed since
    the edit was planned: refused, nothing written)."""
    ids = list(expected)
    found: Dict[str, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for unit, grid in select(
            ds,
            "SELECT unit_id, coalesce(grid_id, '') FROM units WHERE unit_id IN ({})".format(
                _in_list(chunk)
            ),
        ):
            found[str(unit)] = str(grid)
    stale = [u for u in ids if found.get(u) != (expected[u] or "")]
    if stale:
        raise EditError(
            translate(
                "core",
                "The project changed since the editor read it: {n} units are no longer in the "
                "grid the edit was planned from ({ids}). Nothing was changed; reload the editor "
                "and try again.",
            ).format(n=len(stale), ids=format_ids(stale))
        )


def set_units(ds, moves: Sequence[Tuple[str, str]]) -> None:
    """Set ``units.grid_id`` of each (unit id, grid id)."""
    by_grid: Dict[str, List[str]] = {}
    for unit, grid in moves:
        by_grid.setdefault(grid, []).append(unit)
    for grid, units in sorted(by_grid.items()):
        for start in range(0, len(units), _CHUNK):
            ds.ExecuteSQL(
                "UPDATE units SET grid_id = {} WHERE unit_id IN ({})".format(
                    quote(grid or None), _in_list(units[start : start + _CHUNK])
                )
            )


# ---------------------------------------------------------------------------- grids


def grid_rows(ds, grids: Iterable[str]) -> Dict[str, dict]:
    """The rows (every column but the geometry) of the grids that exist, by grid id."""
    grids = list(grids)
    cols = [f.name for f in schema.GRIDS.fields]
    out: Dict[str, dict] = {}
    for start in range(0, len(grids), _CHUNK):
        for row in select(
            ds,
            "SELECT {} FROM grids WHERE grid_id IN ({})".format(
                ", ".join('"{}"'.format(c) for c in cols), _in_list(grids[start : start + _CHUNK])
            ),
        ):
            values = dict(zip(cols, row))
            out[str(values["grid_id"])] = values
    return out


def _members(layer, grids):
    """(grid id, unit id, WKB, values, nest) of the units of ``grids``, and the value names.
    Fields are read by index (a lookup by name costs a scan of the fields per call)."""
    members: List[Tuple[str, str, object, Dict[str, Optional[float]], str]] = []
    defn = layer.GetLayerDefn()
    names = [n for n in UNIT_VALUES if defn.GetFieldIndex(n) >= 0]
    value_index = [(n, defn.GetFieldIndex(n)) for n in names]
    grid_i, unit_i, nest_i = (defn.GetFieldIndex(n) for n in ("grid_id", "unit_id", "nest"))
    for start in range(0, len(grids), _CHUNK):
        layer.SetAttributeFilter("grid_id IN ({})".format(_in_list(grids[start : start + _CHUNK])))
        for feature in layer:
            geom = feature.GetGeometryRef()
            wkb = bytes(geom.ExportToWkb()) if geom is not None else None
            values = {
                n: (feature.GetField(i) if feature.IsFieldSetAndNotNull(i) else None)
                for n, i in value_index
            }
            nest = feature.GetField(nest_i) if nest_i >= 0 else None
            members.append(
                (
                    str(feature.GetField(grid_i)),
                    str(feature.GetField(unit_i)),
                    wkb,
                    values,
                    str(nest or ""),
                )
            )
    layer.SetAttributeFilter(None)
    return members, names


def move_feedback(ds, units: Sequence[list], shapes_wkb: Dict[str, bytes]) -> List[list]:
    """Feedback points lying in the moved units follow them to their new grid (revision and
    update time bumped, as an office edit in QGIS does; the field sync merges it by column).
    ``units`` holds [unit id, old grid, new grid]; ``shapes_wkb`` the moved units' polygons.
    Returns [uuid, old grid, new grid] for the journal."""
    old_grids = sorted({old for _u, old, _new in units if old})
    if not old_grids or not shapes_wkb:
        return []
    new_of = {u: new for u, _old, new in units}
    ids = [u for u in shapes_wkb if u in new_of]
    polygons = shapely.from_wkb(np.array([shapes_wkb[u] for u in ids], dtype=object))
    return relocate_feedback(ds, polygons, [new_of[u] for u in ids], old_grids)


def relocate_feedback(
    ds, polygons, polygon_grid: Sequence[str], grids: Optional[List[str]] = None
) -> List[list]:
    """Feedback points (of ``grids``, or all) lying in one of ``polygons`` take that
    polygon's grid (``polygon_grid``; revision + 1, update time now) where it differs; points
    outside keep theirs. Returns [uuid, old grid, new grid] of the points moved."""
    layer = ds.GetLayerByName("feedback")
    try:
        rows = _points(layer, grids) if layer is not None else []
    finally:
        layer = None  # noqa: F841 (a layer must not outlive its dataset, even in a traceback)
    if not rows:
        return []
    tree = shapely.STRtree(np.asarray(polygons, dtype=object))
    points = shapely.from_wkb(np.array([bytes(r[2]) for r in rows], dtype=object))
    moved: Dict[str, list] = {}
    for p, q in zip(*tree.query(points, predicate="intersects")):
        uuid, old = rows[int(p)][0], rows[int(p)][1]
        new = str(polygon_grid[int(q)])
        if new != old and uuid not in moved:
            moved[uuid] = [uuid, old, new]
    set_feedback_grids(ds, [(u, new) for u, _old, new in moved.values()])
    return sorted(moved.values())


def _points(layer, grids: Optional[List[str]]) -> List[tuple]:
    """(uuid, grid id, WKB) of the feedback points of ``grids`` (``None``: all)."""
    rows = []
    chunks: List[Optional[List[str]]] = (
        [grids[k : k + _CHUNK] for k in range(0, len(grids), _CHUNK)]
        if grids is not None
        else [None]
    )
    for chunk in chunks:
        if chunk is not None:
            layer.SetAttributeFilter("grid_id IN ({})".format(_in_list(chunk)))
        for feature in layer:
            geom = feature.GetGeometryRef()
            if geom is not None:
                rows.append(
                    (feature.GetField("uuid"), feature.GetField("grid_id"), geom.ExportToWkb())
                )
    layer.SetAttributeFilter(None)
    return rows


def set_feedback_grids(ds, pairs: Sequence[Tuple[str, str]]) -> None:
    """Set feedback rows' grid_id by uuid (revision + 1, update time now)."""
    by_grid: Dict[str, List[str]] = {}
    for uuid, grid in pairs:
        by_grid.setdefault(grid, []).append(uuid)
    now = quote(timestamps.now_utc())
    for grid, uuids in sorted(by_grid.items()):
        for start in range(0, len(uuids), _CHUNK):
            ds.ExecuteSQL(
                "UPDATE feedback SET grid_id = {}, rev = coalesce(rev, 0) + 1, updated_at = {} "
                "WHERE uuid IN ({})".format(
                    quote(grid), now, _in_list(uuids[start : start + _CHUNK])
                )
            )


def recompute(ds, grids: Iterable[str]):
    """Polygon and the recomputed columns (:data:`STAT_COLUMNS`, nest) of each grid that has
    units, from its units; and each unit's population (for suggestions)."""
    from ..grid_shapes import aggregate as _aggregate
    from ..grid_shapes import dissolve as _dissolve

    grids = sorted(set(grids))
    layer = ds.GetLayerByName("units")
    try:
        members, names = _members(layer, grids)
    finally:
        layer = None  # noqa: F841 (a layer must not outlive its dataset, even in a traceback)
    present = sorted({m[0] for m in members})
    if not present:
        return {}, {}, {}
    index = {g: k for k, g in enumerate(present)}
    part = np.array([index[m[0]] for m in members], dtype=np.int64)
    geoms = shapely.from_wkb(np.array([m[2] for m in members], dtype=object))
    pop = np.array([float(m[3].get("population") or 0.0) for m in members])
    profile = {
        n: [m[3].get(n) for m in members] for n in UNIT_VALUES if n != "population" and n in names
    }
    attributes = _aggregate(part, len(present), pop, shapely.area(geoms), profile)
    polygons = _dissolve(geoms, part, len(present))
    area = shapely.area(polygons)
    perimeter = shapely.length(polygons)
    out = {}
    for g, k in index.items():
        stats = {c: attributes[c][k] for c in STAT_COLUMNS if c in attributes}
        pp = 4 * np.pi * area[k] / perimeter[k] ** 2 if perimeter[k] > 0 else 0.0
        stats["polsby_popper"] = round(float(pp), 4)
        nest = next(m[4] for m in members if m[0] == g)
        out[g] = (polygons[k], stats, nest or None)
    population = {m[1]: float(m[3].get("population") or 0.0) for m in members}
    return out, population, {m[1]: m[2] for m in members if m[2] is not None}


def _set_field(feature, name: str, value) -> None:
    idx = feature.GetFieldIndex(name)
    if idx < 0:
        return
    kind = _TYPES.get(name)
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        feature.SetFieldNull(idx)
    elif kind in (schema.INT, schema.INT64):
        feature.SetField(idx, int(round(float(value))))
    elif kind == schema.REAL:
        feature.SetField(idx, float(value))
    else:
        feature.SetField(idx, str(value))


def write_grids(ds, rows: Dict[str, Optional[dict]], shapes: Dict[str, tuple]) -> None:
    """Make the grids layer hold ``rows`` (``None``: the grid is deleted), with the polygons
    of ``shapes``."""
    fids = {
        str(g): int(f)
        for g, f in select(
            ds,
            "SELECT grid_id, CAST(fid AS INTEGER) AS grid_fid FROM grids "
            "WHERE grid_id IN ({})".format(_in_list(rows)),
        )
    }
    layer = ds.GetLayerByName("grids")
    try:
        _write_rows(layer, rows, shapes, fids)
    finally:
        layer = None  # noqa: F841 (a layer must not outlive its dataset, even in a traceback)


def _write_rows(layer, rows, shapes, fids) -> None:
    for grid, row in sorted(rows.items()):
        fid = fids.get(grid)
        if row is None:
            if fid is not None:
                layer.DeleteFeature(fid)
            continue
        feature = layer.GetFeature(fid) if fid is not None else ogr.Feature(layer.GetLayerDefn())
        for name in GRID_COLUMNS:
            if name in row:
                _set_field(feature, name, row[name])
        shape = shapes.get(grid)
        if shape is not None:
            feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(shapely.to_wkb(shape[0])))
        if fid is None:
            layer.CreateFeature(feature)
        else:
            layer.SetFeature(feature)


# ---------------------------------------------------------------------------- codes


def register_codes(ds, given: Dict[str, Optional[str]]) -> None:
    """Codes an edit gives (code → nest): registered (:func:`.codes.register_codes`, the
    sequence read by the project's code scheme), or no longer retired (redo, undo)."""
    if not given:
        return
    ds.ExecuteSQL(
        "UPDATE grid_codes SET retired_at = NULL WHERE code IN ({})".format(_in_list(given))
    )
    scheme = codes.scheme_from_meta(dict(select(ds, "SELECT key, value FROM sg_meta")))
    now = timestamps.now_utc()
    codes.register_codes(
        ds,
        [
            (code, nest, codes.sequence_of(code, scheme, nest), now)
            for code, nest in sorted(given.items())
        ],
    )


def retire_codes(ds, retired: Dict[str, Optional[str]]) -> None:
    """Codes no longer used (code → nest): retired, never to be given again
    (:func:`.codes.retire_codes`)."""
    codes.retire_codes(ds, retired, timestamps.now_utc(), retired)


# ---------------------------------------------------------------------------- decisions

ASSIGNMENT_COLUMNS = ("uuid", "staff_id", "grid_id", "role", "assigned_at")
DECISION_COLUMNS = tuple(f.name for f in schema.GRID_DECISIONS.fields)


def insert(ds, table: str, rows: Iterable[dict], columns: Sequence[str]) -> None:
    for row in rows:
        ds.ExecuteSQL(
            'INSERT INTO "{}" ({}) VALUES ({})'.format(
                table,
                ", ".join('"{}"'.format(c) for c in columns),
                ", ".join(quote(row.get(c)) for c in columns),
            )
        )


def delete_by_uuid(ds, table: str, uuids: Iterable[str]) -> None:
    uuids = list(uuids)
    for start in range(0, len(uuids), _CHUNK):
        ds.ExecuteSQL(
            'DELETE FROM "{}" WHERE uuid IN ({})'.format(
                table, _in_list(uuids[start : start + _CHUNK])
            )
        )


def suggested_grids(moves: Iterable[Tuple[Optional[str], Optional[str], float]]) -> Dict:
    """For each grid that lost units: the grid that took most of their people. ``moves``
    holds (grid before, grid after, people) per unit that changed grid."""
    taken: Dict[str, Dict[str, float]] = {}
    for old, new, people in moves:
        if old and new:
            share = taken.setdefault(old, {})
            share[new] = share.get(new, 0.0) + float(people or 0.0) + 1e-9
    return {g: max(sorted(s), key=lambda k: s[k]) for g, s in taken.items()}


def retire_grids(
    ds,
    retired: Dict[str, dict],
    suggested: Dict[str, Optional[str]],
    edit_id: Optional[int],
    outlets: Optional[Dict[str, Optional[str]]] = None,
) -> Tuple[List[dict], List[dict]]:
    """Staff assignments and outlets of the retired grids (``grid id → its last row``) become
    pending decisions (an outlet the suggested grid has already needs none: ``outlets`` gives
    each remaining grid's outlet). Returns (decision rows, assignment rows removed)."""
    outlets = outlets or {}
    if not retired:
        return [], []
    now = timestamps.now_utc()
    removed = [
        dict(zip(ASSIGNMENT_COLUMNS, row))
        for row in select(
            ds,
            "SELECT {} FROM assignments WHERE grid_id IN ({})".format(
                ", ".join(ASSIGNMENT_COLUMNS), _in_list(retired)
            ),
        )
    ]
    decisions = []
    for row in removed:
        decisions.append(
            {
                "uuid": str(_uuid.uuid4()),
                "kind": "staff",
                "grid_id": row["grid_id"],
                "staff_id": row["staff_id"],
                "role": row["role"],
                "assigned_at": row["assigned_at"],
                "suggested_grid": suggested.get(str(row["grid_id"])),
                "created_at": now,
                "edit_id": edit_id,
            }
        )
    for grid, row in sorted(retired.items()):
        if row.get("outlet_id") and outlets.get(suggested.get(grid) or "") != row["outlet_id"]:
            decisions.append(
                {
                    "uuid": str(_uuid.uuid4()),
                    "kind": "outlet",
                    "grid_id": grid,
                    "outlet_id": row["outlet_id"],
                    "suggested_grid": suggested.get(grid),
                    "created_at": now,
                    "edit_id": edit_id,
                }
            )
    delete_by_uuid(ds, "assignments", [r["uuid"] for r in removed])
    insert(ds, "grid_decisions", decisions, DECISION_COLUMNS)
    return decisions, removed


# ---------------------------------------------------------------------------- journal


def start_entry(ds, kind: str, label: str, author: str) -> int:
    """A new journal row (the redo history is dropped); returns its id."""
    ds.ExecuteSQL("DELETE FROM grid_edits WHERE state = 'undone'")
    ds.ExecuteSQL(
        "INSERT INTO grid_edits (kind, label, author, created_at, state, payload) "
        "VALUES ({}, {}, {}, {}, 'done', '{{}}')".format(
            quote(kind), quote(label), quote(author), quote(timestamps.now_utc())
        )
    )
    return int(select(ds, "SELECT CAST(max(fid) AS INTEGER) AS last_fid FROM grid_edits")[0][0])


def finish_entry(ds, edit_id: int, payload: dict) -> None:
    ds.ExecuteSQL(
        "UPDATE grid_edits SET payload = {} WHERE fid = {}".format(
            quote(json.dumps(payload, ensure_ascii=False, default=_json_default)), int(edit_id)
        )
    )


def _json_default(value):
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return str(value)
