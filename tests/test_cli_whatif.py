"""The command line for scenarios, snapshots and diffs."""

from __future__ import annotations

import json

import pytest

from tensionmap.cli import main


@pytest.fixture
def ws_path(tmp_path, capsys):
    target = tmp_path / "x.tmap"
    assert main(["new", str(target), "--example", "micro-credentials"]) == 0
    capsys.readouterr()
    return target


def run_json(capsys, *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_whatif_json_shape_and_the_example_story(ws_path, capsys) -> None:
    doc = run_json(capsys, "whatif", str(ws_path), "--set", "Scalability=1", "--json")
    assert set(doc) >= {"drivers", "stakeholders", "converged", "steps", "lambda"}
    assert doc["converged"] is True and doc["lambda"] == 1.0
    assert all(set(d) >= {"id", "label", "level"} for d in doc["drivers"])
    gains = {s["label"]: s["gain"] for s in doc["stakeholders"]}
    levels = {d["label"]: d["level"] for d in doc["drivers"]}
    assert levels["Scalability"] == 1.0 and levels["Specificity"] < -0.9
    assert gains["Universities and colleges"] > 1.0
    assert gains["Employers and industry"] < -1.0
    assert gains["Small and medium enterprises"] < 0


def test_whatif_monte_carlo_adds_bands(ws_path, capsys) -> None:
    doc = run_json(capsys, "whatif", str(ws_path), "--set", "Scalability=1", "--runs", "200", "--json")
    assert doc["runs"] == 200
    uni = next(s for s in doc["stakeholders"] if s["label"] == "Universities and colleges")
    assert uni["low"] <= uni["median"] <= uni["high"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--set", "Nobody=1"], "no driver called 'Nobody'"),
        (["--set", "Scalability=2"], "levels run from -1 to 1"),
        (["--set", "Scalability"], "write DRIVER=LEVEL"),
        (["--set", "Scalability=high"], "not a number"),
        (["--set", "Universities and colleges=1"], "stakeholder"),
        (["--set", "Scalability=1", "--lambda", "-1"], "lambda"),
        ([], "at least one --set"),
    ],
)
def test_whatif_bad_input_is_one_line_exit_1(ws_path, capsys, argv, message) -> None:
    before = ws_path.read_bytes()
    assert main(["whatif", str(ws_path), *argv]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert ws_path.read_bytes() == before


def test_saved_scenarios_list_and_run(ws_path, capsys) -> None:
    assert main(["whatif", str(ws_path), "--set", "Scalability=1", "--save", "Push scale"]) == 0
    capsys.readouterr()
    assert main(["scenario", "list", str(ws_path)]) == 0
    assert "Push scale: Scalability=1" in capsys.readouterr().out
    doc = run_json(capsys, "scenario", "run", "push scale", str(ws_path), "--json")
    direct = run_json(capsys, "whatif", str(ws_path), "--set", "Scalability=1", "--json")
    assert doc == direct
    assert main(["scenario", "run", "Missing", str(ws_path)]) == 1
    assert "no scenario called 'Missing'" in capsys.readouterr().err


def test_snapshot_then_diff_then_restore(ws_path, tmp_path, capsys) -> None:
    assert main(["snapshot", str(ws_path), "before"]) == 0
    assert main(["snapshot", str(ws_path), "before"]) == 1  # names are unique
    capsys.readouterr()
    from tensionmap import commands as c
    from tensionmap.store import WorkspaceFile

    with WorkspaceFile.open(ws_path) as wf:
        ws = wf.workspace
        ids = {n.label: n.id for n in ws.nodes.values()}
        rel = next(
            r
            for r in ws.relations.values()
            if r.source == ids["Employers and industry"] and r.target == ids["Scalability"]
        )
        wf.execute(c.update_relation(rel.id, type="supports"))
        wf.execute(c.remove_node(ids["Operational focus"]))
    doc = run_json(capsys, "diff", f"{ws_path}@before", str(ws_path), "--json")
    assert [n["label"] for n in doc["nodes"]["removed"]] == ["Operational focus"]
    assert len(doc["relations"]["removed"]) == 2
    assert [(f["source_label"], f["before"], f["after"]) for f in doc["relations"]["sign_flips"]] == [
        ("Employers and industry", -1, 1)
    ]
    assert doc["nodes"]["added"] == [] and doc["relations"]["added"] == []
    assert main(["snapshot", str(ws_path), "before", "--restore"]) == 0
    capsys.readouterr()
    assert main(["diff", f"{ws_path}@before", str(ws_path)]) == 0
    assert capsys.readouterr().out.strip() == "no differences"


def test_diff_across_unrelated_files_matches_labels(ws_path, tmp_path, capsys) -> None:
    exported = tmp_path / "x.graphml"
    assert main(["export", str(ws_path), str(exported)]) == 0
    capsys.readouterr()
    doc = run_json(capsys, "diff", str(ws_path), str(exported), "--json")
    assert doc["nodes"]["added"] == [] and doc["nodes"]["removed"] == []


def test_diff_names_a_missing_snapshot(ws_path, capsys) -> None:
    assert main(["diff", f"{ws_path}@nope", str(ws_path)]) == 1
    assert "no snapshot called 'nope'" in capsys.readouterr().err
