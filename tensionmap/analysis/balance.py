"""Structural balance of a signed graph (Heider; Cartwright and Harary).

A signed graph is *balanced* when its nodes split into two coalitions with
every positive tie inside a coalition and every negative tie across. The
*frustration index* is the fewest edges whose removal (equivalently, sign
flip) makes the graph balanced; the split attaining it names the two
coalitions of the map and the frustrated edges are the ties that do not fit.

Computing it is NP-hard, but maps are small, so:

* up to ``exact_limit`` edges (default 300) it is solved exactly as a binary
  program with ``scipy.optimize.milp`` (HiGHS): a side variable ``x_i`` per
  node and a frustration variable ``f_ij`` per edge with ``f >= x_i - x_j`` and
  ``f >= x_j - x_i`` for a positive edge, ``f >= x_i + x_j - 1`` and
  ``f >= 1 - x_i - x_j`` for a negative one, minimising ``sum f``. One node per
  connected component is fixed to side 0 to break the symmetry. Before that,
  exact reductions (see ``_Kernel``) peel off nodes with one or two ties and
  merge the ties they leave into weighted ones, so the program only sees the
  dense core; sparse maps (weak LP relaxations, the slow case) shrink most.
  The LP relaxation is tightened with triangle cuts and rounds of
  unbalanced-cycle cuts; when its bound meets the value of a quick heuristic
  solution, that solution is proved optimal without branching (random signed
  graphs with 150 edges take well under a second). If the time
  limit stops HiGHS before optimality is proved the answer is reported with
  ``exact=False`` (and the better of its incumbent and the heuristic is kept);
* above the limit a heuristic is used (``exact=False``, unless the LP
  bound below happens to meet its value): a spectral start
  (signs of the leading eigenvector of the signed adjacency matrix, by
  power iteration) and
  random starts, each improved by greedy single-node moves, then perturbed
  and re-improved for a number of restarts, keeping the best.

A ``lower_bound`` is always reported: the optimum when exact, otherwise the
largest of the LP-with-cuts bound (computed within the time limit for up to
``BOUND_EDGE_LIMIT`` edges), the MILP dual bound (when HiGHS branched) and the
number of edge-disjoint unbalanced triangles found greedily (each needs at
least one frustrated edge).
Nodes without any signed tie belong to neither coalition. On a workspace the
graph is :func:`~tensionmap.analysis.graph.signed_graph`, so the index counts
ties between node pairs (parallel relations folded into one), and the
frustrated relations are the relations that give each frustrated tie its sign.
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components, dijkstra

EXACT_EDGE_LIMIT = 300
BOUND_EDGE_LIMIT = 5_000  # above this, only the triangle bound is computed
MAX_SOURCES = 400  # shortest-path sources per round of cycle cuts
TIME_LIMIT = 5.0


@dataclass(frozen=True)
class BalanceResult:
    """Triangle census and frustration of a signed graph."""

    triangles: int
    unbalanced_triangles: int
    frustration_index: int
    exact: bool
    lower_bound: int
    coalitions: tuple[tuple[str, ...], tuple[str, ...]]
    frustrated_edges: tuple[tuple[str, str], ...]
    frustrated_relations: tuple[str, ...]
    method: str  # "none" (no edges), "milp" or "heuristic"
    seconds: float = field(default=0.0, compare=False)

    @property
    def balanced(self) -> bool:
        return self.frustration_index == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "triangles": self.triangles,
            "unbalanced_triangles": self.unbalanced_triangles,
            "frustration_index": self.frustration_index,
            "exact": self.exact,
            "lower_bound": self.lower_bound,
            "method": self.method,
            "coalitions": [list(self.coalitions[0]), list(self.coalitions[1])],
            "frustrated_relations": list(self.frustrated_relations),
        }


# --------------------------------------------------------------------- triangles
def _node_order(graph: nx.Graph) -> dict[Any, int]:
    return {n: i for i, n in enumerate(sorted(graph, key=str))}


def signed_triangles(graph: nx.Graph) -> list[tuple[Any, Any, Any, int]]:
    """Every triangle once, as (u, v, w, product of the three signs)."""
    order = _node_order(graph)
    out: list[tuple[Any, Any, Any, int]] = []
    for u in graph:
        nu = {v for v in graph[u] if order[v] > order[u]}
        for v in nu:
            for w in graph[v]:
                if order[w] > order[v] and w in nu:
                    s = graph.edges[u, v]["sign"] * graph.edges[v, w]["sign"] * graph.edges[u, w]["sign"]
                    out.append((u, v, w, s))
    return out


def triangle_census(graph: nx.Graph) -> tuple[int, int]:
    """(triangles, unbalanced triangles); unbalanced = odd number of negative edges."""
    tris = signed_triangles(graph)
    return len(tris), sum(1 for t in tris if t[3] < 0)


def disjoint_unbalanced_triangles(graph: nx.Graph) -> int:
    """A greedy count of edge-disjoint unbalanced triangles: a lower bound on the frustration index."""
    used: set[frozenset[Any]] = set()
    count = 0
    for u, v, w, s in signed_triangles(graph):
        if s > 0:
            continue
        edges = (frozenset((u, v)), frozenset((v, w)), frozenset((u, w)))
        if any(e in used for e in edges):
            continue
        used.update(edges)
        count += 1
    return count


# ------------------------------------------------------------------- frustration
@dataclass
class _Signed:
    """A signed graph as index arrays: nodes with at least one tie, edges ``rows[k] < cols[k]``."""

    nodes: list[Any]
    rows: np.ndarray
    cols: np.ndarray
    signs: np.ndarray

    @classmethod
    def of(cls, graph: nx.Graph) -> _Signed:
        nodes = sorted((n for n in graph if graph.degree(n) > 0), key=str)
        index = {n: i for i, n in enumerate(nodes)}
        edges = sorted(
            (min(index[u], index[v]), max(index[u], index[v]), int(d["sign"]))
            for u, v, d in graph.edges(data=True)
        )
        arr = np.array(edges, dtype=np.int64).reshape(-1, 3)
        return cls(nodes, arr[:, 0].copy(), arr[:, 1].copy(), arr[:, 2].copy())

    def frustrated(self, side: np.ndarray) -> np.ndarray:
        across = side[self.rows] != side[self.cols]
        return np.where(self.signs > 0, across, ~across)

    def components(self) -> tuple[int, np.ndarray]:
        n = len(self.nodes)
        adj = sparse.coo_array((np.ones(len(self.rows)), (self.rows, self.cols)), shape=(n, n))
        return connected_components(adj, directed=False)


@dataclass
class _Kernel:
    """What is left after exact reductions, and how to undo them.

    Reductions (each keeps the optimum): a node with one tie is removed (its
    tie can always be satisfied); a node with two ties u-z-v is replaced by a
    tie u-v of sign ``s1*s2`` and weight ``min(w1, w2)`` (the path is frustrated
    iff that tie is); parallel ties merge: same sign adds weights, opposite
    signs pay ``min(w1, w2)`` for sure (``offset``) and keep the difference.
    Sparse maps, which are the slow ones for the MILP, shrink a lot.
    """

    adj: dict[int, dict[int, list[int]]]  # node -> neighbour -> [weight, sign]
    offset: int
    removed: list[tuple[int, list[tuple[int, int, int]]]]  # (node, [(neighbour, weight, sign)])


def _reduce(sg: _Signed) -> _Kernel:
    adj: dict[int, dict[int, list[int]]] = {i: {} for i in range(len(sg.nodes))}
    for u, v, s in zip(sg.rows.tolist(), sg.cols.tolist(), sg.signs.tolist(), strict=True):
        adj[u][v] = [1, s]
        adj[v][u] = adj[u][v]
    offset = 0
    removed: list[tuple[int, list[tuple[int, int, int]]]] = []
    queue = deque(i for i in adj if len(adj[i]) <= 2)
    while queue:
        z = queue.popleft()
        if z not in adj or len(adj[z]) > 2:
            continue
        ties = [(v, w, s) for v, (w, s) in adj[z].items()]
        removed.append((z, ties))
        for v, _, _ in ties:
            del adj[v][z]
        del adj[z]
        if len(ties) == 2:
            (u, w1, s1), (v, w2, s2) = ties
            w, s = min(w1, w2), s1 * s2
            old = adj[u].get(v)
            if old is None:
                adj[u][v] = [w, s]
                adj[v][u] = adj[u][v]
            elif old[1] == s:
                old[0] += w
            else:
                offset += min(old[0], w)
                rest = old[0] - w
                if rest == 0:
                    del adj[u][v], adj[v][u]
                else:
                    old[0], old[1] = abs(rest), old[1] if rest > 0 else s
        queue.extend(v for v, _, _ in ties if len(adj[v]) <= 2)
    return _Kernel(adj, offset, removed)


def _lift(kernel: _Kernel, side: np.ndarray) -> None:
    """Give every removed node its best side, in reverse order of removal (in place)."""
    for z, ties in reversed(kernel.removed):
        cost0 = sum(w for v, w, s in ties if (side[v] != 0) == (s > 0))
        cost1 = sum(w for v, w, s in ties if (side[v] != 1) == (s > 0))
        side[z] = 1 if cost1 < cost0 else 0


def _triangle_cuts(edges: list[tuple[int, int, int, int]], k: int) -> tuple[sparse.csr_array, np.ndarray]:
    """Valid inequalities from triangles, which tighten the LP relaxation.

    An unbalanced triangle has an odd number of frustrated edges, so
    ``f_a + f_b + f_c >= 1``; a balanced one has an even number, so
    ``f_a <= f_b + f_c`` for each of its edges.
    """
    eid: dict[tuple[int, int], int] = {}
    nbrs: dict[int, set[int]] = {}
    sign: dict[int, int] = {}
    for e, (i, j, _, s) in enumerate(edges):
        eid[i, j] = e
        sign[e] = s
        nbrs.setdefault(i, set()).add(j)
        nbrs.setdefault(j, set()).add(i)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    ub: list[float] = []
    for (i, j), e_ij in eid.items():
        for w in nbrs[i] & nbrs[j]:
            if w <= j:
                continue
            tri = (e_ij, eid[i, w], eid[j, w])
            if sign[tri[0]] * sign[tri[1]] * sign[tri[2]] < 0:
                r = len(ub)
                rows += [r, r, r]
                cols += [k + t for t in tri]
                vals += [-1.0, -1.0, -1.0]
                ub.append(-1.0)
            else:
                for lead in range(3):
                    r = len(ub)
                    rows += [r, r, r]
                    cols += [k + tri[lead], k + tri[(lead + 1) % 3], k + tri[(lead + 2) % 3]]
                    vals += [1.0, -1.0, -1.0]
                    ub.append(0.0)
    shape = (len(ub), k + len(edges))
    return sparse.csr_array((vals, (rows, cols)), shape=shape), np.array(ub)


def _cycle_cuts(
    ei: np.ndarray, ej: np.ndarray, pos: np.ndarray, f: np.ndarray, k: int, limit: int
) -> list[list[int]]:
    """Unbalanced cycles whose ``sum f`` is below 1 in an LP solution (Barahona's separation).

    In the signed double cover (node i becomes i+ and i-; a positive tie joins
    equal copies, a negative one opposite copies) a path from i+ to i- is a
    closed walk through i with an odd number of negative ties, which contains an
    unbalanced cycle, so ``sum f >= 1`` over its edges is a valid cut. The
    shortest such walks, with the LP's f as lengths, are the most violated.
    """
    m = len(ei)
    rows = np.concatenate([ei, ei + k, np.where(pos, ej, ej + k), np.where(pos, ej + k, ej)])
    cols = np.concatenate([np.where(pos, ej, ej + k), np.where(pos, ej + k, ej), ei, ei + k])
    lengths = np.tile(np.maximum(f, 0.0) + 1e-7, 4)
    graph = sparse.csr_array((lengths, (rows, cols)), shape=(2 * k, 2 * k))
    edge_of = {}
    for e in range(m):
        for a, b in zip(rows[e::m], cols[e::m], strict=True):
            edge_of[int(a), int(b)] = e
    sources = np.arange(k) if k <= MAX_SOURCES else np.unique(np.linspace(0, k - 1, MAX_SOURCES).astype(int))
    dist, pred = dijkstra(graph, directed=True, indices=sources, return_predecessors=True)
    rows_of = np.arange(len(sources))
    closing = dist[rows_of, sources + k]
    cuts: dict[frozenset[int], list[int]] = {}
    for r in np.argsort(closing):
        if closing[r] >= 1.0 - 1e-6 or len(cuts) >= limit:
            break
        i = int(sources[r])
        walk: list[int] = []
        node = i + k
        while node != i:
            prev = int(pred[r, node])
            walk.append(edge_of[prev, node])
            node = prev
        cuts.setdefault(frozenset(walk), walk)
    return list(cuts.values())


def _milp(
    kernel: _Kernel, n: int, time_limit: float, incumbent: int | None = None, *, branch: bool = True
) -> tuple[np.ndarray | None, bool, float]:
    """Solve the kernel exactly: (sides of all n nodes, proved optimal, lower bound on the whole graph).

    The LP relaxation is first tightened with triangle and unbalanced-cycle
    cuts. If its bound already reaches ``incumbent`` (the value of a known
    solution, e.g. the heuristic's) that solution is optimal and ``None`` is
    returned for the sides with ``optimal=True``; otherwise HiGHS branches
    (unless ``branch`` is False: then only the bound is computed).
    """
    side = np.zeros(n, dtype=np.int8)
    keep = sorted(kernel.adj)
    if not keep:
        _lift(kernel, side)
        return side, True, float(kernel.offset)
    deadline = time.perf_counter() + time_limit
    index = {v: i for i, v in enumerate(keep)}
    edges = [(index[u], index[v], w, s) for u in keep for v, (w, s) in kernel.adj[u].items() if u < v]
    k, m = len(keep), len(edges)
    arr = np.array(edges, dtype=np.int64).reshape(-1, 4)
    ei, ej, weight, pos = arr[:, 0], arr[:, 1], arr[:, 2].astype(np.float64), arr[:, 3] > 0
    e = np.arange(m)
    # Two rows per edge (2e, 2e+1); columns x_0..x_{k-1} then f_0..f_{m-1}.
    # positive: x_i - x_j - f <= 0 and x_j - x_i - f <= 0
    # negative: x_i + x_j - f <= 1 and -x_i - x_j - f <= -1
    one = np.ones(m)
    r = np.concatenate([2 * e, 2 * e, 2 * e, 2 * e + 1, 2 * e + 1, 2 * e + 1])
    c = np.concatenate([ei, ej, k + e, ei, ej, k + e])
    v = np.concatenate([one, np.where(pos, -1.0, 1.0), -one, -one, np.where(pos, 1.0, -1.0), -one])
    blocks = [sparse.csr_array((v, (r, c)), shape=(2 * m, k + m))]
    ub = [np.empty(2 * m)]
    ub[0][0::2] = np.where(pos, 0.0, 1.0)
    ub[0][1::2] = np.where(pos, 0.0, -1.0)
    cuts, cut_ub = _triangle_cuts(edges, k)
    if cuts.shape[0]:
        blocks.append(cuts)
        ub.append(cut_ub)
    upper = np.ones(k + m)
    # Symmetry: the first node of each component of the kernel sits on side 0.
    _, labels = connected_components(sparse.coo_array((one, (ei, ej)), shape=(k, k)), directed=False)
    _, first = np.unique(labels, return_index=True)
    upper[first] = 0.0
    cost = np.concatenate([np.zeros(k), weight])
    bounds = Bounds(np.zeros(k + m), upper)

    def solve(integral: bool, limit: float) -> Any:
        return milp(
            cost,
            constraints=LinearConstraint(sparse.vstack(blocks, format="csr"), -np.inf, np.concatenate(ub)),
            integrality=np.concatenate([np.ones(k) if integral else np.zeros(k), np.zeros(m)]),
            bounds=bounds,
            options={"time_limit": max(0.05, limit), "disp": False},
        )

    lp_bound = 0.0
    for _ in range(30):  # cutting-plane rounds on the LP relaxation
        if time.perf_counter() > deadline - (0.5 * time_limit if branch else 0.0):
            break
        lp = solve(False, deadline - time.perf_counter())
        if lp.x is None:
            break
        lp_bound = max(lp_bound, float(lp.fun))
        if incumbent is not None and kernel.offset + math.ceil(lp_bound - 1e-6) >= incumbent:
            return None, True, float(incumbent)
        found = _cycle_cuts(ei, ej, pos, lp.x[k:], k, limit=max(20, k))
        if not found:
            break
        rows = np.repeat(np.arange(len(found)), [len(w) for w in found])
        cols = k + np.concatenate([np.array(w) for w in found])
        blocks.append(sparse.csr_array((np.full(len(cols), -1.0), (rows, cols)), shape=(len(found), k + m)))
        ub.append(np.full(len(found), -1.0))
    if not branch:
        return None, False, kernel.offset + lp_bound
    res = solve(True, deadline - time.perf_counter())
    bound = max(lp_bound, float(getattr(res, "mip_dual_bound", None) or 0.0))
    if res.x is None:
        return None, False, kernel.offset + bound
    optimal = res.status == 0
    if optimal:
        bound = float(round(res.fun))
    side[keep] = (res.x[:k] > 0.5).astype(np.int8)
    _lift(kernel, side)
    return side, optimal, kernel.offset + bound


def _local_search(adj: sparse.csr_array, spins: np.ndarray) -> np.ndarray:
    """Greedy single-node flips until none lowers the frustration.

    Flipping node i changes the frustration by ``s_i * (A s)_i``, so nodes with
    more frustrated than satisfied ties are flipped, the worst first.
    """
    s = spins.astype(np.float64).copy()
    h = adj @ s
    indptr, indices, data = adj.indptr, adj.indices, adj.data
    while True:
        gain = s * h
        i = int(np.argmin(gain))
        if gain[i] >= 0:
            return s
        s[i] = -s[i]
        lo, hi = indptr[i], indptr[i + 1]
        h[indices[lo:hi]] += 2.0 * s[i] * data[lo:hi]


def _leading_vector(adj: sparse.csr_array, steps: int = 200) -> np.ndarray:
    """Approximate leading eigenvector of the signed adjacency matrix by shifted power iteration.

    Its signs split the graph the way a spectral bisection would. Sparse
    products only: dense eigensolvers are needlessly slow here, and erratic
    when BLAS threads compete with other work.
    """
    n = adj.shape[0]
    shift = float(np.abs(adj).sum(axis=1).max()) if n else 0.0
    vec = np.linspace(1.0, 2.0, n)  # deterministic, not orthogonal to anything in particular
    for _ in range(steps):
        nxt = adj @ vec + shift * vec
        norm = float(np.linalg.norm(nxt))
        if norm == 0.0:
            break
        vec = nxt / norm
    return vec


def _heuristic(sg: _Signed, restarts: int, seed: int, deadline: float) -> np.ndarray:
    """Spectral and random starts, greedy descent, then perturb-and-descend restarts."""
    n = len(sg.nodes)
    adj = sparse.csr_array(
        (
            np.concatenate([sg.signs, sg.signs]).astype(np.float64),
            (np.concatenate([sg.rows, sg.cols]), np.concatenate([sg.cols, sg.rows])),
        ),
        shape=(n, n),
    )
    rng = np.random.default_rng(seed)

    def cost(s: np.ndarray) -> int:
        return int(np.sum(sg.signs * s[sg.rows] * s[sg.cols] < 0))

    starts = [np.where(_leading_vector(adj) >= 0, 1.0, -1.0)]
    starts.append(np.ones(n))
    starts.extend(rng.choice([-1.0, 1.0], size=n) for _ in range(3))
    best = min((_local_search(adj, s) for s in starts), key=cost)
    best_cost = cost(best)
    flip = max(1, n // 10)
    for _ in range(restarts):
        if best_cost == 0 or time.perf_counter() > deadline:
            break
        s = best.copy()
        s[rng.choice(n, size=flip, replace=False)] *= -1
        s = _local_search(adj, s)
        c = cost(s)
        if c <= best_cost:
            best, best_cost = s, c
    return (best < 0).astype(np.int8)


def frustration(
    graph: nx.Graph,
    *,
    exact_limit: int = EXACT_EDGE_LIMIT,
    time_limit: float = TIME_LIMIT,
    restarts: int = 200,
    seed: int = 0,
) -> tuple[int, bool, int, dict[Any, int], list[tuple[Any, Any]], str]:
    """Frustration index of a graph with a ``sign`` edge attribute.

    Returns ``(index, exact, lower_bound, side, frustrated_edges, method)``
    where ``side`` maps every node with a signed tie to 0 or 1 (in each
    connected component the larger side is 0; on a tie, the side of the
    component's first node).
    """
    sg = _Signed.of(graph)
    n, m = len(sg.nodes), len(sg.rows)
    if m == 0:
        return 0, True, 0, {}, [], "none"
    start = time.perf_counter()
    method = "milp" if m <= exact_limit else "heuristic"
    side: np.ndarray | None = None
    exact = False
    bound = 0.0
    if method == "milp":
        # A quick heuristic first: its value lets the LP bound prove optimality without branching.
        guess = _heuristic(sg, min(restarts, 30), seed, start + 0.2 * time_limit)
        guess_value = int(sg.frustrated(guess).sum())
        side, exact, bound = _milp(_reduce(sg), n, time_limit - (time.perf_counter() - start), guess_value)
        if side is None or sg.frustrated(guess).sum() <= sg.frustrated(side).sum():
            side = guess
        if exact and int(sg.frustrated(side).sum()) != round(bound):
            exact = False  # cannot happen if the reductions are right; never claim what is not shown
    else:
        side = _heuristic(sg, restarts, seed, start + 0.3 * time_limit)
        if m <= BOUND_EDGE_LIMIT:
            # The LP relaxation with cuts bounds the optimum from below, and proves the
            # heuristic optimal when the two meet.
            value = int(sg.frustrated(side).sum())
            _, exact, bound = _milp(_reduce(sg), n, 0.3 * time_limit, value, branch=False)
    assert side is not None
    mask = sg.frustrated(side)
    index = int(mask.sum())
    if exact:
        lower = index
    else:
        lower = min(index, max(math.ceil(bound - 1e-6), disjoint_unbalanced_triangles(graph)))
    count, labels = sg.components()
    for comp in range(count):
        members = np.flatnonzero(labels == comp)
        ones = int(side[members].sum())
        if 2 * ones > len(members) or (2 * ones == len(members) and side[members[0]] == 1):
            side[members] = 1 - side[members]
    sides = {node: int(s) for node, s in zip(sg.nodes, side, strict=True)}
    frustrated = [(sg.nodes[i], sg.nodes[j]) for i, j in zip(sg.rows[mask], sg.cols[mask], strict=True)]
    return index, exact, lower, sides, frustrated, method


def structural_balance(
    graph: nx.Graph,
    *,
    exact_limit: int = EXACT_EDGE_LIMIT,
    time_limit: float = TIME_LIMIT,
    seed: int = 0,
) -> BalanceResult:
    """Triangle census, frustration index, coalitions and frustrated relations of a signed graph.

    Works on :func:`signed_graph` output (edges carry ``agreeing`` relation
    ids, reported as ``frustrated_relations``: the relations that give a
    frustrated tie its sign) and on plain graphs with only a ``sign``.
    """
    start = time.perf_counter()
    triangles, unbalanced = triangle_census(graph)
    index, exact, lower, side, frustrated, method = frustration(
        graph, exact_limit=exact_limit, time_limit=time_limit, seed=seed
    )
    first = tuple(sorted((n for n, s in side.items() if s == 0), key=str))
    second = tuple(sorted((n for n, s in side.items() if s == 1), key=str))
    relations: list[str] = []
    for u, v in frustrated:
        relations.extend(graph.edges[u, v].get("agreeing", ()))
    return BalanceResult(
        triangles=triangles,
        unbalanced_triangles=unbalanced,
        frustration_index=index,
        exact=exact,
        lower_bound=lower,
        coalitions=(first, second),
        frustrated_edges=tuple(frustrated),
        frustrated_relations=tuple(sorted(relations)),
        method=method,
        seconds=time.perf_counter() - start,
    )
