"""Every page opens; every table model passes Qt's model tester; the dashboard drills down."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.demo import generate_demo
from app.services.members import MemberService
from ui.framework.record_page import RecordPage


@pytest.fixture
def demo_window(window, db, actor):
    generate_demo(db, scale="county", seed=3)
    # The demo is bulk-written; one edit through a service gives the 操作日志 a row.
    members = MemberService(db)
    first = members.fetch(members.ids()[:1])[0]
    members.update(actor, first.id, {"notes": "演示修改"}, version=first.version)
    return window


def all_record_pages(win):
    for entry in win.entries:
        page = win.show_page(entry.key)
        if isinstance(page, RecordPage):
            yield page
        yield from getattr(page, "record_pages", list)()


def test_every_model_passes_the_model_tester(demo_window, qtmodeltester) -> None:
    pages = list(all_record_pages(demo_window))
    assert len(pages) >= 9
    for page in pages:
        page.reload()
        assert page.model.rowCount() > 0, page.title
        qtmodeltester.check(page.model, force_py=True)


def test_every_editor_opens_and_cancels(demo_window, scripted) -> None:
    for page in all_record_pages(demo_window):
        if page.read_only:
            continue  # 操作日志: nothing to edit
        page.reload()
        for record_id in (None, page.model.id_at(0)):
            scripted.then(lambda dialog: dialog.reject() or False)
            assert page.open_editor(record_id) is False
    assert scripted.handlers == []


def test_dashboard_figure_leads_to_its_records(demo_window, scripted) -> None:
    page = demo_window.show_page("dashboard")
    page.year_box.setCurrentIndex(page.year_box.findData(2025))
    assert page.wait_ready()  # the numbers are computed in the background
    shown = {}

    def capture(dialog) -> bool:
        shown["title"] = dialog.windowTitle()
        shown["rows"] = dialog.list.count()
        return False

    scripted.then(capture)
    page.buttons["proposals.accepted"].click()
    assert shown["title"].startswith("立案：") and shown["rows"] > 100
    assert shown["title"] == f"立案：{shown['rows']}件"


def test_status_bar_shows_location_user_and_counts(demo_window, db) -> None:
    assert str(db.file_path) in demo_window.location_label.text()
    assert "测试员" in demo_window.user_label.text()
    assert "委员 " in demo_window.counts_label.text()


def test_dashboard_catches_up_with_changes_made_elsewhere(window, db, actor) -> None:
    from app.services.members import MemberService
    from app.services.terms import TermService

    dashboard = window.show_page("dashboard")
    assert dashboard.wait_ready()
    before = dashboard.buttons["members.total"].text()
    window.show_page("members")
    term = TermService(db).create(actor, {"number": 10, "start_on": "2020-01-01"}).value
    MemberService(db).create(actor, {"name": "张琳", "seat": {"term_id": term.id}})
    QApplication.processEvents()
    window.show_page("dashboard")
    assert dashboard.wait_ready()
    assert dashboard.buttons["members.total"].text() != before
    assert "1人" in dashboard.buttons["members.total"].text()
