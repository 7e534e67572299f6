"""Workspace files: one SQLite document per map, written through SQLAlchemy.

Public API:
- ``WorkspaceFile.create(path, workspace)`` / ``WorkspaceFile.open(path)``
- ``wf.workspace``, ``wf.read_only``, ``wf.path``
- ``wf.execute(command)`` / ``wf.undo(command)``: apply or revert in memory
  and write the result in one transaction before returning
- ``wf.save_as(path)``, ``wf.close()``
- ``check_file(path)``: every open-time check plus integrity and foreign keys
- ``new_from_example(target)``, ``untitled_path()``
"""

from .errors import (
    NewerSchemaError,
    ReadOnlyError,
    WorkspaceFileError,
)
from .file import WorkspaceFile, check_file
from .locations import EXAMPLES, example_path, new_from_example, untitled_path

__all__ = [
    "EXAMPLES",
    "NewerSchemaError",
    "ReadOnlyError",
    "WorkspaceFile",
    "WorkspaceFileError",
    "check_file",
    "example_path",
    "new_from_example",
    "untitled_path",
]
