"""Aggregates of ratings: against numpy, exactly on the thresholds, kappa by hand."""

import numpy as np
import pytest

from tensionmap.analysis.ratings import (
    aggregate_round,
    cohen_kappa,
    flags,
    group_first_mean,
    room_view_plan,
    stability,
    summarise,
    summary,
)
from tensionmap.model import Participant, Rating, Round
from tests.ratings_builders import rated_map


def values_of(ws, round_id, item):
    return [r.sign * r.strength for r in ws.ratings.values() if r.round == round_id and r.item() == item]


@pytest.mark.parametrize("seed", range(12))
def test_aggregates_match_numpy_on_random_rating_sets(seed):
    ws = rated_map(seed=seed, participants=3 + seed * 3, relations=6, rounds=1, answer_rate=0.8)
    groups = {p.id: p.group for p in ws.participants.values()}
    for agg in aggregate_round(ws, "round1"):
        v = np.array(values_of(ws, "round1", agg.item), dtype=float)
        assert agg.raters == v.size
        assert agg.mean == pytest.approx(v.mean(), abs=1e-12)
        assert agg.median == pytest.approx(np.median(v), abs=1e-12)
        if v.size >= 2:
            assert agg.sd == pytest.approx(v.std(ddof=1), abs=1e-12)
        else:
            assert agg.sd is None
        assert agg.iqr == pytest.approx(np.percentile(v, 75) - np.percentile(v, 25), abs=1e-12)
        assert agg.positive == pytest.approx(np.mean(v > 0), abs=1e-12)
        assert agg.negative == pytest.approx(np.mean(v < 0), abs=1e-12)
        raters = [r for r in ws.ratings.values() if r.round == "round1" and r.item() == agg.item]
        by_group: dict[str, list[float]] = {}
        for r in raters:
            by_group.setdefault(groups[r.participant], []).append(r.sign * r.strength)
        expected = np.mean([np.mean(g) for g in by_group.values()])
        assert agg.group_mean == pytest.approx(expected, abs=1e-12)


def counts(pos, neg, zero):
    return [3] * pos + [-3] * neg + [0] * zero


@pytest.mark.parametrize(
    ("pos", "neg", "consensus"),
    [(70, 14, True), (69, 14, False), (70, 15, False), (14, 70, True), (15, 70, False), (100, 0, True)],
)
def test_consensus_exactly_on_the_thresholds(pos, neg, consensus):
    agg = summarise(counts(pos, neg, 100 - pos - neg), [""] * 100, "r", "r", ("a", "b"))
    assert agg.consensus is consensus
    assert flags(pos, neg, 100)[0] is consensus


@pytest.mark.parametrize(
    ("pos", "neg", "contested"), [(25, 25, True), (24, 25, False), (25, 24, False), (50, 50, True)]
)
def test_contested_exactly_on_the_thresholds(pos, neg, contested):
    agg = summarise(counts(pos, neg, 100 - pos - neg), [""] * 100, "r", "r", ("a", "b"))
    assert agg.contested is contested


def test_thresholds_on_small_rooms_are_whole_count_decisions():
    # 7 of 10 is exactly 70%; 0.7 * 10 in floating point is 7.000000000000001
    assert flags(7, 1, 10) == (True, False)
    assert flags(6, 1, 10) == (False, False)
    # 1 of 4 is exactly 25% on each side
    assert flags(1, 1, 4) == (False, True)


def test_kappa_against_a_hand_computed_case():
    a = [1, 1, 1, -1, -1, 0, 0, 1, -1, 1]
    b = [1, 1, -1, -1, -1, 0, 1, 1, -1, 0]
    # po = 7/10; marginals a (+5, -3, 0:2), b (+4, -4, 0:2): pe = (20 + 12 + 4) / 100 = 0.36
    assert cohen_kappa(a, b) == pytest.approx((0.7 - 0.36) / (1 - 0.36), abs=1e-12)
    assert cohen_kappa(a, b) == pytest.approx(0.53125, abs=1e-12)
    assert cohen_kappa([1, 1], [1, 1]) is None  # undefined: one category everywhere
    assert cohen_kappa([1, -1], [1, -1]) == pytest.approx(1.0)


def test_stability_between_two_rounds():
    ws = rated_map(participants=1, relations=4, rounds=2, proposals=0, answer_rate=1.0)
    firsts = {r.relation: r for r in ws.ratings.values() if r.round == "round1"}
    # make the second round's signs known: the same as the first, except r0 flips
    for rating in [r for r in ws.ratings.values() if r.round == "round2"]:
        sign = firsts[rating.relation].sign
        if rating.relation == "r0":
            sign = 1 if sign != 1 else -1
        ws.replace("ratings", Rating(**{**rating.__dict__, "sign": sign}))
    moved = stability(ws, "round1", "round2")
    assert moved.pairs == 4
    assert moved.kept_sign == pytest.approx(0.75)
    a = [firsts[f"r{i}"].sign for i in range(4)]
    b = [ws.find_rating("p0", "round2", f"r{i}").sign for i in range(4)]
    assert moved.kappa == cohen_kappa(a, b)


def test_group_first_mean_differs_from_the_plain_mean_when_groups_differ_in_size():
    values = np.array([5, 5, 5, 5, -5], dtype=float)
    groups = ["Employers"] * 4 + ["Learners"]
    assert values.mean() == pytest.approx(3.0)
    assert group_first_mean(values, groups) == pytest.approx(0.0)
    agg = summarise([5, 5, 5, 5, -5], groups, "r", "r", ("a", "b"))
    assert agg.mean != agg.group_mean


def test_group_first_mean_equals_the_plain_mean_without_groups():
    assert group_first_mean(np.array([1.0, 4.0, -2.0]), ["", "", ""]) == pytest.approx(1.0)


def test_summary_has_the_documented_shape():
    ws = rated_map(participants=5, relations=3, rounds=2, proposals=1, answer_rate=1.0)
    out = summary(ws, "round2")
    assert out["round"] == 2
    assert set(out["stability"]) == {"kept_sign", "kappa"}
    keys = {
        "source", "target", "relation", "raters", "mean", "median", "sd", "iqr",
        "positive", "negative", "consensus", "contested", "group_mean",
    }  # fmt: skip
    assert all(set(row) == keys for row in out["relations"])
    assert out["relations"][0]["source"] == "Node 0"
    assert out["relations"][-1]["relation"] is None  # the proposal comes last
    assert "stability" not in summary(ws, "round1")


def test_room_view_plan_keeps_a_symmetric_type_the_room_agrees_with():
    ws = rated_map(participants=0, relations=2, rounds=0, proposals=0)
    ws.update("relations", "r0", type="in_tension_with", strength=2)
    ws.add("rounds", Round("x", 1))
    for i in range(3):
        ws.add("participants", Participant(f"p{i}", f"P{i}"))
        ws.add("ratings", Rating(f"a{i}", f"p{i}", "x", -1, 4 + (i == 0), relation="r0"))
        ws.add("ratings", Rating(f"b{i}", f"p{i}", "x", -1, 2, relation="r1"))
    changes, additions = room_view_plan(ws, aggregate_round(ws, "x"))
    assert additions == []
    assert changes[0].type == "in_tension_with" and changes[0].strength == 4  # mean 4.33 -> 4
    assert changes[1].type == "opposes" and changes[1].strength == 2


def test_a_proposal_already_drawn_on_the_map_is_not_added_again():
    ws = rated_map(participants=4, relations=2, rounds=1, proposals=1, answer_rate=1.0, seed=1)
    proposal = next(r for r in ws.ratings.values() if r.proposed)
    for rating in [r for r in ws.ratings.values() if r.proposed]:
        ws.replace("ratings", Rating(**{**rating.__dict__, "sign": 1, "strength": 4}))
    assert room_view_plan(ws, aggregate_round(ws, "round1"))[1]
    from tensionmap.model import Relation

    ws.add_relation(Relation("drawn", proposal.source, proposal.target, "supports"))
    assert room_view_plan(ws, aggregate_round(ws, "round1"))[1] == []
