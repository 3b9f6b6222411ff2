"""The compute core without QGIS: value parsing, field guessing, checks, atomic output."""

import os

import pytest
import shapely

from service_grid.algorithms.core import deps, gpkg, schema
from service_grid.algorithms.core.errors import InputError, format_ids
from service_grid.algorithms.core.tables import (
    RawTable,
    guess_fields,
    parse_number,
    prepare_staff,
    prepare_units,
)


def test_parse_number():
    assert parse_number("12,345") == 12345.0
    assert parse_number(" 7 ") == 7.0
    assert parse_number("") is None and parse_number(None) is None
    assert parse_number(float("nan")) is None
    with pytest.raises(ValueError):
        parse_number("about 3")


def test_guess_fields_english_and_chinese():
    found = guess_fields(
        ["OBJECTID", "常住人口", "Name", "工号"], ["population", "name", "staff_id", "income"]
    )
    assert found == {"population": "常住人口", "name": "Name", "staff_id": "工号"}


def test_format_ids_is_bounded():
    assert format_ids(range(3)) == "0, 1, 2"
    assert format_ids(range(100), limit=3) == "0, 1, 2 … (+97)"


def _raw(n=3, **columns):
    geoms = [shapely.box(i, 0, i + 1, 1) for i in range(n)]
    base = {"unit_id": ["a", "b", "c"][:n], "population": [1, 2, 3][:n]}
    base.update(columns)
    return RawTable("units", list(range(n)), base, {}, geoms)


def test_percentages_become_shares():
    table = prepare_units(_raw(elderly_share=[12.0, 30.0, None]))
    assert table.columns["elderly_share"] == [pytest.approx(0.12), pytest.approx(0.30), None]
    assert any("percentages" in note for note in table.notes)


def test_share_above_100_is_refused():
    with pytest.raises(InputError, match="above 100"):
        prepare_units(_raw(youth_share=[0.1, 150.0, 0.2]))


def test_polygon_with_no_area_is_refused():
    raw = _raw()
    raw.geometries[1] = shapely.LineString([(0, 0), (1, 1)])
    with pytest.raises(InputError, match="b"):
        prepare_units(raw)


def test_staff_roles_and_active_flags():
    raw = RawTable(
        "staff",
        [1, 2],
        {
            "staff_id": ["S1", "S2"],
            "name": ["王芳", "李强"],
            "role": ["理赔员", "Manager"],
            "active": ["离职", None],
        },
    )
    table = prepare_staff(raw, None)
    assert table.columns["role"] == ["claims", "manager"]
    assert table.columns["active"] == [0, 1]
    raw.columns["role"] = ["pilot", "agent"]
    with pytest.raises(InputError, match="pilot"):
        prepare_staff(raw, None)


def test_atomic_output_leaves_nothing_on_error(tmp_path):
    target = tmp_path / "x.gpkg"
    with pytest.raises(RuntimeError):
        with gpkg.atomic_output(str(target)) as tmp:
            open(tmp, "w").write("half")
            raise RuntimeError("boom")
    assert os.listdir(tmp_path) == []


def test_project_gpkg_without_qgis(tmp_path):
    units = prepare_units(_raw())
    path = str(tmp_path / "p.gpkg")
    wkt = (
        'PROJCS["WGS 84 / UTM zone 50N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",'
        '6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],'
        'PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",117],'
        'PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],'
        'PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32650"]]'
    )
    with gpkg.atomic_output(path) as tmp:
        counts = gpkg.create_project_gpkg(tmp, wkt, {"units": units}, {"created_with": "test"})
    assert counts["units"] == 3 and counts["feedback"] == 0
    meta = gpkg.read_meta(path)
    assert meta["schema_version"] == str(schema.SCHEMA_VERSION)


def test_dependencies_present():
    assert deps.missing_dependencies() == []
    assert deps._version_tuple("1.8.5") < deps.SHAPELY_MIN <= deps._version_tuple("2.0.7")
