"""The two camps a signed layout keeps apart, when the caller does not name them.

The camps of a map are the two coalitions of its structural balance: the
split of the nodes that leaves the fewest ties frustrated (supportive ties
across, opposing ties inside). The analysis layer computes them exactly
(``tensionmap.analysis.structural_balance``) and callers that have them pass
them to the layout (``run_layout(..., camps=...)``; the CLI does). The layout
package may not import the analysis layer (layers never import sideways), so
without them it uses this quick estimate, which is enough to steer a
drawing: the signs of the leading eigenvector of the signed adjacency matrix
(the spectral start of the balance heuristic), then single-node flips while
one lowers the frustrated weight, kept from a few deterministic restarts.
"""

from __future__ import annotations

import numpy as np

RESTARTS = 4


def _improve(adj: np.ndarray, spins: np.ndarray) -> np.ndarray:
    """Flip single nodes (spins +-1) while a flip lowers the frustrated weight."""
    spins = spins.copy()
    for _ in range(4 * len(spins)):
        # node i's frustrated weight is sum_j (|A_ij| - A_ij s_i s_j) / 2; a flip changes it by s_i (A s)_i
        gain = spins * (adj @ spins)
        worst = int(np.argmin(gain))
        if gain[worst] >= 0:
            break
        spins[worst] = -spins[worst]
    return spins


def coalition_sides(n: int, u: np.ndarray, v: np.ndarray, sign: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Side 0 or 1 of every node, or -1 for nodes without a signed tie."""
    sides = np.full(n, -1, dtype=np.int64)
    adj = np.zeros((n, n))
    for a, b, s, w in zip(u.tolist(), v.tolist(), sign.tolist(), weight.tolist(), strict=True):
        if a != b and s != 0:
            adj[a, b] += s * w
            adj[b, a] += s * w
    tied = np.abs(adj).sum(axis=1) > 0
    if not tied.any():
        return sides
    sub = adj[np.ix_(tied, tied)]
    _, vectors = np.linalg.eigh(sub)
    lead = vectors[:, -1]
    starts = [np.where(lead >= 0, 1.0, -1.0)]
    rng = np.random.default_rng(0)
    starts += [rng.choice([-1.0, 1.0], size=len(sub)) for _ in range(RESTARTS)]

    def frustrated(s: np.ndarray) -> float:
        return float((np.abs(sub) - sub * np.outer(s, s)).sum())

    best = min((_improve(sub, s) for s in starts), key=frustrated)
    if best[0] < 0:  # name the side of the first tied node 0, as the analysis does
        best = -best
    sides[tied] = (best < 0).astype(np.int64)
    return sides
