"""The spatial index and small geometry helpers of edge routing (numpy, no Qt).

Boxes are registered in the cells of a uniform grid they reach, so "which boxes
may touch this segment" asks only the cells the segment passes.
"""

from __future__ import annotations

import math

import numpy as np

Point = tuple[float, float]


class Grid:
    """Boxes registered in the cells of a uniform grid, for "which boxes are near this segment"."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray) -> None:
        self.lo, self.hi = lo, hi
        n = len(lo)
        if n == 0:
            self.cell = 1.0
            self.keys = np.zeros(0, dtype=np.int64)
            self.boxes = np.zeros(0, dtype=np.int64)
            self.origin = np.zeros(2)
            self.shape = (1, 1)
            return
        extent = hi - lo
        span = hi.max(axis=0) - lo.min(axis=0)
        # about one box per cell, never smaller than a typical box
        typical = float(np.median(extent.max(axis=1)))
        self.cell = max(typical, math.sqrt(max(span[0] * span[1], 1.0) / n), 1.0)
        half = self.cell / 2  # a segment is sampled every cell: boxes reach half a cell further
        self.origin = lo.min(axis=0) - half
        first = np.floor((lo - half - self.origin) / self.cell).astype(np.int64)
        last = np.floor((hi + half - self.origin) / self.cell).astype(np.int64)
        self.shape = (int(last[:, 0].max()) + 1, int(last[:, 1].max()) + 1)
        counts = (last - first + 1).prod(axis=1)
        box = np.repeat(np.arange(n), counts)
        start = np.repeat(np.cumsum(counts) - counts, counts)
        k = np.arange(len(box)) - start
        wide = np.repeat(last[:, 1] - first[:, 1] + 1, counts)
        cx = np.repeat(first[:, 0], counts) + k // wide
        cy = np.repeat(first[:, 1], counts) + k % wide
        keys = cx * self.shape[1] + cy
        order = np.argsort(keys, kind="stable")
        self.keys, self.boxes = keys[order], box[order]

    def candidates(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(segment index, box index) pairs where the box may touch segment a[i]-b[i] (no misses)."""
        if not len(a) or not len(self.keys):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        length = np.hypot(*(b - a).T)
        steps = np.ceil(length / self.cell).astype(np.int64) + 1
        seg = np.repeat(np.arange(len(a)), steps)
        start = np.repeat(np.cumsum(steps) - steps, steps)
        t = (np.arange(len(seg)) - start) / np.maximum(np.repeat(steps - 1, steps), 1)
        p = a[seg] + (b - a)[seg] * t[:, None]
        cell = np.floor((p - self.origin) / self.cell).astype(np.int64)
        inside = (cell >= 0).all(axis=1) & (cell[:, 0] < self.shape[0]) & (cell[:, 1] < self.shape[1])
        seg, cell = seg[inside], cell[inside]
        keys = cell[:, 0] * self.shape[1] + cell[:, 1]
        first = np.searchsorted(self.keys, keys, "left")
        count = np.searchsorted(self.keys, keys, "right") - first
        total = int(count.sum())
        if not total:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        offset = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
        # duplicates (a box met by several samples) are left in: testing them twice is cheaper
        # than sorting them out here; callers keep one hit per pair
        return np.repeat(seg, count), self.boxes[np.repeat(first, count) + offset]


def chebyshev(p: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Row-wise distance (max norm) from points to boxes; 0 inside."""
    return np.maximum(np.maximum(lo - p, p - hi), 0.0).max(axis=1)


def chebyshev1(p: Point, lo: np.ndarray, hi: np.ndarray) -> float:
    return max(lo[0] - p[0], p[0] - hi[0], lo[1] - p[1], p[1] - hi[1], 0.0)


def clip_many(centre: np.ndarray, half: np.ndarray, inset: np.ndarray, towards: np.ndarray) -> np.ndarray:
    """Where the line from each node's centre towards a point leaves its outline (box or hexagon)."""
    cx, cy = centre.T
    hw, hh = half.T
    dx, dy = towards[:, 0] - cx, towards[:, 1] - cy
    with np.errstate(divide="ignore", invalid="ignore"):
        side = np.abs(dx) + np.where(hh > 0, inset * np.abs(dy) / np.where(hh > 0, hh, 1.0), 0.0)
        sx = np.where(side > 0, hw / side, np.inf)
        sy = np.where(dy != 0, hh / np.abs(dy), np.inf)
        t = np.minimum(sx, sy)
        t = np.where((dx == 0) & (dy == 0), 0.0, t)
    return np.column_stack([cx + dx * t, cy + dy * t])
