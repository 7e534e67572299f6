"""Polarity-axis layout: a tension between two drivers as a left-right axis.

The two poles sit at the ends of a horizontal axis. Each stakeholder is
placed along it by its *stance*: for a pole P, the stance of node s is

    a_P(s) = sum over paths s ... P of  sign(path) * prod(weights) * 0.5^(len - 1)

over paths of length 1 to 3 whose intermediates are neither stakeholders
nor the other pole (the same reading as the derived tensions: a stakeholder
supporting a driver that supports P leans towards P, one opposing P leans
away). The horizontal position is ``t = (a_R - a_L) / (|a_L| + |a_R|)`` in
[-1, 1]. A stakeholder sits at ``t * e / (e + c)`` of 80 % of the way to the
poles, where ``e = |a_L| + |a_R|`` is its engagement and ``c`` half the
median engagement, so a stakeholder that only supports the left pole sits
in the left half (further out the stronger its stance), one that opposes it
in the right half, and one pulled equally both ways in the middle. Stakeholders rise above the axis, the
most engaged (largest ``|a_L| + |a_R|``) nearest to it.

Drivers other than the poles go below the axis by the same rule, but all
the way out (``t`` times the pole distance), so a driver leaning wholly one
way stands right under its pole. Nodes with no stance but relations to
placed nodes take the signed mean position of those neighbours (an ally's
place, or the mirror of an opponent's), so the whole connected map finds a
place; nodes cut off from both poles sit in a grid further down. Overlap removal
runs last and moves nodes vertically only, so horizontal positions keep
their meaning. Pinned nodes stay exactly where they are, poles included.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np

from .base import GAP, Position, Progress, Sizes, report, size_array
from .finish import finish

DECAY = 0.5
SPREAD = 0.8


def stances(graph: nx.Graph, pole: Hashable, other: Hashable) -> dict[Hashable, float]:
    """a_pole(s) for every node s reachable by an admissible path (see module notes)."""
    kinds = nx.get_node_attributes(graph, "kind")

    def passable(n: Hashable) -> bool:
        return n not in (pole, other) and kinds.get(n) != "stakeholder"

    def edge(a: Hashable, b: Hashable) -> float:
        d = graph.edges[a, b]
        return float(d.get("sign", 1)) * float(d.get("weight", 1.0))

    out: dict[Hashable, float] = defaultdict(float)
    for a in graph[pole]:
        if a == other:
            continue
        e1 = edge(pole, a)
        if e1 == 0:
            continue
        out[a] += e1
        if not passable(a):
            continue
        for b in graph[a]:
            if b in (pole, other):
                continue
            e2 = edge(a, b)
            if e2 == 0:
                continue
            out[b] += e1 * e2 * DECAY
            if not passable(b):
                continue
            for c in graph[b]:
                if c in (pole, other, a):
                    continue
                e3 = edge(b, c)
                if e3 != 0:
                    out[c] += e1 * e2 * e3 * DECAY * DECAY
    out.pop(pole, None)
    return dict(out)


def _leans(
    graph: nx.Graph,
    nodes: list[Hashable],
    left: Hashable,
    right: Hashable,
    a_left: dict[Hashable, float],
    a_right: dict[Hashable, float],
) -> dict[Hashable, tuple[float, float]]:
    """(t, engagement) for every node that can be placed on the axis.

    Nodes with a stance get ``t = (a_R - a_L) / (|a_L| + |a_R|)``. Nodes
    without one but connected to placed nodes take the signed, weighted mean
    of their neighbours' t (an ally's position, or the mirror of an
    opponent's), round after round, with a small engagement that halves each
    round, so the whole connected map finds a place and nodes that are only
    loosely tied to the poles stay furthest from the axis.
    """
    out: dict[Hashable, tuple[float, float]] = {left: (-1.0, math.inf), right: (1.0, math.inf)}
    floor = math.inf
    for n in nodes:
        al, ar = a_left.get(n, 0.0), a_right.get(n, 0.0)
        total = abs(al) + abs(ar)
        if n not in out and total > 1e-12:
            out[n] = ((ar - al) / total, total)
            floor = min(floor, total)
    floor = 1.0 if floor == math.inf else floor
    pending = sorted((n for n in nodes if n not in out), key=str)
    weight = 0.5 * floor
    while pending:
        found: dict[Hashable, tuple[float, float]] = {}
        for n in pending:
            num = den = 0.0
            for m, d in graph[n].items():
                sign = float(d.get("sign", 1))
                if m in out and sign != 0:
                    w = float(d.get("weight", 1.0))
                    num += sign * w * out[m][0]
                    den += w
            if den > 0:
                found[n] = (max(-1.0, min(1.0, num / den)), weight)
        if not found:
            break
        out.update(found)
        pending = [n for n in pending if n not in found]
        weight *= 0.5
    del out[left], out[right]
    return out


def polarity_layout(
    graph: nx.Graph,
    left: Hashable,
    right: Hashable,
    positions: Mapping[Hashable, Position] | None = None,
    pinned: set[Hashable] | frozenset[Hashable] = frozenset(),
    *,
    sizes: Sizes | None = None,
    progress: Progress | None = None,
) -> dict[Hashable, Position]:
    """Place ``left`` and ``right`` at the ends of an axis and everything else by stance."""
    for pole in (left, right):
        if pole not in graph:
            raise ValueError(f"pole {pole!r} is not a node of the map")
    if left == right:
        raise ValueError("a polarity needs two different poles")
    nodes = list(graph)
    positions = positions or {}
    kinds = nx.get_node_attributes(graph, "kind")
    size = size_array(nodes, sizes)
    width = float(size[:, 0].max()) + GAP
    row = float(size[:, 1].max()) + 2 * GAP
    report(progress, 0.1)
    a_left = stances(graph, left, right)
    a_right = stances(graph, right, left)
    report(progress, 0.4)

    stakeholders = [n for n in nodes if kinds.get(n) == "stakeholder"]
    others = [n for n in nodes if n not in (left, right) and kinds.get(n) != "stakeholder"]
    half = max(3.0 * width, width * 1.5 * math.sqrt(max(len(stakeholders), 1)) / SPREAD)
    place: dict[Hashable, Position] = {left: (-half, 0.0), right: (half, 0.0)}

    leans = _leans(graph, nodes, left, right, a_left, a_right)

    engaged = sorted(e for n, (_, e) in leans.items() if kinds.get(n) == "stakeholder")
    soft = 0.5 * engaged[len(engaged) // 2] if engaged else 1.0
    unattached: list[Hashable] = []
    above: dict[int, list[tuple[float, str, Hashable, float]]] = defaultdict(list)
    below: dict[int, list[tuple[float, str, Hashable, float]]] = defaultdict(list)
    for n in stakeholders + others:
        if n not in leans:
            unattached.append(n)
            continue
        t, engagement = leans[n]
        if kinds.get(n) == "stakeholder":
            # Soften by engagement so strongly committed stakeholders sit further out
            # than ones with a single weak stance: t * e / (e + c).
            x = t * engagement / (engagement + soft) * SPREAD * half
            above[round(x / width)].append((-engagement, str(n), n, x))
        else:
            x = t * half  # a driver leaning wholly one way sits right under its pole
            below[round(x / width)].append((-engagement, str(n), n, x))
    for members in above.values():
        for rank, (_, _, n, x) in enumerate(sorted(members)):
            place[n] = (x, -row * (rank + 1))
    deepest = 0
    for members in below.values():
        for rank, (_, _, n, x) in enumerate(sorted(members)):
            place[n] = (x, row * (rank + 1))
        deepest = max(deepest, len(members))

    per_row = max(1, int(2 * SPREAD * half // width))
    unattached.sort(key=lambda n: (kinds.get(n) != "stakeholder", str(n)))
    for k, n in enumerate(unattached):
        r, c = divmod(k, per_row)
        in_row = min(per_row, len(unattached) - r * per_row)
        place[n] = ((c - (in_row - 1) / 2) * width, row * (deepest + 2 + r))
    report(progress, 0.7)

    pos = np.array([place[n] for n in nodes], dtype=np.float64)
    return finish(nodes, pos, positions, pinned, size, progress, axis="y")  # the axis stays level
