"""The one background-job runner: layout, import, export and analysis off the UI thread.

``JobRunner.start(job)`` runs ``job.call(progress)`` on a QThread. ``progress``
is the callback the work calls between steps, as ``progress(done, total)`` or
``progress(fraction)``; it returns False once the job is cancelled, and the
work stops there (cooperative cancel: the layout engines raise
``LayoutCancelled``, the diagram export ``ExportCancelled``, the data writers
``JobCancelled``), so Cancel ends the work and not only the wait. Results
come back on the UI thread through the job's ``on_result`` / ``on_error`` /
``on_cancel`` callbacks; a result that arrives after Cancel is dropped (or
handed to ``on_late_result``).

A progress dialog (window-modal, never a blocking ``exec()``) appears only
once a job has run for ``SHOW_AFTER_MS``, so quick jobs never flash one; a
job with ``total == 0`` that never reports a fraction shows a busy indicator.
Work that must stay on the UI thread (building a QGraphicsScene for an
export) runs there with ``ui_thread=True``, pumping events at each report.

The work never touches the live workspace: it gets a copy taken on the UI
thread (``Workspace.copy()``), and what it returns is applied on the UI
thread, usually as one command on the undo stack.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from ..interchange import InterchangeError
from ..layout import LayoutCancelled
from ..render.export import ExportCancelled, ExportError

SHOW_AFTER_MS = 400  # jobs shorter than this never flash a dialog
NEVER_BY_ITSELF_MS = 24 * 3600 * 1000  # QProgressDialog must not show itself: the runner does
STEPS = 1000  # the dialog's range when the job reports how far it is

#: The progress callback handed to a job: (done, total) or (fraction); False once cancelled.
Progress = Callable[..., bool]


class JobCancelled(Exception):
    """Raised inside a job when its progress callback says the user cancelled."""


CANCELLED: tuple[type[Exception], ...] = (JobCancelled, ExportCancelled, LayoutCancelled)


def progress_fraction(*args: Any) -> float | None:
    """Read a progress report: ``(fraction)``, ``(done, total)`` or a percentage; None if unreadable."""
    numbers = [a for a in args if isinstance(a, int | float) and not isinstance(a, bool)]
    if len(numbers) >= 2:
        if numbers[1] <= 0:
            return None  # (0, 0): busy, how far is unknown
        value = numbers[0] / numbers[1]
    elif numbers:
        value = numbers[0] / 100.0 if numbers[0] > 1.0 else numbers[0]
    else:
        return None
    return max(0.0, min(1.0, float(value)))


def describe(error: BaseException) -> str:
    """One line for the user: our own errors speak for themselves, others get their type."""
    if isinstance(error, InterchangeError | ExportError):
        return str(error)
    text = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, OSError):
        return text
    return f"{type(error).__name__}: {text}"


class ProgressView(Protocol):
    """What the runner needs of a progress dialog (a QProgressDialog, or a test's stand-in)."""

    canceled: Any  # a signal

    def setMaximum(self, maximum: int) -> None: ...

    def setValue(self, value: int) -> None: ...

    def isVisible(self) -> bool: ...

    def show(self) -> None: ...

    def hide(self) -> None: ...

    def deleteLater(self) -> None: ...


#: (parent, title, label, total) -> a progress view; total 0 means "busy, no fraction".
ProgressFactory = Callable[[QWidget | None, str, str, int], ProgressView]


def default_progress_dialog(parent: QWidget | None, title: str, label: str, total: int) -> QProgressDialog:
    """Window-modal, shown by the runner once the job has lasted ``SHOW_AFTER_MS``.

    QProgressDialog's own estimate would flash it for jobs of a tenth of a
    second (it extrapolates from the first 50 ms), and a flashing modal dialog
    takes the focus from the window.
    """
    dialog = QProgressDialog(label, "Cancel", 0, STEPS if total else 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(NEVER_BY_ITSELF_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(360)
    dialog.setValue(0)
    return dialog


class _JobThread(QThread):
    """Runs one call; the thread rides along in its signals so the runner knows whose report it is."""

    progress = Signal(object, float)
    done = Signal(object, object, object)  # thread, result, error

    def __init__(self, call: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._call = call
        self.cancel_event = threading.Event()
        self._last = -1.0

    def report(self, *args: Any, **kwargs: Any) -> bool:
        if self.cancel_event.is_set():
            return False
        fraction = progress_fraction(*args, *kwargs.values())
        # at most ~200 signals a run, however often the work reports
        if fraction is not None and (fraction - self._last >= 0.005 or fraction >= 1.0 > self._last):
            self._last = fraction
            self.progress.emit(self, fraction)
        return True

    def run(self) -> None:
        try:
            result = self._call(self.report)
        except Exception as exc:  # sorted out on the UI thread
            self.done.emit(self, None, exc)
            return
        self.done.emit(self, result, None)


def _ignore(*_args: Any) -> None:
    return None


@dataclass
class Job:
    """What to run and what to do with its outcome (the callbacks run on the UI thread)."""

    call: Callable[[Progress], Any]
    title: str = "Working"
    label: str = "Working…"
    #: 0 when the job cannot say how far it is (a busy indicator until it reports a fraction).
    total: int = 0
    on_result: Callable[[Any], None] = _ignore
    on_error: Callable[[str], None] = _ignore
    on_cancel: Callable[[], None] = _ignore
    #: A result that arrives after Cancel (the work had passed its last check): None drops it.
    on_late_result: Callable[[Any], None] | None = None
    #: Called with each fraction reported (0..1), on the UI thread.
    on_progress: Callable[[float], None] = _ignore
    #: Run on the UI thread, pumping events at each report (for work that builds
    #: a QGraphicsScene: Qt's widget classes are not safe in worker threads).
    ui_thread: bool = False
    thread: _JobThread | None = field(default=None, repr=False)


class JobRunner(QObject):
    """One job at a time, off the UI thread, with a progress dialog and Cancel."""

    started = Signal()
    ended = Signal()  # after the job's callback ran, whatever the outcome

    def __init__(
        self,
        parent: QObject | None = None,
        progress_factory: ProgressFactory | None = default_progress_dialog,
    ) -> None:
        super().__init__(parent)
        self.progress_factory = progress_factory
        self.dialog: ProgressView | None = None
        self.job: Job | None = None
        self._threads: set[_JobThread] = set()  # kept alive until they end, even when abandoned
        self._abandoned: dict[_JobThread, Job] = {}
        self._in_set_value = False  # a modal QProgressDialog.setValue turns the event loop
        self._doomed: list[ProgressView] = []  # dialogs closed meanwhile, deleted once setValue returns
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_AFTER_MS)
        self._show_timer.timeout.connect(self._show_dialog)

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self, job: Job) -> bool:
        """Run ``job``; False (and nothing happens) while another job is running."""
        if self.job is not None:
            return False
        self.job = job
        self._open_dialog(job)
        self.started.emit()
        if job.ui_thread:
            # Not inline: the caller is often a dialog's ``accepted`` signal, and
            # pumping events while still inside it would let Qt delete the dialog
            # under its own feet.
            QTimer.singleShot(0, lambda: self._execute_here(job))
            return True
        thread = _JobThread(job.call)
        job.thread = thread
        thread.progress.connect(self._on_progress)
        thread.done.connect(self._on_done)
        self._threads.add(thread)
        thread.start()
        return True

    def cancel(self) -> None:
        """Stop the running job: its next report returns False, and a late result is dropped."""
        job = self.job
        if job is None:
            return
        if job.thread is not None:
            job.thread.cancel_event.set()
            self._abandoned[job.thread] = job
        self.job = None
        self._close_dialog()
        job.on_cancel()
        self.ended.emit()

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Block until every job thread has ended (tests, closing the window)."""
        return all(t.wait(timeout_ms) for t in list(self._threads))

    def shutdown(self, timeout_ms: int = 60_000) -> bool:
        """Cancel and wait: a QThread destroyed while running aborts the process."""
        job, self.job = self.job, None
        if job is not None and job.thread is not None:
            job.thread.cancel_event.set()
        self._close_dialog()
        return self.wait(timeout_ms)

    # ----------------------------------------------------------- internals
    def _execute_here(self, job: Job) -> None:
        if self.job is not job:
            return  # cancelled before it began

        def report(*args: Any, **kwargs: Any) -> bool:
            if self.job is not job:
                return False
            fraction = progress_fraction(*args, *kwargs.values())
            if fraction is not None:
                self._show_fraction(job, fraction)
            QApplication.processEvents()
            return self.job is job  # Cancel (or closing the window) ends the job

        try:
            result, error = job.call(report), None
        except Exception as exc:  # reported below, on this same thread
            result, error = None, exc
        if self.job is not job:  # cancelled meanwhile: on_cancel already ran
            if error is None and job.on_late_result is not None:
                job.on_late_result(result)
            return
        self._finish(job, result, error)

    def _open_dialog(self, job: Job) -> None:
        if self.progress_factory is None:
            return
        parent = self.parent()
        self.dialog = self.progress_factory(
            parent if isinstance(parent, QWidget) else None, job.title, job.label, job.total
        )
        self.dialog.canceled.connect(self.cancel)
        self._show_timer.start()

    def _show_dialog(self) -> None:
        dialog = self.dialog
        if dialog is not None and self.job is not None and not dialog.isVisible():
            dialog.show()

    def _on_progress(self, thread: _JobThread, fraction: float) -> None:
        job = self.job
        if job is None or job.thread is not thread:
            return
        self._show_fraction(job, fraction)

    def _show_fraction(self, job: Job, fraction: float) -> None:
        dialog = self.dialog
        if dialog is not None and not self._in_set_value:
            self._in_set_value = True
            try:
                dialog.setMaximum(STEPS)
                dialog.setValue(round(fraction * STEPS))  # a modal dialog may deliver _on_done meanwhile
            finally:
                self._in_set_value = False
            doomed, self._doomed = self._doomed, []
            for closed in doomed:
                closed.deleteLater()
            if self.job is not job:
                return
        job.on_progress(fraction)

    def _on_done(self, thread: _JobThread, result: Any, error: Any) -> None:
        thread.wait()  # run() returns right after emitting done
        self._threads.discard(thread)
        thread.deleteLater()
        abandoned = self._abandoned.pop(thread, None)
        if abandoned is not None and error is None and abandoned.on_late_result is not None:
            abandoned.on_late_result(result)  # cancelled too late: the work was already done
        job = self.job
        if job is None or job.thread is not thread:
            return  # cancelled or abandoned: drop the result
        if error is not None and thread.cancel_event.is_set():
            error = JobCancelled("cancelled")
        self._finish(job, result, error)

    def _finish(self, job: Job, result: Any, error: Any) -> None:
        self.job = None
        self._close_dialog()
        if error is None:
            job.on_result(result)
        elif isinstance(error, CANCELLED):
            job.on_cancel()
        else:
            job.on_error(describe(error))
        self.ended.emit()

    def _close_dialog(self) -> None:
        self._show_timer.stop()
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        try:
            dialog.canceled.disconnect(self.cancel)  # closing a QProgressDialog emits canceled
        except (RuntimeError, TypeError):
            pass
        dialog.hide()
        parent = dialog.parentWidget() if hasattr(dialog, "parentWidget") else None
        if parent is not None:
            # A window-modal dialog took the activation; give it back, or the window's
            # shortcuts (Ctrl+Z right after a layout) go nowhere.
            parent.window().activateWindow()
        if self._in_set_value:
            self._doomed.append(dialog)  # its setValue is still on the stack
        else:
            dialog.deleteLater()
