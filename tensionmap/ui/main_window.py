"""The main window: canvas in the middle, docks around it, menus and toolbar.

The window holds no model logic: every edit becomes a command pushed through
the ``UndoAdapter`` (applied and written to the file in one go), and the
scene, outline, inspector and panels follow the workspace's change events.
File operations go through the ``Application`` (the composition root), which
knows where untitled files live and keeps settings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QDockWidget,
    QLabel,
    QMainWindow,
    QScrollArea,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from ..commands import AddEntity, Command, UpdateEntity, delete_selection, move_nodes, update_relation
from ..commands import add_relation as add_relation_command
from ..model import Change, Node, Relation, new_id
from ..render import MapScene
from ..store import WorkspaceFile, WorkspaceFileError
from .actions import build_actions, build_menus_and_toolbar
from .canvas import CanvasView
from .clipboard import MIME_TYPE, mime_for, paste_command
from .dialogs import FileDialogs
from .dock_layout import DockLayout
from .evidence_panel import EvidencePanel
from .extensions import install_extensions
from .inspector import MAX_LABEL, Inspector
from .outline import Outline
from .undo import UndoAdapter
from .window_api import ViewState

if TYPE_CHECKING:
    from .app import Application

DEFAULT_SIZE = (1400, 900)
BULK_STEP = 50  # commands touching more items than this mirror with the BSP index off
NEW_LABELS = {"stakeholder": "New stakeholder", "driver": "New driver"}
READ_ONLY_TEXT = "This workspace is open read-only: it was written by a newer version of tensionmap."


class _MirroredFile:
    """The workspace file as the undo stack sees it: each step is mirrored as one batch.

    Big steps (deleting or moving many items, a paste) also switch the scene's
    BSP index off while the scene follows them.
    """

    def __init__(self, wf: WorkspaceFile, scene: MapScene) -> None:
        self.wf = wf
        self.scene = scene

    def execute(self, command: Command) -> None:
        with self.scene.batch(many=command.size > BULK_STEP):
            self.wf.execute(command)

    def undo(self, command: Command) -> None:
        with self.scene.batch(many=command.size > BULK_STEP):
            self.wf.undo(command)


class MainWindow(QMainWindow):
    """One workspace file in one window."""

    def __init__(self, app: Application, wf: WorkspaceFile | None = None) -> None:
        super().__init__()
        self.app = app
        self.wf: WorkspaceFile | None = None
        self.dialogs = FileDialogs(self)
        self._unsubscribe = None
        self._find_from = 0
        self._fresh_node: tuple[str, int] | None = None  # (node id, undo index) while it is being named
        self.setObjectName("tensionmap-main")
        self.setWindowTitle("tensionmap")
        self.undo_stack = QUndoStack(self)
        self.undo = UndoAdapter(self.undo_stack, None, self._report_error)
        self.scene = MapScene(parent=self)
        self.canvas = CanvasView(self.scene)
        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background:#FFF3CD; color:#5C4400; padding:6px 10px; border-bottom:1px solid #E0C97A;"
        )
        self.banner.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.canvas)
        self.setCentralWidget(central)
        self._build_docks()
        self.actions: dict[str, QAction] = build_actions(self)
        self.menus = build_menus_and_toolbar(self)
        self.view_state = ViewState(self)  # what the canvas shows: set by the lenses, read by exports
        self._connect_canvas()
        self.extensions = install_extensions(self)
        self.statusBar().showMessage("Ready")
        #: A saved window layout was put back: default dock sizes must not override it.
        self.layout_restored = app.settings.restore_window(self)
        self.dock_layout.restored = self.layout_restored
        if not self.layout_restored:
            self.place_on_screen()
        if wf is not None:
            self.set_file(wf)

    # ------------------------------------------------------------- layout
    def place_on_screen(self) -> None:
        """The first window: 1400x900, or less so it fits the screen's free area (a 1366x768 laptop)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            self.resize(*DEFAULT_SIZE)
            return
        free = screen.availableGeometry()
        frame = 32  # title bar and borders the window manager adds
        w = min(DEFAULT_SIZE[0], free.width() - 8)
        h = min(DEFAULT_SIZE[1], free.height() - frame)
        self.resize(w, h)
        self.move(
            free.left() + (free.width() - w) // 2, free.top() + max(0, (free.height() - h - frame) // 2)
        )

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.inspector = Inspector(self.push)
        self.outline = Outline(self._select_from_outline)
        self.evidence_panel = EvidencePanel()
        self.undo_view = QUndoView(self.undo_stack)
        self.undo_view.setEmptyLabel("Opened")
        right = Qt.DockWidgetArea.RightDockWidgetArea
        # One column on the right, as in Kumu or yEd: the map keeps the rest of the window.
        scroller = QScrollArea()  # a laptop's short window still fits: the form scrolls
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setWidget(self.inspector)
        self.inspector_dock = self._dock("Inspector", "inspector", scroller, right)
        self.outline_dock = self._dock("Outline", "outline", self.outline, right)
        self.tabifyDockWidget(self.inspector_dock, self.outline_dock)
        self.inspector_dock.raise_()
        self.evidence_dock = self._dock("Evidence and questions", "evidence", self.evidence_panel, right)
        self.history_dock = self._dock("Undo history", "history", self.undo_view, right)
        self.tabifyDockWidget(self.evidence_dock, self.history_dock)
        self.evidence_dock.raise_()
        self.dock_layout = DockLayout(self, self.inspector_dock, self.outline_dock)
        self.dock_layout.columns()

    def _connect_canvas(self) -> None:
        c = self.canvas
        c.add_node_requested.connect(self.add_node)
        c.move_requested.connect(self._move_nodes)
        c.rename_requested.connect(self.rename_node)
        c.rename_finished.connect(self._forget_fresh_node)
        c.connect_requested.connect(self.connect_nodes)
        c.retype_requested.connect(lambda key, t: self.push(update_relation(key, type=t)))
        c.delete_requested.connect(self.delete_selected)
        c.zoom_changed.connect(lambda z: self.statusBar().showMessage(f"Zoom {z * 100:.0f}%", 2000))
        self.scene.selectionChanged.connect(self._selection_changed)
        self.scene.mirrored.connect(self._mirrored)

    # -------------------------------------------------------------- files
    def set_file(self, wf: WorkspaceFile) -> None:
        """Show ``wf`` in this window (closing the file shown before)."""
        old = self.wf
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.canvas.finish_rename(apply=False)
        self.wf = wf
        self.undo.target = _MirroredFile(wf, self.scene)
        self.undo_stack.clear()
        ws = wf.workspace
        self.scene.attach(ws)
        self.outline.set_workspace(ws)
        self.evidence_panel.set_workspace(ws)
        self.inspector.show_selection(ws, [], [])
        self._unsubscribe = ws.subscribe(self._workspace_changed)
        read_only = bool(wf.read_only)
        notice = getattr(wf, "notice", "") or ""
        self.banner.setText(notice if read_only and notice else READ_ONLY_TEXT if read_only else notice)
        self.banner.setVisible(bool(read_only or notice))
        self.canvas.editable = not read_only
        self.scene.set_movable(not read_only)
        self.inspector.set_read_only(read_only)
        for name in (
            "add_stakeholder",
            "add_driver",
            "connect_mode",
            "delete",
            "paste",
            "duplicate",
            "rename",
        ):
            self.actions[name].setEnabled(not read_only)
        self.update_title()
        self.app.file_opened(wf)
        for extension in self.extensions:
            extension.file_set(wf)
        if old is not None and old is not wf:
            old.close()
        QTimer.singleShot(0, self.canvas.fit_map)
        self.canvas.fit_map()

    def update_title(self) -> None:
        if self.wf is None:
            self.setWindowTitle("tensionmap")
            return
        suffix = " (read-only)" if self.wf.read_only else ""
        where = getattr(self.wf, "display_name", None) or Path(self.wf.path).name  # shared: name on server
        self.setWindowTitle(f"{self.wf.workspace.title} — {where}{suffix} — tensionmap")

    def _open(self, make: Callable[[], WorkspaceFile], what: str) -> bool:
        try:
            wf = make()
        except (WorkspaceFileError, OSError) as exc:
            self.dialogs.error(f"Cannot {what}", str(exc))
            return False
        if wf is None:  # the user cancelled (a file in use elsewhere)
            return False
        self.set_file(wf)
        return True

    def new_workspace(self) -> bool:
        return self._open(self.app.new_untitled, "create a workspace")

    def open_example(self) -> bool:
        return self._open(self.app.new_from_example, "open the example")

    def open_workspace(self, path: str | None = None) -> bool:
        if not path:
            start = str(Path(self.wf.path).parent) if self.wf else ""
            path = self.dialogs.open_path(start)
        if not path:
            return False
        from .file_watch import open_file

        return self._open(lambda: open_file(self, path), "open the workspace")

    def open_recent(self, path: str) -> bool:
        """Open a recent file; one that is gone or broken leaves the list."""
        if self.open_workspace(path):
            return True
        self.app.settings.remove_recent(path)
        return False

    def save_as(self, path: str | None = None) -> bool:
        if self.wf is None:
            return False
        if not path:
            path = self.dialogs.save_path(
                str(Path(self.wf.path).with_name(f"{self.wf.workspace.title}.tmap"))
            )
        if not path:
            return False
        try:
            self.wf.save_as(path)
        except (WorkspaceFileError, OSError) as exc:
            self.dialogs.error("Cannot save", str(exc))
            return False
        self.app.file_opened(self.wf)
        self.update_title()
        self.statusBar().showMessage(f"Saved as {Path(path).name}", 5000)
        return True

    def fill_recent_menu(self) -> None:
        """Fill File > Open Recent (just before it shows)."""
        recent = self.menus.recent
        recent.clear()
        files = self.app.settings.recent_files()
        for path in files:
            action = recent.addAction(Path(path).name)
            action.setToolTip(path)
            action.setData(path)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if not files:
            recent.addAction("No recent files").setEnabled(False)
        else:
            recent.addSeparator()
            recent.addAction("Clear Menu").triggered.connect(self.app.settings.clear_recent)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.canvas.finish_rename(apply=True)
        for extension in self.extensions:
            extension.closing()
        self.app.settings.save_window(self)
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.outline.set_workspace(None)
        self.evidence_panel.set_workspace(None)
        self.scene.detach()
        if self.wf is not None:
            self.wf.close()
        self.app.window_closed(self)
        super().closeEvent(event)

    # ------------------------------------------------------------ editing
    def push(self, command: Command) -> bool:
        """Every change goes through here: one undo step, written to the file."""
        return self.undo.push(command)

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def other_files(self) -> list[WorkspaceFile]:
        """The files shown in the application's other windows."""
        return [w.wf for w in self.app.windows if w is not self and w.wf is not None]

    def settle(self, timeout_ms: int = 30_000) -> None:
        """Wait until background work that shows in the window is in (screenshots, tests)."""
        for extension in self.extensions:
            extension.settle(timeout_ms)

    def _report_error(self, exc: Exception) -> None:
        self.statusBar().showMessage(str(exc), 8000)

    def add_node_at_pointer(self, kind: str) -> str | None:
        return self.add_node(kind, self.canvas.pointer_scene_pos())

    def add_node(self, kind: str, pos: QPointF) -> str | None:
        """Add a node and open its label for typing: adding and naming it is one undo step."""
        node = Node(new_id(), kind, NEW_LABELS[kind], x=round(pos.x(), 1), y=round(pos.y(), 1))
        if not self.push(AddEntity("nodes", node, f"Add {kind} {node.label}")):
            return None
        self._fresh_node = (node.id, self.undo_stack.index())
        self.scene.select_ids([node.id])
        self.canvas.start_rename(node.id)
        return node.id

    def rename_node(self, key: str, text: str) -> bool:
        """Rename a node (history: "Rename <label>"); naming a node just added folds into its
        "Add <kind> <label>" step, so adding and naming is undone in one go."""
        if self.wf is None or not self.wf.workspace.has("nodes", key):
            return False
        if len(text) > MAX_LABEL:
            self.statusBar().showMessage(f"Label cut to {MAX_LABEL} characters (it had {len(text)}).", 8000)
            text = text[:MAX_LABEL].rstrip()
        node = self.wf.workspace.node(key)
        fresh, self._fresh_node = self._fresh_node, None
        stack = self.undo_stack
        if fresh == (key, stack.index()) and stack.index() == stack.count():
            stack.undo()  # take the unnamed node back out, then add it named, as one step
            named = dataclasses.replace(node, label=text)
            if self.push(AddEntity("nodes", named, f"Add {node.kind} {text}")):
                self.scene.select_ids([key])
                return True
            stack.redo()  # refused: the node stays as it was added
            return False
        return self.push(UpdateEntity("nodes", key, f"Rename {text}", label=text))

    def _forget_fresh_node(self) -> None:
        self._fresh_node = None

    def connect_nodes(self, source: str, target: str, relation_type: str) -> str | None:
        rel = Relation(new_id(), source, target, relation_type)
        if not self.push(add_relation_command(rel)):
            return None
        self.scene.select_ids([], [rel.id])
        return rel.id

    def _move_nodes(self, positions: dict) -> None:
        if not self.push(move_nodes(positions)) and self.wf is not None:
            # refused (read-only): put the items back where the model has them
            ws = self.wf.workspace
            for key in positions:
                if ws.has("nodes", key):
                    node = ws.node(key)
                    self.scene.node_items[key].setPos(node.x, node.y)
            self.scene.nodes_moved(positions)
            self.canvas.declutter.apply()  # and nudged apart again where they are drawn enlarged

    def delete_selected(self) -> None:
        if self.wf is None or not self.canvas.editable:
            return
        nodes, rels = self.scene.selected_ids()
        if nodes or rels:
            self.push(delete_selection(self.wf.workspace, nodes, rels))

    def select_all(self) -> None:
        self.scene.ensure_hit_items()
        self.scene.select_ids(list(self.scene.node_items), list(self.scene.relation_items))

    def rename_selected(self) -> None:
        nodes, _ = self.scene.selected_ids()
        if len(nodes) == 1:
            self.canvas.start_rename(nodes[0])

    def copy_selection(self) -> None:
        if self.wf is None:
            return
        nodes, rels = self.scene.selected_ids()
        if nodes:
            QApplication.clipboard().setMimeData(mime_for(self.wf.workspace, nodes, rels))

    def paste(self) -> None:
        data = QApplication.clipboard().mimeData()
        if data is not None and data.hasFormat(MIME_TYPE):
            self._paste_payload(bytes(data.data(MIME_TYPE)).decode("utf-8"))

    def duplicate(self) -> None:
        if self.wf is None:
            return
        nodes, rels = self.scene.selected_ids()
        if nodes:
            self._paste_payload(
                mime_for(self.wf.workspace, nodes, rels).data(MIME_TYPE).data().decode("utf-8")
            )

    def _paste_payload(self, payload: str) -> None:
        if self.wf is None:
            return
        made = paste_command(self.wf.workspace, payload)
        if made is not None and self.push(made[0]):
            self.scene.select_ids(made[1])

    def toggle_connect(self, on: bool) -> None:
        self.canvas.connect_mode = bool(on)
        self.statusBar().showMessage(
            "Connect mode: drag from one node onto another" if on else "Connect mode off", 4000
        )

    # ---------------------------------------------------------- find
    def focus_find(self) -> None:
        if self.wf is not None:
            labels = sorted({n.label for n in self.wf.workspace.nodes.values()}, key=str.casefold)
            completer = QCompleter(labels, self.menus.find_edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.activated.connect(lambda _text: self.find_next())
            self.menus.find_edit.setCompleter(completer)
        self.menus.find_edit.setFocus()
        self.menus.find_edit.selectAll()

    def find_next(self) -> str | None:
        """Select and centre the next node whose label contains the find text."""
        if self.wf is None:
            return None
        needle = self.menus.find_edit.text().strip().casefold()
        if not needle:
            return None
        nodes = sorted(self.wf.workspace.nodes.values(), key=lambda n: n.label.casefold())
        hits = [n for n in nodes if needle in n.label.casefold()]
        exact = [n for n in hits if n.label.casefold() == needle]
        if not hits:
            self.statusBar().showMessage(f"No node matches {self.menus.find_edit.text()!r}", 4000)
            return None
        node = exact[0] if exact and self._find_from == 0 else hits[self._find_from % len(hits)]
        self._find_from += 1
        self.scene.select_ids([node.id])
        self.canvas.centre_on_node(node.id)
        return node.id

    # ------------------------------------------------------------ syncing
    def _selection_changed(self) -> None:
        if not self.scene.selection_settled():
            return  # a command is being mirrored: react once, when it is done
        nodes, rels = self.scene.selected_ids()
        self.inspector.show_selection(self.wf.workspace if self.wf else None, nodes, rels)
        self.outline.show_selection(nodes + rels)
        for extension in self.extensions:
            extension.selection_changed(nodes, rels)

    def _select_from_outline(self, nodes: list[str], rels: list[str]) -> None:
        self.scene.select_ids(nodes, rels)
        if len(nodes) == 1 and not rels:
            self.canvas.centre_on_node(nodes[0])

    def _mirrored(self, collection: str, key: str) -> None:
        if key in (self.inspector.node_id, self.inspector.relation_id):
            self.inspector.refresh()

    def _workspace_changed(self, change: Change) -> None:
        if change.collection == "info":
            self.update_title()
