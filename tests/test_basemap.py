"""The offline basemap of a field package: tile plan and size bound (core), a real render by
QGIS into the package's GeoPackage tile table read back with GDAL, the size bound lowering the
zoom or refusing, and the package still opening in QGIS with the basemap at the bottom."""

import math
import os
import shutil

import pytest
from datasets import sql
from osgeo import gdal, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
)

from service_grid.algorithms.basemap import add_basemap
from service_grid.algorithms.core import basemap_plan as bp
from service_grid.algorithms.core.errors import InputError
from service_grid.algorithms.core.gpkg_tiles import tile_summary
from service_grid.algorithms.project_template import read_project

gdal.UseExceptions()


# ------------------------------------------------------------------ the plan (no QGIS)


def test_tile_bounds_and_cover_follow_the_web_map_scheme():
    assert bp.tile_bounds(0, 0, 0) == pytest.approx((-bp.WORLD, -bp.WORLD, bp.WORLD, bp.WORLD))
    # zoom 1: column 1, row 0 is the north-east quarter
    assert bp.tile_bounds(1, 1, 0) == pytest.approx((0, 0, bp.WORLD, bp.WORLD))
    assert bp.resolution(0) == pytest.approx(156543.03392804097)
    # a rectangle inside one tile at zoom 10 touches exactly that tile, at zoom 12 its 16
    xmin, ymin, xmax, ymax = bp.tile_bounds(10, 837, 410)
    inner = (xmin + 1, ymin + 1, xmax - 1, ymax - 1)
    assert bp.tiles_covering([inner], 10) == {(837, 410)}
    assert len(bp.tiles_covering([inner], 12)) == 16
    assert bp.lowest_zoom([inner]) == 10


def test_margin_grows_with_latitude():
    at_equator = bp.with_margin([(0, 0, 10, 10)], 100)[0]
    north = bp.tile_bounds(12, 3000, 1200)  # about 50 °N
    grown = bp.with_margin([north], 100)[0]
    assert at_equator[0] == pytest.approx(-100, rel=1e-3)
    assert north[0] - grown[0] > 150  # 100 m on the ground is ~155 map units at 50 °N


def test_plan_lowers_the_zoom_to_stay_within_the_bound():
    extents = [bp.tile_bounds(14, 13000, 6000)]
    counts = bp.count_tiles(bp.with_margin(extents), 12, 18)
    sizes = {z: 10_000 for z in range(0, 20)}
    full = bp.plan_basemap(extents, 18, 1000, sizes)
    assert full.max_zoom == 18 and not full.lowered
    assert full.tile_count == sum(n for z, n in counts.items() if z >= full.min_zoom)
    # a bound that holds everything up to zoom 16 but not 17
    upto16 = sum(n for z, n in counts.items() if full.min_zoom <= z <= 16) * 10_000
    plan = bp.plan_basemap(extents, 18, (upto16 + 5_000) / bp.MB, sizes)
    assert plan.max_zoom == 16 and plan.lowered and plan.requested_zoom == 18
    assert plan.estimated_bytes == upto16
    message = bp.lowered_message(18, 16, 1e9, (upto16 + 5_000) / bp.MB)
    assert "zoom 18 to zoom 16" in message and "zoom 17" in message
    assert "BASEMAP_MAX_MB" in message
    # the next level from the one drawn: its bytes per tile times the next level's tiles
    assert bp.next_level_bytes(1000, 4, 16) == 4000


def test_plan_refuses_when_even_the_coarsest_zoom_is_too_big():
    extents = [bp.tile_bounds(14, 13000, 6000)]
    with pytest.raises(InputError) as err:
        bp.plan_basemap(extents, 16, 0.001, {z: 50_000 for z in range(20)})
    assert "BASEMAP_MAX_MB" in str(err.value) and "BASEMAP_MAX_ZOOM" in str(err.value)
    with pytest.raises(InputError, match="BASEMAP_MAX_ZOOM"):
        bp.plan_basemap(extents, 25, 10)


def test_blocks_cover_every_tile_once():
    tiles = sorted(bp.tiles_covering([(0, 0, 40000, 30000)], 14))
    groups = bp.blocks(tiles, 4)
    covered = [
        (c, r)
        for c0, r0, nc, nr in groups
        for c in range(c0, c0 + nc)
        for r in range(r0, r0 + nr)
        if (c, r) in set(tiles)
    ]
    assert sorted(covered) == tiles and all(nc <= 4 and nr <= 4 for _c, _r, nc, nr in groups)


# ------------------------------------------------------------------ a real render


@pytest.fixture(scope="module")
def plain_package(two_staff_project, tmp_path_factory):
    """S01's package without a basemap (made once; each test works on a copy)."""
    import processing

    out = str(tmp_path_factory.mktemp("pkg") / "s01.gpkg")
    processing.run(
        "servicegrid:createfieldpackage",
        {"PROJECT": two_staff_project, "STAFF_ID": "S01", "OUTPUT": out},
    )
    return out


@pytest.fixture
def package(plain_package, tmp_path):
    copy = str(tmp_path / "s01.gpkg")
    shutil.copy(plain_package, copy)
    return copy


def _grids_extent_3857(path):
    layer = QgsVectorLayer(path + "|layername=grids", "g", "ogr")
    transform = QgsCoordinateTransform(
        layer.crs(), QgsCoordinateReferenceSystem("EPSG:3857"), QgsProject.instance()
    )
    return transform.transformBoundingBox(layer.extent())


def test_basemap_is_drawn_into_the_package(package, two_staff_project):
    feedback = QgsProcessingFeedback()
    before = os.path.getsize(package)
    result = add_basemap(package, None, 15, 20, feedback, project_path=two_staff_project)
    assert result.zoom == 15 and result.requested_zoom == 15
    summary = tile_summary(package)
    assert sorted(summary) == list(range(result.min_zoom, 16))
    assert sum(n for n, _b in summary.values()) == result.tiles > 0
    assert sum(b for _n, b in summary.values()) == result.bytes
    assert os.path.getsize(package) - before < 20 * bp.MB
    # GDAL reads one raster in EPSG:3857 whose overviews are the lower levels
    ds = gdal.Open("GPKG:{}:basemap".format(package))
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    assert srs.GetAuthorityCode(None) == "3857"
    assert ds.GetMetadataItem("ZOOM_LEVEL") == "15"
    assert ds.GetRasterBand(1).GetOverviewCount() == 15 - result.min_zoom
    x0, res, _r1, y0, _r2, _neg = ds.GetGeoTransform()
    assert res == pytest.approx(bp.resolution(15))
    x1, y1 = x0 + ds.RasterXSize * res, y0 - ds.RasterYSize * res
    grids = _grids_extent_3857(package)
    assert x0 <= grids.xMinimum() and x1 >= grids.xMaximum()
    assert y1 <= grids.yMinimum() and y0 >= grids.yMaximum()
    # the tiles hold the drawing: some pixels are neither white nor empty
    band = ds.GetRasterBand(1).GetOverview(0).ReadAsArray()
    assert band.min() < 250
    ds = None
    assert "tiles" in {k for (k,) in sql(package, "SELECT data_type FROM gpkg_contents")}


def test_package_opens_in_qgis_with_the_basemap_at_the_bottom(package, two_staff_project):
    add_basemap(package, None, 14, 20, QgsProcessingFeedback(), project_path=two_staff_project)
    moved = os.path.join(os.path.dirname(package), "renamed.gpkg")
    os.rename(package, moved)  # still opens under another name
    project = QgsProject()
    try:
        assert read_project(project, moved)
        layers = project.mapLayers().values()
        assert layers and all(layer.isValid() for layer in layers)
        order = [node.layer() for node in project.layerTreeRoot().findLayers()]
        bottom = order[-1]
        assert isinstance(bottom, QgsRasterLayer) and bottom.name() == "底图"
        assert bottom.source() == "GPKG:{}:basemap".format(moved)
        assert bottom.dataProvider().bandCount() >= 3
        assert bottom.extent().contains(_grids_extent_3857(moved))
    finally:
        project.removeAllMapLayers()
        project.clear()


def test_size_bound_lowers_the_zoom_with_a_message(package, two_staff_project):
    feedback = QgsProcessingFeedback()
    result = add_basemap(package, None, 18, 0.4, feedback, project_path=two_staff_project)
    assert result.zoom < 18 and result.bytes <= 0.4 * bp.MB
    assert "Basemap" in feedback.textLog() and "BASEMAP_MAX_MB" in feedback.textLog()
    assert max(tile_summary(package)) == result.zoom
    ds = gdal.Open("GPKG:{}:basemap".format(package))
    assert ds.GetMetadataItem("ZOOM_LEVEL") == str(result.zoom)


def test_size_bound_refuses_and_leaves_no_basemap(package, two_staff_project):
    tables = sql(package, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    with pytest.raises(InputError) as err:
        add_basemap(
            package, None, 16, 0.0005, QgsProcessingFeedback(), project_path=two_staff_project
        )
    assert "BASEMAP_MAX_MB" in str(err.value)
    after = sql(package, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    assert after == tables


def test_createfieldpackage_with_a_chosen_layer(two_staff_project, run_alg, tmp_path):
    out = str(tmp_path / "s01.gpkg")
    result = run_alg(
        "servicegrid:createfieldpackage",
        {
            "PROJECT": two_staff_project,
            "STAFF_ID": "S01",
            "OUTPUT": out,
            "BASEMAP_LAYERS": [two_staff_project + "|layername=units"],
            "BASEMAP_MAX_ZOOM": 14,
            "BASEMAP_MAX_MB": 10,
        },
    )
    assert result["BASEMAP_ZOOM"] == 14
    assert 0 < result["BASEMAP_MB"] <= 10
    stored = sum(b for _n, b in tile_summary(out).values())
    assert math.isclose(result["BASEMAP_MB"], stored / bp.MB, abs_tol=0.001)
    # without BASEMAP_MAX_ZOOM there is no basemap
    plain = str(tmp_path / "plain.gpkg")
    result = run_alg(
        "servicegrid:createfieldpackage",
        {"PROJECT": two_staff_project, "STAFF_ID": "S01", "OUTPUT": plain},
    )
    assert result["BASEMAP_ZOOM"] == 0 and result["BASEMAP_MB"] == 0
    assert not sql(plain, "SELECT 1 FROM sqlite_master WHERE name = 'basemap'")


def test_a_raster_layer_is_drawn_as_jpeg_tiles(package, tmp_path):
    """A planner's own raster (here a GeoTIFF in the project's UTM zone, as an orthophoto
    would be) is drawn into JPEG tiles; its colours come through."""
    import numpy as np

    from service_grid.algorithms.core.gpkg_tiles import BASEMAP_TABLE

    grids = QgsVectorLayer(package + "|layername=grids", "g", "ogr")
    extent = grids.extent()
    tif = str(tmp_path / "ortho.tif")
    ds = gdal.GetDriverByName("GTiff").Create(tif, 200, 200, 3, gdal.GDT_Byte)
    ds.SetGeoTransform(
        [
            extent.xMinimum() - 2000,
            (extent.width() + 4000) / 200,
            0,
            extent.yMaximum() + 2000,
            0,
            -(extent.height() + 4000) / 200,
        ]
    )
    ds.SetProjection(grids.crs().toWkt())
    for band, value in zip((1, 2, 3), (30, 140, 60)):  # green fields
        ds.GetRasterBand(band).WriteArray(np.full((200, 200), value, dtype=np.uint8))
    ds = None
    ortho = QgsRasterLayer(tif, "ortho", "gdal")
    assert ortho.isValid()
    result = add_basemap(package, [ortho], 14, 20, QgsProcessingFeedback())
    assert result.zoom == 14 and result.tiles > 0
    blobs = [b for (b,) in sql(package, "SELECT tile_data FROM {}".format(BASEMAP_TABLE))]
    assert blobs and all(bytes(b[:3]) == b"\xff\xd8\xff" for b in blobs)  # JPEG
    raster = gdal.Open("GPKG:{}:basemap".format(package))
    green = raster.GetRasterBand(2).ReadAsArray()
    red = raster.GetRasterBand(1).ReadAsArray()
    inside = (
        green[green.shape[0] // 2, green.shape[1] // 2],
        red[red.shape[0] // 2, red.shape[1] // 2],
    )
    assert abs(int(inside[0]) - 140) < 12 and abs(int(inside[1]) - 30) < 12


def test_an_xyz_layer_available_offline_is_drawn(package, tmp_path):
    """An XYZ tile layer (here tiles in a local folder, file:// — a web map works the same
    way while online) is drawn into the basemap like any other layer."""
    from qgis.PyQt.QtGui import QColor, QImage

    extents = bp.with_margin(bp.grid_extents_3857(package))
    for zoom in range(0, 15):
        for column, row in bp.tiles_covering(extents, zoom):
            folder = tmp_path / "xyz" / str(zoom) / str(column)
            folder.mkdir(parents=True, exist_ok=True)
            image = QImage(256, 256, QImage.Format.Format_RGB32)
            image.fill(QColor(200, 40, 40))  # red everywhere the grids are
            assert image.save(str(folder / "{}.png".format(row)))
    url = (tmp_path / "xyz").as_uri() + "/{z}/{x}/{y}.png"
    xyz = QgsRasterLayer("type=xyz&zmin=0&zmax=14&url=" + url, "local tiles", "wms")
    assert xyz.isValid(), xyz.error().summary()
    result = add_basemap(package, [xyz], 14, 20, QgsProcessingFeedback())
    assert result.zoom == 14 and result.tiles > 0
    raster = gdal.Open("GPKG:{}:basemap".format(package))
    middle = [
        int(raster.GetRasterBand(b).ReadAsArray()[raster.RasterYSize // 2, raster.RasterXSize // 2])
        for b in (1, 2, 3)
    ]
    assert abs(middle[0] - 200) < 12 and abs(middle[1] - 40) < 12 and abs(middle[2] - 40) < 12


def test_a_project_layer_drawn_as_the_processing_dialog_runs_it(two_staff_project, tmp_path):
    """The dialog runs the algorithm in a worker thread (QgsProcessingAlgRunnerTask) on a
    layer of the open project: copies made on the main thread are drawn, the layer on the map
    stays as it was."""
    from freeze import wait_for
    from processing.tools import dataobjects
    from qgis.core import QgsApplication, QgsProcessingAlgRunnerTask
    from qgis.PyQt.QtCore import QObject, pyqtSignal

    class Done(QObject):
        finished = pyqtSignal(bool, dict)

    project = QgsProject.instance()
    grids = QgsVectorLayer(two_staff_project + "|layername=grids", "grids", "ogr")
    project.addMapLayer(grids)
    try:
        out = str(tmp_path / "s01.gpkg")
        alg = QgsApplication.processingRegistry().createAlgorithmById(
            "servicegrid:createfieldpackage"
        )
        params = {
            "PROJECT": two_staff_project,
            "STAFF_ID": "S01",
            "OUTPUT": out,
            "BASEMAP_LAYERS": [grids.id()],
            "BASEMAP_MAX_ZOOM": 14,
        }
        feedback = QgsProcessingFeedback()
        context = dataobjects.createContext(feedback)
        done = Done()
        task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
        task.executed.connect(lambda ok, results: done.finished.emit(bool(ok), dict(results)))
        QgsApplication.taskManager().addTask(task)
        ok, results = wait_for(done.finished, 120)
        assert ok, feedback.textLog()
        assert results["BASEMAP_ZOOM"] == 14 and results["BASEMAP_MB"] > 0
        assert grids.isValid() and grids.thread() == project.thread()
    finally:
        project.removeMapLayer(grids.id())
    assert max(tile_summary(out)) == 14


def test_no_grids_or_a_zoom_out_of_range_is_refused_before_drawing(package):
    from osgeo import ogr

    with pytest.raises(InputError, match="BASEMAP_MAX_ZOOM"):
        add_basemap(package, None, 25, 10, QgsProcessingFeedback())
    ds = ogr.Open(package, 1)
    ds.ExecuteSQL("DELETE FROM grids")
    ds = None
    with pytest.raises(InputError, match="no grids"):
        add_basemap(package, None, 14, 10, QgsProcessingFeedback())
    assert not sql(package, "SELECT 1 FROM sqlite_master WHERE name = 'basemap'")
