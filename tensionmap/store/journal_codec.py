"""Change sets as JSON for the shared server's journal (rows in the codec's shape).

One journal row holds the final value of every entity a command touched,
as the same row dicts the tables hold (``codec``), so a client catching up
rebuilds entities with the same readers the loader uses and no second
encoding of the model exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..model import Change, WorkspaceInfo
from . import codec
from .sync import INFO, Key


def final_values(changes: Iterable[Change]) -> dict[Key, object | None]:
    """The last value of each entity a command touched (None: removed)."""
    final: dict[Key, object | None] = {}
    for change in changes:
        final[(change.collection, change.key)] = change.after
    return final


def encode(final: Mapping[Key, object | None]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for (collection, key), value in final.items():
        if value is None:
            row = None
        elif collection == "info":
            row = {r["key"]: r["value"] for r in codec.info_rows(value)}  # type: ignore[arg-type]
        else:
            row = codec.WRITERS[collection][1](value)  # type: ignore[assignment]  # rows are plain dicts
            if collection == "evidence":
                row = {**row, "_data": [[c, v] for c, v in value.data]}  # type: ignore[attr-defined, dict-item]  # an Evidence; rows are plain dicts
        out.append({"c": collection, "k": key, "v": row})
    return out


def decode(items: Iterable[Mapping[str, Any]]) -> dict[Key, object | None]:
    final: dict[Key, object | None] = {}
    for item in items:
        collection, key, row = item["c"], item["k"], item["v"]
        if row is None:
            final[(collection, key)] = None
        elif collection == "info":
            final[INFO] = WorkspaceInfo(
                title=row["title"],
                description=row["description"],
                created=row["created"],
                modified=row["modified"],
            )
        elif collection == "evidence":
            data = [(c, float(v)) for c, v in row["_data"]]
            final[(collection, key)] = codec.evidence_from(row, data)
        else:
            final[(collection, key)] = codec.READERS[collection][1](row)
    return final
