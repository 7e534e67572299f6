"""The power / interest grid (Mendelow): where each stakeholder stands, and who pulls against whom.

Stakeholders sit by interest (x) and power (y), both 1-5, over the four
classic quadrants split at the middle of the scale (3). Tensions between two
placed stakeholders (explicit or derived through the map) are drawn over the
grid as vermillion dashed lines, thicker when stronger. Stakeholders sharing a
position are fanned out around it so none hides another. Stakeholders without
power or interest are listed under the grid as not placed.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QWidget

from ...analysis.lens_view import LensView
from ...analysis.report import AnalysisResult
from ...analysis.tensions import Finding
from ...model import Node, Workspace
from .chart_parts import LegendEntry, SwatchLegend
from .common import (
    LABEL_COLOUR,
    OPPOSE_COLOUR,
    SELECTION_COLOUR,
    STAKEHOLDER_BORDER,
    STAKEHOLDER_FILL,
    InsightPanel,
    caption_label,
    heading_label,
    new_plot,
    path_text,
    visible_findings,
    visible_stakeholders,
    wrap_text,
)

LOW, HIGH, MIDDLE = 0.5, 5.5, 3.0
#: (label, x, y, anchor): text placed in the outer corner of each quadrant.
QUADRANTS = (
    ("Keep satisfied", LOW + 0.08, HIGH - 0.08, (0, 0)),
    ("Manage closely", HIGH - 0.08, HIGH - 0.08, (1, 0)),
    ("Monitor", LOW + 0.08, LOW + 0.08, (0, 1)),
    ("Keep informed", HIGH - 0.08, LOW + 0.08, (1, 1)),
)
FAN_RADIUS = 0.22
PICK_PIXELS = 12.0
LABEL_GAP = 13.0  # pixels between a marker's centre and its label


def quadrant_of(power: float, interest: float) -> str:
    high_power, high_interest = power > MIDDLE, interest > MIDDLE
    if high_power:
        return "Manage closely" if high_interest else "Keep satisfied"
    return "Keep informed" if high_interest else "Monitor"


class PowerInterestPanel(InsightPanel):
    """Stakeholders on the power / interest grid, with their tensions drawn between them."""

    title = "Power and interest"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nodes: dict[str, Node] = {}
        self.node_labels: dict[str, str] = {}
        #: stakeholder id -> drawn position (interest, power), fanned out when shared
        self.positions: dict[str, tuple[float, float]] = {}
        self.not_placed: list[str] = []
        #: (a, b) -> strongest tension between two placed stakeholders
        self.links: dict[tuple[str, str], Finding] = {}

        self.heading = heading_label("Power and interest")
        self.legend = SwatchLegend(
            [
                LegendEntry("Stakeholder", STAKEHOLDER_FILL, outline=STAKEHOLDER_BORDER),
                LegendEntry(
                    "Tension between them (thicker = stronger)", OPPOSE_COLOUR, line=True, dashed=True
                ),
            ]
        )
        self.plot = new_plot()
        self.plot.getAxis("bottom").setLabel("Interest")
        self.plot.getAxis("left").setLabel("Power")
        for name in ("bottom", "left"):
            self.plot.getAxis(name).setTicks([[(float(v), str(v)) for v in range(1, 6)], []])
        self.plot.showGrid(x=True, y=True, alpha=0.12)
        self.graphics.addItem(self.plot)
        self._draw_quadrants()
        self.plot.getViewBox().sigResized.connect(self._place_labels)
        self.link_items: list[pg.PlotCurveItem] = []
        self.label_items: dict[str, pg.TextItem] = {}
        self.points = pg.ScatterPlotItem(
            size=16,
            symbol="s",
            pen=pg.mkPen(STAKEHOLDER_BORDER, width=1.5),
            brush=pg.mkBrush(STAKEHOLDER_FILL),
        )
        self.points.setZValue(10)
        self.plot.addItem(self.points)
        self.ring = pg.ScatterPlotItem(
            size=28, symbol="s", pen=pg.mkPen(SELECTION_COLOUR, width=3), brush=pg.mkBrush(None)
        )
        self.ring.setZValue(9)
        self.plot.addItem(self.ring)
        self.not_placed_label = caption_label()
        self.figure_layout.addWidget(self.heading)
        self.figure_layout.addWidget(self.legend)
        self.figure_layout.addWidget(self.graphics, 1)
        self.figure_layout.addWidget(self.not_placed_label)

    def _draw_quadrants(self) -> None:
        pen = QPen(QColor("#9A9A9A"), 1.2)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        for angle in (0, 90):
            line = pg.InfiniteLine(pos=MIDDLE, angle=angle, pen=pen, movable=False)
            self.plot.addItem(line, ignoreBounds=True)
        font = QFont()
        font.setPointSizeF(10.5)
        font.setBold(True)
        self.quadrant_items: list[pg.TextItem] = []
        for text, x, y, anchor in QUADRANTS:
            item = pg.TextItem(text=text, color=QColor("#7A7A7A"), anchor=anchor)
            item.setFont(font)
            item.setPos(x, y)
            self.plot.addItem(item, ignoreBounds=True)
            self.quadrant_items.append(item)
        box = self.plot.getViewBox()
        box.setRange(xRange=(LOW, HIGH), yRange=(LOW, HIGH), padding=0)

    # ------------------------------------------------------------------ data
    def refresh(self, ws: Workspace, analysis_result: AnalysisResult | None, view: LensView | None) -> None:
        stakeholders = visible_stakeholders(ws, view)
        self.nodes = {n.id: n for n in stakeholders}
        self.node_labels = {n.id: n.label for n in ws.nodes.values()}
        placed = [n for n in stakeholders if n.power is not None and n.interest is not None]
        self.not_placed = [n.id for n in stakeholders if n.power is None or n.interest is None]
        self.positions = self._fan_out(placed)
        tensions, _ = visible_findings(ws, analysis_result, view)
        self.links = {}
        for f in tensions:  # ranked: the first finding of a pair is its strongest
            a, b = f.between
            key = (a, b) if a <= b else (b, a)
            if a in self.positions and b in self.positions and a != b and key not in self.links:
                self.links[key] = f
        self._draw()

    @staticmethod
    def _fan_out(placed: list[Node]) -> dict[str, tuple[float, float]]:
        """Positions; stakeholders sharing a spot sit on a small circle around it."""
        spots: dict[tuple[int, int], list[str]] = defaultdict(list)
        for n in placed:
            spots[(n.interest, n.power)].append(n.id)  # type: ignore[index]  # placed nodes have both scores
        positions: dict[str, tuple[float, float]] = {}
        for (x, y), ids in spots.items():
            if len(ids) == 1:
                positions[ids[0]] = (float(x), float(y))
                continue
            for k, nid in enumerate(ids):
                angle = math.pi / 2 + 2 * math.pi * k / len(ids)
                positions[nid] = (x + FAN_RADIUS * math.cos(angle), y + FAN_RADIUS * math.sin(angle))
        return positions

    # --------------------------------------------------------------- drawing
    def _draw(self) -> None:
        for item in self.link_items:
            self.plot.removeItem(item)
        self.link_items = []
        for (a, b), finding in self.links.items():
            (x0, y0), (x1, y1) = self.positions[a], self.positions[b]
            pen = QPen(OPPOSE_COLOUR, 1.2 + 3.0 * finding.intensity)
            pen.setCosmetic(True)
            pen.setStyle(Qt.PenStyle.CustomDashLine)
            pen.setDashPattern([4.0, 2.5])
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            curve = pg.PlotCurveItem([x0, x1], [y0, y1], pen=pen)
            curve.setZValue(5)
            self.plot.addItem(curve, ignoreBounds=True)
            self.link_items.append(curve)
        for item in self.label_items.values():
            self.plot.removeItem(item)
        self.label_items = {}
        ids = list(self.positions)
        self.points.setData(
            x=[self.positions[i][0] for i in ids], y=[self.positions[i][1] for i in ids], data=ids
        )
        font = QFont()
        font.setPointSizeF(10.0)
        for nid in ids:
            text, _ = wrap_text(self.nodes[nid].label, 18, 3)
            item = pg.TextItem(text=text, color=LABEL_COLOUR, anchor=(0, 0))
            item.setFont(font)
            item.setZValue(12)
            item.fill = pg.mkBrush(QColor(255, 255, 255, 215))
            self.plot.addItem(item, ignoreBounds=True)
            self.label_items[nid] = item
        if self.not_placed:
            names = ", ".join(self.nodes[n].label for n in self.not_placed)
            self.not_placed_label.setText(f"Not placed (power or interest not set): {names}")
        else:
            self.not_placed_label.setText("")
        self.not_placed_label.setVisible(bool(self.not_placed))
        self._show_selection()

    def _place_labels(self) -> None:
        """Put each label beside its marker where it overlaps nothing already drawn.

        Candidates, in order: under, over, right of and left of the marker, then
        the same shifted to stay inside the grid; failing all, the one that
        overlaps least. Runs again whenever the grid is resized, in pixels.
        """
        box = self.plot.getViewBox()
        bounds = box.sceneBoundingRect().adjusted(2, 2, -2, -2)
        if bounds.width() < 20 or not self.label_items:
            return
        half = 10.0
        taken = [item.sceneBoundingRect() for item in self.quadrant_items]
        centres = {nid: box.mapViewToScene(QPointF(*self.positions[nid])) for nid in self.label_items}
        taken += [QRectF(c.x() - half, c.y() - half, 2 * half, 2 * half) for c in centres.values()]
        for nid, item in self.label_items.items():
            size = item.textItem.boundingRect().size()
            w, h = size.width(), size.height()
            c = centres[nid]
            gap = LABEL_GAP
            candidates = [
                QRectF(c.x() - w / 2, c.y() + gap, w, h),
                QRectF(c.x() - w / 2, c.y() - gap - h, w, h),
                QRectF(c.x() + gap, c.y() - h / 2, w, h),
                QRectF(c.x() - gap - w, c.y() - h / 2, w, h),
            ]
            candidates += [_clamped(r, bounds) for r in candidates[:2]]

            def cost(rect: QRectF) -> float:
                outside = 0.0 if bounds.contains(rect) else 1e6
                return outside + sum(_overlap(rect, other) for other in taken)

            best = min(candidates, key=cost)
            taken.append(best)
            item.setAnchor((0, 0))
            item.setPos(box.mapSceneToView(best.topLeft()))

    def select_stakeholder(self, node_id: str | None) -> None:
        """Ring the stakeholder's marker and embolden its label."""
        self.selected_id = node_id
        self._show_selection()

    def _show_selection(self) -> None:
        font = QFont()
        font.setPointSizeF(10.0)
        for nid, item in self.label_items.items():
            font.setBold(nid == self.selected_id)
            item.setFont(font)
        if self.selected_id in self.positions:
            x, y = self.positions[self.selected_id]
            self.ring.setData(x=[x], y=[y])
        else:
            self.ring.setData(x=[], y=[])
        self._place_labels()  # a bold label is wider

    def highlighted(self) -> str | None:
        """The stakeholder ringed now, if any."""
        return self.selected_id if self.selected_id in self.positions else None

    # ------------------------------------------------------------ interaction
    def point_position(self, node_id: str) -> QPoint:
        """Viewport coordinates of a stakeholder's marker (for tests and automation)."""
        x, y = self.positions[node_id]
        return self.view_point(self.plot, x, y)

    def _scene_of(self, x: float, y: float) -> QPointF:
        return self.plot.getViewBox().mapViewToScene(QPointF(x, y))

    def stakeholder_at(self, scene_pos: QPointF) -> str | None:
        best, best_d = None, PICK_PIXELS
        for nid, (x, y) in self.positions.items():
            d = QLineF(self._scene_of(x, y), scene_pos).length()
            if d <= best_d:
                best, best_d = nid, d
        return best

    def link_at(self, scene_pos: QPointF) -> Finding | None:
        best, best_d = None, 6.0
        for (a, b), finding in self.links.items():
            p0, p1 = self._scene_of(*self.positions[a]), self._scene_of(*self.positions[b])
            d = _segment_distance(scene_pos, p0, p1)
            if d <= best_d:
                best, best_d = finding, d
        return best

    def clicked_at(self, scene_pos: QPointF) -> None:
        nid = self.stakeholder_at(scene_pos)
        if nid is not None:
            self.stakeholder_selected.emit(nid)

    def tooltip_at(self, scene_pos: QPointF) -> str | None:
        nid = self.stakeholder_at(scene_pos)
        if nid is not None:
            node = self.nodes[nid]
            lines = [node.label]
            if node.group:
                lines.append(f"Group: {node.group}")
            quadrant = quadrant_of(node.power, node.interest).lower()
            lines.append(f"Power {node.power}, interest {node.interest}: {quadrant}")
            against = [
                (self.nodes[b if a == nid else a].label, f.intensity)
                for (a, b), f in self.links.items()
                if nid in (a, b)
            ]
            if against:
                lines.append("In tension with: " + ", ".join(f"{label} ({i:.2f})" for label, i in against))
            lines.append("Click to select it on the map.")
            return "\n".join(lines)
        finding = self.link_at(scene_pos)
        if finding is not None:
            return (
                f"Tension: {finding.labels[0]} ↔ {finding.labels[1]}\n"
                f"{finding.kind.capitalize()}, intensity {finding.intensity:.2f}\n"
                f"via {path_text(finding, self.node_labels)}"
            )
        return None


def _overlap(a: QRectF, b: QRectF) -> float:
    both = a.intersected(b)
    return both.width() * both.height() if both.isValid() else 0.0


def _clamped(rect: QRectF, bounds: QRectF) -> QRectF:
    """``rect`` moved sideways to lie inside ``bounds`` (as far as it can)."""
    x = min(max(rect.left(), bounds.left()), bounds.right() - rect.width())
    return QRectF(x, rect.top(), rect.width(), rect.height())


def _segment_distance(p: QPointF, a: QPointF, b: QPointF) -> float:
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / length2))
    return math.hypot(p.x() - (a.x() + t * dx), p.y() - (a.y() + t * dy))
