"""Following another writer of the same .tmap file, and opening a file that is in use.

A file may be open for writing in two places (docs/architecture.md, "The workspace file"). The store checks
every command against the file's revision; this window extension polls the
file between commands (``PRAGMA data_version`` makes that a cheap call) so the
other writer's changes appear within a second, through the same model events
as the window's own edits, without losing the selection or the view.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from ..store import FileInUseError, WorkspaceFile, WorkspaceFileError
from ..store.sync import describe_changes

if TYPE_CHECKING:
    from .main_window import MainWindow

POLL_MS = 500


class FileWatch:
    """Polls the shown file for other writers' commits and takes them in."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.wf: WorkspaceFile | None = None
        self.timer = QTimer(window)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    def file_set(self, wf: object) -> None:
        self.wf = wf if isinstance(wf, WorkspaceFile) else None
        if self.wf is None:
            self.timer.stop()
        else:
            self.timer.start()

    def selection_changed(self, node_ids: list[str], relation_ids: list[str]) -> None:
        pass

    def settle(self, timeout_ms: int = 30_000) -> None:
        """Nothing of this feature is waited for: it follows other writers as they save."""

    def closing(self) -> None:
        self.timer.stop()
        self.wf = None

    def poll(self) -> list:
        """Take in what another writer committed; returns the changes (for tests)."""
        wf = self.wf
        if wf is None or wf is not self.window.wf:
            return []
        try:
            changed = wf.refresh()
        except (WorkspaceFileError, OSError, RuntimeError) as exc:
            self.window.statusBar().showMessage(f"Could not follow {Path(wf.path).name}: {exc}", 8000)
            return []
        if changed:
            who = wf.revised_by or "another window"
            self.window.statusBar().showMessage(
                f"Updated with changes by {who}: {describe_changes(changed, wf.workspace)}", 8000
            )
        return changed


def open_file(window: MainWindow, path: str) -> WorkspaceFile | None:
    """Open ``path``; if another open holds it for writing, ask: read-only, anyway, or cancel."""
    try:
        return window.app.open_path(path)
    except FileInUseError as exc:
        choice = window.dialogs.choose_in_use(str(exc))
        if choice is None:
            return None
        return window.app.open_path(path, in_use=choice)
