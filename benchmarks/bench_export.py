"""Export benchmark: our SVG and PDF export against Qt rendering a bare scene, in one run.

Run with ``python -m benchmarks.bench_export [--nodes 2000 --relations 6000]``.

"Ours" is the whole ``export_diagram`` call: snapshot of the workspace, the
map scene built, caption and legend laid out, the sheet painted through
QSvgGenerator or QPdfWriter, and the file written. The reference builds a
bare QGraphicsScene with the same number of plain ellipse, text and line items
(``benchmarks.bench_canvas.build_bare``) and has the same Qt generator render
it to a file of the same size. Runs alternate between the two and each keeps
its best of ``--repeats``. The verdict uses CPU time (``time.process_time``),
which other busy processes on the machine barely move; wall times are printed
too. Each CPU ratio (ours / bare) must stay at or below 2.0, or the exit status
is 1.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsScene

from benchmarks.bench_canvas import build_bare, make_workspace
from tensionmap.model import Workspace
from tensionmap.render.export import export_diagram

LIMIT = 2.0
MARGIN = 24.0


def _painted(device: object, scene: QGraphicsScene, source: QRectF, target: QRectF) -> None:
    painter = QPainter()
    if not painter.begin(device):  # type: ignore[arg-type]
        raise RuntimeError("could not start the painter")
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.fillRect(target, Qt.GlobalColor.white)
    scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
    painter.end()


def bare_svg(ws: Workspace, out: Path) -> None:
    scene = build_bare(ws)
    source = scene.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    gen = QSvgGenerator()
    gen.setFileName(str(out))
    gen.setSize(QSize(int(source.width()), int(source.height())))
    gen.setViewBox(QRectF(0, 0, source.width(), source.height()))
    gen.setResolution(96)
    _painted(gen, scene, source, QRectF(0, 0, source.width(), source.height()))


def bare_pdf(ws: Workspace, out: Path) -> None:
    scene = build_bare(ws)
    source = scene.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    writer = QPdfWriter(str(out))
    writer.setResolution(96)
    shrink = min(1.0, 200 * 96 / max(source.width(), source.height()))
    w_pt, h_pt = source.width() * 0.75 * shrink, source.height() * 0.75 * shrink
    writer.setPageSize(QPageSize(QSizeF(w_pt, h_pt), QPageSize.Unit.Point, "bare"))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    _painted(writer, scene, source, QRectF(0, 0, writer.width(), writer.height()))


def best_times(first: Callable[[], object], second: Callable[[], object], repeats: int) -> list[float]:
    """Best (CPU, wall) seconds of each, runs interleaved so a change in machine load hits both alike."""
    best = [math.inf] * 4
    for _ in range(repeats):
        for i, fn in enumerate((first, second)):
            cpu, wall = time.process_time(), time.perf_counter()
            fn()
            best[2 * i] = min(best[2 * i], time.process_time() - cpu)
            best[2 * i + 1] = min(best[2 * i + 1], time.perf_counter() - wall)
    return best


def run(nodes: int, relations: int, repeats: int) -> dict[str, tuple[float, float, float, float]]:
    """{measure: (ours CPU s, bare CPU s, ours wall s, bare wall s)}."""
    ws = make_workspace(nodes, relations)
    results: dict[str, tuple[float, float, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for fmt, bare in (("svg", bare_svg), ("pdf", bare_pdf)):
            ours_path, bare_path = folder / f"ours.{fmt}", folder / f"bare.{fmt}"
            # warm caches for both: fonts, glyphs, and ours' per-label layouts and node shapes (node_art)
            export_diagram(ws, ours_path)
            bare(ws, bare_path)
            ours_cpu, ours_wall, bare_cpu, bare_wall = best_times(
                lambda p=ours_path: export_diagram(ws, p), lambda b=bare, p=bare_path: b(ws, p), repeats
            )
            size = f"{ours_path.stat().st_size / 1e6:.1f} MB vs {bare_path.stat().st_size / 1e6:.1f} MB"
            results[f"{fmt.upper()} export ({size})"] = (ours_cpu, bare_cpu, ours_wall, bare_wall)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--relations", type=int, default=6000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    _app = QApplication.instance() or QApplication([])
    results = run(args.nodes, args.relations, args.repeats)
    print(f"export benchmark: {args.nodes} nodes, {args.relations} relations (limit {LIMIT:.1f}x bare)")
    ok = True
    for name, (ours, bare, ours_wall, bare_wall) in results.items():
        ratio = ours / bare
        verdict = "ok" if ratio <= LIMIT else "MISS"
        ok &= ratio <= LIMIT
        print(
            f"  {name:30s} CPU ours {ours * 1000:7.1f} ms  bare {bare * 1000:7.1f} ms"
            f"  ratio {ratio:5.2f}  {verdict}"
            f"   (wall {ours_wall * 1000:7.1f} / {bare_wall * 1000:7.1f} ms = {ours_wall / bare_wall:5.2f})"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
