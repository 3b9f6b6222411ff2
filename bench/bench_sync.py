"""Benchmarks of offline field sync: ``fieldsync.sync_packages`` on a project with 100,000
feedback rows and a package with 100,000 new rows and 1,000 edits, its re-sync, and the floor:
a plain copy of the same 101,000 rows by OGR. Targets: docs/design/targets.md.

``run(rows, folder)`` appends one dict per measurement:
{"bench": "syncfieldpackages", "input", "tool", "seconds", "peak_mb", "note"}.

Set-up (not timed): a project made by ``servicegrid:createproject`` on a jittered lattice of
2,500 units (10 × 10 km), ``servicegrid:buildgrids`` (about 100 grids), ten staff members with ten
grids each (the assignments table written with OGR), 100,000 office feedback rows at random
points in the grids, and ``servicegrid:createfieldpackage`` for the first staff member (about
10,000 of the office rows go out in the package). Then, as a device does (a separate process
writing through OGR in WAL mode, tests/device.py): 100,000 new rows in the package's grids and
1,000 of the exported rows edited (rating, notes, status; rev + 1).

Timed:
* sync of the package into the project (target ≤ 15 s): quarantine copy, checks, three-way merge,
  backup, one OGR transaction, quick_check;
* re-sync of the same package (target ≤ 2 s, 0 changes), and of the same rows in a re-saved
  file (VACUUM: other bytes, so the rows are compared one by one);
* the floor: ``gdal.VectorTranslate`` appending the same 101,000 rows (new + edited) from the
  package into a new layer of a copy of the project, without any check or merge.

Standalone: ``.venv/bin/python bench/bench_sync.py [--rows N]`` (starts QGIS headless).
"""

import os
import shutil
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OFFICE_ROWS = 100_000
NEW_ROWS = 100_000
EDITS = 1_000
STAFF = 10
TARGET_SYNC, TARGET_RESYNC = 15.0, 2.0  # seconds (docs/design/targets.md)


def _paths():
    for path in (HERE, os.path.join(ROOT, "tests"), os.path.join(ROOT, "scripts")):
        if path not in sys.path:
            sys.path.insert(0, path)


def _measure(func, *args, **kwargs):
    _paths()
    from harness import measure

    return measure(func, *args, **kwargs)


def team_project(folder: str, prefix: str, office_rows: int):
    """A project of a team (shared by the field benchmarks): 2,500 lattice units, about 100
    grids, ``STAFF`` staff members B00… with ten grids each, ``office_rows`` office feedback
    rows. Returns (project, grid ids, the staff member of each grid)."""
    _paths()
    import device
    from harness import staff_project

    project = staff_project(folder, prefix, STAFF)
    con = sqlite3.connect(project)
    pairs = con.execute("SELECT grid_id, staff_id FROM assignments ORDER BY grid_id").fetchall()
    con.close()
    grids = [g for g, _s in pairs]
    staff_of = [s for _g, s in pairs]
    device.add_feedback(
        project,
        office_rows,
        seed=1,
        wal=False,
        values={"device_id": "office"},
        stamp="2026-11-20T09:00:00Z",
    )
    return project, grids, staff_of


def build(
    folder: str, office_rows: int = OFFICE_ROWS, new_rows: int = NEW_ROWS, edits: int = EDITS
):
    """The project, the first staff member's package and the device's work in it.
    Returns (project, package, edited uuids, rows exported)."""

    import processing

    _paths()
    import device

    project, _grids, _staff_of = team_project(folder, "sync", office_rows)
    package_dir = os.path.join(folder, "sync_field")
    os.makedirs(package_dir, exist_ok=True)
    package = os.path.join(package_dir, "B00.gpkg")
    processing.run(
        "servicegrid:createfieldpackage", {"PROJECT": project, "STAFF_ID": "B00", "OUTPUT": package}
    )
    con = sqlite3.connect("file:{}?mode=ro".format(package), uri=True)
    exported = [r[0] for r in con.execute("SELECT uuid FROM feedback ORDER BY fid")]
    con.close()
    edited = exported[:edits]
    device.run_device(
        package,
        [
            {"op": "add", "n": new_rows, "seed": 2, "device_id": "bench-device"},
            {
                "op": "edit",
                "edits": {
                    u: {"rating": 1 + k % 5, "notes": "回访 {}".format(k), "status": "resolved"}
                    for k, u in enumerate(edited)
                },
            },
        ],
    )
    return project, package, edited, len(exported)


def _floor(master_copy: str, package: str) -> int:
    """A plain copy of the package's new and edited rows by OGR (no checks, no merge)."""
    from osgeo import gdal

    gdal.UseExceptions()
    options = gdal.VectorTranslateOptions(
        format="GPKG",
        accessMode="update",
        layers=["feedback"],
        layerName="feedback_floor",
        where="device_id = 'bench-device' OR rev > 1",
    )
    ds = gdal.VectorTranslate(master_copy, package, options=options)
    count = ds.GetLayerByName("feedback_floor").GetFeatureCount()
    ds = None
    return count


def run(
    rows: list,
    folder: str,
    new_rows: int = NEW_ROWS,
    office_rows: int = OFFICE_ROWS,
    edits: int = EDITS,
) -> None:
    """Append the sync benchmark rows (see the module docstring)."""
    _paths()
    from service_grid.algorithms.core import fieldsync

    work = os.path.join(folder, "bench_sync")
    project, package, edited, exported = build(work, office_rows, new_rows, edits)
    pristine = os.path.join(work, "pristine.gpkg")
    shutil.copyfile(project, pristine)
    label = "{:,} office rows; package: {:,} new + {:,} edited ({:,} exported)".format(
        office_rows, new_rows, edits, exported
    )

    from harness import add_row

    def add(tool, m, note):
        add_row(rows, (70, 48), "syncfieldpackages", label, tool, m, note)

    def sync(path):
        m = _measure(fieldsync.sync_packages, project, [path])
        totals = m.result.totals()
        changes = totals["inserted"] + totals["updated"] + totals["deleted"] + totals["conflicts"]
        return m, totals, changes

    m, totals, _changes = sync(package)
    add(
        "sync (core)",
        m,
        "{inserted:,} inserted, {updated:,} updated, {conflicts} conflicts, "
        "{rejected} rejected; target ≤ {t:.0f} s".format(t=TARGET_SYNC, **totals),
    )
    assert totals["inserted"] == new_rows and totals["updated"] == edits, totals

    m, totals, changes = sync(package)
    add(
        "re-sync of the same package",
        m,
        "{} changes, status {}; target ≤ {:.0f} s".format(
            changes, m.result.reports[0].status, TARGET_RESYNC
        ),
    )

    # the same rows in a file whose bytes differ (the device app re-saved it): the per-row
    # (uuid, rev) check instead of the file hash
    resaved = os.path.join(os.path.dirname(package), "resaved", os.path.basename(package))
    os.makedirs(os.path.dirname(resaved))
    shutil.copyfile(package, resaved)
    con = sqlite3.connect(resaved)
    con.execute("VACUUM")
    con.close()
    m, totals, changes = sync(resaved)
    add(
        "re-sync of the same rows, file re-saved (VACUUM)",
        m,
        "{} changes, status {} (row by row: the file hash differs)".format(
            changes, m.result.reports[0].status
        ),
    )

    m = _measure(_floor, pristine, package)
    add(
        "floor: OGR copy of the same rows (gdal.VectorTranslate append)",
        m,
        "{:,} rows copied into a new layer of a copy of the project; no checks, no merge".format(
            m.result
        ),
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    import tempfile

    _paths()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis_session import load_plugin, start_qgis

    app = start_qgis()
    plugin = load_plugin()
    n = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else NEW_ROWS
    found = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("SG_BENCH_TMP")) as tmp:
        run(found, tmp, new_rows=n, office_rows=n, edits=max(1, n // 100))
    plugin.unload()
    app.exitQgis()
