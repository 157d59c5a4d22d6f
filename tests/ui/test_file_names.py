"""The names save dialogs offer: what the file is, whom it is about, which year or period,
valid on Windows; and every file dialog goes through ``ui.dialogs.Dialogs`` (the folder
last used for each kind of file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from app.demo import generate_demo
from ui.dialogs import Dialogs, FolderMemory

ROOT = Path(__file__).resolve().parents[2]


def test_every_file_dialog_goes_through_dialogs() -> None:
    """Only ui/dialogs.py opens Qt's file dialogs: every other one starts in the folder last
    used for its kind of file and gets its suggested name made valid."""
    found = [str(path.relative_to(ROOT)) for folder in ("ui", "app")
             for path in (ROOT / folder).rglob("*.py")
             if "QFileDialog" in path.read_text("utf-8") and path.name != "dialogs.py"]
    assert found == []


def test_a_suggested_name_is_made_valid_in_the_remembered_folder(
        qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    starts: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda p, t, s, f: (starts.append(s), ("", ""))[1]))
    memory = FolderMemory(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    exports = tmp_path / "导出"
    exports.mkdir()
    memory.remember("exports", exports / "x.xlsx")
    dialogs = Dialogs(folders=memory)
    given = '2025年"两会"/专题:协商.xlsx'
    assert dialogs.save_file("导出会议活动", given, "Excel (*.xlsx)") is None
    assert starts == [str(exports / "2025年＂两会＂／专题：协商.xlsx")]
    full = str(tmp_path / "given.xlsx")
    dialogs.save_file("导出会议活动", full, "Excel (*.xlsx)")
    assert starts[-1] == full  # a full path is the caller's and kept


@pytest.fixture
def demo_window(window, db):
    generate_demo(db, scale="county", seed=5)
    return window


def test_a_members_dossier_is_offered_under_the_members_name(demo_window) -> None:
    offered: list[str] = []

    def save(title: str, name: str, filters: str) -> Any:
        offered.append(name)
        return None  # the clerk cancels
    demo_window.dialogs.save_file = save
    page = demo_window.show_page("reports")
    page.kind_box.setCurrentIndex(page.kind_box.findData("member-dossier"))
    page.member_box.setCurrentIndex(1)
    member = page.member_box.currentText()
    year = page.year_box.currentData()
    page.generate()
    page.member_box.setCurrentIndex(0)  # 全体委员
    page.generate()
    page.kind_box.setCurrentIndex(page.kind_box.findData("work-report"))
    page.generate()
    page.kind_box.setCurrentIndex(page.kind_box.findData("proposal-compilation"))
    page.generate()
    session = page.session_only.currentText()
    assert offered == [f"{year}年{member}履职档案.docx", f"{year}年全体委员履职档案.docx",
                       f"{year}年常委会工作报告.docx", f"{session}提案汇编.docx"]
    assert session.endswith("次会议")


def test_the_shown_list_is_exported_under_its_year(demo_window) -> None:
    offered: list[str] = []
    demo_window.dialogs.save_file = lambda title, name, filters: offered.append(name)
    demo_window.dialogs.ask_choice = lambda title, label, choices: choices[0]
    page = demo_window.show_page("proposals")
    year = page.filter_boxes["year"].currentData()
    page.export_view()
    assert offered == [f"{year}年提案.xlsx"]


def test_the_full_records_say_as_of_when(window) -> None:
    import datetime as dt

    from ui.pages.exchange_actions import FULL_EXPORT

    offered: list[str] = []
    window.dialogs.save_file = lambda title, name, filters: offered.append(name)
    window.dialogs.ask_choice = lambda title, label, choices: FULL_EXPORT
    window.show_page("members").export_view()
    today = dt.date.today()
    assert offered == [f"委员完整记录（截至{today.year}年{today.month}月{today.day}日）.xlsx"]
