"""The evidence and questions panel: what the map leans on and what to ask the room.

Read-only for now (charts and editing come later). All text is shown as
plain text: tree rows and plain-text labels never interpret markup.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..model import Change, Workspace
from ..render.widgets import plain_label


class EvidencePanel(QWidget):
    """Evidence (with its data rows) above the workshop questions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.evidence_tree = QTreeWidget()
        self.evidence_tree.setHeaderHidden(True)
        self.evidence_tree.setWordWrap(True)
        self.questions_tree = QTreeWidget()
        self.questions_tree.setHeaderHidden(True)
        self.questions_tree.setWordWrap(True)
        self.questions_tree.setRootIsDecorated(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        heading: QLabel = plain_label("Evidence")
        layout.addWidget(heading)
        layout.addWidget(self.evidence_tree, 3)
        layout.addWidget(plain_label("Questions for the room"))
        layout.addWidget(self.questions_tree, 2)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.rebuild)

    def set_workspace(self, workspace: Workspace | None) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.workspace = workspace
        if workspace is not None:
            self._unsubscribe = workspace.subscribe(self._on_change)
        self.rebuild()

    def _on_change(self, change: Change) -> None:
        if change.collection in ("evidence", "questions"):
            self._timer.start()

    def rebuild(self) -> None:
        self.evidence_tree.clear()
        self.questions_tree.clear()
        ws = self.workspace
        if ws is None:
            return
        for ev in ws.evidence.values():
            top = QTreeWidgetItem([ev.title])
            top.setToolTip(0, "")
            if ev.citation:
                top.addChild(QTreeWidgetItem([ev.citation]))
            if ev.note:
                top.addChild(QTreeWidgetItem([ev.note]))
            if ev.data:
                data = QTreeWidgetItem([f"Data ({len(ev.data)} rows)"])
                for category, value in ev.data:
                    data.addChild(QTreeWidgetItem([f"{category}: {value:g}"]))
                top.addChild(data)
                data.setExpanded(True)
            self.evidence_tree.addTopLevelItem(top)
            top.setExpanded(True)
        for i, question in enumerate(ws.ordered_questions(), start=1):
            self.questions_tree.addTopLevelItem(QTreeWidgetItem([f"{i}. {question.text}"]))
