from tensionmap.analysis import load_signed_edgelist, parse_signed_edgelist, signed_graph


def test_signed_graph_ignores_related_and_folds_parallel_relations(make_map):
    ws = make_map(
        "A B",
        "X Y",
        [
            ("A", "supports", "X", 2, "s1"),
            ("A", "benefits", "X", 2, "s2"),
            ("X", "resists", "A", 3, "o1"),  # net +1: a weak support survives
            ("B", "related", "Y", 5, "n1"),
            ("B", "opposes", "X", 4, "o2"),
            ("B", "supports", "Y", 3, "c1"),
            ("Y", "opposes", "B", 3, "c2"),  # net 0: cancels
        ],
    )
    g = signed_graph(ws)
    assert set(g.nodes) == {"A", "B", "X", "Y"}
    assert g.nodes["A"]["kind"] == "stakeholder" and g.nodes["X"]["label"] == "X"
    assert g.number_of_edges() == 2
    ax = g.edges["X", "A"]
    assert ax["sign"] == 1 and ax["strength"] == 1 and ax["net"] == 1
    assert ax["relations"] == ["s1", "s2", "o1"] and ax["agreeing"] == ["s1", "s2"]
    bx = g.edges["B", "X"]
    assert bx["sign"] == -1 and bx["strength"] == 4 and bx["agreeing"] == ["o2"]
    assert not g.has_edge("B", "Y")


def test_strength_is_capped_at_five(make_map):
    ws = make_map("A", "X", [("A", "supports", "X", 4), ("A", "values", "X", 4)])
    assert signed_graph(ws).edges["A", "X"]["strength"] == 5


def test_edgelist_loader_reads_konect_and_plus_minus_codes(tmp_path, tribes_path):
    g = load_signed_edgelist(tribes_path)
    assert g.number_of_nodes() == 16 and g.number_of_edges() == 58
    assert sum(1 for *_, d in g.edges(data=True) if d["sign"] < 0) == 29
    h = parse_signed_edgelist("% comment\n# other\n\na b 1\nb c -1\nc d 2 extra\n")
    assert [h.edges[e]["sign"] for e in [("a", "b"), ("b", "c"), ("c", "d")]] == [1, -1, -1]


def test_edgelist_loader_rejects_bad_lines():
    import pytest

    with pytest.raises(ValueError, match="line 1"):
        parse_signed_edgelist("a b 7\n")
    with pytest.raises(ValueError, match="line 2"):
        parse_signed_edgelist("a b 1\na b\n")
    with pytest.raises(ValueError, match="self-loop"):
        parse_signed_edgelist("a a 1\n")
