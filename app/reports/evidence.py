"""The records behind a figure, described in one line each, for drill-down and 数据底稿."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Department,
    Event,
    Honor,
    MediaReport,
    Member,
    OpinionReport,
    Outcome,
    Participation,
    Platform,
    PlatformSession,
    PlatformSessionMember,
    Proposal,
    Publication,
    SupervisionRecord,
    Unit,
)

Describer = Callable[[Session, list[int]], Iterable[tuple[int, str]]]

# Chinese name of each kind of record a figure can count (for the 数据底稿 headers).
ENTITY_LABELS = {
    "members": "委员", "events": "会议活动", "proposals": "提案", "opinion_reports": "社情民意信息",
    "participations": "参加记录", "outcomes": "活动成果", "honors": "表彰",
    "departments": "承办单位",
    "supervision_records": "督办记录", "units": "机构",
    "platforms": "协商议事平台", "platform_sessions": "协商议事活动",
    "platform_session_members": "协商议事参加委员", "publications": "文史资料",
    "media_reports": "媒体报道",
}  # fmt: skip


def _members(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(Member.id, Member.name, Member.work_unit_post)
                     .where(Member.id.in_(ids)))
    return ((i, f"{n}　{w}") for i, n, w in rows)


def _events(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(Event.id, Event.start_on, Event.title).where(Event.id.in_(ids)))
    return ((i, f"{d}　{t}") for i, d, t in rows)


def _proposals(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    from app.services.proposals import number_text

    return ((p.id, f"{number_text(p)}　{p.title}")
            for p in s.scalars(select(Proposal).where(Proposal.id.in_(ids))))


def _opinions(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(OpinionReport.id, OpinionReport.received_on, OpinionReport.title)
                     .where(OpinionReport.id.in_(ids)))
    return ((i, f"{d}　{t}") for i, d, t in rows)


def _participations(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.connection().execute(
        select(Participation.id, Participation.member_id, Participation.event_id,
               Participation.attendance).where(Participation.id.in_(ids))).all()
    names = _cached(s, "members", Member.id, Member.name, wanted={r[1] for r in rows})
    events = _cached(s, "events", Event.id, Event.start_on, Event.title,
                     wanted={r[2] for r in rows})
    return ((i, f"{names.get(m, '')}　{events.get(e, '')}（{a.label}）") for i, m, e, a in rows)


def _cached(s: Session, name: str, key: Any, *columns: Any, wanted: set[int]) -> dict[int, str]:
    """Names of members or events, kept on the session while one book is written."""
    cache: dict[int, str] = s.info.setdefault(f"describe.{name}", {})
    missing = [i for i in wanted if i not in cache]
    for start in range(0, len(missing), 900):
        for row in s.connection().execute(select(key, *columns)
                                          .where(key.in_(missing[start:start + 900]))):
            cache[row[0]] = "　".join(str(v) for v in row[1:])
    return cache


def _outcomes(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(Outcome.id, Outcome.title, Outcome.aspects, Outcome.items,
                            Outcome.problems).where(Outcome.id.in_(ids)))
    return ((i, f"{t}（{a}方面{n}条" + (f"，问题{p}项）" if p else "）"))
            for i, t, a, n, p in rows)


def _honors(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(Honor.id, Honor.awarded_on, Honor.title, Honor.level, Member.name,
                            Honor.recipient).outerjoin(Member).where(Honor.id.in_(ids)))
    return ((i, f"{d}　{n or r}　{t}（{lv.label}）") for i, d, t, lv, n, r in rows)


def _departments(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(Department.id, Department.name).where(Department.id.in_(ids)))
    return [(i, n) for i, n in rows]


def _supervisions(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    from app.services.proposals import number_text

    rows = s.execute(select(SupervisionRecord, Proposal).join(Proposal)
                     .where(SupervisionRecord.id.in_(ids)))
    return ((r.id, f"{r.supervised_on}　{r.level.label}{r.form and '（' + r.form + '）'}"
                   f"　{number_text(p)}　{p.title}") for r, p in rows)


def _units(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(Unit.id, Unit.name, Unit.kind).where(Unit.id.in_(ids)))
    return ((i, f"{n}（{k.label}）") for i, n, k in rows)


def _platforms(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(Platform.id, Platform.name, Platform.level, Platform.town)
                     .where(Platform.id.in_(ids)))
    return ((i, f"{n}（{lv.label}{'，' + t if t else ''}）") for i, n, lv, t in rows)


def _platform_sessions(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(PlatformSession.id, PlatformSession.held_on, Platform.name,
                            PlatformSession.topic, PlatformSession.participants,
                            PlatformSession.results_done)
                     .join(Platform, Platform.id == PlatformSession.platform_id)
                     .where(PlatformSession.id.in_(ids)))
    return ((i, f"{d}　{p}　{t}" + (f"　参加{n}人" if n else "")
             + (f"　办成实事{r}件" if r else "")) for i, d, p, t, n, r in rows)


def _platform_members(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(PlatformSessionMember.id, Member.name, PlatformSession.held_on,
                            PlatformSession.topic)
                     .join(Member, Member.id == PlatformSessionMember.member_id)
                     .join(PlatformSession, PlatformSession.id == PlatformSessionMember.session_id)
                     .where(PlatformSessionMember.id.in_(ids)))
    return ((i, f"{n}　{d}　{t}") for i, n, d, t in rows)


def _publications(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(Publication.id, Publication.published_on, Publication.title,
                            Publication.volumes, Publication.words)
                     .where(Publication.id.in_(ids)))
    return ((i, f"{d}　{t}" + (f"　{v}册" if v else "") + (f"　{w}万字" if w else ""))
            for i, d, t, v, w in rows)


def _media_reports(s: Session, ids: list[int]) -> Iterable[tuple[int, str]]:
    rows = s.execute(select(MediaReport.id, MediaReport.reported_on, MediaReport.outlet,
                            MediaReport.level, MediaReport.title)
                     .where(MediaReport.id.in_(ids)))
    return ((i, f"{d}　{o}（{lv.label}）　{t}") for i, d, o, lv, t in rows)


DESCRIBERS: dict[str, Describer] = {
    "members": _members, "events": _events, "proposals": _proposals,
    "opinion_reports": _opinions, "participations": _participations, "outcomes": _outcomes,
    "honors": _honors, "departments": _departments, "supervision_records": _supervisions,
    "units": _units, "platforms": _platforms, "platform_sessions": _platform_sessions,
    "platform_session_members": _platform_members, "publications": _publications,
    "media_reports": _media_reports,
}  # fmt: skip


# Figures that add up a quantity recorded on each record: (column, what a record's value is).
# 数据底稿 lists each record's own value beside it, so the column adds up to the figure.
SUMMED: dict[str, tuple[Any, str]] = {
    "service.people": (Event.people_served, "服务群众（人次）"),
    "service.deeds": (Event.deeds_done, "办好事（件）"),
    "service.funds": (Event.funds_raised, "筹集资金（元）"),
    "service.beneficiaries": (Event.beneficiaries, "受益人数（人）"),
    "activities.fellowship_guests": (Event.guests, "非委员参加人数（人）"),
}

# How a figure's records are limited when it is computed for one unit (--scope, a 回眸
# section), by the kind of record it counts; member and honor figures say so themselves.
UNIT_SCOPE = {
    "proposals": "只计归口该单位的提案", "departments": "只计归口该单位的提案的承办单位",
    "supervision_records": "只计归口该单位的提案的督办",
    "opinion_reports": "只计归口该单位的社情民意信息",
    "events": "只计该单位组织的会议活动", "participations": "只计该单位组织的会议活动的参加记录",
    "outcomes": "只计该单位组织的会议活动形成的成果", "units": "只计该单位及其下属单位",
}  # fmt: skip

UNIT_SCOPE_MARK = "按单位统计时"


def scoped_definition(key: str, entity: str, definition: str, scope: str) -> str:
    """The definition as it applies to ``scope``: for one unit, how the records are limited."""
    from app.reports.figures import SUBJECTS

    if scope == "全会" or key.split(".")[0] in SUBJECTS or UNIT_SCOPE_MARK in definition:
        return definition
    note = UNIT_SCOPE.get(entity)
    return f"{definition}范围为“{scope}”：{note}。" if note else definition


def record_values(db: Any, key: str, ids: Sequence[int]) -> dict[int, Any]:
    """Each record's own value of a summed figure (``SUMMED``); {} for other figures."""
    base = key.split("[")[0]
    if base not in SUMMED or not ids:
        return {}
    column, _label = SUMMED[base]
    wanted = list(ids)
    out: dict[int, Any] = {}
    with db.reader() as session:
        for start in range(0, len(wanted), 900):
            out.update(session.execute(select(Event.id, column).where(
                Event.id.in_(wanted[start:start + 900]))).all())
    return out


def describe_records(db: Any, entity: str, ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, one-line description) for ``ids`` of ``entity``, in the order given."""
    describer = DESCRIBERS.get(entity)
    if describer is None:
        raise ValueError(f"no description for {entity}")
    wanted = list(ids)
    found: dict[int, str] = {}
    with db.reader() as session:
        for start in range(0, len(wanted), 900):
            found.update(describer(session, wanted[start:start + 900]))
    return [(i, found[i]) for i in wanted if i in found]
