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
from functools import lru_cache

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QStyleOptionGraphicsItem, QWidget

from ..model import Relation
from . import style

Segment = tuple[float, float, float, float]
HIT_HALF_WIDTH = 6.0
LAYER_MARGIN = 200.0
#: Coordinates QPainterPath accepts (it drops points that are not finite or beyond this).
_COORD_LIMIT = 1e128
#: One QPainterPath element as QDataStream writes it (type, x, y), little-endian.
_ELEMENT = np.dtype([("type", "<i4"), ("x", "<f8"), ("y", "<f8")])
_MOVE_TO = int(QPainterPath.ElementType.MoveToElement.value)
_LINE_TO = int(QPainterPath.ElementType.LineToElement.value)


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


def polyline_path(points: np.ndarray) -> QPainterPath:
    """One path of ``m`` open polylines of ``k`` points each, from an (m, k, 2) array.

    The same path as ``moveTo`` the first point and ``lineTo`` the others, one
    polyline after another, but made in one step (see ``_path_from_elements``).
    Polylines with a coordinate QPainterPath refuses (not finite, or huge) are left out.
    """
    points = np.asarray(points, dtype=float)
    if points.ndim != 3 or not points.size:
        return QPainterPath()
    points = points[(np.abs(points) < _COORD_LIMIT).all(axis=(1, 2))]  # also drops NaN
    elements = np.empty(points.shape[:2], dtype=_ELEMENT)
    elements["type"] = _LINE_TO
    elements["type"][:, 0] = _MOVE_TO
    elements["x"] = points[..., 0]
    elements["y"] = points[..., 1]
    return _path_from_elements(elements)


def segments_path(segs: np.ndarray) -> QPainterPath:
    """One path of straight segments, from an (n, 4) array of x1, y1, x2, y2 rows.

    Zero-length segments are left out, as ``QPainterPath.lineTo`` leaves them out.
    """
    segs = np.asarray(segs, dtype=float).reshape(-1, 4)
    segs = segs[(segs[:, 0] != segs[:, 2]) | (segs[:, 1] != segs[:, 3])]
    return polyline_path(segs.reshape(-1, 2, 2))


def discs_path(centres: np.ndarray, r: float) -> QPainterPath:
    """``addEllipse(centre, r, r)`` for every row (x, y) of ``centres``, in one path."""
    centres = np.asarray(centres, dtype=float).reshape(-1, 2)
    centres = centres[(np.abs(centres) < _COORD_LIMIT).all(axis=1)]
    template = _disc_template(r)
    elements = np.empty((len(centres), len(template)), dtype=_ELEMENT)
    elements["type"] = template["type"]
    elements["x"] = centres[:, :1] + template["x"]
    elements["y"] = centres[:, 1:] + template["y"]
    return _path_from_elements(elements)


def arrows_path(segs: np.ndarray, widths: np.ndarray, k: float = 1.0) -> QPainterPath:
    """``arrow_polygon`` (closed) for every row of ``segs`` and pen width in ``widths``, in one path."""
    x1, y1, x2, y2 = np.asarray(segs, dtype=float).reshape(-1, 4).T
    length = np.hypot(x2 - x1, y2 - y1)
    length[length == 0] = 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    a = style.ARROW_LENGTH * k + widths * 1.2
    h = style.ARROW_HALF_WIDTH * k + widths * 0.6
    bx, by = x2 - ux * a, y2 - uy * a
    # the tip, the two barbs, and back to the tip (the line closeSubpath adds)
    xs = np.column_stack([x2, bx - uy * h, bx + uy * h, x2])
    ys = np.column_stack([y2, by + ux * h, by - ux * h, y2])
    return polyline_path(np.stack([xs, ys], axis=-1))


def stroke_segments(segs: np.ndarray, widths: np.ndarray, directed: np.ndarray, k: float = 1.0) -> np.ndarray:
    """``stroke_segment`` for every row of ``segs``: directed ones end short of their arrowhead.

    ``widths`` are strength widths at map scale 1 (``style.strength_width``).
    """
    x1, y1, x2, y2 = segs.T
    dx, dy = x2 - x1, y2 - y1
    length = np.hypot(dx, dy)
    cut = np.minimum((style.ARROW_LENGTH + widths * 1.2 - 1.0) * k, length * 0.5)
    shorten = directed & (length >= 1e-6)
    safe = np.where(shorten, length, 1.0)
    out = segs.copy()
    out[:, 2] = np.where(shorten, x2 - dx / safe * cut, x2)
    out[:, 3] = np.where(shorten, y2 - dy / safe * cut, y2)
    return out


@lru_cache(maxsize=16)
def _disc_template(r: float) -> np.ndarray:
    """The elements of a circle of radius ``r`` about the origin, as ``QPainterPath.addEllipse`` makes it."""
    circle = QPainterPath()
    circle.addEllipse(QPointF(0.0, 0.0), r, r)
    template = np.empty(circle.elementCount(), dtype=_ELEMENT)
    for i in range(circle.elementCount()):
        e = circle.elementAt(i)
        template[i] = (int(e.type.value), e.x, e.y)
    template.flags.writeable = False
    return template


def _path_from_elements(elements: np.ndarray) -> QPainterPath:
    """A path from an (m, k) array of ``_ELEMENT``: m subpaths of k elements, each opening with a move.

    Thousands of ``moveTo``/``lineTo`` calls cost a Python round trip each; this hands
    the whole array to Qt at once, in the layout QPainterPath's QDataStream operator
    reads (element count; type, x, y per element; the last subpath's start; fill rule).
    """
    path = QPainterPath()
    m, k = elements.shape
    if m == 0 or k == 0:
        return path
    head = np.array([m * k], dtype="<i4").tobytes()
    tail = np.array([(m - 1) * k, int(Qt.FillRule.OddEvenFill.value)], dtype="<i4").tobytes()
    stream = QDataStream(QByteArray(head + elements.tobytes() + tail))
    stream.setByteOrder(QDataStream.ByteOrder.LittleEndian)
    stream.setFloatingPointPrecision(QDataStream.FloatingPointPrecision.DoublePrecision)
    stream >> path
    if stream.status() != QDataStream.Status.Ok or path.elementCount() != m * k:  # pragma: no cover
        path = _path_point_by_point(elements)  # should the stream format ever change
    return path


def _path_point_by_point(elements: np.ndarray) -> QPainterPath:
    """What ``_path_from_elements`` makes, one QPainterPath call per element."""
    path = QPainterPath()
    items = elements.reshape(-1).tolist()
    i = 0
    while i < len(items):
        kind, x, y = items[i]
        if kind == _MOVE_TO:
            path.moveTo(x, y)
        elif kind == _LINE_TO:
            path.lineTo(x, y)
        else:  # a cubic: this control point, the next and the end point
            (_, cx, cy), (_, ex, ey) = items[i + 1], items[i + 2]
            path.cubicTo(x, y, cx, cy, ex, ey)
            i += 2
        i += 1
    return path


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
        self._segs = np.zeros((0, 4))  # what the pens stroke: directed ones end under the arrowhead
        self._full = np.zeros((0, 4))  # end to end, outline to outline
        self._widths = np.zeros(0)  # pen widths at map scale k
        self._directed = np.zeros(0, dtype=bool)
        self._whole: tuple[dict[float, QPainterPath], QPainterPath, np.ndarray] | None = None
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
        """Arrays of every relation's segment, width and direction; the paths follow on demand."""
        k = self.k
        items = list(self._geometry().values())
        n = len(items)
        full = np.array([seg for _, seg in items], dtype=float).reshape(n, 4)
        base = np.array([style.strength_width(rel.strength) for rel, _ in items], dtype=float)
        directed = np.array([style.is_directed(rel.type) for rel, _ in items], dtype=bool)
        self._full, self._widths, self._directed = full, base * k, directed
        self._segs = stroke_segments(full, base, directed, k)
        self._whole = None
        self._dirty = False

    def _whole_paths(self) -> tuple[dict[float, QPainterPath], QPainterPath, np.ndarray]:
        """(lines by pen width, arrowheads, marker centres) of every relation, kept until a change."""
        if self._whole is None:
            f = self._full
            lines = _by_width(self._segs, self._widths)
            arrows = arrows_path(f[self._directed], self._widths[self._directed], self.k)
            mids = (f[:, :2] + f[:, 2:]) / 2 if self.edge_style.marker else np.zeros((0, 2))
            self._whole = (lines, arrows, mids)
        return self._whole

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._dirty:
            self._rebuild()
        if not len(self._full):
            return
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
            lines, arrows, markers = self._whole_paths()
        else:
            lines, arrows, markers = self._visible(exposed)
        for width, path in lines.items():
            painter.setPen(style.edge_pen(self.edge_style, width, detailed=detailed))
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.edge_style.colour)
        painter.drawPath(arrows)
        if detailed and len(markers):
            _draw_markers(painter, markers, self.edge_style.colour, self.k)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)  # the view does not restore it

    def _visible(self, rect: QRectF) -> tuple[dict[float, QPainterPath], QPainterPath, np.ndarray]:
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
        idx = np.nonzero(ok)[0]
        clipped = np.column_stack(
            [
                x1[idx] + dx[idx] * t0[idx],
                y1[idx] + dy[idx] * t0[idx],
                x1[idx] + dx[idx] * t1[idx],
                y1[idx] + dy[idx] * t1[idx],
            ]
        )
        lines = _by_width(clipped, self._widths[idx])
        f = self._full
        tips = (f[:, 2] >= xmin) & (f[:, 2] <= xmax) & (f[:, 3] >= ymin) & (f[:, 3] <= ymax) & self._directed
        arrows = arrows_path(f[tips], self._widths[tips], self.k)
        if not self.edge_style.marker:
            return lines, arrows, np.zeros((0, 2))
        mids = (f[:, :2] + f[:, 2:]) / 2
        inside = (mids[:, 0] >= xmin) & (mids[:, 0] <= xmax) & (mids[:, 1] >= ymin) & (mids[:, 1] <= ymax)
        return lines, arrows, mids[inside]


def _by_width(segs: np.ndarray, widths: np.ndarray) -> dict[float, QPainterPath]:
    """One path of segments per pen width, widths in order of first appearance."""
    if not len(widths):
        return {}
    values, first = np.unique(widths, return_index=True)
    return {float(w): segments_path(segs[widths == w]) for w in values[np.argsort(first)]}


def _draw_markers(painter: QPainter, centres: np.ndarray, colour: QColor, k: float) -> None:
    r = style.MARKER_RADIUS * k
    painter.setPen(QPen(colour, 1.8 * k))
    painter.setBrush(QBrush(QColor("#FFFFFF")))
    painter.drawPath(discs_path(centres, r))  # one call for all discs
    bar = QPen(colour, 2.6 * k)
    bar.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(bar)
    painter.drawLines([QLineF(x - r * 0.55, y, x + r * 0.55, y) for x, y in centres.tolist()])


def draw_opposition_markers(
    painter: QPainter, centres: list[QPointF], colour: QColor, k: float = 1.0
) -> None:
    """A white disc with a bold minus: the sign reads without colour and through crossings."""
    _draw_markers(painter, np.array([(c.x(), c.y()) for c in centres], dtype=float).reshape(-1, 2), colour, k)


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
