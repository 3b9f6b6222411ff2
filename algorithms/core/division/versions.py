"""Named versions of a project's division: save the unit → grid mapping and the grids' rows,
list and find them, restore one as an undoable edit (docs/design/grid-editor.md,
"Versions"). Comparing two versions is :mod:`.compare`."""

import contextlib
import datetime as _dt
import json
import math
import sqlite3
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Union

from .. import gpkg, migrate, timestamps
from ..errors import InputError
from ..i18n import translate
from .apply import apply_edit, default_author
from .journal import quote, select
from .model import RESTORE, STAT_COLUMNS
from .ops import plan_reassign
from .state import GRID_COLUMNS, Division

#: ``grid_versions.kind``: saved by hand, before a rebuild, before a restore.
MANUAL = "manual"
BEFORE_REBUILD = "before_rebuild"
BEFORE_RESTORE = "before_restore"
KINDS = (MANUAL, BEFORE_REBUILD, BEFORE_RESTORE)

#: Columns of ``grid_versions``, in the order :func:`list_versions` gives them.
VERSION_COLUMNS = (
    "version_id",
    "name",
    "author",
    "created_at",
    "note",
    "kind",
    "grid_count",
    "unit_count",
    "population",
)

#: A version as the user names it: its id or its name.
VersionRef = Union[int, str]


@dataclass
class Restored:
    """What :func:`restore_version` did."""

    version_id: int
    name: str
    #: The version the division was saved as first (``None``: nothing to change).
    backup_id: Optional[int]
    units_changed: int
    #: The journal id of the edit (``None``: nothing to change).
    edit_id: Optional[int]


# ---------------------------------------------------------------------------- reading


def _tables(con: sqlite3.Connection) -> set:
    return {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def list_versions(path: str) -> List[dict]:
    """Every saved version of the project (the columns of :data:`VERSION_COLUMNS`), newest
    first; ``[]`` for a project that has none."""
    gpkg.require_project(path)
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        if "grid_versions" not in _tables(con):
            return []
        cursor = con.execute(
            "SELECT {} FROM grid_versions ORDER BY version_id DESC".format(
                ", ".join(VERSION_COLUMNS)
            )
        )
        return [dict(zip(VERSION_COLUMNS, row)) for row in cursor]


def describe_versions(versions: Sequence[dict], limit: int = 20) -> str:
    """``3 “name”, 2 “name” …`` for a message."""
    shown = ["{} “{}”".format(v["version_id"], v["name"]) for v in versions[:limit]]
    if len(versions) > limit:
        shown.append("… (+{})".format(len(versions) - limit))
    return ", ".join(shown)


def find_version(path: str, name_or_id: VersionRef) -> dict:
    """The version named ``name_or_id``, or whose id it is (a name wins over an id that looks
    the same); :class:`InputError` listing the project's versions when there is none."""
    versions = list_versions(path)
    text = str(name_or_id).strip()
    for version in versions:
        if version["name"] == text:
            return version
    if text.isdigit():
        for version in versions:
            if int(version["version_id"]) == int(text):
                return version
    if not versions:
        raise InputError(
            translate(
                "core",
                "The project {path} has no saved versions yet. Save the division first ('Save "
                "grid version' or the Grid editor).",
            ).format(path=path)
        )
    raise InputError(
        translate(
            "core",
            "There is no version “{ref}” in {path}. Give the name or the number of one of its "
            "versions: {versions}.",
        ).format(ref=text, path=path, versions=describe_versions(versions))
    )


def version_units(path: str, version: VersionRef) -> Dict[str, Optional[str]]:
    """The unit → grid mapping of a version (``None``: the unit had no grid)."""
    version_id = int(find_version(path, version)["version_id"])
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        cursor = con.execute(
            "SELECT unit_id, nullif(grid_id, '') FROM grid_version_units WHERE version_id = ?",
            (version_id,),
        )
        return {str(unit): grid for unit, grid in cursor}


def version_grids(path: str, version: VersionRef) -> Dict[str, dict]:
    """The grids' rows of a version (every column but the geometry), by grid id."""
    version_id = int(find_version(path, version)["version_id"])
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        cursor = con.execute(
            "SELECT grid_id, data FROM grid_version_grids WHERE version_id = ?", (version_id,)
        )
        return {str(grid): json.loads(data) if data else {} for grid, data in cursor}


# ---------------------------------------------------------------------------- saving


def _grid_columns(path: str) -> List[str]:
    """The columns of the project's grids table but the fid and the geometry."""
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        geometry = {
            str(c).lower()
            for (c,) in con.execute(
                "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'grids'"
            )
        }
        columns = [r[1] for r in con.execute('PRAGMA table_info("grids")')]
    return [c for c in columns if c.lower() not in geometry and c.lower() != "fid"]


def _free_name(taken: set, name: str) -> str:
    """``name``, or ``name (2)``, ``name (3)``… when it is taken."""
    folded = {t.casefold() for t in taken}
    candidate, n = name, 1
    while candidate.casefold() in folded:
        n += 1
        candidate = "{} ({})".format(name, n)
    return candidate


def _json_object(columns: Sequence[str]) -> str:
    return "json_object({})".format(
        ", ".join('{}, "{}"'.format(quote(c), c.replace('"', '""')) for c in columns)
    )


#: The longest version name accepted.
MAX_NAME = 120


def save_version(
    path: str,
    name: str,
    note: str = "",
    author: Optional[str] = None,
    kind: str = MANUAL,
) -> int:
    """Save the project's current division as a version: every unit's grid and every grid's
    row (all columns but the geometry, as JSON), in one transaction. Returns its id (one more
    than the highest so far). ``author`` ``None``: the operating-system user.

    The name is required and unique among the versions: a taken name is refused for a
    ``manual`` version; the automatic kinds get ``name (2)``…"""
    if kind not in KINDS:
        raise ValueError("kind must be one of {}: {!r}".format(KINDS, kind))
    name = (name or "").strip()
    if not name:
        raise InputError(
            translate("core", "Give the version a name (for example “Before the spring review”).")
        )
    if name.isdigit():
        raise InputError(
            translate(
                "core",
                "A version name of digits only (“{name}”) would read as a version number. Give "
                "it a name with a word in it (for example “Plan {name}”).",
            ).format(name=name)
        )
    if len(name) > MAX_NAME:
        raise InputError(
            translate(
                "core", "A version name has at most {n} characters; this one has {length}."
            ).format(n=MAX_NAME, length=len(name))
        )
    gpkg.require_grids(path)
    migrate.upgrade(path)
    columns = _grid_columns(path)
    author = default_author() if author is None else author
    with gpkg.write_transaction(path) as ds:
        rows = select(ds, "SELECT CAST(version_id AS INTEGER), name FROM grid_versions")
        taken = {str(n): int(v) for v, n in rows}
        same = {n.casefold(): n for n in taken}.get(name.casefold())
        if same is not None:
            if kind == MANUAL:
                raise InputError(
                    translate(
                        "core",
                        "A version named “{name}” exists already (version {id}). Choose "
                        "another name, or leave that version as it is.",
                    ).format(name=same, id=taken[same])
                )
            name = _free_name(set(taken), name)
        version_id = max(taken.values(), default=0) + 1
        ds.ExecuteSQL(
            "INSERT INTO grid_version_units (version_id, unit_id, grid_id) "
            "SELECT {}, unit_id, nullif(grid_id, '') FROM units "
            "WHERE unit_id IS NOT NULL".format(version_id)
        )
        ds.ExecuteSQL(
            "INSERT INTO grid_version_grids (version_id, grid_id, data) "
            "SELECT {}, grid_id, {} FROM grids WHERE grid_id IS NOT NULL".format(
                version_id, _json_object(columns)
            )
        )
        ((grid_count,),) = select(
            ds, "SELECT count(*) FROM grids WHERE grid_id IS NOT NULL AND grid_id <> ''"
        )
        ((unit_count, population),) = select(
            ds,
            "SELECT count(*), coalesce(sum(population), 0) FROM units "
            "WHERE grid_id IS NOT NULL AND grid_id <> ''",
        )
        values = (
            version_id,
            name,
            author,
            timestamps.now_utc(),
            note or "",
            kind,
            int(grid_count),
            int(unit_count),
            int(round(float(population or 0))),
        )
        ds.ExecuteSQL(
            "INSERT INTO grid_versions ({}) VALUES ({})".format(
                ", ".join(VERSION_COLUMNS), ", ".join(quote(v) for v in values)
            )
        )
    return version_id


def _has_grids(path: str) -> bool:
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        if "grids" not in _tables(con):
            return False
        return bool(
            con.execute(
                "SELECT 1 FROM grids WHERE grid_id IS NOT NULL AND grid_id <> '' LIMIT 1"
            ).fetchone()
        )


def _now_local() -> str:
    return _dt.datetime.now().strftime("%Y-%m-%d %H:%M")


def save_before_rebuild(path: str, author: Optional[str] = None) -> Optional[dict]:
    """Save the division a rebuild is about to replace (kind ``before_rebuild``); the saved
    version's row, or ``None`` when the project has no grids yet."""
    gpkg.require_project(path)
    if not _has_grids(path):
        return None
    name = translate("core", "Before rebuild {time}").format(time=_now_local())
    note = translate("core", "Saved by 'Build service grids' before it replaced the grids.")
    version_id = save_version(path, name, note, author, BEFORE_REBUILD)
    return find_version(path, version_id)


def delete_version(path: str, version: VersionRef) -> None:
    """Remove a version and its rows (one transaction)."""
    version_id = int(find_version(path, version)["version_id"])
    with gpkg.write_transaction(path) as ds:
        for table in ("grid_version_units", "grid_version_grids", "grid_versions"):
            ds.ExecuteSQL("DELETE FROM {} WHERE version_id = {}".format(table, version_id))


def compare_versions(path: str, a: VersionRef, b: Optional[VersionRef] = None):
    """:func:`.compare.compare_versions` (here too, as the design note lists it)."""
    from .compare import compare_versions as compare

    return compare(path, a, b)


# ---------------------------------------------------------------------------- restoring

#: Grid columns a restore sets from the version (the others are recomputed from the units).
_KEPT_COLUMNS = tuple(c for c in GRID_COLUMNS if c not in STAT_COLUMNS and c != "grid_id")


def _same(a: object, b: object) -> bool:
    """Equal values (numbers within the precision JSON keeps)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def _rows_to_restore(division: Division, saved: Dict[str, dict], targets: set) -> Dict[str, dict]:
    """The version's rows of the grids units move into and of the grids that exist now with
    other values."""
    rows = {}
    for grid, data in saved.items():
        row = {c: data.get(c) for c in _KEPT_COLUMNS if c in data}
        current = division.grids.get(grid)
        if grid in targets or (
            current is not None and not all(_same(current.get(c), v) for c, v in row.items())
        ):
            rows[grid] = row
    return rows


def restore_version(path: str, version: VersionRef, author: Optional[str] = None) -> Restored:
    """Make a version the project's division again, as ONE undoable edit (kind ``restore``):
    every unit the version holds goes back to its grid, the version's grid rows come back,
    grids it did not have are retired (their staff and outlets become decisions). The
    current division is first saved as a version (kind ``before_restore``). Units added to
    the project since the version keep their grid."""
    found = find_version(path, version)
    version_id, name = int(found["version_id"]), str(found["name"])
    division = Division.load(path)
    unit_grid = {u: g for u, g in version_units(path, version_id).items() if g}
    label = translate("core", "restore version {id} “{name}”").format(id=version_id, name=name)
    plan = plan_reassign(division, unit_grid, {}, kind=RESTORE, label=label)
    targets = {new for _old, new in plan.units.values()}
    rows = _rows_to_restore(division, version_grids(path, version_id), targets)
    edit = plan_reassign(division, unit_grid, rows, kind=RESTORE, label=label)
    if not edit.units and not edit.grid_values:
        return Restored(version_id, name, None, 0, None)
    backup_name = translate("core", "Before restoring {name} {time}").format(
        name=name, time=_now_local()
    )
    backup_id = save_version(path, backup_name, author=author, kind=BEFORE_RESTORE)
    try:
        edit_id = apply_edit(path, edit, author=author)
    except BaseException:
        with contextlib.suppress(Exception):
            delete_version(path, backup_id)
        raise
    return Restored(version_id, name, backup_id, len(edit.units), edit_id)
