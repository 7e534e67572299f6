"""What a lens shows: the visible and emphasised parts of a map.

One function decides this for the canvas, the panels and the exports, so a
lens means the same thing everywhere. Rules (also in the README):

- ``kinds``: only nodes of these kinds.
- ``groups``: only stakeholders of these groups; a driver stays when one of
  the remaining stakeholders relates to it (the perspective of those groups).
- ``tags``: only nodes carrying one of these tags.
- ``horizons``: only relations felt at one of these horizons.
- ``max_horizon``: relations felt later than it are hidden (short < medium <
  long); ``unknown`` horizons are kept, since nothing says they come late.
- a relation is visible when both its ends are.
- ``focus``: the focused node, what it relates to, and the stakeholders
  that pull with or against it through a shared driver are emphasised;
  everything else stays visible but dimmed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Lens, Relation, Workspace

HORIZON_RANK = {"short": 0, "medium": 1, "long": 2}


@dataclass(frozen=True)
class LensView:
    nodes: frozenset[str]
    relations: frozenset[str]
    #: None means nothing is dimmed.
    emphasised_nodes: frozenset[str] | None = None
    emphasised_relations: frozenset[str] | None = None

    def shows_node(self, node_id: str) -> bool:
        return node_id in self.nodes

    def dims_node(self, node_id: str) -> bool:
        return self.emphasised_nodes is not None and node_id not in self.emphasised_nodes

    def dims_relation(self, relation_id: str) -> bool:
        return self.emphasised_relations is not None and relation_id not in self.emphasised_relations


def relation_in_horizon(relation: Relation, max_horizon: str | None, horizons: tuple[str, ...] = ()) -> bool:
    if horizons and relation.horizon not in horizons:
        return False
    if max_horizon is None or relation.horizon not in HORIZON_RANK:
        return True
    return HORIZON_RANK[relation.horizon] <= HORIZON_RANK[max_horizon]


def everything(ws: Workspace) -> LensView:
    return LensView(frozenset(ws.nodes), frozenset(ws.relations))


def apply_lens(ws: Workspace, lens: Lens | None, *, max_horizon: str | None = None) -> LensView:
    """The view of ``ws`` through ``lens``; ``max_horizon`` (the time slider) narrows further."""
    if lens is None and max_horizon is None:
        return everything(ws)
    nodes = ws.nodes
    relations = ws.relations
    limit = _earliest(lens.max_horizon if lens else None, max_horizon)
    horizons = lens.horizons if lens else ()
    kept = {rid: r for rid, r in relations.items() if relation_in_horizon(r, limit, horizons)}
    visible = set(nodes)
    if lens is not None:
        if lens.kinds:
            visible = {n for n in visible if nodes[n].kind in lens.kinds}
        if lens.tags:
            visible = {n for n in visible if set(nodes[n].tags) & set(lens.tags)}
        if lens.groups:
            stakeholders = {
                n for n in visible if nodes[n].kind == "stakeholder" and nodes[n].group in lens.groups
            }
            linked = {
                other
                for r in kept.values()
                for end, other in ((r.source, r.target), (r.target, r.source))
                if end in stakeholders and nodes[other].kind == "driver"
            }
            visible = {n for n in visible if n in stakeholders or (nodes[n].kind == "driver" and n in linked)}
    shown_relations = frozenset(rid for rid, r in kept.items() if r.source in visible and r.target in visible)
    view = LensView(frozenset(visible), shown_relations)
    if lens is not None and lens.focus is not None and lens.focus in visible:
        return _focus(ws, view, lens.focus)
    return view


def focus_view(ws: Workspace, node_id: str, base: LensView | None = None) -> LensView:
    """Emphasise one node's neighbourhood within ``base`` (default: the whole map)."""
    return _focus(ws, base or everything(ws), node_id)


def _focus(ws: Workspace, view: LensView, focus: str) -> LensView:
    relations = {rid: ws.relation(rid) for rid in view.relations}
    direct = {rid for rid, r in relations.items() if focus in (r.source, r.target)}
    neighbours = {
        relations[rid].target if relations[rid].source == focus else relations[rid].source for rid in direct
    }
    nodes = ws.nodes
    # Stakeholders that meet the focus at a shared neighbour: its allies and opponents.
    second = {
        rid
        for rid, r in relations.items()
        if rid not in direct
        and ({r.source, r.target} & neighbours)
        and any(nodes[e].kind == "stakeholder" for e in (r.source, r.target) if e not in neighbours)
    }
    others = {e for rid in second for e in (relations[rid].source, relations[rid].target)}
    emphasised = frozenset({focus} | neighbours | others) & view.nodes
    return LensView(view.nodes, view.relations, emphasised, frozenset(direct | second))


def _earliest(a: str | None, b: str | None) -> str | None:
    known = [h for h in (a, b) if h in HORIZON_RANK]
    return min(known, key=HORIZON_RANK.__getitem__) if known else None
