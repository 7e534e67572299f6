"""Import and export: GraphML, GEXF, CSV and XLSX (Kumu / Gephi), JSON and signed edge lists.

Every reader returns a NEW Workspace built in memory (no file is touched, so a
bad file changes nothing); bring it into an open map with ``merge_command``,
one undoable step. Every failure is an ``InterchangeError`` whose ``str()`` is
one line naming the file and the line or element at fault.

Public API::

    FORMATS                      name -> Format(name, label, extensions, read, write)
    read_any(path) -> Workspace  by content (XML root, JSON, zip) then extension
    write_any(ws, path, fmt=None)
    format_for(path) -> str | None
    merge_command(target_ws, imported_ws) -> Command
    import_file(path, options=ImportOptions(unsigned_as=..., strict=...)) -> Imported(workspace, summary)
    read_graphml / write_graphml, read_gexf / write_gexf, read_csv / write_csv,
    read_json / write_json, read_edgelist / write_edgelist
    InterchangeError, Limits
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Workspace
from .csv_format import read_csv, write_csv
from .edgelist import read_edgelist, write_edgelist
from .errors import InterchangeError, Limits
from .gexf import read_gexf, write_gexf
from .graphml import read_graphml, write_graphml
from .json_format import read_json, write_json
from .merge import merge_command
from .semantics import DEFAULT_UNSIGNED, ImportOptions, ImportSummary
from .sources import Source, limits_or_default, read_source, source_name
from .xlsx import is_xlsx, read_xlsx, write_xlsx


@dataclass(frozen=True)
class Format:
    name: str
    label: str  #: for file dialogs
    extensions: tuple[str, ...]  #: first one is what exports use
    read: Callable[..., Workspace]
    write: Callable[[Workspace, str | os.PathLike], object]


FORMATS: dict[str, Format] = {
    "graphml": Format(
        "graphml", "GraphML (yEd, networkx, igraph, Gephi)", (".graphml",), read_graphml, write_graphml
    ),
    "gexf": Format("gexf", "GEXF 1.3 (Gephi)", (".gexf",), read_gexf, write_gexf),
    "csv": Format("csv", "CSV tables (Kumu, Gephi, spreadsheets)", (".zip", ".csv"), read_csv, write_csv),
    "xlsx": Format("xlsx", "Excel workbook (Kumu)", (".xlsx",), read_xlsx, write_xlsx),
    "json": Format("json", "tensionmap JSON", (".json",), read_json, write_json),
    "edges": Format(
        "edges", "Signed edge list", (".edges", ".edgelist", ".el"), read_edgelist, write_edgelist
    ),
}


def format_for(path: str | os.PathLike) -> str | None:
    """The format a file name implies, or None (``.txt``, ``.tsv``, ``.xml``: look at the content)."""
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.extensions:
            return fmt.name
    return None


def sniff(data: bytes, *, text: bool = True) -> str | None:
    """The format the content looks like, or None.

    Zip, XML (GraphML or GEXF by the root) and JSON are told apart for sure;
    with ``text`` a plain-text file whose first line names columns (From/To,
    Source/Target, Label or ID) is CSV, and any other text an edge list.
    """
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "xlsx" if is_xlsx(data) else "csv"
    head = data[:4096]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    head = head.lstrip()
    if head.startswith(b"<"):
        lower = head.lower()
        if b"<graphml" in lower:
            return "graphml"
        if b"<gexf" in lower:
            return "gexf"
        return None
    if head.startswith(b"{"):
        return "json"
    if not text:
        return None
    first = b""
    for line in head.split(b"\n"):
        stripped = line.strip()
        if stripped and not stripped.startswith((b"%", b"#")):
            first = stripped.lower()
            break
    if not first:
        return None
    cells = first.replace(b";", b",").replace(b"\t", b",").split(b",")
    names = {c.strip().strip(b'"').strip() for c in cells}
    if {b"from", b"to"} <= names or {b"source", b"target"} <= names or names & {b"label", b"id"}:
        return "csv"
    return "edges"


def read_any(
    source: Source,
    *,
    fmt: str | None = None,
    name: str | None = None,
    limits: Limits | None = None,
    options: ImportOptions | None = None,
    summary: ImportSummary | None = None,
) -> Workspace:
    """A new Workspace from any supported file.

    Zip, XML and JSON content decide for themselves; otherwise the extension
    decides, and for ``.txt`` / ``.tsv`` / no extension the first line does.
    ``options`` (unsigned type, strict) and ``summary`` (what was left out or
    changed) are passed to the reader; see ``import_file``.
    """
    name = source_name(source, name)
    limits = limits_or_default(limits)
    path = source if isinstance(source, (str, os.PathLike)) else None
    if path is not None and Path(path).is_dir():
        return read_csv(source, name=name, limits=limits, options=options, summary=summary)
    if fmt is None:
        data = read_source(source, name, limits)
        fmt = sniff(data, text=False) or (format_for(path) if path is not None else None) or format_for(name)
        fmt = fmt or sniff(data)
        if fmt is None:
            raise InterchangeError(
                "cannot tell the format (use .graphml, .gexf, .csv, .zip, .xlsx, .json or .edges)", file=name
            )
        if fmt == "csv" and path is not None:
            # may need the partner file beside it
            return read_csv(source, name=name, limits=limits, options=options, summary=summary)
        source = data
    if fmt not in FORMATS:
        raise InterchangeError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})", file=name)
    if fmt == "json":  # lossless: nothing to decide or leave out
        ws = read_json(source, name=name, limits=limits)
        if summary is not None:
            summary.source = summary.source or name
            summary.nodes, summary.relations = len(ws.nodes), len(ws.relations)
            summary.types.update(r.type for r in ws.relations.values())
        return ws
    return FORMATS[fmt].read(source, name=name, limits=limits, options=options, summary=summary)


@dataclass
class Imported:
    """A file read into a new Workspace, with the summary of what was left out or changed."""

    workspace: Workspace
    summary: ImportSummary


def import_file(
    source: Source,
    *,
    options: ImportOptions | None = None,
    fmt: str | None = None,
    name: str | None = None,
    limits: Limits | None = None,
) -> Imported:
    """Read any supported file and say what happened (the CLI and the window both use this).

    With ``options.strict`` anything that would be left out or changed raises
    InterchangeError instead.
    """
    summary = ImportSummary(source=source_name(source, name))
    ws = read_any(source, fmt=fmt, name=name, limits=limits, options=options, summary=summary)
    return Imported(ws, summary)


def write_any(ws: Workspace, path: str | os.PathLike, fmt: str | None = None) -> None:
    """Export by ``fmt`` or by the file name's extension."""
    fmt = fmt or format_for(path)
    if fmt is None and Path(path).is_dir():
        fmt = "csv"
    if fmt is None or fmt not in FORMATS:
        raise InterchangeError(
            "cannot tell the export format (use .graphml, .gexf, .csv, .zip, .xlsx, .json or .edges)",
            file=Path(path).name,
        )
    FORMATS[fmt].write(ws, path)


__all__ = [
    "DEFAULT_UNSIGNED",
    "FORMATS",
    "Format",
    "ImportOptions",
    "ImportSummary",
    "Imported",
    "InterchangeError",
    "Limits",
    "format_for",
    "import_file",
    "merge_command",
    "read_any",
    "read_csv",
    "read_edgelist",
    "read_gexf",
    "read_graphml",
    "read_json",
    "read_xlsx",
    "sniff",
    "write_any",
    "write_csv",
    "write_edgelist",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_xlsx",
]
