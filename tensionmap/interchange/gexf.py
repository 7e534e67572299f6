"""GEXF 1.3 in and out (Gephi).

Out: a static graph, undirected when every relation is symmetric, else
directed (networkx refuses undirected edges in a directed graph); node attributes kind, group, description,
tags, colour, pinned, power, interest; edge attributes type, sign,
strength, horizon, note; ``weight`` = strength; ``viz:position`` (with y
flipped, since Gephi's y axis points up and the canvas's points down),
``viz:color`` (node fill; edge colour by sign) and ``viz:shape`` (dashed
for opposing edges). GEXF keeps the same fields as GraphML.

In: our own attributes, and any GEXF 1.1-1.3 where a ``sign`` attribute or a
negative ``weight`` means opposing; the ``label`` XML attribute is the
node's label, and an edge label that names a relation type is its type.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from ..model import Node, Workspace
from . import _xml
from .builder import Builder
from .errors import InterchangeError, Limits
from .graphml import KIND_SHAPES, SIGN_COLOURS, fill_colour
from .semantics import ImportOptions, ImportSummary, RawEdge, explicit_strength
from .sources import Source, limits_or_default, read_source, source_name
from .values import decode_list, encode_list, format_number, parse_bool, parse_float, parse_int_scale
from .vocabulary import parse_sign, resolve_horizon, resolve_kind

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"

_NODE_ATTRS = (
    ("kind", "string"),
    ("group", "string"),
    ("description", "string"),
    ("tags", "string"),
    ("colour", "string"),
    ("pinned", "boolean"),
    ("power", "integer"),
    ("interest", "integer"),
)
_EDGE_ATTRS = (
    ("type", "string"),
    ("sign", "integer"),
    ("strength", "integer"),
    ("horizon", "string"),
    ("note", "string"),
)
_GEXF_SHAPES = {"roundrectangle": "square", "hexagon": "diamond"}


def _rgb(colour: str) -> str:
    value = colour.lstrip("#")
    r, g, b = int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    return f'r="{r}" g="{g}" b="{b}"'


def gexf_text(ws: Workspace) -> str:
    """The GEXF 1.3 document for a workspace, as text."""
    a, t = _xml.attr, _xml.text
    today = datetime.now(UTC).date().isoformat()
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{GEXF_NS} http://gexf.net/1.3/gexf.xsd" version="1.3">',
        f'  <meta lastmodifieddate="{today}">',
        "    <creator>tensionmap</creator>",
        f"    <title>{t(ws.title)}</title>",
    ]
    if ws.description:
        out.append(f"    <description>{t(ws.description)}</description>")
    out.append("  </meta>")
    undirected = bool(ws.relations) and all(r.symmetric for r in ws.relations.values())
    out.append(f'  <graph defaultedgetype="{"undirected" if undirected else "directed"}" mode="static">')
    out.append('    <attributes class="node" mode="static">')
    out += [f'      <attribute id="{k}" title="{k}" type="{typ}"/>' for k, typ in _NODE_ATTRS]
    out.append("    </attributes>")
    out.append('    <attributes class="edge" mode="static">')
    out += [f'      <attribute id="{k}" title="{k}" type="{typ}"/>' for k, typ in _EDGE_ATTRS]
    out.append("    </attributes>")
    out.append("    <nodes>")
    for n in ws.nodes.values():
        values = [("kind", n.kind)]
        if n.group:
            values.append(("group", n.group))
        if n.description:
            values.append(("description", n.description))
        if n.tags:
            values.append(("tags", encode_list(n.tags)))
        if n.colour is not None:
            values.append(("colour", n.colour))
        values.append(("pinned", "true" if n.pinned else "false"))
        if n.power is not None:
            values.append(("power", str(n.power)))
        if n.interest is not None:
            values.append(("interest", str(n.interest)))
        attvalues = "".join(f'<attvalue for="{k}" value="{a(v)}"/>' for k, v in values)
        shape = _GEXF_SHAPES.get(KIND_SHAPES.get(n.kind, ""), "disc")
        out.append(
            f'      <node id="{a(n.id)}" label="{a(n.label)}"><attvalues>{attvalues}</attvalues>'
            f"<viz:color {_rgb(fill_colour(n))}/>"
            f'<viz:position x="{format_number(n.x)}" y="{format_number(-n.y)}" z="0"/>'
            f'<viz:size value="{20 if n.kind == "stakeholder" else 16}"/><viz:shape value="{shape}"/></node>'
        )
    out.append("    </nodes>")
    out.append("    <edges>")
    for r in ws.relations.values():
        values = [
            ("type", r.type),
            ("sign", str(r.sign)),
            ("strength", str(r.strength)),
            ("horizon", r.horizon),
        ]
        if r.note:
            values.append(("note", r.note))
        attvalues = "".join(f'<attvalue for="{k}" value="{a(v)}"/>' for k, v in values)
        line = "dashed" if r.sign < 0 else "solid"
        out.append(
            f'      <edge id="{a(r.id)}" source="{a(r.source)}" target="{a(r.target)}" '
            + f'weight="{r.strength}" label="{r.type.replace("_", " ")}"><attvalues>{attvalues}</attvalues>'
            f'<viz:color {_rgb(SIGN_COLOURS[r.sign])}/><viz:thickness value="{r.strength}"/>'
            f'<viz:shape value="{line}"/></edge>'
        )
    out.append("    </edges>")
    out.append("  </graph>")
    out.append("</gexf>")
    return "\n".join(out) + "\n"


def write_gexf(ws: Workspace, path: str | os.PathLike) -> None:
    """Write the map as GEXF 1.3 (UTF-8)."""
    _xml.write_bytes(Path(path), gexf_text(ws).encode("utf-8"))


# ------------------------------------------------------------------- read

_NODE_FIELDS = {
    "kind": "kind",
    "group": "group",
    "description": "description",
    "tags": "tags",
    "colour": "colour",
    "color": "colour",
    "pinned": "pinned",
    "power": "power",
    "interest": "interest",
    "label": "label",
    "name": "label",
}
_EDGE_FIELDS = {
    "type": "type",
    "relation": "type",
    "sign": "sign",
    "strength": "strength",
    "weight": "weight",
    "horizon": "horizon",
    "note": "note",
    "description": "note",
}


def _attributes(
    graph: Element, ns: str, cls: str, fields: dict[str, str], unknown: dict[str, str] | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """Attribute id (and title) -> field, and field -> default value, for one class.

    Attributes that mean nothing to a map go into ``unknown`` (id -> title).
    """
    by_id: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for block in graph.findall(ns + "attributes"):
        if block.get("class", "").lower() != cls:
            continue
        for attribute in block.findall(ns + "attribute"):
            title = (attribute.get("title") or attribute.get("id") or "").strip().lower()
            field = fields.get(title)
            if field is None:
                if unknown is not None and attribute.get("id") is not None:
                    unknown[attribute.get("id", "")] = attribute.get("title") or attribute.get("id", "") or ""
                continue
            for key in (attribute.get("id"), attribute.get("title")):
                if key is not None:
                    by_id[key] = field
            default = attribute.find(ns + "default")
            if default is not None and default.text is not None:
                defaults[field] = default.text
    return by_id, defaults


def _time_key(attvalue: Element) -> tuple[float, str]:
    """Sort key of a dynamic value: its start (or timestamp, or end); numbers before dates."""
    for name in ("start", "timestamp", "end", "startopen", "endopen"):
        value = attvalue.get(name)
        if value is not None:
            try:
                return (float(value), "")
            except ValueError:
                return (float("inf"), value)  # ISO dates sort as text
    return (float("-inf"), "")


class _Reader:
    """Per-file state while reading values: unknown attributes seen, time data reduced."""

    def __init__(self, summary: ImportSummary, unknown: dict[str, str]) -> None:
        self.summary = summary
        self.unknown = unknown
        self.unknown_used: set[str] = set()

    def values(
        self, element: Element, ns: str, by_id: dict[str, str], defaults: dict[str, str], what: str
    ) -> dict[str, str]:
        values = dict(defaults)
        attvalues = element.find(ns + "attvalues")
        if attvalues is None:
            return values
        found: dict[str, list[Element]] = {}
        for attvalue in attvalues:
            key = attvalue.get("for") or attvalue.get("id") or ""
            field = by_id.get(key)
            if field is None:
                if key in self.unknown:
                    self.unknown_used.add(self.unknown[key])
                continue
            found.setdefault(field, []).append(attvalue)
        for field, items in found.items():
            timed = [a for a in items if _time_key(a)[0] != float("-inf") or _time_key(a)[1]]
            if len(items) > 1 or timed:
                latest = max(items, key=_time_key)
                values[field] = latest.get("value", "")
                if len(items) > 1:
                    self.summary.count(
                        f"{what} {field} values over time reduced to the last one",
                        element.get("id"),
                    )
            else:
                values[field] = items[0].get("value", "")
        return values


def read_gexf(
    source: Source,
    *,
    name: str | None = None,
    limits: Limits | None = None,
    options: ImportOptions | None = None,
    summary: ImportSummary | None = None,
) -> Workspace:
    """A new Workspace from a GEXF file (path, bytes or binary file object)."""
    name = source_name(source, name)
    limits = limits_or_default(limits)
    data = read_source(source, name, limits)
    root = _xml.parse_xml(data, name, limits)
    ns = _xml.namespace(root.tag)
    if _xml.local(root.tag) != "gexf":
        raise InterchangeError(f"not a GEXF file (the root element is <{_xml.local(root.tag)}>)", file=name)
    graph = root.find(ns + "graph")
    if graph is None:
        raise InterchangeError("GEXF file has no <graph> element", file=name)
    meta = root.find(ns + "meta")
    title = description = None
    if meta is not None:
        title_el, description_el = meta.find(ns + "title"), meta.find(ns + "description")
        title = title_el.text if title_el is not None else None
        description = description_el.text if description_el is not None else None
    builder = Builder(name, limits, title=title or graph.get("name"), options=options, summary=summary)
    if description:
        try:
            builder.ws.set_info(description=description)
        except ValueError as exc:
            raise InterchangeError(f"description: {exc}", file=name) from None

    unknown: dict[str, str] = {}
    node_ids, node_defaults = _attributes(graph, ns, "node", _NODE_FIELDS, unknown)
    edge_ids, edge_defaults = _attributes(graph, ns, "edge", _EDGE_FIELDS, unknown)
    reader = _Reader(builder.summary, unknown)
    viz_colours = "colour" not in node_ids.values()
    directed_default = (graph.get("defaultedgetype") or "directed").lower() != "undirected"
    nodes_el, edges_el = graph.find(ns + "nodes"), graph.find(ns + "edges")
    node_elements = nodes_el.findall(ns + "node") if nodes_el is not None else []
    edge_elements = edges_el.findall(ns + "edge") if edges_el is not None else []
    if len(node_elements) > limits.max_nodes:
        raise InterchangeError(f"more than {limits.max_nodes} nodes (the import limit)", file=name)
    if len(edge_elements) > limits.max_relations:
        raise InterchangeError(f"more than {limits.max_relations} relations (the import limit)", file=name)

    # Locations are worked out only when something is wrong (see _xml.located).
    for index, element in enumerate(node_elements, 1):
        try:
            key = element.get("id")
            if key is None:
                raise InterchangeError("node has no id")
            _note_time(builder.summary, element, "node")
            values = reader.values(element, ns, node_ids, node_defaults, "node")
            node, positioned = _node(builder, element, values, viz_colours)
            builder.add_node(key, node, None, positioned=positioned)
        except InterchangeError as exc:
            raise exc.located(file=name, where=_xml.located(data, "node", element, index)) from None

    for index, element in enumerate(edge_elements, 1):
        try:
            _note_time(builder.summary, element, "edge")
            values = reader.values(element, ns, edge_ids, edge_defaults, "edge")
            _relation(builder, element, values, directed_default, data, index)
        except InterchangeError as exc:
            raise exc.located(file=name, where=_xml.located(data, "edge", element, index)) from None
    if reader.unknown_used:
        names = sorted(reader.unknown_used)
        shown = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
        builder.summary.note(f"attributes not in a map, left out: {shown}", lossy=True)
    return builder.finish()


def _note_time(summary: ImportSummary, element: Element, what: str) -> None:
    """Count nodes and edges whose existence is limited in time: a map shows them always."""
    if any(element.get(a) is not None for a in ("start", "end", "timestamp", "timestamps", "spells")) or any(
        _xml.local(child.tag) == "spells" for child in element
    ):
        summary.count(f"{what}s with time intervals shown at all times", element.get("id"))


def _node(builder: Builder, element: Element, values: dict[str, str], viz_colours: bool) -> tuple[Node, bool]:
    key = element.get("id", "")
    position = colour_el = None
    for child in element:
        tag = _xml.local(child.tag)
        if tag == "position":
            position = child
        elif tag == "color":
            colour_el = child
    label = element.get("label") or values.get("label") or key
    kind, extra_tag = resolve_kind(values.get("kind"))
    tags = decode_list(values.get("tags"))
    if extra_tag and extra_tag not in tags:
        tags += (extra_tag,)
    x = y = 0.0
    if position is not None:
        x = parse_float(position.get("x", "0"), "viz:position x")
        y = -parse_float(position.get("y", "0"), "viz:position y") + 0.0
    colour = values.get("colour")
    if colour is None and viz_colours and colour_el is not None:
        try:
            rgb = [max(0, min(255, int(float(colour_el.get(c, "0"))))) for c in "rgb"]
            colour = "#{:02X}{:02X}{:02X}".format(*rgb)
        except (ValueError, OverflowError):
            colour = None
    node = Node(
        id=builder.node_id_for(key, None),
        kind=kind,
        label=label if label.strip() else key,
        description=values.get("description", ""),
        group=values.get("group", ""),
        tags=tags,
        colour=colour,
        x=x,
        y=y,
        pinned=parse_bool(values["pinned"], "pinned") if "pinned" in values else False,
        power=parse_int_scale(values.get("power"), "power"),
        interest=parse_int_scale(values.get("interest"), "interest"),
    )
    return node, position is not None


def _relation(
    builder: Builder,
    element: Element,
    values: dict[str, str],
    directed_default: bool,
    data: bytes,
    index: int,
) -> None:
    source_key, target_key = element.get("source"), element.get("target")
    if source_key is None or target_key is None:
        raise InterchangeError("edge needs both a source and a target")
    source = builder.lookup(source_key, "source", None)
    target = builder.lookup(target_key, "target", None)
    weight_text = values.get("weight") or element.get("weight")
    # GEXF's own default weight is 1.0, so an edge without one ranks with the weakest
    weight = parse_float(weight_text, "weight") if weight_text and weight_text.strip() else 1.0
    kind = (element.get("type") or "").lower()
    directed = directed_default if kind not in ("directed", "undirected", "mutual") else kind == "directed"
    raw = RawEdge(
        type_word=values.get("type"),
        label=element.get("label"),
        sign=parse_sign(values.get("sign")),
        weight=weight,
        strength=explicit_strength(values.get("strength")),
        directed=directed,
        note=values.get("note", ""),
    )
    builder.add_edge(
        source,
        target,
        raw,
        where=lambda: _xml.located(data, "edge", element, index),
        key=element.get("id"),
        horizon=resolve_horizon(values.get("horizon")),
    )
