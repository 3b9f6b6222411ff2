"""The Grid editor dock, driven like a user does (pytest-qt, the real widget, the real map
canvas) on a real project GeoPackage: opened from the menu, units selected on the units
layer and with the map tool, the live panel with its colours, a refusal across the nest
boundary, a move applied in the background and shown by the layers, undo / redo with their
labels, decisions of a retired grid, the labels in Chinese."""

import os
import re

import pytest
from conftest import MAIN_TS, build_small_project, check_translated, close_dock, open_dock
from datasets import fresh_copy, sql, write_assignments
from osgeo import gdal
from qgis.core import QgsPointXY, QgsProject
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt

from service_grid.algorithms.core import division as dv
from service_grid.algorithms.core.division import versions
from service_grid.algorithms.project_template import read_project
from service_grid.plugin import i18n
from service_grid.plugin.grid_editor_dock import (
    LOCK,
    MERGE,
    MOVE,
    NEW,
    UNLOCK,
    GridEditorDock,
)
from service_grid.plugin.grid_editor_panel import BAND_COLOURS, TotalsModel
from service_grid.plugin.grid_editor_state import project_layer, read_state, state_after

STAFF = [("S01", "张三", 20000), ("S02", "李四", 20000)]
OUTLETS = [{"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(401500 3501500)"}]
DOCK_SOURCES = [
    "forms/grid_editor_dock.ui",
    "plugin/grid_editor_dock.py",
    "plugin/grid_editor_panel.py",
    "plugin/grid_editor_decisions.py",
    "plugin/grid_editor_tool.py",
    "plugin/grid_versions_panel.py",
    "plugin/plugin.py",
]
_ROLE = Qt.ItemDataRole


@pytest.fixture(scope="module")
def edit_project(plugin, qgis_processing, tmp_path_factory):
    """The 6 × 6 km project (nests S1, S2; grids of ~12,000 people), S01 assigned to every
    grid of S1, outlet O1 on the first grid of S1."""
    path = build_small_project(tmp_path_factory.mktemp("editor"), STAFF, OUTLETS)
    s1 = [g for (g,) in sql(path, "SELECT grid_id FROM grids WHERE nest = 'S1' ORDER BY grid_id")]
    write_assignments(path, [("S01", g) for g in s1])
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    ds.ExecuteSQL("UPDATE grids SET outlet_id = 'O1' WHERE grid_id = '{}'".format(s1[0]))
    ds = None
    return path


@pytest.fixture
def editor(edit_project, tmp_path, qgis_iface, qtbot):
    """A fresh copy of the project read into QGIS, and the Grid editor dock on it."""
    path = fresh_copy(edit_project, tmp_path)
    project = QgsProject.instance()
    assert read_project(project, path)
    dock = open_dock(GridEditorDock, qgis_iface)
    yield path, dock
    close_dock(dock)
    project.clear()


def neighbours(path, nest):
    """Two grids of ``nest`` sharing a boundary and a unit of the first on that border."""
    division = dv.Division.load(path)
    ids = sorted(g for g in division.grids if division.grid_nest(g) == nest)
    for a in ids:
        for b in ids:
            members_a, members_b = division.members(a), division.members(b)
            if a == b or len(members_a) < 2:
                continue
            ga, gb = division.geometries(members_a), division.geometries(members_b)
            for i in members_a:
                if any(ga[int(i)].intersection(gb[int(j)]).length > 0 for j in members_b):
                    return a, b, str(division.unit_ids[i])
    raise AssertionError("no neighbouring grids")


def preview(qtbot, dock, action):
    """Do ``action()`` and wait for the panel to show its preview."""
    with qtbot.waitSignal(dock.previewUpdated, timeout=5000):
        action()


def run(qtbot, dock, button):
    """Click ``button`` and wait until the background write has finished."""
    with qtbot.waitSignal(dock.taskFinished, timeout=30000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args == [True]


def layer_grid(dock, unit_id):
    return [f["grid_id"] for f in dock.units_layer.getFeatures() if f["unit_id"] == unit_id][0]


# ---------------------------------------------------------------------- opening


def test_the_menu_action_opens_the_editor_on_the_loaded_project(
    plugin, edit_project, tmp_path, qgis_iface
):
    path = fresh_copy(edit_project, tmp_path)
    QgsProject.instance().clear()
    qgis_iface.mainWindow().show()
    assert read_project(QgsProject.instance(), path)
    try:
        action = plugin.grid_editor_action
        assert action in plugin.menu.actions() and action in plugin.toolbar.actions()
        action.trigger()
        dock = plugin.grid_editor_dock
        assert isinstance(dock, GridEditorDock) and dock.isUserVisible() and action.isChecked()
        assert os.path.samefile(dock.path, path)
        assert dock.units_layer is project_layer(path, "units") is not None
        grids = sql(path, "SELECT count(*) FROM grids")[0][0]
        assert dock.targetCombo.count() == grids + 1
        assert "{} grids, 36 units".format(grids) in dock.summaryLabel.text()
        action.trigger()
        assert not dock.isUserVisible()
    finally:
        plugin.unload()
        assert plugin.grid_editor_dock is None
        plugin.initGui()
        QgsProject.instance().clear()


# ---------------------------------------------------------------------- edits


def test_a_move_previews_applies_undoes_and_redoes(editor, qtbot):
    path, dock = editor
    a, b, unit = neighbours(path, "S1")
    pop = dict(sql(path, "SELECT grid_id, population FROM grids"))
    unit_pop = sql(path, "SELECT population FROM units WHERE unit_id = ?", (unit,))[0][0]
    preview(qtbot, dock, lambda: dock.select_units([unit]))
    assert dock.selected_units() == [unit]
    assert "Unit {} of grid {} selected".format(unit, a) in dock.selectionLabel.text()
    assert not dock.applyButton.isEnabled()  # no target yet
    preview(qtbot, dock, lambda: dock.set_target(b))
    model = dock.model
    assert model.rowCount() == 2 and {model.rows[0].grid_id, model.rows[1].grid_id} == {a, b}
    row_b = model.row_of(b)
    cell = model.index(row_b, TotalsModel.POPULATION)
    assert cell.data() == "{:,.0f} → {:,.0f}".format(pop[b], pop[b] + unit_pop)
    totals = model.rows[row_b]
    assert totals.population_after == pytest.approx(pop[b] + unit_pop)
    colour = cell.data(_ROLE.BackgroundRole).color()
    assert colour == BAND_COLOURS[totals.status] and totals.status in ("ok", "low", "high")
    assert model.index(row_b, TotalsModel.UNITS).data() == "{} → {}".format(
        totals.units_before, totals.units_before + 1
    )
    label = "move unit {} to {}".format(unit, b)
    assert dock.applyButton.isEnabled() and dock.applyButton.text() == "Apply: " + label

    run(qtbot, dock, dock.applyButton)
    assert sql(path, "SELECT grid_id FROM units WHERE unit_id = ?", (unit,))[0][0] == b
    assert layer_grid(dock, unit) == b  # the layer on the map reads the file again
    grids_layer = project_layer(path, "grids")
    assert {f["grid_id"]: f["population"] for f in grids_layer.getFeatures()}[b] == pytest.approx(
        pop[b] + unit_pop
    )
    assert dock.undoButton.isEnabled() and dock.undoButton.text() == "Undo: " + label
    assert not dock.redoButton.isEnabled() and dock.redoButton.text() == "Redo"

    run(qtbot, dock, dock.undoButton)
    assert sql(path, "SELECT grid_id FROM units WHERE unit_id = ?", (unit,))[0][0] == a
    assert layer_grid(dock, unit) == a
    assert dock.redoButton.text() == "Redo: " + label and not dock.undoButton.isEnabled()

    run(qtbot, dock, dock.redoButton)
    assert sql(path, "SELECT grid_id FROM units WHERE unit_id = ?", (unit,))[0][0] == b
    assert dock.undoButton.text() == "Undo: " + label


def test_a_move_across_the_nest_boundary_is_refused_with_the_reason(editor, qtbot):
    path, dock = editor
    unit = sql(path, "SELECT unit_id FROM units WHERE nest = 'S1' LIMIT 1")[0][0]
    other = sql(path, "SELECT grid_id FROM grids WHERE nest = 'S2' LIMIT 1")[0][0]
    preview(qtbot, dock, lambda: dock.select_units([unit]))
    preview(qtbot, dock, lambda: dock.set_target(other))
    assert not dock.applyButton.isEnabled() and dock.applyButton.text() == "Apply"
    assert "nest" in dock.refusal and unit in dock.refusal
    assert "never crosses the nest boundary" in dock.messageLabel.text()
    assert dock.model.rowCount() == 0
    assert dock.apply() is None  # nothing is written
    assert sql(path, "SELECT grid_id FROM units WHERE unit_id = ?", (unit,))[0][0] != other


def test_a_merge_leaves_decisions_that_are_assigned_to_the_suggested_grid(editor, qtbot):
    path, dock = editor
    s1 = [g for (g,) in sql(path, "SELECT grid_id FROM grids WHERE nest = 'S1' ORDER BY grid_id")]
    first, into = s1[0], s1[1]
    unit = sql(path, "SELECT unit_id FROM units WHERE grid_id = ? LIMIT 1", (first,))[0][0]
    preview(qtbot, dock, lambda: dock.select_units([unit]))
    preview(qtbot, dock, lambda: dock.set_target(into))
    preview(qtbot, dock, lambda: dock.set_operation(MERGE))
    retired = dock.model.rows[dock.model.row_of(first)]
    assert retired.status == "retired" and retired.units_after == 0
    index = dock.model.index(dock.model.row_of(first), TotalsModel.STATUS)
    assert index.data() == "retired" and (
        index.data(_ROLE.BackgroundRole).color() == BAND_COLOURS["retired"]
    )
    run(qtbot, dock, dock.applyButton)
    assert sql(path, "SELECT count(*) FROM grids WHERE grid_id = ?", (first,))[0][0] == 0
    kinds = sorted(r["kind"] for r in dock.decisions.rows)
    assert kinds == ["outlet", "staff"] and dock.decisionsTable.rowCount() == 2
    assert dock.decisionsBox.title() == "Needs a decision (2)"
    by_kind = {r["kind"]: r for r in dock.decisions.rows}
    assert by_kind["outlet"]["suggested_grid"] == into
    dock.decisions.select([by_kind["outlet"]["uuid"]])
    assert dock.suggestedButton.isEnabled()
    run(qtbot, dock, dock.suggestedButton)
    assert dock.decisionsTable.rowCount() == 1
    assert sql(path, "SELECT outlet_id FROM grids WHERE grid_id = ?", (into,))[0][0] == "O1"
    assigned = sql(path, "SELECT count(*) FROM assignments")[0][0]
    dock.decisions.select([by_kind["staff"]["uuid"]])
    run(qtbot, dock, dock.dropButton)
    assert dock.decisionsTable.rowCount() == 0 and dock.decisionsBox.title() == "Needs a decision"
    assert sql(path, "SELECT count(*) FROM assignments")[0][0] == assigned
    assert dock.undoButton.text() == "Undo: drop S01 of retired grid {}".format(first)
    run(qtbot, dock, dock.undoButton)  # the decision comes back
    assert [r["kind"] for r in dock.decisions.rows] == ["staff"]


def test_a_locked_grid_refuses_moves_until_unlocked(editor, qtbot):
    path, dock = editor
    a, b, unit = neighbours(path, "S1")
    preview(qtbot, dock, lambda: dock.set_target(b))
    preview(qtbot, dock, lambda: dock.set_operation(LOCK))
    assert dock.applyButton.text() == "Apply: lock {}".format(b)
    assert dock.model.rows[0].locked and dock.model.index(0, TotalsModel.STATUS).data().endswith(
        "locked"
    )
    run(qtbot, dock, dock.applyButton)
    assert sql(path, "SELECT locked FROM grids WHERE grid_id = ?", (b,))[0][0] == 1
    # the lock is not offered again: the target is cleared, the list marks the grid locked
    assert dock.target_grid() is None and not dock.applyButton.isEnabled() and not dock.refusal
    assert dock.targetCombo.itemText(dock.targetCombo.findData(b)).endswith("locked")
    preview(qtbot, dock, lambda: dock.set_operation(MOVE))
    assert dock.hint and not dock.refusal  # what to choose next, not a refusal
    preview(qtbot, dock, lambda: dock.set_target(b))
    preview(qtbot, dock, lambda: dock.select_units([unit]))
    assert not dock.applyButton.isEnabled() and "locked" in dock.refusal and b in dock.refusal
    preview(qtbot, dock, lambda: dock.set_operation(UNLOCK))
    assert dock.applyButton.text() == "Apply: unlock {}".format(b)  # a is not locked
    run(qtbot, dock, dock.applyButton)
    assert sql(path, "SELECT locked FROM grids WHERE grid_id = ?", (b,))[0][0] == 0
    preview(qtbot, dock, lambda: dock.set_target(b))
    preview(qtbot, dock, lambda: dock.set_operation(MOVE))
    assert dock.applyButton.isEnabled() and not dock.refusal


# ---------------------------------------------------------------------- versions


def test_versions_save_compare_and_restore(editor, qtbot):
    path, dock = editor
    a, b, unit = neighbours(path, "S1")
    assert dock.versions.rows == [] and dock.versionsTable.rowCount() == 0
    with qtbot.waitSignal(dock.taskFinished, timeout=30000):
        dock.versions.save("plan A", "as built")
    assert dock.versionsTable.rowCount() == 1
    cells = [dock.versionsTable.item(0, c).text() for c in range(5)]
    assert cells[0] == "plan A" and cells[3] == "as built" and cells[4] == "saved"
    preview(qtbot, dock, lambda: dock.select_units([unit]))
    preview(qtbot, dock, lambda: dock.set_target(b))
    run(qtbot, dock, dock.applyButton)
    # compare "plan A" with the current division (servicegrid:comparegridversions)
    dock.versions.select([dock.versions.rows[0]["version_id"]])
    assert dock.compareCombo.currentData() == -1 and dock.compareButton.isEnabled()
    with qtbot.waitSignal(dock.versions.compared, timeout=60000) as blocker:
        qtbot.mouseClick(dock.compareButton, Qt.MouseButton.LeftButton)
    assert blocker.args == [True]
    text = dock.compareLabel.text()
    assert text.startswith("plan A → the current division: 1 units changed grid"), text
    layer = dock.versions.layer
    assert layer is not None and layer.id() in QgsProject.instance().mapLayers()
    assert [(f["unit_id"], f["grid_a"], f["grid_b"]) for f in layer.getFeatures()] == [(unit, a, b)]
    assert layer.labelsEnabled() and layer.renderer().symbol().color().alpha() < 255  # styled
    # the core's comparison (as when the algorithm is not there) gives the same, per nest
    dock.versions._names = ("plan A", "now")
    dock.versions.show_comparison(versions.compare_versions(path, "plan A"))
    assert "1 units changed grid" in dock.compareLabel.text()
    assert "Nest S1: 1 units" in dock.compareLabel.text()
    # restore "plan A": the unit goes back; the division before is kept as a version
    dock.versions.select([dock.versions.rows[0]["version_id"]])
    with qtbot.waitSignal(dock.taskFinished, timeout=30000):
        dock.versions.restore_selected(ask=False)
    assert sql(path, "SELECT grid_id FROM units WHERE unit_id = ?", (unit,))[0][0] == a
    kinds = [dock.versionsTable.item(r, 4).text() for r in range(dock.versionsTable.rowCount())]
    assert sorted(kinds) == ["before a restore", "saved"]
    assert dock.undoButton.text().startswith("Undo: restore version")


# ---------------------------------------------------------------------- map tools


def _mouse(canvas, kind, point, modifiers=Qt.KeyboardModifier.NoModifier):
    pixel = canvas.getCoordinateTransform().transform(point)
    pos = QPoint(int(pixel.x()), int(pixel.y()))
    return QgsMapMouseEvent(
        canvas, kind, pos, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, modifiers
    )


def _click(tool, point, modifiers=Qt.KeyboardModifier.NoModifier):
    canvas = tool.canvas()
    tool.canvasPressEvent(_mouse(canvas, QEvent.Type.MouseButtonPress, point, modifiers))
    tool.canvasReleaseEvent(_mouse(canvas, QEvent.Type.MouseButtonRelease, point, modifiers))


def test_the_map_tools_select_units_and_pick_the_target(editor, qtbot, qgis_iface):
    path, dock = editor
    canvas = qgis_iface.mapCanvas()
    layer = dock.units_layer
    canvas.resize(600, 600)
    canvas.setDestinationCrs(layer.crs())
    canvas.setLayers([layer])
    canvas.setExtent(layer.extent())
    features = sorted(layer.getFeatures(), key=lambda f: f["unit_id"])
    first, second = features[0], features[7]
    centre = lambda f: QgsPointXY(f.geometry().pointOnSurface().asPoint())  # noqa: E731
    qtbot.mouseClick(dock.selectToolButton, Qt.MouseButton.LeftButton)
    tool = dock.select_tool
    assert canvas.mapTool() is tool and dock.selectToolButton.isChecked()
    preview(qtbot, dock, lambda: _click(tool, centre(first)))
    assert layer.selectedFeatureIds() == [first.id()]
    assert dock.selected_units() == [first["unit_id"]]
    _click(tool, centre(second), Qt.KeyboardModifier.ShiftModifier)
    assert sorted(layer.selectedFeatureIds()) == sorted([first.id(), second.id()])
    _click(tool, centre(first), Qt.KeyboardModifier.ControlModifier)
    assert layer.selectedFeatureIds() == [second.id()]
    # a rectangle dragged over the whole layer selects every unit
    corner_a = QgsPointXY(layer.extent().xMinimum() + 1, layer.extent().yMinimum() + 1)
    corner_b = QgsPointXY(layer.extent().xMaximum() - 1, layer.extent().yMaximum() - 1)
    tool.canvasPressEvent(_mouse(canvas, QEvent.Type.MouseButtonPress, corner_a))
    tool.canvasMoveEvent(_mouse(canvas, QEvent.Type.MouseMove, corner_b))
    tool.canvasReleaseEvent(_mouse(canvas, QEvent.Type.MouseButtonRelease, corner_b))
    assert layer.selectedFeatureCount() == layer.featureCount() == 36
    # the pick tool makes the grid under the click the target
    qtbot.mouseClick(dock.pickGridButton, Qt.MouseButton.LeftButton)
    assert canvas.mapTool() is dock.pick_tool and not dock.selectToolButton.isChecked()
    _click(dock.pick_tool, centre(second))
    assert dock.target_grid() == second["grid_id"]
    dock.tools.release()
    assert canvas.mapTool() is None and not dock.pickGridButton.isChecked()


# ---------------------------------------------------------------------- translations


def test_every_editor_string_has_a_chinese_translation(tmp_path):
    assert len(check_translated(DOCK_SOURCES, tmp_path, [MAIN_TS])) > 60


def test_the_editor_speaks_chinese(editor, qtbot):
    path, dock = editor
    assert i18n.install_translator("zh_CN") is not None
    try:
        from qgis.PyQt.QtCore import QCoreApplication

        QgsProject.instance().clear()
        chinese = GridEditorDock(None)
        try:
            assert chinese.windowTitle() == "网格编辑"
            assert chinese.moveButton.text() == QCoreApplication.translate(
                "GridEditorDock", "Move to grid"
            )
            assert chinese.moveButton.text() != "Move to grid"
            assert chinese.tabs.tabText(1) == "版本"
            assert (
                chinese.model.headerData(TotalsModel.POPULATION, Qt.Orientation.Horizontal)
                == "人口"
            )
            chinese.open_project(path)
            assert "个网格" in chinese.summaryLabel.text()
        finally:
            close_dock(chinese)
    finally:
        i18n.install_translator("en_US")


def test_undo_after_another_program_cleared_the_history_says_so(editor, qtbot):
    """The editor shows "Undo: …", then a rebuild elsewhere clears the journal: Undo must not
    claim success; it says what happened and reloads."""
    path, dock = editor
    a, b, unit = neighbours(path, "S1")
    preview(qtbot, dock, lambda: dock.set_target(b))
    preview(qtbot, dock, lambda: dock.select_units([unit]))
    run(qtbot, dock, dock.applyButton)
    assert dock.undoButton.isEnabled()
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    ds.ExecuteSQL("DELETE FROM grid_edits")  # what a rebuild does
    ds = None
    with qtbot.waitSignal(dock.taskFinished, timeout=30000) as finished:
        assert dock.undo() is not None
    assert finished.args == [False]  # not "Undone: …"
    assert sql(path, "SELECT grid_id FROM units WHERE unit_id = ?", (unit,))[0][0] == b
    qtbot.waitUntil(lambda: not dock.undoButton.isEnabled(), timeout=30000)  # reloaded


# ---------------------------------------------------------------------- new grid, split


def codes_of(path, nest):
    """Every code the project ever gave in ``nest`` (the register, retired codes included)."""
    return {c for (c,) in sql(path, "SELECT code FROM grid_codes WHERE nest = ?", (nest,))}


def grid_units(path, grid):
    return sorted(u for (u,) in sql(path, "SELECT unit_id FROM units WHERE grid_id = ?", (grid,)))


def test_new_grid_from_units_of_one_nest(editor, qtbot):
    """Units of one nest selected on the units layer → New grid → a row "new" with a fresh code
    (nest code + 3 digits) → Apply → the grid is in the project with those units; undo."""
    path, dock = editor
    a, _b, unit = neighbours(path, "S1")
    members = grid_units(path, a)
    chosen = [unit] + [u for u in members if u != unit][:1]  # two units of grid a
    assert len(chosen) == 2 and len(members) > 2
    before = {g for (g,) in sql(path, "SELECT grid_id FROM grids")}
    register = codes_of(path, "S1")
    assert register >= {g for g in before if g.startswith("S1")}
    pop_a = sql(path, "SELECT population FROM grids WHERE grid_id = ?", (a,))[0][0]
    people = sum(
        sql(path, "SELECT population FROM units WHERE unit_id = ?", (u,))[0][0] for u in chosen
    )

    preview(qtbot, dock, lambda: qtbot.mouseClick(dock.newGridButton, Qt.MouseButton.LeftButton))
    assert dock.operation() == NEW and dock.hint and not dock.applyButton.isEnabled()
    preview(qtbot, dock, lambda: dock.select_units(chosen))
    assert "2 units of grid {} selected".format(a) in dock.selectionLabel.text()
    rows = {row.grid_id: row for row in dock.model.rows}
    assert len(rows) == 2 and a in rows
    [new] = [g for g, row in rows.items() if row.status == "new"]
    # the next code of the nest: S1 + a 3-digit sequence above every code ever given
    assert re.fullmatch(r"S1\d{3}", new) and new not in register
    assert int(new[2:]) == max(int(c[2:]) for c in register) + 1
    assert rows[new].units_before == 0 and rows[new].units_after == 2
    assert rows[new].population_after == pytest.approx(people)
    assert rows[a].units_after == len(members) - 2
    assert rows[a].population_after == pytest.approx(pop_a - people)
    status = dock.model.index(dock.model.row_of(new), TotalsModel.STATUS)
    # a grid of 2 units is far below the target: "new · below band", coloured as below
    assert status.data() == "new · below band" and rows[new].band == "low"
    assert status.data(_ROLE.BackgroundRole).color() == BAND_COLOURS["low"]
    label = "new grid {} from 2 units".format(new)
    assert dock.applyButton.isEnabled() and dock.applyButton.text() == "Apply: " + label

    run(qtbot, dock, dock.applyButton)
    assert grid_units(path, new) == sorted(chosen)
    assert sql(path, "SELECT nest, unit_count FROM grids WHERE grid_id = ?", (new,)) == [("S1", 2)]
    assert sql(path, "SELECT population FROM grids WHERE grid_id = ?", (new,))[0][0] == (
        pytest.approx(people)
    )
    assert new in codes_of(path, "S1")  # registered: never given again
    assert {layer_grid(dock, u) for u in chosen} == {new}  # the layers read the file again
    assert new in {f["grid_id"] for f in project_layer(path, "grids").getFeatures()}
    assert dock.targetCombo.findData(new) > 0
    assert dock.selected_units() == [] and dock.model.rowCount() == 0  # nothing stale offered
    assert dock.undoButton.text() == "Undo: " + label

    run(qtbot, dock, dock.undoButton)
    assert sql(path, "SELECT count(*) FROM grids WHERE grid_id = ?", (new,)) == [(0,)]
    assert grid_units(path, a) == members
    assert dock.targetCombo.findData(new) == -1
    assert dock.redoButton.text() == "Redo: " + label


def test_a_new_grid_across_two_nests_is_refused(editor, qtbot):
    path, dock = editor
    pair = [
        sql(path, "SELECT unit_id FROM units WHERE nest = ? ORDER BY unit_id LIMIT 1", (n,))[0][0]
        for n in ("S1", "S2")
    ]
    grids = sql(path, "SELECT count(*) FROM grids")[0][0]
    preview(qtbot, dock, lambda: dock.set_operation(NEW))
    preview(qtbot, dock, lambda: dock.select_units(pair))
    assert "2 units selected in 2 grids" in dock.selectionLabel.text()
    assert "2 nests (S1, S2)" in dock.refusal and "never crosses the nest boundary" in dock.refusal
    assert "Select units of one nest" in dock.messageLabel.text()
    assert not dock.applyButton.isEnabled() and dock.applyButton.text() == "Apply"
    assert dock.applyButton.toolTip() == dock.refusal
    assert dock.model.rowCount() == 0
    assert dock.apply() is None  # nothing is written
    assert sql(path, "SELECT count(*) FROM grids")[0][0] == grids
    assert sql(path, "SELECT count(*) FROM grid_edits")[0][0] == 0


def test_split_the_target_grid_in_two(editor, qtbot):
    """A grid chosen as the target, Split, parts 3 then 2 → the grid and one new grid in the
    preview → Apply → two grids sharing its units, the bigger part keeps the code; undo."""
    path, dock = editor
    grid, units = max(
        ((g, n) for g, n in sql(path, "SELECT grid_id, unit_count FROM grids")), key=lambda r: r[1]
    )
    nest = sql(path, "SELECT nest FROM grids WHERE grid_id = ?", (grid,))[0][0]
    members = grid_units(path, grid)
    register = codes_of(path, nest)
    assert units == len(members) >= 3
    preview(qtbot, dock, lambda: qtbot.mouseClick(dock.splitButton, Qt.MouseButton.LeftButton))
    assert dock.hint and not dock.applyButton.isEnabled()  # no grid yet: a hint
    preview(qtbot, dock, lambda: dock.set_target(grid))
    preview(qtbot, dock, lambda: dock.partsSpin.setValue(3))
    assert dock.model.rowCount() == 3
    preview(qtbot, dock, lambda: dock.partsSpin.setValue(2))
    rows = {row.grid_id: row for row in dock.model.rows}
    [new] = [g for g in rows if g != grid]
    assert len(rows) == 2 and rows[new].status == "new" and rows[grid].status != "new"
    assert re.fullmatch(re.escape(nest) + r"\d{3}", new) and new not in register
    assert rows[grid].units_before == units and rows[new].units_before == 0
    assert rows[grid].units_after + rows[new].units_after == units
    assert rows[grid].population_after >= rows[new].population_after  # the bigger keeps the code
    label = "split {} into 2 grids".format(grid)
    assert dock.applyButton.isEnabled() and dock.applyButton.text() == "Apply: " + label

    run(qtbot, dock, dock.applyButton)
    kept, made = grid_units(path, grid), grid_units(path, new)
    assert len(kept) == rows[grid].units_after and len(made) == rows[new].units_after
    assert sorted(kept + made) == members
    assert sql(
        path,
        "SELECT grid_id, unit_count FROM grids WHERE grid_id IN (?, ?) ORDER BY grid_id",
        (grid, new),
    ) == sorted([(grid, len(kept)), (new, len(made))])
    assert new in codes_of(path, nest)
    assert dock.targetCombo.findData(new) > 0
    assert dock.target_grid() is None and not dock.applyButton.isEnabled()  # not offered again
    assert dock.undoButton.text() == "Undo: " + label

    run(qtbot, dock, dock.undoButton)
    assert grid_units(path, grid) == members
    assert sql(path, "SELECT count(*) FROM grids WHERE grid_id = ?", (new,)) == [(0,)]
    assert dock.redoButton.text() == "Redo: " + label


# ---------------------------------------------------------------------- after an edit


def _same_division(left, right):
    assert list(left.grid_of) == list(right.grid_of)
    assert left.grids == right.grids and left.codes == right.codes
    assert {g: sorted(left.members(g)) for g in left.grids} == {
        g: sorted(right.members(g)) for g in right.grids
    }


def test_the_state_after_an_edit_is_what_reading_the_file_gives(edit_project, tmp_path):
    """After Apply the dock updates what it read (the edit's units, the grid rows, the codes)
    instead of reading every unit again: the same division as a fresh read, for a split (a
    new grid) and a merge (a retired grid)."""
    path = fresh_copy(edit_project, tmp_path)
    state = read_state(path)
    grid = max(state.division.grids, key=lambda g: len(state.division.members(g)))
    for plan in (
        lambda d: dv.plan_split(d, grid, 2),
        lambda d: dv.plan_merge(
            d,
            sorted(g for g in d.grids if d.grid_nest(g) == "S2")[:2],
            into=sorted(g for g in d.grids if d.grid_nest(g) == "S2")[1],
        ),
    ):
        edit = plan(state.division)
        dv.apply_edit(path, edit)
        after, fresh = state_after(state, edit, path), read_state(path)
        _same_division(after.division, fresh.division)
        assert after.history == fresh.history and after.decisions == fresh.decisions
        assert after.versions == fresh.versions
        state = after


def test_the_state_after_an_edit_reads_everything_when_another_program_wrote(
    edit_project, tmp_path
):
    path = fresh_copy(edit_project, tmp_path)
    state = read_state(path)
    a, b, unit = neighbours(path, "S1")
    other = next(u for u in grid_units(path, a) if u != unit)
    edit = dv.plan_move(state.division, [unit], b)
    dv.apply_edit(path, edit)
    moved = dv.plan_move(dv.Division.load(path), [other], b)
    dv.apply_edit(path, moved)  # (another program: the dock did not plan it)
    after = state_after(state, edit, path)
    _same_division(after.division, read_state(path).division)
    assert after.division.grid_of[after.division.index[other]] == b
