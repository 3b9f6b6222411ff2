"""The results of 'Build cell grid': the cells written to the output layer, and the log."""

from qgis.core import QgsFields, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

from .core import schema
from .core.cellgrid import OUTPUT_FIELDS
from .core.deps import shapely
from .qgis_io import geometry_from_wkb, schema_fields, write_features


def cell_fields() -> QgsFields:
    """The output fields: named, typed and aliased as in the project's grids layer."""
    return schema_fields(schema.GRIDS, OUTPUT_FIELDS)


def write_cells(alg, parameters, context, crs, grid, feedback):
    """The cells to the sink OUTPUT; its id, or ``None`` when the user cancelled."""
    columns = [grid.columns[name] for name in OUTPUT_FIELDS]
    wkbs = shapely.to_wkb(grid.geometries)
    rows = ((geometry_from_wkb(wkb), [c[row] for c in columns]) for row, wkb in enumerate(wkbs))
    output = (parameters, alg.OUTPUT, context, cell_fields(), QgsWkbTypes.Type.MultiPolygon, crs)
    return write_features(alg, *output, rows, feedback, (0.0, 100.0, len(wkbs)))


def report(feedback, grid, label, max_population) -> None:
    """Log the cells made per level and what could not be split or counted."""
    levels = ", ".join("{}: {:,}".format(k, n) for k, n in enumerate(grid.cells_per_level))
    feedback.pushInfo(
        QCoreApplication.translate(
            "BuildCellGridAlgorithm",
            "{cells:,} cells holding {pop:,} people; largest cell {largest:,}. Cells made per "
            "level (0 = full size): {levels}.",
        ).format(
            cells=len(grid),
            pop=grid.population,
            largest=max(grid.columns["population"], default=0),
            levels=levels,
        )
    )
    if grid.still_over:
        feedback.pushWarning(
            QCoreApplication.translate(
                "BuildCellGridAlgorithm",
                "{n} cell(s) still have more than {max:,.0f} people at the minimum cell size: "
                "lower the minimum cell size to split them further.",
            ).format(n=grid.still_over, max=max_population)
        )
    if grid.outside > 0:
        feedback.pushWarning(
            QCoreApplication.translate(
                "BuildCellGridAlgorithm",
                "{people:,.0f} people of '{layer}' are outside the boundary and were not counted.",
            ).format(people=grid.outside, layer=label)
        )
