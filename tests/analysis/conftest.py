"""Builders for small hand-made maps used by the analysis tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tensionmap.model import Node, Relation, Workspace

MapBuilder = Callable[..., Workspace]


def build_map(
    stakeholders: str | list[str] = "",
    drivers: str | list[str] = "",
    relations: list[tuple] | None = None,
) -> Workspace:
    """A workspace whose ids are also labels; relations are (source, type, target[, strength[, id]])."""
    ws = Workspace("test")
    for kind, names in (("stakeholder", stakeholders), ("driver", drivers)):
        for name in names.split() if isinstance(names, str) else names:
            ws.add_node(Node(id=name, kind=kind, label=name))
    for k, rel in enumerate(relations or []):
        source, type_, target = rel[:3]
        strength = rel[3] if len(rel) > 3 else 3
        rid = rel[4] if len(rel) > 4 else f"r{k}"
        ws.add_relation(Relation(id=rid, source=source, target=target, type=type_, strength=strength))
    return ws


@pytest.fixture
def make_map() -> MapBuilder:
    return build_map
