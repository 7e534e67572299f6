"""Kill a writer with SIGKILL at random moments: the file stays sound and whole.

After each kill the file must pass ``tensionmap check`` and hold exactly the
state after some whole number of commands (one transaction per command).
"""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tensionmap.cli import main
from tensionmap.store import WorkspaceFile
from tests.store.command_stream import initial, stream

ROOT = Path(__file__).resolve().parents[2]
KILLS = 32


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_never_leaves_a_partial_command(tmp_path):
    rng = random.Random(1234)
    counts = []
    for round_ in range(KILLS):
        path = tmp_path / f"crash{round_}.tmap"
        WorkspaceFile.create(path, initial()).close()
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.store.crash_child", str(path), str(round_)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert child.stdout.readline().strip() == "ready"
        # Let a random number of commands land first (a busy machine writes slowly, so counting
        # commands rather than seconds keeps the kill points spread), then kill at a random moment
        # of the next few transactions.
        target = rng.randrange(0, 60)
        done = 0
        while done < target:
            line = child.stdout.readline()
            if not line:
                break
            done = int(line)
        time.sleep(rng.uniform(0.0, 0.03))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert main(["check", str(path)]) == 0, f"round {round_}: check failed after kill"
        with WorkspaceFile.open(path) as wf:
            on_disk = wf.workspace.content()
        replay = initial()
        applied = 0
        for command in stream(replay, round_):
            if replay.content() == on_disk:
                break
            command.apply(replay)
            applied += 1
            assert applied < 20000, f"round {round_}: file matches no whole number of commands"
        counts.append(applied)
    # The kills must have landed at different points, mostly after some writes.
    print("commands applied before each kill:", counts)
    assert len(set(counts)) > KILLS // 3
    assert sum(1 for n in counts if n > 0) > KILLS // 2
