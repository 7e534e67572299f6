"""Workspace files: one SQLite document per map, written through SQLAlchemy.

Public API:
- ``WorkspaceFile.create(path, workspace)`` / ``WorkspaceFile.open(path)``
- ``wf.workspace``, ``wf.read_only``, ``wf.path``
- ``wf.execute(command)`` / ``wf.undo(command)``: apply or revert in memory
  and write the result in one transaction before returning
- ``wf.save_as(path)``, ``wf.close()``
- ``wf.revision``, ``wf.is_stale()``, ``wf.refresh()``: follow another writer
  of the same file; a command that clashes with it raises ConflictError
- ``check_file(path)``: every open-time check plus integrity and foreign keys
- ``new_from_example(target)``, ``untitled_path()``
"""

from .errors import (
    FileInUseError,
    NewerSchemaError,
    ReadOnlyError,
    WorkspaceFileError,
)
from .file import WorkspaceFile, check_file
from .locations import EXAMPLES, example_path, new_from_example, untitled_path
from .sync import ConflictError

__all__ = [
    "EXAMPLES",
    "ConflictError",
    "FileInUseError",
    "NewerSchemaError",
    "ReadOnlyError",
    "WorkspaceFile",
    "WorkspaceFileError",
    "check_file",
    "example_path",
    "new_from_example",
    "untitled_path",
]
