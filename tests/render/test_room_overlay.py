"""The Room lens follows the routed geometry: relations along their routes, ghosts routed round nodes."""

from __future__ import annotations

import itertools
import math
import random

from PySide6.QtCore import QPointF

from tensionmap.analysis.ratings import aggregate_round, pairs_on_map
from tensionmap.model import Node, Participant, Rating, Relation, Round, Workspace
from tensionmap.render import MapScene
from tensionmap.render.overlays import scene_rects, scene_segments
from tensionmap.render.room_overlay import MARK_SPACING, RoomOverlay
from tests.layout.test_routing import crosses_box, polyline_distance, sample
from tests.render.test_routed_edges import node_boxes, signed_example

TALL = "Specificity of each unit to the context and needs of one employer"  # wraps to 3 lines


def rate(ws: Workspace, items, people: int = 3, value: int = 4) -> None:
    """``people`` participants give every item (relation id or (source, target)) ``value``."""
    ws.add("rounds", Round("k", 1))
    for p in range(people):
        ws.add("participants", Participant(f"p{p}", f"P{p}"))
        for i, item in enumerate(items):
            pair = {"source": item[0], "target": item[1]} if isinstance(item, tuple) else {"relation": item}
            sign = 1 if value > 0 else -1
            ws.add("ratings", Rating(f"x{p}-{i}", f"p{p}", "k", sign, abs(value), **pair))


def lens(ws: Workspace) -> tuple[MapScene, RoomOverlay]:
    scene = MapScene(ws)
    overlay = RoomOverlay(lambda: scene_rects(scene), lambda: scene_segments(scene))
    scene.addItem(overlay)
    overlay.set_aggregates(aggregate_round(ws, "k"), 2, pairs_on_map(ws))
    return scene, overlay


def blocked_map() -> Workspace:
    """a -> b passes straight through x, so the map bends it; a and c are joined by nothing."""
    ws = Workspace("t")
    ws.add_node(Node("a", "stakeholder", "Learners", x=0, y=0))
    ws.add_node(Node("b", "driver", "Scalability", x=600, y=0))
    ws.add_node(Node("x", "driver", TALL, x=300, y=4))
    ws.add_node(Node("c", "driver", "Coherence", x=600, y=12))
    ws.add_relation(Relation("ab", "a", "b", "supports"))
    return ws


def as_tuples(points) -> list[tuple[float, float]]:
    return [(p.x(), p.y()) for p in points]


def test_a_bent_relation_is_drawn_and_hovered_along_its_route(qapp) -> None:
    ws = blocked_map()
    rate(ws, ["ab"])
    scene, overlay = lens(ws)
    [drawn] = overlay.drawn
    route = scene.relation_geometry()["ab"][1]
    assert len(route.points) > 2 and as_tuples(drawn.points) == list(route.points)
    assert (drawn.centre.x(), drawn.centre.y()) == route.marker  # the mark sits where the map's marker does
    pts = route.points
    middle = QPointF((pts[1][0] + pts[2][0]) / 2, (pts[1][1] + pts[2][1]) / 2)
    assert overlay.item_at(middle) is drawn  # on the bend's stretch, away from the chord
    chord = QPointF(300, (pts[0][1] + pts[-1][1]) / 2)  # where a straight line would have run
    assert abs(chord.y() - middle.y()) > 12
    assert overlay.item_at(chord) is None
    assert overlay.shape().contains(middle) and not overlay.shape().contains(chord)


def test_a_ghost_is_routed_round_the_nodes_in_its_way(qapp) -> None:
    ws = blocked_map()
    rate(ws, [("a", "c")])  # a proposal: a -> c would run straight through x
    scene, overlay = lens(ws)
    [ghost] = overlay.drawn
    assert ghost.ghost and len(ghost.points) > 2
    (cx, cy), size = node_boxes(scene)["x"]
    pts = as_tuples(ghost.points)
    assert not any(crosses_box(p, q, (cx, cy), size) for p, q in itertools.pairwise(pts))
    a, c = scene_rects(scene)["a"], scene_rects(scene)["c"]
    assert a.adjusted(-1, -1, 1, 1).contains(ghost.points[0])  # it starts on a's box ...
    assert c.adjusted(-1, -1, 1, 1).contains(ghost.points[-1])  # ... and ends on c's
    assert overlay.item_at(QPointF(*pts[1])) is ghost


def test_on_the_example_no_room_line_runs_through_a_node_it_does_not_join(qapp) -> None:
    ws = signed_example()
    rng = random.Random(5)
    nodes = list(ws.nodes)
    on_map = {(r.source, r.target) for r in ws.relations.values()}
    proposals = []
    while len(proposals) < 6:
        pair = tuple(rng.sample(nodes, 2))
        if pair not in on_map and pair[::-1] not in on_map and pair not in proposals:
            proposals.append(pair)
    rate(ws, [*ws.relations, *proposals], people=3)
    scene, overlay = lens(ws)
    geometry = scene.relation_geometry()
    ghosts = [d for d in overlay.drawn if d.ghost]
    assert len(ghosts) == 6 and len(overlay.drawn) == len(ws.relations) + 6
    boxes = node_boxes(scene)
    bent = 0
    for item in overlay.drawn:
        agg = item.aggregate
        pts = as_tuples(item.points)
        if not item.ghost:
            assert pts == list(geometry[agg.relation][1].points)
        bent += len(pts) > 2
        for node, (centre, size) in boxes.items():
            if node in (agg.source, agg.target):
                continue
            for p, q in itertools.pairwise(pts):
                assert not crosses_box(p, q, centre, size), (agg.item, ws.nodes[node].label)
    assert bent
    # each ghost's mark sits clear of the relations' marks (and of the other ghosts')
    marks = [d.centre for d in overlay.drawn if not d.ghost]
    for ghost in ghosts:
        gap = min(math.dist((ghost.centre.x(), ghost.centre.y()), (m.x(), m.y())) for m in marks)
        assert gap >= MARK_SPACING, (ghost.aggregate.item, gap)
        marks.append(ghost.centre)


def test_a_ghost_against_a_one_way_relation_runs_beside_it_not_on_it(qapp) -> None:
    # the map says Learners -> Scalability; three participants propose the reverse
    ws = Workspace("t")
    ws.add_node(Node("a", "stakeholder", "Learners", x=0, y=0))
    ws.add_node(Node("b", "driver", "Scalability", x=500, y=150))
    ws.add_relation(Relation("ab", "a", "b", "supports"))
    rate(ws, [("b", "a")])
    scene, overlay = lens(ws)
    [ghost] = [item for item in overlay.drawn if item.ghost]
    line = scene.relation_geometry()["ab"][1].points
    pts = as_tuples(ghost.points)
    # along its whole length the ghost keeps at least a parallel gap (less rounding) from the map's line
    inner = sample(pts)[4:-4]  # away from the ends, where both meet the same boxes
    assert min(polyline_distance(p, line) for p in inner) >= 9.0
    assert overlay.item_at(QPointF(*inner[len(inner) // 2])) is ghost
