"""Maps and graphs shared by the layout tests (imported by name; pytest puts this folder on sys.path)."""

from __future__ import annotations

import networkx as nx
import numpy as np

from tensionmap.analysis import load_signed_edgelist
from tensionmap.model import Node, Relation, Workspace


def build_map(stakeholders="", drivers="", relations=(), pinned=()) -> Workspace:
    """Ids double as labels; relations are (source, type, target[, strength])."""
    ws = Workspace("layout test")
    count = 0
    for kind, names in (("stakeholder", stakeholders), ("driver", drivers)):
        for name in names.split():
            count += 1
            x, y = (300.0 * count + 0.5, 150.0 * count - 0.25) if name in pinned else (0.0, 0.0)
            ws.add_node(Node(id=name, kind=kind, label=name, x=x, y=y, pinned=name in pinned))
    for k, rel in enumerate(relations):
        source, type_, target = rel[:3]
        strength = rel[3] if len(rel) > 3 else 3
        ws.add_relation(Relation(id=f"r{k}", source=source, target=target, type=type_, strength=strength))
    return ws


def random_signed_graph(n: int, seed: int = 0, negative: float = 0.3) -> nx.Graph:
    """n nodes, 3n relations, a share ``negative`` of them opposing."""
    rng = np.random.default_rng(seed)
    g = nx.gnm_random_graph(n, 3 * n, seed=seed)
    for u, v in g.edges:
        g.edges[u, v]["sign"] = -1 if rng.random() < negative else 1
        g.edges[u, v]["weight"] = 1.0
    return g


def length_ratio(graph: nx.Graph, pos) -> float:
    """Mean length of opposing edges over mean length of supportive ones."""
    lengths = {1: [], -1: []}
    for u, v, d in graph.edges(data=True):
        if d["sign"]:
            lengths[d["sign"]].append(float(np.hypot(pos[u][0] - pos[v][0], pos[u][1] - pos[v][1])))
    return float(np.mean(lengths[-1]) / np.mean(lengths[1]))


def tribes_map(path) -> Workspace:
    g = load_signed_edgelist(path)
    ws = Workspace("tribes")
    for n in sorted(g, key=int):
        ws.add_node(Node(id=f"t{n}", kind="stakeholder", label=f"Tribe {n}"))
    for k, (u, v, d) in enumerate(g.edges(data=True)):
        kind = "supports" if d["sign"] > 0 else "opposes"
        ws.add_relation(Relation(id=f"e{k}", source=f"t{u}", target=f"t{v}", type=kind, strength=3))
    return ws
