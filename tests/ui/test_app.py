"""Start-up pieces: smoke test, the error dialog hook, Chinese translations, screenshots."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from app.errors import AppError
from ui.app import install_excepthook
from ui.application import install_translations
from ui.smoke import run_smoke_test, save_screenshots


def test_smoke_test_visits_every_page_and_exits_zero(qapp, capsys) -> None:
    args = argparse.Namespace(db=None, demo=False, smoke_test=True, screenshots=None)
    assert run_smoke_test(args) == 0
    out = capsys.readouterr().out
    assert "冒烟测试通过" in out and "已检查：委员" in out


def test_unexpected_error_shows_chinese_dialog_with_log_path(qapp, monkeypatch, tmp_path
                                                              ) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append(
        (title, text)))
    old = sys.excepthook
    try:
        install_excepthook(tmp_path / "zxlz.log")
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
        try:
            raise AppError("数据库文件不存在。")
        except AppError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    (title, text), (_t2, text2) = shown
    assert title == "出错了" and "ZeroDivisionError" in text and str(tmp_path) in text
    assert "Traceback" not in text
    assert text2 == "数据库文件不存在。"


def test_standard_buttons_read_chinese(qapp) -> None:
    install_translations(QApplication.instance())
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    texts = {box.button(b).text().replace("&", "") for b in
             (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel)}
    assert texts == {"确定", "取消"}


def test_screenshots_of_every_page(window, tmp_path) -> None:
    assert save_screenshots(window, tmp_path / "shots") == 0
    files = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    assert len(files) >= len(window.entries)
    assert all((tmp_path / "shots" / f).stat().st_size > 5000 for f in files)


def test_interface_font_is_a_plain_chinese_face(qapp) -> None:
    from ui.application import UI_FONTS, install_ui_font

    chosen = install_ui_font(QApplication.instance())
    assert chosen is None or (chosen in UI_FONTS and QApplication.font().families()[0] == chosen)
