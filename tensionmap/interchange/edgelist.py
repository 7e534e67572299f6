"""Signed edge lists (KONECT style): ``source target [sign [more columns]]`` per line.

Lines starting with ``%`` or ``#`` are comments; columns are separated by
spaces, tabs or commas. Every token becomes a stakeholder labelled by it.

The third column is read for the whole file at once:

- only 1 and 2 (at least one 2): the KONECT 1/2 convention, 2 = negative;
- only -1, 0 and 1 (or ``+`` / ``-``) with at least one -1 or 0: signs; strength stays 3;
- any other numbers: weights; a negative one makes the file signed (sign
  from the sign of each number), and strength follows |weight| by its rank
  in the file (``semantics``).

A file with no sign information imports every edge as one type (``related``
unless chosen otherwise). A KONECT ``% sym`` header marks an undirected
network: its edges take symmetric types. Columns after the third (KONECT
timestamps) are left out, and the import summary says so.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from ..model import Node, Workspace
from .builder import Builder
from .errors import InterchangeError, Limits
from .semantics import ImportOptions, ImportSummary, RawEdge
from .sources import Source, decode_text, limits_or_default, read_source, source_name
from .values import parse_float

_SPLIT = re.compile(r"[\s,]+")


def read_edgelist(
    source: Source,
    *,
    name: str | None = None,
    limits: Limits | None = None,
    options: ImportOptions | None = None,
    summary: ImportSummary | None = None,
) -> Workspace:
    """A new Workspace from a signed edge list."""
    name = source_name(source, name)
    limits = limits_or_default(limits)
    text = decode_text(read_source(source, name, limits), name)
    builder = Builder(name, limits, options=options, summary=summary)
    rows: list[tuple[int, list[str]]] = []
    directed = True
    for number, raw in enumerate(io.StringIO(text, newline="\n"), 1):  # lazily: no list of lines
        line = raw.strip()
        if not line:
            continue
        if line[0] in "%#":
            if not rows and _SYMMETRIC_HEADER.match(line):
                directed = False  # KONECT: "% sym ..." is an undirected network
            continue
        tokens = _SPLIT.split(line)
        if len(tokens) < 2:
            raise InterchangeError("expected 'source target [sign]'", file=name, where=f"line {number}")
        if len(rows) >= limits.max_relations:
            raise InterchangeError(
                f"more than {limits.max_relations} relations (the import limit)",
                file=name,
                where=f"line {number}",
            )
        rows.append((number, tokens))
    add_edge_rows(builder, rows, directed=directed)
    return builder.finish()


_SYMMETRIC_HEADER = re.compile(r"^[%#]\s*sym\b", re.IGNORECASE)


def add_edge_rows(builder: Builder, rows: list[tuple[int, list[str]]], *, directed: bool = True) -> None:
    """Nodes and edges from ``source target [sign or weight [more]]`` rows (line number, cells).

    Shared by edge lists and header-less CSV files. The third column is read
    for the whole file (see the module doc); columns after it are counted in
    the summary as left out.
    """
    name = builder.name
    values: list[float | None] = []
    for number, tokens in rows:
        if len(tokens) < 2:
            raise InterchangeError("expected 'source target [sign]'", file=name, where=f"line {number}")
        value: float | None = None
        if len(tokens) >= 3 and tokens[2].strip():
            token = tokens[2].strip()
            if token in ("+", "-"):
                value = 1.0 if token == "+" else -1.0
            else:
                try:
                    value = parse_float(token, "sign")
                except InterchangeError as exc:
                    raise exc.located(file=name, where=f"line {number}") from None
        if len(tokens) > 3 and any(t.strip() for t in tokens[3:]):
            builder.summary.count("columns after the third (e.g. timestamps) left out", f"line {number}")
        values.append(value)
    seen = {v for v in values if v is not None}
    konect = bool(seen) and seen <= {1.0, 2.0} and 2.0 in seen
    # -1/0/1 with a -1 or a 0 are signs; a column of only 1s is an unweighted list's weight
    signs_only = seen <= {-1.0, 0.0, 1.0} and bool(seen & {-1.0, 0.0})
    for (number, tokens), value in zip(rows, values, strict=True):
        where = f"line {number}"
        source_key, target_key = tokens[0].strip(), tokens[1].strip()
        ids = []
        for key in (source_key, target_key):
            if not key:
                raise InterchangeError("a source or target is empty", file=name, where=where)
            if key not in builder.keys:
                node = Node(id=builder.node_id_for(key, where, keep_id=False), kind="stakeholder", label=key)
                builder.add_node(key, node, where)
            ids.append(builder.keys[key])
        if value is None:
            raw = RawEdge(directed=directed)
        elif konect:
            raw = RawEdge(sign=1 if value == 1.0 else -1, directed=directed)
        elif signs_only:
            raw = RawEdge(sign=(value > 0) - (value < 0), directed=directed)
        else:
            raw = RawEdge(weight=value, directed=directed)
        builder.add_edge(ids[0], ids[1], raw, where=where, what=f"edge {source_key} {target_key}")


def edgelist_text(ws: Workspace) -> str:
    """The relations as ``source target sign`` lines, nodes named by their labels
    (spaces and commas become ``_``; a repeated label gets ``#2``, ``#3``...)."""
    tokens: dict[str, str] = {}
    used: set[str] = set()
    for node in ws.nodes.values():
        base = _SPLIT.sub("_", node.label.strip()) or "node"
        base = base.lstrip("%#") or "node"
        token, count = base, 1
        while token in used:
            count += 1
            token = f"{base}#{count}"
        used.add(token)
        tokens[node.id] = token
    undirected = bool(ws.relations) and all(r.symmetric for r in ws.relations.values())
    lines = [
        # KONECT's first line: "sym" (undirected) or "asym" (directed), then the weight kind
        "% sym signed" if undirected else "% asym signed",
        "% signed edge list written by tensionmap: source target sign (1 positive, -1 negative, 0 neutral)",
        f"% {len(ws.relations)} relations, {len(ws.nodes)} nodes",
    ]
    lines += [f"{tokens[r.source]} {tokens[r.target]} {r.sign}" for r in ws.relations.values()]
    return "\n".join(lines) + "\n"


def write_edgelist(ws: Workspace, path: str | os.PathLike) -> None:
    """Write the relations as a signed edge list (labels, not ids, name the nodes)."""
    target = Path(path)
    try:
        target.write_text(edgelist_text(ws), encoding="utf-8")
    except OSError as exc:
        raise InterchangeError(f"cannot write the file ({exc.strerror or exc})", file=target.name) from None
