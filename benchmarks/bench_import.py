"""Time our GraphML import against networkx on the same 5000-node / 15000-relation file.

Run from the repository root::

    python -m benchmarks.bench_import            # exits 1 if we are more than 2x slower
    python -m benchmarks.bench_import --nodes 20000 --relations 60000 --repeat 5

The file is written by our own exporter (plain keys plus yEd graphics), so
both readers parse the same realistic document. Each reader is timed best of
``--repeat`` runs in the same process.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from tensionmap.interchange import read_graphml, write_graphml
from tensionmap.model import HORIZONS, RELATION_SIGNS, Node, Relation, Workspace, new_id

MAX_RATIO = 2.0


def build_workspace(nodes: int, relations: int, seed: int = 5) -> Workspace:
    rng = random.Random(seed)
    ws = Workspace(title="Benchmark")
    ids = []
    for i in range(nodes):
        node = Node(
            id=new_id(),
            kind="stakeholder" if i % 3 else "driver",
            label=f"Node {i}",
            description="A stakeholder with a view" if i % 5 == 0 else "",
            group=f"group {i % 12}",
            tags=("alpha", "beta") if i % 4 == 0 else (),
            x=rng.uniform(-5000, 5000),
            y=rng.uniform(-5000, 5000),
            power=rng.randint(1, 5),
            interest=rng.randint(1, 5),
        )
        ws.add("nodes", node)
        ids.append(node.id)
    types = list(RELATION_SIGNS)
    for _ in range(relations):
        source, target = rng.sample(ids, 2)
        ws.add(
            "relations",
            Relation(
                id=new_id(),
                source=source,
                target=target,
                type=rng.choice(types),
                strength=rng.randint(1, 5),
                horizon=rng.choice(HORIZONS),
                note="because" if rng.random() < 0.1 else "",
            ),
        )
    return ws


def best_of(repeat: int, func) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--relations", type=int, default=15000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    ws = build_workspace(args.nodes, args.relations)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.graphml"
        write_graphml(ws, path)
        size = path.stat().st_size
        ours = best_of(args.repeat, lambda: read_graphml(path))
        theirs = best_of(args.repeat, lambda: nx.read_graphml(path))
        check = read_graphml(path)
        assert check.same_content(ws), "benchmark file did not read back as the same map"
    ratio = ours / theirs
    print(f"file: {args.nodes} nodes, {args.relations} relations, {size / 1e6:.1f} MB")
    print(f"tensionmap read_graphml: {ours:.3f} s (best of {args.repeat})")
    print(f"networkx.read_graphml:   {theirs:.3f} s (best of {args.repeat})")
    print(f"ratio: {ratio:.2f} (limit {MAX_RATIO:g})")
    return 0 if ratio <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
