"""The same store rules on both backends: a .tmap file and a shared PostgreSQL workspace.

Each test gets ``backend``: something that publishes a map and opens it
(once or twice: two windows on one file, two clients of one server), so the
behaviour the interface promises is checked once for both.
"""

from __future__ import annotations

import pytest

from tensionmap import commands as c
from tensionmap.model import Workspace
from tensionmap.store import ConflictError, WorkspaceFile
from tests.builders import relation, small_map, stakeholder


class FileBackend:
    def __init__(self, tmp_path) -> None:
        self.path = tmp_path / "map.tmap"

    def publish(self, ws: Workspace) -> None:
        WorkspaceFile.create(self.path, ws).close()

    def open(self):
        return WorkspaceFile.open(self.path, in_use="share")

    def reopen(self) -> Workspace:
        with WorkspaceFile.open(self.path, read_only=True) as wf:
            return wf.workspace


class ServerBackend:
    def __init__(self, url: str) -> None:
        from tensionmap.store.shared_admin import init_server

        self.url = url
        init_server(url)

    def publish(self, ws: Workspace) -> None:
        from tensionmap.store.shared_admin import publish

        publish(ws, self.url, "map").close()

    def open(self):
        from tensionmap.store.shared import SharedWorkspace

        return SharedWorkspace.open(self.url, "map")

    def reopen(self) -> Workspace:
        with self.open() as sw:
            return sw.workspace


@pytest.fixture(params=["file", "server"])
def backend(request, tmp_path):
    if request.param == "file":
        return FileBackend(tmp_path)
    return ServerBackend(request.getfixturevalue("pg_url"))


def test_published_map_reads_back_the_same(backend):
    ws = small_map()
    backend.publish(ws)
    assert backend.reopen().same_content(ws)


def test_each_command_is_stored_before_execute_returns_and_undo_too(backend):
    backend.publish(small_map())
    store = backend.open()
    try:
        node = stakeholder("Added")
        add = c.add_node(node)
        store.execute(add)
        assert node.id in backend.reopen().nodes
        first = next(iter(store.workspace.nodes))
        store.execute(c.update_node(first, label="Renamed"))
        assert backend.reopen().nodes[first].label == "Renamed"
        store.undo(add)
        assert node.id not in backend.reopen().nodes
        store.execute(c.remove_node(first))
        again = backend.reopen()
        assert first not in again.nodes and not again.relations_of(first)
        assert again.same_content(store.workspace)
    finally:
        store.close()


def test_a_command_the_model_refuses_changes_nothing(backend):
    backend.publish(small_map())
    store = backend.open()
    try:
        before = store.workspace.content()
        with pytest.raises(Exception, match="already exists"):
            store.execute(c.add_node(next(iter(store.workspace.nodes.values()))))
        assert store.workspace.content() == before
        assert backend.reopen().content() == before
    finally:
        store.close()


def test_same_relation_edited_twice_one_wins_the_other_is_told_and_sees_it(backend, monkeypatch):
    ws = Workspace("pair")
    x, y = stakeholder("X"), stakeholder("Y")
    ws.add_node(x)
    ws.add_node(y)
    rel = relation(x, y, strength=2)
    ws.add_relation(rel)
    backend.publish(ws)
    one, two = backend.open(), backend.open()
    try:
        monkeypatch.setenv("TENSIONMAP_AUTHOR", "one")
        one.execute(c.update_relation(rel.id, strength=5))
        monkeypatch.setenv("TENSIONMAP_AUTHOR", "two")
        with pytest.raises(ConflictError) as refused:
            two.execute(c.update_relation(rel.id, strength=1))
        assert str(refused.value) == (
            "Edit relation not done: relation 'X → Y' was changed by one; the map now shows their version."
        )
        assert two.workspace.relations[rel.id].strength == 5
        assert backend.reopen().relations[rel.id].strength == 5
        # Untouched things go through on top, silently, and both converge.
        two.execute(c.update_node(y.id, label="Y2"))
        one.refresh()
        assert one.workspace.same_content(two.workspace)
        assert one.workspace.same_content(backend.reopen())
    finally:
        one.close()
        two.close()


def test_removed_node_renamed_elsewhere_is_not_resurrected(backend, monkeypatch):
    ws = small_map()
    backend.publish(ws)
    a, b = backend.open(), backend.open()
    try:
        hub = next(n.id for n in a.workspace.nodes.values() if n.label == "Scalability")
        monkeypatch.setenv("TENSIONMAP_AUTHOR", "b")
        b.execute(c.remove_node(hub))
        with pytest.raises(ConflictError, match=r"^Rename not done: node 'Scalability' was deleted by b"):
            a.execute(c.update_node(hub, label="Back again?"))
        stored = backend.reopen()
        assert hub not in stored.nodes and stored.same_content(a.workspace)
    finally:
        a.close()
        b.close()


def test_scenarios_and_snapshots_travel_with_the_map(backend, monkeypatch):
    from tensionmap.model import Scenario, Snapshot

    ws = small_map()
    drv = next(n for n in ws.nodes.values() if n.kind == "driver")
    ws.add("scenarios", Scenario("sc1", "Push scale", levels=((drv.id, 1.0),), lam=1.0, order=0))
    backend.publish(ws)
    assert backend.reopen().same_content(ws)
    one, two = backend.open(), backend.open()
    try:
        snap = Snapshot("s1", "Before the workshop", "2026-01-01T00:00:00+00:00", "{}")
        one.execute(c.AddEntity("snapshots", snap, "Take snapshot"))
        monkeypatch.setenv("TENSIONMAP_AUTHOR", "one")
        one.execute(c.UpdateEntity("scenarios", "sc1", "Rename scenario", name="Push scale hard"))
        with pytest.raises(ConflictError, match="scenario 'Push scale hard' was changed by one"):
            two.execute(c.UpdateEntity("scenarios", "sc1", "Rename scenario", name="Other"))
        assert two.workspace.same_content(one.workspace) and "s1" in two.workspace.snapshots
        assert backend.reopen().same_content(one.workspace)
    finally:
        one.close()
        two.close()
