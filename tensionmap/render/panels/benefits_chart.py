"""Who benefits when: each stakeholder's supportive pull, grouped by time horizon.

The bars are :func:`tensionmap.analysis.benefits.benefits_by_horizon` (the
summed strength of the supports / benefits / values relations a stakeholder
starts) over the relations the current lens shows, so moving the time slider
to "short term" empties the medium and long bars.
"""

from __future__ import annotations

from collections import defaultdict

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsRectItem, QWidget

from ...analysis.benefits import benefits_by_horizon
from ...analysis.lens_view import LensView
from ...analysis.report import AnalysisResult
from ...model import Workspace
from ..style import RELATION_WORDS
from .bars import Bar, BarsItem
from .chart_parts import CategoryAxis, LegendEntry, SwatchLegend
from .common import (
    HORIZON_STYLES,
    SELECTION_COLOUR,
    InsightPanel,
    caption_label,
    heading_label,
    message_item,
    new_plot,
    visible_stakeholders,
)

ALWAYS_SHOWN = ("short", "medium", "long")
GROUP_WIDTH = 0.78


class BenefitsChartPanel(InsightPanel):
    """Grouped bars: for each stakeholder, the strength of its supportive relations by horizon."""

    title = "Who benefits when"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.order: list[str] = []
        self.labels: dict[str, str] = {}
        self.horizons: list[str] = list(ALWAYS_SHOWN)
        #: {stakeholder id: {horizon: summed strength}} as drawn
        self.values: dict[str, dict[str, float]] = {}
        #: {(stakeholder id, horizon): [(what it supports, relation type, strength)]}
        self.details: dict[tuple[str, str], list[tuple[str, str, int]]] = {}

        self.heading = heading_label("Who benefits when")
        self.caption = caption_label(
            "Summed strength of each stakeholder's supportive relations (supports, benefits, values), "
            "by when the benefit is felt."
        )
        self.legend = SwatchLegend()
        self.axis = CategoryAxis("bottom", max_depth=90)
        self.plot = new_plot(bottom=self.axis)
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        left = self.plot.getAxis("left")
        left.setLabel("Summed strength")
        left.setTickSpacing(major=5, minor=1)
        self.graphics.addItem(self.plot)
        self.band = QGraphicsRectItem()
        self.band.setBrush(
            QColor(SELECTION_COLOUR.red(), SELECTION_COLOUR.green(), SELECTION_COLOUR.blue(), 38)
        )
        self.band.setPen(pg.mkPen(None))
        self.band.setZValue(-10)
        self.band.hide()
        self.plot.addItem(self.band, ignoreBounds=True)
        self.bars_item = BarsItem()
        self.plot.addItem(self.bars_item)
        self.empty_note = message_item("No stakeholders to show")
        self.empty_note.hide()
        self.plot.addItem(self.empty_note, ignoreBounds=True)
        self.figure_layout.addWidget(self.heading)
        self.figure_layout.addWidget(self.caption)
        self.figure_layout.addWidget(self.legend)
        self.figure_layout.addWidget(self.graphics, 1)

    # ------------------------------------------------------------------ data
    def refresh(self, ws: Workspace, analysis_result: AnalysisResult | None, view: LensView | None) -> None:
        stakeholders = visible_stakeholders(ws, view)
        self.order = [n.id for n in stakeholders]
        self.labels = {n.id: n.label for n in stakeholders}
        visible = view.relations if view is not None else None
        table = benefits_by_horizon(ws, visible)
        self.values = {nid: dict(table.get(nid, {})) for nid in self.order}
        nodes = ws.nodes
        self.details = defaultdict(list)
        for rid, rel in ws.relations.items():
            if rel.sign > 0 and rel.source in self.labels and (visible is None or rid in visible):
                self.details[(rel.source, rel.horizon)].append(
                    (nodes[rel.target].label, RELATION_WORDS.get(rel.type, rel.type), rel.strength)
                )
        unknown = any(v.get("unknown", 0) for v in self.values.values())
        self.horizons = [*ALWAYS_SHOWN, "unknown"] if unknown else list(ALWAYS_SHOWN)
        self.legend.set_entries(
            [
                LegendEntry(HORIZON_STYLES[h].label, HORIZON_STYLES[h].colour, HORIZON_STYLES[h].hatch)
                for h in self.horizons
            ]
        )
        self._draw()

    def height_of(self, node_id: str, horizon: str) -> float:
        return self.values.get(node_id, {}).get(horizon, 0.0)

    # --------------------------------------------------------------- drawing
    def _bar_geometry(self, index: int, k: int) -> tuple[float, float]:
        """(left x, width) of the k-th horizon's bar in group ``index``."""
        width = GROUP_WIDTH / len(self.horizons)
        return index - GROUP_WIDTH / 2 + k * width, width

    def _draw(self) -> None:
        self.axis.set_categories([self.labels[nid] for nid in self.order])
        bars: list[Bar] = []
        for i, nid in enumerate(self.order):
            selected = nid == self.selected_id
            for k, horizon in enumerate(self.horizons):
                style = HORIZON_STYLES[horizon]
                x, width = self._bar_geometry(i, k)
                bars.append(
                    Bar(
                        (nid, horizon),
                        x,
                        0.0,
                        width,
                        self.height_of(nid, horizon),
                        style.colour,
                        style.hatch,
                        outline=SELECTION_COLOUR.darker(130) if selected else None,
                        outline_width=2.5 if selected else 1.0,
                    )
                )
        self.bars_item.set_bars(bars)
        n = len(self.order)
        top = max((b.height for b in bars), default=0.0)
        self.empty_note.setVisible(n == 0)
        box = self.plot.getViewBox()
        box.setRange(xRange=(-0.5, max(n, 1) - 0.5), yRange=(0, max(top, 1.0) * 1.08), padding=0.0)
        if n == 0:
            self.empty_note.setPos(0, 0.5)
        self._place_band()

    def _place_band(self) -> None:
        if self.selected_id in self.order:
            i = self.order.index(self.selected_id)
            top = max(max((v for v in self.values[self.selected_id].values()), default=0.0), 1.0) * 1.08
            self.band.setRect(QRectF(i - 0.5, 0, 1, top))
            self.band.show()
            self.axis.emphasise(i)
        else:
            self.band.hide()
            self.axis.emphasise(None)

    def select_stakeholder(self, node_id: str | None) -> None:
        """Outline the stakeholder's bars, shade its group and embolden its label."""
        if node_id == self.selected_id:
            return
        self.selected_id = node_id
        self._draw()

    def highlighted_bars(self) -> list[Bar]:
        """The bars drawn with the selection outline."""
        return [b for b in self.bars_item.bars if b.outline is not None]

    # ------------------------------------------------------------ interaction
    def index_at(self, scene_pos: QPointF) -> int | None:
        label = self.axis.index_at(scene_pos)
        if label is not None:
            return label
        point = self.data_point(self.plot, scene_pos)
        if point is None:
            return None
        index = round(point.x())
        return index if 0 <= index < len(self.order) and abs(point.x() - index) <= GROUP_WIDTH / 2 else None

    def bar_position(self, node_id: str, horizon: str) -> QPoint:
        """Viewport coordinates of the middle of a bar (for tests and automation)."""
        x, width = self._bar_geometry(self.order.index(node_id), self.horizons.index(horizon))
        return self.view_point(self.plot, x + width / 2, self.height_of(node_id, horizon) / 2)

    def clicked_at(self, scene_pos: QPointF) -> None:
        index = self.index_at(scene_pos)
        if index is not None:
            self.stakeholder_selected.emit(self.order[index])

    def tooltip_at(self, scene_pos: QPointF) -> str | None:
        label = self.axis.index_at(scene_pos)
        if label is not None:
            nid = self.order[label]
            total = sum(self.values[nid].get(h, 0.0) for h in self.horizons)
            return f"{self.labels[nid]}\nTotal supportive strength: {total:g}\nClick to select it on the map."
        point = self.data_point(self.plot, scene_pos)
        bar = self.bars_item.bar_at(point) if point is not None else None
        if bar is None:
            return None
        nid, horizon = bar.key
        lines = [
            f"{self.labels[nid]}: {HORIZON_STYLES[horizon].label.lower()}",
            f"Summed strength {bar.height:g}",
        ]
        for target, word, strength in self.details.get((nid, horizon), []):
            lines.append(f"  {word} {target} (strength {strength})")
        return "\n".join(lines)
