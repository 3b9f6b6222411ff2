"""Issue 11, item 2: merges decide inside the write transaction.

Real processes (the venv's Python calling ``fieldsync.sync_packages``), started together on a
barrier (each imports the plugin, says it is ready, and waits for a "go" file):

* two syncs of two packages (F01's and F03's, who share a grid) that edit the same row's same
  column, repeated: every time exactly one update and one conflict holding the other value,
  never both "updated" with one field edit silently overwritten;
* a sync of a package with many new rows while another process inserts feedback rows through
  OGR, one small transaction at a time: no row of either is lost or duplicated.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

import device
import pytest
from conftest import ROOT

ROUNDS = 20

_PRELUDE = r"""
import importlib.util, json, os, sys, time
root = sys.argv[1]
spec = importlib.util.spec_from_file_location(
    "service_grid", os.path.join(root, "__init__.py"), submodule_search_locations=[root])
module = importlib.util.module_from_spec(spec)
sys.modules["service_grid"] = module
spec.loader.exec_module(module)


def barrier(ready, go):
    open(ready, "w").close()
    while not os.path.exists(go):
        time.sleep(0.0005)
"""

_SYNC = (
    _PRELUDE
    + r"""
from service_grid.algorithms.core import fieldsync
project, package, ready, go = sys.argv[2:6]
barrier(ready, go)
run = fieldsync.sync_packages(project, [package])
r = run.reports[0]
print(json.dumps({"status": r.status, "inserted": r.inserted, "updated": r.updated,
                  "conflicts": r.conflicts, "message": r.message}))
"""
)

_INSERT = (
    _PRELUDE
    + r"""
import uuid
from osgeo import gdal, ogr
ogr.UseExceptions(); gdal.UseExceptions()
project, ready, go, stop, x, y = sys.argv[2:8]
ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
ds.ExecuteSQL("PRAGMA busy_timeout = 60000")
lyr = ds.GetLayerByName("feedback")
barrier(ready, go)
added, retries = [], 0
k = 0
while k < 20 or not os.path.exists(stop):  # until the sync has finished
    k += 1
    u = str(uuid.uuid4())
    while True:
        try:
            ds.StartTransaction()
            feature = ogr.Feature(lyr.GetLayerDefn())
            for key, value in {"uuid": u, "staff_id": "F03", "collected_at": "2026-11-02T08:00:00Z",
                               "category": "praise", "rating": 4, "status": "open",
                               "device_id": "office-qgis", "rev": 1,
                               "updated_at": "2026-11-02T08:00:00Z",
                               "notes": "office insert {}".format(k)}.items():
                feature.SetField(key, value)
            feature.SetGeometry(ogr.CreateGeometryFromWkt("POINT({} {})".format(x, y)))
            lyr.CreateFeature(feature)
            ds.CommitTransaction()
            break
        except RuntimeError as err:  # SQLite refuses to wait when waiting could deadlock
            try:
                ds.RollbackTransaction()
            except RuntimeError:
                pass
            retries += 1
            assert retries < 10000, err
            time.sleep(0.005)
    added.append(u)
    time.sleep(0.002)
ds = None
print(json.dumps({"added": added, "retries": retries}))
"""
)


def _start(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [device.PYTHON, "-c", script, ROOT, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _together(procs, readies, go: str, timeout: float = 300) -> list:
    """Release the processes at once (when every one is ready); their JSON outputs."""
    started = time.monotonic()
    while not all(os.path.exists(r) for r in readies):
        for proc in procs:
            if proc.poll() is not None:
                pytest.fail(proc.communicate()[1][-3000:])
        assert time.monotonic() - started < timeout
        time.sleep(0.005)
    open(go, "w").close()
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err[-3000:]
        outputs.append(json.loads(out.strip().splitlines()[-1]))
    return outputs


def _rows(project: str) -> dict:
    con = sqlite3.connect(project)
    try:
        return {
            u: (notes, rev)
            for u, notes, rev in con.execute("SELECT uuid, notes, rev FROM feedback")
        }
    finally:
        con.close()


def _conflicts(project: str) -> list:
    con = sqlite3.connect(project)
    try:
        return con.execute(
            "SELECT uuid, column_name, office_value, field_value, package_id FROM sync_conflicts"
        ).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def shared(plugin, tmp_path_factory):
    """The sync project, F03 assigned one of F01's grids and given a package: one office row
    is in both F01's and F03's packages; each device edits its notes differently."""
    import processing
    from test_sync import _assign, _build, rows_by_uuid

    setup = _build(str(tmp_path_factory.mktemp("race") / "template"))
    grid = rows_by_uuid(setup.project)[setup.base1[0]]["grid_id"]
    _assign(setup.project, [("F03", grid)])
    pkg3 = os.path.join(setup.folder, "field_F03", "F03.gpkg")
    os.makedirs(os.path.dirname(pkg3))
    processing.run(
        "servicegrid:createfieldpackage",
        {"PROJECT": setup.project, "STAFF_ID": "F03", "OUTPUT": pkg3},
    )
    con = sqlite3.connect("file:{}?mode=ro".format(pkg3), uri=True)
    shared_rows = sorted(r[0] for r in con.execute("SELECT uuid FROM feedback"))
    con.close()
    x = shared_rows[0]
    device.edit_feedback(setup.pkg1, {x: {"notes": "from F01"}})
    device.edit_feedback(pkg3, {x: {"notes": "from F03"}})
    return setup, pkg3, x


def _copy(setup, pkg3, folder):
    shutil.copytree(setup.folder, folder)

    def moved(path):
        return os.path.join(folder, os.path.relpath(path, setup.folder))

    return moved(setup.project), moved(setup.pkg1), moved(pkg3)


def test_two_syncs_editing_the_same_column_never_overwrite_silently(shared, tmp_path):
    """Two processes sync F01's and F03's packages (the same row's notes edited differently)
    at the same moment, ROUNDS times: one update and one conflict every time; the project
    keeps the value of the sync that updated, the conflict holds the other one."""
    setup, pkg3, x = shared
    values = {0: "from F01", 1: "from F03"}
    outcomes = []
    for k in range(ROUNDS):
        folder = str(tmp_path / "r{}".format(k))
        project, pkg1, pkg3_copy = _copy(setup, pkg3, folder)
        before = _rows(project)
        readies = [os.path.join(folder, "ready{}".format(i)) for i in range(2)]
        go = os.path.join(folder, "go")
        procs = [
            _start(_SYNC, project, pkg, ready, go) for pkg, ready in zip((pkg1, pkg3_copy), readies)
        ]
        out = _together(procs, readies, go)
        updated = [o["updated"] for o in out]
        conflicts = [o["conflicts"] for o in out]
        assert sorted(updated) == [0, 1] and sorted(conflicts) == [0, 1], (k, out)
        winner = updated.index(1)
        loser = 1 - winner
        assert conflicts[loser] == 1, (k, out)
        rows = _rows(project)
        assert rows[x][0] == values[winner], (k, out)
        assert rows[x][1] > before[x][1]
        found = _conflicts(project)
        assert [(c[0], c[1], c[2], c[3]) for c in found] == [
            (x, "notes", values[winner], values[loser])
        ], (k, out)
        assert set(rows) == set(before)  # nothing inserted or lost
        outcomes.append(winner)
    print(
        "winners over {} rounds: F01 {}, F03 {}".format(
            ROUNDS, outcomes.count(0), outcomes.count(1)
        )
    )


def test_a_sync_beside_concurrent_ogr_inserts_loses_nothing(shared, tmp_path):
    """A sync of 3,000 new rows while another process keeps inserting rows through OGR, one
    transaction each, from before the sync starts until it has finished: every row of both is
    in the project once, the office rows too."""
    setup, pkg3, _x = shared
    folder = str(tmp_path / "w")
    project, pkg1, _pkg3 = _copy(setup, pkg3, folder)
    new = device.add_feedback(pkg1, 3000, seed=71)
    before = _rows(project)
    readies = [os.path.join(folder, "ready{}".format(i)) for i in range(2)]
    go, stop = os.path.join(folder, "go"), os.path.join(folder, "stop")
    inserter = _start(_INSERT, project, readies[1], go, stop, "401500", "3502500")
    syncer = _start(_SYNC, project, pkg1, readies[0], go)
    started = time.monotonic()
    while not all(os.path.exists(r) for r in readies):
        for proc in (inserter, syncer):
            if proc.poll() is not None:
                pytest.fail(proc.communicate()[1][-3000:])
        assert time.monotonic() - started < 300
        time.sleep(0.005)
    open(go, "w").close()
    out, err = syncer.communicate(timeout=300)
    open(stop, "w").close()
    assert syncer.returncode == 0, err[-3000:]
    synced = json.loads(out.strip().splitlines()[-1])
    out, err = inserter.communicate(timeout=300)
    assert inserter.returncode == 0, err[-3000:]
    inserted = json.loads(out.strip().splitlines()[-1])
    assert synced["status"] == "synced" and synced["inserted"] == 3000, synced
    rows = _rows(project)
    assert set(before) <= set(rows)
    assert set(new) <= set(rows)
    assert set(inserted["added"]) <= set(rows)
    assert len(rows) == len(before) + 3000 + len(inserted["added"])
    con = sqlite3.connect(project)
    try:
        uuids = [r[0] for r in con.execute("SELECT uuid FROM feedback")]
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()
    assert len(uuids) == len(set(uuids))
    print(
        "inserted beside the sync: {}, retries: {}".format(
            len(inserted["added"]), inserted["retries"]
        ),
        file=sys.stderr,
    )
