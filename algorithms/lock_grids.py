"""``servicegrid:lockgrids``: lock or unlock grids (kept as they are by buildgrids)."""

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import ServiceGridAlgorithm
from .core import division
from .edit_common import add_author, id_list, require_ids, run_edit


class LockGridsAlgorithm(ServiceGridAlgorithm):
    """Set the locked flag of grids."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("LockGridsAlgorithm", "Lock or unlock grids")
    TAGS = QT_TRANSLATE_NOOP(
        "LockGridsAlgorithm", "grid,lock,unlock,keep,freeze,editor,网格,锁定,解锁"
    )
    HELP = QT_TRANSLATE_NOOP(
        "LockGridsAlgorithm",
        "Locks (or unlocks) grids of a project. 'Build service grids' with this project as "
        "PROJECT keeps a locked grid's units, code and row exactly and divides the other "
        "units around it; the Grid editor refuses edits that touch a locked grid. The change "
        "is journaled: Undo in the Grid editor takes it back.",
    )

    ALGORITHM_ID = "lockgrids"
    GROUP_ID = "grids"

    PROJECT = "PROJECT"
    GRIDS = "GRIDS"
    LOCK = "LOCK"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        grids = self.tr("Grids (ids separated by commas or spaces)")
        self.add(QgsProcessingParameterString(self.GRIDS, grids, ""))
        self.add(QgsProcessingParameterBoolean(self.LOCK, self.tr("Lock (untick to unlock)"), True))
        add_author(self)
        self.addOutput(QgsProcessingOutputNumber("GRID_COUNT", self.tr("Grids changed")))
        self.addOutput(QgsProcessingOutputNumber("EDIT_ID", self.tr("Edit (journal id)")))

    def process(self, parameters, context, feedback):
        grids = id_list(self.parameterAsString(parameters, self.GRIDS, context))
        require_ids(self, grids, self.GRIDS)
        lock = self.parameterAsBoolean(parameters, self.LOCK, context)
        edit, edit_id = run_edit(
            self, parameters, context, feedback, lambda d: division.plan_lock(d, grids, lock)
        )
        return {"GRID_COUNT": len(edit.grid_values), "EDIT_ID": edit_id}
