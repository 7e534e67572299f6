"""Bringing a workspace up to date with another writer, and refusing what no longer fits.

Both stores (the ``.tmap`` file and the shared server) follow the same rule:
a command is checked, inside its write transaction, against the revision the
client last saw. When someone else has written since, the client first takes
their changes (``patch``), then applies its own command on top. The command
is refused only when it touches, or cannot be applied because of, an entity
the other writer changed; everything else the other writer did is kept and
the user is not bothered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping

from ..model import Change, ModelError, Workspace, WorkspaceInfo
from ..model.entities import COLLECTIONS, NOUNS
from .errors import WorkspaceFileError

#: (collection, id); the workspace fields are ("info", "info").
Key = tuple[str, str]
_KNOWN = ("nodes", "evidence", "relations", "lenses", "questions", "polarities")
#: Collections in dependency order: a later one may refer to an earlier one (any collection
#: the model adds later refers at most to these, so it goes after them).
ORDER = _KNOWN + tuple(c for c in COLLECTIONS if c not in _KNOWN)
INFO: Key = ("info", "info")


class ConflictError(WorkspaceFileError):
    """A command refused because another writer changed what it depends on.

    ``str()`` is the one line shown to the user; the workspace already shows
    the other writer's changes when this is raised.
    """


def clone(ws: Workspace) -> Workspace:
    """A detached copy of ``ws`` (entities are immutable, so sharing them is safe)."""
    copy = Workspace(title=ws.title, description=ws.description)
    copy.restore_info(ws.info)
    for collection in ORDER:
        for entity in ws.collection(collection).values():
            copy.add(collection, entity)
    return copy


def diff(ws: Workspace, other: Workspace) -> dict[Key, tuple[object | None, object | None]]:
    """Every entity whose value differs: key -> (value in ``ws``, value in ``other``)."""
    out: dict[Key, tuple[object | None, object | None]] = {}
    for collection in ORDER:
        mine, theirs = ws.collection(collection), other.collection(collection)
        for key in mine.keys() | theirs.keys():
            a, b = mine.get(key), theirs.get(key)
            if a != b:
                out[(collection, key)] = (a, b)
    a_info, b_info = ws.info, other.info
    if (a_info.title, a_info.description) != (b_info.title, b_info.description):
        out[INFO] = (a_info, b_info)
    return out


def patch(ws: Workspace, after: Mapping[Key, object | None]) -> None:
    """Bring the given entities of ``ws`` to their new values (None: removed).

    Adds and replacements go in dependency order, then removals in reverse, so
    each step is valid when the target state is. Every step emits the usual
    model events, so the canvas and docks follow without a reload and keep
    their selection and view.
    """
    for collection in ORDER:
        have = ws.collection(collection)
        for (coll, key), value in after.items():
            if coll != collection or value is None:
                continue
            if key in have:
                ws.replace(collection, value)
            else:
                ws.add(collection, value)
    for collection in reversed(ORDER):
        for (coll, key), value in after.items():
            if coll == collection and value is None and ws.has(collection, key):
                ws.remove(collection, key)
    info = after.get(INFO)
    if isinstance(info, WorkspaceInfo):
        ws.restore_info(info)


def touched(ws: Workspace, step: Callable[[Workspace], None]) -> tuple[list[Change], ModelError | None]:
    """Run ``step`` on ``ws``; the Changes it made, or the model's refusal."""
    changes: list[Change] = []
    unsubscribe = ws.subscribe(changes.append)
    try:
        step(ws)
    except ModelError as exc:
        return changes, exc
    finally:
        unsubscribe()
    return changes, None


def _ids_in(entity: object) -> set[str]:
    """Every text value of an entity's fields (ids it refers to among them)."""
    found: set[str] = set()
    if not dataclasses.is_dataclass(entity):
        return found
    for field in dataclasses.fields(entity):
        value = getattr(entity, field.name)
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, tuple):
            found.update(v for v in value if isinstance(v, str))
    return found


def name_of(key: Key, value: object | None, ws: Workspace | None = None) -> str:
    """A short human name for an entity: node 'Label', relation 'A → B', the title."""
    collection, ident = key
    if collection == "info":
        return "the workspace title or description"
    noun = NOUNS.get(collection, collection)
    label = None
    for attr in ("label", "title", "name", "text"):
        label = getattr(value, attr, None)
        if isinstance(label, str) and label:
            break
    if collection == "relations" and value is not None:
        ends = []
        for end in (value.source, value.target):  # type: ignore[attr-defined]
            node = ws.nodes.get(end) if ws is not None else None
            ends.append(node.label if node is not None else end)
        label = f"{ends[0]} → {ends[1]}"
    if not isinstance(label, str) or not label:
        label = ident
    if len(label) > 40:
        label = label[:39] + "…"
    return f"{noun} {label!r}"


def verb(before: object | None, after: object | None) -> str:
    if before is None:
        return "added"
    if after is None:
        return "deleted"
    return "changed"


def check_command(
    stale: Workspace,
    ws: Workspace,
    step: Callable[[Workspace], None],
    changed: Mapping[Key, tuple[object | None, object | None]],
    *,
    what: str,
    who: str | Mapping[Key, str],
) -> list[Change]:
    """Apply ``step`` to ``ws`` (already patched with ``changed``) unless it conflicts.

    ``stale`` is a copy of the workspace as the user saw it, so the command's
    footprint there counts too (renaming a node someone deleted touches that
    node even though it is gone now). On a conflict ``ws`` is left exactly as
    patched and ConflictError says, in one line, what changed and by whom.
    """
    before_changes, _ = touched(stale, step)
    changes, refusal = touched(ws, step)
    footprint = {(c.collection, c.key) for c in [*before_changes, *changes]}
    clash = [k for k in changed if k in footprint]
    if refusal is None and not clash:
        return changes
    if changes:  # undo the part of the step that ran before the refusal or that clashes
        patch(ws, {(c.collection, c.key): c.before for c in reversed(changes)})
    if not clash:
        refs: set[str] = set()
        for c in before_changes:
            refs |= _ids_in(c.before) | _ids_in(c.after)
        clash = [k for k in changed if k[1] in refs] or list(changed)
    key = clash[0]
    before, after = changed[key]
    # Name it as it is now (as it was, if it is gone), so the user finds it on the map.
    subject = name_of(key, after, ws) if after is not None else name_of(key, before, stale)
    if not isinstance(who, str):
        who = who.get(key, "another user")
    more = f" (and {len(clash) - 1} more)" if len(clash) > 1 else ""
    raise ConflictError(
        f"{what} not done: {subject} was {verb(before, after)} by {who}{more}; "
        "the map now shows their version."
    )


def describe_changes(changed: Iterable[tuple[Key, object | None, object | None]], ws: Workspace) -> str:
    """One line for a list of changes: 'node 'A' changed, relation 'A → B' deleted'."""
    parts = [f"{name_of(k, b if b is not None else a, ws)} {verb(a, b)}" for k, a, b in changed]
    if len(parts) > 3:
        parts = [*parts[:3], f"{len(parts) - 3} more"]
    return ", ".join(parts)
