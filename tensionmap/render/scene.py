"""MapScene: a QGraphicsScene that mirrors a Workspace, item for item, by id.

The scene subscribes to the workspace's Change events and adds, updates or
removes the matching items; it never changes the model itself. The window,
the exports and the benchmarks all build maps through this one class.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene

from ..model import Change, Node, Relation, Workspace
from . import style
from .edge_items import EdgeLayer, RelationItem, Segment
from .node_item import NodeItem, clip_to_outline
from .style import DIM_OPACITY

if TYPE_CHECKING:
    from ..analysis.lens_view import LensView

#: Distance between relations that join the same two nodes (scene units at node scale 1).
PARALLEL_GAP = 14.0
#: Up to this many relations in one batch get their hit items at once; more are made in chunks.
EAGER_HIT_ITEMS = 1500
HIT_ITEM_CHUNK = 1000


def _pair(relation: Relation) -> tuple[str, str]:
    a, b = relation.source, relation.target
    return (a, b) if a < b else (b, a)


def _clip_many(node: np.ndarray, towards: np.ndarray) -> np.ndarray:
    """Vectorised ``clip_to_outline``: rows of (cx, cy, hw, hh, point) towards (x, y)."""
    cx, cy, hw, hh, point = node.T
    dx, dy = towards[:, 0] - cx, towards[:, 1] - cy
    with np.errstate(divide="ignore", invalid="ignore"):
        side = np.abs(dx) + point * np.abs(dy) / hh
        sx = np.where(side > 0, hw / side, np.inf)
        sy = np.where(dy != 0, hh / np.abs(dy), np.inf)
        t = np.minimum(sx, sy)
        t = np.where((dx == 0) & (dy == 0), 0.0, t)
    return np.column_stack([cx + dx * t, cy + dy * t])


class MapScene(QGraphicsScene):
    """The items of one workspace: NodeItems, RelationItems and one EdgeLayer per sign."""

    #: Emitted after the scene has mirrored a model change (collection, key).
    mirrored = Signal(str, str)
    #: Emitted after ``apply_view`` changed what is hidden or dimmed (overlays can follow ``view``).
    view_changed = Signal()

    def __init__(self, workspace: Workspace | None = None, parent: object | None = None) -> None:
        super().__init__(parent)
        self.setBackgroundBrush(style.BACKGROUND)
        self.workspace: Workspace | None = None
        self.node_items: dict[str, NodeItem] = {}
        self.relation_items: dict[str, RelationItem] = {}
        self._relations: dict[str, Relation] = {}
        self._pairs: dict[tuple[str, str], list[str]] = {}  # relations between the same two nodes
        self._pending_hits: list[str] = []
        self._hit_timer = QTimer(self)
        self._hit_timer.setInterval(0)
        self._hit_timer.timeout.connect(self._make_some_hit_items)
        self._adjacent: dict[str, set[str]] = {}
        self._geometry: dict[int, dict[str, tuple[Relation, Segment]]] = {1: {}, -1: {}, 0: {}}
        self.layers: dict[int, EdgeLayer] = {}
        #: Per sign, the relations a view dims, drawn faint (see ``apply_view``).
        self.dim_layers: dict[int, EdgeLayer] = {}
        self.view: LensView | None = None
        self.show_grid = False
        self._unsubscribe = None
        self._bulk = 0
        self._quiet = 0
        self._selection_dirty = False
        self._lit: set[RelationItem] = set()
        self.movable = True
        #: How much larger than natural size nodes are drawn (the view raises it when zoomed out).
        self.node_scale = 1.0
        self.selectionChanged.connect(self._relight)
        if workspace is not None:
            self.attach(workspace)

    # ------------------------------------------------------------ building
    def attach(self, workspace: Workspace) -> None:
        """Show ``workspace`` (replacing whatever was shown) and follow its changes."""
        self.detach()
        self._lit = set()
        self.clear()
        self.node_items.clear()
        self.relation_items.clear()
        self._relations.clear()
        self._pairs.clear()
        self._pending_hits = []
        self._hit_timer.stop()
        self._adjacent.clear()
        for geo in self._geometry.values():
            geo.clear()
        self.workspace = workspace
        self.view = None
        self.layers = {}
        self.dim_layers = {}
        for sign, edge_style in style.STYLE_BY_SIGN.items():
            for dim, layers in ((False, self.layers), (True, self.dim_layers)):
                layer = EdgeLayer(edge_style, lambda s=sign, d=dim: self._shown_geometry(s, d))
                layer.k = self.node_scale
                if dim:
                    layer.setOpacity(DIM_OPACITY)
                layers[sign] = layer
                self.addItem(layer)
        with self.bulk_update():
            for node in workspace.nodes.values():
                self._add_node(node)
            self._add_relations(list(workspace.relations.values()))
            self._fit_layers()
        self._unsubscribe = workspace.subscribe(self._on_change)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.workspace = None

    @contextmanager
    def bulk_update(self) -> Iterator[None]:
        """Switch the BSP index off while many items are added or moved, then rebuild it once."""
        if self._bulk == 0:
            self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self._bulk += 1
        try:
            yield
        finally:
            self._bulk -= 1
            if self._bulk == 0:
                self._fit_layers()
                self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)

    @contextmanager
    def batch(self, *, many: bool = False) -> Iterator[None]:
        """Mirror a whole command before anyone reacts to selection changes.

        Deleting a thousand selected items would otherwise emit a thousand
        selectionChanged signals, each answered by O(n) work. Inside a batch
        ``selection_settled()`` is False and the signal is emitted once at the
        end; ``many`` also switches the BSP index off meanwhile.
        """
        self._quiet += 1
        try:
            if many:
                with self.bulk_update():
                    yield
            else:
                yield
        finally:
            self._quiet -= 1
            if not self._quiet and self._selection_dirty:
                self._selection_dirty = False
                self.selectionChanged.emit()

    def selection_settled(self) -> bool:
        """False (and remembered) while a batch runs: react to the selection after it."""
        if self._quiet:
            self._selection_dirty = True
            return False
        return True

    # ------------------------------------------------------------ mirroring
    def _on_change(self, change: Change) -> None:
        if change.collection == "nodes":
            if change.after is None:
                self._remove_node(change.key)
            elif change.before is None:
                self._add_node(change.after)  # type: ignore[arg-type]  # a nodes change holds Nodes
            else:
                item = self.node_items[change.key]
                old_pos, old_extent = item.pos(), item.outline_extent()
                item.set_node(change.after)  # type: ignore[arg-type]  # a nodes change holds Nodes
                if item.pos() != old_pos or item.outline_extent() != old_extent:
                    self.nodes_moved([change.key])
        elif change.collection == "relations":
            if change.before is not None:
                self._remove_relation(change.key)
            if change.after is not None:
                self._add_relation(change.after)  # type: ignore[arg-type]  # a relations change holds Relations
        else:
            return
        self.mirrored.emit(change.collection, change.key)

    def set_movable(self, movable: bool) -> None:
        """Read-only maps can be selected but not dragged."""
        self.movable = movable
        for item in self.node_items.values():
            item.setFlag(NodeItem.GraphicsItemFlag.ItemIsMovable, movable)

    def set_node_scale(self, k: float) -> None:
        """Draw every node ``k`` times its natural size and re-route all relations."""
        if k == self.node_scale:
            return
        self.node_scale = k
        for layer in self._all_layers():
            layer.k = k
        for item in self.node_items.values():
            item.set_display_scale(k)
        self.reroute_all()

    def reroute_all(self) -> None:
        """Recompute every relation's end points in one vectorised pass."""
        rels = list(self._relations.values())
        segs = self._segments(rels)
        for rel, seg in zip(rels, segs, strict=True):
            self._geometry[rel.sign][rel.id] = (rel, seg)
            item = self.relation_items.get(rel.id)
            if item is not None:
                item.set_segment(seg)
        self._fit_layers()

    def _add_node(self, node: Node) -> None:
        item = NodeItem(node)
        if self.node_scale != 1.0:
            item.set_display_scale(self.node_scale)
        if not self.movable:
            item.setFlag(NodeItem.GraphicsItemFlag.ItemIsMovable, False)
        self.node_items[node.id] = item
        self._adjacent.setdefault(node.id, set())
        self.addItem(item)

    def _remove_node(self, key: str) -> None:
        item = self.node_items.pop(key, None)
        self._adjacent.pop(key, None)
        if item is not None:
            self.removeItem(item)

    def _add_relation(self, relation: Relation) -> None:
        """One relation (an edit, an undo): routed on its own, without the numpy set-up."""
        key = relation.id
        self._relations[key] = relation
        siblings = self._pairs.setdefault(_pair(relation), [])
        siblings.append(key)
        self._adjacent.setdefault(relation.source, set()).add(key)
        self._adjacent.setdefault(relation.target, set()).add(key)
        self._geometry[relation.sign][key] = (relation, (0.0, 0.0, 0.0, 0.0))
        self._make_hit_item(relation, (0.0, 0.0, 0.0, 0.0))
        for sibling in siblings:
            self._route(sibling)  # parallel relations share the gap between them

    def _add_relations(self, relations: list[Relation]) -> None:
        """Add many relations at once, routing them in one vectorised pass.

        The layers draw from the geometry alone, so a big map is on screen at
        once; the per-relation hit items (selection, hover) of a big batch are
        made in idle-time chunks right after (``ensure_hit_items`` finishes them
        on demand).
        """
        for relation in relations:
            self._relations[relation.id] = relation
            self._pairs.setdefault(_pair(relation), []).append(relation.id)
        segs = self._segments(relations)
        adjacent = self._adjacent
        eager = len(relations) <= EAGER_HIT_ITEMS
        for relation, seg in zip(relations, segs, strict=True):
            key = relation.id
            adjacent.setdefault(relation.source, set()).add(key)
            adjacent.setdefault(relation.target, set()).add(key)
            self._geometry[relation.sign][key] = (relation, seg)
            if eager:
                self._make_hit_item(relation, seg)
            else:
                self._pending_hits.append(key)
        if self._pending_hits:
            self._hit_timer.start()

    def _make_hit_item(self, relation: Relation, seg: Segment) -> None:
        item = RelationItem(relation, seg)
        if self.view is not None and relation.id not in self.view.relations:
            item.setVisible(False)
        self.relation_items[relation.id] = item
        self.addItem(item)

    def _make_some_hit_items(self, count: int = HIT_ITEM_CHUNK) -> None:
        todo, self._pending_hits = self._pending_hits[:count], self._pending_hits[count:]
        for key in todo:
            relation = self._relations.get(key)
            if relation is not None and key not in self.relation_items:
                self._make_hit_item(relation, self._geometry[relation.sign][key][1])
        if not self._pending_hits:
            self._hit_timer.stop()

    def ensure_hit_items(self) -> None:
        """Make every relation's hit item now (before selecting all, say)."""
        if self._pending_hits:
            self._make_some_hit_items(len(self._pending_hits))

    def _offset(self, relation: Relation) -> float:
        """Sideways shift of a relation that shares its two nodes with others, so none hides another."""
        siblings = self._pairs.get(_pair(relation), [])
        if len(siblings) < 2:
            return 0.0
        return (siblings.index(relation.id) - (len(siblings) - 1) / 2) * PARALLEL_GAP * self.node_scale

    def _segments(self, relations: list[Relation]) -> list[Segment]:
        """Where each relation leaves its two outlines; numpy, since maps can be big."""
        if not relations:
            return []
        index = {key: i for i, key in enumerate(self.node_items)}
        geo = np.array(
            [(it.pos().x(), it.pos().y(), *it.outline_extent()) for it in self.node_items.values()],
            dtype=float,
        )
        src = geo[[index[r.source] for r in relations]]
        tgt = geo[[index[r.target] for r in relations]]
        offsets = np.array([self._offset(r) for r in relations])
        if offsets.any():
            # shift both ends along the normal of the pair's canonical direction (lower id first),
            # so A->B and B->A move to opposite sides
            canon = np.array([1.0 if r.source < r.target else -1.0 for r in relations])
            d = (tgt[:, :2] - src[:, :2]) * canon[:, None]
            length = np.hypot(d[:, 0], d[:, 1])
            length[length == 0] = 1.0
            shift = np.column_stack([-d[:, 1], d[:, 0]]) / length[:, None] * offsets[:, None]
            src = src.copy()
            tgt = tgt.copy()
            src[:, :2] += shift
            tgt[:, :2] += shift
        a = _clip_many(src, tgt[:, :2])
        b = _clip_many(tgt, src[:, :2])
        return [tuple(row) for row in np.hstack([a, b]).tolist()]

    def _remove_relation(self, key: str) -> None:
        rel = self._relations.pop(key, None)
        if rel is None:
            return
        for end in (rel.source, rel.target):
            self._adjacent.get(end, set()).discard(key)
        siblings = self._pairs.get(_pair(rel), [])
        if key in siblings:
            siblings.remove(key)
        if not siblings:
            self._pairs.pop(_pair(rel), None)
        for sibling in siblings:
            self._route(sibling)
        self._geometry[rel.sign].pop(key, None)
        self.layers[rel.sign].invalidate()
        self.dim_layers[rel.sign].invalidate()
        item = self.relation_items.pop(key, None)
        if item is not None:
            self._lit.discard(item)
            self.removeItem(item)

    def _route(self, key: str) -> None:
        """Recompute one relation's end points (where it leaves each node's outline)."""
        rel = self._relations[key]
        src, tgt = self.node_items[rel.source], self.node_items[rel.target]
        sp, tp = src.pos(), tgt.pos()
        sx, sy, tx, ty = sp.x(), sp.y(), tp.x(), tp.y()
        off = self._offset(rel)
        if off:
            sign = 1.0 if rel.source < rel.target else -1.0
            dx, dy = (tx - sx) * sign, (ty - sy) * sign
            length = math.hypot(dx, dy) or 1.0
            nx, ny = -dy / length * off, dx / length * off
            sx, sy, tx, ty = sx + nx, sy + ny, tx + nx, ty + ny
        x1, y1 = clip_to_outline(sx, sy, *src.outline_extent(), tx, ty)
        x2, y2 = clip_to_outline(tx, ty, *tgt.outline_extent(), sx, sy)
        seg = (x1, y1, x2, y2)
        item = self.relation_items.get(key)
        if item is not None:
            item.set_segment(seg)
        self._geometry[rel.sign][key] = (rel, seg)
        if not self._bulk:
            for layer in (self.layers[rel.sign], self.dim_layers[rel.sign]):
                layer.include(*seg)
                layer.invalidate()

    def nodes_moved(self, node_ids: Iterable[str]) -> None:
        """Re-route the relations of nodes that moved (the view calls this during a drag)."""
        keys: set[str] = set()
        for node_id in node_ids:
            keys |= self._adjacent.get(node_id, set())
        for key in keys:
            self._route(key)
        if self._bulk:
            for layer in self._all_layers():
                layer.invalidate()

    def _all_layers(self) -> list[EdgeLayer]:
        return [*self.layers.values(), *self.dim_layers.values()]

    def _fit_layers(self) -> None:
        rect = self.map_rect()
        for layer in self._all_layers():
            layer.set_bounds(rect)
            layer.invalidate()

    # ---------------------------------------------------------------- views
    def _shown_geometry(self, sign: int, dimmed: bool) -> dict[str, tuple[Relation, Segment]]:
        """What one layer draws: the normal layers the shown, bright relations; dim layers the dimmed."""
        geometry = self._geometry[sign]
        view = self.view
        if view is None:
            return {} if dimmed else geometry
        return {
            key: value
            for key, value in geometry.items()
            if key in view.relations and view.dims_relation(key) == dimmed
        }

    def apply_view(self, view: LensView | None) -> None:
        """Show the map through a lens: hide what ``view`` hides, dim what it leaves unemphasised.

        ``None`` shows everything at full strength. The model is untouched; ids the
        view does not know (added since it was computed) are hidden until the next view.
        """
        if view is None and self.view is None:
            return  # nothing hidden or dimmed, and nothing to undo
        self.view = view
        for key, item in self.node_items.items():
            shown = view is None or view.shows_node(key)
            item.setVisible(shown)
            item.setOpacity(DIM_OPACITY if view is not None and view.dims_node(key) else 1.0)
            if not shown and item.isSelected():
                item.setSelected(False)
        for key, rel_item in self.relation_items.items():
            shown = view is None or key in view.relations
            rel_item.setVisible(shown)
            if not shown and rel_item.isSelected():
                rel_item.setSelected(False)
        for layer in self._all_layers():
            layer.invalidate()
        self.update()
        self.view_changed.emit()

    def visible_rect(self) -> QRectF:
        """The rectangle the shown nodes occupy (``map_rect`` when nothing is hidden)."""
        rect = QRectF()
        for item in self.node_items.values():
            if item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        return rect

    def _relight(self) -> None:
        """Relations paint only while highlighted; tell the ones whose state changed."""
        if not self.selection_settled():
            return
        now = {item for item in self.selectedItems() if isinstance(item, RelationItem)}
        for item in now ^ self._lit:
            if item.scene() is self:
                item.refresh()
        self._lit = now

    # ------------------------------------------------------------- queries
    def relation_geometry(self) -> dict[str, tuple[Relation, Segment]]:
        """relation id -> (relation, drawn segment) for every relation, hit item made or not."""
        found: dict[str, tuple[Relation, Segment]] = {}
        for geometry in self._geometry.values():
            found.update(geometry)
        return found

    def map_rect(self) -> QRectF:
        """The rectangle the nodes occupy (edges lie between them), or an empty rect."""
        rect = QRectF()
        for item in self.node_items.values():
            rect = rect.united(item.sceneBoundingRect())
        return rect

    def selected_ids(self) -> tuple[list[str], list[str]]:
        """(node ids, relation ids) currently selected."""
        nodes: list[str] = []
        rels: list[str] = []
        for item in self.selectedItems():
            if isinstance(item, NodeItem):
                nodes.append(item.node_id)
            elif isinstance(item, RelationItem):
                rels.append(item.relation_id)
        return nodes, rels

    def select_ids(self, node_ids: Iterable[str] = (), relation_ids: Iterable[str] = ()) -> None:
        """Select exactly these nodes and relations."""
        relation_ids = list(relation_ids)
        if relation_ids:
            self.ensure_hit_items()
        wanted = set(node_ids) | set(relation_ids)
        self.blockSignals(True)
        try:
            for item in self.selectedItems():
                if (
                    getattr(item, "node_id", None) not in wanted
                    and getattr(item, "relation_id", None) not in wanted
                ):
                    item.setSelected(False)
            for key in wanted:
                item = self.node_items.get(key) or self.relation_items.get(key)
                if item is not None:
                    item.setSelected(True)
        finally:
            self.blockSignals(False)
        self.selectionChanged.emit()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        """Plain background; a faint grid only while something is being dragged."""
        painter.fillRect(rect, style.BACKGROUND)
        if not self.show_grid:
            return
        step = 40.0
        painter.setPen(QPen(QColor(0, 0, 0, 18), 0))
        x = rect.left() - rect.left() % step
        while x < rect.right():
            painter.drawLine(x, rect.top(), x, rect.bottom())
            x += step
        y = rect.top() - rect.top() % step
        while y < rect.bottom():
            painter.drawLine(rect.left(), y, rect.right(), y)
            y += step
