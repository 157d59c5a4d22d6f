"""会议活动: one line per event, the attendance list in three columns of names.

出席委员, 请假委员 and 缺席委员 list members separated by 、. A role other than 参加 goes in
parentheses ("张琳（主持）"), and so does a leave reason ("李强（出差）"); namesakes are told
apart by their birth month ("张伟（1975.03）").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import Attendance, ParticipationRole
from app.domain.schema import EVENT, PARTICIPATION, RecordType
from app.exchange.aliases import enum_member
from app.exchange.kinds import Column, Context, ImportKind, cell_value, col
from app.exchange.model import Entry
from app.exchange.normalize import CellError, parse_text, split_items
from app.models import Event
from app.services.context import Actor, Changes
from app.services.events import EventService
from app.services.validation import clean

E = EVENT
# A participant row without its member, as ``EventService.set_participants`` checks it.
_ROW = RecordType(PARTICIPATION.entity, PARTICIPATION.label,
                  {k: v for k, v in PARTICIPATION.fields.items() if k != "member_id"})
LISTS = {"present": Attendance.PRESENT, "excused": Attendance.EXCUSED,
         "absent": Attendance.ABSENT}
_ROLES = "、".join(ParticipationRole.labels())

COLUMNS: tuple[Column, ...] = (
    col(E, "title", "活动名称", "会议名称", "会议活动名称", "会议（活动）名称", "活动标题",
        width=30, note="必填。"),
    col(E, "kind_id", "活动类型", "会议类型", "会议活动类型", parse="event_kind", width=12,
        note="必填，应为系统中已有的活动类型，如常委会议、视察、调研。"),
    col(E, "start_on", "日期", "活动日期", "会议日期", "举办日期", "时间", "活动时间", width=12,
        note="必填。如2024-04-23或2024年4月23日。"),
    col(E, "end_on", "截止日期", width=12, note="多日活动的最后一天；一天的活动不填。"),
    col(E, "place", "活动地点", "会议地点", width=16),
    col(E, "organizer_id", "牵头单位", "组织部门", "主办单位", parse="unit", width=14,
        note="本会机构名称或简称，如办公室、提案委。"),
    col(E, "session_id", "所属会议", parse="text", width=14, note="如“十届三次会议”；可不填。"),
    col(E, "sequence_no", "次序", width=8, note="如第5次常委会议填5。"),
    col(E, "topic", "活动主题", "会议主题", width=20),
    col(E, "summary", "主要内容", "活动内容", "内容", width=30),
    col(E, "featured", "是否重点活动", width=8),
    Column("present", "出席委员", "list", None,
           ("参加委员", "出席人员", "参加人员", "参会委员", "到会委员", "参加委员名单"), width=30,
           note="委员姓名，用“、”分隔；主持、发言、带队写在括号中，如“张琳（主持）”；"
                "同名委员加出生年月，如“张伟（1975.03）”。"),
    Column("excused", "请假委员", "list", None, ("请假人员", "请假委员名单"), width=20,
           note="写法同“出席委员”，请假事由写在括号中，如“李强（出差）”。"),
    Column("absent", "缺席委员", "list", None, ("缺席人员", "未到会委员", "无故缺席委员"),
           width=16),
    col(E, "guests", "列席人数", width=8),
    col(E, "people_served", "服务群众人次", width=8),
    col(E, "deeds_done", "办好事件数", "办实事", width=8),
    col(E, "funds_raised", "筹集资金", "筹措资金（元）", width=10),
    col(E, "beneficiaries", width=8),
    col(E, "notes", width=16),
)
_EVENT_KEYS = [c.key for c in COLUMNS if c.key in E.fields]


class EventKind(ImportKind):
    name = "events"
    label = "会议活动"
    title = "会议活动导入模板"
    rtype = EVENT
    service = EventService
    columns = COLUMNS
    key_rule = "会议活动按开始日期、名称和活动类型确认是同一次"
    key_fix = "核对活动类型和主题"

    def prepare(self, entry: Entry, ctx: Context) -> None:
        if "session_id" in entry.values:
            raw = entry.values["session_id"]
            try:
                entry.values["session_id"] = ctx.lookups.plenary(
                    raw, ctx.lookups.current_term_id)[1]
            except CellError as exc:
                entry.values.pop("session_id")
                entry.problems.append(self.problem(ctx, entry.row, "session_id", raw, str(exc)))
        people: dict[int, dict[str, Any]] = {}
        for key, attendance in LISTS.items():
            for item in entry.values.get(key) or []:
                try:
                    row = self._participant(item, attendance, ctx)
                except CellError as exc:
                    entry.problems.append(self.problem(ctx, entry.row, key, item, str(exc)))
                    continue
                if row["member_id"] in people:
                    earlier = people[row["member_id"]]["_key"]
                    before = ctx.labels.get(earlier, self.by_key[earlier].label)
                    entry.problems.append(self.problem(
                        ctx, entry.row, key, item, f"该委员已列入“{before}”，不能重复列入"))
                    continue
                people[row["member_id"]] = row | {"_key": key}
        entry.extra["people"] = people

    @staticmethod
    def _participant(item: str, attendance: Attendance, ctx: Context) -> dict[str, Any]:
        name, notes = split_items(item)
        member_id, notes = ctx.lookups.member(name, notes)
        role, reasons = ParticipationRole.PARTICIPANT, []
        for note in notes:
            try:
                found = enum_member(ParticipationRole, note)
            except CellError:
                found = None
            if found is not None:
                role = found
            elif attendance == Attendance.EXCUSED:
                reasons.append(note)
            else:
                raise CellError(f"括号中的“{note}”无法识别：应为角色（{_ROLES}）")
        return {"member_id": member_id, "role": role, "attendance": attendance,
                "leave_reason": "，".join(reasons)}

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        if not v.get("title") or not v.get("start_on"):
            return []
        return [("event", v["title"], v["start_on"], v.get("kind_id"), v.get("topic") or "")]

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "名称、开始日期、活动类型和主题相同" if key[4] else "名称、开始日期和活动类型相同"

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        """Same date, name and kind (and the same topic, when the file gives topics: offices
        hold several 专题学习 on one day)."""
        v = entry.values
        if not v.get("title") or not v.get("start_on") or not v.get("kind_id"):
            return []
        stmt = select(Event).where(Event.deleted_at.is_(None), Event.title == v["title"],
                                   Event.start_on == v["start_on"],
                                   Event.kind_id == v["kind_id"])
        reason = "名称、开始日期和活动类型相同"
        if "topic" in entry.lines[0].cells:
            stmt, reason = stmt.where(Event.topic == (v.get("topic") or "")), \
                "名称、开始日期、活动类型和主题相同"
        return [(e.id, f"会议活动“{self.svc.describe(e)}”（编号{e.id}）", reason)
                for e in session.scalars(stmt)]

    def find_possible(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        """The same name on the same day, of another kind or topic (a recurring meeting on
        another day is another meeting)."""
        v = entry.values
        if not v.get("title") or not v.get("start_on"):
            return []
        stmt = select(Event).where(Event.deleted_at.is_(None), Event.title == v["title"],
                                   Event.start_on == v["start_on"]).order_by(Event.id)
        return [(e.id, f"会议活动“{self.svc.describe(e)}”（编号{e.id}，"
                 f"{ctx.lookups.kind_names.get(e.kind_id, '')}）",
                 "名称和开始日期相同，活动类型或主题不同") for e in session.scalars(stmt)]

    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        data = self.data(entry, _EVENT_KEYS, current)
        values = self.check_record(session, ctx, entry, data, {}, current)
        wanted: dict[int, dict[str, Any]] = {}
        for member_id, row in entry.extra.get("people", {}).items():
            given = {k: row[k] for k in ("role", "attendance", "leave_reason")}
            typed, problems = clean(session, _ROW, given)
            for p in problems:
                entry.problems.append(self.problem(ctx, entry.row, row["_key"],
                                                   self.cell(entry, row["_key"]), str(p)))
            if typed.get("attendance") != Attendance.EXCUSED:
                typed["leave_reason"] = ""
            wanted[member_id] = typed
        return values, wanted

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        values, wanted = prepared
        changed: set[int] = set()

        def children(obj: Event) -> dict[str, tuple[Any, Any]]:
            if not wanted:
                return {}
            changed.update(EventService.apply_participations(obj, wanted, remove_missing=False))
            names = "、".join(ctx.lookups.member_by_id[i].name for i in changed
                             if i in ctx.lookups.member_by_id)
            return {"member_id": (None, names)} if changed else {}

        obj = self.save_record(session, actor, ctx, values, current, children)
        return obj, Changes().add("members", *changed) if changed else Changes()

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        lk = ctx.lookups
        events = session.scalars(self.svc.load(select(Event).where(Event.deleted_at.is_(None))
                                               .order_by(Event.start_on, Event.id))).all()
        for event in events:
            line = []
            for c in self.columns:
                if c.key in LISTS:
                    line.append(self._names(event, LISTS[c.key], lk))
                elif c.key == "kind_id":
                    line.append(lk.kind_names.get(event.kind_id, ""))
                elif c.key == "organizer_id":
                    line.append(lk.unit_names.get(event.organizer_id, "")
                                if event.organizer_id else "")
                elif c.key == "session_id":
                    line.append(lk.plenary_text(event.session_id) if event.session_id else "")
                else:
                    line.append(cell_value(getattr(event, c.key)))
            yield [line]

    @staticmethod
    def _names(event: Event, attendance: Attendance, lk: Any) -> str:
        items = []
        for p in sorted(event.participations, key=lambda p: p.id or 0):
            if p.attendance != attendance or p.member_id not in lk.member_by_id:
                continue
            notes = [] if p.role == ParticipationRole.PARTICIPANT else [p.role.label]
            if p.leave_reason:
                notes.append(parse_text(p.leave_reason))
            text = lk.member_label(p.member_id)
            items.append(text + (f"（{'，'.join(notes)}）" if notes else ""))
        return "、".join(items)
