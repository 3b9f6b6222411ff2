"""The offline basemap of a field package, planned before anything is drawn: which web-map
tiles (the GoogleMapsCompatible tiling scheme of EPSG:3857, 256 px tiles, the scheme QGIS,
QField and every web map share) cover the package's grids, at which zoom levels, and how big
they will be, against the size the planner allows.

No QGIS here: the extents come in as EPSG:3857 rectangles (:func:`grid_extents_3857` reads
them from a package with GDAL), the drawing is done by ``algorithms/basemap.py``.
"""

import math
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from osgeo import osr

from .errors import InputError
from .gpkg import open_ro
from .i18n import translate
from .labels import core_parameter

#: Half the width of the EPSG:3857 world, metres.
WORLD = 20037508.342789244
#: Pixels on a tile side.
TILE_SIZE = 256
#: Highest zoom a planner may ask for (about 0.3 m a pixel at the equator).
MAX_ZOOM = 19
#: Metres (on the ground) drawn around every grid.
MARGIN_M = 300.0
#: Bytes one drawn tile takes when nothing better is known (a measured sample replaces it).
DEFAULT_TILE_BYTES = 12_000
#: Bytes in a megabyte, as the size bound and the reported size count them.
MB = 1_000_000

Rect = Tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in EPSG:3857
Tile = Tuple[int, int, int]  # zoom, column, row (row 0 at the top, as GeoPackage counts)


def resolution(zoom: int) -> float:
    """Metres (EPSG:3857) per pixel at ``zoom``."""
    return 2 * WORLD / TILE_SIZE / (2**zoom)


def tile_bounds(zoom: int, column: int, row: int) -> Rect:
    """The EPSG:3857 rectangle of one tile."""
    size = 2 * WORLD / (2**zoom)
    xmin = -WORLD + column * size
    ymax = WORLD - row * size
    return (xmin, ymax - size, xmin + size, ymax)


def _span(low: float, high: float, zoom: int, flip: bool) -> range:
    size = 2 * WORLD / (2**zoom)
    last = 2**zoom - 1
    if flip:  # rows count down from the top edge
        low, high = WORLD - high, WORLD - low
    else:
        low, high = low + WORLD, high + WORLD
    first = min(max(int(math.floor(low / size)), 0), last)
    end = min(max(int(math.ceil(high / size)) - 1, first), last)
    return range(first, end + 1)


def tiles_covering(extents: Iterable[Rect], zoom: int) -> Set[Tuple[int, int]]:
    """The ``(column, row)`` of every tile at ``zoom`` that touches one of ``extents``."""
    tiles: Set[Tuple[int, int]] = set()
    for xmin, ymin, xmax, ymax in extents:
        for column in _span(xmin, xmax, zoom, False):
            for row in _span(ymin, ymax, zoom, True):
                tiles.add((column, row))
    return tiles


def with_margin(extents: Iterable[Rect], margin_m: float = MARGIN_M) -> List[Rect]:
    """``extents`` grown by ``margin_m`` metres on the ground (EPSG:3857 stretches distances
    by 1/cos(latitude), so the margin in map units is larger away from the equator)."""
    grown = []
    for xmin, ymin, xmax, ymax in extents:
        latitude = math.atan(math.sinh(((ymin + ymax) / 2) / 6378137.0))
        pad = margin_m / max(math.cos(latitude), 0.01)
        grown.append((xmin - pad, ymin - pad, xmax + pad, ymax + pad))
    return grown


def lowest_zoom(extents: Sequence[Rect]) -> int:
    """The coarsest useful zoom: the highest at which all of ``extents`` fit in one tile's
    width (below it the basemap is a few pixels wide; QGIS shows that level when zoomed out)."""
    xmin = min(e[0] for e in extents)
    ymin = min(e[1] for e in extents)
    xmax = max(e[2] for e in extents)
    ymax = max(e[3] for e in extents)
    span = max(xmax - xmin, ymax - ymin, 1.0)
    return max(0, min(MAX_ZOOM, int(math.floor(math.log2(2 * WORLD / span)))))


@dataclass
class BasemapPlan:
    """The zoom levels to draw and their tiles, with the size expected."""

    extents: List[Rect]
    min_zoom: int
    max_zoom: int
    requested_zoom: int
    tiles: Dict[int, List[Tuple[int, int]]] = field(default_factory=dict)
    estimated_bytes: int = 0

    @property
    def zooms(self) -> List[int]:
        return list(range(self.min_zoom, self.max_zoom + 1))

    @property
    def tile_count(self) -> int:
        return sum(len(self.tiles[z]) for z in self.zooms)

    @property
    def lowered(self) -> bool:
        return self.max_zoom < self.requested_zoom


def count_tiles(extents: Sequence[Rect], min_zoom: int, max_zoom: int) -> Dict[int, int]:
    """Tiles per zoom level (cheap: nothing is drawn)."""
    return {z: len(tiles_covering(extents, z)) for z in range(min_zoom, max_zoom + 1)}


def require_input(extents: Sequence[Rect], max_zoom: int) -> None:
    """Refuse a package without grids, or a zoom out of range, before anything is drawn."""
    if not extents:
        raise InputError(translate("core", "The package has no grids to draw a basemap around."))
    if not 0 <= max_zoom <= MAX_ZOOM:
        raise InputError(
            translate("core", "{param} must be from 0 to {high}, not {value}.").format(
                param=core_parameter("BASEMAP_MAX_ZOOM"), high=MAX_ZOOM, value=max_zoom
            )
        )


def plan_basemap(
    extents: Sequence[Rect],
    max_zoom: int,
    max_mb: float,
    tile_bytes: Optional[Dict[int, float]] = None,
    margin_m: float = MARGIN_M,
) -> BasemapPlan:
    """The levels from the coarsest useful zoom up to ``max_zoom`` — or up to the highest
    zoom whose total stays within ``max_mb`` megabytes, estimated with ``tile_bytes`` (bytes
    per drawn tile at each zoom, measured on a sample; :data:`DEFAULT_TILE_BYTES` where
    missing). A plan whose coarsest level alone is over the bound is refused with the size it
    would take."""
    require_input(extents, max_zoom)
    grown = with_margin(extents, margin_m)
    low = min(lowest_zoom(grown), max_zoom)
    budget = max_mb * MB
    tile_bytes = tile_bytes or {}
    plan = BasemapPlan(extents=grown, min_zoom=low, max_zoom=low - 1, requested_zoom=max_zoom)
    total = 0.0
    for zoom in range(low, max_zoom + 1):
        tiles = sorted(tiles_covering(grown, zoom))
        size = len(tiles) * tile_bytes.get(zoom, DEFAULT_TILE_BYTES)
        if total + size > budget:
            if zoom == low:
                raise InputError(
                    translate(
                        "core",
                        "The basemap needs about {need:.1f} MB even at its coarsest zoom "
                        "({zoom}), over {param} = {limit:g} MB. Raise {param}, or make the "
                        "package without a basemap ({zoom_param} = 0).",
                    ).format(
                        need=size / MB,
                        zoom=zoom,
                        param=core_parameter("BASEMAP_MAX_MB"),
                        limit=max_mb,
                        zoom_param=core_parameter("BASEMAP_MAX_ZOOM"),
                    )
                )
            break
        plan.tiles[zoom] = tiles
        plan.max_zoom = zoom
        total += size
    plan.estimated_bytes = int(total)
    return plan


def next_level_bytes(level_bytes: float, level_tiles: int, next_tiles: int) -> float:
    """Bytes the next zoom level is expected to take, from the level just drawn: its bytes per
    tile of the level (blank tiles, which are not stored, included) times the next level's
    tiles. Zooming in spreads the same drawing over more tiles, so this errs on the large
    side."""
    return level_bytes / max(level_tiles, 1) * next_tiles


def lowered_message(requested: int, used: int, need_bytes: float, max_mb: float) -> str:
    """What the log says when the bound stopped the basemap below the zoom asked for."""
    return translate(
        "core",
        "Basemap lowered from zoom {wanted} to zoom {used}: zoom {next} would take about "
        "{need:.1f} MB more, over {param} = {limit:g} MB. Raise {param} for more detail.",
    ).format(
        wanted=requested,
        used=used,
        next=used + 1,
        need=need_bytes / MB,
        param=core_parameter("BASEMAP_MAX_MB"),
        limit=max_mb,
    )


def blocks(tiles: Sequence[Tuple[int, int]], size: int) -> List[Tuple[int, int, int, int]]:
    """Group tiles into blocks of up to ``size`` × ``size`` (drawn as one image, so labels and
    symbols continue across tile edges): ``(column0, row0, columns, rows)`` of each block that
    holds at least one of ``tiles``."""
    wanted = set(tiles)
    keys = sorted({(c // size, r // size) for c, r in wanted})
    out = []
    for bc, br in keys:
        cols = [c for c, r in wanted if c // size == bc and r // size == br]
        rows = [r for c, r in wanted if c // size == bc and r // size == br]
        c0, r0 = min(cols), min(rows)
        out.append((c0, r0, max(cols) - c0 + 1, max(rows) - r0 + 1))
    return out


def grid_extents_3857(package: str, layer: str = "grids") -> List[Rect]:
    """The EPSG:3857 rectangle of every grid of a package (or project) GeoPackage."""
    ds = open_ro(package)
    if ds is None:
        raise InputError(translate("core", "Cannot open {path}.").format(path=package))
    try:
        lyr = ds.GetLayerByName(layer)
        if lyr is None:
            raise InputError(
                translate("core", "{path} has no {layer} layer.").format(path=package, layer=layer)
            )
        source = lyr.GetSpatialRef()
        target = osr.SpatialReference()
        target.ImportFromEPSG(3857)
        transform = None
        if source is not None:
            source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            transform = osr.CoordinateTransformation(source, target)
        extents = []
        for feature in lyr:
            geom = feature.GetGeometryRef()
            if geom is None or geom.IsEmpty():
                continue
            geom = geom.Clone()
            if transform is not None:
                geom.Transform(transform)
            xmin, xmax, ymin, ymax = geom.GetEnvelope()
            extents.append((xmin, ymin, xmax, ymax))
        return extents
    finally:
        ds = None  # noqa: F841
