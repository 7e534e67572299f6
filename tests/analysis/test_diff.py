"""The diff of two maps: exactly the changes made, matched by id or by label."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tensionmap import commands as c
from tensionmap.analysis.diff import diff_lines, diff_maps
from tensionmap.model import HORIZONS, RELATION_SIGNS, Node, Relation, Workspace
from tensionmap.model.snapshot import decode_map, encode_map

from .conftest import build_map

TYPES = sorted(RELATION_SIGNS)


def base_map() -> Workspace:
    return build_map(
        stakeholders="Uni Emp Learners",
        drivers="Scale Spec Choice",
        relations=[
            ("Uni", "supports", "Scale", 5),
            ("Emp", "supports", "Spec", 4),
            ("Scale", "in_tension_with", "Spec", 5),
            ("Learners", "values", "Choice", 3),
            ("Emp", "resists", "Scale", 2),
        ],
    )


def copy(ws: Workspace) -> Workspace:
    return decode_map(encode_map(ws))


def test_diff_of_a_map_with_itself_is_empty() -> None:
    ws = base_map()
    d = diff_maps(ws, copy(ws), positions=True)
    assert d.empty
    assert diff_lines(d) == []


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 25))
def test_diff_lists_exactly_the_changes_made(seed: int, count: int) -> None:
    rng = random.Random(seed)
    a = base_map()
    b = copy(a)
    original_nodes = dict(a.nodes)
    original_rels = dict(a.relations)
    for k in range(count):
        nodes, rels = list(b.nodes), list(b.relations)
        roll = rng.random()
        if roll < 0.15 or len(nodes) < 3:
            b.add_node(Node(f"new-n{k}", rng.choice(["stakeholder", "driver"]), f"New {k}"))
        elif roll < 0.3:
            x, y = rng.sample(nodes, 2)
            b.add_relation(Relation(f"new-r{k}", x, y, rng.choice(TYPES), rng.randint(1, 5)))
        elif roll < 0.4:
            c.update_node(rng.choice(nodes), label=f"Label {k}").apply(b)
        elif roll < 0.5:
            c.remove_node(rng.choice(nodes)).apply(b)
        elif rels and roll < 0.6:
            c.remove_relation(rng.choice(rels)).apply(b)
        elif rels and roll < 0.75:
            c.update_relation(rng.choice(rels), type=rng.choice(TYPES)).apply(b)
        elif rels and roll < 0.9:
            c.update_relation(rng.choice(rels), strength=rng.randint(1, 5)).apply(b)
        elif rels:
            c.update_relation(rng.choice(rels), horizon=rng.choice(HORIZONS)).apply(b)
    d = diff_maps(a, b)
    assert {n["id"] for n in d.nodes_added} == set(b.nodes) - set(original_nodes)
    assert {n["id"] for n in d.nodes_removed} == set(original_nodes) - set(b.nodes)
    assert {n["id"] for n in d.relabelled} == {
        k for k in set(original_nodes) & set(b.nodes) if original_nodes[k].label != b.nodes[k].label
    }
    assert {r["id"] for r in d.relations_added} == set(b.relations) - set(original_rels)
    assert {r["id"] for r in d.relations_removed} == set(original_rels) - set(b.relations)
    kept = set(original_rels) & set(b.relations)
    assert {r["id"] for r in d.sign_flips} == {
        k for k in kept if original_rels[k].sign != b.relations[k].sign
    }
    assert {r["id"] for r in d.strength_changes} == {
        k for k in kept if original_rels[k].strength != b.relations[k].strength
    }
    assert {r["id"] for r in d.horizon_changes} == {
        k for k in kept if original_rels[k].horizon != b.relations[k].horizon
    }
    assert d.matched_by_label == 0


def test_unrelated_files_match_by_label() -> None:
    """The same map rebuilt with other ids (an export re-imported) compares by meaning."""
    a = base_map()
    b = Workspace("rebuilt")
    ids = {}
    for n in a.nodes.values():
        ids[n.id] = f"x-{n.id}"
        label = n.label.upper() if n.label == "Uni" else n.label  # case differences are no change of node
        b.add_node(Node(ids[n.id], n.kind, label))
    for r in a.relations.values():
        strength = 1 if r.source == "Emp" and r.target == "Spec" else r.strength
        type_ = "supports" if (r.source, r.target) == ("Emp", "Scale") else r.type
        b.add_relation(Relation(f"x-{r.id}", ids[r.source], ids[r.target], type_, strength))
    b.add_node(Node("extra", "driver", "Recognition"))
    d = diff_maps(a, b)
    assert d.matched_by_label == len(a.nodes)
    assert [n["label"] for n in d.nodes_added] == ["Recognition"]
    assert d.nodes_removed == []
    assert [(r["before"], r["after"]) for r in d.relabelled] == [("Uni", "UNI")]
    assert d.relations_added == [] and d.relations_removed == []
    assert [(r["source_label"], r["target_label"]) for r in d.sign_flips] == [("Emp", "Scale")]
    assert [(r["before"], r["after"]) for r in d.strength_changes] == [(4, 1)]


def test_parallel_relations_match_by_type_first() -> None:
    a = build_map(
        stakeholders="HR",
        drivers="Trad",
        relations=[("HR", "supports", "Trad", 3), ("HR", "resists", "Trad", 2)],
    )
    b = Workspace("other")
    b.add_node(Node("h", "stakeholder", "HR"))
    b.add_node(Node("t", "driver", "Trad"))
    b.add_relation(Relation("q1", "h", "t", "resists", 2))
    b.add_relation(Relation("q2", "h", "t", "supports", 3))
    assert diff_maps(a, b).empty


def test_positions_only_when_asked() -> None:
    a = base_map()
    b = copy(a)
    c.move_nodes({"Uni": (300.0, 40.0)}).apply(b)
    assert diff_maps(a, b).empty
    moved = diff_maps(a, b, positions=True).moved
    assert [m["label"] for m in moved] == ["Uni"]
    assert "moved" in diff_maps(a, b, positions=True).to_json(positions=True)["nodes"]
