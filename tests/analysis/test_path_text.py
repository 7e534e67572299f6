"""Path steps read the same in the Tensions dock and the report: → ← ↔ ⟂ —."""

from __future__ import annotations

from types import SimpleNamespace

from tensionmap.analysis.path_text import path_text
from tensionmap.model import Relation


def test_step_symbols():
    relations = {
        "r1": Relation("r1", "a", "x", "supports"),
        "r2": Relation("r2", "x", "y", "in_tension_with"),
        "r3": Relation("r3", "b", "y", "values"),
        "r4": Relation("r4", "b", "c", "allied_with"),
    }
    labels = {"a": "A", "x": "X", "y": "Y", "b": "B", "c": "C"}
    finding = SimpleNamespace(path=("a", "x", "y", "b", "c"), relations=("r1", "r2", "r3", "r4"))
    assert path_text(finding, labels, relations) == "A → X ⟂ Y ← B ↔ C"
    assert path_text(finding, labels) == "A — X — Y — B — C"
