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

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from ..commands import NewRelation, RelationChange
from ..model import Rating, Workspace
from .ratings_stats import Stats, flag_arrays, item_stats

NO_GROUP = ""


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a round is aggregated.

    Aggregating makes hundreds of small objects (one Aggregate and one values
    tuple per relation), enough to set off a full collection now and then, and
    a full collection walks every object of a big workspace (tens of thousands
    of ratings) for nothing: none of these objects form cycles. Measured: it
    doubled the aggregation time of a 36,000-rating room at random. Paused,
    not switched off: the collector resumes as it was.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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
    consensus, contested = flag_arrays(np.array([positive]), np.array([negative]), np.array([raters]))
    return bool(consensus[0]), bool(contested[0])


def group_first_mean(values: np.ndarray, groups: Sequence[str]) -> float:
    """The mean of the group means (Aminpour et al. 2020: pool within groups first)."""
    return summarise(values, groups, "", None, ("", "")).group_mean


def _aggregates(
    stats: Stats, rows: Sequence[tuple[int, Item, str | None, tuple[str, str]]]
) -> list[Aggregate]:
    """Aggregates for the given (stats index, item, relation, ends) rows.

    Every statistic array is turned into Python numbers once (``tolist``)
    rather than item by item: a round of 200 relations would otherwise make
    thousands of numpy scalar conversions, more than the statistics cost.
    """
    raters = stats.raters.tolist()
    mean, median, sd, iqr = (a.tolist() for a in (stats.mean, stats.median, stats.sd, stats.iqr))
    positive, negative = stats.positive.tolist(), stats.negative.tolist()
    consensus, contested = stats.consensus.tolist(), stats.contested.tolist()
    group_mean, majority = stats.group_mean.tolist(), stats.majority.tolist()
    mean_strength = stats.mean_strength.tolist()
    out = []
    for i, item, relation, ends in rows:
        n = raters[i]
        out.append(
            Aggregate(
                item=item,
                relation=relation,
                source=ends[0],
                target=ends[1],
                raters=n,
                mean=mean[i],
                median=median[i],
                sd=None if n < 2 else sd[i],
                iqr=iqr[i],
                positive=positive[i] / n,
                negative=negative[i] / n,
                consensus=consensus[i],
                contested=contested[i],
                group_mean=group_mean[i],
                values=stats.values[i],
                majority=majority[i],
                mean_strength=mean_strength[i],
            )
        )
    return out


def summarise(
    values: Sequence[int] | np.ndarray,
    groups: Sequence[str],
    item: Item,
    relation: str | None,
    ends: tuple[str, str],
) -> Aggregate:
    """Every statistic of one item's values (at least one), by the same code as a whole round."""
    names = {g: k for k, g in enumerate(dict.fromkeys(groups))}
    v = np.asarray(values, dtype=float)
    group = np.array([names[g] for g in groups], dtype=np.int64)
    stats = item_stats(np.zeros(v.size, dtype=np.int64), v, group, 1, max(1, len(names)))
    return _aggregates(stats, [(0, item, relation, ends)])[0]


def _ends(ws: Workspace, rating: Rating) -> tuple[str, str]:
    if rating.relation is not None:
        rel = ws.relation(rating.relation)
        return rel.source, rel.target
    return rating.source or "", rating.target or ""


@dataclass
class RatingTable:
    """Every rating of a workspace as columns, read in one pass; aggregates and stability slice it.

    Building it walks the ratings once; a window or a report that needs every
    round (and the stability between them) builds one and passes it on.
    """

    rounds: dict[str, int]
    items: list[Item]
    firsts: list[Rating]  # the first rating of each item, for its ends
    groups: int
    round: np.ndarray
    participant: np.ndarray
    item: np.ndarray
    value: np.ndarray
    sign: np.ndarray
    group: np.ndarray

    @classmethod
    @_collector_paused()
    def of(cls, ws: Workspace) -> RatingTable:
        group_names: dict[str, int] = {}
        group_of = {
            key: group_names.setdefault(p.group.strip() or NO_GROUP, len(group_names))
            for key, p in ws.participants.items()
        }
        people = {key: i for i, key in enumerate(group_of)}
        rounds = {key: i for i, key in enumerate(ws.rounds)}
        ratings = list(ws.ratings.values())
        n = len(ratings)
        # One C-level pass per column (map/attrgetter): this runs over every rating of the
        # workspace whenever the room's view is recomputed, tens of thousands in a big room.
        index: dict[Item, int] = {}
        claim = index.setdefault
        keys = [r.relation or (r.source or "", r.target or "") for r in ratings]
        item = np.fromiter((claim(k, len(index)) for k in keys), dtype=np.int64, count=n)
        _unique, first_at = np.unique(item, return_index=True)  # items are numbered in order
        firsts = [ratings[i] for i in first_at.tolist()]

        def column(values: Iterable[int]) -> np.ndarray:
            return np.fromiter(values, dtype=np.int64, count=n)

        participant = list(map(attrgetter("participant"), ratings))
        sign = column(map(attrgetter("sign"), ratings))
        columns = (
            column(map(rounds.__getitem__, map(attrgetter("round"), ratings))),
            column(map(people.__getitem__, participant)),
            item,
            sign * column(map(attrgetter("strength"), ratings)),
            sign,
            column(map(group_of.__getitem__, participant)),
        )
        return cls(rounds, list(index), firsts, max(1, len(group_names)), *columns)


@_collector_paused()
def aggregate_round(ws: Workspace, round_id: str, table: RatingTable | None = None) -> list[Aggregate]:
    """One Aggregate per rated item of a round: the map's relations first, then proposals."""
    table = table or RatingTable.of(ws)
    mask = table.round == table.rounds[round_id]
    if not mask.any():
        return []
    present, local = np.unique(table.item[mask], return_inverse=True)
    stats = item_stats(local, table.value[mask], table.group[mask], present.size, table.groups)
    order = {key: i for i, key in enumerate(ws.relations)}
    rows = []
    for k, global_index in enumerate(present.tolist()):
        key = table.items[global_index]
        rows.append(((0, order[key]) if isinstance(key, str) else (1, global_index), k, global_index))
    rows.sort()
    return _aggregates(
        stats,
        [(k, table.items[g], table.firsts[g].relation, _ends(ws, table.firsts[g])) for _rank, k, g in rows],
    )


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


def stability(ws: Workspace, earlier: str, later: str, table: RatingTable | None = None) -> Stability:
    """Sign stability of the raters who rated the same item in both rounds."""
    table = table or RatingTable.of(ws)
    width = len(table.items)
    keyed = []
    for round_id in (earlier, later):
        mask = table.round == table.rounds[round_id]
        keyed.append((table.participant[mask] * width + table.item[mask], table.sign[mask]))
    (keys_a, signs_a), (keys_b, signs_b) = keyed
    _both, ia, ib = np.intersect1d(keys_a, keys_b, assume_unique=True, return_indices=True)
    if ia.size == 0:
        return Stability(0, None, None)
    a, b = signs_a[ia], signs_b[ib]
    return Stability(int(ia.size), float(np.mean(a == b)), cohen_kappa(a, b))


def previous_round(ws: Workspace, round_id: str) -> str | None:
    """The round numbered just below this one, if any."""
    number = ws.rounds[round_id].number
    earlier = [r for r in ws.rounds.values() if r.number < number]
    return max(earlier, key=lambda r: r.number).id if earlier else None


def latest_round(ws: Workspace) -> str | None:
    rounds = ws.ordered_rounds()
    return rounds[-1].id if rounds else None


def latest_rated_round(ws: Workspace) -> str | None:
    """The highest-numbered round that holds ratings: what the report and the summary show, so a
    round just opened and not yet rated does not hide the one before it."""
    rated = {r.round for r in ws.ratings.values()}
    found = [r.id for r in ws.ordered_rounds() if r.id in rated]
    return found[-1] if found else None


def proposers(aggregate: Aggregate) -> int:
    """How many raters proposed a relation (a non-zero rating of a pair not on the map)."""
    return sum(1 for v in aggregate.values if v != 0)


def pairs_on_map(ws: Workspace) -> set[tuple[str, str]]:
    """(source, target) of every relation, both ways for symmetric types: a proposal the
    facilitator has since drawn is no longer a ghost and is never added twice."""
    pairs: set[tuple[str, str]] = set()
    for rel in ws.relations.values():
        pairs.add((rel.source, rel.target))
        if rel.symmetric:
            pairs.add((rel.target, rel.source))
    return pairs


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
    drawn = pairs_on_map(ws)
    changes: list[RelationChange] = []
    additions: list[NewRelation] = []
    for agg in aggregates:
        strength = min(5, max(1, int(np.floor(agg.mean_strength + 0.5)))) if agg.majority else None
        if agg.relation is not None:
            rel = ws.relation(agg.relation)
            kind = rel.type if rel.sign == agg.majority else by_sign[agg.majority]
            changes.append(RelationChange(rel.id, kind, strength or rel.strength))
        elif agg.majority and proposers(agg) >= min_proposers and (agg.source, agg.target) not in drawn:
            ids = tuple(r.id for r in ws.ratings.values() if r.relation is None and r.item() == agg.item)
            additions.append(NewRelation(agg.source, agg.target, by_sign[agg.majority], strength or 3, ids))
    return changes, additions


def _label(ws: Workspace, node_id: str) -> str:
    return ws.node(node_id).label if ws.has("nodes", node_id) else node_id


def summary(ws: Workspace, round_id: str) -> dict[str, object]:
    """The round's aggregates as plain data (the ``ratings summary --json`` shape).

    ``stability`` is present only when a round numbered below this one exists.
    """
    table = RatingTable.of(ws)
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
            for a in aggregate_round(ws, round_id, table)
        ],
    }
    before = previous_round(ws, round_id)
    if before is not None:
        moved = stability(ws, before, round_id, table)
        out["stability"] = {"kept_sign": moved.kept_sign, "kappa": moved.kappa}
    return out
