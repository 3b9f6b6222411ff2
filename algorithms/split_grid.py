"""``servicegrid:splitgrid``: split a grid into balanced grids (the Grid editor's Split)."""

from qgis.core import QgsProcessingOutputString, QgsProcessingParameterString
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import ServiceGridAlgorithm
from .core import division
from .edit_common import add_author, add_edit_outputs, run_edit


class SplitGridAlgorithm(ServiceGridAlgorithm):
    """Split a grid with the grid engine on its units."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("SplitGridAlgorithm", "Split a grid")
    TAGS = QT_TRANSLATE_NOOP("SplitGridAlgorithm", "grid,edit,split,divide,editor,网格,编辑,拆分")
    HELP = QT_TRANSLATE_NOOP(
        "SplitGridAlgorithm",
        "Splits one grid into a number of balanced, contiguous, compact grids: the grid "
        "engine of 'Build service grids' run on its units only. The part with the most "
        "people keeps the grid's code and row; the others get the next codes of the nest. "
        "A locked grid is refused. Undo in the Grid editor takes the split back.",
    )

    ALGORITHM_ID = "splitgrid"
    GROUP_ID = "grids"

    PROJECT = "PROJECT"
    GRID_ID = "GRID_ID"
    PARTS = "PARTS"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        self.add(QgsProcessingParameterString(self.GRID_ID, self.tr("Grid to split"), ""))
        self.add_number(self.PARTS, self.tr("Number of grids"), 2, 2, 1000, integer=True)
        add_author(self)
        add_edit_outputs(self)
        self.addOutput(QgsProcessingOutputString("GRID_IDS", self.tr("Grids after the split")))

    def process(self, parameters, context, feedback):
        grid = (self.parameterAsString(parameters, self.GRID_ID, context) or "").strip()
        parts = self.parameterAsInt(parameters, self.PARTS, context)
        edit, edit_id = run_edit(
            self, parameters, context, feedback, lambda d: division.plan_split(d, grid, parts)
        )
        return {
            "GRID_ID": grid,
            "GRID_IDS": ",".join([grid] + sorted(edit.new_grids)),
            "UNITS_MOVED": len(edit.units),
            "EDIT_ID": edit_id,
        }
