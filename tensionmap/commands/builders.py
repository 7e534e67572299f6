"""Named constructors for the commands the UI, CLI and importers issue.

They only pick the right generic command and the words the Edit menu shows,
so every caller names a step the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Evidence, Node, Question, Relation, Workspace
from .base import AddEntity, Batch, Command, MoveNodes, RemoveEntity, UpdateEntity


def add_node(node: Node) -> Command:
    return AddEntity("nodes", node, f"Add {node.kind}")


def remove_node(node_id: str) -> Command:
    return RemoveEntity("nodes", node_id)


def update_node(node_id: str, **changes: object) -> Command:
    text = "Rename" if set(changes) == {"label"} else "Edit node"
    return UpdateEntity("nodes", node_id, text, **changes)


def add_relation(relation: Relation) -> Command:
    return AddEntity("relations", relation, f"Connect ({relation.type.replace('_', ' ')})")


def remove_relation(relation_id: str) -> Command:
    return RemoveEntity("relations", relation_id)


def update_relation(relation_id: str, **changes: object) -> Command:
    return UpdateEntity("relations", relation_id, "Edit relation", **changes)


def add_evidence(evidence: Evidence) -> Command:
    return AddEntity("evidence", evidence)


def remove_evidence(evidence_id: str) -> Command:
    return RemoveEntity("evidence", evidence_id)


def update_evidence(evidence_id: str, **changes: object) -> Command:
    return UpdateEntity("evidence", evidence_id, None, **changes)


def add_question(question: Question) -> Command:
    return AddEntity("questions", question)


def remove_question(question_id: str) -> Command:
    return RemoveEntity("questions", question_id)


def update_question(question_id: str, **changes: object) -> Command:
    return UpdateEntity("questions", question_id, None, **changes)


def move_nodes(positions: dict[str, tuple[float, float]], text: str = "Move") -> Command:
    return MoveNodes(positions, text)


def delete_selection(ws: Workspace, node_ids: Iterable[str], relation_ids: Iterable[str]) -> Command:
    """Delete nodes and relations as one step, whatever order they were picked in.

    Relations attached to a deleted node go with the node (RemoveEntity takes
    them), so they are not listed twice.
    """
    nodes = [n for n in dict.fromkeys(node_ids) if ws.has("nodes", n)]
    gone = set(nodes)
    rels = [
        r
        for r in dict.fromkeys(relation_ids)
        if ws.has("relations", r) and not ({ws.relation(r).source, ws.relation(r).target} & gone)
    ]
    steps: list[Command] = [remove_relation(r) for r in rels] + [remove_node(n) for n in nodes]
    count = len(steps)
    return Batch(steps, f"Delete {count} item{'s' if count != 1 else ''}")


def add_many(ws_entities: Iterable[tuple[str, object]], text: str) -> Command:
    """Add entities (nodes before the relations that use them) as one step: paste, import."""
    return Batch([AddEntity(coll, entity) for coll, entity in ws_entities], text)
