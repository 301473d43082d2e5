"""A light line chart of training figures (loss by step), drawn with QPainter.

Usage::

    chart = LossChartWidget()
    chart.add_series("train", self.tr("Training loss"))
    chart.add_series("val", self.tr("Validation loss"), QColor("#d84a3a"), markers=True)
    chart.set_axis_titles(self.tr("Step"), self.tr("Loss"))
    chart.add_point("train", step, loss)   # from a progress slot
    chart.clear_points()                   # a new run

Series keep their order, colour and label; the axes fit every point shown.
Non-finite values are ignored. ``points_added`` tells tests and other
widgets that the chart changed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# distinguishable on light and dark palettes, and for common colour blindness
PALETTE = ("#3b7dd8", "#e07b39", "#3aa37a", "#b04fc4", "#c9a227", "#6c7a89")
MARGIN = 8
TICKS = 5
# Points kept per series; older points are thinned so drawing stays cheap.
MAX_POINTS = 4000


@dataclass
class Series:
    key: str
    label: str
    color: QColor
    markers: bool = False
    points: list[tuple[float, float]] = field(default_factory=list)


class LossChartWidget(QWidget):
    """Named series of (x, y) points with autoscaled axes and a legend."""

    points_added = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series: dict[str, Series] = {}
        self._x_title = ""
        self._y_title = ""
        self._placeholder = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 120)

    # the API

    def add_series(
        self,
        key: str,
        label: str,
        color: QColor | None = None,
        *,
        markers: bool = False,
    ) -> None:
        """Add a series (or relabel an existing one, keeping its points).

        ``markers`` draws a dot on each point (for sparse measurements).
        """
        if key in self._series:
            self._series[key].label = label
        else:
            color = color or QColor(PALETTE[len(self._series) % len(PALETTE)])
            self._series[key] = Series(key, label, color, markers)
        self.update()

    def set_series_label(self, key: str, label: str) -> None:
        self._series[key].label = label
        self.update()

    def set_axis_titles(self, x_title: str, y_title: str) -> None:
        self._x_title, self._y_title = x_title, y_title
        self.update()

    def set_placeholder(self, text: str) -> None:
        """What the chart says while it has no points."""
        self._placeholder = text
        self.update()

    def add_point(self, key: str, x: float, y: float) -> None:
        """Append a point; a point at an x already shown replaces it."""
        if not (math.isfinite(x) and math.isfinite(y)):
            return
        points = self._series[key].points
        if points and points[-1][0] == x:
            points[-1] = (x, y)
        else:
            points.append((x, y))
        if len(points) > MAX_POINTS:
            # keep the first and last points, drop every other one between
            points[1:-1] = points[1:-1:2]
        self.update()
        self.points_added.emit(key)

    def set_points(self, key: str, points: list[tuple[float, float]]) -> None:
        finite = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
        self._series[key].points = finite
        self.update()
        self.points_added.emit(key)

    def points(self, key: str) -> list[tuple[float, float]]:
        return list(self._series[key].points)

    def series_keys(self) -> list[str]:
        return list(self._series)

    def clear_points(self) -> None:
        for series in self._series.values():
            series.points.clear()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, 220)

    # drawing

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        bounds = self._bounds()
        if bounds is None:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self._placeholder
            )
            return
        plot = self._plot_rect(painter)
        self._draw_axes(painter, plot, bounds)
        painter.setClipRect(plot.adjusted(-2, -2, 2, 2))
        for series in self._series.values():
            self._draw_series(painter, plot, bounds, series)
        painter.setClipping(False)
        self._draw_legend(painter, plot)

    def _bounds(self) -> tuple[float, float, float, float] | None:
        points = [p for s in self._series.values() for p in s.points]
        if not points:
            return None
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, x1 = min(xs), max(xs)
        y0, y1 = min(ys), max(ys)
        if x1 - x0 < 1e-12:
            x0, x1 = x0 - 1, x1 + 1
        pad = (y1 - y0) * 0.08 or max(abs(y1) * 0.1, 0.1)
        return x0, x1, nice_floor(y0 - pad), nice_ceil(y1 + pad)

    def _plot_rect(self, painter: QPainter) -> QRectF:
        metrics = painter.fontMetrics()
        label_width = max(metrics.horizontalAdvance("0.000") + 6, 36)
        height = metrics.height()
        left = MARGIN + height + label_width
        bottom = MARGIN + 2 * height + 4
        return QRectF(
            left,
            MARGIN + height // 2,
            max(10, self.width() - left - MARGIN * 2),
            max(10, self.height() - bottom - MARGIN - height // 2),
        )

    def _draw_axes(
        self,
        painter: QPainter,
        plot: QRectF,
        bounds: tuple[float, float, float, float],
    ) -> None:
        x0, x1, y0, y1 = bounds
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.Text)
        grid = QColor(text_colour)
        grid.setAlpha(40)
        metrics = painter.fontMetrics()
        for value in ticks(y0, y1):
            y = plot.bottom() - (value - y0) / (y1 - y0) * plot.height()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_colour)
            rect = QRectF(
                0, y - metrics.height() / 2, plot.left() - 4, metrics.height()
            )
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight, format_tick(value))
        for value in ticks(x0, x1):
            x = plot.left() + (value - x0) / (x1 - x0) * plot.width()
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(text_colour)
            rect = QRectF(x - 40, plot.bottom() + 2, 80, metrics.height())
            painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter, format_tick(value))
        painter.setPen(QPen(text_colour, 1))
        painter.drawRect(plot)
        self._draw_titles(painter, plot)

    def _draw_titles(self, painter: QPainter, plot: QRectF) -> None:
        metrics = painter.fontMetrics()
        below = QRectF(
            plot.left(), plot.bottom() + metrics.height() + 4, plot.width(), 99
        )
        painter.drawText(below, Qt.AlignmentFlag.AlignHCenter, self._x_title)
        painter.save()
        painter.translate(MARGIN, plot.center().y())
        painter.rotate(-90)
        side = QRectF(-plot.height() / 2, 0, plot.height(), metrics.height())
        painter.drawText(side, Qt.AlignmentFlag.AlignHCenter, self._y_title)
        painter.restore()

    def _draw_series(
        self,
        painter: QPainter,
        plot: QRectF,
        bounds: tuple[float, float, float, float],
        series: Series,
    ) -> None:
        if not series.points:
            return
        x0, x1, y0, y1 = bounds

        def at(x: float, y: float) -> QPointF:
            return QPointF(
                plot.left() + (x - x0) / (x1 - x0) * plot.width(),
                plot.bottom() - (y - y0) / (y1 - y0) * plot.height(),
            )

        path = QPainterPath(at(*series.points[0]))
        for x, y in series.points[1:]:
            path.lineTo(at(x, y))
        painter.setPen(QPen(series.color, 2))
        painter.drawPath(path)
        if series.markers or len(series.points) == 1:
            painter.setBrush(series.color)
            for x, y in series.points:
                painter.drawEllipse(at(x, y), 3, 3)
            painter.setBrush(Qt.BrushStyle.NoBrush)

    def _draw_legend(self, painter: QPainter, plot: QRectF) -> None:
        shown = [s for s in self._series.values() if s.label]
        if not shown:
            return
        metrics = painter.fontMetrics()
        row = metrics.height() + 2
        width = max(metrics.horizontalAdvance(s.label) for s in shown) + 30
        box = QRectF(plot.right() - width - 6, plot.top() + 6, width, row * len(shown))
        background = self.palette().color(QPalette.ColorRole.Base)
        background.setAlpha(220)
        painter.fillRect(box.adjusted(-4, -3, 4, 3), background)
        for i, series in enumerate(shown):
            y = box.top() + i * row + row / 2
            painter.setPen(QPen(series.color, 3))
            painter.drawLine(QPointF(box.left(), y), QPointF(box.left() + 18, y))
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            text = QRectF(box.left() + 24, y - row / 2, width, row)
            painter.drawText(text, Qt.AlignmentFlag.AlignVCenter, series.label)


def nice_step(span: float, count: int = TICKS) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``count``
    ticks over ``span``."""
    raw = span / max(1, count)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def nice_floor(value: float) -> float:
    step = nice_step(abs(value) or 1.0, 20)
    return math.floor(value / step) * step


def nice_ceil(value: float) -> float:
    step = nice_step(abs(value) or 1.0, 20)
    return math.ceil(value / step) * step


def ticks(low: float, high: float, count: int = TICKS) -> list[float]:
    """Round values between ``low`` and ``high`` to label an axis with."""
    step = nice_step(high - low, count)
    first = math.ceil(low / step - 1e-9) * step
    values, value = [], first
    while value <= high + step * 1e-9 and len(values) < 50:
        values.append(round(value, 10))
        value += step
    return values


def format_tick(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.3g}"
