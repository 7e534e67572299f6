"""What an export can be: the formats, the user's choices, the copy it works on, data previews.

No widgets here: ``ExportDialog`` (``exchange_export_dialog``) gathers
``ExportOptions`` and the exchange controller runs the export.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..interchange import FORMATS as DATA_FORMATS
from ..model import Workspace
from ..render.export import snapshot

PREVIEW_LINES = 14
PREVIEW_SAMPLE_NODES = 40  # data previews write at most this many nodes
PREVIEW_LINE_CHARS = 52


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    extension: str
    diagram: bool


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("png", "PNG image", ".png", True),
    ExportFormat("svg", "SVG drawing (vector)", ".svg", True),
    ExportFormat("pdf", "PDF document (vector)", ".pdf", True),
    ExportFormat("graphml", "GraphML (yEd, Gephi, networkx)", ".graphml", False),
    ExportFormat("gexf", "GEXF 1.3 (Gephi)", ".gexf", False),
    ExportFormat("json", "tensionmap JSON (everything)", ".json", False),
    ExportFormat("csv", "CSV tables in a zip (Kumu, spreadsheets)", ".zip", False),
    ExportFormat("xlsx", "Excel workbook (Kumu: Elements and Connections sheets)", ".xlsx", False),
    ExportFormat("edges", "Signed edge list", ".edges", False),
)
FORMAT_BY_KEY = {f.key: f for f in EXPORT_FORMATS}
EXTENSIONS = {f.extension for f in EXPORT_FORMATS} | {".csv", ".edgelist", ".el"}


@dataclass(frozen=True)
class ExportOptions:
    """What the user chose. ``dpi``/``width``: one of them for PNG, both None otherwise."""

    fmt: str
    path: Path
    dpi: float | None = None
    width: int | None = None
    legend: bool = True
    transparent: bool = False
    lens_only: bool = False

    @property
    def format(self) -> ExportFormat:
        return FORMAT_BY_KEY[self.fmt]


def lens_ids(view: Any) -> tuple[frozenset[str], frozenset[str]] | None:
    """The node and relation ids a LensView shows, or None when there is no usable view."""
    nodes, relations = getattr(view, "nodes", None), getattr(view, "relations", None)
    if nodes is None or relations is None:
        return None
    return frozenset(nodes), frozenset(relations)


def export_source(ws: Workspace, fmt: str, view: Any, lens_only: bool) -> Workspace:
    """The detached copy an export works on (taken on the UI thread)."""
    ids = lens_ids(view) if lens_only else None
    if ids is not None:
        return snapshot(ws, ids[0], ids[1])
    if FORMAT_BY_KEY[fmt].diagram:
        return snapshot(ws)  # the diagram needs nodes, relations and the evidence they cite
    return ws.copy()  # data formats keep everything they can


def safe_file_stem(title: str) -> str:
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip(" .")
    return " ".join(stem.split())[:80] or "map"


def data_summary(ws: Workspace, fmt: str, lines: int = PREVIEW_LINES) -> str:
    """Counts and the first lines of the file ``fmt`` would write (from a sample of the map)."""
    nodes = ws.nodes
    kinds = [n.kind for n in nodes.values()]
    counts = (
        f"{len(nodes)} nodes: {kinds.count('stakeholder')} stakeholders, {kinds.count('driver')} drivers\n"
        f"{len(ws.relations)} relations"
    )
    extra = [
        f"{len(items)} {name}"
        for name, items in (
            ("evidence items", ws.evidence),
            ("lenses", ws.lenses),
            ("questions", ws.questions),
            ("polarities", ws.polarities),
        )
        if items
    ]
    if extra:
        counts += "\n" + ", ".join(extra)
    sample = ws
    if len(nodes) > PREVIEW_SAMPLE_NODES:
        keep = list(nodes)[:PREVIEW_SAMPLE_NODES]
        sample = snapshot(ws, keep)
    fmt_info = FORMAT_BY_KEY[fmt]
    try:
        head = _first_lines(sample, fmt, fmt_info.extension, lines)
    except Exception as exc:  # a preview never stops the dialog
        head = f"(no preview: {' '.join(str(exc).split())})"
    return f"{fmt_info.label}\n{counts}\n\nFirst lines:\n{head}"


def _first_lines(ws: Workspace, fmt: str, extension: str, lines: int) -> str:
    with tempfile.TemporaryDirectory(prefix="tensionmap-preview-") as folder:
        target = Path(folder) / f"preview{extension}"
        DATA_FORMATS[fmt].write(ws, target)
        if extension == ".zip":
            with zipfile.ZipFile(target) as zf:
                name = zf.namelist()[0]
                text = f"[{name}]\n" + zf.read(name).decode("utf-8", "replace")
        else:
            with open(target, encoding="utf-8", errors="replace") as handle:
                text = handle.read(64 * 1024)
    out = io.StringIO()
    for line in text.splitlines()[:lines]:
        cut = PREVIEW_LINE_CHARS
        out.write((line if len(line) <= cut else line[: cut - 1] + "…") + "\n")
    return out.getvalue().rstrip("\n")
