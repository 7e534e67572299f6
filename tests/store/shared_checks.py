"""Checks the shared-server tests share: the server is consistent, the journal replays to it."""

from __future__ import annotations

from sqlalchemy import select

from tensionmap.model import Workspace
from tensionmap.store import journal_codec, sync
from tensionmap.store.server_connect import make_engine
from tensionmap.store.server_schema import journal, workspaces
from tensionmap.store.shared import SharedWorkspace


def journal_rows(url: str, name: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            ws_id = conn.execute(select(workspaces.c.id).where(workspaces.c.name == name)).scalar_one()
            q = select(journal).where(journal.c.workspace == ws_id).order_by(journal.c.revision)
            return conn.execute(q).all()
    finally:
        engine.dispose()


def assert_consistent(url: str, name: str, start: Workspace) -> Workspace:
    """Load validates every row (and PostgreSQL held the foreign keys); the journal has one row
    per revision, 1..revision, and replaying it on the published map gives the stored map."""
    with SharedWorkspace.open(url, name, read_only=True) as sw:
        stored, revision = sw.workspace, sw.revision
    rows = journal_rows(url, name)
    assert [r.revision for r in rows] == list(range(1, revision + 1))
    replay = sync.clone(start)
    for row in rows:
        sync.patch(replay, journal_codec.decode(row.changes))
    assert replay.same_content(stored), "journal does not replay to the stored map"
    return stored
