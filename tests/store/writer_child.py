"""Child process of the two-writer tests: a second window on the same .tmap file.

Reads one command per line on stdin and answers one line on stdout:
``remove NODE_ID``, ``rename NODE_ID LABEL``, ``refresh``, ``quit``.
"""

import sys

from tensionmap import commands as c
from tensionmap.store import FileInUseError, WorkspaceFile, WorkspaceFileError

path = sys.argv[1]
try:
    WorkspaceFile.open(path).close()
    print("free", flush=True)
except FileInUseError as exc:
    print(f"in use: {exc}", flush=True)
wf = WorkspaceFile.open(path, in_use="share")
print("ready", flush=True)
for line in sys.stdin:
    word, *rest = line.split(maxsplit=2)
    try:
        if word == "remove":
            wf.execute(c.remove_node(rest[0]))
        elif word == "rename":
            wf.execute(c.update_node(rest[0], label=rest[1].strip()))
        elif word == "refresh":
            changed = wf.refresh()
            print(f"refreshed {len(changed)} {wf.revision}", flush=True)
            continue
        elif word == "quit":
            break
        print(f"ok {wf.revision}", flush=True)
    except WorkspaceFileError as exc:
        print(f"refused {exc}", flush=True)
wf.close()
