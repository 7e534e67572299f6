import numpy as np
import pytest

from tensionmap.layout import rectangles_overlap, remove_overlaps


def as_dict(pos):
    return {i: tuple(p) for i, p in enumerate(pos)}


@pytest.mark.parametrize("seed", range(5))
def test_crowded_random_rectangles_are_separated(seed):
    rng = np.random.default_rng(seed)
    n = 150
    pos = rng.uniform(0, 900, (n, 2))
    sizes = np.column_stack([rng.uniform(60, 220, n), rng.uniform(30, 80, n)])
    out = remove_overlaps(pos, sizes)
    assert rectangles_overlap(as_dict(out), {i: tuple(s) for i, s in enumerate(sizes)}) == []


def test_pinned_nodes_do_not_move_and_others_leave_them():
    rng = np.random.default_rng(3)
    pos = rng.uniform(0, 400, (40, 2))
    sizes = np.tile([160.0, 60.0], (40, 1))
    fixed = np.zeros(40, dtype=bool)
    fixed[[0, 5, 9]] = True
    pos[5] = pos[0] + [500.0, 0.0]
    out = remove_overlaps(pos, sizes, fixed)
    assert np.array_equal(out[fixed], pos[fixed])
    assert rectangles_overlap(as_dict(out), dict.fromkeys(range(40), (160.0, 60.0))) == []


def test_coincident_nodes_and_single_axis():
    pos = np.zeros((6, 2))
    sizes = np.tile([100.0, 40.0], (6, 1))
    out = remove_overlaps(pos, sizes, axis="y")
    assert np.all(out[:, 0] == 0.0)
    assert rectangles_overlap(as_dict(out), dict.fromkeys(range(6), (100.0, 40.0))) == []
    out = remove_overlaps(pos, sizes, axis="x")
    assert np.all(out[:, 1] == 0.0)
    assert len(set(np.round(out[:, 0], 6))) == 6


def test_clear_layout_is_left_alone_and_gap_is_kept():
    pos = np.array([[0.0, 0.0], [300.0, 0.0], [0.0, 200.0]])
    sizes = np.tile([160.0, 60.0], (3, 1))
    assert np.array_equal(remove_overlaps(pos, sizes), pos)
    touching = np.array([[0.0, 0.0], [161.0, 0.0]])
    out = remove_overlaps(touching, sizes[:2], gap=12.0)
    assert abs(out[1, 0] - out[0, 0]) >= 172.0 - 1e-6


def test_trivial_inputs():
    assert remove_overlaps(np.zeros((0, 2)), np.zeros((0, 2))).shape == (0, 2)
    one = np.array([[3.0, 4.0]])
    assert np.array_equal(remove_overlaps(one, np.array([[10.0, 10.0]])), one)
    both_fixed = np.zeros((2, 2))
    out = remove_overlaps(both_fixed, np.ones((2, 2)), np.array([True, True]))
    assert np.array_equal(out, both_fixed)
