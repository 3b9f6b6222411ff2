"""The Excel staffing workbook for head office (``servicegrid:exportstaffing``).

No QGIS: the project GeoPackage is read with Python's ``sqlite3`` (read-only) and the workbook
written with openpyxl (Debian 12's 3.0.9 and newer) in **write-only** mode: openpyxl makes the
workbook (styles, sheet set-up, header rows, conditional formats, chart, properties) and the
data rows are streamed into the sheets as XML while it saves (see :mod:`.xlsx`), so memory
stays bounded and 50,000 grids take a few seconds: nothing is kept per cell.

Sheets (headers in Chinese or English, ``language`` = ``"zh"`` or ``"en"``):

* **Summary** (汇总), one row per district (the grids' ``nest``): grids, population, staff
  recommended and assigned, the gap, grids with fewer staff than recommended, staff coverage,
  outlets, outlet coverage, feedback, average rating and flagged grids. Every figure is a
  formula over the *Grids* sheet (``COUNTIF`` / ``SUMIFS`` / ``SUMPRODUCT`` by district), and
  the totals row is a formula over the district rows, so edits in *Grids* recompute the
  summary. The values are also stored with the formulas (cached values), so viewers that do
  not calculate (previews, Protected View, pandas, OGR) show the numbers too. A clustered bar
  chart compares recommended and assigned staff per district.
* **Grids** (网格): one row per grid with every column of the project's grids layer, labels
  for the classes, the workload, the staff assigned (count, ids and names), the outlet and the
  service-quality figures of :func:`quality.grid_quality` (for ``response_standard``).
* **Staff** (人员): one row per person: grids, workload against capacity and utilisation.
* **People** (人员质量与培训): one row per person: service quality (feedback, rating,
  complaints, response p90, follow-ups on time) and training needs with their reasons
  (:mod:`.people`, from :func:`staff_quality.staff_report`).
* **Outlets** (网点): staff based there, grids and population served.
* **Feedback** (反馈): feedback per district and category, ratings and response times.
* **Customers** (客户): per grid, the customer register's individuals and enterprises, those
  with consent, penetration and product gaps (:mod:`.customers_sheet`; counts only, never a
  name or phone).
* **Map** (地图): a picture of the grids drawn by QGIS in the algorithm layer
  (``map_image``; :mod:`.map_sheet`), printed on one page.
* **Notes** (说明): the project, when the workbook was made, and what every derived figure
  means.

Definitions (also written to the Notes sheet):

* **Workload of a grid**: :func:`allocation.workload` (the same function as
  ``allocatestaff``: population weighted by the demand index, β = 0.5, people served).
* **Workload of a person** (:mod:`core.workload`, shared with ``allocatestaff`` and the
  Staff & outlets dock): each grid's workload is shared
  equally among its places: ``n = max(recommended staff, people assigned)`` (the people
  assigned when there is no recommendation); a person carries one share of each grid they are
  assigned to. Places left empty are unserved workload, not load on the people there (as in
  ``allocatestaff``); when more people are assigned than recommended, they share the grid.
  Utilisation = workload ÷ capacity (empty without a capacity).
* **Staff coverage** of a district: the share of its population living in grids with at least
  one person assigned. **Outlet coverage**: the share of its grids that have an outlet.

Names beside codes: the Summary's districts and the Grids' and Customers' nests carry the
names of the project's ``nests`` table. Printing: every table repeats its header row on each
page, and the header row is as tall as its longest wrapped header (:func:`.xlsx.header_height`),
so no header is clipped on paper.

Safety: no text from the project can become a formula. Every text cell is written as a string
(never through openpyxl's formula detection); text that starts with ``= + - @``, their
full-width forms, a tab or a line break gets a leading apostrophe ``'`` (visible: it marks the
text and keeps it text when the cell is edited or the sheet saved as CSV); characters XML
cannot hold (control characters, lone surrogates) are removed; text longer than Excel's
32,767 characters is cut with "…". Only the formulas this module builds are formulas.

The workbook is written to a temporary file beside the output and moved into place when
complete (``os.replace``): a failure or a cancel never leaves a half-written workbook, and an
output open in Excel, WPS or LibreOffice (their lock file is beside it) is refused.

The package, one job a module (each imports only those below it):

* :mod:`.workbook` — :func:`write_workbook`, end to end (output checks, temporary file);
* :mod:`.summary`, :mod:`.sheets`, :mod:`.feedback`, :mod:`.customers_sheet`,
  :mod:`.map_sheet`, :mod:`.notes` — the sheets' layouts;
* :mod:`.rules` — the conditional formats;
* :mod:`.xlsx`, :mod:`.stream` — the streaming xlsx writer;
* :mod:`.figures` — the figures; :mod:`.reading` — reading the project;
* :mod:`.labels` — the words in Chinese and English; :mod:`.values` — safe cell values;
* :mod:`.model` — the shared constants, column layouts and dataclasses.
"""

from .figures import compute
from .labels import LABELS
from .model import (
    COUNT,
    DEC1,
    DEC2,
    GRID_COLUMNS,
    GRID_POS,
    INT,
    LANGUAGES,
    MAX_CELL_TEXT,
    MAX_SHEET_NAME,
    NUMBER_FORMATS,
    PCT,
    SIGNED,
    SUMMARY_KEYS,
    TEXT,
    YES_NO_FORMATS,
    YESNO,
    Column,
    Figures,
    Formula,
    ProjectData,
    WorkbookResult,
)
from .reading import read_project
from .values import FORMULA_STARTS, display_width, safe_text, sheet_title
from .workbook import write_workbook

# the names the tests knew before the package was split
_GRID_COLUMNS = GRID_COLUMNS
_GRID_POS = GRID_POS
_SUMMARY_KEYS = SUMMARY_KEYS

__all__ = [
    "COUNT",
    "DEC1",
    "DEC2",
    "FORMULA_STARTS",
    "INT",
    "LABELS",
    "LANGUAGES",
    "MAX_CELL_TEXT",
    "MAX_SHEET_NAME",
    "NUMBER_FORMATS",
    "PCT",
    "SIGNED",
    "TEXT",
    "YESNO",
    "YES_NO_FORMATS",
    "Column",
    "Figures",
    "Formula",
    "ProjectData",
    "WorkbookResult",
    "compute",
    "display_width",
    "read_project",
    "safe_text",
    "sheet_title",
    "write_workbook",
]
