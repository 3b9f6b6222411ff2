"""Population, households and income of the input attributed to the cells, level by level."""

from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Tuple

import numpy as np

from ..deps import shapely
from .cells import Cells
from .model import CHUNK, CellInput, Region


@dataclass
class Totals:
    """Float aggregates per cell."""

    population: np.ndarray
    households: Optional[np.ndarray]
    income_weight: Optional[np.ndarray]
    income_sum: Optional[np.ndarray]
    units: np.ndarray

    def take(self, index: np.ndarray) -> "Totals":
        def pick(values: Optional[np.ndarray]) -> Optional[np.ndarray]:
            return None if values is None else values[index]

        return Totals(
            self.population[index],
            pick(self.households),
            pick(self.income_weight),
            pick(self.income_sum),
            self.units[index],
        )

    @staticmethod
    def concat(parts: Sequence["Totals"]) -> "Totals":
        def join(values: Sequence[Optional[np.ndarray]]) -> Optional[np.ndarray]:
            present = [v for v in values if v is not None]  # all or none of them
            return np.concatenate(present) if present else None

        return Totals(
            np.concatenate([p.population for p in parts]),
            join([p.households for p in parts]),
            join([p.income_weight for p in parts]),
            join([p.income_sum for p in parts]),
            np.concatenate([p.units for p in parts]),
        )


class Aggregator:
    """Attributes the input's population to the cells, level by level."""

    def __init__(self, data: CellInput, regions: Sequence[Region], check: Callable[[], None]):
        self.data = data
        self.check = check
        if data.income is not None:
            self.income_known = ~np.isnan(data.income)
            self.income = np.where(self.income_known, data.income, 0.0)
        if data.kind == "polygon":
            assert data.polygons is not None, "polygon input has its polygons"
            self.polygons: np.ndarray = data.polygons
            self.tree = shapely.STRtree(self.polygons)
            self.polygon_area = shapely.area(self.polygons)
        else:
            assert data.xy is not None, "point input has its x, y"
            self.xy: np.ndarray = data.xy
            #: Index of each point's cell at the latest level (-1: finished or outside).
            self.cell_of = np.full(len(self.xy), -1)
            self.region = shapely.union_all([r.geometry for r in regions])
            shapely.prepare(self.region)

    def totals(self, cells: Cells, split: Optional[np.ndarray] = None) -> Totals:
        """Aggregates of ``cells``; ``split`` are the indexes of the cells (one level up)
        they replace, ``None`` for the first level."""
        if self.data.kind == "polygon":
            return self._from_polygons(cells)
        return self._from_points(cells, split)

    def _from_polygons(self, cells: Cells) -> Totals:
        cell_idx, poly_idx = self.tree.query(cells.geometry, predicate="intersects")
        area = np.empty(len(cell_idx))
        for start in range(0, len(cell_idx), CHUNK):
            self.check()
            part = slice(start, start + CHUNK)
            area[part] = shapely.area(
                shapely.intersection(cells.geometry[cell_idx[part]], self.polygons[poly_idx[part]])
            )
        inside = area > 0
        cell_idx, poly_idx = cell_idx[inside], poly_idx[inside]
        return self._sum(len(cells), cell_idx, poly_idx, area[inside] / self.polygon_area[poly_idx])

    def _from_points(self, cells: Cells, split: Optional[np.ndarray]) -> Totals:
        if split is None:
            todo = np.arange(len(self.cell_of))
        else:
            todo = np.flatnonzero(np.isin(self.cell_of, split))
        self.cell_of[:] = -1
        found = self._match(todo, cells.geometry, first_level=split is None)
        self.cell_of[todo] = found
        inside = found >= 0
        return self._sum(len(cells), found[inside], todo[inside], np.ones(inside.sum()))

    def _match(self, todo: np.ndarray, geoms: np.ndarray, first_level: bool) -> np.ndarray:
        """The cell of each point in ``todo`` (-1: outside the boundary)."""
        tree = shapely.STRtree(geoms)
        found = np.full(len(todo), -1)
        for start in range(0, len(todo), CHUNK):
            self.check()
            points = shapely.points(self.xy[todo[start : start + CHUNK]])
            pt_idx, cell_idx = _lowest(*tree.query(points, predicate="intersects"))
            found[start + pt_idx] = cell_idx
        lost = np.flatnonzero(found < 0)
        if first_level and len(lost):
            lost = lost[shapely.intersects(self.region, shapely.points(self.xy[todo[lost]]))]
        if len(lost):  # inside, but on a dropped sliver: the nearest cell
            points = shapely.points(self.xy[todo[lost]])
            pt_idx, cell_idx = _lowest(*tree.query_nearest(points))
            found[lost[pt_idx]] = cell_idx
        return found

    def _sum(
        self, n: int, cell_idx: np.ndarray, unit_idx: np.ndarray, weight: np.ndarray
    ) -> Totals:
        data = self.data
        population = data.population[unit_idx] * weight
        households = income_weight = income_sum = None
        if data.households is not None:
            households = np.bincount(cell_idx, data.households[unit_idx] * weight, n)
        if data.income is not None:
            known = population * self.income_known[unit_idx]
            income_weight = np.bincount(cell_idx, known, n)
            income_sum = np.bincount(cell_idx, known * self.income[unit_idx], n)
        return Totals(
            np.bincount(cell_idx, population, n),
            households,
            income_weight,
            income_sum,
            np.bincount(cell_idx, minlength=n),
        )


def _lowest(keys: np.ndarray, values: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Each distinct key once, with its lowest value."""
    if not len(keys):
        return keys, values
    order = np.lexsort((values, keys))
    keys, values = keys[order], values[order]
    first = np.r_[True, keys[1:] != keys[:-1]]
    return keys[first], values[first]
