"""Record lists a 年度工作回眸 section prints by name: a unit's 调研/视察/协商 topics with what
their outcome records hold (问题项, 方面, 条, 批示), each event's headcount ("组织46名委员赴武乡
……") and the 重点提案 a committee supervised, by title."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import Attendance, EventFamily
from app.models import Event, EventKind, Instruction, Outcome, Participation
from app.reports.defs_events import events_in
from app.reports.period import Scope
from app.reports.template_objects import cn_day, row

if TYPE_CHECKING:
    from app.reports.context import Build

Rows = tuple[list[Any], list[int]]

TOPIC_FAMILIES = (EventFamily.CONSULTATION, EventFamily.INSPECTION, EventFamily.OVERSIGHT)
TOPIC_FIELDS = {"topic": "课题（活动的主题，未填时为活动名称）", "title": "活动名称",
                "kind": "活动类型（视察、调研、专题协商会……）", "date": "日期", "place": "地点",
                "headcount": "出席委员人数", "reports": "形成的报告（《…》、《…》）",
                "problems": "梳理问题项数", "aspects": "建议方面数", "items": "建议条数",
                "instructed": "批示领导（“市委主要领导、市政府主要领导”，无批示为空）"}


def headcounts(s: Session, event_ids: list[int]) -> dict[int, int]:
    """Members present at each event (出席; 请假 and 缺席 are not the event's headcount)."""
    if not event_ids:
        return {}
    rows = s.execute(select(Participation.event_id, func.count(Participation.id))
                     .where(Participation.event_id.in_(event_ids),
                            Participation.attendance == Attendance.PRESENT)
                     .group_by(Participation.event_id)).all()
    return {e: int(n) for e, n in rows}


def _instructed(s: Session, outcome_ids: list[int]) -> dict[int, list[str]]:
    """Who instructed (批示) each outcome: the leader as entered, else the level (市级领导)."""
    found: dict[int, list[str]] = defaultdict(list)
    if not outcome_ids:
        return found
    rows = s.execute(select(Instruction.outcome_id, Instruction.leader, Instruction.level)
                     .where(Instruction.outcome_id.in_(outcome_ids))
                     .order_by(Instruction.instructed_on, Instruction.id)).all()
    for outcome_id, leader, level in rows:
        if outcome_id is None:  # excluded by the query; for the type checker
            continue
        who = leader.strip() or level.label
        if who not in found[outcome_id]:
            found[outcome_id].append(who)
    return found


def topics(b: Build, s: Session, scope: Scope) -> Rows:
    """The period's 协商、视察调研 and 民主监督 events of the scope, one row per event, with the
    sums of its outcome records (whatever the outcome's date: the topic is the event's)."""
    found = s.execute(
        select(Event, EventKind).join(EventKind, EventKind.id == Event.kind_id)
        .where(Event.id.in_(events_in(b.period, scope)), EventKind.family.in_(TOPIC_FAMILIES))
        .order_by(Event.start_on, Event.id)).all()
    ids = [e.id for e, _k in found]
    outcomes: dict[int, list[Outcome]] = defaultdict(list)
    if ids:
        for o in s.scalars(select(Outcome).where(Outcome.event_id.in_(ids))
                           .order_by(Outcome.id)):
            outcomes[o.event_id].append(o)
    leaders = _instructed(s, [o.id for os in outcomes.values() for o in os])
    heads = headcounts(s, ids)
    rows = []
    for e, k in found:
        mine = outcomes.get(e.id, [])
        who: list[str] = []
        for o in mine:
            who += [w for w in leaders.get(o.id, []) if w not in who]

        def total(field: str, mine: list[Outcome] = mine, e: Event = e) -> Any:
            return b.num(sum(getattr(o, field) or 0 for o in mine), f"events:{e.id}.{field}")

        rows.append(row(topic=(e.topic or e.title).strip(), title=e.title, kind=k.name,
                        date=cn_day(e.start_on), place=e.place,
                        headcount=b.num(heads.get(e.id, 0), f"events:{e.id}.headcount"),
                        reports="、".join(f"《{o.title}》" for o in mine if o.title),
                        problems=total("problems"), aspects=total("aspects"),
                        items=total("items"), instructed="、".join(who)))
    return rows, ids
