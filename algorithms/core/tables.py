"""Checking and normalising the user's tables before they enter a project GeoPackage.

The QGIS layer reads a layer into a :class:`RawTable` (values keyed by *our* field names, plus
the user's field names for messages); the functions here check it, repair what can be repaired
safely, and raise :class:`InputError` with the field, the ids and what to do for the rest.
"""

import math
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union, cast

import numpy as np

from . import schema
from .deps import shapely
from .errors import InputError, format_ids, listed_error
from .i18n import translate


@dataclass
class RawTable:
    """A user's layer or table, read but not yet checked."""

    #: Layer name as the user knows it (for messages).
    layer_name: str
    #: Feature ids in the source (for messages when no id column exists).
    fids: List[int]
    #: Values keyed by our field name (see :mod:`schema`), in feature order.
    columns: Dict[str, list]
    #: Our field name -> the user's field name it came from.
    source_fields: Dict[str, str] = field(default_factory=dict)
    #: Shapely geometries in the project CRS (``None`` for tables).
    geometries: Optional[list] = None

    def __len__(self) -> int:
        return len(self.fids)


@dataclass
class Table:
    """A checked table ready to write: ``columns`` follow the schema layer's fields."""

    layer: schema.Layer
    columns: Dict[str, list]
    #: Shapely geometries, as a list or an object array (``None`` for tables).
    geometries: Optional[Union[list, np.ndarray]] = None
    #: Notes for the log (repairs, conversions, defaults applied).
    notes: List[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0


# ---------------------------------------------------------------- field name guessing

#: Names (lower case) under which users commonly store our fields, English and Chinese.
SYNONYMS: Dict[str, Tuple[str, ...]] = {
    "unit_id": (
        "unit_id",
        "id",
        "code",
        "admin_code",
        "unit_code",
        "编码",
        "代码",
        "单元编码",
        "区划代码",
        "社区编码",
    ),
    "name": ("name", "名称", "单元名称", "网点名称", "姓名", "名字"),
    "nest": ("nest", "district", "street", "街道", "区县", "上级区划"),
    "population": ("population", "pop", "pop_total", "人口", "人口数", "常住人口", "总人口"),
    "households": ("households", "hh", "户数", "家庭户数"),
    "income": ("income", "income_pc", "人均收入", "人均年收入", "收入"),
    "elderly_share": ("elderly_share", "elderly", "aged_share", "老年人口占比", "老龄化率"),
    "youth_share": ("youth_share", "youth", "青年人口占比"),
    "enterprises": ("enterprises", "firms", "企业数", "企业数量"),
    "customers": ("customers", "clients", "客户数", "现有客户数"),
    "outlet_id": ("outlet_id", "outlet", "branch_id", "网点编号", "网点", "所属网点", "网点代码"),
    "kind": ("kind", "type", "outlet_type", "类型", "网点类型"),
    "capacity": ("capacity", "cap", "容量", "服务人口容量", "可容纳人员数"),
    "status": ("status", "状态"),
    "staff_id": ("staff_id", "employee_id", "emp_id", "工号", "员工编号", "人员编号"),
    "role": ("role", "position", "岗位", "职位", "角色"),
    "phone": ("phone", "mobile", "tel", "电话", "手机", "手机号"),
    "active": ("active", "在岗", "在职", "是否在岗"),
    "customer_id": ("customer_id", "client_id", "customer", "客户编号", "客户号", "客户代码"),
    "customer_type": ("customer_type", "client_type", "type", "客户类型", "类型"),
    "products": ("products", "products_held", "product", "持有产品", "产品", "已购产品"),
    "consent": ("consent", "同意", "授权", "是否同意", "同意使用个人信息"),
    "consent_date": ("consent_date", "同意日期", "授权日期"),
    "address": ("address", "addr", "地址", "住址"),
    "x": ("x", "easting", "lon", "lng", "longitude", "经度", "x坐标"),
    "y": ("y", "northing", "lat", "latitude", "纬度", "y坐标"),
}


def guess_fields(available: Iterable[str], wanted: Iterable[str]) -> Dict[str, str]:
    """Map our field names to the user's, matching known synonyms case-insensitively."""
    lookup = {name.strip().lower(): name for name in available}
    found = {}
    for ours in wanted:
        for candidate in SYNONYMS.get(ours, (ours,)):
            if candidate.lower() in lookup:
                found[ours] = lookup[candidate.lower()]
                break
    return found


# ---------------------------------------------------------------- value parsing

_NUMBER_CLEAN = re.compile(r"[,\s，]")


def parse_number(value) -> Optional[float]:
    """Return ``value`` as a float, ``None`` for null / empty; raise ``ValueError`` otherwise.

    Accepts numbers and numeric text with thousands separators (``"12,345"``).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        return float(value)
    text = _NUMBER_CLEAN.sub("", str(value))
    if text == "" or text.upper() in ("NULL", "NAN", "NONE"):
        return None
    number = float(text)
    if math.isinf(number) or math.isnan(number):
        raise ValueError(text)
    return number


def parse_numbers(values: Sequence) -> Tuple[List[Optional[float]], List[int]]:
    """Parse each value with :func:`parse_number`.

    Returns the numbers (``None`` where empty or not a number) and the positions of the values
    that are not numbers, for the caller's message.
    """
    parsed: List[Optional[float]] = []
    bad: List[int] = []
    for i, value in enumerate(values):
        try:
            parsed.append(parse_number(value))
        except (TypeError, ValueError):
            parsed.append(None)
            bad.append(i)
    return parsed, bad


def _rows_error(
    message: str, raw: RawTable, user_field: str, ids: Sequence, rows: Sequence[int], **more: str
) -> InputError:
    """The error for field ``user_field`` of ``raw`` that names the features at ``rows``."""
    return listed_error(
        message, [ids[i] for i in rows], field=user_field, layer=raw.layer_name, **more
    )


def _text(value) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _numeric_column(
    raw: RawTable,
    name: str,
    ids: Sequence,
    *,
    required: bool,
    integer: bool,
    share: bool = False,
    notes: Optional[List[str]] = None,
) -> list:
    """Parse, check and return one numeric column (None where null and allowed)."""
    values = raw.columns.get(name)
    if values is None:
        return [None] * len(raw)
    user_field = raw.source_fields.get(name, name)
    parsed, bad = parse_numbers(values)
    if bad:
        raise _rows_error(
            translate(
                "core",
                "Field '{field}' of layer '{layer}' must hold numbers, but {n} feature(s) have "
                "other text: {ids} (values: {values}). Correct these values or choose another "
                "field.",
            ),
            raw,
            user_field,
            ids,
            bad,
            values=format_ids([repr(values[i]) for i in bad], 5),
        )
    nulls = [i for i, v in enumerate(parsed) if v is None]
    if required and nulls:
        raise _rows_error(
            translate(
                "core",
                "Field '{field}' of layer '{layer}' is empty (NULL) for {n} unit(s): {ids}. Every "
                "unit needs a value: enter 0 where nobody lives, then run again.",
            ),
            raw,
            user_field,
            ids,
            nulls,
        )
    negative = [i for i, v in enumerate(parsed) if v is not None and v < 0]
    if negative:
        raise _rows_error(
            translate(
                "core",
                "Field '{field}' of layer '{layer}' has negative values for {n} feature(s): {ids}. "
                "Counts, incomes and shares cannot be negative: correct them, then run again.",
            ),
            raw,
            user_field,
            ids,
            negative,
        )
    if share:
        present = [v for v in parsed if v is not None]
        if present and max(present) > 1:
            if max(present) <= 100:
                parsed = [None if v is None else v / 100.0 for v in parsed]
                if notes is not None:
                    notes.append(
                        translate(
                            "core",
                            "Field '{field}' looks like percentages (0–100); it was divided by 100 "
                            "to give shares (0–1).",
                        ).format(field=user_field)
                    )
            else:
                over = [i for i, v in enumerate(parsed) if v is not None and v > 100]
                raise _rows_error(
                    translate(
                        "core",
                        "Field '{field}' of layer '{layer}' must be a share (0–1) or a percentage "
                        "(0–100), but {n} feature(s) are above 100: {ids}.",
                    ),
                    raw,
                    user_field,
                    ids,
                    over,
                )
    if integer:
        return [None if v is None else int(round(v)) for v in parsed]
    return parsed


def _id_column(raw: RawTable, name: str, prefix: str, width: int, notes: List[str]) -> List[str]:
    """Return unique text ids from column ``name``, or generate them when it is absent."""
    values = raw.columns.get(name)
    if values is None:
        notes.append(
            translate(
                "core",
                "No id field was given for layer '{layer}': ids {first}… were "
                "generated in feature order.",
            ).format(layer=raw.layer_name, first=prefix + "1".zfill(width))
        )
        return [prefix + str(i + 1).zfill(width) for i in range(len(raw))]
    user_field = raw.source_fields.get(name, name)
    ids = [_text(v) for v in values]
    missing = [raw.fids[i] for i, v in enumerate(ids) if v is None]
    if missing:
        raise InputError(
            translate(
                "core",
                "Id field '{field}' of layer '{layer}' is empty for {n} feature(s) (feature ids "
                "{fids}). Give every feature an id, then run again.",
            ).format(
                field=user_field, layer=raw.layer_name, n=len(missing), fids=format_ids(missing)
            )
        )
    checked = cast(List[str], ids)  # every id is text: empty ones were refused above
    seen: Dict[str, int] = {}
    duplicates = []
    for value in checked:
        seen[value] = seen.get(value, 0) + 1
    duplicates = sorted(v for v, count in seen.items() if count > 1)
    if duplicates:
        raise InputError(
            translate(
                "core",
                "Id field '{field}' of layer '{layer}' must be unique, but {n} id(s) occur more "
                "than once: {ids}. Make the ids unique (or choose another id field), then run "
                "again.",
            ).format(
                field=user_field,
                layer=raw.layer_name,
                n=len(duplicates),
                ids=format_ids(duplicates),
            )
        )
    return checked


def _coded_column(
    raw: RawTable,
    name: str,
    ids: Sequence,
    domain: Tuple[Tuple[str, str, str], ...],
    default: str,
    extra: Optional[Dict[str, str]] = None,
) -> List[str]:
    """Map a text column onto a value list, accepting codes and Chinese / English labels."""
    values = raw.columns.get(name)
    if values is None:
        return [default] * len(raw)
    accepted: Dict[str, str] = {}
    for code, label_zh, label_en in domain:
        for key in (code, label_zh, label_en):
            accepted[key.lower()] = code
    for key, code in (extra or {}).items():
        accepted[key.lower()] = code
    out: List[Optional[str]] = []
    bad = []
    for i, value in enumerate(values):
        text = _text(value)
        if text is None:
            out.append(default)
        elif text.lower() in accepted:
            out.append(accepted[text.lower()])
        else:
            out.append(None)
            bad.append(i)
    if bad:
        raise _rows_error(
            translate(
                "core",
                "Field '{field}' of layer '{layer}' has values that are not recognised for {n} "
                "feature(s): {ids} (values: {values}). Use one of: {accepted}.",
            ),
            raw,
            raw.source_fields.get(name, name),
            ids,
            bad,
            values=format_ids(sorted({str(values[i]) for i in bad}), 5),
            accepted=", ".join("{} ({})".format(code, zh) for code, zh, _en in domain),
        )
    return cast(List[str], out)  # a None is only left for a bad value, refused above


def _repair_polygons(raw: RawTable, ids: Sequence, notes: List[str]) -> np.ndarray:
    """Return valid MultiPolygons; repair invalid ones, refuse empty or non-areal ones."""
    geoms = raw.geometries
    if geoms is None:
        raise InputError(
            translate("core", "Layer '{layer}' has no geometry: choose a polygon layer.").format(
                layer=raw.layer_name
            )
        )
    arr = _as_geometries(geoms)
    missing = np.flatnonzero(shapely.is_missing(arr) | shapely.is_empty(arr))
    if len(missing):
        raise InputError(
            translate(
                "core",
                "Layer '{layer}' has {n} feature(s) without geometry: {ids}. Draw or delete them, "
                "then run again.",
            ).format(
                layer=raw.layer_name, n=len(missing), ids=format_ids([ids[i] for i in missing])
            )
        )
    repaired = []
    lost = []
    for i in np.flatnonzero(~shapely.is_valid(arr)):
        fixed = polygonal(shapely.make_valid(arr[i]))
        if fixed is None or fixed.area <= 0:
            lost.append(i)
        else:
            arr[i] = fixed
            repaired.append(i)
    if lost:
        raise InputError(
            translate(
                "core",
                "Layer '{layer}' has {n} invalid geometry(ies) that cannot be repaired into an "
                "area: {ids}. Fix them (Vector ▸ Geometry Tools ▸ Check Validity), then run "
                "again.",
            ).format(layer=raw.layer_name, n=len(lost), ids=format_ids([ids[i] for i in lost]))
        )
    if repaired:
        notes.append(
            translate("core", "Repaired {n} invalid geometry(ies): {ids}.").format(
                n=len(repaired), ids=format_ids([ids[i] for i in repaired])
            )
        )
    kinds = shapely.get_type_id(arr)
    single = np.flatnonzero(kinds == shapely.GeometryType.POLYGON)
    if len(single):
        arr[single] = shapely.multipolygons(arr[single], indices=np.arange(len(single)))
    for i in np.flatnonzero(
        (kinds != shapely.GeometryType.POLYGON) & (kinds != shapely.GeometryType.MULTIPOLYGON)
    ):
        arr[i] = polygonal(arr[i])
    zero = np.flatnonzero(shapely.is_missing(arr) | ~(shapely.area(arr) > 0))
    if len(zero):
        raise InputError(
            translate(
                "core",
                "Layer '{layer}' has {n} feature(s) with no area: {ids}. Units must be polygons "
                "with an area; delete or redraw them.",
            ).format(layer=raw.layer_name, n=len(zero), ids=format_ids([ids[i] for i in zero]))
        )
    return arr


def _as_geometries(geoms) -> np.ndarray:
    """Return an object array of shapely geometries from shapely objects or WKB bytes."""
    if len(geoms) and isinstance(geoms[0], (bytes, bytearray)):
        wkb = np.empty(len(geoms), dtype=object)
        wkb[:] = geoms
        return shapely.from_wkb(wkb)
    arr = np.empty(len(geoms), dtype=object)
    arr[:] = list(geoms)
    return arr


def polygonal(geom):
    """Return the polygonal part of ``geom`` as a MultiPolygon, or ``None`` if there is none."""
    if geom is None or geom.is_empty:
        return None
    kind = geom.geom_type
    if kind == "MultiPolygon":
        return geom
    if kind == "Polygon":
        return shapely.MultiPolygon([geom])
    if kind == "GeometryCollection":
        polys = []
        for part in geom.geoms:
            sub = polygonal(part)
            if sub is not None:
                polys.extend(sub.geoms)
        return shapely.MultiPolygon(polys) if polys else None
    return None


# ---------------------------------------------------------------- the three input tables


def _refuse_no_units(raw: RawTable) -> None:
    """Refuse a units layer without features."""
    if len(raw) == 0:
        raise InputError(
            translate(
                "core",
                "Layer '{layer}' has no features. Choose the layer of your administrative units "
                "(communities or villages) with their population.",
            ).format(layer=raw.layer_name)
        )


def _refuse_empty_nests(raw: RawTable, nests: Sequence[Optional[str]], ids: Sequence) -> None:
    """Refuse units without a nest when a nest field was chosen (grids never cross a nest)."""
    empty = [ids[i] for i, v in enumerate(nests) if v is None]
    if empty:
        raise listed_error(
            translate(
                "core",
                "Nest field '{field}' is empty for {n} unit(s): {ids}. Grids never cross the "
                "nest boundary, so every unit needs one: fill it in or leave 'Nest field' "
                "empty.",
            ),
            empty,
            field=raw.source_fields.get("nest", "nest"),
        )


def prepare_units(raw: RawTable) -> Table:
    """Check and normalise the units layer; raise :class:`InputError` on bad input."""
    _refuse_no_units(raw)
    if "population" not in raw.columns:
        raise InputError(
            translate("core", "A population field is required: choose it in 'Population field'.")
        )
    notes: List[str] = []
    ids = _id_column(raw, "unit_id", "U", 6, notes)
    columns: Dict[str, list] = {"unit_id": ids}
    names = raw.columns.get("name")
    columns["name"] = [_text(v) for v in names] if names else [None] * len(raw)
    nests = raw.columns.get("nest")
    columns["nest"] = [_text(v) for v in nests] if nests else [None] * len(raw)
    if nests is not None:
        _refuse_empty_nests(raw, columns["nest"], ids)
    columns["population"] = _numeric_column(raw, "population", ids, required=True, integer=True)
    columns["households"] = _numeric_column(raw, "households", ids, required=False, integer=True)
    columns["income"] = _numeric_column(raw, "income", ids, required=False, integer=False)
    for share in ("elderly_share", "youth_share"):
        columns[share] = _numeric_column(
            raw, share, ids, required=False, integer=False, share=True, notes=notes
        )
    columns["enterprises"] = _numeric_column(raw, "enterprises", ids, required=False, integer=True)
    columns["customers"] = _numeric_column(raw, "customers", ids, required=False, integer=True)
    columns["grid_id"] = [None] * len(raw)
    geometries = _repair_polygons(raw, ids, notes)
    return Table(schema.UNITS, columns, geometries, notes)


OUTLET_KIND_WORDS = {
    "分公司": "branch",
    "支公司": "branch",
    "营业部": "branch",
    "中心支公司": "branch",
    "服务中心": "service_center",
    "服务站": "service_point",
    "流动服务点": "mobile",
    "流动": "mobile",
    "center": "service_center",
    "centre": "service_center",
    "point": "service_point",
}
STAFF_ROLE_WORDS = {
    "业务员": "agent",
    "营销员": "agent",
    "销售": "agent",
    "客户经理": "agent",
    "理赔员": "claims",
    "客服专员": "service",
    "服务": "service",
    "主管": "manager",
    "负责人": "manager",
    "sales": "agent",
}


def prepare_outlets(raw: RawTable) -> Table:
    """Check and normalise the outlets layer (points)."""
    notes: List[str] = []
    ids = _id_column(raw, "outlet_id", "O", 3, notes)
    columns: Dict[str, list] = {"outlet_id": ids}
    names = raw.columns.get("name")
    columns["name"] = [_text(v) for v in names] if names else list(ids)
    columns["kind"] = _coded_column(
        raw, "kind", ids, schema.OUTLET_KINDS, "service_point", OUTLET_KIND_WORDS
    )
    columns["capacity"] = _numeric_column(raw, "capacity", ids, required=False, integer=True)
    columns["status"] = _coded_column(raw, "status", ids, schema.OUTLET_STATUS, "open")
    geoms = _as_geometries(raw.geometries or [])
    points = []
    bad = []
    for i, g in enumerate(geoms):
        if g is not None and not g.is_empty and g.geom_type == "MultiPoint" and len(g.geoms) == 1:
            g = g.geoms[0]
        if g is None or g.is_empty or g.geom_type != "Point":
            bad.append(i)
        points.append(g)
    if bad:
        raise InputError(
            translate(
                "core",
                "Outlets must be single points, but {n} outlet(s) have no location or more than "
                "one point: {ids}. Fix their location, then run again.",
            ).format(n=len(bad), ids=format_ids([ids[i] for i in bad]))
        )
    return Table(schema.OUTLETS, columns, points, notes)


#: Words for yes (1) and no (0) beside the codes and labels of :data:`schema.YES_NO`.
YES_NO_WORDS = {"true": "1", "false": "0", "yes": "1", "no": "0", "y": "1", "n": "0"}


def prepare_staff(raw: RawTable, outlet_ids: Optional[Iterable[str]]) -> Table:
    """Check and normalise the staff roster; ``outlet_ids`` are the known outlets, if any."""
    notes: List[str] = []
    if "staff_id" not in raw.columns:
        raise InputError(
            translate(
                "core",
                "The staff roster '{layer}' needs a staff id column (staff_id or 工号). Columns "
                "found: {fields}.",
            ).format(layer=raw.layer_name, fields=", ".join(raw.source_fields.get("_all", [])))
        )
    if "name" not in raw.columns:
        raise InputError(
            translate(
                "core", "The staff roster '{layer}' needs a name column (name or 姓名)."
            ).format(layer=raw.layer_name)
        )
    ids = _id_column(raw, "staff_id", "S", 4, notes)
    columns: Dict[str, list] = {"staff_id": ids}
    columns["name"] = [_text(v) for v in raw.columns["name"]]
    missing = [ids[i] for i, v in enumerate(columns["name"]) if v is None]
    if missing:
        raise InputError(
            translate("core", "Staff without a name: {ids}. Fill in their names.").format(
                ids=format_ids(missing)
            )
        )
    columns["role"] = _coded_column(raw, "role", ids, schema.STAFF_ROLES, "agent", STAFF_ROLE_WORDS)
    outlets = raw.columns.get("outlet_id")
    columns["outlet_id"] = [_text(v) for v in outlets] if outlets else [None] * len(raw)
    if outlet_ids is not None and outlets is not None:
        known = set(outlet_ids)
        unknown = [
            ids[i] for i, v in enumerate(columns["outlet_id"]) if v is not None and v not in known
        ]
        if unknown:
            raise InputError(
                translate(
                    "core",
                    "{n} staff member(s) work from an outlet that is not in the outlets layer: "
                    "{ids}. Correct their outlet id or add the outlet.",
                ).format(n=len(unknown), ids=format_ids(unknown))
            )
    columns["capacity"] = _numeric_column(raw, "capacity", ids, required=False, integer=True)
    columns["phone"] = (
        [_text(v) for v in raw.columns["phone"]] if "phone" in raw.columns else [None] * len(raw)
    )
    active = _coded_column(
        raw,
        "active",
        ids,
        schema.YES_NO,
        "1",
        {
            **YES_NO_WORDS,
            "在岗": "1",
            "离岗": "0",
            "在职": "1",
            "离职": "0",
        },
    )
    columns["active"] = [int(v) for v in active]
    return Table(schema.STAFF, columns, None, notes)


def prepare_division_units(raw: RawTable) -> Table:
    """Check the units to divide into grids (buildgrids).

    Unlike :func:`prepare_units`, a NULL population counts as 0 (the grid builder reports the
    ids) and unit ids need not be unique (they only name units in messages; the feature id is
    used when there is no id column). Negative or non-numeric values are refused.
    """
    _refuse_no_units(raw)
    notes: List[str] = []
    ids_raw = raw.columns.get("unit_id")
    ids = (
        [(_text(v) or "fid {}".format(f)) for v, f in zip(ids_raw, raw.fids)]
        if ids_raw
        else ["fid {}".format(f) for f in raw.fids]
    )
    columns: Dict[str, Any] = {"unit_id": ids}  # lists; None for an absent nest or grid_id
    columns["population"] = _numeric_column(raw, "population", ids, required=False, integer=False)
    for name in ("households", "enterprises", "customers", "income"):
        columns[name] = _numeric_column(raw, name, ids, required=False, integer=False)
    for share in ("elderly_share", "youth_share"):
        columns[share] = _numeric_column(
            raw, share, ids, required=False, integer=False, share=True, notes=notes
        )
    for name in ("nest", "grid_id"):
        values = raw.columns.get(name)
        columns[name] = [_text(v) for v in values] if values is not None else None
    if columns["nest"] is not None:
        _refuse_empty_nests(raw, columns["nest"], ids)
    geometries = _repair_polygons(raw, ids, notes)
    return Table(schema.UNITS, columns, geometries, notes)
