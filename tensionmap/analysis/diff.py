"""What changed between two maps: the model's diff, not the file's.

Two states of one workspace (a snapshot and now, a file and its copy) share
ids, and are matched by id alone: a node deleted and another added with the
same label is a removal and an addition, as it was made. Two unrelated files
that describe the same map (an export re-imported, a colleague's rebuild)
share no ids, and are matched by meaning instead: nodes by label (case and
runs of spaces ignored), relations by their matched ends, preferring a
relation of the same type. Positions are ignored
unless asked for, since a layout run moves everything and says nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tensionmap.model import Node, Relation, Workspace

#: Moves shorter than this (scene units) are not reported with ``positions``.
MOVE_EPSILON = 0.5


@dataclass
class MapDiff:
    """The changes that turn map A into map B; each entry names ids and labels."""

    nodes_added: list[dict[str, object]] = field(default_factory=list)
    nodes_removed: list[dict[str, object]] = field(default_factory=list)
    relabelled: list[dict[str, object]] = field(default_factory=list)
    moved: list[dict[str, object]] = field(default_factory=list)
    relations_added: list[dict[str, object]] = field(default_factory=list)
    relations_removed: list[dict[str, object]] = field(default_factory=list)
    sign_flips: list[dict[str, object]] = field(default_factory=list)
    type_changes: list[dict[str, object]] = field(default_factory=list)
    strength_changes: list[dict[str, object]] = field(default_factory=list)
    horizon_changes: list[dict[str, object]] = field(default_factory=list)
    matched_by_label: int = 0

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.nodes_added,
                self.nodes_removed,
                self.relabelled,
                self.moved,
                self.relations_added,
                self.relations_removed,
                self.sign_flips,
                self.type_changes,
                self.strength_changes,
                self.horizon_changes,
            )
        )

    def to_json(self, *, positions: bool = False) -> dict[str, object]:
        nodes: dict[str, object] = {
            "added": self.nodes_added,
            "removed": self.nodes_removed,
            "relabelled": self.relabelled,
        }
        if positions:
            nodes["moved"] = self.moved
        return {
            "nodes": nodes,
            "relations": {
                "added": self.relations_added,
                "removed": self.relations_removed,
                "sign_flips": self.sign_flips,
                "type_changes": self.type_changes,
                "strength_changes": self.strength_changes,
                "horizon_changes": self.horizon_changes,
            },
        }


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


def match_nodes(a: Workspace, b: Workspace, *, by_label: bool) -> dict[str, str]:
    """A node id of A -> its node id in B: same id, and with ``by_label`` the same label (each used once)."""
    matched = {k: k for k in a.nodes if k in b.nodes}
    if not by_label:
        return matched
    taken = set(matched.values())
    free_b: dict[str, list[str]] = defaultdict(list)
    for key, node in b.nodes.items():
        if key not in taken:
            free_b[_key(node.label)].append(key)
    for key, node in a.nodes.items():
        if key in matched:
            continue
        candidates = free_b.get(_key(node.label))
        if candidates:
            # Same kind first; otherwise the first in B's order.
            pick = next((c for c in candidates if b.nodes[c].kind == node.kind), candidates[0])
            candidates.remove(pick)
            matched[key] = pick
    return matched


def match_relations(a: Workspace, b: Workspace, nodes: dict[str, str], *, by_label: bool) -> dict[str, str]:
    """A relation id of A -> its id in B: same id; with ``by_label`` the same ends and type, else ends."""
    matched = {
        k: k for k, r in a.relations.items() if k in b.relations and _ends_agree(r, b.relations[k], nodes)
    }
    if not by_label:
        return matched
    taken = set(matched.values())
    by_ends: dict[frozenset[str], list[Relation]] = defaultdict(list)
    for key, rel in b.relations.items():
        if key not in taken:
            by_ends[frozenset((rel.source, rel.target))].append(rel)
    rest = [r for k, r in a.relations.items() if k not in matched]
    for same_type in (True, False):
        for rel in rest:
            if rel.id in matched or rel.source not in nodes or rel.target not in nodes:
                continue
            pool = by_ends.get(frozenset((nodes[rel.source], nodes[rel.target])), [])
            for cand in pool:
                if (cand.type == rel.type) or not same_type:
                    matched[rel.id] = cand.id
                    pool.remove(cand)
                    break
    return matched


def _ends_agree(ra: Relation, rb: Relation, nodes: dict[str, str]) -> bool:
    return (nodes.get(ra.source) == rb.source and nodes.get(ra.target) == rb.target) or (
        nodes.get(ra.source) == rb.target and nodes.get(ra.target) == rb.source
    )


def _node_entry(node: Node) -> dict[str, object]:
    return {"id": node.id, "label": node.label, "kind": node.kind}


def _relation_entry(ws: Workspace, rel: Relation) -> dict[str, object]:
    return {
        "id": rel.id,
        "source": rel.source,
        "target": rel.target,
        "source_label": ws.nodes[rel.source].label,
        "target_label": ws.nodes[rel.target].label,
        "type": rel.type,
        "sign": rel.sign,
        "strength": rel.strength,
        "horizon": rel.horizon,
    }


def diff_maps(
    a: Workspace, b: Workspace, *, positions: bool = False, by_label: bool | None = None
) -> MapDiff:
    """The changes from A to B (positions compared only when asked).

    ``by_label`` None decides by the maps: label matching when they share no
    node id (unrelated files), id matching otherwise.
    """
    out = MapDiff()
    if by_label is None:
        by_label = bool(a.nodes) and bool(b.nodes) and not (a.nodes.keys() & b.nodes.keys())
    nodes = match_nodes(a, b, by_label=by_label)
    out.matched_by_label = sum(1 for ka, kb in nodes.items() if ka != kb)
    back = {kb: ka for ka, kb in nodes.items()}
    out.nodes_removed = [_node_entry(n) for k, n in a.nodes.items() if k not in nodes]
    out.nodes_added = [_node_entry(n) for k, n in b.nodes.items() if k not in back]
    for ka, kb in nodes.items():
        na, nb = a.nodes[ka], b.nodes[kb]
        if na.label != nb.label:
            out.relabelled.append({"id": kb, "id_before": ka, "before": na.label, "after": nb.label})
        if positions and max(abs(na.x - nb.x), abs(na.y - nb.y)) > MOVE_EPSILON:
            out.moved.append({"id": kb, "label": nb.label, "before": [na.x, na.y], "after": [nb.x, nb.y]})
    rels = match_relations(a, b, nodes, by_label=by_label)
    rback = {kb: ka for ka, kb in rels.items()}
    out.relations_removed = [_relation_entry(a, r) for k, r in a.relations.items() if k not in rels]
    out.relations_added = [_relation_entry(b, r) for k, r in b.relations.items() if k not in rback]
    for ka, kb in rels.items():
        ra, rb = a.relations[ka], b.relations[kb]
        entry = {
            "id": kb,
            "source_label": b.nodes[rb.source].label,
            "target_label": b.nodes[rb.target].label,
        }
        if ra.sign != rb.sign:
            out.sign_flips.append(
                {**entry, "before": ra.sign, "after": rb.sign, "type_before": ra.type, "type_after": rb.type}
            )
        elif ra.type != rb.type:
            out.type_changes.append({**entry, "before": ra.type, "after": rb.type})
        if ra.strength != rb.strength:
            out.strength_changes.append({**entry, "before": ra.strength, "after": rb.strength})
        if ra.horizon != rb.horizon:
            out.horizon_changes.append({**entry, "before": ra.horizon, "after": rb.horizon})
    return out


def diff_lines(d: MapDiff, *, positions: bool = False) -> list[str]:
    """The diff as plain lines for a terminal or a report (``+`` added, ``-`` removed, ``~`` changed)."""
    lines: list[str] = []
    for n in d.nodes_added:
        lines.append(f"+ {n['kind']} {n['label']}")
    for n in d.nodes_removed:
        lines.append(f"- {n['kind']} {n['label']}")
    for n in d.relabelled:
        lines.append(f"~ renamed {n['before']} -> {n['after']}")
    if positions:
        for n in d.moved:
            lines.append(f"~ moved {n['label']}")
    for r in d.relations_added:
        lines.append(f"+ {r['source_label']} {r['type']} {r['target_label']}")
    for r in d.relations_removed:
        lines.append(f"- {r['source_label']} {r['type']} {r['target_label']}")
    for r in d.sign_flips:
        lines.append(
            f"~ sign flip {r['source_label']} - {r['target_label']}: {r['type_before']} -> {r['type_after']}"
        )
    for r in d.type_changes:
        lines.append(f"~ type {r['source_label']} - {r['target_label']}: {r['before']} -> {r['after']}")
    for r in d.strength_changes:
        lines.append(f"~ strength {r['source_label']} - {r['target_label']}: {r['before']} -> {r['after']}")
    for r in d.horizon_changes:
        lines.append(f"~ horizon {r['source_label']} - {r['target_label']}: {r['before']} -> {r['after']}")
    return lines
