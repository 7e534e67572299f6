"""The outline dock: every stakeholder, driver and relation in a filterable list.

Selecting rows selects the same items on the canvas (and the other way
round), so a facilitator can find a node on a large map by typing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..model import Change, Workspace

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class Outline(QWidget):
    """A tree of Stakeholders / Drivers / Relations with a filter box."""

    def __init__(
        self, on_select: Callable[[list[str], list[str]], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._on_select = on_select
        self.workspace: Workspace | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._syncing = False
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by label…")
        self.filter_edit.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree)
        self.groups = {
            "stakeholder": QTreeWidgetItem(["Stakeholders"]),
            "driver": QTreeWidgetItem(["Drivers"]),
            "relation": QTreeWidgetItem(["Relations"]),
        }
        for group in self.groups.values():
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
        self.rows: dict[str, QTreeWidgetItem] = {}
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self.rebuild)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.tree.itemSelectionChanged.connect(self._selection_changed)

    def set_workspace(self, workspace: Workspace | None) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.workspace = workspace
        if workspace is not None:
            self._unsubscribe = workspace.subscribe(self._on_change)
        self.rebuild()

    def _on_change(self, change: Change) -> None:
        if change.collection == "relations" or (
            change.collection == "nodes"
            and (
                change.before is None
                or change.after is None
                or (change.before.label, change.before.kind) != (change.after.label, change.after.kind)  # type: ignore[attr-defined]  # a nodes change holds Nodes
            )
        ):
            self._rebuild_timer.start()  # coalesce a batch of changes into one rebuild

    def rebuild(self) -> None:
        """Refill the tree from the model (cheap enough for thousands of rows)."""
        self._rebuild_timer.stop()
        ws = self.workspace
        self._syncing = True
        self.tree.setUpdatesEnabled(False)
        try:
            for group in self.groups.values():
                group.takeChildren()
            self.rows.clear()
            if ws is not None:
                nodes = ws.nodes
                for node in sorted(nodes.values(), key=lambda n: n.label.casefold()):
                    row = QTreeWidgetItem([node.label])
                    row.setData(0, ID_ROLE, node.id)
                    row.setData(0, KIND_ROLE, "node")
                    self.groups[node.kind].addChild(row)
                    self.rows[node.id] = row
                for rel in ws.relations.values():
                    arrow = "—" if rel.symmetric else "→"
                    word = rel.type.replace("_", " ")
                    text = f"{nodes[rel.source].label} {arrow} {word} {arrow} {nodes[rel.target].label}"
                    row = QTreeWidgetItem([text])
                    row.setData(0, ID_ROLE, rel.id)
                    row.setData(0, KIND_ROLE, "relation")
                    self.groups["relation"].addChild(row)
                    self.rows[rel.id] = row
            for key, group in self.groups.items():
                title = {"stakeholder": "Stakeholders", "driver": "Drivers", "relation": "Relations"}[key]
                group.setText(0, f"{title} ({group.childCount()})")
                group.setExpanded(True)
            self.apply_filter(self.filter_edit.text())
        finally:
            self.tree.setUpdatesEnabled(True)
            self._syncing = False

    def apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in self.rows.values():
            row.setHidden(bool(needle) and needle not in row.text(0).casefold())

    def _selection_changed(self) -> None:
        if self._syncing:
            return
        nodes: list[str] = []
        rels: list[str] = []
        for row in self.tree.selectedItems():
            key = row.data(0, ID_ROLE)
            if key:
                (nodes if row.data(0, KIND_ROLE) == "node" else rels).append(key)
        self._on_select(nodes, rels)

    def show_selection(self, ids: list[str]) -> None:
        """Mirror the canvas selection without echoing it back."""
        self._syncing = True
        try:
            # one selection-model call: selecting rows one by one is quadratic on big maps
            selection = QItemSelection()
            for key in ids:
                row = self.rows.get(key)
                if row is not None:
                    index = self.tree.indexFromItem(row)
                    selection.select(index, index)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            self.tree.selectionModel().select(selection, flags)
            if len(ids) == 1 and ids[0] in self.rows:
                self.tree.scrollToItem(self.rows[ids[0]])
        finally:
            self._syncing = False
