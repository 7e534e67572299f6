"""The History dock: a shared workspace's journal, newest first (who, when, what)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

COLUMNS = ("Revision", "Who", "When", "What")


class HistoryDock(QDockWidget):
    """Lists journal entries; ``show_entries`` replaces them, ``show_message`` explains an empty list."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("History", parent)
        self.setObjectName("history-dock")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.message = QLabel("History is kept for shared workspaces (File > Open Shared…).")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        layout.addWidget(self.message)
        layout.addWidget(self.tree)
        self.setWidget(body)
        self.shown_revision: int | None = None

    def show_entries(self, entries: list, revision: int) -> None:
        """Entries are ``store.shared.JournalEntry`` values, newest first."""
        self.tree.clear()
        today = datetime.now().astimezone().date()
        for e in entries:
            local = e.at.astimezone()
            when = local.strftime("%H:%M:%S" if local.date() == today else "%Y-%m-%d %H:%M")
            who = e.author if e.role in e.author else f"{e.author} ({e.role})"
            item = QTreeWidgetItem([str(e.revision), who, when, e.summary])
            item.setToolTip(3, f"{e.summary} — {e.changes} item(s) changed")
            self.tree.addTopLevelItem(item)
        for col in range(3):
            self.tree.resizeColumnToContents(col)
        self.message.setVisible(not entries)
        if not entries:
            self.message.setText("No changes since the workspace was published.")
        self.shown_revision = revision

    def show_message(self, text: str) -> None:
        self.tree.clear()
        self.message.setText(text)
        self.message.show()
        self.shown_revision = None

    def rows(self) -> list[list[str]]:
        """The visible rows as text (for tests and screen readers)."""
        return [
            [self.tree.topLevelItem(i).text(c) for c in range(len(COLUMNS))]
            for i in range(self.tree.topLevelItemCount())
        ]
