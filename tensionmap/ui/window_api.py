"""What a window feature may use of the main window: a typed interface.

Controllers (the tension tools, import/export, the insight features; see
``ui/extensions.py``) receive the window as a ``WindowApi``, never as
``MainWindow``: what they may touch is listed here, and nothing private. The
window owns its menus (``Menus``) and the view the canvas shows
(``ViewState``, with a signal). ``tests/ui/test_window_api.py`` checks that
``MainWindow`` implements the protocol.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLayout, QLineEdit, QMenu, QMenuBar, QStatusBar, QToolBar

from ..analysis.lens_view import LensView
from ..commands import Command
from ..store import WorkspaceFile

if TYPE_CHECKING:
    from ..render import MapScene
    from .app import Application
    from .canvas import CanvasView
    from .dialogs import FileDialogs
    from .dock_layout import DockLayout


@dataclass
class Menus:
    """The window's menus and main toolbar; features add their entries to these."""

    file: QMenu
    edit: QMenu
    insert: QMenu
    view: QMenu
    recent: QMenu
    #: The File menu separator before which import, export and report entries go.
    exchange_anchor: QAction
    toolbar: QToolBar
    find_edit: QLineEdit


class ViewState(QObject):
    """What the canvas shows now: a lens view, or None for the whole map.

    The insight features set it; the exports and the report read it, so a
    diagram shows what the room sees. ``changed`` carries the new view.
    """

    changed = Signal(object)  # LensView | None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view: LensView | None = None

    @property
    def view(self) -> LensView | None:
        return self._view

    def set(self, view: LensView | None) -> None:
        if view is not self._view:
            self._view = view
            self.changed.emit(view)


@runtime_checkable
class WindowApi(Protocol):
    """The main window as its features see it: everything a controller may use."""

    app: Application  # data_dir, windows, settings
    scene: MapScene
    canvas: CanvasView
    undo_stack: QUndoStack
    dialogs: FileDialogs
    actions: dict[str, QAction]  # by name; features add theirs
    menus: Menus
    view_state: ViewState
    outline_dock: QDockWidget
    inspector_dock: QDockWidget
    evidence_dock: QDockWidget
    history_dock: QDockWidget
    #: A saved window layout was put back: default dock sizes must not override it.
    layout_restored: bool
    #: Every dock size is decided there (ui/dock_layout.py); features never resize docks.
    dock_layout: DockLayout

    @property
    def wf(self) -> WorkspaceFile | None: ...

    def push(self, command: Command) -> bool:
        """Every change goes through here: one undo step, written to the file."""
        ...

    def set_file(self, wf: WorkspaceFile) -> None:
        """Show ``wf`` in this window (closing the file shown before)."""
        ...

    def show_status(self, text: str, timeout_ms: int = 0) -> None: ...

    def update_title(self) -> None:
        """Show the workspace and where it lives in the title bar (after a rename or a publish)."""
        ...

    def other_files(self) -> list[WorkspaceFile]:
        """The files shown in the application's other windows."""
        ...

    # QMainWindow, as the features use it (toolbars, docks, full screen)
    def statusBar(self) -> QStatusBar: ...
    def menuBar(self) -> QMenuBar: ...
    def addAction(self, action: QAction) -> None: ...
    def addToolBar(self, *args: Any) -> Any: ...
    def addToolBarBreak(self, area: Qt.ToolBarArea = ...) -> None: ...
    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...
    def tabifyDockWidget(self, first: QDockWidget, second: QDockWidget) -> None: ...
    def tabifiedDockWidgets(self, dock: QDockWidget) -> list[QDockWidget]: ...
    def dockWidgetArea(self, dock: QDockWidget) -> Qt.DockWidgetArea: ...
    def setCorner(self, corner: Qt.Corner, area: Qt.DockWidgetArea) -> None: ...
    def findChild(self, *args: Any) -> Any: ...
    def findChildren(self, *args: Any) -> list[Any]: ...
    def height(self) -> int: ...
    def installEventFilter(self, watcher: QObject) -> None: ...
    def layout(self) -> QLayout: ...
    def isVisible(self) -> bool: ...
    def saveState(self) -> QByteArray: ...
    def restoreState(self, state: QByteArray) -> bool: ...
    def saveGeometry(self) -> QByteArray: ...
    def restoreGeometry(self, geometry: QByteArray) -> bool: ...
    def windowState(self) -> Qt.WindowState: ...
    def setWindowState(self, state: Qt.WindowState) -> None: ...
    def showFullScreen(self) -> None: ...
    def showMaximized(self) -> None: ...
    def showNormal(self) -> None: ...
