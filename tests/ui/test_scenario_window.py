"""What-if scenarios and snapshots in the real window, driven with the mouse and keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tensionmap.examples.micro_credentials import build, stable_id
from tensionmap.store import WorkspaceFile
from tensionmap.ui.scenario_controller import ScenarioController

from .helpers import reopen


@pytest.fixture
def example_path(tmp_path: Path) -> Path:
    path = tmp_path / "example.tmap"
    WorkspaceFile.create(path, build()).close()
    return path


@pytest.fixture
def ex_window(qtbot, app, example_path: Path):
    win = app.open_window(WorkspaceFile.open(example_path))
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    win.canvas.fit_map()
    yield win
    if win.isVisible():
        win.close()


def controller(window) -> ScenarioController:
    return next(e for e in window.extensions if isinstance(e, ScenarioController))


def label_id(window, label: str) -> str:
    return next(n.id for n in window.wf.workspace.nodes.values() if n.label == label)


def open_dock(qtbot, window) -> ScenarioController:
    ctl = controller(window)
    action = ctl.dock.toggleViewAction()
    assert action in window.menus.view.actions()
    action.trigger()
    qtbot.waitUntil(ctl.dock.isVisible)
    return ctl


def test_pushing_scalability_with_the_keyboard_shows_who_gains_and_loses(qtbot, ex_window) -> None:
    ctl = open_dock(qtbot, ex_window)
    row = ctl.dock.rows[label_id(ex_window, "Scalability")]
    row.slider.setFocus()
    qtbot.keyClick(row.slider, Qt.Key.Key_End)  # all the way up: +1
    qtbot.waitUntil(lambda: ctl.result is not None and ctl.result.levels[row.driver_id] == 1.0)
    assert row.check.isChecked() and row.value.text() == "+1.00"
    gains = {ex_window.wf.workspace.nodes[k].label: v for k, v in ctl.result.gains.items()}
    assert gains["Universities and colleges"] > 1.5
    assert gains["Employers and industry"] < -1.3
    # The chart shows both, and the map badges them (not by colour alone).
    people = ctl.dock.chart.people
    assert any(b.width > 1.5 and b.key[1] == "Universities and colleges" for b in people.bars.bars)
    assert any(b.width < -1.3 and b.key[1] == "Employers and industry" for b in people.bars.bars)
    texts = ctl.marks.texts()
    assert texts[label_id(ex_window, "Universities and colleges")].startswith("▲ gains +1.58")
    assert texts[label_id(ex_window, "Employers and industry")].startswith("▼ loses −1.36")
    assert texts[label_id(ex_window, "Specificity")] == "▼ −0.96"
    assert texts[row.driver_id] == "fixed +1.00"
    assert ctl.marks.isVisible()
    ctl.dock.on_map.click()
    assert not ctl.marks.isVisible()


def test_save_compare_and_reload_scenarios(qtbot, ex_window, example_path) -> None:
    ctl = open_dock(qtbot, ex_window)
    scale = ctl.dock.rows[label_id(ex_window, "Scalability")]
    qtbot.keyClick(scale.slider, Qt.Key.Key_End)
    first = ctl.save_scenario("Push scale")
    assert first is not None
    ctl.dock.free_all()
    spec = ctl.dock.rows[label_id(ex_window, "Specificity")]
    qtbot.keyClick(spec.slider, Qt.Key.Key_End)
    ctl.save_scenario("Push specificity")
    # Compare with the first: each chart row gets a second, hatched bar.
    ctl.dock.compare.setCurrentIndex(ctl.dock.compare.findData(first))
    qtbot.waitUntil(lambda: len(ctl.dock.chart.people.series) == 2)
    assert any(b.hatch == "/" for b in ctl.dock.chart.people.bars.bars)
    assert "Hatched bars: Push scale" in ctl.dock.chart.legend.text()
    # Saving is an undoable step written to the file.
    saved = {s.name for s in reopen(example_path).scenarios.values()}
    assert saved == {"Push scale", "Push specificity"}
    ex_window.undo_stack.undo()
    assert {s.name for s in reopen(example_path).scenarios.values()} == {"Push scale"}
    # Picking a saved scenario puts its levels on the sliders.
    ctl.dock.picker.setCurrentIndex(ctl.dock.picker.findData(first))
    qtbot.waitUntil(lambda: scale.check.isChecked() and not spec.check.isChecked())
    assert scale.slider.value() == 100


def test_snapshot_restore_and_compare_from_the_file_menu(qtbot, ex_window, example_path) -> None:
    ctl = controller(ex_window)
    titles = [a.text() for a in ex_window.menus.file.actions()]
    assert "Take &Snapshot…" in titles and "Compare with Snapshot…" in titles
    snap = ctl.take_snapshot("Before the workshop")
    assert snap is not None
    ws = ex_window.wf.workspace
    op = label_id(ex_window, "Operational focus")
    ex_window.scene.select_ids([op])
    qtbot.keyClick(ex_window.canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: op not in ws.nodes)
    spec = label_id(ex_window, "Specificity")
    ex_window.push(
        __import__("tensionmap.commands", fromlist=["update_node"]).update_node(spec, label="Job specificity")
    )
    ctl.compare_with(snap)
    state = ctl.compare_marks.state
    assert [g.label for g in state.ghosts] == ["Operational focus"]
    assert state.renamed == {spec: "Specificity"}
    assert len(state.removed_relations) == 2
    assert ctl.compare_marks.isVisible()
    # Restore is one undo step; undo brings the edited map back.
    assert ctl.restore_snapshot(snap)
    assert op in ws.nodes and ws.nodes[spec].label == "Specificity"
    qtbot.waitUntil(lambda: not ctl.compare_marks.state.ghosts)
    assert op in reopen(example_path).nodes
    ex_window.undo_stack.undo()
    assert op not in ws.nodes
    ctl.compare_with("")
    assert not ctl.compare_marks.isVisible()


def test_the_run_follows_edits_of_the_map(qtbot, ex_window) -> None:
    ctl = open_dock(qtbot, ex_window)
    scale = ctl.dock.rows[label_id(ex_window, "Scalability")]
    qtbot.keyClick(scale.slider, Qt.Key.Key_End)
    emp = label_id(ex_window, "Employers and industry")
    qtbot.waitUntil(lambda: ctl.result.gains[emp] < -1.3)
    rel = next(
        r for r in ex_window.wf.workspace.relations.values() if r.source == emp and r.type == "resists"
    )
    from tensionmap.commands import update_relation

    ex_window.push(update_relation(rel.id, type="supports"))
    qtbot.waitUntil(lambda: ctl.result.gains[emp] > -1.0)
    QApplication.processEvents()
    assert stable_id  # the example's ids are stable: the fixture map is the shipped one
