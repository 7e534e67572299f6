"""Insight features in the real main window: linked panels, lenses, polarity, presentation, report."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QToolBar

from tensionmap.examples.micro_credentials import build, stable_id
from tensionmap.render.panels import BenefitsChartPanel, TensionMatrixPanel
from tensionmap.store import WorkspaceFile
from tensionmap.ui.insight_controller import InsightController
from tensionmap.ui.tension_controller import TensionController

from .helpers import node_pos, reopen


@pytest.fixture
def example_path(tmp_path: Path) -> Path:
    path = tmp_path / "example.tmap"
    WorkspaceFile.create(path, build()).close()
    return path


def open_window(qtbot, app, path: Path, size=(1500, 950)):
    win = app.open_window(WorkspaceFile.open(path))
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    win.canvas.fit_map()
    win.canvas.setFocus()
    QApplication.processEvents()
    return win


@pytest.fixture
def ex_window(qtbot, app, example_path: Path):
    win = open_window(qtbot, app, example_path)
    yield win
    if win.isVisible():
        win.close()


def insight(window) -> InsightController:
    return next(e for e in window.extensions if isinstance(e, InsightController))


def settle(qtbot, window) -> None:
    """Wait until the window shows the current view: no update pending, the analysis in."""
    qtbot.waitUntil(lambda: insight(window).settled, timeout=5000)
    for extension in window.extensions:
        if isinstance(extension, TensionController):
            assert extension.settle(5000)
    qtbot.waitUntil(lambda: insight(window).settled, timeout=5000)


def show_panel(ctl: InsightController, cls: type):
    if not ctl.panels_action.isChecked():
        ctl.panels_action.trigger()  # the panels start folded: one click on "Insight Panels"
    ctl.docks.dock_for(cls).raise_()
    QApplication.processEvents()
    return ctl.docks.panel(cls)


# ----------------------------------------------------------------- docks
def test_panels_are_tabified_bottom_docks_with_view_menu_toggles(ex_window):
    ctl = insight(ex_window)
    first = ctl.docks.docks[0]
    assert not first.isVisible() and not ctl.panels_action.isChecked()  # folded: the map first
    ctl.panels_action.trigger()
    QApplication.processEvents()
    assert first.isVisible() and ctl.panels_action.isChecked()
    assert ex_window.dockWidgetArea(first) == Qt.DockWidgetArea.BottomDockWidgetArea
    grouped = set(ex_window.tabifiedDockWidgets(first))
    assert set(ctl.docks.docks[1:]) | {ctl.polarity_dock} <= grouped
    texts = [a.text().replace("&", "") for a in ex_window.menus.view.actions()]
    assert "Presentation Mode" in texts and "Lens Toolbar" in texts
    assert ctl.lens_bar.isVisible()
    assert ex_window.canvas.height() > 400  # the panels do not crush the map


def test_selecting_a_stakeholder_on_the_canvas_marks_it_in_the_panels(qtbot, ex_window):
    ctl = insight(ex_window)
    smes = stable_id("smes")
    matrix = show_panel(ctl, TensionMatrixPanel)
    qtbot.mouseClick(ex_window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=node_pos(ex_window, smes))
    assert ex_window.scene.selected_ids()[0] == [smes]
    assert matrix.highlighted_row() == matrix.order.index(smes)
    bars = show_panel(ctl, BenefitsChartPanel)
    assert {b.key[0] for b in bars.highlighted_bars()} == {smes}
    qtbot.mouseClick(ex_window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=node_pos(ex_window, smes))


def test_picking_a_stakeholder_in_a_panel_selects_and_centres_it(qtbot, ex_window):
    ctl = insight(ex_window)
    matrix = show_panel(ctl, TensionMatrixPanel)
    hr = stable_id("hr")
    qtbot.mouseClick(matrix.graphics.viewport(), Qt.MouseButton.LeftButton, pos=matrix.cell_position(hr, hr))
    assert ex_window.scene.selected_ids()[0] == [hr]
    centre = ex_window.canvas.mapToScene(ex_window.canvas.viewport().rect().center())
    item = ex_window.scene.node_items[hr]
    assert (centre - item.pos()).manhattanLength() < 40


def test_clicking_a_matrix_cell_focuses_the_path_and_dims_the_rest(qtbot, ex_window):
    ctl = insight(ex_window)
    matrix = show_panel(ctl, TensionMatrixPanel)
    uni, emp = stable_id("institutions"), stable_id("employers")
    row, column = sorted((uni, emp), key=matrix.order.index)
    with qtbot.waitSignal(matrix.focus_requested, timeout=2000) as blocker:
        qtbot.mouseClick(
            matrix.graphics.viewport(), Qt.MouseButton.LeftButton, pos=matrix.cell_position(row, column)
        )
    focus = blocker.args[0]
    nodes, rels = ex_window.scene.selected_ids()
    assert set(nodes) == set(focus.node_ids) and set(rels) == set(focus.relation_ids)
    items = ex_window.scene.node_items
    assert all(items[n].opacity() == 1.0 for n in focus.node_ids)
    dimmed = [k for k in items if k not in focus.node_ids]
    assert dimmed and all(items[k].opacity() < 0.5 for k in dimmed)
    assert ex_window.scene.dim_layers[1]._geometry() != {}  # other relations drawn faint
    # clicking the background clears the focus
    qtbot.mouseClick(
        ex_window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=ex_window.canvas.rect().topLeft()
    )
    settle(qtbot, ex_window)
    assert ctl.path_focus is None
    assert all(item.opacity() == 1.0 for item in items.values())


# ----------------------------------------------------------------- lenses
def test_short_horizon_hides_long_relations_on_canvas_and_in_panels(qtbot, ex_window):
    ctl = insight(ex_window)
    ws = ex_window.wf.workspace
    slider = ctl.lens_bar.slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Home)  # all the way left: short term
    assert ctl.lens_bar.max_horizon() == "short"
    settle(qtbot, ex_window)
    late = [r.id for r in ws.relations.values() if r.horizon in ("medium", "long")]
    assert late
    drawn = ex_window.scene.relation_geometry()
    shown = {k for sign in (1, -1, 0) for k in ex_window.scene.layers[sign]._geometry()}
    assert not shown & set(late) and shown <= set(drawn)
    assert all(not ex_window.scene.relation_items[k].isVisible() for k in late)
    assert ex_window.view_state.view is not None and not set(late) & ex_window.view_state.view.relations
    bars = show_panel(ctl, BenefitsChartPanel)
    long_bars = [b for b in bars.bars_item.bars if b.key[1] == "long"]
    assert long_bars and all(b.height == 0 for b in long_bars)
    qtbot.keyClick(slider, Qt.Key.Key_End)
    settle(qtbot, ex_window)
    assert ex_window.view_state.view is None
    assert all(item.isVisible() for item in ex_window.scene.relation_items.values())
    assert any(b.height > 0 for b in bars.bars_item.bars if b.key[1] == "long")


def test_example_lenses_are_listed_and_apply_to_the_canvas(qtbot, ex_window):
    ctl = insight(ex_window)
    combo = ctl.lens_bar.combo
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[:4] == ["Whole map", "Short term only", "The employers' view", "Learners and institutions"]
    combo.setCurrentIndex(3)
    settle(qtbot, ex_window)
    view = ex_window.view_state.view
    assert view is not None
    hidden = [k for k in ex_window.scene.node_items if k not in view.nodes]
    assert hidden and all(not ex_window.scene.node_items[k].isVisible() for k in hidden)
    combo.setCurrentIndex(2)  # the employers' view: focus dims the rest
    settle(qtbot, ex_window)
    items = ex_window.scene.node_items
    assert items[stable_id("employers")].opacity() == 1.0
    assert any(item.opacity() < 0.5 for item in items.values())


def test_a_lens_saved_in_the_ui_survives_reopening_the_file(qtbot, app, example_path: Path):
    win = open_window(qtbot, app, example_path)
    ctl = insight(win)
    ctl.ask_name = lambda _parent, _suggestion: "Workshop: short and focused"
    ctl.lens_bar.slider.setValue(1)  # up to medium term
    win.scene.select_ids([stable_id("learners")])
    ctl.lens_bar.focus_action.setChecked(True)
    settle(qtbot, win)
    ctl.lens_bar.save_action.trigger()
    assert ctl.lens_bar.combo.currentText() == "Workshop: short and focused"
    win.close()
    lens = next(lens for lens in reopen(example_path).lenses.values() if lens.name.startswith("Workshop"))
    assert lens.max_horizon == "medium" and lens.focus == stable_id("learners")
    again = open_window(qtbot, app, example_path)
    combo = insight(again).lens_bar.combo
    assert "Workshop: short and focused" in [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(combo.findText("Workshop: short and focused"))
    assert insight(again).lens_bar.max_horizon() == "medium"
    insight(again).lens_bar.delete_action.trigger()  # delete is one undo step
    assert combo.findText("Workshop: short and focused") < 0
    again.undo_stack.undo()
    assert combo.findText("Workshop: short and focused") > 0
    again.close()


# ------------------------------------------------------------- presentation
def test_presentation_mode_steps_through_lenses_and_esc_restores(qtbot, ex_window):
    ctl = insight(ex_window)
    ex_window.activateWindow()
    qtbot.waitActive(ex_window)
    history_shown = ex_window.history_dock.isVisible() or ex_window.evidence_dock.isVisible()
    ctl.panels_action.trigger()
    QApplication.processEvents()
    qtbot.keyClick(ex_window.canvas, Qt.Key.Key_F5)
    assert ctl.presentation.active
    assert ex_window.windowState() & Qt.WindowState.WindowFullScreen
    assert not any(bar.isVisible() for bar in ex_window.findChildren(QToolBar))
    assert not any(dock.isVisible() for dock in ex_window.findChildren(QDockWidget))
    assert ex_window.scene.node_scale >= 1.1  # larger labels
    assert ctl.presentation.overlay.isVisible() and ctl.presentation.overlay.text() == "Whole map"
    qtbot.keyClick(ex_window.canvas, Qt.Key.Key_Right)
    assert ctl.lens_bar.combo.currentText() == "Short term only"
    assert ctl.presentation.overlay.text() == "Short term only"
    assert ex_window.view_state.view is not None
    qtbot.keyClick(ex_window.canvas, Qt.Key.Key_Right)
    assert ctl.lens_bar.combo.currentText() == "The employers' view"
    qtbot.keyClick(ex_window.canvas, Qt.Key.Key_Left)
    assert ctl.lens_bar.combo.currentText() == "Short term only"
    qtbot.keyClick(ex_window.canvas, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert not ctl.presentation.active
    assert not ex_window.windowState() & Qt.WindowState.WindowFullScreen
    assert (
        ctl.lens_bar.isVisible() and ex_window.menus.toolbar.isVisible() and ex_window.menuBar().isVisible()
    )
    assert ctl.docks.docks[0].isVisible()
    assert (ex_window.history_dock.isVisible() or ex_window.evidence_dock.isVisible()) == history_shown
    assert ctl.lens_bar.combo.currentText() == "Whole map"  # the lens from before
    assert ex_window.view_state.view is None
    assert not ctl.presentation.overlay.isVisible()


# ------------------------------------------------------------------ polarity
def test_polarity_view_fills_from_notes_and_an_edit_persists(qtbot, app, example_path: Path):
    win = open_window(qtbot, app, example_path)
    ctl = insight(win)
    ctl.polarity_dock.raise_()
    view = ctl.polarity
    ws = win.wf.workspace
    scal, spec = stable_id("scalability"), stable_id("specificity")
    key = next(r.id for r in ws.relations.values() if {r.source, r.target} == {scal, spec})
    win.scene.select_ids([], [key])  # selecting the tension on the canvas shows it
    assert view.current_tension() == key
    assert {view.left, view.right} == {scal, spec}
    assert view.pole_labels[0].text() in ("Scalability", "Specificity")
    assert any(edit.toPlainText() for edit in view.edits.values())  # filled from the notes
    assert view.lean_bars.rows  # who leans where
    edit = view.edits["left_upsides"]
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "One curriculum serves thousands")
    view.edits["right_downsides"].setFocus()  # leaving the box stores it
    QApplication.processEvents()
    assert win.undo_stack.count() == 1 and "polarity" in win.undo_stack.text(0)
    left = view.left
    win.close()
    saved = list(reopen(example_path).polarities.values())
    assert len(saved) == 1
    p = saved[0]
    upsides = p.left_upsides if p.left == left else p.right_upsides
    assert "One curriculum serves thousands" in upsides
    again = open_window(qtbot, app, example_path)
    again_view = insight(again).polarity
    again_view.show_tension(key)
    assert "One curriculum serves thousands" in again_view.edits["left_upsides"].toPlainText()
    assert again_view.source_label.text() == "Saved in this workspace"
    again.close()


# ------------------------------------------------------------------- report
def test_export_report_writes_a_pdf_with_the_tension_register(qtbot, ex_window, tmp_path: Path):
    ctl = insight(ex_window)
    out = tmp_path / "out.pdf"
    ctl.report.choose_path = lambda _parent, _suggested: str(out)
    actions = ex_window.menus.file.actions()
    assert actions.index(ctl.report.action) < actions.index(ex_window.menus.exchange_anchor)
    ctl.lens_bar.slider.setValue(0)
    ctl.report.action.trigger()
    assert out.exists() and out.stat().st_size > 1000
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(out)).pages)
    assert "Tension register" in text
    assert "Report written" in ex_window.statusBar().currentMessage()


def test_panel_export_button_writes_png_and_svg(qtbot, ex_window, tmp_path: Path):
    ctl = insight(ex_window)
    show_panel(ctl, TensionMatrixPanel)
    holder = ctl.docks.holders[0]
    assert holder.button.isVisible()
    target = tmp_path / "matrix"
    ctl.docks.choose_path = lambda _parent, _title, suffix: f"{target}.{suffix}"
    holder.menu.actions()[0].trigger()
    holder.menu.actions()[1].trigger()
    assert (tmp_path / "matrix.png").stat().st_size > 1000
    assert b"<svg" in (tmp_path / "matrix.svg").read_bytes()


def test_panels_follow_live_map_changes(qtbot, ex_window):
    ctl = insight(ex_window)
    matrix = show_panel(ctl, TensionMatrixPanel)
    hr, smes = stable_id("hr"), stable_id("smes")
    cell = tuple(sorted((matrix.order.index(hr), matrix.order.index(smes))))
    assert matrix.finding_at(*cell) is None
    from tensionmap.commands import add_relation
    from tensionmap.model import Relation

    ex_window.push(add_relation(Relation("new-r", hr, smes, "opposes", 5)))
    qtbot.waitUntil(lambda: matrix.finding_at(*cell) is not None, timeout=2000)
