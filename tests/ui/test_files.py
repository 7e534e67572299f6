"""File menu, settings, start-up and screenshot."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tensionmap.model import Node
from tensionmap.store import WorkspaceFile, example_path
from tensionmap.ui.app import Application, run
from tensionmap.ui.settings import AppSettings
from tests.ui.conftest import small_workspace


class StubDialogs:
    """Stands in for the blocking file choosers; records errors."""

    def __init__(self, open_path: str | None = None, save_path: str | None = None) -> None:
        self._open, self._save = open_path, save_path
        self.last_error: str | None = None

    def open_path(self, start: str = "") -> str | None:
        return self._open

    def save_path(self, suggested: str = "") -> str | None:
        return self._save

    def error(self, title: str, message: str) -> None:
        self.last_error = message


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_title_shows_workspace_name(window) -> None:
    assert window.windowTitle().startswith("Test map — map.tmap")


def test_open_bad_file_shows_one_line_reason(qtbot, window, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmap"
    bad.write_bytes(b"this is not a workspace at all")
    window.open_workspace(str(bad))
    box = window.dialogs.last_box
    assert box is not None and box.textFormat() == Qt.TextFormat.PlainText
    reason = window.dialogs.last_error
    assert reason and "\n" not in reason and "bad.tmap" in reason
    assert window.wf.path.name == "map.tmap"  # still showing the old map
    box.close()


def test_open_menu_recent_files_and_save_as(qtbot, window, tmp_path: Path, map_path: Path) -> None:
    other = tmp_path / "other.tmap"
    ws = small_workspace()
    ws.add_node(Node("x1", "driver", "Extra driver", x=0, y=0))
    WorkspaceFile.create(other, ws).close()
    window.dialogs = StubDialogs(open_path=str(other), save_path=str(tmp_path / "copy.tmap"))
    window.actions["open"].trigger()
    assert window.wf.path == other and "x1" in window.scene.node_items
    assert window.undo_stack.count() == 0
    recent = window.app.settings.recent_files()
    assert recent[0] == str(other.resolve()) and str(map_path.resolve()) in recent
    window.fill_recent_menu()
    names = [a.text() for a in window.menus.recent.actions()]
    assert "other.tmap" in names and "map.tmap" in names
    window.actions["save_as"].trigger()
    assert window.wf.path == tmp_path / "copy.tmap"
    assert "copy.tmap" in window.windowTitle()
    next(a for a in window.menus.recent.actions() if a.text() == "map.tmap").trigger()
    assert window.wf.path.resolve() == map_path.resolve()


def test_new_and_open_example_leave_the_example_untouched(qtbot, window, tmp_path: Path) -> None:
    shipped = example_path("micro-credentials")
    before = digest(shipped)
    window.actions["open_example"].trigger()
    assert window.wf.path.parent == tmp_path / "data"
    assert len(window.wf.workspace.nodes) > 10
    assert window.evidence_panel.evidence_tree.topLevelItemCount() >= 1
    assert window.evidence_panel.questions_tree.topLevelItemCount() >= 1
    window.actions["add_driver"].trigger()
    window.canvas.finish_rename(apply=False)
    window.actions["new"].trigger()
    assert not window.wf.workspace.nodes and window.wf.path.parent == tmp_path / "data"
    assert digest(shipped) == before


def test_read_only_banner_for_newer_file(qtbot, app, tmp_path: Path) -> None:
    path = tmp_path / "newer.tmap"
    WorkspaceFile.create(path, small_workspace()).close()
    with sqlite3.connect(path) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {version + 1}")
    before = digest(path)
    win = app.open_window(WorkspaceFile.open(path))
    win.show()
    qtbot.waitExposed(win)
    assert win.wf.read_only
    assert win.banner.isVisible() and win.banner.text()
    assert "read-only" in win.windowTitle()
    assert not win.actions["add_stakeholder"].isEnabled()
    win.delete_selected()
    win.close()
    assert digest(path) == before


def test_geometry_and_dock_layout_kept_in_settings(
    qtbot, app, map_path: Path, isolated_settings: Path
) -> None:
    win = app.open_window(WorkspaceFile.open(map_path))
    win.resize(711, 533)  # within the offscreen screen, or Qt clamps it
    win.show()
    qtbot.waitExposed(win)
    win.history_dock.hide()
    win.close()
    assert list(isolated_settings.rglob("*.ini"))  # written in the test's own folder
    again = Application(data_dir=app.data_dir).open_window(WorkspaceFile.open(map_path))
    again.show()
    qtbot.waitExposed(again)
    assert again.size().width() == 711
    assert not again.history_dock.isVisible()
    again.close()


def test_recent_files_survive_restart(map_path: Path) -> None:
    AppSettings().add_recent(map_path)
    assert AppSettings().recent_files()[0] == str(map_path.resolve())


def test_screenshot_renders_window_to_png(qtbot, map_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    assert run([str(map_path), "--screenshot", str(out), "--size", "900x640"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 640)


def test_no_argument_start_copies_example(qtbot, tmp_path: Path) -> None:
    app = Application(data_dir=tmp_path / "data")
    wf = app.new_from_example()
    assert wf.path.parent == tmp_path / "data" and wf.path != example_path()
    win = app.open_window(wf)
    assert win.scene.node_items and win.windowTitle()
    win.close()


def test_undo_history_view_lists_steps(qtbot, window) -> None:
    window.scene.select_ids(["s1"])
    window.actions["delete"].trigger()
    model = window.undo_view.model()
    assert model.rowCount() == 2  # "Opened" plus the delete
    assert "Delete" in model.index(1, 0).data()
    assert window.actions["undo"].text().startswith("&Undo") or "Undo" in window.actions["undo"].text()


def test_run_accepts_the_cli_namespace(qtbot, map_path: Path, tmp_path: Path) -> None:
    import argparse

    out = tmp_path / "ns.png"
    ns = argparse.Namespace(workspace=str(map_path), screenshot=str(out), size="640x480")
    assert run(ns) == 0
    assert QImage(str(out)).size().width() == 640


def test_bad_size_is_a_one_line_error(map_path: Path, tmp_path: Path) -> None:
    import pytest

    from tensionmap.store import WorkspaceFileError

    with pytest.raises(WorkspaceFileError, match="--size"):
        run([str(map_path), "--screenshot", str(tmp_path / "x.png"), "--size", "huge"])
