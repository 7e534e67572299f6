"""Keep the analysis of the open map current while it is edited, without stalling the UI.

Every workspace Change restarts a short debounce timer; when it fires, the
analysis runs again. Small maps are analysed right there (it takes a few
milliseconds); bigger ones are copied (``Workspace.copy()``, on the UI thread)
and analysed off it by a ``JobRunner`` (``ui/jobs.py``, without a dialog),
since the exact frustration index can take up to its time limit. At most one worker
runs at a time: edits made meanwhile are folded into one more run when it
ends, and a result that is older than the latest request is never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject, QTimer, Signal

from ..model import Change, Workspace
from .jobs import Job, JobRunner, describe

DEBOUNCE_MS = 150
SYNC_LIMIT = 80  # nodes + relations up to which the analysis runs on the UI thread
ANALYSED = frozenset({"nodes", "relations"})  # changes elsewhere cannot alter the analysis


def _default_analyze(ws: Workspace) -> Any:
    from ..analysis import analyze

    return analyze(ws)


class AnalysisRunner(QObject):
    """Recomputes ``analyze(ws)`` after edits and emits ``result_ready(result)``."""

    result_ready = Signal(object)  # AnalysisResult
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        analyze: Callable[[Workspace], Any] | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        sync_limit: int = SYNC_LIMIT,
    ) -> None:
        super().__init__(parent)
        self._analyze = analyze or _default_analyze
        self.sync_limit = sync_limit
        self.workspace: Workspace | None = None
        self.result: Any = None
        self._unsubscribe: Callable[[], None] | None = None
        self._generation = 0  # bumped by every request; a result is shown only if it is the latest
        self._running = False
        self._rerun = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.run_now)
        self._jobs = JobRunner(self, progress_factory=None)  # the window's runner kind, without a dialog

    # ---------------------------------------------------------- following
    def attach(self, ws: Workspace | None, *, immediately: bool = True) -> None:
        """Follow ``ws`` (None: stop); by default analyse it right away."""
        self.detach()
        self.workspace = ws
        if ws is None:
            return
        self._unsubscribe = ws.subscribe(self._on_change)
        if immediately:
            self.run_now()
        else:
            self.request()

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.workspace = None
        self.result = None
        self._timer.stop()
        self._generation += 1  # whatever is in flight belongs to the old map

    def _on_change(self, change: Change) -> None:
        if change.collection in ANALYSED:
            self.request()

    def request(self) -> None:
        """Analyse again after the debounce delay (restarted by every call)."""
        self._timer.start()

    @property
    def busy(self) -> bool:
        return self._running or self._timer.isActive()

    @property
    def rerun_pending(self) -> bool:
        """A request came while a run was going: one more run follows it."""
        return self._rerun

    # ------------------------------------------------------------ running
    def run_now(self) -> None:
        """Analyse the current state now: in place for a small map, else on the worker."""
        self._timer.stop()
        ws = self.workspace
        if ws is None:
            return
        self._generation += 1
        if self._running:
            self._rerun = True  # one more run when the current one ends
            return
        if len(ws.nodes) + len(ws.relations) <= self.sync_limit:
            try:
                result = self._analyze(ws)
            except Exception as exc:
                self.failed.emit(describe(exc))
                return
            self.result = result
            self.result_ready.emit(result)
            return
        self._start_worker(ws.copy(), self._generation)

    def _start_worker(self, copy: Workspace, generation: int) -> None:
        self._running = True
        self.busy_changed.emit(True)
        analyze = self._analyze
        self._jobs.start(
            Job(
                lambda _progress: analyze(copy),
                on_result=lambda result: self._on_done(generation, result, None),
                on_error=lambda message: self._on_done(generation, None, message),
            )
        )

    def _on_done(self, generation: int, result: Any, error: str | None) -> None:
        self._running = False
        if self._rerun:
            self._rerun = False
            self.run_now()
            if self._running:
                return
        self.busy_changed.emit(self._running)
        if generation != self._generation or self.workspace is None:
            return  # stale: the map changed (or was closed) since this run started
        if error is not None:
            self.failed.emit(error)
            return
        self.result = result
        self.result_ready.emit(result)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the worker is idle (tests, shutdown); its result still arrives via the event loop."""
        return self._jobs.wait(timeout_ms)

    def settle(self, timeout_ms: int = 30_000) -> bool:
        """Run a pending (debounced) request now and wait, event loop turning, until the latest
        result has been delivered; False on timeout (screenshots, tests)."""
        clock = QElapsedTimer()
        clock.start()
        while self.busy:
            if self._timer.isActive():
                self.run_now()
            if clock.elapsed() > timeout_ms:
                return False
            self._jobs.wait(20)
            QCoreApplication.processEvents()
        return True

    def shutdown(self) -> None:
        """Stop following and wait for a running analysis to finish (call before the window closes)."""
        self.detach()
        self._jobs.wait()
