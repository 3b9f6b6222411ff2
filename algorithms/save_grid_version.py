"""``servicegrid:savegridversion``: save the project's division as a named version."""

from qgis.core import QgsProcessingOutputNumber, QgsProcessingParameterString
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from .base import ServiceGridAlgorithm
from .core import gpkg
from .core.division import versions


def add_author(alg) -> None:
    """The optional AUTHOR parameter of the version algorithms (recorded with the version)."""
    label = QCoreApplication.translate(
        "SaveGridVersionAlgorithm", "Saved by (default: the user name of this computer)"
    )
    alg.add(QgsProcessingParameterString("AUTHOR", label, "", optional=True), advanced=True)


def author_of(alg, parameters, context):
    """The AUTHOR given, or ``None`` (the operating-system user)."""
    return (alg.parameterAsString(parameters, "AUTHOR", context) or "").strip() or None


class SaveGridVersionAlgorithm(ServiceGridAlgorithm):
    """Copy every unit's grid and every grid's row into the project's versions."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("SaveGridVersionAlgorithm", "Save grid version")
    TAGS = QT_TRANSLATE_NOOP(
        "SaveGridVersionAlgorithm", "grid,version,save,snapshot,division,history,网格,版本,保存"
    )
    HELP = QT_TRANSLATE_NOOP(
        "SaveGridVersionAlgorithm",
        "Saves the current division of a project as a named version: the grid of every "
        "unit and every grid's attributes (class, staff, outlet, lock…), with who saved it, "
        "when and a note. The name must be new among the project's versions.\n\n"
        "'Restore grid version' brings a version back (as one edit the Grid editor can "
        "undo); 'Compare grid versions' shows the units that changed grid between two "
        "versions. 'Build service grids' with this project saves the previous division as a "
        "version before it replaces the grids.",
    )

    ALGORITHM_ID = "savegridversion"
    GROUP_ID = "grids"

    PROJECT = "PROJECT"
    NAME = "NAME"
    NOTE = "NOTE"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        self.add(QgsProcessingParameterString(self.NAME, self.tr("Version name")))
        note = QgsProcessingParameterString(self.NOTE, self.tr("Note"), "", True, True)
        self.add(note)
        add_author(self)
        self.addOutput(QgsProcessingOutputNumber("VERSION_ID", self.tr("Version number")))

    def process(self, parameters, context, feedback):
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        gpkg.require_grids(project)
        name = self.parameterAsString(parameters, self.NAME, context)
        note = self.parameterAsString(parameters, self.NOTE, context) or ""
        author = author_of(self, parameters, context)
        version_id = versions.save_version(project, name, note, author)
        saved = versions.find_version(project, version_id)
        feedback.pushInfo(
            self.tr(
                "Saved the division as version {id} “{name}”: {grids} grids, {units} units, "
                "population {population:,}."
            ).format(
                id=version_id,
                name=saved["name"],
                grids=saved["grid_count"],
                units=saved["unit_count"],
                population=int(saved["population"] or 0),
            )
        )
        return {"VERSION_ID": version_id}
