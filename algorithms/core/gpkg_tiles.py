"""A GeoPackage raster tile table (the GoogleMapsCompatible scheme) inside an existing
GeoPackage: GDAL's GPKG raster driver makes the table and its metadata (``gpkg_contents``,
``gpkg_tile_matrix_set``, ``gpkg_tile_matrix`` for zoom 0 to the highest), the tiles (PNG or
JPEG bytes, drawn elsewhere) are inserted with ``sqlite3`` (a tile table has no triggers that
need SpatiaLite functions). GDAL, QGIS and QField read it as one raster layer whose overviews
are the lower zoom levels."""

import contextlib
import sqlite3
from typing import Dict, Iterable, Sequence, Tuple

from osgeo import gdal, osr

from .basemap_plan import TILE_SIZE, WORLD, Rect, resolution

#: The tile table of a field package's basemap.
BASEMAP_TABLE = "basemap"
#: The triggers the GeoPackage standard puts on a tile table (they check tile numbers).
TILE_TRIGGERS = frozenset(
    "{}_{}_{}".format(BASEMAP_TABLE, column, action)
    for column in ("zoom", "tile_column", "tile_row")
    for action in ("insert", "update")
)


def create_tile_table(
    path: str, extents: Sequence[Rect], max_zoom: int, table: str = BASEMAP_TABLE, title: str = ""
) -> None:
    """Add the empty tile table ``table`` to the GeoPackage ``path``, covering ``extents``
    (EPSG:3857) at ``max_zoom`` (tile matrices from zoom 0 up)."""
    res = resolution(max_zoom)
    xmin = min(e[0] for e in extents)
    ymin = min(e[1] for e in extents)
    xmax = max(e[2] for e in extents)
    ymax = max(e[3] for e in extents)
    # whole tiles, so the raster's pixels fall on the tiles' pixels
    step = TILE_SIZE * res
    x0 = -WORLD + ((xmin + WORLD) // step) * step
    y0 = WORLD - ((WORLD - ymax) // step) * step
    width = max(1, int(round((xmax - x0) / res)))
    height = max(1, int(round((y0 - ymin) / res)))
    options = [
        "APPEND_SUBDATASET=YES",
        "RASTER_TABLE={}".format(table),
        "TILING_SCHEME=GoogleMapsCompatible",
        "TILE_FORMAT=AUTO",
    ]
    if title:
        options.append("RASTER_IDENTIFIER={}".format(title))
    ds = gdal.GetDriverByName("GPKG").Create(path, width, height, 4, gdal.GDT_Byte, options)
    if ds is None:
        raise OSError("cannot add the tile table {} to {}".format(table, path))
    try:
        ds.SetGeoTransform([x0, res, 0.0, y0, 0.0, -res])
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(3857)
        ds.SetProjection(srs.ExportToWkt())
    finally:
        ds = None  # noqa: F841  (GDAL writes the metadata when the dataset closes)


def insert_tiles(path: str, tiles: Iterable[Tuple[int, int, int, bytes]], table=BASEMAP_TABLE):
    """Insert ``(zoom, column, row, image bytes)`` rows in one transaction; return bytes."""
    total = 0
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        for zoom, column, row, data in tiles:
            con.execute(
                'INSERT OR REPLACE INTO "{}" (zoom_level, tile_column, tile_row, tile_data) '
                "VALUES (?, ?, ?, ?)".format(table),
                (zoom, column, row, sqlite3.Binary(data)),
            )
            total += len(data)
    return total


def delete_zoom(path: str, zoom: int, table: str = BASEMAP_TABLE) -> None:
    """Remove every tile of ``zoom`` (a level that did not fit the size bound)."""
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        con.execute('DELETE FROM "{}" WHERE zoom_level = ?'.format(table), (zoom,))


def trim_levels(path: str, max_zoom: int, table: str = BASEMAP_TABLE) -> None:
    """Forget the tile matrices above ``max_zoom`` (levels left out by the size bound)."""
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        con.execute('DELETE FROM "{}" WHERE zoom_level > ?'.format(table), (max_zoom,))
        con.execute(
            "DELETE FROM gpkg_tile_matrix WHERE lower(table_name) = lower(?) AND zoom_level > ?",
            (table, max_zoom),
        )


def drop_tile_table(path: str, table: str = BASEMAP_TABLE) -> None:
    """Remove the tile table and its metadata rows (a basemap that was refused or cancelled)."""
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        con.execute('DROP TABLE IF EXISTS "{}"'.format(table))
        for meta in ("gpkg_tile_matrix", "gpkg_tile_matrix_set", "gpkg_contents"):
            con.execute("DELETE FROM {} WHERE lower(table_name) = lower(?)".format(meta), (table,))
        with contextlib.suppress(sqlite3.OperationalError):  # GDAL's own metadata tables
            con.execute(
                "DELETE FROM gpkg_metadata_reference WHERE lower(table_name) = lower(?)", (table,)
            )


def tile_summary(path: str, table: str = BASEMAP_TABLE) -> Dict[int, Tuple[int, int]]:
    """``{zoom: (tiles, bytes)}`` of the tile table."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        rows = con.execute(
            'SELECT zoom_level, COUNT(*), SUM(LENGTH(tile_data)) FROM "{}" '
            "GROUP BY zoom_level ORDER BY zoom_level".format(table)
        ).fetchall()
    return {z: (n, b or 0) for z, n, b in rows}
