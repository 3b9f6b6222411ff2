"""What the Grid editor shows of a project GeoPackage, read in one go (:func:`read_state`,
safe in a worker thread: plain objects, no layers), and the project's layers of that file in
QGIS (:func:`project_layer`)."""

import os
from dataclasses import dataclass, field
from typing import List, Optional

from qgis.core import QgsProject

from ..algorithms.core import paths
from ..algorithms.core.division import Division, HistoryState, history, pending_decisions
from .project_store import layer_file


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
