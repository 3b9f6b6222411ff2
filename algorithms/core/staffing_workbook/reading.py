"""Reading a project GeoPackage for the workbook (read-only ``sqlite3``, no QGIS): the grids,
staff, outlets, assignments, feedback, the names of the nests and the customer register
(counts only) as columns of lists."""

import contextlib
from typing import Dict, List, Optional, Sequence

from .. import customers_store, gpkg, schema
from .model import ProjectData

_connect = gpkg.connect_ro


def _columns_of(con, table: str) -> List[str]:
    return [row[1] for row in con.execute('PRAGMA table_info("{}")'.format(table))]


def _select(con, table: str, wanted: Sequence[str], order: Optional[str] = None) -> Dict[str, list]:
    """``{column: values}`` of the columns of ``wanted`` (absent ones: all ``None``)."""
    present = set(_columns_of(con, table))
    have = [c for c in wanted if c in present]
    out: Dict[str, list] = {c: [] for c in wanted}
    if not have:
        return out
    query = 'SELECT {} FROM "{}"'.format(", ".join('"{}"'.format(c) for c in have), table)
    if order and order in present:
        query += ' ORDER BY "{}"'.format(order)
    rows = con.execute(query).fetchall()
    for k, name in enumerate(have):
        out[name] = [row[k] for row in rows]
    count = len(rows)
    for name in wanted:
        if name not in present:
            out[name] = [None] * count
    return out


def read_project(path: str) -> ProjectData:
    """Read the tables the workbook needs (read-only); :class:`InputError` when ``path`` is not
    a project GeoPackage or has no grids."""
    gpkg.require_grids(path)
    with contextlib.closing(_connect(path)) as con:
        tables = {
            name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        meta = dict(con.execute("SELECT key, value FROM {}".format(schema.META_TABLE)))
        grids = _select(con, "grids", schema.GRIDS.field_names(), "grid_id")
        keep = [i for i, g in enumerate(grids["grid_id"]) if g not in (None, "")]
        if len(keep) < len(grids["grid_id"]):
            grids = {k: [v[i] for i in keep] for k, v in grids.items()}
        grids["grid_id"] = [str(g) for g in grids["grid_id"]]
        staff = (
            _select(con, "staff", schema.STAFF.field_names(), "staff_id")
            if "staff" in tables
            else {c: [] for c in schema.STAFF.field_names()}
        )
        outlets = (
            _select(con, "outlets", schema.OUTLETS.field_names(), "outlet_id")
            if "outlets" in tables
            else {c: [] for c in schema.OUTLETS.field_names()}
        )
        assignments = []
        if "assignments" in tables:
            assignments = [
                (str(s), str(g))
                for s, g in con.execute(
                    "SELECT staff_id, grid_id FROM assignments WHERE staff_id IS NOT NULL AND "
                    "grid_id IS NOT NULL ORDER BY staff_id, grid_id"
                )
            ]
        wanted = ("grid_id", "category", "rating", "response_minutes", "status")
        feedback = (
            _select(con, "feedback", wanted) if "feedback" in tables else {c: [] for c in wanted}
        )
        nest_names = {}
        if schema.NESTS.name in tables:
            nest_names = {
                str(code): (name, parent)
                for code, name, parent in con.execute(
                    "SELECT nest, name, parent_name FROM nests WHERE nest IS NOT NULL"
                )
            }
        rows = customers_store.read_rows(con)
        register = dict(zip(("grid_id", "customer_type", "products", "consent"), rows))
    return ProjectData(
        path=path,
        meta=meta,
        grids=grids,
        staff=staff,
        outlets=outlets,
        assignments=assignments,
        feedback=feedback,
        nest_names=nest_names,
        customers=register,
    )
