"""Every modal question and message box goes through here, so tests can replace them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


class Dialogs:
    """Modal dialogs of the client. Tests monkeypatch these methods instead of clicking."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def info(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def warning(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def error(self, title: str, text: str) -> None:
        QMessageBox.critical(self.parent, title, text)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self.parent, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(self.parent, title, label)
        return text if ok else None

    def ask_choice(self, title: str, label: str, choices: list[str]) -> str | None:
        text, ok = QInputDialog.getItem(self.parent, title, label, choices, 0, False)
        return text if ok else None

    def save_file(self, title: str, suggested: str, filters: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, title, suggested, filters)
        return Path(path) if path else None

    def open_file(self, title: str, filters: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, title, "", filters)
        return Path(path) if path else None

    def choose_folder(self, title: str) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self.parent, title)
        return Path(folder) if folder else None

    def open_path(self, path: Path) -> None:
        """Open a file or folder with the system's program (Word/WPS, the file manager)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def exec(self, dialog: object) -> bool:
        """Run a modal dialog; True when accepted. Tests replace this to drive the dialog."""
        return bool(dialog.exec())  # type: ignore[attr-defined]

    def conflict(self, title: str, message: str, rows: list[Any]) -> str:
        """Another clerk saved the record first: show what they changed and ask.

        ``rows`` are ``ui.framework.conflict.ConflictRow``; the answer is "reload"
        (重新载入), "mine" (仍用我的修改) or "cancel"."""
        from ui.framework.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(title, message, rows, self.parent)
        try:
            dialog.exec()
            return dialog.choice
        finally:
            dialog.deleteLater()
