"""Conversions between model entities and table rows.

Kept apart from the file logic so the row shape of each entity is written
once: the bulk writer, the per-command writer and the loader all use it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Table

from ..model import (
    Evidence,
    Lens,
    Node,
    Participant,
    Polarity,
    Question,
    Rating,
    Relation,
    Round,
    Scenario,
    Snapshot,
    WorkspaceInfo,
)
from . import schema

#: A row as the database returns it: column values are not typed until the
#: model validates the entity built from them (ws.add), so they are Any here.
Row = Mapping[Any, Any]


def _list(value: tuple[str, ...]) -> str:
    return json.dumps(list(value), ensure_ascii=False)


def _tuple(text: str, what: str) -> tuple[str, ...]:
    value = json.loads(text)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} is not a list of text")
    return tuple(value)


def node_row(n: Node) -> dict[str, object]:
    return {
        "id": n.id,
        "kind": n.kind,
        "label": n.label,
        "description": n.description,
        "grp": n.group,
        "tags": _list(n.tags),
        "colour": n.colour,
        "x": n.x,
        "y": n.y,
        "pinned": int(n.pinned),
        "power": n.power,
        "interest": n.interest,
    }


def node_from(row: Row) -> Node:
    return Node(
        id=row["id"],
        kind=row["kind"],
        label=row["label"],
        description=row["description"],
        group=row["grp"],
        tags=_tuple(row["tags"], "tags"),
        colour=row["colour"],
        x=float(row["x"]),
        y=float(row["y"]),
        pinned=bool(row["pinned"]),
        power=row["power"],
        interest=row["interest"],
    )


def relation_row(r: Relation) -> dict[str, object]:
    return {
        "id": r.id,
        "source": r.source,
        "target": r.target,
        "type": r.type,
        "strength": r.strength,
        "horizon": r.horizon,
        "note": r.note,
        "evidence": _list(r.evidence),
    }


def relation_from(row: Row) -> Relation:
    return Relation(
        id=row["id"],
        source=row["source"],
        target=row["target"],
        type=row["type"],
        strength=row["strength"],
        horizon=row["horizon"],
        note=row["note"],
        evidence=_tuple(row["evidence"], "evidence"),
    )


def evidence_row(e: Evidence) -> dict[str, object]:
    return {"id": e.id, "title": e.title, "citation": e.citation, "note": e.note}


def evidence_data_rows(e: Evidence) -> list[dict[str, object]]:
    return [
        {"evidence_id": e.id, "row": i, "category": cat, "value": float(val)}
        for i, (cat, val) in enumerate(e.data)
    ]


def evidence_from(row: Row, data: list[tuple[str, float]]) -> Evidence:
    return Evidence(
        id=row["id"],
        title=row["title"],
        citation=row["citation"],
        note=row["note"],
        data=tuple(data),
    )


def lens_row(lens: Lens) -> dict[str, object]:
    return {
        "id": lens.id,
        "name": lens.name,
        "kinds": _list(lens.kinds),
        "groups": _list(lens.groups),
        "tags": _list(lens.tags),
        "horizons": _list(lens.horizons),
        "max_horizon": lens.max_horizon,
        "focus": lens.focus,
        "position": lens.order,
    }


def lens_from(row: Row) -> Lens:
    return Lens(
        id=row["id"],
        name=row["name"],
        kinds=_tuple(row["kinds"], "lens kinds"),
        groups=_tuple(row["groups"], "lens groups"),
        tags=_tuple(row["tags"], "lens tags"),
        horizons=_tuple(row["horizons"], "lens horizons"),
        max_horizon=row["max_horizon"],
        focus=row["focus"],
        order=row["position"],
    )


def question_row(q: Question) -> dict[str, object]:
    return {"id": q.id, "text": q.text, "position": q.order}


def question_from(row: Row) -> Question:
    return Question(id=row["id"], text=row["text"], order=row["position"])


def polarity_row(p: Polarity) -> dict[str, object]:
    return {
        "id": p.id,
        "left_pole": p.left,
        "right_pole": p.right,
        "left_upsides": _list(p.left_upsides),
        "left_downsides": _list(p.left_downsides),
        "right_upsides": _list(p.right_upsides),
        "right_downsides": _list(p.right_downsides),
    }


def polarity_from(row: Row) -> Polarity:
    return Polarity(
        id=row["id"],
        left=row["left_pole"],
        right=row["right_pole"],
        left_upsides=_tuple(row["left_upsides"], "upsides"),
        left_downsides=_tuple(row["left_downsides"], "downsides"),
        right_upsides=_tuple(row["right_upsides"], "upsides"),
        right_downsides=_tuple(row["right_downsides"], "downsides"),
    )


def participant_row(p: Participant) -> dict[str, object]:
    return {"id": p.id, "name": p.name, "grp": p.group, "anonymous": int(p.anonymous)}


def participant_from(row: Row) -> Participant:
    return Participant(id=row["id"], name=row["name"], group=row["grp"], anonymous=bool(row["anonymous"]))


def round_row(r: Round) -> dict[str, object]:
    return {"id": r.id, "number": r.number, "title": r.title, "is_open": int(r.open), "blind": int(r.blind)}


def round_from(row: Row) -> Round:
    return Round(
        id=row["id"],
        number=row["number"],
        title=row["title"],
        open=bool(row["is_open"]),
        blind=bool(row["blind"]),
    )


def rating_row(r: Rating) -> dict[str, object]:
    return {
        "id": r.id,
        "participant_id": r.participant,
        "round_id": r.round,
        "sign": r.sign,
        "strength": r.strength,
        "relation_id": r.relation,
        "source": r.source,
        "target": r.target,
        "comment": r.comment,
    }


def rating_from(row: Row) -> Rating:
    return Rating(
        id=row["id"],
        participant=row["participant_id"],
        round=row["round_id"],
        sign=row["sign"],
        strength=row["strength"],
        relation=row["relation_id"],
        source=row["source"],
        target=row["target"],
        comment=row["comment"],
    )


def scenario_row(sc: Scenario) -> dict[str, object]:
    levels = [[key, level] for key, level in sc.levels]
    return {"id": sc.id, "name": sc.name, "levels": json.dumps(levels), "lam": sc.lam, "position": sc.order}


def scenario_from(row: Row) -> Scenario:
    value = json.loads(row["levels"])
    if not isinstance(value, list) or not all(
        isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], (int, float))
        for p in value
    ):
        raise ValueError("scenario levels are not a list of [driver id, level] pairs")
    levels = tuple((key, float(level)) for key, level in value)
    return Scenario(id=row["id"], name=row["name"], levels=levels, lam=row["lam"], order=row["position"])


def snapshot_row(snap: Snapshot) -> dict[str, object]:
    return {"id": snap.id, "name": snap.name, "taken": snap.taken, "data": snap.data}


def snapshot_from(row: Row) -> Snapshot:
    return Snapshot(id=row["id"], name=row["name"], taken=row["taken"], data=row["data"])


#: collection name -> (table, entity -> row). Evidence data rows are extra.
WRITERS: dict[str, tuple[Table, Callable[[Any], dict[str, object]]]] = {
    "nodes": (schema.nodes, node_row),
    "relations": (schema.relations, relation_row),
    "evidence": (schema.evidence, evidence_row),
    "lenses": (schema.lenses, lens_row),
    "questions": (schema.questions, question_row),
    "polarities": (schema.polarities, polarity_row),
    "scenarios": (schema.scenarios, scenario_row),
    "snapshots": (schema.snapshots, snapshot_row),
    "participants": (schema.participants, participant_row),
    "rounds": (schema.rating_rounds, round_row),
    "ratings": (schema.ratings, rating_row),
}

#: collection name -> (table, row -> entity); evidence also needs its data rows,
#: which the loader reads first and hands to ``evidence_from``.
READERS: dict[str, tuple[Table, Callable[[Row], object]]] = {
    "nodes": (schema.nodes, node_from),
    "relations": (schema.relations, relation_from),
    "lenses": (schema.lenses, lens_from),
    "questions": (schema.questions, question_from),
    "polarities": (schema.polarities, polarity_from),
    "scenarios": (schema.scenarios, scenario_from),
    "snapshots": (schema.snapshots, snapshot_from),
    "participants": (schema.participants, participant_from),
    "rounds": (schema.rating_rounds, round_from),
    "ratings": (schema.ratings, rating_from),
}


def info_rows(info: WorkspaceInfo) -> list[dict[str, str]]:
    return [
        {"key": "title", "value": info.title},
        {"key": "description", "value": info.description},
        {"key": "created", "value": info.created},
        {"key": "modified", "value": info.modified},
    ]


#: ``meta`` keys of the revision counter (a file open in two places: docs/architecture.md).
REVISION = "revision"
REVISED_BY = "revised_by"
