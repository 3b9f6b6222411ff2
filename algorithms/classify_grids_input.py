"""Reading the grids for 'Classify service grids': the field mapping, the numeric columns
and the areas."""

import numpy as np
from qgis.core import QgsProcessingException, QgsUnitTypes
from qgis.PyQt.QtCore import QCoreApplication

from .core import classify as core
from .core.errors import format_ids
from .core.tables import guess_fields
from .qgis_io import crs_is_defined, geometry_from_wkb, require_crs, utm_crs_of

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


def field_mapping(alg, parameters, context, source, feedback):
    """``{our field: user field}``; optional fields left empty use our names if present."""
    names = source.fields().names()
    population = alg.parameterAsString(parameters, alg.POPULATION_FIELD, context)
    if not population:
        population = guess_fields(names, ["population"]).get("population")
        if population is None:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "ClassifyGridsAlgorithm",
                    "The grids layer has no population field. Choose the field that holds the "
                    "number of residents in {param}. Its fields are: {fields}.",
                ).format(param=alg.param(alg.POPULATION_FIELD), fields=", ".join(names))
            )
    if population not in names:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "ClassifyGridsAlgorithm",
                "Population field '{field}' not found in the grids layer. Its fields are: "
                "{fields}. Choose the field that holds the number of residents.",
            ).format(field=population, fields=", ".join(names))
        )
    mapping = {"population": population}
    for key, ours in FIELD_PARAMS[1:]:
        value = alg.parameterAsString(parameters, key, context)
        if value:
            if value not in names:
                raise QgsProcessingException(
                    QCoreApplication.translate(
                        "ClassifyGridsAlgorithm",
                        "Field '{field}' chosen for {param} not found in the grids layer. Its "
                        "fields are: {fields}.",
                    ).format(field=value, param=alg.param(key), fields=", ".join(names))
                )
            mapping[ours] = value
    used = set(mapping.values())
    wanted = [ours for _key, ours in FIELD_PARAMS if ours not in mapping]
    for ours, user in guess_fields(names, wanted).items():
        if user not in used:
            mapping[ours] = user
            used.add(user)
            feedback.pushInfo(
                QCoreApplication.translate(
                    "ClassifyGridsAlgorithm", "Using field '{user}' for {ours}."
                ).format(user=user, ours=ours)
            )
    return mapping


def numeric_columns(grids, mapping, feedback):
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
                    QCoreApplication.translate(
                        "ClassifyGridsAlgorithm",
                        "Field '{field}' looks like percentages (0–100); it was divided by 100 "
                        "to give shares (0–1).",
                    ).format(field=user)
                )
        columns[ours] = values
    return columns


def area_crs(source, label, context):
    """The CRS to measure areas in when it differs from the layer's, and a note saying so.

    ``(None, None)`` for a projected layer (areas are measured in its own CRS) and for a
    layer without a CRS (refused later, only if a grid needs its area measured); a layer
    in degrees is measured in the UTM zone of its centre.
    """
    crs = source.sourceCrs()
    if not crs_is_defined(crs) or not crs.isGeographic():
        return None, None
    target = utm_crs_of(crs, source.sourceExtent(), context.transformContext())
    return target, QCoreApplication.translate(
        "ClassifyGridsAlgorithm",
        "Layer '{layer}' is in a geographic CRS ({src}); areas were measured in metres in "
        "{dst} ({name}).",
    ).format(layer=label, src=crs.authid(), dst=target.authid(), name=target.description())


def areas(source, raw, ids, columns, measure, label, feedback):
    """Area in km² per grid: the area field, else measured from the geometry.

    Geometries are measured only for grids that have neither a density nor an area;
    ``measure`` is ``(CRS, note)`` from :func:`area_crs`.
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
        factor = QgsUnitTypes.fromUnitToUnitFactor(
            crs.mapUnits(), QgsUnitTypes.DistanceUnit.DistanceMeters
        )
    else:
        factor = 1.0
        feedback.pushWarning(crs_note)
    missing = []
    for i in need:
        wkb = raw.geometries[i]
        if wkb is None:
            missing.append(ids[i])
            continue
        area[i] = geometry_from_wkb(wkb).area() * factor * factor / 1e6
    if missing:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "ClassifyGridsAlgorithm",
                "{n} grid(s) have neither a density, an area nor a geometry to measure: {ids}. "
                "Give them a geometry or an area, then run again.",
            ).format(n=len(missing), ids=format_ids(missing))
        )
    feedback.pushInfo(
        QCoreApplication.translate(
            "ClassifyGridsAlgorithm",
            "Area measured from the geometry for {n} grid(s) (no density or area value), in {crs}.",
        ).format(n=len(need), crs=crs.authid() or crs.description())
    )
    return area


def rules_from(alg, parameters, context):
    values = {
        rule: alg.parameterAsDouble(parameters, key, context)
        for key, rule, _min, _max in RULE_PARAMS
    }
    mode = alg.parameterAsEnum(parameters, alg.INCOME_MODE, context)
    values["income_mode"] = core.INCOME_MODES[mode]
    return core.ClassifyRules(**values)
