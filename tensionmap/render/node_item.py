"""The graphics item for one stakeholder or driver.

Items only draw and report gestures; they never change the model. The label
is laid out once per text (wrapped at ~24 characters, measured with the label
font) and the node's size follows it, so a label is never clipped. All text
is drawn with ``QPainter.drawText`` on plain strings: user text is never
interpreted as markup.

Everything a node draws depends only on its kind and label, so it is built
once per (kind, label) and shared (``node_art``): painting a node is then a
handful of calls with ready-made paths, pens and text boxes, which matters for
exports and first paints of big maps, where every item is fresh.
"""

from __future__ import annotations

import math
import textwrap
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..model import Node
from . import style
from .node_colours import node_colours

RING = 5.0  # room outside the outline for the selection ring


@dataclass(frozen=True)
class LabelLayout:
    """A label's wrapped lines and the box they need."""

    lines: tuple[str, ...]
    width: float
    height: float
    line_height: float
    advances: tuple[float, ...] = ()  # each line's width, as measured


def wrap_label(text: str, width: int = style.WRAP_CHARS) -> tuple[str, ...]:
    """Wrap at word boundaries near ``width`` characters; keeps explicit line breaks."""
    if len(text) <= width and "\n" not in text and "\r" not in text:
        return (text.strip(),)  # the common case, without textwrap's regex work
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(para, width, break_on_hyphens=True) or [""])
    return tuple(lines)


_FONT: list[QFont] = []  # the label font, once made (a QFont needs a running application)


def _label_font() -> QFont:
    if not _FONT:
        _FONT.append(style.label_font())
    return _FONT[0]


@lru_cache(maxsize=1)
def _label_metrics() -> QFontMetricsF:
    return QFontMetricsF(_label_font())


@lru_cache(maxsize=8192)
def layout_label(text: str) -> LabelLayout:
    """Measure a label once; the cache keeps big maps from re-measuring on every paint."""
    metrics = _label_metrics()
    lines = wrap_label(text)
    advances = tuple(metrics.horizontalAdvance(line) for line in lines)
    width = max(advances, default=0.0)
    line_height = metrics.lineSpacing()
    return LabelLayout(lines, math.ceil(width) + 1.0, line_height * len(lines), line_height, advances)


def node_size(node: Node) -> tuple[float, float, float]:
    """(width, height, hexagon point depth) of a node's outline, from its label."""
    return _outline_size(node.kind, node.label)


def _outline_size(kind: str, label: str) -> tuple[float, float, float]:
    lay = layout_label(label)
    height = max(lay.height + 2 * style.NODE_PAD_Y, style.GLYPH_SIZE + 2 * style.NODE_PAD_Y)
    point = height * 0.32 if kind == "driver" else 0.0
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


def glyph_shapes(kind: str, centre: QPointF) -> tuple[QRectF | None, QPainterPath | QPolygonF]:
    """The kind icon's pieces: (head ellipse's box, body path) of a person, or (None, arrow polygon)."""
    s = style.GLYPH_SIZE
    x, y = centre.x(), centre.y()
    if kind == "stakeholder":
        head = QRectF(x - s * 0.2, y - s * 0.22 - s * 0.2, s * 0.4, s * 0.4)
        body = QPainterPath()
        body.moveTo(x - s * 0.42, y + s * 0.45)
        body.cubicTo(x - s * 0.42, y - s * 0.02, x + s * 0.42, y - s * 0.02, x + s * 0.42, y + s * 0.45)
        body.closeSubpath()
        return head, body
    # a right-pointing chevron arrow: a force pulling one way
    arrow = QPolygonF(
        [
            QPointF(x - s * 0.45, y - s * 0.4),
            QPointF(x + s * 0.05, y - s * 0.4),
            QPointF(x + s * 0.5, y),
            QPointF(x + s * 0.05, y + s * 0.4),
            QPointF(x - s * 0.45, y + s * 0.4),
            QPointF(x - s * 0.05, y),
        ]
    )
    return None, arrow


def draw_glyph(painter: QPainter, kind: str, centre: QPointF) -> None:
    """A small icon so kind reads without colour: a person, or a compass arrow."""
    head, body = glyph_shapes(kind, centre)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_GLYPH_BRUSHES[kind == "stakeholder"])
    if head is None:
        painter.drawPolygon(body)
    else:
        painter.drawEllipse(head)
        painter.drawPath(body)  # type: ignore[arg-type]  # PySide6 stubs miss the QPainterPath overload


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


@dataclass(frozen=True)
class NodeArt:
    """What a node draws, in item coordinates: the same for every node of one kind and label."""

    outline: QPainterPath
    glyph: QPainterPath | QPolygonF  # a stakeholder's person (head and body, one path), a driver's arrow
    text: tuple[tuple[QRectF, str], ...]  # each label line and the box it is centred in
    #: Each line with where its baseline starts when drawn at the label font's own DPI, or None
    #: when a line needs the full text layout (tabs, control or right-to-left characters).
    baselines: tuple[tuple[QPointF, str], ...] | None
    fill: QBrush
    border: QPen
    bold_border: QPen  # selected
    glyph_brush: QBrush


@lru_cache(maxsize=8192)
def node_art(kind: str, label: str) -> NodeArt:
    """The shapes and text boxes of a node, built once per (kind, label) and shared."""
    w, h, point = _outline_size(kind, label)
    rect = QRectF(-w / 2, -h / 2, w, h)
    glyph_x = rect.left() + point + style.NODE_PAD_X * 0.6 + style.GLYPH_SIZE / 2
    head, glyph = glyph_shapes(kind, QPointF(glyph_x, 0.0))
    if head is not None:  # one fill for both: they do not overlap, so it covers the same pixels
        person = QPainterPath()
        person.addEllipse(head)
        person.addPath(glyph)  # type: ignore[arg-type]  # PySide6 stubs miss the QPainterPath overload
        glyph = person
    lay = layout_label(label)
    text_left = glyph_x + style.GLYPH_SIZE / 2 + 6.0
    text_width = max(rect.right() - point - style.NODE_PAD_X - text_left, lay.width)
    top = -lay.height / 2
    text = tuple(
        (QRectF(text_left, top + i * lay.line_height, text_width, lay.line_height), line)
        for i, line in enumerate(lay.lines)
    )
    driver, person = kind == "driver", kind == "stakeholder"
    return NodeArt(
        outline_path(kind, rect, point),
        glyph,
        text,
        _baselines(text, lay.advances),
        _FILLS[driver],
        _BORDER_PENS[driver],
        _BOLD_BORDER_PENS[driver],
        _GLYPH_BRUSHES[person],
    )


def _baselines(
    text: tuple[tuple[QRectF, str], ...], advances: tuple[float, ...]
) -> tuple[tuple[QPointF, str], ...] | None:
    """Where ``drawText(box, AlignHCenter | AlignVCenter, line)`` puts each line's baseline.

    ``drawText(QPointF, line)`` there draws the same glyphs at the same place, without
    laying the text out again (it computes the centring the way Qt's text layout does,
    in its 1/64 pixel fixed point: truncated, not rounded). Lines the shortcut would
    not draw alike (tabs, line separators, format or right-to-left characters) keep the box.
    """
    if not all(_plain_line(line) for _, line in text):
        return None
    metrics = _label_metrics()
    ascent, descent = metrics.ascent(), metrics.descent()
    points = []
    for (box, line), advance in zip(text, advances, strict=True):
        x = box.left() + (box.width() - advance) / 2
        top = box.top() + (box.height() - (ascent + descent)) / 2
        points.append((QPointF(x, int(top * 64) / 64 + ascent), line))
    return tuple(points)


def _plain_line(line: str) -> bool:
    """Printable, and no right-to-left text (Hebrew starts at U+0590)."""
    if line.isascii():
        return line.isprintable()
    return line.isprintable() and not any(
        ord(c) >= 0x590 and unicodedata.bidirectional(c) in _RTL for c in line
    )


_RTL = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})


@lru_cache(maxsize=1)
def _label_dpi() -> int:
    """The DPI label text is measured at (see ``layout_label``): the screen's logical DPI."""
    screen = QGuiApplication.primaryScreen()
    return round(screen.logicalDotsPerInchY()) if screen is not None else 96


# Pens and brushes, made once: painting a node builds no Qt objects.
_TEXT_FLAGS = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
_FILLS = {True: QBrush(style.DRIVER_FILL), False: QBrush(style.STAKEHOLDER_FILL)}  # by "is a driver"
_BORDER_PENS = {True: QPen(style.DRIVER_BORDER, 1.4), False: QPen(style.STAKEHOLDER_BORDER, 1.4)}
_BOLD_BORDER_PENS = {True: QPen(style.DRIVER_BORDER, 2.2), False: QPen(style.STAKEHOLDER_BORDER, 2.2)}
_OVERVIEW_PENS = {True: QPen(style.DRIVER_BORDER, 1.5), False: QPen(style.STAKEHOLDER_BORDER, 1.5)}
_GLYPH_BRUSHES = {True: QBrush(style.STAKEHOLDER_GLYPH), False: QBrush(style.DRIVER_GLYPH)}  # "a person?"
_HOVER_PEN = QPen(style.HOVER_COLOUR, 2.2)
_RING_PEN = QPen(style.SELECTION_COLOUR, 4.0)
_OVERVIEW_SELECTED_PEN = QPen(style.SELECTION_COLOUR, 6)
_LABEL_PEN = QPen(style.LABEL_COLOUR)
_NO_PEN = QPen(Qt.PenStyle.NoPen)

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
        self._art: NodeArt | None = None  # looked up on first paint or hit test

    def set_node(self, node: Node) -> None:
        """Show a new value of the node (label, kind, position)."""
        if (node.label, node.kind) != (self.node.label, self.node.kind):
            self.prepareGeometryChange()
            self._apply(node)
            self.update()
        else:
            if node.colour != self.node.colour:
                self.update()
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

    def art(self) -> NodeArt:
        """The node's shapes and text boxes (shared with every node of the same kind and label)."""
        art = self._art
        if art is None:
            art = self._art = node_art(self.node.kind, self.node.label)
        return art

    def shape(self) -> QPainterPath:
        return self.art().outline

    def hoverEnterEvent(self, event: object) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event: object) -> None:
        self.hovered = False
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        driver = self.node.kind == "driver"
        selected = self.isSelected()
        own = node_colours(self.node)  # a colour override fills the shape; the outline keeps the kind
        if option.levelOfDetailFromTransform(painter.worldTransform()) < style.NODE_DETAIL_LOD:
            # overview: a plain shape is all that can be seen
            painter.setPen(_OVERVIEW_SELECTED_PEN if selected else _OVERVIEW_PENS[driver])
            painter.setBrush(own.fill if own else _FILLS[driver])
            painter.drawRect(self.rect)
            return
        art = self._art
        if art is None:
            art = self._art = node_art(self.node.kind, self.node.label)
        if selected:
            painter.setPen(_RING_PEN)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            ring = self.rect.adjusted(-3, -3, 3, 3)
            painter.drawPath(outline_path(self.node.kind, ring, self.point * 1.05 if driver else 0))
        if self.hovered:
            painter.setPen(_HOVER_PEN)
        else:
            painter.setPen(art.bold_border if selected else art.border)
        painter.setBrush(own.fill if own else art.fill)
        painter.drawPath(art.outline)
        painter.setPen(_NO_PEN)
        painter.setBrush(own.glyph if own else art.glyph_brush)
        if type(art.glyph) is QPolygonF:
            painter.drawPolygon(art.glyph)
        else:
            painter.drawPath(art.glyph)  # type: ignore[arg-type]  # PySide6 stubs miss the QPainterPath overload
        painter.setPen(own.label if own else _LABEL_PEN)
        painter.setFont(_label_font())
        if art.baselines is not None and painter.device().logicalDpiY() == _label_dpi():
            for at, line in art.baselines:
                painter.drawText(at, line)
        else:  # a device with another DPI sizes the font differently: centre the lines there
            for box, line in art.text:
                painter.drawText(box, _TEXT_FLAGS, line)
