"""The "Room" lens: the room's aggregate drawn over the map, relation by relation.

Each rated relation is redrawn from the room's ratings of one round:

- width by the mean strength of the majority (1 to 5, like a relation's own
  strength), colour by the majority sign (blue supports, vermillion opposes,
  grey "no relation"), and a white disc with a minus where the room opposes,
  as on the map, so the sign reads in greyscale;
- a consensus relation is solid; one that is neither consensus nor contested
  is dashed; a contested relation is dotted and carries a distinct mark (a
  white diamond with "±"), so the fights read without colour;
- a relation the map lacks but at least N participants proposed is a ghost:
  faint, dotted, with a "+" in a dashed circle and how many proposed it.

Each relation follows its routed polyline, the very geometry the map draws
(``route_points`` of the scene's routing table), so a relation bent round a
node stays bent in the lens and never crosses a box the map avoids; its mark
sits where the map puts the relation's marker. Ghosts have no route on the
map: they are routed here, round every node box, by the same router
(``layout.routing.plan_routes``). Hovering near a drawn polyline (not its
chord) calls ``on_hover(item, scene_pos)`` (``None`` when leaving), which the
window uses for its histogram popup.

Plain QGraphicsObject (no widget state); see ``RoomOverlay`` for why not a
plain item. It reads geometry through the same rect and segment sources as
the other overlays.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsObject, QGraphicsSceneHoverEvent, QStyleOptionGraphicsItem, QWidget

from ..analysis.ratings import Aggregate, proposers
from ..layout.routing import marker_point, plan_routes
from . import style
from .edge_items import draw_opposition_markers
from .overlays import route_marker, route_points

Z_ROOM = 4.0  # above the edges (-1) and their dimmed copies, below the nodes (10)
GHOST_COLOUR = QColor(80, 80, 80, 150)
CONTESTED_INK = QColor("#1F1F1F")
HOVER_TOLERANCE = 7.0
GHOST_CLEARANCE = 8.0  # as the map's own routes keep from node boxes
MARK_SPACING = 40.0  # scene units between a ghost's mark and any other mark, where the route allows
MARK_RADIUS = 11.0  # a contested diamond's half-diagonal at 100%, the largest mark
GHOST_TEXT_REACH = 260.0  # how far "proposed ×N" may reach from its mark, zoomed out (scene units)
FREE_SPOTS = (0.4, 0.6, 0.3, 0.7, 0.25, 0.75)  # fractions along a ghost's route tried for its mark
SIGN_COLOURS = {1: style.SUPPORT_COLOUR, -1: style.OPPOSE_COLOUR, 0: style.NEUTRAL_COLOUR}


def room_width(mean_strength: float) -> float:
    """Pen width for a mean strength 0..5: from a hairline (no majority) to the map's widest."""
    return 1.0 + max(0.0, min(5.0, mean_strength)) * 1.1


def pen_style(agg: Aggregate) -> Qt.PenStyle:
    if agg.consensus:
        return Qt.PenStyle.SolidLine
    if agg.contested:
        return Qt.PenStyle.DotLine
    return Qt.PenStyle.DashLine


@dataclass(frozen=True)
class DrawnItem:
    """One aggregate as drawn: its routed polyline (scene coordinates), where its mark sits
    (the middle of the longest stretch, as on the map) and whether it is a ghost."""

    aggregate: Aggregate
    points: tuple[QPointF, ...]
    centre: QPointF
    ghost: bool


def _points(route: Sequence[tuple[float, float]]) -> tuple[QPointF, ...]:
    return tuple(QPointF(x, y) for x, y in route)


def _point_at(points: Sequence[tuple[float, float]], fraction: float) -> QPointF:
    """The point ``fraction`` of the way along a polyline, by length."""
    lengths = [math.dist(a, b) for a, b in itertools.pairwise(points)]
    target = sum(lengths) * fraction
    for (a, b), length in zip(itertools.pairwise(points), lengths, strict=True):
        if target <= length and length > 0:
            t = target / length
            return QPointF(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        target -= length
    return QPointF(*points[-1])


def _free_point(points: Sequence[tuple[float, float]], taken: Sequence[QPointF]) -> QPointF:
    """Where along the route a mark is farthest from the marks already placed: the middle of
    the longest stretch when it is clear by MARK_SPACING, else the clearest of a few spots."""
    best, best_gap = QPointF(*marker_point(points)), -1.0
    for candidate in [best] + [_point_at(points, f) for f in FREE_SPOTS]:
        gap = min(
            (math.dist((candidate.x(), candidate.y()), (p.x(), p.y())) for p in taken), default=math.inf
        )
        if gap >= MARK_SPACING:
            return candidate
        if gap > best_gap:
            best, best_gap = candidate, gap
    return best


class RoomOverlay(QGraphicsObject):
    """The room's view of every rated relation of one round, plus ghosts of proposed ones.

    A QGraphicsObject rather than a plain item: the scene deletes its items when
    it shows another workspace, and only a QObject lets the window tell
    (``shiboken6.isValid``) that its handle now points at nothing.
    """

    def __init__(
        self,
        rects: Callable[[], Mapping[str, QRectF]],
        segments: Callable[[], Mapping[str, tuple[Any, tuple[float, float, float, float]]]],
    ) -> None:
        super().__init__()
        self._rects = rects
        self._segments = segments
        self.aggregates: list[Aggregate] = []
        self.min_proposers = 2
        #: (source, target) pairs already on the map: their proposals are not ghosts.
        self.on_map: set[tuple[str, str]] = set()
        self.drawn: list[DrawnItem] = []
        #: every drawn stretch as (x1, y1, x2, y2) rows, and the index of its DrawnItem: hover
        #: hit-tests all of them in one numpy expression.
        self._stretches = np.zeros((0, 4))
        self._owner = np.zeros(0, dtype=np.int64)
        self._bounds = QRectF()
        self._shape: QPainterPath | None = QPainterPath()
        self.on_hover: Callable[[DrawnItem | None, QPointF], None] | None = None
        self._hovered: DrawnItem | None = None
        #: the node boxes when the ghosts were last placed: their words keep off them
        self._boxes: list[QRectF] = []
        #: where the last paint put each ghost's "proposed ×N" (scene units)
        self.ghost_label_boxes: list[QRectF] = []
        self.setZValue(Z_ROOM)
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    # ------------------------------------------------------------- content
    def set_aggregates(
        self,
        aggregates: Sequence[Aggregate],
        min_proposers: int = 2,
        on_map: set[tuple[str, str]] | None = None,
    ) -> None:
        self.aggregates = list(aggregates)
        self.min_proposers = min_proposers
        self.on_map = on_map or set()
        self.refresh()

    def ghosts(self) -> list[Aggregate]:
        """Proposed relations shown as ghosts: enough proposers and a non-zero majority."""
        return [
            a
            for a in self.aggregates
            if a.relation is None
            and a.majority
            and proposers(a) >= self.min_proposers
            and (a.source, a.target) not in self.on_map
        ]

    def refresh(self) -> None:
        """Recompute the drawn routes from the current node and relation geometry."""
        self.prepareGeometryChange()
        segments = self._segments()
        drawn: list[DrawnItem] = []
        for agg in self.aggregates:
            if agg.relation is not None:
                found = segments.get(agg.relation)
                if found is None:
                    continue
                centre, _dx, _dy = route_marker(found[1])
                drawn.append(DrawnItem(agg, _points(route_points(found[1])), centre, False))
        drawn += self._ghost_items([item.centre for item in drawn], segments)
        self.drawn = drawn
        rows = [
            (a.x(), a.y(), b.x(), b.y(), k)
            for k, item in enumerate(drawn)
            for a, b in zip(item.points, item.points[1:], strict=False)
        ]
        table = np.array(rows, dtype=float).reshape(-1, 5)
        self._stretches, self._owner = table[:, :4], table[:, 4].astype(np.int64)
        self._shape = None  # stroked when hovering first asks for it, not on every refresh
        if drawn:
            xs, ys = table[:, [0, 2]], table[:, [1, 3]]
            bounds = QRectF(QPointF(xs.min(), ys.min()), QPointF(xs.max(), ys.max()))
            # marks (at most 2.5 times their size when zoomed out), and the ghosts' "proposed ×N"
            # words, which may sit on any side of their mark
            margin = HOVER_TOLERANCE + (GHOST_TEXT_REACH if any(d.ghost for d in drawn) else 40.0)
            self._bounds = bounds.adjusted(-margin, -margin, margin, margin)
        else:
            self._bounds = QRectF()
        self.update()

    def _ghost_items(
        self,
        taken: list[QPointF],
        segments: Mapping[str, tuple[Any, tuple[float, float, float, float]]],
    ) -> list[DrawnItem]:
        """The ghosts, each routed round the node boxes as the map routes its own relations.

        A ghost between two nodes the map already joins (the reverse of a one-way relation)
        is planned as one more parallel beside them, on the outside, so it runs a parallel
        gap away from the map's lines instead of on top of them. A ghost's mark goes where
        its route is clear of the other marks (``taken``, the relations' marks, then the
        ghosts placed before it), so "proposed ×N" never sits under a contested diamond.
        """
        ghosts = self.ghosts()
        if not ghosts:
            return []
        rects = self._rects()
        self._boxes = list(rects.values())
        joined = Counter(
            (min(rel.source, rel.target), max(rel.source, rel.target)) for rel, _segment in segments.values()
        )
        shown = [k for k, a in enumerate(ghosts) if a.source in rects and a.target in rects]
        if not shown:
            return []
        wanted: list[tuple[Hashable, str, str]] = []
        for k in shown:
            a = ghosts[k]
            # seats for the map's own relations between the two nodes and one beyond them, so
            # the ghost comes a whole parallel gap outside the outermost of them
            seats = joined[(min(a.source, a.target), max(a.source, a.target))]
            wanted += [(("seat", k, j), a.source, a.target) for j in range(seats + 1 if seats else 0)]
            wanted.append((k, a.source, a.target))
        centres = {key: (r.center().x(), r.center().y()) for key, r in rects.items()}
        sizes = {key: (r.width(), r.height()) for key, r in rects.items()}
        routes = plan_routes(centres, sizes, wanted, clearance=GHOST_CLEARANCE)
        taken = list(taken)
        out = []
        for k in shown:
            points = routes[k].points
            centre = _free_point(points, taken)
            taken.append(centre)
            out.append(DrawnItem(ghosts[k], _points(points), centre, True))
        return out

    # ------------------------------------------------------------ geometry
    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            path = QPainterPath()
            for item in self.drawn:
                path.addPolygon(QPolygonF(list(item.points)))  # an open polyline, not a closed shape
            stroker = QPainterPathStroker()
            stroker.setWidth(2 * HOVER_TOLERANCE + 8)
            self._shape = stroker.createStroke(path) if self.drawn else QPainterPath()
        return self._shape

    def item_at(self, pos: QPointF) -> DrawnItem | None:
        """The drawn relation whose polyline passes nearest ``pos``, within the hover tolerance."""
        if not len(self._owner):
            return None
        x1, y1, x2, y2 = self._stretches.T
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        px, py = pos.x(), pos.y()
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.clip(((px - x1) * dx + (py - y1) * dy) / length2, 0.0, 1.0)
        t = np.where(length2 > 0, t, 0.0)
        distance = np.hypot(x1 + t * dx - px, y1 + t * dy - py)
        best = int(np.argmin(distance))
        if distance[best] >= HOVER_TOLERANCE + 4.0:
            return None
        return self.drawn[int(self._owner[best])]

    # -------------------------------------------------------------- hover
    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._set_hovered(self.item_at(event.pos()), event.scenePos())

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._set_hovered(self.item_at(event.pos()), event.scenePos())

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._set_hovered(None, event.scenePos())

    def _set_hovered(self, item: DrawnItem | None, pos: QPointF) -> None:
        changed = item is not self._hovered
        self._hovered = item
        if changed and self.on_hover is not None:
            self.on_hover(item, pos)

    # ------------------------------------------------------------ painting
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Marks keep a readable size on screen when the map is zoomed out to fit.
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        k = max(1.0, min(2.5, 1.0 / lod)) if lod > 0 else 1.0
        minus_centres: list[QPointF] = []
        contested_centres: list[QPointF] = []
        # One pen per kind of line, set once. Straight routes are drawn as lines (the raster
        # engine's fast path for flat-capped lines); only bent ones go through the general
        # polyline stroker, which is several times slower per pixel.
        by_pen: dict[tuple[int, float, int], list[DrawnItem]] = {}
        for item in self.drawn:
            agg = item.aggregate
            if item.ghost:
                continue
            key = (agg.majority, round(room_width(agg.mean_strength), 1), pen_style(agg).value)
            by_pen.setdefault(key, []).append(item)
            if agg.contested:
                contested_centres.append(item.centre)
            elif agg.majority < 0:
                minus_centres.append(item.centre)
        for (sign, width, pen_kind), items in by_pen.items():
            pen = QPen(SIGN_COLOURS[sign], width, Qt.PenStyle(pen_kind))
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            _draw_routes(painter, items)
        ghosts = [item for item in self.drawn if item.ghost]
        ghost_pen = QPen(GHOST_COLOUR, 2.0, Qt.PenStyle.DotLine)
        ghost_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        ghost_pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(ghost_pen)
        _draw_routes(painter, ghosts)
        if minus_centres:
            draw_opposition_markers(painter, minus_centres, style.OPPOSE_COLOUR, k)
        if contested_centres:
            _draw_contested_marks(painter, contested_centres, k)
        marks = [*minus_centres, *contested_centres, *(g.centre for g in ghosts)]
        self.ghost_label_boxes = [
            _draw_ghost_mark(painter, item.centre, proposers(item.aggregate), k, marks, self._boxes)
            for item in ghosts  # last: "proposed ×N" is read over whatever it crosses
        ]


def _draw_routes(painter: QPainter, items: Sequence[DrawnItem]) -> None:
    for item in items:
        if len(item.points) == 2:
            painter.drawLine(QLineF(*item.points))
        else:
            painter.drawPolyline(QPolygonF(list(item.points)))


def _mark_font(size: float) -> QFont:
    font = style.label_font()
    font.setPointSizeF(size)
    font.setBold(True)
    return font


def _draw_contested_marks(painter: QPainter, centres: list[QPointF], k: float = 1.0) -> None:
    """White diamonds with "±" drawn as strokes: contested, whatever the colours."""
    r = MARK_RADIUS * k
    h = r * 0.42
    painter.setPen(QPen(CONTESTED_INK, 2.0 * k))
    painter.setBrush(QBrush(QColor("#FFFFFF")))
    for c in centres:
        x, y = c.x(), c.y()
        painter.drawPolygon(
            QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)])
        )
    glyph_pen = QPen(CONTESTED_INK, 1.8 * k)
    glyph_pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(glyph_pen)
    for c in centres:
        x, y = c.x(), c.y()
        painter.drawLine(QLineF(x - h, y - h * 0.35, x + h, y - h * 0.35))  # the plus
        painter.drawLine(QLineF(x, y - h * 1.15, x, y + h * 0.45))
        painter.drawLine(QLineF(x - h, y + h * 0.9, x + h, y + h * 0.9))  # the minus under it


def _draw_ghost_mark(
    painter: QPainter,
    centre: QPointF,
    count: int,
    k: float = 1.0,
    marks: Sequence[QPointF] = (),
    boxes: Sequence[QRectF] = (),
) -> QRectF:
    """A "+" in a dashed circle and "proposed ×N" beside it: proposed by N participants.
    Returns where the words went."""
    r = 9.0 * k
    painter.setPen(QPen(GHOST_COLOUR, 1.5 * k, Qt.PenStyle.DashLine))
    painter.setBrush(QBrush(QColor(255, 255, 255, 230)))
    painter.drawEllipse(centre, r, r)
    painter.setPen(QPen(QColor(60, 60, 60), 2.0 * k))
    painter.drawLine(QLineF(centre.x() - r * 0.5, centre.y(), centre.x() + r * 0.5, centre.y()))
    painter.drawLine(QLineF(centre.x(), centre.y() - r * 0.5, centre.x(), centre.y() + r * 0.5))
    text, font, words, box = ghost_words(centre, count, k, marks, boxes)
    painter.setFont(font)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor(255, 255, 255, 215)))  # the words stay readable over lines
    painter.drawRoundedRect(box, 3 * k, 3 * k)
    painter.setPen(QPen(QColor(60, 60, 60)))
    painter.drawText(box.topLeft() - words.topLeft(), text)
    return box


def ghost_words(
    centre: QPointF,
    count: int,
    k: float = 1.0,
    marks: Sequence[QPointF] = (),
    boxes: Sequence[QRectF] = (),
) -> tuple[str, QFont, QRectF, QRectF]:
    """The words "proposed ×N" of a ghost's mark at ``centre``: (text, font, their bounds
    about a baseline at (0, 0), where they are drawn).

    They go right of the circle, else left, below or above: the first side where they
    cover no other mark (``marks``, this one included, as discs of a mark's size at this
    zoom) and no node's box (``boxes``); failing that, the first side clear of the boxes
    (the words are read, a mark is still seen beside them), then the first clear of the marks.
    """
    r = 9.0 * k
    font = _mark_font(9.0 * k)
    text = f"proposed ×{count}"
    words = QFontMetricsF(font).boundingRect(text).adjusted(-2 * k, -k, 2 * k, k)
    w, gap = words.width(), r + 3 * k
    baseline = 4 * k
    spots = [
        QPointF(centre.x() + gap, centre.y() + baseline),  # right
        QPointF(centre.x() - gap - w, centre.y() + baseline),  # left
        QPointF(centre.x() - w / 2, centre.y() + gap - words.top()),  # below
        QPointF(centre.x() - w / 2, centre.y() - gap - words.bottom()),  # above
    ]
    reach = MARK_RADIUS * k
    placed = [words.translated(spot) for spot in spots]

    def clear_of_marks(box: QRectF) -> bool:
        around = box.adjusted(-reach, -reach, reach, reach)
        return not any(around.contains(m) for m in marks if m != centre)

    def clear_of_boxes(box: QRectF) -> bool:
        return not any(box.intersects(node) for node in boxes)

    tests: list[Callable[[QRectF], bool]] = [
        lambda b: clear_of_marks(b) and clear_of_boxes(b),
        clear_of_boxes,
        clear_of_marks,
    ]
    return text, font, words, next((b for test in tests for b in placed if test(b)), placed[0])
