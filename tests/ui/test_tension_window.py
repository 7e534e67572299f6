"""The tension tools in the real main window: Tensions dock, focus, overlays and layouts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tensionmap.commands import update_node
from tensionmap.model import Node, Relation, Workspace
from tensionmap.render.overlays import DIM_OPACITY
from tensionmap.store import WorkspaceFile
from tensionmap.ui.tension_controller import BIG_REFRESH_MS, TensionController
from tensionmap.ui.tension_poles import PolesDialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def controller(window) -> TensionController:
    return next(e for e in window.extensions if isinstance(e, TensionController))


def open_example(qtbot, window) -> TensionController:
    """File > Open Example, then wait for the analysis to fill the dock."""
    window.actions["open_example"].trigger()
    ctrl = controller(window)
    qtbot.waitUntil(lambda: ctrl.dock.tensions_view.findings_model.rowCount() > 0, timeout=5000)
    ctrl.dock.show()
    ctrl.dock.raise_()
    return ctrl


def positions(window) -> dict[str, tuple[float, float]]:
    return {k: (n.x, n.y) for k, n in window.wf.workspace.nodes.items()}


def item_positions(window) -> dict[str, tuple[float, float]]:
    return {k: (i.pos().x(), i.pos().y()) for k, i in window.scene.node_items.items()}


def reopened_positions(path: Path) -> dict[str, tuple[float, float]]:
    wf = WorkspaceFile.open(path, read_only=True)
    try:
        return {k: (n.x, n.y) for k, n in wf.workspace.nodes.items()}
    finally:
        wf.close()


def close(a: dict, b: dict, tol: float = 1e-6) -> bool:
    return a.keys() == b.keys() and all(
        abs(a[k][0] - b[k][0]) <= tol and abs(a[k][1] - b[k][1]) <= tol for k in a
    )


def wait_layout(qtbot, window, ctrl, steps_before: int) -> None:
    qtbot.waitUntil(
        lambda: not ctrl.layouts.busy and window.undo_stack.count() == steps_before + 1, timeout=15000
    )


# --------------------------------------------------------------------- the dock
def test_menus_dock_and_toolbar_are_in_place(qtbot, window) -> None:
    ctrl = controller(window)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles.index("Layout") == titles.index("View") - 1
    layout_items = [a.text().replace("&", "") for a in ctrl.layouts.menu.actions() if not a.isSeparator()]
    assert layout_items[:4] == [
        "Tidy Layout (keep positions)",
        "Full Signed Layout",
        "Polarity Layout…",
        "Layered Layout",
    ]
    assert ctrl.layouts.actions["tidy"].shortcut().toString() == "Ctrl+L"
    assert ctrl.layouts.actions["signed"].shortcut().toString() == "Ctrl+Shift+L"
    for action in ctrl.layouts.actions.values():
        assert action in window.menus.toolbar.actions()
    view_actions = window.menus.view.actions()
    assert ctrl.dock.toggleViewAction() in view_actions
    assert set(ctrl.overlay_menu.actions()) == set(ctrl.dock.overlay_actions.values())
    assert window.dockWidgetArea(ctrl.dock) == Qt.DockWidgetArea.RightDockWidgetArea
    # the small map's tension is listed at once (analysed synchronously when the file is shown)
    assert ctrl.dock.tensions_view.findings_model.rowCount() >= 1
    assert "Structural balance" in ctrl.dock.header.text()


def test_clicking_a_tension_row_focuses_its_path_and_dims_the_rest(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    view = ctrl.dock.tensions_view
    row = next(i for i, f in enumerate(view.findings) if f.kind == "derived")
    finding = view.findings[row]
    index = view.findings_model.index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert ctrl.dock.selected_finding() == finding
    items = window.scene.node_items
    on_path = set(finding.path)
    assert len(on_path) >= 3
    for key, item in items.items():
        expected = 1.0 if key in on_path else DIM_OPACITY
        assert item.opacity() == pytest.approx(expected), window.wf.workspace.nodes[key].label
    overlays = ctrl.overlays
    assert overlays.hulls.opacity() == pytest.approx(DIM_OPACITY)  # the tints recede too
    assert overlays.focused_edges.isVisible()
    assert {k for k, _ in ((r.id, s) for r, s in overlays.focused_edges.lines)} == set(finding.relations)
    # Esc in the list lights the whole map again
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert all(item.opacity() == 1.0 for item in items.values())
    assert not overlays.focused_edges.isVisible()
    assert overlays.hulls.opacity() == 1.0


def test_overlays_show_the_result_and_toggle_from_the_view_menu(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    result = ctrl.analysis.result
    overlays = ctrl.overlays
    assert overlays.hulls.isVisible() and overlays.markers.isVisible()
    assert set(overlays.markers.positions) == set(result.balance.frustrated_relations)
    assert sum(1 for s in overlays.hulls.shapes if not s.isEmpty()) == 2
    arcs = ctrl.dock.overlay_actions["arcs"]
    assert not arcs.isChecked() and not overlays.arcs.isVisible()  # opt-in: they crowd a small map
    assert arcs in ctrl.overlay_menu.actions()
    arcs.trigger()
    assert overlays.arcs.isVisible()
    derived = [f for f in result.tensions if f.kind == "derived"]
    assert len(overlays.arcs.arcs) == len(derived) > 0
    ctrl.dock.overlay_actions["hulls"].trigger()
    assert not overlays.hulls.isVisible()


def test_deleting_an_opposing_relation_updates_the_dock_live(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    ws = window.wf.workspace
    dock = ctrl.dock
    view = dock.tensions_view
    explicit = next(f for f in view.findings if f.kind == "explicit")
    (rid,) = explicit.relations
    assert ws.relations[rid].sign < 0
    rows_before = view.findings_model.rowCount()
    header_before = dock.header.text()
    window.scene.select_ids([], [rid])
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert rid not in ws.relations
    qtbot.waitUntil(lambda: view.findings_model.rowCount() < rows_before, timeout=5000)
    assert dock.header.text() != header_before
    assert all(rid not in f.relations for f in view.findings)
    assert dock.tabs.tabText(0) == f"Tensions ({view.findings_model.rowCount()})"
    # and back with Undo
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: view.findings_model.rowCount() == rows_before, timeout=5000)
    assert dock.header.text() == header_before


def test_focus_survives_an_unrelated_edit(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    view = ctrl.dock.tensions_view
    index = view.findings_model.index(0, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    finding = ctrl.dock.selected_finding()
    other = next(k for k in window.wf.workspace.nodes if k not in finding.path)
    window.push(update_node(other, label="Renamed elsewhere"))
    qtbot.waitUntil(lambda: "Renamed elsewhere" in ctrl.analysis.result.labels.values(), timeout=5000)
    assert ctrl.dock.selected_finding() is not None
    assert window.scene.node_items[other].opacity() == pytest.approx(DIM_OPACITY)


def test_opening_another_file_while_focused_starts_clean(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    view = ctrl.dock.tensions_view
    index = view.findings_model.index(0, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert ctrl.dock.focus is not None
    ctrl = open_example(qtbot, window)
    assert ctrl.dock.focus is None and ctrl.dock.selected_finding() is None
    assert all(item.opacity() == 1.0 for item in window.scene.node_items.values())
    assert ctrl.overlays.hulls.scene() is window.scene
    assert "Select a finding" in ctrl.dock.detail.text()


# ------------------------------------------------------------------- layouts
def test_signed_layout_is_one_undo_step_and_undo_restores_everything(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    path = Path(window.wf.path)
    before = positions(window)
    steps = window.undo_stack.count()
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_L, CTRL | SHIFT)  # Layout > Full Signed Layout
    assert ctrl.layouts.busy
    assert not ctrl.layouts.actions["signed"].isEnabled()  # one layout at a time
    wait_layout(qtbot, window, ctrl, steps)
    after = positions(window)
    assert not close(before, after)
    # the glide ended where the display draws the new positions (nudged apart when the nodes
    # are drawn enlarged), so nothing jumps once it is in
    shown = window.canvas.declutter.shown_positions({})
    assert close(item_positions(window), shown)
    QApplication.processEvents()
    assert close(item_positions(window), shown)
    assert window.undo_stack.text(steps) == "Layout (signed)"
    assert close(reopened_positions(path), after)
    assert ctrl.layouts.actions["signed"].isEnabled()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Z, CTRL)
    assert window.undo_stack.count() == steps + 1 and window.undo_stack.index() == steps
    assert close(positions(window), before)
    qtbot.waitUntil(lambda: not window.canvas.declutter.pending())  # undo's nudge pass is in
    assert close(item_positions(window), window.canvas.declutter.shown_positions({}))
    assert close(reopened_positions(path), before)


def test_layout_from_the_menu_action_moves_the_overlays_too(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    hull_before = [rect_key(s.boundingRect()) for s in ctrl.overlays.hulls.shapes]
    steps = window.undo_stack.count()
    ctrl.layouts.actions["layered"].trigger()
    wait_layout(qtbot, window, ctrl, steps)
    assert window.undo_stack.text(steps) == "Layout (layered)"
    qtbot.waitUntil(
        lambda: [rect_key(s.boundingRect()) for s in ctrl.overlays.hulls.shapes] != hull_before,
        timeout=3000,
    )


def rect_key(rect) -> tuple[float, float, float, float]:
    return (round(rect.x(), 3), round(rect.y(), 3), round(rect.width(), 3), round(rect.height(), 3))


def test_pinned_node_stays_put(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    ws = window.wf.workspace
    pinned = next(n for n in ws.nodes.values() if n.label == "Employers and industry")
    assert window.push(update_node(pinned.id, pinned=True))
    where = (pinned.x, pinned.y)
    steps = window.undo_stack.count()
    ctrl.layouts.actions["signed"].trigger()
    wait_layout(qtbot, window, ctrl, steps)
    assert (ws.nodes[pinned.id].x, ws.nodes[pinned.id].y) == where
    item = window.scene.node_items[pinned.id]
    assert (item.pos().x(), item.pos().y()) == where
    assert pinned.id not in window.undo_stack.command(steps).command.positions
    assert len(window.undo_stack.command(steps).command.positions) > 0


def test_polarity_layout_asks_for_the_poles(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    ws = window.wf.workspace
    by_label = {n.label: n.id for n in ws.nodes.values()}
    window.scene.select_ids([])
    steps = window.undo_stack.count()
    ctrl.layouts.actions["polarity"].trigger()
    dialog = ctrl.layouts.poles_dialog
    assert isinstance(dialog, PolesDialog) and dialog.isVisible()
    assert set(dialog.poles()) == {by_label["Scalability"], by_label["Specificity"]}  # the default
    dialog.set_poles(by_label["Learner choice and agency"], by_label["Academic coherence"])
    qtbot.mouseClick(dialog.swap_button, Qt.MouseButton.LeftButton)
    assert dialog.poles() == (by_label["Academic coherence"], by_label["Learner choice and agency"])
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    wait_layout(qtbot, window, ctrl, steps)
    assert window.undo_stack.text(steps) == "Layout (polarity axis)"
    left, right = ws.nodes[by_label["Academic coherence"]], ws.nodes[by_label["Learner choice and agency"]]
    assert left.x < right.x
    assert ctrl.layouts.poles_dialog is None


def test_polarity_layout_uses_two_selected_drivers(qtbot, window) -> None:
    ctrl = open_example(qtbot, window)
    ws = window.wf.workspace
    by_label = {n.label: n.id for n in ws.nodes.values()}
    a, b = by_label["Operational focus"], by_label["Learning and development"]
    window.scene.select_ids([a, b])
    left_first = ws.nodes[a].x <= ws.nodes[b].x
    steps = window.undo_stack.count()
    ctrl.layouts.actions["polarity"].trigger()
    assert ctrl.layouts.poles_dialog is None  # no question asked
    wait_layout(qtbot, window, ctrl, steps)
    assert (ws.nodes[a].x < ws.nodes[b].x) == left_first


def test_cancelling_the_poles_dialog_changes_nothing(qtbot, window) -> None:
    ctrl = controller(window)
    steps = window.undo_stack.count()
    ctrl.layouts.actions["polarity"].trigger()
    dialog = ctrl.layouts.poles_dialog
    assert dialog is not None
    same = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.set_poles(*[dialog.left.itemData(0)] * 2)
    assert not same.isEnabled()  # two equal poles cannot be accepted
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert ctrl.layouts.poles_dialog is None and not ctrl.layouts.busy
    assert window.undo_stack.count() == steps


def test_read_only_file_disables_the_layout_actions(qtbot, window, map_path: Path) -> None:
    ctrl = controller(window)
    assert all(a.isEnabled() for a in ctrl.layouts.actions.values())
    window.set_file(WorkspaceFile.open(map_path, read_only=True))
    assert not window.canvas.editable
    assert not any(a.isEnabled() for a in ctrl.layouts.actions.values())
    before = positions(window)
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_L, CTRL)
    assert not ctrl.layouts.run("signed")
    assert not ctrl.layouts.busy and positions(window) == before
    # the analysis still runs: a read-only map can be studied
    assert ctrl.dock.tensions_view.findings_model.rowCount() >= 1


def test_closing_during_a_layout_shuts_the_thread_down(qtbot, window) -> None:
    ctrl = controller(window)
    assert ctrl.layouts.run("signed")
    window.close()
    assert not ctrl.layouts.runner.running
    assert ctrl.analysis.workspace is None


# ---------------------------------------------------------------- big maps
def big_workspace(stakeholders: int, drivers: int) -> Workspace:
    ws = Workspace("Big map")
    for i in range(stakeholders):
        ws.add_node(Node(f"s{i}", "stakeholder", f"Stakeholder {i}", x=(i % 40) * 150.0, y=(i // 40) * 80.0))
    for i in range(drivers):
        ws.add_node(Node(f"d{i}", "driver", f"Driver {i}", x=(i % 40) * 150.0, y=2000 + (i // 40) * 80.0))
    for i in range(stakeholders):
        ws.add_relation(Relation(f"a{i}", f"s{i}", f"d{i % drivers}", "supports", 1 + i % 5))
        ws.add_relation(Relation(f"b{i}", f"s{i}", f"d{(i * 7 + 3) % drivers}", "opposes", 1 + i % 3))
    for i in range(0, drivers - 1, 2):
        ws.add_relation(Relation(f"t{i}", f"d{i}", f"d{i + 1}", "in_tension_with", 3))
    return ws


def test_a_mid_sized_map_is_analysed_off_the_ui_thread_and_settles(qtbot, window, tmp_path: Path) -> None:
    path = tmp_path / "mid.tmap"
    WorkspaceFile.create(path, big_workspace(60, 30)).close()
    ctrl = controller(window)
    window.set_file(WorkspaceFile.open(path))
    assert ctrl.settle()
    assert ctrl.dock.tensions_view.findings_model.rowCount() > 0
    assert ctrl.dock.overlay_actions["arcs"].isChecked() is False


def test_big_map_hides_arcs_and_throttles_overlays(qtbot, window, tmp_path: Path) -> None:
    ctrl = controller(window)
    ctrl.dock.overlay_actions["arcs"].setChecked(True)
    path = tmp_path / "big.tmap"
    WorkspaceFile.create(path, big_workspace(40, 300)).close()  # more nodes than ARC_NODE_LIMIT
    window.set_file(WorkspaceFile.open(path))
    assert not ctrl.dock.overlay_actions["arcs"].isChecked()  # hidden automatically
    assert not ctrl.overlays.arcs.isVisible()
    assert ctrl.overlays._timer.interval() == BIG_REFRESH_MS  # refreshes batched
    assert ctrl.settle(60_000)
    assert len(ctrl.overlays.arcs.arcs) <= ctrl.overlays.arc_limit
    # back on a small map the arcs come back as they were
    window.set_file(WorkspaceFile.open(tmp_path / "map.tmap"))
    assert ctrl.dock.overlay_actions["arcs"].isChecked()
