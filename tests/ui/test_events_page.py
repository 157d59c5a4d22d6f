"""会议协商 through the real window: a consultation with 30 participants and an outcome."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog

from app.cli import main as cli
from app.domain.enums import Attendance, EventFamily
from app.reports.figures import compute
from app.reports.period import Period
from app.services.crud import ListQuery
from app.services.events import EventService
from app.services.members import MemberService
from app.services.refdata import EventKindService
from app.services.terms import CommitteeService, TermService
from tests.versions import now
from ui.pages.member_detail import dossier_html

NAMES = [s + g for s in "王李张刘陈杨赵黄周吴" for g in ("伟", "芳娟", "强")]  # 30 names


def seated_members(db, actor) -> list[int]:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    CommitteeService(db).update(actor, {"current_term_id": term.id},
                                version=now(CommitteeService(db)))
    return [MemberService(db).create(actor, {"name": n, "seat": {"term_id": term.id}}).value.id
            for n in NAMES]


def select_rows(table, rows) -> None:
    table.clearSelection()
    for r in rows:
        table.selectionModel().select(table.model().index(r, 0),
                                      QItemSelectionModel.SelectionFlag.Select
                                      | QItemSelectionModel.SelectionFlag.Rows)


def test_consultation_with_participants_and_outcome(window, scripted, qtbot, db, actor,
                                                    capsys) -> None:
    member_ids = seated_members(db, actor)
    page = window.show_page("meetings")
    kind_id = next(k.id for k in EventKindService(db).fetch(EventKindService(db).ids())
                   if k.family == EventFamily.CONSULTATION)
    window.dialogs.ask_text = lambda title, label: "因公出差"

    def fill(editor) -> bool:
        editor.inputs["title"].widget.setText("关于推进康养集聚区建设的专题协商会")
        kind = editor.inputs["kind_id"].widget
        kind.setCurrentIndex(kind.findData(kind_id))
        editor.inputs["start_on"].widget.setText("2025-06-10")
        participants, outcomes = editor.extras
        participants.add_query({})  # 全体委员
        assert participants.table.rowCount() == 30
        select_rows(participants.table, [3, 4])
        participants.mark_selected(Attendance.EXCUSED)
        select_rows(participants.table, [5])
        participants.mark_selected(Attendance.ABSENT)
        assert participants.counts.text() == "共 30 人：出席 27 人，请假 2 人，缺席 1 人"
        outcomes.add_row()
        for col, text in ((1, "康养集聚区建设协商报告"), (2, "4"), (3, "13")):
            outcomes.table.item(0, col).setText(text)
        editor.accept()
        return editor.result() == QDialog.DialogCode.Accepted

    scripted.then(fill)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    event_id = page.current_id()
    assert event_id is not None
    assert EventService(db).attendance_counts(event_id) == {
        Attendance.PRESENT: 27, Attendance.EXCUSED: 2, Attendance.ABSENT: 1}
    event = EventService(db).get(event_id)
    assert [(o.aspects, o.items) for o in event.outcomes] == [(4, 13)]
    assert "请假2人" in page.detail.toPlainText() and "4方面13条" in page.detail.toPlainText()

    excused = next(p.member_id for p in event.participations
                   if p.attendance == Attendance.EXCUSED)
    members = window.show_page("members")
    members.reveal(excused)
    from app.reports.dossier import member_dossier
    html = dossier_html(member_dossier(db, excused))
    assert "关于推进康养集聚区建设的专题协商会" in html and "因公出差" in html
    assert "专题协商会" in members.detail.toPlainText()

    v = compute(db, ["events.consultation", "outcomes.reports", "participations.present"],
                Period.year(2025))
    assert v["events.consultation"].ids == (event_id,)
    assert v["outcomes.reports"].value == 1 and v["participations.present"].value == 27
    assert cli(["stats", "--year", "2025", "--db", str(db.file_path)]) == 0
    out = capsys.readouterr().out
    assert "协商活动：1次" in out.replace(" ", "").replace("　", "")
    assert len(member_ids) == MemberService(db).count(ListQuery(filters={"status": "active"}))


def test_invalid_participant_list_keeps_the_editor_open(window, scripted, db, actor) -> None:
    seated_members(db, actor)
    page = window.show_page("activities")
    seen = {}

    def fill(editor) -> bool:
        editor.inputs["title"].widget.setText("视察")
        participants = editor.extras[0]
        participants.add_query({})
        editor.inputs["start_on"].widget.setText("2025-02-30")
        editor.accept()
        seen["start"] = editor.errors["start_on"].text()
        seen["kind"] = editor.errors["kind_id"].text()
        seen["result"] = editor.result()
        return False

    scripted.then(fill)
    page.open_editor(None)
    assert "日期" in seen["start"] and seen["kind"] == "必须填写"
    assert seen["result"] == QDialog.DialogCode.Rejected
    assert EventService(db).count() == 0


def test_duplicate_an_event(window, db, actor, qtbot) -> None:
    seated = seated_members(db, actor)
    kind_id = EventKindService(db).ids()[0]
    source = EventService(db).create(actor, {
        "title": "常委会议", "kind_id": kind_id, "start_on": "2025-03-01",
        "participants": [{"member_id": m} for m in seated[:5]]}).value
    page = window.show_page("meetings")
    page.reveal(source.id)
    window.dialogs.ask_text = lambda title, label: "2025-04-01"
    page.duplicate_current()
    copy = EventService(db).get(page.current_id())
    assert copy.id != source.id and str(copy.start_on) == "2025-04-01"
    assert len(copy.participations) == 5


def test_calendar_marks_days_and_locates_an_event(window, scripted, db, actor) -> None:
    kind_id = next(k.id for k in EventKindService(db).fetch(EventKindService(db).ids())
                   if k.family == EventFamily.MEETING)
    event = EventService(db).create(actor, {"title": "第五次常委会议", "kind_id": kind_id,
                                            "start_on": "2025-03-12"}).value
    page = window.show_page("meetings")
    page.filter_boxes["year"].setCurrentIndex(0)  # 全部

    def pick(calendar) -> bool:
        from PySide6.QtCore import QDate
        calendar.calendar.setSelectedDate(QDate(2025, 3, 12))
        assert calendar.day.item(0).text().startswith("第五次常委会议（")
        calendar.day.setCurrentRow(0)
        calendar._choose(calendar.day.currentItem())
        return True

    page.select_id(event.id)
    scripted.then(pick)
    page.clearFocus()
    page.table.clearSelection()
    page.open_calendar()
    assert page.current_id() == event.id
