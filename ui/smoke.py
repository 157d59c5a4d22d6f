"""``--smoke-test``: the real window offscreen on a throwaway demo database, every page visited,
every editor opened and cancelled. ``--screenshots DIR``: a PNG of every page."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QTimer
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


def _cancel_dialogs(dialog: QDialog) -> bool:
    """Stand-in for ``Dialogs.exec``: show the dialog, then cancel it."""
    dialog.show()
    QApplication.processEvents()
    dialog.reject()
    return False


def run_smoke_test(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")  # offscreen plugin chatter
    from app.services.context import Actor
    from ui.app import make_application, open_db
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


def save_screenshots(window: QWidget, folder: Path) -> int:
    """Save a PNG of every page (and of each tab of pages with tabs) at 1366×768."""
    from PySide6.QtWidgets import QTabWidget

    folder.mkdir(parents=True, exist_ok=True)
    window.resize(1366, 768)
    window.show()
    n = 0
    for i, entry in enumerate(window.entries):  # type: ignore[attr-defined]
        page = window.show_page(entry.key)  # type: ignore[attr-defined]
        tabs = page.findChild(QTabWidget)
        count = tabs.count() if tabs is not None and tabs.parent() is page else 1
        for t in range(count):
            if count > 1:
                tabs.setCurrentIndex(t)  # type: ignore[union-attr]
            for _ in range(3):
                QApplication.processEvents()
            suffix = f"-{t + 1}" if count > 1 else ""
            window.grab().save(str(folder / f"{i + 1:02d}-{entry.key}{suffix}.png"))
            n += 1
    print(f"已保存 {n} 张截图到 {folder}")
    window.close()
    return 0
