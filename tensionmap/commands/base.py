"""Undoable commands over the Workspace aggregate.

A command captures what it needs on its first ``apply`` (the entities it is
about to remove or replace), so ``revert`` restores exactly that state and a
later ``apply`` (redo) repeats the same change. Commands never talk to the
store or to Qt: the store persists the Changes a command causes, and the undo
stack adapter in the UI only calls apply/revert.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Sequence

from ..model import Workspace, WorkspaceInfo
from ..model.entities import NOUNS


class Command(ABC):
    """One undoable step. ``text`` is what the Edit menu says (``Undo <text>``)."""

    text: str = "Change"

    @property
    def size(self) -> int:
        """How many entities the step touches (about): big steps are mirrored in bulk."""
        return 1

    @abstractmethod
    def apply(self, ws: Workspace) -> None: ...

    @abstractmethod
    def revert(self, ws: Workspace) -> None: ...


class AddEntity(Command):
    """Add one entity to a collection."""

    def __init__(self, collection: str, entity: object, text: str | None = None) -> None:
        self.collection = collection
        self.entity = entity
        self.text = text or f"Add {NOUNS[collection]}"

    def apply(self, ws: Workspace) -> None:
        ws.add(self.collection, self.entity)

    def revert(self, ws: Workspace) -> None:
        ws.remove(self.collection, self.entity.id)  # type: ignore[attr-defined]  # apply() added it, so it is an entity


class UpdateEntity(Command):
    """Change some fields of one entity; remembers the old value for undo."""

    def __init__(self, collection: str, key: str, menu: str | None = None, **changes: object) -> None:
        # ``menu`` rather than ``text``: questions have a field called text.
        self.collection = collection
        self.key = key
        self.changes = changes
        self.old: object | None = None
        self.text = menu or f"Edit {NOUNS[collection]}"

    def apply(self, ws: Workspace) -> None:
        old = ws.update(self.collection, self.key, **self.changes)
        if self.old is None:
            self.old = old

    def revert(self, ws: Workspace) -> None:
        ws.replace(self.collection, self.old)


class RemoveEntity(Command):
    """Remove one entity together with everything that depends on it.

    Removing a node first removes its ratings and relations (and polarities),
    clears lenses that focus on it and drops it from scenarios that fix it;
    removing evidence first un-cites it; removing a participant or a round
    removes their ratings; removing a relation keeps its ratings as ratings
    of a proposed relation between the same two nodes (see
    ``keep_ratings_as_proposals``). Undo puts all of it back in reverse
    order, so ids and values come back unchanged.
    """

    def __init__(self, collection: str, key: str, text: str | None = None) -> None:
        self.collection = collection
        self.key = key
        self.text = text or f"Delete {NOUNS[collection]}"
        self._undo: list[tuple[str, str, object]] = []  # (op, collection, value)

    def apply(self, ws: Workspace) -> None:
        self._undo = []
        if self.collection == "nodes":
            for coll, dep in ws.dependents_of(self.key):
                if coll == "lenses":
                    self._undo.append(("replace", coll, ws.update(coll, dep.id, focus=None)))  # type: ignore[attr-defined]  # dependents are entities
                elif coll == "scenarios":
                    kept = tuple(pair for pair in dep.levels if pair[0] != self.key)  # type: ignore[attr-defined]  # a Scenario
                    self._undo.append(("replace", coll, ws.update(coll, dep.id, levels=kept)))  # type: ignore[attr-defined]  # dependents are entities
                else:
                    self._undo.append(("add", coll, ws.remove(coll, dep.id)))  # type: ignore[attr-defined]  # dependents are entities
        elif self.collection == "relations":
            self._undo += keep_ratings_as_proposals(ws, self.key)
        elif self.collection in ("participants", "rounds"):
            field = self.collection[:-1]
            for rating in ws.ratings_where(**{field: self.key}):
                self._undo.append(("add", "ratings", ws.remove("ratings", rating.id)))
        elif self.collection == "evidence":
            for rel in ws.relations.values():
                if self.key in rel.evidence:
                    cited = tuple(e for e in rel.evidence if e != self.key)
                    self._undo.append(
                        ("replace", "relations", ws.update("relations", rel.id, evidence=cited))
                    )
        self._undo.append(("add", self.collection, ws.remove(self.collection, self.key)))

    def revert(self, ws: Workspace) -> None:
        for op, coll, value in reversed(self._undo):
            if op == "add":
                ws.add(coll, value)
            else:
                ws.replace(coll, value)


class MoveNodes(Command):
    """Move many nodes in one undo step (a drag of a selection, a layout)."""

    def __init__(self, positions: dict[str, tuple[float, float]], text: str = "Move") -> None:
        self.positions = dict(positions)
        self.previous: dict[str, tuple[float, float]] | None = None
        self.text = text

    @property
    def size(self) -> int:
        return len(self.positions)

    def apply(self, ws: Workspace) -> None:
        previous = ws.move_nodes(self.positions)
        if self.previous is None:
            self.previous = previous

    def revert(self, ws: Workspace) -> None:
        ws.move_nodes(self.previous or {})


class SetInfo(Command):
    """Change the workspace title and/or description."""

    def __init__(self, title: str | None = None, description: str | None = None) -> None:
        self.title = title
        self.description = description
        self.old: WorkspaceInfo | None = None
        self.text = "Rename workspace" if title is not None else "Edit description"

    def apply(self, ws: Workspace) -> None:
        old = ws.set_info(self.title, self.description)
        if self.old is None:
            self.old = old

    def revert(self, ws: Workspace) -> None:
        assert self.old is not None
        current = ws.info
        ws.restore_info(dataclasses.replace(current, title=self.old.title, description=self.old.description))


class Batch(Command):
    """Several commands as one undo step (delete a selection, paste, import).

    If one of them fails, the ones already applied are reverted before the
    error propagates, so a batch is all or nothing in memory as in the file.
    """

    def __init__(self, commands: Sequence[Command], text: str) -> None:
        self.commands = list(commands)
        self.text = text

    @property
    def size(self) -> int:
        return sum(command.size for command in self.commands)

    def apply(self, ws: Workspace) -> None:
        done: list[Command] = []
        try:
            for cmd in self.commands:
                cmd.apply(ws)
                done.append(cmd)
        except Exception:
            for cmd in reversed(done):
                cmd.revert(ws)
            raise

    def revert(self, ws: Workspace) -> None:
        for cmd in reversed(self.commands):
            cmd.revert(ws)


def keep_ratings_as_proposals(ws: Workspace, relation_id: str) -> list[tuple[str, str, object]]:
    """Turn the ratings of a relation about to go into ratings of the same pair, proposed.

    The room's voice outlives the facilitator's edit: a deleted relation that
    participants rated comes back as a ghost they proposed. Where a
    participant already proposed that pair in that round, their rating of the
    relation is removed instead (one voice per item). Returns undo records.
    """
    undo: list[tuple[str, str, object]] = []
    rel = ws.relation(relation_id)
    for rating in ws.ratings_where(relation=relation_id):
        if ws.find_rating(rating.participant, rating.round, (rel.source, rel.target)) is not None:
            undo.append(("add", "ratings", ws.remove("ratings", rating.id)))
        else:
            old = ws.update("ratings", rating.id, relation=None, source=rel.source, target=rel.target)
            undo.append(("replace", "ratings", old))
    return undo
