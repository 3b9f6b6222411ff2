"""The Customers sheet: one row per grid with its customers by type (from the customer
register, in the current grid of each customer's unit), those who gave consent, the
penetration and the product gaps against the products ``classifygrids`` recommends; a totals
row of formulas. Counts only: no customer's name or phone reaches the workbook."""

from typing import Dict, List, Optional, Sequence

from .. import classify, customers
from .labels import WORDS, pick
from .model import (
    CUSTOMER_COLUMNS,
    CUSTOMER_POS,
    Column,
    Figures,
    Formula,
    ProjectData,
    WorkbookResult,
)
from .values import as_number, column_letter, safe_div
from .xlsx import Writer


def _labels(codes, language: str, cache: Dict[str, Optional[str]]) -> Optional[str]:
    if not codes:
        return None
    if codes not in cache:
        cache[codes] = classify.product_labels(str(codes), language)
    return cache[codes]


def write_customers(
    writer: Writer, data: ProjectData, figures: Figures, result: WorkbookResult
) -> None:
    """One row per grid: customers by type, with consent, penetration, product gaps."""
    lang = writer.language
    grids = data.grids
    n = len(grids["grid_id"])
    register = data.customers
    kinds = register.get("customer_type", [])
    found = customers.grid_figures(
        grids["grid_id"],
        grids["population"],
        grids["enterprises"],
        grids["products"],
        register.get("grid_id", []),
        kinds,
        register.get("products", []),
    )
    where = {g: k for k, g in enumerate(grids["grid_id"])}
    consented = [0] * n
    for grid, flag in zip(register.get("grid_id", []), register.get("consent", [])):
        k = where.get(grid)
        if k is not None and flag:
            consented[k] += 1
    cache: Dict[str, Optional[str]] = {}
    names = data.nest_names
    total = [a + b for a, b in zip(found["customers_individual"], found["customers_enterprise"])]
    values: Dict[str, Sequence] = {
        "grid_id": grids["grid_id"],
        "nest": figures.grid_district,
        "nest_name": [
            (names.get(str(code)) or (None, None))[0] if code is not None else None
            for code in grids["nest"]
        ],
        "population": [as_number(v) for v in grids["population"]],
        "enterprises": [as_number(v) for v in grids["enterprises"]],
        "customers_individual": found["customers_individual"],
        "customers_enterprise": found["customers_enterprise"],
        "customers_total": total,
        "consented": consented,
        "penetration": found["penetration"],
        "enterprise_penetration": found["enterprise_penetration"],
        "products": [_labels(v, lang, cache) for v in grids["products"]],
        "product_gaps": [_labels(v, lang, cache) for v in found["product_gaps"]],
    }
    columns = [Column(key, kind, values[key]) for key, kind in CUSTOMER_COLUMNS]
    writer.table("customers", columns, n, totals=_totals(values, n, lang))
    result.customers = len(kinds)


def _totals(values: Dict[str, Sequence], n: int, language: str) -> List:
    """The totals row: sums of the counts, penetration over the totals (formulas)."""
    letter = {key: column_letter(k) for key, k in CUSTOMER_POS.items()}
    end = n + 1
    row = end + 1

    def total(key: str) -> Formula:
        return Formula(
            "SUM({0}2:{0}{1})".format(letter[key], max(end, 2)),
            sum(as_number(v) or 0.0 for v in values[key]),
        )

    sums = {
        key: total(key)
        for key in (
            "population",
            "enterprises",
            "customers_individual",
            "customers_enterprise",
            "customers_total",
            "consented",
        )
    }

    def share(part: str, whole: str) -> Formula:
        return Formula(
            'IF({1}{0}>0,{2}{0}/{1}{0},"")'.format(row, letter[whole], letter[part]),
            safe_div(sums[part].value, sums[whole].value),
        )

    out: List = [pick(WORDS["total"], language)]
    for key, _kind in CUSTOMER_COLUMNS[1:]:
        if key in sums:
            out.append(sums[key])
        elif key == "penetration":
            out.append(share("customers_individual", "population"))
        elif key == "enterprise_penetration":
            out.append(share("customers_enterprise", "enterprises"))
        else:
            out.append(None)
    return out
