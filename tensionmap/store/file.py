"""WorkspaceFile: a Workspace bound to its SQLite document.

The file is the document (docs/architecture.md, "The workspace file"): ``execute`` applies a command in
memory and writes every entity it touched in one transaction before it
returns, so a crash loses at most the gesture in progress and there is no
separate save. If the write fails, the command is reverted in memory too, so
memory and file never disagree.

A file may be open in two places. The file carries a revision counter (in the
``meta`` table); each command checks it inside its ``BEGIN IMMEDIATE``
transaction, takes another writer's changes first when it moved, and is
refused in one line only when it touches what the other writer changed
(``sync.check_command``). ``refresh`` lets a window follow the other writer
between commands, cheaply told by ``PRAGMA data_version``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, literal_column, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ..model import COLLECTIONS, Change, ModelError, Workspace, WorkspaceInfo
from ..model.entities import NOUNS
from . import codec, schema, sync
from .checks import check_schema, deep_check, hot_journal, quick_check, read_header, sqlite_error
from .committer import Committer
from .connection import fsync_dir, fsync_file, make_engine, sqlite_backup
from .errors import FileInUseError, NewerSchemaError, ReadOnlyError, WorkspaceFileError
from .migrations import create_schema, migrate
from .writer_lock import WriterLock, author

CHUNK = 500  # ids per DELETE ... IN (...), well under SQLite's parameter limit


def _temp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def _discard(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-journal")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


class WorkspaceFile(Committer):
    """An open workspace document. Create with ``create``, ``open`` or ``open_example``."""

    def __init__(
        self, path: Path, engine: Engine, workspace: Workspace, *, read_only: bool, notice: str = ""
    ) -> None:
        self.path = path
        self.engine = engine
        self.workspace = workspace
        self.read_only = read_only
        #: Why the file is read-only, or what happened on opening (migration); for a banner.
        self.notice = notice
        self.schema_version = schema.SCHEMA_VERSION
        #: The file's revision this copy shows, and who wrote it (meta keys).
        self.revision, self.revised_by = read_revision(engine)
        self._lock: WriterLock | None = None
        self._watch: Connection | None = None
        self._watch_engine: Engine | None = None
        self._seen_data_version: int | None = None

    # ------------------------------------------------------------ creating
    @classmethod
    def create(cls, path: Path | str, workspace: Workspace, *, overwrite: bool = False) -> WorkspaceFile:
        """Write ``workspace`` to a new file at ``path`` (bulk inserts, one transaction).

        The file is built under a temporary name and renamed into place, so a
        half-written workspace never appears at ``path``.
        """
        path = Path(path)
        if path.exists() and not overwrite:
            raise WorkspaceFileError(f"{path.name}: already exists")
        if not path.parent.is_dir():
            raise WorkspaceFileError(f"{path.name}: folder {path.parent} does not exist")
        tmp = _temp_beside(path)
        engine = make_engine(tmp, create=True)
        try:
            with engine.begin() as conn:
                create_schema(conn)
                write_all(conn, workspace)
            engine.dispose()
            fsync_file(tmp)
            os.replace(tmp, path)
            fsync_dir(path.parent)
        except (OSError, SQLAlchemyError) as exc:
            engine.dispose()
            _discard(tmp)
            raise WorkspaceFileError(f"{path.name}: cannot be written ({exc})") from None
        wf = cls(path, make_engine(path), workspace, read_only=False)
        lock = WriterLock(path)
        if lock.acquire():
            wf._lock = lock
        return wf

    # ------------------------------------------------------------- opening
    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        allow_newer: bool = True,
        in_use: str = "refuse",
    ) -> WorkspaceFile:
        """Open after the checks of store.checks, in order; raise WorkspaceFileError on the first failure.

        ``read_only=True`` inspects without any write (the CLI's ``info`` and
        ``check``, and shipped examples): an older file is read as it is, not
        migrated. Otherwise an older file is migrated on a copy, the original
        kept beside it as a backup, and a newer one opens read-only.

        ``in_use`` says what to do when another open (another process, or
        another window) holds the file for writing: ``"refuse"`` raises
        FileInUseError naming the holder, ``"read_only"`` opens it read-only
        with a banner, ``"share"`` opens it for writing too (each command is
        still checked against the other writer's revision).
        """
        path = Path(path)
        name = path.name
        header = read_header(path)
        if hot_journal(path) is not None:
            _recover(path)
        ro = make_engine(path, read_only=True)
        try:
            quick_check(ro, name)
            check_schema(ro, name, header.user_version)
            version = header.user_version
            if version > schema.SCHEMA_VERSION:
                if not allow_newer:
                    raise NewerSchemaError(
                        f"{name}: written by a newer tensionmap (schema {version}, this one reads up to "
                        f"{schema.SCHEMA_VERSION})"
                    )
                notice = (
                    f"{name} was written by a newer version of tensionmap (schema {version}); "
                    "it is open read-only and will not be changed."
                )
                wf = cls(path, ro, load(ro, name, version), read_only=True, notice=notice)
                wf.schema_version = version
                return wf
            if read_only:
                wf = cls(path, ro, load(ro, name, version), read_only=True, notice="opened read-only")
                wf.schema_version = version
                return wf
        except BaseException:
            ro.dispose()
            raise
        ro.dispose()
        notice = ""
        lock = WriterLock(path)
        if os.access(path, os.W_OK) and not lock.acquire():
            holder = lock.holder()
            if in_use == "refuse":
                raise FileInUseError(
                    f"{name}: open for writing by {holder}; open it read-only, or anyway "
                    "(each change is then checked against theirs)"
                )
            if in_use == "read_only":
                engine = make_engine(path, read_only=True)
                return cls(
                    path,
                    engine,
                    load(engine, name),
                    read_only=True,
                    notice=f"{name} is open for writing by {holder}; this window is read-only.",
                )
            notice = f"{name} is also open for writing by {holder}; their changes appear here as they save."
            lock = None  # type: ignore[assignment]  # no writer lock when another process writes
        if version < schema.SCHEMA_VERSION:
            backup = _migrate_file(path, version)
            notice = f"Upgraded from schema {version}; the original is kept as {backup.name}."
        if not os.access(path, os.W_OK):
            engine = make_engine(path, read_only=True)
            return cls(
                path, engine, load(engine, name), read_only=True, notice=f"{name} is read-only on disk."
            )
        engine = make_engine(path)
        try:
            workspace = load(engine, name)
        except BaseException:
            engine.dispose()
            if lock is not None:
                lock.release()
            raise
        wf = cls(path, engine, workspace, read_only=False, notice=notice)
        wf._lock = lock
        return wf

    # ------------------------------------------------------------ changing
    def _commit(
        self, forward: Callable[[Workspace], None], back: Callable[[Workspace], None], what: str
    ) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name}: open read-only; use Save As to keep changes elsewhere")
        applied: list[Change] = []
        try:
            with self.engine.begin() as conn:  # BEGIN IMMEDIATE: other writers wait for us
                revision, by = read_revision(conn)
                if revision != self.revision:
                    changes = self._catch_up(conn, revision, by, forward, what)
                else:
                    changes, refusal = sync.touched(self.workspace, forward)
                    if refusal is not None:
                        raise refusal  # the model refused: nothing changed in memory
                if not changes:
                    return
                applied = changes
                self.workspace.touch()
                write_changes(conn, changes, self.workspace.info)
                write_revision(conn, revision + 1, author())
        except (SQLAlchemyError, OSError) as exc:
            if applied:
                back(self.workspace)
            detail = str(getattr(exc, "orig", exc)).splitlines()[0]
            raise WorkspaceFileError(f"{self.path.name}: the change could not be saved ({detail})") from None
        self.revision, self.revised_by = revision + 1, author()

    def _catch_up(
        self, conn: Connection, revision: int, by: str, forward: Callable[[Workspace], None], what: str
    ) -> list[Change]:
        """Another writer committed: take their state, then apply ``forward`` if it still fits."""
        fresh = load_from(conn, self.path.name)
        changed = sync.diff(self.workspace, fresh)
        stale = sync.clone(self.workspace)
        sync.patch(self.workspace, {k: after for k, (_, after) in changed.items()})
        self.revision, self.revised_by = revision, by
        return sync.check_command(
            stale, self.workspace, forward, changed, what=what, who=by or "another window"
        )

    # ------------------------------------------------- following other writers
    def _watching(self) -> Connection:
        if self._watch is None:
            self._watch_engine = make_engine(self.path, read_only=True)
            self._watch = self._watch_engine.connect()
        return self._watch

    def is_stale(self) -> bool:
        """Has another writer committed since this copy was loaded or written? Cheap to poll.

        ``PRAGMA data_version`` changes when any other connection commits
        (our own writes included, as they use another connection); only then
        is the revision read and compared.
        """
        conn = self._watching()
        with conn.begin():
            version = conn.exec_driver_sql("PRAGMA data_version").scalar()
            if version == self._seen_data_version:
                return False
            revision, _ = read_revision(conn)
        if revision == self.revision:  # our own write, or nothing new: remember, stay quiet
            self._seen_data_version = version
            return False
        return True

    def refresh(self) -> list[tuple[sync.Key, object | None, object | None]]:
        """Take another writer's committed changes into the workspace; what changed (may be empty).

        The workspace emits its usual events, so a window follows without
        losing its selection or view.
        """
        if not self.is_stale():
            return []
        conn = self._watching()
        with conn.begin():
            version = conn.exec_driver_sql("PRAGMA data_version").scalar()
            revision, by = read_revision(conn)
            fresh = load_from(conn, self.path.name)
        self._seen_data_version = version
        changed = sync.diff(self.workspace, fresh)
        sync.patch(self.workspace, {k: after for k, (_, after) in changed.items()})
        self.revision, self.revised_by = revision, by
        return [(k, a, b) for k, (a, b) in changed.items()]

    # -------------------------------------------------------------- copies
    def save_copy(self, target: Path | str) -> Path:
        """Copy the document to ``target`` with SQLite's backup API, fsync, atomic rename."""
        target = Path(target)
        if not target.parent.is_dir():
            raise WorkspaceFileError(f"{target.name}: folder {target.parent} does not exist")
        tmp = _temp_beside(target)
        dst = make_engine(tmp, create=True)
        try:
            with self.engine.connect() as src_conn, dst.connect() as dst_conn:
                sqlite_backup(src_conn, dst_conn)
            dst.dispose()
            fsync_file(tmp)
            os.replace(tmp, target)
            fsync_dir(target.parent)
        except (OSError, SQLAlchemyError, DBAPIError) as exc:
            dst.dispose()
            _discard(tmp)
            raise WorkspaceFileError(f"{target.name}: cannot be written ({exc})") from None
        return target

    def save_as(self, target: Path | str) -> None:
        """Copy to ``target`` and carry on editing there (the old file stays as it was)."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            return
        self.save_copy(target)
        self._stop_watching()
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self.path = target
        self.engine = make_engine(target, read_only=self.read_only)
        if not self.read_only:
            lock = WriterLock(target)
            self._lock = lock if lock.acquire() else None

    def check(self) -> None:
        deep_check(self.engine, self.path.name)

    def _stop_watching(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        if self._watch_engine is not None:
            self._watch_engine.dispose()
            self._watch_engine = None
        self._seen_data_version = None

    def close(self) -> None:
        self._stop_watching()
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> WorkspaceFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------- helpers
def check_file(path: Path | str) -> WorkspaceFile:
    """Every open-time check plus integrity_check, foreign_key_check and a full load.

    Opens read-only, so checking never changes the file; returns the opened
    (read-only) file for a summary, raising WorkspaceFileError on a problem.
    """
    wf = WorkspaceFile.open(path, read_only=True)
    try:
        wf.check()
    except BaseException:
        wf.close()
        raise
    return wf


def _recover(path: Path) -> None:
    """Roll back the transaction a crash interrupted, as SQLite does on a write open.

    Only reached after the header says the file is ours: the journal holds
    the pages as they were before the interrupted command, so this returns the
    file to its last committed state.
    """
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchall()
    except DBAPIError as exc:
        raise sqlite_error(path.name, exc) from None
    finally:
        engine.dispose()


def _migrate_file(path: Path, version: int) -> Path:
    """Migrate on a copy; the original is kept, byte for byte, as a backup beside it."""
    backup = path.with_name(f"{path.stem}.schema{version}-backup{path.suffix}")
    n = 2
    while backup.exists():
        backup = path.with_name(f"{path.stem}.schema{version}-backup-{n}{path.suffix}")
        n += 1
    tmp = _temp_beside(path)
    src = make_engine(path, read_only=True)
    dst = make_engine(tmp, create=True)
    try:
        with src.connect() as s, dst.connect() as d:
            sqlite_backup(s, d)
        with dst.begin() as conn:
            migrate(conn, version)
        dst.dispose()
        fsync_file(tmp)
        try:
            os.link(path, backup)  # the original inode itself becomes the backup
        except OSError:
            import shutil

            shutil.copy2(path, backup)
            fsync_file(backup)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except (OSError, SQLAlchemyError, RuntimeError) as exc:
        _discard(tmp)
        raise WorkspaceFileError(
            f"{path.name}: could not be upgraded from schema {version} ({exc})"
        ) from None
    finally:
        src.dispose()
        dst.dispose()
    return backup


def write_all(conn: Connection, ws: Workspace) -> None:
    """Bulk-write a whole workspace with executemany inserts (Core, not ORM adds)."""
    conn.execute(insert(schema.meta), codec.info_rows(ws.info))
    for collection, (table, to_row) in codec.WRITERS.items():
        rows = [to_row(e) for e in ws.collection(collection).values()]
        if rows:
            conn.execute(insert(table), rows)
    data = [r for e in ws.evidence.values() for r in codec.evidence_data_rows(e)]
    if data:
        conn.execute(insert(schema.evidence_data), data)


def write_changes(conn: Connection, changes: list[Change], info: WorkspaceInfo) -> None:
    """Write the final state of every entity a command touched, grouped by table."""
    final: dict[tuple[str, str], object | None] = {}
    for change in changes:
        final[(change.collection, change.key)] = change.after
    for collection, (table, to_row) in codec.WRITERS.items():
        keys = [k for (c, k) in final if c == collection]
        if not keys:
            continue
        gone = [k for k in keys if final[(collection, k)] is None]
        kept = [final[(collection, k)] for k in keys if final[(collection, k)] is not None]
        if collection == "evidence":
            for i in range(0, len(keys), CHUNK):
                part = keys[i : i + CHUNK]
                conn.execute(delete(schema.evidence_data).where(schema.evidence_data.c.evidence_id.in_(part)))
        for i in range(0, len(gone), CHUNK):
            conn.execute(delete(table).where(table.c.id.in_(gone[i : i + CHUNK])))
        if kept:
            stmt = sqlite_insert(table)
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c.id],
                set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name != "id"},
            )
            conn.execute(stmt, [to_row(e) for e in kept])
        if collection == "evidence":
            data = [r for e in kept for r in codec.evidence_data_rows(e)]  # type: ignore[arg-type]  # kept: this collection, so Evidence
            if data:
                conn.execute(insert(schema.evidence_data), data)
    _upsert_meta(conn, codec.info_rows(info))


def _upsert_meta(conn: Connection, rows: list[dict[str, str]]) -> None:
    stmt = sqlite_insert(schema.meta)
    stmt = stmt.on_conflict_do_update(index_elements=[schema.meta.c.key], set_={"value": stmt.excluded.value})
    conn.execute(stmt, rows)


def read_revision(source: Engine | Connection) -> tuple[int, str]:
    """The file's revision counter and who wrote it (0 and "" in files that never changed)."""
    keys = (codec.REVISION, codec.REVISED_BY)
    q = select(schema.meta.c.key, schema.meta.c.value).where(schema.meta.c.key.in_(keys))
    if isinstance(source, Engine):
        with source.connect() as conn:
            found = {k: v for k, v in conn.execute(q)}
    else:
        found = {k: v for k, v in source.execute(q)}
    try:
        revision = int(found.get(codec.REVISION, "0"))
    except ValueError:
        revision = 0
    return revision, found.get(codec.REVISED_BY, "")


def write_revision(conn: Connection, revision: int, by: str) -> None:
    _upsert_meta(
        conn, [{"key": codec.REVISION, "value": str(revision)}, {"key": codec.REVISED_BY, "value": by}]
    )


def load(engine: Engine, name: str, version: int = schema.SCHEMA_VERSION) -> Workspace:
    """Read a file into a new Workspace, validating every row through the model."""
    with engine.connect() as conn:
        return load_from(conn, name, version)


def load_from(conn: Connection, name: str, version: int = schema.SCHEMA_VERSION) -> Workspace:
    """``load`` on an open connection (inside a command's transaction, for a consistent view)."""
    present = {t.name for t in schema.tables_for(min(version, schema.SCHEMA_VERSION))}
    what = "workspace"
    try:
        meta = {k: v for k, v in conn.execute(select(schema.meta.c.key, schema.meta.c.value))}
        ws = Workspace(title=meta.get("title") or "Untitled", description=meta.get("description", ""))
        ws.restore_info(
            WorkspaceInfo(
                title=ws.title,
                description=ws.description,
                created=meta.get("created", ""),
                modified=meta.get("modified", ""),
            )
        )
        data: dict[str, list[tuple[str, float]]] = {}
        q = select(schema.evidence_data).order_by(
            schema.evidence_data.c.evidence_id, schema.evidence_data.c.row
        )
        for row in conn.execute(q).mappings():
            data.setdefault(row["evidence_id"], []).append((row["category"], row["value"]))
        readers = {
            **codec.READERS,
            "evidence": (schema.evidence, lambda row: codec.evidence_from(row, data.get(row["id"], []))),
        }
        for collection in COLLECTIONS:  # dependency order: a reference is loaded after its target
            table, from_row = readers[collection]
            if table.name not in present:  # an older file, from before the table existed
                continue
            what = NOUNS[collection]
            for row in conn.execute(select(table).order_by(literal_column("rowid"))).mappings():
                what = f"{NOUNS[collection]} {row['id']!r}"
                ws.add(collection, from_row(row))
    except DBAPIError as exc:
        raise sqlite_error(name, exc) from None
    except (ModelError, ValueError, TypeError, KeyError) as exc:
        raise WorkspaceFileError(f"{name}: invalid {what} ({exc})") from None
    return ws
