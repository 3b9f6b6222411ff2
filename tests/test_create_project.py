"""servicegrid:createproject on real GeoPackages: the normal path and every bad input."""

import glob
import os
import sqlite3

import pytest
from datasets import (
    UNIT_FIELDS,
    FeedbackRecorder,
    one_outlet,
    unit_rows,
    units_layer,
    write_layer,
)
from osgeo import ogr
from qgis.core import QgsProcessingException, QgsProject, QgsVectorLayer

from service_grid.algorithms.core import gpkg as core_gpkg
from service_grid.algorithms.core import schema
from service_grid.algorithms.project_template import project_uri

BASE = {
    "UNIT_ID_FIELD": "code",
    "NAME_FIELD": "name",
    "POPULATION_FIELD": "pop",
    "NEST_FIELD": "street",
    "INCOME_FIELD": "income",
    "ELDERLY_SHARE_FIELD": "old",
    "LANGUAGE": 1,  # Chinese (default: the language of QGIS)
}


def _params(layer, out, **extra):
    params = dict(BASE, INPUT=layer, OUTPUT=out)
    params.update(extra)
    return params


def _rows(path, table, columns="*"):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT {} FROM {}".format(columns, table)).fetchall()
    finally:
        con.close()


def test_creates_complete_project(run_alg, tmp_path):
    layer = units_layer(str(tmp_path))
    out = str(tmp_path / "project.gpkg")
    result = run_alg("servicegrid:createproject", _params(layer, out))
    assert result["OUTPUT"] == out
    assert result["UNIT_COUNT"] == 9
    assert result["POPULATION"] == sum(1000 + 100 * k for k in range(9))
    assert result["CRS"] == "EPSG:32650"
    tables = {r[0] for r in _rows(out, "gpkg_contents", "table_name")}
    assert {layer.name for layer in schema.PROJECT_LAYERS} | {"sg_meta"} <= tables
    meta = core_gpkg.read_meta(out)
    assert meta["schema_version"] == str(schema.SCHEMA_VERSION)
    assert meta["crs"] == "EPSG:32650"
    assert "Service Grid" in meta["created_with"]
    units = _rows(out, "units", "unit_id, name, nest, population, income, elderly_share")
    assert units[0] == ("U000", "社区0", "S1", 1000, 30000.0, pytest.approx(0.1))
    # no temporary folder or journal is left beside the output
    assert sorted(os.listdir(tmp_path)) == ["project.gpkg", "units.gpkg"]


def test_embedded_project_is_ready(run_alg, tmp_path):
    out = str(tmp_path / "project.gpkg")
    run_alg("servicegrid:createproject", _params(units_layer(str(tmp_path)), out))
    project = QgsProject()
    assert project.read(project_uri(out))
    layers = {lyr.source().split("layername=")[-1]: lyr for lyr in project.mapLayers().values()}
    assert {"units", "grids", "outlets", "feedback", "staff", "assignments"} <= set(layers)
    assert all(lyr.isValid() for lyr in layers.values())
    units = layers["units"]
    assert units.featureCount() == 9
    assert units.attributeAlias(units.fields().indexOf("population")) == "人口"
    feedback = layers["feedback"]
    idx = feedback.fields().indexOf("category")
    setup = feedback.editorWidgetSetup(idx)
    assert setup.type() == "ValueMap"
    assert {"投诉": "complaint"} in setup.config()["map"]
    rating = feedback.fields().indexOf("rating")
    assert feedback.editorWidgetSetup(rating).type() == "Range"
    assert "rating" in feedback.constraintExpression(rating)
    assert project.crs().authid() == "EPSG:32650"


def test_moved_project_still_opens(run_alg, tmp_path):
    out = str(tmp_path / "a" / "project.gpkg")
    os.makedirs(os.path.dirname(out))
    run_alg("servicegrid:createproject", _params(units_layer(str(tmp_path)), out))
    moved = tmp_path / "b"
    os.rename(tmp_path / "a", moved)
    project = QgsProject()
    assert project.read(project_uri(str(moved / "project.gpkg")))
    assert all(lyr.isValid() for lyr in project.mapLayers().values())


def test_geographic_input_is_reprojected(run_alg, tmp_path):
    rows = []
    for k, row in enumerate(unit_rows()):
        i, j = divmod(k, 3)
        lon, lat = 117.0 + j * 0.01, 36.6 + i * 0.01
        row["wkt"] = "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(
            a=lon, b=lat, c=lon + 0.01, d=lat + 0.01
        )
        rows.append(row)
    layer = units_layer(str(tmp_path), rows, epsg=4326)
    out = str(tmp_path / "p.gpkg")
    feedback = FeedbackRecorder()
    result = run_alg("servicegrid:createproject", _params(layer, out), feedback)
    assert result["CRS"] == "EPSG:32650"
    assert any("EPSG:32650" in w and "EPSG:4326" in w for w in feedback.warnings)
    vl = QgsVectorLayer(out + "|layername=units", "u", "ogr")
    area = sum(f.geometry().area() for f in vl.getFeatures())
    assert 8.5e6 < area < 9.5e6  # nine cells of ~0.89 × 1.11 km, measured in metres


def test_outlets_and_staff_csv_and_xlsx(run_alg, tmp_path):
    layer = units_layer(str(tmp_path))
    outlets = write_layer(
        str(tmp_path / "outlets.gpkg"),
        "outlets",
        ogr.wkbPoint,
        {"网点编号": ogr.OFTString, "网点名称": ogr.OFTString, "类型": ogr.OFTString},
        [
            {
                "网点编号": "O1",
                "网点名称": "和平支公司",
                "类型": "支公司",
                "wkt": "POINT(400500 3500500)",
            },
            {
                "网点编号": "O2",
                "网点名称": "东郊服务点",
                "类型": "service_point",
                "wkt": "POINT(402500 3502500)",
            },
        ],
    )
    csv = tmp_path / "staff.csv"
    csv.write_text(
        "\ufeff工号,姓名,岗位,所属网点,服务人口容量,电话\n"
        'S1,王芳,代理人,O1,"12,000",13800000001\n'
        "S2,李强,claims,O2,9000,13800000002\n",
        encoding="utf-8",
    )
    result = run_alg(
        "servicegrid:createproject",
        _params(layer, str(tmp_path / "p.gpkg"), OUTLETS=outlets, STAFF=str(csv)),
    )
    assert result["OUTLET_COUNT"] == 2 and result["STAFF_COUNT"] == 2
    out = str(tmp_path / "p.gpkg")
    assert _rows(out, "outlets", "outlet_id, kind") == [("O1", "branch"), ("O2", "service_point")]
    assert _rows(out, "staff", "staff_id, name, role, outlet_id, capacity, active") == [
        ("S1", "王芳", "agent", "O1", 12000, 1),
        ("S2", "李强", "claims", "O2", 9000, 1),
    ]

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["staff_id", "name", "role", "outlet_id", "capacity"])
    sheet.append(["S9", "赵敏", "manager", "O2", 5000])
    book.save(tmp_path / "staff.xlsx")
    result = run_alg(
        "servicegrid:createproject",
        _params(
            layer, str(tmp_path / "q.gpkg"), OUTLETS=outlets, STAFF=str(tmp_path / "staff.xlsx")
        ),
    )
    assert _rows(str(tmp_path / "q.gpkg"), "staff", "staff_id, name, role") == [
        ("S9", "赵敏", "manager")
    ]


# ------------------------------------------------------------------ bad input


def _assert_refused(run_alg, tmp_path, params, *needles):
    out = params["OUTPUT"]
    before = set(os.listdir(os.path.dirname(out)))
    with pytest.raises(QgsProcessingException) as info:
        run_alg("servicegrid:createproject", params)
    message = str(info.value)
    for needle in needles:
        assert needle in message, message
    assert set(os.listdir(os.path.dirname(out))) == before, "something was left behind"
    assert not glob.glob(os.path.join(os.path.dirname(out), ".service-grid-*"))
    return message


def test_missing_population_field(run_alg, tmp_path):
    layer = units_layer(str(tmp_path))
    _assert_refused(
        run_alg,
        tmp_path,
        _params(layer, str(tmp_path / "p.gpkg"), POPULATION_FIELD="people"),
        "people",
        "pop",
    )


def test_non_numeric_population(run_alg, tmp_path):
    rows = unit_rows()
    fields = dict(UNIT_FIELDS, pop=ogr.OFTString)
    for row in rows:
        row["pop"] = str(row["pop"])
    rows[2]["pop"] = "about 300"
    rows[5]["pop"] = "n/a"
    layer = units_layer(str(tmp_path), rows, fields=fields)
    message = _assert_refused(
        run_alg,
        tmp_path,
        _params(layer, str(tmp_path / "p.gpkg")),
        "pop",
        "U002",
        "U005",
        "numbers",
    )
    assert "U001" not in message


def test_numeric_text_population_is_accepted(run_alg, tmp_path):
    rows = unit_rows()
    fields = dict(UNIT_FIELDS, pop=ogr.OFTString)
    for row in rows:
        row["pop"] = "{:,}".format(row["pop"] * 10)
    layer = units_layer(str(tmp_path), rows, fields=fields)
    result = run_alg("servicegrid:createproject", _params(layer, str(tmp_path / "p.gpkg")))
    assert result["POPULATION"] == 10 * sum(1000 + 100 * k for k in range(9))


@pytest.mark.parametrize("bad, word", [(None, "NULL"), (-5, "negative")])
def test_null_or_negative_population(run_alg, tmp_path, bad, word):
    rows = unit_rows()
    rows[3]["pop"] = bad
    rows[7]["pop"] = bad
    layer = units_layer(str(tmp_path), rows)
    _assert_refused(
        run_alg, tmp_path, _params(layer, str(tmp_path / "p.gpkg")), "U003", "U007", word
    )


def test_duplicate_unit_ids(run_alg, tmp_path):
    rows = unit_rows()
    rows[4]["code"] = "U001"
    layer = units_layer(str(tmp_path), rows)
    _assert_refused(
        run_alg, tmp_path, _params(layer, str(tmp_path / "p.gpkg")), "code", "U001", "unique"
    )


def test_invalid_geometry_is_repaired_and_reported(run_alg, tmp_path):
    rows = unit_rows()
    # a bow-tie (self-intersecting) polygon in place of unit U004
    rows[4]["wkt"] = (
        "POLYGON((401000 3501000,402000 3502000,402000 3501000,401000 3502000,401000 3501000))"
    )
    layer = units_layer(str(tmp_path), rows)
    feedback = FeedbackRecorder()
    out = str(tmp_path / "p.gpkg")
    run_alg("servicegrid:createproject", _params(layer, out), feedback)
    assert any("U004" in w and "Repaired" in w for w in feedback.warnings)
    vl = QgsVectorLayer(out + "|layername=units", "u", "ogr")
    geoms = {f["unit_id"]: f.geometry() for f in vl.getFeatures()}
    assert geoms["U004"].isGeosValid()
    assert geoms["U004"].area() == pytest.approx(500000.0)


def test_empty_layer(run_alg, tmp_path):
    layer = units_layer(str(tmp_path), [])
    _assert_refused(run_alg, tmp_path, _params(layer, str(tmp_path / "p.gpkg")), "no features")


def test_point_layer_is_refused(run_alg, tmp_path):
    layer = write_layer(
        str(tmp_path / "pts.gpkg"),
        "pts",
        ogr.wkbPoint,
        UNIT_FIELDS,
        [dict(r, wkt="POINT(400000 3500000)") for r in unit_rows()],
    )
    _assert_refused(run_alg, tmp_path, _params(layer, str(tmp_path / "p.gpkg")), "polygon")


def test_no_crs_is_refused(run_alg, tmp_path):
    layer = units_layer(str(tmp_path), epsg=None)
    _assert_refused(
        run_alg,
        tmp_path,
        _params(layer, str(tmp_path / "p.gpkg")),
        "no coordinate reference system",
        "Assign projection",
    )


def test_existing_output_is_never_overwritten(run_alg, tmp_path):
    layer = units_layer(str(tmp_path))
    out = tmp_path / "p.gpkg"
    out.write_bytes(b"precious")
    _assert_refused(run_alg, tmp_path, _params(layer, str(out)), "already exists")
    assert out.read_bytes() == b"precious"


def test_overwrite_keeps_a_backup(run_alg, tmp_path):
    layer = units_layer(str(tmp_path))
    out = tmp_path / "p.gpkg"
    out.write_bytes(b"precious")
    run_alg("servicegrid:createproject", _params(layer, str(out), OVERWRITE=True))
    backups = glob.glob(str(tmp_path / "p.*.bak.gpkg"))
    assert len(backups) == 1 and open(backups[0], "rb").read() == b"precious"
    assert core_gpkg.read_meta(str(out))["schema_version"] == str(schema.SCHEMA_VERSION)


def test_unknown_staff_outlet(run_alg, tmp_path):
    layer = units_layer(str(tmp_path))
    outlets = one_outlet(str(tmp_path / "o.gpkg"), "o")
    csv = tmp_path / "staff.csv"
    csv.write_text("staff_id,name,outlet_id\nS1,王芳,O1\nS2,李强,O7\n", encoding="utf-8")
    _assert_refused(
        run_alg,
        tmp_path,
        _params(layer, str(tmp_path / "p.gpkg"), OUTLETS=outlets, STAFF=str(csv)),
        "S2",
        "outlet",
    )


def test_cancel_leaves_nothing(run_alg, tmp_path):
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda value: feedback.cancel())
    layer = units_layer(str(tmp_path))
    before = set(os.listdir(tmp_path))
    run_alg("servicegrid:createproject", _params(layer, str(tmp_path / "p.gpkg")), feedback)
    assert set(os.listdir(tmp_path)) == before


def test_runs_inside_a_processing_model(plugin, tmp_path):
    """The algorithm as a Model Builder step (the model is built in code, as Model Builder
    saves it)."""
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFileDestination,
        QgsProcessingParameterVectorLayer,
    )

    model = QgsProcessingModelAlgorithm("city project", "tests")
    model.addModelParameter(
        QgsProcessingParameterVectorLayer("units", "Units"), QgsProcessingModelParameter("units")
    )
    child = QgsProcessingModelChildAlgorithm("servicegrid:createproject")
    child.setChildId("create")
    child.addParameterSources(
        "INPUT", [QgsProcessingModelChildParameterSource.fromModelParameter("units")]
    )
    for key, value in BASE.items():
        child.addParameterSources(
            key, [QgsProcessingModelChildParameterSource.fromStaticValue(value)]
        )
    output = QgsProcessingModelOutput("project", "Project")
    output.setChildOutputName("OUTPUT")
    child.setModelOutputs({"project": output})
    model.addChildAlgorithm(child)
    # The model's one output: QGIS 3.22 names it "<child id>:<output name>", QGIS 3.40 by the
    # output's own name.
    (destination,) = model.destinationParameterDefinitions()
    name = destination.name()
    assert name in ("create:project", "project")
    assert isinstance(model.parameterDefinition(name), QgsProcessingParameterFileDestination)
    out = str(tmp_path / "model.gpkg")
    results, ok = model.run(
        {"units": units_layer(str(tmp_path)), name: out},
        QgsProcessingContext(),
        QgsProcessingFeedback(),
    )
    assert ok and results[name] == out
    assert core_gpkg.read_meta(out)["schema_version"] == str(schema.SCHEMA_VERSION)
