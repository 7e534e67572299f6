"""Writing interchange files as a background job (run by ``ui/jobs.JobRunner``).

The work never touches the live workspace: exports get a copy taken on the
UI thread (``Workspace.copy`` or ``render.export.snapshot``), imports build a
new Workspace that is merged on the UI thread afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from ..interchange import FORMATS as DATA_FORMATS
from ..interchange import InterchangeError
from ..model import Workspace
from .jobs import JobCancelled

Report = Callable[[int, int], bool]


def write_data_atomically(ws: Workspace, path: Path, fmt: str, report: Report | None = None) -> None:
    """Write ``ws`` in interchange format ``fmt`` beside ``path``, then rename it into place.

    A cancel (``report`` returning False) or a failure leaves no file behind and
    an existing ``path`` untouched.
    """
    # the temporary name keeps the extension: write_csv picks a zip by it
    tmp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.part{path.suffix}")
    if report is not None and report(0, 2) is False:
        raise JobCancelled("export cancelled")
    try:
        DATA_FORMATS[fmt].write(ws, tmp)
        with open(tmp, "rb+") as out:
            os.fsync(out.fileno())
        if report is not None and report(1, 2) is False:
            raise JobCancelled("export cancelled")
        os.replace(tmp, path)
    except OSError as exc:
        raise InterchangeError(f"cannot write the file ({exc.strerror or exc})", file=path.name) from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
