"""领导批示 on a proposal, an opinion report or an activity outcome: one line each.

批示对象 says what the 批示 is on, and the record is found only by its exact key:
a proposal by its full 提案号 (十届三次会议第005号, 十届闭会期间第012号); an opinion report by
its 登记号, or its 收到日期 and 标题; an outcome by the 活动日期 and 活动名称 of its event and its
成果标题. A 批示 is known exactly by its record, 批示日期 and 批示领导 (or 领导层级 when no leader
is named). A new 批示 is written by the service's own 登记批示 step (``instruct_in`` of the
proposal and opinion services, ``outcome_instruction_in`` of the event service), so the record
it is on has its version advanced and the change is audited as the client audits it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import AuditAction
from app.domain.schema import EVENT, INSTRUCTION, OPINION, PROPOSAL, RecordType
from app.exchange.kind_proposals import number_text
from app.exchange.kinds import Column, Context, ImportKind, cell_value, col
from app.exchange.model import Entry
from app.exchange.normalize import CellError, cn_int, parse_text
from app.models import Event, Instruction, OpinionReport, Outcome, Proposal
from app.services import audit
from app.services.common import WorkflowService
from app.services.context import Actor, Changes
from app.services.crud import RecordService
from app.services.events import EventService
from app.services.opinions import OpinionService
from app.services.proposals import ProposalService
from app.services.validation import clean

TARGETS = {"提案": "proposal_id", "社情民意信息": "opinion_id", "活动成果": "outcome_id"}
_TARGET_ALIASES = {"社情民意": "社情民意信息", "信息": "社情民意信息", "成果": "活动成果",
                   "协商调研成果": "活动成果", "调研成果": "活动成果", "协商成果": "活动成果"}
_NUMBER = re.compile(r"^(.+?)第?0*([0-9]+|[零〇一二三四五六七八九十百]+)号?$")

IN, OP = INSTRUCTION, OPINION
COLUMNS: tuple[Column, ...] = (
    Column("target", "批示对象", "text", None, ("批示类型", "对象类型", "批示事项类型"),
           note="必填：提案、社情民意信息或活动成果。", width=12, required=True),
    Column("proposal_no", "提案号", "text", None, ("提案编号", "案号"),
           note="批示对象是提案时填写完整的提案号，如“十届三次会议第005号”或“十届闭会期间第012号”。",
           width=22),
    col(OP, "serial_no", "收文号", "信息编号", key="serial_no", width=12,
        note="批示对象是社情民意信息时填写登记号；没有登记号时填写“对象标题”和“对象日期”。"),
    Column("title", "对象标题", "text", None, ("标题", "信息标题", "成果标题", "案由"),
           note="社情民意信息的标题，或活动成果的成果标题。", width=30),
    Column("day", "对象日期", "date", None, ("收到日期", "活动日期"),
           note="社情民意信息的收到日期，或活动成果所出自的会议活动的日期。", width=12),
    Column("event", "活动名称", "text", None, ("所属活动", "会议活动名称"),
           note="批示对象是活动成果时填写成果所出自的会议活动的名称。", width=24),
    col(IN, "level", "批示领导层级", "层级", "领导级别", width=12,
        note="必填：县级领导、市级领导、省级领导或国家级领导。"),
    col(IN, "leader", "领导", "批示人", width=14, note="如“县委书记王某”。"),
    col(IN, "instructed_on", "日期", "批示时间", width=12, note="必填。如2024-06-01。"),
    col(IN, "gist", "批示内容", "主要内容", width=30),
)
_OWN = ("level", "leader", "instructed_on", "gist")
_RTYPE: dict[str, RecordType] = {"proposal_id": PROPOSAL, "opinion_id": OPINION,
                                 "outcome_id": EVENT}


class InstructionAccess(RecordService[Any]):
    """What the import needs of a service for rows kept on another record (批示, 督办): the
    stored row by id, and ``touch``."""

    model = Instruction  # type: ignore[assignment]
    rtype = INSTRUCTION

    def _get(self, session: Session, record_id: int, *, include_deleted: bool = False,
             eager: bool = False) -> Any:
        return session.get(self.model, record_id)


class InstructionKind(ImportKind):
    name = "instructions"
    label = "领导批示"
    title = "领导批示导入模板"
    rtype = INSTRUCTION
    service = InstructionAccess
    columns = COLUMNS
    names_members = False
    flush_each = True
    key_rule = "批示按批示对象、批示日期和批示领导确定"
    key_fix = "核对批示对象、“批示日期”和“批示领导”"

    def __init__(self, db: Any) -> None:
        super().__init__(db)
        self._steps: dict[str, WorkflowService[Any]] = {
            "proposal_id": ProposalService(db), "opinion_id": OpinionService(db)}

    # ----- reading ---------------------------------------------------------------------
    def prepare(self, entry: Entry, ctx: Context) -> None:
        raw = entry.values.get("target")
        if raw in (None, ""):
            return
        text = "".join(str(raw).split())
        text = _TARGET_ALIASES.get(text, text)
        if text not in TARGETS:
            entry.problems.append(self.problem(ctx, entry.row, "target", raw,
                                               "应为提案、社情民意信息或活动成果"))
            entry.values.pop("target")
            return
        entry.values["target"] = TARGETS[text]
        if text == "提案":
            self._proposal_number(entry, ctx)

    def _proposal_number(self, entry: Entry, ctx: Context) -> None:
        raw = entry.values.get("proposal_no")
        if raw in (None, ""):
            return
        try:
            match = _NUMBER.match("".join(str(parse_text(raw)).split()))
            if not match:
                raise CellError("应写成“十届三次会议第005号”或“十届闭会期间第012号”的形式")
            term_id, session_id = ctx.lookups.plenary(match[1], None)
            number = cn_int(match[2])
            if term_id is None or number is None or number >= 10**6:
                raise CellError("应写成“十届三次会议第005号”或“十届闭会期间第012号”的形式")
        except CellError as exc:
            entry.problems.append(self.problem(ctx, entry.row, "proposal_no", raw, str(exc)))
            entry.values.pop("proposal_no")
            return
        entry.values["proposal_no"] = (term_id, session_id, number)

    # ----- the record it is on -----------------------------------------------------------
    def _missing(self, ctx: Context, entry: Entry, keys: tuple[str, ...], what: str) -> bool:
        absent = [k for k in keys if entry.values.get(k) in (None, "")]
        if absent:
            labels = "、".join(f"“{self.by_key[k].label}”" for k in absent)
            entry.problems.append(self.problem(ctx, entry.row, absent[0], None,
                                               f"批示对象是{what}时必须填写{labels}",
                                               label=self.by_key[absent[0]].label))
        return bool(absent)

    def _target(self, session: Session, entry: Entry, ctx: Context) -> Any:
        """The proposal, opinion report or outcome of the line, by its exact key."""
        v = entry.values
        target = v.get("target")
        if target == "proposal_id":
            if self._missing(ctx, entry, ("proposal_no",), "提案"):
                return None
            term_id, session_id, number = v["proposal_no"]
            found = list(session.scalars(select(Proposal).where(
                Proposal.deleted_at.is_(None), Proposal.term_id == term_id,
                Proposal.session_id.is_(None) if session_id is None
                else Proposal.session_id == session_id, Proposal.number == number)))
            key, what = "proposal_no", f"提案“{self.cell(entry, 'proposal_no')}”"
        elif target == "opinion_id":
            stmt = select(OpinionReport).where(OpinionReport.deleted_at.is_(None))
            if v.get("serial_no"):
                stmt = stmt.where(OpinionReport.serial_no == v["serial_no"])
                key, what = "serial_no", f"登记号为“{v['serial_no']}”的社情民意信息"
            elif self._missing(ctx, entry, ("title", "day"), "没有登记号的社情民意信息"):
                return None
            else:
                stmt = stmt.where(OpinionReport.title == v["title"],
                                  OpinionReport.received_on == v["day"])
                key, what = "title", f"{v['day']:%Y-%m-%d}收到的信息“{v['title']}”"
            found = list(session.scalars(stmt))
        elif target == "outcome_id":
            if self._missing(ctx, entry, ("day", "event", "title"), "活动成果"):
                return None
            found = list(session.scalars(select(Outcome).join(Event).where(
                Event.deleted_at.is_(None), Event.start_on == v["day"],
                Event.title == v["event"], Outcome.title == v["title"])))
            key = "title"
            what = f"{v['day']:%Y-%m-%d}“{v['event']}”的成果“{v['title']}”"
        else:
            return None
        if len(found) != 1:
            why = "没有找到" if not found else f"有{len(found)}条"
            entry.problems.append(self.problem(
                ctx, entry.row, key, self.cell(entry, key),
                f"{why}{what}；请核对" + ("，或先导入该记录" if not found else
                                      "，请在程序中直接为该记录登记批示")))
            return None
        return found[0]

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        record = self._target(session, entry, ctx)
        entry.extra["record"] = record
        v = entry.values
        if record is None or not v.get("instructed_on"):
            return []
        stmt = select(Instruction).where(getattr(Instruction, v["target"]) == record.id,
                                         Instruction.instructed_on == v["instructed_on"])
        if v.get("leader"):
            stmt = stmt.where(Instruction.leader == v["leader"])
        elif v.get("level"):
            stmt = stmt.where(Instruction.level == v["level"])
        return [(i.id, f"{i.instructed_on}{i.leader or i.level.label}的批示（编号{i.id}）",
                 self.identity_reason(())) for i in session.scalars(stmt)]

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        keys = ("target", "proposal_no", "serial_no", "title", "day", "event")
        if not v.get("target") or not v.get("instructed_on"):
            return []
        return [("instruction", *(v.get(k) for k in keys), v["instructed_on"],
                 v.get("leader") or v.get("level"))]

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "批示对象、批示日期和批示领导相同"

    def entry_text(self, entry: Entry) -> str:
        return f"第{entry.row}行的批示"

    # ----- checks and writes -------------------------------------------------------------
    def validate(self, session: Session, entry: Entry, ctx: Context, current: Any) -> Any:
        record = entry.extra.get("record")
        data = {k: entry.values[k] for k in _OWN if k in entry.values
                and (current is None or entry.values[k] not in (None, ""))}
        values, problems = clean(session, INSTRUCTION, data, current=current)
        self.service_problems(ctx, entry, problems)
        if record is None:
            return None
        return record, values

    def write(self, session: Session, actor: Actor, entry: Entry, prepared: Any, current: Any,
              ctx: Context) -> tuple[Any, Changes]:
        record, values = prepared
        target = entry.values["target"]
        owner = record.event if target == "outcome_id" else record
        if current is None:  # 登记批示, the step of the record's page
            if target == "outcome_id":
                row = EventService(self.db).outcome_instruction_in(session, actor, owner,
                                                                   record, values)
            else:
                row = self._steps[target].instruct_in(session, actor, record, values)
            ctx.changed = True
            return row, Changes().add(_RTYPE[target].entity, owner.id)
        row = current  # the same 批示 again: its level or gist as the file gives them
        diff = {k: (getattr(row, k), v) for k, v in values.items() if getattr(row, k) != v}
        for name, value in values.items():
            setattr(row, name, value)
        ctx.changed = bool(diff)
        if ctx.changed:
            RecordService.touch(owner)
            session.flush()
            audit.record(session, actor, AuditAction.IMPORT, _RTYPE[target], owner.id,
                         f"导入更新“{getattr(record, 'title', '')}”的领导批示"
                         f"（{row.leader or row.level.label}，{row.instructed_on}）",
                         {IN.label_of(k): v for k, v in diff.items()})
        return row, Changes().add(_RTYPE[target].entity, owner.id)

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        rows = session.scalars(select(Instruction).order_by(Instruction.instructed_on,
                                                            Instruction.id)).all()
        for i in rows:
            target: list[Any] = ["", "", "", "", None, ""]
            if i.proposal_id:
                p = session.get(Proposal, i.proposal_id)
                if p is None or p.deleted_at is not None:
                    continue
                target = ["提案", number_text(p, ctx.lookups), "", "", None, ""]
            elif i.opinion_id:
                o = session.get(OpinionReport, i.opinion_id)
                if o is None or o.deleted_at is not None:
                    continue
                target = ["社情民意信息", "", o.serial_no, o.title, o.received_on, ""]
            elif i.outcome_id:
                oc = session.get(Outcome, i.outcome_id)
                if oc is None or oc.event.deleted_at is not None:
                    continue
                target = ["活动成果", "", "", oc.title, oc.event.start_on, oc.event.title]
            yield [[*target, cell_value(i.level), i.leader, i.instructed_on, i.gist]]
