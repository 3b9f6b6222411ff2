"""servicegrid:servicequality: the pure core on hand-checked data (median/p90, complaint share,
trend, flags, staff_change, period, grids without feedback, speed), the algorithm on a real
project GeoPackage (fields, values, style, aliases, dates, bad input), in Model Builder and
qgis_process, and the loop back into allocatestaff (QUALITY_FIELD = staff_change)."""

import os
import re
import shutil
import sqlite3
import time
import uuid
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from conftest import ROOT, build_small_project, extract_ts, qgis_process_run, run_qgis_process
from datasets import FeedbackRecorder, add_feedback, grid_points
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingException, QgsProject, QgsVectorLayer

from service_grid.algorithms.core import gpkg, schema
from service_grid.algorithms.core import quality as core
from service_grid.algorithms.core.errors import InputError

JD_NOV1 = 2461345.5  # julianday('2026-11-01T00:00:00Z')
DAY = 1.0


def row(grid, day=1.0, rating=4, minutes=10.0, complaint=False):
    """A feedback row as the core reads it: (grid_id, julian day, rating, minutes, complaint)."""
    return (grid, JD_NOV1 + day, rating, minutes, complaint)


def col(report, name, grid):
    return report.columns[name][report.columns["grid_id"].index(grid)]


# ================================================================== the core


def test_median_and_p90_by_hand_and_the_standard():
    rows = [row("A", minutes=m) for m in range(10, 101, 10)]  # 10, 20, …, 100
    rows += [row("B", minutes=m) for m in (5, 5, 5, 5, 5, 5, 5, 5, 5, 61)]
    rows += [row("C", minutes=200.0) for _ in range(9)]  # too few to judge
    report = core.compute(["A", "B", "C", "D"], rows, 60.0)
    # A: median (50 + 60) / 2 = 55; p90 at position 0.9 × 9 = 8.1: 90 + 0.1 × 10 = 91
    assert col(report, "response_median", "A") == 55.0
    assert col(report, "response_p90", "A") == 91.0
    # B: p90 at 8.1: 5 + 0.1 × 56 = 10.6 — one slow answer in ten keeps B within the standard
    assert col(report, "response_p90", "B") == pytest.approx(10.6)
    assert col(report, "response_median", "B") == 5.0
    # 91 > 60 and ≥ 1.5 × 60 = 90: below the standard and one more person
    assert col(report, "below_standard", "A") == 1 and col(report, "staff_change", "A") == 1
    assert col(report, "below_standard", "B") == 0 and col(report, "flagged", "B") == 0
    # C: p90 200 but only 9 response times: not judged
    assert col(report, "response_p90", "C") == 200.0
    assert col(report, "below_standard", "C") == 0 and col(report, "staff_change", "C") == 0
    # D: no feedback: count 0, NULL statistics, no flags
    assert [col(report, name, "D") for name in core.COLUMNS[1:]] == [
        0,
        None,
        None,
        None,
        None,
        0,
        None,
        0,
        0,
        0,
        None,
    ]
    assert (
        col(report, "reasons", "A") == "response p90 91 min ≥ 1.5 × the 60 min standard (+1 staff)"
    )


def test_quantiles_agree_with_numpy_percentile():
    rng = np.random.default_rng(7)
    ids = ["G{:02d}".format(i) for i in range(30)]
    rows = [
        row(ids[int(rng.integers(0, 30))], minutes=float(rng.lognormal(3, 1))) for _ in range(2000)
    ]
    rows += [row(ids[0], minutes=None)] * 5  # rows without a response time
    report = core.compute(ids, rows)
    for grid in ids:
        values = [r[3] for r in rows if r[0] == grid and r[3] is not None]
        median, p90 = np.percentile(values, [50, 90])
        assert col(report, "response_median", grid) == round(median, 1)
        assert col(report, "response_p90", grid) == round(p90, 1)


def test_slightly_slow_is_flagged_without_extra_staff():
    rows = [row("A", minutes=m) for m in [70.0] * 10]  # p90 70: +17 %
    rows += [row("B", minutes=m) for m in [90.0] * 10]  # p90 = 1.5 × 60
    rows += [row("C", minutes=m) for m in [60.0] * 10]  # at the standard: fine
    rows += [row("D", minutes=m) for m in [60.04] * 10]  # shown as 60.0: fine
    report = core.compute(["A", "B", "C", "D"], rows, 60.0)
    assert report.columns["below_standard"] == [1, 1, 0, 0]
    assert report.columns["flagged"] == [1, 1, 0, 0]
    assert report.columns["staff_change"] == [0, 1, 0, 0]
    assert report.columns["reasons"][0] == "response p90 70 min above the 60 min standard"
    # another standard: 45 min makes A clearly slow (70 ≥ 67.5) and C and D below it
    strict = core.compute(["A", "B", "C", "D"], rows, 45.0)
    assert strict.columns["staff_change"] == [1, 1, 0, 0]
    assert strict.columns["below_standard"] == [1, 1, 1, 1]


def test_complaint_share_counts_complaints_and_low_ratings_once():
    rows = [
        row("A", rating=1, complaint=True),  # a complaint rated 1: counted once
        row("A", rating=4, complaint=True),  # a complaint however rated
        row("A", rating=2),  # rated 2: unhappy
        row("A", rating=3),
        row("A", rating=None),  # not rated: in the count, not the mean
        row("B", rating=5),
        row("B", rating=5),
    ]
    report = core.compute(["A", "B"], rows)
    assert report.columns["feedback_count"] == [5, 2]
    assert report.columns["complaint_share"] == [0.6, 0.0]
    assert report.columns["avg_rating"] == [2.5, 5.0]  # (1 + 4 + 2 + 3) / 4


def test_rating_trend_halves_and_falling():
    # period 1–21 Nov (the first and last feedback of the project): halves split on the 11th
    rows = [row("A", day=d, rating=5) for d in (0, 1, 2, 3, 4)]
    rows += [row("A", day=d, rating=3) for d in (16, 17, 18, 19, 20)]  # −2, no spread
    rows += [row("B", day=d, rating=r) for d, r in zip(range(5), (4, 4, 5, 4, 4))]
    rows += [row("B", day=15 + d, rating=r) for d, r in zip(range(5), (4, 5, 4, 4, 5))]
    rows += [row("C", day=d, rating=r) for d, r in zip(range(5), (5, 1, 5, 1, 5))]
    rows += [row("C", day=15 + d, rating=r) for d, r in zip(range(5), (1, 5, 1, 5, 1))]
    rows += [row("D", day=d, rating=5) for d in range(4)]  # 4 before: too few
    rows += [row("D", day=15 + d, rating=1) for d in range(6)]
    report = core.compute(["A", "B", "C", "D"], rows)
    assert report.period == ("2026-11-01T00:00:00Z", "2026-11-11T00:00:00Z", "2026-11-21T00:00:00Z")
    assert report.columns["rating_trend"][:3] == [-2.0, 0.2, -0.8]
    # C fell 0.8 stars but its ratings swing 1 ↔ 5: its standard error (≈ 1.39) is far more
    # than half the drop: noise, not a trend
    assert report.columns["falling"] == [1, 0, 0, 0]
    assert report.columns["rating_trend"][3] is None
    assert report.columns["staff_change"] == [1, 0, 0, 0]
    assert report.columns["flagged"] == [1, 0, 0, 0]
    assert report.columns["reasons"][0] == "ratings falling 5.0 → 3.0 (-2.00) (+1 staff)"


def test_a_clear_drop_with_some_spread_is_falling():
    early = [5, 4, 5, 4, 5, 4, 5, 4]  # mean 4.5
    late = [3, 4, 3, 4, 3, 4, 3, 4]  # mean 3.5: −1.0, standard error ≈ 0.27
    rows = [row("A", day=d, rating=r) for d, r in enumerate(early)]
    rows += [row("A", day=20 + d, rating=r) for d, r in enumerate(late)]
    report = core.compute(["A"], rows)
    assert report.columns["rating_trend"] == [-1.0]
    assert report.columns["falling"] == [1]


def test_slow_and_falling_gives_two_and_never_negative():
    rows = [row("A", day=d, rating=5, minutes=120.0) for d in range(6)]
    rows += [row("A", day=20 + d, rating=2, minutes=120.0) for d in range(6)]
    # B: excellent service everywhere: still 0, never fewer people
    rows += [row("B", day=d, rating=5, minutes=1.0) for d in range(6)]
    rows += [row("B", day=20 + d, rating=5, minutes=1.0) for d in range(6)]
    report = core.compute(["A", "B"], rows, 60.0)
    assert report.columns["staff_change"] == [2, 0]
    assert report.columns["reasons"][0] == (
        "response p90 120 min ≥ 1.5 × the 60 min standard (+1 staff); "
        "ratings falling 5.0 → 2.0 (-3.00) (+1 staff)"
    )
    assert report.staff_change == 2 and report.flagged == 1


def test_period_bounds_days_and_times():
    rows = [
        row("A", day=0.0),
        row("A", day=0.5),
        row("A", day=1.999),
        row("A", day=2.0),
        ("A", None, 4, 5.0, False),
    ]  # the last: no readable time
    ids = ["A"]
    # a day is the whole UTC day, both ends included
    low, high = core.parse_range("2026-11-01", "2026-11-02")
    assert core.compute(ids, rows, 60, low, high).columns["feedback_count"] == [3]
    # an exact time is an included bound; +08:00 is read as UTC
    low, high = core.parse_range("2026-11-01T12:00:00Z", "2026-11-03T08:00:00+08:00")
    report = core.compute(ids, rows, 60, low, high)
    assert report.columns["feedback_count"] == [3] and report.outside_period == 2
    # without a period every row counts, even without a time
    assert core.compute(ids, rows).columns["feedback_count"] == [5]
    # only one end
    low, high = core.parse_range(None, "2026-11-01")
    assert core.compute(ids, rows, 60, low, high).columns["feedback_count"] == [2]
    with pytest.raises(InputError, match="starts .* after it ends"):
        core.parse_range("2026-11-05", "2026-11-04")
    with pytest.raises(InputError, match="not a date"):
        core.parse_range("1 Nov", None)
    assert core.parse_range("", None) == (None, None)


def test_feedback_outside_the_grids_is_counted_apart():
    rows = [row("A"), row("gone"), row(None), row("gone")]
    report = core.compute(["A"], rows)
    assert report.columns["feedback_count"] == [1]
    assert report.unmatched == 3 and report.unmatched_ids == ["gone", ""]
    assert report.counted == 1 and report.feedback_rows == 4


def _bare_project(path, n_grids, n_feedback, seed=3):
    """A project GeoPackage with only grids (no geometry needed by the core) and feedback."""
    rng = np.random.default_rng(seed)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    grids = gpkg.create_layer(ds, schema.GRIDS, srs)
    feedback = gpkg.create_layer(ds, schema.FEEDBACK, srs)
    ids = ["D{:02d}-G{:05d}".format(i % 20, i) for i in range(n_grids)]
    ds.StartTransaction()
    for grid in ids:
        feature = ogr.Feature(grids.GetLayerDefn())
        feature.SetField("grid_id", grid)
        grids.CreateFeature(feature)
    cats = [c for c, _zh, _en in schema.FEEDBACK_CATEGORIES]
    grid_of = rng.integers(0, n_grids, n_feedback)
    day = rng.uniform(0, 60, n_feedback)
    rating = rng.integers(1, 6, n_feedback)
    minutes = rng.lognormal(3.2, 0.7, n_feedback)
    for k in range(n_feedback):
        feature = ogr.Feature(feedback.GetLayerDefn())
        feature.SetField("uuid", str(uuid.UUID(int=int(rng.integers(0, 2**62)) + k)))
        feature.SetField("grid_id", ids[grid_of[k]])
        seconds = int(day[k] * 86400)
        feature.SetField(
            "collected_at",
            "2026-10-{:02d}T{:02d}:{:02d}:{:02d}.000Z".format(
                1 + seconds // 86400 % 28, seconds // 3600 % 24, seconds // 60 % 60, seconds % 60
            ),
        )
        feature.SetField("category", cats[k % len(cats)])
        feature.SetField("rating", int(rating[k]))
        feature.SetField("response_minutes", float(round(minutes[k], 1)))
        feedback.CreateFeature(feature)
    ds.CommitTransaction()
    gpkg.write_meta(ds, {"schema_version": str(schema.SCHEMA_VERSION)})
    ds = None
    return ids


def test_speed_100k_feedback_10k_grids(tmp_path):
    path = str(tmp_path / "big.gpkg")
    ids = _bare_project(path, 10_000, 100_000)
    started = time.perf_counter()
    columns = core.grid_quality(path, 60.0)
    elapsed = time.perf_counter() - started
    print("grid_quality, 100,000 feedback rows, 10,000 grids: {:.2f} s".format(elapsed))
    assert elapsed < 3.0
    assert columns["grid_id"] == sorted(ids)
    assert sum(columns["feedback_count"]) == 100_000
    assert set(columns) == set(core.COLUMNS)
    assert all(len(values) == 10_000 for values in columns.values())
    # a period of one week keeps about 7/28 of the rows (days wrap at 28 above)
    week = core.grid_quality(path, 60.0, "2026-10-01", "2026-10-07")
    assert 0.2 < sum(week["feedback_count"]) / 100_000 < 0.3


def test_not_a_project_and_no_grids(tmp_path):
    with pytest.raises(InputError, match="not a Service Grid project"):
        core.grid_quality(os.path.join(ROOT, "README.md"))
    with pytest.raises(InputError, match="not a Service Grid project"):
        core.grid_quality(str(tmp_path / "missing.gpkg"))
    path = str(tmp_path / "empty.gpkg")
    _bare_project(path, 0, 0)
    with pytest.raises(InputError, match="no grids yet"):
        core.grid_quality(path)
    with pytest.raises(InputError, match="above 0"):
        core.grid_quality(path, 0)


# ================================================================== the algorithm

STAFF = [("S{:02d}".format(i), "员工{}".format(i)) for i in range(1, 31)]


def add_grid_feedback(path, rows):
    """Write feedback rows (dicts; ``grid`` gives the grid id and the point) into a project."""
    points = grid_points(path)
    add_feedback(
        path,
        [
            dict(
                {k: v for k, v in values.items() if k != "grid"},
                grid_id=values["grid"],
                x=points[values["grid"]][0],
                y=points[values["grid"]][1],
            )
            for values in rows
        ],
        defaults={"collected_at": "2026-11-02T08:00:00.000Z"},
    )


@pytest.fixture(scope="module")
def bare_city(plugin, qgis_processing, tmp_path_factory):
    """A 6 × 6 km project (~8 grids, 30 staff, an outlet), before any feedback."""
    return build_small_project(
        tmp_path_factory.mktemp("quality"),
        [(s, n, 20000) for s, n in STAFF],
        [{"outlet_id": "O1", "name": "一号", "kind": "branch", "wkt": "POINT(403000 3503000)"}],
    )


@pytest.fixture(scope="module")
def city(bare_city, tmp_path_factory):
    """The project with feedback: the first grid slow (p90 100 min), the second with ratings
    falling from 5 to 2 (10 days apart), the third with three happy customers."""
    path = str(tmp_path_factory.mktemp("quality_fb") / "city.gpkg")
    shutil.copy(bare_city, path)
    grids = _grid_ids(path)
    rows = [
        {
            "grid": grids[0],
            "response_minutes": 100.0,
            "rating": 4,
            "collected_at": "2026-11-{:02d}T09:00:00.000Z".format(1 + d),
        }
        for d in range(12)
    ]
    rows += [
        {
            "grid": grids[1],
            "response_minutes": 10.0,
            "rating": 5,
            "collected_at": "2026-11-02T{:02d}:00:00.000Z".format(8 + h),
        }
        for h in range(6)
    ]
    rows += [
        {
            "grid": grids[1],
            "response_minutes": 12.0,
            "rating": 2,
            "category": "complaint",
            "collected_at": "2026-11-12T{:02d}:00:00.000Z".format(8 + h),
        }
        for h in range(6)
    ]
    rows += [
        {
            "grid": grids[2],
            "response_minutes": 5.0,
            "rating": 5,
            "category": "praise",
            "collected_at": "2026-11-05T10:00:00Z",
        }
        for _ in range(3)
    ]
    add_grid_feedback(path, rows)
    return path


def _grid_ids(path):
    with sqlite3.connect(path) as con:
        return [g for (g,) in con.execute("SELECT grid_id FROM grids ORDER BY grid_id")]


def _features(layer):
    return {
        f["grid_id"]: {name: f[name] for name in layer.fields().names()}
        for f in layer.getFeatures()
    }


def _value(value):
    """A QGIS attribute as Python (NULL → None)."""
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


def test_output_is_the_grids_with_the_quality_columns(city, run_alg, tmp_path):
    feedback = FeedbackRecorder()
    out = str(tmp_path / "quality.gpkg")
    result = run_alg("servicegrid:servicequality", {"PROJECT": city, "OUTPUT": out}, feedback)
    grids = _grid_ids(city)
    assert result["GRID_COUNT"] == len(grids) >= 6
    assert result["FEEDBACK_COUNT"] == 12 + 12 + 3
    assert result["FLAGGED_GRIDS"] == 2 and result["STAFF_CHANGE"] == 2
    layer = QgsVectorLayer(out, "quality", "ogr")
    assert layer.isValid() and layer.featureCount() == len(grids)
    names = layer.fields().names()
    for fld in schema.GRIDS.fields:  # every column of the grids …
        assert fld.name in names
    assert names[-len(core.FIELDS) :] == list(core.COLUMNS[1:])  # … then the quality ones
    assert layer.geometryType() == 2 and layer.crs().authid() == "EPSG:32650"
    values = _features(layer)
    expected = core.grid_quality(city)
    for i, grid in enumerate(expected["grid_id"]):
        for name in core.COLUMNS[1:]:
            got = _value(values[grid][name])
            want = expected[name][i]
            assert got == (pytest.approx(want) if isinstance(want, float) else want), (grid, name)
    slow, falling, happy = grids[0], grids[1], grids[2]
    assert values[slow]["response_p90"] == 100.0 and values[slow]["below_standard"] == 1
    assert values[slow]["staff_change"] == 1 and "100 min" in values[slow]["reasons"]
    assert values[falling]["rating_trend"] == -3.0 and values[falling]["falling"] == 1
    assert values[falling]["complaint_share"] == 0.5 and values[falling]["avg_rating"] == 3.5
    assert values[happy]["feedback_count"] == 3 and values[happy]["flagged"] == 0
    assert values[happy]["rating_trend"] is None or _value(values[happy]["rating_trend"]) is None
    quiet = grids[3]
    assert values[quiet]["feedback_count"] == 0 and _value(values[quiet]["avg_rating"]) is None
    assert values[quiet]["staff_change"] == 0
    # the population and other grid columns are carried over
    with sqlite3.connect(city) as con:
        population = dict(con.execute("SELECT grid_id, population FROM grids"))
    assert {g: v["population"] for g, v in values.items()} == population
    log = "\n".join(feedback.infos)
    assert "2 grid(s) flagged, 2 extra staff suggested" in log
    assert not feedback.warnings
    del layer


def test_geopackage_output_keeps_the_style_and_aliases(city, run_alg, tmp_path):
    out = str(tmp_path / "styled.gpkg")
    run_alg("servicegrid:servicequality", {"PROJECT": city, "OUTPUT": out})
    layer = QgsVectorLayer(out, "quality", "ogr")  # opens with its default style
    assert layer.renderer().type() == "RuleRenderer"
    rules = layer.renderer().rootRule().children()
    assert any(r.filterExpression() == '"flagged" = 1' for r in rules)
    assert any('"avg_rating" IS NULL' in r.filterExpression() for r in rules)
    assert layer.labelsEnabled() and "grid_id" in layer.labeling().settings().fieldName
    fields = layer.fields()
    assert fields.field("staff_change").alias() == "建议增加人员"
    assert fields.field("response_p90").alias() == "响应时间90分位(分钟)"
    assert fields.field("population").alias() == "人口"
    assert layer.editorWidgetSetup(fields.indexOf("flagged")).type() == "ValueMap"
    del layer


def test_loaded_on_the_map_the_output_is_styled(city, plugin):
    """Through runAndLoadResults (what the toolbox does): the post-processor styles the
    temporary layer and gives its fields Chinese aliases."""
    import processing

    before = set(QgsProject.instance().mapLayers())
    processing.runAndLoadResults(
        "servicegrid:servicequality", {"PROJECT": city, "OUTPUT": "TEMPORARY_OUTPUT"}
    )
    added = [
        QgsProject.instance().mapLayer(i) for i in set(QgsProject.instance().mapLayers()) - before
    ]
    try:
        assert len(added) == 1
        layer = added[0]
        assert layer.providerType() == "memory"
        assert layer.renderer().type() == "RuleRenderer"
        assert layer.labelsEnabled()
        assert layer.fields().field("flagged").alias() == "需关注"
        assert layer.fields().field("avg_rating").alias() == "平均评分"
    finally:
        QgsProject.instance().removeMapLayers([layer.id() for layer in added])
        added = None


def test_period_and_standard_parameters(city, run_alg):
    grids = _grid_ids(city)
    # 2–5 Nov: the slow grid's 4 rows, the falling grid's early 6 and the happy 3
    result = run_alg(
        "servicegrid:servicequality",
        {
            "PROJECT": city,
            "DATE_FROM": "2026-11-02",
            "DATE_TO": "2026-11-05",
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
    )
    assert result["FEEDBACK_COUNT"] == 4 + 6 + 3
    values = _features(result["OUTPUT"])
    assert values[grids[0]]["feedback_count"] == 4
    assert values[grids[0]]["below_standard"] == 0  # 4 response times: not judged
    assert result["FLAGGED_GRIDS"] == 0
    # a stricter standard: the happy grid's 5 min is fine, the slow one is doubly slow
    strict = run_alg(
        "servicegrid:servicequality",
        {"PROJECT": city, "RESPONSE_STANDARD": 11.0, "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    values = _features(strict["OUTPUT"])
    assert values[grids[1]]["below_standard"] == 1  # p90 of 10 and 12 min: 12
    assert values[grids[1]]["staff_change"] == 1  # falling; 12 < 16.5
    assert values[grids[0]]["staff_change"] == 1
    assert strict["FLAGGED_GRIDS"] == 2
    # dates as QDate objects (what the dialog and Model Builder pass)
    from qgis.PyQt.QtCore import QDate

    again = run_alg(
        "servicegrid:servicequality",
        {
            "PROJECT": city,
            "DATE_FROM": QDate(2026, 11, 12),
            "DATE_TO": QDate(2026, 11, 12),
            "OUTPUT": "TEMPORARY_OUTPUT",
        },
    )
    assert again["FEEDBACK_COUNT"] == 6 + 1  # the late ratings and the slow 12 Nov


def test_bad_input_is_refused(city, run_alg, tmp_path):
    with pytest.raises(QgsProcessingException, match="DATE_FROM .* is after DATE_TO"):
        run_alg(
            "servicegrid:servicequality",
            {
                "PROJECT": city,
                "DATE_FROM": "2026-11-20",
                "DATE_TO": "2026-11-01",
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
        )
    with pytest.raises(QgsProcessingException, match="DATE_TO"):
        run_alg(
            "servicegrid:servicequality",
            {"PROJECT": city, "DATE_TO": "30/11/2026", "OUTPUT": "TEMPORARY_OUTPUT"},
        )
    with pytest.raises(QgsProcessingException, match="not a Service Grid project"):
        run_alg(
            "servicegrid:servicequality",
            {
                "PROJECT": os.path.join(ROOT, "resources", "sample", "sample_city.gpkg"),
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
        )
    with pytest.raises(QgsProcessingException, match="RESPONSE_STANDARD"):
        run_alg(
            "servicegrid:servicequality",
            {"PROJECT": city, "RESPONSE_STANDARD": -5, "OUTPUT": "TEMPORARY_OUTPUT"},
        )
    assert not os.listdir(tmp_path)


def test_without_feedback_a_warning_and_zeros(bare_city, run_alg):
    feedback = FeedbackRecorder()
    result = run_alg(
        "servicegrid:servicequality", {"PROJECT": bare_city, "OUTPUT": "TEMPORARY_OUTPUT"}, feedback
    )
    assert result["FEEDBACK_COUNT"] == 0 and result["FLAGGED_GRIDS"] == 0
    assert result["STAFF_CHANGE"] == 0 and result["GRID_COUNT"] == len(_grid_ids(bare_city))
    assert any("no feedback yet" in w for w in feedback.warnings)
    values = _features(result["OUTPUT"])
    assert {v["feedback_count"] for v in values.values()} == {0}
    assert {_value(v["avg_rating"]) for v in values.values()} == {None}
    # a period without feedback says so too
    feedback = FeedbackRecorder()
    run_alg(
        "servicegrid:servicequality",
        {"PROJECT": bare_city, "DATE_FROM": "2020-01-01", "OUTPUT": "TEMPORARY_OUTPUT"},
        feedback,
    )
    assert feedback.warnings


def test_feedback_in_no_grid_is_reported(city, run_alg, tmp_path):
    path = str(tmp_path / "city.gpkg")
    shutil.copy(city, path)
    grid = _grid_ids(path)[3]
    add_grid_feedback(path, [{"grid": grid}])
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    ds.ExecuteSQL("UPDATE feedback SET grid_id = 'X-OLD' WHERE grid_id = '{}'".format(grid))
    ds = None
    feedback = FeedbackRecorder()
    result = run_alg(
        "servicegrid:servicequality", {"PROJECT": path, "OUTPUT": "TEMPORARY_OUTPUT"}, feedback
    )
    assert result["FEEDBACK_COUNT"] == 27
    assert any("X-OLD" in w and "left out" in w for w in feedback.warnings)


def test_runs_inside_a_processing_model(city, plugin, tmp_path):
    """A Model Builder model (built in code, as Model Builder saves it): the project and the
    start day are model inputs."""
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterDateTime,
        QgsProcessingParameterFile,
    )

    model = QgsProcessingModelAlgorithm("quality", "tests")
    model.addModelParameter(
        QgsProcessingParameterFile("project", "Project", extension="gpkg"),
        QgsProcessingModelParameter("project"),
    )
    model.addModelParameter(
        QgsProcessingParameterDateTime(
            "since", "Since", QgsProcessingParameterDateTime.Date, optional=True
        ),
        QgsProcessingModelParameter("since"),
    )
    child = QgsProcessingModelChildAlgorithm("servicegrid:servicequality")
    child.setChildId("quality")
    child.addParameterSources(
        "PROJECT", [QgsProcessingModelChildParameterSource.fromModelParameter("project")]
    )
    child.addParameterSources(
        "DATE_FROM", [QgsProcessingModelChildParameterSource.fromModelParameter("since")]
    )
    child.addParameterSources(
        "RESPONSE_STANDARD", [QgsProcessingModelChildParameterSource.fromStaticValue(60.0)]
    )
    output = QgsProcessingModelOutput("grids", "Quality")
    output.setChildOutputName("OUTPUT")
    child.setModelOutputs({"grids": output})
    model.addChildAlgorithm(child)
    out = str(tmp_path / "model.gpkg")
    results, ok = model.run(
        {"project": city, "since": "2026-11-06", "quality:grids": out},
        QgsProcessingContext(),
        QgsProcessingFeedback(),
    )
    assert ok
    child_results = results["CHILD_RESULTS"]["quality"]
    assert child_results["FEEDBACK_COUNT"] == 7 + 6  # slow 6–12 Nov, late ratings
    layer = QgsVectorLayer(out, "model", "ogr")
    assert layer.featureCount() == len(_grid_ids(city))
    assert sum(f["feedback_count"] for f in layer.getFeatures()) == 13
    del layer


def test_through_qgis_process(city, tmp_path):
    out = tmp_path / "quality.gpkg"
    results = run_qgis_process(
        tmp_path,
        "servicegrid:servicequality",
        {
            # 1–13 Nov: the rating trend compares before and after 7 Nov
            "PROJECT": city,
            "RESPONSE_STANDARD": 60,
            "DATE_FROM": "2026-11-01",
            "DATE_TO": "2026-11-13",
            "OUTPUT": out,
        },
    )["results"]
    assert results["FEEDBACK_COUNT"] == 27 and results["FLAGGED_GRIDS"] == 2
    assert results["STAFF_CHANGE"] == 2
    with sqlite3.connect(str(out)) as con:
        flagged = con.execute("SELECT count(*) FROM quality WHERE flagged = 1").fetchone()[0]
        styles = con.execute("SELECT count(*) FROM layer_styles").fetchone()[0]
    assert flagged == 2 and styles == 1
    bad = qgis_process_run(
        tmp_path,
        "servicegrid:servicequality",
        {"PROJECT": city, "DATE_FROM": "tomorrow", "OUTPUT": tmp_path / "x"},
    )
    assert bad.returncode != 0 and "DATE_FROM" in bad.stdout + bad.stderr


def test_the_loop_flagged_grids_get_more_staff(city, run_alg, tmp_path):
    """quality → allocatestaff with QUALITY_FIELD = staff_change: the flagged grids are
    recommended (and given) one more person each; the others keep their number; with
    PROJECT the new numbers are stored in the project's grids."""
    project = str(tmp_path / "city.gpkg")
    shutil.copy(city, project)
    quality = run_alg(
        "servicegrid:servicequality", {"PROJECT": project, "OUTPUT": "TEMPORARY_OUTPUT"}
    )
    params = {
        "GRIDS": quality["OUTPUT"],
        "STAFF": city + "|layername=staff",
        "OUTLETS": city + "|layername=outlets",
        "TOTAL_STAFF": 0,
        "MIN_STAFF_PER_GRID": 1,
        "STAFF_CAPACITY": 10000,
        "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
        "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
    }
    plain = run_alg("servicegrid:allocatestaff", dict(params))
    looped = run_alg(
        "servicegrid:allocatestaff", dict(params, QUALITY_FIELD="staff_change", PROJECT=project)
    )
    before = _features(plain["OUTPUT_GRIDS"])
    after = _features(looped["OUTPUT_GRIDS"])
    change = {g: v["staff_change"] for g, v in _features(quality["OUTPUT"]).items()}
    assert sum(change.values()) == 2
    for grid, extra in change.items():
        assert after[grid]["recommended_staff"] == before[grid]["recommended_staff"] + extra
        assert after[grid]["assigned_staff"] >= before[grid]["assigned_staff"] + extra
    assert looped["TOTAL_RECOMMENDED"] == plain["TOTAL_RECOMMENDED"] + 2
    with sqlite3.connect(project) as con:
        stored = dict(con.execute("SELECT grid_id, recommended_staff FROM grids"))
    assert stored == {g: v["recommended_staff"] for g, v in after.items()}


# ================================================================== translations

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
OUR_FILES = ("algorithms/service_quality.py", "algorithms/core/quality")


def _messages(path):
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message.findtext("source"), message.find("translation")


def test_every_new_string_has_a_chinese_translation(tmp_path):
    """Our strings are in the main .ts, translated, with the same placeholders."""
    fresh = tmp_path / "ours.ts"
    extract_ts(OUR_FILES, fresh)
    ours = {(c, s) for c, s, _t in _messages(str(fresh))}
    assert len(ours) > 20
    translations = {}
    for path in (os.path.join(ROOT, "resources", "i18n", "service_grid_zh_CN.ts"),):
        if os.path.exists(path):
            for c, s, t in _messages(path):
                if t is not None and t.get("type") is None and (t.text or "").strip():
                    translations.setdefault((c, s), t.text)
    missing = sorted(ours - set(translations))
    assert not missing, missing[:5]
    for key in ours:
        assert sorted(PLACEHOLDER.findall(key[1])) == sorted(
            PLACEHOLDER.findall(translations[key])
        ), key
