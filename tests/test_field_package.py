"""servicegrid:createfieldpackage: what a field package holds (only the staff member's grids,
their units with the columns they need, their outlets and feedback, a manifest, a project
whose feedback form fills itself), the base snapshot kept in the project, and bad input."""

import json
import os
import sqlite3
import uuid

import pytest
from conftest import build_small_project
from datasets import add_feedback, fresh_copy, grid_points, sql, units_layer, write_assignments
from osgeo import gdal
from qgis.core import QgsExpressionContextUtils, QgsProject, QgsVectorLayerUtils
from qgis.PyQt.QtCore import QVariant  # noqa: F401 (keeps PyQt loaded before QGIS objects)

from service_grid.algorithms.core import fieldsync, schema
from service_grid.algorithms.project_template import read_project

STAFF = [("S01", "张三"), ("S02", "李四"), ("S03", "王五")]


@pytest.fixture(scope="module")
def small_project(plugin, qgis_processing, tmp_path_factory):
    """A 6 × 6 km project with grids of ~4 units, 3 staff, 2 outlets and assignments."""
    path = build_small_project(
        tmp_path_factory.mktemp("fieldpkg"),
        [(s, n, 20000) for s, n in STAFF],
        [
            {"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(401500 3501500)"},
            {"outlet_id": "O2", "name": "二号", "kind": "branch", "wkt": "POINT(404500 3504500)"},
        ],
    )
    grids = [g for (g,) in sql(path, "SELECT grid_id FROM grids ORDER BY grid_id")]
    write_assignments(
        path,
        [
            (staff, grid)
            for k, grid in enumerate(grids)
            for staff in (STAFF[k % 2][0],) + (("S03",) if k == 0 else ())
        ],
    )
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    ds.ExecuteSQL("UPDATE grids SET outlet_id = 'O2' WHERE grid_id = '{}'".format(grids[1]))
    ds = None
    return path


@pytest.fixture
def project(small_project, tmp_path):
    """A fresh copy of the small project for one test."""
    return fresh_copy(small_project, tmp_path)


def test_package_holds_only_the_staff_members_grids(project, run_alg, tmp_path):
    grids = sql(
        project, "SELECT DISTINCT grid_id FROM assignments WHERE staff_id='S01' ORDER BY grid_id"
    )
    mine = [g for (g,) in grids]
    others = [g for (g,) in sql(project, "SELECT grid_id FROM grids") if g not in mine]
    pts = grid_points(project)
    add_feedback(
        project, [{"x": pts[g][0], "y": pts[g][1], "grid_id": g, "notes": g} for g in mine + others]
    )
    out = str(tmp_path / "s01.gpkg")
    result = run_alg(
        "servicegrid:createfieldpackage", {"PROJECT": project, "STAFF_ID": "S01", "OUTPUT": out}
    )
    assert result["GRID_COUNT"] == len(mine) and result["FEEDBACK_COUNT"] == len(mine)
    assert sorted(g for (g,) in sql(out, "SELECT grid_id FROM grids")) == mine
    assert {g for (g,) in sql(out, "SELECT DISTINCT grid_id FROM units")} == set(mine)
    unit_columns = [r[1] for r in sql(out, "PRAGMA table_info(units)")]
    assert "income" not in unit_columns and "customers" not in unit_columns
    assert {"unit_id", "name", "population", "grid_id"} <= set(unit_columns)
    assert sorted(n for (n,) in sql(out, "SELECT notes FROM feedback")) == mine
    assert [s for (s,) in sql(out, "SELECT staff_id FROM staff")] == ["S01"]
    outlets = {o for (o,) in sql(out, "SELECT outlet_id FROM outlets")}
    assert "O1" in outlets  # the staff member's own outlet
    manifest = dict(sql(out, "SELECT key, value FROM sg_manifest"))
    assert manifest["package_id"] == result["PACKAGE_ID"] and manifest["staff_id"] == "S01"
    assert json.loads(manifest["grid_ids"]) == mine
    assert (
        manifest["project_id"] == dict(sql(project, "SELECT key, value FROM sg_meta"))["project_id"]
    )
    # the office keeps the base snapshot and the package record
    assert sql(
        project,
        "SELECT staff_id, file_name FROM sync_packages WHERE package_id=?",
        (result["PACKAGE_ID"],),
    ) == [("S01", "s01.gpkg")]
    assert sql(
        project, "SELECT count(*) FROM sync_base WHERE package_id=?", (result["PACKAGE_ID"],)
    )[0][0] == len(mine)


def test_package_project_form_fills_itself(project, run_alg, tmp_path):
    out = str(tmp_path / "s02.gpkg")
    result = run_alg(
        "servicegrid:createfieldpackage", {"PROJECT": project, "STAFF_ID": "S02", "OUTPUT": out}
    )
    qproject = QgsProject.instance()  # the form's expressions look layers up there
    assert read_project(qproject, out)
    scope = QgsExpressionContextUtils.projectScope(qproject)
    assert scope.variable("sg_package_id") == result["PACKAGE_ID"]
    assert scope.variable("sg_staff_id") == "S02"
    names = {layer.name() for layer in qproject.mapLayers().values()}
    assert {schema.FEEDBACK.title_zh, schema.GRIDS.title_zh, schema.UNITS.title_zh} <= names
    feedback = qproject.mapLayersByName(schema.FEEDBACK.title_zh)[0]
    grid_id = sql(out, "SELECT grid_id FROM grids LIMIT 1")[0][0]
    x, y = grid_points(out)[grid_id]
    from qgis.core import QgsGeometry, QgsPointXY

    context = qproject.createExpressionContext()
    context.appendScope(QgsExpressionContextUtils.layerScope(feedback))
    feature = QgsVectorLayerUtils.createFeature(
        feedback, QgsGeometry.fromPointXY(QgsPointXY(x, y)), {}, context
    )
    values = dict(zip(feedback.fields().names(), feature.attributes()))
    assert values["grid_id"] == grid_id
    assert values["staff_id"] == "S02" and values["package_id"] == result["PACKAGE_ID"]
    assert values["uuid"] and values["rev"] == 1 and values["status"] == "open"
    idx = feedback.fields().indexOf("grid_id")
    assert feedback.defaultValueDefinition(idx).applyOnUpdate()
    setup = feedback.editorWidgetSetup(feedback.fields().indexOf("category"))
    assert setup.type() == "ValueMap"
    assert setup.config()["map"][0] == {"理赔": "claims"}
    rating = feedback.editorWidgetSetup(feedback.fields().indexOf("rating"))
    assert rating.type() == "Range" and rating.config()["Max"] == 5
    photo = feedback.editorWidgetSetup(feedback.fields().indexOf("photo"))
    assert photo.type() == "ExternalResource" and photo.config()["RelativeStorage"] == 1
    # outside every grid: the hard constraint refuses the feature
    outside = QgsVectorLayerUtils.createFeature(
        feedback, QgsGeometry.fromPointXY(QgsPointXY(0, 0)), {}, context
    )
    ok, errors = QgsVectorLayerUtils.validateAttribute(feedback, outside, idx)
    assert not ok and errors
    del feedback
    qproject.clear()


def test_bad_input_is_refused_and_nothing_written(project, run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    out = str(tmp_path / "x.gpkg")
    with pytest.raises(QgsProcessingException, match="S99"):
        run_alg(
            "servicegrid:createfieldpackage", {"PROJECT": project, "STAFF_ID": "S99", "OUTPUT": out}
        )
    assert not os.path.exists(out)
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    ds.ExecuteSQL("DELETE FROM assignments WHERE staff_id = 'S03'")
    ds = None
    with pytest.raises(QgsProcessingException, match="no grids"):
        run_alg(
            "servicegrid:createfieldpackage", {"PROJECT": project, "STAFF_ID": "S03", "OUTPUT": out}
        )
    assert not os.path.exists(out)
    with pytest.raises(QgsProcessingException, match="over the project"):
        run_alg(
            "servicegrid:createfieldpackage",
            {"PROJECT": project, "STAFF_ID": "S01", "OUTPUT": project},
        )
    not_project = units_layer(str(tmp_path)).split("|")[0]
    with pytest.raises(QgsProcessingException, match="not a Service Grid project"):
        run_alg(
            "servicegrid:createfieldpackage",
            {"PROJECT": not_project, "STAFF_ID": "S01", "OUTPUT": out},
        )
    assert not os.path.exists(out)
    assert sql(project, "SELECT count(*) FROM sync_packages")[0][0] == 0


def test_round_trip_insert_edit_and_resync(project, run_alg, tmp_path):
    out = str(tmp_path / "s01.gpkg")
    mine = [
        g
        for (g,) in sql(
            project,
            "SELECT DISTINCT grid_id FROM assignments WHERE staff_id='S01' ORDER BY grid_id",
        )
    ]
    pts = grid_points(project)
    office = add_feedback(
        project,
        [
            {
                "x": pts[mine[0]][0],
                "y": pts[mine[0]][1],
                "uuid": str(uuid.uuid4()),
                "notes": "office",
                "grid_id": mine[0],
            }
        ],
    )[0]
    run_alg(
        "servicegrid:createfieldpackage", {"PROJECT": project, "STAFF_ID": "S01", "OUTPUT": out}
    )
    new = add_feedback(
        out,
        [
            {
                "x": pts[g][0],
                "y": pts[g][1],
                "uuid": str(uuid.uuid4()),
                "rating": 2,
                "category": "complaint",
            }
            for g in mine
        ],
    )
    ds = gdal.OpenEx(out, gdal.OF_VECTOR | gdal.OF_UPDATE)
    ds.ExecuteSQL("UPDATE feedback SET rating = 1, rev = 2 WHERE uuid = '{}'".format(office))
    ds = None
    result = run_alg(
        "servicegrid:syncfieldpackages",
        {"PROJECT": project, "PACKAGES": [out], "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    assert (result["INSERTED"], result["UPDATED"], result["CONFLICTS"]) == (len(mine), 1, 0)
    rows = dict(sql(project, "SELECT uuid, grid_id FROM feedback"))
    assert all(rows[u] in mine for u in new)
    assert sql(project, "SELECT rating FROM feedback WHERE uuid=?", (office,)) == [(1,)]
    again = run_alg(
        "servicegrid:syncfieldpackages",
        {"PROJECT": project, "PACKAGES": [str(tmp_path)], "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    assert (again["INSERTED"], again["UPDATED"], again["CONFLICTS"]) == (0, 0, 0)
    assert os.path.isfile(result["BACKUP"])
    statuses = [s for (s,) in sql(project, "SELECT status FROM sync_log ORDER BY fid")]
    assert statuses[-2:] == ["synced", "unchanged"]
    assert fieldsync.list_conflicts(project) == []


def test_times_without_a_zone_are_the_devices_local_time(project, run_alg, tmp_path):
    """QGIS 3.22 writes form times as local time without a zone ('…T16:00:00.000'): the sync
    reads them at the UTC offset the package was made for (China: +8 h) and stores UTC."""
    out = str(tmp_path / "s01.gpkg")
    run_alg(
        "servicegrid:createfieldpackage", {"PROJECT": project, "STAFF_ID": "S01", "OUTPUT": out}
    )
    con = sqlite3.connect(out)
    con.execute("UPDATE sg_manifest SET value = '480' WHERE key = 'utc_offset_minutes'")
    con.commit()
    con.close()
    grid = sql(out, "SELECT grid_id FROM grids LIMIT 1")[0][0]
    x, y = grid_points(out)[grid]
    local = add_feedback(
        out,
        [
            {
                "x": x,
                "y": y,
                "uuid": str(uuid.uuid4()),
                "collected_at": "2026-11-20T16:00:00",
                "updated_at": "2026-11-20T16:05:00",
            }
        ],
    )[0]
    assert sql(out, "SELECT collected_at FROM feedback WHERE uuid=?", (local,))[0][0].startswith(
        "2026-11-20T16:00:00"
    )
    result = run_alg(
        "servicegrid:syncfieldpackages",
        {"PROJECT": project, "PACKAGES": [out], "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    assert result["INSERTED"] == 1
    assert sql(project, "SELECT collected_at, updated_at FROM feedback WHERE uuid=?", (local,)) == [
        ("2026-11-20T08:00:00.000Z", "2026-11-20T08:05:00.000Z")
    ]


def test_form_constraints_say_what_to_do(project, run_alg, tmp_path):
    """Rating 1–5 and category are required (hard constraints with their own messages)."""
    from qgis.core import QgsFieldConstraints, QgsGeometry, QgsPointXY

    out = str(tmp_path / "s01.gpkg")
    run_alg(
        "servicegrid:createfieldpackage", {"PROJECT": project, "STAFF_ID": "S01", "OUTPUT": out}
    )
    qproject = QgsProject.instance()
    assert read_project(qproject, out)
    feedback = qproject.mapLayersByName(schema.FEEDBACK.title_zh)[0]
    grid = sql(out, "SELECT grid_id FROM grids LIMIT 1")[0][0]
    x, y = grid_points(out)[grid]
    context = qproject.createExpressionContext()
    feature = QgsVectorLayerUtils.createFeature(
        feedback, QgsGeometry.fromPointXY(QgsPointXY(x, y)), {}, context
    )
    fields = feedback.fields()
    for name, bad, good in (("rating", 7, 4), ("category", None, "claims")):
        idx = fields.indexOf(name)
        assert feedback.fieldConstraints(idx) & QgsFieldConstraints.ConstraintExpression
        assert (
            fields.at(idx)
            .constraints()
            .constraintStrength(QgsFieldConstraints.ConstraintExpression)
            == QgsFieldConstraints.ConstraintStrengthHard
        )
        feature.setAttribute(idx, bad)
        ok, errors = QgsVectorLayerUtils.validateAttribute(feedback, feature, idx)
        assert not ok and any(fields.at(idx).alias() in e for e in errors), errors
        feature.setAttribute(idx, good)
        ok, errors = QgsVectorLayerUtils.validateAttribute(feedback, feature, idx)
        assert ok, errors
    del feedback
    qproject.clear()
