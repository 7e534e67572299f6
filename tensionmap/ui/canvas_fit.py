"""How the canvas frames the map: fitting, zooming, and keeping labels legible.

``FittingView`` is the half of ``CanvasView`` that decides what part of the map
is shown and how large: Fit Map (clear of the legend, small margins), zoom by
hand, the label floor (nodes drawn larger when zoomed out, nudged apart by
``declutter``), and fitting again when the map or the window changes size,
unless the user zoomed by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QGraphicsView, QWidget

from ..render import style
from .declutter import label_scale

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

    from ..render import MapScene
    from .canvas_widgets import LegendOverlay
    from .declutter import Declutter

MIN_ZOOM = 0.03
MAX_ZOOM = 6.0
#: Zoomed out, nodes are drawn larger (and nudged apart, see ``declutter``) so labels stay at
#: least this many pixels tall on screen (the label font's em), up to MAX_NODE_SCALE times
#: their natural size; big maps (more than FLOOR_MAX_NODES) keep true sizes for speed.
LABEL_TARGET_PX = 13.0
MAX_NODE_SCALE = 2.5
FLOOR_MAX_NODES = 600
#: Fit Map leaves this many pixels round the map (and a little of its size).
FIT_MARGIN_PX = 12.0
#: The legend starts folded when unfolded it would cost the fitted map more than this share of its zoom.
LEGEND_COST = 0.08


def label_em_px(widget: QWidget | None = None) -> float:
    """The label font's em in device pixels at 100% zoom (11 pt at the screen's DPI)."""
    dpi = widget.logicalDpiY() if widget is not None else 96
    return style.LABEL_POINT_SIZE * dpi / 72.0


class FittingView(QGraphicsView):
    """The base of CanvasView: fitting, zoom and the label floor (CanvasView sets the fields)."""

    map_scene: MapScene
    legend: LegendOverlay
    declutter: Declutter
    label_target_px: float
    max_node_scale: float
    user_zoomed: bool
    refit: Callable[[], None]
    reserved_top: int
    _fitted: tuple[QRectF | None, tuple[int, int]]
    _refit_timer: QTimer

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
            scene.set_node_scale(k, route=False)  # routed once, after the nudge apart
            self.declutter.apply(route=True)

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
