"""The signed layout of a workshop-sized map: a good drawing that keeps the oppositions long.

Maps up to :data:`STRESS_LIMIT` nodes are drawn in four steps:

1. **stress majorization** with signed ideal distances (see :mod:`.stress`):
   supportive ties short, opposing ties :data:`~.stress.OPPOSE_LENGTH` times
   longer, rival camps an extra :data:`~.stress.CAMP_GAP` apart, graph
   distances for every other pair. A fresh run starts from classical scaling
   (jittered by the seed) and from a few seeded random placements and keeps
   the cleanest drawing; an incremental run starts from the current
   positions and is anchored to them;
2. **overlap removal** at a scale where a supportive tie is about
   :func:`unit_length` scene units (node boxes pushed apart minimally, see
   :mod:`.overlap`);
3. **compaction** (see :mod:`.compact`): the drawing is drawn together,
   uniformly then per axis, until boxes keep just the clearance relations
   need; affine scaling keeps every crossing as it was;
4. **crossing reduction** (see :mod:`.untangle`): local moves and swaps
   kept only when crossings and lines through boxes fall and the sign and
   camp constraints still hold.

Pinned nodes never move and fix the scale (no compaction then). The result
is deterministic for a seed. Larger maps use the force-directed
:func:`~.signed.signed_layout`, whose per-iteration cost is O(n log n).

Why not the force layout for small maps too: its virtual stance ties (edges
between stakeholders that are never drawn) and its forces only between
related nodes pull the drawing into shapes whose drawn lines cross (27 on
the shipped example); stress gives every pair a distance, which is what makes
drawings untangled.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping

import networkx as nx
import numpy as np
from threadpoolctl import threadpool_limits

from .base import Position, Progress, Sizes, edge_arrays, report, size_array
from .camps import coalition_sides
from .compact import CLEARANCE, compact_array
from .overlap import remove_overlaps
from .quality import best_camp_line
from .stress import classical_mds, ideal_distances, majorize
from .untangle import CAMP_DIRECTIONS, CAMP_FLOOR, RATIO_FLOOR, Untangler

#: Above this many nodes the O(n^2) stress model gives way to the force layout.
STRESS_LIMIT = 400
#: Random starts tried besides classical scaling, by map size.
STARTS = ((80, 2), (STRESS_LIMIT, 0))
#: (opposing tie length, camp gap) tried from the mildest until the drawing is signed enough.
LADDER = ((2.2, 0.4), (2.4, 0.7), (2.6, 1.0), (3.0, 1.5))
#: How many of the best stress drafts get the crossing reduction, by map size.
REFINED = ((20, 1), (80, 2), (STRESS_LIMIT, 1))
#: Up to this many nodes the crossing reduction also runs before compaction (where nodes have room).
LOOSE_LIMIT = 120
#: Above this many nodes the loose crossing reduction makes only LOOSE_PASSES passes (time).
LOOSE_PASSES_FROM = 80
LOOSE_PASSES = 1
#: What a relation drawn through a box costs in the last crossing reduction, in crossings: more than
#: in the loose one (``untangle.HIT_WEIGHT``), so the drawing ends with few lines under boxes.
FINAL_HIT_WEIGHT = 2.0
#: Weight of the pull back to the current position in an incremental run, relative to a tie's.
ANCHOR = 4.0
#: Jitter of the classical-scaling start, in ideal lengths: enough for the seed to matter.
JITTER = 0.05


def unit_length(sizes: np.ndarray) -> float:
    """Scene units per supportive tie: a box width and a little, so related nodes sit side by side."""
    if not len(sizes):
        return 200.0
    return float(np.median(sizes[:, 0]) * 0.6 + np.median(sizes[:, 1]) * 1.5 + 40.0)


def starts_for(n: int) -> int:
    for limit, count in STARTS:
        if n <= limit:
            return count
    return 1


def signed_stress_layout(
    graph: nx.Graph,
    positions: Mapping[Hashable, Position] | None = None,
    pinned: set[Hashable] | frozenset[Hashable] = frozenset(),
    *,
    sizes: Sizes | None = None,
    seed: int = 0,
    camps: tuple[Collection[Hashable], Collection[Hashable]] | None = None,
    incremental: bool = False,
    progress: Progress | None = None,
) -> dict[Hashable, Position]:
    """Lay out ``graph`` (edges with ``sign`` and ``weight``) as described in the module notes.

    ``camps`` names the two coalitions (collections of node ids); without it
    the layout estimates them (:func:`~.camps.coalition_sides`).
    ``incremental`` starts from ``positions`` and keeps nodes near them.

    Linear algebra runs on one thread: the matrices are at most
    :data:`STRESS_LIMIT` wide, where waking BLAS threads costs more than they
    give, and on a busy machine a threaded factorisation of a 300 x 300
    matrix was seen taking 0.4-0.9 s instead of 2 ms.
    """
    with threadpool_limits(1, user_api="blas"):
        return _layout(
            graph,
            positions,
            pinned,
            sizes=sizes,
            seed=seed,
            camps=camps,
            incremental=incremental,
            progress=progress,
        )


def _layout(
    graph: nx.Graph,
    positions: Mapping[Hashable, Position] | None = None,
    pinned: set[Hashable] | frozenset[Hashable] = frozenset(),
    *,
    sizes: Sizes | None = None,
    seed: int = 0,
    camps: tuple[Collection[Hashable], Collection[Hashable]] | None = None,
    incremental: bool = False,
    progress: Progress | None = None,
) -> dict[Hashable, Position]:
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    positions = positions or {}
    index = {node: i for i, node in enumerate(nodes)}
    u, v, sign, weight = edge_arrays(graph, index)
    drawn = _drawn_relations(graph)
    dims = size_array(nodes, sizes)
    fixed = np.array([node in pinned and node in positions for node in nodes], dtype=bool)
    current = np.array([positions.get(node, (0.0, 0.0)) for node in nodes], dtype=np.float64)
    if camps is not None:
        first, second = set(camps[0]), set(camps[1])
        sides = np.array([0 if x in first else 1 if x in second else -1 for x in nodes], dtype=np.int64)
    else:
        sides = coalition_sides(n, u, v, sign, weight)
    report(progress, 0.05)
    if n == 1:
        return {nodes[0]: (float(current[0, 0]), float(current[0, 1]))}
    unit = unit_length(dims)
    rng = np.random.default_rng(seed)
    ideal, weights, draft = _signed_enough(n, u, v, sign, sides, drawn)
    scene_fixed = fixed.any() or incremental
    if incremental:
        placed = _placed(current, fixed)
        unit = _current_unit(current, placed, ideal, u, v) or unit
        start = _place_new(current / unit, placed, u, v)
        anchor = np.where(placed, ANCHOR * weights.sum(axis=1).mean(), 0.0)
        found = [majorize(start, ideal, weights, fixed=fixed, anchor=anchor, anchors=start)]
    else:
        starts = [draft + rng.normal(0.0, JITTER, (n, 2))]
        side = max(1.0, float(ideal.max()))
        starts += [rng.random((n, 2)) * side for _ in range(starts_for(n))]
        if fixed.any():
            for s in starts:
                s[fixed] = current[fixed] / unit
        found = []
        for k, s in enumerate(starts):
            found.append(majorize(s, ideal, weights, fixed=fixed))
            report(progress, 0.05 + 0.55 * (k + 1) / len(starts))
    drafts = []  # type: ignore[var-annotated]  # filled with (positions, score) drafts below
    for layout in found:
        pos = (layout if scene_fixed else _landscape(layout)) * unit
        if scene_fixed:
            pos[fixed] = current[fixed]
        else:
            pos += current.mean(axis=0) - pos.mean(axis=0)
        pos = remove_overlaps(pos, dims, fixed)
        tangle = Untangler(pos, dims, u, v, sign, fixed, sides, CLEARANCE, drawn)
        drafts.append((tangle.violations(), tangle.total_cost(), len(drafts), tangle))
    drafts.sort(key=lambda d: d[:3])
    report(progress, 0.7)
    best: tuple[tuple[int, float], np.ndarray] | None = None
    refined = next(count for limit, count in REFINED if n <= limit or limit == STRESS_LIMIT)
    for k, (violations, _, _, tangle) in enumerate(drafts[:refined]):
        report(progress, 0.7 + 0.3 * k / refined)
        # First untangle with room to move, then draw together and clean what that spoilt.
        if n <= LOOSE_LIMIT:
            tangle.improve(seed=seed, passes=LOOSE_PASSES if n > LOOSE_PASSES_FROM else None)
        pos = tangle.pos
        if not scene_fixed:
            tighter = compact_array(pos, dims)
            if tangle.ratio(tighter) < min(RATIO_FLOOR, tangle.ratio(pos)):
                # squeezing one axis shortened the oppositions: scale both alike
                tighter = compact_array(pos, dims, per_axis=False)
            pos = tighter
            tangle = Untangler(
                pos, dims, u, v, sign, fixed, sides, CLEARANCE, drawn, hit_weight=FINAL_HIT_WEIGHT
            )
            tangle.improve(seed=seed)
            pos = tangle.pos
        score = (violations, tangle.total_cost(pos))
        if best is None or score < best[0]:
            best = (score, pos)
    assert best is not None
    pos = best[1]
    report(progress, 1.0)
    out = {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos, strict=True)}
    for node in nodes:
        if fixed[index[node]]:
            out[node] = (float(positions[node][0]), float(positions[node][1]))
    return out


def _landscape(pos: np.ndarray) -> np.ndarray:
    """``pos`` turned so its longest extent runs left to right: screens and slides are wide.

    A rotation keeps every crossing, length and side of the drawing; only the
    boxes (which do not turn) see it, and wide boxes fit a wide drawing best.
    """
    centred = pos - pos.mean(axis=0)
    if len(pos) < 3:
        return centred
    _, vectors = np.linalg.eigh(centred.T @ centred)
    major = vectors[:, -1]
    lead = 0 if abs(major[0]) >= abs(major[1]) else 1
    if major[lead] < 0:  # eigenvectors have no sign of their own: fix one
        major = -major
    turn = np.array([[major[0], major[1]], [-major[1], major[0]]])
    return centred @ turn.T


def _drawn_relations(graph: nx.Graph) -> tuple[np.ndarray, np.ndarray]:
    """(edge index, sign) of every relation a tie folds (``relation_signs``), in :func:`edge_arrays` order."""
    edges: list[int] = []
    signs: list[int] = []
    k = 0
    for a, b, d in graph.edges(data=True):
        if a == b:
            continue
        for s in d.get("relation_signs", (d.get("sign", 1),)):
            edges.append(k)
            signs.append(int(s))
        k += 1
    return np.array(edges, dtype=np.int64), np.array(signs, dtype=np.int64)


def _signed_enough(
    n: int,
    u: np.ndarray,
    v: np.ndarray,
    sign: np.ndarray,
    sides: np.ndarray,
    drawn: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ideal distances, weights, a draft drawn with them) of the mildest :data:`LADDER` rung signed enough.

    Every extra length given to oppositions and camp gaps bends the drawing
    away from the plain graph distances that keep lines from crossing, so
    each map gets only as much as it needs: the ladder is climbed until the
    classical-scaling draft has its opposing ties :data:`~.untangle.RATIO_FLOOR`
    times as long as the supportive ones (medians) and its camps on either
    side of a line (share :data:`~.untangle.CAMP_FLOOR`).
    """
    start = draft = None
    for oppose, gap in LADDER:
        ideal, weights = ideal_distances(n, u, v, sign, sides, oppose_length=oppose, camp_gap=gap)
        draft = majorize(classical_mds(ideal) if start is None else start, ideal, weights, iterations=60)
        start = draft
        lengths = np.hypot(*(draft[v] - draft[u]).T)[drawn[0]]
        neg, pos = lengths[drawn[1] < 0], lengths[drawn[1] > 0]
        ratio_ok = not len(neg) or not len(pos) or np.median(neg) >= RATIO_FLOOR * 1.05 * np.median(pos)
        labelled = sides >= 0
        camp_ok = True
        if (sides[labelled] == 0).any() and (sides[labelled] == 1).any():
            camp_ok = best_camp_line(draft[labelled], sides[labelled], CAMP_DIRECTIONS)[0] >= CAMP_FLOOR
        if ratio_ok and camp_ok:
            break
    assert draft is not None
    return ideal, weights, draft


def _current_unit(
    current: np.ndarray, placed: np.ndarray, ideal: np.ndarray, u: np.ndarray, v: np.ndarray
) -> float:
    """Scene units per ideal length in the drawing as it is (median over ties between placed nodes), or 0.

    An incremental run must keep the scale the map was drawn at (compaction
    shrank it), or every node would move as the map grew back.
    """
    both = placed[u] & placed[v]
    if not both.any():
        return 0.0
    length = np.hypot(*(current[v[both]] - current[u[both]]).T)
    scale = float(np.median(length / ideal[u[both], v[both]]))
    return scale if scale > 1e-6 else 0.0


def _placed(current: np.ndarray, fixed: np.ndarray) -> np.ndarray:
    """Nodes that already have a place of their own: not stacked on an earlier node (new nodes often are)."""
    placed = np.ones(len(current), dtype=bool)
    seen: set[tuple[float, float]] = set()
    for i, (x, y) in enumerate(current.tolist()):
        key = (round(x, 3), round(y, 3))
        if key in seen and not fixed[i]:
            placed[i] = False
        seen.add(key)
    return placed


def _place_new(start: np.ndarray, placed: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Unplaced nodes start at the mean of their placed neighbours (or where they are), nudged apart."""
    start = start.copy()
    for i in np.nonzero(~placed)[0].tolist():
        near = np.concatenate([v[u == i], u[v == i]])
        near = near[placed[near]]
        if len(near):
            start[i] = start[near].mean(axis=0) + 0.3 * np.array([np.cos(i), np.sin(i)])
    return start
