"""Setting up a server and moving maps between files and server.

``init_server`` creates or migrates the schema; ``list_workspaces`` says
what a server holds; ``publish`` copies a workspace up under a new name and
``fetch_to_file`` copies one down into a new ``.tmap`` file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..model import Workspace
from . import shared_rows
from .file import WorkspaceFile
from .server_connect import ServerError, db_error, make_engine, redact
from .server_schema import (
    SERVER_SCHEMA_VERSION,
    create_all,
    installed_version,
    journal,
    migrate,
    too_old,
    workspaces,
)
from .shared import SharedWorkspace

MAX_NAME = 200


@dataclass(frozen=True)
class WorkspaceSummary:
    name: str
    revision: int
    changed: datetime | None
    changed_by: str


def init_server(url: str, password: str | None = None) -> str:
    """Create the tensionmap schema, or migrate an older one; a line saying what was done."""
    engine = make_engine(url, password)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(1414353232)")  # "TMAP": one init at a time
            version = installed_version(conn)
            if version is None:
                create_all(conn)
                return f"{redact(url)}: created tensionmap schema version {SERVER_SCHEMA_VERSION}"
            if version > SERVER_SCHEMA_VERSION:
                raise ServerError(
                    f"{redact(url)}: server schema {version} is newer than this tensionmap "
                    f"({SERVER_SCHEMA_VERSION}); not changed"
                )
            if version == SERVER_SCHEMA_VERSION:
                return f"{redact(url)}: tensionmap schema version {version} is up to date"
            migrate(conn, version)
            return (
                f"{redact(url)}: migrated tensionmap schema from version {version} to {SERVER_SCHEMA_VERSION}"
            )
    except SQLAlchemyError as exc:
        raise db_error(url, exc) from None
    finally:
        engine.dispose()


def list_workspaces(url: str, password: str | None = None) -> list[WorkspaceSummary]:
    engine = make_engine(url, password)
    try:
        with engine.connect() as conn:
            if installed_version(conn) is None:
                raise ServerError(
                    f"{redact(url)}: no tensionmap workspaces here (run `tensionmap server init`)"
                )
            last = (
                select(journal.c.workspace, func.max(journal.c.revision).label("rev"))
                .group_by(journal.c.workspace)
                .subquery()
            )
            q = (
                select(workspaces.c.name, workspaces.c.revision, journal.c.at, journal.c.author)
                .select_from(workspaces)
                .outerjoin(last, last.c.workspace == workspaces.c.id)
                .outerjoin(
                    journal, (journal.c.workspace == last.c.workspace) & (journal.c.revision == last.c.rev)
                )
                .order_by(workspaces.c.name)
            )
            return [WorkspaceSummary(r.name, r.revision, r.at, r.author or "") for r in conn.execute(q)]
    except SQLAlchemyError as exc:
        raise db_error(url, exc) from None
    finally:
        engine.dispose()


def check_name(name: str) -> str:
    """A workspace name: any text (stored as a parameter, never as SQL), one line, not empty."""
    if not name.strip():
        raise ServerError("a workspace name must not be empty")
    if len(name) > MAX_NAME or "\n" in name or "\x00" in name:
        raise ServerError(f"workspace name {name[:40]!r}…: one line of at most {MAX_NAME} characters")
    return name


def publish(ws: Workspace, url: str, name: str, password: str | None = None) -> SharedWorkspace:
    """Copy ``ws`` to the server as a new workspace ``name`` (one transaction); open it there."""
    check_name(name)
    engine = make_engine(url, password)
    try:
        with engine.begin() as conn:
            version = installed_version(conn)
            if version is None:
                raise ServerError(f"{redact(url)}: no tensionmap schema here (run `tensionmap server init`)")
            if version < SERVER_SCHEMA_VERSION:
                raise ServerError(too_old(version, redact(url)))
            ws_id = conn.execute(
                insert(workspaces).values(name=name, revision=0).returning(workspaces.c.id)
            ).scalar_one()
            shared_rows.write_all(conn, ws_id, ws)
    except IntegrityError:
        raise ServerError(f"{redact(url)}: a workspace named {name!r} already exists") from None
    except SQLAlchemyError as exc:
        raise db_error(url, exc) from None
    finally:
        engine.dispose()
    return SharedWorkspace.open(url, name, password=password)


def publish_file(path: Path | str, url: str, name: str, password: str | None = None) -> SharedWorkspace:
    with WorkspaceFile.open(path, read_only=True) as wf:
        return publish(wf.workspace, url, name, password)


def fetch_to_file(url: str, name: str, target: Path | str, password: str | None = None) -> Path:
    """Copy shared workspace ``name`` into a new file ``target`` (never over an existing one)."""
    with SharedWorkspace.open(url, name, read_only=True, password=password) as sw:
        WorkspaceFile.create(target, sw.workspace).close()
    return Path(target)
