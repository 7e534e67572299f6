"""The map reads at first sight: label sizes at the fit zoom, presentation mode, re-fitting.

Label height on screen is computed from the label font (its em: point size x the
viewport's DPI / 72) and each node item's device transform (view zoom x node scale).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tensionmap.examples.micro_credentials import build
from tensionmap.layout.quality import through_nodes
from tensionmap.render import style
from tensionmap.render.node_item import NodeItem
from tensionmap.store import WorkspaceFile
from tensionmap.ui.insight_controller import InsightController
from tensionmap.ui.tension_controller import TensionController


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    path = tmp_path / "example.tmap"
    WorkspaceFile.create(path, build()).close()
    return path


def open_at(qtbot, app, path: Path, size: tuple[int, int]):
    """The first window on a file at ``size``, as it settles after showing (no saved layout)."""
    win = app.open_window(WorkspaceFile.open(path))
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot, win)
    return win


def settle(qtbot, win) -> None:
    canvas = win.canvas
    qtbot.waitUntil(
        lambda: not canvas._refit_timer.isActive() and not canvas.declutter.pending(), timeout=3000
    )
    QApplication.processEvents()


def label_px(win, item: NodeItem) -> float:
    """How tall the item's label is on screen (em, device pixels)."""
    canvas = win.canvas
    em = style.label_font().pointSizeF() * canvas.viewport().logicalDpiY() / 72.0
    return em * item.deviceTransform(canvas.viewportTransform()).m11()


def outlines_on_screen(win) -> list[QRectF]:
    canvas = win.canvas
    return [
        QRectF(canvas.mapFromScene(item.mapRectToScene(item.rect)).boundingRect())
        for item in win.scene.node_items.values()
        if item.isVisible()
    ]


def overlapping_pairs(rects: list[QRectF]) -> int:
    return sum(1 for i, a in enumerate(rects) for b in rects[i + 1 :] if a.intersects(b))


def relations_through_boxes(win) -> dict:
    """Relations whose drawn line (as routed now) crosses a node box they do not join, as displayed:
    boxes at their drawn size and place (enlarged and nudged at fit zoom)."""
    scene = win.scene
    scene.finish_routes()
    centres, sizes = {}, {}
    for key, item in scene.node_items.items():
        if item.isVisible():
            hw, hh, _ = item.outline_extent()
            centres[key] = (item.pos().x(), item.pos().y())
            sizes[key] = (2 * hw, 2 * hh)
    geometry = {
        k: route.points
        for k, (rel, route) in scene.relation_geometry().items()
        if rel.source in centres and rel.target in centres
    }
    relations = [
        (k, rel.source, rel.target) for k, (rel, _r) in scene.relation_geometry().items() if k in geometry
    ]
    return through_nodes(centres, sizes, relations, geometry)


def insight(win) -> InsightController:
    return next(e for e in win.extensions if isinstance(e, InsightController))


def tensions(win) -> TensionController:
    return next(e for e in win.extensions if isinstance(e, TensionController))


# ------------------------------------------------------------ first sight
@pytest.mark.parametrize("size", [(1366, 768), (1600, 1000)])
def test_first_window_shows_the_whole_example_with_labels_at_least_12_px(qtbot, app, example_file, size):
    win = open_at(qtbot, app, example_file, size)
    items = list(win.scene.node_items.values())
    smallest = min(label_px(win, item) for item in items)
    assert smallest >= 12.0, f"labels {smallest:.1f} px at {size}"
    viewport = QRectF(win.canvas.viewport().rect())
    rects = outlines_on_screen(win)
    assert all(viewport.contains(r) for r in rects)  # the whole map is in view
    assert overlapping_pairs(rects) == 0  # nodes drawn larger never overlap
    assert relations_through_boxes(win) == {}  # routed round the boxes as drawn, enlarged
    # the labels are drawn, not left out as detail: the item's level of detail is above the threshold
    assert all(
        item.deviceTransform(win.canvas.viewportTransform()).m11() >= style.NODE_DETAIL_LOD for item in items
    )
    assert not insight(win).docks.docks[0].isVisible()  # the panels start folded under the map
    win.close()


def test_default_window_fits_the_screen(qtbot, app, example_file):
    win = app.open_window(WorkspaceFile.open(example_file))  # no saved layout: placed by the program
    win.show()
    qtbot.waitExposed(win)
    free = win.screen().availableGeometry()
    assert win.width() <= free.width() and win.height() <= free.height()
    win.close()


# -------------------------------------------------------------- re-fitting
def visible_scene_rect(win) -> QRectF:
    return win.canvas.mapToScene(win.canvas.viewport().rect()).boundingRect()


def fills_view(win) -> bool:
    """The map is inside the view and uses most of its width or height."""
    canvas = win.canvas
    viewport = QRectF(canvas.viewport().rect())
    shown = QRectF(canvas.mapFromScene(win.scene.map_rect()).boundingRect())
    return viewport.contains(shown) and (
        shown.width() >= 0.8 * viewport.width() - 60 or shown.height() >= 0.8 * viewport.height() - 60
    )


def test_map_is_refitted_after_a_resize_and_a_layout_unless_zoomed_by_hand(qtbot, app, example_file):
    win = open_at(qtbot, app, example_file, (1000, 700))
    small_zoom = win.canvas.zoom()
    win.resize(1600, 1000)  # maximised, say
    qtbot.waitUntil(lambda: win.canvas.zoom() > small_zoom * 1.1 and fills_view(win), timeout=3000)
    # a layout changes the map's extent: fitted again
    ctrl = tensions(win)
    steps = win.undo_stack.count()
    ctrl.layouts.actions["layered"].trigger()
    qtbot.waitUntil(lambda: not ctrl.layouts.busy and win.undo_stack.count() == steps + 1, timeout=15000)
    settle(qtbot, win)
    qtbot.waitUntil(lambda: fills_view(win), timeout=3000)
    # the wheel zooms by hand: from then on the view stays as the user left it
    canvas = win.canvas
    centre = QPointF(canvas.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(canvas.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas.viewport(), wheel)
    zoomed = canvas.zoom()
    win.resize(1100, 760)
    settle(qtbot, win)
    assert canvas.zoom() == pytest.approx(zoomed)
    # Fit Map (Ctrl+1) hands the view back to the program
    win.actions["fit"].trigger()
    win.resize(1500, 950)
    settle(qtbot, win)
    qtbot.waitUntil(lambda: fills_view(win), timeout=3000)
    win.close()


# ------------------------------------------------------------ presentation
def test_presentation_on_1920x1080_enlarges_without_overlaps(qtbot, app, example_file):
    win = open_at(qtbot, app, example_file, (1400, 850))
    win.activateWindow()
    qtbot.waitActive(win)
    qtbot.keyClick(win.canvas, Qt.Key.Key_F5)
    ctl = insight(win)
    assert ctl.presentation.active
    # The test screen is 800x800: give the full-screen window the room a 1920x1080 projector has.
    win.setWindowState(Qt.WindowState.WindowNoState)
    win.setGeometry(0, 0, 1920, 1080)
    qtbot.waitUntil(lambda: win.canvas.viewport().width() == 1920, timeout=3000)
    settle(qtbot, win)
    canvas = win.canvas
    items = list(win.scene.node_items.values())
    assert min(label_px(win, item) for item in items) >= 20.0  # the back of the room
    rects = outlines_on_screen(win)
    assert overlapping_pairs(rects) == 0
    assert relations_through_boxes(win) == {}
    viewport = QRectF(canvas.viewport().rect())
    title = QRectF(ctl.presentation.overlay.geometry())
    legend = QRectF(canvas.legend.geometry())
    for rect in rects:  # every label whole: on screen, under neither the title nor the legend
        assert viewport.contains(rect) and not rect.intersects(title) and not rect.intersects(legend)
    shown = QRectF(canvas.mapFromScene(win.scene.map_rect()).boundingRect())
    assert shown.width() >= 0.7 * 1920 or shown.height() >= 0.7 * 1080
    assert canvas.legend.scale > 1.0 and canvas.legend.height() > 200  # the legend grows too
    qtbot.keyClick(win.canvas, Qt.Key.Key_Escape)
    assert not ctl.presentation.active and canvas.legend.scale == 1.0
    win.close()


# ------------------------------------------------------------ the tensions dock
def test_selecting_a_tension_zooms_to_its_path_with_readable_labels(qtbot, app, example_file):
    win = open_at(qtbot, app, example_file, (1366, 768))
    ctrl = tensions(win)
    qtbot.waitUntil(lambda: ctrl.dock.tensions_view.findings_model.rowCount() > 0, timeout=5000)
    ctrl.dock.show()
    ctrl.dock.raise_()
    QApplication.processEvents()
    view = ctrl.dock.tensions_view
    fitted = win.canvas.zoom()
    rect = view.visualRect(view.findings_model.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    finding = ctrl.dock.selected_finding()
    assert finding is not None
    settle(qtbot, win)
    assert win.canvas.zoom() > fitted * 1.3  # zoomed in to the path
    viewport = QRectF(win.canvas.viewport().rect())
    for key in finding.path:
        item = win.scene.node_items[key]
        assert viewport.contains(
            QRectF(win.canvas.mapFromScene(item.mapRectToScene(item.rect)).boundingRect())
        )
        assert label_px(win, item) >= 13.0
    assert relations_through_boxes(win) == {}
    # Clear (or Escape) lets the whole map back in: fitted again, as before the focus
    qtbot.mouseClick(ctrl.dock.clear_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    assert ctrl.dock.selected_finding() is None
    assert win.canvas.zoom() == pytest.approx(fitted, rel=0.02)
    assert fills_view(win)
    win.close()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_after_a_layout_the_map_still_reads_at_first_sight(qtbot, app, example_file, size):
    """A layout run at the fit zoom lands re-fitted, labels legible, nothing overlapping or crossed."""
    win = open_at(qtbot, app, example_file, size)
    ctrl = tensions(win)
    steps = win.undo_stack.count()
    win.canvas.setFocus()
    qtbot.keyClick(
        win.canvas, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: not ctrl.layouts.busy and win.undo_stack.count() == steps + 1, timeout=15000)
    settle(qtbot, win)
    assert min(label_px(win, item) for item in win.scene.node_items.values()) >= 12.0
    assert overlapping_pairs(outlines_on_screen(win)) == 0
    assert relations_through_boxes(win) == {}
    assert fills_view(win)
    win.close()


def test_fitting_and_laying_out_never_route_round_overlapping_boxes(qtbot, app, example_file, monkeypatch):
    """Bending lines round boxes that overlap costs the route planner seconds (the example's
    polarity glide: 1.5-3.5 s a frame; a fit pass round enlarged, not yet nudged boxes: 2.8 s),
    so the window only asks it to bend round boxes that are apart."""
    import tensionmap.render.scene as scene_module
    from tensionmap.layout.quality import node_overlaps

    seen: list[int] = []
    plan = scene_module.plan_routes

    def watched(centres, sizes, relations, **options):
        if options.get("max_rounds", 1) > 0:
            seen.append(node_overlaps(centres, sizes, tolerance=1.0))
        return plan(centres, sizes, relations, **options)

    monkeypatch.setattr(scene_module, "plan_routes", watched)
    win = open_at(qtbot, app, example_file, (1366, 768))
    ctrl = tensions(win)
    win.canvas.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    for start in (
        lambda: qtbot.keyClick(win.canvas, Qt.Key.Key_L, ctrl_shift),  # Full Signed Layout
        lambda: ctrl.layouts.actions["layered"].trigger(),
    ):
        steps = win.undo_stack.count()
        start()
        qtbot.waitUntil(
            lambda s=steps: not ctrl.layouts.busy and win.undo_stack.count() == s + 1, timeout=15000
        )
        settle(qtbot, win)
    qtbot.keyClick(win.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo moves every node
    settle(qtbot, win)
    win.resize(1600, 1000)  # a re-fit at another zoom: another node scale
    qtbot.waitUntil(lambda: win.canvas.viewport().width() > 1000, timeout=3000)
    settle(qtbot, win)
    assert seen and max(seen) == 0, f"routing asked round overlapping boxes: {seen}"
    win.close()
