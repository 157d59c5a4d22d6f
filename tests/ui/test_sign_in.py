"""Signing in through the client: the first password, the login dialog (a wrong password keeps
it open), the idle lock, the 用户与登录 tab, and a read-only user's greyed-out actions."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSettings

from app.domain.enums import UserRole
from app.services.accounts import AccountService
from app.services.context import Actor
from app.services.users import UserService
from ui.dialogs import Dialogs
from ui.login import LoginDialog, sign_in

PASSWORD = "zxlz-2025!"


class Script(Dialogs):
    """Dialogs whose ``exec`` runs the next scripted handler."""

    def __init__(self, *handlers) -> None:
        super().__init__(None)
        self.handlers = list(handlers)
        self.confirmed: list[str] = []

    def exec(self, dialog) -> bool:
        return self.handlers.pop(0)(dialog)

    def confirm(self, title: str, text: str) -> bool:
        self.confirmed.append(text)
        return False

    def info(self, title: str, text: str) -> None:
        self.confirmed.append(text)


def _submit(dialog, **fields) -> bool:
    for name, value in fields.items():
        widget = dialog.findChild(object, name)
        if hasattr(widget, "setCurrentText"):
            widget.setCurrentText(value)
        else:
            widget.setText(value)
    dialog.accept()
    return dialog.result() == 1


def test_first_start_sets_the_admin_password(qtbot, db) -> None:
    seen: list[str] = []

    def first(dialog) -> bool:
        qtbot.addWidget(dialog)
        assert not _submit(dialog, password="short", confirm="short")
        seen.append(dialog.message.text())
        return _submit(dialog, password=PASSWORD, confirm=PASSWORD)

    actor = sign_in(db, Script(first))
    assert actor is not None and actor.username == "admin"
    assert "不能少于8个字符" in seen[0]
    assert AccountService(db).sign_in("admin", PASSWORD).role == UserRole.ADMIN
    # next start: one account, login not switched on → no dialog at all
    assert sign_in(db, Script()) == actor


def test_cancel_at_first_start_changes_nothing(qtbot, db) -> None:
    assert sign_in(db, Script(lambda dialog: dialog.reject() or False)) is None
    assert AccountService(db).needs_first_password()


def test_login_dialog_keeps_the_name_after_a_wrong_password(qtbot, db) -> None:
    accounts = AccountService(db)
    admin = accounts.set_first_password(PASSWORD, PASSWORD)
    users = UserService(db)
    clerk = users.create(admin, {"username": "lihua", "role": UserRole.CLERK}).value
    users.set_password(admin, clerk.id, "clerk-pass-1")

    def login(dialog: LoginDialog) -> bool:
        qtbot.addWidget(dialog)
        assert not _submit(dialog, username="lihua", password="wrong-one")
        assert "用户名或密码不正确" in dialog.message.text()
        assert dialog.username.currentText() == "lihua" and dialog.password.text() == ""
        return _submit(dialog, password="clerk-pass-1")

    actor = sign_in(db, Script(login))
    assert actor is not None and (actor.username, actor.role) == ("lihua", UserRole.CLERK)


def test_idle_lock_covers_the_window_until_the_password(window, db, qtbot) -> None:
    AccountService(db).set_first_password(PASSWORD, PASSWORD)
    lock = window.idle_lock
    lock.dialogs = Script(
        lambda d: (qtbot.addWidget(d), _submit(d, password="wrong-one"))[1],
        lambda d: (qtbot.addWidget(d), _submit(d, password=PASSWORD))[1])
    states: list[bool] = []
    original = lock.dialogs.handlers[1]
    lock.dialogs.handlers[1] = lambda d: (states.append(window.centralWidget().isVisible()),
                                          original(d))[1]
    lock.current = Actor("admin", UserRole.ADMIN)
    actor = lock.lock()
    assert actor is not None and actor.username == "admin"
    assert states == [False]  # covered while locked
    assert window.centralWidget().isVisible()
    assert lock.dialogs.confirmed  # the first refusal asked whether to quit (answered no)


def test_policy_minutes_reach_the_running_window(window, db, actor) -> None:
    accounts = AccountService(db)
    policy = accounts.policy()
    accounts.update_policy(actor, login_required=False, idle_lock_minutes=15,
                           version=policy.version)
    QCoreApplication.processEvents()  # the change broadcast is queued to the GUI thread
    assert window.idle_lock.minutes == 15 and window.idle_lock.timer.isActive()


def test_input_to_any_window_restarts_the_idle_clock(window, qtbot) -> None:
    """Keys and clicks reach the lock through each top-level window (the main window and a
    dialog alike), not through an application-wide filter on every internal event."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QKeyEvent, QMouseEvent
    from PySide6.QtWidgets import QDialog

    lock = window.idle_lock
    lock.set_minutes(15)
    window.show()
    qtbot.waitExposed(window)
    lock.watch(window.windowHandle())
    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    lock.watch(dialog.windowHandle())
    for handle in (window.windowHandle(), dialog.windowHandle()):
        lock.timer.stop()
        QCoreApplication.sendEvent(handle, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                                     Qt.KeyboardModifier.NoModifier, "a"))
        assert lock.timer.isActive() and lock.timer.interval() == 15 * 60_000
        lock.timer.stop()
        QCoreApplication.sendEvent(handle, QMouseEvent(
            QEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5),
            Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
        assert lock.timer.isActive()
    lock.timer.stop()
    QCoreApplication.sendEvent(window, QEvent(QEvent.Type.LayoutRequest))  # not input
    assert not lock.timer.isActive()
    lock.set_minutes(0)  # no lock: input leaves the clock off
    QCoreApplication.sendEvent(window.windowHandle(), QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    assert not lock.timer.isActive()


def test_users_tab_adds_a_user_and_sets_the_password(window, db, scripted) -> None:
    page = window.show_page("system")
    users = page.users
    assert users is not None

    def fill(editor) -> bool:
        editor.inputs["username"].set_value("wangfang")
        editor.inputs["display_name"].set_value("王芳")
        editor.accept()
        return editor.result() == 1

    scripted.then(fill)
    assert users.open_editor(None)
    created = UserService(db).by_username("wangfang")
    assert created.role == UserRole.CLERK
    users.reload()
    assert users.select_id(created.id)
    scripted.then(lambda d: _submit(d, password="wang-pass-1", confirm="wang-pass-1"))
    users.set_password()
    assert AccountService(db).sign_in("wangfang", "wang-pass-1").username == "wangfang"


def test_read_only_user_sees_greyed_actions_with_the_reason(qtbot, db, tmp_path) -> None:
    from ui.main_window import MainWindow
    from ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win = MainWindow(db, Actor("guest", UserRole.READONLY, "查阅"), settings=settings)
    qtbot.addWidget(win)
    page = win.show_page("members")
    for button in (page.add_button, page.edit_button, page.delete_button):
        assert not button.isEnabled()
        assert "只读用户" in button.toolTip()
    assert page.export_button.isEnabled()
    assert win.show_page("system").users is None  # no 用户与登录 tab
    win.close()
