"""Signed edge lists (KONECT style): ``source target [sign [more columns]]`` per line.

Lines starting with ``%`` or ``#`` are comments; columns are separated by
spaces, tabs or commas. Every token becomes a stakeholder labelled by it.

The third column is read for the whole file at once:

- only 1 and 2 (at least one 2): the KONECT 1/2 convention, 2 = negative;
- only -1, 0 and 1 (or ``+`` / ``-``): signs; strength stays 3;
- any other numbers: signed weights, sign from the sign of the number and
  strength = |weight| rounded into 1-5.

A line without a third column gives a ``related`` relation. Columns after
the third (KONECT timestamps) are ignored.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from ..model import Node, Relation, Workspace
from ._common import (
    Builder,
    Source,
    decode_text,
    limits_or_default,
    parse_float,
    read_source,
    resolve_type,
    source_name,
    strength_from_weight,
)
from .errors import InterchangeError, Limits

_SPLIT = re.compile(r"[\s,]+")


def read_edgelist(source: Source, *, name: str | None = None, limits: Limits | None = None) -> Workspace:
    """A new Workspace from a signed edge list."""
    name = source_name(source, name)
    limits = limits_or_default(limits)
    text = decode_text(read_source(source, name, limits), name)
    builder = Builder(name, limits)
    edges: list[tuple[int, str, str, float | None]] = []
    for number, raw in enumerate(io.StringIO(text, newline="\n"), 1):  # lazily: no list of lines
        line = raw.strip()
        if not line or line[0] in "%#":
            continue
        tokens = _SPLIT.split(line)
        if len(tokens) < 2:
            raise InterchangeError("expected 'source target [sign]'", file=name, where=f"line {number}")
        value: float | None = None
        if len(tokens) >= 3:
            token = tokens[2]
            if token in ("+", "-"):
                value = 1.0 if token == "+" else -1.0
            else:
                try:
                    value = parse_float(token, "sign")
                except InterchangeError as exc:
                    raise exc.located(file=name, where=f"line {number}") from None
        if len(edges) >= limits.max_relations:
            raise InterchangeError(
                f"more than {limits.max_relations} relations (the import limit)",
                file=name,
                where=f"line {number}",
            )
        edges.append((number, tokens[0], tokens[1], value))

    values = {v for *_, v in edges if v is not None}
    konect = bool(values) and values <= {1.0, 2.0} and 2.0 in values
    signs_only = values <= {-1.0, 0.0, 1.0}
    for number, source_key, target_key, value in edges:
        where = f"line {number}"
        ids = []
        for key in (source_key, target_key):
            if key not in builder.keys:
                node = Node(id=builder.node_id_for(key, where, keep_id=False), kind="stakeholder", label=key)
                builder.add_node(key, node, where)
            ids.append(builder.keys[key])
        if value is None:
            sign, strength = 0, 3
        elif konect:
            sign, strength = (1 if value == 1.0 else -1), 3
        else:
            sign = (value > 0) - (value < 0)
            strength = 3 if signs_only else strength_from_weight(value)
        relation = Relation(
            id=builder.relation_id(None),
            source=ids[0],
            target=ids[1],
            type=resolve_type(None, sign),
            strength=strength,
        )
        builder.add_relation(relation, where, f"edge {source_key} {target_key}")
    return builder.finish()


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
    lines = [
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
