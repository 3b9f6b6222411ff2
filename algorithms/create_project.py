"""``servicegrid:createproject``: base units (+ outlets, staff roster) → project GeoPackage."""

import datetime as _dt

from qgis.core import (
    Qgis,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputString,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..version import plugin_version
from .base import POINTS, POLYGONS, TABLE, ServiceGridAlgorithm
from .core import gpkg, schema
from .core.errors import ServiceGridError
from .core.nests import prepare_nests
from .core.tables import guess_fields, prepare_outlets, prepare_staff, prepare_units
from .export_staffing import qgis_language
from .project_refresh import require_not_open
from .project_template import LANGUAGES, embed_project, text
from .qgis_io import polygon_units_source, read_table, require_crs

#: Optional unit field parameters: (parameter key, our field name, numeric?)
UNIT_FIELD_PARAMS = (
    ("UNIT_ID_FIELD", "unit_id", False),
    ("NAME_FIELD", "name", False),
    ("NEST_FIELD", "nest", False),
    ("HOUSEHOLDS_FIELD", "households", True),
    ("INCOME_FIELD", "income", True),
    ("ELDERLY_SHARE_FIELD", "elderly_share", True),
    ("YOUTH_SHARE_FIELD", "youth_share", True),
    ("ENTERPRISES_FIELD", "enterprises", True),
    ("CUSTOMERS_FIELD", "customers", True),
)

#: Optional name fields of the nest (schema 4, table ``nests``): (parameter key, raw column).
NEST_NAME_PARAMS = (("NEST_NAME_FIELD", "nest_name"), ("NEST_PARENT_NAME_FIELD", "nest_parent"))

#: LANGUAGE choices: the project's language for each option ("" = QGIS's).
LANGUAGE_CODES = ("", "zh", "en")


def project_language(choice: int) -> str:
    """The project's language (``zh`` / ``en``) for a LANGUAGE choice."""
    code = LANGUAGE_CODES[choice] if 0 <= choice < len(LANGUAGE_CODES) else ""
    return code if code in LANGUAGES else qgis_language()


class CreateProjectAlgorithm(ServiceGridAlgorithm):
    """Create a service-grid project GeoPackage from the user's administrative units."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP(
        "CreateProjectAlgorithm",
        "Create service grid project",
    )
    TAGS = QT_TRANSLATE_NOOP(
        "CreateProjectAlgorithm",
        "project,geopackage,units,population,staff,outlets,项目,单元",
    )
    HELP = QT_TRANSLATE_NOOP(
        "CreateProjectAlgorithm",
        "Creates a service-grid project: one GeoPackage holding your administrative units "
        "(communities, villages) with their population and profile, your outlets and staff "
        "roster, empty layers for grids, assignments and field feedback, and a ready QGIS "
        "project (styles, field names, forms). Open the file in QGIS to see it.\n\n"
        "Map your fields onto ours: only the population is required. Numbers stored as "
        "text are accepted; shares given as percentages (0–100) are converted. A geographic "
        "input (degrees) is reprojected to its UTM zone. Invalid geometries are repaired and "
        "listed in the log.\n\n"
        "The staff roster can be a CSV or Excel file or any table with columns staff_id "
        "(工号), name (姓名) and optionally role, outlet_id, capacity, phone, active.\n\n"
        "'Language of the project' sets the language of the project's layer names, field "
        "names (aliases), value lists, forms and legend (default: the language of QGIS); field "
        "packages made from the project keep it. The stored field names and values are the "
        "same in every language.\n\n"
        "An existing output file is never replaced unless 'Replace an existing file' is "
        "ticked; the old file is then kept as a .bak.gpkg backup.\n\n"
        "Nest name field and parent name field (optional) store the names of the nest codes, "
        "e.g. the street's name and its district's name: the staffing workbook shows them "
        "beside the codes.",
    )

    ALGORITHM_ID = "createproject"
    GROUP_ID = "project"

    INPUT = "INPUT"
    UNIT_ID_FIELD = "UNIT_ID_FIELD"
    NAME_FIELD = "NAME_FIELD"
    POPULATION_FIELD = "POPULATION_FIELD"
    HOUSEHOLDS_FIELD = "HOUSEHOLDS_FIELD"
    INCOME_FIELD = "INCOME_FIELD"
    ELDERLY_SHARE_FIELD = "ELDERLY_SHARE_FIELD"
    YOUTH_SHARE_FIELD = "YOUTH_SHARE_FIELD"
    ENTERPRISES_FIELD = "ENTERPRISES_FIELD"
    CUSTOMERS_FIELD = "CUSTOMERS_FIELD"
    NEST_FIELD = "NEST_FIELD"
    NEST_NAME_FIELD = "NEST_NAME_FIELD"
    NEST_PARENT_NAME_FIELD = "NEST_PARENT_NAME_FIELD"
    OUTLETS = "OUTLETS"
    STAFF = "STAFF"
    OVERWRITE = "OVERWRITE"
    LANGUAGE = "LANGUAGE"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        labels = {
            "UNIT_ID_FIELD": self.tr("Unit id field (unique; generated if empty)"),
            "NAME_FIELD": self.tr("Name field"),
            "NEST_FIELD": self.tr("Nest field (admin area grids never cross, e.g. street code)"),
            "HOUSEHOLDS_FIELD": self.tr("Households field"),
            "INCOME_FIELD": self.tr("Income per capita field"),
            "ELDERLY_SHARE_FIELD": self.tr("Elderly share field (0–1 or %)"),
            "YOUTH_SHARE_FIELD": self.tr("Youth share field (0–1 or %)"),
            "ENTERPRISES_FIELD": self.tr("Enterprises field"),
            "CUSTOMERS_FIELD": self.tr("Existing customers field"),
        }
        self.add_source(self.INPUT, self.tr("Administrative units (polygons)"), POLYGONS)
        self.add_field(self.POPULATION_FIELD, self.tr("Population field"), self.INPUT, "population")
        for key, _ours, _numeric in UNIT_FIELD_PARAMS:
            self.add_field(key, labels[key], self.INPUT, optional=True)
        nest_name = self.tr("Nest name field (e.g. street name)")
        self.add_field(self.NEST_NAME_FIELD, nest_name, self.INPUT, optional=True)
        parent_name = self.tr("Parent area name field (e.g. district name)")
        self.add_field(self.NEST_PARENT_NAME_FIELD, parent_name, self.INPUT, optional=True)
        self.add_source(self.OUTLETS, self.tr("Outlets (points)"), POINTS, optional=True)
        roster = self.tr("Staff roster (CSV, Excel or table)")
        self.add_source(self.STAFF, roster, TABLE, optional=True)
        languages = [self.tr("Same as QGIS"), "中文", "English"]
        self.add_enum(self.LANGUAGE, self.tr("Language of the project"), languages)
        replace = self.tr("Replace an existing file (keeps a backup)")
        self.add_boolean(self.OVERWRITE, replace, advanced=True)
        gpkg_files = self.tr("GeoPackage (*.gpkg)")
        self.add_file_output(self.OUTPUT, self.tr("Project GeoPackage"), gpkg_files)
        self.add_outputs(
            {
                "UNIT_COUNT": self.tr("Units"),
                "OUTLET_COUNT": self.tr("Outlets"),
                "STAFF_COUNT": self.tr("Staff"),
                "POPULATION": self.tr("Total population"),
            }
        )
        self.addOutput(QgsProcessingOutputString("CRS", self.tr("Project CRS")))

    # ------------------------------------------------------------------ run

    def process(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(5, feedback)
        source, label, crs = polygon_units_source(self, parameters, self.INPUT, context, feedback)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not output.lower().endswith(".gpkg"):
            output += ".gpkg"
        overwrite = self.parameterAsBoolean(parameters, self.OVERWRITE, context)
        language = project_language(self.parameterAsEnum(parameters, self.LANGUAGE, context))

        mapping = self._unit_mapping(parameters, context, source, feedback)
        raw_units = read_table(source, label, mapping, steps, crs, context=context)
        if feedback.isCanceled():
            return {}
        units = prepare_units(raw_units)
        for note in units.notes:
            feedback.pushWarning(note)
        steps.setCurrentStep(1)

        tables = {"units": units}
        nest_table = prepare_nests(
            units.columns["nest"],
            raw_units.columns.get("nest_name"),
            raw_units.columns.get("nest_parent"),
            label,
        )
        if nest_table is not None:
            tables["nests"] = nest_table
            for note in nest_table.notes:
                feedback.pushWarning(note)
        outlet_ids = None
        outlets_source = self.parameterAsSource(parameters, self.OUTLETS, context)
        if outlets_source is not None:
            olabel = outlets_source.sourceName() or self.tr("outlets")
            require_crs(outlets_source, olabel)
            omap = guess_fields(outlets_source.fields().names(), schema.OUTLETS.field_names())
            raw = read_table(outlets_source, olabel, omap, steps, crs, context=context)
            tables["outlets"] = prepare_outlets(raw)
            outlet_ids = tables["outlets"].columns["outlet_id"]
            self._report_mapping(feedback, olabel, omap)
        steps.setCurrentStep(2)
        staff_source = self.parameterAsSource(parameters, self.STAFF, context)
        if staff_source is not None:
            slabel = staff_source.sourceName() or self.tr("staff")
            names = staff_source.fields().names()
            smap = guess_fields(names, schema.STAFF.field_names())
            raw = read_table(
                staff_source, slabel, smap, steps, with_geometry=False, context=context
            )
            raw.source_fields["_all"] = names
            tables["staff"] = prepare_staff(raw, outlet_ids)
            self._report_mapping(feedback, slabel, smap)
        steps.setCurrentStep(3)
        if feedback.isCanceled():
            return {}

        meta = {
            "schema_version": str(schema.SCHEMA_VERSION),
            "crs": crs.authid(),
            "crs_wkt": crs.toWkt(),
            "created_with": "Service Grid {} / QGIS {}".format(plugin_version(), Qgis.QGIS_VERSION),
            "created_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "source": source.sourceName(),
            "nest_field": mapping.get("nest", ""),
            "language": language,
        }
        if overwrite:
            require_not_open(output, context.project())
        with gpkg.atomic_output(output, overwrite) as tmp:
            counts = gpkg.create_project_gpkg(tmp, crs.toWkt(), tables, meta, feedback.isCanceled)
            steps.setCurrentStep(4)
            title = text("project_of", language).format(label)
            embed_project(tmp, title=title, language=language)
            if feedback.isCanceled():
                raise ServiceGridError(self.tr("Cancelled: nothing was written."))
        population = sum(units.columns["population"])
        feedback.pushInfo(
            self.tr(
                "Project written to {path}: {units} units ({pop} people), {outlets} outlets, "
                "{staff} staff, CRS {crs}."
            ).format(
                path=output,
                units=counts["units"],
                pop=population,
                outlets=counts.get("outlets", 0),
                staff=counts.get("staff", 0),
                crs=crs.authid(),
            )
        )
        steps.setProgress(100)
        return {
            self.OUTPUT: output,
            "UNIT_COUNT": counts["units"],
            "OUTLET_COUNT": counts.get("outlets", 0),
            "STAFF_COUNT": counts.get("staff", 0),
            "POPULATION": population,
            "CRS": crs.authid(),
        }

    def _unit_mapping(self, parameters, context, source, feedback):
        """``{our field: user field}`` from the parameters, guessing the optional ones."""
        names = source.fields().names()
        population = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        if not population:
            raise QgsProcessingException(
                self.tr("Choose a field for {param}.").format(
                    param=self.param(self.POPULATION_FIELD)
                )
            )
        if population not in names:
            raise QgsProcessingException(
                self.tr(
                    "Population field '{field}' not found in the units layer. Its fields are: "
                    "{fields}."
                ).format(field=population, fields=", ".join(names))
            )
        mapping = {"population": population}
        chosen = [(key, ours) for key, ours, _numeric in UNIT_FIELD_PARAMS] + list(NEST_NAME_PARAMS)
        for key, ours in chosen:
            value = self.parameterAsString(parameters, key, context)
            if value:
                if value not in names:
                    raise QgsProcessingException(
                        self.tr(
                            "Field '{field}' chosen for {param} not found in the units layer. "
                            "Its fields are: {fields}."
                        ).format(field=value, param=self.param(key), fields=", ".join(names))
                    )
                mapping[ours] = value
        used = set(mapping.values())
        wanted = [
            ours for _k, ours, _n in UNIT_FIELD_PARAMS if ours not in mapping and ours != "nest"
        ]
        for ours, user in guess_fields(names, wanted).items():
            if user not in used:
                mapping[ours] = user
                used.add(user)
                feedback.pushInfo(
                    self.tr("Using field '{user}' for {ours}.").format(user=user, ours=ours)
                )
        return mapping

    def _report_mapping(self, feedback, label, mapping):
        feedback.pushInfo(
            self.tr("Layer '{layer}': fields used: {pairs}.").format(
                layer=label, pairs=", ".join("{}←{}".format(k, v) for k, v in mapping.items())
            )
        )
