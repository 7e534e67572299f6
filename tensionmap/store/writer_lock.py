"""Who else has a workspace file open for writing: a lock file beside it.

SQLite's own locks last only for one transaction, so they cannot tell that a
second window or a colleague on a shared drive has the same file open. A
small ``.NAME.lock`` file beside the document, held with an advisory lock
while the file is open for writing, can: the kernel drops the lock when its
holder exits or crashes, so a leftover lock file never blocks anyone. The
file names its holder (user, host, process) for the warning.
"""

from __future__ import annotations

import getpass
import os
import socket
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def author() -> str:
    """Who is writing: ``TENSIONMAP_AUTHOR`` if set, else user@host."""
    name = os.environ.get("TENSIONMAP_AUTHOR", "").strip()
    if name:
        return name[:200]
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "someone"
    return f"{user}@{socket.gethostname()}"


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


class WriterLock:
    """An advisory lock saying "open for writing here"; ``acquire`` never waits."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another open holds it (this process included)."""
        if fcntl is None:  # pragma: no cover - no advisory locks: nothing to tell
            return True
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                return True  # a read-only folder: we cannot tell, and SQLite still guards each command
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return False
            try:  # the holder may have removed the file between our open and lock
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{author()} (process {os.getpid()})\n".encode())
            self._fd = fd
            return True
        return True

    def holder(self) -> str:
        """Who holds the lock, as its file says (or 'another process')."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            text = ""
        return text.splitlines()[0][:200] if text else "another process"

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            self.path.unlink()
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
