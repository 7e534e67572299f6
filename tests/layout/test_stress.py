"""Signed ideal distances, stress majorization and the layout's own camp estimate."""

import numpy as np
import pytest

from tensionmap.layout.camps import coalition_sides
from tensionmap.layout.stress import OPPOSE_LENGTH, classical_mds, ideal_distances, majorize, stress


def arrays(edges):
    u, v, s = zip(*edges, strict=True)
    return np.array(u), np.array(v), np.array(s, dtype=float)


def test_ties_want_their_own_length_and_rivals_are_read_through_the_double_cover():
    # 0 supports 1; 1 opposes 2; 2 opposes 3: 1 and 3 are allies through their common rival
    u, v, s = arrays([(0, 1, 1), (1, 2, -1), (2, 3, -1)])
    ideal, weights = ideal_distances(4, u, v, s)
    assert ideal[0, 1] == 1.0 and ideal[1, 2] == OPPOSE_LENGTH
    assert ideal[1, 3] == 2.0  # balanced path of two hops: allies
    assert ideal[0, 2] == pytest.approx(
        2.0 + OPPOSE_LENGTH - 1.0
    )  # unbalanced path: rivals, one opposition longer
    assert np.allclose(ideal, ideal.T) and np.allclose(weights, weights.T)


def test_camp_gap_and_components():
    u, v, s = arrays([(0, 1, 1), (2, 3, 1)])
    sides = np.array([0, 0, 1, -1])
    ideal, weights = ideal_distances(4, u, v, s, sides, camp_gap=1.0)
    assert np.isfinite(ideal).all()
    assert ideal[0, 2] > ideal[0, 1]  # another component, further off, with a weak weight
    assert weights[0, 2] < weights[0, 1]


def test_majorization_lowers_stress_and_keeps_fixed_nodes():
    rng = np.random.default_rng(3)
    edges = [(i, (i + 1) % 12, 1 if i % 3 else -1) for i in range(12)] + [(0, 6, 1), (3, 9, -1)]
    ideal, weights = ideal_distances(12, *arrays(edges))
    start = rng.random((12, 2)) * 5
    done = majorize(start, ideal, weights)
    assert stress(done, ideal, weights) < 0.5 * stress(start, ideal, weights)
    fixed = np.zeros(12, dtype=bool)
    fixed[[2, 7]] = True
    pinned = majorize(start, ideal, weights, fixed=fixed)
    assert np.array_equal(pinned[fixed], start[fixed])
    assert stress(classical_mds(ideal), ideal, weights) < stress(start, ideal, weights)


def test_anchoring_keeps_nodes_near_their_anchors():
    edges = [(i, (i + 1) % 8, 1) for i in range(8)]
    ideal, weights = ideal_distances(8, *arrays(edges))
    start = np.column_stack([np.arange(8.0), np.zeros(8)])
    free = majorize(start, ideal, weights)
    anchored = majorize(start, ideal, weights, anchor=50.0)
    assert np.abs(anchored - start).max() < np.abs(free - start).max()


def test_camp_estimate_of_a_balanced_map_is_its_split():
    # two triangles of allies, opposed across
    edges = [
        (0, 1, 1),
        (1, 2, 1),
        (0, 2, 1),
        (3, 4, 1),
        (4, 5, 1),
        (3, 5, 1),
        (0, 3, -1),
        (2, 5, -1),
        (1, 4, -1),
    ]
    u, v, s = arrays(edges)
    sides = coalition_sides(7, u, v, s, np.ones(len(u)))
    assert sides[6] == -1  # no tie, no camp
    assert len(set(sides[:3])) == 1 and len(set(sides[3:6])) == 1 and sides[0] != sides[3]
    assert sides[0] == 0
