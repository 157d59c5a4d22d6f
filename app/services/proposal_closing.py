"""评价 of the replies, 重新办理 of an unsatisfying one, 办结, and 优秀提案."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import Satisfaction
from app.domain.schema import PROPOSAL, PROPOSAL_ASSIGNMENT
from app.errors import FieldProblem
from app.models import Proposal
from app.services.common import not_before, param_date, param_enum
from app.services.context import Actor, Result
from app.services.proposal_rules import (
    ACCEPTED_ONLY,
    close_date_problems,
    close_refusal,
    not_replied,
)
from app.services.proposal_steps import ProposalSteps

_ASSIGNED = PROPOSAL_ASSIGNMENT.label_of


class ProposalClosing(ProposalSteps):
    """The 评价, 重新办理, 办结 and 优秀 steps of ``ProposalService``."""

    # ----- 评价, 重新办理 --------------------------------------------------------------
    def evaluate(self, actor: Actor, proposal_id: int, department_id: int,
                 satisfaction: Satisfaction | str, evaluated_on: Any, note: str = "",
                 *, version: int) -> Result[Proposal]:
        """The proposer's 满意 / 基本满意 / 不满意 on one department's reply."""
        with self._step(actor, proposal_id, version) as (session, p):
            self.evaluate_in(session, actor, p, department_id, satisfaction, evaluated_on, note)
        return self._announce(proposal_id, department_id)

    def evaluate_in(self, session: Session, actor: Actor, p: Proposal, department_id: int,
                    satisfaction: Satisfaction | str, evaluated_on: Any, note: str = "") -> None:
        """``evaluate`` inside the caller's transaction (and the Excel import's 评价)."""
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

    # ----- 办结, 优秀 ------------------------------------------------------------------
    def close(self, actor: Actor, proposal_id: int, closed_on: Any,
              *, version: int) -> Result[Proposal]:
        """办结: every 主办/分办 department replied and the proposer evaluated each reply."""
        with self._step(actor, proposal_id, version) as (session, p):
            self.close_in(session, actor, p, closed_on)
        return self._announce(proposal_id)

    def close_in(self, session: Session, actor: Actor, p: Proposal, closed_on: Any) -> None:
        """``close`` inside the caller's transaction (and the Excel import's 办结)."""
        self._require_open(p, ACCEPTED_ONLY["closed_on"])
        refusal = close_refusal(session, p.assignments)
        if refusal:
            self._refuse(p, refusal)
        problems: list[FieldProblem] = []
        day = param_date(closed_on, "closed_on", PROPOSAL.label_of("closed_on"), problems)
        problems += close_date_problems(day, p.assignments)
        self._raise(problems)
        self._set(session, actor, p, p, {"closed_on": day}, "办结")

    def set_excellent(self, actor: Actor, proposal_id: int, is_excellent: bool = True,
                      *, version: int) -> Result[Proposal]:
        with self._step(actor, proposal_id, version) as (session, p):
            self.set_excellent_in(session, actor, p, is_excellent)
        return self._announce(proposal_id)

    def set_excellent_in(self, session: Session, actor: Actor, p: Proposal,
                         is_excellent: bool = True) -> None:
        """``set_excellent`` inside the caller's transaction (and the Excel import's 优秀)."""
        self._require_accepted(p, ACCEPTED_ONLY["is_excellent"])
        self._set(session, actor, p, p, {"is_excellent": bool(is_excellent)},
                  "评为优秀提案" if is_excellent else "取消优秀提案")
