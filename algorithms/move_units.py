"""``servicegrid:moveunits``: move units of a project to another grid, or make them a new
grid (the Grid editor's Move and New grid, for models and scripts)."""

from qgis.core import QgsProcessingException, QgsProcessingParameterString
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from .base import POLYGONS, ServiceGridAlgorithm
from .core import division
from .edit_common import add_author, add_edit_outputs, id_list, run_edit


class MoveUnitsAlgorithm(ServiceGridAlgorithm):
    """Move units to a grid (or a new grid) with the editor's rules."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("MoveUnitsAlgorithm", "Move units to a grid")
    TAGS = QT_TRANSLATE_NOOP(
        "MoveUnitsAlgorithm", "grid,edit,move,reassign,new grid,editor,网格,编辑,调整,移动"
    )
    HELP = QT_TRANSLATE_NOOP(
        "MoveUnitsAlgorithm",
        "Moves units of a project to another grid of their nest, or makes them a new grid "
        "(leave the grid empty): the same edit as Move and New grid in the Grid editor.\n\n"
        "Give the units as features (e.g. the project's units layer with 'Selected features "
        "only') or as unit ids, or both. The grids on both sides are recomputed (polygon, "
        "population, households, area…); a grid left without units is retired, and its staff "
        "and outlet wait in the editor's 'Needs a decision' list. Refused, with the reason: "
        "a grid of another nest, a locked grid, unknown ids. A grid that would fall into "
        "pieces or leave the tolerance band is reported in the log. The edit is journaled: "
        "Undo in the Grid editor takes it back.",
    )

    ALGORITHM_ID = "moveunits"
    GROUP_ID = "grids"

    PROJECT = "PROJECT"
    UNITS = "UNITS"
    UNIT_IDS = "UNIT_IDS"
    GRID_ID = "GRID_ID"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        self.add_source(
            self.UNITS, self.tr("Units to move (features with unit_id)"), POLYGONS, optional=True
        )
        ids = self.tr("Unit ids to move (separated by commas or spaces)")
        self.add(
            QgsProcessingParameterString(self.UNIT_IDS, ids, "", multiLine=True, optional=True)
        )
        target = self.tr("Move to grid (empty: make the units a new grid)")
        self.add(QgsProcessingParameterString(self.GRID_ID, target, "", optional=True))
        add_author(self)
        add_edit_outputs(self)

    def process(self, parameters, context, feedback):
        units = id_list(self.parameterAsString(parameters, self.UNIT_IDS, context))
        source = self.parameterAsSource(parameters, self.UNITS, context)
        if source is not None:
            if source.fields().indexOf("unit_id") < 0:
                raise QgsProcessingException(
                    QCoreApplication.translate(
                        "MoveUnitsAlgorithm",
                        "The layer given as {param} has no field unit_id: give the project's "
                        "units layer (or a selection of it).",
                    ).format(param=self.param(self.UNITS))
                )
            units += [str(f["unit_id"]) for f in source.getFeatures()]
        grid = (self.parameterAsString(parameters, self.GRID_ID, context) or "").strip()
        if grid:
            edit, edit_id = run_edit(
                self, parameters, context, feedback, lambda d: division.plan_move(d, units, grid)
            )
        else:
            edit, edit_id = run_edit(
                self, parameters, context, feedback, lambda d: division.plan_new_grid(d, units)
            )
            grid = next(iter(edit.new_grids))
        return {"GRID_ID": grid, "UNITS_MOVED": len(edit.units), "EDIT_ID": edit_id}
