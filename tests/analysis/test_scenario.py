"""The what-if engine against an independent implementation of the same equations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tensionmap.analysis.scenario import (
    ScenarioError,
    driver_graph,
    monte_carlo,
    propagate,
    run_scenario,
)
from tensionmap.model import Node, Relation, Workspace
from tensionmap.store import new_from_example

from .conftest import build_map

TYPES = ["supports", "opposes", "in_tension_with", "values", "resists", "related", "benefits"]


def random_driver_map(rng: np.random.Generator, n: int, m: int, people: int = 3) -> Workspace:
    ws = Workspace("random")
    for i in range(n):
        ws.add_node(Node(id=f"d{i}", kind="driver", label=f"D{i}"))
    for i in range(people):
        ws.add_node(Node(id=f"s{i}", kind="stakeholder", label=f"S{i}"))
    for k in range(m):
        a, b = rng.choice(n, size=2, replace=False)
        ws.add_relation(
            Relation(f"r{k}", f"d{a}", f"d{b}", type=str(rng.choice(TYPES)), strength=int(rng.integers(1, 6)))
        )
    for i in range(people):
        for d in rng.choice(n, size=min(3, n), replace=False):
            ws.add_relation(
                Relation(
                    f"st{i}-{d}",
                    f"s{i}",
                    f"d{d}",
                    type=str(rng.choice(TYPES)),
                    strength=int(rng.integers(1, 6)),
                )
            )
    return ws


def reference(ws: Workspace, fixed: dict[str, float], lam: float, steps: int = 1000):
    """Plain loops over the relations: the equations and stopping rule as written, nothing shared."""
    drivers = [n.id for n in ws.nodes.values() if n.kind == "driver"]
    pos = {d: i for i, d in enumerate(drivers)}
    w = [[0.0] * len(drivers) for _ in drivers]
    for r in ws.relations.values():
        if r.source in pos and r.target in pos:
            v = r.sign * r.strength / 5
            w[pos[r.source]][pos[r.target]] += v
            if r.type == "in_tension_with":
                w[pos[r.target]][pos[r.source]] += v
    w = [[min(1.0, max(-1.0, x)) for x in row] for row in w]
    a = [fixed.get(d, 0.0) for d in drivers]
    for _ in range(steps):
        new = []
        for j, d in enumerate(drivers):
            if d in fixed:
                new.append(fixed[d])
            else:
                total = a[j] + sum(w[i][j] * a[i] for i in range(len(drivers)))
                new.append(math.tanh(lam * total))
        done = max((abs(x - y) for x, y in zip(new, a, strict=True)), default=0.0) < 1e-6
        a = new
        if done:
            break
    levels = dict(zip(drivers, a, strict=True))
    gains = {}
    for s in (n.id for n in ws.nodes.values() if n.kind == "stakeholder"):
        gains[s] = sum(
            r.sign * r.strength / 5 * levels[r.target]
            for r in ws.relations.values()
            if r.source == s and r.target in levels
        )
    return levels, gains


@pytest.mark.parametrize("seed", range(12))
def test_engine_matches_independent_reference(seed: int) -> None:
    rng = np.random.default_rng(seed)
    ws = random_driver_map(rng, n=int(rng.integers(3, 12)), m=int(rng.integers(2, 25)))
    drivers = [n.id for n in ws.nodes.values() if n.kind == "driver"]
    fixed = {d: float(rng.uniform(-1, 1)) for d in rng.choice(drivers, size=2, replace=False)}
    lam = float(rng.choice([0.5, 1.0, 2.0]))
    result = run_scenario(ws, fixed, lam)
    levels, gains = reference(ws, fixed, lam)
    for d in drivers:
        assert result.levels[d] == pytest.approx(levels[d], abs=1e-9)
    for s, g in gains.items():
        assert result.gains[s] == pytest.approx(g, abs=1e-9)


def test_fixed_drivers_never_move() -> None:
    rng = np.random.default_rng(7)
    ws = random_driver_map(rng, n=10, m=30)
    fixed = {"d0": 0.7, "d3": -1.0, "d5": 0.0}
    result = run_scenario(ws, fixed, lam=2.0, max_steps=50)
    for d, level in fixed.items():
        assert result.levels[d] == level


def test_below_contraction_bound_start_does_not_matter() -> None:
    rng = np.random.default_rng(3)
    ws = random_driver_map(rng, n=8, m=14)
    graph = driver_graph(ws)
    n = len(graph.ids)
    norm = np.linalg.norm(np.eye(n) + graph.weights.T, 2)
    lam = 0.9 / norm
    fixed_index = np.array([0, 2])
    fixed_levels = np.array([1.0, -0.5])
    ends = []
    for start in (np.zeros(n), np.ones(n), rng.uniform(-1, 1, n)):
        a, converged, _steps, _ = propagate(graph.weights, fixed_index, fixed_levels, lam, start=start)
        assert converged
        ends.append(a)
    for a in ends[1:]:
        assert np.max(np.abs(a - ends[0])) < 1e-5


def test_oscillation_is_reported_with_its_cycle() -> None:
    # One driver that strongly inhibits itself: A -> tanh(A - 3A) flips sign each step.
    w = np.array([[-3.0]])
    a, converged, steps, cycle = propagate(
        w, np.array([], dtype=int), np.array([]), 1.0, start=np.array([0.5]), max_steps=200
    )
    assert not converged
    assert steps == 200
    assert cycle == 2


def test_oscillation_through_the_workspace_api() -> None:
    """Four drivers all in tension with each other, pushed together: they flip together.

    W = -(J - I) has eigenvalue -3 along (1, 1, 1, 1), so I + W^T has -2
    there and A -> tanh(-2A + push) swings between two states for ever.
    """
    names = ["A", "B", "C", "D"]
    rels = [(a, "in_tension_with", b, 5) for i, a in enumerate(names) for b in names[i + 1 :]]
    rels += [("E", "supports", x, 1) for x in names]
    ws = build_map(drivers="A B C D E", relations=rels)
    result = run_scenario(ws, {"E": 1.0}, lam=1.0, max_steps=300)
    assert not result.converged
    assert result.steps == 300
    assert result.cycle == 2
    levels, _ = reference(ws, {"E": 1.0}, 1.0, steps=300)
    assert result.levels["A"] == pytest.approx(levels["A"], abs=1e-9)


def test_example_gains_by_hand(tmp_path) -> None:
    """Scalability fixed at 1 on the example: universities gain, employers lose.

    By hand: Specificity s solves s = tanh(s - 1) (Scalability in tension
    with it at strength 5), s = -0.96118; universities support Scalability
    (5) and resist Specificity (3): 1 + (-0.6)(s) = 1.5767; employers
    support Specificity (5) and resist Scalability (2): s - 0.4 = -1.3612;
    SMEs support Specificity (4): 0.8 s = -0.7689.
    """
    wf = new_from_example(tmp_path / "x.tmap")
    ws = wf.workspace
    result = run_scenario(ws, {"Scalability": 1.0})
    label = {n.label: n.id for n in ws.nodes.values()}
    s = -0.5
    for _ in range(200):
        s = math.tanh(s - 1.0)
    assert result.levels[label["Specificity"]] == pytest.approx(s, abs=1e-6)
    assert result.gains[label["Universities and colleges"]] == pytest.approx(1 - 0.6 * s, abs=1e-6)
    assert result.gains[label["Employers and industry"]] == pytest.approx(s - 0.4, abs=1e-6)
    assert result.gains[label["Small and medium enterprises"]] == pytest.approx(0.8 * s, abs=1e-6)
    assert result.gains[label["Learners and employees"]] == 0.0
    wf.close()


def test_nothing_fixed_is_the_baseline() -> None:
    rng = np.random.default_rng(1)
    ws = random_driver_map(rng, n=6, m=10)
    result = run_scenario(ws, {})
    assert all(v == 0.0 for v in result.levels.values())
    assert all(g == 0.0 for g in result.gains.values())


def test_bad_scenarios_are_refused() -> None:
    ws = build_map(stakeholders="S", drivers="A B", relations=[("S", "supports", "A")])
    with pytest.raises(ScenarioError, match="no driver called 'Nope'"):
        run_scenario(ws, {"Nope": 1})
    with pytest.raises(ScenarioError, match="is a stakeholder"):
        run_scenario(ws, {"S": 1})
    with pytest.raises(ScenarioError, match="levels run from -1 to 1"):
        run_scenario(ws, {"A": 1.5})
    with pytest.raises(ScenarioError, match="lambda"):
        run_scenario(ws, {"A": 1}, lam=0)


def test_monte_carlo_band_brackets_the_plain_run(tmp_path) -> None:
    wf = new_from_example(tmp_path / "x.tmap")
    ws = wf.workspace
    plain = run_scenario(ws, {"Scalability": 1.0})
    mc = monte_carlo(ws, {"Scalability": 1.0}, runs=500, seed=4)
    assert mc.runs == 500 and mc.converged_runs == 500
    for person, band in mc.gains.items():
        assert band.low <= band.median <= band.high
        assert band.low - 1e-9 <= plain.gains[person] <= band.high + 1e-9
    label = {n.label: n.id for n in ws.nodes.values()}
    uni = mc.gains[label["Universities and colleges"]]
    assert uni.high > uni.low  # strengths really vary
    # Same seed, same answer; another seed, another sample.
    again = monte_carlo(ws, {"Scalability": 1.0}, runs=500, seed=4)
    assert again.gains == mc.gains
    wf.close()
