"""The Qt application and the database the client opens: shared by the window's start
(``ui.app``) and the smoke test (``ui.smoke``)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_NAME
from app.text._resources import resources_dir

if TYPE_CHECKING:  # importing this module leaves SQLAlchemy for later (see ui.app.run_gui)
    from app.db.engine import Database


def make_application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    # no applicationDisplayName: Qt would append it to every title ("… 0.1.0 — 政协履职工作台")
    app.setDesktopFileName("zxlz-workbench")  # Linux docks match the .deb's desktop entry
    icons = resources_dir() / "icons"
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(icons / f"zxlz-{size}.png"))
    app.setWindowIcon(icon)
    install_translations(app)
    install_ui_font(app)
    from ui.theme import follow_colour_scheme

    follow_colour_scheme(app)  # Windows switched to dark (or light) mode while running
    return app


UI_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
            "WenQuanYi Micro Hei", "Noto Sans SC", "PingFang SC", "SimHei")


def install_ui_font(app: QApplication) -> str | None:
    """A plain sans-serif Chinese face for the interface: left alone, Qt may pick whatever
    CJK font comes first (a calligraphic 楷体 on some Linux desktops)."""
    from PySide6.QtGui import QFontDatabase

    families = set(QFontDatabase.families())
    chosen = next((name for name in UI_FONTS if name in families), None)
    if chosen is not None:
        font = app.font()
        font.setFamilies([chosen, *font.families()])
        app.setFont(font)
    return chosen


def install_translations(app: QApplication) -> None:
    """Qt's own Chinese strings, so standard buttons read 确定 / 取消."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)


def open_db(args: argparse.Namespace) -> Database:
    from app.services.opening import open_database

    if args.demo or args.smoke_test or args.screenshots:
        from app.demo import generate_demo

        folder = Path(tempfile.mkdtemp(prefix="zxlz-demo-"))
        db = open_database(folder / "demo.sqlite")
        generate_demo(db, scale="county", seed=2025)
        return db
    from app.fileio import clean_startup

    clean_startup()  # temporary files a crash left (data folder, backups, user templates)
    return open_database(args.db)
