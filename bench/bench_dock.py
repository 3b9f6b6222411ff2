"""GUI benchmark of the Staff & outlets dock with 10,000 grids (target: updates under 200 ms,
docs/design/targets.md).

``run(rows, folder)`` builds a project GeoPackage of 10,000 grids (a generated lattice from
bench/generate.py through ``servicegrid:createproject``, each unit stored as a grid), 1,000 staff,
100 outlets and ~15,000 assignments, reads the project into QGIS and opens the real dock
(a widget, shown offscreen), then times what a planner does: opening the project (reading the
file, building the models, charts and warnings), selecting 500 grids on the map and 500 rows in
the table, assigning 3 staff to 100 grids and undoing it. Each step is timed from the call to
the repainted dock (pending events are processed inside the timing), five times; the median is
reported. Appends dict rows {"bench": "staff dock", "input", "tool", "seconds", "peak_mb",
"note"}.

Standalone: ``.venv/bin/python bench/bench_dock.py`` prints the rows.
"""

import csv
import os
import statistics
import sys
import tempfile

import generate
import numpy as np
import shapely
from harness import measure, new_units_layer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N_GRIDS = 10_000
N_STAFF = 1_000
N_OUTLETS = 100
REPEATS = 5
OFFSET = np.array([300000.0, 3000000.0])


def _write_units(path, geoms, pop):
    from osgeo import ogr

    ds, srs, lyr = new_units_layer(path)
    centres = shapely.centroid(geoms)
    xs, ys = shapely.get_x(centres), shapely.get_y(centres)
    blocks = 10
    bx = np.minimum(((xs - xs.min()) / (np.ptp(xs) + 1e-9) * blocks).astype(int), blocks - 1)
    by = np.minimum(((ys - ys.min()) / (np.ptp(ys) + 1e-9) * blocks).astype(int), blocks - 1)
    wkbs = shapely.to_wkb(geoms)
    ds.StartTransaction()
    defn = lyr.GetLayerDefn()
    for i, wkb in enumerate(wkbs):
        feature = ogr.Feature(defn)
        feature.SetField(0, "U{:05d}".format(i))
        feature.SetField(1, int(pop[i]))
        feature.SetField(2, "S{}{}".format(by[i], bx[i]))
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        lyr.CreateFeature(feature)
    ds.CommitTransaction()
    # outlets: a 10 × 10 lattice of points over the city
    olyr = ds.CreateLayer("outlets", srs, ogr.wkbPoint)
    for name in ("outlet_id", "name", "kind"):
        olyr.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    olyr.CreateField(ogr.FieldDefn("capacity", ogr.OFTInteger))
    ds.StartTransaction()
    for k in range(N_OUTLETS):
        x = xs.min() + (k % 10 + 0.5) * np.ptp(xs) / 10
        y = ys.min() + (k // 10 + 0.5) * np.ptp(ys) / 10
        feature = ogr.Feature(olyr.GetLayerDefn())
        feature.SetField("outlet_id", "O{:03d}".format(k + 1))
        feature.SetField("name", "网点{}".format(k + 1))
        feature.SetField("kind", "service_point")
        feature.SetField("capacity", 20)
        feature.SetGeometry(ogr.CreateGeometryFromWkt("POINT ({} {})".format(x, y)))
        olyr.CreateFeature(feature)
    ds.CommitTransaction()
    ds = None
    return path


def _write_staff(path, total_population):
    roles = ("agent", "claims", "service", "manager")
    capacity = int(total_population / N_STAFF * 1.2)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["staff_id", "name", "role", "outlet_id", "capacity", "active"])
        for k in range(N_STAFF):
            writer.writerow(
                [
                    "S{:04d}".format(k + 1),
                    "员工{}".format(k + 1),
                    roles[k % 4],
                    "O{:03d}".format(k % N_OUTLETS + 1),
                    capacity,
                    1,
                ]
            )
    return path


def build_project(folder: str) -> str:
    """A project GeoPackage with 10,000 grids, 1,000 staff, 100 outlets, ~15,000 assignments."""
    import processing
    from osgeo import ogr

    from service_grid.algorithms.core import gpkg, schema
    from service_grid.algorithms.core.tables import Table

    geoms, pop = generate.lattice(N_GRIDS)
    geoms = shapely.transform(geoms, lambda xy: xy + OFFSET)
    source = _write_units(os.path.join(folder, "dock_units.gpkg"), geoms, pop)
    staff = _write_staff(os.path.join(folder, "dock_staff.csv"), float(pop.sum()))
    path = os.path.join(folder, "dock_project.gpkg")
    processing.run(
        "servicegrid:createproject",
        {
            "INPUT": source + "|layername=units",
            "UNIT_ID_FIELD": "code",
            "POPULATION_FIELD": "pop",
            "NEST_FIELD": "street",
            "OUTLETS": source + "|layername=outlets",
            "STAFF": staff,
            "OUTPUT": path,
        },
    )
    # every unit is a grid (written directly: the benchmark is about the dock, not gridding)
    n = len(geoms)
    centres = shapely.centroid(geoms)
    order = np.lexsort((shapely.get_x(centres), -shapely.get_y(centres)))
    ids = ["G{:05d}".format(k + 1) for k in range(n)]
    grid_of = {}
    columns = {
        name: [None] * n
        for name in (
            "grid_id",
            "nest",
            "unit_count",
            "population",
            "density_class",
            "income_tier",
            "recommended_staff",
            "outlet_id",
        )
    }
    classes = ("urban_core", "urban", "suburban", "rural")
    tiers = ("high", "middle", "basic")
    for rank, i in enumerate(order):
        columns["grid_id"][rank] = ids[rank]
        columns["population"][rank] = int(pop[i])
        columns["unit_count"][rank] = 1
        columns["density_class"][rank] = classes[min(3, int(4000 / (pop[i] + 1)))]
        columns["income_tier"][rank] = tiers[rank % 3]
        columns["recommended_staff"][rank] = 1 + int(pop[i] > np.median(pop))
        columns["outlet_id"][rank] = "O{:03d}".format(rank * N_OUTLETS // n + 1)
        grid_of["U{:05d}".format(i)] = ids[rank]
    columns["nest"] = ["N{:02d}".format(rank * 100 // n) for rank in range(n)]
    multi = [shapely.MultiPolygon([g]) for g in geoms[order]]
    gpkg.store_grids(path, Table(schema.GRIDS, columns, multi), grid_of)
    # ~15,000 assignments: one person per grid, a second one on the larger half
    ds = ogr.Open(path, 1)
    lyr = ds.GetLayerByName("assignments")
    ds.StartTransaction()
    count = 0
    for rank in range(n):
        for extra in range(columns["recommended_staff"][rank]):
            feature = ogr.Feature(lyr.GetLayerDefn())
            feature.SetField("uuid", "00000000-0000-4000-8000-{:012d}".format(count))
            feature.SetField("staff_id", "S{:04d}".format((rank + extra * 7) % N_STAFF + 1))
            feature.SetField("grid_id", ids[rank])
            feature.SetField("role", "agent")
            feature.SetField("assigned_at", "2026-01-01T00:00:00.000Z")
            lyr.CreateFeature(feature)
            count += 1
    ds.CommitTransaction()
    ds = None
    return path


def _timed(app, func, *args):
    """Run ``func`` and flush the event queue (the repaint) inside the timing."""

    def step():
        result = func(*args)
        app.processEvents()
        return result

    return measure(step)


def _median(measures):
    return (statistics.median(m.seconds for m in measures), max(m.peak_mb for m in measures))


def run(rows: list, folder: str) -> None:
    from qgis.core import QgsApplication, QgsProject
    from qgis.PyQt.QtCore import QItemSelection, QItemSelectionModel

    from service_grid.algorithms.project_template import read_project
    from service_grid.plugin.grid_model import GridTableModel
    from service_grid.plugin.staff_dock import StaffDock

    app = QgsApplication.instance()
    path = build_project(folder)
    project = QgsProject.instance()
    project.clear()
    if not read_project(project, path):
        raise RuntimeError("cannot read the project of " + path)
    dock = StaffDock(None)
    dock.resize(520, 900)
    dock.show()
    app.processEvents()
    assert dock.grid_model.rowCount() == N_GRIDS, dock.grid_model.rowCount()
    label = "{:,} grids, {:,} staff, {:,} assignments".format(
        N_GRIDS, N_STAFF, len(dock.data.assignments)
    )

    def add(note, measures):
        seconds, peak = _median(measures)
        rows.append(
            {
                "bench": "staff dock",
                "input": label,
                "tool": "Service Grid dock",
                "seconds": seconds,
                "peak_mb": peak,
                "note": note,
            }
        )
        print("{:<62} {:7.3f} s  {:6.1f} MB".format(note, seconds, peak))

    rng = np.random.default_rng(4)
    layer = dock.grids_layer()
    fids = dock.data.fids

    # 1. opening: read the file, build the models, charts and warnings
    add(
        "open the project (read the file, models, charts, warnings)",
        [_timed(app, dock.reload) for _ in range(REPEATS)],
    )

    # 2. selection sync, map → table and table → map, 500 grids
    picks = [sorted(rng.choice(N_GRIDS, 500, replace=False)) for _ in range(REPEATS)]
    runs = []
    for pick in picks:
        layer.removeSelection()
        app.processEvents()
        runs.append(_timed(app, layer.selectByIds, [fids[r] for r in pick]))
        assert len(dock.selected) == 500
    add("select 500 grids on the map → rows selected in the table", runs)
    runs = []
    model, proxy = dock.grid_model, dock.grid_proxy
    for pick in picks:
        layer.removeSelection()
        app.processEvents()
        selection = QItemSelection()
        for record in pick:
            row = model.row_of(record)
            selection.select(model.index(row, 0), model.index(row, 0))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        runs.append(
            _timed(
                app,
                dock.gridTable.selectionModel().select,
                proxy.mapSelectionFromSource(selection),
                flags,
            )
        )
        assert layer.selectedFeatureCount() == 500
    add("select 500 rows in the table → grids selected on the map", runs)

    # 3. assign 3 staff to 100 grids (300 rows written), then undo
    assigns, undos = [], []
    for k in range(REPEATS):
        staff = ["S{:04d}".format(N_STAFF - 3 * k - j) for j in range(3)]
        free = [r for r in range(N_GRIDS) if not any(dock.data.is_assigned(s, r) for s in staff)]
        dock.select_records(rng.choice(free, 100, replace=False))
        dock.select_staff(staff)
        app.processEvents()
        before = len(dock.data.assignments)
        assigns.append(_timed(app, dock.assign_selected))
        assert len(dock.data.assignments) == before + 300
        undos.append(_timed(app, dock.undo_stack.undo))
        assert len(dock.data.assignments) == before
    add("assign 3 staff to 100 grids (300 rows written, workload, charts)", assigns)
    add("undo that assignment (300 rows deleted)", undos)

    # 4. sorting the table by population (a click on the header)
    add(
        "sort the table by population",
        [
            _timed(app, dock.gridTable.sortByColumn, GridTableModel.POPULATION, order)
            for order in (0, 1, 0, 1, 0)
        ],
    )

    dock.cleanup()
    dock.close()
    dock.deleteLater()
    project.clear()
    app.processEvents()


def main() -> int:
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    from qgis_session import load_plugin, start_qgis

    app = start_qgis()
    plugin = load_plugin()
    rows = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("SG_BENCH_TMP")) as folder:
        run(rows, folder)
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(main())
