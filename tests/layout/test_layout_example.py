"""The signed layout on the micro-credentials map: rival camps apart, long oppositions, compact."""

import math

import pytest

from tensionmap.analysis import signed_graph, structural_balance
from tensionmap.examples import micro_credentials as mc
from tensionmap.layout import add_stance_ties, compact, layout_graph, rectangles_overlap, run_layout
from tensionmap.layout.quality import camp_separation, opposing_supportive_ratio

SIZE = (180.0, 44.0)


def dist(pos, a, b):
    return math.dist(pos[a], pos[b])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rival_camps_apart_and_oppositions_long(seed):
    ws = mc.build()
    sizes = dict.fromkeys(ws.nodes, SIZE)
    camps = structural_balance(signed_graph(ws)).coalitions
    pos = run_layout(ws, "signed", seed=seed, sizes=sizes, camps=camps)
    uni, emp = mc.stable_id("institutions"), mc.stable_id("employers")
    assert (uni in camps[0]) != (emp in camps[0])  # the analysis puts them in rival camps
    assert camp_separation(pos, camps) >= 0.95
    relations = [(r.id, r.source, r.target) for r in ws.relations.values()]
    assert opposing_supportive_ratio(pos, relations, {r.id: r.sign for r in ws.relations.values()}) >= 2.0
    assert not rectangles_overlap(pos, sizes)


def test_stance_ties_join_rivals_and_allies_through_drivers():
    ws = mc.build()
    graph = add_stance_ties(layout_graph(ws))
    uni, emp, smes = mc.stable_id("institutions"), mc.stable_id("employers"), mc.stable_id("smes")
    assert graph.edges[uni, emp]["sign"] == -1 and graph.edges[uni, emp]["virtual"]
    assert graph.edges[emp, smes]["sign"] == 1


def test_compact_draws_a_sparse_layout_together_without_overlaps():
    positions = {str(i): (i % 4 * 900.0, i // 4 * 700.0) for i in range(12)}
    sizes = dict.fromkeys(positions, (160.0, 40.0))
    tight = compact(positions, sizes)
    span = max(x for x, _ in tight.values()) - min(x for x, _ in tight.values())
    assert span < 0.5 * 2700
    assert not rectangles_overlap(tight, {k: (216.0, 80.0) for k in tight}, tolerance=1.0)
    # directions are kept: the order along each axis is unchanged
    assert sorted(positions, key=lambda k: positions[k]) == sorted(tight, key=lambda k: tight[k])


def test_shipped_example_positions_are_its_signed_layout():
    ws = mc.build()
    uni, emp = ws.node(mc.stable_id("institutions")), ws.node(mc.stable_id("employers"))
    scale, spec = ws.node(mc.stable_id("scalability")), ws.node(mc.stable_id("specificity"))
    assert math.dist((uni.x, uni.y), (scale.x, scale.y)) < math.dist((uni.x, uni.y), (spec.x, spec.y))
    assert math.dist((emp.x, emp.y), (spec.x, spec.y)) < math.dist((emp.x, emp.y), (scale.x, scale.y))
