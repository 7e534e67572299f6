"""Analyses of a stakeholder-tension map: tensions, alliances and structural balance.

Everything here reads a :class:`tensionmap.model.Workspace` (or a networkx
graph) and returns plain dataclasses; nothing touches Qt, so the CLI, the UI
and the tests share one implementation.
"""

from .balance import (
    BalanceResult,
    disjoint_unbalanced_triangles,
    frustration,
    signed_triangles,
    structural_balance,
    triangle_census,
)
from .edgelist import load_signed_edgelist, parse_signed_edgelist
from .graph import signed_graph
from .report import AnalysisResult, analyze, format_report
from .tensions import (
    Finding,
    derived_alliances,
    derived_findings,
    derived_tensions,
    explicit_findings,
    explicit_tensions,
)

__all__ = [
    "AnalysisResult",
    "BalanceResult",
    "Finding",
    "analyze",
    "derived_alliances",
    "derived_findings",
    "derived_tensions",
    "disjoint_unbalanced_triangles",
    "explicit_findings",
    "explicit_tensions",
    "format_report",
    "frustration",
    "load_signed_edgelist",
    "parse_signed_edgelist",
    "signed_graph",
    "signed_triangles",
    "structural_balance",
    "triangle_census",
]
