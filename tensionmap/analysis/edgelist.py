"""Read signed edge lists (KONECT style) into a networkx graph.

The interchange package has the real importer that turns an edge list into a
Workspace; this helper exists so the analysis can be tested against published
signed networks (such as Read's highland tribes) without going through the
model. It is deliberately small.

Format: one edge per line, ``source target code [anything else]``. Lines that
are blank or start with ``%`` or ``#`` are comments. ``code`` 1 means a
positive tie; 2 (the KONECT convention) or -1 means a negative tie. Other
codes are rejected so a misread file cannot pass silently.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

_SIGNS = {"1": 1, "+1": 1, "2": -1, "-1": -1}


def parse_signed_edgelist(text: str) -> nx.Graph:
    """Parse edge-list text into an undirected graph with a ``sign`` (+1/-1) edge attribute.

    Node names stay the strings found in the file. A repeated pair keeps the
    last sign seen (the published datasets have no repeats).
    """
    graph = nx.Graph()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in "%#":
            continue
        parts = line.split()
        if len(parts) < 3:
            raise ValueError(f"line {number}: expected 'source target sign', got {raw!r}")
        source, target, code = parts[0], parts[1], parts[2]
        if code not in _SIGNS:
            raise ValueError(f"line {number}: unknown sign code {code!r} (use 1, 2 or -1)")
        if source == target:
            raise ValueError(f"line {number}: self-loop on {source!r}")
        graph.add_edge(source, target, sign=_SIGNS[code])
    return graph


def load_signed_edgelist(path: str | Path) -> nx.Graph:
    """Read a signed edge-list file; see :func:`parse_signed_edgelist`."""
    return parse_signed_edgelist(Path(path).read_text(encoding="utf-8"))
