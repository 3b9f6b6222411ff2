"""What the modules of the staffing workbook share: limits, cell kinds, colours, the sheets'
column layouts and the dataclasses that carry the project, the figures and the result.

Imports nothing from its sibling modules (it is the bottom of the package).
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..quality import QualityReport

LANGUAGES = ("zh", "en")

#: Excel's limit of characters in one cell.
MAX_CELL_TEXT = 32767
#: Excel's limit of a sheet name.
MAX_SHEET_NAME = 31

# ------------------------------------------------------------------ cell kinds and formats

TEXT, INT, DEC1, DEC2, PCT, SIGNED, YESNO = "text", "int", "dec1", "dec2", "pct", "signed", "yesno"
#: Small whole numbers (staff, grids, feedback per grid): written without a cell style (General
#: shows them as they are), which saves openpyxl a styled cell each.
COUNT = "count"
NUMBER_FORMATS = {
    INT: "#,##0",
    DEC1: "#,##0.0",
    DEC2: "0.00",
    PCT: "0.0%",
    SIGNED: "+#,##0;-#,##0;0",
}
YES_NO_FORMATS = {"zh": '"是";"是";"否"', "en": '"Yes";"Yes";"No"'}
#: Widest a column gets (characters), by kind; text wraps beyond.
MAX_WIDTH = {TEXT: 50}
NUMBER_MAX_WIDTH = 18
MIN_WIDTH = 6

HEADER_FILL = "DDE5F0"
TOTAL_FILL = "F2F2F2"
ALERT_FILL = "F4C7C3"  # red: over capacity, flagged
WARN_FILL = "FCE5C1"  # amber: understaffed, below the standard
ALERT_FONT = "9C0006"

# ------------------------------------------------------------------ column layouts

#: Grids sheet: (key, kind) in order; the positions are used by the Summary's formulas.
GRID_COLUMNS = (
    ("grid_id", TEXT),
    ("nest", TEXT),
    ("nest_name", TEXT),
    ("unit_count", COUNT),
    ("population", INT),
    ("households", INT),
    ("area_km2", DEC2),
    ("density", INT),
    ("income", INT),
    ("elderly_share", PCT),
    ("youth_share", PCT),
    ("enterprises", INT),
    ("customers", INT),
    ("polsby_popper", DEC2),
    ("density_class", TEXT),
    ("income_tier", TEXT),
    ("demand_index", DEC1),
    ("products", TEXT),
    ("strategy", TEXT),
    ("locked", YESNO),
    ("workload", INT),
    ("recommended_staff", COUNT),
    ("assigned_staff", COUNT),
    ("staff_gap", SIGNED),
    ("staff_list", TEXT),
    ("outlet_id", TEXT),
    ("outlet_name", TEXT),
    ("feedback_count", COUNT),
    ("avg_rating", DEC2),
    ("complaint_share", PCT),
    ("response_median", DEC1),
    ("response_p90", DEC1),
    ("below_standard", YESNO),
    ("rating_trend", DEC2),
    ("falling", YESNO),
    ("flagged", YESNO),
    ("staff_change", SIGNED),
    ("reasons", TEXT),
)

#: Summary sheet: (key, kind) in order (one row per district).
SUMMARY_COLUMNS = (
    ("district", TEXT),
    ("district_name", TEXT),
    ("parent_name", TEXT),
    ("grids", INT),
    ("population", INT),
    ("recommended_staff", INT),
    ("assigned_staff", INT),
    ("staff_gap", SIGNED),
    ("understaffed", INT),
    ("staff_coverage", PCT),
    ("outlets_serving", INT),
    ("outlet_coverage", PCT),
    ("feedback", INT),
    ("avg_rating", DEC2),
    ("below_grids", INT),
    ("flagged_grids", INT),
)
SUMMARY_KEYS = tuple(key for key, _kind in SUMMARY_COLUMNS)

STAFF_COLUMNS = (
    ("staff_id", TEXT),
    ("name", TEXT),
    ("role", TEXT),
    ("outlet_id", TEXT),
    ("outlet_name", TEXT),
    ("active", YESNO),
    ("grid_count", COUNT),
    ("grid_list", TEXT),
    ("staff_workload", INT),
    ("capacity", INT),
    ("utilisation", PCT),
    ("spare", SIGNED),
)

OUTLET_COLUMNS = (
    ("outlet", TEXT),
    ("outlet_label", TEXT),
    ("kind", TEXT),
    ("status", TEXT),
    ("outlet_capacity", COUNT),
    ("staff_based", COUNT),
    ("outlet_use", PCT),
    ("grids_served", COUNT),
    ("population_served", INT),
    ("districts_served", TEXT),
)


#: Customers sheet (one row per grid; see :mod:`.customers_sheet`).
CUSTOMER_COLUMNS = (
    ("grid_id", TEXT),
    ("nest", TEXT),
    ("nest_name", TEXT),
    ("population", INT),
    ("enterprises", INT),
    ("customers_individual", INT),
    ("customers_enterprise", INT),
    ("customers_total", INT),
    ("consented", INT),
    ("penetration", PCT),
    ("enterprise_penetration", PCT),
    ("products", TEXT),
    ("product_gaps", TEXT),
)


def positions(layout: Sequence[Tuple[str, str]]) -> Dict[str, int]:
    """``{key: column index}`` of a sheet's column layout."""
    return {key: k for k, (key, _kind) in enumerate(layout)}


GRID_POS = positions(GRID_COLUMNS)
STAFF_POS = positions(STAFF_COLUMNS)
OUTLET_POS = positions(OUTLET_COLUMNS)
CUSTOMER_POS = positions(CUSTOMER_COLUMNS)

# ------------------------------------------------------------------ what is passed around


@dataclass
class Column:
    """One column of a sheet: key (header label), kind (format) and the values."""

    key: str
    kind: str
    values: Sequence = ()
    #: Header text when not in :data:`~.labels.LABELS`.
    header: Optional[str] = None


class Formula:
    """A formula this package built, with the value it computes (stored as cached value)."""

    __slots__ = ("text", "value")

    def __init__(self, text: str, value=None):
        self.text = text if text.startswith("=") else "=" + text
        self.value = value


@dataclass
class ProjectData:
    """What the workbook shows, read from the project (columns as lists)."""

    path: str
    meta: Dict[str, str]
    grids: Dict[str, list]
    staff: Dict[str, list]
    outlets: Dict[str, list]
    assignments: List[Tuple[str, str]]
    feedback: Dict[str, list]
    #: ``{nest code: (name, parent name)}`` (schema 4's ``nests``; empty without names).
    nest_names: Dict[str, Tuple[Optional[str], Optional[str]]] = field(default_factory=dict)
    #: The customer register as columns ``grid_id``, ``customer_type``, ``products``,
    #: ``consent`` (each customer's unit's current grid); counts only, no personal data.
    customers: Dict[str, list] = field(default_factory=dict)


@dataclass
class Figures:
    """Everything computed from the project, per grid, person, outlet and district."""

    workload: np.ndarray
    assigned: List[List[str]]  # staff ids per grid
    person_load: Dict[str, float]
    person_grids: Dict[str, List[str]]
    districts: List[str]  # district keys (nest, or the "none" label)
    grid_district: List[str]
    quality: Dict[str, list]
    quality_report: Optional[QualityReport] = None
    unknown_assignments: int = 0


@dataclass
class WorkbookResult:
    """What was written."""

    path: str
    language: str
    grids: int = 0
    staff: int = 0
    outlets: int = 0
    feedback: int = 0
    districts: int = 0
    overloaded_staff: int = 0
    flagged_grids: int = 0
    unknown_assignments: int = 0
    #: People who need training (People sheet).
    training_needs: int = 0
    customers: int = 0
    map: bool = False
    sheets: List[str] = field(default_factory=list)
