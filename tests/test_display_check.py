"""The check before Qt starts: one line and exit 1 where no window can open, never a core dump.

Also what ``scripts/setup`` relies on: after set-up, ``ldd`` finds every
library Qt's window plugins need, and the soname-to-package table names the
packages that really ship those files (``dpkg -S``).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tensionmap import display_check
from tensionmap.display_check import PACKAGES, platform_candidates, plugin_files, window_problem

TENSIONMAP = str(Path(sys.executable).with_name("tensionmap"))
DISPLAY_VARS = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE")


def bare_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of an SSH session or a container: no display of any kind."""
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARS}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"), **extra)
    return env


def run_tensionmap(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([TENSIONMAP, *args], env=env, capture_output=True, text=True, timeout=60)


# ------------------------------------------------------------- the command
def test_no_display_gives_one_line_and_exit_1(tmp_path: Path):
    out = run_tensionmap(bare_env(tmp_path))
    assert out.returncode == 1, out.stderr
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("tensionmap: no display to open the window on")
    assert f"xvfb-run -a {TENSIONMAP}" in lines[0]  # spelt as typed: it may not be on PATH
    assert f"{TENSIONMAP} --screenshot OUT.png" in lines[0]


def test_the_hint_spells_the_command_as_it_can_be_typed_again(tmp_path: Path):
    assert display_check.command_name(".venv/bin/tensionmap") == ".venv/bin/tensionmap"
    assert display_check.command_name(str(tmp_path / "tensionmap")) == str(tmp_path / "tensionmap")
    assert display_check.command_name("/usr/lib/python3.11/site-packages/tensionmap/cli.py") == "tensionmap"


def free_display_number() -> int:
    """A display number no X server listens on (no socket file, no lock file)."""
    for n in range(700, 800):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    pytest.fail("no free X display number in 700-799")


def test_a_display_nobody_answers_on_gives_one_line_and_exit_1(tmp_path: Path):
    """A stale DISPLAY (e.g. a closed SSH -X session): Qt would abort with exit 134."""
    out = run_tensionmap(bare_env(tmp_path, DISPLAY=f":{free_display_number()}"))
    assert out.returncode == 1, out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert "cannot connect to the X display" in lines[0]


def test_screenshot_needs_no_display(tmp_path: Path):
    shot = tmp_path / "shot.png"
    out = run_tensionmap(bare_env(tmp_path), "--screenshot", str(shot), "--size", "800x600")
    assert out.returncode == 0, out.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_platform_without_a_display_is_let_through():
    assert window_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert window_problem({"QT_QPA_PLATFORM": "minimal"}) is None


# ------------------------------------------------------------- the rules
def test_which_platforms_qt_tries():
    assert platform_candidates({}) == ["xcb"]
    assert platform_candidates({"DISPLAY": ":0"}) == ["xcb"]
    assert platform_candidates({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}) == ["wayland", "xcb"]
    assert platform_candidates({"QT_QPA_PLATFORM": "wayland;xcb"}) == ["wayland", "xcb"]
    assert platform_candidates({"QT_QPA_PLATFORM": "xcb:dpi=96"}) == ["xcb"]


def test_missing_libraries_name_the_exact_install_line(monkeypatch):
    monkeypatch.setattr(
        display_check, "missing_libraries", lambda files: ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    )
    problem = window_problem({"DISPLAY": ":0"})
    assert problem is not None and "\n" not in problem
    sudo = "sudo " if os.geteuid() != 0 else ""
    assert problem.endswith(f"install them with: {sudo}apt-get install libxcb-icccm4 libxcb-keysyms1")
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in problem


def test_an_unknown_library_is_named_not_dropped(monkeypatch):
    monkeypatch.setattr(display_check, "missing_libraries", lambda files: ["libfancy.so.3"])
    problem = window_problem({"DISPLAY": ":0"})
    assert problem is not None and "no package known for libfancy.so.3" in problem


def test_wayland_falls_back_to_xcb_as_qt_does(monkeypatch):
    """A Wayland compositor that is gone is no reason to refuse when X answers."""
    monkeypatch.setattr(display_check, "x_server_problem", lambda display: None)
    env = {"WAYLAND_DISPLAY": "no-such-wayland", "XDG_RUNTIME_DIR": "/nonexistent", "DISPLAY": ":0"}
    assert window_problem(env) is None
    monkeypatch.setattr(display_check, "x_server_problem", lambda display: "cannot connect to :0")
    problem = window_problem(env)
    assert problem is not None and "no-such-wayland" in problem


def test_a_wayland_compositor_that_listens_is_enough(tmp_path: Path):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as compositor:
        compositor.bind(str(tmp_path / "wayland-1"))
        compositor.listen(1)
        env = {"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}
        assert window_problem(env) is None
    problem = window_problem(env)  # the socket file is left behind, nobody listens
    assert problem is not None and "cannot connect to the Wayland display 'wayland-1'" in problem


def test_a_misspelt_platform_is_named():
    problem = window_problem({"QT_QPA_PLATFORM": "xbc"})
    assert problem is not None and "'xbc'" in problem and "xcb" in problem


def test_ldd_output_is_read_as_ldd_writes_it():
    text = (
        "\tlinux-vdso.so.1 (0x00007ffc)\n"
        "\tlibxcb-icccm.so.4 => not found\n"
        "\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f)\n"
        "\tlibxcb-keysyms.so.1 => not found\n"
        "\tlibxcb-icccm.so.4 => not found\n"
    )
    assert display_check.parse_ldd(text) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


# ------------------------------------------------------------- after set-up
def ldd(path: Path) -> str:
    return subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=True).stdout


def test_every_qt_window_plugin_finds_its_libraries_after_setup():
    files = plugin_files()
    platforms = [f for f in files if f.parent.name == "platforms"]
    assert any(f.name == "libqxcb.so" for f in platforms), platforms
    not_found = {f.name: re.findall(r"(\S+) => not found", ldd(f)) for f in files}
    assert not {k: v for k, v in not_found.items() if v}, "run: bash scripts/setup"


def dpkg_owners(paths: list[str]) -> dict[str, str]:
    """The package that installed each path, trying both sides of Debian's merged /usr (one dpkg call)."""
    variants: dict[str, str] = {}
    for path in paths:
        real = os.path.realpath(path)
        for candidate in (path, real, real.removeprefix("/usr"), "/usr" + path):
            variants.setdefault(candidate, path)
    out = subprocess.run(["dpkg", "-S", *variants], capture_output=True, text=True).stdout
    owners: dict[str, str] = {}
    for line in out.splitlines():
        package, _, found = line.partition(": ")
        if found in variants:
            owners[variants[found]] = package.split(",")[0].split(":")[0].strip()
    return owners


def test_the_package_table_names_the_packages_that_ship_the_files():
    resolved: dict[str, str] = {}
    for f in plugin_files():
        for so, path in re.findall(r"^\s*(\S+) => (/\S+)", ldd(f), re.MULTILINE):
            if so in PACKAGES:
                resolved[so] = path
    assert "libxcb-icccm.so.4" in resolved and "libwayland-cursor.so.0" in resolved
    owners = dpkg_owners(list(resolved.values()))
    wrong = {}
    for so, path in resolved.items():
        owner = owners.get(path)
        if owner is None or owner.removesuffix("t64") != PACKAGES[so]:
            wrong[so] = (PACKAGES[so], owner)
    assert not wrong, f"table entry vs dpkg -S: {wrong}"


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\).*\[(.+?)\]", out)


def test_the_package_table_covers_every_library_qt_links_against():
    """Qt's own libraries and the plugins, followed through PySide6's Qt/lib (readelf -d)."""
    qt_lib = display_check.qt_dir() / "lib"
    todo, seen, system = list(plugin_files()), set(), set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for so in needed(path):
            if (qt_lib / so).exists():
                todo.append(qt_lib / so)
            else:
                system.add(so)
    assert "libxcb-keysyms.so.1" in system
    assert sorted(system - PACKAGES.keys()) == []
