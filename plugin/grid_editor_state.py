"""What the Grid editor shows of a project GeoPackage, read in one go (:func:`read_state`,
safe in a worker thread: plain objects, no layers) or updated after the editor's own edit
(:func:`state_after`), the edit an operation of the editor makes (:func:`plan_edit`) and the
project's layers of that file in QGIS (:func:`project_layer`, :func:`reload_edited_layers`)."""

import contextlib
import dataclasses
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set, Tuple

import numpy as np
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QCoreApplication

from ..algorithms.core import gpkg, paths
from ..algorithms.core.division import (
    Division,
    Edit,
    EditError,
    HistoryState,
    history,
    pending_decisions,
    plan_lock,
    plan_merge,
    plan_move,
    plan_new_grid,
    plan_split,
)
from ..algorithms.core.division.state import GRID_COLUMNS
from ..algorithms.project_refresh import refresh_file_layers
from .project_store import layer_file

#: The project's layers the editor's writes change (edits, undo / redo, decisions, versions:
#: units.grid_id, the grids, feedback points following their unit, assignments of retired
#: grids); the other tables it writes (grid_edits, grid_codes…) are not layers of the project.
EDITED_TABLES = ("units", "grids", "feedback", "assignments")

#: The editor's operations.
MOVE, NEW, MERGE, SPLIT, LOCK, UNLOCK = "move", "new", "merge", "split", "lock", "unlock"


def _tr(text: str) -> str:
    return QCoreApplication.translate("GridEditorDock", text)


@dataclass
class EditorState:
    """The division, what Undo / Redo would do, the pending decisions and the versions."""

    division: Division
    history: HistoryState
    decisions: List[dict] = field(default_factory=list)
    versions: Optional[List[dict]] = None  # None: the versions core is not there


def versions_module():
    """The core's versions module (``None`` while it is not part of this build)."""
    try:
        from ..algorithms.core.division import versions
    except ImportError:
        return None
    return versions


def read_state(path: str) -> EditorState:
    """Read the project ``path`` (read-only)."""
    return _with_journal(Division.load(path), path)


def _with_journal(division: Division, path: str) -> EditorState:
    """``division`` with the history, pending decisions and versions of ``path``."""
    module = versions_module()
    found = None
    if module is not None:
        found = [dict(v) if not isinstance(v, dict) else v for v in module.list_versions(path)]
    return EditorState(division, history(path), pending_decisions(path), found)


def state_after(state: EditorState, edit: Edit, path: str) -> EditorState:
    """The state once ``edit`` has been written into ``path``, the file ``state`` was read
    from: the units of the edit put in their new grids in memory, the grid rows, codes,
    history, decisions and versions read again; the unit shapes read so far are kept. What
    :func:`read_state` reads, without reading every unit again; it does read them all when
    the grids' unit counts show that other units changed too (another program's write)."""
    old = state.division
    if any(unit not in old.index for unit in edit.units):
        return read_state(path)
    grid_of = old.grid_of.copy()
    for unit, (_before, after) in edit.units.items():
        grid_of[old.index[unit]] = after
    grids, codes = _grid_rows(path)
    names, counts = np.unique(grid_of[grid_of != ""].astype(str), return_counts=True)
    if dict(zip(names.tolist(), counts.tolist())) != {
        g: int(row.get("unit_count") or 0) for g, row in grids.items()
    }:
        return read_state(path)
    division = dataclasses.replace(
        old,
        grid_of=grid_of,
        grids=grids,
        codes=codes | set(grids),
        index=old.index,
        _members=None,
        _geoms=dict(old._geoms),
    )
    return _with_journal(division, path)


def _grid_rows(path: str) -> Tuple[Dict[str, dict], Set[str]]:
    """Every grid row of ``path`` as :class:`Division` reads them (every column but the
    geometry) and every code of the register."""
    with contextlib.closing(gpkg.connect_ro(path)) as con:
        columns = {r[1] for r in con.execute('PRAGMA table_info("grids")')}
        names = [c for c in GRID_COLUMNS if c in columns]
        rows = con.execute(
            "SELECT {} FROM grids".format(", ".join('"{}"'.format(c) for c in names))
        ).fetchall()
        tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master")}
        codes = set()
        if "grid_codes" in tables:
            codes = {str(c) for (c,) in con.execute("SELECT code FROM grid_codes")}
    key = names.index("grid_id")
    return {str(row[key]): dict(zip(names, row)) for row in rows}, codes


class EditorFile:
    """The project GeoPackage the dock edits (its path, compared as the system does)."""

    def __init__(self, path: str):
        self.path = os.path.abspath(path)

    def same_file(self, path: str) -> bool:
        return bool(path) and paths.path_key(path) == paths.path_key(self.path)


def project_layer(path: str, table: str, project: Optional[QgsProject] = None):
    """The layer of QGIS's project reading the table ``table`` of the GeoPackage ``path``
    (the first one; ``None`` when none)."""
    project = project or QgsProject.instance()
    key = paths.path_key(path)
    for layer in project.mapLayers().values():
        source, name = layer_file(layer)
        if name == table and source and paths.path_key(source) == key:
            return layer
    return None


def plan_edit(
    division: Division,
    operation: str,
    units: Sequence[str],
    grids: Sequence[str],
    target: Optional[str],
    parts: int,
) -> Edit:
    """The edit ``operation`` makes of the selected ``units`` (in ``grids``) and the
    ``target`` grid (raises :class:`EditError` with the reason)."""
    if operation == MOVE:
        if not target:
            raise EditError(_tr("Choose the target grid (list or Pick on map)."))
        return plan_move(division, units, target)
    if operation == NEW:
        return plan_new_grid(division, units)
    if operation == MERGE:
        if not target:
            raise EditError(_tr("Choose the grid to merge into (the target grid)."))
        return plan_merge(division, grids, into=target)
    if operation == SPLIT:
        grid = target or (grids[0] if len(grids) == 1 else "")
        if not grid:
            raise EditError(_tr("Choose the grid to split (the target grid)."))
        return plan_split(division, grid, parts)
    chosen = set(grids) | ({target} if target else set())
    return plan_lock(division, sorted(chosen), locked=operation == LOCK)


def reload_edited_layers(path: str) -> int:
    """Make the layers of ``path``'s :data:`EDITED_TABLES` read the file again (the outlets
    and staff the editor never writes are not reloaded). Returns the number reloaded."""
    return refresh_file_layers(path, tables=EDITED_TABLES)


def unsaved_layers(path: str) -> List[str]:
    """Names of the project's units / grids layers of ``path`` with unsaved edits."""
    return [
        layer.name()
        for table in ("units", "grids")
        for layer in [project_layer(path, table)]
        if layer is not None and layer.isEditable() and layer.isModified()
    ]
