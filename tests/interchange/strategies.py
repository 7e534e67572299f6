"""Hypothesis strategies for whole workspaces, shared by the interchange tests."""

from __future__ import annotations

from hypothesis import strategies as st

from tensionmap.model import (
    HORIZONS,
    NODE_KINDS,
    RELATION_SIGNS,
    Evidence,
    Lens,
    Node,
    Polarity,
    Question,
    Relation,
    Workspace,
)

IDS = st.uuids(version=4).map(str)

# What XML can carry: no surrogates and no control characters except tab,
# newline and carriage return (the exporters drop the others; see NOTES.md).
XML_CHARS = st.characters(
    exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"
) | st.sampled_from("\t\n\r")
TEXT = st.text(XML_CHARS, max_size=20)
TRICKY = st.sampled_from(
    [
        "=1+1",
        "+cmd",
        "-2",
        "@SUM(A1)",
        "\tx",
        "'=x",
        "a;b",
        "a|b",
        "[x]",
        '["a"]',
        " pad ",
        "<b>&amp;</b>",
        "é中🙂",
    ]
)
LABEL = (TEXT | TRICKY).filter(lambda s: s.strip())
ANY_TEXT = TEXT | TRICKY
FLOAT = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9) | st.sampled_from(
    [0.0, -0.0, -120.5, 1e-7, 123456.789]
)
SCALE = st.none() | st.integers(1, 5)
COLOUR = st.none() | st.sampled_from(["#D55E00", "#0072b2", "", "red"])


@st.composite
def nodes(draw, colour=COLOUR) -> Node:
    return Node(
        id=draw(IDS),
        kind=draw(st.sampled_from(NODE_KINDS)),
        label=draw(LABEL),
        description=draw(ANY_TEXT),
        group=draw(ANY_TEXT),
        tags=tuple(draw(st.lists(ANY_TEXT, max_size=3))),
        colour=draw(colour),
        x=draw(FLOAT),
        y=draw(FLOAT),
        pinned=draw(st.booleans()),
        power=draw(SCALE),
        interest=draw(SCALE),
    )


@st.composite
def graph_workspaces(draw, max_nodes: int = 8, colour=COLOUR) -> Workspace:
    """Nodes and relations only (what GraphML, GEXF and CSV keep)."""
    ws = Workspace(title=draw(LABEL))
    ws.set_info(description=draw(ANY_TEXT))
    node_list = draw(st.lists(nodes(colour), max_size=max_nodes, unique_by=lambda n: n.id))
    for node in node_list:
        ws.add("nodes", node)
    if len(node_list) >= 2:
        for _ in range(draw(st.integers(0, 12))):
            source, target = draw(st.lists(st.sampled_from(node_list), min_size=2, max_size=2, unique=True))
            ws.add(
                "relations",
                Relation(
                    id=draw(IDS),
                    source=source.id,
                    target=target.id,
                    type=draw(st.sampled_from(sorted(RELATION_SIGNS))),
                    strength=draw(st.integers(1, 5)),
                    horizon=draw(st.sampled_from(HORIZONS)),
                    note=draw(ANY_TEXT),
                ),
            )
    return ws


@st.composite
def full_workspaces(draw) -> Workspace:
    """Everything a workspace holds, for the JSON round trip (any text at all)."""
    anything = st.text(max_size=15)
    label = st.text(min_size=1, max_size=15).filter(lambda s: s.strip())
    ws = draw(graph_workspaces(max_nodes=6))
    node_ids = list(ws.nodes)
    evidence = []
    for _ in range(draw(st.integers(0, 3))):
        item = Evidence(
            id=draw(IDS),
            title=draw(label),
            citation=draw(anything),
            note=draw(anything),
            data=tuple(draw(st.lists(st.tuples(anything, FLOAT), max_size=3))),
        )
        ws.add("evidence", item)
        evidence.append(item.id)
    if evidence:
        for relation in list(ws.relations.values()):
            cited = tuple(draw(st.lists(st.sampled_from(evidence), max_size=2, unique=True)))
            ws.update("relations", relation.id, evidence=cited)
    for order in range(draw(st.integers(0, 2))):
        ws.add(
            "lenses",
            Lens(
                id=draw(IDS),
                name=draw(label),
                kinds=tuple(draw(st.lists(st.sampled_from(NODE_KINDS), max_size=2, unique=True))),
                groups=tuple(draw(st.lists(anything, max_size=2))),
                tags=tuple(draw(st.lists(anything, max_size=2))),
                horizons=tuple(draw(st.lists(st.sampled_from(HORIZONS), max_size=2, unique=True))),
                max_horizon=draw(st.none() | st.sampled_from(HORIZONS[:3])),
                focus=draw(st.none() | st.sampled_from(node_ids)) if node_ids else None,
                order=order,
            ),
        )
    for order in range(draw(st.integers(0, 3))):
        ws.add("questions", Question(id=draw(IDS), text=draw(label), order=order))
    if len(node_ids) >= 2:
        for _ in range(draw(st.integers(0, 2))):
            left, right = draw(st.lists(st.sampled_from(node_ids), min_size=2, max_size=2, unique=True))
            ws.add(
                "polarities",
                Polarity(
                    id=draw(IDS),
                    left=left,
                    right=right,
                    left_upsides=tuple(draw(st.lists(anything, max_size=2))),
                    right_downsides=tuple(draw(st.lists(anything, max_size=2))),
                ),
            )
    return ws
