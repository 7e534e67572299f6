"""The rating round dialog: participants in turn rate every relation, keyboard only.

Set-up page: who takes part (``Ann (Employers), Bob, Cy``: a group in
brackets; names already in the workspace are the same people), the round
number and title, whether the round is blind and whether new participants
are anonymous in reports. Enter starts.

Rating page, one participant at a time:

- Left/Right (or Up/Down): previous/next relation;
- ``+`` / ``-`` / ``0``: the sign (supports, opposes, no relation);
- ``1`` .. ``5``: the strength (3 until one is typed);
- Backspace: clear this answer;
- ``N``: propose a relation the map lacks (type ``Source -> Target``, Enter;
  Esc leaves the editor), then rate it like the others;
- Enter: this participant is done; the next one starts (after the last, the
  round is recorded as one undoable step);
- Escape: cancel, nothing recorded.

In a blind round the dialog never shows the facilitator's own sign and
strength, and ``blind_changed`` tells the window to hide its map while
participants rate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..commands import Command, record_ratings
from ..model import Participant, Rating, Round, Workspace, new_id

ENTRY = re.compile(r"^\s*(?P<name>[^()]+?)\s*(?:\((?P<group>[^()]*)\))?\s*$")
SIGN_KEYS = {Qt.Key.Key_Plus: 1, Qt.Key.Key_Equal: 1, Qt.Key.Key_Minus: -1, Qt.Key.Key_0: 0}
STRENGTH_KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4, Qt.Key.Key_5: 5}
SIGN_WORDS = {1: "supports (+)", -1: "opposes (−)", 0: "no relation (0)"}
HINT = (
    "←/→ relation  + − 0 sign  1–5 strength  N propose  Backspace clear  Enter next participant  Esc cancel"
)
ARROW = re.compile(r"\s*(?:->|→)\s*")
Item = str | tuple[str, str]


def parse_people(text: str) -> list[tuple[str, str]]:
    """(name, group) from ``Ann (Employers), Bob; Cy``; raises ValueError naming a bad entry."""
    people: list[tuple[str, str]] = []
    seen: set[str] = set()
    for part in re.split(r"[,;\n]", text):
        if not part.strip():
            continue
        match = ENTRY.match(part)
        if match is None:
            raise ValueError(f"cannot read {part.strip()!r}: write a name, optionally with (group)")
        name, group = " ".join(match["name"].split()), (match["group"] or "").strip()
        if name.casefold() in seen:
            raise ValueError(f"{name!r} is listed twice")
        seen.add(name.casefold())
        people.append((name, group))
    return people


@dataclass
class Answer:
    sign: int | None = None
    strength: int = 3


@dataclass
class RoundPlan:
    """What the round will record, filled in as participants rate."""

    participants: list[Participant]
    new_participants: list[Participant]
    round: Round
    new_round: bool
    answers: dict[str, dict[Item, Answer]] = field(default_factory=dict)  # participant -> item -> answer


class RatingRoundDialog(QDialog):
    """Set up a round, then let each participant rate each relation in turn."""

    blind_changed = Signal(bool)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rating-round")
        self.setWindowTitle("Rating round")
        self.ws = ws
        self.relations = list(ws.relations.values())
        #: What is rated: relation ids, then (source, target) pairs participants proposed.
        self.items: list[Item] = [rel.id for rel in self.relations]
        self.plan: RoundPlan | None = None
        self.person = 0
        self.index = 0
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._rating_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(620, 460)

    # --------------------------------------------------------------- pages
    def _setup_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.people_edit = QLineEdit(", ".join(_entry(p) for p in self.ws.participants.values()))
        self.people_edit.setPlaceholderText("Ann (Employers), Bob (Learners), Cy")
        rounds = self.ws.ordered_rounds()
        self.number_spin = QSpinBox()
        self.number_spin.setRange(1, 999)
        self.number_spin.setValue(rounds[-1].number + 1 if rounds else 1)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Morning, before the discussion")
        self.blind_check = QCheckBox("Blind: hide the facilitator's map while participants rate")
        self.blind_check.setChecked(True)
        self.anonymous_check = QCheckBox("New participants are anonymous in reports")
        self.setup_error = QLabel()
        self.setup_error.setTextFormat(Qt.TextFormat.PlainText)
        self.setup_error.setStyleSheet("color: #A33;")
        form.addRow("Participants", self.people_edit)
        form.addRow("Round number", self.number_spin)
        form.addRow("Round title", self.title_edit)
        form.addRow("", self.blind_check)
        form.addRow("", self.anonymous_check)
        form.addRow("", self.setup_error)
        hint = QLabel("Enter: start rating. Tab moves between the fields; Space ticks a box.")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("", hint)
        return page

    def _rating_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.who_label = QLabel()
        self.who_label.setTextFormat(Qt.TextFormat.PlainText)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.who_label.setFont(big)
        self.relation_label = QLabel()
        self.relation_label.setTextFormat(Qt.TextFormat.PlainText)
        self.relation_label.setFont(big)
        self.relation_label.setWordWrap(True)
        # two lines of the big font, so a long pair of labels wraps instead of being cut
        self.relation_label.setMinimumHeight(int(QFontMetrics(big).lineSpacing() * 2.3))
        self.answer_label = QLabel()
        self.answer_label.setTextFormat(Qt.TextFormat.PlainText)
        answer_font = QFont(self.font())
        answer_font.setPointSizeF(answer_font.pointSizeF() * 1.25)
        answer_font.setBold(True)
        self.answer_label.setFont(answer_font)
        self.map_label = QLabel()
        self.map_label.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hint = QLabel(HINT)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        self.propose_edit = QLineEdit()
        self.propose_edit.setPlaceholderText("Propose a relation the map lacks: Source -> Target, then Enter")
        self.propose_edit.hide()
        for widget in (
            self.who_label,
            self.relation_label,
            self.answer_label,
            self.map_label,
            self.propose_edit,
            self.list,
            hint,
        ):
            layout.addWidget(widget)
        return page

    # ---------------------------------------------------------------- flow
    def start(self) -> bool:
        """Leave the set-up page; False (with the reason shown) when it does not read."""
        try:
            people = parse_people(self.people_edit.text())
        except ValueError as exc:
            self.setup_error.setText(str(exc))
            return False
        if not people:
            self.setup_error.setText("Name at least one participant.")
            return False
        if not self.relations:
            self.setup_error.setText("The map has no relations to rate.")
            return False
        number = self.number_spin.value()
        existing = self.ws.round_numbered(number)
        if existing is not None and not existing.open:
            self.setup_error.setText(f"Round {number} is closed; pick another number.")
            return False
        blind = self.blind_check.isChecked()
        rnd = existing or Round(new_id(), number, self.title_edit.text().strip(), open=True, blind=blind)
        participants, new = [], []
        for name, group in people:
            known = self.ws.participant_named(name)
            if known is None:
                known = Participant(new_id(), name, group, self.anonymous_check.isChecked())
                new.append(known)
            participants.append(known)
        self.plan = RoundPlan(participants, new, rnd, existing is None)
        for person in participants:
            given = self.ws.ratings_where(participant=person.id, round=rnd.id) if existing else []
            self.plan.answers[person.id] = {r.item(): Answer(r.sign, r.strength) for r in given}
            for r in given:
                if r.proposed and r.item() not in self.items:
                    self.items.append(r.item())
        self.person, self.index = 0, 0
        self.pages.setCurrentIndex(1)
        self.setFocus()
        if rnd.blind:
            self.blind_changed.emit(True)
        self._show()
        return True

    @property
    def blind(self) -> bool:
        return self.plan is not None and self.plan.round.blind

    def _answer(self) -> Answer:
        assert self.plan is not None
        person = self.plan.participants[self.person]
        return self.plan.answers[person.id].setdefault(self.items[self.index], Answer())

    def _text(self, item: Item) -> str:
        nodes = self.ws.nodes
        if isinstance(item, str):
            rel = self.ws.relation(item)
            return f"{nodes[rel.source].label} → {nodes[rel.target].label}"
        return f"{nodes[item[0]].label} → {nodes[item[1]].label} (proposed)"

    def _show(self) -> None:
        assert self.plan is not None
        person = self.plan.participants[self.person]
        count = len(self.plan.participants)
        where = f"relation {self.index + 1} of {len(self.items)}"
        self.who_label.setText(f"{person.name} ({self.person + 1} of {count}) — {where}")
        item = self.items[self.index]
        self.relation_label.setText(self._text(item))
        answer = self.plan.answers[person.id].get(item, Answer())
        self.answer_label.setText(_answer_text(answer))
        if self.blind:
            self.map_label.setText("Blind round: the facilitator's map is hidden.")
        elif isinstance(item, str):
            rel = self.ws.relation(item)
            self.map_label.setText(f"On the map: {rel.type.replace('_', ' ')}, strength {rel.strength}")
        else:
            self.map_label.setText("Not on the map: proposed in this round.")
        self.list.clear()
        for i, other in enumerate(self.items):
            given = self.plan.answers[person.id].get(other)
            mark = "▶ " if i == self.index else "   "
            self.list.addItem(f"{mark}{self._text(other)}: {_short(given)}")
        self.list.setCurrentRow(self.index)

    # ------------------------------------------------------------ proposals
    def propose(self) -> None:
        """Open the one-line editor for a relation the map lacks ("Source -> Target")."""
        self.propose_edit.clear()
        self.propose_edit.show()
        self.propose_edit.setFocus()

    def _commit_proposal(self) -> bool:
        parts = ARROW.split(self.propose_edit.text().strip())
        if len(parts) != 2 or not all(parts):
            self.map_label.setText("Write the proposed relation as: Source -> Target")
            return False
        by_label: dict[str, list[str]] = {}
        for node in self.ws.nodes.values():
            by_label.setdefault(node.label.strip().casefold(), []).append(node.id)
        ends = []
        for label in parts:
            found = by_label.get(label.strip().casefold(), [])
            if len(found) != 1:
                problem = "no node" if not found else f"{len(found)} nodes"
                self.map_label.setText(f"{problem} labelled {label.strip()!r}")
                return False
            ends.append(found[0])
        if ends[0] == ends[1]:
            self.map_label.setText("A relation needs two different nodes.")
            return False
        on_map = next((r.id for r in self.relations if (r.source, r.target) == (ends[0], ends[1])), None)
        item: Item = on_map or (ends[0], ends[1])
        if item not in self.items:
            self.items.append(item)
        self.index = self.items.index(item)
        self.propose_edit.hide()
        self.setFocus()
        self._show()
        return True

    def _next_person(self) -> None:
        assert self.plan is not None
        if self.person + 1 < len(self.plan.participants):
            self.person += 1
            self.index = 0
            self._show()
        else:
            self.blind_changed.emit(False)
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if self.pages.currentIndex() == 1 and self.propose_edit.isVisible():
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._commit_proposal()
            elif key == Qt.Key.Key_Escape:
                self.propose_edit.hide()
                self.setFocus()
            return
        if key == Qt.Key.Key_Escape:
            if self.blind:
                self.blind_changed.emit(False)
            self.reject()
            return
        if self.pages.currentIndex() == 0:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.start()
                return
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.index = min(self.index + 1, len(self.items) - 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.index = max(self.index - 1, 0)
        elif key in SIGN_KEYS:
            self._answer().sign = SIGN_KEYS[key]
        elif key in STRENGTH_KEYS:
            self._answer().strength = STRENGTH_KEYS[key]
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            answer = self._answer()
            answer.sign, answer.strength = None, 3
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._next_person()
            return
        elif key == Qt.Key.Key_N:
            self.propose()
            return
        else:
            super().keyPressEvent(event)
            return
        self._show()

    # -------------------------------------------------------------- result
    def command(self) -> Command | None:
        """The whole round as one undoable step (None when nobody answered anything)."""
        if self.plan is None:
            return None
        plan = self.plan
        ratings = []
        for person in plan.participants:
            for item, answer in plan.answers[person.id].items():
                if answer.sign is None:
                    continue
                strength = 1 if answer.sign == 0 else answer.strength
                if isinstance(item, str):
                    where: dict[str, str | None] = {"relation": item}
                else:
                    where = {"source": item[0], "target": item[1]}
                ratings.append(Rating(new_id(), person.id, plan.round.id, answer.sign, strength, **where))  # type: ignore[arg-type]  # where holds the item fields
        if not ratings:
            return None
        rounds = [plan.round] if plan.new_round else []
        text = f"Rating round {plan.round.number}"
        return record_ratings(self.ws, ratings, participants=plan.new_participants, rounds=rounds, text=text)


def _entry(p: Participant) -> str:
    return f"{p.name} ({p.group})" if p.group else p.name


def _short(answer: Answer | None) -> str:
    if answer is None or answer.sign is None:
        return "—"
    if answer.sign == 0:
        return "0"
    return f"{'+' if answer.sign > 0 else '−'}{answer.strength}"


def _answer_text(answer: Answer) -> str:
    if answer.sign is None:
        return f"Not answered yet (strength {answer.strength} when a sign is given)"
    if answer.sign == 0:
        return "Answer: no relation (0)"
    return f"Answer: {SIGN_WORDS[answer.sign]}, strength {answer.strength}"
