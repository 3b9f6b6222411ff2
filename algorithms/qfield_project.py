"""The QField project of a field package: ``<name>.qgz`` beside ``<name>.gpkg`` (as QFieldSync
packages a project), with a ``DCIM/`` folder for the photos.

QField (≥ 2.0) can open the project stored inside the GeoPackage, but there its project folder
reads as ``geopackage:/…/`` (QGIS issue #39048), so photos stored "relative to the project"
would be written to and looked up in a path that does not exist, and a renamed package loses
its layers (QGIS issue #37440; QGIS desktop gets ours back through
:func:`project_template.read_project`, QField cannot). A ``.qgz`` beside the package has a real
folder: its layers are ``./<name>.gpkg|layername=…``, photos go to ``DCIM/…`` beside it and
their relative paths are what the field sync reads. It is the same project as the one stored
in the package (forms, styles, variables, basemap); only the reference layers are read-only
and QField is told to keep photos at most :data:`MAX_PHOTO_SIDE` pixels on a side.
"""

import os
import uuid

from qgis.core import QgsProcessingOutputFile, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication

from .project_template import read_project, release_layers

#: The folder QField writes photos into (the attachment naming of the feedback form).
PHOTO_FOLDER = "DCIM"
#: Longest side of a photo taken in QField, pixels (QField's ``maximumImageWidthHeight``):
#: sharp enough for a shop front or a document, a few hundred KB.
MAX_PHOTO_SIDE = 2048
#: The layer field staff edit; the others are for reference (the sync ignores their edits).
EDITABLE = ("feedback",)
#: The result naming the ``.qgz``.
QFIELD_PROJECT = "QFIELD_PROJECT"


def qfield_project_path(package_path: str) -> str:
    """``<name>.qgz`` beside ``<name>.gpkg``."""
    return os.path.splitext(package_path)[0] + ".qgz"


def write_qfield_project(package_path: str) -> str:
    """Write the QField project of the package ``package_path`` beside it (replacing an
    older one) and make its ``DCIM`` folder; return the ``.qgz`` path."""
    final = qfield_project_path(package_path)
    folder = os.path.dirname(os.path.abspath(package_path))
    # beside the final file (same relative paths), named so that QGIS calls the project file
    # inside the archive <name>.qgs (it takes the archive's name up to its first dot)
    stem = os.path.splitext(os.path.basename(final))[0]
    tmp = os.path.join(folder, "{}.service-grid-{}.qgz".format(stem, uuid.uuid4().hex))
    project = QgsProject()
    try:
        if not read_project(project, package_path):
            raise RuntimeError("cannot read the project stored in {}".format(package_path))
        for layer in project.mapLayers().values():
            if isinstance(layer, QgsVectorLayer):
                table = layer.source().rsplit("layername=", 1)[-1]
                layer.setReadOnly(table not in EDITABLE)
        project.writeEntry("Paths", "/Absolute", False)
        project.writeEntry("qfieldsync", "maximumImageWidthHeight", MAX_PHOTO_SIDE)
        if not project.write(tmp):
            raise OSError("cannot write {}: {}".format(final, project.error()))
        os.replace(tmp, final)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
        release_layers([layer for layer in project.mapLayers().values() if layer is not None])
        project.removeAllMapLayers()
        project.clear()
    os.makedirs(os.path.join(folder, PHOTO_FOLDER), exist_ok=True)
    return final


def add_qfield_output(alg) -> None:
    """Declare the ``QFIELD_PROJECT`` result of an algorithm that writes field packages."""
    alg.addOutput(
        QgsProcessingOutputFile(
            QFIELD_PROJECT,
            QCoreApplication.translate("QFieldProject", "QField project (.qgz beside the package)"),
        )
    )
