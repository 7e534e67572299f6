"""The tables of a workspace file, by schema version.

Each table records the version that introduced it, so the schema of any past
version can be rebuilt (for migration tests) and the open-time check knows
exactly which objects a sound file of that version holds. List-valued fields
(tags, evidence ids, lens filters) are JSON text: they are read and written
whole, never queried.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
)

#: ``PRAGMA application_id``: "TMAP" in ASCII, so `file` and SQLite tools can tell.
APPLICATION_ID = 0x544D4150
#: ``PRAGMA user_version`` written by this release.
SCHEMA_VERSION = 4

metadata = MetaData()


def _fk(target: str) -> ForeignKey:
    # Deferred so a command may remove a node and its relations in any order
    # inside its one transaction; the check happens at commit.
    return ForeignKey(target, deferrable=True, initially="DEFERRED")


meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
    info={"since": 1},
)

nodes = Table(
    "nodes",
    metadata,
    Column("id", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("grp", Text, nullable=False, default=""),
    Column("tags", Text, nullable=False, default="[]"),
    Column("colour", Text),
    Column("x", Float, nullable=False, default=0.0),
    Column("y", Float, nullable=False, default=0.0),
    Column("pinned", Integer, nullable=False, default=0),
    Column("power", Integer),
    Column("interest", Integer),
    info={"since": 1},
)

relations = Table(
    "relations",
    metadata,
    Column("id", Text, primary_key=True),
    Column("source", Text, _fk("nodes.id"), nullable=False),
    Column("target", Text, _fk("nodes.id"), nullable=False),
    Column("type", Text, nullable=False),
    Column("strength", Integer, nullable=False),
    Column("horizon", Text, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("evidence", Text, nullable=False, default="[]"),
    info={"since": 1},
)
Index("ix_relations_source", relations.c.source)
Index("ix_relations_target", relations.c.target)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("citation", Text, nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    info={"since": 1},
)

evidence_data = Table(
    "evidence_data",
    metadata,
    Column("evidence_id", Text, _fk("evidence.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("category", Text, nullable=False),
    Column("value", Float, nullable=False),
    info={"since": 1},
)

lenses = Table(
    "lenses",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kinds", Text, nullable=False, default="[]"),
    Column("groups", Text, nullable=False, default="[]"),
    Column("tags", Text, nullable=False, default="[]"),
    Column("horizons", Text, nullable=False, default="[]"),
    Column("max_horizon", Text),
    Column("focus", Text, _fk("nodes.id")),
    Column("position", Integer, nullable=False, default=0),
    info={"since": 1},
)

questions = Table(
    "questions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("text", Text, nullable=False),
    Column("position", Integer, nullable=False, default=0),
    info={"since": 1},
)

# Version 2 added the polarity view (two poles of a tension and their
# upsides and downsides); migration 1 -> 2 creates this table.
polarities = Table(
    "polarities",
    metadata,
    Column("id", Text, primary_key=True),
    Column("left_pole", Text, _fk("nodes.id"), nullable=False),
    Column("right_pole", Text, _fk("nodes.id"), nullable=False),
    Column("left_upsides", Text, nullable=False, default="[]"),
    Column("left_downsides", Text, nullable=False, default="[]"),
    Column("right_upsides", Text, nullable=False, default="[]"),
    Column("right_downsides", Text, nullable=False, default="[]"),
    info={"since": 2},
)

# Version 3 added what-if scenarios (drivers fixed at levels, as JSON pairs)
# and snapshots (named, timestamped copies of the map as JSON text).
scenarios = Table(
    "scenarios",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("levels", Text, nullable=False, default="[]"),
    Column("lam", Float, nullable=False, default=1.0),
    Column("position", Integer, nullable=False, default=0),
    info={"since": 3},
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("taken", Text, nullable=False),
    Column("data", Text, nullable=False),
    info={"since": 3},
)

# Version 4 added the room's voice: participants, rating rounds and their
# ratings (migration 3 -> 4 creates these three tables and nothing else).
# Like every other workspace table they are keyed by entity id alone, so a
# shared-server backend can key them by workspace exactly as it keys nodes.
participants = Table(
    "participants",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("grp", Text, nullable=False, default=""),
    Column("anonymous", Integer, nullable=False, default=0),
    info={"since": 4},
)

rating_rounds = Table(
    "rating_rounds",
    metadata,
    Column("id", Text, primary_key=True),
    Column("number", Integer, nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("is_open", Integer, nullable=False, default=1),
    Column("blind", Integer, nullable=False, default=0),
    info={"since": 4},
)

ratings = Table(
    "ratings",
    metadata,
    Column("id", Text, primary_key=True),
    Column("participant_id", Text, _fk("participants.id"), nullable=False),
    Column("round_id", Text, _fk("rating_rounds.id"), nullable=False),
    Column("sign", Integer, nullable=False),
    Column("strength", Integer, nullable=False),
    Column("relation_id", Text, _fk("relations.id")),
    Column("source", Text, _fk("nodes.id")),
    Column("target", Text, _fk("nodes.id")),
    Column("comment", Text, nullable=False, default=""),
    info={"since": 4},
)
Index("ix_ratings_round", ratings.c.round_id)

#: The tables of the room's voice, for the migration that introduces them.
RATING_TABLES = (participants, rating_rounds, ratings)


def tables_for(version: int) -> list[Table]:
    """The tables a file of the given schema version holds, in dependency order."""
    return [t for t in metadata.sorted_tables if t.info["since"] <= version]


def expected_objects(version: int) -> dict[tuple[str, str], set[str] | None]:
    """(type, name) of every schema object a sound file holds, with table columns.

    SQLite adds ``sqlite_autoindex_*`` indexes for text primary keys; they are
    expected too (columns None: indexes are compared by name only).
    """
    found: dict[tuple[str, str], set[str] | None] = {}
    for table in tables_for(version):
        found[("table", table.name)] = {c.name for c in table.columns}
        for index in table.indexes:  # every index of ours is named (the name is how a file is checked)
            found[("index", str(index.name))] = None
        pk = list(table.primary_key.columns)
        if pk and not (len(pk) == 1 and isinstance(pk[0].type, Integer)):
            found[("index", f"sqlite_autoindex_{table.name}_1")] = None
    return found
