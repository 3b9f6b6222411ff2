"""``make bench``: benchmarks side by side with their baselines, in one process.

Writes bench/results.md (the results table in the repository) from this run.
Issue 2: createproject (read → check → write the project GeoPackage with its embedded QGIS
project) against QGIS's own "Package layers" (native:package) copying the same input into a
GeoPackage, the floor for any tool that writes one.
"""

import datetime as _dt
import os
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RESULTS = os.path.join(ROOT, "bench", "results.md")
SAMPLE = os.path.join(ROOT, "resources", "sample", "sample_city.gpkg")


def lattice_units(path: str, n_side: int, seed: int = 7) -> str:
    """A jittered lattice of ``n_side²`` quadrilateral units with population (OGR, GPKG)."""
    from osgeo import ogr, osr

    rng = np.random.default_rng(seed)
    size = 200.0
    xs = np.arange(n_side + 1) * size
    grid_x, grid_y = np.meshgrid(xs, xs)
    jitter = rng.uniform(-0.3, 0.3, size=(2,) + grid_x.shape) * size
    jitter[:, 0, :] = jitter[:, -1, :] = jitter[:, :, 0] = jitter[:, :, -1] = 0
    px, py = grid_x + jitter[0] + 400000, grid_y + jitter[1] + 3500000
    centre = n_side * size / 2
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    lyr = ds.CreateLayer("units", srs, ogr.wkbPolygon)
    for name, kind in (("code", ogr.OFTString), ("pop", ogr.OFTInteger),
                       ("street", ogr.OFTString)):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    ds.StartTransaction()
    defn = lyr.GetLayerDefn()
    for i in range(n_side):
        for j in range(n_side):
            ring = [(px[i, j], py[i, j]), (px[i, j + 1], py[i, j + 1]),
                    (px[i + 1, j + 1], py[i + 1, j + 1]), (px[i + 1, j], py[i + 1, j])]
            wkt = "POLYGON(({}))".format(",".join("{} {}".format(x, y)
                                                  for x, y in ring + ring[:1]))
            dist = np.hypot(i * size - centre, j * size - centre)
            feature = ogr.Feature(defn)
            feature.SetField("code", "U{:07d}".format(i * n_side + j))
            feature.SetField("pop", int(200 + 8000 * np.exp(-dist / 3000) * rng.uniform(0.5, 1.5)))
            feature.SetField("street", "S{:02d}{:02d}".format(i * 8 // n_side, j * 8 // n_side))
            feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            lyr.CreateFeature(feature)
    ds.CommitTransaction()
    ds = None
    return path + "|layername=units"


def bench_createproject(rows: list, folder: str) -> None:
    import processing
    from harness import measure

    cases = [("sample city (1,419 communities)", SAMPLE + "|layername=communities",
              {"POPULATION_FIELD": "population", "UNIT_ID_FIELD": "unit_id",
               "NEST_FIELD": "street_code"})]
    for n_side in (100, 316):
        layer = lattice_units(os.path.join(folder, "lattice{}.gpkg".format(n_side)), n_side)
        cases.append(("jittered lattice ({:,} units)".format(n_side * n_side), layer,
                      {"POPULATION_FIELD": "pop", "UNIT_ID_FIELD": "code",
                       "NEST_FIELD": "street"}))
    for k, (label, layer, fields) in enumerate(cases):
        ours = measure(processing.run, "servicegrid:createproject",
                       dict(fields, INPUT=layer, OUTPUT=os.path.join(folder, "p{}.gpkg".format(k))))
        floor = measure(processing.run, "native:package",
                        {"LAYERS": [layer], "OUTPUT": os.path.join(folder, "f{}.gpkg".format(k)),
                         "OVERWRITE": True})
        rows.append(("createproject", label, ours.seconds, ours.peak_mb,
                     "native:package (copy only)", floor.seconds, floor.peak_mb))
        print("{:<40} ours {:6.2f} s {:7.1f} MB | native:package {:6.2f} s {:7.1f} MB".format(
            label, ours.seconds, ours.peak_mb, floor.seconds, floor.peak_mb))


def write_results(rows: list) -> None:
    from harness import machine

    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py) on {} — {}.".format(
            _dt.date.today().isoformat(), machine()),
        "Times are wall-clock seconds of one run; memory is the peak resident memory above the",
        "process's level at the start of the run (MB). Baselines run in the same process.",
        "",
        "| benchmark | input | ours (s) | ours peak (MB) | baseline | baseline (s) "
        "| baseline peak (MB) | ratio |",
        "|---|---|---:|---:|---|---:|---:|---:|",
    ]
    for name, label, sec, mb, peer, peer_sec, peer_mb in rows:
        lines.append("| {} | {} | {:.2f} | {:.0f} | {} | {:.2f} | {:.0f} | {:.1f}× |".format(
            name, label, sec, mb, peer, peer_sec, peer_mb, sec / peer_sec if peer_sec else 0))
    lines += ["", "Ratio = our time / baseline time (for createproject the baseline only copies "
              "the features; we also check and repair them, write the full schema and embed "
              "the styled QGIS project)."]
    with open(RESULTS, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    print("→", RESULTS)


def main() -> int:
    from qgis_session import load_plugin, start_qgis

    app = start_qgis()
    plugin = load_plugin()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        bench_createproject(rows, folder)
    write_results(rows)
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
