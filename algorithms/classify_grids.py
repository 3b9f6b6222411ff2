"""``servicegrid:classifygrids``: density class, income tier, demand index, products, strategy.

A thin Processing layer over :mod:`core.classify`: it reads the grids, measures areas where
needed, calls the core and writes the input features with the five result columns.
"""

from qgis.core import QgsProcessingException, QgsProcessingMultiStepFeedback
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import POLYGONS, ServiceGridAlgorithm
from .classify_grids_input import (
    ADVANCED,
    FIELD_PARAMS,
    RULE_PARAMS,
    area_crs,
    areas,
    field_mapping,
    numeric_columns,
    rules_from,
)
from .classify_grids_output import (
    check_project_grids,
    count_catalogues,
    count_key,
    counts,
    report,
    store_classes,
    write_classes,
)
from .core import classify as core
from .qgis_io import grids_source, lower_names, read_grids


class ClassifyGridsAlgorithm(ServiceGridAlgorithm):
    """Classify service grids by density and income; score demand; suggest products and
    a service strategy."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP(
        "ClassifyGridsAlgorithm",
        "Classify service grids",
    )
    TAGS = QT_TRANSLATE_NOOP(
        "ClassifyGridsAlgorithm",
        "classify,density,income,demand,products,strategy,分类,密度,收入,需求,产品,策略",
    )
    HELP = QT_TRANSLATE_NOOP(
        "ClassifyGridsAlgorithm",
        "Classifies service grids (e.g. the output of 'Build service grids') and adds five "
        "columns: density_class, income_tier, demand_index, products and strategy. Columns "
        "of the same names are replaced.\n\n"
        "Needs a population field and a density (people/km²) or an area field (km²); "
        "without them the area is measured from the geometry (a layer in degrees is "
        "measured in its UTM zone). Income, elderly and youth shares, enterprises and "
        "existing customers are optional: fields with our names are used when present.\n\n"
        "Density class: urban core from 10,000 people/km², urban from 3,000, suburban "
        "from 500, else rural.\n\n"
        "Income tier (per-capita income, CNY/year): relative to the study area (default) by "
        "the grid's population-weighted percentile rank (high from the 80th, basic below "
        "the 40th: the national income quintiles), or absolute (high from 95,000, basic "
        "below 33,000). No income: no tier.\n\n"
        "Demand index (0–100) = 100 × Σ weight × score / Σ weight, over the inputs the grid "
        "has (missing ones drop out and the weights are renormalised). Scores: population, "
        "income, elderly share, youth share and enterprises each divided by the study "
        "area's 95th percentile (capped at 1); penetration gap = 1 − (customers per "
        "resident ÷ its 95th percentile). Default weights 0.30, 0.20, 0.10, 0.10, 0.15, "
        "0.15.\n\n"
        "Products (comma-separated codes): elderly share ≥ 0.20 → pension, health; youth "
        "share ≥ 0.30 → health, accident, travel; high income → premium_medical, wealth; "
        "≥ 20 enterprises per 1,000 residents → group_benefits, commercial_property; basic "
        "income → inclusive_health, accident; none of these → health, accident.\n\n"
        "Strategy: branch_premium (branch + premium advisors) for high-income urban core "
        "and urban grids; center_team (service centre + agent team) for other urban-core "
        "grids; point_agents (service point + agents) for other urban grids, suburban "
        "high/middle and rural high; mobile_basic (mobile service + basic products) for "
        "suburban basic and rural middle/basic. A grid without income counts as middle.",
    )

    ALGORITHM_ID = "classifygrids"
    GROUP_ID = "grids"

    INPUT = "INPUT"
    POPULATION_FIELD = "POPULATION_FIELD"
    DENSITY_FIELD = "DENSITY_FIELD"
    AREA_FIELD = "AREA_FIELD"
    INCOME_FIELD = "INCOME_FIELD"
    ELDERLY_SHARE_FIELD = "ELDERLY_SHARE_FIELD"
    YOUTH_SHARE_FIELD = "YOUTH_SHARE_FIELD"
    ENTERPRISES_FIELD = "ENTERPRISES_FIELD"
    CUSTOMERS_FIELD = "CUSTOMERS_FIELD"
    URBAN_CORE_DENSITY = "URBAN_CORE_DENSITY"
    URBAN_DENSITY = "URBAN_DENSITY"
    SUBURBAN_DENSITY = "SUBURBAN_DENSITY"
    INCOME_MODE = "INCOME_MODE"
    HIGH_INCOME = "HIGH_INCOME"
    BASIC_INCOME = "BASIC_INCOME"
    HIGH_INCOME_PERCENTILE = "HIGH_INCOME_PERCENTILE"
    BASIC_INCOME_PERCENTILE = "BASIC_INCOME_PERCENTILE"
    AGEING_SHARE = "AGEING_SHARE"
    YOUTH_SHARE_THRESHOLD = "YOUTH_SHARE_THRESHOLD"
    ENTERPRISE_DENSITY = "ENTERPRISE_DENSITY"
    WEIGHT_POPULATION = "WEIGHT_POPULATION"
    WEIGHT_INCOME = "WEIGHT_INCOME"
    WEIGHT_ELDERLY = "WEIGHT_ELDERLY"
    WEIGHT_YOUTH = "WEIGHT_YOUTH"
    WEIGHT_ENTERPRISES = "WEIGHT_ENTERPRISES"
    WEIGHT_PENETRATION_GAP = "WEIGHT_PENETRATION_GAP"
    OUTPUT = "OUTPUT"
    PROJECT = "PROJECT"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        defaults = core.ClassifyRules()
        self.add_source(self.INPUT, self.tr("Service grids (polygons)"), POLYGONS)
        # Optional only so that scripts may leave it out (QGIS 3.22 does not apply a field
        # parameter's default outside the dialog): empty means a field with our name.
        population = self.tr("Population field (required; 'population' if empty)")
        self.add_field(self.POPULATION_FIELD, population, self.INPUT, "population", optional=True)
        labels = {
            "DENSITY_FIELD": self.tr("Density field (people/km²)"),
            "AREA_FIELD": self.tr("Area field (km²; measured from the geometry if empty)"),
            "INCOME_FIELD": self.tr("Income per capita field (CNY/year)"),
            "ELDERLY_SHARE_FIELD": self.tr("Elderly share field (60+, 0–1 or %)"),
            "YOUTH_SHARE_FIELD": self.tr("Youth share field (0–1 or %)"),
            "ENTERPRISES_FIELD": self.tr("Enterprises field"),
            "CUSTOMERS_FIELD": self.tr("Existing customers field"),
        }
        for key, _ours in FIELD_PARAMS[1:]:
            self.add_field(key, labels[key], self.INPUT, optional=True)
        rule_labels = {
            "URBAN_CORE_DENSITY": self.tr("Urban core from (people/km²)"),
            "URBAN_DENSITY": self.tr("Urban from (people/km²)"),
            "SUBURBAN_DENSITY": self.tr("Suburban from (people/km²; rural below)"),
            "HIGH_INCOME": self.tr("Absolute mode: high income from (CNY/year)"),
            "BASIC_INCOME": self.tr("Absolute mode: basic income below (CNY/year)"),
            "HIGH_INCOME_PERCENTILE": self.tr(
                "Relative mode: high income from percentile (population-weighted)"
            ),
            "BASIC_INCOME_PERCENTILE": self.tr(
                "Relative mode: basic income below percentile (population-weighted)"
            ),
            "AGEING_SHARE": self.tr("Ageing grid from elderly share (0–1)"),
            "YOUTH_SHARE_THRESHOLD": self.tr("Young grid from youth share (0–1)"),
            "ENTERPRISE_DENSITY": self.tr("Business grid from enterprises per 1,000 residents"),
            "WEIGHT_POPULATION": self.tr("Demand weight: population (workload)"),
            "WEIGHT_INCOME": self.tr("Demand weight: income"),
            "WEIGHT_ELDERLY": self.tr("Demand weight: elderly share"),
            "WEIGHT_YOUTH": self.tr("Demand weight: youth share"),
            "WEIGHT_ENTERPRISES": self.tr("Demand weight: enterprises"),
            "WEIGHT_PENETRATION_GAP": self.tr(
                "Demand weight: penetration gap (few customers per resident)"
            ),
        }
        for i, (key, rule, minimum, maximum) in enumerate(RULE_PARAMS):
            if i == 3:  # after the densities, before the income thresholds
                modes = [
                    self.tr("Relative to the study area (population-weighted percentiles)"),
                    self.tr("Absolute (CNY per person and year)"),
                ]
                self.add_enum(self.INCOME_MODE, self.tr("Income tiers"), modes)
            high = maximum if maximum is not None else 1e12
            default = getattr(defaults, rule)
            advanced = key in ADVANCED
            self.add_number(key, rule_labels[key], default, minimum, high, advanced=advanced)
        self.add_sink(self.OUTPUT, self.tr("Classified grids"), POLYGONS)
        store = self.tr(
            "Also store the classes in this project GeoPackage (input: its grids layer)"
        )
        self.add_gpkg(self.PROJECT, store, optional=True)
        self.add_outputs({"GRID_COUNT": self.tr("Grids")})
        descriptions = {
            "DENSITY": self.tr("Grids in density class {code}"),
            "INCOME": self.tr("Grids in income tier {code}"),
            "STRATEGY": self.tr("Grids with strategy {code}"),
        }
        self.add_outputs(
            {
                count_key(prefix, code): descriptions[prefix].format(
                    code=core.ui_label(catalogue, code)
                )
                for prefix, catalogue in count_catalogues()
                for code, _zh, _en in catalogue
            }
        )
        self.add_outputs({"INCOME_UNKNOWN_COUNT": self.tr("Grids without income")})

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(3, feedback)
        source, label, _crs = grids_source(
            self, parameters, self.INPUT, context, feedback, working_crs=False
        )
        rules = rules_from(self, parameters, context)
        rules.validate()
        mapping = field_mapping(self, parameters, context, source, feedback)

        # 1. read the mapped fields and the geometries (in a CRS measured in metres)
        measure_crs, crs_note = area_crs(source, label, context)
        read_mapping = dict(mapping)
        id_field = lower_names(source).get("grid_id")
        if id_field:
            read_mapping["grid_id"] = id_field
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        if project:
            check_project_grids(id_field)
        raw, grids = read_grids(source, label, read_mapping, steps, measure_crs, context, False)
        if len(raw) == 0:
            raise QgsProcessingException(
                self.tr(
                    "Layer '{layer}' has no features. Choose a layer of service grids with their "
                    "population (e.g. the output of 'Build service grids')."
                ).format(layer=label)
            )
        steps.setCurrentStep(1)
        ids = grids.ids
        columns = numeric_columns(grids, mapping, feedback)
        columns["area_km2"] = areas(
            source, raw, ids, columns, (measure_crs, crs_note), label, feedback
        )

        # 2. classify
        result = core.classify(columns, rules, ids, labels=dict(mapping))
        if feedback.isCanceled():
            return {}
        steps.setCurrentStep(2)

        # 3. write the input features with the result columns
        dest_id = write_classes(self, parameters, context, source, raw, result, steps)
        if dest_id is None:
            return {}

        if project:
            store_classes(project, raw, result, feedback)
        results = {self.OUTPUT: dest_id, "GRID_COUNT": len(raw)}
        results.update(counts(result))
        report(feedback, rules, columns, result, results)
        return results
