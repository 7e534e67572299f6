"""Layout glides and zoom steps never ask the route planner to bend lines round overlapping boxes.

Mid-glide, nodes pass through one another; routing round such boxes cost the
planner seconds per frame and made a layout in the window seem to hang (and a
window test time out). Frames therefore draw lines unbent, and the routing
round the boxes follows once the nodes have landed.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF

from tensionmap.model import Node, Relation, Workspace
from tensionmap.render import MapScene


def row() -> Workspace:
    """Left and Right joined by a relation; Middle moves into its way."""
    ws = Workspace("Row")
    ws.add_node(Node("a", "stakeholder", "Left", x=-400, y=0))
    ws.add_node(Node("b", "driver", "Right", x=400, y=0))
    ws.add_node(Node("c", "driver", "Middle", x=0, y=300))
    ws.add_relation(Relation("ab", "a", "b", "opposes", 3))
    ws.add_relation(Relation("cb", "c", "b", "supports", 2))
    return ws


def points(scene: MapScene, key: str) -> list:
    return list(scene.relation_geometry()[key][1].points)


def test_a_glide_frame_draws_lines_unbent_and_landing_bends_them(qtbot) -> None:
    scene = MapScene(row())
    assert len(points(scene, "ab")) == 2  # nothing in its way yet
    scene.node_items["c"].setPos(QPointF(0, 0))  # a frame: Middle passes through the line
    scene.nodes_gliding(["c"])
    assert len(points(scene, "ab")) == 2  # not bent mid-glide
    assert scene._settle.isActive()  # bending follows when the nodes rest ...
    scene.finish_routes()  # ... or at once when the glide lands
    assert not scene._settle.isActive()
    assert len(points(scene, "ab")) > 2  # now bent round Middle


def test_the_settle_timer_bends_the_lines_if_the_glide_is_cut_short(qtbot) -> None:
    scene = MapScene(row())
    scene.node_items["c"].setPos(QPointF(0, 0))
    scene.nodes_gliding(["c"])
    qtbot.waitUntil(lambda: len(points(scene, "ab")) > 2, timeout=3000)


def test_enlarging_without_routing_leaves_the_routes_for_the_caller(qtbot) -> None:
    scene = MapScene(row())
    before = {k: points(scene, k) for k in ("ab", "cb")}
    scene.set_node_scale(2.0, route=False)  # the view nudges the nodes apart, then routes
    assert {k: points(scene, k) for k in ("ab", "cb")} == before
    scene.reroute_all()
    assert points(scene, "cb") != before["cb"]  # routed for the enlarged boxes
