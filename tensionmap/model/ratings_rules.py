"""The Workspace's rules for participants, rounds and ratings (a mixin).

Kept beside ``workspace.py`` rather than in it so the map's own rules stay
readable; the Workspace class inherits these methods and calls them through
its generic ``add``/``replace``/``remove``.

Invariants enforced here:
- a participant's name is not empty and unique (ignoring case and spaces at
  the ends), since ballots and surveys find participants by name;
- a round's number is a whole number >= 1 and unique;
- a rating names an existing participant and round, has sign -1/0/+1 and
  strength 1-5, and points at an existing relation *or* at two distinct
  existing nodes (a proposed relation), never both;
- one rating per participant, round and rated item, so an aggregate never
  counts a voice twice (an index keeps this check O(1) on large rooms).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import DanglingRelationError, DuplicateIdError, InvalidValueError, UnknownEntityError
from .ratings import RATING_SIGNS, RATING_STRENGTH, Participant, Rating, Round

if TYPE_CHECKING:
    from collections.abc import Iterable

RatingKey = tuple[str, str, object]


def name_key(name: str) -> str:
    """How participant names are compared: case and outer spaces ignored."""
    return " ".join(name.split()).casefold()


def rating_key(r: Rating) -> RatingKey:
    return (r.participant, r.round, r.item())


class RatingRules:
    """Mixed into Workspace: read access, validation and indexes for the rating collections."""

    _items: dict[str, dict[str, Any]]  # the Workspace's entity store (see workspace.py)

    def _rating_index(self) -> dict[RatingKey, str]:
        index = self.__dict__.get("_ratings_by_key")
        if index is None:
            index = self.__dict__["_ratings_by_key"] = {}
        return index

    # ------------------------------------------------------------ read access
    @property
    def participants(self) -> dict[str, Participant]:
        return dict(self._items["participants"])

    @property
    def rounds(self) -> dict[str, Round]:
        return dict(self._items["rounds"])

    @property
    def ratings(self) -> dict[str, Rating]:
        return dict(self._items["ratings"])

    def ordered_rounds(self) -> list[Round]:
        return sorted(self.rounds.values(), key=lambda r: r.number)

    def round_numbered(self, number: int) -> Round | None:
        return next((r for r in self._items["rounds"].values() if r.number == number), None)

    def participant_named(self, name: str) -> Participant | None:
        key = name_key(name)
        return next(
            (p for p in self._items["participants"].values() if name_key(p.name) == key),
            None,
        )

    def find_rating(self, participant: str, round_id: str, item: object) -> Rating | None:
        """The rating a participant gave an item (relation id or (source, target)) in a round."""
        key = self._rating_index().get((participant, round_id, item))
        return None if key is None else self._items["ratings"][key]

    def ratings_where(self, **fields: object) -> list[Rating]:
        """Ratings whose named fields all equal the given values, in insertion order."""
        return [
            r
            for r in self._items["ratings"].values()
            if all(getattr(r, name) == value for name, value in fields.items())
        ]

    def ratings_touching_node(self, node_id: str) -> list[Rating]:
        """Ratings that would dangle without the node: of its relations, or proposing a pair with it."""
        relations = self._items["relations"]
        out = []
        for r in self._items["ratings"].values():
            if r.relation is not None:
                rel = relations.get(r.relation)
                if rel is not None and node_id in (rel.source, rel.target):
                    out.append(r)
            elif node_id in (r.source, r.target):
                out.append(r)
        return out

    # ----------------------------------------------------- removal and index
    def _check_rating_removal(self, collection: str, key: str) -> None:
        """Refuse to remove what ratings still point at (commands move or remove them first)."""
        field = {"participants": "participant", "rounds": "round", "relations": "relation"}.get(collection)
        if field is None:
            return
        used = sum(1 for r in self._items["ratings"].values() if getattr(r, field) == key)
        if used:
            raise DanglingRelationError(f"{collection[:-1]} {key!r} is still used by {used} rating(s)")

    def _index_rating(self, collection: str, new: Any, old: Any) -> None:
        """Keep the (participant, round, item) index in step; ``new``/``old`` are Ratings or None."""
        if collection != "ratings":
            return
        index = self._rating_index()
        if old is not None:
            index.pop(rating_key(old), None)
        if new is not None:
            index[rating_key(new)] = new.id

    # ------------------------------------------------------------ validation
    def _validate_participants(self, p: Participant, old: Participant | None) -> None:
        from .workspace import _text

        _text(p.name, "participant name", required=True)
        _text(p.group, "participant group")
        if not isinstance(p.anonymous, bool):
            raise InvalidValueError("anonymous must be true or false")
        key = name_key(p.name)
        for other in self._items["participants"].values():
            if other.id != p.id and name_key(other.name) == key:
                raise DuplicateIdError(f"a participant is already called {p.name!r}")

    def _validate_rounds(self, r: Round, old: Round | None) -> None:
        from .workspace import _text

        if isinstance(r.number, bool) or not isinstance(r.number, int) or r.number < 1:
            raise InvalidValueError("a round number must be a whole number from 1")
        _text(r.title, "round title")
        for name in ("open", "blind"):
            if not isinstance(getattr(r, name), bool):
                raise InvalidValueError(f"round {name} must be true or false")
        for other in self._items["rounds"].values():
            if other.id != r.id and other.number == r.number:
                raise DuplicateIdError(f"round {r.number} already exists")

    def _validate_ratings(self, r: Rating, old: Rating | None) -> None:
        from .workspace import _in_range, _text

        if r.participant not in self._items["participants"]:
            raise UnknownEntityError(f"rating by unknown participant {r.participant!r}")
        if r.round not in self._items["rounds"]:
            raise UnknownEntityError(f"rating in unknown round {r.round!r}")
        if isinstance(r.sign, bool) or r.sign not in RATING_SIGNS:
            raise InvalidValueError(f"rating sign {r.sign!r} is not -1, 0 or 1")
        _in_range(r.strength, RATING_STRENGTH, "rating strength")
        _text(r.comment, "rating comment")
        if r.relation is not None:
            if r.source is not None or r.target is not None:
                raise InvalidValueError("a rating names a relation or a proposed pair of nodes, not both")
            if r.relation not in self._items["relations"]:
                raise UnknownEntityError(f"rating of unknown relation {r.relation!r}")
        else:
            for end in ("source", "target"):
                key = getattr(r, end)
                if key not in self._items["nodes"]:
                    raise UnknownEntityError(f"proposed relation {end} {key!r} is not a node of this map")
            if r.source == r.target:
                raise InvalidValueError("a proposed relation cannot connect a node to itself")
        holder = self._rating_index().get(rating_key(r))
        if holder is not None and holder != r.id:
            raise DuplicateIdError("this participant already rated this relation in this round")


def participants_in(ratings: Iterable[Rating]) -> list[str]:
    """Participant ids in the order they first appear."""
    return list(dict.fromkeys(r.participant for r in ratings))
