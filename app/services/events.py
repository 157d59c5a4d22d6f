"""Meetings, consultations and activities (会议协商、履职活动): attendance lists and outcomes."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, selectinload

from app.domain.enums import Attendance, AuditAction, EventFamily, ParticipationRole
from app.domain.schema import EVENT, INSTRUCTION, OUTCOME, PARTICIPATION, RecordType
from app.errors import FieldProblem, NotFoundError
from app.models import Event, EventKind, Instruction, Member, Outcome, Participation
from app.services import audit
from app.services.common import (
    apply_values,
    member_problems,
    read_instructions,
    write_instruction,
    year_range,
)
from app.services.context import Actor, Changes, Result, publish
from app.services.crud import FilterFn, RecordService, SortFn
from app.services.list_rows import count_by, counts_by_parent, in_order, rows_by_id, select_by
from app.services.validation import clean, coerce

# A participant row without its member: the member is checked by name (see ``member_problems``).
_ROW = RecordType(PARTICIPATION.entity, PARTICIPATION.label,
                  {k: v for k, v in PARTICIPATION.fields.items() if k != "member_id"})


@dataclass(frozen=True)
class MemberParticipation:
    """One line of a member's 履职档案: an event the member was invited to."""

    event_id: int
    title: str
    start_on: dt.date
    end_on: dt.date | None
    kind_name: str
    family: EventFamily
    role: ParticipationRole
    attendance: Attendance
    leave_reason: str


@functools.cache
def _list_statements() -> tuple[Select[Any], Select[Any]]:
    """The statements of ``EventService.list_rows`` (built once)."""
    event = select_by(Event, "id",
                      ["version", "start_on", "end_on", "title", "place", "featured", "kind_id",
                       select(EventKind.name).where(EventKind.id == Event.kind_id)
                       .scalar_subquery().label("kind_name")])
    return event, count_by(Participation, "event_id", "attendance")


class EventService(RecordService[Event]):
    model = Event
    rtype = EVENT
    search_columns = (Event.title, Event.topic, Event.place)
    default_sort = "date"
    owned_children = frozenset({"participations", "outcomes"})

    # ----- hooks ---------------------------------------------------------------------
    def load(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.options(selectinload(Event.kind), selectinload(Event.participations),
                            selectinload(Event.outcomes))

    def list_rows(self, ids: Iterable[int]) -> list[Any]:
        """The event lists' rows as plain values: the event's columns, its kind (``kind.name``)
        and how many members attended in each way (``attendance``: {Attendance: n})."""
        wanted = list(ids)
        event, attendance_count = _list_statements()
        with self.db.reader() as session:
            rows = rows_by_id(session, event, wanted)
            attendance = counts_by_parent(session, attendance_count, list(rows))
        for eid, row in rows.items():
            row.kind = SimpleNamespace(name=row.kind_name)
            row.attendance = attendance[eid]
        return in_order(rows, wanted)

    def describe(self, obj: Event) -> str:
        return f"{obj.title}（{obj.start_on:%Y-%m-%d}）" if obj.start_on else obj.title

    def filters(self) -> dict[str, FilterFn]:
        return {
            "kind_id": lambda v: Event.kind_id == v,
            "family": lambda v: Event.kind_id.in_(
                select(EventKind.id).where(EventKind.family == v)),
            "families": lambda v: Event.kind_id.in_(
                select(EventKind.id).where(EventKind.family.in_(list(v)))),
            "organizer_id": lambda v: Event.organizer_id == v,
            # overlap: an event lasting several days counts if any day is in the range
            "date_from": lambda v: func.coalesce(Event.end_on, Event.start_on) >= v,
            "date_to": lambda v: Event.start_on <= v,
            "featured": lambda v: Event.featured.is_(bool(v)),
            "year": lambda v: year_range(Event.start_on, v),
            "member_id": lambda v: exists().where(
                Participation.event_id == Event.id, Participation.member_id == v),
            "session_id": lambda v: Event.session_id == v,
        }

    def sorts(self) -> dict[str, SortFn]:
        kind_order = (select(EventKind.sort_order).where(EventKind.id == Event.kind_id)
                      .scalar_subquery())
        return {
            "id": lambda: [Event.id],
            "date": lambda: [Event.start_on],
            "title": lambda: [Event.title],
            "kind": lambda: [kind_order, Event.kind_id, Event.start_on],
        }

    def check(self, session: Session, values: dict[str, Any], current: Event | None
              ) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        start = values.get("start_on", getattr(current, "start_on", None))
        end = values.get("end_on", getattr(current, "end_on", None))
        if start and end and end < start:
            problems.append(FieldProblem("end_on", EVENT.label_of("end_on"), end,
                                         f"早于开始日期{start:%Y-%m-%d}"))
        funds = values.get("funds_raised")
        if funds is not None:
            if funds < 0:
                problems.append(FieldProblem("funds_raised", EVENT.label_of("funds_raised"),
                                             funds, "不能为负数"))
            else:
                values["funds_raised"] = funds.quantize(Decimal("0.01"), ROUND_HALF_UP)
        for name in ("guests", "people_served", "deeds_done", "beneficiaries"):
            if name in values and values[name] is None:
                values[name] = 0  # blank counts are zero, never NULL
        if "funds_raised" in values and values["funds_raised"] is None:
            values["funds_raised"] = Decimal(0)
        return problems

    # ----- participants --------------------------------------------------------------
    def set_participants(self, actor: Actor, event_id: int, rows: list[dict[str, Any]], *,
                         version: int) -> Result[Event]:
        """Replace the whole participant list (rows: member_id, role, attendance, leave_reason)."""
        with self._step(actor, event_id, version) as (session, event):
            wanted, members, problems = self._clean_participants(session, rows)
            self._raise(problems)
            changed = self.apply_participations(event, wanted, remove_missing=True)
            if changed:
                self.touch(event)
                audit.record(session, actor, AuditAction.UPDATE, PARTICIPATION, event_id,
                             f"设置会议活动“{self.describe(event)}”的参加人员（{len(wanted)}人，"
                             f"变动{len(changed)}人）",
                             self._participants_diff(session, members, changed))
        return self._announce(event_id, changed, changed=bool(changed))

    def _clean_participants(self, session: Session, rows: list[dict[str, Any]]
                            ) -> tuple[dict[int, dict[str, Any]], dict[int, Member],
                                       list[FieldProblem]]:
        """Validate a whole participant list; every problem names its row and member."""
        ids, members, problems = member_problems(
            session, [r.get("member_id") for r in rows], "第{n}行委员", "不能列为参加人员")
        cleaned: list[dict[str, Any]] = []
        for n, row in enumerate(rows, start=1):
            rest = {k: v for k, v in row.items() if k != "member_id"}
            values, row_problems = clean(session, _ROW, rest)
            problems += [FieldProblem(p.field, f"第{n}行{p.label}", p.value, p.message)
                         for p in row_problems]
            cleaned.append(values)
        wanted: dict[int, dict[str, Any]] = {}
        if not problems:
            for member_id, values in zip(ids, cleaned, strict=True):
                values = {"role": ParticipationRole.PARTICIPANT,
                          "attendance": Attendance.PRESENT, "leave_reason": "",
                          "leave_approver": "", "leave_approved_on": None} | {
                    k: v for k, v in values.items() if v is not None}
                if values["attendance"] != Attendance.EXCUSED:  # only a leave has these
                    values |= {"leave_reason": "", "leave_approver": "",
                               "leave_approved_on": None}
                wanted[member_id] = values
        return wanted, members, problems

    @staticmethod
    def _participants_diff(session: Session, members: dict[int, Member], changed: set[int]
                           ) -> dict[str, tuple[Any, Any]]:
        gone = {i for i in changed if i not in members}
        members = members | {m.id: m for m in session.scalars(
            select(Member).where(Member.id.in_(gone)))}
        return _names_diff(members, changed)

    # ----- participants and outcomes saved with the event (editor tabs) ---------------
    extra_keys = frozenset({"participants", "outcomes"})

    def check_extra(self, session: Session, values: dict[str, Any], extra: dict[str, Any],
                    current: Event | None) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        if "participants" in extra:
            wanted, members, found = self._clean_participants(session, extra["participants"])
            extra["participants"] = (wanted, members)
            problems += [FieldProblem(f"participants.{p.field}", p.label, p.value, p.message)
                         for p in found]
        if "outcomes" in extra:
            rows, found = self.clean_outcomes(session, extra["outcomes"], current)
            extra["outcomes"] = rows
            problems += found
        return problems

    def write_extra(self, session: Session, obj: Event, extra: dict[str, Any]
                    ) -> dict[str, tuple[Any, Any]]:
        diff: dict[str, tuple[Any, Any]] = {}
        if "participants" in extra:
            wanted, members = extra["participants"]
            changed = self.apply_participations(obj, wanted, remove_missing=True)
            extra["_changed_members"] = changed
            if changed:
                diff.update(self._participants_diff(session, members, changed))
                diff["参加人员"] = (None, f"{len(wanted)}人（变动{len(changed)}人）")
        if "outcomes" in extra:
            diff.update(self.sync_outcomes(obj, extra["outcomes"]))
        return diff

    def related_changes(self, session: Session, obj: Event, extra: dict[str, Any],
                        before: Any) -> Changes:
        return Changes().add("members", *extra["_changed_members"]) \
            if extra.get("_changed_members") else Changes()

    def clean_outcomes(self, session: Session, rows: list[dict[str, Any]],
                        current: Event | None) -> tuple[list[dict[str, Any]], list[FieldProblem]]:
        """Validate outcome rows ({"id": N} for an existing one); the problems name the row."""
        problems: list[FieldProblem] = []
        cleaned: list[dict[str, Any]] = []
        existing = {o.id: o for o in current.outcomes} if current is not None else {}
        kept = {r.get("id") for r in rows if r.get("id")}
        for gone in set(existing) - kept:
            if session.scalar(select(func.count()).where(Instruction.outcome_id == gone)):
                problems.append(FieldProblem(
                    "outcomes", OUTCOME.label, existing[gone].title,
                    f"成果“{existing[gone].title}”已登记领导批示，不能删除"))
        for n, row in enumerate(rows, start=1):
            row_id = row.get("id")
            values, found = clean(session, OUTCOME, {k: v for k, v in row.items() if k != "id"},
                                  current=existing.get(row_id) if row_id is not None else None)
            problems += [FieldProblem(f"outcomes.{p.field}", f"第{n}项成果的{p.label}", p.value,
                                      p.message) for p in found]
            for name in ("aspects", "items", "problems"):
                if name in values and values[name] is None:
                    values[name] = 0
            cleaned.append({"id": row_id, **values})
        return cleaned, problems

    @staticmethod
    def sync_outcomes(event: Event, rows: list[dict[str, Any]]) -> dict[str, tuple[Any, Any]]:
        existing = {o.id: o for o in event.outcomes}
        keep: list[Outcome] = []
        diff: dict[str, tuple[Any, Any]] = {}
        for n, row in enumerate(rows, start=1):
            values = {k: v for k, v in row.items() if k != "id"}
            outcome = existing.get(row["id"]) if row.get("id") else None
            if outcome is None:
                outcome = Outcome(**values)
                diff[f"新增第{n}项成果"] = (None, outcome.title)
            else:
                for name, change in apply_values(outcome, values).items():
                    diff[f"第{n}项成果·{OUTCOME.label_of(name)}"] = change
            keep.append(outcome)
        for gone in set(existing) - {o.id for o in keep}:
            diff[f"删除成果“{existing[gone].title}”"] = (existing[gone].title, None)
        event.outcomes = keep
        return diff

    def add_participants(self, actor: Actor, event_id: int, member_ids: list[int],
                         attendance: Attendance = Attendance.PRESENT, *, version: int
                         ) -> Result[Event]:
        """Invite members; those already on the list are left as they are."""
        with self._step(actor, event_id, version) as (session, event):
            ids, members, problems = member_problems(session, list(member_ids), "第{n}位委员",
                                                     "不能列为参加人员", "位")
            self._raise(problems)
            present = {p.member_id for p in event.participations}
            added = [i for i in ids if i not in present]
            for member_id in added:
                event.participations.append(Participation(
                    member_id=member_id, role=ParticipationRole.PARTICIPANT,
                    attendance=attendance, leave_reason=""))
            if added:
                self.touch(event)
                audit.record(session, actor, AuditAction.UPDATE, PARTICIPATION, event_id,
                             f"为会议活动“{self.describe(event)}”添加参加人员{len(added)}人",
                             _names_diff(members, set(added)))
        return self._announce(event_id, set(added), changed=bool(added))

    def mark_attendance(self, actor: Actor, event_id: int, member_ids: list[int],
                        attendance: Attendance, leave_reason: str = "",
                        leave_approver: str = "", leave_approved_on: dt.date | None = None,
                        *, version: int) -> Result[Event]:
        """Mark several invitees 出席 / 请假 / 缺席 at once (a leave reason, who approved it
        and when only for 请假)."""
        with self._step(actor, event_id, version) as (session, event):
            ids, members, problems = member_problems(session, list(member_ids), "第{n}位委员",
                                                     "不能登记出席情况", "位")
            rows = {p.member_id: p for p in event.participations}
            for member_id in ids:
                if member_id in members and member_id not in rows:
                    name = members[member_id].name
                    problems.append(FieldProblem(
                        "member_id", PARTICIPATION.label_of("member_id"), name,
                        f"委员“{name}”不在会议活动“{self.describe(event)}”的参加人员名单中"))
            self._raise(problems)
            leave = attendance == Attendance.EXCUSED
            reason = leave_reason.strip() if leave else ""
            approver = leave_approver.strip()[:40] if leave else ""
            approved_on = leave_approved_on if leave else None
            wanted = (attendance, reason, approver, approved_on)
            changed = {i for i in ids
                       if (rows[i].attendance, rows[i].leave_reason, rows[i].leave_approver,
                           rows[i].leave_approved_on) != wanted}
            for member_id in changed:
                row = rows[member_id]
                row.attendance, row.leave_reason = attendance, reason
                row.leave_approver, row.leave_approved_on = approver, approved_on
            if changed:
                self.touch(event)
                audit.record(session, actor, AuditAction.UPDATE, PARTICIPATION, event_id,
                             f"登记会议活动“{self.describe(event)}”的出席情况："
                             f"{len(changed)}人{attendance.label}",
                             _names_diff(members, changed))
        return self._announce(event_id, changed, changed=bool(changed))

    @staticmethod
    def apply_participations(event: Event, wanted: dict[int, dict[str, Any]], *,
                             remove_missing: bool) -> set[int]:
        """Bring the event's rows to ``wanted`` in place; returns the members whose row changed."""
        changed: set[int] = set()
        keep: list[Participation] = []
        for row in event.participations:
            values = wanted.get(row.member_id)
            if values is None:
                if remove_missing:
                    changed.add(row.member_id)
                    continue
            else:
                if any(getattr(row, k) != v for k, v in values.items()):
                    changed.add(row.member_id)
                    for k, v in values.items():
                        setattr(row, k, v)
            keep.append(row)
        present = {r.member_id for r in keep}
        for member_id, values in wanted.items():
            if member_id not in present:
                keep.append(Participation(member_id=member_id, **values))
                changed.add(member_id)
        event.participations = keep
        return changed

    def attendance_counts(self, event_id: int) -> dict[Attendance, int]:
        with self.db.reader() as session:
            self._get(session, event_id)
            rows = session.execute(
                select(Participation.attendance, func.count())
                .where(Participation.event_id == event_id).group_by(Participation.attendance))
            counts = dict.fromkeys(Attendance, 0)
            counts.update(dict(rows.all()))
            return counts

    # ----- outcomes ------------------------------------------------------------------
    def save_outcome(self, actor: Actor, event_id: int, data: dict[str, Any],
                     outcome_id: int | None = None, *, version: int) -> Result[Event]:
        """Add an outcome (report, suggestions …) to the event, or change one; ``version`` is
        the event's."""
        with self._step(actor, event_id, version) as (session, event):
            current = None
            if outcome_id is not None:
                current = next((o for o in event.outcomes if o.id == outcome_id), None)
                if current is None:
                    raise NotFoundError(
                        f"会议活动“{self.describe(event)}”没有编号为{outcome_id}的活动成果。")
            values, problems = clean(session, OUTCOME, data, current=current)
            self._raise(problems)
            for name in ("aspects", "items", "problems"):
                if name in values and values[name] is None:
                    values[name] = 0
            if current is None:
                current = Outcome(**values)
                event.outcomes.append(current)
                action = AuditAction.CREATE
                diff = {k: (None, v) for k, v in values.items() if v not in (None, "", False)}
            else:
                action = AuditAction.UPDATE
                diff = apply_values(current, values)
            self.touch(event)
            audit.record(session, actor, action, OUTCOME, event_id,
                         f"{action.label}会议活动“{self.describe(event)}”的成果"
                         f"“{current.title}”", diff)
        return self._announce(event_id, set())

    def delete_outcome(self, actor: Actor, outcome_id: int, *, version: int) -> Result[Event]:
        """Delete one outcome; ``version`` is the version of its event as the clerk read it."""
        event_id = self._outcome_event(outcome_id)
        with self._step(actor, event_id, version) as (session, event):
            outcome = self._outcome_of(session, event, outcome_id)
            if session.scalar(select(func.count()).where(Instruction.outcome_id == outcome_id)):
                self._raise([FieldProblem(
                    "id", OUTCOME.label, outcome.title,
                    f"成果“{outcome.title}”已登记领导批示，请先删除批示再删除成果")])
            event.outcomes.remove(outcome)
            self.touch(event)
            audit.record(session, actor, AuditAction.DELETE, OUTCOME, event_id,
                         f"删除会议活动“{self.describe(event)}”的成果“{outcome.title}”")
        return self._announce(event_id, set())

    def _outcome_event(self, outcome_id: int) -> int:
        """The id of the event an outcome belongs to."""
        with self.db.reader() as session:
            outcome = session.get(Outcome, outcome_id)
            if outcome is None:
                raise NotFoundError(f"活动成果（编号{outcome_id}）不存在。")
            return outcome.event_id

    @staticmethod
    def _outcome_of(session: Session, event: Event, outcome_id: int) -> Outcome:
        outcome = session.get(Outcome, outcome_id)
        if outcome is None or outcome.event_id != event.id:
            raise NotFoundError(f"活动成果（编号{outcome_id}）不存在。")
        return outcome

    def add_outcome_instruction(self, actor: Actor, outcome_id: int, data: dict[str, Any], *,
                                version: int) -> Result[Event]:
        """Record a leader's 批示 on an outcome (level, leader, date, gist); ``version`` is the
        version of its event as the clerk read it."""
        event_id = self._outcome_event(outcome_id)
        with self._step(actor, event_id, version) as (session, event):
            self.outcome_instruction_in(session, actor, event,
                                        self._outcome_of(session, event, outcome_id), data)
        return self._announce(event_id, set())

    def outcome_instruction_in(self, session: Session, actor: Actor, event: Event,
                               outcome: Outcome, data: dict[str, Any]) -> Instruction:
        """``add_outcome_instruction`` inside the caller's transaction (and the Excel
        import of 批示 on an outcome)."""
        row = write_instruction(session, data, outcome_id=outcome.id)
        self.touch(event)
        audit.record(session, actor, AuditAction.CREATE, INSTRUCTION, event.id,
                     f"登记成果“{outcome.title}”的领导批示（{row.leader}）",
                     {"gist": (None, row.gist)})
        return row

    def outcome_instructions(self, outcome_id: int) -> list[Instruction]:
        with self.db.reader() as session:
            return read_instructions(session, outcome_id=outcome_id)

    # ----- copies and reads ----------------------------------------------------------
    def duplicate(self, actor: Actor, event_id: int, new_start_on: dt.date) -> Result[Event]:
        """A new event with the same basics and invitees (all 出席), starting ``new_start_on``."""
        actor.require_write()
        with self.db.session() as session:
            source = self._get(session, event_id)
            start = coerce(EVENT.fields["start_on"], new_start_on)
            if start is None:
                self._raise([FieldProblem("start_on", EVENT.label_of("start_on"), new_start_on,
                                          "必须填写")])
            end = start + (source.end_on - source.start_on) if source.end_on else None
            copy = Event(
                title=source.title, kind_id=source.kind_id, start_on=start, end_on=end,
                place=source.place, organizer_id=source.organizer_id, topic=source.topic,
                featured=source.featured, session_id=source.session_id)
            copy.participations = [
                Participation(member_id=p.member_id, role=p.role,
                              attendance=Attendance.PRESENT, leave_reason="")
                for p in source.participations]
            session.add(copy)
            session.flush()
            audit.record(session, actor, AuditAction.CREATE, EVENT, copy.id,
                         f"复制会议活动“{self.describe(source)}”为“{self.describe(copy)}”",
                         {"start_on": (None, start)})
            new_id, members = copy.id, {p.member_id for p in copy.participations}
        return self._announce(new_id, members)

    def participations_of_member(self, member_id: int) -> list[MemberParticipation]:
        """The member's invitations for the 履职档案, oldest first (deleted events left out)."""
        stmt = (select(Participation, Event, EventKind)
                .join(Event, Participation.event_id == Event.id)
                .join(EventKind, Event.kind_id == EventKind.id)
                .where(Participation.member_id == member_id, Event.deleted_at.is_(None))
                .order_by(Event.start_on, Event.id))
        with self.db.reader() as session:
            return [MemberParticipation(e.id, e.title, e.start_on, e.end_on, k.name, k.family,
                                        p.role, p.attendance, p.leave_reason)
                    for p, e, k in session.execute(stmt)]

    def _announce(self, event_id: int, members: set[int], *, changed: bool | None = None
                  ) -> Result[Event]:
        """Publish what changed; a participant step that changed no row publishes nothing."""
        changes = Changes()
        if members or changed or changed is None:
            changes.add("events", event_id)
        if members:
            changes.add("members", *members)
        publish(changes)
        return Result(self.get(event_id), changes)


def _names_diff(members: dict[int, Member], ids: set[int]) -> dict[str, tuple[Any, Any]]:
    names = "、".join(members[i].name for i in sorted(ids) if i in members)
    return {"member_id": (None, names)} if names else {}
