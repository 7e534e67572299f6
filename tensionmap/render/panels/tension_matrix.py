"""The tension matrix: every pair of stakeholders, how strongly they pull apart and together.

Above the diagonal a cell shows the pair's strongest tension (vermillion, and
a minus sign), below it the strongest alliance (blue, a plus sign): a pair can
have both, when it agrees on one driver and disagrees on another. The shade
and the number are the intensity (0-1, the product of the strengths along
the path), so the matrix
reads in greyscale too.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsRectItem, QWidget

from ...analysis.lens_view import LensView
from ...analysis.report import AnalysisResult
from ...analysis.tensions import Finding
from ...model import Workspace
from .bars import Bar, BarsItem
from .chart_parts import CategoryAxis, LegendEntry, SwatchLegend
from .common import (
    LABEL_COLOUR,
    OPPOSE_COLOUR,
    SUPPORT_COLOUR,
    WHITE,
    Focus,
    InsightPanel,
    blend,
    heading_label,
    message_item,
    new_plot,
    outline_pen,
    path_text,
    visible_findings,
    visible_stakeholders,
)

EMPTY_CELL = QColor("#F7F7F7")
DIAGONAL = QColor("#F7F7F7")
DIAGONAL_HATCH = QColor("#CFCFCF")
CELL_EDGE = QColor("#DDDDDD")
GAP = 0.04
#: Above this many stakeholders the matrix draws only its findings, without numbers.
DENSE_LIMIT = 40


def shade(colour: QColor, intensity: float) -> QColor:
    """A visible tint even for weak findings: 20% of the colour at intensity 0, all of it at 1."""
    return blend(colour, 0.2 + 0.8 * intensity)


class TensionMatrixPanel(InsightPanel):
    """Stakeholders × stakeholders: tensions above the diagonal, alliances below."""

    title = "Tension matrix"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.order: list[str] = []
        self.labels: dict[str, str] = {}
        self.groups: dict[str, str] = {}
        self.node_labels: dict[str, str] = {}
        #: (row, column) -> the findings of that cell, strongest first
        self.cells: dict[tuple[int, int], list[Finding]] = {}
        self.selected_cell: tuple[int, int] | None = None

        self.heading = heading_label("Tensions and alliances between stakeholders")
        self.left_axis = CategoryAxis("left", max_depth=150)
        self.top_axis = CategoryAxis("top", font_size=9.5)
        self.plot = new_plot(left=self.left_axis, top=self.top_axis)
        self.plot.showAxis("top")
        self.plot.hideAxis("bottom")
        box = self.plot.getViewBox()
        box.invertY(True)
        self.graphics.addItem(self.plot)
        self.cells_item = BarsItem()
        self.plot.addItem(self.cells_item)
        self.text_items: list[pg.TextItem] = []
        self.top_axis.on_abbreviate = lambda _: self._label_axes()
        box.sigResized.connect(self._fit_cell_text)
        self.row_highlight = QGraphicsRectItem()
        self.column_highlight = QGraphicsRectItem()
        self.cell_highlight = QGraphicsRectItem()
        for item in (self.row_highlight, self.column_highlight, self.cell_highlight):
            item.setPen(outline_pen(3.0 if item is not self.cell_highlight else 2.0))
            item.setZValue(20)
            item.hide()
            self.plot.addItem(item, ignoreBounds=True)
        self.cell_highlight.setPen(pg.mkPen(LABEL_COLOUR, width=2.5))
        self.empty_note = message_item("No stakeholders to compare")
        self.empty_note.hide()
        self.plot.addItem(self.empty_note, ignoreBounds=True)
        self.legend = SwatchLegend(
            [
                LegendEntry("Tension (above the diagonal, −)", OPPOSE_COLOUR),
                LegendEntry("Alliance (below the diagonal, +)", SUPPORT_COLOUR),
                LegendEntry("Darker = stronger; the number is the intensity (0-1)", None),
            ]
        )
        self.figure_layout.addWidget(self.heading)
        self.figure_layout.addWidget(self.graphics, 1)
        self.figure_layout.addWidget(self.legend)

    # ------------------------------------------------------------------ data
    def refresh(self, ws: Workspace, analysis_result: AnalysisResult | None, view: LensView | None) -> None:
        stakeholders = visible_stakeholders(ws, view)
        self.order = [n.id for n in stakeholders]
        self.labels = {n.id: n.label for n in stakeholders}
        self.groups = {n.id: n.group for n in stakeholders}
        self.node_labels = {n.id: n.label for n in ws.nodes.values()}
        index = {nid: i for i, nid in enumerate(self.order)}
        tensions, alliances = visible_findings(ws, analysis_result, view)
        self.cells = {}
        for findings, upper in ((tensions, True), (alliances, False)):
            for f in findings:
                a, b = f.between
                if a not in index or b not in index or a == b:
                    continue
                i, j = sorted((index[a], index[b]))
                key = (i, j) if upper else (j, i)
                self.cells.setdefault(key, []).append(f)
        for cell in self.cells.values():
            cell.sort(key=lambda f: -f.intensity)
        self.selected_cell = None
        self._draw()
        self.select_stakeholder(self.selected_id)

    def finding_at(self, row: int, column: int) -> Finding | None:
        found = self.cells.get((row, column))
        return found[0] if found else None

    # --------------------------------------------------------------- drawing
    def _draw(self) -> None:
        n = len(self.order)
        self._label_axes()
        for item in self.text_items:
            self.plot.removeItem(item)
        self.text_items = []
        bars: list[Bar] = []
        font = QFont()
        font.setPointSizeF(10.0)
        size = 1 - 2 * GAP
        # Big maps: cells are too small for numbers, and empty cells would be hundreds of
        # thousands of shapes; only the findings (and the diagonal) are drawn.
        dense = n > DENSE_LIMIT
        if dense:
            pairs = [(i, i) for i in range(n)] + sorted(self.cells)
        else:
            pairs = [(i, j) for i in range(n) for j in range(n)]
        for i, j in pairs:
            finding = self.finding_at(i, j)
            x, y = j - 0.5 + GAP, i - 0.5 + GAP
            if i == j:
                bars.append(
                    Bar(
                        ("diagonal", str(i)),
                        x,
                        y,
                        size,
                        size,
                        DIAGONAL,
                        "/",
                        CELL_EDGE,
                        hatch_colour=DIAGONAL_HATCH,
                    )
                )
                continue
            if finding is None:
                if dense:
                    continue
                bars.append(Bar(("empty", str(i), str(j)), x, y, size, size, EMPTY_CELL, outline=CELL_EDGE))
                continue
            tension = j > i
            fill = shade(OPPOSE_COLOUR if tension else SUPPORT_COLOUR, finding.intensity)
            bars.append(Bar(("cell", str(i), str(j)), x, y, size, size, fill, outline=fill.darker(115)))
            if dense:
                continue
            sign = "−" if tension else "+"
            dark = 0.2 + 0.8 * finding.intensity > 0.6
            text = pg.TextItem(text=f"{sign}{finding.intensity:.2f}", color=WHITE if dark else LABEL_COLOUR)
            text.setAnchor((0.5, 0.5))
            text.setFont(font)
            text.setPos(j, i)
            self.plot.addItem(text, ignoreBounds=True)
            self.text_items.append(text)
        self.cells_item.set_bars(bars)
        self._fit_cell_text()
        self.empty_note.setVisible(n == 0)
        box = self.plot.getViewBox()
        if n:
            box.setRange(xRange=(-0.5, n - 0.5), yRange=(-0.5, n - 0.5), padding=0.0)
        else:
            self.empty_note.setPos(0, 0)
            box.setRange(xRange=(-1, 1), yRange=(-1, 1), padding=0.0)

    def _label_axes(self) -> None:
        """Full labels on both axes; in a narrow panel the columns are numbered and the rows say whom."""
        numbered = self.top_axis.abbreviated
        labels = [self.labels[nid] for nid in self.order]
        self.left_axis.set_categories([f"{i + 1}. {t}" for i, t in enumerate(labels)] if numbered else labels)
        self.top_axis.set_categories(labels, [str(i + 1) for i in range(len(labels))])

    def _fit_cell_text(self) -> None:
        """Intensity numbers shrink with the cells, and go (the shade stays) when they cannot fit."""
        n = len(self.order)
        box = self.plot.getViewBox()
        cell = min(box.width(), box.height()) / n if n else 0.0
        size = 10.0 if cell >= 56 else 8.0 if cell >= 38 else 0.0
        font = QFont()
        font.setPointSizeF(size or 8.0)
        for item in self.text_items:
            item.setFont(font)
            item.setVisible(size > 0)

    def select_stakeholder(self, node_id: str | None) -> None:
        """Outline the stakeholder's row and column (nothing if it is not in the matrix)."""
        self.selected_id = node_id
        if node_id not in self.order:
            self.row_highlight.hide()
            self.column_highlight.hide()
            self.left_axis.emphasise(None)
            return
        n, i = len(self.order), self.order.index(node_id)
        self.row_highlight.setRect(QRectF(-0.5, i - 0.5, n, 1))
        self.column_highlight.setRect(QRectF(i - 0.5, -0.5, 1, n))
        self.row_highlight.show()
        self.column_highlight.show()
        self.left_axis.emphasise(i)  # the column keeps its regular weight: bold would not fit

    def highlighted_row(self) -> int | None:
        """The row outlined by :meth:`select_stakeholder`, if any."""
        if not self.row_highlight.isVisible():
            return None
        return round(self.row_highlight.rect().center().y())

    # ------------------------------------------------------------ interaction
    def cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        point = self.data_point(self.plot, scene_pos)
        if point is None:
            return None
        i, j = round(point.y()), round(point.x())
        n = len(self.order)
        return (i, j) if 0 <= i < n and 0 <= j < n else None

    def cell_position(self, row_id: str, column_id: str) -> QPoint:
        """Viewport coordinates of a cell's centre (for tests and automation)."""
        return self.view_point(self.plot, self.order.index(column_id), self.order.index(row_id))

    def label_index_at(self, scene_pos: QPointF) -> int | None:
        index = self.left_axis.index_at(scene_pos)
        return index if index is not None else self.top_axis.index_at(scene_pos)

    def clicked_at(self, scene_pos: QPointF) -> None:
        label = self.label_index_at(scene_pos)
        if label is not None:
            self.stakeholder_selected.emit(self.order[label])
            return
        cell = self.cell_at(scene_pos)
        if cell is None:
            return
        i, j = cell
        if i == j:
            self.stakeholder_selected.emit(self.order[i])
            return
        finding = self.finding_at(i, j)
        if finding is None:
            self.cell_highlight.hide()
            return
        self.selected_cell = cell
        self.cell_highlight.setRect(QRectF(j - 0.5 + GAP, i - 0.5 + GAP, 1 - 2 * GAP, 1 - 2 * GAP))
        self.cell_highlight.show()
        self.focus_requested.emit(Focus(frozenset(finding.path), frozenset(finding.relations)))

    def tooltip_at(self, scene_pos: QPointF) -> str | None:
        label = self.label_index_at(scene_pos)
        if label is not None:
            nid = self.order[label]
            group = self.groups.get(nid, "")
            return (
                self.labels[nid] + (f"\nGroup: {group}" if group else "") + "\nClick to select it on the map."
            )
        cell = self.cell_at(scene_pos)
        if cell is None:
            return None
        i, j = cell
        a, b = self.labels[self.order[i]], self.labels[self.order[j]]
        if i == j:
            return f"{a}\nClick to select it on the map."
        findings = self.cells.get(cell)
        tension = j > i
        if not findings:
            return f"No {'tension' if tension else 'alliance'} found between {a} and {b}."
        return self.describe(findings, tension)

    def describe(self, findings: list[Finding], tension: bool) -> str:
        best = findings[0]
        word = "Tension" if tension else "Alliance"
        lines = [f"{word}: {best.labels[0]} ↔ {best.labels[1]}"]
        for f in findings:
            paths = f", {f.count} paths" if f.count > 1 else ""
            lines.append(f"{f.kind.capitalize()}, intensity {f.intensity:.2f}{paths}")
            lines.append(f"  via {path_text(f, self.node_labels)}")
        if best.mixed:
            other = "an alliance" if tension else "a tension"
            lines.append(f"They also have {other}: see the mirrored cell.")
        lines.append("Click to show this path on the map.")
        return "\n".join(lines)
