"""The undo stack adapter: tensionmap commands on a QUndoStack.

Every gesture becomes a ``tensionmap.commands.Command``; ``UndoAdapter.push``
wraps it in a ``CommandUndo`` whose ``redo`` executes it through the workspace
file (applied and written in one transaction) and whose ``undo`` reverts it
the same way. A command the model or the store refuses is marked obsolete, so
Qt drops it from the stack, and the refusal goes to ``on_error``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack

from ..commands import Command
from ..model import ModelError
from ..store import WorkspaceFileError


class CommandTarget(Protocol):
    """What the adapter needs of a WorkspaceFile."""

    def execute(self, command: Command) -> None: ...

    def undo(self, command: Command) -> None: ...


class CommandUndo(QUndoCommand):
    """One model command as a Qt undo step."""

    def __init__(self, target: CommandTarget, command: Command, report: Callable[[Exception], None]) -> None:
        super().__init__(command.text)
        self.command = command
        self._target = target
        self._report = report

    def redo(self) -> None:
        try:
            self._target.execute(self.command)
        except (ModelError, WorkspaceFileError) as exc:
            self.setObsolete(True)  # Qt drops an obsolete command instead of stacking it
            self._report(exc)

    def undo(self) -> None:
        try:
            self._target.undo(self.command)
        except (ModelError, WorkspaceFileError) as exc:
            self.setObsolete(True)
            self._report(exc)


class UndoAdapter:
    """Pushes commands for one workspace file onto one QUndoStack."""

    def __init__(
        self,
        stack: QUndoStack,
        target: CommandTarget | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.stack = stack
        self.target = target
        self.on_error = on_error

    def push(self, command: Command) -> bool:
        """Execute ``command`` as a new undo step; False (and on_error) if it was refused."""
        if self.target is None:
            return False
        errors: list[Exception] = []

        def report(exc: Exception) -> None:
            errors.append(exc)
            self._report(exc)

        self.stack.push(CommandUndo(self.target, command, report))
        return not errors

    def _report(self, exc: Exception) -> None:
        if self.on_error is not None:
            self.on_error(exc)
