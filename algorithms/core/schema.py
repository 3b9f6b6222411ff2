"""The service-grid GeoPackage data model (see docs/design/product.md), as plain data.

One definition serves every writer (project creation, grids, field packages, sync) and the
QGIS layer that applies aliases, editor widgets and constraints to the embedded project.
"""

from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Tuple

#: Version of the GeoPackage layout, stored in ``sg_meta.schema_version``; older projects are
#: upgraded by :mod:`.migrate` (2: every stored time in the canonical form; 3: the grid
#: editor's tables: codes, edit journal, decisions, versions; 4: ``units.grid_target``, each
#: unit's grid target when grids are built with targets by area, the customer register, the
#: names of the nests and the grids' customer columns, see :data:`CUSTOMER_TABLES`, and
#: follow-up visits, see :data:`VISIT_TABLES`).
SCHEMA_VERSION = 4


def is_newer_version(stored: object) -> bool:
    """True when a stored ``schema_version`` is newer than :data:`SCHEMA_VERSION` (the project
    was written by a newer plugin and must not be read or written by this one)."""
    try:
        return int(str(stored).strip()) > SCHEMA_VERSION
    except ValueError:
        return False


#: Name of the QGIS project stored inside every project GeoPackage.
PROJECT_NAME = "service_grid"

# Field types (mapped to OGR types by the writer).
TEXT = "text"
INT = "int"
INT64 = "int64"
REAL = "real"
DATETIME = "datetime"

# Geometry types.
POLYGON = "MultiPolygon"
POINT = "Point"
NONE = None


@dataclass(frozen=True)
class Field:
    """One column of a layer or table."""

    name: str
    type: str
    alias_zh: str
    alias_en: str
    #: Value map for the attribute form: (stored value, Chinese label, English label).
    values: Tuple[Tuple[str, str, str], ...] = ()
    #: Inclusive numeric range for a range widget / constraint.
    range: Optional[Tuple[float, float]] = None
    not_null: bool = False
    unique: bool = False
    #: QGIS expression used as default value in forms (e.g. ``uuid()``).
    default: Optional[str] = None
    #: Shown read-only in forms (maintained by the tools, not typed by hand).
    read_only: bool = False
    #: Re-evaluate ``default`` whenever the feature is saved (revision, update time, grid).
    default_on_update: bool = False

    def alias(self, language: str = "zh") -> str:
        """The alias in ``language`` (``zh`` or ``en``)."""
        return self.alias_en if language == "en" else self.alias_zh


@dataclass(frozen=True)
class Layer:
    """One layer (with geometry) or table (``geometry`` is ``None``) of the project."""

    name: str
    geometry: Optional[str]
    title_zh: str
    title_en: str
    fields: Tuple[Field, ...] = field(default_factory=tuple)

    def field_names(self) -> List[str]:
        return [f.name for f in self.fields]

    def get(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


OUTLET_KINDS = (
    ("branch", "分支机构", "Branch"),
    ("service_center", "服务中心", "Service centre"),
    ("service_point", "服务点", "Service point"),
    ("mobile", "流动服务", "Mobile service"),
)
OUTLET_STATUS = (
    ("open", "营业", "Open"),
    ("planned", "规划", "Planned"),
    ("closed", "关闭", "Closed"),
)
STAFF_ROLES = (
    ("agent", "代理人", "Agent"),
    ("claims", "理赔", "Claims"),
    ("service", "客服", "Service"),
    ("manager", "经理", "Manager"),
)
FEEDBACK_CATEGORIES = (
    ("claims", "理赔", "Claims"),
    ("sales_inquiry", "销售咨询", "Sales inquiry"),
    ("service_speed", "服务速度", "Service speed"),
    ("attitude", "服务态度", "Attitude"),
    ("product_need", "产品需求", "Product need"),
    ("complaint", "投诉", "Complaint"),
    ("praise", "表扬", "Praise"),
    ("other", "其他", "Other"),
)
FEEDBACK_STATUS = (("open", "待处理", "Open"), ("resolved", "已解决", "Resolved"))
CUSTOMER_TYPES = (("individual", "个人", "Individual"), ("enterprise", "企业", "Enterprise"))
CHANNELS = (
    ("visit", "上门", "Visit"),
    ("phone", "电话", "Phone"),
    ("outlet", "网点", "Outlet"),
    ("online", "线上", "Online"),
)
DENSITY_CLASSES = (
    ("urban_core", "城市核心", "Urban core"),
    ("urban", "城区", "Urban"),
    ("suburban", "城郊", "Suburban"),
    ("rural", "农村", "Rural"),
)
INCOME_TIERS = (
    ("high", "高收入", "High"),
    ("middle", "中等收入", "Middle"),
    ("basic", "基本收入", "Basic"),
)
YES_NO = (("1", "是", "Yes"), ("0", "否", "No"))

# Columns that several layers share (a layer may add constraints with ``replace``).
_GRID_ID = Field("grid_id", TEXT, "网格编号", "Grid id")
_NEST = Field("nest", TEXT, "上级区划", "Nest (admin code)")
_STAFF_ID = Field("staff_id", TEXT, "工号", "Staff id")
_ROLE = Field("role", TEXT, "岗位", "Role", values=STAFF_ROLES)
_UUID = Field(
    "uuid", TEXT, "唯一标识", "UUID", not_null=True, unique=True, default="uuid()", read_only=True
)
_ROW_UUID = Field("uuid", TEXT, "记录标识", "Row UUID")
_RUN_ID = Field("run_id", TEXT, "同步批次", "Run id")
_PACKAGE_ID = Field("package_id", TEXT, "外业包", "Package id")

# Columns shared by the units and grids layers (the demographic profile), with the ranges
# checked on units; the grids hold their sums and means (see :func:`_unranged`).
_PROFILE = (
    Field("population", INT64, "人口", "Population", range=(0, 1e12)),
    Field("households", INT64, "户数", "Households", range=(0, 1e12)),
    Field("income", REAL, "人均年收入(元)", "Income per capita (CNY/yr)", range=(0, 1e12)),
    Field("elderly_share", REAL, "老年人口占比", "Elderly share", range=(0, 1)),
    Field("youth_share", REAL, "青年人口占比", "Youth share", range=(0, 1)),
    Field("enterprises", INT, "企业数", "Enterprises", range=(0, 1e9)),
    Field("customers", INT, "现有客户数", "Existing customers", range=(0, 1e12)),
)


def _unranged(fields: Tuple[Field, ...]) -> Tuple[Field, ...]:
    """The same columns without a range constraint."""
    return tuple(replace(f, range=None) for f in fields)


UNITS = Layer(
    "units",
    POLYGON,
    "基础单元",
    "Units",
    (
        Field("unit_id", TEXT, "单元编码", "Unit id", not_null=True, unique=True),
        Field("name", TEXT, "单元名称", "Name"),
        _NEST,
        *_PROFILE,
        replace(_GRID_ID, read_only=True),
        Field("grid_target", REAL, "网格目标人口", "Grid target (people)", read_only=True),
    ),
)

# ----------------------------------------------------------------- the customer register
# (schema 4) The grids' customer columns, set by ``importcustomers`` from the register
# (algorithms/core/customers.py): customers by type, penetration and product gaps.
GRID_CUSTOMER_FIELDS: Tuple[Field, ...] = (
    Field("customers_individual", INT, "个人客户数", "Individual customers"),
    Field("customers_enterprise", INT, "企业客户数", "Enterprise customers"),
    Field("penetration", REAL, "个人客户渗透率", "Penetration (individuals)"),
    Field("enterprise_penetration", REAL, "企业客户渗透率", "Penetration (enterprises)"),
    Field("product_gaps", TEXT, "产品缺口", "Product gaps"),
)

GRIDS = Layer(
    "grids",
    POLYGON,
    "服务网格",
    "Service grids",
    (
        replace(_GRID_ID, not_null=True, unique=True),
        _NEST,
        Field("unit_count", INT, "单元数", "Units"),
        *_unranged(_PROFILE[:2]),  # population, households
        Field("area_km2", REAL, "面积(平方公里)", "Area (km²)"),
        Field("density", REAL, "人口密度(人/平方公里)", "Density (people/km²)"),
        *_unranged(_PROFILE[2:]),  # income … customers
        Field("polsby_popper", REAL, "紧凑度(Polsby-Popper)", "Compactness (Polsby–Popper)"),
        Field("density_class", TEXT, "密度等级", "Density class", values=DENSITY_CLASSES),
        Field("income_tier", TEXT, "收入层级", "Income tier", values=INCOME_TIERS),
        Field("demand_index", REAL, "需求指数", "Demand index"),
        Field("products", TEXT, "推荐产品", "Products"),
        Field("strategy", TEXT, "服务策略", "Strategy"),
        Field("recommended_staff", INT, "建议人员数", "Recommended staff", range=(0, 1e6)),
        Field("outlet_id", TEXT, "服务网点", "Outlet"),
        Field("locked", INT, "锁定", "Locked", values=YES_NO),
        *GRID_CUSTOMER_FIELDS,
    ),
)

OUTLETS = Layer(
    "outlets",
    POINT,
    "服务网点",
    "Outlets",
    (
        Field("outlet_id", TEXT, "网点编号", "Outlet id", not_null=True, unique=True),
        Field("name", TEXT, "网点名称", "Name"),
        Field("kind", TEXT, "网点类型", "Kind", values=OUTLET_KINDS, not_null=True),
        Field("capacity", INT, "可容纳人员数", "Capacity (staff)", range=(0, 10000)),
        Field("status", TEXT, "状态", "Status", values=OUTLET_STATUS),
    ),
)

STAFF = Layer(
    "staff",
    NONE,
    "人员",
    "Staff",
    (
        replace(_STAFF_ID, not_null=True, unique=True),
        Field("name", TEXT, "姓名", "Name", not_null=True),
        _ROLE,
        Field("outlet_id", TEXT, "所属网点", "Outlet"),
        Field("capacity", INT, "服务人口容量", "Capacity (population)", range=(0, 1e9)),
        Field("phone", TEXT, "电话", "Phone"),
        Field("active", INT, "在岗", "Active", values=YES_NO),
    ),
)

ASSIGNMENTS = Layer(
    "assignments",
    NONE,
    "人员分配",
    "Assignments",
    (
        _UUID,
        replace(_STAFF_ID, not_null=True),
        replace(_GRID_ID, not_null=True),
        _ROLE,
        Field("assigned_at", DATETIME, "分配时间", "Assigned at", default="now()"),
    ),
)

FEEDBACK = Layer(
    "feedback",
    POINT,
    "客户反馈",
    "Feedback",
    (
        _UUID,
        # {grids} is replaced by the id of the project's grids layer when the form is configured.
        replace(
            _GRID_ID,
            read_only=True,
            default="array_first(overlay_within('{grids}', \"grid_id\"))",
            default_on_update=True,
        ),
        replace(_STAFF_ID, default="@sg_staff_id"),
        Field(
            "collected_at",
            DATETIME,
            "采集时间(UTC)",
            "Collected at (UTC)",
            not_null=True,
            default="now()",
        ),
        Field("category", TEXT, "反馈类别", "Category", values=FEEDBACK_CATEGORIES, not_null=True),
        Field("channel", TEXT, "渠道", "Channel", values=CHANNELS),
        Field("rating", INT, "评分(1-5)", "Rating (1–5)", range=(1, 5), not_null=True),
        Field("response_minutes", REAL, "响应时间(分钟)", "Response time (min)", range=(0, 1e6)),
        Field("customer_type", TEXT, "客户类型", "Customer type", values=CUSTOMER_TYPES),
        Field("product_interest", TEXT, "意向产品", "Product interest"),
        Field("notes", TEXT, "备注", "Notes"),
        Field("photo", TEXT, "照片", "Photo"),
        Field("status", TEXT, "状态", "Status", values=FEEDBACK_STATUS, default="'open'"),
        Field("resolved_at", DATETIME, "解决时间", "Resolved at"),
        Field(
            "device_id",
            TEXT,
            "设备",
            "Device",
            read_only=True,
            default="coalesce(@sg_device_id, @user_account_name, @qgis_platform)",
        ),
        Field(
            "package_id", TEXT, "外业包", "Field package", read_only=True, default="@sg_package_id"
        ),
        Field(
            "rev",
            INT,
            "版本",
            "Revision",
            read_only=True,
            default='coalesce("rev", 0) + 1',
            default_on_update=True,
        ),
        Field(
            "updated_at",
            DATETIME,
            "更新时间(UTC)",
            "Updated at (UTC)",
            read_only=True,
            default="now()",
            default_on_update=True,
        ),
    ),
)

SYNC_LOG = Layer(
    "sync_log",
    NONE,
    "同步日志",
    "Sync log",
    (
        _RUN_ID,
        _PACKAGE_ID,
        Field("file_sha256", TEXT, "文件校验值", "File SHA-256"),
        Field("status", TEXT, "状态", "Status"),
        Field("inserted", INT, "新增", "Inserted"),
        Field("updated", INT, "更新", "Updated"),
        Field("conflicts", INT, "冲突", "Conflicts"),
        Field("rejected", INT, "拒收", "Rejected"),
        Field("started_at", DATETIME, "开始时间", "Started at"),
        Field("finished_at", DATETIME, "结束时间", "Finished at"),
        Field("message", TEXT, "说明", "Message"),
    ),
)

SYNC_CONFLICTS = Layer(
    "sync_conflicts",
    NONE,
    "同步冲突",
    "Sync conflicts",
    (
        _RUN_ID,
        _PACKAGE_ID,
        Field("table_name", TEXT, "表", "Table"),
        _ROW_UUID,
        Field("column_name", TEXT, "字段", "Column"),
        Field("base_value", TEXT, "原始值", "Base value"),
        Field("office_value", TEXT, "办公室值", "Office value"),
        Field("field_value", TEXT, "外业值", "Field value"),
        Field("kind", TEXT, "冲突类型", "Kind"),
        Field("resolution", TEXT, "处理结果", "Resolution"),
        Field("resolved_at", DATETIME, "处理时间", "Resolved at"),
    ),
)

#: Field packages made from the project (the office's record of what went out).
SYNC_PACKAGES = Layer(
    "sync_packages",
    NONE,
    "外业包",
    "Field packages",
    (
        replace(_PACKAGE_ID, not_null=True, unique=True),
        _STAFF_ID,
        Field("grid_ids", TEXT, "网格", "Grids"),
        Field("area_wkb", TEXT, "范围", "Area"),
        Field("file_name", TEXT, "文件名", "File name"),
        Field("created_at", DATETIME, "创建时间", "Created at"),
    ),
)

#: The base snapshot of the three-way merge: each package's feedback rows as last exchanged.
SYNC_BASE = Layer(
    "sync_base",
    NONE,
    "同步基线",
    "Sync base",
    (
        replace(_PACKAGE_ID, not_null=True),
        replace(_ROW_UUID, not_null=True),
        Field("rev", INT, "版本", "Revision"),
        Field("data", TEXT, "数据", "Data"),
        Field("updated_at", TEXT, "更新时间(UTC)", "Updated at (UTC)"),
    ),
)

# ------------------------------------------------------------ follow-up visits (version 4)
VISIT_PURPOSES = (
    ("renewal", "续保回访", "Renewal"),
    ("claim_followup", "理赔回访", "Claim follow-up"),
    ("complaint_followup", "投诉回访", "Complaint follow-up"),
    ("product_review", "保单检视", "Product review"),
    ("other", "其他", "Other"),
)
VISIT_STATUS = (
    ("open", "待回访", "Open"),
    ("done", "已回访", "Done"),
    ("not_reached", "未联系上", "Not reached"),
    ("cancelled", "已取消", "Cancelled"),
)
VISIT_RESULTS = (
    ("satisfied", "满意", "Satisfied"),
    ("renewed", "已续保", "Renewed"),
    ("new_need", "有新需求", "New need"),
    ("follow_up_needed", "需再跟进", "Follow-up needed"),
    ("declined", "婉拒", "Declined"),
    ("other", "其他", "Other"),
)

#: Follow-up visits (回访) the office assigns to a staff member at a customer's or a place's
#: location, with a due date; the field marks them done (status, done_at, result, notes).
VISITS = Layer(
    "visits",
    POINT,
    "回访任务",
    "Follow-up visits",
    (
        _UUID,
        replace(_GRID_ID, read_only=True),
        replace(_STAFF_ID, read_only=True),
        Field("customer_id", TEXT, "客户编号", "Customer id", read_only=True),
        # the customer's name and phone, for the visit only, and only with their consent
        Field("customer_name", TEXT, "客户姓名", "Customer name", read_only=True),
        Field("customer_phone", TEXT, "客户电话", "Customer phone", read_only=True),
        Field("purpose", TEXT, "回访目的", "Purpose", values=VISIT_PURPOSES, not_null=True),
        Field("due_date", TEXT, "截止日期", "Due date"),
        Field("assigned_at", DATETIME, "派发时间", "Assigned at", read_only=True),
        Field("assigned_by", TEXT, "派发人", "Assigned by", read_only=True),
        Field("status", TEXT, "状态", "Status", values=VISIT_STATUS, default="'open'"),
        Field(
            "done_at",
            DATETIME,
            "完成时间(UTC)",
            "Done at (UTC)",
            default="if(\"status\" IN ('done', 'not_reached') AND \"done_at\" IS NULL, "
            'now(), "done_at")',
            default_on_update=True,
        ),
        Field("result", TEXT, "回访结果", "Result", values=VISIT_RESULTS),
        Field("notes", TEXT, "备注", "Notes"),
        Field("feedback_uuid", TEXT, "关联反馈", "Feedback logged"),
        # the revision columns of a synced row, as the feedback has them; the device of the
        # last edit (the one that marked the visit done)
        FEEDBACK.get("rev"),
        FEEDBACK.get("updated_at"),
        replace(FEEDBACK.get("device_id"), default_on_update=True),
        FEEDBACK.get("package_id"),
    ),
)

#: The base snapshot of the visits of each package (the layout of :data:`SYNC_BASE`).
SYNC_BASE_VISITS = replace(
    SYNC_BASE, name="sync_base_visits", title_zh="回访同步基线", title_en="Visit sync base"
)

#: The tables version 4 adds for the visits.
VISIT_TABLES: Tuple[Layer, ...] = (VISITS, SYNC_BASE_VISITS)
#: Their indexes (created with them).
VISIT_INDEXES: Tuple[str, ...] = (
    "CREATE INDEX IF NOT EXISTS visits_grid_idx ON visits(grid_id)",
    "CREATE INDEX IF NOT EXISTS visits_staff_idx ON visits(staff_id, status)",
    "CREATE INDEX IF NOT EXISTS sync_base_visits_package_uuid ON "
    "sync_base_visits(package_id, uuid)",
)

# ----------------------------------------------------------------- the grid editor's tables
# Kept in the project file but not shown as layers of the embedded QGIS project: the editor,
# the version algorithms and buildgrids maintain them (see algorithms/core/division/).

#: Every grid code ever given in the project; a retired code is never given again.
GRID_CODES = Layer(
    "grid_codes",
    NONE,
    "网格编码登记",
    "Grid codes",
    (
        Field("code", TEXT, "网格编码", "Code", not_null=True, unique=True),
        _NEST,
        Field("seq", INT, "顺序码", "Sequence"),
        Field("created_at", DATETIME, "启用时间", "Created at"),
        Field("retired_at", DATETIME, "停用时间", "Retired at"),
    ),
)

#: The editor's journal: one row per edit, undone edits kept until a new edit drops them.
GRID_EDITS = Layer(
    "grid_edits",
    NONE,
    "网格编辑记录",
    "Grid edits",
    (
        Field("kind", TEXT, "操作", "Kind"),
        Field("label", TEXT, "说明", "Label"),
        Field("author", TEXT, "操作人", "Author"),
        Field("created_at", DATETIME, "时间", "Created at"),
        Field("state", TEXT, "状态", "State"),
        Field("payload", TEXT, "内容", "Payload"),
    ),
)

#: Staff and outlet assignments of a retired grid, waiting for the planner's decision.
GRID_DECISIONS = Layer(
    "grid_decisions",
    NONE,
    "待定分配",
    "Pending decisions",
    (
        _UUID,
        Field("kind", TEXT, "类型", "Kind"),
        _GRID_ID,
        _STAFF_ID,
        Field("outlet_id", TEXT, "服务网点", "Outlet"),
        _ROLE,
        Field("assigned_at", DATETIME, "分配时间", "Assigned at"),
        Field("suggested_grid", TEXT, "建议网格", "Suggested grid"),
        Field("created_at", DATETIME, "产生时间", "Created at"),
        Field("edit_id", INT, "编辑记录", "Edit"),
    ),
)

#: Named versions of the division (who, when, note).
GRID_VERSIONS = Layer(
    "grid_versions",
    NONE,
    "网格版本",
    "Grid versions",
    (
        Field("version_id", INT, "版本号", "Version", not_null=True, unique=True),
        Field("name", TEXT, "名称", "Name", not_null=True),
        Field("author", TEXT, "保存人", "Saved by"),
        Field("created_at", DATETIME, "保存时间", "Saved at"),
        Field("note", TEXT, "备注", "Note"),
        Field("kind", TEXT, "类型", "Kind"),
        Field("grid_count", INT, "网格数", "Grids"),
        Field("unit_count", INT, "单元数", "Units"),
        Field("population", INT64, "人口", "Population"),
    ),
)

#: Each version's unit → grid mapping.
GRID_VERSION_UNITS = Layer(
    "grid_version_units",
    NONE,
    "网格版本单元",
    "Grid version units",
    (
        Field("version_id", INT, "版本号", "Version", not_null=True),
        Field("unit_id", TEXT, "单元编码", "Unit id", not_null=True),
        _GRID_ID,
    ),
)

#: Each version's grid attributes (JSON of the grids layer's columns but the geometry).
GRID_VERSION_GRIDS = Layer(
    "grid_version_grids",
    NONE,
    "网格版本属性",
    "Grid version grids",
    (
        Field("version_id", INT, "版本号", "Version", not_null=True),
        _GRID_ID,
        Field("data", TEXT, "属性", "Attributes"),
    ),
)

#: The editor's tables, created with every project and by the version-3 upgrade.
EDIT_TABLES: Tuple[Layer, ...] = (
    GRID_CODES,
    GRID_EDITS,
    GRID_DECISIONS,
    GRID_VERSIONS,
    GRID_VERSION_UNITS,
    GRID_VERSION_GRIDS,
)

#: Indexes of the editor's tables (created with them).
EDIT_INDEXES: Tuple[str, ...] = (
    "CREATE INDEX IF NOT EXISTS grid_version_units_idx ON grid_version_units(version_id, unit_id)",
    "CREATE INDEX IF NOT EXISTS grid_version_grids_idx ON grid_version_grids(version_id)",
    "CREATE INDEX IF NOT EXISTS grid_codes_nest_idx ON grid_codes(nest)",
)

#: The customer register (schema 4): one point per customer, located in its unit. ``name``
#: and ``phone`` are personal data: they never leave the project (no field package, no
#: workbook list carries them; see docs/manual/customers.md).
CUSTOMERS = Layer(
    "customers",
    POINT,
    "客户",
    "Customers",
    (
        Field("customer_id", TEXT, "客户编号", "Customer id", not_null=True, unique=True),
        Field("name", TEXT, "客户名称", "Name"),
        Field("phone", TEXT, "电话", "Phone"),
        Field(
            "customer_type", TEXT, "客户类型", "Customer type", values=CUSTOMER_TYPES, not_null=True
        ),
        Field("products", TEXT, "持有产品", "Products held"),
        Field("consent", INT, "同意使用个人信息", "Consent", values=YES_NO),
        Field("consent_date", TEXT, "同意日期", "Consent date"),
        Field("unit_id", TEXT, "单元编码", "Unit id", read_only=True),
        replace(_GRID_ID, read_only=True),
        Field("address", TEXT, "地址", "Address"),
        Field("updated_at", DATETIME, "更新时间(UTC)", "Updated at (UTC)", read_only=True),
    ),
)

#: The names of the nest codes (schema 4): the area a grid nests in (e.g. a street) and the
#: area above it (e.g. its district), from ``createproject``'s name fields.
NESTS = Layer(
    "nests",
    NONE,
    "区划名称",
    "Nest names",
    (
        replace(_NEST, not_null=True, unique=True),
        Field("name", TEXT, "区划名称", "Name"),
        Field("parent_name", TEXT, "上级区划名称", "Parent area"),
    ),
)

#: The tables of schema 4 that the version-4 upgrade creates.
CUSTOMER_TABLES: Tuple[Layer, ...] = (CUSTOMERS, NESTS)

#: Every layer and table of a project GeoPackage, in drawing / creation order.
PROJECT_LAYERS: Tuple[Layer, ...] = (
    FEEDBACK,
    VISITS,
    OUTLETS,
    GRIDS,
    UNITS,
    STAFF,
    ASSIGNMENTS,
    SYNC_LOG,
    SYNC_CONFLICTS,
    SYNC_PACKAGES,
    SYNC_BASE,
    CUSTOMERS,
    NESTS,
    SYNC_BASE_VISITS,
)
LAYERS_BY_NAME: Dict[str, Layer] = {layer.name: layer for layer in PROJECT_LAYERS + EDIT_TABLES}

#: Key / value table with the schema version, CRS and creator.
META_TABLE = "sg_meta"

#: Key / value table of a field package: package_id, project_id, staff_id, grid_ids…
MANIFEST_TABLE = "sg_manifest"
