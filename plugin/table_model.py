"""The docks' table models share this thin base of our own: :class:`ColumnTableModel`.

A subclass names its columns in ``_headers`` (translated in its own ``__init__``, often with
:meth:`~ColumnTableModel._set_headers`) and gives ``rowCount`` and ``data``; the base answers
``columnCount`` and ``headerData`` and repaints rows without resetting the model (a reset
would lose the view's selection and scroll).
"""

from typing import Iterable, List, Mapping

from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, Qt


class ColumnTableModel(QAbstractTableModel):
    """A flat table whose horizontal header is the list ``_headers``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers: List[str] = []

    def _set_headers(self, headers: Mapping[int, str]) -> None:
        """Name the columns from ``{column: title}`` (columns are numbered from 0)."""
        self._headers = [headers[column] for column in range(len(headers))]

    def columnCount(self, parent=QModelIndex()):  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def rows_changed(self, rows: Iterable[int]) -> None:
        """Repaint these rows (one signal over their span)."""
        rows = list(rows)
        if rows:
            self.dataChanged.emit(
                self.index(min(rows), 0), self.index(max(rows), self.columnCount() - 1)
            )

    def all_changed(self) -> None:
        """Repaint every row."""
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )
