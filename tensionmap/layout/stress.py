"""Stress majorization with signed ideal distances (Gansner, Koren and North 2004).

The drawing of a small map is the one whose distances best match ideal
distances between *every* pair of nodes: minimise

    stress(X) = sum_{i<j} w_ij (|x_i - x_j| - d_ij)^2,   w_ij = d_ij^-2,

by majorization (SMACOF): each step solves one linear system with the
weighted Laplacian and never increases the stress, so the result is
deterministic for a start and does not depend on step sizes or cooling as a
force simulation does. Graphviz neato uses the same method; with plain
graph distances its drawings have few crossings because every pair, not
only the related ones, wants its graph distance.

What makes it *signed* is the ideal distance:

* a supportive tie wants length 1, a neutral one :data:`NEUTRAL_LENGTH`, an
  opposing one :data:`OPPOSE_LENGTH`;
* other pairs get a graph distance read in the signed double cover (node
  ``v`` becomes ``v+`` and ``v-``; a supportive tie joins ``u+ v+`` and
  ``u- v-``, an opposing one ``u+ v-`` and ``u- v+``), so a shortest path
  from ``i+`` to ``j+`` is the shortest *balanced* path (allies: the enemy of
  an enemy, the friend of a friend) and one to ``j-`` the shortest
  *unbalanced* one (rivals). Allies want their balanced hop count; rivals
  their unbalanced hop count plus the extra length of one opposing tie, so
  the structural-balance camps come apart and the oppositions between them
  are the long lines across the gap;
* nodes in different components want the largest distance plus one.

Pinned nodes (``fixed``) do not move: their rows leave the system. An
``anchor`` weight adds ``anchor * |x_i - a_i|^2`` per node, which keeps an
incremental re-layout near the positions the room already knows.
"""

from __future__ import annotations

import numpy as np
from scipy import linalg
from scipy.sparse import coo_array
from scipy.sparse.csgraph import dijkstra

#: Ideal length of an opposing tie, in lengths of a supportive one.
OPPOSE_LENGTH = 2.6
#: Ideal length of a neutral (``related``, or cancelling) tie.
NEUTRAL_LENGTH = 1.4
#: Extra weight of a direct tie's own length over the pairs read from paths.
TIE_WEIGHT = 2.0
#: Extra ideal distance between nodes of rival camps.
CAMP_GAP = 1.0
TOLERANCE = 1e-4


def ideal_distances(
    n: int,
    u: np.ndarray,
    v: np.ndarray,
    sign: np.ndarray,
    sides: np.ndarray | None = None,
    *,
    oppose_length: float = OPPOSE_LENGTH,
    camp_gap: float = CAMP_GAP,
) -> tuple[np.ndarray, np.ndarray]:
    """(n x n ideal distances, n x n weights) for ties (u, v, sign), in supportive-tie lengths.

    ``sides`` (0 or 1 per node, -1 for neither) names the two camps: pairs
    across them want ``camp_gap`` more, so a straight line fits between.
    ``oppose_length`` is the ideal length of an opposing tie.
    """
    if n == 0:
        return np.zeros((0, 0)), np.zeros((0, 0))
    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    sign = np.asarray(sign, dtype=np.float64)
    keep = u != v
    u, v, sign = u[keep], v[keep], sign[keep]
    # The double cover: node i is i (its "+" copy) and i + n (its "-" copy).
    cross = sign < 0
    a = np.concatenate([u, u + n])
    b = np.concatenate([np.where(cross, v + n, v), np.where(cross, v, v + n)])
    hops = np.ones(len(a))
    if len(a):
        cover = coo_array((hops, (a, b)), shape=(2 * n, 2 * n)).tocsr()
        dist = dijkstra(cover, directed=False, indices=np.arange(n), unweighted=True)
    else:
        dist = np.full((n, 2 * n), np.inf)
        dist[np.arange(n), np.arange(n)] = 0.0
    balanced, unbalanced = dist[:, :n], dist[:, n:]
    ideal = np.where(balanced <= unbalanced, balanced, unbalanced + (oppose_length - 1.0))
    if sides is not None:
        sides = np.asarray(sides)
        across = (sides[:, None] != sides[None, :]) & (sides[:, None] >= 0) & (sides[None, :] >= 0)
        ideal = np.where(across, ideal + camp_gap, ideal)
    weights = np.ones((n, n))
    own = np.where(sign > 0, 1.0, np.where(sign < 0, oppose_length, NEUTRAL_LENGTH))
    ideal[u, v] = own
    ideal[v, u] = own
    weights[u, v] = TIE_WEIGHT
    weights[v, u] = TIE_WEIGHT
    finite = np.isfinite(ideal)
    far = float(ideal[finite].max()) + 1.0 if finite.any() else 1.0
    ideal = np.where(finite, ideal, far)
    weights = np.where(finite, weights, 0.25)
    np.fill_diagonal(ideal, 0.0)
    off = ~np.eye(n, dtype=bool)
    ideal[off] = np.maximum(ideal[off], 0.5)
    weights = np.where(off, weights / np.where(off, ideal, 1.0) ** 2, 0.0)
    return ideal, weights


def classical_mds(ideal: np.ndarray) -> np.ndarray:
    """Torgerson's classical scaling: a deterministic 2-d start, the least-squares fit of the distances."""
    n = len(ideal)
    if n < 3:
        return np.column_stack(
            [np.arange(n, dtype=np.float64) * (ideal.max() if n > 1 else 1.0), np.zeros(n)]
        )
    sq = ideal**2
    centred = -0.5 * (sq - sq.mean(axis=0) - sq.mean(axis=1)[:, None] + sq.mean())
    values, vectors = linalg.eigh(centred, subset_by_index=[n - 2, n - 1])
    coords = vectors * np.sqrt(np.maximum(values, 1e-9))
    # eigenvectors have arbitrary signs: fix them so the start is reproducible everywhere
    for k in range(2):
        pivot = int(np.argmax(np.abs(coords[:, k])))
        if coords[pivot, k] < 0:
            coords[:, k] = -coords[:, k]
    return coords[:, ::-1].copy()


def stress(pos: np.ndarray, ideal: np.ndarray, weights: np.ndarray) -> float:
    delta = pos[:, None, :] - pos[None, :, :]
    d = np.sqrt((delta**2).sum(axis=2))
    return float((np.triu(weights * (d - ideal) ** 2, k=1)).sum())


def majorize(
    pos: np.ndarray,
    ideal: np.ndarray,
    weights: np.ndarray,
    *,
    fixed: np.ndarray | None = None,
    anchor: float | np.ndarray = 0.0,
    anchors: np.ndarray | None = None,
    iterations: int = 300,
) -> np.ndarray:
    """SMACOF from ``pos`` (n x 2); returns the improved positions (``fixed`` rows unchanged)."""
    pos = np.array(pos, dtype=np.float64, copy=True)
    n = len(pos)
    if n < 2:
        return pos
    fixed = np.zeros(n, dtype=bool) if fixed is None else np.asarray(fixed, dtype=bool)
    free = ~fixed
    if not free.any():
        return pos
    anchor_w = np.broadcast_to(np.asarray(anchor, dtype=np.float64), (n,)).copy()
    anchors = pos.copy() if anchors is None else np.asarray(anchors, dtype=np.float64)
    laplacian = -weights.copy()
    np.fill_diagonal(laplacian, 0.0)
    np.fill_diagonal(laplacian, -laplacian.sum(axis=1))
    lff = laplacian[np.ix_(free, free)] + np.diag(anchor_w[free])
    grounded = fixed.any() or bool((anchor_w[free] > 0).any())
    if not grounded:
        # L is singular along the all-ones vector; B X has zero column sums, so solving with
        # L + 11^T/n gives the pseudo-inverse's answer (SMACOF's X = L^+ B X) by a Cholesky.
        lff = lff + 1.0 / n
    factor = linalg.cho_factor(lff)
    wd = weights * ideal
    last = np.inf
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        d = np.sqrt((delta**2).sum(axis=2))
        now = float(np.triu(weights * (d - ideal) ** 2, k=1).sum())
        if np.isfinite(last) and last - now <= TOLERANCE * max(last, 1e-12):
            break
        last = now
        with np.errstate(divide="ignore", invalid="ignore"):
            b = np.where(d > 1e-9, -wd / d, 0.0)
        np.fill_diagonal(b, 0.0)
        np.fill_diagonal(b, -b.sum(axis=1))
        rhs = (b @ pos)[free] + anchor_w[free, None] * anchors[free]
        if fixed.any():
            rhs -= laplacian[np.ix_(free, fixed)] @ pos[fixed]
        new = pos.copy()
        new[free] = linalg.cho_solve(factor, rhs)
        if not grounded:
            new -= new.mean(axis=0) - pos.mean(axis=0)
        pos = new
    return pos
