"""Two clerks on one record, through the real main window: the editor's save meets another
clerk's change, the conflict dialog lists it, "重新载入" shows their values and "仍用我的修改"
saves the clerk's own changes on top of theirs. The other clerk is a second service object
writing to the same database, as a second program would."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from app.domain.enums import UserRole
from app.services.context import Actor
from app.services.members import MemberService
from app.services.proposals import ProposalService
from app.services.terms import TermService
from ui.framework.conflict import MINE, RELOAD, RELOADED, ConflictRow
from ui.framework.conflict_dialog import ConflictDialog

OTHER = Actor("lifang", UserRole.CLERK, "李芳")


def _member(db: Any, actor: Any) -> int:
    return MemberService(db).create(actor, {
        "name": "张琳", "work_unit_post": "示范县人民医院医生", "notes": "",
        "professional_title": ""}).value.id


def _other_clerk_saves(db: Any, member_id: int, **values: str) -> None:
    other = MemberService(db)  # another program on the same database
    other.update(OTHER, member_id, values, version=other.get(member_id).version)


def _rows(scripted: Any) -> dict[str, tuple[str, str, str]]:
    return {r.label: (r.opened, r.theirs, r.mine) for r in scripted.conflicts[-1][2]}


def test_reload_shows_their_values_and_keeps_the_dialog_open(window, scripted, qtbot, db,
                                                             actor) -> None:
    member_id = _member(db, actor)
    page = window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_id(member_id)
    seen: dict[str, Any] = {}

    def edit(dialog: Any) -> bool:
        dialog.inputs["work_unit_post"].widget.setText("示范县人民医院副院长")
        _other_clerk_saves(db, member_id, work_unit_post="示范县中医院院长", notes="对方补充的备注")
        scripted.conflict_answers.append(RELOAD)
        dialog.accept()
        seen["open"] = dialog.result() != QDialog.DialogCode.Accepted
        seen["message"] = dialog.general_error.text()
        seen["post"] = dialog.inputs["work_unit_post"].widget.text()
        seen["notes"] = dialog.inputs["notes"].widget.toPlainText()
        # the clerk looks at their values and changes another field; this save goes through
        dialog.inputs["professional_title"].widget.setText("主任医师")
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    scripted.then(edit)
    page.edit_current()
    assert seen == {"open": True, "message": RELOADED, "post": "示范县中医院院长",
                    "notes": "对方补充的备注"}
    title, message, _rows_shown = scripted.conflicts[0]
    assert title == "编辑委员：张琳"
    assert "该委员“张琳”已被其他用户修改（当前版本2，您打开的是版本1）" in message
    assert _rows(scripted) == {
        "工作单位及职务": ("示范县人民医院医生", "示范县中医院院长", "示范县人民医院副院长"),
        "备注": ("", "对方补充的备注", ""),
    }
    stored = MemberService(db).get(member_id)
    assert (stored.work_unit_post, stored.notes, stored.professional_title) == (
        "示范县中医院院长", "对方补充的备注", "主任医师")


def test_apply_mine_again_keeps_their_other_changes(window, scripted, qtbot, db, actor) -> None:
    member_id = _member(db, actor)
    page = window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_id(member_id)

    def edit(dialog: Any) -> bool:
        dialog.inputs["work_unit_post"].widget.setText("示范县人民医院副院长")
        _other_clerk_saves(db, member_id, work_unit_post="示范县中医院院长",
                           professional_title="副主任医师")
        scripted.conflict_answers.append(MINE)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    scripted.then(edit)
    assert page.edit_current() is not False
    assert _rows(scripted) == {
        "工作单位及职务": ("示范县人民医院医生", "示范县中医院院长", "示范县人民医院副院长"),
        "职称": ("", "副主任医师", ""),
    }
    stored = MemberService(db).get(member_id)
    # mine where I changed it, theirs everywhere else; nothing written twice or lost
    assert (stored.work_unit_post, stored.professional_title, stored.version) == (
        "示范县人民医院副院长", "副主任医师", 3)
    assert scripted.messages == []


def test_a_workflow_step_on_a_changed_proposal_asks_and_runs_again(window, scripted, qtbot, db,
                                                                   actor) -> None:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    proposals = ProposalService(db)
    p = proposals.create(actor, {"term_id": term.id, "title": "关于加强农村饮水安全的建议",
                                 "type": "集体", "collective_proposer": "农业界别",
                                 "submitted_on": "2024-03-01"}).value
    page = window.show_page("proposals")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_id(p.id)

    def review(dialog: Any) -> bool:
        other = ProposalService(db)
        other.update(OTHER, p.id, {"body": "对方补充的正文"}, version=other.get(p.id).version)
        scripted.conflict_answers.append(MINE)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    scripted.then(review)
    page.action_buttons["审查"].click()
    stored = proposals.get(p.id)
    assert stored.review_status.label == "立案" and stored.body == "对方补充的正文"
    [(title, message, rows)] = scripted.conflicts
    assert title.startswith("审查：") and "该提案" in message and "已被其他用户修改" in message
    assert [(r.label, r.opened, r.theirs) for r in rows] == [("提案内容", "", "对方补充的正文")]


def test_the_conflict_dialog_lists_the_changes_and_answers(qtbot) -> None:
    rows = [ConflictRow("工作单位及职务", "医生", "院长", "副院长")]
    for button, answer in (("reloadButton", "reload"), ("mineButton", "mine"),
                           ("cancelButton", "cancel")):
        dialog = ConflictDialog("编辑委员：张琳", "该委员“张琳”已被其他用户修改", rows)
        qtbot.addWidget(dialog)
        table = dialog.findChild(object, "conflictTable")
        assert [table.item(0, c).text() for c in range(4)] == ["工作单位及职务", "医生", "院长",
                                                                "副院长"]
        qtbot.mouseClick(dialog.findChild(QPushButton, button), Qt.MouseButton.LeftButton)
        assert dialog.choice == answer


def test_event_participants_added_by_another_clerk_are_kept(window, scripted, qtbot, db,
                                                            actor) -> None:
    """The clerk edits the event's summary while another clerk invites two members: the
    dialog lists the participant change; "仍用我的修改" saves the summary and keeps theirs."""
    from app.domain.enums import EventFamily
    from app.services.events import EventService
    from app.services.refdata import EventKindService

    kinds = EventKindService(db)
    kind_id = next(k.id for k in kinds.fetch(kinds.ids())
                   if k.family == EventFamily.CONSULTATION)
    members = [MemberService(db).create(actor, {"name": n}).value.id for n in ("王伟", "李芳")]
    events = EventService(db)
    event = events.create(actor, {"title": "专题协商会", "kind_id": kind_id,
                                  "start_on": "2025-06-10"}).value
    page = window.show_page("meetings")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_id(event.id)

    def edit(dialog: Any) -> bool:
        dialog.inputs["summary"].widget.setPlainText("会议形成协商报告一篇")
        other = EventService(db)
        other.add_participants(OTHER, event.id, members, version=other.get(event.id).version)
        scripted.conflict_answers.append(MINE)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    scripted.then(edit)
    page.edit_current()
    rows = {r.label: (r.opened, r.theirs, r.mine) for r in scripted.conflicts[0][2]}
    assert rows == {"参加人员": ("（无）", "2人（出席2）", "（无）")}
    stored = events.get(event.id)
    assert stored.summary == "会议形成协商报告一篇"
    assert {p.member_id for p in stored.participations} == set(members)


def test_committee_settings_edited_by_two_administrators(window, scripted, db) -> None:
    """政协基本信息: the second administrator's save meets the first one's and asks."""
    from app.services.terms import CommitteeService

    panel = window.show_page("system").committee

    def edit(dialog: Any) -> bool:
        dialog.inputs["parent_region"].widget.setText("长治市")
        other = CommitteeService(db)
        other.update(Actor("wanggang", UserRole.ADMIN, "王刚"), {"region": "长子县"},
                     version=other.get().version)
        scripted.conflict_answers.append(MINE)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    scripted.then(edit)
    panel.edit()
    [(title, message, rows)] = scripted.conflicts
    assert title == "政协基本信息" and "政协基本信息已被其他用户修改" in message
    assert [(r.label, r.opened, r.theirs, r.mine) for r in rows] == [
        ("行政区划名称", "本县", "长子县", "本县")]
    stored = CommitteeService(db).get()
    assert (stored.region, stored.parent_region) == ("长子县", "长治市")


def test_deleting_a_member_another_clerk_changed_is_refused(window, scripted, qtbot, db,
                                                             actor) -> None:
    member_id = _member(db, actor)
    page = window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_id(member_id)
    _other_clerk_saves(db, member_id, notes="对方刚改过")
    page.delete_selected()
    [(kind, title, text)] = scripted.messages
    assert (kind, title) == ("warning", "删除") and "已被其他用户修改" in text
    assert MemberService(db).get(member_id).deleted_at is None
    page.select_id(member_id)
    page.delete_selected()  # the list shows the new version now: this delete goes through
    assert MemberService(db).get(member_id, include_deleted=True).deleted_at is not None


def test_a_step_dialog_reloaded_after_a_conflict_keeps_the_input(window, scripted, qtbot, db,
                                                                 actor) -> None:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    proposals = ProposalService(db)
    p = proposals.create(actor, {"term_id": term.id, "title": "关于整治城区停车秩序的建议",
                                 "type": "集体", "collective_proposer": "交通界别",
                                 "submitted_on": "2024-03-01"}).value
    page = window.show_page("proposals")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_id(p.id)
    seen: dict[str, Any] = {}

    def review(dialog: Any) -> bool:
        dialog.inputs["reviewed_on"].widget.setText("2024-03-15")
        other = ProposalService(db)
        other.update(OTHER, p.id, {"title": "关于整治城区停车难的建议"},
                     version=other.get(p.id).version)
        scripted.conflict_answers.append(RELOAD)
        dialog.accept()
        seen["open"] = dialog.result() != QDialog.DialogCode.Accepted
        seen["date"] = dialog.inputs["reviewed_on"].widget.text()  # the clerk's input stays
        seen["message"] = dialog.general_error.text()
        seen["intro"] = dialog.intro.text()  # the note above the form shows the record now
        dialog.accept()  # 确定 again: the step runs on the version just read
        return dialog.result() == QDialog.DialogCode.Accepted

    scripted.then(review)
    page.action_buttons["审查"].click()
    assert seen["open"] and seen["date"] == "2024-03-15"
    assert "已载入最新版本" in seen["message"] and "关于整治城区停车难的建议" in seen["intro"]
    [(_title, _message, rows)] = scripted.conflicts
    assert [(r.label, r.opened, r.theirs) for r in rows] == [
        ("案由", "关于整治城区停车秩序的建议", "关于整治城区停车难的建议")]
    stored = proposals.get(p.id)
    assert (stored.review_status.label, str(stored.reviewed_on), stored.title) == (
        "立案", "2024-03-15", "关于整治城区停车难的建议")


def test_a_second_conflict_while_applying_mine_keeps_everyones_changes(window, scripted, qtbot,
                                                                       db, actor) -> None:
    """A third clerk saves while the clerk reads the conflict dialog: the second save is
    refused too, the form stays open, and the next "仍用我的修改" writes only the clerk's own
    change on top of both others'."""
    member_id = _member(db, actor)
    page = window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.select_id(member_id)
    answers: list[str] = []

    def conflict(title: str, message: str, rows: list[Any]) -> str:
        answers.append(message)
        if len(answers) == 1:  # a third clerk saves while this dialog is open
            _other_clerk_saves(db, member_id, professional_title="主任医师")
        return MINE

    window.dialogs.conflict = conflict

    def edit(dialog: Any) -> bool:
        dialog.inputs["work_unit_post"].widget.setText("示范县人民医院副院长")
        _other_clerk_saves(db, member_id, notes="第二位录入员的备注")
        dialog.accept()  # conflict → mine → refused again: the form stays open
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert "已被其他用户修改（当前版本3" in dialog.general_error.text()
        dialog.accept()  # conflict → mine → saved
        return dialog.result() == QDialog.DialogCode.Accepted

    scripted.then(edit)
    page.edit_current()
    assert len(answers) == 2
    stored = MemberService(db).get(member_id)
    assert (stored.work_unit_post, stored.notes, stored.professional_title, stored.version) == (
        "示范县人民医院副院长", "第二位录入员的备注", "主任医师", 4)
