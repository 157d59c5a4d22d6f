"""Proposals (提案): numbering, proposer rules, review, 交办, 答复, 评价, 办结, 重点, 督办."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NoReturn

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.domain.enums import (
    AssignmentRole,
    AuditAction,
    ProposalStage,
    ProposalType,
    ReplyClass,
    ReviewStatus,
    Satisfaction,
    SupervisionLevel,
)
from app.domain.schema import PROPOSAL
from app.errors import FieldProblem, NotFoundError, TransitionError, ValidationError
from app.models import (
    Department,
    Instruction,
    Member,
    PlenarySession,
    Proposal,
    ProposalAssignment,
    ProposalCosigner,
    SupervisionRecord,
    Term,
)
from app.services import audit
from app.services.context import Actor, Changes, Result, publish
from app.services.crud import FilterFn, RecordService, SortFn
from app.services.events import member_problems, touch, year_range
from app.services.opinions import (
    not_before,
    param_date,
    param_enum,
    read_instructions,
    write_instruction,
)
from app.services.validation import clean
from app.text.numerals import cn_number

INTERIM = "interim"  # the session_id filter value for 闭会期间
REPLYING = (AssignmentRole.LEAD, AssignmentRole.SEPARATE)  # roles that owe a formal reply
COSIGNERS = "联名人"
PA = ProposalAssignment
LABELS = {"department_id": "承办单位", "role": "承办方式", "assigned_on": "交办日期",
          "due_on": "办理期限", "replied_on": "答复日期", "reply_class": "办理结果",
          "reply_doc_no": "答复文号", "satisfaction": "满意度", "evaluated_on": "评价日期",
          "evaluation_note": "评价意见", "level": "督办层级", "supervised_on": "督办日期"}


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clipped to the month's end (11-30 + 3 → 02-28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stage(p: Proposal) -> ProposalStage:
    """Where the proposal stands; a pure function of its review status and assignments."""
    if p.review_status != ReviewStatus.ACCEPTED:
        return ProposalStage[p.review_status.name]
    if p.closed_on is not None:
        return ProposalStage.CLOSED
    if not p.assignments:
        return ProposalStage.ACCEPTED
    replying = [a for a in p.assignments if a.role in REPLYING]
    if any(a.replied_on is None for a in replying):
        return ProposalStage.ASSIGNED
    if any(a.satisfaction is None for a in replying):
        return ProposalStage.REPLIED
    return ProposalStage.EVALUATED


def stage_condition(value: ProposalStage | str) -> ColumnElement[bool]:
    """``stage(p) == value`` as SQL."""
    st = value if isinstance(value, ProposalStage) else ProposalStage.from_label(value)
    if st is None:
        raise KeyError(f"unknown proposal stage {value!r}")
    if st.name in ReviewStatus.__members__ and st.name != ReviewStatus.ACCEPTED.name:
        return Proposal.review_status.in_([ReviewStatus[st.name]])
    accepted = Proposal.review_status == ReviewStatus.ACCEPTED
    if st == ProposalStage.CLOSED:
        return and_(accepted, Proposal.closed_on.is_not(None))

    def any_(*conditions: Any) -> ColumnElement[bool]:
        return exists().where(PA.proposal_id == Proposal.id, *conditions)

    open_ = and_(accepted, Proposal.closed_on.is_(None))
    unreplied = any_(PA.role.in_(REPLYING), PA.replied_on.is_(None))
    unevaluated = any_(PA.role.in_(REPLYING), PA.satisfaction.is_(None))
    return {
        ProposalStage.ACCEPTED: and_(open_, ~any_()),
        ProposalStage.ASSIGNED: and_(open_, unreplied),
        ProposalStage.REPLIED: and_(open_, any_(), ~unreplied, unevaluated),
        ProposalStage.EVALUATED: and_(open_, any_(), ~unreplied, ~unevaluated),
    }[st]


def series_name(session: Session, term_id: int, session_id: int | None) -> str:
    """十届三次会议, or 十届闭会期间 for proposals between plenaries."""
    term = session.get(Term, term_id)
    term_text = f"{cn_number(term.number)}届" if term else ""
    plenary = session.get(PlenarySession, session_id) if session_id else None
    if plenary is None:
        return f"{term_text}闭会期间"
    return f"{term_text}{cn_number(plenary.number)}次会议"


def number_text(session: Session, p: Proposal) -> str:
    return f"{series_name(session, p.term_id, p.session_id)}第{p.number:03d}号"


@dataclass(frozen=True)
class MemberProposal:
    """One line of a member's 履职档案: a proposal the member led or co-signed."""

    proposal_id: int
    number_text: str
    title: str
    role: str  # "lead" 第一提案人 / "cosign" 联名人
    role_label: str
    stage: ProposalStage
    stage_label: str
    departments: tuple[str, ...]
    reply_classes: tuple[str, ...]


class ProposalService(RecordService[Proposal]):
    model = Proposal
    rtype = PROPOSAL
    search_columns = (
        Proposal.title, Proposal.collective_proposer,
        select(Member.name).where(Member.id == Proposal.lead_member_id).scalar_subquery())
    default_sort = "number"
    owned_children = frozenset({"proposal_cosigners", "proposal_assignments",
                                "supervision_records"})

    # ----- hooks ---------------------------------------------------------------------
    def load(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.options(selectinload(Proposal.cosigners), selectinload(Proposal.assignments),
                            selectinload(Proposal.supervisions))

    def describe(self, obj: Proposal) -> str:
        return f"第{obj.number}号 {obj.title}" if obj.number else obj.title

    def filters(self) -> dict[str, FilterFn]:
        def assignment(*conditions: Any) -> ColumnElement[bool]:
            return exists().where(PA.proposal_id == Proposal.id, *conditions)

        def overdue(value: Any) -> ColumnElement[bool]:
            late = and_(Proposal.closed_on.is_(None), assignment(
                PA.replied_on.is_(None), PA.due_on < dt.date.today()))
            return late if value else ~late

        return {
            "term_id": lambda v: Proposal.term_id == v,
            "session_id": lambda v: (Proposal.session_id.is_(None) if v == INTERIM
                                     else Proposal.session_id == v),
            "category": lambda v: Proposal.category == v,
            "type": lambda v: Proposal.type == v,
            "review_status": lambda v: Proposal.review_status == v,
            "stage": stage_condition,
            "is_key": lambda v: Proposal.is_key.is_(bool(v)),
            "is_excellent": lambda v: Proposal.is_excellent.is_(bool(v)),
            "member_id": lambda v: or_(Proposal.lead_member_id == v, exists().where(
                ProposalCosigner.proposal_id == Proposal.id, ProposalCosigner.member_id == v)),
            "department_id": lambda v: assignment(PA.department_id == v),
            "overdue": overdue,
            "year": lambda v: year_range(Proposal.submitted_on, v),
        }

    def sorts(self) -> dict[str, SortFn]:
        term_no = select(Term.number).where(Term.id == Proposal.term_id).scalar_subquery()
        session_no = func.coalesce(select(PlenarySession.number).where(
            PlenarySession.id == Proposal.session_id).scalar_subquery(), 1000)  # 闭会期间 last
        return {"id": lambda: [Proposal.id],
                "number": lambda: [term_no, session_no, Proposal.number],
                "submitted_on": lambda: [Proposal.submitted_on],
                "title": lambda: [Proposal.title]}

    def check(self, session: Session, values: dict[str, Any], current: Proposal | None
              ) -> list[FieldProblem]:
        def get(name: str) -> Any:
            return values[name] if name in values else getattr(current, name, None)

        problems: list[FieldProblem] = []
        term_id, session_id, number = get("term_id"), get("session_id"), get("number")
        plenary = session.get(PlenarySession, session_id) if session_id else None
        if plenary is not None and term_id and plenary.term_id != term_id:
            problems.append(FieldProblem("session_id", PROPOSAL.label_of("session_id"),
                                         session_id, "所选会议不属于所选届次"))
        elif number is not None and term_id:
            clash = self._clash(session, term_id, session_id, number, getattr(current, "id", None))
            if clash is not None:
                problems.append(FieldProblem(
                    "number", PROPOSAL.label_of("number"), number,
                    f"{series_name(session, term_id, session_id)}已有第{number}号提案"
                    f"“{clash.title}”，提案号不能重复"))
        if current is not None:  # workflow fields change only through the workflow steps
            for name, step in (("review_status", "审查"), ("reviewed_on", "审查"),
                               ("merged_into_id", "审查"), ("closed_on", "办结")):
                if name in values and values[name] != getattr(current, name):
                    problems.append(FieldProblem(name, PROPOSAL.label_of(name), values[name],
                                                 f"请通过“{step}”操作修改"))
        if values.get("review_status") is None and "review_status" in values:
            values["review_status"] = ReviewStatus.PENDING
        return problems

    def check_delete(self, session: Session, obj: Proposal) -> str | None:
        merged = session.scalar(select(func.count()).where(
            Proposal.merged_into_id == obj.id, Proposal.deleted_at.is_(None))) or 0
        return f"有{merged}件提案并入本提案，不能删除" if merged else None

    @staticmethod
    def _clash(session: Session, term_id: int, session_id: int | None, number: int,
               own_id: int | None) -> Proposal | None:
        series = (Proposal.session_id.is_(None) if session_id is None
                  else Proposal.session_id == session_id)
        return session.scalars(select(Proposal).where(
            Proposal.term_id == term_id, series, Proposal.number == number,
            Proposal.deleted_at.is_(None), Proposal.id != (own_id or -1))).first()

    # ----- numbering -----------------------------------------------------------------
    def next_number(self, term_id: int, session_id: int | None) -> int:
        with self.db.reader() as session:
            return self._next_number(session, term_id, session_id)

    @staticmethod
    def _next_number(session: Session, term_id: int, session_id: int | None) -> int:
        series = (Proposal.session_id.is_(None) if session_id is None
                  else Proposal.session_id == session_id)
        top = session.scalar(select(func.max(Proposal.number)).where(
            Proposal.term_id == term_id, series, Proposal.deleted_at.is_(None)))
        return (top or 0) + 1

    # ----- writes --------------------------------------------------------------------
    def create(self, actor: Actor, data: dict[str, Any]) -> Result[Proposal]:
        """``data`` may carry ``cosigner_ids`` (ordered); a blank number takes the next one."""
        return self._save(actor, None, data, None)

    def update(self, actor: Actor, record_id: int, data: dict[str, Any], *,
               version: int | None = None) -> Result[Proposal]:
        return self._save(actor, record_id, data, version)

    def set_cosigners(self, actor: Actor, proposal_id: int, member_ids: list[int]
                      ) -> Result[Proposal]:
        return self._save(actor, proposal_id, {"cosigner_ids": list(member_ids)}, None)

    def _save(self, actor: Actor, record_id: int | None, data: dict[str, Any],
              version: int | None) -> Result[Proposal]:
        actor.require_write()
        data = dict(data)
        wanted = data.pop("cosigner_ids", None)
        try:
            with self.db.session() as session:
                obj = None if record_id is None else self._get(session, record_id)
                if obj is not None:
                    self._check_version(obj, version)
                values, problems = clean(session, PROPOSAL, data, current=obj)
                ids = None
                if wanted is not None:
                    ids, _, found = member_problems(session, list(wanted), "第{n}位联名人",
                                                    "不能作为联名人", "位")
                    problems += [FieldProblem("cosigner_ids", p.label, p.value, p.message)
                                 for p in found]
                problems += self.check(session, values, obj)
                problems += _proposer_rules(session, values, obj, ids)
                self._raise(problems)
                old_ids = [c.member_id for c in obj.cosigners] if obj else []
                old_lead = obj.lead_member_id if obj else None
                blank = "number" in values and values["number"] is None
                if blank or (obj is None and "number" not in values):
                    values.pop("number", None)
                    term_id = values.get("term_id", getattr(obj, "term_id", None))
                    session_id = values.get("session_id", getattr(obj, "session_id", None))
                    assert term_id is not None  # required: checked above
                    if obj is None or (term_id, session_id) != (obj.term_id, obj.session_id):
                        values["number"] = self._next_number(session, term_id, session_id)
                diff: dict[str, tuple[Any, Any]]
                if obj is None:
                    obj = Proposal(**{k: v for k, v in values.items() if v is not None})
                    session.add(obj)
                    diff = {k: (None, v) for k, v in values.items() if v not in (None, "", False)}
                    action = AuditAction.CREATE
                else:
                    diff = {k: (getattr(obj, k), v) for k, v in values.items()
                            if getattr(obj, k) != v}
                    for name, value in values.items():
                        setattr(obj, name, value)
                    action = AuditAction.UPDATE
                if ids is not None and ids != old_ids:
                    rows = {c.member_id: c for c in obj.cosigners}
                    obj.cosigners = [rows.get(i) or ProposalCosigner(member_id=i) for i in ids]
                    for position, row in enumerate(obj.cosigners, start=1):
                        row.position = position
                    diff[COSIGNERS] = (_names(session, old_ids), _names(session, ids))
                    touch(obj)
                session.flush()
                if diff:
                    verb = action.label
                    audit.record(session, actor, action, PROPOSAL, obj.id,
                                 f"{verb}提案“{number_text(session, obj)} {obj.title}”", diff)
                new_ids = ids if ids is not None else old_ids
                if action == AuditAction.CREATE:
                    members = set(new_ids) | {obj.lead_member_id}
                else:
                    members = set(old_ids) ^ set(new_ids)
                    if old_lead != obj.lead_member_id:
                        members |= {old_lead, obj.lead_member_id}
                touched = {m for m in members if m is not None}
                new_id = obj.id
        except StaleDataError as exc:
            raise self._conflict(record_id or 0) from exc
        changes = Changes.of("proposals", [new_id]) if diff else Changes()
        if diff and touched:
            changes.add("members", *touched)
        publish(changes)
        return Result(self.get(new_id), changes)

    def restore(self, actor: Actor, ids: Iterable[int]) -> Changes:
        """Back from the recycle bin, unless its number was given to another proposal since."""
        ids = list(ids)
        with self.db.reader() as session:
            for record_id in ids:
                p = self._get(session, record_id, include_deleted=True)
                if p.deleted_at is not None and self._clash(
                        session, p.term_id, p.session_id, p.number, p.id):
                    raise ValidationError([FieldProblem(
                        "number", PROPOSAL.label_of("number"), p.number,
                        f"{series_name(session, p.term_id, p.session_id)}第{p.number}号已被"
                        "其他提案使用，请先修改提案号再恢复")], PROPOSAL.label)
        return super().restore(actor, ids)

    # ----- workflow ------------------------------------------------------------------
    def review(self, actor: Actor, proposal_id: int, status: ReviewStatus | str,
               reviewed_on: Any, note: str = "", merged_into_id: int | None = None
               ) -> Result[Proposal]:
        """审查: 立案 / 不予立案 / 并案 / 转意见建议 / 撤案; an admin may return it to 待审查."""
        with self._step(actor, proposal_id) as (session, p):
            problems: list[FieldProblem] = []
            new = param_enum(ReviewStatus, status, "review_status",
                             PROPOSAL.label_of("review_status"), problems)
            self._raise(problems)
            assert new is not None
            if new == ReviewStatus.PENDING:
                actor.require_admin("把已审查的提案退回待审查")
                if p.review_status == ReviewStatus.PENDING:
                    self._refuse(session, p, "尚未审查，无需退回")
                if p.assignments or p.closed_on:
                    self._refuse(session, p, "已交办，须先撤销交办才能退回待审查")
                values: dict[str, Any] = {"review_status": new, "reviewed_on": None,
                                          "review_note": "", "merged_into_id": None}
            else:
                if p.review_status != ReviewStatus.PENDING:
                    self._refuse(session, p, "已审查，不能再次审查；"
                                             "如需更正，请由管理员先退回待审查")
                day = param_date(reviewed_on, "reviewed_on", PROPOSAL.label_of("reviewed_on"),
                                 problems)
                not_before(day, p.submitted_on, "reviewed_on", PROPOSAL.label_of("reviewed_on"),
                           "提交日期", problems)
                note = (note or "").strip()
                if new in (ReviewStatus.REJECTED, ReviewStatus.CONVERTED) and not note:
                    problems.append(FieldProblem("review_note", PROPOSAL.label_of("review_note"),
                                                 note, f"审查结果为“{new.label}”时必须填写理由"))
                if new == ReviewStatus.MERGED:
                    problems += self._merge_target(session, p, merged_into_id)
                self._raise(problems)
                values = {"review_status": new, "reviewed_on": day, "review_note": note,
                          "merged_into_id": merged_into_id if new == ReviewStatus.MERGED
                          else None}
            self._set(session, actor, p, p, values, f"审查为“{new.label}”")
        return self._announce(proposal_id)

    def _merge_target(self, session: Session, p: Proposal, target_id: int | None
                      ) -> list[FieldProblem]:
        label = PROPOSAL.label_of("merged_into_id")
        target = session.get(Proposal, target_id) if target_id else None
        if target is None or target.deleted_at is not None:
            return [FieldProblem("merged_into_id", label, target_id, "并案时必须选择一件现有提案")]
        name = f"{number_text(session, target)}“{target.title}”"
        if target.id == p.id:
            return [FieldProblem("merged_into_id", label, name, "不能并入提案自身")]
        if target.review_status != ReviewStatus.ACCEPTED:
            return [FieldProblem("merged_into_id", label, name,
                                 f"只能并入已立案的提案，该提案当前为“{stage(target).label}”")]
        return []

    def assign(self, actor: Actor, proposal_id: int, department_id: int,
               role: AssignmentRole | str, assigned_on: Any, due_on: Any = None
               ) -> Result[Proposal]:
        """交办 to a department; the 办理期限 defaults to three months."""
        with self._step(actor, proposal_id) as (session, p):
            self._require_open(session, p, "交办")
            problems: list[FieldProblem] = []
            dept = self._department(session, department_id, problems)
            kind = param_enum(AssignmentRole, role, "role", LABELS["role"], problems)
            day = param_date(assigned_on, "assigned_on", LABELS["assigned_on"], problems)
            due = param_date(due_on, "due_on", LABELS["due_on"], problems, required=False)
            not_before(day, p.reviewed_on, "assigned_on", LABELS["assigned_on"], "立案日期",
                       problems)
            not_before(due, day, "due_on", LABELS["due_on"], "交办日期", problems)
            if dept is not None and any(a.department_id == dept.id for a in p.assignments):
                problems.append(FieldProblem("department_id", LABELS["department_id"], dept.name,
                                             f"已交办给“{dept.name}”，不能重复交办"))
            if kind is not None:
                problems += _role_rule(session, p.assignments, kind)
            self._raise(problems)
            assert dept is not None and kind is not None and day is not None
            row = PA(department_id=department_id, role=kind, assigned_on=day,
                     due_on=due or add_months(day, 3))
            p.assignments.append(row)
            self._log(session, actor, p, f"交办“{dept.name}”{kind.label}",
                      {LABELS["department_id"]: (None, f"{dept.name}（{kind.label}）"),
                       LABELS["due_on"]: (None, str(row.due_on))})
        return self._announce(proposal_id, department_id)

    def unassign(self, actor: Actor, proposal_id: int, department_id: int) -> Result[Proposal]:
        """Withdraw an assignment entered by mistake (not once the department replied)."""
        with self._step(actor, proposal_id) as (session, p):
            self._require_open(session, p, "撤销交办")
            row, name = self._assignment(session, p, department_id, "撤销交办")
            if row.replied_on is not None:
                self._refuse(session, p, f"“{name}”已答复，不能撤销交办")
            if row.role == AssignmentRole.LEAD and len(p.assignments) > 1:
                self._refuse(session, p, f"“{name}”是主办单位，须先撤销协办单位的交办")
            p.assignments.remove(row)
            self._log(session, actor, p, f"撤销对“{name}”的交办",
                      {LABELS["department_id"]: (f"{name}（{row.role.label}）", None)})
        return self._announce(proposal_id, department_id)

    def reply(self, actor: Actor, proposal_id: int, department_id: int, replied_on: Any,
              reply_class: ReplyClass | str, doc_no: str = "") -> Result[Proposal]:
        """答复: the department's reply letter with its result class (A/B/C …)."""
        with self._step(actor, proposal_id) as (session, p):
            self._require_open(session, p, "录入答复")
            row, name = self._assignment(session, p, department_id, "录入答复")
            if row.satisfaction is not None:
                self._refuse(session, p, f"“{name}”的答复已评价，如不满意请先重新办理")
            problems: list[FieldProblem] = []
            day = param_date(replied_on, "replied_on", LABELS["replied_on"], problems)
            cls = param_enum(ReplyClass, reply_class, "reply_class", LABELS["reply_class"],
                             problems)
            not_before(day, row.assigned_on, "replied_on", LABELS["replied_on"], "交办日期",
                       problems)
            self._raise(problems)
            assert cls is not None
            self._set(session, actor, p, row, {"replied_on": day, "reply_class": cls,
                                               "reply_doc_no": (doc_no or "").strip()[:60]},
                      f"录入“{name}”的答复（{cls.value}类）")
        return self._announce(proposal_id, department_id)

    def evaluate(self, actor: Actor, proposal_id: int, department_id: int,
                 satisfaction: Satisfaction | str, evaluated_on: Any, note: str = ""
                 ) -> Result[Proposal]:
        """The proposer's 满意 / 基本满意 / 不满意 on one department's reply."""
        with self._step(actor, proposal_id) as (session, p):
            self._require_open(session, p, "评价答复")
            row, name = self._assignment(session, p, department_id, "评价答复")
            if row.replied_on is None:
                self._refuse(session, p, f"“{name}”尚未答复，不能评价")
            problems: list[FieldProblem] = []
            value = param_enum(Satisfaction, satisfaction, "satisfaction",
                               LABELS["satisfaction"], problems)
            day = param_date(evaluated_on, "evaluated_on", LABELS["evaluated_on"], problems)
            not_before(day, row.replied_on, "evaluated_on", LABELS["evaluated_on"], "答复日期",
                       problems)
            self._raise(problems)
            assert value is not None
            self._set(session, actor, p, row, {"satisfaction": value, "evaluated_on": day,
                                               "evaluation_note": (note or "").strip()},
                      f"评价“{name}”的答复为“{value.label}”")
        return self._announce(proposal_id, department_id)

    def reopen_for_rehandling(self, actor: Actor, proposal_id: int, department_id: int
                              ) -> Result[Proposal]:
        """重新办理: clear the reply and evaluation of a reply the proposer found 不满意."""
        with self._step(actor, proposal_id) as (session, p):
            self._require_open(session, p, "重新办理")
            row, name = self._assignment(session, p, department_id, "重新办理")
            if row.satisfaction != Satisfaction.UNSATISFIED:
                self._refuse(session, p, f"“{name}”的答复未被评价为不满意，无需重新办理")
            self._set(session, actor, p, row, {
                "replied_on": None, "reply_class": None, "reply_doc_no": "",
                "satisfaction": None, "evaluated_on": None, "evaluation_note": ""},
                f"“{name}”重新办理")
        return self._announce(proposal_id, department_id)

    def close(self, actor: Actor, proposal_id: int, closed_on: Any) -> Result[Proposal]:
        """办结: every 主办/分办 department replied and the proposer evaluated each reply."""
        with self._step(actor, proposal_id) as (session, p):
            self._require_open(session, p, "办结")
            if not p.assignments:
                self._refuse(session, p, "尚未交办，不能办结")
            replying = [a for a in p.assignments if a.role in REPLYING]
            bad = [a for a in replying if a.satisfaction == Satisfaction.UNSATISFIED]
            if bad:
                self._refuse(session, p, f"{_dept_names(session, bad)}的答复被评价为不满意，"
                                         "应重新办理后再办结")
            pending = [a for a in replying if a.replied_on is None or a.satisfaction is None]
            if pending:
                self._refuse(session, p, f"{_dept_names(session, pending)}尚未答复或尚未评价，"
                                         "不能办结")
            problems: list[FieldProblem] = []
            day = param_date(closed_on, "closed_on", PROPOSAL.label_of("closed_on"), problems)
            latest = max((a.evaluated_on for a in replying if a.evaluated_on), default=None)
            not_before(day, latest, "closed_on", PROPOSAL.label_of("closed_on"), "评价日期",
                       problems)
            self._raise(problems)
            self._set(session, actor, p, p, {"closed_on": day}, "办结")
        return self._announce(proposal_id)

    def set_key(self, actor: Actor, proposal_id: int, is_key: bool,
                supervision_level: SupervisionLevel | str | None = None, supervisor: str = ""
                ) -> Result[Proposal]:
        """重点提案, with its supervision level and supervising leader."""
        with self._step(actor, proposal_id) as (session, p):
            self._require_accepted(session, p, "确定为重点提案" if is_key else "取消重点提案")
            problems: list[FieldProblem] = []
            level = None
            if is_key and supervision_level not in (None, ""):
                level = param_enum(SupervisionLevel, supervision_level, "supervision_level",
                                   PROPOSAL.label_of("supervision_level"), problems)
            self._raise(problems)
            self._set(session, actor, p, p, {
                "is_key": bool(is_key), "supervision_level": level,
                "supervisor": (supervisor or "").strip()[:200] if is_key else ""},
                "确定为重点提案" if is_key else "取消重点提案")
        return self._announce(proposal_id)

    def set_excellent(self, actor: Actor, proposal_id: int, is_excellent: bool = True
                      ) -> Result[Proposal]:
        with self._step(actor, proposal_id) as (session, p):
            self._require_accepted(session, p, "评为优秀提案")
            self._set(session, actor, p, p, {"is_excellent": bool(is_excellent)},
                      "评为优秀提案" if is_excellent else "取消优秀提案")
        return self._announce(proposal_id)

    def add_supervision(self, actor: Actor, proposal_id: int, level: SupervisionLevel | str,
                        supervised_on: Any, leader: str = "", form: str = "", notes: str = ""
                        ) -> Result[Proposal]:
        """督办: one visit, meeting or letter."""
        with self._step(actor, proposal_id) as (session, p):
            self._require_accepted(session, p, "登记督办")
            problems: list[FieldProblem] = []
            lvl = param_enum(SupervisionLevel, level, "level", LABELS["level"], problems)
            day = param_date(supervised_on, "supervised_on", LABELS["supervised_on"], problems)
            self._raise(problems)
            assert lvl is not None
            p.supervisions.append(SupervisionRecord(
                level=lvl, supervised_on=day, leader=(leader or "").strip(),
                form=(form or "").strip()[:20], notes=notes or ""))
            self._log(session, actor, p, f"登记{lvl.label}（{day}）",
                      {LABELS["supervised_on"]: (None, f"{day} {leader}".strip())})
        return self._announce(proposal_id)

    def add_instruction(self, actor: Actor, proposal_id: int, level: Any, leader: str,
                        instructed_on: Any, gist: str = "") -> Result[Proposal]:
        with self._step(actor, proposal_id) as (session, p):
            row = write_instruction(session, {"level": level, "leader": leader,
                                              "instructed_on": instructed_on, "gist": gist},
                                    proposal_id=proposal_id)
            self._log(session, actor, p, f"登记{row.leader or row.level.label}的批示",
                      {"批示日期": (None, str(row.instructed_on))})
        return self._announce(proposal_id)

    def delete_instruction(self, actor: Actor, instruction_id: int) -> Result[Proposal]:
        actor.require_write()
        with self.db.session() as session:
            row = session.get(Instruction, instruction_id)
            if row is None or row.proposal_id is None:
                raise NotFoundError(f"提案的领导批示（编号{instruction_id}）不存在。")
            p = self._get(session, row.proposal_id, include_deleted=True)
            session.delete(row)
            self._log(session, actor, p, "删除一条领导批示",
                      {"批示日期": (str(row.instructed_on), None)})
        return self._announce(p.id)

    def instructions(self, proposal_id: int) -> list[Instruction]:
        with self.db.reader() as session:
            return read_instructions(session, proposal_id=proposal_id)

    # ----- reads ---------------------------------------------------------------------
    def number_text(self, proposal: Proposal) -> str:
        """十届三次会议第005号"""
        with self.db.reader() as session:
            return number_text(session, proposal)

    def proposals_of_member(self, member_id: int) -> list[MemberProposal]:
        """Proposals the member led or co-signed, for the 履职档案 (deleted ones left out)."""
        cosigned = select(ProposalCosigner.proposal_id).where(
            ProposalCosigner.member_id == member_id)
        stmt = self.load(select(Proposal).where(
            Proposal.deleted_at.is_(None),
            or_(Proposal.lead_member_id == member_id, Proposal.id.in_(cosigned)),
        ).order_by(Proposal.submitted_on, Proposal.id))
        with self.db.reader() as session:
            depts = dict(session.execute(select(Department.id, Department.name)).all())
            out = []
            for p in session.scalars(stmt):
                lead = p.lead_member_id == member_id
                st = stage(p)
                out.append(MemberProposal(
                    p.id, number_text(session, p), p.title, "lead" if lead else "cosign",
                    "第一提案人" if lead else COSIGNERS, st, st.label,
                    tuple(depts.get(a.department_id, "") for a in p.assignments),
                    tuple(a.reply_class.value for a in p.assignments if a.reply_class)))
            return out

    # ----- plumbing ------------------------------------------------------------------
    @contextmanager
    def _step(self, actor: Actor, proposal_id: int) -> Iterator[tuple[Session, Proposal]]:
        actor.require_write()
        with self.db.session() as session:
            yield session, self._get(session, proposal_id)

    def _refuse(self, session: Session, p: Proposal, why: str) -> NoReturn:
        raise TransitionError(f"提案“{number_text(session, p)} {p.title}”当前为"
                              f"“{stage(p).label}”，{why}。")

    def _require_accepted(self, session: Session, p: Proposal, what: str) -> None:
        if p.review_status != ReviewStatus.ACCEPTED:
            self._refuse(session, p, f"只有立案的提案才能{what}")

    def _require_open(self, session: Session, p: Proposal, what: str) -> None:
        self._require_accepted(session, p, what)
        if p.closed_on is not None:
            self._refuse(session, p, f"已于{p.closed_on:%Y-%m-%d}办结，不能{what}")

    def _department(self, session: Session, department_id: Any, problems: list[FieldProblem]
                    ) -> Department | None:
        dept = session.get(Department, department_id) if department_id else None
        if dept is None or dept.deleted_at is not None:
            problems.append(FieldProblem("department_id", LABELS["department_id"], department_id,
                                         "所选承办单位不存在或已删除"))
            return None
        return dept

    def _assignment(self, session: Session, p: Proposal, department_id: int, what: str
                    ) -> tuple[ProposalAssignment, str]:
        dept = session.get(Department, department_id)
        name = dept.name if dept else f"编号{department_id}的单位"
        row = next((a for a in p.assignments if a.department_id == department_id), None)
        if row is None:
            self._refuse(session, p, f"尚未交办给“{name}”，不能{what}")
        return row, name

    def _set(self, session: Session, actor: Actor, p: Proposal, target: Any,
             values: dict[str, Any], what: str) -> None:
        label = PROPOSAL.label_of if target is p else LABELS.get
        diff = {(label(k) or k): (getattr(target, k), v) for k, v in values.items()
                if getattr(target, k) != v}
        for name, value in values.items():
            setattr(target, name, value)
        self._log(session, actor, p, what, diff)

    def _log(self, session: Session, actor: Actor, p: Proposal, what: str,
             diff: dict[str, tuple[Any, Any]]) -> None:
        touch(p)
        audit.record(session, actor, AuditAction.UPDATE, PROPOSAL, p.id,
                     f"提案“{number_text(session, p)} {p.title}”：{what}", diff)

    def _announce(self, proposal_id: int, department_id: int | None = None
                  ) -> Result[Proposal]:
        p = self.get(proposal_id, include_deleted=True)
        changes = Changes.of("proposals", [proposal_id])
        members = {c.member_id for c in p.cosigners} | {p.lead_member_id or 0}
        changes.add("members", *(members - {0}))
        if department_id is not None:
            changes.add("departments", department_id)
        publish(changes)
        return Result(p, changes)


def _proposer_rules(session: Session, values: dict[str, Any], current: Proposal | None,
                    cosigner_ids: list[int] | None) -> list[FieldProblem]:
    """个人: a lead, no cosigners; 联名: a lead and at least one cosigner; 集体: the proposer."""
    def get(name: str) -> Any:
        return values[name] if name in values else getattr(current, name, None)

    kind, lead = get("type"), get("lead_member_id")
    cos = cosigner_ids if cosigner_ids is not None else (
        [c.member_id for c in current.cosigners] if current else [])
    lead_label = PROPOSAL.label_of("lead_member_id")
    problems: list[FieldProblem] = []
    if kind in (ProposalType.INDIVIDUAL, ProposalType.JOINT) and not lead:
        problems.append(FieldProblem("lead_member_id", lead_label, lead,
                                     f"{kind.label}提案必须填写第一提案人"))
    if kind == ProposalType.INDIVIDUAL and cos:
        problems.append(FieldProblem("cosigner_ids", COSIGNERS, _names(session, cos),
                                     "个人提案不能有联名人；有联名人时请选择“联名”提案"))
    if kind == ProposalType.JOINT and not cos:
        problems.append(FieldProblem("cosigner_ids", COSIGNERS, "",
                                     "联名提案至少需要一位联名人"))
    if kind == ProposalType.COLLECTIVE and not get("collective_proposer"):
        problems.append(FieldProblem("collective_proposer",
                                     PROPOSAL.label_of("collective_proposer"), "",
                                     "集体提案必须填写提案单位"))
    if lead and lead in cos:
        problems.append(FieldProblem("cosigner_ids", COSIGNERS, _names(session, [lead]),
                                     "第一提案人不能同时作为联名人"))
    return problems


def _role_rule(session: Session, rows: list[ProposalAssignment], kind: AssignmentRole
               ) -> list[FieldProblem]:
    """Exactly one 主办 (协办/会办 after it), unless every department is 分办."""
    roles = {a.role for a in rows}
    lead = next((a for a in rows if a.role == AssignmentRole.LEAD), None)
    why = None
    if kind == AssignmentRole.SEPARATE and roles - {AssignmentRole.SEPARATE}:
        why = "已按主办、协办交办，不能再分办；分办时每个承办单位都应为分办"
    elif kind == AssignmentRole.LEAD and lead is not None:
        why = f"已有主办单位{_dept_names(session, [lead])}，一件提案只能有一个主办单位"
    elif kind == AssignmentRole.LEAD and AssignmentRole.SEPARATE in roles:
        why = "已按分办交办，不能再确定主办单位"
    elif kind in (AssignmentRole.ASSIST, AssignmentRole.JOINT) and lead is None:
        why = f"请先交办主办单位，再交办{kind.label}单位"
    return [FieldProblem("role", LABELS["role"], kind.label, why)] if why else []


def _dept_names(session: Session, rows: list[ProposalAssignment]) -> str:
    depts = [session.get(Department, a.department_id) for a in rows]
    return "、".join(f"“{d.name}”" for d in depts if d)


def _names(session: Session, ids: list[int]) -> str:
    found = dict(session.execute(select(Member.id, Member.name).where(Member.id.in_(ids))).all())
    return "、".join(found.get(i, f"委员{i}") for i in ids)
