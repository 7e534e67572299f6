"""What-if scenarios: push some drivers and see who gains and who loses.

The drivers and the relations between them are read as a fuzzy cognitive map
(Kosko 1986), the way Mental Modeler's users run scenarios over the same kind
of signed map:

- ``W[i, j]`` is the sum, over relations from driver ``i`` to driver ``j``, of
  ``sign x strength / 5``; an ``in_tension_with`` relation works both ways and
  also adds to ``W[j, i]``; each entry is clipped to [-1, 1]. Relations that
  touch a stakeholder are stances, not causes, and stay out of ``W``.
- A scenario fixes chosen drivers at levels in [-1, 1]. Every other driver
  starts at 0 and the state is propagated with the modified Kosko rule
  ``A(t+1) = tanh(lambda * (A(t) + W^T A(t)))``, the fixed drivers being reset
  to their levels after every step, until the largest change is under
  :data:`TOLERANCE` or :data:`MAX_STEPS` is reached (then the run is reported
  as not converged, with the length of the cycle it settled into if it
  oscillates).
- With nothing fixed every level stays 0, so a driver's level is also its
  change against the baseline run.
- A stakeholder's gain is the sum over its stances (relations from the
  stakeholder to a driver) of ``sign x strength / 5 x level(driver)``.

``lambda`` sets how steep the squashing is. Small values (below about 0.5)
damp every effect towards 0 and make long chains fade; large ones (above
about 2) saturate levels at +/-1 so that only the direction of an effect
survives. The default, 1, keeps strong direct effects near 0.8-0.95 and
weak or distant ones visibly smaller. Below the contraction bound (lambda
times the spectral norm of I + W^T under 1) the result is unique and does not
depend on the start; above it, it can.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from tensionmap.model import Workspace

#: Default steepness of the tanh squashing (see the module docstring).
DEFAULT_LAMBDA = 1.0
#: The run stops when no level changes by this much in one step.
TOLERANCE = 1e-6
#: Steps after which a run that has not settled is reported as not converged.
MAX_STEPS = 1000
#: Longest oscillation cycle looked for when a run does not converge.
MAX_CYCLE = 64


class ScenarioError(ValueError):
    """A scenario that cannot be run: an unknown driver, a level out of range."""


@dataclass(frozen=True)
class DriverGraph:
    """The causal part of a map: driver ids, labels and the weight matrix ``W``."""

    ids: tuple[str, ...]
    labels: tuple[str, ...]
    weights: np.ndarray  # (n, n), W[i, j] = effect of driver i on driver j


@dataclass(frozen=True)
class Stances:
    """Stakeholder -> driver stances as a matrix: gains = S @ levels."""

    ids: tuple[str, ...]
    labels: tuple[str, ...]
    matrix: np.ndarray  # (stakeholders, drivers) of sign * strength / 5


@dataclass(frozen=True)
class ScenarioResult:
    """Every driver's level and every stakeholder's gain after a run."""

    levels: dict[str, float]
    gains: dict[str, float]
    converged: bool
    steps: int
    lam: float
    cycle: int | None = None  # length of the oscillation when not converged and periodic


@dataclass(frozen=True)
class Band:
    """A Monte-Carlo summary: the median and the 90% band (5th to 95th percentile)."""

    median: float
    low: float
    high: float


@dataclass(frozen=True)
class MonteCarloResult:
    """Gains and levels over runs with uncertain strengths."""

    runs: int
    gains: dict[str, Band]
    levels: dict[str, Band]
    converged_runs: int


def driver_graph(ws: Workspace, strengths: Mapping[str, int] | None = None) -> DriverGraph:
    """``W`` from the relations between drivers (``strengths`` overrides by relation id)."""
    drivers = [n for n in ws.nodes.values() if n.kind == "driver"]
    index = {n.id: i for i, n in enumerate(drivers)}
    w = np.zeros((len(drivers), len(drivers)))
    for rel in ws.relations.values():
        i, j = index.get(rel.source), index.get(rel.target)
        if i is None or j is None or rel.sign == 0:
            continue
        strength = rel.strength if strengths is None else strengths.get(rel.id, rel.strength)
        value = rel.sign * strength / 5.0
        w[i, j] += value
        if rel.type == "in_tension_with":
            w[j, i] += value
    np.clip(w, -1.0, 1.0, out=w)
    return DriverGraph(tuple(index), tuple(n.label for n in drivers), w)


def stances(ws: Workspace, drivers: Sequence[str], strengths: Mapping[str, int] | None = None) -> Stances:
    """The stance matrix over ``drivers`` (in that order): stakeholder -> driver relations only."""
    people = [n for n in ws.nodes.values() if n.kind == "stakeholder"]
    row = {n.id: i for i, n in enumerate(people)}
    col = {d: j for j, d in enumerate(drivers)}
    s = np.zeros((len(people), len(drivers)))
    for rel in ws.relations.values():
        i, j = row.get(rel.source), col.get(rel.target)
        if i is None or j is None:
            continue
        strength = rel.strength if strengths is None else strengths.get(rel.id, rel.strength)
        s[i, j] += rel.sign * strength / 5.0
    return Stances(tuple(row), tuple(n.label for n in people), s)


def resolve_levels(ws: Workspace, fixed: Mapping[str, float]) -> dict[str, float]:
    """Driver id -> level from ids or labels (case-insensitive), checked."""
    by_label: dict[str, list[str]] = {}
    for node in ws.nodes.values():
        by_label.setdefault(node.label.casefold(), []).append(node.id)
    out: dict[str, float] = {}
    for key, level in fixed.items():
        if key in ws.nodes:
            node_id = key
        else:
            found = by_label.get(key.strip().casefold(), [])
            if not found:
                raise ScenarioError(f"no driver called {key!r} in this map")
            if len(found) > 1:
                raise ScenarioError(f"{key!r} names {len(found)} nodes; use the node id")
            node_id = found[0]
        if ws.nodes[node_id].kind != "driver":
            raise ScenarioError(f"{ws.nodes[node_id].label!r} is a stakeholder; a scenario fixes drivers")
        if not isinstance(level, (int, float)) or isinstance(level, bool) or not math.isfinite(level):
            raise ScenarioError(f"the level of {ws.nodes[node_id].label!r} must be a number from -1 to 1")
        if not -1.0 <= level <= 1.0:
            raise ScenarioError(
                f"the level of {ws.nodes[node_id].label!r} is {level}; levels run from -1 to 1"
            )
        out[node_id] = float(level)
    return out


def propagate(
    weights: np.ndarray,
    fixed_index: np.ndarray,
    fixed_levels: np.ndarray,
    lam: float = DEFAULT_LAMBDA,
    *,
    start: np.ndarray | None = None,
    max_steps: int = MAX_STEPS,
    tol: float = TOLERANCE,
) -> tuple[np.ndarray, bool, int, int | None]:
    """Run the modified Kosko rule; returns (levels, converged, steps, cycle length or None).

    ``weights`` may carry a leading batch axis (runs, n, n), with ``start``
    and the result then (runs, n): Monte-Carlo runs advance together and the
    batch has converged when every run has.
    """
    if not math.isfinite(lam) or lam <= 0:
        raise ScenarioError(f"lambda must be a positive number, not {lam}")
    n = weights.shape[-1]
    shape = (*weights.shape[:-2], n)
    a = np.zeros(shape) if start is None else np.array(start, dtype=float).reshape(shape)
    a[..., fixed_index] = fixed_levels
    history: list[np.ndarray] = []
    for step in range(1, max_steps + 1):
        nxt = np.tanh(lam * (a + _pull(weights, a)))
        nxt[..., fixed_index] = fixed_levels
        change = float(np.max(np.abs(nxt - a))) if n else 0.0
        a = nxt
        if change < tol:
            return a, True, step, None
        history.append(a)
        if len(history) > MAX_CYCLE + 1:
            history.pop(0)
    return a, False, max_steps, _cycle_length(history, tol)


def _pull(weights: np.ndarray, a: np.ndarray) -> np.ndarray:
    """W^T A, i.e. next[j] = sum_i W[i, j] A[i], for one run or a batch of runs."""
    if weights.ndim == 2:
        return a @ weights
    return np.matmul(a[..., None, :], weights)[..., 0, :]


def _cycle_length(history: list[np.ndarray], tol: float) -> int | None:
    """The period of the states the run ended in, when they repeat (within ``tol``)."""

    def same(i: int, j: int) -> bool:
        return float(np.max(np.abs(history[i] - history[j]), initial=0.0)) < tol * 10

    if len(history) < 3 or same(-1, -2):
        return None  # still creeping towards one state: slow, not periodic
    for period in range(2, len(history)):
        # Every state of the last cycle must repeat one period earlier.
        span = min(period, len(history) - period)
        if all(same(-1 - k, -1 - k - period) for k in range(span)):
            return period
    return None


def run_scenario(
    ws: Workspace,
    fixed: Mapping[str, float],
    lam: float = DEFAULT_LAMBDA,
    *,
    max_steps: int = MAX_STEPS,
) -> ScenarioResult:
    """Fix ``fixed`` drivers (ids or labels -> level) and propagate; gains per stakeholder."""
    levels_in = resolve_levels(ws, fixed)
    graph = driver_graph(ws)
    index = {d: i for i, d in enumerate(graph.ids)}
    fixed_index = np.array([index[d] for d in levels_in], dtype=int)
    fixed_levels = np.array(list(levels_in.values()), dtype=float)
    a, converged, steps, cycle = propagate(graph.weights, fixed_index, fixed_levels, lam, max_steps=max_steps)
    st = stances(ws, graph.ids)
    gains = st.matrix @ a if len(graph.ids) else np.zeros(len(st.ids))
    return ScenarioResult(
        levels={d: float(v) for d, v in zip(graph.ids, a, strict=True)},
        gains={s: float(g) for s, g in zip(st.ids, gains, strict=True)},
        converged=converged,
        steps=steps,
        lam=lam,
        cycle=cycle,
    )


def monte_carlo(
    ws: Workspace,
    fixed: Mapping[str, float],
    lam: float = DEFAULT_LAMBDA,
    *,
    runs: int = 1000,
    seed: int = 0,
    max_steps: int = MAX_STEPS,
) -> MonteCarloResult:
    """Runs with every strength moved by -1, 0 or +1 at random (kept in 1-5).

    All runs advance together as one batched array, so a thousand runs cost
    about as many numpy calls as one. Gains and levels are summarised as the
    median and the 90% band.
    """
    if runs < 1:
        raise ScenarioError(f"runs must be at least 1, not {runs}")
    levels_in = resolve_levels(ws, fixed)
    rng = np.random.default_rng(seed)
    drivers = [n.id for n in ws.nodes.values() if n.kind == "driver"]
    people = [n.id for n in ws.nodes.values() if n.kind == "stakeholder"]
    index = {d: i for i, d in enumerate(drivers)}
    row = {p: i for i, p in enumerate(people)}
    n, m = len(drivers), len(people)
    w = np.zeros((runs, n, n))
    s = np.zeros((runs, m, n))
    for rel in ws.relations.values():
        strength = np.clip(rel.strength + rng.integers(-1, 2, size=runs), 1, 5)
        value = rel.sign * strength / 5.0
        i, j = index.get(rel.source), index.get(rel.target)
        if i is not None and j is not None:
            w[:, i, j] += value
            if rel.type == "in_tension_with":
                w[:, j, i] += value
        elif rel.source in row and j is not None:
            s[:, row[rel.source], j] += value
    np.clip(w, -1.0, 1.0, out=w)
    fixed_index = np.array([index[d] for d in levels_in], dtype=int)
    fixed_levels = np.array(list(levels_in.values()), dtype=float)
    a, _, _, _ = propagate(w, fixed_index, fixed_levels, lam, max_steps=max_steps)
    # Per-run convergence: one more step must not move any level of that run.
    nxt = np.tanh(lam * (a + _pull(w, a)))
    nxt[:, fixed_index] = fixed_levels
    converged_runs = int(np.sum(np.max(np.abs(nxt - a), axis=1, initial=0.0) < TOLERANCE))
    gains = np.einsum("rsd,rd->rs", s, a)

    def band(values: np.ndarray) -> Band:
        low, median, high = np.percentile(values, [5, 50, 95])
        return Band(float(median), float(low), float(high))

    return MonteCarloResult(
        runs=runs,
        gains={p: band(gains[:, i]) for p, i in row.items()},
        levels={d: band(a[:, i]) for d, i in index.items()},
        converged_runs=converged_runs,
    )
