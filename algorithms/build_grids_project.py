"""What 'Build service grids' reads from the project it stores into: the grid code each unit
has now, the locked grids (kept as they are) and every code the project ever gave."""

import contextlib
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from .core import gpkg, migrate, schema
from .core.division import codes
from .core.errors import format_ids


@dataclass
class ProjectGrids:
    """The project's division before the build, aligned with the units divided."""

    #: The grid id each unit has now (``None``: none).
    current: List[Optional[str]]
    #: Per unit the locked grid it belongs to (``None``: free).
    locked: List[Optional[str]]
    #: Every code the project gave: the register, its grids and its units' grid ids.
    reserved: Set[str]
    #: Codes in use before the build (grids and units), and the register's active codes.
    active: Set[str]
    #: The register's codes (retired ones included).
    registered: Set[str]
    #: The locked grids' rows (the grids layer's columns but the geometry), by grid id.
    locked_rows: Dict[str, dict] = field(default_factory=dict)
    #: Every grid's outlet before the build, by grid id.
    outlets: Dict[str, Optional[str]] = field(default_factory=dict)

    @property
    def locked_units(self) -> int:
        """How many units are in locked grids."""
        return sum(1 for g in self.locked if g)


def read_project_grids(project: str, unit_ids) -> ProjectGrids:
    """The project's grids for a build of its units ``unit_ids`` (checked to be the project's
    by ``check_project_units``). The project is brought to the current schema first (the
    register of codes came with schema 3). A locked grid without units is refused."""
    migrate.upgrade(project)
    names = schema.GRIDS.field_names()
    with contextlib.closing(gpkg.connect_ro(project)) as con:
        grid_of = {str(u): g for u, g in con.execute("SELECT unit_id, grid_id FROM units")}
        columns = ", ".join('"{}"'.format(n) for n in names)
        rows = [dict(zip(names, r)) for r in con.execute("SELECT {} FROM grids".format(columns))]
    registry = codes.read_registry(project)
    locked_rows = {str(r["grid_id"]): r for r in rows if r.get("locked") == 1 and r["grid_id"]}
    current = [_text(grid_of.get(str(u))) for u in unit_ids]
    locked = [g if g in locked_rows else None for g in current]
    empty = sorted(set(locked_rows) - {g for g in locked if g})
    if empty:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "BuildGridsAlgorithm",
                "{n} locked grid(s) of {path} have no units: {ids}. Their units were deleted "
                "or moved to other grids. Unlock them (set locked to 0 in the grids layer) or "
                "give them units, then run again.",
            ).format(n=len(empty), path=project, ids=format_ids(empty))
        )
    in_use = {str(r["grid_id"]) for r in rows if r["grid_id"]} | {g for g in current if g}
    registered = {row.code for row in registry}
    active = in_use | {row.code for row in registry if not row.retired_at}
    outlets = {str(r["grid_id"]): r.get("outlet_id") for r in rows if r["grid_id"]}
    return ProjectGrids(
        current, locked, registered | in_use, active, registered, locked_rows, outlets
    )


def _text(value) -> Optional[str]:
    return None if value is None or str(value) == "" else str(value)
