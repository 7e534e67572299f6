"""The few dialogs the window needs, behind one object so tests can replace it.

File choosers block (they are modal by nature), so tests swap ``FileDialogs``
for a stub that returns a path. Error boxes are window-modal and opened with
``open()``, which does not block, and always show plain text: the reason
comes from a file name or user text and must not be read as markup.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

FILE_FILTER = "tensionmap workspaces (*.tmap);;All files (*)"


class FileDialogs:
    """Ask for paths and report errors."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        #: The text of the last error shown (for tests and the status bar).
        self.last_error: str | None = None
        self.last_box: QMessageBox | None = None

    def open_path(self, start: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open workspace", start, FILE_FILTER)
        return path or None

    def save_path(self, suggested: str = "") -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, "Save workspace as", suggested, FILE_FILTER)
        if not path:
            return None
        if not Path(path).suffix:
            path += ".tmap"
        return path

    def choose_in_use(self, message: str) -> str | None:
        """A file is open for writing elsewhere: "read_only", "share" (open anyway) or None."""
        box = QMessageBox(QMessageBox.Icon.Question, "Workspace in use", message, parent=self.parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton("Open Anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(read_only)
        box.exec()
        clicked = box.clickedButton()
        return "read_only" if clicked is read_only else "share" if clicked is anyway else None

    def error(self, title: str, message: str) -> QMessageBox:
        """Show a one-line reason in a window-modal box that does not block the caller."""
        self.last_error = message
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self.parent
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        self.last_box = box
        return box
