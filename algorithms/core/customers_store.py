"""Reading and writing the customer register of a project GeoPackage (no QGIS).

:func:`store_customers` writes a checked list (:func:`.customers.prepare_customers`) and the
grids' customer columns (:func:`.customers.grid_figures`) in **one** transaction on the file
(:func:`.gpkg.write_transaction`): a failure leaves the register and the grids as they were.
The grid of a customer is its unit's current grid (``units.grid_id``), so the figures follow
a re-division once ``importcustomers`` (or :func:`refresh_grid_figures`) runs again.
"""

import contextlib
from typing import Dict, List, Tuple

from osgeo import ogr

from . import customers, gpkg, migrate, schema
from .fieldsync.geometry import parse_gpkg_blobs
from .tables import Table

#: The register rows with their unit's current grid (their own grid when the unit is gone).
_ROWS_SQL = (
    "SELECT COALESCE(u.grid_id, c.grid_id), c.customer_type, c.products, c.consent "
    "FROM customers c LEFT JOIN units u ON u.unit_id = c.unit_id"
)


def read_units(path: str) -> customers.Units:
    """The project's units (ids, grid ids, polygons) for locating customers."""
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        rows = con.execute(
            "SELECT unit_id, grid_id, geom FROM units WHERE unit_id IS NOT NULL ORDER BY fid"
        ).fetchall()
    geoms, _srs, _errors = parse_gpkg_blobs([r[2] for r in rows])
    keep = [k for k, g in enumerate(geoms) if g is not None]
    return customers.Units(
        ids=[str(rows[k][0]) for k in keep],
        grid_ids=[None if rows[k][1] is None else str(rows[k][1]) for k in keep],
        geometries=geoms[keep],
    )


def read_rows(con) -> Tuple[List, List, List, List]:
    """``(grid, type, products, consent)`` columns of the register over an open connection
    (``sqlite3`` or an OGR dataset); empty when the project has none."""
    grids: List = []
    kinds: List = []
    products: List = []
    consent: List = []
    if hasattr(con, "ExecuteSQL"):
        if con.GetLayerByName(schema.CUSTOMERS.name) is None:
            return grids, kinds, products, consent
        result = con.ExecuteSQL(_ROWS_SQL)
        try:
            for feature in result:
                grids.append(feature.GetField(0))
                kinds.append(feature.GetField(1))
                products.append(feature.GetField(2))
                consent.append(feature.GetField(3))
        finally:
            con.ReleaseResultSet(result)
        return grids, kinds, products, consent
    found = con.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'customers'"
    ).fetchone()
    if found:
        for g, k, p, c in con.execute(_ROWS_SQL):
            grids.append(g)
            kinds.append(k)
            products.append(p)
            consent.append(c)
    return grids, kinds, products, consent


def _grid_rows(ds) -> Dict[str, list]:
    out: Dict[str, list] = {"grid_id": [], "population": [], "enterprises": [], "products": []}
    result = ds.ExecuteSQL(
        "SELECT grid_id, population, enterprises, products FROM grids WHERE grid_id IS NOT NULL"
    )
    try:
        for feature in result:
            for k, name in enumerate(out):
                out[name].append(None if feature.IsFieldNull(k) else feature.GetField(k))
    finally:
        ds.ReleaseResultSet(result)
    return out


def _refresh(ds, gap_share: float) -> int:
    grids = _grid_rows(ds)
    if not grids["grid_id"]:
        return 0
    rows = read_rows(ds)
    figures = customers.grid_figures(
        grids["grid_id"],
        grids["population"],
        grids["enterprises"],
        grids["products"],
        rows[0],
        rows[1],
        rows[2],
        gap_share,
    )
    return gpkg.set_grid_columns(ds, grids["grid_id"], figures)


def store_customers(
    path: str,
    table: Table,
    replace: bool = False,
    gap_share: float = customers.GAP_SHARE,
) -> Dict[str, int]:
    """Write the checked customers into the project: with ``replace`` the register becomes
    ``table``; else its rows replace those of the same ``customer_id`` and the others stay.
    The grids' customer columns are recomputed in the same transaction.

    Returns ``{"written", "replaced", "total", "grids"}``."""
    gpkg.require_project(path)
    migrate.upgrade(path)
    ids = table.columns["customer_id"]
    with gpkg.write_transaction(path) as ds:
        gpkg.create_customer_tables(ds)
        layer = ds.GetLayerByName(schema.CUSTOMERS.name)
        before = gpkg._count(ds, "SELECT count(*) FROM customers")
        if replace:
            ds.ExecuteSQL("DELETE FROM customers")
            replaced = before
        else:
            scratch = ds.CreateLayer("sg_tmp_customer_ids", None, ogr.wkbNone, options=["FID=fid"])
            scratch.CreateField(ogr.FieldDefn("customer_id", ogr.OFTString))
            defn = scratch.GetLayerDefn()
            for cid in ids:
                feature = ogr.Feature(defn)
                feature.SetField(0, str(cid))
                scratch.CreateFeature(feature)
            replaced = gpkg._count(
                ds,
                "SELECT count(*) FROM customers WHERE customer_id IN "
                "(SELECT customer_id FROM sg_tmp_customer_ids)",
            )
            ds.ExecuteSQL(
                "DELETE FROM customers WHERE customer_id IN "
                "(SELECT customer_id FROM sg_tmp_customer_ids)"
            )
            gpkg._delete_layer(ds, "sg_tmp_customer_ids")
        since = migrate.mark(ds, [schema.CUSTOMERS.name])
        written = gpkg.write_table(layer, table)
        migrate.fix_short_times(ds, [(schema.CUSTOMERS.name, "updated_at")], since)
        grids = _refresh(ds, gap_share)
        total = gpkg._count(ds, "SELECT count(*) FROM customers")
    return {"written": written, "replaced": replaced, "total": total, "grids": grids}


def refresh_grid_figures(path: str, gap_share: float = customers.GAP_SHARE) -> int:
    """Recompute the grids' customer columns from the register (one transaction); returns the
    grids updated."""
    gpkg.require_project(path)
    migrate.upgrade(path)
    with gpkg.write_transaction(path) as ds:
        gpkg.create_customer_tables(ds)
        return _refresh(ds, gap_share)
