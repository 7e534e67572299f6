"""What a facilitator ran into in the room: naming new nodes, the inspector's limits, halos, screenshots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from tensionmap.cli import main as cli_main
from tensionmap.examples.micro_credentials import build
from tensionmap.render import style
from tensionmap.render.node_item import node_size
from tensionmap.render.overlays import COALITION_COLOURS
from tensionmap.store import WorkspaceFile
from tensionmap.ui.app import run
from tensionmap.ui.inspector import MAX_LABEL

from .helpers import node_pos, reopen
from .test_legibility import label_px, open_at, settle


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    path = tmp_path / "example.tmap"
    WorkspaceFile.create(path, build()).close()
    return path


# ------------------------------------------------------------ add and name
def test_a_node_added_and_named_at_fit_zoom_shows_its_label_and_is_one_named_step(
    qtbot, app, example_file: Path
) -> None:
    win = open_at(qtbot, app, example_file, (1366, 768))
    canvas = win.canvas
    before = set(win.wf.workspace.nodes)
    steps = win.undo_stack.count()
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_S)  # add a stakeholder where the pointer is
    editor = canvas.rename_editor
    assert editor is not None
    qtbot.keyClicks(editor, "Funders")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    (key,) = set(win.wf.workspace.nodes) - before
    assert win.wf.workspace.node(key).label == "Funders"
    assert win.undo_stack.count() == steps + 1
    assert win.undo_stack.text(steps) == "Add stakeholder Funders"
    settle(qtbot, win)
    item = win.scene.node_items[key]
    assert item.label == "Funders" and label_px(win, item) >= 12.0  # readable where it was added
    assert item.deviceTransform(canvas.viewportTransform()).m11() >= style.NODE_DETAIL_LOD
    # renaming names the node in the history
    qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=node_pos(win, key))
    assert canvas.rename_editor is not None
    canvas.rename_editor.selectAll()
    qtbot.keyClicks(canvas.rename_editor, "Funding bodies")
    qtbot.keyClick(canvas.rename_editor, Qt.Key.Key_Return)
    assert win.undo_stack.text(steps + 1) == "Rename Funding bodies"
    # one Ctrl+Z undoes the rename, the next the whole add-and-name
    win.actions["undo"].trigger()
    assert win.wf.workspace.node(key).label == "Funders"
    win.actions["undo"].trigger()
    assert key not in win.wf.workspace.nodes
    win.close()
    assert key not in reopen(example_file).nodes


# ------------------------------------------------------------ the inspector
def select_in_inspector(qtbot, win, node_id: str) -> None:
    qtbot.mouseClick(win.canvas.viewport(), Qt.MouseButton.LeftButton, pos=node_pos(win, node_id))
    assert win.inspector.node_id == node_id


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_inspector_caps_labels_and_restores_a_cleared_one_with_a_message(qtbot, window, map_path: Path):
    select_in_inspector(qtbot, window, "s1")
    inspector = window.inspector
    inspector.label_edit.setFocus()
    inspector.label_edit.setText("x" * 10_000)  # pasted
    qtbot.keyClick(inspector.label_edit, Qt.Key.Key_Return)
    label = window.wf.workspace.node("s1").label
    assert len(label) == MAX_LABEL
    assert inspector.message.isVisible() and "200" in inspector.message.text()
    w, h, _ = node_size(window.wf.workspace.node("s1"))
    assert h < 400  # the node stays a node, not a 11,000-unit column
    inspector.label_edit.setFocus()
    inspector.label_edit.clear()
    qtbot.keyClick(inspector.label_edit, Qt.Key.Key_Return)
    assert window.wf.workspace.node("s1").label == label  # nothing blanked
    assert inspector.label_edit.text() == label
    assert "cannot be empty" in inspector.message.text() and inspector.message.isVisible()
    window.close()
    assert reopen(map_path).node("s1").label == label


@pytest.mark.parametrize("typed", ["9", "0", "-3"])
def test_inspector_refuses_an_out_of_range_strength_out_loud(qtbot, window, typed: str) -> None:
    window.scene.select_ids([], ["r1"])  # the relation Universities -> Scalability
    inspector = window.inspector
    assert inspector.relation_id == "r1"
    before = window.wf.workspace.relation("r1").strength
    steps = window.undo_stack.count()
    type_into(qtbot, inspector.strength_box.lineEdit(), typed)
    assert window.wf.workspace.relation("r1").strength == before
    assert window.undo_stack.count() == steps
    assert inspector.message.isVisible() and f"Strength {typed} refused" in inspector.message.text()
    assert inspector.strength_box.value() == before
    # a value in range still goes through
    type_into(qtbot, inspector.strength_box.lineEdit(), "5")
    assert window.wf.workspace.relation("r1").strength == 5
    assert window.undo_stack.text(steps) == "Edit Universities \u2192 Scalability"


def test_inspector_refuses_out_of_range_power_and_interest(qtbot, window) -> None:
    select_in_inspector(qtbot, window, "s2")
    inspector = window.inspector
    type_into(qtbot, inspector.power_box.lineEdit(), "9")
    assert window.wf.workspace.node("s2").power is None
    assert "Power 9 refused" in inspector.message.text()
    type_into(qtbot, inspector.interest_box.lineEdit(), "-3")
    assert window.wf.workspace.node("s2").interest is None
    assert "Interest -3 refused" in inspector.message.text()
    type_into(qtbot, inspector.power_box.lineEdit(), "4")
    assert window.wf.workspace.node("s2").power == 4
    assert window.undo_stack.text(window.undo_stack.count() - 1) == "Edit Employers"


# ------------------------------------------------------------ halos and legend
def test_coalition_tints_differ_from_both_node_fills_and_are_in_the_legend(qtbot, window) -> None:
    def hue_gap(a: QColor, b: QColor) -> int:
        d = abs(a.hsvHue() - b.hsvHue())
        return min(d, 360 - d)

    fills = (style.STAKEHOLDER_FILL, style.DRIVER_FILL)
    for tint in COALITION_COLOURS:
        assert tint.alpha() < 128  # light and translucent
        assert all(hue_gap(tint, fill) >= 40 for fill in fills)  # another hue family
    assert hue_gap(COALITION_COLOURS[0], COALITION_COLOURS[1]) >= 60
    legend = window.canvas.legend
    qtbot.waitUntil(lambda: "coalition_a" in legend.extras, timeout=3000)
    assert {"coalition_a", "coalition_b", "misfit"} <= set(legend.extras)
    # a click folds the legend to its title bar, another unfolds it
    legend.set_collapsed(False)
    tall = legend.height()
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton, pos=QPoint(10, 8))
    assert legend.collapsed and legend.height() < tall / 4
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton, pos=QPoint(10, 8))
    assert not legend.collapsed and legend.height() == tall


# ------------------------------------------------------------ command line
def test_info_json_gives_every_node_its_drawn_size(example_file: Path, capsys) -> None:
    assert cli_main(["info", str(example_file), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    ws = reopen(example_file)
    assert len(doc["nodes"]) == len(ws.nodes)
    for entry in doc["nodes"]:
        w, h, _ = node_size(ws.node(entry["id"]))
        assert entry["width"] == pytest.approx(w, abs=0.01) and entry["height"] == pytest.approx(h, abs=0.01)
        assert {"id", "kind", "label", "x", "y", "pinned", "power", "interest"} <= set(entry)


def test_map_only_screenshot_is_the_map_viewport_at_that_window_size(
    qtbot, app, example_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "map.png"
    assert run([str(example_file), "--screenshot", str(out), "--size", "1366x768", "--map-only"]) == 0
    image = QImage(str(out))
    win = open_at(qtbot, app, example_file, (1366, 768))
    expected = win.canvas.size()
    win.close()
    assert (image.width(), image.height()) == (expected.width(), expected.height())
    assert image.width() < 1366 and image.height() < 768
    QApplication.processEvents()
