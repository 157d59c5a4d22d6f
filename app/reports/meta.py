"""Who and when a document is about: the committee, the term, the plenary session a report is
delivered at (or that a compilation covers), the speaker, and "since session X" periods."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.enums import CommitteeLevel, CppccPost
from app.errors import AppError
from app.models import CommitteeSettings, Member, MemberTerm, PlenarySession, Term
from app.reports.period import Period
from app.text.numerals import cn_number

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def parse_cn_int(text: str) -> int | None:
    """10 or 十 or 十四 or 二十一 → int (1–99); None when it is not such a number."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


@dataclass(frozen=True)
class CommitteeMeta:
    region: str  # 示范县
    parent_region: str
    level: CommitteeLevel
    founded_year: int | None

    @property
    def place_word(self) -> str:
        """县 / 市 / 区 / 旗: how the committee's texts say "our county"."""
        last = self.region[-1:] if self.region else ""
        if last in "县市区旗":
            return last
        return "市" if self.level == CommitteeLevel.CITY else "县"


def committee_meta(session: Session) -> CommitteeMeta:
    s = session.scalars(select(CommitteeSettings)).first()
    if s is None:
        raise AppError("数据库中还没有政协基本信息，请先在“系统设置”中填写。")
    return CommitteeMeta(s.region, s.parent_region, s.level, s.founded_year)


def term_on(session: Session, day: dt.date) -> Term | None:
    """The term in office on ``day`` (the latest that had begun)."""
    return session.scalars(select(Term).where(Term.deleted_at.is_(None), Term.start_on <= day)
                           .order_by(Term.start_on.desc())).first()


def session_after(session: Session, day: dt.date) -> PlenarySession | None:
    """The first plenary session opening after ``day``: where a report on a period ending on
    ``day`` is delivered."""
    return session.scalars(select(PlenarySession).where(
        PlenarySession.deleted_at.is_(None), PlenarySession.start_on > day)
        .order_by(PlenarySession.start_on)).first()


def session_short(term: Term, plenary: PlenarySession) -> str:
    """十届四次会议"""
    return f"{cn_number(term.number)}届{cn_number(plenary.number)}次会议"


def chair_on(session: Session, day: dt.date) -> str | None:
    """The name of the chair (主席) seated on ``day``."""
    return session.scalar(
        select(Member.name).join(MemberTerm).where(
            MemberTerm.post == CppccPost.CHAIR, Member.deleted_at.is_(None),
            or_(MemberTerm.joined_on.is_(None), MemberTerm.joined_on <= day),
            or_(MemberTerm.left_on.is_(None), MemberTerm.left_on > day))
        .order_by(MemberTerm.term_id.desc()))


_SESSION_REF = re.compile(r"^(?:第)?(\w+?)届(?:第)?(\w+?)次(?:会议)?$")


def find_session(db: Database, ref: str) -> PlenarySession:
    """A plenary session named as 十届四次 / 10届4次 / 10-4, or by its record number."""
    text = ref.strip().replace(" ", "")
    with db.reader() as session:
        term_no = number = None
        m = _SESSION_REF.match(text)
        if m:
            term_no, number = parse_cn_int(m.group(1)), parse_cn_int(m.group(2))
        elif re.fullmatch(r"\d+-\d+", text):
            term_no, number = (int(x) for x in text.split("-"))
        elif text.isdigit():
            found = session.get(PlenarySession, int(text))
            if found is not None and found.deleted_at is None:
                found.term  # noqa: B018 - load before the session closes
                return found
        if term_no is not None and number is not None:
            found = session.scalars(select(PlenarySession).join(Term).where(
                Term.number == term_no, PlenarySession.number == number,
                PlenarySession.deleted_at.is_(None))).first()
            if found is not None:
                found.term  # noqa: B018
                return found
        known = [f"{session_short(p.term, p)}（{p.start_on:%Y-%m-%d}）" for p in session.scalars(
            select(PlenarySession).where(PlenarySession.deleted_at.is_(None))
            .order_by(PlenarySession.start_on))]
        raise AppError(f"找不到全体会议“{ref}”。请写成“十届四次”或“10-4”。"
                       f"数据库中的会议有：{'、'.join(known[-6:]) or '（无）'}。")


def since_session_period(db: Database, plenary: PlenarySession, end: dt.date | None = None
                         ) -> Period:
    """From the opening of ``plenary`` to ``end``; by default to the day before the next
    plenary opens, or today if it has not opened yet."""
    with db.reader() as session:
        term = session.get(Term, plenary.term_id)
        assert term is not None
        name = session_short(term, plenary)
        if end is None:
            following = session_after(session, plenary.start_on)
            today = dt.date.today()
            end = (following.start_on - dt.timedelta(days=1)
                   if following is not None and following.start_on <= today else today)
        earlier = session.scalars(select(PlenarySession).where(
            PlenarySession.deleted_at.is_(None), PlenarySession.start_on < plenary.start_on)
            .order_by(PlenarySession.start_on.desc())).first()
        before = None
        if earlier is not None:
            earlier_term = session.get(Term, earlier.term_id)
            assert earlier_term is not None
            before = Period.since_session(session_short(earlier_term, earlier), earlier.start_on,
                                          plenary.start_on - dt.timedelta(days=1))
    return Period.since_session(name, plenary.start_on, end, before)
