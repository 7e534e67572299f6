"""Chart parts the panels share: a category axis with wrapped plain-text labels, and a key.

Both draw their text with ``QPainter.drawText`` (plain text, never markup).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from .bars import HATCH_COLOUR, hatch_dots, hatch_lines
from .common import AXIS_TEXT, GRID_COLOUR, LABEL_COLOUR


class CategoryAxis(pg.AxisItem):
    """An axis labelling categories 0, 1, 2, ... with plain text wrapped to the space each one has.

    pyqtgraph's tick labels are one line each and are dropped when they
    overlap; here each label gets the band of its category (a column's width
    or a row's height), is word-wrapped into it with QFontMetrics and elided
    with "…" only when even that does not fit (the tooltip has the full text).
    The axis grows to the depth its labels need, up to ``max_depth`` pixels.

    A horizontal axis given ``short_labels`` switches to them when a word of
    the full labels is much wider than its column (a narrow dock), and back
    when there is room; ``on_abbreviate(bool)`` is then called (soon after the
    paint, never during it) so the panel can say which short label is whom.
    """

    def __init__(
        self, orientation: str, *, max_depth: int = 200, max_lines: int = 4, font_size: float = 10.0, **kwargs
    ) -> None:
        super().__init__(orientation, **kwargs)
        self.full_labels: list[str] = []
        self.max_depth = max_depth
        self.max_lines = max_lines
        self.emphasised: int | None = None
        self.setPen(pg.mkPen(GRID_COLOUR))
        self.setTextPen(pg.mkPen(AXIS_TEXT))
        font = QFont()
        font.setPointSizeF(font_size)
        self.setStyle(tickFont=font, tickLength=0, autoExpandTextSpace=False, tickTextOffset=6)
        self.setTicks([[], []])
        self.drawn: list[tuple[QRectF, str]] = []
        self.short_labels: list[str] = []
        self.abbreviated = False
        self.on_abbreviate: Callable[[bool], None] | None = None

    @property
    def vertical(self) -> bool:
        return self.orientation in ("left", "right")

    def set_categories(self, labels: list[str], short_labels: list[str] | None = None) -> None:
        self.full_labels = list(labels)
        self.short_labels = list(short_labels or [])
        if not self.short_labels:
            self.abbreviated = False
        self.picture = None
        self._fit_depth(None)
        self.update()

    def emphasise(self, index: int | None) -> None:
        """Draw one label in bold (the selected stakeholder)."""
        self.emphasised = index
        self.picture = None
        self.update()

    def _font(self, bold: bool = False) -> QFont:
        font = QFont(self.style["tickFont"])
        font.setBold(bold)
        return font

    def _band(self, index: int) -> QRectF:
        """The band of category ``index`` in this item's coordinates (text area only)."""
        view = self.linkedView()
        offset = self.style["tickTextOffset"][0 if self.vertical else 1]
        bounds = self.boundingRect()
        if view is None:
            return QRectF()
        a = self.mapFromScene(view.mapViewToScene(QPointF(index - 0.5, index - 0.5)))
        b = self.mapFromScene(view.mapViewToScene(QPointF(index + 0.5, index + 0.5)))
        if self.vertical:
            top, bottom = sorted((a.y(), b.y()))
            if self.orientation == "left":
                return QRectF(bounds.left() + 2, top, self.width() - offset - 2, bottom - top)
            return QRectF(offset, top, self.width() - offset - 2, bottom - top)
        left, right = sorted((a.x(), b.x()))
        pad = 3.0
        if self.orientation == "top":
            return QRectF(left + pad, bounds.top() + 2, right - left - 2 * pad, self.height() - offset - 2)
        return QRectF(left + pad, offset, right - left - 2 * pad, self.height() - offset - 2)

    def _lines(self, text: str, width: float, metrics: QFontMetricsF, max_lines: int) -> list[str]:
        words = text.split()
        lines: list[str] = []
        current = ""
        for word in words:
            trial = f"{current} {word}".strip()
            if metrics.horizontalAdvance(trial) <= width or not current:
                current = trial
            else:
                lines.append(current)
                current = word
        if current:
            lines.append(current)
        if len(lines) > max_lines:
            lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
        mode = Qt.TextElideMode.ElideRight
        return [metrics.elidedText(line, mode, max(width, 8.0)) for line in lines] or [""]

    @property
    def shown_labels(self) -> list[str]:
        return self.short_labels if self.abbreviated else self.full_labels

    def _choose_labels(self, bands: list[QRectF]) -> None:
        """Short labels when a word of a full label is over 25% wider than its column."""
        if not self.short_labels or not bands:
            return
        metrics = QFontMetricsF(self._font(True))
        widest = max(
            (
                metrics.horizontalAdvance(w) - band.width() * 1.25
                for t, band in zip(self.full_labels, bands, strict=True)
                for w in t.split()
            ),
            default=0.0,
        )
        abbreviate = widest > 0
        if abbreviate != self.abbreviated:
            self.abbreviated = abbreviate
            if self.on_abbreviate is not None:
                QTimer.singleShot(0, lambda: self.on_abbreviate(self.abbreviated))

    def _fit_depth(self, widths: list[float] | None) -> None:
        """Grow or shrink the axis to what its labels need."""
        metrics = QFontMetricsF(self._font(True))
        offset = self.style["tickTextOffset"][0 if self.vertical else 1]
        if self.vertical:
            natural = max((metrics.horizontalAdvance(t) for t in self.full_labels), default=0.0)
            depth = min(self.max_depth, natural + offset + 10)
            if abs(self.width() - depth) > 1:
                self.setWidth(int(depth))
            return
        if widths is None:
            return
        lines = max(
            (
                len(self._lines(t, w, metrics, self.max_lines))
                for t, w in zip(self.shown_labels, widths, strict=True)
            ),
            default=1,
        )
        depth = min(self.max_depth, lines * metrics.lineSpacing() + offset + 6)
        if abs(self.height() - depth) > 1:
            self.setHeight(int(depth))

    def generateDrawSpecs(self, p: QPainter):
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis_spec, tick_specs, _ = specs
        bands = [self._band(i) for i in range(len(self.full_labels))]
        if not self.vertical:
            self._choose_labels(bands)
            self._fit_depth([b.width() for b in bands])
        text_specs = []
        self.drawn = []
        for i, (label, band) in enumerate(zip(self.shown_labels, bands, strict=True)):
            metrics = QFontMetricsF(self._font(i == self.emphasised))
            if self.vertical:
                max_lines = max(1, min(self.max_lines, int(band.height() // metrics.lineSpacing())))
                align = Qt.AlignmentFlag.AlignVCenter | (
                    Qt.AlignmentFlag.AlignRight if self.orientation == "left" else Qt.AlignmentFlag.AlignLeft
                )
            else:
                max_lines = max(1, int(band.height() // metrics.lineSpacing()))
                align = Qt.AlignmentFlag.AlignHCenter | (
                    Qt.AlignmentFlag.AlignBottom if self.orientation == "top" else Qt.AlignmentFlag.AlignTop
                )
            text = "\n".join(self._lines(label, band.width(), metrics, max_lines))
            text_specs.append((band, align, text))
            self.drawn.append((band, text))
        return axis_spec, tick_specs, text_specs

    def drawPicture(self, p: QPainter, axisSpec, tickSpecs, textSpecs) -> None:
        super().drawPicture(p, axisSpec, tickSpecs, [])
        p.setPen(self.textPen())
        for i, (rect, flags, text) in enumerate(textSpecs):
            p.setFont(self._font(i == self.emphasised))
            p.drawText(rect, int(flags), text)

    def index_at(self, scene_pos: QPointF) -> int | None:
        """The category whose label is under ``scene_pos``, if any."""
        if not self.full_labels or not self.sceneBoundingRect().contains(scene_pos):
            return None
        view = self.linkedView()
        if view is None:
            return None
        point = view.mapSceneToView(scene_pos)
        value = point.y() if self.vertical else point.x()
        index = round(value)
        if 0 <= index < len(self.full_labels) and abs(value - index) <= 0.5:
            return index
        return None


@dataclass(frozen=True)
class LegendEntry:
    """A key entry: a filled swatch (with an optional hatch) or a line (optionally dashed)."""

    text: str
    colour: QColor | None  # None: a note without a swatch
    hatch: str = ""
    line: bool = False
    dashed: bool = False
    outline: QColor | None = None


class SwatchLegend(QWidget):
    """A key drawn with QPainter (plain text), laid out in rows that wrap to the width.

    It is a widget beside the chart, never over it, so it cannot hide data, and
    it is part of the exported figure.
    """

    SWATCH = 14
    GAP = 18

    def __init__(self, entries: list[LegendEntry] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[LegendEntry] = list(entries or [])
        font = QFont()
        font.setPointSizeF(9.5)
        self.setFont(font)

    def set_entries(self, entries: list[LegendEntry]) -> None:
        self.entries = list(entries)
        self.updateGeometry()
        self.update()

    def _layout(self, width: int) -> list[tuple[QRectF, LegendEntry]]:
        metrics = self.fontMetrics()
        line_height = max(metrics.height(), self.SWATCH) + 6
        x, y = 0.0, 2.0
        placed = []
        for entry in self.entries:
            w = (self.SWATCH + 6 if entry.colour is not None else 0) + metrics.horizontalAdvance(entry.text)
            if x > 0 and x + w > width:
                x, y = 0.0, y + line_height
            placed.append((QRectF(x, y, w, line_height - 6), entry))
            x += w + self.GAP
        return placed

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        placed = self._layout(max(width, 50))
        return int(placed[-1][0].bottom() + 6) if placed else 0

    def sizeHint(self):
        size = super().sizeHint()
        size.setHeight(self.heightForWidth(max(self.width(), 300)))
        return size

    def minimumSizeHint(self):
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for rect, entry in self._layout(self.width()):
            swatch = QRectF(rect.left(), rect.center().y() - self.SWATCH / 2, self.SWATCH, self.SWATCH)
            if entry.colour is None:
                swatch.setWidth(-6.0)
            elif entry.line:
                pen = QPen(entry.colour, 2.5)
                if entry.dashed:
                    pen.setDashPattern([3.0, 2.0])
                painter.setPen(pen)
                painter.drawLine(
                    QPointF(swatch.left(), swatch.center().y()), QPointF(swatch.right(), swatch.center().y())
                )
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(entry.colour)
                painter.drawRect(swatch)
                if entry.hatch == ".":
                    painter.setPen(QPen(HATCH_COLOUR, 1.6))
                    painter.drawPoints(hatch_dots(swatch, 5.0))
                elif entry.hatch:
                    painter.setPen(QPen(HATCH_COLOUR, 1.0))
                    painter.drawLines(hatch_lines(swatch, entry.hatch, 5.0))
                painter.setPen(QPen(entry.outline or entry.colour.darker(160), 1.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(swatch)
            painter.setPen(QPen(LABEL_COLOUR))
            text_rect = QRectF(
                swatch.right() + 6, rect.top(), rect.right() - swatch.right() - 6, rect.height()
            )
            painter.drawText(
                text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), entry.text
            )
        painter.end()
