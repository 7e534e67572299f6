"""Run a layout engine off the UI thread, then animate the map into place as one undo step.

``LayoutRunner.start`` copies the map and calls ``tensionmap.layout.run_layout``
on a QThread, reporting progress (``progressed``) and, for runs longer than a
moment, showing a progress dialog with a Cancel button (never a blocking
``exec``). When the engine is done, ``finished`` carries a ``MoveNodes``
command ("Layout (signed)", ...) over the nodes that should move: pinned nodes,
nodes deleted meanwhile and nodes already in place are left out. The caller
animates the items there with ``animate_positions`` and pushes the command on
the undo stack when the animation ends (``animate_then_push`` does both), so
the model changes exactly once and Undo puts every node back.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QEasingCurve, QObject, QPointF, Qt, QThread, QTimer, QVariantAnimation, Signal
from PySide6.QtWidgets import QGraphicsItem, QProgressDialog, QWidget

from ..commands import MoveNodes
from ..model import Workspace
from .analysis_runner import snapshot

#: Menu words per engine name: the undo step reads "Layout (<words>)".
ENGINE_WORDS = {"signed": "signed", "polarity": "polarity axis", "layered": "layered"}
SHOW_AFTER_MS = 400  # runs shorter than this never flash a dialog
NEVER_BY_ITSELF_MS = 24 * 3600 * 1000  # QProgressDialog must not show itself: the runner does
PROGRESS_STEPS = 1000
MOVE_EPSILON = 1e-6

LayoutFunction = Callable[..., Mapping[str, tuple[float, float]]]
ProgressFactory = Callable[[QWidget | None], Any]


class LayoutCancelledHere(Exception):
    """Raised into the engine from its progress callback when the user cancels (if the
    layout package does not provide its own ``LayoutCancelled``)."""


def _cancel_exception() -> type[Exception]:
    try:
        from ..layout import LayoutCancelled  # type: ignore[attr-defined]
    except ImportError:
        try:
            from ..layout.base import LayoutCancelled  # type: ignore[no-redef]
        except ImportError:
            return LayoutCancelledHere
    return LayoutCancelled


def _default_layout(*args: Any, **kwargs: Any) -> Mapping[str, tuple[float, float]]:
    from ..layout import run_layout  # type: ignore[attr-defined]

    return run_layout(*args, **kwargs)


def engine_text(engine: Any) -> str:
    """The undo text for an engine: "Layout (signed)", "Layout (polarity axis)", ..."""
    name = str(getattr(engine, "value", engine))
    return f"Layout ({ENGINE_WORDS.get(name, name.replace('_', ' '))})"


def progress_fraction(*args: Any) -> float | None:
    """Read a progress report: ``(fraction)``, ``(done, total)`` or a percentage; None if unreadable."""
    numbers = [a for a in args if isinstance(a, int | float) and not isinstance(a, bool)]
    if len(numbers) >= 2 and numbers[1] > 0:
        value = numbers[0] / numbers[1]
    elif numbers:
        value = numbers[0] / 100.0 if numbers[0] > 1.0 else numbers[0]
    else:
        return None
    return max(0.0, min(1.0, float(value)))


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


def default_progress_dialog(parent: QWidget | None) -> QProgressDialog:
    """A window-modal progress dialog that appears only if the run takes a while.

    The runner shows it once the run has lasted ``SHOW_AFTER_MS``: QProgressDialog's own
    estimate would flash it for runs of a tenth of a second (it extrapolates from the
    first 50 ms), and a flashing modal dialog takes the focus from the window.
    """
    dialog = QProgressDialog("Laying out the map…", "Cancel", 0, PROGRESS_STEPS, parent)
    dialog.setWindowTitle("Layout")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)  # no edits to a map being laid out
    dialog.setMinimumDuration(NEVER_BY_ITSELF_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    return dialog


class _LayoutThread(QThread):
    """Calls the layout function on a copy of the map; reports through queued signals."""

    # The thread itself rides along, so the runner (a UI-thread QObject, hence queued
    # connections) knows which run a report belongs to.
    progress = Signal(object, float)
    done = Signal(object, object, object)  # thread, positions or None, error or None

    def __init__(self, call: Callable[[Callable[..., None]], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call = call
        self.cancel_event = threading.Event()
        self._last = -1.0
        self._cancel_type = _cancel_exception()

    def report(self, *args: Any, **kwargs: Any) -> bool:
        """The engine's progress callback: raises ``LayoutCancelled`` to stop the engine once
        cancelled (engines that check the answer instead see True: carry on)."""
        if self.cancel_event.is_set():
            raise self._cancel_type("layout cancelled")
        fraction = progress_fraction(*args, *kwargs.values())
        if fraction is not None and (fraction - self._last >= 0.005 or fraction >= 1.0 > self._last):
            self._last = fraction
            self.progress.emit(self, fraction)
        return True

    def run(self) -> None:
        try:
            positions = self._call(self.report)
        except Exception as exc:  # cancellation or a failure, sorted out on the UI thread
            self.done.emit(self, None, exc)
            return
        self.done.emit(self, dict(positions), None)


class LayoutRunner(QObject):
    """One layout at a time, off the UI thread, with progress and Cancel."""

    started = Signal()
    progressed = Signal(float)  # 0..1
    finished = Signal(object)  # MoveNodes, or None when nothing moves
    cancelled = Signal()
    failed = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        layout: LayoutFunction | None = None,
        progress_factory: ProgressFactory | None = default_progress_dialog,
    ) -> None:
        super().__init__(parent)
        self._layout = layout or _default_layout
        self.progress_factory = progress_factory
        self.dialog: Any = None
        self.workspace: Workspace | None = None
        self.text = "Layout"
        self._thread: _LayoutThread | None = None
        self._threads: set[_LayoutThread] = set()  # kept alive until they end, even when abandoned
        self._in_set_value = False  # a modal QProgressDialog.setValue turns the event loop
        self._doomed: list[Any] = []  # dialogs closed meanwhile, deleted once setValue returns
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_AFTER_MS)
        self._show_timer.timeout.connect(self._show_dialog)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(
        self,
        ws: Workspace,
        engine: Any,
        *,
        seed: int | None = 0,
        poles: Any = None,
        sizes: Mapping[str, tuple[float, float]] | None = None,
        text: str | None = None,
        **options: Any,
    ) -> bool:
        """Lay out ``ws`` with ``engine``; False (and nothing happens) if a layout is already running.

        ``sizes`` maps node id -> (width, height) of its outline, so engines can
        keep nodes from overlapping; ``options`` go to ``run_layout`` unchanged.
        """
        if self._thread is not None:
            return False
        self.workspace = ws
        self.text = text or engine_text(engine)
        copy = snapshot(ws)
        layout = self._layout
        sizes = dict(sizes) if sizes is not None else None

        def call(progress: Callable[..., None]) -> Any:
            return layout(copy, engine, seed=seed, poles=poles, sizes=sizes, progress=progress, **options)

        thread = _LayoutThread(call)
        thread.progress.connect(self._on_progress)
        thread.done.connect(self._on_done)
        self._thread = thread
        self._threads.add(thread)
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        if self.progress_factory is not None:
            self.dialog = self.progress_factory(parent)  # type: ignore[arg-type]
            canceled = getattr(self.dialog, "canceled", None)
            if canceled is not None:
                canceled.connect(self.cancel)
        self.started.emit()
        thread.start()
        self._show_timer.start()
        return True

    def _show_dialog(self) -> None:
        dialog = self.dialog
        visible = getattr(dialog, "isVisible", None)
        if dialog is not None and self._thread is not None and visible is not None and not visible():
            dialog.show()

    def cancel(self) -> None:
        """Stop the running layout: the engine is interrupted at its next progress report,
        and its result, should it still arrive, is dropped."""
        thread = self._thread
        if thread is None:
            return
        thread.cancel_event.set()
        self._thread = None
        self._close_dialog()
        self.cancelled.emit()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until every layout thread has ended (tests, shutdown)."""
        return all(t.wait(timeout_ms) for t in list(self._threads))

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel and wait for the threads to end: call before the window closes, since a
        QThread destroyed while running aborts the process."""
        self.cancel()
        return self.wait(timeout_ms)

    # ----------------------------------------------------------- internals
    def _on_progress(self, thread: _LayoutThread, fraction: float) -> None:
        if thread is not self._thread:
            return
        dialog = self.dialog
        if dialog is not None and not self._in_set_value:
            self._in_set_value = True
            try:
                dialog.setValue(round(fraction * PROGRESS_STEPS))  # may deliver _on_done meanwhile
            finally:
                self._in_set_value = False
            doomed, self._doomed = self._doomed, []
            for closed in doomed:
                closed.deleteLater()
            if thread is not self._thread:
                return
        self.progressed.emit(fraction)

    def _on_done(self, thread: _LayoutThread, positions: Any, error: Any) -> None:
        thread.wait()  # run() returns right after emitting done
        self._threads.discard(thread)
        thread.deleteLater()
        if thread is not self._thread:
            return  # cancelled or superseded
        self._thread = None
        self._close_dialog()
        if error is not None:
            if thread.cancel_event.is_set() or isinstance(error, thread._cancel_type):
                self.cancelled.emit()
            else:
                self.failed.emit(f"{type(error).__name__}: {error}")
            return
        ws = self.workspace
        command = layout_command(ws, positions, self.text) if ws is not None else None
        self.progressed.emit(1.0)
        self.finished.emit(command)

    def _close_dialog(self) -> None:
        self._show_timer.stop()
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        canceled = getattr(dialog, "canceled", None)
        if canceled is not None:
            try:
                canceled.disconnect(self.cancel)  # closing a QProgressDialog emits canceled
            except (RuntimeError, TypeError):
                pass
        dialog.hide()
        parent = dialog.parentWidget() if hasattr(dialog, "parentWidget") else None
        if parent is not None:
            # A window-modal dialog took the activation; give it back, or the window's
            # shortcuts (Ctrl+Z right after the layout) go nowhere.
            parent.window().activateWindow()
        if self._in_set_value:
            self._doomed.append(dialog)  # its setValue is still on the stack
        elif hasattr(dialog, "deleteLater"):
            dialog.deleteLater()


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
    through ``nodes_moved(ids)`` (MapScene) so the edges follow. ``on_finished``
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
    if on_step is None and scene is not None and hasattr(scene, "nodes_moved"):
        on_step = scene.nodes_moved

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
) -> QVariantAnimation | None:
    """Animate the nodes to a layout command's positions, then push it as one undo step.

    If ``push`` refuses the command (returns False, as ``UndoAdapter.push`` does
    for a read-only file), the items jump back to where they started.
    """
    if command is None:
        return None
    starts = {k: QPointF(items_by_id[k].pos()) for k in command.positions if k in items_by_id}

    def done() -> None:
        if push(command) is False:
            animate_positions(items_by_id, starts, 0, on_step=on_step)

    return animate_positions(items_by_id, command.positions, duration_ms, on_finished=done, on_step=on_step)


def scene_sizes(scene: Any) -> dict[str, tuple[float, float]]:
    """node id -> (width, height) of its drawn outline, for ``LayoutRunner.start(sizes=...)``."""
    return {key: (item.rect.width(), item.rect.height()) for key, item in scene.node_items.items()}
