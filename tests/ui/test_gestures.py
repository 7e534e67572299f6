"""Drive the real window as a person does, then reopen the file and compare."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import small_workspace
from tests.ui.helpers import drag, node_pos, reopen, send_mouse

CTRL = Qt.KeyboardModifier.ControlModifier


def close_and_reopen(window, path: Path):
    window.close()
    return reopen(path)


def test_add_stakeholder_from_toolbar_and_name_it(qtbot, window, map_path: Path) -> None:
    before = set(window.wf.workspace.nodes)
    button = window.menus.toolbar.widgetForAction(window.actions["add_stakeholder"])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    added = set(window.wf.workspace.nodes) - before
    assert len(added) == 1
    key = added.pop()
    assert window.wf.workspace.node(key).kind == "stakeholder"
    editor = window.canvas.rename_editor
    assert editor is not None and editor.hasSelectedText()
    qtbot.keyClicks(editor, "Funding bodies")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.scene.node_items[key].label == "Funding bodies"
    assert window.undo_stack.count() == 1  # adding and naming is one step ...
    assert window.undo_stack.text(0) == "Add stakeholder Funding bodies"  # ... that names the node
    ws = close_and_reopen(window, map_path)
    assert ws.node(key).label == "Funding bodies"
    assert ws.node(key).kind == "stakeholder"


def test_add_driver_from_context_menu_where_clicked(qtbot, window, map_path: Path) -> None:
    canvas = window.canvas
    where = QPoint(canvas.viewport().width() // 2, 40)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, canvas.viewport().mapToGlobal(where))
    QApplication.sendEvent(canvas.viewport(), event)
    menu = canvas.last_menu
    assert menu is not None and menu.isVisible()
    action = canvas.menu_action("Add driver here")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    editor = canvas.rename_editor
    assert editor is not None
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # keep the default label
    nodes = [n for n in window.wf.workspace.nodes.values() if n.label == "New driver"]
    assert len(nodes) == 1
    scene_pos = canvas.mapToScene(where)
    assert abs(nodes[0].x - scene_pos.x()) < 2 and abs(nodes[0].y - scene_pos.y()) < 2
    ws = close_and_reopen(window, map_path)
    assert ws.node(nodes[0].id).kind == "driver"


def test_rename_by_double_click_and_typing(qtbot, window, map_path: Path) -> None:
    pos = node_pos(window, "s2")
    qtbot.mouseDClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    editor = window.canvas.rename_editor
    assert editor is not None and editor.text() == "Employers"
    qtbot.keyClicks(editor, "Employers and industry")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.wf.workspace.node("s2").label == "Employers and industry"
    ws = close_and_reopen(window, map_path)
    assert ws.node("s2").label == "Employers and industry"


def test_drag_moves_node_once_and_undo_puts_it_back(qtbot, window, map_path: Path) -> None:
    node = window.wf.workspace.node("d2")
    start = node_pos(window, "d2")
    drag(window.canvas.viewport(), start, start + QPoint(60, 40))
    moved = window.wf.workspace.node("d2")
    assert (moved.x, moved.y) != (node.x, node.y)
    assert window.undo_stack.count() == 1  # one step for the whole drag
    assert window.undo_stack.command(0).text() == "Move"
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, CTRL)
    back = window.wf.workspace.node("d2")
    assert (back.x, back.y) == (node.x, node.y)
    assert window.scene.node_items["d2"].pos().x() == node.x
    ws = close_and_reopen(window, map_path)
    assert (ws.node("d2").x, ws.node("d2").y) == (node.x, node.y)


def test_multi_selection_moves_together(qtbot, window) -> None:
    window.scene.select_ids(["s1", "s2"])
    before = {k: (window.wf.workspace.node(k).x, window.wf.workspace.node(k).y) for k in ("s1", "s2")}
    start = node_pos(window, "s1")
    drag(window.canvas.viewport(), start, start + QPoint(30, 30))
    after = {k: (window.wf.workspace.node(k).x, window.wf.workspace.node(k).y) for k in ("s1", "s2")}
    dx = after["s1"][0] - before["s1"][0]
    assert dx != 0 and abs((after["s2"][0] - before["s2"][0]) - dx) < 1e-6
    assert window.undo_stack.count() == 1


def test_connect_by_shift_drag_and_choose_opposes(qtbot, window, map_path: Path) -> None:
    before = set(window.wf.workspace.relations)
    drag(
        window.canvas.viewport(),
        node_pos(window, "s2"),
        node_pos(window, "d1"),
        Qt.KeyboardModifier.ShiftModifier,
    )
    menu = window.canvas.last_menu
    assert menu is not None and menu.isVisible()
    words = [a.text() for a in menu.actions() if a.data()]
    assert words == [
        "+  supports",
        "+  benefits",
        "+  values",
        "+  allied with",
        "\u2212  opposes",
        "\u27c2  in tension with",
        "\u2212  resists",
        "\u25cb  related",
    ]  # the sign before each word, and a swatch drawn as on the map
    assert all(not a.icon().isNull() for a in menu.actions() if a.data())
    action = window.canvas.menu_action("opposes")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    added = set(window.wf.workspace.relations) - before
    assert len(added) == 1
    rel = window.wf.workspace.relation(added.pop())
    assert (rel.source, rel.target, rel.type) == ("s2", "d1", "opposes")
    ws = close_and_reopen(window, map_path)
    assert ws.relation(rel.id).type == "opposes"


def test_connect_mode_plain_drag(qtbot, window) -> None:
    window.actions["connect_mode"].trigger()
    drag(window.canvas.viewport(), node_pos(window, "s1"), node_pos(window, "s2"))
    action = window.canvas.menu_action("supports")
    action.trigger()
    assert any(r.source == "s1" and r.target == "s2" for r in window.wf.workspace.relations.values())


def test_delete_key_and_undo(qtbot, window, map_path: Path) -> None:
    original = small_workspace()
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=node_pos(window, "d1"))
    assert window.scene.selected_ids() == (["d1"], [])
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    ws = window.wf.workspace
    assert not ws.has("nodes", "d1") and not ws.relations  # its two relations went with it
    assert "d1" not in window.scene.node_items and not window.scene.relation_items
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, CTRL)
    assert window.wf.workspace.same_content(original)
    assert set(window.scene.relation_items) == {"r1", "r2"}
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert not window.wf.workspace.has("nodes", "d1")
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, CTRL)
    assert close_and_reopen(window, map_path).same_content(original)


def test_edit_strength_in_inspector(qtbot, window, map_path: Path) -> None:
    item = window.scene.relation_items["r2"]
    pos = window.canvas.mapFromScene(item.midpoint())
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos + QPoint(0, 2))
    assert window.scene.selected_ids() == ([], ["r2"])
    box = window.inspector.strength_box
    assert window.inspector.stack.currentWidget() is window.inspector.relation_page
    assert box.value() == 4
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "5")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.wf.workspace.relation("r2").strength == 5
    assert window.undo_stack.count() == 1
    ws = close_and_reopen(window, map_path)
    assert ws.relation("r2").strength == 5


def test_inspector_edits_node_fields(qtbot, window, map_path: Path) -> None:
    window.scene.select_ids(["s1"])
    insp = window.inspector
    assert insp.label_edit.text() == "Universities"
    insp.group_edit.setFocus()
    insp.group_edit.selectAll()
    qtbot.keyClicks(insp.group_edit, "Higher education")
    qtbot.keyClick(insp.group_edit, Qt.Key.Key_Return)
    insp.tags_edit.setFocus()
    qtbot.keyClicks(insp.tags_edit, "core, sector")
    qtbot.keyClick(insp.tags_edit, Qt.Key.Key_Return)
    insp.power_box.setValue(4)
    ws = close_and_reopen(window, map_path)
    node = ws.node("s1")
    assert (node.group, node.tags, node.power) == ("Higher education", ("core", "sector"), 4)


def test_rubber_band_and_select_all(qtbot, window) -> None:
    vp = window.canvas.viewport()
    a, b = node_pos(window, "s1"), node_pos(window, "d1")
    drag(vp, QPoint(a.x() - 120, a.y() - 60), QPoint(b.x() + 120, b.y() + 60))
    nodes, _rels = window.scene.selected_ids()
    assert sorted(nodes) == ["d1", "s1"]
    qtbot.keyClick(window.canvas, Qt.Key.Key_A, CTRL)
    nodes, rels = window.scene.selected_ids()
    assert sorted(nodes) == ["d1", "d2", "s1", "s2"] and sorted(rels) == ["r1", "r2"]


def test_duplicate_and_copy_paste(qtbot, window, map_path: Path) -> None:
    window.scene.select_ids(["s1", "d1"])
    qtbot.keyClick(window.canvas, Qt.Key.Key_D, CTRL)
    ws = window.wf.workspace
    assert len(ws.nodes) == 6 and len(ws.relations) == 3  # the s1-d1 relation came along
    assert window.undo_stack.count() == 1
    window.scene.select_ids(["s2"])
    qtbot.keyClick(window.canvas, Qt.Key.Key_C, CTRL)
    qtbot.keyClick(window.canvas, Qt.Key.Key_V, CTRL)
    assert len(window.wf.workspace.nodes) == 7
    assert sum(n.label == "Employers" for n in window.wf.workspace.nodes.values()) == 2
    assert len(close_and_reopen(window, map_path).nodes) == 7


def test_space_drag_pans_and_wheel_zooms(qtbot, window) -> None:
    canvas = window.canvas
    vp = canvas.viewport()
    centre_before = canvas.mapToScene(vp.rect().center())
    qtbot.keyPress(canvas, Qt.Key.Key_Space)
    drag(vp, QPoint(300, 300), QPoint(200, 250))
    qtbot.keyRelease(canvas, Qt.Key.Key_Space)
    centre_after = canvas.mapToScene(vp.rect().center())
    assert abs((centre_after.x() - centre_before.x()) * canvas.zoom() - 100) < 3
    assert window.undo_stack.count() == 0  # panning changes nothing in the file
    legend = canvas.legend.geometry()
    assert legend.bottom() < vp.height() and legend.right() < vp.width()  # the legend stays put
    zoom = canvas.zoom()
    under = QPoint(200, 200)
    scene_under = canvas.mapToScene(under)
    canvas.zoom_by(1.5, under)
    assert abs(canvas.zoom() - zoom * 1.5) < 1e-6
    assert (canvas.mapToScene(under) - scene_under).manhattanLength() < 2 / canvas.zoom()


def test_middle_button_pans(qtbot, window) -> None:
    canvas = window.canvas
    vp = canvas.viewport()
    before = canvas.mapToScene(vp.rect().center())
    drag(vp, QPoint(300, 300), QPoint(300, 200), button=Qt.MouseButton.MiddleButton)
    after = canvas.mapToScene(vp.rect().center())
    assert after.y() > before.y()


def test_find_jumps_to_node(qtbot, window) -> None:
    qtbot.keyClick(window.canvas, Qt.Key.Key_F, CTRL)
    assert window.menus.find_edit.hasFocus()
    qtbot.keyClicks(window.menus.find_edit, "specif")
    qtbot.keyClick(window.menus.find_edit, Qt.Key.Key_Return)
    assert window.scene.selected_ids() == (["d2"], [])


def test_outline_filter_and_selection(qtbot, window) -> None:
    outline = window.outline
    qtbot.keyClicks(outline.filter_edit, "employ")
    visible = [k for k, row in outline.rows.items() if not row.isHidden()]
    assert "s2" in visible and "s1" not in visible
    outline.tree.setCurrentItem(outline.rows["s2"])
    assert window.scene.selected_ids() == (["s2"], [])
    outline.filter_edit.clear()
    window.scene.select_ids(["d1"])
    assert [r.data(0, Qt.ItemDataRole.UserRole) for r in outline.tree.selectedItems()] == ["d1"]


def test_escape_cancels_rename(qtbot, window) -> None:
    qtbot.mouseDClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=node_pos(window, "s1"))
    editor = window.canvas.rename_editor
    qtbot.keyClicks(editor, "Something else")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.wf.workspace.node("s1").label == "Universities"
    assert window.undo_stack.count() == 0


def test_hover_highlights_node(qtbot, window) -> None:
    vp = window.canvas.viewport()
    send_mouse(
        vp, QEvent.Type.MouseMove, node_pos(window, "s1"), Qt.MouseButton.NoButton, Qt.MouseButton.NoButton
    )
    assert window.scene.node_items["s1"].hovered


def test_context_menu_on_relation_changes_type(qtbot, window, map_path: Path) -> None:
    canvas = window.canvas
    where = canvas.mapFromScene(window.scene.relation_items["r1"].midpoint())
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, canvas.viewport().mapToGlobal(where))
    QApplication.sendEvent(canvas.viewport(), event)
    assert window.scene.selected_ids() == ([], ["r1"])
    canvas.menu_action("resists").trigger()
    assert window.wf.workspace.relation("r1").type == "resists"
    assert "r1" in window.scene._geometry[-1]  # now drawn with the opposing style
    assert close_and_reopen(window, map_path).relation("r1").type == "resists"


def test_keyboard_zoom_in_and_out(qtbot, window) -> None:
    zoom = window.canvas.zoom()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Equal, CTRL)
    assert window.canvas.zoom() > zoom
    qtbot.keyClick(window.canvas, Qt.Key.Key_Minus, CTRL)
    assert abs(window.canvas.zoom() - zoom) < 1e-6


def test_refused_drag_snaps_back(qtbot, window, map_path: Path) -> None:
    from tensionmap.store import ReadOnlyError

    def refuse(command) -> None:
        raise ReadOnlyError("map.tmap: opened read-only")

    window.wf.execute = refuse
    node = window.wf.workspace.node("s1")
    start = node_pos(window, "s1")
    drag(window.canvas.viewport(), start, start + QPoint(50, 50))
    item = window.scene.node_items["s1"]
    assert (item.pos().x(), item.pos().y()) == (node.x, node.y)
    assert window.undo_stack.count() == 0
    assert "read-only" in window.statusBar().currentMessage()


def test_delete_key_in_outline_deletes_picked_rows(qtbot, window) -> None:
    outline = window.outline
    outline.tree.setFocus()
    outline.tree.setCurrentItem(outline.rows["r2"])
    assert window.scene.selected_ids() == ([], ["r2"])
    qtbot.keyClick(outline.tree, Qt.Key.Key_Delete)
    assert not window.wf.workspace.has("relations", "r2")
    qtbot.waitUntil(lambda: "r2" not in outline.rows)  # the outline follows the model (coalesced)


def test_hover_highlights_relation(qtbot, window) -> None:
    item = window.scene.relation_items["r2"]
    vp = window.canvas.viewport()
    pos = window.canvas.mapFromScene(item.midpoint())
    send_mouse(vp, QEvent.Type.MouseMove, pos, Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)
    assert item.hovered
    assert not (item.flags() & item.GraphicsItemFlag.ItemHasNoContents)  # it paints its band now
    send_mouse(vp, QEvent.Type.MouseMove, QPoint(5, 5), Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)
    assert not item.hovered


def test_deleting_many_selected_items_reacts_once(qtbot, app, tmp_path: Path) -> None:
    from tensionmap.model import Node, Relation, Workspace
    from tensionmap.store import WorkspaceFile

    ws = Workspace("many")
    for i in range(120):
        ws.add_node(Node(f"n{i}", "driver", f"Driver {i}", x=(i % 12) * 160.0, y=(i // 12) * 90.0))
    for i in range(119):
        ws.add_relation(Relation(f"r{i}", f"n{i}", f"n{i + 1}", "opposes" if i % 2 else "supports"))
    path = tmp_path / "many.tmap"
    WorkspaceFile.create(path, ws).close()
    win = app.open_window(WorkspaceFile.open(path))
    win.show()
    qtbot.waitExposed(win)
    win.actions["select_all"].trigger()
    assert len(win.scene.selected_ids()[0]) == 120
    emitted: list[int] = []
    show = win.inspector.show_selection

    def counting(*args: object) -> None:
        emitted.append(1)
        show(*args)

    win.inspector.show_selection = counting
    win.actions["delete"].trigger()
    assert not win.wf.workspace.nodes and not win.scene.node_items
    assert len(emitted) == 1  # one reaction for the whole step, not one per item
    assert win.inspector.stack.currentWidget() is win.inspector.hint
    win.actions["undo"].trigger()
    assert len(win.scene.node_items) == 120 and len(win.scene.relation_items) == 119
    win.close()
    assert len(reopen(path).relations) == 119
