"""What every layout engine shares: the input graph, sizes, progress and cancelling.

Layouts are pure functions. They read a graph (built from a Workspace by
:func:`layout_graph`, or any networkx graph with the same attributes), the
current positions and the pinned ids, and return new positions; they never
touch Qt or the workspace, so the canvas can run them in a worker thread and
apply the result as one undoable move.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping

import networkx as nx
import numpy as np

from tensionmap.model import Workspace, geometry

#: Drawn size of a node when the canvas does not say (scene units).
DEFAULT_SIZE: tuple[float, float] = (160.0, 60.0)
#: Clear space kept between node rectangles by the overlap removal.
GAP = 12.0
#: Scene units per unit of ideal edge length in the force-directed engine.
SPACING = geometry.SPACING
#: Attraction weight of a ``related`` (sign 0) relation relative to a full-strength support.
NEUTRAL_WEIGHT = 0.3

Position = tuple[float, float]
Sizes = Mapping[Hashable, tuple[float, float]]
Progress = Callable[[float], object]


class LayoutCancelled(Exception):
    """Raised when the progress callback returns False."""


def report(progress: Progress | None, fraction: float) -> None:
    """Tell the caller how far we are; a ``False`` answer (not ``None``) cancels."""
    if progress is not None and progress(min(1.0, max(0.0, fraction))) is False:
        raise LayoutCancelled()


def layout_graph(ws: Workspace) -> nx.Graph:
    """The undirected graph the engines lay out.

    Nodes carry ``kind``, ``label``, ``x``, ``y`` and ``pinned``. Parallel
    relations fold like the analysis does: ``sign`` is the sign of the net
    ``sum(sign * strength)`` and ``weight`` is ``min(5, |net|) / 5``. Pairs
    joined only by ``related`` relations, or whose stances cancel, get
    ``sign`` 0 and a weak ``weight`` (:data:`NEUTRAL_WEIGHT`): they are near
    each other on the map even if nobody is for or against. ``relation_signs``
    keeps the sign of every relation folded in (each is drawn, and measured).
    """
    graph = nx.Graph()
    for node in ws.nodes.values():
        graph.add_node(node.id, kind=node.kind, label=node.label, x=node.x, y=node.y, pinned=node.pinned)
    net: dict[frozenset[str], int] = defaultdict(int)
    ends: dict[frozenset[str], tuple[str, str]] = {}
    signs: dict[frozenset[str], list[int]] = defaultdict(list)
    for rel in ws.relations.values():
        key = frozenset((rel.source, rel.target))
        net[key] += rel.sign * rel.strength
        signs[key].append(rel.sign)
        ends.setdefault(key, (rel.source, rel.target))
    for key, total in net.items():
        u, v = ends[key]
        drawn = tuple(signs[key])
        if total == 0:
            graph.add_edge(u, v, sign=0, weight=NEUTRAL_WEIGHT, relation_signs=drawn)
        else:
            graph.add_edge(
                u, v, sign=1 if total > 0 else -1, weight=min(5, abs(total)) / 5.0, relation_signs=drawn
            )
    return graph


def layout_graph_of(graph: nx.Graph) -> nx.Graph:
    """A graph from elsewhere (e.g. an edge list with only ``sign``) with the attributes engines read."""
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, d in graph.edges(data=True):
        out.add_edge(u, v, sign=d.get("sign", 1), weight=d.get("weight", 1.0))
    return out


def current_positions(graph: nx.Graph) -> dict[Hashable, Position]:
    """Positions stored on the graph's nodes (``x``/``y`` attributes, default 0)."""
    return {n: (float(d.get("x", 0.0)), float(d.get("y", 0.0))) for n, d in graph.nodes(data=True)}


def pinned_nodes(graph: nx.Graph) -> set[Hashable]:
    return {n for n, d in graph.nodes(data=True) if d.get("pinned")}


def size_array(nodes: Iterable[Hashable], sizes: Sizes | None) -> np.ndarray:
    """(n, 2) widths and heights, defaulting to :data:`DEFAULT_SIZE`."""
    sizes = sizes or {}
    return np.array([sizes.get(n, DEFAULT_SIZE) for n in nodes], dtype=np.float64).reshape(-1, 2)


def edge_arrays(
    graph: nx.Graph, index: Mapping[Hashable, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(u, v, sign, weight) arrays; ``sign`` defaults to +1 and ``weight`` to 1."""
    rows = [
        (index[u], index[v], d.get("sign", 1), d.get("weight", 1.0))
        for u, v, d in graph.edges(data=True)
        if u != v
    ]
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), np.zeros(0)
    arr = np.array(rows, dtype=np.float64)
    return arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2], arr[:, 3]


def rectangles_overlap(
    positions: Mapping[Hashable, Position], sizes: Sizes | None = None, *, tolerance: float = 1e-6
) -> list[tuple[Hashable, Hashable]]:
    """Pairs of nodes whose rectangles (centred on their positions) overlap; for tests and checks."""
    from scipy.spatial import cKDTree

    nodes = list(positions)
    if len(nodes) < 2:
        return []
    pos = np.array([positions[n] for n in nodes], dtype=np.float64)
    half = size_array(nodes, sizes) / 2.0
    radius = 2.0 * float(np.max(np.hypot(half[:, 0], half[:, 1])))
    pairs = cKDTree(pos).query_pairs(radius, output_type="ndarray")
    if len(pairs) == 0:
        return []
    i, j = pairs[:, 0], pairs[:, 1]
    ox = half[i, 0] + half[j, 0] - np.abs(pos[i, 0] - pos[j, 0])
    oy = half[i, 1] + half[j, 1] - np.abs(pos[i, 1] - pos[j, 1])
    bad = (ox > tolerance) & (oy > tolerance)
    return [(nodes[a], nodes[b]) for a, b in zip(i[bad], j[bad], strict=True)]


#: How strongly a stance shared through drivers ties two stakeholders,
#: relative to a direct relation of the same strength.
STANCE_TIE_WEIGHT = 0.6


def add_stance_ties(graph: nx.Graph) -> nx.Graph:
    """A copy with virtual edges between stakeholders that pull together or apart through drivers.

    Two stakeholders rarely relate directly; what sets them against each
    other is that one supports what the other opposes, or that they support
    two drivers in tension. Each such path (stakeholder - driver -
    stakeholder, or stakeholder - driver - driver - stakeholder) adds the
    product of its signs and weights to the pair's tie, so the force layout
    pulls allies together and pushes rivals apart, and the oppositions
    between them span the gap. Pairs already related directly keep their own edge.
    """
    out = graph.copy()
    stakeholders = [n for n, d in graph.nodes(data=True) if d.get("kind") == "stakeholder"]
    tie: dict[tuple[Hashable, Hashable], float] = defaultdict(float)

    def value(a: Hashable, b: Hashable) -> float:
        d = graph.edges[a, b]
        return float(d.get("sign", 1)) * float(d.get("weight", 1.0))

    order = {n: i for i, n in enumerate(stakeholders)}
    for a in stakeholders:
        for x in graph.neighbors(a):
            if graph.nodes[x].get("kind") == "stakeholder":
                continue
            ax = value(a, x)
            if ax == 0:
                continue
            for y in graph.neighbors(x):
                if y == a:
                    continue
                if graph.nodes[y].get("kind") == "stakeholder":
                    if order[y] > order[a]:
                        tie[(a, y)] += ax * value(x, y)
                    continue
                xy = value(x, y)
                for b in graph.neighbors(y):
                    if b != a and graph.nodes[b].get("kind") == "stakeholder" and order[b] > order[a]:
                        tie[(a, b)] += ax * xy * value(y, b)
    for (a, b), total in tie.items():
        if total != 0 and not graph.has_edge(a, b):
            weight = min(1.0, abs(total)) * STANCE_TIE_WEIGHT
            out.add_edge(a, b, sign=1 if total > 0 else -1, weight=weight, virtual=True)
    return out
