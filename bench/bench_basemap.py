"""Benchmark of the field package's offline basemap (``algorithms.basemap.add_basemap``) against
QGIS's own "Generate XYZ tiles (MBTiles)" (``native:tilesxyzmbtiles``) drawing the same layers
over the same area and zoom levels.

``run(rows, folder)`` appends one dict per measurement:
{"bench": "field package basemap", "input", "tool", "seconds", "peak_mb", "note"}.

Set-up (not timed): a project made by ``servicegrid:createproject`` on a jittered lattice of
2,500 units (10 × 10 km near 31.6 °N), ``servicegrid:buildgrids`` (about 100 grids), ten staff
members with ten grids each, and the first staff member's package without a basemap.

Timed, each on a fresh copy of the package: the basemap of the whole project's units, grids and
outlets (the default) over the staff member's grids up to zoom 15, 16 and 17 with a 50 MB
bound, and up to zoom 18 with a 5 MB bound (lowered by the bound); and QGIS's MBTiles tiles of
the same three layers over the rectangle of the staff member's grids (with the same 300 m
margin) from the same lowest zoom up to 16.

Standalone: ``.venv/bin/python bench/bench_basemap.py`` (starts QGIS headless).
"""

import os
import shutil
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BENCH = "field package basemap"
STAFF = 10


def _paths():
    for path in (HERE, os.path.join(ROOT, "tests"), os.path.join(ROOT, "scripts")):
        if path not in sys.path:
            sys.path.insert(0, path)


def build(folder: str):
    """The project and the first staff member's package (no basemap)."""
    import processing

    _paths()
    from harness import staff_project

    project = staff_project(folder, "basemap", STAFF)
    package = os.path.join(folder, "plain", "B00.gpkg")
    os.makedirs(os.path.dirname(package))
    processing.run(
        "servicegrid:createfieldpackage", {"PROJECT": project, "STAFF_ID": "B00", "OUTPUT": package}
    )
    return project, package


def _copy(package: str, name: str) -> str:
    target = os.path.join(os.path.dirname(os.path.dirname(package)), name, "B00.gpkg")
    os.makedirs(os.path.dirname(target))
    shutil.copyfile(package, target)
    return target


def _mbtiles(project: str, extent, low: int, high: int, output: str):
    """QGIS's own tiles of the project's units, grids and outlets (the peer)."""
    import processing
    from qgis.core import (
        QgsApplication,
        QgsCoordinateReferenceSystem,
        QgsProcessingFeedback,
        QgsProject,
    )

    from service_grid.algorithms.basemap import project_layers

    registry = QgsApplication.processingRegistry()
    # Python in QGIS 3.22 (qgis:), C++ from 3.26 (native:)
    alg = next(
        a for a in ("native:tilesxyzmbtiles", "qgis:tilesxyzmbtiles") if registry.algorithmById(a)
    )
    layers = project_layers(project)
    instance = QgsProject.instance()
    crs = instance.crs()
    instance.setCrs(QgsCoordinateReferenceSystem("EPSG:3857"))  # 3.22 reads EXTENT in it
    instance.addMapLayers(layers)
    try:
        processing.run(
            alg,
            {
                # QGIS's extent strings are xmin, xmax, ymin, ymax
                "EXTENT": "{},{},{},{} [EPSG:3857]".format(
                    extent[0], extent[2], extent[1], extent[3]
                ),
                "ZOOM_MIN": low,
                "ZOOM_MAX": high,
                "DPI": 96,
                "TILE_FORMAT": 0,  # PNG
                "OUTPUT_FILE": output,
            },
            feedback=QgsProcessingFeedback(),
        )
    finally:
        instance.removeMapLayers([layer.id() for layer in layers])
        instance.setCrs(crs)
    con = sqlite3.connect(output)
    try:
        return con.execute("SELECT COUNT(*), SUM(LENGTH(tile_data)) FROM tiles").fetchone()
    finally:
        con.close()


def run(rows: list, folder: str) -> None:
    """Append the basemap benchmark rows (see the module docstring)."""
    _paths()
    from harness import add_row, measure
    from qgis.core import QgsProcessingFeedback

    from service_grid.algorithms.basemap import add_basemap
    from service_grid.algorithms.core import basemap_plan as bp

    work = os.path.join(folder, "bench_basemap")
    project, package = build(work)
    grids = len(bp.grid_extents_3857(package))
    label = "{} grids of one staff member (2,500-unit project, 10 × 10 km)".format(grids)

    def add(tool, m, note):
        add_row(rows, (60, 48), BENCH, label, tool, m, note)

    for zoom, limit in ((15, 50), (16, 50), (17, 50), (18, 5)):
        copy = _copy(package, "z{}_{}".format(zoom, limit))
        m = measure(add_basemap, copy, None, zoom, limit, QgsProcessingFeedback(), project)
        r = m.result
        add(
            "add_basemap, zoom ≤ {}, bound {} MB".format(zoom, limit),
            m,
            "zoom {}–{}, {:,} tiles, {:.2f} MB{}".format(
                r.min_zoom,
                r.zoom,
                r.tiles,
                r.mb,
                " (lowered by the bound)" if r.zoom < zoom else "",
            ),
        )
        if zoom == 16:
            low = r.min_zoom
    extents = bp.with_margin(bp.grid_extents_3857(package))
    box = (
        min(e[0] for e in extents),
        min(e[1] for e in extents),
        max(e[2] for e in extents),
        max(e[3] for e in extents),
    )
    out = os.path.join(work, "peer.mbtiles")
    m = measure(_mbtiles, project, box, low, 16, out)
    count, size = m.result
    add(
        "QGIS's tilesxyzmbtiles, zoom {}–16 (peer)".format(low),
        m,
        "{:,} tiles, {:.2f} MB; the whole rectangle, every tile kept".format(count, size / 1e6),
    )


if __name__ == "__main__":
    _paths()
    from qgis_session import load_plugin, start_qgis

    app = start_qgis()
    plugin = load_plugin()
    import tempfile

    results: list = []
    with tempfile.TemporaryDirectory() as tmp:
        run(results, tmp)
    for row in results:
        print(row)
