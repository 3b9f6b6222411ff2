"""``servicegrid:classifygrids``: density class, income tier, demand index, products, strategy.

A thin Processing layer over :mod:`core.classify`: it reads the grids, measures areas where
needed, calls the core and writes the input features with the five result columns.
"""

from collections import Counter

import numpy as np
from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsField,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsRectangle,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QVariant

from .base import ServiceGridAlgorithm
from .core import classify as core
from .core.errors import format_ids
from .core.gpkg import update_grid_columns
from .core.tables import guess_fields
from .qgis_io import (
    WGS84,
    crs_is_defined,
    fields_with_columns,
    grids_source,
    lower_names,
    mapped_attributes,
    read_grids,
    require_crs,
    utm_crs_for,
    write_features,
)

#: Input field parameters: (parameter key, our field name). POPULATION_FIELD is required.
FIELD_PARAMS = (
    ("POPULATION_FIELD", "population"),
    ("DENSITY_FIELD", "density"),
    ("AREA_FIELD", "area_km2"),
    ("INCOME_FIELD", "income"),
    ("ELDERLY_SHARE_FIELD", "elderly_share"),
    ("YOUTH_SHARE_FIELD", "youth_share"),
    ("ENTERPRISES_FIELD", "enterprises"),
    ("CUSTOMERS_FIELD", "customers"),
)

#: Threshold parameters: (parameter key, ClassifyRules field, minimum, maximum).
RULE_PARAMS = (
    ("URBAN_CORE_DENSITY", "urban_core_density", 0.0, None),
    ("URBAN_DENSITY", "urban_density", 0.0, None),
    ("SUBURBAN_DENSITY", "suburban_density", 0.0, None),
    ("HIGH_INCOME", "high_income", 0.0, None),
    ("BASIC_INCOME", "basic_income", 0.0, None),
    ("HIGH_INCOME_PERCENTILE", "high_income_percentile", 0.0, 100.0),
    ("BASIC_INCOME_PERCENTILE", "basic_income_percentile", 0.0, 100.0),
    ("AGEING_SHARE", "ageing_share", 0.0, 1.0),
    ("YOUTH_SHARE_THRESHOLD", "youth_share", 0.0, 1.0),
    ("ENTERPRISE_DENSITY", "enterprises_per_1000", 0.0, None),
    ("WEIGHT_POPULATION", "weight_population", 0.0, None),
    ("WEIGHT_INCOME", "weight_income", 0.0, None),
    ("WEIGHT_ELDERLY", "weight_elderly", 0.0, None),
    ("WEIGHT_YOUTH", "weight_youth", 0.0, None),
    ("WEIGHT_ENTERPRISES", "weight_enterprises", 0.0, None),
    ("WEIGHT_PENETRATION_GAP", "weight_penetration_gap", 0.0, None),
)
#: Rule parameters shown under "Advanced parameters".
ADVANCED = {
    "HIGH_INCOME_PERCENTILE",
    "BASIC_INCOME_PERCENTILE",
    "WEIGHT_POPULATION",
    "WEIGHT_INCOME",
    "WEIGHT_ELDERLY",
    "WEIGHT_YOUTH",
    "WEIGHT_ENTERPRISES",
    "WEIGHT_PENETRATION_GAP",
}

#: Output columns and their types (text except the index).
OUTPUT_TYPES = {
    "density_class": QVariant.String,
    "income_tier": QVariant.String,
    "demand_index": QVariant.Double,
    "products": QVariant.String,
    "strategy": QVariant.String,
}


class ClassifyGridsAlgorithm(ServiceGridAlgorithm):
    """Classify service grids by density and income; score demand; suggest products and
    a service strategy."""

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

    def displayName(self):  # noqa: N802 (QGIS API)
        return self.tr("Classify service grids")

    def tags(self):
        return self.tr(
            "classify,density,income,demand,products,strategy,分类,密度,收入,需求,产品,策略"
        ).split(",")

    def shortHelpString(self):  # noqa: N802 (QGIS API)
        return self.tr(
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
            "suburban basic and rural middle/basic. A grid without income counts as middle."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT,
                self.tr("Service grids (polygons)"),
                [QgsProcessing.SourceType.TypeVectorPolygon],
            )
        )
        # Optional only so that scripts may leave it out (QGIS 3.22 does not apply a field
        # parameter's default outside the dialog): empty means a field with our name.
        self.addParameter(
            QgsProcessingParameterField(
                self.POPULATION_FIELD,
                self.tr("Population field (required; 'population' if empty)"),
                "population",
                self.INPUT,
                QgsProcessingParameterField.Any,
                optional=True,
            )
        )
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
            self.addParameter(
                QgsProcessingParameterField(
                    key,
                    labels[key],
                    None,
                    self.INPUT,
                    QgsProcessingParameterField.Any,
                    optional=True,
                )
            )
        defaults = core.ClassifyRules()
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
                self.addParameter(
                    QgsProcessingParameterEnum(
                        self.INCOME_MODE,
                        self.tr("Income tiers"),
                        [
                            self.tr("Relative to the study area (population-weighted percentiles)"),
                            self.tr("Absolute (CNY per person and year)"),
                        ],
                        defaultValue=0,
                    )
                )
            param = QgsProcessingParameterNumber(
                key,
                rule_labels[key],
                QgsProcessingParameterNumber.Double,
                getattr(defaults, rule),
                False,
                minimum,
                maximum if maximum is not None else 1e12,
            )
            if key in ADVANCED:
                param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(param)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Classified grids"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.PROJECT,
                self.tr(
                    "Also store the classes in this project GeoPackage (input: its grids layer)"
                ),
                QgsProcessingParameterFile.File,
                "gpkg",
                optional=True,
            )
        )
        self.addOutput(QgsProcessingOutputNumber("GRID_COUNT", self.tr("Grids")))
        descriptions = {
            "DENSITY": self.tr("Grids in density class {code}"),
            "INCOME": self.tr("Grids in income tier {code}"),
            "STRATEGY": self.tr("Grids with strategy {code}"),
        }
        for prefix, catalogue in self._count_catalogues():
            for code, _zh, _en in catalogue:
                self.addOutput(
                    QgsProcessingOutputNumber(
                        self._count_key(prefix, code), descriptions[prefix].format(code=code)
                    )
                )
        self.addOutput(
            QgsProcessingOutputNumber("INCOME_UNKNOWN_COUNT", self.tr("Grids without income"))
        )

    @staticmethod
    def _count_catalogues():
        return (
            ("DENSITY", core.DENSITY_CLASSES),
            ("INCOME", core.INCOME_TIERS),
            ("STRATEGY", core.STRATEGIES),
        )

    @staticmethod
    def _count_key(prefix, code):
        return "{}_{}_COUNT".format(prefix, code.upper())

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(3, feedback)
        source, label, _crs = grids_source(
            self, parameters, self.INPUT, context, feedback, working_crs=False
        )
        rules = self._rules(parameters, context)
        rules.validate()
        mapping = self._field_mapping(parameters, context, source, feedback)

        # 1. read the mapped fields and the geometries (in a CRS measured in metres)
        measure_crs, crs_note = self._measure_crs(source, label, context)
        read_mapping = dict(mapping)
        id_field = lower_names(source).get("grid_id")
        if id_field:
            read_mapping["grid_id"] = id_field
        raw, grids = read_grids(source, label, read_mapping, steps, measure_crs, context, False)
        if len(raw) == 0:
            raise self._no_features(label)
        steps.setCurrentStep(1)
        ids = grids.ids
        columns = self._numeric_columns(grids, mapping, feedback)
        columns["area_km2"] = self._areas(
            source, raw, ids, columns, (measure_crs, crs_note), label, feedback
        )

        # 2. classify
        result = core.classify(columns, rules, ids, labels=dict(mapping))
        if feedback.isCanceled():
            return {}
        steps.setCurrentStep(2)

        # 3. write the input features with the result columns
        columns_out = [QgsField(c, OUTPUT_TYPES[c]) for c in core.OUTPUT_COLUMNS]
        fields, targets, positions = fields_with_columns(source.fields(), columns_out, True)
        index_of = {fid: i for i, fid in enumerate(raw.fids)}

        def rows():
            flags = QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks
            for feature in source.getFeatures(QgsFeatureRequest(), flags):
                i = index_of[feature.id()]
                attrs = mapped_attributes(feature, targets, fields.count())
                for column in core.OUTPUT_COLUMNS:
                    attrs[positions[column]] = result[column][i]
                yield feature.geometry(), attrs

        dest_id = write_features(
            self,
            parameters,
            self.OUTPUT,
            context,
            fields,
            source.wkbType(),
            source.sourceCrs(),
            rows(),
            steps,
            (0.0, 100.0, len(raw)),
        )
        if dest_id is None:
            return {}

        project = self.parameterAsFile(parameters, self.PROJECT, context)
        if project:
            if not id_field:
                raise QgsProcessingException(
                    self.tr(
                        "To store the classes in a project GeoPackage, classify the project's own "
                        "grids layer (it has the field grid_id)."
                    )
                )
            stored = update_grid_columns(
                project, raw.columns["grid_id"], {c: result[c] for c in core.OUTPUT_COLUMNS}
            )
            feedback.pushInfo(
                self.tr("Stored the classes of {n} grids in {path}.").format(n=stored, path=project)
            )
        results = {self.OUTPUT: dest_id, "GRID_COUNT": len(raw)}
        results.update(self._counts(result))
        self._report(feedback, rules, columns, result, results)
        return results

    # ------------------------------------------------------------------ helpers

    def _no_features(self, label):
        return QgsProcessingException(
            self.tr(
                "Layer '{layer}' has no features. Choose a layer of service grids with their "
                "population (e.g. the output of 'Build service grids')."
            ).format(layer=label)
        )

    def _rules(self, parameters, context):
        values = {
            rule: self.parameterAsDouble(parameters, key, context)
            for key, rule, _min, _max in RULE_PARAMS
        }
        mode = self.parameterAsEnum(parameters, self.INCOME_MODE, context)
        values["income_mode"] = core.INCOME_MODES[mode]
        return core.ClassifyRules(**values)

    def _field_mapping(self, parameters, context, source, feedback):
        """``{our field: user field}``; optional fields left empty use our names if present."""
        names = source.fields().names()
        population = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        if not population:
            population = guess_fields(names, ["population"]).get("population")
            if population is None:
                raise QgsProcessingException(
                    self.tr(
                        "The grids layer has no population field. Choose the field that holds the "
                        "number of residents (POPULATION_FIELD). Its fields are: {fields}."
                    ).format(fields=", ".join(names))
                )
        if population not in names:
            raise QgsProcessingException(
                self.tr(
                    "Population field '{field}' not found in the grids layer. Its fields are: "
                    "{fields}. Choose the field that holds the number of residents."
                ).format(field=population, fields=", ".join(names))
            )
        mapping = {"population": population}
        for key, ours in FIELD_PARAMS[1:]:
            value = self.parameterAsString(parameters, key, context)
            if value:
                if value not in names:
                    raise QgsProcessingException(
                        self.tr(
                            "Field '{field}' ({param}) not found in the grids layer. Its fields "
                            "are: {fields}."
                        ).format(field=value, param=key, fields=", ".join(names))
                    )
                mapping[ours] = value
        used = set(mapping.values())
        wanted = [ours for _key, ours in FIELD_PARAMS if ours not in mapping]
        for ours, user in guess_fields(names, wanted).items():
            if user not in used:
                mapping[ours] = user
                used.add(user)
                feedback.pushInfo(
                    self.tr("Using field '{user}' for {ours}.").format(user=user, ours=ours)
                )
        return mapping

    def _numeric_columns(self, grids, mapping, feedback):
        """The mapped fields as float arrays (NaN for NULL); shares given in % are converted."""
        columns = {}
        for ours, user in mapping.items():
            if ours == "population":
                values = grids.population
            else:
                values = np.array([np.nan if v is None else v for v in grids.columns[ours]])
            if ours in ("elderly_share", "youth_share"):
                values, converted = core.shares_from_percentages(values)
                if converted:
                    feedback.pushWarning(
                        self.tr(
                            "Field '{field}' looks like percentages (0–100); it was divided by 100 "
                            "to give shares (0–1)."
                        ).format(field=user)
                    )
            columns[ours] = values
        return columns

    def _measure_crs(self, source, label, context):
        """The CRS to measure areas in when it differs from the layer's, and a note saying so.

        ``(None, None)`` for a projected layer (areas are measured in its own CRS) and for a
        layer without a CRS (refused later, only if a grid needs its area measured); a layer
        in degrees is measured in the UTM zone of its centre.
        """
        crs = source.sourceCrs()
        if not crs_is_defined(crs) or not crs.isGeographic():
            return None, None
        extent = source.sourceExtent()
        to_wgs = QgsCoordinateTransform(crs, WGS84, context.transformContext())
        centre = to_wgs.transformBoundingBox(QgsRectangle(extent)).center()
        target = utm_crs_for(centre.x(), centre.y())
        note = self.tr(
            "Layer '{layer}' is in a geographic CRS ({src}); areas were measured in metres in "
            "{dst} ({name})."
        ).format(layer=label, src=crs.authid(), dst=target.authid(), name=target.description())
        return target, note

    def _areas(self, source, raw, ids, columns, measure, label, feedback):
        """Area in km² per grid: the area field, else measured from the geometry.

        Geometries are measured only for grids that have neither a density nor an area;
        ``measure`` is ``(CRS, note)`` from :meth:`_measure_crs`.
        """
        measure_crs, crs_note = measure
        n = len(raw)
        area = columns.get("area_km2", np.full(n, np.nan)).copy()
        density = columns.get("density", np.full(n, np.nan))
        need = np.flatnonzero(np.isnan(area) & np.isnan(density))
        if len(need) == 0:
            return area
        crs = measure_crs or require_crs(source, label)
        if measure_crs is None:
            factor = QgsUnitTypes.fromUnitToUnitFactor(crs.mapUnits(), QgsUnitTypes.DistanceMeters)
        else:
            factor = 1.0
            feedback.pushWarning(crs_note)
        missing = []
        for i in need:
            wkb = raw.geometries[i]
            if wkb is None:
                missing.append(ids[i])
                continue
            geometry = QgsGeometry()
            geometry.fromWkb(wkb)
            area[i] = geometry.area() * factor * factor / 1e6
        if missing:
            raise QgsProcessingException(
                self.tr(
                    "{n} grid(s) have neither a density, an area nor a geometry to measure: {ids}. "
                    "Give them a geometry or an area, then run again."
                ).format(n=len(missing), ids=format_ids(missing))
            )
        feedback.pushInfo(
            self.tr(
                "Area measured from the geometry for {n} grid(s) (no density or area value), in "
                "{crs}."
            ).format(n=len(need), crs=crs.authid() or crs.description())
        )
        return area

    def _counts(self, result):
        counts = {}
        columns = {"DENSITY": "density_class", "INCOME": "income_tier", "STRATEGY": "strategy"}
        for prefix, catalogue in self._count_catalogues():
            found = Counter(result[columns[prefix]])
            for code, _zh, _en in catalogue:
                counts[self._count_key(prefix, code)] = found.get(code, 0)
        counts["INCOME_UNKNOWN_COUNT"] = sum(1 for t in result["income_tier"] if t is None)
        return counts

    def _report(self, feedback, rules, columns, result, results):
        def summary(prefix, catalogue):
            return ", ".join(
                "{} {}".format(code, results[self._count_key(prefix, code)])
                for code, _zh, _en in catalogue
            )

        feedback.pushInfo(
            self.tr("Density classes: {counts}.").format(
                counts=summary("DENSITY", core.DENSITY_CLASSES)
            )
        )
        feedback.pushInfo(
            self.tr("Income tiers: {counts}; without income: {unknown}.").format(
                counts=summary("INCOME", core.INCOME_TIERS), unknown=results["INCOME_UNKNOWN_COUNT"]
            )
        )
        if rules.income_mode == "relative" and "income" in columns:
            income = columns["income"]
            tiers = result["income_tier"]
            high = [income[i] for i, t in enumerate(tiers) if t == "high"]
            basic = [income[i] for i, t in enumerate(tiers) if t == "basic"]
            feedback.pushInfo(
                self.tr(
                    "Relative income tiers: high from {high} CNY, basic up to {basic} CNY per "
                    "person and year."
                ).format(
                    high="{:,.0f}".format(min(high)) if high else "-",
                    basic="{:,.0f}".format(max(basic)) if basic else "-",
                )
            )
        feedback.pushInfo(
            self.tr("Strategies: {counts}.").format(counts=summary("STRATEGY", core.STRATEGIES))
        )
        missing = [
            ours
            for ours in ("income", "elderly_share", "youth_share", "enterprises", "customers")
            if ours not in columns
        ]
        if missing:
            feedback.pushInfo(
                self.tr(
                    "Not in the layer, left out of the demand index and product rules: {fields}."
                ).format(fields=", ".join(missing))
            )
