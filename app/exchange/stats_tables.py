"""委员履职统计表, 提案办理情况统计表 and 社情民意信息统计表, laid out for printing."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from app.db.engine import Database
from app.domain.enums import AssignmentRole, Attendance, ForwardLevel, ReplyClass, Satisfaction
from app.exchange.printable import PrintableTable
from app.exchange.standard_tables import committee_title, roster_order, table_term
from app.models import (
    Department,
    Event,
    Instruction,
    Member,
    MemberTerm,
    OpinionForward,
    OpinionReport,
    OpinionSubmitter,
    PlenarySession,
    Proposal,
    ProposalAssignment,
    ProposalCosigner,
    Sector,
)
from app.models import Participation as Part
from app.reports.period import Period
from app.services.proposal_stage import series_text
from app.text.numerals import cn_date, percent


def _rate(part: int, whole: int) -> str:
    return percent(part, whole) if whole else "—"


def _day(day: dt.date) -> str:
    return cn_date(day)


# ----- 委员履职统计表 -------------------------------------------------------------------------
def write_member_stats(db: Database, path: Path | str, period: Period,
                       term_id: int | None = None) -> tuple[Path, int]:
    """委员履职统计表 as an Excel file; returns (path, members)."""
    return member_stats_table(db, period, term_id).write(path)


def member_stats_table(db: Database, period: Period, term_id: int | None = None
                       ) -> PrintableTable:
    """One line per member seated in the term during the period: attendance, proposals,
    public-opinion items."""
    start, end = period.start, period.end
    with db.reader() as session:
        term = table_term(session, term_id)
        seats = session.execute(
            select(Member, MemberTerm).join(MemberTerm, MemberTerm.member_id == Member.id)
            .where(MemberTerm.term_id == term.id, Member.deleted_at.is_(None),
                   or_(MemberTerm.joined_on.is_(None), MemberTerm.joined_on <= end),
                   or_(MemberTerm.left_on.is_(None), MemberTerm.left_on > start))).all()
        sectors = dict(session.execute(select(Sector.id, Sector.name)).all())
        attendance: dict[int, Counter[Attendance]] = defaultdict(Counter)
        for member_id, kind, n in session.execute(
                select(Part.member_id, Part.attendance, func.count()).join(Event)
                .where(Event.deleted_at.is_(None), Event.start_on.between(start, end))
                .group_by(Part.member_id, Part.attendance)):
            attendance[member_id][kind] = n
        live = and_(Proposal.deleted_at.is_(None), Proposal.submitted_on.between(start, end))
        lead = dict(session.execute(select(Proposal.lead_member_id, func.count())
                                    .where(live).group_by(Proposal.lead_member_id)).all())
        cosigned = dict(session.execute(
            select(ProposalCosigner.member_id, func.count()).join(Proposal)
            .where(live).group_by(ProposalCosigner.member_id)).all())
        items = and_(OpinionReport.deleted_at.is_(None),
                     OpinionReport.received_on.between(start, end))
        submitted = dict(session.execute(
            select(OpinionSubmitter.member_id, func.count(func.distinct(OpinionReport.id)))
            .join(OpinionReport).where(items).group_by(OpinionSubmitter.member_id)).all())
        adopted_item = or_(OpinionReport.issued_on.is_not(None), OpinionReport.id.in_(
            select(OpinionForward.opinion_id).where(OpinionForward.adopted.is_(True))))
        adopted = dict(session.execute(
            select(OpinionSubmitter.member_id, func.count(func.distinct(OpinionReport.id)))
            .join(OpinionReport).where(items, adopted_item)
            .group_by(OpinionSubmitter.member_id)).all())
        title = committee_title(db)
    headers = ["序号", "姓名", "界别", "应出席会议\n活动（次）", "出席", "请假", "缺席", "出席率",
               "领衔提案\n（件）", "联名提案\n（件）", "报送社情民意\n信息（篇）",
               "被编发或\n采用（篇）"]
    rows: list[list[Any] | str] = []
    totals = [0] * 8
    for n, (member, seat) in enumerate(sorted(seats, key=lambda ms: roster_order(*ms)), 1):
        counts = attendance.get(member.id, Counter())
        invited = sum(counts.values())
        values = [invited, counts[Attendance.PRESENT], counts[Attendance.EXCUSED],
                  counts[Attendance.ABSENT], lead.get(member.id, 0), cosigned.get(member.id, 0),
                  submitted.get(member.id, 0), adopted.get(member.id, 0)]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        rows.append([n, member.name, sectors.get(seat.sector_id or 0, ""), *values[:4],
                     _rate(values[1], invited), *values[4:]])
    total = ["合计", "", "", *totals[:4], _rate(totals[1], totals[0]), *totals[4:]]
    notes = ["注：应出席为列入参加人员名单的会议活动次数；出席率=出席次数÷应出席次数。",
             "联名提案指作为联名人（附议人）的提案；一篇信息由几人联合报送时，每人各计一篇；"
             "“被编发或采用”含本级编发和市、省、全国政协采用。"]
    return PrintableTable("委员履职统计表", f"{title}委员履职统计表",
                          f"（{term_label(term)}，统计期间：{_day(start)}至{_day(end)}）",
                          headers, rows, len(seats), widths=[5, 9, 12],
                          center_columns=[0, *range(3, 12)], total=total, notes=notes)


def term_label(term: Any) -> str:
    from app.services.terms import term_name

    return term_name(term)


# ----- 提案办理情况统计表 ---------------------------------------------------------------------
def write_proposal_stats(db: Database, path: Path | str, *, term_id: int | None = None,
                         session_id: int | None = None, period: Period | None = None
                         ) -> tuple[Path, int]:
    """提案办理情况统计表 as an Excel file; returns (path, units)."""
    return proposal_stats_table(db, term_id=term_id, session_id=session_id,
                                period=period).write(path)


def proposal_stats_table(db: Database, *, term_id: int | None = None,
                         session_id: int | None = None, period: Period | None = None
                         ) -> PrintableTable:
    """One line per 承办单位: assignments by role, replies by class, satisfaction.
    Proposals of a plenary session, of a period (by submission date), or of the whole term."""
    with db.reader() as session:
        term = table_term(session, term_id)
        conditions: list[ColumnElement[bool]] = [Proposal.deleted_at.is_(None)]
        if session_id is not None:
            plenary = session.get(PlenarySession, session_id)
            conditions.append(Proposal.session_id == session_id)
            scope = f"{series_text(term, plenary)}提案"
        elif period is not None:
            conditions.append(Proposal.submitted_on.between(period.start, period.end))
            scope = f"{_day(period.start)}至{_day(period.end)}提交的提案"
        else:
            conditions.append(Proposal.term_id == term.id)
            scope = f"{term_label(term)}提案"
        rows_db = session.execute(
            select(ProposalAssignment, Department.name, Department.sort_order)
            .join(Proposal).join(Department).where(*conditions)).all()
        title = committee_title(db)
    per: dict[tuple[int, str], list[ProposalAssignment]] = defaultdict(list)
    for assignment, name, order in rows_db:
        per[(order, name)].append(assignment)
    headers = ["序号", "承办单位", "交办\n（件）", "主办", "协办\n（会办）", "分办", "已答复",
               "答复率", "A类", "B类", "C类", "D类", "满意", "基本\n满意", "不满意"]

    def line(items: list[ProposalAssignment]) -> list[Any]:
        roles = Counter(a.role for a in items)
        classes = Counter(a.reply_class for a in items if a.reply_class)
        sat = Counter(a.satisfaction for a in items if a.satisfaction)
        replied = sum(1 for a in items if a.replied_on)
        return [len(items), roles[AssignmentRole.LEAD],
                roles[AssignmentRole.ASSIST] + roles[AssignmentRole.JOINT],
                roles[AssignmentRole.SEPARATE], replied, _rate(replied, len(items)),
                *(classes[c] for c in ReplyClass), *(sat[s] for s in Satisfaction)]

    rows: list[list[Any] | str] = []
    for n, key in enumerate(sorted(per), start=1):
        rows.append([n, key[1], *line(per[key])])
    everything = [a for items in per.values() for a in items]
    notes = ["注：一件提案交办几个单位的，每个单位各计一件；办理结果A类为已解决或基本解决，"
             "B类为正在解决或列入计划，C类为暂不能解决、留作参考。"]
    return PrintableTable("提案办理情况统计表", f"{title}提案办理情况统计表",
                          f"（{scope}，截至{_day(dt.date.today())}）", headers, rows, len(per),
                          widths=[5, 24], center_columns=[0, *range(2, 15)],
                          total=["合计", "", *line(everything)], notes=notes)


# ----- 社情民意信息统计表 ---------------------------------------------------------------------
def write_opinion_stats(db: Database, path: Path | str, period: Period) -> tuple[Path, int]:
    """社情民意信息统计表 as an Excel file; returns (path, people)."""
    return opinion_stats_table(db, period).write(path)


def opinion_stats_table(db: Database, period: Period) -> PrintableTable:
    """One line per 报送人 (members in 姓氏笔画 order, then other informants): items, 本级
    编发, 上报 and 采用 per level, leader instructions."""
    with db.reader() as session:
        reports = session.scalars(select(OpinionReport).where(
            OpinionReport.deleted_at.is_(None),
            OpinionReport.received_on.between(period.start, period.end))).all()
        ids = [r.id for r in reports]
        submitters = session.execute(select(OpinionSubmitter, Member).outerjoin(
            Member, Member.id == OpinionSubmitter.member_id)
            .where(OpinionSubmitter.opinion_id.in_(ids))).all() if ids else []
        forwards = session.scalars(select(OpinionForward).where(
            OpinionForward.opinion_id.in_(ids))).all() if ids else []
        instructed = set(session.scalars(select(Instruction.opinion_id).where(
            Instruction.opinion_id.in_(ids)))) if ids else set()
        title = committee_title(db)
    by_item: dict[int, list[OpinionForward]] = defaultdict(list)
    for f in forwards:
        by_item[f.opinion_id].append(f)
    issued = {r.id for r in reports if r.issued_on}
    people: dict[tuple[Any, ...], set[int]] = defaultdict(set)
    for submitter, member in submitters:
        key = (0, member.sort_number is None, member.sort_number or 0, member.stroke_key,
               member.name) if member else (1, 0, 0, submitter.name, f"{submitter.name}（非委员）")
        people[key].add(submitter.opinion_id)
    levels = list(ForwardLevel)

    def line(items: set[int]) -> list[Any]:
        sent = [sum(1 for i in items if any(f.level == lv for f in by_item[i])) for lv in levels]
        used = [sum(1 for i in items if any(f.level == lv and f.adopted for f in by_item[i]))
                for lv in levels]
        return [len(items), len(items & issued), *sent, *used, len(items & instructed)]

    headers = ["序号", "报送人", "报送\n（篇）", "本级\n编发",
               *(f"报送\n{lv.label}" for lv in levels), *(f"{lv.label}\n采用" for lv in levels),
               "获领导\n批示"]
    rows: list[list[Any] | str] = [[n, key[-1], *line(people[key])]
                                   for n, key in enumerate(sorted(people), start=1)]
    notes = ["注：几人联合报送的信息，每位报送人各计一篇；合计行每篇信息只计一次。"]
    return PrintableTable("社情民意信息统计表", f"{title}社情民意信息统计表",
                          f"（统计期间：{_day(period.start)}至{_day(period.end)}）", headers,
                          rows, len(people), widths=[5, 14],
                          center_columns=[0, *range(2, len(headers))],
                          total=["合计", "", *line(set(ids))], notes=notes)
