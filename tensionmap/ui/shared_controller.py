"""Shared workspaces in the window: Open Shared…, Publish to Server…, live updates, History.

A window extension (see ``extensions``). While a shared workspace is shown,
a timer polls its listener (a field read, no query) and takes new revisions
from the journal into the map through the usual model events, so the
canvas, docks and panels follow and keep the selection and view. When the
connection drops the map turns read-only with a banner until the listener
is back, then catches up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction

from ..store import WorkspaceFileError
from ..store.server_connect import ServerError, redact
from ..store.shared import SharedWorkspace
from ..store.sync import describe_changes
from .history_dock import HistoryDock
from .shared_dialogs import ask_open_shared, ask_password, ask_publish

if TYPE_CHECKING:
    from .window_api import WindowApi

POLL_MS = 100
PASSWORD_HINTS = ("no password supplied", "password authentication failed", "fe_sendauth")
#: Window actions that change the map (as in ``MainWindow.set_file``).
EDITING = (
    "add_stakeholder",
    "add_driver",
    "connect_mode",
    "delete",
    "paste",
    "duplicate",
    "rename",
    "import_into",
)


class SharedController:
    def __init__(self, window: WindowApi) -> None:
        self.window = window
        self.sw: SharedWorkspace | None = None
        self.last_url = ""
        self._connected = True
        #: Dialogs (tests replace them): (parent, url[, name]) -> (url, name) or None;
        #: (parent, where) -> password or None.
        self.ask_open: Callable = ask_open_shared
        self.ask_publish: Callable = ask_publish
        self.ask_password: Callable = ask_password
        self.open_action = QAction("Open S&hared…", window)
        self.open_action.setToolTip("Open a workspace shared on a PostgreSQL server")
        self.open_action.triggered.connect(lambda: self.open_shared())
        self.publish_action = QAction("&Publish to Server…", window)
        self.publish_action.setToolTip(
            "Copy this map to a PostgreSQL server and work on it there with others"
        )
        self.publish_action.triggered.connect(lambda: self.publish())
        menu, anchor = window.menus.file, window.menus.exchange_anchor
        menu.insertSeparator(anchor)
        menu.insertAction(anchor, self.open_action)
        menu.insertAction(anchor, self.publish_action)
        window.actions.update(open_shared=self.open_action, publish=self.publish_action)
        self.history = HistoryDock(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history)
        window.tabifyDockWidget(window.history_dock, self.history)  # beside the Undo history
        self.history.hide()
        window.menus.view.addAction(self.history.toggleViewAction())
        self.timer = QTimer(window)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    # ------------------------------------------------------------ opening
    def _with_password(self, url: str, action: Callable[[str | None], SharedWorkspace]) -> SharedWorkspace:
        try:
            return action(None)
        except ServerError as exc:
            if not any(h in str(exc) for h in PASSWORD_HINTS):
                raise
        password = self.ask_password(self.window, redact(url))
        if password is None:
            raise ServerError(f"{redact(url)}: a password is needed")
        return action(password)

    def open_shared(self, url: str | None = None, name: str | None = None) -> bool:
        if url is None or name is None:
            answer = self.ask_open(self.window, self.last_url)
            if answer is None:
                return False
            url, name = answer
        try:
            sw = self._with_password(
                url, lambda pw: SharedWorkspace.open(url, name, listen=True, password=pw)
            )
        except WorkspaceFileError as exc:
            self.window.dialogs.error("Cannot open the shared workspace", str(exc))
            return False
        self.last_url = url
        sw.listener.wait_connected(2.0)  # type: ignore[union-attr]
        self.window.set_file(sw)  # type: ignore[arg-type]
        return True

    def publish(self, url: str | None = None, name: str | None = None) -> bool:
        w = self.window
        if w.wf is None:
            return False
        if url is None or name is None:
            answer = self.ask_publish(w, self.last_url, w.wf.workspace.title)
            if answer is None:
                return False
            url, name = answer
        from ..store.shared_admin import publish

        ws = w.wf.workspace
        try:
            self._with_password(url, lambda pw: publish(ws, url, name, pw)).close()
        except WorkspaceFileError as exc:
            w.dialogs.error("Cannot publish", str(exc))
            return False
        w.statusBar().showMessage(f"Published as {name!r} on {redact(url)}", 5000)
        return self.open_shared(url, name)

    # -------------------------------------------------------------- hooks
    def file_set(self, wf: object) -> None:
        self.sw = wf if isinstance(wf, SharedWorkspace) else None
        self.publish_action.setEnabled(self.sw is None)
        if self.sw is None:
            self.timer.stop()
            self.history.show_message("History is kept for shared workspaces (File > Open Shared…).")
            return
        self._connected = self.sw.connected
        self.history.show()
        self.history.raise_()
        self._show_history()
        self._show_state()
        self.timer.start()

    def selection_changed(self, node_ids: list[str], relation_ids: list[str]) -> None:
        pass

    def settle(self, timeout_ms: int = 30_000) -> None:
        """Nothing of this feature is waited for: it follows other writers as they save."""

    def closing(self) -> None:
        self.timer.stop()
        self.sw = None

    # ---------------------------------------------------------- following
    def poll(self) -> None:
        sw = self.sw
        if sw is None or sw is not self.window.wf:
            self.timer.stop()
            return
        if sw.connected != self._connected:
            self._connected = sw.connected
            self._show_state()
        if not sw.connected:
            return
        if sw.is_stale():
            try:
                changed = sw.refresh()
            except WorkspaceFileError as exc:
                self.window.statusBar().showMessage(str(exc), 8000)
                return
            if changed:
                self.window.statusBar().showMessage(
                    f"Updated with changes by {sw.revised_by}: {describe_changes(changed, sw.workspace)}",
                    8000,
                )
        if self.history.shown_revision != sw.revision and self.history.isVisible():
            self._show_history()

    def _show_history(self) -> None:
        sw = self.sw
        if sw is None:
            return
        try:
            self.history.show_entries(sw.history(), sw.revision)
        except WorkspaceFileError as exc:
            self.history.show_message(str(exc))

    def _show_state(self) -> None:
        """Banner and editing follow the connection and the role's rights."""
        sw, w = self.sw, self.window
        if sw is None:
            return
        read_only = sw.read_only
        w.banner.setText(sw.banner)
        w.banner.setVisible(bool(sw.banner))
        w.canvas.editable = not read_only
        w.scene.set_movable(not read_only)
        w.inspector.set_read_only(read_only)
        for name in EDITING:
            if name in w.actions:
                w.actions[name].setEnabled(not read_only)
        w.update_title()
