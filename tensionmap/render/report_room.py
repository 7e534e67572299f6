"""The report's "Where the room agrees and where it does not" section, as blocks.

Built from the latest rating round: what the room agrees on (the Delphi
consensus rule), what it fights over (the contested rule) with each
relation's distribution of ratings, and how the room moved since the
previous round. Participants are never named here at all, only counted by
group, so a participant entered as anonymous can never appear; comments are
left out for the same reason (they are often signed or recognisable).
"""

from __future__ import annotations

from collections import Counter

from ..analysis.ratings import (
    Aggregate,
    aggregate_round,
    latest_rated_round,
    latest_round,
    previous_round,
    stability,
)
from ..model import Workspace
from .report_content import Block, Heading, Paragraph, Table

TITLE = "Where the room agrees and where it does not"


def _relation(ws: Workspace, agg: Aggregate) -> str:
    nodes = ws.nodes
    text = f"{nodes[agg.source].label} → {nodes[agg.target].label}"
    return text + (" (proposed)" if agg.relation is None else "")


def distribution(values: tuple[int, ...]) -> str:
    """Counts per rating, e.g. "−4 ×2, 0 ×1, +3 ×5" (sign x strength)."""
    counts = Counter(values)
    return ", ".join(f"{v:+d} ×{counts[v]}".replace("+0", "0").replace("-", "−") for v in sorted(counts))


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def room_blocks(ws: Workspace) -> list[Block]:
    """The section's blocks, or none when the workspace holds no ratings.

    The round shown is the latest one with ratings: a round just opened and not yet
    rated (the facilitator printing between rounds) does not hide the one before it;
    the section says that the newer round has no ratings yet.
    """
    round_id = latest_rated_round(ws)
    if round_id is None:
        return []
    current = ws.rounds[round_id]
    newest = ws.rounds[latest_round(ws) or round_id]
    ratings = ws.ratings_where(round=round_id)
    raters = {r.participant for r in ratings}
    participants = ws.participants
    groups = Counter(participants[p].group.strip() or "no group" for p in raters)
    anonymous = sum(1 for p in raters if participants[p].anonymous)
    aggregates = aggregate_round(ws, round_id)
    title = f" ({current.title})" if current.title else ""
    by_group = "; ".join(f"{name}: {count}" for name, count in sorted(groups.items()))
    blocks: list[Block] = [
        Heading(TITLE),
        Paragraph(
            f"Round {current.number}{title}: {len(raters)} participant(s) rated {len(aggregates)} "
            f"relation(s) ({by_group}; {anonymous} asked not to be named). A rating is sign × strength, "
            "from −5 to +5. Consensus: at least 70% on one side and under 15% on the other. "
            "Contested: at least 25% on each side. The group mean averages each group first, so a "
            "large group does not outweigh the others.",
            "small",
        ),
    ]
    if newest.number > current.number:
        blocks.append(
            Paragraph(
                f"Round {newest.number} has no ratings yet; this section shows round {current.number}.",
                "small",
            )
        )
    blocks.append(Heading("The room agrees", 2))
    agreed = [a for a in aggregates if a.consensus]
    if agreed:
        rows = tuple(
            (
                _relation(ws, a),
                str(a.raters),
                _signed(a.mean),
                _signed(a.group_mean),
                f"{max(a.positive, a.negative):.0%} {'support' if a.positive > a.negative else 'oppose'}",
            )
            for a in sorted(agreed, key=lambda a: -abs(a.mean))
        )
        blocks.append(
            Table(("Relation", "Raters", "Mean", "Group mean", "Agreement"), rows, (40, 10, 12, 14, 24))
        )
    else:
        blocks.append(Paragraph("No relation reached consensus in this round.", "body"))
    blocks.append(Heading("The room is divided", 2))
    contested = [a for a in aggregates if a.contested]
    if contested:
        rows = tuple(
            (_relation(ws, a), str(a.raters), f"{a.positive:.0%} / {a.negative:.0%}", distribution(a.values))
            for a in sorted(contested, key=lambda a: -a.disagreement)
        )
        blocks.append(Table(("Relation", "Raters", "For / against", "Ratings"), rows, (36, 10, 16, 38)))
    else:
        blocks.append(Paragraph("No relation is contested in this round.", "body"))
    before = previous_round(ws, round_id)
    if before is not None:
        moved = stability(ws, before, round_id)
        blocks.append(Heading("Since the previous round", 2))
        if moved.pairs:
            kappa = "undefined" if moved.kappa is None else f"{moved.kappa:.2f}"
            blocks.append(
                Paragraph(
                    f"Of {moved.pairs} rating(s) given in both round {ws.rounds[before].number} and round "
                    f"{current.number}, {moved.kept_sign:.0%} kept their sign (Cohen's kappa of the signs: "
                    f"{kappa}).",
                    "body",
                )
            )
        else:
            blocks.append(Paragraph("No one rated the same relation in both rounds.", "body"))
    return blocks
