"""Benchmarks of refreshing a field package (``servicegrid:refreshfieldpackage``, end to end
through Processing: sync of the package, a new package written from the project with its
embedded QGIS project, registration of its base snapshot, the field's rejected rows put back,
the file moved into place). Target: ≤ 2 s per package (docs/design/targets.md, issue 15).

``run(rows, folder)`` appends one dict per measurement:
{"bench": "refreshfieldpackage", "input", "tool", "seconds", "peak_mb", "note"}.

Set-up (not timed): a project made by ``servicegrid:createproject`` on a jittered lattice of
2,500 units (10 × 10 km), ``servicegrid:buildgrids`` (about 100 grids), ten staff members with
ten grids each, ``OFFICE_ROWS`` office feedback rows at random points in the grids and
``VISITS`` follow-up visits (``servicegrid``'s own :func:`assign_visits`, spread over the grids),
then the first staff member's package. Then in the field (a separate process writing through
OGR in WAL mode, tests/device.py): 200 new feedback rows and one rejected row (rating 9), and
50 visits marked done (OGR, WAL); in the office: 50 new visits in the staff member's grids, an
outlet renamed and one of their grids given to another staff member.

Timed, with 20,000 and with 100,000 office feedback rows (a package of about 2,000 and about
10,000 rows): the refresh (field work synced, grid dropped, new visits in), and a second
refresh of the refreshed package (nothing new). The note gives the CPU time and the machine's
load average: on a shared machine the wall time also waits for the processor.

Standalone: ``.venv/bin/python bench/bench_refresh.py [--rows N]`` (starts QGIS headless).
"""

import os
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OFFICE_ROWS = 100_000
VISITS = 5_000
NEW_ROWS = 200
DONE = 50
TARGET_REFRESH = 2.0  # seconds


def _paths():
    for path in (HERE, os.path.join(ROOT, "tests"), os.path.join(ROOT, "scripts")):
        if path not in sys.path:
            sys.path.insert(0, path)


def _requests(project: str, count: int, seed: int, grid_ids=None):
    """``count`` visit requests at random points inside the project's grids."""
    import numpy as np

    from service_grid.algorithms.core.deps import shapely
    from service_grid.algorithms.core.fieldsync.project import _grid_geometries
    from service_grid.algorithms.core.visit_assign import VisitRequest

    ids, geoms = _grid_geometries(project)
    pairs = [(g, geom) for g, geom in zip(ids, geoms) if grid_ids is None or g in grid_ids]
    rng = np.random.default_rng(seed)
    out = []
    for k in range(count):
        grid_id, geom = pairs[k % len(pairs)]
        minx, miny, maxx, maxy = geom.bounds
        while True:
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if shapely.contains_xy(geom, x, y):
                break
        out.append(VisitRequest(float(x), float(y), customer_id="C{}-{}".format(seed, k)))
    return out


def _field_done(package: str, count: int) -> int:
    """Mark ``count`` visits of the package done, as QGIS saves a form (OGR, WAL)."""
    from osgeo import gdal

    from service_grid.algorithms.core.timestamps import now_utc

    gdal.SetConfigOption("OGR_SQLITE_JOURNAL", "WAL")
    try:
        ds = gdal.OpenEx(package, gdal.OF_VECTOR | gdal.OF_UPDATE)
        lyr = ds.GetLayerByName("visits")
        ds.StartTransaction()
        done = 0
        for feature in list(lyr)[:count]:
            feature.SetField("status", "done")
            feature.SetField("done_at", now_utc())
            feature.SetField("result", "satisfied")
            feature.SetField("rev", feature.GetField("rev") + 1)
            feature.SetField("updated_at", now_utc())
            lyr.SetFeature(feature)
            done += 1
        ds.CommitTransaction()
        ds = None  # noqa: F841
    finally:
        gdal.SetConfigOption("OGR_SQLITE_JOURNAL", None)
    return done


def build(folder: str, office_rows: int = OFFICE_ROWS, visits: int = VISITS):
    """The project, B00's package, the field's work in it and the office's changes since.
    Returns (project, package, the grid given away)."""
    import processing

    _paths()
    import device
    from bench_sync import team_project

    from service_grid.algorithms.core.visit_assign import assign_visits

    project, grids, staff_of = team_project(folder, "refresh", office_rows)
    mine = [g for g, s in zip(grids, staff_of) if s == "B00"]
    assign_visits(project, _requests(project, visits, 1), "renewal", "2026-12-31", "bench")
    package_dir = os.path.join(folder, "refresh_field")
    os.makedirs(package_dir, exist_ok=True)
    package = os.path.join(package_dir, "B00.gpkg")
    processing.run(
        "servicegrid:createfieldpackage", {"PROJECT": project, "STAFF_ID": "B00", "OUTPUT": package}
    )
    # the field
    device.add_feedback(package, NEW_ROWS, seed=2, device_id="bench-device")
    device.add_feedback(package, 1, seed=3, values={"rating": 9})
    _field_done(package, DONE)
    # the office
    assign_visits(project, _requests(project, 50, 2, set(mine[:-1])), "product_review", "", "")
    gone = mine[-1]
    con = sqlite3.connect(project)  # plain tables: sqlite3 may write them
    with con:
        con.execute("UPDATE assignments SET staff_id = 'B01' WHERE grid_id = ?", (gone,))
    con.close()
    return project, package, gone


def _cpu(func):
    """``func`` with the CPU seconds it used (the machine may be shared: wall time waits)."""
    import time

    def timed():
        started = time.process_time()
        result = func()
        return result, time.process_time() - started

    return timed


def _one(rows: list, folder: str, office_rows: int, visits: int) -> None:
    import processing
    from harness import add_row, measure

    work = os.path.join(folder, "bench_refresh_{}".format(office_rows))
    project, package, gone = build(work, office_rows, visits)
    con = sqlite3.connect(package)
    exported = con.execute("SELECT count(*) FROM feedback").fetchone()[0]
    package_visits = con.execute("SELECT count(*) FROM visits").fetchone()[0]
    con.close()
    label = (
        "{:,} office feedback rows, {:,} visits; package: {:,} feedback, {:,} visits; field: "
        "{} new rows + {} visits done".format(
            office_rows, visits, exported, package_visits, NEW_ROWS, DONE
        )
    )

    def refresh():
        return processing.run(
            "servicegrid:refreshfieldpackage", {"PROJECT": project, "PACKAGE": package}
        )

    load = "load average {:.1f} on {} cores".format(os.getloadavg()[0], os.cpu_count())
    m = measure(_cpu(refresh))
    result, cpu = m.result
    assert result["GRIDS_DROPPED"] == 1 and result["CARRIED"] == 1, result
    add_row(
        rows,
        (70, 48),
        "refreshfieldpackage",
        label,
        "refresh (Processing, end to end)",
        m,
        "{} rows synced, 1 grid dropped, {:,} visits in the new package, 1 rejected row kept; "
        "CPU {:.2f} s ({}); target ≤ {:.0f} s".format(
            result["SYNCED"], result["VISITS"], cpu, load, TARGET_REFRESH
        ),
    )
    load = "load average {:.1f} on {} cores".format(os.getloadavg()[0], os.cpu_count())
    m = measure(_cpu(refresh))
    result, cpu = m.result
    add_row(
        rows,
        (70, 48),
        "refreshfieldpackage",
        label,
        "refresh again (nothing new)",
        m,
        "{} rows synced; CPU {:.2f} s ({}); target ≤ {:.0f} s".format(
            result["SYNCED"], cpu, load, TARGET_REFRESH
        ),
    )


def run(rows: list, folder: str, office_rows: int = OFFICE_ROWS, visits: int = VISITS) -> None:
    """Append the refresh benchmark rows (see the module docstring): a typical package (about
    2,000 feedback rows) and a heavy one (about 10,000)."""
    _paths()
    for scale in sorted({office_rows // 5, office_rows}):
        _one(rows, folder, scale, visits)


if __name__ == "__main__":
    import tempfile

    _paths()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis_session import load_plugin, start_qgis

    app = start_qgis()
    plugin = load_plugin()
    n = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else OFFICE_ROWS
    found = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("SG_BENCH_TMP")) as tmp:
        run(found, tmp, office_rows=n)
    plugin.unload()
    app.exitQgis()
