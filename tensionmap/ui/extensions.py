"""Window extensions: features that plug into the main window through a few hooks.

The main window stays about files, the canvas and editing; the tension tools,
the import/export dialogs and the insight features each live in a controller
that the window creates once, hands the window's typed interface
(``ui/window_api.WindowApi``), and tells about three moments: a file was
shown, the canvas selection changed, the window is closing. ``settle`` waits
for background work that shows in the window (screenshots, tests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..store import WorkspaceFile
    from .window_api import WindowApi


class Extension(Protocol):
    def file_set(self, wf: WorkspaceFile) -> None: ...

    def selection_changed(self, node_ids: list[str], relation_ids: list[str]) -> None: ...

    def closing(self) -> None: ...

    def settle(self, timeout_ms: int = 30_000) -> None: ...


def install_extensions(window: WindowApi) -> list[Extension]:
    """Create every extension for ``window`` (in menu order)."""
    from .exchange_controller import ExchangeController
    from .file_watch import FileWatch
    from .insight_controller import InsightController
    from .ratings_controller import RoomController
    from .scenario_controller import ScenarioController
    from .shared_controller import SharedController
    from .tension_controller import TensionController

    return [
        TensionController(window),
        ExchangeController(window),
        InsightController(window),
        RoomController(window),
        ScenarioController(window),
        FileWatch(window),  # issue 13: follow another writer of the same file
        SharedController(window),  # issue 13: shared workspaces on a server
    ]
