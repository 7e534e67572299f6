"""Every command applies, reverts to exactly the state before, and re-applies."""

import pytest

from tensionmap import commands as c
from tensionmap.commands import Batch, SetInfo
from tensionmap.model import Evidence, InvalidValueError, Lens, Polarity, Question, UnknownEntityError, new_id
from tests.builders import driver, relation, small_map, stakeholder


def snapshot(ws):
    return ws.content()


def roundtrip(ws, cmd):
    """Apply, undo, redo; return the states seen."""
    before = snapshot(ws)
    cmd.apply(ws)
    after = snapshot(ws)
    assert after != before
    cmd.revert(ws)
    assert snapshot(ws) == before
    cmd.apply(ws)
    assert snapshot(ws) == after
    return before, after


def first(ws, kind):
    return next(n for n in ws.nodes.values() if n.kind == kind)


def test_add_node():
    ws = small_map()
    node = stakeholder("Learners")
    roundtrip(ws, c.add_node(node))
    assert ws.node(node.id).label == "Learners"


def test_update_node():
    ws = small_map()
    node = first(ws, "stakeholder")
    cmd = c.update_node(node.id, label="Renamed", power=5)
    assert cmd.text == "Edit node"
    roundtrip(ws, cmd)
    assert ws.node(node.id).label == "Renamed"


def test_rename_is_named_for_the_menu():
    assert c.update_node("x", label="y").text == "Rename"


def test_remove_node_removes_and_restores_its_relations():
    ws = small_map()
    node = first(ws, "driver")  # Scalability: two relations
    attached = {r.id for r in ws.relations_of(node.id)}
    assert len(attached) == 2
    before, _after = roundtrip(ws, c.remove_node(node.id))
    assert node.id not in ws.nodes
    assert not attached & set(ws.relations)
    c.remove_node(node.id)  # a fresh command on the current state
    assert before["relations"].keys() >= attached


def test_remove_node_clears_lens_focus_and_polarities_and_restores_them():
    ws = small_map()
    a, b = [n for n in ws.nodes.values() if n.kind == "driver"]
    lens = Lens(id=new_id(), name="focus", focus=a.id)
    pol = Polarity(id=new_id(), left=a.id, right=b.id, left_upsides=("reach",))
    ws.add_lens(lens)
    ws.add("polarities", pol)
    cmd = c.remove_node(a.id)
    cmd.apply(ws)
    assert ws.lenses[lens.id].focus is None
    assert pol.id not in ws.polarities
    cmd.revert(ws)
    assert ws.lenses[lens.id] == lens
    assert ws.polarities[pol.id] == pol


def test_add_update_remove_relation():
    ws = small_map()
    a, d = first(ws, "stakeholder"), first(ws, "driver")
    rel = relation(a, d, "opposes", strength=2)
    roundtrip(ws, c.add_relation(rel))
    roundtrip(ws, c.update_relation(rel.id, strength=5, horizon="long", note="why"))
    roundtrip(ws, c.remove_relation(rel.id))


def test_evidence_commands_and_uncite_on_remove():
    ws = small_map()
    ev = Evidence(id=new_id(), title="Report", data=(("a", 1.0),))
    roundtrip(ws, c.add_evidence(ev))
    roundtrip(ws, c.update_evidence(ev.id, title="Better report"))
    cited = next(iter(ws.evidence.values()))
    citing = [r.id for r in ws.relations.values() if cited.id in r.evidence]
    assert citing
    roundtrip(ws, c.remove_evidence(cited.id))
    assert all(cited.id not in r.evidence for r in ws.relations.values())


def test_question_commands():
    ws = small_map()
    q = Question(id=new_id(), text="When?", order=1)
    roundtrip(ws, c.add_question(q))
    roundtrip(ws, c.update_question(q.id, text="When, really?"))
    roundtrip(ws, c.remove_question(q.id))


def test_move_many_nodes_is_one_step():
    ws = small_map()
    positions = {n.id: (n.x + 10, n.y - 5) for n in ws.nodes.values()}
    roundtrip(ws, c.move_nodes(positions))
    assert all(ws.node(k).x == x for k, (x, _y) in positions.items())


def test_set_info():
    ws = small_map()
    roundtrip(ws, SetInfo(title="New title", description="d"))
    assert ws.title == "New title"


def test_delete_selection_skips_relations_of_deleted_nodes():
    ws = small_map()
    node = first(ws, "driver")
    rels = [r.id for r in ws.relations_of(node.id)]
    cmd = c.delete_selection(ws, [node.id], rels)
    assert cmd.text == "Delete 1 item"
    roundtrip(ws, cmd)


def test_failed_batch_leaves_nothing_behind():
    ws = small_map()
    before = snapshot(ws)
    good = stakeholder("Fine")
    bad = driver("")
    with pytest.raises(InvalidValueError):
        Batch([c.add_node(good), c.add_node(bad)], "Paste").apply(ws)
    assert snapshot(ws) == before


def test_invalid_update_changes_nothing():
    ws = small_map()
    rel = next(iter(ws.relations.values()))
    before = snapshot(ws)
    with pytest.raises(InvalidValueError):
        c.update_relation(rel.id, strength=9).apply(ws)
    with pytest.raises(UnknownEntityError):
        c.update_relation("missing", strength=2).apply(ws)
    assert snapshot(ws) == before


def test_size_says_how_many_entities_a_step_touches():
    from tensionmap.commands import Batch, MoveNodes

    moves = MoveNodes({"a": (0.0, 0.0), "b": (1.0, 1.0), "c": (2.0, 2.0)})
    assert moves.size == 3
    assert Batch([moves, MoveNodes({"d": (0.0, 0.0)})], "Both").size == 4
