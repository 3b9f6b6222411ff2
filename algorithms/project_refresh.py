"""The layers of the open QGIS project that read a GeoPackage: they show what was just written,
and the file is not replaced under them.

After an algorithm (or a dock) wrote into a project GeoPackage, every layer of the current
QGIS project whose source is that file reads it again: the core writes the file in place (one
SQLite transaction, see ``core/project_write.py``); QGIS's layers keep their own provider cache
and would otherwise show the old rows until the project is reopened. Runs on the main thread
(``postProcessAlgorithm``, the docks). A file that layers read is never replaced by a new one
(createproject, createfieldpackage with 'Replace an existing file'): on Windows it cannot be,
and elsewhere the layers would go on showing the old file.
"""

from typing import List, Optional, Sequence

from qgis.core import QgsProcessingException, QgsProject, QgsProviderRegistry, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QThread

from .core import paths

#: Name of the parameter that holds the project GeoPackage an algorithm writes into.
PROJECT = "PROJECT"


def reload_layer(layer: QgsVectorLayer) -> None:
    """Make ``layer`` read its source again and redraw; its selection is kept (a provider
    reload clears it) for the features that are still there."""
    selected = layer.selectedFeatureIds()
    layer.reload()  # (reloads the provider's data itself: once, not twice)
    if selected:
        layer.selectByIds(selected)
    layer.triggerRepaint()


def file_layers(path: Optional[str], project: Optional[QgsProject] = None) -> List:
    """The OGR vector layers of ``project`` (the current one by default) whose source is the
    file ``path`` (compared as the system compares paths, see :func:`.paths.same_file`)."""
    if not path:
        return []
    project = project or QgsProject.instance()
    registry = QgsProviderRegistry.instance()
    found = []
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
            continue
        source = registry.decodeUri("ogr", layer.source()).get("path") or ""
        if paths.same_file(source, path):
            found.append(layer)
    return found


def loaded_project_file(project: Optional[QgsProject] = None) -> Optional[str]:
    """The project GeoPackage whose ``grids`` layer is loaded in ``project`` (the current one
    by default; the first in map order when there are several), or ``None``. Only on the main
    thread: the layers of the current project are not to be read from a worker."""
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return None
    from .core import gpkg

    project = project or QgsProject.instance()
    registry = QgsProviderRegistry.instance()
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
            continue
        parts = registry.decodeUri("ogr", layer.source())
        path = parts.get("path") or ""
        if parts.get("layerName") == "grids" and path.lower().endswith(".gpkg"):
            try:
                if gpkg.is_project(path):
                    return path
            except Exception:  # noqa: BLE001 (an unreadable file is simply not offered)
                continue
    return None


def refresh_file_layers(
    path: Optional[str],
    project: Optional[QgsProject] = None,
    tables: Optional[Sequence[str]] = None,
) -> int:
    """Reload every vector layer of ``project`` (the current one by default) whose source is
    the GeoPackage ``path`` (only those of ``tables`` when given); layers with edits not yet
    saved are left alone (reloading would mix the file's new rows with the edit buffer).
    Returns the number of layers reloaded."""
    registry = QgsProviderRegistry.instance()
    count = 0
    for layer in file_layers(path, project):
        if layer.isEditable() and layer.isModified():
            continue
        if tables is not None:
            table = registry.decodeUri("ogr", layer.source()).get("layerName") or ""
            if table not in tables:
                continue
        reload_layer(layer)
        count += 1
    return count


def require_not_open(path: str, project: Optional[QgsProject]) -> None:
    """Refuse to replace the file ``path`` while layers of ``project`` (the algorithm's
    context's; the current project when it has none) read it: a
    :class:`QgsProcessingException` that says what to do."""
    layers = file_layers(path, project or QgsProject.instance())
    if layers:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "project_refresh",
                "The file {path} is open in QGIS: layers of the current project read it "
                "({layers}), so it cannot be replaced. Remove those layers or close the "
                "project, then run again; or write to another file.",
            ).format(path=path, layers=", ".join(layer.name() for layer in layers[:3]))
        )


def project_parameter(algorithm, parameters, context) -> str:
    """The project GeoPackage ``algorithm`` is given in its ``PROJECT`` parameter ("" when it
    has none or it is not set)."""
    if algorithm.parameterDefinition(PROJECT) is None or not parameters.get(PROJECT):
        return ""
    return algorithm.parameterAsFile(parameters, PROJECT, context) or ""
