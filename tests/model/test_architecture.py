"""Layering rules of DESIGN.md 5, checked on what actually gets imported."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_MODEL = ("PySide6", "sqlalchemy", "networkx", "numpy", "pyqtgraph", "scipy", "shiboken6")


def loaded_by(module: str) -> set[str]:
    code = f"import sys, json; import {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in json.loads(out.stdout)}


def test_model_imports_only_the_standard_library():
    loaded = loaded_by("tensionmap.model")
    assert not loaded & set(FORBIDDEN_IN_MODEL)
    assert "tensionmap" in loaded


def test_commands_stay_free_of_qt_and_sqlalchemy():
    loaded = loaded_by("tensionmap.commands")
    assert not loaded & {"PySide6", "sqlalchemy", "shiboken6"}


def test_store_and_analysis_do_not_load_qt():
    assert "PySide6" not in loaded_by("tensionmap.store")
    assert "PySide6" not in loaded_by("tensionmap.cli")
