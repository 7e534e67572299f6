"""The map as one JSON text, for snapshots kept inside the workspace.

A snapshot is a value: the map's own collections (nodes, relations,
evidence, lenses, questions, polarities) and its title and description,
encoded once when it is taken. Scenarios and snapshots themselves are not
part of it, so snapshots never nest. Decoding builds a new Workspace through
the aggregate's own validation, so a damaged snapshot is refused, never
half-read.
"""

from __future__ import annotations

import dataclasses
import json

from .entities import ENTITY_TYPES
from .errors import InvalidValueError, ModelError
from .workspace import Workspace

#: The collections a snapshot holds, in an order that adds referenced things first.
MAP_COLLECTIONS: tuple[str, ...] = ("nodes", "evidence", "relations", "lenses", "questions", "polarities")
#: Bumped when the encoding changes; decoding refuses a newer one.
SNAPSHOT_FORMAT = 1


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _tupled(value: object) -> object:
    if isinstance(value, list):
        return tuple(_tupled(v) for v in value)
    return value


def encode_map(ws: Workspace) -> str:
    """The map as compact JSON text (stable key order, so equal maps give equal text)."""
    doc: dict[str, object] = {"format": SNAPSHOT_FORMAT, "title": ws.title, "description": ws.description}
    for name in MAP_COLLECTIONS:
        doc[name] = [
            {f.name: _plain(getattr(e, f.name)) for f in dataclasses.fields(e)}
            for e in ws.collection(name).values()
        ]
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode_map(text: str) -> Workspace:
    """A new Workspace holding the snapshot's map; InvalidValueError names what is wrong."""
    try:
        doc = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise InvalidValueError(f"snapshot is not readable JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise InvalidValueError("snapshot is not a JSON object")
    fmt = doc.get("format")
    if not isinstance(fmt, int) or fmt > SNAPSHOT_FORMAT:
        raise InvalidValueError(f"snapshot format {fmt!r} is newer than this version reads")
    try:
        ws = Workspace(title=doc.get("title") or "Untitled", description=doc.get("description", ""))
        for name in MAP_COLLECTIONS:
            cls = ENTITY_TYPES[name]
            fields = {f.name for f in dataclasses.fields(cls)}
            for item in doc.get(name, []):
                if not isinstance(item, dict) or not set(item) <= fields:
                    raise InvalidValueError(f"snapshot holds a malformed {name} entry")
                ws.add(name, cls(**{k: _tupled(v) for k, v in item.items()}))
    except ModelError:
        raise
    except TypeError as exc:
        raise InvalidValueError(f"snapshot holds a malformed entry ({exc})") from None
    return ws
