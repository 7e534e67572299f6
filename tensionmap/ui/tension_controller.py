"""The tension tools of the main window: the Tensions dock, the map overlays and the layouts.

- ``AnalysisRunner`` keeps the analysis of the open map current (debounced,
  on a worker thread for big maps); each result fills the Tensions dock
  (ranked tensions and alliances, the structural balance in its header) and
  the overlays (coalition hulls, misfit-tie markers, derived-tension arcs).
- Selecting a finding in the dock focuses its path on the canvas and dims
  the rest; Esc or Clear lights the whole map again.
- ``LayoutActions`` (tension_layouts.py) adds the Layout menu and toolbar
  section.

Big maps stay fluid: arcs start hidden above ``ARC_NODE_LIMIT`` nodes and at
most ``ARC_LIMIT`` (the strongest) are drawn; overlays refresh at most once
per ``BIG_REFRESH_MS`` on big maps; the analysis never runs on the UI thread
for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer

from ..render.overlays import Focus, MapOverlays
from .analysis_runner import AnalysisRunner
from .tension_layouts import LayoutActions
from .tensions_dock import TensionsDock

if TYPE_CHECKING:
    from ..store import WorkspaceFile
    from .window_api import WindowApi

ARC_NODE_LIMIT = 300  # maps with more nodes open with the derived-tension arcs hidden
ARC_LIMIT = 120  # at most this many arcs, the strongest: more is a hairball, and slow
BIG_MAP = 500  # nodes + relations above which overlay refreshes are throttled
BIG_REFRESH_MS = 120
OVERLAY_TEXTS = {"hulls": "Coalitions", "arcs": "Derived tensions", "markers": "Misfit ties"}
#: Overlays shown when the application starts (the arcs are an opt-in: they crowd small maps).
DEFAULT_VISIBLE = {"hulls": True, "arcs": False, "markers": True}


class TensionController:
    """Wires analysis, Tensions dock, overlays and layouts into one window."""

    def __init__(self, window: WindowApi) -> None:
        self.window = window
        self.wf: WorkspaceFile | None = None
        self.overlays: MapOverlays | None = None
        self.visible = dict(DEFAULT_VISIBLE)
        self._arcs_auto_hidden = False
        self.analysis = AnalysisRunner(window)
        self.analysis.result_ready.connect(self._show_result)
        self.analysis.failed.connect(
            lambda message: window.statusBar().showMessage(f"Analysis failed: {message}", 8000)
        )
        self.analysis.busy_changed.connect(self._busy_changed)
        self.dock = TensionsDock(window)
        self.dock.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea
            | Qt.DockWidgetArea.LeftDockWidgetArea
            | Qt.DockWidgetArea.BottomDockWidgetArea
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.evidence_dock, self.dock)
        self.dock.raise_()
        self.dock.focus_requested.connect(self._focus)
        self.dock.focus_cleared.connect(lambda: self._focus(None))
        self.dock.overlay_toggled.connect(self._overlay_toggled)
        for name, action in self.dock.overlay_actions.items():
            action.setText(OVERLAY_TEXTS.get(name, action.text()))
            action.setChecked(self.visible[name])
        self.layouts = LayoutActions(window, on_step=self._nodes_gliding)
        self._focus_zoom: float | None = None  # the zoom a focus brought its path forward at
        self._add_view_entries()
        window.canvas.zoom_changed.connect(lambda _zoom: self._refresh_overlays())
        window.canvas.nodes_placed.connect(self._refresh_overlays)

    def _add_view_entries(self) -> None:
        view = self.window.menus.view
        view.addSeparator()
        toggle = self.dock.toggleViewAction()
        toggle.setText("&Tensions")
        toggle.setToolTip("Show the Tensions dock: ranked tensions, alliances and the structural balance")
        view.addAction(toggle)
        overlays = view.addMenu("Map &Overlays")
        overlays.setToolTipsVisible(True)
        overlays.addActions(list(self.dock.overlay_actions.values()))
        self.overlay_menu = overlays

    # -------------------------------------------------------------- hooks
    def file_set(self, wf: WorkspaceFile) -> None:
        """A file is shown: the scene was re-attached (overlay items deleted); start over."""
        window = self.window
        self.layouts.file_set()
        self.analysis.detach()
        if self.overlays is not None:
            self.overlays.remove()  # its items went with the old map (MapScene.attach clears)
            self.overlays = None
        self.dock.clear_focus()
        self._focus_zoom = None  # the new map is fitted by the window
        self.dock.set_result(None)
        first = self.wf is None
        self.wf = wf
        ws = wf.workspace
        if first:
            self._bring_dock_forward()
            QTimer.singleShot(0, self.dock, self._default_dock_sizes)  # once the window is laid out
        overlays = MapOverlays(window.scene)
        overlays.arc_limit = ARC_LIMIT
        size = len(ws.nodes) + len(ws.relations)
        overlays.follow_scene(BIG_REFRESH_MS if size > BIG_MAP else 0)
        self.overlays = overlays
        self._auto_hide_arcs(len(ws.nodes))
        self._apply_visibility()
        self.analysis.attach(ws)  # small maps: analysed right here, so the dock is filled at once

    def _bring_dock_forward(self) -> None:
        """When a window opens, the Tensions tab is the one in front of its dock group (unless
        the user closed the dock): the restored layout may predate it, or favour another tab."""
        if not self.dock.isHidden() and self.window.tabifiedDockWidgets(self.dock):
            self.dock.raise_()

    def _default_dock_sizes(self) -> None:
        self.window.dock_layout.tensions(self.dock)

    def selection_changed(self, node_ids: list[str], relation_ids: list[str]) -> None:
        self.layouts.selected_nodes = list(node_ids)

    def closing(self) -> None:
        self.layouts.shutdown()
        self.analysis.shutdown()
        if self.overlays is not None:
            self.overlays.remove()
            self.overlays = None
        self.wf = None

    # ------------------------------------------------------------ results
    def _show_result(self, result: Any) -> None:
        wf = self.wf
        if wf is None:
            return
        self.dock.set_result(result, result.labels, wf.workspace.relations)
        if self.overlays is not None:
            self.overlays.set_result(result)

    def _busy_changed(self, busy: bool) -> None:
        self.dock.header.setToolTip("Updating the analysis…" if busy else "")

    def settle(self, timeout_ms: int = 30_000) -> bool:
        """Wait until the analysis of the current map is shown (screenshots, tests)."""
        return self.analysis.settle(timeout_ms)

    # ------------------------------------------------------------ overlays
    def _focus(self, focus: Focus | None) -> None:
        if self.overlays is None:
            return
        self.overlays.set_focus(focus)
        if focus is not None:
            self._bring_into_view(focus)
        else:
            self._back_to_the_map()

    def _bring_into_view(self, focus: Focus) -> None:
        """Zoom to the focused path so its labels read (the label floor keeps them legible)."""
        canvas = self.window.canvas
        canvas.zoom_to_nodes(focus.node_ids)
        self._focus_zoom = canvas.zoom()

    def _back_to_the_map(self) -> None:
        """Focus cleared: fit the whole map again, as it was before the path was brought
        forward, unless the user has zoomed by hand since (then the view stays theirs)."""
        zoom, self._focus_zoom = self._focus_zoom, None
        canvas = self.window.canvas
        if zoom is not None and abs(canvas.zoom() - zoom) <= 1e-9 * max(zoom, 1.0):
            canvas.refit()

    def _overlay_toggled(self, name: str, on: bool) -> None:
        self.visible[name] = on
        if name == "arcs":
            self._arcs_auto_hidden = False
        self._apply_visibility()

    def _auto_hide_arcs(self, nodes: int) -> None:
        """Big maps open with the arcs off (and get them back, if wanted, on a small map)."""
        action = self.dock.overlay_actions["arcs"]
        if nodes > ARC_NODE_LIMIT and action.isChecked():
            action.setChecked(False)  # -> _overlay_toggled
            self._arcs_auto_hidden = True
            self.window.statusBar().showMessage(
                "Big map: derived-tension arcs are hidden (View ▸ Map Overlays ▸ Derived tensions)", 6000
            )
        elif nodes <= ARC_NODE_LIMIT and self._arcs_auto_hidden:
            action.setChecked(True)
            self._arcs_auto_hidden = False

    def _apply_visibility(self) -> None:
        if self.overlays is not None:
            self.overlays.set_visible(**self.visible)
        extras = (("coalition_a", "coalition_b") if self.visible.get("hulls") else ()) + (
            ("misfit",) if self.visible.get("markers") else ()
        )
        self.window.canvas.legend.set_extras(extras)  # the key explains what the map shows

    def _refresh_overlays(self) -> None:
        if self.overlays is not None:
            self.overlays.schedule_refresh()

    def _nodes_gliding(self) -> None:
        """Nodes move without model changes while a layout glides: overlays follow, batched."""
        self._refresh_overlays()
