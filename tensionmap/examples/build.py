"""Regenerate the shipped example files: ``python -m tensionmap.examples.build``.

The created/modified stamps are fixed so a rebuild of unchanged sources gives
the same content.
"""

from __future__ import annotations

import dataclasses
import sys

from ..store import WorkspaceFile, example_path
from . import micro_credentials

STAMP = "2026-11-29T00:00:00+00:00"


def main() -> int:
    ws = micro_credentials.build()
    ws.restore_info(dataclasses.replace(ws.info, created=STAMP, modified=STAMP))
    target = example_path("micro-credentials")
    WorkspaceFile.create(target, ws, overwrite=True).close()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
