"""The offline basemap of a field package: the chosen layers drawn by QGIS's renderer into web
map tiles (EPSG:3857, 256 px, the GoogleMapsCompatible scheme) over the package's grids, stored
as the GeoPackage tile table ``basemap`` inside the package and added to its embedded project
at the bottom of the layer tree. The plan (levels, tiles, size bound) is
:mod:`core.basemap_plan`; the tile table is :mod:`core.gpkg_tiles`.

The size bound holds whatever the estimate said: levels are drawn from the coarsest up, and a
level that would take the package over ``max_mb`` is removed again and the basemap stops at
the level below (the log says so)."""

import os
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsMapLayer,
    QgsMapRendererCustomPainterJob,
    QgsMapSettings,
    QgsProcessing,
    QgsProcessingParameterMultipleLayers,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize, QThread
from qgis.PyQt.QtGui import QColor, QImage, QPainter

from .core import gpkg
from .core.basemap_plan import (
    MAX_ZOOM,
    MB,
    TILE_SIZE,
    BasemapPlan,
    blocks,
    grid_extents_3857,
    lowered_message,
    lowest_zoom,
    next_level_bytes,
    plan_basemap,
    require_input,
    tile_bounds,
    tiles_covering,
    with_margin,
)
from .core.errors import InputError, ServiceGridError
from .core.gpkg_tiles import (
    BASEMAP_TABLE,
    create_tile_table,
    delete_zoom,
    drop_tile_table,
    insert_tiles,
    trim_levels,
)
from .core.labels import core_parameter
from .project_template import (
    layer_uri,
    load_style,
    read_project,
    release_layers,
    store_project,
    text,
)

#: Tiles on a side of one drawn image (labels and symbols continue across the tiles' edges).
BLOCK = 8
#: The project's layers a default basemap shows, top first.
DEFAULT_LAYERS = ("outlets", "grids", "units")
#: JPEG quality of tiles drawn from raster layers (vector-only basemaps are PNG).
JPEG_QUALITY = 80


@dataclass
class BasemapResult:
    """What was stored: levels, tiles, bytes."""

    min_zoom: int
    zoom: int
    tiles: int
    bytes: int
    requested_zoom: int

    @property
    def mb(self) -> float:
        return self.bytes / MB


def project_layers(path: str, names: Sequence[str] = DEFAULT_LAYERS) -> List[QgsVectorLayer]:
    """The layers ``names`` of the GeoPackage ``path`` with the project's styles (the default
    basemap: the whole project's grids, units and outlets around the package's own)."""
    language = gpkg.read_meta(path).get("language", "zh") if gpkg.is_project(path) else "zh"
    layers = []
    for name in names:
        layer = QgsVectorLayer(layer_uri(path, name), name, "ogr")
        if layer.isValid():
            load_style(layer, name, language)
            layers.append(layer)
    return layers


def _settings(layers: Sequence[QgsMapLayer]) -> QgsMapSettings:
    settings = QgsMapSettings()
    settings.setLayers(list(layers))
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    project = QgsProject.instance()
    context = project.transformContext() if project else QgsCoordinateTransformContext()
    settings.setTransformContext(context)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputDpi(96)
    settings.setFlag(QgsMapSettings.Flag.Antialiasing, True)
    settings.setFlag(QgsMapSettings.Flag.DrawLabeling, True)
    settings.setOutputImageFormat(QImage.Format.Format_ARGB32_Premultiplied)
    return settings


class _Painter:
    """Draws blocks of tiles with one QgsMapSettings and encodes the tiles."""

    def __init__(self, layers: Sequence[QgsMapLayer]):
        self.settings = _settings(layers)
        raster = any(isinstance(layer, QgsRasterLayer) for layer in layers)
        self.format = "JPG" if raster else "PNG"
        blank = QImage(TILE_SIZE, TILE_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
        blank.fill(QColor(255, 255, 255))
        self.blank = self.encode(blank)

    def draw(self, zoom: int, column: int, row: int, columns: int, rows: int) -> QImage:
        xmin = tile_bounds(zoom, column, row)[0]
        ymax = tile_bounds(zoom, column, row)[3]
        xmax = tile_bounds(zoom, column + columns - 1, row)[2]
        ymin = tile_bounds(zoom, column, row + rows - 1)[1]
        size = QSize(columns * TILE_SIZE, rows * TILE_SIZE)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(255, 255, 255))
        self.settings.setOutputSize(size)
        self.settings.setExtent(QgsRectangle(xmin, ymin, xmax, ymax))
        painter = QPainter(image)
        try:
            job = QgsMapRendererCustomPainterJob(self.settings, painter)
            job.renderSynchronously()
        finally:
            painter.end()
        return image

    def encode(self, image: QImage) -> bytes:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if self.format == "JPG":
            image.convertToFormat(QImage.Format.Format_RGB32).save(buffer, "JPG", JPEG_QUALITY)
        else:
            image.save(buffer, "PNG")
        buffer.close()
        return bytes(data)

    def tiles(self, zoom, block, wanted) -> List[Tuple[int, int, int, bytes]]:
        """The drawn, non-blank tiles of ``block`` that are ``wanted``."""
        column0, row0, columns, rows = block
        image = self.draw(zoom, column0, row0, columns, rows)
        out = []
        for dc in range(columns):
            for dr in range(rows):
                key = (column0 + dc, row0 + dr)
                if key not in wanted:
                    continue
                tile = image.copy(dc * TILE_SIZE, dr * TILE_SIZE, TILE_SIZE, TILE_SIZE)
                data = self.encode(tile)
                if data != self.blank:
                    out.append((zoom, key[0], key[1], data))
        return out


def _sample(painter: _Painter, extents, max_zoom: int) -> Dict[int, float]:
    """Bytes of one drawn tile per level (the tile at the middle of the grids' tiles)."""
    sizes = {}
    for zoom in range(min(lowest_zoom(extents), max_zoom), max_zoom + 1):
        tiles = sorted(tiles_covering(extents, zoom))
        column, row = tiles[len(tiles) // 2]
        data = painter.encode(painter.draw(zoom, column, row, 1, 1))
        sizes[zoom] = max(len(data), 1000)
    return sizes


def add_basemap(
    package_path: str,
    layers: Optional[Sequence[QgsMapLayer]],
    max_zoom: int,
    max_mb: float,
    feedback=None,
    project_path: Optional[str] = None,
) -> BasemapResult:
    """Draw ``layers`` (none: the grids, units and outlets of ``project_path``, or of the
    package itself) over the package's grids into its tile table ``basemap``, levels from the
    coarsest useful one up to ``max_zoom`` within ``max_mb`` megabytes, and add the basemap to
    the package's embedded project (the bottom layer). Raises :class:`InputError` when even
    the coarsest level is over the bound (nothing is added then)."""
    own = not layers
    if own:
        layers = project_layers(project_path or package_path)
    try:
        extents = grid_extents_3857(package_path)
        require_input(extents, max_zoom)
        painter = _Painter(layers)
        sizes = _sample(painter, with_margin(extents), max_zoom)
        plan = plan_basemap(extents, max_zoom, max_mb, sizes)
        create_tile_table(package_path, plan.extents, max_zoom)
        try:
            result = _draw(package_path, painter, plan, max_mb, feedback)
        except BaseException:
            drop_tile_table(package_path)
            raise
        trim_levels(package_path, result.zoom)
    finally:
        if own:
            release_layers(layers)
    add_to_project(package_path)
    return result


def _draw(path: str, painter: _Painter, plan: BasemapPlan, max_mb: float, feedback):
    """Draw the levels from the coarsest up to the zoom asked for. The plan's estimate (one
    sample tile per level) decided that the coarsest fits; each further level is drawn when
    the level below says it fits (:func:`next_level_bytes`), and removed again if it does
    not after all."""
    budget = max_mb * MB
    stored = count = 0
    used = plan.min_zoom
    previous = None  # (bytes, tiles) of the level below
    for zoom in range(plan.min_zoom, plan.requested_zoom + 1):
        tiles = plan.tiles.get(zoom) or sorted(tiles_covering(plan.extents, zoom))
        if previous is not None:
            need = next_level_bytes(previous[0], previous[1], len(tiles))
            if stored + need > budget:
                if feedback is not None:
                    feedback.pushInfo(lowered_message(plan.requested_zoom, used, need, max_mb))
                break
        level_bytes, level_tiles = _draw_level(
            path, painter, zoom, tiles, budget - stored, feedback
        )
        if level_bytes is None:  # over the bound after all
            delete_zoom(path, zoom)
            if zoom == plan.min_zoom:
                raise InputError(
                    QCoreApplication.translate(
                        "Basemap",
                        "The basemap is over {param} = {limit:g} MB already at its coarsest "
                        "zoom ({zoom}). Raise {param}, or make the package without a basemap "
                        "({zoom_param} = 0).",
                    ).format(
                        param=core_parameter("BASEMAP_MAX_MB"),
                        limit=max_mb,
                        zoom=zoom,
                        zoom_param=core_parameter("BASEMAP_MAX_ZOOM"),
                    )
                )
            if feedback is not None:
                feedback.pushInfo(
                    QCoreApplication.translate(
                        "Basemap",
                        "Basemap stopped at zoom {used}: zoom {zoom} took it over {param} = "
                        "{limit:g} MB.",
                    ).format(
                        used=zoom - 1,
                        zoom=zoom,
                        param=core_parameter("BASEMAP_MAX_MB"),
                        limit=max_mb,
                    )
                )
            break
        stored += level_bytes
        count += level_tiles
        used = zoom
        previous = (level_bytes, len(tiles))
        if feedback is not None:
            span = max(plan.requested_zoom - plan.min_zoom + 1, 1)
            feedback.setProgress(100.0 * (zoom - plan.min_zoom + 1) / span)
    return BasemapResult(plan.min_zoom, used, count, stored, plan.requested_zoom)


def _draw_level(path, painter, zoom, tiles, room, feedback):
    """Draw and store one level; ``(bytes, tiles stored)``, or ``(None, 0)`` when it took more
    than ``room`` bytes (the caller removes it)."""
    wanted = set(tiles)
    level_bytes = level_tiles = 0
    for block in blocks(tiles, BLOCK):
        if feedback is not None and feedback.isCanceled():
            raise ServiceGridError(
                QCoreApplication.translate("Basemap", "Cancelled: nothing was written.")
            )
        rows = painter.tiles(zoom, block, wanted)
        level_bytes += insert_tiles(path, rows)
        level_tiles += len(rows)
        if level_bytes > room:
            return None, 0
    return level_bytes, level_tiles


def basemap_source(path: str, table: str = BASEMAP_TABLE) -> str:
    """The GDAL data source of the tile table of the GeoPackage ``path``."""
    return "GPKG:{}:{}".format(path, table)


def add_to_project(path: str, table: str = BASEMAP_TABLE) -> None:
    """Add the tile table to the project stored in ``path``, below every other layer."""
    language = gpkg.read_meta(path).get("language", "zh")
    project = QgsProject()
    layer = None
    try:
        if not read_project(project, path):
            raise RuntimeError("cannot read the project stored in {}".format(path))
        layer = QgsRasterLayer(basemap_source(path, table), text("basemap", language), "gdal")
        if not layer.isValid():
            raise RuntimeError("cannot open the basemap of {}".format(path))
        project.addMapLayer(layer, False)
        root = project.layerTreeRoot()
        root.insertLayer(len(root.children()), layer)
        store_project(project, path)
    finally:
        release_layers([lyr for lyr in project.mapLayers().values() if lyr is not None])
        project.removeAllMapLayers()
        project.clear()


# ---------------------------------------------------------------- the algorithms' parameters

BASEMAP_LAYERS = "BASEMAP_LAYERS"
BASEMAP_MAX_ZOOM = "BASEMAP_MAX_ZOOM"
BASEMAP_MAX_MB = "BASEMAP_MAX_MB"
#: Default size bound of a basemap, MB.
DEFAULT_MAX_MB = 50.0


def add_basemap_parameters(alg) -> None:
    """The basemap parameters of an algorithm that writes field packages (advanced)."""
    layers = QgsProcessingParameterMultipleLayers(
        BASEMAP_LAYERS,
        QCoreApplication.translate(
            "Basemap", "Basemap layers (none: the project's units, grids and outlets)"
        ),
        QgsProcessing.SourceType.TypeMapLayer,
        optional=True,
    )
    alg.add(layers, advanced=True)
    alg.add_number(
        BASEMAP_MAX_ZOOM,
        QCoreApplication.translate("Basemap", "Basemap: highest zoom level (0 = no basemap)"),
        0,
        0,
        MAX_ZOOM,
        integer=True,
        advanced=True,
    )
    alg.add_number(
        BASEMAP_MAX_MB,
        QCoreApplication.translate("Basemap", "Basemap: largest size (MB)"),
        DEFAULT_MAX_MB,
        0.1,
        4000,
        advanced=True,
    )
    alg.add_outputs(
        {
            "BASEMAP_ZOOM": QCoreApplication.translate("Basemap", "Basemap zoom level"),
            "BASEMAP_MB": QCoreApplication.translate("Basemap", "Basemap size (MB)"),
        }
    )


def prepare_basemap_layers(alg, parameters, context) -> List[QgsMapLayer]:
    """Copies of the chosen basemap layers, made on the main thread (``prepareAlgorithm``)
    and let go of it, so that the worker thread that runs the algorithm may draw them — as
    QGIS's own XYZ tiles algorithm does; the originals stay with the project and its map."""
    if alg.parameterAsInt(parameters, BASEMAP_MAX_ZOOM, context) <= 0:
        return []
    copies = []
    for layer in alg.parameterAsLayerList(parameters, BASEMAP_LAYERS, context):
        copy = layer.clone()
        copy.moveToThread(None)
        copies.append(copy)
    return copies


def basemap_step(
    alg, parameters, context, package: str, project: str, feedback, layers=None
) -> dict:
    """Add the basemap the parameters ask for to ``package``; the results ``BASEMAP_ZOOM``
    and ``BASEMAP_MB`` (0 and 0 without a basemap). ``layers``: those of
    :func:`prepare_basemap_layers` (without: the parameter's layers, used on this thread)."""
    max_zoom = alg.parameterAsInt(parameters, BASEMAP_MAX_ZOOM, context)
    if max_zoom <= 0:
        return {"BASEMAP_ZOOM": 0, "BASEMAP_MB": 0.0}
    max_mb = alg.parameterAsDouble(parameters, BASEMAP_MAX_MB, context)
    copies = layers is not None
    if layers is None:
        layers = alg.parameterAsLayerList(parameters, BASEMAP_LAYERS, context)
    for layer in layers:
        if layer.thread() is None:  # a copy let go by prepare_basemap_layers: take it here
            layer.moveToThread(QThread.currentThread())
    try:
        result = add_basemap(package, layers, max_zoom, max_mb, feedback, project_path=project)
    finally:
        if copies:  # the copies are deleted on the thread that drew them
            release_layers(layers)
            del layers[:]
    feedback.pushInfo(
        QCoreApplication.translate(
            "Basemap",
            "Basemap: zoom {low} to {zoom}, {tiles} tiles, {mb:.1f} MB (bound {limit:g} MB).",
        ).format(
            low=result.min_zoom, zoom=result.zoom, tiles=result.tiles, mb=result.mb, limit=max_mb
        )
    )
    return {"BASEMAP_ZOOM": result.zoom, "BASEMAP_MB": round(result.mb, 3)}


def team_basemaps(
    alg, parameters, context, packages: Sequence[str], project: str, feedback, layers=None
) -> dict:
    """:func:`basemap_step` for each package of a team run (the chosen layers moved to this
    thread once and drawn for each). A package whose basemap does not fit the bound keeps no
    basemap and the log says so; the others still get theirs. Results: ``BASEMAP_ZOOM`` (the
    highest drawn) and ``BASEMAP_MB`` (the total)."""
    max_zoom = alg.parameterAsInt(parameters, BASEMAP_MAX_ZOOM, context)
    if max_zoom <= 0 or not packages:
        return {"BASEMAP_ZOOM": 0, "BASEMAP_MB": 0.0}
    max_mb = alg.parameterAsDouble(parameters, BASEMAP_MAX_MB, context)
    copies = layers is not None
    if layers is None:
        layers = alg.parameterAsLayerList(parameters, BASEMAP_LAYERS, context)
    for layer in layers:
        if layer.thread() is None:
            layer.moveToThread(QThread.currentThread())
    zoom, total = 0, 0.0
    try:
        for path in packages:
            if feedback.isCanceled():
                break
            try:
                result = add_basemap(path, layers, max_zoom, max_mb, None, project_path=project)
            except InputError as err:
                feedback.pushWarning(
                    QCoreApplication.translate("Basemap", "{file}: no basemap ({reason})").format(
                        file=os.path.basename(path), reason=err
                    )
                )
                continue
            zoom, total = max(zoom, result.zoom), total + result.mb
            feedback.pushInfo(
                QCoreApplication.translate(
                    "Basemap", "{file}: basemap zoom {low} to {zoom}, {tiles} tiles, {mb:.1f} MB."
                ).format(
                    file=os.path.basename(path),
                    low=result.min_zoom,
                    zoom=result.zoom,
                    tiles=result.tiles,
                    mb=result.mb,
                )
            )
    finally:
        if copies:
            release_layers(layers)
            del layers[:]
    return {"BASEMAP_ZOOM": zoom, "BASEMAP_MB": round(total, 3)}
