"""Scenarios and snapshots in the aggregate: validation, encoding, and what a delete does."""

from __future__ import annotations

import dataclasses

import pytest

from tensionmap import commands as c
from tensionmap.model import (
    InvalidValueError,
    Node,
    Relation,
    Scenario,
    Snapshot,
    UnknownEntityError,
    Workspace,
)
from tensionmap.model.snapshot import decode_map, encode_map


def small() -> Workspace:
    ws = Workspace("t")
    ws.add_node(Node("s", "stakeholder", "Uni"))
    ws.add_node(Node("a", "driver", "Scale", tags=("x", "y"), x=3.5))
    ws.add_node(Node("b", "driver", "Spec"))
    ws.add_relation(Relation("r1", "s", "a", "supports", 5, "short", "note", ()))
    ws.add_relation(Relation("r2", "a", "b", "in_tension_with", 4))
    return ws


def test_snapshot_encoding_round_trips_the_map() -> None:
    ws = small()
    again = decode_map(encode_map(ws))
    assert again.same_content(ws)
    assert encode_map(again) == encode_map(ws)


@pytest.mark.parametrize(
    "text, message",
    [
        ("not json", "not readable JSON"),
        ("[]", "not a JSON object"),
        ('{"format": 99}', "newer"),
        ('{"format": 1, "nodes": [{"id": "a", "kind": "driver", "label": "A", "bogus": 1}]}', "malformed"),
        ('{"format": 1, "nodes": [{"id": "a", "kind": "driver", "label": ""}]}', "empty"),
        ('{"format": 1, "relations": [{"id": "r", "source": "x", "target": "y"}]}', "x"),
    ],
)
def test_damaged_snapshots_are_refused(text: str, message: str) -> None:
    with pytest.raises(Exception, match=message) as info:
        decode_map(text)
    assert "ModelError" in [k.__name__ for k in type(info.value).__mro__]


def test_scenario_validation() -> None:
    ws = small()
    ws.add("scenarios", Scenario("sc", "Push", (("a", 1.0),)))
    with pytest.raises(UnknownEntityError):
        ws.add("scenarios", Scenario("x1", "Bad", (("nope", 1.0),)))
    with pytest.raises(InvalidValueError, match="stakeholder"):
        ws.add("scenarios", Scenario("x2", "Bad", (("s", 1.0),)))
    with pytest.raises(InvalidValueError, match="out of range"):
        ws.add("scenarios", Scenario("x3", "Bad", (("a", 1.5),)))
    with pytest.raises(InvalidValueError, match="twice"):
        ws.add("scenarios", Scenario("x4", "Bad", (("a", 1.0), ("a", 0.5))))
    with pytest.raises(InvalidValueError, match="lambda"):
        ws.add("scenarios", Scenario("x5", "Bad", (), lam=0.0))
    with pytest.raises(InvalidValueError, match="empty"):
        ws.add("scenarios", Scenario("x6", " ", ()))


def test_snapshot_content_never_changes_only_its_name() -> None:
    ws = small()
    snap = Snapshot("p", "before", "2026-01-01T00:00:00+00:00", encode_map(ws))
    ws.add("snapshots", snap)
    ws.replace("snapshots", dataclasses.replace(snap, name="renamed"))
    with pytest.raises(InvalidValueError, match="never change"):
        ws.replace("snapshots", dataclasses.replace(snap, data="{}"))


def test_deleting_a_fixed_driver_drops_its_level_and_undo_puts_it_back() -> None:
    ws = small()
    ws.add("scenarios", Scenario("sc", "Push", (("a", 1.0), ("b", -0.5))))
    before = ws.content()
    cmd = c.remove_node("a")
    cmd.apply(ws)
    assert ws.scenarios["sc"].levels == (("b", -0.5),)
    cmd.revert(ws)
    assert ws.content() == before
