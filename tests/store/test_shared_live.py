"""Live updates: LISTEN/NOTIFY brings other clients' commits; a restarted server is caught up."""

from __future__ import annotations

import threading
import time

import pytest

from tensionmap import commands as c
from tensionmap.store import ReadOnlyError
from tensionmap.store.server_connect import ServerError
from tensionmap.store.shared import SharedWorkspace
from tensionmap.store.shared_admin import init_server, publish
from tests.builders import small_map, stakeholder
from tests.store.shared_checks import assert_consistent


def wait_for(condition, timeout: float) -> float:
    """Seconds until ``condition()`` held; fails after ``timeout``."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout} s")
        time.sleep(0.005)
    return time.monotonic() - start


@pytest.fixture
def server(pg_url):
    init_server(pg_url)
    start = small_map()
    publish(start, pg_url, "live").close()
    return pg_url, start


def test_a_commit_reaches_a_listening_client_within_a_second(server):
    url, _ = server
    woken = threading.Event()
    watcher = SharedWorkspace.open(url, "live", listen=True, wake=woken.set)
    writer = SharedWorkspace.open(url, "live")
    try:
        assert watcher.listener.wait_connected()
        for i in range(5):
            woken.clear()
            node = stakeholder(f"live {i}")
            writer.execute(c.add_node(node))
            wait_for(watcher.is_stale, 1.0)
            assert woken.is_set()
            changed = watcher.refresh()
            assert [k for k, _, _ in changed] == [("nodes", node.id)]
        assert watcher.workspace.same_content(writer.workspace)
        assert not watcher.is_stale() and watcher.refresh() == []
    finally:
        watcher.close()
        writer.close()


def test_server_restart_clients_reconnect_and_converge(server, pg_cluster):
    url, start = server
    a = SharedWorkspace.open(url, "live", listen=True)
    b = SharedWorkspace.open(url, "live", listen=True)
    acked = []
    try:
        assert a.listener.wait_connected() and b.listener.wait_connected()
        a.execute(c.add_node(n1 := stakeholder("before restart")))
        acked.append(n1.id)
        pg_cluster.restart()
        # Both notice the lost connection: read-only with a banner, nothing is half-done.
        wait_for(lambda: a.listener.reconnects >= 1 or not a.connected, 5.0)
        wait_for(lambda: a.connected and b.connected, 10.0)
        assert a.listener.reconnects >= 1 and b.listener.reconnects >= 1
        b.execute(c.add_node(n2 := stakeholder("after restart")))  # the pool reconnects (pre-ping)
        acked.append(n2.id)
        wait_for(a.is_stale, 1.0)
        a.refresh()
        b.refresh()
        assert a.workspace.same_content(b.workspace)
        stored = assert_consistent(url, "live", start)
        assert a.workspace.same_content(stored)
        assert all(key in stored.nodes for key in acked)
    finally:
        a.close()
        b.close()


def test_while_disconnected_the_map_is_read_only_with_a_banner(server, pg_cluster):
    url, _ = server
    sw = SharedWorkspace.open(url, "live", listen=True)
    try:
        assert sw.listener.wait_connected()
        pg_cluster.pg_stop()
        try:
            wait_for(lambda: not sw.connected, 5.0)
            assert sw.read_only and "Connection to" in sw.banner and "read-only" in sw.banner
            with pytest.raises(ReadOnlyError):
                sw.execute(c.add_node(stakeholder("lost")))
            assert "lost" not in {n.label for n in sw.workspace.nodes.values()}
        finally:
            pg_cluster.pg_start()
        wait_for(lambda: sw.connected, 10.0)
        assert not sw.read_only and sw.banner == ""
        sw.execute(c.add_node(stakeholder("back")))
    finally:
        sw.close()


def test_a_command_when_the_server_is_gone_is_refused_and_undone_in_memory(server, pg_cluster):
    url, _ = server
    sw = SharedWorkspace.open(url, "live")  # no listener: it learns at the command
    try:
        before = sw.workspace.content()
        pg_cluster.pg_stop()
        try:
            with pytest.raises(ServerError) as refused:
                sw.execute(c.add_node(stakeholder("lost")))
            assert "\n" not in str(refused.value)
            assert sw.workspace.content() == before
        finally:
            pg_cluster.pg_start()
    finally:
        sw.close()
