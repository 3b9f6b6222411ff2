"""What 'Build service grids' balances and how big its grids are where: the parameters BALANCE
(fields or expressions with weights and tolerances), HOMOGENEITY (income), TARGET_FIELD and
DENSITY_TARGETS, read into the core's balance variables and targets."""

from typing import Dict, List, Optional, Tuple

import numpy as np
from qgis.core import (
    QgsExpression,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingParameterMatrix,
)
from qgis.PyQt.QtCore import QCoreApplication

from .core.classify import DENSITY_CLASSES
from .core.errors import format_ids
from .core.grid_balance import WORKLOAD, BalanceVariable, unit_workload
from .core.labels import ui_labels, ui_language
from .qgis_io import is_null

#: The workload keyword as Chinese users may write it.
WORKLOAD_ZH = "工作量"

BALANCE = "BALANCE"
HOMOGENEITY = "HOMOGENEITY"
TARGET_FIELD = "TARGET_FIELD"
DENSITY_TARGETS = "DENSITY_TARGETS"

#: Outputs added by these parameters (numbers), and the text report.
DEMAND_OUTPUTS = ("INCOME_DISPERSION", "ONE_TIER_SHARE", "BARRIER_CUTS")
BALANCE_REPORT = "BALANCE_REPORT"


def add_demand_parameters(alg) -> None:
    """The parameters of balance variables, income homogeneity and targets by area."""
    alg.add(
        QgsProcessingParameterMatrix(
            BALANCE,
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "Balance on (field or expression, weight, tolerance %; empty = population; "
                "'workload' = population × demand adjustment)",
            ),
            numberRows=0,
            hasFixedNumberRows=False,
            headers=[
                QCoreApplication.translate("BuildGridsAlgorithm", "Field or expression"),
                QCoreApplication.translate("BuildGridsAlgorithm", "Weight"),
                QCoreApplication.translate("BuildGridsAlgorithm", "Tolerance (%)"),
            ],
            defaultValue=None,
            optional=True,
        ),
        advanced=True,
    )
    alg.add_number(
        HOMOGENEITY,
        QCoreApplication.translate(
            "BuildGridsAlgorithm",
            "Income homogeneity (0 = off, 1 = strong; needs the income field)",
        ),
        0.0,
        0.0,
        1.0,
    )
    alg.add_field(
        TARGET_FIELD,
        QCoreApplication.translate(
            "BuildGridsAlgorithm",
            "Target population field (per unit; finer grids where it is smaller)",
        ),
        alg.INPUT,
        optional=True,
        numeric=True,
        advanced=True,
    )
    alg.add(
        QgsProcessingParameterMatrix(
            DENSITY_TARGETS,
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "Target population per density class (urban_core ≥ 10,000 people/km², "
                "urban ≥ 3,000, suburban ≥ 500, rural)",
            ),
            numberRows=0,
            hasFixedNumberRows=False,
            headers=[
                QCoreApplication.translate("BuildGridsAlgorithm", "Density class"),
                QCoreApplication.translate("BuildGridsAlgorithm", "Target population"),
            ],
            defaultValue=None,
            optional=True,
        ),
        advanced=True,
    )


def _class_names() -> str:
    """The density classes as a user may write them: codes in English, labels in Chinese."""
    if ui_language() == "zh":
        return ui_labels(DENSITY_CLASSES, [code for code, _zh, _en in DENSITY_CLASSES])
    return ", ".join(code for code, _zh, _en in DENSITY_CLASSES)


def _matrix(alg, parameters, key, context) -> list:
    """The flat values of a matrix parameter; empty when it has only empty cells."""
    flat = list(alg.parameterAsMatrix(parameters, key, context) or [])
    if all(v is None or is_null(v) or str(v).strip() == "" for v in flat):
        return []
    return flat


def read_homogeneity(alg, parameters, context) -> float:
    return alg.parameterAsDouble(parameters, HOMOGENEITY, context)


def class_targets(alg, parameters, context) -> Optional[Dict[str, float]]:
    """DENSITY_TARGETS as ``{class code: target}``; class by code, Chinese or English name."""
    flat = _matrix(alg, parameters, DENSITY_TARGETS, context)
    if not flat:
        return None
    if len(flat) % 2:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "{param} needs pairs of a density class and a target population, e.g. "
                "urban_core, 20000, rural, 60000.",
            ).format(param=alg.param(DENSITY_TARGETS))
        )
    names = {}
    for code, zh, en in DENSITY_CLASSES:
        for name in (code, zh, en):
            names[name.strip().lower()] = code
    out: Dict[str, float] = {}
    for i in range(0, len(flat), 2):
        label, value = str(flat[i]).strip(), flat[i + 1]
        code = names.get(label.lower())
        if code is None:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "BuildGridsAlgorithm",
                    "Unknown density class '{name}' in {param}. Use one of: {codes}.",
                ).format(
                    name=label,
                    param=alg.param(DENSITY_TARGETS),
                    codes=_class_names(),
                )
            )
        try:
            number = float(str(value).replace(",", "").strip())
        except ValueError:
            number = float("nan")
        if not number > 0:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "BuildGridsAlgorithm",
                    "The target population of '{name}' in {param} must be a number above 0 "
                    "(it is '{value}').",
                ).format(name=label, param=alg.param(DENSITY_TARGETS), value=value)
            )
        out[code] = number
    return out


#: Prefix of the read columns that hold a balance field (see :func:`balance_fields`).
COLUMN = "balance:"


def balance_fields(rows, names) -> Dict[str, str]:
    """``{column: field}`` for the rows of BALANCE that are plain fields of the units: they
    are read with the units, in the same pass (much faster than an expression)."""
    return {COLUMN + text: text for text, _w, _t in rows if text in names}


def balance_rows(alg, parameters, context) -> List[Tuple[str, float, Optional[float]]]:
    """BALANCE checked: (field or expression, weight, tolerance in % or None) per row."""
    flat = _matrix(alg, parameters, BALANCE, context)
    if not flat:
        return []
    if len(flat) % 3:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "{param} needs rows of three values: a field or expression, a weight and a "
                "tolerance in % (empty: the tolerance of the grids), e.g. pop, 1, 10, "
                "households, 1, 15.",
            ).format(param=alg.param(BALANCE))
        )
    rows: List[Tuple[str, float, Optional[float]]] = []
    for i in range(0, len(flat), 3):
        text = str(flat[i] if flat[i] is not None else "").strip()
        weight = _number(
            alg,
            flat[i + 1],
            text,
            QCoreApplication.translate("BuildGridsAlgorithm", "weight"),
            default=1.0,
        )
        tol = _number(
            alg,
            flat[i + 2],
            text,
            QCoreApplication.translate("BuildGridsAlgorithm", "tolerance"),
            default=None,
        )
        if not text:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "BuildGridsAlgorithm", "Row {row} of {param} has no field or expression."
                ).format(row=i // 3 + 1, param=alg.param(BALANCE))
            )
        rows.append((text, weight if weight is not None else 1.0, tol))
    return rows


def balance_variables(
    alg, parameters, context, rows, source, raw, population, profile, feedback
) -> List[BalanceVariable]:
    """The rows of BALANCE as balance variables, one value per unit of ``raw`` (in the order
    of its feature ids): fields from the columns read, expressions evaluated here."""
    names = source.fields().names()
    fids = raw.fids
    out = []
    for text, weight, tol in rows:
        if COLUMN + text in raw.columns:
            values = _numbers(alg, text, raw.columns[COLUMN + text], fids)
        elif text.lower() in (WORKLOAD, WORKLOAD_ZH):
            values = unit_workload(np.asarray(population, dtype=float), profile).tolist()
        else:
            values = _evaluate(alg, parameters, context, source, fids, text, names, feedback)
        out.append(BalanceVariable(text, values, weight, None if tol is None else tol / 100.0))
    return out


def _number(alg, value, row, what, default):
    if value is None or str(value).strip() == "":
        return default
    try:
        return float(str(value).replace(",", "").replace("%", "").strip())
    except ValueError:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "The {what} of '{row}' in {param} is not a number: '{value}'.",
            ).format(what=what, row=row, param=alg.param(BALANCE), value=value)
        ) from None


def _evaluate(alg, parameters, context, source, fids, text, names, feedback) -> list:
    """The value of field or expression ``text`` for each unit of ``fids``."""
    expression = QgsExpression(QgsExpression.quotedColumnRef(text) if text in names else text)
    if expression.hasParserError():
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "'{text}' in {param} is neither a field of the units nor a valid expression: "
                "{error}. Fields: {fields}.",
            ).format(
                text=text,
                param=alg.param(BALANCE),
                error=expression.parserErrorString(),
                fields=", ".join(names),
            )
        )
    expression_context = alg.createExpressionContext(parameters, context, source)
    expression.prepare(expression_context)
    request = QgsFeatureRequest()
    if not expression.needsGeometry():
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    values: Dict[int, object] = {}
    bad: List[str] = []
    errors: List[str] = []
    for feature in source.getFeatures(request):
        if feedback.isCanceled():
            break
        expression_context.setFeature(feature)
        value = expression.evaluate(expression_context)
        if expression.hasEvalError():
            errors.append(expression.evalErrorString())
            bad.append(str(feature.id()))
            continue
        values[feature.id()] = _plain(value)
    if bad:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "'{text}' in {param} cannot be computed for feature(s) {ids}: {error}.",
            ).format(text=text, param=alg.param(BALANCE), ids=format_ids(bad), error=errors[0])
        )
    return _numbers(alg, text, [values.get(fid) for fid in fids], fids)


def _numbers(alg, text, column, fids) -> list:
    """``column`` as floats (None kept); refuses values that are not numbers, by feature id."""
    out: list = []
    not_numbers = []
    for fid, value in zip(fids, column):
        if value is None:
            out.append(None)
            continue
        try:
            out.append(float(value))
        except (TypeError, ValueError):
            not_numbers.append(str(fid))
            out.append(None)
    if not_numbers:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "'{text}' in {param} is not a number for feature(s) {ids}: choose a numeric "
                "field or an expression that gives numbers.",
            ).format(text=text, param=alg.param(BALANCE), ids=format_ids(not_numbers))
        )
    return out


def _plain(value):
    """A QGIS NULL as ``None``."""
    return None if value is None or is_null(value) else value
