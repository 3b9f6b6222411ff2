"""Classifying service grids: density class, income tier, demand index, products, strategy.

Pure numpy, no QGIS. :func:`classify` takes one array per input (one value per grid, ``NaN``
for NULL) and a :class:`ClassifyRules`, and returns one list per output column. Everything is
deterministic: the same grids and rules always give the same classes, index and products.

The rules in one place (the defaults are argued in :class:`ClassifyRules`):

* **density class** from people per km²: ``urban_core`` ≥ 10,000, ``urban`` ≥ 3,000,
  ``suburban`` ≥ 500, else ``rural``.
* **income tier** (per-capita annual income, CNY): *relative* (default) by the grid's
  population-weighted percentile rank in the study area (``high`` from the 80th, ``basic``
  below the 40th: the NBS income quintiles), or *absolute* (``high`` ≥ 95,000, ``basic`` <
  33,000 CNY). A grid without an income has no tier (NULL).
* **demand index** 0–100: a weighted mean of component scores in 0–1 (see
  :func:`demand_index`); a component whose input is missing drops out for that grid and the
  remaining weights are renormalised.
* **products**: see :data:`PRODUCT_RULES`; **strategy**: see :data:`STRATEGY_TABLE`.
"""

import math
from dataclasses import dataclass, field, fields
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from . import schema
from .errors import InputError, format_ids, listed_error
from .i18n import translate
from .labels import label, ui_label, ui_labels  # noqa: F401 (re-exported: classify.label)

# ---------------------------------------------------------------- catalogues

#: Density classes (code, Chinese, English), densest first: the grids layer's value list.
DENSITY_CLASSES = schema.DENSITY_CLASSES
#: Income tiers (code, Chinese, English), richest first.
INCOME_TIERS = schema.INCOME_TIERS

#: Product catalogue: (code, Chinese label, English label). Output lists follow this order.
PRODUCTS: Tuple[Tuple[str, str, str], ...] = (
    ("pension", "养老保险", "Pension"),
    ("health", "健康保险", "Health insurance"),
    ("inclusive_health", "普惠健康险(惠民保)", "Inclusive city health cover"),
    ("accident", "意外险", "Accident insurance"),
    ("travel", "旅行险", "Travel insurance"),
    ("premium_medical", "高端医疗", "Premium medical"),
    ("wealth", "财富管理", "Wealth management"),
    ("group_benefits", "团体福利", "Group benefits"),
    ("commercial_property", "企业财产险", "Commercial property"),
)
PRODUCT_CODES: Tuple[str, ...] = tuple(code for code, _zh, _en in PRODUCTS)

#: Product rules, checked for every grid; a grid gets the products of every rule it meets.
#: (rule code, Chinese, English, products). The conditions are in :func:`products`.
PRODUCT_RULES: Tuple[Tuple[str, str, str, Tuple[str, ...]], ...] = (
    # elderly_share ≥ ageing_share: retirement income and health care needs (养老, 健康)
    ("ageing", "老龄化网格", "Ageing grid", ("pension", "health")),
    # youth_share ≥ youth_share: first cover for young earners, who commute and travel
    ("young", "青年网格", "Young grid", ("health", "accident", "travel")),
    # income tier high: high-end medical cover and wealth management (高端医疗, 财富管理)
    ("affluent", "高收入网格", "High-income grid", ("premium_medical", "wealth")),
    # enterprises per 1,000 residents ≥ enterprises_per_1000: corporate lines
    ("business", "企业密集网格", "Business grid", ("group_benefits", "commercial_property")),
    # income tier basic: affordable cover (the city's inclusive health plan, accident)
    ("basic_income", "基本收入网格", "Basic-income grid", ("inclusive_health", "accident")),
    # no rule above applies: the core retail lines, so every grid has at least one product
    ("default", "一般网格", "Other grids", ("health", "accident")),
)

#: Service strategies (code, Chinese, English).
STRATEGIES: Tuple[Tuple[str, str, str], ...] = (
    ("branch_premium", "分支机构+高端顾问", "Branch + premium advisors"),
    ("center_team", "服务中心+代理人团队", "Service centre + agent team"),
    ("point_agents", "服务点+代理人", "Service point + agents"),
    ("mobile_basic", "流动服务+基础产品", "Mobile service + basic products"),
)
STRATEGY_CODES: Tuple[str, ...] = tuple(code for code, _zh, _en in STRATEGIES)

_DENSITY_CODES = tuple(code for code, _zh, _en in DENSITY_CLASSES)
_TIER_CODES = tuple(code for code, _zh, _en in INCOME_TIERS)

#: Strategy by density class (rows) and income tier (columns: high, middle, basic). A grid
#: without an income is treated as middle. Fixed outlets where demand is dense; advisors
#: where it is rich; mobile service where people are few and far between or cannot pay much.
STRATEGY_TABLE: Dict[Tuple[str, str], str] = {
    (density, tier): strategy
    for density, row in (
        ("urban_core", ("branch_premium", "center_team", "center_team")),
        ("urban", ("branch_premium", "point_agents", "point_agents")),
        ("suburban", ("point_agents", "point_agents", "mobile_basic")),
        ("rural", ("point_agents", "mobile_basic", "mobile_basic")),
    )
    for tier, strategy in zip(("high", "middle", "basic"), row)
}

INCOME_MODES = ("relative", "absolute")

#: Inputs of :func:`classify`; only ``population`` and one of ``density`` / ``area_km2`` are
#: required.
INPUT_COLUMNS = (
    "population",
    "area_km2",
    "density",
    "income",
    "elderly_share",
    "youth_share",
    "enterprises",
    "customers",
)
#: Output columns of :func:`classify`, in the grids layer's order.
OUTPUT_COLUMNS = ("density_class", "income_tier", "demand_index", "products", "strategy")

#: Demand-index components: (component, the weight field of :class:`ClassifyRules`).
DEMAND_COMPONENTS = (
    ("population", "weight_population"),
    ("income", "weight_income"),
    ("elderly_share", "weight_elderly"),
    ("youth_share", "weight_youth"),
    ("enterprises", "weight_enterprises"),
    ("penetration_gap", "weight_penetration_gap"),
)


# ---------------------------------------------------------------- the rules


@dataclass(frozen=True)
class ClassifyRules:
    """Every threshold and weight of the classification, with defaults for Chinese cities.

    Densities are residents per km² of the whole grid (not only of its built-up land); incomes
    are per-capita disposable income (人均可支配收入) in CNY per year, the figure the National
    Bureau of Statistics (NBS) publishes; shares are 0–1.
    """

    #: ≥ this: urban core. GB 50137-2011 plans 65–115 m² of urban construction land per
    #: resident, i.e. about 8,700–15,400 people per km² of built-up land: a grid that dense is
    #: built up wall to wall with housing (the inner districts of Chinese cities, old towns,
    #: high-rise estates).
    urban_core_density: float = 10_000.0
    #: ≥ this: urban. Just above the average density of Chinese cities' urban districts
    #: (城区, about 2,800 people/km² in the Urban Construction Statistical Yearbook) and twice
    #: the 1,500/km² of an "urban centre" in the UN-endorsed Degree of Urbanisation: a
    #: continuously built-up city with some open land.
    urban_density: float = 3_000.0
    #: ≥ this: suburban; below: rural. Above the Degree of Urbanisation's 300/km² line for
    #: towns and suburbs, because farmland villages in China's plains often reach 300–500/km²;
    #: grids between this and the urban line are peri-urban towns and villages-in-transition.
    #: In the densest plains (parts of Henan, Shandong, Jiangsu) raise it to 800–1,000.
    suburban_density: float = 500.0

    #: ``relative`` (default): tiers by the grid's rank within the study area, so every city
    #: gets high, middle and basic grids whatever its income level. ``absolute``: tiers by
    #: fixed CNY thresholds, comparable between cities and years.
    income_mode: str = "relative"
    #: Relative mode: a grid is high when its population-weighted percentile rank is at least
    #: this (80: the top fifth of residents, NBS's "high-income group" quintile) ...
    high_income_percentile: float = 80.0
    #: ... and basic when it is below this (40: NBS's low and lower-middle quintiles).
    basic_income_percentile: float = 40.0
    #: Absolute mode: high from this income. 95,000 is about the mean income of the national
    #: top quintile (NBS 2023: 95,055 CNY): a grid whose *average* reaches it is, as a whole,
    #: as well off as China's richest fifth.
    high_income: float = 95_000.0
    #: Absolute mode: basic below this income. About 33,000 is the lower edge of NBS's
    #: middle-income group (100,000–500,000 CNY a year for a household of three) and close to
    #: the national middle quintile's mean (32,195 CNY in 2023).
    basic_income: float = 33_000.0

    #: Ageing grid from this share of residents aged 60+. 20 % is the usual line of a
    #: "moderately aged society" (中度老龄化: 60+ ≥ 20 %, or 65+ ≥ 14 %); China as a whole
    #: crossed it around 2023.
    ageing_share: float = 0.20
    #: Young grid from this share of young adults (15–34 or 14–35 years, as your data
    #: defines youth). Nationally about a quarter of residents are 15–34 (2020 census); 30 %
    #: marks clearly young grids: new towns, university and industrial districts.
    youth_share: float = 0.30
    #: Business grid from this many enterprises per 1,000 residents. China has about 24
    #: legal-entity units per 1,000 residents (33.3 million in the 2023 economic census); a
    #: residential grid rarely reaches 20, so a grid that does holds a business district or an
    #: industrial park. Raise it if your counts include self-employed households (个体户).
    enterprises_per_1000: float = 20.0

    #: Demand-index weights (any non-negative numbers; they are renormalised over the
    #: components each grid has). Workload (population) weighs most: every resident needs
    #: service. Income is purchasing power. Elderly and young residents are the two age groups
    #: with the most specific needs. Enterprises bring group business. The penetration gap
    #: (few existing customers per resident) is the untapped potential.
    weight_population: float = 0.30
    weight_income: float = 0.20
    weight_elderly: float = 0.10
    weight_youth: float = 0.10
    weight_enterprises: float = 0.15
    weight_penetration_gap: float = 0.15
    #: Component scores divide by this percentile of the study area (not the maximum), so one
    #: extreme grid (a CBD with thousands of firms) does not squash every other grid's score.
    reference_percentile: float = 95.0

    #: Strategy per (density class, income tier); see :data:`STRATEGY_TABLE`.
    strategy_table: Mapping[Tuple[str, str], str] = field(
        default_factory=lambda: dict(STRATEGY_TABLE)
    )

    def weights(self) -> Dict[str, float]:
        """``{component: weight}`` of the demand index."""
        return {component: float(getattr(self, name)) for component, name in DEMAND_COMPONENTS}

    def validate(self) -> None:
        """Raise :class:`InputError` when thresholds are missing, out of range or inconsistent."""
        for f in fields(self):
            if f.name in ("income_mode", "strategy_table"):
                continue
            value = getattr(self, f.name)
            try:
                finite = math.isfinite(float(value))
            except (TypeError, ValueError):
                finite = False
            if not finite:
                raise InputError(
                    translate(
                        "core", "Classification rule '{name}' must be a number, not {value}."
                    ).format(name=f.name, value=value)
                )
        if not 0 < self.suburban_density < self.urban_density < self.urban_core_density:
            raise InputError(
                translate(
                    "core",
                    "Density thresholds must rise from suburban to urban to urban core, all above "
                    "0, but they are suburban {suburban}, urban {urban}, urban core {core} "
                    "people/km². Correct them, e.g. 500, 3000, 10000.",
                ).format(
                    suburban=self.suburban_density,
                    urban=self.urban_density,
                    core=self.urban_core_density,
                )
            )
        if self.income_mode not in INCOME_MODES:
            raise InputError(
                translate("core", "Income mode must be one of {modes}, not '{mode}'.").format(
                    modes=", ".join(INCOME_MODES), mode=self.income_mode
                )
            )
        if self.income_mode == "relative" and not (
            0 < self.basic_income_percentile < self.high_income_percentile < 100
        ):
            raise InputError(
                translate(
                    "core",
                    "Income percentiles must satisfy 0 < basic < high < 100, but basic is "
                    "{basic} and high is {high}. Correct them, e.g. basic 40 and high 80.",
                ).format(basic=self.basic_income_percentile, high=self.high_income_percentile)
            )
        if self.income_mode == "absolute" and not (0 < self.basic_income < self.high_income):
            raise InputError(
                translate(
                    "core",
                    "Income thresholds must satisfy 0 < basic < high, but basic is {basic} and "
                    "high is {high} CNY per person and year. Correct them, e.g. basic 33000 and "
                    "high 95000.",
                ).format(basic=self.basic_income, high=self.high_income)
            )
        for name, value in (("ageing_share", self.ageing_share), ("youth_share", self.youth_share)):
            if not 0 < value <= 1:
                raise InputError(
                    translate(
                        "core",
                        "Share threshold '{name}' must be above 0 and at most 1 (e.g. 0.2 for "
                        "20 %), not {value}.",
                    ).format(name=name, value=value)
                )
        if self.enterprises_per_1000 <= 0:
            raise InputError(
                translate(
                    "core",
                    "The enterprise density threshold must be above 0 enterprises per 1,000 "
                    "residents, not {value}.",
                ).format(value=self.enterprises_per_1000)
            )
        weights = self.weights()
        if min(weights.values()) < 0 or sum(weights.values()) <= 0:
            raise InputError(
                translate(
                    "core",
                    "Demand-index weights must be 0 or more and not all 0, but they are: "
                    "{weights}.",
                ).format(weights=", ".join("{}={}".format(k, v) for k, v in weights.items()))
            )
        if not 50 <= self.reference_percentile <= 100:
            raise InputError(
                translate(
                    "core",
                    "The reference percentile of the demand index must be between 50 and 100, "
                    "not {value}.",
                ).format(value=self.reference_percentile)
            )
        missing = [
            d + "/" + t
            for d in _DENSITY_CODES
            for t in _TIER_CODES
            if self.strategy_table.get((d, t)) not in STRATEGY_CODES
        ]
        if missing:
            raise InputError(
                translate(
                    "core",
                    "The strategy table has no known strategy for: {cells}. Use one of: {codes}.",
                ).format(cells=", ".join(missing), codes=", ".join(STRATEGY_CODES))
            )


# ---------------------------------------------------------------- the rules, one by one


def density_classes(density: np.ndarray, rules: ClassifyRules) -> List[str]:
    """``urban_core`` / ``urban`` / ``suburban`` / ``rural`` for each density (no NaN)."""
    density = np.asarray(density, dtype=float)
    out = np.full(len(density), "rural", dtype=object)
    out[density >= rules.suburban_density] = "suburban"
    out[density >= rules.urban_density] = "urban"
    out[density >= rules.urban_core_density] = "urban_core"
    return out.tolist()


def population_percentile_ranks(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Population-weighted percentile rank (0–100) of each value; NaN where the value is NaN.

    The rank of a grid is the share of people (among grids with a value) living in grids with
    a lower value, plus half of those in grids with the same value, its own included (the
    "mid-rank"). Equal values get equal ranks. With equal populations, five grids rank 10, 30,
    50, 70, 90. If nobody lives in the grids with a value, every grid counts once.
    """
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    ranks = np.full(len(values), np.nan)
    known = ~np.isnan(values)
    if not known.any():
        return ranks
    v = values[known]
    w = np.where(np.isnan(weights[known]), 0.0, weights[known])
    if w.sum() <= 0:
        w = np.ones_like(v)
    levels, group = np.unique(v, return_inverse=True)
    group_weight = np.bincount(group, weights=w, minlength=len(levels))
    below = np.concatenate(([0.0], np.cumsum(group_weight)[:-1]))
    ranks[known] = 100.0 * (below + group_weight / 2.0)[group] / w.sum()
    return ranks


def income_tiers(
    income: np.ndarray, population: np.ndarray, rules: ClassifyRules
) -> List[Optional[str]]:
    """``high`` / ``middle`` / ``basic`` per grid, ``None`` where the income is unknown."""
    income = np.asarray(income, dtype=float)
    if rules.income_mode == "relative":
        score = population_percentile_ranks(income, population)
        high, basic = rules.high_income_percentile, rules.basic_income_percentile
    else:
        score = income
        high, basic = rules.high_income, rules.basic_income
    out: List[Optional[str]] = []
    for value in score:
        if np.isnan(value):
            out.append(None)
        elif value >= high:
            out.append("high")
        elif value < basic:
            out.append("basic")
        else:
            out.append("middle")
    return out


def _scaled(values: np.ndarray, percentile: float) -> np.ndarray:
    """``values`` divided by their ``percentile`` (over known values), capped at 1."""
    known = values[~np.isnan(values)]
    if len(known) == 0:
        return np.full(len(values), np.nan)
    reference = float(np.percentile(known, percentile))
    if reference <= 0:
        # nobody has any: every known value is 0 and scores 0
        return np.where(np.isnan(values), np.nan, 0.0)
    return np.minimum(values / reference, 1.0)


def demand_scores(
    columns: Mapping[str, np.ndarray], rules: ClassifyRules, n: int
) -> Dict[str, np.ndarray]:
    """The component scores (0–1, NaN where the input is missing) of the demand index."""

    def column(name):
        values = columns.get(name)
        return np.full(n, np.nan) if values is None else np.asarray(values, dtype=float)

    p = rules.reference_percentile
    population = column("population")
    scores = {
        "population": _scaled(population, p),
        "income": _scaled(column("income"), p),
        "elderly_share": _scaled(column("elderly_share"), p),
        "youth_share": _scaled(column("youth_share"), p),
        "enterprises": _scaled(column("enterprises"), p),
    }
    customers = column("customers")
    with np.errstate(divide="ignore", invalid="ignore"):
        penetration = np.where(population > 0, customers / population, np.nan)
    known = penetration[~np.isnan(penetration)]
    if len(known) and float(np.percentile(known, p)) > 0:
        gap = 1.0 - np.minimum(penetration / float(np.percentile(known, p)), 1.0)
    else:
        # no existing customers anywhere: the whole market is untapped
        gap = np.where(np.isnan(penetration), np.nan, 1.0)
    scores["penetration_gap"] = gap
    return scores


def demand_index(columns: Mapping[str, np.ndarray], rules: ClassifyRules, n: int) -> np.ndarray:
    """Demand index 0–100 per grid (one decimal).

    ``100 × Σ wₖ·sₖ / Σ wₖ`` over the components k the grid has a value for, where
    ``sₖ = min(xₖ / P95(xₖ), 1)`` for population, income, elderly share, youth share and
    enterprises (P95: the study area's 95th percentile), and the penetration gap
    ``s = 1 − min(c / P95(c), 1)`` with ``c = customers / population``. A missing input (no
    field, or NULL in that grid) drops out and the other weights are renormalised; with every
    weight of the present components at 0, the index is 0.
    """
    weights = rules.weights()
    total = np.zeros(n)
    weight_sum = np.zeros(n)
    for component, score in demand_scores(columns, rules, n).items():
        present = ~np.isnan(score)
        total[present] += weights[component] * score[present]
        weight_sum[present] += weights[component]
    with np.errstate(divide="ignore", invalid="ignore"):
        index = np.where(weight_sum > 0, 100.0 * total / weight_sum, 0.0)
    return np.round(index, 1)


def products(
    columns: Mapping[str, np.ndarray], tiers: Sequence[Optional[str]], rules: ClassifyRules, n: int
) -> List[str]:
    """Comma-separated product codes per grid (catalogue order), by :data:`PRODUCT_RULES`."""

    def column(name):
        values = columns.get(name)
        return np.full(n, np.nan) if values is None else np.asarray(values, dtype=float)

    elderly, youth = column("elderly_share"), column("youth_share")
    enterprises, population = column("enterprises"), column("population")
    rule_products = {code: prods for code, _zh, _en, prods in PRODUCT_RULES}
    out = []
    for i in range(n):
        met = []
        if elderly[i] >= rules.ageing_share:  # NaN compares False: no data, no rule
            met.append("ageing")
        if youth[i] >= rules.youth_share:
            met.append("young")
        if tiers[i] == "high":
            met.append("affluent")
        # per 1,000 residents without dividing: a grid with firms and no residents qualifies
        if (
            enterprises[i] > 0
            and enterprises[i] * 1000.0 >= rules.enterprises_per_1000 * population[i]
        ):
            met.append("business")
        if tiers[i] == "basic":
            met.append("basic_income")
        if not met:
            met.append("default")
        chosen = {p for rule in met for p in rule_products[rule]}
        out.append(",".join(code for code in PRODUCT_CODES if code in chosen))
    return out


def strategies(
    classes: Sequence[str], tiers: Sequence[Optional[str]], rules: ClassifyRules
) -> List[str]:
    """Strategy code per grid from its density class and income tier (unknown = middle)."""
    return [rules.strategy_table[(c, t or "middle")] for c, t in zip(classes, tiers)]


# ---------------------------------------------------------------- inputs and the whole run


def shares_from_percentages(values: np.ndarray) -> Tuple[np.ndarray, bool]:
    """Return shares (0–1) and whether ``values`` looked like percentages and were divided.

    Values are taken as percentages when some are above 1 and none above 100.
    """
    values = np.asarray(values, dtype=float)
    known = values[~np.isnan(values)]
    if len(known) and known.max() > 1 and known.max() <= 100:
        return values / 100.0, True
    return values, False


def _prepare(
    columns: Mapping[str, Sequence], ids: Sequence, labels: Mapping[str, str]
) -> Tuple[Dict[str, np.ndarray], int]:
    """Check the input arrays; return them as float arrays and the number of grids."""
    if "population" not in columns or columns["population"] is None:
        raise InputError(
            translate(
                "core",
                "A population field is required to classify grids: choose it in 'Population "
                "field'.",
            )
        )
    arrays: Dict[str, np.ndarray] = {}
    for name in INPUT_COLUMNS:
        values = columns.get(name)
        if values is not None:
            arrays[name] = np.asarray(values, dtype=float).reshape(-1)
    n = len(arrays["population"])
    for name, array in arrays.items():
        if len(array) != n:
            raise ValueError("column {} has {} values for {} grids".format(name, len(array), n))

    def refused(message: str, name: str, mask: np.ndarray) -> InputError:
        """The error ``message`` for column ``name``, naming the grids where ``mask`` is set."""
        return listed_error(
            message, [ids[i] for i in np.flatnonzero(mask)], field=labels.get(name, name)
        )

    population = arrays["population"]
    if np.isnan(population).any():
        raise refused(
            translate(
                "core",
                "Field '{field}' is empty (NULL) for {n} grid(s): {ids}. Every grid needs a "
                "population: enter 0 where nobody lives, then run again.",
            ),
            "population",
            np.isnan(population),
        )
    for name, array in arrays.items():
        if (array < 0).any():  # NaN compares False
            raise refused(
                translate(
                    "core",
                    "Field '{field}' has negative values for {n} grid(s): {ids}. Counts, areas, "
                    "incomes and shares cannot be negative: correct them, then run again.",
                ),
                name,
                array < 0,
            )
    for name in ("elderly_share", "youth_share"):
        if name in arrays and (arrays[name] > 1).any():
            raise refused(
                translate(
                    "core",
                    "Field '{field}' must be a share between 0 and 1 (0.21 for 21 %), but {n} "
                    "grid(s) are above 1: {ids}.",
                ),
                name,
                arrays[name] > 1,
            )
    return arrays, n


def grid_density(
    arrays: Mapping[str, np.ndarray], ids: Sequence, labels: Mapping[str, str]
) -> np.ndarray:
    """People per km² per grid: the density value, else population / area_km2 (0 without
    residents). Raise :class:`InputError` for grids with residents and neither a density nor
    an area above 0.
    """
    population = arrays["population"]
    n = len(population)
    density = arrays.get("density", np.full(n, np.nan)).copy()
    area = arrays.get("area_km2", np.full(n, np.nan))
    todo = np.isnan(density)
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = np.where(population == 0, 0.0, np.where(area > 0, population / area, np.nan))
    density[todo] = derived[todo]
    bad = np.isnan(density)
    if bad.any():
        raise InputError(
            translate(
                "core",
                "The density of {n} grid(s) cannot be computed: {ids}. They have residents but no "
                "density value ({density}) and no area above 0 ({area}). Give them a density or an "
                "area in km², or a geometry with an area, then run again.",
            ).format(
                n=int(bad.sum()),
                ids=format_ids([ids[i] for i in np.flatnonzero(bad)]),
                density=labels.get("density", "density"),
                area=labels.get("area_km2", "area_km2"),
            )
        )
    return density


def classify(
    columns: Mapping[str, Sequence],
    rules: Optional[ClassifyRules] = None,
    ids: Optional[Sequence] = None,
    labels: Optional[Mapping[str, str]] = None,
) -> Dict[str, list]:
    """Classify grids; return ``{output column: list}`` (see :data:`OUTPUT_COLUMNS`).

    ``columns`` maps names of :data:`INPUT_COLUMNS` to one value per grid (NaN or None for
    NULL); only ``population`` and ``density`` or ``area_km2`` are required, the others may be
    absent. ``ids`` (grid ids) and ``labels`` (``{our name: user field}``) make error messages
    point at the user's grids and fields. Raise :class:`InputError` on bad rules or input.
    """
    rules = rules or ClassifyRules()
    rules.validate()
    labels = dict(labels or {})
    population = columns.get("population")
    n_ids = len(population) if population is not None else 0
    ids = list(ids) if ids is not None else ["#{}".format(i + 1) for i in range(n_ids)]
    arrays, n = _prepare(columns, ids, labels)
    density = grid_density(arrays, ids, labels)
    classes = density_classes(density, rules)
    income = arrays.get("income", np.full(n, np.nan))
    tiers = income_tiers(income, arrays["population"], rules)
    index = demand_index(arrays, rules, n)
    return {
        "density_class": classes,
        "income_tier": tiers,
        "demand_index": [float(v) for v in index],
        "products": products(arrays, tiers, rules, n),
        "strategy": strategies(classes, tiers, rules),
    }


def product_labels(codes: Optional[str], language: str = "zh") -> Optional[str]:
    """``"pension,health"`` → ``"养老保险、健康保险"`` (or English, comma-separated)."""
    if not codes:
        return codes
    sep = "、" if language == "zh" else ", "
    return sep.join(label(PRODUCTS, code, language) for code in codes.split(","))
