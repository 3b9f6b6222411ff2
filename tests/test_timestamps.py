"""One stored time format (``2026-11-20T08:00:00.000Z``): normalised when read, after writes
through OGR (GDAL 3.7+ writes ``…:00Z``), and in projects of schema version 1 by the upgrade."""

import datetime as dt
import sqlite3
import uuid

import pytest
from conftest import build_small_project
from datasets import add_feedback, fresh_copy, grid_points, sql
from osgeo import gdal

from service_grid.algorithms.core import gpkg, migrate, schema, timestamps


@pytest.mark.parametrize(
    "value, offset, stored",
    [
        ("2026-11-20T08:00:00.000Z", 0, "2026-11-20T08:00:00.000Z"),
        ("2026-11-20T08:00:00Z", 0, "2026-11-20T08:00:00.000Z"),  # GDAL 3.7+, QField
        ("2026-11-20T08:00:00.5Z", 0, "2026-11-20T08:00:00.500Z"),
        ("2026-11-20T16:00:00+08:00", 0, "2026-11-20T08:00:00.000Z"),
        ("2026-11-20T16:00:00.000", 480, "2026-11-20T08:00:00.000Z"),  # QGIS 3.22 forms
        ("2026-11-20 16:00:00", 480, "2026-11-20T08:00:00.000Z"),
        ("2026-11-20T08:00:00.123456z", 0, "2026-11-20T08:00:00.123Z"),
        (
            dt.datetime(2026, 11, 20, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
            0,
            "2026-11-20T08:00:00.000Z",
        ),
        (dt.datetime(2026, 11, 20, 16, 0), 480, "2026-11-20T08:00:00.000Z"),
        (None, 0, None),
        ("", 0, None),
    ],
)
def test_every_form_has_one_stored_text(value, offset, stored):
    assert timestamps.canonical(value, offset) == stored


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01T00:00:00Z", 42])
def test_what_is_no_time_is_refused(value):
    with pytest.raises(ValueError):
        timestamps.canonical(value)


def test_stored_texts_sort_as_times():
    """Mixed forms misorder one instant ('…00.000Z' < '…00Z' < '…00.500Z' is false in
    time); the stored forms sort as the times they are."""
    forms = ["2026-11-20T08:00:00.500Z", "2026-11-20T08:00:00Z", "2026-11-20T07:59:59.999Z"]
    stored = [timestamps.canonical(v) for v in forms]
    assert sorted(stored) == [stored[2], stored[1], stored[0]]


def test_short_form_fix_gives_milliseconds_back():
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (at TEXT)")
    rows = ["2026-11-20T08:00:00Z", "2026-11-20T08:00:00.250Z", None, "not a time Z"]
    con.executemany("INSERT INTO t VALUES (?)", [(v,) for v in rows])
    con.execute("INSERT INTO t VALUES ('2026-11-21T08:00:00Z')")
    con.execute(timestamps.short_form_fix_sql("t", "at", "rowid <= 4"))
    assert [v for (v,) in con.execute("SELECT at FROM t")] == [
        "2026-11-20T08:00:00.000Z",
        "2026-11-20T08:00:00.250Z",
        None,
        "not a time Z",
        "2026-11-21T08:00:00Z",  # not in the rows given
    ]


@pytest.fixture(scope="module")
def small_project(plugin, qgis_processing, tmp_path_factory):
    return build_small_project(
        tmp_path_factory.mktemp("times"),
        [("S01", "张三", 20000)],
        [{"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(401500 3501500)"}],
    )


def _set_raw(path, statements):
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    for statement in statements:
        ds.ExecuteSQL(statement)
    ds = None  # noqa: F841 (closes the file)


def test_a_version_1_project_is_upgraded_once(small_project, tmp_path, monkeypatch):
    """Times of every form in a version-1 project become the stored form, in one step that
    also sets the schema version; a current project is left alone."""
    monkeypatch.setattr(timestamps, "local_offset_minutes", lambda: 480)
    project = fresh_copy(small_project, tmp_path)
    grid = sql(project, "SELECT grid_id FROM grids LIMIT 1")[0][0]
    x, y = grid_points(project)[grid]
    uuids = add_feedback(
        project,
        [
            {"x": x, "y": y, "uuid": str(uuid.uuid4()), "collected_at": "2026-11-20T08:00:00.000Z"}
            for _ in range(3)
        ],
    )
    _set_raw(
        project,
        [
            "UPDATE feedback SET collected_at = '2026-11-20T08:00:00Z', "
            "updated_at = '2026-11-20T16:05:00.000' WHERE uuid = '{}'".format(uuids[0]),
            "UPDATE feedback SET collected_at = '2026-11-20T16:00:00+08:00', "
            "resolved_at = 'not a time' WHERE uuid = '{}'".format(uuids[1]),
            "INSERT INTO sync_log (run_id, started_at, finished_at) "
            "VALUES ('r1', '2026-11-20T08:00:00Z', '2026-11-20T08:00:01.250Z')",
            "UPDATE sg_meta SET value = '1' WHERE key = 'schema_version'",
        ],
    )
    assert migrate.upgrade(project)
    assert gpkg.read_meta(project)["schema_version"] == str(schema.SCHEMA_VERSION) == "4"
    rows = dict(
        (u, (c, r, up))
        for u, c, r, up in sql(
            project, "SELECT uuid, collected_at, resolved_at, updated_at FROM feedback"
        )
    )
    assert rows[uuids[0]][0] == rows[uuids[1]][0] == rows[uuids[2]][0]
    assert rows[uuids[0]] == ("2026-11-20T08:00:00.000Z", None, "2026-11-20T08:05:00.000Z")
    assert rows[uuids[1]][1] == "not a time"  # what is no time is kept as it is
    assert sql(project, "SELECT started_at, finished_at FROM sync_log WHERE run_id = 'r1'") == [
        ("2026-11-20T08:00:00.000Z", "2026-11-20T08:00:01.250Z")
    ]
    assert not migrate.upgrade(project)


def test_field_packages_of_version_1_are_still_read():
    assert {"1", str(schema.SCHEMA_VERSION)} <= migrate.READABLE_PACKAGE_VERSIONS


def test_dock_writes_keep_the_stored_form(small_project, tmp_path):
    """The docks write through OGR too (plugin/project_store.py): a time that reaches the file
    in the short form (GDAL 3.7+, QGIS 3.40, writes "…:00Z") is stored with its milliseconds,
    in the dock's write transaction."""
    from service_grid.plugin.feedback_store import FeedbackStore

    project = fresh_copy(small_project, tmp_path)
    grid = sql(project, "SELECT grid_id FROM grids LIMIT 1")[0][0]
    x, y = grid_points(project)[grid]
    add_feedback(project, [{"x": x, "y": y, "uuid": str(uuid.uuid4())}])
    (fid,) = sql(project, "SELECT fid FROM feedback")[0]
    store = FeedbackStore(project)
    try:
        store.write_statuses([(fid, "resolved", "2026-11-20T08:00:00Z")], "2026-11-20T08:00:00Z")
    finally:
        store.release()
    assert sql(project, "SELECT status, resolved_at, updated_at FROM feedback") == [
        ("resolved", "2026-11-20T08:00:00.000Z", "2026-11-20T08:00:00.000Z")
    ]
