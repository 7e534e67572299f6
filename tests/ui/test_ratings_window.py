"""The room's voice in the real window: a blind round by keystrokes only, then the Room lens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tensionmap.model import Participant, Rating, Round
from tensionmap.render.room_overlay import RoomOverlay
from tensionmap.store import WorkspaceFile
from tensionmap.ui.ratings_round import RatingRoundDialog
from tests.ui.helpers import reopen

from .conftest import small_workspace

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def controller(window):
    from tensionmap.ui.ratings_controller import RoomController

    return next(e for e in window.extensions if isinstance(e, RoomController))


def keys(qtbot, widget, text: str) -> None:
    """Type a sequence of single keys: digits, + - 0, > (Right), < (Left), and | (Enter)."""
    named = {">": Qt.Key.Key_Right, "<": Qt.Key.Key_Left, "|": Qt.Key.Key_Return}
    for ch in text:
        if ch in named:
            qtbot.keyClick(widget, named[ch])
        else:
            qtbot.keyClick(widget, ch)


def test_a_blind_three_participant_round_by_keystrokes_then_the_room_lens(qtbot, window, map_path, tmp_path):
    room = controller(window)
    room.round_action.trigger()
    dialog = room.dialog
    assert isinstance(dialog, RatingRoundDialog)
    qtbot.waitUntil(dialog.isVisible)
    # set-up by keyboard: type the participants, leave "blind" ticked, Enter
    dialog.people_edit.setFocus()
    qtbot.keyClicks(dialog.people_edit, "Ann (Employers), Bob (Learners), Cy (Learners)")
    qtbot.keyClick(dialog.people_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    assert dialog.blind
    qtbot.waitUntil(lambda: not window.canvas.isVisible())  # the facilitator's map is hidden
    assert "Blind round" in dialog.map_label.text()
    assert "values" not in dialog.map_label.text()
    # r1 (Universities -> Scalability), then r2 (Scalability -> Specificity)
    keys(qtbot, dialog, "+4>-5|")  # Ann: +4, -5
    assert dialog.who_label.text().startswith("Bob (2 of 3)")
    keys(qtbot, dialog, "+5>+3<+2|")  # Bob: goes back and changes r1 to +2 (strength 5 kept? no: 2)
    keys(qtbot, dialog, "+3>-4|")  # Cy: +3, -4; Enter after the last participant records the round
    qtbot.waitUntil(lambda: room.dialog is None)
    qtbot.waitUntil(window.canvas.isVisible)
    ws = window.wf.workspace
    rnd = ws.round_numbered(1)
    assert rnd is not None and rnd.blind
    values = {(ws.participants[r.participant].name, r.relation): r.value for r in ws.ratings.values()}
    assert values == {
        ("Ann", "r1"): 4,
        ("Ann", "r2"): -5,
        ("Bob", "r1"): 2,
        ("Bob", "r2"): 3,
        ("Cy", "r1"): 3,
        ("Cy", "r2"): -4,
    }
    assert ws.participant_named("Bob").group == "Learners"
    # one undo step takes the whole round back
    assert window.undo_stack.undoText() == "Rating round 1"
    window.undo_stack.undo()
    assert not ws.ratings and not ws.participants
    window.undo_stack.redo()
    assert len(ws.ratings) == 6
    assert len(reopen_ratings(map_path)) == 6
    qtbot.waitUntil(lambda: room.close_action.text() == "&Close Round 1")
    room.close_action.trigger()
    assert not ws.round_numbered(1).open
    qtbot.waitUntil(lambda: room.close_action.text() == "&Reopen Round 1")

    # the Room lens on the real window
    room.lens_action.trigger()
    qtbot.waitUntil(lambda: room.overlay is not None and room.overlay.isVisible())
    overlay: RoomOverlay = room.overlay
    qtbot.waitUntil(lambda: len(overlay.drawn) == 2)
    by_relation = {d.aggregate.relation: d.aggregate for d in overlay.drawn}
    assert by_relation["r1"].consensus and not by_relation["r1"].contested
    assert by_relation["r2"].contested  # 1 of 3 for, 2 of 3 against
    assert room.panel.table.item(0, 0).text() == "Scalability → Specificity"  # most divided first
    assert room.panel.table.item(0, 4).text() == "CONTESTED"
    # hovering the contested relation shows its histogram
    mark = next(d.centre for d in overlay.drawn if d.aggregate.relation == "r2")
    at = window.canvas.mapFromScene(mark)
    qtbot.mouseMove(window.canvas.viewport(), at + QPoint(0, 1))
    qtbot.mouseMove(window.canvas.viewport(), at)
    qtbot.waitUntil(room.popup.isVisible)
    assert sorted(room.popup.shown_values) == [-5, -4, 3]
    SHOTS.mkdir(parents=True, exist_ok=True)
    room.popup.grab().save(str(SHOTS / "room-histogram.png"))
    qtbot.mouseMove(window.canvas.viewport(), QPoint(5, 5))  # leaving the relation hides it
    qtbot.waitUntil(lambda: not room.popup.isVisible())
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        window.canvas.fit_map()
        QApplication.processEvents()
        window.grab().save(str(SHOTS / f"room-lens-{size[0]}x{size[1]}.png"))
    # apply the room's view: one undo step
    assert room.apply_view()
    assert window.undo_stack.undoText() == "Apply the room's view"
    assert ws.relation("r1").type == "values" and ws.relation("r1").strength == 3
    assert (
        ws.relation("r2").sign == -1 and ws.relation("r2").strength == 5
    )  # mean of 5 and 4, rounded half up
    window.undo_stack.undo()
    assert ws.relation("r2").type == "in_tension_with" and ws.relation("r2").strength == 4


def reopen_ratings(path):
    return reopen(path).ratings


def test_escape_cancels_a_round_and_shows_the_map_again(qtbot, window):
    room = controller(window)
    dialog = room.start_round()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.people_edit, "Solo")
    qtbot.keyClick(dialog.people_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.canvas.isVisible())
    keys(qtbot, dialog, "+3")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: room.dialog is None)
    assert window.canvas.isVisible()
    assert not window.wf.workspace.ratings


@pytest.fixture
def rated_path(tmp_path):
    """The small map with a proposed relation three participants rated."""
    ws = small_workspace()
    ws.add("rounds", Round("k", 1, "Morning"))
    for i, value in enumerate((4, 3, 5)):
        ws.add("participants", Participant(f"p{i}", f"P{i}"))
        ws.add("ratings", Rating(f"g{i}", f"p{i}", "k", 1, value, source="s2", target="d2"))
        ws.add("ratings", Rating(f"h{i}", f"p{i}", "k", 1, 2, relation="r1"))
    path = tmp_path / "rated.tmap"
    WorkspaceFile.create(path, ws).close()
    return path


def test_ghosts_are_accepted_or_dismissed_as_one_step(qtbot, app, rated_path):
    window = app.open_window(WorkspaceFile.open(rated_path))
    window.show()
    qtbot.waitExposed(window)
    room = controller(window)
    room.lens_action.trigger()
    qtbot.waitUntil(lambda: len(room.panel.ghosts) == 1)
    assert any(d.ghost for d in room.overlay.drawn)
    assert room.panel.ghost_table.item(0, 1).text() == "3"
    room.panel.dismiss_button.click()
    ws = window.wf.workspace
    qtbot.waitUntil(lambda: not room.panel.ghosts)
    assert not ws.ratings_where(relation=None)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: len(room.panel.ghosts) == 1)
    room.panel.accept_button.click()
    qtbot.waitUntil(lambda: not room.panel.ghosts)
    added = [r for r in ws.relations.values() if (r.source, r.target) == ("s2", "d2")]
    assert len(added) == 1 and added[0].type == "supports" and added[0].strength == 4
    assert {r.relation for r in ws.ratings.values() if r.id.startswith("g")} == {added[0].id}
    window.close()


def test_a_proposal_the_facilitator_draws_is_no_longer_a_ghost(qtbot, app, rated_path):
    window = app.open_window(WorkspaceFile.open(rated_path))
    window.show()
    qtbot.waitExposed(window)
    room = controller(window)
    room.lens_action.trigger()
    qtbot.waitUntil(lambda: len(room.panel.ghosts) == 1)
    assert window.connect_nodes("s2", "d2", "supports")
    qtbot.waitUntil(lambda: not room.panel.ghosts)
    assert not any(d.ghost for d in room.overlay.drawn)
    window.close()


def test_a_participant_proposes_a_relation_by_keyboard(qtbot, window):
    room = controller(window)
    dialog = room.start_round()
    qtbot.waitUntil(dialog.isVisible)
    dialog.blind_check.setChecked(False)
    qtbot.keyClicks(dialog.people_edit, "Dee (Employers)")
    qtbot.keyClick(dialog.people_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    assert "On the map: values, strength 3" in dialog.map_label.text()  # not blind: the map's view shows
    qtbot.keyClick(dialog, "n")
    assert dialog.propose_edit.isVisible()
    qtbot.keyClicks(dialog.propose_edit, "employers -> Nowhere")
    qtbot.keyClick(dialog.propose_edit, Qt.Key.Key_Return)
    assert "no node labelled 'Nowhere'" in dialog.map_label.text()
    dialog.propose_edit.clear()
    qtbot.keyClicks(dialog.propose_edit, "employers -> Specificity")
    qtbot.keyClick(dialog.propose_edit, Qt.Key.Key_Return)
    assert not dialog.propose_edit.isVisible()
    assert dialog.relation_label.text() == "Employers → Specificity (proposed)"
    keys(qtbot, dialog, "+4|")
    qtbot.waitUntil(lambda: room.dialog is None)
    ws = window.wf.workspace
    (rating,) = ws.ratings.values()
    assert (rating.relation, rating.source, rating.target, rating.value) == (None, "s2", "d2", 4)


def test_the_rating_table_is_read_again_only_when_ratings_change(qtbot, app, rated_path):
    """Dragging a node re-aggregates from the table already read; a new rating reads it again."""
    from tensionmap import commands as c

    window = app.open_window(WorkspaceFile.open(rated_path))
    window.show()
    qtbot.waitExposed(window)
    room = controller(window)
    room.lens_action.trigger()
    qtbot.waitUntil(lambda: room._table is not None and len(room.overlay.drawn) == 2)
    table = room._table
    before = next(d for d in room.overlay.drawn if d.aggregate.relation == "r1").points[0]
    assert window.push(c.move_nodes({"s1": (-360.0, -190.0)}))

    def follows() -> bool:
        r1 = next(d for d in room.overlay.drawn if d.aggregate.relation == "r1")
        route = window.scene.relation_geometry()["r1"][1].points
        return r1.points[0] != before and [(p.x(), p.y()) for p in r1.points] == list(route)

    qtbot.waitUntil(follows)  # the lens follows the moved node ...
    assert room._table is table  # ... from the table it had read
    assert window.push(c.add_rating(Rating("late", "p0", "k", -1, 5, relation="r2")))
    qtbot.waitUntil(lambda: any(d.aggregate.relation == "r2" for d in room.overlay.drawn))
    assert room._table is not table
    window.close()
