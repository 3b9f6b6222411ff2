"""What grids are balanced on and how big they should be where: balance variables with weights
and tolerances, a target population per unit (from a field or from density classes), and the
figures that say how well a division met them (per variable CV and min/max ratio, income
dispersion within grids, the share of grids in one income tier).

No QGIS. Used by :mod:`.gridding`; the figures are also used by the benchmarks.

Targets by area work by scaling: a unit whose target is half the reference target counts
double in every balance variable, so the grids there hold half as many people. Every grid is
then balanced on the scaled values, and a grid's own target population is the population it
would hold if its units' scaled population were exactly one grid's worth.
"""

import math
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from .errors import InputError, format_ids
from .i18n import translate

#: Density classes for targets by density (code, minimum people per km² of the unit and its
#: neighbours), densest first: the same classes and thresholds as ``classifygrids``.
DENSITY_THRESHOLDS: Tuple[Tuple[str, float], ...] = (
    ("urban_core", 10000.0),
    ("urban", 3000.0),
    ("suburban", 500.0),
    ("rural", 0.0),
)


@dataclass
class BalanceVariable:
    """One quantity grids are balanced on: its value per unit, its weight in the objective and
    its tolerance (``None``: the division's tolerance)."""

    name: str
    values: Union[Sequence, np.ndarray]
    weight: float = 1.0
    tolerance: Optional[float] = None


@dataclass
class Balance:
    """The checked balance variables of a division."""

    names: List[str]
    #: n × v values (NULL counted as 0).
    values: np.ndarray
    weights: np.ndarray
    tolerances: np.ndarray

    @property
    def count(self) -> int:
        return len(self.names)

    def combined(self, scale: np.ndarray) -> np.ndarray:
        """One number per unit for cutting and for "the largest piece": the weighted sum of
        the scaled values, each variable divided by its total (so a variable's units do not
        matter)."""
        scaled = self.values * scale[:, None]
        totals = scaled.sum(axis=0)
        totals[totals <= 0] = 1.0
        return (scaled / totals * (self.weights / self.weights.sum())).sum(axis=1)


def check_balance(
    variables: Sequence[BalanceVariable],
    population: np.ndarray,
    tolerance: float,
    names: Sequence[str],
) -> Tuple[Balance, List[str]]:
    """The variables checked (population alone when none are given); notes for the log."""
    notes: List[str] = []
    if not variables:
        variables = [BalanceVariable("population", population, 1.0, None)]
    labels: List[str] = []
    columns = []
    weights = []
    tolerances = []
    for var in variables:
        label = str(var.name).strip() or "?"
        if label in labels:
            raise InputError(
                translate(
                    "core", "The balance variable {name} is given twice: give each once."
                ).format(name=label)
            )
        if not (isinstance(var.weight, (int, float)) and math.isfinite(var.weight)) or (
            var.weight <= 0
        ):
            raise InputError(
                translate(
                    "core",
                    "The weight of the balance variable {name} must be a number above 0 "
                    "(it is {value}).",
                ).format(name=label, value=var.weight)
            )
        tol = tolerance if var.tolerance is None else float(var.tolerance)
        if not 0 <= tol < 1:
            raise InputError(
                translate(
                    "core",
                    "The tolerance of the balance variable {name} must be between 0 and 1 "
                    "(e.g. 0.1 for ±10 %); it is {value}.",
                ).format(name=label, value=tol)
            )
        values = np.array([np.nan if v is None else float(v) for v in var.values], dtype=float)
        if len(values) != len(population):
            raise InputError(
                translate(
                    "core",
                    "The balance variable {name} has {got} values for {n} units.",
                ).format(name=label, got=len(values), n=len(population))
            )
        bad = np.flatnonzero(~np.isnan(values) & ((values < 0) | ~np.isfinite(values)))
        if len(bad):
            raise InputError(
                translate(
                    "core",
                    "The balance variable {name} is negative or not a number for {n} unit(s): "
                    "{ids}. Correct the field or expression, then run again.",
                ).format(name=label, n=len(bad), ids=format_ids([names[i] for i in bad]))
            )
        nulls = np.flatnonzero(np.isnan(values))
        if len(nulls):
            notes.append(
                translate(
                    "core",
                    "{n} unit(s) have no value (NULL) for the balance variable {name} and "
                    "count as 0: {ids}.",
                ).format(n=len(nulls), name=label, ids=format_ids([names[i] for i in nulls]))
            )
            values[nulls] = 0.0
        if values.sum() <= 0:
            raise InputError(
                translate(
                    "core",
                    "The balance variable {name} is 0 for every unit: choose another field "
                    "or expression.",
                ).format(name=label)
            )
        labels.append(label)
        columns.append(values)
        weights.append(float(var.weight))
        tolerances.append(tol)
    return (
        Balance(labels, np.column_stack(columns), np.array(weights), np.array(tolerances)),
        notes,
    )


# ---------------------------------------------------------------- targets by area


def neighbourhood_density(
    population: np.ndarray, area: np.ndarray, pairs: np.ndarray
) -> np.ndarray:
    """People per km² of each unit together with its neighbours: steadier than the unit's own
    density (a park or a single tower block does not make its own class)."""
    pop = population.astype(float).copy()
    km2 = area / 1e6
    if len(pairs):
        pop = pop + np.bincount(pairs[:, 0], weights=population[pairs[:, 1]], minlength=len(pop))
        pop = pop + np.bincount(pairs[:, 1], weights=population[pairs[:, 0]], minlength=len(pop))
        km2 = km2 + np.bincount(pairs[:, 0], weights=area[pairs[:, 1]], minlength=len(pop)) / 1e6
        km2 = km2 + np.bincount(pairs[:, 1], weights=area[pairs[:, 0]], minlength=len(pop)) / 1e6
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(km2 > 0, pop / km2, 0.0)


def density_class_of(density: np.ndarray) -> np.ndarray:
    """The density class code of each density (see :data:`DENSITY_THRESHOLDS`)."""
    out = np.full(len(density), DENSITY_THRESHOLDS[-1][0], dtype=object)
    for code, low in reversed(DENSITY_THRESHOLDS[:-1]):
        out[density >= low] = code
    return out


def check_class_targets(targets: Dict[str, float]) -> Dict[str, float]:
    """Targets per density class, checked: known classes, positive numbers."""
    known = [code for code, _low in DENSITY_THRESHOLDS]
    out: Dict[str, float] = {}
    for code, value in targets.items():
        if code not in known:
            raise InputError(
                translate(
                    "core", "Unknown density class {code} in the targets; use one of: {codes}."
                ).format(code=code, codes=", ".join(known))
            )
        if value is None or not math.isfinite(float(value)) or float(value) <= 0:
            raise InputError(
                translate(
                    "core",
                    "The target population of density class {code} must be above 0 (it is "
                    "{value}).",
                ).format(code=code, value=value)
            )
        out[code] = float(value)
    return out


def unit_targets(
    n: int,
    default: Optional[float],
    field_targets: Optional[Sequence],
    class_targets: Optional[Dict[str, float]],
    density: np.ndarray,
    names: Sequence[str],
) -> Tuple[Optional[np.ndarray], List[str]]:
    """The target population per unit, or ``None`` when every unit has the same target.

    A value in ``field_targets`` wins; otherwise the target of the unit's density class;
    otherwise ``default``. Refuses units left without a target."""
    notes: List[str] = []
    if field_targets is None and not class_targets:
        return None, notes
    target = np.full(n, np.nan)
    if class_targets:
        classes = density_class_of(density)
        for code, value in check_class_targets(class_targets).items():
            target[classes == code] = value
    if field_targets is not None:
        given = np.array([np.nan if v is None else float(v) for v in field_targets], dtype=float)
        bad = np.flatnonzero(~np.isnan(given) & ~(given > 0))
        if len(bad):
            raise InputError(
                translate(
                    "core",
                    "The target field is 0, negative or not a number for {n} unit(s): {ids}. "
                    "Give a target population above 0 or leave it empty (NULL).",
                ).format(n=len(bad), ids=format_ids([names[i] for i in bad]))
            )
        target = np.where(np.isnan(given), target, given)
    missing = np.isnan(target)
    if missing.any():
        if default:
            target[missing] = float(default)
        else:
            ids = np.flatnonzero(missing)
            raise InputError(
                translate(
                    "core",
                    "{n} unit(s) have no target population: {ids}. Give a target population "
                    "per grid for them (or a target for their density class).",
                ).format(n=len(ids), ids=format_ids([names[i] for i in ids]))
            )
    return target, notes


# ---------------------------------------------------------------- how well it went


def variable_report(
    unit_part: np.ndarray,
    count: int,
    balance: Balance,
    scale: np.ndarray,
    goal: np.ndarray,
) -> Dict[str, Dict[str, float]]:
    """Per balance variable: CV, MIN_RATIO and MAX_RATIO of the grids' values, and
    WITHIN_TOLERANCE. With targets by area the grids are compared on scaled values (each
    grid against its own target). ``goal[v]``: one grid's worth of scaled variable ``v`` in
    each grid (the nest or zone mean), per grid (count × v)."""
    out: Dict[str, Dict[str, float]] = {}
    for v, name in enumerate(balance.names):
        sums = np.bincount(unit_part, weights=balance.values[:, v] * scale, minlength=count)
        ratio = np.where(goal[:, v] > 0, sums / np.maximum(goal[:, v], 1e-12), 1.0)
        mean = ratio.mean() if count else 0.0
        out[name] = {
            "CV": float(ratio.std() / mean) if mean else 0.0,
            "MIN_RATIO": float(ratio.min() / mean) if mean else 0.0,
            "MAX_RATIO": float(ratio.max() / mean) if mean else 0.0,
            "WITHIN_TOLERANCE": float(np.mean(np.abs(ratio - 1.0) <= balance.tolerances[v] + 1e-9))
            if count
            else 0.0,
        }
    return out


def log_income(income: Optional[Sequence], n: int) -> Tuple[np.ndarray, np.ndarray]:
    """(log income, known) per unit; unknown or ≤ 0 incomes are not known."""
    if income is None:
        return np.zeros(n), np.zeros(n, dtype=bool)
    values = np.array([np.nan if v is None else float(v) for v in income], dtype=float)
    known = np.isfinite(values) & (values > 0)
    out = np.zeros(n)
    out[known] = np.log(values[known])
    return out, known


def income_dispersion(
    unit_part: np.ndarray, count: int, income: Optional[Sequence], population: np.ndarray
) -> Optional[float]:
    """Share of the variance of log income (people weighted) that lies within grids: 0 when
    every grid's people have one income, 1 when every grid is as mixed as the whole area.
    ``None`` without income."""
    x, known = log_income(income, len(population))
    w = np.where(known, population, 0.0)
    if w.sum() <= 0:
        return None
    mean = float((w * x).sum() / w.sum())
    total = float((w * (x - mean) ** 2).sum())
    if total <= 0:
        return 0.0
    gw = np.bincount(unit_part, weights=w, minlength=count)
    gx = np.bincount(unit_part, weights=w * x, minlength=count)
    with np.errstate(divide="ignore", invalid="ignore"):
        gmean = np.where(gw > 0, gx / gw, 0.0)
    within = float((w * (x - gmean[unit_part]) ** 2).sum())
    return within / total


def unit_income_tiers(income: Optional[Sequence], population: np.ndarray) -> np.ndarray:
    """Income tier index per unit (0 basic, 1 middle, 2 high; −1 unknown) by the people-
    weighted percentile rank of the unit's income in the area, with ``classifygrids``'s
    relative thresholds (basic below the 40th, high from the 80th)."""
    from .classify import population_percentile_ranks

    n = len(population)
    if income is None:
        return np.full(n, -1)
    values = np.array([np.nan if v is None else float(v) for v in income], dtype=float)
    ranks = population_percentile_ranks(values, population)
    tiers = np.full(n, -1)
    known = ~np.isnan(ranks)
    tiers[known] = 1
    tiers[known & (ranks < 40.0)] = 0
    tiers[known & (ranks >= 80.0)] = 2
    return tiers


def one_tier_share(
    unit_part: np.ndarray,
    count: int,
    income: Optional[Sequence],
    population: np.ndarray,
    clear: float = 0.8,
) -> Optional[float]:
    """Share of grids that fall clearly into one income tier: at least ``clear`` of their
    people (with a known income) live in units of the same tier. ``None`` without income."""
    tiers = unit_income_tiers(income, population)
    known = tiers >= 0
    if not known.any():
        return None
    w = np.where(known, population, 0.0)
    per_tier = np.zeros((count, 3))
    for t in range(3):
        per_tier[:, t] = np.bincount(
            unit_part, weights=np.where(tiers == t, w, 0.0), minlength=count
        )
    total = per_tier.sum(axis=1)
    with_income = total > 0
    if not with_income.any():
        return None
    top = per_tier.max(axis=1)
    return float(np.mean(top[with_income] >= clear * total[with_income] - 1e-9))


# ---------------------------------------------------------------- workload


#: The name that asks for the workload as a balance variable (when no field has it).
WORKLOAD = "workload"


def unit_workload(population: np.ndarray, profile: Dict[str, Sequence]) -> np.ndarray:
    """The workload of each unit as ``allocatestaff`` counts it for a grid: population ×
    (1 + 0.5 × (demand index / people-weighted mean − 1)), with the demand index of
    ``classifygrids`` (default weights) computed on the unit's own profile."""
    from .allocation.apportion import workload
    from .classify import ClassifyRules, demand_index

    n = len(population)
    columns = {"population": np.asarray(population, dtype=float)}
    for name in ("income", "elderly_share", "youth_share", "enterprises", "customers"):
        values = profile.get(name)
        if values is not None:
            columns[name] = np.array(
                [np.nan if v is None else float(v) for v in values], dtype=float
            )
    index = demand_index(columns, ClassifyRules(), n)
    return workload(np.asarray(population, dtype=float).tolist(), index.tolist())
