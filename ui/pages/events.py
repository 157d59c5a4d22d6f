"""会议协商 and 履职活动 pages: one event model, the pages differ by kind family."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any, ClassVar

from app.db.engine import Database
from app.domain.enums import Attendance, EventFamily, LeaderLevel, UnitKind
from app.domain.schema import INSTRUCTION
from app.models import Event
from app.services.crud import ListQuery
from app.services.events import EventService
from app.services.validation import InvalidValueError, parse_date
from ui.framework.columns import Column
from ui.framework.editor import RecordEditor, Section
from ui.framework.options import Options, year_choices
from ui.framework.record_page import ExportChoice, ExtraButton, FilterSpec, RecordPage
from ui.pages.event_tabs import OutcomesTab, ParticipantsTab
from ui.pages.exchange_actions import exchange_buttons, more_kind_buttons, records_export
from ui.theme import colour

MEETING_FAMILIES = (EventFamily.MEETING, EventFamily.CONSULTATION)
ACTIVITY_FAMILIES = tuple(f for f in EventFamily if f not in MEETING_FAMILIES)


def events_page_key(db: Database, event_id: int) -> str:
    """Which page shows an event: 会议协商 or 履职活动, by its kind's family."""
    event = EventService(db).get(event_id, include_deleted=True)
    return "meetings" if event.kind.family in MEETING_FAMILIES else "activities"


class EventsPage(RecordPage[Event]):
    families: ClassVar[tuple[EventFamily, ...]] = ()
    entities = ("events", "event_kinds", "participations", "units")
    search_hint = "搜索名称、主题或地点"
    default_descending = True  # newest first

    service_type = EventService

    def prepare(self) -> None:
        self.options = Options(self.ctx.db)

    def base_filters(self) -> dict[str, Any]:
        return {"families": list(self.families)}

    def default_filters(self) -> dict[str, Any]:
        return self.options.year_filter()

    def query(self) -> ListQuery:
        """A month chosen together with a year narrows the list to that month."""
        q = super().query()
        month = q.filters.pop("month", None)
        year = q.filters.get("year")
        if month and year:
            q.filters.pop("year")
            last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
            q.filters |= {"date_from": dt.date(year, month, 1), "date_to": last}
        return q

    def _kinds(self) -> list[tuple[str, Any]]:
        return [(text, value) for text, value in self.options.event_kinds()
                if any(f"（{f.label}）" in text for f in self.families)]

    def columns(self) -> list[Column]:
        return [
            Column("date", "日期", lambda e: f"{e.start_on}", "date", 90),
            Column("title", "名称", lambda e: e.title, "title", 300),
            Column("kind", "类型", lambda e: e.kind.name if e.kind else "", "kind", 100),
            Column("place", "地点", lambda e: e.place, None, 140),
            Column("people", "参加委员", _attendance, None, 150),
            Column("featured", "重点", lambda e: "★" if e.featured else "", None, 40),
        ]

    def filter_specs(self) -> list[FilterSpec]:
        return [
            FilterSpec("year", "年度", year_choices),
            FilterSpec("month", "月份", lambda: [(f"{m}月", m) for m in range(1, 13)]),
            FilterSpec("family", "类别", lambda: [(f.label, f) for f in self.families]),
            FilterSpec("kind_id", "类型", self._kinds),
            FilterSpec("organizer_id", "组织单位", self.options.all_units),
            FilterSpec("featured", "重点活动", lambda: [("重点活动", True)]),
        ]

    def extra_buttons(self) -> list[ExtraButton]:
        return [("日历", self.open_calendar), ("复制", self.duplicate_current),
                ("登记批示", self.add_instruction)]

    def data_buttons(self) -> list[ExtraButton]:
        return exchange_buttons(self, "events") + more_kind_buttons(self, "outcomes")

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "events"),
                records_export(self, "outcomes", "活动成果（完整记录，可修改后再导入）")]

    def open_calendar(self) -> None:
        from ui.pages.event_calendar import EventCalendar

        current = self.current_id()
        start = self.service.get(current).start_on if current else dt.date.today()
        calendar = EventCalendar(self.service, list(self.families),  # type: ignore[arg-type]
                                 self.title, start, self)
        try:
            if self.ctx.dialogs.exec(calendar) and calendar.chosen is not None:
                self.reveal(calendar.chosen)
        finally:
            calendar.deleteLater()

    def detail_html(self, row: Any) -> str:
        record: Event = self.service.get(row.id, include_deleted=True)  # the list has a row
        e = escape
        parts = [f"<h2>{e(record.title)}</h2>",
                 f"<p>{record.start_on}{'至' + str(record.end_on) if record.end_on else ''}　"
                 f"{e(record.kind.name if record.kind else '')}　{e(record.place)}</p>"]
        if record.topic:
            parts.append(f"<p>主题：{e(record.topic)}</p>")
        if record.summary:
            parts.append(f"<p style='white-space:pre-wrap'>{e(record.summary)}</p>")
        metrics = [(record.people_served, "服务群众", "人次"), (record.deeds_done, "办好事", "件"),
                   (record.beneficiaries, "受益", "人"), (record.guests, "非委员参加", "人")]
        shown = [f"{label}{n}{unit}" for n, label, unit in metrics if n]
        if record.funds_raised:
            shown.append(f"筹集资金{record.funds_raised / 10000:.1f}万元")
        if shown:
            parts.append(f"<p>{e('，'.join(shown))}</p>")
        by_attendance: dict[Attendance, list[Any]] = {a: [] for a in Attendance}
        for p in record.participations:
            by_attendance[p.attendance].append(p)
        names = {m.id: m.name for m in self._members([p.member_id for p in record.participations])}
        parts.append(f"<h3>参加委员（{len(record.participations)}人）</h3>")
        for attendance, rows in by_attendance.items():
            if rows:
                links = "、".join(
                    f"<a href='page:members?id={p.member_id}'>{e(names.get(p.member_id, ''))}</a>"
                    + (e(f"（{p.leave_reason}）") if p.leave_reason else "") for p in rows)
                parts.append(f"<p><b>{attendance.label}{len(rows)}人：</b>{links}</p>")
        if not record.participations:
            parts.append(f"<p style='color:{colour('muted')}'>还没有登记参加人员："
                         "点“编辑”，在“参加人员”页添加。</p>")
        for outcome in record.outcomes:
            parts.append(f"<h3>{e(outcome.kind.label)}：{e(outcome.title)}</h3>"
                         f"<p>{outcome.aspects}方面{outcome.items}条建议"
                         + (f"，问题{outcome.problems}项" if outcome.problems else "")
                         + (f"；报送{e(outcome.submitted_to)}" if outcome.submitted_to else "")
                         + ("；已采纳" if outcome.adopted else "") + "</p>")
            for row in self.service.outcome_instructions(outcome.id):  # type: ignore[attr-defined]
                parts.append(f"<p>批示：{row.instructed_on} {e(row.leader)}："
                             f"{e(row.gist)}</p>")
        return "".join(parts)

    def _members(self, ids: list[int]) -> list[Any]:
        from app.services.members import MemberService

        return MemberService(self.ctx.db).fetch(ids)

    def open_editor(self, record_id: int | None) -> bool:
        event = self.service.get(record_id) if record_id is not None else None
        sections = [
            Section("基本信息", ["title", "kind_id", "start_on", "end_on", "place",
                             "organizer_id", "topic", "summary", "featured"]),
            Section("服务成效", ["guests", "people_served", "deeds_done", "funds_raised",
                             "beneficiaries", "notes"]),
        ]
        options = {"kind_id": self._kinds,
                   "organizer_id": lambda: self.options.units(*UnitKind)}
        extras = [ParticipantsTab(self.ctx, event), OutcomesTab(self.ctx, event)]

        def widen(editor: RecordEditor) -> None:
            editor.resize(900, 620)

        title = f"编辑：{event.title}" if event else f"新增{self.title}"
        return self.run_editor(event, title, sections, options=options, extras=extras,
                               setup=widen)

    def duplicate_current(self) -> None:
        record_id = self.current_id()
        if record_id is None:
            self.ctx.dialogs.info("复制", "请先选中要复制的会议或活动。")
            return
        text = self.ctx.dialogs.ask_text("复制", "新的开始日期（如 2025-06-10）：")
        if not text:
            return
        try:
            day = parse_date(text)
        except InvalidValueError as exc:
            self.ctx.dialogs.warning("复制", f"“{text}”{exc}")
            return
        result = self.ctx.ops.call("复制", self.service.duplicate,  # type: ignore[attr-defined]
                                   self.ctx.actor, record_id, day)
        if result is not None:
            self.reveal(result.value.id)

    def add_instruction(self) -> None:
        record_id = self.current_id()
        event = self.service.get(record_id) if record_id is not None else None
        if event is None or not event.outcomes:
            self.ctx.dialogs.info("登记批示", "请先选中一个已登记成果"
                                  "（协商报告、调研报告等）的会议或活动。")
            return
        titles = {f"{o.kind.label}：{o.title}": o.id for o in event.outcomes}
        choice = (next(iter(titles)) if len(titles) == 1 else
                  self.ctx.dialogs.ask_choice("登记批示", "批示的成果：", list(titles)))
        if not choice:
            return
        outcome_id = titles[choice]
        editor = RecordEditor(
            "登记领导批示", INSTRUCTION,
            [Section("批示", ["level", "leader", "instructed_on", "gist"])],
            lambda data: self.service.add_outcome_instruction(  # type: ignore[attr-defined]
                self.ctx.actor, outcome_id, data, version=event.version),
            values={"level": LeaderLevel.COUNTY}, parent=self,
            confirm=self.ctx.dialogs.confirm)
        try:
            self.ctx.dialogs.exec(editor)
        finally:
            editor.deleteLater()


def _attendance(event: Any) -> str:
    """出席12人，请假2人 (a row of ``EventService.list_rows``: counts per attendance)."""
    counts: dict[Attendance, int] = event.attendance
    return "，".join(f"{a.label}{counts[a]}人" for a in Attendance if counts.get(a))


class MeetingsPage(EventsPage):
    title = "会议协商"
    families = MEETING_FAMILIES
    empty_hint = "还没有会议或协商记录。点击“新增”录入。"


class ActivitiesPage(EventsPage):
    title = "履职活动"
    families = ACTIVITY_FAMILIES
    empty_hint = "还没有履职活动记录。点击“新增”录入视察、调研、学习、服务为民等活动。"
