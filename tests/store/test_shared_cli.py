"""The command line on a shared server: init, list, publish, fetch, and URL#NAME everywhere."""

from __future__ import annotations

import json

import pytest

from tensionmap.cli import main
from tensionmap.store import WorkspaceFile
from tensionmap.store.shared import SharedWorkspace
from tests.builders import small_map


@pytest.fixture
def office(pg_url, tmp_path, capsys):
    path = tmp_path / "office.tmap"
    WorkspaceFile.create(path, small_map()).close()
    assert main(["server", "init", pg_url]) == 0
    assert main(["publish", str(path), pg_url, "--name", "office"]) == 0
    capsys.readouterr()
    return pg_url


def test_server_init_list_publish_fetch(office, tmp_path, capsys):
    assert main(["server", "init", office]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["server", "list", office]) == 0
    assert capsys.readouterr().out.startswith("office\trevision 0")
    out = tmp_path / "down.tmap"
    assert main(["fetch", office, "office", str(out)]) == 0
    assert main(["check", str(out)]) == 0
    with WorkspaceFile.open(out, read_only=True) as wf:
        assert wf.workspace.same_content(small_map()) or len(wf.workspace.nodes) == 4
    capsys.readouterr()
    assert main(["fetch", office, "nowhere", str(tmp_path / "x.tmap")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no workspace named 'nowhere'" in err


def test_reading_subcommands_accept_url_hash_name(office, tmp_path, capsys):
    target = f"{office}#office"
    assert main(["info", target, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["nodes"]) == 4
    assert main(["analyze", target]) == 0
    assert main(["export", target, str(tmp_path / "m.json")]) == 0
    assert json.loads((tmp_path / "m.json").read_text())["nodes"]
    assert main(["report", target, str(tmp_path / "r.html")]) == 0
    assert "<html" in (tmp_path / "r.html").read_text().lower()


def test_layout_and_import_into_a_shared_workspace_are_one_revision_each(office, tmp_path, capsys):
    target = f"{office}#office"
    assert main(["layout", target, "--engine", "signed"]) == 0
    assert main(["export", target, str(tmp_path / "m.json")]) == 0
    (tmp_path / "more.edges").write_text("Extra Other 1\n")
    assert main(["import", str(tmp_path / "more.edges"), "--into", target]) == 0, capsys.readouterr().err
    with SharedWorkspace.open(office, "office") as sw:
        assert sw.revision == 2
        assert [h.summary for h in sw.history()] == ["Import more.edges", "Layout (signed)"]
        assert "Extra" in {n.label for n in sw.workspace.nodes.values()}


def test_a_read_only_role_cannot_write_through_the_cli(office, pg_cluster, tmp_path, capsys):
    db = office.rsplit("/", 1)[1]
    pg_cluster.psql(
        "CREATE ROLE cli_reader LOGIN; GRANT USAGE ON SCHEMA tensionmap TO cli_reader; "
        "GRANT SELECT ON ALL TABLES IN SCHEMA tensionmap TO cli_reader",
        db=db,
    )
    reader = pg_cluster.url(user="cli_reader", db=db)
    edges = tmp_path / "more.edges"
    edges.write_text("Nine Ten 1\n")
    for argv in (
        ["import", str(edges), "--into", f"{reader}#office"],
        ["layout", f"{reader}#office"],
        ["publish", str(tmp_path / "office.tmap"), reader, "--name", "mine"],
    ):
        capsys.readouterr()
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        refusal = [line for line in err.splitlines() if line.startswith("tensionmap:")]
        assert len(refusal) == 1 and "Traceback" not in err, err  # import's own report may come first
    assert main(["info", f"{reader}#office"]) == 0  # reading is fine
    with SharedWorkspace.open(office, "office") as sw:
        assert sw.revision == 0 and len(sw.workspace.nodes) == 4
