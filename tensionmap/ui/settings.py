"""Preferences kept between runs: window geometry, dock layout, recent files.

One ``AppSettings`` per application, built by the composition root. Files
are INI in the user scope under ORGANISATION/APPLICATION, so tests can
redirect them with ``QSettings.setPath(IniFormat, UserScope, tmp)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

ORGANISATION = "tensionmap"
APPLICATION = "tensionmap"
MAX_RECENT = 10


class AppSettings:
    """A thin, typed layer over QSettings."""

    def __init__(self) -> None:
        self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)

    @property
    def qsettings(self) -> QSettings:
        return self._qs

    def recent_files(self) -> list[str]:
        value = self._qs.value("recent_files", [])
        if isinstance(value, str):  # QSettings returns a lone string for a one-item list
            value = [value]
        return [str(v) for v in (value or []) if str(v)]

    def add_recent(self, path: Path | str) -> list[str]:
        entry = str(Path(path).resolve())
        files = [entry] + [f for f in self.recent_files() if f != entry]
        self._qs.setValue("recent_files", files[:MAX_RECENT])
        self._qs.sync()
        return files[:MAX_RECENT]

    def remove_recent(self, path: str) -> None:
        self._qs.setValue("recent_files", [f for f in self.recent_files() if f != path])

    def clear_recent(self) -> None:
        self._qs.setValue("recent_files", [])

    def save_window(self, window: QMainWindow) -> None:
        self._qs.setValue("window/geometry", window.saveGeometry())
        self._qs.setValue("window/state", window.saveState())
        self._qs.sync()

    def restore_window(self, window: QMainWindow) -> bool:
        """Put back geometry and dock layout; False when there is nothing saved."""
        geometry = self._qs.value("window/geometry")
        state = self._qs.value("window/state")
        restored = False
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            restored = window.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not state.isEmpty():
            window.restoreState(state)
        return restored


class EphemeralSettings(AppSettings):
    """Settings for a one-off run (``--screenshot``): the default layout, nothing remembered."""

    def add_recent(self, path: Path | str) -> list[str]:
        return self.recent_files()

    def save_window(self, window: QMainWindow) -> None:
        return None

    def restore_window(self, window: QMainWindow) -> bool:
        return False
