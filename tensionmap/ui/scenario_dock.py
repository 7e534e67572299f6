"""The Scenarios dock: push drivers with sliders, see who gains and who loses.

Each driver has a row: a check box (fix this driver), a slider from -1 to +1
and the level as a number. Moving a slider fixes that driver. A saved
scenario can be picked (its levels fill the sliders), saved under a name,
deleted, and shown beside another one for comparison. The dock only holds
what the user set; the controller runs the scenario and draws the results.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ..analysis.scenario import DEFAULT_LAMBDA
from ..model import Node, Scenario, Workspace
from .scenario_chart import ScenarioChart

SLIDER_STEPS = 100  # the slider runs -100..100 for levels -1..1
UNSAVED = ""


def plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class DriverRow:
    """One driver's check box, slider and value label."""

    def __init__(self, grid: QGridLayout, row: int, driver_id: str, label: str) -> None:
        self.driver_id = driver_id
        self.check = QCheckBox(label)
        self.check.setToolTip(f"Fix {label} at the slider's level")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(-SLIDER_STEPS, SLIDER_STEPS)
        self.slider.setPageStep(25)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(50)
        self.slider.setAccessibleName(f"Level of {label}")
        self.value = plain_label("free")
        self.value.setMinimumWidth(44)
        # Two lines per driver: the name and its level, then a full-width slider (a narrow dock
        # beside the map would otherwise squeeze the slider to nothing).
        grid.addWidget(self.check, 2 * row, 0)
        grid.addWidget(self.value, 2 * row, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.slider, 2 * row + 1, 0, 1, 2)

    @property
    def level(self) -> float:
        return self.slider.value() / SLIDER_STEPS

    def show_level(self) -> None:
        self.value.setText(f"{self.level:+.2f}" if self.check.isChecked() else "free")


class ScenarioDock(QDockWidget):
    """Sliders, pickers and the chart of the Scenarios dock."""

    #: The levels, lambda or comparison changed: run again.
    changed = Signal()
    save_requested = Signal()
    delete_requested = Signal(str)
    #: A saved scenario was picked (its id; "" for the unsaved levels).
    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Scenarios", parent)
        self.setObjectName("ScenariosDock")
        body = QWidget()
        outer = QVBoxLayout(body)

        top = QHBoxLayout()
        top.addWidget(plain_label("Scenario"))
        self.picker = QComboBox()
        self.picker.setToolTip("Pick a saved scenario to load its levels")
        top.addWidget(self.picker, 1)
        self.save_button = QPushButton("Save…")
        self.save_button.setToolTip("Save these levels as a named scenario in the workspace")
        self.delete_button = QPushButton("Delete")
        top.addWidget(self.save_button)
        top.addWidget(self.delete_button)
        outer.addLayout(top)

        second = QHBoxLayout()
        second.addWidget(plain_label("Compare with"))
        self.compare = QComboBox()
        self.compare.setToolTip("Show a saved scenario's results beside these, as hatched bars")
        second.addWidget(self.compare, 1)
        second.addWidget(plain_label("λ"))
        self.lam = QDoubleSpinBox()
        self.lam.setRange(0.1, 5.0)
        self.lam.setSingleStep(0.1)
        self.lam.setValue(DEFAULT_LAMBDA)
        self.lam.setToolTip("Steepness of the squashing: low damps effects, high pushes them to ±1")
        second.addWidget(self.lam)
        outer.addLayout(second)

        third = QHBoxLayout()
        self.on_map = QCheckBox("Show on map")
        self.on_map.setChecked(True)
        self.reset_button = QPushButton("Free all")
        self.reset_button.setToolTip("Unfix every driver")
        third.addWidget(self.on_map)
        third.addStretch(1)
        third.addWidget(self.reset_button)
        outer.addLayout(third)

        self.status = plain_label("")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

        self.rows_widget = QWidget()
        self.grid = QGridLayout(self.rows_widget)
        self.grid.setColumnStretch(0, 1)
        self.grid.setVerticalSpacing(2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows_widget)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumHeight(110)
        # Results first, then the sliders: on a laptop the chart is what the room looks at.
        self.chart = ScenarioChart()
        outer.addWidget(self.chart, 2)
        outer.addWidget(scroll, 1)
        # The body scrolls rather than forcing its height on the window: on a 1366x768 laptop the
        # dock shares the right side with the Inspector and must not push the window off screen.
        frame = QScrollArea()
        frame.setWidgetResizable(True)
        frame.setFrameShape(QScrollArea.Shape.NoFrame)
        frame.setWidget(body)
        frame.setMinimumHeight(120)
        frame.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(frame)

        self.rows: dict[str, DriverRow] = {}
        self._loading = False
        self.picker.currentIndexChanged.connect(self._picked)
        self.compare.currentIndexChanged.connect(lambda _i: self._emit())
        self.lam.valueChanged.connect(lambda _v: self._emit())
        self.save_button.clicked.connect(self.save_requested)
        self.delete_button.clicked.connect(self._delete)
        self.reset_button.clicked.connect(self.free_all)
        self.on_map.toggled.connect(lambda _on: self._emit())

    # -------------------------------------------------------------- state
    def fixed_levels(self) -> dict[str, float]:
        return {key: row.level for key, row in self.rows.items() if row.check.isChecked()}

    def current_scenario_id(self) -> str:
        return self.picker.currentData() or UNSAVED

    def compare_id(self) -> str:
        return self.compare.currentData() or UNSAVED

    def set_workspace(self, ws: Workspace) -> None:
        """Refresh the scenario lists, and the driver rows when the drivers changed (keeping levels)."""
        picked, compared = self.current_scenario_id(), self.compare_id()
        drivers = sorted(
            (n for n in ws.nodes.values() if n.kind == "driver"), key=lambda n: n.label.casefold()
        )
        self._loading = True
        try:
            if [(n.id, n.label) for n in drivers] != [(k, r.check.text()) for k, r in self.rows.items()]:
                self._rebuild_rows(drivers)
            self._fill(self.picker, ws.ordered_scenarios(), "(not saved)", picked)
            self._fill(self.compare, ws.ordered_scenarios(), "(nothing)", compared)
        finally:
            self._loading = False
        self.delete_button.setEnabled(bool(self.current_scenario_id()))

    def _rebuild_rows(self, drivers: list[Node]) -> None:
        kept = self.fixed_levels()
        for row in self.rows.values():
            for w in (row.check, row.slider, row.value):
                self.grid.removeWidget(w)
                w.deleteLater()
        self.rows = {}
        for i, node in enumerate(drivers):
            row = DriverRow(self.grid, i, node.id, node.label)
            if node.id in kept:
                row.check.setChecked(True)
                row.slider.setValue(round(kept[node.id] * SLIDER_STEPS))
            row.show_level()
            row.check.toggled.connect(lambda _on, r=row: self._row_changed(r))
            row.slider.valueChanged.connect(lambda _v, r=row: self._slid(r))
            self.rows[node.id] = row

    @staticmethod
    def _fill(combo: QComboBox, scenarios: list[Scenario], empty: str, keep: str) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(empty, UNSAVED)
        for sc in scenarios:
            combo.addItem(sc.name, sc.id)
        index = combo.findData(keep)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    def load(self, scenario: Scenario) -> None:
        """Put a saved scenario's levels and lambda on the sliders."""
        self._loading = True
        try:
            levels = dict(scenario.levels)
            for key, row in self.rows.items():
                row.check.setChecked(key in levels)
                row.slider.setValue(round(levels.get(key, 0.0) * SLIDER_STEPS))
                row.show_level()
            self.lam.setValue(scenario.lam)
        finally:
            self._loading = False
        self._emit()

    def free_all(self) -> None:
        self._loading = True
        try:
            for row in self.rows.values():
                row.check.setChecked(False)
                row.slider.setValue(0)
                row.show_level()
        finally:
            self._loading = False
        self._mark_unsaved()
        self._emit()

    # ------------------------------------------------------------ signals
    def _slid(self, row: DriverRow) -> None:
        if not self._loading and not row.check.isChecked():
            row.check.setChecked(True)  # moving a slider fixes its driver (emits through _row_changed)
            return
        self._row_changed(row)

    def _row_changed(self, row: DriverRow) -> None:
        row.show_level()
        if not self._loading:
            self._mark_unsaved()
            self._emit()

    def _mark_unsaved(self) -> None:
        if self.current_scenario_id():
            self.picker.blockSignals(True)
            self.picker.setCurrentIndex(0)
            self.picker.blockSignals(False)
            self.delete_button.setEnabled(False)

    def _picked(self, _index: int) -> None:
        self.delete_button.setEnabled(bool(self.current_scenario_id()))
        self.picked.emit(self.current_scenario_id())

    def _delete(self) -> None:
        if self.current_scenario_id():
            self.delete_requested.emit(self.current_scenario_id())

    def _emit(self) -> None:
        if not self._loading:
            self.changed.emit()
