"""Rating commands apply, revert to exactly the state before, and re-apply."""

from tensionmap import commands as c
from tensionmap.analysis.ratings import aggregate_round, room_view_plan
from tensionmap.model import Participant, Rating, Round
from tests.ratings_builders import rated_map


def roundtrip(ws, cmd):
    before = ws.content()
    cmd.apply(ws)
    after = ws.content()
    assert after != before
    cmd.revert(ws)
    assert ws.content() == before
    cmd.apply(ws)
    assert ws.content() == after


def test_add_edit_remove_participant_round_rating():
    ws = rated_map()
    roundtrip(ws, c.add_participant(Participant("new", "Newcomer", "Employers")))
    roundtrip(ws, c.update_participant("new", anonymous=True))
    roundtrip(ws, c.add_round(Round("r3", 3, "Third")))
    roundtrip(ws, c.update_round("r3", open=False))
    roundtrip(ws, c.add_rating(Rating("nr", "new", "r3", -1, 4, relation="r1")))
    roundtrip(ws, c.update_rating("nr", strength=2))
    roundtrip(ws, c.remove_rating("nr"))


def test_removing_a_participant_or_round_takes_their_ratings_and_undo_brings_them_back():
    ws = rated_map(answer_rate=1.0)
    n = len(ws.ratings_where(participant="p1"))
    cmd = c.remove_participant("p1")
    roundtrip(ws, cmd)
    assert not ws.ratings_where(participant="p1")
    cmd.revert(ws)
    assert len(ws.ratings_where(participant="p1")) == n
    roundtrip(ws, c.remove_round("round1"))
    assert not ws.ratings_where(round="round1")


def test_deleting_a_relation_keeps_its_ratings_as_a_proposed_pair():
    ws = rated_map(answer_rate=1.0, proposals=0)
    rel = ws.relation("r2")
    rated = {r.id: r for r in ws.ratings_where(relation="r2")}
    cmd = c.remove_relation("r2")
    roundtrip(ws, cmd)
    for key in rated:
        kept = ws.ratings[key]
        assert (kept.relation, kept.source, kept.target) == (None, rel.source, rel.target)
        assert kept.value == rated[key].value
    cmd.revert(ws)
    assert {r.id: r for r in ws.ratings_where(relation="r2")} == rated


def test_deleting_a_relation_when_the_pair_was_also_proposed_keeps_one_voice():
    ws = rated_map(participants=1, rounds=1, answer_rate=1.0, proposals=0)
    rel = ws.relation("r0")
    ws.add("ratings", Rating("prop", "p0", "round1", 1, 5, source=rel.source, target=rel.target))
    cmd = c.remove_relation("r0")
    roundtrip(ws, cmd)
    assert [r.id for r in ws.ratings_where(source=rel.source, target=rel.target)] == ["prop"]


def test_deleting_a_node_removes_the_ratings_on_it_with_undo():
    ws = rated_map(answer_rate=1.0)
    before = len(ws.ratings)
    cmd = c.remove_node("n1")
    roundtrip(ws, cmd)
    assert len(ws.ratings) < before
    assert not ws.has("nodes", "n1")
    assert all("n1" not in (r.source, r.target) for r in ws.ratings.values())
    assert all(ws.has("relations", r.relation) for r in ws.ratings.values() if r.relation)


def test_record_ratings_replaces_an_earlier_answer_in_one_step():
    ws = rated_map(participants=1, rounds=1, answer_rate=1.0, proposals=0)
    earlier = ws.find_rating("p0", "round1", "r0")
    cmd = c.record_ratings(
        ws,
        [Rating("later", "p0", "round1", -earlier.sign or 1, 5, relation="r0", comment="changed my mind")],
    )
    roundtrip(ws, cmd)
    now = ws.find_rating("p0", "round1", "r0")
    assert now.id == earlier.id and now.comment == "changed my mind"


def test_apply_the_rooms_view_is_one_undo_step():
    ws = rated_map(participants=8, relations=4, rounds=1, answer_rate=1.0, proposals=1, seed=3)
    aggregates = aggregate_round(ws, "round1")
    changes, additions = room_view_plan(ws, aggregates, min_proposers=1)
    cmd = c.ApplyRoomView(changes, additions)
    roundtrip(ws, cmd)
    for agg in aggregates:
        if agg.relation is not None and agg.majority:
            assert ws.relation(agg.relation).sign == agg.majority
    for new in additions:
        made = [r for r in ws.relations.values() if (r.source, r.target) == (new.source, new.target)]
        assert len(made) == 1
        assert all(ws.ratings[r].relation == made[0].id for r in new.ratings)


def test_dismissing_a_proposal_removes_its_ratings_with_undo():
    ws = rated_map(answer_rate=1.0, proposals=1)
    ids = [r.id for r in ws.ratings.values() if r.proposed]
    roundtrip(ws, c.dismiss_proposal(ws, ids))
