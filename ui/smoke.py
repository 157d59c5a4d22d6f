"""``--smoke-test``: the real window offscreen on a throwaway demo database, every page visited,
every editor opened and cancelled. ``--screenshots DIR``: a PNG of every page."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def _record_pages(window: object) -> Iterator[tuple[str, QWidget]]:
    from ui.framework.record_page import RecordPage

    for entry in window.entries:  # type: ignore[attr-defined]
        page = window.show_page(entry.key)  # type: ignore[attr-defined]
        QApplication.processEvents()
        if isinstance(page, RecordPage):
            yield entry.title, page
        for sub in getattr(page, "record_pages", list)():
            yield f"{entry.title}/{sub.title}", sub


def _cancel_dialogs(dialog: object) -> bool:
    """Stand-in for ``Dialogs.exec``: show the dialog, then cancel it."""
    if not isinstance(dialog, QDialog):
        return False
    from ui.framework.screen_fit import fit_when_shown

    fit_when_shown(dialog)  # as ``Dialogs.exec`` fits the dialogs it runs
    dialog.show()
    QApplication.processEvents()
    dialog.reject()
    return False


def run_smoke_test(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")  # offscreen plugin chatter
    from app.services.context import Actor
    from ui.application import make_application, open_db
    from ui.main_window import MainWindow

    app = make_application()
    try:
        db = open_db(args)
        window = MainWindow(db, Actor("admin", display_name="管理员"))
        window.dialogs.exec = _cancel_dialogs  # type: ignore[method-assign]
        window.dialogs.info = lambda *_a: None  # type: ignore[method-assign]
        window.show()
        visited = 0
        for name, page in _record_pages(window):
            page.reload()  # type: ignore[attr-defined]
            page.open_editor(None)  # type: ignore[attr-defined]
            if page.model.rowCount() > 0:  # type: ignore[attr-defined]
                page.select_id(page.model.id_at(0))  # type: ignore[attr-defined]
                page.open_editor(page.current_id())  # type: ignore[attr-defined]
            visited += 1
            print(f"已检查：{name}（{page.model.rowCount()}条）")  # type: ignore[attr-defined]
        QTimer.singleShot(0, window.close)
        app.processEvents()
        window.close()
        db.dispose()
    except Exception:
        traceback.print_exc()
        print("冒烟测试失败：见上面的错误信息。", file=sys.stderr)
        return 1
    print(f"冒烟测试通过：{len(window.entries)}个页面，{visited}个记录页的编辑窗口均可打开和取消。")
    return 0


def parse_size(text: str | None) -> tuple[int, int]:
    """``--size 1366x768`` → (1366, 768); default 1366×768."""
    if not text:
        return 1366, 768
    w, _, h = text.lower().replace("×", "x").partition("x")
    return int(w), int(h)


TASKBAR = 40  # physical pixels a Windows taskbar takes at the bottom


def screen_area(size: tuple[int, int], scale: float) -> QRect:
    """The area a window may take on a screen of ``size`` physical pixels at ``scale``."""

    return QRect(0, 0, int(size[0] / scale), int((size[1] - TASKBAR) / scale))


def save_screenshots(window: QWidget, folder: Path, size: tuple[int, int] = (1366, 768),
                     scale: float = 1.0) -> int:
    """Save a PNG of every page (and of each tab of pages with tabs), then of each record
    page's editor, as the program shows them on a screen of ``size`` at ``scale`` (run it
    under Xvfb with that screen, e.g. ``xvfb-run -s "-screen 0 1920x1080x24"``, and
    ``--scale 1.5``, which sets QT_SCALE_FACTOR before the application starts)."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QTabWidget

    from ui.framework.screen_fit import fit_when_shown, fitted_size

    folder.mkdir(parents=True, exist_ok=True)
    area = screen_area(size, scale)
    window.show()
    window.resize(fitted_size(QSize(1280, 760), area))
    window.move(area.topLeft())
    tag = f"{size[0]}x{size[1]}" + (f"@{int(scale * 100)}" if scale != 1 else "")
    n = 0
    problems: list[str] = []
    for i, entry in enumerate(window.entries):  # type: ignore[attr-defined]
        page = window.show_page(entry.key)  # type: ignore[attr-defined]
        if hasattr(page, "wait_ready"):  # numbers computed in the background (首页)
            page.wait_ready()
        tabs = page.findChild(QTabWidget)
        count = tabs.count() if tabs is not None and tabs.parent() is page else 1
        for t in range(count):
            if count > 1:
                tabs.setCurrentIndex(t)  # type: ignore[union-attr]
            for _ in range(3):
                QApplication.processEvents()
            suffix = f"-{t + 1}" if count > 1 else ""
            window.grab().save(str(folder / f"{tag}-{i + 1:02d}-{entry.key}{suffix}.png"))
            n += 1
        if window.width() > area.width() or window.height() > area.height():
            problems.append(f"{entry.title}：窗口 {window.width()}×{window.height()} 超出屏幕")

    def grab_dialog(dialog: QDialog) -> bool:
        nonlocal n
        fit_when_shown(dialog)  # as ``Dialogs.exec`` fits the dialogs it runs
        dialog.show()
        for _ in range(3):
            QApplication.processEvents()
        if dialog.width() > area.width() or dialog.height() > area.height():
            problems.append(f"{dialog.windowTitle()}：{dialog.width()}×{dialog.height()} 超出屏幕")
        dialog.grab().save(str(folder / f"{tag}-dialog-{n:02d}.png"))
        n += 1
        dialog.reject()
        return False

    dialogs = window.dialogs  # type: ignore[attr-defined]
    original, dialogs.exec = dialogs.exec, grab_dialog
    try:
        for _title, page in _record_pages(window):
            if getattr(page, "read_only", False):
                continue
            page.open_editor(None)  # type: ignore[attr-defined]
    finally:
        dialogs.exec = original
    print(f"已保存 {n} 张截图到 {folder}（{tag}）")
    for line in problems:
        print(line, file=sys.stderr)
    window.close()
    return 1 if problems else 0
