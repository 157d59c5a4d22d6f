"""Meetings and activities: round trip, attendance lists, outcomes, copies, 履职档案 rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain.enums import Attendance, AuditAction, EventFamily, ParticipationRole
from app.errors import ConflictError, PermissionDeniedError, ValidationError
from app.models import Member
from app.services.crud import ListQuery
from app.services.events import EventService
from tests.versions import now, outcome_now, versions

D = dt.date


def _event(db, actor, world, **data):
    base = {"title": "十届常委会第十次会议", "kind_id": world.meeting_kind_id,
            "start_on": "2024-03-05", "place": "县政协会议室", "organizer_id": world.unit_id,
            "topic": "审议年度协商计划"}
    return EventService(db).create(actor, base | data).value


def test_round_trip_filters_sorts_and_recycle_bin(db, actor, world, audit_log) -> None:
    events = EventService(db)
    meeting = _event(db, actor, world, end_on="2024年3月6日", funds_raised="12.345")
    assert meeting.kind.family == EventFamily.MEETING
    assert meeting.end_on == D(2024, 3, 6) and meeting.funds_raised == Decimal("12.35")
    study = events.create(actor, {"title": "专题学习会", "kind_id": world.study_kind_id,
                                  "start_on": D(2023, 11, 2), "featured": "是"}).value
    events.add_participants(actor, study.id, world.members[:2], version=now(events, study.id))
    got = events.get(meeting.id)
    assert got.title == "十届常委会第十次会议" and got.participations == []
    updated = events.update(actor, meeting.id, {"title": "十届常委会第十一次会议"},
                            version=got.version).value
    assert updated.version == got.version + 1

    def ids(**filters):
        return set(events.ids(ListQuery(filters=filters)))

    assert ids(kind_id=world.meeting_kind_id) == {meeting.id}
    assert ids(family=EventFamily.STUDY) == {study.id}
    assert ids(organizer_id=world.unit_id) == {meeting.id}
    assert ids(date_from=D(2024, 3, 6)) == {meeting.id}  # overlaps on its last day
    assert ids(date_from=D(2024, 3, 7)) == set()
    assert ids(date_to=D(2024, 1, 1)) == {study.id}
    assert ids(featured=True) == {study.id} and ids(featured=False) == {meeting.id}
    assert ids(year=2023) == {study.id}
    assert ids(member_id=world.members[1]) == {study.id}
    assert events.ids(ListQuery(search="协商计划")) == [meeting.id]
    assert events.ids(ListQuery(sort="date")) == [study.id, meeting.id]
    assert events.ids(ListQuery(sort="date", descending=True)) == [meeting.id, study.id]
    assert events.ids(ListQuery(sort="title")) == sorted(
        [meeting.id, study.id], key=lambda i: events.get(i).title)
    assert set(events.ids(ListQuery(sort="kind"))) == {meeting.id, study.id}
    assert events.query(ListQuery(limit=1)).total == 2

    events.delete(actor, versions(events, [meeting.id]))
    assert events.ids() == [study.id]
    assert events.ids(ListQuery(deleted=True)) == [meeting.id]
    events.restore(actor, versions(events, [meeting.id]))
    assert set(events.ids()) == {meeting.id, study.id}
    actions = [e.action for e in audit_log("events", meeting.id)]
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE,
                       AuditAction.RESTORE]


def test_invalid_values_are_named_and_nothing_is_written(db, actor, world, snapshot) -> None:
    events = EventService(db)
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        events.create(actor, {"title": "视察", "kind_id": world.meeting_kind_id,
                              "start_on": "2024-05-10", "end_on": "2024-05-01",
                              "funds_raised": "-5", "people_served": -3})
    problems = {p.field: p for p in info.value.problems}
    assert set(problems) == {"end_on", "funds_raised", "people_served"}
    assert "2024-05-01" in str(problems["end_on"]) and "早于开始日期2024-05-10" in str(
        problems["end_on"])
    assert "-5" in str(problems["funds_raised"]) and "-3" in str(problems["people_served"])
    assert "会议活动未保存" in str(info.value) and "筹集资金（元）" in str(info.value)
    assert snapshot() == before


def test_stale_version_is_a_conflict(db, actor, world, snapshot) -> None:
    events = EventService(db)
    event = _event(db, actor, world)
    events.update(actor, event.id, {"place": "委员之家"}, version=event.version)
    before = snapshot()
    with pytest.raises(ConflictError, match="已被其他用户修改"):
        events.update(actor, event.id, {"place": "会议中心"}, version=event.version)
    with pytest.raises(ConflictError):
        events.set_participants(actor, event.id, [{"member_id": world.members[0]}],
                                version=event.version)
    assert snapshot() == before


def test_thirty_participants_with_leave_and_absence(db, actor, world, published,
                                                    audit_log) -> None:
    events = EventService(db)
    event = _event(db, actor, world)
    rows = [{"member_id": m} for m in world.members]
    rows[0] |= {"role": "主持"}
    rows[3] |= {"attendance": "请假", "leave_reason": "出差"}
    rows[4] |= {"attendance": Attendance.EXCUSED, "leave_reason": "住院"}
    rows[5] |= {"attendance": "缺席", "leave_reason": "不应保留"}
    published.clear()
    result = events.set_participants(actor, event.id, rows, version=event.version)
    assert events.attendance_counts(event.id) == {
        Attendance.PRESENT: 27, Attendance.EXCUSED: 2, Attendance.ABSENT: 1}
    saved = {p.member_id: p for p in result.value.participations}
    assert saved[world.members[0]].role == ParticipationRole.HOST
    assert saved[world.members[3]].leave_reason == "出差"
    assert saved[world.members[5]].leave_reason == ""  # only 请假 keeps a reason
    assert result.value.version == event.version + 1
    assert published == [result.changes]
    assert result.changes.entities == {"events": {event.id}, "members": set(world.members)}
    entry = audit_log("participations", event.id)[-1]
    assert entry.action == AuditAction.UPDATE and "30人" in entry.summary

    # replacing the list: one member leaves, one changes attendance, nothing else moves
    rows = [r for r in rows if r["member_id"] != world.members[29]]
    rows[6] = {"member_id": world.members[6], "attendance": "缺席"}
    changed = events.set_participants(actor, event.id, rows, version=now(events, event.id)).changes
    assert changed.entities["members"] == {world.members[29], world.members[6]}
    assert sum(events.attendance_counts(event.id).values()) == 29


def test_participant_list_rejects_repeats_and_deleted_members(db, actor, world,
                                                              snapshot) -> None:
    events = EventService(db)
    event = _event(db, actor, world)
    with db.session() as session:
        gone = session.get(Member, world.members[2])
        gone.deleted_at = dt.datetime(2024, 1, 1)
    repeated, deleted = world.names[world.members[1]], world.names[world.members[2]]
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        events.set_participants(actor, event.id, [
            {"member_id": world.members[0]}, {"member_id": world.members[1]},
            {"member_id": world.members[1]}, {"member_id": world.members[2]},
            {"member_id": world.members[3], "attendance": "迟到"}], version=now(events, event.id))
    messages = [(p.field, str(p)) for p in info.value.problems]
    assert ("member_id", f"第3行委员“{repeated}”：委员“{repeated}”重复列入（同第2行）") in messages
    assert any(f == "member_id" and deleted in m and "回收站" in m for f, m in messages)
    assert any(f == "attendance" and "迟到" in m and "第5行" in m for f, m in messages)
    with pytest.raises(ValidationError, match="所选委员不存在"):
        events.add_participants(actor, event.id, [999999], version=now(events, event.id))
    assert snapshot() == before


def test_add_and_mark_attendance_in_bulk(db, actor, world, audit_log) -> None:
    events = EventService(db)
    event = _event(db, actor, world)
    first = events.add_participants(actor, event.id, world.members[:5],
                                    version=now(events, event.id))
    assert first.changes.entities["members"] == set(world.members[:5])
    again = events.add_participants(actor, event.id, world.members[3:8],
                                    version=now(events, event.id))
    assert again.changes.entities["members"] == set(world.members[5:8])  # 3, 4 skipped
    assert len(again.value.participations) == 8
    marked = events.mark_attendance(actor, event.id, world.members[:2], Attendance.EXCUSED,
                                    "外出学习", version=now(events, event.id))
    assert {p.member_id: p.leave_reason for p in marked.value.participations
            if p.attendance == Attendance.EXCUSED} == dict.fromkeys(world.members[:2], "外出学习")
    events.mark_attendance(actor, event.id, [world.members[0]], Attendance.ABSENT, "忽略",
                           version=now(events, event.id))
    counts = events.attendance_counts(event.id)
    assert counts == {Attendance.PRESENT: 6, Attendance.EXCUSED: 1, Attendance.ABSENT: 1}
    outsider = world.names[world.members[20]]
    with pytest.raises(ValidationError, match=f"委员“{outsider}”不在会议活动"):
        events.mark_attendance(actor, event.id, [world.members[20]], Attendance.PRESENT,
                               version=now(events, event.id))
    assert len(audit_log("participations", event.id)) == 4


def test_outcomes_saved_changed_and_deleted(db, actor, world, audit_log, published) -> None:
    events = EventService(db)
    event = _event(db, actor, world)
    result = events.save_outcome(actor, event.id, {
        "kind": "协商报告", "title": "关于加快县域物流发展的协商报告", "aspects": 4, "items": 13,
        "adopted": "是"}, version=now(events, event.id))
    outcome = result.value.outcomes[0]
    assert (outcome.aspects, outcome.items, outcome.adopted) == (4, 13, True)
    assert result.value.version == event.version + 1
    events.save_outcome(actor, event.id, {"items": 15}, outcome.id, version=now(events, event.id))
    assert events.get(event.id).outcomes[0].items == 15
    with pytest.raises(ValidationError) as info:
        events.save_outcome(actor, event.id, {"kind": "会议纪要", "title": ""},
                            version=now(events, event.id))
    assert {p.field for p in info.value.problems} == {"kind", "title"}
    assert "会议纪要" in str(info.value)
    events.delete_outcome(actor, outcome.id, version=outcome_now(events, outcome.id))
    assert events.get(event.id).outcomes == []
    assert [e.action for e in audit_log("outcomes", event.id)] == [
        AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert all(c.entities == {"events": {event.id}} for c in published[-3:])


def test_duplicate_copies_basics_and_invitees(db, actor, world, published) -> None:
    events = EventService(db)
    event = _event(db, actor, world, end_on="2024-03-06", summary="会议审议通过……",
                   people_served=50)
    events.set_participants(actor, event.id, [
        {"member_id": world.members[0], "role": "主持"},
        {"member_id": world.members[1], "attendance": "请假", "leave_reason": "病假"},
        {"member_id": world.members[2], "attendance": "缺席"}], version=now(events, event.id))
    events.save_outcome(actor, event.id, {"kind": "建议", "title": "若干建议"},
                        version=now(events, event.id))
    copy = events.duplicate(actor, event.id, "2024-06-10")
    new = copy.value
    assert new.id != event.id and new.title == event.title
    assert (new.start_on, new.end_on) == (D(2024, 6, 10), D(2024, 6, 11))
    assert (new.kind_id, new.place, new.organizer_id) == (event.kind_id, event.place,
                                                          event.organizer_id)
    assert new.summary == "" and new.people_served == 0 and new.outcomes == []
    assert {(p.member_id, p.role, p.attendance, p.leave_reason)
            for p in new.participations} == {
        (world.members[0], ParticipationRole.HOST, Attendance.PRESENT, ""),
        (world.members[1], ParticipationRole.PARTICIPANT, Attendance.PRESENT, ""),
        (world.members[2], ParticipationRole.PARTICIPANT, Attendance.PRESENT, "")}
    assert published[-1].entities == {"events": {new.id}, "members": set(world.members[:3])}
    assert len(events.get(event.id).participations) == 3


def test_participations_of_member(db, actor, world) -> None:
    events = EventService(db)
    first = _event(db, actor, world, start_on="2024-01-10")
    second = events.create(actor, {"title": "读书分享会", "kind_id": world.study_kind_id,
                                   "start_on": "2024-02-01"}).value
    deleted = _event(db, actor, world, start_on="2024-03-01")
    member = world.members[7]
    events.add_participants(actor, second.id, [member], version=now(events, second.id))
    events.set_participants(actor, first.id, [
        {"member_id": member, "attendance": "请假", "leave_reason": "出差"}],
                            version=now(events, first.id))
    events.add_participants(actor, deleted.id, [member], version=now(events, deleted.id))
    events.delete(actor, versions(events, [deleted.id]))
    rows = events.participations_of_member(member)
    assert [(r.event_id, r.title, r.start_on, r.family, r.attendance, r.leave_reason)
            for r in rows] == [
        (first.id, first.title, D(2024, 1, 10), EventFamily.MEETING, Attendance.EXCUSED, "出差"),
        (second.id, "读书分享会", D(2024, 2, 1), EventFamily.STUDY, Attendance.PRESENT, "")]
    assert rows[0].kind_name and rows[0].role == ParticipationRole.PARTICIPANT
    with pytest.raises(Exception):  # noqa: B017 - frozen dataclass
        rows[0].title = "x"  # type: ignore[misc]
    assert events.participations_of_member(world.members[29]) == []


def test_readonly_user_cannot_write_and_no_op_steps_publish_nothing(db, actor, reader, world,
                                                                     published) -> None:
    events = EventService(db)
    event = _event(db, actor, world)
    with pytest.raises(PermissionDeniedError):
        events.add_participants(reader, event.id, world.members[:1], version=now(events, event.id))
    events.add_participants(actor, event.id, world.members[:2], version=now(events, event.id))
    published.clear()
    again = events.add_participants(actor, event.id, world.members[:2],
                                    version=now(events, event.id))
    same = events.mark_attendance(actor, event.id, world.members[:2], Attendance.PRESENT,
                                  version=now(events, event.id))
    assert not again.changes and not same.changes and published == []
    assert events.get(event.id).version == again.value.version


def test_purge_takes_participants_and_outcomes_along(db, actor, world, snapshot) -> None:
    events = EventService(db)
    event = _event(db, actor, world)
    events.add_participants(actor, event.id, world.members[:3], version=now(events, event.id))
    events.save_outcome(actor, event.id, {"kind": "调研报告", "title": "关于乡村旅游的调研报告"},
                        version=now(events, event.id))
    with pytest.raises(ValidationError, match="须先删除到回收站"):
        events.purge(actor, versions(events, [event.id]))
    events.delete(actor, versions(events, [event.id]))
    events.purge(actor, versions(events, [event.id]))
    assert events.ids(ListQuery(deleted=True)) == []
    rows = snapshot()
    assert rows["participations"] == [] and rows["outcomes"] == []
