"""Scenarios and snapshots are part of the document: saved, reopened, copied, migrated."""

from __future__ import annotations

from sqlalchemy import select

from tensionmap.commands import AddEntity
from tensionmap.commands.snapshots import RestoreSnapshot, take_snapshot
from tensionmap.model import Scenario
from tensionmap.model.snapshot import decode_map
from tensionmap.store import WorkspaceFile, new_from_example, schema
from tensionmap.store.migrations import create_schema


def test_snapshots_and_scenarios_survive_reopen_and_save_as(tmp_path) -> None:
    wf = new_from_example(tmp_path / "a.tmap")
    ws = wf.workspace
    scale = next(n.id for n in ws.nodes.values() if n.label == "Scalability")
    wf.execute(AddEntity("scenarios", Scenario("sc", "Push scalability", ((scale, 1.0),), lam=1.5)))
    wf.execute(take_snapshot(ws, "before the workshop"))
    expected = ws.content()
    wf.save_as(tmp_path / "b.tmap")
    wf.close()
    for name in ("a.tmap", "b.tmap"):
        with WorkspaceFile.open(tmp_path / name) as again:
            assert again.workspace.content() == expected
            snap = next(iter(again.workspace.snapshots.values()))
            assert decode_map(snap.data).nodes.keys() == again.workspace.nodes.keys()


def test_restore_is_one_transaction_on_the_file(tmp_path) -> None:
    wf = new_from_example(tmp_path / "a.tmap")
    ws = wf.workspace
    wf.execute(take_snapshot(ws, "t0"))
    snap = next(iter(ws.snapshots.values()))
    from tensionmap import commands as c

    victim = next(n.id for n in ws.nodes.values() if n.label == "Specificity")
    wf.execute(c.remove_node(victim))
    wf.execute(RestoreSnapshot(snap.id, snap.name))
    wf.close()
    with WorkspaceFile.open(tmp_path / "a.tmap") as again:
        assert victim in again.workspace.nodes
        assert len(again.workspace.relations_of(victim)) == 4


def test_a_version_2_file_gains_the_tables_on_migration(tmp_path) -> None:
    from sqlalchemy import create_engine

    old = tmp_path / "old.tmap"
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as conn:
        create_schema(conn, 2)
        conn.execute(schema.meta.insert(), [{"key": "title", "value": "Old"}])
    engine.dispose()
    with WorkspaceFile.open(old) as wf:
        assert wf.workspace.scenarios == {} and wf.workspace.snapshots == {}
        wf.execute(take_snapshot(wf.workspace, "first"))
        with wf.engine.connect() as conn:
            assert [r.name for r in conn.execute(select(schema.snapshots))] == ["first"]
