"""Can the window open here? Answered before Qt is imported, in one line.

Qt aborts the whole process (exit 134, a core dump, a dozen lines that blame
the wrong library) when its platform plugin cannot load or cannot reach a
display. This module asks the same questions first, without Qt: which
platform Qt will pick, whether that platform has a display to talk to,
whether the system libraries its plugin links against are all there (``ldd``
on the plugin, mapped to Debian/Ubuntu package names), and whether the X
server answers. ``scripts/setup`` uses the same table to install what is
missing (``python -m tensionmap.display_check --missing-packages``).

Stdlib only: it must work exactly when PySide6 cannot be imported.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

# The libraries Qt's libraries and the plugins below link against directly
# (``readelf -d``), by soname, with the Debian 12 package that ships each.
# Ubuntu 24.04 uses the same names; where it renamed a package for 64-bit
# time (libglib2.0-0t64) the new package provides the old name, so apt
# accepts the line as written. tests/test_display_check.py checks every entry
# against ``dpkg -S`` on the installed files and that no soname Qt needs is
# missing from the table.
PACKAGES: dict[str, str] = {
    "ld-linux-x86-64.so.2": "libc6",
    "libc.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libm.so.6": "libc6",
    "libpthread.so.0": "libc6",
    "libresolv.so.2": "libc6",
    "libgcc_s.so.1": "libgcc-s1",
    "libstdc++.so.6": "libstdc++6",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libbrotlidec.so.1": "libbrotli1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libgssapi_krb5.so.2": "libgssapi-krb5-2",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdrm.so.2": "libdrm2",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

# Plugin folders (under PySide6/Qt/plugins) whose libraries a window needs:
# the platforms themselves and what the xcb and Wayland platforms load next.
PLUGIN_DIRS = (
    "platforms",
    "xcbglintegrations",
    "wayland-shell-integration",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
)


def command_name(argv0: str | None = None) -> str:
    """How to type this command again: as it was typed, or plain ``tensionmap`` when on PATH."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    if not argv0 or not os.path.basename(argv0).startswith("tensionmap"):
        return "tensionmap"  # e.g. python -m tensionmap.cli
    if not os.path.isabs(argv0):
        return argv0
    on_path = shutil.which("tensionmap")
    return "tensionmap" if on_path and os.path.samefile(on_path, argv0) else argv0


def no_display_hint() -> str:
    """What to do where no window can open, with the command spelt as the user can run it."""
    cmd = command_name()
    return (
        f"run it in a desktop session, or under a virtual display with 'xvfb-run -a {cmd}'; "
        f"the subcommands ('{cmd} --help') and '{cmd} --screenshot OUT.png' need no display"
    )


def qt_dir() -> Path | None:
    """PySide6's Qt folder, found without importing PySide6 (which may be what fails)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def plugin_files(platform: str | None = None, root: Path | None = None) -> list[Path]:
    """The plugin libraries to check: all of PLUGIN_DIRS, or one platform's own plugin.

    At start-up only the platform plugin counts: a missing GL or shell
    integration costs a warning, not the window. Set-up installs for all.
    """
    root = root if root is not None else qt_dir()
    if root is None:
        return []
    plugins = root / "plugins"
    if platform is None:
        return sorted(p for d in PLUGIN_DIRS for p in (plugins / d).glob("*.so"))
    name = "wayland" if platform.startswith("wayland") else platform
    return sorted((plugins / "platforms").glob(f"libq{name}*.so"))


def parse_ldd(output: str) -> list[str]:
    """The sonames ``ldd`` reports as "not found", once each, in order."""
    found: list[str] = []
    for match in re.finditer(r"^\s*(\S+)\s*=>\s*not found", output, re.MULTILINE):
        if match.group(1) not in found:
            found.append(match.group(1))
    return found


def missing_libraries(files: Sequence[Path]) -> list[str]:
    """Sonames the given libraries (or what they load) need and the system lacks.

    Empty when ``ldd`` itself is not there: then nothing can be told, and Qt
    gets its chance.
    """
    missing: list[str] = []
    for path in files:
        try:
            out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return []
        missing += [so for so in parse_ldd(out.stdout) if so not in missing]
    return missing


def packages_for(sonames: Sequence[str]) -> tuple[list[str], list[str]]:
    """(Debian packages to install, sonames no package is known for)."""
    packages: list[str] = []
    unknown: list[str] = []
    for so in sonames:
        if so.startswith("libQt6"):
            unknown.append(so)  # part of PySide6 itself: reinstalling it is the fix
        elif so in PACKAGES:
            if PACKAGES[so] not in packages:
                packages.append(PACKAGES[so])
        else:
            unknown.append(so)
    return packages, unknown


def install_line(packages: Sequence[str]) -> str:
    sudo = "sudo " if hasattr(os, "geteuid") and os.geteuid() != 0 else ""
    return f"{sudo}apt-get install {' '.join(packages)}"


def platform_candidates(env: Mapping[str, str]) -> list[str]:
    """The platforms Qt will try, in order; it falls back to the next when one fails.

    QT_QPA_PLATFORM may list several (';'-separated, each with ':options').
    Unset, Qt 6 tries Wayland first when a Wayland session is announced, then
    xcb (its default on Linux).
    """
    wanted = env.get("QT_QPA_PLATFORM", "").strip()
    if wanted:
        return [p.split(":", 1)[0].strip() for p in wanted.split(";") if p.strip()]
    candidates = []
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        candidates.append("wayland")
    candidates.append("xcb")
    return candidates


def window_problem(env: Mapping[str, str] | None = None, qt_root: Path | None = None) -> str | None:
    """Ask, without Qt, whether the window can open; None when it can, else one line."""
    if not sys.platform.startswith("linux"):
        return None  # Qt's platforms elsewhere need neither a display variable nor these libraries
    env = os.environ if env is None else env
    problems = []
    for platform in platform_candidates(env):
        problem = platform_problem(platform, env, qt_root)
        if problem is None:
            return None
        problems.append(problem)
    real = [p for p in problems if p != "no display"]
    if real:
        return f"the window cannot open: {real[0]}"
    unset = "neither DISPLAY nor WAYLAND_DISPLAY is set"
    return f"no display to open the window on ({unset}): {no_display_hint()}"


def platform_problem(platform: str, env: Mapping[str, str], qt_root: Path | None = None) -> str | None:
    """Why Qt's ``platform`` cannot start here, or None when it can."""
    if platform == "xcb" and not env.get("DISPLAY"):
        return "no display"
    if platform.startswith("wayland") and not wayland_socket(env).exists():
        return "no display" if not env.get("WAYLAND_DISPLAY") else wayland_problem(env)
    files = plugin_files(platform, qt_root)
    if not files and (qt_root or qt_dir()) is not None:
        known = sorted(p.name[4:-3] for p in plugin_files(None, qt_root) if p.parent.name == "platforms")
        return f"QT_QPA_PLATFORM names {platform!r}, which is not a Qt platform here ({', '.join(known)})"
    missing = missing_libraries(files)
    if missing:
        packages, unknown = packages_for(missing)
        what = f"Qt's {platform} platform needs system libraries that are missing ({', '.join(missing)})"
        if packages:
            what += f"; install them with: {install_line(packages)}"
        if unknown:
            what += f"; no package known for {', '.join(unknown)} (try reinstalling: bash scripts/setup)"
        return what
    if platform == "xcb":
        return x_server_problem(env["DISPLAY"])
    if platform.startswith("wayland"):
        return wayland_problem(env)
    return None


def x_server_problem(display: str) -> str | None:
    """Connect to the X server as Qt will (libxcb), and hang up: None when it answers."""
    name = ctypes.util.find_library("xcb") or "libxcb.so.1"
    try:
        xcb = ctypes.CDLL(name)
    except OSError:
        return "libxcb.so.1 is missing; install it with: " + install_line(["libxcb1"])
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode(), None)
    failed = xcb.xcb_connection_has_error(conn)
    xcb.xcb_disconnect(conn)
    if failed:
        return (
            f"cannot connect to the X display {display!r} (no X server answers there, "
            f"or it refuses this user): {no_display_hint()}"
        )
    return None


def wayland_socket(env: Mapping[str, str]) -> Path:
    """Where the compositor listens: WAYLAND_DISPLAY (default wayland-0) in XDG_RUNTIME_DIR."""
    display = env.get("WAYLAND_DISPLAY") or "wayland-0"
    if display.startswith("/"):
        return Path(display)
    return Path(env.get("XDG_RUNTIME_DIR", "/nonexistent"), display)


def wayland_problem(env: Mapping[str, str]) -> str | None:
    """Knock on the compositor's socket: None when something listens."""
    path = wayland_socket(env)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        try:
            sock.connect(str(path))
        except OSError:
            name = env.get("WAYLAND_DISPLAY") or "wayland-0"
            return f"cannot connect to the Wayland display {name!r} at {path}: {no_display_hint()}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """``--missing-packages``: print the packages Qt's window plugins lack (for scripts/setup).

    Prints nothing when all is there.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if args != ["--missing-packages"]:
        print("usage: python -m tensionmap.display_check --missing-packages", file=sys.stderr)
        return 2
    files = plugin_files()
    if not files:
        print("display_check: PySide6 is not installed", file=sys.stderr)
        return 1
    packages, unknown = packages_for(missing_libraries(files))
    if unknown:  # a warning, not a failure: the known packages are still worth installing
        print(f"display_check: no package known for {', '.join(unknown)}", file=sys.stderr)
    print(" ".join(packages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
