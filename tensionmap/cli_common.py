"""Pieces the command-line modules share: the error type and how a file is read."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .model import Workspace
from .store import WorkspaceFile
from .store.schema import SCHEMA_VERSION


class CliError(Exception):
    """A failure to report as one line and exit 1."""


@dataclass(frozen=True)
class Reading:
    """A workspace opened for reading, and what ``info`` says about its file."""

    workspace: Workspace
    file: WorkspaceFile | None  # None for an imported (non-.tmap) file
    read_only: bool  # whether the window would have to open it read-only
    schema_version: int  # 0 for an imported file


@contextmanager
def reading(path: str) -> Iterator[Reading]:
    """A workspace to read: a .tmap opened read-only (closed on exit), or any importable file."""
    p = Path(path)
    if p.suffix.lower() != ".tmap" and p.exists() and not _looks_like_sqlite(p):
        from .interchange import InterchangeError, read_any

        try:
            imported = read_any(p)
        except InterchangeError as exc:
            raise CliError(str(exc)) from None
        yield Reading(imported, None, True, 0)
        return
    wf = WorkspaceFile.open(p, read_only=True)
    try:
        # Inspection always opens read-only; report whether the app would have to.
        would_be_read_only = wf.schema_version > SCHEMA_VERSION or not os.access(p, os.W_OK)
        yield Reading(wf.workspace, wf, would_be_read_only, wf.schema_version)
    finally:
        wf.close()


@contextmanager
def writing(path: str | Path) -> Iterator[WorkspaceFile]:
    """A .tmap opened for writing (closed on exit); a read-only one is refused in one line."""
    wf = WorkspaceFile.open(path)
    try:
        if wf.read_only:
            raise CliError(f"{wf.path.name}: {wf.notice or 'read-only'}")
        yield wf
    finally:
        wf.close()


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
