"""The crossing reduction: its vectorised scoring against a plain count, and what a pass may not do."""

import numpy as np
import pytest

from tensionmap.layout.quality import _clip_to_box, segment_hits_box, segments_cross
from tensionmap.layout.untangle import HIT_WEIGHT, MARGIN, Untangler


def random_drawing(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 30))
    m = int(rng.integers(n, 3 * n))
    u, v = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = u != v
    u, v = u[keep], v[keep]
    sign = np.where(rng.random(len(u)) < 0.3, -1, 1)
    pos = rng.random((n, 2)) * 1200.0
    sizes = np.column_stack([rng.uniform(80, 200, n), rng.uniform(30, 60, n)])
    sides = rng.integers(0, 2, n)
    return Untangler(pos, sizes, u, v, sign, np.zeros(n, dtype=bool), sides, (56.0, 40.0))


def plain_cost(t, i, p):
    """Node i's cost at p, counted one relation at a time on the lines as drawn."""
    pos = t.pos.copy()
    pos[i] = p
    ends_a = _clip_to_box(pos[t.u], pos[t.v], t.half[t.u])
    ends_b = _clip_to_box(pos[t.v], pos[t.u], t.half[t.v])
    mine = {int(e) for e in t.incident[i]}
    cost = 0.0
    for e in range(len(t.u)):
        if e in mine:
            for o in range(len(t.u)):
                if o in mine or {t.u[o], t.v[o]} & {t.u[e], t.v[e]}:
                    continue
                cost += bool(segments_cross(ends_a[e], ends_b[e], ends_a[o], ends_b[o]))
            for k in range(t.n):
                if k not in (t.u[e], t.v[e]):
                    lo, hi = pos[k] - t.half[k] - MARGIN, pos[k] + t.half[k] + MARGIN
                    cost += HIT_WEIGHT * bool(segment_hits_box(pos[t.u[e]], pos[t.v[e]], lo, hi))
        else:
            lo, hi = p - t.half[i] - MARGIN, p + t.half[i] + MARGIN
            cost += HIT_WEIGHT * bool(segment_hits_box(pos[t.u[e]], pos[t.v[e]], lo, hi))
    return cost


@pytest.mark.parametrize("seed", range(6))
def test_node_cost_matches_a_plain_count(seed):
    t = random_drawing(seed)
    points = np.random.default_rng(seed + 100).random((5, 2)) * 1200.0
    for i in range(t.n):
        got = t.node_cost(i, points)
        want = [plain_cost(t, i, p) for p in points]
        assert np.allclose(got, want), (i, got, want)


@pytest.mark.parametrize("seed", range(4))
def test_a_pass_lowers_the_cost_and_keeps_the_cached_lines_true(seed):
    t = random_drawing(seed)
    before = t.total_cost()
    ratio = t.ratio(t.pos)
    moves = t.improve(seed=seed)
    assert t.total_cost() <= before
    if moves:
        assert t.total_cost() < before
    assert t.ratio(t.pos) >= min(ratio, 2.1) - 1e-9
    cached = t.lines(t.pos)
    fresh = t.lines(t.pos.copy())
    assert np.allclose(cached[0], fresh[0]) and np.allclose(cached[1], fresh[1])
