"""Dialogs for shared workspaces: where the server is, which workspace, a password if asked.

A password typed here goes to the connection and stays in memory; it is
never written to settings or disk.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

URL_HINT = "postgresql://user@host/database (add ?sslmode=require for TLS) or service=NAME"


class SharedDialog(QDialog):
    """Server URL and workspace name; ``list_names`` fills the names from the server."""

    def __init__(self, parent: QWidget, title: str, url: str = "", name: str = "", *, listable: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.url = QLineEdit(url)
        self.url.setPlaceholderText(URL_HINT)
        self.url.setMinimumWidth(420)
        form.addRow("Server:", self.url)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setCurrentText(name)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        if listable:
            self.list_button = QPushButton("List")
            self.list_button.clicked.connect(self.list_names)
            row.addWidget(self.list_button)
        form.addRow("Workspace:", row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        form.addRow(self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def list_names(self) -> None:
        from ..store.server_connect import ServerError
        from ..store.shared_admin import list_workspaces

        try:
            found = list_workspaces(self.url.text().strip())
        except ServerError as exc:
            self.status.setText(str(exc))
            return
        self.name.clear()
        self.name.addItems([w.name for w in found])
        self.status.setText(f"{len(found)} workspace(s)")

    def values(self) -> tuple[str, str] | None:
        url, name = self.url.text().strip(), self.name.currentText().strip()
        return (url, name) if url and name else None


def ask_open_shared(parent: QWidget, url: str = "") -> tuple[str, str] | None:
    dialog = SharedDialog(parent, "Open Shared Workspace", url, listable=True)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_publish(parent: QWidget, url: str = "", name: str = "") -> tuple[str, str] | None:
    dialog = SharedDialog(parent, "Publish to Server", url, name, listable=False)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_password(parent: QWidget, where: str) -> str | None:
    text, ok = QInputDialog.getText(parent, "Password", f"Password for {where}:", QLineEdit.EchoMode.Password)
    return text if ok else None
