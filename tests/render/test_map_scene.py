"""MapScene mirrors the model by id, and draws it in the map's visual language."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from tensionmap.model import Node, Relation, Workspace
from tensionmap.render import MapScene, layout_label, render_scene_to_image, style, wrap_label


@pytest.fixture
def ws() -> Workspace:
    ws = Workspace("t")
    ws.add_node(Node("a", "stakeholder", "Learners and employees", x=-250, y=0))
    ws.add_node(Node("b", "driver", "Scalability", x=250, y=0))
    ws.add_node(Node("c", "driver", "Specificity", x=250, y=250))
    ws.add_relation(Relation("ab", "a", "b", "supports", 2))
    ws.add_relation(Relation("bc", "b", "c", "in_tension_with", 5))
    return ws


def test_scene_mirrors_changes_by_id(qapp, ws: Workspace) -> None:
    scene = MapScene(ws)
    assert set(scene.node_items) == {"a", "b", "c"} and set(scene.relation_items) == {"ab", "bc"}
    ws.add_node(Node("d", "stakeholder", "Employers", x=0, y=300))
    ws.add_relation(Relation("da", "d", "a", "opposes"))
    assert "d" in scene.node_items and "da" in scene.relation_items
    ws.update("nodes", "a", label="Learners")
    assert scene.node_items["a"].label == "Learners"
    ws.update("relations", "ab", type="resists")
    assert scene.relation_items["ab"].relation.type == "resists"
    assert "ab" in scene._geometry[-1] and "ab" not in scene._geometry[1]
    ws.remove("relations", "da")
    ws.remove("nodes", "d")
    assert "d" not in scene.node_items and "da" not in scene.relation_items
    scene.detach()
    ws.add_node(Node("e", "driver", "Ignored once detached"))
    assert "e" not in scene.node_items


def test_edges_end_on_node_outlines_and_follow_moves(qapp, ws: Workspace) -> None:
    scene = MapScene(ws)
    x1, _y1, x2, _y2 = scene.relation_items["ab"].segment
    a, b = scene.node_items["a"], scene.node_items["b"]
    assert x1 == pytest.approx(a.pos().x() + a.rect.width() / 2, abs=0.5)
    assert x2 == pytest.approx(b.pos().x() - b.rect.width() / 2, abs=0.5)
    ws.move_nodes({"b": (600.0, 0.0)})
    assert scene.relation_items["ab"].segment[2] > x2 + 300


def test_labels_wrap_near_24_characters_and_size_the_node(qapp) -> None:
    text = "Strategic priorities of institutions and industry"
    lines = wrap_label(text)
    assert len(lines) >= 2 and all(len(line) <= style.WRAP_CHARS for line in lines)
    assert " ".join(lines) == text
    assert wrap_label("Supercalifragilisticexpialidocious-and-more") != ()
    short, long = layout_label("Scalability"), layout_label(text)
    assert long.height > short.height and long.width > short.width
    assert style.label_font().pointSizeF() >= 10


def test_styles_by_sign() -> None:
    assert style.edge_style("supports").colour == QColor("#0072B2")
    assert style.edge_style("opposes").colour == QColor("#D55E00")
    assert style.edge_style("related").colour == QColor("#7F7F7F")
    assert style.edge_style("opposes").marker and style.edge_style("opposes").dash_pattern
    assert not style.is_directed("in_tension_with") and style.is_directed("resists")
    assert style.strength_width(5) > style.strength_width(1)


def test_render_to_image_shows_both_relation_colours(qapp, ws: Workspace) -> None:
    image = render_scene_to_image(MapScene(ws), 800, 600, legend=False)
    colours = {image.pixelColor(x, y).name() for x in range(0, 800, 2) for y in range(0, 600, 2)}
    assert "#0072b2" in colours and "#d55e00" in colours


def test_selection_helpers(qapp, ws: Workspace) -> None:
    scene = MapScene(ws)
    scene.select_ids(["a"], ["bc"])
    assert scene.selected_ids() == (["a"], ["bc"]) or sorted(scene.selected_ids()[0]) == ["a"]
    item = scene.relation_items["bc"]
    assert not (item.flags() & item.GraphicsItemFlag.ItemHasNoContents)  # selected: it paints
    scene.select_ids([])
    assert scene.selected_ids() == ([], [])


def test_big_batches_make_hit_items_in_idle_time(qapp, qtbot) -> None:
    from tensionmap.render.scene import EAGER_HIT_ITEMS

    ws = Workspace("big")
    for i in range(60):
        ws.add_node(
            Node(
                f"n{i}", "driver" if i % 2 else "stakeholder", f"Node {i}", x=(i % 10) * 200, y=i // 10 * 150
            )
        )
    count = 0
    for i in range(60):
        for j in range(i + 1, 60):
            if count > EAGER_HIT_ITEMS:
                break
            ws.add_relation(Relation(f"r{count}", f"n{i}", f"n{j}", "opposes" if (i + j) % 3 else "supports"))
            count += 1
    scene = MapScene(ws)
    assert len(scene.relation_items) < count  # drawn from geometry, hit items still to come
    image = render_scene_to_image(scene, 400, 300, legend=False)
    assert not image.isNull()
    scene.select_ids([], ["r5"])
    assert len(scene.relation_items) == count and scene.selected_ids() == ([], ["r5"])
    ws.remove("relations", "r7")
    ws.move_nodes({"n0": (-500.0, -500.0)})
    assert "r7" not in scene.relation_items
    qtbot.waitUntil(lambda: not scene._pending_hits)


def test_node_scale_grows_nodes_and_edges_together(qapp, ws: Workspace) -> None:
    scene = MapScene(ws)
    before = scene.relation_items["ab"].segment
    scene.set_node_scale(2.0)
    item = scene.node_items["a"]
    assert item.sceneBoundingRect().width() == pytest.approx(item.boundingRect().width() * 2)
    after = scene.relation_items["ab"].segment
    assert after[0] > before[0]  # leaves the (now wider) outline further out
    assert scene.layers[1].k == 2.0


def test_legend_draws_every_entry(qapp) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QImage, QPainter

    from tensionmap.render import legend_size, paint_legend

    w, h = legend_size()
    image = QImage(int(w) + 4, int(h) + 4, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    box = paint_legend(painter, QPointF(2, 2))
    painter.end()
    assert box.width() == pytest.approx(w) and box.height() == pytest.approx(h)
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert {"#0072b2", "#d55e00"} <= colours


def test_relation_geometry_covers_every_relation(qapp, ws: Workspace) -> None:
    scene = MapScene(ws)
    geometry = scene.relation_geometry()
    assert set(geometry) == {"ab", "bc"}
    assert geometry["ab"][1] == scene.relation_items["ab"].route
    assert geometry["ab"][1].ends == scene.relation_items["ab"].segment
