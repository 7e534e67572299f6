"""Small widgets that live on top of the canvas viewport.

They are child widgets rather than scene items so they stay put and crisp
while the map pans and zooms.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter
from PySide6.QtWidgets import QLineEdit, QWidget

from ..render import legend_size, paint_legend, style


class LegendOverlay(QWidget):
    """The map key, fixed in the corner of ``area`` (the canvas viewport).

    It is a child of the view, not of the viewport: scrolling the viewport
    moves the viewport's children along with the picture.
    """

    def __init__(self, parent: QWidget, area: QWidget) -> None:
        super().__init__(parent)
        self.area = area
        w, h = legend_size()
        self.setFixedSize(int(w) + 2, int(h) + 2)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        area.installEventFilter(self)  # follow the viewport's own resizes, whoever causes them
        self.place()

    def place(self, margin: int = 12) -> None:
        """Sit in the bottom-right corner of the area, above it."""
        corner = self.area.geometry().bottomRight()
        self.move(corner.x() - self.width() - margin + 1, corner.y() - self.height() - margin + 1)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.area and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.place()
        return False

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        paint_legend(painter, QPointF(0.5, 0.5))
        painter.end()


class LabelEditor(QLineEdit):
    """In-place label editor: ``finished(True)`` on Enter or focus loss, ``finished(False)`` on Escape."""

    finished = Signal(bool)

    def __init__(self, parent: QWidget, text: str, over: QRect) -> None:
        super().__init__(parent)
        self._done = False
        self.setText(text)
        self.selectAll()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFont(style.label_font())
        width = max(over.width(), 220)
        self.setGeometry(over.center().x() - width // 2, over.center().y() - 16, width, 32)
        self.returnPressed.connect(lambda: self._finish(True))

    def _finish(self, apply: bool) -> None:
        if not self._done:
            self._done = True
            self.finished.emit(apply)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._finish(False)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._finish(True)
