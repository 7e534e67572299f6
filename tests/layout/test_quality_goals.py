"""The quality goals of the signed layout on a few benchmark maps (a regression fails CI).

The full comparison runs in ``benchmarks/bench_layout_quality.py``; here six
of its maps keep it to a few seconds: the shipped example, the highland
tribes (dense: 58 relations on 16 nodes) and four generated stakeholder-driver
maps up to 36 nodes, with the node sizes a typical label gives. The peers,
networkx ``spring_layout`` and ``kamada_kawai_layout``, are measured here on
the same maps, scaled to the same drawing area, as the benchmark does.
"""

import networkx as nx
import numpy as np
import pytest

from benchmarks.bench_layout_maps import example_map, stakeholder_map, tribes_map, with_small_edit
from tensionmap.analysis import signed_graph, structural_balance
from tensionmap.layout import layout_graph, run_layout
from tensionmap.layout.quality import measure, stability

SIZE = (170.0, 44.0)


def case(ws):
    sizes = dict.fromkeys(ws.nodes, SIZE)
    relations = [(r.id, r.source, r.target) for r in ws.relations.values()]
    signs = {r.id: r.sign for r in ws.relations.values()}
    camps = structural_balance(signed_graph(ws)).coalitions
    return sizes, relations, signs, camps


def area(pos, sizes):
    c = np.array(list(pos.values()))
    d = np.array([sizes[k] for k in pos])
    return float(np.prod((c + d / 2).max(axis=0) - (c - d / 2).min(axis=0)))


def on_same_area(pos, sizes, target):
    """``pos`` centred and scaled uniformly so that its drawing covers ``target``."""
    c = np.array(list(pos.values()))
    c -= c.mean(axis=0)
    lo, hi = 1e-3, 1e6
    for _ in range(80):
        mid = (lo * hi) ** 0.5
        if area({k: tuple(c[i] * mid) for i, k in enumerate(pos)}, sizes) < target:
            lo = mid
        else:
            hi = mid
    return {k: tuple(c[i] * lo) for i, k in enumerate(pos)}


MAPS = {
    "example": example_map,
    "highland tribes": tribes_map,
    "generated 14/2": lambda: stakeholder_map(14, 2),
    "generated 18/4": lambda: stakeholder_map(18, 4),
    "generated 22/6": lambda: stakeholder_map(22, 6),
    "generated 36/9": lambda: stakeholder_map(36, 9),
}
PEERS = {"spring": lambda g: nx.spring_layout(g, seed=0), "kamada-kawai": nx.kamada_kawai_layout}


@pytest.fixture(scope="module")
def drawn():
    out = {}
    for name, build in MAPS.items():
        ws = build()
        sizes, relations, signs, camps = case(ws)
        pos = run_layout(ws, "signed", sizes=sizes, camps=camps)
        ours = measure(pos, sizes, relations, signs=signs, camps=camps)
        peers = {
            peer: measure(on_same_area(layout(layout_graph(ws)), sizes, area(pos, sizes)), sizes, relations)
            for peer, layout in PEERS.items()
        }
        out[name] = (ws, pos, ours, peers)
    return out


@pytest.mark.parametrize("name", list(MAPS))
def test_signed_goals_on_each_map(drawn, name):
    _, _, q, _ = drawn[name]
    assert q.node_overlaps == 0
    assert q.opposing_supportive_ratio >= 2.0
    assert q.camp_separation >= 0.95


def test_no_more_crossings_than_the_best_of_spring_and_kamada_kawai(drawn):
    """The issue's crossings goal on these maps: in total, no more than the better peer."""
    ours = sum(q.crossings for _, _, q, _ in drawn.values())
    best = min(sum(p[peer].crossings for _, _, _, p in drawn.values()) for peer in PEERS)
    assert ours <= best


def test_fewer_lines_through_nodes_than_spring_layout_and_a_filled_drawing(drawn):
    ours = [q for _, _, q, _ in drawn.values()]
    spring = [p["spring"] for _, _, _, p in drawn.values()]
    assert sum(q.edges_through_nodes for q in ours) <= sum(s.edges_through_nodes for s in spring)
    assert np.median([q.fill for q in ours]) >= 0.09


def test_deterministic_per_seed():
    ws = stakeholder_map(14, 2)
    sizes, *_ = case(ws)
    assert run_layout(ws, "signed", seed=4, sizes=sizes) == run_layout(ws, "signed", seed=4, sizes=sizes)


def test_a_small_edit_keeps_the_mental_map(drawn):
    ws, before, _, _ = drawn["example"]
    edited = with_small_edit(ws, before)
    sizes, relations, _, camps = case(edited)
    after = run_layout(edited, "signed", sizes=sizes, camps=camps, incremental=True)
    assert stability(before, after, relations) <= 0.10
    fresh = run_layout(edited, "signed", sizes=sizes, camps=camps)
    assert stability(before, fresh, relations) > 0.10  # what a fresh layout does to the room's map
    assert measure(after, sizes, relations).node_overlaps == 0


def test_incremental_respects_pinned_nodes(drawn):
    ws, before, _, _ = drawn["generated 14/2"]
    edited = with_small_edit(ws, before)
    pinned = sorted(edited.nodes)[:3]
    for key in pinned:
        edited.update("nodes", key, pinned=True)
    sizes, *_ = case(edited)
    after = run_layout(edited, "signed", sizes=sizes, incremental=True)
    for key in pinned:
        assert after[key] == (edited.node(key).x, edited.node(key).y)
