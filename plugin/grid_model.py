"""What the Staff & outlets dock shows: the project's grids, staff, outlets and assignments in
memory (:class:`DockData`), and the Qt models of the grid table and the staff list.

The grid table is a plain :class:`QAbstractTableModel` (no widget per row) that sorts itself
(Python's sort over 10,000 rows takes milliseconds, where a proxy calling back into Python for
every comparison would take seconds) behind a :class:`QSortFilterProxyModel` that filters.
"""

from collections import Counter, defaultdict
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Set

from qgis.PyQt.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont

from ..algorithms.core import workload as core_workload
from .project_store import Assignment, Snapshot
from .table_model import ColumnTableModel

#: Status of a grid's staffing.
UNCOVERED, UNDERSTAFFED, STAFFED, OVERSTAFFED = "uncovered", "understaffed", "staffed", "over"

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_STATUS_COLOURS = {
    UNCOVERED: QColor(244, 199, 195),
    UNDERSTAFFED: QColor(252, 229, 193),
    OVERSTAFFED: QColor(207, 226, 243),
}
OVERLOAD_COLOUR = QColor(200, 40, 40)


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


class DockData:
    """The project's staffing in memory, updated in place by every change.

    Grids are records ``0..n-1`` (in the order read: by grid id); assignments are kept by uuid and
    indexed by grid and by staff member. Workload of a staff member and "over capacity" as
    ``allocatestaff`` and the workbook count them (:mod:`algorithms.core.workload`): each
    grid's workload (population weighted by the demand index) shared among
    max(recommended, assigned) places.
    """

    def __init__(self, snapshot: Snapshot):
        grids = snapshot.grids
        self.default_capacity: Optional[float] = getattr(snapshot, "default_capacity", None)
        self.fids: List[int] = [int(f) for f in grids.get("fid", [])]
        self.grid_ids: List[str] = [str(g) for g in grids.get("grid_id", [])]
        self.nests: List[str] = ["" if v is None else str(v) for v in grids.get("nest", [])]
        self.population: List[int] = [int(_number(v)) for v in grids.get("population", [])]
        self.demand_index: List[Optional[float]] = list(grids.get("demand_index", []))
        if len(self.demand_index) != len(self.population):
            self.demand_index = [None] * len(self.population)
        self.grid_workload = core_workload.grid_workloads(self.population, self.demand_index)
        self.density_class: List[Optional[str]] = list(grids.get("density_class", []))
        self.income_tier: List[Optional[str]] = list(grids.get("income_tier", []))
        self.recommended: List[Optional[int]] = [
            None if v is None else int(_number(v)) for v in grids.get("recommended_staff", [])
        ]
        self.outlet: List[Optional[str]] = [
            None if v in (None, "") else str(v) for v in grids.get("outlet_id", [])
        ]
        self.record_of_grid: Dict[str, int] = {g: i for i, g in enumerate(self.grid_ids)}
        self.record_of_fid: Dict[int, int] = {f: i for i, f in enumerate(self.fids)}
        self.staff: List[dict] = list(snapshot.staff)
        self.staff_by_id: Dict[str, dict] = {str(s["staff_id"]): s for s in self.staff}
        self.outlets: List[dict] = list(snapshot.outlets)
        self.outlet_names: Dict[str, str] = {
            str(o["outlet_id"]): o.get("name") or "" for o in self.outlets
        }
        self.assignments: Dict[str, Assignment] = {}
        self.by_grid: Dict[str, Dict[str, List[Assignment]]] = defaultdict(dict)
        self.by_staff: Dict[str, Set[str]] = defaultdict(set)
        self._workload: Optional[Dict[str, float]] = None
        self._status: Optional[List[str]] = None
        for row in snapshot.assignments:
            self._add(row)

    def __len__(self) -> int:
        return len(self.grid_ids)

    # ------------------------------------------------------------------ assignments

    def _add(self, row: Assignment) -> None:
        self.assignments[row.uuid] = row
        self.by_grid[row.grid_id].setdefault(row.staff_id, []).append(row)
        self.by_staff[row.staff_id].add(row.grid_id)

    def _remove(self, row: Assignment) -> None:
        self.assignments.pop(row.uuid, None)
        rows = self.by_grid.get(row.grid_id, {}).get(row.staff_id, [])
        rows[:] = [r for r in rows if r.uuid != row.uuid]
        if not rows:
            self.by_grid[row.grid_id].pop(row.staff_id, None)
            self.by_staff[row.staff_id].discard(row.grid_id)

    def add_assignments(self, rows: Iterable[Assignment]) -> Set[int]:
        """Record new rows; return the grid records that changed."""
        return self._apply(self._add, rows)

    def remove_assignments(self, rows: Iterable[Assignment]) -> Set[int]:
        """Forget rows; return the grid records that changed."""
        return self._apply(self._remove, rows)

    def _apply(self, step: Callable[[Assignment], None], rows: Iterable[Assignment]) -> Set[int]:
        """``step`` each row; return the grid records that changed."""
        changed = set()
        for row in rows:
            step(row)
            changed.add(self.record_of_grid.get(row.grid_id, -1))
        changed.discard(-1)
        self._invalidate(changed)
        return changed

    def _invalidate(self, records: Iterable[int]) -> None:
        self._workload = None
        if self._status is not None:
            for record in records:
                self._status[record] = self._compute_status(record)

    def assignment_rows(self, staff_ids: Iterable[str], records: Iterable[int]) -> List[Assignment]:
        """The stored rows that assign any of ``staff_ids`` to any of the grid ``records``."""
        wanted = set(staff_ids)
        found = []
        for record in records:
            for staff_id, rows in self.by_grid.get(self.grid_ids[record], {}).items():
                if staff_id in wanted:
                    found.extend(rows)
        return found

    def is_assigned(self, staff_id: str, record: int) -> bool:
        return staff_id in self.by_grid.get(self.grid_ids[record], {})

    def staff_on(self, record: int) -> List[str]:
        """Staff ids assigned to a grid, sorted."""
        return sorted(self.by_grid.get(self.grid_ids[record], {}))

    def assigned_count(self, record: int) -> int:
        return len(self.by_grid.get(self.grid_ids[record], ()))

    def status(self, record: int) -> str:
        """UNCOVERED, UNDERSTAFFED, STAFFED or OVERSTAFFED (kept up to date per change)."""
        return self.statuses()[record]

    def statuses(self) -> List[str]:
        if self._status is None:
            self._status = [self._compute_status(r) for r in range(len(self))]
        return self._status

    def _compute_status(self, record: int) -> str:
        count = self.assigned_count(record)
        recommended = self.recommended[record]
        if count == 0:
            return UNCOVERED if (recommended is None or recommended > 0) else STAFFED
        if recommended is None or count == recommended:
            return STAFFED
        return UNDERSTAFFED if count < recommended else OVERSTAFFED

    # ------------------------------------------------------------------ workload

    def workload(self) -> Dict[str, float]:
        """Workload per staff id (:func:`core_workload.person_loads`)."""
        if self._workload is None:
            pairs = [(s, g) for g, staff in self.by_grid.items() for s in staff]
            self._workload, _grids = core_workload.person_loads(
                self.grid_ids, self.grid_workload, self.recommended, pairs
            )
        return self._workload

    def capacity(self, staff_id: str) -> Optional[float]:
        return core_workload.capacity_of(
            (self.staff_by_id.get(staff_id) or {}).get("capacity"), self.default_capacity
        )

    def overloaded(self) -> List[str]:
        """Staff ids over capacity (:func:`core_workload.is_over`), worst first."""
        load = self.workload()
        return core_workload.over_capacity(load, {s: self.capacity(s) for s in load})

    def uncovered(self) -> List[int]:
        """Grid records with people to serve and nobody assigned."""
        return [i for i, s in enumerate(self.statuses()) if s == UNCOVERED]

    def status_counts(self) -> Dict[str, int]:
        counts = {UNCOVERED: 0, UNDERSTAFFED: 0, STAFFED: 0, OVERSTAFFED: 0}
        counts.update(Counter(self.statuses()))
        return counts

    def staff_label(self, staff_id: str) -> str:
        name = (self.staff_by_id.get(staff_id) or {}).get("name")
        return "{} {}".format(name, staff_id) if name else staff_id

    def outlet_label(self, outlet_id: Optional[str]) -> str:
        if not outlet_id:
            return ""
        name = self.outlet_names.get(outlet_id)
        return "{} {}".format(outlet_id, name) if name else outlet_id


class GridTableModel(ColumnTableModel):
    """One row per grid: id, population, recommended and assigned staff, staff names, outlet,
    density class, income tier, nest. Sorted by the model itself."""

    GRID, POPULATION, RECOMMENDED, ASSIGNED, STAFF, OUTLET, DENSITY, INCOME, NEST = range(9)
    NUMERIC = (POPULATION, RECOMMENDED, ASSIGNED)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.data_: Optional[DockData] = None
        self._order: List[int] = []  # row → record
        self._row: List[int] = []  # record → row
        self._sort = (-1, Qt.SortOrder.AscendingOrder)
        self._set_headers(
            {
                self.GRID: self.tr("Grid"),
                self.POPULATION: self.tr("Population"),
                self.RECOMMENDED: self.tr("Recommended"),
                self.ASSIGNED: self.tr("Assigned"),
                self.STAFF: self.tr("Staff"),
                self.OUTLET: self.tr("Outlet"),
                self.DENSITY: self.tr("Density"),
                self.INCOME: self.tr("Income tier"),
                self.NEST: self.tr("Nest"),
            }
        )
        self._density = {
            "urban_core": self.tr("Urban core"),
            "urban": self.tr("Urban"),
            "suburban": self.tr("Suburban"),
            "rural": self.tr("Rural"),
        }
        self._income = {
            "high": self.tr("High"),
            "middle": self.tr("Middle"),
            "basic": self.tr("Basic"),
        }
        self._status_tips = {
            UNCOVERED: self.tr("Nobody is assigned to this grid."),
            UNDERSTAFFED: self.tr("Fewer staff than recommended."),
            OVERSTAFFED: self.tr("More staff than recommended."),
            STAFFED: "",
        }

    # ------------------------------------------------------------------ contents

    def set_data(self, data: Optional[DockData]) -> None:
        self.beginResetModel()
        self.data_ = data
        self._order = list(range(len(data))) if data is not None else []
        self._row = list(self._order)
        self.endResetModel()
        records_in_grid_order = self._sort == (self.GRID, Qt.SortOrder.AscendingOrder)
        if self._sort[0] >= 0 and data is not None and not records_in_grid_order:
            self.sort(*self._sort)

    def record(self, row: int) -> int:
        return self._order[row]

    def row_of(self, record: int) -> int:
        return self._row[record]

    def records_changed(self, records: Iterable[int]) -> None:
        """Repaint the rows of these records (one signal over their span)."""
        self.rows_changed(self._row[r] for r in records)

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent=QModelIndex()):  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._order)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.data_ is None:
            return None
        record = self._order[index.row()]
        column = index.column()
        d = self.data_
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(d, record, column)
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == self.ASSIGNED:
            status = d.status(record)
            if role == Qt.ItemDataRole.BackgroundRole and status in _STATUS_COLOURS:
                return QBrush(_STATUS_COLOURS[status])
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._status_tips[status] or None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STAFF:
            return "\n".join(d.staff_label(s) for s in d.staff_on(record)) or None
        return None

    def _display(self, d: DockData, record: int, column: int):
        if column == self.GRID:
            return d.grid_ids[record]
        if column == self.NEST:
            return d.nests[record]
        if column == self.POPULATION:
            return "{:,}".format(d.population[record])
        if column == self.DENSITY:
            code = d.density_class[record]
            return self._density.get(code, code or "")
        if column == self.INCOME:
            code = d.income_tier[record]
            return self._income.get(code, code or "")
        if column == self.RECOMMENDED:
            value = d.recommended[record]
            return "" if value is None else str(value)
        if column == self.ASSIGNED:
            return str(d.assigned_count(record))
        if column == self.STAFF:
            names = [(d.staff_by_id.get(s) or {}).get("name") or s for s in d.staff_on(record)]
            return ", ".join(names)
        if column == self.OUTLET:
            return d.outlet_label(d.outlet[record])
        return None

    def _key(self, column: int):
        d = self.data_
        density_rank = {"urban_core": 0, "urban": 1, "suburban": 2, "rural": 3}
        income_rank = {"high": 0, "middle": 1, "basic": 2}
        keys = {
            self.GRID: lambda r: d.grid_ids[r],
            self.NEST: lambda r: (d.nests[r], d.grid_ids[r]),
            self.POPULATION: lambda r: d.population[r],
            self.DENSITY: lambda r: density_rank.get(d.density_class[r], 9),
            self.INCOME: lambda r: income_rank.get(d.income_tier[r], 9),
            self.RECOMMENDED: lambda r: -1 if d.recommended[r] is None else d.recommended[r],
            self.ASSIGNED: d.assigned_count,
            self.STAFF: lambda r: ", ".join(d.staff_on(r)),
            self.OUTLET: lambda r: d.outlet[r] or "",
        }
        return keys[column]

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        """Sort the rows by ``column`` (stable; grid id breaks ties)."""
        self._sort = (column, order)
        if self.data_ is None or column < 0 or column >= self.columnCount():
            return
        self.layoutAboutToBeChanged.emit([], QAbstractItemModel.LayoutChangeHint.VerticalSortHint)
        persistent = self.persistentIndexList()
        records = [self._order[i.row()] for i in persistent]
        key = self._key(column)
        new_order = sorted(
            range(len(self.data_)), key=key, reverse=order == Qt.SortOrder.DescendingOrder
        )
        self._order = new_order
        row = [0] * len(new_order)
        for position, record in enumerate(new_order):
            row[record] = position
        self._row = row
        self.changePersistentIndexList(
            persistent, [self.index(row[r], i.column()) for r, i in zip(records, persistent)]
        )
        self.layoutChanged.emit([], QAbstractItemModel.LayoutChangeHint.VerticalSortHint)


class GridFilterProxy(QSortFilterProxyModel):
    """Filters the grid table by text (grid id, nest, outlet, staff) and by staffing status.
    Sorting is passed on to :class:`GridTableModel`."""

    ALL = "all"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDynamicSortFilter(False)
        self._text = ""
        self._status = self.ALL

    def set_text(self, text: str) -> None:
        self._text = text.strip().lower()
        self.invalidateFilter()

    def set_status(self, status: str) -> None:
        self._status = status
        self.invalidateFilter()

    def is_filtering(self) -> bool:
        return bool(self._text) or self._status != self.ALL

    def refilter(self) -> None:
        """Apply the filter again after the data changed (only when one is active)."""
        if self.is_filtering():
            self.invalidateFilter()

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def filterAcceptsRow(self, source_row, source_parent):
        if not self.is_filtering():
            return True
        model = self.sourceModel()
        d = model.data_
        record = model.record(source_row)
        if self._status != self.ALL:
            status = d.status(record)
            if self._status == UNDERSTAFFED:
                if status not in (UNDERSTAFFED, UNCOVERED):
                    return False
            elif status != self._status:
                return False
        if self._text:
            haystack = " ".join(
                (
                    d.grid_ids[record],
                    d.nests[record],
                    d.outlet[record] or "",
                    d.outlet_label(d.outlet[record]),
                    " ".join(d.staff_label(s) for s in d.staff_on(record)),
                )
            )
            return self._text in haystack.lower()
        return True


class StaffTableModel(ColumnTableModel):
    """One row per staff member: id, name, use (% of capacity), assigned population,
    capacity, grids, role, outlet; bold when assigned to a selected grid, red when
    overloaded."""

    ID, NAME, USE, LOAD, CAPACITY, GRIDS, ROLE, OUTLET = range(8)
    NUMERIC = (GRIDS, LOAD, CAPACITY, USE)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.data_: Optional[DockData] = None
        self.highlight: Set[str] = set()
        self._set_headers(
            {
                self.ID: self.tr("Staff id"),
                self.NAME: self.tr("Name"),
                self.USE: self.tr("Use"),
                self.LOAD: self.tr("Assigned people"),
                self.CAPACITY: self.tr("Capacity"),
                self.GRIDS: self.tr("Grids"),
                self.ROLE: self.tr("Role"),
                self.OUTLET: self.tr("Outlet"),
            }
        )
        self._roles = {
            "agent": self.tr("Agent"),
            "claims": self.tr("Claims"),
            "service": self.tr("Service"),
            "manager": self.tr("Manager"),
        }

    def set_data(self, data: Optional[DockData]) -> None:
        self.beginResetModel()
        self.data_ = data
        self.highlight = set()
        self.endResetModel()

    def staff_id(self, row: int) -> str:
        return str(self.data_.staff[row]["staff_id"])

    def set_highlight(self, staff_ids: Set[str]) -> None:
        if staff_ids != self.highlight:
            self.highlight = staff_ids
            self.all_changed()

    def rowCount(self, parent=QModelIndex()):  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() or self.data_ is None else len(self.data_.staff)

    def _values(self, row: int):
        d = self.data_
        staff = d.staff[row]
        staff_id = str(staff["staff_id"])
        load = d.workload().get(staff_id, 0.0)
        capacity = d.capacity(staff_id)
        use = None if capacity is None else load / capacity
        return staff, staff_id, load, capacity, use

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.data_ is None:
            return None
        staff, staff_id, load, capacity, use = self._values(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            sort = role == SORT_ROLE
            if column == self.ID:
                return staff_id
            if column == self.NAME:
                return staff.get("name") or ""
            if column == self.ROLE:
                return self._roles.get(staff.get("role"), staff.get("role") or "")
            if column == self.OUTLET:
                return staff.get("outlet_id") or ""
            if column == self.GRIDS:
                count = len(self.data_.by_staff.get(staff_id, ()))
                return count if sort else str(count)
            if column == self.LOAD:
                return load if sort else "{:,.0f}".format(load)
            if column == self.CAPACITY:
                if sort:
                    return -1.0 if capacity is None else capacity
                return "" if capacity is None else "{:,.0f}".format(capacity)
            if column == self.USE:
                if sort:
                    return -1.0 if use is None else use
                return "" if use is None else "{:.0%}".format(use)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and staff_id in self.highlight:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if use is not None and use > 1.0:
                return QBrush(OVERLOAD_COLOUR)
            if str(staff.get("active", 1)) in ("0", "False", "false"):
                return QBrush(QColor(140, 140, 140))
        if role == Qt.ItemDataRole.ToolTipRole:
            grids = sorted(self.data_.by_staff.get(staff_id, ()))
            if grids:
                return self.tr("Grids: {grids}").format(
                    grids=", ".join(grids[:30]) + (" …" if len(grids) > 30 else "")
                )
        return None


class StaffFilterProxy(QSortFilterProxyModel):
    """Filters the staff list by id, name, role or outlet; sorts numerically."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)  # rows stay put while loads change under the user
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def selected_staff(self, indexes: Sequence[QModelIndex]) -> List[str]:
        source = self.sourceModel()
        rows = sorted({self.mapToSource(i).row() for i in indexes})
        return [source.staff_id(r) for r in rows]
