"""Starting the desktop client: Qt application, Chinese translations, error dialog, database."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from app import APP_NAME
from app.db.location import resolve_url
from app.db.precheck import start_damage_check
from app.errors import AppError
from app.logs import setup_logging
from ui.application import make_application, open_db
from ui.dialogs import Dialogs
from ui.settings import Settings
from ui.single_instance import SingleInstance, bring_to_front, instance_key

if TYPE_CHECKING:  # ui.main_window is imported when the frame is shown
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)
SPLASH_MESSAGE = "正在打开数据库……"  # --screenshots: the demo database is made first


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python main.py", add_help=False)
    parser.add_argument("--db", default=None)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--smoke-test", action="store_true")
    parser.add_argument("--screenshots", default=None)
    parser.add_argument("--size", default=None)  # with --screenshots: the screen, 1366x768
    parser.add_argument("--scale", type=float, default=1.0)  # with --screenshots: 1.5 = 150%
    args, _unknown = parser.parse_known_args(argv)
    return args


def install_excepthook(log_path: Path) -> None:
    """An unexpected error shows a Chinese dialog with the log file's path, never a traceback."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        if isinstance(exc, AppError):
            text = str(exc)
        else:
            text = (f"程序遇到意外错误（{kind.__name__}），刚才的操作可能没有完成。\n\n"
                    f"已保存的数据不受影响。详细信息已写入日志文件：\n{log_path}\n\n"
                    "如果问题反复出现，请把这个日志文件发给技术支持人员。")
        if QApplication.instance() is not None:
            QMessageBox.critical(None, "出错了", text)

    sys.excepthook = hook


def start_window(args: argparse.Namespace, dialogs: Dialogs,
                 settings: Settings | None = None, *,
                 backup_now: bool = True, defer_first_page: bool = False,
                 damage: Callable[[], str | None] | None = None,
                 frame: MainWindow | None = None) -> MainWindow | None:
    """Check and open the database, build the main window, take the daily backup.

    None when the program should exit (a damaged database not restored, or one that cannot
    be opened); every message went through ``dialogs``, which tests replace. With
    ``backup_now=False`` the caller starts the daily backup once the window is up
    (``start_daily_backup``): the first start of a day then shows the window at once; with
    ``defer_first_page`` the caller builds the first page once the window is up. ``damage``:
    the quick check of the file, started earlier (``start_damage_check``). ``frame``: the
    main window already on screen (``show_frame``), which gets the database and the clerk
    instead of a new window being built; its dialogs must be ``dialogs``.
    """
    from app.services.context import Actor
    from ui.login import sign_in
    from ui.main_window import MainWindow
    from ui.startup import check_before_open, daily_backup_reported

    demo = bool(args.demo or args.screenshots)
    try:
        if not demo and not check_before_open(args.db, dialogs, damage):
            return None
        db = open_db(args)
    except AppError as exc:
        dialogs.error("无法打开数据库", str(exc))
        return None
    if demo:
        actor = Actor("admin", display_name="管理员")
    else:
        signed_in = sign_in(db, dialogs)
        if signed_in is None:  # cancelled at the password or login dialog: nothing changed
            db.dispose()
            return None
        actor = signed_in
    if frame is None:
        window = MainWindow(db, actor, settings=settings, dialogs=dialogs,
                            defer_first_page=defer_first_page)
    else:
        window = frame
        window.attach(db, actor, defer_first_page=defer_first_page)
    if not demo and backup_now:
        daily_backup_reported(db, window, dialogs)
    return window


def show_frame(app: QApplication, dialogs: Dialogs) -> MainWindow:
    """The main window's frame on screen at once, painted (title with the version,
    navigation, 正在打开数据库…), before SQLAlchemy is even imported: the database opens
    and the clerk signs in under it (``start_window(frame=...)``); its dialogs come on top."""
    from ui.main_window import MainWindow

    window = MainWindow(dialogs=dialogs)
    window.show()
    window.repaint()  # painted now: the database opens before the event loop runs
    app.processEvents()
    return window


def instance_location(args: argparse.Namespace) -> str:
    """What one running copy stands for: the database it opened (URL or file)."""
    try:
        return resolve_url(args.db)
    except AppError:
        return str(args.db)


def run_gui(argv: list[str]) -> int:
    log_path = setup_logging()
    args = parse_args(argv)
    if args.smoke_test:
        from ui.smoke import run_smoke_test

        return run_smoke_test(args)
    damage = None
    if not (args.demo or args.screenshots):
        try:
            damage = start_damage_check(args.db)
        except AppError:
            damage = None  # a bad --db: start_window names it as before
    if args.screenshots and args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)  # read when the application starts
    app = make_application()
    install_excepthook(log_path)
    throwaway = bool(args.demo or args.screenshots)
    guard: SingleInstance | None = None
    if not throwaway:
        guard = SingleInstance(instance_key(instance_location(args)), app)
        if not guard.claim():
            return 0  # the running copy shows its window instead
    dialogs = Dialogs()
    shown: list[QWidget] = []  # what a second start brings up: a sign-in dialog, the window
    if guard is not None:
        guard.activated.connect(
            lambda: bring_to_front(QApplication.activeModalWidget()
                                   or (shown[-1] if shown else None)))
    if args.screenshots:
        from ui.smoke import parse_size, save_screenshots

        dialogs.splash = splash = show_splash(app)
        window = start_window(args, dialogs, backup_now=False, damage=damage)
        splash.close()
        if window is None:
            return 2
        return save_screenshots(window, Path(args.screenshots), parse_size(args.size),
                                args.scale)
    frame = show_frame(app, dialogs)
    shown.append(frame)
    window = start_window(args, dialogs, backup_now=False, defer_first_page=True,
                          damage=damage, frame=frame)
    if window is None:  # not opened, or sign-in cancelled: the frame goes, nothing changed
        frame.close()
        return 2
    from PySide6.QtCore import QTimer

    app.processEvents()  # the window repaints signed in; its first page (首页) fills in next
    QTimer.singleShot(0, window.open_first_page)

    # (no matplotlib warm-up: the 首页's charts are Qt-drawn, ui/charts.py; only Word
    # documents' charts load it, on the report's worker thread)
    if not throwaway:
        from ui.startup import start_daily_backup

        QTimer.singleShot(0, lambda: offer_first_setup(window))
        QTimer.singleShot(300, lambda: start_daily_backup(window))
    code = app.exec()
    backup = getattr(window, "_daily_backup", None)
    if backup is not None:  # closed while the backup runs: let it finish (it is verified)
        backup.wait()
    return code


def show_splash(app: QApplication) -> QLabel:
    """A small window at once, before the database opens (seconds on a first start).

    A frameless label, not a ``QSplashScreen``: Qt 6's splash screen waits in ``show()``
    until the window system reports it exposed, up to a second, and on some systems (no
    window manager, remote desktops, the offscreen platform) that second is always spent."""
    from PySide6.QtCore import QRect, Qt  # (Qt: its ~100 enums are made on first import)

    pixmap = QPixmap(440, 180)
    palette = app.palette()
    pixmap.fill(palette.color(QPalette.ColorRole.Window))
    painter = QPainter(pixmap)
    icon = app.windowIcon().pixmap(64, 64)
    painter.drawPixmap(28, 58, icon)
    painter.setPen(palette.color(QPalette.ColorRole.WindowText))
    font = app.font()
    painter.drawText(QRect(5, 5, pixmap.width() - 10, pixmap.height() - 10),
                     Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter,
                     SPLASH_MESSAGE)
    font.setPointSizeF(font.pointSizeF() * 1.8)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(110, 100, APP_NAME)
    painter.setPen(palette.color(QPalette.ColorRole.Mid))
    painter.drawRect(0, 0, pixmap.width() - 1, pixmap.height() - 1)
    painter.end()
    splash = QLabel()
    splash.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
    splash.setObjectName("splash")
    splash.setPixmap(pixmap)
    splash.resize(pixmap.size())
    screen = app.primaryScreen()
    if screen is not None:
        splash.move(screen.availableGeometry().center() - splash.rect().center())
    splash.show()
    splash.repaint()  # painted now: the event loop does not run until the window is up
    app.processEvents()
    return splash


def offer_first_setup(window: Any) -> None:
    """A database without a current term (a new one) opens the 首次使用设置 wizard."""
    from ui.pages.setup_wizard import offer_setup

    offer_setup(window.db, window.ops.actor, window.dialogs, window)
