"""A Qt application for headless work: exports and reports from the command line.

Rendering text or images needs a QApplication even when no window opens; it
lives here, below ui, so that the command line draws without loading ui.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtWidgets import QApplication


def install_quiet_messages() -> None:
    """Drop the offscreen platform's chatter; pass real Qt warnings through to stderr."""

    def handler(_mode: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def ensure_app() -> QApplication:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    install_quiet_messages()
    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else QApplication(["tensionmap"])
