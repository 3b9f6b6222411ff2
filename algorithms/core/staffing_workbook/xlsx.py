"""The streaming xlsx writer: an openpyxl **write-only** workbook whose sheets get their
structure (widths, frozen header, autofilter, print set-up, header row, styles) from openpyxl
and their data rows streamed in while it saves (:mod:`.stream`)."""

import contextlib
import os
import re
from typing import Callable, Dict, List, Optional, Tuple

from .labels import LABELS, SHEETS, pick
from .model import (
    COUNT,
    DEC1,
    DEC2,
    HEADER_FILL,
    INT,
    MAX_WIDTH,
    MIN_WIDTH,
    NUMBER_FORMATS,
    NUMBER_MAX_WIDTH,
    PCT,
    SIGNED,
    TEXT,
    TOTAL_FILL,
    YES_NO_FORMATS,
    YESNO,
    Column,
    Formula,
)
from .stream import Body, SplicingZip
from .values import column_letter, display_width, sheet_title

#: The sheets in their order (keys of :data:`~.labels.SHEETS`); ``map`` only with a picture.
SHEET_KEYS = (
    "summary",
    "grids",
    "staff",
    "people",
    "outlets",
    "feedback",
    "customers",
    "map",
    "notes",
)

#: Paper sizes of the page set-up (openpyxl's ``Worksheet.PAPERSIZE_A4`` / ``_A3``).
PAPER_A4, PAPER_A3 = "9", "8"

#: Points per line of header text (11 pt Calibri / CJK fallback fonts) and the cell margins.
LINE_HEIGHT = 15.0
HEADER_PADDING = 4.0


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapping cell ``width`` characters wide (CJK counted double):
    words wrap at spaces and slashes, a word wider than the cell (a CJK run) anywhere."""
    room = max(width - 1.5, 1.0)
    lines, used = 1, 0.0
    for word in re.split(r"(?<=[\s/])", text):
        stripped = word.rstrip()
        size = float(display_width(stripped))
        if not size:
            continue
        if used and used + size > room:
            lines += 1
            used = 0.0
        while size > room:  # a run wider than the cell breaks anywhere
            lines += 1
            size -= room
        used += size + (len(word) - len(stripped))
    return lines


def header_height(headers: List[str], widths: List[float]) -> float:
    """The height (points) of a header row whose every header shows whole when printed."""
    lines = max((wrapped_lines(h, w) for h, w in zip(headers, widths)), default=1)
    return lines * LINE_HEIGHT + HEADER_PADDING


class WriterCancelledError(Exception):
    """Raised inside the writer when the user cancels."""


class Styles:
    """The workbook's cell styles, made once and shared by every cell of a kind."""

    def __init__(self, wb, ws, language: str):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self._cell = WriteOnlyCell
        formats = dict(NUMBER_FORMATS, **{YESNO: YES_NO_FORMATS[language]})
        self.number = {}
        self.total = {}
        # the workbook's default font, bold (a font without a name prints in a serif face)
        bold = Font(name="Calibri", family=2, size=11, bold=True)
        total_fill = PatternFill("solid", start_color=TOTAL_FILL, end_color=TOTAL_FILL)
        top = Border(top=Side(style="thin"))
        for kind, fmt in formats.items():
            cell = WriteOnlyCell(ws)
            cell.number_format = fmt
            self.number[kind] = cell._style
            cell = WriteOnlyCell(ws)
            cell.number_format = fmt
            cell.font, cell.fill, cell.border = bold, total_fill, top
            self.total[kind] = cell._style
        cell = WriteOnlyCell(ws)
        cell.font, cell.fill, cell.border = bold, total_fill, top
        self.total[TEXT] = cell._style
        cell = WriteOnlyCell(ws)
        cell.font = bold
        cell.fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(bottom=Side(style="thin"))
        self.header = cell._style
        cell = WriteOnlyCell(ws)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.wrap = cell._style
        cell = WriteOnlyCell(ws)
        cell.font = bold
        cell.alignment = Alignment(vertical="top")
        self.label = cell._style
        cell = WriteOnlyCell(ws)
        cell.number_format = "yyyy-mm-dd hh:mm"
        cell.alignment = Alignment(horizontal="left", vertical="top")
        self.date = cell._style

    def cell(self, ws, value, style=None, text: bool = False):
        cell = self._cell(ws, value)
        if text:
            cell.data_type = "s"
        if style is not None:
            cell._style = style
        return cell


def column_width(column: Column, header: str, total=None) -> float:
    """A column width that fits the header's longest word and the values (CJK double)."""
    values = [v.value if isinstance(v, Formula) else v for v in column.values]
    if total is not None:
        values.append(total.value if isinstance(total, Formula) else total)
    words = [display_width(w) for w in re.split(r"[\s/]+", header) if w] or [1]
    head = max(min(display_width(header), 24), max(words))
    if column.kind == TEXT:
        widest = 0
        for value in values:
            if value is not None:
                text = value if isinstance(value, str) else str(value)
                w = display_width(text) if len(text) < 200 else 200
                if w > widest:
                    widest = w
        return float(min(max(widest, head, MIN_WIDTH) + 2, MAX_WIDTH[TEXT]))
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if column.kind == YESNO:
        widest = 3
    elif numbers:
        big = max(abs(min(numbers)), abs(max(numbers)))
        digits = {INT: 0, COUNT: 0, SIGNED: 0, DEC1: 1, DEC2: 2, PCT: 1}.get(column.kind, 2)
        scale = 100.0 if column.kind == PCT else 1.0
        widest = len("{:,.{d}f}".format(big * scale, d=digits)) + 2
    else:
        widest = 4
    return float(min(max(widest, head, MIN_WIDTH) + 2, NUMBER_MAX_WIDTH))


class Writer:
    """Writes the sheets of one workbook.

    The workbook is an openpyxl **write-only** workbook: openpyxl writes every sheet's
    structure (column widths, frozen panes, header row, autofilter, conditional formats,
    print titles), the chart, the styles, the properties and the package. The data rows —
    the bulk of a large workbook — are streamed as worksheet XML by :func:`.stream.body_xml` into
    the sheet's part when openpyxl stores it in the archive (:class:`SplicingZip`), with
    the style ids openpyxl registered for their formats: about 1 µs per cell instead of the
    8 µs of a styled openpyxl cell, and nothing is kept per cell. Text is always an inline
    string there, never a formula; formulas carry their computed value (``<v>``), as Excel
    saves them.
    """

    def __init__(
        self,
        language: str,
        progress: Callable[[float], None],
        is_canceled: Callable[[], bool],
        keys: Tuple[str, ...] = SHEET_KEYS,
    ):
        from openpyxl import Workbook

        self.language = language
        self.wb = Workbook(write_only=True)
        self.progress = progress
        self.is_canceled = is_canceled
        self.titles = {key: sheet_title(pick(pair, language)) for key, pair in SHEETS.items()}
        self.sheets = {}
        for key in keys:
            self.sheets[key] = self.wb.create_sheet(self.titles[key])
        self.styles = Styles(self.wb, self.sheets["summary"], language)
        #: Data rows per sheet part (``xl/worksheets/sheetN.xml``).
        self.bodies: Dict[str, Body] = {}

    def header(self, key: str) -> str:
        return pick(LABELS[key], self.language)

    def check(self):
        if self.is_canceled():
            raise WriterCancelledError()

    def style_id(self, style) -> int:
        """The workbook's cell-format index of a style (registered with openpyxl)."""
        cell = self.styles.cell(self.sheets["summary"], None, style)
        return cell.style_id

    # -------------------------------------------------------------- one table

    def table(
        self,
        key: str,
        columns: List[Column],
        rows: int,
        freeze: str = "B2",
        totals: Optional[List] = None,
        fit: bool = True,
    ) -> None:
        """Sheet ``key``: widths, frozen header, autofilter over the data rows, print set-up
        and the header row now; ``rows`` rows of ``columns`` (then ``totals``) when saved."""
        ws = self.sheets[key]
        headers = [c.header or self.header(c.key) for c in columns]
        widths = [
            column_width(column, headers[k], None if totals is None else totals[k])
            for k, column in enumerate(columns)
        ]
        for k, width in enumerate(widths):
            ws.column_dimensions[column_letter(k)].width = width
        ws.freeze_panes = freeze
        last = column_letter(len(columns) - 1)
        ws.auto_filter.ref = "A1:{}{}".format(last, rows + 1)
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = PAPER_A4
        if fit:  # small sheets: one page wide when printed
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
        else:  # wide sheets: on A3, their first column (the id) repeated on every page
            ws.page_setup.paperSize = PAPER_A3
            ws.print_title_cols = "A:A"
        styles = self.styles
        ws.append([styles.cell(ws, h, styles.header, text=True) for h in headers])
        number_ids = [
            None if c.kind not in styles.number else self.style_id(styles.number[c.kind])
            for c in columns
        ]
        total_ids = [self.style_id(styles.total.get(c.kind, styles.total[TEXT])) for c in columns]
        part = "xl/worksheets/sheet{}.xml".format(list(self.sheets).index(key) + 1)
        self.bodies[part] = Body(
            columns, rows, totals, number_ids, total_ids, header_height(headers, widths)
        )

    def discard(self) -> None:
        """Close and delete the sheets' temporary files after a failure or a cancel (openpyxl
        would only remove them when the process ends)."""
        try:
            from openpyxl.worksheet import _writer as sheet_writer
        except ImportError:  # pragma: no cover (another openpyxl layout)
            return
        for ws in self.wb.worksheets:
            writer = getattr(ws, "_writer", None)
            if writer is None:
                continue
            rows = getattr(ws, "_rows", None)
            if rows is not None:  # end the row stream first, then the sheet's XML
                with contextlib.suppress(Exception):
                    rows.close()
            with contextlib.suppress(Exception):
                writer.xf.close()
            out = getattr(writer, "out", None)
            if isinstance(out, str) and os.path.exists(out):
                with contextlib.suppress(OSError):
                    os.remove(out)
                with contextlib.suppress(ValueError, AttributeError):
                    sheet_writer.ALL_TEMP_FILES.remove(out)

    # -------------------------------------------------------------- save

    def save(self, path: str, progress: Tuple[float, float] = (20.0, 75.0)) -> None:
        """Save the workbook to ``path``, the data rows streamed into their sheets."""
        from openpyxl.writer.excel import ExcelWriter

        total = max(1, sum(body.rows for body in self.bodies.values()))
        done = [0]
        start, span = progress

        def tick(rows: int) -> None:
            done[0] += rows
            self.check()
            self.progress(start + span * done[0] / total)

        with SplicingZip(path, self.bodies, tick) as archive:
            ExcelWriter(self.wb, archive).save()
        missing = [part for part, body in self.bodies.items() if not body.written]
        if missing:  # an openpyxl that stores its sheets another way: never lose rows
            raise RuntimeError(
                "openpyxl {} did not store the sheets {} through ZipFile.write".format(
                    openpyxl_version(), missing
                )
            )


def openpyxl_version() -> str:
    import openpyxl

    return openpyxl.__version__
