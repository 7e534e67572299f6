"""Commands for the room's voice: participants, rounds, ratings, and applying the room's view.

All undoable like every other edit. ``apply_room_view`` takes a plain plan
(computed by ``analysis.ratings.room_view_plan``) so this layer stays free of
numpy and of the aggregation rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Participant, Rating, Relation, Round, Workspace, new_id
from .base import AddEntity, Batch, Command, RemoveEntity, UpdateEntity


def add_participant(participant: Participant) -> Command:
    return AddEntity("participants", participant, f"Add participant {participant.name}")


def update_participant(participant_id: str, **changes: object) -> Command:
    return UpdateEntity("participants", participant_id, "Edit participant", **changes)


def remove_participant(participant_id: str) -> Command:
    return RemoveEntity("participants", participant_id, "Remove participant and their ratings")


def add_round(round_: Round) -> Command:
    return AddEntity("rounds", round_, f"Add round {round_.number}")


def update_round(round_id: str, **changes: object) -> Command:
    text = "Edit round"
    if set(changes) == {"open"}:
        text = "Open round" if changes["open"] else "Close round"
    return UpdateEntity("rounds", round_id, text, **changes)


def remove_round(round_id: str) -> Command:
    return RemoveEntity("rounds", round_id, "Remove round and its ratings")


def add_rating(rating: Rating) -> Command:
    return AddEntity("ratings", rating, "Rate relation")


def update_rating(rating_id: str, **changes: object) -> Command:
    return UpdateEntity("ratings", rating_id, "Change rating", **changes)


def remove_rating(rating_id: str) -> Command:
    return RemoveEntity("ratings", rating_id, "Remove rating")


def record_ratings(
    ws: Workspace,
    ratings: Iterable[Rating],
    *,
    participants: Sequence[Participant] = (),
    rounds: Sequence[Round] = (),
    text: str = "Record ratings",
) -> Command:
    """New participants and rounds, then ratings, as one step (a ballot, a survey, a round).

    A rating for an item the participant already rated in that round replaces
    the earlier one (a participant may change their mind; the last word
    counts), keeping the earlier rating's id so undo restores it exactly.
    """
    steps: list[Command] = [AddEntity("participants", p) for p in participants]
    steps += [AddEntity("rounds", r) for r in rounds]
    for rating in ratings:
        earlier = ws.find_rating(rating.participant, rating.round, rating.item())
        if earlier is None:
            steps.append(AddEntity("ratings", rating))
        else:
            steps.append(
                UpdateEntity(
                    "ratings",
                    earlier.id,
                    None,
                    sign=rating.sign,
                    strength=rating.strength,
                    comment=rating.comment,
                )
            )
    return Batch(steps, text)


@dataclass(frozen=True)
class RelationChange:
    """The room's view of an existing relation: its new type and strength."""

    relation: str
    type: str
    strength: int


@dataclass(frozen=True)
class NewRelation:
    """A proposed relation the room wants on the map, with the ratings that proposed it."""

    source: str
    target: str
    type: str
    strength: int
    ratings: tuple[str, ...] = ()


class ApplyRoomView(Command):
    """Turn the room's aggregate into the map's relations, as one undo step.

    Relations whose type or strength differ from the room's view are updated;
    proposed relations the room carries are added, and the ratings that
    proposed them are re-pointed at the new relation so the room's voice
    follows it. Undo puts every relation and rating back.
    """

    def __init__(self, changes: Sequence[RelationChange], additions: Sequence[NewRelation]) -> None:
        self.changes = list(changes)
        self.additions = list(additions)
        self._ids = [new_id() for _ in self.additions]  # fixed, so redo re-creates the same ids
        self.text = "Apply the room's view"
        self._batch: Batch | None = None

    def _build(self, ws: Workspace) -> Batch:
        steps: list[Command] = []
        for change in self.changes:
            rel = ws.relation(change.relation)
            if (rel.type, rel.strength) != (change.type, change.strength):
                steps.append(
                    UpdateEntity("relations", rel.id, None, type=change.type, strength=change.strength)
                )
        for key, new in zip(self._ids, self.additions, strict=True):
            relation = Relation(
                key, new.source, new.target, new.type, new.strength, note="Proposed by the room"
            )
            steps.append(AddEntity("relations", relation))
            steps += [
                UpdateEntity("ratings", r, None, relation=key, source=None, target=None) for r in new.ratings
            ]
        return Batch(steps, self.text)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.additions

    def apply(self, ws: Workspace) -> None:
        if self._batch is None:
            self._batch = self._build(ws)
        self._batch.apply(ws)

    def revert(self, ws: Workspace) -> None:
        assert self._batch is not None
        self._batch.revert(ws)


def dismiss_proposal(ws: Workspace, rating_ids: Iterable[str]) -> Command:
    """Dismiss a ghost: the ratings that proposed it are removed (undo brings them back)."""
    ids = [r for r in rating_ids if ws.has("ratings", r)]
    return Batch([RemoveEntity("ratings", r) for r in ids], "Dismiss proposed relation")
