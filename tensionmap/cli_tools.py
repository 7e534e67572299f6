"""Subcommands that analyse, lay out, convert and report on maps.

Kept apart from cli.py so that the file tools (new, info, check) start
without loading networkx, numpy or Qt; each handler imports what it needs.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Hashable
from pathlib import Path

from .cli_common import CliError, open_for_writing, reading, shown_name, writing
from .model import Lens, Workspace
from .store import WorkspaceFile

DIAGRAM_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("graphml", "gexf", "json", "csv", "xlsx")


def ensure_gui() -> object:
    """A QApplication for commands that measure text or render (offscreen without a display)."""
    from .render.offscreen import ensure_app

    return ensure_app()


def resolve_node(ws: Workspace, key: str) -> str:
    """A node id from an id or a label (exact, then case-insensitive)."""
    if ws.has("nodes", key):
        return key
    nodes = ws.nodes.values()
    for match in (lambda n: n.label == key, lambda n: n.label.casefold() == key.casefold()):
        found = [n.id for n in nodes if match(n)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CliError(f"{len(found)} nodes are labelled {key!r}; use an id")
    raise CliError(f"no node with id or label {key!r}")


# ---------------------------------------------------------------- analyze
def add_analyze(p: argparse.ArgumentParser) -> None:
    p.add_argument("workspace", metavar="WORKSPACE", help="a .tmap file or any importable file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--limit", type=int, default=None, help="list at most N tensions and alliances")


def cmd_analyze(args: argparse.Namespace) -> int:
    from .analysis.report import analyze, format_report

    with reading(args.workspace) as opened:
        result = analyze(opened.workspace)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print(format_report(result, limit=args.limit))
    return 0


# ----------------------------------------------------------------- layout
def add_layout(p: argparse.ArgumentParser) -> None:
    p.add_argument("workspace", metavar="WORKSPACE", help="the .tmap file to lay out")
    p.add_argument("--engine", choices=("signed", "polarity", "layered"), default="signed")
    p.add_argument(
        "--seed", type=int, default=0, help="random seed (the signed layout is deterministic per seed)"
    )
    p.add_argument(
        "--poles",
        nargs=2,
        metavar=("LEFT", "RIGHT"),
        help="polarity engine: the two opposed drivers (label or id) at the ends of the axis "
        "(default: the first saved polarity, else the strongest opposition between two drivers)",
    )
    p.add_argument(
        "--incremental",
        action="store_true",
        help="signed engine: keep the nodes near where they are (after a small edit), not a fresh layout",
    )
    p.add_argument(
        "--metrics",
        action="store_true",
        help="print the drawing's measures as JSON after laying out (crossings, edges through nodes, ...)",
    )


def node_sizes(ws: Workspace) -> dict[Hashable, tuple[float, float]]:
    """Drawn node sizes, measured with the canvas's own label layout."""
    ensure_gui()
    from .render.node_item import node_size

    sizes: dict[Hashable, tuple[float, float]] = {}
    for node in ws.nodes.values():
        w, h, *_ = node_size(node)
        sizes[node.id] = (w, h)
    return sizes


def cmd_layout(args: argparse.Namespace) -> int:
    import time

    from .analysis import structural_balance
    from .analysis.graph import signed_graph
    from .commands import MoveNodes
    from .layout import default_poles, run_layout
    from .layout.metrics import workspace_metrics

    wf = open_for_writing(args.workspace)
    try:
        if wf.read_only:
            raise CliError(f"{shown_name(wf)}: {wf.notice or 'read-only'}")
        ws = wf.workspace
        poles = None
        if args.engine == "polarity":
            if args.poles:
                poles = (resolve_node(ws, args.poles[0]), resolve_node(ws, args.poles[1]))
            else:
                try:
                    poles = default_poles(ws)
                except ValueError as exc:
                    raise CliError(f"{exc}; name them with --poles LEFT RIGHT") from None
        elif args.poles:
            raise CliError("--poles applies to the polarity engine only")
        if args.incremental and args.engine != "signed":
            raise CliError("--incremental applies to the signed engine only")
        sizes = node_sizes(ws)
        camps = structural_balance(signed_graph(ws)).coalitions
        start = time.perf_counter()
        positions = run_layout(
            ws,
            args.engine,
            seed=args.seed,
            poles=poles,
            sizes=sizes,
            camps=camps if args.engine == "signed" else None,
            incremental=args.incremental,
        )
        seconds = time.perf_counter() - start
        wf.execute(MoveNodes(positions, f"Layout ({args.engine})"))
        if args.metrics:
            metrics = workspace_metrics(ws, positions, sizes, camps)  # type: ignore[arg-type]  # node ids are the Hashable keys
            metrics["seconds"] = round(seconds, 4)
            print(json.dumps(metrics, indent=2))
        else:
            print(f"laid out {len(positions)} nodes with the {args.engine} engine")
    finally:
        wf.close()
    return 0


# ----------------------------------------------------------------- export
def add_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("workspace", metavar="WORKSPACE", help="a .tmap file or any importable file")
    p.add_argument("output", metavar="OUTPUT")
    p.add_argument("--format", choices=DIAGRAM_FORMATS + DATA_FORMATS, help="default: from the extension")
    p.add_argument("--dpi", type=int, help="PNG/PDF resolution")
    p.add_argument("--width", type=int, help="PNG width in pixels")
    p.add_argument("--no-legend", action="store_true", help="leave the legend out of a diagram")
    p.add_argument("--transparent", action="store_true", help="PNG with a transparent background")
    p.add_argument("--lens", help="export only what this saved lens shows (name or id)")


def _format_of(output: Path, given: str | None) -> str:
    if given:
        return given
    suffix = output.suffix.lower().lstrip(".")
    if suffix in DIAGRAM_FORMATS:
        return suffix
    from .interchange import format_for

    fmt = format_for(output)
    if fmt is None:
        raise CliError(f"{output.name}: cannot tell the format from the extension; use --format")
    return fmt


def _lens(ws: Workspace, key: str | None) -> Lens | None:
    if key is None:
        return None
    for lens in ws.lenses.values():
        if key in (lens.id, lens.name):
            return lens
    raise CliError(
        f"no lens called {key!r} (there is: {', '.join(sorted(x.name for x in ws.lenses.values()))})"
    )


def _export(ws: Workspace, output: Path, fmt: str, args: argparse.Namespace) -> None:
    if fmt in DIAGRAM_FORMATS:
        ensure_gui()
        from .analysis.lens_view import apply_lens
        from .render.export import DiagramOptions, ExportError, export_diagram

        lens = _lens(ws, args.lens)
        view = apply_lens(ws, lens) if lens is not None else None
        try:
            export_diagram(
                ws,
                output,
                fmt,
                DiagramOptions(
                    dpi=args.dpi,
                    width=args.width,
                    legend=not args.no_legend,
                    transparent=args.transparent,
                    visible_nodes=view.nodes if view else None,
                    visible_relations=view.relations if view else None,
                ),
            )
        except ExportError as exc:
            raise CliError(str(exc)) from None
    else:
        if args.dpi or args.width or args.no_legend or args.transparent or args.lens:
            raise CliError(
                f"--dpi, --width, --no-legend, --transparent and --lens apply to diagrams, not {fmt}"
            )
        from .interchange import InterchangeError, write_any

        try:
            write_any(ws, output, fmt)
        except InterchangeError as exc:
            raise CliError(str(exc)) from None
        except OSError as exc:
            raise CliError(f"{output.name}: cannot be written ({exc.strerror or exc})") from None


def cmd_export(args: argparse.Namespace) -> int:
    output = Path(args.output)
    fmt = _format_of(output, args.format)
    with reading(args.workspace) as opened:
        _export(opened.workspace, output, fmt, args)
    print(f"wrote {output}")
    return 0


# ----------------------------------------------------------------- import
def add_import(p: argparse.ArgumentParser) -> None:
    from .model import RELATION_SIGNS

    p.add_argument(
        "source", metavar="SOURCE", help="GraphML, GEXF, CSV (or zip), XLSX, JSON or signed edge list"
    )
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--into", metavar="WORKSPACE", help="add to this workspace (one undoable step)")
    where.add_argument("--new", metavar="WORKSPACE", help="create this workspace from the file")
    p.add_argument(
        "--unsigned-as",
        metavar="TYPE",
        choices=list(RELATION_SIGNS),
        default="related",
        help="the type of every relation of a file without sign information (default: related; "
        f"one of {', '.join(RELATION_SIGNS)})",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="refuse the file if anything in it would be left out or reduced "
        "(self-loops, unknown columns or attributes, time data, unknown type words)",
    )


def cmd_import(args: argparse.Namespace) -> int:
    import sys

    from .interchange import ImportOptions, InterchangeError, import_file, merge_command

    try:
        result = import_file(
            args.source, options=ImportOptions(unsigned_as=args.unsigned_as, strict=args.strict)
        )
    except InterchangeError as exc:
        raise CliError(str(exc)) from None
    imported = result.workspace
    # What was read and what was left out or changed: on stderr, so stdout stays one line
    print(result.summary.text(), file=sys.stderr)
    if args.new:
        target = Path(args.new)
        if target.suffix.lower() != ".tmap":
            raise CliError(f"{target.name}: a workspace file name must end in .tmap")
        WorkspaceFile.create(target, imported).close()
        print(f"created {target} ({len(imported.nodes)} nodes, {len(imported.relations)} relations)")
        return 0
    with writing(args.into) as wf:
        wf.execute(merge_command(wf.workspace, imported, text=f"Import {Path(args.source).name}"))
    print(f"imported {len(imported.nodes)} nodes and {len(imported.relations)} relations into {args.into}")
    return 0


# ----------------------------------------------------------------- report
def add_report(p: argparse.ArgumentParser) -> None:
    p.add_argument("workspace", metavar="WORKSPACE", help="a .tmap file or any importable file")
    p.add_argument("output", metavar="OUT", help="OUT.pdf, or OUT.html for a standalone web page")
    p.add_argument("--since", metavar="SNAPSHOT", help="add what changed since this snapshot")


def cmd_report(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.suffix.lower() not in (".pdf", ".html", ".htm"):
        raise CliError(f"{output.name}: a report is .pdf or .html")
    with reading(args.workspace) as opened:
        since = None
        if args.since:
            from .cli_whatif import find_snapshot

            since = find_snapshot(opened.workspace, args.since).id
        ensure_gui()
        from .render.report_export import write_report

        write_report(opened.workspace, output, since=since)
    print(f"wrote {output}")
    return 0


TOOLS = {
    "analyze": ("list tensions, alliances and the structural balance", add_analyze, cmd_analyze),
    "layout": ("lay the map out with a layout engine (one undoable step)", add_layout, cmd_layout),
    "export": (
        "export a diagram (PNG, SVG, PDF) or the data (GraphML, GEXF, JSON, CSV)",
        add_export,
        cmd_export,
    ),
    "import": ("import a GraphML, GEXF, CSV, XLSX, JSON or edge-list file", add_import, cmd_import),
    "report": ("write the workshop report as PDF or HTML", add_report, cmd_report),
}
