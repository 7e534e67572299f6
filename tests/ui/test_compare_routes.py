"""File > Compare with Snapshot draws its ghosts and badges on routed lines, as the map draws relations.

Three nodes in a row: a relation from the left one to the right one, drawn
straight, would run through the middle one. The map bends it round; so must
the grey ghost of that relation once it is deleted, and the ``new`` badge of a
relation added since the snapshot must sit on the bent line, not on the middle
node's box.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt

from tensionmap.commands import AddEntity
from tensionmap.layout.quality import through_nodes
from tensionmap.model import Node, Relation, Workspace
from tensionmap.store import WorkspaceFile
from tensionmap.ui.scenario_controller import ScenarioController


def row_workspace() -> Workspace:
    ws = Workspace("Row")
    ws.add_node(Node("a", "stakeholder", "Left", x=-400, y=0))
    ws.add_node(Node("c", "driver", "Middle", x=0, y=0))
    ws.add_node(Node("b", "driver", "Right", x=400, y=0))
    ws.add_node(Node("d", "stakeholder", "Below", x=0, y=300))
    ws.add_relation(Relation("ab", "a", "b", "opposes", 4))
    ws.add_relation(Relation("dc", "d", "c", "supports", 3))
    return ws


@pytest.fixture
def row_window(qtbot, app, tmp_path: Path):
    path = tmp_path / "row.tmap"
    WorkspaceFile.create(path, row_workspace()).close()
    win = app.open_window(WorkspaceFile.open(path))
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.canvas.reset_zoom()  # 100%: nodes drawn at their natural size, where the model has them
    yield win
    if win.isVisible():
        win.close()


def controller(window) -> ScenarioController:
    return next(e for e in window.extensions if isinstance(e, ScenarioController))


def boxes(window) -> tuple[dict, dict]:
    rects = {k: i.mapRectToScene(i.rect) for k, i in window.scene.node_items.items()}
    centres = {k: (r.center().x(), r.center().y()) for k, r in rects.items()}
    sizes = {k: (r.width(), r.height()) for k, r in rects.items()}
    return centres, sizes


def test_a_deleted_relation_is_ghosted_round_the_node_in_its_way(qtbot, row_window) -> None:
    window = row_window
    ctl = controller(window)
    assert len(window.scene.relation_geometry()["ab"][1].points) > 2  # the map bends it round Middle
    snap = ctl.take_snapshot("Before")
    window.scene.select_ids([], ["ab"])
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "ab" not in window.wf.workspace.relations)
    ctl.compare_with(snap)
    marks = ctl.compare_marks
    assert marks.isVisible() and marks.state.removed_relations == [("a", "b")]
    routes = marks.ghost_routes()
    assert len(routes) == 1 and len(routes[0]) > 2  # bent, not a straight line through Middle
    centres, sizes = boxes(window)
    assert through_nodes(centres, sizes, [("ab", "a", "b")], {"ab": routes[0]}) == {}
    # the ghost is painted (it appears in a rendering of the view) without errors
    window.canvas.viewport().grab()


def test_a_new_relations_badge_sits_on_its_routed_line(qtbot, row_window) -> None:
    window = row_window
    ctl = controller(window)
    snap = ctl.take_snapshot("Before")
    assert window.push(AddEntity("relations", Relation("ba", "b", "a", "supports", 2)))
    ctl.compare_with(snap)
    state = ctl.compare_marks.state
    assert state.added_relations == [("b", "a")] and state.added_relation_ids == ["ba"]
    rects = ctl.compare_marks._all_rects()
    at = ctl.compare_marks._relation_mark_at("ba", "b", "a", rects)
    middle = window.scene.node_items["c"].sceneBoundingRect()
    assert not middle.contains(at)  # between the centres it would sit on Middle's box
    route = window.scene.relation_geometry()["ba"][1]
    xs = [p[0] for p in route.points]
    ys = [p[1] for p in route.points]
    assert min(xs) - 1 <= at.x() <= max(xs) + 1 and min(ys) - 1 <= at.y() <= max(ys) + 1


def test_a_removed_nodes_ghost_is_drawn_as_large_as_the_nodes_around_it(qtbot, row_window) -> None:
    window = row_window
    ctl = controller(window)
    snap = ctl.take_snapshot("Before")
    window.scene.select_ids(["d"])
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "d" not in window.wf.workspace.nodes)
    ctl.compare_with(snap)
    window.canvas.zoom_by(0.3)  # zoomed out: the map draws its nodes enlarged
    k = window.scene.node_scale
    assert k > 1.0
    (ghost,) = ctl.compare_marks.state.ghosts
    drawn = ctl.compare_marks._all_rects()["d"]
    assert drawn.center() == ghost.rect.center()
    assert drawn.width() == pytest.approx(ghost.rect.width() * k)
    assert drawn.height() == pytest.approx(ghost.rect.height() * k)
    # its removed relation is routed to the enlarged ghost, and around the others
    (points,) = ctl.compare_marks.ghost_routes()
    assert drawn.adjusted(-1, -1, 1, 1).contains(QPointF(*points[0])) or drawn.adjusted(
        -1, -1, 1, 1
    ).contains(QPointF(*points[-1]))


def test_a_ghost_is_nudged_off_a_node_now_standing_where_it_was(qtbot, row_window) -> None:
    window = row_window
    ctl = controller(window)
    snap = ctl.take_snapshot("Before")
    window.scene.select_ids(["d"])
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "d" not in window.wf.workspace.nodes)
    # a new node takes the removed one's place
    assert window.push(AddEntity("nodes", Node("e", "stakeholder", "Newcomer", x=10, y=290)))
    ctl.compare_with(snap)
    rects = ctl.compare_marks._all_rects()
    newcomer = window.scene.node_items["e"].sceneBoundingRect()
    assert not rects["d"].intersects(newcomer)  # the ghost does not hide the node in its place
    assert all(not rects["d"].intersects(r) for k, r in rects.items() if k != "d")
    window.canvas.viewport().grab()


def test_comparing_fits_the_ghosts_into_view_with_the_map(qtbot, row_window) -> None:
    window = row_window
    ctl = controller(window)
    assert window.push(AddEntity("nodes", Node("low", "driver", "Far below", x=0, y=1500)))
    snap = ctl.take_snapshot("Before")
    window.scene.select_ids(["low"])
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "low" not in window.wf.workspace.nodes)
    window.canvas.fit_map()

    def in_view(rect) -> bool:
        return window.canvas.mapToScene(window.canvas.viewport().rect()).boundingRect().contains(rect)

    ctl.compare_with(snap)
    ghost = ctl.compare_marks._all_rects()["low"]
    assert in_view(ghost)  # Fit Map shows the ghost with the map
    ctl.compare_with("")
    assert ctl.compare_marks.ghost_extent().isEmpty()
    assert not in_view(ghost)  # and lets it go when the comparison ends
