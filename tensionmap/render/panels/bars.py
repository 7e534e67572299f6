"""A bar chart item with fills *and* hatching, drawn as plain lines so it survives SVG export.

pyqtgraph's BarGraphItem can only fill with a Qt brush pattern, which loses
the colour under it and turns into a blurry bitmap in SVG. Here every bar is a
filled rectangle; its hatch is drawn in device pixels as real line segments
clipped by hand, so the spacing stays even at any zoom and in any export.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

HATCH_COLOUR = QColor(0, 0, 0, 125)
HATCH_SPACING = 6.0


@dataclass(frozen=True)
class Bar:
    """One bar in data coordinates; ``key`` says what it stands for (for clicks and tests)."""

    key: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float
    fill: QColor
    hatch: str = ""  # "", "/", "x" or "."
    outline: QColor | None = None
    outline_width: float = 1.0
    hatch_colour: QColor | None = None

    def rect(self) -> QRectF:
        return QRectF(self.x, self.y, self.width, self.height).normalized()


def _diagonals(rect: QRectF, spacing: float, rising: bool) -> list[QLineF]:
    """45° lines across ``rect`` (device coordinates, y down), clipped to it."""
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    lines: list[QLineF] = []
    if rising:  # "/": x + y = c
        c = left + top + spacing / 2
        while c < right + bottom:
            x0, x1 = max(left, c - bottom), min(right, c - top)
            if x1 > x0:
                lines.append(QLineF(x0, c - x0, x1, c - x1))
            c += spacing
    else:  # "\": x - y = c
        c = left - bottom + spacing / 2
        while c < right - top:
            x0, x1 = max(left, c + top), min(right, c + bottom)
            if x1 > x0:
                lines.append(QLineF(x0, x0 - c, x1, x1 - c))
            c += spacing
    return lines


def hatch_lines(rect: QRectF, hatch: str, spacing: float = HATCH_SPACING) -> list[QLineF]:
    if hatch == "/":
        return _diagonals(rect, spacing, True)
    if hatch == "x":
        return _diagonals(rect, spacing * 1.4, True) + _diagonals(rect, spacing * 1.4, False)
    return []


def hatch_dots(rect: QRectF, spacing: float = HATCH_SPACING) -> list[QPointF]:
    points: list[QPointF] = []
    y = rect.top() + spacing / 2
    row = 0
    while y < rect.bottom():
        x = rect.left() + (spacing / 2 if row % 2 else spacing)
        while x < rect.right():
            points.append(QPointF(x, y))
            x += spacing
        y += spacing
        row += 1
    return points


class BarsItem(pg.GraphicsObject):
    """Filled, hatched, optionally outlined bars; replaced as a whole by :meth:`set_bars`."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[Bar] = []
        self._bounds = QRectF()

    def set_bars(self, bars: list[Bar]) -> None:
        self.prepareGeometryChange()
        self.bars = list(bars)
        rect = QRectF()
        for bar in self.bars:
            rect = rect.united(bar.rect())
        self._bounds = rect
        self.informViewBoundsChanged()
        self.update()

    def bar_at(self, point: QPointF) -> Bar | None:
        """The bar containing data point ``point`` (empty bars never match)."""
        for bar in self.bars:
            if bar.height and bar.width and bar.rect().contains(point):
                return bar
        return None

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange=None):
        if not self.bars:
            return (None, None)
        if axis == 0:
            values = [v for b in self.bars for v in (b.x, b.x + b.width)]
        else:
            values = [v for b in self.bars for v in (b.y, b.y + b.height)]
        return (float(np.min(values)), float(np.max(values)))

    def paint(self, painter: QPainter, *args) -> None:
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for bar in self.bars:
            if not bar.height or not bar.width:
                continue
            device = transform.mapRect(bar.rect())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(bar.fill))
            painter.drawRect(device)
            if bar.hatch:
                pen = QPen(bar.hatch_colour or HATCH_COLOUR, 1.6 if bar.hatch == "." else 1.0)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                if bar.hatch == ".":
                    painter.drawPoints(hatch_dots(device))
                else:
                    painter.drawLines(hatch_lines(device, bar.hatch))
            edge = QPen(bar.outline or bar.fill.darker(160), bar.outline_width)
            edge.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(edge)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(device)
        painter.restore()
