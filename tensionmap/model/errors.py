"""Errors the model raises when a mutation would break an invariant.

All derive from ModelError (a ValueError), so callers at the edge (CLI,
dialogs, importers) can catch one type and show its one-line message.
"""


class ModelError(ValueError):
    """A mutation was refused; the message says what was wrong, in one line."""


class UnknownEntityError(ModelError, KeyError):
    """An id that names nothing in the workspace."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class DuplicateIdError(ModelError):
    """An entity with this id already exists."""


class InvalidValueError(ModelError):
    """A field value outside what the model accepts (empty label, strength 9, ...)."""


class DanglingRelationError(ModelError):
    """Removing a node that still has relations would leave them dangling."""
