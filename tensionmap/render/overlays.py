"""Analysis overlays drawn over a map: coalitions, derived tensions, frustrated ties, focus.

These are plain QGraphicsItems (no widget state) that read geometry through
small sources, so they can be refreshed whenever nodes move:

- ``CoalitionHulls``: a light translucent hull around each of the two coalitions
  (blue and orange, also told apart by a solid or dashed outline), below edges;
- ``TensionArcs``: a curved dashed vermillion arc between each stakeholder pair
  in derived tension, wider when more intense, with a "⟂" marker at its apex;
- ``FrustrationMarkers``: a small warning triangle beside each relation that does
  not fit the coalitions (a frustrated tie);
- ``FocusedEdges`` and ``FocusDimmer``: bring one finding forward by fading the
  rest of the map to 15% and redrawing the focused relations at full strength.

``MapOverlays`` bundles them for one ``MapScene``. A *rect source* is a mapping
or a callable returning a mapping of node id -> QRectF (scene coordinates); a
*segment source* maps relation id -> (relation, (x1, y1, x2, y2)).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style
from .edge_items import arrow_polygon, draw_opposition_markers, stroke_segment

Segment = tuple[float, float, float, float]
RectSource = Mapping[str, QRectF] | Callable[[], Mapping[str, QRectF]]
SegmentSource = Mapping[str, tuple[Any, Segment]] | Callable[[], Mapping[str, tuple[Any, Segment]]]

#: Coalition A and B tints (Okabe-Ito blue and orange) at about 8% alpha.
COALITION_COLOURS = (QColor(0x00, 0x72, 0xB2, 20), QColor(0xE6, 0x9F, 0x00, 20))
COALITION_OUTLINES = (QColor(0x00, 0x72, 0xB2, 90), QColor(0xB0, 0x78, 0x00, 110))
COALITION_DASHES: tuple[tuple[float, ...], ...] = ((), (5.0, 3.0))  # solid A, dashed B: reads in greyscale
HULL_PADDING = 18.0
HULL_ROUNDING = 14.0
TENSION_COLOUR = QColor("#D55E00")
WARNING_FILL = QColor("#F0E442")  # Okabe-Ito yellow
WARNING_INK = QColor("#1F1F1F")
DIM_OPACITY = 0.15
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


def scene_segments(scene: Any) -> dict[str, tuple[Any, Segment]]:
    """relation id -> (relation, segment) for any scene with ``relation_items``."""
    return {key: (item.relation, item.segment) for key, item in scene.relation_items.items()}


# ------------------------------------------------------------------ geometry
def convex_hull(points: np.ndarray) -> np.ndarray:
    """Andrew's monotone chain: the hull of (n, 2) points, counter-clockwise, no repeats.

    Runs on plain floats (numpy scalars are ~20x slower in a Python loop).
    """
    pts: list[tuple[float, float]] = sorted(
        set(map(tuple, np.asarray(points, dtype=float).reshape(-1, 2).tolist()))
    )
    if len(pts) < 3:
        return np.array(pts, dtype=float).reshape(-1, 2)

    def half(seq: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for px, py in seq:
            while len(out) >= 2:
                (ax, ay), (bx, by) = out[-2], out[-1]
                if (bx - ax) * (py - ay) - (by - ay) * (px - ax) > 0:
                    break
                out.pop()
            out.append((px, py))
        return out

    lower = half(pts)
    upper = half(reversed(pts))
    return np.array(lower[:-1] + upper[:-1], dtype=float)


def hull_polygon(
    rects: Iterable[QRectF], padding: float = HULL_PADDING, rounding: float = HULL_ROUNDING
) -> QPolygonF:
    """A rounded convex hull around rectangles: the hull grown by ``rounding`` all round."""
    corners = []
    for r in rects:
        p = r.adjusted(-padding, -padding, padding, padding)
        corners += [
            (p.left(), p.top()),
            (p.right(), p.top()),
            (p.right(), p.bottom()),
            (p.left(), p.bottom()),
        ]
    if not corners:
        return QPolygonF()
    hull = convex_hull(np.array(corners))
    angles = np.linspace(0.0, 2 * math.pi, 16, endpoint=False)
    circle = np.column_stack([np.cos(angles), np.sin(angles)]) * rounding
    grown = convex_hull((hull[:, None, :] + circle[None, :, :]).reshape(-1, 2))
    return QPolygonF([QPointF(x, y) for x, y in grown.tolist()])


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
    """One rounded, translucent hull per coalition, under everything else."""

    def __init__(self, rects: RectSource, coalitions: Sequence[Iterable[str]] = ()) -> None:
        super().__init__(Z_HULLS)
        self._rects = rects
        self._coalitions: list[frozenset[str]] = []
        self.polygons: list[QPolygonF] = []
        self.set_coalitions(coalitions)

    def set_coalitions(self, coalitions: Sequence[Iterable[str]]) -> None:
        self._coalitions = [frozenset(c) for c in coalitions][: len(COALITION_COLOURS)]
        self.refresh()

    def refresh(self) -> None:
        """Recompute the hulls from the current node rects (call after nodes move)."""
        rects = _resolve(self._rects)
        self.polygons = []
        bounds = QRectF()
        for members in self._coalitions:
            poly = hull_polygon([rects[m] for m in sorted(members) if m in rects])
            self.polygons.append(poly)
            if not poly.isEmpty():
                bounds = bounds.united(poly.boundingRect())
        self._set_bounds(bounds.adjusted(-2, -2, 2, 2) if not bounds.isNull() else QRectF())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        for i, poly in enumerate(self.polygons):
            if poly.isEmpty():
                continue
            pen = QPen(COALITION_OUTLINES[i], 1.4)
            if COALITION_DASHES[i]:
                pen.setStyle(Qt.PenStyle.CustomDashLine)
                pen.setDashPattern(list(COALITION_DASHES[i]))
            painter.setPen(pen)
            painter.setBrush(QBrush(COALITION_COLOURS[i]))
            painter.drawPolygon(poly)


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
            x1, y1, x2, y2 = entry[1]
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            nx, ny = -(y2 - y1) / length, (x2 - x1) / length
            p = QPointF((x1 + x2) / 2 + nx * self.OFFSET, (y1 + y2) / 2 + ny * self.OFFSET)
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
        for _, (x1, y1, x2, y2) in self.lines:
            bounds = bounds.united(
                QRectF(QPointF(min(x1, x2), min(y1, y2)), QPointF(max(x1, x2), max(y1, y2)))
            )
        self._set_bounds(bounds.adjusted(-20, -20, 20, 20) if not bounds.isNull() else QRectF())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        for relation, seg in self.lines:
            edge_style = style.edge_style(relation.type)
            width = style.strength_width(relation.strength)
            x1, y1, x2, y2 = stroke_segment(relation, seg)
            painter.setPen(style.edge_pen(edge_style, width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawLine(QLineF(x1, y1, x2, y2))
            if style.is_directed(relation.type):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(edge_style.colour)
                painter.drawPolygon(arrow_polygon(*seg, width))
            if edge_style.marker:
                mid = QPointF((seg[0] + seg[2]) / 2, (seg[1] + seg[3]) / 2)
                draw_opposition_markers(painter, [mid], edge_style.colour)


class FocusDimmer:
    """Fades everything outside a Focus to 15% opacity.

    Node items are dimmed one by one. The edge layers draw all relations of a
    sign in one batch and cannot dim single relations, so the whole layers are
    faded and ``FocusedEdges`` redraws the focused relations on top.
    """

    def __init__(self, scene: Any, focused_edges: FocusedEdges, extra: Sequence[Any] = ()) -> None:
        self.scene = scene
        self.focused_edges = focused_edges
        self.extra = list(extra)  # overlays with set_focus(ids | None)
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
            if isinstance(overlay, FrustrationMarkers):
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
        self.dimmer = FocusDimmer(scene, self.focused_edges, [self.arcs, self.markers])
        for item in self.items():
            scene.addItem(item)
        self._timer: QTimer | None = None

    def follow_scene(self) -> None:
        """Refresh after the scene mirrors model changes, coalesced into one refresh per event-loop turn."""
        if self._timer is not None or not hasattr(self.scene, "mirrored"):
            return
        self._timer = QTimer(self.scene)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        self.scene.mirrored.connect(self._schedule)

    def _schedule(self, *_: object) -> None:
        if self._timer is not None:
            self._timer.start()

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
        self.arcs.set_pairs(derived_pairs(result.tensions))
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
