"""The Feedback dock's Visits tab, driven like a field worker does (pytest-qt, the real
widget) on a real field package: the staff member's visits with due dates and the overdue ones
marked, "Mark done" with a result and notes written into the package, the sync bringing it
back to the project, and "Reopen"."""

import os

import pytest
from conftest import check_translated, click_row, close_dock, open_dock
from datasets import sql
from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt
from test_sync import _build
from test_visits import _assign_in, office_edit

from service_grid.algorithms.core import fieldsync
from service_grid.algorithms.project_template import read_project
from service_grid.plugin.feedback_dock import FeedbackDock

SOURCES = ["plugin/feedback_visits.py", "forms/feedback_visits.ui"]


@pytest.fixture
def package(plugin, tmp_path, run_alg):
    """F01's field package with four visits, one of them overdue."""
    setup = _build(str(tmp_path / "city"))
    created = _assign_in(setup.project, setup.grids1)
    office_edit(setup.project, created[0], due_date="2026-01-05")
    os.remove(setup.pkg1)
    run_alg(
        "servicegrid:createfieldpackage",
        {"PROJECT": setup.project, "STAFF_ID": "F01", "OUTPUT": setup.pkg1},
    )
    return setup, created


def test_visits_tab_marks_a_visit_done_in_the_package(package, qtbot, qgis_iface):
    setup, created = package
    project = QgsProject.instance()
    assert read_project(project, setup.pkg1)  # the package's own project, as on a laptop
    dock = open_dock(FeedbackDock, qgis_iface)
    try:
        assert dock.store is not None and dock.store.is_package
        tab = dock.visits
        dock.tabs.setCurrentWidget(tab.widget)
        panel = tab.panel
        assert sorted(tab.shown_fids()) == sorted(
            r[0] for r in sql(setup.pkg1, "SELECT fid FROM visits WHERE status = 'open'")
        )
        assert len(tab.shown_fids()) == len(created)
        assert "1 overdue" in panel.visitsLabel.text()
        first = tab.proxy.index(0, 0)  # sorted by due date: the overdue one comes first
        assert "(overdue)" in first.data()
        overdue_fid = first.data(Qt.ItemDataRole.UserRole + 1)
        assert not panel.visitDoneButton.isEnabled()

        click_row(qtbot, panel.visitsView, 0)
        assert tab.selected_fids() == [overdue_fid]
        assert panel.visitDoneButton.isEnabled() and not panel.visitReopenButton.isEnabled()
        panel.visitResult.setCurrentIndex(panel.visitResult.findData("renewed"))
        panel.visitNotes.setText("客户已续保")  # (Chinese is typed through an input method)
        qtbot.mouseClick(panel.visitDoneButton, Qt.MouseButton.LeftButton)

        (row,) = sql(
            setup.pkg1,
            "SELECT uuid, status, result, notes, done_at, rev FROM visits WHERE fid = ?",
            (overdue_fid,),
        )
        assert row[1:4] == ("done", "renewed", "客户已续保")
        assert row[4].endswith("Z") and row[5] == 3  # (rev 2 when the office moved the date)
        # open visits only: it left the list; all visits: it is there, done
        assert overdue_fid not in tab.shown_fids()
        assert "0 overdue" in panel.visitsLabel.text()
        panel.visitsOpenOnly.setChecked(False)
        assert overdue_fid in tab.shown_fids()
        tab.select_fids([overdue_fid])
        assert panel.visitReopenButton.isEnabled() and not panel.visitDoneButton.isEnabled()
    finally:
        close_dock(dock)
        project.clear()

    # back in the office: the sync brings the outcome into the project
    rep = fieldsync.sync_packages(setup.project, [setup.pkg1]).reports[0]
    assert (rep.updated, rep.conflicts) == (1, 0), rep.message
    assert sql(
        setup.project, "SELECT status, result, notes FROM visits WHERE uuid = ?", (row[0],)
    ) == [("done", "renewed", "客户已续保")]


def test_visits_tab_reopens_a_visit(package, qtbot, qgis_iface):
    setup, _created = package
    project = QgsProject.instance()
    assert read_project(project, setup.pkg1)
    dock = open_dock(FeedbackDock, qgis_iface)
    try:
        tab = dock.visits
        fid = tab.shown_fids()[-1]
        tab.select_fids([fid])
        assert tab.mark_not_reached() == 1
        assert sql(setup.pkg1, "SELECT status FROM visits WHERE fid = ?", (fid,)) == [
            ("not_reached",)
        ]
        tab.panel.visitsOpenOnly.setChecked(False)
        tab.select_fids([fid])
        qtbot.mouseClick(tab.panel.visitReopenButton, Qt.MouseButton.LeftButton)
        assert sql(
            setup.pkg1, "SELECT status, done_at, result, rev FROM visits WHERE fid = ?", (fid,)
        ) == [("open", None, None, 3)]
    finally:
        close_dock(dock)
        project.clear()


def test_visits_tab_strings_are_translated(tmp_path):
    assert check_translated(SOURCES, str(tmp_path))
