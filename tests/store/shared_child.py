"""Child process of the shared-server fault and concurrency tests: one client of a workspace.

``python -m tests.store.shared_child URL NAME SEED COUNT OUT`` applies COUNT
random commands (0: until killed), each tagged ``#SEED-N`` in its journal
summary, then waits for a line on stdin, refreshes, and writes OUT (JSON: the
tags acknowledged and refused, and its final map as a .tmap beside it).
"""

import json
import random
import sys
from pathlib import Path

from tensionmap.model import ModelError
from tensionmap.store import ConflictError, WorkspaceFile, WorkspaceFileError
from tensionmap.store.shared import SharedWorkspace
from tests.store.command_stream import next_command

url, name, seed, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])
rng = random.Random(seed)
sw = SharedWorkspace.open(url, name)
acked: list[str] = []
refused: list[str] = []
failed: list[str] = []
noop: list[str] = []
print("ready", flush=True)
n = 0
while count == 0 or n < count:
    n += 1
    if rng.random() < 0.25:
        try:
            sw.refresh()
        except WorkspaceFileError:
            pass
    command = next_command(sw.workspace, rng)
    tag = f"#{seed}-{n}"
    command.text = f"{command.text} {tag}"
    try:
        sw.execute(command)
        if sw.last_written is not None:
            acked.append(tag)
        else:
            noop.append(tag)  # acknowledged, but there was nothing to change: no revision
    except (ConflictError, ModelError):
        refused.append(tag)
    except WorkspaceFileError:
        failed.append(tag)  # the server went away: not acknowledged (it may or may not have landed)
if count:
    print("done", flush=True)
    sys.stdin.readline()
    sw.refresh()
    final = out.with_suffix(".tmap")
    WorkspaceFile.create(final, sw.workspace, overwrite=True).close()
    out.write_text(
        json.dumps({"acked": acked, "refused": refused, "failed": failed, "noop": noop, "final": str(final)})
    )
sw.close()
