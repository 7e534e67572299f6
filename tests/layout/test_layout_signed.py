import networkx as nx
import numpy as np
import pytest

from tensionmap.analysis import load_signed_edgelist
from tensionmap.layout import (
    LayoutCancelled,
    layout_graph_of,
    rectangles_overlap,
    run_layout,
    signed_layout,
)
from tensionmap.layout.quality import opposing_supportive_ratio
from tests.layout.layout_support import length_ratio, random_signed_graph, tribes_map


def test_highland_tribes_opposing_relations_are_long(tribes_path):
    graph = layout_graph_of(load_signed_edgelist(tribes_path))
    pos = signed_layout(graph, seed=1)
    assert length_ratio(graph, pos) >= 2.0
    assert length_ratio(graph, nx.spring_layout(graph, seed=1)) < 1.5  # what a plain layout gives
    assert rectangles_overlap(pos) == []


def test_highland_tribes_through_the_workspace(tribes_path):
    ws = tribes_map(tribes_path)
    pos = run_layout(ws, "signed", seed=3)
    assert set(pos) == set(ws.nodes)
    # the measure of a good map: median opposing length over median supportive length
    relations = [(r.id, r.source, r.target) for r in ws.relations.values()]
    assert opposing_supportive_ratio(pos, relations, {r.id: r.sign for r in ws.relations.values()}) >= 2.0
    assert rectangles_overlap(pos) == []


@pytest.mark.parametrize("n", [120, 600])
def test_random_signed_graph_ratio(n):
    graph = random_signed_graph(n, seed=n)
    pos = signed_layout(graph, seed=0)
    assert length_ratio(graph, pos) >= 2.0
    assert rectangles_overlap(pos) == []


def test_deterministic_for_a_seed(tribes_path):
    ws = tribes_map(tribes_path)
    assert run_layout(ws, "signed", seed=7) == run_layout(ws, "signed", seed=7)
    assert run_layout(ws, "signed", seed=7) != run_layout(ws, "signed", seed=8)
    big = random_signed_graph(400, seed=2)
    assert signed_layout(big, seed=5, iterations=30) == signed_layout(big, seed=5, iterations=30)


def test_pinned_nodes_stay_exactly(make_map):
    ws = make_map(
        "A B C D",
        "X Y",
        [
            ("A", "supports", "X"),
            ("B", "opposes", "X"),
            ("C", "supports", "Y"),
            ("X", "in_tension_with", "Y"),
        ],
        pinned=("B", "Y"),
    )
    pos = run_layout(ws, "signed")
    for key in ("B", "Y"):
        node = ws.node(key)
        assert pos[key] == (node.x, node.y)
    assert rectangles_overlap(pos) == []


def test_sizes_are_respected():
    graph = random_signed_graph(60, seed=4)
    sizes = {n: (300.0 if n % 3 == 0 else 120.0, 90.0) for n in graph}
    pos = signed_layout(graph, sizes=sizes)
    assert rectangles_overlap(pos, sizes) == []


def test_large_graph_uses_the_approximation_without_overlaps():
    graph = random_signed_graph(1500, seed=9)
    pos = signed_layout(graph, iterations=40)
    assert rectangles_overlap(pos) == []
    assert length_ratio(graph, pos) >= 2.0


def test_progress_reports_and_cancels(tribes_path):
    ws = tribes_map(tribes_path)
    seen = []
    run_layout(ws, "signed", progress=lambda f: seen.append(f))
    assert seen[-1] == 1.0 and all(0.0 <= f <= 1.0 for f in seen)
    assert seen == sorted(seen)
    with pytest.raises(LayoutCancelled):
        run_layout(ws, "signed", progress=lambda f: f < 0.5)


def test_empty_single_and_edgeless(make_map):
    assert run_layout(make_map(), "signed") == {}
    assert set(run_layout(make_map("A"), "signed")) == {"A"}
    pos = run_layout(make_map("A B C", "X Y"), "signed")
    assert rectangles_overlap(pos) == [] and all(np.isfinite(v).all() for v in pos.values())


def test_unknown_engine(make_map):
    with pytest.raises(ValueError, match="unknown layout engine"):
        run_layout(make_map("A"), "circular")


def test_everything_pinned_stays_put(make_map):
    ws = make_map("A B", "X", [("A", "supports", "X"), ("B", "opposes", "X")], pinned=("A", "B", "X"))
    pos = run_layout(ws, "signed")
    assert pos == {k: (n.x, n.y) for k, n in ws.nodes.items()}
