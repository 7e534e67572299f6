"""Layout quality benchmark: our engines against plain layouts, on the measures of a good map.

Run with ``python -m benchmarks.bench_layout_quality`` from the repository
root; ``--quick`` skips the large-map speed run (``benchmarks.bench_layout``).

For every map (the shipped example, the highland tribes and twelve generated
stakeholder-driver maps of 12-60 nodes, see ``bench_layout_maps``) it lays
the map out with our engines (signed; layered; polarity where the map has
poles) and with the peers (networkx ``spring_layout`` and
``kamada_kawai_layout``, igraph Kamada-Kawai and Davidson-Harel, Graphviz
``neato`` when it is installed), and measures each drawing with
``tensionmap.layout.quality`` on the node boxes the canvas draws at 100 %.
Every peer's positions are centred and scaled uniformly so that its drawing
(node boxes included) covers the same area as our signed layout's, then
measured with the same boxes.

Columns: ``cross`` crossings of straight relations; ``thru`` relations drawn
straight through a node; ``routed`` the same on the routed geometry
(``tensionmap.layout.routing.route_relations``); ``ovl`` overlapping node
pairs; ``ratio`` median opposing / median supportive length; ``camps`` camp
separation (coalitions of ``analysis.structural_balance``); ``fill`` node area
over drawing area; ``s`` seconds.

Then stability (a node and a relation added, the signed layout re-run with
``incremental=True``), in-process time at 100 and 300 nodes, and the goals
of the issue, each met or missed. Exit status 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_layout_maps import quality_maps, stakeholder_map, with_small_edit  # noqa: E402
from tensionmap.analysis import signed_graph, structural_balance  # noqa: E402
from tensionmap.layout import default_poles, layout_graph, run_layout  # noqa: E402
from tensionmap.layout.quality import MapQuality, measure, stability  # noqa: E402
from tensionmap.layout.routing import route_relations  # noqa: E402
from tensionmap.model import Workspace  # noqa: E402

PEERS = ("spring", "kamada-kawai", "igraph-kk", "igraph-dh", "neato")
TIME_GOALS = {100: 0.5, 300: 2.0}
FILL_GOAL = 0.12
RATIO_GOAL = 2.0
CAMP_GOAL = 0.95
STABILITY_GOAL = 0.10

Positions = dict[Hashable, tuple[float, float]]


@dataclass
class Row:
    quality: MapQuality
    routed: int
    seconds: float


@dataclass
class MapCase:
    name: str
    ws: Workspace
    sizes: dict[str, tuple[float, float]]
    relations: list[tuple[str, str, str]]
    signs: dict[str, int]
    camps: tuple[tuple[str, ...], tuple[str, ...]]
    rows: dict[str, Row] = field(default_factory=dict)


def node_sizes(ws: Workspace) -> dict[str, tuple[float, float]]:
    from tensionmap.cli_tools import node_sizes as drawn

    return drawn(ws)


def case_of(name: str, ws: Workspace) -> MapCase:
    return MapCase(
        name,
        ws,
        node_sizes(ws),
        [(r.id, r.source, r.target) for r in ws.relations.values() if r.source != r.target],
        {r.id: r.sign for r in ws.relations.values()},
        structural_balance(signed_graph(ws)).coalitions,
    )


def drawing_area(pos: Positions, sizes: dict[str, tuple[float, float]]) -> float:
    c = np.array([pos[n] for n in pos], dtype=np.float64)
    d = np.array([sizes[n] for n in pos], dtype=np.float64)
    return float(np.prod((c + d / 2).max(axis=0) - (c - d / 2).min(axis=0)))


def scaled_to(pos: Positions, area: float, sizes: dict[str, tuple[float, float]]) -> Positions:
    """``pos`` centred and scaled uniformly so that its drawing covers ``area`` (bisection on the factor)."""
    keys = list(pos)
    c = np.array([pos[k] for k in keys], dtype=np.float64)
    c -= c.mean(axis=0)
    lo, hi = 1e-6, 1e7
    for _ in range(100):
        mid = math.sqrt(lo * hi)
        if drawing_area({k: tuple(c[i] * mid) for i, k in enumerate(keys)}, sizes) < area:
            lo = mid
        else:
            hi = mid
    return {k: (float(c[i, 0] * lo), float(c[i, 1] * lo)) for i, k in enumerate(keys)}


def igraph_layout(graph: nx.Graph, kind: str) -> Positions:
    import igraph

    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges()])
    random.seed(0)  # igraph draws from Python's random module
    layout = g.layout_kamada_kawai() if kind == "kk" else g.layout_davidson_harel()
    return {n: (float(layout[i][0]), float(layout[i][1])) for i, n in enumerate(nodes)}


def neato_layout(graph: nx.Graph) -> Positions:
    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    lines = [f"n{index[n]};" for n in nodes] + [f"n{index[a]} -- n{index[b]};" for a, b in graph.edges()]
    source = "graph G {\n" + "\n".join(lines) + "\n}\n"
    out = subprocess.run(
        ["neato", "-Tplain", "-Gstart=1"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    pos: Positions = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == "node":
            pos[nodes[int(parts[1][1:])]] = (float(parts[2]), float(parts[3]))
    return pos


def peer_functions(have_neato: bool) -> dict[str, Callable[[nx.Graph], Positions]]:
    peers: dict[str, Callable[[nx.Graph], Positions]] = {
        "spring": lambda g: nx.spring_layout(g, seed=0),
        "kamada-kawai": nx.kamada_kawai_layout,
        "igraph-kk": lambda g: igraph_layout(g, "kk"),
        "igraph-dh": lambda g: igraph_layout(g, "dh"),
    }
    if have_neato:
        peers["neato"] = neato_layout
    return peers


def measured(case: MapCase, pos: Positions, seconds: float) -> Row:
    quality = measure(pos, case.sizes, case.relations, signs=case.signs, camps=case.camps)
    routed_lines = route_relations(pos, case.sizes, case.relations)
    routed = measure(pos, case.sizes, case.relations, geometry=routed_lines).edges_through_nodes
    return Row(quality, routed, seconds)


def timed(fn: Callable[[], Positions]) -> tuple[float, Positions]:
    start = time.perf_counter()
    pos = fn()
    return time.perf_counter() - start, pos


def run_case(case: MapCase, peers: dict[str, Callable[[nx.Graph], Positions]]) -> None:
    ws, sizes = case.ws, case.sizes
    seconds, ours = timed(lambda: run_layout(ws, "signed", sizes=sizes, camps=case.camps))
    case.rows["signed"] = measured(case, ours, seconds)
    seconds, pos = timed(lambda: run_layout(ws, "layered", sizes=sizes))
    case.rows["layered"] = measured(case, pos, seconds)
    try:
        poles = default_poles(ws)
    except ValueError:
        poles = None
    if poles is not None:
        seconds, pos = timed(lambda: run_layout(ws, "polarity", sizes=sizes, poles=poles))
        case.rows["polarity"] = measured(case, pos, seconds)
    graph = layout_graph(ws)
    area = drawing_area(ours, sizes)
    for name, fn in peers.items():
        seconds, pos = timed(lambda fn=fn: fn(graph))
        case.rows[name] = measured(case, scaled_to(pos, area, sizes), seconds)


def fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


HEADER = (
    f"  {'layout':14} {'cross':>6} {'thru':>5} {'routed':>6} {'ovl':>4}"
    f" {'ratio':>6} {'camps':>6} {'fill':>6} {'s':>7}"
)


def print_row(name: str, row: Row) -> None:
    q = row.quality
    print(
        f"  {name:14} {q.crossings:>6} {q.edges_through_nodes:>5} {row.routed:>6} {q.node_overlaps:>4}"
        f" {fmt(q.opposing_supportive_ratio):>6} {fmt(q.camp_separation):>6}"
        f" {fmt(q.fill, 3):>6} {row.seconds:>7.3f}"
    )


def stability_of(case: MapCase) -> float:
    before = run_layout(case.ws, "signed", sizes=case.sizes, camps=case.camps)
    edited = with_small_edit(case.ws, before)
    sizes = node_sizes(edited)
    camps = structural_balance(signed_graph(edited)).coalitions
    after = run_layout(edited, "signed", sizes=sizes, camps=camps, incremental=True)
    return stability(before, after, case.relations)


def time_at(n: int) -> tuple[float, float]:
    """(best wall seconds of two runs, CPU seconds of that run) of the signed layout, generated n-node map."""
    ws = stakeholder_map(n, seed=n)
    sizes = node_sizes(ws)
    camps = structural_balance(signed_graph(ws)).coalitions
    best = (math.inf, math.inf)
    for _ in range(2):
        wall, cpu = time.perf_counter(), time.process_time()
        run_layout(ws, "signed", sizes=sizes, camps=camps)
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the large-map speed run (bench_layout)")
    args = parser.parse_args(argv)
    have_neato = shutil.which("neato") is not None
    peers = peer_functions(have_neato)
    if not have_neato:
        print("Graphviz neato is not installed: its column is left out (apt-get install graphviz)")
    cases = [case_of(name, ws) for name, ws in quality_maps()]
    engines = ("signed", "layered", "polarity")
    for case in cases:
        run_case(case, peers)
        print(f"{case.name} ({len(case.ws.nodes)} nodes, {len(case.relations)} relations)")
        print(HEADER)
        for name in (*engines, *peers):
            if name in case.rows:
                print_row(name, case.rows[name])

    print(
        "\nTotals over all maps (crossings, through nodes straight and routed, overlaps; medians of the rest)"
    )
    print(HEADER)
    totals: dict[str, tuple[int, int, int, int]] = {}
    for name in (*engines, *peers):
        rows = [c.rows[name] for c in cases if name in c.rows]
        q = [r.quality for r in rows]
        totals[name] = (
            sum(x.crossings for x in q),
            sum(x.edges_through_nodes for x in q),
            sum(r.routed for r in rows),
            sum(x.node_overlaps for x in q),
        )
        ratios = [x.opposing_supportive_ratio for x in q if x.opposing_supportive_ratio is not None]
        camps = [x.camp_separation for x in q if x.camp_separation is not None]
        note = "" if len(rows) == len(cases) else f"  ({len(rows)} of {len(cases)} maps)"
        cross, thru, routed, overlaps = totals[name]
        print(
            f"  {name:14} {cross:>6} {thru:>5} {routed:>6} {overlaps:>4}"
            f" {fmt(float(np.median(ratios)) if ratios else None):>6}"
            f" {fmt(float(np.median(camps)) if camps else None):>6}"
            f" {float(np.median([x.fill for x in q])):>6.3f} {sum(r.seconds for r in rows):>7.3f}{note}"
        )

    print("\nStability (one node and one relation added, signed layout re-run incrementally)")
    stabilities = {c.name: stability_of(c) for c in cases}
    for name, value in stabilities.items():
        print(f"  {name:18} median move / median relation length = {value:.3f}")

    print("\nIn-process time of the signed layout (generated maps)")
    times = {n: time_at(n) for n in TIME_GOALS}
    for n, (wall, cpu) in times.items():
        print(f"  {n} nodes: {wall:.3f} s wall, {cpu:.3f} s CPU (goal <= {TIME_GOALS[n]} s)")

    signed = [c.rows["signed"].quality for c in cases]
    cross, thru, routed, overlaps = totals["signed"]
    plain_best = min(totals["spring"][0], totals["kamada-kawai"][0])
    peer_thru = min(totals[p][1] for p in peers)
    both_signs = [q.opposing_supportive_ratio for q in signed if q.opposing_supportive_ratio is not None]
    goals = [
        (f"crossings {cross} <= best of spring and Kamada-Kawai {plain_best}", cross <= plain_best),
        (f"edges through nodes on the routed geometry {routed} == 0", routed == 0),
        (f"edges through nodes on straight lines {thru} <= best peer {peer_thru}", thru <= peer_thru),
        (
            f"opposing/supportive >= {RATIO_GOAL} on every map with both signs (min {min(both_signs):.2f})",
            min(both_signs) >= RATIO_GOAL,
        ),
        (
            f"camp separation median >= {CAMP_GOAL} ({np.median([q.camp_separation for q in signed]):.3f})",
            float(np.median([q.camp_separation for q in signed])) >= CAMP_GOAL,
        ),
        (f"no node overlaps ({overlaps})", overlaps == 0),
        (
            f"fill median >= {FILL_GOAL} ({np.median([q.fill for q in signed]):.3f})",
            float(np.median([q.fill for q in signed])) >= FILL_GOAL,
        ),
        (
            f"stability <= {STABILITY_GOAL} on every map (max {max(stabilities.values()):.3f})",
            max(stabilities.values()) <= STABILITY_GOAL,
        ),
    ]
    goals += [
        (f"time at {n} nodes {times[n][0]:.3f} s <= {g} s", times[n][0] <= g) for n, g in TIME_GOALS.items()
    ]
    if not args.quick:
        from benchmarks import bench_layout

        print("\nLarge maps (benchmarks.bench_layout):")
        goals.append(("large-map speed and sign (bench_layout)", bench_layout.main([]) == 0))
    else:
        print("\n(large-map speed not run: --quick; run python -m benchmarks.bench_layout)")

    print("\nGoals of the issue:")
    for text, met in goals:
        print(f"  [{'met' if met else 'MISSED'}] {text}")
    return 0 if all(met for _, met in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
