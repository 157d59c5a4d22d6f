"""Names in a workbook → records in the database: 届次, 会议, 界别, 机构, 承办单位, 活动类型,
委员, read once per import so that thousands of rows cost no query each."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import RefList, UnitKind
from app.errors import clip
from app.exchange.aliases import REF_ALIASES, choices_text
from app.exchange.normalize import CellError, cn_int, parse_date, parse_text, person_name
from app.models import (
    Department,
    EventKind,
    Member,
    PlenarySession,
    RefValue,
    Sector,
    Term,
    Unit,
)
from app.services.terms import configured_term_id
from app.text.numerals import cn_number

_TERM = re.compile(r"^(?:政协)?第?([0-9零〇一二两三四五六七八九十百]+)届(?:委员会)?$")
_SESSION = re.compile(
    r"^(?:第?([0-9零〇一二两三四五六七八九十百]+)届)?第?([0-9零〇一二两三四五六七八九十百]+)次"
    r"(?:全体)?(?:会议)?$")
_INTERIM = re.compile(r"^(?:第?([0-9零〇一二两三四五六七八九十百]+)届)?闭会期间$")
_ID_TAIL = re.compile(r"^(?:身份证)?(?:号码?)?尾号([0-9Xx]{4})$")


def _cn(n: int) -> str:
    """A number in a message: Chinese numerals, or digits when too large for them."""
    return cn_number(n) if 0 <= n < 10**8 else str(n)


def _key(text: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


_PARTY = {_key(k): v for k, v in REF_ALIASES[RefList.PARTY].items()}


class MemberRef(NamedTuple):
    """A member as the look-ups know it (a named tuple: thousands are made per import)."""

    id: int
    name: str
    birth_date: dt.date | None
    id_number: str


class Lookups:
    """Everything an import resolves by name, loaded from one session."""

    def __init__(self, session: Session, *, keep_members: bool = False) -> None:
        self.current_term_id = configured_term_id(session)
        terms = session.scalars(select(Term).where(Term.deleted_at.is_(None))).all()
        self.term_ids = {t.number: t.id for t in terms}
        self.term_numbers = {t.id: t.number for t in terms}
        plenaries = session.scalars(
            select(PlenarySession).where(PlenarySession.deleted_at.is_(None))).all()
        self.session_ids = {(p.term_id, p.number): p.id for p in plenaries}
        self.session_keys = {p.id: (p.term_id, p.number) for p in plenaries}
        sectors = session.scalars(select(Sector).where(Sector.deleted_at.is_(None))
                                  .order_by(Sector.sort_order, Sector.id)).all()
        self.sector_names = {s.id: s.name for s in sectors}
        self._sectors: dict[str, int] = {}
        for s in sectors:
            for text in (s.name, s.short_name):
                if text:
                    self._sectors.setdefault(_key(text), s.id)
        units = session.scalars(select(Unit).where(Unit.deleted_at.is_(None))
                                .order_by(Unit.kind, Unit.sort_order, Unit.id)).all()
        self.unit_names = {u.id: u.name for u in units}
        self.unit_kinds = {u.id: u.kind for u in units}
        self._units: dict[str, int] = {}
        for u in units:
            for text in (u.name, u.short_name):
                if text:
                    self._units.setdefault(_key(text), u.id)
        departments = session.scalars(select(Department).where(Department.deleted_at.is_(None))
                                      .order_by(Department.sort_order, Department.id)).all()
        self.department_names = {d.id: d.name for d in departments}
        self._departments: dict[str, int] = {}
        for d in departments:
            for text in (d.name, d.short_name):
                if text:
                    self._departments.setdefault(_key(text), d.id)
        kinds = session.scalars(select(EventKind).where(EventKind.deleted_at.is_(None))
                                .order_by(EventKind.sort_order)).all()
        self.kind_names = {k.id: k.name for k in kinds}
        self._kinds = {_key(k.name): k.id for k in kinds}
        self.ref_labels: dict[RefList, list[str]] = defaultdict(list)
        for ref in session.scalars(select(RefValue).order_by(RefValue.sort_order)):
            if not ref.retired:
                self.ref_labels[ref.list_name].append(ref.label)
        # the records stay referenced, so that the services' ``session.get`` of a 届次 or
        # 界别 during the checks finds them in the session instead of querying each time
        self._keep: list[Any] = [terms, plenaries, sectors, units, departments, kinds]
        self.members: dict[str, list[MemberRef]] = defaultdict(list)
        self.by_id_number: dict[str, list[MemberRef]] = defaultdict(list)
        self.member_by_id: dict[int, MemberRef] = {}
        if keep_members:  # checks of records naming members find them in the session
            found = session.scalars(select(Member).where(Member.deleted_at.is_(None))).all()
            self._keep.append(found)
            rows: Any = found
        else:
            rows = session.execute(select(Member.id, Member.name, Member.birth_date,
                                          Member.id_number).where(Member.deleted_at.is_(None)))
        for row in rows:
            self.add_member(MemberRef(row.id, row.name, row.birth_date, row.id_number))

    def add_member(self, ref: MemberRef) -> None:
        self.members[person_name(ref.name)].append(ref)
        if ref.id_number:
            self.by_id_number[ref.id_number].append(ref)
        self.member_by_id[ref.id] = ref

    # ----- terms and sessions ------------------------------------------------------------
    def term_text(self, term_id: int | None) -> str:
        return f"第{cn_number(self.term_numbers[term_id])}届" if term_id in self.term_numbers \
            else ""

    def _term_number(self, text: str) -> int:
        if text.isascii() and text.isdigit():
            return int(text)
        match = _TERM.match(text)
        number = cn_int(match[1]) if match else cn_int(text)
        if number is None:
            raise CellError("应写成“第十届”“十届”或“10”的形式")
        return number

    def term(self, value: Any) -> int | None:
        """The id of a 届 written as 第十届, 十届, 第10届 or 10; None for a blank cell."""
        text = _key(parse_text(value))
        if not text:
            return None
        number = self._term_number(text)
        if number not in self.term_ids:
            known = "、".join(self.term_text(i) for i in sorted(self.term_numbers,
                                                                key=self.term_numbers.__getitem__))
            raise CellError(f"本会没有第{_cn(number)}届的记录（已有：{known or '无'}）；"
                            "请先在“届次和会议”中添加")
        return self.term_ids[number]

    def plenary(self, value: Any, term_id: int | None) -> tuple[int | None, int | None]:
        """(term id, session id) of 十届三次会议, 三次会议, 第3次会议, 3 or 闭会期间 (session id
        None). The term named in the text wins over ``term_id``; blank: (term_id, None)."""
        text = _key(parse_text(value))
        if not text:
            return term_id, None
        interim = _INTERIM.match(text)
        match = _SESSION.match(text) if interim is None else None
        if text.isascii() and text.isdigit():
            number_text, term_text = text, None
        elif match:
            term_text, number_text = match[1], match[2]
        elif interim:
            term_text, number_text = interim[1], None
        else:
            raise CellError("应写成“十届三次会议”“三次会议”或“闭会期间”的形式")
        if term_text:
            term_id = self.term(term_text + "届")
        if number_text is None:
            return term_id, None
        number = cn_int(number_text)
        if term_id is None:
            raise CellError("请同时填写届次，或写成“十届三次会议”的形式")
        session_id = self.session_ids.get((term_id, number or 0))
        if session_id is None:
            raise CellError(f"{self.term_text(term_id)}没有第{_cn(number or 0)}次会议的记录；"
                            "请先在“届次和会议”中添加")
        return term_id, session_id

    def plenary_text(self, session_id: int | None) -> str:
        if session_id is None:
            return "闭会期间"
        term_id, number = self.session_keys[session_id]
        return f"{cn_number(self.term_numbers[term_id])}届{cn_number(number)}次会议"

    # ----- sectors, units, departments, kinds ---------------------------------------------
    def sector(self, value: Any) -> int | None:
        """A 界别 by name or short name, with or without 界 (教育 → 教育界), or by a party's
        full name (中国民主同盟 → 民盟)."""
        text = _key(parse_text(value))
        if not text:
            return None
        for candidate in (text, text + "界", text.removesuffix("界"), _PARTY.get(text, "")):
            if candidate and candidate in self._sectors:
                return self._sectors[candidate]
        names = choices_text(self.sector_names.values())
        raise CellError(f"不是本会的界别。本会的界别有：{names}；如是新设界别，"
                        "请先在“组织机构—界别”中添加")

    def unit(self, value: Any, kinds: tuple[UnitKind, ...] = ()) -> int | None:
        text = _key(parse_text(value))
        if not text:
            return None
        found = self._units.get(text)
        if found is None and not text.endswith("会"):
            found = self._units.get(text + "委员会")
        if found is None or (kinds and self.unit_kinds[found] not in kinds):
            wanted = [n for i, n in self.unit_names.items()
                      if not kinds or self.unit_kinds[i] in kinds]
            raise CellError(f"不是本会的机构。可选：{choices_text(wanted)}")
        return found

    def department(self, value: Any) -> int | None:
        text = _key(parse_text(value))
        if not text:
            return None
        if text not in self._departments:
            raise CellError("不在承办单位名单中；请先在“组织机构—承办单位”中添加，"
                            "或改为名单中的名称或简称")
        return self._departments[text]

    def event_kind(self, value: Any) -> int | None:
        text = _key(parse_text(value))
        if not text:
            return None
        if text not in self._kinds:
            raise CellError("不是已有的活动类型。可选：" + choices_text(self.kind_names.values()))
        return self._kinds[text]

    # ----- members -----------------------------------------------------------------------
    def member(self, name: str, notes: list[str]) -> tuple[int, list[str]]:
        """The member called ``name``; notes such as 1975.03 or 尾号002X tell apart members
        with the same name and are removed from the notes returned."""
        candidates = self.members.get(person_name(name), [])
        if not candidates:
            raise CellError(f"未找到名为“{clip(name)}”的委员；请先导入或录入该委员，"
                            "或检查姓名是否有误")
        rest, chosen = [], candidates
        for note in notes:
            narrowed = self._narrow(chosen, note)
            if narrowed is None:
                rest.append(note)
            else:
                chosen = narrowed
        if len(chosen) == 1:
            return chosen[0].id, rest
        if not chosen:
            raise CellError(f"名为“{clip(name)}”的委员中没有符合括号中说明的")
        shown = clip(name)
        raise CellError(f"有{len(chosen)}位名为“{shown}”的委员，请在姓名后用括号注明出生年月，"
                        f"如“{shown}（1975.03）”，或身份证尾号，如“{shown}（尾号002X）”")

    @staticmethod
    def _narrow(candidates: list[MemberRef], note: str) -> list[MemberRef] | None:
        tail = _ID_TAIL.match(_key(note))
        if tail:
            return [c for c in candidates if c.id_number.upper().endswith(tail[1].upper())]
        try:
            day = parse_date(note)
        except CellError:
            return None
        if day is None:
            return None
        return [c for c in candidates if c.birth_date is not None
                and (c.birth_date.year, c.birth_date.month) == (day.year, day.month)]

    def member_label(self, member_id: int) -> str:
        """How an export names a member: the name, with what tells apart namesakes."""
        ref = self.member_by_id[member_id]
        same = self.members.get(person_name(ref.name), [])
        if len(same) <= 1:
            return ref.name
        if ref.birth_date is not None:
            month = (ref.birth_date.year, ref.birth_date.month)
            if sum(1 for s in same if s.birth_date and
                   (s.birth_date.year, s.birth_date.month) == month) == 1:
                return f"{ref.name}（{ref.birth_date:%Y.%m}）"
        if ref.id_number and sum(1 for s in same if s.id_number[-4:] == ref.id_number[-4:]) == 1:
            return f"{ref.name}（尾号{ref.id_number[-4:]}）"
        return ref.name
