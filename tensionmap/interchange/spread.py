"""Spread imported positions apart so the map's boxes do not overlap, keeping the drawing's shape.

Gephi and yEd draw nodes as small dots or 30-pixel squares; a map draws a
labelled box of about 100 x 40. Positions taken as they are would pile the
boxes on top of each other (Gephi's Les Misérables, a yEd file of small
squares), and a map never shows overlapping nodes. So an import multiplies
every position from the file by one factor, the smallest that separates
every overlapping pair of boxes: the shape of the user's drawing is kept
exactly (the same picture, larger), and the summary says by how much.

Only pairs that overlap at the file's own scale can need it (scaling up only
moves boxes apart), so the pairs are found with a grid of box-sized cells
in about linear time. Nodes at the very same spot cannot be separated by
scaling; the factor is capped at ``MAX_SCALE`` and such pairs are counted.
Files this program wrote are left alone (their maps have no overlaps by
construction, and an export then import must give back the same map).
"""

from __future__ import annotations

import math
from collections import defaultdict

from ..model import Node, Workspace

GAP = 16.0  # clear space wanted between two boxes
MAX_SCALE = 25.0
WRAP = 24  # label characters per line, as the canvas wraps them


def box_size(node: Node) -> tuple[float, float]:
    """An estimate of the box the canvas draws (Qt-free: the interchange layer has no fonts)."""
    text = " ".join(node.label.split()) or "?"
    chars = min(len(text), WRAP)
    lines = max(1, math.ceil(len(text) / WRAP))
    return max(72.0, 7.5 * chars + 52.0), max(36.0, 18.0 * lines + 18.0)


def spread_factor(nodes: list[Node]) -> tuple[float, int]:
    """(the factor that separates every overlapping pair, pairs that share a spot).

    A first factor from density (the boxes' total area against the drawing's
    bounding box) makes a crowded drawing sparse, so the exact pass over
    neighbouring grid cells stays about linear even for a 100 000-node file
    whose nodes all sit in a few cells at the file's own scale.
    """
    if len(nodes) < 2:
        return 1.0, 0
    sizes = [box_size(n) for n in nodes]
    xs, ys = [n.x for n in nodes], [n.y for n in nodes]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    needed = sum((w + GAP) * (h + GAP) for w, h in sizes)
    base = 1.0
    if width > 0 and height > 0:
        base = max(1.0, math.sqrt(needed / (width * height)))
    if base >= MAX_SCALE:  # too crowded to separate by scaling alone: a layout must do it
        return MAX_SCALE, 0
    xs, ys = [x * base for x in xs], [y * base for y in ys]
    cell = max(max(w for w, _ in sizes), max(h for _, h in sizes)) + GAP
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        grid[(math.floor(x / cell), math.floor(y / cell))].append(i)
    factor, stuck = 1.0, 0
    for (cx, cy), members in grid.items():
        near = [j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in grid.get((cx + dx, cy + dy), ())]
        for i in members:
            wa, ha = sizes[i]
            for j in near:
                if j <= i:
                    continue
                wb, hb = sizes[j]
                need_x, need_y = (wa + wb) / 2 + GAP, (ha + hb) / 2 + GAP
                dx, dy = abs(xs[i] - xs[j]), abs(ys[i] - ys[j])
                if dx >= need_x or dy >= need_y:
                    continue  # already apart
                if dx < 1e-9 and dy < 1e-9:
                    stuck += 1
                    continue
                best = min(need_x / dx if dx > 1e-9 else math.inf, need_y / dy if dy > 1e-9 else math.inf)
                factor = max(factor, best)
    return min(base * factor, MAX_SCALE), stuck


def spread_positions(ws: Workspace, positioned: set[str]) -> tuple[float, int]:
    """Scale the file's positions (about the origin) so no two boxes overlap; returns (factor, stuck)."""
    nodes = [ws.nodes[key] for key in positioned if key in ws.nodes]
    factor, stuck = spread_factor(nodes)
    if factor > 1.0 + 1e-9:
        factor = math.ceil(factor * 100) / 100  # a round figure for the summary, still enough
        ws.move_nodes({n.id: (n.x * factor, n.y * factor) for n in nodes})
    else:
        factor = 1.0
    return factor, stuck
