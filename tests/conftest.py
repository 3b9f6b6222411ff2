"""Test set-up: the repository root is imported once under its real package name
``service_grid`` (whatever the clone's folder is called), QGIS Processing is initialised and
the plugin's provider registered."""

import importlib.util
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(ROOT, "resources", "sample", "sample_city.gpkg")
STAFF_CSV = os.path.join(ROOT, "resources", "sample", "staff.csv")
MAIN_TS = os.path.join(ROOT, "resources", "i18n", "service_grid_zh_CN.ts")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "/usr/share/qgis/python/plugins" not in sys.path:
    sys.path.append("/usr/share/qgis/python/plugins")
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)


def _register_package():
    if "service_grid" in sys.modules:
        return sys.modules["service_grid"]
    spec = importlib.util.spec_from_file_location(
        "service_grid", os.path.join(ROOT, "__init__.py"), submodule_search_locations=[ROOT])
    module = importlib.util.module_from_spec(spec)
    sys.modules["service_grid"] = module
    spec.loader.exec_module(module)
    return module


_register_package()


@pytest.fixture(scope="session")
def plugin(qgis_app, qgis_iface, qgis_processing):
    """The plugin loaded through ``classFactory`` with its GUI and provider."""
    import service_grid

    instance = service_grid.classFactory(qgis_iface)
    instance.initGui()
    yield instance
    instance.unload()


@pytest.fixture
def run_alg(plugin, qgis_processing):
    """Run a Processing algorithm and return its results."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    def _run(alg_id, params, feedback=None):
        context = QgsProcessingContext()
        return processing.run(alg_id, params, context=context,
                              feedback=feedback or QgsProcessingFeedback())

    return _run


@pytest.fixture(autouse=True)
def _collect_qgis_objects():
    """Free each test's QGIS objects while QGIS still runs (not at interpreter exit)."""
    yield
    import gc

    gc.collect()


# ---------------------------------------------------------------------- the sample city, docks


def sample_city_project(path: str) -> str:
    """Make the sample city a project GeoPackage at ``path``: its communities as units, its
    outlets and staff, and grids of about 30,000 people (the ``plugin`` fixture must be up)."""
    import processing

    processing.run("servicegrid:createproject", {
        "INPUT": SAMPLE + "|layername=communities", "POPULATION_FIELD": "population",
        "NEST_FIELD": "district_code", "OUTLETS": SAMPLE + "|layername=outlets",
        "STAFF": STAFF_CSV, "OUTPUT": path})
    processing.run("servicegrid:buildgrids", {
        "INPUT": path + "|layername=units", "POPULATION_FIELD": "population",
        "NEST_FIELD": "nest", "TARGET_POPULATION": 30000, "OUTPUT": "TEMPORARY_OUTPUT",
        "OUTPUT_UNITS": "TEMPORARY_OUTPUT", "PROJECT": path})
    return path


@pytest.fixture
def project_file(city_project, tmp_path):
    """A fresh copy of the test module's ``city_project`` for one test."""
    from datasets import fresh_copy

    return fresh_copy(city_project, tmp_path)


def open_dock(dock_class, iface):
    """A dock of ``dock_class`` on QGIS's ``iface``, shown (closed by :func:`close_dock`)."""
    dock = dock_class(iface)
    dock.show()
    return dock


def close_dock(dock) -> None:
    """Tear a dock down as the plugin does (nothing happens when it is gone already)."""
    from qgis.PyQt import sip

    if sip.isdeleted(dock):
        return
    dock.cleanup()
    dock.close()
    dock.deleteLater()


def dock_on_project(dock_class, path, iface):
    """For a fixture: the project ``path`` read into QGIS (as Service Grid ▸ Open project
    does) and a dock of ``dock_class`` on it; yields ``(path, dock)``, then closes both."""
    from qgis.core import QgsProject

    from service_grid.algorithms.project_template import read_project

    project = QgsProject.instance()
    assert read_project(project, path)
    dock = open_dock(dock_class, iface)
    yield path, dock
    close_dock(dock)
    project.clear()


def click_row(qtbot, view, row, modifier=None) -> None:
    """Click the first cell of ``row`` of an item view, as a user does."""
    from qgis.PyQt.QtCore import Qt

    view.scrollTo(view.model().index(row, 0))
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier if modifier is None else modifier,
                     rect.center())


# ---------------------------------------------------------------------- translations


def ts_messages(path):
    """``(context, source, translation element)`` of each message of a Qt Linguist file."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message.findtext("source"), message.find("translation")


def check_translated(sources, folder, ts_files=(MAIN_TS,)) -> set:
    """Extract the strings of ``sources`` (paths below the repository) with pylupdate5 and
    assert each is translated in one of ``ts_files`` (later files win), finished, with the
    same placeholders. Returns the ``(context, source)`` pairs extracted."""
    import re
    import subprocess

    fresh = os.path.join(str(folder), "extracted.ts")
    subprocess.run(["pylupdate5", "-noobsolete", *sources, "-ts", fresh],
                   cwd=ROOT, check=True, capture_output=True)
    translated = {}
    for path in ts_files:
        translated.update({(c, s): t for c, s, t in ts_messages(path)})
    extracted = {(c, s) for c, s, _t in ts_messages(fresh)}
    missing = sorted(extracted - set(translated))
    assert not missing, missing[:5]
    placeholder = re.compile(r"\{[^{}]*\}")
    for key in sorted(extracted):
        translation = translated[key]
        text = translation.text if translation is not None else ""
        assert text and text.strip() and translation.get("type") is None, key
        assert sorted(placeholder.findall(key[1])) == sorted(placeholder.findall(text)), \
            (key, text)
    return extracted
