"""组织机构 page: unit members through the member picker, sector order, departments."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel

from app.domain.enums import UnitKind, UnitRole
from app.services.members import MemberService
from app.services.org import SectorService, UnitService


def pick_by_search(text: str):
    def handler(picker) -> bool:
        picker.search.setText(text)
        picker.reload()
        picker.table.selectAll()
        picker.add_selected()
        return True
    return handler


def test_add_members_set_role_and_remove(window, scripted, db, actor, qtbot) -> None:
    for name in ("张琳", "张伟", "李科杰"):
        MemberService(db).create(actor, {"name": name})
    org = window.show_page("organization")
    page = org.units
    committee = UnitService(db).of_kind(UnitKind.SPECIAL_COMMITTEE)[0]
    page.reveal(committee.id)

    scripted.then(pick_by_search("zhang"))
    page.add_members()
    unit = UnitService(db).get(committee.id)
    assert sorted(MemberService(db).get(m.member_id).name for m in unit.memberships) == [
        "张伟", "张琳"]
    qtbot.waitUntil(lambda: "张琳" in page.detail.toPlainText())  # refreshed by the broadcast

    def choose_zhang_lin(picker) -> bool:
        assert picker.model.rowCount() == 2  # only the unit's members are offered
        picker.search.setText("张琳")
        picker.reload()
        picker.table.selectionModel().select(
            picker.model.index(0, 0), QItemSelectionModel.SelectionFlag.Select
            | QItemSelectionModel.SelectionFlag.Rows)
        picker.add_selected()
        return True

    scripted.then(choose_zhang_lin)
    window.dialogs.ask_choice = lambda title, label, choices: "主任"
    page.set_role()
    roles = {MemberService(db).get(m.member_id).name: m.role
             for m in UnitService(db).get(committee.id).memberships}
    assert roles == {"张琳": UnitRole.DIRECTOR, "张伟": UnitRole.MEMBER}

    scripted.then(pick_by_search("张伟"))
    page.remove_members()
    assert [m.member_id for m in UnitService(db).get(committee.id).memberships] == [
        next(i for i in MemberService(db).ids() if MemberService(db).get(i).name == "张琳")]


def test_sectors_move_up_and_down(window, db) -> None:
    page = window.show_page("organization").sectors
    page.reload()
    first, second = SectorService(db).ids()[:2]
    page.select_id(second)
    page.move_current(-1)
    assert SectorService(db).ids()[:2] == [second, first]
