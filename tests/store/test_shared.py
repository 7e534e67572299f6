"""The shared backend on a throwaway PostgreSQL cluster: publish, commands, conflicts, journal."""

from __future__ import annotations

import pytest

from tensionmap import commands as c
from tensionmap.model import Workspace
from tensionmap.store import ConflictError, ReadOnlyError, WorkspaceFile
from tensionmap.store.server_connect import ServerError
from tensionmap.store.shared import SharedWorkspace
from tensionmap.store.shared_admin import fetch_to_file, init_server, list_workspaces, publish
from tests.builders import driver, small_map, stakeholder


@pytest.fixture
def server(pg_url):
    assert "created tensionmap schema" in init_server(pg_url)
    return pg_url


def two_clients(url, name="office"):
    publish(small_map(), url, name).close()
    return SharedWorkspace.open(url, name), SharedWorkspace.open(url, name)


def test_init_twice_is_a_no_op_and_list_shows_workspaces(server):
    assert "up to date" in init_server(server)
    publish(small_map(), server, "b").close()
    publish(Workspace("A map"), server, "a").close()
    assert [(w.name, w.revision) for w in list_workspaces(server)] == [("a", 0), ("b", 0)]
    with pytest.raises(ServerError, match="a workspace named 'a' already exists"):
        publish(Workspace("again"), server, "a")


def test_publish_then_fetch_round_trips_the_map(server, tmp_path):
    ws = small_map()
    publish(ws, server, "round").close()
    out = fetch_to_file(server, "round", tmp_path / "down.tmap")
    with WorkspaceFile.open(out, read_only=True) as wf:
        assert wf.workspace.same_content(ws)
    with SharedWorkspace.open(server, "round") as sw:
        assert sw.workspace.same_content(ws) and sw.revision == 0 and not sw.read_only


def test_commands_land_in_one_revision_each_with_a_journal_row(server, monkeypatch):
    monkeypatch.setenv("TENSIONMAP_AUTHOR", "ana")
    a, b = two_clients(server)
    try:
        x = stakeholder("New")
        a.execute(c.add_node(x))
        a.execute(c.update_node(x.id, label="Newer"))
        assert a.revision == 2
        changed = b.refresh()
        assert [k for k, _, _ in changed] == [("nodes", x.id)]
        assert b.workspace.same_content(a.workspace)
        history = a.history()
        assert [(h.revision, h.author, h.summary) for h in history] == [
            (2, "ana", "Rename"),
            (1, "ana", "Add stakeholder"),
        ]
    finally:
        a.close()
        b.close()
    with SharedWorkspace.open(server, "office") as fresh:
        assert fresh.workspace.nodes[x.id].label == "Newer"


def test_two_clients_edit_the_same_relation_exactly_one_succeeds(server, monkeypatch):
    a, b = two_clients(server)
    try:
        rel = next(iter(a.workspace.relations.values()))
        monkeypatch.setenv("TENSIONMAP_AUTHOR", "ana")
        a.execute(c.update_relation(rel.id, strength=1))
        monkeypatch.setenv("TENSIONMAP_AUTHOR", "ben")
        with pytest.raises(
            ConflictError, match=r"Edit relation not done: relation '.* → .*' was changed by ana"
        ):
            b.execute(c.update_relation(rel.id, strength=5))
        assert b.workspace.relations[rel.id].strength == 1  # sees the winner's value
        assert b.revision == a.revision == 1  # the refusal left no trace
        # A command on something nobody else touched applies on top without a word.
        node = next(iter(b.workspace.nodes))
        b.execute(c.update_node(node, label="Ben's"))
        assert a.refresh() and a.workspace.same_content(b.workspace)
    finally:
        a.close()
        b.close()


def test_undo_applies_the_inverse_as_a_new_revision_or_says_why_not(server, monkeypatch):
    a, b = two_clients(server)
    try:
        node = next(iter(a.workspace.nodes.values()))
        rename = c.update_node(node.id, label="First")
        a.execute(rename)
        a.undo(rename)
        assert a.revision == 2 and a.workspace.nodes[node.id].label == node.label
        a.execute(rename)
        monkeypatch.setenv("TENSIONMAP_AUTHOR", "ben")
        with pytest.raises(ConflictError, match="node 'First' was changed by"):
            b.execute(c.remove_node(node.id))  # ben had not seen the rename: refused
        b.execute(c.remove_node(node.id))  # now he has, and means it
        with pytest.raises(ConflictError, match=r"Undo Rename not done: node 'First' was deleted by ben"):
            a.undo(rename)
        assert node.id not in a.workspace.nodes
    finally:
        a.close()
        b.close()


def test_sql_fragments_in_names_and_labels_are_stored_as_text(server):
    evil = "x'); DROP TABLE tensionmap.nodes; --"
    ws = Workspace(evil)
    ws.add_node(driver(evil))
    with publish(ws, server, evil) as sw:
        sw.execute(c.add_node(stakeholder("Robert'); DROP TABLE students;--")))
    with SharedWorkspace.open(server, evil) as again:
        labels = {n.label for n in again.workspace.nodes.values()}
        assert labels == {evil, "Robert'); DROP TABLE students;--"} and again.workspace.title == evil
    assert [w.name for w in list_workspaces(server)] == [evil]


def test_a_select_only_role_opens_read_only_and_cannot_write(server, pg_cluster):
    publish(small_map(), server, "ro").close()
    db = server.rsplit("/", 1)[1]
    pg_cluster.psql(
        "CREATE ROLE reader LOGIN; GRANT USAGE ON SCHEMA tensionmap TO reader; "
        "GRANT SELECT ON ALL TABLES IN SCHEMA tensionmap TO reader",
        db=db,
    )
    url = pg_cluster.url(user="reader", db=db)
    with SharedWorkspace.open(url, "ro") as sw:
        assert sw.read_only and "may only read" in sw.banner
        with pytest.raises(ReadOnlyError):
            sw.execute(c.add_node(stakeholder("Nope")))
        sw._read_only_reason = ""  # even past the client's own check, the server refuses
        with pytest.raises(ServerError, match="permission denied"):
            sw.execute(c.add_node(stakeholder("Nope")))
        assert len(sw.workspace.nodes) == 4
    with SharedWorkspace.open(server, "ro") as check:
        assert check.revision == 0 and len(check.workspace.nodes) == 4


def test_unknown_workspace_and_uninitialised_server_say_so_in_one_line(pg_url):
    with pytest.raises(ServerError, match="no tensionmap workspaces here"):
        SharedWorkspace.open(pg_url, "x")
    init_server(pg_url)
    with pytest.raises(ServerError, match="no workspace named 'x'"):
        SharedWorkspace.open(pg_url, "x")


def test_a_newer_server_schema_opens_read_only_and_init_leaves_it_alone(server, pg_cluster):
    publish(small_map(), server, "future").close()
    db = server.rsplit("/", 1)[1]
    pg_cluster.psql("INSERT INTO tensionmap.schema_version (version) VALUES (99)", db=db)
    with SharedWorkspace.open(server, "future") as sw:
        assert sw.read_only and "newer tensionmap server schema (99)" in sw.banner
        with pytest.raises(ReadOnlyError):
            sw.execute(c.add_node(stakeholder("no")))
        assert len(sw.workspace.nodes) == 4
    with pytest.raises(ServerError, match="server schema 99 is newer than this tensionmap"):
        init_server(server)
