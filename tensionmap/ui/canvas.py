"""The canvas view: turns mouse and keyboard gestures into requests.

The view never touches the model. It emits signals (add a node here, move
these nodes, connect these two, rename this one) that the main window turns
into commands on the undo stack; the scene then mirrors the model.

Gestures:
- plain drag on the background: rubber-band selection (Ctrl adds to it)
- drag a node: move it (and the rest of the selection); written on release
- Shift+drag from a node onto another, or any drag in connect mode: connect,
  then pick the relation type from a menu
- middle-button drag, or hold Space and drag: pan
- wheel, Ctrl+plus/minus: zoom around the pointer
- double-click a node: rename it in place
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QCursor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsView, QLineEdit, QMenu, QWidget

from ..model import RELATION_SIGNS
from ..render import MapScene, NodeItem, RelationItem, style
from .canvas_fit import FLOOR_MAX_NODES, LABEL_TARGET_PX, MAX_NODE_SCALE, FittingView
from .canvas_widgets import LabelEditor, LegendOverlay, relation_icon, relation_tip
from .declutter import Declutter

RELATION_TYPES: tuple[str, ...] = tuple(RELATION_SIGNS)
#: How each relation type reads at a glance in the chooser: sign symbol and the words.
SIGN_CUES = {1: "+", -1: "\u2212", 0: "\u25cb"}


def relation_word(relation_type: str) -> str:
    return relation_type.replace("_", " ")


def relation_choice_text(relation_type: str) -> str:
    """``+ supports``, ``− opposes``, ``⟂ in tension with``, ``○ related``: the sign before the word."""
    sign = RELATION_SIGNS[relation_type]
    cue = "\u27c2" if relation_type == "in_tension_with" else SIGN_CUES[sign]
    return f"{cue}  {relation_word(relation_type)}"


class CanvasView(FittingView):
    """The workshop canvas over a MapScene."""

    add_node_requested = Signal(str, QPointF)  # kind, scene position
    move_requested = Signal(dict)  # {node id: (x, y)}
    rename_requested = Signal(str, str)  # node id, new label
    rename_finished = Signal()  # the in-place editor closed (applied or not)
    connect_requested = Signal(str, str, str)  # source id, target id, relation type
    retype_requested = Signal(str, str)  # relation id, new type
    delete_requested = Signal()
    zoom_changed = Signal(float)
    #: Nodes were placed again (enlarged nodes nudged apart): overlays follow.
    nodes_placed = Signal()

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.map_scene = scene
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.legend = LegendOverlay(self, self.viewport())
        self.editable = True
        self.connect_mode = False
        #: Builds extra context-menu entries: (menu, item under pointer or None, scene pos).
        self.context_menu_hook: Callable[[QMenu, object, QPointF], None] | None = None
        #: The last menu shown (context or relation type); tests pick actions from it.
        self.last_menu: QMenu | None = None
        self.rename_editor: QLineEdit | None = None
        self._renaming: str | None = None
        self._pan_from: QPoint | None = None
        self._space = False
        self._connect_from: NodeItem | None = None
        self._connect_line: QGraphicsLineItem | None = None
        self._drag_start: dict[str, tuple[float, float]] | None = None
        #: Labels stay at least this many pixels tall (presentation mode raises it) ...
        self.label_target_px = LABEL_TARGET_PX
        #: ... with nodes drawn up to this many times their natural size.
        self.max_node_scale = MAX_NODE_SCALE
        self.declutter = Declutter(scene, FLOOR_MAX_NODES)
        self.declutter.placed = self._nodes_placed
        scene.placer = self.declutter.place
        #: True once the user zoomed by hand: then the map is no longer re-fitted by itself.
        self.user_zoomed = False
        #: How the map is fitted again after a resize (presentation fits the lens instead).
        self.refit: Callable[[], None] = self.fit_map
        self._fitted: tuple[QRectF | None, tuple[int, int]] = (None, (0, 0))
        #: Pixels at the top of the viewport the fit leaves free (presentation's title).
        self.reserved_top = 0
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(0)
        self._refit_timer.timeout.connect(self._refit_if_resized)
        scene.mirrored.connect(self._map_changed)
        self.legend.changed.connect(self._legend_changed)

    # ---------------------------------------------------------- geometry
    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)
        self._place_legend()
        self.update_scene_rect()
        if not self.user_zoomed and self.map_scene.node_items:
            self._refit_timer.start()  # maximised, restored, docks moved: fit again, once

    def _place_legend(self) -> None:
        self.legend.place()

    def pointer_scene_pos(self) -> QPointF:
        """Where new things go: under the pointer if it is over the canvas, else the centre."""
        pointer = self.viewport().mapFromGlobal(QCursor.pos())
        if not self.viewport().rect().contains(pointer):
            pointer = self.viewport().rect().center()
        return self.mapToScene(pointer)

    # ------------------------------------------------------------ lookup
    def node_at(self, pos: QPoint) -> NodeItem | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def item_at(self, pos: QPoint) -> NodeItem | RelationItem | None:
        for item in self.items(pos):
            if isinstance(item, (NodeItem, RelationItem)):
                return item
        return None

    # ------------------------------------------------------------- mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space
        ):
            self._pan_from = pos
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and self.editable:
            node = self.node_at(pos)
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if node is not None and (shift or self.connect_mode):
                self._start_connect(node)
                event.accept()
                return
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.node_at(pos) is not None and self.editable:
            self._drag_start = {
                item.node_id: (item.pos().x(), item.pos().y())
                for item in self.map_scene.selectedItems()
                if isinstance(item, NodeItem)
            }
            self.declutter.dragging = bool(self._drag_start)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._pan_from is not None:
            delta = pos - self._pan_from
            self._pan_from = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        if self._connect_from is not None and self._connect_line is not None:
            start = self._connect_from.pos()
            self._connect_line.setLine(start.x(), start.y(), *self._scene_xy(pos))
            event.accept()
            return
        super().mouseMoveEvent(event)
        if self._drag_start:
            if not self.map_scene.show_grid:
                self.map_scene.show_grid = True
                self.map_scene.update()
            self.map_scene.nodes_moved(self._drag_start)

    def _scene_xy(self, pos: QPoint) -> tuple[float, float]:
        p = self.mapToScene(pos)
        return p.x(), p.y()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._pan_from is not None and event.button() in (
            Qt.MouseButton.MiddleButton,
            Qt.MouseButton.LeftButton,
        ):
            self._pan_from = None
            self.viewport().setCursor(
                Qt.CursorShape.OpenHandCursor if self._space else Qt.CursorShape.ArrowCursor
            )
            event.accept()
            return
        if self._connect_from is not None:
            self._finish_connect(pos, event.globalPosition().toPoint())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        start, self._drag_start = self._drag_start, None
        self.declutter.dragging = False
        if self.map_scene.show_grid:
            self.map_scene.show_grid = False
            self.map_scene.update()
        if start:
            moved = {}
            for key, old in start.items():
                item = self.map_scene.node_items.get(key)
                if item is not None and (item.pos().x(), item.pos().y()) != old:
                    moved[key] = (item.pos().x(), item.pos().y())
            if moved:
                self.move_requested.emit(moved)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        node = self.node_at(event.position().toPoint())
        if node is not None and self.editable:
            self.start_rename(node.node_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.15**steps, event.position().toPoint())
        event.accept()

    # -------------------------------------------------------------- keys
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self._connect_from is not None:
            self._cancel_connect()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().keyReleaseEvent(event)

    # ----------------------------------------------------------- connect
    def _start_connect(self, node: NodeItem) -> None:
        self._connect_from = node
        line = QGraphicsLineItem(node.pos().x(), node.pos().y(), node.pos().x(), node.pos().y())
        pen = QPen(QColor(style.SELECTION_COLOUR), 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        line.setPen(pen)
        line.setZValue(50)
        self.map_scene.addItem(line)
        self._connect_line = line

    def _cancel_connect(self) -> None:
        if self._connect_line is not None:
            self.map_scene.removeItem(self._connect_line)
        self._connect_line = None
        self._connect_from = None

    def _finish_connect(self, pos: QPoint, global_pos: QPoint) -> None:
        source = self._connect_from
        self._cancel_connect()
        target = self.node_at(pos)
        if source is None or target is None or target is source:
            return
        self.show_relation_menu(source.node_id, target.node_id, global_pos)

    def show_relation_menu(self, source_id: str, target_id: str, global_pos: QPoint) -> QMenu:
        """Pick the relation type for a new connection (a non-blocking popup)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        menu.addSection("Relation type")
        for relation_type in RELATION_TYPES:
            action = menu.addAction(relation_icon(relation_type), relation_choice_text(relation_type))
            action.setData(relation_type)
            action.setToolTip(relation_tip(relation_type))
            action.triggered.connect(
                lambda _=False, t=relation_type: self.connect_requested.emit(source_id, target_id, t)
            )
        self._show_menu(menu, global_pos)
        return menu

    # ------------------------------------------------------------ rename
    def start_rename(self, node_id: str) -> QLineEdit | None:
        """Edit a node's label in place: Enter or leaving the field applies, Escape cancels."""
        item = self.map_scene.node_items.get(node_id)
        if item is None:
            return None
        self.finish_rename(apply=False)
        rect = self.mapFromScene(item.sceneBoundingRect()).boundingRect()
        editor = LabelEditor(self.viewport(), item.label, rect)
        editor.finished.connect(self.finish_rename)
        self.rename_editor = editor
        self._renaming = node_id
        editor.show()
        editor.setFocus()
        return editor

    def finish_rename(self, apply: bool = True) -> None:
        editor, node_id = self.rename_editor, self._renaming
        if editor is None or node_id is None:
            return
        self.rename_editor = None
        self._renaming = None
        text = editor.text().strip()
        editor.hide()
        editor.deleteLater()
        self.setFocus()
        item = self.map_scene.node_items.get(node_id)
        if apply and text and item is not None and text != item.label:
            self.rename_requested.emit(node_id, text)
        self.rename_finished.emit()

    # ------------------------------------------------------- context menu
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        pos = event.pos()
        item = self.item_at(pos)
        if item is not None and not item.isSelected():
            self.map_scene.clearSelection()
            item.setSelected(True)
        scene_pos = self.mapToScene(pos)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        if item is None and self.editable:
            add_s = menu.addAction("Add stakeholder here")
            add_s.triggered.connect(lambda: self.add_node_requested.emit("stakeholder", scene_pos))
            add_d = menu.addAction("Add driver here")
            add_d.triggered.connect(lambda: self.add_node_requested.emit("driver", scene_pos))
        elif isinstance(item, NodeItem) and self.editable:
            rename = menu.addAction("Rename")
            rename.triggered.connect(lambda: self.start_rename(item.node_id))
        elif isinstance(item, RelationItem) and self.editable:
            sub = menu.addMenu("Relation type")
            for relation_type in RELATION_TYPES:
                action = sub.addAction(relation_icon(relation_type), relation_choice_text(relation_type))
                action.setData(relation_type)
                action.setCheckable(True)
                action.setChecked(relation_type == item.relation.type)
                action.triggered.connect(
                    lambda _=False, t=relation_type: self.retype_requested.emit(item.relation_id, t)
                )
        if item is not None and self.editable:
            delete = menu.addAction("Delete")
            delete.triggered.connect(self.delete_requested.emit)
        if self.context_menu_hook is not None:
            self.context_menu_hook(menu, item, scene_pos)
        self._show_menu(menu, event.globalPos())
        event.accept()

    def _show_menu(self, menu: QMenu, global_pos: QPoint) -> None:
        """Popups do not block, so gestures stay testable offscreen."""
        self.last_menu = menu
        menu.popup(global_pos)

    def menu_action(self, text: str) -> QAction | None:
        """The action called ``text`` in the last menu shown (submenus included)."""
        menu = self.last_menu
        if menu is None:
            return None
        stack = [menu]
        while stack:
            current = stack.pop()
            for action in current.actions():
                if action.text().replace("&", "") == text or action.data() == text:
                    return action
                if action.menu() is not None:
                    stack.append(action.menu())
        return None
