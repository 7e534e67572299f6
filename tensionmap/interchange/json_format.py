"""The whole workspace as versioned JSON; export then import gives the same map.

Schema (version 1), documented in NOTES.md::

    {"format": "tensionmap", "version": 1,
     "info": {"title", "description", "created", "modified"},
     "nodes": [...], "relations": [...], "evidence": [...],
     "lenses": [...], "questions": [...], "polarities": [...],
     "scenarios": [...], "snapshots": [...]}

Version 2 adds the room's voice, three more lists of the same kind::

     "participants": [{"id", "name", "group", "anonymous"}],
     "rounds": [{"id", "number", "title", "open", "blind"}],
     "ratings": [{"id", "participant", "round", "sign", "strength",
                  "relation", "source", "target", "comment"}]

A file is written as version 2 only when it holds any of them, so maps
without ratings stay readable by releases that read version 1, and a
release that reads only version 1 refuses a file with ratings instead of
dropping them silently. A rating has ``relation`` (an id) or ``source`` and
``target`` (node ids of a proposed relation), the other null.

Each entity is an object with the fields of its dataclass (tuples as arrays,
evidence data as ``[category, value]`` pairs). Relations also carry ``sign``,
which is derived from ``type`` and only checked on import. Ids are kept as
they are, so an import is lossless (``merge_command`` renames clashes).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from collections.abc import Callable
from pathlib import Path

from ..model import COLLECTIONS, ENTITY_TYPES, ModelError, Workspace
from .errors import InterchangeError, Limits
from .ids import title_from_name
from .sources import Source, limits_or_default, read_source, source_name
from .values import short
from .vocabulary import resolve_type

FORMAT = "tensionmap"
VERSION = 2  # the newest version this release reads and writes
RATINGS_VERSION = 2  # the version that introduced participants, rounds and ratings
_RATING_COLLECTIONS = ("participants", "rounds", "ratings")

# Order of import: what a later collection refers to comes first.


# ------------------------------------------------------------------ write


def workspace_to_dict(ws: Workspace) -> dict[str, object]:
    """The JSON-ready dictionary of a workspace (version 1, or 2 when it holds ratings)."""
    info = ws.info
    rated = any(ws.collection(c) for c in _RATING_COLLECTIONS)
    doc: dict[str, object] = {
        "format": FORMAT,
        "version": RATINGS_VERSION if rated else 1,
        "info": {
            "title": info.title,
            "description": info.description,
            "created": info.created,
            "modified": info.modified,
        },
    }
    for collection in COLLECTIONS:
        if collection in _RATING_COLLECTIONS and not rated:
            continue  # a map without ratings stays a version 1 file
        items = []
        for entity in ws.collection(collection).values():
            item = {f.name: _plain(getattr(entity, f.name)) for f in dataclasses.fields(entity)}
            if collection == "relations":
                item["sign"] = entity.sign
            items.append(item)
        doc[collection] = items
    return doc


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def json_text(ws: Workspace) -> str:
    doc = workspace_to_dict(ws)
    text = json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: keep them as \\u escapes
        text = json.dumps(doc, ensure_ascii=True, indent=1, allow_nan=False)
    return text + "\n"


def write_json(ws: Workspace, path: str | os.PathLike) -> None:
    """Write the whole workspace as JSON (UTF-8)."""
    target = Path(path)
    try:
        target.write_text(json_text(ws), encoding="utf-8")
    except OSError as exc:
        raise InterchangeError(f"cannot write the file ({exc.strerror or exc})", file=target.name) from None


# ------------------------------------------------------------------- read


def _fail(message: str) -> InterchangeError:
    return InterchangeError(message)


def _str(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise _fail(f"{field} must be text, not {_kind(value)}")
    return value


def _opt_str(value: object, field: str) -> str | None:
    return None if value is None else _str(value, field)


def _strs(value: object, field: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _fail(f"{field} must be a list of text, not {_kind(value)}")
    return tuple(_str(v, field) for v in value)


def _num(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(f"{field} must be a number, not {_kind(value)}")
    if not math.isfinite(value):
        raise _fail(f"{field} must be a finite number")
    return float(value)


def _int(value: object, field: str) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(f"{field} must be a whole number, not {_kind(value)}")
    return value


def _opt_int(value: object, field: str) -> int | None:
    return None if value is None else _int(value, field)


def _bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(f"{field} must be true or false, not {_kind(value)}")
    return value


def _data(value: object, field: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, list):
        raise _fail(f"{field} must be a list of [category, value] pairs")
    rows = []
    for row in value:
        if not isinstance(row, list) or len(row) != 2:
            raise _fail(f"{field} must be a list of [category, value] pairs")
        rows.append((_str(row[0], field), _num(row[1], field)))
    return tuple(rows)


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


_Conv = Callable[[object, str], object]
_FIELDS: dict[str, dict[str, _Conv]] = {
    "nodes": {
        "id": _str,
        "kind": _str,
        "label": _str,
        "description": _str,
        "group": _str,
        "tags": _strs,
        "colour": _opt_str,
        "x": _num,
        "y": _num,
        "pinned": _bool,
        "power": _opt_int,
        "interest": _opt_int,
    },
    "relations": {
        "id": _str,
        "source": _str,
        "target": _str,
        "type": _str,
        "strength": _int,
        "horizon": _str,
        "note": _str,
        "evidence": _strs,
    },
    "evidence": {"id": _str, "title": _str, "citation": _str, "note": _str, "data": _data},
    "lenses": {
        "id": _str,
        "name": _str,
        "kinds": _strs,
        "groups": _strs,
        "tags": _strs,
        "horizons": _strs,
        "max_horizon": _opt_str,
        "focus": _opt_str,
        "order": _int,
    },
    "questions": {"id": _str, "text": _str, "order": _int},
    "polarities": {
        "id": _str,
        "left": _str,
        "right": _str,
        "left_upsides": _strs,
        "left_downsides": _strs,
        "right_upsides": _strs,
        "right_downsides": _strs,
    },
    "participants": {"id": _str, "name": _str, "group": _str, "anonymous": _bool},
    "rounds": {"id": _str, "number": _int, "title": _str, "open": _bool, "blind": _bool},
    "ratings": {
        "id": _str,
        "participant": _str,
        "round": _str,
        "sign": _int,
        "strength": _int,
        "relation": _opt_str,
        "source": _opt_str,
        "target": _opt_str,
        "comment": _str,
    },
}


def _levels(value: object, field: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, list):
        raise _fail(f"{field} must be a list of [driver id, level] pairs, not {_kind(value)}")
    pairs = []
    for pair in value:
        if not (isinstance(pair, list) and len(pair) == 2):
            raise _fail(f"{field} must be a list of [driver id, level] pairs")
        pairs.append((_str(pair[0], field), _num(pair[1], field)))
    return tuple(pairs)


_FIELDS["scenarios"] = {"id": _str, "name": _str, "levels": _levels, "lam": _num, "order": _int}
_FIELDS["snapshots"] = {"id": _str, "name": _str, "taken": _str, "data": _str}

_REQUIRED = {
    "nodes": ("id", "label"),
    "relations": ("id", "source", "target"),
    "evidence": ("id", "title"),
    "lenses": ("id", "name"),
    "questions": ("id", "text"),
    "polarities": ("id", "left", "right"),
    "participants": ("id", "name"),
    "rounds": ("id", "number"),
    "ratings": ("id", "participant", "round", "sign"),
    "scenarios": ("id", "name"),
    "snapshots": ("id", "name", "taken", "data"),
}


def _entity(collection: str, item: object) -> object:
    if not isinstance(item, dict):
        raise _fail(f"must be an object, not {_kind(item)}")
    for field in _REQUIRED[collection]:
        if field not in item:
            raise _fail(f"the field {field!r} is missing")
    values: dict[str, object] = {}
    for field, conv in _FIELDS[collection].items():
        if field in item:
            values[field] = conv(item[field], field)
    if collection == "nodes" and "kind" not in values:
        values["kind"] = "stakeholder"
    if collection == "relations":
        sign = item.get("sign")
        if sign is not None and (isinstance(sign, bool) or sign not in (-1, 0, 1)):
            raise _fail(f"sign {short(sign)} is not -1, 0 or 1")
        sign = None if sign is None else int(sign)
        word = values.get("type")
        values["type"] = resolve_type(word if isinstance(word, str) else None, sign)
    return ENTITY_TYPES[collection](**values)


def read_json(source: Source, *, name: str | None = None, limits: Limits | None = None) -> Workspace:
    """A new Workspace from a tensionmap JSON file (path, bytes or binary file object)."""
    name = source_name(source, name)
    limits = limits_or_default(limits)
    data = read_source(source, name, limits)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InterchangeError("is not valid UTF-8", file=name, where=f"line {line}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            f"column {exc.colno}: broken JSON ({exc.msg})", file=name, where=f"line {exc.lineno}"
        ) from None
    except RecursionError:
        raise InterchangeError("JSON is nested too deeply", file=name) from None
    return workspace_from_dict(doc, name=name, limits=limits)


def workspace_from_dict(doc: object, *, name: str = "<data>", limits: Limits | None = None) -> Workspace:
    """A new Workspace from the dictionary form (as ``workspace_to_dict`` makes it)."""
    limits = limits_or_default(limits)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InterchangeError('not a tensionmap JSON file (no "format": "tensionmap")', file=name)
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InterchangeError("the version must be a whole number", file=name)
    if version > VERSION:
        raise InterchangeError(
            f"written by a newer tensionmap (format version {version}; this one reads {VERSION})", file=name
        )
    if version < 1:
        raise InterchangeError(f"unknown format version {version}", file=name)
    info = doc.get("info", {})
    if not isinstance(info, dict):
        raise InterchangeError("info must be an object", file=name, where="info")
    try:
        title = _str(info.get("title", ""), "title")
        description = _str(info.get("description", ""), "description")
    except InterchangeError as exc:
        raise exc.located(file=name, where="info") from None
    ws = Workspace(title=title if title.strip() else title_from_name(name))
    try:
        ws.set_info(description=description)
        created, modified = info.get("created"), info.get("modified")
        if isinstance(created, str) and isinstance(modified, str):
            ws.restore_info(dataclasses.replace(ws.info, created=created, modified=modified))
    except ModelError as exc:
        raise InterchangeError(str(exc), file=name, where="info") from None
    for collection in COLLECTIONS:  # dependency order: a reference is read after its target
        if collection in _RATING_COLLECTIONS and version < RATINGS_VERSION and collection in doc:
            raise InterchangeError(
                f"{collection} need format version {RATINGS_VERSION}, the file says {version}",
                file=name,
                where=collection,
            )
        items = doc.get(collection, [])
        if not isinstance(items, list):
            raise InterchangeError(f"{collection} must be a list", file=name, where=collection)
        cap = {"nodes": limits.max_nodes, "relations": limits.max_relations}.get(collection, limits.max_items)
        if len(items) > cap:
            raise InterchangeError(
                f"more than {cap} {collection} (the import limit)", file=name, where=collection
            )
        for index, item in enumerate(items):
            where = f"{collection}[{index}]"
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                where += f" (id {short(item['id'])})"
            try:
                ws.add(collection, _entity(collection, item))
            except InterchangeError as exc:
                raise exc.located(file=name, where=where) from None
            except (ModelError, TypeError) as exc:
                raise InterchangeError(str(exc), file=name, where=where) from None
    return ws


__all__ = [
    "FORMAT",
    "VERSION",
    "json_text",
    "read_json",
    "workspace_from_dict",
    "workspace_to_dict",
    "write_json",
]
