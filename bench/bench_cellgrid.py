"""Benchmark of ``servicegrid:buildcellgrid`` (docs/design/targets.md, grid division).

``run(rows, folder)``: 1,000,000 seeded random points with population (a dense city core on a
uniform background, 40 × 40 km) → 500 m squares, split where a cell holds more than
MAX_POPULATION, read from and written to GeoPackages through Processing. The baseline is what
stock QGIS offers for the same question: ``native:creategrid`` (500 m rectangles over the
points' extent) then ``native:countpointsinpolygon`` summing the population field, a fixed grid
without any split, also written to a GeoPackage.
"""

import os

import numpy as np
from harness import measure

N_POINTS = 1_000_000
SIDE = 40_000.0
ORIGIN = (400_000.0, 3_500_000.0)
CELL_SIZE = 500.0
MIN_CELL_SIZE = 125.0
MAX_POPULATION = 2_000


def random_points(folder: str, n: int = N_POINTS, seed: int = 11) -> str:
    """Write ``n`` points with a ``pop`` of 1–5 to a GeoPackage (CSV → GDAL, not timed)."""
    from osgeo import gdal

    gdal.UseExceptions()
    rng = np.random.default_rng(seed)
    core = n // 2
    xy = (
        np.concatenate(
            [
                np.clip(rng.normal(SIDE / 2, SIDE / 10, (core, 2)), 0, SIDE),
                rng.uniform(0, SIDE, (n - core, 2)),
            ]
        )
        + ORIGIN
    )
    pop = rng.integers(1, 6, n)
    csv = os.path.join(folder, "points.csv")
    with open(csv, "w", encoding="utf-8") as handle:
        handle.write("x,y,pop\n")
        np.savetxt(handle, np.column_stack([xy, pop]), fmt=["%.2f", "%.2f", "%d"], delimiter=",")
    path = os.path.join(folder, "points.gpkg")
    source = gdal.OpenEx(
        csv,
        gdal.OF_VECTOR,
        open_options=[
            "X_POSSIBLE_NAMES=x",
            "Y_POSSIBLE_NAMES=y",
            "KEEP_GEOM_COLUMNS=NO",
            "AUTODETECT_TYPE=YES",
        ],
    )
    gdal.VectorTranslate(
        path,
        source,
        format="GPKG",
        layerName="points",
        geometryType="POINT",
        dstSRS="EPSG:32650",
        srcSRS="EPSG:32650",
    )
    source = None
    os.remove(csv)
    return path + "|layername=points"


def _algorithm():
    """The registered algorithm id, or an instance before the provider lists it."""
    from qgis.core import QgsApplication

    if QgsApplication.processingRegistry().algorithmById("servicegrid:buildcellgrid"):
        return "servicegrid:buildcellgrid"
    from service_grid.algorithms.build_cell_grid import BuildCellGridAlgorithm

    return BuildCellGridAlgorithm()


def _stock_qgis(layer: str, folder: str) -> str:
    """native:creategrid + native:countpointsinpolygon (population summed)."""
    import processing

    extent = "{},{},{},{} [EPSG:32650]".format(
        ORIGIN[0], ORIGIN[0] + SIDE, ORIGIN[1], ORIGIN[1] + SIDE
    )
    grid = processing.run(
        "native:creategrid",
        {
            "TYPE": 2,
            "EXTENT": extent,
            "HSPACING": CELL_SIZE,
            "VSPACING": CELL_SIZE,
            "HOVERLAY": 0,
            "VOVERLAY": 0,
            "CRS": "EPSG:32650",
            "OUTPUT": os.path.join(folder, "stock_grid.gpkg"),
        },
    )["OUTPUT"]
    return processing.run(
        "native:countpointsinpolygon",
        {
            "POLYGONS": grid,
            "POINTS": layer,
            "WEIGHT": "pop",
            "CLASSFIELD": None,
            "FIELD": "population",
            "OUTPUT": os.path.join(folder, "stock_counts.gpkg"),
        },
    )["OUTPUT"]


def _total(path: str) -> int:
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(path, "counts", "ogr")
    return int(sum(f["population"] for f in layer.getFeatures()))


def run(rows: list, folder: str) -> None:
    """Time ours and the stock-QGIS baseline on the same points; append one result row."""
    import processing

    layer = random_points(folder)
    params = {
        "INPUT": layer,
        "POPULATION_FIELD": "pop",
        "CELL_SHAPE": 0,
        "CELL_SIZE": CELL_SIZE,
        "MIN_CELL_SIZE": MIN_CELL_SIZE,
        "MAX_POPULATION": MAX_POPULATION,
        "OUTPUT": os.path.join(folder, "cells.gpkg"),
    }
    ours = measure(processing.run, _algorithm(), params)
    stock = measure(_stock_qgis, layer, folder)
    label = "{:,} random points → {:g} m squares split above {:,} people ({:,} cells)".format(
        N_POINTS, CELL_SIZE, MAX_POPULATION, ours.result["CELL_COUNT"]
    )
    lost = ours.result["POPULATION"] - _total(stock.result)
    if lost:
        label += "; the fixed grid misses {:,} people on cell edges".format(lost)
    rows.append(
        (
            "buildcellgrid",
            label,
            ours.seconds,
            ours.peak_mb,
            "native:creategrid + native:countpointsinpolygon (fixed grid)",
            stock.seconds,
            stock.peak_mb,
        )
    )
    print(
        "{:<60} ours {:6.2f} s {:7.1f} MB | stock QGIS {:6.2f} s {:7.1f} MB".format(
            label, ours.seconds, ours.peak_mb, stock.seconds, stock.peak_mb
        )
    )
