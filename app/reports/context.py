"""The template context every kind of document shares: committee, term, period, scope, the
plenary session, the speaker, the figures (``proposals.accepted`` …), record lists and
``todo("…")`` placeholders. Kind-specific parts are added by ``app.reports.kinds``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.db.engine import Database
from app.models import PlenarySession, Term, Unit
from app.reports.figure_text import Source, Tracker
from app.reports.figures import BREAKDOWNS, REGISTRY, SUBJECTS
from app.reports.meta import (
    CommitteeMeta,
    chair_on,
    committee_meta,
    session_after,
    session_short,
    term_on,
)
from app.reports.period import Period, Scope
from app.reports.template_objects import FigureGroup, Num, Subject, cn_day, row
from app.text.numerals import cn_number

TODO = "【待补充：{}】"


def todo(what: str) -> str:
    """A highlighted placeholder where a person must write: 【待补充：…】."""
    return TODO.format(what)


def clauses(*parts: object) -> str:
    """Join the non-empty parts with "，": ``clauses(x and "开展视察" ~ x ~ "次", …)`` — a
    clause whose figure is zero drops out, and the punctuation stays right."""
    return "，".join(str(p) for p in parts if p and isinstance(p, str))


def prefixes() -> list[str]:
    """The first part of every committee figure key: proposals, opinions, study …"""
    from app.reports.figures import figures

    figures()  # load the definitions
    seen = dict.fromkeys(k.split(".")[0] for k in [*REGISTRY, *BREAKDOWNS])
    return [p for p in seen if p not in SUBJECTS]


@dataclass
class Build:
    """What every context builder receives."""

    db: Database
    tracker: Tracker
    period: Period
    scope: Scope
    today: dt.date

    def source(self, scope: Scope | None = None) -> Source:
        return self.tracker.source(self.period, scope or self.scope)

    def num(self, value: int, origin: str) -> Num:
        return Num(self.tracker, value, origin)


def figure_groups(source: Source) -> dict[str, FigureGroup]:
    return {p: FigureGroup(source, p) for p in prefixes()}


def committee_fields(b: Build, cm: CommitteeMeta, term: Term | None) -> dict[str, Any]:
    w = cm.place_word
    term_name = f"第{cn_number(term.number)}届" if term else ""
    fields: dict[str, Any] = {
        "region": cm.region, "parent_region": cm.parent_region, "place_word": w,
        "name": f"政协{term_name}{cm.region}委员会",
        "region_short": f"{cm.region}政协",
        "plain_name": f"政协{cm.region}委员会",
        "formal_name": f"中国人民政治协商会议{term_name}{cm.region}委员会",
        "short": f"{w}政协",
        "party_committee": f"中共{cm.region}委", "party_short": f"{w}委",
        "government": f"{cm.region}人民政府", "government_short": f"{w}政府",
        "congress_short": f"{w}人大",
    }  # fmt: skip
    year = b.period.start.year if b.period.kind == "session" else b.period.end.year
    plan = year + 1
    fields["cppcc_age"] = b.num(plan - 1949, f"derived:{plan}-1949")
    if cm.founded_year:
        fields["founded_year"] = str(cm.founded_year)
        fields["age"] = b.num(year - cm.founded_year, f"derived:{year}-{cm.founded_year}")
        fields["anniversary"] = b.num(plan - cm.founded_year,
                                      f"derived:{plan}-{cm.founded_year}")
        fields["round_age"] = (year - cm.founded_year) % 5 == 0
        fields["round_anniversary"] = (plan - cm.founded_year) % 5 == 0
    else:
        fields.update(founded_year=todo("政协成立年份"), age=todo("成立年数"),
                      anniversary=todo("成立年数"), round_age=False, round_anniversary=False)
    return fields


def period_words(p: Period) -> dict[str, str]:
    """How a sentence names the period: 全年 only for a calendar year.

    ``whole`` starts a count ("全年开展…", "十届四次会议以来开展…", "期间开展…"), ``year_word``
    stands inside one ("县政协机关全年开展…", or nothing), ``lead`` opens a paragraph
    ("一年来，…"), and ``as_of`` is the one 截至 date of a document: the period's end.
    """
    if p.kind == "year":
        whole, lead, year_word = "全年", "一年来", "全年"
    elif p.kind == "session":
        whole = lead = f"{p.since}以来"
        year_word = ""
    else:
        whole, lead, year_word = "期间", f"{p.label}期间", ""
    return {"whole": whole, "lead": lead, "year_word": year_word, "as_of": cn_day(p.end)}


def period_fields(p: Period) -> dict[str, Any]:
    # "十四届四次会议以来" reviews the year the session opened: 2025年是……
    year = p.start.year if p.kind == "session" else p.end.year
    plan = year + 1
    if p.kind == "year":
        about = f"{year}年"
    elif p.kind == "session":
        about = f"{p.since}以来"
    else:
        about = p.label
    return {**period_words(p),
        "label": p.label, "kind": p.kind, "since": p.since, "about": about,
        "start": cn_day(p.start), "end": cn_day(p.end), "span": p.span_text,
        "year": str(year), "plan_year": str(plan),
        "review_title": f"{about}工作回顾", "plan_title": f"{plan}年工作安排",
        "previous": p.previous_year().label,
    }  # fmt: skip


def session_fields(cm: CommitteeMeta, term: Term | None, plenary: PlenarySession | None
                   ) -> dict[str, Any]:
    if plenary is None or term is None:
        missing = todo("会议名称")
        return {"exists": False, "name": missing, "full_name": missing,
                "number": todo("次"), "term_number": todo("届"), "date": todo("会议日期"),
                "start": todo("开幕日期"), "end": todo("闭幕日期"), "dates": todo("会议日期"),
                "place": todo("会议地点")}
    end = plenary.end_on or plenary.start_on
    if end == plenary.start_on:
        dates = cn_day(plenary.start_on)
    elif end.month == plenary.start_on.month:
        dates = f"{cn_day(plenary.start_on)}至{end.day}日"
    else:
        dates = f"{cn_day(plenary.start_on)}至{end.month}月{end.day}日"
    return {
        "exists": True, "name": session_short(term, plenary),
        "full_name": f"政协第{cn_number(term.number)}届{cm.region}委员会"
                     f"第{cn_number(plenary.number)}次会议",
        "number": cn_number(plenary.number), "term_number": cn_number(term.number),
        "date": cn_day(plenary.start_on), "start": cn_day(plenary.start_on),
        "end": cn_day(end), "dates": dates, "place": plenary.place or todo("会议地点"),
    }


def session_subject(b: Build, cm: CommitteeMeta, term: Term | None,
                    plenary: PlenarySession | None) -> Subject:
    source = None
    if plenary is not None:
        source = b.tracker.source(b.period, Scope(session_id=plenary.id,
                                                  label=session_short(term, plenary)
                                                  if term else "本次会议"))
    return Subject(session_fields(cm, term, plenary), source, "session")


def base_context(b: Build, plenary: PlenarySession | None = None) -> dict[str, Any]:
    """The shared context; ``plenary`` is the session the document is about, else the first
    plenary after the period (where a report on the period is delivered)."""
    from app.reports.lists import Lists

    with b.db.reader() as s:
        cm = committee_meta(s)
        plenary = plenary or session_after(s, b.period.end)
        if plenary is not None:
            plenary = s.get(PlenarySession, plenary.id)
        term = (s.get(Term, plenary.term_id) if plenary is not None
                else term_on(s, b.period.end))
        speaker = chair_on(s, plenary.start_on if plenary is not None else b.period.end)
        unit_name = _unit_name(s, b.scope.unit_id)
    context: dict[str, Any] = dict(figure_groups(b.source()))
    context.update(
        committee=row(**committee_fields(b, cm, term)),
        term=row(number=cn_number(term.number) if term else todo("届"),
                 name=f"第{cn_number(term.number)}届" if term else todo("届次")),
        period=row(**period_fields(b.period)),
        scope=row(label=b.scope.label, unit=unit_name),
        today=cn_day(b.today),
        speaker=speaker or todo("报告人"),
        session=session_subject(b, cm, term, plenary),
        lists=Lists(b, b.scope),
        todo=todo,
        clauses=clauses,
    )
    return context


def _unit_name(s: Session, unit_id: int | None) -> str:
    if unit_id is None:
        return ""
    unit = s.get(Unit, unit_id)
    return unit.name if unit is not None else ""
