"""An event saved from its editor together with participants and outcomes, all or nothing."""

from __future__ import annotations

import pytest

from app.domain.enums import Attendance
from app.errors import ValidationError
from app.services.events import EventService
from tests.versions import now, outcome_now


def test_event_with_participants_and_outcomes_in_one_transaction(
        db, actor, world, snapshot, published) -> None:
    svc = EventService(db)
    rows = [{"member_id": m} for m in world.members[:30]]
    rows[3] |= {"attendance": "请假", "leave_reason": "因公出差"}
    rows[4] |= {"attendance": Attendance.EXCUSED, "leave_reason": "身体原因"}
    rows[5] |= {"attendance": "缺席"}
    event = svc.create(actor, {
        "title": "关于推进康养集聚区建设的专题协商会", "kind_id": world.meeting_kind_id,
        "start_on": "2025-06-10", "participants": rows,
        "outcomes": [{"kind": "协商报告", "title": "康养集聚区建设协商报告", "aspects": 4,
                      "items": 13}]}).value
    assert svc.attendance_counts(event.id) == {
        Attendance.PRESENT: 27, Attendance.EXCUSED: 2, Attendance.ABSENT: 1}
    assert [(o.title, o.aspects, o.items) for o in event.outcomes] == [
        ("康养集聚区建设协商报告", 4, 13)]
    assert published[-1].entities["members"] == set(world.members[:30])

    outcome_id = event.outcomes[0].id
    updated = svc.update(actor, event.id, {
        "participants": rows[:10],
        "outcomes": [{"id": outcome_id, "kind": "协商报告", "title": "康养集聚区建设协商报告",
                      "aspects": 5, "items": 17}]}, version=event.version).value
    assert len(updated.participations) == 10 and updated.outcomes[0].items == 17
    assert updated.outcomes[0].id == outcome_id and updated.version == event.version + 1
    assert published[-1].entities["members"] == set(world.members[10:30])

    before = snapshot()
    bad = [{"member_id": world.members[0]}, {"member_id": world.members[0]},
           {"member_id": world.members[1], "attendance": "迟到"}]
    with pytest.raises(ValidationError) as info:
        svc.update(actor, event.id, {"title": "改名", "participants": bad,
                                     "outcomes": [{"kind": "协商报告", "title": ""}]},
                   version=now(svc, event.id))
    fields = {p.field for p in info.value.problems}
    assert "participants.attendance" in fields and "outcomes.title" in fields
    assert any("第2行" in str(p) for p in info.value.problems)  # the repeated member
    assert snapshot() == before  # nothing written, not even the title


def test_instruction_on_an_outcome(db, actor, world) -> None:
    svc = EventService(db)
    event = svc.create(actor, {"title": "调研", "kind_id": world.study_kind_id,
                               "start_on": "2025-03-01",
                               "outcomes": [{"kind": "调研报告", "title": "集体经济调研报告",
                                             "aspects": 5, "items": 17}]}).value
    outcome_id = event.outcomes[0].id
    svc.add_outcome_instruction(actor, outcome_id, {"level": "县级领导", "leader": "县委书记",
                                                    "instructed_on": "2025-04-01",
                                                    "gist": "请有关部门认真研究落实"},
                                version=outcome_now(svc, outcome_id))
    [row] = svc.outcome_instructions(outcome_id)
    assert (row.leader, row.gist) == ("县委书记", "请有关部门认真研究落实")
    with pytest.raises(ValidationError, match="已登记领导批示，不能删除"):
        svc.update(actor, event.id, {"outcomes": []}, version=now(svc, event.id))
