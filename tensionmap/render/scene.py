"""MapScene: a QGraphicsScene that mirrors a Workspace, item for item, by id.

The scene subscribes to the workspace's Change events and adds, updates or
removes the matching items; it never changes the model itself. The window,
the exports and the benchmarks all build maps through this one class.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene

from ..layout.routing import MAX_ROUNDS, PARALLEL_GAP, Route, plan_routes
from ..model import Change, Node, Relation, Workspace
from . import style
from .edge_items import EdgeLayer, RelationItem
from .node_item import NodeItem
from .style import DIM_OPACITY

if TYPE_CHECKING:
    from ..analysis.lens_view import LensView

#: Room kept between a routed relation and the boxes it passes (scene units at node scale 1).
CLEARANCE = 8.0
#: Maps with more relations than this are drawn with straight (and parallel-bowed) lines only:
#: bending thousands of lines round thousands of boxes would take seconds on every build.
ROUTE_LIMIT = 1500
#: Above this many relations, frames of a layout animation draw lines unbent; routing follows
#: ``SETTLE_MS`` after the last frame.
QUICK_LIMIT = 200
SETTLE_MS = 150
#: Up to this many relations in one batch get their hit items at once; more are made in chunks.
EAGER_HIT_ITEMS = 1500
HIT_ITEM_CHUNK = 1000


def _pair(relation: Relation) -> tuple[str, str]:
    a, b = relation.source, relation.target
    return (a, b) if a < b else (b, a)


class MapScene(QGraphicsScene):
    """The items of one workspace: NodeItems, RelationItems and one EdgeLayer per sign."""

    #: Emitted after the scene has mirrored a model change (collection, key).
    mirrored = Signal(str, str)
    #: Emitted after ``apply_view`` changed what is hidden or dimmed (overlays can follow ``view``).
    view_changed = Signal()
    #: Emitted after relations were routed again (a drag, a layout's glide frame, its landing):
    #: overlays drawn along the routes follow them.
    routes_changed = Signal()

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
        self._geometry: dict[int, dict[str, tuple[Relation, Route]]] = {1: {}, -1: {}, 0: {}}
        #: node id -> relations whose route bends round it (routed again when it moves)
        self._bent_by: dict[str, set[str]] = {}
        self._moved_later: set[str] = set()  # nodes a command moved, routed when it is mirrored
        self._settle = QTimer(self)  # full routing after quick animation frames
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.reroute_all)
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
        #: Other boxes Fit Map must show beside the nodes, by owner (name -> scene rect or empty).
        self.extra_extents: dict[str, Callable[[], QRectF]] = {}
        #: The view's placement of enlarged nodes (nudged apart, see ``ui.declutter``): called
        #: after a command moved nodes, before they are routed; returns the ids it moved.
        self.placer: Callable[[], Iterable[str]] | None = None
        self.selectionChanged.connect(self._relight)
        if workspace is not None:
            self.attach(workspace)

    # ------------------------------------------------------------ building
    def attach(self, workspace: Workspace) -> None:
        """Show ``workspace`` (replacing whatever was shown) and follow its changes."""
        self.detach()
        self._lit = set()
        self.extra_extents.clear()  # their items go with clear(): owners add them back for the new map
        self.clear()
        self.node_items.clear()
        self.relation_items.clear()
        self._relations.clear()
        self._pairs.clear()
        self._pending_hits = []
        self._hit_timer.stop()
        self._adjacent.clear()
        self._bent_by.clear()
        self._moved_later.clear()
        self._settle.stop()
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
            if not self._quiet and self._moved_later:
                moved, self._moved_later = self._moved_later, set()
                if self.placer is not None and self.node_scale > 1.0:
                    moved.update(self.placer())  # nudged apart before routing, not after
                self.nodes_moved(moved)
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

    def set_node_scale(self, k: float, *, route: bool = True) -> None:
        """Draw every node ``k`` times its natural size and route all relations again.

        ``route=False`` when the caller moves the nodes next (the view nudges enlarged
        nodes apart) and routes then: routing round enlarged boxes that still overlap
        costs the planner seconds, for lines that are thrown away at once.
        """
        if k == self.node_scale:
            return
        self.node_scale = k
        for layer in self._all_layers():
            layer.k = k
        for item in self.node_items.values():
            item.set_display_scale(k)
        if route:
            self.reroute_all(quick=True)  # zoom steps on a big map stay quick; bends follow when it rests

    def reroute_all(self, *, quick: bool = False) -> None:
        """Route every relation again (after the node scale changed, or a layout moved many nodes).

        ``quick`` (animation frames of a big map): lines are only clipped and parallel ones
        bowed, and the full routing follows once the nodes have been still for a moment.
        """
        quick = quick and len(self._relations) > QUICK_LIMIT and self.routes_bend()
        self._reroute(list(self._relations), bend=not quick)
        if quick:
            self._settle.start()
        self._fit_layers()

    def finish_routes(self) -> None:
        """Bend now what quick re-routing left straight (before a screenshot or a measurement)."""
        if self._settle.isActive():
            self._settle.stop()
            self.reroute_all()

    def _add_node(self, node: Node) -> None:
        item = NodeItem(node)
        if self.node_scale != 1.0:
            item.set_display_scale(self.node_scale)
        if not self.movable:
            item.setFlag(NodeItem.GraphicsItemFlag.ItemIsMovable, False)
        self.node_items[node.id] = item
        self._adjacent.setdefault(node.id, set())
        self.addItem(item)
        if self._relations:
            self.nodes_moved([node.id])  # a new node may stand in some relation's way

    def _remove_node(self, key: str) -> None:
        item = self.node_items.pop(key, None)
        self._adjacent.pop(key, None)
        freed = self._bent_by.pop(key, set())
        if item is not None:
            self.removeItem(item)
        freed = {k for k in freed if k in self._relations}
        if freed:
            self._reroute(freed)  # what bent round it can go straight again

    def _add_relation(self, relation: Relation) -> None:
        """One relation (an edit, an undo): routed with the relations it shares its nodes with."""
        self._add_relations([relation])

    def _add_relations(self, relations: list[Relation]) -> None:
        """Add many relations at once, routing them in one pass.

        The layers draw from the geometry alone, so a big map is on screen at
        once; the per-relation hit items (selection, hover) of a big batch are
        made in idle-time chunks right after (``ensure_hit_items`` finishes them
        on demand).
        """
        touched: set[str] = set()
        adjacent = self._adjacent
        for relation in relations:
            key = relation.id
            self._relations[key] = relation
            siblings = self._pairs.setdefault(_pair(relation), [])
            siblings.append(key)
            if len(siblings) > 1:
                touched.update(siblings)  # parallel relations share the room between them
            adjacent.setdefault(relation.source, set()).add(key)
            adjacent.setdefault(relation.target, set()).add(key)
        touched.update(r.id for r in relations)
        eager = len(relations) <= EAGER_HIT_ITEMS
        self._reroute(touched, make_items=eager)
        if not eager:
            self._pending_hits.extend(r.id for r in relations if r.id not in self.relation_items)
        if self._pending_hits:
            self._hit_timer.start()

    def _make_hit_item(self, relation: Relation, route: Route) -> None:
        item = RelationItem(relation, route)
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

    def routes_bend(self) -> bool:
        """False on maps too big to bend round boxes (see ``ROUTE_LIMIT``)."""
        return len(self._relations) <= ROUTE_LIMIT

    def _reroute(self, keys: Collection[str], *, make_items: bool = True, bend: bool = True) -> None:
        """Route these relations (and those parallel to them) through the current node boxes.

        Every node is an obstacle; the relations routed are only the ones asked for,
        so a drag on a big map costs the moved node's relations, not the map's.
        """
        relations = self._relations
        keys = {k for k in keys if k in relations}
        if not keys:
            return
        if len(keys) < len(relations):
            for key in list(keys):
                keys.update(self._pairs.get(_pair(relations[key]), ()))
            # in the order they were added, as in ``_pairs``: parallel relations never swap places
            rels = [r for k, r in relations.items() if k in keys]
        else:
            rels = list(relations.values())
        centres: dict[str, tuple[float, float]] = {}
        sizes: dict[str, tuple[float, float]] = {}
        insets: dict[str, float] = {}
        for node_id, item in self.node_items.items():
            pos = item.pos()
            hw, hh, point = item.outline_extent()
            centres[node_id] = (pos.x(), pos.y())
            sizes[node_id] = (2 * hw, 2 * hh)
            if point:
                insets[node_id] = point
        k = self.node_scale
        routes = plan_routes(
            centres,
            sizes,
            [(r.id, r.source, r.target) for r in rels],
            clearance=CLEARANCE * k,
            gap=PARALLEL_GAP * k,
            insets=insets,
            max_rounds=MAX_ROUNDS if bend and self.routes_bend() else 0,
        )
        reach: dict[int, list[float]] = {}
        for rel in rels:
            key = rel.id
            route = routes[key]
            old = self._geometry[rel.sign].get(key)
            if old is not None:
                for node_id in old[1].around:
                    self._bent_by.get(node_id, set()).discard(key)  # type: ignore[arg-type]  # route ends are node ids (Hashable in layout)
            for node_id in route.around:
                self._bent_by.setdefault(node_id, set()).add(key)  # type: ignore[arg-type]  # route ends are node ids (Hashable in layout)
            self._geometry[rel.sign][key] = (rel, route)
            item = self.relation_items.get(key)
            if item is not None:
                item.set_route(route)
            elif make_items:
                self._make_hit_item(rel, route)
            if not self._bulk:
                grow = reach.setdefault(rel.sign, [math.inf, math.inf, -math.inf, -math.inf])
                for x, y in route.points:
                    grow[:] = min(grow[0], x), min(grow[1], y), max(grow[2], x), max(grow[3], y)
        for sign, (x1, y1, x2, y2) in reach.items():  # the layers' bounds only grow between rebuilds
            self.layers[sign].include(x1, y1, x2, y2)
            self.dim_layers[sign].include(x1, y1, x2, y2)
        for sign in {rel.sign for rel in rels}:
            self.layers[sign].invalidate()
            self.dim_layers[sign].invalidate()
        self.routes_changed.emit()

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
        old = self._geometry[rel.sign].pop(key, None)
        if old is not None:
            for node_id in old[1].around:
                self._bent_by.get(node_id, set()).discard(key)  # type: ignore[arg-type]  # route ends are node ids (Hashable in layout)
        self._reroute(siblings)
        self.layers[rel.sign].invalidate()
        self.dim_layers[rel.sign].invalidate()
        item = self.relation_items.pop(key, None)
        if item is not None:
            self._lit.discard(item)
            self.removeItem(item)

    def nodes_moved(self, node_ids: Iterable[str]) -> None:
        """Route again what the moved nodes touch: their relations, those that bent round them,
        and those whose path now runs through one of them (the view calls this during a drag)."""
        moved = [n for n in node_ids if n in self.node_items]
        if not moved:
            return
        if self._quiet:  # a command is being mirrored: route once, when it is all in
            self._moved_later.update(moved)
            return
        if len(moved) * 4 > len(self.node_items) and len(moved) > 8:
            self.reroute_all(quick=True)  # a layout step: one pass over everything is cheaper
            return
        keys: set[str] = set()
        for node_id in moved:
            keys |= self._adjacent.get(node_id, set())
            keys |= self._bent_by.get(node_id, set())
        if self.routes_bend():
            keys |= self._crossing(moved)
        self._reroute(keys)
        if self._bulk:
            for layer in self._all_layers():
                layer.invalidate()

    def nodes_gliding(self, node_ids: Iterable[str]) -> None:
        """A frame of a layout animation: the moved nodes' relations follow as lines, unbent.

        Mid-glide, nodes pass through one another, and bending every line round boxes
        that overlap costs the route planner up to seconds per frame (a frame of the
        example's polarity glide took 1.5-3.5 s): a layout then seemed to hang. The full
        routing follows ``SETTLE_MS`` after the last frame, or at once with
        ``finish_routes`` (the layout's end calls it).
        """
        moved = [n for n in node_ids if n in self.node_items]
        if not moved:
            return
        if len(moved) * 4 > len(self.node_items) and len(moved) > 8:
            keys: Collection[str] = list(self._relations)
        else:
            found: set[str] = set()
            for node_id in moved:
                found |= self._adjacent.get(node_id, set())
                found |= self._bent_by.get(node_id, set())
            keys = found
        self._reroute(keys, bend=False)
        self._settle.start()
        if self._bulk:
            for layer in self._all_layers():
                layer.invalidate()

    def _crossing(self, node_ids: list[str]) -> set[str]:
        """Relations whose drawn path passes through one of these nodes' boxes (with clearance)."""
        found: set[str] = set()
        geometry = self.relation_geometry()
        if not geometry:
            return found
        keys = list(geometry)
        routes = [geometry[k][1].points for k in keys]
        counts = np.fromiter((len(p) - 1 for p in routes), dtype=np.int64, count=len(routes))
        pts = np.fromiter((c for p in routes for xy in p for c in xy), dtype=float).reshape(-1, 2)
        starts = np.cumsum(counts + 1) - (counts + 1)
        owner = np.repeat(np.arange(len(keys)), counts)
        a_idx = starts[owner] + (np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts))
        a, b = pts[a_idx], pts[a_idx + 1]
        c = CLEARANCE * self.node_scale
        for node_id in node_ids:
            item = self.node_items[node_id]
            hw, hh, _ = item.outline_extent()
            pos = item.pos()
            lo = np.array([pos.x() - hw - c, pos.y() - hh - c])
            hi = np.array([pos.x() + hw + c, pos.y() + hh + c])
            hit = _segments_meet_box(a, b, lo, hi)
            found.update(keys[i] for i in set(owner[hit].tolist()))
        return found

    def _all_layers(self) -> list[EdgeLayer]:
        return [*self.layers.values(), *self.dim_layers.values()]

    def _fit_layers(self) -> None:
        rect = self.map_rect()
        for layer in self._all_layers():
            layer.set_bounds(rect)
            layer.invalidate()

    # ---------------------------------------------------------------- views
    def _shown_geometry(self, sign: int, dimmed: bool) -> dict[str, tuple[Relation, Route]]:
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
    def relation_geometry(self) -> dict[str, tuple[Relation, Route]]:
        """relation id -> (relation, drawn route) for every relation, hit item made or not."""
        found: dict[str, tuple[Relation, Route]] = {}
        for geometry in self._geometry.values():
            found.update(geometry)
        return found

    def map_rect(self) -> QRectF:
        """The rectangle the nodes occupy (edges lie between them), and whatever else the view
        must show with them (``extra_extents``: the compare view's ghost nodes), or an empty rect."""
        rect = QRectF()
        for item in self.node_items.values():
            rect = rect.united(item.sceneBoundingRect())
        for extent in self.extra_extents.values():
            more = extent()
            if not more.isEmpty():
                rect = rect.united(more)
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


def _segments_meet_box(a: np.ndarray, b: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Which segments a[i]-b[i] pass through the open box lo-hi (slab test, vectorised)."""
    d = b - a
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = (lo - a) / d
        t2 = (hi - a) / d
    flat = d == 0
    inside = (a > lo) & (a < hi)
    enter = np.where(flat, np.where(inside, -np.inf, np.inf), np.minimum(t1, t2))
    leave = np.where(flat, np.where(inside, np.inf, -np.inf), np.maximum(t1, t2))
    return np.maximum(enter.max(axis=1), 0.0) < np.minimum(leave.min(axis=1), 1.0)
