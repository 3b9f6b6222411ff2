"""People: service quality per person and training needs (core.staff_quality, servicequality's
OUTPUT_STAFF, the workbook's People sheet), on real GeoPackages with a real ``visits`` table
written by OGR; the significance rules; a project without visits."""

import csv
import datetime as dt
import os
import shutil
import sqlite3
import uuid

import numpy as np
import openpyxl
import pytest
from conftest import ROOT, build_small_project
from datasets import add_feedback, grid_points, visits_layer
from osgeo import ogr

from service_grid.algorithms.core import staff_quality as core
from service_grid.algorithms.core.errors import InputError
from service_grid.algorithms.core.staffing_workbook import write_workbook

STAFF = [("S{:02d}".format(i), "员工{}".format(i)) for i in range(1, 9)]
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)


def _grid_ids(path):
    with sqlite3.connect(path) as con:
        return [g for (g,) in con.execute("SELECT grid_id FROM grids ORDER BY grid_id")]


def _feedback(path, staff_id, ratings, minutes=10.0, category="claims", day=2):
    """One feedback row per rating (``None``: no rating) for ``staff_id`` in the first grid."""
    grid = _grid_ids(path)[0]
    x, y = grid_points(path)[grid]
    add_feedback(
        path,
        [
            {
                "grid_id": grid,
                "staff_id": staff_id,
                "rating": r,
                "response_minutes": minutes,
                "category": category,
                "collected_at": "2026-11-{:02d}T08:00:00Z".format(day + k % 20),
                "x": x,
                "y": y,
            }
            for k, r in enumerate(ratings)
        ],
    )


def add_visits(path, rows):
    """A ``visits`` point layer (the columns of schema 4) with ``rows`` (dicts), by OGR."""
    ds = ogr.Open(path, 1)
    try:
        layer = visits_layer(ds, ds.GetLayerByName("grids").GetSpatialRef())
        grid = _grid_ids(path)[0]
        x, y = grid_points(path)[grid]
        ds.StartTransaction()
        for row in rows:
            feature = ogr.Feature(layer.GetLayerDefn())
            values = {"uuid": str(uuid.uuid4()), "grid_id": grid, "purpose": "renewal"}
            values.update(row)
            for key, value in values.items():
                if value is not None:
                    feature.SetField(key, value)
            feature.SetGeometry(ogr.CreateGeometryFromWkt("POINT({} {})".format(x, y)))
            layer.CreateFeature(feature)
        ds.CommitTransaction()
    finally:
        ds = None  # noqa: F841 (closes the file)


@pytest.fixture(scope="module")
def bare(plugin, qgis_processing, tmp_path_factory):
    return build_small_project(
        tmp_path_factory.mktemp("people"),
        [(s, n, 20000) for s, n in STAFF],
        [{"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(403000 3503000)"}],
    )


@pytest.fixture(scope="module")
def people(bare, tmp_path_factory):
    """The project with feedback and visits:

    S01: 25 ratings of 2 → low rating (and complaints: rated 1–2);
    S02: 10 ratings of 2 → too few to judge;
    S03: 25 ratings of 1 and 5, mean 3.16 → below 3.5 but within chance;
    S04: 12 response times of 100 min, rated 4 → slow;
    S05: 10 follow-ups due, 4 on time → late; plus one not yet due and one cancelled;
    S06: 10 follow-ups due, 9 on time → fine; 25 ratings of 5 → fine.
    """
    path = str(tmp_path_factory.mktemp("people_fb") / "city.gpkg")
    shutil.copy(bare, path)
    _feedback(path, "S01", [2] * 25)
    _feedback(path, "S02", [2] * 10)
    _feedback(path, "S03", [1] * 10 + [5] * 12 + [3] * 3)
    _feedback(path, "S04", [4] * 12, minutes=100.0)
    _feedback(path, "S06", [5] * 25)
    _feedback(path, "", [4] * 3)  # no staff id
    _feedback(path, "S99", [4] * 2)  # not on the roster
    visits = []
    for k in range(10):
        due = "2026-11-{:02d}".format(10 + k)
        visits.append(
            {
                "staff_id": "S05",
                "due_date": due,
                "status": "done" if k < 7 else "open",
                # 4 done on their due day (evening), 3 done two days late, 3 still open
                "done_at": (due + "T20:00:00Z")
                if k < 4
                else ("2026-11-{:02d}T09:00:00Z".format(12 + k) if k < 7 else None),
            }
        )
        visits.append(
            {
                "staff_id": "S06",
                "due_date": due,
                "status": "done" if k < 9 else "not_reached",
                "done_at": (due + "T09:00:00Z") if k < 9 else None,
            }
        )
    visits.append({"staff_id": "S05", "due_date": "2026-12-20", "status": "open"})
    visits.append({"staff_id": "S05", "due_date": "2026-11-05", "status": "cancelled"})
    add_visits(path, visits)
    return path


def _row(report, staff_id):
    c = report.columns
    k = c["staff_id"].index(staff_id)
    return {name: c[name][k] for name in core.COLUMNS}


def test_quality_per_person_with_significance(people):
    report = core.staff_report(people, now=NOW)
    assert report.staff_count == len(STAFF)
    assert report.has_visits
    assert report.without_staff == 3 and report.unknown_staff == 2
    assert report.unknown_ids == ["S99"]
    s01 = _row(report, "S01")
    assert s01["feedback_count"] == 25 and s01["avg_rating"] == 2.0
    assert s01["complaint_share"] == 1.0
    assert s01["low_rating"] == 1 and s01["many_complaints"] == 1 and s01["training_need"] == 1
    assert "rating 2.00 below the 3.5 standard over 25 ratings" in s01["training_reasons"]
    assert "complaints 100 % of 25 feedback (standard 15 %)" in s01["training_reasons"]
    # too few ratings to judge: no training need however low
    s02 = _row(report, "S02")
    assert s02["avg_rating"] == 2.0 and s02["training_need"] == 0
    assert s02["training_reasons"] is None
    # mean 3.16 with a wide spread: below the standard, but not beyond chance (2 standard errors)
    s03 = _row(report, "S03")
    ratings = np.array([1] * 10 + [5] * 12 + [3] * 3, dtype=float)
    assert s03["avg_rating"] == pytest.approx(ratings.mean(), abs=0.005)
    assert ratings.mean() < 3.5
    assert 3.5 - ratings.mean() < 2 * ratings.std(ddof=1) / np.sqrt(len(ratings))
    assert s03["low_rating"] == 0
    s04 = _row(report, "S04")
    assert s04["response_p90"] == 100.0 and s04["slow_response"] == 1
    assert s04["training_reasons"] == "response p90 100 min above the 60 min standard"
    # follow-ups: the one not yet due and the cancelled one do not count
    s05 = _row(report, "S05")
    assert s05["followups_due"] == 10 and s05["on_time_share"] == 0.4
    assert s05["late_followups"] == 1
    assert s05["training_reasons"] == "follow-ups on time 40 % of 10 due (standard 80 %)"
    s06 = _row(report, "S06")
    assert s06["followups_due"] == 10 and s06["on_time_share"] == 0.9
    assert s06["training_need"] == 0 and s06["avg_rating"] == 5.0
    # S03's complaints (ten ratings of 1 in 25) are beyond chance, its mean rating is not
    assert s03["many_complaints"] == 1
    assert s03["training_reasons"] == "complaints 40 % of 25 feedback (standard 15 %)"
    assert report.training_needs == 4
    needs = [s for s, n in zip(report.columns["staff_id"], report.columns["training_need"]) if n]
    assert needs == ["S01", "S03", "S04", "S05"]


def test_without_visits_the_followups_are_blank(bare):
    report = core.staff_report(bare, now=NOW)
    assert not report.has_visits and report.visits_due == 0
    assert set(report.columns["followups_due"]) == {None}
    assert set(report.columns["on_time_share"]) == {None}
    assert report.training_needs == 0


def test_a_period_counts_feedback_and_visits_inside_it(people):
    # 2026-11-10 … 2026-11-14: S05's visits due on the 10th to 14th (4 on time, 1 late)
    report = core.staff_report(people, date_from="2026-11-10", date_to="2026-11-14", now=NOW)
    s05 = _row(report, "S05")
    assert s05["followups_due"] == 5 and s05["on_time_share"] == 0.8
    assert s05["late_followups"] == 0  # too few due to judge (and at the standard)
    assert _row(report, "S01")["feedback_count"] < 25


@pytest.mark.parametrize(
    "standards",
    [
        core.Standards(rating=6),
        core.Standards(complaint=1.5),
        core.Standards(followup=-0.1),
        core.Standards(response=0),
    ],
)
def test_bad_standards_are_refused(bare, standards):
    with pytest.raises(InputError):
        core.staff_report(bare, standards)


def test_servicequality_writes_the_staff_table(people, tmp_path):
    import processing

    out = str(tmp_path / "staff_quality.gpkg")
    result = processing.run(
        "servicegrid:servicequality",
        {
            "PROJECT": people,
            "OUTPUT": str(tmp_path / "quality.gpkg"),
            "OUTPUT_STAFF": out,
            "RATING_STANDARD": 3.5,
            "COMPLAINT_STANDARD": 15,
            "FOLLOWUP_STANDARD": 80,
        },
    )
    assert result["STAFF_COUNT"] == len(STAFF)
    assert result["TRAINING_NEEDS"] == 4
    assert result["OUTPUT_STAFF"] == out
    # the grid figures and the loop back to staffing are still there
    assert result["GRID_COUNT"] > 0 and "STAFF_CHANGE" in result
    with sqlite3.connect(out) as con:
        rows = {
            r[0]: r
            for r in con.execute(
                "SELECT staff_id, name, feedback_count, training_need, training_reasons, "
                "followups_due, on_time_share FROM staff_quality"
            )
        }
    assert len(rows) == len(STAFF)
    assert rows["S01"][1] == "员工1" and rows["S01"][2] == 25 and rows["S01"][3] == 1
    assert rows["S05"][5:] == (10, 0.4) and "follow-ups on time 40 %" in rows["S05"][4]
    assert rows["S06"][3] == 0 and rows["S06"][4] is None
    # complaints allowed up to 100 %: S03 (complaints only) no longer needs training
    loose = processing.run(
        "servicegrid:servicequality",
        {"PROJECT": people, "OUTPUT": "TEMPORARY_OUTPUT", "COMPLAINT_STANDARD": 100},
    )
    assert loose["TRAINING_NEEDS"] == 3
    assert "OUTPUT_STAFF" not in loose


def test_people_sheet_read_back(people, tmp_path):
    zh = write_workbook(people, str(tmp_path / "zh.xlsx"), "zh")
    en = write_workbook(people, str(tmp_path / "en.xlsx"), "en")
    assert zh.training_needs == en.training_needs == 4
    assert "人员质量与培训" in zh.sheets and "People" in en.sheets
    sheet = openpyxl.load_workbook(en.path)["People"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Staff id", "Name", "Role", "Outlet", "Feedback")
    assert rows[0][-2:] == ("Training need", "Training reasons")
    by_id = {r[0]: r for r in rows[1:]}
    assert len(by_id) == len(STAFF)
    assert by_id["S01"][4] == 25 and by_id["S01"][5] == 2.0 and by_id["S01"][10] == 1
    assert by_id["S05"][8:11] == (10, 0.4, 1)
    assert by_id["S06"][10] == 0 and by_id["S06"][11] is None
    assert "rating 2.00 below the 3.5 standard over 25 ratings" in by_id["S01"][11]
    # the rows of people who need training are red (one conditional format over the table)
    rules = [r for rng in sheet.conditional_formatting for r in rng.rules]
    assert any("$K2=1" in (r.formula or [""])[0] for r in rules)
    # Chinese: the headers and the reasons in Chinese
    sheet = openpyxl.load_workbook(zh.path)["人员质量与培训"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "工号" and rows[0][-1] == "培训原因"
    s05 = [r for r in rows if r[0] == "S05"][0]
    assert s05[-1] == "按时回访率 40 %(应回访 10 次，标准 80 %)"


def test_people_sheet_without_visits_says_so(bare, tmp_path):
    book = write_workbook(bare, str(tmp_path / "en.xlsx"), "en")
    rows = list(openpyxl.load_workbook(book.path)["People"].iter_rows(values_only=True))
    assert {r[8] for r in rows[1:]} == {"no visits"}
    assert {r[10] for r in rows[1:]} == {0}


def test_the_sample_roster_covers_the_sample_city():
    population = 3_000_132  # resources/sample/README.md
    folder = os.path.join(ROOT, "resources", "sample")

    def capacity(name):
        with open(os.path.join(folder, name), encoding="utf-8-sig") as stream:
            rows = [r for r in csv.DictReader(stream) if r["active"] == "1"]
        return len(rows), sum(int(r["capacity"]) for r in rows)

    people, full = capacity("staff.csv")
    short_people, short = capacity("staff_short.csv")
    assert people == 195 and full >= 1.3 * population  # a margin for whole shares of grids
    assert short_people == 145 and short < population  # the shortfall case, kept apart


def test_exportstaffing_reports_the_people_who_need_training(people, run_alg, tmp_path):
    out = tmp_path / "book.xlsx"
    result = run_alg(
        "servicegrid:exportstaffing",
        {"PROJECT": people, "LANGUAGE": 1, "OUTPUT": str(out), "MAP": False},
    )
    assert result["TRAINING_NEEDS"] == 4
    book = openpyxl.load_workbook(str(out))
    sheet = book["People"] if "People" in book.sheetnames else book["人员质量与培训"]
    assert sum(1 for r in list(sheet.iter_rows(values_only=True))[1:] if r[10] == 1) == 4
