"""``servicegrid:mergegrids``: merge grids of one nest into one (the Grid editor's Merge)."""

from qgis.core import QgsProcessingParameterString
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import ServiceGridAlgorithm
from .core import division
from .edit_common import add_author, add_edit_outputs, id_list, require_ids, run_edit


class MergeGridsAlgorithm(ServiceGridAlgorithm):
    """Merge grids with the editor's rules."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("MergeGridsAlgorithm", "Merge grids")
    TAGS = QT_TRANSLATE_NOOP(
        "MergeGridsAlgorithm", "grid,edit,merge,dissolve,editor,网格,编辑,合并"
    )
    HELP = QT_TRANSLATE_NOOP(
        "MergeGridsAlgorithm",
        "Merges two or more grids of one nest into one: the grid named in 'Merge into' (by "
        "default the most populated of them) keeps its code and row; the others are "
        "retired (their codes are never given again) and their staff and outlets wait in "
        "the Grid editor's 'Needs a decision' list, with the merged grid suggested. Locked "
        "grids and grids of different nests are refused. Undo in the Grid editor takes "
        "the merge back.",
    )

    ALGORITHM_ID = "mergegrids"
    GROUP_ID = "grids"

    PROJECT = "PROJECT"
    GRIDS = "GRIDS"
    INTO = "INTO"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        grids = self.tr("Grids to merge (ids separated by commas or spaces)")
        self.add(QgsProcessingParameterString(self.GRIDS, grids, ""))
        into = self.tr(
            "Merge into (one of them, or another grid of their nest that takes them all; "
            "empty: the most populated of them)"
        )
        self.add(QgsProcessingParameterString(self.INTO, into, "", optional=True))
        add_author(self)
        add_edit_outputs(self)

    def process(self, parameters, context, feedback):
        grids = id_list(self.parameterAsString(parameters, self.GRIDS, context))
        require_ids(self, grids, self.GRIDS)
        into = (self.parameterAsString(parameters, self.INTO, context) or "").strip() or None
        edit, edit_id = run_edit(
            self, parameters, context, feedback, lambda d: division.plan_merge(d, grids, into)
        )
        kept = sorted({new for _old, new in edit.units.values()})
        return {"GRID_ID": ",".join(kept), "UNITS_MOVED": len(edit.units), "EDIT_ID": edit_id}
