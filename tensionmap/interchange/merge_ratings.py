"""Bring an imported workspace's participants, rounds and ratings into an open map.

Used by ``merge_command`` so a merged file keeps the room's voice. People are
the same person when their names match (ignoring case and outer spaces), and
rounds the same round when their numbers match; everything else gets a fresh
id where the target already uses it. A rating for an item the same person
already rated in the same round replaces the earlier answer (the imported
file is the later word), like a ballot does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..commands import AddEntity, Command, record_ratings
from ..model import Workspace, new_id


def rating_steps(
    target: Workspace, imported: Workspace, node: Callable[[str], str], relation: Callable[[str], str]
) -> list[Command]:
    """Steps adding the imported participants, rounds and ratings (after its nodes and relations)."""
    steps: list[Command] = []
    people: dict[str, str] = {}
    for p in imported.participants.values():
        known = target.participant_named(p.name)
        if known is not None:
            people[p.id] = known.id
            continue
        key = new_id() if target.has("participants", p.id) else p.id
        people[p.id] = key
        steps.append(AddEntity("participants", dataclasses.replace(p, id=key)))
    rounds: dict[str, str] = {}
    for r in imported.ordered_rounds():
        known_round = target.round_numbered(r.number)
        if known_round is not None:
            rounds[r.id] = known_round.id
            continue
        key = new_id() if target.has("rounds", r.id) else r.id
        rounds[r.id] = key
        steps.append(AddEntity("rounds", dataclasses.replace(r, id=key)))
    ratings = []
    for rating in imported.ratings.values():
        ratings.append(
            dataclasses.replace(
                rating,
                id=new_id() if target.has("ratings", rating.id) else rating.id,
                participant=people[rating.participant],
                round=rounds[rating.round],
                relation=None if rating.relation is None else relation(rating.relation),
                source=None if rating.source is None else node(rating.source),
                target=None if rating.target is None else node(rating.target),
            )
        )
    if ratings:
        steps.append(record_ratings(target, ratings, text="Import ratings"))
    return steps
