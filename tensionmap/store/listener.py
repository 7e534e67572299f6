"""Learning of other clients' commits: LISTEN/NOTIFY on a thread of its own (no Qt).

The server sends the new revision number on the workspace's channel at the
commit of every command. This listener only records the highest revision
heard and whether it is connected; the client then reads the rows from the
journal on its own thread (``SharedWorkspace.refresh``). When the connection
drops (network, server restart) it retries every half second, listens again
and reads the current revision, so a client catches up on what it missed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import psycopg

RETRY_S = 0.5


def channel_for(ws_id: int) -> str:
    return f"tensionmap_ws_{int(ws_id)}"


class RevisionListener:
    """Listens for new revisions of one workspace; ``latest`` and ``connected`` are safe to read."""

    def __init__(
        self, connect_kwargs: dict[str, Any], ws_id: int, wake: Callable[[], None] | None = None
    ) -> None:
        self._kwargs = connect_kwargs
        self.ws_id = ws_id
        self.channel = channel_for(ws_id)
        #: Called on the listener thread after news (a new revision, a change of state).
        self.wake = wake
        self.latest = 0
        self.connected = False
        self.reconnects = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"tensionmap-listen-{ws_id}", daemon=True)

    def start(self) -> RevisionListener:
        self._thread.start()
        return self

    def wait_connected(self, timeout: float = 5.0) -> bool:
        deadline = threading.Event()
        for _ in range(int(timeout / 0.02)):
            if self.connected:
                return True
            deadline.wait(0.02)
        return self.connected

    def _notify(self) -> None:
        if self.wake is not None:
            self.wake()

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(autocommit=True, connect_timeout=3, **self._kwargs) as conn:
                    conn.execute(f'LISTEN "{self.channel}"')
                    row = conn.execute(
                        "SELECT revision FROM tensionmap.workspaces WHERE id = %s", (self.ws_id,)
                    ).fetchone()
                    if row is not None:
                        self.latest = max(self.latest, int(row[0]))
                    if not first:
                        self.reconnects += 1
                    first = False
                    self.connected = True
                    self._notify()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.25, stop_after=64):
                            try:
                                revision = int(note.payload)
                            except ValueError:
                                continue
                            if revision > self.latest:
                                self.latest = revision
                                self._notify()
                        conn.execute("SELECT 1")  # a dead server shows here, not only at the next note
            except (psycopg.Error, OSError):
                pass
            if self.connected:
                self.connected = False
                self._notify()
            self._stop.wait(RETRY_S)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=3)
