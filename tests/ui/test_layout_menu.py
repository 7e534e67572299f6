"""The Layout menu after an edit: Tidy keeps the room's mental map, Full Signed Layout starts afresh.

A facilitator adds a node and a relation with the mouse, then lays the map out
again: Tidy (Ctrl+L) must leave the other nodes near where they were, Full
Signed Layout (Ctrl+Shift+L) re-lays everything; each is one undo step, pinned
nodes never move, and a layout asked for while another runs is refused out loud.
"""

from __future__ import annotations

import math
import statistics

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from tensionmap.commands import update_node
from tensionmap.ui.tension_layouts import BUSY_MESSAGE, TIDY_TEXT
from tests.ui.helpers import drag, node_pos
from tests.ui.test_tension_window import CTRL, SHIFT, open_example, positions, wait_layout


def free_point(window) -> QPoint:
    """A viewport point well clear of every node (where a new node can be added and grabbed)."""
    canvas = window.canvas
    vp = canvas.viewport().rect()
    best, best_d = QPoint(vp.width() // 2, vp.height() // 2), -1.0
    centres = [canvas.mapFromScene(item.pos()) for item in window.scene.node_items.values()]
    for x in range(80, vp.width() - 80, 20):
        for y in range(60, vp.height() - 60, 20):
            d = min(math.hypot(x - c.x(), y - c.y()) for c in centres)
            if d > best_d:
                best, best_d = QPoint(x, y), d
    return best


def add_stakeholder_by_hand(qtbot, window, label: str) -> str:
    """Right-click an empty spot > Add stakeholder here, type the name, Return."""
    canvas = window.canvas
    where = free_point(window)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, canvas.viewport().mapToGlobal(where))
    QApplication.sendEvent(canvas.viewport(), event)
    menu = canvas.last_menu
    assert menu is not None and menu.isVisible()
    action = canvas.menu_action("Add stakeholder here")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    editor = canvas.rename_editor
    assert editor is not None
    qtbot.keyClicks(editor, label)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    return next(n.id for n in window.wf.workspace.nodes.values() if n.label == label)


def connect_by_hand(qtbot, window, source: str, target: str, word: str) -> None:
    """Shift-drag from one node to another and pick the relation type from the chooser."""
    before = set(window.wf.workspace.relations)
    drag(
        window.canvas.viewport(),
        node_pos(window, source),
        node_pos(window, target),
        Qt.KeyboardModifier.ShiftModifier,
    )
    menu = window.canvas.last_menu
    assert menu is not None and menu.isVisible()
    action = window.canvas.menu_action(word)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert len(set(window.wf.workspace.relations) - before) == 1


def median_relation_length(window) -> float:
    ws = window.wf.workspace
    return statistics.median(
        math.dist((ws.nodes[r.source].x, ws.nodes[r.source].y), (ws.nodes[r.target].x, ws.nodes[r.target].y))
        for r in ws.relations.values()
    )


def moves(before: dict, after: dict, keys) -> list[float]:
    return [math.dist(before[k], after[k]) for k in keys]


def test_tidy_after_an_edit_keeps_the_others_near_and_full_relayout_is_one_item_away(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    ws = window.wf.workspace
    by_label = {n.label: n.id for n in ws.nodes.values()}
    pinned = by_label["HR and recruitment"]
    assert window.push(update_node(pinned, pinned=True))
    new = add_stakeholder_by_hand(qtbot, window, "Funding bodies")
    connect_by_hand(qtbot, window, new, by_label["Universities and colleges"], "supports")
    others = [k for k in ws.nodes if k != new]
    before = positions(window)
    unit = median_relation_length(window)

    steps = window.undo_stack.count()
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_L, CTRL)  # Layout > Tidy Layout (keep positions)
    wait_layout(qtbot, window, ctrl, steps)
    assert window.undo_stack.text(steps) == TIDY_TEXT
    tidied = positions(window)
    kept = moves(before, tidied, others)
    median = statistics.median(kept)
    assert median <= 0.10 * unit, f"others moved {median:.0f} (median relation {unit:.0f})"
    assert tidied[pinned] == before[pinned]

    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, CTRL)  # one undo step puts every node back
    assert positions(window) == before
    qtbot.keyClick(window.canvas, Qt.Key.Key_Y, CTRL)
    assert positions(window) == tidied

    steps = window.undo_stack.count()
    full = ctrl.layouts.actions["signed"]
    assert full.text().replace("&", "") == "Full Signed Layout"
    full.trigger()
    wait_layout(qtbot, window, ctrl, steps)
    assert window.undo_stack.text(steps) == "Layout (signed)"
    relaid = positions(window)
    assert relaid[pinned] == before[pinned]
    assert statistics.median(moves(tidied, relaid, others)) > statistics.median(kept)


def test_a_layout_asked_for_while_one_runs_is_refused_out_loud(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    steps = window.undo_stack.count()
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_L, CTRL | SHIFT)
    assert ctrl.layouts.busy
    window.statusBar().clearMessage()
    qtbot.keyClick(window.canvas, Qt.Key.Key_L, CTRL)  # Tidy's keys while its action is disabled
    assert window.statusBar().currentMessage() == BUSY_MESSAGE
    assert not ctrl.layouts.run("layered")  # the action is disabled; a direct call is refused
    assert window.statusBar().currentMessage() == BUSY_MESSAGE
    assert not ctrl.layouts.trigger("polarity")
    assert window.statusBar().currentMessage() == BUSY_MESSAGE
    wait_layout(qtbot, window, ctrl, steps)
    assert window.undo_stack.count() == steps + 1  # only the first one landed
    assert "nodes moved" in window.statusBar().currentMessage()


def test_a_read_only_map_says_why_it_is_not_laid_out(qtbot, window, map_path) -> None:
    from tensionmap.store import WorkspaceFile

    ctrl = open_example(qtbot, window)
    window.set_file(WorkspaceFile.open(map_path, read_only=True))
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_L, CTRL)
    assert "read-only" in window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    assert not ctrl.layouts.run("tidy")
    assert "read-only" in window.statusBar().currentMessage()
