"""The standard printed tables: 委员名册, 委员履职统计表, 提案办理情况统计表, 社情民意信息统计表.

Each is laid out for A4 landscape (``layout.write_table``): title, subtitle with the period,
styled header repeated on every page, frozen panes. Rosters are sorted 按姓氏笔画 with the
chair, vice-chairs and secretary-general first (DOMAIN §6), optionally grouped by 界别 or
界别组. Identity and telephone numbers are masked unless an administrator asks otherwise.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.enums import CppccPost
from app.domain.privacy import mask_field
from app.domain.schema import MEMBER
from app.errors import AppError
from app.exchange.export import check_unmasked
from app.exchange.printable import PrintableTable
from app.models import Member, MemberTerm, Sector, Term, Unit
from app.reports.period import Period
from app.services.context import Actor
from app.services.terms import CommitteeService, current_term_id
from app.text.numerals import cn_date

GroupBy = Literal["sector", "group"] | None
LEADERS = (CppccPost.CHAIR, CppccPost.VICE_CHAIR, CppccPost.SECRETARY_GENERAL)


def table_term(session: Session, term_id: int | None) -> Term:
    """The term a standard table is for: ``term_id``, or else ``current_term_id``."""
    if term_id is None:
        term_id = current_term_id(session)
    term = session.get(Term, term_id) if term_id is not None else None
    if term is None:
        raise AppError("还没有届次记录：请先在“届次和会议”中添加届次。")
    return term


def roster_order(member: Member, seat: MemberTerm) -> tuple[Any, ...]:
    """Leaders by rank first, then the manual sort number, then 姓氏笔画."""
    rank = LEADERS.index(seat.post) if seat.post in LEADERS else len(LEADERS)
    return (rank, member.sort_number is None, member.sort_number or 0, member.stroke_key,
            member.id)


def padded_name(name: str) -> str:
    """Two-character names are printed with a full-width space for alignment (王　伟)."""
    return f"{name[0]}\u3000{name[1]}" if len(name) == 2 else name


def _month(day: dt.date | None) -> str:
    return f"{day:%Y.%m}" if day else ""


def roster_rows(db: Database, *, term_id: int | None = None, on: dt.date | None = None,
                group_by: GroupBy = None, masked: bool = True, include_id: bool = False
                ) -> tuple[str, str, list[str], list[list[Any] | str], int]:
    """(title, subtitle, headers, rows, members) of the 委员名册."""
    with db.reader() as session:
        term = table_term(session, term_id)
        day = on or min(dt.date.today(), term.end_on or dt.date.today())
        seats = [(m, s) for m, s in session.execute(
            select(Member, MemberTerm).join(MemberTerm, MemberTerm.member_id == Member.id)
            .where(MemberTerm.term_id == term.id, Member.deleted_at.is_(None)))
            if s.active_on(day)]
        sectors = {s.id: s for s in session.scalars(select(Sector))}
        units = {u.id: u for u in session.scalars(select(Unit))}
        committee = CommitteeService(db).committee_name(term)
    headers = ["序号", "姓名", "性别", "民族", "出生年月", "党派", "学历", "工作单位及职务", "界别",
               "政协职务", "联系电话"] + (["身份证号"] if include_id else [])
    groups: dict[Any, list[tuple[Member, MemberTerm]]] = {}
    for member, seat in seats:
        sector = sectors.get(seat.sector_id) if seat.sector_id else None
        if group_by == "sector":
            key: Any = (sector.sort_order, sector.name) if sector else (10**6, "未定界别")
        elif group_by == "group":
            unit = units.get(sector.group_id) if sector and sector.group_id else None
            key = (unit.sort_order, unit.name) if unit else (10**6, "未定界别组")
        else:
            key = None
        groups.setdefault(key, []).append((member, seat))
    rows: list[list[Any] | str] = []
    n = 0
    for key in sorted(groups, key=lambda k: k or (0, "")):
        people = sorted(groups[key], key=lambda ms: roster_order(*ms))
        if key is not None:
            rows.append(f"{key[1]}（{len(people)}人）")
        for member, seat in people:
            n += 1
            sector = sectors.get(seat.sector_id) if seat.sector_id else None
            post = seat.post.label if seat.post not in (CppccPost.MEMBER, None) else (
                "常委" if seat.is_standing else "")
            phone = member.mobile or member.office_phone
            row = [n, padded_name(member.name), member.gender.label if member.gender else "",
                   member.ethnicity, _month(member.birth_date), member.party, member.education,
                   member.work_unit_post, sector.name if sector else "", post,
                   mask_field(MEMBER, "mobile", phone) if masked and phone == member.mobile
                   else phone]
            if include_id:
                row.append(mask_field(MEMBER, "id_number", member.id_number) if masked
                           else member.id_number)
            rows.append(row)
    subtitle = f"（按姓氏笔画为序，截至{cn_date(day)}，共{n}人）"
    return f"{committee}委员名册", subtitle, headers, rows, n


def write_roster(db: Database, path: Path | str, *, term_id: int | None = None,
                 on: dt.date | None = None, group_by: GroupBy = None, masked: bool = True,
                 include_id: bool = False, actor: Actor | None = None, reason: str = ""
                 ) -> tuple[Path, int]:
    """委员名册 as printed; returns (path, members)."""
    if not masked:
        check_unmasked(db, actor, reason, "委员名册")
    return roster_table(db, term_id=term_id, on=on, group_by=group_by, masked=masked,
                        include_id=include_id).write(path)


def roster_table(db: Database, *, term_id: int | None = None, on: dt.date | None = None,
                 group_by: GroupBy = None, masked: bool = True, include_id: bool = False
                 ) -> PrintableTable:
    """委员名册 as data (to write or to print); phone numbers masked unless ``masked`` is
    False (the caller checks the right to see them)."""
    title, subtitle, headers, rows, n = roster_rows(
        db, term_id=term_id, on=on, group_by=group_by, masked=masked, include_id=include_id)
    text = [headers.index("联系电话")] + ([headers.index("身份证号")] if include_id else [])
    return PrintableTable("委员名册", title, subtitle, headers, rows, n,
                          widths=[5, 8, 5, 6, 8, 8, 6, 30, 10, 7, 13, 20], text_columns=text,
                          center_columns=[0, 2, 3, 4, 5, 6, 9])


def period_of(year: int | None, start: dt.date | None = None, end: dt.date | None = None
              ) -> Period:
    if start is not None or end is not None:
        if start is None or end is None:
            raise AppError("请同时给出开始日期和结束日期。")
        return Period.between(start, end)
    return Period.year(year or dt.date.today().year)


def committee_title(db: Database) -> str:
    return CommitteeService(db).committee_name()
