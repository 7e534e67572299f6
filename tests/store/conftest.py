"""Fixtures for the store tests: a PostgreSQL cluster for the shared backend."""

from __future__ import annotations

import itertools

import pytest

from tests.store.pg_cluster import Cluster, find_bin

_db_numbers = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster():
    """One cluster for the session (started on first use, stopped at the end)."""
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
    name = f"t{next(_db_numbers)}"
    pg_cluster.psql(f"CREATE DATABASE {name}")
    return pg_cluster.url(db=name)
