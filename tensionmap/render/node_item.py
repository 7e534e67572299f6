"""The graphics item for one stakeholder or driver.

Items only draw and report gestures; they never change the model. The label
is laid out once per text (wrapped at ~24 characters, measured with the label
font) and the node's size follows it, so a label is never clipped. All text
is drawn with ``QPainter.drawText`` on plain strings: user text is never
interpreted as markup.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..model import Node
from . import style

RING = 5.0  # room outside the outline for the selection ring


@dataclass(frozen=True)
class LabelLayout:
    """A label's wrapped lines and the box they need."""

    lines: tuple[str, ...]
    width: float
    height: float
    line_height: float


def wrap_label(text: str, width: int = style.WRAP_CHARS) -> tuple[str, ...]:
    """Wrap at word boundaries near ``width`` characters; keeps explicit line breaks."""
    if len(text) <= width and "\n" not in text and "\r" not in text:
        return (text.strip(),)  # the common case, without textwrap's regex work
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(para, width, break_on_hyphens=True) or [""])
    return tuple(lines)


@lru_cache(maxsize=1)
def _label_metrics() -> QFontMetricsF:
    return QFontMetricsF(style.label_font())


@lru_cache(maxsize=8192)
def layout_label(text: str) -> LabelLayout:
    """Measure a label once; the cache keeps big maps from re-measuring on every paint."""
    metrics = _label_metrics()
    lines = wrap_label(text)
    width = max((metrics.horizontalAdvance(line) for line in lines), default=0.0)
    line_height = metrics.lineSpacing()
    return LabelLayout(lines, math.ceil(width) + 1.0, line_height * len(lines), line_height)


def node_size(node: Node) -> tuple[float, float, float]:
    """(width, height, hexagon point depth) of a node's outline, from its label."""
    lay = layout_label(node.label)
    height = max(lay.height + 2 * style.NODE_PAD_Y, style.GLYPH_SIZE + 2 * style.NODE_PAD_Y)
    point = height * 0.32 if node.kind == "driver" else 0.0
    width = lay.width + 2 * style.NODE_PAD_X + style.GLYPH_SIZE + 6.0 + 2 * point
    return max(width, style.MIN_NODE_WIDTH), height, point


def outline_path(kind: str, rect: QRectF, point: float) -> QPainterPath:
    """Stakeholders: rounded rectangle. Drivers: elongated hexagon."""
    path = QPainterPath()
    if kind == "driver":
        cy = rect.center().y()
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(rect.left(), cy),
                    QPointF(rect.left() + point, rect.top()),
                    QPointF(rect.right() - point, rect.top()),
                    QPointF(rect.right(), cy),
                    QPointF(rect.right() - point, rect.bottom()),
                    QPointF(rect.left() + point, rect.bottom()),
                ]
            )
        )
        path.closeSubpath()
    else:
        path.addRoundedRect(rect, style.CORNER_RADIUS, style.CORNER_RADIUS)
    return path


def draw_glyph(painter: QPainter, kind: str, centre: QPointF) -> None:
    """A small icon so kind reads without colour: a person, or a compass arrow."""
    s = style.GLYPH_SIZE
    if kind == "stakeholder":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.STAKEHOLDER_GLYPH)
        painter.drawEllipse(QPointF(centre.x(), centre.y() - s * 0.22), s * 0.2, s * 0.2)
        body = QPainterPath()
        body.moveTo(centre.x() - s * 0.42, centre.y() + s * 0.45)
        body.cubicTo(
            centre.x() - s * 0.42,
            centre.y() - s * 0.02,
            centre.x() + s * 0.42,
            centre.y() - s * 0.02,
            centre.x() + s * 0.42,
            centre.y() + s * 0.45,
        )
        body.closeSubpath()
        painter.drawPath(body)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.DRIVER_GLYPH)
        # a right-pointing chevron arrow: a force pulling one way
        arrow = QPolygonF(
            [
                QPointF(centre.x() - s * 0.45, centre.y() - s * 0.4),
                QPointF(centre.x() + s * 0.05, centre.y() - s * 0.4),
                QPointF(centre.x() + s * 0.5, centre.y()),
                QPointF(centre.x() + s * 0.05, centre.y() + s * 0.4),
                QPointF(centre.x() - s * 0.45, centre.y() + s * 0.4),
                QPointF(centre.x() - s * 0.05, centre.y()),
            ]
        )
        painter.drawPolygon(arrow)


def clip_to_outline(
    cx: float, cy: float, hw: float, hh: float, point: float, tx: float, ty: float
) -> tuple[float, float]:
    """Where the line from a node's centre (cx, cy) towards (tx, ty) leaves its outline.

    Plain floats, no Qt objects: routing runs for every edge of a big map.
    """
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    # side: |x| = hw - point * |y| / hh (a vertical side when point is 0); top/bottom: |y| = hh
    side = abs(dx) + point * abs(dy) / hh
    sx = hw / side if side else math.inf
    sy = hh / abs(dy) if dy else math.inf
    t = sx if sx < sy else sy
    return cx + dx * t, cy + dy * t


_NODE_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable


class NodeItem(QGraphicsItem):
    """A stakeholder (rounded rectangle) or driver (hexagon), centred on the node's x, y."""

    def __init__(self, node: Node) -> None:
        super().__init__()
        self.node_id = node.id
        self.hovered = False
        self.display_scale = 1.0
        self.setFlags(_NODE_FLAGS)
        self.setAcceptHoverEvents(True)
        self.setZValue(10)
        self._apply(node)
        self.setPos(node.x, node.y)

    # -------------------------------------------------------------- model
    def _apply(self, node: Node) -> None:
        self.node = node
        self.layout = layout_label(node.label)
        w, h, self.point = node_size(node)
        self.rect = QRectF(-w / 2, -h / 2, w, h)
        self._bounds = self.rect.adjusted(-RING, -RING, RING, RING)
        self._path: QPainterPath | None = None  # built on first paint or hit test

    def set_node(self, node: Node) -> None:
        """Show a new value of the node (label, kind, position)."""
        if (node.label, node.kind) != (self.node.label, self.node.kind):
            self.prepareGeometryChange()
            self._apply(node)
            self.update()
        else:
            self.node = node
        if (self.pos().x(), self.pos().y()) != (node.x, node.y):
            self.setPos(node.x, node.y)

    @property
    def label(self) -> str:
        return self.node.label

    def outline_extent(self) -> tuple[float, float, float]:
        """(half width, half height, hexagon point depth) in scene units: what edge routing needs."""
        k = self.display_scale
        return self.rect.width() / 2 * k, self.rect.height() / 2 * k, self.point * k

    def set_display_scale(self, k: float) -> None:
        """Draw the node ``k`` times its natural size (keeps labels legible when zoomed out)."""
        self.display_scale = k
        self.setScale(k)

    def boundary_point(self, towards: QPointF) -> QPointF:
        """Where a line from the centre towards ``towards`` leaves the outline (scene coords)."""
        c = self.pos()
        x, y = clip_to_outline(c.x(), c.y(), *self.outline_extent(), towards.x(), towards.y())
        return QPointF(x, y)

    # ----------------------------------------------------------- QGraphics
    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._path is None:
            self._path = outline_path(self.node.kind, self.rect, self.point)
        return self._path

    def hoverEnterEvent(self, event: object) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event: object) -> None:
        self.hovered = False
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        driver = self.node.kind == "driver"
        fill = style.DRIVER_FILL if driver else style.STAKEHOLDER_FILL
        border = style.DRIVER_BORDER if driver else style.STAKEHOLDER_BORDER
        if lod < style.DETAIL_LOD:  # overview: a plain shape is all that can be seen
            painter.setPen(QPen(border, 1.5))
            painter.setBrush(fill)
            if self.isSelected():
                painter.setPen(QPen(style.SELECTION_COLOUR, 6))
            painter.drawRect(self.rect)
            return
        selected = self.isSelected()
        if selected:
            painter.setPen(QPen(style.SELECTION_COLOUR, 4.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            ring = self.rect.adjusted(-3, -3, 3, 3)
            painter.drawPath(outline_path(self.node.kind, ring, self.point * 1.05 if driver else 0))
        pen = QPen(style.HOVER_COLOUR if self.hovered else border, 2.2 if (self.hovered or selected) else 1.4)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawPath(self.shape())
        glyph_x = self.rect.left() + self.point + style.NODE_PAD_X * 0.6 + style.GLYPH_SIZE / 2
        draw_glyph(painter, self.node.kind, QPointF(glyph_x, 0.0))
        painter.setPen(style.LABEL_COLOUR)
        painter.setFont(style.label_font())
        lay = self.layout
        text_left = glyph_x + style.GLYPH_SIZE / 2 + 6.0
        text_width = self.rect.right() - self.point - style.NODE_PAD_X - text_left
        top = -lay.height / 2
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        for i, line in enumerate(lay.lines):
            box = QRectF(text_left, top + i * lay.line_height, max(text_width, lay.width), lay.line_height)
            painter.drawText(box, flags, line)
