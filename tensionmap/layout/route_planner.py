"""The routing engine behind ``tensionmap.layout.routing`` (see that module for the method)."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .route_grid import Grid, Point, chebyshev, chebyshev1, clip_many

#: Centre-line distance between relations that join the same two nodes, where they meet a node.
PARALLEL_GAP = 16.0
#: In the middle, parallel relations bow this many times further apart (room for two markers).
PARALLEL_BOW = 2.0
#: Rounds of "find what is in the way, bend round it" before the visibility-graph fallback.
MAX_ROUNDS = 12
#: The fallback runs for at most this many relations (it is exact but costs more per relation).
FALLBACK_LIMIT = 40
#: The visibility graph of one relation uses the corners of at most this many boxes near it.
VISIBILITY_BOXES = 40
#: A box must reach at least this far into a line to count as in the way (numerical slack).
_TOUCH = 1e-6
#: Markers of up to this many relations are kept apart from each other (quadratic, small maps).
MARKER_SPREAD_LIMIT = 600


@dataclass(frozen=True, slots=True)
class Route:
    """One relation as drawn.

    ``points``: the polyline, first point on the source's outline, last on the
    target's. ``marker``: where a sign marker (or a label) sits: the middle of the
    longest stretch. ``around``: nodes the path bends round (it must be routed
    again when they move). ``clear``: False when the path still runs through some node box
    (shrunk by 1 unit, as the layout measures count it) that is not one of its ends; None
    when it was not looked at (``max_rounds=0``: lines are only clipped and parallel ones bowed).
    """

    points: tuple[Point, ...]
    marker: Point
    around: tuple[Hashable, ...] = ()
    clear: bool | None = True

    @property
    def ends(self) -> tuple[float, float, float, float]:
        (x1, y1), (x2, y2) = self.points[0], self.points[-1]
        return x1, y1, x2, y2


def marker_point(points: Sequence[Point]) -> Point:
    """The middle of the polyline's longest stretch: where a marker is clear of bends and nodes."""
    if len(points) < 2:
        return points[0] if points else (0.0, 0.0)
    best, where = -1.0, (0.0, 0.0)
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = (x2 - x1) ** 2 + (y2 - y1) ** 2
        if length > best:
            best, where = length, ((x1 + x2) / 2, (y1 + y2) / 2)
    return where


def polyline_length(points: Sequence[Point]) -> float:
    return sum(math.dist(a, b) for a, b in itertools.pairwise(points))


class Router:
    """The node boxes of one map and the routing rounds over them."""

    def __init__(
        self,
        centres: Mapping[Hashable, Point],
        sizes: Mapping[Hashable, tuple[float, float]],
        clearance: float,
        insets: Mapping[Hashable, float] | None,
    ) -> None:
        self.ids = list(centres)
        self.index = {key: i for i, key in enumerate(self.ids)}
        n = len(self.ids)
        missing = [key for key in self.ids if key not in sizes]
        if missing:
            raise ValueError(f"routing: no size given for node {missing[0]!r}")
        self.centre = np.array([centres[k] for k in self.ids], dtype=float).reshape(n, 2)
        self.half = np.array([sizes[k] for k in self.ids], dtype=float).reshape(n, 2) / 2
        self.half = np.maximum(self.half, 0.0)
        if not np.isfinite(self.centre).all() or not np.isfinite(self.half).all():
            raise ValueError("routing: node centres and sizes must be finite numbers")
        self.inset = np.zeros(n)
        if insets:
            for key, depth in insets.items():
                if key in self.index:
                    self.inset[self.index[key]] = max(0.0, float(depth))
        self.clearance = max(0.0, float(clearance))
        self.lo = self.centre - self.half
        self.hi = self.centre + self.half

    @functools.cached_property
    def grid(self) -> Grid:
        """The obstacles (boxes inflated by the clearance) in a grid; made only when lines are bent."""
        c = self.clearance
        return Grid(self.lo - c, self.hi + c)

    @functools.cached_property
    def pad(self) -> np.ndarray:
        return self._room_round_boxes()

    def _room_round_boxes(self) -> np.ndarray:
        """Per box, the clearance (x, y) a path keeps from its sides: at most half the gap to a
        neighbour on that side, so a bend at one box's corner never lands in (or too near) the
        next box. Boxes side by side in a row limit only the room at their ends, so a line along
        the row still keeps the full clearance above and below it."""
        n = len(self.ids)
        pad = np.full((n, 2), self.clearance)
        keys, boxes = self.grid.keys, self.grid.boxes
        if n < 2 or not len(keys):
            return pad
        start = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        size = np.diff(np.r_[start, len(keys)])
        rep = np.repeat(size, size)  # each registration, times the size of its cell's group
        first = np.repeat(start, size)
        a = np.repeat(np.arange(len(keys)), rep)
        offset = np.arange(len(a)) - np.repeat(np.cumsum(rep) - rep, rep)
        b = np.repeat(first, rep) + offset
        i, j = boxes[a], boxes[b]
        keep = i != j
        i, j = i[keep], j[keep]
        gap = np.maximum(np.maximum(self.lo[j] - self.hi[i], self.lo[i] - self.hi[j]), 0.0)  # (gx, gy)
        side_x = gap[:, 1] <= 0  # overlapping in y: neighbours left or right
        side_y = gap[:, 0] <= 0  # overlapping in x: neighbours above or below
        diagonal = ~side_x & ~side_y
        most = gap.max(axis=1) / 2
        limit_x = np.where(side_x, gap[:, 0] / 2, np.where(diagonal, most, np.inf))
        limit_y = np.where(side_y, gap[:, 1] / 2, np.where(diagonal, most, np.inf))
        np.minimum.at(pad[:, 0], i, limit_x)
        np.minimum.at(pad[:, 1], i, limit_y)
        return pad
        start = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        size = np.diff(np.r_[start, len(keys)])
        rep = np.repeat(size, size)  # each registration, times the size of its cell's group
        first = np.repeat(start, size)
        a = np.repeat(np.arange(len(keys)), rep)
        offset = np.arange(len(a)) - np.repeat(np.cumsum(rep) - rep, rep)
        b = np.repeat(first, rep) + offset
        i, j = boxes[a], boxes[b]
        keep = i != j
        i, j = i[keep], j[keep]
        gap = np.maximum(np.maximum(self.lo[j] - self.hi[i], self.lo[i] - self.hi[j]), 0.0).max(axis=1)
        np.minimum.at(pad, i, gap / 2)
        return pad

    # ------------------------------------------------------------ geometry
    def exit_point(self, node: int, fx: float, fy: float, tx: float, ty: float) -> Point:
        """Where the ray from (fx, fy) inside ``node`` towards (tx, ty) leaves its outline."""
        cx, cy = self.centre[node]
        hw, hh = self.half[node]
        dx, dy = tx - fx, ty - fy
        if dx == 0 and dy == 0:
            return fx, fy
        x0, y0 = fx - cx, fy - cy
        k = self.inset[node] / hh if hh > 0 else 0.0
        t = math.inf
        # |y| <= hh and |x| + k |y| <= hw: six half-planes a . p <= b
        for ax, ay, b in (
            (0.0, 1.0, hh),
            (0.0, -1.0, hh),
            (1.0, k, hw),
            (1.0, -k, hw),
            (-1.0, k, hw),
            (-1.0, -k, hw),
        ):
            den = ax * dx + ay * dy
            if den > 0:
                t = min(t, (b - ax * x0 - ay * y0) / den)
        if not math.isfinite(t) or t < 0:
            return fx, fy
        return fx + dx * t, fy + dy * t

    def _hits(
        self,
        a: np.ndarray,
        b: np.ndarray,
        ends: np.ndarray,
        *,
        through: bool = False,
        only: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(segment, box, entry t) for every box in the way of segment a[i]-b[i].

        ``ends[i]`` are the two node indices the segment's relation joins (never obstacles).
        The box is inflated by the clearance, or by half the room left where an end of
        the segment is closer than twice the clearance (see the module docstring).
        ``only``: test these boxes (indices) and no others, instead of those the grid finds.
        """
        if only is None:
            seg, box = self.grid.candidates(a, b)
        else:  # the pairs whose bounding boxes meet (the padding is at most the clearance)
            only = np.asarray(only, dtype=np.int64)
            reach = self.clearance + 1.0
            lo, hi = np.minimum(a, b), np.maximum(a, b)
            meet = (lo[:, None, :] <= self.hi[only][None] + reach) & (
                hi[:, None, :] >= self.lo[only][None] - reach
            )
            seg, k = np.nonzero(meet.all(axis=2))
            box = only[k]
        if not len(seg):
            return seg, box, np.zeros(0)
        keep = (box != ends[seg, 0]) & (box != ends[seg, 1])
        seg, box = seg[keep], box[keep]
        pa, pb = a[seg], b[seg]
        lo, hi = self.lo[box], self.hi[box]
        if only is None:  # the grid's cells are coarse: first drop boxes beside the segment's extent
            reach = self.clearance + 1.0
            near = ((np.minimum(pa, pb) <= hi + reach) & (np.maximum(pa, pb) >= lo - reach)).all(axis=1)
            seg, box, pa, pb, lo, hi = seg[near], box[near], pa[near], pb[near], lo[near], hi[near]
        room = np.minimum(self._room(pa, lo, hi, ends[seg]), self._room(pb, lo, hi, ends[seg]))
        pad = np.minimum(self.pad[box], room[:, None] / 2) - _TOUCH
        if through:  # the measure of a drawing: through the box itself (shrunk by 1 unit)
            pad = np.full_like(pad, -1.0)
        lo, hi = lo - pad, hi + pad
        d = pb - pa
        with np.errstate(divide="ignore", invalid="ignore"):
            t1 = (lo - pa) / d
            t2 = (hi - pa) / d
        flat = d == 0
        inside = (pa > lo) & (pa < hi)
        enter = np.where(flat, np.where(inside, -np.inf, np.inf), np.minimum(t1, t2))
        leave = np.where(flat, np.where(inside, np.inf, -np.inf), np.maximum(t1, t2))
        t_in = np.maximum(enter.max(axis=1), 0.0)
        t_out = np.minimum(leave.min(axis=1), 1.0)
        hit = (t_in < t_out) & (room > 2 * _TOUCH)
        seg, box, t_in = seg[hit], box[hit], t_in[hit]
        _, once = np.unique(seg * len(self.lo) + box, return_index=True)
        return seg[once], box[once], t_in[once]

    def _room(self, p: np.ndarray, lo: np.ndarray, hi: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Distance from each point to its box; 0 (the box is ignored) only for a point on the
        relation's own end node that the box overlaps, infinite (no slack) for a bend inside the box."""
        room = chebyshev(p, lo, hi)
        inside = room <= 0
        if inside.any():
            s, t = ends[inside, 0], ends[inside, 1]
            q = p[inside]
            own = (
                np.minimum(chebyshev(q, self.lo[s], self.hi[s]), chebyshev(q, self.lo[t], self.hi[t])) <= 1e-6
            )
            room[np.flatnonzero(inside)[~own]] = np.inf
        return room

    def _padded(self, box: int, p: Point, q: Point) -> tuple[float, float, float, float]:
        lo, hi = self.lo[box], self.hi[box]
        room = min(chebyshev1(p, lo, hi), chebyshev1(q, lo, hi))
        px, py = (min(float(v), room / 2) for v in self.pad[box])
        return lo[0] - px, lo[1] - py, hi[0] + px, hi[1] + py

    # --------------------------------------------------------------- rounds
    def route(
        self, relations: Sequence[tuple[Hashable, Hashable, Hashable]], *, gap: float, max_rounds: int
    ) -> dict[Hashable, Route]:
        keys: list[Hashable] = []
        ends: list[tuple[int, int]] = []
        for key, source, target in relations:
            try:
                ends.append((self.index[source], self.index[target]))
            except KeyError as exc:
                raise ValueError(
                    f"routing: relation {key!r} joins a node that is not placed: {exc.args[0]!r}"
                ) from None
            keys.append(key)
        lines, anchors, fixed = self._initial(ends, gap)
        end_arr = np.array(ends, dtype=np.int64).reshape(-1, 2)
        around: list[set[int]] = [set() for _ in keys]
        active = [i for i, (s, t) in enumerate(ends) if s != t]
        for _ in range(max_rounds):
            if not active:
                break
            active = self._round(active, lines, fixed, end_arr, anchors, around)
        bent = [i for i, found in enumerate(around) if found]
        self._pull_straight(bent, lines, fixed, end_arr, anchors)
        self._spread_shared_bends(bent, lines, fixed, end_arr, anchors, gap * 0.75)
        blocked = self._blocked(range(len(keys)), lines, end_arr) if max_rounds > 0 else set()
        if blocked and len(blocked) <= FALLBACK_LIMIT:
            for i in sorted(blocked):
                path = self._visibility_path(i, lines[i], end_arr[i], anchors[i])
                if path is not None:
                    lines[i] = path
                    fixed[i] = [False] * len(path)
                    around[i] |= self._near(path)
        blocked = self._blocked(sorted(blocked), lines, end_arr, through=True)
        routes: dict[Hashable, Route] = {}
        checked = max_rounds > 0
        for i, key in enumerate(keys):
            line = lines[i]
            if len(line) == 2:  # most relations: no loop over stretches
                (x1, y1), (x2, y2) = line
                pts: tuple[Point, ...] = ((float(x1), float(y1)), (float(x2), float(y2)))
                marker = ((pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2)
            else:
                pts = tuple((float(x), float(y)) for x, y in line)
                marker = marker_point(pts)
            names = tuple(self.ids[b] for b in sorted(around[i])) if around[i] else ()
            routes[key] = Route(pts, marker, names, (i not in blocked) if checked else None)
        if checked and 1 < len(routes) <= MARKER_SPREAD_LIMIT:
            _spread_markers(routes, gap * 1.25)
        return routes

    def _initial(
        self, ends: list[tuple[int, int]], gap: float
    ) -> tuple[list[list[Point]], list[tuple[Point, Point]], list[list[bool]]]:
        """Straight lines, and bowed ones for relations sharing their two nodes.

        Returns the polylines, each relation's anchors (the points inside its end
        nodes its first and last stretch aim from), and which points are fixed
        (a parallel relation's bow, kept when bends are pulled straight).
        """
        groups: dict[tuple[int, int], list[int]] = {}
        for i, (s, t) in enumerate(ends):
            groups.setdefault((min(s, t), max(s, t)), []).append(i)
        lines: list[list[Point]] = [[] for _ in ends]
        anchors: list[tuple[Point, Point]] = [((0.0, 0.0), (0.0, 0.0))] * len(ends)
        fixed: list[list[bool]] = [[] for _ in ends]
        single = [members[0] for members in groups.values() if len(members) == 1]
        if single:
            idx = np.array(single)
            st = np.array([ends[i] for i in single], dtype=np.int64)
            a = clip_many(
                self.centre[st[:, 0]], self.half[st[:, 0]], self.inset[st[:, 0]], self.centre[st[:, 1]]
            )
            b = clip_many(
                self.centre[st[:, 1]], self.half[st[:, 1]], self.inset[st[:, 1]], self.centre[st[:, 0]]
            )
            centre = [tuple(c) for c in self.centre.tolist()]
            for i, p, q in zip(idx.tolist(), map(tuple, a.tolist()), map(tuple, b.tolist()), strict=True):
                lines[i] = [p, q]
                fixed[i] = [False, False]
                s, t = ends[i]
                anchors[i] = (centre[s], centre[t])
        bows: list[int] = []
        for (low, high), members in groups.items():
            if len(members) == 1:
                continue
            for order, i in enumerate(members):
                lines[i], anchors[i] = self._bowed(ends[i], low, high, order, len(members), gap)
                fixed[i] = [False] + [True] * (len(lines[i]) - 2) + [False]
                bows.append(i)
        if bows:  # a bow that lands in another node's way is dropped: the line is routed like any other
            at = np.array([p for i in bows for p in lines[i][1:3]], dtype=float)
            c = self.clearance
            inside = ((at[:, None, :] > self.lo - c) & (at[:, None, :] < self.hi + c)).all(axis=2)
            own = np.repeat(np.array([ends[i] for i in bows], dtype=np.int64).reshape(-1, 2), 2, axis=0)
            rows = np.arange(len(at))
            # its own ends are no obstacle
            inside[rows, own[:, 0]] = False  # type: ignore[index]  # numpy stubs: .all() of a comparison may be a scalar
            inside[rows, own[:, 1]] = False  # type: ignore[index]  # numpy stubs: .all() of a comparison may be a scalar
            for i in {bows[row // 2] for row in np.flatnonzero(inside.any(axis=1)).tolist()}:  # type: ignore[call-overload]  # numpy stubs: .all() of a comparison may be a scalar
                lines[i] = [lines[i][0], lines[i][-1]]
                fixed[i] = [False, False]
        for i, (s, t) in enumerate(ends):
            if s == t:  # a loop (the model forbids them): a small square above the node
                cx, cy = self.centre[s]
                hw, hh = self.half[s]
                r = max(gap, 12.0)
                lines[i] = [
                    (cx - hw / 3, cy - hh),
                    (cx - hw / 3, cy - hh - r),
                    (cx + hw / 3, cy - hh - r),
                    (cx + hw / 3, cy - hh),
                ]
                fixed[i] = [False, True, True, False]
                anchors[i] = ((cx - hw / 3, cy), (cx + hw / 3, cy))
        return lines, anchors, fixed

    def _bowed(
        self, st: tuple[int, int], low: int, high: int, order: int, count: int, gap: float
    ) -> tuple[list[Point], tuple[Point, Point]]:
        """One of ``count`` relations between nodes ``low`` and ``high``: offset, and bowed in the middle."""
        s, t = st
        (ax, ay), (bx, by) = self.centre[low].tolist(), self.centre[high].tolist()
        length = math.hypot(bx - ax, by - ay) or 1.0
        ux, uy = (bx - ax) / length, (by - ay) / length
        nx, ny = -uy, ux
        rank = order - (count - 1) / 2
        # ends: as far apart as the narrower node allows (the offset line must still meet both)
        room = math.inf
        for k in (low, high):
            hw, hh = self.half[k].tolist()
            room = min(room, hw / abs(nx) if nx else math.inf, hh / abs(ny) if ny else math.inf)
        end_gap = min(gap, 2 * room * 0.8 / max(count - 1, 1))
        e, o = rank * end_gap, rank * gap * PARALLEL_BOW
        fa = (ax + nx * e, ay + ny * e)
        fb = (bx + nx * e, by + ny * e)
        pa = self.exit_point(low, fa[0], fa[1], fb[0], fb[1])
        pb = self.exit_point(high, fb[0], fb[1], fa[0], fa[1])
        free = math.dist(pa, pb)
        run = min(max(abs(o - e) * 1.5, gap), free / 3)
        lift = o - e
        p1 = (pa[0] + ux * run + nx * lift, pa[1] + uy * run + ny * lift)
        p2 = (pb[0] - ux * run + nx * lift, pb[1] - uy * run + ny * lift)
        pts = [pa, p1, p2, pb]
        anchor = (fa, fb)
        if s != low:  # drawn from source to target
            pts.reverse()
            anchor = (anchor[1], anchor[0])
        return pts, anchor

    def _segments(
        self, rels: Iterable[int], lines: list[list[Point]]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Flat (a, b, relation, position) arrays of the stretches of ``rels``."""
        owner: list[int] = []
        pos: list[int] = []
        pts: list[Point] = []
        starts: list[Point] = []
        for i in rels:
            line = lines[i]
            k = len(line) - 1
            owner.extend([i] * k)
            pos.extend(range(k))
            starts.extend(line[:-1])
            pts.extend(line[1:])
        a = np.array(starts, dtype=float).reshape(-1, 2)
        b = np.array(pts, dtype=float).reshape(-1, 2)
        return a, b, np.array(owner, dtype=np.int64), np.array(pos, dtype=np.int64)

    def _round(
        self,
        active: list[int],
        lines: list[list[Point]],
        fixed: list[list[bool]],
        ends: np.ndarray,
        anchors: list[tuple[Point, Point]],
        around: list[set[int]],
    ) -> list[int]:
        """Bend every blocked stretch of the ``active`` relations round its first obstacle."""
        a, b, owner, pos = self._segments(active, lines)
        seg, box, t_in = self._hits(a, b, ends[owner])
        if not len(seg):
            return []
        order = np.lexsort((t_in, seg))  # per segment, the nearest box first
        seg, box = seg[order], box[order]
        first = np.ones(len(seg), dtype=bool)
        first[1:] = seg[1:] != seg[:-1]
        seg, box = seg[first], box[first]
        chains: list[tuple[list[Point], list[Point]]] = []
        for s, o in zip(seg.tolist(), box.tolist(), strict=True):
            p, q = tuple(a[s]), tuple(b[s])
            chains.append((self._chain(o, p, q, 1.0), self._chain(o, p, q, -1.0)))
        choice = self._choose(chains, ends[owner[seg]])
        changed: dict[int, list[tuple[int, list[Point], int]]] = {}
        for j, (s, o) in enumerate(zip(seg.tolist(), box.tolist(), strict=True)):
            detour = chains[j][choice[j]][1:-1]
            if detour:
                changed.setdefault(int(owner[s]), []).append((int(pos[s]), detour, o))
        for i, edits in changed.items():
            for at, detour, o in sorted(edits, key=lambda e: -e[0]):
                lines[i][at + 1 : at + 1] = detour
                fixed[i][at + 1 : at + 1] = [False] * len(detour)
                around[i].add(o)
            self._reclip(i, lines[i], ends[i], anchors[i])
        return sorted(changed)

    def _chain(self, box: int, p: Point, q: Point, side: float) -> list[Point]:
        """The taut path from p to q round ``box`` on one side of the line pq (p and q included)."""
        x0, y0, x1, y1 = self._padded(box, p, q)
        ux, uy = q[0] - p[0], q[1] - p[1]
        length = math.hypot(ux, uy) or 1.0
        ux, uy = ux / length, uy / length
        pts: list[tuple[float, float, Point]] = [(0.0, 0.0, p), (length, 0.0, q)]
        for c in ((x0, y0), (x1, y0), (x1, y1), (x0, y1)):
            cu = (c[0] - p[0]) * ux + (c[1] - p[1]) * uy
            cv = ((c[1] - p[1]) * ux - (c[0] - p[0]) * uy) * side
            if cv > 0:
                pts.append((cu, cv, c))
        pts.sort(key=lambda e: (e[0], e[1]))
        hull: list[tuple[float, float, Point]] = []
        for e in pts:  # upper hull (monotone chain) in the (u, v) frame
            while len(hull) >= 2:
                (au, av, _), (bu, bv, _) = hull[-2], hull[-1]
                if (bu - au) * (e[1] - av) - (bv - av) * (e[0] - au) >= 0:
                    hull.pop()
                else:
                    break
            hull.append(e)
        inner = [e[2] for e in hull if e[2] is not p and e[2] is not q]
        return [p, *inner, q]

    def _choose(self, chains: list[tuple[list[Point], list[Point]]], ends: np.ndarray) -> list[int]:
        """For each detour, the side with fewer boxes in the way, then the shorter one."""
        a: list[Point] = []
        b: list[Point] = []
        label: list[int] = []
        for j, pair in enumerate(chains):
            for side, chain in enumerate(pair):
                for p, q in itertools.pairwise(chain):
                    a.append(p)
                    b.append(q)
                    label.append(2 * j + side)
        lab = np.array(label, dtype=np.int64)
        seg, _, _ = self._hits(np.array(a, dtype=float), np.array(b, dtype=float), ends[lab // 2])
        blocked = np.bincount(lab[seg], minlength=2 * len(chains)).reshape(-1, 2)
        choice = []
        for j, pair in enumerate(chains):
            lengths = (polyline_length(pair[0]), polyline_length(pair[1]))
            score = [(int(blocked[j, side]) > 0, blocked[j, side], lengths[side]) for side in (0, 1)]
            choice.append(0 if score[0] <= score[1] else 1)
        return choice

    def _reclip(self, i: int, line: list[Point], st: np.ndarray, anchor: tuple[Point, Point]) -> None:
        """Start and end where the line from each anchor towards its neighbour leaves the node."""
        s, t = int(st[0]), int(st[1])
        if s == t or len(line) < 3:
            return
        (ax, ay), (bx, by) = anchor
        line[0] = self.exit_point(s, ax, ay, *line[1])
        line[-1] = self.exit_point(t, bx, by, *line[-2])

    def _blocked(
        self, rels: Iterable[int], lines: list[list[Point]], ends: np.ndarray, *, through: bool = False
    ) -> set[int]:
        rels = list(rels)
        if not rels:
            return set()
        a, b, owner, _ = self._segments(rels, lines)
        seg, _, _ = self._hits(a, b, ends[owner], through=through)
        return set(owner[seg].tolist())

    def _pull_straight(
        self,
        rels: list[int],
        lines: list[list[Point]],
        fixed: list[list[bool]],
        ends: np.ndarray,
        anchors: list[tuple[Point, Point]],
    ) -> None:
        """Drop bends whose neighbours see each other (alternate points per pass: none depends on another)."""
        for parity in (0, 1, 0, 1):
            a: list[Point] = []
            b: list[Point] = []
            where: list[tuple[int, int]] = []
            for i in rels:
                line = lines[i]
                for j in range(1 + parity, len(line) - 1, 2):
                    if not fixed[i][j]:
                        a.append(line[j - 1])
                        b.append(line[j + 1])
                        where.append((i, j))
            if not where:
                return
            owner = np.array([i for i, _ in where], dtype=np.int64)
            seg, _, _ = self._hits(np.array(a, dtype=float), np.array(b, dtype=float), ends[owner])
            stuck = set(seg.tolist())
            drop: dict[int, list[int]] = {}
            for k, (i, j) in enumerate(where):
                if k not in stuck:
                    drop.setdefault(i, []).append(j)
            for i, js in drop.items():
                for j in sorted(js, reverse=True):
                    del lines[i][j]
                    del fixed[i][j]
                self._reclip(i, lines[i], ends[i], anchors[i])
                if len(lines[i]) == 2:  # straight again: aim centre to centre, as an unbent line does
                    (ax, ay), (bx, by) = anchors[i]
                    s, t = int(ends[i][0]), int(ends[i][1])
                    lines[i] = [self.exit_point(s, ax, ay, bx, by), self.exit_point(t, bx, by, ax, ay)]

    def _spread_shared_bends(
        self,
        rels: list[int],
        lines: list[list[Point]],
        fixed: list[list[bool]],
        ends: np.ndarray,
        anchors: list[tuple[Point, Point]],
        step: float,
    ) -> None:
        """Routes that bend round the same corner would be drawn as one line from there on:
        move each further one ``step`` more outwards from the box it goes round (unless that
        puts it in some box's way)."""
        if step <= 0:
            return
        groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
        cell = max(step / 2, 1e-9)
        for i in rels:
            line = lines[i]
            for j in range(1, len(line) - 1):
                if not fixed[i][j]:
                    x, y = line[j]
                    groups.setdefault((round(x / cell), round(y / cell)), []).append((i, j))
        moved: dict[int, list[Point]] = {}
        for users in groups.values():
            if len({i for i, _ in users}) < 2:
                continue
            px, py = lines[users[0][0]][users[0][1]]
            box = int(np.argmin(chebyshev(np.array([[px, py]]).repeat(len(self.lo), 0), self.lo, self.hi)))
            cx, cy = self.centre[box]
            ox = math.copysign(1.0, px - cx) * math.sqrt(0.5)
            oy = math.copysign(1.0, py - cy) * math.sqrt(0.5)
            for rank, (i, j) in enumerate(users[1:], 1):
                if i not in moved:
                    moved[i] = list(lines[i])
                lines[i][j] = (lines[i][j][0] + ox * step * rank, lines[i][j][1] + oy * step * rank)
        for i in moved:
            self._reclip(i, lines[i], ends[i], anchors[i])
        for i in self._blocked(sorted(moved), lines, ends):
            lines[i] = moved[i]  # no room to spread this one: it keeps its bend

    def _near(self, path: list[Point]) -> set[int]:
        """Boxes whose corners a path bends at (so a move of theirs re-routes it)."""
        found: set[int] = set()
        if len(path) < 3:
            return found
        inner = np.array(path[1:-1], dtype=float)
        reach = self.clearance + 1.0
        for p in inner:
            near = (p[0] >= self.lo[:, 0] - reach) & (p[0] <= self.hi[:, 0] + reach)
            near &= (p[1] >= self.lo[:, 1] - reach) & (p[1] <= self.hi[:, 1] + reach)
            found.update(np.nonzero(near)[0].tolist())
        return found

    def _visibility_path(
        self, i: int, line: list[Point], st: np.ndarray, anchor: tuple[Point, Point]
    ) -> list[Point] | None:
        """The shortest path from end to end through the corners of the boxes nearby, or None.

        The boxes nearest the straight line are tried first (``VISIBILITY_BOXES`` of them); when
        their corners offer no way through (a relation along a crowded row of boxes, where the way
        round lies past boxes further along), four times as many are tried once more.
        """
        s, t = int(st[0]), int(st[1])
        start = np.array(line[0])
        goal = np.array(line[-1])
        span = max(float(np.hypot(*(goal - start))) / 2, 1.0)
        box_lo = np.minimum(start, goal) - span
        box_hi = np.maximum(start, goal) + span
        c = self.clearance + 0.5
        near = ((self.hi + c >= box_lo) & (self.lo - c <= box_hi)).all(axis=1)
        near[[s, t]] = False
        idx = np.nonzero(near)[0]
        if len(idx) > VISIBILITY_BOXES:  # nearest the straight line first
            far = _distance_to_segment((self.lo[idx] + self.hi[idx]) / 2, start, goal)
            idx = idx[np.argsort(far, kind="stable")]
        for limit in (VISIBILITY_BOXES, 4 * VISIBILITY_BOXES):
            path = self._shortest_through(idx[:limit], start, goal, st)
            if path is not None or len(idx) <= limit:
                break
        if path is None:
            return None
        self._reclip(i, path, st, anchor)
        return path

    def _shortest_through(
        self, idx: np.ndarray, start: np.ndarray, goal: np.ndarray, st: np.ndarray
    ) -> list[Point] | None:
        """Dijkstra over the free corners of boxes ``idx`` (inflated by the clearance), or None."""
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import dijkstra

        c = self.clearance + 0.5
        lo, hi = self.lo[idx] - c, self.hi[idx] + c
        square = np.stack(
            [lo, np.column_stack([hi[:, 0], lo[:, 1]]), hi, np.column_stack([lo[:, 0], hi[:, 1]])], 1
        )
        square = square.reshape(-1, 2)
        # a corner inside another box is no way through
        inside = ((square[:, None, :] > self.lo[idx][None]) & (square[:, None, :] < self.hi[idx][None])).all(
            axis=2
        )
        pts = np.vstack([start, goal, square[~inside.any(axis=1)]])
        m = len(pts)
        ii, jj = np.triu_indices(m, 1)
        ends = np.tile(st, (len(ii), 1))
        # Most of these pairs are long and blocked by a box nearby: rule those out against the
        # nearby boxes alone (cheap), then ask the grid about every box for the few left.
        seg, _, _ = self._hits(pts[ii], pts[jj], ends, only=idx)
        ok = np.ones(len(ii), dtype=bool)
        ok[seg] = False
        left = np.nonzero(ok)[0]
        seg, _, _ = self._hits(pts[ii[left]], pts[jj[left]], ends[left])
        ok[left[seg]] = False
        lengths = np.hypot(*(pts[jj] - pts[ii]).T)
        graph = csr_matrix((lengths[ok], (ii[ok], jj[ok])), shape=(m, m))
        dist, pred = dijkstra(graph, directed=False, indices=0, return_predecessors=True)
        if not np.isfinite(dist[1]):
            return None
        path = [1]
        while path[-1] != 0:
            path.append(int(pred[path[-1]]))
        out = [(float(pts[k][0]), float(pts[k][1])) for k in reversed(path)]
        return _without_collinear(out)


def _without_collinear(path: list[Point]) -> list[Point]:
    """The path without inner points that lie on the line through their neighbours (corners of a
    row of boxes passed along one side): one stretch each, so the marker takes its middle."""
    out = path[:2]
    for p in path[2:]:
        (ax, ay), (bx, by) = out[-2], out[-1]
        cross = (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)
        if abs(cross) <= 1e-6 * max(1.0, math.dist((ax, ay), p)) ** 2:
            out[-1] = p
        else:
            out.append(p)
    return out


def _distance_to_segment(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distance from each row of ``p`` to the segment from ``a`` to ``b``."""
    ab = b - a
    length2 = float(ab @ ab)
    t = np.zeros(len(p)) if length2 == 0 else np.clip((p - a) @ ab / length2, 0.0, 1.0)
    return np.hypot(*(p - (a + t[:, None] * ab)).T)


def _spread_markers(routes: dict[Hashable, Route], distance: float) -> None:
    """Move a marker that would sit on another one along its own longest stretch (to a third or
    two thirds of it), so two relations' markers never hide each other where routes meet."""
    placed: list[Point] = []
    for key, route in routes.items():
        (ax, ay), (bx, by) = max(itertools.pairwise(route.points), key=lambda ab: math.dist(*ab))
        choices = [route.marker] + [
            (ax + (bx - ax) * t, ay + (by - ay) * t) for t in (0.35, 0.65, 0.25, 0.75)
        ]
        for where in choices:
            if all(math.dist(where, other) >= distance for other in placed):
                if where != route.marker:
                    routes[key] = Route(route.points, where, route.around, route.clear)
                placed.append(where)
                break
        else:
            placed.append(route.marker)
