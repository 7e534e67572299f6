"""Diverging bars for a scenario run: who gains and who loses, and how each driver moves.

Two still charts one above the other: stakeholders' gains and losses, then
the drivers' changes. Bars grow right for a gain or a rise and left for a
loss or a fall, so the sign reads from the direction, not only from the
colour (blue right, vermillion left). With a second scenario to compare, each
row holds two bars: the first solid, the second hatched, named in the legend
line above the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..render.panels.bars import Bar, BarsItem
from ..render.panels.chart_parts import CategoryAxis
from ..render.panels.common import ChartView, new_plot

RISE = QColor("#0072B2")
FALL = QColor("#D55E00")
COMPARE_HATCH = QColor(255, 255, 255, 200)
BAR = 0.7


@dataclass(frozen=True)
class Series:
    """One scenario's values per row (same order as the chart's categories)."""

    name: str
    values: tuple[float, ...]


class DivergingBars:
    """One plot of horizontal diverging bars with a category axis on the left."""

    def __init__(self, graphics: pg.GraphicsLayoutWidget, title: str) -> None:
        self.axis = CategoryAxis("left", max_depth=150, max_lines=2)
        self.plot = new_plot(left=self.axis)
        self.plot.setTitle(title, size="10pt")
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        self.plot.getViewBox().invertY(True)
        self.plot.addLine(x=0, pen=pg.mkPen(QColor(90, 90, 90), width=1))
        self.bars = BarsItem()
        self.plot.addItem(self.bars)
        self.labels: list[str] = []
        self.series: list[Series] = []
        self.texts: list[pg.TextItem] = []
        graphics.addItem(self.plot)

    def show(self, labels: list[str], series: list[Series]) -> None:
        self.labels, self.series = list(labels), list(series)
        self.axis.set_categories(self.labels)
        for text in self.texts:
            self.plot.removeItem(text)
        self.texts = []
        bars: list[Bar] = []
        count = max(len(series), 1)
        height = BAR / count
        font = QFont()
        font.setPointSizeF(9.0)
        for k, s in enumerate(series):
            for i, value in enumerate(s.values):
                top = i - BAR / 2 + k * height
                fill = RISE if value >= 0 else FALL
                hatch = "/" if k == 1 else ""
                bars.append(
                    Bar(
                        (s.name, labels[i]),
                        0.0,
                        top,
                        value,
                        height * 0.92,
                        fill,
                        hatch,
                        None,
                        1.0,
                        COMPARE_HATCH,
                    )
                )
                text = pg.TextItem(
                    f"{value:+.2f}", color=QColor(40, 40, 40), anchor=(0 if value >= 0 else 1, 0.5)
                )
                text.setFont(font)
                text.setPos(value + (0.03 if value >= 0 else -0.03), top + height * 0.46)
                self.plot.addItem(text, ignoreBounds=True)
                self.texts.append(text)
        self.bars.set_bars(bars)
        values = [abs(v) for s in series for v in s.values]
        reach = max([*values, 0.25]) * 1.35
        self.plot.getViewBox().setXRange(-reach, reach, padding=0)
        self.plot.getViewBox().setYRange(-0.6, max(len(labels), 1) - 0.4, padding=0)

    def value_at(self, point: QPointF) -> str | None:
        bar = self.bars.bar_at(point)
        if bar is None:
            return None
        name, label = bar.key
        return f"{label}: {bar.width:+.3f} ({name})"


class ScenarioChart(QWidget):
    """The two diverging-bar plots and a one-line legend naming the scenarios."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.graphics = ChartView(self._text_at)
        self.graphics.setBackground("w")
        self.people = DivergingBars(self.graphics, "Stakeholders: gain → / ← loss")
        self.graphics.nextRow()
        self.drivers = DivergingBars(self.graphics, "Drivers: rise → / ← fall")
        layout.addWidget(self.legend)
        layout.addWidget(self.graphics, 1)
        self.setMinimumHeight(220)

    def show_runs(
        self,
        people: list[str],
        gains: list[Series],
        drivers: list[str],
        levels: list[Series],
    ) -> None:
        self.people.show(people, gains)
        self.drivers.show(drivers, levels)
        names = [s.name for s in gains]
        if len(names) == 2:
            self.legend.setText(f"Solid bars: {names[0]}.  Hatched bars: {names[1]}.")
        else:
            self.legend.setText(f"Scenario: {names[0]}." if names else "No scenario.")

    def _text_at(self, scene_pos: QPointF) -> str | None:
        for chart in (self.people, self.drivers):
            box = chart.plot.getViewBox()
            if box.sceneBoundingRect().contains(scene_pos):
                return chart.value_at(box.mapSceneToView(scene_pos))
        return None
