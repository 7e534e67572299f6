"""Taking a snapshot of the map and putting one back, each one undoable step."""

from __future__ import annotations

import dataclasses

from ..model import Snapshot, Workspace, new_id
from ..model.snapshot import decode_map, encode_map
from ..model.workspace import now_iso
from .base import AddEntity, Batch, Command, RemoveEntity, SetInfo, UpdateEntity


def take_snapshot(
    ws: Workspace, name: str, *, snapshot_id: str | None = None, taken: str | None = None
) -> Command:
    """A command that stores the map as it is now under ``name`` (id and time given only by tests)."""
    snap = Snapshot(id=snapshot_id or new_id(), name=name, taken=taken or now_iso(), data=encode_map(ws))
    return AddEntity("snapshots", snap, text=f"Take snapshot {name}")


class RestoreSnapshot(Command):
    """Make the map what it was when the snapshot was taken, in one undo step.

    The steps are worked out when the command is applied (the map may have
    changed since the command was made) and in an order the aggregate accepts:
    dependents go before what they depend on, and things come before what
    refers to them. Scenarios and snapshots are kept; a scenario that fixed a
    node the snapshot does not have loses that one level, as on any delete.
    """

    def __init__(self, snapshot_id: str, label: str = "") -> None:
        self.snapshot_id = snapshot_id
        self.text = f"Restore snapshot {label}".strip()
        self._batch: Batch | None = None

    def _steps(self, ws: Workspace) -> list[Command]:
        target = decode_map(ws.snapshots[self.snapshot_id].data)
        steps: list[Command] = []

        def sync(name: str, *, add: bool, replace: bool) -> None:
            now, then = ws.collection(name), target.collection(name)
            for key, value in then.items():
                if key not in now and add:
                    steps.append(AddEntity(name, value))
                elif key in now and now[key] != value and replace:
                    fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
                    del fields["id"]
                    steps.append(UpdateEntity(name, key, **fields))

        def drop(name: str) -> None:
            then = target.collection(name)
            steps.extend(RemoveEntity(name, key) for key in ws.collection(name) if key not in then)

        for name in ("relations", "polarities", "lenses", "questions"):
            drop(name)
        for name in ("nodes", "evidence"):
            sync(name, add=True, replace=True)
        for name in ("relations", "polarities", "lenses", "questions"):
            sync(name, add=True, replace=True)
        drop("nodes")
        drop("evidence")
        if (ws.title, ws.description) != (target.title, target.description):
            steps.append(SetInfo(title=target.title, description=target.description))
        return steps

    def apply(self, ws: Workspace) -> None:
        batch = Batch(self._steps(ws), self.text)
        batch.apply(ws)  # all or nothing: a failing step reverts the ones before it
        self._batch = batch

    def revert(self, ws: Workspace) -> None:
        if self._batch is not None:
            self._batch.revert(ws)
