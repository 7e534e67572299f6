"""Where imported nodes without positions go: a circle, or a grid for many."""

from __future__ import annotations

import math

from ..model import Workspace, geometry

SPACING = geometry.SPACING


def circle_or_grid(count: int, spacing: float = SPACING) -> list[tuple[float, float]]:
    """Positions for ``count`` nodes: a circle up to 40 nodes, a square-ish grid beyond."""
    if count <= 0:
        return []
    if count == 1:
        return [(0.0, 0.0)]
    if count <= 40:
        radius = max(spacing, count * spacing / (2 * math.pi))
        return [
            (
                round(radius * math.cos(2 * math.pi * i / count - math.pi / 2), 1),
                round(radius * math.sin(2 * math.pi * i / count - math.pi / 2), 1),
            )
            for i in range(count)
        ]
    columns = math.ceil(math.sqrt(count))
    return [((i % columns) * spacing, (i // columns) * spacing) for i in range(count)]


def place_unpositioned(ws: Workspace, positioned: set[str]) -> None:
    """Lay out nodes the file gave no position, so they do not all sit at 0,0.

    With no positions at all they go on a circle (or grid); otherwise on a
    grid below the nodes that have positions.
    """
    nodes = ws.nodes
    loose = [key for key in nodes if key not in positioned]
    if not loose:
        return
    spots = circle_or_grid(len(loose))
    if positioned:
        placed = [nodes[key] for key in positioned if key in nodes]
        left = min(n.x for n in placed)
        below = max(n.y for n in placed) + SPACING
        columns = max(1, math.ceil(math.sqrt(len(loose))))
        spots = [
            (left + (i % columns) * SPACING, below + (i // columns) * SPACING) for i in range(len(loose))
        ]
    ws.move_nodes(dict(zip(loose, spots, strict=True)))
