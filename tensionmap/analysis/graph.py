"""Turn a Workspace into the signed graph the analyses work on.

The workspace holds directed, typed relations and may hold several of them
between the same two nodes (A supports X for one reason and resists it for
another). Balance theory and path reasoning want one signed tie per pair, so
the relations are folded here, once, with a documented rule:

* relations of sign 0 (``related``) carry no stance and are ignored;
* direction is ignored (a stance joins two nodes whichever way it is drawn);
* the relations joining a pair are combined by their net ``sum(sign * strength)``:
  its sign is the sign of the tie and ``min(5, |net|)`` its strength, so two
  weak supports outweigh one weak opposition, and a strong opposition wins
  over a weak support;
* if the net is exactly zero the pair has no signed tie (the stances cancel).

Each edge keeps the ids of the relations that produced it: ``relations`` (all
signed ones) and ``agreeing`` (those whose sign equals the tie's), so results
computed on edges can be reported as relation ids.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from tensionmap.model import Workspace

MAX_STRENGTH = 5


def signed_graph(ws: Workspace) -> nx.Graph:
    """The undirected signed graph of a workspace.

    Every node of the workspace is a graph node (with ``kind`` and ``label``
    attributes), including nodes with no signed relation. Edges carry
    ``sign`` (+1/-1), ``strength`` (1-5), ``net`` (signed sum), ``relations``
    and ``agreeing`` (lists of relation ids, in workspace order).
    """
    graph = nx.Graph()
    for node in ws.nodes.values():
        graph.add_node(node.id, kind=node.kind, label=node.label)
    net: dict[frozenset[str], int] = defaultdict(int)
    members: dict[frozenset[str], list[tuple[str, int]]] = defaultdict(list)
    ends: dict[frozenset[str], tuple[str, str]] = {}
    for rel in ws.relations.values():
        if rel.sign == 0:
            continue
        key = frozenset((rel.source, rel.target))
        net[key] += rel.sign * rel.strength
        members[key].append((rel.id, rel.sign))
        ends.setdefault(key, (rel.source, rel.target))
    for key, total in net.items():
        if total == 0:
            continue
        sign = 1 if total > 0 else -1
        u, v = ends[key]
        graph.add_edge(
            u,
            v,
            sign=sign,
            strength=min(MAX_STRENGTH, abs(total)),
            net=total,
            relations=[rid for rid, _ in members[key]],
            agreeing=[rid for rid, s in members[key] if s == sign],
        )
    return graph
