"""Imports and exports off the UI thread, with a progress dialog and Cancel.

``JobRunner.start(call, ...)`` runs ``call(report)`` on a QThread. ``report(done,
total)`` is the progress callback the work calls between stages: it returns
False once the user has pressed Cancel (``export_diagram`` then raises
``ExportCancelled`` and writes nothing). Results come back on the UI thread
through the ``on_result`` / ``on_error`` / ``on_cancel`` callbacks of the job.
A cancelled job's late result is dropped (an import read that cannot be
interrupted simply finishes in the background and is thrown away).

The progress dialog is window-modal, appears only after ``SHOW_AFTER_MS`` and
is never run with a blocking ``exec()``; with ``total == 0`` it is a busy
indicator (reading a file reports no progress).

The work itself never touches the live workspace: exports get a copy taken on
the UI thread (``full_copy`` or ``render.export.snapshot``), imports build a
new Workspace that is merged on the UI thread afterwards.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from ..interchange import FORMATS as DATA_FORMATS
from ..interchange import InterchangeError
from ..model import Workspace
from ..render.export import ExportCancelled, ExportError

SHOW_AFTER_MS = 400  # quick jobs never flash a dialog
_ORDER = (
    "evidence",
    "nodes",
    "relations",
    "lenses",
    "questions",
    "polarities",
    "participants",
    "rounds",
    "ratings",
)

Report = Callable[[int, int], bool]


class JobCancelled(Exception):
    """Raised inside a job when its report callback says the user cancelled."""


def full_copy(ws: Workspace) -> Workspace:
    """A detached copy of everything in ``ws`` (entities are immutable, so sharing them is safe)."""
    copy = Workspace(ws.title, ws.description)
    copy.restore_info(ws.info)
    for collection in _ORDER:
        for entity in ws.collection(collection).values():
            copy.add(collection, entity)
    return copy


def write_data_atomically(ws: Workspace, path: Path, fmt: str, report: Report | None = None) -> None:
    """Write ``ws`` in interchange format ``fmt`` beside ``path``, then rename it into place.

    A cancel (``report`` returning False) or a failure leaves no file behind and
    an existing ``path`` untouched.
    """
    # the temporary name keeps the extension: write_csv picks a zip by it
    tmp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.part{path.suffix}")
    if report is not None and report(0, 2) is False:
        raise JobCancelled("export cancelled")
    try:
        DATA_FORMATS[fmt].write(ws, tmp)
        with open(tmp, "rb+") as out:
            os.fsync(out.fileno())
        if report is not None and report(1, 2) is False:
            raise JobCancelled("export cancelled")
        os.replace(tmp, path)
    except OSError as exc:
        raise InterchangeError(f"cannot write the file ({exc.strerror or exc})", file=path.name) from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def is_cancel(error: BaseException | None) -> bool:
    return isinstance(error, JobCancelled | ExportCancelled)


def default_progress_dialog(parent: QWidget | None, title: str, label: str, total: int) -> QProgressDialog:
    """Window-modal, shown only if the job takes a while; ``total == 0`` is a busy indicator."""
    dialog = QProgressDialog(label, "Cancel", 0, total, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(360)
    dialog.setValue(0)
    return dialog


class _JobThread(QThread):
    """Runs one call; the thread rides along in its signals so the runner knows whose report it is."""

    progress = Signal(object, int, int)
    done = Signal(object, object, object)  # thread, result, error

    def __init__(self, call: Callable[[Report], Any]) -> None:
        super().__init__()
        self._call = call
        self.cancel_event = threading.Event()

    def report(self, done: int, total: int) -> bool:
        if self.cancel_event.is_set():
            return False
        self.progress.emit(self, int(done), int(total))
        return True

    def run(self) -> None:
        try:
            result = self._call(self.report)
        except Exception as exc:  # sorted out on the UI thread
            self.done.emit(self, None, exc)
            return
        self.done.emit(self, result, None)


@dataclass
class Job:
    """What to run and what to do with its outcome (callbacks run on the UI thread)."""

    call: Callable[[Report], Any]
    title: str
    label: str
    total: int = 0
    on_result: Callable[[Any], None] = lambda result: None
    on_error: Callable[[str], None] = lambda message: None
    on_cancel: Callable[[], None] = lambda: None
    #: A result that arrives after Cancel (the work had passed its last check): None drops it.
    on_late_result: Callable[[Any], None] | None = None
    #: Run on the UI thread, pumping events at each report (for work that builds
    #: a QGraphicsScene: Qt's widget classes are not safe in worker threads, and
    #: doing so could hang the export).
    ui_thread: bool = False
    thread: _JobThread | None = field(default=None, repr=False)


ProgressFactory = Callable[[QWidget | None, str, str, int], Any]


class JobRunner(QObject):
    """One import or export at a time, off the UI thread, with a progress dialog and Cancel."""

    def __init__(
        self,
        parent: QWidget | None = None,
        progress_factory: ProgressFactory | None = default_progress_dialog,
    ) -> None:
        super().__init__(parent)
        self.progress_factory = progress_factory
        self.dialog: Any = None
        self.job: Job | None = None
        self._threads: set[_JobThread] = set()  # kept alive until they end, even when abandoned
        self._abandoned: dict[_JobThread, Job] = {}

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self, job: Job) -> bool:
        """Run ``job``; False (and nothing happens) while another job is running."""
        if self.job is not None:
            return False
        if job.ui_thread:
            return self._run_here(job)
        thread = _JobThread(job.call)
        job.thread = thread
        thread.progress.connect(self._on_progress)
        thread.done.connect(self._on_done)
        self.job = job
        self._threads.add(thread)
        self._open_dialog(job)
        thread.start()
        return True

    def _run_here(self, job: Job) -> bool:
        """Start ``job`` on the UI thread from a fresh turn of the event loop.

        Not inline: the caller is often a dialog's ``accepted`` signal, and
        pumping events while still inside it would let Qt delete the dialog
        under its own feet.
        """
        self.job = job
        self._open_dialog(job)
        QTimer.singleShot(0, lambda: self._execute_here(job))
        return True

    def _execute_here(self, job: Job) -> None:
        if self.job is not job:
            return  # cancelled before it began

        def report(done: int, total: int) -> bool:
            if self.job is not job:
                return False
            if total > 0 and self.dialog is not None and hasattr(self.dialog, "setMaximum"):
                self.dialog.setMaximum(total)
                self.dialog.setValue(min(done, total))
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
        self.job = None
        self._close_dialog()
        self._deliver(job, result, error)

    def _open_dialog(self, job: Job) -> None:
        if self.progress_factory is not None:
            parent = self.parent() if isinstance(self.parent(), QWidget) else None
            self.dialog = self.progress_factory(parent, job.title, job.label, job.total)  # type: ignore[arg-type]
            canceled = getattr(self.dialog, "canceled", None)
            if canceled is not None:
                canceled.connect(self.cancel)

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
    def _on_progress(self, thread: _JobThread, done: int, total: int) -> None:
        job = self.job
        if job is None or job.thread is not thread or self.dialog is None:
            return
        if total > 0 and hasattr(self.dialog, "setMaximum"):
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

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
        self.job = None
        self._close_dialog()
        self._deliver(job, result, error)

    @staticmethod
    def _deliver(job: Job, result: Any, error: Any) -> None:
        if error is None:
            job.on_result(result)
        elif is_cancel(error):
            job.on_cancel()
        else:
            job.on_error(describe(error))

    def _close_dialog(self) -> None:
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
        if hasattr(dialog, "deleteLater"):
            dialog.deleteLater()


def describe(error: BaseException) -> str:
    """One line for the user: our own errors speak for themselves, others get their type."""
    if isinstance(error, InterchangeError | ExportError):
        return str(error)
    text = " ".join(str(error).split()) or type(error).__name__
    if isinstance(error, OSError):
        return text
    return f"{type(error).__name__}: {text}"
