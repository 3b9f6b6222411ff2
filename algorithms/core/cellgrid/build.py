"""The whole cell grid: checks, the level-by-level split loop, then rounding and ids."""

import math
from typing import Callable, List, Optional, Sequence

import numpy as np

from ..deps import shapely
from ..errors import CancelledError, InputError
from ..i18n import translate
from .aggregate import Aggregator, Totals
from .cells import Cells, first_level, split_cells
from .lattice import Lattice, make_lattice
from .model import MAX_CELLS, SHAPES, SQUARE, CellGrid, CellInput, Region


def check_sizes(cell_size: float, min_cell_size: float, max_population: float) -> None:
    """Refuse impossible sizes and population limits."""
    if not cell_size > 0 or not min_cell_size > 0:
        raise InputError(
            translate("core", "The cell size and the minimum cell size must be greater than 0.")
        )
    if min_cell_size > cell_size:
        raise InputError(
            translate(
                "core",
                "The minimum cell size ({min}) is larger than the cell size ({size}). Cells are "
                "only ever split into smaller ones: choose a minimum cell size no larger than "
                "the cell size.",
            ).format(min=_number(min_cell_size), size=_number(cell_size))
        )
    if max_population < 0:
        raise InputError(
            translate(
                "core", "The maximum population per cell cannot be negative (0 means: never split)."
            )
        )


def nice_size(size: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ not below ``size``."""
    power = 10.0 ** math.floor(math.log10(size))
    for step in (1, 2, 2.5, 5):
        if step * power >= size * (1 - 1e-12):
            return step * power
    return 10 * power


def _number(value: float) -> str:
    return "{:,.0f}".format(value) if value >= 10 else "{:g}".format(value)


def build_cell_grid(
    data: CellInput,
    regions: Sequence[Region],
    shape: str,
    cell_size: float,
    min_cell_size: float,
    max_population: float,
    *,
    metres_per_unit: float = 1.0,
    max_cells: int = MAX_CELLS,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
) -> CellGrid:
    """Cells over ``regions``, split where dense, with the input aggregated into them.

    Sizes are in the coordinates' units; ``metres_per_unit`` converts areas to km². Raises
    :class:`InputError` for impossible parameters and :class:`CancelledError` when cancelled.
    """
    if shape not in SHAPES:
        raise ValueError(shape)
    check_sizes(cell_size, min_cell_size, max_population)

    def check():
        if is_canceled is not None and is_canceled():
            raise CancelledError(translate("core", "Cancelled: nothing was written."))

    steps = 2 + math.floor(math.log2(cell_size / min_cell_size) + 1e-9)

    def report(done):
        if progress is not None:
            progress(min(100.0, 100.0 * done / steps))

    lattice = make_lattice(shape, cell_size, regions)
    estimate = sum(lattice.count_covering(r.geometry.bounds) for r in regions)
    if estimate > max_cells:
        raise InputError(
            translate(
                "core",
                "Cells of {size} would make about {n} cells over the boundary, more than the "
                "limit of {limit}. Choose a cell size of at least {suggestion} (and check that "
                "it is in the layer's units, e.g. metres).",
            ).format(
                size=_number(cell_size),
                n="{:,}".format(estimate),
                limit="{:,}".format(max_cells),
                suggestion=_number(nice_size(cell_size * math.sqrt(estimate / max_cells))),
            )
        )
    check()
    aggregator = Aggregator(data, regions, check)
    cells = first_level(lattice, regions)
    totals = aggregator.totals(cells)
    report(1)

    done_cells: List[Cells] = []
    done_totals: List[Totals] = []
    done_levels: List[Lattice] = []
    made = [len(cells)]
    while True:
        check()
        child = lattice.finer()
        can_split = max_population > 0 and child.size >= min_cell_size * (1 - 1e-12)
        split = (
            totals.population > max_population if can_split else np.zeros(len(cells), dtype=bool)
        )
        done_cells.append(cells.take(~split))
        done_totals.append(totals.take(~split))
        done_levels.append(lattice)
        if not split.any():
            break
        candidates = (4 if shape == SQUARE else 7) * int(split.sum())
        if sum(len(c) for c in done_cells) + candidates > max_cells:
            raise InputError(
                translate(
                    "core",
                    "Splitting dense cells down to {size} would make more than {limit} cells. "
                    "Raise the minimum cell size (to {suggestion} or more) or the maximum "
                    "population per cell.",
                ).format(
                    size=_number(child.size),
                    limit="{:,}".format(max_cells),
                    suggestion=_number(child.size * 2),
                )
            )
        split = np.flatnonzero(split)
        cells = split_cells(cells.take(split), lattice, child)
        totals = aggregator.totals(cells, split)
        lattice = child
        made.append(len(cells))
        report(len(made))

    grid = _finish(done_cells, done_totals, done_levels, regions, metres_per_unit)
    grid.cells_per_level = made
    counted = sum(float(t.population.sum()) for t in done_totals)
    grid.outside = max(0.0, float(data.population.sum()) - counted)
    if max_population > 0:
        grid.still_over = int(
            np.count_nonzero(np.array(grid.columns["population"]) > max_population)
        )
    report(steps)
    return grid


def _finish(
    done_cells: List[Cells],
    done_totals: List[Totals],
    levels: List[Lattice],
    regions: Sequence[Region],
    metres_per_unit: float,
) -> CellGrid:
    """Round, name and order the cells of every level."""
    cells = Cells.concat(done_cells)
    totals = Totals.concat(done_totals)
    level = np.concatenate([np.full(len(c), lat.level) for c, lat in zip(done_cells, levels)])
    positions = [lat.centres(c.rows, c.cols) for c, lat in zip(done_cells, levels)]
    row_pos = np.concatenate([p[0] for p in positions])
    col_pos = np.concatenate([p[1] for p in positions])
    order = np.lexsort((cells.part, level, col_pos, row_pos, cells.nest))
    cells, totals, level = cells.take(order), totals.take(order), level[order]

    population = largest_remainder(totals.population)
    households = None if totals.households is None else largest_remainder(totals.households)
    area_km2 = shapely.area(cells.geometry) * metres_per_unit**2 / 1e6
    width = max(3, len(str(int(max(cells.rows.max(), cells.cols.max()))))) if len(cells) else 3
    nests = [r.nest for r in regions]
    income: List[Optional[float]] = [None] * len(cells)
    if totals.income_weight is not None and totals.income_sum is not None:
        income = [
            float(s / w) if w > 0 else None for s, w in zip(totals.income_sum, totals.income_weight)
        ]
    columns = {
        "grid_id": [
            _cell_id(nests[n], k, r, c, p, width)
            for n, k, r, c, p in zip(cells.nest, level, cells.rows, cells.cols, cells.part)
        ],
        "nest": [nests[n] for n in cells.nest],
        "unit_count": totals.units.astype(int).tolist(),
        "population": population.tolist(),
        "households": [None] * len(cells) if households is None else households.tolist(),
        "area_km2": area_km2.tolist(),
        "density": np.divide(
            population, area_km2, out=np.zeros(len(cells)), where=area_km2 > 0
        ).tolist(),
        "income": income,
    }
    geometries = shapely.multipolygons(cells.geometry, indices=np.arange(len(cells)))
    return CellGrid(columns, geometries, [], int(population.sum()), 0.0, 0)


def _cell_id(nest: Optional[str], level: int, row: int, col: int, part: int, width: int) -> str:
    text = "C{}-{:0{w}d}-{:0{w}d}{}".format(level, row, col, _letters(part), w=width)
    return text if nest is None else "{}-{}".format(nest, text)


def _letters(part: int) -> str:
    """'' for 0, then a, b, … z, aa, ab…"""
    text = ""
    while part > 0:
        part, rest = divmod(part - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def largest_remainder(values: np.ndarray, total: Optional[int] = None) -> np.ndarray:
    """Integers adding up to ``total`` (default: the rounded sum), each the floor or ceiling
    of its value; the largest fractions get the extra units (ties: the first in order)."""
    values = np.clip(np.asarray(values, dtype=float), 0.0, None)
    if total is None:
        total = int(round(float(values.sum())))
    floors = np.floor(values)
    result = floors.astype(np.int64)
    missing = total - int(result.sum())
    if missing > 0:
        order = np.lexsort((np.arange(len(values)), -(values - floors)))
        result[order[:missing]] += 1
    return result
