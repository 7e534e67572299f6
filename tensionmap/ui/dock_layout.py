"""The one place that decides how big the window's docks are.

Features place their docks (``addDockWidget``, ``tabifyDockWidget``) but
never size them: they ask the window's ``DockLayout`` (``window.dock_layout``),
which holds every size and the rule that a layout the user saved and that was
restored is never overridden by a default.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

#: Width of the one dock column, on the right (inspector and outline, evidence, ...).
RIGHT_WIDTH = 320
#: The Tensions dock wants a wider right column: findings read as sentences with their paths.
TENSIONS_WIDTH = 380
#: Of the right column's height, the inspector's share when it stands above the Tensions dock.
INSPECTOR_SHARE = 2 / 5
#: Height of the insight panels under the map.
PANEL_HEIGHT = 290
#: The Room (ratings) panel: at least this tall, leaving this much of the window to the
#: rest of the column; the inspector above it keeps a strip.
ROOM_MIN_HEIGHT = 240
ROOM_LEAVES = 360
INSPECTOR_STRIP = 140
#: The Scenarios dock: room for its sliders and chart, and most of the column's height.
SCENARIO_WIDTH = 440
SCENARIO_HEIGHT_SHARE = 0.62

H, V = Qt.Orientation.Horizontal, Qt.Orientation.Vertical


class DockLayout:
    """Sizes the docks of one window."""

    def __init__(self, window: QMainWindow, inspector: QDockWidget, outline: QDockWidget) -> None:
        self.window = window
        self.inspector = inspector
        self.outline = outline
        #: A saved layout was put back: the defaults below leave it alone.
        self.restored = False

    def columns(self) -> None:
        """The dock column at its default width (after building or moving docks)."""
        self.window.resizeDocks([self.inspector], [RIGHT_WIDTH], H)

    def panels(self, first: QDockWidget) -> None:
        """The insight panels under the map at their default height."""
        self.window.resizeDocks([first], [PANEL_HEIGHT], V)

    def tensions(self, dock: QDockWidget) -> None:
        """Without a saved layout: a wider right column, and more height for the findings than
        for the (empty until something is selected) inspector."""
        window = self.window
        if self.restored or dock.isFloating() or dock.isHidden():
            return
        window.resizeDocks([dock], [TENSIONS_WIDTH], H)
        if window.dockWidgetArea(self.inspector) == window.dockWidgetArea(dock):
            height = self.inspector.height() + dock.height()
            top = round(height * INSPECTOR_SHARE)
            window.resizeDocks([self.inspector, dock], [top, height - top], V)

    def room(self, dock: QDockWidget) -> None:
        """The Room panel takes most of the right column; the inspector keeps a strip."""
        tall = max(ROOM_MIN_HEIGHT, self.window.height() - ROOM_LEAVES)
        self.window.resizeDocks([self.inspector, dock], [INSPECTOR_STRIP, tall], V)

    def scenarios(self, dock: QDockWidget) -> None:
        """The Scenarios dock when shown: wide enough for its chart, most of the column's height."""
        window = self.window
        window.resizeDocks([dock], [max(dock.width(), SCENARIO_WIDTH)], H)
        window.resizeDocks([dock], [int(window.height() * SCENARIO_HEIGHT_SHARE)], V)
