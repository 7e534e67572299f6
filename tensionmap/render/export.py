"""Diagram export: the map as PNG, SVG or PDF, drawn by the canvas's own scene.

There is one way to draw a map: ``MapScene`` builds the items and Qt paints
them, on the canvas and here alike. An export builds a fresh scene from a
snapshot of the workspace (so no selection or hover highlight can leak in),
lays out a sheet (a small caption with the title, the map cropped to its items
with a margin, and the legend beside or below it, never over it) and paints
that sheet once per format:

- PNG: a QImage at a chosen DPI or pixel width, opaque or transparent;
- SVG: QSvgGenerator, vector shapes with labels kept as ``<text>`` elements;
- PDF: QPdfWriter, vector, with embedded fonts so labels can be searched and
  selected.

Every error a caller can make (bad format, path, DPI or width) raises
``ExportError``, a ``ValueError`` with a one-line message. Exports need no
window: a QApplication is created when none is running (offscreen when there
is no display) and no widget is ever shown.
"""

from __future__ import annotations

import math
import os
import secrets
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..model import Node, Relation, Workspace
from .export_sheet import (
    DEFAULT_SCALE,
    ExportCancelled,
    ExportError,
    ExportScene,
    Progress,
    encode_pdf,
    encode_png,
    encode_svg,
    ensure_application,
    layout_sheet,
    logical_dpi,
)

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
MAX_DPI = 2400.0
MAX_WIDTH = 20000
#: The longest side of a PNG, in pixels, whatever DPI or width asked for.
MAX_PIXELS_PER_SIDE = 20000
#: ``progress(done, STEPS)`` is called with done = 0 (start), 1 (map chosen), 2 (scene built),
#: 3 (drawn and encoded) and STEPS (written; its return value is ignored).
STEPS = 4

NodeFilter = Collection[str] | Callable[[Node], bool] | None
RelationFilter = Collection[str] | Callable[[Relation], bool] | None

__all__ = [
    "FORMATS",
    "MAX_DPI",
    "MAX_PIXELS_PER_SIDE",
    "MAX_WIDTH",
    "STEPS",
    "DiagramOptions",
    "ExportCancelled",
    "ExportError",
    "ExportResult",
    "diagram_bytes",
    "export_diagram",
    "format_for_path",
    "snapshot",
]


@dataclass(frozen=True)
class DiagramOptions:
    """How a diagram is drawn: one value for the window's dialog, the report and the CLI.

    - ``dpi`` / ``width`` (PNG): the resolution, or the pixel width (the
      height follows). With neither, the map is drawn at twice its on-screen
      size (192 dpi). With both, ``width`` sets the pixels and ``dpi`` only the
      resolution recorded in the file. Vector formats check but ignore them.
    - ``legend``: the key to shapes and relation styles, beside or below the map.
    - ``transparent``: no background fill (PNG gets an alpha channel; SVG and
      PDF just leave the background unpainted).
    - ``visible_nodes`` / ``visible_relations``: ids to show, or predicates
      over Node / Relation (a lens); relations also need both ends visible.
    - ``caption``: the small caption above the map; None uses the workspace
      title, "" leaves it out.

    Values are checked when the diagram is drawn (ExportError names the bad one).
    """

    dpi: float | None = None
    width: int | None = None
    legend: bool = True
    transparent: bool = False
    visible_nodes: NodeFilter = None
    visible_relations: RelationFilter = None
    caption: str | None = None


@dataclass(frozen=True)
class ExportResult:
    """What was written: the file, its format and its size.

    ``width`` and ``height`` are pixels for PNG, points (1/72 inch) for PDF and
    CSS pixels for SVG.
    """

    path: Path
    fmt: str
    width: int
    height: int
    nodes: int
    relations: int


# ---------------------------------------------------------------- validation
def format_for_path(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """``fmt`` normalised ("PNG", ".png" -> "png"), or the format the extension names."""
    if fmt is not None:
        if not isinstance(fmt, str):
            raise ExportError(f"export format must be a string such as 'png', not {type(fmt).__name__}")
        name = fmt.strip().lower().lstrip(".")
        if name not in FORMATS:
            raise ExportError(f"unknown export format {fmt!r}: choose png, svg or pdf")
        return name
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        shown = f"'.{suffix}'" if suffix else "no extension"
        raise ExportError(
            f"cannot tell the export format of {os.fspath(path)!r} ({shown}): use .png, .svg or .pdf"
        )
    return suffix


def _check_dpi(dpi: object) -> float | None:
    if dpi is None:
        return None
    if isinstance(dpi, bool) or not isinstance(dpi, int | float) or not math.isfinite(dpi):
        raise ExportError(f"dpi must be a number from 1 to {MAX_DPI:g}, not {dpi!r}")
    if not 0 < dpi <= MAX_DPI:
        raise ExportError(f"dpi must be above 0 and at most {MAX_DPI:g}, not {dpi:g}")
    return float(dpi)


def _check_width(width: object) -> int | None:
    if width is None:
        return None
    if isinstance(width, bool) or not isinstance(width, int):
        raise ExportError(f"width must be a whole number of pixels from 1 to {MAX_WIDTH}, not {width!r}")
    if not 0 < width <= MAX_WIDTH:
        raise ExportError(f"width must be 1 to {MAX_WIDTH} pixels, not {width}")
    return width


def _check_target(path: Path) -> None:
    """Fail early, before any drawing, when the file cannot be written."""
    if path.is_dir():
        raise ExportError(f"cannot write {os.fspath(path)!r}: it is a directory")
    parent = path.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {os.fspath(path)!r}: folder {os.fspath(parent)!r} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ExportError(f"cannot write {os.fspath(path)!r}: permission denied")


def _pick(what: str, items: Mapping[str, object], wanted: object) -> set[str]:
    if wanted is None:
        return set(items)
    if isinstance(wanted, str | bytes):
        raise ExportError(f"{what} must be a collection of ids or a predicate, not a single string")
    if callable(wanted):
        return {key for key, item in items.items() if wanted(item)}
    try:
        return set(items).intersection(wanted)  # type: ignore[arg-type]  # a non-iterable raises TypeError, below
    except TypeError:
        raise ExportError(
            f"{what} must be a collection of ids or a predicate, not {type(wanted).__name__}"
        ) from None


def snapshot(
    ws: Workspace, visible_nodes: NodeFilter = None, visible_relations: RelationFilter = None
) -> Workspace:
    """A detached copy of what is to be drawn: the visible nodes and the relations between them.

    Unknown ids are ignored (a lens may outlive a node). A relation is shown
    when both of its ends are shown and it passes ``visible_relations``.
    """
    nodes, relations = ws.nodes, ws.relations
    keep_nodes = _pick("visible_nodes", nodes, visible_nodes)
    keep_relations = _pick("visible_relations", relations, visible_relations)
    copy = Workspace(ws.title, ws.description)
    for evidence in ws.evidence.values():  # relations may cite it
        copy.add_evidence(evidence)
    for key, node in nodes.items():
        if key in keep_nodes:
            copy.add_node(node)
    for key, rel in relations.items():
        if key in keep_relations and rel.source in keep_nodes and rel.target in keep_nodes:
            copy.add_relation(rel)
    return copy


# ---------------------------------------------------------------- public API
def diagram_bytes(
    ws: Workspace, fmt: str, options: DiagramOptions = DiagramOptions(), *, progress: Progress | None = None
) -> bytes:
    """The encoded diagram (PNG, SVG or PDF bytes), as ``export_diagram`` would write it."""
    data, _size, _counts = _render(ws, format_for_path("", fmt), _checked(options), progress)
    if progress is not None:
        progress(STEPS, STEPS)
    return data


def export_diagram(
    ws: Workspace,
    out_path: str | os.PathLike[str],
    fmt: str | None = None,
    options: DiagramOptions = DiagramOptions(),
    *,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the map of ``ws`` to ``out_path`` as PNG, SVG or PDF; returns what was written.

    - ``fmt``: "png", "svg" or "pdf"; by default the extension of ``out_path``.
    - ``options``: how it is drawn (:class:`DiagramOptions`).
    - ``progress``: called as ``progress(done, total)`` between stages; return
      False to cancel (raises ExportCancelled, nothing is written).

    The file is written beside the target and renamed into place, so an
    existing file is replaced whole or not at all. Raises ExportError.
    """
    path = Path(out_path)
    name = format_for_path(path, fmt)
    options = _checked(options)
    _check_target(path)
    data, size, counts = _render(ws, name, options, progress)
    _write_atomically(path, data)
    if progress is not None:
        progress(STEPS, STEPS)
    return ExportResult(path, name, size[0], size[1], counts[0], counts[1])


# ------------------------------------------------------------------ internals
def _checked(options: DiagramOptions) -> DiagramOptions:
    """The options with dpi and width validated (ExportError names the bad one)."""
    return replace(options, dpi=_check_dpi(options.dpi), width=_check_width(options.width))


def _render(
    ws: Workspace, fmt: str, options: DiagramOptions, progress: Progress | None
) -> tuple[bytes, tuple[int, int], tuple[int, int]]:
    dpi, width, transparent = options.dpi, options.width, options.transparent
    visible_nodes, visible_relations = options.visible_nodes, options.visible_relations

    def step(done: int) -> None:
        if progress is not None and progress(done, STEPS) is False:
            raise ExportCancelled("export cancelled")

    ensure_application()
    step(0)
    # The whole map is drawn straight from ``ws`` (the scene detaches afterwards); a lens gets a copy.
    whole = visible_nodes is None and visible_relations is None
    shown = ws if whole else snapshot(ws, visible_nodes, visible_relations)
    counts = (len(shown.nodes), len(shown.relations))
    step(1)
    scene = ExportScene(shown)
    try:
        text = ws.title if options.caption is None else options.caption
        sheet = layout_sheet(scene, legend=options.legend, caption=text)
        step(2)
        if fmt == "png":
            scale = _png_scale(sheet.width, sheet.height, dpi, width)
            recorded = dpi if dpi is not None else logical_dpi() * scale
            data, size = encode_png(scene, sheet, scale, recorded, transparent)
        elif fmt == "svg":
            data, size = encode_svg(scene, sheet, transparent, ws.title)
        else:
            data, size = encode_pdf(scene, sheet, transparent, ws.title)
        step(3)
    finally:
        # Free the items now rather than at the next garbage collection: the edge
        # layers' geometry callbacks make a reference cycle with the scene.
        scene.detach()
        scene.clear()
        scene.node_items.clear()
        scene.relation_items.clear()
        scene.layers.clear()
    return data, size, counts


def _png_scale(sheet_w: float, sheet_h: float, dpi: float | None, width: int | None) -> float:
    if width is not None:
        scale = width / sheet_w
    elif dpi is not None:
        scale = dpi / logical_dpi()
    else:  # the default: twice the on-screen size, smaller only when a side would pass the limit
        scale = min(DEFAULT_SCALE, MAX_PIXELS_PER_SIDE / max(sheet_w, sheet_h))
    px_w, px_h = round(sheet_w * scale), round(sheet_h * scale)
    if max(px_w, px_h) > MAX_PIXELS_PER_SIDE:
        raise ExportError(
            f"the PNG would be {px_w} x {px_h} pixels (limit {MAX_PIXELS_PER_SIDE} a side): "
            "choose a lower dpi or width, or export SVG or PDF"
        )
    if min(px_w, px_h) < 1:
        raise ExportError(f"the PNG would be {px_w} x {px_h} pixels: choose a higher dpi or width")
    return scale


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, fsync, then rename into place (permissions as for a new file)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise ExportError(f"cannot write {os.fspath(path)!r}: {exc.strerror or exc}") from None
