"""What the Grid editor shows of a project GeoPackage, read in one go (:func:`read_state`,
safe in a worker thread: plain objects, no layers), the edit an operation of the editor makes
(:func:`plan_edit`) and the project's layers of that file in QGIS (:func:`project_layer`)."""

import os
from dataclasses import dataclass, field
from typing import List, Optional, Sequence

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QCoreApplication

from ..algorithms.core import paths
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
from .project_store import layer_file

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
    division = Division.load(path)
    module = versions_module()
    found = None
    if module is not None:
        found = [dict(v) if not isinstance(v, dict) else v for v in module.list_versions(path)]
    return EditorState(division, history(path), pending_decisions(path), found)


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


def unsaved_layers(path: str) -> List[str]:
    """Names of the project's units / grids layers of ``path`` with unsaved edits."""
    return [
        layer.name()
        for table in ("units", "grids")
        for layer in [project_layer(path, table)]
        if layer is not None and layer.isEditable() and layer.isModified()
    ]
