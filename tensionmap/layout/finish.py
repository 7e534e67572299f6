"""The closing steps every engine takes, written once.

An engine computes raw positions; ``finish`` then puts the drawing where the
map already is (so a re-layout does not jump across the canvas), puts pinned
nodes back exactly where they were, pushes overlapping boxes apart (pinned
ones stay), reports that the run is done and returns plain float pairs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Literal

import numpy as np

from .base import Position, Progress, report
from .overlap import remove_overlaps


def finish(
    nodes: list[Hashable],
    pos: np.ndarray,
    positions: Mapping[Hashable, Position],
    pinned: Iterable[Hashable],
    size: np.ndarray,
    progress: Progress | None,
    *,
    centre: bool = True,
    overlaps: bool = True,
    axis: Literal["x", "y"] | None = None,
) -> dict[Hashable, Position]:
    """Close an engine's run over ``nodes`` drawn at ``pos`` (one row per node).

    - ``centre``: move the drawing so its centroid is the centroid of the current
      ``positions`` (an engine whose pinned nodes already fix the frame passes False);
    - pinned nodes that have a position keep it, to the last digit;
    - ``overlaps``: remove box overlaps (``size`` rows are width, height), moving
      only along ``axis`` when given (a layered or polarity drawing keeps its bands).
    """
    pinned = set(pinned)
    fixed = np.array([n in pinned and n in positions for n in nodes], dtype=bool)
    if positions:
        current = np.array([positions.get(n, (0.0, 0.0)) for n in nodes], dtype=np.float64)
        if centre:
            pos = pos + (current.mean(axis=0) - pos.mean(axis=0))
        pos[fixed] = current[fixed]
    if overlaps:
        pos = remove_overlaps(pos, size, fixed, axis=axis)
    report(progress, 1.0)
    out = {n: (float(x), float(y)) for n, (x, y) in zip(nodes, pos, strict=True)}
    for n, is_fixed in zip(nodes, fixed, strict=True):
        if is_fixed:
            out[n] = (float(positions[n][0]), float(positions[n][1]))
    return out
