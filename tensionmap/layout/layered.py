"""Layered layout: stakeholders in one band, drivers in another, few crossings.

The classic two-layer Sugiyama step. Both bands start in the order of the
nodes' current x (so a re-run keeps what the user already arranged), then
alternate barycentre sweeps reorder each band by the mean relative position
of its neighbours in the other band; nodes with no such neighbour keep their
relative place. Crossings between the bands are counted after every sweep
(an O(E log E) inversion count) and the best order seen is kept, then
refined by swapping neighbours while that removes crossings. Relations
inside a band do not cross anything in this drawing and are ignored.

The band with fewer nodes is spread out under its neighbours rather than
packed in the middle. Neighbours in a band and rows of a band keep
:data:`ROUTE_GAP` apart, so the router can take a relation between two
bands, or along a band, around the nodes in its way instead of through them.
Bands with many nodes wrap into several rows (stakeholder rows grow
upwards, driver rows downwards, so the two bands face each other). Pinned nodes stay
where they are and the overlap removal, moving along x only, makes room.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence

import networkx as nx
import numpy as np

from .base import Position, Progress, Sizes, report, size_array
from .finish import finish

#: Clear space between neighbours in a band and between the rows of a band: room for a routed
#: relation to pass between two nodes (clearance on both sides, parallel relations 10 apart), and
#: more than the compaction's clearance, so drawing the map together keeps it.
ROUTE_GAP = 64.0
SWEEPS = 12
TRANSPOSE_LIMIT = 150
TRANSPOSE_PASSES = 6


def count_crossings(top: Sequence[Hashable], bottom: Sequence[Hashable], edges: Sequence[tuple]) -> int:
    """Crossings of straight edges (top node, bottom node) drawn between two ordered rows."""
    ti = {n: i for i, n in enumerate(top)}
    bi = {n: i for i, n in enumerate(bottom)}
    pairs = sorted((ti[a], bi[b]) for a, b in edges)
    seq = [b for _, b in pairs]
    # Inversions with strictly greater bottom index among earlier edges of strictly smaller top index.
    size = len(bottom) + 1
    tree = [0] * (size + 1)
    crossings = 0
    seen = 0
    k = 0
    while k < len(pairs):
        group_end = k
        while group_end < len(pairs) and pairs[group_end][0] == pairs[k][0]:
            group_end += 1
        for b in seq[k:group_end]:
            # count earlier edges with bottom index > b
            i, le = b + 1, 0
            while i > 0:
                le += tree[i]
                i -= i & -i
            crossings += seen - le
        for b in seq[k:group_end]:
            i = b + 1
            while i <= size:
                tree[i] += 1
                i += i & -i
        seen += group_end - k
        k = group_end
    return crossings


def _reorder(band: list[Hashable], other: list[Hashable], graph: nx.Graph) -> list[Hashable]:
    where = {n: i / max(len(other) - 1, 1) for i, n in enumerate(other)}
    keyed = []
    for i, n in enumerate(band):
        around = [where[m] for m in graph[n] if m in where]
        own = i / max(len(band) - 1, 1)
        keyed.append((sum(around) / len(around) if around else own, own, n))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [n for _, _, n in keyed]


def order_bands(
    graph: nx.Graph, top: list[Hashable], bottom: list[Hashable], sweeps: int = SWEEPS
) -> tuple[list[Hashable], list[Hashable], int]:
    """Barycentre sweeps from the given orders; returns the best (top, bottom, crossings)."""
    top_set = set(top)
    bottom_set = set(bottom)
    edges = [(a, b) if a in top_set else (b, a) for a, b in graph.edges() if (a in top_set) != (b in top_set)]
    edges = [(a, b) for a, b in edges if b in bottom_set]
    best = (list(top), list(bottom), count_crossings(top, bottom, edges))
    for sweep in range(sweeps):
        if best[2] == 0:
            break
        if sweep % 2 == 0:
            bottom = _reorder(bottom, top, graph)
        else:
            top = _reorder(top, bottom, graph)
        crossings = count_crossings(top, bottom, edges)
        if crossings < best[2]:
            best = (list(top), list(bottom), crossings)
    return _transpose(*best, edges)


def _transpose(
    top: list[Hashable], bottom: list[Hashable], crossings: int, edges: list[tuple]
) -> tuple[list[Hashable], list[Hashable], int]:
    """Swap neighbours in either band while that removes crossings (the "transpose" refinement).

    Barycentre sweeps stop in local optima; adjacent swaps fix most of what
    they leave. Each trial recounts in O(E log E), so this is only done for
    bands of up to TRANSPOSE_LIMIT nodes.
    """
    if max(len(top), len(bottom)) > TRANSPOSE_LIMIT:
        return top, bottom, crossings
    for _ in range(TRANSPOSE_PASSES):
        improved = False
        for band in (top, bottom):
            for i in range(len(band) - 1):
                if crossings == 0:
                    return top, bottom, 0
                band[i], band[i + 1] = band[i + 1], band[i]
                trial = count_crossings(top, bottom, edges)
                if trial < crossings:
                    crossings, improved = trial, True
                else:
                    band[i], band[i + 1] = band[i + 1], band[i]
        if not improved:
            break
    return top, bottom, crossings


def _rows(band: list[Hashable], per_row: int) -> list[list[Hashable]]:
    return [band[i : i + per_row] for i in range(0, len(band), per_row)] or [[]]


def _align(
    small: list[Hashable],
    large: list[Hashable],
    graph: nx.Graph,
    place: dict[Hashable, Position],
    widths: Mapping[Hashable, float],
) -> None:
    """Spread the shorter band under its neighbours instead of packing it in the middle.

    Each node wants the mean x of its neighbours in the other band; a
    left-to-right pass keeps the order and the spacing, and the band is then
    shifted so that on average it sits where it wants to be (in place).
    """
    in_large = set(large)
    want = []
    for n in small:
        xs = [place[m][0] for m in graph[n] if m in in_large]
        want.append(sum(xs) / len(xs) if xs else place[n][0])
    xs_new: list[float] = []
    for k, n in enumerate(small):
        x = want[k]
        if k:
            x = max(x, xs_new[-1] + (widths[small[k - 1]] + widths[n]) / 2 + ROUTE_GAP)
        xs_new.append(x)
    shift = sum(w - x for w, x in zip(want, xs_new, strict=True)) / len(small)
    for n, x in zip(small, xs_new, strict=True):
        place[n] = (x + shift, place[n][1])


def layered_layout(
    graph: nx.Graph,
    positions: Mapping[Hashable, Position] | None = None,
    pinned: set[Hashable] | frozenset[Hashable] = frozenset(),
    *,
    sizes: Sizes | None = None,
    progress: Progress | None = None,
) -> dict[Hashable, Position]:
    """Stakeholders in the top band, every other node in the bottom band, crossings reduced."""
    nodes = list(graph)
    if not nodes:
        return {}
    positions = positions or {}
    kinds = nx.get_node_attributes(graph, "kind")
    size = size_array(nodes, sizes)
    widths = {n: float(w) for n, (w, _) in zip(nodes, size, strict=True)}
    row = float(size[:, 1].max()) + ROUTE_GAP

    def initial(n: Hashable) -> tuple[float, str]:
        return (float(positions.get(n, (0.0, 0.0))[0]), str(n))

    top = sorted((n for n in nodes if kinds.get(n) == "stakeholder"), key=initial)
    bottom = sorted((n for n in nodes if kinds.get(n) != "stakeholder"), key=initial)
    report(progress, 0.1)
    top, bottom, _ = order_bands(graph, top, bottom)
    report(progress, 0.6)

    per_row = max(12, math.ceil(3 * math.sqrt(len(nodes))))
    place: dict[Hashable, Position] = {}
    band_gap = 4 * row
    for band, direction, base in ((top, -1, 0.0), (bottom, 1, band_gap)):
        for r, members in enumerate(_rows(band, per_row)):
            total = sum(widths[n] + ROUTE_GAP for n in members)
            x = -total / 2
            for n in members:
                place[n] = (x + (widths[n] + ROUTE_GAP) / 2, base + direction * r * row)
                x += widths[n] + ROUTE_GAP

    if len(top) <= per_row and len(bottom) <= per_row and top and bottom:
        small, large = (top, bottom) if len(top) <= len(bottom) else (bottom, top)
        _align(small, large, graph, place, widths)

    pos = np.array([place[n] for n in nodes], dtype=np.float64)
    return finish(nodes, pos, positions, pinned, size, progress, axis="x")  # the bands stay bands
