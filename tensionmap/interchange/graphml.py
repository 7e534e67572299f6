"""GraphML in and out (networkx, igraph, Gephi, yEd).

Out: a directed graph with plain ``key`` attributes that any GraphML reader
understands, and yEd graphics (``y:ShapeNode``, ``y:PolyLineEdge``) so yEd
shows the map as drawn. The yEd data comes first in each element, so readers
that fold yEd labels and geometry into attributes (networkx) are then
overridden by the plain keys.

GraphML keeps the workspace title and description, every node field, and
every relation field except the evidence it cites (evidence, lenses,
questions and polarities are not part of GraphML; use JSON for those).

In: our own keys; graphs from networkx or igraph, where a numeric ``sign``
or a negative ``weight`` means opposing; yEd files whose labels live in
``y:NodeLabel`` / ``y:EdgeLabel`` and positions in ``y:Geometry``.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.etree.ElementTree import Element

from ..model import Node, Workspace
from . import _xml, yed
from .builder import Builder
from .css_colours import CSS_COLOURS
from .errors import InterchangeError, Limits
from .semantics import ImportOptions, ImportSummary, RawEdge, explicit_strength
from .sources import Source, limits_or_default, read_source, source_name
from .values import decode_list, encode_list, format_number, parse_bool, parse_float, parse_int_scale
from .vocabulary import parse_sign, resolve_horizon, resolve_kind

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
YED_NS = "http://www.yworks.com/xml/graphml"

#: Edge colours by sign (Okabe-Ito: vermillion, blue, grey) and yEd line styles.
SIGN_COLOURS = {1: "#0072B2", -1: "#D55E00", 0: "#7F7F7F"}
SIGN_LINES = {1: "line", -1: "dashed", 0: "line"}
KIND_FILLS = {"stakeholder": "#DCEBF7", "driver": "#FBE5C8"}
KIND_SHAPES = {"stakeholder": "roundrectangle", "driver": "hexagon"}

_NODE_KEYS = (
    ("label", "string"),
    ("kind", "string"),
    ("group", "string"),
    ("description", "string"),
    ("tags", "string"),
    ("colour", "string"),
    ("x", "double"),
    ("y", "double"),
    ("pinned", "boolean"),
    ("power", "int"),
    ("interest", "int"),
)
_EDGE_KEYS = (
    ("type", "string"),
    ("sign", "int"),
    ("strength", "int"),
    ("weight", "double"),
    ("horizon", "string"),
    ("note", "string"),
)


# ------------------------------------------------------------------ write


def node_size(node: Node) -> tuple[float, float]:
    """The box yEd draws: wide enough for the label's longest line."""
    longest = max((len(line) for line in node.label.splitlines()), default=0)
    width = float(min(320, max(90, 7 * longest + 30)))
    height = 40.0 if node.kind == "stakeholder" else 50.0
    return width, height


def fill_colour(node: Node) -> str:
    """The node's colour as hex for yEd and Gephi (named colours looked up), else its kind's fill."""
    colour = (node.colour or "").strip()
    if len(colour) in (7, 9) and colour.startswith("#"):
        try:
            int(colour[1:], 16)
            return colour.upper()
        except ValueError:
            pass
    named = CSS_COLOURS.get(colour.lower().replace(" ", "").replace("_", ""))
    return named or KIND_FILLS.get(node.kind, "#FFFFFF")


def graphml_text(ws: Workspace) -> str:
    """The GraphML document for a workspace, as text."""
    a, t = _xml.attr, _xml.text
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
        f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xmlns:y="{YED_NS}" xsi:schemaLocation="{GRAPHML_NS} '
        'http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">',
        '  <key id="g_title" for="graph" attr.name="title" attr.type="string"/>',
        '  <key id="g_description" for="graph" attr.name="description" attr.type="string"/>',
        '  <key id="ng" for="node" yfiles.type="nodegraphics"/>',
        '  <key id="eg" for="edge" yfiles.type="edgegraphics"/>',
    ]
    out += [f'  <key id="n_{k}" for="node" attr.name="{k}" attr.type="{typ}"/>' for k, typ in _NODE_KEYS]
    out += [f'  <key id="e_{k}" for="edge" attr.name="{k}" attr.type="{typ}"/>' for k, typ in _EDGE_KEYS]
    # Undirected when every relation is symmetric (a signed social network comes back as it came);
    # otherwise directed: networkx refuses directed="false" edges in a directed graph, and the
    # symmetric types say it anyway.
    undirected = bool(ws.relations) and all(r.symmetric for r in ws.relations.values())
    out.append(f'  <graph id="G" edgedefault="{"undirected" if undirected else "directed"}">')
    out.append(f'    <data key="g_title">{t(ws.title)}</data>')
    if ws.description:
        out.append(f'    <data key="g_description">{t(ws.description)}</data>')
    for n in ws.nodes.values():
        w, h = node_size(n)
        line = [
            f'    <node id="{a(n.id)}">',
            '<data key="ng"><y:ShapeNode>',
            f'<y:Geometry height="{h:g}" width="{w:g}" x="{format_number(n.x - w / 2)}" '
            f'y="{format_number(n.y - h / 2)}"/>',
            f'<y:Fill color="{fill_colour(n)}" transparent="false"/>',
            '<y:BorderStyle color="#333333" type="line" width="1.0"/>',
            f'<y:NodeLabel alignment="center" autoSizePolicy="content" modelName="internal" '
            f'modelPosition="c" visible="true">{t(n.label)}</y:NodeLabel>',
            f'<y:Shape type="{KIND_SHAPES.get(n.kind, "rectangle")}"/>',
            "</y:ShapeNode></data>",
            f'<data key="n_label">{t(n.label)}</data>',
            f'<data key="n_kind">{n.kind}</data>',
        ]
        if n.group:
            line.append(f'<data key="n_group">{t(n.group)}</data>')
        if n.description:
            line.append(f'<data key="n_description">{t(n.description)}</data>')
        if n.tags:
            line.append(f'<data key="n_tags">{t(encode_list(n.tags))}</data>')
        if n.colour is not None:
            line.append(f'<data key="n_colour">{t(n.colour)}</data>')
        line.append(f'<data key="n_x">{format_number(n.x)}</data><data key="n_y">{format_number(n.y)}</data>')
        line.append(f'<data key="n_pinned">{"true" if n.pinned else "false"}</data>')
        if n.power is not None:
            line.append(f'<data key="n_power">{n.power}</data>')
        if n.interest is not None:
            line.append(f'<data key="n_interest">{n.interest}</data>')
        line.append("</node>")
        out.append("".join(line))
    for r in ws.relations.values():
        sign = r.sign
        arrow = "none" if r.symmetric else "standard"
        line = [
            f'    <edge id="{a(r.id)}" source="{a(r.source)}" target="{a(r.target)}">',
            '<data key="eg"><y:PolyLineEdge><y:Path sx="0.0" sy="0.0" tx="0.0" ty="0.0"/>',
            f'<y:LineStyle color="{SIGN_COLOURS[sign]}" type="{SIGN_LINES[sign]}" '
            f'width="{0.5 + 0.5 * r.strength:g}"/>',
            f'<y:Arrows source="none" target="{arrow}"/>',
            f'<y:EdgeLabel alignment="center" visible="true">{r.type.replace("_", " ")}</y:EdgeLabel>',
            '<y:BendStyle smoothed="false"/></y:PolyLineEdge></data>',
            f'<data key="e_type">{r.type}</data><data key="e_sign">{sign}</data>',
            f'<data key="e_strength">{r.strength}</data><data key="e_weight">{r.strength}</data>',
            f'<data key="e_horizon">{r.horizon}</data>',
        ]
        if r.note:
            line.append(f'<data key="e_note">{t(r.note)}</data>')
        line.append("</edge>")
        out.append("".join(line))
    out.append("  </graph>")
    out.append("</graphml>")
    return "\n".join(out) + "\n"


def write_graphml(ws: Workspace, path: str | os.PathLike) -> None:
    """Write the map as GraphML (UTF-8)."""
    _xml.write_bytes(Path(path), graphml_text(ws).encode("utf-8"))


# ------------------------------------------------------------------- read

_NODE_ALIASES = {
    "label": "label",
    "name": "label",
    "kind": "kind",
    "group": "group",
    "description": "description",
    "desc": "description",
    "tags": "tags",
    "colour": "colour",
    "color": "colour",
    "x": "x",
    "y": "y",
    "pinned": "pinned",
    "power": "power",
    "interest": "interest",
    "r": "r",  # Gephi writes the node colour as r, g, b
    "g": "g",
    "b": "b",
}
_EDGE_ALIASES = {
    "type": "type",
    "relation": "type",
    "kind": "type",
    "sign": "sign",
    "strength": "strength",
    "weight": "weight",
    "horizon": "horizon",
    "note": "note",
    "description": "note",
    "label": "label",
    "edge label": "label",  # Gephi
}
_GRAPH_ALIASES = {"title": "title", "name": "title", "label": "title", "description": "description"}


class _Key:
    __slots__ = ("default", "domain", "field", "graphics", "name")

    def __init__(
        self, field: str | None, domain: str, default: str | None, graphics: bool, name: str = ""
    ) -> None:
        self.field = field
        self.domain = domain
        self.default = default
        self.graphics = graphics
        self.name = name


def _read_keys(root: Element, ns: str) -> dict[str, _Key]:
    keys: dict[str, _Key] = {}
    for key in root.iter(ns + "key"):
        key_id = key.get("id")
        if key_id is None:
            continue
        domain = (key.get("for") or "all").lower()
        name = (key.get("attr.name") or "").strip().lower()
        # yEd desktop marks its graphics with yfiles.type; yFiles for HTML with y:attr.uri
        graphics = bool(key.get("yfiles.type")) or any(a.endswith("}attr.uri") for a in key.attrib)
        aliases = {"node": _NODE_ALIASES, "edge": _EDGE_ALIASES, "graph": _GRAPH_ALIASES}.get(domain, {})
        field = aliases.get(name) if name else None
        default_el = key.find(ns + "default")
        default = default_el.text if default_el is not None and not len(default_el) else None
        if domain == "all":
            keys[key_id] = _Key(name or None, domain, default, graphics, name)
        else:
            keys[key_id] = _Key(field, domain, default, graphics, name)
    return keys


def _collect(
    element: Element, ns: str, keys: dict[str, _Key], domain: str, unknown: set[str] | None = None
) -> tuple[dict[str, str], list[Element]]:
    """An element's plain values by field, and its graphics data elements (yEd, yFiles for HTML)."""
    values: dict[str, str] = {}
    graphics: list[Element] = []
    data_tag = ns + "data"
    for data in element:
        if data.tag != data_tag:
            continue
        key = keys.get(data.get("key", ""))
        if len(data) or (key is not None and key.graphics):
            graphics.append(data)
            continue
        if key is None:
            continue
        field = key.field
        if key.domain == "all":
            aliases = (
                _NODE_ALIASES if domain == "node" else _EDGE_ALIASES if domain == "edge" else _GRAPH_ALIASES
            )
            field = aliases.get(field or "")
        if field is not None and (key.domain == domain or key.domain == "all"):
            values[field] = data.text or ""
        elif unknown is not None and key.name and (data.text or "").strip():
            unknown.add(key.name)
    return values, graphics


def _defaults(keys: dict[str, _Key], domain: str) -> dict[str, str]:
    out = {}
    for key in keys.values():
        if key.default is None or key.domain not in (domain, "all"):
            continue
        aliases = _NODE_ALIASES if domain == "node" else _EDGE_ALIASES if domain == "edge" else _GRAPH_ALIASES
        field = key.field if key.domain == domain else aliases.get(key.field or "")
        if field:
            out[field] = key.default
    return out


def read_graphml(
    source: Source,
    *,
    name: str | None = None,
    limits: Limits | None = None,
    options: ImportOptions | None = None,
    summary: ImportSummary | None = None,
) -> Workspace:
    """A new Workspace from a GraphML file (path, bytes or binary file object)."""
    name = source_name(source, name)
    limits = limits_or_default(limits)
    data = read_source(source, name, limits)
    root = _xml.parse_xml(data, name, limits)
    return _build(root, data, name, limits, options, summary)


def _directed(element: Element, default: bool) -> bool:
    value = (element.get("directed") or "").strip().lower()
    return default if value not in ("true", "false") else value == "true"


def _build(
    root: Element,
    data: bytes,
    name: str,
    limits: Limits,
    options: ImportOptions | None,
    summary: ImportSummary | None,
) -> Workspace:
    ns = _xml.namespace(root.tag)
    if _xml.local(root.tag) != "graphml":
        raise InterchangeError(
            f"not a GraphML file (the root element is <{_xml.local(root.tag)}>)", file=name
        )
    graph = root.find(ns + "graph")
    if graph is None:
        raise InterchangeError("GraphML file has no <graph> element", file=name)
    keys = _read_keys(root, ns)
    graph_values, _ = _collect(graph, ns, keys, "graph")
    builder = Builder(name, limits, title=graph_values.get("title"), options=options, summary=summary)
    if graph_values.get("description"):
        try:
            builder.ws.set_info(description=graph_values["description"])
        except ValueError as exc:
            raise InterchangeError(f"graph description: {exc}", file=name) from None
    if root.find(f".//{ns}hyperedge") is not None:
        raise InterchangeError("hyperedges are not supported", file=name)

    node_defaults = _defaults(keys, "node")
    edge_defaults = _defaults(keys, "edge")
    fills_are_colours = not any(k.field == "colour" and k.domain in ("node", "all") for k in keys.values())
    shared = yed.shared_resources(root)
    node_tag, graph_tag, edge_tag = ns + "node", ns + "graph", ns + "edge"

    # Walk nested graphs without recursion: a yEd group node (a node holding a
    # graph) lends its label to its members as their group, and becomes a node
    # itself only when an edge refers to it.
    plain_nodes: list[tuple[Element, str]] = []
    group_nodes: dict[str, tuple[Element, str]] = {}
    stack: list[tuple[Element, str, bool]] = [
        (graph, "", graph.get("edgedefault", "directed") != "undirected")
    ]
    edges: list[tuple[Element, bool]] = []
    while stack:
        current, group, directed = stack.pop()
        for child in current:
            if child.tag == node_tag:
                inner = child.find(graph_tag)
                if inner is None:
                    plain_nodes.append((child, group))
                else:
                    values, graphics = _collect(child, ns, keys, "node")
                    label = values.get("label") or yed.node_graphics(graphics, shared).label or ""
                    group_nodes[child.get("id", "")] = (child, group)
                    inner_directed = inner.get("edgedefault", "directed" if directed else "undirected")
                    stack.append(
                        (
                            inner,
                            (label or child.get("id", "")).strip() or group,
                            inner_directed != "undirected",
                        )
                    )
            elif child.tag == edge_tag:
                edges.append((child, _directed(child, directed)))
    if len(plain_nodes) + len(group_nodes) > limits.max_nodes:
        raise InterchangeError(f"more than {limits.max_nodes} nodes (the import limit)", file=name)
    if len(edges) > limits.max_relations:
        raise InterchangeError(f"more than {limits.max_relations} relations (the import limit)", file=name)
    referenced = {e.get("source") for e, _d in edges} | {e.get("target") for e, _d in edges}
    plain_nodes += [group_nodes[k] for k in group_nodes if k in referenced]
    groups_dropped = [k for k in group_nodes if k not in referenced]
    if groups_dropped:
        builder.summary.note(
            f"{len(groups_dropped)} yEd group node{'s' if len(groups_dropped) != 1 else ''} became the "
            "group of their members (not nodes of their own)"
        )

    unknown_node: set[str] = set()
    unknown_edge: set[str] = set()
    # Locations are worked out only when something is wrong (see _xml.located).
    for index, (element, group) in enumerate(plain_nodes, 1):
        try:
            key = element.get("id")
            if key is None:
                raise InterchangeError("node has no id")
            values, graphics = _collect(element, ns, keys, "node", unknown_node)
            if node_defaults:
                values = {**node_defaults, **values}
            node, positioned = _node(builder, key, values, graphics, group, fills_are_colours, shared)
            builder.add_node(key, node, None, positioned=positioned)
        except InterchangeError as exc:
            raise exc.located(file=name, where=_xml.located(data, "node", element, index)) from None

    for index, (element, directed) in enumerate(edges, 1):
        try:
            values, graphics = _collect(element, ns, keys, "edge", unknown_edge)
            if edge_defaults:
                values = {**edge_defaults, **values}
            _relation(builder, element, values, graphics, directed, data, index)
        except InterchangeError as exc:
            raise exc.located(file=name, where=_xml.located(data, "edge", element, index)) from None
    for what, names in (("node", unknown_node), ("edge", unknown_edge)):
        if names:
            shown = ", ".join(sorted(names)[:6]) + (", …" if len(names) > 6 else "")
            builder.summary.note(f"{what} attributes not in a map, left out: {shown}", lossy=True)
    return builder.finish()


def _node(
    builder: Builder,
    key: str,
    values: dict[str, str],
    graphics: list[Element],
    group: str,
    fills_are_colours: bool,
    shared: dict[str, Element],
) -> tuple[Node, bool]:
    drawn = yed.NodeGraphics()
    if graphics and ("label" not in values or "x" not in values or "y" not in values or fills_are_colours):
        drawn = yed.node_graphics(graphics, shared)
    label = values.get("label") or drawn.label or key
    kind_word = values.get("kind")
    if kind_word is None and drawn.shape in yed.DRIVER_SHAPES:
        kind_word = "driver"
    kind, extra_tag = resolve_kind(kind_word)
    tags = decode_list(values.get("tags"))
    if extra_tag and extra_tag not in tags:
        tags += (extra_tag,)
    x = parse_float(values["x"], "x") if "x" in values else None
    y = parse_float(values["y"], "y") if "y" in values else None
    positioned = x is not None and y is not None
    if not positioned and drawn.centre is not None:
        x, y = drawn.centre
        positioned = True
    colour = values.get("colour")
    if colour is None and fills_are_colours and drawn.fill:
        colour = drawn.fill
    if colour is None and "r" in values and "g" in values and "b" in values:
        rgb = [parse_int_scale(values[c], c, 0, 255) or 0 for c in "rgb"]
        colour = "#{:02X}{:02X}{:02X}".format(*rgb)
    node = Node(
        id=builder.node_id_for(key, None),
        kind=kind,
        label=label if label.strip() else key,
        description=values.get("description", ""),
        group=values.get("group") or group,
        tags=tags,
        colour=colour,
        x=x if positioned and x is not None else 0.0,
        y=y if positioned and y is not None else 0.0,
        pinned=parse_bool(values["pinned"], "pinned") if "pinned" in values else False,
        power=parse_int_scale(values.get("power"), "power"),
        interest=parse_int_scale(values.get("interest"), "interest"),
    )
    return node, positioned


def _relation(
    builder: Builder,
    element: Element,
    values: dict[str, str],
    graphics: list[Element],
    directed: bool,
    data: bytes,
    index: int,
) -> None:
    source_key, target_key = element.get("source"), element.get("target")
    if source_key is None or target_key is None:
        raise InterchangeError("edge needs both a source and a target")
    source = builder.lookup(source_key, "source", None)
    target = builder.lookup(target_key, "target", None)
    weight = parse_float(values["weight"], "weight") if values.get("weight", "").strip() else None
    type_word = values.get("type")
    label = None
    if not type_word:
        label = values.get("label") or (yed.edge_label(graphics) if graphics else None)
    raw = RawEdge(
        type_word=type_word,
        label=label,
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
