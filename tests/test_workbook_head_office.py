"""The head-office parts of the staffing workbook: names beside the codes, the Customers
sheet (counts only, no personal data), print titles and header rows tall enough for their
wrapped text, and the map page drawn by QGIS — read back with openpyxl and printed to PDF by
LibreOffice (text with pdftotext, pictures with pdfimages)."""

import subprocess

import openpyxl
import pytest
from customer_data import rows, write_csv
from datasets import fresh_copy, sql
from test_staffing_workbook import SOFFICE, _libreoffice

from service_grid.algorithms.core import staffing_workbook as sw
from service_grid.algorithms.core.staffing_workbook.xlsx import header_height, wrapped_lines


@pytest.fixture(scope="module")
def base_project(plugin, qgis_processing, tmp_path_factory):
    import processing
    from customer_data import make_project

    folder = tmp_path_factory.mktemp("head-office")
    path = make_project(folder)
    processing.run(
        "servicegrid:importcustomers", {"PROJECT": path, "INPUT": write_csv(folder, rows())}
    )
    return path


@pytest.fixture
def project(base_project, tmp_path):
    return fresh_copy(base_project, tmp_path)


def _export(run_alg, project, out, language=1, **more):
    return run_alg(
        "servicegrid:exportstaffing",
        dict({"PROJECT": project, "LANGUAGE": language, "OUTPUT": str(out)}, **more),
    )


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_wrapped_lines_and_header_height():
    assert wrapped_lines("Grids", 10) == 1
    assert wrapped_lines("Staff coverage (population)", 14) == 3
    assert wrapped_lines("人员覆盖率(人口)", 10) == 2  # 16 columns wide, CJK breaks anywhere
    assert header_height(["a", "Staff coverage (population)"], [8, 14]) == 3 * 15.0 + 4.0


def test_names_beside_codes_and_the_customers_sheet(project, run_alg, tmp_path):
    out = tmp_path / "book.xlsx"
    result = _export(run_alg, project, out, MAP=False)
    assert result["CUSTOMER_COUNT"] == 7
    book = openpyxl.load_workbook(str(out))
    assert book.sheetnames == [
        "汇总",
        "网格",
        "人员",
        "人员质量与培训",
        "网点",
        "反馈",
        "客户",
        "说明",
    ]
    summary = _rows(book["汇总"])
    assert summary[0][:3] == ["区县(上级区划)", "区划名称", "上级区划名称"]
    named = {r[0]: (r[1], r[2]) for r in summary[1:-1]}
    chart = book["汇总"]._charts[0]
    cat = chart.series[0].cat
    ref = (cat.strRef or cat.numRef).f
    assert ref == "'汇总'!$B$2:$B${}".format(len(summary) - 1)  # the names on the axis
    assert named == {"379902001": ("东风路街道", "鼓楼区"), "379902002": ("何营镇", "鼓楼区")}
    grids = _rows(book["网格"])
    pos = sw.GRID_POS
    assert grids[0][pos["nest"] + 1] == "区划名称"
    for g in grids[1:]:
        assert g[pos["nest_name"]] == {"379902001": "东风路街道", "379902002": "何营镇"}[g[1]]
    customers = _rows(book["客户"])
    header = customers[0]
    assert header[:3] == ["网格编号", "区县(上级区划)", "区划名称"]
    col = {key: k for k, (key, _kind) in enumerate(sw.model.CUSTOMER_COLUMNS)}
    stored = {
        r[0]: r[1:]
        for r in sql(
            project,
            "SELECT grid_id, customers_individual, customers_enterprise, penetration FROM grids",
        )
    }
    body, totals = customers[1:-1], customers[-1]
    assert len(body) == len(stored)
    for r in body:
        ind, ent, pen = stored[r[0]]
        assert (r[col["customers_individual"]], r[col["customers_enterprise"]]) == (ind, ent)
        assert r[col["customers_total"]] == ind + ent
        assert r[col["penetration"]] == pytest.approx(pen)
    assert totals[0] == "合计"
    assert str(totals[col["customers_total"]]).startswith("=SUM(")
    values = openpyxl.load_workbook(str(out), data_only=True)["客户"]
    cached = [c.value for c in values[values.max_row]]
    assert cached[col["customers_total"]] == 7 and cached[col["consented"]] == 4
    assert cached[col["penetration"]] == pytest.approx(5 / sum(r[col["population"]] for r in body))
    # product gaps in Chinese labels, and no customer's name or phone anywhere
    assert any(r[col["product_gaps"]] for r in body)
    text = " ".join(
        str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r
    )
    for name, phone in (("张三", "13800000001"), ("东风商贸有限公司", "13800000002")):
        assert name not in text and phone not in text


def test_names_set_afterwards_reach_the_workbook(project, run_alg, tmp_path):
    from osgeo import gdal

    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    ds.ExecuteSQL("DELETE FROM nests")
    ds = None
    names = tmp_path / "streets.csv"
    names.write_text(
        "street_code,street,district\n379902001,新华街道,市中区\n379902001,新华街道,市中区\n"
        "379902002,南关镇,市中区\n999999999,别处,别区\n",
        encoding="utf-8-sig",
    )
    result = run_alg(
        "servicegrid:setnestnames",
        {
            "PROJECT": project,
            "INPUT": str(names),
            "CODE_FIELD": "street_code",
            "NAME_FIELD": "street",
            "PARENT_NAME_FIELD": "district",
        },
    )
    assert (result["NEST_COUNT"], result["UNKNOWN_COUNT"]) == (3, 1)
    out = str(tmp_path / "book.xlsx")
    sw.write_workbook(project, out, "zh")
    summary = _rows(openpyxl.load_workbook(out)["汇总"])
    assert {r[0]: (r[1], r[2]) for r in summary[1:-1]} == {
        "379902001": ("新华街道", "市中区"),
        "379902002": ("南关镇", "市中区"),
    }


def test_print_titles_and_header_rows_fit(project, tmp_path):
    out, result = str(tmp_path / "book.xlsx"), None
    result = sw.write_workbook(project, out, "en")
    assert "Customers" in result.sheets and "Map" not in result.sheets
    book = openpyxl.load_workbook(out)
    for name in ("Summary", "Grids", "Staff", "Outlets", "Feedback", "Customers"):
        ws = book[name]
        assert ws.print_title_rows in ("1:1", "$1:$1"), name
        height = ws.row_dimensions[1].height
        widths = [
            ws.column_dimensions[openpyxl.utils.get_column_letter(k + 1)].width
            for k in range(ws.max_column)
        ]
        headers = [c.value for c in ws[1]]
        assert height == header_height(headers, widths), name
        assert height > 15.0 + 4.0, name  # some header wraps on every sheet
        assert ws.page_setup.orientation == "landscape"
    assert book["Grids"].print_title_cols in ("A:A", "$A:$A")
    assert book["Summary"].sheet_properties.pageSetUpPr.fitToPage


def _pdf(path, outdir, profile):
    """LibreOffice's PDF of the workbook and its text (pdftotext, laid out)."""
    pdf = _libreoffice(path, "pdf", outdir, profile)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pdf, text


def test_libreoffice_prints_whole_headers_and_the_map(project, run_alg, tmp_path):
    assert SOFFICE is not None, "LibreOffice (soffice) is missing: run make setup"
    out = tmp_path / "book.xlsx"
    result = _export(run_alg, project, out, language=2)
    book = openpyxl.load_workbook(str(out))
    assert book.sheetnames[-2:] == ["Map", "Notes"]
    assert len(book["Map"]._images) == 1
    assert book["Map"]["A1"].value == "Service grids by density class"
    assert result["CUSTOMER_COUNT"] == 7
    pdf, text = _pdf(out, tmp_path / "pdf", tmp_path / "lo-profile")
    words = " ".join(text.split())
    # every word of the wrapped headers is printed (a clipped header loses its later lines)
    for ws in ("Summary", "Customers"):
        for header in book[ws][1]:
            for word in str(header.value).split():
                assert word in words, (ws, header.value, word)
    assert "东风路街道" in text and "Area name" in words
    assert "Service grids by density class" in words
    pages = text.split("\f")
    map_pages = [k for k, page in enumerate(pages) if "Service grids by density class" in page]
    assert len(map_pages) == 1
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    on_page = [int(line.split()[0]) for line in listing if line.strip()]
    assert set(on_page) == {map_pages[0] + 1}  # the whole picture on the one map page
    widths = [int(line.split()[3]) for line in listing if line.strip()]
    assert max(widths) >= 1000  # the picture QGIS drew, not an icon
