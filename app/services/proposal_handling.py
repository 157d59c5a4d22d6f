"""交办 and 答复 of a proposal, and what keeps a department at it: 重点提案, 督办, 领导批示."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import (
    AssignmentRole,
    AuditAction,
    ReplyClass,
    ReviewStatus,
    SupervisionLevel,
)
from app.domain.schema import PROPOSAL, PROPOSAL_ASSIGNMENT, SUPERVISION
from app.errors import FieldProblem
from app.models import Instruction, Proposal, ProposalAssignment, SupervisionRecord
from app.services import audit
from app.services.common import apply_values, not_before, param_date, param_enum
from app.services.context import Actor, Result
from app.services.proposal_rules import (
    ACCEPTED_ONLY,
    accepted_only,
    repeated_assignment,
    role_problems,
)
from app.services.proposal_stage import REPLYING, add_months
from app.services.proposal_steps import ProposalSteps

_ASSIGNED = PROPOSAL_ASSIGNMENT.label_of


class ProposalHandling(ProposalSteps):
    """The 交办, 撤销交办, 答复, 重点, 督办 and 批示 steps of ``ProposalService``."""

    # ----- 交办, 答复 ------------------------------------------------------------------
    def assign(self, actor: Actor, proposal_id: int, department_id: int,
               role: AssignmentRole | str, assigned_on: Any, due_on: Any = None,
               *, version: int) -> Result[Proposal]:
        """交办 to a department; the 办理期限 defaults to three months."""
        with self._step(actor, proposal_id, version) as (session, p):
            self.assign_in(session, actor, p, department_id, role, assigned_on, due_on)
        return self._announce(proposal_id, department_id)

    def assign_in(self, session: Session, actor: Actor, p: Proposal, department_id: int,
                  role: AssignmentRole | str, assigned_on: Any, due_on: Any = None
                  ) -> ProposalAssignment:
        """``assign`` inside the caller's transaction (and the Excel import's 交办)."""
        self._require_open(p, "交办")
        problems: list[FieldProblem] = []
        dept = self._department(session, department_id, problems)
        kind = param_enum(AssignmentRole, role, "role", _ASSIGNED("role"), problems)
        day = param_date(assigned_on, "assigned_on", _ASSIGNED("assigned_on"), problems)
        due = param_date(due_on, "due_on", _ASSIGNED("due_on"), problems, required=False)
        not_before(day, p.reviewed_on, "assigned_on", _ASSIGNED("assigned_on"), "立案日期",
                   problems)
        not_before(due, day, "due_on", _ASSIGNED("due_on"), "交办日期", problems)
        if dept is not None and any(a.department_id == dept.id for a in p.assignments):
            problems.append(FieldProblem("department_id", _ASSIGNED("department_id"),
                                         dept.name, repeated_assignment(dept.name)))
        if kind is not None:
            problems += role_problems(session, p.assignments, kind)
        self._raise(problems)
        assert dept is not None and kind is not None and day is not None
        row = ProposalAssignment(department_id=department_id, role=kind, assigned_on=day,
                                 due_on=due or add_months(day, 3))
        p.assignments.append(row)
        self._log(session, actor, p, f"交办“{dept.name}”{kind.label}",
                  {_ASSIGNED("department_id"): (None, f"{dept.name}（{kind.label}）"),
                   _ASSIGNED("due_on"): (None, str(row.due_on))})
        return row

    def unassign(self, actor: Actor, proposal_id: int, department_id: int,
                 *, version: int) -> Result[Proposal]:
        """Withdraw an assignment entered by mistake (not once the department replied)."""
        with self._step(actor, proposal_id, version) as (session, p):
            row, name = self._assignment(session, p, department_id, "撤销交办")
            if row.replied_on is not None:
                self._refuse(p, f"“{name}”已答复，不能撤销交办")
            if row.role == AssignmentRole.LEAD and len(p.assignments) > 1:
                self._refuse(p, f"“{name}”是主办单位，须先撤销协办单位的交办")
            p.assignments.remove(row)
            self._log(session, actor, p, f"撤销对“{name}”的交办",
                      {_ASSIGNED("department_id"): (f"{name}（{row.role.label}）", None)})
        return self._announce(proposal_id, department_id)

    def reply(self, actor: Actor, proposal_id: int, department_id: int, replied_on: Any,
              reply_class: ReplyClass | str, doc_no: str = "", *, version: int) -> Result[Proposal]:
        """答复: the department's reply letter with its result class (A/B/C …)."""
        with self._step(actor, proposal_id, version) as (session, p):
            self.reply_in(session, actor, p, department_id, replied_on, reply_class, doc_no)
        return self._announce(proposal_id, department_id)

    def reply_in(self, session: Session, actor: Actor, p: Proposal, department_id: int,
                 replied_on: Any, reply_class: ReplyClass | str, doc_no: str = "") -> None:
        """``reply`` inside the caller's transaction (and the Excel import's 答复)."""
        row, name = self._assignment(session, p, department_id, "录入答复")
        if row.satisfaction is not None:
            self._refuse(p, f"“{name}”的答复已评价，如不满意请先重新办理")
        problems: list[FieldProblem] = []
        day = param_date(replied_on, "replied_on", _ASSIGNED("replied_on"), problems)
        cls = None  # 协办 and 会办 units send an opinion, without a result class
        if reply_class not in (None, "") or row.role in REPLYING:
            cls = param_enum(ReplyClass, reply_class, "reply_class", _ASSIGNED("reply_class"),
                             problems)
        not_before(day, row.assigned_on, "replied_on", _ASSIGNED("replied_on"), "交办日期",
                   problems)
        self._raise(problems)
        self._set(session, actor, p, row, {"replied_on": day, "reply_class": cls,
                                           "reply_doc_no": (doc_no or "").strip()[:60]},
                  f"录入“{name}”的答复" + (f"（{cls.value}类）" if cls else ""))

    # ----- 重点, 督办 ------------------------------------------------------------------
    def set_key(self, actor: Actor, proposal_id: int, is_key: bool,
                supervision_level: SupervisionLevel | str | None = None, supervisor: str = "",
                *, version: int) -> Result[Proposal]:
        """重点提案, with its supervision level and supervising leader."""
        with self._step(actor, proposal_id, version) as (session, p):
            self.set_key_in(session, actor, p, is_key, supervision_level, supervisor)
        return self._announce(proposal_id)

    def set_key_in(self, session: Session, actor: Actor, p: Proposal, is_key: bool,
                   supervision_level: SupervisionLevel | str | None = None,
                   supervisor: str = "") -> None:
        """``set_key`` inside the caller's transaction (and the Excel import's 重点提案)."""
        self._require_accepted(p, ACCEPTED_ONLY["is_key"] if is_key else "取消重点提案")
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

    def add_supervision(self, actor: Actor, proposal_id: int, level: SupervisionLevel | str,
                        supervised_on: Any, leader: str = "", form: str = "", notes: str = "",
                        *, version: int) -> Result[Proposal]:
        """督办: one visit, meeting or letter."""
        with self._step(actor, proposal_id, version) as (session, p):
            self.supervise(session, actor, p, level, supervised_on, leader, form, notes)
        return self._announce(proposal_id)

    def supervise(self, session: Session, actor: Actor, p: Proposal,
                  level: SupervisionLevel | str, supervised_on: Any, leader: str = "",
                  form: str = "", notes: str = "") -> SupervisionRecord:
        """登记督办 inside the caller's transaction: ``add_supervision`` and the Excel import
        both write a supervision this way (the figure 督办提案 counts these records)."""
        self._require_accepted(p, "登记督办")
        self._raise(self.supervision_problems(p, level, supervised_on, leader, form))
        lvl, day = self._level_and_day(SUPERVISION, SupervisionLevel, level, "supervised_on",
                                       supervised_on)
        row = SupervisionRecord(level=lvl, supervised_on=day, leader=(leader or "").strip(),
                                form=(form or "").strip()[:20], notes=notes or "")
        p.supervisions.append(row)
        self._log(session, actor, p, f"登记{lvl.label}（{day}）",
                  {SUPERVISION.label_of("supervised_on"): (None, f"{day} {leader}".strip())})
        return row

    def supervision_problems(self, p: Proposal, level: Any, supervised_on: Any,
                             leader: str = "", form: str = "") -> list[FieldProblem]:
        """Every reason ``supervise`` would refuse this 督办, without writing (an import
        checks all its rows first): the proposal's stage, then the level, date, leader and
        form as the 登记督办 dialog validates them."""
        problems: list[FieldProblem] = []
        if p.review_status != ReviewStatus.ACCEPTED:
            problems.append(FieldProblem("proposal_id", PROPOSAL.label, self.describe(p),
                                         self.refusal(p, accepted_only("登记督办"))))
        param_enum(SupervisionLevel, level, "level", SUPERVISION.label_of("level"), problems)
        param_date(supervised_on, "supervised_on", SUPERVISION.label_of("supervised_on"),
                   problems)
        for name, value in (("leader", leader), ("form", form)):
            limit = SUPERVISION.fields[name].max_length
            if limit and len((value or "").strip()) > limit:
                problems.append(FieldProblem(name, SUPERVISION.label_of(name), value,
                                             f"不能超过{limit}个字"))
        return problems

    def revise_supervision(self, session: Session, actor: Actor, p: Proposal,
                           row: SupervisionRecord, form: str | None = None,
                           notes: str | None = None) -> audit.Diff:
        """Change the 督办方式 or 督办情况 of a recorded 督办, inside the caller's transaction
        (an import that finds the same 督办 again with more detail); audited on the
        proposal. Returns what changed (nothing: no write)."""
        values = {k: v.strip() for k, v in (("form", form), ("notes", notes)) if v is not None}
        diff = apply_values(row, values)
        if diff:
            self._log(session, actor, p, f"修改{SUPERVISION.label}（{row.supervised_on}）",
                      {SUPERVISION.label_of(k): change for k, change in diff.items()})
        return diff

    # ----- 领导批示 --------------------------------------------------------------------
    def add_instruction(self, actor: Actor, proposal_id: int, level: Any, leader: str,
                        instructed_on: Any, gist: str = "", *, version: int) -> Result[Proposal]:
        data = {"level": level, "leader": leader, "instructed_on": instructed_on, "gist": gist}
        return self._add_instruction(actor, proposal_id, data, version)

    def instruction_summary(self, obj: Proposal, row: Instruction) -> str:
        return f"登记{row.leader or row.level.label}的批示"

    def delete_instruction(self, actor: Actor, instruction_id: int,
                           *, version: int) -> Result[Proposal]:
        return self._delete_instruction(
            actor, instruction_id, f"提案的领导批示（编号{instruction_id}）不存在。",
            lambda p: "删除一条领导批示", action=AuditAction.UPDATE, include_deleted=True,
            version=version)

    def instructions(self, proposal_id: int) -> list[Instruction]:
        return self._instructions(proposal_id)

