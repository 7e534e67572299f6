"""Shared test set-up: Qt renders offscreen, and each test gets its own files."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@pytest.fixture
def example_path() -> Path:
    return ROOT / "workspaces" / "micro-credentials.tmap"


@pytest.fixture
def tribes_path() -> Path:
    """The highland tribes signed network (tests/data/README.md says where it comes from)."""
    return ROOT / "tests" / "data" / "highland-tribes.edges"


@pytest.fixture(scope="session", autouse=True)
def _release_clipboard_at_exit():
    """A map copied to the clipboard must not crash the interpreter at exit (see release_clipboard)."""
    yield
    from tensionmap.ui.clipboard import release_clipboard

    release_clipboard()
