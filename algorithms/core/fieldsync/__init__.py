"""Offline field packages and their sync back into the project GeoPackage (see docs/design/sync.md).

No QGIS here: GDAL/OGR writes, ``sqlite3`` reads, shapely geometry.

- :func:`export_field_package` writes a staff member's package (their grids, the units of those
  grids, their outlets, the feedback of their grids, a manifest); :func:`register_package` keeps
  the office's **base snapshot** of the exported feedback rows in the project (``sync_packages``,
  ``sync_base``).
- :func:`sync_packages` merges packages back: **three-way merge by uuid** against the base
  (fids are never compared across files), conflicts kept in ``sync_conflicts`` (the office value
  stays, both values are stored), **idempotent** (``sync_log`` ledger of file hashes and the
  per-row base), **atomic** (backup first, one OGR transaction, ``PRAGMA quick_check`` after;
  a process killed mid-way leaves the project as it was), **safe beside other writers** (the
  project's rows are read and merged with its write lock held), and the package is **untrusted
  input** (quarantined copy read with plain ``sqlite3``, no extensions, ``trusted_schema=OFF``,
  real tables only, schema and domain checks, limits, our own geometry parsing, photos copied to
  content-hashed paths).
- :func:`list_conflicts` / :func:`resolve_conflict` for the review (keep office / take field),
  with an audit row in ``sync_log``.

One job per module, from the bottom up: :mod:`.model` (shared columns, limits, dataclasses),
:mod:`.values` (value checks), :mod:`.geometry` (our own blob parsing), :mod:`.rows` (canonical
rows), :mod:`.project` (the office project), :mod:`.base` (base snapshots), :mod:`.export`
(package export and registration), :mod:`.quarantine` (the run's private folder, bounded
copies of regular files only), :mod:`.package` (untrusted package reading), :mod:`.merge` and
:mod:`.photos` (the merge), :mod:`.apply` (writing it), :mod:`.transaction` (the write lock
taken before the merge, write failures as messages), :mod:`.backup`, :mod:`.sync` (a sync run)
and :mod:`.conflicts` (the review). The stored time format is
:mod:`..timestamps` (``now_utc`` is re-exported here for existing callers).
"""

from ..timestamps import local_offset_minutes, now_utc
from .conflicts import list_conflicts, resolve_conflict
from .contents import PACKAGE_UNITS, package_columns, package_tables, register_table
from .export import export_field_package, register_package, register_packages
from .geometry import parse_gpkg_blobs
from .model import (
    FIELD_PACKAGE_KIND,
    KEEP_BACKUPS,
    MERGE_COLUMNS,
    PACKAGE_TABLES,
    REQUIRED_COLUMNS,
    Conflict,
    Limits,
    PackageInfo,
    PackageReport,
    SyncError,
    SyncRun,
    uuid_key,
)
from .project import ensure_project_id
from .rows import read_master_rows
from .sync import expand_paths, sync_packages
from .team import SELECTIONS, Member, choose_team, expires_at, is_expired, read_team
from .team_export import TeamResult, Template, export_team

__all__ = [
    "FIELD_PACKAGE_KIND",
    "KEEP_BACKUPS",
    "MERGE_COLUMNS",
    "PACKAGE_TABLES",
    "PACKAGE_UNITS",
    "REQUIRED_COLUMNS",
    "Conflict",
    "Limits",
    "PackageInfo",
    "PackageReport",
    "SyncError",
    "SyncRun",
    "ensure_project_id",
    "expand_paths",
    "export_field_package",
    "list_conflicts",
    "local_offset_minutes",
    "now_utc",
    "parse_gpkg_blobs",
    "read_master_rows",
    "register_package",
    "resolve_conflict",
    "sync_packages",
    "SELECTIONS",
    "Member",
    "TeamResult",
    "Template",
    "choose_team",
    "expires_at",
    "export_team",
    "is_expired",
    "package_columns",
    "package_tables",
    "read_team",
    "register_packages",
    "register_table",
    "uuid_key",
]
