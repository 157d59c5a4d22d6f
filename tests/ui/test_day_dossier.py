"""A clerk's working day (issue 14, item 1): the 履职档案 pane shows every year, newest first,
with per-year counts, and every record — nothing hidden behind "……另有N条未列出"."""

from __future__ import annotations

from app.services.events import EventService
from app.services.members import MemberService
from app.services.refdata import EventKindService
from app.services.terms import CommitteeService, TermService
from tests.versions import now


def _member_with_two_years(db, actor) -> tuple[int, list[str]]:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    CommitteeService(db).update(actor, {"current_term_id": term.id},
                                version=now(CommitteeService(db)))
    member = MemberService(db).create(actor, {"name": "王伟", "seat": {"term_id": term.id}}).value
    kind_id = EventKindService(db).ids()[0]
    titles = []
    for i in range(35):  # more than the old 30-row cut, all in the older year
        titles.append(f"2024年第{i + 1}次调研")
        EventService(db).create(actor, {
            "title": titles[-1], "kind_id": kind_id,
            "start_on": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "participants": [{"member_id": member.id}]})
    for i in range(3):
        titles.append(f"2025年第{i + 1}次视察")
        EventService(db).create(actor, {
            "title": titles[-1], "kind_id": kind_id, "start_on": f"2025-0{i + 1}-10",
            "participants": [{"member_id": member.id}]})
    return member.id, titles


def test_dossier_lists_every_year_newest_first_with_every_record(window, db, actor) -> None:
    member_id, titles = _member_with_two_years(db, actor)
    page = window.show_page("members")
    page.reveal(member_id)
    text = page.detail.toPlainText()
    assert "未列出" not in text
    for title in titles:
        assert title in text, title
    # the latest year comes first, both in the contents line and in the sections
    assert "2025年：会议和活动3次" in text and "2024年：会议和活动35次" in text
    assert text.index("2025年（会议和活动3次）") < text.index("2024年（会议和活动35次）")
    # within a year newest first
    assert text.index("2025年第3次视察") < text.index("2025年第1次视察")
    # the contents link scrolls within the pane instead of navigating away
    from PySide6.QtCore import QUrl
    page.detail.verticalScrollBar().setValue(0)
    page._link_clicked(QUrl("#y2024"))
    assert page.detail.verticalScrollBar().value() > 0
