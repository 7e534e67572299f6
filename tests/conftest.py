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


# --- shared workspaces (issue 13): a throwaway PostgreSQL cluster, started on first use ---
_pg_databases = iter(range(10**6))


@pytest.fixture(scope="session")
def pg_cluster():
    """One cluster for the session on 127.0.0.1 (tests/store/pg_cluster.py), stopped at the end."""
    from tests.store.pg_cluster import Cluster, find_bin

    bin_dir = find_bin()
    if bin_dir is None:
        pytest.fail("PostgreSQL binaries not found (install the 'postgresql' package or set PG_BIN)")
    cluster = Cluster(bin_dir)
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """A fresh, empty database for one test, reached as the superuser."""
    name = f"t{next(_pg_databases)}"
    pg_cluster.psql(f"CREATE DATABASE {name}")
    return pg_cluster.url(db=name)
