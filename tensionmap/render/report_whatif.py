"""Report sections for saved scenarios and for what changed since a snapshot.

Kept beside report_content so the main report stays a readable list of its
sections; both return the same plain-text blocks the PDF and HTML writers walk.
"""

from __future__ import annotations

from ..analysis.diff import diff_maps
from ..analysis.scenario import ScenarioError, run_scenario
from ..model import Workspace
from ..model.snapshot import decode_map
from .report_content import Block, Heading, Paragraph, Table

#: How many gains and losses a scenario row names.
TOP = 3


def scenario_blocks(ws: Workspace) -> list[Block]:
    """One table row per saved scenario: what it fixes, who gains most, who loses most."""
    scenarios = ws.ordered_scenarios()
    if not scenarios:
        return []
    labels = {n.id: n.label for n in ws.nodes.values()}
    rows = []
    for sc in scenarios:
        fixed = ", ".join(f"{labels[d]} {v:+.1f}" for d, v in sc.levels) or "nothing fixed"
        try:
            result = run_scenario(ws, dict(sc.levels), sc.lam)
        except ScenarioError as exc:
            rows.append((sc.name, fixed, f"cannot run: {exc}", ""))
            continue
        ranked = sorted(result.gains.items(), key=lambda kv: kv[1], reverse=True)
        gains = [f"{labels[k]} {v:+.2f}" for k, v in ranked if v > 0.005][:TOP]
        losses = [f"{labels[k]} {v:+.2f}" for k, v in reversed(ranked) if v < -0.005][:TOP]
        note = "" if result.converged else " (did not settle)"
        rows.append((sc.name + note, fixed, "; ".join(gains) or "nobody", "; ".join(losses) or "nobody"))
    return [
        Heading("What-if scenarios"),
        Paragraph(
            "Each saved scenario fixes some drivers (levels from -1 to +1) and lets the effect run "
            "through the relations between drivers; a stakeholder gains when the drivers it supports "
            "rise and those it resists fall.",
            "small",
        ),
        Table(("Scenario", "Fixed", "Gain most", "Lose most"), tuple(rows), (18, 24, 29, 29)),
    ]


def changes_since_blocks(ws: Workspace, snapshot_id: str) -> list[Block]:
    """ "What changed since SNAPSHOT": the diff of the snapshot's map against the map now."""
    snap = ws.snapshots[snapshot_id]
    d = diff_maps(decode_map(snap.data), ws)
    blocks: list[Block] = [
        Heading(f"What changed since {snap.name}"),
        Paragraph(
            f"Snapshot taken {snap.taken.replace('T', ' ')}, compared with the map as reported.", "small"
        ),
    ]
    rows: list[tuple[str, ...]] = []
    rows += [("Added", n["kind"], n["label"]) for n in d.nodes_added]  # type: ignore[misc]  # diff rows are plain dicts
    rows += [("Removed", n["kind"], n["label"]) for n in d.nodes_removed]  # type: ignore[misc]  # diff rows are plain dicts
    rows += [("Renamed", "node", f"{n['before']} → {n['after']}") for n in d.relabelled]
    for what, items in (("Added", d.relations_added), ("Removed", d.relations_removed)):
        rows += [
            (what, "relation", f"{r['source_label']} {str(r['type']).replace('_', ' ')} {r['target_label']}")
            for r in items
        ]
    rows += [
        (
            "Sign flip",
            "relation",
            f"{r['source_label']} – {r['target_label']}: {r['type_before']} → {r['type_after']}",
        )
        for r in d.sign_flips
    ]
    for what, items in (
        ("Type", d.type_changes),
        ("Strength", d.strength_changes),
        ("Horizon", d.horizon_changes),
    ):
        rows += [
            (what, "relation", f"{r['source_label']} – {r['target_label']}: {r['before']} → {r['after']}")
            for r in items
        ]
    if rows:
        blocks.append(Table(("Change", "Of", "What"), tuple(rows), (16, 14, 70)))
    else:
        blocks.append(Paragraph("Nothing has changed since this snapshot.", "body"))
    return blocks
