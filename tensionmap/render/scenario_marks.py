"""Scenario and comparison marks drawn over the map.

- ``ScenarioMarks``: each driver a scenario moves gets a tint behind it
  (blue when it rises, vermillion when it falls, stronger for a larger
  change) and a badge above it (``▲ +0.96`` / ``▼ −0.96``, ``fixed`` for the
  pushed ones); each stakeholder that gains or loses gets a badge
  (``▲ gains +1.58`` / ``▼ loses −1.36``). Arrow, word and number carry the
  meaning, so it never rests on colour alone.
- ``CompareMarks``: the map against a snapshot: new nodes and relations
  badged ``new``, removed ones drawn as grey dashed ghosts where they were,
  renamed nodes badged with their old name, sign flips marked ``± flipped``
  on the relation's drawn line. A removed relation's ghost is routed like any
  relation (``layout.routing``): round the boxes of the map as drawn now and
  of the ghost nodes, never straight through a node it does not join; the
  badges of relations that exist sit on their routed line (the scene's
  geometry), not between the two centres.

Both read node boxes through a *rect source* (node id -> scene QRectF) each
time they paint, so they follow nodes as they move.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..layout.overlap import remove_overlaps
from ..layout.routing import plan_routes
from .overlays import route_marker

RectSource = Callable[[], Mapping[str, QRectF]]
#: relation id -> its drawn geometry (a routed ``Route``), e.g. ``MapScene.relation_geometry``
#: reduced to the routes.
RouteSource = Callable[[], Mapping[str, Any]]
#: Room a ghost relation keeps from the boxes it passes (scene units), as the map's own relations.
GHOST_CLEARANCE = 8.0

RISE = QColor("#0072B2")
FALL = QColor("#D55E00")
NEW = QColor("#009E73")  # Okabe-Ito bluish green
GHOST = QColor(120, 120, 120)
INK = QColor("#1F1F1F")
PAPER = QColor(255, 255, 255, 235)
Z_TINTS = -4.0  # under the edges and the nodes
Z_BADGES = 8.0  # over everything but the selection
MIN_SHOWN = 0.01  # changes smaller than this are not marked
PAD = 8.0
BOUNDS_PAD = 400.0  # room for badges enlarged at low zoom


#: Badge text is never smaller than this on screen (pixels), however far the map is zoomed out.
MIN_BADGE_PX = 13.0
BADGE_UNITS = 14.0  # text height in scene units at 100% and closer


def badge_font(painter: QPainter | None = None) -> QFont:
    """Bold badge text, enlarged when the view is zoomed out so it still reads."""
    k = abs(painter.worldTransform().m11()) if painter is not None else 1.0
    font = QFont()
    font.setPixelSize(max(1, round(max(BADGE_UNITS, MIN_BADGE_PX / max(k, 1e-3)))))
    font.setBold(True)
    return font


def _badge(
    painter: QPainter, centre_top: QPointF, text: str, colour: QColor, *, dashed: bool = False
) -> QRectF:
    """A rounded label with a coloured border, centred above ``centre_top``; returns its box."""
    font = badge_font(painter)
    metrics = QFontMetricsF(font)
    w = metrics.horizontalAdvance(text) + 12
    h = metrics.height() + 4
    box = QRectF(centre_top.x() - w / 2, centre_top.y() - h - 3, w, h)
    pen = QPen(colour, 2.0)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(QBrush(PAPER))
    painter.drawRoundedRect(box, 6, 6)
    painter.setFont(font)
    painter.setPen(INK)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
    return box


def signed(value: float) -> str:
    """+0.96 / −0.96 with a true minus sign."""
    return f"{value:+.2f}".replace("-", "−")


class _Marks(QGraphicsItem):
    def __init__(self, rects: RectSource) -> None:
        super().__init__()
        self._rects = rects
        self._bounds = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def refresh(self) -> None:
        self.prepareGeometryChange()
        rect = QRectF()
        for r in self._rects().values():
            rect = rect.united(r)
        self._bounds = rect.adjusted(-BOUNDS_PAD, -BOUNDS_PAD, BOUNDS_PAD, BOUNDS_PAD)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._bounds)


class ScenarioTints(_Marks):
    """The tints behind moved drivers (a separate item so it can sit under the nodes)."""

    def __init__(self, rects: RectSource) -> None:
        super().__init__(rects)
        self.levels: dict[str, float] = {}
        self.setZValue(Z_TINTS)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rects = self._rects()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        for key, level in self.levels.items():
            rect = rects.get(key)
            if rect is None or abs(level) < MIN_SHOWN:
                continue
            colour = QColor(RISE if level > 0 else FALL)
            colour.setAlpha(int(40 + 110 * min(1.0, abs(level))))
            painter.setBrush(QBrush(colour))
            painter.drawRoundedRect(rect.adjusted(-PAD, -PAD, PAD, PAD), 14, 14)


class ScenarioMarks(_Marks):
    """Badges for a scenario run: drivers' changes and stakeholders' gains (see module docstring)."""

    def __init__(self, rects: RectSource) -> None:
        super().__init__(rects)
        self.levels: dict[str, float] = {}
        self.gains: dict[str, float] = {}
        self.fixed: set[str] = set()
        self.tints = ScenarioTints(rects)
        self.setZValue(Z_BADGES)

    def set_run(self, levels: Mapping[str, float], gains: Mapping[str, float], fixed: set[str]) -> None:
        self.levels, self.gains, self.fixed = dict(levels), dict(gains), set(fixed)
        self.tints.levels = self.levels
        self.tints.refresh()
        self.refresh()

    def texts(self) -> dict[str, str]:
        """The badge text of each marked node (what a reader sees; also for tests)."""
        out: dict[str, str] = {}
        for key, level in self.levels.items():
            if key in self.fixed:
                out[key] = f"fixed {signed(level)}"
            elif abs(level) >= MIN_SHOWN:
                out[key] = f"{'▲' if level > 0 else '▼'} {signed(level)}"
        for key, gain in self.gains.items():
            if abs(gain) >= MIN_SHOWN:
                out[key] = f"▲ gains {signed(gain)}" if gain > 0 else f"▼ loses {signed(gain)}"
        return out

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rects = self._rects()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        values = {**self.levels, **self.gains}
        for key, text in self.texts().items():
            rect = rects.get(key)
            if rect is None:
                continue
            colour = RISE if values.get(key, 0.0) > 0 else FALL
            _badge(painter, QPointF(rect.center().x(), rect.top()), text, colour)


@dataclass
class Ghost:
    """A node the snapshot had and the map no longer has, where it was."""

    key: str
    label: str
    rect: QRectF


@dataclass
class CompareState:
    """What to mark: ids in the current map, and ghosts from the snapshot."""

    added_nodes: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)  # node id -> old label
    added_relations: list[tuple[str, str]] = field(default_factory=list)  # (source, target)
    flipped: list[tuple[str, str]] = field(default_factory=list)
    #: The ids of the relations in ``added_relations`` and ``flipped``, in the same order
    #: (their badges sit on the drawn line when a route source knows them).
    added_relation_ids: list[str] = field(default_factory=list)
    flipped_ids: list[str] = field(default_factory=list)
    ghosts: list[Ghost] = field(default_factory=list)
    removed_relations: list[tuple[str, str]] = field(default_factory=list)  # ends: node ids or ghost keys


class CompareMarks(_Marks):
    """The map against a snapshot (see module docstring)."""

    def __init__(
        self,
        rects: RectSource,
        routes: RouteSource | None = None,
        scale: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(rects)
        self.state = CompareState()
        self._routes = routes
        #: how much larger than natural size the map draws its nodes now (ghosts follow)
        self._scale = scale
        self._ghost_routes: list[list[tuple[float, float]]] = []
        self._ghost_key: tuple[Any, ...] | None = None
        self._rects_key: tuple[Any, ...] | None = None
        self._rects_cache: dict[str, QRectF] = {}
        self.setZValue(Z_BADGES)

    def set_state(self, state: CompareState) -> None:
        self.state = state
        self._ghost_key = self._rects_key = None
        self.refresh()

    def ghost_extent(self) -> QRectF:
        """The ghost nodes' boxes as drawn, while shown (Fit Map shows them with the map)."""
        rect = QRectF()
        if not self.isVisible() or not self.state.ghosts:
            return rect
        rects = self._all_rects()
        for ghost in self.state.ghosts:
            box = rects.get(ghost.key)
            if box is not None:
                rect = rect.united(box)
        return rect

    def ghost_routes(self) -> list[list[tuple[float, float]]]:
        """The drawn polyline of each removed relation (both ends still drawable), routed round
        every box of the map as drawn now and every ghost node; recomputed when a box moves."""
        rects = self._all_rects()
        wanted = [(a, b) for a, b in self.state.removed_relations if a in rects and b in rects]
        key = (tuple(wanted), tuple((k, r.getRect()) for k, r in rects.items()))
        if key == self._ghost_key:
            return self._ghost_routes
        centres = {k: (r.center().x(), r.center().y()) for k, r in rects.items()}
        sizes = {k: (r.width(), r.height()) for k, r in rects.items()}
        relations = [(i, a, b) for i, (a, b) in enumerate(wanted) if a != b]
        routes = plan_routes(centres, sizes, relations, clearance=GHOST_CLEARANCE) if relations else {}
        self._ghost_routes = [list(routes[i].points) for i, _a, _b in relations]
        self._ghost_key = key
        return self._ghost_routes

    def _relation_mark_at(
        self, relation_id: str | None, a: str, b: str, rects: Mapping[str, QRectF]
    ) -> QPointF:
        """Where a relation's badge goes: on its drawn line (its marker), else between the centres."""
        routes = self._routes() if self._routes is not None and relation_id is not None else {}
        geometry = routes.get(relation_id) if relation_id is not None else None
        if geometry is not None:
            return route_marker(geometry)[0]
        return (rects[a].center() + rects[b].center()) / 2

    def refresh(self) -> None:
        super().refresh()
        for rect in self._all_rects().values():
            self._bounds = self._bounds.united(
                rect.adjusted(-BOUNDS_PAD, -BOUNDS_PAD, BOUNDS_PAD, BOUNDS_PAD)
            )

    def _all_rects(self) -> dict[str, QRectF]:
        """Every box to draw against: the map's nodes as drawn now, and the ghosts, drawn as
        large as the nodes around them and nudged off any node now standing where they were
        (a ghost under a live node would hide it, and its label would read as that node's)."""
        rects = dict(self._rects())
        k = self._scale() if self._scale is not None else 1.0
        key = (id(self.state), k, tuple((name, r.getRect()) for name, r in rects.items()))
        if key == self._rects_key:  # painting again with nothing moved: no new nudge pass
            return dict(self._rects_cache)
        ghosts: list[tuple[str, QRectF]] = []
        for ghost in self.state.ghosts:
            if ghost.key in rects:
                continue
            rect = QRectF(ghost.rect)
            if k != 1.0:  # drawn as large as the nodes around it
                centre = rect.center()
                rect.setSize(rect.size() * k)
                rect.moveCenter(centre)
            ghosts.append((ghost.key, rect))
        if ghosts and rects:
            live = list(rects.values())
            boxes = live + [r for _k, r in ghosts]
            centres = np.array([(r.center().x(), r.center().y()) for r in boxes], dtype=float)
            sizes = np.array([(r.width(), r.height()) for r in boxes], dtype=float)
            fixed = np.arange(len(boxes)) < len(live)
            placed = remove_overlaps(centres, sizes, fixed, gap=GHOST_CLEARANCE * k)
            for (_key, rect), (x, y) in zip(ghosts, placed[len(live) :].tolist(), strict=True):
                rect.moveCenter(QPointF(x, y))
        for name, rect in ghosts:
            rects[name] = rect
        self._rects_key, self._rects_cache = key, dict(rects)
        return rects

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rects = self._all_rects()
        state = self.state
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        ghost_pen = QPen(GHOST, 2.0, Qt.PenStyle.DashLine)
        painter.setPen(ghost_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for points in self.ghost_routes():
            path = QPainterPath(QPointF(*points[0]))
            for point in points[1:]:
                path.lineTo(QPointF(*point))
            painter.drawPath(path)
        for ghost in state.ghosts:
            box = rects.get(ghost.key, ghost.rect)
            painter.setPen(ghost_pen)
            painter.setBrush(QBrush(QColor(255, 255, 255, 200)))
            painter.drawRoundedRect(box, 9, 9)
            _badge(
                painter,
                QPointF(box.center().x(), box.bottom()),
                f"removed: {ghost.label}",
                GHOST,
                dashed=True,
            )
        for key in state.added_nodes:
            if key in rects:
                _badge(painter, QPointF(rects[key].center().x(), rects[key].top()), "new", NEW)
        for key, old in state.renamed.items():
            if key in rects:
                _badge(painter, QPointF(rects[key].center().x(), rects[key].top()), f"was: {old}", INK)
        for marks, ids, text, colour in (
            (state.added_relations, state.added_relation_ids, "new", NEW),
            (state.flipped, state.flipped_ids, "± flipped", FALL),
        ):
            for i, (a, b) in enumerate(marks):
                if a in rects and b in rects:
                    at = self._relation_mark_at(ids[i] if i < len(ids) else None, a, b, rects)
                    _badge(painter, at + QPointF(0, 10), text, colour)
