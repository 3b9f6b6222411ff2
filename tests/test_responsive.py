"""Runs started from the GUI keep QGIS responsive and leave the open layers up to date.

The real docks are driven (pytest-qt) on the sample city project read into QGIS, and
allocatestaff is started as the Processing dialog starts it (a ``QgsProcessingAlgRunnerTask``
in QGIS's task manager, on the project's layers, its results handled by Processing): each run
completes, the dock shows its results, and the project's open layers of the file show the new
rows and values without reopening the project (issue 11, item 3). A freeze meter
(tests/freeze.py) runs meanwhile; its figures are measured by ``make bench``
(bench/bench_freeze.py), not asserted here. The HiGHS solves of a worker thread go to the
helper process and give the same result as in this process (item 5).
"""

import inspect
import os
import threading
import time

import numpy as np
import pytest
from conftest import dock_on_project
from datasets import grid_points, sample_city_project, sql, write_assignments
from freeze import FreezeMeter, wait_for
from qgis.core import (
    QgsApplication,
    QgsProcessingAlgRunnerTask,
    QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QObject, Qt, pyqtSignal

from service_grid.algorithms.core import solver_process
from service_grid.plugin.feedback_dock import FeedbackDock
from service_grid.plugin.grid_model import GridTableModel
from service_grid.plugin.project_store import layer_file
from service_grid.plugin.staff_dock import StaffDock

SAMPLE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "resources",
    "sample",
    "sample_city.gpkg",
)


@pytest.fixture(scope="module")
def city_project(plugin, qgis_processing, tmp_path_factory):
    """The sample city as a classified project GeoPackage (``project_file``: a copy)."""
    import processing

    path = sample_city_project(str(tmp_path_factory.mktemp("responsive") / "city.gpkg"))
    processing.run(
        "servicegrid:classifygrids",
        {"INPUT": path + "|layername=grids", "OUTPUT": "TEMPORARY_OUTPUT", "PROJECT": path},
    )
    return path


@pytest.fixture
def staff_dock(project_file, qgis_iface, qtbot):
    """The project read into QGIS and the Staff & outlets dock on it."""
    yield from dock_on_project(StaffDock, project_file, qgis_iface)


@pytest.fixture
def feedback_dock(project_file, qgis_iface, qtbot):
    """The project read into QGIS and the Customer feedback dock on it."""
    yield from dock_on_project(FeedbackDock, project_file, qgis_iface)


def _project_layer(path, table) -> QgsVectorLayer:
    for layer in QgsProject.instance().mapLayers().values():
        source, name = layer_file(layer)
        if name == table and os.path.samefile(source, path):
            return layer
    raise AssertionError("no layer of {} in the project".format(table))


def _layers_show_the_file(path, tables):
    """Each open layer of ``tables`` has the file's rows (count and ids)."""
    for table in tables:
        layer = _project_layer(path, table)
        rows = sql(path, 'SELECT count(*) FROM "{}"'.format(table))[0][0]
        assert layer.featureCount() == rows, (table, layer.featureCount(), rows)
        assert sum(1 for _f in layer.getFeatures()) == rows, table


# ---------------------------------------------------------------------- the docks


def test_allocate_from_the_run_tab_shows_results_and_refreshes_the_layers(staff_dock, qtbot):
    path, dock = staff_dock
    grids, assignments = _project_layer(path, "grids"), _project_layer(path, "assignments")
    assert assignments.featureCount() == 0
    assert all(f["recommended_staff"] in (None, 0) for f in grids.getFeatures())
    dock.tabs.setCurrentWidget(dock.runTab)
    with FreezeMeter() as meter, qtbot.waitSignal(dock.runFinished, timeout=300000) as done:
        qtbot.mouseClick(dock.allocateButton, Qt.MouseButton.LeftButton)
        assert dock.run is not None and not dock.allocateButton.isEnabled()
    assert done.args == [True], dock.runLabel.text()
    print("allocatestaff from the dock: longest freeze {:.0f} ms".format(meter.longest_ms))
    assert dock.run is None and dock.allocateButton.isEnabled()
    # the dock shows the file
    rows = sql(path, "SELECT count(*) FROM assignments")[0][0]
    assert rows > 0 and len(dock.data.assignments) == rows
    recommended = dict(sql(path, "SELECT grid_id, recommended_staff FROM grids"))
    record = dock.data.record_of_grid[sorted(recommended)[0]]
    assert dock.grid_model.index(
        dock.grid_model.row_of(record), GridTableModel.RECOMMENDED
    ).data() == str(recommended[sorted(recommended)[0]])
    # the project's open layers show it too, without reopening
    _layers_show_the_file(path, ("grids", "assignments"))
    assert {f["grid_id"]: f["recommended_staff"] for f in grids.getFeatures()} == recommended


def test_site_outlets_from_the_run_tab_refreshes_the_outlets_layer(staff_dock, qtbot):
    path, dock = staff_dock
    outlets = _project_layer(path, "outlets")
    before = outlets.featureCount()
    candidates = QgsVectorLayer(SAMPLE + "|layername=candidates", "candidates", "ogr")
    QgsProject.instance().addMapLayer(candidates)
    dock.candidatesCombo.setLayer(candidates)
    dock.newOutletsSpin.setValue(3)
    with qtbot.waitSignal(dock.runFinished, timeout=300000) as done:
        qtbot.mouseClick(dock.siteButton, Qt.MouseButton.LeftButton)
    assert done.args == [True], dock.runLabel.text()
    assert outlets.featureCount() == before + 3
    _layers_show_the_file(path, ("grids", "outlets"))
    assert dock.outletCombo.count() == 1 + before + 3
    on_map = {f["grid_id"]: f["outlet_id"] for f in _project_layer(path, "grids").getFeatures()}
    assert on_map == dict(sql(path, "SELECT grid_id, outlet_id FROM grids"))


def test_sync_from_the_sync_tab_shows_the_new_rows_in_the_dock_and_the_layer(
    feedback_dock, qtbot, run_alg, tmp_path
):
    import device

    project_file, dock = feedback_dock
    grids = sorted(grid_points(project_file))[:3]
    write_assignments(project_file, [("S0001", g) for g in grids], "2026-11-01T08:00:00.000Z")
    package = str(tmp_path / "field" / "S0001.gpkg")
    os.makedirs(os.path.dirname(package))
    run_alg(
        "servicegrid:createfieldpackage",
        {"PROJECT": project_file, "STAFF_ID": "S0001", "OUTPUT": package},
    )
    added = device.add_feedback(package, n=200, seed=5)
    path = project_file
    layer = _project_layer(path, "feedback")
    assert layer.featureCount() == 0
    dock.tabs.setCurrentWidget(dock.syncTab)
    dock.add_packages([package])
    with qtbot.waitSignal(dock.syncFinished, timeout=120000) as done:
        qtbot.mouseClick(dock.syncButton, Qt.MouseButton.LeftButton)
    assert done.args == [True], dock.runLabel.text()
    assert dock.run is None and dock.progressBar.value() == 100
    assert len(dock.data) == len(added) == 200
    assert sorted(dock.data.uuids) == sorted(added)
    assert "200 inserted" in dock.runLabel.text()
    _layers_show_the_file(path, ("feedback",))
    qtbot.waitUntil(lambda: dock.feedbackTable.columnWidth(0) > 0)


def test_a_dock_closed_while_reading_after_its_run_is_left_alone(staff_dock, qtbot, monkeypatch):
    """The dock is closed after the algorithm finished, while its file is read again in
    the background: the read's result never reaches the closed dock."""
    from service_grid.plugin import staff_dock as module

    read = module.read_dock_data

    def slow_read(*args):
        time.sleep(1.0)  # (the dock is closed meanwhile)
        return read(*args)

    monkeypatch.setattr(module, "read_dock_data", slow_read)
    _path, dock = staff_dock
    finished = []
    dock.runFinished.connect(finished.append)
    run = dock.run_allocate()
    assert run is not None
    qtbot.waitUntil(lambda: dock.run is not None and dock.run.finished, timeout=300000)
    dock.cleanup()
    manager = QgsApplication.taskManager()
    qtbot.waitUntil(lambda: manager.countActiveTasks() == 0, timeout=300000)
    qtbot.wait(100)
    assert finished == [] and dock.run is None


# ---------------------------------------------------------------------- the Processing dialog


class _Handled(QObject):
    done = pyqtSignal(bool)


def _handle_algorithm_results(alg, context, feedback, results):
    """Processing's handling of a run's results, called as the algorithm dialog calls it:
    QGIS 3.22's function has a ``showResults`` argument (the dialog passes False when it
    stays open), QGIS 3.40's has not."""
    from processing.gui.Postprocessing import handleAlgorithmResults

    takes = inspect.signature(handleAlgorithmResults).parameters
    extra = {"showResults": False} if "showResults" in takes else {}
    return handleAlgorithmResults(alg, context, feedback, parameters=results, **extra)


def test_allocate_as_the_processing_dialog_runs_it_refreshes_the_open_layers(
    plugin, project_file, qtbot
):
    """A QgsProcessingAlgRunnerTask in QGIS's task manager on the project's layers, its
    results handled by Processing (result layers loaded), as the dialog does."""
    from processing.tools import dataobjects

    from service_grid.algorithms.project_template import read_project

    project = QgsProject.instance()
    project.clear()
    assert read_project(project, project_file)
    try:
        grids, assignments = (
            _project_layer(project_file, "grids"),
            _project_layer(project_file, "assignments"),
        )
        alg = QgsApplication.processingRegistry().createAlgorithmById("servicegrid:allocatestaff")
        params = {
            "GRIDS": grids.id(),
            "STAFF": _project_layer(project_file, "staff").id(),
            "OUTLETS": _project_layer(project_file, "outlets").id(),
            # (as the dialog's output widgets give them: loaded into the project at the end)
            "OUTPUT_GRIDS": QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", project),
            "OUTPUT_ASSIGNMENTS": QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", project),
            "PROJECT": project_file,
        }
        feedback = QgsProcessingFeedback()
        context = dataobjects.createContext(feedback)
        handled = _Handled()
        layers_before = len(project.mapLayers())

        def on_complete(ok, results):
            try:
                _handle_algorithm_results(alg, context, feedback, results)
            finally:  # (an error here is reported by pytest-qt; no wait for the timeout)
                handled.done.emit(bool(ok))

        task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
        task.executed.connect(on_complete)
        with FreezeMeter() as meter:
            QgsApplication.taskManager().addTask(task)
            assert wait_for(handled.done, 300) == [True]
        print(
            "allocatestaff as the dialog runs it: longest freeze {:.0f} ms".format(meter.longest_ms)
        )
        assert len(project.mapLayers()) == layers_before + 2  # the two outputs were loaded
        _layers_show_the_file(project_file, ("grids", "assignments"))
        recommended = dict(sql(project_file, "SELECT grid_id, recommended_staff FROM grids"))
        assert all(v is not None for v in recommended.values())
        assert {f["grid_id"]: f["recommended_staff"] for f in grids.getFeatures()} == recommended
        assert assignments.featureCount() > 0
    finally:
        project.clear()


# ---------------------------------------------------------------------- the solver helper


def _model():
    """A small assignment MILP with a unique optimum (3 workers × 3 jobs)."""
    from scipy.optimize import Bounds, LinearConstraint

    cost = np.array([4.0, 1.0, 3.0, 2.0, 0.5, 5.0, 3.0, 2.0, 2.5])
    rows = np.zeros((6, 9))
    for i in range(3):
        rows[i, 3 * i : 3 * i + 3] = 1  # each worker one job
        rows[3 + i, i::3] = 1  # each job one worker
    return {
        "c": cost,
        "integrality": np.ones(9),
        "bounds": Bounds(np.zeros(9), np.ones(9)),
        "constraints": LinearConstraint(rows, np.ones(6), np.ones(6)),
        "options": {"disp": False},
    }


def test_a_worker_thread_solves_in_the_helper_process_with_the_same_result(monkeypatch):
    monkeypatch.delenv(solver_process.IN_PROCESS_ENV, raising=False)
    here = solver_process.milp(**_model())  # main thread: in this process
    found = {}

    def work():
        found["result"] = solver_process.milp(**_model())
        found["helper"] = solver_process._HELPER.proc
        try:
            solver_process.milp(c=np.ones(2), integrality=np.ones(3))  # shapes disagree
        except ValueError as err:
            found["error"] = err

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(120)
    result = found["result"]
    assert found["helper"] is not None and found["helper"].poll() is None
    assert result.status == here.status == 0
    assert np.array_equal(result.x, here.x) and result.fun == here.fun
    assert isinstance(found.get("error"), ValueError)  # raised as in this process
