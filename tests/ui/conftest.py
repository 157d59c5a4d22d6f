"""A real main window on a fresh temporary database, with modal dialogs routed to the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from app.domain.enums import UserRole
from app.services.context import Actor


class ScriptedDialogs:
    """Records messages and answers modal dialogs with scripted handlers, so no test blocks."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, str]] = []
        self.handlers: list[Callable[[Any], bool]] = []
        self.confirm_answer = True
        self.conflicts: list[tuple[str, str, list[Any]]] = []  # (title, message, rows) shown
        self.conflict_answers: list[str] = []  # "reload", "mine" or "cancel", in turn

    def install(self, dialogs: Any) -> None:
        dialogs.info = lambda t, x: self.messages.append(("info", t, x))
        dialogs.warning = lambda t, x: self.messages.append(("warning", t, x))
        dialogs.error = lambda t, x: self.messages.append(("error", t, x))
        dialogs.confirm = lambda t, x: self.confirm_answer
        dialogs.exec = self.exec
        dialogs.conflict = self.conflict

    def conflict(self, title: str, message: str, rows: list[Any]) -> str:
        self.conflicts.append((title, message, rows))
        if not self.conflict_answers:
            raise AssertionError(f"unexpected conflict dialog: {message}")
        return self.conflict_answers.pop(0)

    def exec(self, dialog: Any) -> bool:
        if not self.handlers:
            raise AssertionError(f"unexpected modal dialog: {dialog.windowTitle()}")
        return self.handlers.pop(0)(dialog)

    def then(self, handler: Callable[[Any], bool]) -> None:
        self.handlers.append(handler)


@pytest.fixture
def scripted() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def window(qtbot, db, tmp_path, scripted) -> Iterator[Any]:
    from ui.main_window import MainWindow
    from ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = MainWindow(db, Actor("tester", UserRole.ADMIN, "测试员"), settings=settings)
    scripted.install(win.dialogs)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
