"""The measures of a drawn map, on hand-made drawings with known answers."""

import math

import pytest

from tensionmap.layout.quality import (
    camp_separation,
    crossing_pairs,
    fill,
    measure,
    node_overlaps,
    opposing_supportive_ratio,
    stability,
    straight_lines,
    through_nodes,
)
from tensionmap.layout.routing import route_relations

SMALL = (20.0, 10.0)


def boxes(centres, size=SMALL):
    return dict.fromkeys(centres, size)


def test_an_x_is_one_crossing_and_a_shared_end_is_none():
    centres = {"a": (0, 0), "b": (100, 100), "c": (0, 100), "d": (100, 0), "e": (200, 100)}
    relations = [("ab", "a", "b"), ("cd", "c", "d"), ("be", "b", "e"), ("ae", "a", "e")]
    lines = straight_lines(centres, boxes(centres), relations)
    # cd crosses ab and ae; ab, ae and be all meet at a or b, so they never count
    assert crossing_pairs(relations, lines) == {(0, 1), (1, 3)}
    assert measure(centres, boxes(centres), relations).crossings == 2


def test_parallel_relations_never_cross_each_other():
    centres = {"a": (0, 0), "b": (100, 0)}
    relations = [("r1", "a", "b"), ("r2", "b", "a")]
    assert measure(centres, boxes(centres), relations).crossings == 0


def test_polylines_are_measured_segment_by_segment():
    centres = {"a": (0, 0), "b": (200, 0), "c": (100, -100), "d": (100, 100)}
    relations = [("ab", "a", "b"), ("cd", "c", "d")]
    detour = {"ab": [(10, 0), (10, 150), (190, 150), (190, 0)], "cd": [(100, -95), (100, 95)]}
    assert measure(centres, boxes(centres), relations, geometry=detour).crossings == 0
    assert measure(centres, boxes(centres), relations).crossings == 1


def test_a_relation_through_a_node_that_is_not_its_end():
    centres = {"a": (0, 0), "b": (300, 0), "m": (150, 3)}
    relations = [("ab", "a", "b"), ("am", "a", "m")]
    sizes = boxes(centres)
    assert through_nodes(centres, sizes, relations, straight_lines(centres, sizes, relations)) == {
        "ab": ["m"]
    }
    assert measure(centres, sizes, relations).edges_through_nodes == 1
    # grazing the outline (boxes shrink by one unit) does not count
    centres["m"] = (150, 5.5)
    assert measure(centres, sizes, relations).edges_through_nodes == 0
    # a route around the box is clean
    around = {"ab": [(10, 0), (140, 40), (300 - 10, 0)], "am": [(10, 0), (140, 3)]}
    centres["m"] = (150, 3)
    assert measure(centres, sizes, relations, geometry=around).edges_through_nodes == 0


def test_overlapping_boxes_are_counted_in_pairs():
    centres = {"a": (0, 0), "b": (15, 5), "c": (30, 0), "d": (100, 100)}
    assert node_overlaps(centres, boxes(centres)) == 2  # a-b and b-c
    assert node_overlaps({"a": (0, 0), "b": (20, 0)}, boxes("ab")) == 0  # touching is not overlapping


def test_ratio_of_median_lengths():
    centres = {"a": (0, 0), "b": (100, 0), "c": (0, 300), "d": (0, 50)}
    relations = [("ab", "a", "b"), ("ac", "a", "c"), ("ad", "a", "d")]
    signs = {"ab": 1, "ad": 1, "ac": -1}
    assert opposing_supportive_ratio(centres, relations, signs) == pytest.approx(300 / 75)
    assert opposing_supportive_ratio(centres, relations, {"ab": 1}) is None


def test_camp_separation_is_the_share_on_the_right_side_of_the_best_line():
    apart = {"a": (0, 0), "b": (10, 50), "c": (300, 0), "d": (310, 40)}
    assert camp_separation(apart, (("a", "b"), ("c", "d"))) == 1.0
    # a diagonal line does it too
    diagonal = {"a": (0, 0), "b": (100, 100), "c": (100, 0), "d": (200, 100)}
    assert camp_separation(diagonal, (("a", "b"), ("c", "d"))) == 1.0
    # one of six deep in the other camp: 5/6 at best
    mixed = {"a": (0, 0), "b": (0, 10), "c": (300, 5), "x": (300, 0), "y": (300, 10), "z": (310, 5)}
    assert camp_separation(mixed, (("a", "b", "c"), ("x", "y", "z"))) == pytest.approx(5 / 6)
    assert camp_separation(apart, (("a", "b", "c", "d"), ())) is None


def test_fill_is_box_area_over_drawing_area():
    centres = {"a": (0, 0), "b": (80, 0)}
    assert fill(centres, boxes(centres)) == pytest.approx(2 * 200 / (100 * 10))


def test_stability_is_the_median_move_over_the_median_length():
    before = {"a": (0, 0), "b": (100, 0), "c": (0, 100)}
    after = {"a": (0, 0), "b": (110, 0), "c": (0, 105), "new": (50, 50)}
    relations = [("ab", "a", "b"), ("ac", "a", "c")]
    assert stability(before, after, relations) == pytest.approx(5 / 100)


def test_the_placeholder_router_clips_straight_lines_to_the_boxes():
    centres = {"a": (0, 0), "b": (200, 0)}
    lines = route_relations(centres, boxes(centres, (40, 20)), [("r", "a", "b")])
    assert lines["r"] == [(20.0, 0.0), (180.0, 0.0)]
    assert math.isclose(lines["r"][1][0] - lines["r"][0][0], 160)
