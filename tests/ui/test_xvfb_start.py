"""The real application on a real X server: the command a new user types opens the map.

Every other UI test runs Qt offscreen, which never loads the xcb platform
plugin and so cannot notice what breaks it on a fresh machine (missing xcb
libraries, a display it cannot reach). Here Xvfb plays the desktop:
``tensionmap`` starts with DISPLAY pointing at it and QT_QPA_PLATFORM unset,
the screen is grabbed with ``xwd``, and the example's map must be on it
(node fills and both relation colours). ``bash scripts/setup --test`` (and
so .ci/run) installs Xvfb and xwd, so their absence is a failure, not a skip.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tensionmap.render import style

SCREEN = (1366, 768)
TIMEOUT = 20.0  # seconds for the whole start; the window is usually up within 3


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: apt-get install {package} (bash scripts/setup --test does it)")
    return found


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """Xvfb on a display number it picks itself (-displayfd), returned once it accepts clients."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        [
            tool("Xvfb", "xvfb"),
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{SCREEN[0]}x{SCREEN[1]}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_fd)
    number = b""
    deadline = time.monotonic() + 10
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while not number.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([pipe], [], [], 0.2)
            if ready:
                chunk = pipe.read(16)
                if not chunk:
                    break
                number += chunk
    if not number.strip().isdigit():
        xvfb.kill()
        _, err = xvfb.communicate()
        pytest.fail(f"Xvfb did not start: {err.decode(errors='replace')[-500:]}")
    return xvfb, f":{number.strip().decode()}"


def grab(display: str) -> np.ndarray:
    """The whole screen as an (height, width, 3) RGB array, via ``xwd`` (XWD, ZPixmap)."""
    out = subprocess.run(
        [tool("xwd", "x11-apps"), "-root", "-silent", "-display", display],
        capture_output=True,
        check=True,
        timeout=10,
    ).stdout
    h = np.frombuffer(out[:100], dtype=">u4")
    header_size, width, height = int(h[0]), int(h[4]), int(h[5])
    byte_order, bits_per_pixel, bytes_per_line = int(h[7]), int(h[11]), int(h[12])
    masks, ncolors = (int(h[14]), int(h[15]), int(h[16])), int(h[19])
    size = bits_per_pixel // 8
    assert size in (3, 4), f"unexpected XWD pixel size {bits_per_pixel}"  # Xvfb gives 32, some servers 24
    start = header_size + 12 * ncolors
    rows = np.frombuffer(out[start : start + height * bytes_per_line], dtype=np.uint8)
    raw = rows.reshape(height, bytes_per_line)[:, : width * size].reshape(height, width, size)
    raw = raw.astype(np.uint32)
    order = range(size) if byte_order == 0 else range(size - 1, -1, -1)  # LSBFirst or MSBFirst
    pixels = sum(raw[..., i] << np.uint32(8 * k) for k, i in enumerate(order))
    channels = [(pixels & m) >> (m & -m).bit_length() - 1 for m in masks]
    return np.stack(channels, axis=-1).astype(np.int16)


def count_near(image: np.ndarray, colour: object, tolerance: int = 8) -> int:
    rgb = np.array([colour.red(), colour.green(), colour.blue()], dtype=np.int16)  # type: ignore[attr-defined]
    return int(np.all(np.abs(image - rgb) <= tolerance, axis=-1).sum())


def window_names(display: str) -> str:
    return subprocess.run(
        [tool("xwininfo", "x11-utils"), "-root", "-tree", "-display", display],
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout


def map_counts(image: np.ndarray) -> dict[str, int]:
    return {
        "stakeholder fill": count_near(image, style.STAKEHOLDER_FILL, 3),
        "driver fill": count_near(image, style.DRIVER_FILL, 3),
        "supports blue": count_near(image, style.SUPPORT_COLOUR),
        "opposes vermillion": count_near(image, style.OPPOSE_COLOUR),
    }


# Enough pixels that the legend and the tension matrix alone cannot pass for the map: with
# an empty workspace the screen has under 300 of each; the example gives 3,500 stakeholder
# and 11,000 driver fill, 900 blue and 3,000 vermillion.
MINIMUM = {"stakeholder fill": 1500, "driver fill": 3000, "supports blue": 500, "opposes vermillion": 1000}


def test_tensionmap_opens_the_example_map_on_an_x_display(tmp_path: Path):
    xvfb, display = start_xvfb()
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_SESSION_TYPE="x11")
    app = subprocess.Popen(
        [str(Path(sys.executable).with_name("tensionmap"))],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        counts: dict[str, int] = {}
        titled = False
        while time.monotonic() < deadline and app.poll() is None:
            titled = titled or " — tensionmap" in window_names(display)
            if titled:
                image = grab(display)
                counts = map_counts(image)
                if all(counts[k] >= MINIMUM[k] for k in MINIMUM):
                    break
            time.sleep(0.2)  # poll interval while waiting for the condition above
        if app.poll() is not None:
            _, err = app.communicate()
            pytest.fail(f"tensionmap exited with {app.returncode}: {err.decode(errors='replace')[-800:]}")
        assert titled, "no tensionmap window appeared on the X display"
        short = {k: counts.get(k, 0) for k in MINIMUM if counts.get(k, 0) < MINIMUM[k]}
        assert not short, f"the map is not on the screen: too few pixels of {short} (need {MINIMUM})"
        assert image.shape[:2] == (SCREEN[1], SCREEN[0])
    finally:
        app.terminate()
        try:
            app.wait(timeout=5)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        xvfb.terminate()
        xvfb.wait(timeout=5)
