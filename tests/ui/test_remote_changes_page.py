"""Another clerk's new member appears in the open 委员 list after the next poll."""

from __future__ import annotations

from tests.services.test_remote_changes import other_clerk_adds


def test_the_open_list_shows_another_clerks_member(window, db, qtbot) -> None:
    where = db.engine.url.database
    page = window.show_page("members")
    page.reload()
    before = page.model.rowCount()
    other_clerk_adds(where, "李华")
    assert window.ops.poll_remote().concerns("members")
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=5000)
