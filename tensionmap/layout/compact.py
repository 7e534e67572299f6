"""Draw a finished layout together until nodes keep just a readable clearance.

Force and axis layouts choose their own scale, which on a small workshop map
leaves wide empty gaps: fitted to a laptop screen, the labels then shrink
below reading size. Scaling the positions about their centre keeps every
direction and every ratio of distances the engine produced (opposing
relations stay the longer ones) while the map fills the screen at a readable
zoom. Scaling is uniform first, then per axis, each the largest reduction
that keeps every pair of node rectangles ``clearance`` apart.
"""

from __future__ import annotations

import numpy as np

#: Horizontal and vertical room kept between node rectangles (scene units):
#: enough for a relation, its arrowhead and its marker to show between them.
CLEARANCE = (56.0, 40.0)
#: Above this many nodes the map is explored zoomed in anyway; skip the O(n^2) check.
MAX_NODES = 400


def _overlaps(pos: np.ndarray, half: np.ndarray) -> np.ndarray:
    dx = np.abs(pos[:, None, 0] - pos[None, :, 0])
    dy = np.abs(pos[:, None, 1] - pos[None, :, 1])
    hit = (dx < half[:, None, 0] + half[None, :, 0]) & (dy < half[:, None, 1] + half[None, :, 1])
    np.fill_diagonal(hit, False)
    return hit


def _largest_reduction(
    pos: np.ndarray,
    room: np.ndarray,
    bare: np.ndarray,
    close: np.ndarray,
    centre: np.ndarray,
    axes: np.ndarray,
) -> np.ndarray:
    """Scale along ``axes`` (mask of x, y) by the smallest factor that keeps the map clear.

    Pairs the engine placed closer than the clearance (``close``: rows in one
    band, a stack beside a pole) only have to stay apart at natural size.
    """

    def scaled(f: float) -> np.ndarray:
        return centre + (pos - centre) * np.where(axes, f, 1.0)

    def clear(p: np.ndarray) -> bool:
        return not ((_overlaps(p, room) & ~close).any() or (_overlaps(p, bare) & close).any())

    low, high = 0.05, 1.0
    if clear(scaled(low)):
        return scaled(low)
    for _ in range(20):
        mid = (low + high) / 2.0
        if clear(scaled(mid)):
            high = mid
        else:
            low = mid
    return scaled(high)


def compact_array(
    pos: np.ndarray, dims: np.ndarray, *, clearance: tuple[float, float] = CLEARANCE, per_axis: bool = True
) -> np.ndarray:
    """Centres (n x 2) drawn together about their centre; unchanged if boxes (n x 2 sizes) already overlap.

    ``per_axis=False`` scales uniformly only, which keeps every ratio of lengths.
    """
    pos = np.array(pos, dtype=np.float64, copy=True)
    if len(pos) < 2 or len(pos) > MAX_NODES:
        return pos
    dims = np.asarray(dims, dtype=np.float64)
    bare = dims / 2.0
    room = (dims + np.array(clearance)) / 2.0
    if _overlaps(pos, bare).any():
        return pos  # not an overlap-free layout: nothing to keep clear
    close = _overlaps(pos, room)
    centre = pos.mean(axis=0)
    for axes in ((True, True), (True, False), (False, True)) if per_axis else ((True, True),):
        pos = _largest_reduction(pos, room, bare, close, centre, np.array(axes))
    return pos


def compact(
    positions: dict[str, tuple[float, float]],
    sizes: dict[str, tuple[float, float]],
    *,
    clearance: tuple[float, float] = CLEARANCE,
) -> dict[str, tuple[float, float]]:
    """Positions drawn together about their centre; unchanged if nodes already crowd."""
    keys = list(positions)
    if len(keys) < 2 or len(keys) > MAX_NODES:
        return dict(positions)
    pos = np.array([positions[k] for k in keys], dtype=np.float64)
    dims = np.array([sizes[k] for k in keys], dtype=np.float64)
    pos = compact_array(pos, dims, clearance=clearance)
    return {k: (float(x), float(y)) for k, (x, y) in zip(keys, pos, strict=True)}
