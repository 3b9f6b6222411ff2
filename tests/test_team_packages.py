"""servicegrid:createfieldpackages: one run makes the packages of a team (all active, by outlet,
by district, a list), each read back (its rows, no colleague's personal data, its manifest with
the expiry, its embedded project), registered in the project and synced; cancel between two
people keeps only complete packages; bad input names the staff ids; an expired package still
syncs (with a warning) and its form warns but saves."""

import datetime as _dt
import json
import os
import zipfile

import device
import pytest
from conftest import build_small_project
from datasets import fresh_copy, sql, write_assignments
from osgeo import gdal
from qgis.core import (
    QgsExpressionContextUtils,
    QgsFieldConstraints,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayerUtils,
)

from service_grid.algorithms.core import fieldsync
from service_grid.algorithms.create_field_packages import embed_template
from service_grid.algorithms.project_template import read_project

ALG = "servicegrid:createfieldpackages"
STAFF = [("S01", "张三"), ("S02", "李四"), ("S03", "王五"), ("S04", "赵六")]
PHONES = {"S01": "13900000001", "S02": "13900000002", "S03": "13900000003", "S04": "13900000004"}


@pytest.fixture(scope="module")
def team_project(plugin, qgis_processing, tmp_path_factory):
    """A 6 × 6 km project: S01 and S02 share the grids (S01 of outlet O1, S02 of O2), S03 is
    active without grids, S04 is inactive with one grid; every staff member has a phone."""
    path = build_small_project(
        tmp_path_factory.mktemp("team"),
        [(s, n, 20000) for s, n in STAFF],
        [
            {"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(401500 3501500)"},
            {"outlet_id": "O2", "name": "二号", "kind": "branch", "wkt": "POINT(404500 3504500)"},
        ],
    )
    grids = [g for (g,) in sql(path, "SELECT grid_id FROM grids ORDER BY grid_id")]
    pairs = [("S01" if k % 2 else "S02", g) for k, g in enumerate(grids)] + [("S04", grids[0])]
    write_assignments(path, pairs)
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    for staff_id, phone in PHONES.items():
        ds.ExecuteSQL("UPDATE staff SET phone = '{}' WHERE staff_id = '{}'".format(phone, staff_id))
    ds.ExecuteSQL("UPDATE staff SET active = 0 WHERE staff_id = 'S04'")
    ds.ExecuteSQL("UPDATE staff SET outlet_id = 'O2' WHERE staff_id = 'S02'")
    ds = None
    device.add_feedback(path, 40, seed=3, wal=False, values={"device_id": "office"})
    return path


@pytest.fixture
def project(team_project, tmp_path):
    return fresh_copy(team_project, tmp_path)


def _grids_of(path, staff_id):
    rows = sql(
        path,
        "SELECT DISTINCT grid_id FROM assignments WHERE staff_id = ? ORDER BY grid_id",
        (staff_id,),
    )
    return [g for (g,) in rows]


def _today():
    return _dt.date.today().strftime("%Y%m%d")


class Recording(QgsProcessingFeedback):
    """Keeps the progress texts; cancels when ``cancel_at`` appears in one."""

    def __init__(self, cancel_at=None):
        super().__init__()
        self.texts = []
        self.cancel_at = cancel_at

    def setProgressText(self, text):  # noqa: N802 (QGIS API)
        self.texts.append(text)
        if self.cancel_at and self.cancel_at in text:
            self.cancel()
        super().setProgressText(text)


def test_all_active_staff_get_their_own_packages(project, run_alg, tmp_path):
    out = tmp_path / "team"
    feedback = Recording()
    result = run_alg(
        ALG,
        {"PROJECT": project, "STAFF_SELECTION": 0, "EXPIRES_DAYS": 30, "OUTPUT_FOLDER": str(out)},
        feedback,
    )
    names = ["S01_{}.gpkg".format(_today()), "S02_{}.gpkg".format(_today())]
    qgz = [n.replace(".gpkg", ".qgz") for n in names]
    # nothing else (no temporary folder) is left: the packages, their QField projects, DCIM
    assert sorted(os.listdir(out)) == sorted(["DCIM"] + names + qgz)
    assert result["PACKAGE_COUNT"] == 2 and not result["CANCELLED"]
    assert "S03" in result["SKIPPED"] and "S04" not in result["SKIPPED"]  # S04: inactive
    assert any("S01" in t for t in feedback.texts) and any("S02" in t for t in feedback.texts)
    expires = _dt.datetime.fromisoformat(result["EXPIRES_AT"].replace("Z", "+00:00"))
    now = _dt.datetime.now(_dt.timezone.utc)
    assert _dt.timedelta(days=29) < expires - now <= _dt.timedelta(days=30)

    registered = dict(sql(project, "SELECT package_id, staff_id FROM sync_packages"))
    for staff_id, name in zip(("S01", "S02"), names):
        path = str(out / name)
        mine = _grids_of(project, staff_id)
        manifest = dict(sql(path, "SELECT key, value FROM sg_manifest"))
        assert manifest["staff_id"] == staff_id and json.loads(manifest["grid_ids"]) == mine
        assert manifest["expires_at"] == result["EXPIRES_AT"]
        assert registered[manifest["package_id"]] == staff_id
        # only this person's grids, units, feedback, own record and assignments
        assert [g for (g,) in sql(path, "SELECT grid_id FROM grids ORDER BY grid_id")] == mine
        assert {g for (g,) in sql(path, "SELECT DISTINCT grid_id FROM units")} == set(mine)
        office = sql(
            project,
            "SELECT uuid FROM feedback WHERE grid_id IN ({}) ORDER BY uuid".format(
                ",".join("?" * len(mine))
            ),
            tuple(mine),
        )
        assert sql(path, "SELECT uuid FROM feedback ORDER BY uuid") == office and office
        assert sql(path, "SELECT staff_id, name, phone FROM staff") == [
            (staff_id, dict(STAFF)[staff_id], PHONES[staff_id])
        ]
        assert {s for (s,) in sql(path, "SELECT staff_id FROM assignments")} == {staff_id}
        blob = open(path, "rb").read()
        for other, phone in PHONES.items():
            if other != staff_id:
                assert phone.encode() not in blob and dict(STAFF)[other].encode() not in blob
        # the units carry only the columns a package needs
        columns = {r[1] for r in sql(path, "PRAGMA table_info(units)")}
        assert "income" not in columns and "population" in columns
        # its own embedded project: its file, its staff id and package id, its expiry
        qgis_project = QgsProject()
        assert read_project(qgis_project, path)
        scope = QgsExpressionContextUtils.projectScope(qgis_project)
        assert scope.variable("sg_staff_id") == staff_id
        assert scope.variable("sg_package_id") == manifest["package_id"]
        assert scope.variable("sg_expires_at") == result["EXPIRES_AT"]
        assert (
            staff_id in qgis_project.title() and result["EXPIRES_AT"][:10] in qgis_project.title()
        )
        layers = {lyr.name(): lyr for lyr in qgis_project.mapLayers().values()}
        assert all(lyr.isValid() for lyr in layers.values()) and len(layers) == 7  # + visits
        grids_layer = next(
            lyr
            for lyr in layers.values()
            if "grid_id" in lyr.fields().names()
            and lyr.geometryType() == 2
            and "unit_count" in lyr.fields().names()
        )
        assert grids_layer.featureCount() == len(mine)
        view = qgis_project.viewSettings().defaultViewExtent()
        assert (
            view.contains(grids_layer.extent()) and view.width() < 2 * grids_layer.extent().width()
        )
        qgis_project.clear()
    # an untouched package syncs back with no change
    run = fieldsync.sync_packages(project, [str(out / n) for n in names])
    assert [r.status for r in run.reports] == ["unchanged", "unchanged"]
    assert run.totals()["inserted"] == run.totals()["updated"] == 0
    assert not any(r.warnings for r in run.reports)


def test_by_outlet_district_and_list(project, run_alg, tmp_path):
    by_outlet = run_alg(
        ALG,
        {
            "PROJECT": project,
            "STAFF_SELECTION": 1,
            "OUTLETS": "O2",
            "EXPIRES_DAYS": 0,
            "OUTPUT_FOLDER": str(tmp_path / "o2"),
        },
    )
    name = "S02_{}".format(_today())
    assert sorted(os.listdir(tmp_path / "o2")) == ["DCIM", name + ".gpkg", name + ".qgz"]
    assert by_outlet["EXPIRES_AT"] == ""
    assert "expires_at" not in dict(
        sql(by_outlet["PACKAGES"], "SELECT key, value FROM sg_manifest")
    )
    nest = sql(project, "SELECT nest FROM grids WHERE grid_id = ?", (_grids_of(project, "S01")[0],))
    by_district = run_alg(
        ALG,
        {
            "PROJECT": project,
            "STAFF_SELECTION": 2,
            "DISTRICTS": nest[0][0],
            "OUTPUT_FOLDER": str(tmp_path / "d"),
        },
    )
    assert by_district["PACKAGE_COUNT"] >= 1
    assert "S01_{}.gpkg".format(_today()) in os.listdir(tmp_path / "d")
    listed = run_alg(
        ALG,
        {
            "PROJECT": project,
            "STAFF_SELECTION": 3,
            "STAFF_IDS": "S02, S01",
            "ZIP": True,
            "OUTPUT_FOLDER": str(tmp_path / "l"),
        },
    )
    assert listed["PACKAGE_COUNT"] == 2
    zipped = tmp_path / "l" / "S01_{}.zip".format(_today())
    with zipfile.ZipFile(zipped) as archive:
        assert sorted(archive.namelist()) == ["README.txt", "S01_{}.gpkg".format(_today())]
        text = archive.read("README.txt").decode("utf-8")
        package = tmp_path / "unzipped.gpkg"
        package.write_bytes(archive.read("S01_{}.gpkg".format(_today())))
    assert "S01" in text and "phone" in text and "feedback" in text
    assert sql(str(package), "SELECT staff_id FROM staff") == [("S01",)]


def test_bad_staff_are_named_and_nothing_is_written(project, run_alg, tmp_path):
    out = tmp_path / "bad"
    before = (
        sql(project, "SELECT count(*) FROM sync_packages")[0][0]
        if sql(project, "SELECT name FROM sqlite_master WHERE name = 'sync_packages'")
        else 0
    )
    with pytest.raises(QgsProcessingException) as err:
        run_alg(
            ALG,
            {
                "PROJECT": project,
                "STAFF_SELECTION": 3,
                "STAFF_IDS": "S01,S99,S04,S03",
                "OUTPUT_FOLDER": str(out),
            },
        )
    message = str(err.value)
    assert "S99" in message and "S04" in message and "S03" in message
    with pytest.raises(QgsProcessingException, match="O9"):
        run_alg(
            ALG,
            {"PROJECT": project, "STAFF_SELECTION": 1, "OUTLETS": "O9", "OUTPUT_FOLDER": str(out)},
        )
    assert not os.path.exists(out) or os.listdir(out) == []
    after = (
        sql(project, "SELECT count(*) FROM sync_packages")[0][0]
        if sql(project, "SELECT name FROM sqlite_master WHERE name = 'sync_packages'")
        else 0
    )
    assert after == before
    # a second run of the same day into the same folder refuses to overwrite
    run_alg(
        ALG,
        {"PROJECT": project, "STAFF_SELECTION": 3, "STAFF_IDS": "S01", "OUTPUT_FOLDER": str(out)},
    )
    with pytest.raises(QgsProcessingException, match="S01_"):
        run_alg(ALG, {"PROJECT": project, "STAFF_SELECTION": 0, "OUTPUT_FOLDER": str(out)})


def test_cancel_between_people_keeps_only_complete_packages(project, run_alg, tmp_path):
    out = tmp_path / "cancel"
    feedback = Recording(cancel_at="S01")
    result = run_alg(
        ALG, {"PROJECT": project, "STAFF_SELECTION": 0, "OUTPUT_FOLDER": str(out)}, feedback
    )
    assert result["CANCELLED"] and result["PACKAGE_COUNT"] == 1
    name = "S01_{}".format(_today())
    assert sorted(os.listdir(out)) == ["DCIM", name + ".gpkg", name + ".qgz"]
    package = str(out / (name + ".gpkg"))
    assert sql(package, "PRAGMA integrity_check") == [("ok",)]
    assert [s for (s,) in sql(project, "SELECT staff_id FROM sync_packages")] == ["S01"]
    device.add_feedback(package, 2, seed=5)
    run = fieldsync.sync_packages(project, [package])
    assert run.reports[0].status == "synced" and run.reports[0].inserted == 2


def test_an_expired_package_still_syncs_and_its_form_warns(project, tmp_path):
    members, _notes = fieldsync.choose_team(fieldsync.read_team(project), "list", staff_ids=["S01"])
    past = "2026-01-31T00:00:00.000Z"
    result = fieldsync.export_team(
        project, members, str(tmp_path), embed=embed_template, expires=past
    )
    package = result.written[0][1]
    assert fieldsync.is_expired(
        dict(sql(package, "SELECT key, value FROM sg_manifest"))["expires_at"]
    )
    # the form: a soft (warning) constraint, the feature is still valid for saving
    qgis_project = QgsProject.instance()  # the form's expressions read its variables
    assert read_project(qgis_project, package)
    assert "2026-01-31" in qgis_project.title()
    layer = next(
        lyr for lyr in qgis_project.mapLayers().values() if "rating" in lyr.fields().names()
    )
    index = layer.fields().indexOf("package_id")
    constraints = layer.fields().at(index).constraints()
    assert (
        constraints.constraintStrength(QgsFieldConstraints.Constraint.ConstraintExpression)
        == QgsFieldConstraints.ConstraintStrength.ConstraintStrengthSoft
    )
    feature = QgsVectorLayerUtils.createFeature(layer)
    soft_ok, errors = QgsVectorLayerUtils.validateAttribute(
        layer, feature, index, QgsFieldConstraints.ConstraintStrength.ConstraintStrengthSoft
    )
    assert not soft_ok and any("2026-01-31" in e for e in errors)
    hard_ok, _errors = QgsVectorLayerUtils.validateAttribute(
        layer, feature, index, QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard
    )
    assert hard_ok
    qgis_project.clear()
    # the sync takes the work done after expiry and says the package has expired
    new = device.add_feedback(package, 3, seed=9)
    run = fieldsync.sync_packages(project, [package])
    report = run.reports[0]
    assert report.status == "synced" and report.inserted == 3
    assert any("2026-01-31" in w for w in report.warnings)
    assert len(sql(project, "SELECT uuid FROM feedback WHERE uuid IN (?,?,?)", tuple(new))) == 3


def test_personal_columns_hook(project):
    staff = next(t for t in fieldsync.package_tables() if t.name == "staff")
    assert fieldsync.package_columns("staff") == [f.name for f in staff.definition.fields]
    visits = next(t for t in fieldsync.package_tables() if t.name == "visits")
    assert visits.owner == "staff_id" and "cancelled" not in visits.only[1]
    assert "income" not in fieldsync.package_columns("units")
    from service_grid.algorithms.core.fieldsync import contents

    assert contents.personal_columns() == {
        "staff": ("name", "phone"),
        "visits": ("customer_name", "customer_phone"),
    }


def test_the_sync_tab_chooser_makes_the_picked_packages(project, qtbot, qgis_iface, tmp_path):
    from conftest import close_dock, open_dock
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtWidgets import QDialogButtonBox

    from service_grid.plugin.feedback_dock import FeedbackDock
    from service_grid.plugin.team_packages import DISTRICT, OUTLET, PICKED

    qgis_project = QgsProject.instance()
    assert read_project(qgis_project, project)
    dock = open_dock(FeedbackDock, qgis_iface)
    try:
        dock.tabs.setCurrentWidget(dock.syncTab)
        assert dock.teamButton.isEnabled()
        qtbot.mouseClick(dock.teamButton, Qt.MouseButton.LeftButton)
        dialog = dock.sync.team_dialog
        assert dialog is not None and dialog.isVisible()
        items = {
            dialog.staffList.item(r).data(Qt.ItemDataRole.UserRole + 1): dialog.staffList.item(r)
            for r in range(dialog.staffList.count())
        }
        assert sorted(items) == ["S01", "S02", "S03", "S04"]
        # inactive S04 and S03 without grids cannot be ticked; all active: S01 and S02
        assert not items["S03"].flags() & Qt.ItemFlag.ItemIsEnabled
        assert not items["S04"].flags() & Qt.ItemFlag.ItemIsEnabled
        assert dialog.chosen() == ["S01", "S02"]
        dialog.modeCombo.setCurrentIndex(OUTLET)
        dialog.filterCombo.setCurrentIndex(dialog.filterCombo.findData("O2"))
        assert "S02" in dialog.chosen() and not items["S02"].isHidden()
        dialog.modeCombo.setCurrentIndex(DISTRICT)
        assert dialog.filterCombo.count() >= 1 and dialog.chosen()
        dialog.modeCombo.setCurrentIndex(PICKED)
        qtbot.mouseClick(dialog.checkNoneButton, Qt.MouseButton.LeftButton)
        ok = dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        assert dialog.chosen() == [] and not ok.isEnabled()
        items["S02"].setCheckState(Qt.CheckState.Checked)
        assert dialog.chosen() == ["S02"] and ok.isEnabled()
        dialog.zipCheck.setChecked(True)
        dialog.folderEdit.setText(str(tmp_path / "picked"))
        with qtbot.waitSignal(dock.teamFinished, timeout=60000) as finished:
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert finished.args == [True]
        assert os.listdir(tmp_path / "picked") == ["S02_{}.zip".format(_today())]
        assert "1" in dock.runLabel.text() and str(tmp_path / "picked") in dock.runLabel.text()
    finally:
        close_dock(dock)
        qgis_project.clear()


def test_the_dock_says_a_package_has_expired(project, qgis_iface, tmp_path):
    from conftest import close_dock, open_dock

    from service_grid.plugin.feedback_dock import FeedbackDock

    members, _notes = fieldsync.choose_team(fieldsync.read_team(project), "list", staff_ids=["S02"])
    os.makedirs(tmp_path / "old")
    old = fieldsync.export_team(
        project,
        members,
        str(tmp_path / "old"),
        embed=embed_template,
        expires="2026-01-31T00:00:00.000Z",
    )
    qgis_project = QgsProject.instance()
    for folder, expires, words in (
        ("old", None, "expired on 2026-01-31"),
        ("new", "2099-12-31T00:00:00.000Z", "Valid until 2099-12-31"),
    ):
        os.makedirs(tmp_path / folder, exist_ok=True)
        if expires:
            made = fieldsync.export_team(
                project, members, str(tmp_path / folder), embed=embed_template, expires=expires
            )
            package = made.written[0][1]
        else:
            package = old.written[0][1]
        assert read_project(qgis_project, package)
        dock = open_dock(FeedbackDock, qgis_iface)
        try:
            assert dock.store.is_package and words in dock.summaryLabel.text()
        finally:
            close_dock(dock)
            qgis_project.clear()


def test_team_packages_carry_a_basemap_and_the_qfield_project(project, run_alg, tmp_path):
    """With BASEMAP_MAX_ZOOM each package of the run gets its own offline basemap (a tile
    table drawn over its grids) and the .qgz QField opens."""
    from service_grid.algorithms.core.qfield_check import check_qfield_project

    result = run_alg(
        ALG,
        {
            "PROJECT": project,
            "STAFF_SELECTION": 3,
            "STAFF_IDS": "S01,S02",
            "BASEMAP_MAX_ZOOM": 13,
            "OUTPUT_FOLDER": str(tmp_path / "b"),
        },
    )
    assert result["PACKAGE_COUNT"] == 2 and result["BASEMAP_ZOOM"] == 13
    assert result["BASEMAP_MB"] > 0
    for path in result["PACKAGES"].split(";"):
        tiles = sql(path, "SELECT max(zoom_level), count(*) FROM basemap")[0]
        assert tiles[0] == 13 and tiles[1] > 0
        qgz = os.path.splitext(path)[0] + ".qgz"
        assert os.path.exists(qgz)
        with zipfile.ZipFile(qgz) as archive:
            xml = archive.read(next(n for n in archive.namelist() if n.endswith(".qgs")))
        assert check_qfield_project(xml.decode("utf-8")) == []


def test_the_dialog_starts_with_the_project_that_is_open(project, qgis_processing):
    """A planner with the project open in QGIS finds it already chosen in the dialogs."""
    from qgis.core import QgsApplication

    from service_grid.algorithms.core import paths

    registry = QgsApplication.processingRegistry()
    closed = registry.createAlgorithmById(ALG)
    assert not closed.parameterDefinition("PROJECT").defaultValue()
    assert read_project(QgsProject.instance(), project)
    try:
        for alg_id in (ALG, "servicegrid:assignvisits", "servicegrid:exportstaffing"):
            opened = registry.createAlgorithmById(alg_id)
            default = opened.parameterDefinition("PROJECT").defaultValue()
            assert default and paths.same_file(default, project)
    finally:
        QgsProject.instance().clear()
