"""Passwords: libpq finds them (PGPASSWORD, ~/.pgpass) or a prompt asks; tensionmap stores none."""

from __future__ import annotations

import pytest

from tensionmap.cli import main
from tensionmap.store.server_connect import ServerError
from tensionmap.store.shared import SharedWorkspace
from tensionmap.store.shared_admin import init_server, publish
from tests.builders import small_map


@pytest.fixture
def guarded(pg_url, pg_cluster):
    init_server(pg_url)
    publish(small_map(), pg_url, "locked").close()
    db = pg_url.rsplit("/", 1)[1]
    pg_cluster.require_password(f"pw_{db}", "s3cret")
    pg_cluster.psql(
        f"GRANT USAGE ON SCHEMA tensionmap TO pw_{db}; "
        f"GRANT SELECT ON ALL TABLES IN SCHEMA tensionmap TO pw_{db}",
        db=db,
    )
    return pg_cluster.url(user=f"pw_{db}", db=db)


def test_without_a_password_the_refusal_is_one_line(guarded, monkeypatch, capsys):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    with pytest.raises(ServerError, match="password"):
        SharedWorkspace.open(guarded, "locked")
    assert main(["info", f"{guarded}#locked"]) == 1  # no terminal: no prompt, one line
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "password" in err


def test_libpq_finds_the_password_in_pgpassword_or_pgpass(guarded, monkeypatch, tmp_path):
    monkeypatch.setenv("PGPASSWORD", "s3cret")
    with SharedWorkspace.open(guarded, "locked") as sw:
        assert len(sw.workspace.nodes) == 4
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("127.0.0.1:*:*:*:s3cret\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    with SharedWorkspace.open(guarded, "locked") as sw:
        assert len(sw.workspace.nodes) == 4


def test_a_typed_password_is_kept_in_memory_only(guarded, monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    monkeypatch.setenv("HOME", str(tmp_path))
    with SharedWorkspace.open(guarded, "locked", password="s3cret", listen=True) as sw:
        assert sw.listener.wait_connected()  # the listener's own connection got it too
        assert len(sw.workspace.nodes) == 4
    assert not any("s3cret" in p.read_text(errors="ignore") for p in tmp_path.rglob("*") if p.is_file())
