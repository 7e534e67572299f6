"""What the insight panels share: the focus value, colours, plain-text tooltips and the base widget.

Plain text only (a label is never read as markup): labels drawn on the charts are pyqtgraph
``TextItem(text=...)`` (which calls ``setPlainText``) or axis tick strings
(drawn with ``QPainter.drawText``, never parsed as markup); Qt widgets use
``QLabel`` with ``Qt.TextFormat.PlainText``. Tooltips do not go through
``QToolTip`` (which guesses whether a text is markup): :class:`ChartView`
shows a plain-text label instead. pyqtgraph's ``LabelItem``, ``LegendItem``
and ``AxisItem.setLabel`` build HTML from their text, so the panels never give
them user text (only fixed axis titles such as "Power").
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...analysis.lens_view import LensView
from ...analysis.report import AnalysisResult
from ...analysis.tensions import Finding, derived_findings, explicit_findings, rank
from ...model import Node, Workspace
from ..style import (
    LABEL_COLOUR,
    OPPOSE_COLOUR,
    SELECTION_COLOUR,
    STAKEHOLDER_BORDER,
    STAKEHOLDER_FILL,
    SUPPORT_COLOUR,
)
from ..widgets import plain_label

__all__ = [
    "LABEL_COLOUR",
    "OPPOSE_COLOUR",
    "SELECTION_COLOUR",
    "STAKEHOLDER_BORDER",
    "STAKEHOLDER_FILL",
    "SUPPORT_COLOUR",
    "ChartView",
    "Focus",
    "HorizonStyle",
    "InsightPanel",
    "blend",
    "caption_label",
    "heading_label",
    "plain_label",
    "visible_findings",
    "visible_stakeholders",
    "wrap_text",
]

WHITE = QColor("#FFFFFF")
GRID_COLOUR = QColor("#D9D9D9")
MUTED_TEXT = QColor("#5A5A5A")
AXIS_TEXT = QColor("#333333")


@dataclass(frozen=True)
class Focus:
    """What a panel asks the canvas to bring forward: some nodes and relations."""

    node_ids: frozenset[str]
    relation_ids: frozenset[str]


@dataclass(frozen=True)
class HorizonStyle:
    """How one time horizon is drawn: an Okabe-Ito fill plus a hatch, so it reads in greyscale too."""

    key: str
    label: str
    colour: QColor
    hatch: str  # "", "/", "x" or "."


#: Short solid, medium hatched, long cross-hatched, unknown grey dotted.
HORIZON_STYLES: dict[str, HorizonStyle] = {
    "short": HorizonStyle("short", "Short term", QColor("#009E73"), ""),
    "medium": HorizonStyle("medium", "Medium term", QColor("#E69F00"), "/"),
    "long": HorizonStyle("long", "Long term", QColor("#56B4E9"), "x"),
    "unknown": HorizonStyle("unknown", "Unknown", QColor("#BBBBBB"), "."),
}


def blend(colour: QColor, amount: float, base: QColor = WHITE) -> QColor:
    """``amount`` (0-1) of ``colour`` over ``base``: the matrix's intensity scales."""
    t = max(0.0, min(1.0, amount))
    return QColor(
        round(base.red() + (colour.red() - base.red()) * t),
        round(base.green() + (colour.green() - base.green()) * t),
        round(base.blue() + (colour.blue() - base.blue()) * t),
    )


def wrap_text(text: str, width: int = 16, max_lines: int = 3) -> tuple[str, bool]:
    """``text`` wrapped at ``width`` characters in at most ``max_lines`` lines; (wrapped, shortened)."""
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True) or [""]
    if len(lines) <= max_lines:
        return "\n".join(lines), False
    kept = lines[:max_lines]
    kept[-1] = kept[-1][: max(1, width - 1)].rstrip() + "…"
    return "\n".join(kept), True


def heading_label(text: str = "") -> QLabel:
    """A panel's bold plain-text heading."""
    label = plain_label(text)
    font = QFont()
    font.setPointSizeF(11.5)
    font.setBold(True)
    label.setFont(font)
    return label


def caption_label(text: str = "") -> QLabel:
    """A muted plain-text line under or over a chart (captions, sources)."""
    label = plain_label(text)
    label.setStyleSheet(f"color: {MUTED_TEXT.name()};")
    return label


def visible_stakeholders(ws: Workspace, view: LensView | None) -> list[Node]:
    """The stakeholders the view shows, in workspace order (the order the map's author chose)."""
    return [n for n in ws.nodes.values() if n.kind == "stakeholder" and (view is None or n.id in view.nodes)]


def _shows_everything(ws: Workspace, view: LensView | None) -> bool:
    return view is None or (view.nodes >= set(ws.nodes) and view.relations >= set(ws.relations))


def visible_findings(
    ws: Workspace, result: AnalysisResult | None, view: LensView | None
) -> tuple[list[Finding], list[Finding]]:
    """(tensions, alliances) of the map as the view shows it.

    With no view (or one that hides nothing) the analysis result is used as it
    is (or computed, when there is none). Otherwise the findings are
    recomputed on the visible part of the map: filtering the result would drop
    a pair whose strongest path is hidden even when a weaker, visible path
    still links the two.
    """
    whole = _shows_everything(ws, view)
    if result is not None and whole:
        return list(result.tensions), list(result.alliances)
    source = ws if whole else _visible_part(ws, view)
    explicit_t, explicit_a = explicit_findings(source)
    derived_t, derived_a = derived_findings(source)
    return rank(explicit_t + derived_t), rank(explicit_a + derived_a)


def _visible_part(ws: Workspace, view: LensView) -> Workspace:
    """A scratch copy of what ``view`` shows (without evidence: the analyses do not read it)."""
    sub = Workspace(ws.title)
    for nid, node in ws.nodes.items():
        if nid in view.nodes:
            sub.add_node(node)
    for rid, rel in ws.relations.items():
        if rid in view.relations and sub.has("nodes", rel.source) and sub.has("nodes", rel.target):
            sub.add_relation(dataclasses.replace(rel, evidence=()))
    return sub


def path_text(finding: Finding, labels: dict[str, str]) -> str:
    return " → ".join(labels.get(n, n) for n in finding.path)


class ChartView(pg.GraphicsLayoutWidget):
    """The panels' graphics view, with plain-text tooltips: ``text_at(scene_pos)`` says what to show.

    QToolTip would render a text that looks like markup as rich text, so a
    label with ``Qt.TextFormat.PlainText`` in a tool-tip window is shown instead.
    """

    def __init__(self, text_at: Callable[[QPointF], str | None]) -> None:
        super().__init__()
        self._text_at = text_at
        self.tip = QLabel(self, Qt.WindowType.ToolTip)
        self.tip.setTextFormat(Qt.TextFormat.PlainText)
        self.tip.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.tip.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.tip.setAutoFillBackground(True)
        self.tip.setMargin(6)
        self.tip.setFrameShape(QLabel.Shape.Box)
        self.tip.hide()
        self.viewport().setMouseTracking(True)

    def tooltip_text(self, pos: QPoint) -> str | None:
        """The tooltip for viewport position ``pos`` (None: no tooltip there)."""
        return self._text_at(self.mapToScene(pos))

    def viewportEvent(self, event: QEvent) -> bool:
        if "tip" not in self.__dict__:  # being built or torn down
            return super().viewportEvent(event)
        kind = event.type()
        if kind == QEvent.Type.ToolTip:
            text = self.tooltip_text(event.pos())
            if text:
                self.tip.setText(text)
                self.tip.adjustSize()
                self.tip.move(event.globalPos() + QPoint(14, 18))
                self.tip.show()
            else:
                self.tip.hide()
            return True
        if kind in (QEvent.Type.Leave, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel) or (
            kind == QEvent.Type.MouseMove
            and self.tip.isVisible()
            and self.tooltip_text(event.position().toPoint()) != self.tip.text()
        ):
            self.tip.hide()
        return super().viewportEvent(event)

    def hideEvent(self, event) -> None:
        if "tip" in self.__dict__:  # not when torn down
            self.tip.hide()
        super().hideEvent(event)


def new_plot(*, left: pg.AxisItem | None = None, bottom: pg.AxisItem | None = None, **axes) -> pg.PlotItem:
    """A still chart: no panning, zooming, context menu or auto-range button."""
    items = dict(axes)
    if left is not None:
        items["left"] = left
    if bottom is not None:
        items["bottom"] = bottom
    plot = pg.PlotItem(axisItems=items or None)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.getViewBox().setMouseEnabled(False, False)
    plot.getViewBox().setDefaultPadding(0.0)
    for name in ("left", "bottom", "top", "right"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(GRID_COLOUR))
        axis.setTextPen(pg.mkPen(AXIS_TEXT))
    return plot


def message_item(text: str) -> pg.TextItem:
    """A centred plain-text note drawn inside a chart (empty states)."""
    item = pg.TextItem(text=text, color=MUTED_TEXT, anchor=(0.5, 0.5))
    font = QFont()
    font.setPointSizeF(11.0)
    item.setFont(font)
    return item


def outline_pen(width: float = 3.0) -> QPen:
    pen = QPen(SELECTION_COLOUR, width)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    return pen


class InsightPanel(QWidget):
    """Base of the insight panels: signals, a heading and an exportable figure.

    Subclasses build their chart in ``self.figure`` (what export_panel renders)
    and implement ``refresh`` and ``select_stakeholder``.
    """

    #: A stakeholder id picked in the panel (a row label, a bar, a dot).
    stakeholder_selected = Signal(str)
    #: A :class:`Focus` picked in the panel (a matrix cell: the path of a tension).
    focus_requested = Signal(object)

    title = "Insight"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selected_id: str | None = None
        self.figure = QWidget(self)
        self.figure.setObjectName("figure")
        self.figure.setAutoFillBackground(True)
        palette = self.figure.palette()
        palette.setColor(QPalette.ColorRole.Window, WHITE)
        palette.setColor(QPalette.ColorRole.WindowText, LABEL_COLOUR)
        self.figure.setPalette(palette)
        self.figure_layout = QVBoxLayout(self.figure)
        self.figure_layout.setContentsMargins(10, 8, 10, 8)
        self.figure_layout.setSpacing(4)
        self.graphics = ChartView(self.tooltip_at)
        self.graphics.setBackground(WHITE)
        self.graphics.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.graphics.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.graphics.ci.setContentsMargins(4, 4, 12, 4)
        self.graphics.scene().sigMouseClicked.connect(self._on_scene_click)
        self.outer_layout = QVBoxLayout(self)
        self.outer_layout.setContentsMargins(0, 0, 0, 0)
        self.outer_layout.setSpacing(0)
        self.outer_layout.addWidget(self.figure)

    # ------------------------------------------------------------ subclasses
    def refresh(self, ws: Workspace, analysis_result: AnalysisResult | None, view: LensView | None) -> None:
        raise NotImplementedError

    def select_stakeholder(self, node_id: str | None) -> None:
        raise NotImplementedError

    def tooltip_at(self, scene_pos: QPointF) -> str | None:
        return None

    def clicked_at(self, scene_pos: QPointF) -> None:
        """React to a left click at ``scene_pos`` (emit a signal)."""

    # --------------------------------------------------------------- helpers
    def _on_scene_click(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked_at(event.scenePos())

    def view_point(self, plot: pg.PlotItem, x: float, y: float) -> QPoint:
        """Viewport coordinates of data point (x, y) in ``plot``: where to click in tests."""
        scene = plot.getViewBox().mapViewToScene(QPointF(x, y))
        return self.graphics.mapFromScene(scene)

    @staticmethod
    def data_point(plot: pg.PlotItem, scene_pos: QPointF) -> QPointF | None:
        """``scene_pos`` in data coordinates if it falls inside the plot's data area."""
        box = plot.getViewBox()
        if not box.sceneBoundingRect().contains(scene_pos):
            return None
        return box.mapSceneToView(scene_pos)
