"""A deterministic stream of random commands over a workspace, for crash and property tests.

Each command depends only on the random generator and the current state, so
replaying the same seed in memory reproduces the state after any number of
commands, which is what the crash test compares the file against.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

from tensionmap import commands as c
from tensionmap.commands import Command
from tensionmap.commands.snapshots import RestoreSnapshot, take_snapshot
from tensionmap.model import RELATION_SIGNS, Node, Relation, Workspace

TYPES = sorted(RELATION_SIGNS)


def rid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def next_command(ws: Workspace, rng: random.Random) -> Command:
    nodes = list(ws.nodes)
    relations = list(ws.relations)
    roll = rng.random()
    if len(nodes) < 3 or roll < 0.3:
        kind = rng.choice(["stakeholder", "driver"])
        return c.add_node(
            Node(
                rid(rng),
                kind,
                f"{kind} {rng.randrange(10**6)}",
                x=rng.uniform(-900, 900),
                y=rng.uniform(-600, 600),
            )
        )
    if roll < 0.55:
        a, b = rng.sample(nodes, 2)
        return c.add_relation(Relation(rid(rng), a, b, rng.choice(TYPES), rng.randint(1, 5)))
    if roll < 0.7:
        return c.move_nodes(
            {n: (rng.uniform(-900, 900), rng.uniform(-600, 600)) for n in rng.sample(nodes, 3)}
        )
    if roll < 0.8:
        return c.update_node(rng.choice(nodes), label=f"renamed {rng.randrange(10**6)}")
    if roll < 0.9 and relations:
        return c.update_relation(rng.choice(relations), strength=rng.randint(1, 5))
    if roll < 0.95 and relations:
        return c.remove_relation(rng.choice(relations))
    if roll < 0.965:
        # Deterministic id and time, so a replay reproduces the file exactly.
        return take_snapshot(
            ws, f"snapshot {rng.randrange(10**6)}", snapshot_id=rid(rng), taken="2026-01-01T00:00:00+00:00"
        )
    if roll < 0.975 and ws.snapshots:
        return RestoreSnapshot(rng.choice(sorted(ws.snapshots)))
    return c.remove_node(rng.choice(nodes))


def stream(ws: Workspace, seed: int) -> Iterator[Command]:
    """Commands to apply one by one to ``ws`` (the caller applies each before the next)."""
    rng = random.Random(seed)
    while True:
        yield next_command(ws, rng)


def initial() -> Workspace:
    ws = Workspace("crash test")
    rng = random.Random(0)
    for i in range(4):
        ws.add_node(Node(rid(rng), "stakeholder", f"start {i}"))
    return ws
