"""The Tensions dock: ranked tensions and alliances, and the structural balance figures.

Two tabs list the findings of an ``AnalysisResult`` strongest first (between,
kind, intensity, path). Selecting a row asks the canvas to bring that finding
forward (``focus_requested`` with a ``Focus`` of its nodes and relations);
clearing the selection (Escape, or the Clear button) emits ``focus_cleared``.
Everything shown is plain text: labels are never interpreted as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..analysis.path_text import path_text  # one copy, shared with the report
from ..render.overlays import Focus

COLUMNS = ("Between", "Kind", "Intensity", "Path")
MAX_ROWS = 500  # beyond this a ranked list is noise (and slow to fill); the header says how many are left out
OVERLAYS = (
    ("hulls", "Coalitions", "Tint the two coalitions of the structural balance on the map"),
    ("arcs", "Derived tensions", "Draw an arc between stakeholders pulled apart through the map"),
    ("markers", "Misfit ties", "Mark the relations that do not fit the coalitions (frustrated ties)"),
)
MAX_COLUMN_WIDTH = 260  # long labels elide (full text in the tooltip); the path keeps its room
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
NO_RESULT_TEXT = "No analysis yet."
NARROW_WIDTH = 480  # list viewports narrower than this show Between and Intensity only
DETAIL_HINT = "Select a finding to bring its path forward on the map."


def kind_text(finding: Any) -> str:
    extra = []
    if finding.count > 1:
        extra.append(f"{finding.count} paths")
    if finding.mixed:
        extra.append("mixed")
    return f"{finding.kind} ({', '.join(extra)})" if extra else finding.kind


def focus_of(finding: Any) -> Focus:
    """The nodes on a finding's path and the relations that make it."""
    return Focus(frozenset(finding.path), frozenset(finding.relations))


def balance_text(balance: Any, labels: Mapping[str, str] | None = None) -> str:
    """One plain-text paragraph of the structural balance figures."""
    b = balance
    if b.exact:
        frustration = f"frustration index {b.frustration_index} (exact)"
    else:
        frustration = f"frustration index {b.frustration_index} (heuristic; at least {b.lower_bound})"
    a_size, b_size = (len(c) for c in b.coalitions)
    verdict = "balanced" if b.frustration_index == 0 else f"{len(b.frustrated_relations)} ties do not fit"
    return (
        f"Structural balance: {b.triangles} triangles, {b.unbalanced_triangles} unbalanced; "
        f"{frustration}; coalitions of {a_size} and {b_size}; {verdict}."
    )


class _FindingsView(QTreeView):
    """A flat, single-selection list of findings; Escape clears the selection."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings_model = QStandardItemModel(0, len(COLUMNS), self)
        self.findings_model.setHorizontalHeaderLabels(list(COLUMNS))
        self.setModel(self.findings_model)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(False)  # the order is the ranking
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.findings: list[Any] = []
        self._narrow: bool | None = None

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Narrow (a docked panel): Between and Intensity only, the path shown below the list;
        wide (floated or widened): every column."""
        narrow = self.viewport().width() < NARROW_WIDTH
        if narrow == self._narrow:
            return
        self._narrow = narrow
        header = self.header()
        for column in (1, 3):
            self.setColumnHidden(column, narrow)
        if narrow:
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
            for column in range(len(COLUMNS) - 1):
                self.resizeColumnToContents(column)
                self.setColumnWidth(column, min(self.columnWidth(column), MAX_COLUMN_WIDTH))

    @property
    def narrow(self) -> bool:
        return bool(self._narrow)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.selectionModel().hasSelection():
            self.clearSelection()
            self.setCurrentIndex(self.findings_model.index(-1, -1))
            event.accept()
            return
        super().keyPressEvent(event)


class TensionsDock(QDockWidget):
    """Ranked tensions and alliances with the balance figures above them."""

    focus_requested = Signal(object)  # Focus
    focus_cleared = Signal()
    #: An overlay was switched on or off: ("hulls" | "arcs" | "markers", visible).
    overlay_toggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Tensions", parent)
        self.setObjectName("tensions")
        self.result: Any = None
        self.labels: dict[str, str] = {}
        self._focus: Focus | None = None
        self._rebuilding = False
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.header = QLabel(NO_RESULT_TEXT, body)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clear_button = QToolButton(body)
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Stop highlighting the selected finding (Esc)")
        self.clear_button.clicked.connect(self.clear_focus)
        top.addWidget(self.header, 1)
        top.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        shows = QHBoxLayout()
        self.overlay_actions: dict[str, QAction] = {}
        for name, text, tip in OVERLAYS:
            action = QAction(text, self)
            action.setCheckable(True)
            action.setChecked(True)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.toggled.connect(lambda on, n=name: self.overlay_toggled.emit(n, on))
            self.overlay_actions[name] = action
            button = QToolButton(body)
            button.setDefaultAction(action)
            shows.addWidget(button)
        shows.addStretch(1)
        layout.addLayout(shows)
        self.tabs = QTabWidget(body)
        self.tensions_view = _FindingsView(self.tabs)
        self.alliances_view = _FindingsView(self.tabs)
        self.tabs.addTab(self.tensions_view, "Tensions")
        self.tabs.addTab(self.alliances_view, "Alliances")
        layout.addWidget(self.tabs, 1)
        self.detail = QLabel(DETAIL_HINT, body)
        self.detail.setObjectName("finding-detail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("color: palette(placeholder-text); padding: 2px 2px 0 2px;")
        layout.addWidget(self.detail)
        self.setWidget(body)
        self._relations: Mapping[str, Any] | None = None
        for view in self.views():
            view.selectionModel().selectionChanged.connect(
                lambda sel, desel, v=view: self._on_selection(v, sel, desel)
            )
        self.tabs.currentChanged.connect(lambda _: self.clear_focus())

    def views(self) -> tuple[_FindingsView, _FindingsView]:
        return self.tensions_view, self.alliances_view

    # ------------------------------------------------------------ content
    def set_result(
        self, result: Any, labels: Mapping[str, str] | None = None, relations: Mapping[str, Any] | None = None
    ) -> None:
        """Show an AnalysisResult (None: nothing yet); keeps the selected finding if it is still there.

        ``labels`` (node id -> label) defaults to ``result.labels``; ``relations``
        (``ws.relations``) lets paths show each step's sign and direction.
        """
        self.result = result
        self.labels = dict(labels if labels is not None else getattr(result, "labels", {}) or {})
        self._relations = relations
        previous = self._selected_key()
        self._rebuilding = True
        try:
            if result is None:
                self.header.setText(NO_RESULT_TEXT)
                self._fill(self.tensions_view, (), relations)
                self._fill(self.alliances_view, (), relations)
            else:
                self._fill(self.tensions_view, result.tensions, relations)
                self._fill(self.alliances_view, result.alliances, relations)
                self.header.setText(self._header_text(result))
            self.tabs.setTabText(0, f"Tensions ({self.tensions_view.findings_model.rowCount()})")
            self.tabs.setTabText(1, f"Alliances ({self.alliances_view.findings_model.rowCount()})")
            restored = self._restore(previous)
        finally:
            self._rebuilding = False
        self._show_detail()
        if restored is None:
            if self._focus is not None:
                self._focus = None
                self.focus_cleared.emit()
        elif restored != self._focus:
            self._focus = restored
            self.focus_requested.emit(restored)

    def _header_text(self, result: Any) -> str:
        text = balance_text(result.balance, self.labels)
        hidden = [
            f"{len(findings) - MAX_ROWS} more {name} not listed"
            for name, findings in (("tensions", result.tensions), ("alliances", result.alliances))
            if len(findings) > MAX_ROWS
        ]
        return text + (" (" + "; ".join(hidden) + ")" if hidden else "")

    def _fill(
        self, view: _FindingsView, findings: Sequence[Any], relations: Mapping[str, Any] | None
    ) -> None:
        model = view.findings_model
        view.selectionModel().clearSelection()
        model.removeRows(0, model.rowCount())
        shown = list(findings[:MAX_ROWS])
        view.findings = shown
        labels = self.labels
        for row, f in enumerate(shown):
            between = f"{labels.get(f.between[0], f.labels[0])} ↔ {labels.get(f.between[1], f.labels[1])}"
            cells = [between, kind_text(f), f"{f.intensity:.2f}", path_text(f, labels, relations)]
            items = []
            for text in cells:
                item = QStandardItem(text)
                item.setEditable(False)
                item.setToolTip(text)
                items.append(item)
            items[0].setToolTip(f"{cells[0]}\n{cells[1]}, intensity {cells[2]}\n{cells[3]}")
            items[0].setData(row, ROW_ROLE)
            items[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            model.appendRow(items)
        if not view.narrow:
            for column in range(len(COLUMNS) - 1):
                view.resizeColumnToContents(column)
                view.setColumnWidth(column, min(view.columnWidth(column), MAX_COLUMN_WIDTH))

    def _show_detail(self) -> None:
        """The selected finding in words under the list (its kind, intensity and path)."""
        finding = self.selected_finding()
        if finding is None:
            self.detail.setText(DETAIL_HINT)
            self.detail.setStyleSheet("color: palette(placeholder-text); padding: 2px 2px 0 2px;")
            return
        path = path_text(finding, self.labels, self._relations)
        self.detail.setText(f"{kind_text(finding).capitalize()}, intensity {finding.intensity:.2f}:\n{path}")
        self.detail.setStyleSheet("padding: 2px 2px 0 2px;")

    # ---------------------------------------------------------- selection
    def _finding_at(self, view: _FindingsView, row: int) -> Any:
        item = view.findings_model.item(row, 0)
        if item is None:
            return None
        index = item.data(ROW_ROLE)
        return view.findings[index] if index is not None and 0 <= index < len(view.findings) else None

    def selected_finding(self) -> Any:
        for view in self.views():
            rows = view.selectionModel().selectedRows()
            if rows:
                return self._finding_at(view, rows[0].row())
        return None

    def _selected_key(self) -> tuple[int, tuple[str, str], str, int] | None:
        for i, view in enumerate(self.views()):
            rows = view.selectionModel().selectedRows()
            if rows:
                f = self._finding_at(view, rows[0].row())
                if f is not None:
                    return (i, tuple(f.between), f.kind, f.sign)
        return None

    def _restore(self, key: tuple[int, tuple[str, str], str, int] | None) -> Focus | None:
        if key is None:
            return None
        i, between, kind, sign = key
        view = self.views()[i]
        for row, f in enumerate(view.findings):
            if (tuple(f.between), f.kind, f.sign) == (between, kind, sign):
                index = view.findings_model.index(row, 0)
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                view.selectionModel().select(index, flags)
                view.setCurrentIndex(index)
                return focus_of(f)
        return None

    def _on_selection(
        self, view: _FindingsView, selected: QItemSelection, deselected: QItemSelection
    ) -> None:
        if self._rebuilding:
            return
        self._show_detail()
        rows = view.selectionModel().selectedRows()
        if rows:
            finding = self._finding_at(view, rows[0].row())
            if finding is None:
                return
            focus = focus_of(finding)
            self._focus = focus
            self.focus_requested.emit(focus)
        elif not any(v.selectionModel().hasSelection() for v in self.views()) and self._focus is not None:
            self._focus = None
            self.focus_cleared.emit()

    def clear_focus(self) -> None:
        """Deselect every row; emits ``focus_cleared`` if something was focused."""
        for view in self.views():
            view.clearSelection()
        if self._focus is not None:
            self._focus = None
            self.focus_cleared.emit()

    @property
    def focus(self) -> Focus | None:
        return self._focus
