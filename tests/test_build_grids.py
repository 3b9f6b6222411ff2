"""servicegrid:buildgrids on real GeoPackages: the quality bar of docs/design/product.md,
edge cases and bad input."""

import os
import re

import numpy as np
import pytest
import shapely
from datasets import (
    SAMPLE_CITY,
    FeedbackRecorder,
    make_project,
    run_buildgrids,
    run_classifygrids,
    run_createproject,
    write_layer,
)
from osgeo import ogr
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from service_grid.algorithms.core.gridding import GridOptions, build_grids

FIELDS = {
    "code": ogr.OFTString,
    "pop": ogr.OFTInteger,
    "street": ogr.OFTString,
    "income": ogr.OFTReal,
    "old_grid": ogr.OFTString,
}


def lattice_rows(
    n=20, m=20, cell=500.0, x0=400000.0, y0=3500000.0, seed=3, streets=True, lon_lat=False
):
    """An n×m lattice of square units, two streets split at a column, population with a
    dense corner."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        for j in range(m):
            if lon_lat:
                x, y, size = 117.0 + j * 0.005, 36.6 + i * 0.005, 0.005
            else:
                x, y, size = x0 + j * cell, y0 + i * cell, cell
            pop = int(300 + 1500 * np.exp(-np.hypot(i, j) / 6) * rng.uniform(0.6, 1.4))
            rows.append(
                {
                    "code": "U{:03d}{:03d}".format(i, j),
                    "pop": pop,
                    "street": ("S1" if j < m // 2 else "S2") if streets else "S",
                    "income": float(30000 + 100 * i),
                    "old_grid": None,
                    "wkt": "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(
                        a=x, b=y, c=x + size, d=y + size
                    ),
                }
            )
    return rows


def _layer(tmp_path, rows, name="units", epsg=32650):
    return write_layer(str(tmp_path / (name + ".gpkg")), name, ogr.wkbPolygon, FIELDS, rows, epsg)


def _run(run_alg, tmp_path, layer, tag="g", feedback=None, **params):
    base = {
        "INPUT": layer,
        "POPULATION_FIELD": "pop",
        "NEST_FIELD": "street",
        "TARGET_POPULATION": 8000,
        "TOLERANCE": 10,
        "OUTPUT": str(tmp_path / (tag + "_grids.gpkg")),
        "OUTPUT_UNITS": str(tmp_path / (tag + "_units.gpkg")),
    }
    base.update(params)
    return run_alg("servicegrid:buildgrids", base, feedback)


def _read(path):
    layer = QgsVectorLayer(path, "x", "ogr")
    assert layer.isValid(), path
    features = list(layer.getFeatures())
    return features, layer


def _shapely(features):
    return [shapely.from_wkb(bytes(f.geometry().asWkb())) for f in features]


def test_quality_bar_on_a_lattice(run_alg, tmp_path):
    layer = _layer(tmp_path, lattice_rows())
    result = _run(run_alg, tmp_path, layer)
    grids, _ = _read(result["OUTPUT"])
    units, _ = _read(result["OUTPUT_UNITS"])
    assert len(units) == 400 and result["GRID_COUNT"] == len(grids)
    # every unit in exactly one existing grid; grid populations add up
    ids = {g["grid_id"]: g for g in grids}
    assert len(ids) == len(grids)
    assert all(u["grid_id"] in ids for u in units)
    assert sum(g["population"] for g in grids) == sum(u["pop"] for u in units)
    for gid, grid in ids.items():
        members = [u for u in units if u["grid_id"] == gid]
        assert grid["unit_count"] == len(members)
        assert grid["population"] == sum(u["pop"] for u in members)
        # nesting: one street per grid, and the id carries it: nest code + 3 digits
        assert {u["street"] for u in members} == {grid["nest"]}
        assert re.fullmatch(re.escape(grid["nest"]) + r"\d{3}", gid)
    # coverage: union of grids equals union of units, no overlaps
    gshapes = _shapely(grids)
    ushapes = _shapely(units)
    union_units = shapely.union_all(ushapes)
    union_grids = shapely.union_all(gshapes)
    assert shapely.symmetric_difference(union_units, union_grids).area < 1e-3
    assert sum(g.area for g in gshapes) == pytest.approx(union_units.area, rel=1e-9)
    # contiguity: every grid is one polygon (units of a lattice share edges)
    assert all(len(shapely.get_parts(g)) == 1 for g in gshapes)
    assert result["NON_CONTIGUOUS"] == 0 and result["NEST_VIOLATIONS"] == 0
    # balance and compactness
    assert result["POPULATION_CV"] < 0.05
    assert result["MEAN_POLSBY_POPPER"] > 0.45  # staircase edges of a lattice: a square is 0.79
    assert all(0 < g["polsby_popper"] <= 1 for g in grids)


def test_deterministic_ids_and_grids(run_alg, tmp_path):
    layer = _layer(tmp_path, lattice_rows())
    first = _run(run_alg, tmp_path, layer, tag="a")
    second = _run(run_alg, tmp_path, layer, tag="b")
    a = {u["code"]: u["grid_id"] for u in _read(first["OUTPUT_UNITS"])[0]}
    b = {u["code"]: u["grid_id"] for u in _read(second["OUTPUT_UNITS"])[0]}
    assert a == b
    grids = sorted(_read(first["OUTPUT"])[0], key=lambda g: g["grid_id"])
    s1 = [g for g in grids if g["nest"] == "S1"]
    assert [g["grid_id"] for g in s1][:3] == ["S1001", "S1002", "S1003"]
    # numbered west→east in rows from north to south: 001 lies north of the last grid
    first_y = s1[0].geometry().centroid().asPoint().y()
    last_y = s1[-1].geometry().centroid().asPoint().y()
    assert first_y > last_y


def test_stability_with_previous_grids(run_alg, tmp_path):
    rows = lattice_rows()
    layer = _layer(tmp_path, rows, "v1")
    first = _run(run_alg, tmp_path, layer, tag="v1")
    previous = {u["code"]: u["grid_id"] for u in _read(first["OUTPUT_UNITS"])[0]}
    rng = np.random.default_rng(9)
    for row in rows:  # a few percent of population change
        row["pop"] = int(row["pop"] * rng.uniform(0.95, 1.06))
        row["old_grid"] = previous[row["code"]]
    layer2 = _layer(tmp_path, rows, "v2")
    second = _run(run_alg, tmp_path, layer2, tag="v2", PREVIOUS_GRID_FIELD="old_grid")
    now = {u["code"]: u["grid_id"] for u in _read(second["OUTPUT_UNITS"])[0]}
    kept = np.mean([now[c] == previous[c] for c in previous])
    assert kept >= 0.9 and second["UNITS_KEPT"] == pytest.approx(kept)
    assert set(now.values()) <= set(previous.values())  # surviving grids keep their ids
    assert second["NON_CONTIGUOUS"] == 0


def test_island_joins_nearest_grid_of_its_nest(run_alg, tmp_path):
    rows = lattice_rows(10, 10, streets=False)
    rows.append(
        {
            "code": "ISLAND",
            "pop": 500,
            "street": "S",
            "income": None,
            "old_grid": None,
            "wkt": "POLYGON((406000 3502000,406400 3502000,406400 3502400,"
            "406000 3502400,406000 3502000))",
        }
    )
    feedback = FeedbackRecorder()
    result = _run(run_alg, tmp_path, _layer(tmp_path, rows), feedback=feedback)
    units = {u["code"]: u for u in _read(result["OUTPUT_UNITS"])[0]}
    island_grid = units["ISLAND"]["grid_id"]
    assert island_grid
    # it joined the grid of the nearest unit (the lattice's east edge, row 4)
    nearest = min(
        (u for c, u in units.items() if c != "ISLAND"),
        key=lambda u: u.geometry().distance(units["ISLAND"].geometry()),
    )
    assert island_grid == nearest["grid_id"]
    assert result["ISLAND_LINKS"] == 1 and result["NON_CONTIGUOUS"] == 0
    assert any("island" in w for w in feedback.warnings)


def test_nest_smaller_than_one_target_and_oversized_unit(run_alg, tmp_path):
    rows = lattice_rows(10, 10)
    for row in rows:
        if row["street"] == "S2":
            row["pop"] = 20  # S2: 1,000 people in all
    rows[0]["pop"] = 30000  # one unit alone above the maximum
    feedback = FeedbackRecorder()
    result = _run(run_alg, tmp_path, _layer(tmp_path, rows), feedback=feedback)
    grids = _read(result["OUTPUT"])[0]
    assert len([g for g in grids if g["nest"] == "S2"]) == 1
    big = [g for g in grids if g["population"] == 30000]
    assert len(big) == 1 and big[0]["unit_count"] == 1
    text = " ".join(feedback.warnings)
    assert "fewer than one grid" in text and "S2" in text
    assert "grid of its own" in text and "U000000" in text


def test_multipolygon_units(run_alg, tmp_path):
    rows = lattice_rows(6, 6, streets=False)
    # one unit made of two squares: its own cell and a detached square far away
    rows[0]["wkt"] = (
        "MULTIPOLYGON(((400000 3500000,400500 3500000,400500 3500500,"
        "400000 3500500,400000 3500000)),((410000 3500000,410500 3500000,"
        "410500 3500500,410000 3500500,410000 3500000)))"
    )
    fields = dict(FIELDS)
    path = str(tmp_path / "mp.gpkg")
    layer = write_layer(path, "mp", ogr.wkbMultiPolygon, fields, rows)
    result = _run(run_alg, tmp_path, layer, TARGET_POPULATION=6000)
    units = _read(result["OUTPUT_UNITS"])[0]
    assert len(units) == 36 and result["NON_CONTIGUOUS"] == 0
    grids = _read(result["OUTPUT"])[0]
    assert sum(g["population"] for g in grids) == sum(r["pop"] for r in rows)


def test_geographic_input(run_alg, tmp_path):
    layer = _layer(tmp_path, lattice_rows(10, 10, lon_lat=True), epsg=4326)
    feedback = FeedbackRecorder()
    result = _run(run_alg, tmp_path, layer, feedback=feedback)
    grids, vl = _read(result["OUTPUT"])
    assert vl.crs().authid() == "EPSG:32650"
    assert any("EPSG:32650" in w for w in feedback.warnings)
    total_area = sum(g["area_km2"] for g in grids)
    assert 23 < total_area < 27  # 100 cells of ~0.45 × 0.56 km, in km²


def test_null_and_zero_population(run_alg, tmp_path):
    rows = lattice_rows(10, 10)
    rows[5]["pop"] = None
    rows[6]["pop"] = 0
    feedback = FeedbackRecorder()
    result = _run(run_alg, tmp_path, _layer(tmp_path, rows), feedback=feedback)
    units = {u["code"]: u for u in _read(result["OUTPUT_UNITS"])[0]}
    assert units["U000005"]["grid_id"] and units["U000006"]["grid_id"]
    assert any("U000005" in w and "NULL" in w for w in feedback.warnings)


def test_grid_count_instead_of_target(run_alg, tmp_path):
    result = _run(
        run_alg, tmp_path, _layer(tmp_path, lattice_rows()), GRID_COUNT=12, TARGET_POPULATION=0
    )
    assert result["GRID_COUNT"] == 12


def test_id_prefix(run_alg, tmp_path):
    result = _run(run_alg, tmp_path, _layer(tmp_path, lattice_rows(8, 8)), ID_PREFIX="JN")
    ids = [g["grid_id"] for g in _read(result["OUTPUT"])[0]]
    assert all(re.fullmatch(r"JNS[12]\d{3}", i) for i in ids), ids


def test_cancel_writes_nothing(run_alg, tmp_path):
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda value: feedback.cancel() if value > 30 else None)
    result = _run(run_alg, tmp_path, _layer(tmp_path, lattice_rows()), feedback=feedback)
    assert "OUTPUT" not in result
    assert not os.path.exists(tmp_path / "g_grids.gpkg")


def test_bad_input(run_alg, tmp_path):
    rows = lattice_rows(5, 5)
    rows[3]["pop"] = -4
    with pytest.raises(QgsProcessingException, match="U000003"):
        _run(run_alg, tmp_path, _layer(tmp_path, rows))
    with pytest.raises(QgsProcessingException, match="people"):
        _run(
            run_alg, tmp_path, _layer(tmp_path, lattice_rows(5, 5), "ok"), POPULATION_FIELD="people"
        )
    with pytest.raises(QgsProcessingException, match="target population"):
        _run(
            run_alg,
            tmp_path,
            _layer(tmp_path, lattice_rows(5, 5), "ok2"),
            TARGET_POPULATION=0,
            GRID_COUNT=0,
        )


def test_core_balances_irregular_units():
    """The compute core alone (no QGIS) on an irregular Voronoi tessellation."""
    rng = np.random.default_rng(5)
    pts = rng.uniform(0, 10000, size=(1500, 2))
    box = shapely.box(0, 0, 10000, 10000)
    cells = shapely.intersection(
        shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=box)), box
    )
    pop = rng.integers(100, 400, len(cells))
    result = build_grids(
        cells, pop, options=GridOptions(target_population=pop.sum() / 30, tolerance=0.05)
    )
    assert result.stats["GRID_COUNT"] == 30
    assert result.stats["POPULATION_CV"] < 0.02
    assert result.stats["WITHIN_TOLERANCE"] == 1.0
    assert result.stats["NON_CONTIGUOUS"] == 0
    assert result.stats["MEAN_POLSBY_POPPER"] > 0.4
    tight = build_grids(
        cells, pop, options=GridOptions(target_population=pop.sum() / 30, tolerance=0.01)
    )
    assert tight.stats["WITHIN_TOLERANCE"] == 1.0  # every grid within ±1 %
    assert tight.stats["NON_CONTIGUOUS"] == 0


#: createproject's parameters for the sample city's communities alone (no outlets, no staff).
CITY_UNITS = dict(SAMPLE_CITY, OUTLETS=None, STAFF=None)


def test_store_grids_in_project(run_alg, tmp_path):
    import sqlite3

    project = str(tmp_path / "city.gpkg")
    run_createproject(project, CITY_UNITS, run_alg)
    result = run_buildgrids(
        project, run_alg, TARGET_POPULATION=40000, TOLERANCE=10, OUTPUT=str(tmp_path / "g.gpkg")
    )
    con = sqlite3.connect(project)
    grids = con.execute("SELECT count(*), sum(population) FROM grids").fetchone()
    units = con.execute("SELECT count(*), count(grid_id), sum(population) FROM units").fetchone()
    orphans = con.execute(
        "SELECT count(*) FROM units WHERE grid_id NOT IN (SELECT grid_id FROM grids)"
    ).fetchone()[0]
    tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    con.close()
    assert grids[0] == result["GRID_COUNT"] and grids[1] == units[2]
    assert units[0] == units[1] and orphans == 0
    assert "sg_tmp_unit_grid" not in tables
    # the embedded project shows them
    from qgis.core import QgsProject

    from service_grid.algorithms.project_template import read_project

    qp = QgsProject()
    assert read_project(qp, project)
    counts = [lyr.featureCount() for lyr in qp.mapLayers().values() if lyr.name() == "服务网格"]
    assert counts == [result["GRID_COUNT"]]
    qp.clear()
    # storing into something that is not a project is refused, nothing changes
    with pytest.raises(QgsProcessingException, match="not a Service Grid project"):
        run_alg(
            "servicegrid:buildgrids",
            {
                "INPUT": project + "|layername=units",
                "POPULATION_FIELD": "population",
                "TARGET_POPULATION": 40000,
                "OUTPUT": "TEMPORARY_OUTPUT",
                "PROJECT": str(tmp_path / "g.gpkg"),
            },
        )


def test_build_and_classify_in_the_project(run_alg, tmp_path):
    """The demo's path: createproject → buildgrids → classifygrids, all into one GeoPackage."""
    import sqlite3

    project = str(tmp_path / "city.gpkg")
    make_project(project, CITY_UNITS, {"TARGET_POPULATION": 30000}, run=run_alg)
    result = run_classifygrids(project, run_alg)
    con = sqlite3.connect(project)
    rows = con.execute(
        "SELECT density_class, income_tier, demand_index, products, strategy FROM grids"
    ).fetchall()
    con.close()
    assert len(rows) == result["GRID_COUNT"]
    assert all(r[0] in ("urban_core", "urban", "suburban", "rural") for r in rows)
    assert all(r[2] is not None and r[3] and r[4] for r in rows)
    assert {r[0] for r in rows} >= {"urban_core", "rural"}
