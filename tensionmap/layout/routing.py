"""Edge routing: the drawn path of every relation, between layout and drawing.

A layout places node centres; this step decides how each relation is drawn
between them, so the canvas, the exports, the report and the layout measures
all see one geometry. Pure numpy, no Qt.

- A relation is a straight line from the source's outline to the target's
  where the way is free.
- A line that crosses another node's box (inflated by ``clearance``) is bent
  round it: the blocked stretch is replaced by the taut path round that box's
  corners on whichever side is clear (fewer boxes in the way, then shorter),
  and the new stretches are tested again, round after round. Bends that turn
  out not to be needed are pulled straight afterwards. The few relations still
  blocked after that get a shortest path through a visibility graph of the
  box corners nearby.
- Relations that join the same two nodes are drawn as separate polylines: they
  leave and reach the nodes ``gap`` apart and bow to twice that in the middle,
  so each keeps its own marker; A->B and B->A lie on opposite sides.
- Only boxes near a line are tested: every box is registered in the cells of a
  uniform grid it reaches, and a line asks only the cells it passes.

Where two boxes (or a box and a relation's end) are closer than twice the
clearance, the path keeps half the space there is instead, so it can still
pass between them; a box that overlaps a relation's own end cannot be avoided
and is ignored for that relation (layouts never leave nodes overlapping).
"""

from __future__ import annotations

import gc
from collections.abc import Hashable, Mapping, Sequence

from .route_planner import (
    FALLBACK_LIMIT,
    MAX_ROUNDS,
    PARALLEL_BOW,
    PARALLEL_GAP,
    VISIBILITY_BOXES,
    Point,
    Route,
    Router,
    marker_point,
    polyline_length,
)

__all__ = [
    "FALLBACK_LIMIT",
    "MAX_ROUNDS",
    "PARALLEL_BOW",
    "PARALLEL_GAP",
    "VISIBILITY_BOXES",
    "Point",
    "Route",
    "marker_point",
    "plan_routes",
    "polyline_length",
    "route_relations",
]


def route_relations(
    centres: Mapping[Hashable, Point],
    sizes: Mapping[Hashable, tuple[float, float]],
    relations: Sequence[tuple[Hashable, Hashable, Hashable]],
    *,
    clearance: float = 8.0,
) -> dict[Hashable, list[Point]]:
    """Each relation's drawn polyline: first point on the source's box boundary, last on the target's,
    intermediate points are bends. Straight (2 points) where the way is free; bent around any other node box
    (inflated by `clearance`) in the way; parallel relations between the same two nodes separated by at
    least 10 units along their length. The polyline IS the geometry: renderers draw exactly it (they may round
    its corners by a radius no larger than clearance/2)."""
    routes = plan_routes(centres, sizes, relations, clearance=clearance)
    return {key: list(route.points) for key, route in routes.items()}


def plan_routes(
    centres: Mapping[Hashable, Point],
    sizes: Mapping[Hashable, tuple[float, float]],
    relations: Sequence[tuple[Hashable, Hashable, Hashable]],
    *,
    clearance: float = 8.0,
    gap: float = PARALLEL_GAP,
    insets: Mapping[Hashable, float] | None = None,
    max_rounds: int = MAX_ROUNDS,
) -> dict[Hashable, Route]:
    """``route_relations`` with what a renderer needs besides the points (see ``Route``).

    ``gap``: distance between parallel relations where they meet a node (the map
    scale times ``PARALLEL_GAP`` when nodes are drawn larger). ``insets``: node id ->
    depth of a hexagon's point (its left and right tips), so lines end on a
    driver's slanted sides rather than on its bounding box. Every node in
    ``centres`` is an obstacle, so routing a few relations of a big map (after a
    drag) sees the whole map.
    """
    # Routing a big map makes tens of thousands of small tuples and lists at once: the cyclic
    # collector would walk every object of the application (a scene holds many) again and again
    # meanwhile, for nothing, since none of them form cycles. It is paused, not switched off.
    paused = gc.isenabled()
    gc.disable()
    try:
        router = Router(centres, sizes, clearance, insets)
        return router.route(relations, gap=gap, max_rounds=max_rounds)
    finally:
        if paused:
            gc.enable()
