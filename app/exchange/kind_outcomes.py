"""活动成果 (协商报告, 调研报告, 视察报告, 建议 …) of a meeting or activity: one line each,
with 方面/条/问题 counts, 报送对象 and 采纳.

The event an outcome came from is named by its 活动日期 and 活动名称, both exact (an event is
never guessed from its title alone); an outcome is known exactly by its event and 成果标题. An
outcome is part of its event: it is validated and written by ``EventService``'s own outcome
steps (``clean_outcomes`` and ``sync_outcomes``, as the event editor's 成果 tab saves them),
the event's version advances, and the change is audited on the event.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain.enums import AuditAction
from app.domain.schema import EVENT, OUTCOME
from app.exchange.kinds import Column, Context, ImportKind, cell_value, col
from app.exchange.model import Entry, Problem
from app.models import Event, Outcome
from app.services import audit
from app.services.context import Actor, Changes
from app.services.events import EventService

E, OC = EVENT, OUTCOME
COLUMNS: tuple[Column, ...] = (
    col(E, "start_on", "活动时间", "会议日期", "日期", key="event_on", label="活动日期", width=12,
        note="必填：成果所出自的会议活动的开始日期，与“会议活动”中的日期相同。"),
    col(E, "title", "会议活动名称", "会议名称", "所属活动", "活动", key="event", label="活动名称",
        width=26, note="必填：成果所出自的会议活动的名称，与“会议活动”中的名称完全相同。"),
    col(OC, "title", "成果名称", "成果题目", "报告名称", "报告标题", label="成果标题", width=30,
        note="必填，如“关于加快发展县域经济的调研报告”。"),
    col(OC, "kind", "成果形式", "成果类别", "类型", width=12, required=False,
        note="新的成果必填：协商报告、调研报告、视察报告、建议、评议意见或建议案。"),
    col(OC, "completed_on", "形成时间", "完成日期", "报送日期", width=12),
    col(OC, "aspects", "方面", "方面数", "建议方面", width=8, note="提出几个方面的建议，如4。"),
    col(OC, "items", "条", "条数", "建议条数（条）", "意见建议条数", width=8,
        note="提出几条意见建议，如13。"),
    col(OC, "problems", "问题", "问题数", "发现问题（项）", width=8),
    col(OC, "submitted_to", "报送", "报送单位", width=16, note="如“县委、县政府”。"),
    col(OC, "adopted", "采纳", "是否采纳", "被采纳", width=8),
    col(OC, "adoption_note", "采纳说明", width=24),
)
_FIELDS = [c.key for c in COLUMNS if c.key not in ("event_on", "event")]


class OutcomeService(EventService):
    """``EventService`` whose records, as the import looks them up, are outcomes."""

    def _get(self, session: Session, record_id: int, *, include_deleted: bool = False,
             eager: bool = False) -> Any:
        return session.get(Outcome, record_id)


class OutcomeKind(ImportKind):
    name = "outcomes"
    label = "活动成果"
    title = "活动成果导入模板"
    rtype = OUTCOME
    service = OutcomeService
    svc: OutcomeService
    columns = COLUMNS
    names_members = False
    flush_each = True  # the outcome is written into its event at once
    key_rule = "成果按所出自的会议活动（活动日期和活动名称）和成果标题确定"
    key_fix = "核对“活动日期”“活动名称”和“成果标题”"

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        if not v.get("event_on") or not v.get("event") or not v.get("title"):
            return []
        return [("outcome", v["event_on"], v["event"], v["title"])]

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "活动日期、活动名称和成果标题相同"

    def _event(self, session: Session, entry: Entry, ctx: Context) -> Event | None:
        """The event of the line, by its exact date and name; a problem when none or several."""
        if "event" in entry.extra:
            return entry.extra["event"]  # type: ignore[no-any-return]
        v = entry.values
        entry.extra["event"] = None
        day, title = v.get("event_on"), v.get("event")
        if not day or not title:
            return None
        events = session.scalars(select(Event).where(
            Event.deleted_at.is_(None), Event.start_on == day, Event.title == title)
            .options(selectinload(Event.outcomes))).all()
        if not events:
            entry.problems.append(self.problem(
                ctx, entry.row, "event", self.cell(entry, "event"),
                f"{day:%Y-%m-%d}没有名为“{title}”的会议活动；请先导入或录入该活动，"
                "或核对活动日期和名称"))
        elif len(events) > 1:
            entry.problems.append(self.problem(
                ctx, entry.row, "event", self.cell(entry, "event"),
                f"{day:%Y-%m-%d}有{len(events)}个名为“{title}”的会议活动（编号"
                f"{'、'.join(str(e.id) for e in events)}），无法确定是哪一个；"
                "请在程序中为成果所属的活动直接录入"))
        else:
            entry.extra["event"] = events[0]
        return entry.extra["event"]  # type: ignore[no-any-return]

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        entry.extra.pop("event", None)  # found again in each transaction
        event = self._event(session, entry, ctx)
        title = entry.values.get("title")
        if event is None or not title:
            return []
        return [(o.id, f"活动成果“{o.title}”（{event.title}，编号{o.id}）",
                 self.identity_reason(())) for o in event.outcomes if o.title == title]

    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        """The outcome row as the event editor sends it, checked by the event service with
        the event's other outcomes kept as they are."""
        event = entry.extra.get("event")
        for key in ("event_on", "event"):
            if not entry.values.get(key):
                entry.problems.append(self.problem(ctx, entry.row, key, None, "必须填写",
                                                   label=self.by_key[key].label))
        if event is None:
            return None
        row: dict[str, Any] = {k: entry.values[k] for k in _FIELDS if k in entry.values
                               and (entry.values[k] not in (None, "") or current is None)}
        row = {k: v for k, v in row.items() if v is not None}
        rows = [{"id": o.id} | (row if current is not None and o.id == current.id else {})
                for o in event.outcomes]
        if current is None:
            rows.append({"id": None} | row)
        cleaned, problems = self.svc.clean_outcomes(session, rows, event)
        n = len(rows) if current is None else 1 + [o.id for o in event.outcomes].index(current.id)
        unread = set().union(*(line.bad for line in entry.lines))
        for p in problems:
            name = p.field.removeprefix("outcomes.")
            if name in unread:
                continue  # the cell could not be read: that problem is already listed
            if name in self.by_key:
                entry.problems.append(self.problem(ctx, entry.row, name, self.cell(entry, name),
                                                   p.message, label=self.by_key[name].label))
            else:
                entry.problems.append(Problem(entry.row, "", None, f"{p.label}：{p.message}"))
        return event, cleaned, n

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        event, rows, n = prepared
        diff = self.svc.sync_outcomes(event, rows)
        ctx.changed = current is None or bool(diff)
        if diff:
            self.svc.touch(event)
            session.flush()
            what = "新增" if current is None else "更新"
            audit.record(session, actor, AuditAction.IMPORT, EVENT, event.id,
                         f"导入{what}会议活动“{event.title}”的成果“{rows[n - 1]['title']}”"
                         if rows[n - 1].get("title") else f"导入会议活动“{event.title}”的成果",
                         diff)
        obj = event.outcomes[n - 1]
        return obj, Changes().add("events", event.id)

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        events = session.scalars(select(Event).where(Event.deleted_at.is_(None))
                                 .options(selectinload(Event.outcomes))
                                 .order_by(Event.start_on, Event.id)).all()
        for event in events:
            for o in sorted(event.outcomes, key=lambda o: o.id):
                yield [[event.start_on, event.title] + [cell_value(getattr(o, k))
                                                        for k in _FIELDS]]
