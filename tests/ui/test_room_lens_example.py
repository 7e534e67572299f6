"""The Room lens on the shipped example in the real window: routed lines, ghosts, screenshots."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from tensionmap.examples.micro_credentials import build
from tensionmap.model import Participant, Rating, Round, Workspace, split_value
from tensionmap.render.overlays import scene_rects
from tensionmap.store import WorkspaceFile
from tests.ui.test_legibility import open_at, settle
from tests.ui.test_ratings_window import SHOTS, controller

GROUPS = ("Employers", "Learners", "Universities")


def rated_example() -> Workspace:
    """The example rated by nine people in three groups: some relations agreed, some fought over,
    the rest mixed, and two relations the map lacks proposed by three people each."""
    ws = build()
    rng = random.Random(14)
    ws.add("rounds", Round("k1", 1, "First look"))
    for p in range(9):
        ws.add("participants", Participant(f"p{p}", f"Person {p}", GROUPS[p % 3], anonymous=p % 4 == 3))
    relations = list(ws.relations.values())
    for i, rel in enumerate(relations):
        for p in range(9):
            if i % 3 == 0:  # agreed: the map's sign, strongly
                value = rel.sign * rng.randint(3, 5) or rng.randint(3, 5)
            elif i % 3 == 1:  # fought over: half each way
                value = (1 if p % 2 else -1) * rng.randint(2, 5)
            else:
                value = rng.randint(-5, 5)
            sign, strength = split_value(value)
            ws.add("ratings", Rating(f"x{i}-{p}", f"p{p}", "k1", sign, strength, relation=rel.id))
    on_map = {(r.source, r.target) for r in relations} | {(r.target, r.source) for r in relations}
    nodes = sorted(ws.nodes)
    proposals: list[tuple[str, str]] = []
    while len(proposals) < 2:
        pair = (rng.choice(nodes), rng.choice(nodes))
        if pair[0] != pair[1] and pair not in on_map and pair not in proposals:
            proposals.append(pair)
    for j, (source, target) in enumerate(proposals):
        for p in range(3):
            ws.add("ratings", Rating(f"g{j}-{p}", f"p{p}", "k1", 1, 4, source=source, target=target))
    return ws


def follows_the_map(win, overlay) -> bool:
    """Every relation of the lens is drawn along the route the map draws it on now."""
    geometry = win.scene.relation_geometry()
    return all(
        [(p.x(), p.y()) for p in item.points] == list(geometry[item.aggregate.relation][1].points)
        for item in overlay.drawn
        if not item.ghost
    )


def lens_on(qtbot, app, path: Path, size: tuple[int, int] = (1366, 768)):
    """The rated example at ``path`` in the first window at ``size``, the Room lens on and drawn:
    (window, Room controller, lens)."""
    if not path.exists():
        WorkspaceFile.create(path, rated_example()).close()
    win = open_at(qtbot, app, path, size)
    room = controller(win)
    room.lens_action.trigger()
    relations = len(win.wf.workspace.relations)
    qtbot.waitUntil(lambda: room.overlay is not None and len(room.overlay.drawn) == relations + 2)
    return win, room, room.overlay


def test_the_room_lens_on_the_example_follows_the_routes_and_is_looked_at(qtbot, app, tmp_path: Path):
    win, room, overlay = lens_on(qtbot, app, tmp_path / "rated-example.tmap")
    assert follows_the_map(win, overlay)
    aggregates = [d.aggregate for d in overlay.drawn if not d.ghost]
    assert any(a.consensus for a in aggregates) and any(a.contested for a in aggregates)
    assert len(room.panel.ghosts) == 2
    # hovering the middle of a bent relation's longest stretch shows its histogram
    bent = next((d for d in overlay.drawn if not d.ghost and len(d.points) > 2), None)
    assert bent is not None, "the example has relations bent round a node"
    at = win.canvas.mapFromScene(bent.centre)
    qtbot.mouseMove(win.canvas.viewport(), at + QPoint(0, 1))
    qtbot.mouseMove(win.canvas.viewport(), at)
    qtbot.waitUntil(room.popup.isVisible)
    assert sorted(room.popup.shown_values) == sorted(bent.aggregate.values)
    qtbot.mouseMove(win.canvas.viewport(), QPoint(3, 3))
    qtbot.waitUntil(lambda: not room.popup.isVisible())
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size in ((1366, 768), (1920, 1080)):
        win.resize(*size)
        settle(qtbot, win)
        # nodes drawn larger (or nudged apart) at the new zoom are routed again: the lens follows
        qtbot.waitUntil(lambda: follows_the_map(win, overlay), timeout=2000)
        QApplication.processEvents()
        win.grab().save(str(SHOTS / f"room-lens-example-{size[0]}x{size[1]}.png"))
        win.canvas.viewport().grab().save(str(SHOTS / f"room-lens-example-map-{size[0]}x{size[1]}.png"))
    win.close()


def test_the_room_lens_follows_the_nodes_while_a_layout_glides(qtbot, app, tmp_path: Path):
    from tests.ui.test_tension_window import controller as tensions
    from tests.ui.test_tension_window import wait_layout

    win, room, overlay = lens_on(qtbot, app, tmp_path / "rated-example.tmap")
    first = next(d for d in overlay.drawn if not d.ghost)
    seen: list[tuple[float, float]] = []  # where the lens draws one relation's start, refresh by refresh
    followed: list[bool] = []

    def after_refresh() -> None:  # connected after the controller's own slot, so it runs after it
        item = next(d for d in overlay.drawn if d.aggregate.relation == first.aggregate.relation)
        seen.append((round(item.points[0].x(), 1), round(item.points[0].y(), 1)))
        followed.append(follows_the_map(win, overlay))

    room._geometry_timer.timeout.connect(after_refresh)
    ctrl = tensions(win)
    steps = win.undo_stack.count()
    ctrl.layouts.actions["layered"].trigger()
    wait_layout(qtbot, win, ctrl, steps)
    settle(qtbot, win)
    qtbot.waitUntil(lambda: follows_the_map(win, overlay), timeout=3000)
    # the lens was drawn again along the moving lines frame by frame, not only once they landed
    assert len(set(seen)) >= 3, seen
    assert all(followed)
    win.close()


def test_the_room_panel_fits_a_laptops_dock_and_shows_relation_names_whole(qtbot, app, tmp_path: Path):
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtWidgets import QScrollArea

    win, room, _overlay = lens_on(qtbot, app, tmp_path / "rated-example.tmap")
    panel = room.panel
    qtbot.waitUntil(lambda: panel.table.rowCount() == len(win.wf.workspace.relations))
    settle(qtbot, win)
    qtbot.wait(50)  # rows are measured once the column has its width
    scroller = room.dock.widget()
    assert isinstance(scroller, QScrollArea)
    assert panel.width() <= scroller.viewport().width()  # nothing of the panel is off to the side
    # and nothing below: its tables give way, so the buttons at its foot are in sight
    view = scroller.viewport().rect()
    for button in (panel.accept_button, panel.dismiss_button, panel.round_button, panel.apply_button):
        corner = button.mapTo(scroller.viewport(), button.rect().bottomRight())
        assert view.contains(corner), button.text()
    for table in (panel.table, panel.ghost_table):
        width = table.columnWidth(0) - 8  # the cell's own margins
        metrics = table.fontMetrics()
        for row in range(table.rowCount()):
            text = table.item(row, 0).text()
            needed = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text).height()
            assert table.rowHeight(row) >= needed, (text, table.rowHeight(row), needed)
            assert table.item(row, 0).toolTip() == text
    win.close()


def test_a_ghosts_words_keep_off_the_node_boxes(qtbot, app, tmp_path: Path):
    for size in ((1366, 768), (1920, 1080)):
        win, room, overlay = lens_on(qtbot, app, tmp_path / "rated-example.tmap", size)
        settle(qtbot, win)
        win.canvas.viewport().grab()  # paints the lens as the screen shows it
        assert len(overlay.ghost_label_boxes) == 2
        boxes = list(scene_rects(win.scene).values())  # the nodes' outlines as drawn
        for words in overlay.ghost_label_boxes:
            assert not any(words.intersects(box) for box in boxes), (size, words)
        room.lens_action.trigger()
        win.close()
