"""``servicegrid:exportstaffing``: the Excel staffing workbook for head office."""

import os
import tempfile

from qgis.core import QgsProcessingParameterBoolean, QgsSettings
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QLocale

from .base import ServiceGridAlgorithm
from .core import staffing_workbook
from .core.quality import DEFAULT_RESPONSE_STANDARD
from .workbook_map import render_grids


def qgis_language() -> str:
    """``zh`` when QGIS shows its interface in Chinese, else ``en``."""
    settings = QgsSettings()
    locale = QLocale.system().name()
    if settings.value("locale/overrideFlag", False, type=bool):
        locale = settings.value("locale/userLocale", "", type=str)
    return "zh" if (locale or "").lower().startswith("zh") else "en"


def resolve_language(code: str) -> str:
    """The workbook language for a LANGUAGE choice (``''`` = QGIS's locale)."""
    return code if code in staffing_workbook.LANGUAGES else qgis_language()


#: LANGUAGE choices: the workbook's language for each option.
LANGUAGE_CODES = ("", "zh", "en")


class ExportStaffingAlgorithm(ServiceGridAlgorithm):
    """Write the head-office staffing workbook (.xlsx) of a project GeoPackage."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP(
        "ExportStaffingAlgorithm",
        "Export staffing workbook (Excel)",
    )
    TAGS = QT_TRANSLATE_NOOP(
        "ExportStaffingAlgorithm",
        "excel,xlsx,workbook,staffing,head office,report,wps,人员,配置,报表,总部",
    )
    HELP = QT_TRANSLATE_NOOP(
        "ExportStaffingAlgorithm",
        "Writes an Excel workbook (.xlsx) for head office from the project GeoPackage, "
        "to read in Excel, WPS or LibreOffice as it is.\n\n"
        "Summary: one row per district (the grids' nest) with grids, population, staff "
        "recommended and assigned, staff and outlet coverage, feedback, average rating "
        "and flagged grids, as formulas over the Grids sheet (edit a grid and the summary "
        "recomputes), a totals row and a chart of staff per district. Grids: every "
        "figure of each grid, its staff and outlet and its service quality. Staff: each "
        "person's grids, workload against capacity and utilisation (over 100 % in red). "
        "Outlets, Feedback (per district and category), Customers (per grid: customers by "
        "type, with consent, penetration and product gaps, from the customer register; "
        "counts only, no names), Map (the grids by density class, drawn by QGIS) and Notes "
        "(what each figure means). The districts' names stand beside their codes when the "
        "project has them (createproject's name fields); every sheet prints with its "
        "header row on each page.\n\n"
        "LANGUAGE chooses Chinese or English headers (default: the language of QGIS). "
        "RESPONSE_STANDARD (minutes) is the standard of the service-quality columns. "
        "Text from the project never becomes a formula. The file is written completely "
        "or not at all; close it in Excel first when you write it again.",
    )

    ALGORITHM_ID = "exportstaffing"
    GROUP_ID = "staff"

    PROJECT = "PROJECT"
    LANGUAGE = "LANGUAGE"
    RESPONSE_STANDARD = "RESPONSE_STANDARD"
    MAP = "MAP"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        languages = [self.tr("Same as QGIS"), "中文", "English"]
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        self.add_enum(self.LANGUAGE, self.tr("Language of the workbook"), languages)
        standard = self.tr("Response standard (minutes)")
        self.add_number(
            self.RESPONSE_STANDARD,
            standard,
            DEFAULT_RESPONSE_STANDARD,
            0.0,
            optional=True,
            decimals=0,
        )
        self.add(QgsProcessingParameterBoolean(self.MAP, self.tr("Add a map page"), True, True))
        self.add_file_output(self.OUTPUT, self.tr("Staffing workbook"), self.tr("Excel (*.xlsx)"))
        self.add_outputs(
            {
                "GRID_COUNT": self.tr("Grids"),
                "STAFF_COUNT": self.tr("Staff"),
                "OUTLET_COUNT": self.tr("Outlets"),
                "FEEDBACK_COUNT": self.tr("Feedback rows"),
                "DISTRICT_COUNT": self.tr("Districts"),
                "OVERLOADED_STAFF": self.tr("Staff over capacity"),
                "FLAGGED_GRIDS": self.tr("Flagged grids"),
                "CUSTOMER_COUNT": self.tr("Customers in the register"),
                "TRAINING_NEEDS": self.tr("People who need training"),
            }
        )

    def process(self, parameters, context, feedback):
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        choice = self.parameterAsEnum(parameters, self.LANGUAGE, context)
        language = resolve_language(LANGUAGE_CODES[choice] if 0 <= choice < 3 else "")
        standard = DEFAULT_RESPONSE_STANDARD
        if parameters.get(self.RESPONSE_STANDARD) not in (None, ""):
            standard = self.parameterAsDouble(parameters, self.RESPONSE_STANDARD, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        with_map = self.MAP not in parameters or self.parameterAsBoolean(
            parameters, self.MAP, context
        )
        with tempfile.TemporaryDirectory(prefix="sg-map-") as folder:
            picture = None
            if with_map and os.path.isfile(project):
                picture = render_grids(project, os.path.join(folder, "map.png"), language)
            result = staffing_workbook.write_workbook(
                project,
                output,
                language,
                standard,
                progress=feedback.setProgress,
                is_canceled=feedback.isCanceled,
                map_image=picture,
            )
        if with_map and not result.map:
            feedback.pushWarning(
                self.tr(
                    "The map page was left out: the project has no grids to draw, or the "
                    "Python package Pillow (python3-pil), which openpyxl needs for pictures, "
                    "is missing."
                )
            )
        if result.unknown_assignments:
            feedback.pushWarning(
                self.tr(
                    "{n} assignments name grids that are not in the project; they are left out."
                ).format(n=result.unknown_assignments)
            )
        feedback.pushInfo(
            self.tr(
                "Staffing workbook written to {path} ({language}): {districts} districts, "
                "{grids} grids, {staff} staff ({over} over capacity), {outlets} outlets, "
                "{feedback} feedback rows, {flagged} flagged grids."
            ).format(
                path=result.path,
                language="中文" if language == "zh" else "English",
                districts=result.districts,
                grids=result.grids,
                staff=result.staff,
                over=result.overloaded_staff,
                outlets=result.outlets,
                feedback=result.feedback,
                flagged=result.flagged_grids,
            )
        )
        return {
            self.OUTPUT: result.path,
            "GRID_COUNT": result.grids,
            "STAFF_COUNT": result.staff,
            "OUTLET_COUNT": result.outlets,
            "FEEDBACK_COUNT": result.feedback,
            "DISTRICT_COUNT": result.districts,
            "OVERLOADED_STAFF": result.overloaded_staff,
            "FLAGGED_GRIDS": result.flagged_grids,
            "CUSTOMER_COUNT": result.customers,
            "TRAINING_NEEDS": result.training_needs,
        }
