"""The customer register: ``servicegrid:importcustomers`` from real CSV and XLSX files, its
bad-input rules (nothing half written), the per-grid figures, the nest names of
``createproject`` and the version-4 upgrade of an older project."""

import datetime

import pytest
from customer_data import HEADER, centre, make_project, rows, write_csv
from datasets import FeedbackRecorder, fresh_copy, sql
from osgeo import ogr
from qgis.core import QgsProcessingException

from service_grid.algorithms.core import customers, gpkg, migrate, schema, timestamps
from service_grid.algorithms.core.fieldsync.geometry import parse_gpkg_blobs

ogr.UseExceptions()


@pytest.fixture(scope="module")
def base_project(plugin, qgis_processing, tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("customers"))


@pytest.fixture
def project(base_project, tmp_path):
    return fresh_copy(base_project, tmp_path)


def _import(run_alg, project, path, feedback=None, **params):
    return run_alg(
        "servicegrid:importcustomers",
        dict({"PROJECT": project, "INPUT": path}, **params),
        feedback,
    )


def _grid_of(project, unit):
    return sql(project, "SELECT grid_id FROM units WHERE unit_id = ?", (unit,))[0][0]


def test_nest_names_are_stored_by_createproject(base_project):
    rows = sql(base_project, "SELECT nest, name, parent_name FROM nests ORDER BY nest")
    assert rows == [("379902001", "东风路街道", "鼓楼区"), ("379902002", "何营镇", "鼓楼区")]
    assert gpkg.read_meta(base_project)["schema_version"] == "4"


def test_csv_import_locates_customers_and_sets_the_grid_figures(project, run_alg, tmp_path):
    feedback = FeedbackRecorder()
    result = _import(run_alg, project, write_csv(tmp_path, rows()), feedback)
    assert result["CUSTOMER_COUNT"] == 7 and result["TOTAL"] == 7 and result["REPLACED"] == 0
    stored = {
        r[0]: r[1:]
        for r in sql(
            project,
            "SELECT customer_id, customer_type, products, consent, consent_date, unit_id, "
            "grid_id, updated_at FROM customers",
        )
    }
    assert stored["C1"][:5] == ("individual", "pension,health", 1, "2026-01-02", "U000")
    assert stored["C2"][:4] == ("individual", "pension", 1, "2026-02-03")  # labels → codes
    assert stored["C3"][2] == 0 and stored["C4"][2] == 0  # no / empty consent: no consent
    assert stored["C5"][4] == "U004"  # located by its unit id
    assert stored["E2"][:2] == ("enterprise", "commercial_property")
    assert stored["E1"][5] == _grid_of(project, "U008")
    assert all(timestamps.CANONICAL.fullmatch(r[6]) for r in stored.values())
    # the point of a customer located by unit id is in its unit
    (blob,) = sql(project, "SELECT geom FROM customers WHERE customer_id = 'C5'")[0]
    (point,), _srs, _errors = parse_gpkg_blobs([blob])
    x, y = centre(4)
    assert abs(point.x - x) < 500 and abs(point.y - y) < 500
    grids = {
        r[0]: r[1:]
        for r in sql(
            project,
            "SELECT grid_id, customers_individual, customers_enterprise, penetration, "
            "enterprise_penetration, product_gaps, population, enterprises, products FROM grids",
        )
    }
    by_join = dict(
        sql(
            project,
            "SELECT u.grid_id, count(*) FROM customers c JOIN units u ON u.unit_id = c.unit_id "
            "WHERE c.customer_type = 'individual' GROUP BY u.grid_id",
        )
    )
    for grid, row in grids.items():
        assert row[0] == by_join.get(grid, 0)
        assert row[2] == pytest.approx(row[0] / row[5])
    g0, g8 = _grid_of(project, "U000"), _grid_of(project, "U008")
    if g0 != _grid_of(project, "U004"):
        assert grids[g0][0] == 4
    assert grids[g8][1] == 2
    assert grids[g8][3] == pytest.approx(2 / grids[g8][6])
    # pension recommended where the elderly live: half of U000's grid's individuals hold it,
    # so it is no gap; a product recommended and held by nobody is
    recommended = grids[g0][7].split(",")
    gaps = (grids[g0][4] or "").split(",")
    assert "pension" not in gaps
    for code in recommended:
        if code in customers.ENTERPRISE_PRODUCTS or code not in ("pension", "health", "accident"):
            assert code in gaps
    assert any("fields used" in m for m in feedback.infos)


def test_xlsx_import_with_chinese_headers_and_real_dates(project, run_alg, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(["客户编号", "客户名称", "客户类型", "持有产品", "同意", "同意日期", "单元编码"])
    ws.append(["K1", "张三", "个人", "养老保险、健康保险", "是", datetime.date(2026, 3, 4), "U001"])
    ws.append(["K2", "某公司", "企业", "团体福利", "否", None, "U008"])
    ws.append([3, "李四", "个人客户", None, "同意", datetime.datetime(2026, 5, 6, 9, 0), "U002"])
    path = str(tmp_path / "customers.xlsx")
    wb.save(path)
    result = _import(run_alg, project, path)
    assert result["CUSTOMER_COUNT"] == 3
    rows = sql(
        project,
        "SELECT customer_id, customer_type, products, consent, consent_date, unit_id FROM "
        "customers ORDER BY customer_id",
    )
    assert rows == [
        ("3", "individual", None, 1, "2026-05-06", "U002"),
        ("K1", "individual", "pension,health", 1, "2026-03-04", "U001"),
        ("K2", "enterprise", "group_benefits", 0, None, "U008"),
    ]


def test_reimport_replaces_by_id_and_replace_drops_the_rest(project, run_alg, tmp_path):
    _import(run_alg, project, write_csv(tmp_path, rows()))
    again = rows()[:2]
    again[0][4] = "wealth"
    result = _import(run_alg, project, write_csv(tmp_path, again, name="again.csv"))
    assert result["REPLACED"] == 2 and result["TOTAL"] == 7
    assert sql(project, "SELECT products FROM customers WHERE customer_id='C1'") == [("wealth",)]
    assert sql(project, "SELECT count(*) FROM customers")[0][0] == 7
    result = _import(run_alg, project, write_csv(tmp_path, again, name="only.csv"), REPLACE=True)
    assert result["TOTAL"] == 2 and result["REPLACED"] == 7
    total = sql(project, "SELECT sum(customers_individual), sum(customers_enterprise) FROM grids")
    assert total == [(2, 0)]


BAD_CASES = [
    ("duplicate", lambda r: r + [r[0]], ["C1"], "unique"),
    ("type", lambda r: [r[0], r[1][:3] + ["vip"] + r[1][4:]], ["C2"], "vip"),
    ("empty type", lambda r: [r[0], r[1][:3] + [""] + r[1][4:]], ["C2"], "individual"),
    ("product", lambda r: [r[0], r[1][:4] + ["pension;yacht"] + r[1][5:]], ["C2"], "yacht"),
    ("consent", lambda r: [r[0], r[1][:5] + ["maybe"] + r[1][6:]], ["C2"], "maybe"),
    ("date", lambda r: [r[0], r[1][:6] + ["next week"] + r[1][7:]], ["C2"], "next week"),
    ("outside", lambda r: [r[0], r[1][:7] + [10.0, 20.0, ""]], ["C2"], "outside"),
    ("unit", lambda r: [r[0], r[1][:7] + ["", "", "U999"]], ["C2"], "U999"),
    ("nowhere", lambda r: [r[0], r[1][:7] + ["", "", ""]], ["C2"], "location"),
    ("x", lambda r: [r[0], r[1][:7] + ["east", 1.0, ""]], ["C2"], "numbers"),
    ("empty id", lambda r: [r[0], [""] + r[1][1:]], [], "empty"),
]


@pytest.mark.parametrize("case, make, ids, word", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input_is_refused_with_the_rows_and_nothing_written(
    project, run_alg, tmp_path, case, make, ids, word
):
    _import(run_alg, project, write_csv(tmp_path, rows()[4:5], name="first.csv"))
    before = sql(project, "SELECT * FROM customers")
    grids_before = sql(project, "SELECT grid_id, customers_individual FROM grids ORDER BY 1")
    with pytest.raises(QgsProcessingException) as err:
        _import(run_alg, project, write_csv(tmp_path, make(rows()[:2]), name="bad.csv"))
    message = str(err.value)
    assert word in message
    for cid in ids:
        assert cid in message
    assert sql(project, "SELECT * FROM customers") == before
    assert (
        sql(project, "SELECT grid_id, customers_individual FROM grids ORDER BY 1") == grids_before
    )


@pytest.mark.parametrize("missing", ["customer_id", "customer_type"])
def test_a_missing_column_is_named(project, run_alg, tmp_path, missing):
    header = [h if h != missing else "other" for h in HEADER]
    with pytest.raises(QgsProcessingException) as err:
        _import(run_alg, project, write_csv(tmp_path, rows(), header=header))
    assert missing in str(err.value) and "other" in str(err.value)
    assert sql(project, "SELECT count(*) FROM customers") == [(0,)]


def test_coordinates_in_another_crs(project, run_alg, tmp_path):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsPointXY,
        QgsProject,
    )

    x, y = centre(4)
    to_wgs = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:32650"),
        QgsCoordinateReferenceSystem("EPSG:4326"),
        QgsProject.instance(),
    )
    p = to_wgs.transform(QgsPointXY(x, y))
    rows = [["W1", "", "", "individual", "", "yes", "", p.x(), p.y(), ""]]
    _import(run_alg, project, write_csv(tmp_path, rows), COORDINATE_CRS="EPSG:4326")
    assert sql(project, "SELECT unit_id FROM customers") == [("U004",)]
    # columns named 经度 / 纬度 are degrees without being told
    header = [{"x": "经度", "y": "纬度"}.get(h, h) for h in HEADER]
    rows[0][0] = "W2"
    feedback = FeedbackRecorder()
    _import(run_alg, project, write_csv(tmp_path, rows, header=header, name="deg.csv"), feedback)
    assert sql(project, "SELECT unit_id FROM customers WHERE customer_id = 'W2'") == [("U004",)]
    assert any("WGS 84" in m for m in feedback.infos)


def test_a_point_layer_in_another_crs(project, run_alg, tmp_path):
    from datasets import write_layer
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsPointXY,
        QgsProject,
    )

    to_wgs = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:32650"),
        QgsCoordinateReferenceSystem("EPSG:4326"),
        QgsProject.instance(),
    )
    points = []
    for cid, unit in (("P1", 2), ("P2", 6)):
        p = to_wgs.transform(QgsPointXY(*centre(unit)))
        wkt = "POINT({} {})".format(p.x(), p.y())
        points.append({"客户编号": cid, "客户类型": "企业", "wkt": wkt})
    layer = write_layer(
        str(tmp_path / "points.gpkg"),
        "clients",
        ogr.wkbPoint,
        {"客户编号": ogr.OFTString, "客户类型": ogr.OFTString},
        points,
        epsg=4326,
    )
    result = _import(run_alg, project, layer)
    assert result["TOTAL"] == 2
    assert sql(project, "SELECT customer_id, unit_id FROM customers ORDER BY 1") == [
        ("P1", "U002"),
        ("P2", "U006"),
    ]


def test_an_older_project_is_upgraded_on_import(project, run_alg, tmp_path):
    from osgeo import gdal

    ds = gdal.OpenEx(project, gdal.OF_VECTOR | gdal.OF_UPDATE)
    for name in ("customers", "nests"):
        for k in range(ds.GetLayerCount()):
            if ds.GetLayerByIndex(k).GetName() == name:
                ds.DeleteLayer(k)
                break
    for fld in schema.GRID_CUSTOMER_FIELDS:
        ds.ExecuteSQL('ALTER TABLE grids DROP COLUMN "{}"'.format(fld.name))
    ds.ExecuteSQL("UPDATE sg_meta SET value = '3' WHERE key = 'schema_version'")
    ds = None
    assert gpkg.read_meta(project)["schema_version"] == "3"
    result = _import(run_alg, project, write_csv(tmp_path, rows()))
    assert result["TOTAL"] == 7
    assert gpkg.read_meta(project)["schema_version"] == "4"
    assert sql(project, "SELECT sum(customers_individual) FROM grids") == [(5,)]
    assert sql(project, "SELECT count(*) FROM nests") == [(0,)]
    assert migrate.upgrade(project) is False


def test_field_packages_never_carry_the_customers(project, run_alg, tmp_path):
    import sqlite3

    from datasets import write_assignments

    write_csv_rows = rows()
    _import(run_alg, project, write_csv(tmp_path, write_csv_rows))
    grid = sql(project, "SELECT grid_id FROM units WHERE unit_id = 'U000'")[0][0]
    write_assignments(project, [("S1", grid)])
    package = str(tmp_path / "S1.gpkg")
    run_alg(
        "servicegrid:createfieldpackage", {"PROJECT": project, "STAFF_ID": "S1", "OUTPUT": package}
    )
    with sqlite3.connect(package) as con:
        tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "units" in tables and "customers" not in tables
    with open(package, "rb") as handle:
        data = handle.read()
    for row in write_csv_rows:  # no name, no phone of a customer of the package's grid
        for text in (row[1], row[2]):
            if text:
                assert text.encode("utf-8") not in data, text


def test_grid_figures_by_hand():
    out = customers.grid_figures(
        ["A", "B", "C"],
        [1000, 0, None],
        [10, 0, 5],
        ["pension,health,group_benefits", "travel", None],
        ["A"] * 12 + ["B", None, "Z"],
        ["individual"] * 10 + ["enterprise"] * 2 + ["individual"] * 3,
        ["pension"] * 9 + ["health"] + ["group_benefits", None] + ["travel", None, None],
        0.1,
    )
    assert out["customers_individual"] == [10, 1, 0]
    assert out["customers_enterprise"] == [2, 0, 0]
    assert out["penetration"] == [0.01, None, None]
    assert out["enterprise_penetration"] == [0.2, None, 0.0]
    # health held by 1 of 10 individuals (= 10 %: no gap), group benefits by 1 of 2
    assert out["product_gaps"] == [None, None, None]
    out = customers.grid_figures(
        ["A"], [10], [1], ["pension,group_benefits"], ["A"], ["individual"], [None], 0.1
    )
    assert out["product_gaps"] == ["pension,group_benefits"]


def test_products_and_dates_parse():
    assert customers.parse_products("Pension； 旅行险 ,health") == ("pension,health,travel", [])
    assert customers.parse_products("yacht, pension") == ("pension", ["yacht"])
    assert customers.parse_date("2026年3月4日") == "2026-03-04"
    assert customers.parse_date("2026-03-04T10:00:00") == "2026-03-04"
    with pytest.raises(ValueError):
        customers.parse_date("soon")
