"""What both workspace stores do with a command: apply it, or revert it, in one transaction.

The file and the shared server differ only in how a transaction is made
(``_commit``); running a command forwards and undoing it backwards is the
same for both, so it is written once here.
"""

from __future__ import annotations

from collections.abc import Callable

from ..commands import Command
from ..model import Workspace


class Committer:
    """Base of the stores: ``execute`` and ``undo`` over the store's own ``_commit``."""

    def _commit(
        self, forward: Callable[[Workspace], None], back: Callable[[Workspace], None], what: str
    ) -> None:
        raise NotImplementedError

    def execute(self, command: Command) -> None:
        """Apply ``command`` and write it in one transaction before returning."""
        self._commit(command.apply, command.revert, command.text)

    def undo(self, command: Command) -> None:
        """Revert ``command`` and write that in one transaction before returning.

        On a shared map the inverse is applied as a new revision, when it still fits.
        """
        self._commit(command.revert, command.apply, f"Undo {command.text}")
