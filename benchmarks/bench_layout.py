"""Layout benchmark: the signed force-directed engine against networkx.spring_layout, in one run.

Run with ``python -m benchmarks.bench_layout`` from the repository root (or
``python benchmarks/bench_layout.py``); ``--quick`` skips the 5000-node graph.

For n = 500, 1000, 2000 and 5000 it builds a random signed graph with 3n
relations, 30 % of them opposing, and times ``signed_layout`` (the whole
engine: simulation, scaling and overlap removal) and ``nx.spring_layout``
with the same iteration count (50 by default). Both run in this process on
the same graph; ours is the best of three runs and networkx's the best of
two below 2000 nodes and a single run from 2000 (where one run takes from
15 s to over a minute), as timeit would.

Targets (exit status 1 if one is missed):

* speed ratio (networkx time / ours) >= 15 at 2000 nodes and >= 20 at 5000;
* growth of our time from 500 to 5000 nodes no faster than n^1.25;
* quality: mean length of opposing relations / mean length of supportive
  ones >= 2.0 on the highland tribes and on every random graph
  (spring_layout scores about 1.0, as it treats every relation as a spring);
* the exact frustration index of the highland tribes (7) in under a second.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tensionmap.analysis import load_signed_edgelist, structural_balance  # noqa: E402
from tensionmap.layout import layout_graph_of, rectangles_overlap, signed_layout  # noqa: E402

TRIBES = ROOT / "tests" / "data" / "highland-tribes.edges"
SIZES = (500, 1000, 2000, 5000)
SPEED_TARGETS = {2000: 15.0, 5000: 20.0}
GROWTH_LIMIT = 1.25
QUALITY_TARGET = 2.0
FRUSTRATION_SECONDS = 1.0


def random_signed_graph(n: int, seed: int = 0, negative: float = 0.3) -> nx.Graph:
    rng = np.random.default_rng(seed)
    g = nx.gnm_random_graph(n, 3 * n, seed=seed)
    for u, v in g.edges:
        g.edges[u, v]["sign"] = -1 if rng.random() < negative else 1
        g.edges[u, v]["weight"] = 1.0
    return g


def length_ratio(graph: nx.Graph, pos: dict) -> float:
    lengths: dict[int, list[float]] = {1: [], -1: []}
    for u, v, d in graph.edges(data=True):
        if d.get("sign", 1):
            lengths[d.get("sign", 1)].append(math.dist(pos[u], pos[v]))
    return float(np.mean(lengths[-1]) / np.mean(lengths[1]))


def best_time(fn, repeats: int) -> tuple[float, object]:
    best, result = math.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="skip the 5000-node graph")
    args = parser.parse_args(argv)
    sizes = [n for n in SIZES if not (args.quick and n == 5000)]
    failures: list[str] = []

    print(
        f"signed_layout vs networkx.spring_layout, {args.iterations} iterations, 3n relations, 30% opposing"
    )
    print(f"{'nodes':>6} {'ours s':>8} {'nx s':>8} {'ratio':>7} {'target':>7} {'quality':>8} {'nx qual':>8}")
    ours: dict[int, float] = {}
    for n in sizes:
        graph = random_signed_graph(n, seed=n)
        t_ours, pos = best_time(lambda g=graph: signed_layout(g, iterations=args.iterations), 3)
        t_nx, nx_pos = best_time(
            lambda g=graph: nx.spring_layout(g, iterations=args.iterations, seed=0), 1 if n >= 2000 else 2
        )
        ours[n] = t_ours
        ratio = t_nx / t_ours
        quality = length_ratio(graph, pos)
        nx_quality = length_ratio(graph, nx_pos)
        target = SPEED_TARGETS.get(n)
        shown = f">={target:g}" if target else ""
        print(
            f"{n:>6} {t_ours:>8.3f} {t_nx:>8.2f} {ratio:>6.1f}x {shown:>7} {quality:>8.2f} {nx_quality:>8.2f}"
        )
        if target and ratio < target:
            failures.append(f"speed at {n} nodes: {ratio:.1f}x < {target}x")
        if quality < QUALITY_TARGET:
            failures.append(f"quality at {n} nodes: {quality:.2f} < {QUALITY_TARGET}")
        if rectangles_overlap(pos):
            failures.append(f"overlapping nodes at {n} nodes")

    lo, hi = min(ours), max(ours)
    growth = math.log(ours[hi] / ours[lo]) / math.log(hi / lo)
    xs = np.log(list(ours))
    fit = float(np.polyfit(xs, np.log(list(ours.values())), 1)[0])
    print(f"growth exponent {lo}->{hi}: {growth:.2f} (least-squares fit {fit:.2f}; limit {GROWTH_LIMIT})")
    if growth > GROWTH_LIMIT:
        failures.append(f"growth exponent {growth:.2f} > {GROWTH_LIMIT}")

    tribes = layout_graph_of(load_signed_edgelist(TRIBES))
    quality = length_ratio(tribes, signed_layout(tribes, seed=0))
    nx_quality = length_ratio(tribes, nx.spring_layout(tribes, seed=0))
    print(
        f"highland tribes quality: {quality:.2f} (spring_layout {nx_quality:.2f}; target >= {QUALITY_TARGET})"
    )
    if quality < QUALITY_TARGET:
        failures.append(f"tribes quality {quality:.2f} < {QUALITY_TARGET}")

    raw = load_signed_edgelist(TRIBES)
    seconds, result = best_time(lambda: structural_balance(raw), 1)
    print(
        f"highland tribes frustration index: {result.frustration_index} exact={result.exact}"
        f" in {seconds:.3f} s (target 7, exact, < {FRUSTRATION_SECONDS} s)"
    )
    if result.frustration_index != 7 or not result.exact or seconds >= FRUSTRATION_SECONDS:
        failures.append("highland tribes frustration index")

    if failures:
        print("MISSED: " + "; ".join(failures))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
