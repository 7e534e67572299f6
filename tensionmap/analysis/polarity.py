"""The polarity view of a tension between two drivers.

A polarity map (Johnson's polarity management) shows, for each pole, its
upsides and its downsides. The notes a map already holds say exactly that:
a note on a positive relation into a pole says how that pole benefits
someone (an upside), a note on a negative one says why someone pulls away
from it (a downside). This module fills the four quadrants from those notes,
as a starting point the facilitator edits, and measures how each stakeholder
leans between the poles.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Polarity, Workspace, new_id


@dataclass(frozen=True)
class Lean:
    stakeholder: str
    #: -1.0 = wholly towards the left pole, +1.0 = wholly towards the right, 0 = undecided.
    score: float


def _quadrants(ws: Workspace, pole: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ups: list[str] = []
    downs: list[str] = []
    for r in ws.relations.values():
        if pole not in (r.source, r.target) or not r.note.strip() or r.type == "in_tension_with":
            continue
        other = ws.node(r.target if r.source == pole else r.source)
        text = f"{other.label}: {r.note.strip()}"
        (ups if r.sign > 0 else downs if r.sign < 0 else []).append(text)
    return tuple(ups), tuple(downs)


def polarity_from_notes(ws: Workspace, left: str, right: str, polarity_id: str | None = None) -> Polarity:
    """A Polarity whose quadrants are filled from the notes of the relations at each pole."""
    left_up, left_down = _quadrants(ws, left)
    right_up, right_down = _quadrants(ws, right)
    return Polarity(
        id=polarity_id or new_id(),
        left=left,
        right=right,
        left_upsides=left_up,
        left_downsides=left_down,
        right_upsides=right_up,
        right_downsides=right_down,
    )


def leans(ws: Workspace, left: str, right: str) -> list[Lean]:
    """How each stakeholder with a stance on either pole leans, strongest leaners first.

    Reads only the relations at the two poles (through the workspace's
    per-node index), so it stays quick on big maps.
    """
    stance: dict[str, list[float]] = {}
    for side, pole in enumerate((left, right)):
        for r in ws.relations_of(pole):
            other = r.target if r.source == pole else r.source
            if ws.node(other).kind == "stakeholder":
                stance.setdefault(other, [0.0, 0.0])[side] += r.sign * r.strength
    found = [
        Lean(key, (to_right - to_left) / (abs(to_left) + abs(to_right)))
        for key, (to_left, to_right) in stance.items()
        if to_left or to_right
    ]
    order = {key: i for i, key in enumerate(ws.nodes)}
    return sorted(found, key=lambda lean: (-abs(lean.score), order[lean.stakeholder]))
