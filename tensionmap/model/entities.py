"""The entities of a stakeholder-tension map.

Entities are frozen dataclasses: a change is a new value, so a command can keep
the value before and after and undo by putting the old one back, and the store
and the canvas can compare values instead of tracking mutation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from .ratings import RATING_COLLECTIONS, RATING_NOUNS, RATING_TYPES

NodeKind = Literal["stakeholder", "driver"]
NODE_KINDS: tuple[str, ...] = ("stakeholder", "driver")

#: The relation vocabulary and the sign each type carries. Sign and strength
#: are separate fields: a sign is never stored as a negative weight.
RELATION_SIGNS: dict[str, int] = {
    "supports": 1,
    "benefits": 1,
    "values": 1,
    "allied_with": 1,
    "opposes": -1,
    "in_tension_with": -1,
    "resists": -1,
    "related": 0,
}
#: Types that say the same thing read from either end, so they are drawn
#: without an arrowhead and treated as undirected by the analysis.
#: ``allied_with`` is the symmetric positive tie (an alliance between two
#: stakeholders), which undirected sources such as signed social networks need.
SYMMETRIC_TYPES: frozenset[str] = frozenset({"allied_with", "in_tension_with", "related"})

HORIZONS: tuple[str, ...] = ("short", "medium", "long", "unknown")
STRENGTH_RANGE = (1, 5)
SCALE_RANGE = (1, 5)  # power and interest


def new_id() -> str:
    """A fresh identifier; uuid4 so maps merged from several files never clash."""
    return str(uuid.uuid4())


def sign_of(relation_type: str) -> int:
    """The sign (+1, -1 or 0) a relation type carries."""
    return RELATION_SIGNS[relation_type]


@dataclass(frozen=True)
class Node:
    """A stakeholder (who wants something) or a driver (what is wanted)."""

    id: str
    kind: str
    label: str
    description: str = ""
    group: str = ""
    tags: tuple[str, ...] = ()
    colour: str | None = None
    x: float = 0.0
    y: float = 0.0
    pinned: bool = False
    power: int | None = None
    interest: int | None = None


@dataclass(frozen=True)
class Relation:
    """A signed, weighted relation from one node to another."""

    id: str
    source: str
    target: str
    type: str = "supports"
    strength: int = 3
    horizon: str = "unknown"
    note: str = ""
    evidence: tuple[str, ...] = ()

    @property
    def sign(self) -> int:
        return RELATION_SIGNS[self.type]

    @property
    def symmetric(self) -> bool:
        return self.type in SYMMETRIC_TYPES


@dataclass(frozen=True)
class Evidence:
    """A source the map leans on, with optional (category, value) rows to chart."""

    id: str
    title: str
    citation: str = ""
    note: str = ""
    data: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Lens:
    """A named, saved view: which part of the map to show and what to emphasise.

    Empty filter tuples mean "no restriction". ``max_horizon`` hides relations
    felt later than it (short < medium < long; unknown is always kept), and
    ``focus`` is a node id whose neighbourhood stays bright.
    """

    id: str
    name: str
    kinds: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    horizons: tuple[str, ...] = ()
    max_horizon: str | None = None
    focus: str | None = None
    order: int = 0


@dataclass(frozen=True)
class Question:
    """A workshop prompt shown beside the map."""

    id: str
    text: str
    order: int = 0


@dataclass(frozen=True)
class Polarity:
    """A two-pole view of a tension between two drivers, with its upsides and downsides."""

    id: str
    left: str
    right: str
    left_upsides: tuple[str, ...] = ()
    left_downsides: tuple[str, ...] = ()
    right_upsides: tuple[str, ...] = ()
    right_downsides: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A named what-if: drivers fixed at levels in [-1, 1], run with steepness ``lam``.

    ``levels`` pairs driver ids with levels; the run itself is not stored
    (it is cheap and must follow the map as the map changes).
    """

    id: str
    name: str
    levels: tuple[tuple[str, float], ...] = ()
    lam: float = 1.0
    order: int = 0


@dataclass(frozen=True)
class Snapshot:
    """A named, timestamped copy of the map kept inside the workspace.

    ``data`` is the map as JSON text (:func:`tensionmap.model.snapshot.encode_map`):
    a value, so a snapshot can never be changed by later edits of the map.
    """

    id: str
    name: str
    taken: str
    data: str


@dataclass(frozen=True)
class WorkspaceInfo:
    """The workspace's own fields (not a collection)."""

    title: str = "Untitled"
    description: str = ""
    created: str = ""
    modified: str = ""


#: The collections in dependency order: an entity refers only to entities of
#: the collections before its own (relations to nodes and evidence, lenses and
#: polarities to nodes), so adding them in this order never dangles. Loaders,
#: copies and importers all go by it; a new collection goes after those it
#: refers to.
COLLECTIONS: tuple[str, ...] = (
    "nodes",
    "evidence",
    "relations",
    "lenses",
    "questions",
    "polarities",
    "scenarios",
    "snapshots",
    *RATING_COLLECTIONS,
)

#: What one entity of each collection is called in messages and menus.
NOUNS: dict[str, str] = {
    "nodes": "node",
    "relations": "relation",
    "evidence": "evidence",
    "lenses": "lens",
    "questions": "question",
    "polarities": "polarity",
    "scenarios": "scenario",
    "snapshots": "snapshot",
    **RATING_NOUNS,
}

ENTITY_TYPES: dict[str, type] = {
    "nodes": Node,
    "relations": Relation,
    "evidence": Evidence,
    "lenses": Lens,
    "questions": Question,
    "polarities": Polarity,
    "scenarios": Scenario,
    "snapshots": Snapshot,
    **RATING_TYPES,
}


@dataclass(frozen=True)
class Change:
    """One event: an entity added (before is None), removed (after is None) or replaced.

    ``collection`` is one of COLLECTIONS, or ``"info"`` for the workspace fields
    (then ``key`` is ``"info"`` and before/after are WorkspaceInfo values).
    """

    collection: str
    key: str
    before: object | None
    after: object | None
