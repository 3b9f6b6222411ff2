"""Straight-line geometry of siting: point–site distances and each site's nearest sites."""

import numpy as np


def distances(points: np.ndarray, sites: np.ndarray) -> np.ndarray:
    """Euclidean distances, site-major: ``D[j, i]`` from site ``j`` to point ``i`` (float64).

    Computed in blocks of points, so temporary memory stays below ~16 MB.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    sites = np.asarray(sites, dtype=float).reshape(-1, 2)
    out = np.empty((len(sites), len(points)))
    block = max(1, 1_000_000 // max(len(sites), 1))
    for start in range(0, len(points), block):
        chunk = points[start : start + block]
        dx = sites[:, 0:1] - chunk[None, :, 0]
        dy = sites[:, 1:2] - chunk[None, :, 1]
        np.sqrt(dx * dx + dy * dy, out=out[:, start : start + block])
    return out


def site_neighbours(site_xy: np.ndarray, count: int = 8) -> np.ndarray:
    """For every site, the ``count`` nearest other sites (nearest first; k-d tree)."""
    from scipy.spatial import cKDTree

    site_xy = np.asarray(site_xy, dtype=float).reshape(-1, 2)
    k = min(count + 1, len(site_xy))
    if k <= 1:
        return np.zeros((len(site_xy), 0), dtype=int)
    _dist, idx = cKDTree(site_xy).query(site_xy, k=k)
    out = np.empty((len(site_xy), k - 1), dtype=int)
    for j, row in enumerate(idx):
        others = [int(x) for x in row if x != j][: k - 1]
        out[j] = others + [others[-1]] * (k - 1 - len(others))
    return out
