"""Copy, paste and duplicate: a selection as JSON on the clipboard.

Copied nodes keep their relations among themselves. Pasting gives every
entity a new id (so a paste never clashes with what is there) and offsets the
nodes, and the whole paste is one undo step.
"""

from __future__ import annotations

import dataclasses
import json

from PySide6.QtCore import QMimeData

from ..commands import Command, add_many
from ..model import Node, Relation, Workspace, new_id

MIME_TYPE = "application/x-tensionmap-selection"


def selection_json(ws: Workspace, node_ids: list[str], relation_ids: list[str]) -> str:
    """The selected nodes, plus relations whose two ends are both selected."""
    nodes = [ws.node(k) for k in node_ids if ws.has("nodes", k)]
    chosen = {n.id for n in nodes}
    rels = [
        r
        for r in ws.relations.values()
        if (r.source in chosen and r.target in chosen)
        or (r.id in relation_ids and {r.source, r.target} <= chosen)
    ]
    return json.dumps(
        {
            "format": "tensionmap-selection",
            "version": 1,
            "nodes": [dataclasses.asdict(n) for n in nodes],
            "relations": [dataclasses.asdict(r) for r in rels],
        }
    )


def mime_for(ws: Workspace, node_ids: list[str], relation_ids: list[str]) -> QMimeData:
    data = QMimeData()
    payload = selection_json(ws, node_ids, relation_ids)
    data.setData(MIME_TYPE, payload.encode("utf-8"))
    labels = [ws.node(k).label for k in node_ids if ws.has("nodes", k)]
    data.setText("\n".join(labels))
    return data


def paste_command(
    ws: Workspace, payload: str, offset: tuple[float, float] = (30.0, 30.0)
) -> tuple[Command, list[str]] | None:
    """A command adding a copy of the payload (new ids, shifted), and the new node ids."""
    try:
        doc = json.loads(payload)
        if doc.get("format") != "tensionmap-selection":
            return None
        id_map: dict[str, str] = {}
        entities: list[tuple[str, object]] = []
        for raw in doc.get("nodes", []):
            raw = dict(raw)
            raw["tags"] = tuple(raw.get("tags", ()))
            key = new_id()
            id_map[raw["id"]] = key
            raw.update(id=key, x=float(raw["x"]) + offset[0], y=float(raw["y"]) + offset[1], pinned=False)
            entities.append(("nodes", Node(**raw)))
        for raw in doc.get("relations", []):
            raw = dict(raw)
            if raw["source"] not in id_map or raw["target"] not in id_map:
                continue
            raw.update(id=new_id(), source=id_map[raw["source"]], target=id_map[raw["target"]])
            raw["evidence"] = tuple(e for e in raw.get("evidence", ()) if ws.has("evidence", e))
            entities.append(("relations", Relation(**raw)))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if not entities:
        return None
    count = len(id_map)
    return add_many(entities, f"Paste {count} item{'s' if count != 1 else ''}"), list(id_map.values())


def release_clipboard() -> None:
    """Drop a map copy from the clipboard before the application object goes away.

    Qt deletes a clipboard's QMimeData when the QApplication is destroyed,
    and PySide6 destroys that at interpreter exit in an order that crashes
    (a segmentation fault after a clean run); clearing first avoids it. Only
    our own copies are dropped: other programs' clipboard content is left.
    """
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    board = QApplication.clipboard()
    data = board.mimeData()
    if data is not None and data.hasFormat(MIME_TYPE):
        board.clear()
