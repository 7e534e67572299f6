"""Signed force-directed layout: allies close, opponents far apart.

A Fruchterman-Reingold variant in which the sign of a relation changes the
force it exerts, so coalitions separate and opposing relations span the gap
between them (``networkx.spring_layout`` treats every edge as a spring, so
its opposing edges come out as short as its supportive ones):

* supportive (sign +1) relations attract with ``w * d^2 / k``, neutral
  (sign 0) ones the same with a small weight;
* opposing (sign -1) relations push their ends apart with ``R * w * (L - d)``
  while they are shorter than ``L`` (several ideal lengths ``k``), and
  do not attract at all, so opponents sit at the distance the rest of the
  graph gives them, but never close;
* every pair of nodes repels with ``k^2 / d`` (FR). Near pairs are exact over
  the ``neighbours`` nearest nodes (``scipy.spatial.cKDTree``); far pairs are
  approximated through a 16 x 16 grid of cell centroids weighted by their
  node counts, with the force softened over a cell's size so a node's own
  cell contributes smoothly. Per iteration this is O(n log n) for the tree
  plus O(256 n) for the grid, instead of FR's O(n^2);
* a linear gravity ``G (p - c)`` towards the centre (or the pinned nodes'
  centroid) balances the repulsion at a radius of about ``sqrt(n / G)``, so
  coalitions that only oppose each other, and unconnected nodes, stay in
  view instead of drifting apart.

Moves are capped by a temperature that cools linearly, as in FR. The run is
deterministic for a seed (numpy's ``default_rng``), pinned nodes never move,
and the result is in scene units, scaled so the median distance between
nearest neighbours is :data:`~.base.SPACING` units, which leaves room for
nodes about 160 x 60 (with pinned nodes the scale must be fixed before the
run instead, from the typical gap of a small map). The overlap removal pass
runs last.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

from .base import SPACING, Position, Progress, Sizes, edge_arrays, report, size_array
from .finish import finish

GRID = 16
NEIGHBOURS = 8
REFRESH = 5
OPPOSE_RANGE = 6.0  # L, in ideal lengths
OPPOSE_STRENGTH = 3.0  # R
GRAVITY = 0.5
TYPICAL_GAP = 0.75  # median nearest-neighbour distance of a settled small map, in ideal lengths


def default_iterations(n: int) -> int:
    """Enough iterations for small maps to settle, fewer for huge ones (each costs O(n log n))."""
    if n <= 200:
        return 300
    if n <= 2000:
        return 150
    return 100


def _far_field(pos: np.ndarray) -> np.ndarray:
    """Repulsion on every node from the GRID x GRID cell centroids, particle-mesh style.

    The field ``sum_c m_c (p - c) / (|p - c|^2 + s^2)`` (FR repulsion from each
    cell's centroid, weighted by its node count and softened by the cell
    diagonal ``s`` so a node's own cell contributes smoothly) is evaluated on
    the (GRID+1)^2 lattice of cell corners and interpolated bilinearly to the
    nodes: O(GRID^4 + n) per call instead of O(n^2).
    """
    lo = pos.min(axis=0)
    span = np.maximum(pos.max(axis=0) - lo, 1e-9)
    rel = (pos - lo) / span * GRID  # lattice coordinates in [0, GRID]
    cell = np.minimum(rel.astype(np.int64), GRID - 1)
    flat = cell[:, 0] * GRID + cell[:, 1]
    mass = np.bincount(flat, minlength=GRID * GRID).astype(np.float64)
    occupied = mass > 0
    m = mass[occupied]
    cx = np.bincount(flat, weights=pos[:, 0], minlength=GRID * GRID)[occupied] / m
    cy = np.bincount(flat, weights=pos[:, 1], minlength=GRID * GRID)[occupied] / m
    soft = float(np.sum((span / GRID) ** 2))
    ticks = np.arange(GRID + 1)
    lx = np.repeat(lo[0] + span[0] * ticks / GRID, GRID + 1)  # lattice point (a, b) at a * (GRID + 1) + b
    ly = np.tile(lo[1] + span[1] * ticks / GRID, GRID + 1)
    dx = lx[:, None] - cx[None, :]
    dy = ly[:, None] - cy[None, :]
    scale = m[None, :] / (dx * dx + dy * dy + soft)
    field = np.stack([(dx * scale).sum(axis=1), (dy * scale).sum(axis=1)], axis=1)
    field = field.reshape(GRID + 1, GRID + 1, 2)
    frac = rel - cell
    fx, fy = frac[:, 0:1], frac[:, 1:2]
    a, b = cell[:, 0], cell[:, 1]
    return (
        field[a, b] * (1 - fx) * (1 - fy)
        + field[a + 1, b] * fx * (1 - fy)
        + field[a, b + 1] * (1 - fx) * fy
        + field[a + 1, b + 1] * fx * fy
    )


def _neighbours(pos: np.ndarray, count: int) -> np.ndarray:
    k = min(count, len(pos) - 1)
    return cKDTree(pos, balanced_tree=False, compact_nodes=False).query(pos, k=k + 1)[1][:, 1:]


def _near_field(pos: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Exact FR repulsion from each node's listed nearest neighbours."""
    delta = pos[:, None, :] - pos[idx]
    d2 = np.maximum(np.einsum("ijk,ijk->ij", delta, delta), 1e-4)
    return np.einsum("ijk,ij->ik", delta, 1.0 / d2)


def _exact_repulsion(pos: np.ndarray) -> np.ndarray:
    delta = pos[:, None, :] - pos[None, :, :]
    d2 = np.maximum((delta**2).sum(axis=2), 1e-4)
    np.fill_diagonal(d2, np.inf)
    return (delta / d2[:, :, None]).sum(axis=1)


def _typical_gap(pos: np.ndarray) -> float:
    """Median distance from a node to its nearest neighbour (1 for fewer than two nodes)."""
    if len(pos) < 2:
        return 1.0
    gap = float(np.median(cKDTree(pos).query(pos, k=2)[0][:, 1]))
    return gap if gap > 1e-9 else 1.0


def signed_positions(
    n: int,
    u: np.ndarray,
    v: np.ndarray,
    sign: np.ndarray,
    weight: np.ndarray,
    *,
    start: np.ndarray | None = None,
    fixed: np.ndarray | None = None,
    iterations: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    exact_below: int = 300,
) -> np.ndarray:
    """The force simulation on index arrays, in units of the ideal edge length (k = 1).

    ``start`` gives initial positions (required for ``fixed`` nodes; others
    start at random in a square of side ``sqrt(n)`` around the fixed ones).
    Graphs smaller than ``exact_below`` use exact all-pairs repulsion.
    """
    rng = np.random.default_rng(seed)
    iterations = default_iterations(n) if iterations is None else iterations
    fixed = np.zeros(n, dtype=bool) if fixed is None else np.asarray(fixed, dtype=bool)
    side = max(1.0, np.sqrt(n))
    centre = start[fixed].mean(axis=0) if start is not None and fixed.any() else np.zeros(2)
    pos = centre + (rng.random((n, 2)) - 0.5) * side
    if start is not None:
        pos[fixed] = start[fixed]
    if n < 2:
        return pos
    free = ~fixed
    pos_edges, neg_edges = sign > 0, sign < 0
    neutral = sign == 0
    attract = np.where(pos_edges, weight, np.where(neutral, weight, 0.0))
    oppose = np.where(neg_edges, weight, 0.0)
    temperature = 0.1 * side
    cooling = temperature / (iterations + 1)
    for it in range(iterations):
        if n < exact_below:
            disp = _exact_repulsion(pos)
        else:
            if it % REFRESH == 0:  # neighbour sets change slowly: refresh them every few steps
                idx = _neighbours(pos, NEIGHBOURS)
            disp = _near_field(pos, idx) + _far_field(pos)
        if len(u):
            delta = pos[v] - pos[u]
            d = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-6)
            # positive: pull u towards v by w d^2 (i.e. delta/d * w d^2 = delta * w d)
            # negative: push apart by R w (L - d) while d < L
            f = attract * d - OPPOSE_STRENGTH * oppose * np.maximum(OPPOSE_RANGE - d, 0.0) / d
            fx, fy = delta[:, 0] * f, delta[:, 1] * f
            disp[:, 0] += np.bincount(u, weights=fx, minlength=n) - np.bincount(v, weights=fx, minlength=n)
            disp[:, 1] += np.bincount(u, weights=fy, minlength=n) - np.bincount(v, weights=fy, minlength=n)
        disp -= GRAVITY * (pos - centre)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        step = np.minimum(length, temperature) / length
        pos[free] += disp[free] * step[free, None]
        temperature -= cooling
        if it % 5 == 0:
            report(progress, 0.9 * (it + 1) / iterations)
    return pos


def signed_layout(
    graph: nx.Graph,
    positions: Mapping[Hashable, Position] | None = None,
    pinned: set[Hashable] | frozenset[Hashable] = frozenset(),
    *,
    sizes: Sizes | None = None,
    seed: int = 0,
    iterations: int | None = None,
    spacing: float = SPACING,
    progress: Progress | None = None,
    remove_overlap: bool = True,
) -> dict[Hashable, Position]:
    """Lay out a graph whose edges carry ``sign`` (+1/0/-1) and ``weight`` (0-1].

    ``positions`` are the current ones (scene units); pinned nodes keep theirs
    exactly and the others are placed around them. Without pinned nodes the
    result is centred where the nodes currently are.
    """
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    positions = positions or {}
    index = {node: i for i, node in enumerate(nodes)}
    u, v, sign, weight = edge_arrays(graph, index)
    fixed = np.array([node in pinned and node in positions for node in nodes], dtype=bool)
    current = np.array([positions.get(node, (0.0, 0.0)) for node in nodes], dtype=np.float64)
    start = current * TYPICAL_GAP / spacing
    pos = signed_positions(
        n, u, v, sign, weight, start=start, fixed=fixed, iterations=iterations, seed=seed, progress=progress
    )
    if fixed.any():
        # Pinned nodes fix the scale before the run, so use the gap maps of up to a few
        # hundred nodes typically come out with (0.7-1.1 ideal lengths).
        pos *= spacing / TYPICAL_GAP
    else:
        # Force layouts of big graphs are denser in the middle than the ideal length
        # suggests; scale so the typical gap between neighbouring nodes is ``spacing``.
        pos *= spacing / _typical_gap(pos)
    # pinned nodes fix the frame; without them the drawing is centred where the map is
    return finish(
        nodes,
        pos,
        positions,
        pinned,
        size_array(nodes, sizes),
        progress,
        centre=not fixed.any(),
        overlaps=remove_overlap,
    )
