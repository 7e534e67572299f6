"""Shared test set-up: Qt renders offscreen, and each test gets its own files."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


@pytest.fixture
def example_path() -> Path:
    return ROOT / "workspaces" / "micro-credentials.tmap"


@pytest.fixture
def tribes_path() -> Path:
    """The shared highland tribes dataset (a copy ships in tests/data for CI)."""
    shared = SHARED / "datasets" / "highland-tribes.edges"
    return shared if shared.exists() else ROOT / "tests" / "data" / "highland-tribes.edges"
