"""会议协商 and 履职活动 pages: one event model, the pages differ by kind family."""

from __future__ import annotations

from typing import Any, ClassVar

from app.domain.enums import EventFamily, UnitKind
from app.models import Event
from app.services.crud import RecordService
from app.services.events import EventService
from app.services.status import latest_year
from ui.framework.columns import Column
from ui.framework.editor import Section
from ui.framework.options import Options, year_choices
from ui.framework.record_page import FilterSpec, RecordPage

MEETING_FAMILIES = (EventFamily.MEETING, EventFamily.CONSULTATION)
ACTIVITY_FAMILIES = tuple(f for f in EventFamily if f not in MEETING_FAMILIES)


class EventsPage(RecordPage):
    families: ClassVar[tuple[EventFamily, ...]] = ()
    entities = ("events", "event_kinds", "participations", "units")
    search_hint = "搜索名称、主题或地点"
    default_descending = True  # newest first

    def make_service(self) -> RecordService[Any]:
        self.options = Options(self.ctx.db)
        return EventService(self.ctx.db)

    def base_filters(self) -> dict[str, Any]:
        return {"families": list(self.families)}

    def _kinds(self) -> list[tuple[str, Any]]:
        return [(text, value) for text, value in self.options.event_kinds()
                if any(f"（{f.label}）" in text for f in self.families)]

    def columns(self) -> list[Column]:
        return [
            Column("date", "日期", lambda e: f"{e.start_on}", "date", 90),
            Column("title", "名称", lambda e: e.title, "title", 300),
            Column("kind", "类型", lambda e: e.kind.name if e.kind else "", "kind", 100),
            Column("place", "地点", lambda e: e.place, None, 140),
            Column("people", "参加委员", lambda e: _attendance(e), None, 150),
            Column("featured", "重点", lambda e: "★" if e.featured else "", None, 40),
        ]

    def default_filters(self) -> dict[str, Any]:
        year = latest_year(self.ctx.db, "events")
        return {"year": year} if year else {}

    def filter_specs(self) -> list[FilterSpec]:
        years = year_choices()
        return [
            FilterSpec("year", "年度", lambda: years),
            FilterSpec("kind_id", "类型", self._kinds),
            FilterSpec("organizer_id", "组织单位", self.options.all_units),
            FilterSpec("featured", "重点活动", lambda: [("重点活动", True)]),
        ]

    def detail_html(self, record: Event) -> str:
        from html import escape as e

        lines = [f"<h2>{e(record.title)}</h2>",
                 f"<p>{record.start_on}{'至' + str(record.end_on) if record.end_on else ''}　"
                 f"{e(record.kind.name if record.kind else '')}　{e(record.place)}</p>"]
        if record.topic:
            lines.append(f"<p>主题：{e(record.topic)}</p>")
        if record.summary:
            lines.append(f"<p>{e(record.summary)}</p>")
        lines.append(f"<h3>参加委员（{len(record.participations)}人）</h3><p>{_attendance(record)}</p>")
        for outcome in record.outcomes:
            lines.append(f"<p>成果：{e(outcome.kind.label)}《{e(outcome.title)}》"
                         f"{outcome.aspects}方面{outcome.items}条</p>")
        return "".join(lines)

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

        return self.run_editor(event, f"编辑：{event.title}" if event else f"新增{self.title}",
                               sections, options=options)


def _attendance(event: Event) -> str:
    counts: dict[str, int] = {}
    for p in event.participations:
        counts[p.attendance.label] = counts.get(p.attendance.label, 0) + 1
    return "，".join(f"{k}{v}人" for k, v in counts.items())


class MeetingsPage(EventsPage):
    title = "会议协商"
    families = MEETING_FAMILIES
    empty_hint = "还没有会议或协商记录。点击“新增”录入。"


class ActivitiesPage(EventsPage):
    title = "履职活动"
    families = ACTIVITY_FAMILIES
    empty_hint = "还没有履职活动记录。点击“新增”录入视察、调研、学习、服务为民等活动。"
