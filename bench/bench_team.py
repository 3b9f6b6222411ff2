"""Benchmark of the team's field packages: ``servicegrid:createfieldpackages`` for 500 staff
of a 10,000-grid project, against the way before it (one ``servicegrid:createfieldpackage``
run per staff id, measured for a few staff and scaled to 500).

``run(rows, folder)`` appends one dict per measurement:
{"bench": "createfieldpackages", "input", "tool", "seconds", "peak_mb", "note"}.

Set-up (not timed): a project made by ``servicegrid:createproject`` on a jittered lattice of
30,276 units (174 × 174, 200 m); 10,000 grids of three neighbouring units each (the last one
takes the remainder), written with OGR (geometry: the union of their units); 500 active staff
with a name and a phone, 20 grids each (10,000 assignments); 100,000 office feedback rows at
random points in the grids (tests/device.py).

Timed: the whole algorithm (read the project once, the template package with its embedded
QGIS project, 500 packages, their base snapshots registered in one transaction), target
≤ 60 s (docs/design/targets.md); the same with one zip per person; and one createfieldpackage
run per staff id for the first 10 staff.

Standalone: ``.venv/bin/python bench/run.py --only bench_team``.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
N_SIDE = 174
GRIDS = 10_000
STAFF = 500
FEEDBACK = 100_000
SINGLE = 10
TARGET = 60.0  # seconds for 500 packages of a 10,000-grid project


def _paths():
    for path in (HERE, os.path.join(ROOT, "tests"), os.path.join(ROOT, "scripts")):
        if path not in sys.path:
            sys.path.insert(0, path)


def _grids(project: str) -> None:
    """Grids of three units each (by fid), written with OGR; units.grid_id set."""
    import shapely
    from osgeo import ogr

    ds = ogr.Open(project, 1)
    try:
        units = ds.GetLayerByName("units")
        fids, nests, pops, geoms = [], [], [], []
        for feature in units:
            fids.append(feature.GetFID())
            nests.append(feature.GetField("nest"))
            pops.append(feature.GetField("population") or 0)
            geoms.append(shapely.from_wkb(bytes(feature.GetGeometryRef().ExportToWkb())))
        ids = ["G{:05d}".format(g) for g in range(GRIDS)]
        rank = {fid: k for k, fid in enumerate(sorted(fids))}
        members = {}
        for j, fid in enumerate(fids):
            members.setdefault(min(rank[fid] // 3, GRIDS - 1), []).append(j)
        ds.StartTransaction()
        for g, idx in members.items():
            ds.ExecuteSQL(
                "UPDATE units SET grid_id = '{}' WHERE fid IN ({})".format(
                    ids[g], ",".join(str(fids[j]) for j in idx)
                )
            )
        layer = ds.GetLayerByName("grids")
        defn = layer.GetLayerDefn()
        for g, idx in sorted(members.items()):
            geometry = shapely.union_all([geoms[j] for j in idx])
            feature = ogr.Feature(defn)
            feature.SetField("grid_id", ids[g])
            feature.SetField("nest", nests[idx[0]])
            feature.SetField("unit_count", len(idx))
            feature.SetField("population", int(sum(pops[j] for j in idx)))
            feature.SetGeometry(
                ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkb(shapely.to_wkb(geometry)))
            )
            layer.CreateFeature(feature)
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841


def build(folder: str) -> str:
    """The 10,000-grid project with 500 staff, their assignments and 100,000 feedback rows."""
    _paths()
    import device
    from datasets import UNIT_PARAMS, run_createproject, write_assignments
    from run import lattice_units

    os.makedirs(folder, exist_ok=True)
    units = lattice_units(os.path.join(folder, "team_units.gpkg"), N_SIDE)
    staff_csv = os.path.join(folder, "team_staff.csv")
    with open(staff_csv, "w", encoding="utf-8") as handle:
        handle.write("staff_id,name,role,capacity,phone,active\n")
        for k in range(STAFF):
            handle.write("T{:04d},员工{},agent,30000,139{:08d},1\n".format(k, k, k))
    project = os.path.join(folder, "team_project.gpkg")
    run_createproject(project, dict(UNIT_PARAMS, INPUT=units, STAFF=staff_csv))
    _grids(project)
    per = GRIDS // STAFF
    write_assignments(
        project,
        (("T{:04d}".format(g // per), "G{:05d}".format(g)) for g in range(GRIDS)),
        "2026-11-01T08:00:00Z",
    )
    device.add_feedback(
        project,
        FEEDBACK,
        seed=1,
        wal=False,
        values={"device_id": "office"},
        stamp="2026-11-20T09:00:00Z",
    )
    return project


def run(rows: list, folder: str) -> None:
    """Append the team-package benchmark rows (see the module docstring)."""
    _paths()
    import processing
    from harness import add_row, measure

    work = os.path.join(folder, "bench_team")
    project = build(work)
    label = "{:,} grids, {:,} units, {:,} feedback rows, {} staff".format(
        GRIDS, N_SIDE * N_SIDE, FEEDBACK, STAFF
    )

    def add(tool, m, note):
        add_row(rows, (60, 48), "createfieldpackages", label, tool, m, note)

    def team(name, zipped):
        out = os.path.join(work, name)
        m = measure(
            processing.run,
            "servicegrid:createfieldpackages",
            {
                "PROJECT": project,
                "STAFF_SELECTION": 0,
                "EXPIRES_DAYS": 30,
                "ZIP": zipped,
                "OUTPUT_FOLDER": out,
            },
        )
        assert m.result["PACKAGE_COUNT"] == STAFF, m.result
        size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out))
        return m, size

    m, size = team("packages", False)
    add(
        "createfieldpackages, all active staff",
        m,
        "{} packages ({:.0f} MB), registered; target ≤ {:.0f} s".format(STAFF, size / 1e6, TARGET),
    )
    m, size = team("zipped", True)
    add(
        "createfieldpackages, one zip per person",
        m,
        "{} zips with a README ({:.0f} MB)".format(STAFF, size / 1e6),
    )
    single = os.path.join(work, "single")
    os.makedirs(single)

    def one_by_one():
        for k in range(SINGLE):
            staff = "T{:04d}".format(k)
            processing.run(
                "servicegrid:createfieldpackage",
                {"PROJECT": project, "STAFF_ID": staff, "OUTPUT": os.path.join(single, staff)},
            )

    m = measure(one_by_one)
    add(
        "before: createfieldpackage, one run per staff id",
        m,
        "{} staff in {:.1f} s: {:.0f} s for {} staff at this rate".format(
            SINGLE, m.seconds, m.seconds * STAFF / SINGLE, STAFF
        ),
    )
