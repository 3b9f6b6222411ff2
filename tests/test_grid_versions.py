"""Named versions of a division (core/division/versions.py, compare.py and the
savegridversion / restoregridversion / comparegridversions algorithms) on real project
GeoPackages: what a version holds, the comparison of two versions and of a version with the
current division (per nest, units added and removed apart), a restore as one undoable edit
saved first, the comparison layer and report, a rebuild that saves the previous division."""

import getpass
import json
import os

import pytest
from conftest import build_small_project, run_qgis_process
from datasets import (
    UNIT_PARAMS,
    FeedbackRecorder,
    fresh_copy,
    run_buildgrids,
    run_createproject,
    sql,
    unit_rows,
    units_layer,
)
from osgeo import gdal
from qgis.core import QgsProcessingException, QgsVectorLayer

from service_grid.algorithms.core import division as dv
from service_grid.algorithms.core import schema, timestamps
from service_grid.algorithms.core.division import compare, versions
from service_grid.algorithms.core.errors import InputError

STAFF = [("S01", "张三", 20000)]
OUTLETS = [{"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(401500 3501500)"}]
#: The grids' columns but fid and geometry.
ATTRS = ", ".join(f.name for f in schema.GRIDS.fields)


@pytest.fixture(scope="module")
def versions_project(plugin, qgis_processing, tmp_path_factory):
    """The 6 × 6 km project (36 units in nests S1 and S2, grids of ~12,000 people)."""
    return build_small_project(tmp_path_factory.mktemp("versions"), STAFF, OUTLETS)


@pytest.fixture
def project(versions_project, tmp_path):
    return fresh_copy(versions_project, tmp_path)


def unit_grid(path):
    return dict(sql(path, "SELECT unit_id, grid_id FROM units"))


def grids_by_nest(path):
    out = {}
    for grid, nest in sql(path, "SELECT grid_id, nest FROM grids ORDER BY grid_id"):
        out.setdefault(nest, []).append(grid)
    return out


def execute(path, *statements):
    """Change the project with SQL through OGR (the GeoPackage's triggers need its
    functions), as another program would."""
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    for statement in statements:
        ds.ExecuteSQL(statement)
    ds = None  # noqa: F841 (closes the file)


def change_division(path):
    """Move two units of an S1 grid to another S1 grid, give an S2 grid a new id (a grid
    retired and one created), add a unit and remove one; returns what changed."""
    nests = grids_by_nest(path)
    g1, g2 = nests["S1"][:2]
    renamed = nests["S2"][0]
    untouched = nests["S2"][1]
    moved = [u for (u,) in sql(path, "SELECT unit_id FROM units WHERE grid_id = ?", (g1,))][:2]
    renamed_units = [
        u for (u,) in sql(path, "SELECT unit_id FROM units WHERE grid_id = ?", (renamed,))
    ]
    removed = sql(path, "SELECT unit_id FROM units WHERE grid_id = ? LIMIT 1", (untouched,))[0][0]
    execute(
        path,
        "UPDATE units SET grid_id = '{}' WHERE unit_id IN ('{}')".format(g2, "','".join(moved)),
        "UPDATE units SET grid_id = 'S2-NEW' WHERE grid_id = '{}'".format(renamed),
        "UPDATE grids SET grid_id = 'S2-NEW' WHERE grid_id = '{}'".format(renamed),
        "DELETE FROM units WHERE unit_id = '{}'".format(removed),
        "INSERT INTO units (unit_id, name, nest, population, grid_id) "
        "VALUES ('U-NEW', 'new', 'S2', 500, '{}')".format(untouched),
    )
    return {
        "g1": g1,
        "g2": g2,
        "moved": moved,
        "renamed": renamed,
        "renamed_units": renamed_units,
        "removed": removed,
    }


def population(path, units):
    marks = ",".join("?" * len(units))
    rows = sql(path, "SELECT population FROM units WHERE unit_id IN ({})".format(marks), units)
    return float(sum(p for (p,) in rows))


# ---------------------------------------------------------------------------- save, list, find


def test_a_version_holds_every_units_grid_and_every_grids_row(project):
    version_id = versions.save_version(project, "First", "spring review", author="planner")
    assert version_id == 1
    (row,) = versions.list_versions(project)
    units = unit_grid(project)
    grids = sql(project, "SELECT grid_id, population, locked FROM grids")
    assert row["name"] == "First" and row["note"] == "spring review"
    assert row["author"] == "planner" and row["kind"] == "manual"
    assert timestamps.CANONICAL.fullmatch(row["created_at"])
    assert row["grid_count"] == len(grids) and row["unit_count"] == len(units) == 36
    assert row["population"] == sum(p for _g, p, _l in grids)
    assert versions.version_units(project, 1) == units
    saved = versions.version_grids(project, "First")
    assert set(saved) == {g for g, _p, _l in grids}
    for grid, pop, locked in grids:
        assert saved[grid]["population"] == pop and saved[grid]["locked"] == locked
        assert "geom" not in saved[grid] and "fid" not in saved[grid]
    # every column of the grids but the geometry, as JSON
    data = sql(project, "SELECT data FROM grid_version_grids LIMIT 1")[0][0]
    assert set(json.loads(data)) == {f.name for f in schema.GRIDS.fields}


def test_versions_are_listed_newest_first_and_found_by_name_or_number(project):
    versions.save_version(project, "First")
    versions.save_version(project, "Second", author="")
    listed = versions.list_versions(project)
    assert [(v["version_id"], v["name"]) for v in listed] == [(2, "Second"), (1, "First")]
    assert listed[1]["author"] == getpass.getuser() and listed[0]["author"] == ""
    assert versions.find_version(project, "First")["version_id"] == 1
    assert versions.find_version(project, 2)["name"] == "Second"
    assert versions.find_version(project, " 1 ")["name"] == "First"
    with pytest.raises(InputError, match="no version “Third”.*2 “Second”, 1 “First”"):
        versions.find_version(project, "Third")


def test_a_name_is_required_and_unique(project):
    versions.save_version(project, "First")
    with pytest.raises(InputError, match="“First” exists already \\(version 1\\)"):
        versions.save_version(project, " First ")
    with pytest.raises(InputError, match="name"):
        versions.save_version(project, "  ")
    assert len(versions.list_versions(project)) == 1
    # the automatic kinds take the next free name
    again = versions.save_version(project, "First", kind=versions.BEFORE_REBUILD)
    assert versions.find_version(project, again)["name"] == "First (2)"


def test_a_project_without_grids_or_versions_is_refused_with_the_reason(plugin, tmp_path):
    bare = str(tmp_path / "bare.gpkg")
    run_createproject(bare, dict(UNIT_PARAMS, INPUT=build_units(tmp_path)))
    with pytest.raises(InputError, match="no grids yet"):
        versions.save_version(bare, "First")
    assert versions.list_versions(bare) == []
    with pytest.raises(InputError, match="no saved versions yet"):
        versions.find_version(bare, "First")


def build_units(folder):
    """A 3 × 3 units layer (fields of :data:`datasets.UNIT_PARAMS`)."""
    return units_layer(str(folder), unit_rows(3, 3))


# ---------------------------------------------------------------------------- compare


def test_compare_a_version_with_the_current_division(project):
    versions.save_version(project, "v1")
    changed = change_division(project)
    result = compare.compare_versions(project, "v1")
    moved = changed["moved"] + changed["renamed_units"]
    assert sorted(c.unit_id for c in result.changes) == sorted(moved)
    assert result.units_changed == len(moved) == 2 + len(changed["renamed_units"])
    assert result.population_moved == population(project, moved)
    by_unit = {c.unit_id: c for c in result.changes}
    first = by_unit[changed["moved"][0]]
    assert (first.grid_a, first.grid_b, first.nest) == (changed["g1"], changed["g2"], "S1")
    assert by_unit[changed["renamed_units"][0]].grid_b == "S2-NEW"
    assert result.grids_created == ["S2-NEW"] and result.grids_retired == [changed["renamed"]]
    assert (result.units_added, result.units_removed) == (1, 1)
    assert result.b_id is None and result.b_name == "the current division"
    nests = {row.nest: row for row in result.per_nest}
    assert set(nests) == {"S1", "S2"}
    assert (nests["S1"].units_changed, nests["S1"].grids_created) == (2, 0)
    assert nests["S1"].population_moved == population(project, changed["moved"])
    s2 = nests["S2"]
    assert (s2.units_changed, s2.grids_created, s2.grids_retired) == (
        len(changed["renamed_units"]),
        1,
        1,
    )


def test_compare_two_saved_versions_both_ways(project):
    versions.save_version(project, "v1")
    changed = change_division(project)
    versions.save_version(project, "v2")
    forward = compare.compare_versions(project, "v1", "v2")
    against_now = compare.compare_versions(project, 1)
    assert (forward.a_id, forward.b_id, forward.b_name) == (1, 2, "v2")
    assert [c.unit_id for c in forward.changes] == [c.unit_id for c in against_now.changes]
    assert forward.population_moved == against_now.population_moved
    back = compare.compare_versions(project, "v2", "1")
    assert back.grids_created == [changed["renamed"]] and back.grids_retired == ["S2-NEW"]
    assert (back.units_added, back.units_removed) == (1, 1)
    assert {(c.unit_id, c.grid_a, c.grid_b) for c in back.changes} == {
        (c.unit_id, c.grid_b, c.grid_a) for c in forward.changes
    }
    same = versions.compare_versions(project, "v2")
    assert same.units_changed == 0 and same.grids_created == same.grids_retired == []
    assert same.per_nest == []


# ---------------------------------------------------------------------------- restore


def test_restore_is_one_undoable_edit_saved_first(project):
    versions.save_version(project, "v1")
    units_v1 = unit_grid(project)
    rows_v1 = sql(project, "SELECT {} FROM grids ORDER BY grid_id".format(ATTRS))
    nests = grids_by_nest(project)
    a, b = nests["S2"][:2]
    loaded = dv.Division.load(project)
    dv.apply_edit(project, dv.plan_merge(loaded, [a, b], into=b))
    loaded = dv.Division.load(project)
    dv.apply_edit(project, dv.plan_lock(loaded, [nests["S1"][0]]))
    edited = unit_grid(project)
    assert edited != units_v1
    done = versions.restore_version(project, "v1", author="planner")
    assert done.version_id == 1 and done.units_changed == len(dv.Division.load(project).members(b))
    assert done.units_changed == sum(1 for u in units_v1 if units_v1[u] != edited[u])
    assert unit_grid(project) == units_v1
    assert sql(project, "SELECT {} FROM grids ORDER BY grid_id".format(ATTRS)) == rows_v1
    backup = versions.find_version(project, done.backup_id)
    assert backup["kind"] == "before_restore" and backup["name"].startswith("Before restoring v1 ")
    assert versions.version_units(project, done.backup_id) == edited
    assert sql(project, "SELECT kind, author FROM grid_edits WHERE fid = ?", (done.edit_id,)) == [
        ("restore", "planner")
    ]
    # one undo brings the edited division back
    assert dv.undo(project) == dv.history(project).can_redo
    assert unit_grid(project) == edited
    # restoring the version the project holds changes nothing and saves nothing
    versions.restore_version(project, "v1")
    count = len(versions.list_versions(project))
    again = versions.restore_version(project, "v1")
    assert (again.units_changed, again.backup_id, again.edit_id) == (0, None, None)
    assert len(versions.list_versions(project)) == count


def test_version_names_are_words_of_reasonable_length_unique_in_any_case(project):
    versions.save_version(project, "Built")
    with pytest.raises(InputError, match="“Built” exists already"):
        versions.save_version(project, "built")
    with pytest.raises(InputError, match="would read as a version number"):
        versions.save_version(project, "1")
    with pytest.raises(InputError, match="at most 120 characters"):
        versions.save_version(project, "x" * 10_000)
    assert [v["name"] for v in versions.list_versions(project)] == ["Built"]


def test_a_restore_that_would_change_a_locked_grid_is_refused(project):
    versions.save_version(project, "v1")
    a, b = grids_by_nest(project)["S2"][:2]
    dv.apply_edit(project, dv.plan_merge(dv.Division.load(project), [a, b], into=b))
    dv.apply_edit(project, dv.plan_lock(dv.Division.load(project), [b]))
    edited = unit_grid(project)
    count = len(versions.list_versions(project))
    with pytest.raises(dv.EditError, match="{} is locked.*Unlock".format(b)):
        versions.restore_version(project, "v1")
    assert unit_grid(project) == edited and len(versions.list_versions(project)) == count


# ---------------------------------------------------------------------------- algorithms


def test_savegridversion_and_its_refusals(project, run_alg, plugin, tmp_path):
    feedback = FeedbackRecorder()
    result = run_alg(
        "servicegrid:savegridversion",
        {"PROJECT": project, "NAME": "Spring", "NOTE": "before the review"},
        feedback,
    )
    assert result["VERSION_ID"] == 1
    saved = versions.find_version(project, 1)
    assert saved["author"] == getpass.getuser() and saved["note"] == "before the review"
    assert any("version 1 “Spring”" in line for line in feedback.infos)
    with pytest.raises(QgsProcessingException, match="“Spring” exists already"):
        run_alg("servicegrid:savegridversion", {"PROJECT": project, "NAME": "Spring"})
    bare = str(tmp_path / "bare.gpkg")
    run_createproject(bare, dict(UNIT_PARAMS, INPUT=build_units(tmp_path)))
    with pytest.raises(QgsProcessingException, match="no grids yet"):
        run_alg("servicegrid:savegridversion", {"PROJECT": bare, "NAME": "x"})


def test_comparegridversions_writes_the_layer_and_the_report(project, run_alg, tmp_path):
    run_alg("servicegrid:savegridversion", {"PROJECT": project, "NAME": "v1"})
    changed = change_division(project)
    out = str(tmp_path / "changes.gpkg")
    report = str(tmp_path / "report.html")
    feedback = FeedbackRecorder()
    result = run_alg(
        "servicegrid:comparegridversions",
        {"PROJECT": project, "VERSION_A": "v1", "OUTPUT": out, "OUTPUT_REPORT": report},
        feedback,
    )
    moved = changed["moved"] + changed["renamed_units"]
    assert result["UNITS_CHANGED"] == len(moved)
    assert result["POPULATION_MOVED"] == population(project, moved)
    assert (result["GRIDS_CREATED"], result["GRIDS_RETIRED"]) == (1, 1)
    layer = QgsVectorLayer(out, "changes", "ogr")
    assert layer.isValid() and layer.crs().authid() == "EPSG:32650"
    names = layer.fields().names()
    for name in ("unit_id", "name", "nest", "population", "grid_a", "grid_b"):
        assert name in names
    features = {f["unit_id"]: f for f in layer.getFeatures()}
    assert sorted(features) == sorted(moved)
    first = features[changed["moved"][0]]
    assert (first["grid_a"], first["grid_b"], first["nest"]) == (changed["g1"], changed["g2"], "S1")
    assert first.geometry().area() == pytest.approx(1e6)
    assert first["name"].startswith("社区")
    text = open(report, encoding="utf-8").read()
    assert "S2-NEW" in text and changed["renamed"] in text
    assert "{:,.0f}".format(result["POPULATION_MOVED"]) in text
    assert "<td>S1</td><td>2</td>" in text
    assert any("units changed grid" in line for line in feedback.infos)
    assert any(line.startswith("Nest S2:") for line in feedback.infos)


def test_comparegridversions_refuses_an_unknown_version(project, run_alg):
    run_alg("servicegrid:savegridversion", {"PROJECT": project, "NAME": "v1"})
    with pytest.raises(QgsProcessingException, match="no version “v9”.*1 “v1”"):
        run_alg(
            "servicegrid:comparegridversions",
            {"PROJECT": project, "VERSION_A": "v9", "OUTPUT": "TEMPORARY_OUTPUT"},
        )


def test_restoregridversion(project, run_alg):
    run_alg("servicegrid:savegridversion", {"PROJECT": project, "NAME": "v1"})
    units_v1 = unit_grid(project)
    nests = grids_by_nest(project)
    loaded = dv.Division.load(project)
    dv.apply_edit(project, dv.plan_merge(loaded, nests["S1"][:2], into=nests["S1"][1]))
    feedback = FeedbackRecorder()
    result = run_alg(
        "servicegrid:restoregridversion", {"PROJECT": project, "VERSION": "1"}, feedback
    )
    assert result["UNITS_CHANGED"] > 0 and result["BACKUP_VERSION_ID"] == 2
    assert unit_grid(project) == units_v1
    assert any("Restored version 1 “v1”" in line for line in feedback.infos)
    with pytest.raises(QgsProcessingException, match="no version “nope”"):
        run_alg("servicegrid:restoregridversion", {"PROJECT": project, "VERSION": "nope"})


def test_a_rebuild_saves_the_previous_division_first(project):
    before = unit_grid(project)
    feedback = FeedbackRecorder()

    def run(alg_id, params):
        import processing

        return processing.run(alg_id, params, feedback=feedback)

    run_buildgrids(project, run, TARGET_POPULATION=8000)
    (saved,) = versions.list_versions(project)
    assert saved["kind"] == "before_rebuild" and saved["name"].startswith("Before rebuild ")
    assert versions.version_units(project, saved["version_id"]) == before
    assert any(
        "Saved the previous division as version 1 “Before rebuild" in line
        for line in feedback.infos
    )


def test_savegridversion_through_qgis_process(project, tmp_path):
    answer = run_qgis_process(
        tmp_path, "servicegrid:savegridversion", {"PROJECT": project, "NAME": "From a script"}
    )
    assert answer["results"]["VERSION_ID"] == 1
    assert versions.find_version(project, "From a script")["kind"] == "manual"
    assert os.path.isfile(project)
