"""Every modal question and message box goes through here, so tests can replace them.

File dialogs start where a clerk finds things: in the folder last used for that kind of file
(drafts, exports, imports, templates, backups — ``FolderMemory``), else in the real 文档
folder as Windows reports it (which follows a redirection to D: or OneDrive), never in the
working folder, which a desktop shortcut sets to the program's install folder.

Each dialog shown from here fits its screen, and so does any dialog opened from inside it
(``screen_fit.fitting_dialogs``): a 1366×768 laptop or a scaled screen never gets a dialog
larger than itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from app import APP_ID
from app.paths import PathTooLongError, check_length
from app.text.filenames import safe_file_name
from ui.framework.screen_fit import fitting_dialogs

#: room a chosen path needs below Windows' 260 characters for what is written beside it: a
#: temporary or set-aside copy (".~zxlz-<pid>@<host>-<token>-…" ≈ 35 more) and a draft's
#: "-数据底稿.xlsx"; in a chosen folder, the files the program names itself (backups ≈ 40)
ROOM = {"save": 40, "open": 0, "folder": 80}

#: the kinds of file whose folder is remembered separately
FILE_KINDS = ("drafts", "exports", "imports", "templates", "backups")


def documents_folder() -> Path:
    """The user's 文档 folder (absolute), wherever Windows has it; the home folder if none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_absolute() and folder.is_dir() else Path.home().resolve()


def guess_kind(action: str, title: str, filters: str = "") -> str:
    """The kind of file a dialog is about, from its title (callers need not say it)."""
    if "文稿" in title or "草稿" in title:
        return "drafts"
    if "数据文件夹" in title:
        return "data"
    if action == "folder" or "备份" in title:
        return "backups"
    if "模板" in title and action == "open":
        return "templates"
    return "imports" if action == "open" else "exports"


class FolderMemory:
    """The last folder used for each kind of file, kept in the settings (``folders/<kind>``)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store

    @property
    def store(self) -> QSettings:
        if self._store is None:
            self._store = QSettings(APP_ID, APP_ID)
        return self._store

    def last(self, kind: str) -> Path | None:
        value = self.store.value(f"folders/{kind}")
        folder = Path(str(value)) if value else None
        return folder if folder is not None and folder.is_absolute() and folder.is_dir() else None

    def start(self, kind: str) -> Path:
        """Where a dialog for ``kind`` opens: the last folder used, else 文档."""
        return self.last(kind) or documents_folder()

    def remember(self, kind: str, chosen: Path) -> None:
        try:
            folder = chosen if chosen.is_dir() else chosen.parent
        except OSError:  # a path this system cannot even look at: nothing worth remembering
            return
        if folder.is_absolute():
            self.store.setValue(f"folders/{kind}", str(folder))
            self.store.sync()

    def suggest(self, kind: str, suggested: str) -> str:
        """A bare suggested name goes into the start folder; a full path is kept."""
        path = Path(suggested) if suggested else None
        if path is not None and path.is_absolute():
            return str(path)
        start = self.start(kind)
        return str(start / path) if path is not None else str(start)


class Dialogs:
    """Modal dialogs of the client. Tests monkeypatch these methods instead of clicking."""

    def __init__(self, parent: QWidget | None = None, folders: FolderMemory | None = None) -> None:
        self.parent = parent
        self.folders = folders or FolderMemory()
        #: the start-up splash; closed before the first modal dialog, which it would cover
        self.splash: QWidget | None = None

    @contextmanager
    def _modal(self) -> Iterator[None]:
        """Around each modal call: the splash closed, and dialogs fitted to the screen."""
        if self.splash is not None:
            self.splash.close()
            self.splash = None
        with fitting_dialogs():
            yield

    def info(self, title: str, text: str) -> None:
        with self._modal():
            QMessageBox.information(self.parent, title, text)

    def warning(self, title: str, text: str) -> None:
        with self._modal():
            QMessageBox.warning(self.parent, title, text)

    def error(self, title: str, text: str) -> None:
        with self._modal():
            QMessageBox.critical(self.parent, title, text)

    def confirm(self, title: str, text: str) -> bool:
        with self._modal():
            answer = QMessageBox.question(
                self.parent, title, text,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str) -> str | None:
        with self._modal():
            text, ok = QInputDialog.getText(self.parent, title, label)
        return text if ok else None

    def ask_choice(self, title: str, label: str, choices: list[str]) -> str | None:
        with self._modal():
            text, ok = QInputDialog.getItem(self.parent, title, label, choices, 0, False)
        return text if ok else None

    def save_file(self, title: str, suggested: str, filters: str,
                  kind: str | None = None) -> Path | None:
        """A save dialog in the kind's folder; ``suggested`` is a bare name (made a valid
        Windows file name here, whatever data it was built from) or a full path."""
        kind = kind or guess_kind("save", title, filters)
        if suggested and not Path(suggested).is_absolute():
            suggested = safe_file_name(suggested)
        with self._modal():
            path, _ = QFileDialog.getSaveFileName(self.parent, title,
                                                  self.folders.suggest(kind, suggested), filters)
        return self._chosen(kind, path, title, "save")

    def open_file(self, title: str, filters: str, kind: str | None = None) -> Path | None:
        kind = kind or guess_kind("open", title, filters)
        with self._modal():
            path, _ = QFileDialog.getOpenFileName(self.parent, title,
                                                  str(self.folders.start(kind)), filters)
        return self._chosen(kind, path, title, "open")

    def choose_folder(self, title: str, kind: str | None = None) -> Path | None:
        kind = kind or guess_kind("folder", title)
        with self._modal():
            folder = QFileDialog.getExistingDirectory(self.parent, title,
                                                      str(self.folders.start(kind)))
        return self._chosen(kind, folder, title, "folder")

    def _chosen(self, kind: str, path: str, title: str = "选择文件",
                action: str = "open") -> Path | None:
        """The chosen path, remembered for ``kind``; None (with a message) for a path Windows
        cannot use (≥ 260 characters)."""
        if not path:
            return None
        try:
            check_length(path, "使用", margin=ROOM[action])
        except PathTooLongError as exc:
            self.warning(title, str(exc))
            return None
        chosen = Path(path).absolute()
        self.folders.remember(kind, chosen)
        return chosen

    def open_path(self, path: Path) -> None:
        """Open a file or folder with the system's program (Word/WPS, the file manager)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def print_preview(self, title: str, printer: Any, paint: Any) -> bool:
        """The print preview of ``paint(printer)`` (Qt's, with its 打印 button); True when
        it was printed. Tests replace this to print to a PDF file through ``paint``."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        dialog = QPrintPreviewDialog(printer, self.parent)
        dialog.setWindowTitle(f"打印预览 - {title}")
        dialog.paintRequested.connect(paint)
        try:
            with self._modal():
                return bool(dialog.exec())
        finally:
            dialog.deleteLater()

    def exec(self, dialog: object) -> bool:
        """Run a modal dialog; True when accepted. Tests replace this to drive the dialog."""
        with self._modal():
            return bool(dialog.exec())  # type: ignore[attr-defined]

    def conflict(self, title: str, message: str, rows: list[Any]) -> str:
        """Another clerk saved the record first: show what they changed and ask.

        ``rows`` are ``ui.framework.conflict.ConflictRow``; the answer is "reload"
        (重新载入), "mine" (仍用我的修改) or "cancel"."""
        from ui.framework.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(title, message, rows, self.parent)
        try:
            with self._modal():
                dialog.exec()
            return dialog.choice
        finally:
            dialog.deleteLater()
