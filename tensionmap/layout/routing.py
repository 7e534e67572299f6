"""Placeholder: straight lines; replaced by the routed implementation at merge.

Implements the signature of the edge-routing contract (each relation's drawn
polyline, from the source's box outline to the target's) with one straight
segment per relation, so the CLI's ``--metrics`` and the layout quality
benchmark can run before the router lands.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

from .quality import straight_lines

Point = tuple[float, float]


def route_relations(
    centres: Mapping[Hashable, Point],
    sizes: Mapping[Hashable, tuple[float, float]],
    relations: Sequence[tuple[Hashable, Hashable, Hashable]],
    *,
    clearance: float = 8.0,
) -> dict[Hashable, list[Point]]:
    """Each relation's drawn polyline: here always the straight segment between the two boxes."""
    del clearance  # the placeholder never bends
    return straight_lines(centres, sizes, relations)
