"""Workspace files: settings, round trips, one transaction per command, Save As."""

import sqlite3

import pytest

from tensionmap import commands as c
from tensionmap.model import InvalidValueError
from tensionmap.store import ReadOnlyError, WorkspaceFile, WorkspaceFileError
from tensionmap.store.connection import make_engine
from tensionmap.store.schema import APPLICATION_ID, SCHEMA_VERSION
from tests.builders import driver, relation, small_map, stakeholder


def reopen(path):
    with WorkspaceFile.open(path, read_only=True) as wf:
        return wf.workspace


def test_create_then_open_gives_the_same_map(tmp_path):
    ws = small_map()
    path = tmp_path / "map.tmap"
    WorkspaceFile.create(path, ws).close()
    assert reopen(path).same_content(ws)


def test_header_marks_the_file_as_ours(tmp_path):
    path = tmp_path / "map.tmap"
    WorkspaceFile.create(path, small_map()).close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()


def test_connections_use_the_documented_pragmas(tmp_path):
    path = tmp_path / "map.tmap"
    WorkspaceFile.create(path, small_map()).close()
    engine = make_engine(path)
    with engine.connect() as conn:
        got = {
            p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in (
                "journal_mode",
                "synchronous",
                "foreign_keys",
                "trusted_schema",
                "cell_size_check",
                "mmap_size",
            )
        }
    engine.dispose()
    assert got == {
        "journal_mode": "delete",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "trusted_schema": 0,
        "cell_size_check": 1,
        "mmap_size": 0,
    }


def test_every_command_is_in_the_file_when_execute_returns(tmp_path):
    path = tmp_path / "map.tmap"
    wf = WorkspaceFile.create(path, small_map())
    a, d = stakeholder("Learners"), driver("Choice")
    steps = [c.add_node(a), c.add_node(d), c.add_relation(relation(a, d, "opposes"))]
    for step in steps:
        wf.execute(step)
        assert reopen(path).same_content(wf.workspace)
    remove = c.remove_node(d.id)
    wf.execute(remove)
    assert reopen(path).same_content(wf.workspace)
    wf.undo(remove)
    assert reopen(path).same_content(wf.workspace)
    assert len(reopen(path).relations_of(d.id)) == 1
    wf.close()


def test_refused_command_changes_neither_memory_nor_file(tmp_path):
    path = tmp_path / "map.tmap"
    wf = WorkspaceFile.create(path, small_map())
    rel = next(iter(wf.workspace.relations.values()))
    before = path.read_bytes()
    with pytest.raises(InvalidValueError):
        wf.execute(c.update_relation(rel.id, strength=7))
    assert path.read_bytes() == before
    assert wf.workspace.relation(rel.id) == rel
    wf.close()


def test_failed_write_is_reverted_in_memory(tmp_path, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import tensionmap.store.file as file_module

    path = tmp_path / "map.tmap"
    wf = WorkspaceFile.create(path, small_map())
    before_memory, before_bytes = wf.workspace.content(), path.read_bytes()

    def disk_full(conn, changes, info):
        conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('half', 'written')")
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(file_module, "write_changes", disk_full)
    with pytest.raises(WorkspaceFileError, match=r"could not be saved \(database or disk is full"):
        wf.execute(c.add_node(stakeholder("Lost")))
    assert wf.workspace.content() == before_memory
    assert path.read_bytes() == before_bytes  # the half-written transaction was rolled back
    wf.close()


def test_read_only_file_refuses_changes(tmp_path):
    path = tmp_path / "map.tmap"
    WorkspaceFile.create(path, small_map()).close()
    wf = WorkspaceFile.open(path, read_only=True)
    with pytest.raises(ReadOnlyError):
        wf.execute(c.add_node(stakeholder("X")))
    wf.close()


def test_save_as_copies_and_carries_on_in_the_copy(tmp_path):
    path = tmp_path / "map.tmap"
    wf = WorkspaceFile.create(path, small_map())
    original = path.read_bytes()
    target = tmp_path / "copy.tmap"
    wf.save_as(target)
    assert wf.path == target
    assert reopen(target).same_content(wf.workspace)
    wf.execute(c.add_node(stakeholder("Only in the copy")))
    assert path.read_bytes() == original
    assert len(reopen(target).nodes) == len(reopen(path).nodes) + 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    wf.close()


def test_save_as_replaces_an_existing_target_atomically(tmp_path):
    wf = WorkspaceFile.create(tmp_path / "a.tmap", small_map())
    target = tmp_path / "b.tmap"
    target.write_text("old contents")
    wf.save_as(target)
    assert reopen(target).same_content(wf.workspace)
    wf.close()


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "map.tmap"
    path.write_text("keep me")
    with pytest.raises(WorkspaceFileError, match="already exists"):
        WorkspaceFile.create(path, small_map())
    assert path.read_text() == "keep me"


def test_bulk_create_of_a_large_map(tmp_path):
    from tensionmap.model import Relation, Workspace, new_id

    ws = Workspace("big")
    nodes = [stakeholder(f"n{i}") for i in range(3000)]
    for n in nodes:
        ws.add_node(n)
    for i in range(3000):
        ws.add_relation(Relation(id=new_id(), source=nodes[i].id, target=nodes[(i * 7 + 1) % 3000].id))
    path = tmp_path / "big.tmap"
    WorkspaceFile.create(path, ws).close()
    assert reopen(path).same_content(ws)


def test_bulk_writes_use_executemany(tmp_path):
    """One INSERT statement per table, not one per row (Core executemany)."""
    from sqlalchemy import event

    from tensionmap.model import Workspace

    ws = Workspace("big")
    for i in range(500):
        ws.add_node(stakeholder(f"n{i}"))
    statements = []
    original = make_engine

    def spying_engine(*args, **kw):
        engine = original(*args, **kw)
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append((a[2], a[5])))
        return engine

    import tensionmap.store.file as file_module

    file_module.make_engine = spying_engine
    try:
        WorkspaceFile.create(tmp_path / "big.tmap", ws).close()
    finally:
        file_module.make_engine = original
    node_inserts = [s for s, many in statements if s.startswith("INSERT INTO nodes")]
    assert len(node_inserts) == 1
    assert any(many for s, many in statements if s.startswith("INSERT INTO nodes"))
