"""提案 page through the real window: a joint proposal from submission to 办结 with the editor
and the action dialogs, refused steps, overdue rows, the member's 履职档案 and the figures."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog

from app.domain.enums import (
    AssignmentRole,
    ProposalStage,
    ProposalType,
    ReviewStatus,
    SupervisionLevel,
)
from app.reports.figures import compute
from app.reports.period import Period
from app.services.members import MemberService
from app.services.org import DepartmentService
from app.services.proposals import ProposalService, stage
from app.services.terms import CommitteeService, SessionService, TermService
from tests.versions import now
from ui import theme


@pytest.fixture
def world(db, actor) -> dict:
    """Term 十 (current) with its 四次会议, three seated members and two departments."""
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    CommitteeService(db).update(actor, {"current_term_id": term.id},
                                version=now(CommitteeService(db)))
    session = SessionService(db).create(actor, {"term_id": term.id, "number": 4,
                                                "start_on": "2024-01-20"}).value
    members = {n: MemberService(db).create(actor, {"name": n, "seat": {"term_id": term.id}})
               .value.id for n in ("张琳", "王芳", "李强")}
    depts = {n: DepartmentService(db).create(actor, {"name": n}).value.id
             for n in ("县住房和城乡建设局", "县教育局")}
    return {"term": term.id, "session": session.id, "members": members, "depts": depts}


# ----- helpers -------------------------------------------------------------------------
def cell(page, record_id: int, key: str) -> str:
    column = next(i for i, c in enumerate(page.model.columns) if c.key == key)
    return page.model.data(page.model.index(page.model.row_of(record_id), column))


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered"
    combo.setCurrentIndex(index)


def pick(*names: str):
    """Answer the member picker: search each name and add it."""
    def handler(picker) -> bool:
        for name in names:
            picker.search.setText(name)
            picker.table.selectRow(0)
            picker.add_selected()
        picker.accept()
        return True
    return handler


def step(**values):
    """Answer an action dialog: fill the fields (text, or the shown text of a choice)."""
    def handler(dialog) -> bool:
        for name, value in values.items():
            widget = dialog.inputs[name].widget
            if hasattr(widget, "setCurrentIndex"):
                choose(widget, value)
            elif hasattr(widget, "setChecked"):
                widget.setChecked(value)
            elif hasattr(widget, "setPlainText"):
                widget.setPlainText(value)
            else:
                widget.setText(value)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted
    return handler


def act(page, scripted, button: str, handler=None) -> None:
    if handler is not None:
        scripted.then(handler)
    page.action_buttons[button].click()
    assert scripted.handlers == [], "a scripted dialog was not shown"


def at(page, record_id: int, stage_label: str) -> None:
    """The stage column shows the stage, and its count above the list is 1."""
    assert cell(page, record_id, "stage") == stage_label
    assert page.tally.counts()[stage_label] == 1 and page.tally.counts()["全部"] == 1


def warnings(scripted) -> list[str]:
    return [text for kind, _title, text in scripted.messages if kind == "warning"]


# ----- the whole chain -----------------------------------------------------------------
def test_joint_proposal_from_submission_to_closure(world, window, scripted, db) -> None:
    page = window.show_page("proposals")
    svc = ProposalService(db)
    zhang, wang, li = (world["members"][n] for n in ("张琳", "王芳", "李强"))

    def new_proposal(editor) -> bool:
        choose(editor.inputs["session_id"].widget, "十届四次会议")
        assert "下一个为第001号" in editor.inputs["number"].widget.placeholderText()
        editor.inputs["title"].widget.setText("关于加快老旧小区改造的建议")
        choose(editor.inputs["category"].widget, "城乡建设与管理")
        choose(editor.inputs["type"].widget, "联名")
        editor.inputs["submitted_on"].widget.setText("2024-01-21")
        editor.inputs["body"].widget.setPlainText("建议：一是……二是……")
        editor.inputs["lead_member_id"].choose_button.click()  # → the picker, scripted below
        assert editor.inputs["lead_member_id"].text.text() == "张琳"
        editor.inputs["cosigner_ids"].buttons["添加联名人…"].click()
        assert editor.inputs["cosigner_ids"].value() == [wang, li]
        editor.accept()
        return editor.result() == QDialog.DialogCode.Accepted

    scripted.then(new_proposal)
    scripted.then(pick("张琳"))
    scripted.then(pick("王芳", "李强"))
    page.add_button.click()
    pid = page.current_id()
    p = svc.get(pid)
    assert (p.number, p.type, p.lead_member_id) == (1, ProposalType.JOINT, zhang)
    assert [c.member_id for c in p.cosigners] == [wang, li]  # saved with the record
    assert cell(page, pid, "number") == "十届四次会议第001号"
    assert cell(page, pid, "proposer") == "张琳等3人"
    at(page, pid, "待审查")

    # 答复 before 交办: refused with the reason, nothing written
    before = svc.get(pid).version
    act(page, scripted, "答复")
    assert "尚未交办，不能录入答复" in warnings(scripted)[-1]
    assert svc.get(pid).version == before

    act(page, scripted, "审查", step(review_status="立案", reviewed_on="2024-01-25"))
    at(page, pid, "立案")

    def assign_lead(dialog) -> bool:
        choose(dialog.inputs["department_id"].widget, "县住房和城乡建设局")
        assert dialog.inputs["role"].value() == AssignmentRole.LEAD  # the first one: 主办
        dialog.inputs["assigned_on"].widget.setText("2024-02-01")
        assert dialog.inputs["due_on"].value() == "2024-05-01"  # three months on, shown
        dialog.accept()
        return True

    act(page, scripted, "交办", assign_lead)
    act(page, scripted, "交办", step(department_id="县教育局", role="协办",
                                     assigned_on="2024-02-01"))
    p = svc.get(pid)
    assert [(a.role, a.due_on) for a in p.assignments] == [
        (AssignmentRole.LEAD, dt.date(2024, 5, 1)), (AssignmentRole.ASSIST, dt.date(2024, 5, 1))]
    at(page, pid, "交办")
    assert cell(page, pid, "departments") == "县住房和城乡建设局、县教育局"

    housing = "县住房和城乡建设局（主办，未答复）"
    act(page, scripted, "答复", step(department_id=housing, replied_on="2024-04-20",
                                     reply_class="B类（正在解决或列入计划）",
                                     reply_doc_no="建函〔2024〕12号"))
    at(page, pid, "答复")
    act(page, scripted, "评价", step(department_id="县住房和城乡建设局（主办，已答复）",
                                     satisfaction="不满意", evaluated_on="2024-04-25"))
    at(page, pid, "评价")

    # 办结 with 不满意: refused, nothing changes
    before = svc.get(pid).version
    act(page, scripted, "办结", step(closed_on="2024-04-30"))
    assert "不满意，应重新办理后再办结" in warnings(scripted)[-1]
    assert svc.get(pid).version == before and svc.get(pid).closed_on is None

    act(page, scripted, "重新办理", step())
    at(page, pid, "交办")
    act(page, scripted, "答复", step(replied_on="2024-05-10",
                                     reply_class="B类（正在解决或列入计划）",
                                     reply_doc_no="建函〔2024〕20号"))
    act(page, scripted, "评价", step(satisfaction="满意", evaluated_on="2024-05-15"))
    act(page, scripted, "办结", step(closed_on="2024-05-20"))
    p = svc.get(pid)
    assert stage(p) == ProposalStage.CLOSED and p.closed_on == dt.date(2024, 5, 20)
    at(page, pid, "办结")
    assert page.tally.counts() == {**dict.fromkeys(page.tally.texts, 0), "全部": 1, "办结": 1}
    page.tally.buttons[page.tally.texts.index("办结")].click()  # the count filters the list
    assert page.filter_boxes["stage"].currentData() == ProposalStage.CLOSED
    assert page.model.ids() == [pid]
    page.tally.buttons[page.tally.texts.index("交办")].click()
    assert page.model.ids() == [] and "没有符合条件" in page.status.text()
    page.tally.buttons[0].click()

    page.select_id(pid)
    text = page.detail.toPlainText()
    for part in ("第一提案人：张琳", "王芳", "李强", "县教育局（协办）", "B类", "建函", "满意",
                 "办结日期：2024-05-20", "建议：一是"):
        assert part in text, part
    assert f"page:members?id={wang}" in page.detail.toHtml()

    # the member's 履职档案 lists it, and its link leads back here
    page._link_clicked(QUrl(f"page:members?id={wang}"))
    members = window.show_page("members")
    assert members.current_id() == wang
    dossier = members.detail.toPlainText()
    assert "关于加快老旧小区改造的建议" in dossier and "联名人" in dossier and "办结" in dossier
    assert f"page:proposals?id={pid}" in members.detail.toHtml()
    members._link_clicked(QUrl(f"page:proposals?id={pid}"))
    assert window.stack.currentWidget() is page and page.current_id() == pid

    figures = compute(db, ["proposals.received", "proposals.accepted", "proposals.replied"],
                      Period.year(2024))
    assert {k: v.ids for k, v in figures.items()} == {
        "proposals.received": (pid,), "proposals.accepted": (pid,), "proposals.replied": (pid,)}


def test_editor_problems_show_at_the_fields(world, window, scripted, db) -> None:
    page = window.show_page("proposals")
    seen = {}

    def joint_without_cosigners(editor) -> bool:
        editor.inputs["title"].widget.setText("关于发展县域经济的建议")
        choose(editor.inputs["type"].widget, "联名")
        editor.inputs["submitted_on"].widget.setText("2024-01-21")
        editor.accept()
        seen["cosigners"] = editor.errors["cosigner_ids"].text()
        seen["lead"] = editor.errors["lead_member_id"].text()
        seen["tab"] = editor.tabs.tabText(editor.tabs.currentIndex())
        seen["result"] = editor.result()
        return False

    scripted.then(joint_without_cosigners)
    assert page.open_editor(None) is False
    assert "联名提案至少需要一位联名人" in seen["cosigners"]
    assert "必须填写第一提案人" in seen["lead"] and seen["tab"] == "提案"
    assert seen["result"] == QDialog.DialogCode.Rejected
    assert ProposalService(db).count() == 0


def test_merge_key_supervision_instruction_excellent(world, window, scripted, db,
                                                     actor) -> None:
    svc = ProposalService(db)
    zhang = world["members"]["张琳"]

    def proposal(title: str) -> int:
        return svc.create(actor, {"term_id": world["term"], "session_id": world["session"],
                                  "title": title, "type": "个人", "lead_member_id": zhang,
                                  "submitted_on": "2024-01-21"}).value.id

    target, other = proposal("关于加强校园安全的建议"), proposal("关于校园周边交通安全的建议")
    svc.review(actor, target, ReviewStatus.ACCEPTED, "2024-01-25", version=now(svc, target))
    page = window.show_page("proposals")
    page.reveal(other)
    act(page, scripted, "审查", step(review_status="并案", reviewed_on="2024-01-25",
                                     merged_into_id="十届四次会议第001号 关于加强校园安全的建议"))
    assert svc.get(other).merged_into_id == target and cell(page, other, "stage") == "并案"
    assert "并入提案：十届四次会议第001号" in page.detail.toPlainText()

    page.reveal(target)
    act(page, scripted, "重点提案", step(supervision_level="政协领导督办",
                                         supervisor="县政协主席李某"))
    act(page, scripted, "登记督办", step(supervised_on="2024-03-01", form="实地督办"))
    act(page, scripted, "领导批示", step(level="县级领导", leader="王县长",
                                         instructed_on="2024-03-05", gist="请住建局抓好落实"))
    page.action_buttons["优秀提案"].click()  # confirmed by the scripted answer
    p = svc.get(target)
    assert p.is_key and p.supervision_level == SupervisionLevel.CPPCC_LEADER and p.is_excellent
    assert [(s.level, s.leader, s.form) for s in p.supervisions] == [
        (SupervisionLevel.CPPCC_LEADER, "县政协主席李某", "实地督办")]
    page.reload()
    text = page.detail.toPlainText()
    for part in ("重点提案", "优秀提案", "县政协主席李某", "实地督办", "王县长", "请住建局抓好落实",
                 "并入本提案：十届四次会议第002号"):
        assert part in text, part
    assert cell(page, target, "flags") == "重点、优秀"

    # a required choice left empty is named at its field, nothing is called
    seen = {}

    def empty(dialog) -> bool:
        dialog.inputs["level"].widget.setCurrentIndex(0)
        dialog.accept()
        seen["level"] = dialog.errors["level"].text()
        return False

    scripted.then(empty)
    page.action_buttons["登记督办"].click()
    assert seen["level"] == "必须填写" and len(svc.get(target).supervisions) == 1


def test_overdue_rows_are_red_and_models_pass_the_tester(world, window, scripted, db, actor,
                                                         qtmodeltester) -> None:
    svc = ProposalService(db)
    dept = world["depts"]["县教育局"]
    ids = []
    for n, title in enumerate(("关于加强农村学校建设的建议", "关于优化公交线路的建议")):
        pid = svc.create(actor, {"term_id": world["term"], "session_id": world["session"],
                                 "title": title, "type": "个人",
                                 "lead_member_id": world["members"]["王芳"],
                                 "submitted_on": "2024-01-21"}).value.id
        svc.review(actor, pid, ReviewStatus.ACCEPTED, "2024-01-25", version=now(svc, pid))
        due = "2024-03-01" if n == 0 else str(dt.date.today() + dt.timedelta(days=30))
        svc.assign(actor, pid, dept, AssignmentRole.LEAD, "2024-02-01", due, version=now(svc, pid))
        ids.append(pid)
    page = window.show_page("proposals")
    page.filter_boxes["year"].setCurrentIndex(0)
    late, on_time = ids
    red = page.model.data(page.model.index(page.model.row_of(late), 1), 9)  # ForegroundRole
    assert red is not None and red.name() == theme.colour("error")
    assert page.model.data(page.model.index(page.model.row_of(on_time), 1), 9) is None
    assert cell(page, late, "due").startswith("逾期")
    assert "逾期" in (page.select_id(late) and page.detail.toPlainText())
    overdue = page.filter_boxes["overdue"]
    overdue.setCurrentIndex(overdue.findData(True))
    assert page.model.ids() == [late] and page.tally.counts()["交办"] == 1
    overdue.setCurrentIndex(0)
    qtmodeltester.check(page.model, force_py=True)  # and it keeps watching the resets below
    svc.reply(actor, late, dept, "2024-03-10", "A", version=now(svc, late))
    page.reload()
    assert page.model.data(page.model.index(page.model.row_of(late), 1), 9) is None
    assert scripted.messages == []
