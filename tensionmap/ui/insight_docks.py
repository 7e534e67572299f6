"""The insight panels as docks along the bottom of the window, tabified, each exportable.

Each panel sits in a ``PanelHolder`` that adds an "Export…" button in the top
right corner (and the same entries on right-click outside the chart): PNG or
SVG through ``export_panel``. The holder, not the panel's figure, owns the
button, so the button never appears in an export.

Panels in a hidden tab are not refreshed while the map changes; they are
marked stale and brought up to date when their tab is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..analysis.lens_view import LensView
from ..model import Workspace
from ..render.panels import PANEL_TYPES, ExportError, InsightPanel, export_panel

if TYPE_CHECKING:
    from .window_api import WindowApi

#: Height of the bottom dock area the first time a window shows the panels.


def hide_stale_tab_bars(window: QMainWindow) -> int:
    """Hide dock tab bars Qt left behind; returns how many it hid.

    Qt 6.11 leaves old tab bars of tabified docks visible at stale places (over
    other docks): the bar of the first two docks when more join the group, and
    a copy of every group after ``restoreState``. A live bar sits right under
    (or beside) the shown dock of its group; a stale one touches none.
    """
    docks = {
        dock.windowTitle(): dock.geometry() for dock in window.findChildren(QDockWidget) if dock.isVisible()
    }
    hidden = 0
    for bar in window.findChildren(QTabBar):
        if bar.parent() is not window or not bar.isVisible() or not bar.count():
            continue
        g = bar.geometry()
        titles = {bar.tabText(i) for i in range(bar.count())}
        live = False
        for title in titles:
            d = docks.get(title)
            if d is None:
                continue
            below = abs(d.bottom() + 1 - g.top()) <= 8 and abs(d.left() - g.left()) <= 8
            above = abs(g.bottom() + 1 - d.top()) <= 8 and abs(d.left() - g.left()) <= 8
            beside = abs(d.right() + 1 - g.left()) <= 8 or abs(g.right() + 1 - d.left()) <= 8
            if below or above or (beside and abs(d.top() - g.top()) <= 8):
                live = True
                break
        if not live:
            bar.hide()
            hidden += 1
    return hidden


def choose_export_path(parent: QWidget, title: str, suffix: str) -> str | None:
    """Ask where to write one panel as PNG or SVG."""
    name = f"{title.lower().replace(' ', '-')}.{suffix}"
    filters = "PNG image (*.png)" if suffix == "png" else "SVG drawing (*.svg)"
    path, _ = QFileDialog.getSaveFileName(parent, f"Export {title}", name, filters)
    return path or None


class PanelHolder(QWidget):
    """One panel plus its export button (the dock's widget)."""

    def __init__(self, panel: InsightPanel, export: Callable[[InsightPanel, str], None]) -> None:
        super().__init__()
        self.panel = panel
        self._export = export
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel)
        self.menu = QMenu(self)
        self.menu.addAction("Export as PNG…").triggered.connect(lambda: export(panel, "png"))
        self.menu.addAction("Export as SVG…").triggered.connect(lambda: export(panel, "svg"))
        self.button = QToolButton(self)
        self.button.setText("Export…")
        self.button.setToolTip(f"Export the {panel.title.lower()} as PNG or SVG")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(self.menu)
        self.button.setAutoRaise(True)
        self.button.setStyleSheet("QToolButton { background: rgba(255,255,255,220); padding: 2px 6px; }")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(lambda pos: self.menu.popup(self.mapToGlobal(pos)))

    def minimumSizeHint(self) -> QSize:
        # Small, so the docks never force the window wider than a laptop screen;
        # a panel squeezed below its own minimum is clipped, not the window.
        return QSize(200, 140)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)
        hint = self.button.sizeHint()
        self.button.setGeometry(self.width() - hint.width() - 6, 4, hint.width(), hint.height())
        self.button.raise_()

    def button_pos(self) -> QPoint:
        return self.button.geometry().center()


class InsightDocks:
    """Creates the panel docks in ``window`` and keeps them refreshed and linked."""

    def __init__(
        self, window: WindowApi, on_select: Callable[[str], None], on_focus: Callable[[object], None]
    ):
        self.window = window
        self.panels: list[InsightPanel] = []
        self.docks: list[QDockWidget] = []
        self.holders: list[PanelHolder] = []
        self._stale: set[int] = set()
        self._state: tuple[Workspace | None, LensView | None] = (None, None)
        self._selected: str | None = None
        #: Where exports go: (parent, title, suffix) -> path or None. Tests replace it.
        self.choose_path: Callable[[QWidget, str, str], str | None] = choose_export_path
        area = Qt.DockWidgetArea.BottomDockWidgetArea
        for i, cls in enumerate(PANEL_TYPES):
            panel = cls()
            holder = PanelHolder(panel, self.export)
            dock = QDockWidget(panel.title, window)
            dock.setObjectName(f"panel-{type(panel).__name__}")
            dock.setWidget(holder)
            window.addDockWidget(area, dock)
            dock.visibilityChanged.connect(lambda visible, i=i: visible and self._catch_up(i))
            panel.stakeholder_selected.connect(on_select)
            panel.focus_requested.connect(on_focus)
            self.panels.append(panel)
            self.docks.append(dock)
            self.holders.append(holder)

    def dock_for(self, cls: type) -> QDockWidget:
        return next(d for d, p in zip(self.docks, self.panels, strict=True) if isinstance(p, cls))

    def panel(self, cls: type) -> InsightPanel:
        return next(p for p in self.panels if isinstance(p, cls))

    # ------------------------------------------------------------ refresh
    def refresh(self, ws: Workspace | None, view: LensView | None) -> None:
        """Bring the shown panels up to date; hidden ones catch up when their tab is shown."""
        self._state = (ws, view)
        self._stale = set(range(len(self.panels)))
        for i, dock in enumerate(self.docks):
            if dock.isVisible() and not dock.visibleRegion().isEmpty():
                self._catch_up(i)

    def _catch_up(self, i: int) -> None:
        ws, view = self._state
        if i not in self._stale or ws is None:
            return
        self._stale.discard(i)
        panel = self.panels[i]
        panel.refresh(ws, None, view)
        panel.select_stakeholder(self._selected)

    def refresh_all_now(self) -> None:
        for i in range(len(self.panels)):
            self._catch_up(i)

    def select_stakeholder(self, node_id: str | None) -> None:
        self._selected = node_id
        for i, panel in enumerate(self.panels):
            if i not in self._stale:
                panel.select_stakeholder(node_id)

    # ------------------------------------------------------------- export
    def export(self, panel: InsightPanel, suffix: str) -> Path | None:
        path = self.choose_path(self.window, panel.title, suffix)
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != f".{suffix}":
            target = target.with_name(target.name + f".{suffix}")
        self._catch_up(self.panels.index(panel))
        try:
            export_panel(panel, target)
        except (ExportError, OSError) as exc:
            self.window.dialogs.error("Cannot export the panel", str(exc))
            return None
        self.window.statusBar().showMessage(f"Exported {panel.title} to {target.name}", 5000)
        return target
