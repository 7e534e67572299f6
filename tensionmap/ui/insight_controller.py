"""Insight features of the main window: panels, lenses, the polarity view, presentation, the report.

The window creates one ``InsightController`` and tells it when a file is
shown, when the canvas selection changes and when it closes. The controller
owns:

- the four insight panels as bottom docks, tabified (``insight_docks``),
  linked to the canvas selection both ways;
- the lens toolbar (``lens_bar``): saved lenses, the time-horizon slider, the
  focus toggle, Save lens… and Delete lens. What it picks becomes one
  ``LensView`` (``analysis.lens_view``), applied to the canvas
  (``MapScene.apply_view``), the panels (``refresh(ws, None, view)``) and
  the exports (``window.view_state``);
- the polarity view dock (``polarity_view``);
- presentation mode, F5 (``presentation``);
- File > Export Report… (``insight_report``).

A tension path picked in a panel (a matrix cell) is selected on the canvas
and everything else dimmed, until the selection changes or the lens does.
Map changes reach the controller through ``Workspace.subscribe`` and are
folded into one update by a single-shot timer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QWidget

from ..analysis.lens_view import LensView, apply_lens, focus_view
from ..commands import AddEntity, RemoveEntity
from ..model import Change, Lens, new_id
from ..render.panels import Focus
from .insight_docks import InsightDocks, hide_stale_tab_bars
from .insight_report import ReportExport
from .lens_bar import LensBar, ask_lens_name
from .polarity_view import PolarityView
from .presentation import Presentation

if TYPE_CHECKING:
    from ..store import WorkspaceFile
    from .window_api import WindowApi

#: Maps with more nodes than this fold a burst of changes over 100 ms rather than the next idle moment.
QUICK_LIMIT = 300


def _only_moved(change: Change) -> bool:
    """A node update that changed nothing but its position (a drag, a layout)."""
    before, after = change.before, change.after
    if change.collection != "nodes" or before is None or after is None:
        return False
    return dataclasses.replace(before, x=after.x, y=after.y, pinned=after.pinned) == after  # type: ignore[type-var]  # a nodes change holds Nodes


class _ShowWatcher(QObject):
    """Calls back each time the window is shown (its dock layout is then laid out)."""

    def __init__(self, parent: QObject, callback: Callable[[], None]) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self._callback()
        return False


class InsightController:
    def __init__(self, window: WindowApi) -> None:
        self.window = window
        self.wf: WorkspaceFile | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._selected_nodes: list[str] = []
        self.path_focus: Focus | None = None
        self._map_dirty = True
        self._shown: tuple[frozenset[str], frozenset[str]] | None = None
        #: What the scene shows now (lens, horizon, focus and a focused path).
        self.scene_view: LensView | None = None
        #: Asks for a lens name: (parent, suggestion) -> name or None. Tests replace it.
        self.ask_name: Callable[[QWidget, str], str | None] = ask_lens_name
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.update_view)
        self._polarity_timer = QTimer(window)
        self._polarity_timer.setSingleShot(True)
        self._polarity_timer.setInterval(0)
        self._tidier = _ShowWatcher(window, lambda: QTimer.singleShot(0, self.tidy_docks))

        # The side docks keep the full height; the panels sit under the canvas only.
        window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.docks = InsightDocks(window, self._panel_selected, self._panel_focus)
        self.lens_bar = LensBar(window)
        self.lens_bar.lookup = self._lens
        self.lens_bar.changed.connect(self._lens_changed)
        self.lens_bar.save_requested.connect(self.save_lens)
        self.lens_bar.delete_requested.connect(self.delete_lens)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.lens_bar)

        self.polarity = PolarityView(window.push)
        self._polarity_timer.timeout.connect(self.polarity.refresh)
        self.polarity_dock = QDockWidget("Polarity", window)
        self.polarity_dock.setObjectName("polarity")
        self.polarity_dock.setWidget(self.polarity)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.polarity_dock)
        bottom = [*self.docks.docks, self.polarity_dock]
        for dock in bottom[1:]:
            window.tabifyDockWidget(bottom[0], dock)
        bottom[0].raise_()
        window.dock_layout.panels(bottom[0])
        window.installEventFilter(self._tidier)
        # The docks stood side by side for a moment: let the layout forget that minimum width.
        window.layout().invalidate()
        window.layout().activate()
        window.dock_layout.columns()
        # The panels start collapsed (the map first, legible on a laptop); one click shows them.
        self.panels_action = QAction("Insight Panels", window)
        self.panels_action.setCheckable(True)
        self.panels_action.setToolTip(
            "Show or hide the insight panels under the map: tension matrix, who benefits when, "
            "power and interest, evidence, polarity"
        )
        self.panels_action.setStatusTip(self.panels_action.toolTip())
        self.panels_action.toggled.connect(self.show_panels)
        self._bottom = bottom
        for dock in bottom:
            dock.hide()
            dock.visibilityChanged.connect(lambda _v: self._sync_panels_action())
        self.lens_bar.addSeparator()
        self.lens_bar.addAction(self.panels_action)

        self.presentation = Presentation(window, self.lens_bar, self.update_view)
        self.report = ReportExport(window)

        view = window.menus.view
        view.addSeparator()
        panels_menu = view.addMenu("Insight &Panels")
        for dock in [*self.docks.docks, self.polarity_dock]:
            panels_menu.addAction(dock.toggleViewAction())
        toggle = self.lens_bar.toggleViewAction()
        toggle.setText("&Lens Toolbar")
        view.addAction(toggle)
        view.addSeparator()
        view.addAction(self.presentation.action)

    # ------------------------------------------------------------- panels
    def show_panels(self, on: bool) -> None:
        """Show (the first in front) or hide the bottom insight panels."""
        if on == any(not d.isHidden() for d in self._bottom):
            return
        for dock in self._bottom:
            dock.setVisible(on)
        if on:
            self._bottom[0].raise_()
            self.window.dock_layout.panels(self._bottom[0])
            QTimer.singleShot(0, self.tidy_docks)

    def _sync_panels_action(self) -> None:
        shown = any(not d.isHidden() for d in self._bottom)
        if self.panels_action.isChecked() != shown:
            self.panels_action.blockSignals(True)
            self.panels_action.setChecked(shown)
            self.panels_action.blockSignals(False)

    # ------------------------------------------------------------- hooks
    def file_set(self, wf: WorkspaceFile) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.wf = wf
        ws = wf.workspace
        self._unsubscribe = ws.subscribe(self._on_change)
        self.path_focus = None
        self._selected_nodes = []
        self._shown = None
        self._map_dirty = True
        self.lens_bar.blockSignals(True)
        self.lens_bar.set_lenses(ws.ordered_lenses())
        self.lens_bar.set_max_horizon(None)
        self.lens_bar.blockSignals(False)
        read_only = bool(wf.read_only)
        self.lens_bar.save_action.setEnabled(not read_only)
        self.lens_bar.delete_action.setEnabled(not read_only and self.lens_bar.lens_id() is not None)
        self.polarity.set_workspace(ws, read_only)
        self.update_view()
        QTimer.singleShot(0, self.tidy_docks)

    def selection_changed(self, node_ids: list[str], relation_ids: list[str]) -> None:
        self._selected_nodes = list(node_ids)
        self.docks.select_stakeholder(node_ids[0] if len(node_ids) == 1 else None)
        focus = self.path_focus
        if focus is not None:
            picked = set(node_ids) | set(relation_ids)
            if not picked or not picked <= (focus.node_ids | focus.relation_ids):
                self.path_focus = None
                self.schedule()
        if self.lens_bar.focusing():
            self.schedule()
        for key in relation_ids:
            if self.polarity.show_tension(key):
                break

    def closing(self) -> None:
        self.presentation.leave()
        self.polarity.commit()
        self.polarity.set_workspace(None)  # no late focus-out edits once the file is closed
        self._timer.stop()
        self._polarity_timer.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def settle(self, timeout_ms: int = 30_000) -> None:
        """Apply a pending view or polarity update now (screenshots, tests)."""
        if self._timer.isActive():
            self.update_view()
        if self._polarity_timer.isActive():
            self._polarity_timer.stop()
            self.polarity.refresh()

    def tidy_docks(self) -> None:
        """Hide tab bars Qt left behind after tabifying or restoring the dock layout."""
        if self.window.isVisible():
            hide_stale_tab_bars(self.window)

    # ------------------------------------------------------------- views
    def _lens(self, key: str) -> Lens | None:
        return self.wf.workspace.lenses.get(key) if self.wf is not None else None

    def _lens_changed(self) -> None:
        self.path_focus = None
        self.schedule()

    @property
    def settled(self) -> bool:
        """No view or polarity update is waiting to run (tests and screenshots wait on this)."""
        return not (self._timer.isActive() or self._polarity_timer.isActive())

    def schedule(self) -> None:
        ws = self.wf.workspace if self.wf is not None else None
        self._timer.setInterval(0 if ws is None or len(ws.nodes) <= QUICK_LIMIT else 100)
        self._timer.start()

    def lens_view(self) -> LensView | None:
        """What the lens bar asks for (None: the whole map, nothing hidden or dimmed)."""
        if self.wf is None:
            return None
        ws = self.wf.workspace
        lens = self.lens_bar.current_lens(ws)
        limit = self.lens_bar.max_horizon()
        focus = (
            self._selected_nodes[0] if self.lens_bar.focusing() and len(self._selected_nodes) == 1 else None
        )
        if lens is None and limit is None and focus is None:
            return None
        view = apply_lens(ws, lens, max_horizon=limit)
        if focus is not None and focus in view.nodes:
            view = focus_view(ws, focus, view)
        return view

    def update_view(self) -> None:
        """Apply the current lens (and any focused path) to the canvas and the panels, now."""
        self._timer.stop()
        if self.wf is None:
            return
        ws = self.wf.workspace
        view = self.lens_view()
        self.window.view_state.set(view)  # read by the exports and the report
        scene_view = view
        focus = self.path_focus
        if focus is not None:
            base = view or LensView(frozenset(ws.nodes), frozenset(ws.relations))
            scene_view = LensView(
                base.nodes,
                base.relations,
                frozenset(focus.node_ids) & base.nodes,
                frozenset(focus.relation_ids) & base.relations,
            )
        self.scene_view = scene_view
        self.window.scene.apply_view(scene_view)
        shown = (view.nodes, view.relations) if view is not None else None
        if self._map_dirty or shown != self._shown:
            self._map_dirty = False
            self._shown = shown
            self.docks.refresh(ws, view)

    def _on_change(self, change: Change) -> None:
        if change.collection == "lenses":
            self.lens_bar.blockSignals(True)
            self.lens_bar.set_lenses(self.wf.workspace.ordered_lenses(), keep=self.lens_bar.lens_id())
            self.lens_bar.blockSignals(False)
            if self.wf is not None and self.wf.read_only:
                self.lens_bar.delete_action.setEnabled(False)
            self.schedule()
        elif change.collection == "polarities":
            self.polarity.refresh()
        elif change.collection in ("nodes", "relations", "evidence"):
            if _only_moved(change):
                return
            self._map_dirty = True
            self.schedule()
            if change.collection != "evidence":
                self._polarity_timer.start()

    # ------------------------------------------------------------- panels
    def _panel_selected(self, node_id: str) -> None:
        self.path_focus = None
        self.window.scene.select_ids([node_id])
        self.window.canvas.centre_on_node(node_id)
        self.schedule()

    def _panel_focus(self, focus: object) -> None:
        if not isinstance(focus, Focus):
            return
        self.path_focus = focus
        self.window.scene.select_ids(focus.node_ids, focus.relation_ids)
        self.update_view()

    # ------------------------------------------------------------- lenses
    def save_lens(self) -> str | None:
        """Ask for a name and save what the lens bar shows as a new lens (one undo step)."""
        if self.wf is None or self.wf.read_only:
            return None
        ws = self.wf.workspace
        base = self.lens_bar.current_lens(ws)
        suggestion = base.name if base is not None else "My lens"
        name = self.ask_name(self.window, suggestion)
        if not name:
            return None
        focus = base.focus if base is not None else None
        if self.lens_bar.focusing() and len(self._selected_nodes) == 1:
            focus = self._selected_nodes[0]
        order = max((lens.order for lens in ws.lenses.values()), default=-1) + 1
        lens = Lens(
            id=new_id(),
            name=name,
            kinds=base.kinds if base else (),
            groups=base.groups if base else (),
            tags=base.tags if base else (),
            horizons=base.horizons if base else (),
            max_horizon=self.lens_bar.max_horizon(),
            focus=focus,
            order=order,
        )
        if not self.window.push(AddEntity("lenses", lens, text=f"Save lens {name!r}")):
            return None
        self.lens_bar.pick(lens.id)
        self.window.statusBar().showMessage(f"Lens {name!r} saved", 4000)
        return lens.id

    def delete_lens(self) -> bool:
        key = self.lens_bar.lens_id()
        if self.wf is None or self.wf.read_only or key is None:
            return False
        name = self.wf.workspace.lenses[key].name
        return self.window.push(RemoveEntity("lenses", key, text=f"Delete lens {name!r}"))
