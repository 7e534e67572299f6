"""Aggregates of the room's ratings: where the room agrees and where it is contested.

Pure functions over the workspace's ratings (numpy for the statistics). Every
statistic is over ``sign x strength`` values, -5 .. +5, one per rater:

- ``mean``, ``median``; ``sd`` the sample standard deviation (n - 1; None
  under two raters); ``iqr`` numpy.percentile's default (linear) 75th minus
  25th percentile;
- ``positive`` / ``negative``: the share of raters on each side (a 0, "no
  relation", is on neither);
- ``consensus`` (a Delphi rule): at least 70% on one side and under 15% on
  the other; ``contested``: each side at least 25%. Both are decided on
  whole counts (``100 * count >= 70 * raters``), so a share exactly on a
  threshold is never lost to floating point;
- ``group_mean``: the mean of the group means (participants without a group
  form one group), since a plain mean over-weights the largest group;
- stability between two rounds: of the (participant, item) pairs rated in
  both, the share that kept its sign, and Cohen's kappa of the signs (None
  when it is undefined: every sign in one category in both rounds).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..commands import NewRelation, RelationChange
from ..model import Rating, Workspace

CONSENSUS_SIDE = 70  # percent on one side, at least
CONSENSUS_OTHER = 15  # percent on the other side, under
CONTESTED_SIDE = 25  # percent on each side, at least
NO_GROUP = ""

Item = str | tuple[str, str]


@dataclass(frozen=True)
class Aggregate:
    """The room's judgement of one relation (or proposed relation) in one round."""

    item: Item
    relation: str | None  # None for a proposed relation
    source: str  # node ids
    target: str
    raters: int
    mean: float
    median: float
    sd: float | None
    iqr: float
    positive: float
    negative: float
    consensus: bool
    contested: bool
    group_mean: float
    values: tuple[int, ...]  # sign x strength of each rater, in rating order
    majority: int  # the sign most raters gave (ties: 0, no clear direction)
    mean_strength: float  # mean strength of the raters holding the majority sign (0 when none)

    @property
    def disagreement(self) -> float:
        """How split the room is: the smaller side's share (0 .. 0.5), then the spread."""
        return min(self.positive, self.negative) + (self.sd or 0.0) / 100.0


@dataclass(frozen=True)
class Stability:
    """How the room moved between two rounds, over pairs rated in both."""

    pairs: int
    kept_sign: float | None
    kappa: float | None


def flags(positive: int, negative: int, raters: int) -> tuple[bool, bool]:
    """(consensus, contested) from whole counts, exact on the thresholds."""
    if raters == 0:
        return False, False
    hi, lo = max(positive, negative), min(positive, negative)
    consensus = 100 * hi >= CONSENSUS_SIDE * raters and 100 * lo < CONSENSUS_OTHER * raters
    contested = 100 * lo >= CONTESTED_SIDE * raters
    return consensus, contested


def group_first_mean(values: np.ndarray, groups: Sequence[str]) -> float:
    """The mean of the group means (Aminpour et al. 2020: pool within groups first)."""
    by_group: dict[str, list[float]] = {}
    for value, group in zip(values.tolist(), groups, strict=True):
        by_group.setdefault(group, []).append(value)
    return float(np.mean([np.mean(v) for v in by_group.values()]))


def summarise(
    values: Sequence[int] | np.ndarray,
    groups: Sequence[str],
    item: Item,
    relation: str | None,
    ends: tuple[str, str],
) -> Aggregate:
    """Every statistic of one item's values (at least one)."""
    v = np.asarray(values, dtype=float)
    n = int(v.size)
    pos, neg = int(np.count_nonzero(v > 0)), int(np.count_nonzero(v < 0))
    consensus, contested = flags(pos, neg, n)
    q75, q25 = np.percentile(v, [75, 25])
    counts = {1: pos, -1: neg, 0: n - pos - neg}
    top = max(counts.values())
    winners = [s for s, c in counts.items() if c == top]
    majority = winners[0] if len(winners) == 1 else 0
    held = np.abs(v[np.sign(v) == majority]) if majority else np.zeros(0)
    return Aggregate(
        item=item,
        relation=relation,
        source=ends[0],
        target=ends[1],
        raters=n,
        mean=float(np.mean(v)),
        median=float(np.median(v)),
        sd=float(np.std(v, ddof=1)) if n >= 2 else None,
        iqr=float(q75 - q25),
        positive=pos / n,
        negative=neg / n,
        consensus=consensus,
        contested=contested,
        group_mean=group_first_mean(v, groups),
        values=tuple(int(x) for x in np.asarray(values).tolist()),
        majority=majority,
        mean_strength=float(held.mean()) if held.size else 0.0,
    )


def _ends(ws: Workspace, rating: Rating) -> tuple[str, str]:
    if rating.relation is not None:
        rel = ws.relation(rating.relation)
        return rel.source, rel.target
    return rating.source or "", rating.target or ""


def aggregate_round(ws: Workspace, round_id: str) -> list[Aggregate]:
    """One Aggregate per rated item of a round: the map's relations first, then proposals."""
    groups = {p.id: (p.group.strip() or NO_GROUP) for p in ws.participants.values()}
    by_item: dict[Item, tuple[list[int], list[str], Rating]] = {}
    for rating in ws.ratings.values():
        if rating.round != round_id:
            continue
        entry = by_item.get(rating.item())
        if entry is None:
            entry = by_item[rating.item()] = ([], [], rating)
        entry[0].append(rating.sign * rating.strength)
        entry[1].append(groups[rating.participant])
    order = {key: i for i, key in enumerate(ws.relations)}
    keys = sorted(by_item, key=lambda k: (0, order[k], "") if isinstance(k, str) else (1, 0, ""))
    return [
        summarise(values, grp, key, first.relation, _ends(ws, first))
        for key in keys
        for values, grp, first in [by_item[key]]
    ]


def cohen_kappa(a: Sequence[int], b: Sequence[int]) -> float | None:
    """Cohen's kappa of two equally long label sequences; None where it is undefined."""
    x, y = np.asarray(a), np.asarray(b)
    if x.size == 0 or x.size != y.size:
        return None
    labels = np.union1d(x, y)
    po = float(np.mean(x == y))
    pe = float(sum(np.mean(x == k) * np.mean(y == k) for k in labels))
    if pe >= 1.0:
        return None
    return (po - pe) / (1.0 - pe)


def stability(ws: Workspace, earlier: str, later: str) -> Stability:
    """Sign stability of the raters who rated the same item in both rounds."""
    first = {(r.participant, r.item()): r.sign for r in ws.ratings.values() if r.round == earlier}
    pairs = [
        (first[(r.participant, r.item())], r.sign)
        for r in ws.ratings.values()
        if r.round == later and (r.participant, r.item()) in first
    ]
    if not pairs:
        return Stability(0, None, None)
    a, b = zip(*pairs, strict=True)
    kept = float(np.mean(np.asarray(a) == np.asarray(b)))
    return Stability(len(pairs), kept, cohen_kappa(a, b))


def previous_round(ws: Workspace, round_id: str) -> str | None:
    """The round numbered just below this one, if any."""
    number = ws.rounds[round_id].number
    earlier = [r for r in ws.rounds.values() if r.number < number]
    return max(earlier, key=lambda r: r.number).id if earlier else None


def latest_round(ws: Workspace) -> str | None:
    rounds = ws.ordered_rounds()
    return rounds[-1].id if rounds else None


def proposers(aggregate: Aggregate) -> int:
    """How many raters proposed a relation (a non-zero rating of a pair not on the map)."""
    return sum(1 for v in aggregate.values if v != 0)


def room_view_plan(
    ws: Workspace, aggregates: Iterable[Aggregate], *, min_proposers: int = 2
) -> tuple[list[RelationChange], list[NewRelation]]:
    """What "Apply the room's view" changes: each rated relation takes the room's sign and strength.

    A relation keeps its type when the room's majority sign is the type's
    sign; otherwise it becomes ``supports``/``opposes`` (``related`` for a
    room that mostly sees no relation). Its strength becomes the rounded mean
    strength of the majority (kept when the majority is 0). A proposed
    relation is added when at least ``min_proposers`` raters proposed it and
    the majority is not 0. Ties and ``in_tension_with`` keep their meaning:
    a symmetric negative type stays as it is when the room agrees it is negative.
    """
    by_sign = {1: "supports", -1: "opposes", 0: "related"}
    changes: list[RelationChange] = []
    additions: list[NewRelation] = []
    for agg in aggregates:
        strength = min(5, max(1, int(np.floor(agg.mean_strength + 0.5)))) if agg.majority else None
        if agg.relation is not None:
            rel = ws.relation(agg.relation)
            kind = rel.type if rel.sign == agg.majority else by_sign[agg.majority]
            changes.append(RelationChange(rel.id, kind, strength or rel.strength))
        elif agg.majority and proposers(agg) >= min_proposers:
            ids = tuple(r.id for r in ws.ratings.values() if r.relation is None and r.item() == agg.item)
            additions.append(NewRelation(agg.source, agg.target, by_sign[agg.majority], strength or 3, ids))
    return changes, additions


def _label(ws: Workspace, node_id: str) -> str:
    return ws.node(node_id).label if ws.has("nodes", node_id) else node_id


def summary(ws: Workspace, round_id: str) -> dict[str, object]:
    """The round's aggregates as plain data (the ``ratings summary --json`` shape).

    ``stability`` is present only when a round numbered below this one exists.
    """
    out: dict[str, object] = {
        "round": ws.rounds[round_id].number,
        "relations": [
            {
                "source": _label(ws, a.source),
                "target": _label(ws, a.target),
                "relation": a.relation,
                "raters": a.raters,
                "mean": a.mean,
                "median": a.median,
                "sd": a.sd,
                "iqr": a.iqr,
                "positive": a.positive,
                "negative": a.negative,
                "consensus": a.consensus,
                "contested": a.contested,
                "group_mean": a.group_mean,
            }
            for a in aggregate_round(ws, round_id)
        ],
    }
    before = previous_round(ws, round_id)
    if before is not None:
        moved = stability(ws, before, round_id)
        out["stability"] = {"kept_sign": moved.kept_sign, "kappa": moved.kappa}
    return out
