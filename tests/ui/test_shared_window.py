"""Shared workspaces in the window: open, publish, live updates, History, read-only banners."""

from __future__ import annotations

import pytest

from tensionmap import commands as c
from tensionmap.store.shared import SharedWorkspace
from tensionmap.store.shared_admin import init_server, publish
from tensionmap.ui.shared_controller import SharedController
from tests.ui.conftest import small_workspace


def shared_of(window) -> SharedController:
    return next(e for e in window.extensions if isinstance(e, SharedController))


@pytest.fixture
def server(pg_url):
    init_server(pg_url)
    publish(small_workspace(), pg_url, "office").close()
    return pg_url


def test_open_shared_from_the_file_menu_shows_server_and_workspace_in_the_title(qtbot, window, server):
    ctl = shared_of(window)
    ctl.ask_open = lambda parent, url="": (server, "office")
    assert ctl.open_action in window.menus.file.actions()
    ctl.open_action.trigger()
    assert isinstance(window.wf, SharedWorkspace)
    assert "office on 127.0.0.1/" in window.windowTitle()
    assert not window.wf.read_only and window.banner.isHidden()
    assert ctl.history.isVisible() and ctl.history.rows() == []


def test_other_clients_changes_appear_within_a_second_and_history_lists_them(
    qtbot, window, server, monkeypatch
):
    ctl = shared_of(window)
    assert ctl.open_shared(server, "office")
    node = next(iter(window.wf.workspace.nodes.values()))
    window.scene.node_items[node.id].setSelected(True)
    monkeypatch.setenv("TENSIONMAP_AUTHOR", "colleague")
    with SharedWorkspace.open(server, "office") as other:
        other.execute(c.update_node(node.id, label="Renamed by a colleague"))
    qtbot.waitUntil(
        lambda: window.wf.workspace.nodes[node.id].label == "Renamed by a colleague", timeout=1000
    )
    assert window.scene.node_items[node.id].isSelected()
    qtbot.waitUntil(lambda: len(ctl.history.rows()) == 1, timeout=1000)
    revision, who, _when, what = ctl.history.rows()[0]
    assert (revision, what) == ("1", "Rename") and who.startswith("colleague")
    # The window's own edit goes to the server as the next revision.
    monkeypatch.setenv("TENSIONMAP_AUTHOR", "me")
    window.canvas.rename_requested.emit(node.id, "Mine now")
    assert window.wf.revision == 2
    qtbot.waitUntil(lambda: len(ctl.history.rows()) == 2, timeout=1000)


def test_publish_to_server_moves_the_window_onto_the_shared_copy(qtbot, window, pg_url):
    init_server(pg_url)
    ctl = shared_of(window)
    ctl.ask_publish = lambda parent, url="", name="": (pg_url, "published")
    ctl.publish_action.trigger()
    assert isinstance(window.wf, SharedWorkspace) and window.wf.name == "published"
    assert window.wf.workspace.same_content(small_workspace())
    ctl.ask_publish = lambda parent, url="", name="": (pg_url, "published")
    assert not ctl.publish_action.isEnabled()  # already shared


def test_a_select_only_role_gets_a_read_only_map_with_a_banner(qtbot, window, server, pg_cluster):
    db = server.rsplit("/", 1)[1]
    pg_cluster.psql(
        "CREATE ROLE ui_reader LOGIN; GRANT USAGE ON SCHEMA tensionmap TO ui_reader; "
        "GRANT SELECT ON ALL TABLES IN SCHEMA tensionmap TO ui_reader",
        db=db,
    )
    ctl = shared_of(window)
    assert ctl.open_shared(pg_cluster.url(user="ui_reader", db=db), "office")
    assert window.wf.read_only and not window.banner.isHidden()
    assert "may only read" in window.banner.text()
    assert not window.actions["delete"].isEnabled() and not window.canvas.editable
    node = next(iter(window.wf.workspace.nodes))
    window.canvas.rename_requested.emit(node, "Sneaky")  # even if a gesture got through
    assert window.wf.workspace.nodes[node].label != "Sneaky"
    with SharedWorkspace.open(server, "office") as check:
        assert check.revision == 0


def test_lost_connection_turns_the_map_read_only_until_it_is_back(qtbot, window, server, pg_cluster):
    ctl = shared_of(window)
    assert ctl.open_shared(server, "office")
    pg_cluster.pg_stop()
    try:
        qtbot.waitUntil(lambda: not window.banner.isHidden(), timeout=5000)
        assert "Connection to" in window.banner.text() and not window.canvas.editable
        assert not window.actions["import_into"].isEnabled()  # no path writes while disconnected
    finally:
        pg_cluster.pg_start()
    qtbot.waitUntil(lambda: window.banner.isHidden(), timeout=10000)
    assert window.canvas.editable and window.actions["delete"].isEnabled()


def test_the_window_asks_for_a_password_and_keeps_it_in_memory(
    qtbot, window, server, pg_cluster, monkeypatch
):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    db = server.rsplit("/", 1)[1]
    pg_cluster.require_password(f"ui_pw_{db}", "t0ps3cret")
    pg_cluster.psql(
        f"GRANT USAGE ON SCHEMA tensionmap TO ui_pw_{db}; "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA tensionmap TO ui_pw_{db}",
        db=db,
    )
    asked: list[str] = []
    ctl = shared_of(window)
    ctl.ask_password = lambda parent, where: asked.append(where) or "t0ps3cret"
    assert ctl.open_shared(pg_cluster.url(user=f"ui_pw_{db}", db=db), "office")
    assert asked and "t0ps3cret" not in asked[0]
    assert window.wf.connected and not window.wf.read_only
    settings_files = [p for p in window.app.data_dir.rglob("*") if p.is_file()]
    assert not any("t0ps3cret" in p.read_text(errors="ignore") for p in settings_files)
