"""``make bench``: benchmarks side by side with their baselines and peers, in one process.

Writes bench/results.md (the results table in the repository) from this run, then
docs/performance.md from it (scripts/performance_page.py).
- createproject (read → check → write the project GeoPackage with its embedded QGIS project)
  against QGIS's "Package layers" (native:package) copying the same input, the floor.
- buildcellgrid (bench_cellgrid.py) against native:creategrid + native:countpointsinpolygon.
- buildgrids (bench_grids.py): scale to 1M units, peers (GerryChain, PySAL spopt, QGIS
  k-means) and a real public dataset.
- buildgrids by demand and income (bench_demand.py): income-homogeneous grids against spopt's
  AZP and max-p, and two balance variables with income homogeneity at 100k and 1M units.
- syncfieldpackages (bench_sync.py): 100k new + 1k edited rows into a 100k-row project, the
  re-sync, against an OGR copy of the same rows (the floor).
- refreshfieldpackage (bench_refresh.py): one package refreshed end to end (its field work
  synced, a grid dropped, new visits in) on a project of 100k feedback rows and 5k visits.
- createfieldpackages (bench_team.py): 500 staff packages of a 10,000-grid project in one run,
  against one createfieldpackage run per staff id.
- staff assignment bounds (bench_bounds.py): which bound and which plan at 1,000 × 600 — the
  LP, the knapsack Lagrangian, subgradient steps, the Dantzig–Wolfe (pattern) formulation, and
  HiGHS's branch and bound for comparison (issue 17).
- exportstaffing (bench_workbook.py): the head-office workbook of 50,000 grids and 5,000
  staff against pandas DataFrame.to_excel of the same grids and staff tables.
- servicequality per person (bench_staff_quality.py): quality and training needs of 5,000
  staff from 1,000,000 feedback rows and 100,000 follow-up visits (target ≤ 5 s).
- GUI responsiveness (bench_freeze.py): the longest freeze of the GUI thread while the docks
  and a Processing-dialog-style task run.
- interleaving (bench_interleave.py): many seeded rounds of concurrent syncs, stores and edits
  with kill -9; rows lost, duplicated and silently overwritten.
- grid editor (bench_editor.py): a move of 100 units in a 10,000-unit project, panel to
  redraw, against stock QGIS's edit + dissolve.
- grid versions (bench_versions.py): save and compare two versions of a 100,000-unit project.
- field package basemap (bench_basemap.py): a staff member's offline basemap at zoom 15–18,
  against QGIS's native:tilesxyzmbtiles drawing the same layers and area.
``--quick`` stops the scale runs at 100k units. ``--only bench_x`` (or ``--only x``) runs that
one module and replaces (or adds) only its sections of results.md.
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
    from harness import new_units_layer
    from osgeo import ogr

    rng = np.random.default_rng(seed)
    size = 200.0
    xs = np.arange(n_side + 1) * size
    grid_x, grid_y = np.meshgrid(xs, xs)
    jitter = rng.uniform(-0.3, 0.3, size=(2,) + grid_x.shape) * size
    jitter[:, 0, :] = jitter[:, -1, :] = jitter[:, :, 0] = jitter[:, :, -1] = 0
    px, py = grid_x + jitter[0] + 400000, grid_y + jitter[1] + 3500000
    centre = n_side * size / 2
    ds, _srs, lyr = new_units_layer(path)
    ds.StartTransaction()
    defn = lyr.GetLayerDefn()
    for i in range(n_side):
        for j in range(n_side):
            ring = [
                (px[i, j], py[i, j]),
                (px[i, j + 1], py[i, j + 1]),
                (px[i + 1, j + 1], py[i + 1, j + 1]),
                (px[i + 1, j], py[i + 1, j]),
            ]
            wkt = "POLYGON(({}))".format(",".join("{} {}".format(x, y) for x, y in ring + ring[:1]))
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

    cases = [
        (
            "sample city (1,507 communities)",
            SAMPLE + "|layername=communities",
            {
                "POPULATION_FIELD": "population",
                "UNIT_ID_FIELD": "unit_id",
                "NEST_FIELD": "street_code",
            },
        )
    ]
    for n_side in (100, 316):
        layer = lattice_units(os.path.join(folder, "lattice{}.gpkg".format(n_side)), n_side)
        cases.append(
            (
                "jittered lattice ({:,} units)".format(n_side * n_side),
                layer,
                {"POPULATION_FIELD": "pop", "UNIT_ID_FIELD": "code", "NEST_FIELD": "street"},
            )
        )
    for k, (label, layer, fields) in enumerate(cases):
        ours = measure(
            processing.run,
            "servicegrid:createproject",
            dict(fields, INPUT=layer, OUTPUT=os.path.join(folder, "p{}.gpkg".format(k))),
        )
        floor = measure(
            processing.run,
            "native:package",
            {
                "LAYERS": [layer],
                "OUTPUT": os.path.join(folder, "f{}.gpkg".format(k)),
                "OVERWRITE": True,
            },
        )
        rows.append(
            (
                "createproject",
                label,
                ours.seconds,
                ours.peak_mb,
                "native:package (copy only)",
                floor.seconds,
                floor.peak_mb,
            )
        )
        print(
            "{:<40} ours {:6.2f} s {:7.1f} MB | native:package {:6.2f} s {:7.1f} MB".format(
                label, ours.seconds, ours.peak_mb, floor.seconds, floor.peak_mb
            )
        )


def write_results(rows: list, grid_rows: list, quick: bool, path: str = RESULTS) -> None:
    from bench_grids import COLUMNS
    from harness import cells, fmt, machine

    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py{}) on {} — {}.".format(
            " --quick" if quick else "", _dt.date.today().isoformat(), machine()
        ),
        "Times are wall-clock seconds of one run; memory is the peak resident memory above the",
        "process's level at the start of the run (MB). Peers and baselines run in the same",
        "process, on the same input, right after ours.",
        "",
        "## Speed against a baseline",
        "",
        "| benchmark | input | ours (s) | ours peak (MB) | baseline | baseline (s) "
        "| baseline peak (MB) | ours / baseline |",
        "|---|---|---:|---:|---|---:|---:|---:|",
    ]
    for name, label, sec, mb, peer, peer_sec, peer_mb in rows:
        lines.append(
            "| {} | {} | {:.2f} | {:.0f} | {} | {:.2f} | {:.0f} | {:.1f}× |".format(
                name, label, sec, mb, peer, peer_sec, peer_mb, sec / peer_sec if peer_sec else 0
            )
        )
    lines += [
        "",
        "For createproject the baseline only copies the features; we also check and "
        "repair them, write the full schema and embed the styled QGIS project. For "
        "buildcellgrid the baseline is a fixed grid with a point count, without splits.",
    ]
    sections = (
        (
            "buildgrids scale",
            "## Grid division at scale (end to end: read → grids → written GeoPackage)",
        ),
        ("buildgrids peers", "## Grid division against the peers (same input, grids of ~50 units)"),
        ("buildgrids real data", "## Grid division on real public data"),
    )
    for key, title in sections:
        chosen = [r for r in grid_rows if r["bench"] == key]
        if not chosen:
            continue
        lines += [
            "",
            title,
            "",
            "| input | tool | time (s) | peak (MB) | grids | population CV | min/mean "
            "| max/mean | within tolerance | non-contiguous | nest violations "
            "| mean Polsby–Popper | note |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for r in chosen:
            lines.append(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                    r["input"],
                    r["tool"],
                    *cells(r, COLUMNS),
                    r.get("note", "")
                    or (
                        "target = {:.0f}× the median unit".format(r["target_x_median"])
                        if "target_x_median" in r
                        else ""
                    ),
                )
            )
    lines += _demand_sections(grid_rows)
    others = [r for r in grid_rows if not r["bench"].startswith("buildgrids")]
    for bench in sorted(
        {r["bench"] for r in others}, key=lambda b: [r["bench"] for r in others].index(b)
    ):
        chosen = [r for r in others if r["bench"] == bench]
        extra = [
            k
            for k in ("objective", "gap", "coverage", "mean_distance", "freeze_ms")
            if any(k in r for r in chosen)
        ]
        lines += [
            "",
            "## {}".format(bench),
            "",
            "| input | tool | time (s) | peak (MB) | {}note |".format(
                "".join(k.replace("_", " ") + " | " for k in extra)
            ),
            "|---|---|---:|---:|{}---|".format("---:|" * len(extra)),
        ]
        for r in chosen:
            cells = [
                r.get("input", ""),
                r.get("tool", ""),
                fmt(r.get("seconds"), ".3f"),
                fmt(r.get("peak_mb"), ".0f"),
            ]
            for k in extra:
                value = r.get(k)
                cells.append(
                    fmt(value, ".4g") if isinstance(value, (int, float)) else (value or "–")
                )
            cells.append(r.get("note", "") or "")
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    print("→", path)


def _demand_sections(grid_rows: list) -> list:
    """The sections of bench_demand.py's rows, each with its own columns."""
    from bench_demand import SECTIONS
    from harness import cells

    lines = []
    for key, title, columns in SECTIONS:
        chosen = [r for r in grid_rows if r["bench"] == key]
        if not chosen:
            continue
        lines += [
            "",
            title,
            "",
            "| input | tool | {} | note |".format(" | ".join(h for _k, h, _s in columns)),
            "|---|---|{}---|".format("---:|" * len(columns)),
        ]
        specs = [(k, s) for k, _h, s in columns]
        for r in chosen:
            row_cells = [r["input"], r["tool"], *cells(r, specs), r.get("note", "") or ""]
            lines.append("| " + " | ".join(row_cells) + " |")
    return lines


def update_results(grid_rows: list) -> None:
    """``--only``: replace (or add) the sections of ``grid_rows`` in results.md."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, "results.md")
        write_results([], grid_rows, False, fresh)
        with open(fresh, encoding="utf-8") as handle:  # sections after the title and baselines
            new = handle.read().rstrip("\n").split("\n## ")[2:]
    with open(RESULTS, encoding="utf-8") as handle:
        old = handle.read().rstrip("\n").split("\n## ")
    for section in new:
        title = section.split("\n", 1)[0]
        found = [k for k, s in enumerate(old) if s.split("\n", 1)[0] == title]
        if found:
            old[found[0]] = section
        else:  # a new grid-division section goes after the others
            grids = [k for k, s in enumerate(old) if s.startswith(GRID_SECTIONS)]
            old.insert(grids[-1] + 1 if grids else len(old), section)
    # each section ends with one blank line before the next heading
    old = [section.rstrip("\n") + "\n" for section in old[:-1]] + old[-1:]
    with open(RESULTS, "w", encoding="utf-8") as handle:
        handle.write("\n## ".join(old) + "\n")
    print("→", RESULTS)


#: Titles of the grid-division sections (a new one is placed after them).
GRID_SECTIONS = ("Grid division", "Income-homogeneous grids", "Grids by demand and income")

#: The benchmark modules with ``run(rows, folder)``, in the order of results.md.
MODULES = (
    "bench_demand",
    "bench_allocate",
    "bench_bounds",
    "bench_siting",
    "bench_dock",
    "bench_sync",
    "bench_refresh",
    "bench_team",
    "bench_workbook",
    "bench_staff_quality",
    "bench_freeze",
    "bench_interleave",
    "bench_editor",
    "bench_versions",
    "bench_basemap",
)


def main() -> int:
    from qgis_session import load_plugin, start_qgis

    quick = "--quick" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    app = start_qgis()
    plugin = load_plugin()
    if only and not only.startswith("bench_"):
        only = "bench_" + only
    import bench_cellgrid
    import bench_grids

    rows = []
    grid_rows = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("SG_BENCH_TMP")) as folder:
        if only:  # one module, its sections replaced in results.md
            __import__(only).run(grid_rows, folder)
        else:
            bench_createproject(rows, folder)
            bench_cellgrid.run(rows, folder)
            bench_grids.scale(
                grid_rows, folder, sizes=(10_000, 100_000) if quick else bench_grids.SIZES_SCALE
            )
            bench_grids.peers(grid_rows, folder)
            bench_grids.real(grid_rows, folder)
            for name in MODULES:
                try:
                    module = __import__(name)
                except ImportError:
                    continue
                module.run(grid_rows, folder)
    if only:
        update_results(grid_rows)
    else:
        write_results(rows, grid_rows, quick)
    import performance_page

    performance_page.main([])
    plugin.unload()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
