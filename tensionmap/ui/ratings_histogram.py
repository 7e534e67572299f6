"""A small floating histogram of one relation's ratings, shown while hovering it in the Room lens.

Bars for each rating from -5 to +5 (sign x strength); the side of zero says
the sign, so it reads without colour; colours repeat it (vermillion
against, grey none, blue for). Titles are plain text (a QLabel in plain-text
mode): relation labels never reach pyqtgraph's HTML labels.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ..analysis.ratings import Aggregate
from ..render.style import NEUTRAL_COLOUR, OPPOSE_COLOUR, SUPPORT_COLOUR

VALUES = np.arange(-5, 6)


def counts_of(values: tuple[int, ...]) -> np.ndarray:
    """How many raters gave each value -5 .. 5."""
    counted = Counter(values)
    return np.array([counted.get(int(v), 0) for v in VALUES], dtype=float)


class HistogramPopup(QFrame):
    """A tooltip-like frame with a title and a pyqtgraph bar chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip)
        self.setObjectName("room-histogram")
        self.setFrameShape(QFrame.Shape.Box)
        self.setStyleSheet("#room-histogram { background: white; border: 1px solid #999; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setFixedSize(240, 130)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.getAxis("bottom").setTicks([[(int(v), f"{v:+d}" if v else "0") for v in VALUES]])
        self.plot.getAxis("left").setWidth(24)
        self.bars: pg.BarGraphItem | None = None
        layout.addWidget(self.title)
        layout.addWidget(self.plot)
        layout.addWidget(self.detail)
        self.shown_values: tuple[int, ...] = ()

    def show_aggregate(self, title: str, agg: Aggregate, at: QPoint) -> None:
        counts = counts_of(agg.values)
        brushes = [
            pg.mkBrush(OPPOSE_COLOUR if v < 0 else SUPPORT_COLOUR if v > 0 else NEUTRAL_COLOUR)
            for v in VALUES
        ]
        if self.bars is not None:
            self.plot.removeItem(self.bars)
        self.bars = pg.BarGraphItem(x=VALUES, height=counts, width=0.8, brushes=brushes, pen=pg.mkPen("#333"))
        self.plot.addItem(self.bars)
        self.plot.setXRange(-5.6, 5.6, padding=0)
        self.plot.setYRange(0, max(1.0, float(counts.max())), padding=0.05)
        self.title.setText(title)
        sd = "-" if agg.sd is None else f"{agg.sd:.1f}"
        flag = "consensus" if agg.consensus else "contested" if agg.contested else "mixed"
        self.detail.setText(f"{agg.raters} raters, mean {agg.mean:+.1f}, sd {sd}, {flag}")
        self.shown_values = agg.values
        self.adjustSize()
        self.move(at + QPoint(16, 16))
        self.show()
