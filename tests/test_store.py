"""Writing into a project: one SQLite transaction on the file in place (issue 11).

Real GeoPackages and real processes: a concurrent writer's commit survives a store, the file
is never replaced, a file held open still receives the write, a lock gives a message that
says what to do, a hot journal left by a killed writer is rolled back before any read, a
project of a newer plugin is refused, backups are kept and pruned, and the open layers of
the project show what an algorithm wrote."""

import glob
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
import shapely
from conftest import build_small_project
from datasets import fresh_copy, sql
from osgeo import ogr

from service_grid.algorithms.core import gpkg, project_write, schema
from service_grid.algorithms.core.errors import InputError
from service_grid.algorithms.core.siting_store import store_siting
from service_grid.algorithms.core.tables import Table

ogr.UseExceptions()

LOCKED = "locked by another program"


@pytest.fixture(scope="module")
def base_project(plugin, qgis_processing, tmp_path_factory):
    return build_small_project(
        tmp_path_factory.mktemp("store"),
        [("S01", "张三", 20000), ("S02", "李四", 20000)],
        [{"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(401500 3501500)"}],
    )


@pytest.fixture
def project(base_project, tmp_path):
    return fresh_copy(base_project, tmp_path)


def grids_and_units(path):
    """The project's grids as a :class:`Table` and its ``unit → grid`` map (to store again)."""
    ds = ogr.Open(path)
    try:
        ids, population, geoms = [], [], []
        for feature in ds.GetLayerByName("grids"):
            ids.append(feature.GetField("grid_id"))
            population.append(feature.GetField("population"))
            geoms.append(shapely.from_wkb(bytes(feature.GetGeometryRef().ExportToWkb())))
        unit_grid = {
            f.GetField("unit_id"): f.GetField("grid_id") for f in ds.GetLayerByName("units")
        }
    finally:
        ds = None  # noqa: F841
    table = Table(schema.GRIDS, {"grid_id": ids, "population": population}, geometries=geoms)
    return table, unit_grid


def set_journal_mode(path, mode):
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA journal_mode = {}".format(mode)).fetchone()[0] == mode
    finally:
        con.close()


def start(script, *args):
    """Start ``script`` (Python source) in another process; wait for its ``ready`` line."""
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline().strip()
    assert line == "ready", line + proc.stderr.read()
    return proc


#: Insert 50 feedback rows with OGR, as a sync or QGIS would: ``locked`` in one transaction that
#: takes the write lock first (as every writer of ours does), ``autocommit`` one row at a time.
#: (``holding``: ``ready`` is printed once the writer holds the lock; else before it starts).
INSERT_50 = """
    import sys, time, uuid
    from osgeo import ogr
    ogr.UseExceptions()
    path, kind, hold = sys.argv[1], sys.argv[2], float(sys.argv[3])
    ds = ogr.Open(path, 1)
    layer = ds.GetLayerByName("feedback")
    if kind == "autocommit":
        print("ready", flush=True)
    else:  # the store is started once this writer holds the lock ("holding") or before
        if kind == "locked":
            print("ready", flush=True)
        ds.StartTransaction()
        ds.ExecuteSQL("UPDATE gpkg_contents SET table_name = table_name WHERE 0")
        if kind == "holding":
            print("ready", flush=True)
    for k in range(50):
        f = ogr.Feature(layer.GetLayerDefn())
        for key, value in (("uuid", str(uuid.uuid4())), ("category", "claims"), ("rating", 4),
                           ("status", "open"), ("rev", 1), ("grid_id", "G{}".format(k)),
                           ("collected_at", "2026-11-20T08:00:00Z")):
            f.SetField(key, value)
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT(401500 3501500)"))
        layer.CreateFeature(f)
    time.sleep(hold)
    if kind != "autocommit":
        ds.CommitTransaction()
    ds = None
"""


def feedback_count(path):
    return sql(path, "SELECT count(*) FROM feedback")[0][0]


@pytest.mark.parametrize("mode", ["delete", "wal"])
def test_a_writer_inside_its_transaction_keeps_its_rows(project, mode):
    """The other process is writing when the store starts: the store waits, both are kept."""
    set_journal_mode(project, mode)
    grids, unit_grid = grids_and_units(project)
    before = feedback_count(project)
    writer = start(INSERT_50, project, "holding", "1.0")
    counts = gpkg.store_grids(project, grids, unit_grid)
    assert writer.wait(30) == 0, writer.stderr.read()
    assert feedback_count(project) == before + 50
    assert counts["grids"] == len(grids)
    assert sql(project, "SELECT count(*) FROM grids")[0][0] == len(grids)


@pytest.mark.parametrize("kind", ["locked", "autocommit"])
@pytest.mark.parametrize("mode", ["delete", "wal"])
def test_a_writer_committing_while_the_store_runs_keeps_its_rows(project, mode, kind, monkeypatch):
    """The issue's reproduction: 50 rows inserted and committed by another process while
    store_grids writes. The old copy-and-replace store lost them."""
    set_journal_mode(project, mode)
    grids, unit_grid = grids_and_units(project)
    before = feedback_count(project)
    writer = []
    write_table = gpkg.write_table

    def write_and_race(layer, table, progress=None):
        if not writer:  # inside the store's transaction: another process writes now
            writer.append(start(INSERT_50, project, kind, "0"))
            time.sleep(0.5)  # long enough for it to commit, had the store not held the lock
        return write_table(layer, table, progress)

    monkeypatch.setattr(gpkg, "write_table", write_and_race)
    gpkg.store_grids(project, grids, unit_grid)
    proc = writer[0]
    assert proc.wait(30) == 0, proc.stderr.read()
    assert feedback_count(project) == before + 50
    assert sql(project, "SELECT count(*) FROM grids")[0][0] == len(grids)
    assert sql(project, "SELECT count(*) FROM units WHERE grid_id IS NULL")[0][0] == 0


def test_no_store_replaces_the_file(project):
    grids, unit_grid = grids_and_units(project)
    inode = os.stat(project).st_ino
    gpkg.store_grids(project, grids, unit_grid)
    assert os.stat(project).st_ino == inode
    ids = list(grids.columns["grid_id"])
    gpkg.update_grid_columns(project, ids, {"recommended_staff": [2] * len(ids)})
    assert os.stat(project).st_ino == inode
    assignments = Table(
        schema.ASSIGNMENTS,
        {"uuid": ["u-1"], "staff_id": ["S01"], "grid_id": [ids[0]], "role": ["agent"]},
    )
    gpkg.replace_assignments(project, assignments, ids, {"recommended_staff": [1] * len(ids)})
    assert os.stat(project).st_ino == inode
    store_siting(
        project,
        ids,
        ["N1"] * len(ids),
        [{"outlet_id": "N1", "name": "新", "kind": "branch", "capacity": 2, "x": 1, "y": 2}],
    )
    assert os.stat(project).st_ino == inode
    assert sql(project, "SELECT count(*) FROM assignments") == [(1,)]
    assert sql(project, "SELECT DISTINCT outlet_id FROM grids") == [("N1",)]
    assert sql(project, "SELECT DISTINCT recommended_staff FROM grids") == [(1,)]
    tables = {r[0] for r in sql(project, "SELECT table_name FROM gpkg_contents")}
    assert not {t for t in tables if t.startswith("sg_tmp")}
    assert sql(project, "PRAGMA quick_check") == [("ok",)]


def test_a_file_held_open_receives_the_write(project):
    held = sqlite3.connect(project)  # as QGIS keeps its connection open
    try:
        assert held.execute("SELECT count(*) FROM assignments").fetchone() == (0,)
        ids = [g for (g,) in held.execute("SELECT grid_id FROM grids")]
        table = Table(
            schema.ASSIGNMENTS,
            {
                "uuid": ["a", "b"],
                "staff_id": ["S01", "S02"],
                "grid_id": ids[:2],
                "role": ["agent", "agent"],
            },
        )
        gpkg.replace_assignments(project, table)
        assert held.execute("SELECT count(*) FROM assignments").fetchone() == (2,)
    finally:
        held.close()


#: Hold a lock on the project until killed: BEGIN EXCLUSIVE (nobody reads) or IMMEDIATE.
HOLD_LOCK = """
    import sqlite3, sys, time
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("BEGIN " + sys.argv[2])
    con.execute("SELECT count(*) FROM sg_meta").fetchone()
    print("ready", flush=True)
    time.sleep(120)
"""


def test_a_locked_project_says_so(project, monkeypatch):
    from service_grid.plugin.project_store import ProjectStore, StoreError

    monkeypatch.setattr(project_write, "BUSY_TIMEOUT_MS", 300)
    ids = [g for (g,) in sql(project, "SELECT grid_id FROM grids")]
    holder = start(HOLD_LOCK, project, "EXCLUSIVE")
    try:
        # readers: "locked … try again", not "not a project"
        with pytest.raises(InputError, match=LOCKED) as err:
            gpkg.require_grids(project)
        assert "Try again when it has finished" in str(err.value)
        assert isinstance(err.value, gpkg.ProjectLockedError)
        with pytest.raises(InputError, match=LOCKED):
            gpkg.require_project(project)
    finally:
        holder.kill()
        holder.wait()
    holder = start(HOLD_LOCK, project, "IMMEDIATE")  # another writer: reads work, writes wait
    try:
        gpkg.require_project(project)
        with pytest.raises(gpkg.ProjectLockedError, match="edited in QGIS"):
            gpkg.update_grid_columns(project, ids, {"recommended_staff": [3] * len(ids)})
        store = ProjectStore(project)
        with pytest.raises(StoreError, match=LOCKED):
            store.set_outlets([1], ["O1"])
        store.release()
    finally:
        holder.kill()
        holder.wait()
    assert sql(project, "SELECT count(*) FROM grids WHERE recommended_staff = 3") == [(0,)]
    assert gpkg.update_grid_columns(project, ids, {"recommended_staff": [3] * len(ids)}) == len(ids)


#: Begin a write in rollback-journal mode, spill changed pages into the file, wait to be killed.
KILLED_WRITER = """
    import sqlite3, sys, time
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("PRAGMA cache_size = 2")
    con.execute("BEGIN")
    con.execute(
        "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 20000) "
        "INSERT INTO assignments (uuid, staff_id, grid_id, role) "
        "SELECT 'killed-' || k, 'S01', 'G', 'agent' FROM n"
    )
    con.execute("UPDATE staff SET capacity = -1")
    print("ready", flush=True)
    time.sleep(120)
"""


def test_a_hot_journal_is_rolled_back_before_reading(project):
    set_journal_mode(project, "delete")
    size = os.path.getsize(project)
    writer = start(KILLED_WRITER, project)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    journal = project + "-journal"
    assert os.path.getsize(journal) > 0 and os.path.getsize(project) > size  # half-written
    uri = "file:{}?mode=ro".format(project)
    with pytest.raises(sqlite3.Error):  # a read-only reader cannot roll it back
        with sqlite3.connect(uri, uri=True) as con:
            con.execute("SELECT count(*) FROM sg_meta").fetchone()
    assert gpkg.is_project(project)
    assert gpkg.read_meta(project)["schema_version"] == str(schema.SCHEMA_VERSION)
    gpkg.require_grids(project)
    assert not os.path.exists(journal)
    assert sql(project, "SELECT count(*) FROM assignments") == [(0,)]
    assert sql(project, "SELECT count(*) FROM staff WHERE capacity < 0") == [(0,)]
    assert sql(project, "PRAGMA integrity_check") == [("ok",)]


def _plain_ogr_read(path):
    from osgeo import ogr

    try:
        ds = ogr.Open(path, 0)
        return ds is not None and _count_grids(ds) >= 0
    except RuntimeError:
        return False


def _count_grids(ds):
    return ds.GetLayerByName("grids").GetFeatureCount()  # ds stays alive while its layer is read


def test_ogr_readers_roll_a_hot_journal_back_first(project):
    """The core's OGR readers (outlets, staff capacity, a package's grids) open a project that a
    killed writer left with a hot journal: plain ``ogr.Open`` read-only fails there."""
    from service_grid.algorithms.core import basemap_plan, siting_store

    set_journal_mode(project, "delete")
    for reader in (
        lambda: siting_store.project_outlet_ids(project),
        lambda: basemap_plan.grid_extents_3857(project),
        lambda: _count_grids(gpkg.open_ro(project)),
    ):
        writer = start(KILLED_WRITER, project)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        assert os.path.getsize(project + "-journal") > 0
        assert not _plain_ogr_read(project)
        assert reader()
        assert not os.path.exists(project + "-journal")
    assert sql(project, "PRAGMA integrity_check") == [("ok",)]


def test_a_project_of_a_newer_plugin_is_refused(project):
    newer = str(schema.SCHEMA_VERSION + 1)
    con = sqlite3.connect(project)
    con.execute("UPDATE sg_meta SET value = ? WHERE key = 'schema_version'", (newer,))
    con.commit()
    con.close()
    grids, unit_grid = grids_and_units(project)
    with pytest.raises(InputError, match="newer version") as err:
        gpkg.store_grids(project, grids, unit_grid)
    assert "version {}".format(newer) in str(err.value)
    assert "schema version {})".format(schema.SCHEMA_VERSION) in str(err.value)
    with pytest.raises(InputError, match="newer version"):
        gpkg.require_grids(project)
    assert not os.path.isdir(gpkg.project_write.backup_folder(project))


def test_backups_are_kept_and_pruned(project):
    folder = project_write.backup_folder(project)
    assert folder == os.path.join(os.path.dirname(project), "city_backups")
    os.makedirs(folder)
    old_sync = os.path.join(folder, "city.sync-20200101-000000-abcdef12.gpkg")
    with open(old_sync, "wb") as f:
        f.write(b"an old sync backup")
    os.utime(old_sync, (1, 1))
    ids = [g for (g,) in sql(project, "SELECT grid_id FROM grids")]
    for k in range(5):
        table = Table(
            schema.ASSIGNMENTS,
            {"uuid": ["u{}".format(k)], "staff_id": ["S01"], "grid_id": [ids[0]], "role": [None]},
        )
        gpkg.replace_assignments(project, table, keep=3)
    backups = sorted(glob.glob(os.path.join(folder, "*.gpkg")), key=os.path.getmtime)
    assert len(backups) == 3 and old_sync not in backups  # one policy for every backup
    assert all(os.path.basename(b).startswith("city.assignments-") for b in backups)
    # the newest backup is the project as it was before the last store
    assert sql(backups[-1], "SELECT uuid FROM assignments") == [("u3",)]
    grids, unit_grid = grids_and_units(project)
    gpkg.set_backups_to_keep(2)
    try:
        gpkg.store_grids(project, grids, unit_grid)
    finally:
        gpkg.set_backups_to_keep(gpkg.KEEP_BACKUPS)
    names = [os.path.basename(b) for b in glob.glob(os.path.join(folder, "*.gpkg"))]
    assert len(names) == 2 and any(n.startswith("city.grids-") for n in names)


def test_the_setting_reaches_the_core(plugin):
    from service_grid.plugin.settings import Settings

    assert Settings().backups_to_keep == 10
    settings = Settings.load()
    settings.backups_to_keep = 4
    try:
        settings.save()
        assert gpkg.backups_to_keep() == 4
        assert Settings.load().backups_to_keep == 4
    finally:
        Settings.reset()
    assert gpkg.backups_to_keep() == 10


def test_open_layers_show_what_an_algorithm_wrote(project, run_alg):
    from qgis.core import QgsProject, QgsVectorLayer

    grids = QgsVectorLayer(project + "|layername=grids", "服务网格", "ogr")
    units = QgsVectorLayer(project + "|layername=units", "units", "ogr")
    assert grids.isValid() and units.isValid()
    QgsProject.instance().addMapLayers([grids, units])
    try:
        before = grids.featureCount()
        run_alg(
            "servicegrid:buildgrids",
            {
                "INPUT": units,
                "POPULATION_FIELD": "population",
                "NEST_FIELD": "nest",
                "TARGET_POPULATION": 30000,
                "OUTPUT": "TEMPORARY_OUTPUT",
                "OUTPUT_UNITS": "TEMPORARY_OUTPUT",
                "PROJECT": project,
            },
        )
        stored = sql(project, "SELECT count(*) FROM grids")[0][0]
        assert stored != before
        assert grids.featureCount() == stored
        assert len(list(grids.getFeatures())) == stored
        result = run_alg(
            "servicegrid:classifygrids",
            {"INPUT": grids, "OUTPUT": "TEMPORARY_OUTPUT", "PROJECT": project},
        )
        assert result["GRID_COUNT"] == stored
        assert sql(project, "SELECT count(*) FROM grids WHERE density_class IS NULL") == [(0,)]
    finally:
        QgsProject.instance().removeAllMapLayers()
