"""Record lists a template can loop over (``{% for p in lists.key_proposals %}``), built on
first use for the document's period and scope; each is listed in 数据底稿 once used."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.domain.enums import AssignmentRole, ForwardLevel, TermOrigin
from app.models import (
    Department,
    Event,
    EventKind,
    Honor,
    Instruction,
    MediaReport,
    Member,
    MemberTerm,
    OpinionForward,
    OpinionReport,
    OpinionSubmitter,
    Outcome,
    Proposal,
    Publication,
    Sector,
    Unit,
)
from app.reports.defs_events import events_in
from app.reports.defs_members import higher_levels, in_unit
from app.reports.defs_outcomes import outcomes_in
from app.reports.defs_proposals import accepted, is_supervised
from app.reports.defs_publicity import publications_in, reports_in
from app.reports.lists_review import TOPIC_FIELDS, headcounts, topics
from app.reports.period import Scope
from app.reports.template_objects import RecordList, cn_day, row
from app.text.quotes import short_cppcc

if TYPE_CHECKING:
    from app.reports.context import Build

Rows = tuple[list[Any], list[int]]


@dataclass(frozen=True)
class ListDef:
    label: str
    entity: str
    fields: dict[str, str]  # field → Chinese label (for the field reference)
    build: Callable[[Build, Session, Scope], Rows]


PROPOSAL_FIELDS = {"number": "提案号（十届四次会议第005号）", "no": "序号（第5号）",
                   "title": "案由",
                   "proposer": "提案人", "category": "类别", "departments": "主办单位",
                   "assist": "协办单位", "supervisor": "督办领导", "level": "督办层级"}
OUTCOME_FIELDS = {"title": "标题", "kind": "成果类型", "date": "形成日期", "aspects": "建议方面数",
                  "items": "建议条数", "problems": "问题项数", "organizer": "组织单位",
                  "submitted_to": "报送对象", "adopted": "是否已采纳（是/否）"}
OPINION_FIELDS = {"title": "标题", "date": "日期", "outlet": "采用刊物", "submitters": "报送人"}
HONOR_FIELDS = {"name": "委员姓名", "title": "荣誉名称", "level": "表彰级别", "date": "表彰日期",
                "body": "授予单位"}
EVENT_FIELDS = {"title": "名称", "date": "日期", "kind": "类型", "organizer": "组织单位",
                "headcount": "出席委员人数（“组织46名委员……”）",
                "place": "地点", "topic": "主题（民主评议写评议对象，如“县应急管理局”）",
                "people": "参加人数（出席委员和非委员参加人数之和，“30余名作家学者”）"}


def proposer_text(p: Proposal, names: dict[int, str]) -> str:
    if p.lead_member_id is None:
        return p.collective_proposer
    return "、".join(filter(None, [names.get(p.lead_member_id, ""),
                                   *(names.get(c.member_id, "") for c in p.cosigners)]))


def proposal_rows(s: Session, ids: Any) -> list[tuple[Proposal, Any]]:
    """Proposals (``ids`` a select or list) in number order, as (record, row)."""
    from app.services.proposal_stage import number_text

    found = list(s.scalars(select(Proposal).where(Proposal.id.in_(ids)).options(
        selectinload(Proposal.cosigners), selectinload(Proposal.assignments))
        .order_by(Proposal.session_id.is_(None), Proposal.session_id, Proposal.number)))
    member_ids = {m for p in found for m in [p.lead_member_id, *(c.member_id for c in p.cosigners)]
                  if m}
    names = dict(s.execute(select(Member.id, Member.name).where(Member.id.in_(member_ids))).all())
    dept_ids = {a.department_id for p in found for a in p.assignments}
    depts = dict(s.execute(select(Department.id, Department.name)
                           .where(Department.id.in_(dept_ids))).all())
    out = []
    for p in found:
        lead = [depts[a.department_id] for a in p.assignments
                if a.role in (AssignmentRole.LEAD, AssignmentRole.SEPARATE)]
        assist = [depts[a.department_id] for a in p.assignments
                  if a.role in (AssignmentRole.ASSIST, AssignmentRole.JOINT)]
        out.append((p, dict(
            number=number_text(p), no=f"第{p.number}号", num=str(p.number), title=p.title,
            proposer=proposer_text(p, names), category=p.category or "未分类",
            departments="、".join(lead), assist="、".join(assist),
            supervisor=p.supervisor,
            level=p.supervision_level.label if p.supervision_level else "")))
    return out


def _proposals(where: Callable[[Any], Any]) -> Callable[[Build, Session, Scope], Rows]:
    def build(b: Build, s: Session, scope: Scope) -> Rows:
        rows = proposal_rows(s, where(accepted(b.period, scope)))
        return [row(**r) for _p, r in rows], [p.id for p, _r in rows]
    return build


def _key_supervised(b: Build, s: Session, scope: Scope) -> Rows:
    """The period's 重点提案 (归口 the scope's unit) that are 督办提案 by the period's end."""
    stmt = accepted(b.period, scope).where(Proposal.is_key.is_(True),
                                           is_supervised(b.period.end))
    rows = proposal_rows(s, stmt)
    return [row(**r) for _p, r in rows], [p.id for p, _r in rows]


def _outcomes(order: str, limit: int | None = None) -> Callable[[Build, Session, Scope], Rows]:
    def build(b: Build, s: Session, scope: Scope) -> Rows:
        stmt = (select(Outcome, Event, Unit).join(Event, Event.id == Outcome.event_id)
                .outerjoin(Unit, Unit.id == Event.organizer_id)
                .where(Outcome.id.in_(outcomes_in(b.period, scope))))
        if order == "items":  # the outcomes with the most recommendations (and some at all)
            stmt = stmt.where(Outcome.items > 0).order_by(
                Outcome.items.desc(), Outcome.aspects.desc(), Outcome.id)
        else:
            stmt = stmt.order_by(Event.start_on, Outcome.id)
        found = s.execute(stmt.limit(limit) if limit else stmt).all()
        rows = [row(title=o.title, kind=o.kind.label, date=cn_day(o.completed_on or e.start_on),
                    aspects=b.num(o.aspects, f"outcomes:{o.id}.aspects"),
                    items=b.num(o.items, f"outcomes:{o.id}.items"),
                    problems=b.num(o.problems, f"outcomes:{o.id}.problems"),
                    organizer=u.name if u else "", submitted_to=o.submitted_to,
                    adopted="是" if o.adopted else "否") for o, e, u in found]
        return rows, [o.id for o, _e, _u in found]
    return build


def _events_of_kind(kind: str | None, featured: bool = False
                    ) -> Callable[[Build, Session, Scope], Rows]:
    def build(b: Build, s: Session, scope: Scope) -> Rows:
        stmt = (select(Event, EventKind, Unit).join(EventKind, EventKind.id == Event.kind_id)
                .outerjoin(Unit, Unit.id == Event.organizer_id)
                .where(Event.id.in_(events_in(b.period, scope))))
        if kind:
            stmt = stmt.where(EventKind.name == kind)
        if featured:
            stmt = stmt.where(Event.featured.is_(True))
        found = s.execute(stmt.order_by(Event.start_on, Event.id)).all()
        heads = headcounts(s, [e.id for e, _k, _u in found])
        return ([row(title=e.title, date=cn_day(e.start_on), kind=k.name,
                     organizer=u.name if u else "", place=e.place, topic=e.topic,
                     headcount=b.num(heads.get(e.id, 0), f"events:{e.id}.headcount"),
                     people=b.num(heads.get(e.id, 0) + (e.guests or 0), f"events:{e.id}.people"))
                 for e, k, u in found],
                [e.id for e, _k, _u in found])
    return build


def _opinions_adopted(level: ForwardLevel) -> Callable[[Build, Session, Scope], Rows]:
    def build(b: Build, s: Session, scope: Scope) -> Rows:
        stmt = (select(OpinionReport, OpinionForward).join(OpinionForward)
                .where(OpinionReport.deleted_at.is_(None), OpinionForward.level == level,
                       OpinionForward.adopted.is_(True),
                       OpinionForward.adopted_on.between(b.period.start, b.period.end)))
        if scope.unit_id is not None:
            stmt = stmt.where(OpinionReport.channel_unit_id == scope.unit_id)
        found = s.execute(stmt.order_by(OpinionForward.adopted_on, OpinionReport.id)).all()
        who = _submitters(s, [o.id for o, _f in found])
        return ([row(title=o.title, date=cn_day(f.adopted_on), outlet=f.outlet,
                     submitters=who.get(o.id, "")) for o, f in found], [o.id for o, _f in found])
    return build


def _submitters(s: Session, ids: list[int]) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for opinion_id, name, member in s.execute(
            select(OpinionSubmitter.opinion_id, OpinionSubmitter.name, Member.name)
            .outerjoin(Member, Member.id == OpinionSubmitter.member_id)
            .where(OpinionSubmitter.opinion_id.in_(ids))
            .order_by(OpinionSubmitter.opinion_id, OpinionSubmitter.position)):
        out.setdefault(opinion_id, []).append(member or name)
    return {k: "、".join(v) for k, v in out.items()}


def _opinions_instructed(b: Build, s: Session, scope: Scope) -> Rows:
    stmt = (select(OpinionReport, Instruction).join(Instruction,
                                                    Instruction.opinion_id == OpinionReport.id)
            .where(OpinionReport.deleted_at.is_(None),
                   Instruction.instructed_on.between(b.period.start, b.period.end)))
    if scope.unit_id is not None:
        stmt = stmt.where(OpinionReport.channel_unit_id == scope.unit_id)
    found = s.execute(stmt.order_by(Instruction.instructed_on)).all()
    return ([row(title=o.title, date=cn_day(i.instructed_on), outlet=i.leader,
                 submitters=_submitters(s, [o.id]).get(o.id, "")) for o, i in found],
            [o.id for o, _i in found])


def _honors(higher: bool) -> Callable[[Build, Session, Scope], Rows]:
    def build(b: Build, s: Session, scope: Scope) -> Rows:
        stmt = (select(Honor, Member.name).join(Member, Member.id == Honor.member_id)
                .where(Honor.deleted_at.is_(None),
                       Honor.awarded_on.between(b.period.start, b.period.end)))
        if higher:
            stmt = stmt.where(Honor.level.in_(higher_levels(s)))
        stmt = stmt.where(in_unit(Honor.member_id, b.period, scope))
        found = s.execute(stmt.order_by(_level_order(), Honor.awarded_on, Honor.id)).all()
        return ([row(name=n, title=h.title, level=h.level.label, date=cn_day(h.awarded_on),
                     body=short_cppcc(h.awarding_body)) for h, n in found],
                [h.id for h, _n in found])
    return build


def _level_order() -> Any:
    """National honors first, then provincial, city, county."""
    from sqlalchemy import case

    from app.domain.enums import HonorLevel

    return case({m.value: i for i, m in enumerate(HonorLevel)}, value=Honor.level, else_=99)


def _honors_organizations(b: Build, s: Session, scope: Scope) -> Rows:
    if scope.unit_id is not None:  # the committee's honors, not a unit's
        return [], []
    found = list(s.scalars(select(Honor).where(
        Honor.deleted_at.is_(None), Honor.member_id.is_(None),
        Honor.awarded_on.between(b.period.start, b.period.end)).order_by(Honor.awarded_on)))
    return ([row(name=h.recipient, title=h.title, level=h.level.label,
                 date=cn_day(h.awarded_on), body=short_cppcc(h.awarding_body)) for h in found],
            [h.id for h in found])


def _members_added(b: Build, s: Session, scope: Scope) -> Rows:
    found = s.execute(
        select(Member, MemberTerm, Sector.name).join(MemberTerm)
        .outerjoin(Sector, Sector.id == MemberTerm.sector_id)
        .where(Member.deleted_at.is_(None), MemberTerm.origin == TermOrigin.ADDITION,
               MemberTerm.joined_on.between(b.period.start, b.period.end),
               in_unit(Member.id, b.period, scope))
        .order_by(MemberTerm.joined_on, Member.stroke_key)).all()
    return ([row(name=m.name, sector=sec or "", date=cn_day(t.joined_on),
                 work=m.work_unit_post) for m, t, sec in found], [m.id for m, _t, _s in found])


def _publications(b: Build, s: Session, scope: Scope) -> Rows:
    """The period's 文史资料 in publication order (the committee's, whatever the scope, as
    the ``publications`` figures count them)."""
    found = list(s.scalars(select(Publication).where(
        Publication.id.in_(publications_in(b.period))).order_by(Publication.published_on,
                                                                 Publication.id)))
    return ([row(title=p.title, date=cn_day(p.published_on), editor=p.editor_unit)
             for p in found], [p.id for p in found])


PRINTED = ("报", "刊", "杂志", "志")  # newspapers and journals take 书名号: 《上党晚报》


def _media_outlets(b: Build, s: Session, scope: Scope) -> Rows:
    """One row per outlet that reported in the period (most reports first, then the first
    report's date), with its level and how many reports; the ids are every report. ``shown``
    is the name as running text writes it: 《上党晚报》 for a paper, 长治电视台 as it is."""
    found = list(s.scalars(select(MediaReport).where(MediaReport.id.in_(reports_in(b.period)))
                           .order_by(MediaReport.reported_on, MediaReport.id)))
    outlets: dict[str, list[MediaReport]] = {}
    for r in found:
        outlets.setdefault(r.outlet, []).append(r)
    ranked = sorted(outlets.items(), key=lambda kv: -len(kv[1]))  # stable: first date next
    return ([row(outlet=name, shown=f"《{name}》" if name.endswith(PRINTED) else name,
                 bracketed=name.endswith(PRINTED), level=rs[0].level.label,
                 reports=b.num(len(rs), f"media_outlets:{name}.reports"))
             for name, rs in ranked], [r.id for r in found])


LISTS: dict[str, ListDef] = {
    "key_proposals": ListDef("重点提案", "proposals", PROPOSAL_FIELDS,
                             _proposals(lambda q: q.where(Proposal.is_key.is_(True)))),
    "key_supervised": ListDef("督办的重点提案", "proposals", PROPOSAL_FIELDS, _key_supervised),
    "excellent_proposals": ListDef("优秀提案", "proposals", PROPOSAL_FIELDS,
                                   _proposals(lambda q: q.where(Proposal.is_excellent.is_(True)))),
    "outcomes": ListDef("协商调研成果", "outcomes", OUTCOME_FIELDS, _outcomes("date")),
    "top_outcomes": ListDef("建议条数最多的三项成果", "outcomes", OUTCOME_FIELDS,
                            _outcomes("items", 3)),
    "appraisals": ListDef("民主评议", "events", EVENT_FIELDS, _events_of_kind("民主评议")),
    "fellowship": ListDef("联谊活动（每次的参加人数）", "events", EVENT_FIELDS,
                          _events_of_kind("联谊")),
    "featured_events": ListDef("重点活动", "events", EVENT_FIELDS,
                               _events_of_kind(None, featured=True)),
    "events": ListDef("会议活动（每次的出席委员人数）", "events", EVENT_FIELDS,
                      _events_of_kind(None)),
    "topics": ListDef("协商、视察调研和民主监督课题", "events", TOPIC_FIELDS, topics),
    "opinions_adopted_national": ListDef("被全国政协采用的信息", "opinion_reports",
                                         OPINION_FIELDS, _opinions_adopted(ForwardLevel.NATIONAL)),
    "opinions_adopted_province": ListDef("被省政协采用的信息", "opinion_reports",
                                         OPINION_FIELDS, _opinions_adopted(ForwardLevel.PROVINCE)),
    "opinions_adopted_city": ListDef("被市政协采用的信息", "opinion_reports", OPINION_FIELDS,
                                     _opinions_adopted(ForwardLevel.CITY)),
    "opinions_instructed": ListDef("获领导批示的信息", "opinion_reports",
                                   {**OPINION_FIELDS, "outlet": "批示领导"}, _opinions_instructed),
    "honors": ListDef("委员受表彰", "honors", HONOR_FIELDS, _honors(higher=False)),
    "honors_higher": ListDef("委员受上级表彰", "honors", HONOR_FIELDS, _honors(higher=True)),
    "honors_organizations": ListDef("集体受表彰", "honors",
                                    {**HONOR_FIELDS, "name": "受表彰单位"}, _honors_organizations),
    "publications": ListDef("编印的文史资料", "publications",
                            {"title": "书刊名称", "date": "出版日期", "editor": "编印单位"},
                            _publications),
    "media_outlets": ListDef("报道的媒体", "media_reports",
                             {"outlet": "媒体名称", "shown": "正文中的写法（报刊加书名号）",
                              "bracketed": "是否报刊（加书名号）", "level": "媒体层级",
                              "reports": "报道次数"},
                             _media_outlets),
    "members_added": ListDef("增补委员", "members",
                             {"name": "姓名", "sector": "界别", "date": "任职日期",
                              "work": "工作单位及职务"}, _members_added),
}


class Lists:
    """``lists`` in a template: each list built on first use, for one period and scope."""

    def __init__(self, b: Build, scope: Scope) -> None:
        self._b, self._scope = b, scope
        self._built: dict[str, RecordList] = {}

    def __getattr__(self, name: str) -> RecordList:
        if name.startswith("_") or name not in LISTS:
            raise AttributeError(name)
        if name not in self._built:
            d = LISTS[name]
            with self._b.db.reader() as s:
                rows, ids = d.build(self._b, s, self._scope)
            self._built[name] = RecordList(self._b.tracker, f"lists.{name}", d.label, d.entity,
                                           rows, ids, self._scope.label, self._b.period.label)
        return self._built[name]

