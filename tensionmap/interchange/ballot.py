"""Ballot files: one participant's ratings of one round, filled in away from the workspace.

``tensionmap ballot export`` writes a ballot for a participant; they fill in
each ``rating`` (a whole number from -5 to 5, sign x strength; 0 = "no
relation"; null = no answer) and an optional ``comment``, may add items for
relations the map lacks (``source`` and ``target`` labels, ``relation``
null), and send it back; ``tensionmap ballot import`` records it. The file is
UTF-8 JSON::

    {"format": "tensionmap-ballot", "version": 1,
     "workspace": "<title, for the reader>",
     "round": 2,
     "participant": {"name": "...", "group": "...", "anonymous": false},
     "items": [{"relation": "<id or null>", "source": "<label>", "target": "<label>",
                "rating": null, "comment": ""}]}

An item with a relation id must name a relation of the workspace it is
imported into (a ballot for another map is refused, naming the item). A
participant may return a ballot twice: the later answers replace the earlier
ones, one undoable step per import.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..model import Workspace
from .errors import DEFAULT_LIMITS, InterchangeError
from .sources import read_source
from .survey import RatingsRead, Resolver
from .values import short

FORMAT = "tensionmap-ballot"
VERSION = 1


def ballot_round(ws: Workspace, number: int | None) -> int:
    """The round a ballot is for: the one asked for, else the latest open round, else 1."""
    if number is not None:
        existing = ws.round_numbered(number)
        if existing is not None and not existing.open:
            raise InterchangeError(f"round {number} is closed")
        return number
    rounds = ws.ordered_rounds()
    open_rounds = [r for r in rounds if r.open]
    if open_rounds:
        return open_rounds[-1].number
    if rounds:
        raise InterchangeError("every round is closed; name a new round with --round")
    return 1


def ballot_dict(
    ws: Workspace, name: str, round_number: int, *, group: str = "", anonymous: bool = False
) -> dict[str, Any]:
    """A ballot for ``name``: every relation of the map, with their answers so far in that round."""
    person = ws.participant_named(name)
    if person is not None:
        name, group, anonymous = person.name, person.group, person.anonymous
    elif not name.strip():
        raise InterchangeError("the participant name is blank")
    existing = ws.round_numbered(round_number)
    answers = {}
    if person is not None and existing is not None:
        answers = {r.item(): r for r in ws.ratings_where(participant=person.id, round=existing.id)}
    nodes = ws.nodes
    items = []
    for rel in ws.relations.values():
        given = answers.pop(rel.id, None)
        items.append(
            {
                "relation": rel.id,
                "source": nodes[rel.source].label,
                "target": nodes[rel.target].label,
                "rating": None if given is None else given.value,
                "comment": "" if given is None else given.comment,
            }
        )
    for pair, given in answers.items():  # pairs this participant proposed earlier
        if isinstance(pair, str):
            continue  # answers about relations of the map were taken above
        source, target = pair
        items.append(
            {
                "relation": None,
                "source": nodes[source].label,
                "target": nodes[target].label,
                "rating": given.value,
                "comment": given.comment,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "workspace": ws.title,
        "round": round_number,
        "participant": {"name": name.strip(), "group": group, "anonymous": anonymous},
        "items": items,
    }


def write_ballot(doc: dict[str, object], path: str | os.PathLike) -> None:
    target = Path(path)
    try:
        target.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InterchangeError(f"cannot write the file ({exc.strerror or exc})", file=target.name) from None


def _field(obj: dict, key: str, kind: type, where: str, name: str) -> Any:  # checked to be a ``kind``
    value = obj.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise InterchangeError(f"{key} is missing or of the wrong kind", file=name, where=where)
    return value


def read_ballot(ws: Workspace, source: str | os.PathLike, read: RatingsRead | None = None) -> RatingsRead:
    """Resolve a ballot against ``ws`` (adding to ``read`` when given); changes nothing."""
    path = Path(source)
    name = path.name
    read = read if read is not None else RatingsRead()
    data = read_source(path, name, DEFAULT_LIMITS)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InterchangeError("is not valid UTF-8", file=name) from None
    except json.JSONDecodeError as exc:
        raise InterchangeError(f"broken JSON ({exc.msg})", file=name, where=f"line {exc.lineno}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InterchangeError(f'not a tensionmap ballot (no "format": "{FORMAT}")', file=name)
    version = doc.get("version")
    if version != VERSION:
        raise InterchangeError(
            f"unknown ballot version {short(version)} (this one reads {VERSION})", file=name
        )
    number = _field(doc, "round", int, "round", name)
    if number < 1:
        raise InterchangeError("the round must be a whole number from 1", file=name, where="round")
    who = _field(doc, "participant", dict, "participant", name)
    person_name = _field(who, "name", str, "participant", name)
    group = who.get("group", "")
    anonymous = who.get("anonymous", False)
    if not isinstance(group, str) or not isinstance(anonymous, bool):
        raise InterchangeError("participant group or anonymous is of the wrong kind", file=name)
    items = _field(doc, "items", list, "items", name)
    known_rounds = {r.number: r for r in read.rounds}
    resolver = Resolver(ws, number, read, name)
    if number in known_rounds:  # a second ballot for a round the first one creates
        read.rounds.pop()
        resolver.round_id = known_rounds[number].id
    for person in read.participants:
        resolver.new_people.setdefault(" ".join(person.name.split()).casefold(), person)
    pid = resolver.participant(person_name, group, anonymous, "participant")
    for r in read.ratings:
        if r.participant == pid and r.round == resolver.round_id:
            raise InterchangeError(f"a second ballot from {short(person_name)} for this round", file=name)
    for index, item in enumerate(items):
        where = f"items[{index}]"
        if not isinstance(item, dict):
            raise InterchangeError("an item must be an object", file=name, where=where)
        comment = item.get("comment", "")
        if not isinstance(comment, str):
            raise InterchangeError("comment must be text", file=name, where=where)
        relation = item.get("relation")
        if relation is not None:
            if not isinstance(relation, str) or not ws.has("relations", relation):
                raise InterchangeError(
                    f"relation {short(relation)} is not in this map (a ballot for another workspace?)",
                    file=name,
                    where=where,
                )
            rel = ws.relation(relation)
            ends = (rel.source, rel.target)
        else:
            start, end = item.get("source"), item.get("target")  # labels (``source`` is the file)
            if not isinstance(start, str) or not isinstance(end, str):
                raise InterchangeError(
                    "a proposed relation needs source and target labels", file=name, where=where
                )
            ends = (resolver.node(start, f"{where}, source"), resolver.node(end, f"{where}, target"))
            if ends[0] == ends[1]:
                raise InterchangeError("a relation cannot connect a node to itself", file=name, where=where)
        rating = item.get("rating")
        if rating is not None and (isinstance(rating, bool) or not isinstance(rating, (int, float))):
            raise InterchangeError(
                f"rating {short(rating)} is not a whole number from -5 to 5", file=name, where=where
            )
        resolver.add(pid, ends, rating, comment, where, relation)
    return read


def read_ballots(ws: Workspace, sources: list[str | os.PathLike]) -> RatingsRead:
    """Several ballots resolved together, so they import as one step or not at all."""
    read = RatingsRead()
    for source in sources:
        read_ballot(ws, source, read)
    return read
