"""The routed geometry is what the canvas draws, hit-tests and exports."""

from __future__ import annotations

import itertools
import math
import re

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from tensionmap.examples.micro_credentials import build, stable_id
from tensionmap.layout import run_layout
from tensionmap.model import Node, Relation, Workspace
from tensionmap.render import MapScene, style
from tensionmap.render.export import diagram_bytes
from tensionmap.render.node_item import node_size
from tests.layout.test_routing import crosses_box, polyline_distance, sample


def signed_example() -> Workspace:
    """The shipped example after a signed layout, with HR both valuing and resisting Traditional
    qualifications (the parallel pair the issue measured)."""
    ws = build()
    ws.add_relation(Relation("hr-resists-tq", stable_id("hr"), stable_id("traditional"), "resists", 2))
    sizes = {key: node_size(node)[:2] for key, node in ws.nodes.items()}
    for key, (x, y) in run_layout(ws, "signed", sizes=sizes).items():
        ws.update("nodes", key, x=x, y=y)
    return ws


def node_boxes(scene: MapScene) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    boxes = {}
    for key, item in scene.node_items.items():
        hw, hh, _ = item.outline_extent()
        boxes[key] = ((item.pos().x(), item.pos().y()), (2 * hw, 2 * hh))
    return boxes


def test_no_drawn_relation_runs_through_a_node_it_does_not_join(qapp) -> None:
    ws = signed_example()
    scene = MapScene(ws)
    boxes = node_boxes(scene)
    bent = 0
    for key, (relation, route) in scene.relation_geometry().items():
        pts = route.points
        bent += len(pts) > 2
        for node, (centre, size) in boxes.items():
            if node in (relation.source, relation.target):
                continue
            for p, q in itertools.pairwise(pts):
                assert not crosses_box(p, q, centre, size), (key, ws.nodes[node].label)
    assert bent, "the example has relations that must bend round a node"
    # the hit item follows the same path: its middle is on the drawn polyline
    for key, item in scene.relation_items.items():
        route = scene.relation_geometry()[key][1]
        assert item.points == route.points
        assert item.contains(item.midpoint())


def test_parallel_relations_are_drawn_apart(qapp) -> None:
    ws = signed_example()
    scene = MapScene(ws)
    hr, tq = stable_id("hr"), stable_id("traditional")
    pair = [
        route
        for relation, route in scene.relation_geometry().values()
        if {relation.source, relation.target} == {hr, tq}
    ]
    assert len(pair) == 2
    one, two = (r.points for r in pair)
    assert min(polyline_distance(p, two) for p in sample(one)) >= 10.0
    assert math.dist(pair[0].marker, pair[1].marker) >= 2 * style.MARKER_RADIUS


def test_moving_a_node_into_a_relation_bends_it_and_moving_away_straightens_it(qapp) -> None:
    ws = Workspace("t")
    ws.add_node(Node("a", "stakeholder", "Learners", x=0, y=0))
    ws.add_node(Node("b", "driver", "Scalability", x=500, y=0))
    ws.add_node(Node("x", "driver", "Specificity", x=250, y=300))
    ws.add_relation(Relation("ab", "a", "b", "supports"))
    scene = MapScene(ws)
    assert len(scene.relation_items["ab"].points) == 2
    ws.update("nodes", "x", y=5)
    assert len(scene.relation_items["ab"].points) > 2
    (cx, cy), (w, h) = node_boxes(scene)["x"]
    pts = scene.relation_items["ab"].points
    assert not any(crosses_box(p, q, (cx, cy), (w, h)) for p, q in itertools.pairwise(pts))
    ws.update("nodes", "x", y=300)
    assert len(scene.relation_items["ab"].points) == 2
    ws.remove("nodes", "x")  # nothing left to go round
    assert len(scene.relation_items["ab"].points) == 2


def svg_polylines(svg: str, colour: str) -> list[list[tuple[float, float]]]:
    """Every polyline stroked in ``colour`` (path ``d`` data in the coordinates it was drawn in)."""
    found = []
    for group in re.finditer(r'<g fill="none" stroke="' + colour + r'"[^>]*>\s*(.*?)</g>', svg, re.S):
        for d in re.findall(r'<path[^>]* d="([^"]*)"', group.group(1)):
            for part in re.findall(r"M[^M]*", d):
                pts = [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.e+-]+),(-?[\d.e+-]+)", part)]
                found.append(pts)
    return found


def test_exported_svg_draws_the_routes(qapp) -> None:
    ws = Workspace("t")
    ws.add_node(Node("a", "stakeholder", "Learners", x=0, y=0))
    ws.add_node(Node("b", "driver", "Scalability", x=600, y=0))
    ws.add_node(Node("x", "driver", "Specificity", x=300, y=8))
    ws.add_relation(Relation("ab", "a", "b", "in_tension_with"))  # symmetric: no arrowhead shortens it
    scene = MapScene(ws)
    route = scene.relation_items["ab"].points
    assert len(route) > 2
    svg = diagram_bytes(ws, "svg").decode()
    lines = svg_polylines(svg, style.OPPOSE_COLOUR.name())
    shapes = [[(round(x - pts[0][0], 2), round(y - pts[0][1], 2)) for x, y in pts] for pts in lines]
    want = [(round(x - route[0][0], 2), round(y - route[0][1], 2)) for x, y in route]
    same = [
        len(s) == len(want) and all(math.dist(p, q) < 0.05 for p, q in zip(s, want, strict=True))
        for s in shapes
    ]
    assert any(same), (shapes, want)


def render(scene: MapScene, zoom: float) -> tuple[QImage, QRectF]:
    source = scene.map_rect().adjusted(-40, -40, 40, 40)
    image = QImage(round(source.width() * zoom), round(source.height() * zoom), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    scene.render(painter, QRectF(image.rect()), source, Qt.AspectRatioMode.IgnoreAspectRatio)
    painter.end()
    return image, source


@pytest.mark.parametrize("zoom", [0.22, 0.3, 1.0])
def test_opposing_relations_keep_their_markers_at_every_zoom(qapp, zoom: float) -> None:
    assert zoom >= 1.0 or zoom < style.DETAIL_LOD  # the overview is covered
    ws = Workspace("t")
    ws.add_node(Node("a", "stakeholder", "Learners", x=0, y=0))
    ws.add_node(Node("b", "driver", "Scalability", x=900, y=0))
    ws.add_relation(Relation("ab", "a", "b", "opposes", 3))
    scene = MapScene(ws)
    scene.set_node_scale(2.2 if zoom < 1 else 1.0)  # as the view draws a zoomed-out map
    image, source = render(scene, zoom)
    marker = scene.relation_items["ab"].midpoint()
    at = QPointF((marker.x() - source.left()) * zoom, (marker.y() - source.top()) * zoom)
    inner = 0.5 * style.MARKER_RADIUS * scene.node_scale * zoom  # half way out: white, above the minus
    centre = image.pixelColor(round(at.x()), round(at.y() - inner))
    assert centre.lightness() > 200, "the marker's white disc"
    ring = 0
    r = style.MARKER_RADIUS * scene.node_scale * zoom
    for angle in range(0, 360, 15):
        x = at.x() + math.cos(math.radians(angle)) * r
        y = at.y() + math.sin(math.radians(angle)) * r
        c = image.pixelColor(round(x), round(y))
        ring += c.red() > 150 and c.blue() < 120 and c != QColor("white")
    assert ring >= 6, "the vermillion rim of the marker"


def test_a_command_moving_many_nodes_is_routed_once_when_it_is_all_in(qapp, monkeypatch) -> None:
    ws = signed_example()
    scene = MapScene(ws)
    calls = []
    real = scene._reroute
    monkeypatch.setattr(scene, "_reroute", lambda keys, **kw: (calls.append(len(keys)), real(keys, **kw)))
    with scene.batch(many=True):
        for key, node in list(ws.nodes.items()):
            ws.update("nodes", key, x=node.x + 40, y=node.y)
        assert not calls  # nothing routed while the command is mirrored
    assert len(calls) == 1
    boxes = node_boxes(scene)
    for relation, route in scene.relation_geometry().values():
        (cx, cy), _ = boxes[relation.source]
        x, y = route.points[0]
        assert abs(x - cx) <= boxes[relation.source][1][0] / 2 + 1e-6  # the routes followed the move


def test_hit_testing_follows_the_bends_and_only_the_band(qapp) -> None:
    ws = Workspace("t")
    ws.add_node(Node("a", "stakeholder", "Learners", x=0, y=0))
    ws.add_node(Node("b", "driver", "Scalability", x=600, y=0))
    tall = "Specificity of each unit to the context and needs of one employer"  # wraps to 3 lines
    ws.add_node(Node("x", "driver", tall, x=300, y=4))
    ws.add_relation(Relation("ab", "a", "b", "supports"))
    scene = MapScene(ws)
    item = scene.relation_items["ab"]
    pts = item.points
    assert len(pts) > 2
    bend = QPointF(*pts[1])
    assert item in scene.items(bend), "a click on a bend selects the relation"
    middle = QPointF((pts[1][0] + pts[2][0]) / 2, (pts[1][1] + pts[2][1]) / 2)
    assert item in scene.items(middle)
    # between the route and the straight line it replaced: inside the bent shape, off the band
    inner = QPointF(middle.x(), (middle.y() + pts[0][1]) / 2)
    assert abs(inner.y() - middle.y()) > 8
    assert item not in scene.items(inner)


def test_quick_rerouting_of_a_big_map_is_finished_on_demand(qapp) -> None:
    ws = Workspace("t")
    for i in range(30):
        ws.add_node(Node(f"n{i}", "driver", f"Driver {i}", x=(i % 6) * 260.0, y=(i // 6) * 160.0))
    k = 0
    for i in range(30):
        for j in range(30):
            if i != j and (i * 7 + j * 3) % 4 == 0 and k < 240:
                ws.add_relation(Relation(f"r{k}", f"n{i}", f"n{j}", "supports"))
                k += 1
    scene = MapScene(ws)
    bent = sum(len(r.points) > 2 for _, r in scene.relation_geometry().values())
    assert bent
    scene.set_node_scale(1.5)  # a zoom step: quick, lines unbent until the map rests
    assert scene._settle.isActive()
    scene.finish_routes()
    assert not scene._settle.isActive()
    boxes = node_boxes(scene)
    for relation, route in scene.relation_geometry().values():
        assert route.clear is not False
        for node, (centre, size) in boxes.items():
            if node not in (relation.source, relation.target):
                assert not any(crosses_box(p, q, centre, size) for p, q in itertools.pairwise(route.points))


def test_nodes_pasted_onto_a_relation_bend_it_once_the_command_is_in(qapp) -> None:
    ws = Workspace("t")
    ws.add_node(Node("a", "stakeholder", "Learners", x=0, y=0))
    ws.add_node(Node("b", "driver", "Scalability", x=900, y=0))
    ws.add_relation(Relation("ab", "a", "b", "supports"))
    scene = MapScene(ws)
    with scene.batch(many=True):
        for i in range(3):
            ws.add_node(Node(f"p{i}", "driver", f"Pasted {i}", x=250.0 + 200 * i, y=5))
    pts = scene.relation_items["ab"].points
    for key, (centre, size) in node_boxes(scene).items():
        if key not in ("a", "b"):
            assert not any(crosses_box(p, q, centre, size) for p, q in itertools.pairwise(pts))
