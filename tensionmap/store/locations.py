"""Where workspaces live: the shipped examples and untitled documents.

Shipped examples are never opened for writing: a new workspace is a backup-API
copy of one, so using the example cannot change it.
"""

from __future__ import annotations

from pathlib import Path

from ..commands import SetInfo
from .errors import WorkspaceFileError
from .file import WorkspaceFile

WORKSPACES_DIR = Path(__file__).resolve().parents[2] / "workspaces"
EXAMPLES: dict[str, str] = {"micro-credentials": "micro-credentials.tmap"}


def example_path(name: str = "micro-credentials") -> Path:
    if name not in EXAMPLES:
        raise WorkspaceFileError(f"no example called {name!r} (there is: {', '.join(EXAMPLES)})")
    return WORKSPACES_DIR / EXAMPLES[name]


def untitled_path(data_dir: Path | str) -> Path:
    """A fresh ``Untitled N.tmap`` in the user's data folder (created if missing)."""
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    candidate = folder / "Untitled.tmap"
    n = 2
    while candidate.exists():
        candidate = folder / f"Untitled {n}.tmap"
        n += 1
    return candidate


def new_from_example(
    target: Path | str | None = None,
    *,
    name: str = "micro-credentials",
    data_dir: Path | str | None = None,
    title: str | None = None,
) -> WorkspaceFile:
    """A new workspace file copied from a shipped example (at ``target`` or an untitled path)."""
    if target is None:
        if data_dir is None:
            raise WorkspaceFileError("a new untitled workspace needs a data folder")
        target = untitled_path(data_dir)
    target = Path(target)
    if target.exists():
        raise WorkspaceFileError(f"{target.name}: already exists")
    source = WorkspaceFile.open(example_path(name), read_only=True)
    try:
        source.save_copy(target)
    finally:
        source.close()
    wf = WorkspaceFile.open(target)
    if title is not None:
        wf.execute(SetInfo(title=title))
    return wf
