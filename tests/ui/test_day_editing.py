"""A clerk's working day (issue 14, item 1) through the real window: editors and step dialogs
ask before discarding typed input (Esc, 取消, close) and keep it when refused; step dialogs
default their dates from the record's previous step in back entry; every date field has a
calendar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from app.services.members import MemberService
from app.services.opinions import OpinionService
from app.services.proposals import ProposalService
from tests.ui.test_proposals_page import act, choose, step, world  # noqa: F401 - fixture
from ui.framework.action_dialog import step_date
from ui.framework.date_picker import open_calendar
from ui.framework.editor import DISCARD_QUESTION


def asked(window) -> list[str]:
    """Record the discard questions; answer them with ``window._answer`` (default: no)."""
    questions: list[str] = []

    def confirm(title: str, text: str) -> bool:
        questions.append(text)
        return window._answer

    window._answer = False
    window.dialogs.confirm = confirm
    return questions


def test_member_editor_asks_before_discarding_and_keeps_input(window, scripted, qtbot,
                                                               db) -> None:
    page = window.show_page("members")
    questions = asked(window)
    seen: dict[str, object] = {}

    def type_then_cancel(editor) -> bool:
        closed: list[int] = []
        editor.rejected.connect(lambda: closed.append(1))
        editor.reject()  # nothing typed yet: closes without a question
        assert questions == [] and closed == [1]
        closed.clear()
        editor.show()  # as a modal dialog is on screen, so that closing it means something
        editor.inputs["name"].widget.setText("刘洋")
        qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc: asked, "no" keeps everything
        editor.close()  # the window's close button goes the same way
        assert questions == [DISCARD_QUESTION, DISCARD_QUESTION] and closed == []
        assert editor.inputs["name"].widget.text() == "刘洋"
        window._answer = True
        editor.reject()  # 取消, answered "yes": gone
        seen["closed"] = list(closed)
        return editor.result() == QDialog.DialogCode.Accepted

    scripted.then(type_then_cancel)
    page.add_button.click()
    assert seen["closed"] == [1] and len(questions) == 3
    assert MemberService(db).count() == 0


def test_refused_step_keeps_the_dialog_open_with_the_input(window, scripted, db, actor,
                                                           world) -> None:  # noqa: F811
    svc = OpinionService(db)
    oid = svc.create(actor, {"title": "关于解决农村留守老人就医难的建议",
                             "received_on": "2024-03-01", "category": "医疗卫生"}).value.id
    page = window.show_page("opinions")
    page.reveal(oid)
    questions = asked(window)
    state: dict[str, object] = {}

    def adopt_unforwarded(dialog) -> bool:
        choose(dialog.inputs["level"].widget, "省政协")
        dialog.inputs["adopted_on"].widget.setText("2024-04-10")
        dialog.inputs["outlet"].widget.setText("《社情民意专报》")
        dialog.accept()  # refused by the service: 尚未上报省政协
        state["open"] = dialog.result() != QDialog.DialogCode.Accepted
        state["message"] = dialog.general_error.text()
        state["kept"] = (dialog.inputs["adopted_on"].widget.text(),
                         dialog.inputs["outlet"].widget.text())
        window._answer = True
        dialog.reject()
        return False

    version = svc.get(oid).version
    act(page, scripted, "登记采用", adopt_unforwarded)
    assert state["open"] is True
    assert "尚未上报省政协" in str(state["message"]) and "所填内容已保留" in str(state["message"])
    assert state["kept"] == ("2024-04-10", "《社情民意专报》")
    assert questions == [DISCARD_QUESTION]  # 取消 after typing asked first
    assert svc.get(oid).version == version


def test_back_entry_dates_follow_the_previous_step(window, scripted, db, actor,
                                                   world) -> None:  # noqa: F811
    """Last year's proposal entered today: each step offers the previous step's date, so
    accepting the defaults stores a consistent chain and nothing is blocked."""
    svc = ProposalService(db)
    pid = svc.create(actor, {"term_id": world["term"], "session_id": world["session"],
                             "title": "关于加强农村饮水安全的建议", "type": "个人",
                             "lead_member_id": world["members"]["张琳"],
                             "submitted_on": "2024-01-21", "category": "农业农村"}).value.id
    page = window.show_page("proposals")
    page.reveal(pid)
    offered: dict[str, str] = {}

    def keep(name: str, **values: str):
        def handler(dialog) -> bool:
            offered[name] = dialog.inputs[name].widget.text()
            return step(**values)(dialog)
        return handler

    act(page, scripted, "审查", keep("reviewed_on"))
    act(page, scripted, "交办", keep("assigned_on", department_id="县住房和城乡建设局"))
    act(page, scripted, "答复", keep("replied_on", reply_class="A类（已解决或基本解决）"))
    act(page, scripted, "评价", keep("evaluated_on", satisfaction="满意"))
    act(page, scripted, "办结", keep("closed_on"))
    assert offered == dict.fromkeys(
        ("reviewed_on", "assigned_on", "replied_on", "evaluated_on", "closed_on"), "2024-01-21")
    p = svc.get(pid)
    assert p.closed_on == dt.date(2024, 1, 21) and p.reviewed_on == dt.date(2024, 1, 21)


def test_step_date_rule() -> None:
    today = dt.date(2026, 12, 7)
    assert step_date(None, today=today) == today  # nothing before: today
    assert step_date(dt.date(2025, 3, 2), today=today) == dt.date(2025, 3, 2)  # back entry
    assert step_date(dt.date(2026, 12, 1), today=today) == today  # live work
    assert step_date(dt.date(2026, 12, 9), today=today) == dt.date(2026, 12, 9)  # never earlier
    assert step_date(dt.date(2024, 1, 2), dt.date(2024, 5, 6), today=today) == dt.date(2024, 5, 6)


def test_every_date_field_has_a_calendar(window, scripted, qtbot) -> None:
    page = window.show_page("opinions")
    seen: dict[str, object] = {}

    def pick_day(editor) -> bool:
        edit = editor.inputs["received_on"].widget
        assert [a.objectName() for a in edit.actions()] == ["calendarButton"]
        edit.setText("2024-03-01")
        calendar = open_calendar(edit)
        seen["opened_on"] = calendar.selectedDate()
        calendar.activated.emit(QDate(2024, 3, 5))
        seen["text"] = edit.text()
        window.dialogs.confirm = lambda t, x: True
        editor.reject()
        return False

    scripted.then(pick_day)
    page.add_button.click()
    assert seen == {"opened_on": QDate(2024, 3, 1), "text": "2024-03-05"}
