"""SQLAlchemy engines for workspace files, with the connection settings of docs/architecture.md.

Every connection gets the same pragmas from a ``connect`` event, so no code
path can open a workspace with different durability or safety settings.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool

PRAGMAS_RW = (
    "PRAGMA journal_mode=DELETE",  # a document is one file: no -wal beside it
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA trusted_schema=OFF",
    "PRAGMA cell_size_check=ON",
    "PRAGMA mmap_size=0",
)
# A read-only connection cannot change the journal mode; the rest still apply.
PRAGMAS_RO = tuple(p for p in PRAGMAS_RW if "journal_mode" not in p)


def make_engine(path: Path, *, read_only: bool = False, create: bool = False) -> Engine:
    """An engine on one workspace file. Read-only engines open with ``mode=ro``
    so that even a bug cannot write to a file we were asked only to inspect;
    only ``create=True`` may bring a new file into being."""
    mode = "ro" if read_only else ("rwc" if create else "rw")
    uri = f"file:{quote(str(Path(path).resolve()))}?mode={mode}"
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False),
        poolclass=NullPool if read_only else None,
    )
    pragmas = PRAGMAS_RO if read_only else PRAGMAS_RW

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        cur = dbapi_conn.cursor()
        for pragma in pragmas:
            cur.execute(pragma)
        cur.close()

    # pysqlite's own transaction handling is off (isolation_level=None);
    # SQLAlchemy's begin() then issues a real BEGIN so a command is atomic.
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if not read_only else "BEGIN")

    return engine


def sqlite_backup(source: Connection, target: Connection) -> None:
    """Copy one open database into another with SQLite's online backup API."""
    src, dst = source.connection.driver_connection, target.connection.driver_connection
    if not (isinstance(src, sqlite3.Connection) and isinstance(dst, sqlite3.Connection)):
        raise TypeError("the backup API needs two SQLite connections")
    src.backup(dst)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename durable: fsync the directory that holds it (POSIX only)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
