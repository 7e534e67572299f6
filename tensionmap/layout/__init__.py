"""Automatic layouts of a stakeholder-tension map.

Every engine is a pure function from (graph, current positions, pinned ids,
options) to new positions, in scene units, with no two node rectangles
overlapping. :func:`run_layout` is the one entry point the UI and the CLI
need; the engines are public for tests, benchmarks and other graphs.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable

from tensionmap.model import Workspace

from .base import (
    DEFAULT_SIZE,
    GAP,
    SPACING,
    LayoutCancelled,
    Position,
    Progress,
    Sizes,
    add_stance_ties,
    current_positions,
    layout_graph,
    layout_graph_of,
    pinned_nodes,
    rectangles_overlap,
)
from .compact import compact
from .layered import count_crossings, layered_layout, order_bands
from .overlap import remove_overlaps
from .polarity import polarity_layout, stances
from .quality import MapQuality, measure, stability, straight_lines
from .signed import signed_layout
from .signed_stress import STRESS_LIMIT, signed_stress_layout

ENGINES: tuple[str, ...] = ("signed", "polarity", "layered")


def default_poles(ws: Workspace) -> tuple[str, str]:
    """The poles to use when none are given.

    The first polarity saved in the workspace; failing that, the strongest
    opposing relation between two drivers (first in workspace order on a tie).
    """
    for polarity in ws.polarities.values():
        return polarity.left, polarity.right
    nodes = ws.nodes
    best = None
    for rel in ws.relations.values():
        opposed_drivers = rel.sign < 0 and nodes[rel.source].kind == "driver" == nodes[rel.target].kind
        if opposed_drivers and (best is None or rel.strength > best.strength):
            best = rel
    if best is None:
        raise ValueError("the polarity layout needs two poles: no polarity or opposed drivers in the map")
    return best.source, best.target


def run_layout(
    ws: Workspace,
    engine: str,
    *,
    seed: int = 0,
    poles: tuple[str, str] | None = None,
    sizes: Sizes | None = None,
    progress: Progress | None = None,
    iterations: int | None = None,
    camps: tuple[Collection[str], Collection[str]] | None = None,
    incremental: bool = False,
) -> dict[str, Position]:
    """New positions for every node of ``ws`` (the workspace itself is not changed).

    ``engine`` is ``"signed"``, ``"polarity"`` or ``"layered"``. Nodes marked
    ``pinned`` keep their position exactly. ``sizes`` maps node ids to drawn
    (width, height); others count as :data:`DEFAULT_SIZE`. ``progress`` is
    called with a fraction from 0 to 1 and cancels the run (raising
    :class:`LayoutCancelled`) by returning ``False``. ``poles`` (left, right)
    is for the polarity engine; see :func:`default_poles`.

    Signed engine only:

    * ``camps``: the two coalitions of the structural balance (node ids), as
      ``tensionmap.analysis.structural_balance(signed_graph(ws)).coalitions``
      gives them; the drawing keeps them on either side of a line. Without
      them the layout estimates the camps itself (an equally frustrated
      split may differ from the analysis's);
    * ``incremental``: keep the room's mental map after a small edit: start
      from the current positions and pull every placed node back towards
      where it is, so only new nodes and their surroundings move (a node
      stacked exactly on another one counts as new). ``False`` (default)
      lays the map out afresh;
    * ``iterations``: for maps above :data:`STRESS_LIMIT` nodes, which use
      the force-directed engine (``incremental`` does not apply to them).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown layout engine {engine!r}; choose one of {', '.join(ENGINES)}")
    graph = layout_graph(ws)
    positions = current_positions(graph)
    pinned = pinned_nodes(graph)
    result: dict[Hashable, Position]
    if engine == "signed" and len(graph) <= STRESS_LIMIT:
        result = signed_stress_layout(
            graph,
            positions,
            pinned,
            sizes=sizes,
            seed=seed,
            camps=camps,
            incremental=incremental,
            progress=progress,
        )
        return {str(k): v for k, v in result.items()}
    if engine == "signed":
        result = signed_layout(
            add_stance_ties(graph),
            positions,
            pinned,
            sizes=sizes,
            seed=seed,
            iterations=iterations,
            progress=progress,
        )
    elif engine == "polarity":
        left, right = poles if poles is not None else default_poles(ws)
        result = polarity_layout(graph, left, right, positions, pinned, sizes=sizes, progress=progress)
    else:
        result = layered_layout(graph, positions, pinned, sizes=sizes, progress=progress)
    out = {str(k): v for k, v in result.items()}
    if not pinned:  # pinned nodes fix the scale: the rest must stay where they belong to them
        out = compact(out, {k: (sizes or {}).get(k, DEFAULT_SIZE) for k in out})
    return out


__all__ = [
    "DEFAULT_SIZE",
    "ENGINES",
    "GAP",
    "SPACING",
    "STRESS_LIMIT",
    "LayoutCancelled",
    "MapQuality",
    "Position",
    "Progress",
    "Sizes",
    "add_stance_ties",
    "compact",
    "count_crossings",
    "current_positions",
    "default_poles",
    "layered_layout",
    "layout_graph",
    "layout_graph_of",
    "measure",
    "order_bands",
    "pinned_nodes",
    "polarity_layout",
    "rectangles_overlap",
    "remove_overlaps",
    "run_layout",
    "signed_layout",
    "signed_stress_layout",
    "stability",
    "stances",
    "straight_lines",
]
