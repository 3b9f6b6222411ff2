"""The Feedback dock, driven like a user does (pytest-qt, the real widget) on a real project
GeoPackage of the sample city with feedback rows written by OGR: open, filter, per-grid
summary, select on the map, add feedback by a click on the map and its form, resolve / reopen
(undo, redo), edit in the form; the sync tab running syncfieldpackages as a task on a field
package edited as a device does, and the conflicts resolved both ways."""

import os
import shutil
import subprocess
import uuid

import pytest
from conftest import (
    MAIN_TS,
    SAMPLE,
    check_translated,
    click_row,
    close_dock,
    dock_on_project,
    open_dock,
)
from datasets import sample_city_project, sql, write_assignments
from device import CATEGORIES
from osgeo import ogr
from qgis.core import Qgis, QgsPointXY, QgsProject, QgsRectangle
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt
from qgis.PyQt.QtGui import QKeyEvent
from qgis.PyQt.QtWidgets import QDialogButtonBox

from service_grid.algorithms.core.fieldsync import uuid_key
from service_grid.algorithms.project_template import read_project
from service_grid.plugin.feedback_dock import FeedbackDock
from service_grid.plugin.feedback_model import FeedbackTableModel, GridSummaryModel

DOCK_SOURCES = [
    "forms/feedback_dock.ui",
    "plugin/feedback_dock.py",
    "plugin/feedback_list.py",
    "plugin/feedback_capture.py",
    "plugin/feedback_status.py",
    "plugin/feedback_sync.py",
    "plugin/feedback_model.py",
    "plugin/feedback_store.py",
    "plugin/feedback_tool.py",
    "plugin/plugin.py",
    "plugin/dock_base.py",
    "plugin/dock_parts.py",
]
ROWS = 240  # feedback rows in the test project
GRIDS_WITH_FEEDBACK = 9

ogr.UseExceptions()


def _grid_points(path, count):
    """``count`` grids of the project: ``[(grid_id, (x, y) inside it)]``."""
    ds = ogr.Open(path)
    try:
        layer = ds.GetLayerByName("grids")
        found = []
        for feature in layer:
            point = feature.GetGeometryRef().PointOnSurface()
            found.append((feature.GetField("grid_id"), (point.GetX(), point.GetY())))
        found.sort()
        return found[:count]
    finally:
        ds = None  # noqa: F841


def write_feedback(path, rows):
    """Insert feedback rows (dicts with ``x``, ``y`` and columns) with OGR, as a device does."""
    ds = ogr.Open(path, 1)
    try:
        layer = ds.GetLayerByName("feedback")
        defn = layer.GetLayerDefn()
        ds.StartTransaction()
        for row in rows:
            feature = ogr.Feature(defn)
            for key, value in row.items():
                if key in ("x", "y"):
                    continue
                if value is None:
                    feature.SetFieldNull(key)
                else:
                    feature.SetField(key, value)
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(row["x"], row["y"])
            feature.SetGeometry(point)
            layer.CreateFeature(feature)
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841


def sample_rows(path, count=ROWS):
    """Deterministic feedback spread over some grids, categories, staff, statuses and days."""
    grids = _grid_points(path, GRIDS_WITH_FEEDBACK)
    rows = []
    for k in range(count):
        grid_id, (x, y) = grids[k % len(grids)]
        day = 1 + (k * 7) % 30
        status = "resolved" if k % 3 == 0 else "open"
        rows.append(
            {
                "x": x + (k % 5) * 3.0,
                "y": y + (k % 7) * 3.0,
                "uuid": str(uuid.UUID(int=k + 1)),
                "grid_id": grid_id,
                "staff_id": "S{:04d}".format(1 + k % 4),
                "collected_at": "2026-10-{:02d}T0{}:15:00Z".format(day, k % 10),
                "category": CATEGORIES[k % len(CATEGORIES)],
                "channel": "visit",
                "rating": 1 + (k * 3) % 5,
                "response_minutes": 10.0 + k,
                "customer_type": "individual",
                "notes": "note {}".format(k),
                "status": status,
                "resolved_at": "2026-11-01T08:00:00Z" if status == "resolved" else None,
                "device_id": "device-{}".format(k % 2),
                "rev": 1,
                "updated_at": "2026-10-{:02d}T0{}:15:00Z".format(day, k % 10),
            }
        )
    return rows


@pytest.fixture(scope="module")
def city_project(plugin, qgis_processing, tmp_path_factory):
    """The sample city as a project GeoPackage with grids and feedback (``project_file``: a
    fresh copy for one test)."""
    path = sample_city_project(str(tmp_path_factory.mktemp("feedback_city") / "city.gpkg"))
    write_feedback(path, sample_rows(path))
    return path


@pytest.fixture
def loaded(project_file, qgis_iface, qtbot):
    """The city project read into QGIS (as Service Grid ▸ Open project does) and
    the Feedback dock on it."""
    yield from dock_on_project(FeedbackDock, project_file, qgis_iface)


def _listed_uuids(dock):
    d = dock.data
    return sorted(d.uuids[dock.model.record(r)] for r in range(dock.model.rowCount()))


def _summary(dock):
    m = dock.summary_model
    return {
        m.index(r, GridSummaryModel.GRID).data(): (
            int(m.index(r, GridSummaryModel.COUNT).data().replace(",", "")),
            int(m.index(r, GridSummaryModel.OPEN_COUNT).data().replace(",", "")),
            float(m.index(r, GridSummaryModel.AVERAGE).data()),
        )
        for r in range(m.rowCount())
    }


def _expected(path, where="1", args=()):
    """uuids and per-grid (count, open, average rating) straight from the file."""
    uuids = sorted(u for (u,) in sql(path, "SELECT uuid FROM feedback WHERE " + where, args))
    summary = {
        g: (n, o, round(a, 2))
        for g, n, o, a in sql(
            path,
            "SELECT grid_id, count(*), sum(coalesce(status, 'open') != 'resolved'), "
            "avg(rating) FROM feedback WHERE {} GROUP BY grid_id".format(where),
            args,
        )
    }
    return uuids, summary


def _choose(combo, value):
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def _row_of_uuid(dock, value):
    record = dock.data.record_of_uuid[uuid_key(value)]
    return dock.model.rows_of([record])[0]


# ---------------------------------------------------------------------- opening and filters


def test_opens_on_the_loaded_project_with_every_row_and_the_per_grid_summary(loaded):
    path, dock = loaded
    assert dock.store is not None and os.path.samefile(dock.store.path, path)
    uuids, summary = _expected(path)
    assert len(uuids) == ROWS
    assert dock.model.rowCount() == ROWS and _listed_uuids(dock) == uuids
    assert _summary(dock) == summary and len(summary) == GRIDS_WITH_FEEDBACK
    # newest first; the columns show labels, not codes
    first = [dock.model.index(0, c).data() for c in range(dock.model.columnCount())]
    newest = sql(
        path,
        "SELECT collected_at, grid_id, category, rating, status FROM feedback "
        "ORDER BY collected_at DESC, fid DESC LIMIT 1",
    )[0]
    assert first[FeedbackTableModel.WHEN] == newest[0][:16].replace("T", " ")
    assert first[FeedbackTableModel.GRID] == newest[1]
    assert first[FeedbackTableModel.CATEGORY] == dock.model.categories[newest[2]]
    assert first[FeedbackTableModel.RATING] == str(newest[3])
    assert "{:,} feedback in {} grids".format(ROWS, GRIDS_WITH_FEEDBACK) in dock.summaryLabel.text()
    assert "{0:,} of {0:,} shown".format(ROWS) in dock.countLabel.text()
    grids = sql(path, "SELECT count(*) FROM grids")[0][0]
    assert dock.gridCombo.count() == 1 + grids  # "All grids" and every grid
    assert dock.staffCombo.count() == 1 + 200  # the sample roster: 150 + 50 hires
    assert dock.feedback_layer() is not None
    assert not dock.resolveButton.isEnabled() and dock.addButton.isEnabled()


def test_each_filter_changes_the_list_and_the_per_grid_counts(loaded, qtbot):
    path, dock = loaded
    grid = _grid_points(path, 3)[2][0]
    cases = [
        (lambda: _choose(dock.gridCombo, grid), "grid_id = ?", (grid,)),
        (lambda: _choose(dock.categoryCombo, "complaint"), "category = ?", ("complaint",)),
        (lambda: _choose(dock.staffCombo, "S0002"), "staff_id = ?", ("S0002",)),
        (lambda: _choose(dock.statusCombo, "resolved"), "status = 'resolved'", ()),
        (lambda: _choose(dock.statusCombo, "open"), "status = 'open'", ()),
    ]
    for change, where, args in cases:
        dock.clear_filters()
        assert dock.model.rowCount() == ROWS
        change()
        uuids, summary = _expected(path, where, args)
        assert 0 < len(uuids) < ROWS, where
        assert _listed_uuids(dock) == uuids, where
        assert _summary(dock) == summary, where
        assert "{:,} of {:,} shown".format(len(uuids), ROWS) in dock.countLabel.text()

    # the date range (UTC days, both ends included), by the check boxes and date edits
    dock.clear_filters()
    dock.fromDate.setDate(dock.fromDate.date().fromString("2026-10-05", "yyyy-MM-dd"))
    qtbot.mouseClick(dock.fromCheck, Qt.MouseButton.LeftButton)
    assert dock.fromDate.isEnabled()
    dock.toDate.setDate(dock.toDate.date().fromString("2026-10-12", "yyyy-MM-dd"))
    qtbot.mouseClick(dock.toCheck, Qt.MouseButton.LeftButton)
    uuids, summary = _expected(
        path, "substr(collected_at, 1, 10) BETWEEN ? AND ?", ("2026-10-05", "2026-10-12")
    )
    assert 0 < len(uuids) < ROWS
    assert _listed_uuids(dock) == uuids and _summary(dock) == summary

    # filters combine
    _choose(dock.categoryCombo, "praise")
    _choose(dock.statusCombo, "open")
    uuids, summary = _expected(
        path,
        "substr(collected_at, 1, 10) BETWEEN ? AND ? AND category = 'praise' AND status = 'open'",
        ("2026-10-05", "2026-10-12"),
    )
    assert _listed_uuids(dock) == uuids and _summary(dock) == summary

    # a grid double-clicked in the summary becomes the grid filter
    dock.clear_filters()
    assert not dock.fromCheck.isChecked() and dock.model.rowCount() == ROWS
    row = [
        r for r in range(dock.summary_model.rowCount()) if dock.summary_model.grid_id(r) == grid
    ][0]
    index = dock.summaryTable.model().index(row, 0)
    dock.summaryTable.doubleClicked.emit(index)
    assert dock.gridCombo.currentData() == grid
    assert _listed_uuids(dock) == _expected(path, "grid_id = ?", (grid,))[0]
    assert list(_summary(dock)) == [grid]


def test_sorting_by_a_column_keeps_the_selection(loaded, qtbot):
    path, dock = loaded
    click_row(qtbot, dock.feedbackTable, 2)
    click_row(qtbot, dock.feedbackTable, 5, Qt.KeyboardModifier.ControlModifier)
    chosen = sorted(dock.selected_uuids())
    assert len(chosen) == 2
    header = dock.feedbackTable.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(FeedbackTableModel.RATING) + 5, 5),
    )
    ratings = [
        int(dock.model.index(r, FeedbackTableModel.RATING).data())
        for r in range(dock.model.rowCount())
    ]
    assert ratings in (sorted(ratings), sorted(ratings, reverse=True))
    rows = sorted(i.row() for i in dock.feedbackTable.selectionModel().selectedRows(0))
    assert sorted(dock.data.uuids[dock.model.record(r)] for r in rows) == chosen


# ---------------------------------------------------------------------- map selection


def test_rows_selected_in_the_list_are_selected_on_the_map_and_back(loaded, qtbot, qgis_iface):
    path, dock = loaded
    layer = dock.feedback_layer()
    click_row(qtbot, dock.feedbackTable, 0)
    click_row(qtbot, dock.feedbackTable, 3, Qt.KeyboardModifier.ControlModifier)
    click_row(qtbot, dock.feedbackTable, 4, Qt.KeyboardModifier.ControlModifier)
    chosen = sorted(dock.selected_uuids())
    assert len(chosen) == 3
    assert sorted(f["uuid"] for f in layer.getSelectedFeatures()) == chosen
    assert "3 selected" in dock.selectionLabel.text()

    # zoom to them
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(layer.crs())
    canvas.resize(600, 400)
    grids = dock.store.layer("grids")
    canvas.setExtent(grids.extent())
    qtbot.mouseClick(dock.zoomButton, Qt.MouseButton.LeftButton)
    box = QgsRectangle()
    for feature in layer.getSelectedFeatures():
        box.combineExtentWith(feature.geometry().boundingBox())
    assert canvas.extent().contains(box)
    assert canvas.extent().width() < grids.extent().width() * 0.5

    # the map's selection shows in the list (and what the filter hides is counted)
    fids = [f.id() for f in layer.getFeatures("category = 'claims'")]
    layer.selectByIds(fids)
    assert sorted(dock.selected_uuids()) == _expected(path, "category = 'claims'")[0]
    _choose(dock.statusCombo, "open")
    visible = len(dock.feedbackTable.selectionModel().selectedRows(0))
    hidden = len(
        sql(path, "SELECT 1 FROM feedback WHERE category = 'claims' AND status = 'resolved'")
    )
    assert visible == len(fids) - hidden and hidden > 0
    assert "{} hidden by the filter".format(hidden) in dock.selectionLabel.text()
    assert len(layer.selectedFeatureIds()) == len(fids)  # the filter keeps the map's selection


# ---------------------------------------------------------------------- add feedback


def _show_map(qgis_iface, dock):
    """A map canvas of the project's CRS showing the grids with feedback."""
    canvas = qgis_iface.mapCanvas()
    layer = dock.store.layer("grids")
    canvas.setDestinationCrs(layer.crs())
    canvas.resize(800, 600)
    canvas.show()
    extent = layer.extent()
    canvas.setExtent(extent)
    canvas.refresh()
    return canvas


def _click_map(qtbot, canvas, x, y, button=Qt.MouseButton.LeftButton):
    """A click on the map at map coordinates ``(x, y)``, through the active map tool (the map
    is centred there first, at about a metre a pixel)."""
    canvas.setExtent(QgsRectangle(x - 500, y - 500, x + 500, y + 500))
    canvas.refresh()
    pixel = canvas.getCoordinateTransform().transform(QgsPointXY(x, y))
    pos = QPoint(int(round(pixel.x())), int(round(pixel.y())))
    canvas.mapTool().canvasPressEvent(
        QgsMapMouseEvent(canvas, QEvent.Type.MouseButtonPress, pos, button, button)
    )
    canvas.mapTool().canvasReleaseEvent(
        QgsMapMouseEvent(
            canvas, QEvent.Type.MouseButtonRelease, pos, button, Qt.MouseButton.NoButton
        )
    )


def _ok_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_add_feedback_by_a_click_on_the_map_and_its_form(loaded, qtbot, qgis_iface):
    path, dock = loaded
    canvas = _show_map(qgis_iface, dock)
    grid_id, (x, y) = _grid_points(path, GRIDS_WITH_FEEDBACK + 3)[-1]  # no feedback there yet
    qtbot.mouseClick(dock.addButton, Qt.MouseButton.LeftButton)
    assert dock.addButton.isChecked() and canvas.mapTool() is dock.tool
    layer = dock.feedback_layer()

    with qtbot.waitSignal(dock.formOpened) as opened:
        _click_map(qtbot, canvas, x, y)
    dialog = opened.args[0]
    assert dialog is dock.form and dialog.isVisible()
    assert layer.isEditable()
    # a marker shows where the feedback goes while the form is open
    marker = dock._marker
    assert marker is not None and marker.scene() is canvas.scene()
    assert abs(marker.center().x() - x) < 1 and abs(marker.center().y() - y) < 1
    form = dialog.attributeForm()
    feature = dialog.feature()
    assert feature["grid_id"] == grid_id and feature["uuid"] and feature["status"] == "open"
    # category and rating are required: OK is refused until they are set
    _ok_button(dialog).click()
    assert dialog.isVisible() and sql(path, "SELECT count(*) FROM feedback")[0][0] == ROWS
    form.changeAttribute("category", "service_speed")
    form.changeAttribute("rating", 2)
    form.changeAttribute("notes", "排队太久")
    with qtbot.waitSignal(dock.feedbackAdded) as added:
        _ok_button(dialog).click()
    new_uuid = added.args[0]
    rows = sql(
        path,
        "SELECT uuid, grid_id, collected_at, category, rating, notes, status, rev, "
        "updated_at, fid FROM feedback WHERE uuid = ?",
        (new_uuid,),
    )
    assert len(rows) == 1
    uid, grid, collected, category, rating, notes, status, rev, updated, fid = rows[0]
    assert uid and grid == grid_id and collected and collected.startswith("20")
    assert (category, rating, notes, status) == ("service_speed", 2, "排队太久", "open")
    assert rev == 1 and updated
    assert not layer.isEditable() and sql(path, "SELECT count(*) FROM feedback")[0][0] == ROWS + 1
    assert dock._marker is None and marker not in canvas.scene().items()
    # the point is where the map was clicked (within a pixel)
    point = layer.getFeature(fid).geometry().asPoint()
    assert (
        abs(point.x() - x) <= canvas.mapUnitsPerPixel()
        and abs(point.y() - y) <= canvas.mapUnitsPerPixel()
    )
    # the list shows it, selected; the per-grid summary has the new grid
    assert dock.model.rowCount() == ROWS + 1 and dock.selected_uuids() == [new_uuid]
    assert _summary(dock)[grid_id] == (1, 1, 2.0)
    assert dock.tool is canvas.mapTool()  # still adding: the next click adds another one

    # a click outside every grid: a warning, no form, nothing written
    bar = qgis_iface.messageBar()
    outside = dock.store.layer("grids").extent()
    bar.clear_messages()
    _click_map(qtbot, canvas, outside.xMinimum() - 50, outside.yMinimum() - 50)
    assert dock.form is None
    assert any("outside every grid" in text for text in bar.get_messages(Qgis.MessageLevel.Warning))
    assert not layer.isEditable()

    # a form cancelled writes nothing and leaves the layer as it was
    with qtbot.waitSignal(dock.formOpened) as opened:
        _click_map(qtbot, canvas, x, y)
    opened.args[0].attributeForm().changeAttribute("category", "praise")
    opened.args[0].reject()
    assert not layer.isEditable() and dock.form is None
    assert sql(path, "SELECT count(*) FROM feedback")[0][0] == ROWS + 1

    # right click hands the map back
    _click_map(qtbot, canvas, x, y, Qt.MouseButton.RightButton)
    assert not dock.addButton.isChecked() and canvas.mapTool() is not dock.tool


def test_feedback_added_with_the_staff_filter_set_is_theirs(loaded, qtbot, qgis_iface):
    path, dock = loaded
    canvas = _show_map(qgis_iface, dock)
    _choose(dock.staffCombo, "S0007")
    assert dock.model.rowCount() == 0
    grid_id, (x, y) = _grid_points(path, 1)[0]
    dock.start_adding()
    with qtbot.waitSignal(dock.formOpened) as opened:
        _click_map(qtbot, canvas, x, y)
    dialog = opened.args[0]
    dialog.attributeForm().changeAttribute("category", "praise")
    dialog.attributeForm().changeAttribute("rating", 5)
    with qtbot.waitSignal(dock.feedbackAdded) as added:
        _ok_button(dialog).click()
    assert sql(path, "SELECT staff_id, grid_id FROM feedback WHERE uuid = ?", (added.args[0],)) == [
        ("S0007", grid_id)
    ]
    assert _listed_uuids(dock) == [added.args[0]]
    # Esc ends adding; closing the QGIS project closes the file and ends adding too
    canvas.mapTool().keyPressEvent(
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    )
    assert not dock.addButton.isChecked() and canvas.mapTool() is not dock.tool
    dock.start_adding()
    QgsProject.instance().clear()
    assert dock.store is None and canvas.mapTool() is not dock.tool
    assert not dock.addButton.isChecked() and not dock.addButton.isEnabled()


# ---------------------------------------------------------------------- resolve / reopen


def test_resolve_and_reopen_write_the_file_and_undo(loaded, qtbot):
    path, dock = loaded
    _choose(dock.statusCombo, "open")
    for row in range(3):
        click_row(
            qtbot,
            dock.feedbackTable,
            row,
            Qt.KeyboardModifier.ControlModifier if row else Qt.KeyboardModifier.NoModifier,
        )
    chosen = sorted(dock.selected_uuids())
    assert dock.resolveButton.isEnabled() and not dock.reopenButton.isEnabled()
    before = {u: r for u, r in sql(path, "SELECT uuid, rev FROM feedback")}
    qtbot.mouseClick(dock.resolveButton, Qt.MouseButton.LeftButton)
    rows = sql(
        path,
        "SELECT uuid, status, resolved_at, rev, updated_at FROM feedback WHERE uuid IN (?,?,?)",
        chosen,
    )
    assert len(rows) == 3
    for uid, status, resolved_at, rev, updated_at in rows:
        assert status == "resolved" and rev == before[uid] + 1
        assert resolved_at.endswith("Z") and "T" in resolved_at and updated_at == resolved_at
    # the open filter hides them now; the counts follow
    assert not set(chosen) & set(_listed_uuids(dock))
    assert _listed_uuids(dock) == _expected(path, "status = 'open'")[0]
    assert _summary(dock) == _expected(path, "status = 'open'")[1]
    # the rest of the file is untouched
    assert {
        u: r
        for u, r in sql(path, "SELECT uuid, rev FROM feedback WHERE uuid NOT IN (?,?,?)", chosen)
    } == {u: r for u, r in before.items() if u not in chosen}

    # undo: open again (a new revision), redo: resolved again
    qtbot.mouseClick(dock.undoButton, Qt.MouseButton.LeftButton)
    rows = sql(path, "SELECT status, resolved_at, rev FROM feedback WHERE uuid IN (?,?,?)", chosen)
    assert all(s == "open" and r is None and v == 3 for s, r, v in rows) or all(
        s == "open" and r is None and v == before[u] + 2 for (s, r, v), u in zip(rows, chosen)
    )
    assert set(chosen) <= set(_listed_uuids(dock))
    qtbot.mouseClick(dock.redoButton, Qt.MouseButton.LeftButton)
    assert {
        s for (s,) in sql(path, "SELECT status FROM feedback WHERE uuid IN (?,?,?)", chosen)
    } == {"resolved"}

    # reopen from the resolved list
    _choose(dock.statusCombo, "resolved")
    dock.select_uuids(chosen[:2])
    assert dock.reopenButton.isEnabled() and not dock.resolveButton.isEnabled()
    qtbot.mouseClick(dock.reopenButton, Qt.MouseButton.LeftButton)
    assert (
        sql(path, "SELECT status, resolved_at FROM feedback WHERE uuid IN (?,?)", chosen[:2])
        == [("open", None)] * 2
    )
    assert sql(path, "SELECT status FROM feedback WHERE uuid = ?", chosen[2:]) == [("resolved",)]
    # the map layer reads the change
    layer = dock.feedback_layer()
    statuses = {f["uuid"]: f["status"] for f in layer.getFeatures()}
    assert [statuses[u] for u in chosen] == ["open", "open", "resolved"]


def test_double_click_opens_the_form_and_saves_the_edit(loaded, qtbot):
    path, dock = loaded
    row = 4
    record = dock.model.record(row)
    target = dock.data.uuids[record]
    rev, updated = sql(path, "SELECT rev, updated_at FROM feedback WHERE uuid = ?", (target,))[0]
    with qtbot.waitSignal(dock.formOpened) as opened:
        dock.feedbackTable.doubleClicked.emit(dock.model.index(row, 0))
    dialog = opened.args[0]
    assert dialog.feature()["uuid"] == target
    dialog.attributeForm().changeAttribute("notes", "已电话回访")
    with qtbot.waitSignal(dock.reloaded):
        _ok_button(dialog).click()
    notes, new_rev, new_updated = sql(
        path, "SELECT notes, rev, updated_at FROM feedback WHERE uuid = ?", (target,)
    )[0]
    # the form's defaults make the edit a new revision (what the sync compares)
    assert notes == "已电话回访" and new_rev == rev + 1 and new_updated > updated
    assert dock.data.notes[dock.data.record_of_uuid[uuid_key(target)]] == "已电话回访"
    assert not dock.feedback_layer().isEditable()


# ---------------------------------------------------------------------- sync tab


def _office_edit(path, uid, **values):
    """An office edit of the project's row ``uid`` (OGR, a new revision)."""
    ds = ogr.Open(path, 1)
    try:
        sets = ", ".join(
            "{} = {}".format(k, "'{}'".format(v) if isinstance(v, str) else v)
            for k, v in values.items()
        )
        ds.ExecuteSQL(
            "UPDATE feedback SET {}, rev = rev + 1, updated_at = "
            "'2026-11-24T09:00:00Z' WHERE uuid = '{}'".format(sets, uid)
        )
    finally:
        ds = None  # noqa: F841


@pytest.fixture
def field_package(project_file, tmp_path, run_alg):
    """A field package of S0001 (three grids with feedback) made by createfieldpackage."""
    grids = [g for g, _xy in _grid_points(project_file, 3)]
    # (assigned with OGR, so a field package can be made for S0001)
    write_assignments(
        project_file, [("S0001", g) for g in grids], assigned_at="2026-11-01T08:00:00.000Z"
    )
    package = str(tmp_path / "field" / "S0001.gpkg")
    os.makedirs(os.path.dirname(package))
    result = run_alg(
        "servicegrid:createfieldpackage",
        {"PROJECT": project_file, "STAFF_ID": "S0001", "OUTPUT": package},
    )
    assert result["GRID_COUNT"] == 3 and result["FEEDBACK_COUNT"] > 0
    return project_file, package, grids


def _sync_from_the_dock(qtbot, dock, paths):
    dock.tabs.setCurrentWidget(dock.syncTab)
    dock.packageList.clear()
    dock.add_packages(paths)
    assert dock.syncButton.isEnabled(), dock.syncButton.toolTip()
    with qtbot.waitSignal(dock.syncFinished, timeout=120000) as finished:
        qtbot.mouseClick(dock.syncButton, Qt.MouseButton.LeftButton)
        assert dock.run is not None and dock.cancelButton.isEnabled()
        assert not dock.syncButton.isEnabled() and not dock.listTab.isEnabled()
    assert finished.args == [True], dock.runLabel.text()
    assert dock.run is None and dock.progressBar.value() == 100
    return dock.report_lines()


def _conflict_row(dock, uid, column):
    from service_grid.plugin.feedback_dock import UUID_ROLE

    for row in range(dock.conflictTable.rowCount()):
        if (
            dock.conflictTable.item(row, 0).data(UUID_ROLE) == uid
            and dock.conflictTable.item(row, 1).text() == column
        ):
            return row
    raise AssertionError((uid, column))


def test_sync_tab_runs_the_sync_as_a_task_and_resolves_conflicts(field_package, qtbot, qgis_iface):
    import device

    path, package, grids = field_package
    assert read_project(QgsProject.instance(), path)
    dock = open_dock(FeedbackDock, qgis_iface)
    try:
        in_package = [u for (u,) in sql(package, "SELECT uuid FROM feedback ORDER BY fid")]
        a, b, c = in_package[:3]
        rating_b = sql(path, "SELECT rating FROM feedback WHERE uuid = ?", (b,))[0][0]
        field_rating = 5 if rating_b != 5 else 4
        # the device: three new rows, one invalid, edits of a, b and c
        added = device.add_feedback(package, 3, seed=7)
        bad = device.add_feedback(package, 1, seed=8, values={"rating": 9})
        device.edit_feedback(
            package,
            {
                a: {"notes": "field: customer called back"},
                b: {"rating": field_rating},
                c: {"category": "praise"},
            },
        )
        # meanwhile the office changed a's notes and b's rating
        _office_edit(path, a, notes="office: visited on Monday")
        _office_edit(path, b, rating=1)
        dock.reload()
        layer = dock.feedback_layer()
        assert layer.featureCount() == ROWS

        lines = _sync_from_the_dock(qtbot, dock, [os.path.dirname(package)])  # the folder
        head = lines[0]
        assert head[0] == "S0001.gpkg" and head[1] == "synced"
        assert (head[2], head[5], head[6]) == ("3", "2", "1")
        assert int(head[3]) >= 1 and head[4] == "0"
        assert any(bad[0] in line[0] and "rating" in line[0] for line in lines[1:])
        assert "3 inserted" in dock.runLabel.text() and "2 conflicts" in dock.runLabel.text()
        # the project has the new rows and the field's edit of c; the office values stay
        assert {u for (u,) in sql(path, "SELECT uuid FROM feedback")} >= set(added)
        assert not sql(path, "SELECT 1 FROM feedback WHERE uuid = ?", (bad[0],))
        assert sql(path, "SELECT category FROM feedback WHERE uuid = ?", (c,)) == [("praise",)]
        assert sql(path, "SELECT notes FROM feedback WHERE uuid = ?", (a,)) == [
            ("office: visited on Monday",)
        ]
        assert sql(path, "SELECT rating FROM feedback WHERE uuid = ?", (b,)) == [(1,)]
        # the list and the map layer read the file again
        assert dock.model.rowCount() == ROWS + 3 and layer.featureCount() == ROWS + 3
        assert set(added) <= set(_listed_uuids(dock))

        # the open conflicts, resolved both ways
        assert dock.conflictTable.rowCount() == 2
        assert "Open conflicts: 2" in dock.conflictsLabel.text()
        row = _conflict_row(dock, a, "notes")
        assert dock.conflictTable.item(row, 2).text() == "office: visited on Monday"
        assert dock.conflictTable.item(row, 3).text() == "field: customer called back"
        grid_a = sql(path, "SELECT grid_id FROM feedback WHERE uuid = ?", (a,))[0][0]
        assert dock.conflictTable.item(row, 0).text().startswith(grid_a + " · ")
        dock.conflictTable.selectRow(row)
        assert dock.keepOfficeButton.isEnabled() and dock.takeFieldButton.isEnabled()
        assert [f["uuid"] for f in layer.getSelectedFeatures()] == [a]  # shown on the map
        qtbot.mouseClick(dock.keepOfficeButton, Qt.MouseButton.LeftButton)
        assert sql(path, "SELECT notes FROM feedback WHERE uuid = ?", (a,)) == [
            ("office: visited on Monday",)
        ]
        assert sql(
            path,
            "SELECT resolution FROM sync_conflicts WHERE uuid = ? AND column_name = 'notes'",
            (a,),
        ) == [("office",)]
        assert dock.conflictTable.rowCount() == 1
        dock.conflictTable.selectRow(_conflict_row(dock, b, "rating"))
        qtbot.mouseClick(dock.takeFieldButton, Qt.MouseButton.LeftButton)
        assert sql(path, "SELECT rating FROM feedback WHERE uuid = ?", (b,)) == [(field_rating,)]
        assert sql(
            path,
            "SELECT resolution, resolved_at IS NOT NULL FROM sync_conflicts WHERE uuid = ?",
            (b,),
        ) == [("field", 1)]
        assert dock.conflictTable.rowCount() == 0
        assert dock.conflictsLabel.text() == "No open conflicts."
        assert sql(path, "SELECT count(*) FROM sync_log WHERE status = 'resolved'")[0][0] == 2
        # the dock and the map layer show the field's rating now
        assert dock.data.rating[dock.data.record_of_uuid[uuid_key(b)]] == field_rating
        assert {f["uuid"]: f["rating"] for f in layer.getFeatures()}[b] == field_rating

        # syncing the same package again changes nothing
        lines = _sync_from_the_dock(qtbot, dock, [package])
        assert lines[0][1:6] == ["unchanged", "0", "0", "0", "0"]
        assert dock.model.rowCount() == ROWS + 3
    finally:
        close_dock(dock)
        QgsProject.instance().clear()


def test_a_field_package_in_the_dock_adds_feedback_for_its_staff_member(
    field_package, qtbot, qgis_iface
):
    path, package, grids = field_package
    project = QgsProject.instance()
    assert read_project(project, package)  # the package's own project, as on a laptop
    dock = open_dock(FeedbackDock, qgis_iface)
    try:
        assert dock.store is not None and dock.store.is_package
        assert os.path.samefile(dock.store.path, package)
        count = sql(package, "SELECT count(*) FROM feedback")[0][0]
        assert dock.model.rowCount() == count
        assert "Field package of S0001" in dock.summaryLabel.text()
        assert set(_summary(dock)) == set(grids)
        assert not dock.syncButton.isEnabled() and not dock.addFilesButton.isEnabled()
        # add feedback by a click in one of the package's grids
        canvas = _show_map(qgis_iface, dock)
        grid_id, (x, y) = _grid_points(package, 3)[1]
        dock.start_adding()
        with qtbot.waitSignal(dock.formOpened) as opened:
            _click_map(qtbot, canvas, x + 20, y + 20)
        form = opened.args[0].attributeForm()
        form.changeAttribute("category", "product_need")
        form.changeAttribute("rating", 4)
        with qtbot.waitSignal(dock.feedbackAdded) as added:
            _ok_button(opened.args[0]).click()
        new = added.args[0]
        package_id = sql(package, "SELECT value FROM sg_manifest WHERE key = 'package_id'")[0][0]
        assert sql(
            package,
            "SELECT staff_id, package_id, grid_id, category, rating FROM feedback WHERE uuid = ?",
            (new,),
        ) == [("S0001", package_id, grid_id, "product_need", 4)]
        dock.stop_adding()
        close_dock(dock)
        project.clear()

        # back in the office: the project, and the package synced from the dock
        assert read_project(project, path)
        dock = open_dock(FeedbackDock, qgis_iface)
        assert not dock.store.is_package
        lines = _sync_from_the_dock(qtbot, dock, [package])
        assert lines[0][1:4] == ["synced", "1", "0"]
        assert [
            r[1:]
            for r in sql(path, "SELECT uuid, staff_id, grid_id, category FROM feedback")
            if uuid_key(r[0]) == uuid_key(new)
        ] == [("S0001", grid_id, "product_need")]
        assert dock.data.record(new) is not None
    finally:
        close_dock(dock)
        project.clear()


def test_a_sync_cancelled_leaves_the_project_as_it_was(field_package, qtbot, qgis_iface):
    import device

    path, package, _grids = field_package
    device.add_feedback(package, 5, seed=3)
    before = sql(path, "SELECT uuid, rev FROM feedback ORDER BY uuid")
    assert read_project(QgsProject.instance(), path)
    dock = open_dock(FeedbackDock, qgis_iface)
    try:
        dock.add_packages([package, package])  # listed once
        assert dock.packages() == [package]
        with qtbot.waitSignal(dock.syncFinished, timeout=120000) as finished:
            assert dock.run_sync() is not None
            qtbot.mouseClick(dock.cancelButton, Qt.MouseButton.LeftButton)
        assert finished.args == [False]
        assert "did not finish" in dock.runLabel.text() and dock.run is None
        assert dock.syncButton.isEnabled() and dock.listTab.isEnabled()
        assert sql(path, "SELECT uuid, rev FROM feedback ORDER BY uuid") == before
        assert dock.model.rowCount() == ROWS
        # remove the package from the list: nothing left to sync
        dock.packageList.selectAll()
        qtbot.mouseClick(dock.removePackageButton, Qt.MouseButton.LeftButton)
        assert dock.packages() == [] and not dock.syncButton.isEnabled()
    finally:
        close_dock(dock)
        QgsProject.instance().clear()


# ---------------------------------------------------------------------- a file not on the map


def test_a_chosen_file_not_on_the_map_works_through_its_own_layers(
    project_file, qtbot, qgis_iface, tmp_path
):
    QgsProject.instance().clear()
    dock = open_dock(FeedbackDock, qgis_iface)
    try:
        assert dock.store is None and "No Service Grid project" in dock.summaryLabel.text()
        with qtbot.waitSignal(dock.projectChanged):
            dock.projectFile.setFilePath(project_file)  # as the file widget does
        assert dock.model.rowCount() == ROWS and dock.feedback_layer() is None
        # add feedback: the form comes from the GeoPackage's stored style
        canvas = _show_map(qgis_iface, dock)
        grid_id, (x, y) = _grid_points(project_file, 5)[4]
        dock.start_adding()
        with qtbot.waitSignal(dock.formOpened) as opened:
            _click_map(qtbot, canvas, x, y)
        form = opened.args[0].attributeForm()
        form.changeAttribute("category", "claims")
        form.changeAttribute("rating", 3)
        with qtbot.waitSignal(dock.feedbackAdded) as added:
            _ok_button(opened.args[0]).click()
        assert sql(
            project_file,
            "SELECT grid_id, category, rating FROM feedback WHERE uuid = ?",
            (added.args[0],),
        ) == [(grid_id, "claims", 3)]
        # (the grid's default, which needs the project's grids layer, was stood in for while
        # the form was open, and is back)
        layer = dock.store.layer("feedback")
        default = layer.defaultValueDefinition(layer.fields().indexOf("grid_id"))
        assert "overlay_within" in default.expression() and default.applyOnUpdate()
        assert dock.model.rowCount() == ROWS + 1
        # resolve it
        dock.select_uuids([added.args[0]])
        assert dock.resolve_selected() == 1
        assert sql(
            project_file, "SELECT status FROM feedback WHERE uuid = ?", (added.args[0],)
        ) == [("resolved",)]
        # a file that is neither a project nor a package is refused, the dock keeps its file
        other = str(tmp_path / "not_a_project.gpkg")
        shutil.copy(SAMPLE, other)
        assert not dock.open_project(other)
        assert os.path.samefile(dock.store.path, project_file)
        assert any(
            "neither a Service Grid project nor a field package" in text
            for text in qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Warning)
        )
    finally:
        dock.stop_adding()
        close_dock(dock)
        QgsProject.instance().clear()


# ---------------------------------------------------------------------- plugin, translations


def test_menu_action_toggles_the_dock(plugin, project_file, qtbot, qgis_iface):
    QgsProject.instance().clear()
    qgis_iface.mainWindow().show()  # (a dock is only visible in a visible main window)
    assert read_project(QgsProject.instance(), project_file)
    try:
        action = plugin.feedback_action
        assert action is not None and action.isCheckable() and not action.icon().isNull()
        assert action in plugin.toolbar.actions() and action in plugin.menu.actions()
        action.trigger()
        dock = plugin.feedback_dock
        assert isinstance(dock, FeedbackDock) and dock.isUserVisible() and action.isChecked()
        assert dock.store is not None and dock.model.rowCount() == ROWS
        action.trigger()
        assert not dock.isUserVisible() and not action.isChecked()
        action.trigger()
        assert dock.isUserVisible()
        dock.start_adding()
        assert qgis_iface.mapCanvas().mapTool() is dock.tool
    finally:
        plugin.unload()
        assert plugin.feedback_dock is None
        assert qgis_iface.mapCanvas().mapTool() is None  # the map tool went with the dock
        plugin.initGui()
        QgsProject.instance().clear()


def test_every_dock_string_has_a_chinese_translation(tmp_path):
    """Every string of the dock is translated in the main .ts, with the same placeholders."""
    assert len(check_translated(DOCK_SOURCES, tmp_path)) > 100


def test_the_dock_speaks_chinese(qgis_iface, tmp_path):
    """The translation compiles (lrelease) and the dock's labels come out in Chinese."""
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    qm = str(tmp_path / "feedback_dock_zh_CN.qm")
    subprocess.run(["lrelease", "-silent", MAIN_TS, "-qm", qm], check=True)
    translator = QTranslator()
    assert translator.load(qm)
    QCoreApplication.installTranslator(translator)
    try:
        dock = open_dock(FeedbackDock, qgis_iface)
        try:
            assert dock.windowTitle() == "客户反馈"
            assert dock.addButton.text() == "添加反馈"
            assert dock.statusCombo.itemText(1) == "待处理"
            assert (
                dock.model.headerData(FeedbackTableModel.CATEGORY, Qt.Orientation.Horizontal)
                == "类别"
            )
            assert dock.model.categories["complaint"] == "投诉"
            # strings of the docks' shared base (context ServiceGridDock)
            assert dock.undo_action.text() == "撤销" and dock._failure("", True) == "已取消"
        finally:
            close_dock(dock)
    finally:
        QCoreApplication.removeTranslator(translator)
