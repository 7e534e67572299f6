"""Layouts off the UI thread: progress, cancel, one undoable MoveNodes, and the glide into place."""

from __future__ import annotations

import dataclasses
import threading
import time

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from tensionmap.commands import MoveNodes
from tensionmap.examples import micro_credentials
from tensionmap.layout.base import report
from tensionmap.render import MapScene
from tensionmap.ui.layout_runner import (
    LayoutRunner,
    animate_positions,
    animate_then_push,
    default_progress_dialog,
    engine_text,
    layout_command,
    progress_fraction,
    scene_sizes,
)
from tests.builders import small_map


def fake_engine(steps: int = 20, calls: list | None = None):
    """Moves every node (pinned too: the runner must leave those out) to a grid."""

    def run(ws, engine, *, seed=0, poles=None, sizes=None, progress=None, **options):
        if calls is not None:
            calls.append((threading.current_thread(), engine, seed, sizes))
        for i in range(steps):
            report(progress, (i + 1) / steps)
        return {key: (100.0 * i, 50.0 * (i % 3)) for i, key in enumerate(sorted(ws.nodes))}

    return run


def endless_engine(started: threading.Event):
    """Works until cancelled, as the real engines do: its progress report raises once Cancel is pressed."""

    def run(ws, engine, *, progress=None, **kwargs):
        started.set()
        deadline = time.monotonic() + 10  # a guard: the test fails, rather than hangs, if cancel never lands
        while time.monotonic() < deadline:
            report(progress, 0.5)
        return {}

    return run


def test_progress_fraction_reads_common_shapes() -> None:
    assert progress_fraction(0.25) == 0.25
    assert progress_fraction(3, 4) == 0.75
    assert progress_fraction(50) == 0.5
    assert progress_fraction() is None
    assert engine_text("signed") == "Layout (signed)"
    assert engine_text("polarity") == "Layout (polarity axis)"


def test_layout_runs_in_a_thread_reports_progress_and_gives_one_command(qtbot) -> None:
    ws = small_map()
    pinned = next(n for n in ws.nodes.values() if n.label == "Employer")
    ws.replace("nodes", dataclasses.replace(pinned, pinned=True))
    before = {k: (n.x, n.y) for k, n in ws.nodes.items()}
    calls: list = []
    runner = LayoutRunner(layout=fake_engine(calls=calls), progress_factory=default_progress_dialog)
    progress: list[float] = []
    runner.progressed.connect(progress.append)
    sizes = {k: (80.0, 30.0) for k in ws.nodes}
    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        assert runner.start(ws, "signed", seed=7, sizes=sizes)
        assert runner.running
        assert not runner.start(ws, "signed")  # one at a time
    command = blocker.args[0]
    assert not runner.running
    assert calls[0][0] is not threading.main_thread()
    assert calls[0][1:] == ("signed", 7, sizes)
    assert progress and progress[-1] == 1.0 and progress == sorted(progress)
    assert isinstance(command, MoveNodes)
    assert command.text == "Layout (signed)"
    assert pinned.id not in command.positions
    assert {k: (n.x, n.y) for k, n in ws.nodes.items()} == before  # nothing moved yet
    command.apply(ws)
    for key, xy in command.positions.items():
        assert (ws.node(key).x, ws.node(key).y) == xy
    assert (ws.node(pinned.id).x, ws.node(pinned.id).y) == before[pinned.id]
    command.revert(ws)
    assert {k: (n.x, n.y) for k, n in ws.nodes.items()} == before
    assert runner.dialog is None
    assert runner.wait(2000)


def test_cancel_from_the_progress_dialog(qtbot) -> None:
    ws = small_map()
    started = threading.Event()

    def quick_dialog(parent, title, label, total):
        dialog = default_progress_dialog(parent, title, label, total)
        dialog.setMinimumDuration(0)
        dialog.show()
        return dialog

    runner = LayoutRunner(layout=endless_engine(started), progress_factory=quick_dialog)
    finished: list = []
    runner.finished.connect(finished.append)
    runner.start(ws, "signed")
    dialog = runner.dialog
    qtbot.waitUntil(started.is_set, timeout=3000)
    qtbot.waitExposed(dialog)
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text().replace("&", "") == "Cancel"
    t0 = time.monotonic()
    with qtbot.waitSignal(runner.cancelled, timeout=3000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not runner.running and runner.dialog is None
    assert runner.wait(3000)
    assert time.monotonic() - t0 < 3  # the engine stopped at its next progress report
    QApplication.processEvents()  # the thread's last (queued) signal is delivered, and dropped
    assert finished == []


def test_cancel_without_a_dialog_and_failures(qtbot) -> None:
    ws = small_map()
    started = threading.Event()
    runner = LayoutRunner(layout=endless_engine(started), progress_factory=None)
    runner.start(ws, "layered")
    qtbot.waitUntil(started.is_set, timeout=3000)
    with qtbot.waitSignal(runner.cancelled, timeout=3000):
        runner.cancel()
    assert runner.wait(3000)

    def broken(*args, **kwargs):
        raise ValueError("no poles chosen")

    failing = LayoutRunner(layout=broken, progress_factory=None)
    with qtbot.waitSignal(failing.failed, timeout=3000) as blocker:
        failing.start(ws, "polarity")
    assert "no poles chosen" in blocker.args[0]


def test_layout_command_skips_pinned_deleted_and_unmoved_nodes() -> None:
    ws = small_map()
    nodes = list(ws.nodes.values())
    ws.replace("nodes", dataclasses.replace(nodes[0], pinned=True))
    positions = {
        nodes[0].id: (500.0, 500.0),  # pinned
        nodes[1].id: (nodes[1].x, nodes[1].y),  # already there
        nodes[2].id: (float("nan"), 1.0),  # not a position
        nodes[3].id: (10.0, 20.0),
        "gone": (1.0, 1.0),
    }
    command = layout_command(ws, positions, "Layout (signed)")
    assert command is not None and command.positions == {nodes[3].id: (10.0, 20.0)}
    assert layout_command(ws, {nodes[0].id: (1.0, 1.0)}) is None


def test_animation_ends_on_the_targets_then_pushes_one_step(qtbot) -> None:
    ws = micro_credentials.build()
    scene = MapScene(ws)
    before = {k: (n.x, n.y) for k, n in ws.nodes.items()}
    targets = {k: (x + 120.0, y - 60.0) for k, (x, y) in before.items()}
    command = MoveNodes(targets, text="Layout (signed)")
    pushed: list = []

    def push(cmd):
        pushed.append(cmd)
        cmd.apply(ws)

    animation = animate_then_push(command, scene.node_items, push, duration_ms=400)
    assert animation is not None
    # the model changes only when the glide is over: every frame before the last sees it as it was
    frames: list[bool] = []
    animation.valueChanged.connect(
        lambda value: frames.append(
            value < 1.0 and not pushed and {k: (n.x, n.y) for k, n in ws.nodes.items()} == before
        )
    )
    qtbot.waitUntil(lambda: bool(pushed), timeout=3000)
    assert frames[:-1] and all(frames[:-1])
    assert pushed == [command]
    for key, item in scene.node_items.items():
        assert (item.pos().x(), item.pos().y()) == targets[key]
        assert (ws.node(key).x, ws.node(key).y) == targets[key]
    # the edges followed the nodes
    rel = next(iter(scene.relation_items.values()))
    src = scene.node_items[rel.relation.source]
    assert (
        src.shape()
        .translated(src.pos())
        .boundingRect()
        .adjusted(-2, -2, 2, 2)
        .contains(QPointF(rel.segment[0], rel.segment[1]))
    )
    command.revert(ws)
    for key, item in scene.node_items.items():
        assert (item.pos().x(), item.pos().y()) == before[key]


def test_animate_positions_moves_smoothly_and_reports_once(qtbot) -> None:
    ws = small_map()
    scene = MapScene(ws)
    key = next(iter(scene.node_items))
    item = scene.node_items[key]
    start = QPointF(item.pos())
    target = start + QPointF(300.0, 0.0)
    seen: list[float] = []
    done: list[bool] = []
    animation = animate_positions(
        {key: item},
        {key: target},
        150,
        on_finished=lambda: done.append(True),
        on_step=lambda ids: seen.append(item.pos().x()),
    )
    assert animation is not None
    qtbot.waitUntil(lambda: bool(done), timeout=3000)
    assert done == [True]
    assert item.pos() == target
    assert len(seen) > 2 and seen == sorted(seen)
    assert any(start.x() < x < target.x() for x in seen)  # intermediate frames
    # nothing to animate: finishes at once
    again: list[bool] = []
    assert animate_positions({}, {key: target}, on_finished=lambda: again.append(True)) is None
    assert again == [True]


def test_real_engine_moves_the_map_in_one_step(qtbot) -> None:
    ws = micro_credentials.build()
    before = {key: (n.x, n.y) for key, n in ws.nodes.items()}
    runner = LayoutRunner(progress_factory=None)
    with qtbot.waitSignal(runner.finished, timeout=20_000) as blocker:
        runner.start(ws, "signed", seed=1)
    command = blocker.args[0]
    assert isinstance(command, MoveNodes) and command.text == "Layout (signed)"
    assert command.positions and set(command.positions) <= set(before)
    assert any(command.positions[key] != before[key] for key in command.positions)
    command.apply(ws)
    assert {key: (ws.node(key).x, ws.node(key).y) for key in command.positions} == command.positions
    command.revert(ws)
    assert {key: (n.x, n.y) for key, n in ws.nodes.items()} == before


class _Target:
    """Stands in for a WorkspaceFile: applies commands to an in-memory workspace."""

    def __init__(self, ws) -> None:
        self.ws = ws

    def execute(self, command) -> None:
        command.apply(self.ws)

    def undo(self, command) -> None:
        command.revert(self.ws)


def test_layout_to_undo_stack_end_to_end(qtbot) -> None:
    from PySide6.QtGui import QUndoStack

    from tensionmap.ui.undo import UndoAdapter

    ws = micro_credentials.build()
    scene = MapScene(ws)
    stack = QUndoStack()
    undo = UndoAdapter(stack, _Target(ws))
    before = {k: (n.x, n.y) for k, n in ws.nodes.items()}
    runner = LayoutRunner(layout=fake_engine(steps=3), progress_factory=None)
    runner.finished.connect(lambda cmd: animate_then_push(cmd, scene.node_items, undo.push, duration_ms=60))
    sizes = scene_sizes(scene)
    assert all(w > 0 and h > 0 for w, h in sizes.values())
    runner.start(ws, "signed", sizes=sizes)
    qtbot.waitUntil(lambda: stack.count() == 1, timeout=5000)
    assert stack.undoText() == "Layout (signed)"
    moved = {k: (n.x, n.y) for k, n in ws.nodes.items()}
    assert moved != before
    assert all((it.pos().x(), it.pos().y()) == moved[k] for k, it in scene.node_items.items())
    stack.undo()
    assert {k: (n.x, n.y) for k, n in ws.nodes.items()} == before
    assert all((it.pos().x(), it.pos().y()) == before[k] for k, it in scene.node_items.items())
    stack.redo()
    assert {k: (n.x, n.y) for k, n in ws.nodes.items()} == moved


def test_refused_layout_puts_the_items_back(qtbot) -> None:
    ws = small_map()
    scene = MapScene(ws)
    before = {k: QPointF(it.pos()) for k, it in scene.node_items.items()}
    command = MoveNodes({k: (p.x() + 50.0, p.y()) for k, p in before.items()}, text="Layout (signed)")
    refused: list = []

    def push(cmd):
        refused.append(cmd)
        return False

    animate_then_push(command, scene.node_items, push, duration_ms=40)
    qtbot.waitUntil(lambda: bool(refused), timeout=3000)
    assert {k: QPointF(it.pos()) for k, it in scene.node_items.items()} == before
