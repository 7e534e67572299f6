"""Invariants of the Workspace aggregate and the events it emits."""

import dataclasses

import pytest

from tensionmap.model import (
    DanglingRelationError,
    DuplicateIdError,
    InvalidValueError,
    Lens,
    ModelError,
    Relation,
    UnknownEntityError,
    Workspace,
    new_id,
    sign_of,
)
from tests.builders import driver, relation, small_map, stakeholder


def test_relation_types_carry_their_signs():
    assert [sign_of(t) for t in ("supports", "benefits", "values")] == [1, 1, 1]
    assert [sign_of(t) for t in ("opposes", "in_tension_with", "resists")] == [-1, -1, -1]
    assert sign_of("related") == 0


def test_relation_to_unknown_node_is_refused():
    ws = Workspace()
    a = stakeholder("A")
    ws.add_node(a)
    with pytest.raises(UnknownEntityError, match="not a node"):
        ws.add_relation(Relation(id=new_id(), source=a.id, target="nowhere"))
    assert ws.relations == {}


@pytest.mark.parametrize("label", ["", "   ", "\n"])
def test_empty_label_is_refused(label):
    ws = Workspace()
    with pytest.raises(InvalidValueError, match="label must not be empty"):
        ws.add_node(stakeholder(label))


@pytest.mark.parametrize("strength", [0, 6, -1, 2.5, True, "3"])
def test_strength_out_of_range_is_refused(strength):
    ws = Workspace()
    a, b = stakeholder("A"), driver("B")
    ws.add_node(a)
    ws.add_node(b)
    with pytest.raises(InvalidValueError, match="strength"):
        ws.add_relation(relation(a, b, strength=strength))


def test_self_relation_is_refused():
    ws = Workspace()
    a = stakeholder("A")
    ws.add_node(a)
    with pytest.raises(InvalidValueError, match="itself"):
        ws.add_relation(relation(a, a))


@pytest.mark.parametrize(
    "field,value",
    [("kind", "person"), ("power", 9), ("interest", 0), ("x", float("nan")), ("tags", ["list"])],
)
def test_bad_node_fields_are_refused(field, value):
    ws = Workspace()
    with pytest.raises(InvalidValueError):
        ws.add_node(dataclasses.replace(stakeholder("A"), **{field: value}))


def test_bad_relation_type_and_horizon_are_refused():
    ws = small_map()
    a, b = list(ws.nodes.values())[:2]
    with pytest.raises(InvalidValueError, match="relation type"):
        ws.add_relation(relation(a, b, "hates"))
    with pytest.raises(InvalidValueError, match="horizon"):
        ws.add_relation(relation(a, b, horizon="soon"))


def test_duplicate_id_is_refused():
    ws = Workspace()
    a = stakeholder("A")
    ws.add_node(a)
    with pytest.raises(DuplicateIdError):
        ws.add_node(dataclasses.replace(a, label="other"))


def test_removing_a_node_with_relations_is_refused():
    ws = small_map()
    node = next(iter(ws.nodes.values()))
    with pytest.raises(DanglingRelationError, match="still used"):
        ws.remove("nodes", node.id)
    assert node.id in ws.nodes


def test_errors_are_value_errors_with_one_line_messages():
    ws = Workspace()
    with pytest.raises(ModelError) as info:
        ws.node("missing")
    assert isinstance(info.value, ValueError)
    assert str(info.value) == "unknown node id 'missing'"


def test_failed_move_moves_nothing():
    ws = small_map()
    first = next(iter(ws.nodes.values()))
    with pytest.raises(UnknownEntityError):
        ws.move_nodes({first.id: (5.0, 5.0), "missing": (1.0, 1.0)})
    assert ws.node(first.id).x == first.x


def test_lens_focus_must_name_a_node():
    ws = small_map()
    with pytest.raises(UnknownEntityError):
        ws.add_lens(Lens(id=new_id(), name="x", focus="nope"))


def test_every_mutation_emits_one_change_per_entity():
    ws = Workspace()
    seen = []
    ws.subscribe(seen.append)
    a = stakeholder("A")
    ws.add_node(a)
    ws.update("nodes", a.id, label="B")
    ws.remove("nodes", a.id)
    assert [(c.collection, c.before is None, c.after is None) for c in seen] == [
        ("nodes", True, False),
        ("nodes", False, False),
        ("nodes", False, True),
    ]
    assert seen[1].after.label == "B"


def test_unsubscribe_stops_events():
    ws = Workspace()
    seen = []
    unsubscribe = ws.subscribe(seen.append)
    unsubscribe()
    ws.add_node(stakeholder("A"))
    assert seen == []


def test_snapshots_cannot_mutate_the_workspace():
    ws = small_map()
    ws.nodes.clear()
    assert len(ws.nodes) == 4


def test_relations_of_follows_adds_endpoint_changes_and_removals():
    ws = small_map()
    uni, emp, scale, spec = ws.nodes.values()
    rel = next(r for r in ws.relations.values() if r.source == uni.id)
    assert rel in ws.relations_of(scale.id)
    ws.update("relations", rel.id, target=spec.id)
    assert rel.id not in {r.id for r in ws.relations_of(scale.id)}
    assert rel.id in {r.id for r in ws.relations_of(spec.id)}
    ws.remove("relations", rel.id)
    assert rel.id not in {r.id for r in ws.relations_of(uni.id) + ws.relations_of(spec.id)}
    brute = {n: [r.id for r in ws.relations.values() if n in (r.source, r.target)] for n in ws.nodes}
    assert {n: [r.id for r in ws.relations_of(n)] for n in ws.nodes} == brute


def test_copy_is_the_same_map_detached_from_the_original():
    from tensionmap.examples import micro_credentials
    from tensionmap.model import Polarity

    ws = micro_credentials.build()
    drivers = [n.id for n in ws.nodes.values() if n.kind == "driver"]
    ws.add("polarities", Polarity(id="p1", left=drivers[0], right=drivers[1]))
    # the map now holds every reference the dependency order must respect
    assert any(r.evidence for r in ws.relations.values())
    heard: list[object] = []
    ws.subscribe(heard.append)
    twin = ws.copy()
    assert twin.same_content(ws) and twin.info == ws.info
    assert heard == []  # copying is not an edit of the original
    node = next(iter(twin.nodes.values()))
    twin.update("nodes", node.id, label="Changed in the copy")
    assert ws.node(node.id).label == node.label
    assert heard == []


def test_collections_are_listed_so_that_references_point_backwards():
    from tensionmap.model import COLLECTIONS

    refers_to = {"relations": {"nodes", "evidence"}, "lenses": {"nodes"}, "polarities": {"nodes"}}
    for name, targets in refers_to.items():
        assert all(COLLECTIONS.index(t) < COLLECTIONS.index(name) for t in targets), name
