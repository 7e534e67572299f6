"""The polarity view: a tension between two drivers as the classic two-pole map.

Pick a tension (an ``in tension with`` relation); the left pole is its source,
the right pole its target. Four boxes hold each pole's upsides and downsides,
one item per line. Until the workspace holds a Polarity for the pair, the
boxes are filled from the notes on the relations at each pole
(``polarity_from_notes``). Leaving an edited box pushes one undoable command:
``AddEntity("polarities", …)`` the first time, ``UpdateEntity`` afterwards,
so the file keeps it. Beside the map, a bar per stakeholder shows which pole
it leans to (``leans``: -1 wholly left, +1 wholly right).

All text is plain: QPlainTextEdit boxes, PlainText labels, ``drawText``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..analysis.polarity import Lean, leans, polarity_from_notes
from ..commands import AddEntity, Command, UpdateEntity
from ..model import Polarity, Workspace

QUADRANTS = ("left_upsides", "right_upsides", "left_downsides", "right_downsides")
SWAPPED = {
    "left_upsides": "right_upsides",
    "right_upsides": "left_upsides",
    "left_downsides": "right_downsides",
    "right_downsides": "left_downsides",
}
LEFT_COLOUR = QColor("#0072B2")
RIGHT_COLOUR = QColor("#D55E00")


def tension_relations(ws: Workspace) -> list[tuple[str, str, str]]:
    """(relation id, left node id, right node id) of every ``in tension with`` relation."""
    return [
        (r.id, r.source, r.target)
        for r in ws.relations.values()
        if r.type == "in_tension_with" and r.source != r.target
    ]


def saved_polarity(ws: Workspace, left: str, right: str) -> Polarity | None:
    for polarity in ws.polarities.values():
        if {polarity.left, polarity.right} == {left, right}:
            return polarity
    return None


def oriented(polarity: Polarity, left: str) -> Polarity:
    """``polarity`` with ``left`` as its left pole (swapping sides if it was stored the other way)."""
    if polarity.left == left:
        return polarity
    return dataclasses.replace(
        polarity,
        left=polarity.right,
        right=polarity.left,
        **{field: getattr(polarity, SWAPPED[field]) for field in QUADRANTS},
    )


def _plain(text: str = "", bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class LeanBars(QWidget):
    """One bar per stakeholder from the middle towards the pole it leans to."""

    ROW = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, float]] = []
        self.poles = ("", "")
        self.setMinimumWidth(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_rows(self, rows: list[tuple[str, float]], poles: tuple[str, str]) -> None:
        self.rows = rows
        self.poles = poles
        self.setMinimumHeight(self.ROW * (len(rows) + 2) + 8)
        self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        metrics = QFontMetrics(self.font())
        w = self.width()
        label_w = min(180, int(w * 0.4))
        left, right = label_w + 12, w - 12
        mid = (left + right) / 2
        half = (right - left) / 2
        painter.setPen(QColor("#333333"))
        top = 4
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        a, b = self.poles
        painter.drawText(QRectF(left, top, half, self.ROW), Qt.AlignmentFlag.AlignLeft, "← " + a)
        painter.drawText(QRectF(mid, top, half, self.ROW), Qt.AlignmentFlag.AlignRight, b + " →")
        painter.setFont(self.font())
        y = top + self.ROW
        if not self.rows:
            painter.drawText(
                QRectF(0, y, w, self.ROW), Qt.AlignmentFlag.AlignCenter, "No stakeholder takes a side yet."
            )
        for label, score in self.rows:
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w)
            painter.setPen(QColor("#333333"))
            painter.drawText(
                QRectF(4, y, label_w, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                text,
            )
            painter.fillRect(QRectF(left, y + self.ROW / 2 - 1, right - left, 2), QColor("#E0E0E0"))
            colour = LEFT_COLOUR if score < 0 else RIGHT_COLOUR
            x0, x1 = sorted((mid, mid + score * half))
            painter.fillRect(QRectF(x0, y + 4, max(x1 - x0, 2), self.ROW - 8), colour)
            y += self.ROW
        painter.setPen(QPen(QColor("#777777"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(int(mid), top + self.ROW, int(mid), int(y))
        painter.end()


class PolarityView(QWidget):
    """The two-pole map of one tension, editable in place, and the stakeholders' leans."""

    #: The relation id of the tension now shown (or "" when there is none).
    tension_changed = Signal(str)

    def __init__(self, push: Callable[[Command], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = "Polarity"
        self._push = push
        self.workspace: Workspace | None = None
        self.left: str | None = None
        self.right: str | None = None
        self.read_only = False
        self.tension_combo = QComboBox()
        self.tension_combo.setObjectName("polarity-tension")
        self.tension_combo.setToolTip("The tension between two drivers to look at")
        self.tension_combo.currentIndexChanged.connect(self._tension_picked)
        self.source_label = _plain("")
        self.source_label.setStyleSheet("color:#5A5A5A")
        self.edits: dict[str, QPlainTextEdit] = {}
        self.pole_labels = (_plain("", bold=True), _plain("", bold=True))
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.pole_labels[0], 0, 1)
        grid.addWidget(self.pole_labels[1], 0, 2)
        grid.addWidget(_plain("Upsides", bold=True), 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_plain("Downsides", bold=True), 2, 0, Qt.AlignmentFlag.AlignTop)
        for field, (row, column) in zip(QUADRANTS, ((1, 1), (1, 2), (2, 1), (2, 2)), strict=True):
            edit = QPlainTextEdit()
            edit.setObjectName(field)
            edit.setTabChangesFocus(True)
            edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            side = "left" if field.startswith("left") else "right"
            kind = "upsides" if field.endswith("upsides") else "downsides"
            edit.setPlaceholderText(f"One {kind[:-1]} of the {side} pole per line")
            tint = "#EEF5FB" if kind == "upsides" else "#FCF1EA"
            edit.setStyleSheet(f"QPlainTextEdit {{ background: {tint}; }}")
            edit.installEventFilter(self)
            self.edits[field] = edit
            grid.addWidget(edit, row, column)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.lean_bars = LeanBars()
        top = QHBoxLayout()
        top.addWidget(_plain("Tension"))
        top.addWidget(self.tension_combo, 1)
        top.addWidget(self.source_label, 2)
        body = QHBoxLayout()
        body.addLayout(grid, 3)
        leans_box = QVBoxLayout()
        leans_box.addWidget(_plain("Who leans to which pole", bold=True))
        leans_box.addWidget(self.lean_bars, 1)
        body.addLayout(leans_box, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 140)

    # ------------------------------------------------------------ state
    def set_workspace(self, ws: Workspace | None, read_only: bool = False) -> None:
        self.workspace = ws
        self.read_only = read_only
        for edit in self.edits.values():
            edit.setReadOnly(read_only)
        self.refresh()

    def refresh(self) -> None:
        """Re-list the tensions and show the current one (edits in progress are kept)."""
        ws = self.workspace
        keep = self.tension_combo.currentData()
        self.tension_combo.blockSignals(True)
        try:
            self.tension_combo.clear()
            if ws is not None:
                for key, left, right in tension_relations(ws):
                    self.tension_combo.addItem(f"{ws.node(left).label}  vs  {ws.node(right).label}", key)
            index = self.tension_combo.findData(keep) if keep is not None else -1
            self.tension_combo.setCurrentIndex(
                index if index >= 0 else (0 if self.tension_combo.count() else -1)
            )
        finally:
            self.tension_combo.blockSignals(False)
        self._show()

    def show_tension(self, relation_id: str) -> bool:
        """Show the tension ``relation_id`` (an ``in tension with`` relation); False if it is not one."""
        index = self.tension_combo.findData(relation_id)
        if index < 0:
            return False
        self.tension_combo.setCurrentIndex(index)
        return True

    def current_tension(self) -> str | None:
        return self.tension_combo.currentData()

    def _tension_picked(self, _index: int) -> None:
        self.commit()
        self._show()
        self.tension_changed.emit(self.current_tension() or "")

    def _shown_polarity(self) -> Polarity | None:
        ws = self.workspace
        if ws is None or self.left is None or self.right is None:
            return None
        saved = saved_polarity(ws, self.left, self.right)
        return (
            oriented(saved, self.left)
            if saved is not None
            else polarity_from_notes(ws, self.left, self.right)
        )

    def _show(self) -> None:
        ws = self.workspace
        key = self.current_tension()
        if ws is None or key is None or not ws.has("relations", key):
            self.left = self.right = None
            for label in self.pole_labels:
                label.setText("")
            for edit in self.edits.values():
                edit.setPlainText("")
                edit.setEnabled(False)
            self.source_label.setText("No tension between two drivers in this map yet.")
            self.lean_bars.set_rows([], ("", ""))
            return
        rel = ws.relation(key)
        self.left, self.right = rel.source, rel.target
        names = (ws.node(self.left).label, ws.node(self.right).label)
        for label, name in zip(self.pole_labels, names, strict=True):
            label.setText(name)
        saved = saved_polarity(ws, self.left, self.right)
        self.source_label.setText(
            "Saved in this workspace" if saved else "Filled from the notes on the map: edit to keep"
        )
        polarity = self._shown_polarity()
        for field, edit in self.edits.items():
            edit.setEnabled(True)
            if not edit.hasFocus() and polarity is not None:
                text = "\n".join(getattr(polarity, field))
                if edit.toPlainText() != text:
                    edit.setPlainText(text)
        rows = [(ws.node(lean.stakeholder).label, lean.score) for lean in self.leans()]
        self.lean_bars.set_rows(rows, names)

    def leans(self) -> list[Lean]:
        if self.workspace is None or self.left is None or self.right is None:
            return []
        return leans(self.workspace, self.left, self.right)

    # ------------------------------------------------------------ editing
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in self.edits.values():
            self.commit()
        return False

    def commit(self) -> bool:
        """Store what the boxes say, as one undoable command; False when nothing changed."""
        ws = self.workspace
        if ws is None or self.read_only or self.left is None or self.right is None:
            return False
        if not (ws.has("nodes", self.left) and ws.has("nodes", self.right)):
            return False
        typed = {
            field: tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())
            for field, edit in self.edits.items()
        }
        shown = self._shown_polarity()
        if shown is None or all(getattr(shown, f) == typed[f] for f in QUADRANTS):
            return False
        saved = saved_polarity(ws, self.left, self.right)
        if saved is None:
            polarity = dataclasses.replace(shown, **typed)
            return self._push(AddEntity("polarities", polarity, text="Edit polarity"))
        changes = {
            (field if saved.left == self.left else SWAPPED[field]): value
            for field, value in typed.items()
            if getattr(shown, field) != value
        }
        return self._push(UpdateEntity("polarities", saved.id, menu="Edit polarity", **changes))
