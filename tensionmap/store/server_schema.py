"""The tables of a shared workspace server (PostgreSQL), derived from the file's tables.

The workspace tables are the file's own (``schema.py``), each given a
``workspace`` key column in front of its primary key and of every foreign
key, and a ``seq`` identity that keeps insertion order as SQLite's rowid
does. So a column added to the file schema appears on the server too. Then
three tables only a server has: ``workspaces`` (name and revision counter),
``journal`` (one row per revision: author, time, command, changed rows as
JSON) and ``schema_version``. SQLite's pragmas and application id stay with
the file backend; the server has its own version and migrations.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from . import schema

#: The PostgreSQL schema (namespace) holding every tensionmap table.
NAMESPACE = "tensionmap"
#: The server schema version this release writes.
SERVER_SCHEMA_VERSION = 2
#: server schema version -> the file schema version whose tables it holds. Version 1 was
#: derived from file schema 2; version 2 adds the tables of file schemas 3 and 4 (scenarios,
#: snapshots, and the room's voice: participants, rating rounds, ratings). A release that
#: adds a file table bumps SERVER_SCHEMA_VERSION too (a test holds the two together).
FILE_SCHEMA_OF = {1: 2, 2: 4}

metadata = MetaData(schema=NAMESPACE)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

workspaces = Table(
    "workspaces",
    metadata,
    Column("id", Integer, Identity(), primary_key=True),
    Column("name", Text, nullable=False),
    Column("revision", BigInteger, nullable=False, default=0),
    Column("created", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("name", name="uq_workspaces_name"),
)

journal = Table(
    "journal",
    metadata,
    Column("workspace", Integer, ForeignKey(workspaces.c.id, ondelete="CASCADE"), primary_key=True),
    Column("revision", BigInteger, primary_key=True),
    Column("author", Text, nullable=False),
    Column("role", Text, nullable=False, server_default=text("current_user")),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("summary", Text, nullable=False),
    Column("changes", JSONB, nullable=False),
)


def _keyed(table: Table) -> Table:
    """The file table ``table`` with a workspace key in front of its keys."""
    columns = [Column("workspace", Integer, ForeignKey(workspaces.c.id, ondelete="CASCADE"), nullable=False)]
    fks = []
    for col in table.columns:
        copy = Column(col.name, col.type, nullable=col.nullable, default=col.default)
        columns.append(copy)
        for fk in col.foreign_keys:
            target = fk.target_fullname.split(".")[0]
            fks.append(
                ForeignKeyConstraint(
                    ["workspace", col.name],
                    [f"{NAMESPACE}.{target}.workspace", f"{NAMESPACE}.{target}.id"],
                    deferrable=True,
                    initially="DEFERRED",
                    name=f"fk_{table.name}_{col.name}",
                )
            )
    columns.append(Column("seq", BigInteger, Identity(), nullable=False))
    pk = PrimaryKeyConstraint("workspace", *[c.name for c in table.primary_key.columns])
    return Table(table.name, metadata, *columns, pk, *fks)


#: file table name -> its server twin; every table of the current file schema.
TABLES: dict[str, Table] = {t.name: _keyed(t) for t in schema.tables_for(schema.SCHEMA_VERSION)}


def create_all(conn: Connection) -> None:
    """Create the namespace and every table, and record the schema version."""
    conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {NAMESPACE}")
    metadata.create_all(conn)
    conn.execute(schema_version.insert().values(version=SERVER_SCHEMA_VERSION))


def installed_version(conn: Connection) -> int | None:
    """The server's schema version, or None when tensionmap was never set up there."""
    exists = conn.exec_driver_sql(
        "SELECT to_regclass(%(name)s)", {"name": f"{NAMESPACE}.schema_version"}
    ).scalar()
    if exists is None:
        return None
    return conn.execute(select(func.max(schema_version.c.version))).scalar()


def _add_workspace_tables(conn: Connection) -> None:
    """Create every workspace table the server lacks (a server migration only ever adds).

    ``checkfirst`` makes the step safe on a server whose version row is
    older than its tables (one set up by a build between two releases).
    """
    for table in TABLES.values():
        table.create(conn, checkfirst=True)


#: from-version -> step (inside the one transaction of ``server init``).
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _add_workspace_tables}


def too_old(version: int, where: str) -> str:
    """The one line for a server whose schema this release cannot use until ``server init``."""
    return (
        f"{where}: server schema {version} is older than this tensionmap ({SERVER_SCHEMA_VERSION}); "
        "run `tensionmap server init` to upgrade it"
    )


def migrate(conn: Connection, from_version: int) -> int:
    """Run each step up to SERVER_SCHEMA_VERSION; returns the new version."""
    version = from_version
    while version < SERVER_SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise RuntimeError(f"no server migration from schema version {version}")
        step(conn)
        version += 1
        conn.execute(schema_version.insert().values(version=version))
    return version
