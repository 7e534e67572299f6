"""How good a drawn map is: the measures a workshop notices, on node boxes.

A map is read as drawn, so every measure works on node *boxes* (centre plus
drawn width and height at 100 %), not on points, and on relations as drawn:
either straight segments between the boxes (:func:`straight_lines`) or the
polylines the router returns (``routing.route_relations``). Everything here is
pure numpy, so the engines, the CLI's ``--metrics`` and the benchmark share one
definition:

* ``crossings``: pairs of relations without a shared end whose drawn lines
  cross (parallel relations and relations meeting at a node never count);
* ``edges_through_nodes``: relations with a segment that enters the box of a
  node that is not one of their ends, the box shrunk by 1 unit so that
  grazing an outline does not count;
* ``node_overlaps``: pairs of node boxes that overlap;
* ``opposing_supportive_ratio``: median centre distance of opposing relations
  over that of supportive ones (``None`` without both signs);
* ``camp_separation``: the share of the two coalitions' nodes on the right
  side of the best straight line between the camps (1.0 = a line cuts them
  apart; ``None`` without two camps), the coalitions coming from the caller
  (the structural balance of the analysis layer);
* ``fill``: total node box area over the area of the drawing's bounding box;
* ``stability`` (:func:`stability`): after an edit and a new layout, the
  median move of the nodes that were there, over the median relation length.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

Point = tuple[float, float]
Relation = tuple[Hashable, Hashable, Hashable]  # (key, source, target)

#: Boxes shrink by this much before "through a node" is tested: touching an outline is not passing.
SHRINK = 1.0
#: Segment pairs tested at once when counting crossings (bounds the memory of a big map).
CHUNK = 1024
#: Most directions tried when looking for the line between the camps.
MAX_DIRECTIONS = 2048


@dataclass(frozen=True)
class MapQuality:
    """The measures of one drawn map (see the module notes)."""

    crossings: int
    edges_through_nodes: int
    node_overlaps: int
    opposing_supportive_ratio: float | None
    camp_separation: float | None
    fill: float

    def to_json(self) -> dict[str, object]:
        return asdict(self)


# ------------------------------------------------------------------ geometry
def _clip_to_box(inside: np.ndarray, outside: np.ndarray, half: np.ndarray) -> np.ndarray:
    """Where the segment from box centre ``inside`` to ``outside`` leaves the box (half sizes ``half``)."""
    d = outside - inside
    with np.errstate(divide="ignore", invalid="ignore"):
        tx = np.where(np.abs(d[:, 0]) > 1e-12, half[:, 0] / np.abs(d[:, 0]), np.inf)
        ty = np.where(np.abs(d[:, 1]) > 1e-12, half[:, 1] / np.abs(d[:, 1]), np.inf)
    t = np.minimum(np.minimum(tx, ty), 1.0)
    return inside + d * t[:, None]


def straight_lines(
    centres: Mapping[Hashable, Point],
    sizes: Mapping[Hashable, tuple[float, float]],
    relations: Sequence[Relation],
) -> dict[Hashable, list[Point]]:
    """Each relation as one straight segment between the outlines of its two end boxes."""
    if not relations:
        return {}
    src = np.array([centres[s] for _, s, _ in relations], dtype=np.float64)
    dst = np.array([centres[t] for _, _, t in relations], dtype=np.float64)
    hs = np.array([sizes[s] for _, s, _ in relations], dtype=np.float64) / 2.0
    ht = np.array([sizes[t] for _, _, t in relations], dtype=np.float64) / 2.0
    a = _clip_to_box(src, dst, hs)
    b = _clip_to_box(dst, src, ht)
    out: dict[Hashable, list[Point]] = {}
    for k, (key, _, _) in enumerate(relations):
        out[key] = [(float(a[k, 0]), float(a[k, 1])), (float(b[k, 0]), float(b[k, 1]))]
    return out


def _segments(
    relations: Sequence[Relation], geometry: Mapping[Hashable, Sequence[Point]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(start points, end points, relation index) of every segment of every polyline."""
    starts: list[Sequence[float]] = []
    ends: list[Sequence[float]] = []
    owner: list[int] = []
    for r, (key, _, _) in enumerate(relations):
        line = geometry[key]
        for p, q in itertools.pairwise(line):
            starts.append(p)
            ends.append(q)
            owner.append(r)
    if not owner:
        empty = np.zeros((0, 2))
        return empty, empty, np.zeros(0, dtype=np.int64)
    return (
        np.asarray(starts, dtype=np.float64),
        np.asarray(ends, dtype=np.float64),
        np.asarray(owner, dtype=np.int64),
    )


def _cross(o: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """z of (a - o) x (b - o), broadcast."""
    return (a[..., 0] - o[..., 0]) * (b[..., 1] - o[..., 1]) - (a[..., 1] - o[..., 1]) * (
        b[..., 0] - o[..., 0]
    )


def segments_cross(p1: np.ndarray, p2: np.ndarray, q1: np.ndarray, q2: np.ndarray) -> np.ndarray:
    """Whether segments p1-p2 and q1-q2 cross properly (broadcast; touching or collinear does not count)."""
    d1 = _cross(q1, q2, p1)
    d2 = _cross(q1, q2, p2)
    d3 = _cross(p1, p2, q1)
    d4 = _cross(p1, p2, q2)
    return (d1 * d2 < 0) & (d3 * d4 < 0)


def crossing_pairs(
    relations: Sequence[Relation], geometry: Mapping[Hashable, Sequence[Point]]
) -> set[tuple[int, int]]:
    """Index pairs (i < j) of relations without a shared end whose drawn lines cross."""
    a, b, owner = _segments(relations, geometry)
    ids: dict[Hashable, int] = {}
    ends = np.array(
        [(ids.setdefault(s, len(ids)), ids.setdefault(t, len(ids))) for _, s, t in relations], dtype=np.int64
    ).reshape(-1, 2)
    ends_of = ends[owner]
    found: set[tuple[int, int]] = set()
    m = len(owner)
    for lo in range(0, m, CHUNK):
        hi = min(m, lo + CHUNK)
        ri, rj = owner[lo:hi, None], owner[None, :]
        ei, ej = ends_of[lo:hi, None, :], ends_of[None, :, :]
        shared = (
            (ei[..., 0] == ej[..., 0])
            | (ei[..., 0] == ej[..., 1])
            | (ei[..., 1] == ej[..., 0])
            | (ei[..., 1] == ej[..., 1])
        )
        candidate = (ri < rj) & ~shared
        if not candidate.any():
            continue
        hit = candidate & segments_cross(a[lo:hi, None], b[lo:hi, None], a[None, :], b[None, :])
        rows, cols = np.nonzero(hit)
        found.update(zip(owner[lo + rows].tolist(), owner[cols].tolist(), strict=True))
    return found


def segment_hits_box(p: np.ndarray, q: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Whether segment p-q enters the open box [lo, hi] (broadcast).

    Separating axes: the segment misses the box when their bounding boxes
    are apart along x or y, or when the box lies wholly on one side of the
    segment's line (its centre farther from the line than its half extent
    projected on the line's normal).
    """
    px, py, qx, qy = p[..., 0], p[..., 1], q[..., 0], q[..., 1]
    lx, ly, hx, hy = lo[..., 0], lo[..., 1], hi[..., 0], hi[..., 1]
    apart = (np.maximum(px, qx) <= lx) | (np.minimum(px, qx) >= hx)
    apart |= (np.maximum(py, qy) <= ly) | (np.minimum(py, qy) >= hy)
    dx, dy = qx - px, qy - py
    cx, cy = (lx + hx) / 2.0, (ly + hy) / 2.0
    side = np.abs(dx * (cy - py) - dy * (cx - px))
    reach = np.abs(dx) * (hy - ly) / 2.0 + np.abs(dy) * (hx - lx) / 2.0
    return ~apart & (side < reach)


def through_nodes(
    centres: Mapping[Hashable, Point],
    sizes: Mapping[Hashable, tuple[float, float]],
    relations: Sequence[Relation],
    geometry: Mapping[Hashable, Sequence[Point]],
) -> dict[Hashable, list[Hashable]]:
    """For each relation drawn through other nodes, those nodes (boxes shrunk by :data:`SHRINK`)."""
    nodes = list(centres)
    if not nodes or not relations:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    c = np.array([centres[n] for n in nodes], dtype=np.float64)
    half = np.array([sizes[n] for n in nodes], dtype=np.float64) / 2.0 - SHRINK
    half = np.maximum(half, 0.0)
    lo_box, hi_box = c - half, c + half
    a, b, owner = _segments(relations, geometry)
    end_idx = np.array([(index[s], index[t]) for _, s, t in relations], dtype=np.int64).reshape(-1, 2)
    out: dict[Hashable, list[Hashable]] = {}
    for lo in range(0, len(owner), CHUNK):
        hi = min(len(owner), lo + CHUNK)
        hit = segment_hits_box(a[lo:hi, None], b[lo:hi, None], lo_box[None], hi_box[None])
        own = end_idx[owner[lo:hi]]
        cols = np.arange(len(nodes))[None, :]
        hit &= (cols != own[:, :1]) & (cols != own[:, 1:])
        for row, col in zip(*np.nonzero(hit), strict=True):
            key = relations[owner[lo + row]][0]
            through = out.setdefault(key, [])
            if nodes[col] not in through:
                through.append(nodes[col])
    return out


# ------------------------------------------------------------------ measures
def node_overlaps(
    centres: Mapping[Hashable, Point],
    sizes: Mapping[Hashable, tuple[float, float]],
    *,
    tolerance: float = 1e-6,
) -> int:
    """Pairs of node boxes that overlap by more than ``tolerance`` along both axes."""
    nodes = list(centres)
    if len(nodes) < 2:
        return 0
    c = np.array([centres[n] for n in nodes], dtype=np.float64)
    half = np.array([sizes[n] for n in nodes], dtype=np.float64) / 2.0
    ox = half[:, None, 0] + half[None, :, 0] - np.abs(c[:, None, 0] - c[None, :, 0])
    oy = half[:, None, 1] + half[None, :, 1] - np.abs(c[:, None, 1] - c[None, :, 1])
    hit = np.triu((ox > tolerance) & (oy > tolerance), k=1)
    return int(hit.sum())


def opposing_supportive_ratio(
    centres: Mapping[Hashable, Point], relations: Sequence[Relation], signs: Mapping[Hashable, int]
) -> float | None:
    """Median length of opposing relations over that of supportive ones (None without both)."""
    lengths: dict[int, list[float]] = {1: [], -1: []}
    for key, s, t in relations:
        sign = signs.get(key, 0)
        if sign and s != t:
            (sx, sy), (tx, ty) = centres[s], centres[t]
            lengths[1 if sign > 0 else -1].append(float(np.hypot(tx - sx, ty - sy)))
    if not lengths[1] or not lengths[-1]:
        return None
    supportive = float(np.median(lengths[1]))
    return float(np.median(lengths[-1])) / supportive if supportive > 0 else float("inf")


def best_camp_line(
    points: np.ndarray, labels: np.ndarray, max_directions: int = MAX_DIRECTIONS
) -> tuple[float, np.ndarray, float]:
    """(share, unit normal, offset) of the line that best separates ``labels`` 0 from 1.

    Points with ``points @ normal < offset`` are on camp 0's side. The share
    only changes where the order of two points along the normal swaps, i.e.
    at normals perpendicular to the difference of two points; so every such
    direction (and one a hair either side) is tried, at most
    ``max_directions`` of them on big maps, spread evenly.
    """
    n = len(points)
    i, j = np.triu_indices(n, k=1)
    diff = points[j] - points[i]
    angles = np.mod(np.arctan2(diff[:, 1], diff[:, 0]) + np.pi / 2.0, 2.0 * np.pi)
    angles = np.unique(np.round(angles, 9))
    if len(angles) > max_directions // 3:
        angles = angles[np.linspace(0, len(angles) - 1, max_directions // 3).astype(int)]
    angles = np.concatenate([angles - 1e-7, angles, angles + 1e-7, [0.0, np.pi / 2.0]])
    angles = np.concatenate([angles, angles + np.pi])  # both orientations: camp 0 below or above
    normals = np.stack([np.cos(angles), np.sin(angles)])  # (2, m)
    proj = points @ normals  # (n, m)
    order = np.argsort(proj, axis=0, kind="stable")
    is_first = labels[order] == 0
    first_before = np.vstack([np.zeros((1, len(angles))), np.cumsum(is_first, axis=0)])
    second_before = np.arange(n + 1)[:, None] - first_before
    n_second = int((labels == 1).sum())
    right = first_before + (n_second - second_before)  # camp 0 before the cut, camp 1 after it
    # a line cannot pass between points that project to the same place: cut only between distinct ones
    ranked_all = np.take_along_axis(proj, order, axis=0)
    gaps = np.diff(ranked_all, axis=0) > 1e-9 * max(1.0, float(np.abs(points).max()))
    edge = np.ones((1, len(angles)), dtype=bool)
    right = np.where(np.vstack([edge, gaps, edge]), right, -1.0)
    k, col = np.unravel_index(int(np.argmax(right)), right.shape)
    ranked = proj[order[:, col], col]
    if k == 0:
        offset = float(ranked[0]) - 1.0
    elif k == n:
        offset = float(ranked[-1]) + 1.0
    else:
        offset = float(ranked[k - 1] + ranked[k]) / 2.0
    return float(right[k, col]) / n, normals[:, col].copy(), offset


def camp_separation(
    centres: Mapping[Hashable, Point], camps: tuple[Collection[Hashable], Collection[Hashable]]
) -> float | None:
    """Share of camp members on their camp's side of the best separating line (None without two camps)."""
    first = [n for n in camps[0] if n in centres]
    taken = set(first)
    second = [n for n in camps[1] if n in centres and n not in taken]
    if not first or not second:
        return None
    pts = np.array([centres[n] for n in first + second], dtype=np.float64)
    labels = np.array([0] * len(first) + [1] * len(second))
    return best_camp_line(pts, labels)[0]


def fill(centres: Mapping[Hashable, Point], sizes: Mapping[Hashable, tuple[float, float]]) -> float:
    """Total box area over the area of the box that holds every node (1.0 for one node)."""
    nodes = list(centres)
    if not nodes:
        return 0.0
    c = np.array([centres[n] for n in nodes], dtype=np.float64)
    dims = np.array([sizes[n] for n in nodes], dtype=np.float64)
    lo = (c - dims / 2.0).min(axis=0)
    hi = (c + dims / 2.0).max(axis=0)
    area = float(np.prod(hi - lo))
    return float((dims[:, 0] * dims[:, 1]).sum() / area) if area > 0 else 0.0


def stability(
    before: Mapping[Hashable, Point], after: Mapping[Hashable, Point], relations: Sequence[Relation]
) -> float:
    """Median move of the nodes present before and after, over the median relation length before.

    Relations whose ends were both there before give the length scale; 0.0
    means nothing moved.
    """
    kept = [n for n in before if n in after]
    if not kept:
        return 0.0
    moves = [float(np.hypot(after[n][0] - before[n][0], after[n][1] - before[n][1])) for n in kept]
    lengths = [
        float(np.hypot(before[t][0] - before[s][0], before[t][1] - before[s][1]))
        for _, s, t in relations
        if s in before and t in before and s != t
    ]
    scale = float(np.median(lengths)) if lengths else 1.0
    return float(np.median(moves)) / scale if scale > 0 else float("inf")


def measure(
    centres: Mapping[Hashable, Point],
    sizes: Mapping[Hashable, tuple[float, float]],
    relations: Sequence[Relation],
    *,
    signs: Mapping[Hashable, int] | None = None,
    camps: tuple[Collection[Hashable], Collection[Hashable]] | None = None,
    geometry: Mapping[Hashable, Sequence[Point]] | None = None,
) -> MapQuality:
    """All the measures of one drawing; ``geometry`` defaults to :func:`straight_lines`."""
    lines = geometry if geometry is not None else straight_lines(centres, sizes, relations)
    return MapQuality(
        crossings=len(crossing_pairs(relations, lines)),
        edges_through_nodes=len(through_nodes(centres, sizes, relations, lines)),
        node_overlaps=node_overlaps(centres, sizes),
        opposing_supportive_ratio=opposing_supportive_ratio(centres, relations, signs or {}),
        camp_separation=camp_separation(centres, camps) if camps is not None else None,
        fill=fill(centres, sizes),
    )
