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


# ----------------------------------------------------------------------------------- refresh


def _table(path: str, query: str):
    con = sqlite3.connect(path)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def _manifest(path: str) -> Dict[str, str]:
    return dict(_table(path, "SELECT key, value FROM sg_manifest"))


def _reassign(project: str, grid_id: str, staff_id: str) -> None:
    """The office gives ``grid_id`` to ``staff_id`` (OGR, as the Staff dock saves)."""
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    lyr = ds.GetLayerByName("assignments")
    lyr.SetAttributeFilter("grid_id = '{}'".format(grid_id))
    for feature in list(lyr):
        feature.SetField("staff_id", staff_id)
        lyr.SetFeature(feature)
    ds = None  # noqa: F841


def _rename_outlet(project: str, outlet_id: str, name: str) -> None:
    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    lyr = ds.GetLayerByName("outlets")
    lyr.SetAttributeFilter("outlet_id = '{}'".format(outlet_id))
    feature = lyr.GetNextFeature()
    feature.SetField("name", name)
    lyr.SetFeature(feature)
    ds = None  # noqa: F841


def test_refresh_keeps_field_work_and_takes_the_office_changes(vwork, run_alg):
    import device

    old_id = _manifest(vwork.pkg1)["package_id"]
    gone = vwork.grids1[-1]
    # in the field, not yet synced: a visit done, new feedback, and a row the sync rejects
    target = sorted(u for u, r in visits(vwork.pkg1).items() if r["grid_id"] != gone)[0]
    field_edit(vwork.pkg1, target, status="done", done_at=done_now(), result="renewed")
    new_rows = device.add_feedback(vwork.pkg1, 2, seed=31, grid_ids=vwork.grids1[:2])
    bad = device.add_feedback(
        vwork.pkg1, 1, seed=32, grid_ids=vwork.grids1[:1], values={"rating": 9}
    )
    # in the office: a new visit, a corrected outlet, a grid given to F02
    added = _assign_in(vwork.project, [vwork.grids1[0]], purpose="product_review", prefix="N")
    _rename_outlet(vwork.project, "O1", "西区支公司（新址）")
    _reassign(vwork.project, gone, "F02")

    result = run_alg(
        "servicegrid:refreshfieldpackage", {"PROJECT": vwork.project, "PACKAGE": vwork.pkg1}
    )
    assert result["OUTPUT"] == vwork.pkg1
    assert (result["GRIDS_DROPPED"], result["GRIDS_ADDED"], result["CARRIED"]) == (1, 0, 1)
    # the field work is in the project …
    assert visits(vwork.project)[target]["status"] == "done"
    office_feedback = {r[0] for r in _table(vwork.project, "SELECT uuid FROM feedback")}
    assert set(new_rows) <= office_feedback and not set(bad) & office_feedback
    # … and in the refreshed package, with the office's changes
    manifest = _manifest(vwork.pkg1)
    assert manifest["package_id"] == result["PACKAGE_ID"] != old_id
    assert manifest["refreshed_from"] == old_id
    assert gone not in manifest["grid_ids"]
    package_visits = visits(vwork.pkg1)
    assert package_visits[target]["status"] == "done"
    assert set(added) <= set(package_visits)
    assert all(r["grid_id"] != gone for r in package_visits.values())
    package_feedback = {
        r[0]: r[1] for r in _table(vwork.pkg1, "SELECT uuid, grid_id FROM feedback")
    }
    assert set(new_rows) | set(bad) <= set(package_feedback)
    assert gone not in {g for u, g in package_feedback.items() if u not in bad}
    assert not _table(vwork.pkg1, "SELECT 1 FROM units WHERE grid_id = '{}'".format(gone))
    assert not _table(vwork.pkg1, "SELECT 1 FROM grids WHERE grid_id = '{}'".format(gone))
    assert _table(vwork.pkg1, "SELECT name FROM outlets WHERE outlet_id = 'O1'") == [
        ("西区支公司（新址）",)
    ]
    # the old file is kept beside it
    folder = os.path.dirname(vwork.pkg1)
    assert [n for n in os.listdir(folder) if n.endswith(".bak.gpkg")]
    # the refreshed package syncs like a new one: nothing to add, then a new field edit
    again = fieldsync.sync_packages(vwork.project, [vwork.pkg1]).reports[0]
    assert (again.inserted, again.updated, again.conflicts) == (0, 0, 0)
    assert {k for k, _r in again.rejected} == set(bad)
    fresh = sorted(added)[0]
    field_edit(vwork.pkg1, fresh, status="done", done_at=done_now(), result="new_need")
    later = fieldsync.sync_packages(vwork.project, [vwork.pkg1]).reports[0]
    assert later.updated == 1 and later.conflicts == 0
    assert visits(vwork.project)[fresh]["result"] == "new_need"
    # refreshing twice in a row changes nothing in the project
    before = _table(vwork.project, "SELECT uuid, status, rev FROM visits ORDER BY uuid")
    run_alg("servicegrid:refreshfieldpackage", {"PROJECT": vwork.project, "PACKAGE": vwork.pkg1})
    assert _table(vwork.project, "SELECT uuid, status, rev FROM visits ORDER BY uuid") == before


def test_refresh_drops_visits_the_office_cancelled(vwork, run_alg):
    target = sorted(visits(vwork.pkg1))[0]
    office_edit(vwork.project, target, status="cancelled")
    run_alg("servicegrid:refreshfieldpackage", {"PROJECT": vwork.project, "PACKAGE": vwork.pkg1})
    assert target not in visits(vwork.pkg1)


def _manifest_set(path: str, key: str, value: str) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute("DELETE FROM sg_manifest WHERE key = ?", (key,))
        con.execute("INSERT INTO sg_manifest (key, value) VALUES (?, ?)", (key, value))
    con.close()


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("project_id", "another-project", "was made from another project"),
        ("package_id", "F01-unknown", "is not one this project made"),
        ("expires_at", "2026-01-01T00:00:00.000Z", "expired on 2026-01-01"),
    ],
)
def test_refresh_refuses_foreign_unknown_and_expired_packages(vwork, run_alg, key, value, expected):
    from qgis.core import QgsProcessingException

    _manifest_set(vwork.pkg1, key, value)
    before = open(vwork.pkg1, "rb").read()
    with pytest.raises(QgsProcessingException, match=expected):
        run_alg(
            "servicegrid:refreshfieldpackage", {"PROJECT": vwork.project, "PACKAGE": vwork.pkg1}
        )
    assert open(vwork.pkg1, "rb").read() == before


def test_refresh_refuses_a_file_that_is_not_a_package(vwork, run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    other = str(tmp_path / "outlets.gpkg")
    import shutil

    shutil.copy(os.path.join(vwork.folder, "outlets.gpkg"), other)
    with pytest.raises(QgsProcessingException, match="is not a field package"):
        run_alg("servicegrid:refreshfieldpackage", {"PROJECT": vwork.project, "PACKAGE": other})
    with pytest.raises(QgsProcessingException, match="The project itself"):
        run_alg(
            "servicegrid:refreshfieldpackage",
            {"PROJECT": vwork.project, "PACKAGE": vwork.project},
        )


def test_assignvisits_from_a_layer_with_an_expression(vwork, run_alg, tmp_path):
    from datasets import write_layer

    rows = []
    for k, grid_id in enumerate(vwork.grids1[:2] + vwork.grids2[:1] + vwork.other_grids[:1]):
        rows.append(
            {
                "customer_id": "K{}".format(k),
                "type": "enterprise" if k != 1 else "individual",
                "wkt": point_in(vwork.project, grid_id),
            }
        )
    rows.append({"customer_id": "FAR", "type": "enterprise", "wkt": "POINT(0 0)"})
    layer = write_layer(
        str(tmp_path / "customers.gpkg"),
        "customers",
        ogr.wkbPoint,
        {"customer_id": ogr.OFTString, "type": ogr.OFTString},
        rows,
    )
    params = {
        "PROJECT": vwork.project,
        "INPUT": layer,
        "EXPRESSION": "\"type\" = 'enterprise'",
        "PURPOSE": 3,
        "DUE_DAYS": 7,
    }
    result = run_alg("servicegrid:assignvisits", params)
    assert (result["CREATED"], result["OUTSIDE"], result["NO_STAFF"]) == (2, 1, 1)
    made = [r for r in visits(vwork.project).values() if r["customer_id"] in ("K0", "K2")]
    assert {(r["customer_id"], r["staff_id"], r["purpose"]) for r in made} == {
        ("K0", "F01", "product_review"),
        ("K2", "F02", "product_review"),
    }
    due = (_dt.date.today() + _dt.timedelta(days=7)).isoformat()
    assert {r["due_date"] for r in made} == {due}
    again = run_alg("servicegrid:assignvisits", params)
    assert (again["CREATED"], again["DUPLICATES"]) == (0, 2)
    with pytest.raises(Exception, match="not a date"):
        run_alg("servicegrid:assignvisits", dict(params, DUE_DATE="31/12/2026"))
    with pytest.raises(Exception, match="Z99 is not in the project's staff table"):
        run_alg("servicegrid:assignvisits", dict(params, STAFF_ID="Z99"))


def test_the_package_project_shows_visits_with_their_form(vtemplate):
    from qgis.core import QgsProject

    from service_grid.algorithms.project_template import read_project

    setup, _created = vtemplate
    project = QgsProject()
    assert read_project(project, setup.pkg1)
    (layer,) = [lyr for lyr in project.mapLayers().values() if lyr.name() == "回访任务"]
    fields = layer.fields()
    status = layer.editorWidgetSetup(fields.indexOf("status"))
    assert status.type() == "ValueMap"
    assert {"待回访": "open"} in status.config()["map"]
    assert layer.editorWidgetSetup(fields.indexOf("due_date")).config()["field_format"] == (
        "yyyy-MM-dd"
    )
    done_at = layer.defaultValueDefinition(fields.indexOf("done_at"))
    assert "now()" in done_at.expression() and done_at.applyOnUpdate()
    assert layer.editFormConfig().readOnly(fields.indexOf("staff_id"))
    assert layer.featureCount() == len(visits(setup.pkg1))
    assert layer.renderer().type() == "categorizedSymbol"
    project.clear()


def test_assignvisits_takes_the_projects_customers_without_an_input(vwork, run_alg):
    """Without INPUT the project's own customers layer (issue 16) is used, with the expression."""
    ds = gdal.OpenEx(vwork.project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    layer = ds.GetLayerByName("customers")  # the project's register (schema 4)
    for customer_id, kind, grid, consent in (
        ("P1", "enterprise", vwork.grids1[1], 1),
        ("P2", "individual", vwork.grids2[0], 1),
        ("P3", "enterprise", vwork.grids1[1], 0),
    ):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("customer_id", customer_id)
        feature.SetField("customer_type", kind)
        feature.SetField("name", "客户" + customer_id)
        feature.SetField("phone", "1390000000" + customer_id[1])
        feature.SetField("consent", consent)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(point_in(vwork.project, grid)))
        layer.CreateFeature(feature)
    ds = None
    result = run_alg(
        "servicegrid:assignvisits",
        {"PROJECT": vwork.project, "EXPRESSION": "\"customer_type\" = 'enterprise'", "PURPOSE": 0},
    )
    assert result["CREATED"] == 2
    (made,) = [r for r in visits(vwork.project).values() if r["customer_id"] == "P1"]
    # the name and phone go with the visit only when the customer consented
    people = dict(
        sqlite3.connect(vwork.project).execute(
            "SELECT customer_id, coalesce(customer_name, '') || '/' || "
            "coalesce(customer_phone, '') FROM visits WHERE customer_id IN ('P1', 'P3')"
        )
    )
    assert people == {"P1": "客户P1/13900000001", "P3": "/"}
    assert (made["grid_id"], made["staff_id"], made["purpose"]) == (
        vwork.grids1[1],
        "F01",
        "renewal",
    )


def test_refresh_of_someone_left_without_grids_syncs_and_says_so(vwork, run_alg):
    from qgis.core import QgsProcessingException

    target = sorted(visits(vwork.pkg1))[0]
    field_edit(vwork.pkg1, target, status="done", done_at=done_now(), result="satisfied")
    before = open(vwork.pkg1, "rb").read()
    for grid_id in vwork.grids1:
        _reassign(vwork.project, grid_id, "F02")
    with pytest.raises(QgsProcessingException, match="synced into the project, but the package"):
        run_alg(
            "servicegrid:refreshfieldpackage", {"PROJECT": vwork.project, "PACKAGE": vwork.pkg1}
        )
    assert open(vwork.pkg1, "rb").read() == before
    assert visits(vwork.project)[target]["status"] == "done"


def test_a_refreshed_package_keeps_its_expiry(vwork, run_alg):
    """The office's later changes do not change how long the package is valid: the new
    package's manifest and its project title carry the old expiry."""
    _manifest_set(vwork.pkg1, "expires_at", "2099-06-30T00:00:00.000Z")
    result = run_alg(
        "servicegrid:refreshfieldpackage", {"PROJECT": vwork.project, "PACKAGE": vwork.pkg1}
    )
    refreshed = result.get("OUTPUT") or vwork.pkg1
    con = sqlite3.connect(refreshed)
    manifest = dict(con.execute("SELECT key, value FROM sg_manifest"))
    con.close()
    assert manifest["expires_at"] == "2099-06-30T00:00:00.000Z"
    assert manifest["refreshed_from"] != manifest["package_id"]
