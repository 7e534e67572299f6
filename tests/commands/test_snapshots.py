"""Taking and restoring snapshots: one undoable step each, exact both ways."""

from __future__ import annotations

from tensionmap import commands as c
from tensionmap.commands.snapshots import RestoreSnapshot, take_snapshot
from tensionmap.model import Node, Relation, Scenario, Workspace


def small() -> Workspace:
    ws = Workspace("t")
    ws.add_node(Node("s", "stakeholder", "Uni"))
    ws.add_node(Node("a", "driver", "Scale"))
    ws.add_node(Node("b", "driver", "Spec"))
    ws.add_relation(Relation("r1", "s", "a", "supports", 5))
    ws.add_relation(Relation("r2", "a", "b", "in_tension_with", 4))
    return ws


def map_only(ws: Workspace) -> dict[str, object]:
    content = ws.content()
    content.pop("snapshots")
    content.pop("scenarios")
    return content


def test_restore_undoes_every_kind_of_edit_and_undo_of_restore_redoes_them() -> None:
    ws = small()
    take = take_snapshot(ws, "before")
    take.apply(ws)
    snap_id = next(iter(ws.snapshots))
    at_snapshot = map_only(ws)
    # Edit the map in every way a workshop does.
    c.remove_node("a").apply(ws)
    ws.add_node(Node("n", "driver", "New"))
    ws.add_relation(Relation("r3", "s", "n", "opposes", 2))
    c.update_node("b", label="Job specificity", x=40.0).apply(ws)
    c.SetInfo(title="After the workshop").apply(ws)
    ws.add("scenarios", Scenario("sc", "Push", (("n", 1.0),)))
    edited = map_only(ws)

    restore = RestoreSnapshot(snap_id, "before")
    restore.apply(ws)
    assert map_only(ws) == at_snapshot
    assert "sc" in ws.scenarios  # scenarios are kept...
    assert ws.scenarios["sc"].levels == ()  # ...minus the node the snapshot does not have
    restore.revert(ws)
    assert map_only(ws) == edited
    assert ws.scenarios["sc"].levels == (("n", 1.0),)
    restore.apply(ws)  # redo
    assert map_only(ws) == at_snapshot


def test_taking_a_snapshot_is_undoable() -> None:
    ws = small()
    cmd = take_snapshot(ws, "x")
    cmd.apply(ws)
    assert [s.name for s in ws.snapshots.values()] == ["x"]
    cmd.revert(ws)
    assert ws.snapshots == {}
