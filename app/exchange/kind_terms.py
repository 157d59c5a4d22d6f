"""届次 and 全体会议 (次会议) from a workbook, so that an empty database can take a whole
history: first the terms (one line each: 届次, 开始日期, 结束日期), then their plenary
sessions (one line each: 届次, 会议, 开幕日期, 闭幕日期, 地点).

A term is known exactly by its number (第十届); a session by its term and number (十届三次会议).
Both are written as the client's 届次和会议 panel writes them: ``TermService`` and
``SessionService``'s ``clean`` and ``check`` (dates in order, a number not used twice).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.schema import SESSION, TERM
from app.errors import FieldProblem
from app.exchange.kinds import Column, Context, FlatKind, ImportKind, cell_value, col
from app.exchange.model import Entry
from app.exchange.normalize import CellError, cn_int, parse_text
from app.models import PlenarySession, Term
from app.services.context import Actor, Changes
from app.services.terms import SessionService, TermService
from app.text.numerals import cn_number

_MOST = 99  # no committee has held more terms, or more plenaries in one
_NUM = "0-9零〇一二两三四五六七八九十百"
_TERM = re.compile(rf"^(?:政协)?第?([{_NUM}]+)届(?:委员会)?$")
_PLENARY = re.compile(rf"^(?:(?:政协)?第?([{_NUM}]+)届)?(?:委员会)?第?([{_NUM}]+)次"
                      r"(?:全体)?(?:委员)?(?:会议)?$")


def _text(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", parse_text(value) or "").split())


def term_number(value: Any) -> int | None:
    """第十届, 十届, 第10届, 10 or 十 → 10; None for a blank cell; raises ``CellError``."""
    text = _text(value)
    if not text:
        return None
    match = _TERM.match(text)
    number = cn_int(match[1]) if match else cn_int(text)
    if not number:
        raise CellError("应写成“第十届”“十届”或“10”的形式")
    if number > _MOST:
        raise CellError(f"届次应在1到{_MOST}之间")
    return number


def plenary_number(value: Any) -> tuple[int | None, int] | None:
    """(term number or None, session number) of 十届三次会议, 三次会议, 第3次会议 or 3."""
    text = _text(value)
    if not text:
        return None
    match = _PLENARY.match(text)
    if match:
        term = cn_int(match[1]) if match[1] else None
        number = cn_int(match[2])
    else:
        term, number = None, cn_int(text)
    if not number or (match and match[1] and not term):
        raise CellError("应写成“十届三次会议”“三次会议”“第3次会议”或“3”的形式")
    if number > _MOST or (term or 0) > _MOST:
        raise CellError(f"届次和第几次会议应在1到{_MOST}之间")
    return term, number


def term_label(number: int) -> str:
    return f"第{cn_number(number)}届"


T, S = TERM, SESSION
TERM_COLUMNS: tuple[Column, ...] = (
    col(T, "number", "届别", "届", "届次名称", label="届次", parse="term_number", width=10,
        note="必填。如“第十届”“十届”或“10”。"),
    col(T, "start_on", "届开始日期", "起始日期", "开始时间", "产生日期", "换届日期", width=12,
        note="必填：本届第一次会议（换届大会）开幕的日期，如2021-12-20或2021年12月20日。"),
    col(T, "end_on", "届结束日期", "截止日期", "结束时间", width=12,
        note="本届结束（下届换届大会开幕前一天）；当前届次不填。"),
    col(T, "notes", "说明", width=24),
)
SESSION_COLUMNS: tuple[Column, ...] = (
    col(S, "term_id", "届别", "届", label="届次", parse="term", width=10, required=False,
        note="如“第十届”；“会议”列写成“十届三次会议”时可不填。届次要先导入（或在“届次和会议”"
             "中添加）。"),
    col(S, "number", "会议名称", "次会议", "全体会议", "会次", "次", label="会议",
        parse="plenary_number", width=16,
        note="必填。如“十届三次会议”“三次会议”“第3次会议”或“3”。"),
    col(S, "start_on", "开幕时间", "会议日期", "开会日期", "日期", "开始日期", width=12,
        note="必填。如2024-04-22或2024年4月22日。"),
    col(S, "end_on", "闭幕时间", "结束日期", width=12, note="一天的会议不填。"),
    col(S, "place", "会议地点", "会址", width=20),
)


class TermKind(FlatKind):
    name = "terms"
    label = "届次"
    title = "届次导入模板"
    rtype = TERM
    service = TermService
    columns = TERM_COLUMNS
    names_members = False
    key_rule = "届次按届别确定"
    key_fix = "核对“届次”"

    def parse(self, column: Column, value: Any, ctx: Context) -> Any:
        if column.parse == "term_number":
            return term_number(value)
        return super().parse(column, value, ctx)

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        number = entry.values.get("number")
        return [("term", number)] if number else []

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "届次相同"

    def entry_text(self, entry: Entry) -> str:
        number = entry.values.get("number")
        return term_label(number) if number else f"第{entry.row}行"

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        number = entry.values.get("number")
        if not number:
            return []
        stmt = select(Term).where(Term.deleted_at.is_(None), Term.number == number)
        return [(t.id, f"{term_label(t.number)}（编号{t.id}）", "届次相同")
                for t in session.scalars(stmt)]

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        terms = session.scalars(select(Term).where(Term.deleted_at.is_(None))
                                .order_by(Term.number)).all()
        for term in terms:
            yield [[term_label(term.number), term.start_on, term.end_on, term.notes]]


class SessionKind(ImportKind):
    name = "plenary_sessions"
    label = "全体会议"
    title = "全体会议（次会议）导入模板"
    rtype = SESSION
    service = SessionService
    columns = SESSION_COLUMNS
    names_members = False
    key_rule = "全体会议按届次和第几次会议确定"
    key_fix = "核对“届次”和“会议”"

    def parse(self, column: Column, value: Any, ctx: Context) -> Any:
        if column.parse == "plenary_number":
            return plenary_number(value)
        return super().parse(column, value, ctx)

    def prepare(self, entry: Entry, ctx: Context) -> None:
        """The term of 十届三次会议 comes from the 会议 cell, or else from 届次; when both
        are written they must agree."""
        parsed = entry.values.get("number")
        if parsed is None:
            entry.values.pop("number", None)
            return
        term_in_cell, number = parsed
        entry.values["number"] = number
        if term_in_cell is None:
            if entry.values.get("term_id") is None and "term_id" not in entry.lines[0].bad:
                ctx.shared.setdefault("no_term", set()).add(entry.row)
                entry.problems.append(self.problem(
                    ctx, entry.row, "number", self.cell(entry, "number"),
                    "没有写届次：请填写“届次”列，或把会议写成“十届三次会议”的形式",
                    label="会议"))
            return
        try:
            term_id = ctx.lookups.term(f"第{term_in_cell}届")
        except CellError as exc:
            entry.problems.append(self.problem(ctx, entry.row, "number",
                                               self.cell(entry, "number"), str(exc)))
            return
        given = entry.values.get("term_id")
        if given is not None and given != term_id:
            entry.problems.append(self.problem(
                ctx, entry.row, "number", self.cell(entry, "number"),
                f"会议写的是{ctx.lookups.term_text(term_id)}，与“届次”列的"
                f"{ctx.lookups.term_text(given)}不一致"))
            return
        entry.values["term_id"] = term_id

    def service_problems(self, ctx: Context, entry: Entry, problems: list[FieldProblem],
                         row: int | None = None, prefix: str = "") -> None:
        """A missing term is said once, at the 会议 cell (not also "届次 必须填写")."""
        if entry.row in ctx.shared.get("no_term", ()):
            problems = [p for p in problems if p.field != "term_id"]
        super().service_problems(ctx, entry, problems, row, prefix)

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        if not v.get("term_id") or not isinstance(v.get("number"), int):
            return []
        return [("plenary", v["term_id"], v["number"])]

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "届次和第几次会议相同"

    def _name(self, ctx: Context, term_id: int, number: int) -> str:
        return f"{ctx.lookups.term_text(term_id).strip('第届')}届{cn_number(number)}次会议"

    def entry_text(self, entry: Entry) -> str:
        return f"第{entry.row}行的会议"

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        v = entry.values
        if not v.get("term_id") or not isinstance(v.get("number"), int):
            return []
        stmt = select(PlenarySession).where(PlenarySession.deleted_at.is_(None),
                                            PlenarySession.term_id == v["term_id"],
                                            PlenarySession.number == v["number"])
        return [(p.id, f"{self._name(ctx, p.term_id, p.number)}（编号{p.id}）",
                 self.identity_reason(())) for p in session.scalars(stmt)]

    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        keys = [c.key for c in self.columns]
        if not isinstance(entry.values.get("number"), int):
            entry.values.pop("number", None)
        return self.check_record(session, ctx, entry, self.data(entry, keys, current), {},
                                 current)

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        return self.save_record(session, actor, ctx, prepared, current), Changes()

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        rows = session.scalars(
            select(PlenarySession).join(Term).where(PlenarySession.deleted_at.is_(None))
            .order_by(Term.number, PlenarySession.number)).all()
        for p in rows:
            yield [[ctx.lookups.term_text(p.term_id), self._name(ctx, p.term_id, p.number),
                    p.start_on, p.end_on, cell_value(p.place)]]
