"""GeoPackage geometry blobs parsed by our own code (no SQLite extension, no GDAL on an
untrusted blob), point checks and the WKB hex form rows are compared in."""

import struct
from typing import List, Optional, Sequence

import numpy as np

from ..deps import shapely
from ..i18n import translate


def parse_gpkg_blobs(blobs: Sequence, max_bytes: int = 1 << 30):
    """Parse GeoPackage geometry blobs ourselves (no SQLite extension, no GDAL on the blob).

    Returns ``(geometries, srs_ids, errors)``: shapely geometries (``None`` where invalid),
    the srs id of each blob and an error text (``None`` when fine) per blob.
    """
    n = len(blobs)
    wkbs: List[Optional[bytes]] = [None] * n
    srs_ids = np.full(n, -1, dtype=np.int64)
    errors: List[Optional[str]] = [None] * n
    env_sizes = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
    for i, blob in enumerate(blobs):
        if blob is None:
            errors[i] = translate("core", "no geometry")
            continue
        if not isinstance(blob, (bytes, bytearray, memoryview)):
            errors[i] = translate("core", "geometry is not a blob")
            continue
        blob = bytes(blob)
        if len(blob) > max_bytes:
            errors[i] = translate("core", "geometry blob of {} bytes (limit {})").format(
                len(blob), max_bytes
            )
            continue
        if len(blob) < 8 or blob[:2] != b"GP" or blob[2] != 0:
            errors[i] = translate("core", "not a GeoPackage geometry blob")
            continue
        flags = blob[3]
        env = env_sizes.get((flags >> 1) & 0x07)
        if env is None or flags & 0x20:
            errors[i] = translate("core", "unsupported GeoPackage geometry header")
            continue
        srs_ids[i] = struct.unpack("<i" if flags & 1 else ">i", blob[4:8])[0]
        if len(blob) < 8 + env + 5:
            errors[i] = translate("core", "truncated geometry blob")
            continue
        wkbs[i] = blob[8 + env :]
    geoms = np.full(n, None, dtype=object)
    good = [i for i in range(n) if wkbs[i] is not None]
    if good:
        parsed = shapely.from_wkb(
            np.array([wkbs[i] for i in good], dtype=object), on_invalid="ignore"
        )
        for i, geom in zip(good, parsed):
            if geom is None:
                errors[i] = translate("core", "malformed geometry (WKB cannot be read)")
            geoms[i] = geom
    return geoms, srs_ids, errors


def _point_errors(geoms) -> List[Optional[str]]:
    geoms = np.asarray(geoms, dtype=object)
    out: List[Optional[str]] = [None] * len(geoms)
    types = shapely.get_type_id(geoms)
    empty = shapely.is_empty(geoms)
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(shapely.get_x(geoms)) & np.isfinite(shapely.get_y(geoms))
    for i in np.flatnonzero((types >= 0) & ((types != 0) | empty | ~finite)):
        if types[i] != 0:
            out[i] = "geometry is a {}, not a point".format(geoms[i].geom_type)
        elif empty[i]:
            out[i] = "empty point"
        else:
            out[i] = "point with non-finite coordinates"
    return out


def _wkb_hex(geoms) -> List[Optional[str]]:
    flat = shapely.force_2d(np.asarray(geoms, dtype=object))
    return list(shapely.to_wkb(flat, hex=True, output_dimension=2, byte_order=1))
