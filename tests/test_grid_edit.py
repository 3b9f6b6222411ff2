"""Editing a division by hand (core/division and the moveunits / mergegrids / splitgrid /
lockgrids algorithms) on real project GeoPackages: grids recomputed from their units, the
editor's refusals, retired grids' staff and outlets kept as decisions, undo / redo from the
journal in the file (also in a copy opened later), a stale plan refused."""

import shutil
import uuid

import pytest
from conftest import build_small_project, run_qgis_process
from datasets import add_feedback, fresh_copy, run_buildgrids, sql, write_assignments
from osgeo import gdal
from qgis.core import QgsProcessingException

from service_grid.algorithms.core import division as dv
from service_grid.algorithms.core import schema

#: The grids' columns but fid and geometry.
ATTRS = ", ".join(f.name for f in schema.GRIDS.fields)

STAFF = [("S01", "张三", 20000), ("S02", "李四", 20000)]
OUTLETS = [
    {"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(401500 3501500)"},
]


@pytest.fixture(scope="module")
def edit_project(plugin, qgis_processing, tmp_path_factory):
    """The 6 × 6 km project (two nests S1, S2; grids of ~12,000 people), S01 assigned to
    every grid of S1, S02 to the first grid of S2, outlet O1 on the first grid of S1."""
    path = build_small_project(tmp_path_factory.mktemp("edit"), STAFF, OUTLETS)
    grids = sql(path, "SELECT grid_id, nest FROM grids ORDER BY grid_id")
    s1 = [g for g, n in grids if n == "S1"]
    s2 = [g for g, n in grids if n == "S2"]
    write_assignments(path, [("S01", g) for g in s1] + [("S02", s2[0])])
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    ds.ExecuteSQL("UPDATE grids SET outlet_id = 'O1' WHERE grid_id = '{}'".format(s1[0]))
    ds = None
    return path


@pytest.fixture
def project(edit_project, tmp_path):
    return fresh_copy(edit_project, tmp_path)


def grids_of(path):
    """{grid id: (population, unit count, area km²)} of the project."""
    return {
        g: (p, c, a)
        for g, p, c, a in sql(path, "SELECT grid_id, population, unit_count, area_km2 FROM grids")
    }


def unit_grid(path):
    return dict(sql(path, "SELECT unit_id, grid_id FROM units"))


def neighbours(path, nest):
    """Two grids of ``nest`` that share a boundary, and a unit of the first on that border."""
    division = dv.Division.load(path)
    ids = sorted(g for g in division.grids if division.grid_nest(g) == nest)
    for a in ids:
        for b in ids:
            if a == b:
                continue
            members_a = division.members(a)
            members_b = division.members(b)
            ga = division.geometries(members_a)
            gb = division.geometries(members_b)
            for i in members_a:
                touching = any(ga[int(i)].intersection(gb[int(j)]).length > 0 for j in members_b)
                if touching and len(members_a) > 1:
                    return a, b, str(division.unit_ids[i])
    raise AssertionError("no neighbouring grids")


def check_consistent(path):
    """Every unit in a grid that exists; every grid's population and unit count are those of
    its units; its polygon covers exactly its units; assignments point at grids."""
    grids = grids_of(path)
    units = sql(path, "SELECT unit_id, grid_id, population FROM units")
    assert {g for _u, g, _p in units} == set(grids)
    for grid, (pop, count, area) in grids.items():
        mine = [p for _u, g, p in units if g == grid]
        assert (pop, count) == (sum(mine), len(mine))
        assert area == pytest.approx(len(mine) * 1.0, rel=1e-6)  # 1 km² units
    assigned = {g for (g,) in sql(path, "SELECT grid_id FROM assignments")}
    assert assigned <= set(grids)


# ---------------------------------------------------------------------------- moves


def test_a_move_recomputes_both_grids_and_is_journaled(project):
    a, b, unit = neighbours(project, "S1")
    before = grids_of(project)
    others = {g: v for g, v in before.items() if g not in (a, b)}
    division = dv.Division.load(project)
    edit = dv.plan_move(division, [unit], b)
    shown = {t.grid_id: t for t in dv.preview(division, edit).totals}
    edit_id = dv.apply_edit(project, edit, author="planner")
    after = grids_of(project)
    assert unit_grid(project)[unit] == b
    moved = sql(project, "SELECT population FROM units WHERE unit_id = ?", (unit,))[0][0]
    assert after[a][0] == before[a][0] - moved and after[b][0] == before[b][0] + moved
    assert after[a][1] == before[a][1] - 1 and after[b][1] == before[b][1] + 1
    assert {g: v for g, v in after.items() if g not in (a, b)} == others
    assert shown[a].population_after == after[a][0] and shown[b].population_after == after[b][0]
    check_consistent(project)
    assert sql(project, "SELECT kind, author, state FROM grid_edits WHERE fid = ?", (edit_id,)) == [
        ("move", "planner", "done")
    ]
    assert dv.history(project).can_undo == edit.label


def test_feedback_in_a_moved_unit_follows_it_and_undo_takes_it_back(project):
    a, b, unit = neighbours(project, "S1")
    division = dv.Division.load(project)
    inside = division.geometries([division.index[unit]])[division.index[unit]].centroid
    other = division.members(a)[[str(division.unit_ids[i]) != unit for i in division.members(a)]][0]
    elsewhere = division.geometries([int(other)])[int(other)].centroid
    moving, staying = str(uuid.uuid4()), str(uuid.uuid4())
    add_feedback(
        project,
        [
            {"x": inside.x, "y": inside.y, "grid_id": a, "rev": 1, "uuid": moving},
            {"x": elsewhere.x, "y": elsewhere.y, "grid_id": a, "rev": 1, "uuid": staying},
        ],
    )
    dv.apply_edit(project, dv.plan_move(division, [unit], b))
    rows = dict((u, (g, r)) for u, g, r in sql(project, "SELECT uuid, grid_id, rev FROM feedback"))
    assert rows[moving] == (b, 2) and rows[staying] == (a, 1)
    dv.undo(project)
    assert sql(project, "SELECT grid_id FROM feedback WHERE uuid = ?", (moving,)) == [(a,)]


def test_moving_across_the_nest_boundary_is_refused_and_nothing_changes(project):
    division = dv.Division.load(project)
    s2_unit = next(u for u, n in zip(division.unit_ids, division.nest) if n == "S2")
    s1_grid = next(g for g in division.grids if division.grid_nest(g) == "S1")
    with pytest.raises(dv.EditError, match="nest S2.*nest S1") as err:
        dv.plan_move(division, [s2_unit], s1_grid)
    assert s2_unit in str(err.value)
    with pytest.raises(dv.EditError, match="lie in 2 nests"):
        dv.plan_new_grid(division, [s2_unit, str(division.unit_ids[division.members(s1_grid)[0]])])


def test_locked_grids_refuse_edits_until_unlocked(project):
    a, b, unit = neighbours(project, "S1")
    dv.apply_edit(project, dv.plan_lock(dv.Division.load(project), [b]))
    assert sql(project, "SELECT locked FROM grids WHERE grid_id = ?", (b,)) == [(1,)]
    with pytest.raises(dv.EditError, match="{} is locked.*Unlock".format(b)):
        dv.plan_move(dv.Division.load(project), [unit], b)
    dv.apply_edit(project, dv.plan_lock(dv.Division.load(project), [b], locked=False))
    dv.apply_edit(project, dv.plan_move(dv.Division.load(project), [unit], b))
    assert unit_grid(project)[unit] == b


def test_unknown_ids_and_empty_selections_are_refused(project):
    division = dv.Division.load(project)
    grid = sorted(division.grids)[0]
    with pytest.raises(dv.EditError, match="NOPE-1"):
        dv.plan_move(division, ["NOPE-1"], grid)
    with pytest.raises(dv.EditError, match="not a grid of the project"):
        dv.plan_move(division, [str(division.unit_ids[0])], "G-NONE")
    with pytest.raises(dv.EditError, match="No units given"):
        dv.plan_move(division, [], grid)
    with pytest.raises(dv.EditError, match="at least two grids"):
        dv.plan_merge(division, [grid])


def test_a_plan_made_before_another_change_is_refused(project):
    a, b, unit = neighbours(project, "S1")
    stale = dv.Division.load(project)
    dv.apply_edit(project, dv.plan_move(dv.Division.load(project), [unit], b))
    snapshot = grids_of(project)
    with pytest.raises(dv.EditError, match="changed since"):
        dv.apply_edit(project, dv.plan_move(stale, [unit], b))
    assert grids_of(project) == snapshot


def test_preview_shows_the_band_and_pieces(project):
    division = dv.Division.load(project)
    a, b, _unit = neighbours(project, "S1")
    edit = dv.plan_merge(division, [a, b], into=b)
    result = dv.preview(division, edit)
    rows = {t.grid_id: t for t in result.totals}
    assert rows[a].status == "retired" and rows[a].units_after == 0
    assert rows[b].units_after == len(division.members(a)) + len(division.members(b))
    assert rows[b].low < division.target < rows[b].high
    assert rows[b].band == "high" and any(b in w and "band" in w for w in result.warnings)
    # one unit taken out of the middle of a grid splits it: the preview warns


# ---------------------------------------------------------------------------- merge, decisions


def test_a_merge_keeps_staff_and_outlets_as_decisions_and_undo_restores_them(project):
    division = dv.Division.load(project)
    outlet_grid = sql(project, "SELECT grid_id FROM grids WHERE outlet_id = 'O1'")[0][0]
    nest = division.grid_nest(outlet_grid)
    other = next(
        g for g in sorted(division.grids) if g != outlet_grid and division.grid_nest(g) == nest
    )
    rows_before = sql(project, "SELECT {} FROM grids ORDER BY grid_id".format(ATTRS))
    assignments_before = sql(
        project, "SELECT uuid, staff_id, grid_id FROM assignments ORDER BY uuid"
    )
    edit = dv.plan_merge(division, [outlet_grid, other], into=other)
    dv.apply_edit(project, edit)
    assert outlet_grid not in grids_of(project)
    check_consistent(project)
    pending = dv.pending_decisions(project)
    kinds = sorted((d["kind"], d["staff_id"] or d["outlet_id"]) for d in pending)
    assert kinds == [("outlet", "O1"), ("staff", "S01")]
    assert {d["suggested_grid"] for d in pending} == {other}
    assert sql(
        project, "SELECT retired_at IS NOT NULL FROM grid_codes WHERE code = ?", (outlet_grid,)
    ) == [(1,)]
    # decide: the outlet goes to the suggested grid
    outlet = next(d for d in pending if d["kind"] == "outlet")
    dv.resolve_decision(project, outlet["uuid"], other)
    assert sql(project, "SELECT outlet_id FROM grids WHERE grid_id = ?", (other,)) == [("O1",)]
    assert len(dv.pending_decisions(project)) == 1
    # undo the decision, then the merge: the project is as before, assignments included
    assert dv.undo(project).startswith("give O1")
    assert len(dv.pending_decisions(project)) == 2
    assert dv.undo(project) == edit.label
    assert dv.pending_decisions(project) == []
    assert sql(project, "SELECT uuid, staff_id, grid_id FROM assignments ORDER BY uuid") == (
        assignments_before
    )
    # every column of every grid as before (the polygons are recomputed from the units)
    assert sql(project, "SELECT {} FROM grids ORDER BY grid_id".format(ATTRS)) == rows_before
    check_consistent(project)
    assert sql(project, "SELECT retired_at FROM grid_codes WHERE code = ?", (outlet_grid,)) == [
        (None,)
    ]
    # redo brings the merge back
    assert dv.redo(project) == edit.label
    assert outlet_grid not in grids_of(project)
    assert len(dv.pending_decisions(project)) == 2


def test_undo_and_redo_survive_reopening_the_file(project, tmp_path):
    a, b, unit = neighbours(project, "S1")
    before = grids_of(project)
    dv.apply_edit(project, dv.plan_move(dv.Division.load(project), [unit], b))
    moved = grids_of(project)
    # another session: the file copied elsewhere and opened anew
    later = str(tmp_path / "reopened.gpkg")
    shutil.copyfile(project, later)
    state = dv.history(later)
    assert state.can_undo and state.can_redo is None
    assert dv.undo(later) == state.can_undo
    assert grids_of(later) == before and unit_grid(later)[unit] == a
    assert dv.history(later).can_redo == state.can_undo
    assert dv.redo(later) == state.can_undo
    assert grids_of(later) == moved


def test_a_new_edit_drops_the_redo_history(project):
    a, b, unit = neighbours(project, "S1")
    dv.apply_edit(project, dv.plan_move(dv.Division.load(project), [unit], b))
    dv.undo(project)
    assert dv.history(project).can_redo
    dv.apply_edit(project, dv.plan_lock(dv.Division.load(project), [a]))
    assert dv.history(project).can_redo is None
    assert sql(project, "SELECT count(*) FROM grid_edits WHERE state = 'undone'") == [(0,)]


# ---------------------------------------------------------------------------- algorithms


def test_the_algorithms_move_merge_and_lock(project, run_alg):
    a, b, unit = neighbours(project, "S1")
    result = run_alg("servicegrid:moveunits", {"PROJECT": project, "UNIT_IDS": unit, "GRID_ID": b})
    assert result["UNITS_MOVED"] == 1 and result["GRID_ID"] == b
    assert unit_grid(project)[unit] == b
    locked = run_alg("servicegrid:lockgrids", {"PROJECT": project, "GRIDS": b, "LOCK": True})
    assert locked["GRID_COUNT"] == 1
    with pytest.raises(QgsProcessingException, match="locked"):
        run_alg("servicegrid:mergegrids", {"PROJECT": project, "GRIDS": "{} {}".format(a, b)})
    run_alg("servicegrid:lockgrids", {"PROJECT": project, "GRIDS": b, "LOCK": False})
    merged = run_alg(
        "servicegrid:mergegrids", {"PROJECT": project, "GRIDS": "{},{}".format(a, b), "INTO": b}
    )
    assert merged["GRID_ID"] == b and a not in grids_of(project)
    check_consistent(project)


def test_the_algorithms_refuse_bad_input_with_the_reason(project, run_alg):
    with pytest.raises(QgsProcessingException, match="not units of the project"):
        run_alg("servicegrid:moveunits", {"PROJECT": project, "UNIT_IDS": "X1, X2", "GRID_ID": ""})
    with pytest.raises(QgsProcessingException, match="at least one id"):
        run_alg("servicegrid:lockgrids", {"PROJECT": project, "GRIDS": " , "})
    with pytest.raises(QgsProcessingException, match="2 to"):
        grid = sql(project, "SELECT grid_id FROM grids ORDER BY unit_count LIMIT 1")[0][0]
        run_alg("servicegrid:splitgrid", {"PROJECT": project, "GRID_ID": grid, "PARTS": 999})


def test_moveunits_through_qgis_process(project, tmp_path):
    a, b, unit = neighbours(project, "S1")
    answer = run_qgis_process(
        tmp_path,
        "servicegrid:moveunits",
        {"PROJECT": project, "UNIT_IDS": unit, "GRID_ID": b},
    )
    assert answer["results"]["UNITS_MOVED"] == 1
    assert unit_grid(project)[unit] == b


# ---------------------------------------------------------------------------- new grids, split


def test_a_new_grid_and_a_split_take_fresh_codes_and_undo_retires_them(project):
    division = dv.Division.load(project)
    grid = max(
        (g for g in division.grids if division.grid_nest(g) == "S1"),
        key=lambda g: len(division.members(g)),
    )
    members = division.members(grid)
    codes_before = {c for (c,) in sql(project, "SELECT code FROM grid_codes")} | set(division.grids)
    split = dv.plan_split(division, grid, 2)
    [new_code] = split.new_grids
    assert new_code not in codes_before and new_code.startswith("S1")
    dv.apply_edit(project, split)
    grids = grids_of(project)
    assert grid in grids and new_code in grids
    assert grids[grid][1] + grids[new_code][1] == len(members)
    assert grids[grid][0] >= grids[new_code][0]  # the larger part keeps the code
    # registered with the sequence the code scheme reads (S1 + 3 digits)
    assert sql(project, "SELECT nest, seq FROM grid_codes WHERE code = ?", (new_code,)) == [
        ("S1", int(new_code[2:]))
    ]
    check_consistent(project)
    dv.undo(project)
    assert new_code not in grids_of(project)
    assert sql(
        project, "SELECT retired_at IS NOT NULL FROM grid_codes WHERE code = ?", (new_code,)
    ) == [(1,)]
    # a later new grid never gets the code the undone split gave
    division = dv.Division.load(project)
    units = [str(division.unit_ids[i]) for i in division.members(grid)[:1]]
    fresh = dv.plan_new_grid(division, units)
    assert new_code not in fresh.new_grids
    dv.apply_edit(project, fresh)
    check_consistent(project)


def test_split_and_lock_chained_in_a_model(project):
    """Model Builder (a model built in code, as Model Builder saves it): split a grid, then
    lock every grid the split produced (the split's GRID_IDS feed the lock's GRIDS)."""
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildDependency,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelParameter,
        QgsProcessingParameterFile,
        QgsProcessingParameterString,
    )

    model = QgsProcessingModelAlgorithm("split and lock", "tests")
    model.addModelParameter(
        QgsProcessingParameterFile("project", "Project", extension="gpkg"),
        QgsProcessingModelParameter("project"),
    )
    model.addModelParameter(
        QgsProcessingParameterString("grid", "Grid"), QgsProcessingModelParameter("grid")
    )
    split = QgsProcessingModelChildAlgorithm("servicegrid:splitgrid")
    split.setChildId("split")
    split.addParameterSources(
        "PROJECT", [QgsProcessingModelChildParameterSource.fromModelParameter("project")]
    )
    split.addParameterSources(
        "GRID_ID", [QgsProcessingModelChildParameterSource.fromModelParameter("grid")]
    )
    split.addParameterSources("PARTS", [QgsProcessingModelChildParameterSource.fromStaticValue(3)])
    model.addChildAlgorithm(split)
    lock = QgsProcessingModelChildAlgorithm("servicegrid:lockgrids")
    lock.setChildId("lock")
    lock.addParameterSources(
        "PROJECT", [QgsProcessingModelChildParameterSource.fromModelParameter("project")]
    )
    lock.addParameterSources(
        "GRIDS", [QgsProcessingModelChildParameterSource.fromChildOutput("split", "GRID_IDS")]
    )
    lock.addParameterSources("LOCK", [QgsProcessingModelChildParameterSource.fromStaticValue(True)])
    lock.setDependencies([QgsProcessingModelChildDependency("split")])
    model.addChildAlgorithm(lock)
    grid = max(grids_of(project), key=lambda g: grids_of(project)[g][1])
    results, ok = model.run(
        {"project": project, "grid": grid}, QgsProcessingContext(), QgsProcessingFeedback()
    )
    assert ok
    made = results["CHILD_RESULTS"]["split"]["GRID_IDS"].split(",")
    assert len(made) == 3 and made[0] == grid
    assert results["CHILD_RESULTS"]["lock"]["GRID_COUNT"] == 3
    locked = {g for (g,) in sql(project, "SELECT grid_id FROM grids WHERE locked = 1")}
    assert locked == set(made)
    check_consistent(project)


# ---------------------------------------------------------------------------- found by trying it


def test_a_plan_whose_target_was_retired_or_locked_meanwhile_is_refused(project):
    """The editor planned a move into b; meanwhile another program merged b away (or locked
    it): applying the plan must not bring b back nor move into a locked grid."""
    a, b, unit = neighbours(project, "S1")
    planned = dv.plan_move(dv.Division.load(project), [unit], b)
    dv.apply_edit(project, dv.plan_lock(dv.Division.load(project), [b]))
    with pytest.raises(dv.EditError, match="{}.*meanwhile".format(b)):
        dv.apply_edit(project, planned)
    assert unit_grid(project)[unit] == a
    dv.apply_edit(project, dv.plan_lock(dv.Division.load(project), [b], locked=False))
    division = dv.Division.load(project)
    third = next(
        g for g in sorted(division.grids) if g not in (a, b) and division.grid_nest(g) == "S1"
    )
    planned = dv.plan_move(division, [unit], b)
    dv.apply_edit(project, dv.plan_merge(dv.Division.load(project), [b, third], into=third))
    snapshot = grids_of(project)
    with pytest.raises(dv.EditError, match="meanwhile"):
        dv.apply_edit(project, planned)
    assert grids_of(project) == snapshot and b not in snapshot
    check_consistent(project)


def test_undo_keeps_what_was_changed_after_the_edit(project):
    """Classify / allocatestaff / the attribute table changed a grid after a move: undoing the
    move takes back the move, not those later changes."""
    a, b, unit = neighbours(project, "S1")
    dv.apply_edit(project, dv.plan_move(dv.Division.load(project), [unit], b))
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    ds.ExecuteSQL(
        "UPDATE grids SET outlet_id = 'O9', recommended_staff = 7, strategy = 'x' "
        "WHERE grid_id = '{}'".format(b)
    )
    ds = None
    dv.undo(project)
    assert unit_grid(project)[unit] == a
    assert sql(
        project, "SELECT outlet_id, recommended_staff, strategy FROM grids WHERE grid_id = ?", (b,)
    ) == [("O9", 7, "x")]
    dv.redo(project)
    assert sql(project, "SELECT outlet_id FROM grids WHERE grid_id = ?", (b,)) == [("O9",)]
    check_consistent(project)


def test_no_op_and_pointless_edits_are_refused(project):
    division = dv.Division.load(project)
    single = next((g for g in division.grids if len(division.members(g)) == 1), None)
    grid = max(division.grids, key=lambda g: len(division.members(g)))
    with pytest.raises(dv.EditError, match="not locked"):
        dv.plan_lock(division, [grid], locked=False)
    whole = [str(division.unit_ids[i]) for i in division.members(grid)]
    with pytest.raises(dv.EditError, match="whole of grid {}".format(grid)):
        dv.plan_new_grid(division, whole)
    if single is not None:
        with pytest.raises(dv.EditError, match="one unit: it cannot be split"):
            dv.plan_split(division, single, 2)


def test_a_merge_into_the_grid_with_the_same_outlet_asks_nothing_about_it(project):
    division = dv.Division.load(project)
    outlet_grid = sql(project, "SELECT grid_id FROM grids WHERE outlet_id = 'O1'")[0][0]
    other = next(
        g
        for g in sorted(division.grids)
        if g != outlet_grid and division.grid_nest(g) == division.grid_nest(outlet_grid)
    )
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    ds.ExecuteSQL("UPDATE grids SET outlet_id = 'O1' WHERE grid_id = '{}'".format(other))
    ds = None
    dv.apply_edit(project, dv.plan_merge(dv.Division.load(project), [outlet_grid, other], other))
    assert [d["kind"] for d in dv.pending_decisions(project)] == ["staff"]


def test_a_rebuild_keeps_outlets_decides_staff_and_moves_feedback(project, run_alg):
    """buildgrids with PROJECT replaces the grids: a grid that keeps its code keeps its outlet,
    the staff and outlets of grids that are gone wait as decisions, feedback points take the
    grid of the unit they lie in; no table points at a grid that is gone."""
    division = dv.Division.load(project)
    points = []
    for grid in sorted(division.grids):
        first = int(division.members(grid)[0])
        centre = division.geometries([first])[first].centroid
        points.append({"x": centre.x, "y": centre.y, "grid_id": grid, "uuid": str(uuid.uuid4())})
    add_feedback(project, points)
    outlet_grid = sql(project, "SELECT grid_id FROM grids WHERE outlet_id = 'O1'")[0][0]
    assigned = sql(project, "SELECT count(*) FROM assignments")[0][0]
    result = run_buildgrids(project, run_alg, TARGET_POPULATION=30000)
    grids = set(grids_of(project))
    assert result["GRID_COUNT"] == len(grids) < len(division.grids)
    check_consistent(project)  # assignments point only at grids that exist
    gone = set(division.grids) - grids
    pending = dv.pending_decisions(project)
    assert {d["grid_id"] for d in pending} <= gone and pending
    assert all(d["suggested_grid"] in grids for d in pending)
    kept = sql(project, "SELECT count(*) FROM assignments")[0][0]
    assert kept + sum(d["kind"] == "staff" for d in pending) == assigned  # none lost
    unit_of = dict(sql(project, "SELECT unit_id, grid_id FROM units"))
    for row in points:
        new = sql(project, "SELECT grid_id FROM feedback WHERE uuid = ?", (row["uuid"],))[0][0]
        assert new in grids
    if outlet_grid in grids:
        assert sql(project, "SELECT outlet_id FROM grids WHERE grid_id = ?", (outlet_grid,)) == [
            ("O1",)
        ]
    else:
        assert any(d["kind"] == "outlet" and d["outlet_id"] == "O1" for d in pending)
    assert set(unit_of.values()) == grids


def test_undo_labels_follow_the_language_of_who_reads_them(project):
    """An edit made in one language shows its Undo / Redo label in the reader's language
    (the journal keeps the English template and its values)."""
    from service_grid.algorithms.core import i18n

    a, b, unit = neighbours(project, "S1")
    before = i18n._translator
    try:
        i18n.set_translator(lambda _context, text: "«" + text + "»")
        edit = dv.plan_move(dv.Division.load(project), [unit], b)
        assert edit.label == "«move unit {} to {}»".format(unit, b)
        dv.apply_edit(project, edit)
        i18n.set_translator(None)
        assert dv.history(project).can_undo == "move unit {} to {}".format(unit, b)
        assert dv.undo(project) == "move unit {} to {}".format(unit, b)
        assert dv.history(project).can_redo == "move unit {} to {}".format(unit, b)
    finally:
        i18n.set_translator(before)
    # the label column keeps the text as it was written (for readers of the table)
    assert sql(project, "SELECT label FROM grid_edits") == [
        ("«move unit {} to {}»".format(unit, b),)
    ]
