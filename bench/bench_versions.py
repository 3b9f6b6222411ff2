"""Benchmark of grid versions: save and compare two versions of a 100,000-unit project
(target: comparing ≤ 5 s, docs/design/targets.md).

``run(rows, folder)`` appends one dict per measurement:
{"bench": "grid versions", "input", "tool", "seconds", "peak_mb", "note"}.

Set-up (not timed): a project GeoPackage made with the core's own writer
(``gpkg.create_project_gpkg``) and filled through OGR: a jittered lattice of 100,000 units
(``generate.lattice``) in blocks of 7 × 7 units as grids (about 2,000) and blocks of 5 × 5
grids as nests. Version 1 is saved; then 10 % of the units move to the next grid of their
row and 20 grids get new ids (created and retired), and version 2 is saved.

Timed:
* ``save_version`` of the 100,000-unit division (units' grids and grids' rows copied);
* ``compare_versions`` of version 1 and version 2, and of version 1 and the current division
  (target ≤ 5 s each);
* ``servicegrid:comparegridversions`` end to end: the comparison, the layer of the ~10,000
  changed units on their polygons written to a GeoPackage, the HTML report (with QGIS only).

Standalone: ``.venv/bin/python bench/bench_versions.py [--units N]`` (no QGIS needed: the
algorithm is left out).
"""

import os
import sys
import uuid

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
UNITS = 100_000
BLOCK = 7
NEST_BLOCK = 5
TARGET_SECONDS = 5.0
BENCH = "grid versions"


def _core():
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    from harness import import_package

    import_package()
    from service_grid.algorithms.core import gpkg
    from service_grid.algorithms.core.division import compare, versions

    return gpkg, versions, compare


def build(path: str, n_units: int = UNITS, seed: int = 5) -> dict:
    """The synthetic project (see the module docstring); its sizes."""
    import generate
    import shapely
    from osgeo import ogr, osr

    gpkg, _versions, _compare = _core()
    geoms, pop = generate.lattice(n_units, seed=seed)
    n_side = int(round(np.sqrt(len(geoms))))
    i, j = np.divmod(np.arange(len(geoms)), n_side)
    bi, bj = i // BLOCK, j // BLOCK
    blocks = (n_side + BLOCK - 1) // BLOCK
    grid_of = ["G{:03d}{:03d}".format(a, b) for a, b in zip(bi, bj)]
    nest_of = ["N{:02d}{:02d}".format(a, b) for a, b in zip(bi // NEST_BLOCK, bj // NEST_BLOCK)]
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    meta = {"created_with": "bench_versions", "project_id": str(uuid.UUID(int=seed))}
    gpkg.create_project_gpkg(path, srs.ExportToWkt(), {}, meta)
    wkbs = shapely.to_wkb(shapely.transform(geoms, lambda xy: xy + [400000, 3500000]))
    ds = ogr.Open(path, 1)
    try:
        lyr = ds.GetLayerByName("units")
        defn = lyr.GetLayerDefn()
        ds.StartTransaction()
        for k, wkb in enumerate(wkbs):
            f = ogr.Feature(defn)
            f.SetField("unit_id", "U{:07d}".format(k))
            f.SetField("name", "社区{}".format(k))
            f.SetField("nest", nest_of[k])
            f.SetField("population", int(pop[k]))
            f.SetField("grid_id", grid_of[k])
            f.SetGeometryDirectly(ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkb(wkb)))
            lyr.CreateFeature(f)
        ds.CommitTransaction()
        lyr = ds.GetLayerByName("grids")
        defn = lyr.GetLayerDefn()
        cell = 200.0
        ds.StartTransaction()
        for a in range(blocks):
            for b in range(blocks):
                members = (bi == a) & (bj == b)
                f = ogr.Feature(defn)
                f.SetField("grid_id", "G{:03d}{:03d}".format(a, b))
                f.SetField("nest", "N{:02d}{:02d}".format(a // NEST_BLOCK, b // NEST_BLOCK))
                f.SetField("unit_count", int(members.sum()))
                f.SetField("population", int(pop[members].sum()))
                f.SetField("locked", 0)
                x0, y0 = 400000 + b * BLOCK * cell, 3500000 + a * BLOCK * cell
                x1, y1 = x0 + BLOCK * cell, y0 + BLOCK * cell
                f.SetGeometry(
                    ogr.CreateGeometryFromWkt(
                        "MULTIPOLYGON((({0} {1},{2} {1},{2} {3},{0} {3},{0} {1})))".format(
                            x0, y0, x1, y1
                        )
                    )
                )
                lyr.CreateFeature(f)
        ds.CommitTransaction()
    finally:
        ds = None
    return {"units": len(geoms), "grids": blocks * blocks}


def change(path: str, blocks: int) -> None:
    """10 % of the units to the next grid of their row (``blocks`` grids a row); 20 grids
    renamed (not timed)."""
    from osgeo import gdal

    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    try:
        ds.StartTransaction()
        ds.ExecuteSQL(
            "UPDATE units SET grid_id = substr(grid_id, 1, 4) || "
            "printf('%03d', (CAST(substr(grid_id, 5, 3) AS INTEGER) + 1) % {}) "
            "WHERE fid % 10 = 0".format(blocks)
        )
        renamed = "SELECT grid_id FROM grids ORDER BY grid_id LIMIT 20 OFFSET 100"
        ds.ExecuteSQL(
            "UPDATE units SET grid_id = 'R' || grid_id WHERE grid_id IN ({})".format(renamed)
        )
        ds.ExecuteSQL(
            "UPDATE grids SET grid_id = 'R' || grid_id WHERE grid_id IN ({})".format(renamed)
        )
        ds.CommitTransaction()
    finally:
        ds = None


def _measure(func, *args, **kwargs):
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    from harness import measure

    return measure(func, *args, **kwargs)


def run(rows: list, folder: str, n_units: int = UNITS) -> None:
    """Append the versions benchmark rows (see the module docstring)."""
    from harness import add_row

    _gpkg, versions, compare = _core()
    work = os.path.join(folder, "bench_versions")
    os.makedirs(work, exist_ok=True)
    project = os.path.join(work, "project.gpkg")
    sizes = build(project, n_units)
    label = "{:,} units, {:,} grids".format(sizes["units"], sizes["grids"])
    widths = (28, 58)

    def add(tool, m, note):
        add_row(rows, widths, BENCH, label, tool, m, note)

    m = _measure(versions.save_version, project, "v1")
    add("save_version (core)", m, "units' grids and grids' rows copied in one transaction")
    change(project, int(round(np.sqrt(sizes["grids"]))))
    versions.save_version(project, "v2")
    m = _measure(compare.compare_versions, project, "v1", "v2")
    result = m.result
    note = "{:,} units changed grid, {} grids created, {} retired; target ≤ {:.0f} s".format(
        result.units_changed, len(result.grids_created), len(result.grids_retired), TARGET_SECONDS
    )
    add("compare_versions v1 → v2 (core)", m, note)
    m = _measure(compare.compare_versions, project, "v1")
    add("compare_versions v1 → current (core)", m, note)
    try:
        import processing
    except ImportError:
        processing = None
    if processing is not None:
        params = {
            "PROJECT": project,
            "VERSION_A": "v1",
            "VERSION_B": "v2",
            "OUTPUT": os.path.join(work, "changes.gpkg"),
            "OUTPUT_REPORT": os.path.join(work, "report.html"),
        }
        m = _measure(processing.run, "servicegrid:comparegridversions", params)
        add(
            "comparegridversions (algorithm)",
            m,
            "end to end: the comparison, {:,} changed units with their polygons written to a "
            "GeoPackage, the HTML report".format(int(m.result["UNITS_CHANGED"])),
        )
    import shutil

    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    import tempfile

    n = int(sys.argv[sys.argv.index("--units") + 1]) if "--units" in sys.argv else UNITS
    found: list = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("SG_BENCH_TMP")) as tmp:
        run(found, tmp, n_units=n)
