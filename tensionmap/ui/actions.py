"""The window's actions, menus and toolbar, built in one place.

Standard shortcuts come from QKeySequence.StandardKey so each platform gets
its own; single-letter keys (S, D, C, Delete) only act while the canvas has
focus, so they never fire while typing in a dock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMenu

from .window_api import Menus

if TYPE_CHECKING:
    from .main_window import MainWindow


def _action(
    window: MainWindow,
    actions: dict[str, QAction],
    name: str,
    text: str,
    slot: object,
    shortcut: object = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        else:
            action.setShortcut(shortcut)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    actions[name] = action
    return action


def build_actions(window: MainWindow) -> dict[str, QAction]:
    """Every action of the window, by name (tests and menus look them up there)."""
    actions: dict[str, QAction] = {}
    key = QKeySequence.StandardKey

    def a(name: str, text: str, slot: object, shortcut: object = None, tip: str = "") -> QAction:
        return _action(window, actions, name, text, slot, shortcut, tip)

    a("new", "&New", window.new_workspace, key.New, "Start a new, empty workspace")
    a("open", "&Open…", window.open_workspace, key.Open, "Open a workspace file")
    a("open_example", "Open &Example", window.open_example, None, "Start a new workspace from the example")
    a("save_as", "Save &As…", window.save_as, key.SaveAs, "Save this workspace under a new name")
    a("close", "&Close", window.close, key.Close, "Close this window")
    a("quit", "&Quit", window.app.quit, key.Quit, "Quit tensionmap")
    undo = window.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(key.Undo)
    redo = window.undo_stack.createRedoAction(window, "&Redo")
    redo_keys = QKeySequence.keyBindings(key.Redo)
    for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):  # both habits, whatever the platform's default
        if QKeySequence(extra) not in redo_keys:
            redo_keys.append(QKeySequence(extra))
    redo.setShortcuts(redo_keys)
    actions["undo"], actions["redo"] = undo, redo
    a("copy", "&Copy", window.copy_selection, key.Copy)
    a("paste", "&Paste", window.paste, key.Paste)
    a("duplicate", "D&uplicate", window.duplicate, QKeySequence("Ctrl+D"))
    a("delete", "&Delete", window.delete_selected, [QKeySequence(key.Delete), QKeySequence("Backspace")])
    a("select_all", "Select &All", window.select_all, key.SelectAll)
    a("rename", "Re&name", window.rename_selected, QKeySequence("F2"))
    a("find", "&Find…", window.focus_find, key.Find, "Jump to a node by its label")
    a(
        "add_stakeholder",
        "Add &Stakeholder",
        lambda: window.add_node_at_pointer("stakeholder"),
        QKeySequence("S"),
        "Add a stakeholder where the pointer is (S)",
    )
    a(
        "add_driver",
        "Add &Driver",
        lambda: window.add_node_at_pointer("driver"),
        QKeySequence("D"),
        "Add a driver where the pointer is (D)",
    )
    connect = a(
        "connect_mode",
        "&Connect Mode",
        window.toggle_connect,
        QKeySequence("C"),
        "Drag from one node onto another to connect them (or Shift+drag any time)",
    )
    connect.setCheckable(True)
    for name in ("add_stakeholder", "add_driver", "connect_mode"):
        # single-letter keys only while the canvas has focus, never while typing elsewhere
        actions[name].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.canvas.addAction(actions[name])
    actions["delete"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    window.canvas.addAction(actions["delete"])
    window.outline.tree.addAction(actions["delete"])  # Delete also works on rows picked in the outline
    a(
        "zoom_in",
        "Zoom &In",
        lambda: window.canvas.zoom_by(1.25),
        [QKeySequence(key.ZoomIn), QKeySequence("Ctrl+=")],
    )
    a("zoom_out", "Zoom &Out", lambda: window.canvas.zoom_by(0.8), key.ZoomOut)
    a("zoom_reset", "Actual &Size", window.canvas.reset_zoom, QKeySequence("Ctrl+0"))
    a("fit", "&Fit Map", window.canvas.fit_map, QKeySequence("Ctrl+1"), "Fit the whole map in view")
    a("zoom_selection", "Zoom to &Selection", window.canvas.zoom_to_selection, QKeySequence("Ctrl+2"))
    return actions


def build_menus_and_toolbar(window: MainWindow) -> Menus:
    """The menus and the toolbar, with the find box: the ``Menus`` the window owns."""
    act = window.actions
    file_menu = window.menuBar().addMenu("&File")
    file_menu.addActions([act["new"], act["open"]])
    recent = QMenu("Open &Recent", window)
    recent.aboutToShow.connect(window.fill_recent_menu)
    file_menu.addMenu(recent)
    file_menu.addAction(act["open_example"])
    file_menu.addSeparator()
    file_menu.addActions([act["save_as"], act["close"]])
    # Features insert Import/Export/report entries before this separator.
    exchange_anchor = file_menu.addSeparator()
    file_menu.addAction(act["quit"])
    edit = window.menuBar().addMenu("&Edit")
    edit.addActions([act["undo"], act["redo"]])
    edit.addSeparator()
    edit.addActions([act["copy"], act["paste"], act["duplicate"], act["delete"]])
    edit.addSeparator()
    edit.addActions([act["select_all"], act["rename"], act["find"]])
    insert = window.menuBar().addMenu("&Insert")
    insert.addActions([act["add_stakeholder"], act["add_driver"], act["connect_mode"]])
    view = window.menuBar().addMenu("&View")
    view.addActions([act["zoom_in"], act["zoom_out"], act["zoom_reset"], act["fit"], act["zoom_selection"]])
    view.addSeparator()
    for dock in (window.outline_dock, window.inspector_dock, window.evidence_dock, window.history_dock):
        view.addAction(dock.toggleViewAction())
    bar = window.addToolBar("Main")
    bar.setObjectName("main-toolbar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.addActions([act["add_stakeholder"], act["add_driver"], act["connect_mode"], act["delete"]])
    bar.addSeparator()
    bar.addActions([act["undo"], act["redo"]])
    bar.addSeparator()
    bar.addActions([act["fit"], act["zoom_selection"]])
    bar.addSeparator()
    find_edit = QLineEdit()
    find_edit.setPlaceholderText("Find node (Ctrl+F)")
    find_edit.setClearButtonEnabled(True)
    find_edit.setMaximumWidth(260)
    find_edit.returnPressed.connect(window.find_next)
    bar.addWidget(find_edit)
    return Menus(
        file=file_menu,
        edit=edit,
        insert=insert,
        view=view,
        recent=recent,
        exchange_anchor=exchange_anchor,
        toolbar=bar,
        find_edit=find_edit,
    )
