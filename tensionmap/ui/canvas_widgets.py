"""Small widgets that live on top of the canvas viewport.

They are child widgets rather than scene items so they stay put and crisp
while the map pans and zooms.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QLineEdit, QWidget

from ..model import RELATION_SIGNS
from ..render import legend_size, paint_legend, style
from ..render.edge_items import arrow_polygon, draw_opposition_markers
from ..render.legend import legend_font

HEADER = 20.0  # the legend's title bar (click to fold)


def relation_tip(relation_type: str) -> str:
    sign = RELATION_SIGNS[relation_type]
    what = {1: "supportive (+)", -1: "opposing (\u2212)", 0: "neutral"}[sign]
    return f"{style.RELATION_WORDS[relation_type]}: {what}, drawn as in the legend"


def relation_icon(relation_type: str) -> QIcon:
    """A swatch of how the relation is drawn: colour, dash, arrowhead and the minus disc."""
    pixmap = QPixmap(44, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    edge = style.edge_style(relation_type)
    directed = style.is_directed(relation_type)
    painter.setPen(style.edge_pen(edge, 2.5))
    painter.drawLine(QPointF(2, 8), QPointF(42 - (9 if directed else 0), 8))
    if directed:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(edge.colour)
        painter.drawPolygon(arrow_polygon(2, 8, 42, 8, 1.5))
    if edge.marker:
        draw_opposition_markers(painter, [QPointF(20, 8)], edge.colour, 0.75)
    painter.end()
    return QIcon(pixmap)


class LegendOverlay(QWidget):
    """The map key, fixed in the corner of ``area`` (the canvas viewport).

    It is a child of the view, not of the viewport: scrolling the viewport
    moves the viewport's children along with the picture. A click on it folds
    it to its title bar (and back), so it never has to hide part of the map;
    presentation mode draws it larger.
    """

    #: Folded or unfolded, enlarged, or given other entries: the free area changed.
    changed = Signal()

    def __init__(self, parent: QWidget, area: QWidget) -> None:
        super().__init__(parent)
        self.area = area
        self.collapsed = False
        #: True once the user folded or unfolded it: the canvas no longer folds it by itself.
        self.user_set = False
        self.scale = 1.0
        self.extras: tuple[str, ...] = ()
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        area.installEventFilter(self)  # follow the viewport's own resizes, whoever causes them
        self._resize()

    def header_height(self) -> int:
        return round(HEADER * self.scale)

    def _resize(self) -> None:
        w, h = legend_size(self.extras, self.scale)
        header = self.header_height()
        if self.collapsed:
            self.setFixedSize(self.folded_width(), header)
        else:
            self.setFixedSize(int(w) + 2, header + int(h) + 2)
        self.place()
        self.update()

    def _title_font(self) -> QFont:
        font = legend_font()
        font.setPointSizeF(font.pointSizeF() * self.scale)
        font.setBold(True)
        return font

    def folded_width(self) -> int:
        """The width of the title bar alone ("▸ Legend")."""
        return int(QFontMetricsF(self._title_font()).horizontalAdvance("\u25b8 Legend") + 20 * self.scale)

    def set_collapsed(self, collapsed: bool) -> None:
        if collapsed != self.collapsed:
            self.collapsed = collapsed
            self._resize()
            self.changed.emit()

    def set_scale(self, scale: float) -> None:
        if scale != self.scale:
            self.scale = scale
            self._resize()
            self.changed.emit()

    def set_extras(self, extras: tuple[str, ...]) -> None:
        if tuple(extras) != self.extras:
            self.extras = tuple(extras)
            self._resize()
            self.changed.emit()

    def place(self, margin: int = 12) -> None:
        """Sit in the bottom-right corner of the area, above it."""
        corner = self.area.geometry().bottomRight()
        self.move(corner.x() - self.width() - margin + 1, corner.y() - self.height() - margin + 1)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.area and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.place()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.user_set = True
            self.set_collapsed(not self.collapsed)
            event.accept()
            return
        super().mousePressEvent(event)

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        header = self.header_height()
        bar = QRectF(0.5, 0.5, self.width() - 1.0, header - 1.0)
        painter.setPen(QPen(QColor("#C8C8C8"), 1))
        painter.setBrush(QColor(248, 248, 248, 240))
        painter.drawRoundedRect(bar, 6, 6)
        painter.setFont(self._title_font())
        painter.setPen(style.LABEL_COLOUR)
        arrow = "\u25b8" if self.collapsed else "\u25be"
        painter.drawText(
            bar.adjusted(8 * self.scale, 0, -8 * self.scale, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            f"{arrow} Legend",
        )
        if not self.collapsed:
            paint_legend(painter, QPointF(0.5, header + 0.5), self.extras, self.scale)
        painter.end()


class LabelEditor(QLineEdit):
    """In-place label editor: ``finished(True)`` on Enter or focus loss, ``finished(False)`` on Escape."""

    finished = Signal(bool)

    def __init__(self, parent: QWidget, text: str, over: QRect) -> None:
        super().__init__(parent)
        self._done = False
        self.setText(text)
        self.selectAll()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFont(style.label_font())
        width = max(over.width(), 220)
        self.setGeometry(over.center().x() - width // 2, over.center().y() - 16, width, 32)
        self.returnPressed.connect(lambda: self._finish(True))

    def _finish(self, apply: bool) -> None:
        if not self._done:
            self._done = True
            self.finished.emit(apply)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._finish(False)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._finish(True)
