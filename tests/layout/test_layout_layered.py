import itertools

import networkx as nx
import numpy as np
import pytest

from tensionmap.layout import count_crossings, order_bands, rectangles_overlap, run_layout


def brute_crossings(top, bottom, edges):
    ti = {n: i for i, n in enumerate(top)}
    bi = {n: i for i, n in enumerate(bottom)}
    total = 0
    for (a, b), (c, d) in itertools.combinations(edges, 2):
        if (ti[a] - ti[c]) * (bi[b] - bi[d]) < 0:
            total += 1
    return total


@pytest.mark.parametrize("seed", range(6))
def test_count_crossings_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    top = [f"t{i}" for i in range(8)]
    bottom = [f"b{i}" for i in range(7)]
    edges = list({(top[rng.integers(8)], bottom[rng.integers(7)]) for _ in range(18)})
    assert count_crossings(top, bottom, edges) == brute_crossings(top, bottom, edges)


def test_sweeps_untangle_a_crossing_free_graph():
    # a perfect matching drawn in reversed order has every pair crossing
    g = nx.Graph()
    top = [f"s{i}" for i in range(8)]
    bottom = [f"d{i}" for i in range(8)]
    g.add_edges_from(zip(top, bottom, strict=True))
    g.add_edges_from(zip(top[1:], bottom, strict=False))
    edges = [(a, b) if a.startswith("s") else (b, a) for a, b in g.edges()]
    before = count_crossings(top, list(reversed(bottom)), edges)
    new_top, new_bottom, after = order_bands(g, top, list(reversed(bottom)))
    assert before > 0 and after == 0
    assert sorted(new_top) == sorted(top) and sorted(new_bottom) == sorted(bottom)


def sample(make_map, pinned=()):
    return make_map(
        "A B C D E F",
        "P Q R S",
        [
            ("A", "supports", "S"),
            ("B", "opposes", "R"),
            ("C", "supports", "Q"),
            ("D", "supports", "P"),
            ("E", "supports", "P"),
            ("F", "opposes", "S"),
            ("A", "opposes", "B"),
            ("P", "in_tension_with", "S"),
        ],
        pinned=pinned,
    )


def test_bands_and_no_overlap(make_map):
    ws = sample(make_map)
    pos = run_layout(ws, "layered")
    stake_y = {pos[k][1] for k in "ABCDEF"}
    driver_y = {pos[k][1] for k in "PQRS"}
    assert len(stake_y) == 1 and len(driver_y) == 1 and max(stake_y) < min(driver_y)
    assert rectangles_overlap(pos) == []
    # the crossing count of the result is the least the sweeps found
    top = sorted("ABCDEF", key=lambda k: pos[k][0])
    bottom = sorted("PQRS", key=lambda k: pos[k][0])
    edges = [(a, b) for a, b in (("A", "S"), ("B", "R"), ("C", "Q"), ("D", "P"), ("E", "P"), ("F", "S"))]
    assert count_crossings(top, bottom, edges) == 0


def test_pinned_and_deterministic(make_map):
    ws = sample(make_map, pinned=("C", "Q"))
    pos = run_layout(ws, "layered")
    assert pos["C"] == (ws.node("C").x, ws.node("C").y)
    assert pos["Q"] == (ws.node("Q").x, ws.node("Q").y)
    assert pos == run_layout(ws, "layered")
    assert rectangles_overlap(pos) == []


def test_wide_bands_wrap_and_stay_clear(make_map):
    names = " ".join(f"S{i}" for i in range(80))
    rels = [(f"S{i}", "supports", f"D{i % 9}") for i in range(80)]
    ws = make_map(names, " ".join(f"D{i}" for i in range(9)), rels)
    sizes = {f"S{i}": (100.0 + 3 * i, 40.0) for i in range(80)}
    pos = run_layout(ws, "layered", sizes=sizes)
    assert rectangles_overlap(pos, sizes) == []
    assert max(pos[f"S{i}"][1] for i in range(80)) < min(pos[f"D{i}"][1] for i in range(9))


def test_empty(make_map):
    assert run_layout(make_map(), "layered") == {}


@pytest.mark.parametrize("engine", ["layered", "polarity"])
def test_progress_and_cancel_in_other_engines(make_map, engine):
    from tensionmap.layout import LayoutCancelled

    ws = sample(make_map)
    seen = []
    run_layout(ws, engine, poles=("P", "S"), progress=seen.append)
    assert seen and seen[-1] == 1.0
    with pytest.raises(LayoutCancelled):
        run_layout(ws, engine, poles=("P", "S"), progress=lambda f: False)
