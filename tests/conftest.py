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
        "service_grid", os.path.join(ROOT, "__init__.py"), submodule_search_locations=[ROOT]
    )
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
        return processing.run(
            alg_id, params, context=context, feedback=feedback or QgsProcessingFeedback()
        )

    return _run


@pytest.fixture(autouse=True)
def _collect_qgis_objects():
    """Free each test's QGIS objects while QGIS still runs (not at interpreter exit)."""
    yield
    import gc

    gc.collect()


# ---------------------------------------------------------------------- qgis_process


def qgis_process(tmp_path):
    """``(exe, env)`` to run Debian's ``qgis_process.bin`` with this repository as the enabled
    plugin ``service_grid`` (a symlink in ``tmp_path/plugins``, ``HOME`` = ``tmp_path``). Its
    Python gets the venv's packages (shapely 2), as README tells users of Debian's QGIS to do.
    The plugin is enabled once per ``tmp_path``."""
    import shutil
    import subprocess

    import shapely

    plugin_root = os.path.join(str(tmp_path), "plugins")
    site = os.path.dirname(os.path.dirname(shapely.__file__))
    env = dict(
        os.environ,
        QGIS_PLUGINPATH=plugin_root,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        PYTHONPATH=site,
    )
    exe = shutil.which("qgis_process.bin")
    if not os.path.isdir(plugin_root):
        os.mkdir(plugin_root)
        os.symlink(ROOT, os.path.join(plugin_root, "service_grid"))
        enable = subprocess.run(
            [exe, "plugins", "enable", "service_grid"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert enable.returncode == 0 or "already enabled" in enable.stderr + enable.stdout, (
            enable.stdout[-2000:] + enable.stderr[-2000:]
        )
    return exe, env


def qgis_process_run(tmp_path, alg_id, params):
    """``qgis_process.bin --json run alg_id -- KEY=value…`` (see :func:`qgis_process`); the
    finished ``subprocess.CompletedProcess`` (text)."""
    import subprocess

    exe, env = qgis_process(tmp_path)
    args = ["{}={}".format(key, value) for key, value in params.items()]
    return subprocess.run(
        [exe, "--json", "run", alg_id, "--", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_qgis_process(tmp_path, alg_id, params) -> dict:
    """Run ``alg_id`` through qgis_process (see :func:`qgis_process_run`), assert it
    succeeded and return its JSON answer (``["results"]`` holds the outputs)."""
    import json

    run = qgis_process_run(tmp_path, alg_id, params)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads(run.stdout)


# ---------------------------------------------------------------------- small projects


def build_small_project(folder, staff, outlets, outlet_fields=None) -> str:
    """A 6 × 6 km project ``folder/city.gpkg`` (the ``plugin`` fixture must be up): units of
    1 km in two streets (``unit_rows(6, 6)``), grids of ~12,000 people, the ``staff``
    ``(staff_id, name, capacity)`` (agents of outlet O1) and the ``outlets`` (rows for
    :func:`datasets.write_layer`; ``outlet_fields`` adds to outlet_id, name, kind)."""
    from datasets import UNIT_PARAMS, make_project, unit_rows, units_layer, write_layer
    from osgeo import ogr

    folder = str(folder)
    units = units_layer(folder, unit_rows(6, 6))
    staff_csv = os.path.join(folder, "staff.csv")
    with open(staff_csv, "w", encoding="utf-8") as f:
        f.write(
            "staff_id,name,role,outlet_id,capacity\n"
            + "".join("{},{},agent,O1,{}\n".format(s, n, c) for s, n, c in staff)
        )
    fields = {"outlet_id": ogr.OFTString, "name": ogr.OFTString, "kind": ogr.OFTString}
    fields.update(outlet_fields or {})
    outlets = write_layer(
        os.path.join(folder, "outlets.gpkg"), "outlets", ogr.wkbPoint, fields, outlets
    )
    params = dict(UNIT_PARAMS, INPUT=units, OUTLETS=outlets, STAFF=staff_csv)
    return make_project(os.path.join(folder, "city.gpkg"), params, {"TARGET_POPULATION": 12000})


@pytest.fixture(scope="module")
def two_staff_project(plugin, qgis_processing, tmp_path_factory):
    """A 6 × 6 km project (UTM 50N) whose staff S01 has two grids and S02 one (field packages:
    basemap, QField)."""
    from datasets import sql, write_assignments

    path = build_small_project(
        tmp_path_factory.mktemp("staffed"),
        [("S01", "张三", 20000), ("S02", "李四", 20000)],
        [{"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(401500 3501500)"}],
    )
    grids = [g for (g,) in sql(path, "SELECT grid_id FROM grids ORDER BY grid_id")]
    write_assignments(path, [("S01", grids[0]), ("S01", grids[1]), ("S02", grids[2])])
    return path


# ---------------------------------------------------------------------- the sample city, docks


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
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier if modifier is None else modifier,
        rect.center(),
    )


# ---------------------------------------------------------------------- translations


def ts_messages(path):
    """``(context, source, translation element)`` of each message of a Qt Linguist file."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message.findtext("source"), message.find("translation")


def extract_ts(paths, fresh) -> None:
    """Extract the strings of ``paths`` (files, folders or module paths below the repository)
    into the Qt Linguist file ``fresh``, the way ``make update-ts`` does."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import update_ts

    assert update_ts.extract(str(fresh), "-noobsolete", paths=list(paths)) == 0


def check_translated(sources, folder, ts_files=(MAIN_TS,)) -> set:
    """Extract the strings of ``sources`` (paths below the repository) with pylupdate5 and
    assert each is translated in one of ``ts_files`` (later files win), finished, with the
    same placeholders. Returns the ``(context, source)`` pairs extracted."""
    import re

    fresh = os.path.join(str(folder), "extracted.ts")
    extract_ts(sources, fresh)
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
        assert sorted(placeholder.findall(key[1])) == sorted(placeholder.findall(text)), (key, text)
    return extracted
