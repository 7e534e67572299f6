"""Errors about workspace files. Messages are one line and name the file."""


class WorkspaceFileError(Exception):
    """A file that cannot be used as a workspace; ``str()`` is the one-line reason."""


class NewerSchemaError(WorkspaceFileError):
    """Written by a newer tensionmap; opened read-only or refused, never modified."""


class ReadOnlyError(WorkspaceFileError):
    """A change was attempted on a workspace opened read-only."""


class FileInUseError(WorkspaceFileError):
    """Another open holds the file for writing; the caller may open it read-only instead."""
