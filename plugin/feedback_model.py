"""What the Feedback dock shows: the feedback rows in memory (:class:`FeedbackData`), the
filter (:class:`FeedbackFilter`), and the Qt models of the list and the per-grid summary.

Rows are kept column-wise in plain lists; a filter is a few list comprehensions over them and
the models sort their own row lists with Python's sort, so 100,000 rows stay quick (no proxy
model calling back into Python for each comparison).
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence

from qgis.PyQt.QtCore import QAbstractItemModel, QModelIndex, Qt
from qgis.PyQt.QtGui import QBrush, QColor

from ..algorithms.core.fieldsync import uuid_key
from .feedback_store import FeedbackSnapshot
from .table_model import ColumnTableModel

OPEN, RESOLVED = "open", "resolved"
#: Filter value for "no grid" (rows whose grid_id is empty: outside every grid).
NO_GRID = ""

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_RESOLVED_COLOUR = QColor(130, 130, 130)
_LOW_RATING_COLOUR = QColor(200, 40, 40)


def is_open(status: Optional[str]) -> bool:
    """Open unless resolved (a row without a status counts as open)."""
    return status != RESOLVED


def _rating(value) -> Optional[float]:
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class FeedbackFilter:
    """What the list shows; ``None`` means any. Dates are ``YYYY-MM-DD`` (inclusive) and
    compared with the date part of ``collected_at`` (UTC)."""

    grid: Optional[str] = None
    category: Optional[str] = None
    staff: Optional[str] = None
    status: Optional[str] = None
    date_from: Optional[str] = None
    date_to: Optional[str] = None

    def is_active(self) -> bool:
        return any(
            v is not None
            for v in (
                self.grid,
                self.category,
                self.staff,
                self.status,
                self.date_from,
                self.date_to,
            )
        )


@dataclass
class GridSummary:
    """Feedback of one grid under the current filter."""

    grid_id: str
    count: int
    open: int
    average_rating: Optional[float]


class FeedbackData:
    """The feedback rows of one file: records ``0..n-1`` in fid order."""

    def __init__(self, snapshot: FeedbackSnapshot):
        c = snapshot.columns
        n = len(c.get("fid", ()))

        def col(name):
            return c.get(name) or [None] * n

        self.kind = snapshot.kind
        self.manifest = dict(snapshot.manifest)
        self.fids: List[int] = [int(f) for f in col("fid")]
        self.uuids: List[str] = ["" if v is None else str(v) for v in col("uuid")]
        self.grid: List[str] = ["" if v is None else str(v) for v in col("grid_id")]
        self.staff: List[str] = ["" if v is None else str(v) for v in col("staff_id")]
        self.collected: List[str] = ["" if v is None else str(v) for v in col("collected_at")]
        self.category: List[str] = ["" if v is None else str(v) for v in col("category")]
        self.channel: List[str] = ["" if v is None else str(v) for v in col("channel")]
        self.rating: List[Optional[float]] = [_rating(v) for v in col("rating")]
        self.notes: List[str] = ["" if v is None else str(v) for v in col("notes")]
        self.status: List[Optional[str]] = list(col("status"))
        self.resolved_at: List[Optional[str]] = list(col("resolved_at"))
        self.rev: List[Optional[int]] = list(col("rev"))
        self.record_of_fid: Dict[int, int] = {f: i for i, f in enumerate(self.fids)}
        self._record_of_uuid: Optional[Dict[str, int]] = None
        self.grid_ids: List[str] = list(snapshot.grid_ids)
        self.staff_names: Dict[str, str] = dict(snapshot.staff)

    def __len__(self) -> int:
        return len(self.fids)

    @property
    def record_of_uuid(self) -> Dict[str, int]:
        """Records by :func:`uuid_key` (``{ABC-…}`` as QGIS writes uuids and ``abc-…`` are
        one row); built when first needed."""
        if self._record_of_uuid is None:
            self._record_of_uuid = {uuid_key(u): i for i, u in enumerate(self.uuids) if u}
        return self._record_of_uuid

    def record(self, uuid: str) -> Optional[int]:
        """The record of a uuid (in either form), or ``None``."""
        return self.record_of_uuid.get(uuid_key(uuid))

    def staff_label(self, staff_id: str) -> str:
        name = self.staff_names.get(staff_id)
        return "{} {}".format(staff_id, name) if name else staff_id

    def staff_ids(self) -> List[str]:
        """The roster's staff ids, then any others found in the feedback."""
        known = list(self.staff_names)
        return known + sorted(set(self.staff) - set(known) - {""})

    def filter_grid_ids(self) -> List[str]:
        """The project's grid ids, then any others found in the feedback."""
        known = list(self.grid_ids)
        return known + sorted(set(self.grid) - set(known) - {NO_GRID})

    def date_range(self):
        """``(first, last)`` collection dates (``YYYY-MM-DD``), or ``None`` without rows."""
        dates = [d[:10] for d in self.collected if d]
        return (min(dates), max(dates)) if dates else None

    def matching(self, flt: FeedbackFilter) -> List[int]:
        """Records passing the filter, in record order."""
        records: Iterable[int] = range(len(self))
        if flt.grid is not None:
            grid, value = self.grid, flt.grid
            records = [r for r in records if grid[r] == value]
        if flt.category is not None:
            category, value = self.category, flt.category
            records = [r for r in records if category[r] == value]
        if flt.staff is not None:
            staff, value = self.staff, flt.staff
            records = [r for r in records if staff[r] == value]
        if flt.status is not None:
            status = self.status
            if flt.status == RESOLVED:
                records = [r for r in records if status[r] == RESOLVED]
            else:
                records = [r for r in records if status[r] != RESOLVED]
        if flt.date_from is not None:
            collected, value = self.collected, flt.date_from
            records = [r for r in records if collected[r][:10] >= value]
        if flt.date_to is not None:
            collected, value = self.collected, flt.date_to
            records = [r for r in records if collected[r] and collected[r][:10] <= value]
        return list(records)

    def per_grid(self, records: Iterable[int]) -> List[GridSummary]:
        """Count, open count and average rating per grid of these records (by grid id)."""
        count: Dict[str, int] = defaultdict(int)
        opened: Dict[str, int] = defaultdict(int)
        total: Dict[str, float] = defaultdict(float)
        rated: Dict[str, int] = defaultdict(int)
        grid, rating, status = self.grid, self.rating, self.status
        for r in records:
            g = grid[r]
            count[g] += 1
            if status[r] != RESOLVED:
                opened[g] += 1
            value = rating[r]
            if value is not None:
                total[g] += value
                rated[g] += 1
        return [
            GridSummary(g, count[g], opened[g], total[g] / rated[g] if rated[g] else None)
            for g in sorted(count)
        ]

    def average_rating(self, records: Iterable[int]) -> Optional[float]:
        values = [self.rating[r] for r in records if self.rating[r] is not None]
        return sum(values) / len(values) if values else None


class _SortedModel(ColumnTableModel):
    """A table over a list of rows that sorts itself (persistent indexes follow)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []
        self._sort = (-1, Qt.SortOrder.AscendingOrder)

    def rowCount(self, parent=QModelIndex()):  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def _set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        if self._sort[0] >= 0:
            self.sort(*self._sort)

    def _key(self, column: int):
        raise NotImplementedError

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        self._sort = (column, order)
        if column < 0 or column >= self.columnCount() or not self._rows:
            return
        self.layoutAboutToBeChanged.emit([], QAbstractItemModel.LayoutChangeHint.VerticalSortHint)
        persistent = self.persistentIndexList()
        kept = [self._rows[i.row()] for i in persistent]
        # equal keys keep the natural order, reversed when descending (newest fid first)
        descending = order == Qt.SortOrder.DescendingOrder
        rows = self._natural(self._rows)
        if descending:
            rows.reverse()
        self._rows = sorted(rows, key=self._key(column), reverse=descending)
        if persistent:
            position = {row_id: k for k, row_id in enumerate(map(self._identity, self._rows))}
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(position[self._identity(row)], i.column())
                    for row, i in zip(kept, persistent)
                ],
            )
        self.layoutChanged.emit([], QAbstractItemModel.LayoutChangeHint.VerticalSortHint)

    @staticmethod
    def _identity(row):
        return row

    @staticmethod
    def _natural(rows: list) -> list:
        """The rows in their natural order (ties of a sort keep it)."""
        return list(rows)


class FeedbackTableModel(_SortedModel):
    """One row per feedback record passing the filter."""

    WHEN, GRID, CATEGORY, RATING, STATUS, STAFF, CHANNEL, NOTES = range(8)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.data_: Optional[FeedbackData] = None
        self._set_headers(
            {
                self.WHEN: self.tr("Collected (UTC)"),
                self.GRID: self.tr("Grid"),
                self.CATEGORY: self.tr("Category"),
                self.RATING: self.tr("Rating"),
                self.STATUS: self.tr("Status"),
                self.STAFF: self.tr("Staff"),
                self.CHANNEL: self.tr("Channel"),
                self.NOTES: self.tr("Notes"),
            }
        )
        self.categories = {
            "claims": self.tr("Claims"),
            "sales_inquiry": self.tr("Sales inquiry"),
            "service_speed": self.tr("Service speed"),
            "attitude": self.tr("Attitude"),
            "product_need": self.tr("Product need"),
            "complaint": self.tr("Complaint"),
            "praise": self.tr("Praise"),
            "other": self.tr("Other"),
        }
        self.statuses = {OPEN: self.tr("Open"), RESOLVED: self.tr("Resolved")}
        self.channels = {
            "visit": self.tr("Visit"),
            "phone": self.tr("Phone"),
            "outlet": self.tr("Outlet"),
            "online": self.tr("Online"),
        }
        self._sort = (self.WHEN, Qt.SortOrder.DescendingOrder)

    def set_data(self, data: Optional[FeedbackData], records: Sequence[int] = ()) -> None:
        self.data_ = data
        self._set_rows(list(records) if data is not None else [])

    def set_records(self, records: Sequence[int]) -> None:
        self._set_rows(list(records))

    @staticmethod
    def _natural(rows: list) -> list:
        return sorted(rows)  # records: fid order

    def record(self, row: int) -> int:
        return self._rows[row]

    def records(self) -> List[int]:
        return list(self._rows)

    def rows_of(self, records: Iterable[int]) -> List[int]:
        wanted = set(records)
        return [k for k, r in enumerate(self._rows) if r in wanted]

    def records_changed(self, records: Iterable[int]) -> None:
        """Repaint the rows of these records (one signal over their span)."""
        self.rows_changed(self.rows_of(records))

    def status_label(self, status: Optional[str]) -> str:
        return self.statuses[RESOLVED if status == RESOLVED else OPEN]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.data_ is None:
            return None
        d = self.data_
        record = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.WHEN:
                return d.collected[record][:16].replace("T", " ")
            if column == self.GRID:
                return d.grid[record]
            if column == self.CATEGORY:
                code = d.category[record]
                return self.categories.get(code, code)
            if column == self.RATING:
                value = d.rating[record]
                return "" if value is None else "{:g}".format(value)
            if column == self.STATUS:
                return self.status_label(d.status[record])
            if column == self.STAFF:
                return d.staff_label(d.staff[record])
            if column == self.CHANNEL:
                code = d.channel[record]
                return self.channels.get(code, code)
            if column == self.NOTES:
                return d.notes[record].replace("\n", " ")[:120]
            return None
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.RATING:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if d.status[record] == RESOLVED:
                return QBrush(_RESOLVED_COLOUR)
            if column == self.RATING and d.rating[record] is not None and d.rating[record] <= 2:
                return QBrush(_LOW_RATING_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.NOTES and d.notes[record]:
                return d.notes[record]
            if column == self.STATUS and d.status[record] == RESOLVED and d.resolved_at[record]:
                return self.tr("Resolved at {when}").format(when=d.resolved_at[record])
        return None

    def _key(self, column: int):
        d = self.data_
        keys = {
            self.WHEN: d.collected.__getitem__,  # (ties stay in fid order)
            self.GRID: lambda r: (d.grid[r], d.collected[r]),
            self.CATEGORY: lambda r: (
                self.categories.get(d.category[r], d.category[r]),
                d.collected[r],
            ),
            self.RATING: lambda r: (-1.0 if d.rating[r] is None else d.rating[r], d.collected[r]),
            self.STATUS: lambda r: (d.status[r] == RESOLVED, d.collected[r]),
            self.STAFF: lambda r: (d.staff[r], d.collected[r]),
            self.CHANNEL: lambda r: (d.channel[r], d.collected[r]),
            self.NOTES: lambda r: d.notes[r],
        }
        return keys[column]


class GridSummaryModel(_SortedModel):
    """Per-grid count, open count and average rating of the filtered feedback."""

    GRID, COUNT, OPEN_COUNT, AVERAGE = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers = [
            self.tr("Grid"),
            self.tr("Feedback"),
            self.tr("Open"),
            self.tr("Average rating"),
        ]
        self._sort = (self.GRID, Qt.SortOrder.AscendingOrder)

    def set_summary(self, rows: Sequence[GridSummary]) -> None:
        self._set_rows(list(rows))

    def summary(self) -> List[GridSummary]:
        return list(self._rows)

    def grid_id(self, row: int) -> str:
        return self._rows[row].grid_id

    @staticmethod
    def _identity(row):
        return row.grid_id

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.GRID:
                return row.grid_id or self.tr("(no grid)")
            if column == self.COUNT:
                return "{:,}".format(row.count)
            if column == self.OPEN_COUNT:
                return "{:,}".format(row.open)
            if column == self.AVERAGE:
                return "" if row.average_rating is None else "{:.2f}".format(row.average_rating)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.GRID:
            return _RIGHT
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == self.AVERAGE
            and row.average_rating is not None
            and row.average_rating < 3
        ):
            return QBrush(_LOW_RATING_COLOUR)
        return None

    def _key(self, column: int):
        keys = {
            self.GRID: lambda s: s.grid_id,
            self.COUNT: lambda s: (s.count, s.grid_id),
            self.OPEN_COUNT: lambda s: (s.open, s.grid_id),
            self.AVERAGE: lambda s: (
                -1.0 if s.average_rating is None else s.average_rating,
                s.grid_id,
            ),
        }
        return keys[column]
