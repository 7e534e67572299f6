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
from .store.server_connect import is_server


class CliError(Exception):
    """A failure to report as one line and exit 1."""


@dataclass(frozen=True)
class Reading:
    """A workspace opened for reading, and what ``info`` says about its file."""

    workspace: Workspace
    file: WorkspaceFile | None  # None for an imported (non-.tmap) file
    read_only: bool  # whether the window would have to open it read-only
    schema_version: int  # 0 for an imported file


def open_for_reading(path: str) -> tuple[WorkspaceFile | None, Workspace, bool, int]:
    """A workspace to read: a .tmap opened read-only, a shared ``URL#NAME``, or any importable file.

    Returns (file or None, workspace, read_only flag, schema version); ``reading`` closes it for you.
    """
    if is_server(path):
        from .cli_server import open_shared

        sw = open_shared(path, read_only=True)
        return sw, sw.workspace, sw.read_only, sw.schema_version
    p = Path(path)
    if p.suffix.lower() != ".tmap" and p.exists() and not _looks_like_sqlite(p):
        from .interchange import InterchangeError, read_any

        try:
            return None, read_any(p), True, 0
        except InterchangeError as exc:
            raise CliError(str(exc)) from None
    wf = WorkspaceFile.open(p, read_only=True)
    # Inspection always opens read-only; report whether the app would have to.
    would_be_read_only = wf.schema_version > SCHEMA_VERSION or not os.access(p, os.W_OK)
    return wf, wf.workspace, would_be_read_only, wf.schema_version


@contextmanager
def reading(path: str) -> Iterator[Reading]:
    """A workspace to read (see ``open_for_reading``), closed on exit."""
    wf, ws, read_only, version = open_for_reading(path)
    try:
        yield Reading(ws, wf, read_only, version)
    finally:
        if wf is not None:
            wf.close()


@contextmanager
def writing(path: str | Path) -> Iterator[WorkspaceFile]:
    """A workspace to change (see ``open_for_writing``), closed on exit; read-only is refused in one line."""
    wf = open_for_writing(str(path))
    try:
        if wf.read_only:
            raise CliError(f"{shown_name(wf)}: {wf.notice or 'read-only'}")
        yield wf
    finally:
        wf.close()


def open_for_writing(target: str) -> WorkspaceFile:
    """A workspace to change: a .tmap file, or a shared workspace given as ``URL#NAME``."""
    if is_server(target):
        from .cli_server import open_shared

        return open_shared(target)
    return WorkspaceFile.open(target)


def shown_name(wf: object) -> str:
    """How messages name an open workspace: the file name, or server/db#name."""
    path = getattr(wf, "path", "")
    return path.name if isinstance(path, Path) else str(path)


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
