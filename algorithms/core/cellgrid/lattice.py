"""Lattices of square or hexagon cells, one per level, each refining the one above."""

import math
from typing import Sequence, Tuple

import numpy as np

from ..deps import shapely
from .model import HEXAGON, SQUARE, Region

_SQRT3 = math.sqrt(3.0)


class Lattice:
    """The cells of one level: squares or pointy-topped hexagons indexed by (row, col).

    Rows count north → south from ``y0``, columns west → east from ``x0``. Vertices are
    integer multiples of one step per level, so neighbouring cells, and the levels above and
    below, share bit-identical vertices.
    """

    def __init__(self, shape: str, base_size: float, x0: float, y0: float, level: int = 0):
        self.shape = shape
        self.base_size = base_size
        self.level = level
        self.size = base_size / 2**level
        self.x0 = x0
        self.y0 = y0
        if shape == SQUARE:
            self.area = self.size**2
        else:
            # Vertex steps: half the width across flats, half the circumradius.
            self.dx = self.size / 2.0
            self.dy = base_size / (2.0 * _SQRT3) / 2**level
            self.area = _SQRT3 / 2.0 * self.size**2

    def finer(self) -> "Lattice":
        return Lattice(self.shape, self.base_size, self.x0, self.y0, self.level + 1)

    def _ranges(self, bounds) -> Tuple[int, int, int, int]:
        minx, miny, maxx, maxy = bounds
        if self.shape == SQUARE:
            c0 = math.floor((minx - self.x0) / self.size)
            r0 = math.floor((self.y0 - maxy) / self.size)
            c1 = max(c0 + 1, math.ceil((maxx - self.x0) / self.size))
            r1 = max(r0 + 1, math.ceil((self.y0 - miny) / self.size))
            return r0, r1, c0, c1
        row_step = 3.0 * self.dy  # a cell reaches 2·dy above and below its centre
        r0 = math.floor((self.y0 - maxy - 2 * self.dy) / row_step)
        r1 = math.ceil((self.y0 - miny + 2 * self.dy) / row_step) + 1
        c0 = math.floor((minx - self.x0) / self.size) - 1
        c1 = math.ceil((maxx - self.x0) / self.size) + 1
        return r0, r1, c0, c1

    def count_covering(self, bounds) -> int:
        """How many cells :meth:`covering` returns, without making them."""
        r0, r1, c0, c1 = self._ranges(bounds)
        return (r1 - r0) * (c1 - c0)

    def covering(self, bounds) -> Tuple[np.ndarray, np.ndarray]:
        """(rows, cols) of the cells that may meet ``bounds`` (a few more for hexagons)."""
        r0, r1, c0, c1 = self._ranges(bounds)
        rows, cols = np.meshgrid(np.arange(r0, r1), np.arange(c0, c1), indexing="ij")
        return rows.ravel(), cols.ravel()

    def polygons(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The cells as shapely Polygons."""
        if self.shape == SQUARE:
            return shapely.box(
                self.x0 + self.size * cols,
                self.y0 - self.size * (rows + 1),
                self.x0 + self.size * (cols + 1),
                self.y0 - self.size * rows,
            )
        centre_i = 2 * cols + (rows & 1)
        centre_j = 3 * rows
        # top, upper-left, lower-left, bottom, lower-right, upper-right, top (anticlockwise)
        di = np.array([0, -1, -1, 0, 1, 1, 0])
        dj = np.array([-2, -1, 1, 2, 1, -1, -2])
        xs = self.x0 + self.dx * (centre_i[:, None] + di)
        ys = self.y0 - self.dy * (centre_j[:, None] + dj)
        return shapely.polygons(np.stack([xs, ys], axis=-1))

    def centres(self, rows: np.ndarray, cols: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Position of the cell centres in units of the level-0 size (for ordering)."""
        scale = 2.0**self.level
        if self.shape == SQUARE:
            return rows / scale, cols / scale
        return rows / scale, (cols + (rows & 1) / 2.0) / scale

    def children(self, rows: np.ndarray, cols: np.ndarray):
        """The next level's cells that overlap each cell (row, col).

        Returns ``(parent_position, child_rows, child_cols, share)``; ``share`` is the part of
        each child inside its parent lattice cell.
        """
        if self.shape == SQUARE:
            dr, dc = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
            share = np.ones(4)
            centre_r, centre_c = 2 * rows, 2 * cols
        else:  # the child at the centre, then the six centred on the sides (even row)
            dr, dc = np.array([0, 0, 0, -1, -1, 1, 1]), np.array([0, -1, 1, -1, 0, -1, 0])
            share = np.array([1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
            centre_r, centre_c = 2 * rows, 2 * cols + (rows & 1)
        position = np.repeat(np.arange(len(rows)), len(dr))
        child_rows = (centre_r[:, None] + dr).ravel()
        child_cols = (centre_c[:, None] + dc).ravel()
        return position, child_rows, child_cols, np.tile(share, len(rows))


def make_lattice(shape: str, cell_size: float, regions: Sequence[Region]) -> Lattice:
    """The level-0 lattice, anchored at the north-west corner of the regions' extent."""
    minx, _miny, _maxx, maxy = shapely.total_bounds([r.geometry for r in regions])
    x0 = math.floor(minx / cell_size) * cell_size
    y0 = math.ceil(maxy / cell_size) * cell_size
    if shape == HEXAGON:  # a margin of one cell keeps every row and column number positive
        x0 -= cell_size
        y0 += cell_size
    return Lattice(shape, cell_size, x0, y0)
