"""``servicegrid:buildcellgrid``: square or hexagon cells, split where dense, from points or
polygons with population."""

from qgis.core import QgsProcessingMultiStepFeedback, QgsUnitTypes
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import POINTS, POLYGONS, ServiceGridAlgorithm
from .build_cell_grid_input import field_mapping, population_source, read_boundary
from .build_cell_grid_output import report, write_cells
from .core.cellgrid import (
    SHAPES,
    build_cell_grid,
    check_sizes,
    default_boundary,
    prepare_cell_input,
)
from .qgis_io import read_table


class BuildCellGridAlgorithm(ServiceGridAlgorithm):
    """Regular cells over a boundary, split where their population is too high."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP(
        "BuildCellGridAlgorithm",
        "Build cell grid (squares or hexagons)",
    )
    TAGS = QT_TRANSLATE_NOOP(
        "BuildCellGridAlgorithm",
        "grid,cells,square,hexagon,quadtree,population,density,网格,格网,蜂窝",
    )
    HELP = QT_TRANSLATE_NOOP(
        "BuildCellGridAlgorithm",
        "Covers the boundary with square or hexagonal cells and adds up the population in "
        "each: points are summed, polygons (communities) are shared out by area. A cell "
        "with more people than the maximum population is split into cells of half the size "
        "(a square into four; a hexagon into half-size hexagons), again and again while "
        "the cells stay at least the minimum size, so cells are small in dense cores and "
        "large in the countryside.\n\n"
        "Sizes are in the layer's units (metres for a layer in degrees, which is "
        "reprojected to its UTM zone). A hexagon's size is the width across its flat "
        "sides. Without a boundary the cells cover the polygons, or the extent of the "
        "points. With several boundary polygons (e.g. streets) no cell crosses from one "
        "into another, and their id is written to 'nest'.\n\n"
        "Cell ids are C[level]-[row]-[column], e.g. C0-004-017 (level 0 = full size; rows "
        "north to south, columns west to east). The cells' populations are whole numbers "
        "that add up exactly to the population inside the boundary. Income is the "
        "population-weighted mean.\n\n"
        "Results: CELL_COUNT, POPULATION and MAX_CELL_POPULATION.",
    )

    ALGORITHM_ID = "buildcellgrid"
    GROUP_ID = "grids"

    INPUT = "INPUT"
    POPULATION_FIELD = "POPULATION_FIELD"
    INCOME_FIELD = "INCOME_FIELD"
    CELL_SHAPE = "CELL_SHAPE"
    CELL_SIZE = "CELL_SIZE"
    MIN_CELL_SIZE = "MIN_CELL_SIZE"
    MAX_POPULATION = "MAX_POPULATION"
    BOUNDARY = "BOUNDARY"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_source(self.INPUT, self.tr("Population (points or polygons)"), POINTS, POLYGONS)
        self.add_field(self.POPULATION_FIELD, self.tr("Population field"), self.INPUT, "population")
        income = self.tr("Income per capita field")
        self.add_field(self.INCOME_FIELD, income, self.INPUT, optional=True)
        shapes = [self.tr("Square"), self.tr("Hexagon")]
        self.add_enum(self.CELL_SHAPE, self.tr("Cell shape"), shapes)
        minimum = self.tr("Minimum cell size (dense cells are split down to it)")
        self.add_distance(self.CELL_SIZE, self.tr("Cell size"), 1000.0, self.INPUT, 0.000001)
        self.add_distance(self.MIN_CELL_SIZE, minimum, 250.0, self.INPUT, 0.000001)
        most = self.tr("Maximum population per cell (0 = never split)")
        self.add_number(self.MAX_POPULATION, most, 10000.0, 0.0)
        boundary = self.tr("Boundary (polygons; optional)")
        self.add_source(self.BOUNDARY, boundary, POLYGONS, optional=True)
        self.add_sink(self.OUTPUT, self.tr("Cell grid"), POLYGONS)
        self.add_outputs(
            {
                "CELL_COUNT": self.tr("Cells"),
                "POPULATION": self.tr("Total population"),
                "MAX_CELL_POPULATION": self.tr("Largest cell population"),
            }
        )

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        source, label, kind, crs = population_source(self, parameters, context, feedback)
        shape = SHAPES[self.parameterAsEnum(parameters, self.CELL_SHAPE, context)]
        cell_size = self.parameterAsDouble(parameters, self.CELL_SIZE, context)
        min_size = self.parameterAsDouble(parameters, self.MIN_CELL_SIZE, context)
        max_population = self.parameterAsDouble(parameters, self.MAX_POPULATION, context)
        check_sizes(cell_size, min_size, max_population)  # before reading a large layer
        metres = QgsUnitTypes.fromUnitToUnitFactor(
            crs.mapUnits(), QgsUnitTypes.DistanceUnit.DistanceMeters
        )
        if not metres > 0:
            metres = 1.0

        mapping = field_mapping(self, parameters, context, source, feedback)
        raw = read_table(source, label, mapping, steps, crs, context=context)
        if feedback.isCanceled():
            return {}
        steps.setCurrentStep(1)
        data = prepare_cell_input(raw, kind)
        for note in data.notes:
            feedback.pushWarning(note)
        regions = read_boundary(self, parameters, context, crs, steps)
        if regions is None:
            regions = default_boundary(data, cell_size)
        steps.setCurrentStep(2)
        grid = build_cell_grid(
            data,
            regions,
            shape,
            cell_size,
            min_size,
            max_population,
            metres_per_unit=metres,
            progress=steps.setProgress,
            is_canceled=feedback.isCanceled,
        )
        steps.setCurrentStep(3)

        dest = write_cells(self, parameters, context, crs, grid, steps)
        if dest is None:
            return {}
        report(feedback, grid, label, max_population)
        steps.setProgress(100)
        return {
            self.OUTPUT: dest,
            "CELL_COUNT": len(grid),
            "POPULATION": grid.population,
            "MAX_CELL_POPULATION": max(grid.columns["population"], default=0),
        }
