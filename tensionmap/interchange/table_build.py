"""A workspace from an elements table and a connections table (CSV files, XLSX sheets).

From and To are matched against element IDs first, then against labels (a
label shared by two elements is an error asking for IDs); Kumu's ``A|B``
makes one relation per name. Without an elements table every name in From
and To becomes a stakeholder. A header-less edge list goes through the edge
list rules (``edgelist.add_edge_rows``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Node, Workspace
from .builder import Builder
from .edgelist import add_edge_rows
from .errors import InterchangeError, Limits
from .semantics import ImportOptions, ImportSummary, RawEdge
from .tables import Table
from .values import decode_list, parse_bool, parse_float, parse_int_scale, short, strength_from_weight
from .vocabulary import parse_sign, resolve_horizon, resolve_kind

# Gephi's edge table uses Type for the direction, not for what the edge means.
DIRECTIONS = {"directed", "undirected", "mutual"}
STRENGTH_WORDS = {
    "very weak": 1,
    "weak": 2,
    "medium": 3,
    "moderate": 3,
    "average": 3,
    "strong": 4,
    "very strong": 5,
}


def build_from_tables(
    tables: list[Table],
    name: str,
    limits: Limits,
    options: ImportOptions | None = None,
    summary: ImportSummary | None = None,
) -> Workspace:
    elements = next((t for t in tables if not t.is_connections), None)
    connections = next((t for t in tables if t.is_connections), None)
    # "map-connections.csv" and "map.zip" both make a map titled "map"
    stem = re.sub(r"[-_ ]?(elements|connections|nodes|edges)$", "", Path(name).stem, flags=re.IGNORECASE)
    builder = Builder(
        name,
        limits,
        title=stem if stem.strip() and not name.startswith("<") else None,
        options=options,
        summary=summary,
    )
    for table in tables:
        if table.unknown_columns:
            shown = ", ".join(repr(c) for c in table.unknown_columns[:6])
            more = ", …" if len(table.unknown_columns) > 6 else ""
            builder.summary.note(f"{table.name}: columns not in a map, left out: {shown}{more}", lossy=True)
    if connections is not None and connections.edge_rows is not None:
        builder.summary.note(f"{connections.name}: no header row; read as source, target, sign or weight")
        builder.name = connections.name
        add_edge_rows(builder, connections.edge_rows)
        return builder.finish()
    by_id: dict[str, str] = {}
    by_label: dict[str, list[str]] = {}
    if elements is not None:
        for line, values in elements.rows:
            where = f"line {line}"
            try:
                node, positioned = _element(builder, values)
            except InterchangeError as exc:
                raise exc.located(file=elements.name, where=where) from None
            key = values.get("id") or f"#{line}"
            if values.get("id"):
                if values["id"] in by_id:
                    raise InterchangeError(
                        f"element ID {short(values['id'])} is used twice", file=elements.name, where=where
                    )
                by_id[values["id"]] = node.id
            builder.name = elements.name
            builder.add_node(key, node, where, positioned=positioned)
            by_label.setdefault(node.label, []).append(node.id)
    if connections is None:
        builder.name = name
        return builder.finish()
    if not connections.has("from", "to"):
        raise InterchangeError("a connections table needs From and To columns", file=connections.name)
    builder.name = connections.name
    created: dict[str, str] = {}

    def resolve(cell: str, end: str, where: str) -> list[str]:
        if elements is None:
            label = cell.strip()
            if not label:
                raise InterchangeError(f"{end} is empty", file=connections.name, where=where)
            names = [p.strip() for p in label.split("|") if p.strip()] if "|" in label else [label]
            ids = []
            for part in names:
                if part not in created:
                    node = Node(
                        id=builder.node_id_for(part, where, keep_id=False), kind="stakeholder", label=part
                    )
                    builder.add_node(part, node, where)
                    created[part] = node.id
                ids.append(created[part])
            return ids
        for candidate in (cell, cell.strip()):
            if candidate in by_id:
                return [by_id[candidate]]
            matches = by_label.get(candidate, [])
            if len(matches) == 1:
                return matches
            if len(matches) > 1:
                raise InterchangeError(
                    f"{end} {short(cell)} matches {len(matches)} elements with that label; use their IDs",
                    file=connections.name,
                    where=where,
                )
        if "|" in cell:
            return [i for part in cell.split("|") if part.strip() for i in resolve(part.strip(), end, where)]
        raise InterchangeError(
            f"{end} {short(cell)} refers to missing element (not an ID or Label in {elements.name})",
            file=connections.name,
            where=where,
        )

    for line, values in connections.rows:
        where = f"line {line}"
        sources = resolve(values.get("from", ""), "From", where)
        targets = resolve(values.get("to", ""), "To", where)
        if len(sources) * len(targets) > limits.max_relations:
            raise InterchangeError(
                f"more than {limits.max_relations} relations (the import limit)",
                file=connections.name,
                where=where,
            )
        try:
            raw = _connection(values)
            horizon = resolve_horizon(values.get("horizon"))
        except InterchangeError as exc:
            raise exc.located(file=connections.name, where=where) from None
        pairs = [(s, t) for s in sources for t in targets]
        for index, (source, target) in enumerate(pairs):
            builder.add_edge(
                source,
                target,
                raw,
                where=where,
                key=values.get("id") if index == 0 else None,
                horizon=horizon,
                what="connection",
                name=connections.name,
            )
    return builder.finish()


def _element(builder: Builder, values: dict[str, str]) -> tuple[Node, bool]:
    label = values.get("label", "")
    if not label.strip():
        label = values.get("id", "")
    if not label.strip():
        raise InterchangeError("element has no Label")
    kind, extra_tag = resolve_kind(values.get("kind"))
    tags = decode_list(values.get("tags"))
    if extra_tag and extra_tag not in tags:
        tags += (extra_tag,)
    has_x, has_y = bool(values.get("x")), bool(values.get("y"))
    colour = values.get("colour") or None
    node = Node(
        id=builder.node_id_for(values.get("id") or "", None),
        kind=kind,
        label=label,
        description=values.get("description", ""),
        group=values.get("group", ""),
        tags=tags,
        colour=colour,
        x=parse_float(values["x"], "X") if has_x else 0.0,
        y=parse_float(values["y"], "Y") if has_y else 0.0,
        pinned=parse_bool(values.get("pinned", ""), "Pinned"),
        power=parse_int_scale(values.get("power"), "Power"),
        interest=parse_int_scale(values.get("interest"), "Interest"),
    )
    return node, has_x and has_y


def _strength(text: str) -> int:
    word = " ".join(text.lower().split())
    if word in STRENGTH_WORDS:
        return STRENGTH_WORDS[word]
    return strength_from_weight(parse_float(text, "Strength"))


def _connection(values: dict[str, str]) -> RawEdge:
    weight = parse_float(values["weight"], "Weight") if values.get("weight") else None
    type_word = values.get("type", "")
    direction = (values.get("direction") or "").strip().lower()
    if type_word.strip().lower() in DIRECTIONS:
        direction = direction or type_word.strip().lower()
        type_word = ""
    return RawEdge(
        type_word=type_word or None,
        label=values.get("label"),
        sign=parse_sign(values.get("sign"), "Sign"),
        weight=weight,
        strength=_strength(values["strength"]) if values.get("strength") else None,
        directed=direction not in ("undirected", "mutual"),
        note=values.get("note", ""),
    )
