"""Crossing reduction: local moves kept only when the drawing gets cleaner and stays signed.

After stress majorization a map has few crossings, but a few remain where a
node sits on the wrong side of a line or a relation grazes a box. This pass
(Davidson-Harel's idea, made greedy and deterministic) tries, for each node
involved in a crossing or in a relation drawn through a node, a handful of
other places: a grid over the drawing, rings of points around it, its
neighbours' barycentre; and swaps with nearby nodes. A move is kept only
when

* the node's *cost* falls: the crossings of its relations with others, plus
  ``hit_weight`` (:data:`HIT_WEIGHT` by default) for each of its relations
  passing through another box and each other relation passing through its
  box (boxes inflated by :data:`MARGIN`, so lines keep a little air from
  outlines). Crossings are counted on the relations *as drawn*, from outline
  to outline (``quality.straight_lines``): two lines that meet under a
  node's own box do not cross where anyone can see it, and counting them
  made the pass chase harmless crossings;
* no two boxes come closer than the clearance the compaction keeps;
* the node stays inside the drawing's bounding box (the map does not grow);
* opposing relations stay at least :data:`RATIO_FLOOR` times as long as
  supportive ones (median), or as long as they were if that was less;
* the camps stay apart: the share of camp members on their side of the line
  that separated them before the pass does not fall below
  :data:`CAMP_FLOOR` (or what it was, if less).

Each candidate of a node is scored at once with numpy (O(deg x m) per
candidate), so a pass costs about O(n x candidates x deg x m); the
orientation tests are matrix products, the drawn lines are kept between
moves, and a node whose cost has not changed since no move of it helped is
not tried again.
"""

from __future__ import annotations

import numpy as np

from .quality import _clip_to_box, best_camp_line, segment_hits_box, segments_cross

MARGIN = 4.0
RATIO_FLOOR = 2.1
CAMP_FLOOR = 0.95
CAMP_DIRECTIONS = 384  # directions tried for the line between the camps (the measure tries more)
PASSES = ((60, 4), (150, 2), (10**9, 1))  # (up to this many nodes, passes)
ANGLES = 12
RADII = (0.15, 0.3, 0.6)  # in median supportive relation lengths
#: (up to this many nodes, grid points over the drawing tried for each node, of which the candidates
#: nearest their wanted relation lengths are scored): mid-sized maps have the most tangles to undo.
SEARCH = ((30, 400, 64), (80, 900, 128), (10**9, 400, 64))
LENGTH_WEIGHT = 0.2  # among moves that remove as many crossings, prefer relations near their wanted lengths
SWAP_NEIGHBOURS = 3
HIT_WEIGHT = 1.5  # a relation drawn through a box, against one crossing: worse
SWAP_LIMIT = 80  # nodes; swaps are tried on maps up to this size


def _box_hits_at(a: np.ndarray, b: np.ndarray, centres: np.ndarray, half: np.ndarray) -> np.ndarray:
    """How many segments a-b (e x 2) enter a box of half size ``half`` centred at each of ``centres`` (k x 2).

    :func:`~.quality.segment_hits_box` with the segments fixed and the box
    moving: the segment's side of the box centre is linear in the centre.
    """
    lo_x, hi_x = np.minimum(a[:, 0], b[:, 0]), np.maximum(a[:, 0], b[:, 0])
    lo_y, hi_y = np.minimum(a[:, 1], b[:, 1]), np.maximum(a[:, 1], b[:, 1])
    cx, cy = centres[:, 0, None], centres[:, 1, None]
    near = (hi_x > cx - half[0]) & (lo_x < cx + half[0]) & (hi_y > cy - half[1]) & (lo_y < cy + half[1])
    dx, dy = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
    side = np.abs(cy * dx - cx * dy + (a[:, 0] * dy - a[:, 1] * dx))
    reach = np.abs(dx) * half[1] + np.abs(dy) * half[0]
    return (near & (side < reach)).sum(axis=1)


class Untangler:
    """Node positions with the data to score and check moves (arrays indexed like the layout)."""

    def __init__(
        self,
        pos: np.ndarray,
        sizes: np.ndarray,
        u: np.ndarray,
        v: np.ndarray,
        sign: np.ndarray,
        fixed: np.ndarray,
        sides: np.ndarray,
        clearance: tuple[float, float],
        drawn: tuple[np.ndarray, np.ndarray] | None = None,
        hit_weight: float = HIT_WEIGHT,
    ) -> None:
        """``drawn`` is (edge index, sign) of every drawn relation, when ties fold several;
        ``hit_weight`` what a relation drawn through a box costs, in crossings."""
        self.hit_weight = hit_weight
        self.pos = np.array(pos, dtype=np.float64, copy=True)
        self.n = len(self.pos)
        self._lines: tuple[np.ndarray, np.ndarray] | None = None
        self.half = np.asarray(sizes, dtype=np.float64) / 2.0
        keep = u != v
        self.u, self.v, self.sign = u[keep], v[keep], sign[keep]
        if drawn is None:
            self.drawn_edge, self.drawn_sign = np.arange(len(self.u)), self.sign
        else:
            renumber = np.cumsum(keep) - 1
            ok = keep[drawn[0]]
            self.drawn_edge, self.drawn_sign = renumber[drawn[0][ok]], np.asarray(drawn[1])[ok]
        self.fixed = np.asarray(fixed, dtype=bool)
        self.clear = np.asarray(clearance, dtype=np.float64)
        self.incident = [np.nonzero((self.u == i) | (self.v == i))[0] for i in range(self.n)]
        # per node: its neighbours (the far end of each of its relations), the other relations, which
        # of those share no end with each of its relations, and which boxes its relations may pass
        self.far = [np.where(self.u[m] == i, self.v[m], self.u[m]) for i, m in enumerate(self.incident)]
        self.others = [np.nonzero((self.u != i) & (self.v != i))[0] for i in range(self.n)]
        self.not_shared = [
            (self.u[o][None, :] != f[:, None]) & (self.v[o][None, :] != f[:, None])
            for f, o in zip(self.far, self.others, strict=True)
        ]
        self.not_own = []
        for i, f in enumerate(self.far):
            free = np.ones((len(f), self.n), dtype=bool)
            free[np.arange(len(f)), f] = False
            free[:, i] = False
            self.not_own.append(free)
        self.lo = (self.pos - self.half).min(axis=0)
        self.hi = (self.pos + self.half).max(axis=0)
        self.ratio_floor = min(RATIO_FLOOR, self.ratio(self.pos))
        labelled = sides >= 0
        self.camp_members = np.nonzero(labelled)[0]
        self.camp_labels = sides[labelled]
        self.camp_of = np.asarray(sides, dtype=np.int64)
        self.camp_line: tuple[np.ndarray, float] | None = None
        self.camp_floor = 0.0
        if (self.camp_labels == 0).any() and (self.camp_labels == 1).any():
            share, normal, offset = best_camp_line(
                self.pos[self.camp_members], self.camp_labels, CAMP_DIRECTIONS
            )
            self.camp_line = (normal, offset)
            self.camp_floor = min(CAMP_FLOOR, share)

        lengths = np.hypot(*(self.pos[self.v] - self.pos[self.u]).T)
        supportive = lengths[self.sign > 0]
        self.step = float(np.median(supportive if len(supportive) else lengths)) if len(lengths) else 1.0
        self.want = self.step * np.where(self.sign < 0, RATIO_FLOOR * 1.2, 1.0)
        span = self.hi - self.lo
        _, grid, self.candidates = next(row for row in SEARCH if self.n <= row[0])
        self.grid_step = float(np.sqrt(span[0] * span[1] / grid)) if span.min() > 0 else 1.0
        gx = np.arange(self.lo[0] + self.grid_step / 2, self.hi[0], self.grid_step)
        gy = np.arange(self.lo[1] + self.grid_step / 2, self.hi[1], self.grid_step)
        self.grid = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)

    # ------------------------------------------------------------ constraints
    def ratio(self, pos: np.ndarray) -> float:
        """Median opposing over median supportive length of the drawn relations at ``pos``."""
        lengths = np.hypot(*(pos[self.v] - pos[self.u]).T)[self.drawn_edge]
        neg, posv = lengths[self.drawn_sign < 0], lengths[self.drawn_sign > 0]
        if not len(neg) or not len(posv):
            return np.inf
        return float(np.median(neg) / max(float(np.median(posv)), 1e-9))

    def _camp_share(self, pos: np.ndarray) -> float:
        if self.camp_line is None:
            return 1.0
        normal, offset = self.camp_line
        side = (pos[self.camp_members] @ normal >= offset).astype(np.int64)
        return float((side == self.camp_labels).mean())

    def violations(self) -> int:
        """How many of the sign and camp goals the drawing misses now (0, 1 or 2)."""
        ratio_low = self.ratio(self.pos) < RATIO_FLOOR
        camps_mixed = self.camp_line is not None and self.camp_floor < CAMP_FLOOR
        return int(ratio_low) + int(camps_mixed)

    def allowed(self, pos: np.ndarray) -> bool:
        return self.ratio(pos) >= self.ratio_floor - 1e-9 and self._camp_share(pos) >= self.camp_floor - 1e-9

    def _room(self, i: int, points: np.ndarray, ignore: tuple[int, ...] = ()) -> np.ndarray:
        """Which candidate centres of node i keep the clearance to every other box and stay in bounds."""
        others = np.ones(self.n, dtype=bool)
        others[i] = False
        for k in ignore:
            others[k] = False
        reach = self.half[i] + self.half[others] + self.clear
        centres = self.pos[others]
        near_x = np.abs(points[:, None, 0] - centres[None, :, 0]) < reach[None, :, 0]
        near_y = np.abs(points[:, None, 1] - centres[None, :, 1]) < reach[None, :, 1]
        return ~(near_x & near_y).any(axis=1)

    # ------------------------------------------------------------ costs
    def lines(self, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every relation as drawn: from outline to outline of its end boxes (``quality.straight_lines``).

        The lines of the current positions are kept (:meth:`place` updates
        the moved nodes' relations only): every candidate is scored against them.
        """
        if pos is self.pos and self._lines is not None:
            return self._lines
        a, b = pos[self.u], pos[self.v]
        drawn = _clip_to_box(a, b, self.half[self.u]), _clip_to_box(b, a, self.half[self.v])
        if pos is self.pos:
            self._lines = drawn
        return drawn

    def place(self, pos: np.ndarray, moved: list[int]) -> None:
        """Take ``pos`` (which differs from the current positions at ``moved`` only) as the drawing."""
        if self._lines is not None:
            rows = np.unique(np.concatenate([self.incident[i] for i in moved]))
            a, b = self._lines
            a, b = a.copy(), b.copy()
            pu, pv = pos[self.u[rows]], pos[self.v[rows]]
            a[rows] = _clip_to_box(pu, pv, self.half[self.u[rows]])
            b[rows] = _clip_to_box(pv, pu, self.half[self.v[rows]])
            self._lines = (a, b)
        self.pos = pos

    def node_cost(self, i: int, points: np.ndarray) -> np.ndarray:
        """Cost of node i at each candidate centre in ``points`` (k x 2), everything else where it is.

        Everything that does not depend on the candidate (the other relations'
        lines, which side of them i's neighbours lie on) is computed once per
        call, and the candidate's side of each line is one matrix product: the
        orientation tests are linear in the candidate point.
        """
        pos = self.pos
        k = len(points)
        cost = np.zeros(k)
        others = self.others[i]
        a, b = pos[self.u[others]], pos[self.v[others]]  # (e, 2) the other relations
        if len(others):
            cost += self.hit_weight * _box_hits_at(a, b, points, self.half[i] + MARGIN)
        far = self.far[i]
        if not len(far):
            return cost
        f = pos[far]  # (d, 2) the other end of each of i's relations
        if len(others):
            k, d = len(points), len(far)
            # i's relations from each candidate, as drawn: outline to outline (kd x 2 ends)
            start = np.repeat(points, d, axis=0)
            end = np.tile(f, (k, 1))
            start, end = (
                _clip_to_box(start, end, np.broadcast_to(self.half[i], start.shape)),
                _clip_to_box(end, start, np.tile(self.half[far], (k, 1))),
            )
            a, b = self.lines(pos)
            a, b = a[others], b[others]
            # Every orientation test is a matrix product: (q - p) x (r - p) = (q - p) x r - (q - p) x p.
            e = b - a
            normal = np.stack([-e[:, 1], e[:, 0]])  # side of point r of line a-b: r @ normal + offset
            offset = a[:, 0] * e[:, 1] - a[:, 1] * e[:, 0]
            apart = (start @ normal + offset) * (end @ normal + offset) < 0  # (kd, e)
            w = end - start
            turn = np.stack([-w[:, 1], w[:, 0]], axis=1)  # side of r of line start-end: turn @ r - own
            own = (turn * start).sum(axis=1)[:, None]
            across = ((turn @ a.T - own) * (turn @ b.T - own)) < 0
            crosses = (apart & across).reshape(k, d, -1) & self.not_shared[i][None]
            cost += crosses.sum(axis=(1, 2))
        lo = pos - self.half - MARGIN
        hi = pos + self.half + MARGIN
        hits = segment_hits_box(
            points[:, None, None, :], f[None, :, None, :], lo[None, None], hi[None, None]
        )  # (k, d, n)
        cost += self.hit_weight * (hits & self.not_own[i][None]).sum(axis=(1, 2))
        return cost

    def node_costs(self) -> np.ndarray:
        """:meth:`node_cost` of every node where it is, at once."""
        pos, u, v, n = self.pos, self.u, self.v, self.n
        if not len(u):
            return np.zeros(n)
        shared = (u[:, None] == u[None, :]) | (u[:, None] == v[None, :]) | (v[:, None] == u[None, :])
        shared |= v[:, None] == v[None, :]
        la, lb = self.lines(pos)
        crosses = segments_cross(la[:, None], lb[:, None], la[None], lb[None]) & ~shared
        lo = pos - self.half - MARGIN
        hi = pos + self.half + MARGIN
        hits = segment_hits_box(pos[u][:, None], pos[v][:, None], lo[None], hi[None])
        hits[np.arange(len(u)), u] = False
        hits[np.arange(len(u)), v] = False
        per_edge = crosses.sum(axis=1) + self.hit_weight * hits.sum(axis=1)
        return np.bincount(u, per_edge, n) + np.bincount(v, per_edge, n) + self.hit_weight * hits.sum(axis=0)

    def total_cost(self, pos: np.ndarray | None = None) -> float:
        """Crossings plus relation-box hits of the whole drawing (each counted once)."""
        pos = self.pos if pos is None else pos
        u, v = self.u, self.v
        if not len(u):
            return 0.0
        shared = (u[:, None] == u[None, :]) | (u[:, None] == v[None, :]) | (v[:, None] == u[None, :])
        shared |= v[:, None] == v[None, :]
        la, lb = self.lines(pos)
        crosses = segments_cross(la[:, None], lb[:, None], la[None], lb[None]) & ~shared
        lo = pos - self.half - MARGIN
        hi = pos + self.half + MARGIN
        hits = segment_hits_box(pos[u][:, None], pos[v][:, None], lo[None], hi[None])
        hits[np.arange(len(u)), u] = False
        hits[np.arange(len(u)), v] = False
        return float(np.triu(crosses, k=1).sum() + self.hit_weight * hits.sum())

    # ------------------------------------------------------------ moves
    def _candidates(self, i: int, rng: np.random.Generator) -> np.ndarray:
        """Where node i might go: free grid points near its neighbours, rings around it, their barycentre."""
        here = self.pos[i]
        mine = self.incident[i]
        far = np.where(self.u[mine] == i, self.v[mine], self.u[mine])
        turn = rng.random() * 2 * np.pi / ANGLES
        angles = turn + np.arange(ANGLES) * 2 * np.pi / ANGLES
        ring = np.stack([np.cos(angles), np.sin(angles)], axis=1)
        points = [here + r * self.step * ring for r in RADII]
        if len(far):
            bary = self.pos[far].mean(axis=0)
            points.append(np.array([bary, (bary + here) / 2.0]))
        grid = self.grid + (rng.random(2) - 0.5) * self.grid_step
        points.append(grid)
        points = np.vstack(points)  # type: ignore[assignment]  # the candidate list becomes one array
        inside = ((points - self.half[i] >= self.lo) & (points + self.half[i] <= self.hi)).all(axis=1)
        points = points[inside & self._camp_ok(i, points)]  # type: ignore[arg-type]  # an array since the line above
        points = points[self._room(i, points)]
        if len(points) > self.candidates and len(far):
            # the ones whose relations come nearest their wanted lengths
            spread = self._length_cost(i, points, far)
            points = points[np.argsort(spread, kind="stable")[: self.candidates]]
        return points

    def _length_cost(self, i: int, points: np.ndarray, far: np.ndarray) -> np.ndarray:
        want = self.want[self.incident[i]]
        length = np.hypot(*(points[:, None, :] - self.pos[far][None, :, :]).transpose(2, 0, 1))
        return (((length - want) / want) ** 2).sum(axis=1)

    def _camp_ok(self, i: int, points: np.ndarray) -> np.ndarray:
        """Nodes on their camp's side stay there."""
        if self.camp_line is None or self.camp_of[i] < 0:
            return np.ones(len(points), dtype=bool)
        normal, offset = self.camp_line
        now = int(self.pos[i] @ normal >= offset)
        if now != self.camp_of[i]:
            return np.ones(len(points), dtype=bool)
        return (points @ normal >= offset).astype(np.int64) == now

    def improve(self, seed: int = 0, passes: int | None = None) -> int:
        """Run the passes (by default :data:`PASSES`, fewer on big maps); returns how many moves were kept."""
        if self.n < 3 or not len(self.u):
            return 0
        if passes is None:
            passes = next(count for limit, count in PASSES if self.n <= limit)
        rng = np.random.default_rng(seed)
        kept = 0
        tried: dict[int, float] = {}  # node -> its cost when no move of it helped
        for _ in range(passes):
            moved = 0
            here = self.node_costs()
            for i in np.argsort(-here, kind="stable").tolist():
                if here[i] <= 0:
                    break
                if self.fixed[i] or tried.get(i) == here[i]:
                    continue  # nothing about it changed since no move helped
                if self._move(i, rng):
                    moved += 1
                else:
                    tried[i] = float(here[i])
            if self.n <= SWAP_LIMIT:
                moved += self._swaps(self.node_costs() > 0)
            kept += moved
            if not moved:
                break
        return kept

    def _move(self, i: int, rng: np.random.Generator) -> int:
        points = self._candidates(i, rng)
        if not len(points):
            return 0
        cross = self.node_cost(i, np.vstack([self.pos[i : i + 1], points]))  # scored where it is, too
        base, cross = cross[0], cross[1:]
        if base <= 0:
            return 0
        costs = cross.astype(np.float64)
        mine = self.incident[i]
        if len(mine):
            far = np.where(self.u[mine] == i, self.v[mine], self.u[mine])
            costs = costs + LENGTH_WEIGHT * np.minimum(self._length_cost(i, points, far), 10.0) / len(far)
        better = np.nonzero(cross < base)[0]
        for k in better[np.argsort(costs[better], kind="stable")][:8].tolist():
            trial = self.pos.copy()
            trial[i] = points[k]
            if self.allowed(trial):
                self.place(trial, [i])
                return 1
        return 0

    def set_cost(self, pos: np.ndarray, moved: list[int]) -> float:
        """The part of :meth:`total_cost` that depends on where the ``moved`` nodes are."""
        touched = np.zeros(len(self.u), dtype=bool)
        for i in moved:
            touched[self.incident[i]] = True
        mine = np.nonzero(touched)[0]
        u, v = self.u, self.v
        mu, mv = u[mine], v[mine]
        shared = (mu[:, None] == u[None, :]) | (mu[:, None] == v[None, :])
        shared |= (mv[:, None] == u[None, :]) | (mv[:, None] == v[None, :])
        la, lb = self.lines(pos)
        crosses = segments_cross(la[mine][:, None], lb[mine][:, None], la[None], lb[None]) & ~shared
        # pairs of two touched relations are seen from both sides
        twice = crosses[:, mine].sum()
        cost = crosses.sum() - twice / 2.0
        lo = pos - self.half - MARGIN
        hi = pos + self.half + MARGIN
        hits = segment_hits_box(pos[mu][:, None], pos[mv][:, None], lo[None], hi[None])
        hits[np.arange(len(mine)), mu] = False
        hits[np.arange(len(mine)), mv] = False
        cost += self.hit_weight * hits.sum()
        rest = np.nonzero(~touched)[0]
        if len(rest):
            boxes = np.asarray(moved)
            hits = segment_hits_box(
                pos[u[rest]][:, None], pos[v[rest]][:, None], lo[boxes][None], hi[boxes][None]
            )
            hits &= (u[rest][:, None] != boxes[None, :]) & (v[rest][:, None] != boxes[None, :])
            cost += self.hit_weight * hits.sum()
        return float(cost)

    def _swaps(self, involved: np.ndarray) -> int:
        """Swap nodes with crossings with nearby free nodes where that lowers the cost."""
        swapped = 0
        free = np.nonzero(~self.fixed)[0]
        for i in np.nonzero(involved & ~self.fixed)[0].tolist():
            d = np.hypot(*(self.pos[free] - self.pos[i]).T)
            for j in free[np.argsort(d, kind="stable")[1 : SWAP_NEIGHBOURS + 1]].tolist():
                trial = self.pos.copy()
                trial[[i, j]] = trial[[j, i]]
                if not self._fits_swap(trial, i, j):
                    continue
                if self.set_cost(trial, [i, j]) < self.set_cost(self.pos, [i, j]) and self.allowed(trial):
                    self.place(trial, [i, j])
                    swapped += 1
                    break
        return swapped

    def _fits_swap(self, trial: np.ndarray, i: int, j: int) -> bool:
        # _room ignores i and j, the only nodes where trial differs from the current positions
        first = self._room(i, trial[i : i + 1], ignore=(j,))[0]
        return bool(first and self._room(j, trial[j : j + 1], ignore=(i,))[0])
