"""The inspector dock: edit the fields of the selected node or relation.

Each edit becomes one command (through ``push``), applied when the field is
left or Enter is pressed, so typing a label is one undo step, not one per
letter. The fields follow the model: after any change to the shown entity
(an undo, an edit on the canvas) they are refreshed, except the one being
typed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..commands import Command, update_node, update_relation
from ..model import HORIZONS, NODE_KINDS, RELATION_SIGNS, Node, Relation, Workspace
from ..render.widgets import plain_label


class PlainTextField(QPlainTextEdit):
    """A multi-line plain-text field that reports when editing ends (focus leaves)."""

    editing_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(80)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


#: Labels longer than this are cut here, with a message: a 10,000-character label would make a
#: node thousands of units tall and shrink the fitted map to nothing.
MAX_LABEL = 200


class CheckedSpinBox(QSpinBox):
    """A spin box that lets any whole number be typed, and refuses one out of range out loud.

    A plain QSpinBox swallows "9" typed into 1-5 without a word; here the number
    shows, and Enter or leaving the field emits ``refused(text)`` and puts the
    old value back.
    """

    refused = Signal(str)

    def validate(self, text: str, pos: int) -> object:
        typed = text.strip()
        if typed and typed != self.specialValueText() and _WHOLE.fullmatch(typed):
            value = int(typed) if typed not in ("-", "+") else None
            if value is None or not self.minimum() <= value <= self.maximum():
                return QValidator.State.Intermediate, text, pos
        return super().validate(text, pos)

    def out_of_range_text(self) -> str | None:
        """The typed text when it is a number outside the range, else None."""
        typed = self.lineEdit().text().strip()
        if not typed or typed == self.specialValueText() or not _WHOLE.fullmatch(typed):
            return None
        if typed in ("-", "+"):
            return None
        return typed if not self.minimum() <= int(typed) <= self.maximum() else None

    def _refuse_if_out_of_range(self) -> bool:
        typed = self.out_of_range_text()
        if typed is None:
            return False
        blocked = self.blockSignals(True)
        try:
            self.lineEdit().setText(self.textFromValue(self.value()))
        finally:
            self.blockSignals(blocked)
        self.refused.emit(typed)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._refuse_if_out_of_range():
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._refuse_if_out_of_range()
        super().focusOutEvent(event)


_WHOLE = re.compile(r"[-+]?\d{0,6}")


def _scale_box() -> CheckedSpinBox:
    box = CheckedSpinBox()
    box.setRange(0, 5)
    box.setSpecialValueText("not set")
    box.setKeyboardTracking(False)
    return box


class Inspector(QWidget):
    """Edits one node or relation; shows a hint otherwise."""

    def __init__(self, push: Callable[[Command], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._push = push
        self.workspace: Workspace | None = None
        self.node_id: str | None = None
        self.relation_id: str | None = None
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.stack)
        layout.addStretch(1)
        self.hint = plain_label("Select a stakeholder, driver or relation to edit it here.")
        self.stack.addWidget(self.hint)
        #: What the last edit could not do, in words (a refused value, a cut label).
        self.message = plain_label()
        self.message.setObjectName("inspector-message")
        self.message.setStyleSheet(
            "QLabel { background:#FFF3CD; color:#5C4400; border:1px solid #E0C97A;"
            " border-radius:4px; padding:4px 6px; }"
        )
        self.message.hide()
        layout.insertWidget(0, self.message)
        self._build_node_page()
        self._build_relation_page()
        self.set_read_only(False)

    # ------------------------------------------------------------ pages
    def _build_node_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.label_edit = QLineEdit()
        self.kind_combo = QComboBox()
        for kind in NODE_KINDS:
            self.kind_combo.addItem(kind, kind)
        self.group_edit = QLineEdit()
        self.description_edit = PlainTextField()
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("comma, separated")
        self.power_box = _scale_box()
        self.interest_box = _scale_box()
        self.power_box.refused.connect(
            lambda text: self.say(f"Power {text} refused: it is 1 to 5, or 0 for not set.")
        )
        self.interest_box.refused.connect(
            lambda text: self.say(f"Interest {text} refused: it is 1 to 5, or 0 for not set.")
        )
        form.addRow("Label", self.label_edit)
        form.addRow("Kind", self.kind_combo)
        form.addRow("Group", self.group_edit)
        form.addRow("Description", self.description_edit)
        form.addRow("Tags", self.tags_edit)
        form.addRow("Power", self.power_box)
        form.addRow("Interest", self.interest_box)
        self.label_edit.editingFinished.connect(
            lambda: self._node_text("label", self.label_edit.text().strip())
        )
        self.group_edit.editingFinished.connect(
            lambda: self._node_text("group", self.group_edit.text().strip())
        )
        self.description_edit.editing_finished.connect(
            lambda: self._node_text("description", self.description_edit.toPlainText())
        )
        self.tags_edit.editingFinished.connect(self._tags_edited)
        self.kind_combo.activated.connect(lambda _i: self._node_change(kind=self.kind_combo.currentData()))
        self.power_box.valueChanged.connect(lambda v: self._node_change(power=v or None))
        self.interest_box.valueChanged.connect(lambda v: self._node_change(interest=v or None))
        self.node_page = page
        self.stack.addWidget(page)

    def _build_relation_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        self.ends_label = plain_label()
        self.type_combo = QComboBox()
        for relation_type in RELATION_SIGNS:
            self.type_combo.addItem(relation_type.replace("_", " "), relation_type)
        self.strength_box = CheckedSpinBox()
        self.strength_box.setRange(1, 5)
        self.strength_box.refused.connect(lambda text: self.say(f"Strength {text} refused: it is 1 to 5."))
        self.strength_box.setKeyboardTracking(False)
        self.horizon_combo = QComboBox()
        for horizon in HORIZONS:
            self.horizon_combo.addItem(horizon, horizon)
        self.note_edit = PlainTextField()
        form.addRow("Between", self.ends_label)
        form.addRow("Type", self.type_combo)
        form.addRow("Strength", self.strength_box)
        form.addRow("Horizon", self.horizon_combo)
        form.addRow("Note", self.note_edit)
        self.type_combo.activated.connect(
            lambda _i: self._relation_change(type=self.type_combo.currentData())
        )
        self.strength_box.valueChanged.connect(lambda v: self._relation_change(strength=v))
        self.horizon_combo.activated.connect(
            lambda _i: self._relation_change(horizon=self.horizon_combo.currentData())
        )
        self.note_edit.editing_finished.connect(
            lambda: self._relation_change(note=self.note_edit.toPlainText())
        )
        self.relation_page = page
        self.stack.addWidget(page)

    def set_read_only(self, read_only: bool) -> None:
        self.node_page.setEnabled(not read_only)
        self.relation_page.setEnabled(not read_only)

    # ------------------------------------------------------------ messages
    def say(self, text: str) -> None:
        """Show what an edit could not do, above the fields, until the selection changes."""
        self.message.setText(text)
        self.message.show()

    # ------------------------------------------------------------ showing
    def show_selection(
        self, workspace: Workspace | None, node_ids: list[str], relation_ids: list[str]
    ) -> None:
        """Show the one selected entity, or the hint for none or several."""
        self.message.hide()
        self.workspace = workspace
        self.node_id = node_ids[0] if len(node_ids) == 1 and not relation_ids else None
        self.relation_id = relation_ids[0] if len(relation_ids) == 1 and not node_ids else None
        if workspace is None or (self.node_id is None and self.relation_id is None):
            count = len(node_ids) + len(relation_ids)
            self.hint.setText(
                f"{count} items selected."
                if count > 1
                else "Select a stakeholder, driver or relation to edit it here."
            )
            self.stack.setCurrentWidget(self.hint)
            return
        self.refresh()

    def refresh(self) -> None:
        """Reload the fields from the model (the field being typed in keeps its text)."""
        ws = self.workspace
        if ws is None:
            return
        if self.node_id is not None and ws.has("nodes", self.node_id):
            self._fill_node(ws.node(self.node_id))
            self.stack.setCurrentWidget(self.node_page)
        elif self.relation_id is not None and ws.has("relations", self.relation_id):
            self._fill_relation(ws.relation(self.relation_id))
            self.stack.setCurrentWidget(self.relation_page)
        else:
            self.node_id = self.relation_id = None
            self.stack.setCurrentWidget(self.hint)

    def _fill_node(self, node: Node) -> None:
        if self.workspace is not None:  # offer the groups already used, so spellings stay the same
            groups = sorted({n.group for n in self.workspace.nodes.values() if n.group}, key=str.casefold)
            if groups != getattr(self, "_groups", None):
                self._groups = groups
                completer = QCompleter(groups, self.group_edit)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                self.group_edit.setCompleter(completer)
        _set_text(self.label_edit, node.label)
        _set_text(self.group_edit, node.group)
        _set_text(self.tags_edit, ", ".join(node.tags))
        if not self.description_edit.hasFocus():
            _quiet(self.description_edit, lambda: self.description_edit.setPlainText(node.description))
        _quiet(self.kind_combo, lambda: self.kind_combo.setCurrentIndex(self.kind_combo.findData(node.kind)))
        _quiet(self.power_box, lambda: self.power_box.setValue(node.power or 0))
        _quiet(self.interest_box, lambda: self.interest_box.setValue(node.interest or 0))
        stakeholder = node.kind == "stakeholder"
        self.power_box.setEnabled(stakeholder)
        self.interest_box.setEnabled(stakeholder)

    def _fill_relation(self, rel: Relation) -> None:
        ws = self.workspace
        assert ws is not None
        arrow = "—" if rel.symmetric else "→"
        self.ends_label.setText(f"{ws.node(rel.source).label} {arrow} {ws.node(rel.target).label}")
        _quiet(self.type_combo, lambda: self.type_combo.setCurrentIndex(self.type_combo.findData(rel.type)))
        _quiet(self.strength_box, lambda: self.strength_box.setValue(rel.strength))
        _quiet(
            self.horizon_combo,
            lambda: self.horizon_combo.setCurrentIndex(self.horizon_combo.findData(rel.horizon)),
        )
        if not self.note_edit.hasFocus():
            _quiet(self.note_edit, lambda: self.note_edit.setPlainText(rel.note))

    # ------------------------------------------------------------ editing
    def _node_text(self, field: str, value: str) -> None:
        self._node_change(**{field: value})

    def _tags_edited(self) -> None:
        tags = tuple(t.strip() for t in self.tags_edit.text().split(",") if t.strip())
        self._node_change(tags=tags)

    def _node_change(self, **changes: object) -> None:
        ws, key = self.workspace, self.node_id
        if ws is None or key is None or not ws.has("nodes", key):
            return
        node = ws.node(key)
        label = changes.get("label")
        if isinstance(label, str) and len(label) > MAX_LABEL:
            changes["label"] = label[:MAX_LABEL].rstrip()
            self.say(f"Label cut to {MAX_LABEL} characters (it had {len(label)}).")
        changes = {k: v for k, v in changes.items() if getattr(node, k) != v}
        if "label" in changes and not changes["label"]:
            self.say(f"A label cannot be empty: kept \u201c{node.label}\u201d.")
            _set_text(self.label_edit, node.label, force=True)
            self.refresh()
            return
        if changes:
            command = update_node(key, **changes)
            name = changes.get("label", node.label)
            command.text = f"Rename {name}" if set(changes) == {"label"} else f"Edit {name}"
            self._push(command)
            self.refresh()

    def _relation_change(self, **changes: object) -> None:
        ws, key = self.workspace, self.relation_id
        if ws is None or key is None or not ws.has("relations", key):
            return
        rel = ws.relation(key)
        changes = {k: v for k, v in changes.items() if getattr(rel, k) != v}
        if changes:
            command = update_relation(key, **changes)
            arrow = "\u2014" if rel.symmetric else "\u2192"
            command.text = f"Edit {ws.node(rel.source).label} {arrow} {ws.node(rel.target).label}"
            self._push(command)
            self.refresh()


def _set_text(edit: QLineEdit, text: str, force: bool = False) -> None:
    if (force or not edit.hasFocus()) and edit.text() != text:
        edit.setText(text)


def _quiet(widget: QWidget, change: Callable[[], object]) -> None:
    blocked = widget.blockSignals(True)
    try:
        change()
    finally:
        widget.blockSignals(blocked)
