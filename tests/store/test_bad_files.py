"""Every kind of bad file is refused with one clear line, exit code 1, and left untouched."""

import sqlite3
from pathlib import Path

import pytest

from tensionmap.cli import main
from tensionmap.store import NewerSchemaError, ReadOnlyError, WorkspaceFile, WorkspaceFileError
from tensionmap.store.connection import make_engine
from tensionmap.store.migrations import create_schema
from tensionmap.store.schema import APPLICATION_ID, SCHEMA_VERSION
from tests.builders import small_map, stakeholder


def good_file(tmp_path: Path, name: str = "map.tmap") -> Path:
    path = tmp_path / name
    WorkspaceFile.create(path, small_map()).close()
    return path


def tamper(path: Path, *sql: str) -> None:
    con = sqlite3.connect(path)
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()


def not_sqlite(tmp_path):
    p = tmp_path / "notes.tmap"
    p.write_text("just some text, long enough to fill a header " * 5)
    return p, "not an SQLite database file"


def empty(tmp_path):
    p = tmp_path / "empty.tmap"
    p.write_bytes(b"")
    return p, "not an SQLite database file"


def foreign_sqlite(tmp_path):
    p = tmp_path / "other.tmap"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE t (x)")
    con.execute("PRAGMA application_id=1234")
    con.commit()
    con.close()
    return p, "application id 1234"


def damaged(tmp_path):
    p = good_file(tmp_path)
    data = bytearray(p.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 3 + 8 : page * 3 + 200] = b"\xab" * 192
    p.write_bytes(bytes(data))
    return p, "damaged"


def truncated(tmp_path):
    p = good_file(tmp_path)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 3])
    return p, "damaged"


def with_trigger(tmp_path):
    p = good_file(tmp_path)
    tamper(p, "CREATE TRIGGER sneaky AFTER INSERT ON nodes BEGIN DELETE FROM relations; END")
    return p, "unexpected trigger 'sneaky'"


def with_view(tmp_path):
    p = good_file(tmp_path)
    tamper(p, "CREATE VIEW v AS SELECT * FROM nodes")
    return p, "unexpected view 'v'"


def with_extra_table(tmp_path):
    p = good_file(tmp_path)
    tamper(p, "CREATE TABLE extra (x)")
    return p, "unexpected table 'extra'"


def with_missing_table(tmp_path):
    p = good_file(tmp_path)
    tamper(p, "DROP TABLE questions")
    return p, "lacks table 'questions'"


def with_bad_value(tmp_path):
    p = good_file(tmp_path)
    tamper(p, "UPDATE relations SET strength = 9 WHERE rowid = 1")
    return p, "invalid relation"


def with_broken_reference(tmp_path):
    p = good_file(tmp_path)
    tamper(p, "PRAGMA foreign_keys=OFF", "UPDATE relations SET target = 'gone' WHERE rowid = 1")
    return p, "invalid relation"


CASES = [
    not_sqlite,
    empty,
    foreign_sqlite,
    damaged,
    truncated,
    with_trigger,
    with_view,
    with_extra_table,
    with_missing_table,
    with_bad_value,
    with_broken_reference,
]


@pytest.mark.parametrize("make", CASES, ids=[f.__name__ for f in CASES])
@pytest.mark.parametrize("command", ["info", "check"])
def test_bad_file_is_refused_by_the_cli(tmp_path, capsys, make, command):
    path, expected = make(tmp_path)
    before = path.read_bytes()
    assert main([command, str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert path.name in err and expected in err
    assert "Traceback" not in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("make", CASES, ids=[f.__name__ for f in CASES])
def test_bad_file_is_refused_by_open_for_editing(tmp_path, make):
    path, expected = make(tmp_path)
    before = path.read_bytes()
    with pytest.raises(WorkspaceFileError, match=expected):
        WorkspaceFile.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_missing_file_and_folder(tmp_path, capsys):
    assert main(["info", str(tmp_path / "nope.tmap")]) == 1
    assert "nope.tmap: no such file" in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def make_newer(tmp_path):
    p = good_file(tmp_path, "newer.tmap")
    tamper(p, f"PRAGMA user_version={SCHEMA_VERSION + 1}", "CREATE TABLE future_things (x)")
    return p


def test_newer_schema_opens_read_only_and_is_never_modified(tmp_path):
    path = make_newer(tmp_path)
    before = path.read_bytes()
    wf = WorkspaceFile.open(path)
    assert wf.read_only and "newer version" in wf.notice
    assert len(wf.workspace.nodes) == 4
    with pytest.raises(ReadOnlyError):
        from tensionmap import commands as c

        wf.execute(c.add_node(stakeholder("x")))
    wf.close()
    assert path.read_bytes() == before


def test_newer_schema_can_be_refused(tmp_path):
    path = make_newer(tmp_path)
    with pytest.raises(NewerSchemaError, match="newer tensionmap"):
        WorkspaceFile.open(path, allow_newer=False)


def test_newer_schema_info_reports_read_only(tmp_path, capsys):
    import json

    path = make_newer(tmp_path)
    assert main(["info", "--json", str(path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["read_only"] is True and doc["schema_version"] == SCHEMA_VERSION + 1


def make_v1(tmp_path) -> Path:
    """A file as release 1 wrote it: schema version 1 (no polarities table)."""
    path = tmp_path / "old.tmap"
    engine = make_engine(path, create=True)
    from tensionmap.store.file import write_all

    ws = small_map()
    with engine.begin() as conn:
        create_schema(conn, version=1)
        from tensionmap.store import codec, schema

        conn.execute(schema.meta.insert(), codec.info_rows(ws.info))
        for coll in ("nodes", "evidence", "relations", "questions"):
            table, to_row = codec.WRITERS[coll]
            conn.execute(table.insert(), [to_row(e) for e in ws.collection(coll).values()])
        data = [r for e in ws.evidence.values() for r in codec.evidence_data_rows(e)]
        conn.execute(schema.evidence_data.insert(), data)
    engine.dispose()
    assert write_all  # the current writer is not used for old files
    return path


def test_older_schema_is_migrated_on_a_copy_keeping_the_original(tmp_path):
    path = make_v1(tmp_path)
    original = path.read_bytes()
    wf = WorkspaceFile.open(path)
    assert not wf.read_only
    assert "Upgraded from schema 1" in wf.notice
    backup = tmp_path / "old.schema1-backup.tmap"
    assert backup.read_bytes() == original
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    con.close()
    assert len(wf.workspace.nodes) == 4 and len(wf.workspace.relations) == 3
    assert wf.workspace.polarities == {}
    wf.close()
    assert main(["check", str(path)]) == 0


def test_inspecting_an_older_file_does_not_migrate_it(tmp_path, capsys):
    path = make_v1(tmp_path)
    original = path.read_bytes()
    assert main(["info", str(path)]) == 0
    assert main(["check", str(path)]) == 0
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.tmap"]
