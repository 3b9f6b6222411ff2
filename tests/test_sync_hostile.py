"""Issue 11: hostile packages, temporary files, a newer project schema and failed writes.

One bad package must never stop the others, hang, or run anything: each case below is a real
crafted GeoPackage (built with sqlite3 from a package made by ``createfieldpackage``, see
tests/device.py) synced beside a good one. Then: the quarantine folder of a run killed with
SIGKILL is removed by the next run; a project with a newer schema_version is refused with both
versions; disk full and a read-only folder give a translated message and leave the project as
it was.
"""

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time

import device
import pytest
from conftest import ROOT
from osgeo import gdal
from test_sync import _build, counts, dump, fresh_copy, report, rows_by_uuid, sync

from service_grid.algorithms.core import errors, fieldsync, schema
from service_grid.algorithms.core.fieldsync import quarantine


@contextlib.contextmanager
def deadline(seconds: int):
    """Fail (instead of hanging the test run) when the block takes longer than ``seconds``;
    SIGALRM interrupts even a blocking open()."""

    def expired(_signum, _frame):
        raise TimeoutError("the sync hung for {} s".format(seconds))

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def template(plugin, tmp_path_factory):
    return _build(str(tmp_path_factory.mktemp("hostile") / "template"))


@pytest.fixture
def work(template, tmp_path):
    """A fresh copy of the project and its two packages for one test (as in test_sync)."""
    return fresh_copy(template, str(tmp_path / "w"))


def _sql(package: str, statements, params=None) -> None:
    device._execute(package, statements, params)


# ------------------------------------------------------------------------------- bad rows


def test_invalid_utf8_in_one_row_rejects_only_that_row(work):
    """Invalid UTF-8 in one row's notes: that row is rejected with the reason, the other 49
    rows of the package sync."""
    added = device.add_feedback(work.pkg1, 50, seed=81)
    bad = added[17]
    _sql(
        work.pkg1,
        ["UPDATE feedback SET notes = CAST(X'41fffe42c3' AS TEXT) WHERE uuid = ?"],
        [[bad]],
    )
    run = sync(work.project, work.pkg1)
    rep = report(run, work.pkg1)
    assert rep.status == "synced", rep.message
    assert rep.inserted == 49
    assert [key for key, _reason in rep.rejected] == [bad]
    assert "UTF-8" in rep.rejected[0][1]
    rows = rows_by_uuid(work.project)
    assert set(added) - {bad} <= set(rows) and bad not in rows


def test_invalid_utf8_uuid_rejects_the_row_by_fid(work):
    """A uuid that is not valid UTF-8 is no uuid: the row is rejected, the rest syncs."""
    added = device.add_feedback(work.pkg1, 3, seed=82)
    _sql(
        work.pkg1,
        ["UPDATE feedback SET uuid = CAST(X'ff00fe' AS TEXT) WHERE uuid = ?"],
        [[added[0]]],
    )
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.inserted == 2 and len(rep.rejected) == 1
    assert rep.rejected[0][0].startswith("fid ")


@pytest.mark.parametrize(
    "column, value",
    [
        ("rev", 1e19),
        ("rev", -(2.0**70)),
        ("rev", "99999999999999999999"),
        ("rev", 2**40),
        ("rating", 1e19),
        ("response_minutes", 1e19),
    ],
)
def test_integers_beyond_their_domain_reject_the_row_not_the_run(work, column, value):
    """rev = 1e19 (beyond int64) aborted the whole run, other packages too (SystemError from
    Feature_SetFieldInteger64): now that row is rejected, the rest of its package and the
    other package sync."""
    added1 = device.add_feedback(work.pkg1, 4, seed=83)
    added2 = device.add_feedback(work.pkg2, 3, seed=84)
    _sql(
        work.pkg1,
        ['UPDATE feedback SET "{}" = ? WHERE uuid = ?'.format(column)],
        [[value, added1[1]]],
    )
    run = sync(work.project, work.pkg1, work.pkg2)
    rep1, rep2 = report(run, work.pkg1), report(run, work.pkg2)
    assert counts(rep2) == (3, 0, 0, 0, 0)
    assert rep1.inserted == 3 and [k for k, _r in rep1.rejected] == [added1[1]]
    assert column in rep1.rejected[0][1]
    rows = rows_by_uuid(work.project)
    assert set(added2) <= set(rows) and added1[1] not in rows


# ------------------------------------------------------------------- crafted identifiers


def _geometry_column(package: str, name: str, add: bool) -> None:
    """Point gpkg_geometry_columns at ``name``: a new BLOB column holding the geometry
    (``add``), or the geometry column renamed."""
    device.drop_rtree_triggers(package)
    quoted = '"' + name.replace('"', '""') + '"'
    if add:
        statements = [
            "ALTER TABLE feedback ADD COLUMN {} BLOB".format(quoted),
            "UPDATE feedback SET {} = geom".format(quoted),
        ]
    else:
        statements = ["ALTER TABLE feedback RENAME COLUMN geom TO {}".format(quoted)]
    statements.append(
        "UPDATE gpkg_geometry_columns SET column_name = ? WHERE table_name = 'feedback'"
    )
    params = [()] * (len(statements) - 1) + [(name,)]
    _sql(package, statements, params)


#: A name that pastes an endless recursive query into the SELECT (it hung the sync).
ENDLESS = (
    'geom", (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) '
    'SELECT count(*) FROM c) AS "z'
)
#: A name that pastes a value of the attacker's choice in place of the geometry.
INJECTED = "geom\", X'47500001e67f0000010100000000000000c06e7819410000000014b84a41' AS \"z"


@pytest.mark.parametrize("name", [ENDLESS, INJECTED], ids=["endless", "injected"])
def test_crafted_geometry_column_names_are_refused_quickly(work, name):
    """The geometry column name from gpkg_geometry_columns is never pasted into SQL: a crafted
    name is refused with the reason, at once; the other package syncs."""
    added1 = device.add_feedback(work.pkg1, 2, seed=85)
    added2 = device.add_feedback(work.pkg2, 2, seed=86)
    _geometry_column(work.pkg1, name, add=True)
    started = time.monotonic()
    with deadline(60):
        run = sync(work.project, work.pkg1, work.pkg2, limits=fieldsync.Limits(max_seconds=30))
    assert time.monotonic() - started < 30
    rep1, rep2 = report(run, work.pkg1), report(run, work.pkg2)
    assert rep1.status == "rejected" and "geometry column" in rep1.message, rep1.message
    assert rep2.inserted == 2
    rows = rows_by_uuid(work.project)
    assert set(added2) <= set(rows) and not set(added1) & set(rows)


def test_a_plain_geometry_column_name_of_another_spelling_is_read(work):
    """A plain name other than 'geom' is read (quoted): the package syncs."""
    added = device.add_feedback(work.pkg1, 3, seed=87)
    _geometry_column(work.pkg1, "the_geom", add=False)
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.inserted == 3, (rep.status, rep.message, rep.rejected)
    assert set(added) <= set(rows_by_uuid(work.project))


def test_sql_on_a_package_honours_the_time_limit_and_cancel(work):
    """The SQL on a package runs under a progress handler: past the time limit the package is
    refused (the others still sync); a cancel stops it at once, the project unchanged."""
    device.add_feedback(work.pkg1, 20, seed=88)
    before = dump(work.project)
    run = sync(work.project, work.pkg1, limits=fieldsync.Limits(max_seconds=0.0))
    rep = report(run, work.pkg1)
    assert rep.status == "rejected" and "longer than" in rep.message, rep.message
    assert dump(work.project) == before
    calls = []

    def cancel_inside_the_sql():
        calls.append(1)
        return len(calls) > 2  # the loop asks once per package, then the SQL asks

    with deadline(60), pytest.raises(errors.CancelledError):
        fieldsync.sync_packages(work.project, [work.pkg1], is_canceled=cancel_inside_the_sql)
    assert len(calls) >= 3 and dump(work.project) == before


# --------------------------------------------------------------------------- special files


def test_special_files_are_never_opened(work, tmp_path):
    """FIFOs, device files and links to them hung the sync or filled the temporary disk: given
    explicitly they are refused with a reason; in a folder only regular *.gpkg files (and links
    to them) are taken. Good packages beside them sync."""
    added1 = device.add_feedback(work.pkg1, 2, seed=89)
    added2 = device.add_feedback(work.pkg2, 2, seed=90)
    inbox = str(tmp_path / "inbox")
    os.makedirs(inbox)
    fifo = os.path.join(inbox, "pipe.gpkg")
    os.mkfifo(fifo)
    os.symlink("/dev/zero", os.path.join(inbox, "zero.gpkg"))
    os.symlink(fifo, os.path.join(inbox, "link_to_pipe.gpkg"))
    os.makedirs(os.path.join(inbox, "folder.gpkg"))
    os.symlink(work.pkg1, os.path.join(inbox, "link_to_F01.gpkg"))
    shutil.copyfile(work.pkg2, os.path.join(inbox, "F02.gpkg"))
    with deadline(120):  # (test_sync's sync() would hash the pipe: called directly)
        run = fieldsync.sync_packages(work.project, [inbox])
    assert sorted(os.path.basename(r.path) for r in run.reports) == [
        "F02.gpkg",
        "link_to_F01.gpkg",
    ]
    assert all(r.status == "synced" for r in run.reports)
    assert set(added1 + added2) <= set(rows_by_uuid(work.project))
    # given one by one: refused with a reason, never opened
    extra = device.add_feedback(work.pkg2, 1, seed=91)
    given = [fifo, os.path.join(inbox, "zero.gpkg"), "/dev/null", work.pkg2]
    with deadline(120):
        run = fieldsync.sync_packages(work.project, given)
    statuses = [(os.path.basename(r.path), r.status) for r in run.reports]
    assert statuses == [
        ("pipe.gpkg", "rejected"),
        ("zero.gpkg", "rejected"),
        ("null", "rejected"),
        ("F02.gpkg", "synced"),
    ]
    for rep in run.reports[:3]:
        assert "not a regular file" in rep.message, rep.message
    assert "named pipe" in run.reports[0].message and "device" in run.reports[1].message
    assert set(extra) <= set(rows_by_uuid(work.project))
    # a link to the pipe, given on its own (beside the pipe it is the same file, listed once)
    with deadline(120):
        run = fieldsync.sync_packages(work.project, [os.path.join(inbox, "link_to_pipe.gpkg")])
    assert [(os.path.basename(r.path), r.status) for r in run.reports] == [
        ("link_to_pipe.gpkg", "rejected")
    ]
    assert "not a regular file" in run.reports[0].message
    assert "named pipe" in run.reports[0].message


def test_a_special_wal_file_refuses_the_package(work):
    """A package whose -wal is a named pipe (or a link to a device) is refused; it never
    blocks."""
    added2 = device.add_feedback(work.pkg2, 1, seed=92)
    os.mkfifo(work.pkg1 + "-wal")
    with deadline(60):
        run = fieldsync.sync_packages(work.project, [work.pkg1, work.pkg2])
    rep1 = report(run, work.pkg1)
    assert rep1.status == "rejected" and "named pipe" in rep1.message
    assert report(run, work.pkg2).inserted == 1
    assert set(added2) <= set(rows_by_uuid(work.project))


# ---------------------------------------------------------------------------- temp files

_KILLED = r"""
import importlib.util, os, sys, time
root, project, package, marker = sys.argv[1:5]
spec = importlib.util.spec_from_file_location(
    "service_grid", os.path.join(root, "__init__.py"), submodule_search_locations=[root])
module = importlib.util.module_from_spec(spec)
sys.modules["service_grid"] = module
spec.loader.exec_module(module)
from service_grid.algorithms.core import fieldsync
from service_grid.algorithms.core.fieldsync import package as package_module

read = package_module.copy_package


def copy_and_wait(path, folder, limits):  # the copy is made: say so, wait for the kill
    result = read(path, folder, limits)
    open(marker, "w").close()
    time.sleep(3600)
    return result


import service_grid.algorithms.core.fieldsync.package as p
p.copy_package = copy_and_wait
fieldsync.sync_packages(project, [package])
"""


def _leftovers(folder: str):
    return sorted(n for n in os.listdir(folder) if n.startswith(quarantine.PREFIX))


def test_quarantine_of_a_killed_run_is_removed_by_the_next_run(work, tmp_path, monkeypatch):
    """After kills, 67 of 73 runs left /tmp/service-grid-sync-* copies of packages (customer
    notes included). A run killed with SIGKILL while its package copy exists leaves its
    folder; the next run removes it (its process is gone), and its own at the end."""
    tmp = str(tmp_path / "tmp")
    os.makedirs(tmp)
    marker = str(tmp_path / "copied")
    env = dict(os.environ, TMPDIR=tmp)
    proc = subprocess.Popen(
        [device.PYTHON, "-c", _KILLED, ROOT, work.project, work.pkg1, marker],
        env=env,
        stderr=subprocess.PIPE,
    )
    started = time.monotonic()
    while not os.path.exists(marker):
        assert proc.poll() is None, proc.communicate()[1].decode()[-3000:]
        assert time.monotonic() - started < 120
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    left = _leftovers(tmp)
    assert len(left) == 1 and left[0].startswith("{}{}-".format(quarantine.PREFIX, proc.pid))
    copies = [f for _b, _d, files in os.walk(os.path.join(tmp, left[0])) for f in files]
    assert "package.gpkg" in copies  # the customer's data sat there
    # other folders: a live process's fresh one stays; a live pid's folder untouched for two
    # hours and an old-style folder (no pid) of two hours go
    live = os.path.join(tmp, "{}{}-fresh".format(quarantine.PREFIX, os.getppid()))
    old = os.path.join(tmp, "{}{}-old".format(quarantine.PREFIX, os.getppid()))
    legacy = os.path.join(tmp, quarantine.PREFIX + "k2j4h5")
    for folder in (live, old, legacy):
        os.makedirs(folder)
    two_hours_ago = time.time() - 7200
    for folder in (old, legacy):
        os.utime(folder, (two_hours_ago, two_hours_ago))
    monkeypatch.setattr(tempfile, "tempdir", tmp)
    device.add_feedback(work.pkg2, 1, seed=93)
    run = sync(work.project, work.pkg2)
    assert report(run, work.pkg2).inserted == 1
    assert _leftovers(tmp) == [os.path.basename(live)]
    # a failing run removes its own folder too
    with pytest.raises(errors.CancelledError):
        fieldsync.sync_packages(work.project, [work.pkg1], is_canceled=lambda: True)
    assert _leftovers(tmp) == [os.path.basename(live)]


# ------------------------------------------------------------------------ project problems


def test_a_project_with_a_newer_schema_is_refused_with_both_versions(work):
    """A project whose schema_version is newer than the plugin was synced without a word:
    now it is refused, naming both versions; the project is unchanged."""
    device.add_feedback(work.pkg1, 2, seed=94)
    newer = schema.SCHEMA_VERSION + 1
    con = sqlite3.connect(work.project)
    con.execute("UPDATE sg_meta SET value = ? WHERE key = 'schema_version'", (str(newer),))
    con.commit()
    con.close()
    before = dump(work.project)
    with pytest.raises(fieldsync.SyncError) as caught:
        fieldsync.sync_packages(work.project, [work.pkg1])
    message = str(caught.value)
    assert "schema version {}".format(newer) in message
    assert "schema version {}".format(schema.SCHEMA_VERSION) in message
    assert "Update the plugin" in message
    assert dump(work.project) == before


def _state(project: str) -> dict:
    return {t: dump(project, t) for t in ("feedback", "sync_log", "sync_base", "sync_conflicts")}


def test_disk_full_gives_a_message_and_leaves_the_project_unchanged(work):
    """Disk full during the write (simulated: SQLite's max_page_count on OGR's connections,
    through OGR_SQLITE_PRAGMA): a translated message, no raw 'database or disk is full' /
    'cannot rollback' traceback, the project as it was; the next sync with room completes."""
    added = device.add_feedback(work.pkg1, 3000, seed=95)
    before = _state(work.project)
    pages = os.path.getsize(work.project) // 4096
    gdal.SetConfigOption("OGR_SQLITE_PRAGMA", "max_page_count={}".format(pages + 3))
    try:
        with pytest.raises(fieldsync.SyncError) as caught:
            fieldsync.sync_packages(work.project, [work.pkg1])
    finally:
        gdal.SetConfigOption("OGR_SQLITE_PRAGMA", None)
    message = str(caught.value)
    assert message.startswith("The disk holding the project") and "unchanged" in message
    assert "cannot rollback" not in message
    assert _state(work.project) == before
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.inserted == 3000 and set(added) <= set(rows_by_uuid(work.project))


_READONLY = r"""
import importlib.util, json, os, sys
root, project, package = sys.argv[1:4]
spec = importlib.util.spec_from_file_location(
    "service_grid", os.path.join(root, "__init__.py"), submodule_search_locations=[root])
module = importlib.util.module_from_spec(spec)
sys.modules["service_grid"] = module
spec.loader.exec_module(module)
from service_grid.algorithms.core import fieldsync
try:
    fieldsync.sync_packages(project, [package])
    print(json.dumps({"error": None}))
except Exception as err:
    print(json.dumps({"error": type(err).__name__, "message": str(err)}))
"""


def test_a_read_only_project_folder_gives_a_message_and_changes_nothing(work, tmp_path):
    """A read-only project folder (and file): a translated message saying so, the project
    unchanged. Root ignores file modes, so as root the sync runs as user 'nobody'."""
    device.add_feedback(work.pkg1, 5, seed=96)
    folder = tempfile.mkdtemp(prefix="sg-readonly-", dir="/tmp")
    try:
        os.chmod(folder, 0o755)
        project = os.path.join(folder, "project.gpkg")
        package = os.path.join(folder, "F01.gpkg")
        shutil.copyfile(work.project, project)
        shutil.copyfile(work.pkg1, package)
        before = _state(project)
        os.chmod(project, 0o444)
        os.chmod(package, 0o444)
        os.chmod(folder, 0o555)
        args = [device.PYTHON, "-c", _READONLY, ROOT, project, package]
        as_nobody = {"user": 65534, "group": 65534} if os.geteuid() == 0 else {}
        env = dict(os.environ, TMPDIR="/tmp", HOME="/tmp")
        proc = subprocess.run(
            args, capture_output=True, text=True, env=env, timeout=300, **as_nobody
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        assert out["error"] == "SyncError", out
        assert "read-only" in out["message"] and "unchanged" in out["message"], out
        assert "Traceback" not in out["message"]
        os.chmod(folder, 0o755)
        assert _state(project) == before
        assert not os.path.exists(os.path.join(folder, "project_backups"))
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)
