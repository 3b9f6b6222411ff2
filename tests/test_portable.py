"""Portability (issue 12 item 6): nothing POSIX-only on the plugin's code paths, paths with
drive letters, backslashes and Chinese characters, and files QGIS or OGR hold open.

The pure parts are tested with Windows paths (``ntpath``); the real parts on real files whose
folders and names hold Chinese characters, spaces, ``#``, ``?`` and ``%``: a project created,
gridded, packaged, synced, exported and opened in the dock there. Creating a project or a
field package leaves no handle on the file and prints no GDAL error; a file QGIS holds open is
never replaced (Windows cannot), with a message that says what to do."""

import ntpath
import os
import re
import sqlite3

import pytest
from datasets import (
    UNIT_PARAMS,
    add_feedback,
    grid_points,
    run_buildgrids,
    run_createproject,
    sql,
    unit_rows,
    units_layer,
    write_assignments,
    write_layer,
)
from osgeo import gdal, ogr
from qgis.core import QgsProcessingException, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QUrl, QUrlQuery

from service_grid.algorithms.core import gpkg, paths
from service_grid.algorithms.core.errors import InputError
from service_grid.algorithms.core.fieldsync import expand_paths, quarantine
from service_grid.algorithms.project_template import _OWN_FILE, project_uri, read_project

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: A folder and a project name as planners write them (and the URI specials #, ? and %).
FOLDER = "项目 #1"
NAME = "城市 ?%.gpkg"


# ---------------------------------------------------------------------- pure: path strings


def test_windows_paths_compare_as_windows_does():
    key = paths.path_key
    assert key(r"C:\数据\项目 #1\城市.GPKG", ntpath) == key("c:/数据/项目 #1/城市.gpkg", ntpath)
    assert key(r"C:\a\..\b\x.gpkg", ntpath) == key(r"C:\b\x.gpkg", ntpath)
    assert paths.same_file(r"\\server\share\城市.gpkg", "//SERVER/share/城市.gpkg", ntpath)
    assert not paths.same_file(r"C:\a\x.gpkg", r"D:\a\x.gpkg", ntpath)
    assert not paths.same_file("", r"C:\a\x.gpkg", ntpath)
    assert key("", ntpath) == ""


def test_sqlite_uris_of_drive_letters_shares_and_special_names():
    uri = paths.sqlite_uri(r"C:\项目 #1\城市 ?%.gpkg", ntpath, mode="ro")
    assert uri == ("file:///C:/%E9%A1%B9%E7%9B%AE%20%231/%E5%9F%8E%E5%B8%82%20%3F%25.gpkg?mode=ro")
    assert (
        paths.sqlite_uri(r"\\server\share\a b.gpkg", ntpath) == "file:////server/share/a%20b.gpkg"
    )
    assert paths.sqlite_uri("/tmp/a #b?.gpkg") == "file:///tmp/a%20%23b%3F.gpkg"


def test_sqlite_opens_the_uri_of_a_special_name(tmp_path):
    folder = tmp_path / FOLDER
    folder.mkdir()
    path = str(folder / NAME)
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (a)")
    con.close()
    with sqlite3.connect(paths.sqlite_uri(path, mode="ro"), uri=True) as con:
        assert con.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
        with pytest.raises(sqlite3.OperationalError):  # read-only
            con.execute("INSERT INTO t VALUES (1)")
    con.close()


@pytest.mark.parametrize(
    "source",
    [
        "./城市 ?%.gpkg|layername=units",
        ".\\城市.gpkg|layername=units",  # QGIS on Windows
        ".\\Project.GPKG|layername=grids|subset=\"grid_id\" = 'G1'",
        "./a #1.gpkg|layername=feedback",
    ],
)
def test_own_file_sources_are_recognised(source):
    match = _OWN_FILE.match(source)
    assert match and match.group(1) == source[source.index("|") :]


@pytest.mark.parametrize(
    "source",
    [
        "../other/城市.gpkg|layername=units",
        "./sub/城市.gpkg|layername=units",
        ".\\sub\\城市.gpkg|layername=units",
        "C:\\数据\\城市.gpkg|layername=units",
        "/data/城市.gpkg|layername=units",
        "./城市.shp",
    ],
)
def test_other_sources_are_left_alone(source):
    assert _OWN_FILE.match(source) is None


@pytest.mark.parametrize(
    "path", ["/tmp/项目 #1/城市 ?%.gpkg", "C:\\项目 #1\\城市 ?%.gpkg", "\\\\server\\share\\a.gpkg"]
)
def test_project_uri_reads_back_as_qgis_decodes_it(path):
    url = QUrl.fromEncoded(project_uri(path).encode("utf-8"))
    assert url.scheme() == "geopackage" and url.path() == path
    assert QUrlQuery(url.query()).queryItemValue("projectName") == "service_grid"


def test_project_uri_of_a_plain_path_is_unchanged():
    assert project_uri("/data/p.gpkg") == "geopackage:/data/p.gpkg?projectName=service_grid"


# ---------------------------------------------------------------------- pure: the source


#: POSIX-only calls, and URIs built by hand (``paths.sqlite_uri`` builds them).
_POSIX_ONLY = re.compile(
    r"\bos\.(fork|forkpty|getuid|geteuid|getgid|setsid|killpg|chown|mkfifo|getpgid)\b"
    r"|\bimport (fcntl|pwd|grp|termios|resource|signal)\b"
    r"|\bsignal\.(SIG|signal|alarm)"
    r"|\bos\.kill\("
    r"|\.as_uri\(\)"
    r"|[\"']file:(//)?[\"']\s*\+"
    r"|shell=True"
)
#: Reviewed uses: the line's text is the key (each guarded for Windows).
_REVIEWED = {
    'if hasattr(os, "getuid") and info.st_uid != os.getuid():',  # quarantine: not on Windows
    "os.kill(pid, 0)",  # quarantine._alive: after its os.name == "nt" guard
    'uri = "file://" + urllib.parse.quote(absolute, safe="/:")',  # paths.sqlite_uri itself
}


def test_no_posix_only_calls_on_plugin_code_paths():
    found = []
    for top in ("plugin", "algorithms"):
        for folder, _dirs, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                if not name.endswith(".py"):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    for number, line in enumerate(handle, 1):
                        text = line.split("#")[0].strip() if "#" in line else line.strip()
                        if _POSIX_ONLY.search(text) and text not in _REVIEWED:
                            found.append("{}:{}: {}".format(path, number, text))
    assert found == []


def test_a_pid_is_never_signalled_on_windows(monkeypatch):
    """os.kill(pid, 0) would terminate the process on Windows: the age rule decides there."""

    def no_kill(*_args):
        raise AssertionError("os.kill called on Windows")

    monkeypatch.setattr(quarantine.os, "kill", no_kill)
    monkeypatch.setattr(quarantine.os, "name", "nt")
    assert quarantine._alive(os.getpid()) is True


# ---------------------------------------------------------------------- moving into place


def _write(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _held_open(monkeypatch, held, times=None):
    """Make ``os.replace`` fail as Windows does for a file another program has open: for
    ``held`` as source or target (``times`` failures, all if ``None``)."""
    real = os.replace
    failures = []

    def replace(src, dst):
        if held in (os.path.abspath(src), os.path.abspath(dst)) and (
            times is None or len(failures) < times
        ):
            failures.append(src)
            raise PermissionError(13, "The process cannot access the file", src)
        return real(src, dst)

    monkeypatch.setattr(gpkg.os, "replace", replace)
    monkeypatch.setattr(gpkg, "MOVE_PAUSE_S", 0.0)
    return failures


def test_a_destination_held_open_is_refused_with_a_message(tmp_path, monkeypatch):
    folder = tmp_path / FOLDER
    folder.mkdir()
    final = str(folder / NAME)
    _write(final, "old")
    _held_open(monkeypatch, final)
    with pytest.raises(InputError, match="cannot be replaced: it is open in QGIS"):
        with gpkg.atomic_output(final, overwrite=True) as tmp:
            _write(tmp, "new")
    assert _read(final) == "old"
    assert os.listdir(str(folder)) == [NAME]  # no backup, no temporary folder left


def test_a_file_held_for_a_moment_is_waited_for(tmp_path, monkeypatch):
    final = str(tmp_path / NAME)
    _write(final, "old")
    failures = _held_open(monkeypatch, final, times=2)
    with gpkg.atomic_output(final, overwrite=True) as tmp:
        _write(tmp, "new")
    assert _read(final) == "new" and len(failures) == 2
    assert len([n for n in os.listdir(str(tmp_path)) if ".bak" in n]) == 1


# ---------------------------------------------------------------------- real files


def _open_handles(output):
    """The files this process has open (Linux: /proc/self/fd) that are ``output`` or lie in a
    temporary folder beside it (the inputs an algorithm read may stay open in its context)."""
    folder = os.path.realpath(os.path.dirname(str(output)))
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink("/proc/self/fd/" + fd)
        except OSError:
            continue
        if target.startswith(os.path.join(folder, ".service-grid-")) or target.startswith(
            os.path.realpath(str(output))
        ):
            found.append(target)
    return found


class GdalErrors:
    """GDAL's warnings and errors while the block runs (they would be printed on stderr)."""

    def __init__(self):
        self.messages = []

    def _handler(self, level, number, message):
        if level >= gdal.CE_Warning:
            self.messages.append("{} {}: {}".format(level, number, message))

    def __enter__(self):
        gdal.PushErrorHandler(self._handler)
        return self

    def __exit__(self, *exc):
        gdal.PopErrorHandler()


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")

STAFF = [("S01", "张三"), ("S02", "李四")]


@pytest.fixture(scope="module")
def chinese_project(plugin, qgis_processing, tmp_path_factory):
    """``项目 #1/城市 ?%.gpkg``: createproject from inputs in that folder (units, outlets, a
    staff CSV), grids built with PROJECT, staff assigned; returns ``(path, gdal messages, open
    handles and the folder's files after createproject)``."""
    folder = tmp_path_factory.mktemp("portable") / FOLDER
    folder.mkdir()
    folder = str(folder)
    units = units_layer(folder, unit_rows(6, 6), name="单元 #1")
    staff_csv = os.path.join(folder, "人员 %.csv")
    with open(staff_csv, "w", encoding="utf-8") as f:
        f.write("staff_id,name,role,outlet_id,capacity\n")
        f.writelines("{},{},agent,O1,20000\n".format(s, n) for s, n in STAFF)
    outlets = write_layer(
        os.path.join(folder, "网点 ?.gpkg"),
        "outlets",
        ogr.wkbPoint,
        {"outlet_id": ogr.OFTString, "name": ogr.OFTString},
        [{"outlet_id": "O1", "name": "一号", "wkt": "POINT(401500 3501500)"}],
    )
    path = os.path.join(folder, NAME)
    params = dict(UNIT_PARAMS, INPUT=units, OUTLETS=outlets, STAFF=staff_csv)
    with GdalErrors() as errors:
        run_createproject(path, params)
    handles = _open_handles(path)
    listing = sorted(os.listdir(folder))
    run_buildgrids(path, TARGET_POPULATION=12000)
    grids = [g for (g,) in sql(path, "SELECT grid_id FROM grids ORDER BY grid_id")]
    write_assignments(path, [(STAFF[k % 2][0], g) for k, g in enumerate(grids)])
    return path, errors.messages, handles, listing


@needs_proc
def test_createproject_leaves_no_handle_and_no_gdal_error(chinese_project):
    path, messages, handles, listing = chinese_project
    assert messages == []
    assert handles == []
    assert listing == sorted([NAME, "单元 #1.gpkg", "人员 %.csv", "网点 ?.gpkg"])
    assert gpkg.read_meta(path)["schema_version"]  # connect_ro's file: URI of this name
    assert sql(path, "SELECT count(*) FROM grids")[0][0] > 1


def test_the_project_in_a_chinese_folder_opens_renamed(chinese_project, tmp_path):
    import shutil

    renamed = str(tmp_path / "改名 #2" / "新城市 %.gpkg")
    os.makedirs(os.path.dirname(renamed))
    shutil.copy(chinese_project[0], renamed)
    project = QgsProject()
    assert read_project(project, renamed)
    layers = list(project.mapLayers().values())
    assert len(layers) >= 6 and all(layer.isValid() for layer in layers)
    assert all(paths.same_file(layer.source().split("|")[0], renamed) for layer in layers)
    project.clear()


@needs_proc
def test_field_package_sync_and_export_in_chinese_folders(chinese_project, run_alg, tmp_path):
    import shutil

    project = str(tmp_path / FOLDER / NAME)
    os.makedirs(os.path.dirname(project))
    shutil.copy(chinese_project[0], project)
    packages = tmp_path / "外业 #包 ?%"
    packages.mkdir()
    package = str(packages / "张三 S01.gpkg")
    with GdalErrors() as errors:
        result = run_alg(
            "servicegrid:createfieldpackage",
            {"PROJECT": project, "STAFF_ID": "S01", "OUTPUT": package},
        )
    assert errors.messages == []
    assert _open_handles(package) == []
    assert result["GRID_COUNT"] > 0
    assert sorted(os.listdir(str(packages))) == ["DCIM", "张三 S01.gpkg", "张三 S01.qgz"]
    qfield = QgsProject()  # the QField project beside it reads the package in this folder too
    assert qfield.read(result["QFIELD_PROJECT"])
    layers = list(qfield.mapLayers().values())
    assert len(layers) == 7 and all(layer.isValid() for layer in layers)  # + visits
    assert all(paths.same_file(layer.source().split("|")[0], package) for layer in layers)
    qfield.removeAllMapLayers()
    qfield.clear()
    assert _open_handles(package) == []
    points = grid_points(package)
    grid = sorted(points)[0]
    add_feedback(package, [{"x": points[grid][0], "y": points[grid][1], "grid_id": grid}])
    synced = run_alg(
        "servicegrid:syncfieldpackages",
        {"PROJECT": project, "PACKAGES": [str(packages)], "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    assert synced["INSERTED"] == 1
    workbook = str(tmp_path / FOLDER / "人员 ?%.xlsx")
    exported = run_alg("servicegrid:exportstaffing", {"PROJECT": project, "OUTPUT": workbook})
    assert exported["OUTPUT"] == workbook and os.path.isfile(workbook)


def test_the_dock_opens_the_project_in_a_chinese_folder(chinese_project, qgis_iface, tmp_path):
    import shutil

    from conftest import close_dock, open_dock

    from service_grid.plugin.staff_dock import StaffDock

    project_file = str(tmp_path / FOLDER / NAME)
    os.makedirs(os.path.dirname(project_file))
    shutil.copy(chinese_project[0], project_file)
    QgsProject.instance().clear()
    assert read_project(QgsProject.instance(), project_file)
    dock = open_dock(StaffDock, qgis_iface)
    try:
        assert dock.store is not None and paths.same_file(dock.store.path, project_file)
        assert dock.grid_model.rowCount() == sql(project_file, "SELECT count(*) FROM grids")[0][0]
        assert dock.staff_model.rowCount() == len(STAFF)
    finally:
        close_dock(dock)
        QgsProject.instance().clear()


def test_a_project_open_in_qgis_is_not_replaced(chinese_project, run_alg, tmp_path):
    import shutil

    folder = tmp_path / FOLDER
    folder.mkdir()
    project_file = str(folder / NAME)
    shutil.copy(chinese_project[0], project_file)
    before = os.stat(project_file)
    units = units_layer(str(folder), unit_rows(3, 3))
    params = dict(UNIT_PARAMS, INPUT=units, OUTPUT=project_file, OVERWRITE=True)
    layer = QgsVectorLayer(project_file + "|layername=grids", "服务网格", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        with pytest.raises(QgsProcessingException, match="is open in QGIS.*服务网格"):
            run_alg("servicegrid:createproject", params)
        after = os.stat(project_file)
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    finally:
        QgsProject.instance().clear()
    result = run_alg("servicegrid:createproject", params)
    assert result["UNIT_COUNT"] == 9
    assert len([n for n in os.listdir(str(folder)) if ".bak" in n]) == 1


def test_expand_paths_in_a_chinese_folder(tmp_path):
    folder = tmp_path / "外业 #包"
    folder.mkdir()
    for name in ("张三.gpkg", "李四.GPKG", ".隐藏.gpkg", "说明.txt", "城市.gpkg"):
        _write(str(folder / name), "x")
    (folder / "子目录.gpkg").mkdir()
    project = str(folder / "城市.gpkg")
    found = expand_paths(
        [str(folder), str(folder / "张三.gpkg"), str(folder / ".." / folder.name / "李四.GPKG")],
        project=os.path.join(str(tmp_path), ".", folder.name, "城市.gpkg"),
    )
    assert found == [str(folder / "张三.gpkg"), str(folder / "李四.GPKG")]
    assert not any(paths.same_file(f, project) for f in found)
