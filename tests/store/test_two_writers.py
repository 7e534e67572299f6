"""One .tmap file open for writing in two places (DESIGN 6): no silent loss, no resurrection.

The measured case of the issue: two processes open one file; B removes a
node with its three relations; A then renames that node. Before, A's write
put the node back without its relations and nobody was told. Now A's command
is refused in one line naming what changed and by whom, A's copy shows the
file as B left it, and ``check`` passes.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tensionmap import commands as c
from tensionmap.cli import main
from tensionmap.model import Workspace
from tensionmap.store import ConflictError, FileInUseError, WorkspaceFile
from tests.builders import driver, relation, small_map, stakeholder

ROOT = Path(__file__).resolve().parents[2]


def hub_map() -> tuple[Workspace, str]:
    """small_map plus a third relation on 'Scalability', which then has three."""
    ws = small_map()
    nodes = {n.label: n for n in ws.nodes.values()}
    ws.add_relation(relation(nodes["Employer"], nodes["Scalability"], "opposes", strength=2))
    hub = nodes["Scalability"].id
    assert len(ws.relations_of(hub)) == 3
    return ws, hub


class Child:
    """The other window: tests/store/writer_child.py in its own process."""

    def __init__(self, path: Path, author: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.store.writer_child", str(path)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), "TENSIONMAP_AUTHOR": author},
        )
        self.opening = self.proc.stdout.readline().strip()
        assert self.proc.stdout.readline().strip() == "ready"

    def ask(self, line: str) -> str:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.ask("quit")
        self.proc.wait(timeout=10)


@pytest.fixture
def shared_file(tmp_path):
    ws, hub = hub_map()
    path = tmp_path / "office.tmap"
    WorkspaceFile.create(path, ws).close()
    return path, hub


def test_rename_of_a_node_the_other_process_removed_is_refused(shared_file, monkeypatch):
    path, hub = shared_file
    monkeypatch.setenv("TENSIONMAP_AUTHOR", "planner-a")
    a = WorkspaceFile.open(path)
    b = Child(path, "planner-b")
    try:
        # B was told that A holds the file, and chose to open it anyway.
        assert b.opening.startswith("in use: office.tmap: open for writing by planner-a")
        assert b.ask(f"remove {hub}").startswith("ok ")
        with pytest.raises(ConflictError) as refused:
            a.execute(c.update_node(hub, label="Renamed"))
        message = str(refused.value)
        assert "\n" not in message
        assert "Rename not done" in message and "'Scalability'" in message
        assert "deleted by planner-b" in message
        # A's copy now shows the file as B left it: no node, none of its relations.
        assert hub not in a.workspace.nodes
        assert not a.workspace.relations_of(hub)
        with WorkspaceFile.open(path, read_only=True) as on_disk:
            assert hub not in on_disk.workspace.nodes
            assert len(on_disk.workspace.relations) == len(a.workspace.relations) == 1
            assert on_disk.workspace.same_content(a.workspace)
        # A keeps working; B's other edits are kept and A's land on top of them.
        other = next(n for n in a.workspace.nodes.values() if n.label == "University")
        a.execute(c.update_node(other.id, label="University of X"))
        assert b.ask("refresh").startswith("refreshed 1 ")
    finally:
        b.close()
        a.close()
    assert main(["check", str(path)]) == 0
    with WorkspaceFile.open(path, read_only=True) as final:
        assert hub not in final.workspace.nodes
        assert "University of X" in {n.label for n in final.workspace.nodes.values()}


def test_commands_on_untouched_entities_apply_on_top_silently(shared_file, monkeypatch):
    path, hub = shared_file
    a = WorkspaceFile.open(path)
    b = Child(path, "planner-b")
    try:
        emp = next(n for n in a.workspace.nodes.values() if n.label == "Employer")
        assert b.ask(f"rename {emp.id} Employers' council").startswith("ok ")
        a.execute(c.update_node(hub, label="Scale"))  # nothing B did touches this node
        assert a.workspace.nodes[emp.id].label == "Employers' council"  # B's change came in
        assert a.revision == 2
    finally:
        b.close()
        a.close()
    with WorkspaceFile.open(path, read_only=True) as final:
        labels = {n.label for n in final.workspace.nodes.values()}
        assert {"Scale", "Employers' council"} <= labels


def test_opening_a_file_held_for_writing_says_so_and_offers_read_only(shared_file):
    path, _ = shared_file
    b = Child(path, "planner-b")
    try:
        assert b.opening == "free"
        with pytest.raises(
            FileInUseError, match=r"office\.tmap: open for writing by planner-b \(process \d+\)"
        ):
            WorkspaceFile.open(path)
        with WorkspaceFile.open(path, in_use="read_only") as ro:
            assert ro.read_only and "planner-b" in ro.notice
    finally:
        b.close()
    # Once B has closed it, the file opens for writing without a word.
    with WorkspaceFile.open(path) as wf:
        assert not wf.read_only and wf.notice == ""


def test_the_same_relation_edited_in_two_windows_one_wins(tmp_path, monkeypatch):
    ws = Workspace("Two windows")
    x, y = stakeholder("X"), driver("Y")
    ws.add_node(x)
    ws.add_node(y)
    rel = relation(x, y, strength=1)
    ws.add_relation(rel)
    path = tmp_path / "two.tmap"
    WorkspaceFile.create(path, ws).close()
    monkeypatch.setenv("TENSIONMAP_AUTHOR", "first")
    one = WorkspaceFile.open(path)
    two = WorkspaceFile.open(path, in_use="share")
    try:
        one.execute(c.update_relation(rel.id, strength=4))
        monkeypatch.setenv("TENSIONMAP_AUTHOR", "second")
        with pytest.raises(ConflictError, match=r"relation 'X → Y' was changed by first"):
            two.execute(c.update_relation(rel.id, strength=2))
        assert two.workspace.relations[rel.id].strength == 4  # sees the winner's value
        assert not two.is_stale()
        # One window follows the other between commands (the UI polls this).
        edit = c.update_node(x.id, label="X2")
        two.execute(edit)
        assert one.is_stale() and one.is_stale()  # asking twice does not lose the news
        assert [k for k, _, _ in one.refresh()] == [("nodes", x.id)]
        assert not one.is_stale() and one.refresh() == []
        assert one.workspace.nodes[x.id].label == "X2"
        monkeypatch.setenv("TENSIONMAP_AUTHOR", "first")  # one process, two authors: say who writes
        one.execute(c.update_node(x.id, label="X3"))
        monkeypatch.setenv("TENSIONMAP_AUTHOR", "second")
        # Undo of a command whose entity the other window changed since is refused.
        with pytest.raises(ConflictError, match=r"Undo Rename not done: node 'X3' was changed by first"):
            two.undo(edit)
        assert two.workspace.nodes[x.id].label == "X3"
        # An undo that still fits applies as a new revision.
        move = c.update_node(y.id, label="Y2")
        two.execute(move)
        two.undo(move)
        assert two.workspace.nodes[y.id].label == "Y"
    finally:
        one.close()
        two.close()
    assert main(["check", str(path)]) == 0
