"""Shared pieces of the cell grid: shapes, limits, output fields, the input, the boundary
polygons and the finished grid (imports nothing from its siblings)."""

from dataclasses import dataclass, field
from typing import Dict, List, Optional

import numpy as np

from ..deps import shapely

SQUARE = "square"
HEXAGON = "hexagon"
SHAPES = (SQUARE, HEXAGON)

#: More cells than this is refused: the output would be unusable and the run very long.
MAX_CELLS = 5_000_000
#: A clipped piece smaller than this fraction of its lattice cell is rounding noise.
SLIVER = 1e-9
#: Geometry operations run in chunks of this size (cancel is checked in between).
CHUNK = 250_000

#: Output fields (named and typed as in the grids layer, :data:`schema.GRIDS`).
OUTPUT_FIELDS = (
    "grid_id",
    "nest",
    "unit_count",
    "population",
    "households",
    "area_km2",
    "density",
    "income",
)


@dataclass
class CellInput:
    """Checked features whose population goes into the cells (projected coordinates)."""

    #: ``point`` or ``polygon``.
    kind: str
    population: np.ndarray
    #: Households per feature, or ``None`` when the layer has none.
    households: Optional[np.ndarray] = None
    #: Income per capita per feature (NaN where unknown), or ``None``.
    income: Optional[np.ndarray] = None
    #: Polygons: shapely MultiPolygons (``None`` for points).
    polygons: Optional[np.ndarray] = None
    #: Points: their x, y, one row per point (plain numbers: a million shapely points would
    #: cost hundreds of MB; they are made in chunks when needed).
    xy: Optional[np.ndarray] = None
    notes: List[str] = field(default_factory=list)


@dataclass
class Region:
    """One boundary polygon (the features with the same id, dissolved)."""

    nest: Optional[str]
    geometry: "shapely.Geometry"


@dataclass
class CellGrid:
    """The finished cells: ``columns`` named as :data:`OUTPUT_FIELDS`, MultiPolygons."""

    columns: Dict[str, list]
    geometries: np.ndarray
    #: Cells made at each level (0 = full size), split ones included.
    cells_per_level: List[int]
    #: Population inside the boundary: the cells' integer total.
    population: int
    #: Population of the input outside the boundary (not counted).
    outside: float
    #: Cells still above the maximum population at the minimum size.
    still_over: int
    notes: List[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.geometries)
