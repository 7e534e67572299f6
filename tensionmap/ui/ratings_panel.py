"""The Room panel: a round's relations ranked by disagreement, proposed relations, and the actions.

Widgets only: the ``RoomController`` fills it and answers its signals. The
ranking puts the most divided relations first (the smaller side's share,
then the spread), so the facilitator sees at once what the room fights over.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..analysis.ratings import Aggregate, proposers
from ..model import Round, Workspace

LEGEND = "Width: mean strength · solid: consensus · dashed: mixed · dotted ◇±: contested · ⊕: proposed"
LEGEND_DETAIL = (
    "Room lens: width = the room's mean strength; blue for, vermillion against (⊖ marks against); "
    "solid = consensus, dashed = mixed, dotted with ◇± = contested; faint dotted with ⊕ = proposed "
    "by participants, not on the map. Hover a relation for its ratings."
)


def relation_text(ws: Workspace, agg: Aggregate) -> str:
    nodes = ws.nodes
    return f"{nodes[agg.source].label} → {nodes[agg.target].label}"


def verdict(agg: Aggregate) -> str:
    """The room's verdict in words (colour-free)."""
    if agg.consensus:
        return "consensus " + ("for" if agg.positive > agg.negative else "against")
    if agg.contested:
        return "CONTESTED"
    return "mixed"


def ranked(aggregates: list[Aggregate]) -> list[Aggregate]:
    """Rated relations of the map, most divided first."""
    return sorted((a for a in aggregates if a.relation is not None), key=lambda a: -a.disagreement)


def _item(text: str, key: str | None = None, tip: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if tip:
        item.setToolTip(text)
    if key is not None:
        item.setData(Qt.ItemDataRole.UserRole, key)
    return item


class WrappingTable(QTableWidget):
    """A table whose rows are as tall as their wrapped text at the current column widths.

    Relation names wrap onto as many lines as the stretching first column needs; rows are
    measured again after every resize (the dock is sized after its rows are filled, and
    the user drags it), or they keep their first height and names are cut to "Universi…".
    """

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(rows, columns)
        self._measure = QTimer(self)
        self._measure.setSingleShot(True)
        self._measure.setInterval(0)  # once the header has stretched its section to the new width
        self._measure.timeout.connect(self.resizeRowsToContents)
        self.horizontalHeader().sectionResized.connect(lambda *_: self._measure.start())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._measure.start()


class RoomPanel(QWidget):
    round_changed = Signal()
    lens_toggled = Signal(bool)
    ghosts_changed = Signal(int)
    relation_picked = Signal(str)
    accept_requested = Signal(int)  # index into ``ghosts``
    dismiss_requested = Signal(int)
    apply_requested = Signal()
    round_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("room-panel")
        self.ghosts: list[Aggregate] = []
        self.round_combo = QComboBox()
        # a long round title must not widen the panel past its dock (the list shows it whole)
        self.round_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.round_combo.setMinimumContentsLength(10)
        self.lens_check = QCheckBox("Room lens")
        self.min_spin = QSpinBox()
        self.min_spin.setRange(1, 999)
        self.min_spin.setValue(2)
        self.min_spin.setPrefix("ghosts from ")
        self.min_spin.setSuffix(" proposers")
        self.min_spin.setToolTip(
            "A relation the map lacks shows as a ghost once this many participants proposed it"
        )
        # it may shrink to its text, so the row fits a laptop's dock column
        self.min_spin.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        top = QHBoxLayout()
        top.addWidget(QLabel("Round"))
        top.addWidget(self.round_combo, 1)
        top.addWidget(self.lens_check)
        self.summary = QLabel("No ratings yet.")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.table = self._table(("Relation", "n", "Mean", "+/− %", "Room"))
        self.table.setWordWrap(True)
        self.ghost_table = self._table(("Proposed relation", "n", "Room"))
        self.ghost_table.setMaximumHeight(110)
        self.accept_button = QPushButton("Accept")
        self.dismiss_button = QPushButton("Dismiss")
        ghost_row = QHBoxLayout()
        ghost_row.addWidget(self.min_spin, 1)
        ghost_row.addWidget(self.accept_button)
        ghost_row.addWidget(self.dismiss_button)
        self.round_button = QPushButton("Rating round…")
        self.apply_button = QPushButton("Apply the room's view")
        bottom = QHBoxLayout()
        bottom.addWidget(self.round_button)
        bottom.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        heading = QLabel("Most divided first")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(heading)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.ghost_table, 1)
        layout.addLayout(ghost_row)
        layout.addLayout(bottom)
        legend = QLabel(LEGEND)
        legend.setTextFormat(Qt.TextFormat.PlainText)
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #444;")
        legend.setToolTip(LEGEND_DETAIL)
        self.lens_check.setToolTip(LEGEND_DETAIL)
        layout.addWidget(legend)

        self.round_combo.currentIndexChanged.connect(lambda _i: self.round_changed.emit())
        self.lens_check.toggled.connect(self.lens_toggled)
        self.min_spin.valueChanged.connect(self.ghosts_changed)
        self.table.itemSelectionChanged.connect(self._picked)
        self.accept_button.clicked.connect(lambda: self._ghost_action(self.accept_requested))
        self.dismiss_button.clicked.connect(lambda: self._ghost_action(self.dismiss_requested))
        self.apply_button.clicked.connect(self.apply_requested)
        self.round_button.clicked.connect(self.round_requested)

    @staticmethod
    def _table(headers: tuple[str, ...]) -> QTableWidget:
        table = WrappingTable(0, len(headers))
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().hide()
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i in range(1, len(headers)):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        return table

    def heightForWidth(self, width: int) -> int:
        """None given (-1). The scroll area round the panel asks this because the wrapped labels
        make its layout height-for-width, and would size the panel to the height the labels
        and tables would like: on a 1366x768 laptop the buttons then scroll out of sight.
        Without it the panel takes the dock's height, its tables shrink first, and it only
        scrolls below its minimum height."""
        return -1

    # ------------------------------------------------------------ content
    def set_rounds(self, rounds: list[Round], keep: str | None) -> None:
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for rnd in rounds:
            state = "open" if rnd.open else "closed"
            title = f" — {rnd.title}" if rnd.title else ""
            self.round_combo.addItem(f"{rnd.number}{title} ({state})", rnd.id)
        index = self.round_combo.findData(keep) if keep is not None else -1
        self.round_combo.setCurrentIndex(index if index >= 0 else self.round_combo.count() - 1)
        self.round_combo.blockSignals(False)

    def round_id(self) -> str | None:
        data = self.round_combo.currentData()
        return data if isinstance(data, str) else None

    def show_aggregates(self, ws: Workspace, aggregates: list[Aggregate], ghosts: list[Aggregate]) -> None:
        rows = ranked(aggregates)
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for i, agg in enumerate(rows):
            cells = (
                _item(relation_text(ws, agg), agg.relation, tip=True),
                _item(str(agg.raters)),
                _item(f"{agg.mean:+.1f}"),
                _item(f"{100 * agg.positive:.0f}/{100 * agg.negative:.0f}"),
                _item(verdict(agg)),
            )
            for j, cell in enumerate(cells):
                self.table.setItem(i, j, cell)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self.ghosts = list(ghosts)
        self.ghost_table.setRowCount(len(ghosts))
        for i, agg in enumerate(ghosts):
            word = {1: "supports", -1: "opposes", 0: "none"}[agg.majority]
            self.ghost_table.setItem(i, 0, _item(relation_text(ws, agg), tip=True))
            self.ghost_table.setItem(i, 1, _item(str(proposers(agg))))
            self.ghost_table.setItem(i, 2, _item(f"{word}, {verdict(agg)}"))
        self.ghost_table.resizeRowsToContents()
        if self.ghosts and not self.ghost_table.selectedItems():
            self.ghost_table.selectRow(0)
        agreed = sum(1 for a in rows if a.consensus)
        fought = sum(1 for a in rows if a.contested)
        raters = max((a.raters for a in aggregates), default=0)
        self.summary.setText(
            f"{len(rows)} relation(s) rated by up to {raters} participant(s): {agreed} with consensus, "
            f"{fought} contested; {len(ghosts)} proposed relation(s) shown as ghosts."
            if aggregates
            else "No ratings in this round."
        )

    def set_editable(self, editable: bool) -> None:
        for button in (self.accept_button, self.dismiss_button, self.apply_button, self.round_button):
            button.setEnabled(editable)

    # ------------------------------------------------------------ signals
    def _picked(self) -> None:
        items = self.table.selectedItems()
        if items:
            key = self.table.item(items[0].row(), 0).data(Qt.ItemDataRole.UserRole)
            if isinstance(key, str):
                self.relation_picked.emit(key)

    def _ghost_action(self, signal: Signal) -> None:
        rows = {i.row() for i in self.ghost_table.selectedItems()}
        if rows:
            signal.emit(min(rows))  # type: ignore[attr-defined]  # a Qt signal instance
