"""Run a layout engine off the UI thread, then animate the map into place as one undo step.

``LayoutRunner.start`` copies the map and calls ``tensionmap.layout.run_layout``
through the window's one background-job runner (``ui/jobs.py``), reporting
progress (``progressed``) and, for runs longer than a moment, showing a
progress dialog with a Cancel button that stops the engine at its next
progress report. When the engine is done, ``finished`` carries a ``MoveNodes``
command ("Layout (signed)", ...) over the nodes that should move: pinned nodes,
nodes deleted meanwhile and nodes already in place are left out. The caller
animates the items there with ``animate_positions`` and pushes the command on
the undo stack when the animation ends (``animate_then_push`` does both), so
the model changes exactly once and Undo puts every node back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QEasingCurve, QObject, QPointF, QVariantAnimation, Signal
from PySide6.QtWidgets import QGraphicsItem

from ..analysis import structural_balance
from ..analysis.graph import signed_graph
from ..commands import MoveNodes
from ..layout import STRESS_LIMIT, run_layout
from ..model import Workspace
from .jobs import Job, JobRunner, ProgressFactory, default_progress_dialog, progress_fraction

#: Menu words per engine name: the undo step reads "Layout (<words>)".
ENGINE_WORDS = {"signed": "signed", "polarity": "polarity axis", "layered": "layered"}
MOVE_EPSILON = 1e-6

LayoutFunction = Callable[..., Mapping[str, tuple[float, float]]]

__all__ = [
    "LayoutRunner",
    "animate_positions",
    "animate_then_push",
    "coalitions_of",
    "default_progress_dialog",
    "engine_text",
    "layout_command",
    "progress_fraction",
    "scene_sizes",
]


def engine_text(engine: Any) -> str:
    """The undo text for an engine: "Layout (signed)", "Layout (polarity axis)", ..."""
    name = str(getattr(engine, "value", engine))
    return f"Layout ({ENGINE_WORDS.get(name, name.replace('_', ' '))})"


def layout_command(
    ws: Workspace, positions: Mapping[str, tuple[float, float]], text: str = "Layout"
) -> MoveNodes | None:
    """A MoveNodes over the nodes that exist, are not pinned and would really move; None if none."""
    nodes = ws.nodes
    moves: dict[str, tuple[float, float]] = {}
    for key, xy in positions.items():
        node = nodes.get(key)
        if node is None or node.pinned:
            continue
        x, y = float(xy[0]), float(xy[1])
        if not (math.isfinite(x) and math.isfinite(y)):
            continue
        if abs(x - node.x) > MOVE_EPSILON or abs(y - node.y) > MOVE_EPSILON:
            moves[key] = (x, y)
    return MoveNodes(moves, text=text) if moves else None


def coalitions_of(ws: Workspace) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The structural balance's two coalitions, for the signed engine's ``camps``.

    None above ``STRESS_LIMIT`` nodes: the force-directed engine that lays out
    such maps does not take camps, so the analysis would be wasted.
    """
    if len(ws.nodes) > STRESS_LIMIT:
        return None
    return structural_balance(signed_graph(ws)).coalitions


class LayoutRunner(QObject):
    """One layout at a time, through a JobRunner, with progress and Cancel."""

    started = Signal()
    progressed = Signal(float)  # 0..1
    finished = Signal(object)  # MoveNodes, or None when nothing moves
    cancelled = Signal()
    failed = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        layout: LayoutFunction = run_layout,
        progress_factory: ProgressFactory | None = default_progress_dialog,
    ) -> None:
        super().__init__(parent)
        self._layout = layout
        self.jobs = JobRunner(parent, progress_factory)
        self.workspace: Workspace | None = None
        self.text = "Layout"

    @property
    def running(self) -> bool:
        return self.jobs.running

    @property
    def dialog(self) -> Any:
        return self.jobs.dialog

    def start(
        self,
        ws: Workspace,
        engine: Any,
        *,
        seed: int | None = 0,
        poles: Any = None,
        sizes: Mapping[str, tuple[float, float]] | None = None,
        text: str | None = None,
        balance_camps: bool = False,
        **options: Any,
    ) -> bool:
        """Lay out ``ws`` with ``engine``; False (and nothing happens) if a layout is already running.

        ``sizes`` maps node id -> (width, height) of its outline, so engines can
        keep nodes from overlapping; ``balance_camps`` hands the signed engine the
        structural balance's two coalitions (worked out on the worker thread), so
        the camps drawn apart are the ones the Tensions dock names; ``options`` go
        to ``run_layout`` unchanged.
        """
        if self.jobs.running:
            return False
        self.workspace = ws
        self.text = text or engine_text(engine)
        copy = ws.copy()
        layout = self._layout
        sizes = dict(sizes) if sizes is not None else None

        def call(progress: Callable[..., bool]) -> dict[str, tuple[float, float]]:
            extra = dict(options)
            if balance_camps:
                extra["camps"] = coalitions_of(copy)
            return dict(layout(copy, engine, seed=seed, poles=poles, sizes=sizes, progress=progress, **extra))

        job = Job(
            call,
            title="Layout",
            label="Laying out the map…",
            total=1,
            on_result=self._done,
            on_error=self.failed.emit,
            on_cancel=self.cancelled.emit,
            on_progress=self.progressed.emit,
        )
        if not self.jobs.start(job):
            return False
        self.started.emit()
        return True

    def cancel(self) -> None:
        """Stop the running layout: the engine stops at its next progress report, and its
        result, should it still arrive, is dropped."""
        self.jobs.cancel()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until every layout thread has ended (tests, shutdown)."""
        return self.jobs.wait(timeout_ms)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel and wait for the threads to end (call before the window closes)."""
        self.cancel()
        return self.jobs.wait(timeout_ms)

    def _done(self, positions: dict[str, tuple[float, float]]) -> None:
        ws = self.workspace
        command = layout_command(ws, positions, self.text) if ws is not None else None
        self.progressed.emit(1.0)
        self.finished.emit(command)


# ------------------------------------------------------------------ animation
def animate_positions(
    items_by_id: Mapping[str, QGraphicsItem],
    targets: Mapping[str, QPointF | tuple[float, float]],
    duration_ms: int = 400,
    on_finished: Callable[[], None] | None = None,
    on_step: Callable[[list[str]], None] | None = None,
) -> QVariantAnimation | None:
    """Glide items from where they are to ``targets`` (visual only: the model is not touched).

    ``on_step(ids)`` runs after every frame; by default the items' scene is told
    through ``nodes_gliding(ids)`` (MapScene) so the edges follow, unbent until the
    last frame (then ``finish_routes`` bends them round the boxes). ``on_finished``
    runs once the items sit exactly on their targets (not if the animation is
    stopped early). Returns the running animation (None if there was nothing to
    animate, in which case ``on_finished`` has already run).
    """
    moves: list[tuple[QGraphicsItem, QPointF, QPointF]] = []
    ids: list[str] = []
    for key, target in targets.items():
        item = items_by_id.get(key)
        if item is None:
            continue
        end = target if isinstance(target, QPointF) else QPointF(float(target[0]), float(target[1]))
        moves.append((item, QPointF(item.pos()), end))
        ids.append(key)
    scene = moves[0][0].scene() if moves else None
    if on_step is None and scene is not None and hasattr(scene, "nodes_gliding"):
        on_step = scene.nodes_gliding  # frames draw lines unbent; routing follows at the end

    def place(t: float) -> None:
        for item, start, end in moves:
            item.setPos(start + (end - start) * t)
        if on_step is not None and ids:
            on_step(ids)

    if not moves or duration_ms <= 0:
        place(1.0)
        if on_finished is not None:
            on_finished()
        return None

    animation = QVariantAnimation(scene)
    animation.setStartValue(0.0)
    animation.setEndValue(1.0)
    animation.setDuration(duration_ms)
    animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
    animation.valueChanged.connect(lambda value: place(float(value)))
    bulk = scene.bulk_update() if scene is not None and hasattr(scene, "bulk_update") else None
    if bulk is not None:
        bulk.__enter__()  # no BSP index upkeep while everything moves every frame

    def stopped(new_state: QVariantAnimation.State, _old: QVariantAnimation.State) -> None:
        nonlocal bulk
        if new_state == QVariantAnimation.State.Stopped and bulk is not None:
            done, bulk = bulk, None
            done.__exit__(None, None, None)

    def finished() -> None:
        place(1.0)  # land exactly on the targets whatever the last frame was
        if on_finished is not None:
            on_finished()
        if scene is not None and hasattr(scene, "finish_routes"):
            scene.finish_routes()  # bend now what the frames left straight
        animation.deleteLater()

    animation.stateChanged.connect(stopped)
    animation.finished.connect(finished)
    animation.start()
    return animation


def animate_then_push(
    command: MoveNodes | None,
    items_by_id: Mapping[str, QGraphicsItem],
    push: Callable[[MoveNodes], Any],
    duration_ms: int = 400,
    on_step: Callable[[list[str]], None] | None = None,
    shown: Mapping[str, tuple[float, float]] | None = None,
) -> QVariantAnimation | None:
    """Animate the nodes to a layout command's positions, then push it as one undo step.

    ``shown``: where the nodes will be drawn once the command is in, when that is not
    exactly the command's positions (nodes drawn enlarged are nudged apart on screen);
    the glide ends there. If ``push`` refuses the command (returns False, as
    ``UndoAdapter.push`` does for a read-only file), the items jump back to where they
    started.
    """
    if command is None:
        return None
    targets = dict(shown) if shown is not None else command.positions
    starts = {k: QPointF(items_by_id[k].pos()) for k in targets if k in items_by_id}

    def done() -> None:
        if push(command) is False:
            animate_positions(items_by_id, starts, 0, on_step=on_step)

    return animate_positions(items_by_id, targets, duration_ms, on_finished=done, on_step=on_step)


def scene_sizes(scene: Any) -> dict[str, tuple[float, float]]:
    """node id -> (width, height) of its drawn outline, for ``LayoutRunner.start(sizes=...)``."""
    return {key: (item.rect.width(), item.rect.height()) for key, item in scene.node_items.items()}
