"""Window extension (being filled in): the window calls the three hooks below."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import WorkspaceFile
    from .main_window import MainWindow


class ExchangeController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def file_set(self, wf: WorkspaceFile) -> None:
        pass

    def selection_changed(self, node_ids: list[str], relation_ids: list[str]) -> None:
        pass

    def closing(self) -> None:
        pass
