"""The measures of a laid-out workspace, as the CLI's ``layout --metrics`` prints them.

Relations are measured as drawn: ``crossings`` and ``edges_through_nodes``
on the routed geometry (:func:`~.routing.route_relations`), with the same two
on straight segments beside them (``..._straight``), so a reader sees what
the router adds to the layout.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from tensionmap.model import Workspace

from .base import DEFAULT_SIZE, Position
from .quality import measure
from .routing import route_relations


def workspace_metrics(
    ws: Workspace,
    positions: Mapping[str, Position],
    sizes: Mapping[str, tuple[float, float]] | None = None,
    camps: tuple[Collection[str], Collection[str]] | None = None,
) -> dict[str, object]:
    """crossings, edges_through_nodes (routed and straight), node_overlaps, opposing_supportive_ratio,
    camp_separation and fill of ``ws`` drawn at ``positions``."""
    sizes = {k: tuple((sizes or {}).get(k, DEFAULT_SIZE)) for k in positions}  # type: ignore[misc]  # sizes are (width, height) pairs
    relations = [(r.id, r.source, r.target) for r in ws.relations.values() if r.source != r.target]
    signs = {r.id: r.sign for r in ws.relations.values()}
    straight = measure(positions, sizes, relations, signs=signs, camps=camps)  # type: ignore[arg-type]
    routed_lines = route_relations(positions, sizes, relations)  # type: ignore[arg-type]
    routed = measure(positions, sizes, relations, signs=signs, camps=camps, geometry=routed_lines)  # type: ignore[arg-type]
    return {
        "crossings": routed.crossings,
        "edges_through_nodes": routed.edges_through_nodes,
        "node_overlaps": routed.node_overlaps,
        "opposing_supportive_ratio": routed.opposing_supportive_ratio,
        "camp_separation": routed.camp_separation,
        "fill": routed.fill,
        "crossings_straight": straight.crossings,
        "edges_through_nodes_straight": straight.edges_through_nodes,
    }
