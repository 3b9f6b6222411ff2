"""Charts of the Staff & outlets dock, painted with QPainter (no chart library).

:class:`WorkloadChart`: one horizontal bar per staff member, workload (as allocatestaff and the
workbook count it) against capacity (a dashed line at 100 %), overloaded staff in red, worst first.
:class:`GridBalanceChart`: how many grids have no staff, fewer than recommended, as many as
recommended, more than recommended.
"""

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

from qgis.PyQt.QtCore import QEvent, QRectF, QSize, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen
from qgis.PyQt.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..algorithms.core.workload import is_over
from .grid_model import OVERSTAFFED, STAFFED, UNCOVERED, UNDERSTAFFED

BAR_COLOUR = QColor(70, 130, 180)
OVER_COLOUR = QColor(200, 40, 40)
NO_CAPACITY_COLOUR = QColor(160, 160, 160)


@dataclass
class Bar:
    """One staff member's workload (:mod:`algorithms.core.workload`)."""

    staff_id: str
    label: str
    load: float
    capacity: Optional[float]

    @property
    def use(self) -> Optional[float]:
        return None if not self.capacity else self.load / self.capacity

    @property
    def overloaded(self) -> bool:
        return is_over(self.load, self.capacity)


class WorkloadChart(QWidget):
    """Assigned population against capacity, one bar per staff member (worst first)."""

    staffClicked = pyqtSignal(str)  # noqa: N815 (Qt signal naming)

    ROW = 18
    GAP = 3
    MARGIN = 6

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bars: List[Bar] = []
        self._scale = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setMinimumWidth(220)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        """Show these bars: overloaded first, by use, then the rest by load."""
        self.bars = sorted(
            bars, key=lambda b: (-(b.use if b.use is not None else -1.0), -b.load, b.staff_id)
        )
        uses = [b.use for b in self.bars if b.use is not None]
        self._scale = max([1.0] + uses) * 1.08
        self.setFixedHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def values(self) -> Dict[str, tuple]:
        """``staff_id → (load, capacity, overloaded)`` as drawn (for tests and tooltips)."""
        return {b.staff_id: (b.load, b.capacity, b.overloaded) for b in self.bars}

    def sizeHint(self):
        rows = max(len(self.bars), 1)
        return QSize(320, 2 * self.MARGIN + 16 + rows * (self.ROW + self.GAP))

    def _label_width(self, metrics: QFontMetrics) -> int:
        widths = [metrics.horizontalAdvance(b.label) for b in self.bars[:200]]
        return min(max(widths + [40]) + 8, max(80, self.width() // 3))

    def _bar_at(self, y: float) -> Optional[Bar]:
        index = int((y - self.MARGIN - 16) // (self.ROW + self.GAP))
        return self.bars[index] if 0 <= index < len(self.bars) and y >= self.MARGIN + 16 else None

    def event(self, event):
        if event.type() == QEvent.Type.ToolTip:
            bar = self._bar_at(event.pos().y())
            if bar is None:
                QToolTip.hideText()
            elif bar.capacity:
                QToolTip.showText(
                    event.globalPos(),
                    self.tr(
                        "{name}: workload {load:,.0f}, capacity {capacity:,.0f} ({use:.0%})"
                    ).format(name=bar.label, load=bar.load, capacity=bar.capacity, use=bar.use),
                    self,
                )
            else:
                QToolTip.showText(
                    event.globalPos(),
                    self.tr("{name}: workload {load:,.0f}, no capacity given").format(
                        name=bar.label, load=bar.load
                    ),
                    self,
                )
            return True
        return super().event(event)

    def mousePressEvent(self, event):
        bar = self._bar_at(event.pos().y())
        if bar is not None:
            self.staffClicked.emit(bar.staff_id)
        super().mousePressEvent(event)

    def paintEvent(self, _event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        metrics = painter.fontMetrics()
        text_colour = palette.color(QPalette.ColorRole.Text)
        left = self.MARGIN + self._label_width(metrics)
        right = self.width() - self.MARGIN
        span = max(right - left, 10)
        top = self.MARGIN + 16
        if not self.bars:
            painter.setPen(text_colour)
            painter.drawText(
                self.rect(), int(Qt.AlignmentFlag.AlignCenter), self.tr("No staff in this project.")
            )
            return
        full = left + span / self._scale  # x of 100 % capacity
        painter.setPen(text_colour)
        mark = metrics.horizontalAdvance("100 %") // 2 + 6
        if full - left > right - full:  # the title goes where the 100 % mark is not
            title = QRectF(left, self.MARGIN, max(full - mark - left, 0), 14)
            align = Qt.AlignmentFlag.AlignLeft
        else:
            title = QRectF(full + mark, self.MARGIN, max(right - full - mark, 0), 14)
            align = Qt.AlignmentFlag.AlignRight
        painter.drawText(
            title,
            int(align | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(
                self.tr("Workload / capacity"),
                Qt.TextElideMode.ElideRight,
                int(title.width()),
            ),
        )
        painter.drawText(
            QRectF(full - 60, self.MARGIN, 120, 14), int(Qt.AlignmentFlag.AlignCenter), "100 %"
        )
        max_load = max([b.load for b in self.bars] + [1.0])
        for k, bar in enumerate(self.bars):
            y = top + k * (self.ROW + self.GAP)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(self.MARGIN, y, left - self.MARGIN - 6, self.ROW),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, left - self.MARGIN - 6),
            )
            if bar.use is not None:
                width = span * bar.use / self._scale
                colour = OVER_COLOUR if bar.overloaded else BAR_COLOUR
                text = "{:.0%}".format(bar.use)
            else:
                width = span * 0.5 * bar.load / max_load
                colour = NO_CAPACITY_COLOUR
                text = "{:,.0f}".format(bar.load)
            painter.fillRect(QRectF(left, y + 2, max(width, 1.0), self.ROW - 4), colour)
            painter.setPen(text_colour if not bar.overloaded else OVER_COLOUR)
            text_width = metrics.horizontalAdvance(text) + 4
            x = (
                left + width + 3
                if left + width + 3 + text_width <= right
                else left + width - text_width - 2
            )
            if x < left + width:
                painter.setPen(QColor(255, 255, 255))
            painter.drawText(
                QRectF(x, y, text_width, self.ROW),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
        pen = QPen(text_colour)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(
            int(full), top - 2, int(full), top + len(self.bars) * (self.ROW + self.GAP)
        )


class GridBalanceChart(QWidget):
    """Grids by staffing against the recommendation (counts, one bar per status)."""

    statusClicked = pyqtSignal(str)  # noqa: N815 (Qt signal naming)

    ROW = 18
    GAP = 4
    MARGIN = 6
    ORDER = (UNCOVERED, UNDERSTAFFED, STAFFED, OVERSTAFFED)
    COLOURS = {
        UNCOVERED: QColor(214, 96, 77),
        UNDERSTAFFED: QColor(240, 170, 80),
        STAFFED: QColor(110, 170, 110),
        OVERSTAFFED: QColor(100, 150, 210),
    }

    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts: Dict[str, int] = {s: 0 for s in self.ORDER}
        self._labels = {
            UNCOVERED: self.tr("No staff"),
            UNDERSTAFFED: self.tr("Fewer than recommended"),
            STAFFED: self.tr("As recommended"),
            OVERSTAFFED: self.tr("More than recommended"),
        }
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.sizeHint().height())

    def set_counts(self, counts: Dict[str, int]) -> None:
        self.counts = {s: int(counts.get(s, 0)) for s in self.ORDER}
        self.update()

    def sizeHint(self):
        return QSize(320, 2 * self.MARGIN + len(self.ORDER) * (self.ROW + self.GAP))

    def mousePressEvent(self, event):
        index = int((event.pos().y() - self.MARGIN) // (self.ROW + self.GAP))
        if 0 <= index < len(self.ORDER):
            self.statusClicked.emit(self.ORDER[index])
        super().mousePressEvent(event)

    def paintEvent(self, _event):
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        metrics = painter.fontMetrics()
        text_colour = palette.color(QPalette.ColorRole.Text)
        label_width = min(
            max(metrics.horizontalAdvance(t) for t in self._labels.values()) + 10, self.width() // 2
        )
        left = self.MARGIN + label_width
        right = self.width() - self.MARGIN - 50
        span = max(right - left, 10)
        total = max(sum(self.counts.values()), 1)
        for k, status in enumerate(self.ORDER):
            y = self.MARGIN + k * (self.ROW + self.GAP)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(self.MARGIN, y, label_width - 6, self.ROW),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                self._labels[status],
            )
            count = self.counts[status]
            width = span * count / total
            painter.fillRect(
                QRectF(left, y + 2, max(width, 1.0), self.ROW - 4), self.COLOURS[status]
            )
            painter.drawText(
                QRectF(left + width + 4, y, 60, self.ROW),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                "{:,}".format(count),
            )
