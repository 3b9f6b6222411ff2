"""servicegrid:buildcellgrid: the cell core without QGIS, then the algorithm on real
GeoPackages (points, polygons, a geographic CRS, the sample city, bad input, cancel)."""

import os
import re

import numpy as np
import pytest
import shapely
from conftest import SAMPLE
from datasets import FeedbackRecorder, square, write_layer
from osgeo import ogr
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from service_grid.algorithms.build_cell_grid import BuildCellGridAlgorithm
from service_grid.algorithms.core import cellgrid
from service_grid.algorithms.core.cellgrid import (
    CellInput,
    Region,
    build_cell_grid,
    largest_remainder,
)
from service_grid.algorithms.core.errors import CancelledError, InputError
from service_grid.algorithms.core.tables import RawTable

ID = re.compile(
    r"^(?:(?P<nest>.+)-)?C(?P<level>\d+)-(?P<row>\d{3,})-(?P<col>\d{3,})"
    r"(?P<part>[a-z]*)$"
)
X0, Y0 = 400000.0, 3500000.0


def _points(xy, population, income=None):
    return CellInput(
        "point",
        np.asarray(population, dtype=float),
        None,
        None if income is None else np.asarray(income, dtype=float),
        xy=np.asarray(xy, dtype=float).reshape(-1, 2),
    )


def _box_region(x0=X0, y0=Y0, width=4000.0, height=4000.0, nest=None):
    return Region(nest, shapely.box(x0, y0, x0 + width, y0 + height))


def _random_points(n=20000, seed=5, width=4000.0):
    rng = np.random.default_rng(seed)
    dense = n // 2
    xy = np.concatenate(
        [rng.normal(width * 0.3, width * 0.06, (dense, 2)), rng.uniform(0, width, (n - dense, 2))]
    )
    xy = np.clip(xy, 0, width) + [X0, Y0]
    return xy, rng.integers(0, 8, n)


def _levels(grid):
    return np.array([int(ID.match(i).group("level")) for i in grid.columns["grid_id"]])


def _assert_tiles(grid, boundary):
    """No gap, no overlap: areas add up to the boundary's and the union is the boundary."""
    areas = shapely.area(grid.geometries)
    assert areas.sum() == pytest.approx(boundary.area, rel=1e-9)
    union = shapely.union_all(grid.geometries)
    assert shapely.symmetric_difference(union, boundary).area < 1e-6 * boundary.area
    left, right = shapely.STRtree(grid.geometries).query(grid.geometries, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(
        shapely.intersection(grid.geometries[left[pairs]], grid.geometries[right[pairs]])
    )
    assert overlap.sum() < 1e-6 * boundary.area


# ------------------------------------------------------------------ core: splitting


@pytest.mark.parametrize("shape", ["square", "hexagon"])
def test_population_is_conserved_exactly(shape):
    xy, pop = _random_points()
    grid = build_cell_grid(_points(xy, pop), [_box_region()], shape, 1000, 125, 800)
    assert sum(grid.columns["population"]) == pop.sum() == grid.population
    assert sum(grid.columns["unit_count"]) == len(pop)
    assert all(isinstance(v, int) for v in grid.columns["population"])
    assert grid.outside == 0


def test_quadtree_splits_only_where_needed_and_stops_at_min_size():
    rng = np.random.default_rng(8)
    xy = np.concatenate(
        [rng.uniform(0, 4000, (2000, 2)), np.clip(rng.normal(1200, 150, (20000, 2)), 0, 4000)]
    ) + [X0, Y0]
    pop = np.ones(len(xy))
    data = _points(xy, pop)
    grid = build_cell_grid(data, [_box_region()], "square", 1000, 125, 800)
    levels = _levels(grid)
    assert set(levels) == {0, 1, 2, 3}  # 1000, 500, 250, 125 m
    sizes = 1000 / 2.0**levels
    bounds = shapely.bounds(grid.geometries)
    assert np.allclose(bounds[:, 2] - bounds[:, 0], sizes)  # whole squares of their level
    population = np.array(grid.columns["population"])
    # a cell is only ever over the maximum at the minimum size
    assert np.all((population <= 800) | (levels == 3))
    assert grid.still_over == int(np.sum(population > 800))
    # every split cell was over the maximum: its parent square holds more than 800 people
    for k in np.flatnonzero(levels > 0):
        parent_size = 2 * sizes[k]
        x0 = X0 + np.floor((bounds[k, 0] - X0) / parent_size) * parent_size
        y0 = Y0 + np.floor((bounds[k, 1] - Y0) / parent_size) * parent_size
        inside = (
            (xy[:, 0] >= x0)
            & (xy[:, 0] < x0 + parent_size)
            & (xy[:, 1] >= y0)
            & (xy[:, 1] < y0 + parent_size)
        )
        assert pop[inside].sum() > 800
    # the dense corner is split, the empty side is not
    assert levels[population == population.max()][0] >= 2
    assert np.all(levels[bounds[:, 0] >= X0 + 3000] == 0)


def test_no_split_when_max_population_is_zero_or_min_equals_cell():
    xy, pop = _random_points(2000)
    for max_pop, min_size in ((0, 125), (10, 1000)):
        grid = build_cell_grid(_points(xy, pop), [_box_region()], "square", 1000, min_size, max_pop)
        assert len(grid) == 16 and set(_levels(grid)) == {0}


def test_one_crowded_point_splits_down_to_the_minimum_only():
    grid = build_cell_grid(
        _points([[X0 + 10, Y0 + 10]], [50000]), [_box_region()], "square", 1000, 250, 10000
    )
    assert grid.still_over == 1
    assert min(grid.columns["area_km2"]) == pytest.approx(0.0625)
    assert len(grid) == 16 - 1 + 3 + 4  # one 1 km cell → 3 × 500 m + 4 × 250 m
    assert sum(grid.columns["population"]) == 50000


@pytest.mark.parametrize("shape", ["square", "hexagon"])
def test_cells_tile_an_irregular_boundary(shape):
    boundary = (
        shapely.Point(X0 + 2000, Y0 + 2000)
        .buffer(1900)
        .difference(shapely.box(X0 + 1500, Y0 + 1500, X0 + 2100, Y0 + 2300))
    )
    xy, pop = _random_points(30000)
    grid = build_cell_grid(_points(xy, pop), [Region(None, boundary)], shape, 1000, 125, 600)
    assert len(set(_levels(grid))) >= 3
    _assert_tiles(grid, boundary)
    inside = shapely.intersects(boundary, shapely.points(xy))
    assert sum(grid.columns["population"]) == pop[inside].sum()
    assert grid.outside == pop[~inside].sum()
    assert all(a > 0 for a in grid.columns["area_km2"])


def test_hexagons_are_pointy_topped_and_refine_by_half():
    region = _box_region(width=6000, height=6000)
    xy = [[X0 + 3000, Y0 + 3000]] * 4
    grid = build_cell_grid(_points(xy, [3000] * 4), [region], "hexagon", 2000, 1000, 5000)
    levels = _levels(grid)
    whole = [
        g
        for g, k in zip(grid.geometries, levels)
        if k == 1 and abs(g.area - np.sqrt(3) / 2 * 1000**2) < 1e-3
    ]
    assert whole, "a whole half-size hexagon"
    hexagon = whole[0].geoms[0]
    minx, miny, maxx, maxy = hexagon.bounds
    assert maxx - minx == pytest.approx(1000)  # across the flats
    assert maxy - miny == pytest.approx(2000 / np.sqrt(3))  # vertex to vertex, north-south
    _assert_tiles(grid, region.geometry)


def test_split_hexagons_next_to_each_other_give_whole_children():
    region = _box_region(width=20000, height=20000)
    rng = np.random.default_rng(2)
    xy = rng.uniform([X0, Y0], [X0 + 20000, Y0 + 20000], (40000, 2))
    grid = build_cell_grid(_points(xy, np.ones(len(xy))), [region], "hexagon", 2000, 1000, 300)
    levels = _levels(grid)
    # everything splits: inside the box, level-1 cells are whole hexagons, not halves
    interior = shapely.contains_properly(
        shapely.box(X0 + 1500, Y0 + 1500, X0 + 18500, Y0 + 18500), grid.geometries
    )
    assert np.all(levels[interior] == 1)
    assert np.allclose(shapely.area(grid.geometries[interior]), np.sqrt(3) / 2 * 1000**2)
    _assert_tiles(grid, region.geometry)


# ------------------------------------------------------------------ core: aggregation


def test_points_on_edges_and_corners_count_once():
    # 1 km squares from (X0, Y0): points exactly on a vertical edge, a horizontal edge, the
    # shared corner of four cells, the outer boundary and a boundary corner
    xy = [
        [X0 + 1000, Y0 + 3500],
        [X0 + 500, Y0 + 3000],
        [X0 + 1000, Y0 + 3000],
        [X0, Y0 + 200],
        [X0 + 4000, Y0 + 4000],
    ]
    grid = build_cell_grid(
        _points(xy, [1, 10, 100, 1000, 10000]), [_box_region()], "square", 1000, 1000, 0
    )
    pop = dict(zip(grid.columns["grid_id"], grid.columns["population"]))
    assert sum(pop.values()) == 11111
    assert pop["C0-000-000"] == 1 + 10 + 100  # western, then northern cell wins
    assert pop["C0-003-000"] == 1000
    assert pop["C0-000-003"] == 10000
    again = build_cell_grid(
        _points(xy, [1, 10, 100, 1000, 10000]), [_box_region()], "square", 1000, 1000, 0
    )
    assert again.columns == grid.columns


def test_polygons_are_shared_by_area_and_income_is_weighted():
    # one polygon half in each of two cells, one inside the first cell only
    polygons = np.array(
        [
            shapely.MultiPolygon([shapely.box(X0 + 500, Y0 + 100, X0 + 1500, Y0 + 900)]),
            shapely.MultiPolygon([shapely.box(X0 + 100, Y0 + 100, X0 + 300, Y0 + 300)]),
        ],
        dtype=object,
    )
    data = CellInput(
        "polygon",
        np.array([1001.0, 500.0]),
        np.array([301.0, 100.0]),
        np.array([30000.0, 60000.0]),
        polygons=polygons,
    )
    grid = build_cell_grid(data, [_box_region(width=2000, height=1000)], "square", 1000, 500, 0)
    cols = grid.columns
    assert cols["grid_id"] == ["C0-000-000", "C0-000-001"]
    assert cols["population"] == [1001, 500] or cols["population"] == [1000, 501]
    assert sum(cols["population"]) == 1501 and sum(cols["households"]) == 401
    assert cols["unit_count"] == [2, 1]
    assert cols["income"][0] == pytest.approx((500.5 * 30000 + 500 * 60000) / 1000.5)
    assert cols["income"][1] == pytest.approx(30000)
    assert cols["area_km2"] == [pytest.approx(1.0), pytest.approx(1.0)]
    assert cols["density"][1] == pytest.approx(cols["population"][1])


def test_income_is_null_without_people():
    grid = build_cell_grid(
        _points([[X0 + 10, Y0 + 10]], [5], [40000]),
        [_box_region(width=2000, height=1000)],
        "square",
        1000,
        1000,
        0,
    )
    assert grid.columns["income"] == [pytest.approx(40000), None]


def test_polygon_parts_outside_the_boundary_are_not_counted():
    polygons = np.array(
        [shapely.MultiPolygon([shapely.box(X0 - 1000, Y0, X0 + 1000, Y0 + 1000)])], dtype=object
    )
    data = CellInput("polygon", np.array([1000.0]), polygons=polygons)
    grid = build_cell_grid(data, [_box_region(width=1000, height=1000)], "square", 1000, 1000, 0)
    assert grid.columns["population"] == [500] and grid.population == 500
    assert grid.outside == pytest.approx(500)


def test_largest_remainder_keeps_the_total():
    values = np.array([0.5, 0.5, 0.5, 1.25, 2.25])
    result = largest_remainder(values)
    assert result.sum() == 5 and list(result) == [1, 1, 0, 1, 2]
    assert np.all((result == np.floor(values)) | (result == np.ceil(values)))
    rng = np.random.default_rng(0)
    values = rng.uniform(0, 100, 1000)
    values *= 12345 / values.sum()
    assert largest_remainder(values).sum() == 12345


def test_several_boundaries_give_nests_and_cells_never_cross():
    regions = [_box_region(width=2500, nest="S1"), _box_region(x0=X0 + 2500, width=1500, nest="S2")]
    xy, pop = _random_points(5000)
    grid = build_cell_grid(_points(xy, pop), regions, "square", 1000, 250, 400)
    assert set(grid.columns["nest"]) == {"S1", "S2"}
    for gid, nest, geom in zip(grid.columns["grid_id"], grid.columns["nest"], grid.geometries):
        assert ID.match(gid).group("nest") == nest
        assert regions[0 if nest == "S1" else 1].geometry.buffer(1e-6).covers(geom)
    assert len(set(grid.columns["grid_id"])) == len(grid)
    assert sum(grid.columns["population"]) == pop.sum()


def test_boundary_pieces_get_letters_and_ids_are_unique():
    boundary = shapely.box(X0, Y0, X0 + 1000, Y0 + 1000).difference(
        shapely.box(X0 + 400, Y0 - 1, X0 + 600, Y0 + 1001)
    )  # a lattice cell cut in two
    grid = build_cell_grid(
        _points([[X0 + 100, Y0 + 100]], [3]), [Region(None, boundary)], "square", 1000, 1000, 0
    )
    assert grid.columns["grid_id"] == ["C0-000-000a", "C0-000-000b"]
    assert grid.columns["population"] == [3, 0]


def test_prepare_boundary_dissolves_by_id_and_resolves_overlaps():
    raw = RawTable(
        "streets",
        [1, 2, 3],
        {"nest": ["S10", "S2", "S2"]},
        {},
        [shapely.box(0, 0, 10, 10), shapely.box(5, 0, 15, 10), shapely.box(15, 0, 20, 10)],
    )
    regions, notes = cellgrid.prepare_boundary(raw)
    assert [r.nest for r in regions] == ["S2", "S10"]
    assert regions[0].geometry.area == 150 and regions[1].geometry.area == 50
    assert any("overlap" in note for note in notes)


def test_bad_values_name_the_features():
    raw = RawTable(
        "pts",
        [7, 8, 9],
        {"population": [5, -2, "n/a"]},
        {"population": "pop"},
        [shapely.Point(0, 0)] * 3,
    )
    with pytest.raises(InputError, match="fid 9"):
        cellgrid.prepare_cell_input(raw, "point")
    raw.columns["population"] = [5, -2, None]
    with pytest.raises(InputError, match="fid 9"):
        cellgrid.prepare_cell_input(raw, "point")
    raw.columns["population"] = [5, -2, 1]
    with pytest.raises(InputError, match="fid 8"):
        cellgrid.prepare_cell_input(raw, "point")


def test_multi_points_share_their_population_and_missing_points_are_refused():
    raw = RawTable(
        "pts",
        [1, 2],
        {"population": [10, 5]},
        {"population": "pop"},
        [shapely.MultiPoint([(0, 0), (1, 1)]), shapely.Point(2, 2)],
    )
    data = cellgrid.prepare_cell_input(raw, "point")
    assert data.xy.tolist() == [[0, 0], [1, 1], [2, 2]]
    assert data.population.tolist() == [5, 5, 5]
    assert data.notes
    raw.geometries = [None, shapely.to_wkb(shapely.Point(2, 2))]
    with pytest.raises(InputError, match="without a location: fid 1\\. "):
        cellgrid.prepare_cell_input(raw, "point")


def test_a_point_on_a_dropped_sliver_goes_to_the_nearest_cell():
    # the boundary reaches 0.1 µm into the next column: that piece is rounding noise
    region = Region(None, shapely.box(X0, Y0, X0 + 1000 + 1e-7, Y0 + 1000))
    grid = build_cell_grid(
        _points([[X0 + 1000 + 5e-8, Y0 + 500]], [7]), [region], "square", 1000, 1000, 0
    )
    assert grid.columns["grid_id"] == ["C0-000-000"]
    assert grid.columns["population"] == [7] and grid.outside == 0


def test_too_many_cells_suggests_a_size():
    with pytest.raises(InputError, match=r"at least 5\b") as info:
        build_cell_grid(
            _points([[X0, Y0]], [1]), [_box_region(width=10000, height=10000)], "square", 1, 1, 0
        )
    assert "5,000,000" in str(info.value)
    xy, pop = _random_points(1000)
    with pytest.raises(InputError, match="Raise the minimum cell size"):
        build_cell_grid(_points(xy, pop), [_box_region()], "square", 1000, 1, 10, max_cells=100)


def test_min_size_above_cell_size_is_refused():
    with pytest.raises(InputError, match="larger than the cell size"):
        build_cell_grid(_points([[X0, Y0]], [1]), [_box_region()], "square", 500, 1000, 10)


def test_cancel_stops_the_core():
    xy, pop = _random_points(1000)
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(CancelledError):
        build_cell_grid(
            _points(xy, pop), [_box_region()], "square", 1000, 125, 100, is_canceled=cancelled
        )


def test_million_points_in_seconds():
    import time

    rng = np.random.default_rng(9)
    n = 1_000_000
    xy = np.concatenate(
        [rng.normal(20000, 4000, (n // 2, 2)), rng.uniform(0, 40000, (n - n // 2, 2))]
    ) + [X0, Y0]
    pop = rng.integers(1, 6, n)
    data = _points(xy, pop)
    started = time.perf_counter()
    grid = build_cell_grid(data, cellgrid.default_boundary(data, 500), "square", 500, 62.5, 2000)
    assert time.perf_counter() - started < 20
    assert sum(grid.columns["population"]) == pop.sum()


# ------------------------------------------------------------------ Processing


POINT_FIELDS = {"pop": ogr.OFTInteger, "hh": ogr.OFTInteger, "income": ogr.OFTReal}


def _point_layer(folder, xy, pop, epsg=32650, name="people", fields=None, rows=None):
    if rows is None:
        rows = [
            {
                "pop": int(p),
                "hh": int(p) // 3,
                "income": 20000.0 + 10 * (i % 7),
                "wkt": "POINT({} {})".format(x, y),
            }
            for i, ((x, y), p) in enumerate(zip(xy, pop))
        ]
    return write_layer(
        os.path.join(folder, name + ".gpkg"), name, ogr.wkbPoint, fields or POINT_FIELDS, rows, epsg
    )


def _run(params, feedback=None):
    import processing
    from qgis.core import QgsProcessingContext

    base = {
        "POPULATION_FIELD": "pop",
        "CELL_SHAPE": 0,
        "CELL_SIZE": 1000,
        "MIN_CELL_SIZE": 250,
        "MAX_POPULATION": 10000,
    }
    base.update(params)
    return processing.run(
        BuildCellGridAlgorithm(),
        base,
        context=QgsProcessingContext(),
        feedback=feedback or QgsProcessingFeedback(),
    )


def _read(path):
    layer = QgsVectorLayer(path, "cells", "ogr")
    assert layer.isValid(), path
    return list(layer.getFeatures()), layer


def test_points_to_squares(plugin, tmp_path):
    xy, pop = _random_points(3000)
    layer = _point_layer(str(tmp_path), xy, pop * 10)
    out = str(tmp_path / "cells.gpkg")
    feedback = FeedbackRecorder()
    result = _run({"INPUT": layer, "MAX_POPULATION": 4000, "OUTPUT": out}, feedback)
    features, cells = _read(out)
    assert result["CELL_COUNT"] == len(features) > 16
    assert result["POPULATION"] == sum(f["population"] for f in features) == pop.sum() * 10
    assert result["MAX_CELL_POPULATION"] == max(f["population"] for f in features)
    assert cells.fields().names()[1:] == list(cellgrid.OUTPUT_FIELDS)  # after the fid
    assert cells.crs().authid() == "EPSG:32650"
    assert sum(f["households"] for f in features) == sum((p * 10) // 3 for p in pop)
    assert any("households" in line for line in feedback.log)  # guessed field logged
    assert all(ID.match(f["grid_id"]) for f in features)
    first = features[0]
    assert first["area_km2"] > 0 and first["density"] == pytest.approx(
        first["population"] / first["area_km2"]
    )
    assert first["population"] == 0 or 20000 <= first["income"] <= 20060


def test_polygons_to_hexagons_in_a_boundary(plugin, tmp_path):
    rows = [
        {
            "code": "U{}{}".format(i, j),
            "pop": 1000 * (1 + i + j),
            "income": 30000.0,
            "wkt": square(X0 + 1000 * j, Y0 + 1000 * i),
        }
        for i in range(4)
        for j in range(4)
    ]
    layer = write_layer(
        str(tmp_path / "units.gpkg"),
        "units",
        ogr.wkbPolygon,
        {"code": ogr.OFTString, "pop": ogr.OFTInteger, "income": ogr.OFTReal},
        rows,
    )
    streets = write_layer(
        str(tmp_path / "streets.gpkg"),
        "streets",
        ogr.wkbPolygon,
        {"street": ogr.OFTString},
        [
            {
                "street": "S1",
                "wkt": "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(
                    a=X0, b=Y0, c=X0 + 2000, d=Y0 + 4000
                ),
            },
            {
                "street": "S2",
                "wkt": "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(
                    a=X0 + 2000, b=Y0, c=X0 + 4000, d=Y0 + 4000
                ),
            },
        ],
    )
    out = str(tmp_path / "hex.gpkg")
    result = _run(
        {
            "INPUT": layer,
            "CELL_SHAPE": 1,
            "CELL_SIZE": 1500,
            "MIN_CELL_SIZE": 375,
            "MAX_POPULATION": 3000,
            "BOUNDARY": streets,
            "OUTPUT": out,
        }
    )
    features, _cells = _read(out)
    assert result["POPULATION"] == sum(r["pop"] for r in rows)
    assert sum(f["population"] for f in features) == result["POPULATION"]
    assert {f["nest"] for f in features} == {"S1", "S2"}
    assert all(f["grid_id"].startswith(f["nest"] + "-C") for f in features)
    geoms = np.array([shapely.from_wkb(bytes(f.geometry().asWkb())) for f in features])
    assert shapely.area(geoms).sum() == pytest.approx(16e6, rel=1e-9)
    assert max(f["population"] for f in features) <= 3000
    assert all(f["income"] == pytest.approx(30000) for f in features)


def test_geographic_points_are_reprojected(plugin, tmp_path):
    rng = np.random.default_rng(4)
    lonlat = rng.uniform([117.0, 36.6], [117.05, 36.64], (500, 2))
    layer = _point_layer(str(tmp_path), lonlat, np.full(500, 7), epsg=4326)
    out = str(tmp_path / "cells.gpkg")
    feedback = FeedbackRecorder()
    result = _run({"INPUT": layer, "OUTPUT": out}, feedback)
    features, cells = _read(out)
    assert cells.crs().authid() == "EPSG:32650"
    assert any("EPSG:4326" in line and "EPSG:32650" in line for line in feedback.log)
    assert result["POPULATION"] == 3500
    # 1,000 m cells measured in metres, not degrees: about 5 × 5 km
    assert 20 <= result["CELL_COUNT"] <= 42
    assert max(f["area_km2"] for f in features) == pytest.approx(1.0)


def test_sample_city_polygons_to_2km_squares(plugin, tmp_path):
    out = str(tmp_path / "city.gpkg")
    result = _run(
        {
            "INPUT": SAMPLE + "|layername=communities",
            "POPULATION_FIELD": "population",
            "CELL_SIZE": 2000,
            "MIN_CELL_SIZE": 250,
            "MAX_POPULATION": 20000,
            "OUTPUT": out,
        }
    )
    communities = QgsVectorLayer(SAMPLE + "|layername=communities", "c", "ogr")
    total = sum(f["population"] for f in communities.getFeatures())
    features, _cells = _read(out)
    assert result["POPULATION"] == total == sum(f["population"] for f in features)
    assert sum(f["households"] for f in features) == sum(
        f["households"] for f in communities.getFeatures()
    )
    levels = {int(ID.match(f["grid_id"]).group("level")) for f in features}
    assert {0, 1} <= levels
    assert result["MAX_CELL_POPULATION"] <= 20000 or any(
        f["area_km2"] == pytest.approx(0.0625) for f in features
    )
    area = sum(f.geometry().area() for f in communities.getFeatures())
    assert sum(f["area_km2"] for f in features) == pytest.approx(area / 1e6, rel=1e-6)


# ------------------------------------------------------------------ bad input


def _refused(params, *needles):
    with pytest.raises(QgsProcessingException) as info:
        _run(params)
    message = str(info.value)
    for needle in needles:
        assert needle in message, message
    assert not os.path.exists(params.get("OUTPUT", "")), "nothing is written"
    return message


def test_missing_population_field(plugin, tmp_path):
    layer = _point_layer(str(tmp_path), [[X0, Y0]], [1])
    _refused(
        {"INPUT": layer, "POPULATION_FIELD": "people", "OUTPUT": str(tmp_path / "o.gpkg")},
        "people",
        "pop",
    )


@pytest.mark.parametrize(
    "value, words", [("many", ["numbers", "'many'"]), (None, ["NULL"]), ("-3", ["negative"])]
)
def test_bad_population_values_list_feature_ids(plugin, tmp_path, value, words):
    rows = [{"pop": "5", "wkt": "POINT({} {})".format(X0 + i, Y0)} for i in range(4)]
    rows[2]["pop"] = value
    layer = _point_layer(str(tmp_path), None, None, fields={"pop": ogr.OFTString}, rows=rows)
    message = _refused({"INPUT": layer, "OUTPUT": str(tmp_path / "o.gpkg")}, "fid 3", *words)
    assert "fid 2" not in message


def test_min_cell_size_above_cell_size(plugin, tmp_path):
    layer = _point_layer(str(tmp_path), [[X0, Y0]], [1])
    _refused(
        {
            "INPUT": layer,
            "CELL_SIZE": 200,
            "MIN_CELL_SIZE": 500,
            "OUTPUT": str(tmp_path / "o.gpkg"),
        },
        "500",
        "200",
    )


def test_cell_size_too_small(plugin, tmp_path):
    layer = _point_layer(str(tmp_path), [[X0, Y0], [X0 + 50000, Y0 + 50000]], [1, 1])
    _refused(
        {"INPUT": layer, "CELL_SIZE": 10, "MIN_CELL_SIZE": 10, "OUTPUT": str(tmp_path / "o.gpkg")},
        "5,000,000",
        "at least 25",
    )


def test_no_crs(plugin, tmp_path):
    layer = _point_layer(str(tmp_path), [[X0, Y0]], [1], epsg=None)
    _refused({"INPUT": layer, "OUTPUT": str(tmp_path / "o.gpkg")}, "CRS")


def test_empty_layer(plugin, tmp_path):
    layer = _point_layer(str(tmp_path), [], [])
    _refused({"INPUT": layer, "OUTPUT": str(tmp_path / "o.gpkg")}, "no features")


def test_lines_are_refused(plugin, tmp_path):
    layer = write_layer(
        str(tmp_path / "roads.gpkg"),
        "roads",
        ogr.wkbLineString,
        {"pop": ogr.OFTInteger},
        [{"pop": 3, "wkt": "LINESTRING({} {}, {} {})".format(X0, Y0, X0 + 10, Y0 + 10)}],
    )
    with pytest.raises(QgsProcessingException):
        _run({"INPUT": layer, "OUTPUT": str(tmp_path / "o.gpkg")})
    assert not os.path.exists(tmp_path / "o.gpkg")


def test_cancel_writes_nothing(plugin, tmp_path):
    xy, pop = _random_points(2000)
    layer = _point_layer(str(tmp_path), xy, pop)
    out = tmp_path / "o.gpkg"
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda value: feedback.cancel())
    result = _run({"INPUT": layer, "OUTPUT": str(out)}, feedback)
    assert feedback.isCanceled()
    assert "CELL_COUNT" not in result
    assert not out.exists()
