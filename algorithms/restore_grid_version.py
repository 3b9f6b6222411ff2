"""``servicegrid:restoregridversion``: make a saved version the project's division again."""

from qgis.core import QgsProcessingOutputNumber, QgsProcessingParameterString
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import ServiceGridAlgorithm
from .core import gpkg
from .core.division import versions
from .save_grid_version import add_author, author_of


class RestoreGridVersionAlgorithm(ServiceGridAlgorithm):
    """Restore a version as one undoable edit, after saving the current division."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("RestoreGridVersionAlgorithm", "Restore grid version")
    TAGS = QT_TRANSLATE_NOOP(
        "RestoreGridVersionAlgorithm",
        "grid,version,restore,rollback,undo,division,history,网格,版本,恢复,还原",
    )
    HELP = QT_TRANSLATE_NOOP(
        "RestoreGridVersionAlgorithm",
        "Makes a saved version (give its name or its number) the project's division again: "
        "every unit goes back to the grid it had in the version and the grids get the "
        "version's attributes back; grids the version did not have are retired (their staff "
        "assignments and outlet wait for a decision in the Grid editor). Units added to the "
        "project since the version keep their grid.\n\n"
        "The current division is saved first as a version (Before restoring …), and the "
        "restore is one edit: Undo in the Grid editor takes it back.",
    )

    ALGORITHM_ID = "restoregridversion"
    GROUP_ID = "grids"

    PROJECT = "PROJECT"
    VERSION = "VERSION"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        self.add(QgsProcessingParameterString(self.VERSION, self.tr("Version (name or number)")))
        add_author(self)
        self.addOutput(QgsProcessingOutputNumber("UNITS_CHANGED", self.tr("Units changed grid")))
        backup = self.tr("Version saved before the restore")
        self.addOutput(QgsProcessingOutputNumber("BACKUP_VERSION_ID", backup))

    def process(self, parameters, context, feedback):
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        gpkg.require_grids(project)
        version = self.parameterAsString(parameters, self.VERSION, context)
        author = author_of(self, parameters, context)
        done = versions.restore_version(project, version, author)
        if done.backup_id is None:
            feedback.pushInfo(
                self.tr("The division is already version {id} “{name}”: nothing changed.").format(
                    id=done.version_id, name=done.name
                )
            )
        else:
            backup = versions.find_version(project, done.backup_id)
            feedback.pushInfo(
                self.tr("Saved the current division as version {id} “{name}” first.").format(
                    id=done.backup_id, name=backup["name"]
                )
            )
            feedback.pushInfo(
                self.tr(
                    "Restored version {id} “{name}”: {n} units changed grid (Undo in the Grid "
                    "editor takes it back)."
                ).format(id=done.version_id, name=done.name, n=done.units_changed)
            )
        return {"UNITS_CHANGED": done.units_changed, "BACKUP_VERSION_ID": done.backup_id}
