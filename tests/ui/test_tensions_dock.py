"""The Tensions dock (ranked findings, balance header, focus on selection) and the live analysis runner."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tensionmap.analysis import analyze
from tensionmap.commands import MoveNodes
from tensionmap.examples import micro_credentials
from tensionmap.model import Node, Relation, new_id
from tensionmap.render.overlays import Focus
from tensionmap.ui.analysis_runner import AnalysisRunner
from tensionmap.ui.tensions_dock import TensionsDock, path_text
from tests.builders import small_map


@pytest.fixture
def dock(qtbot) -> TensionsDock:
    widget = TensionsDock()
    widget.resize(700, 500)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _click_row(qtbot, view, row: int) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_rows_are_ranked_plain_text_with_paths(dock) -> None:
    ws = micro_credentials.build()
    result = analyze(ws)
    dock.set_result(result, result.labels, relations=ws.relations)
    model = dock.tensions_view.model()
    assert model.rowCount() == len(result.tensions)
    assert dock.tabs.tabText(0) == f"Tensions ({len(result.tensions)})"
    assert dock.alliances_view.model().rowCount() == len(result.alliances)
    intensities = [float(model.item(r, 2).text()) for r in range(model.rowCount())]
    assert intensities == sorted(intensities, reverse=True)
    derived = next(r for r in range(model.rowCount()) if model.item(r, 1).text().startswith("derived"))
    path = model.item(derived, 3).text()
    assert "⟂" in path and ("→" in path or "←" in path)
    first = result.tensions[derived]
    assert path.startswith(result.labels[first.path[0]]) and path.endswith(result.labels[first.path[-1]])


def test_path_text_example_shape() -> None:
    ws = small_map()
    result = analyze(ws)
    finding = next(f for f in result.tensions if f.kind == "derived")
    assert path_text(finding, result.labels, ws.relations) in (
        "University → Scalability ⟂ Specificity ← Employer",
        "Employer → Specificity ⟂ Scalability ← University",
    )
    assert " — " in path_text(finding, result.labels)  # without relations the signs are unknown


def test_balance_header_shows_the_frustration_index(dock) -> None:
    result = analyze(micro_credentials.build())
    dock.set_result(result, result.labels)
    text = dock.header.text()
    b = result.balance
    assert dock.header.textFormat() == Qt.TextFormat.PlainText
    assert f"frustration index {b.frustration_index} (exact)" in text
    assert f"{b.triangles} triangles, {b.unbalanced_triangles} unbalanced" in text
    assert f"coalitions of {len(b.coalitions[0])} and {len(b.coalitions[1])}" in text
    heuristic = dataclasses.replace(result, balance=dataclasses.replace(b, exact=False, lower_bound=1))
    dock.set_result(heuristic, result.labels)
    assert f"frustration index {b.frustration_index} (heuristic; at least 1)" in dock.header.text()
    dock.set_result(None)
    assert dock.header.text() == "No analysis yet."
    assert dock.tensions_view.model().rowCount() == 0


def test_clicking_a_row_focuses_its_nodes_and_relations(qtbot, dock) -> None:
    ws = micro_credentials.build()
    result = analyze(ws)
    dock.set_result(result, result.labels, relations=ws.relations)
    row = next(i for i, f in enumerate(result.tensions) if f.kind == "derived")
    finding = result.tensions[row]
    with qtbot.waitSignal(dock.focus_requested, timeout=2000) as blocker:
        _click_row(qtbot, dock.tensions_view, row)
    focus = blocker.args[0]
    assert isinstance(focus, Focus)
    assert focus.node_ids == frozenset(finding.path)
    assert focus.relation_ids == frozenset(finding.relations)
    assert dock.selected_finding() is finding
    # a fresh result with the same finding keeps it selected without a new signal
    with qtbot.assertNotEmitted(dock.focus_requested), qtbot.assertNotEmitted(dock.focus_cleared):
        dock.set_result(analyze(ws), result.labels, relations=ws.relations)
    assert dock.focus == focus
    # Escape clears the selection and the focus
    dock.tensions_view.setFocus()
    with qtbot.waitSignal(dock.focus_cleared, timeout=2000):
        qtbot.keyClick(dock.tensions_view, Qt.Key.Key_Escape)
    assert dock.focus is None
    assert not dock.tensions_view.selectionModel().hasSelection()


def test_alliance_rows_and_clear_button(qtbot, dock) -> None:
    ws = micro_credentials.build()
    result = analyze(ws)
    dock.set_result(result, result.labels)
    dock.tabs.setCurrentIndex(1)
    qtbot.waitExposed(dock.alliances_view)
    with qtbot.waitSignal(dock.focus_requested, timeout=2000) as blocker:
        _click_row(qtbot, dock.alliances_view, 0)
    assert blocker.args[0].node_ids == frozenset(result.alliances[0].path)
    with qtbot.waitSignal(dock.focus_cleared, timeout=2000):
        qtbot.mouseClick(dock.clear_button, Qt.MouseButton.LeftButton)


def test_focus_cleared_when_the_finding_disappears(qtbot, dock) -> None:
    ws = small_map()
    result = analyze(ws)
    dock.set_result(result, result.labels)
    with qtbot.waitSignal(dock.focus_requested, timeout=2000):
        _click_row(qtbot, dock.tensions_view, 0)
    tension = next(r for r in ws.relations.values() if r.type == "in_tension_with")
    ws.remove("relations", tension.id)
    with qtbot.waitSignal(dock.focus_cleared, timeout=2000):
        dock.set_result(analyze(ws))


def test_labels_are_never_markup(dock) -> None:
    ws = small_map()
    first = next(iter(ws.nodes.values()))
    ws.replace("nodes", dataclasses.replace(first, label="<b>Bold</b> & co"))
    result = analyze(ws)
    dock.set_result(result)
    texts = [
        dock.tensions_view.model().item(r, c).text()
        for r in range(dock.tensions_view.model().rowCount())
        for c in (0, 3)
    ]
    assert any("<b>Bold</b> & co" in t for t in texts)
    for label in dock.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText


# ----------------------------------------------------------------- runner
def test_runner_recomputes_after_edits_debounced(qtbot) -> None:
    ws = small_map()
    runner = AnalysisRunner(debounce_ms=30)
    results = []
    runner.result_ready.connect(results.append)
    runner.attach(ws)
    assert len(results) == 1  # analysed right away
    before = len(results[0].tensions)
    uni = next(n for n in ws.nodes.values() if n.label == "University")
    emp = next(n for n in ws.nodes.values() if n.label == "Employer")
    with qtbot.waitSignal(runner.result_ready, timeout=3000):
        for i in range(5):  # a burst of edits is analysed once
            MoveNodes({uni.id: (float(i), 0.0)}).apply(ws)
        ws.add_relation(Relation(id=new_id(), source=uni.id, target=emp.id, type="opposes", strength=4))
    assert len(results) == 2
    assert len(results[1].tensions) == before + 1
    qtbot.waitUntil(lambda: not runner.busy, timeout=3000)  # nothing more is pending
    assert len(results) == 2
    runner.detach()
    ws.add_node(Node(id=new_id(), kind="driver", label="Later"))
    assert not runner.busy  # a detached runner does not even schedule a run
    assert len(results) == 2


def test_runner_uses_a_worker_for_big_maps_and_drops_stale_results(qtbot) -> None:
    ws = micro_credentials.build()
    gate = threading.Event()
    threads = []

    def slow_analyze(copy):
        threads.append(threading.current_thread())
        gate.wait(5)
        return analyze(copy)

    runner = AnalysisRunner(analyze=slow_analyze, debounce_ms=10, sync_limit=0)
    results = []
    runner.result_ready.connect(results.append)
    runner.attach(ws)
    assert runner.busy and not results  # the UI thread is not blocked
    ws.add_node(Node(id=new_id(), kind="driver", label="Added while busy"))
    qtbot.waitUntil(lambda: runner.rerun_pending, timeout=3000)  # the debounced request folds into one rerun
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)  # both runs over, their results delivered
    assert len(results) == 1  # the first, stale run was never shown
    assert "Added while busy" in results[0].labels.values()
    assert all(t is not threading.main_thread() for t in threads)
    runner.shutdown()


def test_overlay_toggles(qtbot, dock) -> None:
    assert set(dock.overlay_actions) == {"hulls", "arcs", "markers"}
    assert all(a.isChecked() for a in dock.overlay_actions.values())
    with qtbot.waitSignal(dock.overlay_toggled, timeout=1000) as blocker:
        dock.overlay_actions["arcs"].trigger()
    assert blocker.args == ["arcs", False]
