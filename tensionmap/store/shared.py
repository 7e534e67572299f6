"""SharedWorkspace: a Workspace bound to one workspace on a PostgreSQL server.

The same interface as WorkspaceFile (``workspace``, ``read_only``,
``notice``, ``execute``, ``undo``, ``refresh``, ``close``) and the same rule
(docs/shared.md): each command is one transaction that locks the workspace's
revision row (``SELECT ... FOR UPDATE``: writers of one workspace take turns,
other workspaces are not held up), catches up from the journal when someone
else committed since, and is refused in one line only when it touches what
they changed (``sync.check_command``). The commit writes the rows, bumps the
revision, appends a journal row and NOTIFYs the new revision.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, func, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from ..model import Change, Workspace
from . import journal_codec, shared_rows, sync
from .committer import Committer
from .errors import ReadOnlyError
from .listener import RevisionListener, channel_for
from .server_connect import ServerError, connect_kwargs, db_error, label, make_engine, redact
from .server_schema import SERVER_SCHEMA_VERSION, TABLES, installed_version, journal, too_old, workspaces
from .writer_lock import author


@dataclass(frozen=True)
class JournalEntry:
    """One revision of a shared workspace, for the History dock."""

    revision: int
    author: str
    role: str
    at: datetime
    summary: str
    changes: int


def _fold(rows) -> tuple[dict[sync.Key, object | None], dict[sync.Key, str], int]:
    """Journal rows in order -> final value and last author per entity, last revision."""
    after: dict[sync.Key, object | None] = {}
    who: dict[sync.Key, str] = {}
    last = 0
    for row in rows:
        items = row.changes if not isinstance(row.changes, str) else json.loads(row.changes)
        for key, value in journal_codec.decode(items).items():
            after[key] = value
            who[key] = row.author
        last = row.revision
    return after, who, last


class SharedWorkspace(Committer):
    """An open shared workspace. Use ``open`` (or ``shared_admin.publish``)."""

    def __init__(self, url: str, name: str, engine: Engine, ws_id: int, password: str | None = None) -> None:
        self.url = url
        self.name = name
        self.engine = engine
        self.ws_id = ws_id
        self._password = password
        self.workspace = Workspace()
        self.revision = 0
        self.revised_by = ""
        self.schema_version = SERVER_SCHEMA_VERSION
        self._read_only_reason = ""
        self.notice = ""
        self.listener: RevisionListener | None = None
        #: The revision the last execute/undo wrote, or None (refused, or nothing to change).
        self.last_written: int | None = None

    # ------------------------------------------------------------- opening
    @classmethod
    def open(
        cls,
        url: str,
        name: str,
        *,
        read_only: bool = False,
        listen: bool = False,
        password: str | None = None,
        wake: Callable[[], None] | None = None,
    ) -> SharedWorkspace:
        """Load workspace ``name``; read-only for a newer server schema or a SELECT-only role."""
        engine = make_engine(url, password)
        try:
            with engine.connect() as conn:
                # One snapshot for the revision and every row: a commit in between cannot tear the load.
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
                version = installed_version(conn)
                if version is None:
                    raise ServerError(
                        f"{redact(url)}: no tensionmap workspaces here (run `tensionmap server init`)"
                    )
                if version < SERVER_SCHEMA_VERSION:  # it lacks tables this release reads
                    raise ServerError(too_old(version, redact(url)))
                ws_id = conn.execute(select(workspaces.c.id).where(workspaces.c.name == name)).scalar()
                if ws_id is None:
                    raise ServerError(f"{redact(url)}: no workspace named {name!r}")
                sw = cls(url, name, engine, ws_id, password)
                sw.schema_version = version
                sw._load(conn)
                if version > SERVER_SCHEMA_VERSION:
                    sw._read_only_reason = (
                        f"{label(url)} uses a newer tensionmap server schema ({version}); "
                        "this workspace is open read-only."
                    )
                elif read_only:
                    sw._read_only_reason = "opened read-only"
                elif not _can_write(conn):
                    sw._read_only_reason = (
                        f"Your database role may only read {name!r} on {label(url)}; it is open read-only."
                    )
        except SQLAlchemyError as exc:
            engine.dispose()
            raise db_error(url, exc) from None
        except BaseException:
            engine.dispose()
            raise
        sw.notice = sw._read_only_reason
        if listen:
            sw.listener = RevisionListener(sw._connect_kwargs(), ws_id, wake).start()
        return sw

    def _connect_kwargs(self) -> dict:
        kwargs = connect_kwargs(self.engine)
        if self._password is not None:
            kwargs["password"] = self._password
        return kwargs

    def _load(self, conn: Connection) -> None:
        row = conn.execute(select(workspaces.c.revision).where(workspaces.c.id == self.ws_id)).one()
        self.workspace = shared_rows.load(conn, self.ws_id)
        self.revision = int(row.revision)

    # ----------------------------------------------------------- describing
    @property
    def path(self) -> str:
        """What titles and messages call this workspace: server/db#name."""
        return f"{label(self.url)}#{self.name}"

    @property
    def display_name(self) -> str:
        """For the window title: the workspace and the server it lives on."""
        return f"{self.name} on {label(self.url)}"

    @property
    def connected(self) -> bool:
        return self.listener is None or self.listener.connected

    @property
    def read_only(self) -> bool:
        return bool(self._read_only_reason) or not self.connected

    @property
    def banner(self) -> str:
        if self._read_only_reason:
            return self._read_only_reason
        if not self.connected:
            return f"Connection to {label(self.url)} lost; the map is read-only until it is back."
        return ""

    # ------------------------------------------------------------ changing
    def _commit(
        self, forward: Callable[[Workspace], None], back: Callable[[Workspace], None], what: str
    ) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: {self.banner or 'open read-only'}")
        applied: list[Change] = []
        me = author()
        self.last_written = None
        try:
            with self.engine.begin() as conn:
                # Taking the next revision locks the workspace row: writers of one workspace
                # take turns (others are not held up), and a refusal rolls the number back.
                new = conn.execute(
                    update(workspaces)
                    .where(workspaces.c.id == self.ws_id)
                    .values(revision=workspaces.c.revision + 1)
                    .returning(workspaces.c.revision)
                ).scalar_one()
                if new - 1 != self.revision:
                    after, who, _ = _fold(self._journal_since(conn, self.revision))
                    changed = {k: (self._value(k), v) for k, v in after.items() if self._value(k) != v}
                    stale = sync.clone(self.workspace)
                    sync.patch(self.workspace, {k: v for k, (_, v) in changed.items()})
                    self.revision = new - 1
                    changes = sync.check_command(stale, self.workspace, forward, changed, what=what, who=who)
                else:
                    changes, refusal = sync.touched(self.workspace, forward)
                    if refusal is not None:
                        raise refusal
                if not changes:
                    conn.rollback()  # nothing to write: give the revision number back
                    return
                applied = changes
                self.workspace.touch()
                final = journal_codec.final_values(changes)
                shared_rows.write_final(conn, self.ws_id, final, self.workspace.info)
                conn.execute(
                    text(
                        "WITH j AS (INSERT INTO tensionmap.journal "
                        "(workspace, revision, author, summary, changes) "
                        "VALUES (:ws, :rev, :author, :summary, CAST(:changes AS jsonb))) "
                        "SELECT pg_notify(:channel, :payload)"
                    ),
                    {
                        "ws": self.ws_id,
                        "rev": new,
                        "author": me,
                        "summary": what,
                        "changes": json.dumps(journal_codec.encode(final), ensure_ascii=False),
                        "channel": channel_for(self.ws_id),
                        "payload": str(new),
                    },
                )
        except SQLAlchemyError as exc:
            if applied:
                back(self.workspace)
            raise db_error(self.url, exc) from None
        self.revision, self.revised_by = new, me
        self.last_written = new

    def _value(self, key: sync.Key) -> object | None:
        if key == sync.INFO:
            return self.workspace.info
        return self.workspace.collection(key[0]).get(key[1])

    def _journal_since(self, conn: Connection, revision: int):
        q = (
            select(journal.c.revision, journal.c.author, journal.c.changes)
            .where(journal.c.workspace == self.ws_id, journal.c.revision > revision)
            .order_by(journal.c.revision)
        )
        return conn.execute(q).all()

    # ------------------------------------------------- following the others
    def is_stale(self) -> bool:
        """Has the listener heard of a revision this copy does not show yet? (No query.)"""
        return self.listener is not None and self.listener.latest > self.revision

    def refresh(self) -> list[tuple[sync.Key, object | None, object | None]]:
        """Take in every revision committed since, from the journal; what changed.

        With a listener this queries only when it heard news; without one
        (the CLI, tests) it always asks the server.
        """
        if self.listener is not None and not self.is_stale():
            return []
        try:
            with self.engine.connect() as conn:
                rows = self._journal_since(conn, self.revision)
        except SQLAlchemyError as exc:
            raise db_error(self.url, exc) from None
        if not rows:
            return []
        after, who, last = _fold(rows)
        changed = [(k, self._value(k), v) for k, v in after.items() if self._value(k) != v]
        sync.patch(self.workspace, {k: v for k, _, v in changed})
        self.revision = last
        self.revised_by = rows[-1].author
        return changed

    def history(self, limit: int = 200) -> list[JournalEntry]:
        """The newest ``limit`` journal rows, newest first: who, when, what."""
        q = (
            select(
                journal.c.revision,
                journal.c.author,
                journal.c.role,
                journal.c.at,
                journal.c.summary,
                func.jsonb_array_length(journal.c.changes).label("n"),
            )
            .where(journal.c.workspace == self.ws_id)
            .order_by(journal.c.revision.desc())
            .limit(limit)
        )
        try:
            with self.engine.connect() as conn:
                return [
                    JournalEntry(r.revision, r.author, r.role, r.at, r.summary, r.n) for r in conn.execute(q)
                ]
        except SQLAlchemyError as exc:
            raise db_error(self.url, exc) from None

    def save_copy(self, target) -> None:
        """Write the map as it is now into a new .tmap file (the shared workspace stays open)."""
        from .file import WorkspaceFile

        WorkspaceFile.create(target, self.workspace, overwrite=True).close()

    save_as = save_copy  # a shared map stays on its server; Save As keeps a file copy

    def close(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
        self.engine.dispose()

    def __enter__(self) -> SharedWorkspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _can_write(conn: Connection) -> bool:
    """Does the current role hold every privilege a command uses? (One query, parameterised.)"""
    needed = [("workspaces", "UPDATE"), ("journal", "INSERT")]
    needed += [(t, p) for t in TABLES for p in ("INSERT", "UPDATE", "DELETE")]
    checks = " AND ".join(f"has_table_privilege(current_user, :t{i}, :p{i})" for i in range(len(needed)))
    params: dict[str, str] = {}
    for i, (table, privilege) in enumerate(needed):
        params[f"t{i}"], params[f"p{i}"] = f"tensionmap.{table}", privilege
    return bool(conn.execute(text(f"SELECT {checks}"), params).scalar())
