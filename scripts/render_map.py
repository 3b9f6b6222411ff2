"""Render the QGIS project stored in a project GeoPackage to a PNG (headless)."""

from qgis.core import (
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def render_project(gpkg_path: str, png_path: str, width: int = 1600, height: int = 1200,
                   hidden=("feedback",)) -> str:
    """Draw the visible layers of the embedded project at its default extent."""
    from service_grid.algorithms.project_template import read_project

    project = QgsProject()
    if not read_project(project, gpkg_path):
        raise RuntimeError("no project in {}".format(gpkg_path))
    root = project.layerTreeRoot()
    layers = [node.layer() for node in root.findLayers()
              if node.layer().isSpatial() and node.isVisible()
              and node.layer().source().split("layername=")[-1] not in hidden]
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(project.crs())
    settings.setTransformContext(project.transformContext())
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor("#f4f1ea"))
    extent = project.viewSettings().defaultViewExtent()
    if extent.isEmpty():
        extent = layers[-1].extent()
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if not image.save(png_path, "PNG"):
        raise RuntimeError("cannot write {}".format(png_path))
    project.clear()
    return png_path
