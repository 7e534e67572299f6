"""The maps the layout quality benchmark and its test run on.

* the shipped micro-credentials example;
* the highland tribes (Read 1954; Hage and Harary 1983), ``tests/data``;
* generated stakeholder-driver maps (:func:`stakeholder_map`): two camps of
  stakeholders and drivers with some noise, drivers of rival camps in
  tension, deterministic for a seed.

Each map comes as a :class:`~tensionmap.model.Workspace` so the engines run
exactly as they do from the window and the CLI.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tensionmap.analysis import load_signed_edgelist  # noqa: E402
from tensionmap.model import Node, Relation, Workspace  # noqa: E402

TRIBES = ROOT / "tests" / "data" / "highland-tribes.edges"
#: (nodes, seed) of the generated maps: 12 to 60 nodes.
GENERATED = (
    (12, 1),
    (14, 2),
    (16, 3),
    (18, 4),
    (20, 5),
    (22, 6),
    (26, 7),
    (30, 8),
    (36, 9),
    (42, 10),
    (50, 11),
    (60, 12),
)
POSITIVE = ("supports", "benefits", "values")
NEGATIVE = ("opposes", "in_tension_with", "resists")
NOISE = 0.1
#: Chance that a relation reaches into the rival camp (about a third oppose, as in the example).
ACROSS = 0.3

WORDS = [
    "Access",
    "Quality",
    "Cost",
    "Speed",
    "Trust",
    "Equity",
    "Choice",
    "Scale",
    "Focus",
    "Reach",
    "Depth",
    "Rigour",
    "Agility",
    "Control",
    "Value",
    "Safety",
    "Growth",
    "Voice",
    "Fairness",
    "Skills",
    "Pathways",
    "Funding",
    "Standards",
    "Evidence",
    "Stability",
    "Openness",
    "Autonomy",
]


def example_map() -> Workspace:
    from tensionmap.examples import micro_credentials

    return micro_credentials.build()


def tribes_map() -> Workspace:
    """The highland tribes as sixteen stakeholders: alliances support, antagonisms oppose."""
    graph = load_signed_edgelist(TRIBES)
    ws = Workspace("Highland tribes")
    for n in sorted(graph, key=int):
        ws.add_node(Node(id=f"t{n}", kind="stakeholder", label=f"Tribe {n}"))
    for k, (a, b, d) in enumerate(graph.edges(data=True)):
        kind = "supports" if d["sign"] > 0 else "opposes"
        ws.add_relation(Relation(id=f"e{k}", source=f"t{a}", target=f"t{b}", type=kind, strength=3))
    return ws


def stakeholder_map(n: int, seed: int) -> Workspace:
    """A workshop-like map of ``n`` nodes: about a third stakeholders, the rest drivers.

    Every node belongs to camp A or B. Drivers relate to one or two other
    drivers (same camp: supports or benefits; rival camp: in tension), each
    stakeholder takes two to four stances on drivers (values or supports its
    camp's, resists or opposes the rival camp's); the other end is in the
    rival camp with chance :data:`ACROSS`, a share :data:`NOISE` of the signs
    is flipped, and a few stakeholders relate directly. Isolated nodes get
    one stance.
    """
    rng = np.random.default_rng(seed)
    ws = Workspace(f"Generated {n}/{seed}")
    stakeholders = max(3, round(n / 3))
    camp = rng.permutation(np.arange(n) % 2)
    ids = []
    for i in range(n):
        kind = "stakeholder" if i < stakeholders else "driver"
        word = WORDS[(i * 7 + seed) % len(WORDS)]
        label = f"{'Group' if kind == 'stakeholder' else word} {i}"
        ids.append(f"n{i}")
        ws.add_node(Node(id=f"n{i}", kind=kind, label=label))
    drivers = list(range(stakeholders, n))
    by_camp = [[d for d in drivers if camp[d] == c] or drivers for c in (0, 1)]

    def driver_for(a: int) -> int:
        across = rng.random() < ACROSS
        return int(rng.choice(by_camp[1 - camp[a] if across else camp[a]]))

    pairs: set[frozenset[int]] = set()

    def relate(a: int, b: int) -> None:
        if a == b or frozenset((a, b)) in pairs:
            return
        pairs.add(frozenset((a, b)))
        agree = (camp[a] == camp[b]) != (rng.random() < NOISE)
        if a < stakeholders:
            kind = (
                POSITIVE[2 if rng.random() < 0.5 else 0]
                if agree
                else NEGATIVE[2 if rng.random() < 0.5 else 0]
            )
        else:
            kind = POSITIVE[int(rng.integers(0, 2))] if agree else NEGATIVE[1]
        ws.add_relation(
            Relation(
                id=f"r{len(pairs)}", source=ids[a], target=ids[b], type=kind, strength=int(rng.integers(1, 6))
            )
        )

    for d in drivers:
        for _ in range(int(rng.integers(1, 3))):
            relate(d, driver_for(d))
    for s in range(stakeholders):
        for _ in range(int(rng.integers(2, 5))):
            relate(s, driver_for(s))
    for _ in range(max(1, stakeholders // 4)):
        a, b = rng.choice(stakeholders, size=2, replace=False)
        relate(int(a), int(b))
    touched = {i for pair in pairs for i in pair}
    for i in range(n):
        if i not in touched:
            relate(i, int(rng.choice([d for d in drivers if d != i])))
    return ws


def quality_maps(generated: tuple[tuple[int, int], ...] = GENERATED) -> list[tuple[str, Workspace]]:
    """(name, workspace) of every map the benchmark measures."""
    maps = [("example", example_map()), ("highland tribes", tribes_map())]
    maps += [(f"generated {n}/{seed}", stakeholder_map(n, seed)) for n, seed in generated]
    return maps


def with_small_edit(ws: Workspace, positions: dict[str, tuple[float, float]]) -> Workspace:
    """A copy of ``ws`` at ``positions`` with one node and one relation added, as a facilitator would.

    The new driver is put just right of the node it is tied to (where a
    facilitator drops it), and supports it.
    """
    import dataclasses

    edited = Workspace(ws.title)
    for node in ws.nodes.values():
        x, y = positions[node.id]
        edited.add_node(dataclasses.replace(node, x=x, y=y))
    for rel in ws.relations.values():
        edited.add_relation(dataclasses.replace(rel, evidence=()))
    anchor = sorted(ws.nodes)[len(ws.nodes) // 2]
    x, y = positions[anchor]
    edited.add_node(Node(id="added-node", kind="driver", label="New driver", x=x + 260.0, y=y))
    edited.add_relation(
        Relation(id="added-relation", source="added-node", target=anchor, type="supports", strength=3)
    )
    return edited
