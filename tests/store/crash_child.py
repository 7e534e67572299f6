"""Child process of the crash test: apply commands to a workspace file until killed."""

import sys

from tensionmap.store import WorkspaceFile
from tests.store.command_stream import stream

path, seed = sys.argv[1], int(sys.argv[2])
wf = WorkspaceFile.open(path)
print("ready", flush=True)
for count, command in enumerate(stream(wf.workspace, seed), start=1):
    wf.execute(command)
    print(count, flush=True)
