"""社情民意信息: submitters, 本级编发, 上报 per level, 采用 per level, and leader instructions."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NoReturn

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.domain.enums import AuditAction, ForwardLevel, OpinionStatus
from app.domain.schema import OPINION, OPINION_FORWARD
from app.errors import FieldProblem, TransitionError
from app.models import (
    Instruction,
    Member,
    OpinionForward,
    OpinionReport,
    OpinionSubmitter,
    Unit,
)
from app.services import audit
from app.services.common import (
    WorkflowService,
    apply_values,
    member_names,
    not_before,
    param_enum,
    read_instructions,
    year_range,
)
from app.services.context import Actor, Changes, Result, publish
from app.services.crud import FilterFn, SortFn
from app.services.list_rows import children_by_parent, in_order, rows_by_id, select_by
from app.services.opinion_rules import (
    SUBMITTERS,
    adoption_problems,
    check_submitters,
    forward_at,
    forward_problems,
    forward_refusal,
    issue_problems,
    issue_refusal,
    status_problems,
    write_submitters,
)
from app.services.validation import clean

ARCHIVE_NOTE = "不采用理由"  # the label of the reason an item is archived with


@dataclass(frozen=True)
class MemberOpinion:
    """One line of a member's 履职档案: an item the member submitted (alone or with others)."""

    opinion_id: int
    title: str
    received_on: dt.date
    status: OpinionStatus
    forwarded_levels: tuple[ForwardLevel, ...]
    adopted_levels: tuple[ForwardLevel, ...]
    instruction_count: int


@dataclass(frozen=True)
class OpinionChain:
    """An item and the names its detail view shows (``OpinionService.chain``)."""

    report: OpinionReport
    members: dict[int, str]  # submitting members by id
    channel_unit: str  # 归口单位
    instructions: list[Instruction]


@functools.cache
def _list_statements() -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The statements of ``OpinionService.list_rows`` (built once)."""
    opinion = select_by(OpinionReport, "id",
                        ["version", "received_on", "title", "category", "status", "issued_on",
                         "bulletin_year", "bulletin_no"])
    name = select(Member.name).where(
        Member.id == OpinionSubmitter.member_id).scalar_subquery().label("member_name")
    submitter = select_by(OpinionSubmitter, "opinion_id", ["member_id", "name", name],
                          order_by=["position"])
    forward = select_by(OpinionForward, "opinion_id", ["level", "adopted"], order_by=["id"])
    return opinion, submitter, forward


class OpinionService(WorkflowService[OpinionReport]):
    model = OpinionReport
    rtype = OPINION
    search_columns = (OpinionReport.title, OpinionReport.serial_no)
    default_sort = "received_on"
    owned_children = frozenset({"opinion_submitters", "opinion_forwards"})
    extra_keys = frozenset({"submitters"})  # rows as for set_submitters
    instruction_key = "opinion_id"

    def load(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.options(selectinload(OpinionReport.submitters),
                            selectinload(OpinionReport.forwards))

    def search_condition(self, text: str) -> ColumnElement[bool] | None:
        """Title and serial number, and the submitters' names (members and informants)."""
        like = f"%{text}%"
        by_name = exists().where(
            OpinionSubmitter.opinion_id == OpinionReport.id,
            or_(func.lower(OpinionSubmitter.name).like(like),
                OpinionSubmitter.member_id.in_(
                    select(Member.id).where(func.lower(Member.name).like(like)))))
        own = super().search_condition(text)
        return by_name if own is None else or_(own, by_name)

    def filters(self) -> dict[str, FilterFn]:
        def forwarded(*conditions: Any) -> Any:
            return exists().where(OpinionForward.opinion_id == OpinionReport.id, *conditions)

        return {
            "year": lambda v: year_range(OpinionReport.received_on, v),
            "category": lambda v: OpinionReport.category == v,
            "status": lambda v: OpinionReport.status == v,
            "channel_unit_id": lambda v: OpinionReport.channel_unit_id == v,
            "member_id": lambda v: exists().where(
                OpinionSubmitter.opinion_id == OpinionReport.id, OpinionSubmitter.member_id == v),
            "forwarded_level": lambda v: forwarded(OpinionForward.level == v),
            "adopted_level": lambda v: forwarded(OpinionForward.level == v,
                                                 OpinionForward.adopted.is_(True)),
            "issued": lambda v: (OpinionReport.issued_on.is_not(None) if v
                                 else OpinionReport.issued_on.is_(None)),
        }

    def tally_groups(self) -> dict[str, ColumnElement[Any]]:
        return {"status": OpinionReport.status.expression}

    def list_rows(self, ids: Iterable[int]) -> list[Any]:
        """The 社情民意 list's rows as plain values: the item's columns, its submitters (with
        the members' names as ``member_name``) and its forwards."""
        wanted = list(ids)
        opinion, submitter, forward = _list_statements()
        with self.db.reader() as session:
            rows = rows_by_id(session, opinion, wanted)
            submitters = children_by_parent(session, submitter, list(rows))
            forwards = children_by_parent(session, forward, list(rows))
        for oid, row in rows.items():
            row.submitters = submitters[oid]
            row.forwards = forwards[oid]
        return in_order(rows, wanted)

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [OpinionReport.id],
                "received_on": lambda: [OpinionReport.received_on],
                "title": lambda: [OpinionReport.title]}

    def check(self, session: Session, values: dict[str, Any], current: OpinionReport | None
              ) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        received = values.get("received_on", getattr(current, "received_on", None))
        issued = values.get("issued_on", getattr(current, "issued_on", None))
        not_before(issued, received, "issued_on", OPINION.label_of("issued_on"), "收到日期",
                   problems)
        asked = values.get("status")  # None: not given in this write
        if values.get("status") is None and "status" in values:
            values["status"] = getattr(current, "status", None) or OpinionStatus.RECEIVED
        if "status" in values or "issued_on" in values:  # what this write sets must agree
            problems += status_problems(values, current, issued, asked)
        return problems

    # ----- submitters ----------------------------------------------------------------
    def set_submitters(self, actor: Actor, opinion_id: int, rows: list[dict[str, Any]],
                       *, version: int) -> Result[OpinionReport]:
        """Replace the submitters; each row is {"member_id": …} or {"name": "特邀信息员姓名"}."""
        with self._step(actor, opinion_id, version) as (session, report):
            wanted, problems = check_submitters(session, rows, report.title)
            self._raise(problems)
            old = {s.member_id for s in report.submitters if s.member_id}
            before, after = write_submitters(session, report, wanted)
            self.touch(report)
            audit.record(session, actor, AuditAction.UPDATE, OPINION, opinion_id,
                         f"设置信息“{report.title}”的报送人", {SUBMITTERS: (before, after)})
        return self._announce(opinion_id, old ^ {v for k, v in wanted if k == "m"})

    def check_extra(self, session: Session, values: dict[str, Any], extra: dict[str, Any],
                    current: OpinionReport | None) -> list[FieldProblem]:
        """``submitters`` given with the record (rows as for ``set_submitters``) are checked
        the same way; their problems are named ``submitters`` so the editor shows them at the
        list. The rows are replaced by what ``write_extra`` writes."""
        rows = extra.get("submitters")
        if rows is None:
            return []
        title = str(values.get("title") or getattr(current, "title", ""))
        wanted, problems = check_submitters(session, list(rows), title)
        extra["submitters"] = wanted
        return [FieldProblem("submitters", p.label, p.value, p.message) for p in problems]

    def write_extra(self, session: Session, obj: OpinionReport, extra: dict[str, Any]
                    ) -> audit.Diff:
        wanted = extra.get("submitters")
        if wanted is None:
            return {}
        before, after = write_submitters(session, obj, wanted)
        return {} if before == after else {SUBMITTERS: (before or None, after)}

    def snapshot_related(self, session: Session, obj: OpinionReport) -> Any:
        return {s.member_id for s in obj.submitters if s.member_id}

    def related_changes(self, session: Session, obj: OpinionReport, extra: dict[str, Any],
                        before: Any) -> Changes:
        """The members whose 履职档案 the write changed: those who joined or left."""
        now = {s.member_id for s in obj.submitters if s.member_id}
        changed = now ^ (before or set())
        return Changes().add("members", *changed) if changed else Changes()

    # ----- workflow ------------------------------------------------------------------
    def issue(self, actor: Actor, opinion_id: int, issued_on: Any, bulletin_year: int,
              bulletin_no: int, *, version: int) -> Result[OpinionReport]:
        """本级编发: published in the committee's own 《社情民意》."""
        with self._step(actor, opinion_id, version) as (session, report):
            self.issue_in(session, actor, report, issued_on, bulletin_year, bulletin_no)
        return self._announce(opinion_id)

    def issue_in(self, session: Session, actor: Actor, report: OpinionReport, issued_on: Any,
                 bulletin_year: Any, bulletin_no: Any) -> None:
        """``issue`` inside the caller's transaction (and the Excel import's 编发)."""
        refusal = issue_refusal(report.status)
        if refusal:
            self._refuse(report, refusal)
        if report.issued_on is not None:
            self._refuse(report, f"已于{report.issued_on:%Y-%m-%d}编发在《社情民意》"
                                 f"{report.bulletin_year}年第{report.bulletin_no}期")
        values, problems = clean(session, OPINION, {
            "issued_on": issued_on, "bulletin_year": bulletin_year,
            "bulletin_no": bulletin_no}, current=report)
        problems += issue_problems(values, report.received_on,
                                   {p.field for p in problems})
        self._raise(problems)
        values["status"] = OpinionStatus.ISSUED
        self._set(session, actor, report, values,
                  f"编发信息“{report.title}”（{values['bulletin_year']}年第"
                  f"{values['bulletin_no']}期）")

    def archive(self, actor: Actor, opinion_id: int, note: str,
                *, version: int) -> Result[OpinionReport]:
        """不采用, 存档 (with the reason)."""
        with self._step(actor, opinion_id, version) as (session, report):
            self.archive_in(session, actor, report, note)
        return self._announce(opinion_id)

    def archive_in(self, session: Session, actor: Actor, report: OpinionReport,
                   note: str) -> None:
        """``archive`` inside the caller's transaction (and the Excel import's 不采用)."""
        if report.issued_on is not None or report.forwards:
            self._refuse(report, "已编发或上报，不能存档不采用")
        if report.status == OpinionStatus.ARCHIVED:
            self._refuse(report, "已存档")
        if not (note or "").strip():
            self._raise([FieldProblem("note", ARCHIVE_NOTE, note,
                                      f"信息“{report.title}”存档不采用时必须填写理由")])
        notes = "\n".join(x for x in (report.notes, f"不采用：{note.strip()}") if x)
        self._set(session, actor, report,
                  {"status": OpinionStatus.ARCHIVED, "notes": notes},
                  f"信息“{report.title}”存档不采用")

    def forward(self, actor: Actor, opinion_id: int, level: ForwardLevel | str,
                forwarded_on: Any, *, version: int) -> Result[OpinionReport]:
        """上报 to the 市 / 省 / 全国 CPPCC (one row per level)."""
        with self._step(actor, opinion_id, version) as (session, report):
            self.forward_in(session, actor, report, level, forwarded_on)
        return self._announce(opinion_id)

    def forward_in(self, session: Session, actor: Actor, report: OpinionReport,
                   level: ForwardLevel | str, forwarded_on: Any) -> None:
        """``forward`` inside the caller's transaction (and the Excel import's 上报)."""
        lvl, day = self._level_and_day(OPINION_FORWARD, ForwardLevel, level, "forwarded_on",
                                       forwarded_on)
        done = forward_at(report, lvl)
        refusal = forward_refusal(report.status, lvl, done.forwarded_on if done else None)
        if refusal:
            self._refuse(report, refusal)
        self._raise(forward_problems(day, report.received_on))
        report.forwards.append(OpinionForward(level=lvl, forwarded_on=day))
        self._log(session, actor, report, f"信息“{report.title}”上报{lvl.label}",
                  {OPINION_FORWARD.label_of("forwarded_on"): (None, f"{lvl.label} {day}")})

    def record_adoption(self, actor: Actor, opinion_id: int, level: ForwardLevel | str,
                        adopted_on: Any, outlet: str = "",
                        *, version: int) -> Result[OpinionReport]:
        """采用 by a higher level the item was forwarded to."""
        with self._step(actor, opinion_id, version) as (session, report):
            self.record_adoption_in(session, actor, report, level, adopted_on, outlet)
        return self._announce(opinion_id)

    def record_adoption_in(self, session: Session, actor: Actor, report: OpinionReport,
                           level: ForwardLevel | str, adopted_on: Any, outlet: str = "") -> None:
        """``record_adoption`` inside the caller's transaction (and the Excel import's 采用)."""
        lvl, day = self._level_and_day(OPINION_FORWARD, ForwardLevel, level, "adopted_on",
                                       adopted_on)
        row = forward_at(report, lvl)
        if row is None:
            self._refuse(report, f"尚未上报{lvl.label}，不能登记{lvl.label}采用")
        outlet = (outlet or "").strip()
        self._raise(adoption_problems(day, row.forwarded_on, outlet))
        diff = {f"{lvl.label}采用": (row.adopted_on, f"{day} {outlet}".strip())}
        row.adopted, row.adopted_on, row.outlet = True, day, outlet
        self._log(session, actor, report, f"登记信息“{report.title}”被{lvl.label}采用", diff)

    def withdraw_forward(self, actor: Actor, opinion_id: int, level: ForwardLevel | str,
                         *, version: int) -> Result[OpinionReport]:
        """Undo a 上报 entered by mistake (not once that level adopted the item)."""
        with self._step(actor, opinion_id, version) as (session, report):
            problems: list[FieldProblem] = []
            lvl = param_enum(ForwardLevel, level, "level", OPINION_FORWARD.label_of("level"),
                             problems)
            self._raise(problems)
            assert lvl is not None
            row = forward_at(report, lvl)
            if row is None:
                self._refuse(report, f"尚未上报{lvl.label}，无需撤销")
            if row.adopted:
                self._refuse(report, f"已被{lvl.label}采用，不能撤销上报")
            report.forwards.remove(row)
            self._log(session, actor, report, f"撤销信息“{report.title}”上报{lvl.label}",
                      {OPINION_FORWARD.label_of("forwarded_on"): (f"{lvl.label} "
                                                                  f"{row.forwarded_on}", None)})
        return self._announce(opinion_id)

    # ----- instructions --------------------------------------------------------------
    def add_instruction(self, actor: Actor, opinion_id: int, level: Any, leader: str,
                        instructed_on: Any, gist: str = "",
                        *, version: int) -> Result[OpinionReport]:
        data = {"level": level, "leader": leader, "instructed_on": instructed_on, "gist": gist}
        return self._add_instruction(actor, opinion_id, data, version)

    def instruction_summary(self, obj: OpinionReport, row: Instruction) -> str:
        return f"登记{row.leader or row.level.label}对信息“{obj.title}”的批示"

    def delete_instruction(self, actor: Actor, instruction_id: int,
                           *, version: int) -> Result[OpinionReport]:
        return self._delete_instruction(
            actor, instruction_id, f"社情民意信息的领导批示（编号{instruction_id}）不存在。",
            lambda report: f"删除信息“{report.title}”的一条领导批示",
            action=AuditAction.DELETE, include_deleted=False, version=version)

    def instructions(self, opinion_id: int) -> list[Instruction]:
        return self._instructions(opinion_id)

    # ----- reads for views -----------------------------------------------------------
    def member_names(self, ids: Iterable[int]) -> dict[int, str]:
        """Names of the members with ``ids`` (deleted ones included)."""
        return member_names(self.db, ids)

    def chain(self, opinion_id: int) -> OpinionChain:
        """The item with what its detail view names: submitters, 归口单位, instructions."""
        report = self.get(opinion_id, include_deleted=True)
        with self.db.reader() as session:
            unit = session.get(Unit, report.channel_unit_id) if report.channel_unit_id else None
            instructions = read_instructions(session, opinion_id=opinion_id)
        return OpinionChain(report, self.member_names(s.member_id or 0 for s in report.submitters),
                            unit.name if unit else "", instructions)

    # ----- 履职档案 ------------------------------------------------------------------
    def opinions_of_member(self, member_id: int) -> list[MemberOpinion]:
        stmt = (select(OpinionReport).options(selectinload(OpinionReport.forwards))
                .where(OpinionReport.deleted_at.is_(None), exists().where(
                    OpinionSubmitter.opinion_id == OpinionReport.id,
                    OpinionSubmitter.member_id == member_id))
                .order_by(OpinionReport.received_on, OpinionReport.id))
        with self.db.reader() as session:
            reports = list(session.scalars(stmt))
            counts = dict(session.execute(
                select(Instruction.opinion_id, func.count())
                .where(Instruction.opinion_id.in_([r.id for r in reports]))
                .group_by(Instruction.opinion_id)).all())
            return [MemberOpinion(
                r.id, r.title, r.received_on, r.status,
                tuple(f.level for f in r.forwards),
                tuple(f.level for f in r.forwards if f.adopted),
                counts.get(r.id, 0)) for r in reports]

    # ----- plumbing ------------------------------------------------------------------
    def _refuse(self, report: OpinionReport, why: str) -> NoReturn:
        raise TransitionError(
            f"社情民意信息“{report.title}”（当前为“{report.status.label}”）{why}。")

    def _set(self, session: Session, actor: Actor, report: OpinionReport,
             values: dict[str, Any], summary: str) -> None:
        self._log(session, actor, report, summary, apply_values(report, values))

    def _log(self, session: Session, actor: Actor, report: OpinionReport, summary: str,
             diff: dict[str, tuple[Any, Any]], action: AuditAction = AuditAction.UPDATE
             ) -> None:
        self.touch(report)
        audit.record(session, actor, action, OPINION, report.id, summary, diff)

    def _announce(self, opinion_id: int, members: set[int] | None = None
                  ) -> Result[OpinionReport]:
        report = self.get(opinion_id)
        ids = members if members is not None else {
            s.member_id for s in report.submitters if s.member_id}
        changes = Changes.of("opinion_reports", [opinion_id])
        if ids:
            changes.add("members", *ids)
        publish(changes)
        return Result(report, changes)
