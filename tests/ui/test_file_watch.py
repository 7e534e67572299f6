"""A .tmap file open in two places: the window follows the other writer and refuses clashes."""

from __future__ import annotations

from pathlib import Path

from tensionmap import commands as c
from tensionmap.store import WorkspaceFile
from tensionmap.ui.file_watch import FileWatch


def watch_of(window) -> FileWatch:
    return next(e for e in window.extensions if isinstance(e, FileWatch))


def test_window_shows_the_other_writers_changes_within_a_second(qtbot, window, map_path: Path, monkeypatch):
    monkeypatch.setenv("TENSIONMAP_AUTHOR", "planner-b")
    node = next(iter(window.wf.workspace.nodes.values()))
    window.scene.clearSelection()
    window.scene.node_items[node.id].setSelected(True)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)  # a zoom message may follow it
    with WorkspaceFile.open(map_path, in_use="share") as other:
        other.execute(c.update_node(node.id, label="Changed elsewhere"))
        qtbot.waitUntil(lambda: window.wf.workspace.nodes[node.id].label == "Changed elsewhere", timeout=1000)
    assert window.scene.node_items[node.id].isSelected()  # the selection survives
    assert any("Updated with changes by planner-b" in m for m in messages)


def test_a_clashing_edit_in_the_window_is_refused_in_one_line(qtbot, window, map_path: Path, monkeypatch):
    watch_of(window).timer.stop()  # the window has not yet noticed the other writer
    monkeypatch.setenv("TENSIONMAP_AUTHOR", "planner-b")
    ws = window.wf.workspace
    node = next(n for n in ws.nodes.values() if ws.relations_of(n.id))
    with WorkspaceFile.open(map_path, in_use="share") as other:
        other.execute(c.remove_node(node.id))
    monkeypatch.setenv("TENSIONMAP_AUTHOR", "planner-a")
    window.canvas.rename_requested.emit(node.id, "Renamed here")
    message = window.statusBar().currentMessage()
    assert "not done" in message and "deleted by planner-b" in message and "\n" not in message
    assert node.id not in window.scene.node_items  # the map shows the file as it is
    assert not window.undo_stack.canUndo()
    with WorkspaceFile.open(map_path, read_only=True) as on_disk:
        assert on_disk.workspace.same_content(window.wf.workspace)


def test_opening_a_file_in_use_offers_read_only(qtbot, app, window, map_path: Path, monkeypatch):
    asked: list[str] = []

    def choose(message: str) -> str:
        asked.append(message)
        return "read_only"

    second = app.open_window()
    qtbot.addWidget(second)
    monkeypatch.setattr(second.dialogs, "choose_in_use", choose)
    assert second.open_workspace(str(map_path))
    assert asked and "map.tmap: open for writing by" in asked[0]
    assert second.wf.read_only and not second.banner.isHidden()
    assert "read-only" in second.banner.text()
    second.close()
