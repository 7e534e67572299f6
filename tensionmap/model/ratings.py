"""The room's voice: participants, rating rounds and their ratings of relations.

A facilitator's map is one person's view; these entities let several people
rate the same relations so the analysis can show where the room agrees and
where it is contested. They are plain frozen dataclasses like the rest of the
model and live in three workspace collections (``participants``, ``rounds``,
``ratings``), so commands, the store and interchange treat them like any
other entity.

A rating points either at an existing relation (``relation``) or, when the
participant sees a relation the map lacks, at a *proposed* pair of nodes
(``source`` and ``target``); never both. Its value for the analysis is
``sign * strength``: -5 .. +5, 0 meaning "no relation".
"""

from __future__ import annotations

from dataclasses import dataclass

RATING_SIGNS: tuple[int, ...] = (-1, 0, 1)
RATING_STRENGTH = (1, 5)


@dataclass(frozen=True)
class Participant:
    """Someone who rates. ``anonymous`` means no report may print ``name``."""

    id: str
    name: str
    group: str = ""
    anonymous: bool = False


@dataclass(frozen=True)
class Round:
    """A numbered rating round. ``blind``: the facilitator's map is hidden while rating."""

    id: str
    number: int
    title: str = ""
    open: bool = True
    blind: bool = False


@dataclass(frozen=True)
class Rating:
    """One participant's judgement of one relation (or proposed relation) in one round."""

    id: str
    participant: str
    round: str
    sign: int
    strength: int = 3
    relation: str | None = None
    source: str | None = None
    target: str | None = None
    comment: str = ""

    @property
    def value(self) -> int:
        """sign x strength: what the aggregates average (0 = "no relation")."""
        return self.sign * self.strength

    @property
    def proposed(self) -> bool:
        return self.relation is None

    def item(self) -> str | tuple[str, str]:
        """What is rated: a relation id, or the (source, target) of a proposed relation."""
        if self.relation is not None:
            return self.relation
        return (self.source or "", self.target or "")


RATING_COLLECTIONS: tuple[str, ...] = ("participants", "rounds", "ratings")
RATING_NOUNS: dict[str, str] = {"participants": "participant", "rounds": "round", "ratings": "rating"}
RATING_TYPES: dict[str, type] = {"participants": Participant, "rounds": Round, "ratings": Rating}


def split_value(value: int) -> tuple[int, int]:
    """(sign, strength) of a survey value -5 .. 5; 0 is stored as sign 0, strength 1."""
    if isinstance(value, bool) or not isinstance(value, int) or not -5 <= value <= 5:
        raise ValueError(f"rating {value!r} is not a whole number from -5 to 5")
    if value == 0:
        return 0, 1
    return (1 if value > 0 else -1), abs(value)
