"""The window's features see it through a typed interface, and nothing else of it."""

from __future__ import annotations

import re
from pathlib import Path

from tensionmap.analysis.lens_view import apply_lens
from tensionmap.ui.window_api import Menus, WindowApi

ROOT = Path(__file__).resolve().parents[2]
CONTROLLERS = [
    "shared_controller.py",
    "file_watch.py",
    "ratings_controller.py",
    "scenario_controller.py",
    "tension_controller.py",
    "tension_layouts.py",
    "insight_controller.py",
    "insight_report.py",
    "exchange_controller.py",
    "presentation.py",
    "insight_docks.py",
    "actions.py",
    "app.py",
]


def test_the_main_window_implements_the_interface(window) -> None:
    assert isinstance(window, WindowApi)
    assert isinstance(window.menus, Menus)
    assert window.menus.exchange_anchor in window.menus.file.actions()
    assert window.menus.recent.menuAction() in window.menus.file.actions()


def test_the_view_state_says_what_the_canvas_shows_with_a_signal(qtbot, window) -> None:
    ws = window.wf.workspace
    view = apply_lens(ws, None, max_horizon="short")
    with qtbot.waitSignal(window.view_state.changed, timeout=1000) as blocker:
        window.view_state.set(view)
    assert blocker.args == [view] and window.view_state.view is view
    with qtbot.assertNotEmitted(window.view_state.changed):
        window.view_state.set(view)  # no change, no signal


def test_only_the_dock_layout_sizes_docks() -> None:
    sizing = [
        p.name
        for p in (ROOT / "tensionmap" / "ui").glob("*.py")
        if "resizeDocks(" in p.read_text() and p.name != "dock_layout.py"
    ]
    assert not sizing


def test_no_feature_probes_the_window_or_touches_its_private_parts() -> None:
    probing = re.compile(r"getattr\((self\.)?(window|_window|w)\b")
    private = re.compile(r"\b(self\.window|window|w)\._[a-z]")
    found = []
    for name in CONTROLLERS:
        for number, line in enumerate((ROOT / "tensionmap" / "ui" / name).read_text().splitlines(), 1):
            if probing.search(line) or private.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
