"""Relations on the canvas: batched drawing plus light per-relation hit items.

Thousands of relations drawn one item each are slow (a Python ``paint`` per
edge and a dash stroke per item). So each sign has one ``EdgeLayer`` that
draws all of its relations from cached paths (one path per pen width, one for
arrowheads, one for opposition markers), rebuilt only after a change. Each
relation also gets a ``RelationItem``: an invisible band along the edge that
makes it selectable and hoverable, and that paints only while it is selected
or hovered (``ItemHasNoContents`` otherwise, so Qt skips it).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QStyleOptionGraphicsItem, QWidget

from ..model import Relation
from . import style

Segment = tuple[float, float, float, float]
HIT_HALF_WIDTH = 6.0
LAYER_MARGIN = 200.0


def arrow_polygon(x1: float, y1: float, x2: float, y2: float, width: float, k: float = 1.0) -> QPolygonF:
    """An arrowhead with its tip at (x2, y2), growing a little with the pen width (``k``: map scale)."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    a = style.ARROW_LENGTH * k + width * 1.2
    h = style.ARROW_HALF_WIDTH * k + width * 0.6
    bx, by = x2 - ux * a, y2 - uy * a
    return QPolygonF([QPointF(x2, y2), QPointF(bx - uy * h, by + ux * h), QPointF(bx + uy * h, by - ux * h)])


def stroke_segment(relation: Relation, seg: Segment, k: float = 1.0) -> Segment:
    """The part of the segment the pen strokes: shortened under an arrowhead."""
    x1, y1, x2, y2 = seg
    if not style.is_directed(relation.type):
        return seg
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 1e-6:
        return seg
    cut = min((style.ARROW_LENGTH + style.strength_width(relation.strength) * 1.2 - 1.0) * k, length * 0.5)
    return (x1, y1, x2 - (x2 - x1) / length * cut, y2 - (y2 - y1) / length * cut)


class EdgeLayer(QGraphicsItem):
    """All relations of one sign, drawn in a few batched strokes.

    The full paths serve overviews (where dashes are drawn solid, so they are
    cheap). Close up, only the segments crossing the exposed rectangle are
    drawn, each clipped to it: dashing a long edge is the expensive part, and
    most of it is off screen. Clipped starts snap back to a whole dash period,
    so dashes stay put while the view pans.
    """

    def __init__(
        self, edge_style: style.EdgeStyle, geometry: Callable[[], dict[str, tuple[Relation, Segment]]]
    ):
        super().__init__()
        self.edge_style = edge_style
        self._geometry = geometry
        self._bounds = QRectF()
        self._dirty = True
        #: Map scale: widths, arrowheads and markers grow with the nodes (see MapScene.node_scale).
        self.k = 1.0
        self._lines: dict[float, QPainterPath] = {}
        self._arrows = QPainterPath()
        self._segs = np.zeros((0, 4))
        self._full = np.zeros((0, 4))
        self._widths = np.zeros(0)
        self._directed = np.zeros(0, dtype=bool)
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def include(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """Grow the bounds (never shrink between rebuilds) so an edge is repainted."""
        b = self._bounds
        inside_x = b.left() <= min(x1, x2) and b.right() >= max(x1, x2)
        if not b.isNull() and inside_x and b.top() <= min(y1, y2) and b.bottom() >= max(y1, y2):
            return
        r = QRectF(QPointF(min(x1, x2), min(y1, y2)), QPointF(max(x1, x2), max(y1, y2)))
        self.set_bounds(r if b.isNull() else b.united(r))

    def set_bounds(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._bounds = rect.adjusted(-LAYER_MARGIN, -LAYER_MARGIN, LAYER_MARGIN, LAYER_MARGIN)

    def invalidate(self) -> None:
        if not self._dirty:
            self._dirty = True
            self.update()

    def _rebuild(self) -> None:
        k = self.k
        items = list(self._geometry().values())
        n = len(items)
        full = np.empty((n, 4))
        segs = np.empty((n, 4))
        widths = np.empty(n)
        directed = np.empty(n, dtype=bool)
        self._lines = {}
        self._arrows = QPainterPath()
        for i, (relation, seg) in enumerate(items):
            width = style.strength_width(relation.strength) * k
            d = style.is_directed(relation.type)
            stroke = stroke_segment(relation, seg, k)
            full[i] = seg
            segs[i] = stroke
            widths[i] = width
            directed[i] = d
            path = self._lines.get(width)
            if path is None:
                path = self._lines[width] = QPainterPath()
            path.moveTo(stroke[0], stroke[1])
            path.lineTo(stroke[2], stroke[3])
            if d:
                self._arrows.addPolygon(arrow_polygon(*seg, width, k))
                self._arrows.closeSubpath()
        self._full, self._segs, self._widths, self._directed = full, segs, widths, directed
        self._dirty = False

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._dirty:
            self._rebuild()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        detailed = lod >= style.DETAIL_LOD
        exposed = option.exposedRect
        if painter.hasClipping():  # QGraphicsView.render() clips instead of exposing
            exposed = exposed.intersected(painter.clipBoundingRect())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        smooth = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        if not detailed:  # overview: hairline-thin strokes, antialiasing costs more than it shows
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if not detailed or exposed.contains(self._bounds):
            lines, arrows = self._lines, self._arrows
            markers = self._markers(np.ones(len(self._full), dtype=bool))
        else:
            lines, arrows, markers = self._visible(exposed)
        for width, path in lines.items():
            painter.setPen(style.edge_pen(self.edge_style, width, detailed=detailed))
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.edge_style.colour)
        painter.drawPath(arrows)
        if detailed and markers:
            draw_opposition_markers(painter, markers, self.edge_style.colour, self.k)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)  # the view does not restore it

    def _markers(self, mask: np.ndarray) -> list[QPointF]:
        if not self.edge_style.marker:
            return []
        full = self._full[mask]
        mids = (full[:, :2] + full[:, 2:]) / 2
        return [QPointF(x, y) for x, y in mids.tolist()]

    def _visible(self, rect: QRectF) -> tuple[dict[float, QPainterPath], QPainterPath, list[QPointF]]:
        """Paths of only what crosses ``rect``, clipped to it (Liang-Barsky, vectorised)."""
        m = 20.0
        xmin, ymin, xmax, ymax = rect.left() - m, rect.top() - m, rect.right() + m, rect.bottom() + m
        s = self._segs
        x1, y1, x2, y2 = s[:, 0], s[:, 1], s[:, 2], s[:, 3]
        dx, dy = x2 - x1, y2 - y1
        t0 = np.zeros(len(s))
        t1 = np.ones(len(s))
        ok = np.ones(len(s), dtype=bool)
        with np.errstate(divide="ignore", invalid="ignore"):
            for p, q in ((-dx, x1 - xmin), (dx, xmax - x1), (-dy, y1 - ymin), (dy, ymax - y1)):
                parallel = p == 0
                ok &= ~(parallel & (q < 0))
                r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
                t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
                t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
        ok &= t0 <= t1
        length = np.hypot(dx, dy)
        period = sum(self.edge_style.dash_pattern) * self._widths
        if period.any():
            with np.errstate(divide="ignore", invalid="ignore"):
                snapped = np.floor(t0 * length / np.where(period > 0, period, 1.0)) * period
                t0 = np.where((period > 0) & (length > 0), snapped / np.where(length > 0, length, 1.0), t0)
        lines: dict[float, QPainterPath] = {}
        idx = np.nonzero(ok)[0]
        cx1, cy1 = x1[idx] + dx[idx] * t0[idx], y1[idx] + dy[idx] * t0[idx]
        cx2, cy2 = x1[idx] + dx[idx] * t1[idx], y1[idx] + dy[idx] * t1[idx]
        for a, b, c, d, w in zip(
            cx1.tolist(), cy1.tolist(), cx2.tolist(), cy2.tolist(), self._widths[idx].tolist(), strict=True
        ):
            path = lines.get(w)
            if path is None:
                path = lines[w] = QPainterPath()
            path.moveTo(a, b)
            path.lineTo(c, d)
        f = self._full
        tips = (f[:, 2] >= xmin) & (f[:, 2] <= xmax) & (f[:, 3] >= ymin) & (f[:, 3] <= ymax)
        arrows = QPainterPath()
        for i in np.nonzero(tips & self._directed)[0].tolist():
            arrows.addPolygon(arrow_polygon(*f[i].tolist(), float(self._widths[i]), self.k))
            arrows.closeSubpath()
        mids = (f[:, :2] + f[:, 2:]) / 2
        inside = (mids[:, 0] >= xmin) & (mids[:, 0] <= xmax) & (mids[:, 1] >= ymin) & (mids[:, 1] <= ymax)
        return lines, arrows, self._markers(inside)


def draw_opposition_markers(
    painter: QPainter, centres: list[QPointF], colour: QColor, k: float = 1.0
) -> None:
    """A white disc with a bold minus: the sign reads without colour and through crossings."""
    r = style.MARKER_RADIUS * k
    discs = QPainterPath()
    for c in centres:
        discs.addEllipse(c, r, r)
    painter.setPen(QPen(colour, 1.8 * k))
    painter.setBrush(QBrush(QColor("#FFFFFF")))
    painter.drawPath(discs)  # one call for all discs: a path per marker costs a Python round trip each
    bar = QPen(colour, 2.6 * k)
    bar.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(bar)
    painter.drawLines([QLineF(c.x() - r * 0.55, c.y(), c.x() + r * 0.55, c.y()) for c in centres])


_HIT_PEN = QPen(QColor(0, 0, 0, 0), 2 * HIT_HALF_WIDTH)
_RELATION_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
)


class RelationItem(QGraphicsLineItem):
    """The selectable, hoverable band along one relation; paints only when highlighted.

    Its (transparent, wide) pen gives Qt the hit area in C++; ``ItemHasNoContents``
    keeps Qt from calling ``paint`` at all until it is selected or hovered.
    """

    def __init__(self, relation: Relation, seg: Segment) -> None:
        super().__init__(*seg)
        self.relation_id = relation.id
        self.relation = relation
        self.hovered = False
        self.segment = seg
        self.setPen(_HIT_PEN)
        self.setFlags(_RELATION_FLAGS)
        self.setAcceptHoverEvents(True)

    def set_segment(self, seg: Segment) -> None:
        self.segment = seg
        self.setLine(*seg)

    def midpoint(self) -> QPointF:
        x1, y1, x2, y2 = self.segment
        return QPointF((x1 + x2) / 2, (y1 + y2) / 2)

    def refresh(self) -> None:
        """Paint only while selected or hovered (the scene calls this on selection changes)."""
        lit = self.isSelected() or self.hovered
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, not lit)
        self.update()

    def hoverEnterEvent(self, event: object) -> None:
        self.hovered = True
        self.refresh()

    def hoverLeaveEvent(self, event: object) -> None:
        self.hovered = False
        self.refresh()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        colour = QColor(style.SELECTION_COLOUR if self.isSelected() else style.HOVER_COLOUR)
        colour.setAlpha(120)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < style.DETAIL_LOD:
            pen = QPen(colour, 4.0)  # overview: a thin cosmetic band, cheap for thousands
            pen.setCosmetic(True)
        else:
            pen = QPen(colour, 2 * HIT_HALF_WIDTH + style.strength_width(self.relation.strength))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(self.line())
