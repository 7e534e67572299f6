"""Edge routing: straight where free, bent round boxes in the way, parallel relations apart."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from tensionmap.layout.routing import marker_point, plan_routes, route_relations


def crosses_box(p, q, centre, size, shrink: float = 1.0) -> bool:
    """Whether segment p-q meets the open box (shrunk by ``shrink``), by the slab method."""
    (cx, cy), (w, h) = centre, size
    lo = (cx - w / 2 + shrink, cy - h / 2 + shrink)
    hi = (cx + w / 2 - shrink, cy + h / 2 - shrink)
    t_in, t_out = 0.0, 1.0
    for k in (0, 1):
        d = q[k] - p[k]
        if d == 0:
            if not lo[k] < p[k] < hi[k]:
                return False
            continue
        t1, t2 = (lo[k] - p[k]) / d, (hi[k] - p[k]) / d
        t_in, t_out = max(t_in, min(t1, t2)), min(t_out, max(t1, t2))
    return t_in < t_out


def through_nodes(routes, centres, sizes, relations) -> list[tuple[str, str]]:
    found = []
    for key, source, target in relations:
        pts = routes[key]
        for node, centre in centres.items():
            if node in (source, target):
                continue
            if any(crosses_box(p, q, centre, sizes[node]) for p, q in itertools.pairwise(pts)):
                found.append((key, node))
    return found


def on_boundary(point, centre, size, tol: float = 1e-6) -> bool:
    (x, y), (cx, cy), (w, h) = point, centre, size
    dx, dy = abs(x - cx) - w / 2, abs(y - cy) - h / 2
    return max(dx, dy) == pytest.approx(0.0, abs=tol)


def segment_distance(p, a, b) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy or 1.0
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return math.dist(p, (ax + dx * t, ay + dy * t))


def polyline_distance(p, pts) -> float:
    return min(segment_distance(p, a, b) for a, b in itertools.pairwise(pts))


def sample(pts, count: int = 40) -> list[tuple[float, float]]:
    """Points spread along a polyline by length."""
    lengths = [math.dist(a, b) for a, b in itertools.pairwise(pts)]
    total = sum(lengths)
    out = []
    for i in range(count + 1):
        target = total * i / count
        for (a, b), length in zip(itertools.pairwise(pts), lengths, strict=True):
            if target <= length or (a, b) == (pts[-2], pts[-1]):
                t = target / length if length else 0.0
                out.append((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
                break
            target -= length
    return out


CENTRES = {"a": (0.0, 0.0), "b": (400.0, 0.0), "x": (200.0, 10.0), "far": (200.0, 400.0)}
SIZES = {"a": (80.0, 30.0), "b": (80.0, 30.0), "x": (100.0, 40.0), "far": (100.0, 40.0)}


def test_a_free_line_stays_straight_from_outline_to_outline() -> None:
    routes = route_relations(CENTRES, SIZES, [("r", "a", "far")])
    pts = routes["r"]
    assert len(pts) == 2
    assert on_boundary(pts[0], CENTRES["a"], SIZES["a"])
    assert on_boundary(pts[-1], CENTRES["far"], SIZES["far"])


def test_a_blocked_line_bends_and_then_clears_every_box() -> None:
    relations = [("r", "a", "b")]
    routes = route_relations(CENTRES, SIZES, relations)
    pts = routes["r"]
    assert crosses_box(CENTRES["a"], CENTRES["b"], CENTRES["x"], SIZES["x"])  # the straight line would
    assert len(pts) > 2
    assert not through_nodes(routes, CENTRES, SIZES, relations)
    assert on_boundary(pts[0], CENTRES["a"], SIZES["a"])
    assert on_boundary(pts[-1], CENTRES["b"], SIZES["b"])
    # it keeps the clearance: every bend stays at least 8 units from the box it goes round
    for p in pts[1:-1]:
        (cx, cy), (w, h) = CENTRES["x"], SIZES["x"]
        assert max(abs(p[0] - cx) - w / 2, abs(p[1] - cy) - h / 2) >= 8.0 - 1e-9
    # round the nearer side: x sits a little low, so the line goes over it
    assert all(p[1] < 0 for p in pts[1:-1])


def test_a_row_of_boxes_is_passed_and_the_detour_is_not_wasteful() -> None:
    centres = {"a": (0.0, 0.0), "b": (1000.0, 0.0)}
    sizes = {"a": (80.0, 30.0), "b": (80.0, 30.0)}
    for i in range(5):  # a wall of boxes across the way, touching each other
        centres[f"w{i}"] = (500.0, -100.0 + i * 42.0)
        sizes[f"w{i}"] = (60.0, 40.0)
    relations = [("r", "a", "b")]
    routes = route_relations(centres, sizes, relations)
    assert not through_nodes(routes, centres, sizes, relations)
    length = sum(math.dist(p, q) for p, q in zip(routes["r"], routes["r"][1:], strict=False))
    assert length < 1.25 * 1000


def test_parallel_relations_are_apart_along_their_whole_length() -> None:
    centres = {"hr": (0.0, 0.0), "tq": (300.0, 120.0)}
    sizes = {"hr": (150.0, 34.0), "tq": (150.0, 46.0)}
    relations = [("values", "hr", "tq"), ("resists", "hr", "tq")]
    routes = plan_routes(centres, sizes, relations)
    one, two = routes["values"].points, routes["resists"].points
    assert min(polyline_distance(p, two) for p in sample(one)) >= 10.0
    assert min(polyline_distance(p, one) for p in sample(two)) >= 10.0
    # each keeps its own marker, far enough from the other's for two discs (radius 7.5)
    assert math.dist(routes["values"].marker, routes["resists"].marker) >= 20.0
    for key in ("values", "resists"):
        pts = routes[key].points
        assert on_boundary(pts[0], centres["hr"], sizes["hr"])
        assert on_boundary(pts[-1], centres["tq"], sizes["tq"])


def test_opposite_directions_between_two_nodes_lie_on_opposite_sides() -> None:
    centres = {"a": (0.0, 0.0), "b": (400.0, 0.0)}
    sizes = {"a": (80.0, 40.0), "b": (80.0, 40.0)}
    routes = plan_routes(centres, sizes, [("ab", "a", "b"), ("ba", "b", "a"), ("ab2", "a", "b")])
    ys = sorted(routes[k].marker[1] for k in routes)
    assert ys[1] - ys[0] >= 20.0 and ys[2] - ys[1] >= 20.0
    assert routes["ab"].points[0][0] < routes["ab"].points[-1][0]  # drawn from source to target
    assert routes["ba"].points[0][0] > routes["ba"].points[-1][0]


def test_markers_sit_off_every_node() -> None:
    rng = random.Random(3)
    centres, sizes = random_map(rng, 25)
    relations = random_relations(rng, list(centres), 50)
    routes = plan_routes(centres, sizes, relations)
    for key, _source, _target in relations:
        mx, my = routes[key].marker
        for node, (cx, cy) in centres.items():
            w, h = sizes[node]
            assert max(abs(mx - cx) - w / 2, abs(my - cy) - h / 2) > 0, (key, node)


def test_the_marker_is_the_middle_of_the_longest_stretch() -> None:
    assert marker_point([(0.0, 0.0), (10.0, 0.0), (10.0, 100.0)]) == (10.0, 50.0)


def random_map(rng: random.Random, n: int) -> tuple[dict, dict]:
    """``n`` boxes of label-like sizes, at least 4 units apart (layouts never overlap nodes)."""
    centres: dict[str, tuple[float, float]] = {}
    sizes: dict[str, tuple[float, float]] = {}
    side = math.sqrt(n) * 220
    while len(centres) < n:
        x, y = rng.uniform(0, side * 1.5), rng.uniform(0, side)
        w, h = rng.uniform(72, 200), rng.uniform(30, 60)
        clash = any(
            abs(x - cx) < (w + sizes[k][0]) / 2 + 4 and abs(y - cy) < (h + sizes[k][1]) / 2 + 4
            for k, (cx, cy) in centres.items()
        )
        if not clash:
            key = f"n{len(centres)}"
            centres[key], sizes[key] = (x, y), (w, h)
    return centres, sizes


def random_relations(rng: random.Random, ids: list[str], m: int) -> list[tuple[str, str, str]]:
    return [(f"r{i}", *rng.sample(ids, 2)) for i in range(m)]


@pytest.mark.parametrize("seed", range(12))
def test_random_maps_no_route_crosses_a_box_it_does_not_join(seed: int) -> None:
    rng = random.Random(seed)
    centres, sizes = random_map(rng, rng.randint(8, 40))
    relations = random_relations(rng, list(centres), rng.randint(5, 70))
    routes = plan_routes(centres, sizes, relations)
    points = {k: list(r.points) for k, r in routes.items()}
    assert not through_nodes(points, centres, sizes, relations)
    assert all(r.clear for r in routes.values())
    for key, source, target in relations:
        assert on_boundary(points[key][0], centres[source], sizes[source]), key
        assert on_boundary(points[key][-1], centres[target], sizes[target]), key


def test_routing_is_deterministic() -> None:
    rng = random.Random(11)
    centres, sizes = random_map(rng, 30)
    relations = random_relations(rng, list(centres), 60)
    assert route_relations(centres, sizes, relations) == route_relations(centres, sizes, relations)


def test_hexagon_insets_end_lines_on_the_slanted_sides() -> None:
    centres = {"a": (0.0, 0.0), "b": (300.0, 0.0)}
    sizes = {"a": (100.0, 40.0), "b": (100.0, 40.0)}
    plain = plan_routes(centres, sizes, [("r", "a", "b")])["r"].points
    hexed = plan_routes(centres, sizes, [("r", "a", "b")], insets={"a": 12.0, "b": 12.0})["r"].points
    assert plain[0] == (50.0, 0.0) and hexed[0] == (50.0, 0.0)  # the tip, at mid-height
    centres["b"] = (300.0, 40.0)
    hexed = plan_routes(centres, sizes, [("r", "a", "b")], insets={"a": 12.0})["r"].points
    plain = plan_routes(centres, sizes, [("r", "a", "b")])["r"].points
    assert hexed[0][0] < plain[0][0]  # a slanted side is inside the bounding box


def test_a_relation_to_an_unplaced_node_is_refused_in_one_line() -> None:
    with pytest.raises(ValueError, match="relation 'r' joins a node that is not placed: 'ghost'"):
        route_relations(CENTRES, SIZES, [("r", "a", "ghost")])


def test_routes_round_the_same_corner_are_spread_apart() -> None:
    # two relations from the left to the right, both blocked by the same box in the middle
    centres = {
        "a": (0.0, -20.0),
        "c": (0.0, 20.0),
        "b": (600.0, -20.0),
        "d": (600.0, 20.0),
        "x": (300.0, 30.0),
    }
    sizes = {"a": (80.0, 30.0), "c": (80.0, 30.0), "b": (80.0, 30.0), "d": (80.0, 30.0), "x": (120.0, 140.0)}
    relations = [("ab", "a", "b"), ("cd", "c", "d")]
    routes = route_relations(centres, sizes, relations)
    assert not through_nodes(routes, centres, sizes, relations)
    bends_ab, bends_cd = routes["ab"][1:-1], routes["cd"][1:-1]
    assert bends_ab and bends_cd
    assert min(math.dist(p, q) for p in bends_ab for q in bends_cd) >= 8.0


def test_markers_of_crossing_relations_do_not_sit_on_each_other() -> None:
    centres = {"a": (0.0, 0.0), "b": (600.0, 0.0), "c": (300.0, -300.0), "d": (300.0, 300.0)}
    sizes = dict.fromkeys(centres, (80.0, 30.0))
    routes = plan_routes(centres, sizes, [("ab", "a", "b"), ("cd", "c", "d")])
    assert math.dist(routes["ab"].marker, routes["cd"].marker) >= 20.0
    for key in ("ab", "cd"):  # still on its own line
        (x1, y1), (x2, y2) = routes[key].points
        mx, my = routes[key].marker
        assert abs((x2 - x1) * (my - y1) - (y2 - y1) * (mx - x1)) < 1e-6


def test_a_relation_along_a_crowded_band_goes_round_every_box_of_it() -> None:
    # A layered drawing's band: two dozen boxes in a row, a second band close below, and a
    # relation from one end of the row to the other. The way round lies along the gap between
    # the bands, past more boxes than the nearest few the last-resort search starts with.
    centres: dict[str, tuple[float, float]] = {}
    sizes: dict[str, tuple[float, float]] = {}
    for i in range(24):
        centres[f"a{i}"] = (i * 190.0, 0.0)
        sizes[f"a{i}"] = (150.0 - (i % 3) * 10, 33.0)
    for i in range(16):
        centres[f"b{i}"] = (95.0 + i * 280.0, 74.0)
        sizes[f"b{i}"] = (140.0, 33.0)
    for i in range(20):
        centres[f"c{i}"] = (i * 230.0, -290.0)
        sizes[f"c{i}"] = (150.0, 33.0)
    relations = [("r", "a0", "a23"), ("q", "a1", "a22")]
    routes = route_relations(centres, sizes, relations)
    assert not through_nodes(routes, centres, sizes, relations)
    for key in ("r", "q"):
        pts = routes[key]
        # no wasted corners: one bend down (or up) at each end, one stretch along the gap
        assert len(pts) <= 6, pts
        assert polyline_length_of(pts) < 1.1 * math.dist(pts[0], pts[-1]) + 120


def polyline_length_of(pts) -> float:
    return sum(math.dist(p, q) for p, q in itertools.pairwise(pts))
