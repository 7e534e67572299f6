"""A finding's path as text, with the step symbols the Tensions dock shows.

One copy for the window and the report: ``A → X ⟂ Y ← B``. A supportive
step shows its direction (→ with the path, ← against it; ↔ for an alliance,
which has none), an opposing or tension step shows ⟂ (a tension has no
direction to show), and a step without a signed relation (or without
relations given) shows —.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any


def connector(sign: int | None, forward: bool | None) -> str:
    """The symbol between two path steps: → / ← for support, ↔ for an alliance (no direction),
    ⟂ for tension, — when unknown."""
    if sign is None or sign == 0:
        return " — "
    if sign < 0:
        return " ⟂ "
    if forward is None:
        return " ↔ "
    return " → " if forward else " ← "


def path_text(finding: Any, labels: Mapping[str, str], relations: Mapping[str, Any] | None = None) -> str:
    """A finding's path as plain text, e.g. "A → X ⟂ Y ← B".

    With ``relations`` (relation id -> Relation, e.g. ``ws.relations``) each step
    shows its sign and direction; without them steps are joined by "—".
    """
    path = tuple(finding.path)
    parts = [labels.get(path[0], path[0])] if path else []
    by_pair: dict[frozenset[str], Any] = {}
    if relations is not None:
        for rid in finding.relations:
            rel = relations.get(rid)
            if rel is not None:
                by_pair.setdefault(frozenset((rel.source, rel.target)), rel)
    for u, v in itertools.pairwise(path):
        rel = by_pair.get(frozenset((u, v)))
        if rel is None:
            step = connector(None, None)
        elif rel.sign < 0 or getattr(rel, "symmetric", False):
            step = connector(rel.sign, None)
        else:
            step = connector(rel.sign, rel.source == u)
        parts.append(step + labels.get(v, v))
    return "".join(parts)
