"""Signing in to the client: the administrator's first password, the login dialog, the idle
lock. The decisions (who may act, whether a login is needed) are ``app.services.accounts``'s;
these dialogs only ask. Every dialog runs through ``Dialogs.exec`` so tests can drive it.

A single-user database signs its clerk in from ``app.services.start_reads`` (Core statements):
the accounts service and the models it imports load only when a dialog is needed, or later
(issue 15: the window paints signed in before the ORM is imported)."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.db.engine import Database
from app.errors import AppError
from app.services.context import Actor
from app.services.start_reads import sign_in_state
from ui.dialogs import Dialogs
from ui.theme import text_style

if TYPE_CHECKING:  # imported when a dialog needs it (see the module's docstring)
    from app.services.accounts import AccountService


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class AskDialog(QDialog):
    """A small form whose OK runs ``attempt()``; a refusal is shown in red and the dialog stays
    open with what was typed."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("signInDialog")
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(text_style("error"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def attempt(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.attempt()
        except AppError as exc:
            self.message.setText(str(exc))
            return
        super().accept()


class FirstPasswordDialog(AskDialog):
    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        from app.services.users import MIN_PASSWORD_LENGTH

        super().__init__(
            "设置管理员密码",
            "这是第一次使用这个数据库。请为管理员账户“admin”设置密码（不少于"
            f"{MIN_PASSWORD_LENGTH}个字符），以后添加用户、恢复备份和不打码导出都需要管理员身份。"
            "\n请记住这个密码；点“取消”将退出程序，不做任何修改。", parent)
        self.accounts = accounts
        self.password = password_field("password")
        self.confirm = password_field("confirm")
        self.form.addRow("密码：", self.password)
        self.form.addRow("再输入一次：", self.confirm)
        self.actor: Actor | None = None

    def attempt(self) -> None:
        self.actor = self.accounts.set_first_password(self.password.text(), self.confirm.text())


class LoginDialog(AskDialog):
    def __init__(self, accounts: AccountService, parent: QWidget | None = None, *,
                 username: str = "", locked: bool = False) -> None:
        intro = (f"长时间没有操作，程序已锁定。请输入用户“{username}”的密码继续。"
                 "（换用户请退出程序后重新登录。）" if locked else "请选择用户并输入密码。")
        super().__init__("解除锁定" if locked else "登录", intro, parent)
        self.accounts = accounts
        self.username = QComboBox()
        self.username.setObjectName("username")
        self.username.setEditable(True)
        self.username.addItems(accounts.usernames())
        if username:
            self.username.setCurrentText(username)
        self.username.setEnabled(not locked)  # unlocking is for the user who was working
        self.password = password_field("password")
        self.form.addRow("用户名：", self.username)
        self.form.addRow("密码：", self.password)
        self.password.setFocus()
        self.actor: Actor | None = None

    def attempt(self) -> None:
        try:
            self.actor = self.accounts.sign_in(self.username.currentText(),
                                               self.password.text())
        finally:
            self.password.clear()


def sign_in(db: Database, dialogs: Dialogs) -> Actor | None:
    """The actor the client runs as: asks for the first password or a login when needed;
    None when the clerk cancels (the program then closes without changing anything)."""
    state = sign_in_state(db)
    if (state is not None and not state.first_password and not state.login_needed
            and state.actor is not None):
        return state.actor  # what ``AccountService.default_actor`` answers, without the ORM
    from app.services.accounts import AccountService

    accounts = AccountService(db)
    if accounts.needs_first_password():
        first = FirstPasswordDialog(accounts, dialogs.parent)
        if not dialogs.exec(first) or first.actor is None:
            return None
        if not accounts.login_needed():
            return first.actor
    if not accounts.login_needed():
        return accounts.default_actor()
    login = LoginDialog(accounts, dialogs.parent)
    return login.actor if dialogs.exec(login) else None


class IdleLock(QObject):
    """Locks the window after the policy's idle minutes: any key or mouse input restarts the
    clock; when it runs out the window is covered until a password is given."""

    INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                              QEvent.Type.Wheel, QEvent.Type.MouseMove})

    def __init__(self, window: QWidget, accounts: Callable[[], AccountService],
                 dialogs: Dialogs, current: Actor, minutes: int) -> None:
        """``accounts``: gives the service the unlock dialog asks (made when first needed)."""
        super().__init__(window)
        self.window = window
        self.accounts = accounts
        self.dialogs = dialogs
        self.current = current
        self.locked = False
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        # Input reaches a top-level QWindow before Qt hands it to a widget, so a filter on each
        # window sees every key and click; an application-wide filter would also be called for
        # the ~1,200 internal events of every page build (7 µs each in Python).
        self.watched: weakref.WeakSet[QWindow] = weakref.WeakSet()
        self.watch(window.windowHandle())
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self.watch)

    def watch(self, handle: QWindow | None) -> None:
        """Restart the clock on input to ``handle`` (each window or dialog as it gets focus)."""
        if handle is not None and handle not in self.watched:
            self.watched.add(handle)
            handle.installEventFilter(self)
            self.restart()

    def restart(self) -> None:
        if not self.locked and self.minutes > 0:
            self.timer.start(self.minutes * 60_000)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        if minutes > 0:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in self.INPUT_EVENTS:
            self.restart()
        return False

    def lock(self) -> Actor | None:
        """Cover the window until someone signs in; returns who did (None: the program quits)."""
        if self.locked:
            return None
        self.locked = True
        central = getattr(self.window, "centralWidget", lambda: None)()
        if central is not None:
            central.setVisible(False)
        try:
            while True:
                dialog = LoginDialog(self.accounts(), self.window,
                                     username=self.current.username, locked=True)
                if self.dialogs.exec(dialog) and dialog.actor is not None:
                    return dialog.actor
                if self.dialogs.confirm("退出程序", "不解除锁定就退出程序吗？未保存的编辑将丢失。"):
                    QApplication.quit()
                    return None
        finally:
            self.locked = False
            if central is not None:
                central.setVisible(True)
            self.set_minutes(self.minutes)
