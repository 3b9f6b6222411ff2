"""Regular cells (squares or hexagons) over a boundary, split where dense, with the population
of points (summed) or polygons (area-weighted) aggregated into them.

How the cells are made
----------------------
* **Lattices.** Level 0 is a lattice of ``cell_size`` cells; level *k* has cells of
  ``cell_size / 2**k``. Every level shares one origin near the north-west corner of the
  boundary's extent (snapped to a multiple of ``cell_size``), so each level refines the one
  above: a square of level *k* is exactly four squares of level *k + 1* (a quadtree).
* **Hexagons** are *pointy-topped* (a vertex at the top and at the bottom, flat sides to the
  east and west), in rows running west → east, odd rows shifted east by half a cell. Their size
  is the distance across the flats, which is also the distance between neighbouring centres
  (a 1,000 m hexagon has 0.866 km²). The lattice of half-size hexagons holds every centre and
  every vertex of the lattice above (aperture 4): a hexagon is covered by one child at its
  centre and six children centred on the midpoints of its sides, each half inside it.
* **Clipping.** Cells are lattice cells intersected with the boundary, per boundary polygon,
  so no cell crosses from one ``nest`` into another. A lattice cell cut into separate pieces
  gives one cell per piece; pieces with no area (below :data:`SLIVER` of a cell: rounding
  noise) are dropped. The cells tile the boundary: no gap, no overlap.
* **Splitting.** A cell whose population exceeds ``max_population`` is split while the child
  size stays at least ``min_cell_size``. The children are the next level's lattice cells
  clipped to the *area being refined* (the union of the cells that split, per nest). For
  squares this is the plain quadtree. For hexagons, a half-size hexagon straddling two parents
  that both split is one whole hexagon; only where a split parent meets one that did not split
  is a child cut in half along the parent's side. Children get their population from the data
  again, never as a share of the parent's.

Aggregation
-----------
* **Points:** the population (and households) of the points in a cell are summed; income is
  the population-weighted mean. A point on an edge shared by several cells counts once, in
  the first of them in reading order at that level (the northern, then the western one;
  between two boundary polygons, the first in id order).
* **Polygons:** each polygon's population is spread by area, ``population × area of the part
  in the cell / polygon area``; income is weighted by the population so attributed.
* Cell populations are rounded to integers by the largest-remainder method, so the cells add
  up exactly to the (rounded) population inside the boundary.

Ids
---
``C{level}-{row}-{col}``, e.g. ``C0-004-017`` or ``C2-019-070``: the level (0 = full size),
then the row (north → south) and column (west → east) of the cell in that level's lattice. A
lattice cell cut into several pieces by the boundary gets ``a``, ``b``… in reading order
(``C0-004-017b``). With several boundary polygons the id starts with the boundary's id
(``S03-C1-008-035``). The same input and parameters always give the same cells and ids.

Modules
-------
:mod:`.inputs` checks the points or polygons and the boundary; :mod:`.lattice` holds the
lattices; :mod:`.cells` clips and splits cells; :mod:`.aggregate` attributes the population;
:mod:`.build` runs the levels and rounds and names the cells; :mod:`.model` holds what they
share.
"""

from .build import build_cell_grid, check_sizes, largest_remainder, nice_size
from .cells import Cells, first_level, split_cells
from .inputs import default_boundary, prepare_boundary, prepare_cell_input
from .lattice import Lattice, make_lattice
from .model import (
    CHUNK,
    HEXAGON,
    MAX_CELLS,
    OUTPUT_FIELDS,
    SHAPES,
    SLIVER,
    SQUARE,
    CellGrid,
    CellInput,
    Region,
)

__all__ = [
    "CHUNK",
    "HEXAGON",
    "MAX_CELLS",
    "OUTPUT_FIELDS",
    "SHAPES",
    "SLIVER",
    "SQUARE",
    "CellGrid",
    "CellInput",
    "Cells",
    "Lattice",
    "Region",
    "build_cell_grid",
    "check_sizes",
    "default_boundary",
    "first_level",
    "largest_remainder",
    "make_lattice",
    "nice_size",
    "prepare_boundary",
    "prepare_cell_input",
    "split_cells",
]
