"""The room's voice in the window: rating rounds, the Room lens, the Room panel, ghosts.

A window extension (see ``extensions``): the window tells it when a file is
shown, when the selection changes and when it closes. It owns

- the Room menu (Rating Round…, Room Lens, Apply the Room's View);
- the Room panel dock (``ratings_panel``): relations ranked by disagreement,
  ghosts to accept or dismiss;
- the Room lens (``render.room_overlay``): the round's aggregate drawn over
  the map while the map's own relations fade;
- the hover histogram (``ratings_histogram``);
- the rating round dialog (``ratings_round``), hiding the map during a blind
  round.

Every change it makes is one command pushed through the window, so undo,
the file and the other views follow as for any edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea

from ..analysis.ratings import Aggregate, RatingTable, aggregate_round, pairs_on_map, room_view_plan
from ..commands import ApplyRoomView, dismiss_proposal, update_round
from ..model import Change
from ..render.overlays import scene_rects, scene_segments
from ..render.room_overlay import DrawnItem, RoomOverlay
from .ratings_histogram import HistogramPopup
from .ratings_panel import RoomPanel, relation_text
from .ratings_round import RatingRoundDialog

if TYPE_CHECKING:
    from ..store import WorkspaceFile
    from .window_api import WindowApi

WATCHED = {"ratings", "participants", "rounds", "relations", "nodes"}
#: What the rating table is read from: a change elsewhere (a node dragged, a relation retyped)
#: re-aggregates from the table already read (relation ends are looked up afresh each time).
RATING_DATA = {"ratings", "participants", "rounds"}
FADED = 0.12  # the map's own relations while the Room lens is on


class RoomController:
    def __init__(self, window: WindowApi) -> None:
        self.window = window
        self.wf: WorkspaceFile | None = None
        self.aggregates: list[Aggregate] = []
        self._table: RatingTable | None = None  # every rating as columns, until one changes
        self.overlay: RoomOverlay | None = None
        self.dialog: RatingRoundDialog | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._faded: dict[object, float] = {}
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.recompute)
        self.popup = HistogramPopup(window)

        self.panel = RoomPanel()
        self.dock = QDockWidget("Room", window)
        self.dock.setObjectName("room")
        scroller = QScrollArea()  # a short window may not squeeze the panel below its height
        scroller.setWidgetResizable(True)
        # the panel wraps its text to the column's width; it never scrolls sideways
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(self.panel)
        self.dock.setWidget(scroller)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        # A tab beside the evidence (a tab bar already there: the window's minimum height stays);
        # raised when the Room lens is turned on.
        window.tabifyDockWidget(window.evidence_dock, self.dock)
        window.evidence_dock.raise_()

        menu = window.menuBar().addMenu("&Room")
        self.round_action = QAction("Rating &Round…", window)
        self.round_action.triggered.connect(self.start_round)
        self.lens_action = QAction("Room &Lens", window)
        self.lens_action.setCheckable(True)
        self.lens_action.toggled.connect(self.set_lens)
        self.apply_action = QAction("&Apply the Room's View", window)
        self.apply_action.triggered.connect(self.apply_view)
        self.close_action = QAction("&Close Round", window)
        self.close_action.triggered.connect(self.toggle_round_open)
        for action in (self.round_action, self.lens_action, self.apply_action, self.close_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.dock.toggleViewAction())

        p = self.panel
        p.round_changed.connect(self.recompute)
        p.lens_toggled.connect(self.lens_action.setChecked)
        p.ghosts_changed.connect(lambda _n: self.recompute())
        p.relation_picked.connect(lambda key: window.scene.select_ids([], [key]))
        p.accept_requested.connect(self.accept_ghost)
        p.dismiss_requested.connect(self.dismiss_ghost)
        p.apply_requested.connect(self.apply_view)
        p.round_requested.connect(self.start_round)
        window.scene.mirrored.connect(self._scene_changed)
        # Nodes drawn larger at a zoom, or nudged apart, move without a model change; the
        # relations are routed again, and the lens must follow their new routes.
        self._geometry_timer = QTimer(window)
        self._geometry_timer.setSingleShot(True)
        self._geometry_timer.setInterval(0)
        self._geometry_timer.timeout.connect(self._follow_routes)
        window.canvas.zoom_changed.connect(lambda _zoom: self._routes_moved())
        window.canvas.nodes_placed.connect(self._routes_moved)
        # a drag, each frame of a layout's glide and its landing route relations again
        window.scene.routes_changed.connect(self._routes_moved)

    # ------------------------------------------------------------- hooks
    def file_set(self, wf: WorkspaceFile) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.wf = wf
        self._table = None
        self._unsubscribe = wf.workspace.subscribe(self._on_change)
        scene = self.window.scene
        # attach() cleared the scene, and the old overlay with it
        self.overlay = RoomOverlay(lambda: scene_rects(scene), lambda: scene_segments(scene))
        self.overlay.on_hover = self._hovered
        self.overlay.setVisible(False)
        scene.addItem(self.overlay)
        self._faded = {}
        editable = not wf.read_only
        self.panel.set_editable(editable)
        for action in (self.round_action, self.apply_action, self.close_action):
            action.setEnabled(editable)
        self.panel.set_rounds(wf.workspace.ordered_rounds(), None)
        self.recompute()
        if self.lens_action.isChecked():
            self.set_lens(True)

    def selection_changed(self, node_ids: list[str], relation_ids: list[str]) -> None:
        pass

    def settle(self, timeout_ms: int = 30_000) -> None:
        """Nothing of this feature runs in the background."""

    def closing(self) -> None:
        self._timer.stop()
        self._geometry_timer.stop()
        self.popup.hide()
        if self.dialog is not None:
            self.dialog.reject()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _overlay(self) -> RoomOverlay | None:
        """The Room lens item, or None once the scene has deleted it (another file shown)."""
        if self.overlay is not None and not shiboken6.isValid(self.overlay):
            self.overlay = None
        return self.overlay

    # ----------------------------------------------------------- updates
    def _on_change(self, change: Change) -> None:
        if change.collection in RATING_DATA:
            self._table = None
        if change.collection in WATCHED and not self._timer.isActive():
            self._timer.start()

    def _scene_changed(self, *_: object) -> None:
        if self._overlay() is not None and self.overlay.isVisible() and not self._timer.isActive():  # type: ignore[union-attr]  # _overlay() made it
            self._timer.start()

    def _routes_moved(self) -> None:
        if self._overlay() is not None and not self._geometry_timer.isActive():
            self._geometry_timer.start()

    def _follow_routes(self) -> None:
        """Redraw the lens along the relations' current routes (the aggregates are unchanged)."""
        if self._overlay() is not None and self.overlay.isVisible():  # type: ignore[union-attr]  # _overlay() made it
            self.overlay.refresh()  # type: ignore[union-attr]

    def recompute(self) -> None:
        """Aggregate the shown round again and refresh the panel and the lens."""
        if self.wf is None:
            return
        ws = self.wf.workspace
        keep = self.panel.round_id()
        self.panel.set_rounds(ws.ordered_rounds(), keep)
        round_id = self.panel.round_id()
        shown = ws.rounds.get(round_id) if round_id is not None else None
        # A blind round stays blind while it is open, on every client: on a shared workspace the
        # participants' own windows would otherwise show each other's answers live.
        hidden = shown is not None and shown.blind and shown.open
        if round_id is not None and not hidden:
            if self._table is None:
                self._table = RatingTable.of(ws)
            self.aggregates = aggregate_round(ws, round_id, self._table)
        else:
            self.aggregates = []
        if self._overlay() is not None:
            self.overlay.set_aggregates(self.aggregates, self.panel.min_spin.value(), pairs_on_map(ws))
            ghosts = self.overlay.ghosts()
        else:
            ghosts = []
        self.panel.show_aggregates(ws, self.aggregates, ghosts)
        if hidden and shown is not None:
            answers = ws.ratings_where(round=round_id)
            self.panel.summary.setText(
                f"Round {shown.number} is blind and still open: {len(answers)} rating(s) from "
                f"{len({r.participant for r in answers})} participant(s) so far. The room's view "
                f"shows once the round is closed (Room > Close Round {shown.number})."
            )
        if shown is None:
            self.close_action.setText("&Close Round")
        else:
            self.close_action.setText(f"{'&Close' if shown.open else '&Reopen'} Round {shown.number}")
        self.close_action.setEnabled(shown is not None and not self.wf.read_only)

    # -------------------------------------------------------------- lens
    def set_lens(self, on: bool) -> None:
        """Show the Room lens: the room's aggregate over the map's faded relations."""
        self.panel.lens_check.blockSignals(True)
        self.panel.lens_check.setChecked(on)
        self.panel.lens_check.blockSignals(False)
        if self._overlay() is None:
            return
        scene = self.window.scene
        layers = [*scene.layers.values(), *scene.dim_layers.values()]
        if on:
            for layer in layers:
                if layer not in self._faded:
                    self._faded[layer] = layer.opacity()
                    layer.setOpacity(layer.opacity() * FADED)
            self.overlay.refresh()
            self.dock.show()
            self.dock.raise_()
            QTimer.singleShot(0, self._make_room)

        else:
            for layer, opacity in self._faded.items():
                if layer.scene() is scene:
                    layer.setOpacity(opacity)
            self._faded = {}
            self.popup.hide()
        self.overlay.setVisible(on)

    def _make_room(self) -> None:
        """Give the Room panel most of the right-hand column; the inspector keeps a strip."""
        if self.dock.isVisible() and self.window.inspector_dock.isVisible():
            self.window.dock_layout.room(self.dock)

    def _hovered(self, item: DrawnItem | None, pos: QPointF) -> None:
        if item is None or self.wf is None:
            self.popup.hide()
            return
        canvas = self.window.canvas
        at = canvas.viewport().mapToGlobal(canvas.mapFromScene(pos))
        title = relation_text(self.wf.workspace, item.aggregate)
        if item.ghost:
            title += " (proposed)"
        self.popup.show_aggregate(title, item.aggregate, at)

    # ----------------------------------------------------------- actions
    def apply_view(self) -> bool:
        """Turn the shown round's aggregate into the map's relations: one undo step."""
        if self.wf is None:
            return False
        ws = self.wf.workspace
        round_id = self.panel.round_id()
        shown = ws.rounds.get(round_id) if round_id is not None else None
        if shown is not None and shown.blind and shown.open:
            self.window.statusBar().showMessage(
                f"Round {shown.number} is blind and open: close it to see and apply the room's view", 6000
            )
            return False
        changes, additions = room_view_plan(ws, self.aggregates, min_proposers=self.panel.min_spin.value())
        command = ApplyRoomView(changes, additions)
        if command.empty:
            self.window.statusBar().showMessage("No ratings in this round to apply", 4000)
            return False
        return self.window.push(command)

    def toggle_round_open(self) -> bool:
        """Close the shown round (it then takes no new ratings), or reopen it."""
        round_id = self.panel.round_id()
        if self.wf is None or round_id is None:
            return False
        shown = self.wf.workspace.rounds[round_id]
        return self.window.push(update_round(round_id, open=not shown.open))

    def accept_ghost(self, index: int) -> bool:
        if self.wf is None or not 0 <= index < len(self.panel.ghosts):
            return False
        ghost = self.panel.ghosts[index]
        _changes, additions = room_view_plan(self.wf.workspace, [ghost], min_proposers=1)
        command = ApplyRoomView([], additions)
        command.text = "Accept proposed relation"
        return bool(additions) and self.window.push(command)

    def dismiss_ghost(self, index: int) -> bool:
        """Dismiss a ghost: its proposing ratings in this round are removed (undo brings them back)."""
        if self.wf is None or not 0 <= index < len(self.panel.ghosts):
            return False
        ghost = self.panel.ghosts[index]
        round_id = self.panel.round_id()
        ids = [
            r.id
            for r in self.wf.workspace.ratings_where(round=round_id, relation=None)
            if r.item() == ghost.item
        ]
        return self.window.push(dismiss_proposal(self.wf.workspace, ids))

    def start_round(self) -> RatingRoundDialog | None:
        """Open the rating round dialog (non-blocking); its result is pushed as one step."""
        if self.wf is None or self.wf.read_only:
            return None
        dialog = RatingRoundDialog(self.wf.workspace, self.window)
        dialog.blind_changed.connect(self._blind)
        dialog.finished.connect(lambda result: self._round_done(dialog, result))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _blind(self, hidden: bool) -> None:
        """Hide the facilitator's map (and the room's view of it) while a blind round runs."""
        self.window.canvas.setVisible(not hidden)
        self.dock.setVisible(not hidden)

    def _round_done(self, dialog: RatingRoundDialog, result: int) -> None:
        self._blind(False)
        self.dialog = None
        if result == int(RatingRoundDialog.DialogCode.Accepted):
            command = dialog.command()
            if command is not None and self.window.push(command) and dialog.plan is not None:
                self.panel.set_rounds(self.wf.workspace.ordered_rounds(), dialog.plan.round.id)  # type: ignore[union-attr]  # a plan was checked above
                self.recompute()
        dialog.deleteLater()
