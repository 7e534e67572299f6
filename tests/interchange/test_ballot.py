"""Ballots: exported for each participant and imported back give the same ratings; bad ones change nothing."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tensionmap.interchange import InterchangeError
from tensionmap.interchange.ballot import ballot_dict, ballot_round, read_ballots, write_ballot
from tensionmap.model import Rating
from tests.ratings_builders import rated_map


def voices(ws, round_id):
    names = {p.id: p.name for p in ws.participants.values()}
    return sorted(
        (names[r.participant], str(r.item()), r.sign, r.strength, r.comment)
        for r in ws.ratings.values()
        if r.round == round_id
    )


def without_round_2(ws):
    for rating in ws.ratings_where(round="round2"):
        ws.remove("ratings", rating.id)
    return ws


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    participants=st.integers(1, 5),
    proposals=st.integers(0, 2),
    comment=st.text(max_size=20),
)
def test_ballots_exported_and_imported_give_the_same_ratings(
    tmp_path_factory, seed, participants, proposals, comment
):
    source = rated_map(seed=seed, participants=participants, proposals=proposals, answer_rate=0.7)
    first = next(iter(source.ratings_where(round="round2")), None)
    if first is not None:
        source.replace("ratings", Rating(**{**first.__dict__, "comment": comment}))
    target = without_round_2(
        rated_map(seed=seed, participants=participants, proposals=proposals, answer_rate=0.7)
    )
    folder = tmp_path_factory.mktemp("ballots")
    paths = []
    for person in source.participants.values():
        path = folder / f"{person.id}.json"
        write_ballot(ballot_dict(source, person.name, ballot_round(source, None)), path)
        paths.append(path)
    read = read_ballots(target, paths)
    read.command(target, "Import ballots").apply(target)
    assert voices(target, "round2") == voices(source, "round2")


def test_a_ballot_for_a_new_participant_creates_them(tmp_path):
    ws = rated_map()
    path = tmp_path / "b.json"
    doc = ballot_dict(ws, "Newcomer", 2, group="Learners", anonymous=True)
    doc["items"][0]["rating"] = -4
    doc["items"].append(
        {"relation": None, "source": "Node 0", "target": "Node 3", "rating": 2, "comment": "missing"}
    )
    write_ballot(doc, path)
    read = read_ballots(ws, [path])
    read.command(ws, "Import").apply(ws)
    person = ws.participant_named("newcomer")
    assert person.anonymous and person.group == "Learners"
    mine = ws.ratings_where(participant=person.id)
    assert sorted(r.value for r in mine) == [-4, 2]
    assert any(r.proposed and r.comment == "missing" for r in mine)


def bad_ballots(ws):
    good = ballot_dict(ws, "Person 0", 2)
    good["items"][0]["rating"] = 3

    def edit(fn):
        doc = json.loads(json.dumps(good))
        fn(doc)
        return doc

    return {
        "not a ballot": ({"format": "x"}, "not a tensionmap ballot"),
        "version": (edit(lambda d: d.update(version=9)), "unknown ballot version '9'"),
        "round": (edit(lambda d: d.update(round="two")), "round: round is missing or of the wrong kind"),
        "rating": (
            edit(lambda d: d["items"][1].update(rating=7)),
            "items[1]: rating '7' is not a whole number",
        ),
        "float": (edit(lambda d: d["items"][1].update(rating=True)), "items[1]: rating 'True' is not"),
        "relation": (
            edit(lambda d: d["items"][2].update(relation="elsewhere")),
            "items[2]: relation 'elsewhere' is not in this map",
        ),
        "label": (
            edit(
                lambda d: d["items"].append(
                    {"relation": None, "source": "Node 0", "target": "Mars", "rating": 1}
                )
            ),
            "no node labelled 'Mars'",
        ),
        "items": (edit(lambda d: d.update(items={})), "items is missing or of the wrong kind"),
    }


@pytest.mark.parametrize(
    "case", ["not a ballot", "version", "round", "rating", "float", "relation", "label", "items"]
)
def test_a_malformed_ballot_is_one_line_and_changes_nothing(tmp_path, case):
    ws = rated_map()
    doc, message = bad_ballots(ws)[case]
    good = tmp_path / "good.json"
    write_ballot(ballot_dict(ws, "Person 1", 2), good)
    bad = tmp_path / "bad.json"
    write_ballot(doc, bad)
    before = ws.content()
    with pytest.raises(InterchangeError) as err:
        read_ballots(ws, [good, bad])
    assert message in str(err.value)
    assert str(err.value).startswith("bad.json")
    assert ws.content() == before


def test_two_ballots_from_one_person_for_one_round_are_refused(tmp_path):
    ws = rated_map()
    paths = [tmp_path / "a.json", tmp_path / "b.json"]
    for path in paths:
        write_ballot(ballot_dict(ws, "Person 1", 2), path)
    with pytest.raises(InterchangeError, match="a second ballot from"):
        read_ballots(ws, paths)


def test_exporting_for_a_closed_round_is_refused():
    with pytest.raises(InterchangeError, match="round 1 is closed"):
        ballot_round(rated_map(), 1)
