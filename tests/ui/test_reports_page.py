"""文稿生成 page through the real window; long work with progress and cancel."""

from __future__ import annotations

import time

import pytest
from docx import Document
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

from app.demo import generate_demo
from app.errors import AppError
from ui.framework.background import run_with_progress


@pytest.fixture
def demo_window(window, db):
    generate_demo(db, scale="county", seed=5)
    return window


def test_generate_the_work_report_from_the_page(demo_window, scripted, tmp_path) -> None:
    page = demo_window.show_page("reports")
    page._load_choices()
    page.kind_box.setCurrentIndex(page.kind_box.findData("work-report"))
    page.year_box.setCurrentIndex(page.year_box.findData(2025))
    page.preview()
    assert page.figures.wait()
    from app.reports.kinds import KINDS
    from app.reports.templates import effective_template
    from app.reports.validate import template_keys

    model = page.figures.model
    keys = template_keys(effective_template(KINDS["work-report"]), "work-report")
    assert {v.key.split("[")[0] for v in model.values()} <= set(keys)  # the template's own
    assert model.rowCount() >= 50
    label_col = [model.text(r, 0) for r in range(model.rowCount())]
    row = label_col.index("立案")
    shown = {}
    scripted.then(lambda dialog: shown.setdefault("rows", dialog.list.count()) and False)
    page.figures.view.doubleClicked.emit(model.index(row, 1))  # a double click on the row
    assert shown["rows"] > 100

    out = tmp_path / "2025年常委会工作报告.docx"
    demo_window.dialogs.save_file = lambda *a: out
    opened = []
    demo_window.dialogs.open_path = opened.append
    page.generate()
    assert out.exists() and (tmp_path / "2025年常委会工作报告-数据底稿.xlsx").exists()
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "立案" in text
    assert "已生成" in page.result_label.text()
    assert page.history.table.rowCount() == 1 and opened == [out]


def test_each_unit_button_writes_a_draft_per_unit(demo_window, tmp_path) -> None:
    """年度工作回眸 only: a draft and 数据底稿 per office and committee, in the chosen folder."""
    page = demo_window.show_page("reports")
    page._load_choices()
    page.kind_box.setCurrentIndex(page.kind_box.findData("work-report"))
    assert page.each_unit_button.isHidden()
    page.kind_box.setCurrentIndex(page.kind_box.findData("year-review"))
    assert not page.each_unit_button.isHidden()
    page.year_box.setCurrentIndex(page.year_box.findData(2025))
    demo_window.dialogs.choose_folder = lambda *a: tmp_path
    opened = []
    demo_window.dialogs.open_path = opened.append
    page.each_unit_button.click()
    drafts = sorted(tmp_path.glob("*.docx"))
    assert len(drafts) >= 9 and len(list(tmp_path.glob("*-数据底稿.xlsx"))) == len(drafts)
    assert (tmp_path / "年度工作回眸-提案委员会.docx").exists()
    assert f"已为{len(drafts)}个单位各生成一份文稿" in page.result_label.text()
    assert page.history.table.rowCount() == len(drafts) and opened == [tmp_path]


def test_a_period_that_ends_before_it_starts_is_refused(demo_window) -> None:
    page = demo_window.show_page("reports")
    page.by_range.setChecked(True)
    page.date_from.setText("2025-12-01")
    page.date_to.setText("2025-01-01")
    warnings = []
    demo_window.dialogs.warning = lambda title, text: warnings.append(text)
    page.generate()
    assert warnings and "早于开始日期" in warnings[0]


def test_progress_dialog_cancels_the_work(qtbot, window) -> None:
    def press_cancel() -> None:
        for dialog in window.findChildren(QProgressDialog):
            if dialog.isVisible():
                dialog.findChild(QPushButton).click()  # what a clerk does: 取消
                return
        QTimer.singleShot(50, press_cancel)

    def work(progress, should_cancel):
        progress("正在汇总数据……", 0.1)
        deadline = time.monotonic() + 10
        while not should_cancel():
            if time.monotonic() > deadline:
                return "not cancelled"
            time.sleep(0.02)
        raise AppError("已取消")

    QTimer.singleShot(400, press_cancel)
    with pytest.raises(AppError, match="已取消"):
        run_with_progress(window, "测试", work)


def test_errors_in_the_worker_reach_the_gui_thread(window) -> None:
    def work(progress, should_cancel):
        raise AppError("模板正文段落“{{ 立案 }”有语法错误")

    with pytest.raises(AppError, match="语法错误"):
        run_with_progress(window, "测试", work)
    assert run_with_progress(window, "测试", lambda p, c: 42) == 42


def test_the_figures_preview_lists_the_templates_figures(demo_window) -> None:
    """查看将用到的数字 shows the figures the chosen template names (not the registry's all),
    and says how many."""
    from app.reports.kinds import KINDS
    from app.reports.templates import effective_template
    from app.reports.validate import template_keys

    page = demo_window.show_page("reports")
    model = page.figures.model
    page.kind_box.setCurrentIndex(page.kind_box.findData("proposal-report"))
    page.preview_button.click()
    assert page.figures.wait()
    keys = template_keys(effective_template(KINDS["proposal-report"]), "proposal-report")
    shown = {v.key.split("[")[0] for v in model.values()}
    assert shown <= set(keys) and "proposals.received" in shown
    assert "study.sessions" not in shown  # a figure of the work report, not of this template
    assert f"用到 {len(keys)} 项数字" in page.result_label.text()
    page.kind_box.setCurrentIndex(page.kind_box.findData("member-dossier"))
    page.member_box.setCurrentIndex(0)  # 全体委员: computed member by member later
    page.preview_button.click()
    assert page.figures.wait()
    assert model.rowCount() == 0 and "按每位委员" in page.result_label.text()
    page.member_box.setCurrentIndex(1)
    page.preview_button.click()
    assert page.figures.wait()
    assert model.rowCount() > 0


def test_the_figures_preview_runs_off_the_gui_thread(demo_window, qtbot, qtmodeltester,
                                                    monkeypatch) -> None:
    """查看将用到的数字 returns at once: 正在计算 shows, the window keeps painting, the list
    fills when the worker finishes; an older request overtaken by a newer one is dropped."""
    import threading

    import app.reports.template_figures as template_figures

    page = demo_window.show_page("reports")
    page.kind_box.setCurrentIndex(page.kind_box.findData("proposal-report"))
    real = template_figures.preview_figures
    gate = threading.Event()
    threads: list[str] = []

    def slow(*args, **kwargs):
        threads.append(threading.current_thread().name)
        gate.wait(10)  # a slow PC: the GUI must not wait for this
        return real(*args, **kwargs)

    monkeypatch.setattr(template_figures, "preview_figures", slow)
    started = time.monotonic()
    page.preview_button.click()
    assert time.monotonic() - started < 1  # returned at once
    assert page.figures.busy and page.figures.busy_label.isVisibleTo(page)
    assert not page.figures.view.isEnabled()  # greyed while it may show other choices
    assert "正在计算" in page.result_label.text() and page.figures.model.rowCount() == 0
    qtbot.wait(100)  # the event loop turns: the window answers while the work waits
    assert page.figures.busy
    gate.set()
    qtbot.waitUntil(lambda: page.figures.model.rowCount() > 0, timeout=20000)
    assert threads and threads[0] != threading.current_thread().name
    assert not page.figures.busy_label.isVisibleTo(page) and page.figures.view.isEnabled()
    assert "用到" in page.result_label.text()
    qtmodeltester.check(page.figures.model, force_py=True)


def test_leaving_the_page_stops_the_preview(demo_window, qtbot, monkeypatch) -> None:
    """Another page chosen while the figures are computed: the result is dropped (the list
    stays as it was) and the page says it stopped; the next 查看 works again."""
    import threading

    import app.reports.template_figures as template_figures

    page = demo_window.show_page("reports")
    real = template_figures.preview_figures
    gate = threading.Event()
    calls: list[int] = []

    def slow(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(template_figures, "preview_figures", slow)
    page.preview_button.click()
    assert page.figures.busy
    demo_window.show_page("members")  # the clerk moves on
    assert not page.figures.busy and "离开本页时停止了计算" in page.result_label.text()
    gate.set()
    qtbot.wait(300)  # the dropped result would arrive now
    assert page.figures.model.rowCount() == 0
    demo_window.show_page("reports")
    page.preview_button.click()
    assert page.figures.wait() and page.figures.model.rowCount() > 0


def test_a_preview_that_fails_is_a_chinese_message(demo_window, scripted, monkeypatch) -> None:
    import app.reports.template_figures as template_figures

    def broken(*args, **kwargs):
        raise AppError("模板正文段落“{{ 立案 }”有语法错误")

    monkeypatch.setattr(template_figures, "preview_figures", broken)
    page = demo_window.show_page("reports")
    page.preview_button.click()
    assert page.figures.wait()
    assert scripted.messages[-1] == ("warning", "查看数字", "模板正文段落“{{ 立案 }”有语法错误")
    assert not page.figures.busy_label.isVisibleTo(page)
    assert "语法错误" in page.result_label.text()
