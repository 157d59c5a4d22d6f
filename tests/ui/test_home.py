"""首页: numbers computed off the GUI thread (stale results dropped), and the 待办 list whose
items open their records on their pages."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

import ui.pages.dashboard as dashboard_module
from app.services.members import MemberService
from app.services.proposals import ProposalService
from app.services.terms import TermService

THIS_YEAR = dt.date.today().year


@pytest.fixture
def home(window):
    page = window.show_page("dashboard")
    assert page.wait_ready()
    return page


def _proposals(db, actor, *titles: str) -> list[int]:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2020-01-01"}).value
    member = MemberService(db).create(actor, {"name": "张琳", "seat": {"term_id": term.id}}).value
    svc = ProposalService(db)
    return [svc.create(actor, {"term_id": term.id, "title": title, "type": "个人",
                               "lead_member_id": member.id,
                               "submitted_on": dt.date.today().isoformat()}).value.id
            for title in titles]


def test_year_change_returns_at_once_and_a_second_change_discards_the_first(
        home, monkeypatch) -> None:
    gate = threading.Event()
    real = dashboard_module.load_home
    started: list[int] = []

    def gated(db, year, ratio, stale=lambda: False, colours=None):
        started.append(year)
        if year == THIS_YEAR - 1:
            assert gate.wait(20)
        # runs to the end: its result must still be dropped
        return real(db, year, ratio, colours=colours)

    monkeypatch.setattr(dashboard_module, "load_home", gated)
    arrived: list[int] = []
    home.loader.loaded.connect(lambda data: arrived.append(data.year))
    box = home.year_box
    box.setCurrentIndex(box.findData(THIS_YEAR - 1))
    # back in the event loop while the worker is still held at the gate
    assert home.loader.busy and not home.busy_label.isHidden()
    assert home.shown is not None and home.shown.year == THIS_YEAR
    box.setCurrentIndex(box.findData(THIS_YEAR - 2))
    gate.set()
    assert home.wait_ready()
    assert started == [THIS_YEAR - 1, THIS_YEAR - 2]
    assert arrived == [THIS_YEAR - 2]  # the first year's result came back and was dropped
    assert home.shown.year == THIS_YEAR - 2 and home.busy_label.isHidden()
    assert home.figures_title.text() == f"{THIS_YEAR - 2}年主要数字"
    layout = home.figures_layout
    titles = [layout.itemAt(i).widget().title() for i in range(layout.count())]
    assert titles[1:] == [f"{g}（{THIS_YEAR - 2}年）" for g in ("会议活动", "提案", "社情民意")]
    assert titles[0] == f"委员（{THIS_YEAR - 2}年12月31日在任）"


def test_a_failure_in_the_background_reaches_the_clerk(home, monkeypatch, scripted) -> None:
    from app.errors import AppError

    def broken(db, year, ratio, stale=lambda: False, colours=None):
        raise AppError("数据库暂时无法读取。")

    monkeypatch.setattr(dashboard_module, "load_home", broken)
    home.reload()
    assert home.wait_ready()
    assert scripted.messages[-1] == ("warning", "首页", "数据库暂时无法读取。")
    assert home.busy_label.isHidden()


def test_todo_item_with_one_record_opens_it_on_its_page(window, db, actor) -> None:
    (pid,) = _proposals(db, actor, "关于改善农村道路的建议")
    page = window.show_page("dashboard")
    assert page.wait_ready()
    button = page.todo.buttons["proposals.pending"]
    assert button.text() == "提案待审查　1件"
    button.click()
    proposals = window.pages["proposals"]
    assert window.stack.currentWidget() is proposals and proposals.current_id() == pid


def test_todo_item_with_several_records_lists_them_first(window, db, actor, scripted) -> None:
    ids = _proposals(db, actor, "关于改善农村道路的建议", "关于发展乡村旅游的建议")
    page = window.show_page("dashboard")
    assert page.wait_ready()
    seen = {}

    def choose_second(dialog) -> bool:
        seen["title"] = dialog.windowTitle()
        seen["rows"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        dialog.list.setCurrentRow(1)
        dialog.open_item(dialog.list.item(1))
        return True

    scripted.then(choose_second)
    page.todo.buttons["proposals.pending"].click()
    assert seen["title"] == "提案待审查　2件" and len(seen["rows"]) == 2
    assert "发展乡村旅游" in seen["rows"][1]
    assert window.pages["proposals"].current_id() == ids[1]


def test_empty_database_shows_no_todo_and_says_so(home) -> None:
    assert home.todo.buttons == {}
    assert "没有待办" in home.todo.note.text()
    assert "共0人" in home.composition_title.text()


def test_closing_the_window_waits_for_the_running_count(home, window, monkeypatch) -> None:
    entered, gate, finished = threading.Event(), threading.Event(), threading.Event()

    def slow(db, year, ratio, stale=lambda: False, colours=None):
        entered.set()
        gate.wait(5)
        finished.set()
        raise AssertionError("never shown: the window has closed")

    monkeypatch.setattr(dashboard_module, "load_home", slow)
    home.reload()
    assert entered.wait(5)
    threading.Timer(0.3, gate.set).start()
    window.close()  # before the database goes: the count has ended, and its result is dropped
    assert finished.is_set() and home.loader.pool.activeThreadCount() == 0


def test_a_figures_records_open_on_their_page(window, db, actor, scripted) -> None:
    ids = _proposals(db, actor, "关于改善农村道路的建议", "关于发展乡村旅游的建议")
    page = window.show_page("dashboard")
    assert page.wait_ready()
    seen = {}

    def open_first(dialog) -> bool:
        seen["title"] = dialog.windowTitle()
        seen["definition"] = dialog.findChildren(dashboard_module.QLabel)[0].text()
        seen["first"] = dialog.list.item(0).data(dashboard_module.Qt.ItemDataRole.UserRole)
        dialog.open_item(dialog.list.item(0))
        return True

    scripted.then(open_first)
    page.buttons["proposals.received"].click()
    assert seen["title"] == "收到提案：2件" and seen["definition"].startswith("统计口径：")
    assert seen["first"] in ids and window.pages["proposals"].current_id() == seen["first"]
    assert window.stack.currentWidget() is window.pages["proposals"]
