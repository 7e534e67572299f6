"""Tables of cells (CSV files, spreadsheet sheets) read into named fields.

CSV and XLSX share this: both hand over rows of text cells with their line
(row) numbers, and ``make_table`` finds the header, maps each column to a
field of ours, and tells the layouts apart:

- an **elements** table (a Label or ID column),
- a **connections** table (From/To, or Gephi's Source/Target),
- a **header-less edge list**: two to four columns whose first row names no
  known column and whose third cell, if any, is a number or ``+`` / ``-``
  (signed networks are published this way),

and anything else is refused with a message listing the headers we accept.
Blank rows before the header are skipped (Gephi's own tables start with
one); columns that mean nothing to a map are listed so the import summary
can say they were left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import InterchangeError, Limits

ELEMENT_HEADERS = {
    "id": "id",
    "label": "label",
    "name": "label",
    "type": "kind",
    "kind": "kind",
    "category": "kind",
    "elementtype": "kind",
    "description": "description",
    "tags": "tags",
    "group": "group",
    "colour": "colour",
    "color": "colour",
    "x": "x",
    "y": "y",
    "pinned": "pinned",
    "power": "power",
    "interest": "interest",
}
CONNECTION_HEADERS = {
    "from": "from",
    "source": "from",
    "to": "to",
    "target": "to",
    "type": "type",
    "kind": "type",
    "relation": "type",
    "connectiontype": "type",
    "sign": "sign",
    "strength": "strength",
    "weight": "weight",
    "horizon": "horizon",
    "note": "note",
    "description": "note",
    "label": "label",
    "id": "id",
    "direction": "direction",  # Kumu: directed, undirected, mutual
}
TEXT_FIELDS = {"id", "label", "description", "tags", "group", "colour", "from", "to", "note", "kind", "type"}
ACCEPTED = (
    "elements: Label (or Name, ID), Type, Description, Tags, Group, Colour, X, Y, Pinned, Power, Interest; "
    "connections: From and To (or Source and Target), Type, Sign, Strength, Weight, Direction, Horizon, "
    "Note, ID; or no header at all: source, target[, sign or weight[, weight]]"
)

_DANGEROUS = re.compile(r"'*[=+\-@\t\r\0]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r\0]")


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet will not run as a formula (a ``'`` in front if needed)."""
    return "'" + cell if _DANGEROUS.match(cell) else cell


def unneutralise(cell: str) -> str:
    """Undo ``neutralise``: drop the one quote it added."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


def header_key(cell: str) -> str:
    return re.sub(r"[\s_\-]+", " ", unneutralise(cell).strip().lower()).replace(" ", "")


@dataclass
class Table:
    """One parsed table: header fields and rows as (line, {field: text}).

    A header-less edge list keeps its rows as cells in ``edge_rows`` instead.
    """

    name: str
    fields: list[str | None]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    edge_rows: list[tuple[int, list[str]]] | None = None

    def has(self, *fields: str) -> bool:
        return all(f in self.fields for f in fields)

    @property
    def is_connections(self) -> bool:
        return self.edge_rows is not None or self.has("from", "to")


def _is_number(text: str) -> bool:
    word = text.strip()
    if word in ("+", "-"):
        return True
    try:
        float(word)
        return True
    except ValueError:
        return False


def _looks_headerless(cells: list[str]) -> bool:
    keys = [header_key(c) for c in cells]
    if any(k in ELEMENT_HEADERS or k in CONNECTION_HEADERS for k in keys if k):
        return False
    filled = [c for c in cells if c.strip()]
    if not 2 <= len(filled) <= 4 or not cells[0].strip() or not cells[1].strip():
        return False
    return all(_is_number(c) for c in cells[2:] if c.strip())


def make_table(
    name: str,
    rows: Iterable[tuple[int, list[str]]],
    limits: Limits,
    headers: dict[str, str] | None = None,
) -> Table:
    """A Table from (line, cells) rows; ``headers`` picks the vocabulary (guessed when None)."""
    iterator = iter(rows)
    header: list[str] | None = None
    header_line = 0
    for line, cells in iterator:  # blank rows before the header are skipped
        if any(cell.strip() for cell in cells):
            header, header_line = cells, line
            break
    if header is None:
        raise InterchangeError("the file is empty", file=name)
    if len(header) > limits.max_columns:
        raise InterchangeError(
            f"more than {limits.max_columns} columns", file=name, where=f"line {header_line}"
        )
    cap = limits.max_nodes + limits.max_relations
    if headers is None and _looks_headerless(header):
        edge_rows = [(header_line, header)]
        for line, cells in iterator:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > limits.max_columns or len(edge_rows) >= cap:
                raise InterchangeError(
                    f"more than {cap} rows or {limits.max_columns} columns (the import limit)",
                    file=name,
                    where=f"line {line}",
                )
            edge_rows.append((line, cells))
        return Table(name, ["from", "to"], edge_rows=edge_rows)
    keys = [header_key(h) for h in header]
    if headers is None:
        connections = ({"from", "to"} <= set(keys)) or ({"source", "target"} <= set(keys))
        headers = CONNECTION_HEADERS if connections else ELEMENT_HEADERS
        if not connections and not ({"label", "name", "id"} & set(keys)):
            shown = ", ".join(repr(h.strip()) for h in header if h.strip())[:200]
            raise InterchangeError(
                f"the columns ({shown}) match no table we know; accepted headers: {ACCEPTED}",
                file=name,
                where=f"line {header_line}",
            )
    fields = [headers.get(k) for k in keys]
    seen = set()
    for f in fields:
        if f is not None and f in seen:
            raise InterchangeError(f"two columns both mean {f!r}", file=name, where=f"line {header_line}")
        seen.add(f)
    unknown = [h.strip() for h, f in zip(header, fields, strict=True) if f is None and h.strip()]
    table = Table(name, fields, unknown_columns=unknown)
    used_unknown: set[int] = set()
    for line, cells in iterator:
        if len(cells) > limits.max_columns:
            raise InterchangeError(f"more than {limits.max_columns} columns", file=name, where=f"line {line}")
        if not any(cell.strip() for cell in cells):
            continue
        if len(table.rows) >= cap:
            raise InterchangeError(
                f"more than {cap} rows (the import limit)", file=name, where=f"line {line}"
            )
        values = {}
        for index, (f, cell) in enumerate(zip(fields, cells, strict=False)):
            if f is not None:
                values[f] = unneutralise(cell) if f in TEXT_FIELDS else cell.strip()
            elif cell.strip():
                used_unknown.add(index)
        table.rows.append((line, values))
    # only columns that hold something were lost
    table.unknown_columns = [header[i].strip() or f"column {i + 1}" for i in sorted(used_unknown)]
    return table
