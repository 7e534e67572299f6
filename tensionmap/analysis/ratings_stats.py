"""The statistics of many rated items at once, vectorised with numpy.

One call computes every item of a round: a room of 60 rating 200 relations
is 12,000 values, and a numpy call per item and statistic would cost more
than the rest of the Room lens together. Each statistic is the one numpy
computes for that item alone (``numpy.mean``, ``numpy.median``,
``numpy.std(ddof=1)``, ``numpy.percentile`` with its default linear
interpolation); the tests hold them to 1e-12 of those.

Inputs are flat arrays, one entry per rating: the item's index, the value
(sign x strength) and the rater's group index. Values are small integers,
so sums are exact in floating point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CONSENSUS_SIDE = 70  # percent on one side, at least
CONSENSUS_OTHER = 15  # percent on the other side, under
CONTESTED_SIDE = 25  # percent on each side, at least


@dataclass(frozen=True)
class Stats:
    """Per-item arrays (length = number of items); ``sd`` is NaN under two raters."""

    raters: np.ndarray
    mean: np.ndarray
    median: np.ndarray
    sd: np.ndarray
    iqr: np.ndarray
    positive: np.ndarray  # counts
    negative: np.ndarray
    consensus: np.ndarray
    contested: np.ndarray
    group_mean: np.ndarray
    majority: np.ndarray
    mean_strength: np.ndarray
    values: list[tuple[int, ...]]  # each item's values in input order


def flag_arrays(pos: np.ndarray, neg: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(consensus, contested) from whole counts: exact on the thresholds, no floating point."""
    hi, lo = np.maximum(pos, neg), np.minimum(pos, neg)
    consensus = (100 * hi >= CONSENSUS_SIDE * n) & (100 * lo < CONSENSUS_OTHER * n) & (n > 0)
    contested = (100 * lo >= CONTESTED_SIDE * n) & (n > 0)
    return consensus, contested


def _quantile(sorted_values: np.ndarray, start: np.ndarray, n: np.ndarray, q: float) -> np.ndarray:
    """numpy.percentile's linear method on each item's sorted run (``a + (b - a) * t``)."""
    pos = q * (n - 1)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, n - 1)
    t = pos - lo
    a, b = sorted_values[start + lo], sorted_values[start + hi]
    diff = b - a
    out = a + diff * t
    # numpy computes from the upper end when t >= 0.5, for monotonicity
    upper = t >= 0.5
    out[upper] = (b - diff * (1 - t))[upper]
    return out


def item_stats(item: np.ndarray, value: np.ndarray, group: np.ndarray, items: int, groups: int) -> Stats:
    """Every statistic of every item; each item must have at least one value."""
    item = np.asarray(item, dtype=np.int64)
    v = np.asarray(value, dtype=float)
    n = np.bincount(item, minlength=items)
    mean = np.bincount(item, weights=v, minlength=items) / n
    dev = v - mean[item]
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(np.bincount(item, weights=dev * dev, minlength=items) / (n - 1))
    sd[n < 2] = np.nan
    pos = np.bincount(item, weights=(v > 0), minlength=items).astype(np.int64)
    neg = np.bincount(item, weights=(v < 0), minlength=items).astype(np.int64)
    zero = n - pos - neg
    consensus, contested = flag_arrays(pos, neg, n)
    order = np.lexsort((v, item))
    sorted_values = v[order]
    start = np.concatenate(([0], np.cumsum(n)[:-1]))
    mid_lo, mid_hi = start + (n - 1) // 2, start + n // 2
    median = (sorted_values[mid_lo] + sorted_values[mid_hi]) / 2.0
    odd = n % 2 == 1
    median[odd] = sorted_values[mid_lo][odd]
    iqr = _quantile(sorted_values, start, n, 0.75) - _quantile(sorted_values, start, n, 0.25)
    cell = item * groups + np.asarray(group, dtype=np.int64)
    g_n = np.bincount(cell, minlength=items * groups).reshape(items, groups)
    g_sum = np.bincount(cell, weights=v, minlength=items * groups).reshape(items, groups)
    present = g_n > 0
    g_mean = np.where(present, g_sum / np.maximum(g_n, 1), 0.0)
    group_mean = g_mean.sum(axis=1) / present.sum(axis=1)
    counts = np.stack([neg, zero, pos], axis=1)  # columns: sign -1, 0, +1
    top = counts.max(axis=1)
    ties = (counts == top[:, None]).sum(axis=1) > 1
    majority = np.where(ties, 0, counts.argmax(axis=1) - 1)
    held = (np.sign(v) == majority[item]) & (majority[item] != 0)
    held_n = np.bincount(item, weights=held, minlength=items)
    held_sum = np.bincount(item, weights=np.abs(v) * held, minlength=items)
    mean_strength = np.where(held_n > 0, held_sum / np.maximum(held_n, 1), 0.0)
    by_item = np.argsort(item, kind="stable")
    flat = v[by_item].astype(np.int64).tolist()  # one conversion, then plain slices per item
    ends = np.cumsum(n).tolist()
    values = [tuple(flat[a:b]) for a, b in zip([0, *ends[:-1]], ends, strict=True)]
    return Stats(
        n, mean, median, sd, iqr, pos, neg, consensus, contested, group_mean, majority, mean_strength, values
    )
