"""Member composition on a date: by 界别, party, gender, age band and education."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from app.db.engine import Database
from app.models import Member, MemberTerm, Sector

AGE_BANDS = ((0, 40, "40岁以下"), (40, 50, "40—49岁"), (50, 60, "50—59岁"), (60, 200, "60岁及以上"))


@dataclass(frozen=True)
class Composition:
    on: dt.date
    total: int
    by: dict[str, list[tuple[str, int]]]  # dimension → (label, count), largest first


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def member_composition(db: Database, on: dt.date) -> Composition:
    """Members seated on ``on`` (the same rule as the figure ``members.total``)."""
    with db.reader() as session:
        rows = session.execute(
            select(Member.id, Member.gender, Member.party, Member.education, Member.birth_date,
                   Sector.name)
            .join(MemberTerm, MemberTerm.member_id == Member.id)
            .outerjoin(Sector, Sector.id == MemberTerm.sector_id)
            .where(Member.deleted_at.is_(None),
                   or_(MemberTerm.joined_on.is_(None), MemberTerm.joined_on <= on),
                   or_(MemberTerm.left_on.is_(None), MemberTerm.left_on > on))
        ).all()
    seen: dict[int, tuple[Any, ...]] = {}
    for row in rows:
        seen.setdefault(row[0], tuple(row))
    counters: dict[str, Counter[str]] = {k: Counter() for k in ("界别", "党派", "性别", "年龄",
                                                               "学历")}
    for _id, gender, party, education, birth, sector in seen.values():
        counters["界别"][sector or "未填界别"] += 1
        counters["党派"][party or "未填"] += 1
        counters["性别"][gender.label if gender else "未填"] += 1
        counters["学历"][education or "未填"] += 1
        if birth is None:
            counters["年龄"]["未填"] += 1
        else:
            age = _age(birth, on)
            counters["年龄"][next(label for lo, hi, label in AGE_BANDS if lo <= age < hi)] += 1
    by = {k: c.most_common() for k, c in counters.items()}
    order = [label for _lo, _hi, label in AGE_BANDS] + ["未填"]
    by["年龄"] = sorted(by["年龄"], key=lambda kv: order.index(kv[0]))
    return Composition(on, len(seen), by)
