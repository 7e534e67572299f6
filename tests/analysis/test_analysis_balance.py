import time

import networkx as nx
import numpy as np
import pytest

from tensionmap.analysis import (
    disjoint_unbalanced_triangles,
    load_signed_edgelist,
    signed_graph,
    structural_balance,
    triangle_census,
)


def random_signed_graph(n: int, m: int, seed: int, negative: float = 0.3) -> nx.Graph:
    rng = np.random.default_rng(seed)
    g = nx.gnm_random_graph(n, m, seed=seed)
    for u, v in g.edges:
        g.edges[u, v]["sign"] = -1 if rng.random() < negative else 1
    return g


def brute_force_frustration(g: nx.Graph) -> int:
    """Exhaustive minimum over all 2^(n-1) bipartitions (node 0 fixed)."""
    nodes = list(g)
    n = len(nodes)
    if g.number_of_edges() == 0:
        return 0
    index = {v: i for i, v in enumerate(nodes)}
    u = np.array([index[a] for a, b in g.edges])
    v = np.array([index[b] for a, b in g.edges])
    s = np.array([d["sign"] for *_, d in g.edges(data=True)])
    codes = np.arange(2 ** (n - 1))
    sides = np.zeros((codes.size, n), dtype=np.int8)
    for bit in range(n - 1):
        sides[:, bit + 1] = (codes >> bit) & 1
    across = sides[:, u] != sides[:, v]
    frustrated = np.where(s > 0, across, ~across)
    return int(frustrated.sum(axis=1).min())


def check_certificate(g: nx.Graph, result) -> None:
    """The coalitions and frustrated edges must be consistent with the index."""
    side = {n: 0 for n in result.coalitions[0]} | {n: 1 for n in result.coalitions[1]}
    bad = {frozenset((a, b)) for a, b, d in g.edges(data=True) if (side[a] != side[b]) == (d["sign"] > 0)}
    assert bad == {frozenset(e) for e in result.frustrated_edges}
    assert len(bad) == result.frustration_index


def test_highland_tribes_known_answers(tribes_path):
    g = load_signed_edgelist(tribes_path)
    start = time.perf_counter()
    result = structural_balance(g)
    assert time.perf_counter() - start < 1.0
    assert (result.triangles, result.unbalanced_triangles) == (68, 9)
    assert result.frustration_index == 7
    assert result.exact and result.method == "milp" and result.lower_bound == 7
    assert sorted(map(len, result.coalitions)) == [4, 12]
    check_certificate(g, result)


def test_highland_tribes_heuristic_path(tribes_path):
    g = load_signed_edgelist(tribes_path)
    result = structural_balance(g, exact_limit=0)
    assert result.method == "heuristic"
    assert result.frustration_index == 7  # the local search finds the optimum here
    # ... and the LP bound with cycle cuts proves it, so it may say exact
    assert result.lower_bound == 7 and result.exact
    check_certificate(g, result)


def test_heuristic_without_proof_is_flagged():
    g = random_signed_graph(200, 600, seed=4)
    result = structural_balance(g, exact_limit=0, time_limit=1.0)
    assert result.method == "heuristic" and not result.exact
    assert 0 < result.lower_bound < result.frustration_index
    check_certificate(g, result)


@pytest.mark.parametrize("seed", range(24))
def test_exact_matches_brute_force(seed):
    rng = np.random.default_rng(1000 + seed)
    n = int(rng.integers(4, 15))
    m = int(rng.integers(n, min(n * (n - 1) // 2, 3 * n) + 1))
    g = random_signed_graph(n, m, seed, negative=float(rng.uniform(0.2, 0.6)))
    result = structural_balance(g)
    assert result.exact
    assert result.frustration_index == brute_force_frustration(g)
    check_certificate(g, result)
    heuristic = structural_balance(g, exact_limit=0)
    assert heuristic.lower_bound <= result.frustration_index <= heuristic.frustration_index


def test_triangle_census_matches_networkx():
    g = random_signed_graph(30, 120, seed=5)
    total, unbalanced = triangle_census(g)
    assert total == sum(nx.triangles(g).values()) // 3
    assert 0 < unbalanced < total
    assert disjoint_unbalanced_triangles(g) <= unbalanced


def test_exact_on_150_edges_within_seconds():
    g = random_signed_graph(50, 150, seed=11, negative=0.2)
    start = time.perf_counter()
    result = structural_balance(g)
    assert result.exact
    assert time.perf_counter() - start < 5.0
    check_certificate(g, result)


def test_large_graph_uses_heuristic_with_bound():
    g = random_signed_graph(400, 1200, seed=2)
    result = structural_balance(g, time_limit=1.0)
    assert result.method == "heuristic" and not result.exact
    assert 0 < result.lower_bound <= result.frustration_index < 1200 // 2
    check_certificate(g, result)


def test_balanced_disconnected_and_empty_graphs():
    g = nx.Graph()
    g.add_edge("a", "b", sign=1)
    g.add_edge("b", "c", sign=-1)
    g.add_edge("x", "y", sign=-1)
    g.add_node("lonely")
    result = structural_balance(g)
    assert result.frustration_index == 0 and result.exact and result.balanced
    assert {frozenset(c) for c in result.coalitions} == {frozenset("abx"), frozenset({"c", "y"})} or {
        frozenset(c) for c in result.coalitions
    } == {frozenset({"a", "b", "y"}), frozenset({"c", "x"})}
    assert "lonely" not in result.coalitions[0] + result.coalitions[1]
    empty = structural_balance(nx.Graph())
    assert empty.frustration_index == 0 and empty.exact and empty.coalitions == ((), ())
    assert empty.method == "none" and empty.triangles == 0


def test_frustrated_relations_map_back_to_relation_ids(make_map):
    # An unbalanced triangle: A and B support X, yet A opposes B.
    ws = make_map(
        "A B",
        "X",
        [("A", "supports", "X", 3, "ax"), ("B", "supports", "X", 3, "bx"), ("A", "opposes", "B", 3, "ab")],
    )
    result = structural_balance(signed_graph(ws))
    assert result.frustration_index == 1 and result.unbalanced_triangles == 1
    assert len(result.frustrated_relations) == 1
    assert result.frustrated_relations[0] in {"ax", "bx", "ab"}
