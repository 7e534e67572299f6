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
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from ..layout.routing import Route
from ..model import Relation
from . import style

Segment = tuple[float, float, float, float]
HIT_HALF_WIDTH = 6.0
LAYER_MARGIN = 200.0
#: Up to this many relations of one sign keep dashes and full markers in the overview too.
OVERVIEW_DETAIL_LIMIT = 1500
#: Radius in device pixels below which opposition markers are not shrunk further when zooming out.
MARKER_MIN_PX = 4.0
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
    """A path from an (m, k) array of ``_ELEMENT``: m subpaths of k elements, each opening with a move."""
    m, k = elements.shape
    if m == 0 or k == 0:
        return QPainterPath()
    return _path_from_flat(elements.reshape(-1), (m - 1) * k)


def _path_from_flat(elements: np.ndarray, last_start: int) -> QPainterPath:
    """A path from a flat array of ``_ELEMENT`` whose last subpath opens at ``last_start``.

    Thousands of ``moveTo``/``lineTo`` calls cost a Python round trip each; this hands
    the whole array to Qt at once, in the layout QPainterPath's QDataStream operator
    reads (element count; type, x, y per element; the last subpath's start; fill rule).
    """
    path = QPainterPath()
    count = len(elements)
    if count == 0:
        return path
    head = np.array([count], dtype="<i4").tobytes()
    tail = np.array([last_start, int(Qt.FillRule.OddEvenFill.value)], dtype="<i4").tobytes()
    stream = QDataStream(QByteArray(head + np.ascontiguousarray(elements).tobytes() + tail))
    stream.setByteOrder(QDataStream.ByteOrder.LittleEndian)
    stream.setFloatingPointPrecision(QDataStream.FloatingPointPrecision.DoublePrecision)
    stream >> path
    if stream.status() != QDataStream.Status.Ok or path.elementCount() != count:  # pragma: no cover
        path = _path_point_by_point(elements)  # should the stream format ever change
    return path


def chains_path(start: np.ndarray, end: np.ndarray, opens: np.ndarray) -> QPainterPath:
    """One path of polylines from consecutive segments: ``start[i]`` -> ``end[i]`` (rows x, y).

    ``opens[i]`` is True where a new polyline begins (a move to ``start[i]``); elsewhere
    segment i continues the previous one from its end, so bends are joined by the pen
    (no notch at a corner) and a dash pattern runs on round them.
    """
    start = np.asarray(start, dtype=float).reshape(-1, 2)
    end = np.asarray(end, dtype=float).reshape(-1, 2)
    opens = np.asarray(opens, dtype=bool).copy()
    good = (np.abs(start) < _COORD_LIMIT).all(axis=1) & (np.abs(end) < _COORD_LIMIT).all(axis=1)
    if not good.all():  # a refused coordinate breaks its chain: what follows opens anew
        after = np.r_[False, ~good[:-1]]
        opens |= after
        start, end, opens = start[good], end[good], opens[good]
    if not len(start):
        return QPainterPath()
    opens[0] = True
    size = 1 + opens.astype(np.int64)
    at = np.cumsum(size) - 1  # where each segment's end goes
    elements = np.empty(int(size.sum()), dtype=_ELEMENT)
    elements["type"] = _LINE_TO
    elements["x"][at] = end[:, 0]
    elements["y"][at] = end[:, 1]
    first = at[opens] - 1
    elements["type"][first] = _MOVE_TO
    elements["x"][first] = start[opens, 0]
    elements["y"][first] = start[opens, 1]
    return _path_from_flat(elements, int(first[-1]))


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

    Relations are routed polylines (``tensionmap.layout.routing``); the layer keeps
    every stretch of every relation in flat arrays. The full paths serve overviews
    and maps that fit the view. Close up, only the stretches crossing the exposed
    rectangle are drawn, each clipped to it: dashing a long edge is the expensive
    part, and most of it is off screen. Clipped starts snap back to a whole dash
    period, so dashes stay put while the view pans.

    Opposing relations stay told apart at every zoom: small maps keep their
    dashes and markers in the overview too; big maps (more than
    ``OVERVIEW_DETAIL_LIMIT`` relations in the layer) draw solid lines there but
    still mark each opposing relation with its disc.
    """

    def __init__(
        self, edge_style: style.EdgeStyle, geometry: Callable[[], dict[str, tuple[Relation, Route]]]
    ):
        super().__init__()
        self.edge_style = edge_style
        self._geometry = geometry
        self._bounds = QRectF()
        self._dirty = True
        #: Map scale: widths, arrowheads and markers grow with the nodes (see MapScene.node_scale).
        self.k = 1.0
        self._segs = np.zeros((0, 4))  # what the pens stroke: directed ones end under the arrowhead
        self._full = np.zeros((0, 4))  # every stretch, outline to outline
        self._owner = np.zeros(0, dtype=np.int64)  # the relation (row of _widths) of each stretch
        self._opens = np.zeros(0, dtype=bool)  # the first stretch of its relation
        self._widths = np.zeros(0)  # pen width of each stretch at map scale k
        self._tips = np.zeros((0, 4))  # last stretch of each directed relation (arrowheads)
        self._tip_widths = np.zeros(0)
        self._markers = np.zeros((0, 2))
        self._count = 0
        self._whole: tuple[dict[float, QPainterPath], QPainterPath, np.ndarray] | None = None
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def include(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """Grow the bounds (never shrink between rebuilds) so a drawn box is repainted."""
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
        """Flat arrays of every relation's stretches, widths and direction; the paths follow on demand."""
        k = self.k
        items = list(self._geometry().values())
        n = len(items)
        counts = np.fromiter((len(route.points) - 1 for _, route in items), dtype=np.int64, count=n)
        pts = np.fromiter(
            (c for _, route in items for p in route.points for c in p),
            dtype=float,
            count=2 * int(counts.sum() + n),
        ).reshape(-1, 2)
        base = np.array([style.strength_width(rel.strength) for rel, _ in items], dtype=float)
        directed = np.array([style.is_directed(rel.type) for rel, _ in items], dtype=bool)
        # stretch i of relation r joins points[start_r + i] and points[start_r + i + 1]
        first_point = np.cumsum(counts + 1) - (counts + 1)
        owner = np.repeat(np.arange(n), counts)
        index = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        a = first_point[owner] + index
        full = np.hstack([pts[a], pts[a + 1]]) if len(a) else np.zeros((0, 4))
        last = np.zeros(len(a), dtype=bool)
        last[np.cumsum(counts)[counts > 0] - 1] = True
        self._full, self._owner, self._count = full, owner, n
        self._opens = index == 0
        self._widths = base[owner] * k
        self._segs = stroke_segments(full, base[owner], last & directed[owner], k)
        tips = last & directed[owner]
        self._tips, self._tip_widths = full[tips], self._widths[tips]
        if self.edge_style.marker and n:
            self._markers = np.array([route.marker for _, route in items], dtype=float).reshape(n, 2)
        else:
            self._markers = np.zeros((0, 2))
        self._whole = None
        self._dirty = False

    def _whole_paths(self) -> tuple[dict[float, QPainterPath], QPainterPath, np.ndarray]:
        """(lines by pen width, arrowheads, marker centres) of every relation, kept until a change."""
        if self._whole is None:
            lines = _by_width(self._segs, self._widths, self._opens)
            arrows = arrows_path(self._tips, self._tip_widths, self.k)
            self._whole = (lines, arrows, self._markers)
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
        overview = lod < style.DETAIL_LOD
        detailed = not overview or self._count <= OVERVIEW_DETAIL_LIMIT
        exposed = option.exposedRect
        if painter.hasClipping():  # QGraphicsView.render() clips instead of exposing
            exposed = exposed.intersected(painter.clipBoundingRect())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        smooth = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        if overview:  # hairline-thin strokes: crisp whole pixels read better (and cost less) than blends
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if overview or exposed.contains(self._bounds):
            lines, arrows, markers = self._whole_paths()
        else:
            lines, arrows, markers = self._visible(exposed)
        for width, path in lines.items():
            painter.setPen(style.edge_pen(self.edge_style, width, detailed=detailed))
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.edge_style.colour)
        painter.drawPath(arrows)
        if len(markers):  # never smaller than MARKER_MIN_PX on screen, so the sign reads zoomed out
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth and detailed)
            k = max(self.k, MARKER_MIN_PX / (max(lod, 1e-6) * style.MARKER_RADIUS))
            _draw_markers(painter, markers, self.edge_style.colour, k, bar=detailed)
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
        # a stretch continues the previous one's polyline when both are whole where they meet
        opens = np.ones(len(idx), dtype=bool)
        if len(idx) > 1:
            prev, cur = idx[:-1], idx[1:]
            joined = (
                (cur == prev + 1) & (self._owner[cur] == self._owner[prev]) & (t1[prev] >= 1) & (t0[cur] <= 0)
            )
            opens[1:] = ~joined
        clipped = np.column_stack(
            [
                x1[idx] + dx[idx] * t0[idx],
                y1[idx] + dy[idx] * t0[idx],
                x1[idx] + dx[idx] * t1[idx],
                y1[idx] + dy[idx] * t1[idx],
            ]
        )
        lines = _by_width(clipped, self._widths[idx], opens)
        f = self._tips
        tips = (f[:, 2] >= xmin) & (f[:, 2] <= xmax) & (f[:, 3] >= ymin) & (f[:, 3] <= ymax)
        arrows = arrows_path(f[tips], self._tip_widths[tips], self.k)
        mids = self._markers
        inside = (mids[:, 0] >= xmin) & (mids[:, 0] <= xmax) & (mids[:, 1] >= ymin) & (mids[:, 1] <= ymax)
        return lines, arrows, mids[inside]


def _by_width(
    segs: np.ndarray, widths: np.ndarray, opens: np.ndarray | None = None
) -> dict[float, QPainterPath]:
    """One path per pen width (widths in order of first appearance) of the stretches ``segs``;
    ``opens`` marks where a polyline begins (default: every stretch stands alone)."""
    if not len(widths):
        return {}
    if opens is None:
        opens = np.ones(len(widths), dtype=bool)
    values, first = np.unique(widths, return_index=True)
    paths = {}
    for w in values[np.argsort(first)]:
        pick = widths == w
        chosen = segs[pick]
        keep = (chosen[:, 0] != chosen[:, 2]) | (chosen[:, 1] != chosen[:, 3])
        o = opens[pick].copy()
        if not keep.all():  # zero-length stretches are left out, as QPainterPath.lineTo leaves them out
            o |= np.r_[False, ~keep[:-1]]
            chosen, o = chosen[keep], o[keep]
        paths[float(w)] = chains_path(chosen[:, :2], chosen[:, 2:], o)
    return paths


def _draw_markers(
    painter: QPainter, centres: np.ndarray, colour: QColor, k: float, *, bar: bool = True
) -> None:
    r = style.MARKER_RADIUS * k
    painter.setPen(QPen(colour, 1.8 * k))
    painter.setBrush(QBrush(QColor("#FFFFFF")))
    painter.drawPath(discs_path(centres, r))  # one call for all discs
    pen = QPen(colour, 2.6 * k)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    if bar:
        painter.drawPath(
            segments_path(
                np.column_stack(
                    [centres[:, 0] - r * 0.55, centres[:, 1], centres[:, 0] + r * 0.55, centres[:, 1]]
                )
            )
        )


def draw_opposition_markers(
    painter: QPainter, centres: list[QPointF], colour: QColor, k: float = 1.0
) -> None:
    """A white disc with a bold minus: the sign reads without colour and through crossings."""
    _draw_markers(painter, np.array([(c.x(), c.y()) for c in centres], dtype=float).reshape(-1, 2), colour, k)


_HIT_PEN = QPen(QColor(0, 0, 0, 0), 2 * HIT_HALF_WIDTH)
_RELATION_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
)


def route_path(points: Sequence[tuple[float, float]]) -> QPainterPath:
    """A QPainterPath along a routed polyline."""
    path = QPainterPath()
    if points:
        path.moveTo(*points[0])
        for p in points[1:]:
            path.lineTo(*p)
    return path


class RelationItem(QGraphicsPathItem):
    """The selectable, hoverable band along one relation's route; paints only when highlighted.

    Its (transparent, wide) pen gives Qt the hit area in C++, along every bend of
    the route; ``ItemHasNoContents`` keeps Qt from calling ``paint`` at all until
    it is selected or hovered.
    """

    def __init__(self, relation: Relation, route: Route) -> None:
        super().__init__()
        self.relation_id = relation.id
        self.relation = relation
        self.hovered = False
        self.route = route
        self.setPen(_HIT_PEN)
        self.setFlags(_RELATION_FLAGS)
        self.setAcceptHoverEvents(True)
        self.set_route(route)

    @property
    def segment(self) -> Segment:
        """Where the relation leaves its source and reaches its target (x1, y1, x2, y2)."""
        return self.route.ends

    @property
    def points(self) -> tuple[tuple[float, float], ...]:
        return self.route.points

    def set_route(self, route: Route) -> None:
        self.route = route
        self._shape: QPainterPath | None = None
        self.setPath(route_path(route.points))

    def shape(self) -> QPainterPath:
        """The band along the route only: Qt's default would add the polygon a bent route
        encloses (and, with odd-even filling, cut the band where the two overlap)."""
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(2 * HIT_HALF_WIDTH)
            stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            self._shape = stroker.createStroke(self.path())
        return self._shape

    def midpoint(self) -> QPointF:
        """A point on the drawn relation: its marker point (the middle of its longest stretch)."""
        return QPointF(*self.route.marker)

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
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
