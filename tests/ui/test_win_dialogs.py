"""File dialogs start where a clerk finds things: the folder last used for that kind of file,
else 文档 as Windows reports it; never the working folder (the install folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog

from ui.dialogs import Dialogs, FolderMemory, documents_folder, guess_kind


@pytest.fixture
def memory(tmp_path: Path) -> FolderMemory:
    return FolderMemory(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Stand-ins for Qt's file dialogs: record the start path, answer ``seen["answer"]``."""
    calls: dict[str, Any] = {"starts": [], "answer": ""}

    def dialog(_parent: Any, _title: str, start: str, *_rest: Any) -> Any:
        calls["starts"].append(start)
        return calls["answer"] if _rest == () else (calls["answer"], "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda p, t, s, f: dialog(p, t, s, f)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda p, t, s, f: dialog(p, t, s, f)))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda p, t, s: dialog(p, t, s)))
    return calls


def test_documents_folder_is_the_standard_location(qapp) -> None:
    folder = documents_folder()
    assert folder.is_absolute() and folder.is_dir()
    reported = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert folder == (Path(reported) if Path(reported).is_dir() else Path.home().resolve())


def test_first_dialogs_start_in_documents_never_the_working_folder(
        qapp, memory: FolderMemory, seen: dict[str, Any], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    install = tmp_path / "Programs" / "zxlz-workbench"
    install.mkdir(parents=True)
    monkeypatch.chdir(install)  # what the desktop shortcut does
    dialogs = Dialogs(folders=memory)
    assert dialogs.save_file("下载导入模板", "委员导入模板.xlsx", "Excel (*.xlsx)") is None
    assert dialogs.open_file("选择要导入的委员表格", "Excel (*.xlsx)") is None
    assert dialogs.choose_folder("把备份复制到哪个文件夹（如 U 盘）") is None
    docs = documents_folder()
    assert seen["starts"] == [str(docs / "委员导入模板.xlsx"), str(docs), str(docs)]
    assert all(Path(s).is_absolute() and not Path(s).is_relative_to(install)
               for s in seen["starts"])


def test_each_kind_remembers_its_own_folder(qapp, memory: FolderMemory, seen: dict[str, Any],
                                            tmp_path: Path) -> None:
    drafts, imports, usb = tmp_path / "文稿", tmp_path / "表格", tmp_path / "U盘"
    for folder in (drafts, imports, usb):
        folder.mkdir()
    dialogs = Dialogs(folders=memory)
    seen["answer"] = str(drafts / "2025年工作报告.docx")
    assert dialogs.save_file("保存文稿", "工作报告.docx", "Word 文档 (*.docx)") == Path(
        seen["answer"])
    seen["answer"] = str(imports / "委员名册.xlsx")
    dialogs.open_file("选择要导入的委员表格", "Excel (*.xlsx)")
    seen["answer"] = str(usb)
    dialogs.choose_folder("把备份复制到哪个文件夹（如 U 盘）")
    seen["answer"] = ""
    seen["starts"].clear()
    again = Dialogs(folders=FolderMemory(QSettings(str(tmp_path / "settings.ini"),
                                                   QSettings.Format.IniFormat)))  # next start
    again.save_file("保存文稿", "提案工作报告.docx", "Word 文档 (*.docx)")
    again.open_file("选择要导入的提案表格", "Excel (*.xlsx)")
    again.choose_folder("把备份复制到哪个文件夹（如 U 盘）")
    again.save_file("保存委员名册", "委员名册.xlsx", "Excel (*.xlsx)")  # exports: none yet
    assert seen["starts"] == [str(drafts / "提案工作报告.docx"), str(imports), str(usb),
                              str(documents_folder() / "委员名册.xlsx")]


def test_a_remembered_folder_that_is_gone_falls_back_to_documents(
        qapp, memory: FolderMemory, tmp_path: Path) -> None:
    gone = tmp_path / "拔掉的U盘"
    gone.mkdir()
    memory.remember("backups", gone)
    assert memory.start("backups") == gone
    gone.rmdir()
    assert memory.start("backups") == documents_folder()


def test_a_full_suggested_path_is_kept(memory: FolderMemory, tmp_path: Path) -> None:
    assert memory.suggest("drafts", str(tmp_path / "a.docx")) == str(tmp_path / "a.docx")


@pytest.mark.parametrize("action, title, kind", [
    ("save", "保存文稿", "drafts"), ("save", "导出委员", "exports"),
    ("save", "下载导入模板", "exports"), ("save", "导出模板字段说明", "exports"),
    ("open", "添加模板", "templates"), ("open", "选择要导入的委员表格", "imports"),
    ("folder", "把备份复制到哪个文件夹（如 U 盘）", "backups"),
    ("folder", "把数据文件夹移到哪里", "data")])
def test_kind_of_each_dialog_in_the_program(action: str, title: str, kind: str) -> None:
    assert guess_kind(action, title) == kind
