"""CSV in and out in the Kumu / Gephi spreadsheet convention.

Two tables:

- elements: ``Label, Type, Description, Tags, Group, Colour, X, Y, Pinned,
  Power, Interest, ID`` (Type is ``stakeholder`` or ``driver``; Tags are
  separated by ``|`` as in Kumu);
- connections: ``From, To, Type, Sign, Strength, Direction, Horizon, Note,
  ID`` where From and To hold element IDs and Direction (Kumu's column) is
  ``undirected`` for the symmetric types.

Export (``write_csv``) by the name it is given:

- ``map.zip``: one zip holding ``elements.csv`` and ``connections.csv``;
- an existing folder: ``elements.csv`` and ``connections.csv`` inside it;
- ``map.csv`` (or ``map-elements.csv``): ``map-elements.csv`` and
  ``map-connections.csv`` side by side.

Text cells that begin with ``=``, ``+``, ``-``, ``@``, tab, carriage return
or NUL (also after leading quotes) get a ``'`` in front, so a spreadsheet
never runs them as formulas; numeric columns (X, Y, Power, Interest,
Strength, Sign) are written as plain numbers and never prefixed, so a
coordinate of -120 stays a number. Import removes that one quote again.

Import accepts a zip (or the bytes of one), a folder, a single connections
CSV with From/To (or Source/Target) whose names become stakeholders, or an
elements or connections CSV with its partner beside it (``X-elements.csv`` /
``X-connections.csv``, ``elements.csv`` / ``connections.csv``, Gephi's
``nodes`` / ``edges``), or a header-less edge list. Commas, semicolons and
tabs are recognised as delimiters. Headers, layouts and the meaning of each
connection are decided in ``tables`` and ``table_build`` (shared with XLSX);
unknown columns are left out and named in the import summary.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..model import Workspace
from .errors import InterchangeError, Limits, mb
from .semantics import ImportOptions, ImportSummary
from .sources import Source, decode_text, limits_or_default, read_source, source_name
from .table_build import build_from_tables
from .tables import CONNECTION_HEADERS, ELEMENT_HEADERS, Table, make_table, neutralise
from .values import encode_list, format_number

ELEMENT_COLUMNS = (
    "Label",
    "Type",
    "Description",
    "Tags",
    "Group",
    "Colour",
    "X",
    "Y",
    "Pinned",
    "Power",
    "Interest",
    "ID",
)
CONNECTION_COLUMNS = ("From", "To", "Type", "Sign", "Strength", "Direction", "Horizon", "Note", "ID")

# ------------------------------------------------------------------ write


def _rows_to_csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


#: Columns that hold numbers we wrote ourselves (never user text, so never neutralised).
NUMERIC_COLUMNS = frozenset({"X", "Y", "Power", "Interest", "Sign", "Strength"})


def element_rows(ws: Workspace) -> list[list[str]]:
    """The elements table's rows (text cells neutralised), in ``ELEMENT_COLUMNS`` order."""
    n = neutralise
    return [
        [
            n(node.label),
            node.kind,
            n(node.description),
            n(encode_list(node.tags, "|")),
            n(node.group),
            n(node.colour or ""),
            format_number(node.x),
            format_number(node.y),
            "true" if node.pinned else "false",
            "" if node.power is None else str(node.power),
            "" if node.interest is None else str(node.interest),
            n(node.id),
        ]
        for node in ws.nodes.values()
    ]


def elements_csv(ws: Workspace) -> str:
    """The elements table as CSV text."""
    return _rows_to_csv(ELEMENT_COLUMNS, element_rows(ws))


def connection_rows(ws: Workspace) -> list[list[str]]:
    """The connections table's rows (From and To are element IDs), in ``CONNECTION_COLUMNS`` order."""
    n = neutralise
    return [
        [
            n(r.source),
            n(r.target),
            r.type,
            str(r.sign),
            str(r.strength),
            "undirected" if r.symmetric else "directed",
            r.horizon,
            n(r.note),
            n(r.id),
        ]
        for r in ws.relations.values()
    ]


def connections_csv(ws: Workspace) -> str:
    """The connections table as CSV text (From and To are element IDs)."""
    return _rows_to_csv(CONNECTION_COLUMNS, connection_rows(ws))


def csv_paths(path: str | os.PathLike) -> tuple[Path, Path]:
    """Where ``write_csv`` puts the two tables for a ``.csv`` name or a folder."""
    target = Path(path)
    if target.is_dir():
        return target / "elements.csv", target / "connections.csv"
    stem = target.name[: -len(target.suffix)] if target.suffix.lower() == ".csv" else target.name
    stem = re.sub(r"[-_ ]?(elements|connections)$", "", stem, flags=re.IGNORECASE) or "map"
    return target.with_name(f"{stem}-elements.csv"), target.with_name(f"{stem}-connections.csv")


def write_csv(ws: Workspace, path: str | os.PathLike) -> list[Path]:
    """Write the two tables: into a zip for ``*.zip``, else two files (see module doc).

    Returns the files written.
    """
    target = Path(path)
    elements, connections = elements_csv(ws).encode("utf-8"), connections_csv(ws).encode("utf-8")
    try:
        if target.suffix.lower() == ".zip":
            with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("elements.csv", elements)
                zf.writestr("connections.csv", connections)
            return [target]
        element_path, connection_path = csv_paths(target)
        element_path.write_bytes(elements)
        connection_path.write_bytes(connections)
        return [element_path, connection_path]
    except OSError as exc:
        raise InterchangeError(f"cannot write the file ({exc.strerror or exc})", file=target.name) from None


# ------------------------------------------------------------------- read


def _table(data: bytes, name: str, limits: Limits, headers: dict[str, str] | None = None) -> Table:
    """Parse one CSV; ``headers`` picks the column vocabulary (guessed when None)."""
    text = decode_text(data, name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = 1
        for row in reader:
            start, line = line, reader.line_num + 1
            yield start, row

    try:
        return make_table(name, rows(), limits, headers)
    except csv.Error as exc:
        raise InterchangeError(f"broken CSV ({exc})", file=name, where=f"line {reader.line_num}") from None


def _delimiter(text: str) -> str:
    first = next((line for line in text.split("\n", 50) if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best]:
        return best
    return " " if len(first.split()) > 1 else ","


def read_csv(
    source: Source,
    *,
    name: str | None = None,
    limits: Limits | None = None,
    options: ImportOptions | None = None,
    summary: ImportSummary | None = None,
) -> Workspace:
    """A new Workspace from a zip, a folder, or one CSV (with its partner beside it)."""
    name = source_name(source, name)
    limits = limits_or_default(limits)
    if isinstance(source, (str, os.PathLike)) and Path(source).is_dir():
        folder = Path(source)
        found = _pick_members([p.name for p in folder.iterdir() if p.is_file()])
        if not any(found):
            raise InterchangeError("folder holds no elements.csv or connections.csv", file=name)
        tables = [
            _table(read_source(folder / member, member, limits), f"{name}/{member}", limits, headers)
            for member, headers in zip(found, (ELEMENT_HEADERS, CONNECTION_HEADERS), strict=True)
            if member
        ]
        return build_from_tables(tables, name, limits, options, summary)
    data = read_source(source, name, limits)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return build_from_tables(_zip_tables(data, name, limits), name, limits, options, summary)
    table = _table(data, name, limits)
    tables = [table]
    if isinstance(source, (str, os.PathLike)):
        partner = _partner(Path(source), connections=not table.is_connections)
        if partner is not None:
            headers = CONNECTION_HEADERS if not table.is_connections else ELEMENT_HEADERS
            tables.append(_table(read_source(partner, partner.name, limits), partner.name, limits, headers))
    return build_from_tables(tables, name, limits, options, summary)


def _partner(path: Path, *, connections: bool) -> Path | None:
    """The other table of a pair, found by name beside ``path``."""
    pairs = [("elements", "connections"), ("nodes", "edges")]
    lower = path.name.lower()
    for mine, theirs in pairs if connections else [(b, a) for a, b in pairs]:
        index = lower.rfind(mine)
        if index >= 0:
            candidate = path.with_name(path.name[:index] + theirs + path.name[index + len(mine) :])
            if candidate.is_file():
                return candidate
    return None


def _pick_members(names: list[str]) -> tuple[str | None, str | None]:
    elements = connections = None
    for member in names:
        base = member.rsplit("/", 1)[-1].lower()
        if not base.endswith(".csv") or base.startswith("."):
            continue
        if elements is None and ("element" in base or "node" in base):
            elements = member
        elif connections is None and ("connection" in base or "edge" in base):
            connections = member
    return elements, connections


def _zip_tables(data: bytes, name: str, limits: Limits) -> list[Table]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > 1000:
                raise InterchangeError("zip holds more than 1000 files", file=name)
            found = _pick_members([i.filename for i in infos])
            if not any(found):
                raise InterchangeError("zip holds no elements.csv or connections.csv", file=name)
            tables = []
            total = 0
            for member, headers in zip(found, (ELEMENT_HEADERS, CONNECTION_HEADERS), strict=True):
                if member is None:
                    continue
                info = zf.getinfo(member)
                total += info.file_size
                if total > limits.max_bytes:
                    raise InterchangeError(f"zip unpacks to more than {mb(limits.max_bytes)}", file=name)
                with zf.open(info) as fh:
                    body = fh.read(limits.max_bytes + 1)
                if len(body) > limits.max_bytes:
                    raise InterchangeError(f"zip unpacks to more than {mb(limits.max_bytes)}", file=name)
                tables.append(_table(body, f"{name}/{member}", limits, headers))
            return tables
    except InterchangeError:
        raise
    except Exception as exc:  # BadZipFile, zlib.error, EOFError, encrypted members, ...
        raise InterchangeError(f"broken zip file ({type(exc).__name__}: {exc})", file=name) from None
