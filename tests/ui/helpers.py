"""Gesture and file helpers for the UI tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from tensionmap.model import Workspace
from tensionmap.store import WorkspaceFile


def reopen(path: Path) -> Workspace:
    """What the file holds now (read-only: the window under test has it open for writing)."""
    wf = WorkspaceFile.open(path, read_only=True)
    try:
        return wf.workspace
    finally:
        wf.close()


def node_pos(window, node_id: str) -> QPoint:
    """Viewport coordinates of a node's centre."""
    item = window.scene.node_items[node_id]
    return window.canvas.mapFromScene(item.pos())


def send_mouse(
    widget: QWidget,
    kind: QEvent.Type,
    pos: QPoint,
    button: Qt.MouseButton,
    buttons: Qt.MouseButton,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    global_pos = QPointF(widget.mapToGlobal(pos))
    event = QMouseEvent(kind, QPointF(pos), global_pos, button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def drag(
    widget: QWidget,
    start: QPoint,
    end: QPoint,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    steps: int = 8,
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
) -> None:
    """Press, move in steps with the button held, release: a person's drag."""
    none = Qt.MouseButton.NoButton
    send_mouse(widget, QEvent.Type.MouseButtonPress, start, button, button, modifiers)
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        send_mouse(widget, QEvent.Type.MouseMove, p, none, button, modifiers)
    send_mouse(widget, QEvent.Type.MouseButtonRelease, end, button, none, modifiers)
