"""servicegrid:classifygrids: the pure core (rules one by one) and the Processing algorithm on
real GeoPackages (projected and geographic, NULLs, bad input)."""

import math

import numpy as np
import pytest
from datasets import FeedbackRecorder, square, write_layer
from osgeo import ogr
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

from service_grid.algorithms.classify_grids import ClassifyGridsAlgorithm
from service_grid.algorithms.core import classify as core
from service_grid.algorithms.core.classify import ClassifyRules, classify
from service_grid.algorithms.core.errors import InputError

NAN = float("nan")


# ================================================================== the core


def test_density_class_boundaries():
    density = [25_000, 10_000, 9_999.9, 3_000, 2_999, 500, 499.9, 0]
    assert core.density_classes(np.array(density), ClassifyRules()) == [
        "urban_core",
        "urban_core",
        "urban",
        "urban",
        "suburban",
        "suburban",
        "rural",
        "rural",
    ]


def test_density_thresholds_are_configurable():
    rules = ClassifyRules(urban_core_density=20_000, urban_density=5_000, suburban_density=1_000)
    assert core.density_classes(np.array([15_000, 4_000, 800]), rules) == [
        "urban",
        "suburban",
        "rural",
    ]


def test_density_from_area_when_no_density_value():
    out = classify(
        {
            "population": [12_000, 6_000, 600, 0],
            "density": [NAN, NAN, 50.0, NAN],
            "area_km2": [1.0, 2.0, 1.0, 0.0],
        }
    )
    # 12,000/1 → urban core; 6,000/2 → urban; the density value wins over the area; an
    # empty grid without area has density 0
    assert out["density_class"] == ["urban_core", "urban", "rural", "rural"]


def test_population_percentile_ranks_are_mid_ranks():
    ranks = core.population_percentile_ranks(np.array([5.0, 1, 3, 2, 4]), np.ones(5))
    assert ranks.tolist() == pytest.approx([90, 10, 50, 30, 70])
    # ties share a rank; NaN has none; population weights count
    ranks = core.population_percentile_ranks(np.array([1.0, 1, NAN, 2]), np.array([1.0, 1, 5, 2]))
    assert ranks[:2].tolist() == pytest.approx([25, 25])
    assert math.isnan(ranks[2]) and ranks[3] == pytest.approx(75)


def test_relative_income_tiers_follow_the_quintiles():
    income = np.array([10_000.0, 20_000, 30_000, 40_000, 50_000])
    tiers = core.income_tiers(income, np.ones(5), ClassifyRules())
    # ranks 10, 30 (< 40: basic), 50, 70 (middle), 90 (≥ 80: high)
    assert tiers == ["basic", "basic", "middle", "middle", "high"]


def test_relative_income_tiers_are_population_weighted():
    # the poorest grid holds 90 % of the people: its rank is 45, so it is middle, and the
    # two small rich grids are the top 10 %: high
    tiers = core.income_tiers(
        np.array([20_000.0, 80_000, 90_000]), np.array([9_000.0, 500, 500]), ClassifyRules()
    )
    assert tiers == ["middle", "high", "high"]


def test_relative_income_tiers_ignore_the_cny_thresholds():
    income = np.array([200_000.0, 300_000, 400_000])  # all far above 95,000
    assert core.income_tiers(income, np.ones(3), ClassifyRules()) == ["basic", "middle", "high"]


def test_absolute_income_tier_boundaries():
    rules = ClassifyRules(income_mode="absolute")
    income = np.array([95_000.0, 94_999, 33_000, 32_999, NAN])
    assert core.income_tiers(income, np.ones(5), rules) == [
        "high",
        "middle",
        "middle",
        "basic",
        None,
    ]
    custom = ClassifyRules(income_mode="absolute", high_income=50_000, basic_income=20_000)
    assert core.income_tiers(np.array([60_000.0, 30_000, 10_000]), np.ones(3), custom) == [
        "high",
        "middle",
        "basic",
    ]


def _full_columns():
    return {
        "population": np.array([1000.0, 2000, 4000]),
        "area_km2": np.array([1.0, 1.0, 1.0]),
        "income": np.array([30_000.0, 60_000, 90_000]),
        "elderly_share": np.array([0.10, 0.20, 0.30]),
        "youth_share": np.array([0.30, 0.20, 0.10]),
        "enterprises": np.array([0.0, 10, 20]),
        "customers": np.array([10.0, 40, 40]),
    }


def test_demand_index_formula_by_hand():
    rules = ClassifyRules(reference_percentile=100)  # scores = value / maximum
    out = classify(_full_columns(), rules)["demand_index"]
    penetration = np.array([0.01, 0.02, 0.01])
    gap = 1 - penetration / 0.02
    expected = []
    for i in range(3):
        scores = {
            "population": [1000, 2000, 4000][i] / 4000,
            "income": [30, 60, 90][i] / 90,
            "elderly_share": [0.1, 0.2, 0.3][i] / 0.3,
            "youth_share": [0.3, 0.2, 0.1][i] / 0.3,
            "enterprises": [0, 10, 20][i] / 20,
            "penetration_gap": gap[i],
        }
        weights = rules.weights()
        expected.append(
            round(100 * sum(weights[k] * s for k, s in scores.items()) / sum(weights.values()), 1)
        )
    assert out == pytest.approx(expected)
    assert all(0 <= v <= 100 for v in out)


def test_demand_index_reference_percentile_caps_outliers():
    columns = {"population": np.array([1000.0] * 39 + [100_000.0]), "area_km2": np.ones(40)}
    index = classify(columns)["demand_index"]
    # with only the population, one outlier among 40 grids does not squash the others to 1
    assert index == [100.0] * 40
    assert classify(columns, ClassifyRules(reference_percentile=100))["demand_index"] == [
        1.0
    ] * 39 + [100.0]


def test_missing_inputs_drop_out_and_weights_renormalise():
    rules = ClassifyRules(reference_percentile=100)
    columns = _full_columns()
    full = classify(columns, rules)["demand_index"]
    # only population: the index is the population score alone, whatever its weight
    only_pop = classify(
        {"population": columns["population"], "area_km2": columns["area_km2"]}, rules
    )["demand_index"]
    assert only_pop == pytest.approx([25.0, 50.0, 100.0])
    # income NULL in grid 0 only: grid 0 drops income, the others are unchanged (the income
    # reference is still the maximum, 90,000)
    columns["income"] = np.array([NAN, 60_000, 90_000])
    partial = classify(columns, rules)["demand_index"]
    assert partial[1:] == pytest.approx(full[1:])
    w = rules.weights()
    scores = {
        "population": 0.25,
        "elderly_share": 0.1 / 0.3,
        "youth_share": 1.0,
        "enterprises": 0.0,
        "penetration_gap": 0.5,
    }
    expected = 100 * sum(w[k] * s for k, s in scores.items()) / (sum(w.values()) - w["income"])
    assert partial[0] == pytest.approx(round(expected, 1))


def test_penetration_gap_favours_grids_with_few_customers():
    columns = {
        "population": np.array([1000.0, 1000]),
        "area_km2": np.ones(2),
        "customers": np.array([0.0, 50]),
    }
    rules = ClassifyRules(
        weight_population=0,
        weight_income=0,
        weight_elderly=0,
        weight_youth=0,
        weight_enterprises=0,
        weight_penetration_gap=1,
    )
    assert classify(columns, rules)["demand_index"] == [100.0, 0.0]
    columns["customers"] = np.array([0.0, 0])  # nobody is a customer yet: full potential
    assert classify(columns, rules)["demand_index"] == [100.0, 100.0]


def _products(**columns):
    n = len(columns["population"])
    base = {"area_km2": [1.0] * n}
    base.update(columns)
    return classify(base, ClassifyRules(income_mode="absolute"))["products"]


def test_product_rules():
    assert _products(population=[1000], elderly_share=[0.20]) == ["pension,health"]
    assert _products(population=[1000], elderly_share=[0.19]) == ["health,accident"]
    assert _products(population=[1000], youth_share=[0.30]) == ["health,accident,travel"]
    assert _products(population=[1000], income=[95_000]) == ["premium_medical,wealth"]
    assert _products(population=[1000], income=[50_000]) == ["health,accident"]
    assert _products(population=[1000], income=[20_000]) == ["inclusive_health,accident"]
    assert _products(population=[1000], enterprises=[20]) == ["group_benefits,commercial_property"]
    assert _products(population=[1000], enterprises=[19]) == ["health,accident"]
    # a business park without residents is a business grid
    assert _products(population=[0], enterprises=[5]) == ["group_benefits,commercial_property"]
    # several rules: the union, in catalogue order, without duplicates
    assert _products(
        population=[1000], elderly_share=[0.25], youth_share=[0.31], income=[20_000]
    ) == ["pension,health,inclusive_health,accident,travel"]


def test_every_grid_has_a_known_product():
    rng = np.random.default_rng(7)
    n = 200
    columns = {
        "population": rng.integers(0, 20_000, n).astype(float),
        "area_km2": rng.uniform(0.1, 50, n),
        "income": np.where(rng.random(n) < 0.1, NAN, rng.uniform(1e4, 2e5, n)),
        "elderly_share": rng.uniform(0, 0.4, n),
        "youth_share": rng.uniform(0, 0.4, n),
        "enterprises": rng.integers(0, 500, n).astype(float),
        "customers": rng.integers(0, 500, n).astype(float),
    }
    out = classify(columns)
    for products in out["products"]:
        codes = products.split(",")
        assert codes and set(codes) <= set(core.PRODUCT_CODES)
        assert codes == sorted(codes, key=core.PRODUCT_CODES.index)
    assert set(out["strategy"]) <= set(core.STRATEGY_CODES)
    # deterministic, and independent of the grids' order
    assert classify(columns) == out
    order = rng.permutation(n)
    shuffled = classify({k: v[order] for k, v in columns.items()})
    for key in core.OUTPUT_COLUMNS:
        assert shuffled[key] == [out[key][i] for i in order]


@pytest.mark.parametrize(
    "density, income, strategy",
    [
        (20_000, 120_000, "branch_premium"),
        (20_000, 50_000, "center_team"),
        (20_000, 20_000, "center_team"),
        (5_000, 120_000, "branch_premium"),
        (5_000, 50_000, "point_agents"),
        (5_000, 20_000, "point_agents"),
        (1_000, 120_000, "point_agents"),
        (1_000, 50_000, "point_agents"),
        (1_000, 20_000, "mobile_basic"),
        (100, 120_000, "point_agents"),
        (100, 50_000, "mobile_basic"),
        (100, 20_000, "mobile_basic"),
        (20_000, NAN, "center_team"),
        (100, NAN, "mobile_basic"),  # no income: as middle
    ],
)
def test_strategy_table(density, income, strategy):
    out = classify(
        {"population": [1000], "density": [density], "income": [income]},
        ClassifyRules(income_mode="absolute"),
    )
    assert out["strategy"] == [strategy]


def test_strategy_table_is_configurable():
    table = dict(core.STRATEGY_TABLE)
    table[("rural", "basic")] = "point_agents"
    out = classify(
        {"population": [1000], "density": [10], "income": [1000]},
        ClassifyRules(income_mode="absolute", strategy_table=table),
    )
    assert out["strategy"] == ["point_agents"]


@pytest.mark.parametrize(
    "rules, needle",
    [
        (ClassifyRules(urban_density=400), "suburban 500.0, urban 400"),
        (ClassifyRules(urban_core_density=3_000), "urban core 3000"),
        (ClassifyRules(suburban_density=0), "above 0"),
        (ClassifyRules(high_income_percentile=30), "basic < high < 100"),
        (ClassifyRules(basic_income_percentile=0), "0 < basic"),
        (ClassifyRules(income_mode="absolute", high_income=20_000), "0 < basic < high"),
        (ClassifyRules(income_mode="median"), "relative, absolute"),
        (ClassifyRules(ageing_share=20), "ageing_share"),
        (ClassifyRules(youth_share=0), "youth_share"),
        (ClassifyRules(enterprises_per_1000=0), "enterprise density"),
        (ClassifyRules(weight_income=-1), "weights"),
        (
            ClassifyRules(
                weight_population=0,
                weight_income=0,
                weight_elderly=0,
                weight_youth=0,
                weight_enterprises=0,
                weight_penetration_gap=0,
            ),
            "not all 0",
        ),
        (ClassifyRules(reference_percentile=20), "reference percentile"),
        (ClassifyRules(urban_density=NAN), "urban_density"),
        (ClassifyRules(strategy_table={("rural", "basic"): "helicopter"}), "urban_core/high"),
    ],
)
def test_bad_rules_are_refused(rules, needle):
    with pytest.raises(InputError, match=None) as info:
        classify({"population": [1], "density": [1]}, rules)
    assert needle in str(info.value), str(info.value)


def test_absolute_thresholds_are_not_checked_in_relative_mode():
    classify({"population": [1], "density": [1]}, ClassifyRules(high_income=0))


@pytest.mark.parametrize(
    "columns, needles",
    [
        ({"population": [1, NAN, 3], "density": [1, 1, 1]}, ("NULL", "G2")),
        (
            {"population": [1, 2, 3], "density": [1, 1, 1], "income": [1, -5, 3]},
            ("negative", "G2", "income"),
        ),
        (
            {"population": [1, 2, 3], "density": [1, 1, 1], "elderly_share": [0.1, 0.2, 21]},
            ("between 0 and 1", "G3"),
        ),
        ({"population": [1, 2, 3], "area_km2": [1, NAN, 0]}, ("cannot be computed", "G2, G3")),
        ({"density": [1, 2, 3]}, ("population field is required",)),
    ],
)
def test_bad_input_is_refused_with_grid_ids(columns, needles):
    with pytest.raises(InputError) as info:
        classify(columns, ids=["G1", "G2", "G3"])
    for needle in needles:
        assert needle in str(info.value), str(info.value)


def test_shares_from_percentages():
    shares, converted = core.shares_from_percentages(np.array([12.0, 30, NAN]))
    assert converted and shares[:2].tolist() == pytest.approx([0.12, 0.30])
    shares, converted = core.shares_from_percentages(np.array([0.12, 1.0]))
    assert not converted and shares.tolist() == [0.12, 1.0]


def test_catalogue_labels():
    assert core.product_labels("pension,health") == "养老保险、健康保险"
    assert core.product_labels("pension,wealth", "en") == "Pension, Wealth management"
    assert core.label(core.STRATEGIES, "mobile_basic") == "流动服务+基础产品"
    assert {code for _r, _zh, _en, codes in core.PRODUCT_RULES for code in codes} <= set(
        core.PRODUCT_CODES
    )
    assert {v for v in core.STRATEGY_TABLE.values()} == set(core.STRATEGY_CODES)


# ================================================================== Processing

GRID_FIELDS = {
    "grid_id": ogr.OFTString,
    "population": ogr.OFTInteger,
    "area_km2": ogr.OFTReal,
    "income": ogr.OFTReal,
    "elderly_share": ogr.OFTReal,
    "youth_share": ogr.OFTReal,
    "enterprises": ogr.OFTInteger,
    "customers": ogr.OFTInteger,
    "density_class": ogr.OFTString,
    "note": ogr.OFTString,
    "Strategy": ogr.OFTString,
}

#: grid id: (population, area km², income, elderly, youth, enterprises, customers)
GRIDS = {
    "D01-G001": (12_000, 1.0, 120_000.0, 0.12, 0.35, 400, 600),
    "D01-G002": (5_000, 1.0, 60_000.0, 0.22, 0.20, 30, 50),
    "D02-G001": (1_500, 2.0, 40_000.0, 0.18, 0.25, 10, 30),
    "D02-G002": (800, 4.0, 20_000.0, 0.30, 0.12, 0, 5),
    "D02-G003": (300, 3.0, None, None, None, 0, None),
}


def grid_rows():
    rows = []
    for k, (gid, (pop, area, income, old, young, ent, cust)) in enumerate(GRIDS.items()):
        rows.append(
            {
                "grid_id": gid,
                "population": pop,
                "area_km2": area,
                "income": income,
                "elderly_share": old,
                "youth_share": young,
                "enterprises": ent,
                "customers": cust,
                "density_class": "stale",
                "note": "n{}".format(k),
                "Strategy": "old",
                "wkt": square(400000.0 + 2000 * k, 3500000.0),
            }
        )
    return rows


def grids_layer(folder, rows=None, fields=None, epsg=32650, name="grids"):
    return write_layer(
        "{}/{}.gpkg".format(folder, name),
        name,
        ogr.wkbPolygon,
        fields or GRID_FIELDS,
        grid_rows() if rows is None else rows,
        epsg,
    )


def run_classify(run_alg, params, feedback=None):
    return run_alg(ClassifyGridsAlgorithm().create(), params, feedback)


def read_back(path):
    layer = QgsVectorLayer(path, "out", "ogr")
    assert layer.isValid()
    names = layer.fields().names()
    return names, {f["grid_id"]: {n: f[n] for n in names} for f in layer.getFeatures()}


def test_classifies_a_grids_layer(run_alg, tmp_path):
    out = str(tmp_path / "classified.gpkg")
    feedback = FeedbackRecorder()
    result = run_classify(
        run_alg, {"INPUT": grids_layer(str(tmp_path)), "INCOME_MODE": 1, "OUTPUT": out}, feedback
    )
    names, rows = read_back(result["OUTPUT"])
    # input fields kept once, in place; the result columns replace the stale ones
    lower = [n.lower() for n in names]
    assert len(lower) == len(set(lower))
    assert lower.index("density_class") < lower.index("note") < lower.index("strategy")
    assert {
        "grid_id",
        "population",
        "note",
        "density_class",
        "income_tier",
        "demand_index",
        "products",
        "strategy",
    } <= set(names)
    expected = {
        "D01-G001": (
            "urban_core",
            "high",
            "health,accident,travel,premium_medical,wealth,group_benefits,commercial_property",
            "branch_premium",
        ),
        "D01-G002": ("urban", "middle", "pension,health", "point_agents"),
        "D02-G001": ("suburban", "middle", "health,accident", "point_agents"),
        "D02-G002": ("rural", "basic", "pension,health,inclusive_health,accident", "mobile_basic"),
        "D02-G003": ("rural", None, "health,accident", "mobile_basic"),
    }
    for gid, (cls, tier, products, strategy) in expected.items():
        row = rows[gid]
        tier_value = row["income_tier"]
        assert (
            row["density_class"],
            None if tier_value in (None, "") or str(tier_value) == "NULL" else tier_value,
            row["products"],
            row["strategy"],
        ) == (cls, tier, products, strategy), gid
        assert 0 <= row["demand_index"] <= 100
    assert rows["D01-G001"]["note"] == "n0"
    assert max(rows, key=lambda g: rows[g]["demand_index"]) == "D01-G001"
    assert result["GRID_COUNT"] == 5
    assert (
        result["DENSITY_URBAN_CORE_COUNT"],
        result["DENSITY_URBAN_COUNT"],
        result["DENSITY_SUBURBAN_COUNT"],
        result["DENSITY_RURAL_COUNT"],
    ) == (1, 1, 1, 2)
    assert (
        result["INCOME_HIGH_COUNT"],
        result["INCOME_MIDDLE_COUNT"],
        result["INCOME_BASIC_COUNT"],
        result["INCOME_UNKNOWN_COUNT"],
    ) == (1, 2, 1, 1)
    assert result["STRATEGY_MOBILE_BASIC_COUNT"] == 2
    assert any("Urban core 1" in text for text in feedback.infos)  # labels, not codes


def test_relative_mode_is_the_default(run_alg, tmp_path):
    layer = grids_layer(str(tmp_path))
    result = run_classify(run_alg, {"INPUT": layer, "OUTPUT": str(tmp_path / "o.gpkg")})
    _names, rows = read_back(result["OUTPUT"])
    # population-weighted: G001 holds 62 % of the people with an income (rank 69): middle
    assert [rows[g]["income_tier"] for g in ("D01-G001", "D01-G002", "D02-G001", "D02-G002")] == [
        "middle",
        "basic",
        "basic",
        "basic",
    ]
    result = run_classify(
        run_alg,
        {
            "INPUT": layer,
            "HIGH_INCOME_PERCENTILE": 60,
            "BASIC_INCOME_PERCENTILE": 5,
            "OUTPUT": str(tmp_path / "p.gpkg"),
        },
    )
    _names, rows = read_back(result["OUTPUT"])
    assert [rows[g]["income_tier"] for g in ("D01-G001", "D01-G002", "D02-G001", "D02-G002")] == [
        "high",
        "middle",
        "middle",
        "basic",
    ]


def _geo_rows():
    rows = []
    for k, pop in enumerate((20_000, 4_000, 1_000, 100)):
        lon, lat = 117.0 + 0.02 * k, 36.6
        rows.append(
            {
                "grid_id": "G{}".format(k),
                "pop": pop,
                "wkt": "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(
                    a=lon, b=lat, c=lon + 0.01, d=lat + 0.01
                ),
            }
        )
    return rows


def test_geographic_input_without_area_is_measured_in_utm(run_alg, tmp_path):
    layer = write_layer(
        str(tmp_path / "geo.gpkg"),
        "geo",
        ogr.wkbPolygon,
        {"grid_id": ogr.OFTString, "pop": ogr.OFTInteger},
        _geo_rows(),
        4326,
    )
    feedback = FeedbackRecorder()
    result = run_classify(
        run_alg,
        {"INPUT": layer, "POPULATION_FIELD": "pop", "OUTPUT": str(tmp_path / "o.gpkg")},
        feedback,
    )
    _names, rows = read_back(result["OUTPUT"])
    # 0.01° × 0.01° at 36.6° N ≈ 0.89 km × 1.11 km ≈ 0.99 km², not 0.0001 "square degrees"
    assert [rows["G{}".format(k)]["density_class"] for k in range(4)] == [
        "urban_core",
        "urban",
        "suburban",
        "rural",
    ]
    assert any("EPSG:4326" in w and "EPSG:32650" in w for w in feedback.warnings)
    assert any("measured from the geometry for 4 grid(s)" in t for t in feedback.infos)
    # the output keeps the input's CRS and geometry
    out = QgsVectorLayer(result["OUTPUT"], "o", "ogr")
    assert out.crs().authid() == "EPSG:4326"


def test_projected_input_without_area_uses_its_geometry(run_alg, tmp_path):
    rows = [
        {"grid_id": "A", "pop": 12_000, "wkt": square(0, 0, 1000)},  # 1 km²
        {"grid_id": "B", "pop": 12_000, "wkt": square(5000, 0, 2000)},
    ]  # 4 km²
    layer = write_layer(
        str(tmp_path / "p.gpkg"),
        "p",
        ogr.wkbPolygon,
        {"grid_id": ogr.OFTString, "pop": ogr.OFTInteger},
        rows,
    )
    result = run_classify(
        run_alg, {"INPUT": layer, "POPULATION_FIELD": "pop", "OUTPUT": str(tmp_path / "o.gpkg")}
    )
    _names, out = read_back(result["OUTPUT"])
    assert out["A"]["density_class"] == "urban_core" and out["B"]["density_class"] == "urban"


def test_density_field_needs_no_crs(run_alg, tmp_path):
    rows = [{"grid_id": "A", "pop": 100, "dens": 15_000.0, "wkt": square(0, 0)}]
    layer = write_layer(
        str(tmp_path / "n.gpkg"),
        "n",
        ogr.wkbPolygon,
        {"grid_id": ogr.OFTString, "pop": ogr.OFTInteger, "dens": ogr.OFTReal},
        rows,
        epsg=None,
    )
    result = run_classify(
        run_alg,
        {
            "INPUT": layer,
            "POPULATION_FIELD": "pop",
            "DENSITY_FIELD": "dens",
            "OUTPUT": str(tmp_path / "o.gpkg"),
        },
    )
    _names, out = read_back(result["OUTPUT"])
    assert out["A"]["density_class"] == "urban_core"
    rows[0]["dens"] = None
    layer = write_layer(
        str(tmp_path / "m.gpkg"),
        "m",
        ogr.wkbPolygon,
        {"grid_id": ogr.OFTString, "pop": ogr.OFTInteger, "dens": ogr.OFTReal},
        rows,
        epsg=None,
    )
    with pytest.raises(QgsProcessingException, match="no coordinate reference system"):
        run_classify(
            run_alg,
            {
                "INPUT": layer,
                "POPULATION_FIELD": "pop",
                "DENSITY_FIELD": "dens",
                "OUTPUT": str(tmp_path / "q.gpkg"),
            },
        )


def test_percentages_and_numeric_text(run_alg, tmp_path):
    fields = dict(GRID_FIELDS, elderly_share=ogr.OFTReal, population=ogr.OFTString)
    rows = grid_rows()
    for row in rows:
        row["population"] = "{:,}".format(row["population"])
        if row["elderly_share"] is not None:
            row["elderly_share"] *= 100
    feedback = FeedbackRecorder()
    result = run_classify(
        run_alg,
        {
            "INPUT": grids_layer(str(tmp_path), rows, fields),
            "INCOME_MODE": 1,
            "OUTPUT": str(tmp_path / "o.gpkg"),
        },
        feedback,
    )
    _names, out = read_back(result["OUTPUT"])
    assert out["D01-G002"]["products"] == "pension,health"
    assert any("percentages" in w for w in feedback.warnings)


# ------------------------------------------------------------------ bad input


def _refused(run_alg, params, *needles):
    with pytest.raises(QgsProcessingException) as info:
        run_classify(run_alg, params)
    message = str(info.value)
    for needle in needles:
        assert needle in message, message
    return message


def test_empty_layer(run_alg, tmp_path):
    _refused(
        run_alg,
        {"INPUT": grids_layer(str(tmp_path), rows=[]), "OUTPUT": str(tmp_path / "o.gpkg")},
        "no features",
    )


@pytest.mark.parametrize(
    "extra, needles",
    [
        ({"POPULATION_FIELD": "people"}, ("people", "grid_id, population")),
        ({"INCOME_FIELD": "salary"}, ("salary", "INCOME_FIELD")),
        ({"URBAN_DENSITY": 20_000}, ("urban 20000", "urban core 10000")),
    ],
    ids=["missing_population_field", "missing_optional_field", "inconsistent_thresholds"],
)
def test_refused_parameter(run_alg, tmp_path, extra, needles):
    params = dict(extra, INPUT=grids_layer(str(tmp_path)), OUTPUT=str(tmp_path / "o.gpkg"))
    _refused(run_alg, params, *needles)


def test_null_population(run_alg, tmp_path):
    rows = grid_rows()
    rows[1]["population"] = None
    _refused(
        run_alg,
        {"INPUT": grids_layer(str(tmp_path), rows), "OUTPUT": str(tmp_path / "o.gpkg")},
        "NULL",
        "D01-G002",
    )


def test_non_numeric_values(run_alg, tmp_path):
    rows = grid_rows()
    rows[0]["income"] = "high"
    rows[3]["income"] = "n/a"
    message = _refused(
        run_alg,
        {
            "INPUT": grids_layer(str(tmp_path), rows, dict(GRID_FIELDS, income=ogr.OFTString)),
            "OUTPUT": str(tmp_path / "o.gpkg"),
        },
        "income",
        "D01-G001",
        "D02-G002",
        "'n/a'",
    )
    assert "D01-G002" not in message


def test_cancel_writes_no_result(run_alg, tmp_path):
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda value: feedback.cancel())
    result = run_classify(
        run_alg, {"INPUT": grids_layer(str(tmp_path)), "OUTPUT": str(tmp_path / "o.gpkg")}, feedback
    )
    assert "GRID_COUNT" not in result
