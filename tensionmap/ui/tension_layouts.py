"""The Layout menu: signed, polarity axis and layered layouts of the open map.

Each layout runs off the UI thread (``LayoutRunner``: progress dialog with
Cancel for runs longer than a moment). When it is done the nodes glide to
their new places and the move is pushed as ONE undo step ("Layout (signed)",
...), so Undo puts every node back. Pinned nodes never move; the actions are
disabled on a read-only file and while a layout is running or gliding.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractAnimation, QObject, Qt, QVariantAnimation
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from ..commands import MoveNodes
from .layout_runner import LayoutRunner, animate_then_push, layout_command, scene_sizes
from .tension_poles import PolesDialog, initial_poles, selected_drivers

if TYPE_CHECKING:
    from .window_api import WindowApi

ANIMATION_MS = 450
BIG_ANIMATION_MS = 300  # big maps glide shorter: each frame redraws every relation
BIG_MOVE = 300  # moving more nodes than this glides shorter

#: What tidy runs: the signed engine, anchored to where the nodes are.
TIDY_TEXT = "Layout (signed, keep positions)"

#: name, menu text, toolbar text, tooltip
LAYOUTS = (
    (
        "tidy",
        "&Tidy Layout (keep positions)",
        "Tidy",
        "Signed layout that keeps every node near where it is: new nodes find their place, "
        "overlaps go, the room keeps its mental map (Ctrl+L)",
    ),
    (
        "signed",
        "&Full Signed Layout",
        "Full layout",
        "Lay the whole map out afresh: supportive relations pull, opposing ones push apart, "
        "the two camps of the structural balance on either side (Ctrl+Shift+L)",
    ),
    (
        "polarity",
        "&Polarity Layout…",
        "Polarity…",
        "Lay the map along one tension: two opposed drivers at the ends, stakeholders between "
        "them by their stances (select two drivers first to use them as the poles)",
    ),
    (
        "layered",
        "La&yered Layout",
        "Layered",
        "Stakeholders in one band, drivers in another, with few crossings",
    ),
)
SHORTCUTS = {"tidy": "Ctrl+L", "signed": "Ctrl+Shift+L"}
BUSY_MESSAGE = "A layout is already running: wait for it to land, or Layout > Cancel Layout"


class LayoutActions(QObject):
    """The layout actions of one window and the runs they start."""

    def __init__(self, window: WindowApi, on_step: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.on_step = on_step  # called after every animation frame (overlays follow the nodes)
        self.runner = LayoutRunner(window)
        self.runner.started.connect(self._update_enabled)
        self.runner.finished.connect(self._finished)
        self.runner.cancelled.connect(self._cancelled)
        self.runner.failed.connect(self._failed)
        self.animation: QVariantAnimation | None = None
        self.poles_dialog: PolesDialog | None = None
        self.selected_nodes: list[str] = []
        self.actions: dict[str, QAction] = {}
        for name, text, short, tip in LAYOUTS:
            action = QAction(text, window)
            action.setIconText(short)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _=False, n=name: self.trigger(n))
            self.actions[name] = action
        #: The same keys while the actions are disabled (a layout running, a read-only map):
        #: a disabled action swallows its shortcut without a word, these say why instead.
        self.refusing_keys: list[QShortcut] = []
        for name, keys in SHORTCUTS.items():
            self.actions[name].setShortcut(QKeySequence(keys))
            self.actions[name].setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(self.actions[name])
            refusing = QShortcut(QKeySequence(keys), window)
            refusing.setContext(Qt.ShortcutContext.WindowShortcut)
            refusing.setEnabled(False)
            refusing.activated.connect(self._refuse)
            self.refusing_keys.append(refusing)
        self.cancel_action = QAction("&Cancel Layout", window)
        self.cancel_action.setToolTip("Stop the layout that is running; the map stays as it was")
        self.cancel_action.triggered.connect(self.runner.cancel)
        self.menu = QMenu("&Layout", window)
        self.menu.setObjectName("layout-menu")
        self.menu.addActions(list(self.actions.values()))
        self.menu.addSeparator()
        self.menu.addAction(self.cancel_action)
        window.menuBar().insertMenu(window.menus.view.menuAction(), self.menu)
        self._add_to_toolbar()
        self._update_enabled()

    def _add_to_toolbar(self) -> None:
        bar = self.window.menus.toolbar
        find = self.window.menus.find_edit
        anchor = None
        for action in bar.actions():
            if find is not None and bar.widgetForAction(action) is find:
                anchor = action
        if anchor is None:
            bar.addSeparator()
            bar.addActions(list(self.actions.values()))
            return
        bar.insertActions(anchor, list(self.actions.values()))
        bar.insertSeparator(anchor)

    # ------------------------------------------------------------- state
    @property
    def busy(self) -> bool:
        """A layout is running or its nodes are still gliding."""
        return self.runner.running or self.animation is not None

    def _editable(self) -> bool:
        return self.window.wf is not None and bool(self.window.canvas.editable)

    def _refusal(self) -> str | None:
        """Why no layout can start now (None if one can); said in the status bar, never silently."""
        if self.window.wf is None:
            return "No map is open to lay out"
        if not self.window.canvas.editable:
            return "The map is read-only: layouts would move its nodes"
        if self.busy:
            return BUSY_MESSAGE
        return None

    def _refuse(self) -> bool:
        """Tell the user why a layout cannot start; True if it cannot."""
        reason = self._refusal()
        if reason is not None:
            self.window.statusBar().showMessage(reason, 6000)
        return reason is not None

    def _update_enabled(self) -> None:
        can = self._editable() and not self.busy
        for action in self.actions.values():
            action.setEnabled(can)
        for refusing in self.refusing_keys:  # never both enabled: no ambiguous shortcut
            refusing.setEnabled(not can and self.window.wf is not None)
        self.cancel_action.setEnabled(self.runner.running)

    def file_set(self) -> None:
        """A new file is shown: drop whatever belonged to the old one."""
        self.stop()
        self.selected_nodes = []
        self._update_enabled()

    def stop(self) -> None:
        """Cancel a run, stop a glide (the model is untouched) and close the poles chooser."""
        if self.runner.running:
            self.runner.cancel()
        animation, self.animation = self.animation, None
        if animation is not None:
            animation.stop()
        if self.poles_dialog is not None:
            dialog, self.poles_dialog = self.poles_dialog, None
            dialog.close()

    def shutdown(self) -> None:
        self.stop()
        self.runner.shutdown()

    # --------------------------------------------------------------- runs
    def trigger(self, engine: str) -> bool:
        """What the menu items do: polarity asks for its poles (unless two drivers are selected)."""
        if engine != "polarity":
            return self.run(engine)
        if self._refuse():
            return False
        wf = self.window.wf
        assert wf is not None  # _refuse said so
        ws = wf.workspace
        chosen = selected_drivers(ws, self.selected_nodes)
        if chosen is not None:
            return self.run("polarity", poles=chosen)
        return self.ask_poles() is not None

    def ask_poles(self) -> PolesDialog | None:
        """Open the (non-blocking) poles chooser; its OK starts the polarity layout."""
        wf = self.window.wf
        if wf is None:
            return None
        ws = wf.workspace
        poles = initial_poles(ws, self.selected_nodes)
        if poles is None:
            self.window.statusBar().showMessage("The polarity layout needs at least two drivers", 6000)
            return None
        if self.poles_dialog is not None:
            self.poles_dialog.raise_()
            return self.poles_dialog
        dialog = PolesDialog(ws, poles, self.window)
        dialog.chosen.connect(lambda left, right: self.run("polarity", poles=(left, right)))
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_closed(d))
        self.poles_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: PolesDialog) -> None:
        if self.poles_dialog is dialog:
            self.poles_dialog = None

    def run(self, engine: str, *, poles: tuple[str, str] | None = None) -> bool:
        """Start a layout (a name of ``LAYOUTS``) on the open map; False, and the status bar
        says why, if it cannot start now.

        ``tidy`` and ``signed`` both run the signed engine with the structural balance's
        coalitions as its camps (as ``tensionmap layout`` does); ``tidy`` anchors the
        nodes to where they are, so a small edit moves little else.
        """
        window = self.window
        if self._refuse():
            return False
        wf = window.wf
        assert wf is not None  # _refuse said so
        ws = wf.workspace
        if not ws.nodes:
            window.statusBar().showMessage("Nothing to lay out: the map is empty", 4000)
            return False
        if engine == "polarity" and poles is None:
            poles = initial_poles(ws, self.selected_nodes)
            if poles is None:
                window.statusBar().showMessage("The polarity layout needs at least two drivers", 6000)
                return False
        sizes = scene_sizes(window.scene)
        if engine in ("tidy", "signed"):
            tidy = engine == "tidy"
            started = self.runner.start(
                ws,
                "signed",
                seed=0,
                sizes=sizes,
                text=TIDY_TEXT if tidy else None,
                balance_camps=True,
                incremental=tidy,
            )
        else:
            started = self.runner.start(ws, engine, seed=0, poles=poles, sizes=sizes)
        if not started:
            window.statusBar().showMessage(BUSY_MESSAGE, 6000)  # another job holds the runner
        else:
            window.statusBar().showMessage(f"{self.runner.text}: computing…")
        self._update_enabled()
        return started

    def _finished(self, command: MoveNodes | None) -> None:
        window = self.window
        if command is None:
            window.statusBar().showMessage(f"{self.runner.text}: every node is already in place", 5000)
            self._update_enabled()
            return
        scene = window.scene
        many = len(command.positions) > BIG_MOVE

        def step(ids: list[str]) -> None:
            scene.nodes_gliding(ids)  # lines unbent while boxes pass through each other
            if self.on_step is not None:
                self.on_step()

        self.animation = animate_then_push(
            command,
            scene.node_items,
            lambda cmd: self._push(cmd),
            BIG_ANIMATION_MS if many else ANIMATION_MS,
            on_step=step,
            shown=window.canvas.declutter.shown_positions(command.positions),
        )
        if self.animation is not None:
            self.animation.stateChanged.connect(self._animation_state)
        self._update_enabled()

    def _animation_state(self, new: QAbstractAnimation.State, _old: QAbstractAnimation.State) -> None:
        if new == QAbstractAnimation.State.Stopped and self.animation is self.sender():
            self.animation = None
            self._update_enabled()

    def _push(self, command: MoveNodes) -> bool:
        """Push the glided layout as one undo step, re-checked against the map as it is now."""
        window = self.window
        self.animation = None
        wf = window.wf
        if wf is None:
            return False
        ws = wf.workspace
        final = layout_command(ws, command.positions, command.text)
        ok = True
        if final is not None:
            ok = window.push(final)
        # Every node where the display has it now: the model's place, nudged apart when drawn
        # enlarged (where the glide ended), and nodes pinned or edited while the layout ran
        # back where the model has them.
        window.canvas.declutter.apply()
        window.scene.finish_routes()  # bend round the boxes what the glide drew straight
        if ok and final is not None:
            window.statusBar().showMessage(
                f"{final.text}: {len(final.positions)} nodes moved (Undo puts them back)", 6000
            )
        self._update_enabled()
        if self.on_step is not None:
            self.on_step()
        return True  # the positions are settled here: animate_then_push must not jump back

    def _cancelled(self) -> None:
        self.window.statusBar().showMessage("Layout cancelled: the map is unchanged", 4000)
        self._update_enabled()

    def _failed(self, message: str) -> None:
        self.window.statusBar().showMessage(f"Layout failed: {message}", 8000)
        self._update_enabled()
