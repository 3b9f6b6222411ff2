"""Offline field sync (design: docs/design/sync.md, whose "Tests that must exist"
list each test below names in its docstring).

A small real project (36 units of 1 km, 12 grids, two staff members F01 / F02 with their own
grids, a few feedback rows made in the office), field packages made by
``servicegrid:createfieldpackage``, and edits made the way a device makes them (tests/device.py:
a separate process writing through OGR in WAL mode). Every sync in these tests also checks that
the package files (and their -wal, and their photos) are byte for byte what they were.
The crash test is in test_sync_crash.py.
"""

import json
import os
import shutil
import sqlite3
import threading
from dataclasses import dataclass, replace
from typing import Dict, List

import device
import pytest
from conftest import run_qgis_process
from osgeo import ogr

from service_grid.algorithms.core import errors, fieldsync

ogr.UseExceptions()

STAFF_CSV = (
    "staff_id,name,role,outlet_id,capacity,active\n"
    "F01,王芳,agent,O1,30000,1\nF02,李强,agent,O2,30000,1\nF03,赵敏,agent,O1,30000,1\n"
)


@dataclass
class Setup:
    folder: str
    project: str
    pkg1: str  # F01's package (alone in its folder)
    pkg2: str  # F02's package
    grids1: List[str]
    grids2: List[str]
    other_grids: List[str]
    base1: List[str]  # uuids of the office's rows inside F01's grids (exported to pkg1)
    base2: List[str]
    other: List[str]  # office rows in nobody's grids (in no package)
    package_id1: str = ""
    package_id2: str = ""


def _assign(project: str, pairs) -> None:
    """Write the assignments table with OGR (as allocatestaff does into a project)."""
    from datasets import write_assignments

    write_assignments(project, pairs, assigned_at="2026-11-01T08:00:00Z")


def _build(folder: str, extra_office_rows: int = 0) -> Setup:
    """The project, office feedback (6 + ``extra_office_rows`` rows in F01's grids, 4 in F02's,
    2 in nobody's), and the packages of F01 and F02."""
    import processing
    from datasets import UNIT_PARAMS, make_project, unit_rows, units_layer, write_layer

    os.makedirs(folder, exist_ok=True)
    layer = units_layer(folder, unit_rows(6, 6))
    outlets = write_layer(
        os.path.join(folder, "outlets.gpkg"),
        "outlets",
        ogr.wkbPoint,
        {"outlet_id": ogr.OFTString, "name": ogr.OFTString, "kind": ogr.OFTString},
        [
            {
                "outlet_id": "O1",
                "name": "西区支公司",
                "kind": "branch",
                "wkt": "POINT(401500 3502500)",
            },
            {
                "outlet_id": "O2",
                "name": "东区服务点",
                "kind": "service_point",
                "wkt": "POINT(404500 3503500)",
            },
        ],
    )
    staff = os.path.join(folder, "staff.csv")
    with open(staff, "w", encoding="utf-8") as handle:
        handle.write(STAFF_CSV)
    project = os.path.join(folder, "project.gpkg")
    params = dict(UNIT_PARAMS, INPUT=layer, NAME_FIELD="name", OUTLETS=outlets, STAFF=staff)
    make_project(project, params, {"TARGET_POPULATION": 8000})
    con = sqlite3.connect(project)
    grids = [r[0] for r in con.execute("SELECT grid_id FROM grids ORDER BY nest, grid_id")]
    con.close()
    assert len(grids) >= 9
    grids1, grids2, other = grids[:4], grids[-3:], grids[4:-3]
    _assign(project, [("F01", g) for g in grids1] + [("F02", g) for g in grids2])
    # the office's own feedback, before any package is made
    base1 = device.add_feedback(
        project,
        6,
        seed=11,
        grid_ids=grids1,
        wal=False,
        values={"staff_id": "F01", "device_id": "office"},
    )
    if extra_office_rows:
        base1 += device.add_feedback(
            project,
            extra_office_rows,
            seed=14,
            grid_ids=grids1,
            wal=False,
            values={"staff_id": "F01", "device_id": "office"},
        )
    base2 = device.add_feedback(
        project,
        4,
        seed=12,
        grid_ids=grids2,
        wal=False,
        values={"staff_id": "F02", "device_id": "office"},
    )
    others = device.add_feedback(
        project,
        2,
        seed=13,
        grid_ids=other,
        wal=False,
        values={"staff_id": "F03", "device_id": "office"},
    )
    setup = Setup(folder, project, "", "", grids1, grids2, other, base1, base2, others)
    ids = []
    for staff_id in ("F01", "F02"):
        out = os.path.join(folder, "field_" + staff_id, staff_id + ".gpkg")
        os.makedirs(os.path.dirname(out))
        result = processing.run(
            "servicegrid:createfieldpackage",
            {"PROJECT": project, "STAFF_ID": staff_id, "OUTPUT": out},
        )
        assert os.path.exists(result["OUTPUT"])
        ids.append(result["PACKAGE_ID"])
    return replace(
        setup,
        pkg1=os.path.join(folder, "field_F01", "F01.gpkg"),
        pkg2=os.path.join(folder, "field_F02", "F02.gpkg"),
        package_id1=ids[0],
        package_id2=ids[1],
    )


@pytest.fixture(scope="module")
def template(plugin, tmp_path_factory):
    return _build(str(tmp_path_factory.mktemp("sync") / "template"))


@pytest.fixture
def work(template, tmp_path):
    """A fresh copy of the project and its two packages for one test."""
    return fresh_copy(template, str(tmp_path / "w"))


def fresh_copy(template, folder: str):
    """The project and packages of ``template`` copied into ``folder`` (a new set-up)."""
    shutil.copytree(template.folder, folder)

    def moved(path):
        return os.path.join(folder, os.path.relpath(path, template.folder))

    return replace(
        template,
        folder=folder,
        project=moved(template.project),
        pkg1=moved(template.pkg1),
        pkg2=moved(template.pkg2),
    )


# ----------------------------------------------------------------------------------- helpers


def _plain(value):
    return bytes(value).hex() if isinstance(value, (bytes, memoryview)) else value


def dump(project: str, table: str = "feedback") -> List[dict]:
    """Every row of a table (all columns, geometry as hex), in a stable order."""
    con = sqlite3.connect(project)
    try:
        cols = [r[1] for r in con.execute('PRAGMA table_info("{}")'.format(table))]
        order = "uuid, fid" if "uuid" in cols else "rowid"
        rows = con.execute('SELECT * FROM "{}" ORDER BY {}'.format(table, order)).fetchall()
    finally:
        con.close()
    return [dict(zip(cols, (_plain(v) for v in row))) for row in rows]


def rows_by_uuid(project: str) -> Dict[str, dict]:
    return {r["uuid"]: r for r in dump(project)}


def master_schema(project: str):
    con = sqlite3.connect(project)
    try:
        return sorted(con.execute("SELECT type, name FROM sqlite_master").fetchall())
    finally:
        con.close()


def package_fingerprints(paths) -> Dict[str, str]:
    found = {}
    for path in paths:
        anchor = os.path.join(path, "x") if os.path.isdir(path) else path
        for name, digest in device.fingerprint(anchor).items():
            found[os.path.join(os.path.dirname(anchor), name)] = digest
    return found


def sync(project: str, *paths, **kwargs):
    """fieldsync.sync_packages, checking that no existing file of the packages' folders
    (package, -wal, photos) changed."""
    before = package_fingerprints(paths)
    run = fieldsync.sync_packages(project, list(paths), **kwargs)
    after = package_fingerprints(paths)
    changed = sorted(k for k in before if after.get(k) != before[k])
    assert not changed, "the sync modified package files: {}".format(changed)
    return run


def report(run, package_path: str):
    found = [r for r in run.reports if os.path.abspath(r.path) == os.path.abspath(package_path)]
    assert len(found) == 1, [(r.path, r.status) for r in run.reports]
    return found[0]


def same(value, expected) -> bool:
    """Conflict values are stored as text: compare loosely ("3", 3, "3.0")."""
    if value is None or expected is None:
        return value is expected
    if str(value) == str(expected):
        return True
    try:
        return float(value) == float(expected)
    except (TypeError, ValueError):
        return False


def counts(rep) -> tuple:
    return (rep.inserted, rep.updated, rep.deleted, rep.conflicts, len(rep.rejected))


def sync_log(project: str) -> List[dict]:
    return dump(project, "sync_log")


def point_in(project: str, grid_id: str) -> str:
    ds = ogr.Open(project)
    lyr = ds.GetLayerByName("grids")
    lyr.SetAttributeFilter("grid_id = '{}'".format(grid_id))
    feature = lyr.GetNextFeature()
    wkt = feature.GetGeometryRef().PointOnSurface().ExportToWkt()
    ds = None
    return wkt


# ------------------------------------------------------------------------------- the package


def test_field_package_holds_the_staff_members_part(work):
    """createfieldpackage: only the staff member's grids, their units, outlets and feedback,
    a manifest; the office keeps the base snapshot."""
    con = sqlite3.connect("file:{}?mode=ro".format(work.pkg1), uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        grids = sorted(r[0] for r in con.execute("SELECT grid_id FROM grids"))
        feedback = sorted(r[0] for r in con.execute("SELECT uuid FROM feedback"))
        unit_grids = {r[0] for r in con.execute("SELECT grid_id FROM units")}
        manifest = dict(con.execute("SELECT key, value FROM sg_manifest"))
        staff = [r[0] for r in con.execute("SELECT staff_id FROM staff")]
        qgis_projects = con.execute("SELECT count(*) FROM qgis_projects").fetchone()[0]
    finally:
        con.close()
    assert (
        set("feedback grids units outlets staff assignments sg_manifest sg_meta".split()) <= tables
    )
    assert grids == sorted(work.grids1)
    assert feedback == sorted(work.base1)  # the office rows of F01's grids only
    assert unit_grids <= set(work.grids1) and unit_grids
    assert staff == ["F01"]
    assert qgis_projects >= 1  # the embedded project for offline use
    assert manifest["staff_id"] == "F01" and manifest["package_id"] == work.package_id1
    assert sorted(json.loads(manifest["grid_ids"])) == sorted(work.grids1)
    assert work.package_id1 != work.package_id2
    con = sqlite3.connect(work.project)
    try:
        registered = {r[0] for r in con.execute("SELECT package_id FROM sync_packages")}
        base = {
            r[0]
            for r in con.execute(
                "SELECT uuid FROM sync_base WHERE package_id = ?", (work.package_id1,)
            )
        }
    finally:
        con.close()
    assert {work.package_id1, work.package_id2} <= registered
    assert base == set(work.base1)


# ---------------------------------------------------------------------------- idempotence


def test_resync_of_the_same_package_changes_nothing(work):
    """sync.md: re-sync of the same package twice (0 changes, status unchanged, master
    identical), also from a copy under another name and after further device edits."""
    added = device.add_feedback(work.pkg1, 5, seed=1)
    device.edit_feedback(work.pkg1, {work.base1[0]: {"rating": 5, "notes": "现场已回访"}})
    before = dump(work.project)
    first = sync(work.project, work.pkg1)
    rep = report(first, work.pkg1)
    assert rep.status == "synced", rep.message
    assert counts(rep) == (5, 1, 0, 0, 0)
    assert rep.package_id == work.package_id1 and rep.staff_id == "F01"
    assert len(rep.sha256) == 64
    # the backup taken first is the master as it was
    assert first.backup and os.path.exists(first.backup)
    assert dump(first.backup) == before
    rows = rows_by_uuid(work.project)
    assert set(added) <= set(rows)
    assert rows[work.base1[0]]["notes"] == "现场已回访" and rows[work.base1[0]]["rating"] == 5
    assert all(rows[u]["package_id"] == work.package_id1 for u in added)
    synced = dump(work.project)
    conflicts = dump(work.project, "sync_conflicts")

    second = sync(work.project, work.pkg1)
    rep2 = report(second, work.pkg1)
    assert rep2.status == "unchanged", rep2.message
    assert counts(rep2) == (0, 0, 0, 0, 0)
    assert all(v == 0 for v in second.totals().values())
    assert dump(work.project) == synced
    assert dump(work.project, "sync_conflicts") == conflicts

    # the same bytes under another name (a second copy handed in): still nothing to do
    copy = os.path.join(work.folder, "inbox", "F01 (1).gpkg")
    os.makedirs(os.path.dirname(copy))
    shutil.copyfile(work.pkg1, copy)
    rep3 = report(sync(work.project, copy), copy)
    assert rep3.status == "unchanged" and counts(rep3) == (0, 0, 0, 0, 0)
    assert dump(work.project) == synced

    # the device goes on working: only the new work arrives, nothing twice, no conflict
    more = device.add_feedback(work.pkg1, 2, seed=2)
    device.edit_feedback(work.pkg1, {work.base1[0]: {"status": "resolved"}})
    rep4 = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep4.status == "synced" and counts(rep4) == (2, 1, 0, 0, 0)
    rows = rows_by_uuid(work.project)
    assert len(rows) == len(synced) + 2 and set(more) <= set(rows)
    assert rows[work.base1[0]]["status"] == "resolved"
    assert rows[work.base1[0]]["notes"] == "现场已回访"
    rep5 = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep5.status == "unchanged" and counts(rep5) == (0, 0, 0, 0, 0)
    statuses = [r["status"] for r in sync_log(work.project) if r["package_id"] == work.package_id1]
    assert statuses.count("synced") == 2 and statuses.count("unchanged") >= 3


def test_two_devices_inserting_at_the_same_time(work):
    """sync.md: two devices inserting at the same time (both land, no duplicates, nothing
    renumbered: rows are matched by uuid, never by fid)."""
    results = {}

    def run(name, path, seed):
        results[name] = device.run_device(
            path, [{"op": "add", "n": 10, "seed": seed, "device_id": name}]
        )

    threads = [
        threading.Thread(target=run, args=("phone-1", work.pkg1, 1)),
        threading.Thread(target=run, args=("phone-2", work.pkg2, 2)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # the same local fids on both devices: what breaks fid-based tools
    assert set(results["phone-1"]["fids"]) & set(results["phone-2"]["fids"])
    old = {u: r["fid"] for u, r in rows_by_uuid(work.project).items()}
    inbox = os.path.join(work.folder, "inbox")
    os.makedirs(inbox)
    shutil.copyfile(work.pkg1, os.path.join(inbox, "F01.gpkg"))
    shutil.copyfile(work.pkg2, os.path.join(inbox, "F02.gpkg"))
    run_ = sync(work.project, inbox)  # a folder: every package in it
    assert sorted(r.status for r in run_.reports) == ["synced", "synced"]
    assert run_.totals()["inserted"] == 20
    rows = dump(work.project)
    uuids = [r["uuid"] for r in rows]
    assert len(uuids) == len(set(uuids)) == len(old) + 20
    fids = [r["fid"] for r in rows]
    assert len(fids) == len(set(fids))
    by_uuid = {r["uuid"]: r for r in rows}
    assert {u: by_uuid[u]["fid"] for u in old} == old  # office rows not renumbered
    for name, package_id, staff_id in (
        ("phone-1", work.package_id1, "F01"),
        ("phone-2", work.package_id2, "F02"),
    ):
        for u in results[name]["added"]:
            assert by_uuid[u]["device_id"] == name
            assert by_uuid[u]["package_id"] == package_id
            assert by_uuid[u]["staff_id"] == staff_id
    again = sync(work.project, inbox)
    assert [r.status for r in again.reports] == ["unchanged", "unchanged"]
    assert dump(work.project) == rows


def test_fids_above_2_31(work):
    """sync.md: fids above 2^31 (QField numbers new features from the epoch)."""
    added = device.add_feedback(work.pkg1, 3, seed=3, fid_start=device.BIG_FID, uuid_style="braces")
    con = sqlite3.connect("file:{}?mode=ro".format(work.pkg1), uri=True)
    fids = dict(con.execute("SELECT uuid, fid FROM feedback"))
    con.close()
    assert [fids[u] for u in added] == [device.BIG_FID, device.BIG_FID + 1, device.BIG_FID + 2]
    before = rows_by_uuid(work.project)
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.status == "synced" and counts(rep) == (3, 0, 0, 0, 0), rep.rejected
    rows = rows_by_uuid(work.project)
    # QGIS-style '{…}' uuids are stored in the canonical form (the same row either way)
    keys = [fieldsync.uuid_key(u) for u in added]
    assert set(keys) <= set(rows)
    assert all(r["fid"] > 0 for r in rows.values())
    assert {u: rows[u]["fid"] for u in before} == {u: r["fid"] for u, r in before.items()}
    # editing a big-fid row on the device later is an update of the same row, not a new one
    device.edit_feedback(work.pkg1, {added[1]: {"rating": 1, "notes": "big fid edited"}})
    rep2 = report(sync(work.project, work.pkg1), work.pkg1)
    assert counts(rep2) == (0, 1, 0, 0, 0)
    rows2 = rows_by_uuid(work.project)
    assert len(rows2) == len(rows)
    assert rows2[keys[1]]["notes"] == "big fid edited" and rows2[keys[1]]["rating"] == 1
    assert rows2[keys[1]]["fid"] == rows[keys[1]]["fid"]


# ------------------------------------------------------------------------------ conflicts


def test_same_column_edited_on_both_sides(work):
    """sync.md: the same column edited on both sides (office keeps its value, a conflict row
    with both values); non-overlapping column edits merge."""
    a, b = work.base1[0], work.base1[1]
    base = rows_by_uuid(work.project)
    office_rating = 1 if base[a]["rating"] != 1 else 2
    field_rating = 5 if base[a]["rating"] != 5 else 4
    device.edit_feedback(
        work.project, {a: {"rating": office_rating}, b: {"status": "resolved"}}, wal=False
    )
    device.edit_feedback(
        work.pkg1, {a: {"rating": field_rating, "notes": "客户要求回电"}, b: {"notes": "已上门"}}
    )
    run = sync(work.project, work.pkg1)
    rep = report(run, work.pkg1)
    assert rep.status == "synced", rep.message
    assert rep.conflicts == 1 and len(rep.rejected) == 0
    rows = rows_by_uuid(work.project)
    assert rows[a]["rating"] == office_rating  # the office value is kept
    assert rows[a]["notes"] == "客户要求回电"  # the field's other column merged
    assert rows[b]["status"] == "resolved" and rows[b]["notes"] == "已上门"
    conflicts = fieldsync.list_conflicts(work.project)
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c.uuid, c.column_name, c.kind, c.table_name) == (
        a,
        "rating",
        "both_changed",
        "feedback",
    )
    assert same(c.base_value, base[a]["rating"])
    assert same(c.office_value, office_rating) and same(c.field_value, field_rating)
    assert c.package_id == work.package_id1 and c.run_id == run.run_id
    assert c.resolution is None and c.resolved_at is None
    # a re-sync does not record the conflict twice
    rep2 = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep2.status == "unchanged" and rep2.conflicts == 0
    assert len(fieldsync.list_conflicts(work.project, open_only=False)) == 1


def test_update_versus_delete_both_ways(work):
    """sync.md: update vs delete (deleted in the package but changed in the office, and the
    reverse): conflicts, no value dropped silently; a plain delete goes through."""
    a, b, c = work.base1[0], work.base1[1], work.base1[2]
    device.edit_feedback(work.project, {a: {"notes": "office note a"}}, wal=False)
    device.delete_feedback(work.project, [b], wal=False)
    device.delete_feedback(work.pkg1, [a, c])
    device.edit_feedback(work.pkg1, {b: {"notes": "field note b", "rating": 2}})
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.status == "synced", rep.message
    assert rep.deleted == 1 and rep.conflicts == 2 and rep.inserted == 0
    rows = rows_by_uuid(work.project)
    assert c not in rows  # deleted on the device only
    assert rows[a]["notes"] == "office note a"  # the office's edit kept
    assert b not in rows  # the office's delete kept
    conflicts = {k.uuid: k for k in fieldsync.list_conflicts(work.project)}
    assert set(conflicts) == {a, b}
    assert {conflicts[a].kind, conflicts[b].kind} == {"update_delete", "delete_update"}
    assert "office note a" in (conflicts[a].office_value or "")
    assert "field note b" in (conflicts[b].field_value or "")  # the field's edit is on record
    rep2 = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep2.status == "unchanged" and counts(rep2) == (0, 0, 0, 0, 0)
    assert rows_by_uuid(work.project) == rows


def test_idempotent_after_conflict_resolution(work):
    """sync.md: the same column edited on both sides, then resolved (take field / keep
    office): the choice and an audit row are written; syncing again changes nothing."""
    a, b = work.base1[0], work.base1[1]
    base = rows_by_uuid(work.project)
    office_cat, field_cat = [c for c in device.CATEGORIES if c != base[a]["category"]][:2]
    office_ch, field_ch = [c for c in device.CHANNELS if c != base[b]["channel"]][:2]
    device.edit_feedback(
        work.project, {a: {"category": office_cat}, b: {"channel": office_ch}}, wal=False
    )
    device.edit_feedback(work.pkg1, {a: {"category": field_cat}, b: {"channel": field_ch}})
    sync(work.project, work.pkg1)
    conflicts = {c.uuid: c for c in fieldsync.list_conflicts(work.project)}
    assert set(conflicts) == {a, b}
    fieldsync.resolve_conflict(work.project, conflicts[a].fid, "field")
    fieldsync.resolve_conflict(work.project, conflicts[b].fid, "office")
    rows = rows_by_uuid(work.project)
    assert rows[a]["category"] == field_cat and rows[b]["channel"] == office_ch
    assert fieldsync.list_conflicts(work.project) == []
    done = {c.uuid: c for c in fieldsync.list_conflicts(work.project, open_only=False)}
    assert done[a].resolution == "field" and done[b].resolution == "office"
    assert done[a].resolved_at and done[b].resolved_at
    assert [r["status"] for r in sync_log(work.project)].count("resolved") == 2
    snapshot = dump(work.project)
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.status == "unchanged" and counts(rep) == (0, 0, 0, 0, 0)
    assert dump(work.project) == snapshot
    assert fieldsync.list_conflicts(work.project) == []
    # later field work on the same rows merges without a new conflict
    device.edit_feedback(
        work.pkg1, {a: {"rating": 3 if base[a]["rating"] != 3 else 4}, b: {"notes": "later"}}
    )
    rep2 = report(sync(work.project, work.pkg1), work.pkg1)
    assert counts(rep2) == (0, 2, 0, 0, 0)
    rows = rows_by_uuid(work.project)
    assert (rows[a]["category"], rows[a]["rating"]) == (
        field_cat,
        3 if base[a]["rating"] != 3 else 4,
    )
    assert (rows[b]["channel"], rows[b]["notes"]) == (office_ch, "later")


# ----------------------------------------------------------------------- WAL and the file


def test_uncheckpointed_wal_rows_arrive(work):
    """sync.md: a package with an un-checkpointed WAL (rows that live only in the -wal file)."""
    kept = device.add_feedback(work.pkg1, 2, seed=4)
    only_wal = device.add_feedback(work.pkg1, 4, seed=5, keep_wal=True)
    device.edit_feedback(work.pkg1, {work.base1[2]: {"notes": "只在WAL里"}}, keep_wal=True)
    assert os.path.getsize(device.wal_path(work.pkg1)) > 0
    in_main = set(device.main_file_uuids(work.pkg1))
    assert set(kept) <= in_main and not set(only_wal) & in_main
    wal_sha = device.sha256(device.wal_path(work.pkg1))
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.status == "synced" and counts(rep) == (6, 1, 0, 0, 0)
    rows = rows_by_uuid(work.project)
    assert set(only_wal) <= set(rows)
    assert rows[work.base1[2]]["notes"] == "只在WAL里"
    assert device.sha256(device.wal_path(work.pkg1)) == wal_sha


def test_the_package_file_is_never_modified(work):
    """sync.md: never write to the field file (sha256 of the package, its -wal and photos
    before == after, whatever the sync finds in it)."""
    added = device.add_feedback(work.pkg1, 3, seed=6)
    device.attach_photo(work.pkg1, added[0], b"\xff\xd8\xff\xe0photo" * 50, "DCIM/a.jpg")
    device.add_feedback(work.pkg1, 2, seed=7, keep_wal=True)
    files = [
        work.pkg1,
        device.wal_path(work.pkg1),
        os.path.join(os.path.dirname(work.pkg1), "DCIM", "a.jpg"),
    ]
    before = {p: device.sha256(p) for p in files}
    stats = {p: os.stat(p).st_mtime_ns for p in files}
    run = fieldsync.sync_packages(work.project, [work.pkg1])
    assert report(run, work.pkg1).status == "synced"
    fieldsync.sync_packages(work.project, [os.path.dirname(work.pkg1)])
    assert {p: device.sha256(p) for p in files} == before
    assert {p: os.stat(p).st_mtime_ns for p in files} == stats
    assert not os.path.exists(work.pkg1 + "-journal")


# --------------------------------------------------------------------- untrusted input


def test_drifted_schema_missing_column_rejects_the_package(work):
    """sync.md: a drifted schema (a missing or renamed column): the package is rejected with a
    message, the master untouched, the other packages still sync."""
    device.add_feedback(work.pkg1, 2, seed=8)
    device.edit_feedback(work.pkg1, {work.base1[0]: {"notes": "lost?"}})
    device.drop_column(work.pkg1, "rating")
    ok = device.add_feedback(work.pkg2, 2, seed=9)
    before = dump(work.project)
    run = sync(work.project, work.pkg1, work.pkg2)
    bad = report(run, work.pkg1)
    assert bad.status == "rejected" and "rating" in bad.message
    assert counts(bad)[:4] == (0, 0, 0, 0)
    good = report(run, work.pkg2)
    assert good.status == "synced" and good.inserted == 2
    rows = dump(work.project)
    assert [r for r in rows if r["uuid"] not in ok] == before
    assert "rejected" in [r["status"] for r in sync_log(work.project)]


def test_drifted_schema_renamed_column_rejects_the_package(work):
    """sync.md: a drifted schema (a renamed column)."""
    device.add_feedback(work.pkg1, 2, seed=8)
    device.rename_column(work.pkg1, "category", "kategorie")
    before = dump(work.project)
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.status == "rejected" and "category" in rep.message
    assert dump(work.project) == before


def test_extra_column_table_and_view_are_ignored_with_a_warning(work):
    """sync.md: a drifted schema or an extra table: extra columns, tables and views are
    ignored with a warning; nothing of them reaches the master."""
    added = device.add_feedback(work.pkg1, 2, seed=10)
    device.add_column(work.pkg1, "extra_col")
    device.add_table(work.pkg1, "extra_notes")
    device.add_view(work.pkg1, "extra_view")
    schema_before = master_schema(work.project)
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.status == "synced" and rep.inserted == 2, rep.message
    text = " ".join(rep.warnings)
    assert "extra_col" in text and "extra_notes" in text
    assert master_schema(work.project) == schema_before
    rows = rows_by_uuid(work.project)
    assert set(added) <= set(rows) and "extra_col" not in rows[added[0]]


def test_malicious_triggers_are_never_executed(work):
    """sync.md: a malicious trigger: ignored, never executed (the table it would write stays
    empty, no 'pwned' anywhere, nothing of it in the master)."""
    added = device.add_feedback(work.pkg1, 3, seed=14)
    device.edit_feedback(work.pkg1, {work.base1[0]: {"notes": "真实备注"}})
    device.delete_feedback(work.pkg1, [work.base1[1]])
    names = device.add_triggers(work.pkg1)
    assert len(names) == 4
    schema_before = master_schema(work.project)
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.status == "synced" and counts(rep) == (3, 1, 1, 0, 0), rep.message
    con = sqlite3.connect("file:{}?mode=ro".format(work.pkg1), uri=True)
    try:
        assert con.execute('SELECT count(*) FROM "{}"'.format(device.EVIL_TABLE)).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM feedback WHERE notes = 'pwned'").fetchone()[0] == 0
    finally:
        con.close()
    assert master_schema(work.project) == schema_before  # no trigger, no table carried
    rows = rows_by_uuid(work.project)
    assert not [u for u, r in rows.items() if r["notes"] == "pwned"]
    assert rows[work.base1[0]]["notes"] == "真实备注" and set(added) <= set(rows)


def test_feedback_replaced_by_a_view_is_rejected(work):
    """sync.md: a malicious view (the expected table must be a real table)."""
    device.add_feedback(work.pkg1, 2, seed=15)
    device.feedback_as_view(work.pkg1)
    before = dump(work.project)
    schema_before = master_schema(work.project)
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.status == "rejected" and "feedback" in rep.message
    assert dump(work.project) == before and master_schema(work.project) == schema_before


def test_oversized_blob_rejects_the_row(work):
    """sync.md: an oversized blob (the row is rejected with a reason, the others sync)."""
    added = device.add_feedback(work.pkg1, 4, seed=16)
    device.set_notes_blob(work.pkg1, added[0], 2_000_000)
    device.set_notes_blob(work.pkg1, added[1], 5000, text=True)
    rep = report(sync(work.project, work.pkg1), work.pkg1)  # default limits
    assert rep.status == "synced" and rep.inserted == 2
    rejected = dict(rep.rejected)
    assert set(rejected) == {added[0], added[1]}
    assert "binary" in rejected[added[0]] and "4000" in rejected[added[1]]
    rows = rows_by_uuid(work.project)
    assert added[0] not in rows and added[1] not in rows and set(added[2:]) <= set(rows)
    # a lower limit given by the caller
    more = device.add_feedback(work.pkg1, 2, seed=34)
    device.set_notes_blob(work.pkg1, more[0], 300, text=True)
    rep2 = report(sync(work.project, work.pkg1, limits=fieldsync.Limits(max_text=200)), work.pkg1)
    assert [u for u, _r in rep2.rejected if u in more] == [more[0]]
    assert more[1] in rows_by_uuid(work.project)


@pytest.mark.parametrize("kind", ["random", "truncated", "bad_wkb", "wkb_no_header", "polygon"])
def test_malformed_geometry_blob_rejects_the_row(work, kind):
    """sync.md: a malformed geometry blob (that row rejected, the others sync)."""
    added = device.add_feedback(work.pkg1, 3, seed=17)
    device.malformed_geometry(work.pkg1, added[0], kind)
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.status == "synced" and rep.inserted == 2, rep.message
    assert [u for u, _reason in rep.rejected] == [added[0]]
    rows = rows_by_uuid(work.project)
    assert added[0] not in rows and set(added[1:]) <= set(rows)


def test_points_outside_the_packages_grids_are_rejected(work):
    """sync.md: a valid point inside the package's grids (elsewhere: rejected)."""
    inside = device.add_feedback(work.pkg1, 2, seed=18)
    other_grid = device.add_feedback(
        work.pkg1, 1, seed=19, values={"wkt": point_in(work.project, work.grids2[0])}
    )
    far = device.add_feedback(work.pkg1, 1, seed=20, values={"wkt": "POINT(100 100)"})
    empty = device.add_feedback(work.pkg1, 1, seed=21, values={"wkt": None})
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.inserted == 2
    assert {u for u, _r in rep.rejected} == set(other_grid + far + empty)
    rows = rows_by_uuid(work.project)
    assert set(inside) <= set(rows) and not set(other_grid + far + empty) & set(rows)


def test_values_outside_their_domain_are_rejected(work):
    """sync.md: value domains (rating 1–5, category list)."""
    good = device.add_feedback(work.pkg1, 1, seed=22)
    bad_rating = device.add_feedback(work.pkg1, 1, seed=23, values={"rating": 9})
    bad_category = device.add_feedback(work.pkg1, 1, seed=24, values={"category": "bogus"})
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.inserted == 1
    reasons = dict(rep.rejected)
    assert set(reasons) == set(bad_rating + bad_category)
    assert set(good) <= set(rows_by_uuid(work.project))


def test_garbage_file_is_rejected_and_the_others_sync(work):
    """The package is untrusted input: a file that is not a GeoPackage, or a GeoPackage that
    is not one of this project's packages, is rejected; the others sync."""
    inbox = os.path.join(work.folder, "inbox")
    os.makedirs(inbox)
    with open(os.path.join(inbox, "broken.gpkg"), "wb") as handle:
        handle.write(b"SQLite format 3\x00" + os.urandom(5000))
    shutil.copyfile(work.project, os.path.join(inbox, "not_a_package.gpkg"))
    added = device.add_feedback(work.pkg2, 2, seed=25)
    shutil.copyfile(work.pkg2, os.path.join(inbox, "F02.gpkg"))
    run = sync(work.project, inbox)
    statuses = {os.path.basename(r.path): r.status for r in run.reports}
    assert statuses == {
        "broken.gpkg": "rejected",
        "not_a_package.gpkg": "rejected",
        "F02.gpkg": "synced",
    }
    assert all(r.message for r in run.reports if r.status == "rejected")
    assert set(added) <= set(rows_by_uuid(work.project))


def test_project_level_problem_raises(work, tmp_path):
    """A project that is not a Service Grid project is a SyncError (an InputError)."""
    other = str(tmp_path / "other.gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(other)
    ds.CreateLayer("x", None, ogr.wkbPoint)
    ds = None
    with pytest.raises(fieldsync.SyncError) as caught:
        fieldsync.sync_packages(other, [work.pkg1])
    assert isinstance(caught.value, errors.InputError) and str(caught.value)


def test_cancel_leaves_the_master_unchanged(work):
    """Atomicity: a cancelled sync writes nothing."""
    device.add_feedback(work.pkg1, 5, seed=26)
    device.add_feedback(work.pkg2, 5, seed=27)
    before = dump(work.project)
    log = sync_log(work.project)
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(errors.ServiceGridError):
        fieldsync.sync_packages(work.project, [work.pkg1, work.pkg2], is_canceled=cancel)
    assert dump(work.project) == before and sync_log(work.project) == log


# ------------------------------------------------------------------------------- photos


def test_photo_deduplication(work):
    """sync.md: photo de-duplication (the same bytes from two rows and two packages → one
    content-addressed file; every row points to it)."""
    same_bytes = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40 + b"\xff\xd9"
    other_bytes = b"\xff\xd8\xff\xe0" + bytes(range(255, -1, -1)) * 40 + b"\xff\xd9"
    r1 = device.add_feedback(work.pkg1, 3, seed=28)
    r2 = device.add_feedback(work.pkg2, 1, seed=29)
    device.attach_photo(work.pkg1, r1[0], same_bytes, "DCIM/IMG_0001.jpg")
    device.attach_photo(work.pkg1, r1[1], same_bytes, "DCIM/IMG_0002.jpg")
    device.attach_photo(work.pkg1, r1[2], other_bytes, "DCIM/sub/IMG_0003.jpg")
    device.attach_photo(work.pkg2, r2[0], same_bytes, "DCIM/IMG_0001.jpg")
    run = sync(work.project, work.pkg1, work.pkg2)
    assert run.totals()["inserted"] == 4
    assert sum(r.photos for r in run.reports) == 2
    master_dir = os.path.dirname(work.project)
    photos_dir = os.path.join(master_dir, "project_photos")
    files = sorted(
        os.path.relpath(os.path.join(b, n), master_dir)
        for b, _d, names in os.walk(photos_dir)
        for n in names
    )
    assert len(files) == 2
    rows = rows_by_uuid(work.project)
    shared = rows[r1[0]]["photo"]
    assert rows[r1[1]]["photo"] == rows[r2[0]]["photo"] == shared
    assert rows[r1[2]]["photo"] != shared
    assert {shared, rows[r1[2]]["photo"]} == set(files)
    import hashlib

    sha = hashlib.sha256(same_bytes).hexdigest()
    assert shared.replace(os.sep, "/") == "project_photos/{}/{}.jpg".format(sha[:2], sha)
    with open(os.path.join(master_dir, shared), "rb") as handle:
        assert handle.read() == same_bytes
    again = sync(work.project, work.pkg1, work.pkg2)
    assert sum(r.photos for r in again.reports) == 0
    assert (
        sorted(
            os.path.relpath(os.path.join(b, n), master_dir)
            for b, _d, names in os.walk(photos_dir)
            for n in names
        )
        == files
    )


# --------------------------------------------------------------------------- Processing


def _report_values(path: str) -> List[str]:
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    values = []
    for feature in lyr:
        values.extend(str(feature.GetField(i)) for i in range(feature.GetFieldCount()))
    count = lyr.GetFeatureCount()
    ds = None
    return values, count


def test_sync_through_processing_with_a_report_table(work, run_alg, tmp_path):
    """syncfieldpackages in Processing: results and a report table."""
    from datasets import FeedbackRecorder

    added = device.add_feedback(work.pkg1, 3, seed=30)
    device.add_feedback(work.pkg2, 2, seed=31)
    device.malformed_geometry(work.pkg2, device.add_feedback(work.pkg2, 1, seed=32)[0])
    out = str(tmp_path / "report.gpkg")
    feedback = FeedbackRecorder()
    result = run_alg(
        "servicegrid:syncfieldpackages",
        {"PROJECT": work.project, "PACKAGES": [work.pkg1, work.pkg2], "OUTPUT": out},
        feedback,
    )
    assert (
        result["INSERTED"],
        result["UPDATED"],
        result["DELETED"],
        result["CONFLICTS"],
        result["REJECTED"],
        result["UNCHANGED"],
    ) == (5, 0, 0, 0, 1, 10)
    assert result["PACKAGES_REJECTED"] == 0  # UNCHANGED: the 6 + 4 base rows
    assert result["RUN_ID"] and os.path.exists(result["BACKUP"])
    values, count = _report_values(result["OUTPUT"])
    assert count >= 2
    assert work.package_id1 in values and work.package_id2 in values
    assert "synced" in values
    assert feedback.log
    assert set(added) <= set(rows_by_uuid(work.project))
    again = run_alg(
        "servicegrid:syncfieldpackages",
        {
            "PROJECT": work.project,
            "PACKAGES": [work.pkg1, work.pkg2],
            "OUTPUT": str(tmp_path / "report2.gpkg"),
        },
    )
    assert (again["INSERTED"], again["UPDATED"], again["CONFLICTS"]) == (0, 0, 0)


def test_sync_through_qgis_process(work, tmp_path):
    """syncfieldpackages from qgis_process (a folder of packages, a report table)."""
    added = device.add_feedback(work.pkg1, 2, seed=33)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(work.pkg1, inbox / "F01.gpkg")
    out = tmp_path / "report.gpkg"
    results = run_qgis_process(
        tmp_path,
        "servicegrid:syncfieldpackages",
        {"PROJECT": work.project, "PACKAGES": inbox, "OUTPUT": out},
    )["results"]
    assert results["INSERTED"] == 2 and results["REJECTED"] == 0
    values, count = _report_values(str(out))
    assert count >= 1 and "synced" in values
    assert set(added) <= set(rows_by_uuid(work.project))


# ------------------------------------------------------------- more ways a package goes wrong


def test_resync_after_the_device_checkpointed_its_wal(work):
    """sync.md: re-sync of the same package (per-row (uuid, rev) check): the same rows in a
    file whose bytes changed (the device closed it, merging its -wal) change nothing."""
    device.add_feedback(work.pkg1, 3, seed=35, keep_wal=True)
    first = report(sync(work.project, work.pkg1), work.pkg1)
    assert first.inserted == 3
    snapshot = dump(work.project)
    con = sqlite3.connect(work.pkg1)  # the app opens and closes the file: checkpoint
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    assert device.sha256(work.pkg1) != first.sha256
    again = report(sync(work.project, work.pkg1), work.pkg1)
    assert again.status == "unchanged" and counts(again) == (0, 0, 0, 0, 0)
    assert dump(work.project) == snapshot


def test_an_older_copy_of_a_package_loses_nothing(work):
    """sync.md: re-sync of the same package / the per-row (uuid, rev) check: an older copy of
    a package synced after a newer one (a backup copy, a second phone) neither reverts the
    newer field edits nor deletes the rows the older copy never had."""
    x = work.base1[0]
    r1 = device.add_feedback(work.pkg1, 1, seed=36)
    device.edit_feedback(work.pkg1, {x: {"notes": "second visit"}})
    older = os.path.join(work.folder, "backup_copy", "F01.gpkg")
    os.makedirs(os.path.dirname(older))
    shutil.copyfile(work.pkg1, older)
    r2 = device.add_feedback(work.pkg1, 1, seed=37)
    device.edit_feedback(work.pkg1, {x: {"notes": "third visit"}})
    newer = report(sync(work.project, work.pkg1), work.pkg1)
    assert counts(newer) == (2, 1, 0, 0, 0)
    snapshot = rows_by_uuid(work.project)
    assert snapshot[x]["notes"] == "third visit"
    stale = report(sync(work.project, older), older)
    rows = rows_by_uuid(work.project)
    problems = []
    if not set(r1 + r2) <= set(rows):
        problems.append(
            "rows of the newer copy deleted: {}".format(sorted(set(r1 + r2) - set(rows)))
        )
    if rows.get(x, {}).get("notes") != "third visit":
        problems.append("newer field edit reverted to {!r}".format(rows.get(x, {}).get("notes")))
    assert not problems, "older copy: {} ({})".format("; ".join(problems), stale.message)


def test_grid_id_comes_from_the_location(work):
    """Geometry edits on the device: the point moves to another of the package's grids and
    the row's grid_id follows the location (never the device's value)."""
    a = work.base1[0]
    target = (
        work.grids1[-1]
        if rows_by_uuid(work.project)[a]["grid_id"] != work.grids1[-1]
        else work.grids1[0]
    )
    device.edit_feedback(work.pkg1, {a: {"wkt": point_in(work.project, target)}})
    added = device.add_feedback(
        work.pkg1, 1, seed=38, grid_ids=[work.grids1[0]], values={"grid_id": "WRONG"}
    )
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert counts(rep) == (1, 1, 0, 0, 0)
    rows = rows_by_uuid(work.project)
    assert rows[a]["grid_id"] == target
    assert rows[added[0]]["grid_id"] == work.grids1[0]


def test_photo_paths_outside_the_package_are_not_followed(work, tmp_path):
    """The package is untrusted input: a photo path that leaves the package folder (../,
    absolute, or a symlink) is not copied; the row is kept without it and a warning says so."""
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"\xff\xd8secret")
    rows = device.add_feedback(work.pkg1, 4, seed=39)
    folder = os.path.dirname(work.pkg1)
    os.makedirs(os.path.join(folder, "DCIM"), exist_ok=True)
    os.symlink(str(secret), os.path.join(folder, "DCIM", "link.jpg"))
    relative_out = os.path.relpath(str(secret), folder)
    device.edit_feedback(
        work.pkg1,
        {
            rows[0]: {"photo": relative_out},
            rows[1]: {"photo": str(secret)},
            rows[2]: {"photo": "DCIM/link.jpg"},
            rows[3]: {"photo": "DCIM/missing.jpg"},
        },
    )
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep.inserted == 4 and rep.photos == 0
    master = rows_by_uuid(work.project)
    assert all(master[u]["photo"] is None for u in rows)
    assert len([w for w in rep.warnings if "photo" in w]) == 4
    photos = os.path.join(os.path.dirname(work.project), "project_photos")
    assert not os.path.exists(photos) or not any(files for _b, _d, files in os.walk(photos))


def test_office_edits_are_never_overwritten(work):
    """sync.md (Offline Editing overwrites office edits silently): rows the device did not
    touch keep the office's edits and deletions after a sync; no conflict is made up."""
    a, b, c = work.base1[0], work.base1[1], work.base1[2]
    device.edit_feedback(work.project, {a: {"notes": "office only"}}, wal=False)
    device.delete_feedback(work.project, [b], wal=False)
    device.edit_feedback(work.pkg1, {c: {"notes": "field only"}})
    added = device.add_feedback(work.pkg1, 1, seed=40)
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert counts(rep) == (1, 1, 0, 0, 0)
    rows = rows_by_uuid(work.project)
    assert rows[a]["notes"] == "office only" and b not in rows
    assert rows[c]["notes"] == "field only" and added[0] in rows


def test_master_triggers_are_kept_and_fire(work):
    """sync.md (geodiff drops the master's triggers during apply): an office audit trigger on
    the master's feedback stays and records every row the sync writes."""
    con = sqlite3.connect(work.project)
    con.execute("CREATE TABLE office_audit (id INTEGER PRIMARY KEY, uuid TEXT, what TEXT)")
    con.execute(
        "CREATE TRIGGER office_audit_insert AFTER INSERT ON feedback BEGIN "
        "INSERT INTO office_audit(uuid, what) VALUES (NEW.uuid, 'insert'); END"
    )
    con.execute(
        "CREATE TRIGGER office_audit_update AFTER UPDATE ON feedback BEGIN "
        "INSERT INTO office_audit(uuid, what) VALUES (NEW.uuid, 'update'); END"
    )
    con.commit()
    con.close()
    added = device.add_feedback(work.pkg1, 3, seed=41)
    device.edit_feedback(work.pkg1, {work.base1[0]: {"notes": "audited"}})
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert counts(rep) == (3, 1, 0, 0, 0)
    con = sqlite3.connect(work.project)
    try:
        audit = con.execute("SELECT uuid, what FROM office_audit").fetchall()
        triggers = {
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'office_%'"
            )
        }
    finally:
        con.close()
    assert triggers == {"office_audit_insert", "office_audit_update"}
    assert sorted(u for u, what in audit if what == "insert") == sorted(added)
    assert work.base1[0] in {u for u, what in audit if what == "update"}


def test_package_limits_refuse_the_package(work):
    """sync.md: enforce limits (file size, row count): a package above them is refused whole,
    the master untouched."""
    device.add_feedback(work.pkg1, 5, seed=42)
    before = dump(work.project)
    rep = report(sync(work.project, work.pkg1, limits=fieldsync.Limits(max_rows=8)), work.pkg1)
    assert rep.status == "rejected" and "8" in rep.message
    size = os.path.getsize(work.pkg1)
    rep2 = report(
        sync(work.project, work.pkg1, limits=fieldsync.Limits(max_file_bytes=size // 2)), work.pkg1
    )
    assert rep2.status == "rejected" and rep2.message
    assert dump(work.project) == before
    rep3 = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep3.status == "synced" and rep3.inserted == 5


def test_two_packages_sharing_a_grid(work, run_alg):
    """sync.md: the same column edited on two sides, where both sides are devices (several
    staff serve one grid): the first value synced stays, the second is a conflict on record;
    an insert by one package is not a deletion for the other."""
    grid = rows_by_uuid(work.project)[work.base1[0]]["grid_id"]
    _assign(work.project, [("F03", grid)])
    pkg3 = os.path.join(work.folder, "field_F03", "F03.gpkg")
    os.makedirs(os.path.dirname(pkg3))
    run_alg(
        "servicegrid:createfieldpackage",
        {"PROJECT": work.project, "STAFF_ID": "F03", "OUTPUT": pkg3},
    )
    con = sqlite3.connect("file:{}?mode=ro".format(pkg3), uri=True)
    shared = sorted(r[0] for r in con.execute("SELECT uuid FROM feedback"))
    con.close()
    assert shared and set(shared) <= set(work.base1)
    x = shared[0]
    device.edit_feedback(work.pkg1, {x: {"notes": "from F01"}})
    device.edit_feedback(pkg3, {x: {"notes": "from F03"}})
    new1 = device.add_feedback(work.pkg1, 2, seed=43, grid_ids=[grid])
    new3 = device.add_feedback(pkg3, 2, seed=44)
    run = sync(work.project, work.pkg1, pkg3)
    assert [r.status for r in run.reports] == ["synced", "synced"]
    rows = rows_by_uuid(work.project)
    assert rows[x]["notes"] == "from F01"
    assert set(new1 + new3) <= set(rows)
    conflicts = fieldsync.list_conflicts(work.project)
    assert [(c.uuid, c.column_name, c.field_value) for c in conflicts] == [(x, "notes", "from F03")]
    again = sync(work.project, work.pkg1, pkg3)
    assert [r.status for r in again.reports] == ["unchanged", "unchanged"]
    assert set(new1 + new3) <= set(rows_by_uuid(work.project))


def test_the_same_package_twice_in_one_run(work):
    """sync.md: re-sync of the same package, within one run (the file and a copy of it)."""
    added = device.add_feedback(work.pkg1, 4, seed=45)
    device.edit_feedback(work.pkg1, {work.base1[0]: {"notes": "once"}})
    copy = os.path.join(work.folder, "copy", "F01.gpkg")
    os.makedirs(os.path.dirname(copy))
    shutil.copyfile(work.pkg1, copy)
    before = len(dump(work.project))
    run = sync(work.project, work.pkg1, copy)
    assert run.totals()["inserted"] == 4 and run.totals()["conflicts"] == 0
    assert counts(report(run, copy)) == (0, 0, 0, 0, 0)
    rows = dump(work.project)
    assert len(rows) == before + 4 and len({r["uuid"] for r in rows}) == len(rows)
    assert set(added) <= {r["uuid"] for r in rows}


def test_a_rejected_row_fixed_on_the_device_arrives_later(work):
    """A rejected row is not lost for good: fixed on the device, the next sync inserts it."""
    bad = device.add_feedback(work.pkg1, 1, seed=46, values={"rating": 0})
    rep = report(sync(work.project, work.pkg1), work.pkg1)
    assert [u for u, _r in rep.rejected] == bad and rep.inserted == 0
    device.edit_feedback(work.pkg1, {bad[0]: {"rating": 4}})
    rep2 = report(sync(work.project, work.pkg1), work.pkg1)
    assert rep2.inserted == 1 and not rep2.rejected
    assert rows_by_uuid(work.project)[bad[0]]["rating"] == 4


def test_a_manifest_copied_from_another_package_is_refused(work):
    """sync.md: the package is untrusted input — a manifest claiming another staff member's
    package id (copied or mixed up) is refused, so that person's rows are not 'deleted'."""
    before = dump(work.project)
    con = sqlite3.connect(work.pkg2)
    con.execute("UPDATE sg_manifest SET value = ? WHERE key = 'package_id'", (work.package_id1,))
    con.commit()
    con.close()
    rep = report(sync(work.project, work.pkg2), work.pkg2)
    assert rep.status == "rejected" and "manifest" in rep.message
    assert dump(work.project) == before
    assert counts(report(sync(work.project, work.pkg1), work.pkg1)) == (0, 0, 0, 0, 0)
