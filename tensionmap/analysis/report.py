"""One call that runs every analysis, and the two ways to show the result.

``analyze(ws).to_json()`` is the machine-readable form behind
``tensionmap analyze --json``; :func:`format_report` is the plain-text form a
person reads in a terminal. Both list tensions strongest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tensionmap.model import Workspace

from .balance import EXACT_EDGE_LIMIT, TIME_LIMIT, BalanceResult, structural_balance
from .graph import signed_graph
from .tensions import Finding, derived_findings, explicit_findings, rank


@dataclass(frozen=True)
class AnalysisResult:
    """Tensions, alliances and structural balance of one workspace."""

    tensions: tuple[Finding, ...]
    alliances: tuple[Finding, ...]
    balance: BalanceResult
    labels: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {
            "tensions": [f.to_json() for f in self.tensions],
            "alliances": [f.to_json() for f in self.alliances],
            "balance": self.balance.to_json(),
        }


def analyze(
    ws: Workspace, *, exact_limit: int = EXACT_EDGE_LIMIT, time_limit: float = TIME_LIMIT
) -> AnalysisResult:
    """Explicit and derived tensions and alliances, ranked, plus the structural balance."""
    graph = signed_graph(ws)
    explicit_t, explicit_a = explicit_findings(ws)
    derived_t, derived_a = derived_findings(graph=graph)
    balance = structural_balance(graph, exact_limit=exact_limit, time_limit=time_limit)
    return AnalysisResult(
        tensions=tuple(rank(explicit_t + derived_t)),
        alliances=tuple(rank(explicit_a + derived_a)),
        balance=balance,
        labels={n.id: n.label for n in ws.nodes.values()},
    )


def _path_text(finding: Finding, labels: dict[str, str]) -> str:
    return " - ".join(labels.get(n, n) for n in finding.path)


def _section(
    title: str, findings: tuple[Finding, ...], labels: dict[str, str], limit: int | None
) -> list[str]:
    lines = [f"{title} ({len(findings)})"]
    if not findings:
        lines.append("  none")
        return lines
    shown = findings if limit is None else findings[:limit]
    width = len(str(len(shown)))
    for i, f in enumerate(shown, start=1):
        extra = []
        if f.count > 1:
            extra.append(f"{f.count} paths")
        if f.mixed:
            extra.append("mixed")
        tail = f" [{', '.join(extra)}]" if extra else ""
        lines.append(
            f"  {i:>{width}}. {f.labels[0]} <-> {f.labels[1]}  {f.kind}, intensity {f.intensity:.2f}{tail}"
        )
        if f.kind == "derived":
            lines.append(f"  {'':>{width}}  via {_path_text(f, labels)}")
    if limit is not None and len(findings) > limit:
        lines.append(f"  ... and {len(findings) - limit} more")
    return lines


def format_report(result: AnalysisResult, *, limit: int | None = None) -> str:
    """A ranked plain-text report; ``limit`` caps the entries listed per section."""
    labels = result.labels
    lines = _section("Tensions", result.tensions, labels, limit)
    lines.append("")
    lines += _section("Alliances", result.alliances, labels, limit)
    if any(f.mixed for f in result.tensions + result.alliances):
        lines.append("  [mixed]: the pair is linked by paths of both signs, so it is listed under both")
    lines.append("")
    b = result.balance
    lines.append("Structural balance")
    lines.append(f"  triangles: {b.triangles} ({b.unbalanced_triangles} unbalanced)")
    if b.exact:
        lines.append(f"  frustration index: {b.frustration_index} (exact)")
    else:
        lines.append(f"  frustration index: {b.frustration_index} (heuristic; at least {b.lower_bound})")
    for name, members in zip(("A", "B"), b.coalitions, strict=True):
        names = ", ".join(sorted(labels.get(n, str(n)) for n in members)) or "none"
        lines.append(f"  coalition {name}: {names}")
    if b.frustrated_edges:
        lines.append("  ties that do not fit the coalitions:")
        for u, v in b.frustrated_edges:
            lines.append(f"    {labels.get(u, str(u))} - {labels.get(v, str(v))}")
    return "\n".join(lines) + "\n"
