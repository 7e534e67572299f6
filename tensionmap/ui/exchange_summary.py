"""The import summary in the window: what was read, and what was left out or changed.

Shown after an import that changed or left out anything (never blocking:
the map is already there to look at). When the file had no sign
information, every relation came in as one type; the dialog offers the same
choice as ``tensionmap import --unsigned-as`` and applies it as one undo
step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..interchange import ImportSummary
from ..model import RELATION_SIGNS


class ImportSummaryDialog(QDialog):
    """The summary lines, and for an unsigned file a type choice with Apply."""

    def __init__(
        self,
        parent: QWidget | None,
        summary: ImportSummary,
        on_retype: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import summary")
        self.setModal(False)
        self.summary = summary
        self._on_retype = on_retype
        self.current_type = summary.unsigned_type
        layout = QVBoxLayout(self)
        headline = QLabel(summary.headline()[:1].upper() + summary.headline()[1:])
        headline.setTextFormat(Qt.TextFormat.PlainText)  # file names are never markup
        headline.setWordWrap(True)
        layout.addWidget(headline)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setPlainText(
            "\n".join(f"• {line}" for line in summary.changes) or "Nothing was left out or changed."
        )
        self.details.setMinimumSize(460, 120)
        layout.addWidget(self.details)
        self.type_box: QComboBox | None = None
        self.apply_button: QPushButton | None = None
        if summary.unsigned_type is not None and on_retype is not None and summary.relations:
            row = QHBoxLayout()
            label = QLabel("The file has no signs: its relations are")
            self.type_box = QComboBox(self)
            for rtype in RELATION_SIGNS:
                self.type_box.addItem(rtype.replace("_", " "), rtype)
            self.type_box.setCurrentIndex(list(RELATION_SIGNS).index(summary.unsigned_type))
            label.setBuddy(self.type_box)
            self.apply_button = QPushButton("&Apply", self)
            self.apply_button.setToolTip("Give every imported relation this type (one undo step)")
            self.apply_button.clicked.connect(self._apply)
            row.addWidget(label)
            row.addWidget(self.type_box, 1)
            row.addWidget(self.apply_button)
            layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _apply(self) -> None:
        if self.type_box is None or self._on_retype is None:
            return
        chosen = self.type_box.currentData()
        if chosen != self.current_type and self._on_retype(chosen):
            self.current_type = chosen
