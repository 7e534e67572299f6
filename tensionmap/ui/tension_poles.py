"""Choosing the two poles of the polarity layout.

``PolesDialog`` is a small window-modal chooser opened with ``open()`` (never
a blocking ``exec``), so the event loop keeps running and tests can fill it in
and press OK. ``initial_poles`` picks what it starts with: two drivers selected
on the canvas, else the workspace's default polarity (its first saved polarity,
or the strongest opposition between two drivers), else the first two drivers.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..model import Workspace


def drivers_of(ws: Workspace) -> list[tuple[str, str]]:
    """(id, label) of every driver, by label."""
    found = [(n.id, n.label) for n in ws.nodes.values() if n.kind == "driver"]
    return sorted(found, key=lambda pair: (pair[1].casefold(), pair[0]))


def selected_drivers(ws: Workspace, node_ids: Sequence[str]) -> tuple[str, str] | None:
    """The two selected drivers, the leftmost first; None unless exactly two drivers are selected."""
    picked = [ws.nodes[k] for k in node_ids if k in ws.nodes and ws.nodes[k].kind == "driver"]
    if len(picked) != 2:
        return None
    left, right = sorted(picked, key=lambda n: (n.x, n.y, n.id))
    return left.id, right.id


def initial_poles(ws: Workspace, node_ids: Sequence[str] = ()) -> tuple[str, str] | None:
    """Poles to start from: the selection, the default polarity, or the first two drivers."""
    chosen = selected_drivers(ws, node_ids)
    if chosen is not None:
        return chosen
    from ..layout import default_poles

    try:
        return default_poles(ws)
    except ValueError:
        pass
    drivers = drivers_of(ws)
    return (drivers[0][0], drivers[1][0]) if len(drivers) >= 2 else None


class PolesDialog(QDialog):
    """Two drop-downs (left pole, right pole) over the map's drivers, a swap button, OK/Cancel."""

    #: (left id, right id), emitted when the user accepts.
    chosen = Signal(str, str)

    def __init__(
        self, ws: Workspace, poles: tuple[str, str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("poles-dialog")
        self.setWindowTitle("Polarity layout")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        drivers = drivers_of(ws)
        intro = QLabel(
            "Pick the tension to lay the map along: the two drivers sit at the ends of the axis "
            "and each stakeholder sits between them by its stances."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.left = QComboBox()
        self.right = QComboBox()
        for combo in (self.left, self.right):
            combo.setMinimumContentsLength(24)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            for key, label in drivers:
                combo.addItem(label, key)
        self.swap_button = QToolButton()
        self.swap_button.setText("Swap ⇄")
        self.swap_button.setToolTip("Exchange the left and right poles")
        self.swap_button.clicked.connect(self.swap)
        form = QFormLayout()
        form.addRow("Left pole:", self.left)
        form.addRow("Right pole:", self.right)
        form.addRow("", self.swap_button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lay Out")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if poles is not None:
            self.set_poles(*poles)
        elif len(drivers) >= 2:
            self.right.setCurrentIndex(1)
        self.left.currentIndexChanged.connect(self._check)
        self.right.currentIndexChanged.connect(self._check)
        self._check()

    def poles(self) -> tuple[str, str]:
        return str(self.left.currentData()), str(self.right.currentData())

    def set_poles(self, left: str, right: str) -> None:
        for combo, key in ((self.left, left), (self.right, right)):
            index = combo.findData(key)
            if index >= 0:
                combo.setCurrentIndex(index)

    def swap(self) -> None:
        left, right = self.poles()
        self.set_poles(right, left)

    def _check(self) -> None:
        left, right = self.poles()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.left.count() >= 2 and left != right)
        ok.setToolTip("" if left != right else "The two poles must be different drivers")

    def accept(self) -> None:
        left, right = self.poles()
        if left == right:
            return
        super().accept()
        self.chosen.emit(left, right)
