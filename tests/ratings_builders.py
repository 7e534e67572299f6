"""Rated workspaces for the ratings tests, built through the model's own API."""

from __future__ import annotations

import random

from tensionmap.model import Node, Participant, Rating, Relation, Round, Workspace, split_value


def rated_map(
    *,
    seed: int = 0,
    participants: int = 6,
    relations: int = 5,
    rounds: int = 2,
    groups: tuple[str, ...] = ("Employers", "Learners", ""),
    proposals: int = 1,
    answer_rate: float = 0.9,
) -> Workspace:
    """A map of ``relations`` relations rated by ``participants`` people in ``rounds`` rounds.

    Values are random -5 .. 5 (seeded); about ``answer_rate`` of the cells are
    answered. ``proposals`` pairs not on the map are also rated (proposed).
    Every third participant is anonymous.
    """
    rng = random.Random(seed)
    ws = Workspace("Rated map")
    nodes = [
        Node(f"n{i}", "stakeholder" if i % 2 else "driver", f"Node {i}", x=i * 120.0)
        for i in range(relations + 2)
    ]
    for node in nodes:
        ws.add_node(node)
    for i in range(relations):
        ws.add_relation(Relation(f"r{i}", nodes[i].id, nodes[i + 1].id, "supports" if i % 2 else "opposes"))
    for p in range(participants):
        ws.add("participants", Participant(f"p{p}", f"Person {p}", groups[p % len(groups)], p % 3 == 2))
    for k in range(rounds):
        ws.add("rounds", Round(f"round{k + 1}", k + 1, f"Round {k + 1}", open=k == rounds - 1))
    pairs = [(nodes[i].id, nodes[i + 2].id) for i in range(min(proposals, relations))]
    count = 0
    for k in range(rounds):
        for p in range(participants):
            for i in range(relations):
                if rng.random() < answer_rate:
                    sign, strength = split_value(rng.randint(-5, 5))
                    count += 1
                    ws.add(
                        "ratings",
                        Rating(f"x{count}", f"p{p}", f"round{k + 1}", sign, strength, relation=f"r{i}"),
                    )
            for source, target in pairs:
                if rng.random() < answer_rate:
                    sign, strength = split_value(rng.randint(-5, 5))
                    count += 1
                    ws.add(
                        "ratings",
                        Rating(
                            f"x{count}",
                            f"p{p}",
                            f"round{k + 1}",
                            sign,
                            strength,
                            source=source,
                            target=target,
                        ),
                    )
    return ws
