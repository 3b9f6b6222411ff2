"""servicegrid:buildgrids by density and income (issue 14): balance variables with weights,
targets by area (field or density class), income-homogeneous grids; reproducible; bad input.
Real GeoPackages through Processing, and the core on its own."""

import numpy as np
import pytest
import shapely
from datasets import FeedbackRecorder, write_layer
from osgeo import ogr
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer
from test_build_grids import lattice_rows

from service_grid.algorithms.core.errors import InputError
from service_grid.algorithms.core.grid_balance import (
    BalanceVariable,
    check_balance,
    income_dispersion,
    one_tier_share,
    unit_targets,
)
from service_grid.algorithms.core.gridding import GridOptions, build_grids

FIELDS = {
    "code": ogr.OFTString,
    "pop": ogr.OFTInteger,
    "street": ogr.OFTString,
    "income": ogr.OFTReal,
    "old_grid": ogr.OFTString,
    "hh": ogr.OFTReal,
    "tgt": ogr.OFTReal,
}


def demand_rows(n=20, m=20, seed=3):
    """The lattice of test_build_grids with households (people per household varying by
    column: a population-only division does not balance them) and villa blocks of high
    income in a sea of low income."""
    rows = lattice_rows(n, m, seed=seed)
    rng = np.random.default_rng(seed)
    for r in rows:
        i, j = int(r["code"][1:4]), int(r["code"][4:7])
        r["hh"] = round(r["pop"] / (2.4 + 0.9 * j / m), 1)
        villa = (i // 4 + j // 4) % 3 == 0
        r["income"] = round((95000.0 if villa else 28000.0) * rng.uniform(0.95, 1.05), 1)
        r["tgt"] = None
    return rows


class Recorder(QgsProcessingFeedback):
    """Keeps the errors a run reports."""

    def __init__(self):
        super().__init__()
        self.errors = []

    def reportError(self, error, fatalError=False):  # noqa: N802, N803 (QGIS API)
        self.errors.append(error)


def _layer(tmp_path, rows, name="units"):
    return write_layer(str(tmp_path / (name + ".gpkg")), name, ogr.wkbPolygon, FIELDS, rows, 32650)


def _run(run_alg, tmp_path, layer, tag="g", feedback=None, **params):
    base = {
        "INPUT": layer,
        "POPULATION_FIELD": "pop",
        "INCOME_FIELD": "income",
        "TARGET_POPULATION": 8000,
        "TOLERANCE": 10,
        "OUTPUT": str(tmp_path / (tag + "_grids.gpkg")),
        "OUTPUT_UNITS": str(tmp_path / (tag + "_units.gpkg")),
    }
    base.update(params)
    return run_alg("servicegrid:buildgrids", base, feedback)


def _units(path):
    layer = QgsVectorLayer(path, "u", "ogr")
    assert layer.isValid()
    return {f["code"]: f for f in layer.getFeatures()}


def _sums(units, field):
    out = {}
    for f in units.values():
        out[f["grid_id"]] = out.get(f["grid_id"], 0.0) + float(f[field])
    return out


def _cv(values):
    values = np.array(list(values), dtype=float)
    return float(values.std() / values.mean())


def test_two_balance_variables_balance_both(run_alg, tmp_path):
    layer = _layer(tmp_path, demand_rows())
    only_pop = _run(run_alg, tmp_path, layer, "p")
    both = _run(run_alg, tmp_path, layer, "b", BALANCE=["pop", 1, 10, '"hh" * 1.0', 1, 10])
    hh_only_pop = _cv(_sums(_units(only_pop["OUTPUT_UNITS"]), "hh").values())
    hh_both = _cv(_sums(_units(both["OUTPUT_UNITS"]), "hh").values())
    pop_both = _cv(_sums(_units(both["OUTPUT_UNITS"]), "pop").values())
    # households were not balanced by a population-only division; now both are
    assert hh_only_pop > 0.06
    assert hh_both < 0.055 and pop_both < 0.055
    report = both["BALANCE_REPORT"].splitlines()
    assert len(report) == 2
    assert report[0].startswith("pop: CV") and report[1].startswith('"hh" * 1.0: CV')
    assert all("100% of grids within its tolerance" in line for line in report)
    assert both["NON_CONTIGUOUS"] == 0
    # the income figures are reported for every run with an income field
    assert 0 < only_pop["INCOME_DISPERSION"] < 1
    assert 0 <= only_pop["ONE_TIER_SHARE"] <= 1


def test_weights_trade_the_variables(run_alg, tmp_path):
    """A tolerance too tight for both: the heavier variable is balanced better."""
    layer = _layer(tmp_path, demand_rows())
    params = dict(TOLERANCE=30)
    pop_heavy = _run(run_alg, tmp_path, layer, "a", BALANCE=["pop", 10, 30, "hh", 1, 30], **params)
    hh_heavy = _run(run_alg, tmp_path, layer, "b", BALANCE=["pop", 1, 30, "hh", 10, 30], **params)
    a = _units(pop_heavy["OUTPUT_UNITS"])
    b = _units(hh_heavy["OUTPUT_UNITS"])
    assert _cv(_sums(a, "pop").values()) < _cv(_sums(b, "pop").values())
    assert _cv(_sums(b, "hh").values()) < _cv(_sums(a, "hh").values())


def test_workload_keyword(run_alg, tmp_path):
    result = _run(run_alg, tmp_path, _layer(tmp_path, demand_rows()), BALANCE=["workload", 1, ""])
    assert result["BALANCE_REPORT"].startswith("workload: CV")
    assert result["GRID_COUNT"] >= 2


def test_density_class_targets_make_finer_grids_in_the_core(run_alg, tmp_path):
    rows = demand_rows(24, 24)
    for r in rows:  # a dense core (i, j < 8) with 8× the people of the rest
        i, j = int(r["code"][1:4]), int(r["code"][4:7])
        r["pop"] = 1200 if i < 8 and j < 8 else 150
    layer = _layer(tmp_path, rows)
    # 500 m units: 1,200 people = 4,800 per km² (urban), 150 = 600 per km² (suburban)
    result = _run(
        run_alg,
        tmp_path,
        layer,
        DENSITY_TARGETS=["urban", 6000, "城郊", 18000],
        TARGET_POPULATION=12000,
    )
    units = _units(result["OUTPUT_UNITS"])
    pops = _sums(units, "pop")
    inside = {}
    for code, f in units.items():
        inside.setdefault(f["grid_id"], set()).add(int(code[1:4]) < 8 and int(code[4:7]) < 8)
    core = [pops[g] for g, where in inside.items() if where == {True}]
    rest = [pops[g] for g, where in inside.items() if where == {False}]
    assert len(core) >= 8 and len(rest) >= 2
    assert np.mean(core) == pytest.approx(6000, rel=0.1)
    assert np.mean(rest) == pytest.approx(18000, rel=0.1)
    assert result["WITHIN_TOLERANCE"] == 1.0  # each grid against its own target
    assert result["NON_CONTIGUOUS"] == 0


def test_target_field_per_unit(run_alg, tmp_path):
    rows = demand_rows()
    for r in rows:  # street S1 wants grids of 4,000, S2 of the default (8,000)
        r["tgt"] = 4000.0 if r["street"] == "S1" else None
    result = _run(
        run_alg, tmp_path, _layer(tmp_path, rows), NEST_FIELD="street", TARGET_FIELD="tgt"
    )
    units = _units(result["OUTPUT_UNITS"])
    pops = _sums(units, "pop")
    street = {f["grid_id"]: f["street"] for f in units.values()}
    s1 = [p for g, p in pops.items() if street[g] == "S1"]
    s2 = [p for g, p in pops.items() if street[g] == "S2"]
    assert np.mean(s1) == pytest.approx(4000, rel=0.15)
    assert np.mean(s2) == pytest.approx(8000, rel=0.15)


def test_income_homogeneity_separates_villas_from_villages(run_alg, tmp_path):
    layer = _layer(tmp_path, demand_rows(24, 24))
    mixed = _run(run_alg, tmp_path, layer, "m", TARGET_POPULATION=6000)
    homog = _run(run_alg, tmp_path, layer, "h", TARGET_POPULATION=6000, HOMOGENEITY=1.0)
    assert homog["INCOME_DISPERSION"] < 0.7 * mixed["INCOME_DISPERSION"]
    assert homog["ONE_TIER_SHARE"] > mixed["ONE_TIER_SHARE"]
    # still balanced within the tolerance and contiguous
    assert homog["WITHIN_TOLERANCE"] == 1.0
    assert homog["NON_CONTIGUOUS"] == 0 and homog["GRID_COUNT"] == mixed["GRID_COUNT"]


def test_everything_is_reproducible(run_alg, tmp_path):
    layer = _layer(tmp_path, demand_rows())
    params = dict(
        BALANCE=["pop", 2, 10, "hh", 1, 15],
        HOMOGENEITY=0.6,
        DENSITY_TARGETS=["suburban", 7000],
    )
    first = _units(_run(run_alg, tmp_path, layer, "r1", **params)["OUTPUT_UNITS"])
    second = _units(_run(run_alg, tmp_path, layer, "r2", **params)["OUTPUT_UNITS"])
    assert {c: f["grid_id"] for c, f in first.items()} == {
        c: f["grid_id"] for c, f in second.items()
    }


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(BALANCE=["pop", 1]), "rows of three values"),
        (dict(BALANCE=["pop", "heavy", 10]), "weight of 'pop'.*not a number: 'heavy'"),
        (dict(BALANCE=['"pop" +* 2', 1, 10]), "neither a field of the units nor a valid"),
        (dict(BALANCE=["code", 1, 10]), "'code'.*not a number for feature"),
        (dict(BALANCE=["pop", 0, 10]), "weight of the balance variable pop must be"),
        (dict(BALANCE=["pop", 1, 10, "pop", 1, 10]), "pop is given twice"),
        (dict(BALANCE=['"pop" - 5000', 1, 10]), "negative or not a number for .* unit"),
        (dict(HOMOGENEITY=1.0, INCOME_FIELD=None), "need the units' income"),
        (dict(DENSITY_TARGETS=["downtown", 5000]), "Unknown density class 'downtown'"),
        (dict(DENSITY_TARGETS=["urban", 0]), "must be a number above 0"),
        (dict(DENSITY_TARGETS=["urban"]), "pairs of a density class"),
    ],
)
def test_bad_input(run_alg, tmp_path, params, message):
    rows = demand_rows(6, 6)
    if "INCOME_FIELD" in params:
        for r in rows:
            r["income"] = None
    with pytest.raises(QgsProcessingException, match=message):
        _run(run_alg, tmp_path, _layer(tmp_path, rows), **params)


def test_bad_target_field_names_the_units(run_alg, tmp_path):
    rows = demand_rows(6, 6)
    rows[4]["tgt"] = -10.0
    with pytest.raises(QgsProcessingException, match="U000004"):
        _run(run_alg, tmp_path, _layer(tmp_path, rows), TARGET_FIELD="tgt")


# ---------------------------------------------------------------- the core alone


def test_core_figures():
    part = np.array([0, 0, 1, 1])
    pop = np.array([100.0, 100.0, 100.0, 100.0])
    income = [20000, 20000, 90000, 90000]
    assert income_dispersion(part, 2, income, pop) == pytest.approx(0.0)
    assert income_dispersion(np.array([0, 1, 0, 1]), 2, income, pop) == pytest.approx(1.0)
    assert one_tier_share(part, 2, income, pop) == 1.0
    assert one_tier_share(np.array([0, 1, 0, 1]), 2, income, pop) == 0.0
    assert income_dispersion(part, 2, None, pop) is None


def test_core_checks_and_targets():
    pop = np.array([10.0, 20.0, 30.0])
    names = ["a", "b", "c"]
    balance, notes = check_balance([BalanceVariable("x", [1, None, 3], 2.0, 0.2)], pop, 0.1, names)
    assert balance.values[:, 0].tolist() == [1.0, 0.0, 3.0] and "b" in notes[0]
    assert balance.tolerances.tolist() == [0.2]
    with pytest.raises(InputError, match="between 0 and 1"):
        check_balance([BalanceVariable("x", [1, 2, 3], 1.0, 1.5)], pop, 0.1, names)
    with pytest.raises(InputError, match="0 for every unit"):
        check_balance([BalanceVariable("x", [0, 0, 0])], pop, 0.1, names)
    density = np.array([20000.0, 1000.0, 10.0])
    target, _notes = unit_targets(3, 9000, None, {"urban_core": 5000}, density, names)
    assert target.tolist() == [5000.0, 9000.0, 9000.0]
    target, _notes = unit_targets(3, None, [100, None, 300], {"suburban": 700}, density, names)
    assert target.tolist() == [100.0, 700.0, 300.0]
    with pytest.raises(InputError, match="no target population: b"):
        unit_targets(3, None, [100, None, 300], None, density, names)


def test_core_two_variables_on_voronoi_units():
    rng = np.random.default_rng(11)
    pts = rng.uniform(0, 10000, size=(1200, 2))
    box = shapely.box(0, 0, 10000, 10000)
    cells = shapely.intersection(
        shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=box)), box
    )
    pop = rng.integers(100, 400, len(cells)).astype(float)
    customers = pop * rng.uniform(0.01, 0.2, len(cells))
    result = build_grids(
        cells,
        pop,
        options=GridOptions(target_population=pop.sum() / 24, tolerance=0.1),
        balance=[BalanceVariable("pop", pop), BalanceVariable("customers", customers)],
    )
    assert set(result.balance) == {"pop", "customers"}
    assert result.balance["pop"]["WITHIN_TOLERANCE"] == 1.0
    assert result.balance["customers"]["WITHIN_TOLERANCE"] >= 0.9
    assert result.balance["customers"]["CV"] < 0.08
    assert result.stats["NON_CONTIGUOUS"] == 0


def test_qgis_process_matrix_parameters(tmp_path):
    """BALANCE and DENSITY_TARGETS as qgis_process passes matrices: one comma-separated value."""
    from conftest import run_qgis_process

    layer = _layer(tmp_path, demand_rows())
    answer = run_qgis_process(
        tmp_path,
        "servicegrid:buildgrids",
        {
            "INPUT": layer,
            "POPULATION_FIELD": "pop",
            "INCOME_FIELD": "income",
            "TARGET_POPULATION": 8000,
            "BALANCE": "pop,1,10,hh,1,10",
            "DENSITY_TARGETS": "suburban,7000",
            "HOMOGENEITY": 0.5,
            "OUTPUT": str(tmp_path / "qp_grids.gpkg"),
        },
    )
    results = answer["results"]
    lines = results["BALANCE_REPORT"].splitlines()
    assert [line.split(":")[0] for line in lines] == ["pop", "hh"]
    assert 0 < results["INCOME_DISPERSION"] < 1
    assert results["NON_CONTIGUOUS"] == 0


def test_model_builder_with_balance_from_a_model_input(run_alg, tmp_path):
    """A model (as Model Builder saves it, written to .model3 and read back): the model's own
    matrix input feeds BALANCE, DENSITY_TARGETS is a static value."""
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterMatrix,
        QgsProcessingParameterVectorLayer,
    )

    model = QgsProcessingModelAlgorithm("grids by demand", "tests")
    model.addModelParameter(
        QgsProcessingParameterVectorLayer("units", "Units"), QgsProcessingModelParameter("units")
    )
    model.addModelParameter(
        QgsProcessingParameterMatrix("balance", "Balance", headers=["What", "Weight", "Tol"]),
        QgsProcessingModelParameter("balance"),
    )
    child = QgsProcessingModelChildAlgorithm("servicegrid:buildgrids")
    child.setChildId("grids")
    static = QgsProcessingModelChildParameterSource.fromStaticValue
    child.addParameterSources(
        "INPUT", [QgsProcessingModelChildParameterSource.fromModelParameter("units")]
    )
    child.addParameterSources(
        "BALANCE", [QgsProcessingModelChildParameterSource.fromModelParameter("balance")]
    )
    for key, value in (
        ("POPULATION_FIELD", "pop"),
        ("INCOME_FIELD", "income"),
        ("TARGET_POPULATION", 8000),
        ("DENSITY_TARGETS", ["suburban", 7000]),
        ("HOMOGENEITY", 0.5),
    ):
        child.addParameterSources(key, [static(value)])
    output = QgsProcessingModelOutput("grids", "Grids")
    output.setChildOutputName("OUTPUT")
    child.setModelOutputs({"grids": output})
    model.addChildAlgorithm(child)
    path = str(tmp_path / "demand.model3")
    assert model.toFile(path)
    again = QgsProcessingModelAlgorithm()
    assert again.fromFile(path)
    feedback = Recorder()
    results, ok = again.run(
        {
            "units": _layer(tmp_path, demand_rows()),
            "balance": ["pop", 1, 10, "hh", 1, 10],
            "grids:grids": str(tmp_path / "model_grids.gpkg"),
        },
        QgsProcessingContext(),
        feedback,
    )
    assert ok, feedback.errors
    child_results = results["CHILD_RESULTS"]["grids"]
    assert [line.split(":")[0] for line in child_results["BALANCE_REPORT"].splitlines()] == [
        "pop",
        "hh",
    ]
    assert (
        QgsVectorLayer(str(tmp_path / "model_grids.gpkg"), "g", "ogr").featureCount()
        == (child_results["GRID_COUNT"])
    )


# ---------------------------------------------------------------- barriers, end to end


def _river(tmp_path, x, name="river", y0=3500000.0 - 200, y1=3500000.0 + 20 * 500 + 200):
    from datasets import write_layer as write

    wkt = "LINESTRING({x} {a}, {x2} {m}, {x} {b})".format(
        x=x, x2=x + 15, a=y0, m=(y0 + y1) / 2, b=y1
    )
    return write(
        str(tmp_path / (name + ".gpkg")), name, ogr.wkbLineString, {}, [{"wkt": wkt}], 32650
    )


def _sides(units, column):
    """grid id → the set of sides (west of ``column`` or not) of its units."""
    out = {}
    for code, f in units.items():
        out.setdefault(f["grid_id"], set()).add(int(code[4:7]) < column)
    return out


def test_no_grid_crosses_a_river_except_at_a_bridge(run_alg, tmp_path):
    rows = demand_rows()
    layer = _layer(tmp_path, rows)
    x = 400000.0 + 7 * 500  # the boundary between columns 6 and 7
    river = _river(tmp_path, x)
    free = _run(run_alg, tmp_path, layer, "f", TARGET_POPULATION=6000)
    assert any(len(s) == 2 for s in _sides(_units(free["OUTPUT_UNITS"]), 7).values())
    feedback = FeedbackRecorder()
    cut = _run(run_alg, tmp_path, layer, "c", feedback, TARGET_POPULATION=6000, BARRIERS=river)
    assert cut["BARRIER_CUTS"] == 20
    assert all(len(s) == 1 for s in _sides(_units(cut["OUTPUT_UNITS"]), 7).values())
    assert cut["NON_CONTIGUOUS"] == 0
    assert any("Barriers cut 20 adjacencies" in w for w in feedback.warnings)
    assert any("Barriers divide 1 nest(s) into 2 areas" in w for w in feedback.warnings)
    # a bridge on every row's shared edge: nothing is cut any more
    bridges = str(tmp_path / "bridges.gpkg")
    write_layer(
        bridges,
        "bridges",
        ogr.wkbPoint,
        {},
        [{"wkt": "POINT({} {})".format(x, 3500000.0 + 250 + 500 * i)} for i in range(20)],
        32650,
    )
    feedback = FeedbackRecorder()
    crossed = _run(
        run_alg,
        tmp_path,
        layer,
        "x",
        feedback,
        TARGET_POPULATION=6000,
        BARRIERS=river,
        CROSSINGS=bridges,
    )
    assert crossed["BARRIER_CUTS"] == 0 and crossed["NON_CONTIGUOUS"] == 0
    assert any("20 near a barrier were kept" in w for w in feedback.warnings)


def test_a_piece_cut_off_by_a_river_bend_is_a_grid_of_its_own(run_alg, tmp_path):
    """A river around the 2 × 2 units of the south-west corner: they touch the rest only
    across it, so they are a grid of their own (a small one), named in the log."""
    layer = _layer(tmp_path, demand_rows())
    corner = "LINESTRING({a} {c}, {b} {c}, {b} {d})".format(
        a=400000.0 - 100, b=400000.0 + 1000, c=3500000.0 + 1000, d=3500000.0 - 100
    )
    river = write_layer(
        str(tmp_path / "bend.gpkg"), "bend", ogr.wkbLineString, {}, [{"wkt": corner}], 32650
    )
    feedback = FeedbackRecorder()
    result = _run(run_alg, tmp_path, layer, "b", feedback, BARRIERS=river)
    units = _units(result["OUTPUT_UNITS"])
    corner_codes = {"U000000", "U000001", "U001000", "U001001"}
    corner_grids = {units[c]["grid_id"] for c in corner_codes}
    assert len(corner_grids) == 1
    (grid,) = corner_grids
    assert {c for c, f in units.items() if f["grid_id"] == grid} == corner_codes
    assert result["BARRIER_CUTS"] == 4
    assert any("into 2 areas" in w and "U000000" in w for w in feedback.warnings)


def test_barriers_on_the_core_keep_islands_linked():
    """An island (no shared boundary at all) still joins its nest with barriers given."""
    from service_grid.algorithms.core.barriers import Barriers

    cells = [
        shapely.box(i * 100, j * 100, (i + 1) * 100, (j + 1) * 100)
        for i in range(6)
        for j in range(6)
    ]
    cells.append(shapely.box(800, 800, 900, 900))  # the island
    geoms = np.array(cells)
    pop = np.full(len(geoms), 100.0)
    river = shapely.linestrings([[300, -50], [300, 650]])
    result = build_grids(
        geoms,
        pop,
        options=GridOptions(target_population=900, tolerance=0.2),
        barriers=Barriers(np.array([river]), np.array([]), 10.0),
    )
    assert result.stats["BARRIER_CUTS"] == 6
    assert result.stats["ISLAND_LINKS"] >= 1
    assert result.stats["NON_CONTIGUOUS"] == 0
    west = {int(result.unit_grid[i * 6 + j]) for i in range(3) for j in range(6)}
    east = {int(result.unit_grid[i * 6 + j]) for i in range(3, 6) for j in range(6)}
    assert not west & east
