"""Reading and writing one workspace's rows on the server (the codec's rows plus a workspace key)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ..model import Workspace, WorkspaceInfo
from . import codec
from .server_schema import TABLES
from .sync import INFO, ORDER, Key

CHUNK = 1000


def write_all(conn: Connection, ws_id: int, ws: Workspace) -> None:
    """Every row of ``ws`` under workspace ``ws_id`` (bulk executemany inserts)."""
    conn.execute(insert(TABLES["meta"]), [{**r, "workspace": ws_id} for r in codec.info_rows(ws.info)])
    for collection in ORDER:
        table, to_row = codec.WRITERS[collection][0].name, codec.WRITERS[collection][1]
        rows = [{**to_row(e), "workspace": ws_id} for e in ws.collection(collection).values()]
        if rows:
            conn.execute(insert(TABLES[table]), rows)
        if collection == "evidence":
            data = [
                {**r, "workspace": ws_id} for e in ws.evidence.values() for r in codec.evidence_data_rows(e)
            ]
            if data:
                conn.execute(insert(TABLES["evidence_data"]), data)


def write_final(
    conn: Connection, ws_id: int, final: Mapping[Key, object | None], info: WorkspaceInfo
) -> None:
    """Bring the rows of the entities a command touched to their final values."""
    for collection in ORDER:
        keys = [k for (c, k) in final if c == collection]
        if not keys:
            continue
        table = TABLES[codec.WRITERS[collection][0].name]
        to_row = codec.WRITERS[collection][1]
        gone = [k for k in keys if final[(collection, k)] is None]
        kept = [final[(collection, k)] for k in keys if final[(collection, k)] is not None]
        if collection == "evidence":
            data_table = TABLES["evidence_data"]
            for i in range(0, len(keys), CHUNK):
                conn.execute(
                    delete(data_table).where(
                        data_table.c.workspace == ws_id, data_table.c.evidence_id.in_(keys[i : i + CHUNK])
                    )
                )
        for i in range(0, len(gone), CHUNK):
            conn.execute(delete(table).where(table.c.workspace == ws_id, table.c.id.in_(gone[i : i + CHUNK])))
        if kept:
            stmt = pg_insert(table)
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c.workspace, table.c.id],
                set_={
                    c.name: stmt.excluded[c.name]
                    for c in table.columns
                    if c.name not in ("id", "workspace", "seq")
                },
            )
            conn.execute(stmt, [{**to_row(e), "workspace": ws_id} for e in kept])
        if collection == "evidence":
            data = [{**r, "workspace": ws_id} for e in kept for r in codec.evidence_data_rows(e)]  # type: ignore[arg-type]
            if data:
                conn.execute(insert(TABLES["evidence_data"]), data)
    meta = TABLES["meta"]
    rows = codec.info_rows(info)
    if INFO not in final:  # only the time of the change moved
        rows = [r for r in rows if r["key"] == "modified"]
    stmt = pg_insert(meta)
    stmt = stmt.on_conflict_do_update(
        index_elements=[meta.c.workspace, meta.c.key], set_={"value": stmt.excluded.value}
    )
    conn.execute(stmt, [{**r, "workspace": ws_id} for r in rows])


def load(conn: Connection, ws_id: int) -> Workspace:
    """The workspace ``ws_id`` as a new Workspace, each row validated by the model."""

    def rows(name: str):
        table = TABLES[name]
        return conn.execute(select(table).where(table.c.workspace == ws_id).order_by(table.c.seq)).mappings()

    meta = {r["key"]: r["value"] for r in rows("meta")}
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
    for r in sorted(rows("evidence_data"), key=lambda r: (r["evidence_id"], r["row"])):
        data.setdefault(r["evidence_id"], []).append((r["category"], r["value"]))
    for collection in ORDER:
        for r in rows(codec.WRITERS[collection][0].name):
            if collection == "evidence":
                ws.add(collection, codec.evidence_from(r, data.get(r["id"], [])))
            else:
                ws.add(collection, codec.READERS[collection][1](r))
    return ws
