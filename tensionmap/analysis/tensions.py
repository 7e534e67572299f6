"""Explicit and derived tensions (and alliances) between the actors of a map.

*Explicit* findings are single relations: every relation of sign -1 is an
explicit tension between its two ends (whatever their kinds), and every
relation of sign +1 between two stakeholders is an explicit alliance.

*Derived* findings are between two stakeholders that never need to have met:
they are read off paths ``A - X - B`` and ``A - X - Y - B`` in the signed graph
(:func:`tensionmap.analysis.graph.signed_graph`, so direction is ignored and
parallel relations are already folded), where the intermediates X, Y are not
stakeholders. A stakeholder's relation to a driver is read as its stance.

* The sign of a path is the product of its edge signs (structural balance:
  the friend of my enemy is my enemy). Negative paths are tensions, positive
  paths are alliances. So two stakeholders supporting the same driver are
  allies; one supporting and one opposing it are in tension; supporting two
  drivers that are in tension with each other puts them in tension.
* The intensity of a path is the product of ``strength / 5`` over its edges,
  so it lies in (0, 1]: a path of maximal strengths scores 1 and a longer path
  scores less than a shorter one of the same strengths. An explicit finding's
  intensity is its relation's ``strength / 5`` on the same scale, so explicit
  and derived findings can be ranked together.
* A pair is reported once per sign, with its strongest path (highest
  intensity, then the shorter, then the smaller node ids) and the number of
  paths of that sign.
* A pair with both positive and negative paths is reported in *both* lists,
  each entry flagged ``mixed``: they agree on something and disagree on
  something else, which is exactly what a workshop should discuss. Netting the
  two would hide one of the two facts.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import networkx as nx

from tensionmap.model import Workspace

from .graph import MAX_STRENGTH, signed_graph

STAKEHOLDER = "stakeholder"


@dataclass(frozen=True)
class Finding:
    """A tension (sign -1) or an alliance (sign +1) between two nodes."""

    between: tuple[str, str]
    labels: tuple[str, str]
    kind: str  # "explicit" or "derived"
    sign: int
    intensity: float
    path: tuple[str, ...]
    count: int
    relations: tuple[str, ...]
    mixed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "between": list(self.between),
            "labels": list(self.labels),
            "kind": self.kind,
            "intensity": round(self.intensity, 6),
            "path": list(self.path),
            "count": self.count,
            "relations": list(self.relations),
            "mixed": self.mixed,
        }


def rank(findings: list[Finding]) -> list[Finding]:
    """Strongest first; explicit before derived at equal intensity; then by labels for stability."""
    return sorted(
        findings,
        key=lambda f: (-f.intensity, f.kind != "explicit", len(f.path), f.labels, f.between),
    )


def explicit_findings(ws: Workspace) -> tuple[list[Finding], list[Finding]]:
    """(tensions, alliances) made of single relations, in workspace order.

    Every sign -1 relation is a tension; a sign +1 relation is an alliance only
    when both ends are stakeholders (a stakeholder supporting a driver is a
    stance, not an alliance).
    """
    nodes = ws.nodes
    tensions: list[Finding] = []
    alliances: list[Finding] = []
    for rel in ws.relations.values():
        if rel.sign == 0:
            continue
        if rel.sign > 0 and not (nodes[rel.source].kind == STAKEHOLDER == nodes[rel.target].kind):
            continue
        finding = Finding(
            between=(rel.source, rel.target),
            labels=(nodes[rel.source].label, nodes[rel.target].label),
            kind="explicit",
            sign=rel.sign,
            intensity=rel.strength / MAX_STRENGTH,
            path=(rel.source, rel.target),
            count=1,
            relations=(rel.id,),
        )
        (tensions if rel.sign < 0 else alliances).append(finding)
    return tensions, alliances


def explicit_tensions(ws: Workspace) -> list[Finding]:
    """Every relation of sign -1, ranked by intensity."""
    return rank(explicit_findings(ws)[0])


def _path_value(graph: nx.Graph, path: tuple[str, ...]) -> tuple[int, float]:
    sign, intensity = 1, 1.0
    for u, v in itertools.pairwise(path):
        data = graph.edges[u, v]
        sign *= data["sign"]
        intensity *= data["strength"] / MAX_STRENGTH
    return sign, intensity


def derived_findings(
    ws: Workspace | None = None, *, graph: nx.Graph | None = None
) -> tuple[list[Finding], list[Finding]]:
    """(tensions, alliances) between stakeholders through paths of length 2 and 3.

    Pass a workspace, or a graph already built by :func:`signed_graph` (whose
    nodes carry ``kind`` and ``label``). Both lists are ranked.
    """
    if graph is None:
        if ws is None:
            raise TypeError("derived_findings needs a workspace or a graph")
        graph = signed_graph(ws)
    kinds = nx.get_node_attributes(graph, "kind")
    labels = nx.get_node_attributes(graph, "label")
    order = {n: (str(labels.get(n, n)), str(n)) for n in graph}

    def is_stakeholder(n: str) -> bool:
        return kinds.get(n) == STAKEHOLDER

    # (a, b, sign) -> [count, (-intensity, length, path) of the best path, its intensity]
    found: dict[tuple[str, str, int], list[Any]] = {}

    def record(path: tuple[str, ...]) -> None:
        sign, intensity = _path_value(graph, path)
        key = (path[0], path[-1], sign)
        best = (-intensity, len(path), path)  # smaller is better
        slot = found.get(key)
        if slot is None:
            found[key] = [1, best, intensity]
        else:
            slot[0] += 1
            if best < slot[1]:
                slot[1], slot[2] = best, intensity

    stakeholders = sorted((n for n in graph if is_stakeholder(n)), key=order.__getitem__)
    for a in stakeholders:
        for x in graph[a]:
            if is_stakeholder(x):
                continue
            for y in graph[x]:
                if y == a:
                    continue
                if is_stakeholder(y):
                    if order[a] < order[y]:
                        record((a, x, y))
                    continue
                for b in graph[y]:
                    if b != a and is_stakeholder(b) and order[a] < order[b]:
                        record((a, x, y, b))

    tensions: list[Finding] = []
    alliances: list[Finding] = []
    for (a, b, sign), (count, (_, _, path), intensity) in found.items():
        relations: list[str] = []
        for u, v in itertools.pairwise(path):
            data = graph.edges[u, v]
            relations.extend(data.get("agreeing", ()))
        finding = Finding(
            between=(a, b),
            labels=(labels.get(a, a), labels.get(b, b)),
            kind="derived",
            sign=sign,
            intensity=intensity,
            path=path,
            count=count,
            relations=tuple(relations),
            mixed=(a, b, -sign) in found,
        )
        (tensions if sign < 0 else alliances).append(finding)
    return rank(tensions), rank(alliances)


def derived_tensions(ws: Workspace) -> list[Finding]:
    """Stakeholder pairs pulled apart through the map (see module notes)."""
    return derived_findings(ws)[0]


def derived_alliances(ws: Workspace) -> list[Finding]:
    """Stakeholder pairs pulled together through the map (see module notes)."""
    return derived_findings(ws)[1]
