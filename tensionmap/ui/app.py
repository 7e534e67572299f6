"""The composition root: one Application wires files, settings and windows.

``run(args)`` is what the ``tensionmap`` command calls. ``args`` is the CLI's
argparse namespace (``workspace``, ``screenshot``, ``size``) or a list of
command-line words. Nothing here is a module-level singleton: tests build
their own ``Application`` with their own data folder.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Workspace
from ..store import WorkspaceFile, WorkspaceFileError, new_from_example, untitled_path

if TYPE_CHECKING:
    from .main_window import MainWindow
    from .settings import AppSettings


class Application:
    """Owns the settings, the data folder for untitled files, and the open windows."""

    def __init__(self, data_dir: Path | str | None = None, settings: AppSettings | None = None) -> None:
        from PySide6.QtCore import QStandardPaths

        from .settings import AppSettings

        if data_dir is None:
            data_dir = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        self.data_dir = Path(data_dir)
        self.settings: AppSettings = settings if settings is not None else AppSettings()
        self.windows: list[MainWindow] = []

    # ------------------------------------------------------------ files
    def new_untitled(self) -> WorkspaceFile:
        return WorkspaceFile.create(untitled_path(self.data_dir), Workspace("Untitled"))

    def new_from_example(self) -> WorkspaceFile:
        """A new untitled copy of the shipped example (which is never opened for writing)."""
        return new_from_example(data_dir=self.data_dir)

    def open_path(self, path: Path | str, in_use: str = "refuse") -> WorkspaceFile:
        return WorkspaceFile.open(path, in_use=in_use)

    def file_opened(self, wf: WorkspaceFile) -> None:
        if not wf.read_only and isinstance(wf, WorkspaceFile):  # shared workspaces are not files
            self.settings.add_recent(wf.path)

    # ---------------------------------------------------------- windows
    def open_window(self, wf: WorkspaceFile | None = None) -> MainWindow:
        from .main_window import MainWindow

        window = MainWindow(self, wf)
        self.windows.append(window)
        return window

    def window_closed(self, window: MainWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def quit(self) -> None:
        for window in list(self.windows):
            window.close()


def main_window(wf: WorkspaceFile, data_dir: Path | str | None = None):
    """A window on ``wf`` with a fresh Application (for tests and embedding)."""
    return Application(data_dir).open_window(wf)


def _parse(args: argparse.Namespace | Sequence[str] | None) -> argparse.Namespace:
    if isinstance(args, argparse.Namespace):
        return args
    parser = argparse.ArgumentParser(prog="tensionmap")
    parser.add_argument("workspace", nargs="?")
    parser.add_argument("--screenshot")
    parser.add_argument("--size", default="1600x1000")
    parser.add_argument("--map-only", action="store_true")
    parser.add_argument("--present", action="store_true")
    return parser.parse_args(list(sys.argv[1:] if args is None else args))


def _offscreen_screen(size: tuple[int, int]) -> str:
    """A one-screen configuration for Qt's offscreen platform: a screen of ``size`` at 96 DPI."""
    import json
    import tempfile

    screen = {"name": "screenshot", "x": 0, "y": 0, "width": size[0], "height": size[1]}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"screens": [screen], "windowFrameMargins": False}, handle)
    return handle.name


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise WorkspaceFileError(f"--size {text!r}: expected WIDTHxHEIGHT, e.g. 1600x1000") from None
    if not (200 <= w <= 10000 and 200 <= h <= 10000):
        raise WorkspaceFileError(f"--size {text!r}: each side must be 200 to 10000 pixels")
    return w, h


def run(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    """Start the window (or render it to a PNG with --screenshot); returns the exit status.

    Raises WorkspaceFileError (one-line message) when WORKSPACE cannot be opened
    or --size is malformed; the CLI prints it and exits 1.
    """
    ns = _parse(args)
    screenshot = getattr(ns, "screenshot", None)
    size = parse_size(getattr(ns, "size", None) or "1600x1000")
    screen_file = None
    from PySide6.QtWidgets import QApplication

    if screenshot and QApplication.instance() is None:
        screen_file = _offscreen_screen(size)  # the window opens on a screen of --size
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen_file}"
    elif screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from .settings import APPLICATION, ORGANISATION

    if screenshot:
        from ..render.offscreen import install_quiet_messages

        install_quiet_messages()
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    if screen_file is not None:
        Path(screen_file).unlink(missing_ok=True)
    qapp.setOrganizationName(ORGANISATION)
    qapp.setApplicationName(APPLICATION)
    qapp.setApplicationDisplayName("tensionmap")
    workspace = getattr(ns, "workspace", None)
    if screenshot:
        options = ShotOptions(bool(getattr(ns, "map_only", False)), bool(getattr(ns, "present", False)))
        return _screenshot(workspace, Path(screenshot), size, options)
    app = Application()
    wf = app.open_path(workspace) if workspace else app.new_from_example()
    window = app.open_window(wf)
    window.show()
    status = qapp.exec()
    from .clipboard import release_clipboard

    release_clipboard()
    return status


@dataclass(frozen=True)
class ShotOptions:
    """What ``--screenshot`` shows: the map viewport only, and/or presentation mode."""

    map_only: bool = False
    present: bool = False


def _screenshot(
    workspace: str | None, out: Path, size: tuple[int, int], options: ShotOptions | None = None
) -> int:
    """The default window, whatever layout the user saved, leaving no trace behind.

    Settings are neither read nor written, and without WORKSPACE the example
    is copied into a temporary folder that is removed afterwards, so docs and
    reports get the same picture on every machine.
    """
    import tempfile

    from .settings import EphemeralSettings

    with tempfile.TemporaryDirectory() as tmp:
        app = Application(data_dir=tmp, settings=EphemeralSettings())
        wf = app.open_path(workspace) if workspace else app.new_from_example()
        return save_screenshot(app.open_window(wf), out, size, options)


def _presentation_action(window: Any) -> Any:
    """The window's F5 action (Presentation Mode)."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QWidget

    f5 = QKeySequence("F5")
    action = next((a for a in QWidget.actions(window) if a.shortcut() == f5), None)
    if action is None:
        raise WorkspaceFileError("--present: this window has no presentation mode")
    return action


def save_screenshot(window: Any, out: Path, size: tuple[int, int], options: ShotOptions | None = None) -> int:
    """Lay the real window out at ``size``, fit the map, and save what it shows.

    ``options.map_only`` saves the map's viewport alone (as the window at that size
    shows it, legend included); ``options.present`` shows presentation mode on a
    screen of ``size`` first.
    """
    from PySide6.QtWidgets import QApplication

    options = options or ShotOptions()
    window.resize(*size)
    window.show()
    window.settle()  # background work that shows in the window (the analysis) is in first
    for _ in range(3):
        QApplication.processEvents()
    window.canvas.fit_map()
    QApplication.processEvents()
    present = _presentation_action(window) if options.present else None
    if present is not None:
        present.trigger()  # F5
        window.setGeometry(0, 0, *size)  # the screen it is presented on (offscreen has none that size)
        for _ in range(3):
            QApplication.processEvents()
        window.canvas.refit()
        QApplication.processEvents()
    pixmap = window.canvas.grab() if options.map_only else window.grab()
    ok = pixmap.save(str(out), "PNG")
    if present is not None:
        present.trigger()
    window.close()
    if not ok:
        raise WorkspaceFileError(f"{out.name}: cannot write the screenshot")
    return 0
