"""Render the QGIS project stored in a project GeoPackage to a PNG (headless)."""

from qgis.core import (
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def render_project(
    gpkg_path: str, png_path: str, width: int = 1600, height: int = 1200, hidden=("feedback",)
) -> str:
    """Draw the visible layers of the embedded project at its default extent."""
    from service_grid.algorithms.project_template import read_project

    project = QgsProject()
    if not read_project(project, gpkg_path):
        raise RuntimeError("no project in {}".format(gpkg_path))
    root = project.layerTreeRoot()
    layers = [
        node.layer()
        for node in root.findLayers()
        if node.layer().isSpatial()
        and node.isVisible()
        and node.layer().source().split("layername=")[-1] not in hidden
    ]
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


def render_quality(
    quality_gpkg: str, project_gpkg: str, png_path: str, width: int = 1600, height: int = 1200
) -> str:
    """Draw a ``servicequality`` output (its stored style) with the project's outlets, zoomed
    to the grids that have feedback (all grids when none has)."""
    from qgis.core import QgsFeatureRequest, QgsRectangle, QgsVectorLayer

    quality = QgsVectorLayer(quality_gpkg, "quality", "ogr")
    outlets = QgsVectorLayer(project_gpkg + "|layername=outlets", "outlets", "ogr")
    if not quality.isValid():
        raise RuntimeError("cannot open {}".format(quality_gpkg))
    extent = QgsRectangle()
    request = QgsFeatureRequest().setFilterExpression('"feedback_count" > 0')
    for feature in quality.getFeatures(request):
        extent.combineExtentWith(feature.geometry().boundingBox())
    if extent.isEmpty():
        extent = quality.extent()
    extent.scale(1.6)  # the map settings widen it to the picture's proportions
    settings = QgsMapSettings()
    settings.setLayers([layer for layer in (outlets, quality) if layer.isValid()])
    settings.setDestinationCrs(quality.crs())
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor("#f4f1ea"))
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    if not job.renderedImage().save(png_path, "PNG"):
        raise RuntimeError("cannot write {}".format(png_path))
    return png_path
