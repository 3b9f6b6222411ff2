"""Open layers show what was just written: after an algorithm (or a dock) wrote into a project
GeoPackage, every layer of the current QGIS project whose source is that file reads it again.

The core writes the file in place (one SQLite transaction, see ``core/project_write.py``);
QGIS's layers keep their own provider cache and would otherwise show the old rows until the
project is reopened. Runs on the main thread (``postProcessAlgorithm``, the docks).
"""

import os
from typing import Optional

from qgis.core import QgsProject, QgsProviderRegistry, QgsVectorLayer

#: Name of the parameter that holds the project GeoPackage an algorithm writes into.
PROJECT = "PROJECT"


def _same_file(a: str, b: str) -> bool:
    return (
        bool(a)
        and bool(b)
        and os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))
    )


def reload_layer(layer: QgsVectorLayer) -> None:
    """Make ``layer`` read its source again and redraw; its selection is kept (a provider
    reload clears it) for the features that are still there."""
    selected = layer.selectedFeatureIds()
    layer.dataProvider().reloadData()
    layer.reload()
    if selected:
        layer.selectByIds(selected)
    layer.triggerRepaint()


def refresh_file_layers(path: Optional[str], project: Optional[QgsProject] = None) -> int:
    """Reload every vector layer of ``project`` (the current one by default) whose source is
    the GeoPackage ``path``; layers with edits not yet saved are left alone (reloading would
    mix the file's new rows with the edit buffer). Returns the number of layers reloaded."""
    if not path:
        return 0
    project = project or QgsProject.instance()
    count = 0
    registry = QgsProviderRegistry.instance()
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
            continue
        source = registry.decodeUri("ogr", layer.source()).get("path") or ""
        if not _same_file(source, path) or (layer.isEditable() and layer.isModified()):
            continue
        reload_layer(layer)
        count += 1
    return count


def project_parameter(algorithm, parameters, context) -> str:
    """The project GeoPackage ``algorithm`` is given in its ``PROJECT`` parameter ("" when it
    has none or it is not set)."""
    if algorithm.parameterDefinition(PROJECT) is None or not parameters.get(PROJECT):
        return ""
    return algorithm.parameterAsFile(parameters, PROJECT, context) or ""
