"""What every step of a proposal's handling chain shares (``ProposalSteps``).

The chain is split where the domain splits it: ``proposal_review`` (审查),
``proposal_handling`` (交办, 答复, 重点, 督办, 批示) and ``proposal_closing`` (评价, 重新办理,
办结, 优秀). Each step checks the stage, writes in one transaction, audits the proposal
and announces it with its members (and department) through the plumbing here.
"""

from __future__ import annotations

from typing import Any, NoReturn

from sqlalchemy.orm import Session

from app.domain.enums import AuditAction, ReviewStatus
from app.domain.schema import PROPOSAL, PROPOSAL_ASSIGNMENT
from app.errors import FieldProblem, TransitionError
from app.models import Department, Proposal, ProposalAssignment
from app.services import audit
from app.services.common import WorkflowService, apply_values
from app.services.context import Actor, Changes, Result, publish
from app.services.proposal_rules import accepted_only
from app.services.proposal_stage import stage

_ASSIGNED = PROPOSAL_ASSIGNMENT.label_of


class ProposalSteps(WorkflowService[Proposal]):
    """The plumbing of the proposal steps; the record hooks (``describe`` …) are in
    ``ProposalService``."""

    instruction_key = "proposal_id"

    def _refuse(self, p: Proposal, why: str) -> NoReturn:
        raise TransitionError(self.refusal(p, why))

    def refusal(self, p: Proposal, why: str) -> str:
        """The sentence a refused step says (the Excel import reports the same one)."""
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
