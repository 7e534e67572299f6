"""Schema migrations: each step takes a file from version N to N + 1.

Migrations only ever run on a copy (see ``WorkspaceFile.open``): the
original is kept beside it as a backup, so a failed or unwanted migration
loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from . import schema


def _v1_to_v2(conn: Connection) -> None:
    """Version 2 introduced the polarity view's table."""
    schema.polarities.create(conn)


def _v2_to_v3(conn: Connection) -> None:
    """Version 3 introduced what-if scenarios and snapshots."""
    schema.scenarios.create(conn)
    schema.snapshots.create(conn)


def add_rating_tables(conn: Connection) -> None:
    """Version 4 introduced the room's voice: participants, rounds, ratings (only these tables).

    Self-contained so that it can be renumbered without touching anything else
    (it was written as 3 -> 4 after the scenarios claimed version 3).
    """
    for table in schema.RATING_TABLES:
        table.create(conn)


#: from-version -> step. A step runs inside the migration's one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: add_rating_tables}


def create_schema(conn: Connection, version: int = schema.SCHEMA_VERSION) -> None:
    """Create the tables of ``version`` (past versions too, for tests and migrations)."""
    for table in schema.tables_for(version):
        table.create(conn)
    set_version(conn, version)
    conn.exec_driver_sql(f"PRAGMA application_id={schema.APPLICATION_ID}")


def set_version(conn: Connection, version: int) -> None:
    conn.exec_driver_sql(f"PRAGMA user_version={int(version)}")


def migrate(conn: Connection, from_version: int) -> None:
    """Run every step from ``from_version`` up to the current schema version."""
    version = from_version
    while version < schema.SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise RuntimeError(f"no migration from schema version {version}")
        step(conn)
        version += 1
    set_version(conn, version)
