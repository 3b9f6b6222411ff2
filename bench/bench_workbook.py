"""Benchmark of the head-office workbook: ``staffing_workbook.write_workbook`` on a project of
50,000 grids and 5,000 staff, against a plain pandas export of the same tables. Targets:
docs/design/targets.md.

``run(rows, folder)`` appends one dict per measurement:
{"bench": "exportstaffing", "input", "tool", "seconds", "peak_mb", "note"}.

Set-up (not timed): a project GeoPackage made with the core's own writer
(``gpkg.create_project_gpkg``) and filled through OGR: 50,000 grids (1 km squares in 50
districts, classified: density class, income tier, demand index, products, strategy,
recommended staff 1–3, an outlet each), 5,000 staff at 500 outlets, about 75,000 assignments
(every grid one or two people) and 100,000 feedback rows (categories, ratings, response
times over 30 days).

Then (not timed) 100,000 customers (issue 16: the customer register) are added to the
same project: 90 % individuals, products drawn from the catalogue, most with consent,
spread over the grids.

Timed, each end to end from the GeoPackage to the .xlsx file:
* ours: read the project, workloads, quality per grid, the six sheets with formats, formulas
  with cached values, conditional formats and the chart, in openpyxl's write-only mode
  (target ≤ 20 s, ≤ 1 GB peak);
* ours again with the 100,000 customers: the Customers sheet (customers by type,
  penetration and product gaps per grid) added (target ≤ 30 s, issue 16);
* the baseline: the grids and staff tables read into pandas DataFrames (``read_sql``) and
  written with ``DataFrame.to_excel`` (openpyxl engine, default mode), no formatting, no
  formulas, no summary.

Standalone: ``.venv/bin/python bench/bench_workbook.py [--grids N] [--staff N]`` (no QGIS
needed).
"""

import os
import sqlite3
import sys
import uuid

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GRIDS = 50_000
STAFF = 5_000
OUTLETS = 500
FEEDBACK = 100_000
DISTRICTS = 50
TARGET_SECONDS = 20.0
TARGET_MB = 1000.0
CUSTOMERS = 100_000
CUSTOMER_TARGET_SECONDS = 30.0


def _core():
    from harness import import_package

    import_package()
    from service_grid.algorithms.core import gpkg, staffing_workbook

    return gpkg, staffing_workbook


def _measure(func, *args, **kwargs):
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    from harness import measure

    return measure(func, *args, **kwargs)


def build(
    path: str,
    grids: int = GRIDS,
    staff: int = STAFF,
    outlets: int = OUTLETS,
    feedback: int = FEEDBACK,
    seed: int = 3,
) -> str:
    """The synthetic project (see the module docstring)."""
    from osgeo import ogr, osr

    gpkg, _ = _core()
    from service_grid.algorithms.core import classify, schema

    rng = np.random.default_rng(seed)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    gpkg.create_project_gpkg(
        path,
        srs.ExportToWkt(),
        {},
        {"created_with": "bench_workbook", "project_id": str(uuid.UUID(int=seed))},
    )
    side = int(np.ceil(np.sqrt(grids)))
    ds = ogr.Open(path, 1)
    try:
        lyr = ds.GetLayerByName("outlets")
        ds.StartTransaction()
        kinds = [k for k, _zh, _en in schema.OUTLET_KINDS]
        for k in range(outlets):
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetField("outlet_id", "O{:04d}".format(k))
            f.SetField("name", "网点{}".format(k))
            f.SetField("kind", kinds[k % len(kinds)])
            f.SetField("capacity", int(rng.integers(5, 20)))
            f.SetField("status", "open")
            x, y = rng.uniform(0, side * 1000.0, 2) + (400000.0, 3500000.0)
            f.SetGeometry(ogr.CreateGeometryFromWkt("POINT({} {})".format(x, y)))
            lyr.CreateFeature(f)
        ds.CommitTransaction()

        lyr = ds.GetLayerByName("grids")
        defn = lyr.GetLayerDefn()
        classes = [c for c, _zh, _en in schema.DENSITY_CLASSES]
        tiers = [c for c, _zh, _en in schema.INCOME_TIERS]
        strategies = [c for c, _zh, _en in classify.STRATEGIES]
        products = [
            "health,accident",
            "pension,health",
            "inclusive_health,accident",
            "premium_medical,wealth",
            "health,accident,travel",
        ]
        population = rng.integers(3000, 30000, grids)
        recommended = rng.integers(1, 4, grids)
        ds.StartTransaction()
        for k in range(grids):
            i, j = divmod(k, side)
            x0, y0 = 400000.0 + j * 1000.0, 3500000.0 + i * 1000.0
            f = ogr.Feature(defn)
            f.SetField("grid_id", "D{:02d}-G{:05d}".format(k * DISTRICTS // grids, k))
            f.SetField("nest", "D{:02d}".format(k * DISTRICTS // grids))
            f.SetField("unit_count", int(rng.integers(1, 12)))
            f.SetField("population", int(population[k]))
            f.SetField("households", int(population[k] // 3))
            f.SetField("area_km2", 1.0)
            f.SetField("density", float(population[k]))
            f.SetField("income", float(rng.uniform(20000, 120000)))
            f.SetField("elderly_share", float(rng.uniform(0.05, 0.3)))
            f.SetField("youth_share", float(rng.uniform(0.1, 0.4)))
            f.SetField("enterprises", int(rng.integers(0, 300)))
            f.SetField("customers", int(rng.integers(0, 3000)))
            f.SetField("polsby_popper", 0.785)
            f.SetField("density_class", classes[k % len(classes)])
            f.SetField("income_tier", tiers[k % len(tiers)])
            f.SetField("demand_index", float(rng.uniform(20, 90)))
            f.SetField("products", products[k % len(products)])
            f.SetField("strategy", strategies[k % len(strategies)])
            f.SetField("recommended_staff", int(recommended[k]))
            f.SetField("outlet_id", "O{:04d}".format(int(rng.integers(0, outlets))))
            f.SetField("locked", 0)
            f.SetGeometry(
                ogr.CreateGeometryFromWkt(
                    "MULTIPOLYGON((({0} {1},{2} {1},{2} {3},{0} {3},{0} {1})))".format(
                        x0, y0, x0 + 1000.0, y0 + 1000.0
                    )
                )
            )
            lyr.CreateFeature(f)
        ds.CommitTransaction()

        lyr = ds.GetLayerByName("staff")
        roles = [r for r, _zh, _en in schema.STAFF_ROLES]
        ds.StartTransaction()
        for k in range(staff):
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetField("staff_id", "S{:05d}".format(k))
            f.SetField("name", "员工{}".format(k))
            f.SetField("role", roles[k % len(roles)])
            f.SetField("outlet_id", "O{:04d}".format(k % outlets))
            f.SetField("capacity", int(rng.integers(8, 31)) * 1000)
            f.SetField("active", 1)
            lyr.CreateFeature(f)
        ds.CommitTransaction()

        lyr = ds.GetLayerByName("assignments")
        ds.StartTransaction()
        for k in range(grids):
            people = 1 + int(rng.random() < 0.5)
            for p in range(people):
                staff_id = "S{:05d}".format((k * staff // grids + p * 7) % staff)
                grid_id = "D{:02d}-G{:05d}".format(k * DISTRICTS // grids, k)
                f = ogr.Feature(lyr.GetLayerDefn())
                f.SetField("uuid", str(uuid.uuid5(uuid.NAMESPACE_URL, staff_id + grid_id)))
                f.SetField("staff_id", staff_id)
                f.SetField("grid_id", grid_id)
                f.SetField("role", "agent")
                f.SetField("assigned_at", "2026-11-01T08:00:00Z")
                lyr.CreateFeature(f)
        ds.CommitTransaction()

        lyr = ds.GetLayerByName("feedback")
        categories = [c for c, _zh, _en in schema.FEEDBACK_CATEGORIES]
        which = rng.integers(0, grids, feedback)
        ds.StartTransaction()
        for k in range(feedback):
            g = int(which[k])
            i, j = divmod(g, side)
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetField("uuid", str(uuid.uuid5(uuid.NAMESPACE_URL, "feedback/{}".format(k))))
            f.SetField("grid_id", "D{:02d}-G{:05d}".format(g * DISTRICTS // grids, g))
            f.SetField(
                "collected_at", "2026-11-{:02d}T{:02d}:00:00.000Z".format(1 + k % 28, k % 24)
            )
            f.SetField("category", categories[k % len(categories)])
            f.SetField("rating", int(rng.integers(1, 6)))
            f.SetField("response_minutes", float(rng.gamma(2.0, 20.0)))
            f.SetField("status", "open" if k % 3 else "resolved")
            f.SetField("notes", "备注 {}".format(k))
            f.SetField("rev", 1)
            f.SetGeometry(
                ogr.CreateGeometryFromWkt(
                    "POINT({} {})".format(400500.0 + j * 1000.0, 3500500.0 + i * 1000.0)
                )
            )
            lyr.CreateFeature(f)
        ds.CommitTransaction()
    finally:
        ds = None
    return path


def add_customers(path: str, customers: int = CUSTOMERS, seed: int = 5) -> int:
    """Add ``customers`` rows to the project's customer register (through OGR, points at
    their grid's centre)."""
    from osgeo import ogr

    from service_grid.algorithms.core import classify

    rng = np.random.default_rng(seed)
    ds = ogr.Open(path, 1)
    try:
        grids = [
            (
                f.GetField("grid_id"),
                f.GetGeometryRef().Centroid().GetX(),
                f.GetGeometryRef().Centroid().GetY(),
            )
            for f in ds.GetLayerByName("grids")
        ]
        lyr = ds.GetLayerByName("customers")
        defn = lyr.GetLayerDefn()
        codes = list(classify.PRODUCT_CODES)
        which = rng.integers(0, len(grids), customers)
        enterprise = rng.random(customers) < 0.1
        consent = rng.random(customers) < 0.85
        ds.StartTransaction()
        for k in range(customers):
            grid, x, y = grids[int(which[k])]
            f = ogr.Feature(defn)
            f.SetField("customer_id", "K{:07d}".format(k))
            f.SetField("name", "客户{}".format(k))
            f.SetField("customer_type", "enterprise" if enterprise[k] else "individual")
            held = rng.choice(len(codes), int(rng.integers(1, 4)), replace=False)
            f.SetField("products", ",".join(codes[i] for i in sorted(held)))
            f.SetField("consent", int(consent[k]))
            f.SetField("grid_id", grid)
            f.SetField("updated_at", "2026-12-01T08:00:00.000Z")
            f.SetGeometry(ogr.CreateGeometryFromWkt("POINT({} {})".format(x, y)))
            lyr.CreateFeature(f)
        ds.CommitTransaction()
    finally:
        ds = None
    return customers


def pandas_baseline(project: str, out: str) -> int:
    """The grids and staff tables with pandas: read_sql + DataFrame.to_excel (openpyxl)."""
    import pandas as pd

    con = sqlite3.connect("file:{}?mode=ro".format(project), uri=True)
    try:
        grids = pd.read_sql("SELECT * FROM grids", con).drop(columns=["geom"])
        staff = pd.read_sql("SELECT * FROM staff", con)
    finally:
        con.close()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        grids.to_excel(writer, sheet_name="Grids", index=False)
        staff.to_excel(writer, sheet_name="Staff", index=False)
    return len(grids) + len(staff)


def run(rows: list, folder: str, grids: int = GRIDS, staff: int = STAFF) -> None:
    """Append the workbook benchmark rows (see the module docstring)."""
    _gpkg, staffing_workbook = _core()
    work = os.path.join(folder, "bench_workbook")
    os.makedirs(work, exist_ok=True)
    project = build(
        os.path.join(work, "project.gpkg"), grids, staff, feedback=FEEDBACK * grids // GRIDS
    )
    label = "{:,} grids, {:,} staff, {:,} outlets, {:,} feedback rows".format(
        grids, staff, OUTLETS, FEEDBACK * grids // GRIDS
    )
    out = os.path.join(work, "staffing.xlsx")
    m = _measure(staffing_workbook.write_workbook, project, out, "zh")
    size = os.path.getsize(out) / 1e6
    from harness import add_row

    add_row(
        rows,
        (60, 58),
        "exportstaffing",
        label,
        "exportstaffing (core: openpyxl write-only, rows streamed)",
        m,
        "{} sheets, {:.1f} MB; {} districts; formats, live formulas with cached "
        "values, conditional formats, chart; target ≤ {:.0f} s, ≤ {:.0f} MB".format(
            len(m.result.sheets), size, m.result.districts, TARGET_SECONDS, TARGET_MB
        ),
    )
    count = add_customers(project)
    m = _measure(staffing_workbook.write_workbook, project, out, "zh")
    add_row(
        rows,
        (60, 58),
        "exportstaffing",
        label + ", {:,} customers".format(count),
        "exportstaffing with the customer register (core)",
        m,
        "{} sheets, {:.1f} MB; Customers sheet: {:,} customers by type, penetration and "
        "product gaps per grid; target ≤ {:.0f} s".format(
            len(m.result.sheets),
            os.path.getsize(out) / 1e6,
            m.result.customers,
            CUSTOMER_TARGET_SECONDS,
        ),
    )
    base = os.path.join(work, "pandas.xlsx")
    m = _measure(pandas_baseline, project, base)
    add_row(
        rows,
        (60, 58),
        "exportstaffing",
        label,
        "baseline: pandas read_sql + DataFrame.to_excel (openpyxl)",
        m,
        "grids and staff only, {:,} rows, {:.1f} MB; no formats, no summary".format(
            m.result, os.path.getsize(base) / 1e6
        ),
    )
    import shutil

    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    import tempfile

    n = int(sys.argv[sys.argv.index("--grids") + 1]) if "--grids" in sys.argv else GRIDS
    s = int(sys.argv[sys.argv.index("--staff") + 1]) if "--staff" in sys.argv else STAFF
    found = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("SG_BENCH_TMP")) as tmp:
        run(found, tmp, grids=n, staff=s)
