"""The workshop report: gather the map and the panels' charts, then write PDF or HTML.

The charts are the insight panels themselves (the same figures the room
saw), rendered off screen, so the report looks like the window and the
command line writes it without loading the window's code.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from ..analysis.lens_view import LensView
from ..analysis.report import AnalysisResult, analyze
from ..model import Workspace
from .export import DiagramOptions, diagram_bytes, snapshot
from .panels import PANEL_TYPES, export_panel
from .report_content import ReportImages, build_report
from .report_html import write_html
from .report_pdf import write_pdf

CHART_SIZE = (900, 560)
MAP_WIDTH = 2000


def chart_images(
    ws: Workspace, result: AnalysisResult, view: LensView | None = None
) -> list[tuple[str, bytes]]:
    """Each insight panel rendered off screen to PNG bytes, with its title as caption."""
    charts = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, cls in enumerate(PANEL_TYPES):
            panel = cls()
            try:
                panel.resize(*CHART_SIZE)
                panel.refresh(ws, result, view)
                if hasattr(panel, "show_evidence") and ws.evidence:
                    charted = [e.id for e in ws.evidence.values() if e.data]
                    if charted:
                        panel.show_evidence(charted[0])
                out = Path(tmp) / f"panel{i}.png"
                export_panel(panel, out)
                charts.append((panel.title, out.read_bytes()))
            finally:
                panel.hide()
                panel.deleteLater()
    return charts


def write_report(
    ws: Workspace,
    output: Path | str,
    *,
    view: LensView | None = None,
    progress: Callable[[str], None] | None = None,
    since: str | None = None,
) -> Path:
    """Write the report to ``output`` (.pdf, or .html/.htm for a standalone page)."""
    output = Path(output)
    step = progress or (lambda _text: None)
    step("Analysing")
    result = analyze(ws)
    step("Drawing the map")
    visible = view.nodes if view else None
    relations = view.relations if view else None
    map_png = diagram_bytes(
        ws,
        "png",
        DiagramOptions(
            width=MAP_WIDTH, legend=True, caption="", visible_nodes=visible, visible_relations=relations
        ),
    )
    step("Drawing the charts")
    shown = snapshot(ws, visible, relations)  # the PDF draws the map as vectors from this
    images = ReportImages(map_png=map_png, charts=chart_images(ws, result, view), map_source=shown)
    blocks = build_report(ws, result, images, since=since)
    step("Writing")
    if output.suffix.lower() in (".html", ".htm"):
        write_html(blocks, ws.title, output)
    else:
        write_pdf(blocks, ws.title, output)
    return output
