"""Follow-up visits (回访): assigned in the office, carried in field packages, marked done
offline, synced back (idempotent, conflict-aware, hostile-safe), and packages refreshed with
the office's later changes without losing field work.

The project and packages are the small set-up of test_sync.py (36 units, 12 grids, F01 and F02
with their own grids). Field edits are written the way QGIS writes them: OGR on the package,
in WAL mode, one transaction (rev + 1, updated_at now).
"""

import datetime as _dt
import os
import sqlite3
from typing import Dict, List

import pytest
from osgeo import gdal, ogr
from test_sync import _build, fresh_copy, point_in

from service_grid.algorithms.core import fieldsync, timestamps
from service_grid.algorithms.core.errors import InputError
from service_grid.algorithms.core.visit_assign import VisitRequest, assign_visits

ogr.UseExceptions()


def _xy(wkt: str):
    geom = ogr.CreateGeometryFromWkt(wkt)
    return geom.GetX(), geom.GetY()


def _assign_in(project, grid_ids, purpose="renewal", prefix="C", **kwargs) -> List[str]:
    requests = []
    for k, grid_id in enumerate(grid_ids):
        x, y = _xy(point_in(project, grid_id))
        requests.append(VisitRequest(x, y, customer_id="{}{}-{}".format(prefix, k, grid_id)))
    return assign_visits(project, requests, purpose, "2026-12-31", "planner", **kwargs).created


@pytest.fixture(scope="module")
def vtemplate(plugin, tmp_path_factory):
    """test_sync's set-up, with visits assigned before the packages are made (re-made)."""
    setup = _build(str(tmp_path_factory.mktemp("visits") / "template"))
    import processing

    created = _assign_in(setup.project, setup.grids1 + setup.grids2 + setup.other_grids)
    for path, staff_id in ((setup.pkg1, "F01"), (setup.pkg2, "F02")):
        os.remove(path)
        result = processing.run(
            "servicegrid:createfieldpackage",
            {"PROJECT": setup.project, "STAFF_ID": staff_id, "OUTPUT": path},
        )
        assert os.path.exists(result["OUTPUT"])
    return setup, created


@pytest.fixture
def vwork(vtemplate, tmp_path):
    setup, _created = vtemplate
    return fresh_copy(setup, str(tmp_path / "w"))


def visits(path: str) -> Dict[str, dict]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return {r["uuid"]: dict(r) for r in con.execute("SELECT * FROM visits")}
    finally:
        con.close()


def field_edit(package: str, uuid: str, **values) -> None:
    """Edit one visit of a package as QGIS saves a form: OGR, WAL, rev + 1, updated_at."""
    gdal.SetConfigOption("OGR_SQLITE_JOURNAL", "WAL")
    try:
        ds = gdal.OpenEx(package, gdal.OF_VECTOR | gdal.OF_UPDATE)
        lyr = ds.GetLayerByName("visits")
        lyr.SetAttributeFilter("uuid = '{}'".format(uuid))
        feature = lyr.GetNextFeature()
        assert feature is not None, uuid
        lyr.SetAttributeFilter(None)
        ds.StartTransaction()
        for name, value in values.items():
            if value is None:
                feature.SetFieldNull(name)
            else:
                feature.SetField(name, value)
        feature.SetField("rev", (feature.GetField("rev") or 0) + 1)
        feature.SetField("updated_at", fieldsync.now_utc())
        lyr.SetFeature(feature)
        ds.CommitTransaction()
        ds = None  # noqa: F841
    finally:
        gdal.SetConfigOption("OGR_SQLITE_JOURNAL", None)


def raw_edit(package: str, uuid: str, **values) -> None:
    """Write any value into a visit with plain SQL (a hostile tool; the GeoPackage's own
    functions stubbed so its triggers compile: the geometry is not touched)."""
    con = sqlite3.connect(package)
    for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        con.create_function(name, 1, lambda _blob: 0)
    sets = ", ".join('"{}" = ?'.format(name) for name in values)
    if "rev" not in values:
        sets += ", rev = rev + 1"
    with con:
        con.execute("UPDATE visits SET {} WHERE uuid = ?".format(sets), (*values.values(), uuid))
    con.close()


def office_edit(project: str, uuid: str, **values) -> None:
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    lyr = ds.GetLayerByName("visits")
    lyr.SetAttributeFilter("uuid = '{}'".format(uuid))
    feature = lyr.GetNextFeature()
    for name, value in values.items():
        feature.SetField(name, value)
    feature.SetField("rev", feature.GetField("rev") + 1)
    lyr.SetFeature(feature)
    ds = None  # noqa: F841


def done_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


# ------------------------------------------------------------------------------ assignment


def test_visits_go_to_the_staff_of_their_grid_and_are_not_assigned_twice(vtemplate):
    setup, created = vtemplate
    rows = visits(setup.project)
    assert set(rows) == set(created)
    by_grid = {r["grid_id"]: r for r in rows.values()}
    for grid_id in setup.grids1:
        assert by_grid[grid_id]["staff_id"] == "F01"
        assert by_grid[grid_id]["status"] == "open"
        assert by_grid[grid_id]["due_date"] == "2026-12-31"
        assert timestamps.CANONICAL.fullmatch(by_grid[grid_id]["assigned_at"])
    for grid_id in setup.grids2:
        assert by_grid[grid_id]["staff_id"] == "F02"
    # grids nobody is assigned to get no visit
    assert not set(setup.other_grids) & set(by_grid)


def test_package_carries_only_the_persons_visits(vtemplate):
    setup, _created = vtemplate
    office = visits(setup.project)
    mine = {u for u, r in office.items() if r["staff_id"] == "F01"}
    assert set(visits(setup.pkg1)) == mine
    assert {r["grid_id"] for r in visits(setup.pkg1).values()} <= set(setup.grids1)
    assert set(visits(setup.pkg2)) == {u for u, r in office.items() if r["staff_id"] == "F02"}


def test_done_offline_syncs_back_and_a_resync_changes_nothing(vwork):
    target = sorted(visits(vwork.pkg1))[0]
    field_edit(
        vwork.pkg1, target, status="done", done_at=done_now(), result="renewed", notes="已续保一年"
    )
    run = fieldsync.sync_packages(vwork.project, [vwork.pkg1])
    rep = run.reports[0]
    assert rep.status == "synced", rep.message
    assert rep.updated == 1 and rep.conflicts == 0 and not rep.rejected
    row = visits(vwork.project)[target]
    assert (row["status"], row["result"], row["notes"]) == ("done", "renewed", "已续保一年")
    assert row["rev"] == 2 and row["done_at"].endswith("Z")
    again = fieldsync.sync_packages(vwork.project, [vwork.pkg1]).reports[0]
    assert again.status == "unchanged" and again.updated == 0
    assert visits(vwork.project)[target] == row


def test_office_cancelled_while_field_did_it_is_a_conflict(vwork):
    target = sorted(visits(vwork.pkg1))[0]
    office_edit(vwork.project, target, status="cancelled")
    field_edit(vwork.pkg1, target, status="done", done_at=done_now(), result="satisfied")
    rep = fieldsync.sync_packages(vwork.project, [vwork.pkg1]).reports[0]
    assert rep.conflicts == 1 and rep.updated == 0
    row = visits(vwork.project)[target]
    assert row["status"] == "cancelled" and row["result"] is None
    found = {
        (c.column_name, c.office_value, c.field_value)
        for c in fieldsync.list_conflicts(vwork.project)
        if c.table_name == "visits"
    }
    assert ("status", "cancelled", "done") in found
    assert ("result", None, "satisfied") in found


# --------------------------------------------------------------------------- hostile values


def _rejections(project, package):
    rep = fieldsync.sync_packages(project, [package]).reports[0]
    return rep, dict(rep.rejected)


@pytest.mark.parametrize(
    "values, expected",
    [
        ({"status": "finished"}, "status 'finished' is not one of"),
        ({"status": "done", "done_at": done_now(), "result": "bribe"}, "result 'bribe' is not"),
        ({"status": "done", "done_at": None}, "marked done but done_at is missing"),
        ({"status": "done", "done_at": "2099-01-01T00:00:00Z"}, "date-time out of range"),
        ({"status": "done", "done_at": "yesterday", "raw": 1}, "not an ISO-8601 date-time"),
        ({"status": "done", "done_at": done_now(), "rev": -3, "raw": 1}, "rev -3 is out of"),
        ({"notes": b"\x00\x01", "raw": 1}, "binary data in notes"),
        ({"status": "cancelled"}, "only the office cancels"),
        ({"notes": "x" * 5000}, "notes has 5000 characters"),
        ({"due_date": "2026-02-30"}, "due_date '2026-02-30' is not a date"),
    ],
)
def test_hostile_visit_values_are_rejected_with_the_reason(vwork, values, expected):
    target = sorted(visits(vwork.pkg1))[0]
    before = visits(vwork.project)[target]
    values = dict(values)
    (raw_edit if values.pop("raw", 0) else field_edit)(vwork.pkg1, target, **values)
    rep, rejected = _rejections(vwork.project, vwork.pkg1)
    assert rep.status != "rejected", rep.message
    reason = rejected.get("visit {}".format(target))
    assert reason is not None and expected in reason, rejected
    assert visits(vwork.project)[target] == before


def test_a_visit_made_up_in_the_field_is_rejected(vwork):
    ds = gdal.OpenEx(vwork.pkg1, gdal.OF_VECTOR | gdal.OF_UPDATE)
    lyr = ds.GetLayerByName("visits")
    feature = ogr.Feature(lyr.GetLayerDefn())
    for name, value in {
        "uuid": "0b0b0b0b-0000-4000-8000-000000000001",
        "grid_id": vwork.grids1[0],
        "staff_id": "F01",
        "purpose": "renewal",
        "status": "open",
        "rev": 1,
    }.items():
        feature.SetField(name, value)
    feature.SetGeometry(ogr.CreateGeometryFromWkt(point_in(vwork.project, vwork.grids1[0])))
    lyr.CreateFeature(feature)
    ds = None  # noqa: F841
    rep, rejected = _rejections(vwork.project, vwork.pkg1)
    assert "only the office assigns" in rejected["visit 0b0b0b0b-0000-4000-8000-000000000001"]
    assert "0b0b0b0b-0000-4000-8000-000000000001" not in visits(vwork.project)


def test_office_columns_changed_in_the_field_are_ignored(vwork):
    target = sorted(visits(vwork.pkg1))[0]
    field_edit(vwork.pkg1, target, staff_id="F02", due_date="2030-01-01", notes="换人")
    rep = fieldsync.sync_packages(vwork.project, [vwork.pkg1]).reports[0]
    row = visits(vwork.project)[target]
    assert (row["staff_id"], row["due_date"], row["notes"]) == ("F01", "2026-12-31", "换人")
    assert any("office columns" in w for w in rep.warnings), rep.warnings


def test_a_visits_view_refuses_the_package(vwork):
    con = sqlite3.connect(vwork.pkg1)
    con.executescript(
        "ALTER TABLE visits RENAME TO visits_real; CREATE VIEW visits AS SELECT * FROM visits_real;"
    )
    con.close()
    rep = fieldsync.sync_packages(vwork.project, [vwork.pkg1]).reports[0]
    assert rep.status == "rejected"
    assert "'visits' is not a plain table" in rep.message


def test_a_field_done_and_an_office_note_merge_without_conflict(vwork):
    target = sorted(visits(vwork.pkg1))[0]
    office_edit(vwork.project, target, due_date="2027-01-15")
    field_edit(vwork.pkg1, target, status="not_reached", done_at=done_now())
    rep = fieldsync.sync_packages(vwork.project, [vwork.pkg1]).reports[0]
    assert (rep.updated, rep.conflicts) == (1, 0)
    row = visits(vwork.project)[target]
    assert (row["status"], row["due_date"]) == ("not_reached", "2027-01-15")


def test_a_visit_conflict_can_be_settled_for_the_field(vwork):
    target = sorted(visits(vwork.pkg1))[0]
    office_edit(vwork.project, target, notes="办公室备注")
    field_edit(vwork.pkg1, target, notes="外业备注")
    rep = fieldsync.sync_packages(vwork.project, [vwork.pkg1]).reports[0]
    assert rep.conflicts == 1
    (conflict,) = [c for c in fieldsync.list_conflicts(vwork.project) if c.table_name == "visits"]
    fieldsync.resolve_conflict(vwork.project, conflict.fid, "field")
    assert visits(vwork.project)[target]["notes"] == "外业备注"
    assert not [c for c in fieldsync.list_conflicts(vwork.project) if c.table_name == "visits"]
