"""A search keystroke, a filter or a new order reads only the ids (``RecordPage.refine``): rows
read a moment ago are shown again as they were read; a change, 刷新 and the page's own writes
read them again (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.services.members import MemberService
from app.services.terms import TermService
from tests.versions import now
from ui.framework import table_model


def _committee(db: Any, actor: Any) -> list[int]:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2020-01-01"}).value
    members = MemberService(db)
    names = ["张琳", "张伟", "赵磊", "王芳", "李强"]
    return [members.create(actor, {"name": n, "mobile": "13812345678",
                                   "seat": {"term_id": term.id}}).value.id for n in names]


def _counting(page: Any) -> list[list[int]]:
    """Wrap the page model's fetch: the blocks of ids it reads."""
    reads: list[list[int]] = []
    fetch = page.model._fetch  # the model's one reader, wrapped

    def counted(ids: list[int]) -> list[Any]:
        reads.append(list(ids))
        return fetch(ids)

    page.model._fetch = counted
    return reads


def _texts(page: Any) -> list[str]:
    model = page.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def _search(page: Any, text: str) -> None:
    page.search.setText(text)
    page.query_bar.debounce.stop()  # run what the timer runs, now
    page.refine()


def test_a_keystroke_shows_rows_read_a_moment_ago_without_reading_them(
        window: Any, db: Any, actor: Any) -> None:
    _committee(db, actor)
    page = window.show_page("members")
    page.reload()
    reads = _counting(page)
    everyone = _texts(page)
    assert len(everyone) == 5 and len(reads) == 1
    _search(page, "张")
    assert sorted(_texts(page)) == sorted(t for t in everyone if "张" in t)
    assert len(reads) == 1  # both 张 rows were read for the whole list
    _search(page, "")
    assert _texts(page) == everyone and len(reads) == 1
    page.reload()  # 刷新 (F5): read again
    assert _texts(page) == everyone and len(reads) == 2


def test_a_filter_change_keeps_rows_but_a_change_reads_them_again(
        window: Any, db: Any, actor: Any) -> None:
    ids = _committee(db, actor)
    page = window.show_page("members")
    page.reload()
    reads = _counting(page)
    _texts(page)
    box = page.filter_boxes["status"]
    box.setCurrentIndex(box.findData("active"))  # a filter: the ids only
    assert len(_texts(page)) == 5 and len(reads) == 1
    members = MemberService(db)
    members.update(actor, ids[0], {"name": "张琳琳"}, version=now(members, ids[0]))
    window.ops.changed.emit(_changes(ids[0]))  # what Operations broadcasts after a write
    QApplication.processEvents()
    assert "张琳琳" in _texts(page) and len(reads) >= 2


def _changes(member_id: int) -> Any:
    from app.services.context import Changes

    return Changes({"members": {member_id}})


def test_kept_rows_expire(window: Any, db: Any, actor: Any,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    _committee(db, actor)
    page = window.show_page("members")
    page.reload()
    reads = _counting(page)
    _texts(page)
    clock = [table_model.time.monotonic() + table_model.KEEP_SECONDS + 1]
    monkeypatch.setattr(table_model.time, "monotonic", lambda: clock[0])
    _search(page, "张")
    _texts(page)
    assert len(reads) == 2  # read a minute ago: read again


def test_members_read_again_when_the_sensitive_setting_changes(
        window: Any, db: Any, actor: Any) -> None:
    _committee(db, actor)
    page = window.show_page("members")
    page.reload()
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "mobile")
    assert page.model.data(page.model.index(0, column)) != "13812345678"  # masked
    window.settings.set_show_sensitive(True)
    _search(page, "张")
    assert page.model.data(page.model.index(0, column)) == "13812345678"
