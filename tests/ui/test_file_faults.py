"""File faults in the client: 恢复内置模板 while Word holds the template shows which file to
close, never "程序遇到意外错误（PermissionError）"; a finished import says where (or whether)
the error workbook was written."""

from __future__ import annotations

import errno
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app import fileio
from app.reports import templates


def test_restore_template_held_by_word(window: Any, scripted: Any, qtbot: Any,
                                       monkeypatch: Any) -> None:
    page = window.show_page("reports")
    kind = page.current_kind()
    own = templates.customize(kind.key)
    before = own.read_bytes()

    def held(src: object, dst: object) -> None:
        exc = PermissionError(errno.EACCES, "The process cannot access the file")
        exc.winerror = 32  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(fileio, "RETRY_DELAYS", ())
    monkeypatch.setattr(fileio.os, "replace", held)
    button = page.templates.findChild(QPushButton, "template_恢复内置")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    (kind_, title, text), = scripted.messages
    assert kind_ == "warning" and title == "模板"
    assert f"请先在 WPS/Word 中关闭“{own.name}”后再试" in text
    assert "意外错误" not in text and "PermissionError" not in text
    assert own.read_bytes() == before


def test_import_done_text_says_where_the_error_workbook_went() -> None:
    from app.exchange.model import ImportResult
    from ui.pages.import_tables import done_text

    note = "有问题的行没能另存为错误工作簿：磁盘空间不足"
    text = done_text(ImportResult(created=[1, 2], error_book_note=note))
    assert text.startswith("导入完成：新增2条") and note in text
