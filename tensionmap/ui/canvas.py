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

from collections.abc import Callable, Iterable

import numpy as np
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
from .canvas_widgets import LabelEditor, LegendOverlay, relation_icon, relation_tip
from .declutter import Declutter, label_scale

MIN_ZOOM = 0.03
MAX_ZOOM = 6.0
#: Zoomed out, nodes are drawn larger (and nudged apart, see ``declutter``) so labels stay at
#: least this many pixels tall on screen (the label font's em), up to MAX_NODE_SCALE times
#: their natural size; big maps (more than FLOOR_MAX_NODES) keep true sizes for speed.
LABEL_TARGET_PX = 13.0
MAX_NODE_SCALE = 2.4
FLOOR_MAX_NODES = 600
#: Room kept between nodes drawn larger than natural size (scene units).
ENLARGE_GAP = 10.0
#: Fit Map leaves this many pixels round the map (and a little of its size).
FIT_MARGIN_PX = 12.0
#: The legend starts folded when unfolded it would cost the fitted map more than this share of its zoom.
LEGEND_COST = 0.08
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


def label_em_px(widget: QWidget | None = None) -> float:
    """The label font's em in device pixels at 100% zoom (11 pt at the screen's DPI)."""
    dpi = widget.logicalDpiY() if widget is not None else 96
    return style.LABEL_POINT_SIZE * dpi / 72.0


def safe_node_scale(scene: MapScene, gap: float = ENLARGE_GAP) -> float:
    """The largest node scale at which no two nodes that are apart at natural size touch
    (without nudging them apart): how far enlarging can go before ``declutter`` has work."""
    items = list(scene.node_items.values())
    if len(items) < 2:
        return MAX_NODE_SCALE
    centre = np.array([(i.node.x, i.node.y) for i in items])
    half = np.array([(i.rect.width() / 2, i.rect.height() / 2) for i in items])
    dist = np.abs(centre[:, None, :] - centre[None, :, :]) - gap
    reach = half[:, None, :] + half[None, :, :]
    k_pair = np.max(dist / reach, axis=2)
    np.fill_diagonal(k_pair, np.inf)
    k_pair[k_pair < 1.0] = np.inf
    return float(max(1.0, k_pair.min()))


class CanvasView(QGraphicsView):
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

    def _legend_changed(self) -> None:
        if not self.user_zoomed:
            self._fitted = (None, (0, 0))
            self._refit_timer.start()

    def _map_changed(self, collection: str, _key: str) -> None:
        if collection == "nodes" and not self.user_zoomed:
            self._refit_timer.start()

    def _refit_if_resized(self) -> None:
        """Fit again when the map's extent changed (a layout, an import, nodes added far out),
        or always after the viewport's size changed, unless the user zoomed by hand."""
        if self.user_zoomed or self.declutter.dragging or not self.map_scene.node_items:
            return
        if self.declutter.pending():
            self.declutter.apply()
        rect = self.map_scene.map_rect()
        size = (self.viewport().width(), self.viewport().height())
        fitted, fitted_size = self._fitted
        if fitted is not None and size == fitted_size:
            visible = self.mapToScene(self.viewport().rect()).boundingRect()
            same = (
                abs(rect.width() - fitted.width()) <= 0.08 * fitted.width()
                and abs(rect.height() - fitted.height()) <= 0.08 * fitted.height()
            )
            if same and visible.contains(rect):
                return
        self.refit()

    def _nodes_placed(self) -> None:
        self.update_scene_rect()
        self.nodes_placed.emit()

    def update_scene_rect(self) -> None:
        """Leave room around the map so the background can always be dragged to pan."""
        rect = self.map_scene.map_rect()
        if rect.isEmpty():
            rect = QRectF(-400, -300, 800, 600)
        scale = self.zoom() or 1.0
        pad_x = self.viewport().width() / scale
        pad_y = self.viewport().height() / scale
        rect = rect.adjusted(-pad_x, -pad_y, pad_x, pad_y)
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        self.setSceneRect(rect.united(visible))

    def zoom(self) -> float:
        return self.transform().m11()

    def label_pixels(self) -> float:
        """How tall map labels are on screen now (the label font's em, in device pixels)."""
        return label_em_px(self.viewport()) * self.zoom() * self.map_scene.node_scale

    def apply_label_floor(self) -> None:
        """Keep labels legible when zoomed out: draw nodes larger (and nudged apart where they
        would touch); stored positions never change."""
        scene = self.map_scene
        k = 1.0
        if len(scene.node_items) <= FLOOR_MAX_NODES:
            k = label_scale(
                self.zoom(), self.label_target_px, label_em_px(self.viewport()), self.max_node_scale
            )
        if k != scene.node_scale:
            scene.set_node_scale(k)
            self.declutter.apply()

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        """Zoom by hand, keeping the scene point under ``anchor`` (default: pointer, else centre) still."""
        self.user_zoomed = True
        new = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom() * factor))
        factor = new / self.zoom()
        if abs(factor - 1.0) < 1e-9:
            return
        if anchor is None:
            pointer = self.viewport().mapFromGlobal(QCursor.pos())
            anchor = pointer if self.viewport().rect().contains(pointer) else self.viewport().rect().center()
        before = self.mapToScene(anchor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.scale(factor, factor)
        self.apply_label_floor()
        self.update_scene_rect()
        after = self.mapToScene(anchor)
        self._scroll_scene(after - before)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.zoom_changed.emit(self.zoom())

    def _scroll_scene(self, delta: QPointF) -> None:
        """Shift the view so a scene point moves by ``-delta`` on screen."""
        s = self.zoom()
        self.horizontalScrollBar().setValue(round(self.horizontalScrollBar().value() - delta.x() * s))
        self.verticalScrollBar().setValue(round(self.verticalScrollBar().value() - delta.y() * s))

    def reset_zoom(self) -> None:
        self.zoom_by(1.0 / self.zoom())

    def fit_rect(self, rect: QRectF, max_zoom: float = 1.5) -> None:
        """Show ``rect`` as large as possible, keeping it clear of the legend when that helps."""
        if rect.isEmpty():
            return
        self._fit_once(rect, max_zoom)

    def _legend_rect(self) -> QRectF:
        if not self.legend.isVisible():
            return QRectF()
        return QRectF(self.legend.geometry().translated(-self.viewport().pos()))

    def _fit_choice(self, rect: QRectF, max_zoom: float, legend: QRectF) -> tuple[float, QRectF]:
        """The largest zoom showing ``rect`` clear of ``legend``, and the viewport area it uses."""
        vp = QRectF(self.viewport().rect()).adjusted(0, self.reserved_top, 0, 0)
        lw, lh = legend.width() + 8, legend.height() + 8
        m = FIT_MARGIN_PX + 0.01 * max(vp.width(), vp.height())
        best: tuple[float, QRectF] | None = None
        for area in (vp, vp.adjusted(0, 0, -lw, 0), vp.adjusted(0, 0, 0, -lh)):
            if area.width() < 100 or area.height() < 100:
                continue
            z = min((area.width() - 2 * m) / rect.width(), (area.height() - 2 * m) / rect.height(), max_zoom)
            shown = QRectF(0, 0, rect.width() * z, rect.height() * z)
            shown.moveCenter(area.center())
            clear = legend.isEmpty() or not shown.intersects(legend)
            if clear and (best is None or z > best[0]):
                best = (z, area)
        if best is None:
            z = min((vp.width() - 2 * m) / rect.width(), (vp.height() - 2 * m) / rect.height(), max_zoom)
            z = max(z, MIN_ZOOM)
            best = (z, vp)
        return best

    def _fit_once(self, rect: QRectF, max_zoom: float, floor: bool = True) -> None:
        self._place_legend()
        vp = QRectF(self.viewport().rect())
        z, area = self._fit_choice(rect, max_zoom, self._legend_rect())
        self.resetTransform()
        self.scale(z, z)
        if floor:
            self.apply_label_floor()
        self.update_scene_rect()
        offset = (vp.center() - area.center()) / z
        self.centerOn(rect.center() + offset)
        self.zoom_changed.emit(self.zoom())

    def _fold_legend_if_costly(self) -> None:
        """Fold the legend to its title bar when unfolded it would shrink the fitted map by more
        than LEGEND_COST (a laptop screen); once the user folds or unfolds it, that choice stays."""
        legend = self.legend
        if legend.user_set or legend.collapsed or not legend.isVisible():
            return
        rect = self.map_scene.map_rect()
        if rect.isEmpty():
            return
        open_z = self._fit_choice(rect, 1.5, self._legend_rect())[0]
        h = legend.header_height()
        folded = QRectF(self._legend_rect())
        folded.setTop(folded.bottom() - h)
        folded.setLeft(folded.right() - legend.folded_width())
        if open_z < (1.0 - LEGEND_COST) * self._fit_choice(rect, 1.5, folded)[0]:
            legend.blockSignals(True)
            legend.set_collapsed(True)
            legend.blockSignals(False)

    def fit_map(self) -> None:
        """Fit the whole map in view (leaving the legend corner clear when that helps).

        Fitting changes the zoom, which changes how large nodes are drawn, which
        changes the map's extent: a few passes settle it, and a last one fits the
        settled extent without touching the node scale again.
        """
        self.user_zoomed = False
        self._refit_timer.stop()
        self.declutter.apply()  # a new map (or one changed meanwhile) starts from its stored places
        self._fold_legend_if_costly()
        self.fit_settled(self.map_scene.map_rect)
        self._fitted = (self.map_scene.map_rect(), (self.viewport().width(), self.viewport().height()))

    def fit_settled(self, extent: Callable[[], QRectF], max_zoom: float = 1.5) -> None:
        """Fit ``extent()`` (re-read after each pass, as node scale changes it) until it settles."""
        for _ in range(6):
            before = self.map_scene.node_scale
            rect = extent()
            if rect.isEmpty():
                return
            self._fit_once(rect, max_zoom)
            if self.map_scene.node_scale == before:
                return
        rect = extent()
        if not rect.isEmpty():
            self._fit_once(rect, max_zoom, floor=False)

    def zoom_to_selection(self) -> None:
        rect = QRectF()
        for item in self.map_scene.selectedItems():
            rect = rect.united(item.sceneBoundingRect())
        if not rect.isEmpty():
            self.user_zoomed = True
            self.fit_rect(rect, max_zoom=2.0)

    def zoom_to_nodes(self, node_ids: Iterable[str], max_zoom: float = 1.2) -> None:
        """Show these nodes as large as fits (a tension's path): their labels read at once."""
        items = [self.map_scene.node_items[k] for k in node_ids if k in self.map_scene.node_items]
        if not items:
            return
        self.user_zoomed = True

        def extent() -> QRectF:
            rect = QRectF()
            for item in items:
                rect = rect.united(item.sceneBoundingRect())
            return rect

        self.fit_settled(extent, max_zoom)

    def centre_on_node(self, node_id: str) -> None:
        item = self.map_scene.node_items.get(node_id)
        if item is not None:
            self.user_zoomed = True
            if self.zoom() < 0.6:
                self.resetTransform()
                self.apply_label_floor()
                self.update_scene_rect()
            self.centerOn(item)

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
