"""Every parameter is checked before anything is computed or written (issue 11, item 4), on
real files through processing.run and qgis_process: NaN numbers, a PROJECT that is not a
project, buildgrids' INPUT that is not the project's units, an existing folder as output; a
refused run leaves no output file. Disk full (a tiny tmpfs) and a read-only folder give a
translated message, not a traceback. Temporary files of killed runs are removed at the next
start."""

import math
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, qgis_process_run
from datasets import SAMPLE, UNIT_PARAMS, fresh_copy, sample_city_project, sql, units_layer
from osgeo import ogr
from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingException

ogr.UseExceptions()

NAN = float("nan")


@pytest.fixture(scope="module")
def city(tmp_path_factory, plugin):
    """The sample city as a project with grids (built once; tests change copies)."""
    return sample_city_project(str(tmp_path_factory.mktemp("validate") / "city.gpkg"))


@pytest.fixture
def project(city, tmp_path):
    return fresh_copy(city, tmp_path)


def _state(path):
    """What a store would change: the grids and the units' grid ids."""
    return (
        sql(path, "SELECT grid_id, population FROM grids ORDER BY grid_id"),
        sql(path, "SELECT unit_id, grid_id FROM units ORDER BY unit_id"),
    )


def _files(folder):
    return sorted(os.listdir(str(folder)))


def _no_traceback(info):
    text = str(info.value)
    assert "Traceback" not in text and 'File "' not in text, text
    return text


# ---------------------------------------------------------------------- numbers


def test_every_number_parameter_refuses_nan_and_inf(plugin):
    from service_grid.algorithms.validation import number_problem

    provider = QgsApplication.processingRegistry().providerById("servicegrid")
    context = QgsProcessingContext()
    checked = set()
    for alg in provider.algorithms():
        for definition in alg.parameterDefinitions():
            if definition.type() not in ("number", "distance"):
                continue
            for bad in (NAN, "nan", math.inf, "-inf"):
                message = number_problem(alg, {definition.name(): bad}, context)
                assert message and definition.name() in message, (alg.id(), definition.name())
            assert number_problem(alg, {definition.name(): 3}, context) is None
            checked.add(definition.name())
    assert {
        "TARGET_POPULATION",
        "TOLERANCE",
        "STAFF_CAPACITY",
        "SERVICE_RADIUS",
        "CELL_SIZE",
    } <= checked


@pytest.mark.parametrize(
    "alg_id, key",
    [
        ("servicegrid:buildgrids", "TARGET_POPULATION"),
        ("servicegrid:buildgrids", "TOLERANCE"),
        ("servicegrid:allocatestaff", "STAFF_CAPACITY"),
        ("servicegrid:siteoutlets", "SERVICE_RADIUS"),
        ("servicegrid:buildcellgrid", "CELL_SIZE"),
    ],
)
def test_nan_refused_before_anything_is_written(project, run_alg, tmp_path, alg_id, key):
    params = {
        "servicegrid:buildgrids": {
            "INPUT": project + "|layername=units",
            "POPULATION_FIELD": "population",
            "TARGET_POPULATION": 30000,
            "PROJECT": project,
        },
        "servicegrid:allocatestaff": {
            "GRIDS": project + "|layername=grids",
            "STAFF": project + "|layername=staff",
            "PROJECT": project,
        },
        "servicegrid:siteoutlets": {
            "GRIDS": project + "|layername=grids",
            "CANDIDATES": SAMPLE + "|layername=candidates",
            "NEW_OUTLETS": 2,
            "PROJECT": project,
        },
        "servicegrid:buildcellgrid": {
            "INPUT": SAMPLE + "|layername=communities",
            "POPULATION_FIELD": "population",
        },
    }[alg_id]
    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    for definition in alg.destinationParameterDefinitions():
        params[definition.name()] = str(tmp_path / (definition.name().lower() + ".gpkg"))
    before = _files(tmp_path)
    state = _state(project)
    with pytest.raises(QgsProcessingException) as info:
        run_alg(alg_id, dict(params, **{key: NAN}))
    assert "not a number" in _no_traceback(info) and key in str(info.value)
    assert _files(tmp_path) == before
    assert _state(project) == state


def test_nan_refused_by_qgis_process(tmp_path):
    units = units_layer(str(tmp_path))
    run = qgis_process_run(
        tmp_path,
        "servicegrid:buildgrids",
        {
            "INPUT": units,
            "POPULATION_FIELD": "pop",
            "TARGET_POPULATION": "nan",
            "OUTPUT": str(tmp_path / "grids.gpkg"),
        },
    )
    assert run.returncode != 0
    assert "TARGET_POPULATION" in run.stdout + run.stderr
    assert "not a number" in run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert not os.path.exists(str(tmp_path / "grids.gpkg"))


# ---------------------------------------------------------------------- PROJECT first


def test_not_a_project_refused_before_outputs_are_written(project, run_alg, tmp_path):
    plain = units_layer(str(tmp_path)).split("|")[0]
    out = tmp_path / "out"
    out.mkdir()
    grids = project + "|layername=grids"
    runs = {
        "servicegrid:buildgrids": {
            "INPUT": project + "|layername=units",
            "POPULATION_FIELD": "population",
            "TARGET_POPULATION": 30000,
            "OUTPUT": str(out / "grids.gpkg"),
            "OUTPUT_UNITS": str(out / "units.gpkg"),
        },
        "servicegrid:classifygrids": {"INPUT": grids, "OUTPUT": str(out / "classes.gpkg")},
        "servicegrid:siteoutlets": {
            "GRIDS": grids,
            "CANDIDATES": SAMPLE + "|layername=candidates",
            "NEW_OUTLETS": 2,
            "OUTPUT_OUTLETS": str(out / "outlets.gpkg"),
            "OUTPUT_GRIDS": str(out / "sited.shp"),
        },
        "servicegrid:allocatestaff": {
            "GRIDS": grids,
            "STAFF": project + "|layername=staff",
            "OUTPUT_GRIDS": str(out / "staffed.gpkg"),
            "OUTPUT_ASSIGNMENTS": str(out / "assignments.csv"),
        },
        "servicegrid:exportstaffing": {"OUTPUT": str(out / "staffing.xlsx")},
        "servicegrid:createfieldpackage": {"STAFF_ID": "S0001", "OUTPUT": str(out / "p.gpkg")},
    }
    for alg_id, params in runs.items():
        started = time.monotonic()
        with pytest.raises(QgsProcessingException, match="not a Service Grid project") as info:
            run_alg(alg_id, dict(params, PROJECT=plain))
        _no_traceback(info)
        assert time.monotonic() - started < 5, alg_id  # refused before computing
        assert _files(out) == [], alg_id


def test_project_without_grids_refused_before_outputs(run_alg, city, tmp_path):
    bare = str(tmp_path / "bare.gpkg")
    from datasets import SAMPLE_CITY, run_createproject

    run_createproject(bare, SAMPLE_CITY)
    out = str(tmp_path / "classes.gpkg")
    with pytest.raises(QgsProcessingException, match="no grids yet"):
        run_alg(
            "servicegrid:classifygrids",
            {"INPUT": city + "|layername=grids", "OUTPUT": out, "PROJECT": bare},
        )
    assert not os.path.exists(out)


# ---------------------------------------------------------------------- buildgrids' INPUT


def test_buildgrids_input_must_be_the_projects_units(project, run_alg, tmp_path):
    state = _state(project)
    out = str(tmp_path / "grids.gpkg")
    base = {
        "POPULATION_FIELD": "population",
        "TARGET_POPULATION": 30000,
        "OUTPUT": out,
        "OUTPUT_UNITS": "TEMPORARY_OUTPUT",
        "PROJECT": project,
    }
    other = units_layer(str(tmp_path), fields=None)  # another layer, without unit_id
    with pytest.raises(QgsProcessingException, match="own units layer"):
        run_alg("servicegrid:buildgrids", dict(base, INPUT=other, POPULATION_FIELD="pop"))
    # the project's units, but a part of them (a filter): refused, with what to do
    some = project + '|layername=units|subset="fid" > 2'
    with pytest.raises(QgsProcessingException) as info:
        run_alg("servicegrid:buildgrids", dict(base, INPUT=some))
    text = _no_traceback(info)
    assert "2 of the project's" in text and "layername=units" in text and "PROJECT" in text
    # another project's units (same field names, other ids): refused
    (tmp_path / "other").mkdir()
    elsewhere = fresh_copy(project, tmp_path / "other")
    ds = ogr.Open(elsewhere, 1)
    ds.ExecuteSQL("UPDATE units SET unit_id = 'X' || unit_id WHERE fid <= 5")
    ds = None
    with pytest.raises(QgsProcessingException, match="is not the units of the project"):
        run_alg("servicegrid:buildgrids", dict(base, INPUT=elsewhere + "|layername=units"))
    assert _state(project) == state
    assert not os.path.exists(out)
    # a copy of the project's units with exactly its ids is accepted
    copy = str(tmp_path / "copy.gpkg")
    ogr.GetDriverByName("GPKG").CopyDataSource(ogr.Open(project), copy)
    result = run_alg("servicegrid:buildgrids", dict(base, INPUT=copy + "|layername=units"))
    assert os.path.exists(out) and result["GRID_COUNT"] == len(_state(project)[0])
    assert not sql(project, "SELECT count(*) FROM units WHERE grid_id IS NULL")[0][0]


def test_other_units_refused_with_the_message_in_chinese(project, run_alg, tmp_path):
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(os.path.join(ROOT, "resources", "i18n", "service_grid_zh_CN.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        some = project + '|layername=units|subset="fid" <> 1'
        with pytest.raises(QgsProcessingException) as info:
            run_alg(
                "servicegrid:buildgrids",
                {
                    "INPUT": some,
                    "POPULATION_FIELD": "population",
                    "TARGET_POPULATION": 30000,
                    "OUTPUT": "TEMPORARY_OUTPUT",
                    "PROJECT": project,
                },
            )
        assert "单元" in str(info.value)
        with pytest.raises(QgsProcessingException) as info:
            run_alg(
                "servicegrid:exportstaffing",
                {"PROJECT": project, "OUTPUT": str(tmp_path)},
            )
        assert "文件夹" in str(info.value)
    finally:
        QCoreApplication.removeTranslator(translator)


# ---------------------------------------------------------------------- folders as outputs


def test_an_existing_folder_as_output_is_refused(project, run_alg, tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    runs = {
        "servicegrid:exportstaffing": {"PROJECT": project, "OUTPUT": str(folder)},
        "servicegrid:createfieldpackage": {
            "PROJECT": project,
            "STAFF_ID": "S0001",
            "OUTPUT": str(folder),
        },
        "servicegrid:createproject": dict(
            UNIT_PARAMS, INPUT=units_layer(str(tmp_path)), OUTPUT=str(folder)
        ),
        "servicegrid:buildgrids": {
            "INPUT": project + "|layername=units",
            "POPULATION_FIELD": "population",
            "TARGET_POPULATION": 30000,
            "OUTPUT": str(folder),
        },
    }
    before = _files(tmp_path)
    for alg_id, params in runs.items():
        with pytest.raises(QgsProcessingException, match="is an existing folder") as info:
            run_alg(alg_id, params)
        assert str(folder) in _no_traceback(info)
        assert _files(tmp_path) == before and _files(folder) == [], alg_id


def test_temporary_outputs_are_not_loaded_twice(plugin, tmp_path):
    """Checking the outputs registers no layer to load: the Processing dialog (an output
    definition with a destination project) loads each temporary output once and does not
    report a "memory:<name>" layer that was "not correctly generated"."""
    from qgis.core import QgsProcessingOutputLayerDefinition, QgsProject

    from service_grid.algorithms.validation import output_files

    alg = QgsApplication.processingRegistry().createAlgorithmById("servicegrid:buildgrids")
    context = QgsProcessingContext()
    parameters = {
        "OUTPUT": QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", QgsProject.instance()),
        "OUTPUT_UNITS": QgsProcessingOutputLayerDefinition(
            str(tmp_path / "units.gpkg"), QgsProject.instance()
        ),
    }
    assert output_files(alg, parameters, context) == {"OUTPUT_UNITS": str(tmp_path / "units.gpkg")}
    assert context.layersToLoadOnCompletion() == {}


def test_an_existing_folder_refused_by_qgis_process(project, tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    run = qgis_process_run(
        tmp_path, "servicegrid:exportstaffing", {"PROJECT": project, "OUTPUT": str(folder)}
    )
    assert run.returncode != 0 and "is an existing folder" in run.stderr + run.stdout
    assert "Traceback" not in run.stderr + run.stdout
    assert not os.path.exists(str(folder) + ".xlsx") and _files(folder) == []


# ---------------------------------------------------------------------- disk full, read-only


def _mount_tmpfs(folder, size):
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to mount a tmpfs")
    os.makedirs(folder, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size={}".format(size), "tmpfs", folder],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs: " + done.stderr)


def _umount(folder):
    subprocess.run(["umount", "-l", folder], capture_output=True)


@pytest.fixture
def tiny_disk(tmp_path):
    """A folder on a 64 KiB tmpfs (root only; skipped otherwise)."""
    folder = str(tmp_path / "tiny")
    _mount_tmpfs(folder, "64k")
    yield folder
    _umount(folder)


def _fill(folder):
    """Fill the file system of ``folder`` (leaves a few bytes)."""
    fd = os.open(os.path.join(folder, "ballast"), os.O_CREAT | os.O_WRONLY)
    try:
        for size in (1 << 16, 4096, 512, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                continue
    finally:
        os.close(fd)


def test_disk_full_gives_a_message_not_a_traceback(project, run_alg, tiny_disk, tmp_path):
    book = os.path.join(tiny_disk, "staffing.xlsx")
    new = os.path.join(tiny_disk, "new.gpkg")
    _fill(tiny_disk)
    with pytest.raises(QgsProcessingException, match="the disk is full") as info:
        run_alg("servicegrid:exportstaffing", {"PROJECT": project, "OUTPUT": book})
    assert book in _no_traceback(info)
    params = dict(UNIT_PARAMS, INPUT=units_layer(str(tmp_path)), OUTPUT=new)
    with pytest.raises(QgsProcessingException, match="the disk is full") as info:
        run_alg("servicegrid:createproject", params)
    assert new in _no_traceback(info)
    # no temporary file or folder, no half-written project or workbook
    assert _files(tiny_disk) == ["ballast"]


def test_disk_full_while_storing_into_a_project(city, run_alg, tmp_path):
    folder = str(tmp_path / "disk")
    _mount_tmpfs(folder, "{}k".format(os.path.getsize(city) // 1024 + 200))
    try:
        project = fresh_copy(city, folder)
        state = _state(project)
        _fill(folder)
        out = str(tmp_path / "grids.gpkg")
        with pytest.raises(QgsProcessingException, match="the disk is full") as info:
            run_alg(
                "servicegrid:buildgrids",
                {
                    "INPUT": project + "|layername=units",
                    "POPULATION_FIELD": "population",
                    "TARGET_POPULATION": 20000,
                    "OUTPUT": out,
                    "PROJECT": project,
                },
            )
        _no_traceback(info)
        os.remove(os.path.join(folder, "ballast"))
        assert _state(project) == state
        assert not os.path.exists(out)  # the output written before the store is removed
    finally:
        _umount(folder)


def test_read_only_folder_gives_a_message(project, run_alg, tmp_path):
    folder = str(tmp_path / "ro")
    _mount_tmpfs(folder, "4m")
    try:
        locked = fresh_copy(project, folder)
        subprocess.run(["mount", "-o", "remount,ro", folder], check=True)
        with pytest.raises(QgsProcessingException, match="read-only") as info:
            run_alg(
                "servicegrid:createproject",
                dict(
                    UNIT_PARAMS,
                    INPUT=units_layer(str(tmp_path)),
                    OUTPUT=os.path.join(folder, "new.gpkg"),
                ),
            )
        assert folder in _no_traceback(info)
        with pytest.raises(QgsProcessingException, match="read-only") as info:
            run_alg(
                "servicegrid:exportstaffing",
                {"PROJECT": project, "OUTPUT": os.path.join(folder, "book.xlsx")},
            )
        _no_traceback(info)
        with pytest.raises(QgsProcessingException) as info:
            run_alg(
                "servicegrid:classifygrids",
                {
                    "INPUT": locked + "|layername=grids",
                    "OUTPUT": "TEMPORARY_OUTPUT",
                    "PROJECT": locked,
                },
            )
        assert "read-only" in _no_traceback(info) and locked in str(info.value)
        assert _files(folder) == ["city.gpkg"]
    finally:
        _umount(folder)


# ---------------------------------------------------------------------- temp files of killed runs

_KILLED_RUN = """
import importlib.util, os, sys, time
spec = importlib.util.spec_from_file_location(
    "service_grid", os.path.join({root!r}, "__init__.py"), submodule_search_locations=[{root!r}]
)
module = importlib.util.module_from_spec(spec)
sys.modules["service_grid"] = module
spec.loader.exec_module(module)
from service_grid.algorithms.core import gpkg
from service_grid.algorithms.core.staffing_workbook import write_workbook

def stop(value):
    if value >= 20:
        print("ready", flush=True)
        time.sleep(600)

if sys.argv[1] == "gpkg":
    with gpkg.atomic_output(sys.argv[2]) as tmp:
        open(tmp, "wb").write(b"half")
        print("ready", flush=True)
        time.sleep(600)
else:
    write_workbook(sys.argv[3], sys.argv[2], "en", progress=stop)
"""


def _killed_run(kind, output, project=""):
    """Start a run that writes ``output`` and SIGKILL it once its temporary file exists."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_RUN.format(root=ROOT), kind, output, project],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return proc.pid


def test_temp_files_of_killed_runs_are_removed_at_the_next_run(project, run_alg, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    pid = _killed_run("gpkg", str(out / "new.gpkg"))
    left = [n for n in _files(out) if n.startswith(".service-grid-")]
    assert left and left[0].startswith(".service-grid-{}-".format(pid))
    _killed_run("xlsx", str(out / "book.xlsx"), project)
    assert [n for n in _files(out) if n.startswith(".~sg-")]
    # another live run's folder (this process) and a recent one of unknown owner stay
    mine = out / ".service-grid-{}-live".format(os.getpid())
    mine.mkdir()
    old = out / ".service-grid-abandoned"
    old.mkdir()
    os.utime(str(old), (time.time() - 7200, time.time() - 7200))
    run_alg("servicegrid:exportstaffing", {"PROJECT": project, "OUTPUT": str(out / "book.xlsx")})
    assert _files(out) == sorted(["book.xlsx", left[0], mine.name, old.name])
    run_alg(
        "servicegrid:createproject",
        dict(UNIT_PARAMS, INPUT=units_layer(str(tmp_path)), OUTPUT=str(out / "new.gpkg")),
    )
    assert sorted(_files(out)) == sorted(["book.xlsx", "new.gpkg", mine.name])


def test_failed_runs_leave_no_temp_files(project, run_alg, tmp_path):
    with pytest.raises(QgsProcessingException):
        run_alg(
            "servicegrid:createfieldpackage",
            {"PROJECT": project, "STAFF_ID": "NOBODY", "OUTPUT": str(tmp_path / "p.gpkg")},
        )
    assert not [n for n in _files(tmp_path) if n.startswith((".service-grid-", ".~sg-"))]
    assert _files(tmp_path) == ["city.gpkg"]


def test_a_write_error_does_not_quote_the_sql_statement(plugin):
    from service_grid.algorithms.validation import write_error_message

    err = RuntimeError(
        "In ExecuteSQL(): sqlite3_step(UPDATE units SET grid_id = 'A' WHERE unit_id IN "
        "('U1', 'U2')): unable to open database file"
    )
    message = write_error_message(err, ["/data/ro/city.gpkg"])
    assert "unable to open database file" in message and "UPDATE" not in message
    assert "/data/ro/city.gpkg" in message and "folder" in message
