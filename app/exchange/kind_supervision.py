"""督办记录: one line per 督办 (a visit, meeting or letter) of a proposal.

The proposal is found only by its exact key — 届次, 会议 (“十届三次会议”, or “闭会期间”) and
提案号 — never by its title. A 督办 is known exactly by its proposal, 督办日期, 督办层级 and
督办领导: the same line imported again changes nothing, or only its 督办方式 and 督办情况.
Every 督办 is written by the proposal service's ``supervise`` (the proposal page's 登记督办)
and checked first by its ``supervision_problems``, so the rules and their messages are the
service's; a proposal with a 督办 record counts as 督办提案 (``defs_proposals.is_supervised``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.schema import PROPOSAL, SUPERVISION
from app.exchange.kind_instructions import InstructionAccess
from app.exchange.kinds import Column, Context, ImportKind, cell_value, col
from app.exchange.model import Entry
from app.exchange.normalize import CellError, cn_int, parse_text
from app.models import Proposal, SupervisionRecord
from app.services.context import Actor, Changes
from app.services.proposals import ProposalService

SU = SUPERVISION
COLUMNS: tuple[Column, ...] = (
    col(PROPOSAL, "term_id", "届别", parse="term", width=8, required=False,
        note="如“第十届”；不填时取“会议”中的届次，都没有时为当前届次。"),
    Column("session", "会议", "text", None, ("会次", "所属会议", "提交会议"), width=14,
           note="必填：提案提交的会议，如“十届三次会议”；闭会期间提交的写“闭会期间”。",
           required=True),
    Column("number", "提案号", "text", None, ("案号", "提案编号"), width=8,
           note="必填：如5、005或第5号。按届次、会议和提案号找到提案，不按案由。",
           required=True),
    col(SU, "supervised_on", "日期", "督办时间", width=12, note="必填。如2024-06-03。"),
    col(SU, "level", "督办级别", "层级", width=16,
        note="必填：党政领导领衔督办、政协领导督办、专委会督办等，可从下拉列表中选择。"),
    col(SU, "form", "督办形式", "方式", width=10, note="实地督办、座谈、协商会或书面。"),
    col(SU, "leader", "督办领导/单位", "督办单位", "督办人", width=16, note="如“县委副书记王某”。"),
    col(SU, "notes", "督办内容", "内容", "情况", width=36),
)


class SupervisionAccess(InstructionAccess):
    """What the import needs of a service for the 督办 rows themselves: one by id."""

    model = SupervisionRecord  # type: ignore[assignment]
    rtype = SUPERVISION


class SupervisionKind(ImportKind):
    name = "supervisions"
    label = "提案督办"
    title = "提案督办记录导入模板"
    rtype = SUPERVISION
    service = SupervisionAccess
    columns = COLUMNS
    names_members = False
    flush_each = True
    key_rule = "督办记录按提案、督办日期、督办层级和督办领导确定"
    key_fix = "核对提案号、“督办日期”“督办层级”和“督办领导”"

    def __init__(self, db: Any) -> None:
        super().__init__(db)
        self.proposals = ProposalService(db)

    # ----- reading ---------------------------------------------------------------------
    def prepare(self, entry: Entry, ctx: Context) -> None:
        v = entry.values
        if v.get("session") in (None, ""):
            entry.problems.append(self.problem(
                ctx, entry.row, "session", None,
                "必须填写，如“十届三次会议”；闭会期间提交的提案写“闭会期间”",
                label=self.by_key["session"].label))
            return
        term_id = v.get("term_id") or ctx.lookups.current_term_id
        try:
            term_id, session_id = ctx.lookups.plenary(v.get("session"), term_id)
        except CellError as exc:
            entry.problems.append(self.problem(ctx, entry.row, "session", v.get("session"),
                                               str(exc)))
            return
        if v.get("term_id") and term_id != v["term_id"]:
            entry.problems.append(self.problem(ctx, entry.row, "session", v.get("session"),
                                               "其中的届次与“届次”列不一致"))
            return
        raw = v.get("number")
        if raw in (None, ""):
            return
        text = "".join(str(parse_text(raw)).split()).removeprefix("第").removesuffix("号")
        number = cn_int(text.lstrip("0") or "0")
        if number is None or not 0 < number < 10**6:
            entry.problems.append(self.problem(ctx, entry.row, "number", raw,
                                               "应为提案号，如5、005或第5号"))
            return
        v["proposal_key"] = (term_id, session_id, number)

    def _proposal(self, session: Session, entry: Entry, ctx: Context) -> Proposal | None:
        """The proposal of the line, by its exact key; a problem when there is none."""
        key = entry.values.get("proposal_key")
        if key is None:
            return None
        term_id, session_id, number = key
        found = list(session.scalars(select(Proposal).where(
            Proposal.deleted_at.is_(None), Proposal.term_id == term_id,
            Proposal.session_id.is_(None) if session_id is None
            else Proposal.session_id == session_id, Proposal.number == number)))
        if len(found) == 1:
            return found[0]
        series = ctx.lookups.plenary_text(session_id) if session_id else \
            f"{ctx.lookups.term_text(term_id)}闭会期间"
        why = "没有找到" if not found else f"有{len(found)}件"
        entry.problems.append(self.problem(
            ctx, entry.row, "number", self.cell(entry, "number"),
            f"{why}{series}第{number:03d}号提案；请核对届次、会议和提案号"
            + ("，或先导入该提案" if not found else "")))
        return None

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        proposal = self._proposal(session, entry, ctx)
        entry.extra["proposal"] = proposal
        v = entry.values
        level = v.get("level")
        if proposal is None or not v.get("supervised_on") or not level:
            return []
        stmt = select(SupervisionRecord).where(
            SupervisionRecord.proposal_id == proposal.id,
            SupervisionRecord.supervised_on == v["supervised_on"],
            SupervisionRecord.level == level,
            SupervisionRecord.leader == (v.get("leader") or ""))
        return [(s.id, f"{s.supervised_on}{s.leader or s.level.label}的督办（编号{s.id}）",
                 self.identity_reason(())) for s in session.scalars(stmt)]

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        if not v.get("proposal_key") or not v.get("supervised_on") or not v.get("level"):
            return []
        return [("supervision", v["proposal_key"], v["supervised_on"], v["level"],
                 v.get("leader") or "")]

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "提案、督办日期、督办层级和督办领导相同"

    def entry_text(self, entry: Entry) -> str:
        return f"第{entry.row}行的督办"

    # ----- checks and writes -------------------------------------------------------------
    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        proposal = entry.extra.get("proposal")
        v = entry.values
        if proposal is None:
            if v.get("proposal_key") is None and not entry.problems:
                entry.problems.append(self.problem(ctx, entry.row, "number", None, "必须填写",
                                                   label=self.by_key["number"].label))
            return None
        problems = self.proposals.supervision_problems(
            proposal, v.get("level"), v.get("supervised_on"), v.get("leader") or "",
            v.get("form") or "")
        for p in problems:
            if p.field == "proposal_id":  # the proposal's stage: named at its number
                entry.problems.append(self.problem(ctx, entry.row, "number",
                                                   self.cell(entry, "number"), p.message))
        self.service_problems(ctx, entry, [p for p in problems if p.field != "proposal_id"])
        return proposal

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        proposal: Proposal = prepared
        v = entry.values
        if current is None:
            row = self.proposals.supervise(
                session, actor, proposal, v["level"], v["supervised_on"], v.get("leader") or "",
                v.get("form") or "", v.get("notes") or "")
            ctx.changed = True
        else:  # the same 督办: a blank cell keeps what is stored
            row = current
            ctx.changed = bool(self.proposals.revise_supervision(
                session, actor, proposal, row, v.get("form") or None, v.get("notes") or None))
        changes = Changes().add("proposals", proposal.id)
        members = {c.member_id for c in proposal.cosigners} | {proposal.lead_member_id or 0}
        return row, changes.add("members", *(members - {0}))

    # ----- export ----------------------------------------------------------------------
    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        lk = ctx.lookups
        rows = session.execute(
            select(SupervisionRecord, Proposal).join(Proposal)
            .where(Proposal.deleted_at.is_(None))
            .order_by(SupervisionRecord.supervised_on, SupervisionRecord.id)).all()
        for s, p in rows:
            line = [lk.term_text(p.term_id), lk.plenary_text(p.session_id), f"{p.number:03d}"]
            line += [cell_value(getattr(s, c.key)) for c in self.columns[3:]]
            yield [line]
