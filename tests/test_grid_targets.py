"""Targets by area in the grid editor (issue 14): buildgrids with PROJECT keeps each unit's
grid target in ``units.grid_target``; the editor judges each grid against its own target;
a rebuild with one target clears them; a version-3 project is upgraded with the column."""

import numpy as np
import pytest
from conftest import build_small_project
from datasets import fresh_copy, run_buildgrids, sql
from osgeo import gdal

from service_grid.algorithms.core import division as dv
from service_grid.algorithms.core import gpkg, migrate, schema

DENSITY = ["urban", 6000, "suburban", 12000]


@pytest.fixture(scope="module")
def target_project(plugin, qgis_processing, tmp_path_factory):
    """The 6 × 6 km project divided with grids of 6,000 people where the units are urban
    (3,000+ people per km²) and 12,000 where they are suburban."""
    outlets = [
        {"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(401500 3501500)"}
    ]
    path = build_small_project(
        tmp_path_factory.mktemp("targets"), [("S01", "张三", 20000)], outlets
    )
    run_buildgrids(path, TARGET_POPULATION=12000, DENSITY_TARGETS=DENSITY)
    return path


@pytest.fixture
def project(target_project, tmp_path):
    return fresh_copy(target_project, tmp_path)


def test_the_project_keeps_each_units_target(project):
    targets = dict(sql(project, "SELECT unit_id, grid_target FROM units"))
    assert None not in targets.values()
    assert set(targets.values()) == {6000.0, 12000.0}


def test_the_editor_judges_each_grid_against_its_own_target(project):
    division = dv.Division.load(project)
    assert division.target_range() == (6000.0, 12000.0)
    own = {g: division.target_of(division.members(g)) for g in division.grids}
    assert min(own.values()) == pytest.approx(6000, rel=0.05)
    assert max(own.values()) == pytest.approx(12000, rel=0.05)
    # a move between two grids: each row carries that grid's target and its band
    units = dict(sql(project, "SELECT unit_id, grid_id FROM units"))
    small = min(own, key=own.get)
    unit = next(u for u, g in units.items() if g == small)
    other = max(own, key=own.get)
    edit = dv.plan_move(division, [unit], other)
    rows = {t.grid_id: t for t in dv.preview(division, edit, contiguity=False).totals}
    for grid, row in rows.items():
        members = division.members(grid)
        after = (
            np.array([i for i in members if division.unit_ids[i] != unit])
            if grid == small
            else np.append(members, division.index[unit])
        )
        assert row.target == pytest.approx(division.target_of(after))
        assert row.low == pytest.approx(row.target * (1 - division.tolerance))
        p = row.population_after
        assert row.band == ("ok" if row.low <= p <= row.high else "low" if p < row.low else "high")
    assert rows[small].target < rows[other].target


def test_a_rebuild_with_one_target_clears_them(project):
    run_buildgrids(project, TARGET_POPULATION=12000)
    assert sql(project, "SELECT count(*) FROM units WHERE grid_target IS NOT NULL") == [(0,)]
    division = dv.Division.load(project)
    assert division.target_range() is None
    some = next(iter(division.grids))
    assert division.target_of(division.members(some)) == division.target == 12000


def test_a_version_3_project_gets_the_column(project):
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    layer = ds.GetLayerByName("units")
    layer.DeleteField(layer.GetLayerDefn().GetFieldIndex("grid_target"))
    ds.ExecuteSQL("UPDATE sg_meta SET value = '3' WHERE key = 'schema_version'")
    ds = None
    assert "grid_target" not in [r[1] for r in sql(project, "PRAGMA table_info(units)")]
    assert dv.Division.load(project).target_range() is None  # read before the upgrade: fine
    assert migrate.upgrade(project)
    assert gpkg.read_meta(project)["schema_version"] == str(schema.SCHEMA_VERSION) == "4"
    assert "grid_target" in [r[1] for r in sql(project, "PRAGMA table_info(units)")]
    run_buildgrids(project, TARGET_POPULATION=12000, DENSITY_TARGETS=DENSITY)
    assert dv.Division.load(project).target_range() == (6000.0, 12000.0)


def test_the_dock_says_the_targets_are_by_area(project, qgis_iface, qtbot):
    from conftest import close_dock, open_dock
    from qgis.core import QgsProject

    from service_grid.algorithms.project_template import read_project
    from service_grid.plugin.grid_editor_dock import GridEditorDock

    assert read_project(QgsProject.instance(), project)
    dock = open_dock(GridEditorDock, qgis_iface)
    try:
        qtbot.waitUntil(lambda: dock.state is not None, timeout=10000)
        text = dock.summaryLabel.text()
        assert "6,000–12,000" in text and "own target" in text
    finally:
        close_dock(dock)
        QgsProject.instance().clear()
