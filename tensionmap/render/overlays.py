"""Analysis overlays drawn over a map: coalitions, derived tensions, frustrated ties, focus.

These are plain QGraphicsItems (no widget state) that read geometry through
small sources, so they can be refreshed whenever nodes move:

- ``CoalitionHulls``: a light translucent tint round the members of each of the
  two coalitions (green and purple, also told apart by a solid or dashed
  outline), below edges; a halo per member rather than one convex hull, which
  would swallow the other coalition's nodes whenever the two interleave;
- ``TensionArcs``: a curved dashed vermillion arc between each stakeholder pair
  in derived tension, wider when more intense, with a "⟂" marker at its apex;
- ``FrustrationMarkers``: a small warning triangle beside each relation that does
  not fit the coalitions (a frustrated tie);
- ``FocusedEdges`` and ``FocusDimmer``: bring one finding forward by fading the
  rest of the map to 15% and redrawing the focused relations at full strength.

``MapOverlays`` bundles them for one ``MapScene``. A *rect source* is a mapping
or a callable returning a mapping of node id -> QRectF (scene coordinates); a
*segment source* maps relation id -> (relation, geometry), the geometry a routed
``Route`` (``tensionmap.layout.routing``: polyline and marker point) or a plain
(x1, y1, x2, y2) segment; markers sit at the route's marker point.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style
from .edge_items import arrow_polygon, draw_opposition_markers, stroke_segment
from .style import DIM_OPACITY

Segment = tuple[float, float, float, float]
RectSource = Mapping[str, QRectF] | Callable[[], Mapping[str, QRectF]]
SegmentSource = Mapping[str, tuple[Any, Segment]] | Callable[[], Mapping[str, tuple[Any, Segment]]]

#: Coalition A and B tints: Okabe-Ito bluish green and reddish purple, light and translucent.
#: Hues of their own: the nodes wear a warm (stakeholder) or cool blue (driver) fill, and the
#: relations blue and vermillion, so a halo never reads as a node kind or a sign.
COALITION_COLOURS = (QColor(0x00, 0x9E, 0x73, 56), QColor(0xCC, 0x79, 0xA7, 60))
COALITION_OUTLINES = (QColor(0x00, 0x7A, 0x59, 150), QColor(0xA8, 0x4F, 0x85, 160))
COALITION_NAMES = ("Coalition A", "Coalition B")
COALITION_DASHES: tuple[tuple[float, ...], ...] = ((), (5.0, 3.0))  # solid A, dashed B: reads in greyscale
HALO_PADDING = 9.0  # coalition tint around each member
HALO_ROUNDING = 14.0
CORRIDOR_WIDTH = 12.0  # tint along supportive relations inside a coalition
TENSION_COLOUR = QColor("#D55E00")
WARNING_FILL = QColor("#F0E442")  # Okabe-Ito yellow
WARNING_INK = QColor("#1F1F1F")
ARC_DASHES = (5.0, 2.0, 1.0, 2.0)  # dash-dot: unlike the dashed opposing relations

Z_HULLS = -5.0  # below the edge layers (-1) and the nodes (10)
Z_FOCUSED_EDGES = -0.5
Z_ARCS = 5.0
Z_MARKERS = 6.0


@dataclass(frozen=True)
class Focus:
    """What to bring forward: these nodes and these relations; everything else is dimmed."""

    node_ids: frozenset[str] = frozenset()
    relation_ids: frozenset[str] = frozenset()

    @classmethod
    def of(cls, node_ids: Iterable[str] = (), relation_ids: Iterable[str] = ()) -> Focus:
        return cls(frozenset(node_ids), frozenset(relation_ids))


def _resolve(source: Any) -> Mapping[str, Any]:
    return source() if callable(source) else source


def scene_rects(scene: Any) -> dict[str, QRectF]:
    """node id -> outline rect in scene coordinates, for any scene with ``node_items``."""
    return {key: item.mapRectToScene(item.rect) for key, item in scene.node_items.items()}


def route_points(geometry: Any) -> list[tuple[float, float]]:
    """The drawn polyline of a relation's geometry: a routed ``Route`` or a plain (x1, y1, x2, y2)."""
    points = getattr(geometry, "points", None)
    if points is not None:
        return list(points)
    x1, y1, x2, y2 = geometry
    return [(x1, y1), (x2, y2)]


def route_marker(geometry: Any) -> tuple[QPointF, float, float]:
    """Where a relation's marker sits, and the unit direction of the stretch it sits on."""
    points = route_points(geometry)
    best, at = -1.0, (points[0], points[-1])
    for a, b in itertools.pairwise(points):
        length = math.dist(a, b)
        if length > best:
            best, at = length, (a, b)
    (x1, y1), (x2, y2) = at
    marker = getattr(geometry, "marker", ((x1 + x2) / 2, (y1 + y2) / 2))
    length = best or 1.0
    return QPointF(*marker), (x2 - x1) / length, (y2 - y1) / length


def scene_segments(scene: Any) -> dict[str, tuple[Any, Segment]]:
    """relation id -> (relation, segment) of every relation of ``scene``.

    A ``MapScene`` answers from its routing table (``relation_geometry()``), which
    holds every relation at once; its per-relation hit items are made in idle-time
    chunks on big maps, so ``relation_items`` is only the fallback for other scenes.
    """
    geometry = getattr(scene, "relation_geometry", None)
    if callable(geometry):
        return geometry()
    return {key: (item.relation, item.segment) for key, item in scene.relation_items.items()}


# ------------------------------------------------------------------ geometry
def _orientation(points: Sequence[QPointF]) -> float:
    """Twice the signed area of a polygon (its sign is its winding direction)."""
    return sum(
        a.x() * b.y() - b.x() * a.y()
        for a, b in zip(points, list(points[1:]) + list(points[:1]), strict=True)
    )


@functools.cache
def _rounded_rect_winding() -> float:
    probe = QPainterPath()
    probe.addRoundedRect(QRectF(0, 0, 10, 10), 2, 2)
    return 1.0 if _orientation(list(probe.toFillPolygon())) >= 0 else -1.0


def coalition_shape(
    rects: Iterable[QRectF],
    corridors: Iterable[Segment] = (),
    *,
    padding: float = HALO_PADDING,
    rounding: float = HALO_ROUNDING,
    corridor_width: float = CORRIDOR_WIDTH,
    merge: bool = True,
) -> QPainterPath:
    """The region of one coalition: a rounded halo round each member rect plus a corridor
    along each segment, merged into one outline (``merge``) or left as overlapping shapes
    all wound the same way, so a winding fill paints their union once either way."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for r in rects:
        path.addRoundedRect(r.adjusted(-padding, -padding, padding, padding), rounding, rounding)
    winding = _rounded_rect_winding()
    half = corridor_width / 2
    for x1, y1, x2, y2 in corridors:
        length = math.hypot(x2 - x1, y2 - y1)
        if length < 1e-6:
            continue
        nx, ny = -(y2 - y1) / length * half, (x2 - x1) / length * half
        quad = [QPointF(x1 + nx, y1 + ny), QPointF(x2 + nx, y2 + ny), QPointF(x2 - nx, y2 - ny)]
        quad.append(QPointF(x1 - nx, y1 - ny))
        if (_orientation(quad) >= 0) != (winding > 0):
            quad.reverse()
        path.addPolygon(QPolygonF(quad))
        path.closeSubpath()
    if merge and not path.isEmpty():
        return path.simplified()  # odd-even fill: a ring of corridors keeps its hole
    return path


def arc_path(
    a: QPointF, b: QPointF, bend: float = 0.22, max_bend: float = 160.0
) -> tuple[QPainterPath, QPointF]:
    """A quadratic curve from ``a`` to ``b`` bowed to one side, and its apex (t = 0.5)."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = math.hypot(dx, dy) or 1.0
    offset = min(length * bend, max_bend)
    nx, ny = -dy / length, dx / length
    mid = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
    control = QPointF(mid.x() + nx * offset * 2, mid.y() + ny * offset * 2)
    path = QPainterPath(a)
    path.quadTo(control, b)
    apex = QPointF(mid.x() + nx * offset, mid.y() + ny * offset)  # 0.25a + 0.5c + 0.25b
    return path, apex


def tension_width(intensity: float) -> float:
    """Arc pen width for an intensity in (0, 1]."""
    return 1.2 + 3.3 * max(0.0, min(1.0, float(intensity)))


def draw_tension_marker(painter: QPainter, centre: QPointF, colour: QColor, radius: float = 8.0) -> None:
    """A white disc with an "up tack" (⟂) drawn in strokes, so it never depends on a font."""
    painter.setPen(QPen(colour, 1.6))
    painter.setBrush(QBrush(QColor("#FFFFFF")))
    painter.drawEllipse(centre, radius, radius)
    pen = QPen(colour, 2.0)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    x, y, r = centre.x(), centre.y(), radius * 0.55
    painter.drawLines([QLineF(x, y - r, x, y + r), QLineF(x - r, y + r, x + r, y + r)])


def draw_warning(painter: QPainter, centre: QPointF, size: float = 13.0) -> None:
    """A yellow warning triangle with an exclamation mark: the shape carries the meaning."""
    h = size * 0.866
    tri = QPolygonF(
        [
            QPointF(centre.x(), centre.y() - h * 0.6),
            QPointF(centre.x() + size / 2, centre.y() + h * 0.4),
            QPointF(centre.x() - size / 2, centre.y() + h * 0.4),
        ]
    )
    pen = QPen(WARNING_INK, 1.3)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(QBrush(WARNING_FILL))
    painter.drawPolygon(tri)
    bar = QPen(WARNING_INK, 1.6)
    bar.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(bar)
    painter.drawLine(QLineF(centre.x(), centre.y() - h * 0.3, centre.x(), centre.y() + h * 0.08))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(WARNING_INK))
    painter.drawEllipse(QPointF(centre.x(), centre.y() + h * 0.24), 0.9, 0.9)


# --------------------------------------------------------------------- items
class _OverlayItem(QGraphicsItem):
    """Shared plumbing: a cached bounding rect, no mouse, refresh on demand."""

    def __init__(self, z: float) -> None:
        super().__init__()
        self._bounds = QRectF()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def _set_bounds(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._bounds = rect
        self.update()


class CoalitionHulls(_OverlayItem):
    """A light translucent tint around each coalition, under everything else.

    Each tint is a *bubble*: a rounded halo around every member plus a narrow
    corridor along each supportive relation between two members, merged into
    one region with a faint outline (solid for A, dashed for B). Unlike a
    convex hull it never swallows the other coalition's nodes when the two
    interleave. Above ``MERGE_LIMIT`` shapes (big maps) each member gets a
    plain tinted tile instead, painted in one batch without outline: merging
    and filling thousands of rounded shapes would slow every repaint.
    """

    MERGE_LIMIT = 600

    def __init__(
        self,
        rects: RectSource,
        coalitions: Sequence[Iterable[str]] = (),
        segments: SegmentSource | None = None,
    ) -> None:
        super().__init__(Z_HULLS)
        self._rects = rects
        self._segments = segments
        self._coalitions: list[frozenset[str]] = []
        self.shapes: list[QPainterPath] = []
        self.merged: list[bool] = []
        self.tiles: list[list[QRectF]] = []
        self.set_coalitions(coalitions)

    def set_coalitions(self, coalitions: Sequence[Iterable[str]]) -> None:
        self._coalitions = [frozenset(c) for c in coalitions][: len(COALITION_COLOURS)]
        self.refresh()

    def refresh(self) -> None:
        """Recompute the tints from the current node rects (call after nodes move)."""
        rects = _resolve(self._rects)
        segments = _resolve(self._segments) if self._segments is not None else {}
        inside: list[list[Segment]] = [[] for _ in self._coalitions]
        if segments and self._coalitions:
            for relation, seg in segments.values():
                if relation is None or getattr(relation, "sign", 0) <= 0:
                    continue
                for i, members in enumerate(self._coalitions):
                    if relation.source in members and relation.target in members:
                        points = route_points(seg)
                        inside[i].extend((*a, *b) for a, b in itertools.pairwise(points))
                        break
        self.shapes, self.merged, self.tiles = [], [], []
        bounds = QRectF()
        pad = HALO_PADDING
        for members, corridors in zip(self._coalitions, inside, strict=True):
            member_rects = [rects[m] for m in sorted(members) if m in rects]
            merge = len(member_rects) + len(corridors) <= self.MERGE_LIMIT
            if merge:
                shape = coalition_shape(member_rects, corridors)
                tiles: list[QRectF] = []
            else:  # a big map: plain padded rects, painted in one cheap batch
                tiles = [r.adjusted(-pad, -pad, pad, pad) for r in member_rects]
                shape = QPainterPath()
                for tile in tiles:
                    shape.addRect(tile)
            self.shapes.append(shape)
            self.merged.append(merge)
            self.tiles.append(tiles)
            if not shape.isEmpty():
                bounds = bounds.united(shape.boundingRect())
        self._set_bounds(bounds.adjusted(-2, -2, 2, 2) if not bounds.isNull() else QRectF())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        for i, shape in enumerate(self.shapes):
            if shape.isEmpty():
                continue
            if not self.merged[i]:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(COALITION_COLOURS[i]))
                painter.drawRects(self.tiles[i])
                continue
            pen = QPen(COALITION_OUTLINES[i], 1.2)
            pen.setCosmetic(True)
            if COALITION_DASHES[i]:
                pen.setStyle(Qt.PenStyle.CustomDashLine)
                pen.setDashPattern(list(COALITION_DASHES[i]))
            painter.setPen(pen)
            painter.setBrush(QBrush(COALITION_COLOURS[i]))
            painter.drawPath(shape)


class TensionArcs(_OverlayItem):
    """Dashed curved arcs between stakeholder pairs in derived tension (toggle with setVisible)."""

    def __init__(self, rects: RectSource, pairs: Iterable[tuple[str, str, float]] = ()) -> None:
        super().__init__(Z_ARCS)
        self._rects = rects
        self._pairs: list[tuple[str, str, float]] = []
        self._focus: frozenset[str] | None = None
        self.arcs: list[tuple[str, str, float, QPainterPath, QPointF]] = []
        self.set_pairs(pairs)

    def set_pairs(self, pairs: Iterable[tuple[str, str, float]]) -> None:
        """(stakeholder id, stakeholder id, intensity) triples; one arc each."""
        self._pairs = [(a, b, float(i)) for a, b, i in pairs]
        self.refresh()

    def set_focus(self, node_ids: Iterable[str] | None) -> None:
        """Arcs with both ends in ``node_ids`` stay bright, the rest fade; None: all bright."""
        self._focus = None if node_ids is None else frozenset(node_ids)
        self.update()

    def refresh(self) -> None:
        rects = _resolve(self._rects)
        self.arcs = []
        bounds = QRectF()
        for a, b, intensity in self._pairs:
            if a not in rects or b not in rects or a == b:
                continue
            first, second = (a, b) if a < b else (b, a)  # bow to a stable side
            path, apex = arc_path(rects[first].center(), rects[second].center())
            self.arcs.append((a, b, intensity, path, apex))
            bounds = bounds.united(path.boundingRect()).united(QRectF(apex, apex).adjusted(-10, -10, 10, 10))
        self._set_bounds(bounds.adjusted(-6, -6, 6, 6) if not bounds.isNull() else QRectF())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for a, b, intensity, path, _ in self.arcs:
            colour = QColor(TENSION_COLOUR)
            if self._focus is not None and not (a in self._focus and b in self._focus):
                colour.setAlphaF(DIM_OPACITY)
            pen = QPen(colour, tension_width(intensity))
            pen.setStyle(Qt.PenStyle.CustomDashLine)
            pen.setDashPattern(list(ARC_DASHES))
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        for a, b, _, _, apex in self.arcs:
            colour = QColor(TENSION_COLOUR)
            if self._focus is not None and not (a in self._focus and b in self._focus):
                colour.setAlphaF(DIM_OPACITY)
            draw_tension_marker(painter, apex, colour)


class FrustrationMarkers(_OverlayItem):
    """A warning triangle beside the midpoint of each frustrated relation.

    It sits a little off the line, so it never hides the opposition marker
    drawn at the midpoint of negative relations.
    """

    OFFSET = style.MARKER_RADIUS + 9.0

    def __init__(self, segments: SegmentSource, relation_ids: Iterable[str] = ()) -> None:
        super().__init__(Z_MARKERS)
        self._segments = segments
        self._ids: list[str] = []
        self._focus: frozenset[str] | None = None
        self.positions: dict[str, QPointF] = {}
        self.set_relations(relation_ids)

    def set_relations(self, relation_ids: Iterable[str]) -> None:
        self._ids = list(dict.fromkeys(relation_ids))
        self.refresh()

    def set_focus(self, relation_ids: Iterable[str] | None) -> None:
        self._focus = None if relation_ids is None else frozenset(relation_ids)
        self.update()

    def refresh(self) -> None:
        segments = _resolve(self._segments)
        self.positions = {}
        bounds = QRectF()
        for key in self._ids:
            entry = segments.get(key)
            if entry is None:
                continue
            mid, ux, uy = route_marker(entry[1])
            p = QPointF(mid.x() - uy * self.OFFSET, mid.y() + ux * self.OFFSET)
            self.positions[key] = p
            bounds = bounds.united(QRectF(p.x() - 10, p.y() - 10, 20, 20))
        self._set_bounds(bounds)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        for key, p in self.positions.items():
            dim = self._focus is not None and key not in self._focus
            painter.setOpacity(DIM_OPACITY if dim else 1.0)
            draw_warning(painter, p)
        painter.setOpacity(1.0)


class FocusedEdges(_OverlayItem):
    """The focused relations redrawn at full strength above their (dimmed) edge layers."""

    def __init__(self, segments: SegmentSource) -> None:
        super().__init__(Z_FOCUSED_EDGES)
        self._segments = segments
        self._ids: frozenset[str] = frozenset()
        self.lines: list[tuple[Any, Segment]] = []

    def set_relations(self, relation_ids: Iterable[str]) -> None:
        self._ids = frozenset(relation_ids)
        self.refresh()

    def refresh(self) -> None:
        segments = _resolve(self._segments)
        self.lines = [segments[k] for k in sorted(self._ids) if k in segments]
        bounds = QRectF()
        for _, seg in self.lines:
            points = route_points(seg)
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            bounds = bounds.united(QRectF(QPointF(min(xs), min(ys)), QPointF(max(xs), max(ys))))
        self._set_bounds(bounds.adjusted(-20, -20, 20, 20) if not bounds.isNull() else QRectF())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        for relation, seg in self.lines:
            edge_style = style.edge_style(relation.type)
            width = style.strength_width(relation.strength)
            points = route_points(seg)
            last = (*points[-2], *points[-1])
            points[-2:] = [stroke_segment(relation, last)[:2], stroke_segment(relation, last)[2:]]
            painter.setPen(style.edge_pen(edge_style, width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in points]))
            if style.is_directed(relation.type):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(edge_style.colour)
                painter.drawPolygon(arrow_polygon(*last, width))
            if edge_style.marker:
                draw_opposition_markers(painter, [route_marker(seg)[0]], edge_style.colour)


class FocusDimmer:
    """Fades everything outside a Focus to 15% opacity.

    Node items are dimmed one by one. The edge layers draw all relations of a
    sign in one batch and cannot dim single relations, so the whole layers are
    faded and ``FocusedEdges`` redraws the focused relations on top.
    """

    def __init__(self, scene: Any, focused_edges: FocusedEdges, extra: Sequence[Any] = ()) -> None:
        self.scene = scene
        self.focused_edges = focused_edges
        self.extra = list(extra)  # overlays with set_focus(ids | None); coalition hulls just fade
        self.focus: Focus | None = None

    def apply(self, focus: Focus | None) -> None:
        self.focus = focus
        self.reapply()

    def clear(self) -> None:
        self.apply(None)

    def reapply(self) -> None:
        """Apply the current focus again (after items were added or rebuilt)."""
        focus = self.focus
        for key, item in self.scene.node_items.items():
            item.setOpacity(1.0 if focus is None or key in focus.node_ids else DIM_OPACITY)
        for layer in getattr(self.scene, "layers", {}).values():
            layer.setOpacity(1.0 if focus is None else DIM_OPACITY)
        self.focused_edges.set_relations(() if focus is None else focus.relation_ids)
        self.focused_edges.setVisible(focus is not None)
        for overlay in self.extra:
            if isinstance(overlay, CoalitionHulls):
                overlay.setOpacity(1.0 if focus is None else DIM_OPACITY)  # tints recede with the rest
            elif isinstance(overlay, FrustrationMarkers):
                overlay.set_focus(None if focus is None else focus.relation_ids)
            else:
                overlay.set_focus(None if focus is None else focus.node_ids)


def derived_pairs(findings: Iterable[Any]) -> list[tuple[str, str, float]]:
    """(a, b, intensity) of the derived findings among ``findings`` (analysis ``Finding`` values)."""
    return [(f.between[0], f.between[1], f.intensity) for f in findings if f.kind == "derived"]


class MapOverlays:
    """All analysis overlays of one MapScene, kept in step with an AnalysisResult."""

    def __init__(self, scene: Any) -> None:
        self.scene = scene
        rects: Callable[[], Mapping[str, QRectF]] = lambda: scene_rects(scene)  # noqa: E731
        segments: Callable[[], Mapping[str, tuple[Any, Segment]]] = lambda: scene_segments(scene)  # noqa: E731
        self.hulls = CoalitionHulls(rects)
        self.arcs = TensionArcs(rects)
        self.markers = FrustrationMarkers(segments)
        self.focused_edges = FocusedEdges(segments)
        self.focused_edges.setVisible(False)
        self.dimmer = FocusDimmer(scene, self.focused_edges, [self.hulls, self.arcs, self.markers])
        for item in self.items():
            scene.addItem(item)
        self._timer: QTimer | None = None
        #: At most this many arcs (the strongest derived tensions); None: all of them.
        self.arc_limit: int | None = None

    def follow_scene(self, interval_ms: int = 0) -> None:
        """Refresh after the scene mirrors model changes, coalesced into one refresh per event-loop
        turn (or, with ``interval_ms``, at most one per interval: big maps)."""
        if self._timer is not None or not hasattr(self.scene, "mirrored"):
            return
        self._timer = QTimer(self.scene)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)
        self.scene.mirrored.connect(self._schedule)

    def _schedule(self, *_: object) -> None:
        """Ask for a refresh; a refresh already scheduled is not pushed back (batched, not starved)."""
        if self._timer is not None and not self._timer.isActive():
            self._timer.start()

    def schedule_refresh(self) -> None:
        """Refresh soon (coalesced like the scene's changes): after nodes glided or the zoom changed."""
        if self._timer is None:
            self.refresh()
        else:
            self._schedule()

    def items(self) -> list[QGraphicsItem]:
        return [self.hulls, self.arcs, self.markers, self.focused_edges]

    def set_result(self, result: Any) -> None:
        """Show an AnalysisResult: coalitions, derived tensions and frustrated relations."""
        if result is None:
            self.hulls.set_coalitions(())
            self.arcs.set_pairs(())
            self.markers.set_relations(())
            return
        self.hulls.set_coalitions(result.balance.coalitions)
        pairs = derived_pairs(result.tensions)  # ranked strongest first
        self.arcs.set_pairs(pairs if self.arc_limit is None else pairs[: self.arc_limit])
        self.markers.set_relations(result.balance.frustrated_relations)
        self.dimmer.reapply()

    def set_focus(self, focus: Focus | None) -> None:
        self.dimmer.apply(focus)

    def set_visible(
        self, *, hulls: bool | None = None, arcs: bool | None = None, markers: bool | None = None
    ) -> None:
        for item, flag in ((self.hulls, hulls), (self.arcs, arcs), (self.markers, markers)):
            if flag is not None:
                item.setVisible(flag)

    def refresh(self) -> None:
        """Follow moved, added or removed nodes and relations."""
        for item in (self.hulls, self.arcs, self.markers):
            item.refresh()
        if self.dimmer.focus is not None:
            self.dimmer.reapply()

    def remove(self) -> None:
        """Take the overlays off the scene and stop following it.

        Call it before ``MapScene.attach`` (which clears the scene, deleting these
        items); afterwards build a new ``MapOverlays`` for the new map.
        """
        if self._timer is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.scene.mirrored.disconnect(self._schedule)
            self._timer.stop()
            self._timer.deleteLater()
            self._timer = None
        if not all(shiboken6.isValid(item) for item in self.items()):
            return  # the scene was cleared already: nothing left to take off
        self.dimmer.clear()
        for item in self.items():
            if item.scene() is not None:
                item.scene().removeItem(item)
