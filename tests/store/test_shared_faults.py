"""Many clients, killed clients, a restarted server: nothing acknowledged is lost or doubled.

Each client is a process of its own (tests/store/shared_child.py) applying
random commands tagged in their journal summary, so the journal can be
checked against what each client was told.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from tensionmap import commands as c
from tensionmap.store import WorkspaceFile
from tensionmap.store.server_connect import make_engine
from tensionmap.store.shared import SharedWorkspace
from tensionmap.store.shared_admin import init_server, publish
from tests.builders import stakeholder
from tests.store.command_stream import initial
from tests.store.shared_checks import assert_consistent, journal_rows

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 8
COMMANDS = 300
KILLS = 30


def spawn(url: str, name: str, seed: int, count: int, out: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.store.shared_child", url, name, str(seed), str(count), str(out)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TENSIONMAP_AUTHOR": f"client{seed}"},
    )
    assert child.stdout.readline().strip() == "ready"
    return child


@pytest.fixture
def server(pg_url):
    init_server(pg_url)
    start = initial()
    publish(start, pg_url, "room").close()
    return pg_url, start


def finish(children, outs) -> list[dict]:
    for child in children:
        assert child.stdout.readline().strip() == "done"
    for child in children:  # every client has finished writing: now each takes the last word
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        assert child.wait(timeout=120) == 0
    return [json.loads(o.read_text()) for o in outs]


@pytest.mark.slow
def test_eight_clients_300_commands_each_every_ack_in_the_journal_once(server, tmp_path):
    url, start = server
    began = time.monotonic()
    outs = [tmp_path / f"client{i}.json" for i in range(CLIENTS)]
    children = [spawn(url, "room", i, COMMANDS, outs[i]) for i in range(CLIENTS)]
    results = finish(children, outs)
    stored = assert_consistent(url, "room", start)
    summaries = [r.summary for r in journal_rows(url, "room")]
    tags = [s.rsplit(" ", 1)[1] for s in summaries]
    acked = [t for r in results for t in r["acked"]]
    refused = {t for r in results for t in r["refused"]}
    assert sorted(tags) == sorted(acked)  # each acknowledged command exactly once, nothing else
    assert len(set(tags)) == len(tags)
    assert not refused & set(tags)  # no refused command left a trace
    assert not {t for r in results for t in r["noop"]} & set(tags)  # nor did a command with nothing to do
    assert all(not r["failed"] for r in results)
    for r in results:
        with WorkspaceFile.open(r["final"], read_only=True) as wf:
            assert wf.workspace.same_content(stored)
    print(f"{len(acked)} acknowledged, {len(refused)} refused, {time.monotonic() - began:.1f} s")
    assert len(acked) > CLIENTS * COMMANDS // 3 and refused  # real contention happened


def _busy_backend(url: str) -> bool:
    """Is a tensionmap client inside a transaction right now?"""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return bool(
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tensionmap' "
                        "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL "
                        "AND state IN ('active', 'idle in transaction')"
                    )
                ).scalar()
            )
    finally:
        engine.dispose()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_clients_killed_mid_transaction_leave_the_server_consistent(server, tmp_path):
    url, start = server
    rng = random.Random(7)
    mid_transaction = 0
    rounds = 0
    while mid_transaction < KILLS:
        rounds += 1
        assert rounds < KILLS * 4, f"only {mid_transaction} kills landed inside a transaction"
        child = spawn(url, "room", 100 + rounds, 0, tmp_path / "unused.json")
        deadline = time.monotonic() + rng.uniform(0.05, 0.6)
        while time.monotonic() < deadline:
            time.sleep(0.005)
        seen = False
        for _ in range(400):  # then catch it inside a transaction
            if _busy_backend(url):
                seen = True
                break
        child.send_signal(signal.SIGKILL)
        child.wait()
        mid_transaction += seen
        assert_consistent(url, "room", start)
    # Afterwards the workspace is fully usable: a new client commits on top.
    with SharedWorkspace.open(url, "room") as sw:
        before = sw.revision
        sw.execute(c.add_node(stakeholder("after the kills")))
        assert sw.revision == before + 1
    assert_consistent(url, "room", start)


@pytest.mark.slow
def test_server_restarted_mid_session_clients_reconnect_and_converge(server, pg_cluster, tmp_path):
    url, start = server
    outs = [tmp_path / f"r{i}.json" for i in range(4)]
    children = [spawn(url, "room", 200 + i, 150, outs[i]) for i in range(4)]
    # Restart once the clients are well into their work (counted, not timed: a busy machine is slow).
    deadline = time.monotonic() + 60
    while len(journal_rows(url, "room")) < 60 and time.monotonic() < deadline:
        time.sleep(0.05)
    before = len(journal_rows(url, "room"))
    pg_cluster.restart(downtime=0.5)  # every connection drops in the middle of the clients' work
    results = finish(children, outs)
    stored = assert_consistent(url, "room", start)
    tags = [r.summary.rsplit(" ", 1)[1] for r in journal_rows(url, "room")]
    acked = [t for r in results for t in r["acked"]]
    failed = {t for r in results for t in r["failed"]}
    refused = {t for r in results for t in r["refused"]}
    assert len(set(tags)) == len(tags)
    assert set(acked) <= set(tags)  # nothing acknowledged was lost
    assert set(tags) - set(acked) <= failed  # a command cut off by the restart may or may not have landed
    assert not refused & set(tags)
    # The restart fell in the middle of the work: commands landed both before and after it.
    assert 0 < before < len(tags), f"restart at {before} of {len(tags)} commands"
    for r in results:
        with WorkspaceFile.open(r["final"], read_only=True) as wf:
            assert wf.workspace.same_content(stored)
