"""协商议事 page through the real window: a platform, sessions with members picked from the
list, a refused save that keeps the editor open, edit, filters, the member links, delete and
restore; the platforms tab counts the sessions; and the model tester on both lists."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog

from app.domain.enums import PlatformLevel
from app.services.members import MemberService
from app.services.platforms import PlatformService, PlatformSessionService
from app.services.terms import CommitteeService, TermService
from tests.ui.test_honors_page import cell, set_filter
from tests.ui.test_proposals_page import choose, pick


@pytest.fixture
def members(db, actor) -> dict[str, int]:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    committee = CommitteeService(db)
    committee.update(actor, {"current_term_id": term.id}, version=committee.get().version)
    return {n: MemberService(db).create(actor, {"name": n, "seat": {"term_id": term.id}})
            .value.id for n in ("张琳", "王芳")}


def fill(combos=(), pick_members=False, **values):
    """Answer an editor: choose combo entries, type texts, add members, then save."""
    def handler(editor) -> bool:
        for name, value in values.items():
            widget = editor.inputs[name].widget
            if name in combos:
                choose(widget, value)
            else:
                widget.setText(value)
        if pick_members:
            editor.inputs["member_ids"].buttons["选择委员…"].click()
        editor.accept()
        handler.editor = editor  # type: ignore[attr-defined]
        return editor.result() == QDialog.DialogCode.Accepted
    return handler


def test_platforms_and_sessions_through_the_window(members, window, scripted, db, qtbot,
                                                  qtmodeltester) -> None:

    container = window.show_page("platforms")
    sessions_page, platforms_page = container.sessions, container.platforms
    assert [container.tabs.tabText(i) for i in range(2)] == ["协商议事活动", "协商议事平台"]
    container.tabs.setCurrentWidget(platforms_page)

    scripted.then(fill(combos=("level",), name="东关村协商议事室", level="村",
                       town="城关镇", established_on="2023-03-01"))
    platforms_page.add_button.click()
    village = platforms_page.current_id()
    assert PlatformService(db).get(village).level == PlatformLevel.VILLAGE
    # the sessions tab, built before, offers the new platform in its filter
    qtbot.waitUntil(lambda: sessions_page.filter_boxes["platform_id"].findData(village) > 0)

    container.tabs.setCurrentWidget(sessions_page)
    svc = PlatformSessionService(db)
    scripted.then(fill(combos=("platform_id",), pick_members=True, platform_id="东关村协商议事室",
                       held_on="2024-05-08", topic="村道硬化", participants="30",
                       results_done="2"))
    scripted.then(pick("张琳", "王芳"))
    sessions_page.add_button.click()
    first = sessions_page.current_id()
    item = svc.get(first)
    assert [m.member_id for m in item.members] == [members["张琳"], members["王芳"]]
    assert (cell(sessions_page, first, "platform"), cell(sessions_page, first, "members"),
            cell(sessions_page, first, "results")) == ("东关村协商议事室", "张琳、王芳", "2件")

    # before the platform existed, and fewer people than members listed: refused, nothing written
    count = svc.count()
    refused = fill(combos=("platform_id",), pick_members=True, platform_id="东关村协商议事室",
                   held_on="2022-01-01", topic="早了", participants="1")
    scripted.then(refused)
    scripted.then(pick("张琳", "王芳"))
    sessions_page.add_button.click()
    editor = refused.editor  # type: ignore[attr-defined]
    assert editor.result() != QDialog.DialogCode.Accepted
    assert "早于“东关村协商议事室”的建立日期2023-03-01" in editor.errors["held_on"].text()
    assert "少于所列参加委员人数（2人）" in editor.errors["participants"].text()
    assert svc.count() == count

    scripted.then(fill(combos=("platform_id",), platform_id="东关村协商议事室",
                       held_on="2025-02-01", topic="垃圾分类"))
    sessions_page.add_button.click()
    second = sessions_page.current_id()

    # edit with the version the editor read
    version = svc.get(first).version
    sessions_page.select_id(first)
    scripted.then(fill(topic="村道硬化和路灯"))
    sessions_page.edit_button.click()
    assert svc.get(first).version == version + 1
    assert cell(sessions_page, first, "topic") == "村道硬化和路灯"

    set_filter(sessions_page, "year", None)
    assert set(sessions_page.model.ids()) == {first, second}
    set_filter(sessions_page, "year", 2024)
    assert sessions_page.model.ids() == [first]
    set_filter(sessions_page, "year", None)
    set_filter(sessions_page, "level", PlatformLevel.TOWNSHIP)
    assert sessions_page.model.ids() == []
    set_filter(sessions_page, "level", None)
    set_filter(sessions_page, "platform_id", village)
    assert set(sessions_page.model.ids()) == {first, second}
    set_filter(sessions_page, "platform_id", None)

    # the detail links each member to the 委员 page (履职档案)
    sessions_page.select_id(first)
    html = sessions_page.detail.toHtml()
    assert "张琳" in html and "王芳" in html and "30人" in html
    sessions_page._link_clicked(QUrl(f"page:members?id={members['王芳']}"))
    assert window.pages["members"].current_id() == members["王芳"]

    # the platforms tab counts the sessions
    window.show_page("platforms")
    platforms_page.reload()
    assert cell(platforms_page, village, "sessions") == "2次"

    sessions_page.select_id(second)
    sessions_page.delete_button.click()
    qtbot.waitUntil(lambda: sessions_page.model.ids() == [first])
    qtbot.waitUntil(lambda: cell(platforms_page, village, "sessions") == "1次")
    sessions_page.bin_toggle.setChecked(True)
    sessions_page.select_id(second)
    sessions_page.restore_button.click()
    sessions_page.bin_toggle.setChecked(False)
    qtbot.waitUntil(lambda: set(sessions_page.model.ids()) == {first, second})

    # a platform with sessions is not deleted: the reason is shown, nothing changes
    platforms_page.select_id(village)
    platforms_page.delete_button.click()
    assert scripted.messages[-1][0] == "warning"
    assert "没有删除任何记录" in scripted.messages[-1][2]
    assert "还有2次协商议事活动" in scripted.messages[-1][2]
    assert PlatformService(db).get(village).deleted_at is None

    # last, with no change still queued: the tester stays connected to each model it checked,
    # measuring it against the last one
    qtbot.wait(50)
    qtmodeltester.check(sessions_page.model, force_py=True)
    qtmodeltester.check(platforms_page.model, force_py=True)
