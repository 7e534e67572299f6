"""Drawing nodes larger when zoomed out, without letting them overlap.

A fitted map is often drawn at 25-45% zoom, where 11 pt labels would be a few
pixels tall. The canvas then draws every node ``k`` times its natural size so
labels stay legible (``label_scale``). Enlarged boxes of nodes that sit close
together would overlap, so ``Declutter`` nudges those nodes apart on screen,
just enough (``layout.overlap.remove_overlaps``, the pass every layout ends
with). This is display only: the model keeps its positions, and at 100% (k =
1) every node is drawn exactly where it is stored. A node dragged while
nudged is written where it was dropped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
from PySide6.QtCore import QTimer

from ..layout.overlap import remove_overlaps
from ..render import MapScene

#: Room kept between enlarged nodes (scene units at natural size; it grows with k).
ENLARGE_GAP = 10.0


def label_scale(zoom: float, target_px: float, natural_px: float, max_scale: float) -> float:
    """The node scale that draws labels ``target_px`` tall at ``zoom`` (1 ≤ k ≤ max_scale), in 5% steps.

    Steps keep tiny zoom changes from re-laying the nodes out every time.
    """
    if zoom <= 0 or natural_px <= 0:
        return 1.0
    k = math.ceil(target_px / (natural_px * zoom) * 20 - 1e-9) / 20
    return float(min(max_scale, max(1.0, k)))


def spread_positions(
    centres: np.ndarray,
    sizes: np.ndarray,
    k: float,
    gap: float = ENLARGE_GAP,
    fixed: np.ndarray | None = None,
) -> np.ndarray:
    """Centres moved as little as possible so boxes ``sizes * k`` stay ``gap * k`` apart;
    ``fixed`` (pinned) nodes stay where they are, on screen too."""
    if k <= 1.0 or len(centres) < 2:
        return np.array(centres, dtype=float, copy=True)
    return remove_overlaps(centres, np.asarray(sizes, dtype=float) * k, fixed, gap=gap * k)


class Declutter:
    """Keeps the enlarged nodes of one scene apart; re-applied when the map changes."""

    def __init__(self, scene: MapScene, max_nodes: int) -> None:
        self.scene = scene
        self.max_nodes = max_nodes
        self.dragging = False
        #: Called after nodes were placed (overlays and the fit follow).
        self.placed: Callable[[], None] | None = None
        self._timer = QTimer(scene)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.apply)
        scene.mirrored.connect(self._changed)

    def _changed(self, collection: str, _key: str) -> None:
        if collection == "nodes":
            self._timer.start()  # one pass per burst of changes (a layout moves every node)

    def pending(self) -> bool:
        return self._timer.isActive()

    def shown_positions(self, positions: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        """Where every node would be drawn if the model held ``positions`` (the others where
        they are stored): what ``apply`` will show once they are in. A layout glides the nodes
        there, so it does not end with a jump when the nodes are drawn enlarged."""
        items = list(self.scene.node_items.values())
        model = np.array(
            [positions.get(i.node_id, (i.node.x, i.node.y)) for i in items], dtype=float
        ).reshape(-1, 2)
        k = self.scene.node_scale
        if k > 1.0 and len(items) <= self.max_nodes:
            sizes = np.array([(i.rect.width(), i.rect.height()) for i in items], dtype=float)
            pinned = np.array([i.node.pinned for i in items], dtype=bool)
            model = spread_positions(model, sizes, k, fixed=pinned)
        return {i.node_id: (float(x), float(y)) for i, (x, y) in zip(items, model.tolist(), strict=True)}

    def apply(self, *, route: bool = False) -> None:
        """Place every node at its stored position, nudged apart when drawn enlarged.

        Relations are routed again when a node moved, or always with ``route`` (the
        node scale changed and nothing was routed for it yet).
        """
        self._timer.stop()
        scene = self.scene
        if self.dragging:
            if route:
                scene.reroute_all(quick=True)
            return
        moved = self.place()
        if moved or route:
            scene.reroute_all(quick=not moved)  # a scale step alone stays quick on a big map

    def place(self) -> list[str]:
        """Put every item where it is drawn (its stored place, nudged apart when drawn
        enlarged), without routing; the ids of the items that moved.

        The scene calls this when it has mirrored a command that moved nodes, before it
        routes them: the mirror puts items on their stored places, where enlarged boxes
        may overlap, and routing round overlapping boxes costs the planner seconds.
        """
        scene = self.scene
        items = list(scene.node_items.values())
        if not items or self.dragging:
            return []
        model = np.array([(i.node.x, i.node.y) for i in items], dtype=float)
        k = scene.node_scale
        if k > 1.0 and len(items) <= self.max_nodes:
            sizes = np.array([(i.rect.width(), i.rect.height()) for i in items], dtype=float)
            pinned = np.array([i.node.pinned for i in items], dtype=bool)
            shown = spread_positions(model, sizes, k, fixed=pinned)
        else:
            shown = model
        moved: list[str] = []
        for item, (x, y) in zip(items, shown.tolist(), strict=True):
            if (item.pos().x(), item.pos().y()) != (x, y):
                item.setPos(x, y)
                moved.append(item.node_id)
        if moved and self.placed is not None:
            self.placed()
        return moved
