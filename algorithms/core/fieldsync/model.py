"""What the field sync's modules share: columns, value domains, limits, the report and row
dataclasses (this module imports none of its siblings)."""

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

from .. import schema
from ..errors import InputError
from ..gpkg_tiles import BASEMAP_TABLE, TILE_TRIGGERS

#: Columns of ``feedback`` merged column by column (``geom`` is the point, as WKB hex).
MERGE_COLUMNS: Tuple[str, ...] = (
    "grid_id",
    "staff_id",
    "collected_at",
    "category",
    "channel",
    "rating",
    "response_minutes",
    "customer_type",
    "product_interest",
    "notes",
    "photo",
    "status",
    "resolved_at",
    "device_id",
    "geom",
)
_COL = {name: i for i, name in enumerate(MERGE_COLUMNS)}
#: Every feedback column a package must have (plus the geometry).
REQUIRED_COLUMNS = tuple(schema.FEEDBACK.field_names())
#: The feedback columns read from a file besides ``fid``, ``uuid`` and the geometry.
_SELECT = [c for c in REQUIRED_COLUMNS if c != "uuid"]
_TIME_COLUMNS = frozenset({"collected_at", "resolved_at", "updated_at"})
_INT_COLUMNS = frozenset({"rating", "rev"})
_REAL_COLUMNS = frozenset({"response_minutes"})
_DOMAINS = {
    "category": frozenset(code for code, _zh, _en in schema.FEEDBACK_CATEGORIES),
    "channel": frozenset(code for code, _zh, _en in schema.CHANNELS),
    "customer_type": frozenset(code for code, _zh, _en in schema.CUSTOMER_TYPES),
    "status": frozenset(code for code, _zh, _en in schema.FEEDBACK_STATUS),
}
_LONG_TEXT = frozenset({"notes", "product_interest"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n]")
_PHOTO_TYPES = {
    ".jpg": (b"\xff\xd8",),
    ".jpeg": (b"\xff\xd8",),
    ".png": (b"\x89PNG",),
    ".webp": (b"RIFF",),
    ".heic": (b"",),
    ".gif": (b"GIF8",),
}
#: Tables a package has besides the GeoPackage's own (gpkg_*, rtree_*, sqlite_*).
PACKAGE_TABLES = frozenset(
    {
        "feedback",
        "visits",
        "grids",
        "units",
        "outlets",
        "staff",
        "assignments",
        schema.META_TABLE,
        schema.MANIFEST_TABLE,
        "layer_styles",
        "qgis_projects",
        BASEMAP_TABLE,  # the offline basemap's tiles (read by nobody but the map)
    }
)
#: Triggers a package may hold that are the GeoPackage's own (not reported; never run).
PACKAGE_TRIGGERS = TILE_TRIGGERS
FIELD_PACKAGE_KIND = "field_package"
#: Seconds a sync waits for the project's write lock (another sync, a store, a QGIS edit).
LOCK_TIMEOUT = 60.0
#: The largest ``rev`` a row may carry (a row is not edited two billion times).
MAX_REV = 2**31 - 1
#: The range of a 64-bit integer column (SQLite, OGR).
INT64_RANGE = (-(2**63), 2**63 - 1)
#: How many master backups of earlier syncs are kept beside the project.
KEEP_BACKUPS = 10
#: The sync's own tables in the project.
SYNC_TABLES = (schema.SYNC_PACKAGES, schema.SYNC_BASE, schema.SYNC_LOG, schema.SYNC_CONFLICTS)


class InvalidText(str):
    """A text cell of a package that is not valid UTF-8 (decoded with replacement
    characters, so that it can be shown; a row holding one is rejected)."""


class SyncError(InputError):
    """The sync cannot run on this project (the project is unchanged)."""


@dataclass
class Limits:
    """Limits on untrusted packages (a package above them is refused, a row is rejected)."""

    max_file_bytes: int = 4 * 1024**3
    max_rows: int = 2_000_000
    max_text: int = 4000
    max_short_text: int = 200
    max_geometry_bytes: int = 1024
    max_photo_bytes: int = 25 * 1024**2
    #: Seconds the SQL on one package may take (checked every few thousand SQLite steps).
    max_seconds: float = 600.0


@dataclass
class PackageInfo:
    """What :func:`export_field_package` wrote."""

    package_id: str
    staff_id: str
    grid_ids: List[str]
    project_id: str
    counts: Dict[str, int] = field(default_factory=dict)


@dataclass
class PackageReport:
    """The outcome of one package in a sync run."""

    path: str
    package_id: str = ""
    staff_id: str = ""
    sha256: str = ""
    status: str = "rejected"  # "synced" | "unchanged" | "rejected"
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0
    rejected: List[Tuple[str, str]] = field(default_factory=list)
    photos: int = 0
    warnings: List[str] = field(default_factory=list)
    message: str = ""


@dataclass
class SyncRun:
    """A sync run: its id, the backup taken first and one report per package."""

    run_id: str
    backup: str = ""
    reports: List[PackageReport] = field(default_factory=list)

    def totals(self) -> Dict[str, int]:
        keys = ("inserted", "updated", "deleted", "unchanged", "conflicts", "photos")
        out = {k: sum(getattr(r, k) for r in self.reports) for k in keys}
        out["rejected"] = sum(len(r.rejected) for r in self.reports)
        out["packages_rejected"] = sum(r.status == "rejected" for r in self.reports)
        return out


@dataclass
class Conflict:
    """One row of ``sync_conflicts``."""

    fid: int
    run_id: str
    package_id: str
    table_name: str
    uuid: str
    column_name: str
    base_value: Optional[str]
    office_value: Optional[str]
    field_value: Optional[str]
    #: "both_changed", "insert_insert", "update_delete" (changed in the office, deleted in the
    #: field) or "delete_update" (deleted in the office, changed in the field)
    kind: str
    resolution: Optional[str]
    resolved_at: Optional[str]


@dataclass
class _Row:
    """A feedback row in canonical form (values aligned with :data:`MERGE_COLUMNS`)."""

    uuid: str  # as stored
    values: tuple
    rev: int = 0
    updated_at: Optional[str] = None
    fid: Optional[int] = None
    package_id: Optional[str] = None


@dataclass
class _Package:
    """A package read from quarantine: its report, manifest, canonical rows and every uuid
    key it holds (rejected rows included)."""

    report: PackageReport
    manifest: Dict[str, str]
    rows: Dict[str, _Row]
    seen: set
    #: its visits (a :class:`.visits.VisitPackage`; ``None`` when it has no visits table)
    visits: Optional[object] = None


@dataclass
class _State:
    """The project's feedback as the run goes (rows by uuid key) and what changed."""

    rows: Dict[str, _Row]
    original: Dict[str, _Row]
    conflicts: List[dict] = field(default_factory=list)
    base_changes: Dict[str, Dict[str, Optional[_Row]]] = field(default_factory=dict)
    base_keys: Dict[str, Set[str]] = field(default_factory=dict)
    logs: List[dict] = field(default_factory=list)


def uuid_key(value) -> str:
    """The comparable form of a uuid: ``{ABC-…}`` and ``abc-…`` are the same row."""
    return str(value).strip().strip("{}").lower()


def _sql_text(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"
