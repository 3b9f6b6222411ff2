"""Benchmark of service quality per person: ``staff_quality.staff_report`` on a project of
5,000 staff, 1,000,000 feedback rows and 100,000 follow-up visits. Target (issue 16): ≤ 5 s.

``run(rows, folder)`` appends one dict per measurement:
{"bench": "servicequality per person", "input", "tool", "seconds", "peak_mb", "note"}.

Set-up (not timed): a project GeoPackage made with the core's own writer
(``gpkg.create_project_gpkg``); 5,000 staff (sqlite3: a table without geometry); 1,000,000
feedback points and a ``visits`` point layer of 100,000 rows (the columns of schema 4)
appended by OGR from CSV files (``gdal.VectorTranslate``). Ratings, response times, categories
and follow-ups are drawn so that a few hundred people fall below a standard.

Timed, end to end from the GeoPackage: read the roster, the feedback and the visits, the
per-person figures (ratings, complaints, response p90, follow-ups on time), the significance
rules and the training reasons.

Standalone: ``.venv/bin/python bench/bench_staff_quality.py [--feedback N] [--staff N]``
(no QGIS needed).
"""

import csv
import datetime as _dt
import os
import sqlite3
import sys
import uuid

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
STAFF = 5_000
FEEDBACK = 1_000_000
VISITS = 100_000
TARGET_SECONDS = 5.0
CATEGORIES = ("claims", "sales_inquiry", "service_speed", "attitude", "complaint", "praise")
WEIGHTS = (0.3, 0.25, 0.15, 0.1, 0.05, 0.15)


def _core():
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    from harness import import_package

    import_package()
    from service_grid.algorithms.core import gpkg, staff_quality

    return gpkg, staff_quality


def _append_csv(path: str, rows_csv: str, layer: str) -> None:
    """Append the rows of a CSV file (points from its x and y columns) to a layer, by OGR."""
    from osgeo import gdal

    options = gdal.VectorTranslateOptions(
        accessMode="append", layerName=layer, srcSRS="EPSG:32650", dstSRS="EPSG:32650"
    )
    source = gdal.OpenEx(
        rows_csv,
        gdal.OF_VECTOR,
        open_options=["X_POSSIBLE_NAMES=x", "Y_POSSIBLE_NAMES=y", "KEEP_GEOM_COLUMNS=NO"],
    )
    gdal.VectorTranslate(path, source, options=options)


def build(path: str, staff: int = STAFF, feedback: int = FEEDBACK, visits: int = VISITS) -> str:
    from harness import test_helpers
    from osgeo import ogr, osr

    gpkg, _sq = _core()
    rng = np.random.default_rng(16)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    gpkg.create_project_gpkg(
        path,
        srs.ExportToWkt(),
        {},
        {"created_with": "bench_staff_quality", "project_id": str(uuid.UUID(int=16))},
    )
    ids = ["S{:05d}".format(k) for k in range(staff)]
    with sqlite3.connect(path) as con:
        con.executemany(
            "INSERT INTO staff (staff_id, name, role, capacity, active) VALUES (?, ?, ?, ?, 1)",
            [(s, "员工{}".format(k), "agent", 20000) for k, s in enumerate(ids)],
        )
    # people differ: a few are slow, unhappy-making or late
    skill = rng.normal(0.0, 0.6, staff)
    who = rng.integers(0, staff, feedback)
    rating = np.clip(np.round(rng.normal(4.2 + skill[who], 0.8)), 1, 5).astype(int)
    minutes = np.round(rng.lognormal(3.0 - 0.5 * skill[who], 0.6), 1)
    category = np.array(CATEGORIES)[rng.choice(len(CATEGORIES), feedback, p=WEIGHTS)]
    seconds = rng.integers(0, 30 * 86400, feedback)
    start = _dt.datetime(2026, 11, 1, tzinfo=_dt.timezone.utc).timestamp()
    folder = os.path.dirname(path)
    rows_csv = os.path.join(folder, "feedback.csv")
    with open(rows_csv, "w", newline="", encoding="utf-8") as stream:
        out = csv.writer(stream)
        out.writerow(
            ("uuid", "staff_id", "collected_at", "category", "rating", "response_minutes", "x", "y")
        )
        for k in range(feedback):
            moment = _dt.datetime.fromtimestamp(start + int(seconds[k]), _dt.timezone.utc)
            out.writerow(
                (
                    "f{:08d}".format(k),
                    ids[who[k]],
                    moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    category[k],
                    int(rating[k]),
                    float(minutes[k]),
                    400000 + k % 1000,
                    3500000 + k // 1000,
                )
            )
    _append_csv(path, rows_csv, "feedback")
    # visits: a point layer of the columns the visits table has in schema 4 (as the tests make it)
    test_helpers()
    from datasets import visits_layer

    ds = ogr.Open(path, 1)
    visits_layer(ds, srs)
    ds = None
    visits_csv = os.path.join(folder, "visits.csv")
    vwho = rng.integers(0, staff, visits)
    due = rng.integers(0, 28, visits)
    late = rng.random(visits) < np.clip(0.1 - 0.3 * skill[vwho], 0.0, 0.9)
    with open(visits_csv, "w", newline="", encoding="utf-8") as stream:
        out = csv.writer(stream)
        out.writerow(("uuid", "staff_id", "due_date", "status", "done_at", "x", "y"))
        for k in range(visits):
            day = _dt.date(2026, 11, 1) + _dt.timedelta(days=int(due[k]))
            done = day + _dt.timedelta(days=3 if late[k] else 0)
            out.writerow(
                (
                    "v{:07d}".format(k),
                    ids[vwho[k]],
                    day.isoformat(),
                    "done",
                    done.isoformat() + "T17:00:00Z",
                    400000 + k % 1000,
                    3500000 + k // 1000,
                )
            )
    _append_csv(path, visits_csv, "visits")
    with sqlite3.connect(path) as con:
        found = con.execute("SELECT count(*) FROM feedback").fetchone()[0]
        assert found == feedback, found
        assert con.execute("SELECT count(*) FROM visits").fetchone()[0] == visits
    return path


def run(rows: list, folder: str, staff: int = STAFF, feedback: int = FEEDBACK) -> None:
    """Append the benchmark row (see the module docstring)."""
    _gpkg, staff_quality = _core()
    from harness import add_row, measure

    work = os.path.join(folder, "bench_staff_quality")
    os.makedirs(work, exist_ok=True)
    project = build(os.path.join(work, "project.gpkg"), staff, feedback)
    now = _dt.datetime(2026, 12, 1, tzinfo=_dt.timezone.utc)
    m = measure(staff_quality.staff_report, project, None, None, None, now)
    report = m.result
    c = report.columns
    add_row(
        rows,
        (60, 40),
        "servicequality per person",
        "{:,} staff, {:,} feedback rows, {:,} follow-up visits".format(staff, feedback, VISITS),
        "staff_report (core: sqlite3 read, numpy group-by)",
        m,
        "{:,} need training (low rating {:,}, complaints {:,}, slow {:,}, late follow-ups "
        "{:,}); target ≤ {:.0f} s".format(
            report.training_needs,
            sum(c["low_rating"]),
            sum(c["many_complaints"]),
            sum(c["slow_response"]),
            sum(c["late_followups"]),
            TARGET_SECONDS,
        ),
    )
    import shutil

    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    import tempfile

    n = int(sys.argv[sys.argv.index("--feedback") + 1]) if "--feedback" in sys.argv else FEEDBACK
    s = int(sys.argv[sys.argv.index("--staff") + 1]) if "--staff" in sys.argv else STAFF
    found: list = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("SG_BENCH_TMP")) as tmp:
        run(found, tmp, staff=s, feedback=n)
