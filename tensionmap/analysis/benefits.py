"""Who benefits, and when: each stakeholder's supportive pull by time horizon.

A workshop asks whether benefits arrive in the short term at all, so the
figure is the summed strength of a stakeholder's positive relations (supports,
benefits, values) grouped by the horizon at which the benefit is felt.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import HORIZONS, Workspace


def benefits_by_horizon(
    ws: Workspace, visible_relations: Iterable[str] | None = None
) -> dict[str, dict[str, float]]:
    """{stakeholder id: {horizon: summed strength}} over positive relations a stakeholder starts."""
    allowed = set(visible_relations) if visible_relations is not None else None
    nodes = ws.nodes
    table = {nid: dict.fromkeys(HORIZONS, 0.0) for nid, n in nodes.items() if n.kind == "stakeholder"}
    for rid, r in ws.relations.items():
        if r.sign <= 0 or (allowed is not None and rid not in allowed):
            continue
        if r.source in table:
            table[r.source][r.horizon] += r.strength
    return table
