"""Every engine on random maps: all nodes placed, finite, pinned kept, no overlaps."""

import math
import random

import pytest

from tensionmap.layout import ENGINES, rectangles_overlap, run_layout
from tensionmap.model import RELATION_SIGNS, Node, Relation, Workspace


def random_map(seed: int, nodes: int) -> tuple[Workspace, dict]:
    rng = random.Random(seed)
    ws = Workspace("random")
    ids = [f"n{i}" for i in range(nodes)]
    for i, key in enumerate(ids):
        pinned = rng.random() < 0.1
        ws.add_node(
            Node(
                id=key,
                kind="driver" if i < 2 or rng.random() < 0.4 else "stakeholder",
                label=key,
                x=rng.uniform(-2000, 2000) if pinned else 0.0,
                y=rng.uniform(-2000, 2000) if pinned else 0.0,
                pinned=pinned,
            )
        )
    ws.add_relation(Relation(id="poles", source="n0", target="n1", type="in_tension_with", strength=5))
    for k in range(nodes * 2):
        a, b = rng.sample(ids, 2)
        ws.add_relation(
            Relation(
                id=f"r{k}",
                source=a,
                target=b,
                type=rng.choice(list(RELATION_SIGNS)),
                strength=rng.randint(1, 5),
            )
        )
    sizes = {key: (rng.uniform(80, 260), rng.uniform(40, 90)) for key in ids}
    return ws, sizes


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", range(4))
def test_engine_on_random_maps(engine, seed):
    ws, sizes = random_map(seed, 12 + 25 * seed)
    pos = run_layout(ws, engine, seed=seed, sizes=sizes)
    assert set(pos) == set(ws.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    for key, node in ws.nodes.items():
        if node.pinned:
            assert pos[key] == (node.x, node.y)
    pinned = {k for k, n in ws.nodes.items() if n.pinned}
    bad = [pair for pair in rectangles_overlap(pos, sizes) if not set(pair) <= pinned]
    assert bad == []
