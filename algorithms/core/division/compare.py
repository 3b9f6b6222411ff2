"""Comparing two versions of a division (or a version with the current one): the units that
changed grid, the population they hold, the grids created and retired, per nest
(docs/design/grid-editor.md, "Versions"). Read-only; the joins run in SQLite."""

import contextlib
import json
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from .. import gpkg
from ..i18n import translate
from .versions import VersionRef, find_version


@dataclass
class ChangedUnit:
    """A unit in another grid in ``b`` than in ``a`` (nest, name and population: the units
    table now; ``""`` when the unit had no grid)."""

    unit_id: str
    #: The unit's feature id in the project's units layer (``None``: no longer there).
    fid: Optional[int]
    name: Optional[str]
    nest: str
    population: float
    grid_a: str
    grid_b: str


@dataclass
class NestChange:
    """The comparison within one nest (``""``: units and grids without a nest)."""

    nest: str
    units_changed: int = 0
    population_moved: float = 0.0
    grids_created: int = 0
    grids_retired: int = 0


@dataclass
class Comparison:
    """Version ``a`` against ``b`` (``b_id`` ``None``: the current division)."""

    a_id: int
    a_name: str
    b_id: Optional[int]
    b_name: str
    changes: List[ChangedUnit]
    population_moved: float
    #: Units only in ``b`` (added to the project since ``a``) and only in ``a``.
    units_added: int
    units_removed: int
    #: Grid ids in ``b`` but not in ``a``, and in ``a`` but not in ``b``, sorted.
    grids_created: List[str]
    grids_retired: List[str]
    per_nest: List[NestChange] = field(default_factory=list)

    @property
    def units_changed(self) -> int:
        return len(self.changes)


#: The unit → grid mapping of a version, and of the current division, as SQL sources.
_VERSION_UNITS = (
    "SELECT unit_id, coalesce(grid_id, '') AS grid_id FROM grid_version_units WHERE version_id = {}"
)
_CURRENT_UNITS = "SELECT unit_id, coalesce(grid_id, '') AS grid_id FROM units"


def _grids(con, version_id: Optional[int]) -> Dict[str, str]:
    """Grid id → nest of a version (``None``: the grids now)."""
    if version_id is None:
        rows = con.execute("SELECT grid_id, coalesce(nest, '') FROM grids WHERE grid_id <> ''")
        return {str(g): str(n) for g, n in rows if g is not None}
    out = {}
    for grid, data in con.execute(
        "SELECT grid_id, data FROM grid_version_grids WHERE version_id = ?", (version_id,)
    ):
        nest = (json.loads(data) if data else {}).get("nest")
        out[str(grid)] = "" if nest is None else str(nest)
    return out


def _unit_sets(con, a_sql: str, b_sql: str) -> Tuple[List[tuple], int, int]:
    """Changed units (unit, fid, name, nest, population, grid a, grid b) and the counts of units
    only in b and only in a."""
    changed = con.execute(
        "WITH a AS ({a}), b AS ({b}) "
        "SELECT a.unit_id, u.fid, u.name, coalesce(u.nest, ''), coalesce(u.population, 0), "
        "a.grid_id, b.grid_id FROM a JOIN b ON b.unit_id = a.unit_id "
        "LEFT JOIN units u ON u.unit_id = a.unit_id "
        "WHERE a.grid_id <> b.grid_id ORDER BY a.unit_id".format(a=a_sql, b=b_sql)
    ).fetchall()
    only = (
        "WITH a AS ({a}), b AS ({b}) SELECT count(*) FROM {x} "
        "WHERE NOT EXISTS (SELECT 1 FROM {y} WHERE {y}.unit_id = {x}.unit_id)"
    )
    ((added,),) = con.execute(only.format(a=a_sql, b=b_sql, x="b", y="a")).fetchall()
    ((removed,),) = con.execute(only.format(a=a_sql, b=b_sql, x="a", y="b")).fetchall()
    return changed, int(added), int(removed)


def current_name() -> str:
    """How a comparison names the current division."""
    return translate("core", "the current division")


def compare_versions(path: str, a: VersionRef, b: Optional[VersionRef] = None) -> Comparison:
    """Compare version ``a`` with version ``b`` (``None``: the current division, from
    ``units.grid_id``); units in only one of them are counted apart, not as changes."""
    found_a = find_version(path, a)
    found_b = find_version(path, b) if b is not None and str(b).strip() else None
    a_id = int(found_a["version_id"])
    b_id = None if found_b is None else int(found_b["version_id"])
    a_sql = _VERSION_UNITS.format(a_id)
    b_sql = _CURRENT_UNITS if b_id is None else _VERSION_UNITS.format(b_id)
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        con.execute("BEGIN")  # one snapshot for every read
        rows, added, removed = _unit_sets(con, a_sql, b_sql)
        grids_a = _grids(con, a_id)
        grids_b = _grids(con, b_id)
        con.execute("COMMIT")
    changes = [
        ChangedUnit(str(u), fid, name, str(nest), float(pop or 0), str(ga), str(gb))
        for u, fid, name, nest, pop, ga, gb in rows
    ]
    created = sorted(set(grids_b) - set(grids_a))
    retired = sorted(set(grids_a) - set(grids_b))
    nests: Dict[str, NestChange] = {}
    for change in changes:
        row = nests.setdefault(change.nest, NestChange(change.nest))
        row.units_changed += 1
        row.population_moved += change.population
    for grid in created:
        nest = grids_b[grid]
        nests.setdefault(nest, NestChange(nest)).grids_created += 1
    for grid in retired:
        nest = grids_a[grid]
        nests.setdefault(nest, NestChange(nest)).grids_retired += 1
    return Comparison(
        a_id=a_id,
        a_name=str(found_a["name"]),
        b_id=b_id,
        b_name=current_name() if found_b is None else str(found_b["name"]),
        changes=changes,
        population_moved=sum(c.population for c in changes),
        units_added=added,
        units_removed=removed,
        grids_created=created,
        grids_retired=retired,
        per_nest=[nests[k] for k in sorted(nests)],
    )
