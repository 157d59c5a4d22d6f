"""The handling chain of a proposal: 审查, 交办, 答复, 评价, 重新办理, 办结, 重点, 督办, 批示.

``ProposalWorkflow`` is the half of ``ProposalService`` (see ``proposals``) whose steps change
a proposal only through these operations: each step checks the stage, writes in one
transaction, audits the proposal and announces it with its members (and department).
"""

from __future__ import annotations

from typing import Any, NoReturn

from sqlalchemy.orm import Session

from app.domain.enums import (
    AssignmentRole,
    AuditAction,
    ReplyClass,
    ReviewStatus,
    Satisfaction,
    SupervisionLevel,
)
from app.domain.schema import PROPOSAL, PROPOSAL_ASSIGNMENT, SUPERVISION
from app.errors import FieldProblem, TransitionError
from app.models import Department, Instruction, Proposal, ProposalAssignment, SupervisionRecord
from app.services import audit
from app.services.common import (
    WorkflowService,
    apply_values,
    not_before,
    param_date,
    param_enum,
)
from app.services.context import Actor, Changes, Result, publish
from app.services.proposal_rules import (
    ACCEPTED_ONLY,
    accepted_only,
    close_date_problems,
    close_refusal,
    merge_target_problems,
    not_replied,
    repeated_assignment,
    review_note_problems,
    role_problems,
)
from app.services.proposal_stage import add_months, stage

_ASSIGNED = PROPOSAL_ASSIGNMENT.label_of


class ProposalWorkflow(WorkflowService[Proposal]):
    """Workflow steps of ``ProposalService``; the record hooks (``describe`` …) are there."""

    instruction_key = "proposal_id"

    # ----- 审查 ----------------------------------------------------------------------
    def review(self, actor: Actor, proposal_id: int, status: ReviewStatus | str,
               reviewed_on: Any, note: str = "", merged_into_id: int | None = None,
               *, version: int) -> Result[Proposal]:
        """审查: 立案 / 不予立案 / 并案 / 转意见建议 / 撤案; an admin may return it to 待审查."""
        with self._step(actor, proposal_id, version) as (session, p):
            problems: list[FieldProblem] = []
            new = param_enum(ReviewStatus, status, "review_status",
                             PROPOSAL.label_of("review_status"), problems)
            self._raise(problems)
            assert new is not None
            if new == ReviewStatus.PENDING:
                actor.require_admin("把已审查的提案退回待审查")
                if p.review_status == ReviewStatus.PENDING:
                    self._refuse(p, "尚未审查，无需退回")
                if p.assignments or p.closed_on:
                    self._refuse(p, "已交办，须先撤销交办才能退回待审查")
                values: dict[str, Any] = {"review_status": new, "reviewed_on": None,
                                          "review_note": "", "merged_into_id": None}
            else:
                if p.review_status != ReviewStatus.PENDING:
                    self._refuse(p, "已审查，不能再次审查；如需更正，请由管理员先退回待审查")
                day = param_date(reviewed_on, "reviewed_on", PROPOSAL.label_of("reviewed_on"),
                                 problems)
                not_before(day, p.submitted_on, "reviewed_on", PROPOSAL.label_of("reviewed_on"),
                           "提交日期", problems)
                note = (note or "").strip()
                problems += review_note_problems(new, note)
                if new == ReviewStatus.MERGED:
                    problems += merge_target_problems(session, p.id, merged_into_id)
                self._raise(problems)
                values = {"review_status": new, "reviewed_on": day, "review_note": note,
                          "merged_into_id": merged_into_id if new == ReviewStatus.MERGED
                          else None}
            self._set(session, actor, p, p, values, f"审查为“{new.label}”")
        return self._announce(proposal_id)

    # ----- 交办, 答复, 评价, 重新办理 --------------------------------------------------
    def assign(self, actor: Actor, proposal_id: int, department_id: int,
               role: AssignmentRole | str, assigned_on: Any, due_on: Any = None,
               *, version: int) -> Result[Proposal]:
        """交办 to a department; the 办理期限 defaults to three months."""
        with self._step(actor, proposal_id, version) as (session, p):
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
        return self._announce(proposal_id, department_id)

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
            row, name = self._assignment(session, p, department_id, "录入答复")
            if row.satisfaction is not None:
                self._refuse(p, f"“{name}”的答复已评价，如不满意请先重新办理")
            problems: list[FieldProblem] = []
            day = param_date(replied_on, "replied_on", _ASSIGNED("replied_on"), problems)
            cls = param_enum(ReplyClass, reply_class, "reply_class", _ASSIGNED("reply_class"),
                             problems)
            not_before(day, row.assigned_on, "replied_on", _ASSIGNED("replied_on"), "交办日期",
                       problems)
            self._raise(problems)
            assert cls is not None
            self._set(session, actor, p, row, {"replied_on": day, "reply_class": cls,
                                               "reply_doc_no": (doc_no or "").strip()[:60]},
                      f"录入“{name}”的答复（{cls.value}类）")
        return self._announce(proposal_id, department_id)

    def evaluate(self, actor: Actor, proposal_id: int, department_id: int,
                 satisfaction: Satisfaction | str, evaluated_on: Any, note: str = "",
                 *, version: int) -> Result[Proposal]:
        """The proposer's 满意 / 基本满意 / 不满意 on one department's reply."""
        with self._step(actor, proposal_id, version) as (session, p):
            row, name = self._assignment(session, p, department_id, "评价答复")
            if row.replied_on is None:
                self._refuse(p, not_replied(name))
            problems: list[FieldProblem] = []
            value = param_enum(Satisfaction, satisfaction, "satisfaction",
                               _ASSIGNED("satisfaction"), problems)
            day = param_date(evaluated_on, "evaluated_on", _ASSIGNED("evaluated_on"), problems)
            not_before(day, row.replied_on, "evaluated_on", _ASSIGNED("evaluated_on"), "答复日期",
                       problems)
            self._raise(problems)
            assert value is not None
            self._set(session, actor, p, row, {"satisfaction": value, "evaluated_on": day,
                                               "evaluation_note": (note or "").strip()},
                      f"评价“{name}”的答复为“{value.label}”")
        return self._announce(proposal_id, department_id)

    def reopen_for_rehandling(self, actor: Actor, proposal_id: int, department_id: int,
                              *, version: int) -> Result[Proposal]:
        """重新办理: clear the reply and evaluation of a reply the proposer found 不满意."""
        with self._step(actor, proposal_id, version) as (session, p):
            row, name = self._assignment(session, p, department_id, "重新办理")
            if row.satisfaction != Satisfaction.UNSATISFIED:
                self._refuse(p, f"“{name}”的答复未被评价为不满意，无需重新办理")
            self._set(session, actor, p, row, {
                "replied_on": None, "reply_class": None, "reply_doc_no": "",
                "satisfaction": None, "evaluated_on": None, "evaluation_note": ""},
                f"“{name}”重新办理")
        return self._announce(proposal_id, department_id)

    # ----- 办结, 重点, 优秀, 督办 ------------------------------------------------------
    def close(self, actor: Actor, proposal_id: int, closed_on: Any,
              *, version: int) -> Result[Proposal]:
        """办结: every 主办/分办 department replied and the proposer evaluated each reply."""
        with self._step(actor, proposal_id, version) as (session, p):
            self._require_open(p, ACCEPTED_ONLY["closed_on"])
            refusal = close_refusal(session, p.assignments)
            if refusal:
                self._refuse(p, refusal)
            problems: list[FieldProblem] = []
            day = param_date(closed_on, "closed_on", PROPOSAL.label_of("closed_on"), problems)
            problems += close_date_problems(day, p.assignments)
            self._raise(problems)
            self._set(session, actor, p, p, {"closed_on": day}, "办结")
        return self._announce(proposal_id)

    def set_key(self, actor: Actor, proposal_id: int, is_key: bool,
                supervision_level: SupervisionLevel | str | None = None, supervisor: str = "",
                *, version: int) -> Result[Proposal]:
        """重点提案, with its supervision level and supervising leader."""
        with self._step(actor, proposal_id, version) as (session, p):
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
        return self._announce(proposal_id)

    def set_excellent(self, actor: Actor, proposal_id: int, is_excellent: bool = True,
                      *, version: int) -> Result[Proposal]:
        with self._step(actor, proposal_id, version) as (session, p):
            self._require_accepted(p, ACCEPTED_ONLY["is_excellent"])
            self._set(session, actor, p, p, {"is_excellent": bool(is_excellent)},
                      "评为优秀提案" if is_excellent else "取消优秀提案")
        return self._announce(proposal_id)

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
                                         self._refusal(p, accepted_only("登记督办"))))
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
        return self._add_instruction(actor, proposal_id, data,
                                     lambda p, row: f"登记{row.leader or row.level.label}的批示",
                                     version)

    def delete_instruction(self, actor: Actor, instruction_id: int,
                           *, version: int) -> Result[Proposal]:
        return self._delete_instruction(
            actor, instruction_id, f"提案的领导批示（编号{instruction_id}）不存在。",
            lambda p: "删除一条领导批示", action=AuditAction.UPDATE, include_deleted=True,
            version=version)

    def instructions(self, proposal_id: int) -> list[Instruction]:
        return self._instructions(proposal_id)

    # ----- plumbing ------------------------------------------------------------------
    def _refuse(self, p: Proposal, why: str) -> NoReturn:
        raise TransitionError(self._refusal(p, why))

    def _refusal(self, p: Proposal, why: str) -> str:
        return f"提案“{self.describe(p)}”当前为“{stage(p).label}”，{why}。"

    def _require_accepted(self, p: Proposal, what: str) -> None:
        if p.review_status != ReviewStatus.ACCEPTED:
            self._refuse(p, accepted_only(what))

    def _require_open(self, p: Proposal, what: str) -> None:
        self._require_accepted(p, what)
        if p.closed_on is not None:
            self._refuse(p, f"已于{p.closed_on:%Y-%m-%d}办结，不能{what}")

    @staticmethod
    def _department(session: Session, department_id: Any, problems: list[FieldProblem]
                    ) -> Department | None:
        dept = session.get(Department, department_id) if department_id else None
        if dept is None or dept.deleted_at is not None:
            problems.append(FieldProblem("department_id", _ASSIGNED("department_id"),
                                         department_id, "所选承办单位不存在或已删除"))
            return None
        return dept

    def _assignment(self, session: Session, p: Proposal, department_id: int, what: str
                    ) -> tuple[ProposalAssignment, str]:
        """The open proposal's assignment to the department (refused when there is none)."""
        self._require_open(p, what)
        dept = session.get(Department, department_id)
        name = dept.name if dept else f"编号{department_id}的单位"
        row = next((a for a in p.assignments if a.department_id == department_id), None)
        if row is None:
            self._refuse(p, f"尚未交办给“{name}”，不能{what}")
        return row, name

    def _set(self, session: Session, actor: Actor, p: Proposal, target: Any,
             values: dict[str, Any], what: str) -> None:
        """Set fields of the proposal or of one of its assignments, and audit the change."""
        label = PROPOSAL.label_of if target is p else _ASSIGNED
        diff = apply_values(target, values)
        self._log(session, actor, p, what, {label(k): change for k, change in diff.items()})

    def _log(self, session: Session, actor: Actor, p: Proposal, what: str, diff: audit.Diff,
             action: AuditAction = AuditAction.UPDATE) -> None:
        self.touch(p)
        audit.record(session, actor, action, PROPOSAL, p.id,
                     f"提案“{self.describe(p)}”：{what}", diff)

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
