"""File choosers for import and export, behind one object so tests can replace it.

``ExchangeDialogs`` asks for paths with the platform's file dialogs (which
block: they are modal by nature). The exchange controller holds one in
``dialogs``; tests swap it for a stub whose methods return paths.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ..interchange import FORMATS as DATA_FORMATS

WORKSPACE_FILTER = "tensionmap workspaces (*.tmap)"
#: Extensions that hold no format of their own: the content decides.
LOOSE_EXTENSIONS = (".txt", ".tsv", ".xml")


def import_filter() -> str:
    """ "All supported" first, then one entry per format, then everything."""
    patterns: list[str] = []
    entries: list[str] = []
    for fmt in DATA_FORMATS.values():
        globs = " ".join(f"*{ext}" for ext in fmt.extensions)
        entries.append(f"{fmt.label} ({globs})")
        patterns.extend(f"*{ext}" for ext in fmt.extensions)
    patterns.extend(f"*{ext}" for ext in LOOSE_EXTENSIONS)
    return ";;".join([f"All supported files ({' '.join(patterns)})", *entries, "All files (*)"])


class ExchangeDialogs:
    """Ask for the file to import, the new workspace to create and the export target."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def import_path(self, start: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Import a map", start, import_filter())
        return path or None

    def new_workspace_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            self.parent, "Save the imported map as", suggested, f"{WORKSPACE_FILTER};;All files (*)"
        )
        if not path:
            return None
        if not Path(path).suffix:
            path += ".tmap"
        return path

    def export_path(self, suggested: str, label: str, extension: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            self.parent, "Export to", suggested, f"{label} (*{extension});;All files (*)"
        )
        if not path:
            return None
        if Path(path).suffix.lower() != extension:
            path += extension
        return path
