"""File > Export Report…: the workshop report (PDF or HTML) through the current lens.

``write_report`` renders the insight panels as widgets, so it runs on the UI
thread; meanwhile the cursor is busy and each step shows in the status bar
(with ``processEvents`` so the window repaints).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from ..render.report_export import write_report

if TYPE_CHECKING:
    from .window_api import WindowApi

REPORT_FILTER = "PDF document (*.pdf);;Web page (*.html)"


def choose_report_path(parent: QWidget, suggested: str) -> str | None:
    path, chosen = QFileDialog.getSaveFileName(parent, "Export report", suggested, REPORT_FILTER)
    if not path:
        return None
    if Path(path).suffix.lower() not in (".pdf", ".html", ".htm"):
        path += ".html" if "html" in chosen else ".pdf"
    return path


class ReportExport:
    """The Export Report… action of one window."""

    def __init__(self, window: WindowApi) -> None:
        self.window = window
        #: (parent, suggested path) -> path or None. Tests replace it.
        self.choose_path: Callable[[QWidget, str], str | None] = choose_report_path
        self.action = QAction("Export &Report…", window)
        self.action.setToolTip("Write the workshop report (PDF or HTML) through the current lens")
        self.action.setStatusTip(self.action.toolTip())
        self.action.triggered.connect(lambda: self.export())
        window.menus.file.insertAction(window.menus.exchange_anchor, self.action)

    def export(self, path: str | None = None) -> Path | None:
        w = self.window
        if w.wf is None:
            return None
        if not path:
            suggested = str(Path(w.wf.path).with_name(f"{w.wf.workspace.title} report.pdf"))
            path = self.choose_path(w, suggested)
        if not path:
            return None
        status = w.statusBar()

        def progress(text: str) -> None:
            status.showMessage(f"Report: {text}…")
            QApplication.processEvents()

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = write_report(w.wf.workspace, path, view=w.view_state.view, progress=progress)
        except (OSError, ValueError) as exc:
            status.clearMessage()
            w.dialogs.error("Cannot write the report", str(exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        status.showMessage(f"Report written to {written.name}", 6000)
        return written
