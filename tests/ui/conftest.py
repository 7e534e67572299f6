"""UI test set-up: isolated settings and data folders, a small map, gesture helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tensionmap.model import Node, Relation, Workspace
from tensionmap.store import WorkspaceFile


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp: QApplication) -> Path:
    """Settings and standard paths of each test live in its own folder.

    Windows and dialogs a test leaves open are closed afterwards, so no test
    sees another's leftovers.
    """
    folder = tmp_path / "settings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QStandardPaths.setTestModeEnabled(True)
    yield folder
    close_leftovers()


def close_leftovers() -> None:
    """Close what a test left open: modal dialogs and popups first, then visible windows.

    Windows are reached through their QWindow handles rather than
    ``QApplication.topLevelWidgets()``: that call wraps every top-level widget
    Qt knows, Qt-internal ones (tooltips, combo-box popups, menus) included,
    and intermittently crashed the interpreter at teardown in long runs.
    """
    for _ in range(20):
        widget = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        if widget is None:
            break
        widget.close()
        QApplication.processEvents()
    for handle in QGuiApplication.topLevelWindows():
        if handle.isVisible():
            handle.close()
    QApplication.processEvents()


def small_workspace() -> Workspace:
    """Four nodes far enough apart to aim at, and two relations."""
    ws = Workspace("Test map")
    ws.add_node(Node("s1", "stakeholder", "Universities", x=-300, y=-150, group="Institutions"))
    ws.add_node(Node("s2", "stakeholder", "Employers", x=300, y=-150))
    ws.add_node(Node("d1", "driver", "Scalability", x=-300, y=150))
    ws.add_node(Node("d2", "driver", "Specificity", x=300, y=150))
    ws.add_relation(Relation("r1", "s1", "d1", "values", 3))
    ws.add_relation(Relation("r2", "d1", "d2", "in_tension_with", 4))
    return ws


@pytest.fixture
def map_path(tmp_path: Path) -> Path:
    path = tmp_path / "map.tmap"
    WorkspaceFile.create(path, small_workspace()).close()
    return path


@pytest.fixture
def app(tmp_path: Path):
    from tensionmap.ui.app import Application

    application = Application(data_dir=tmp_path / "data")
    yield application
    for win in list(application.windows):  # the main windows a test opened, closed the way a user would
        if win.isVisible():
            win.close()


@pytest.fixture
def window(qtbot, app, map_path: Path):
    """The real main window on map.tmap, shown offscreen and fitted."""
    win = app.open_window(WorkspaceFile.open(map_path))
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.canvas.fit_map()
    win.canvas.setFocus()
    yield win
    if win.isVisible():
        win.close()
