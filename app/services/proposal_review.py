"""审查 of a proposal: 立案, 不予立案, 并案, 转意见建议, 撤案, or back to 待审查 (admin).

Registration itself (the record, its number and proposers) is ``ProposalService``'s.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import ReviewStatus
from app.domain.schema import PROPOSAL
from app.errors import FieldProblem
from app.models import Proposal
from app.services.common import not_before, param_date, param_enum
from app.services.context import Actor, Result
from app.services.proposal_rules import merge_target_problems, review_note_problems
from app.services.proposal_steps import ProposalSteps


class ProposalReview(ProposalSteps):
    """The 审查 step of ``ProposalService``."""

    # ----- 审查 ----------------------------------------------------------------------
    def review(self, actor: Actor, proposal_id: int, status: ReviewStatus | str,
               reviewed_on: Any, note: str = "", merged_into_id: int | None = None,
               *, version: int) -> Result[Proposal]:
        """审查: 立案 / 不予立案 / 并案 / 转意见建议 / 撤案; an admin may return it to 待审查."""
        with self._step(actor, proposal_id, version) as (session, p):
            self.review_in(session, actor, p, status, reviewed_on, note, merged_into_id)
        return self._announce(proposal_id)

    def review_in(self, session: Session, actor: Actor, p: Proposal, status: ReviewStatus | str,
                  reviewed_on: Any, note: str = "", merged_into_id: int | None = None) -> None:
        """``review`` inside the caller's transaction (the Excel import writes an imported
        proposal's 审查 this way): the checks, the change and its audit entry."""
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
