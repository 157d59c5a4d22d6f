"""组织机构 page: unit members through the member picker, sector order, departments."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt

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


def tree_names(tree) -> list[str]:
    out = []
    for i in range(tree.tree.topLevelItemCount()):
        group = tree.tree.topLevelItem(i)
        out.append(group.text(0))
        out += [f"  {group.child(j).text(0)}" for j in range(group.childCount())]
    return out


def select(tree, text: str) -> None:
    item = tree.tree.findItems(text, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    tree.tree.setCurrentItem(item)


def test_sector_tree_reorder_regroup_and_add(window, scripted, db, qtbot) -> None:
    tree = window.show_page("organization").sectors
    names = tree_names(tree)
    # the first group with at least two sectors
    start = next(i for i, n in enumerate(names[:-2]) if not n.startswith(" ")
                 and names[i + 1].startswith(" ") and names[i + 2].startswith(" "))
    group, first, second = names[start], names[start + 1].strip(), names[start + 2].strip()
    select(tree, second)
    tree.move_item(-1)
    qtbot.waitUntil(lambda: tree_names(tree)[start + 1:start + 3] == [f"  {second}",
                                                                       f"  {first}"])
    assert tree.current()[0] == "sector"
    assert SectorService(db).get(tree.current()[1]).name == second

    other_group = next(n for n in tree_names(tree) if not n.startswith(" ") and n != group)
    window.dialogs.ask_choice = lambda title, label, choices: other_group
    tree.regroup()
    def in_group(name: str, group_name: str) -> bool:
        names = tree_names(tree)
        i = names.index(group_name) + 1
        while i < len(names) and names[i].startswith(" "):
            if names[i] == f"  {name}":
                return True
            i += 1
        return False

    qtbot.waitUntil(lambda: in_group(second, other_group) and not in_group(second, group))

    def fill_new(dialog) -> bool:
        dialog.inputs["name"].widget.setText("环境资源界")
        dialog.accept()
        return True

    select(tree, group)
    scripted.then(fill_new)
    tree.add_sector()
    qtbot.waitUntil(lambda: "  环境资源界" in tree_names(tree))
    sector = next(s for s in SectorService(db).fetch(SectorService(db).ids())
                  if s.name == "环境资源界")
    assert UnitService(db).get(sector.group_id).name == group
