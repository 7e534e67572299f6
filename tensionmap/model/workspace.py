"""The Workspace aggregate: the only way to change a map.

Every mutation goes through ``add``, ``replace`` or ``remove`` (and the typed
helpers built on them), which validate before touching anything and then emit
one Change per entity. Listeners (the store, the canvas) mirror the workspace
from those events alone, so nothing else needs to know how a command works.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from .entities import (
    COLLECTIONS,
    ENTITY_TYPES,
    HORIZONS,
    NODE_KINDS,
    NOUNS,
    RELATION_SIGNS,
    SCALE_RANGE,
    STRENGTH_RANGE,
    Change,
    Evidence,
    Lens,
    Node,
    Polarity,
    Question,
    Relation,
    Scenario,
    Snapshot,
    WorkspaceInfo,
)
from .errors import (
    DanglingRelationError,
    DuplicateIdError,
    InvalidValueError,
    ModelError,
    UnknownEntityError,
)
from .ratings_rules import RatingRules

Listener = Callable[[Change], None]

MAX_TEXT = 1_000_000  # a guard against runaway input, far above any real label


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _text(value: object, what: str, *, required: bool = False) -> None:
    if not isinstance(value, str):
        raise InvalidValueError(f"{what} must be text, not {type(value).__name__}")
    if required and not value.strip():
        raise InvalidValueError(f"{what} must not be empty")
    if len(value) > MAX_TEXT:
        raise InvalidValueError(f"{what} is longer than {MAX_TEXT} characters")


def _texts(values: object, what: str) -> None:
    if not isinstance(values, tuple):
        raise InvalidValueError(f"{what} must be a tuple of text")
    for v in values:
        _text(v, what)


def _in_range(value: object, bounds: tuple[int, int], what: str, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(f"{what} must be a whole number from {bounds[0]} to {bounds[1]}")
    if not bounds[0] <= value <= bounds[1]:
        raise InvalidValueError(f"{what} {value} is out of range {bounds[0]}-{bounds[1]}")


def _finite(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidValueError(f"{what} must be a finite number")


def _choice(value: object, choices: Iterable[str], what: str) -> None:
    choices = tuple(choices)
    if value not in choices:
        raise InvalidValueError(f"{what} {value!r} is not one of {', '.join(choices)}")


class Workspace(RatingRules):
    """A stakeholder-tension map and everything saved with it."""

    def __init__(self, title: str = "Untitled", description: str = "") -> None:
        stamp = now_iso()
        self._info = WorkspaceInfo(title=title, description=description, created=stamp, modified=stamp)
        # collection -> id -> entity; the entity's type depends on the collection
        # (ENTITY_TYPES), which a static type cannot say, hence Any.
        self._items: dict[str, dict[str, Any]] = {name: {} for name in COLLECTIONS}
        # node id -> ids of the relations touching it (insertion-ordered), so that
        # removing or inspecting a node does not scan every relation of a big map.
        self._incident: dict[str, dict[str, None]] = {}
        self._listeners: list[Listener] = []

    # ----------------------------------------------------------------- events
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every Change; returns a function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # ------------------------------------------------------------ read access
    @property
    def info(self) -> WorkspaceInfo:
        return self._info

    @property
    def title(self) -> str:
        return self._info.title

    @property
    def description(self) -> str:
        return self._info.description

    @property
    def nodes(self) -> dict[str, Node]:
        """A read-only snapshot; mutate through the methods."""
        return dict(self._items["nodes"])

    @property
    def relations(self) -> dict[str, Relation]:
        return dict(self._items["relations"])

    @property
    def evidence(self) -> dict[str, Evidence]:
        return dict(self._items["evidence"])

    @property
    def lenses(self) -> dict[str, Lens]:
        return dict(self._items["lenses"])

    @property
    def questions(self) -> dict[str, Question]:
        return dict(self._items["questions"])

    @property
    def polarities(self) -> dict[str, Polarity]:
        return dict(self._items["polarities"])

    @property
    def scenarios(self) -> dict[str, Scenario]:
        return dict(self._items["scenarios"])

    @property
    def snapshots(self) -> dict[str, Snapshot]:
        return dict(self._items["snapshots"])

    def collection(self, name: str) -> dict[str, Any]:
        self._check_collection(name)
        return dict(self._items[name])

    def get(self, collection: str, key: str) -> Any:
        self._check_collection(collection)
        try:
            return self._items[collection][key]
        except KeyError:
            raise UnknownEntityError(f"unknown {NOUNS[collection]} id {key!r}") from None

    def node(self, key: str) -> Node:
        return self.get("nodes", key)

    def relation(self, key: str) -> Relation:
        return self.get("relations", key)

    def has(self, collection: str, key: str) -> bool:
        return key in self._items.get(collection, {})

    def relations_of(self, node_id: str) -> list[Relation]:
        """Relations that start or end at the node, in the order they were added."""
        relations = self._items["relations"]
        return [relations[r] for r in self._incident.get(node_id, ())]

    def dependents_of(self, node_id: str) -> list[tuple[str, object]]:
        """Everything that refers to a node: ratings on it, relations, polarities, focused lenses,
        scenarios fixing it.

        Ratings come first: a command removing the node removes them before the
        relations they point at.
        """
        found: list[tuple[str, object]] = [("ratings", r) for r in self.ratings_touching_node(node_id)]
        found += [("relations", r) for r in self.relations_of(node_id)]
        found += [("polarities", p) for p in self.polarities.values() if node_id in (p.left, p.right)]
        found += [("lenses", lens) for lens in self.lenses.values() if lens.focus == node_id]
        found += [
            ("scenarios", sc) for sc in self.scenarios.values() if any(d == node_id for d, _ in sc.levels)
        ]
        return found

    def ordered_scenarios(self) -> list[Scenario]:
        return sorted(self.scenarios.values(), key=lambda sc: (sc.order, sc.name))

    def ordered_snapshots(self) -> list[Snapshot]:
        return sorted(self.snapshots.values(), key=lambda snap: (snap.taken, snap.name))

    def ordered_questions(self) -> list[Question]:
        return sorted(self.questions.values(), key=lambda q: q.order)

    def ordered_lenses(self) -> list[Lens]:
        return sorted(self.lenses.values(), key=lambda lens: lens.order)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes.values())

    def content(self) -> dict[str, object]:
        """Everything that makes two workspaces the same map (timestamps aside)."""
        return {
            "title": self._info.title,
            "description": self._info.description,
            **{name: dict(self._items[name]) for name in COLLECTIONS},
        }

    def copy(self) -> Workspace:
        """A detached copy with the same info and entities, and no listeners.

        Entities are frozen values, so they are shared, not copied: the copy
        costs one dict entry per entity, and a background job can read it
        while the window goes on editing the original.
        """
        twin = Workspace(self.title, self.description)
        twin._info = self._info
        for name in COLLECTIONS:  # dependency order: no entity is added before what it refers to
            for entity in self._items[name].values():
                twin.add(name, entity)
        return twin

    def same_content(self, other: Workspace) -> bool:
        """Equal maps: same entities with the same values, order of insertion ignored."""
        return self.content() == other.content()

    # -------------------------------------------------------------- mutation
    def set_info(self, title: str | None = None, description: str | None = None) -> WorkspaceInfo:
        """Change title and/or description; returns the previous info."""
        new = self._info
        if title is not None:
            _text(title, "title", required=True)
            new = dataclasses.replace(new, title=title)
        if description is not None:
            _text(description, "description")
            new = dataclasses.replace(new, description=description)
        return self.restore_info(new)

    def restore_info(self, info: WorkspaceInfo) -> WorkspaceInfo:
        """Put back a whole WorkspaceInfo (used by undo and by the store)."""
        _text(info.title, "title", required=True)
        _text(info.description, "description")
        old = self._info
        self._info = info
        if old != info:
            self._emit(Change("info", "info", old, info))
        return old

    def add(self, collection: str, entity: object) -> None:
        """Add a new entity; refuses duplicates and invalid values."""
        self._check_collection(collection)
        self._validate(collection, entity)
        key = entity.id  # type: ignore[attr-defined]  # entity is one of ENTITY_TYPES; _validate checks it has an id
        if key in self._items[collection]:
            raise DuplicateIdError(f"{collection}: id {key!r} already exists")
        self._put(collection, key, entity, None)
        self._emit(Change(collection, key, None, entity))

    def replace(self, collection: str, entity: object) -> object:
        """Replace an existing entity with a new value of it; returns the old value."""
        self._check_collection(collection)
        key = entity.id  # type: ignore[attr-defined]  # entity is one of ENTITY_TYPES; _validate checks it has an id
        old = self.get(collection, key)
        self._validate(collection, entity, replacing=old)
        if old != entity:
            self._put(collection, key, entity, old)
            self._emit(Change(collection, key, old, entity))
        return old

    def update(self, collection: str, key: str, **changes: object) -> object:
        """Replace selected fields of an entity; returns the old value."""
        old = self.get(collection, key)
        if "id" in changes:
            raise InvalidValueError("an entity's id cannot change")
        try:
            new = dataclasses.replace(old, **changes)
        except TypeError as exc:
            raise InvalidValueError(f"{collection}: {exc}") from None
        return self.replace(collection, new)

    def remove(self, collection: str, key: str) -> object:
        """Remove an entity and return it. A node must have no relations left."""
        old = self.get(collection, key)
        if collection == "nodes":
            attached = self.dependents_of(key)
            if attached:
                raise DanglingRelationError(
                    f"node {old.label!r} is still used by {len(attached)} relation(s), lens(es), "
                    "polarity view(s) or rating(s)"
                )
        if collection == "evidence":
            for rel in self._items["relations"].values():
                if key in rel.evidence:
                    raise DanglingRelationError(f"evidence {key!r} is still cited by relation {rel.id!r}")
        self._check_rating_removal(collection, key)
        self._put(collection, key, None, old)
        self._emit(Change(collection, key, old, None))
        return old

    def _put(self, collection: str, key: str, new: Any, old: Any) -> None:
        """Store (``new``) or delete (``new`` None) one entity, keeping the incidence and rating
        indexes in step."""
        self._index_rating(collection, new, old)
        if collection == "relations":
            if old is not None:
                for end in (old.source, old.target):
                    self._incident.get(end, {}).pop(key, None)
            if new is not None:
                for end in (new.source, new.target):
                    self._incident.setdefault(end, {})[key] = None
        if new is None:
            del self._items[collection][key]
            if collection == "nodes":
                self._incident.pop(key, None)
        else:
            self._items[collection][key] = new

    # Typed conveniences: the same three operations, named for the reader.
    def add_node(self, node: Node) -> None:
        self.add("nodes", node)

    def add_relation(self, relation: Relation) -> None:
        self.add("relations", relation)

    def add_evidence(self, evidence: Evidence) -> None:
        self.add("evidence", evidence)

    def add_question(self, question: Question) -> None:
        self.add("questions", question)

    def add_lens(self, lens: Lens) -> None:
        self.add("lenses", lens)

    def move_nodes(self, positions: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        """Move many nodes at once; validates all first so a bad id moves nothing."""
        for key, (x, y) in positions.items():
            self.node(key)
            _finite(x, "x")
            _finite(y, "y")
        previous: dict[str, tuple[float, float]] = {}
        for key, (x, y) in positions.items():
            node = self.node(key)
            previous[key] = (node.x, node.y)
            self.replace("nodes", dataclasses.replace(node, x=float(x), y=float(y)))
        return previous

    def touch(self) -> None:
        """Record that the map changed now (the store calls this once per command)."""
        self._info = dataclasses.replace(self._info, modified=now_iso())

    # ------------------------------------------------------------ validation
    def _check_collection(self, name: str) -> None:
        if name not in ENTITY_TYPES:
            raise ModelError(f"unknown collection {name!r}")

    def _validate(self, collection: str, entity: object, replacing: object | None = None) -> None:
        expected = ENTITY_TYPES[collection]
        if type(entity) is not expected:
            raise InvalidValueError(f"{collection} holds {expected.__name__}, not {type(entity).__name__}")
        _text(entity.id, "id", required=True)  # type: ignore[attr-defined]  # the type check above made it an entity
        getattr(self, f"_validate_{collection}")(entity, replacing)

    def _validate_nodes(self, n: Node, old: Node | None) -> None:
        _choice(n.kind, NODE_KINDS, "node kind")
        _text(n.label, "label", required=True)
        _text(n.description, "description")
        _text(n.group, "group")
        _texts(n.tags, "tags")
        if n.colour is not None:
            _text(n.colour, "colour")
        _finite(n.x, "x")
        _finite(n.y, "y")
        if not isinstance(n.pinned, bool):
            raise InvalidValueError("pinned must be true or false")
        _in_range(n.power, SCALE_RANGE, "power", optional=True)
        _in_range(n.interest, SCALE_RANGE, "interest", optional=True)

    def _validate_relations(self, r: Relation, old: Relation | None) -> None:
        for end in ("source", "target"):
            key = getattr(r, end)
            if key not in self._items["nodes"]:
                raise UnknownEntityError(f"relation {end} {key!r} is not a node of this map")
        if r.source == r.target:
            raise InvalidValueError("a relation cannot connect a node to itself")
        _choice(r.type, RELATION_SIGNS, "relation type")
        _in_range(r.strength, STRENGTH_RANGE, "strength")
        _choice(r.horizon, HORIZONS, "horizon")
        _text(r.note, "note")
        _texts(r.evidence, "evidence")
        for key in r.evidence:
            if key not in self._items["evidence"]:
                raise UnknownEntityError(f"relation cites unknown evidence {key!r}")

    def _validate_evidence(self, e: Evidence, old: Evidence | None) -> None:
        _text(e.title, "evidence title", required=True)
        _text(e.citation, "citation")
        _text(e.note, "evidence note")
        if not isinstance(e.data, tuple):
            raise InvalidValueError("evidence data must be a tuple of (category, value) pairs")
        for row in e.data:
            if not isinstance(row, tuple) or len(row) != 2:
                raise InvalidValueError("evidence data rows must be (category, value) pairs")
            _text(row[0], "data category")
            _finite(row[1], "data value")

    def _validate_lenses(self, lens: Lens, old: Lens | None) -> None:
        _text(lens.name, "lens name", required=True)
        for kind in lens.kinds:
            _choice(kind, NODE_KINDS, "lens kind")
        _texts(lens.groups, "lens groups")
        _texts(lens.tags, "lens tags")
        for h in lens.horizons:
            _choice(h, HORIZONS, "lens horizon")
        if lens.max_horizon is not None:
            _choice(lens.max_horizon, HORIZONS[:3], "lens max horizon")
        if lens.focus is not None and lens.focus not in self._items["nodes"]:
            raise UnknownEntityError(f"lens focuses on unknown node {lens.focus!r}")
        if isinstance(lens.order, bool) or not isinstance(lens.order, int):
            raise InvalidValueError("lens order must be a whole number")

    def _validate_questions(self, q: Question, old: Question | None) -> None:
        _text(q.text, "question", required=True)
        if isinstance(q.order, bool) or not isinstance(q.order, int):
            raise InvalidValueError("question order must be a whole number")

    def _validate_polarities(self, p: Polarity, old: Polarity | None) -> None:
        for end in ("left", "right"):
            key = getattr(p, end)
            if key not in self._items["nodes"]:
                raise UnknownEntityError(f"polarity {end} pole {key!r} is not a node of this map")
        if p.left == p.right:
            raise InvalidValueError("a polarity needs two different poles")
        for name in ("left_upsides", "left_downsides", "right_upsides", "right_downsides"):
            _texts(getattr(p, name), name.replace("_", " "))

    def _validate_scenarios(self, sc: Scenario, old: Scenario | None) -> None:
        _text(sc.name, "scenario name", required=True)
        _finite(sc.lam, "scenario lambda")
        if sc.lam <= 0:
            raise InvalidValueError(f"scenario lambda must be positive, not {sc.lam}")
        if isinstance(sc.order, bool) or not isinstance(sc.order, int):
            raise InvalidValueError("scenario order must be a whole number")
        if not isinstance(sc.levels, tuple):
            raise InvalidValueError("scenario levels must be a tuple of (driver id, level) pairs")
        seen: set[str] = set()
        for pair in sc.levels:
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise InvalidValueError("scenario levels must be (driver id, level) pairs")
            key, level = pair
            node = self._items["nodes"].get(key)
            if node is None:
                raise UnknownEntityError(
                    f"scenario {sc.name!r} fixes {key!r}, which is not a node of this map"
                )
            if node.kind != "driver":
                raise InvalidValueError(f"scenario {sc.name!r} fixes a stakeholder; scenarios fix drivers")
            if key in seen:
                raise InvalidValueError(f"scenario {sc.name!r} fixes one driver twice")
            seen.add(key)
            _finite(level, "scenario level")
            if not -1.0 <= level <= 1.0:
                raise InvalidValueError(f"scenario level {level} is out of range -1 to 1")

    def _validate_snapshots(self, snap: Snapshot, old: Snapshot | None) -> None:
        _text(snap.name, "snapshot name", required=True)
        _text(snap.taken, "snapshot time", required=True)
        if not isinstance(snap.data, str):
            raise InvalidValueError("snapshot data must be text")
        if old is not None and (old.data != snap.data or old.taken != snap.taken):
            raise InvalidValueError("a snapshot's content and time never change; only its name may")
