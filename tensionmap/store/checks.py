"""Open-time checks of a workspace file, in the order docs/architecture.md gives.

The first two read the 100-byte SQLite header straight from disk, so a file
that is not ours is refused before any SQLite connection could touch it. The
rest run on a read-only connection. Each failure is a WorkspaceFileError with
one line naming the file and the problem.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from .errors import WorkspaceFileError
from .schema import APPLICATION_ID, SCHEMA_VERSION, expected_objects

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Header:
    application_id: int
    user_version: int


def read_header(path: Path) -> Header:
    """Checks 1 and 2: the file is SQLite, and it is a tensionmap workspace."""
    name = path.name
    if not path.exists():
        raise WorkspaceFileError(f"{name}: no such file")
    if path.is_dir():
        raise WorkspaceFileError(f"{name}: is a folder, not a workspace file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise WorkspaceFileError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise WorkspaceFileError(f"{name}: not a tensionmap workspace (not an SQLite database file)")
    user_version, application_id = struct.unpack(">i4xi", head[60:72])
    if application_id != APPLICATION_ID:
        raise WorkspaceFileError(
            f"{name}: not a tensionmap workspace (SQLite file with application id {application_id})"
        )
    if user_version < 1:
        raise WorkspaceFileError(f"{name}: workspace file has no schema version")
    return Header(application_id=application_id, user_version=user_version)


def hot_journal(path: Path) -> Path | None:
    """The rollback journal a crash left beside the file, if any."""
    journal = path.with_name(path.name + "-journal")
    return journal if journal.exists() and journal.stat().st_size > 0 else None


def sqlite_error(name: str, exc: BaseException) -> WorkspaceFileError:
    detail = str(getattr(exc, "orig", exc)).splitlines()[0] if str(exc) else type(exc).__name__
    return WorkspaceFileError(f"{name}: damaged SQLite file ({detail})")


def quick_check(engine: Engine, name: str) -> None:
    """Check 3: SQLite's own structural check of every page."""
    try:
        with engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except DBAPIError as exc:
        raise sqlite_error(name, exc) from None
    if rows != ["ok"]:
        first = " ".join(str(rows[0]).split())[:200] if rows else "no answer"
        raise WorkspaceFileError(f"{name}: damaged workspace file (quick_check: {first})")


def check_schema(engine: Engine, name: str, version: int) -> None:
    """Check 4: exactly the tables and indexes of this version, no triggers or views.

    A file from a newer release may hold more (it is opened read-only), but it
    must still hold everything we read, and never triggers or views, which
    could run code or disguise data.
    """
    newer = version > SCHEMA_VERSION
    expected = expected_objects(min(version, SCHEMA_VERSION))
    try:
        with engine.connect() as conn:
            objects = conn.exec_driver_sql("SELECT type, name FROM sqlite_master").fetchall()
            found: set[tuple[str, str]] = set()
            for kind, obj_name in objects:
                if kind not in ("table", "index"):
                    raise WorkspaceFileError(f"{name}: unexpected {kind} {obj_name!r} in workspace file")
                if (kind, obj_name) not in expected and not newer:
                    raise WorkspaceFileError(f"{name}: unexpected {kind} {obj_name!r} in workspace file")
                found.add((kind, obj_name))
            for (kind, obj_name), columns in expected.items():
                if (kind, obj_name) not in found:
                    raise WorkspaceFileError(f"{name}: workspace file lacks {kind} {obj_name!r}")
                if columns is None:
                    continue
                have = {r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{obj_name}")').fetchall()}
                if have != columns and not (newer and have >= columns):
                    raise WorkspaceFileError(f"{name}: table {obj_name!r} has unexpected columns")
    except DBAPIError as exc:
        raise sqlite_error(name, exc) from None


def deep_check(engine: Engine, name: str) -> None:
    """The extra checks of ``tensionmap check``: full integrity and foreign keys."""
    try:
        with engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                first = " ".join(str(rows[0]).split())[:200] if rows else "no answer"
                raise WorkspaceFileError(f"{name}: damaged workspace file (integrity_check: {first})")
            bad = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
            if bad:
                table, rowid, parent = bad[0][0], bad[0][1], bad[0][2]
                raise WorkspaceFileError(
                    f"{name}: {len(bad)} broken reference(s), first in table {table!r} "
                    f"row {rowid} (missing {parent})"
                )
    except DBAPIError as exc:
        raise sqlite_error(name, exc) from None
