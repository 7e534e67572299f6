"""merge_command: an import into an open map is one undoable step."""

from __future__ import annotations

from tensionmap.commands import Batch
from tensionmap.interchange import merge_command, read_edgelist, read_json
from tensionmap.interchange.json_format import json_text
from tensionmap.model import Evidence, Lens, Node, Polarity, Question, Relation, Workspace


def sample() -> Workspace:
    ws = Workspace(title="Sample")
    ws.add("nodes", Node(id="a", kind="stakeholder", label="A", x=0, y=0))
    ws.add("nodes", Node(id="b", kind="driver", label="B", x=100, y=0))
    ws.add("evidence", Evidence(id="e", title="Report"))
    ws.add("relations", Relation(id="r", source="a", target="b", type="opposes", evidence=("e",)))
    ws.add("lenses", Lens(id="l", name="Focus A", focus="a"))
    ws.add("questions", Question(id="q", text="Why?"))
    ws.add("polarities", Polarity(id="p", left="a", right="b"))
    return ws


def test_merge_into_empty_map_keeps_everything_and_undoes():
    target = Workspace(title="Target")
    imported = sample()
    command = merge_command(target, imported)
    assert isinstance(command, Batch)
    assert command.text == "Import 2 nodes and 1 relation"
    command.apply(target)
    assert target.nodes == imported.nodes
    assert target.relations == imported.relations
    assert target.polarities == imported.polarities
    assert target.title == "Target"
    command.revert(target)
    assert target.same_content(Workspace(title="Target"))
    command.apply(target)  # redo
    assert len(target.nodes) == 2


def test_merge_twice_renames_clashing_ids_and_follows_references():
    target = sample()
    before = target.content()
    imported = read_json(json_text(sample()).encode())
    command = merge_command(target, imported)
    command.apply(target)
    assert len(target.nodes) == 4 and len(target.relations) == 2 and len(target.evidence) == 2
    new_relation = next(r for r in target.relations.values() if r.id != "r")
    assert {new_relation.source, new_relation.target}.isdisjoint({"a", "b"})
    assert new_relation.evidence != ("e",) and new_relation.evidence[0] in target.evidence
    new_lens = next(lens for lens in target.lenses.values() if lens.id != "l")
    assert new_lens.focus == new_relation.source and new_lens.order == 1
    assert sorted(q.order for q in target.questions.values()) == [0, 1]
    new_polarity = next(p for p in target.polarities.values() if p.id != "p")
    assert (new_polarity.left, new_polarity.right) == (new_relation.source, new_relation.target)
    # placed to the right of the existing nodes
    assert min(target.nodes[n].x for n in (new_relation.source, new_relation.target)) >= 100
    command.revert(target)
    assert target.content() == before


def test_merge_of_tribes_is_one_step(tribes_path):
    target = sample()
    command = merge_command(target, read_edgelist(tribes_path), text="Import tribes")
    command.apply(target)
    assert command.text == "Import tribes"
    assert len(target.nodes) == 18 and len(target.relations) == 59


def test_merge_keeps_the_rooms_voice():
    from tests.ratings_builders import rated_map

    source = rated_map(seed=2, proposals=1)
    target = Workspace("Target")
    cmd = merge_command(target, source)
    cmd.apply(target)
    assert len(target.ratings) == len(source.ratings)
    assert {p.name for p in target.participants.values()} == {p.name for p in source.participants.values()}
    # merging the same file again: same people and rounds, fresh relations, ratings doubled
    again = merge_command(target, source)
    again.apply(target)
    assert len(target.participants) == len(source.participants)
    assert len(target.rounds) == len(source.rounds)
    assert len(target.ratings) == 2 * len(source.ratings)
    again.revert(target)
    cmd.revert(target)
    assert not target.ratings and not target.participants
