"""The lens toolbar: pick a saved lens, slide the time horizon, focus on the selection, save and delete.

The bar only holds the user's choices; ``InsightController`` turns them into
one ``LensView`` (through ``analysis.lens_view``, the single definition of
what a lens shows) and applies it to the canvas, the panels and the exports.
The horizon slider takes over the lens's own ``max_horizon`` (choosing a lens
moves the slider to it), so what the slider shows is what the map shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QInputDialog, QLabel, QSlider, QToolBar, QWidget

from ..model import Lens, Workspace

#: Slider positions, left to right.
HORIZON_STEPS: tuple[str, ...] = ("short", "medium", "long")
HORIZON_WORDS = {"short": "Short term", "medium": "Up to medium term", "long": "All horizons"}
WHOLE_MAP = "Whole map"


class LensBar(QToolBar):
    """Lens combo, horizon slider, focus toggle, Save lens…, Delete lens."""

    #: Anything that changes what the map shows (lens, horizon or focus toggle).
    changed = Signal()
    save_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Lens", parent)
        self.setObjectName("lens-toolbar")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setContentsMargins(0, 0, 0, 0)
        self.layout().setContentsMargins(2, 1, 2, 1)
        self._filling = False
        #: Set by the controller: looks a lens up by id in the current workspace.
        self.lookup: Callable[[str], Lens | None] = lambda _key: None
        self.addWidget(_plain("Lens "))
        self.combo = QComboBox()
        self.combo.setObjectName("lens-combo")
        self.combo.setMinimumContentsLength(18)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setToolTip("Show the map through a saved lens")
        self.combo.currentIndexChanged.connect(self._lens_picked)
        self.addWidget(self.combo)
        self.addSeparator()
        self.addWidget(_plain(" Time horizon "))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("horizon-slider")
        self.slider.setRange(0, len(HORIZON_STEPS) - 1)
        self.slider.setPageStep(1)
        self.slider.setSingleStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setValue(len(HORIZON_STEPS) - 1)
        self.slider.setFixedWidth(110)
        self.slider.setToolTip("Short, medium, long: relations felt later than this are hidden")
        self.slider.valueChanged.connect(self._horizon_moved)
        self.addWidget(self.slider)
        self.horizon_label = _plain("")
        self.horizon_label.setMinimumWidth(118)
        self.addWidget(self.horizon_label)
        self.addSeparator()
        self.focus_action = QAction("Focus on Selected Stakeholder", self)
        self.focus_action.setCheckable(True)
        self.focus_action.setToolTip(
            "Dim everything but the selected node, its relations and its allies and opponents"
        )
        self.focus_action.toggled.connect(lambda _on: self.changed.emit())
        self.addAction(self.focus_action)
        self.addSeparator()
        self.save_action = QAction("Save Lens…", self)
        self.save_action.setToolTip("Save the current lens, horizon and focus under a name")
        self.save_action.triggered.connect(self.save_requested.emit)
        self.addAction(self.save_action)
        self.delete_action = QAction("Delete Lens", self)
        self.delete_action.setToolTip("Delete the lens shown in the list (undoable)")
        self.delete_action.triggered.connect(self.delete_requested.emit)
        self.addAction(self.delete_action)
        self._show_horizon()
        self.set_lenses([])

    # ------------------------------------------------------------ state
    def set_lenses(self, lenses: list[Lens], keep: str | None = None) -> None:
        """Fill the combo (``Whole map`` first), keeping the lens ``keep`` (an id) picked if it is there."""
        self._filling = True
        try:
            self.combo.clear()
            self.combo.addItem(WHOLE_MAP, None)
            for lens in lenses:
                self.combo.addItem(lens.name, lens.id)
            index = self.combo.findData(keep) if keep is not None else 0
            self.combo.setCurrentIndex(max(index, 0))
        finally:
            self._filling = False
        self.delete_action.setEnabled(self.lens_id() is not None)

    def lens_id(self) -> str | None:
        return self.combo.currentData()

    def lens_ids(self) -> list[str | None]:
        return [self.combo.itemData(i) for i in range(self.combo.count())]

    def pick(self, lens_id: str | None) -> None:
        """Show the lens ``lens_id`` (None: the whole map)."""
        index = self.combo.findData(lens_id) if lens_id is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def max_horizon(self) -> str | None:
        """The slider's limit; None at the far right (nothing hidden for being late)."""
        value = self.slider.value()
        return None if value >= len(HORIZON_STEPS) - 1 else HORIZON_STEPS[value]

    def set_max_horizon(self, horizon: str | None) -> None:
        self.slider.setValue(
            HORIZON_STEPS.index(horizon) if horizon in HORIZON_STEPS else len(HORIZON_STEPS) - 1
        )

    def focusing(self) -> bool:
        return self.focus_action.isChecked()

    def current_lens(self, ws: Workspace | None) -> Lens | None:
        """The picked lens with the slider's horizon in place of its own (None: whole map, no limit)."""
        key = self.lens_id()
        lens = ws.lenses.get(key) if ws is not None and key is not None else None
        if lens is None:
            return None
        return dataclasses.replace(lens, max_horizon=None)

    # ------------------------------------------------------------ signals
    def _lens_picked(self, _index: int) -> None:
        self.delete_action.setEnabled(self.lens_id() is not None)
        if self._filling:
            return
        lens = self._picked_lens()
        self.slider.blockSignals(True)
        self.set_max_horizon(lens.max_horizon if lens is not None else None)
        self.slider.blockSignals(False)
        self._show_horizon()
        self.changed.emit()

    def _horizon_moved(self, _value: int) -> None:
        self._show_horizon()
        self.changed.emit()

    def _show_horizon(self) -> None:
        self.horizon_label.setText(" " + HORIZON_WORDS[HORIZON_STEPS[self.slider.value()]])

    def _picked_lens(self) -> Lens | None:
        key = self.lens_id()
        return self.lookup(key) if key is not None else None


def ask_lens_name(parent: QWidget, suggestion: str) -> str | None:
    """Ask for a lens name (plain text); None when cancelled or left empty."""
    text, ok = QInputDialog.getText(parent, "Save Lens", "Name of the lens:", text=suggestion)
    text = text.strip()
    return text if ok and text else None


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
