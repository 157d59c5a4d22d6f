"""#16: a save reloads the page that saved once, and every other page that shows the record
once (the change broadcast names its initiator)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog

from app.services.members import MemberService
from app.services.terms import CommitteeService, TermService
from tests.versions import now


def count_calls(page: Any, calls: Counter[str], label: str) -> None:
    """Count the page's reloads and its service's id queries and row fetches (list_rows)."""
    for owner, name in ((page, "reload"), (page.service, "ids"), (page.service, "list_rows")):
        original = getattr(owner, name)

        def counted(*args: Any, _original: Any = original, _name: str = name, **kw: Any) -> Any:
            calls[f"{label}.{_name}"] += 1
            return _original(*args, **kw)

        setattr(owner, name, counted)


def settle(qtbot) -> None:
    QApplication.processEvents()
    qtbot.wait(50)  # the queued broadcast
    QApplication.processEvents()


def test_a_save_reloads_its_page_once_and_other_pages_once(window, scripted, qtbot, db,
                                                           actor) -> None:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    CommitteeService(db).update(actor, {"current_term_id": term.id},
                                version=now(CommitteeService(db)))
    member = MemberService(db).create(actor, {"name": "王芳", "seat": {"term_id": term.id}}).value
    proposals = window.show_page("proposals")  # loaded: it shows members' names
    members = window.show_page("members")
    qtbot.waitUntil(lambda: members.model.rowCount() == 1)
    members.select_id(member.id)
    settle(qtbot)
    calls: Counter[str] = Counter()
    count_calls(members, calls, "members")
    count_calls(proposals, calls, "proposals")

    def save(dialog) -> bool:
        dialog.inputs["work_unit_post"].widget.setText("示范县人民医院院长")
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    scripted.then(save)
    members.edit_current()
    settle(qtbot)
    assert MemberService(db).get(member.id).work_unit_post == "示范县人民医院院长"
    # the saving page: one id query and one fetch of the block with the saved row
    assert (calls["members.reload"], calls["members.ids"], calls["members.list_rows"]) == (1, 1, 1)
    assert members.model.data(members.model.index(0, 7)) == "示范县人民医院院长"
    # another page showing members: refreshed once by the broadcast
    assert calls["proposals.reload"] == 1 and calls["proposals.ids"] == 1

    # a write elsewhere (no initiator) still refreshes the page once
    calls.clear()
    MemberService(db).update(actor, member.id, {"work_unit_post": "院长"},
                             version=now(MemberService(db), member.id))
    settle(qtbot)
    assert (calls["members.reload"], calls["members.ids"]) == (1, 1)
    assert members.model.data(members.model.index(0, 7)) == "院长"
