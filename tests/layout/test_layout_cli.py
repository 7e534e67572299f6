"""`tensionmap layout`: default poles, --metrics and --incremental from the command line."""

import json

import pytest

from tensionmap.cli import main
from tensionmap.model import Node, Relation, Workspace
from tensionmap.store import WorkspaceFile

KEYS = {
    "crossings",
    "edges_through_nodes",
    "node_overlaps",
    "opposing_supportive_ratio",
    "camp_separation",
    "fill",
    "seconds",
}


@pytest.fixture
def example(tmp_path, capsys):
    path = tmp_path / "x.tmap"
    assert main(["new", str(path), "--example", "micro-credentials"]) == 0
    capsys.readouterr()
    return path


@pytest.mark.parametrize("engine", ["signed", "layered", "polarity"])
def test_metrics_after_laying_out(example, capsys, engine):
    assert main(["layout", str(example), "--engine", engine, "--metrics"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert set(metrics) >= KEYS
    assert metrics["node_overlaps"] == 0
    assert metrics["seconds"] >= 0
    if engine == "signed":
        assert metrics["opposing_supportive_ratio"] >= 2.0
        assert metrics["camp_separation"] >= 0.95
        assert metrics["crossings"] <= 8  # the force layout drew 24-27 here


def test_polarity_without_opposed_drivers_asks_for_poles(tmp_path, capsys):
    ws = Workspace("flat")
    ws.add_node(Node(id="a", kind="driver", label="A"))
    ws.add_node(Node(id="b", kind="driver", label="B"))
    ws.add_relation(Relation(id="r", source="a", target="b", type="supports", strength=3))
    path = tmp_path / "flat.tmap"
    WorkspaceFile.create(path, ws).close()
    assert main(["layout", str(path), "--engine", "polarity"]) == 1
    assert "--poles" in capsys.readouterr().err


def test_incremental_keeps_the_map_and_is_signed_only(example, capsys):
    assert main(["layout", str(example)]) == 0
    before = {k: (n.x, n.y) for k, n in WorkspaceFile.open(example, read_only=True).workspace.nodes.items()}
    assert main(["layout", str(example), "--incremental"]) == 0
    after = {k: (n.x, n.y) for k, n in WorkspaceFile.open(example, read_only=True).workspace.nodes.items()}
    moves = sorted(abs(after[k][0] - x) + abs(after[k][1] - y) for k, (x, y) in before.items())
    assert moves[len(moves) // 2] < 20.0
    assert main(["layout", str(example), "--engine", "layered", "--incremental"]) == 1
    assert "signed engine only" in capsys.readouterr().err
