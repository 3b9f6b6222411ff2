"""The Staff & outlets dock, driven like a user does (pytest-qt, the real widget) on a real
project GeoPackage of the sample city: open, select on the map and in the table, assign,
undo, redo, set outlets, close and reopen, workload and warnings, background runs."""

import os
import shutil

import pytest
from conftest import (
    MAIN_TS,
    ROOT,
    check_translated,
    click_row,
    close_dock,
    dock_on_project,
    open_dock,
)
from datasets import SAMPLE, sample_city_project, sql
from qgis.core import QgsProject, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QPoint, Qt
from qgis.PyQt.QtGui import QColor

from service_grid.algorithms.project_template import read_project
from service_grid.plugin.grid_model import GridTableModel
from service_grid.plugin.settings import Settings
from service_grid.plugin.staff_dock import StaffDock
from service_grid.plugin.workload_chart import OVER_COLOUR, WorkloadChart

FRAGMENT = os.path.join(ROOT, "docs", "dock_zh_CN.ts")
DOCK_SOURCES = [
    "forms/staff_dock.ui",
    "plugin/staff_dock.py",
    "plugin/grid_model.py",
    "plugin/workload_chart.py",
    "plugin/staff_editor.py",
    "plugin/project_store.py",
    "plugin/algorithm_task.py",
    "plugin/plugin.py",
    "plugin/dock_base.py",
    "plugin/dock_parts.py",
]


@pytest.fixture(scope="module")
def city_project(plugin, qgis_processing, tmp_path_factory):
    """The sample city as a project GeoPackage with outlets, staff and classified grids
    (``project_file``: a fresh copy for one test)."""
    return sample_city_project(str(tmp_path_factory.mktemp("city") / "city.gpkg"), classify=True)


@pytest.fixture
def loaded(project_file, qgis_iface, qtbot):
    """The city project read into QGIS (as Service Grid ▸ Open project does) and
    the Staff & outlets dock on it."""
    yield from dock_on_project(StaffDock, project_file, qgis_iface)


def _grid_ids_selected_in_table(dock):
    return sorted(
        dock.grid_proxy.index(i.row(), GridTableModel.GRID).data()
        for i in dock.gridTable.selectionModel().selectedRows(0)
    )


def _grid_ids_selected_on_map(dock):
    layer = dock.grids_layer()
    return sorted(f["grid_id"] for f in layer.getSelectedFeatures())


def _staff_row(dock, staff_id):
    for row in range(dock.staff_proxy.rowCount()):
        if dock.staff_proxy.index(row, 0).data() == staff_id:
            return row
    raise AssertionError(staff_id)


def _select_staff_by_clicks(qtbot, dock, staff_ids):
    for k, staff_id in enumerate(staff_ids):
        click_row(
            qtbot,
            dock.staffTable,
            _staff_row(dock, staff_id),
            Qt.KeyboardModifier.ControlModifier if k else Qt.KeyboardModifier.NoModifier,
        )
    assert sorted(dock.selected_staff()) == sorted(staff_ids)


# ---------------------------------------------------------------------- opening


def test_opens_on_the_loaded_project_with_a_row_per_grid(loaded):
    path, dock = loaded
    assert dock.store is not None and os.path.samefile(dock.store.path, path)
    grids = sql(path, "SELECT grid_id, population, density_class FROM grids ORDER BY grid_id")
    assert len(grids) > 50
    assert dock.grid_model.rowCount() == dock.grid_proxy.rowCount() == len(grids)
    first = [dock.grid_proxy.index(0, c).data() for c in range(dock.grid_proxy.columnCount())]
    assert first[GridTableModel.GRID] == grids[0][0]
    assert first[GridTableModel.POPULATION] == "{:,}".format(grids[0][1])
    assert first[GridTableModel.DENSITY] in ("Urban core", "Urban", "Suburban", "Rural")
    assert dock.staff_model.rowCount() == 200  # the sample roster: 150 + 50 hires
    assert dock.outletCombo.count() == 1 + 40  # "(no outlet)" and the outlets
    assert dock.grids_layer() is not None and not dock.showOnMapButton.isVisible()
    assert "{:,} grids".format(len(grids)) in dock.summaryLabel.text()
    assert Settings.load().last_project == dock.store.path


def test_opens_a_chosen_file_and_shows_its_grids_on_the_map(project_file, qgis_iface, qtbot):
    QgsProject.instance().clear()
    dock = open_dock(StaffDock, qgis_iface)
    try:
        assert dock.store is None and "No Service Grid project" in dock.summaryLabel.text()
        with qtbot.waitSignal(dock.projectChanged):
            dock.projectFile.setFilePath(project_file)  # as the file widget does
        assert dock.grid_model.rowCount() == sql(project_file, "SELECT count(*) FROM grids")[0][0]
        assert dock.grids_layer() is None and dock.showOnMapButton.isVisible()
        # changes work on a file that is not on the map (private layers)
        dock.select_records([0, 1])
        dock.select_staff(["S0005"])
        assert dock.assign_selected() == 2
        assert sql(project_file, "SELECT count(*) FROM assignments")[0][0] == 2
        qtbot.mouseClick(dock.showOnMapButton, Qt.MouseButton.LeftButton)
        layer = dock.grids_layer()
        assert layer is not None and layer in QgsProject.instance().mapLayers().values()
        assert sorted(layer.selectedFeatureIds()) == sorted(dock.data.fids[r] for r in (0, 1))
        assert not dock.showOnMapButton.isVisible()
        # a file that is not a project is refused with a message, the dock keeps its project
        other = os.path.join(os.path.dirname(project_file), "not_a_project.gpkg")
        shutil.copy(SAMPLE, other)
        assert not dock.open_project(other)
        assert os.path.samefile(dock.store.path, project_file)
    finally:
        close_dock(dock)
        QgsProject.instance().clear()


# ---------------------------------------------------------------------- selection


def test_selection_follows_the_map_and_the_table(loaded, qtbot, qgis_iface):
    path, dock = loaded
    layer = dock.grids_layer()
    fids = [f.id() for f in layer.getFeatures()][10:15]
    layer.selectByIds(fids)
    expected = sorted(layer.getFeature(f)["grid_id"] for f in fids)
    assert _grid_ids_selected_in_table(dock) == expected
    assert "5 grids selected" in dock.selectionLabel.text()

    # and back: click one row, ctrl-click two more
    click_row(qtbot, dock.gridTable, 3)
    click_row(qtbot, dock.gridTable, 7, Qt.KeyboardModifier.ControlModifier)
    click_row(qtbot, dock.gridTable, 20, Qt.KeyboardModifier.ControlModifier)
    in_table = _grid_ids_selected_in_table(dock)
    assert len(in_table) == 3
    assert _grid_ids_selected_on_map(dock) == in_table

    # sorting by population keeps the selection, on both sides
    header = dock.gridTable.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(GridTableModel.POPULATION) + 5, 5),
    )
    populations = [
        int(dock.grid_proxy.index(r, GridTableModel.POPULATION).data().replace(",", ""))
        for r in range(dock.grid_proxy.rowCount())
    ]
    assert populations in (sorted(populations), sorted(populations, reverse=True))
    assert _grid_ids_selected_in_table(dock) == in_table == _grid_ids_selected_on_map(dock)

    # a filter hides rows but not the selection on the map
    dock.gridFilter.setText(in_table[0])
    assert dock.grid_proxy.rowCount() >= 1
    assert _grid_ids_selected_on_map(dock) == in_table and len(dock.selected) == 3
    assert "hidden by the filter" in dock.selectionLabel.text()
    dock.gridFilter.setText("")

    # zoom to the selected grids
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(layer.crs())
    canvas.resize(600, 400)
    canvas.setExtent(layer.extent())
    qtbot.mouseClick(dock.zoomButton, Qt.MouseButton.LeftButton)
    box = QgsRectangle()
    for feature in layer.getSelectedFeatures():
        box.combineExtentWith(feature.geometry().boundingBox())
    extent = canvas.extent()
    assert extent.contains(box)
    assert extent.width() < layer.extent().width() * 0.9


# ---------------------------------------------------------------------- changes


def test_assign_undo_redo_outlet_close_and_reopen(loaded, qtbot, qgis_iface):
    path, dock = loaded
    layer = dock.grids_layer()
    grid_ids = [r[0] for r in sql(path, "SELECT grid_id FROM grids ORDER BY grid_id")][:3]
    layer.selectByExpression("grid_id IN ({})".format(",".join("'{}'".format(g) for g in grid_ids)))
    assert sorted(dock.data.grid_ids[r] for r in dock.selected) == grid_ids
    _select_staff_by_clicks(qtbot, dock, ["S0001", "S0002"])
    roles = dict(sql(path, "SELECT staff_id, role FROM staff WHERE staff_id IN ('S0001','S0002')"))

    qtbot.mouseClick(dock.assignButton, Qt.MouseButton.LeftButton)
    rows = sql(path, "SELECT uuid, staff_id, grid_id, role, assigned_at FROM assignments")
    assert sorted((r[1], r[2]) for r in rows) == sorted(
        (s, g) for s in ("S0001", "S0002") for g in grid_ids
    )
    assert len({r[0] for r in rows}) == 6 and all(len(r[0]) == 36 for r in rows)
    assert all(r[3] == roles[r[1]] for r in rows)
    assert all(r[4].endswith("Z") and "T" in r[4] for r in rows)  # ISO-8601, UTC
    for g in grid_ids:
        row = dock.grid_model.row_of(dock.data.record_of_grid[g])
        assert dock.grid_model.index(row, GridTableModel.ASSIGNED).data() == "2"
    assigned_at = {r[0]: r[4] for r in rows}

    # assigning the same people again writes nothing
    assert dock.assign_selected() == 0
    assert len(sql(path, "SELECT * FROM assignments")) == 6

    qtbot.mouseClick(dock.undoButton, Qt.MouseButton.LeftButton)
    assert sql(path, "SELECT count(*) FROM assignments")[0][0] == 0
    assert (
        dock.grid_model.index(
            dock.grid_model.row_of(dock.data.record_of_grid[grid_ids[0]]), GridTableModel.ASSIGNED
        ).data()
        == "0"
    )
    qtbot.mouseClick(dock.redoButton, Qt.MouseButton.LeftButton)
    again = sql(path, "SELECT uuid, assigned_at FROM assignments")
    assert dict(again) == assigned_at  # the same rows come back
    # the keyboard, with the focus in the grid table
    dock.gridTable.setFocus()
    qtbot.keyClick(dock.gridTable, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sql(path, "SELECT count(*) FROM assignments")[0][0] == 0
    qtbot.keyClick(
        dock.gridTable,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert dict(sql(path, "SELECT uuid, assigned_at FROM assignments")) == assigned_at

    # the outlet of the selected grids
    dock.outletCombo.setCurrentIndex(dock.outletCombo.findData("O003"))
    qtbot.mouseClick(dock.setOutletButton, Qt.MouseButton.LeftButton)
    outlets = dict(
        sql(path, "SELECT grid_id, outlet_id FROM grids WHERE grid_id IN (?,?,?)", grid_ids)
    )
    assert outlets == {g: "O003" for g in grid_ids}
    assert {f["outlet_id"] for f in layer.getSelectedFeatures()} == {"O003"}  # map layer too
    dock.undo_stack.undo()
    assert {
        o for (o,) in sql(path, "SELECT outlet_id FROM grids WHERE grid_id IN (?,?,?)", grid_ids)
    } == {None}
    dock.undo_stack.redo()

    # unassign one person from one grid
    dock.select_grids([grid_ids[0]])
    dock.select_staff(["S0002"])
    qtbot.mouseClick(dock.unassignButton, Qt.MouseButton.LeftButton)
    assert sql(path, "SELECT count(*) FROM assignments")[0][0] == 5
    assert not sql(
        path, "SELECT * FROM assignments WHERE staff_id='S0002' AND grid_id=?", (grid_ids[0],)
    )
    assert dock.undo_stack.count() == 3

    # close the dock and the QGIS project, open again: everything is in the file
    close_dock(dock)
    QgsProject.instance().clear()
    assert read_project(QgsProject.instance(), path)
    reopened = open_dock(StaffDock, qgis_iface)
    try:
        d = reopened.data
        assert reopened.undo_stack.count() == 0
        assert d.staff_on(d.record_of_grid[grid_ids[0]]) == ["S0001"]
        assert d.staff_on(d.record_of_grid[grid_ids[1]]) == ["S0001", "S0002"]
        assert [d.outlet[d.record_of_grid[g]] for g in grid_ids] == ["O003"] * 3
        row = reopened.grid_model.row_of(d.record_of_grid[grid_ids[1]])
        assert reopened.grid_model.index(row, GridTableModel.OUTLET).data().startswith("O003")
        assert len(d.assignments) == 5
    finally:
        close_dock(reopened)


def test_edits_saved_elsewhere_in_qgis_show_in_the_dock(loaded):
    from qgis.core import QgsFeature

    from service_grid.plugin.project_store import layer_file

    path, dock = loaded
    layer = dock.grids_layer()
    record = 4
    assert layer.startEditing()
    layer.changeAttributeValue(dock.data.fids[record], layer.fields().indexOf("outlet_id"), "O005")
    assert layer.commitChanges()
    assert dock.data.outlet[record] == "O005"
    table = [
        lyr
        for lyr in QgsProject.instance().mapLayers().values()
        if layer_file(lyr)[1] == "assignments"
    ][0]
    feature = QgsFeature(table.fields())
    feature.setAttributes(
        [
            None,
            "6b1c4c56-0000-4000-8000-000000000001",
            "S0007",
            dock.data.grid_ids[record],
            "agent",
            None,
        ]
    )
    assert table.startEditing() and table.addFeature(feature) and table.commitChanges()
    assert dock.data.staff_on(record) == ["S0007"]
    assert sql(path, "SELECT staff_id FROM assignments") == [("S0007",)]


def test_workload_chart_and_warnings(loaded, qtbot):
    path, dock = loaded
    population = dict(sql(path, "SELECT grid_id, population FROM grids"))
    capacity = dict(sql(path, "SELECT staff_id, capacity FROM staff"))
    g = sorted(population, key=population.get, reverse=True)[:3]  # the three largest grids
    # S0010 alone on g0; S0011 and S0012 share g1 and g2
    dock.select_grids([g[0]])
    dock.select_staff(["S0010"])
    assert dock.assign_selected() == 1
    dock.select_grids([g[1], g[2]])
    dock.select_staff(["S0011", "S0012"])
    assert dock.assign_selected() == 4
    values = dock.workload_chart.values()
    # the workload allocatestaff and the workbook use: population weighted by the demand index
    # (β = 0.5, around the population-weighted mean), shared among max(recommended, assigned)
    rows = sql(path, "SELECT grid_id, population, demand_index, recommended_staff FROM grids")
    known = [(p, d) for _g, p, d, _r in rows if d is not None]
    mean = sum(p * d for p, d in known) / sum(p for p, _d in known) if known else 0
    work = {
        gid: p * (1 + 0.5 * (d / mean - 1)) if d is not None and mean else p
        for gid, p, d, _r in rows
    }
    places = {gid: r or 0 for gid, _p, _d, r in rows}
    expected = {
        "S0010": work[g[0]] / max(places[g[0]], 1),
        "S0011": work[g[1]] / max(places[g[1]], 2) + work[g[2]] / max(places[g[2]], 2),
    }
    expected["S0012"] = expected["S0011"]
    for staff_id, load in expected.items():
        got_load, got_capacity, overloaded = values[staff_id]
        assert got_load == pytest.approx(load)
        assert got_capacity == capacity[staff_id]
        assert overloaded == (load > capacity[staff_id])
    assert values["S0100"][0] == 0  # nobody else carries load
    # the largest grids hold over 30,000 people, capacities are ~10,000: overloaded, in red
    assert all(values[s][2] for s in expected)
    chart = dock.workload_chart
    chart.resize(400, chart.height())
    image = chart.grab().toImage()
    worst = chart.bars[0]
    assert worst.overloaded and worst.staff_id in expected
    y = chart.MARGIN + 16 + chart.ROW // 2
    xs = range(chart.width() // 3, chart.width() - 10)
    assert any(QColor(image.pixel(x, y)) == OVER_COLOUR for x in xs)
    last = chart.bars[-1]
    assert last.load == 0 and not last.overloaded

    # warnings: uncovered grids and overloaded staff
    uncovered = len(population) - 3
    text = dock.warningsLabel.text()
    assert "Grids without staff: {}".format(uncovered) in text
    assert "Staff over capacity: 3" in text
    assert dock.balance_chart.counts["uncovered"] == uncovered
    dock.warningsLabel.linkActivated.emit("uncovered")
    assert len(dock.selected) == uncovered
    assert len(dock.grids_layer().selectedFeatureIds()) == uncovered
    dock.warningsLabel.linkActivated.emit("overloaded")
    assert sorted(dock.data.grid_ids[r] for r in dock.selected) == sorted(g)
    assert sorted(dock.selected_staff()) == ["S0010", "S0011", "S0012"]

    # the status filter shows uncovered grids only
    dock.show_status("uncovered")
    assert dock.grid_proxy.rowCount() == uncovered
    dock.show_status("all")
    assert dock.grid_proxy.rowCount() == len(population)

    # clicking a bar selects that person's grids
    dock.workload_chart.staffClicked.emit("S0011")
    assert sorted(dock.data.grid_ids[r] for r in dock.selected) == sorted([g[1], g[2]])


def test_workload_chart_on_its_own(qtbot):
    from service_grid.plugin.workload_chart import Bar

    chart = WorkloadChart()
    qtbot.addWidget(chart)
    chart.set_bars(
        [Bar("a", "A", 5000, 10000), Bar("b", "B", 15000, 10000), Bar("c", "C", 100, None)]
    )
    assert [b.staff_id for b in chart.bars] == ["b", "a", "c"]
    assert chart.values()["b"] == (15000, 10000, True)
    assert chart.height() >= 3 * chart.ROW
    with qtbot.waitSignal(chart.staffClicked) as clicked:
        qtbot.mouseClick(
            chart,
            Qt.MouseButton.LeftButton,
            pos=QPoint(50, chart.MARGIN + 16 + chart.ROW + chart.GAP + 5),
        )
    assert clicked.args == ["a"]


# ---------------------------------------------------------------------- background runs


def test_allocatestaff_runs_from_the_dock_as_a_task(loaded, qtbot):
    path, dock = loaded
    layer = dock.grids_layer()
    dock.select_records([0])
    dock.select_staff(["S0001"])
    dock.assign_selected()
    assert dock.undo_stack.count() == 1
    assert dock.allocateButton.isEnabled(), dock.allocateButton.toolTip()
    task = dock.run_allocate()
    assert task is not None and not dock.allocateButton.isEnabled()
    assert dock.cancelButton.isEnabled() and not dock.assignButton.isEnabled()
    with qtbot.waitSignal(dock.runFinished, timeout=300000) as finished:
        qtbot.waitSignal(task.taskCompleted, timeout=300000).wait()
    assert finished.args == [True], dock.runLabel.text()
    assert dock.run is None and dock.allocateButton.isEnabled()
    assert dock.progressBar.value() == 100
    # the plan's quality in a planner's words, on the Run tab
    assert "best possible" in dock.runLabel.text()
    # the file has recommended staff and assignments; the dock and the map layer show them
    recommended = dict(sql(path, "SELECT grid_id, recommended_staff FROM grids"))
    assert all(v is not None and v >= 0 for v in recommended.values())
    rows = sql(path, "SELECT uuid, staff_id, grid_id FROM assignments")
    assert rows and len({r[0] for r in rows}) == len(rows)
    assert len(dock.data.assignments) == len(rows)
    for grid_id, value in recommended.items():
        record = dock.data.record_of_grid[grid_id]
        assert dock.data.recommended[record] == value
        assert dock.grid_model.index(
            dock.grid_model.row_of(record), GridTableModel.RECOMMENDED
        ).data() == str(value)
    assert {f["grid_id"]: f["recommended_staff"] for f in layer.getFeatures()} == recommended
    assert dock.undo_stack.count() == 0  # the run replaced what could be undone
    assert "Grids without staff" not in dock.warningsLabel.text()


def test_a_run_can_be_cancelled(loaded, qtbot):
    path, dock = loaded
    with qtbot.waitSignal(dock.runFinished, timeout=300000) as finished:
        assert dock.run_allocate() is not None
        qtbot.mouseClick(dock.cancelButton, Qt.MouseButton.LeftButton)
    assert finished.args == [False]
    assert dock.run is None and dock.allocateButton.isEnabled()
    assert "did not finish" in dock.runLabel.text()


def test_a_run_left_running_when_the_dock_closes_never_reaches_the_closed_dock(loaded, qtbot):
    """Closing the dock cancels its run; the task ends on its own and nothing of the closed
    dock is touched (its signals were detached)."""
    from qgis.core import QgsApplication

    path, dock = loaded
    assert dock.run_allocate() is not None
    dock.cleanup()  # a run cancelled before it started may report back during the cleanup
    finished = []
    dock.runFinished.connect(finished.append)  # … but never after it
    manager = QgsApplication.taskManager()
    qtbot.waitUntil(lambda: manager.countActiveTasks() == 0, timeout=300000)
    qtbot.wait(200)  # let a queued 'done' arrive, if one were still connected
    assert finished == []


def test_siteoutlets_runs_from_the_dock_as_a_task(loaded, qtbot):
    path, dock = loaded
    from qgis.core import QgsFeatureRequest

    on_file = QgsVectorLayer(SAMPLE + "|layername=candidates", "candidates", "ogr")
    assert on_file.isValid()
    # candidates drawn in a scratch (memory) layer: the task gets a copy in a file
    candidates = on_file.materialize(QgsFeatureRequest())
    assert candidates.providerType() == "memory" and candidates.featureCount() > 10
    QgsProject.instance().addMapLayer(candidates)
    dock.candidatesCombo.setLayer(candidates)
    dock.newOutletsSpin.setValue(3)
    planned = sql(path, "SELECT outlet_id FROM outlets WHERE status = 'planned'")
    with qtbot.waitSignal(dock.runFinished, timeout=300000) as finished:
        task = dock.run_site()
        assert task is not None
    assert finished.args == [True], dock.runLabel.text()
    outlets = dict(sql(path, "SELECT grid_id, outlet_id FROM grids"))
    assert all(outlets.values())
    new = sql(path, "SELECT outlet_id FROM outlets WHERE status = 'planned'")
    assert len(set(new) - set(planned)) == 3
    assert dock.outletCombo.count() == 1 + 40 + 3
    assert [dock.data.outlet[dock.data.record_of_grid[g]] for g in sorted(outlets)] == [
        outlets[g] for g in sorted(outlets)
    ]
    assert {f["grid_id"]: f["outlet_id"] for f in dock.grids_layer().getFeatures()} == outlets


# ---------------------------------------------------------------------- plugin, translations


def test_menu_action_toggles_the_dock(plugin, project_file, qtbot, qgis_iface):
    QgsProject.instance().clear()
    qgis_iface.mainWindow().show()  # (a dock is only visible in a visible main window)
    assert read_project(QgsProject.instance(), project_file)
    try:
        action = plugin.staff_action
        assert action is not None and action.isCheckable()
        action.trigger()
        dock = plugin.staff_dock
        assert isinstance(dock, StaffDock) and dock.isUserVisible()
        assert dock.store is not None and dock.grid_model.rowCount() > 0
        action.trigger()
        assert not dock.isUserVisible()
        action.trigger()
        assert dock.isUserVisible()
    finally:
        plugin.unload()
        assert plugin.staff_dock is None
        plugin.initGui()
        QgsProject.instance().clear()


def test_every_dock_string_has_a_chinese_translation(tmp_path):
    """Every string of the dock is translated, with the same placeholders: in the main .ts,
    or in docs/dock_zh_CN.ts while that fragment waits to be merged."""
    check_translated(
        DOCK_SOURCES, tmp_path, [MAIN_TS] + ([FRAGMENT] if os.path.exists(FRAGMENT) else [])
    )
