"""社情民意 page through the real window: an item with a member and an informant, 编发, 上报 to
the city and the province, adoption by the province, refused adoption, the member's 履职档案 and
the figures; submitters saved with the item by the service."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog

from app.domain.enums import ForwardLevel, OpinionStatus
from app.errors import ValidationError
from app.reports.figures import compute
from app.reports.period import Period
from app.services.members import MemberService
from app.services.opinions import OpinionService
from app.services.terms import CommitteeService, TermService
from tests.ui.test_proposals_page import act, choose, pick, step, warnings
from tests.versions import now


@pytest.fixture
def members(db, actor) -> dict[str, int]:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    CommitteeService(db).update(actor, {"current_term_id": term.id},
                                version=now(CommitteeService(db)))
    return {n: MemberService(db).create(actor, {"name": n, "seat": {"term_id": term.id}})
            .value.id for n in ("张琳", "王芳")}


def cell(page, record_id: int, key: str) -> str:
    column = next(i for i, c in enumerate(page.model.columns) if c.key == key)
    return page.model.data(page.model.index(page.model.row_of(record_id), column))


def test_forwarded_to_city_and_province_adopted_by_province(members, window, scripted, db,
                                                           qtmodeltester) -> None:
    page = window.show_page("opinions")
    svc = OpinionService(db)
    window.dialogs.ask_text = lambda title, label: " 特邀信息员赵明 "

    def register(editor) -> bool:
        editor.inputs["title"].widget.setText("关于解决农村留守老人就医难的建议")
        choose(editor.inputs["category"].widget, "医疗卫生")
        editor.inputs["received_on"].widget.setText("2024-03-01")
        submitters = editor.inputs["submitters"]
        submitters.buttons["选择委员…"].click()  # → the picker, scripted below
        submitters.buttons["填写其他报送人…"].click()
        assert [submitters.list.item(i).text() for i in range(submitters.list.count())] == [
            "张琳", "特邀信息员赵明（非委员）"]
        editor.inputs["body"].widget.setPlainText("农村留守老人看病难……建议……")
        editor.accept()
        return editor.result() == QDialog.DialogCode.Accepted

    scripted.then(register)
    scripted.then(pick("张琳"))
    page.add_button.click()
    oid = page.current_id()
    item = svc.get(oid)
    assert [(s.member_id, s.name) for s in item.submitters] == [
        (members["张琳"], ""), (None, "特邀信息员赵明")]  # written with the item
    assert cell(page, oid, "submitters") == "张琳、特邀信息员赵明"
    assert page.tally.counts()["已收集"] == 1

    # adoption without forwarding: the service's reason, nothing written
    version = svc.get(oid).version
    act(page, scripted, "登记采用", step(level="省政协", adopted_on="2024-04-10"))
    assert "尚未上报省政协，不能登记省政协采用" in warnings(scripted)[-1]
    assert svc.get(oid).version == version

    act(page, scripted, "编发", step(issued_on="2024-03-15", bulletin_year="2024",
                                     bulletin_no="6"))
    act(page, scripted, "上报", step(level="市政协", forwarded_on="2024-03-20"))
    act(page, scripted, "上报", step(forwarded_on="2024-03-25"))  # next level offered: 省
    act(page, scripted, "登记采用", step(level="省政协", adopted_on="2024-04-10",
                                         outlet="《社情民意专报》"))
    item = svc.get(oid)
    assert item.status == OpinionStatus.ISSUED
    assert {f.level: f.adopted for f in item.forwards} == {ForwardLevel.CITY: False,
                                                            ForwardLevel.PROVINCE: True}
    assert (cell(page, oid, "issued"), cell(page, oid, "forwarded"), cell(page, oid, "adopted")
            ) == ("2024年第6期", "市、省", "省")
    text = page.detail.toPlainText()
    for part in ("本级编发：2024-03-15，《社情民意》2024年第6期", "上报市政协", "尚未采用",
                 "被省政协采用（《社情民意专报》）", "特邀信息员赵明（非委员）",
                 "农村留守老人看病难"):
        assert part in text, part

    act(page, scripted, "领导批示", step(level="县级领导", leader="李县长",
                                         instructed_on="2024-04-20", gist="请卫健局研究"))
    assert "李县长" in page.detail.toPlainText()
    adopted = page.filter_boxes["adopted_level"]
    adopted.setCurrentIndex(adopted.findData(ForwardLevel.CITY))
    assert page.model.ids() == []
    adopted.setCurrentIndex(adopted.findData(ForwardLevel.PROVINCE))
    assert page.model.ids() == [oid]
    qtmodeltester.check(page.model, force_py=True)

    page._link_clicked(QUrl(f"page:members?id={members['张琳']}"))
    roster = window.show_page("members")
    assert roster.current_id() == members["张琳"]
    dossier = roster.detail.toPlainText()
    assert "社情民意信息（1篇）" in dossier and "关于解决农村留守老人就医难的建议" in dossier
    assert "市政协、省政协" in dossier  # 上报 column; 采用: 省政协
    assert f"page:opinions?id={oid}" in roster.detail.toHtml()

    figures = compute(db, ["opinions.received", "opinions.forwarded_city",
                           "opinions.forwarded_province", "opinions.adopted_province",
                           "opinions.adopted_city"], Period.year(2024))
    assert {k: v.value for k, v in figures.items()} == {
        "opinions.received": 1, "opinions.forwarded_city": 1, "opinions.forwarded_province": 1,
        "opinions.adopted_province": 1, "opinions.adopted_city": 0}


def test_withdraw_archive_and_problems_at_the_fields(members, window, scripted, db,
                                                     actor) -> None:
    svc = OpinionService(db)
    page = window.show_page("opinions")
    seen = {}

    def no_submitters(editor) -> bool:
        editor.inputs["title"].widget.setText("关于规范校外培训的建议")
        editor.inputs["received_on"].widget.setText("2024-05-01")
        editor.accept()
        seen["submitters"] = editor.errors["submitters"].text()
        seen["result"] = editor.result()
        return False

    scripted.then(no_submitters)
    assert page.open_editor(None) is False
    assert "至少需要一位报送人" in seen["submitters"]
    assert seen["result"] == QDialog.DialogCode.Rejected and svc.count() == 0

    a = svc.create(actor, {"title": "关于规范校外培训的建议", "received_on": "2024-05-01",
                           "submitters": [{"member_id": members["王芳"]}]}).value
    b = svc.create(actor, {"title": "关于加强夜市管理的建议", "received_on": "2024-05-02",
                           "submitters": [{"name": "民盟示范县委员会"}]}).value
    page.reload()
    page.reveal(a.id)
    act(page, scripted, "上报", step(level="全国政协", forwarded_on="2024-05-03"))
    act(page, scripted, "撤回上报", step(level="全国政协"))
    assert svc.get(a.id).forwards == [] and cell(page, a.id, "forwarded") == ""
    act(page, scripted, "不采用", step(note="与已编发信息重复"))
    assert svc.get(a.id).status == OpinionStatus.ARCHIVED
    assert "不采用：与已编发信息重复" in page.detail.toPlainText()
    act(page, scripted, "编发", step(issued_on="2024-05-10", bulletin_year="2024",
                                     bulletin_no="7"))
    assert "已存档不采用，不能编发" in warnings(scripted)[-1]

    # editing keeps the submitters and can replace them
    page.reveal(b.id)

    def add_member(editor) -> bool:
        assert editor.inputs["submitters"].value() == [{"name": "民盟示范县委员会"}]
        editor.inputs["submitters"].buttons["选择委员…"].click()
        editor.accept()
        return True

    scripted.then(add_member)
    scripted.then(pick("张琳"))
    page.edit_current()
    assert [(s.member_id, s.name) for s in svc.get(b.id).submitters] == [
        (None, "民盟示范县委员会"), (members["张琳"], "")]


def test_service_writes_submitters_with_the_item(db, actor, members) -> None:
    """``submitters`` given to create/update are checked and written in the same transaction;
    the members whose 履职档案 changed are announced."""
    svc = OpinionService(db)
    zhang, wang = members["张琳"], members["王芳"]
    with pytest.raises(ValidationError) as info:
        svc.create(actor, {"title": "关于停车难的建议", "received_on": "2024-06-01",
                           "submitters": [{"member_id": zhang}, {"member_id": zhang}]})
    assert [p.field for p in info.value.problems] == ["submitters"]
    assert "重复列入" in str(info.value) and svc.count() == 0
    created = svc.create(actor, {"title": "关于停车难的建议", "received_on": "2024-06-01",
                                 "submitters": [{"member_id": zhang}, {"name": "李 信息员"}]})
    assert created.changes.entities == {"opinion_reports": {created.value.id},
                                        "members": {zhang}}
    assert [(s.member_id, s.name, s.position) for s in created.value.submitters] == [
        (zhang, "", 1), (None, "李信息员", 2)]
    updated = svc.update(actor, created.value.id, {"submitters": [{"member_id": wang}]},
                         version=created.value.version)
    assert updated.changes.entities["members"] == {zhang, wang}
    assert [s.member_id for s in updated.value.submitters] == [wang]
    same = svc.update(actor, created.value.id, {"submitters": [{"member_id": wang}]},
                      version=now(svc, created.value.id))
    assert same.changes.entities == {}  # nothing changed, nothing announced
    assert svc.set_submitters(actor, created.value.id, [{"member_id": zhang}],
                              version=now(svc, created.value.id)).value.submitters
