"""Analysis benchmark: exact structural balance and the full analysis on maps of growing size.

Run with ``python -m benchmarks.bench_analysis`` from the repository root.

* The highland tribes (16 nodes, 58 relations): frustration index 7, proved
  exact, in under a second.
* 20 random signed graphs with 150 relations (30 % negative, 30-100 nodes):
  every one proved exact, each within 5 seconds.
* ``analyze`` on random workspaces (a third stakeholders, relations between
  random pairs) of 50, 200 and 1000 nodes: the time is printed, and the
  exact solver hands over to the heuristic (reported ``exact: false`` with a
  lower bound) above its edge limit.

Exit status 1 if a target is missed.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tensionmap.analysis import analyze, load_signed_edgelist, structural_balance  # noqa: E402
from tensionmap.model import RELATION_SIGNS, Node, Relation, Workspace  # noqa: E402

TRIBES = ROOT / "tests" / "data" / "highland-tribes.edges"


def random_signed_graph(n: int, m: int, seed: int, negative: float = 0.3) -> nx.Graph:
    rng = np.random.default_rng(seed)
    g = nx.gnm_random_graph(n, m, seed=seed)
    for u, v in g.edges:
        g.edges[u, v]["sign"] = -1 if rng.random() < negative else 1
    return g


def random_workspace(nodes: int, relations: int, seed: int = 1) -> Workspace:
    rng = random.Random(seed)
    ws = Workspace("bench")
    ids = [f"n{i}" for i in range(nodes)]
    for i, key in enumerate(ids):
        ws.add_node(Node(id=key, kind="stakeholder" if i % 3 == 0 else "driver", label=f"Node {i}"))
    types = [t for t in RELATION_SIGNS if t != "related"]
    seen: set[frozenset[str]] = set()
    while len(seen) < relations:
        a, b = rng.sample(ids, 2)
        if frozenset((a, b)) in seen:
            continue
        seen.add(frozenset((a, b)))
        ws.add_relation(
            Relation(
                id=f"r{len(seen)}", source=a, target=b, type=rng.choice(types), strength=rng.randint(1, 5)
            )
        )
    return ws


def main() -> int:
    failures: list[str] = []
    start = time.perf_counter()
    tribes = structural_balance(load_signed_edgelist(TRIBES))
    seconds = time.perf_counter() - start
    print(
        f"highland tribes: frustration {tribes.frustration_index}, exact={tribes.exact},"
        f" {tribes.triangles} triangles ({tribes.unbalanced_triangles} unbalanced), {seconds:.3f} s"
    )
    if tribes.frustration_index != 7 or not tribes.exact or seconds >= 1.0:
        failures.append("highland tribes")

    times, proved = [], 0
    for seed in range(20):
        g = random_signed_graph(30 + (seed % 8) * 10, 150, seed)
        t0 = time.perf_counter()
        result = structural_balance(g)
        times.append(time.perf_counter() - t0)
        proved += result.exact
    print(
        f"150 relations x 20 graphs: {proved}/20 exact, median {statistics.median(times):.2f} s,"
        f" max {max(times):.2f} s"
    )
    if proved < 20 or max(times) > 5.0:
        failures.append("150-relation graphs")

    for nodes in (50, 200, 1000):
        ws = random_workspace(nodes, 3 * nodes)
        t0 = time.perf_counter()
        result = analyze(ws)
        t = time.perf_counter() - t0
        b = result.balance
        print(
            f"analyze {nodes} nodes / {3 * nodes} relations: {t:.2f} s, {len(result.tensions)} tensions,"
            f" {len(result.alliances)} alliances, frustration {b.frustration_index}"
            f" ({'exact' if b.exact else f'heuristic, >= {b.lower_bound}'})"
        )

    if failures:
        print("MISSED: " + ", ".join(failures))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
