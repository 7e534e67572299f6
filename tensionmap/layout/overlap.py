"""Make node rectangles stop overlapping while moving them as little as possible.

Every engine ends with this pass, because only the canvas knows how big a
label makes a node and a layout that hides one node under another is useless.

Each round finds the overlapping pairs (candidates from a k-d tree, so a
round is about O(n log n)), and pushes every pair apart along the axis that
needs the smaller move (or along a fixed axis, when the engine's other axis
carries meaning), half each, or all of it on the free node when the other is
pinned. While there are many overlaps the moves from all pairs are summed
and applied together (vectorised); the last few hundred are resolved one
pair at a time, which stops neighbours' pushes from cancelling out. If it has not
converged after ``rounds`` rounds, the free nodes are spread out a little
from their centre (which separates everything evenly) and it tries again.
Pinned nodes never move; two pinned nodes that overlap stay overlapping,
since the user put them there.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from .base import GAP


def _overlaps(pos: np.ndarray, half: np.ndarray, radius: float) -> tuple[np.ndarray, ...]:
    pairs = cKDTree(pos).query_pairs(radius, output_type="ndarray")
    if len(pairs) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0)
    i, j = pairs[:, 0], pairs[:, 1]
    dx = pos[j, 0] - pos[i, 0]
    dy = pos[j, 1] - pos[i, 1]
    ox = half[i, 0] + half[j, 0] - np.abs(dx)
    oy = half[i, 1] + half[j, 1] - np.abs(dy)
    hit = (ox > 0) & (oy > 0)
    return i[hit], j[hit], dx[hit], dy[hit], ox[hit], oy[hit]


SEQUENTIAL = 400  # below this many overlapping pairs, resolve them one by one
OVERSHOOT = 1.1  # push a little further than needed so neighbours do not re-collide at once


def _sequential(
    pos: np.ndarray,
    half: np.ndarray,
    free: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    axis: str | None,
    slack: float,
) -> None:
    """Resolve the pairs one after another, each seeing the moves before it (Gauss-Seidel).

    Summed simultaneous pushes can cancel or overshoot when a node has several
    overlapping neighbours; the last few overlaps converge much faster this way.
    """
    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        dx = pos[b, 0] - pos[a, 0]
        dy = pos[b, 1] - pos[a, 1]
        ox = half[a, 0] + half[b, 0] - abs(dx)
        oy = half[a, 1] + half[b, 1] - abs(dy)
        if ox <= 0 or oy <= 0:
            continue
        along_x = ox <= oy if axis is None else axis == "x"
        d = dx if along_x else dy
        direction = (1.0 if d > 0 else -1.0) if d != 0 else 1.0
        amount = (ox if along_x else oy) * OVERSHOOT + slack
        share_a = 0.5 if free[a] and free[b] else (1.0 if free[a] else 0.0)
        k = 0 if along_x else 1
        pos[a, k] -= direction * amount * share_a
        pos[b, k] += direction * amount * (1.0 - share_a)


def remove_overlaps(
    pos: np.ndarray,
    sizes: np.ndarray,
    fixed: np.ndarray | None = None,
    *,
    gap: float = GAP,
    axis: str | None = None,
    rounds: int = 200,
    expansions: int = 8,
) -> np.ndarray:
    """Return a copy of ``pos`` (n x 2 centres) in which no two rectangles overlap.

    ``sizes`` is (n x 2) widths and heights; rectangles are kept ``gap`` apart.
    ``fixed`` marks nodes that must not move. ``axis`` is None (push along the
    cheaper axis), ``"x"`` or ``"y"``.
    """
    pos = np.array(pos, dtype=np.float64, copy=True)
    n = len(pos)
    if n < 2:
        return pos
    fixed = np.zeros(n, dtype=bool) if fixed is None else np.asarray(fixed, dtype=bool)
    free = ~fixed
    if not free.any():
        return pos
    half = (np.asarray(sizes, dtype=np.float64) + gap) / 2.0
    radius = 2.0 * float(np.max(np.hypot(half[:, 0], half[:, 1])))
    # Pushing a little beyond touching lets chains of nodes open up instead of re-colliding.
    slack = max(1.0, gap / 2.0)
    # Coincident centres have no direction: a tiny deterministic spread gives them one.
    order = np.arange(n, dtype=np.float64)
    for attempt in range(expansions + 1):
        for _ in range(rounds):
            i, j, dx, dy, ox, oy = _overlaps(pos, half, radius)
            if len(i) == 0:
                return pos
            movable = free[i] | free[j]
            if not movable.any():
                return pos  # only pinned pairs are left
            i, j, dx, dy, ox, oy = i[movable], j[movable], dx[movable], dy[movable], ox[movable], oy[movable]
            if len(i) <= SEQUENTIAL:
                _sequential(pos, half, free, i, j, axis, slack)
                continue
            along_x = ox <= oy if axis is None else np.full(len(i), axis == "x")
            # direction from i to j along the chosen axis; ties broken by index
            dir_x = np.where(dx != 0, np.sign(dx), np.where(order[j] > order[i], 1.0, -1.0))
            dir_y = np.where(dy != 0, np.sign(dy), np.where(order[j] > order[i], 1.0, -1.0))
            amount = np.where(along_x, ox, oy) * OVERSHOOT + slack
            # share of the push taken by i and by j
            share_i = np.where(free[i] & free[j], 0.5, np.where(free[i], 1.0, 0.0))
            share_j = 1.0 - share_i
            move_x = np.where(along_x, amount * dir_x, 0.0)
            move_y = np.where(along_x, 0.0, amount * dir_y)
            shift = np.zeros((n, 2))
            shift[:, 0] -= np.bincount(i, weights=move_x * share_i, minlength=n)
            shift[:, 1] -= np.bincount(i, weights=move_y * share_i, minlength=n)
            shift[:, 0] += np.bincount(j, weights=move_x * share_j, minlength=n)
            shift[:, 1] += np.bincount(j, weights=move_y * share_j, minlength=n)
            pos[free] += shift[free]
        if attempt < expansions:
            centre = pos[free].mean(axis=0)
            pos[free] = centre + (pos[free] - centre) * 1.25
    return pos
