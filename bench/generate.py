"""Synthetic unit sets for benchmarks: a jittered lattice and an irregular Voronoi tessellation,
with a population density field of several city centres. Seeded and deterministic."""

import numpy as np
import shapely

CENTRES = ((0.30, 0.35, 1.0), (0.70, 0.60, 0.7), (0.45, 0.80, 0.5), (0.80, 0.20, 0.4))


def density(x: np.ndarray, y: np.ndarray, side: float) -> np.ndarray:
    """People per unit area shape: several centres with exponential decay, plus a rural floor."""
    field = np.full(x.shape, 0.05)
    for fx, fy, weight in CENTRES:
        d = np.hypot(x - fx * side, y - fy * side) / side
        field += weight * np.exp(-d / 0.08)
    return field


def lattice(n_units: int, seed: int = 1, cell: float = 200.0):
    """Jittered square lattice: (geometries, population) with about ``n_units`` units."""
    rng = np.random.default_rng(seed)
    n_side = int(round(np.sqrt(n_units)))
    xs = np.arange(n_side + 1, dtype=float) * cell
    gx, gy = np.meshgrid(xs, xs)
    jitter = rng.uniform(-0.3, 0.3, size=(2,) + gx.shape) * cell
    jitter[:, 0, :] = jitter[:, -1, :] = jitter[:, :, 0] = jitter[:, :, -1] = 0
    px, py = gx + jitter[0], gy + jitter[1]
    i, j = np.meshgrid(np.arange(n_side), np.arange(n_side), indexing="ij")
    i, j = i.ravel(), j.ravel()
    ring = np.stack(
        [
            np.column_stack([px[i, j], py[i, j]]),
            np.column_stack([px[i, j + 1], py[i, j + 1]]),
            np.column_stack([px[i + 1, j + 1], py[i + 1, j + 1]]),
            np.column_stack([px[i + 1, j], py[i + 1, j]]),
            np.column_stack([px[i, j], py[i, j]]),
        ],
        axis=1,
    )
    geoms = shapely.polygons(ring)
    side = n_side * cell
    cx = (j + 0.5) * cell
    cy = (i + 0.5) * cell
    pop = np.round(2000 * density(cx, cy, side) * rng.lognormal(0, 0.35, len(cx))).astype(int)
    return geoms, pop


def voronoi(n_units: int, seed: int = 2, side: float = None):
    """Irregular Voronoi tessellation, denser seeds near the centres: (geometries, population)."""
    rng = np.random.default_rng(seed)
    side = side or 200.0 * np.sqrt(n_units)
    pts = []
    need = n_units
    while need > 0:
        cand = rng.uniform(0, side, size=(need * 3, 2))
        dens = density(cand[:, 0], cand[:, 1], side)
        keep = rng.uniform(0, dens.max(), len(cand)) < dens**0.5
        pts.append(cand[keep][:need])
        need -= len(pts[-1])
    pts = np.vstack(pts)
    box = shapely.box(0, 0, side, side)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=box))
    cells = shapely.intersection(cells, box)
    cells = cells[shapely.area(cells) > 0]
    cent = shapely.centroid(cells)
    cx, cy = shapely.get_x(cent), shapely.get_y(cent)
    area = shapely.area(cells)
    pop = np.round(
        area / 40000.0 * 2000 * density(cx, cy, side) * rng.lognormal(0, 0.35, len(cells))
    ).astype(int)
    order = np.lexsort((cx, cy))
    return cells[order], pop[order]
