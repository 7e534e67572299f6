"""Shared-workspace benchmark: commit latency against the SQLite file, and live refresh time.

Run with ``python -m benchmarks.bench_shared`` from the repository root. It
starts a throwaway PostgreSQL cluster on 127.0.0.1 (durable: fsync on, as a
real server), or uses ``TENSIONMAP_BENCH_PG=postgresql://...`` if set.

* Per-command commit latency (median, p95) of the same 300 random commands
  on a ``.tmap`` file (synchronous=FULL) and on the shared server.
  Goal: server p95 within 3x of the file's.
* Commit-to-refresh: one client commits; 1, 4 and 8 other client processes
  each listen (LISTEN/NOTIFY) and take the journal rows into their model;
  the time from the commit returning to each client's model showing it.
  Goal: p95 within 1 s with 8 clients.

Exit status 1 if a goal is missed.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tensionmap import commands as c  # noqa: E402
from tensionmap.model import Node, Workspace  # noqa: E402
from tensionmap.store import WorkspaceFile  # noqa: E402
from tensionmap.store.shared import SharedWorkspace  # noqa: E402
from tensionmap.store.shared_admin import init_server, publish  # noqa: E402
from tests.store.command_stream import next_command  # noqa: E402

COMMANDS = 300
COMMITS = 40


def start_map() -> Workspace:
    ws = Workspace("bench")
    rng = random.Random(3)
    for i in range(100):
        ws.add_node(Node(f"n{i}", rng.choice(["stakeholder", "driver"]), f"node {i}", x=i * 10.0))
    return ws


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latencies(store, seed: int) -> list[float]:
    rng = random.Random(seed)
    out = []
    for _ in range(COMMANDS):
        command = next_command(store.workspace, rng)
        t = time.perf_counter()
        store.execute(command)
        out.append((time.perf_counter() - t) * 1000)
    return out


def watch(url: str, name: str, commits: int) -> None:
    """Child: listen, refresh on news, print 'revision wall-time' when the model shows it."""
    sw = SharedWorkspace.open(url, name, listen=True)
    sw.listener.wait_connected()
    print("ready", flush=True)
    start = sw.revision
    while sw.revision < start + commits:
        if sw.is_stale():
            sw.refresh()
            print(f"{sw.revision} {time.time():.6f}", flush=True)
        else:
            time.sleep(0.002)
    sw.close()


def refresh_times(url: str, clients: int) -> list[float]:
    name = f"live-{clients}"
    publish(start_map(), url, name).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "benchmarks.bench_shared", "--watch", url, name, str(COMMITS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(clients)
    ]
    for child in children:
        assert child.stdout.readline().strip() == "ready"
    committed: dict[int, float] = {}
    with SharedWorkspace.open(url, name) as writer:
        for i in range(COMMITS):
            writer.execute(c.update_node(f"n{i % 100}", label=f"edit {i}"))
            committed[writer.revision] = time.time()
            time.sleep(0.05)
    delays = []
    for child in children:
        out, _ = child.communicate(timeout=60)
        # A refresh may bring several revisions at once: each waited since its own commit.
        seen: set[int] = set()
        for line in out.splitlines():
            rev, at = int(line.split()[0]), float(line.split()[1])
            for r in sorted(committed):
                if r <= rev and r not in seen:
                    seen.add(r)
                    delays.append((at - committed[r]) * 1000)
    return delays


def main() -> int:
    url = os.environ.get("TENSIONMAP_BENCH_PG")
    cluster = None
    if not url:
        from tests.store.pg_cluster import Cluster, find_bin

        bin_dir = find_bin()
        if bin_dir is None:
            print("PostgreSQL binaries not found", file=sys.stderr)
            return 1
        cluster = Cluster(bin_dir, durable=True)
        cluster.start()
        url = cluster.url()
    ok = True
    try:
        init_server(url)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.tmap"
            WorkspaceFile.create(path, start_map()).close()
            with WorkspaceFile.open(path) as wf:
                file_ms = latencies(wf, 11)
        publish(start_map(), url, "latency").close()
        with SharedWorkspace.open(url, "latency") as sw:
            server_ms = latencies(sw, 11)
        f50, f95 = statistics.median(file_ms), pct(file_ms, 0.95)
        s50, s95 = statistics.median(server_ms), pct(server_ms, 0.95)
        print(
            f"commit latency, {COMMANDS} commands: file median {f50:.1f} ms p95 {f95:.1f} ms; "
            f"server median {s50:.1f} ms p95 {s95:.1f} ms ({s95 / f95:.2f}x the file's p95)"
        )
        ok &= s95 <= 3 * f95
        for clients in (1, 4, 8):
            delays = refresh_times(url, clients)
            d50, d95 = statistics.median(delays), pct(delays, 0.95)
            print(
                f"commit to refreshed model, {clients} client(s), {len(delays)} samples: "
                f"median {d50:.0f} ms, p95 {d95:.0f} ms"
            )
            if clients == 8:
                ok &= d95 <= 1000
    finally:
        if cluster is not None:
            cluster.stop()
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--watch":
        watch(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        sys.exit(0)
    sys.exit(main())
