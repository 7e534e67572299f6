"""Analysis overlays: coalition hulls, derived-tension arcs, frustration markers and focus dimming."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene

from tensionmap.analysis import analyze
from tensionmap.examples import micro_credentials
from tensionmap.render import MapScene
from tensionmap.render.overlays import (
    DIM_OPACITY,
    CoalitionHulls,
    Focus,
    FrustrationMarkers,
    MapOverlays,
    TensionArcs,
    scene_rects,
)
from tests.builders import small_map


def _render(scene: QGraphicsScene, rect: QRectF, size: int = 300) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, size, size), rect)
    painter.end()
    return image


def _non_white(image: QImage) -> int:
    white = QColor("#FFFFFF").rgb()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) != white
    )


def test_hull_encloses_every_member_rect(qtbot) -> None:
    rects = {"a": QRectF(0, 0, 80, 30), "b": QRectF(200, 120, 90, 40), "c": QRectF(-50, 200, 60, 30)}
    hulls = CoalitionHulls(rects, [("a", "b", "c"), ()])
    shape = hulls.shapes[0]
    assert hulls.shapes[1].isEmpty()
    for r in rects.values():
        for corner in (r.topLeft(), r.topRight(), r.bottomLeft(), r.bottomRight(), r.center()):
            assert shape.contains(corner)
    assert not shape.contains(QPointF(120, 100))  # a tint round each member, not one big hull
    assert hulls.boundingRect().contains(shape.boundingRect())
    assert CoalitionHulls({}, [("a",)]).shapes[0].isEmpty()


def test_coalition_corridors_join_members_along_supportive_relations(qtbot) -> None:
    from tensionmap.render.overlays import coalition_shape

    a, b = QRectF(0, 0, 60, 30), QRectF(300, 0, 60, 30)
    apart = coalition_shape([a, b])
    joined = coalition_shape([a, b], [(60.0, 15.0, 300.0, 15.0)])
    assert not apart.contains(QPointF(180, 15)) and joined.contains(QPointF(180, 15))
    assert not joined.contains(QPointF(180, 40))  # a narrow corridor, not a hull


def test_big_coalitions_are_tiles_painted_in_one_batch(qtbot) -> None:
    rects = {f"n{i}": QRectF(i * 100.0, 0, 60, 30) for i in range(CoalitionHulls.MERGE_LIMIT + 5)}
    hulls = CoalitionHulls(rects, [tuple(rects), ()])
    assert hulls.merged == [False, True]
    assert len(hulls.tiles[0]) == len(rects)
    assert hulls.shapes[0].contains(QPointF(30, 15))


def test_hull_follows_moved_nodes_on_refresh(qtbot) -> None:
    rects = {"a": QRectF(0, 0, 80, 30)}
    hulls = CoalitionHulls(lambda: rects, [("a",)])
    assert hulls.shapes[0].contains(QPointF(40, 15))
    rects["a"] = QRectF(500, 500, 80, 30)
    hulls.refresh()
    assert hulls.shapes[0].contains(QPointF(540, 515))
    assert not hulls.shapes[0].contains(QPointF(40, 15))


def test_overlays_render_non_blank(qtbot) -> None:
    scene = QGraphicsScene()
    rects = {"a": QRectF(0, 0, 60, 30), "b": QRectF(200, 0, 60, 30), "c": QRectF(100, 180, 60, 30)}
    hulls = CoalitionHulls(rects, [("a", "b"), ("c",)])
    arcs = TensionArcs(rects, [("a", "c", 1.0)])
    seg = {"r1": (None, (30.0, 15.0, 230.0, 15.0))}
    markers = FrustrationMarkers(seg, ["r1", "missing"])
    assert list(markers.positions) == ["r1"]
    for item in (hulls, arcs, markers):
        scene.addItem(item)
    view = QRectF(-60, -60, 380, 320)
    assert _non_white(_render(scene, view)) > 200
    # each overlay alone paints something
    for only in (hulls, arcs, markers):
        for item in (hulls, arcs, markers):
            item.setVisible(item is only)
        assert _non_white(_render(scene, view)) > 10, type(only).__name__


def test_arcs_toggle_and_dim(qtbot) -> None:
    scene = QGraphicsScene()
    rects = {"a": QRectF(0, 0, 60, 30), "b": QRectF(300, 0, 60, 30)}
    arcs = TensionArcs(rects, [("a", "b", 0.5)])
    scene.addItem(arcs)
    view = QRectF(-40, -120, 440, 200)
    shown = _non_white(_render(scene, view))
    assert shown > 20
    arcs.setVisible(False)
    assert _non_white(_render(scene, view)) == 0
    arcs.setVisible(True)
    assert len(arcs.arcs) == 1
    apex = arcs.arcs[0][4]
    assert abs(apex.x() - 180) < 1e-6 and abs(apex.y() - 15) > 20  # bowed away from the straight line


def test_map_overlays_on_the_example(qtbot) -> None:
    ws = micro_credentials.build()
    scene = MapScene(ws)
    overlays = MapOverlays(scene)
    result = analyze(ws)
    overlays.set_result(result)
    rects = scene_rects(scene)
    for i, members in enumerate(result.balance.coalitions):
        shape = overlays.hulls.shapes[i]
        for m in members:
            assert shape.contains(rects[m].center())
    derived = [f for f in result.tensions if f.kind == "derived"]
    assert len(overlays.arcs.arcs) == len(derived) > 0
    assert set(overlays.markers.positions) == set(result.balance.frustrated_relations)
    image = _render(scene, scene.itemsBoundingRect(), 400)
    assert _non_white(image) > 500


def test_focus_dims_everything_else_and_clears(qtbot) -> None:
    ws = small_map()
    scene = MapScene(ws)
    overlays = MapOverlays(scene)
    overlays.set_result(analyze(ws))
    ids = list(scene.node_items)
    rel = next(iter(scene.relation_items))
    focus = Focus.of(ids[:2], [rel])
    overlays.set_focus(focus)
    for key, item in scene.node_items.items():
        assert item.opacity() == (1.0 if key in focus.node_ids else DIM_OPACITY)
    assert all(layer.opacity() == DIM_OPACITY for layer in scene.layers.values())
    assert overlays.focused_edges.isVisible()
    assert [r.id for r, _ in overlays.focused_edges.lines] == [rel]
    image = _render(scene, scene.itemsBoundingRect(), 300)
    assert _non_white(image) > 50
    overlays.set_focus(None)
    assert all(item.opacity() == 1.0 for item in scene.node_items.values())
    assert all(layer.opacity() == 1.0 for layer in scene.layers.values())
    assert not overlays.focused_edges.isVisible()
    overlays.remove()
    assert overlays.hulls.scene() is None


def test_overlays_follow_model_moves_and_survive_a_reattach(qtbot) -> None:
    ws = small_map()
    scene = MapScene(ws)
    overlays = MapOverlays(scene)
    overlays.follow_scene()
    result = analyze(ws)
    overlays.set_result(result)
    member = result.balance.coalitions[0][0]
    side = 0
    far = QPointF(5000.0, 5000.0)
    assert not overlays.hulls.shapes[side].contains(far)
    ws.move_nodes({member: (far.x(), far.y())})
    qtbot.waitUntil(lambda: overlays.hulls.shapes[side].contains(far), timeout=2000)
    scene.attach(small_map())  # clears the scene, deleting the overlay items
    overlays.remove()  # safe all the same
    fresh = MapOverlays(scene)
    fresh.set_result(analyze(scene.workspace))
    assert fresh.hulls.scene() is scene
