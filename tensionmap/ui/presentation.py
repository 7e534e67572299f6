"""Presentation mode (F5): the map full screen, large, stepping through the saved lenses like slides.

Entering hides the menus, toolbars, docks and status bar (the legend stays),
shows the window full screen and draws the nodes larger. Right (or Page Down, Space) shows the
next lens, Left (or Page Up) the previous one; "Whole map" comes first. Each
step applies the lens to the canvas, fits what it shows and names it in a
large overlay label. Esc (or F5 again) leaves and puts back the window as it
was: geometry, docks, toolbars and the lens that was picked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QToolBar, QWidget

if TYPE_CHECKING:
    from .lens_bar import LensBar
    from .window_api import WindowApi

#: In presentation, labels stay at least this many pixels tall on screen (the back of a room) ...
PRESENT_LABEL_PX = 21.0
#: ... with nodes drawn up to this many times their natural size (nudged apart where they would touch).
PRESENT_MAX_SCALE = 2.6
#: The legend is drawn this much larger too.
PRESENT_LEGEND_SCALE = 1.6


class TitleOverlay(QLabel):
    """The lens name, large, in the top-left corner of the canvas."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 2.4)
        font.setBold(True)
        self.setFont(font)
        self.setStyleSheet(
            "QLabel { background: rgba(255,255,255,225); color: #1A1A1A;"
            " border: 1px solid #C8C8C8; border-radius: 8px; padding: 10px 18px; }"
        )
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.adjustSize()
        self.move(24, 20)
        self.raise_()
        self.show()


class Presentation:
    """Enters and leaves presentation mode for one window; steps through its lens bar."""

    def __init__(self, window: WindowApi, lens_bar: LensBar, apply_now: Callable[[], None]) -> None:
        self.window = window
        self.lens_bar = lens_bar
        self._apply_now = apply_now
        self.active = False
        self._saved: tuple[QByteArray, QByteArray, Qt.WindowState, str | None, bool, bool] | None = None
        self._legend_folded = False
        self._banner_shown = False
        self.overlay = TitleOverlay(window.canvas)
        self.action = QAction("&Presentation Mode", window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("F5"))
        self.action.setToolTip("Full screen, large labels; Left/Right step through the lenses; Esc leaves")
        self.action.setStatusTip(self.action.toolTip())
        self.action.toggled.connect(self._toggled)
        window.addAction(self.action)  # the shortcut works with the menu bar hidden
        keys = (
            ("next", ["Right", "PgDown", "Space"], self.next_lens),
            ("previous", ["Left", "PgUp"], self.previous_lens),
            ("leave", ["Esc"], self.leave),
        )
        self.step_actions: dict[str, QAction] = {}
        for name, shortcuts, slot in keys:
            action = QAction(name, window)
            action.setShortcuts([QKeySequence(k) for k in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setEnabled(False)
            action.triggered.connect(slot)
            window.addAction(action)
            self.step_actions[name] = action

    # -------------------------------------------------------------- modes
    def _toggled(self, on: bool) -> None:
        if on and not self.active:
            self.enter()
        elif not on and self.active:
            self.leave()

    def enter(self) -> None:
        if self.active:
            return
        w = self.window
        w.canvas.finish_rename(apply=True)
        self._saved = (
            w.saveGeometry(),
            w.saveState(),
            w.windowState(),
            self.lens_bar.lens_id(),
            w.menuBar().isVisible(),
            w.statusBar().isVisible(),
        )
        self.active = True
        for bar in w.findChildren(QToolBar):
            bar.hide()
        for dock in w.findChildren(QDockWidget):
            dock.hide()
        w.menuBar().hide()
        w.statusBar().hide()
        self._banner_shown = w.banner.isVisible()
        w.banner.hide()  # the room sees the map; the notice comes back on leaving
        for action in self.step_actions.values():
            action.setEnabled(True)
        self.action.blockSignals(True)
        self.action.setChecked(True)
        self.action.blockSignals(False)
        w.showFullScreen()
        self._boost(True)
        self.show_current()
        w.canvas.setFocus()

    def leave(self) -> None:
        if not self.active:
            return
        w = self.window
        self.active = False
        for action in self.step_actions.values():
            action.setEnabled(False)
        self.action.blockSignals(True)
        self.action.setChecked(False)
        self.action.blockSignals(False)
        self.overlay.hide()
        self._boost(False)
        geometry, state, window_state, lens_id, menu_shown, status_shown = self._saved  # type: ignore[misc]  # set whenever presenting
        self._saved = None
        w.setWindowState(window_state)
        if not window_state & Qt.WindowState.WindowFullScreen:
            w.showNormal() if not window_state & Qt.WindowState.WindowMaximized else w.showMaximized()
        w.restoreGeometry(geometry)
        w.restoreState(state)
        w.banner.setVisible(self._banner_shown)
        w.menuBar().setVisible(menu_shown)
        w.statusBar().setVisible(status_shown)
        self.lens_bar.pick(lens_id)
        self._apply_now()
        w.canvas.fit_map()

    # -------------------------------------------------------------- steps
    def next_lens(self) -> None:
        self._step(+1)

    def previous_lens(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.active:
            return
        ids = self.lens_bar.lens_ids()
        current = ids.index(self.lens_bar.lens_id()) if self.lens_bar.lens_id() in ids else 0
        target = max(0, min(len(ids) - 1, current + delta))
        if target != current:
            self.lens_bar.pick(ids[target])
        self.show_current()

    def show_current(self) -> None:
        """Apply the picked lens now, fit what it shows and name it in the overlay."""
        self._apply_now()
        self._fit_visible()
        self.overlay.show_text(self.lens_bar.combo.currentText())

    def _fit_visible(self) -> None:
        """Fit the nodes the lens shows (all of them for the whole map), below the title."""
        canvas, scene = self.window.canvas, self.window.scene

        def extent() -> QRectF:
            rect = scene.visible_rect()
            return rect if not rect.isEmpty() else scene.map_rect()

        canvas.fit_settled(extent)

    def _boost(self, on: bool) -> None:
        """Larger labels and legend while presenting; re-fits follow the lens, below the title."""
        canvas = self.window.canvas
        if on:
            self._canvas_saved = (canvas.label_target_px, canvas.max_node_scale, canvas.refit)
            self._legend_folded = canvas.legend.collapsed
            canvas.legend.set_collapsed(False)  # the room gets the key, large
            canvas.label_target_px = PRESENT_LABEL_PX
            canvas.max_node_scale = PRESENT_MAX_SCALE
            canvas.refit = self._fit_visible
            canvas.reserved_top = self.overlay.sizeHint().height() + 28
            canvas.legend.set_scale(PRESENT_LEGEND_SCALE)
        else:
            canvas.label_target_px, canvas.max_node_scale, canvas.refit = self._canvas_saved
            canvas.reserved_top = 0
            canvas.legend.set_scale(1.0)
            canvas.legend.set_collapsed(self._legend_folded)
        canvas.apply_label_floor()
