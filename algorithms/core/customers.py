"""The customer register (schema 4, layer ``customers``): checking an imported list and the
per-grid figures head office reads. No QGIS.

* :func:`prepare_customers` checks a list read from CSV, XLSX or a layer with the staff
  roster's rules: a missing column, an empty or duplicated id, an unknown type, product or
  consent value, a bad date, a customer with no location or outside every unit — each refused
  with the rows named and what to do, before anything is written.
* Each customer is located in a unit: by its point (the layer's geometry or X/Y columns) in
  the unit's polygon, or by a unit id column (its point is then the unit's point on surface).
* :func:`grid_figures`: per grid, customers by type, **penetration** (individual customers ÷
  population; enterprise customers ÷ enterprises) and **product gaps**: the products
  ``classifygrids`` recommends for the grid (pension where elderly, health and travel where
  young, group cover where enterprises are dense…) that fewer than :data:`GAP_SHARE` of the
  grid's customers of that kind hold (individuals for retail lines, enterprises for
  :data:`ENTERPRISE_PRODUCTS`).

Personal data: ``name`` and ``phone`` are kept in the project only; only counts leave it.
"""

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import classify, schema, timestamps
from .deps import shapely
from .errors import InputError, format_ids, listed_error
from .i18n import translate
from .tables import (
    YES_NO_WORDS,
    RawTable,
    Table,
    _coded_column,
    _id_column,
    _text,
    parse_numbers,
)

#: Products sold to enterprises: their gap is measured on the grid's enterprise customers.
ENTERPRISE_PRODUCTS = ("group_benefits", "commercial_property")
#: A recommended product held by fewer than this share of the grid's customers is a gap.
GAP_SHARE = 0.1

#: Words accepted for the customer types beside the codes and labels.
TYPE_WORDS = {
    "个人客户": "individual",
    "个人": "individual",
    "person": "individual",
    "personal": "individual",
    "retail": "individual",
    "企业客户": "enterprise",
    "团体": "enterprise",
    "公司": "enterprise",
    "单位": "enterprise",
    "company": "enterprise",
    "business": "enterprise",
    "corporate": "enterprise",
}
CONSENT_WORDS = {
    **YES_NO_WORDS,
    "同意": "1",
    "不同意": "0",
    "已同意": "1",
    "未同意": "0",
}
_PRODUCT_SPLIT = re.compile(r"[,;，；、|/]+")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


@dataclass
class Units:
    """The project's units: ids, current grid ids and polygons (for locating customers)."""

    ids: List[str]
    grid_ids: List[Optional[str]]
    geometries: np.ndarray

    def __post_init__(self):
        self.index = {u: k for k, u in enumerate(self.ids)}
        self.tree = shapely.STRtree(self.geometries)


def _product_lookup() -> Dict[str, str]:
    lookup = {}
    for code, zh, en in classify.PRODUCTS:
        for key in (code, zh, en):
            lookup[key.lower()] = code
    return lookup


def parse_products(value, lookup: Optional[Dict[str, str]] = None) -> Tuple[Optional[str], list]:
    """``"pension; 健康保险"`` → ``("pension,health", [])``: the codes in catalogue order and
    the words that are no product."""
    lookup = lookup or _product_lookup()
    text = _text(value)
    if text is None:
        return None, []
    found, unknown = set(), []
    for word in _PRODUCT_SPLIT.split(text):
        word = word.strip()
        if not word:
            continue
        code = lookup.get(word.lower())
        if code is None:
            unknown.append(word)
        else:
            found.add(code)
    codes = ",".join(c for c in classify.PRODUCT_CODES if c in found)
    return codes or None, unknown


def parse_date(value) -> Optional[str]:
    """A date as ``YYYY-MM-DD`` (``None`` when empty); ``ValueError`` when it is none."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    head = text.split("T")[0].split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(head, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(text)


def _require(raw: RawTable, name: str, what: str) -> None:
    if name not in raw.columns:
        raise InputError(
            translate(
                "core",
                "The customer list '{layer}' needs {what}. Columns found: {fields}. Choose the "
                "column in the import's field parameters.",
            ).format(
                layer=raw.layer_name,
                what=what,
                fields=", ".join(raw.source_fields.get("_all", [])),
            )
        )


def _field(raw: RawTable, name: str) -> str:
    return raw.source_fields.get(name, name)


def _types(raw: RawTable, ids: Sequence[str]) -> List[str]:
    empty = [ids[i] for i, v in enumerate(raw.columns["customer_type"]) if _text(v) is None]
    if empty:
        raise listed_error(
            translate(
                "core",
                "Field '{field}' of the customer list '{layer}' is empty for {n} customer(s): "
                "{ids}. Enter individual (个人) or enterprise (企业) for each, then import again.",
            ),
            empty,
            field=_field(raw, "customer_type"),
            layer=raw.layer_name,
        )
    return _coded_column(raw, "customer_type", ids, schema.CUSTOMER_TYPES, "individual", TYPE_WORDS)


def _products(raw: RawTable, ids: Sequence[str]) -> List[Optional[str]]:
    values = raw.columns.get("products")
    if values is None:
        return [None] * len(raw)
    lookup = _product_lookup()
    out, bad, words = [], [], set()
    for i, value in enumerate(values):
        codes, unknown = parse_products(value, lookup)
        out.append(codes)
        if unknown:
            bad.append(ids[i])
            words.update(unknown)
    if bad:
        raise listed_error(
            translate(
                "core",
                "Field '{field}' of the customer list '{layer}' names products that are not in "
                "the catalogue for {n} customer(s): {ids} (values: {values}). Use the codes or "
                "names of: {accepted}, separated by commas or semicolons.",
            ),
            bad,
            field=_field(raw, "products"),
            layer=raw.layer_name,
            values=format_ids(sorted(words), 5),
            accepted=", ".join("{} ({})".format(c, zh) for c, zh, _en in classify.PRODUCTS),
        )
    return out


def _dates(raw: RawTable, ids: Sequence[str]) -> List[Optional[str]]:
    values = raw.columns.get("consent_date")
    if values is None:
        return [None] * len(raw)
    out, bad = [], []
    for i, value in enumerate(values):
        try:
            out.append(parse_date(value))
        except ValueError:
            out.append(None)
            bad.append(i)
    if bad:
        raise listed_error(
            translate(
                "core",
                "Field '{field}' of the customer list '{layer}' holds no date for {n} "
                "customer(s): {ids} (values: {values}). Write dates as 2026-12-05, then import "
                "again.",
            ),
            [ids[i] for i in bad],
            field=_field(raw, "consent_date"),
            layer=raw.layer_name,
            values=format_ids([repr(values[i]) for i in bad], 5),
        )
    return out


def _xy(raw: RawTable, ids: Sequence[str]) -> Tuple[List[Optional[float]], List[Optional[float]]]:
    if "x" not in raw.columns or "y" not in raw.columns:
        return [None] * len(raw), [None] * len(raw)
    out = []
    for name in ("x", "y"):
        parsed, bad = parse_numbers(raw.columns[name])
        if bad:
            raise listed_error(
                translate(
                    "core",
                    "Coordinate field '{field}' of the customer list '{layer}' must hold numbers, "
                    "but {n} customer(s) have other text: {ids}. Correct the coordinates, then "
                    "import again.",
                ),
                [ids[i] for i in bad],
                field=_field(raw, name),
                layer=raw.layer_name,
            )
        out.append(parsed)
    return out[0], out[1]


def prepare_customers(
    raw: RawTable,
    units: Units,
    transform: Optional[Callable[[np.ndarray, np.ndarray], Tuple[np.ndarray, np.ndarray]]] = None,
) -> Table:
    """Check and normalise a customer list and locate each customer in a unit of ``units``.

    ``raw`` columns (our names): ``customer_id`` and ``customer_type`` (required), ``name``,
    ``phone``, ``products``, ``consent``, ``consent_date``, ``address``, and a location:
    ``raw.geometries`` (points in the project CRS, WKB or shapely), ``x`` / ``y`` (numbers,
    turned into the project CRS by ``transform`` when given) or ``unit_id``. Raises
    :class:`InputError` naming the rows on any bad value; nothing is half accepted.
    """
    _require(
        raw, "customer_id", translate("core", "a customer id column (customer_id or 客户编号)")
    )
    _require(
        raw,
        "customer_type",
        translate("core", "a customer type column (customer_type or 客户类型)"),
    )
    has_points = raw.geometries is not None and any(g is not None for g in raw.geometries)
    if (
        not has_points
        and "unit_id" not in raw.columns
        and not ("x" in raw.columns and "y" in raw.columns)
    ):
        _require(
            raw,
            "_location",
            translate("core", "a location: X and Y coordinate columns or a unit id column"),
        )
    notes: List[str] = []
    n = len(raw)
    ids = _id_column(raw, "customer_id", "C", 6, notes)
    columns: Dict[str, list] = {"customer_id": ids}
    for name in ("name", "phone", "address"):
        values = raw.columns.get(name)
        columns[name] = [_text(v) for v in values] if values is not None else [None] * n
    columns["customer_type"] = _types(raw, ids)
    columns["products"] = _products(raw, ids)
    if "consent" in raw.columns:
        consent = _coded_column(raw, "consent", ids, schema.YES_NO, "0", CONSENT_WORDS)
        columns["consent"] = [int(v) for v in consent]
    else:
        columns["consent"] = [0] * n
        notes.append(
            translate(
                "core",
                "The customer list '{layer}' has no consent column: every customer is recorded "
                "without consent (their names and phones are never exported).",
            ).format(layer=raw.layer_name)
        )
    columns["consent_date"] = _dates(raw, ids)
    unit_of, points = _locate(raw, units, ids, transform)
    columns["unit_id"] = [units.ids[u] for u in unit_of]
    columns["grid_id"] = [units.grid_ids[u] for u in unit_of]
    columns["updated_at"] = [timestamps.now_utc()] * n
    return Table(schema.CUSTOMERS, columns, points, notes)


def _locate(
    raw: RawTable, units: Units, ids: Sequence[str], transform
) -> Tuple[List[int], np.ndarray]:
    """The unit of each customer and its point."""
    n = len(raw)
    points = np.full(n, None, dtype=object)
    if raw.geometries is not None:
        geoms = [
            g if g is None or not isinstance(g, (bytes, bytearray)) else shapely.from_wkb(bytes(g))
            for g in raw.geometries
        ]
        for i, g in enumerate(geoms):
            if g is not None and not g.is_empty:
                points[i] = g if g.geom_type == "Point" else g.representative_point()
    xs, ys = _xy(raw, ids)
    todo = [i for i in range(n) if points[i] is None and xs[i] is not None and ys[i] is not None]
    if todo:
        x = np.array([xs[i] for i in todo], dtype=float)
        y = np.array([ys[i] for i in todo], dtype=float)
        if transform is not None:
            x, y = transform(x, y)
        made = shapely.points(x, y)
        for i, p in zip(todo, made):
            points[i] = p
    unit_of = [-1] * n
    located = [i for i in range(n) if points[i] is not None]
    if located:
        found_pt, found_unit = units.tree.query(
            np.array([points[i] for i in located], dtype=object), predicate="intersects"
        )
        for p, u in sorted(zip(found_pt.tolist(), found_unit.tolist()), reverse=True):
            unit_of[located[p]] = u  # the lowest unit index wins on a shared boundary
    outside = [ids[i] for i in located if unit_of[i] < 0]
    if outside:
        raise listed_error(
            translate(
                "core",
                "{n} customer(s) of the list '{layer}' lie outside every unit of the project: "
                "{ids}. Check their coordinates and the coordinates' CRS, then import again.",
            ),
            outside,
            layer=raw.layer_name,
        )
    unit_values = raw.columns.get("unit_id")
    unknown, nowhere, unknown_units = [], [], []
    for i in range(n):
        if points[i] is not None:
            continue
        unit = _text(unit_values[i]) if unit_values is not None else None
        if unit is None:
            nowhere.append(ids[i])
        elif unit not in units.index:
            unknown.append(ids[i])
            unknown_units.append(unit)
        else:
            unit_of[i] = units.index[unit]
            points[i] = shapely.point_on_surface(units.geometries[unit_of[i]])
    if nowhere:
        raise listed_error(
            translate(
                "core",
                "{n} customer(s) of the list '{layer}' have no location (no point, no "
                "coordinates, no unit id): {ids}. Give each a location, then import again.",
            ),
            nowhere,
            layer=raw.layer_name,
        )
    if unknown:
        raise listed_error(
            translate(
                "core",
                "{n} customer(s) of the list '{layer}' name a unit that is not in the project: "
                "{ids} (field '{field}', values: {values}). Correct their unit ids, then import "
                "again.",
            ),
            unknown,
            layer=raw.layer_name,
            field=_field(raw, "unit_id"),
            values=format_ids(sorted(set(unknown_units)), 5),
        )
    return unit_of, points


# ---------------------------------------------------------------- per-grid figures

#: The grids' customer columns, in :data:`schema.GRID_CUSTOMER_FIELDS` order.
FIGURE_COLUMNS = tuple(f.name for f in schema.GRID_CUSTOMER_FIELDS)


def grid_figures(
    grid_ids: Sequence[str],
    population: Sequence,
    enterprises: Sequence,
    recommended: Sequence[Optional[str]],
    customer_grid: Sequence[Optional[str]],
    customer_type: Sequence[Optional[str]],
    customer_products: Sequence[Optional[str]],
    gap_share: float = GAP_SHARE,
) -> Dict[str, list]:
    """Per grid: ``customers_individual``, ``customers_enterprise``, ``penetration``
    (individuals ÷ population), ``enterprise_penetration`` (enterprise customers ÷
    enterprises; empty without either) and ``product_gaps`` (comma-separated codes of the
    grid's recommended products held by fewer than ``gap_share`` of its customers of that
    kind; empty when nothing is recommended or nothing is missing)."""
    n = len(grid_ids)
    where: Dict[Optional[str], int] = {g: k for k, g in enumerate(grid_ids)}
    individual = np.zeros(n, dtype=np.int64)
    enterprise = np.zeros(n, dtype=np.int64)
    held: List[Dict[str, int]] = [dict() for _ in range(n)]
    for grid, kind, products in zip(customer_grid, customer_type, customer_products):
        k = where.get(grid)
        if k is None:
            continue
        if kind == "enterprise":
            enterprise[k] += 1
        else:
            individual[k] += 1
        if products:
            counts = held[k]
            for code in str(products).split(","):
                counts[code] = counts.get(code, 0) + 1
    out: Dict[str, list] = {name: [] for name in FIGURE_COLUMNS}
    for k in range(n):
        pop = _number(population[k])
        firms = _number(enterprises[k])
        out["customers_individual"].append(int(individual[k]))
        out["customers_enterprise"].append(int(enterprise[k]))
        out["penetration"].append(float(individual[k]) / pop if pop else None)
        out["enterprise_penetration"].append(float(enterprise[k]) / firms if firms else None)
        gaps = []
        for code in (recommended[k] or "").split(","):
            if not code:
                continue
            base = enterprise[k] if code in ENTERPRISE_PRODUCTS else individual[k]
            if base == 0 or held[k].get(code, 0) < gap_share * base:
                gaps.append(code)
        out["product_gaps"].append(",".join(gaps) or None)
    return out


def _number(value) -> Optional[float]:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number
