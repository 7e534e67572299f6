"""The evidence chart: one piece of evidence's data as bars, with its title and citation.

Categories run top to bottom in the order the evidence lists them (a survey's
answers keep their scale order) and every bar carries its value, zeros
included: "0% always" is a finding. Values that look like shares (all between
0 and 100 and adding up to about 100) are labelled as percentages.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from ...analysis.lens_view import LensView
from ...analysis.report import AnalysisResult
from ...model import Evidence, Workspace
from .bars import Bar, BarsItem
from .chart_parts import CategoryAxis
from .common import (
    LABEL_COLOUR,
    Focus,
    InsightPanel,
    caption_label,
    heading_label,
    message_item,
    new_plot,
    plain_label,
)

BAR_COLOUR = QColor("#5B7A93")  # a cool neutral: evidence is neither support nor opposition
BAR_HEIGHT = 0.62


def is_share(values: list[float]) -> bool:
    """Percentages of a whole: every value 0-100 and a total of 100 (give or take rounding)."""
    return bool(values) and all(0 <= v <= 100 for v in values) and abs(sum(values) - 100) <= 1.5


def format_value(value: float, share: bool) -> str:
    return f"{value:g}%" if share else f"{value:g}"


class EvidenceChartPanel(InsightPanel):
    """Pick a piece of evidence; see its (category, value) rows as horizontal bars."""

    title = "Evidence"

    #: The evidence id now shown ("" when none).
    evidence_shown = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.evidence_id: str | None = None
        self.categories: list[str] = []
        self.values: list[float] = []
        self.share = False
        self._citing: dict[str, list[str]] = {}

        self.picker = QComboBox()
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(18)
        self.picker.setToolTip("Which piece of evidence to chart")
        self.picker.currentIndexChanged.connect(self._on_pick)
        self.show_button = QPushButton("Show on map")
        self.show_button.setToolTip("Bring forward the relations that cite this evidence")
        self.show_button.clicked.connect(self._request_focus)
        controls = QHBoxLayout()
        controls.setContentsMargins(8, 6, 8, 2)
        picker_label = plain_label("Evidence:")
        picker_label.setWordWrap(False)
        controls.addWidget(picker_label)
        controls.addWidget(self.picker, 1)
        controls.addWidget(self.show_button)
        self.outer_layout.insertLayout(0, controls)

        self.title_label = heading_label()
        self.citation_label = caption_label()
        self.note_label = plain_label()

        self.axis = CategoryAxis("left", max_depth=170, max_lines=2)
        self.plot = new_plot(left=self.axis)
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        self.plot.getViewBox().invertY(True)
        self.graphics.addItem(self.plot)
        self.bars_item = BarsItem()
        self.plot.addItem(self.bars_item)
        self.value_items: list[pg.TextItem] = []
        self.empty_note = message_item("")
        self.empty_note.hide()
        self.plot.addItem(self.empty_note, ignoreBounds=True)
        self.plot.getViewBox().sigResized.connect(self._fit_range)

        self.figure_layout.addWidget(self.title_label)
        self.figure_layout.addWidget(self.graphics, 1)
        self.figure_layout.addWidget(self.note_label)
        self.figure_layout.addWidget(self.citation_label)

    # ------------------------------------------------------------------ data
    def refresh(self, ws: Workspace, analysis_result: AnalysisResult | None, view: LensView | None) -> None:
        """Re-read the evidence list (lenses do not hide evidence); keep the shown one if it is there."""
        self.workspace = ws
        evidence = list(ws.evidence.values())
        self._citing = {}
        for rid, rel in ws.relations.items():
            for eid in rel.evidence:
                self._citing.setdefault(eid, []).append(rid)
        keep = self.evidence_id if self.evidence_id in ws.evidence else None
        if keep is None:
            charted = [e for e in evidence if e.data]
            keep = (charted or evidence or [None])[0]
            keep = keep.id if keep is not None else None
        self.picker.blockSignals(True)
        self.picker.clear()
        for ev in evidence:
            self.picker.addItem(ev.title if ev.data else f"{ev.title} (no data)", ev.id)
        self.picker.blockSignals(False)
        self.show_evidence(keep)

    def show_evidence(self, evidence_id: str | None) -> None:
        """Chart one piece of evidence (None or an unknown id: an empty chart)."""
        ws = self.workspace
        ev: Evidence | None = ws.evidence.get(evidence_id) if ws is not None and evidence_id else None
        self.evidence_id = ev.id if ev is not None else None
        index = self.picker.findData(self.evidence_id) if ev is not None else -1
        if index != self.picker.currentIndex():
            self.picker.blockSignals(True)
            self.picker.setCurrentIndex(index)
            self.picker.blockSignals(False)
        self.title_label.setText(ev.title if ev is not None else "No evidence")
        self.citation_label.setText(f"Source: {ev.citation}" if ev is not None and ev.citation else "")
        self.citation_label.setVisible(bool(self.citation_label.text()))
        self.note_label.setText(ev.note if ev is not None else "")
        self.note_label.setVisible(bool(self.note_label.text()))
        self.show_button.setEnabled(bool(ev is not None and self._citing.get(ev.id)))
        self.categories = [c for c, _ in ev.data] if ev is not None else []
        self.values = [float(v) for _, v in ev.data] if ev is not None else []
        self.share = is_share(self.values)
        self._draw(ev)
        self.evidence_shown.emit(self.evidence_id or "")

    def select_stakeholder(self, node_id: str | None) -> None:
        """Evidence is not about one stakeholder: the chart stays as it is."""
        self.selected_id = node_id

    # --------------------------------------------------------------- drawing
    def _draw(self, ev: Evidence | None) -> None:
        self.axis.set_categories(self.categories)
        for item in self.value_items:
            self.plot.removeItem(item)
        self.value_items = []
        bars = [
            Bar((category,), 0.0, i - BAR_HEIGHT / 2, value, BAR_HEIGHT, BAR_COLOUR)
            for i, (category, value) in enumerate(zip(self.categories, self.values, strict=True))
        ]
        self.bars_item.set_bars(bars)
        font = QFont()
        font.setPointSizeF(10.0)
        for i, value in enumerate(self.values):
            text = pg.TextItem(text=format_value(value, self.share), color=LABEL_COLOUR, anchor=(0, 0.5))
            text.setFont(font)
            text.setPos(max(value, 0.0), i)
            self.plot.addItem(text, ignoreBounds=True)
            self.value_items.append(text)
        bottom = self.plot.getAxis("bottom")
        bottom.setLabel("Share of respondents (%)" if self.share else "Value")
        top = max([*self.values, 0.0])
        n = len(self.values)
        self.plot.getViewBox().setYRange(-0.6, max(n, 1) - 0.4, padding=0)
        self._fit_range()
        if n == 0:
            message = "No evidence to chart" if ev is None else "This evidence has no data to chart"
            self.empty_note.setText(message)
            self.empty_note.setPos(max(top, 1.0) * 0.57, 0.0)
        self.empty_note.setVisible(n == 0)

    def _fit_range(self) -> None:
        """Values from zero, with room on the right for the widest value label (in pixels)."""
        box = self.plot.getViewBox()
        low, top = min([*self.values, 0.0]), max([*self.values, 0.0]) or 1.0
        label = max((t.textItem.boundingRect().width() for t in self.value_items), default=0.0) + 8
        share = label / box.width() if box.width() > 0 else 0.0
        high = low + (top - low) / (1 - share) if share < 0.5 else top * 1.5
        box.setXRange(low, high, padding=0)

    # ------------------------------------------------------------ interaction
    def _on_pick(self, index: int) -> None:
        self.show_evidence(self.picker.itemData(index))

    def citing_focus(self) -> Focus:
        """The relations citing the shown evidence and their ends."""
        ws = self.workspace
        rids = self._citing.get(self.evidence_id or "", []) if ws is not None else []
        relations = ws.relations if ws is not None else {}
        nodes = {
            end for rid in rids if rid in relations for end in (relations[rid].source, relations[rid].target)
        }
        return Focus(frozenset(nodes), frozenset(rids))

    def _request_focus(self) -> None:
        self.focus_requested.emit(self.citing_focus())

    def tooltip_at(self, scene_pos: QPointF) -> str | None:
        index = self.axis.index_at(scene_pos)
        if index is None:
            point = self.data_point(self.plot, scene_pos)
            if point is None:
                return None
            index = round(point.y())
        if 0 <= index < len(self.categories):
            return f"{self.categories[index]}: {format_value(self.values[index], self.share)}"
        return None
