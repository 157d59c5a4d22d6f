"""请假 with reason, approver and date through the event service; only a leave keeps them; an
approved leave and an absence score differently (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.db.engine import Database
from app.domain.enums import Attendance
from app.errors import ValidationError
from app.models import Participation
from app.scoring.engine import compute_scores
from app.services.events import EventService
from tests.scoring.conftest import YEAR, Committee
from tests.versions import now


def _row(db: Database, event_id: int, member_id: int) -> Participation:
    with db.reader() as s:
        return s.scalars(select(Participation).where(Participation.event_id == event_id,
                                                     Participation.member_id == member_id)).one()


def test_leave_approver_and_date(any_db: Database, committee: Committee, actor: object) -> None:
    c, svc = committee, EventService(any_db)
    plenary = c.events["plenary"]
    svc.mark_attendance(actor, plenary, [c.m["张三"]], Attendance.EXCUSED, "住院",
                        "主席吴磊", dt.date(2025, 1, 8), version=now(svc, plenary))
    row = _row(any_db, plenary, c.m["张三"])
    assert (row.leave_reason, row.leave_approver, row.leave_approved_on) == (
        "住院", "主席吴磊", dt.date(2025, 1, 8))
    three = compute_scores(any_db, YEAR).by_member(c.m["张三"])
    assert three is not None
    assert {i.rule for i in three.items} >= {"excused_plenary"}
    assert "absent_plenary" not in {i.rule for i in three.items}
    assert "未出席全体会议" not in three.missing
    # back to 缺席: the leave's details go with it
    svc.mark_attendance(actor, plenary, [c.m["张三"]], Attendance.ABSENT, "x", "y",
                        dt.date(2025, 1, 8), version=now(svc, plenary))
    row = _row(any_db, plenary, c.m["张三"])
    assert (row.leave_reason, row.leave_approver, row.leave_approved_on) == ("", "", None)


def test_participant_list_keeps_approver_and_refuses_a_bad_date(
        any_db: Database, committee: Committee, actor: object) -> None:
    c, svc = committee, EventService(any_db)
    event = c.events["inspect2"]
    rows = [{"member_id": c.m["陈五"], "attendance": "请假", "leave_reason": "出差",
             "leave_approver": "专委会主任李二", "leave_approved_on": "2025-07-01"},
            {"member_id": c.m["刘四"], "attendance": "出席", "leave_approver": "不应保留"}]
    svc.set_participants(actor, event, rows, version=now(svc, event))
    assert _row(any_db, event, c.m["陈五"]).leave_approver == "专委会主任李二"
    assert _row(any_db, event, c.m["刘四"]).leave_approver == ""
    rows[0]["leave_approved_on"] = "2025-02-30"
    with pytest.raises(ValidationError) as err:
        svc.set_participants(actor, event, rows, version=now(svc, event))
    assert "第1行批准日期" in str(err.value) and "2025-02-30" in str(err.value)
    assert _row(any_db, event, c.m["陈五"]).leave_approved_on == dt.date(2025, 7, 1)
