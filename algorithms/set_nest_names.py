"""``servicegrid:setnestnames``: the names of the nest codes (districts, streets) from a
table, for projects made without createproject's name fields."""

from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from .base import TABLE, ServiceGridAlgorithm
from .core import gpkg
from .core.nests import prepare_nests, store_nest_names
from .qgis_io import read_table


class SetNestNamesAlgorithm(ServiceGridAlgorithm):
    """Store the names of a project's nest codes."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("SetNestNamesAlgorithm", "Set district and street names")
    TAGS = QT_TRANSLATE_NOOP(
        "SetNestNamesAlgorithm", "nest,district,street,names,codes,workbook,区县,街道,名称"
    )
    HELP = QT_TRANSLATE_NOOP(
        "SetNestNamesAlgorithm",
        "Stores the names of the project's nest codes (the districts or streets grids nest "
        "in) from any table or layer that has the code and the name, e.g. the original "
        "communities layer (street_code, street, district) or a CSV of codes and names. The "
        "staffing workbook shows them beside the codes. A code given again replaces its "
        "names; rows of one code with different names take the most common one. Codes that "
        "no unit of the project has are counted in the log.",
    )

    ALGORITHM_ID = "setnestnames"
    GROUP_ID = "project"

    PROJECT = "PROJECT"
    INPUT = "INPUT"
    CODE_FIELD = "CODE_FIELD"
    NAME_FIELD = "NAME_FIELD"
    PARENT_NAME_FIELD = "PARENT_NAME_FIELD"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        self.add_source(self.INPUT, self.tr("Table or layer with the codes and names"), TABLE)
        self.add_field(self.CODE_FIELD, self.tr("Nest code field"), self.INPUT)
        self.add_field(self.NAME_FIELD, self.tr("Name field"), self.INPUT)
        parent = self.tr("Parent area name field (e.g. district name)")
        self.add_field(self.PARENT_NAME_FIELD, parent, self.INPUT, optional=True)
        self.add_outputs(
            {
                "NEST_COUNT": self.tr("Codes named"),
                "UNKNOWN_COUNT": self.tr("Codes not in the project"),
            }
        )

    def process(self, parameters, context, feedback):
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        gpkg.require_project(project)
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise self.invalidSourceError(parameters, self.INPUT)
        label = source.sourceName() or self.tr("names")
        mapping = {}
        for key, ours in (
            (self.CODE_FIELD, "nest"),
            (self.NAME_FIELD, "name"),
            (self.PARENT_NAME_FIELD, "parent_name"),
        ):
            value = self.parameterAsString(parameters, key, context)
            if value:
                mapping[ours] = value
        if "nest" not in mapping or "name" not in mapping:
            raise QgsProcessingException(self.tr("Choose the code field and the name field."))
        raw = read_table(source, label, mapping, feedback, with_geometry=False, context=context)
        table = prepare_nests(
            raw.columns["nest"], raw.columns["name"], raw.columns.get("parent_name"), label
        )
        if table is None or not len(table):
            raise QgsProcessingException(
                self.tr("The table '{layer}' has no code to name.").format(layer=label)
            )
        for note in table.notes:
            feedback.pushWarning(note)
        counts = store_nest_names(project, table)
        if counts["unknown"]:
            feedback.pushWarning(
                self.tr("{n} of the codes are not nest codes of the project's units.").format(
                    n=counts["unknown"]
                )
            )
        feedback.pushInfo(
            self.tr("Names of {n} codes stored in {path}.").format(
                n=counts["written"], path=project
            )
        )
        return {"NEST_COUNT": counts["written"], "UNKNOWN_COUNT": counts["unknown"]}
