"""The room's voice on a shared workspace: ratings from participants' laptops reach the facilitator's
window live, and its Room panel and Room lens follow without a reload."""

from __future__ import annotations

import pytest

from tensionmap import commands as c
from tensionmap.model import Participant, Rating, Round
from tensionmap.store.shared import SharedWorkspace
from tensionmap.store.shared_admin import init_server, publish
from tensionmap.ui.shared_controller import SharedController
from tests.ui.conftest import small_workspace
from tests.ui.test_ratings_window import controller


@pytest.fixture
def room_server(pg_url):
    init_server(pg_url)
    ws = small_workspace()
    ws.add("rounds", Round("k1", 1, "First look"))
    ws.add("participants", Participant("ann", "Ann", "Employers"))
    ws.add("ratings", Rating("a1", "ann", "k1", 1, 4, relation="r2"))
    publish(ws, pg_url, "workshop").close()
    return pg_url


def rate_from_laptop(url: str, name: str, group: str, value: int, relation: str = "r2") -> None:
    """What a participant's own window does: one record_ratings command on the shared workspace."""
    with SharedWorkspace.open(url, "workshop") as laptop:
        ws = laptop.workspace
        person = Participant(f"id-{name}", name, group)
        sign = (value > 0) - (value < 0)
        rating = Rating(f"x-{name}", person.id, "k1", sign, abs(value) or 1, relation=relation)
        laptop.execute(c.record_ratings(ws, [rating], participants=[person]))


def test_ratings_from_laptops_reach_the_room_lens_and_panel_live(qtbot, window, room_server):
    shared = next(e for e in window.extensions if isinstance(e, SharedController))
    assert shared.open_shared(room_server, "workshop")
    room = controller(window)
    room.lens_action.trigger()
    qtbot.waitUntil(lambda: room.overlay is not None and len(room.overlay.drawn) == 1)
    [drawn] = room.overlay.drawn
    assert drawn.aggregate.raters == 1 and drawn.aggregate.consensus

    rate_from_laptop(room_server, "Bob", "Learners", -5)
    qtbot.waitUntil(lambda: room.overlay.drawn[0].aggregate.raters == 2, timeout=1000)
    assert room.overlay.drawn[0].aggregate.contested  # one for, one against: the mark changes
    qtbot.waitUntil(lambda: room.panel.table.item(0, 4).text() == "CONTESTED", timeout=1000)

    rate_from_laptop(room_server, "Cy", "Learners", 3, relation="r1")  # a relation not rated yet
    qtbot.waitUntil(lambda: len(room.overlay.drawn) == 2, timeout=1000)
    assert room.panel.table.rowCount() == 2

    # the facilitator applies the room's view: one revision on the server, seen by every laptop
    assert room.apply_view()
    with SharedWorkspace.open(room_server, "workshop") as laptop:
        assert laptop.workspace.same_content(window.wf.workspace)
        assert laptop.history()[0].summary == "Apply the room's view"


def test_a_blind_round_rated_on_a_laptop_stays_hidden_until_the_facilitator_closes_it(
    qtbot, app, window, room_server
):
    """The facilitator's window and a participant's laptop (a second window) on one shared map."""
    from PySide6.QtCore import Qt

    from tests.ui.test_ratings_window import keys

    with SharedWorkspace.open(room_server, "workshop") as setup:
        setup.execute(c.add_round(Round("k2", 2, "Blind second look", blind=True)))
    facilitator = next(e for e in window.extensions if isinstance(e, SharedController))
    assert facilitator.open_shared(room_server, "workshop")
    room = controller(window)
    room.lens_action.trigger()
    qtbot.waitUntil(lambda: room.panel.round_id() == "k2")  # the latest round is shown
    assert room.overlay.drawn == [] and "blind and still open: 0 rating(s)" in room.panel.summary.text()

    laptop = app.open_window(SharedWorkspace.open(room_server, "workshop", listen=True))
    laptop.resize(1000, 700)
    laptop.show()
    qtbot.waitExposed(laptop)
    mine = controller(laptop)
    dialog = mine.start_round()
    qtbot.waitUntil(dialog.isVisible)
    dialog.people_edit.setFocus()
    qtbot.keyClick(dialog.people_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # only me
    qtbot.keyClicks(dialog.people_edit, "Dana (Learners)")
    dialog.number_spin.setValue(2)
    qtbot.keyClick(dialog.people_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    assert dialog.blind and not laptop.canvas.isVisible()  # the laptop's map is hidden too
    keys(qtbot, dialog, "-5>+2|")  # r1: -5, r2: +2, Enter: recorded on the server
    qtbot.waitUntil(lambda: mine.dialog is None)
    assert laptop.wf.revision >= 2

    # the facilitator hears of it within a second, but sees only counts while the round is open
    qtbot.waitUntil(lambda: "2 rating(s) from 1 participant(s)" in room.panel.summary.text(), timeout=1000)
    assert room.overlay.drawn == [] and room.panel.table.rowCount() == 0
    assert not room.apply_view()
    room.close_action.trigger()  # Room > Close Round 2: the room's view appears, on both windows
    qtbot.waitUntil(lambda: len(room.overlay.drawn) == 2)
    qtbot.waitUntil(lambda: len(mine.aggregates) == 2, timeout=1000)
    laptop.close()
