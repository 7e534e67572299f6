"""Scenarios and snapshots travel in the JSON format and through a merge import."""

from __future__ import annotations

import pytest

from tensionmap.commands.snapshots import take_snapshot
from tensionmap.interchange import InterchangeError, merge_command
from tensionmap.interchange.json_format import json_text, read_json
from tensionmap.model import Node, Relation, Scenario, Workspace


def sample() -> Workspace:
    ws = Workspace("t")
    ws.add_node(Node("s", "stakeholder", "Uni"))
    ws.add_node(Node("a", "driver", "Scale"))
    ws.add_relation(Relation("r", "s", "a", "supports", 5))
    ws.add("scenarios", Scenario("sc", "Push", (("a", 0.75),), lam=1.5, order=2))
    take_snapshot(ws, "before", snapshot_id="p", taken="2026-01-01T00:00:00+00:00").apply(ws)
    return ws


def test_json_round_trip_keeps_scenarios_and_snapshots() -> None:
    ws = sample()
    again = read_json(json_text(ws).encode())
    assert again.same_content(ws)


def test_bad_scenario_levels_are_named() -> None:
    text = json_text(sample()).replace('"a",\n     0.75', '"a",\n     "high"')
    with pytest.raises(InterchangeError, match="levels"):
        read_json(text.encode(), name="x.json")


def test_merge_renames_scenario_levels_with_their_nodes() -> None:
    target = sample()
    cmd = merge_command(target, sample())
    cmd.apply(target)
    assert len(target.scenarios) == 2 and len(target.snapshots) == 2
    for sc in target.scenarios.values():
        ((driver, _level),) = sc.levels
        assert target.nodes[driver].label == "Scale"
    cmd.revert(target)
    assert len(target.scenarios) == 1
