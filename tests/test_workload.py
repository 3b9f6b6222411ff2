"""One workload and one "over capacity": allocatestaff's OVERLOADED_STAFF, the Staff & outlets
dock's Workload tab (pytest-qt, the real dock) and the workbook's Staff sheet (openpyxl) agree
on the sample city, right after allocatestaff and after a hand-made overload."""

import shutil

import openpyxl
import pytest
from conftest import dock_on_project
from datasets import sample_city_project, sql, write_assignments
from osgeo import ogr

from service_grid.algorithms.core import workload as core
from service_grid.algorithms.core.staffing_workbook import write_workbook
from service_grid.plugin.staff_dock import StaffDock


@pytest.fixture(scope="module")
def allocated(plugin, qgis_processing, tmp_path_factory):
    """The sample city (grids of ~30,000, classified) after allocatestaff stored its result."""
    import processing

    folder = tmp_path_factory.mktemp("workload")
    path = sample_city_project(str(folder / "city.gpkg"), classify=True)
    result = processing.run(
        "servicegrid:allocatestaff",
        {
            "GRIDS": path + "|layername=grids",
            "STAFF": path + "|layername=staff",
            "OUTLETS": path + "|layername=outlets",
            "PROJECT": path,
            "OUTPUT_GRIDS": str(folder / "grids.gpkg"),
            "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
        },
    )
    return path, result, str(folder / "grids.gpkg")


def _dock_figures(path, iface):
    """The Workload tab's loads, over-capacity list and warning text, from the real dock."""
    fixture = dock_on_project(StaffDock, path, iface)
    _path, dock = next(fixture)
    try:
        values = dock.workload_chart.values()
        over = sorted(s for s, (_l, _c, o) in values.items() if o)
        return values, over, dock.warningsLabel.text(), sorted(dock.data.overloaded())
    finally:
        next(fixture, None)


def _workbook_figures(path, out):
    book = write_workbook(path, out, "en")
    sheet = openpyxl.load_workbook(book.path)["Staff"]
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    sid, load, util = (
        head.index(h) for h in ("Staff id", "Workload (people served)", "Utilisation")
    )
    loads = {r[sid]: r[load] for r in rows[1:]}
    over = sorted(r[sid] for r in rows[1:] if r[util] is not None and r[util] > 1 + 1e-6)
    return loads, over, book.overloaded_staff


def test_allocatestaff_dock_and_workbook_agree(allocated, qgis_iface, qtbot, tmp_path):
    path, result, grids_out = allocated
    # the sample roster covers the city: a plan that works
    assert result["SHORTFALL_CAPACITY"] == 0 and result["UNDERSTAFFED_GRIDS"] == 0
    values, dock_over, text, listed = _dock_figures(path, qgis_iface)
    loads, book_over, book_count = _workbook_figures(path, str(tmp_path / "staffing.xlsx"))
    assert result["OVERLOADED_STAFF"] == len(dock_over) == len(listed) == book_count
    assert dock_over == book_over == listed
    assert result["OVERLOADED_STAFF"] == 0
    assert "Staff over capacity" not in text and "nobody is over capacity" in text
    # allocatestaff's own shares: each grid's workload over its recommended staff
    ds = ogr.Open(grids_out)
    share = {
        f["grid_id"]: f["workload"] / f["recommended_staff"] for f in ds.GetLayerByName("grids")
    }
    ds = None
    alloc = {}
    for staff_id, grid_id in sql(path, "SELECT staff_id, grid_id FROM assignments"):
        alloc[staff_id] = alloc.get(staff_id, 0.0) + share[grid_id]
    for staff_id, load in alloc.items():
        assert values[staff_id][0] == pytest.approx(load, rel=1e-3, abs=1)
        assert loads[staff_id] == pytest.approx(load, abs=1)  # the sheet rounds to people


def test_a_hand_made_overload_is_counted_the_same(allocated, qgis_iface, qtbot, tmp_path):
    source, _result, _grids = allocated
    path = str(tmp_path / "city.gpkg")
    shutil.copy(source, path)
    # the person with the smallest capacity also takes the three largest grids
    small = sql(
        path, "SELECT staff_id FROM staff WHERE active = 1 ORDER BY capacity, staff_id LIMIT 1"
    )[0][0]
    largest = [
        g for (g,) in sql(path, "SELECT grid_id FROM grids ORDER BY population DESC LIMIT 3")
    ]
    taken = {
        g for (g,) in sql(path, "SELECT grid_id FROM assignments WHERE staff_id = ?", (small,))
    }
    write_assignments(path, [(small, g) for g in largest if g not in taken])
    values, dock_over, text, listed = _dock_figures(path, qgis_iface)
    loads, book_over, book_count = _workbook_figures(path, str(tmp_path / "staffing.xlsx"))
    assert small in dock_over
    assert dock_over == book_over == listed and book_count == len(dock_over) >= 1
    assert "Staff over capacity: {}".format(len(dock_over)) in text
    for staff_id, (load, _capacity, _over) in values.items():
        assert loads[staff_id] == pytest.approx(load, abs=1)


def test_the_core_definition():
    loads, grids = core.person_loads(
        ["A", "B", "C"],
        [30000.0, 20000.0, 9000.0],
        [3, None, 1],
        [("s1", "A"), ("s2", "A"), ("s1", "B"), ("s2", "B"), ("s3", "C"), ("s3", "C"), ("s9", "X")],
    )
    # A: 3 places (one empty): 10,000 each; B: no recommendation, 2 assigned: 10,000 each
    assert loads == {"s1": 20000.0, "s2": 20000.0, "s3": 9000.0}
    assert grids == {"s1": ["A", "B"], "s2": ["A", "B"], "s3": ["C"]}
    assert core.over_capacity(loads, {"s1": 19000, "s2": None, "s3": "9000"}) == ["s1"]
    assert not core.is_over(10000.004, 10000) and core.is_over(10000.5, 10000)
    assert not core.is_over(1e9, 0) and not core.is_over(1e9, "")
    # the demand index moves workload between grids, the total stays the population
    w = core.grid_workloads([1000, 3000], [1.0, 3.0])
    assert w.sum() == pytest.approx(4000) and w[1] > 3000


def test_quality_field_adds_places_not_load(allocated, qgis_iface, qtbot, tmp_path):
    """With QUALITY_FIELD the flagged grids get more places; the load of the people there is
    their share of the people served, the same in allocatestaff, the dock and the workbook."""
    import processing

    source, first, _grids = allocated
    path = str(tmp_path / "city.gpkg")
    shutil.copy(source, path)
    largest = [
        g for (g,) in sql(path, "SELECT grid_id FROM grids ORDER BY population DESC LIMIT 3")
    ]
    ds = ogr.Open(path, 1)
    layer = ds.GetLayerByName("grids")
    layer.CreateField(ogr.FieldDefn("staff_change", ogr.OFTInteger))
    ds.StartTransaction()
    for feature in layer:
        feature.SetField("staff_change", 2 if feature["grid_id"] in largest else 0)
        layer.SetFeature(feature)
    ds.CommitTransaction()
    ds = None
    result = processing.run(
        "servicegrid:allocatestaff",
        {
            "GRIDS": path + "|layername=grids",
            "STAFF": path + "|layername=staff",
            "OUTLETS": path + "|layername=outlets",
            "QUALITY_FIELD": "staff_change",
            "PROJECT": path,
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
            "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
        },
    )
    assert result["TOTAL_RECOMMENDED"] == first["TOTAL_RECOMMENDED"] + 6
    values, dock_over, _text, listed = _dock_figures(path, qgis_iface)
    loads, book_over, book_count = _workbook_figures(path, str(tmp_path / "staffing.xlsx"))
    assert result["OVERLOADED_STAFF"] == len(dock_over) == book_count
    assert dock_over == book_over == listed
    for staff_id, (load, _capacity, _over) in values.items():
        assert loads[staff_id] == pytest.approx(load, abs=1)


def test_staff_without_a_capacity_count_the_staff_capacity_everywhere(
    allocated, qgis_iface, qtbot, tmp_path
):
    """allocatestaff gives staff with an empty capacity its STAFF_CAPACITY and keeps it in the
    project, so the dock and the workbook judge them against the same figure."""
    import processing

    source, _result, _grids = allocated
    path = str(tmp_path / "city.gpkg")
    shutil.copy(source, path)
    ds = ogr.Open(path, 1)
    ds.ExecuteSQL(
        "UPDATE staff SET capacity = NULL WHERE staff_id IN (SELECT staff_id FROM staff "
        "WHERE active = 1 ORDER BY staff_id LIMIT 20)"
    )
    ds = None
    empty = [s for (s,) in sql(path, "SELECT staff_id FROM staff WHERE capacity IS NULL")]
    assert len(empty) == 20
    result = processing.run(
        "servicegrid:allocatestaff",
        {
            "GRIDS": path + "|layername=grids",
            "STAFF": path + "|layername=staff",
            "OUTLETS": path + "|layername=outlets",
            "PROJECT": path,
            "STAFF_CAPACITY": 15000,
            "OUTPUT_GRIDS": "TEMPORARY_OUTPUT",
            "OUTPUT_ASSIGNMENTS": "TEMPORARY_OUTPUT",
        },
    )
    assert sql(path, "SELECT value FROM sg_meta WHERE key = ?", (core.DEFAULT_CAPACITY_KEY,)) == [
        ("15000.0",)
    ]
    values, dock_over, _text, _listed = _dock_figures(path, qgis_iface)
    for staff_id in empty:
        assert values[staff_id][1] == 15000
    book = write_workbook(path, str(tmp_path / "staffing.xlsx"), "en")
    rows = list(openpyxl.load_workbook(book.path)["Staff"].iter_rows(values_only=True))
    cap = rows[0].index("Capacity (population)")
    by_id = {r[0]: r for r in rows[1:]}
    assert all(by_id[s][cap] == 15000 for s in empty)
    assert len(dock_over) == book.overloaded_staff == result["OVERLOADED_STAFF"]
