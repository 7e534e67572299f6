"""The Workspace's rules for participants, rounds and ratings."""

import pytest

from tensionmap.model import (
    DanglingRelationError,
    DuplicateIdError,
    InvalidValueError,
    Participant,
    Rating,
    Round,
    UnknownEntityError,
    split_value,
)
from tests.ratings_builders import rated_map


def test_a_rated_map_holds_its_collections():
    ws = rated_map()
    assert len(ws.participants) == 6
    assert [r.number for r in ws.ordered_rounds()] == [1, 2]
    assert ws.ratings
    assert ws.participant_named("  person 1 ").id == "p1"
    assert ws.round_numbered(2).id == "round2"


@pytest.mark.parametrize(
    ("entity", "error"),
    [
        (Participant("q", "  "), InvalidValueError),
        (Participant("q", "PERSON 0"), DuplicateIdError),
        (Participant("q", "New", anonymous=1), InvalidValueError),
    ],
)
def test_participant_rules(entity, error):
    ws = rated_map()
    with pytest.raises(error):
        ws.add("participants", entity)


@pytest.mark.parametrize(
    ("entity", "error"),
    [
        (Round("q", 0), InvalidValueError),
        (Round("q", 2), DuplicateIdError),
        (Round("q", True), InvalidValueError),
    ],
)
def test_round_rules(entity, error):
    ws = rated_map()
    with pytest.raises(error):
        ws.add("rounds", entity)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"participant": "nobody"}, UnknownEntityError),
        ({"round": "nowhere"}, UnknownEntityError),
        ({"sign": 2}, InvalidValueError),
        ({"sign": True}, InvalidValueError),
        ({"strength": 6}, InvalidValueError),
        ({"strength": 0}, InvalidValueError),
        ({"relation": "missing"}, UnknownEntityError),
        ({"source": "n0", "target": "n1"}, InvalidValueError),  # relation and pair at once
        ({"relation": None, "source": "n0", "target": "n0"}, InvalidValueError),
        ({"relation": None, "source": "n0", "target": "ghost"}, UnknownEntityError),
    ],
)
def test_rating_rules(changes, error):
    ws = rated_map(participants=2, rounds=1)
    base = {"id": "new", "participant": "p0", "round": "round1", "sign": 1, "strength": 3, "relation": "r0"}
    ws.remove("ratings", ws.find_rating("p0", "round1", "r0").id) if ws.find_rating(
        "p0", "round1", "r0"
    ) else None
    with pytest.raises(error):
        ws.add("ratings", Rating(**{**base, **changes}))


def test_one_voice_per_item_and_round():
    ws = rated_map(participants=1, rounds=1, answer_rate=1.0, proposals=0)
    with pytest.raises(DuplicateIdError):
        ws.add("ratings", Rating("again", "p0", "round1", 1, 2, relation="r0"))
    old = ws.find_rating("p0", "round1", "r0")
    ws.remove("ratings", old.id)
    ws.add("ratings", Rating("again", "p0", "round1", 1, 2, relation="r0"))
    assert ws.find_rating("p0", "round1", "r0").id == "again"


def test_what_ratings_use_cannot_be_removed_directly():
    ws = rated_map(answer_rate=1.0)
    for collection, key in (
        ("participants", "p0"),
        ("rounds", "round1"),
        ("relations", "r0"),
        ("nodes", "n0"),
    ):
        with pytest.raises(DanglingRelationError):
            ws.remove(collection, key)


@pytest.mark.parametrize(("value", "expected"), [(-5, (-1, 5)), (0, (0, 1)), (3, (1, 3))])
def test_split_value(value, expected):
    assert split_value(value) == expected


@pytest.mark.parametrize("value", [6, -6, True, 2.5, "3"])
def test_split_value_refuses(value):
    with pytest.raises(ValueError):
        split_value(value)
