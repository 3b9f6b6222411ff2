"""The results of 'Classify service grids': the output layer, the counts and the log."""

from collections import Counter

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingFeatureSource,
)
from qgis.PyQt.QtCore import QCoreApplication

from .core import classify as core
from .core import schema
from .core.gpkg import update_grid_columns
from .core.labels import ui_language
from .qgis_io import fields_with_columns, mapped_attributes, new_field, write_features


def count_catalogues():
    return (
        ("DENSITY", core.DENSITY_CLASSES),
        ("INCOME", core.INCOME_TIERS),
        ("STRATEGY", core.STRATEGIES),
    )


def count_key(prefix, code):
    return "{}_{}_COUNT".format(prefix, code.upper())


def counts(result):
    counts = {}
    columns = {"DENSITY": "density_class", "INCOME": "income_tier", "STRATEGY": "strategy"}
    for prefix, catalogue in count_catalogues():
        found = Counter(result[columns[prefix]])
        for code, _zh, _en in catalogue:
            counts[count_key(prefix, code)] = found.get(code, 0)
    counts["INCOME_UNKNOWN_COUNT"] = sum(1 for t in result["income_tier"] if t is None)
    return counts


def missing_labels(names):
    """The grids layer's field labels (in the interface language) of ``names``."""
    zh = ui_language() == "zh"
    return [schema.GRIDS.get(n).alias_zh if zh else schema.GRIDS.get(n).alias_en for n in names]


def report(feedback, rules, columns, result, results):
    def summary(prefix, catalogue):
        return ", ".join(
            "{} {}".format(core.ui_label(catalogue, code), results[count_key(prefix, code)])
            for code, _zh, _en in catalogue
        )

    feedback.pushInfo(
        QCoreApplication.translate("ClassifyGridsAlgorithm", "Density classes: {counts}.").format(
            counts=summary("DENSITY", core.DENSITY_CLASSES)
        )
    )
    feedback.pushInfo(
        QCoreApplication.translate(
            "ClassifyGridsAlgorithm", "Income tiers: {counts}; without income: {unknown}."
        ).format(
            counts=summary("INCOME", core.INCOME_TIERS), unknown=results["INCOME_UNKNOWN_COUNT"]
        )
    )
    if rules.income_mode == "relative" and "income" in columns:
        income = columns["income"]
        tiers = result["income_tier"]
        high = [income[i] for i, t in enumerate(tiers) if t == "high"]
        basic = [income[i] for i, t in enumerate(tiers) if t == "basic"]
        feedback.pushInfo(
            QCoreApplication.translate(
                "ClassifyGridsAlgorithm",
                "Relative income tiers: high from {high} CNY, basic up to {basic} CNY per "
                "person and year.",
            ).format(
                high="{:,.0f}".format(min(high)) if high else "-",
                basic="{:,.0f}".format(max(basic)) if basic else "-",
            )
        )
    feedback.pushInfo(
        QCoreApplication.translate("ClassifyGridsAlgorithm", "Strategies: {counts}.").format(
            counts=summary("STRATEGY", core.STRATEGIES)
        )
    )
    missing = [
        ours
        for ours in ("income", "elderly_share", "youth_share", "enterprises", "customers")
        if ours not in columns
    ]
    if missing:
        feedback.pushInfo(
            QCoreApplication.translate(
                "ClassifyGridsAlgorithm",
                "Not in the layer, left out of the demand index and product rules: {fields}.",
            ).format(fields=", ".join(missing_labels(missing)))
        )


#: Output columns and their types (text except the index).
OUTPUT_TYPES = {
    "density_class": schema.TEXT,
    "income_tier": schema.TEXT,
    "demand_index": schema.REAL,
    "products": schema.TEXT,
    "strategy": schema.TEXT,
}


def write_classes(alg, parameters, context, source, raw, result, feedback):
    """The input features with the result columns replaced in place or appended; the
    destination id, ``None`` when the user cancelled."""
    columns_out = [new_field(c, OUTPUT_TYPES[c]) for c in core.OUTPUT_COLUMNS]
    fields, targets, positions = fields_with_columns(source.fields(), columns_out, True)
    index_of = {fid: i for i, fid in enumerate(raw.fids)}

    def rows():
        flags = QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks
        for feature in source.getFeatures(QgsFeatureRequest(), flags):
            i = index_of[feature.id()]
            attrs = mapped_attributes(feature, targets, fields.count())
            for column in core.OUTPUT_COLUMNS:
                attrs[positions[column]] = result[column][i]
            yield feature.geometry(), attrs

    progress = (0.0, 100.0, len(raw))
    output = (parameters, alg.OUTPUT, context, fields, source.wkbType(), source.sourceCrs())
    return write_features(alg, *output, rows(), feedback, progress)


def check_project_grids(id_field):
    """With PROJECT, the grids classified must have the field grid_id (checked before
    classifying)."""
    if not id_field:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "ClassifyGridsAlgorithm",
                "To store the classes in a project GeoPackage, classify the project's own "
                "grids layer (it has the field grid_id).",
            )
        )


def store_classes(project, raw, result, feedback):
    """Store the result columns in the project GeoPackage's grids (by grid_id)."""
    stored = update_grid_columns(
        project, raw.columns["grid_id"], {c: result[c] for c in core.OUTPUT_COLUMNS}
    )
    feedback.pushInfo(
        QCoreApplication.translate(
            "ClassifyGridsAlgorithm", "Stored the classes of {n} grids in {path}."
        ).format(n=stored, path=project)
    )
