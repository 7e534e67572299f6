"""The command line: new, info --json, check, and its exit codes."""

import json
import subprocess
import sys

import pytest

from tensionmap.cli import main
from tensionmap.store import example_path


def test_new_from_example_and_info_json_shows_the_whole_map(tmp_path, capsys):
    target = tmp_path / "x.tmap"
    assert main(["new", str(target), "--example", "micro-credentials"]) == 0
    capsys.readouterr()
    assert main(["info", str(target), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"title", "schema_version", "read_only", "nodes", "relations", "evidence", "questions"} <= set(doc)
    assert doc["read_only"] is False
    assert set(doc["nodes"][0]) >= {"id", "kind", "label", "group", "x", "y"}
    assert set(doc["relations"][0]) >= {"id", "source", "target", "type", "sign", "strength", "horizon"}
    assert set(doc["evidence"][0]) >= {"id", "title", "citation", "data"}
    survey = next(e for e in doc["evidence"] if e["data"])
    assert survey["data"][1] == ["Most of the time", 8.0]
    assert len(doc["questions"]) == 3 and all(isinstance(q, str) for q in doc["questions"])
    signs = {r["type"]: r["sign"] for r in doc["relations"]}
    assert signs["in_tension_with"] == -1 and signs["supports"] == 1


def test_new_empty_with_title(tmp_path, capsys):
    target = tmp_path / "blank.tmap"
    assert main(["new", str(target), "--title", "Blank"]) == 0
    capsys.readouterr()
    assert main(["info", str(target)]) == 0
    assert capsys.readouterr().out.startswith("Blank\n")


def test_new_refuses_to_overwrite_and_bad_names(tmp_path, capsys):
    target = tmp_path / "x.tmap"
    target.write_text("mine")
    assert main(["new", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "mine"
    assert main(["new", str(tmp_path / "x.txt")]) == 1
    assert "must end in .tmap" in capsys.readouterr().err


def test_check_passes_on_the_example(capsys):
    assert main(["check", str(example_path())]) == 0
    assert "ok" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv", [["info"], ["new"], ["check", "a", "b"], ["new", "x.tmap", "--example", "nope"], ["--bogus"]]
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_installed_entry_point_runs_without_traceback(tmp_path):
    bad = tmp_path / "bad.tmap"
    bad.write_text("not a workspace")
    out = subprocess.run(
        [sys.executable, "-m", "tensionmap.cli", "info", str(bad)], capture_output=True, text=True
    )
    assert out.returncode == 1
    assert (
        out.stderr.strip() == "tensionmap: bad.tmap: not a tensionmap workspace (not an SQLite database file)"
    )
